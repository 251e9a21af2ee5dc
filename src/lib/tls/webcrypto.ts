/** The small part of Web Crypto the TLS engine leans on, and the byte plumbing around it. */

/** Web Crypto as the engine takes it: the page's `crypto`, Node's, or a test's. */
export type WebCrypto = Pick<Crypto, 'subtle'>;

/**
 * A copy in a fresh ArrayBuffer: Web Crypto only takes ArrayBuffer-backed views (not a view of a
 * SharedArrayBuffer), and a copy keeps the caller's bytes out of its reach.
 */
export function bufferSource(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
	return new Uint8Array(bytes);
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
	let offset = 0;
	for (const part of parts) {
		out.set(part, offset);
		offset += part.length;
	}
	return out;
}
