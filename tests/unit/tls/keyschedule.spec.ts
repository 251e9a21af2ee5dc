import { describe, expect, it } from 'vitest';
import { fromHex, toBase64Url, toHex } from '$lib/bytes/encoding';
import {
	deriveSecret,
	finished,
	finishedKey,
	finishedVerifyData,
	hkdfExpand,
	hkdfExpandLabel,
	hkdfExtract,
	hkdfLabel,
	keySchedule,
	trafficKeys,
	transcriptHash,
	transcriptHashStep,
	type KeyStep
} from '$lib/tls/keyschedule';
import * as rfc8448 from '$lib/tls/rfc8448';

/** The RFC prints hex with spaces and line breaks; compare as plain lowercase hex. */
const hex = (text: string) => toHex(fromHex(text));
const bytes = fromHex;
const { messages: m } = rfc8448;

const handshakeUpTo = {
	serverHello: [m.clientHello, m.serverHello].map(bytes),
	certificateVerify: [m.clientHello, m.serverHello, m.encryptedExtensions, m.certificate, m.certificateVerify].map(bytes),
	serverFinished: [m.clientHello, m.serverHello, m.encryptedExtensions, m.certificate, m.certificateVerify, m.serverFinished].map(bytes),
	clientFinished: [
		m.clientHello,
		m.serverHello,
		m.encryptedExtensions,
		m.certificate,
		m.certificateVerify,
		m.serverFinished,
		m.clientFinished
	].map(bytes)
};

async function rfc8448Schedule() {
	return keySchedule({
		sharedSecret: bytes(rfc8448.x25519.sharedSecret),
		helloHash: await transcriptHash(handshakeUpTo.serverHello),
		serverFinishedHash: await transcriptHash(handshakeUpTo.serverFinished),
		clientFinishedHash: await transcriptHash(handshakeUpTo.clientFinished)
	});
}

describe('HKDF', () => {
	// RFC 5869 appendix A.1, test case 1 (SHA-256).
	it('matches RFC 5869 test case 1', async () => {
		const ikm = new Uint8Array(22).fill(0x0b);
		const salt = bytes('000102030405060708090a0b0c');
		const info = bytes('f0f1f2f3f4f5f6f7f8f9');
		const prk = await hkdfExtract(salt, ikm);
		expect(toHex(prk)).toBe('077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5');
		expect(toHex(await hkdfExpand(prk, info, 42))).toBe(
			'3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865'
		);
	});

	// Not an RFC vector: a cross-check of the hand-built SHA-384 path against an independent
	// implementation, Web Crypto's own HKDF (which does extract and expand in one call).
	it.each([1, 48, 49, 100])('agrees with Web Crypto HKDF for SHA-384, %i bytes', async (length) => {
		const ikm = Uint8Array.from({ length: 48 }, (_, i) => (i * 7 + 3) & 0xff);
		const salt = Uint8Array.from({ length: 20 }, (_, i) => i);
		const info = hkdfLabel('c hs traffic', new Uint8Array(48).fill(0xab), length);
		const baseKey = await crypto.subtle.importKey('raw', ikm, 'HKDF', false, ['deriveBits']);
		const webCrypto = new Uint8Array(
			await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-384', salt, info: new Uint8Array(info) }, baseKey, length * 8)
		);
		const prk = await hkdfExtract(salt, ikm, 'SHA-384');
		expect(prk).toHaveLength(48);
		expect(toHex(await hkdfExpand(prk, info, length, 'SHA-384'))).toBe(toHex(webCrypto));
	});

	it('treats an empty salt as HashLen zeros, as RFC 5869 says', async () => {
		const ikm = bytes('0102');
		expect(toHex(await hkdfExtract(new Uint8Array(0), ikm, 'SHA-384'))).toBe(
			toHex(await hkdfExtract(new Uint8Array(48), ikm, 'SHA-384'))
		);
	});

	it('refuses lengths HKDF cannot produce', async () => {
		await expect(hkdfExpand(new Uint8Array(32), new Uint8Array(0), 255 * 32 + 1)).rejects.toThrow(RangeError);
	});
});

describe('HkdfLabel and Transcript-Hash against RFC 8448', () => {
	it('builds the info bytes the RFC prints', () => {
		const hashes = rfc8448.transcriptHashes;
		expect(toHex(hkdfLabel('derived', bytes(hashes.empty), 32))).toBe(hex(rfc8448.hkdfLabels.derived));
		expect(toHex(hkdfLabel('c hs traffic', bytes(hashes.clientHelloToServerHello), 32))).toBe(
			hex(rfc8448.hkdfLabels.clientHandshakeTraffic)
		);
		expect(toHex(hkdfLabel('key', new Uint8Array(0), 16))).toBe(hex(rfc8448.hkdfLabels.key));
		expect(toHex(hkdfLabel('iv', new Uint8Array(0), 12))).toBe(hex(rfc8448.hkdfLabels.iv));
		expect(toHex(hkdfLabel('finished', new Uint8Array(0), 32))).toBe(hex(rfc8448.hkdfLabels.finished));
	});

	it('hashes the handshake messages to the hashes the RFC prints', async () => {
		const hashes = rfc8448.transcriptHashes;
		expect(toHex(await transcriptHash([]))).toBe(hex(hashes.empty));
		expect(toHex(await transcriptHash(handshakeUpTo.serverHello))).toBe(hex(hashes.clientHelloToServerHello));
		expect(toHex(await transcriptHash(handshakeUpTo.serverFinished))).toBe(hex(hashes.clientHelloToServerFinished));
		expect(toHex(await transcriptHash(handshakeUpTo.clientFinished))).toBe(hex(hashes.clientHelloToClientFinished));
	});

	it('finds the randoms where the hellos carry them', () => {
		expect(toHex(bytes(m.clientHello).subarray(6, 38))).toBe(hex(rfc8448.randoms.client));
		expect(toHex(bytes(m.serverHello).subarray(6, 38))).toBe(hex(rfc8448.randoms.server));
	});

	it('records a transcript hash as a step', async () => {
		const step = await transcriptHashStep('hello-hash', [
			{ name: 'ClientHello', bytes: bytes(m.clientHello) },
			{ name: 'ServerHello', bytes: bytes(m.serverHello) }
		]);
		expect(step.op).toBe('hash');
		expect(step.inputs.map((i) => i.name)).toEqual(['ClientHello', 'ServerHello']);
		expect(toHex(step.output)).toBe(hex(rfc8448.transcriptHashes.clientHelloToServerHello));
	});
});

describe('key schedule against RFC 8448 section 3', () => {
	it('derives every secret the RFC prints from the shared secret and the messages', async () => {
		const { secrets } = await rfc8448Schedule();
		// Our name for each secret, and the RFC's.
		const names = {
			earlySecret: 'early',
			derivedForHandshake: 'derivedForHandshake',
			handshakeSecret: 'handshake',
			clientHandshakeTrafficSecret: 'clientHandshakeTraffic',
			serverHandshakeTrafficSecret: 'serverHandshakeTraffic',
			derivedForMaster: 'derivedForMaster',
			masterSecret: 'master',
			clientApplicationTrafficSecret0: 'clientApplicationTraffic0',
			serverApplicationTrafficSecret0: 'serverApplicationTraffic0',
			exporterMasterSecret: 'exporterMaster',
			resumptionMasterSecret: 'resumptionMaster'
		} as const;
		const entries = Object.entries(names) as [keyof typeof names, (typeof names)[keyof typeof names]][];
		const derived = Object.fromEntries(entries.map(([ours]) => [ours, secrets[ours] && toHex(secrets[ours])]));
		const printed = Object.fromEntries(entries.map(([ours, theirs]) => [ours, hex(rfc8448.secrets[theirs])]));
		expect(derived).toEqual(printed);
		// No PSK and no ClientHello hash: nothing for the secrets that need them.
		expect(secrets.binderKey).toBeUndefined();
		expect(secrets.clientEarlyTrafficSecret).toBeUndefined();
	});

	it('agrees with Derive-Secret called directly', async () => {
		const secret = await deriveSecret(
			bytes(rfc8448.secrets.handshake),
			'c hs traffic',
			bytes(rfc8448.transcriptHashes.clientHelloToServerHello)
		);
		expect(toHex(secret)).toBe(hex(rfc8448.secrets.clientHandshakeTraffic));
	});

	it.each([
		['serverHandshake', 'serverHandshakeTraffic'],
		['clientHandshake', 'clientHandshakeTraffic'],
		['serverApplication', 'serverApplicationTraffic0'],
		['clientApplication', 'clientApplicationTraffic0']
	] as const)('derives the %s key and IV', async (keysName, secretName) => {
		const keys = await trafficKeys(bytes(rfc8448.secrets[secretName]), 'TLS_AES_128_GCM_SHA256', { id: keysName });
		expect(toHex(keys.key)).toBe(hex(rfc8448.trafficKeys[keysName].key));
		expect(toHex(keys.iv)).toBe(hex(rfc8448.trafficKeys[keysName].iv));
		expect(keys.steps.map((s) => [s.id, s.op, s.label])).toEqual([
			[`${keysName}-key`, 'expand-label', 'key'],
			[`${keysName}-iv`, 'expand-label', 'iv']
		]);
		expect(toHex(keys.steps[0]!.inputs[2]!.bytes)).toBe(hex(rfc8448.hkdfLabels.key));
	});

	it('computes both Finished MACs, equal to the verify_data in the Finished messages', async () => {
		const server = await finished(
			bytes(rfc8448.secrets.serverHandshakeTraffic),
			await transcriptHash(handshakeUpTo.certificateVerify),
			'SHA-256',
			{ id: 'server-finished', from: 'server-handshake-traffic' }
		);
		expect(toHex(server.finishedKey)).toBe(hex(rfc8448.finished.serverFinishedKey));
		expect(toHex(server.verifyData)).toBe(hex(rfc8448.finished.serverVerifyData));
		expect(toHex(bytes(m.serverFinished).subarray(4))).toBe(toHex(server.verifyData));
		expect(server.steps.map((s) => s.op)).toEqual(['expand-label', 'hmac']);
		expect(server.steps[1]!.inputs[0]!.from).toBe('server-finished-key');

		const clientKey = await finishedKey(bytes(rfc8448.secrets.clientHandshakeTraffic));
		expect(toHex(clientKey)).toBe(hex(rfc8448.finished.clientFinishedKey));
		const clientVerifyData = await finishedVerifyData(clientKey, await transcriptHash(handshakeUpTo.serverFinished));
		expect(toHex(clientVerifyData)).toBe(hex(rfc8448.finished.clientVerifyData));
		expect(toHex(bytes(m.clientFinished).subarray(4))).toBe(toHex(clientVerifyData));
	});

	it('returns a graph: unique ids, edges to earlier steps, outputs equal to the secrets', async () => {
		const { secrets, steps } = await rfc8448Schedule();
		const ids = steps.map((s) => s.id);
		expect(new Set(ids).size).toBe(ids.length);
		steps.forEach((step, index) => {
			for (const input of step.inputs)
				if (input.from !== undefined) expect(ids.slice(0, index)).toContain(input.from);
		});
		const output = (id: string) => toHex(steps.find((s) => s.id === id)!.output);
		expect(output('handshake-secret')).toBe(toHex(secrets.handshakeSecret));
		expect(output('resumption-master')).toBe(toHex(secrets.resumptionMasterSecret!));
		const extract = steps.find((s) => s.id === 'handshake-secret')!;
		expect(extract.op).toBe('extract');
		expect(extract.inputs.map((i) => i.from)).toEqual(['derived-for-handshake', undefined]);
		expect(toHex(extract.inputs[1]!.bytes)).toBe(hex(rfc8448.x25519.sharedSecret));
		const clientHandshake = steps.find((s) => s.id === 'client-handshake-traffic')!;
		expect(clientHandshake).toMatchObject({ op: 'derive-secret', label: 'c hs traffic' });
		expect(toHex(clientHandshake.inputs[2]!.bytes)).toBe(hex(rfc8448.hkdfLabels.clientHandshakeTraffic));
	});

	it('explains every step in English and in Chinese', async () => {
		const { steps } = await rfc8448Schedule();
		const keys = await trafficKeys(bytes(rfc8448.secrets.clientHandshakeTraffic), 'TLS_AES_128_GCM_SHA256');
		const mac = await finished(bytes(rfc8448.secrets.clientHandshakeTraffic), new Uint8Array(32));
		const all: KeyStep[] = [...steps, ...keys.steps, ...mac.steps];
		for (const step of all) {
			expect(step.explanation.en.length, step.id).toBeGreaterThan(20);
			expect(step.explanation['zh-CN'], step.id).toMatch(/[\u4e00-\u9fff]/);
		}
	});
});

describe('key schedule with a PSK (RFC 8448 sections 3 and 4)', () => {
	it('turns the ticket into the PSK, and the PSK into the early secret, binder key and binder', async () => {
		const r = rfc8448.resumption;
		const psk = await hkdfExpandLabel(bytes(rfc8448.secrets.resumptionMaster), 'resumption', bytes(r.ticketNonce), 32);
		expect(toHex(psk)).toBe(hex(r.psk));

		const { secrets, steps } = await keySchedule({
			sharedSecret: new Uint8Array(32),
			psk,
			pskKind: 'resumption',
			clientHelloHash: bytes(r.binderHash),
			helloHash: new Uint8Array(32),
			serverFinishedHash: new Uint8Array(32)
		});
		expect(toHex(secrets.earlySecret)).toBe(hex(r.earlySecret));
		expect(toHex(secrets.binderKey!)).toBe(hex(r.binderKey));
		expect(steps.find((s) => s.id === 'binder-key')?.label).toBe('res binder');
		expect(secrets.clientEarlyTrafficSecret).toHaveLength(32);
		expect(secrets.earlyExporterMasterSecret).toHaveLength(32);

		// The binder is a Finished MAC keyed by the binder key, over the truncated ClientHello.
		const binder = await finished(secrets.binderKey!, bytes(r.binderHash));
		expect(toHex(binder.finishedKey)).toBe(hex(r.binderFinishedKey));
		expect(toHex(binder.verifyData)).toBe(hex(r.binder));
	});

	it('uses "ext binder" for an external PSK', async () => {
		const { secrets, steps } = await keySchedule({
			sharedSecret: new Uint8Array(32),
			psk: bytes(rfc8448.resumption.psk),
			pskKind: 'external',
			helloHash: new Uint8Array(32),
			serverFinishedHash: new Uint8Array(32)
		});
		expect(steps.find((s) => s.id === 'binder-key')?.label).toBe('ext binder');
		expect(toHex(secrets.binderKey!)).not.toBe(hex(rfc8448.resumption.binderKey));
	});
});

describe('key schedule with SHA-384 (TLS_AES_256_GCM_SHA384)', () => {
	// Not RFC 8448 (it has no SHA-384 trace): the connection of https://tls13.xargs.org ("The Illustrated
	// TLS 1.3 Connection"), whose values several independent implementations reproduce in their tests.
	const xargs = {
		sharedSecret: 'df4a291baa1eb7cfa6934b29b474baad2697e29f1f920dcc77c8a0a088447624',
		helloHash: 'e05f64fcd082bdb0dce473adf669c2769f257a1c75a51b7887468b5e0e7a7de4f4d34555112077f16e079019d5a845bd',
		earlySecret: '7ee8206f5570023e6dc7519eb1073bc4e791ad37b5c382aa10ba18e2357e716971f9362f2c2fe2a76bfd78dfec4ea9b5',
		derivedForHandshake: '1591dac5cbbf0330a4a84de9c753330e92d01f0a88214b4464972fd668049e93e52f2b16fad922fdc0584478428f282b',
		handshakeSecret: 'bdbbe8757494bef20de932598294ea65b5e6bf6dc5c02a960a2de2eaa9b07c929078d2caa0936231c38d1725f179d299',
		clientHandshakeTraffic: 'db89d2d6df0e84fed74a2288f8fd4d0959f790ff23946cdf4c26d85e51bebd42ae184501972f8d30c4a3e4a3693d0ef0',
		serverHandshakeTraffic: '23323da031634b241dd37d61032b62a4f450584d1f7f47983ba2f7cc0cdcc39a68f481f2b019f9403a3051908a5d1622',
		clientHandshakeKey: '1135b4826a9a70257e5a391ad93093dfd7c4214812f493b3e3daae1eb2b1ac69',
		clientHandshakeIv: '4256d2e0e88babdd05eb2f27',
		serverHandshakeKey: '9f13575ce3f8cfc1df64a77ceaffe89700b492ad31b4fab01c4792be1b266b7f',
		serverHandshakeIv: '9563bc8b590f671f488d2da3'
	};

	it('derives the handshake secrets and 32-byte AES-256-GCM keys', async () => {
		const { secrets } = await keySchedule({
			sharedSecret: bytes(xargs.sharedSecret),
			helloHash: bytes(xargs.helloHash),
			serverFinishedHash: new Uint8Array(48),
			hash: 'SHA-384'
		});
		expect(toHex(secrets.earlySecret)).toBe(xargs.earlySecret);
		expect(toHex(secrets.derivedForHandshake)).toBe(xargs.derivedForHandshake);
		expect(toHex(secrets.handshakeSecret)).toBe(xargs.handshakeSecret);
		expect(toHex(secrets.clientHandshakeTrafficSecret)).toBe(xargs.clientHandshakeTraffic);
		expect(toHex(secrets.serverHandshakeTrafficSecret)).toBe(xargs.serverHandshakeTraffic);
		expect(secrets.masterSecret).toHaveLength(48);

		const client = await trafficKeys(secrets.clientHandshakeTrafficSecret, 'TLS_AES_256_GCM_SHA384');
		const server = await trafficKeys(secrets.serverHandshakeTrafficSecret, 'TLS_AES_256_GCM_SHA384');
		expect([toHex(client.key), toHex(client.iv)]).toEqual([xargs.clientHandshakeKey, xargs.clientHandshakeIv]);
		expect([toHex(server.key), toHex(server.iv)]).toEqual([xargs.serverHandshakeKey, xargs.serverHandshakeIv]);
		expect(toHex(client.steps[0]!.inputs[2]!.bytes)).toBe('002009746c73313320' + '6b657900');
	});
});

describe('X25519 on Web Crypto (RFC 8448 key pairs)', () => {
	/** Web Crypto takes an X25519 private key as JWK (or PKCS #8); the JWK holds the raw `d` and `x`. */
	async function importPair(privateKey: string, publicKey: string) {
		const jwk: JsonWebKey = {
			kty: 'OKP',
			crv: 'X25519',
			d: toBase64Url(bytes(privateKey)),
			x: toBase64Url(bytes(publicKey))
		};
		return crypto.subtle.importKey('jwk', jwk, { name: 'X25519' }, false, ['deriveBits']);
	}
	const importPublic = (publicKey: string) =>
		crypto.subtle.importKey('raw', new Uint8Array(bytes(publicKey)), { name: 'X25519' }, true, []);

	it('gives the RFC shared secret from either side', async () => {
		const k = rfc8448.x25519;
		const clientSide = await crypto.subtle.deriveBits(
			{ name: 'X25519', public: await importPublic(k.serverPublicKey) },
			await importPair(k.clientPrivateKey, k.clientPublicKey),
			256
		);
		const serverSide = await crypto.subtle.deriveBits(
			{ name: 'X25519', public: await importPublic(k.clientPublicKey) },
			await importPair(k.serverPrivateKey, k.serverPublicKey),
			256
		);
		expect(toHex(new Uint8Array(clientSide))).toBe(hex(k.sharedSecret));
		expect(toHex(new Uint8Array(serverSide))).toBe(hex(k.sharedSecret));
	});

	it('finds the public keys in the key_share extensions of the hellos', () => {
		expect(hex(m.clientHello)).toContain('001d0020' + hex(rfc8448.x25519.clientPublicKey));
		expect(hex(m.serverHello)).toContain('001d0020' + hex(rfc8448.x25519.serverPublicKey));
	});
});
