/**
 * HTTP vs HTTPS from the wire: the same request as a port-80 frame and as a port-443 frame with a real TLS record,
 * and the observer's search of the captured bytes; tshark reads the port-80 frame's HTTP and only a TLS record in
 * the other.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '$lib/errors';
import { checkRequestInput, compareHttpHttps, defaultRequestInput, type HttpVsHttps } from '$lib/labs/http-vs-https';
import { pcapFile } from '$lib/net/pcap';
import { tsharkFields } from '../tshark';

function unwrap<T>(result: Result<T>): T {
	if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message.en}`);
	return result.value;
}

let lab: HttpVsHttps;
const dir = mkdtempSync(join(tmpdir(), 'wirewalk-https-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
	lab = unwrap(await compareHttpHttps(defaultRequestInput));
	const at = Date.UTC(2026, 0, 1) * 1000;
	writeFileSync(join(dir, 'http.pcap'), pcapFile([{ timestampMicros: at, bytes: lab.http.frame }]));
	writeFileSync(join(dir, 'https.pcap'), pcapFile([{ timestampMicros: at, bytes: lab.https.frame }]));
});

describe('the same request, in clear and inside TLS', () => {
	it('finds every value of the request in the port-80 frame and none in the port-443 frame', () => {
		expect(lab.exposure.map((r) => [r.value, r.inClear.http, r.inClear.https])).toEqual([
			['shop.wirewalk.example', true, false],
			['/account?card=4111-1111', true, false],
			['session=s3cr3t-7f2a', true, false],
			['Wirewalk', true, false]
		]);
	});

	it('differs only by the TLS layer: 22 bytes more (5 header, 1 type, 16 tag), port 443 instead of 80', () => {
		expect(lab.https.frame.length - lab.http.frame.length).toBe(22);
		expect(lab.http.layers.map((l) => l.id)).toEqual(['http', 'tcp', 'ipv4', 'ethernet']);
		expect(lab.https.layers.map((l) => l.id)).toEqual(['http', 'tls', 'tcp', 'ipv4', 'ethernet']);
	});

	it('is read by tshark as HTTP with the path and cookie on port 80, and as an opaque TLS record on port 443', () => {
		const [http] = tsharkFields(dir, ['-r', 'http.pcap', '-o', 'tcp.check_checksum:TRUE'], ['tcp.dstport', 'http.request.uri', 'http.cookie', 'tcp.checksum.status']);
		expect(http).toEqual(['80', '/account?card=4111-1111', 'session=s3cr3t-7f2a', '1']);
		const [https] = tsharkFields(dir, ['-r', 'https.pcap', '-o', 'tcp.check_checksum:TRUE'], ['tcp.dstport', 'tls.record.content_type', 'http.request.uri', 'tcp.checksum.status']);
		expect(https).toEqual(['443', '23', '', '1']);
	});

	it('refuses a host, path or cookie that would break the request', async () => {
		expect(Object.keys(checkRequestInput({ host: 'not a host', path: 'no-slash', cookie: 'a\r\nInjected: 1' })).sort()).toEqual(['cookie', 'host', 'path']);
		const bad = await compareHttpHttps({ ...defaultRequestInput, path: '/a b' });
		expect(bad.ok ? 'ok' : bad.error.code).toBe('bad-path');
	});
});
