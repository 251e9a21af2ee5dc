/** NSEC3 hashing (RFC 5155 section 5) and its base32hex text (RFC 4648 section 7, no padding). */
import { bufferSource, concatBytes, type WebCrypto } from '$lib/tls/webcrypto';
import { canonicalName, type WireName } from './names';

const B32HEX = '0123456789abcdefghijklmnopqrstuv';

export function toBase32Hex(bytes: Uint8Array): string {
	let out = '';
	let acc = 0;
	let bits = 0;
	for (const b of bytes) {
		acc = (acc << 8) | b;
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			out += B32HEX[(acc >> bits) & 31];
		}
		acc &= (1 << bits) - 1;
	}
	return bits ? out + B32HEX[(acc << (5 - bits)) & 31] : out;
}

export function fromBase32Hex(text: string): Uint8Array | undefined {
	const out: number[] = [];
	let acc = 0;
	let bits = 0;
	for (const ch of text.toLowerCase()) {
		const v = B32HEX.indexOf(ch);
		if (v < 0) return undefined;
		acc = (acc << 5) | v;
		bits += 5;
		if (bits >= 8) {
			bits -= 8;
			out.push((acc >> bits) & 0xff);
		}
		acc &= (1 << bits) - 1;
	}
	return new Uint8Array(out);
}

/** IH(salt, x, 0) = H(x | salt); IH(salt, x, k) = H(IH(salt, x, k-1) | salt), x the canonical wire name. SHA-1 only (algorithm 1). */
export async function nsec3Hash(crypto: WebCrypto, name: WireName, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
	let hash = canonicalName(name);
	for (let k = 0; k <= iterations; k++) hash = new Uint8Array(await crypto.subtle.digest('SHA-1', bufferSource(concatBytes(hash, salt))));
	return hash;
}
