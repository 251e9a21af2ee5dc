/**
 * The chain of trust along a walk (RFC 4035 section 5): trust anchor -> DNSKEY of the root -> DS in the root's
 * referral -> DNSKEY of the TLD -> ... -> the RRSIG over the answer (or the NSEC/NSEC3 proof of a negative answer,
 * or of a delegation without DS: insecure from there on). Pure: it takes the walk's events (the responses each
 * hop got) and the DNSKEY and DS responses fetched for the zones on the way, and judges every hop and the whole.
 */
import type { Hop, WalkEvent } from '$lib/dns/walk';
import { sameName, type DnsMessage, type DnsRecord } from '$lib/dns/wire';
import { typeName } from '$lib/dns/types';
import type { LocalizedText } from '$lib/i18n/locales';
import { proveNodata, proveNxdomain, proveWildcardAnswer } from './denial';
import { nameFromText, nameLabels, nameToText, ROOT, type WireName } from './names';
import { parseRrsig, recordFromMessage, TYPE, type Rr } from './records';
import { validateZoneKeys, verifyRrset, type ValidationContext } from './validate';
import { reason, type Check, type Security, type Verdict } from './verdict';

/** A response fetched for the chain: a zone's DNSKEY RRset (from its servers), or its DS RRset (resolver mode). */
export interface ChainFetch {
	zone: string;
	type: 'DNSKEY' | 'DS';
	response: Uint8Array;
	message: DnsMessage;
}

export interface ChainInput {
	/** The walk's events, in order (hops and the starts of nested walks). */
	events: readonly WalkEvent[];
	fetched: readonly ChainFetch[];
	/** DS or DNSKEY records of the root (ROOT_ANCHORS, or a lab's). */
	anchors: readonly Rr[];
	ctx: ValidationContext;
}

/** A zone on the way: is its DNSKEY RRset trusted, and how (the DS or anchor check, the self-signature). */
export interface ZoneVerdict extends Verdict {
	zone: string;
	/** The zone's keys, when secure. */
	keys: Rr[];
	/** Every DNSKEY the zone published (trusted or not), for showing which is which. */
	published: Rr[];
}

export interface HopVerdict extends Verdict {
	/** The hop's id. */
	hop: number;
	zone: string;
}

export interface ChainResult extends Verdict {
	zones: ZoneVerdict[];
	hops: HopVerdict[];
}

const text = (en: string, zh: string): LocalizedText => ({ en, 'zh-CN': zh });
const RANK: Record<Security, number> = { secure: 0, insecure: 1, indeterminate: 2, bogus: 3 };
const JUDGED = new Set(['referral', 'answer', 'cname', 'dname', 'nxdomain', 'nodata']);

function rrsOf(response: Uint8Array, records: readonly DnsRecord[]): Rr[] {
	return records.flatMap((r) => {
		const rr = recordFromMessage(response, r);
		return rr ? [rr] : [];
	});
}

function wire(name: string): WireName {
	return nameFromText(name) ?? ROOT;
}

/** Judges a walk's chain of trust. */
export async function validateChain(input: ChainInput): Promise<ChainResult> {
	const { ctx } = input;
	const hops = input.events.filter((e): e is Hop => e.type === 'hop');
	// Where each zone was delegated: the parent and the referral hop (the first one that names it).
	const cuts = new Map<string, { parent: string; hop: Hop }>();
	for (const hop of hops) {
		if (hop.kind === 'referral' && hop.referral && hop.message && !cuts.has(hop.referral.zone)) cuts.set(hop.referral.zone, { parent: hop.zone, hop });
	}
	const fetchOf = (zone: string, type: ChainFetch['type']) => input.fetched.find((f) => f.type === type && sameName(f.zone, zone));
	const zones = new Map<string, Promise<ZoneVerdict>>();

	const zoneVerdict = (zone: string): Promise<ZoneVerdict> => {
		let verdict = zones.get(zone);
		if (!verdict) {
			verdict = judgeZone(zone);
			zones.set(zone, verdict);
		}
		return verdict;
	};

	/** A zone's DNSKEY RRset and its RRSIGs, as fetched. */
	const keysOf = (zone: string) => {
		const dnskey = fetchOf(zone, 'DNSKEY');
		if (!dnskey) return { keys: [] as Rr[], sigs: [] as Rr[] };
		const all = rrsOf(dnskey.response, dnskey.message.answers);
		return { keys: all.filter((r) => r.type === TYPE.DNSKEY), sigs: all.filter((r) => r.type === TYPE.RRSIG) };
	};

	async function judgeZone(zone: string): Promise<ZoneVerdict> {
		return { ...(await judgeZoneKeys(zone)), published: keysOf(zone).keys };
	}

	async function judgeZoneKeys(zone: string): Promise<Omit<ZoneVerdict, 'published'>> {
		if (zone === '.') {
			const { keys, sigs } = keysOf(zone);
			const judged = await validateZoneKeys(ROOT, [...input.anchors], keys, sigs, ctx);
			return { zone, ...judged, keys: judged.keys };
		}
		const cut = cuts.get(zone);
		if (!cut) {
			return { zone, security: 'indeterminate', reason: reason('no-anchor', text(`The walk never saw ${zone} delegated, so there is nothing to check its keys against.`, `本次解析没有看到 ${zone} 的委派，无从核对它的密钥。`)), checks: [], keys: [] };
		}
		const parent = await zoneVerdict(cut.parent);
		if (parent.security !== 'secure') {
			return { zone, security: parent.security, reason: parent.reason, checks: [], keys: [] };
		}
		// The DS RRset, or the proof that there is none: from the DS query (resolver mode), else from the referral.
		const dsFetch = fetchOf(zone, 'DS');
		const source = dsFetch ?? { response: cut.hop.response!, message: cut.hop.message! };
		const section = dsFetch ? [...source.message.answers, ...source.message.authority] : source.message.authority;
		const records = rrsOf(source.response, section);
		const zoneName = wire(zone);
		const sigs = records.filter((r) => r.type === TYPE.RRSIG);
		const ds = records.filter((r) => r.type === TYPE.DS && sameName(nameOf(r), zone));
		const checks: Check[] = [];
		if (ds.length) {
			const dsVerdict = await verifyRrset(ds, sigs, parent.keys, ctx);
			checks.push(...dsVerdict.checks);
			if (dsVerdict.security !== 'secure') return { zone, security: dsVerdict.security === 'indeterminate' ? 'indeterminate' : 'bogus', reason: dsVerdict.reason, checks, keys: [] };
			const { keys, sigs: keySigs } = keysOf(zone);
			const judged = await validateZoneKeys(zoneName, ds, keys, keySigs, ctx);
			return { zone, security: judged.security, reason: judged.reason, checks: [...checks, ...judged.checks], keys: judged.keys };
		}
		// No DS: the parent must prove it (NSEC/NSEC3, signed by the parent), and then the child is insecure.
		const proof = await proveDenial('nodata', { qname: zoneName, qtype: TYPE.DS, zone: wire(cut.parent) }, records, parent.keys, ctx);
		checks.push(...proof.checks);
		if (proof.security === 'secure' || proof.security === 'insecure')
			return {
				zone,
				security: 'insecure',
				reason: reason('unsigned-delegation', text(`${cut.parent} proves that ${zone} has no DS record: the zone is unsigned, its answers are insecure.`, `${cut.parent} 证明了 ${zone} 没有 DS 记录：该区域未签名，它的应答不安全。`)),
				checks,
				keys: []
			};
		return { zone, security: proof.security, reason: proof.reason, checks, keys: [] };
	}

	const verdicts: HopVerdict[] = [];
	for (const hop of hops) {
		if (!JUDGED.has(hop.kind) || !hop.message || !hop.response) continue;
		verdicts.push(await judgeHop(hop));
	}

	async function judgeHop(hop: Hop): Promise<HopVerdict> {
		const base = { hop: hop.id, zone: hop.zone };
		if (hop.kind === 'referral') {
			const child = await zoneVerdict(hop.referral!.zone);
			return { ...base, security: child.security, reason: child.reason, checks: child.checks };
		}
		const m = hop.message!;
		const response = hop.response!;
		if (hop.kind === 'nxdomain' || hop.kind === 'nodata') {
			const signer = m.authority.find((r) => r.type === TYPE.SOA)?.name ?? hop.zone;
			const zone = await zoneVerdict(knownZone(signer, hop.zone));
			if (zone.security !== 'secure') return { ...base, security: zone.security, reason: zone.reason, checks: [] };
			const records = rrsOf(response, m.authority);
			const q = { qname: wire(hop.question.name), qtype: hop.question.type, zone: wire(zone.zone) };
			const proof = await proveDenial(hop.kind, q, records, zone.keys, ctx);
			return { ...base, ...proof };
		}
		// answer, cname, dname: every RRset the hop contributes, each with its RRSIG.
		const all = rrsOf(response, m.answers);
		const sigs = all.filter((r) => r.type === TYPE.RRSIG);
		const synthesized = hop.records.some((r) => r.type === TYPE.DNAME);
		const sets = new Map<string, DnsRecord>();
		for (const r of hop.records) if (!(synthesized && r.type === TYPE.CNAME)) sets.set(`${r.name.toLowerCase()}/${r.type}`, r);
		const checks: Check[] = [];
		let worst: Verdict = { security: 'secure', checks: [] };
		for (const first of sets.values()) {
			const rrset = all.filter((r) => r.type === first.type && sameName(nameOf(r), first.name));
			const covering = sigs.filter((s) => sameName(nameOf(s), first.name)).map((s) => parseRrsig(s.rdata)).filter((s) => s?.typeCovered === first.type);
			const signerName = covering[0] ? nameToText(covering[0].signer) : hop.zone;
			const zone = await zoneVerdict(knownZone(signerName, hop.zone));
			let verdict: Verdict;
			if (zone.security !== 'secure') verdict = { security: zone.security, reason: zone.reason, checks: [] };
			else {
				verdict = await verifyRrset(rrset, sigs, zone.keys, ctx);
				// A wildcard answer (RRSIG labels < owner labels) also needs the proof that the name itself is absent.
				const labels = covering[0]?.labels;
				if (verdict.security === 'secure' && labels !== undefined && labels < nameLabels(wire(first.name)).length) {
					const q = { qname: wire(first.name), qtype: first.type, zone: wire(zone.zone) };
					const proof = await proveWildcardAnswer(q, labels, await verifiedDenial(rrsOf(response, m.authority), zone.keys, ctx), ctx);
					verdict = { ...proof, checks: [...verdict.checks, ...proof.checks] };
				}
			}
			checks.push(...verdict.checks);
			if (RANK[verdict.security] > RANK[worst.security]) worst = { ...verdict, reason: verdict.reason ?? reason('malformed', text(`${first.name} ${typeName(first.type)}`, `${first.name} ${typeName(first.type)}`)) };
		}
		return { ...base, security: worst.security, reason: worst.reason, checks };
	}

	/** A signer name the walk knows as a zone (the RRSIG's signer field), else the zone asked. */
	function knownZone(name: string, fallback: string): string {
		if (name === '.' || cuts.has(name)) return name;
		const lower = name.toLowerCase();
		for (const zone of cuts.keys()) if (zone.toLowerCase() === lower) return zone;
		return fallback;
	}

	// Overall: the hops that make the answer (not the nested walks for name server addresses).
	const answerHops = new Set(mainPathHops(input.events));
	const judged = verdicts.filter((v) => answerHops.has(v.hop) && hops.find((h) => h.id === v.hop)?.kind !== 'referral');
	let overall: Verdict;
	if (judged.length === 0)
		overall = { security: 'indeterminate', reason: reason('no-proof', text('the walk ended without an answer to judge', '解析在得到可判断的应答之前就结束了')), checks: [] };
	else {
		const worst = judged.reduce((a, b) => (RANK[b.security] > RANK[a.security] ? b : a));
		overall = { security: worst.security, reason: worst.security === 'secure' ? undefined : worst.reason, checks: [] };
	}
	const zoneList = await Promise.all([...zones.values()]);
	return { ...overall, zones: zoneList, hops: verdicts };
}

const nameOf = (r: Rr): string => nameToText(r.owner);

/** NSEC/NSEC3 RRsets of a section that verify with the zone's keys (only those may prove anything). */
async function verifiedDenial(records: Rr[], keys: Rr[], ctx: ValidationContext): Promise<Rr[]> {
	const sigs = records.filter((r) => r.type === TYPE.RRSIG);
	const denial = records.filter((r) => r.type === TYPE.NSEC || r.type === TYPE.NSEC3);
	const out: Rr[] = [];
	for (const r of denial) {
		const set = denial.filter((d) => d.type === r.type && sameName(nameOf(d), nameOf(r)));
		if (set[0] !== r) continue;
		const verdict = await verifyRrset(set, sigs, keys, ctx);
		if (verdict.security === 'secure') out.push(...set);
	}
	return out;
}

/** A negative answer or a missing DS: its NSEC/NSEC3 records must verify and prove the denial. */
async function proveDenial(
	goal: 'nxdomain' | 'nodata',
	q: { qname: WireName; qtype: number; zone: WireName },
	records: Rr[],
	keys: Rr[],
	ctx: ValidationContext
): Promise<Verdict> {
	const proven = await verifiedDenial(records, keys, ctx);
	const verdict = goal === 'nxdomain' ? await proveNxdomain(q, proven, ctx) : await proveNodata(q, proven, ctx);
	return verdict;
}

/** Ids of the hops that lead to the answer: all but those of nested walks for a name server's address. */
function mainPathHops(events: readonly WalkEvent[]): number[] {
	const ids: number[] = [];
	let glueless: number | undefined;
	for (const e of events) {
		if (glueless !== undefined && e.depth < glueless) glueless = undefined;
		if (e.type === 'subwalk') {
			if (e.reason === 'glueless' && glueless === undefined) glueless = e.depth;
			continue;
		}
		if (glueless === undefined) ids.push(e.id);
	}
	return ids;
}
