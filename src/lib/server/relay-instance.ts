/**
 * The app's one relay, configured from the environment (documented in the README):
 * - WIREWALK_ROOT_HINTS: a root hints file (named.root format) instead of IANA's;
 * - WIREWALK_LAB_RANGE: a CIDR (e.g. 127.53.0.0/24) of special-use addresses the relay may reach anyway;
 * - WIREWALK_LAB_PORT: a port other than 53 allowed inside that range;
 * - WIREWALK_RELAY_SECRET: the HMAC key for relay tokens (random per start when unset);
 * - WIREWALK_TRUST_ANCHOR: a file of DS or DNSKEY records of the root (presentation format) that direct-mode
 *   DNSSEC checks start from instead of the Internet's root anchors: the lab's root is not the real one.
 */
import { readFileSync } from 'node:fs';
import { env } from '$env/dynamic/private';
import { IANA_ROOT_HINTS, parseRootHints } from '$lib/dns/root-hints';
import { parseTrustAnchors } from '$lib/dnssec/anchors';
import { parseCidr } from './addresses';
import { socketTransport } from './dns-socket';
import { createRelay } from './relay';

let instance: ReturnType<typeof createRelay> | undefined;
let anchorText: string | null | undefined;

/** The trust anchor text of WIREWALK_TRUST_ANCHOR (checked once), or null for the built-in root anchors. */
export function trustAnchor(): string | null {
	if (anchorText !== undefined) return anchorText;
	const file = env.WIREWALK_TRUST_ANCHOR;
	if (!file) return (anchorText = null);
	const text = readFileSync(file, 'utf8');
	const parsed = parseTrustAnchors(text);
	if (!parsed.ok) throw new Error(`WIREWALK_TRUST_ANCHOR=${file}: ${parsed.error.message.en}`);
	return (anchorText = text);
}

export function relay() {
	if (instance) return instance;
	const hintsFile = env.WIREWALK_ROOT_HINTS;
	const rootHints = hintsFile ? parseRootHints(readFileSync(hintsFile, 'utf8')) : IANA_ROOT_HINTS;
	if (!rootHints) throw new Error(`WIREWALK_ROOT_HINTS=${hintsFile} names no root server with an address`);
	const labRange = env.WIREWALK_LAB_RANGE ? parseCidr(env.WIREWALK_LAB_RANGE) : undefined;
	if (env.WIREWALK_LAB_RANGE && !labRange) throw new Error(`WIREWALK_LAB_RANGE=${env.WIREWALK_LAB_RANGE} is not a CIDR range`);
	instance = createRelay({
		rootHints,
		transport: socketTransport(),
		labRange,
		labPort: env.WIREWALK_LAB_PORT ? Number(env.WIREWALK_LAB_PORT) : undefined,
		secret: env.WIREWALK_RELAY_SECRET ? new TextEncoder().encode(env.WIREWALK_RELAY_SECRET) : undefined
	});
	return instance;
}
