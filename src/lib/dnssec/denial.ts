/**
 * Authenticated denial of existence: NSEC (RFC 4034 section 4, RFC 4035 section 5.4, RFC 6840 section 4) and
 * NSEC3 (RFC 5155 section 8) proofs for NXDOMAIN, NODATA (including the "no DS" of an insecure delegation) and
 * wildcard answers. The NSEC/NSEC3 records given must already have validated (verifyRrset); this checks what
 * they say, not who said it.
 */
import { toHex } from '$lib/bytes/encoding';
import { typeName } from '$lib/dns/types';
import type { LocalizedText } from '$lib/i18n/locales';
import { compareBytes } from './canonical';
import {
	commonAncestor,
	compareNames,
	isSubdomain,
	nameFromLabels,
	nameLabels,
	nameToText,
	sameWireName,
	stripLabels,
	wildcardOf,
	type WireName
} from './names';
import { fromBase32Hex, nsec3Hash, toBase32Hex } from './nsec3';
import { parseNsec, parseNsec3, TYPE, type Nsec, type Nsec3, type Rr } from './records';
import type { ValidationContext } from './validate';
import { reason, REASONS, type Check, type Verdict } from './verdict';

export interface DenialQuestion {
	qname: WireName;
	qtype: number;
	/** The zone that answered (the signer of the NSEC/NSEC3 records): the parent, for a DS question. */
	zone: WireName;
}

export type DenialProof = 'nxdomain' | 'nodata' | 'wildcard-nodata' | 'opt-out' | 'wildcard-answer';

export interface DenialVerdict extends Verdict {
	/** What the records proved. `opt-out` (insecure) is an unsigned delegation that NSEC3 chose not to cover. */
	proof?: DenialProof;
}

/** RFC 9276 section 3.2: validators may cap NSEC3 iterations; above the cap the answer is insecure. */
export const MAX_NSEC3_ITERATIONS = 150;

const text = (en: string, zh: string): LocalizedText => ({ en, 'zh-CN': zh });

/** The answer says the name does not exist (RCODE NXDOMAIN). */
export function proveNxdomain(q: DenialQuestion, records: Rr[], ctx: ValidationContext): Promise<DenialVerdict> {
	return prove('nxdomain', q, records, ctx);
}

/** The name exists without the type asked (NOERROR, empty answer); for a DS question this proves an unsigned delegation. */
export function proveNodata(q: DenialQuestion, records: Rr[], ctx: ValidationContext): Promise<DenialVerdict> {
	return prove('nodata', q, records, ctx);
}

/**
 * A positive answer synthesized from a wildcard (its RRSIG has `labels` fewer than the owner's): the name asked
 * must not exist, or the wildcard should not have answered (RFC 4035 section 5.3.4, RFC 5155 section 8.8).
 */
export function proveWildcardAnswer(q: DenialQuestion, rrsigLabels: number, records: Rr[], ctx: ValidationContext): Promise<DenialVerdict> {
	return prove('wildcard-answer', q, records, ctx, rrsigLabels);
}

type Goal = 'nxdomain' | 'nodata' | 'wildcard-answer';

async function prove(goal: Goal, q: DenialQuestion, records: Rr[], ctx: ValidationContext, rrsigLabels = 0): Promise<DenialVerdict> {
	const nsec = records.flatMap((r) => {
		const data = r.type === TYPE.NSEC ? parseNsec(r.rdata) : undefined;
		return data && isSubdomain(r.owner, q.zone) ? [{ owner: r.owner, data }] : [];
	});
	const result = nsec.length ? proveNsec(goal, q, nsec) : await proveNsec3(goal, q, records, ctx, rrsigLabels);
	if (result.security) return result as DenialVerdict;
	const what = GOAL_TEXT[goal](nameToText(q.qname), typeName(q.qtype));
	return { security: 'bogus', reason: reason('no-proof', REASONS['no-proof'](what)), checks: result.checks };
}

const GOAL_TEXT: Record<Goal, (name: string, type: string) => LocalizedText> = {
	nxdomain: (name) => text(`that ${name} does not exist`, ` ${name} 不存在`),
	nodata: (name, type) => text(`that ${name} has no ${type} records`, ` ${name} 没有 ${type} 记录`),
	'wildcard-answer': (name) => text(`that a wildcard answered for ${name}`, `由通配符为 ${name} 作答`)
};

type Attempt = { security?: DenialVerdict['security']; proof?: DenialProof; reason?: DenialVerdict['reason']; checks: Check[] };

// ---------------------------------------------------------------- NSEC

interface NsecRecord {
	owner: WireName;
	data: Nsec;
}

/** owner < name < next in canonical order; the last NSEC of a zone wraps around to the apex. */
function nsecCovers(r: NsecRecord, name: WireName, zone: WireName): boolean {
	if (!isSubdomain(name, zone) || compareNames(r.owner, name) >= 0) return false;
	// RFC 6840 section 4.1: an NSEC at a delegation (NS without SOA) or a DNAME says nothing about names below it.
	if (isSubdomain(name, r.owner) && ((r.data.types.has(TYPE.NS) && !r.data.types.has(TYPE.SOA)) || r.data.types.has(TYPE.DNAME))) return false;
	const last = compareNames(r.data.next, r.owner) <= 0;
	return last || compareNames(name, r.data.next) < 0;
}

/** The type is absent at the NSEC's owner; a parent-side NSEC (NS, no SOA) can only deny DS (RFC 6840 section 4.4). */
function nsecDeniesType(r: NsecRecord, qtype: number): boolean {
	const t = r.data.types;
	if (t.has(qtype) || t.has(TYPE.CNAME)) return false;
	if (qtype === TYPE.DS) return !t.has(TYPE.SOA) || nameLabels(r.owner).length === 0;
	return !(t.has(TYPE.NS) && !t.has(TYPE.SOA));
}

function proveNsec(goal: Goal, q: DenialQuestion, records: NsecRecord[]): Attempt {
	const checks: Check[] = [];
	const note = (passed: boolean, name: WireName, r: NsecRecord | undefined, en: string, zh: string) =>
		checks.push({ kind: 'denial', passed, name: nameToText(name), by: r && nameToText(r.owner), message: text(en, zh) });
	const covering = (name: WireName) => records.find((r) => nsecCovers(r, name, q.zone));
	const range = (r: NsecRecord) => `${nameToText(r.owner)} → ${nameToText(r.data.next)}`;

	if (goal === 'nodata') {
		const exact = records.find((r) => sameWireName(r.owner, q.qname));
		if (exact) {
			const passed = nsecDeniesType(exact, q.qtype);
			note(passed, q.qname, exact, passed ? `The NSEC at the name lists no ${typeName(q.qtype)} and no CNAME.` : `The NSEC at the name does not deny ${typeName(q.qtype)}.`, passed ? `该名字处的 NSEC 既未列出 ${typeName(q.qtype)}，也未列出 CNAME。` : `该名字处的 NSEC 并未否认 ${typeName(q.qtype)}。`);
			return passed ? { security: 'secure', proof: 'nodata', checks } : { checks };
		}
	}

	const cover = covering(q.qname);
	note(!!cover, q.qname, cover, cover ? `NSEC ${range(cover)} covers the name: nothing exists between.` : 'No NSEC covers the name.', cover ? `NSEC ${range(cover)} 覆盖了该名字：两者之间不存在任何名字。` : '没有 NSEC 覆盖该名字。');
	if (!cover) return { checks };
	if (goal === 'wildcard-answer') return { security: 'secure', proof: 'wildcard-answer', checks };
	// An empty non-terminal: the name has descendants, so it exists, with no data (RFC 4035 section 3.1.3.2).
	if (goal === 'nodata' && isSubdomain(cover.data.next, q.qname) && !sameWireName(cover.data.next, q.qname)) {
		note(true, q.qname, cover, 'The next name is below the name asked: it is an empty non-terminal, it has no records.', '下一个名字位于所查名字之下：它是空非终端节点，没有任何记录。');
		return { security: 'secure', proof: 'nodata', checks };
	}
	// The closest encloser is the longest ancestor shared with either end of the covering NSEC.
	const a = commonAncestor(q.qname, cover.owner);
	const b = commonAncestor(q.qname, cover.data.next);
	const encloser = nameLabels(a).length >= nameLabels(b).length ? a : b;
	const wildcard = wildcardOf(encloser);
	if (goal === 'nodata') {
		const atWildcard = records.find((r) => sameWireName(r.owner, wildcard));
		const passed = !!atWildcard && nsecDeniesType(atWildcard, q.qtype);
		note(passed, wildcard, atWildcard, passed ? `The wildcard exists without ${typeName(q.qtype)}.` : 'No NSEC shows the wildcard without the type.', passed ? `通配符存在，但没有 ${typeName(q.qtype)}。` : '没有 NSEC 表明通配符不含该类型。');
		return passed ? { security: 'secure', proof: 'wildcard-nodata', checks } : { checks };
	}
	const wildcardCover = covering(wildcard);
	note(!!wildcardCover, wildcard, wildcardCover, wildcardCover ? `NSEC ${range(wildcardCover)} shows no wildcard could have answered.` : 'Nothing shows that no wildcard could have answered.', wildcardCover ? `NSEC ${range(wildcardCover)} 表明没有通配符可以作答。` : '无法证明没有通配符可以作答。');
	return wildcardCover ? { security: 'secure', proof: 'nxdomain', checks } : { checks };
}

// ---------------------------------------------------------------- NSEC3

interface Nsec3Record {
	owner: WireName;
	ownerHash: Uint8Array;
	data: Nsec3;
}

async function proveNsec3(goal: Goal, q: DenialQuestion, records: Rr[], ctx: ValidationContext, rrsigLabels: number): Promise<Attempt> {
	const checks: Check[] = [];
	// RFC 5155 section 8.1/8.2: only SHA-1, only flags 0 or 1 (opt-out), only records of this zone.
	const nsec3: Nsec3Record[] = records.flatMap((r) => {
		const data = r.type === TYPE.NSEC3 ? parseNsec3(r.rdata) : undefined;
		const label = nameLabels(r.owner)[0];
		const ownerHash = label && fromBase32Hex(new TextDecoder().decode(label));
		if (!data || !ownerHash || data.hashAlgorithm !== 1 || data.flags > 1 || !sameWireName(stripLabels(r.owner, 1), q.zone)) return [];
		return [{ owner: r.owner, ownerHash, data }];
	});
	if (nsec3.length === 0) return { checks };
	const params = nsec3[0]!.data;
	if (params.iterations > MAX_NSEC3_ITERATIONS)
		return { security: 'insecure', reason: reason('nsec3-iterations', REASONS['nsec3-iterations'](params.iterations, MAX_NSEC3_ITERATIONS)), checks };

	const hashes = new Map<string, Uint8Array>();
	const hashOf = async (name: WireName) => {
		const key = toHex(name);
		let h = hashes.get(key);
		if (!h) hashes.set(key, (h = await nsec3Hash(ctx.crypto, name, params.salt, params.iterations)));
		return h;
	};
	const sameParams = (r: Nsec3Record) => r.data.iterations === params.iterations && compareBytes(r.data.salt, params.salt) === 0;
	const matching = async (name: WireName) => {
		const h = await hashOf(name);
		return nsec3.find((r) => sameParams(r) && compareBytes(r.ownerHash, h) === 0);
	};
	const covering = async (name: WireName) => {
		const h = await hashOf(name);
		return nsec3.find((r) => {
			if (!sameParams(r)) return false;
			const after = compareBytes(r.ownerHash, h) < 0;
			const before = compareBytes(h, r.data.nextHash) < 0;
			return compareBytes(r.data.nextHash, r.ownerHash) <= 0 ? after || before : after && before;
		});
	};
	const note = async (passed: boolean, name: WireName, r: Nsec3Record | undefined, en: string, zh: string) =>
		checks.push({ kind: 'denial', passed, name: nameToText(name), by: r && nameToText(r.owner), hash: toBase32Hex(await hashOf(name)), message: text(en, zh) });

	if (goal === 'nodata') {
		const exact = await matching(q.qname);
		if (exact) {
			const t = exact.data.types;
			const passed = !t.has(q.qtype) && !t.has(TYPE.CNAME);
			await note(passed, q.qname, exact, passed ? `The NSEC3 matching the name's hash lists no ${typeName(q.qtype)} and no CNAME.` : `The NSEC3 matching the name lists ${typeName(q.qtype)} or CNAME.`, passed ? `与该名字哈希匹配的 NSEC3 既未列出 ${typeName(q.qtype)}，也未列出 CNAME。` : `与该名字匹配的 NSEC3 列出了 ${typeName(q.qtype)} 或 CNAME。`);
			return passed ? { security: 'secure', proof: 'nodata', checks } : { checks };
		}
	}

	if (goal === 'wildcard-answer') {
		// RFC 5155 section 8.8: the next closer name (one label below the wildcard's parent) must be covered.
		const labels = nameLabels(q.qname);
		const nextCloser = nameFromLabels(labels.slice(labels.length - rrsigLabels - 1));
		const cover = await covering(nextCloser);
		await note(!!cover, nextCloser, cover, cover ? 'An NSEC3 covers the next closer name: the name asked does not exist, so the wildcard rightly answered.' : 'No NSEC3 covers the next closer name.', cover ? '有 NSEC3 覆盖了“下一个更近的名字”：所查名字不存在，因此由通配符作答是正确的。' : '没有 NSEC3 覆盖“下一个更近的名字”。');
		return cover ? { security: 'secure', proof: 'wildcard-answer', checks } : { checks };
	}

	// RFC 5155 section 8.3: the closest provable encloser matches, the next closer name is covered.
	let encloser: WireName | undefined;
	let nextCloser: WireName | undefined;
	const qLabels = nameLabels(q.qname);
	for (let strip = 1; strip <= qLabels.length - nameLabels(q.zone).length; strip++) {
		const candidate = stripLabels(q.qname, strip);
		const match = await matching(candidate);
		if (match) {
			encloser = candidate;
			nextCloser = stripLabels(q.qname, strip - 1);
			await note(true, candidate, match, 'The closest encloser exists: an NSEC3 matches its hash.', '最近的存在祖先（closest encloser）存在：有 NSEC3 与它的哈希匹配。');
			break;
		}
	}
	if (!encloser || !nextCloser) {
		await note(false, q.qname, undefined, 'No NSEC3 proves a closest encloser.', '没有 NSEC3 能证明最近的存在祖先。');
		return { checks };
	}
	const cover = await covering(nextCloser);
	await note(!!cover, nextCloser, cover, cover ? 'An NSEC3 covers the next closer name: it does not exist.' : 'No NSEC3 covers the next closer name.', cover ? '有 NSEC3 覆盖了“下一个更近的名字”：它不存在。' : '没有 NSEC3 覆盖“下一个更近的名字”。');
	if (!cover) return { checks };

	if (goal === 'nodata') {
		// RFC 5155 section 8.6: no DS under an opt-out span means an unsigned delegation, insecure.
		if (q.qtype === TYPE.DS && cover.data.flags & 1) {
			await note(true, nextCloser, cover, 'The covering NSEC3 has the opt-out flag: unsigned delegations may lie in its span, so this one is insecure.', '覆盖它的 NSEC3 设置了 opt-out 标志：其范围内可能有未签名的委派，因此该委派是不安全的。');
			return { security: 'insecure', proof: 'opt-out', reason: reason('unsigned-delegation', text('The delegation falls in an NSEC3 opt-out span: it is unsigned.', '该委派落在 NSEC3 opt-out 范围内：它是未签名的。')), checks };
		}
		// RFC 5155 section 8.7: a wildcard at the closest encloser exists without the type.
		const wildcard = wildcardOf(encloser);
		const atWildcard = await matching(wildcard);
		const passed = !!atWildcard && !atWildcard.data.types.has(q.qtype) && !atWildcard.data.types.has(TYPE.CNAME);
		await note(passed, wildcard, atWildcard, passed ? `The wildcard exists without ${typeName(q.qtype)}.` : 'No NSEC3 shows the wildcard without the type.', passed ? `通配符存在，但没有 ${typeName(q.qtype)}。` : '没有 NSEC3 表明通配符不含该类型。');
		return passed ? { security: 'secure', proof: 'wildcard-nodata', checks } : { checks };
	}

	// RFC 5155 section 8.4: and no wildcard at the closest encloser.
	const wildcard = wildcardOf(encloser);
	const wildcardCover = await covering(wildcard);
	await note(!!wildcardCover, wildcard, wildcardCover, wildcardCover ? 'An NSEC3 covers the wildcard at the closest encloser: no wildcard could have answered.' : 'Nothing shows that no wildcard could have answered.', wildcardCover ? '有 NSEC3 覆盖了最近存在祖先处的通配符：没有通配符可以作答。' : '无法证明没有通配符可以作答。');
	return wildcardCover ? { security: 'secure', proof: 'nxdomain', checks } : { checks };
}
