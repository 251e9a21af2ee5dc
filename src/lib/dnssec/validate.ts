/**
 * Validation of one RRset against its zone's keys (RFC 4035 section 5.3) and of a zone's DNSKEY RRset against
 * the DS records or trust anchors above it (RFC 4035 section 5.2). Crypto and clock are parameters.
 */
import { equalBytes, toHex } from '$lib/bytes/encoding';
import { typeName } from '$lib/dns/types';
import type { LocalizedText } from '$lib/i18n/locales';
import type { WebCrypto } from '$lib/tls/webcrypto';
import { signedData } from './canonical';
import { DS_DIGESTS, dsDigest, SUPPORTED_ALGORITHMS, dsDigestInput, importDnskey, keyTag, verifySignature } from './keys';
import { isSubdomain, nameLabels, nameToText, sameWireName, type WireName } from './names';
import { parseDnskey, parseDs, parseRrsig, REVOKE_FLAG, TYPE, ZONE_KEY_FLAG, type Rr, type Rrsig } from './records';
import { reason, REASONS, utc, type Check, type ReasonCode, type Verdict } from './verdict';

export interface ValidationContext {
	crypto: WebCrypto;
	/** Milliseconds since 1970, like Date.now: the clock the signature windows are judged by. */
	now: () => number;
}

export const defaultContext = (): ValidationContext => ({ crypto: globalThis.crypto, now: () => Date.now() });

const text = (en: string, zh: string): LocalizedText => ({ en, 'zh-CN': zh });

/** RFC 1982 serial number arithmetic with SERIAL_BITS = 32: is a <= b? (RFC 4034 section 3.1.5) */
export function serialLte(a: number, b: number): boolean {
	return a === b || ((b - a) >>> 0) < 0x80000000;
}

/** How far one RRSIG got: a later stage is a more telling failure. */
interface SigOutcome {
	stage: number;
	checks: Check[];
	code?: ReasonCode;
	message?: LocalizedText;
}

/**
 * Validates an RRset (all records of one owner, class and type) with the RRSIGs that came with it and the
 * zone keys already trusted. Secure when any one RRSIG verifies (RFC 6840 section 5.11).
 */
export async function verifyRrset(rrset: Rr[], rrsigs: Rr[], trustedKeys: Rr[], ctx: ValidationContext): Promise<Verdict> {
	if (rrset.length === 0) return { security: 'indeterminate', reason: reason('malformed', REASONS.malformed('empty RRset')), checks: [] };
	const first = rrset[0]!;
	const what = `${nameToText(first.owner)} ${typeName(first.type)}`;
	const covering = rrsigs
		.filter((s) => s.type === TYPE.RRSIG && sameWireName(s.owner, first.owner))
		.map((s) => parseRrsig(s.rdata))
		.filter((s): s is Rrsig => s !== undefined && s.typeCovered === first.type);
	if (covering.length === 0) return { security: 'bogus', reason: reason('no-signature', REASONS['no-signature'](what)), checks: [] };

	const checks: Check[] = [];
	let best: SigOutcome | undefined;
	for (const sig of covering) {
		const outcome = await checkSignature(rrset, what, sig, trustedKeys, ctx);
		checks.push(...outcome.checks);
		if (!outcome.code) return { security: 'secure', checks };
		if (!best || outcome.stage > best.stage) best = outcome;
	}
	const code = best!.code!;
	// An algorithm we cannot run says nothing either way (RFC 4035 section 5.2): never secure, not proven bogus.
	const security = code === 'unsupported-algorithm' ? 'indeterminate' : 'bogus';
	return { security, reason: reason(code, best!.message!), checks };
}

async function checkSignature(rrset: Rr[], what: string, sig: Rrsig, trustedKeys: Rr[], ctx: ValidationContext): Promise<SigOutcome> {
	const owner = rrset[0]!.owner;
	const signer = nameToText(sig.signer);
	const checks: Check[] = [];
	const fail = (stage: number, code: ReasonCode, message: LocalizedText): SigOutcome => ({ stage, checks, code, message });

	// RFC 4035 section 5.3.1: the RRSIG must fit the RRset before its signature means anything.
	const misfit = rrsigMisfit(owner, sig, rrset);
	checks.push({ kind: 'rrsig', passed: !misfit, message: misfit ?? text(`RRSIG by ${signer}, key ${sig.keyTag}, fits the records.`, `由 ${signer} 的密钥 ${sig.keyTag} 签名的 RRSIG 与记录相符。`), keyTag: sig.keyTag, algorithm: sig.algorithm, signer, rrset: what });
	if (misfit) return fail(1, 'bad-rrsig', REASONS['bad-rrsig'](misfit));

	const candidates = trustedKeys.filter((k) => {
		const key = parseDnskey(k.rdata);
		return key && k.type === TYPE.DNSKEY && sameWireName(k.owner, sig.signer) && key.protocol === 3 && key.flags & ZONE_KEY_FLAG && !(key.flags & REVOKE_FLAG) && key.algorithm === sig.algorithm && keyTag(k.rdata) === sig.keyTag;
	});
	if (candidates.length === 0) return fail(2, 'no-matching-key', REASONS['no-matching-key'](signer, sig.keyTag, sig.algorithm));

	const now = Math.floor(ctx.now() / 1000);
	const now32 = now >>> 0;
	const started = serialLte(sig.inception, now32);
	const notExpired = serialLte(now32, sig.expiration);
	checks.push({
		kind: 'validity',
		passed: started && notExpired,
		message: text(`Valid from ${utc(sig.inception)} to ${utc(sig.expiration)}; now ${utc(now)}.`, `有效期 ${utc(sig.inception)} 至 ${utc(sig.expiration)}；当前 ${utc(now)}。`),
		inception: sig.inception,
		expiration: sig.expiration,
		now
	});
	if (!notExpired) return fail(3, 'signature-expired', REASONS['signature-expired'](sig.expiration, now));
	if (!started) return fail(3, 'signature-not-yet-valid', REASONS['signature-not-yet-valid'](sig.inception, now));

	const data = signedData(rrset, sig);
	let outcome: SigOutcome | undefined;
	for (const candidate of candidates) {
		const dnskey = parseDnskey(candidate.rdata)!;
		const imported = await importDnskey(ctx.crypto, dnskey);
		if (imported.status !== 'ok') {
			outcome ??= imported.status === 'unsupported' ? fail(2, 'unsupported-algorithm', REASONS['unsupported-algorithm'](sig.algorithm)) : fail(2, 'malformed', REASONS.malformed(`DNSKEY ${sig.keyTag}`));
			continue;
		}
		const passed = await verifySignature(ctx.crypto, sig.algorithm, imported.key, sig.signature, data);
		checks.push({
			kind: 'signature',
			passed,
			message: passed
				? text(`The signature verifies with DNSKEY ${sig.keyTag} (algorithm ${sig.algorithm}).`, `签名用 DNSKEY ${sig.keyTag}（算法 ${sig.algorithm}）验证通过。`)
				: REASONS['signature-invalid'](sig.keyTag),
			keyTag: sig.keyTag,
			algorithm: sig.algorithm,
			signedData: data,
			signature: sig.signature,
			publicKey: dnskey.publicKey
		});
		if (passed) return { stage: 5, checks };
		outcome = fail(4, 'signature-invalid', REASONS['signature-invalid'](sig.keyTag));
	}
	return outcome!;
}

/** What makes an RRSIG unfit for this RRset (RFC 4035 section 5.3.1), or undefined when it fits. */
function rrsigMisfit(owner: WireName, sig: Rrsig, rrset: Rr[]): LocalizedText | undefined {
	if (rrset.some((rr) => !sameWireName(rr.owner, owner) || rr.type !== rrset[0]!.type || rr.class !== rrset[0]!.class))
		return text('the records are not one RRset (owner, type and class differ).', '这些记录不属于同一个记录集（所有者、类型或类不同）。');
	if (!isSubdomain(owner, sig.signer))
		return text(`the signer ${nameToText(sig.signer)} is not a zone above ${nameToText(owner)}.`, `签名者 ${nameToText(sig.signer)} 不是 ${nameToText(owner)} 的上级区域。`);
	if (sig.labels > nameLabels(owner).length)
		return text(`its labels field (${sig.labels}) is larger than the owner name has.`, `它的标签数字段（${sig.labels}）大于所有者名的标签数。`);
	return undefined;
}

export interface ZoneKeys extends Verdict {
	/** The zone's keys that may sign its data, when the DNSKEY RRset is secure. */
	keys: Rr[];
}

/**
 * One hop of the chain (RFC 4035 section 5.2): a DS record or trust anchor above must match a DNSKEY of the zone,
 * and that key must sign the zone's DNSKEY RRset. `anchors` are DS records (already validated in the parent)
 * or DNSKEY trust anchors.
 */
export async function validateZoneKeys(zone: WireName, anchors: Rr[], dnskeys: Rr[], dnskeySigs: Rr[], ctx: ValidationContext): Promise<ZoneKeys> {
	const zoneText = nameToText(zone);
	const checks: Check[] = [];
	const keys = dnskeys.filter((k) => k.type === TYPE.DNSKEY && sameWireName(k.owner, zone));
	const usable = usableDs(anchors.filter((a) => a.type === TYPE.DS && sameWireName(a.owner, zone)));
	const keyAnchors = anchors.filter((a) => a.type === TYPE.DNSKEY && sameWireName(a.owner, zone));
	if (usable.length === 0 && keyAnchors.length === 0) {
		const anyDs = anchors.some((a) => a.type === TYPE.DS);
		// RFC 4035 section 5.2: a DS RRset with only unknown algorithms or digests makes the zone insecure.
		return anyDs
			? { security: 'insecure', reason: reason('unsupported-algorithm', REASONS['unsupported-algorithm'](parseDs(anchors[0]!.rdata)?.algorithm ?? 0)), checks, keys: [] }
			: { security: 'indeterminate', reason: reason('no-anchor', REASONS['no-anchor'](zoneText)), checks, keys: [] };
	}

	const entryKeys: Rr[] = [];
	for (const anchor of keyAnchors) {
		const match = keys.find((k) => equalBytes(k.rdata, anchor.rdata));
		const tag = keyTag(anchor.rdata);
		checks.push({ kind: 'anchor-key', passed: !!match, keyTag: tag, message: match ? text(`DNSKEY ${tag} is the configured trust anchor.`, `DNSKEY ${tag} 就是配置的信任锚。`) : text(`The trust anchor key ${tag} is not in the zone's DNSKEY set.`, `信任锚密钥 ${tag} 不在该区域的 DNSKEY 集合中。`) });
		if (match) entryKeys.push(match);
	}
	for (const ds of usable) {
		const type = DS_DIGESTS[ds.digestType]!;
		const candidates = keys.filter((k) => k.rdata[3] === ds.algorithm && keyTag(k.rdata) === ds.keyTag);
		const base = { kind: 'ds' as const, keyTag: ds.keyTag, algorithm: ds.algorithm, digestType: ds.digestType, legacy: type.legacy, published: ds.digest };
		if (candidates.length === 0) {
			checks.push({ ...base, passed: false, message: text(`No DNSKEY has key tag ${ds.keyTag} and algorithm ${ds.algorithm}.`, `没有密钥标签为 ${ds.keyTag}、算法为 ${ds.algorithm} 的 DNSKEY。`) });
			continue;
		}
		for (const candidate of candidates) {
			const computed = (await dsDigest(ctx.crypto, zone, candidate.rdata, ds.digestType))!;
			const passed = equalBytes(computed, ds.digest);
			checks.push({
				...base,
				passed,
				computed,
				digestInput: dsDigestInput(zone, candidate.rdata),
				message: passed
					? text(`${type.hash} of DNSKEY ${ds.keyTag} equals the DS digest${type.legacy ? ' (SHA-1: legacy)' : ''}.`, `DNSKEY ${ds.keyTag} 的 ${type.hash} 摘要与 DS 一致${type.legacy ? '（SHA-1：已过时）' : ''}。`)
					: text(`${type.hash} of DNSKEY ${ds.keyTag} is ${toHex(computed)}, the DS says ${toHex(ds.digest)}.`, `DNSKEY ${ds.keyTag} 的 ${type.hash} 摘要为 ${toHex(computed)}，而 DS 给出的是 ${toHex(ds.digest)}。`)
			});
			if (passed && !entryKeys.includes(candidate)) entryKeys.push(candidate);
		}
	}
	if (entryKeys.length === 0) return { security: 'bogus', reason: reason('ds-mismatch', REASONS['ds-mismatch'](zoneText)), checks, keys: [] };

	const signed = await verifyRrset(keys, dnskeySigs, entryKeys, ctx);
	checks.push(...signed.checks);
	if (signed.security === 'secure') return { security: 'secure', checks, keys };
	// Keys whose algorithm this runtime lacks: the zone cannot be judged, so it is insecure (RFC 4035 section 5.2).
	const security = signed.security === 'indeterminate' ? 'insecure' : signed.security;
	return { security, reason: signed.reason, checks, keys: [] };
}

/** DS records with a digest type and algorithm we know; SHA-1 ones dropped when SHA-256 is there (RFC 4509 section 3). */
function usableDs(records: Rr[]) {
	const parsed = records.map((r) => parseDs(r.rdata)).filter((d) => d !== undefined);
	const known = parsed.filter((d) => DS_DIGESTS[d.digestType] && SUPPORTED_ALGORITHMS[d.algorithm]);
	const hasSha256 = known.some((d) => d.digestType === 2);
	return known.filter((d) => !(hasSha256 && d.digestType === 1));
}
