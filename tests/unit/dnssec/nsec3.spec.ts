/**
 * RFC 5155 appendix A (hashes of the example zone: SHA-1, 12 iterations, salt aabbccdd) and appendix B (the
 * NSEC3 records each example response carries, with the zone's opt-out flag set).
 */
import { describe, expect, it } from 'vitest';
import { fromHex } from '$lib/bytes/encoding';
import { proveNodata, proveNxdomain, proveWildcardAnswer } from '$lib/dnssec/denial';
import { nameFromText } from '$lib/dnssec/names';
import { fromBase32Hex, nsec3Hash, toBase32Hex } from '$lib/dnssec/nsec3';
import { TYPE } from '$lib/dnssec/records';
import { at, crypto, records } from './helpers';

const name = (text: string) => nameFromText(text)!;
const ctx = at('2024-01-01T00:00:00Z');
const zone = name('example.');

// RFC 5155 appendix A, "The hashed owner names are" (H(x) for each name of the example zone).
const HASHES: [string, string][] = [
	['example.', '0p9mhaveqvm6t7vbl5lop2u3t2rp3tom'],
	['a.example.', '35mthgpgcu1qg68fab165klnsnk3dpvl'],
	['ai.example.', 'gjeqe526plbf1g8mklp59enfd789njgi'],
	['ns1.example.', '2t7b4g4vsa5smi47k61mv5bv1a22bojr'],
	['ns2.example.', 'q04jkcevqvmu85r014c7dkba38o0ji5r'],
	['w.example.', 'k8udemvp1j2f7eg6jebps17vp3n8i58h'],
	['*.w.example.', 'r53bq7cc2uvmubfu5ocmm6pers9tk9en'],
	['x.w.example.', 'b4um86eghhds6nea196smvmlo4ors995'],
	['y.w.example.', 'ji6neoaepv8b5o6k4ev33abha8ht9fgc'],
	['x.y.w.example.', '2vptu5timamqttgl4luu9kg21e0aor3s'],
	['xx.example.', 't644ebqk9bibcna874givr6joj62mlhv'],
	['2t7b4g4vsa5smi47k61mv5bv1a22bojr.example.', 'kohar7mbb8dc2ce8a9qvl8hon4k53uhi']
];

// The NSEC3 records RFC 5155 appendix B quotes (B.1 to B.6).
const N = {
	apex: '0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example. 3600 IN NSEC3 1 1 12 aabbccdd ( 2t7b4g4vsa5smi47k61mv5bv1a22bojr MX DNSKEY NS SOA NSEC3PARAM RRSIG )',
	ns1: '2t7b4g4vsa5smi47k61mv5bv1a22bojr.example. 3600 IN NSEC3 1 1 12 aabbccdd ( 2vptu5timamqttgl4luu9kg21e0aor3s A RRSIG )',
	a: '35mthgpgcu1qg68fab165klnsnk3dpvl.example. 3600 IN NSEC3 1 1 12 aabbccdd ( b4um86eghhds6nea196smvmlo4ors995 NS DS RRSIG )',
	xw: 'b4um86eghhds6nea196smvmlo4ors995.example. 3600 IN NSEC3 1 1 12 aabbccdd ( gjeqe526plbf1g8mklp59enfd789njgi MX RRSIG )',
	yw: 'ji6neoaepv8b5o6k4ev33abha8ht9fgc.example. 3600 IN NSEC3 1 1 12 aabbccdd ( k8udemvp1j2f7eg6jebps17vp3n8i58h )',
	w: 'k8udemvp1j2f7eg6jebps17vp3n8i58h.example. 3600 IN NSEC3 1 1 12 aabbccdd ( kohar7mbb8dc2ce8a9qvl8hon4k53uhi )',
	ns2: 'q04jkcevqvmu85r014c7dkba38o0ji5r.example. 3600 IN NSEC3 1 1 12 aabbccdd ( r53bq7cc2uvmubfu5ocmm6pers9tk9en A RRSIG )',
	wild: 'r53bq7cc2uvmubfu5ocmm6pers9tk9en.example. 3600 IN NSEC3 1 1 12 aabbccdd ( t644ebqk9bibcna874givr6joj62mlhv MX RRSIG )'
};
const set = (...lines: string[]) => records(lines.join('\n'));
const owners = (checks: { kind: string; by?: string; passed: boolean }[]) => checks.filter((c) => c.kind === 'denial' && c.passed).map((c) => c.by);

describe('RFC 5155 appendix A: NSEC3 hashes', () => {
	it.each(HASHES)('H(%s) = %s', async (owner, hash) => {
		expect(toBase32Hex(await nsec3Hash(crypto, name(owner), fromHex('aabbccdd'), 12))).toBe(hash);
	});
	it('hashes the canonical (lowercase) wire name, not the text', async () => {
		expect(toBase32Hex(await nsec3Hash(crypto, name('X.W.Example.'), fromHex('aabbccdd'), 12))).toBe('b4um86eghhds6nea196smvmlo4ors995');
	});
	it('base32hex round-trips', () => {
		expect(toBase32Hex(fromBase32Hex('0p9mhaveqvm6t7vbl5lop2u3t2rp3tom')!)).toBe('0p9mhaveqvm6t7vbl5lop2u3t2rp3tom');
	});
});

describe('RFC 5155 appendix B: proofs', () => {
	it('B.1 name error: a.c.x.w.example (encloser x.w.example, next closer and wildcard covered)', async () => {
		const v = await proveNxdomain({ qname: name('a.c.x.w.example.'), qtype: TYPE.A, zone }, set(N.apex, N.xw, N.a), ctx);
		expect(v.security).toBe('secure');
		expect(v.proof).toBe('nxdomain');
		expect(owners(v.checks)).toEqual(['b4um86eghhds6nea196smvmlo4ors995.example.', '0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example.', '35mthgpgcu1qg68fab165klnsnk3dpvl.example.']);
	});
	it('B.1 without the record covering the wildcard: bogus, no proof', async () => {
		const v = await proveNxdomain({ qname: name('a.c.x.w.example.'), qtype: TYPE.A, zone }, set(N.apex, N.xw), ctx);
		expect(v.security).toBe('bogus');
		expect(v.reason?.code).toBe('no-proof');
		expect(v.reason?.message['zh-CN']).toContain('无法证明');
	});
	it('B.2 no data: ns1.example MX', async () => {
		const v = await proveNodata({ qname: name('ns1.example.'), qtype: TYPE.MX, zone }, set(N.ns1), ctx);
		expect([v.security, v.proof]).toEqual(['secure', 'nodata']);
	});
	it('B.2 turned around: ns1.example A exists, so the same record proves nothing', async () => {
		expect((await proveNodata({ qname: name('ns1.example.'), qtype: TYPE.A, zone }, set(N.ns1), ctx)).security).toBe('bogus');
	});
	it('B.2.1 no data at an empty non-terminal: y.w.example A', async () => {
		const v = await proveNodata({ qname: name('y.w.example.'), qtype: TYPE.A, zone }, set(N.yw), ctx);
		expect([v.security, v.proof]).toEqual(['secure', 'nodata']);
	});
	it('B.3 referral to an unsigned zone under opt-out: no DS for c.example is insecure', async () => {
		const v = await proveNodata({ qname: name('c.example.'), qtype: TYPE.DS, zone }, set(N.a, N.apex), ctx);
		expect([v.security, v.proof]).toEqual(['insecure', 'opt-out']);
		expect(owners(v.checks)).toContain('35mthgpgcu1qg68fab165klnsnk3dpvl.example.');
	});
	it('B.4 wildcard expansion: a.z.w.example from *.w.example (labels 2), next closer z.w.example covered', async () => {
		const v = await proveWildcardAnswer({ qname: name('a.z.w.example.'), qtype: TYPE.MX, zone }, 2, set(N.ns2), ctx);
		expect([v.security, v.proof]).toEqual(['secure', 'wildcard-answer']);
		expect(owners(v.checks)).toEqual(['q04jkcevqvmu85r014c7dkba38o0ji5r.example.']);
	});
	it('B.5 wildcard no data: a.z.w.example AAAA', async () => {
		const v = await proveNodata({ qname: name('a.z.w.example.'), qtype: TYPE.AAAA, zone }, set(N.w, N.ns2, N.wild), ctx);
		expect([v.security, v.proof]).toEqual(['secure', 'wildcard-nodata']);
		expect(owners(v.checks)).toEqual(['k8udemvp1j2f7eg6jebps17vp3n8i58h.example.', 'q04jkcevqvmu85r014c7dkba38o0ji5r.example.', 'r53bq7cc2uvmubfu5ocmm6pers9tk9en.example.']);
	});
	it('B.5 asking for the type the wildcard has (MX) is not a no-data proof', async () => {
		expect((await proveNodata({ qname: name('a.z.w.example.'), qtype: TYPE.MX, zone }, set(N.w, N.ns2, N.wild), ctx)).security).toBe('bogus');
	});
	it('B.6 DS at the apex of the child zone: no data', async () => {
		const v = await proveNodata({ qname: name('example.'), qtype: TYPE.DS, zone }, set(N.apex), ctx);
		expect([v.security, v.proof]).toEqual(['secure', 'nodata']);
	});
	it('more iterations than RFC 9276 lets a validator do: insecure', async () => {
		const heavy = N.ns1.replace('1 1 12 aabbccdd', '1 1 500 aabbccdd');
		const v = await proveNodata({ qname: name('ns1.example.'), qtype: TYPE.MX, zone }, set(heavy), ctx);
		expect([v.security, v.reason?.code]).toEqual(['insecure', 'nsec3-iterations']);
	});
});
