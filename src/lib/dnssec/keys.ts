/**
 * DNSKEY -> Web Crypto key, signature check, key tag (RFC 4034 appendix B) and DS digest (RFC 4034 section 5.1.4).
 * Public key formats: RSA per RFC 3110, ECDSA raw x|y per RFC 6605, Ed25519 raw per RFC 8080.
 */
import { toBase64Url } from '$lib/bytes/encoding';
import { bufferSource, concatBytes, type WebCrypto } from '$lib/tls/webcrypto';
import { canonicalName, type WireName } from './names';
import type { Dnskey } from './records';

interface AlgorithmSpec {
	name: string;
	/** What importKey and verify are given. */
	importParams: RsaHashedImportParams | EcKeyImportParams | Algorithm;
	verifyParams: Algorithm | EcdsaParams;
	/** Exact signature size where the format fixes it (ECDSA r|s, Ed25519). */
	signatureLength?: number;
	publicKeyLength?: number;
}

const rsa = (name: string, hash: string): AlgorithmSpec => ({
	name,
	importParams: { name: 'RSASSA-PKCS1-v1_5', hash },
	verifyParams: { name: 'RSASSA-PKCS1-v1_5' }
});
const ecdsa = (name: string, namedCurve: string, hash: string, size: number): AlgorithmSpec => ({
	name,
	importParams: { name: 'ECDSA', namedCurve },
	verifyParams: { name: 'ECDSA', hash },
	signatureLength: 2 * size,
	publicKeyLength: 2 * size
});

/** The algorithms this validator knows (IANA "DNS Security Algorithm Numbers"); others are unsupported. */
export const SUPPORTED_ALGORITHMS: Readonly<Record<number, AlgorithmSpec>> = {
	8: rsa('RSASHA256', 'SHA-256'),
	10: rsa('RSASHA512', 'SHA-512'),
	13: ecdsa('ECDSAP256SHA256', 'P-256', 'SHA-256', 32),
	14: ecdsa('ECDSAP384SHA384', 'P-384', 'SHA-384', 48),
	15: { name: 'ED25519', importParams: { name: 'Ed25519' }, verifyParams: { name: 'Ed25519' }, signatureLength: 64, publicKeyLength: 32 }
};

/** DS digest types (RFC 4034, RFC 4509, RFC 6605). SHA-1 is legacy: RFC 8624 section 3.3 says publish no more, still validate. */
export const DS_DIGESTS: Readonly<Record<number, { hash: string; length: number; legacy: boolean }>> = {
	1: { hash: 'SHA-1', length: 20, legacy: true },
	2: { hash: 'SHA-256', length: 32, legacy: false },
	4: { hash: 'SHA-384', length: 48, legacy: false }
};

/** RFC 4034 appendix B: a checksum of the RDATA; algorithm 1 (RSA/MD5) used the modulus instead (B.1). */
export function keyTag(dnskeyRdata: Uint8Array): number {
	if (dnskeyRdata[3] === 1) {
		const n = dnskeyRdata.length;
		return n < 4 ? 0 : (dnskeyRdata[n - 3]! << 8) | dnskeyRdata[n - 2]!;
	}
	let sum = 0;
	dnskeyRdata.forEach((b, i) => (sum += i & 1 ? b : b << 8));
	sum += (sum >>> 16) & 0xffff;
	return sum & 0xffff;
}

export type ImportedKey =
	| { status: 'ok'; key: CryptoKey }
	/** The algorithm number is not one we implement, or this runtime's Web Crypto lacks it. */
	| { status: 'unsupported' }
	| { status: 'malformed' };

/** RFC 3110 section 2: exponent length (1 byte, or 0 then 2 bytes), exponent, modulus. */
export function rsaPublicKey(key: Uint8Array): { exponent: Uint8Array; modulus: Uint8Array } | undefined {
	let at = 1;
	let expLength = key[0] ?? 0;
	if (expLength === 0) {
		expLength = ((key[1] ?? 0) << 8) | (key[2] ?? 0);
		at = 3;
	}
	if (expLength === 0 || at + expLength >= key.length) return undefined;
	return { exponent: key.subarray(at, at + expLength), modulus: key.subarray(at + expLength) };
}

/** JWK integers have no leading zero octets (RFC 7518 section 6.3.1). */
const unsigned = (bytes: Uint8Array) => bytes.subarray(Math.max(0, bytes.findIndex((b) => b !== 0)));

export async function importDnskey(crypto: WebCrypto, dnskey: Dnskey): Promise<ImportedKey> {
	const spec = SUPPORTED_ALGORITHMS[dnskey.algorithm];
	if (!spec) return { status: 'unsupported' };
	if (spec.publicKeyLength !== undefined && dnskey.publicKey.length !== spec.publicKeyLength) return { status: 'malformed' };
	try {
		if (spec.importParams.name === 'RSASSA-PKCS1-v1_5') {
			const parts = rsaPublicKey(dnskey.publicKey);
			if (!parts) return { status: 'malformed' };
			const jwk: JsonWebKey = { kty: 'RSA', n: toBase64Url(unsigned(parts.modulus)), e: toBase64Url(unsigned(parts.exponent)), ext: true };
			return { status: 'ok', key: await crypto.subtle.importKey('jwk', jwk, spec.importParams, false, ['verify']) };
		}
		// RFC 6605 section 4: x|y without the SEC1 0x04 "uncompressed" prefix that Web Crypto's raw format wants.
		const raw = spec.importParams.name === 'ECDSA' ? concatBytes(new Uint8Array([4]), dnskey.publicKey) : dnskey.publicKey;
		return { status: 'ok', key: await crypto.subtle.importKey('raw', bufferSource(raw), spec.importParams, false, ['verify']) };
	} catch (e) {
		// NotSupportedError: this runtime has no such algorithm (Ed25519 before Chrome 137); anything else is a bad key.
		return (e as { name?: string }).name === 'NotSupportedError' ? { status: 'unsupported' } : { status: 'malformed' };
	}
}

export async function verifySignature(crypto: WebCrypto, algorithm: number, key: CryptoKey, signature: Uint8Array, data: Uint8Array): Promise<boolean> {
	const spec = SUPPORTED_ALGORITHMS[algorithm];
	if (!spec || (spec.signatureLength !== undefined && signature.length !== spec.signatureLength)) return false;
	try {
		return await crypto.subtle.verify(spec.verifyParams, key, bufferSource(signature), bufferSource(data));
	} catch {
		return false;
	}
}

/** The bytes a DS digest covers: the owner in canonical wire form, then the DNSKEY RDATA. */
export const dsDigestInput = (owner: WireName, dnskeyRdata: Uint8Array) => concatBytes(canonicalName(owner), dnskeyRdata);

/** undefined for a digest type we do not know. */
export async function dsDigest(crypto: WebCrypto, owner: WireName, dnskeyRdata: Uint8Array, digestType: number): Promise<Uint8Array | undefined> {
	const digest = DS_DIGESTS[digestType];
	if (!digest) return undefined;
	return new Uint8Array(await crypto.subtle.digest(digest.hash, bufferSource(dsDigestInput(owner, dnskeyRdata))));
}
