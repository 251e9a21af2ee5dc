/**
 * Verdicts (RFC 4035 section 4.3) and the checks behind them. Each check keeps its inputs (the signed bytes, the
 * digest computed and the one published...) so a page can show why, not only what.
 */
import type { UserError } from '$lib/errors';
import type { LocalizedText } from '$lib/i18n/locales';

export type Security = 'secure' | 'insecure' | 'bogus' | 'indeterminate';

export type ReasonCode =
	| 'no-signature'
	| 'bad-rrsig'
	| 'no-matching-key'
	| 'signature-expired'
	| 'signature-not-yet-valid'
	| 'signature-invalid'
	| 'unsupported-algorithm'
	| 'malformed'
	| 'ds-mismatch'
	| 'no-anchor'
	| 'no-proof'
	| 'unsigned-delegation'
	| 'nsec3-iterations';

export type Check =
	/** `rrset` names the records the RRSIG claims to cover (`wirewalk.test. DNSKEY`). */
	| { kind: 'rrsig'; passed: boolean; message: LocalizedText; keyTag: number; algorithm: number; signer: string; rrset: string }
	/** Times are seconds since 1970 (the RRSIG's, modulo 2^32) and `now` is the clock's. */
	| { kind: 'validity'; passed: boolean; message: LocalizedText; inception: number; expiration: number; now: number }
	| {
			kind: 'signature';
			passed: boolean;
			message: LocalizedText;
			keyTag: number;
			algorithm: number;
			signedData: Uint8Array;
			signature: Uint8Array;
			publicKey: Uint8Array;
	  }
	| {
			kind: 'ds';
			passed: boolean;
			message: LocalizedText;
			keyTag: number;
			algorithm: number;
			digestType: number;
			/** SHA-1 (digest type 1): still validated, no longer to be published (RFC 8624 section 3.3). */
			legacy: boolean;
			published: Uint8Array;
			/** Absent when no DNSKEY had the DS's key tag and algorithm. */
			computed?: Uint8Array;
			digestInput?: Uint8Array;
	  }
	| { kind: 'anchor-key'; passed: boolean; message: LocalizedText; keyTag: number }
	| {
			kind: 'denial';
			passed: boolean;
			message: LocalizedText;
			/** The name the record speaks about, presentation form. */
			name: string;
			/** The NSEC or NSEC3 record's owner that proves it. */
			by?: string;
			/** For NSEC3: the name's hash, base32hex. */
			hash?: string;
	  };

export interface Verdict {
	security: Security;
	/** Why it is not secure: set for bogus, insecure and indeterminate. */
	reason?: UserError<ReasonCode>;
	checks: Check[];
}

const text = (en: string, zh: string): LocalizedText => ({ en, 'zh-CN': zh });

export const utc = (seconds: number) => new Date(seconds * 1000).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';

/** The reasons in both languages. */
export const REASONS = {
	'no-signature': (what: string) =>
		text(`No RRSIG covers ${what}, although its zone is signed: an attacker could have made it up.`, `${what} 没有任何 RRSIG 签名，而它所在的区域是签名的：它可能是攻击者伪造的。`),
	'bad-rrsig': (detail: LocalizedText) =>
		text(`The RRSIG does not fit the records it claims to cover: ${detail.en}`, `该 RRSIG 与它声称覆盖的记录不符：${detail['zh-CN']}`),
	'no-matching-key': (signer: string, tag: number, algorithm: number) =>
		text(`No DNSKEY of ${signer} has key tag ${tag} and algorithm ${algorithm}, so the signature cannot be checked.`, `${signer} 没有密钥标签为 ${tag}、算法为 ${algorithm} 的 DNSKEY，无法验证该签名。`),
	'signature-expired': (expiration: number, now: number) =>
		text(`The signature expired at ${utc(expiration)}; the clock says ${utc(now)}. Old signed data could be replayed.`, `签名已于 ${utc(expiration)} 过期；当前时间为 ${utc(now)}。过期的签名数据可能被重放。`),
	'signature-not-yet-valid': (inception: number, now: number) =>
		text(`The signature is valid only from ${utc(inception)}; the clock says ${utc(now)}.`, `签名要到 ${utc(inception)} 才生效；当前时间为 ${utc(now)}。`),
	'signature-invalid': (tag: number) =>
		text(`The signature made with key ${tag} does not verify: the records or the signature were changed after signing.`, `用密钥 ${tag} 做出的签名验证失败：记录或签名在签名之后被改动过。`),
	'unsupported-algorithm': (algorithm: number) =>
		text(
			`Algorithm ${algorithm} is not supported here (by this validator or this browser's Web Crypto), so the data cannot be judged; it is never called secure.`,
			`此处不支持算法 ${algorithm}（本验证器或此浏览器的 Web Crypto 不支持），无法判断数据真伪，因此绝不视为安全。`
		),
	malformed: (what: string) => text(`A DNSSEC record could not be read: ${what}.`, `无法解析 DNSSEC 记录：${what}。`),
	'ds-mismatch': (zone: string) =>
		text(`No DS record or trust anchor for ${zone} matches one of its DNSKEYs: the chain of trust is broken here.`, `${zone} 的 DS 记录或信任锚与它的任何 DNSKEY 都不匹配：信任链在此断开。`),
	'no-anchor': (zone: string) => text(`There is no trust anchor or DS record to check the keys of ${zone} against.`, `没有可用来核对 ${zone} 密钥的信任锚或 DS 记录。`),
	'no-proof': (what: LocalizedText) =>
		text(`The answer says ${what.en}, but the NSEC/NSEC3 records do not prove it.`, `应答声称${what['zh-CN']}，但 NSEC/NSEC3 记录无法证明这一点。`),
	'nsec3-iterations': (iterations: number, max: number) =>
		text(
			`NSEC3 uses ${iterations} extra hash iterations, more than the ${max} this validator does (RFC 9276): the answer is treated as insecure.`,
			`NSEC3 使用了 ${iterations} 次额外哈希迭代，超过本验证器接受的上限 ${max}（RFC 9276）：按不安全处理。`
		)
} as const;

export const reason = (code: ReasonCode, message: LocalizedText): UserError<ReasonCode> => ({ code, message });
