/**
 * The key material of a scripted run (session.ts): ephemeral (EC)DHE key pairs on Web Crypto, and the named
 * secrets its steps show, each with the RFC's printed value in RFC 8448 mode and an openssl line that recomputes
 * it from the bytes on the page.
 */
import { fromBase64Url, fromHex, toBase64Url, toHex } from '$lib/bytes/encoding';
import { fail, ok, type Result } from '$lib/errors';
import type { LocalizedText } from '$lib/i18n/locales';
import { keySchedule, trafficKeys, type HashName, type KeyStep } from './keyschedule';
import * as rfc8448 from './rfc8448';
import type { TlsMode, TlsSecretValue } from './steps';
import { bufferSource, type WebCrypto } from './webcrypto';
import { text } from './wire';

export type GroupName = 'x25519' | 'secp256r1';

/** NamedGroup code points (RFC 8446 section 4.2.7). */
export const groupCodes = { x25519: 0x001d, secp256r1: 0x0017 } as const satisfies Record<GroupName, number>;

const algorithms = {
	x25519: { name: 'X25519' },
	secp256r1: { name: 'ECDH', namedCurve: 'P-256' }
} as const satisfies Record<GroupName, Algorithm | EcKeyGenParams>;

/** key_exchange lengths: 32 bytes for x25519, the uncompressed point 0x04 || X || Y for P-256 (RFC 8446 4.2.8.2). */
const shareLengths = { x25519: 32, secp256r1: 65 } as const satisfies Record<GroupName, number>;

export interface EphemeralKey {
	group: GroupName;
	keys: CryptoKeyPair;
	/** The private key as RFC 8448 prints it: the 32-byte x25519 scalar, or P-256's d. */
	privateKey: Uint8Array;
	/** key_exchange as it goes in the key_share extension. */
	publicKey: Uint8Array;
	/** PKCS#8 DER of the private key, for the openssl lines. */
	pkcs8: Uint8Array;
}

export interface PeerKey {
	key: CryptoKey;
	/** SubjectPublicKeyInfo DER, for the openssl lines. */
	spki: Uint8Array;
}

export const keyMessages = {
	unsupported: (group: GroupName): LocalizedText =>
		text(`This browser’s Web Crypto cannot make ${group} keys.`, `此浏览器的 Web Crypto 无法生成 ${group} 密钥。`),
	badShare: (group: GroupName): LocalizedText =>
		text(
			`The ${group} key share is not a valid public key (wrong length, or not a point on the curve): the peer sends illegal_parameter.`,
			`这个 ${group} 密钥共享不是有效的公钥（长度不对，或不在曲线上）：对端会发送 illegal_parameter 警报。`
		),
	zeroSecret: text(
		'The shared secret came out all zeros: the peer’s key is a small-order point, chosen to force a known secret. RFC 8446 section 7.4.2 says to abort with illegal_parameter.',
		'共享密钥算出来全是零：对方的公钥是一个小阶点，目的是强制得到已知的密钥。RFC 8446 第 7.4.2 节要求以 illegal_parameter 警报中止。'
	)
} as const;

async function describe(group: GroupName, keys: CryptoKeyPair, crypto: WebCrypto): Promise<EphemeralKey> {
	const jwk = await crypto.subtle.exportKey('jwk', keys.privateKey);
	const publicKey = new Uint8Array(await crypto.subtle.exportKey('raw', keys.publicKey));
	const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', keys.privateKey));
	return { group, keys, privateKey: fromBase64Url(jwk.d ?? ''), publicKey, pkcs8 };
}

/** A fresh key pair, extractable so that the page can show the private key (it is thrown away after the run). */
export async function generateEphemeral(group: GroupName, crypto: WebCrypto): Promise<Result<EphemeralKey, 'unsupported-group'>> {
	try {
		const made = await crypto.subtle.generateKey(algorithms[group], true, ['deriveBits']);
		if (!('privateKey' in made)) return fail('unsupported-group', keyMessages.unsupported(group));
		return ok(await describe(group, made, crypto));
	} catch {
		// Web Crypto says NotSupportedError (or a TypeError in older engines) for a curve it lacks.
		return fail('unsupported-group', keyMessages.unsupported(group));
	}
}

/** An x25519 key pair from its printed bytes (RFC 8448's), by way of a JWK: Web Crypto takes raw x25519 private keys no other way. */
export async function importX25519(privateHex: string, publicHex: string, crypto: WebCrypto): Promise<EphemeralKey> {
	const jwk: JsonWebKey = { kty: 'OKP', crv: 'X25519', d: toBase64Url(fromHex(privateHex)), x: toBase64Url(fromHex(publicHex)) };
	const privateKey = await crypto.subtle.importKey('jwk', jwk, algorithms.x25519, true, ['deriveBits']);
	const publicKey = await crypto.subtle.importKey('raw', bufferSource(fromHex(publicHex)), algorithms.x25519, true, []);
	return describe('x25519', { privateKey, publicKey }, crypto);
}

/** The peer's key_share as a key; importing a P-256 point checks that it is on the curve. */
export async function importPeerShare(group: GroupName, bytes: Uint8Array, crypto: WebCrypto): Promise<Result<PeerKey, 'bad-key-share'>> {
	if (bytes.length !== shareLengths[group] || (group === 'secp256r1' && bytes[0] !== 0x04))
		return fail('bad-key-share', keyMessages.badShare(group));
	try {
		const key = await crypto.subtle.importKey('raw', bufferSource(bytes), algorithms[group], true, []);
		return ok({ key, spki: new Uint8Array(await crypto.subtle.exportKey('spki', key)) });
	} catch {
		return fail('bad-key-share', keyMessages.badShare(group));
	}
}

/** ECDH: 32 bytes, the x25519 output or P-256's x-coordinate (RFC 8446 section 7.4.2). */
export async function sharedSecret(own: EphemeralKey, peer: PeerKey, crypto: WebCrypto): Promise<Result<Uint8Array, 'bad-key-share'>> {
	let secret: Uint8Array;
	try {
		const params = { name: algorithms[own.group].name, public: peer.key };
		secret = new Uint8Array(await crypto.subtle.deriveBits(params, own.keys.privateKey, 256));
	} catch {
		// Some engines refuse a small-order x25519 point themselves instead of returning zeros.
		return fail('bad-key-share', keyMessages.zeroSecret);
	}
	return secret.every((b) => b === 0) ? fail('bad-key-share', keyMessages.zeroSecret) : ok(secret);
}

// ---- the secrets a step shows ----

/** `printf <hex> | xxd -r -p`: the bytes on the page, back as binary for openssl. */
const bytesIn = (bytes: Uint8Array) => `printf '${toHex(bytes)}' | xxd -r -p`;

/** Shows a private key (and the public key it implies) in openssl, from the exact bytes of this run. */
export function privateKeyCommand(key: EphemeralKey): string {
	return `${bytesIn(key.pkcs8)} | openssl pkey -inform DER -noout -text`;
}

/** Recomputes the shared secret with openssl from one side's private key and the other side's public key. */
export function ecdheCommand(own: EphemeralKey, ownName: string, peer: PeerKey, peerName: string): string {
	return [
		`${bytesIn(own.pkcs8)} | openssl pkey -inform DER -out ${ownName}.pem`,
		`${bytesIn(peer.spki)} | openssl pkey -pubin -inform DER -out ${peerName}-pub.pem`,
		`openssl pkeyutl -derive -inkey ${ownName}.pem -peerkey ${peerName}-pub.pem | xxd -p -c 64`
	].join('\n');
}

/**
 * The openssl line for one node of the key schedule. HKDF-Extract and the Finished MAC are one HMAC each;
 * HKDF-Expand-Label is HKDF-Expand with the HkdfLabel bytes (the node's third input) as info.
 */
export function keyStepCommand(step: KeyStep, hash: HashName): string | undefined {
	const digest = hash === 'SHA-384' ? 'sha384' : 'sha256';
	const [first, second, third] = step.inputs;
	switch (step.op) {
		case 'extract':
		case 'hmac':
			// extract: inputs are [salt, IKM] and PRK = HMAC(salt, IKM); hmac: [finished_key, transcript hash].
			return first && second && `${bytesIn(second.bytes)} | openssl dgst -${digest} -mac HMAC -macopt hexkey:${toHex(first.bytes)}`;
		case 'expand-label':
		case 'derive-secret':
			return (
				first &&
				third &&
				`openssl kdf -keylen ${step.output.length} -kdfopt digest:${digest.toUpperCase()} -kdfopt mode:EXPAND_ONLY -kdfopt hexkey:${toHex(first.bytes)} -kdfopt hexinfo:${toHex(third.bytes)} HKDF`
			);
		default:
			return undefined;
	}
}

/** The RFC 8446 name of each key-schedule node a step shows as a secret, and the value RFC 8448 section 3 prints. */
const namedNodes: Record<string, { name: string; rfc: string }> = {
	'early-secret': { name: 'Early Secret', rfc: rfc8448.secrets.early },
	'derived-for-handshake': { name: 'Derive-Secret(Early Secret, "derived", "")', rfc: rfc8448.secrets.derivedForHandshake },
	'handshake-secret': { name: 'Handshake Secret', rfc: rfc8448.secrets.handshake },
	'client-handshake-traffic': { name: 'client_handshake_traffic_secret', rfc: rfc8448.secrets.clientHandshakeTraffic },
	'server-handshake-traffic': { name: 'server_handshake_traffic_secret', rfc: rfc8448.secrets.serverHandshakeTraffic },
	'derived-for-master': { name: 'Derive-Secret(Handshake Secret, "derived", "")', rfc: rfc8448.secrets.derivedForMaster },
	'master-secret': { name: 'Master Secret', rfc: rfc8448.secrets.master },
	'client-application-traffic-0': { name: 'client_application_traffic_secret_0', rfc: rfc8448.secrets.clientApplicationTraffic0 },
	'server-application-traffic-0': { name: 'server_application_traffic_secret_0', rfc: rfc8448.secrets.serverApplicationTraffic0 },
	'exporter-master': { name: 'exporter_master_secret', rfc: rfc8448.secrets.exporterMaster },
	'resumption-master': { name: 'resumption_master_secret', rfc: rfc8448.secrets.resumptionMaster },
	'server-handshake-key': { name: 'server_write_key (handshake)', rfc: rfc8448.trafficKeys.serverHandshake.key },
	'server-handshake-iv': { name: 'server_write_iv (handshake)', rfc: rfc8448.trafficKeys.serverHandshake.iv },
	'client-handshake-key': { name: 'client_write_key (handshake)', rfc: rfc8448.trafficKeys.clientHandshake.key },
	'client-handshake-iv': { name: 'client_write_iv (handshake)', rfc: rfc8448.trafficKeys.clientHandshake.iv },
	'server-application-key': { name: 'server_write_key (application)', rfc: rfc8448.trafficKeys.serverApplication.key },
	'server-application-iv': { name: 'server_write_iv (application)', rfc: rfc8448.trafficKeys.serverApplication.iv },
	'client-application-key': { name: 'client_write_key (application)', rfc: rfc8448.trafficKeys.clientApplication.key },
	'client-application-iv': { name: 'client_write_iv (application)', rfc: rfc8448.trafficKeys.clientApplication.iv },
	'server-finished-key': { name: 'server finished_key', rfc: rfc8448.finished.serverFinishedKey },
	'server-finished-verify-data': { name: 'server Finished verify_data', rfc: rfc8448.finished.serverVerifyData },
	'client-finished-key': { name: 'client finished_key', rfc: rfc8448.finished.clientFinishedKey },
	'client-finished-verify-data': { name: 'client Finished verify_data', rfc: rfc8448.finished.clientVerifyData }
};

/** The named secrets among key-schedule nodes (transcript hashes are not secrets and are left to the graph). */
export function secretsOf(nodes: readonly KeyStep[], mode: TlsMode, hash: HashName): TlsSecretValue[] {
	return nodes.flatMap((node) => {
		const named = namedNodes[node.id];
		if (!named) return [];
		return [secret(named.name, node.output, mode, named.rfc, keyStepCommand(node, hash))];
	});
}

export function secret(name: string, bytes: Uint8Array, mode: TlsMode, rfc: string | undefined, command?: string): TlsSecretValue {
	const value: TlsSecretValue = { name, bytes };
	if (mode === 'rfc8448' && rfc !== undefined) value.expected = fromHex(rfc);
	if (command) value.command = command;
	return value;
}

/** The RFC 8448 values of the key pairs and the shared secret, by side. */
export const rfcKeys = {
	client: { privateKey: rfc8448.x25519.clientPrivateKey, publicKey: rfc8448.x25519.clientPublicKey },
	server: { privateKey: rfc8448.x25519.serverPrivateKey, publicKey: rfc8448.x25519.serverPublicKey },
	sharedSecret: rfc8448.x25519.sharedSecret
} as const;

// ---- the two stages of the key schedule ----

const CIPHER = 'TLS_AES_128_GCM_SHA256';

/** The key-schedule nodes of each stage, as keySchedule() names them. */
const HANDSHAKE_NODES = new Set(['empty-hash', 'early-secret', 'derived-for-handshake', 'handshake-secret', 'client-handshake-traffic', 'server-handshake-traffic']);
const MASTER_NODES = new Set(['derived-for-master', 'master-secret', 'client-application-traffic-0', 'server-application-traffic-0', 'exporter-master', 'resumption-master']);

/** The handshake stage: its nodes (after the transcript hash), both traffic secrets and both directions' record keys. */
export async function handshakeStage(sharedSecret: Uint8Array, helloHash: KeyStep, crypto: WebCrypto) {
	// keySchedule() derives every stage at once, and the application stage needs a transcript that does not exist
	// yet: zeros stand in for it, and only the handshake-stage nodes are kept (the rest is derived again later).
	const { secrets, steps } = await keySchedule({ sharedSecret, helloHash: helloHash.output, serverFinishedHash: new Uint8Array(32), crypto });
	const server = await trafficKeys(secrets.serverHandshakeTrafficSecret, CIPHER, { id: 'server-handshake', from: 'server-handshake-traffic', crypto });
	const client = await trafficKeys(secrets.clientHandshakeTrafficSecret, CIPHER, { id: 'client-handshake', from: 'client-handshake-traffic', crypto });
	return {
		nodes: [helloHash, ...steps.filter((n) => HANDSHAKE_NODES.has(n.id)), ...server.steps, ...client.steps],
		serverSecret: secrets.serverHandshakeTrafficSecret,
		clientSecret: secrets.clientHandshakeTrafficSecret,
		server,
		client
	};
}

/** The application stage, from the transcript up to the server's Finished (and the client's, for resumption). */
export async function applicationStage(
	sharedSecret: Uint8Array,
	helloHash: Uint8Array,
	serverFinishedHash: Uint8Array,
	clientFinishedHash: Uint8Array | undefined,
	crypto: WebCrypto
) {
	const { secrets, steps } = await keySchedule({ sharedSecret, helloHash, serverFinishedHash, clientFinishedHash, crypto });
	const server = await trafficKeys(secrets.serverApplicationTrafficSecret0, CIPHER, { id: 'server-application', from: 'server-application-traffic-0', crypto });
	const client = await trafficKeys(secrets.clientApplicationTrafficSecret0, CIPHER, { id: 'client-application', from: 'client-application-traffic-0', crypto });
	return { nodes: [...steps.filter((n) => MASTER_NODES.has(n.id)), ...server.steps, ...client.steps], server, client };
}
