/**
 * The DoH transport against a real HTTP server on loopback that answers well and badly: every failure comes back
 * as a typed error with a message, never an exception.
 */
import { createServer, type Server } from 'node:http';
import dnsPacket from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromBase64Url } from '$lib/bytes/encoding';
import { dohResolver } from '$lib/dns/doh';
import { encodeQuery } from '$lib/dns/wire';

let server: Server;
let base: string;
const seen: { method: string; url: string }[] = [];

/** Answers a query with example.com A 192.0.2.1, echoing its ID and question. */
function answer(query: Uint8Array): Buffer {
	const q = dnsPacket.decode(Buffer.from(query));
	return dnsPacket.encode({ type: 'response', id: q.id, flags: dnsPacket.RECURSION_AVAILABLE, questions: q.questions, answers: [{ type: 'A', name: 'example.com', ttl: 60, data: '192.0.2.1' }] });
}

beforeAll(async () => {
	server = createServer(async (req, res) => {
		const url = new URL(req.url!, 'http://x');
		seen.push({ method: req.method!, url: url.pathname });
		let body = Buffer.alloc(0);
		for await (const chunk of req) body = Buffer.concat([body, chunk as Buffer]);
		const query = req.method === 'POST' ? new Uint8Array(body) : fromBase64Url(url.searchParams.get('dns') ?? '');
		const dns = { 'content-type': 'application/dns-message' };
		switch (url.pathname) {
			case '/ok':
				return res.writeHead(200, dns).end(answer(query));
			case '/post-only':
				if (req.method === 'GET') return res.writeHead(405).end();
				return res.writeHead(200, dns).end(answer(query));
			case '/500':
				return res.writeHead(500, { 'content-type': 'text/plain' }).end('oops');
			case '/html':
				return res.writeHead(200, { 'content-type': 'text/html' }).end('<html>not DNS</html>');
			case '/garbage':
				return res.writeHead(200, dns).end(Buffer.from([1, 2, 3]));
			case '/wrong-id': {
				const a = answer(query);
				a[0] = 0xff;
				return res.writeHead(200, dns).end(a);
			}
			case '/slow':
				return setTimeout(() => res.writeHead(200, dns).end(answer(query)), 2000);
		}
		res.writeHead(404).end();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise((resolve) => server?.close(resolve)));

const query = encodeQuery({ name: 'example.com', typeCode: 1 });

describe('dohResolver', () => {
	it('asks with GET (?dns=, ID 0) and decodes the answer', async () => {
		const r = await dohResolver(`${base}/ok`).exchange(query, { timeoutMs: 2000 });
		if (!r.ok) throw new Error(r.error.message.en);
		expect(r.value.message.answers[0]!.text).toBe('192.0.2.1');
		expect(r.value.protocol).toBe('doh');
		expect(seen.at(-1)).toEqual({ method: 'GET', url: '/ok' });
	});

	it('falls back to POST when the server will not take a GET', async () => {
		const r = await dohResolver(`${base}/post-only`).exchange(query, { timeoutMs: 2000 });
		expect(r.ok).toBe(true);
		expect(seen.slice(-2).map((s) => s.method)).toEqual(['GET', 'POST']);
	});

	it.each([
		['/500', 'http-status', 'HTTP 500'],
		['/html', 'content-type', 'text/html'],
		['/garbage', 'bad-response', 'not a valid DNS message'],
		['/wrong-id', 'mismatch', 'does not match'],
		['/nothing-here', 'http-status', 'HTTP 404']
	])('%s: %s', async (path, code, text) => {
		const r = await dohResolver(`${base}${path}`).exchange(query, { timeoutMs: 2000 });
		expect(r.ok ? 'ok' : r.error.code).toBe(code);
		if (!r.ok) {
			expect(r.error.message.en).toContain(text);
			expect(r.error.message['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
		}
	});

	it('gives up after its timeout (the server answers only after 2 s, so waiting would have succeeded)', async () => {
		const r = await dohResolver(`${base}/slow`).exchange(query, { timeoutMs: 300 });
		expect(r.ok ? 'ok' : r.error.code).toBe('timeout');
	});

	it('says so when nothing listens (network error, or CORS in a browser)', async () => {
		const closed = createServer();
		await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const port = (closed.address() as { port: number }).port;
		await new Promise((resolve) => closed.close(resolve));
		const r = await dohResolver(`http://127.0.0.1:${port}/dns-query`).exchange(query, { timeoutMs: 2000 });
		expect(r.ok ? 'ok' : r.error.code).toBe('network');
		if (!r.ok) expect(r.error.message.en).toContain('CORS');
	});
});
