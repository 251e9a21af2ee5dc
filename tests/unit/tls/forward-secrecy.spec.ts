/**
 * The side-by-side comparison and the forward-secrecy demo: one RSA server runs TLS 1.2 RSA, TLS 1.2 ECDHE and
 * TLS 1.3; the round trips are counted from the runs' own messages; an attacker with the server's private key and
 * only the recorded bytes reads the RSA session and neither of the others. With a one-time key that should have
 * been erased the ECDHE recording opens too, so its failure is the missing key and not a broken recording.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { toHex } from '$lib/bytes/encoding';
import type { Result } from '$lib/errors';
import { runComparison, type Comparison } from '$lib/tls/compare';
import { attackRecording, privateKeyPem } from '$lib/tls/forward-secrecy';
import { importX25519 } from '$lib/tls/session-keys';
import { createRsaServer } from '$lib/tls/tls12';

function unwrap<T>(result: Result<T>): T {
	if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message.en}`);
	return result.value;
}

let comparison: Comparison;
beforeAll(async () => {
	comparison = unwrap(await runComparison({ serverName: 'fs.wirewalk.test' }));
}, 60_000);

const recording = (protocol: string) => comparison.recordings.find((r) => r.protocol === protocol)!;
const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);

describe('one server, three protocols', () => {
	it('all three runs pass every check, and TLS 1.3 signs its CertificateVerify with the same RSA key (RSA-PSS)', () => {
		for (const run of Object.values(comparison.runs)) expect(run.failedAt).toBeUndefined();
		const verify = comparison.runs.tls13.steps.find((s) => s.id === 'certificate-verify')!;
		// algorithm 0x0804 rsa_pss_rsae_sha256 right after the 4-byte handshake header
		expect(toHex(verify.plaintext!.bytes.subarray(4, 6))).toBe('0804');
		const certificate = comparison.runs.tls13.steps.find((s) => s.id === 'certificate')!;
		const der = comparison.server.pki.server.der;
		expect(toHex(certificate.plaintext!.bytes)).toContain(toHex(der));
	});

	it('counts round trips from the messages: TLS 1.2 sends the request after 2, TLS 1.3 after 1', () => {
		const byProtocol = Object.fromEntries(comparison.timelines.map((t) => [t.protocol, t]));
		expect(byProtocol['tls12-rsa']!.flights.map((f) => f.messages.map((m) => m.id).join('+'))).toEqual([
			'client-hello',
			'server-hello',
			'client-key-exchange+client-change-cipher-spec+client-finished',
			'server-change-cipher-spec+server-finished',
			'request',
			'response'
		]);
		expect([byProtocol['tls12-rsa']!.requestAt, byProtocol['tls12-rsa']!.responseAt]).toEqual([2, 3]);
		expect([byProtocol['tls12-ecdhe']!.requestAt, byProtocol['tls12-ecdhe']!.responseAt]).toEqual([2, 3]);
		const tls13 = byProtocol.tls13!;
		expect(tls13.flights.map((f) => f.side)).toEqual(['client', 'server', 'client', 'server']);
		expect(tls13.flights[2]!.messages.map((m) => m.id)).toEqual(['client-finished', 'request']);
		expect([tls13.requestAt, tls13.responseAt]).toEqual([1, 2]);
	});
});

describe('the attacker gets the server’s private key later and replays the recordings', () => {
	it('RSA key transport: decrypts the PreMasterSecret, then the request and the response, byte for byte', async () => {
		const result = await attackRecording(recording('tls12-rsa'), comparison.server.privateJwk);
		expect(result.decrypted).toBe(true);
		const run = comparison.runs['tls12-rsa'];
		expect(text(result.request)).toBe(text(run.steps.find((s) => s.id === 'request')!.plaintext!.bytes));
		expect(text(result.response)).toBe(text(run.steps.find((s) => s.id === 'response')!.plaintext!.bytes));
		expect(text(result.request)).toMatch(/^GET \/ HTTP\/1\.1\r\nHost: fs\.wirewalk\.test/);
	});

	it('TLS 1.2 ECDHE: finds no ciphertext for the key, and reads nothing', async () => {
		const result = await attackRecording(recording('tls12-ecdhe'), comparison.server.privateJwk);
		expect(result.decrypted).toBe(false);
		expect(result.request).toBeUndefined();
		expect(result.steps.at(-1)!.detail.en).toMatch(/forward secrecy/);
	});

	it('TLS 1.3: reads nothing', async () => {
		const result = await attackRecording(recording('tls13'), comparison.server.privateJwk);
		expect(result.decrypted).toBe(false);
		expect(result.steps.some((s) => /TLS 1\.3/.test(s.detail.en))).toBe(true);
	});

	it('TLS 1.2 ECDHE with the server’s one-time key kept: the same recording decrypts (so only the erased key protected it)', async () => {
		const run = comparison.runs['tls12-ecdhe'];
		if (run.group !== 'x25519') return expect(run.group).toBe('secp256r1'); // import path below is X25519's
		const secrets = run.steps.find((s) => s.id === 'server-ephemeral')!.secrets!;
		const kept = await importX25519(toHex(secrets[0]!.bytes), toHex(secrets[1]!.bytes), crypto);
		const result = await attackRecording(recording('tls12-ecdhe'), comparison.server.privateJwk, { keptEphemeralKey: kept });
		expect(result.decrypted).toBe(true);
		expect(text(result.response)).toMatch(/Hello over TLS 1\.2/);
	});

	it('RSA key transport with some other server’s key: the padding check fails and nothing is read', async () => {
		const other = unwrap(await createRsaServer({ serverName: 'other.wirewalk.test' }));
		const result = await attackRecording(recording('tls12-rsa'), other.privateJwk);
		expect(result.decrypted).toBe(false);
	}, 30_000);

	it('exports the leaked key as PKCS#8 PEM that Web Crypto reads back', async () => {
		const pem = await privateKeyPem(comparison.server.privateJwk);
		expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+-----END PRIVATE KEY-----\n$/);
	});
});
