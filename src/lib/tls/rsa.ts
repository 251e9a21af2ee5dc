/**
 * RSA by hand, for the TLS 1.2 key transport that many notes still describe: the client pads a 48-byte
 * PreMasterSecret with PKCS#1 v1.5 (RFC 8017 section 7.2) and encrypts it with the server's public key. Web Crypto
 * offers only RSA-OAEP for encryption, so the padding and the modular arithmetic are done here with BigInt.
 * This is teaching code: it is not constant-time, and it must never guard a real secret.
 */
import type { AnnotatedBytes } from '$lib/bytes/annotated';
import { fromBase64Url, toHex } from '$lib/bytes/encoding';
import { fail, ok, type Result } from '$lib/errors';
import type { LocalizedText } from '$lib/i18n/locales';
import { AnnotatedWriter, byteCount, text } from './wire';

export interface RsaPublicKey {
	n: bigint;
	e: bigint;
	/** The modulus length in bytes (k in RFC 8017): 256 for RSA-2048. */
	length: number;
}

export interface RsaPrivateKey extends RsaPublicKey {
	d: bigint;
	/** The CRT parameters, when known, make decryption about four times faster. */
	crt?: { p: bigint; q: bigint; dp: bigint; dq: bigint; qi: bigint };
}

export type RsaErrorCode = 'bad-key' | 'message-too-long' | 'bad-ciphertext' | 'bad-padding';

export function bytesToBigInt(bytes: Uint8Array): bigint {
	return bytes.length === 0 ? 0n : BigInt(`0x${toHex(bytes)}`);
}

/** Big-endian, left-padded with zeros to `length` bytes (I2OSP in RFC 8017). */
export function bigIntToBytes(value: bigint, length: number): Uint8Array {
	const out = new Uint8Array(length);
	let rest = value;
	for (let i = length - 1; i >= 0; i--) {
		out[i] = Number(rest & 0xffn);
		rest >>= 8n;
	}
	if (rest !== 0n) throw new RangeError(`${value} does not fit in ${length} bytes`);
	return out;
}

/** base^exponent mod modulus, by square-and-multiply. */
export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
	if (modulus === 1n) return 0n;
	let result = 1n;
	let b = base % modulus;
	let e = exponent;
	while (e > 0n) {
		if (e & 1n) result = (result * b) % modulus;
		b = (b * b) % modulus;
		e >>= 1n;
	}
	return result;
}

const jwkNumber = (value: string | undefined) => (value ? bytesToBigInt(fromBase64Url(value)) : undefined);

/** A Web Crypto RSA key exported as JWK (public or private), as numbers. */
export function rsaKeyFromJwk(jwk: JsonWebKey): Result<RsaPrivateKey | RsaPublicKey, 'bad-key'> {
	const n = jwkNumber(jwk.n);
	const e = jwkNumber(jwk.e);
	if (jwk.kty !== 'RSA' || !n || !e) return fail('bad-key', messages.badKey);
	const length = Math.ceil(n.toString(16).length / 2);
	const d = jwkNumber(jwk.d);
	if (!d) return ok({ n, e, length });
	const [p, q, dp, dq, qi] = [jwk.p, jwk.q, jwk.dp, jwk.dq, jwk.qi].map(jwkNumber);
	const crt = p && q && dp && dq && qi ? { p, q, dp, dq, qi } : undefined;
	return ok(crt ? { n, e, length, d, crt } : { n, e, length, d });
}

export function isPrivateKey(key: RsaPublicKey): key is RsaPrivateKey {
	return 'd' in key;
}

/** RSAEP: c = m^e mod n. */
function rsaPublic(key: RsaPublicKey, m: bigint): bigint {
	return modPow(m, key.e, key.n);
}

/** RSADP: m = c^d mod n, through the Chinese remainder theorem when the key has its primes (RFC 8017 5.1.2). */
function rsaPrivate(key: RsaPrivateKey, c: bigint): bigint {
	if (!key.crt) return modPow(c, key.d, key.n);
	const { p, q, dp, dq, qi } = key.crt;
	const m1 = modPow(c % p, dp, p);
	const m2 = modPow(c % q, dq, q);
	const h = (((m1 - m2) % p) + p) % p;
	return m2 + ((qi * h) % p) * q;
}

/** The encoded message EM = 0x00 || 0x02 || PS || 0x00 || M, annotated, as RSAES-PKCS1-v1_5 builds it. */
export function pkcs1v15Pad(message: Uint8Array, keyLength: number, random: (length: number) => Uint8Array, about: PaddedMessageText = defaultText): Result<AnnotatedBytes, 'message-too-long'> {
	const psLength = keyLength - message.length - 3;
	if (psLength < 8) return fail('message-too-long', messages.tooLong(message.length, keyLength));
	// PS is random and must hold no zero byte: the first zero after it is where the message starts.
	const ps = new Uint8Array(psLength);
	let filled = 0;
	for (let round = 0; filled < psLength && round < 1000; round++)
		for (const byte of random(psLength - filled)) if (byte !== 0 && filled < psLength) ps[filled++] = byte;
	if (filled < psLength) throw new Error('the random source gave only zero bytes');
	const w = new AnnotatedWriter();
	w.section('pkcs1', text('PKCS#1 v1.5 encryption block', 'PKCS#1 v1.5 加密块'));
	w.u8('zero', 0, { label: text('leading zero', '前导零'), explanation: text('Keeps the number smaller than the modulus.', '保证这个数小于模数。') });
	w.u8('block-type', 2, {
		label: text('block type 2', '块类型 2'),
		explanation: text('2 means encryption with random padding (1 was for signatures).', '2 表示用随机填充加密（1 用于签名）。')
	});
	w.bytes('padding', ps, {
		label: text('random non-zero padding', '随机非零填充'),
		explanation: text(
			`${byteCount(psLength)} of random non-zero bytes, so the same secret never encrypts to the same ciphertext.`,
			`${psLength} 字节的随机非零字节，使同一个秘密每次加密的结果都不同。`
		)
	});
	w.u8('separator', 0, { label: text('separator', '分隔符'), explanation: text('The first zero byte after the padding: the message starts here.', '填充之后的第一个零字节：消息从这里开始。') });
	w.bytes('message', message, about.message);
	return ok(w.finish());
}

export interface PaddedMessageText {
	message: { label: LocalizedText; explanation: LocalizedText };
}

const defaultText: PaddedMessageText = {
	message: { label: text('message', '消息'), explanation: text('The bytes being encrypted.', '被加密的字节。') }
};

/** RSAES-PKCS1-v1_5-ENCRYPT: the padded block and the ciphertext (k bytes). */
export function rsaEncryptPkcs1(
	key: RsaPublicKey,
	message: Uint8Array,
	random: (length: number) => Uint8Array,
	about?: PaddedMessageText
): Result<{ padded: AnnotatedBytes; ciphertext: Uint8Array }, 'message-too-long'> {
	const padded = pkcs1v15Pad(message, key.length, random, about);
	if (!padded.ok) return padded;
	const c = rsaPublic(key, bytesToBigInt(padded.value.bytes));
	return ok({ padded: padded.value, ciphertext: bigIntToBytes(c, key.length) });
}

/**
 * RSAES-PKCS1-v1_5-DECRYPT: the encoded block and the message in it. A wrong block (not 00 02, padding shorter
 * than 8 bytes, no zero separator) is `bad-padding`; a TLS server must not say so to the client (Bleichenbacher's
 * attack reads exactly that answer), which is why TLS 1.2 servers carry on with a random PreMasterSecret instead.
 */
export function rsaDecryptPkcs1(key: RsaPrivateKey, ciphertext: Uint8Array): Result<{ block: Uint8Array; message: Uint8Array }, 'bad-ciphertext' | 'bad-padding'> {
	const c = bytesToBigInt(ciphertext);
	if (ciphertext.length !== key.length || c >= key.n) return fail('bad-ciphertext', messages.badCiphertext(ciphertext.length, key.length));
	const block = bigIntToBytes(rsaPrivate(key, c), key.length);
	const separator = block.indexOf(0, 2);
	if (block[0] !== 0 || block[1] !== 2 || separator < 10) return fail('bad-padding', messages.badPadding(toHex(block.subarray(0, 2))));
	return ok({ block, message: block.slice(separator + 1) });
}

const messages = {
	badKey: text('This is not an RSA key (a JWK with kty "RSA", n and e).', '这不是 RSA 密钥（需要 kty 为 "RSA"、带 n 和 e 的 JWK）。'),
	tooLong: (length: number, keyLength: number) =>
		text(
			`${length} bytes do not fit: PKCS#1 v1.5 with a ${keyLength}-byte key carries at most ${keyLength - 11} bytes.`,
			`${length} 字节放不下：${keyLength} 字节密钥的 PKCS#1 v1.5 最多能装 ${keyLength - 11} 字节。`
		),
	badCiphertext: (length: number, keyLength: number) =>
		text(
			`An RSA ciphertext for this key is a number below the modulus, exactly ${keyLength} bytes long; this is ${length} bytes.`,
			`这把密钥的 RSA 密文必须是小于模数、正好 ${keyLength} 字节的数；这里是 ${length} 字节。`
		),
	badPadding: (start: string) =>
		text(
			`Decrypted, the block starts ${start} instead of 0002 with at least 8 bytes of padding and a zero separator: this was not encrypted to this key with PKCS#1 v1.5.`,
			`解密后的块以 ${start} 开头，而不是 0002 加至少 8 字节填充和一个零分隔符：这不是用这把密钥按 PKCS#1 v1.5 加密的数据。`
		)
};
