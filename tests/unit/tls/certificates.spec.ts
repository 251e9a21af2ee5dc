import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromHex, toHex } from '$lib/bytes/encoding';
import { bufferSource } from '$lib/tls/webcrypto';
import { transcriptHash } from '$lib/tls/keyschedule';
import * as rfc8448 from '$lib/tls/rfc8448';
import {
	certificatePublicKey,
	certificateVerifyContent,
	checkOrder,
	createDemoPki,
	ecdsaDerToP1363,
	ecdsaP1363ToDer,
	isDnsName,
	issueCertificate,
	matchesServerName,
	signCertificateVerify,
	verifyCertificateVerify,
	verifyServerChain,
	type CertificateCheckId,
	type CertificateProfile,
	type DemoPki,
	type IssuedCertificate,
	type VerifyChainOptions
} from '$lib/tls/certificates';
import type { Result } from '$lib/errors';

const NOW = new Date('2026-11-26T12:00:00Z');
const HOUR = 3_600_000;
const SERVER = 'server.wirewalk.test';

function unwrap<T>(result: Result<T>): T {
	if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message.en}`);
	return result.value;
}

async function demoPki(options: { serverName?: string; caName?: string } = {}): Promise<DemoPki> {
	return unwrap(await createDemoPki({ serverName: options.serverName ?? SERVER, caName: options.caName, now: NOW }));
}

async function verdict(options: Partial<VerifyChainOptions> & { pki: DemoPki }) {
	const { pki, ...rest } = options;
	return unwrap(
		await verifyServerChain({ chain: pki.chain, trustAnchors: pki.trustAnchors, serverName: SERVER, now: NOW, ...rest })
	);
}

/** Which checks passed, by id: a failure shows as the one `false` where it belongs. */
function outcome(checks: { id: CertificateCheckId; ok: boolean }[]): Record<CertificateCheckId, boolean> {
	return Object.fromEntries(checks.map((c) => [c.id, c.ok])) as Record<CertificateCheckId, boolean>;
}

const allPass = Object.fromEntries(checkOrder.map((id) => [id, true])) as Record<CertificateCheckId, boolean>;

const validNow = { notBefore: new Date(NOW.getTime() - HOUR), notAfter: new Date(NOW.getTime() + HOUR) };

/** A server certificate as the demo makes it, valid around NOW, changed as a test needs. */
async function issue(overrides: Partial<CertificateProfile> = {}): Promise<IssuedCertificate> {
	const profile: CertificateProfile = {
		commonName: SERVER,
		dnsNames: [SERVER],
		isCa: false,
		keyUsage: ['digitalSignature'],
		serverAuth: true,
		...validNow,
		...overrides
	};
	return unwrap(await issueCertificate(profile));
}

const issuedBy = (issuer: IssuedCertificate) => ({ issuer: { der: issuer.der, keys: issuer.keys } });

let pki: DemoPki;
beforeAll(async () => {
	pki = await demoPki();
});

describe('demo PKI', () => {
	it('makes a root and a server certificate that the client trusts', async () => {
		expect(pki.ca.subject).toBe('CN=Wirewalk Demo Root CA, O=Wirewalk demo');
		expect(pki.server.subject).toBe(`CN=${SERVER}, O=Wirewalk demo`);
		expect(pki.ca.pem).toMatch(/^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE-----$/);
		expect(pki.chain).toEqual([pki.server.der]);
		expect(pki.trustAnchors).toEqual([pki.ca.der]);
		// The CA: an hour before now to a day after; the server's inside it.
		expect(pki.ca.notBefore.getTime()).toBe(NOW.getTime() - HOUR);
		expect(pki.ca.notAfter.getTime()).toBe(NOW.getTime() + 24 * HOUR);
		expect(pki.server.notBefore.getTime()).toBeGreaterThanOrEqual(pki.ca.notBefore.getTime());
		expect(pki.server.notAfter.getTime()).toBeLessThanOrEqual(pki.ca.notAfter.getTime());
		expect(pki.server.keys.privateKey.algorithm).toMatchObject({ name: 'ECDSA', namedCurve: 'P-256' });

		const result = await verdict({ pki });
		expect(result.trusted).toBe(true);
		expect(result.failed).toBeUndefined();
		expect(result.checks.map((c) => c.id)).toEqual(checkOrder);
		expect(outcome(result.checks)).toEqual(allPass);
		expect(result.path).toEqual([pki.server.subject, pki.ca.subject]);
		expect(result.summary.en).toContain(SERVER);
		for (const check of result.checks) {
			expect(check.explanation.en.length).toBeGreaterThan(20);
			expect(check.explanation['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
		}
	});

	it('refuses a server name a certificate cannot carry', async () => {
		for (const name of ['bad_name.test', '-a.test', '192.0.2.1', 'a..test', '*.test', 'x.*.test', '']) {
			expect(isDnsName(name), name).toBe(false);
			const result = await createDemoPki({ serverName: name, now: NOW });
			expect(result.ok).toBe(false);
			if (!result.ok) expect(result.error.code).toBe('bad-server-name');
		}
		for (const name of ['localhost', 'a-b.example', '*.wirewalk.test', 'xn--bcher-kva.example.']) expect(isDnsName(name), name).toBe(true);
	});

	it('a wildcard certificate covers one label', async () => {
		const wild = await demoPki({ serverName: '*.wirewalk.test' });
		expect((await verdict({ pki: wild, serverName: 'www.wirewalk.test' })).trusted).toBe(true);
		const deeper = await verdict({ pki: wild, serverName: 'a.b.wirewalk.test' });
		expect(deeper.failed?.id).toBe('name');
	});
});

describe('the client rejects a bad chain at the right check', () => {
	it('wrong name', async () => {
		const result = await verdict({ pki, serverName: 'bank.example' });
		expect(result.trusted).toBe(false);
		expect(result.failed?.id).toBe('name');
		expect(outcome(result.checks)).toEqual({ ...allPass, name: false });
		expect(result.failed?.explanation.en).toContain('bank.example');
		expect(result.failed?.explanation.en).toContain(SERVER);
		expect(result.summary.en).toContain('Server name');
		expect(result.summary['zh-CN']).toContain('服务器名称');
	});

	it('expired at a later now', async () => {
		const later = new Date(NOW.getTime() + 2 * 24 * HOUR);
		const result = await verdict({ pki, now: later });
		expect(result.failed?.id).toBe('validity');
		expect(outcome(result.checks)).toEqual({ ...allPass, validity: false });
		expect(result.failed?.explanation.en).toMatch(/expired at 2026-11-27T11:00:00Z, and the time is now 2026-11-28T12:00:00Z/);
	});

	it('not yet valid', async () => {
		const earlier = new Date(NOW.getTime() - 2 * HOUR);
		const result = await verdict({ pki, now: earlier });
		expect(result.failed?.id).toBe('validity');
		expect(result.failed?.explanation.en).toContain('not valid before 2026-11-26T11:00:00Z');
	});

	it('validity includes both ends (RFC 5280)', async () => {
		expect((await verdict({ pki, now: pki.server.notAfter })).trusted).toBe(true);
		expect((await verdict({ pki, now: new Date(pki.server.notAfter.getTime() + 1000) })).failed?.id).toBe('validity');
	});

	it('leaf signed by another CA of the same name: the signature fails', async () => {
		const impostor = await demoPki();
		const result = await verdict({ pki, chain: impostor.chain });
		expect(result.failed?.id).toBe('signature');
		expect(outcome(result.checks)).toEqual({ ...allPass, signature: false });
	});

	it('leaf signed by another CA under another name: no issuer', async () => {
		const other = await demoPki({ caName: 'Some Other CA' });
		const result = await verdict({ pki, chain: other.chain });
		expect(result.failed?.id).toBe('issuer');
		expect(result.failed?.explanation.en).toContain('CN=Some Other CA');
		expect(result.path).toEqual([other.server.subject]);
	});

	it('a self-signed server certificate is not trusted', async () => {
		const self = await issue();
		const result = await verdict({ pki, chain: [self.der] });
		expect(result.failed?.id).toBe('issuer');
		expect(result.failed?.explanation.en).toContain('signed itself');
	});

	it('CA:false used as an issuer', async () => {
		// The server's own certificate (CA:FALSE) signs a certificate for another name.
		const forged = await issue({ commonName: 'bank.example', dnsNames: ['bank.example'], ...issuedBy(pki.server) });
		const result = await verdict({ pki, chain: [forged.der, pki.server.der], serverName: 'bank.example' });
		expect(result.path).toEqual([forged.subject, pki.server.subject, pki.ca.subject]);
		expect(result.failed?.id).toBe('basic-constraints');
		expect(result.failed?.explanation.en).toContain(`${pki.server.subject} signed ${forged.subject}`);
		// Its keyUsage lacks keyCertSign as well; the first failure is what the client reports.
		expect(outcome(result.checks)).toEqual({ ...allPass, 'basic-constraints': false, 'key-usage': false });
	});

	it('a flipped byte in the leaf’s signature', async () => {
		const tampered = new Uint8Array(pki.server.der);
		tampered[tampered.length - 1]! ^= 0x01; // the last byte of s in the signatureValue BIT STRING
		const result = await verdict({ pki, chain: [tampered] });
		expect(result.failed?.id).toBe('signature');
		expect(outcome(result.checks)).toEqual({ ...allPass, signature: false });
	});

	it('a leaf without digitalSignature', async () => {
		const leaf = await issue({ keyUsage: ['cRLSign'], ...issuedBy(pki.ca) });
		const result = await verdict({ pki, chain: [leaf.der] });
		expect(result.failed?.id).toBe('key-usage');
		expect(result.failed?.explanation.en).toContain('digitalSignature');
	});

	it('an intermediate CA, and a path longer than the root allows', async () => {
		const ca: Partial<CertificateProfile> = { dnsNames: [], isCa: true, keyUsage: ['keyCertSign'], serverAuth: false };
		const strictRoot = await issue({ ...ca, commonName: 'Strict Root', pathLength: 0 });
		const intermediate = await issue({ ...ca, commonName: 'Intermediate', ...issuedBy(strictRoot) });
		const leaf = await issue(issuedBy(intermediate));
		const strict = await verdict({ pki, chain: [leaf.der, intermediate.der], trustAnchors: [strictRoot.der] });
		expect(strict.path).toEqual([leaf.subject, intermediate.subject, strictRoot.subject]);
		expect(strict.failed?.id).toBe('basic-constraints');
		expect(strict.failed?.explanation.en).toContain('at most 0 intermediate');

		// The same shape under the demo root (no path length limit), with the root sent along too.
		const intermediate2 = await issue({ ...ca, commonName: 'Intermediate', keys: intermediate.keys, ...issuedBy(pki.ca) });
		const fine = await verdict({ pki, chain: [leaf.der, intermediate2.der, pki.ca.der] });
		expect(fine.trusted).toBe(true);
		expect(fine.path).toEqual([leaf.subject, intermediate2.subject, pki.ca.subject]);
	});

	it('input that is not a certificate is an error value, not a verdict', async () => {
		const empty = await verifyServerChain({ chain: [], trustAnchors: pki.trustAnchors, serverName: SERVER, now: NOW });
		expect(empty.ok ? 'ok' : empty.error.code).toBe('empty-chain');
		const junk = await verifyServerChain({ chain: [pki.server.der.subarray(0, 40)], trustAnchors: pki.trustAnchors, serverName: SERVER, now: NOW });
		expect(junk.ok ? 'ok' : junk.error.code).toBe('malformed-certificate');
		if (!junk.ok) expect(junk.error.message['zh-CN']).toContain('第 1 张');
	});
});

describe('server name matching (RFC 6125, SAN dNSName only)', () => {
	it.each([
		['server.wirewalk.test', 'server.wirewalk.test', true],
		['Server.WireWalk.test', 'server.wirewalk.TEST', true],
		['server.wirewalk.test.', 'server.wirewalk.test', true],
		['server.wirewalk.test', 'www.wirewalk.test', false],
		['*.wirewalk.test', 'www.wirewalk.test', true],
		['*.wirewalk.test', 'WWW.Wirewalk.Test', true],
		['*.wirewalk.test', 'wirewalk.test', false],
		['*.wirewalk.test', 'a.b.wirewalk.test', false],
		['*.wirewalk.test', '.wirewalk.test', false],
		['w*.wirewalk.test', 'www.wirewalk.test', false],
		['www.*.test', 'www.wirewalk.test', false],
		['*.*.test', 'a.wirewalk.test', false],
		['*.test', 'wirewalk.test', false],
		['*.wirewalk.test', '*.wirewalk.test', false]
	])('%s against %s: %s', (presented, reference, expected) => {
		expect(matchesServerName(presented, reference)).toBe(expected);
	});

	it('does not fall back to the Common Name', async () => {
		const noSan = await issue({ dnsNames: [], ...issuedBy(pki.ca) });
		const result = await verdict({ pki, chain: [noSan.der] });
		expect(result.failed?.id).toBe('name');
		expect(result.failed?.explanation.en).toContain('no subjectAltName');
	});
});

describe('openssl reads what Web Crypto and the library made', () => {
	let dir: string;
	const openssl = (...args: string[]) => {
		const run = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
		if (run.error) throw new Error(`openssl could not run (${run.error.message}): install Debian's openssl package (apt-get install -y openssl).`);
		return { status: run.status, out: run.stdout + run.stderr };
	};

	beforeAll(() => {
		dir = mkdtempSync(join(tmpdir(), 'wirewalk-certs-'));
		expect(openssl('version').out).toMatch(/^OpenSSL \d/);
		writeFileSync(join(dir, 'ca.der'), pki.ca.der);
		writeFileSync(join(dir, 'server.der'), pki.server.der);
		writeFileSync(join(dir, 'ca.pem'), pki.ca.pem);
		writeFileSync(join(dir, 'server.pem'), pki.server.pem);
	});
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('parses the server certificate', () => {
		const { status, out } = openssl('x509', '-inform', 'DER', '-in', 'server.der', '-noout', '-text');
		expect(status).toBe(0);
		expect(out).toContain('Version: 3 (0x2)');
		expect(out).toMatch(/Issuer: CN ?= ?Wirewalk Demo Root CA, O ?= ?Wirewalk demo/);
		expect(out).toMatch(new RegExp(`Subject: CN ?= ?${SERVER.replace(/\./g, '\\.')}, O ?= ?Wirewalk demo`));
		expect(out).toContain('Not Before: Nov 26 11:00:00 2026 GMT');
		expect(out).toContain('Not After : Nov 27 11:00:00 2026 GMT');
		expect(out).toContain('Public Key Algorithm: id-ecPublicKey');
		expect(out).toContain('Public-Key: (256 bit)');
		expect(out).toContain('NIST CURVE: P-256');
		expect(out).toContain('Signature Algorithm: ecdsa-with-SHA256');
		expect(out).toMatch(/X509v3 Subject Alternative Name: *\n\s+DNS:server\.wirewalk\.test\n/);
		expect(out).toMatch(/X509v3 Key Usage: critical\n\s+Digital Signature\n/);
		expect(out).toMatch(/X509v3 Extended Key Usage: *\n\s+TLS Web Server Authentication\n/);
		expect(out).toMatch(/X509v3 Basic Constraints: critical\n\s+CA:FALSE\n/);
		expect(out).toContain('X509v3 Authority Key Identifier');
	});

	it('parses the CA certificate', () => {
		const { status, out } = openssl('x509', '-inform', 'DER', '-in', 'ca.der', '-noout', '-text');
		expect(status).toBe(0);
		expect(out).toMatch(/X509v3 Basic Constraints: critical\n\s+CA:TRUE\n/);
		expect(out).toMatch(/X509v3 Key Usage: critical\n\s+Certificate Sign, CRL Sign\n/);
		expect(out).toContain('NIST CURVE: P-256');
		expect(out).toContain('X509v3 Subject Key Identifier');
	});

	it('verifies the chain, the name and the purpose', () => {
		const at = String(NOW.getTime() / 1000);
		const good = openssl('verify', '-attime', at, '-purpose', 'sslserver', '-verify_hostname', SERVER, '-CAfile', 'ca.pem', 'server.pem');
		expect(good.out.trim()).toBe('server.pem: OK');
		expect(good.status).toBe(0);
		const wrongName = openssl('verify', '-attime', at, '-verify_hostname', 'bank.example', '-CAfile', 'ca.pem', 'server.pem');
		expect(wrongName.status).not.toBe(0);
		expect(wrongName.out).toContain('hostname mismatch');
		const expired = openssl('verify', '-attime', String(NOW.getTime() / 1000 + 2 * 86400), '-CAfile', 'ca.pem', 'server.pem');
		expect(expired.out).toContain('certificate has expired');
	});

	it('verifies our DER ECDSA CertificateVerify signature', async () => {
		const hash = new Uint8Array(32).fill(0xab);
		const signed = unwrap(await signCertificateVerify(pki.server.keys.privateKey, hash));
		writeFileSync(join(dir, 'content.bin'), signed.signedContent);
		writeFileSync(join(dir, 'sig.der'), signed.signature);
		const pub = openssl('x509', '-in', 'server.pem', '-noout', '-pubkey');
		writeFileSync(join(dir, 'server.pub'), pub.out);
		const result = openssl('dgst', '-sha256', '-verify', 'server.pub', '-signature', 'sig.der', 'content.bin');
		expect(result.out.trim()).toBe('Verified OK');
	});
});

describe('CertificateVerify (RFC 8446 section 4.4.3)', () => {
	it('signs exactly 64 spaces, the context string, a zero byte and the transcript hash', () => {
		const hash = fromHex('00'.repeat(31) + '01');
		const content = certificateVerifyContent(hash);
		expect(content.length).toBe(64 + 33 + 1 + 32);
		expect(toHex(content)).toBe(
			'20'.repeat(64) + toHex(new TextEncoder().encode('TLS 1.3, server CertificateVerify')) + '00' + toHex(hash)
		);
		expect(new TextDecoder().decode(certificateVerifyContent(hash, 'client').subarray(64, 97))).toBe('TLS 1.3, client CertificateVerify');
	});

	it('round-trips with ecdsa_secp256r1_sha256, and refuses a changed transcript', async () => {
		const hash = await transcriptHash([fromHex('01000004deadbeef')]);
		const signed = unwrap(await signCertificateVerify(pki.server.keys.privateKey, hash));
		expect(signed.scheme).toBe('ecdsa_secp256r1_sha256');
		expect(signed.algorithm).toBe(0x0403);
		expect(signed.signature[0]).toBe(0x30); // DER, not Web Crypto's 64-byte r || s
		expect(signed.signature.length).toBeGreaterThanOrEqual(8);
		expect(signed.signature.length).toBeLessThanOrEqual(72);

		// The client takes the key from the certificate, as it would from the Certificate message.
		const key = unwrap(await certificatePublicKey(pki.server.der, 0x0403));
		expect(unwrap(await verifyCertificateVerify(key, hash, signed.signature, 0x0403)).scheme).toBe('ecdsa_secp256r1_sha256');

		const otherHash = new Uint8Array(hash);
		otherHash[0]! ^= 0x80;
		const bad = await verifyCertificateVerify(key, otherHash, signed.signature, 'ecdsa_secp256r1_sha256');
		expect(bad.ok ? 'ok' : bad.error.code).toBe('bad-signature');
		if (!bad.ok) expect(bad.error.message.en).toContain('decrypt_error');
	});

	it('says which scheme or key does not fit', async () => {
		const hash = new Uint8Array(32);
		const key = unwrap(await certificatePublicKey(pki.server.der, 'ecdsa_secp256r1_sha256'));
		const unknown = await verifyCertificateVerify(key, hash, new Uint8Array(8), 0x0807);
		expect(unknown.ok ? 'ok' : unknown.error.code).toBe('unsupported-signature-scheme');
		if (!unknown.ok) expect(unknown.error.message.en).toContain('0x0807');
		const mismatch = await verifyCertificateVerify(key, hash, new Uint8Array(128), 0x0804);
		expect(mismatch.ok ? 'ok' : mismatch.error.code).toBe('wrong-key-type');
		const hmac = await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
		const cannotSign = await signCertificateVerify(hmac, hash);
		expect(cannotSign.ok ? 'ok' : cannotSign.error.code).toBe('wrong-key-type');
		const garbled = await verifyCertificateVerify(key, hash, fromHex('3006020101020101ff'), 0x0403);
		expect(garbled.ok ? 'ok' : garbled.error.code).toBe('malformed-signature');
	});

	describe('RFC 8448 section 3: the server’s rsa_pss_rsae_sha256 signature', () => {
		const m = rfc8448.messages;
		const certificateMessage = fromHex(m.certificate);
		// Certificate: type, 3-byte length, empty request context, 3-byte list length, 3-byte cert_data length.
		const certLength = (certificateMessage[8]! << 16) | (certificateMessage[9]! << 8) | certificateMessage[10]!;
		const certDer = certificateMessage.subarray(11, 11 + certLength);
		const cv = fromHex(m.certificateVerify);
		const algorithm = (cv[4]! << 8) | cv[5]!;
		const signature = cv.subarray(8, 8 + ((cv[6]! << 8) | cv[7]!));
		const hashUpToCertificate = () =>
			transcriptHash([m.clientHello, m.serverHello, m.encryptedExtensions, m.certificate].map(fromHex));

		it('parses the messages as the RFC lays them out', () => {
			expect(certLength).toBe(0x1b0);
			expect(algorithm).toBe(0x0804);
			expect(signature.length).toBe(128);
			expect(8 + signature.length).toBe(cv.length);
		});

		it('verifies over Transcript-Hash(ClientHello..Certificate)', async () => {
			const key = unwrap(await certificatePublicKey(certDer, algorithm));
			expect(key.algorithm).toMatchObject({ name: 'RSA-PSS', modulusLength: 1024 });
			const result = unwrap(await verifyCertificateVerify(key, await hashUpToCertificate(), signature, algorithm));
			expect(result.scheme).toBe('rsa_pss_rsae_sha256');
		});

		it('fails with a flipped byte in the signature or the hash', async () => {
			const key = unwrap(await certificatePublicKey(certDer, algorithm));
			const hash = await hashUpToCertificate();
			const flipped = new Uint8Array(signature);
			flipped[64]! ^= 0x01;
			const badSignature = await verifyCertificateVerify(key, hash, flipped, algorithm);
			expect(badSignature.ok ? 'ok' : badSignature.error.code).toBe('bad-signature');
			hash[31]! ^= 0x01;
			const badHash = await verifyCertificateVerify(key, hash, signature, algorithm);
			expect(badHash.ok ? 'ok' : badHash.error.code).toBe('bad-signature');
		});
	});
});

describe('ECDSA signatures: Web Crypto’s r || s and TLS’s DER', () => {
	const p1363 = (r: string, s: string) => fromHex(r + s);
	const r32 = (first: string) => first + '11'.repeat(32 - first.length / 2);

	it('pads an integer whose high bit is set with 0x00', () => {
		const sig = p1363(r32('80'), r32('7f'));
		const der = unwrap(ecdsaP1363ToDer(sig));
		expect(toHex(der)).toBe('3045' + '022100' + r32('80') + '0220' + r32('7f'));
		expect(toHex(unwrap(ecdsaDerToP1363(der)))).toBe(toHex(sig));
	});

	it('drops leading zero bytes, and puts them back', () => {
		const r = '00'.repeat(31) + '01';
		const s = '0000' + 'ff' + '22'.repeat(29); // after the zeros, a high bit: one 0x00 comes back
		const der = unwrap(ecdsaP1363ToDer(p1363(r, s)));
		expect(toHex(der)).toBe('3024' + '020101' + '021f00ff' + '22'.repeat(29));
		expect(toHex(unwrap(ecdsaDerToP1363(der)))).toBe(r + s);
		expect(toHex(unwrap(ecdsaP1363ToDer(new Uint8Array(64))))).toBe('3006020100020100');
	});

	it('round-trips real signatures', async () => {
		const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
		for (let i = 0; i < 40; i++) {
			const data = Uint8Array.of(i);
			const sig = new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, keys.privateKey, data));
			const der = unwrap(ecdsaP1363ToDer(sig));
			expect(der[1]).toBe(der.length - 2);
			const back = unwrap(ecdsaDerToP1363(der));
			expect(toHex(back)).toBe(toHex(sig));
			expect(await crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, keys.publicKey, bufferSource(back), data)).toBe(true);
		}
	});

	it.each([
		['wrong outer tag', '3106020101020101'],
		['trailing byte', '300602010102010100'],
		['length past the end', '3007020101020101'],
		['negative integer', '3006020181020101'],
		['needless 0x00 pad', '300702020001020101'],
		['long-form length for a short value', '308106020101020101'],
		['integer wider than 32 bytes', '3027' + '022201' + '11'.repeat(33) + '020101'],
		['empty integer', '30050200020101'],
		['one integer', '3003020101'],
		['nothing', '']
	])('rejects %s', (_, hex) => {
		const result = ecdsaDerToP1363(fromHex(hex));
		expect(result.ok ? 'ok' : result.error.code).toBe('malformed-signature');
	});

	it('rejects r || s of odd length', () => {
		const result = ecdsaP1363ToDer(new Uint8Array(63));
		expect(result.ok ? 'ok' : result.error.code).toBe('malformed-signature');
	});
});
