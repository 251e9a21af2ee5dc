/**
 * TLS 1.3 record protection (RFC 8446 sections 5.2 and 5.3): AES-GCM over TLSInnerPlaintext, with a
 * per-record nonce and the record header as additional data. Every failure comes back as a value.
 */
import { fail, ok, type Result } from '$lib/errors';
import type { LocalizedText } from '$lib/i18n/locales';
import { IV_LENGTH } from './keyschedule';
import { bufferSource, concatBytes, type WebCrypto } from './webcrypto';

export const ContentType = {
	changeCipherSpec: 20,
	alert: 21,
	handshake: 22,
	applicationData: 23
} as const;

/** The legacy_record_version every TLS 1.3 record carries, 0x0303 ("TLS 1.2"), so middleboxes let it pass. */
const LEGACY_RECORD_VERSION = [0x03, 0x03] as const;
export const RECORD_HEADER_LENGTH = 5;
export const AEAD_TAG_LENGTH = 16;
/** The most content one record may carry (2^14), and the most ciphertext (2^14 + 256). */
export const MAX_PLAINTEXT_LENGTH = 2 ** 14;
export const MAX_CIPHERTEXT_LENGTH = 2 ** 14 + 256;

/** The write key and IV of one direction and stage, as `trafficKeys` gives them. */
export interface RecordKeys {
	key: Uint8Array;
	iv: Uint8Array;
}

export type RecordErrorCode =
	| 'bad-key'
	| 'bad-sequence-number'
	| 'bad-content-type'
	| 'record-too-long'
	| 'record-truncated'
	| 'not-protected'
	| 'bad-tag'
	| 'no-content-type';

export interface ProtectedRecord {
	/** The whole record as it goes on the wire: header || encrypted_record. */
	record: Uint8Array;
	/** opaque_type 23, legacy_record_version 0x0303, length: also the AEAD's additional data. */
	header: Uint8Array;
	nonce: Uint8Array;
	/** content || content type || zero padding, before encryption. */
	innerPlaintext: Uint8Array;
	/** The AEAD output: ciphertext followed by the 16-byte tag. */
	encryptedRecord: Uint8Array;
}

export interface UnprotectedRecord {
	/** The real content type, read from the end of TLSInnerPlaintext. */
	contentType: number;
	content: Uint8Array;
	paddingLength: number;
	header: Uint8Array;
	nonce: Uint8Array;
	innerPlaintext: Uint8Array;
}

const MAX_SEQUENCE = 2n ** 64n;

/**
 * The per-record nonce (RFC 8446 section 5.3): the 64-bit sequence number, big-endian and left-padded
 * with zeros to the IV's length, XORed with the IV. A fresh nonce per record without sending one.
 */
export function recordNonce(iv: Uint8Array, sequenceNumber: bigint | number): Uint8Array {
	const nonce = new Uint8Array(iv);
	let rest = BigInt(sequenceNumber);
	for (let i = nonce.length - 1; i >= nonce.length - 8 && i >= 0; i--) {
		nonce[i] = nonce[i]! ^ Number(rest & 0xffn);
		rest >>= 8n;
	}
	return nonce;
}

/** The TLSCiphertext header: opaque_type 23 (application_data), 0x0303, and the length of what follows. */
export function recordHeader(encryptedLength: number): Uint8Array {
	return Uint8Array.of(ContentType.applicationData, ...LEGACY_RECORD_VERSION, encryptedLength >> 8, encryptedLength & 0xff);
}

const messages = {
	badKey: {
		en: 'The record key must be 16 bytes (AES-128-GCM) or 32 bytes (AES-256-GCM), and the IV 12 bytes.',
		'zh-CN': '记录密钥必须是 16 字节（AES-128-GCM）或 32 字节（AES-256-GCM），IV 必须是 12 字节。'
	},
	badSequenceNumber: {
		en: 'The record sequence number must be a whole number from 0 to 2^64 − 1; TLS never lets it wrap.',
		'zh-CN': '记录序列号必须是 0 到 2^64 − 1 之间的整数；TLS 不允许它回绕。'
	},
	badContentType: {
		en: 'The content type must be a number from 1 to 255: 0 would be read as padding.',
		'zh-CN': '内容类型必须是 1 到 255 之间的数：0 会被当成填充。'
	},
	tooLong: {
		en: 'The record is longer than TLS allows (2^14 bytes of content, 2^14 + 256 bytes of ciphertext). A peer would answer with a record_overflow alert.',
		'zh-CN': '记录超出了 TLS 允许的长度（内容最多 2^14 字节，密文最多 2^14 + 256 字节）。对端会回应 record_overflow 警报。'
	},
	truncated: {
		en: 'The record is cut short: it needs a 5-byte header, a 16-byte tag, and exactly as many bytes as its length field says.',
		'zh-CN': '记录不完整：它需要 5 字节的头部、16 字节的认证标签，并且字节数必须与长度字段一致。'
	},
	notProtected: {
		en: 'This is not a protected record: once keys are in use, every TLS 1.3 record says application_data (23) on the outside.',
		'zh-CN': '这不是受保护的记录：启用密钥之后，TLS 1.3 的每条记录在外层都标为 application_data（23）。'
	},
	badTag: {
		en: 'The authentication tag does not match: the record was changed on the way, or the key, IV or sequence number is wrong. TLS would end the connection with a bad_record_mac alert.',
		'zh-CN': '认证标签不匹配：记录在传输中被改动过，或者密钥、IV、序列号不对。TLS 会发送 bad_record_mac 警报并终止连接。'
	},
	noContentType: {
		en: 'The decrypted record is all zeros: there is no content type after the padding is removed. TLS would answer with an unexpected_message alert.',
		'zh-CN': '解密后的记录全是零：去掉填充后找不到内容类型。TLS 会回应 unexpected_message 警报。'
	}
} satisfies Record<string, LocalizedText>;

async function aesGcmKey(
	keys: RecordKeys,
	sequenceNumber: bigint | number,
	usage: KeyUsage,
	crypto: WebCrypto
): Promise<Result<{ key: CryptoKey; nonce: Uint8Array }, 'bad-key' | 'bad-sequence-number'>> {
	if ((keys.key.length !== 16 && keys.key.length !== 32) || keys.iv.length !== IV_LENGTH)
		return fail('bad-key', messages.badKey);
	const sequence = typeof sequenceNumber === 'number' && !Number.isSafeInteger(sequenceNumber) ? -1n : BigInt(sequenceNumber);
	if (sequence < 0n || sequence >= MAX_SEQUENCE) return fail('bad-sequence-number', messages.badSequenceNumber);
	const key = await crypto.subtle.importKey('raw', bufferSource(keys.key), { name: 'AES-GCM' }, false, [usage]);
	return ok({ key, nonce: recordNonce(keys.iv, sequence) });
}

export interface ProtectOptions {
	/** Zeros appended after the content type, to hide the content's length (RFC 8446 section 5.4). */
	paddingLength?: number;
	crypto?: WebCrypto;
}

/** Encrypts one record: TLSInnerPlaintext = content || type || zeros, sealed under AES-GCM. */
export async function protectRecord(
	keys: RecordKeys,
	sequenceNumber: bigint | number,
	contentType: number,
	content: Uint8Array,
	options: ProtectOptions = {}
): Promise<Result<ProtectedRecord, RecordErrorCode>> {
	const crypto = options.crypto ?? globalThis.crypto;
	const paddingLength = options.paddingLength ?? 0;
	if (!Number.isInteger(contentType) || contentType < 1 || contentType > 255)
		return fail('bad-content-type', messages.badContentType);
	if (content.length > MAX_PLAINTEXT_LENGTH || !Number.isInteger(paddingLength) || paddingLength < 0)
		return fail('record-too-long', messages.tooLong);
	const innerPlaintext = concatBytes(content, Uint8Array.of(contentType), new Uint8Array(paddingLength));
	// Padding counts too: the whole TLSInnerPlaintext may be at most 2^14 + 1 bytes.
	if (innerPlaintext.length > MAX_PLAINTEXT_LENGTH + 1) return fail('record-too-long', messages.tooLong);

	const prepared = await aesGcmKey(keys, sequenceNumber, 'encrypt', crypto);
	if (!prepared.ok) return prepared;
	const { key, nonce } = prepared.value;
	const header = recordHeader(innerPlaintext.length + AEAD_TAG_LENGTH);
	const encryptedRecord = new Uint8Array(
		await crypto.subtle.encrypt(
			{ name: 'AES-GCM', iv: bufferSource(nonce), additionalData: bufferSource(header), tagLength: AEAD_TAG_LENGTH * 8 },
			key,
			bufferSource(innerPlaintext)
		)
	);
	return ok({ record: concatBytes(header, encryptedRecord), header, nonce, innerPlaintext, encryptedRecord });
}

/**
 * Decrypts one whole record (header included, nothing after it), strips the zero padding and reads the
 * real content type. A bad tag, a malformed record or an all-zero plaintext come back as errors.
 */
export async function unprotectRecord(
	keys: RecordKeys,
	sequenceNumber: bigint | number,
	record: Uint8Array,
	options: { crypto?: WebCrypto } = {}
): Promise<Result<UnprotectedRecord, RecordErrorCode>> {
	const crypto = options.crypto ?? globalThis.crypto;
	if (record.length < RECORD_HEADER_LENGTH) return fail('record-truncated', messages.truncated);
	const header = record.slice(0, RECORD_HEADER_LENGTH);
	if (header[0] !== ContentType.applicationData) return fail('not-protected', messages.notProtected);
	const length = (header[3]! << 8) | header[4]!;
	if (length > MAX_CIPHERTEXT_LENGTH) return fail('record-too-long', messages.tooLong);
	if (length < AEAD_TAG_LENGTH + 1 || record.length !== RECORD_HEADER_LENGTH + length)
		return fail('record-truncated', messages.truncated);

	const prepared = await aesGcmKey(keys, sequenceNumber, 'decrypt', crypto);
	if (!prepared.ok) return prepared;
	const { key, nonce } = prepared.value;
	let innerPlaintext: Uint8Array;
	try {
		// The header as received is the additional data, so a changed header fails the tag too.
		innerPlaintext = new Uint8Array(
			await crypto.subtle.decrypt(
				{ name: 'AES-GCM', iv: bufferSource(nonce), additionalData: bufferSource(header), tagLength: AEAD_TAG_LENGTH * 8 },
				key,
				bufferSource(record.subarray(RECORD_HEADER_LENGTH))
			)
		);
	} catch {
		// Web Crypto says only "OperationError" for a tag that does not verify; that is all it can mean here.
		return fail('bad-tag', messages.badTag);
	}
	if (innerPlaintext.length > MAX_PLAINTEXT_LENGTH + 1) return fail('record-too-long', messages.tooLong);
	// The content type is the last non-zero byte; everything after it is padding.
	let typeAt = innerPlaintext.length - 1;
	while (typeAt >= 0 && innerPlaintext[typeAt] === 0) typeAt--;
	if (typeAt < 0) return fail('no-content-type', messages.noContentType);
	return ok({
		contentType: innerPlaintext[typeAt]!,
		content: innerPlaintext.slice(0, typeAt),
		paddingLength: innerPlaintext.length - typeAt - 1,
		header,
		nonce,
		innerPlaintext
	});
}
