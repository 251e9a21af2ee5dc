/** DNS over HTTPS (RFC 8484). */
import { toBase64Url } from '$lib/bytes/encoding';

/**
 * The GET request URL for a wire-format query: `?dns=` carries it as base64url without padding
 * (RFC 8484 section 4.1). GET, rather than POST, lets HTTP caches work and needs no CORS preflight.
 */
export function dohGetUrl(endpoint: string, query: Uint8Array): string {
	const url = new URL(endpoint);
	url.searchParams.set('dns', toBase64Url(query));
	return url.toString();
}

/** The path-and-query part of the request line, as the anatomy page prints it: `/dns-query?dns=...`. */
export function dohRequestTarget(endpoint: string, query: Uint8Array): string {
	const url = new URL(dohGetUrl(endpoint, query));
	return url.pathname + url.search;
}
