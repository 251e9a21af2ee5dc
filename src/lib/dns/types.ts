/**
 * The record types Wirewalk asks about, with their IANA codes (IANA "Resource Record (RR) TYPEs" registry).
 * dns-packet does not know HTTPS/SVCB; for those it takes `UNKNOWN_<code>` (see `packetTypeName`).
 */
import type { LocalizedText } from '$lib/i18n/locales';

export interface RecordTypeInfo {
	name: string;
	code: number;
	summary: LocalizedText;
}

export const RECORD_TYPES = [
	{ name: 'A', code: 1, summary: { en: 'IPv4 address', 'zh-CN': 'IPv4 地址' } },
	{ name: 'AAAA', code: 28, summary: { en: 'IPv6 address', 'zh-CN': 'IPv6 地址' } },
	{ name: 'CNAME', code: 5, summary: { en: 'alias to another name', 'zh-CN': '别名，指向另一个名字' } },
	{ name: 'MX', code: 15, summary: { en: 'mail server', 'zh-CN': '邮件服务器' } },
	{ name: 'TXT', code: 16, summary: { en: 'text (SPF, verification…)', 'zh-CN': '文本（SPF、域名验证等）' } },
	{ name: 'NS', code: 2, summary: { en: 'name servers of a zone', 'zh-CN': '区域的权威名称服务器' } },
	{ name: 'SOA', code: 6, summary: { en: 'start of authority of a zone', 'zh-CN': '区域的起始授权记录' } },
	{ name: 'CAA', code: 257, summary: { en: 'which CAs may issue certificates', 'zh-CN': '允许签发证书的 CA' } },
	{ name: 'HTTPS', code: 65, summary: { en: 'HTTPS service binding (ALPN, hints)', 'zh-CN': 'HTTPS 服务绑定（ALPN、地址提示）' } },
	{ name: 'DS', code: 43, summary: { en: 'DNSSEC delegation signer', 'zh-CN': 'DNSSEC 委派签名者' } },
	{ name: 'DNSKEY', code: 48, summary: { en: 'DNSSEC public key', 'zh-CN': 'DNSSEC 公钥' } },
	{ name: 'PTR', code: 12, summary: { en: 'name of an address (reverse)', 'zh-CN': '地址对应的名字（反向解析）' } }
] as const satisfies readonly RecordTypeInfo[];

export type RecordTypeName = (typeof RECORD_TYPES)[number]['name'];

/** Codes of other types that appear in messages (for labels only). */
const OTHER_TYPES: Record<number, string> = { 41: 'OPT', 46: 'RRSIG', 47: 'NSEC', 50: 'NSEC3', 51: 'NSEC3PARAM', 64: 'SVCB', 33: 'SRV', 39: 'DNAME', 251: 'IXFR', 252: 'AXFR', 255: 'ANY' };

export function recordTypeByName(name: string): RecordTypeInfo | undefined {
	return RECORD_TYPES.find((t) => t.name === name.toUpperCase());
}

/** `A`, `HTTPS`, or `TYPE1234` (RFC 3597 notation) for a code we have no name for. */
export function typeName(code: number): string {
	return RECORD_TYPES.find((t) => t.code === code)?.name ?? OTHER_TYPES[code] ?? `TYPE${code}`;
}

/** The name dns-packet's encoder accepts for a type code (it takes `UNKNOWN_<code>` for types it lacks). */
export function packetTypeName(code: number): string {
	const name = typeName(code);
	return code === 64 || code === 65 || name === `TYPE${code}` ? `UNKNOWN_${code}` : name;
}

/** RFC 1035 section 3.2.4 and RFC 6895: the classes one meets (IN nearly always). */
export function className(code: number): string {
	return ({ 1: 'IN', 3: 'CH', 4: 'HS', 254: 'NONE', 255: 'ANY' } as Record<number, string>)[code] ?? `CLASS${code}`;
}

/** RFC 6895 section 2.3 (the RCODE registry): the codes a stub sees. */
export function rcodeName(code: number): string {
	return (
		['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED', 'YXDOMAIN', 'YXRRSET', 'NXRRSET', 'NOTAUTH', 'NOTZONE'][code] ??
		`RCODE${code}`
	);
}

export function opcodeName(code: number): string {
	return ({ 0: 'QUERY', 1: 'IQUERY', 2: 'STATUS', 4: 'NOTIFY', 5: 'UPDATE', 6: 'DSO' } as Record<number, string>)[code] ?? `OPCODE${code}`;
}
