/**
 * The export, read by Wireshark itself (Debian's tshark): the page's pcap and SSLKEYLOGFILE let tshark decrypt the
 * TLS 1.3 handshake (Certificate, CertificateVerify, both Finished) and the HTTP request and response, and the two
 * TLS 1.2 runs too. Without the key log nothing inside shows. And Wireshark's own RSA decryption, given only the
 * server's private key, opens the RSA-transport capture and neither (EC)DHE one: forward secrecy, by a second
 * implementation.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '$lib/errors';
import { runComparison, type Comparison } from '$lib/tls/compare';
import { captureOf, keyLogOf } from '$lib/tls/export';
import { privateKeyPem } from '$lib/tls/forward-secrecy';
import { runHandshake } from '$lib/tls/session';
import { tsharkFields } from '../tshark';

function unwrap<T>(result: Result<T>): T {
	if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message.en}`);
	return result.value;
}

const dir = mkdtempSync(join(tmpdir(), 'wirewalk-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let comparison: Comparison;
const files: Record<string, { pcap: string; keys: string }> = {};

beforeAll(async () => {
	comparison = unwrap(await runComparison({ serverName: 'export.wirewalk.test' }));
	const live = await runHandshake({ mode: 'live', serverName: 'export.wirewalk.test' });
	const rfc = await runHandshake({ mode: 'rfc8448' });
	for (const run of [...Object.values(comparison.runs), live, rfc]) {
		const capture = unwrap(captureOf(run));
		const key = run === comparison.runs.tls13 ? 'tls13-rsa' : capture.name.replace('wirewalk-', '');
		writeFileSync(join(dir, `${key}.pcap`), capture.pcap);
		writeFileSync(join(dir, `${key}.keys`), capture.keyLog);
		files[key] = { pcap: `${key}.pcap`, keys: `${key}.keys` };
	}
	writeFileSync(join(dir, 'server.pem'), await privateKeyPem(comparison.server.privateJwk));
}, 60_000);

const FIELDS = ['tls.handshake.type', 'http.request.method', 'http.host', 'http.response.code'];

/** Every handshake type tshark shows, and the HTTP it finds, reading a capture with the given extra options. */
function read(name: string, options: string[]) {
	const rows = tsharkFields(dir, ['-r', files[name]!.pcap, ...options, '-Y', 'tls'], FIELDS);
	return {
		handshakeTypes: rows.flatMap((r) => (r[0] ? r[0].split(',').map(Number) : [])),
		requests: rows.filter((r) => r[1]).map((r) => `${r[1]} ${r[2]}`),
		responses: rows.filter((r) => r[3]).map((r) => r[3])
	};
}

const withKeys = (name: string) => ['-o', `tls.keylog_file:${files[name]!.keys}`];
const withServerKey = ['-o', 'uat:rsa_keys:"server.pem",""'];

describe('SSLKEYLOGFILE', () => {
	it('logs TLS 1.3’s traffic secrets under the client random, as NSS does', () => {
		const log = keyLogOf(comparison.runs.tls13).trim().split('\n');
		expect(log.map((l) => l.split(' ')[0])).toEqual([
			'CLIENT_HANDSHAKE_TRAFFIC_SECRET',
			'SERVER_HANDSHAKE_TRAFFIC_SECRET',
			'CLIENT_TRAFFIC_SECRET_0',
			'SERVER_TRAFFIC_SECRET_0',
			'EXPORTER_SECRET'
		]);
		for (const line of log) expect(line).toMatch(/^[A-Z_0]+ [0-9a-f]{64} [0-9a-f]{64}$/);
		expect(keyLogOf(comparison.runs['tls12-rsa'])).toMatch(/^CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}\n$/);
	});
});

describe('tshark reads the exported captures', () => {
	it('TLS 1.3 live: with the key log it decrypts EncryptedExtensions, Certificate, CertificateVerify, both Finished, and the HTTP inside', () => {
		const seen = read('tls13-live', withKeys('tls13-live'));
		expect(seen.handshakeTypes).toEqual([1, 2, 8, 11, 15, 20, 20]);
		expect(seen.requests).toEqual(['GET export.wirewalk.test']);
		expect(seen.responses).toEqual(['200']);
	});

	it('TLS 1.3 live: without the key log it sees only the two hellos', () => {
		const seen = read('tls13-live', []);
		expect(seen.handshakeTypes).toEqual([1, 2]);
		expect(seen.requests).toEqual([]);
	});

	it('RFC 8448: with the key log the RFC’s own flight decrypts (one record holding four messages), and the ticket', () => {
		expect(read('tls13-rfc8448', withKeys('tls13-rfc8448')).handshakeTypes).toEqual([1, 2, 8, 11, 15, 20, 20, 4]);
	});

	for (const name of ['tls12-rsa', 'tls12-ecdhe'] as const) {
		it(`${name}: with the key log (CLIENT_RANDOM) both Finished messages and the HTTP decrypt`, () => {
			const seen = read(name, withKeys(name));
			expect(seen.handshakeTypes).toEqual(name === 'tls12-rsa' ? [1, 2, 11, 14, 16, 20, 20] : [1, 2, 11, 12, 14, 16, 20, 20]);
			expect(seen.requests).toEqual(['GET export.wirewalk.test']);
			expect(seen.responses).toEqual(['200']);
		});
	}
});

describe('forward secrecy, by Wireshark’s own RSA decryption (only the server’s private key, no key log)', () => {
	it('opens the RSA key transport capture', () => {
		const seen = read('tls12-rsa', withServerKey);
		expect(seen.requests).toEqual(['GET export.wirewalk.test']);
		expect(seen.responses).toEqual(['200']);
	});

	it('cannot open the ECDHE one, nor the TLS 1.3 one made with the same key', () => {
		for (const name of ['tls12-ecdhe', 'tls13-rsa']) {
			const seen = read(name, withServerKey);
			expect(seen.requests, name).toEqual([]);
			expect(seen.handshakeTypes.filter((t) => t === 20), name).toEqual([]);
		}
	});
});
