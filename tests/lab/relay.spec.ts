/**
 * The relay: a whole direct-mode walk through it over real HTTP to the lab's real servers, and every way of
 * abusing it refused. (The relay runs in a plain node:http server here, with the same handler as /api/relay.)
 */
import { createServer, type Server } from 'node:http';
import dnsPacket from 'dns-packet';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { toBase64Url } from '$lib/bytes/encoding';
import { relayTransport } from '$lib/dns/relay-client';
import { parseRootHints } from '$lib/dns/root-hints';
import { recordTypeByName, typeName } from '$lib/dns/types';
import { walk, type WalkOutcome } from '$lib/dns/walk';
import { encodeQuery } from '$lib/dns/wire';
import { parseCidr } from '$lib/server/addresses';
import { socketTransport } from '$lib/server/dns-socket';
import { createRelay, type RelayReply } from '$lib/server/relay';
import { readFileSync } from 'node:fs';
import { LAB_CASES, ROOT_HINTS_FILE, startLab } from './lab.js';

const rootHints = parseRootHints(readFileSync(ROOT_HINTS_FILE, 'utf8'))!;
let lab: { stop(): Promise<void> };
let server: Server;
let url: string;
let clock = 1_000_000;
const relay = createRelay({ rootHints, transport: socketTransport(), labRange: parseCidr('127.53.0.0/24'), now: () => clock, timeoutMs: 1500 });

beforeAll(async () => {
	lab = await startLab();
	server = createServer(async (req, res) => {
		let body = '';
		for await (const chunk of req) body += chunk;
		// Each test names its client, so rate limits do not spill from one test into another.
		const reply = await relay.handle(body, String(req.headers['x-client'] ?? 'walker'));
		res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers }).end(JSON.stringify(reply.body));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(server.address() as { port: number }).port}/api/relay`;
});
afterAll(async () => {
	await new Promise((resolve) => server?.close(resolve));
	await lab?.stop();
});

async function collect(events: AsyncGenerator<unknown, WalkOutcome>): Promise<WalkOutcome> {
	for (;;) {
		const next = await events.next();
		if (next.done) return next.value;
	}
}

describe('direct mode through the relay', () => {
	// The relay's clock is the test's: let a second pass per case, so the rate limit refills as it would.
	beforeEach(() => {
		clock += 10_000;
	});
	const cases = Object.entries(LAB_CASES as Record<string, { name: string; type: string; rcode: string; answer: { name: string; type: string; data: string }[] }>);
	it.each(cases)('%s: the known answer', async (_id, c) => {
		const type = recordTypeByName(c.type)!.code;
		const outcome = await collect(walk({ mode: 'direct', name: c.name, type, transport: relayTransport(url), rootHints }));
		expect(['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN'][outcome.rcode]).toBe(c.rcode);
		expect(outcome.answer.map((r) => `${r.name.toLowerCase()} ${typeName(r.type)} ${r.text}`).sort()).toEqual(
			c.answer.map((a) => `${a.name} ${a.type} ${a.data}`).sort()
		);
	});
});

/** One relay request as a client would send it. */
async function post(body: unknown, client: string): Promise<RelayReply & { body: { error?: { code: string }; token?: string; response?: string } }> {
	const response = await fetch(url, { method: 'POST', headers: { 'x-client': client }, body: typeof body === 'string' ? body : JSON.stringify(body) });
	return { status: response.status, body: await response.json() };
}
const q = (name: string, type = 1, extra: Partial<Parameters<typeof encodeQuery>[0]> = {}) =>
	toBase64Url(encodeQuery({ name, typeCode: type, recursionDesired: false, ...extra }));

describe('the relay refuses to be an open proxy', () => {
	it('sends to a root server from its hints, and then to the glue it passed on, with the token', async () => {
		const root = await post({ query: q('www.wirewalk.test'), server: '127.53.0.1' }, 'glue');
		expect(root.status).toBe(200);
		expect(root.body.token).toBeTruthy();
		const without = await post({ query: q('www.wirewalk.test'), server: '127.53.0.11' }, 'glue');
		expect([without.status, without.body.error?.code]).toEqual([403, 'not-referred']);
		const withToken = await post({ query: q('www.wirewalk.test'), server: '127.53.0.11', token: root.body.token }, 'glue');
		expect(withToken.status).toBe(200);
	});

	it.each([
		['10.0.0.53', '10.0.0.0/8'],
		['192.168.1.1', '192.168.0.0/16'],
		['172.16.0.1', '172.16.0.0/12'],
		['100.64.0.1', '100.64.0.0/10'],
		['169.254.169.254', '169.254.0.0/16'],
		['127.0.0.1', '127.0.0.0/8'],
		['0.0.0.0', '0.0.0.0/8'],
		['224.0.0.251', '224.0.0.0/4'],
		['255.255.255.255', '240.0.0.0/4'],
		['192.0.2.53', '192.0.2.0/24'],
		['::1', '::1/128'],
		['fd00::53', 'fc00::/7'],
		['fe80::1', 'fe80::/10'],
		['::ffff:10.0.0.1', '::ffff:0:0/96'],
		['2001:db8::53', '2001:db8::/32']
	])('refuses %s (%s)', async (address, block) => {
		const r = await post({ query: q('example.com'), server: address }, 'private');
		expect(r.status).toBe(403);
		expect(r.body.error?.code).toBe('special-use');
		expect(JSON.stringify(r.body)).toContain(block);
	});

	it('refuses a public address it never referred (and sends nothing to it)', async () => {
		const r = await post({ query: q('example.com'), server: '8.8.8.8' }, 'public');
		expect([r.status, r.body.error?.code]).toEqual([403, 'not-referred']);
	});

	it('refuses host names, ports other than 53, ANY, AXFR and IXFR', async () => {
		expect((await post({ query: q('example.com'), server: 'a.root-servers.net' }, 'misc')).body.error?.code).toBe('bad-target');
		expect((await post({ query: q('example.com'), server: '127.53.0.1', port: 25 }, 'misc')).body.error?.code).toBe('bad-port');
		for (const type of [255, 252, 251]) {
			const r = await post({ query: q('wirewalk.test', type), server: '127.53.0.1' }, 'misc');
			expect([r.status, r.body.error?.code], typeName(type)).toEqual([400, 'forbidden-type']);
		}
	});

	it('refuses what is not a standard query', async () => {
		const response = toBase64Url(
			new Uint8Array(dnsPacket.encode({ type: 'response', id: 1, questions: [{ type: 'A', name: 'example.com' }], answers: [] }))
		);
		expect((await post({ query: response, server: '127.53.0.1' }, 'bad')).body.error?.code).toBe('bad-query');
		const update = encodeQuery({ name: 'test', typeCode: 6, recursionDesired: false });
		update[2] = update[2]! | (5 << 3); // opcode UPDATE (RFC 2136)
		expect((await post({ query: toBase64Url(update), server: '127.53.0.1' }, 'bad')).body.error?.code).toBe('bad-query');
		expect((await post({ query: 'not base64!', server: '127.53.0.1' }, 'bad')).body.error?.code).toBe('bad-query');
		expect((await post({ query: toBase64Url(new Uint8Array(5)), server: '127.53.0.1' }, 'bad')).body.error?.code).toBe('bad-query');
		expect((await post('{not json', 'bad')).body.error?.code).toBe('bad-request');
		expect((await post({ server: '127.53.0.1' }, 'bad')).body.error?.code).toBe('bad-request');
	});

	it('refuses oversized queries and bodies', async () => {
		const big = toBase64Url(encodeQuery({ name: Array(8).fill('a'.repeat(63)).join('.'), typeCode: 1 }));
		const r = await post({ query: big, server: '127.53.0.1' }, 'big');
		expect([r.status, r.body.error?.code]).toEqual([413, 'too-large']);
		const body = await post({ query: q('example.com'), server: '127.53.0.1', pad: 'x'.repeat(5000) }, 'big');
		expect([body.status, body.body.error?.code]).toEqual([413, 'too-large']);
	});

	it('refuses a forged or expired token', async () => {
		const root = await post({ query: q('www.wirewalk.test'), server: '127.53.0.1' }, 'token');
		const [payload, mac] = root.body.token!.split('.') as [string, string];
		const forgedPayload = toBase64Url(new TextEncoder().encode(JSON.stringify({ a: ['8.8.8.8'], e: clock + 60_000 })));
		expect((await post({ query: q('example.com'), server: '8.8.8.8', token: `${forgedPayload}.${mac}` }, 'token')).body.error?.code).toBe('not-referred');
		expect((await post({ query: q('x.test'), server: '127.53.0.11', token: `${payload}.${mac}x` }, 'token')).body.error?.code).toBe('not-referred');
		clock += 16 * 60 * 1000; // tokens last 15 minutes
		expect((await post({ query: q('x.test'), server: '127.53.0.11', token: root.body.token }, 'token')).body.error?.code).toBe('not-referred');
	});

	it('answers a flood with 429 after the burst, and recovers with time', async () => {
		const statuses: number[] = [];
		for (let i = 0; i < 80; i++) statuses.push((await post({ query: q('example.com'), server: '10.0.0.1' }, 'flood')).status);
		// The first 60 (the burst) get a real answer (here: a refusal for the private address); then 429.
		expect(statuses.slice(0, 60).every((s) => s === 403)).toBe(true);
		expect(statuses.slice(60).every((s) => s === 429)).toBe(true);
		clock += 1000; // 20 tokens a second
		const after = [];
		for (let i = 0; i < 21; i++) after.push((await post({ query: q('example.com'), server: '10.0.0.1' }, 'flood')).status);
		expect(after.filter((s) => s === 403).length).toBe(20);
		expect(after.at(-1)).toBe(429);
		// Another client is not affected.
		expect((await post({ query: q('example.com'), server: '10.0.0.1' }, 'other')).status).toBe(403);
	});
});
