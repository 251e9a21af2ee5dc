/**
 * TLS 1.2 for the comparison: the PRF against a published vector and openssl's TLS1-PRF, PKCS#1 v1.5 by hand
 * against Node/OpenSSL in both directions, and whole handshakes (RSA transport and ECDHE_RSA) between the two
 * scripted ends. Wireshark's own reading of these runs is in export.spec.ts.
 */
import { spawnSync } from 'node:child_process';
import { constants, generateKeyPairSync, publicEncrypt } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromHex, toHex } from '$lib/bytes/encoding';
import { checkAnnotations } from '$lib/bytes/annotated';
import type { Result } from '$lib/errors';
import { openTls12Record, sealTls12Record, tls12Prf } from '$lib/tls/prf';
import { bigIntToBytes, bytesToBigInt, modPow, pkcs1v15Pad, rsaDecryptPkcs1, rsaEncryptPkcs1, rsaKeyFromJwk, type RsaPrivateKey } from '$lib/tls/rsa';
import { createRsaServer, runTls12, type RsaServer, type Tls12Run } from '$lib/tls/tls12';

function unwrap<T>(result: Result<T>): T {
	if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message.en}`);
	return result.value;
}

const dir = mkdtempSync(join(tmpdir(), 'wirewalk-tls12-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function openssl(args: string[], input?: Uint8Array): Buffer {
	const result = spawnSync('openssl', args, { input, timeout: 20_000 });
	if (result.status !== 0) throw new Error(`openssl ${args.join(' ')}: ${result.stderr}`);
	return result.stdout;
}

describe('TLS 1.2 PRF (RFC 5246 section 5)', () => {
	it('gives the published P_SHA256 test vector (IETF TLS WG, also what openssl kdf TLS1-PRF prints)', async () => {
		const out = await tls12Prf(fromHex('9bbe436ba940f017b17652849a71db35'), 'test label', fromHex('a0ba9f936cda311827a6f796ffd5198c'), 100);
		expect(toHex(out)).toBe(
			'e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17abfd3797c0564bab4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff70187347b66'
		);
	});

	it('agrees with openssl’s TLS1-PRF for a random secret, label and seed, at an odd length', async () => {
		const secret = crypto.getRandomValues(new Uint8Array(48));
		const seed = crypto.getRandomValues(new Uint8Array(64));
		const ours = await tls12Prf(secret, 'key expansion', seed, 77);
		const theirs = openssl(['kdf', '-keylen', '77', '-kdfopt', 'digest:SHA256', '-kdfopt', `hexsecret:${toHex(secret)}`, '-kdfopt', `hexseed:${toHex(new TextEncoder().encode('key expansion'))}${toHex(seed)}`, 'TLS1-PRF'])
			.toString()
			.trim()
			.replace(/:/g, '')
			.toLowerCase();
		expect(toHex(ours)).toBe(theirs);
	});
});

describe('RSA with PKCS#1 v1.5 by hand', () => {
	let privateKey: RsaPrivateKey;
	let pem: string;
	let publicPem: string;

	beforeAll(() => {
		const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
		privateKey = unwrap(rsaKeyFromJwk(pair.privateKey.export({ format: 'jwk' }))) as RsaPrivateKey;
		pem = pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
		publicPem = pair.publicKey.export({ format: 'pem', type: 'spki' }).toString();
		writeFileSync(join(dir, 'key.pem'), pem);
	});

	it('computes small powers exactly (textbook RSA: p=61, q=53, e=17, d=2753)', () => {
		expect(modPow(65n, 17n, 3233n)).toBe(2790n);
		expect(modPow(2790n, 2753n, 3233n)).toBe(65n);
		expect(bytesToBigInt(bigIntToBytes(0x0102n, 4))).toBe(0x0102n);
		expect(() => bigIntToBytes(0x10000n, 2)).toThrow(RangeError);
	});

	it('pads as 00 02, at least 8 non-zero random bytes, 00, message; and refuses a message that leaves less', () => {
		const message = Uint8Array.of(3, 3, 9, 9);
		let counter = 0;
		const cycling = (n: number) => Uint8Array.from({ length: n }, () => counter++ % 3); // every third byte is zero, to be skipped
		const padded = unwrap(pkcs1v15Pad(message, 64, cycling));
		const b = padded.bytes;
		expect(b.length).toBe(64);
		expect([b[0], b[1]]).toEqual([0, 2]);
		expect(b.subarray(2, 64 - message.length - 1).every((x) => x !== 0)).toBe(true);
		expect(b[64 - message.length - 1]).toBe(0);
		expect(toHex(b.subarray(64 - message.length))).toBe('03030909');
		expect(checkAnnotations(padded)).toEqual([]);
		const long = pkcs1v15Pad(new Uint8Array(54), 64, (n) => new Uint8Array(n).fill(1));
		expect(long.ok ? 'ok' : long.error.code).toBe('message-too-long');
	});

	it('encrypts so that OpenSSL decrypts (openssl pkeyutl, PKCS#1 v1.5)', () => {
		const secret = crypto.getRandomValues(new Uint8Array(48));
		const { ciphertext } = unwrap(rsaEncryptPkcs1(privateKey, secret, (n) => crypto.getRandomValues(new Uint8Array(n))));
		expect(ciphertext.length).toBe(256);
		writeFileSync(join(dir, 'ct.bin'), ciphertext);
		const out = openssl(['pkeyutl', '-decrypt', '-inkey', join(dir, 'key.pem'), '-in', join(dir, 'ct.bin'), '-pkeyopt', 'rsa_padding_mode:pkcs1']);
		expect(toHex(out)).toBe(toHex(secret));
	});

	it('decrypts what Node (OpenSSL) encrypted with PKCS#1 v1.5 padding', () => {
		const secret = crypto.getRandomValues(new Uint8Array(48));
		const ciphertext = publicEncrypt({ key: publicPem, padding: constants.RSA_PKCS1_PADDING }, secret);
		const opened = unwrap(rsaDecryptPkcs1(privateKey, new Uint8Array(ciphertext)));
		expect(toHex(opened.message)).toBe(toHex(secret));
		// Without the CRT parameters the plain exponentiation gives the same.
		const { crt: _crt, ...plain } = privateKey;
		expect(toHex(unwrap(rsaDecryptPkcs1(plain, new Uint8Array(ciphertext))).message)).toBe(toHex(secret));
	});

	it('says bad-padding for a ciphertext of something else, and bad-ciphertext for the wrong length', () => {
		const noise = new Uint8Array(256).fill(0x11);
		const padded = rsaDecryptPkcs1(privateKey, noise);
		expect(padded.ok ? 'ok' : padded.error.code).toBe('bad-padding');
		const short = rsaDecryptPkcs1(privateKey, new Uint8Array(32).fill(7));
		expect(short.ok ? 'ok' : short.error.code).toBe('bad-ciphertext');
	});
});

describe('TLS 1.2 AES-GCM records (RFC 5288)', () => {
	it('round-trips, puts the type in clear and an 8-byte explicit nonce first, and fails on a changed byte or sequence number', async () => {
		const key = crypto.getRandomValues(new Uint8Array(16));
		const salt = crypto.getRandomValues(new Uint8Array(4));
		const content = new TextEncoder().encode('GET / HTTP/1.1\r\n\r\n');
		const sealed = await sealTls12Record(key, salt, 5, 23, content);
		expect(toHex(sealed.record.subarray(0, 5))).toBe(`170303${(8 + content.length + 16).toString(16).padStart(4, '0')}`);
		expect(toHex(sealed.record.subarray(5, 13))).toBe('0000000000000005');
		const opened = unwrap(await openTls12Record(key, salt, 5, sealed.record));
		expect(new TextDecoder().decode(opened.content)).toBe('GET / HTTP/1.1\r\n\r\n');
		const wrongSeq = await openTls12Record(key, salt, 6, sealed.record);
		expect(wrongSeq.ok ? 'ok' : wrongSeq.error.code).toBe('bad-tag');
		const flipped = new Uint8Array(sealed.record);
		flipped[20] = flipped[20]! ^ 1;
		const bad = await openTls12Record(key, salt, 5, flipped);
		expect(bad.ok ? 'ok' : bad.error.code).toBe('bad-tag');
	});
});

describe('whole TLS 1.2 handshakes, both ends in this runtime', () => {
	let server: RsaServer;
	const runs: Record<string, Tls12Run> = {};

	beforeAll(async () => {
		server = unwrap(await createRsaServer({ serverName: 'legacy.wirewalk.test' }));
		runs.rsa = await runTls12({ keyExchange: 'rsa', server });
		runs.ecdhe = await runTls12({ keyExchange: 'ecdhe', server });
	}, 60_000);

	it('issues an RSA-2048 certificate that openssl reads as rsaEncryption with keyEncipherment', () => {
		writeFileSync(join(dir, 'server.pem'), server.pki.server.pem);
		const out = openssl(['x509', '-in', join(dir, 'server.pem'), '-noout', '-text']).toString();
		expect(out).toMatch(/Public Key Algorithm: rsaEncryption/);
		expect(out).toMatch(/Public-Key: \(2048 bit\)/);
		expect(out).toMatch(/Key Encipherment/);
		expect(out).toMatch(/DNS:legacy\.wirewalk\.test/);
	});

	for (const kex of ['rsa', 'ecdhe'] as const) {
		it(`${kex}: every check passes and the response carries the request’s answer`, () => {
			const run = runs[kex]!;
			expect(run.failedAt).toBeUndefined();
			expect(run.ok).toBe(true);
			const checks = run.steps.filter((s) => s.kind === 'check');
			expect(checks.every((s) => s.check?.ok)).toBe(true);
			const ids = checks.map((s) => s.id);
			expect(ids).toEqual(
				kex === 'rsa'
					? ['check-certificate', 'check-client-finished', 'check-server-finished', 'decrypt-request', 'decrypt-response']
					: ['check-certificate', 'check-server-key-exchange', 'check-client-finished', 'check-server-finished', 'decrypt-request', 'decrypt-response']
			);
			const response = run.steps.find((s) => s.id === 'response')!;
			expect(new TextDecoder().decode(response.plaintext!.bytes)).toMatch(/^HTTP\/1\.1 200 OK[\s\S]*Hello over TLS 1\.2/);
		});

		it(`${kex}: both sides reach the same PreMasterSecret and master secret on their own`, () => {
			const run = runs[kex]!;
			const secretOf = (id: string, name: RegExp) => toHex(run.steps.find((s) => s.id === id)!.secrets!.find((x) => name.test(x.name))!.bytes);
			expect(secretOf('client-pre-master', /^pre_master_secret/)).toBe(secretOf('server-pre-master', /^pre_master_secret/));
			expect(secretOf('client-keys', /^master_secret$/)).toBe(secretOf('server-keys', /^master_secret$/));
			expect(toHex(run.masterSecret!)).toBe(secretOf('server-keys', /^master_secret$/));
			const pms = secretOf('client-pre-master', /^pre_master_secret/);
			if (kex === 'rsa') expect(pms).toMatch(/^0303[0-9a-f]{92}$/);
			else expect(pms).toHaveLength(64);
		});

		it(`${kex}: every wire view is soundly annotated, and the flights are those of TLS 1.2`, () => {
			const run = runs[kex]!;
			const messages = run.steps.filter((s) => s.kind === 'message');
			for (const m of messages) expect(checkAnnotations(m.wire!), m.id).toEqual([]);
			expect(messages.map((m) => `${m.side[0]}:${m.id}`)).toEqual([
				'c:client-hello',
				's:server-hello',
				'c:client-key-exchange',
				'c:client-change-cipher-spec',
				'c:client-finished',
				's:server-change-cipher-spec',
				's:server-finished',
				'c:request',
				's:response'
			]);
			// The record type of a protected TLS 1.2 record shows in clear (22 handshake, 23 data), unlike TLS 1.3.
			expect(messages.find((m) => m.id === 'client-finished')!.wire!.bytes[0]).toBe(22);
			expect(messages.find((m) => m.id === 'request')!.wire!.bytes[0]).toBe(23);
		});
	}

	it('rsa: the ClientKeyExchange carries 256 bytes that the server’s private key opens to the PreMasterSecret', () => {
		const run = runs.rsa!;
		const wire = run.steps.find((s) => s.id === 'client-key-exchange')!.wire!.bytes;
		// record header (5), handshake header (4), length (2), ciphertext
		expect(wire.length).toBe(5 + 4 + 2 + 256);
		const opened = unwrap(rsaDecryptPkcs1(server.privateKey, wire.subarray(11)));
		const pms = run.steps.find((s) => s.id === 'client-pre-master')!.secrets!.find((x) => x.name === 'pre_master_secret')!.bytes;
		expect(toHex(opened.message)).toBe(toHex(pms));
	});
});
