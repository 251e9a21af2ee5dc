/**
 * The demo world is honest: (1) static/demo/world.json is exactly what scripts/demo-world.js makes from the zone
 * files, so the two cannot drift apart; (2) each demo server answers like knotd serving the same zones (one knotd
 * per demo server on 127.54.0.x, port 5300): the same RCODE, AA flag and records in every section, for every
 * query of every suggested walk and for a list of cases at each level (referrals, glue, DS at a cut, NXDOMAIN,
 * NODATA, empty non-terminals, REFUSED outside the served zones).
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
import { recordTypeByName } from '$lib/dns/types';
import { walk, type Hop } from '$lib/dns/walk';
import { decodeMessage, encodeQuery, type DnsMessage } from '$lib/dns/wire';
import { DEMO_PORT, WORLD_FILE, readServers, startKnots } from '../../scripts/demo-world.js';

const SCRIPT = fileURLToPath(new URL('../../scripts/demo-world.js', import.meta.url));

describe('static/demo/world.json', () => {
	it('is what the zone files make, byte for byte (run `npm run demo-world` after changing them)', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'wirewalk-world-'));
		try {
			const out = path.join(dir, 'world.json');
			await promisify(execFile)(process.execPath, [SCRIPT, '--out', out], { timeout: 60_000 });
			expect(readFileSync(out, 'utf8')).toBe(readFileSync(WORLD_FILE, 'utf8'));
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	}, 90_000);
});

const parsed = parseDemoWorld(JSON.parse(readFileSync(WORLD_FILE, 'utf8')));
if (!parsed.ok) throw new Error(parsed.error.message.en);
const world: DemoWorld = parsed.value;
/** Each demo server's knotd listens on its own loopback address. */
const servers = readServers().map((s, i) => ({ ...s, loopback: `127.54.0.${10 + i}` }));
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

/** What is compared: RCODE, AA, DO echoed, and each section as a set of `name TTL type data`. */
function essence(m: DnsMessage) {
	const rows = (records: DnsMessage['answers']) => records.map((r) => `${r.name.toLowerCase()} ${r.ttl} ${r.type} ${r.text}`).sort();
	return { rcode: m.rcode, aa: m.flags.aa, dnssecOk: m.edns?.dnssecOk, answer: rows(m.answers), authority: rows(m.authority), additional: rows(m.additional) };
}

async function compare(serverName: string, query: Uint8Array) {
	const server = serverNamed(serverName);
	const demo = await demoTransport(world).exchange({ address: server.address }, query, { tcp: false, timeoutMs: 1000 });
	if (!demo.ok) throw new Error(demo.error.message.en);
	const real = decodeMessage(await knotExchange(server.loopback, query));
	if (!real.ok) throw new Error(real.error.message.en);
	expect(essence(demo.value.message)).toEqual(essence(real.value));
	return essence(real.value);
}

const query = (name: string, type: string, options: { dnssecOk?: boolean; edns?: boolean } = {}) =>
	encodeQuery({
		name: name.replace(/\.$/, ''),
		typeCode: recordTypeByName(type)!.code,
		id: 0x2a2a,
		recursionDesired: false,
		edns: options.edns === false ? null : { udpPayloadSize: 1232, dnssecOk: options.dnssecOk ?? true }
	});

// After the regeneration above (it starts a knotd of its own, and only one such run may go at a time).
describe('against knotd', () => {
	let knots: { stop: () => Promise<void> } | undefined;
	beforeAll(async () => {
		knots = await startKnots(servers.map((s) => ({ label: s.name.replace(/\.$/, ''), address: s.loopback, zones: s.zones })));
	}, 60_000);
	afterAll(async () => {
		await knots?.stop();
	});

	describe('every query of every suggested walk gets the answer knotd gives', () => {
		for (const s of world.suggestions) {
			it(`${s.name} ${s.type}`, async () => {
				const walking = walk({ mode: 'direct', name: s.name, type: recordTypeByName(s.type)!.code, transport: demoTransport(world), rootHints: demoRootHints(world) });
				const hops: Hop[] = [];
				for (let step = await walking.next(); !step.done; step = await walking.next()) if (step.value.type === 'hop') hops.push(step.value);
				expect(hops.length).toBeGreaterThan(1);
				for (const hop of hops) await compare(hop.server.name!, hop.query!);
			});
		}
	});

	/** [server, name, type, what it shows, options]. */
	const CASES: [string, string, string, string, { dnssecOk?: boolean; edns?: boolean }?][] = [
		['a.root.demo.', 'shop.demo.', 'A', 'root: referral to demo. with glue'],
		['b.root.demo.', '.', 'NS', 'root: its own NS, addresses from below the demo. cut'],
		['a.root.demo.', '.', 'SOA', 'root: SOA'],
		['a.root.demo.', 'nope.', 'A', 'root: NXDOMAIN'],
		['a.root.demo.', 'demo.', 'DS', 'root: DS at a cut with none: NODATA from the parent'],
		['ns1.nic.demo.', 'shop.demo.', 'A', 'TLD: referral with glue (no DS: the zone is not signed)'],
		['ns1.nic.demo.', 'shop.demo.', 'DS', 'TLD: DS at a cut, answered by the parent'],
		['ns1.nic.demo.', 'shop.demo.', 'NS', 'TLD: NS at a cut is a referral'],
		['ns2.nic.demo.', 'www.glueless.demo.', 'A', 'TLD: referral without glue'],
		['ns1.nic.demo.', 'ns1.shop.demo.', 'A', 'TLD: glue below a cut is no answer'],
		['ns1.nic.demo.', 'nothing.demo.', 'A', 'TLD: NXDOMAIN, SOA TTL capped by its minimum'],
		['ns1.nic.demo.', 'a.root.demo.', 'A', 'TLD: authoritative data'],
		['ns1.nic.demo.', 'shop.demo.', 'A', 'TLD: without DO', { dnssecOk: false }],
		['ns1.nic.demo.', 'www.lame.demo.', 'A', 'TLD: without EDNS', { edns: false }],
		['ns1.lame.demo.', 'www.lame.demo.', 'A', 'lame: REFUSED'],
		['ns1.shop.demo.', 'edge.cdn.example.', 'A', 'REFUSED outside the served zones'],
		['ns1.shop.demo.', 'shop.demo.', 'DS', 'child apex: no DS here'],
		['ns1.shop.demo.', 'shop.demo.', 'DNSKEY', 'child apex: DNSKEY'],
		['ns1.shop.demo.', 'shop.demo.', 'NS', 'child apex: NS with its address'],
		['ns1.shop.demo.', 'store.shop.demo.', 'A', 'CNAME inside the zone, followed'],
		['ns1.shop.demo.', 'store.shop.demo.', 'MX', 'CNAME inside the zone, then MX with its address'],
		['ns1.shop.demo.', 'www.shop.demo.', 'CNAME', 'the CNAME itself'],
		['ns1.shop.demo.', 'www.shop.demo.', 'AAAA', 'CNAME out of the zone'],
		['ns1.shop.demo.', 'shop.demo.', 'TXT', 'TXT'],
		['ns1.nic.example.', 'hosting.example.', 'A', 'empty non-terminal: NODATA'],
		['ns1.nic.example.', 'ns1.hosting.example.', 'A', 'a glueless name server\'s address'],
		['ns1.cdn.example.', 'edge.cdn.example.', 'AAAA', 'IPv6'],
		['ns1.nic.arpa.', 'in-addr.arpa.', 'PTR', 'reverse: empty non-terminal'],
		['ns1.nic.arpa.', '11.113.0.203.in-addr.arpa.', 'PTR', 'reverse: NXDOMAIN']
	];

	describe('each demo server answers what knotd answers', () => {
		for (const [server, name, type, about, options] of CASES) {
			it(`${about}: ${name} ${type} at ${server}`, async () => {
				await compare(server, query(name, type, options));
			});
		}

		it('the cases do show what they say (spot checks on knotd\'s side)', async () => {
			expect(await compare('ns1.lame.demo.', query('www.lame.demo.', 'A'))).toMatchObject({ rcode: 5, aa: false });
			expect(await compare('ns1.nic.demo.', query('nothing.demo.', 'A'))).toMatchObject({ rcode: 3, aa: true, authority: [expect.stringMatching(/^demo\. 900 6 /)] });
			expect(await compare('ns1.nic.demo.', query('shop.demo.', 'DS'))).toMatchObject({ rcode: 0, aa: true, answer: [expect.stringMatching(/^shop\.demo\. 3600 43 18921 /)] });
			expect(await compare('ns1.nic.example.', query('hosting.example.', 'A'))).toMatchObject({ rcode: 0, aa: true, answer: [] });
		});
	});
});
