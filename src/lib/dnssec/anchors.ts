/**
 * Trust anchors: where the chain of trust starts. Built in: the root zone's key-signing keys as DS records.
 * Configurable: DS or DNSKEY records in presentation format (the lab, the demo world, `--trust-anchor FILE`).
 */
import { fail, ok, type Result } from '$lib/errors';
import { ROOT } from './names';
import { parseRecords } from './presentation';
import { TYPE, type Rr } from './records';

/**
 * The root KSKs as IANA publishes them in https://data.iana.org/root-anchors/root-anchors.xml (RFC 9718 format),
 * the same digests Debian's dns-root-data ships in /usr/share/dns/root.ds:
 * KSK-2017 (key tag 20326, valid from 2017-02-02) and KSK-2024 (key tag 38696, valid from 2024-07-18; signing
 * from 2026-10-11, when KSK-2017 is due to be revoked 2027-01-11). Both are shipped so the roll needs no update.
 */
export const ROOT_ANCHOR_TEXT = `
. IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D
. IN DS 38696 8 2 683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16
`;

export type AnchorErrorCode = 'bad-record' | 'no-anchor';

/** DS and DNSKEY records from text; anything else in it is an error, so a wrong file is noticed. */
export function parseTrustAnchors(text: string): Result<Rr[], AnchorErrorCode> {
	const parsed = parseRecords(text, ROOT);
	if (!parsed.ok) return parsed;
	const anchors = parsed.value;
	const other = anchors.find((r) => r.type !== TYPE.DS && r.type !== TYPE.DNSKEY);
	if (other || anchors.length === 0)
		return fail('no-anchor', {
			en: 'A trust anchor file holds DS or DNSKEY records, one per line, in presentation format.',
			'zh-CN': '信任锚文件应包含 DS 或 DNSKEY 记录，每行一条，采用标准文本格式。'
		});
	return ok(anchors);
}

const builtIn = parseTrustAnchors(ROOT_ANCHOR_TEXT);
if (!builtIn.ok) throw new Error('built-in root anchors do not parse');

export const ROOT_ANCHORS: readonly Rr[] = builtIn.value;
