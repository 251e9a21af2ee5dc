/**
 * TLS 1.2's key derivation (RFC 5246 sections 5, 6.3, 7.4.9, 8.1) and its AEAD records (section 6.2.3.3, RFC 5288):
 * what TLS 1.3 replaced with HKDF and the key schedule. Kept for the side-by-side comparison and the
 * forward-secrecy demo, computed for real so Wireshark can decrypt what the page produces.
 */
import { fail, ok, type Result } from '$lib/errors';
import type { LocalizedText } from '$lib/i18n/locales';
import { hmac, type HashName } from './keyschedule';
import { AEAD_TAG_LENGTH, RECORD_HEADER_LENGTH } from './record';
import { bufferSource, concatBytes, type WebCrypto } from './webcrypto';
import { text } from './wire';

const encoder = new TextEncoder();

/** P_hash(secret, seed) = HMAC(secret, A(1) + seed) + HMAC(secret, A(2) + seed) + …, with A(0) = seed, A(i) = HMAC(secret, A(i-1)). */
async function pHash(secret: Uint8Array, seed: Uint8Array, length: number, hash: HashName, crypto: WebCrypto): Promise<Uint8Array> {
	const out = new Uint8Array(length);
	let a = seed;
	for (let filled = 0; filled < length; ) {
		a = await hmac(secret, a, hash, crypto);
		const block = await hmac(secret, concatBytes(a, seed), hash, crypto);
		out.set(block.subarray(0, length - filled), filled);
		filled += block.length;
	}
	return out;
}

/** PRF(secret, label, seed) = P_SHA256(secret, label + seed): the TLS 1.2 PRF for every suite defined since RFC 5246. */
export function tls12Prf(secret: Uint8Array, label: string, seed: Uint8Array, length: number, hash: HashName = 'SHA-256', crypto: WebCrypto = globalThis.crypto): Promise<Uint8Array> {
	return pHash(secret, concatBytes(encoder.encode(label), seed), length, hash, crypto);
}

/** master_secret = PRF(pre_master_secret, "master secret", ClientHello.random + ServerHello.random)[0..47]. */
export function tls12MasterSecret(preMasterSecret: Uint8Array, clientRandom: Uint8Array, serverRandom: Uint8Array, crypto?: WebCrypto): Promise<Uint8Array> {
	return tls12Prf(preMasterSecret, 'master secret', concatBytes(clientRandom, serverRandom), 48, 'SHA-256', crypto);
}

/** The keys of an AES-GCM suite: a write key and a 4-byte implicit nonce ("salt") per direction; no MAC keys. */
export interface Tls12Keys {
	clientKey: Uint8Array;
	serverKey: Uint8Array;
	clientSalt: Uint8Array;
	serverSalt: Uint8Array;
}

/** key_block = PRF(master_secret, "key expansion", server_random + client_random), cut into keys (note the swapped randoms). */
export async function tls12KeyBlock(masterSecret: Uint8Array, clientRandom: Uint8Array, serverRandom: Uint8Array, keyLength = 16, crypto?: WebCrypto): Promise<Tls12Keys> {
	const block = await tls12Prf(masterSecret, 'key expansion', concatBytes(serverRandom, clientRandom), 2 * keyLength + 8, 'SHA-256', crypto);
	return {
		clientKey: block.slice(0, keyLength),
		serverKey: block.slice(keyLength, 2 * keyLength),
		clientSalt: block.slice(2 * keyLength, 2 * keyLength + 4),
		serverSalt: block.slice(2 * keyLength + 4)
	};
}

/** verify_data = PRF(master_secret, "client finished" | "server finished", SHA-256(handshake messages))[0..11]. */
export function tls12VerifyData(masterSecret: Uint8Array, side: 'client' | 'server', handshakeHash: Uint8Array, crypto?: WebCrypto): Promise<Uint8Array> {
	return tls12Prf(masterSecret, `${side} finished`, handshakeHash, 12, 'SHA-256', crypto);
}

/** What a TLS 1.2 AEAD record authenticates besides its content: seq_num + type + version + plaintext length. */
function additionalData(sequence: bigint, type: number, length: number): Uint8Array {
	const aad = new Uint8Array(13);
	const view = new DataView(aad.buffer);
	view.setBigUint64(0, sequence);
	aad[8] = type;
	aad[9] = 3;
	aad[10] = 3;
	view.setUint16(11, length);
	return aad;
}

const EXPLICIT_NONCE_LENGTH = 8;

export interface Tls12SealedRecord {
	record: Uint8Array;
	/** The GCM nonce: the 4-byte salt from the key block and the 8-byte explicit part sent in the record. */
	nonce: Uint8Array;
	aad: Uint8Array;
}

/**
 * One AES-GCM record of TLS 1.2: header (the real content type, in clear), the explicit nonce (here the sequence
 * number, as most implementations send it), ciphertext and tag. Unlike TLS 1.3, the type and length show.
 */
export async function sealTls12Record(key: Uint8Array, salt: Uint8Array, sequence: number, type: number, content: Uint8Array, crypto: WebCrypto = globalThis.crypto): Promise<Tls12SealedRecord> {
	const explicit = new Uint8Array(EXPLICIT_NONCE_LENGTH);
	new DataView(explicit.buffer).setBigUint64(0, BigInt(sequence));
	const nonce = concatBytes(salt, explicit);
	const aad = additionalData(BigInt(sequence), type, content.length);
	const aes = await crypto.subtle.importKey('raw', bufferSource(key), 'AES-GCM', false, ['encrypt']);
	const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv: bufferSource(nonce), additionalData: bufferSource(aad) }, aes, bufferSource(content)));
	const length = EXPLICIT_NONCE_LENGTH + sealed.length;
	const header = Uint8Array.of(type, 3, 3, length >> 8, length & 0xff);
	return { record: concatBytes(header, explicit, sealed), nonce, aad };
}

export type Tls12RecordErrorCode = 'truncated' | 'bad-tag';

/** Opens a record sealed as above; the sequence number is the reader's own count, as in TLS. */
export async function openTls12Record(key: Uint8Array, salt: Uint8Array, sequence: number, record: Uint8Array, crypto: WebCrypto = globalThis.crypto): Promise<Result<{ type: number; content: Uint8Array }, Tls12RecordErrorCode>> {
	const length = record.length - RECORD_HEADER_LENGTH;
	if (length < EXPLICIT_NONCE_LENGTH + AEAD_TAG_LENGTH || ((record[3]! << 8) | record[4]!) !== length) return fail('truncated', messages.truncated);
	const type = record[0]!;
	const explicit = record.subarray(RECORD_HEADER_LENGTH, RECORD_HEADER_LENGTH + EXPLICIT_NONCE_LENGTH);
	const sealed = record.subarray(RECORD_HEADER_LENGTH + EXPLICIT_NONCE_LENGTH);
	const aad = additionalData(BigInt(sequence), type, sealed.length - AEAD_TAG_LENGTH);
	const aes = await crypto.subtle.importKey('raw', bufferSource(key), 'AES-GCM', false, ['decrypt']);
	try {
		const content = new Uint8Array(
			await crypto.subtle.decrypt({ name: 'AES-GCM', iv: bufferSource(concatBytes(salt, explicit)), additionalData: bufferSource(aad) }, aes, bufferSource(sealed))
		);
		return ok({ type, content });
	} catch {
		return fail('bad-tag', messages.badTag);
	}
}


const messages = {
	truncated: text('The record is cut short: a TLS 1.2 GCM record needs an 8-byte explicit nonce and a 16-byte tag.', '记录不完整：TLS 1.2 的 GCM 记录需要 8 字节的显式 nonce 和 16 字节的认证标签。'),
	badTag: text(
		'The authentication tag does not match: wrong keys, or the record was changed. A TLS 1.2 peer answers bad_record_mac.',
		'认证标签不匹配：密钥不对，或记录被改动过。TLS 1.2 的对端会回应 bad_record_mac。'
	)
} satisfies Record<string, LocalizedText>;
