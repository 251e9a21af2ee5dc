/**
 * Zones signed by real software, checked by our validator: every RRSIG must verify, the DS that the software
 * derives must match, and the NSEC/NSEC3 chains it builds must prove what is absent. With ldns-signzone
 * (Debian ldnsutils) and dnssec-signzone (bind9-utils) present, the zones are signed afresh in a temporary
 * directory; the fixtures/ copies (made the same way, WIREWALK_DNSSEC_FIXTURES=write) run everywhere else.
 * Test clock: 2030; signatures run 2024 to 2090 (under 68 years: RFC 1982 serial arithmetic wraps beyond).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toHex } from '$lib/bytes/encoding';
import { proveNodata, proveNxdomain, proveWildcardAnswer } from '$lib/dnssec/denial';
import { canonicalName, isSubdomain, nameFromText, nameLabels, nameToText, sameWireName, type WireName } from '$lib/dnssec/names';
import { parseRrsig, TYPE, type Rr } from '$lib/dnssec/records';
import { validateZoneKeys, verifyRrset } from '$lib/dnssec/validate';
import { at, records } from './helpers';

const ORIGIN = 'wirewalk.example.';
const apex = nameFromText(ORIGIN)!;
const n = (text: string) => nameFromText(text, apex)!;
const ctx = at('2030-01-01T00:00:00Z');
const FIXTURES = join(import.meta.dirname, 'fixtures');

// Mixed case on purpose: signers sign the lowercase form (RFC 4034 section 6.2), the validator must too.
const ZONE = `$ORIGIN ${ORIGIN}
$TTL 3600
@ SOA ns1 hostmaster 2024010101 7200 3600 1209600 3600
@ NS ns1
@ MX 10 Mail.Wirewalk.Example.
ns1 A 192.0.2.53
WWW A 192.0.2.80
www A 192.0.2.81
www AAAA 2001:db8::80
alias CNAME WWW
txt TXT "hello" "world"
*.wild TXT "from a wildcard"
a.b.ent A 192.0.2.1
unsigned NS ns.unsigned
ns.unsigned A 192.0.2.54
`;

interface Case {
	id: string;
	tool: 'ldns' | 'bind';
	algorithm: string;
	nsec3: boolean;
}

const CASES: Case[] = [
	{ id: 'ldns-rsasha256-nsec', tool: 'ldns', algorithm: 'RSASHA256', nsec3: false },
	{ id: 'ldns-rsasha512-nsec3', tool: 'ldns', algorithm: 'RSASHA512', nsec3: true },
	{ id: 'ldns-ecdsap256-nsec3', tool: 'ldns', algorithm: 'ECDSAP256SHA256', nsec3: true },
	{ id: 'ldns-ecdsap384-nsec', tool: 'ldns', algorithm: 'ECDSAP384SHA384', nsec3: false },
	{ id: 'ldns-ed25519-nsec', tool: 'ldns', algorithm: 'ED25519', nsec3: false },
	{ id: 'bind-ecdsap256-nsec3', tool: 'bind', algorithm: 'ECDSAP256SHA256', nsec3: true },
	{ id: 'bind-ed25519-nsec', tool: 'bind', algorithm: 'ED25519', nsec3: false },
	{ id: 'bind-rsasha256-nsec', tool: 'bind', algorithm: 'RSASHA256', nsec3: false }
];

const has = (binary: string) => ['/usr/bin', '/usr/sbin', '/bin'].some((dir) => existsSync(join(dir, binary)));
// WIREWALK_DNSSEC_FIXTURES=only checks the kept copies even where the signers are installed.
const live = process.env.WIREWALK_DNSSEC_FIXTURES !== 'only';
const canSign = { ldns: live && has('ldns-signzone') && has('ldns-keygen'), bind: live && has('dnssec-signzone') && has('dnssec-keygen') };
const temp = mkdtempSync(join(tmpdir(), 'wirewalk-dnssec-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** The signed zone and the DS records of its KSK, as the software wrote them. */
function sign(c: Case): string {
	const dir = mkdtempSync(join(temp, c.id));
	const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
	writeFileSync(join(dir, 'zone'), ZONE);
	const window = ['20240101000000', '20900101000000'];
	if (c.tool === 'ldns') {
		const bits = c.algorithm.startsWith('RSA') ? ['-b', '2048'] : [];
		const ksk = run('ldns-keygen', ['-a', c.algorithm, ...bits, '-k', ORIGIN]).trim();
		const zsk = run('ldns-keygen', ['-a', c.algorithm, ...bits, ORIGIN]).trim();
		const nsec3 = c.nsec3 ? ['-n', '-p', '-t', '5', '-s', 'c0ffee'] : [];
		run('ldns-signzone', ['-i', window[0]!, '-e', window[1]!, ...nsec3, '-f', 'signed', 'zone', ksk, zsk]);
		return readFileSync(join(dir, 'signed'), 'utf8') + run('ldns-key2ds', ['-n', '-2', `${ksk}.key`]);
	}
	const ksk = run('dnssec-keygen', ['-q', '-K', dir, '-a', c.algorithm, '-f', 'KSK', ORIGIN]).trim();
	run('dnssec-keygen', ['-q', '-K', dir, '-a', c.algorithm, ORIGIN]);
	const nsec3 = c.nsec3 ? ['-3', 'c0ffee', '-H', '5', '-A'] : [];
	run('dnssec-signzone', ['-q', '-K', dir, '-S', '-o', ORIGIN, '-s', window[0]!, '-e', window[1]!, ...nsec3, '-O', 'full', '-f', 'signed', 'zone']);
	return readFileSync(join(dir, 'signed'), 'utf8') + run('dnssec-dsfromkey', ['-2', `${ksk}.key`]);
}

function zoneText(c: Case): string | undefined {
	const fixture = join(FIXTURES, `${c.id}.zone`);
	if (canSign[c.tool]) {
		const signed = sign(c);
		if (process.env.WIREWALK_DNSSEC_FIXTURES === 'write') writeFileSync(fixture, signed);
		return signed;
	}
	return existsSync(fixture) ? readFileSync(fixture, 'utf8') : undefined;
}

const key = (rr: Rr) => `${toHex(canonicalName(rr.owner))}/${rr.type}`;
const ownerText = (owner: WireName) => nameToText(canonicalName(owner));

/** RRsets that the zone signs: all but the delegation NS and glue below a cut (RFC 4035 section 2.2). */
function signedRrsets(all: Rr[]): Rr[][] {
	const cuts = all.filter((r) => r.type === TYPE.NS && !sameWireName(r.owner, apex)).map((r) => r.owner);
	const groups = new Map<string, Rr[]>();
	for (const rr of all) {
		if (rr.type === TYPE.RRSIG) continue;
		const below = cuts.some((cut) => isSubdomain(rr.owner, cut) && !(sameWireName(rr.owner, cut) && (rr.type === TYPE.DS || rr.type === TYPE.NSEC)));
		if (below) continue;
		const k = key(rr);
		groups.set(k, [...(groups.get(k) ?? []), rr]);
	}
	return [...groups.values()];
}

/** 0x20-style case mixing (as resolvers do against spoofing): the signature must not care. */
const mixCase = (rr: Rr): Rr => ({ ...rr, owner: rr.owner.map((b, i) => (b >= 0x61 && b <= 0x7a && i % 2 ? b - 0x20 : b)) });

describe.each(CASES)('$id', (c) => {
	const text = zoneText(c);
	describe.skipIf(!text)(`signed by ${c.tool}`, () => {
		const all = text ? records(text) : [];
		const zoneRecords = all.filter((r) => r.type !== TYPE.DS || !sameWireName(r.owner, apex));
		const ds = all.filter((r) => r.type === TYPE.DS && sameWireName(r.owner, apex));
		const sigs = zoneRecords.filter((r) => r.type === TYPE.RRSIG);
		const dnskeys = zoneRecords.filter((r) => r.type === TYPE.DNSKEY);
		const denial = zoneRecords.filter((r) => r.type === TYPE.NSEC || r.type === TYPE.NSEC3);
		let keys: Rr[] = [];

		it("the DS the software derived matches a DNSKEY, and that key signs the DNSKEY set", async () => {
			expect(ds.length).toBeGreaterThan(0);
			const verdict = await validateZoneKeys(apex, ds, dnskeys, sigs, ctx);
			expect(verdict.reason?.message.en).toBeUndefined();
			expect(verdict.security).toBe('secure');
			expect(verdict.checks.some((ch) => ch.kind === 'ds' && ch.passed)).toBe(true);
			keys = verdict.keys;
		});

		it('every signed RRset verifies, also with mixed-case owners', async () => {
			const sets = signedRrsets(zoneRecords);
			expect(sets.length).toBeGreaterThan(8);
			for (const rrset of sets) {
				const verdict = await verifyRrset(rrset.map(mixCase), sigs, keys, ctx);
				expect([ownerText(rrset[0]!.owner), rrset[0]!.type, verdict.security]).toEqual([ownerText(rrset[0]!.owner), rrset[0]!.type, 'secure']);
			}
		});

		it('a record edited after signing is bogus; so is every RRset once the signatures expire', async () => {
			const www = zoneRecords.filter((r) => r.type === TYPE.A && sameWireName(r.owner, n('www')));
			const edited = www.map((r, i) => (i ? r : { ...r, rdata: new Uint8Array([192, 0, 2, 66]) }));
			expect((await verifyRrset(edited, sigs, keys, ctx)).reason?.code).toBe('signature-invalid');
			const late = await verifyRrset(www, sigs, keys, at('2090-01-02T00:00:00Z'));
			expect([late.security, late.reason?.code]).toEqual(['bogus', 'signature-expired']);
		});

		it('a wildcard answer verifies with the owner rebuilt from the labels field, and the proof holds', async () => {
			const source = zoneRecords.filter((r) => r.type === TYPE.TXT && sameWireName(r.owner, n('*.wild')));
			const synthesized = source.map((r) => ({ ...r, owner: n('foo.wild') }));
			const wildSig = sigs.filter((s) => sameWireName(s.owner, n('*.wild'))).map((s) => ({ ...s, owner: n('foo.wild') }));
			expect((await verifyRrset(synthesized, wildSig, keys, ctx)).security).toBe('secure');
			const labels = parseRrsig(wildSig[0]!.rdata)!.labels;
			expect(labels).toBe(nameLabels(n('foo.wild')).length - 1);
			const proof = await proveWildcardAnswer({ qname: n('foo.wild'), qtype: TYPE.TXT, zone: apex }, labels, denial, ctx);
			expect([proof.security, proof.proof]).toEqual(['secure', 'wildcard-answer']);
		});

		it('denial: NXDOMAIN, NODATA, empty non-terminal, wildcard NODATA', async () => {
			const q = (name: string, qtype: number) => ({ qname: n(name), qtype, zone: apex });
			expect((await proveNxdomain(q('nope', TYPE.A), denial, ctx)).proof).toBe('nxdomain');
			expect((await proveNxdomain(q('x.y.www', TYPE.A), denial, ctx)).proof).toBe('nxdomain');
			expect((await proveNodata(q('www', TYPE.MX), denial, ctx)).proof).toBe('nodata');
			expect((await proveNodata(q('b.ent', TYPE.A), denial, ctx)).proof).toBe('nodata');
			expect((await proveNodata(q('foo.wild', TYPE.A), denial, ctx)).proof).toBe('wildcard-nodata');
			// Existing data is not deniable.
			expect((await proveNxdomain(q('www', TYPE.A), denial, ctx)).security).toBe('bogus');
			expect((await proveNodata(q('www', TYPE.A), denial, ctx)).security).toBe('bogus');
			expect((await proveNodata(q('alias', TYPE.A), denial, ctx)).security).toBe('bogus');
		});

		it('an unsigned delegation: no DS proven at its name, or (BIND with -A) left out of an opt-out span', async () => {
			// ldns-signzone -p still gives the delegation its own NSEC3 (no DS bit); dnssec-signzone -A leaves it out.
			const v = await proveNodata({ qname: n('unsigned'), qtype: TYPE.DS, zone: apex }, denial, ctx);
			expect([v.security, v.proof]).toEqual(c.tool === 'bind' && c.nsec3 ? ['insecure', 'opt-out'] : ['secure', 'nodata']);
		});
	});
});

describe('fixtures', () => {
	it('one signed zone per case is kept for machines without the signers', () => {
		const present = existsSync(FIXTURES) ? readdirSync(FIXTURES) : [];
		expect(present.sort()).toEqual(CASES.map((c) => `${c.id}.zone`).sort());
	});
});
