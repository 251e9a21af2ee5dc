/**
 * The demo world is honest: (1) the signed zones in scripts/demo-world/signed are what ldns-signzone makes from
 * the zone files and keys, and static/demo/world.json is exactly what scripts/demo-world.js makes from them, so
 * nothing can drift apart; (2) each demo server answers like knotd serving the same zones (one knotd per demo
 * server on 127.54.0.x, port 5300): the same RCODE, AA and TC flags and records in every section, for every query
 * of every suggested walk and for a list of cases at each level (referrals, glue, DS at a cut, NXDOMAIN, NODATA,
 * empty non-terminals, REFUSED outside the served zones), with DO (RRSIGs, DS, NSEC and NSEC3 proofs) and
 * without, truncated and over TCP; (3) unbound, validating with the demo anchor over those knotds, reaches the
 * same DNSSEC verdict as the walk's chain validator.
 */
import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoRootHints, demoTransport, parseDemoWorld, type DemoWorld } from '$lib/dns/demo';
import { walk } from '$lib/dns/walk';
import { decodeMessage, encodeQuery, type DnsMessage } from '$lib/dns/wire';
import { typeCode } from '$lib/dnssec/presentation';
import { socketTransport } from '$lib/server/dns-socket';
import { DEMO_PORT, DEMO_SIGNED_DIR, DEMO_SIGNING, WORLD_FILE, readServers, sameSignedZone, signZones, startKnots } from '../../scripts/demo-world.js';
import { drainWalk, resolverVerdict } from './helpers';

const SCRIPT = fileURLToPath(new URL('../../scripts/demo-world.js', import.meta.url));

describe('scripts/demo-world/signed', () => {
	it('holds what ldns-signzone makes of the zone files and keys (ECDSA signatures aside: they are randomized)', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'wirewalk-sign-'));
		try {
			const signed = await signZones(dir);
			expect([...signed.keys()].sort()).toEqual(Object.keys(DEMO_SIGNING).sort());
			for (const [zone, text] of signed) {
				const file = path.join(DEMO_SIGNED_DIR, zone === '.' ? 'root.zone' : `${zone.replace(/\.$/, '')}.zone`);
				expect(sameSignedZone(readFileSync(file, 'utf8'), text), `${zone} is stale: run \`npm run demo-world\``).toBe(true);
			}
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	}, 60_000);

	it('tells a changed record from a new ECDSA signature', () => {
		const file = path.join(DEMO_SIGNED_DIR, 'tampered.demo.zone');
		const text = readFileSync(file, 'utf8');
		const resigned = text.replace(/(RRSIG\tA 13 .* tampered\.demo\. )(\S+)/, (_, head: string, sig: string) => head + [...sig].reverse().join(''));
		expect(resigned).not.toBe(text);
		expect(sameSignedZone(text, resigned)).toBe(true);
		expect(sameSignedZone(text, text.replace('203.0.113.99', '203.0.113.98'))).toBe(false);
	});
});

describe('static/demo/world.json', () => {
	it('is what the signed zones make, byte for byte (run `npm run demo-world` after changing a zone)', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'wirewalk-world-'));
		try {
			const out = path.join(dir, 'world.json');
			await promisify(execFile)(process.execPath, [SCRIPT, '--no-sign', '--out', out], { timeout: 60_000 });
			expect(readFileSync(out, 'utf8')).toBe(readFileSync(WORLD_FILE, 'utf8'));
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	}, 90_000);
});

const parsed = parseDemoWorld(JSON.parse(readFileSync(WORLD_FILE, 'utf8')));
if (!parsed.ok) throw new Error(parsed.error.message.en);
const world: DemoWorld = parsed.value;
/** Each demo server's knotd listens on its own loopback address; unbound on another. */
const servers = readServers().map((s, i) => ({ ...s, loopback: `127.54.0.${10 + i}` }));
const RESOLVER = { address: '127.54.0.2', port: DEMO_PORT };
const serverNamed = (name: string) => servers.find((s) => s.name === name) ?? expectNever(`no demo server ${name}`);
function expectNever(message: string): never {
	throw new Error(message);
}


/** Sends query bytes to a knotd over UDP (a connected socket) and returns the response bytes. Bounded. */
function knotExchange(address: string, query: Uint8Array, timeoutMs = 2000): Promise<Uint8Array> {
	return new Promise((resolve, reject) => {
		const socket = createSocket('udp4');
		const timer = setTimeout(() => done(new Error(`no answer from ${address}:${DEMO_PORT} in ${timeoutMs} ms`)), timeoutMs);
		const done = (error: Error | null, bytes?: Buffer) => {
			clearTimeout(timer);
			socket.close();
			if (error) reject(error);
			else resolve(new Uint8Array(bytes!));
		};
		socket.on('error', (error) => done(error));
		socket.on('message', (bytes) => bytes.readUInt16BE(0) === ((query[0]! << 8) | query[1]!) && done(null, bytes));
		socket.connect(DEMO_PORT, address, () => socket.send(query));
	});
}

/** knotd's response over TCP (what a client asks again after TC). */
async function knotExchangeTcp(address: string, query: Uint8Array): Promise<Uint8Array> {
	const result = await socketTransport().exchange({ address, port: DEMO_PORT }, query, { tcp: true, timeoutMs: 2000 });
	if (!result.ok) throw new Error(`no answer over TCP from ${address}:${DEMO_PORT}: ${result.error.message.en}`);
	return result.value.response;
}

/** What is compared: RCODE, AA, TC, DO echoed, and each section as a set of `name TTL type data`. */
function essence(m: DnsMessage) {
	const rows = (records: DnsMessage['answers']) => records.map((r) => `${r.name.toLowerCase()} ${r.ttl} ${r.type} ${r.text}`).sort();
	return { rcode: m.rcode, aa: m.flags.aa, tc: m.flags.tc, dnssecOk: m.edns?.dnssecOk, answer: rows(m.answers), authority: rows(m.authority), additional: rows(m.additional) };
}

async function compare(serverName: string, query: Uint8Array, tcp = false) {
	const server = serverNamed(serverName);
	const demo = await demoTransport(world).exchange({ address: server.address }, query, { tcp, timeoutMs: 1000 });
	if (!demo.ok) throw new Error(demo.error.message.en);
	const real = decodeMessage(tcp ? await knotExchangeTcp(server.loopback, query) : await knotExchange(server.loopback, query));
	if (!real.ok) throw new Error(real.error.message.en);
	expect(essence(demo.value.message)).toEqual(essence(real.value));
	return essence(real.value);
}

interface QueryOptions {
	dnssecOk?: boolean;
	edns?: boolean;
	/** The UDP payload size offered (1232 unless said). */
	payload?: number;
	/** Over TCP (no size limit but 64 KiB). */
	tcp?: boolean;
}

const query = (name: string, type: string, options: QueryOptions = {}) =>
	encodeQuery({
		name: name.replace(/\.$/, ''),
		typeCode: typeCode(type)!,
		id: 0x2a2a,
		recursionDesired: false,
		edns: options.edns === false ? null : { udpPayloadSize: options.payload ?? 1232, dnssecOk: options.dnssecOk ?? true }
	});

// After the regeneration above (it starts a knotd of its own, and only one such run may go at a time).
describe('against knotd', () => {
	let knots: { stop: () => Promise<void> } | undefined;
	beforeAll(async () => {
		knots = await startKnots(
			servers.map((s) => ({ label: s.name.replace(/\.$/, ''), address: s.loopback, zones: s.zones })),
			{ resolver: { address: RESOLVER.address } }
		);
	}, 60_000);
	afterAll(async () => {
		await knots?.stop();
	});

	describe('every query of every suggested walk gets the answer knotd gives', () => {
		for (const s of world.suggestions) {
			it(`${s.name} ${s.type}`, async () => {
				// with the chain of trust, so the DNSKEY queries after the walk are compared too
				const queries: { server: string; query: Uint8Array }[] = [];
				const transport = demoTransport(world);
				const byAddress = new Map(servers.map((x) => [x.address, x.name]));
				const recording = {
					exchange: (server: { address: string }, q: Uint8Array, options: { tcp: boolean; timeoutMs: number }) => {
						queries.push({ server: byAddress.get(server.address)!, query: q });
						return transport.exchange(server, q, options);
					}
				};
				const walking = walk({ mode: 'direct', name: s.name, type: typeCode(s.type)!, transport: recording, rootHints: demoRootHints(world), dnssec: { anchors: world.trustAnchors } });
				const { events } = await drainWalk(walking);
				expect(events.filter((e) => e.type === 'hop').length).toBeGreaterThan(1);
				const asked = (q: Uint8Array) => {
					const m = decodeMessage(q);
					return m.ok ? m.value.questions[0]?.type : undefined;
				};
				expect(queries.some(({ query: q }) => asked(q) === 48)).toBe(true);
				for (const { server, query: q } of queries) await compare(server, q);
			});
		}
	});

	/** [server, name, type, what it shows, options]; with DO unless said. */
	const CASES: [string, string, string, string, QueryOptions?][] = [
		['a.root.demo.', 'shop.demo.', 'A', 'root: referral to demo. with glue, DS and its RRSIG'],
		['b.root.demo.', '.', 'NS', 'root: its own NS (signed), addresses from below the demo. cut (glue, unsigned)'],
		['a.root.demo.', '.', 'SOA', 'root: SOA'],
		['a.root.demo.', '.', 'DNSKEY', 'root: DNSKEY, signed by the KSK'],
		['a.root.demo.', 'nope.', 'A', 'root: NXDOMAIN, NSEC'],
		['a.root.demo.', 'demo.', 'DS', 'root: DS at a cut, signed, answered by the parent'],
		['a.root.demo.', 'demo.', 'NSEC', 'root: an NSEC record asked for'],
		['ns1.nic.demo.', 'shop.demo.', 'A', 'NSEC3 zone: referral with glue and DS'],
		['ns1.nic.demo.', 'shop.demo.', 'DS', 'NSEC3 zone: DS at a cut, answered by the parent'],
		['ns1.nic.demo.', 'shop.demo.', 'NS', 'NSEC3 zone: NS at a cut is a referral'],
		['ns2.nic.demo.', 'www.glueless.demo.', 'A', 'NSEC3 zone: referral without glue, no DS: the NSEC3 that proves it'],
		['ns2.nic.demo.', 'www.lame.demo.', 'A', 'NSEC3 zone: referral with glue, no DS: the NSEC3 that proves it'],
		['ns1.nic.demo.', 'glueless.demo.', 'DS', 'NSEC3 zone: no DS at an unsigned cut, NODATA'],
		['ns1.nic.demo.', 'ns1.shop.demo.', 'A', 'NSEC3 zone: glue below a cut is no answer'],
		['ns1.nic.demo.', 'nothing.demo.', 'A', 'NSEC3 zone: NXDOMAIN, SOA TTL capped by its minimum, closest encloser proof'],
		['ns1.nic.demo.', 'a.b.nothing.demo.', 'A', 'NSEC3 zone: NXDOMAIN three labels down (the next closer name)'],
		['ns1.nic.demo.', 'x.nic.demo.', 'A', 'NSEC3 zone: NXDOMAIN below an empty non-terminal'],
		['ns1.nic.demo.', 'nic.demo.', 'A', 'NSEC3 zone: NODATA at an empty non-terminal'],
		['ns1.nic.demo.', 'ns1.nic.demo.', 'AAAA', 'NSEC3 zone: NODATA'],
		['ns1.nic.demo.', '73i8c3q74bddfieorf57mg2867sbu8g3.demo.', 'NSEC3', 'NSEC3 zone: a hashed owner is no name (it is the apex\'s hash)'],
		['ns1.nic.demo.', 'demo.', 'DNSKEY', 'NSEC3 zone: DNSKEY'],
		['ns1.nic.demo.', 'demo.', 'NSEC3PARAM', 'NSEC3 zone: NSEC3PARAM'],
		['ns1.nic.demo.', 'a.root.demo.', 'A', 'NSEC3 zone: authoritative data'],
		['ns1.nic.demo.', 'shop.demo.', 'A', 'without DO: no DS', { dnssecOk: false }],
		['ns2.nic.demo.', 'www.lame.demo.', 'A', 'without DO: no NSEC3', { dnssecOk: false }],
		['ns1.nic.demo.', 'nothing.demo.', 'A', 'without DO: NXDOMAIN with the SOA only', { dnssecOk: false }],
		['ns1.nic.demo.', 'www.lame.demo.', 'A', 'without EDNS', { edns: false }],
		['ns1.lame.demo.', 'www.lame.demo.', 'A', 'lame: REFUSED'],
		['ns2.lame.demo.', 'www.lame.demo.', 'A', 'unsigned zone: no RRSIG even with DO'],
		['ns1.hosting.example.', 'nope.glueless.demo.', 'A', 'unsigned zone: NXDOMAIN without proof'],
		['ns1.shop.demo.', 'edge.cdn.example.', 'A', 'REFUSED outside the served zones'],
		['ns1.shop.demo.', 'shop.demo.', 'DS', 'child apex: no DS here, NSEC'],
		['ns1.shop.demo.', 'shop.demo.', 'DNSKEY', 'child apex: DNSKEY (Ed25519)'],
		['ns1.shop.demo.', 'shop.demo.', 'DNSKEY', 'without DO: DNSKEY without RRSIG', { dnssecOk: false }],
		['ns1.shop.demo.', 'shop.demo.', 'NS', 'child apex: NS with its address, both signed'],
		['ns1.shop.demo.', 'shop.demo.', 'MX', 'MX with its address, both signed'],
		['ns1.shop.demo.', 'store.shop.demo.', 'A', 'CNAME inside the zone, followed, each RRset signed'],
		['ns1.shop.demo.', 'store.shop.demo.', 'MX', 'CNAME inside the zone, then MX with its address'],
		['ns1.shop.demo.', 'www.shop.demo.', 'CNAME', 'the CNAME itself'],
		['ns1.shop.demo.', 'www.shop.demo.', 'AAAA', 'CNAME out of the zone'],
		['ns1.shop.demo.', 'shop.demo.', 'TXT', 'TXT'],
		['ns1.shop.demo.', 'nope.shop.demo.', 'A', 'NSEC zone: NXDOMAIN, the NSEC covering the name and the one covering the wildcard'],
		['ns1.shop.demo.', 'a.mail.shop.demo.', 'A', 'NSEC zone: NXDOMAIN below an existing name'],
		['ns1.shop.demo.', 'mail.shop.demo.', 'AAAA', 'NSEC zone: NODATA, the name\'s own NSEC'],
		['ns1.tampered.demo.', 'www.tampered.demo.', 'A', 'the record edited after signing, with its stale RRSIG'],
		['ns1.nic.example.', 'hosting.example.', 'A', 'NSEC zone: empty non-terminal, NODATA, the covering NSEC'],
		['ns1.nic.example.', 'ns1.hosting.example.', 'A', 'a glueless name server\'s address'],
		['ns1.nic.example.', 'edge.cdn.example.', 'A', 'NSEC zone: referral with DS'],
		['ns1.nic.example.', 'nope.example.', 'A', 'NSEC zone: NXDOMAIN'],
		['ns1.cdn.example.', 'edge.cdn.example.', 'AAAA', 'IPv6'],
		['ns1.nic.test.', 'www.hello.test.', 'A', 'RSA zone: referral with DS'],
		['ns1.nic.test.', 'test.', 'DNSKEY', 'RSA zone: DNSKEY'],
		['ns1.nic.test.', 'nope.test.', 'A', 'RSA zone: NXDOMAIN'],
		['ns1.nic.test.', 'test.', 'DNSKEY', 'too big for 512 bytes: truncated, nothing in it', { payload: 512 }],
		['ns1.nic.test.', 'test.', 'DNSKEY', 'without EDNS: truncated', { edns: false }],
		['ns1.nic.test.', 'nope.test.', 'A', 'NXDOMAIN in 512 bytes: truncated after the records that fit (names compressed)', { payload: 512 }],
		['ns1.nic.demo.', 'nothing.demo.', 'A', 'NSEC3 NXDOMAIN in 512 bytes: truncated', { payload: 512 }],
		['ns1.nic.example.', 'nope.example.', 'A', 'NSEC NXDOMAIN in 512 bytes: truncated', { payload: 512 }],
		['ns1.nic.test.', 'test.', 'NS', 'RSA apex NS in 512 bytes: the address fits, its RRSIG is left out, no TC', { payload: 512 }],
		['a.root.demo.', 'shop.demo.', 'A', 'referral in 512 bytes: fits', { payload: 512 }],
		['ns1.shop.demo.', 'shop.demo.', 'MX', 'MX in 512 bytes: fits', { payload: 512 }],
		['ns1.nic.test.', 'www.hello.test.', 'A', 'referral from an RSA zone in 512 bytes: fits', { payload: 512 }],
		['ns1.nic.test.', 'test.', 'DNSKEY', 'over TCP: all of it', { payload: 512, tcp: true }],
		['ns1.nic.test.', 'nope.test.', 'A', 'over TCP: all of it', { payload: 512, tcp: true }],
		['ns1.nic.arpa.', 'in-addr.arpa.', 'PTR', 'reverse: empty non-terminal'],
		['ns1.nic.arpa.', '11.113.0.203.in-addr.arpa.', 'PTR', 'reverse: NXDOMAIN']
	];

	describe('each demo server answers what knotd answers', () => {
		for (const [server, name, type, about, options] of CASES) {
			it(`${about}: ${name} ${type} at ${server}`, async () => {
				await compare(server, query(name, type, options), options?.tcp);
			});
		}

		it('the cases do show what they say (spot checks on knotd\'s side)', async () => {
			const types = (rows: string[]) => rows.map((r) => Number(r.split(' ')[2])).sort((a, b) => a - b);
			expect(await compare('ns1.lame.demo.', query('www.lame.demo.', 'A'))).toMatchObject({ rcode: 5, aa: false });
			const nx = await compare('ns1.nic.demo.', query('nothing.demo.', 'A'));
			expect(nx).toMatchObject({ rcode: 3, aa: true, authority: expect.arrayContaining([expect.stringMatching(/^demo\. 900 6 /), expect.stringMatching(/^demo\. 900 46 SOA /)]) });
			expect(types(nx.authority)).toEqual([6, 46, 46, 46, 50, 50]);
			expect(types((await compare('ns1.shop.demo.', query('nope.shop.demo.', 'A'))).authority)).toEqual([6, 46, 46, 46, 47, 47]);
			expect(await compare('ns1.nic.demo.', query('shop.demo.', 'DS'))).toMatchObject({ rcode: 0, aa: true, answer: [expect.stringMatching(/^shop\.demo\. 3600 43 \d+ 15 2 /), expect.stringMatching(/^shop\.demo\. 3600 46 DS 13 /)] });
			expect(types((await compare('ns2.nic.demo.', query('www.lame.demo.', 'A'))).authority)).toEqual([2, 2, 46, 50]);
			expect(await compare('ns1.nic.example.', query('hosting.example.', 'A'))).toMatchObject({ rcode: 0, aa: true, answer: [] });
			expect(await compare('ns1.nic.test.', query('test.', 'DNSKEY', { payload: 512 }))).toMatchObject({ tc: true, answer: [] });
			expect(types((await compare('ns1.nic.test.', query('test.', 'DNSKEY'))).answer)).toEqual([46, 48, 48]);
			const small = await compare('ns1.nic.test.', query('test.', 'NS', { payload: 512 }));
			expect([small.tc, types(small.answer), types(small.additional)]).toEqual([false, [2, 46], [1]]);
			const partial = await compare('ns1.nic.test.', query('nope.test.', 'A', { payload: 512 }));
			expect([partial.tc, partial.authority.length > 0, partial.authority.length < 6]).toEqual([true, true, true]);
		});
	});

	describe('unbound, validating with the demo anchor over these knotds, gives the walk\'s verdict', () => {
		const NAMES: [string, string][] = [
			...world.suggestions.map((s): [string, string] => [s.name, s.type]),
			['nothing.demo.', 'A'],
			['nic.demo.', 'A'],
			['hosting.example.', 'A'],
			['nope.', 'A'],
			['ns1.tampered.demo.', 'A']
		];
		it.each(NAMES)('%s %s', async (name, type) => {
			const code = typeCode(type)!;
			const [unbound, walked] = await Promise.all([
				resolverVerdict(RESOLVER, name, code),
				drainWalk(walk({ mode: 'direct', name, type: code, transport: demoTransport(world), rootHints: demoRootHints(world), dnssec: { anchors: world.trustAnchors } }))
			]);
			const chain = walked.outcome.dnssec!;
			expect(chain.security, `${name} ${type}: ${chain.reason?.message.en}`).toBe(unbound.security);
			// DNSSEC Bogus (RFC 8914 info code 6): a signature that does not verify
			if (unbound.security === 'bogus') expect([unbound.ede, chain.reason?.code]).toEqual([6, 'signature-invalid']);
			else expect(unbound.message.rcode).toBe(walked.outcome.rcode);
		});

		it('sees every verdict there is: secure, insecure and bogus', async () => {
			const verdicts = await Promise.all(
				(
					[
						['shop.demo.', 1],
						['www.glueless.demo.', 1],
						['www.tampered.demo.', 1]
					] as const
				).map(([name, type]) => resolverVerdict(RESOLVER, name, type))
			);
			expect(verdicts.map((v) => v.security)).toEqual(['secure', 'insecure', 'bogus']);
		});
	});
});
