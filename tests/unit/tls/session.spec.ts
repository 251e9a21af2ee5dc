import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkAnnotations, findField, type AnnotatedBytes } from '$lib/bytes/annotated';
import { fromHex, toHex } from '$lib/bytes/encoding';
import { parseHandshake, parseHandshakeMessages, parseRecord } from '$lib/tls/handshake';
import * as rfc8448 from '$lib/tls/rfc8448';
import { runHandshake, tamperTargets, type HandshakeOptions } from '$lib/tls/session';
import type { TlsRun, TlsStep } from '$lib/tls/steps';
import type { WebCrypto } from '$lib/tls/webcrypto';

const hex = (text: string) => toHex(fromHex(text));
const NOW = new Date('2026-11-26T12:00:00Z');
const live = (options: Partial<HandshakeOptions> = {}) => runHandshake({ mode: 'live', now: () => NOW, ...options });

function step(run: TlsRun, id: string): TlsStep {
	const found = run.steps.find((s) => s.id === id);
	if (!found) throw new Error(`no step ${id} in ${run.steps.map((s) => s.id).join(' ')}`);
	return found;
}

const wireOf = (run: TlsRun, id: string) => toHex(step(run, id).wire!.bytes);
const secretsOf = (run: TlsRun) => run.steps.flatMap((s) => s.secrets ?? []);
const checks = (run: TlsRun) => run.steps.filter((s) => s.kind === 'check');
const tagOf = (wire: AnnotatedBytes) => wire.sections.flatMap((s) => s.fields).find((f) => f.id.endsWith('.tag'));

const liveIds = [
	'client-key-share',
	'client-hello',
	'check-client-hello',
	'server-key-share',
	'server-hello',
	'ecdhe',
	'handshake-secrets',
	'encrypted-extensions',
	'certificate',
	'certificate-verify',
	'server-finished',
	'application-secrets',
	'check-server-hello',
	'client-ecdhe',
	'client-handshake-secrets',
	'decrypt-encrypted-extensions',
	'decrypt-certificate',
	'check-certificate',
	'decrypt-certificate-verify',
	'check-certificate-verify',
	'decrypt-server-finished',
	'check-server-finished',
	'client-finished',
	'client-application-secrets',
	'decrypt-client-finished',
	'check-client-finished',
	'request',
	'decrypt-request',
	'response',
	'decrypt-response'
];

/** RFC 8448 sends the server's flight as one record, has no chain check, and sends its ticket before the data. */
const rfcIds = liveIds
	.filter((id) => !['decrypt-certificate', 'check-certificate', 'decrypt-certificate-verify', 'decrypt-server-finished'].includes(id))
	.flatMap((id) => (id === 'check-client-finished' ? [id, 'new-session-ticket', 'decrypt-new-session-ticket'] : [id]));

/** Every step explains itself in both languages, with real Chinese, and its bytes are soundly annotated. */
function expectWellFormed(run: TlsRun): void {
	for (const s of run.steps) {
		for (const t of [s.title, s.explanation, s.eavesdropper, s.check?.what, s.check?.detail]) {
			if (!t) continue;
			expect(t.en.length, s.id).toBeGreaterThan(0);
			expect(t['zh-CN'], s.id).toMatch(/[\u4e00-\u9fff]|^[\x20-\x7e]+$/);
		}
		expect(s.explanation['zh-CN'], s.id).toMatch(/[\u4e00-\u9fff]/);
		for (const bytes of [s.wire, s.plaintext]) if (bytes) expect(checkAnnotations(bytes), s.id).toEqual([]);
		if (s.kind === 'message') expect(s.eavesdropper, s.id).toBeDefined();
		if (s.kind === 'check') expect(s.check, s.id).toBeDefined();
	}
	for (const t of run.notes) expect(t['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
	// A key-schedule node is attached once, at the step that first computes it.
	const nodeIds = run.steps.flatMap((s) => s.keySchedule ?? []).map((n) => n.id);
	expect(new Set(nodeIds).size).toBe(nodeIds.length);
}

describe('RFC 8448 mode', () => {
	let run: TlsRun;
	beforeAll(async () => {
		run = await runHandshake({ mode: 'rfc8448' });
	});

	it('runs the whole handshake with every check passing', () => {
		expect(run.ok).toBe(true);
		expect(run.failedAt).toBeUndefined();
		expect(run.steps.map((s) => s.id)).toEqual(rfcIds);
		expect(run.group).toBe('x25519');
		expect(run.cipherSuite).toBe('TLS_AES_128_GCM_SHA256');
		expect(run.serverName).toBe('server');
		expect(checks(run).every((s) => s.check!.ok)).toBe(true);
		expectWellFormed(run);
	});

	it('gives every secret the RFC’s printed value, and computes exactly that', () => {
		const secrets = secretsOf(run);
		expect(secrets.length).toBeGreaterThan(40);
		for (const s of secrets) {
			expect(s.expected, s.name).toBeDefined();
			expect(toHex(s.bytes), s.name).toBe(toHex(s.expected!));
		}
		// Each value the RFC prints for section 3 is shown at least once (the ECDHE inputs and output, every secret,
		// every traffic key and IV, both finished keys and verify_data).
		const shown = new Set(secrets.map((s) => toHex(s.bytes)));
		const printed = [
			...Object.values(rfc8448.x25519),
			...Object.values(rfc8448.secrets),
			...Object.values(rfc8448.trafficKeys).flatMap((k) => [k.key, k.iv]),
			...Object.values(rfc8448.finished)
		];
		for (const value of printed) expect(shown.has(hex(value)), value).toBe(true);
	});

	it('hashes the same transcript as the RFC', () => {
		const nodes = new Map(run.steps.flatMap((s) => s.keySchedule ?? []).map((n) => [n.id, toHex(n.output)]));
		expect(nodes.get('empty-hash')).toBe(hex(rfc8448.transcriptHashes.empty));
		expect(nodes.get('transcript-server-hello')).toBe(hex(rfc8448.transcriptHashes.clientHelloToServerHello));
		expect(nodes.get('transcript-server-finished')).toBe(hex(rfc8448.transcriptHashes.clientHelloToServerFinished));
		expect(nodes.get('transcript-client-finished')).toBe(hex(rfc8448.transcriptHashes.clientHelloToClientFinished));
	});

	it('puts the RFC’s records on the wire, byte for byte', () => {
		const { records, messages } = rfc8448;
		expect(wireOf(run, 'client-hello').slice(10)).toBe(hex(messages.clientHello));
		expect(wireOf(run, 'client-hello').slice(0, 10)).toBe('16030100c4');
		expect(wireOf(run, 'server-hello').slice(10)).toBe(hex(messages.serverHello));
		expect(wireOf(run, 'encrypted-extensions')).toBe(hex(records.serverHandshakeFlight.record));
		expect(wireOf(run, 'client-finished')).toBe(hex(records.clientFinished.record));
		expect(wireOf(run, 'new-session-ticket')).toBe(hex(records.newSessionTicket.record));
		expect(wireOf(run, 'request')).toBe(hex(records.clientApplicationData.record));
		expect(wireOf(run, 'response')).toBe(hex(records.serverApplicationData.record));
		// The flight is one record: the other three messages have their plaintext, and no wire of their own.
		for (const id of ['certificate', 'certificate-verify', 'server-finished']) {
			expect(step(run, id).wire).toBeUndefined();
			expect(parseHandshake(step(run, id).plaintext!.bytes).ok).toBe(true);
		}
		expect(toHex(step(run, 'server-finished').plaintext!.bytes)).toBe(hex(messages.serverFinished));
		expect(toHex(step(run, 'certificate-verify').plaintext!.bytes)).toBe(hex(messages.certificateVerify));
	});

	it('verifies the RFC’s own RSA-PSS CertificateVerify, and says why the chain is not checked', () => {
		const verify = step(run, 'check-certificate-verify');
		expect(verify.check!.ok).toBe(true);
		expect(verify.check!.detail.en).toContain('rsa_pss_rsae_sha256');
		expect(run.steps.some((s) => s.id === 'check-certificate')).toBe(false);
		expect(run.notes.some((n) => n.en.includes('not checked') && n.en.includes('self-signed'))).toBe(true);
	});

	it('decrypts the RFC’s flight into its four messages', () => {
		const flight = step(run, 'decrypt-encrypted-extensions');
		const parsed = parseHandshakeMessages(flight.plaintext!.bytes);
		expect(parsed.ok && parsed.value.messages.map((m) => m.kind)).toEqual(['encrypted_extensions', 'certificate', 'certificate_verify', 'finished']);
		expect(toHex(step(run, 'decrypt-response').plaintext!.bytes)).toBe(hex(rfc8448.applicationData));
	});
});

describe('live mode', () => {
	let first: TlsRun;
	let second: TlsRun;
	beforeAll(async () => {
		[first, second] = await Promise.all([live(), live({ serverName: 'shop.example.org' })]);
	});

	it('runs the whole handshake and a request with every check passing', () => {
		for (const run of [first, second]) {
			expect(run.ok).toBe(true);
			expect(run.steps.map((s) => s.id)).toEqual(liveIds);
			expect(checks(run).every((s) => s.check!.ok)).toBe(true);
			expect(run.group).toBe('x25519');
			expectWellFormed(run);
		}
		expect(second.serverName).toBe('shop.example.org');
		expect(step(second, 'check-certificate').check!.detail.en).toContain('shop.example.org');
		expect(step(first, 'client-hello').eavesdropper!.en).toContain('wirewalk.example');
	});

	it('makes fresh keys every run, and nothing carries an RFC value', () => {
		const value = (run: TlsRun, name: string) => toHex(secretsOf(run).find((s) => s.name === name)!.bytes);
		for (const name of ['client private key (x25519)', '(EC)DHE shared secret', 'Handshake Secret', 'server_write_key (handshake)', 'client_application_traffic_secret_0'])
			expect(value(first, name), name).not.toBe(value(second, name));
		expect(secretsOf(first).every((s) => s.expected === undefined)).toBe(true);
	});

	it('gives both sides the same secrets from what crossed the wire alone', () => {
		const values = (id: string) => step(first, id).secrets!.map((s): [string, string] => [s.name, toHex(s.bytes)]);
		expect(values('client-ecdhe')).toEqual(values('ecdhe'));
		expect(values('client-handshake-secrets')).toEqual(values('handshake-secrets'));
		const clientApp = new Map(values('client-application-secrets'));
		for (const [name, bytes] of values('application-secrets')) expect(clientApp.get(name), name).toBe(bytes);
	});

	it('carries the request to the server and the response back', () => {
		const response = step(first, 'response').plaintext!.bytes;
		expect(toHex(step(first, 'decrypt-response').plaintext!.bytes)).toBe(toHex(response));
		expect(new TextDecoder().decode(response)).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
		expect(new TextDecoder().decode(response)).toContain(`Date: ${NOW.toUTCString()}`);
		expect(toHex(step(first, 'decrypt-request').plaintext!.bytes)).toBe(toHex(step(first, 'request').plaintext!.bytes));
		expect(new TextDecoder().decode(step(first, 'request').plaintext!.bytes)).toContain('Host: wirewalk.example\r\n');
	});

	it('protects every record after ServerHello with a 16-byte tag, around a message that parses', () => {
		const protectedSteps = first.steps.filter((s) => s.kind === 'message' && s.wire?.bytes[0] === 23);
		expect(protectedSteps.map((s) => s.id)).toEqual(['encrypted-extensions', 'certificate', 'certificate-verify', 'server-finished', 'client-finished', 'request', 'response']);
		for (const s of protectedSteps) {
			expect(tagOf(s.wire!)?.length, s.id).toBe(16);
			const record = parseRecord(s.wire!.bytes);
			expect(record.ok && record.value.record.content.kind, s.id).toBe('application_data');
			// The record holds the plaintext, its content type byte and the tag.
			expect(s.wire!.bytes.length, s.id).toBe(5 + s.plaintext!.bytes.length + 1 + 16);
			expect(s.eavesdropper!.en, s.id).toContain(`${s.wire!.bytes.length} bytes`);
			if (s.id !== 'request' && s.id !== 'response') expect(parseHandshake(s.plaintext!.bytes).ok, s.id).toBe(true);
		}
		expect(findField(step(first, 'client-hello').wire!, 'record.client_hello.random')).toBeDefined();
	});

	it('signs with ECDSA P-256 and checks the chain against the demo CA', () => {
		const verify = parseHandshake(step(first, 'certificate-verify').plaintext!.bytes);
		expect(verify.ok && verify.value.message.kind === 'certificate_verify' && verify.value.message.algorithm).toBe(0x0403);
		expect(step(first, 'check-certificate').check!.ok).toBe(true);
	});
});

/** Where the commands can run, each recomputes the value it stands beside from the bytes on the page. */
describe.skipIf(spawnSync('sh', ['-c', 'command -v openssl && command -v xxd']).status !== 0)('the openssl lines', () => {
	it('recompute the secrets they stand beside', async () => {
		const run = await live();
		const dir = mkdtempSync(join(tmpdir(), 'wirewalk-session-'));
		try {
			const secrets = secretsOf(run).filter((s) => s.command);
			expect(secrets.length).toBeGreaterThan(25);
			for (const s of secrets) {
				const out = spawnSync('sh', ['-c', s.command!], { cwd: dir, encoding: 'utf8' });
				expect(out.status, `${s.name}: ${out.stderr}`).toBe(0);
				const digits = out.stdout.replace(/^.*= /gm, '').replace(/[^0-9a-f]/gi, '').toLowerCase();
				// `openssl pkey -text` prints the private key among other lines; the rest print the value alone.
				if (s.name.includes('private key')) expect(digits, s.name).toContain(toHex(s.bytes));
				else expect(digits, s.name).toBe(toHex(s.bytes));
			}
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe('P-256 fallback', () => {
	// Node's Web Crypto always has X25519, so a browser without it (Safari before 17, older Chromium) cannot be
	// produced for real here: this wrapper refuses X25519 key generation the way such a browser does.
	const withoutX25519: WebCrypto = {
		subtle: new Proxy(globalThis.crypto.subtle, {
			get(target, property) {
				if (property === 'generateKey')
					return (algorithm: AlgorithmIdentifier, ...rest: [boolean, KeyUsage[]]) =>
						(typeof algorithm === 'string' ? algorithm : algorithm.name) === 'X25519'
							? Promise.reject(new DOMException('Unrecognized name.', 'NotSupportedError'))
							: target.generateKey(algorithm, ...rest);
				const value = Reflect.get(target, property, target) as unknown;
				return typeof value === 'function' ? value.bind(target) : value;
			}
		})
	};

	it('uses ECDH on P-256 with an uncompressed point, and says so', async () => {
		const run = await live({ crypto: withoutX25519 });
		expect(run.ok).toBe(true);
		expect(run.group).toBe('secp256r1');
		expect(run.notes.some((n) => n.en.includes('no X25519'))).toBe(true);
		const publicKey = step(run, 'client-key-share').secrets!.find((s) => s.name.includes('public key'))!.bytes;
		expect(publicKey.length).toBe(65);
		expect(publicKey[0]).toBe(0x04);
		const hello = parseRecord(step(run, 'client-hello').wire!.bytes);
		const messages = hello.ok && hello.value.record.content.kind === 'handshake' ? hello.value.record.content.messages : [];
		const groups = messages[0]?.kind === 'client_hello' ? messages[0].extensions.find((e) => e.kind === 'supported_groups') : undefined;
		expect(groups).toEqual({ kind: 'supported_groups', groups: [0x0017] });
		expect(step(run, 'ecdhe').secrets![0]!.bytes.length).toBe(32);
		expect(checks(run).every((s) => s.check!.ok)).toBe(true);
	});
});

describe('tamper mode', () => {
	/** The run fails at `failedAt`, that check is the last check and failed, and an alert ends the run. */
	function expectFailure(run: TlsRun, failedAt: string, alert: string, encrypted: boolean): TlsStep {
		expect(run.ok).toBe(false);
		expect(run.failedAt).toBe(failedAt);
		const failed = step(run, failedAt);
		expect(failed.check!.ok).toBe(false);
		expect(checks(run).filter((s) => !s.check!.ok)).toHaveLength(1);
		const last = run.steps[run.steps.length - 1]!;
		expect(run.steps[run.steps.length - 2]).toBe(failed);
		expect(last.id).toBe('alert');
		expect(last.title.en).toBe(`Alert: ${alert}`);
		expect(last.wire!.bytes[0]).toBe(encrypted ? 23 : 21);
		if (encrypted) expect(toHex(last.plaintext!.bytes)).toBe(toHex(Uint8Array.of(2, last.plaintext!.bytes[1]!)));
		expect(run.notes.some((n) => n.en.startsWith('Tampered'))).toBe(true);
		expectWellFormed(run);
		return failed;
	}

	it('a byte of the encrypted Certificate record fails its AEAD check', async () => {
		const run = await live({ tamper: { stepId: 'certificate', byteIndex: 40 } });
		const failed = expectFailure(run, 'decrypt-certificate', 'bad_record_mac', true);
		expect(failed.check!.what.en).toBe('AEAD tag');
		expect(failed.check!.detail.en).toContain('Byte 40 of this record was flipped');
		// The client got through EncryptedExtensions; the Certificate was never read.
		expect(step(run, 'decrypt-encrypted-extensions').check!.ok).toBe(true);
		expect(run.steps.some((s) => s.id === 'check-certificate')).toBe(false);
	});

	it('a byte of the ClientHello random fails the first AEAD check: the two transcripts, so the keys, differ', async () => {
		// 5 (record header) + 4 (handshake header) + 2 (legacy_version): the first byte of the random. The server reads
		// a valid ClientHello and answers; the client derives its handshake keys from the ClientHello it sent, so it
		// cannot open the server's very first encrypted record. The Finished check is never reached.
		const run = await live({ tamper: { stepId: 'client-hello', byteIndex: 11 } });
		expect(step(run, 'check-client-hello').check!.ok).toBe(true);
		const failed = expectFailure(run, 'decrypt-encrypted-extensions', 'bad_record_mac', true);
		expect(failed.check!.detail.en).toContain('hashed different ClientHello..ServerHello bytes');
		const value = (id: string) => toHex(step(run, id).secrets!.find((s) => s.name === 'server_handshake_traffic_secret')!.bytes);
		expect(value('client-handshake-secrets')).not.toBe(value('handshake-secrets'));
	});

	it('a byte of the ServerHello key share fails the first AEAD check: different shared secrets', async () => {
		const run = await live();
		const wire = step(run, 'server-hello').wire!;
		const share = findField(wire, 'record.server_hello.extensions.key_share.key_share_entry.key_exchange')
			?? wire.sections.flatMap((s) => s.fields).find((f) => f.id.includes('key_exchange') && f.length === 32)!;
		const tampered = await live({ tamper: { stepId: 'server-hello', byteIndex: share.offset + 5 } });
		const failed = expectFailure(tampered, 'decrypt-encrypted-extensions', 'bad_record_mac', true);
		expect(failed.check!.detail.en).toContain('different (EC)DHE shared secrets');
	});

	it('a byte of the CertificateVerify signature, changed by the server before encrypting, fails the signature check', async () => {
		// 4 (handshake header) + 2 (algorithm) + 2 (length) + 4 (SEQUENCE, INTEGER headers): byte 20 is the 9th or
		// 10th byte of r. Still well-formed DER (the first byte of r keeps its sign), no longer a valid signature.
		const tampered = await live({ tamper: { stepId: 'certificate-verify', byteIndex: 20, target: 'plaintext' } });
		expect(step(tampered, 'decrypt-certificate-verify').check!.ok).toBe(true);
		const failed = expectFailure(tampered, 'check-certificate-verify', 'decrypt_error', true);
		expect(failed.check!.detail.en).toContain('does not verify');
	});

	it('a byte of the server’s verify_data fails the client’s Finished check', async () => {
		const tampered = await live({ tamper: { stepId: 'server-finished', byteIndex: 10, target: 'plaintext' } });
		const failed = expectFailure(tampered, 'check-server-finished', 'decrypt_error', true);
		expect(failed.check!.detail.en).toContain('verify_data differs');
	});

	it('the client’s Finished record, changed on the way, fails at the server, which answers under its application key', async () => {
		const tampered = await live({ tamper: { stepId: 'client-finished', byteIndex: 20 } });
		const failed = expectFailure(tampered, 'decrypt-client-finished', 'bad_record_mac', true);
		expect(failed.side).toBe('server');
		expect(tampered.steps[tampered.steps.length - 1]!.side).toBe('server');
	});

	it('a ClientHello that no longer parses ends at the server with decode_error, in clear', async () => {
		const tampered = await live({ tamper: { stepId: 'client-hello', byteIndex: 3 } });
		expectFailure(tampered, 'check-client-hello', 'decode_error', false);
		expect(tampered.steps.map((s) => s.id)).toEqual(['client-key-share', 'client-hello', 'check-client-hello', 'alert']);
	});

	it('the RFC’s one-record flight fails its AEAD check as a whole', async () => {
		const tampered = await runHandshake({ mode: 'rfc8448', tamper: { stepId: 'encrypted-extensions', byteIndex: 100 } });
		expectFailure(tampered, 'decrypt-encrypted-extensions', 'bad_record_mac', true);
	});

	it('a changed request decrypts fine: AEAD protects the wire, not a sender from itself', async () => {
		const tampered = await live({ tamper: { stepId: 'request', byteIndex: 0, target: 'plaintext' } });
		expect(tampered.ok).toBe(true);
		expect(new TextDecoder().decode(step(tampered, 'response').plaintext!.bytes)).toMatch(/^HTTP\/1\.1 400 Bad Request/);
	});

	it('refuses a target that has no such bytes', async () => {
		expect(() => runHandshake({ mode: 'live', tamper: { stepId: 'ecdhe', byteIndex: 0 } })).toThrow(RangeError);
		expect(() => runHandshake({ mode: 'live', tamper: { stepId: 'client-hello', byteIndex: 0, target: 'plaintext' } })).toThrow(RangeError);
		expect(() => runHandshake({ mode: 'rfc8448', tamper: { stepId: 'certificate', byteIndex: 0 } })).toThrow(RangeError);
		await expect(live({ tamper: { stepId: 'certificate', byteIndex: 100_000 } })).rejects.toThrow(RangeError);
		expect(tamperTargets.live.wire).toContain('certificate');
	});
});

describe('settings', () => {
	it('ends at a check-settings step for a name no certificate can hold', async () => {
		const run = await live({ serverName: 'not a name' });
		expect(run.ok).toBe(false);
		expect(run.failedAt).toBe('check-settings');
		expect(run.steps.map((s) => s.id)).toEqual(['check-settings']);
	});
});
