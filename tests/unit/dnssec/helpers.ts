import { webcrypto } from 'node:crypto';
import { parseRecords } from '$lib/dnssec/presentation';
import type { Rr } from '$lib/dnssec/records';
import type { ValidationContext } from '$lib/dnssec/validate';
import type { WebCrypto } from '$lib/tls/webcrypto';

export const crypto = webcrypto as unknown as WebCrypto;

/** A context whose clock stands still at `iso` (UTC). */
export const at = (iso: string): ValidationContext => ({ crypto, now: () => Date.parse(iso) });

/** Records from zone text; a test fails loudly if they do not parse. */
export function records(text: string): Rr[] {
	const parsed = parseRecords(text);
	if (!parsed.ok) throw new Error(parsed.error.message.en);
	return parsed.value;
}

export const ofType = (rrs: Rr[], type: number) => rrs.filter((r) => r.type === type);

/** Whether this runtime's Web Crypto has Ed25519 (Node 20 and Chrome 137+ do). */
export async function hasEd25519(): Promise<boolean> {
	try {
		await crypto.subtle.importKey('raw', new Uint8Array(32).fill(1), { name: 'Ed25519' }, false, ['verify']);
		return true;
	} catch (e) {
		return (e as Error).name !== 'NotSupportedError';
	}
}

// RFC 4034 section 5.4 (the key's tag is printed as "key id = 60485").
export const RFC4034 = `
dskey.example.com. 86400 IN DNSKEY 256 3 5 ( AQOeiiR0GOMYkDshWoSKz9Xz
                                             fwJr1AYtsmx3TGkJaNXVbfi/
                                             2pHm822aJ5iI9BMzNXxeYCmZ
                                             DRD99WYwYqUSdjMmmAphXdvx
                                             egXd/M5+X7OrzKBaMbCVdFLU
                                             Uh6DhweJBjEVv5f2wwjM9Xzc
                                             nOf+EPbtG9DMBmADjFDc2w/r
                                             ljwvFw==
                                             ) ;  key id = 60485
dskey.example.com. 86400 IN DS 60485 5 1 ( 2BB183AF5F22588179A53B0A
                                           98631FAD1A292118 )
`;
