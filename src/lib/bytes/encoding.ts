/** Byte <-> text encodings used across the app (hex dumps, DoH `?dns=` parameters). */

export function toHex(bytes: Uint8Array, separator = ''): string {
	return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(separator);
}

/** Same length, same bytes. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
	return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

export function fromHex(hex: string): Uint8Array {
	const clean = hex.replace(/[\s:]/g, '');
	if (clean.length % 2 !== 0 || /[^0-9a-f]/i.test(clean)) throw new RangeError(`not hex: ${hex}`);
	const out = new Uint8Array(clean.length / 2);
	for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
	return out;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** base64url without padding (RFC 4648 section 5), as RFC 8484 requires for the `dns` parameter. */
export function toBase64Url(bytes: Uint8Array): string {
	let out = '';
	for (let i = 0; i < bytes.length; i += 3) {
		const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
		const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
		for (let c = 0; c < chars; c++) out += B64[(n >> (18 - 6 * c)) & 63];
	}
	return out;
}

/** Standard base64 with padding (RFC 4648 section 4): PEM, DNSKEY and RRSIG text, Sec-WebSocket-Accept. */
export function toBase64(bytes: Uint8Array): string {
	const url = toBase64Url(bytes).replace(/-/g, '+').replace(/_/g, '/');
	return url + '='.repeat((4 - (url.length % 4)) % 4);
}

export function fromBase64Url(text: string): Uint8Array {
	if (/[^A-Za-z0-9_-]/.test(text) || text.length % 4 === 1) throw new RangeError('not base64url');
	const out = new Uint8Array(Math.floor((text.length * 6) / 8));
	let bits = 0;
	let acc = 0;
	let o = 0;
	for (const ch of text) {
		acc = (acc << 6) | B64.indexOf(ch);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (acc >> bits) & 0xff;
		}
	}
	return out;
}

/** The bits of a byte run as a string of 0s and 1s, most significant first. */
export function toBits(bytes: Uint8Array): string {
	return Array.from(bytes, (b) => b.toString(2).padStart(8, '0')).join('');
}
