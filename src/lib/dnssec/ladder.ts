/**
 * The chain-of-trust ladder the DNS explorer shows beside the delegation ladder, in the order a validator climbs
 * down (RFC 4035 section 5): the trust anchor, then each zone (its DS from the parent or the anchor, its DNSKEY
 * set and the RRSIG over it), then each answer's RRSIG over its RRset or its NSEC/NSEC3 proof. Pure: it arranges
 * a ChainResult for display and explains the bytes a signature covers, for the hex view.
 */
import type { AnnotatedBytes, ByteField, ByteSection } from '$lib/bytes/annotated';
import { toHex } from '$lib/bytes/encoding';
import type { Hop, WalkEvent } from '$lib/dns/walk';
import { sameName } from '$lib/dns/wire';
import { typeName } from '$lib/dns/types';
import type { UserError } from '$lib/errors';
import type { LocalizedText } from '$lib/i18n/locales';
import type { ChainResult, ZoneVerdict } from './chain';
import { DS_DIGESTS, keyTag, SUPPORTED_ALGORITHMS } from './keys';
import { nameToText, wireNameLength } from './names';
import { parseDnskey, parseDs, REVOKE_FLAG, SEP_FLAG, TYPE, type Rr } from './records';
import { utc, type Check, type ReasonCode, type Security } from './verdict';

const text = (en: string, zh: string): LocalizedText => ({ en, 'zh-CN': zh });

/** A DNSKEY as a person reads it: which key, what it is for, and whether the chain trusted it. */
export interface KeyView {
	tag: number;
	algorithm: number;
	algorithmName: string;
	/** KSK: the secure entry point flag (257), the key a DS points at; ZSK (256) signs the zone's other data. */
	role: 'KSK' | 'ZSK';
	revoked: boolean;
	/** Bits of the public key (RSA: the modulus; ECDSA and Ed25519: the key's size). */
	bits: number;
	/** A DS record or trust anchor matched this key. */
	entry: boolean;
}

export interface AnchorView {
	type: 'DS' | 'DNSKEY';
	tag: number;
	algorithm: number;
	algorithmName: string;
	/** DS only: the digest type's hash and the digest in hex. */
	digestType?: string;
	digest?: string;
}

/** Checks that belong together: one RRSIG and its validity and signature, the DS matches, a denial proof. */
export interface CheckGroup {
	kind: 'signature' | 'ds' | 'denial';
	title: LocalizedText;
	checks: Check[];
}

export type ChainRung =
	| { kind: 'anchor'; id: string; anchors: AnchorView[] }
	| { kind: 'zone'; id: string; zone: string; security: Security; reason?: UserError<ReasonCode>; keys: KeyView[]; groups: CheckGroup[] }
	| {
			kind: 'rrset';
			id: string;
			hop: number;
			zone: string;
			question: { name: string; type: number };
			hopKind: Hop['kind'];
			security: Security;
			reason?: UserError<ReasonCode>;
			groups: CheckGroup[];
	  };

export const algorithmName = (algorithm: number) => SUPPORTED_ALGORITHMS[algorithm]?.name ?? `ALG${algorithm}`;

function publicKeyBits(algorithm: number, key: Uint8Array): number {
	if ([5, 7, 8, 10].includes(algorithm)) {
		// RFC 3110: exponent length in one byte, or 0 and two bytes; the modulus follows.
		const skip = key[0] === 0 ? 3 + ((key[1]! << 8) | key[2]!) : 1 + key[0]!;
		let modulus = key.subarray(skip);
		while (modulus[0] === 0) modulus = modulus.subarray(1);
		return modulus.length ? modulus.length * 8 - Math.clz32(modulus[0]!) + 24 : 0;
	}
	// ECDSA x|y and Ed25519: the curve's size.
	return algorithm === 13 ? 256 : algorithm === 14 ? 384 : algorithm === 15 ? 255 : key.length * 8;
}

export function keyView(rr: Rr, entryTags: ReadonlySet<number>): KeyView | undefined {
	const key = parseDnskey(rr.rdata);
	if (!key) return undefined;
	const tag = keyTag(rr.rdata);
	return {
		tag,
		algorithm: key.algorithm,
		algorithmName: algorithmName(key.algorithm),
		role: key.flags & SEP_FLAG ? 'KSK' : 'ZSK',
		revoked: !!(key.flags & REVOKE_FLAG),
		bits: publicKeyBits(key.algorithm, key.publicKey),
		entry: entryTags.has(tag)
	};
}

export function anchorView(rr: Rr): AnchorView | undefined {
	if (rr.type === TYPE.DS) {
		const ds = parseDs(rr.rdata);
		if (!ds) return undefined;
		return { type: 'DS', tag: ds.keyTag, algorithm: ds.algorithm, algorithmName: algorithmName(ds.algorithm), digestType: DS_DIGESTS[ds.digestType]?.hash ?? String(ds.digestType), digest: toHex(ds.digest) };
	}
	const key = parseDnskey(rr.rdata);
	return key && { type: 'DNSKEY', tag: keyTag(rr.rdata), algorithm: key.algorithm, algorithmName: algorithmName(key.algorithm) };
}

/** Splits a check list into what belongs together, in the order the validator made the checks. */
export function groupChecks(checks: readonly Check[], zone: string): CheckGroup[] {
	const groups: CheckGroup[] = [];
	for (const check of checks) {
		const kind = check.kind === 'ds' || check.kind === 'anchor-key' ? 'ds' : check.kind === 'denial' ? 'denial' : 'signature';
		const last = groups.at(-1);
		if (last && last.kind === kind && check.kind !== 'rrsig') {
			last.checks.push(check);
			continue;
		}
		const title =
			check.kind === 'rrsig'
				? text(`RRSIG over ${check.rrset}`, `覆盖 ${check.rrset} 的 RRSIG`)
				: kind === 'ds'
					? check.kind === 'anchor-key' || zone === '.'
						? text(`Trust anchor → DNSKEY of ${zone}`, `信任锚 → ${zone} 的 DNSKEY`)
						: text(`DS → DNSKEY of ${zone}`, `DS → ${zone} 的 DNSKEY`)
					: text('Proof of absence (NSEC/NSEC3)', '不存在证明（NSEC/NSEC3）');
		groups.push({ kind, title, checks: [check] });
	}
	return groups;
}

/** The DS checks that passed name the keys the chain entered the zone by. */
function entryTags(zone: ZoneVerdict): Set<number> {
	return new Set(zone.checks.flatMap((c) => ((c.kind === 'ds' || c.kind === 'anchor-key') && c.passed ? [c.keyTag] : [])));
}

/** The rungs, top down: the anchor, the zones in the order the walk reached them, then the judged answers. */
export function chainLadder(result: ChainResult, events: readonly WalkEvent[], anchors: readonly Rr[]): ChainRung[] {
	const hops = events.filter((e): e is Hop => e.type === 'hop');
	const reached = (zone: string) => (zone === '.' ? -1 : hops.findIndex((h) => h.referral && sameName(h.referral.zone, zone)));
	const order = (zone: string) => {
		const at = reached(zone);
		return at < 0 && zone !== '.' ? hops.length : at;
	};
	const zones = [...result.zones].sort((a, b) => order(a.zone) - order(b.zone));
	const rungs: ChainRung[] = [{ kind: 'anchor', id: 'anchor', anchors: anchors.flatMap((a) => anchorView(a) ?? []) }];
	for (const zone of zones) {
		const entries = entryTags(zone);
		rungs.push({
			kind: 'zone',
			id: `zone:${zone.zone}`,
			zone: zone.zone,
			security: zone.security,
			reason: zone.reason,
			keys: zone.published.flatMap((k) => keyView(k, entries) ?? []).sort((a, b) => (a.role === b.role ? a.tag - b.tag : a.role === 'KSK' ? -1 : 1)),
			groups: groupChecks(zone.checks, zone.zone)
		});
	}
	for (const verdict of result.hops) {
		const hop = hops.find((h) => h.id === verdict.hop);
		if (!hop || hop.kind === 'referral') continue;
		rungs.push({
			kind: 'rrset',
			id: `hop:${hop.id}`,
			hop: hop.id,
			zone: verdict.zone,
			question: { name: hop.question.name, type: hop.question.type },
			hopKind: hop.kind,
			security: verdict.security,
			reason: verdict.reason,
			groups: groupChecks(verdict.checks, verdict.zone)
		});
	}
	return rungs;
}

/** The security of each hop the chain judged, by hop id (the delegation ladder marks its rungs with it). */
export function hopSecurity(result: ChainResult): Map<number, Security> {
	return new Map(result.hops.map((h) => [h.hop, h.security]));
}

// ------------------------------------------------------------------------------------------------------------
// The bytes behind a check, explained

const u16 = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const u32 = (b: Uint8Array, at: number) => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
const short = (bytes: Uint8Array) => (bytes.length > 12 ? `${toHex(bytes.subarray(0, 12))}… (${bytes.length} B)` : toHex(bytes));

function field(id: string, offset: number, length: number, label: LocalizedText, value: string, explanation: LocalizedText): ByteField {
	return { id, offset, length, label, value, explanation };
}

/**
 * The data an RRSIG signs (RFC 4034 section 3.1.8.1): its own RDATA up to the signature, then every record of the
 * RRset in canonical form and order (owner lowercased and uncompressed, the RRSIG's original TTL).
 */
export function annotateSignedData(data: Uint8Array): AnnotatedBytes {
	const sections: ByteSection[] = [];
	const signerLength = wireNameLength(data, 18);
	if (data.length < 19 || signerLength === undefined) return { bytes: data, sections };
	const signer = data.subarray(18, 18 + signerLength);
	const covered = typeName(u16(data, 0));
	sections.push({
		id: 'rrsig',
		label: text('RRSIG fields (everything but the signature)', 'RRSIG 字段（签名本身除外）'),
		offset: 0,
		length: 18 + signerLength,
		fields: [
			field('rrsig.type', 0, 2, text('Type covered', '覆盖的类型'), covered, text('The type of the RRset this signature covers.', '此签名覆盖的记录集类型。')),
			field('rrsig.algorithm', 2, 1, text('Algorithm', '算法'), `${data[2]} (${algorithmName(data[2]!)})`, text('The signing algorithm; the DNSKEY must have the same.', '签名算法；对应的 DNSKEY 必须相同。')),
			field('rrsig.labels', 3, 1, text('Labels', '标签数'), String(data[3]), text('Labels in the owner name, without a leading *: fewer than the owner has means a wildcard answered.', '所有者名的标签数（不计开头的 *）：小于所有者的实际标签数，说明应答来自通配符。')),
			field('rrsig.ttl', 4, 4, text('Original TTL', '原始 TTL'), `${u32(data, 4)} s`, text('The TTL as the zone has it; caches count down, the signature keeps this one.', '区域中原本的 TTL；缓存会递减 TTL，签名使用的是这个原值。')),
			field('rrsig.expiration', 8, 4, text('Expiration', '过期时间'), utc(u32(data, 8)), text('After this the signature is worthless: old data cannot be replayed for ever.', '此后签名失效：旧数据无法被无限期重放。')),
			field('rrsig.inception', 12, 4, text('Inception', '生效时间'), utc(u32(data, 12)), text('Before this the signature is not valid yet.', '在此之前签名尚未生效。')),
			field('rrsig.keytag', 16, 2, text('Key tag', '密钥标签'), String(u16(data, 16)), text('Which DNSKEY of the signer made the signature (a checksum of the key, RFC 4034 appendix B).', '签名者的哪个 DNSKEY 做出了签名（密钥的校验和，RFC 4034 附录 B）。')),
			field('rrsig.signer', 18, signerLength, text("Signer's name", '签名者名称'), nameToText(signer), text('The zone whose key signed: it must be the zone the records come from.', '签名所用密钥所属的区域：必须是这些记录所在的区域。'))
		]
	});
	let at = 18 + signerLength;
	for (let i = 1; at < data.length && i <= 64; i++) {
		const ownerLength = wireNameLength(data, at);
		if (ownerLength === undefined || at + ownerLength + 10 > data.length) break;
		const o = at + ownerLength;
		const rdLength = u16(data, o + 8);
		if (o + 10 + rdLength > data.length) break;
		const id = `rr${i}`;
		sections.push({
			id,
			label: text(`Record ${i}, canonical form`, `记录 ${i}，规范形式`),
			offset: at,
			length: ownerLength + 10 + rdLength,
			fields: [
				field(`${id}.owner`, at, ownerLength, text('Owner', '所有者'), nameToText(data.subarray(at, o)), text('Lowercase, uncompressed: every validator must build the very same bytes (RFC 4034 section 6.2).', '小写且不压缩：每个验证者都必须构造出完全相同的字节（RFC 4034 第 6.2 节）。')),
				field(`${id}.type`, o, 2, text('Type', '类型'), typeName(u16(data, o)), text('The record type.', '记录类型。')),
				field(`${id}.class`, o + 2, 2, text('Class', '类'), u16(data, o + 2) === 1 ? 'IN' : String(u16(data, o + 2)), text('Internet.', '互联网类。')),
				field(`${id}.ttl`, o + 4, 4, text('TTL', 'TTL'), `${u32(data, o + 4)} s`, text("The RRSIG's original TTL, not the TTL the answer carried.", '使用 RRSIG 中的原始 TTL，而不是应答里携带的 TTL。')),
				field(`${id}.rdlength`, o + 8, 2, text('RDATA length', 'RDATA 长度'), `${rdLength}`, text('Bytes of data that follow.', '后面数据的字节数。')),
				...(rdLength
					? [field(`${id}.rdata`, o + 10, rdLength, text('RDATA', 'RDATA'), short(data.subarray(o + 10, o + 10 + rdLength)), text('The data, names inside written out in full. The records are sorted by these bytes (RFC 4034 section 6.3).', '记录数据，其中的名字完整写出。各记录按这些字节排序（RFC 4034 第 6.3 节）。'))]
					: [])
			]
		});
		at = o + 10 + rdLength;
	}
	return { bytes: data, sections };
}

/** What a DS digest is computed over (RFC 4034 section 5.1.4): the owner name, canonical, then the DNSKEY RDATA. */
export function annotateDigestInput(data: Uint8Array): AnnotatedBytes {
	const ownerLength = wireNameLength(data, 0);
	if (ownerLength === undefined || data.length < ownerLength + 4) return { bytes: data, sections: [] };
	const o = ownerLength;
	const flags = u16(data, o);
	return {
		bytes: data,
		sections: [
			{
				id: 'digest-input',
				label: text('Digest input: owner name | DNSKEY RDATA', '摘要输入：所有者名 | DNSKEY RDATA'),
				offset: 0,
				length: data.length,
				fields: [
					field('owner', 0, o, text('Owner', '所有者'), nameToText(data.subarray(0, o)), text("The zone's name, lowercase and uncompressed: a DS is bound to the name as well as to the key.", '区域名，小写且不压缩：DS 既绑定密钥，也绑定名字。')),
					field('flags', o, 2, text('Flags', '标志'), `${flags} (${flags & SEP_FLAG ? 'KSK' : 'ZSK'})`, text('256: zone key; 257: zone key and secure entry point (the KSK a DS points at).', '256：区域密钥；257：区域密钥兼安全入口点（DS 指向的 KSK）。')),
					field('protocol', o + 2, 1, text('Protocol', '协议'), String(data[o + 2]), text('Always 3.', '固定为 3。')),
					field('algorithm', o + 3, 1, text('Algorithm', '算法'), `${data[o + 3]} (${algorithmName(data[o + 3]!)})`, text('The key’s algorithm.', '密钥的算法。')),
					...(data.length > o + 4
						? [field('key', o + 4, data.length - o - 4, text('Public key', '公钥'), short(data.subarray(o + 4)), text('The key itself; the digest pins it, so the parent vouches for exactly this key.', '密钥本身；摘要把它固定下来，父区域担保的正是这把密钥。'))]
						: [])
				]
			}
		]
	};
}
