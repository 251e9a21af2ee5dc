/**
 * The demo world: a miniature internet (its own root, TLDs and domains) bundled as static/demo/world.json, made
 * from zone files by scripts/demo-world.js. `demoTransport` answers each direct-mode query the way the named
 * authoritative server would, so the very same walk runs offline. What "the way it would" means is checked
 * against knotd serving the same zones (tests/lab/demo-world.spec.ts): referrals with glue, AA answers,
 * NODATA and NXDOMAIN with the SOA (its TTL capped by the SOA minimum, RFC 2308), REFUSED where it is not
 * authoritative (a lame server). The world is DNSSEC-signed (by ldns-signzone) and carries its root's DS as the
 * trust anchor; with DO set a server adds what RFC 4035 section 3.1 says: RRSIGs, the DS or the proof that there
 * is none in a referral, NSEC or NSEC3 proofs in negative answers. A UDP response that would not fit comes back
 * truncated (TC), in full over TCP.
 */
import { fromHex } from '$lib/bytes/encoding';
import { parseTrustAnchors } from '$lib/dnssec/anchors';
import { compareBytes } from '$lib/dnssec/canonical';
import { compareNames, nameFromText, ROOT, type WireName } from '$lib/dnssec/names';
import { fromBase32Hex, nsec3Hash } from '$lib/dnssec/nsec3';
import type { Rr } from '$lib/dnssec/records';
import { fail, ok, type Result } from '$lib/errors';
import type { LocalizedText } from '$lib/i18n/locales';
import type { WebCrypto } from '$lib/tls/webcrypto';
import { escapeLabel, fqdn } from './labels';
import type { NameServer } from './root-hints';
import { checkResponse, transportError, type DirectTransport } from './transport';
import { ancestors, isSubdomain } from './walk';
import { decodeMessage } from './wire';

export interface DemoRecord {
	/** Lowercase FQDN with the trailing dot. */
	name: string;
	type: number;
	class: number;
	ttl: number;
	/** Uncompressed: every name inside is written out in full. */
	rdata: Uint8Array;
}

export interface DemoServer {
	name: string;
	/** A documentation address: the demo world's, never connected to. */
	address: string;
	/** Zones it is authoritative for; none means it answers REFUSED (a lame server). */
	zones: string[];
}

export interface DemoSuggestion {
	name: string;
	/** A type mnemonic: `A`, `MX`, `HTTPS`… */
	type: string;
	/** What it shows is DNSSEC: picking it turns the chain-of-trust check on. */
	dnssec?: boolean;
	about: LocalizedText;
}

export interface DemoWorld {
	version: number;
	generatedBy: string;
	/** The demo root's DS records: where a demo walk's chain of trust starts (the real root's anchors fail here). */
	trustAnchors: Rr[];
	servers: DemoServer[];
	roots: NameServer[];
	zones: ReadonlyMap<string, DemoRecord[]>;
	suggestions: DemoSuggestion[];
}

/** 2: signed zones and `trustAnchor`. */
export const DEMO_WORLD_VERSION = 2;

const T = { A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, MX: 15, AAAA: 28, SRV: 33, DS: 43, OPT: 41, RRSIG: 46, NSEC: 47, NSEC3: 50, NSEC3PARAM: 51 } as const;
const RCODE = { NOERROR: 0, FORMERR: 1, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;

// ------------------------------------------------------------------------------------------------------------
// Reading world.json

class BadWorld extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
// Plain host-name labels only: the response builder writes names label by label, without escapes.
const isName = (v: unknown): v is string => typeof v === 'string' && v.length <= 254 && /^(\.|([a-z0-9_-]{1,63}\.)+)$/.test(v);
const isUint = (v: unknown, max: number): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= max;

function need<T>(value: unknown, test: (v: unknown) => v is T, where: string): T {
	if (!test(value)) throw new BadWorld(where);
	return value;
}
const list = (value: unknown, where: string) => need(value, Array.isArray, `${where} is not a list`) as unknown[];
const object = (value: unknown, where: string) => need(value, isObject, `${where} is not an object`);
const text = (value: unknown, where: string) => need(value, (v): v is string => typeof v === 'string', `${where} is not text`);
const domainName = (value: unknown, where: string) => need(value, isName, `${where} is not a lowercase domain name with the trailing dot`);
const uint = (value: unknown, max: number, where: string) => need(value, (v): v is number => isUint(v, max), where);

/** Checks world.json's shape (and that every served zone has its SOA), turning hex back into bytes. */
export function parseDemoWorld(json: unknown): Result<DemoWorld, 'bad-world'> {
	try {
		const root = object(json, 'the file');
		if (root.version !== DEMO_WORLD_VERSION) throw new BadWorld(`version ${String(root.version)} is not ${DEMO_WORLD_VERSION}`);
		const zones = new Map<string, DemoRecord[]>();
		for (const [zone, records] of Object.entries(object(root.zones, 'zones'))) {
			const apex = domainName(zone, `zone ${zone}`);
			const parsed = list(records, `zones[${zone}]`).map((raw, i) => {
				const where = `zones[${zone}][${i}]`;
				const r = object(raw, where);
				const rdata = text(r.rdata, `${where}.rdata`);
				if (!/^([0-9a-f]{2})*$/.test(rdata)) throw new BadWorld(`${where}.rdata is not hex`);
				const owner = domainName(r.name, `${where}.name`);
				if (!isSubdomain(owner, apex)) throw new BadWorld(`${where}.name is outside ${zone}`);
				return {
					name: owner,
					type: uint(r.type, 0xffff, `${where}.type is not a type code`),
					class: uint(r.class, 0xffff, `${where}.class is not a class code`),
					ttl: uint(r.ttl, 0x7fffffff, `${where}.ttl is not a TTL`),
					rdata: fromHex(rdata)
				};
			});
			if (parsed.filter((r) => r.name === apex && r.type === T.SOA).length !== 1) throw new BadWorld(`zone ${zone} has no single SOA at its apex`);
			zones.set(apex, parsed);
		}
		const servers = list(root.servers, 'servers').map((raw, i) => {
			const s = object(raw, `servers[${i}]`);
			const served = list(s.zones, `servers[${i}].zones`).map((z, j) => domainName(z, `servers[${i}].zones[${j}]`));
			for (const z of served) if (!zones.has(z)) throw new BadWorld(`servers[${i}] serves ${z}, which has no records`);
			return { name: domainName(s.name, `servers[${i}].name`), address: text(s.address, `servers[${i}].address`), zones: served };
		});
		const roots = list(root.roots, 'roots').map((raw, i) => {
			const r = object(raw, `roots[${i}]`);
			return { name: domainName(r.name, `roots[${i}].name`), addresses: list(r.addresses, `roots[${i}].addresses`).map((a, j) => text(a, `roots[${i}].addresses[${j}]`)) };
		});
		if (!roots.length) throw new BadWorld('roots is empty');
		const anchors = parseTrustAnchors(text(root.trustAnchor, 'trustAnchor'));
		if (!anchors.ok) throw new BadWorld(`trustAnchor: ${anchors.error.message.en}`);
		if (anchors.value.some((r) => compareNames(r.owner, ROOT) !== 0)) throw new BadWorld('trustAnchor names another zone than the root');
		const suggestions = list(root.suggestions, 'suggestions').map((raw, i) => {
			const s = object(raw, `suggestions[${i}]`);
			const about = object(s.about, `suggestions[${i}].about`);
			return {
				name: domainName(s.name, `suggestions[${i}].name`),
				type: text(s.type, `suggestions[${i}].type`),
				...(s.dnssec === undefined ? {} : { dnssec: need(s.dnssec, (v): v is boolean => typeof v === 'boolean', `suggestions[${i}].dnssec is not true or false`) }),
				about: { en: text(about.en, `suggestions[${i}].about.en`), 'zh-CN': text(about['zh-CN'], `suggestions[${i}].about.zh-CN`) }
			};
		});
		return ok({ version: DEMO_WORLD_VERSION, generatedBy: text(root.generatedBy, 'generatedBy'), trustAnchors: anchors.value, servers, roots, zones, suggestions });
	} catch (e) {
		if (!(e instanceof BadWorld)) throw e;
		return fail('bad-world', {
			en: `The demo world's data is damaged (${e.message}).`,
			'zh-CN': `演示世界的数据已损坏（${e.message}）。`
		});
	}
}

/** The demo world's root hints: where every demo walk starts. */
export function demoRootHints(world: DemoWorld): NameServer[] {
	return world.roots.map((s) => ({ name: s.name, addresses: [...s.addresses] }));
}

// ------------------------------------------------------------------------------------------------------------
// The demo servers

/** Where the name sits in the RDATA of the types whose targets get their addresses added (as knot does). */
const TARGET_AT: Record<number, number> = { [T.NS]: 0, [T.MX]: 2, [T.SRV]: 6 };
/** What knot offers in its OPT record, and the most it sends over UDP (its udp-max-payload). */
const UDP_PAYLOAD = 1232;
/** The most a UDP response may hold for a query without EDNS, or one that offers less (RFC 6891 section 6.2.5). */
const CLASSIC_PAYLOAD = 512;
const TCP_PAYLOAD = 0xffff;
/** Extended DNS Error 20, "Not Authoritative" (RFC 8914): knot's word with a REFUSED. */
const EDE_NOT_AUTHORITATIVE = 20;

export interface DemoTransportOptions {
	/** Simulated round trip to a server (default: root 8 ms, TLD 14 ms, others 22 ms). */
	latencyMs?: (server: DemoServer) => number;
	/** Waits that long for real (the page, so that the ladder grows visibly); by default nothing waits. */
	sleep?: (ms: number) => Promise<void>;
	/** For the NSEC3 hashes of negative answers (default: the platform's Web Crypto). */
	crypto?: WebCrypto;
}

function defaultLatency(server: DemoServer): number {
	if (server.zones.includes('.')) return 8;
	return server.zones.some((z) => z.split('.').length === 2) ? 14 : 22;
}

/** An NSEC3 record of a zone with its hashed owner, raw (base32hex decoded). */
interface HashedOwner {
	hash: Uint8Array;
	record: DemoRecord;
}

/**
 * One zone's records by owner name, and every name that exists (owners and the empty non-terminals above them).
 * NSEC3 records are apart: their hashed owners are no names of the zone (RFC 5155 section 7.2.8), so asking for
 * one is NXDOMAIN, as with knot.
 */
interface ZoneIndex {
	apex: string;
	byName: Map<string, DemoRecord[]>;
	names: Set<string>;
	/** Every RRSIG by owner, the NSEC3 records' included. */
	sigs: Map<string, DemoRecord[]>;
	/** NSEC records in canonical order (RFC 4034 section 6.1): the zone's NSEC chain, if it has one. */
	nsec: { owner: WireName; record: DemoRecord }[];
	/** The NSEC3 chain in hash order, and how names are hashed, if the zone has one. */
	nsec3?: { salt: Uint8Array; iterations: number; chain: HashedOwner[]; hashes: Map<string, Promise<Uint8Array>> };
}

const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => map.set(key, [...(map.get(key) ?? []), value]);
const wireName = (name: string): WireName => nameFromText(name) ?? ROOT;
/** The type an RRSIG covers (its first RDATA field). */
const covered = (sig: DemoRecord) => ((sig.rdata[0] ?? 0) << 8) | (sig.rdata[1] ?? 0);

function indexZone(apex: string, records: DemoRecord[]): ZoneIndex {
	const byName = new Map<string, DemoRecord[]>();
	const sigs = new Map<string, DemoRecord[]>();
	const names = new Set<string>([apex]);
	const hashedOwners = new Set(records.filter((r) => r.type === T.NSEC3).map((r) => r.name));
	for (const r of records) {
		if (r.type === T.RRSIG) push(sigs, r.name, r);
		if (hashedOwners.has(r.name)) continue;
		push(byName, r.name, r);
		for (const n of ancestors(r.name)) if (isSubdomain(n, apex)) names.add(n);
	}
	const nsec = records
		.filter((r) => r.type === T.NSEC)
		.map((record) => ({ owner: wireName(record.name), record }))
		.sort((a, b) => compareNames(a.owner, b.owner));
	// NSEC3PARAM (RFC 5155 section 4.2): hash algorithm, flags, iterations, salt length, salt.
	const param = (byName.get(apex) ?? []).find((r) => r.type === T.NSEC3PARAM)?.rdata;
	const chain = records
		.filter((r) => r.type === T.NSEC3)
		.map((record) => ({ hash: fromBase32Hex(record.name.split('.')[0]!) ?? new Uint8Array(), record }))
		.sort((a, b) => compareBytes(a.hash, b.hash));
	const nsec3 =
		param && param.length >= 5 && chain.length
			? { iterations: (param[2]! << 8) | param[3]!, salt: param.slice(5, 5 + param[4]!), chain, hashes: new Map<string, Promise<Uint8Array>>() }
			: undefined;
	return { apex, byName, names, sigs, nsec, nsec3 };
}

const rrset = (zone: ZoneIndex, owner: string, type: number) => (zone.byName.get(owner) ?? []).filter((r) => r.type === type);

/** A name written out in full in RDATA, from `at`. */
function rdataName(rdata: Uint8Array, at: number): string {
	const labels: string[] = [];
	for (let len = rdata[at] ?? 0; len > 0 && at + 1 + len <= rdata.length; len = rdata[at] ?? 0) {
		labels.push(escapeLabel(rdata.subarray(at + 1, at + 1 + len)));
		at += 1 + len;
	}
	return fqdn(labels.join('.'));
}

/** An RRset, or the RRSIGs over one: what a server puts into a response whole or not at all. */
type Unit = DemoRecord[];

interface Reply {
	rcode: number;
	aa: boolean;
	answer: Unit[];
	authority: Unit[];
	additional: Unit[];
}

/**
 * A section as knot writes it: the RRsets, then (with DO) the RRSIGs over each, in the same order. An RRSIG goes
 * out with the TTL of the RRset it covers (RFC 4034 section 3), so a negative answer's SOA and its RRSIG agree.
 */
function section(zone: ZoneIndex, sets: Unit[], dnssecOk: boolean): Unit[] {
	const present = sets.filter((set) => set.length > 0);
	if (!dnssecOk) return present;
	const sigs = present.map((set) => {
		const first = set[0]!;
		return (zone.sigs.get(first.name) ?? []).filter((sig) => covered(sig) === first.type).map((sig) => ({ ...sig, ttl: first.ttl }));
	});
	return [...present, ...sigs.filter((s) => s.length > 0)];
}

/** The A and AAAA RRsets this zone holds for the names that NS/MX/SRV records point to (glue included). */
function addressesFor(zone: ZoneIndex, records: DemoRecord[]): Unit[] {
	const out: Unit[] = [];
	const seen = new Set<string>();
	for (const r of records) {
		const at = TARGET_AT[r.type];
		if (at === undefined) continue;
		const target = rdataName(r.rdata, at);
		if (seen.has(target) || !isSubdomain(target, zone.apex)) continue;
		seen.add(target);
		out.push(rrset(zone, target, T.A), rrset(zone, target, T.AAAA));
	}
	return out.filter((set) => set.length > 0);
}

/** The SOA for a negative answer: its TTL is the smaller of its own and the SOA minimum (RFC 2308 section 3). */
function negativeSoa(zone: ZoneIndex): DemoRecord {
	const soa = rrset(zone, zone.apex, T.SOA)[0]!;
	const d = soa.rdata;
	const minimum = ((d[d.length - 4]! << 24) >>> 0) + (d[d.length - 3]! << 16) + (d[d.length - 2]! << 8) + d[d.length - 1]!;
	return { ...soa, ttl: Math.min(soa.ttl, minimum) };
}

/** The longest name at or above `name` that exists in the zone (RFC 5155 section 7.2.1's closest encloser). */
function closestEncloser(zone: ZoneIndex, name: string): string {
	return ancestors(name).reverse().find((n) => zone.names.has(n)) ?? zone.apex;
}

/** The wildcard name directly below `name`: `*.<name>`. */
const wildcardAt = (name: string) => (name === '.' ? '*.' : `*.${name}`);

/** The NSEC record that covers `name`: the last one at or before it in canonical order (the chain wraps). */
function coveringNsec(zone: ZoneIndex, name: string): DemoRecord | undefined {
	const wire = wireName(name);
	const before = zone.nsec.filter((n) => compareNames(n.owner, wire) <= 0).at(-1) ?? zone.nsec.at(-1);
	return before?.record;
}

async function hashOf(crypto: WebCrypto, nsec3: NonNullable<ZoneIndex['nsec3']>, name: string): Promise<Uint8Array> {
	let hash = nsec3.hashes.get(name);
	if (!hash) {
		hash = nsec3Hash(crypto, wireName(name), nsec3.salt, nsec3.iterations);
		nsec3.hashes.set(name, hash);
	}
	return hash;
}

/** The NSEC3 record whose hashed owner is the hash of `name`, if any. */
async function matchingNsec3(crypto: WebCrypto, nsec3: NonNullable<ZoneIndex['nsec3']>, name: string): Promise<DemoRecord | undefined> {
	const hash = await hashOf(crypto, nsec3, name);
	return nsec3.chain.find((h) => compareBytes(h.hash, hash) === 0)?.record;
}

/** The NSEC3 record that covers the hash of `name`: the last one before it in hash order (the chain wraps). */
async function coveringNsec3(crypto: WebCrypto, nsec3: NonNullable<ZoneIndex['nsec3']>, name: string): Promise<DemoRecord | undefined> {
	const hash = await hashOf(crypto, nsec3, name);
	return (nsec3.chain.filter((h) => compareBytes(h.hash, hash) < 0).at(-1) ?? nsec3.chain.at(-1))?.record;
}

/**
 * The NSEC or NSEC3 records that prove a negative answer, as knot picks them (each an RRset of its own):
 * - nodata (also: no DS at a delegation): the name's own NSEC (an empty non-terminal: the NSEC that covers it),
 *   or the NSEC3 that matches its hash (RFC 4035 section 3.1.3.1, RFC 5155 section 7.2.3);
 * - nxdomain: the NSEC that covers the name and the one that covers the wildcard at its closest encloser
 *   (RFC 4035 section 3.1.3.2); with NSEC3 the closest encloser proof (the encloser's NSEC3, the one covering the
 *   next closer name) and the NSEC3 covering the wildcard (RFC 5155 section 7.2.2).
 * An unsigned zone has neither: nothing.
 */
async function denial(crypto: WebCrypto, zone: ZoneIndex, kind: 'nodata' | 'nxdomain', name: string): Promise<Unit[]> {
	let records: (DemoRecord | undefined)[];
	if (zone.nsec3) {
		if (kind === 'nodata') records = [await matchingNsec3(crypto, zone.nsec3, name)];
		else {
			const encloser = closestEncloser(zone, name);
			const nextCloser = ancestors(name).find((n) => n.length > encloser.length && isSubdomain(n, encloser))!;
			records = [
				await matchingNsec3(crypto, zone.nsec3, encloser),
				await coveringNsec3(crypto, zone.nsec3, nextCloser),
				await coveringNsec3(crypto, zone.nsec3, wildcardAt(encloser))
			];
		}
	} else if (zone.nsec.length) {
		records =
			kind === 'nodata'
				? [rrset(zone, name, T.NSEC)[0] ?? coveringNsec(zone, name)]
				: [coveringNsec(zone, name), coveringNsec(zone, wildcardAt(closestEncloser(zone, name)))];
	} else records = [];
	const unique = records.filter((r, i): r is DemoRecord => r !== undefined && records.indexOf(r) === i);
	return unique.map((r) => [r]);
}

/** What `server` answers to `qname`/`qtype`: the decisions of an authoritative server, in knot's order. */
async function reply(zones: ReadonlyMap<string, ZoneIndex>, server: DemoServer, qname: string, qtype: number, dnssecOk: boolean, crypto: WebCrypto): Promise<Reply> {
	// The closest enclosing zone this server serves; none at all: not its business.
	const apex = server.zones.filter((z) => isSubdomain(qname, z)).sort((a, b) => b.length - a.length)[0];
	const zone = apex === undefined ? undefined : zones.get(apex);
	if (!zone) return { rcode: RCODE.REFUSED, aa: false, answer: [], authority: [], additional: [] };

	// A delegation on the way down is a referral, except a DS question at the cut itself: DS is the parent's data.
	// With DO, a signed parent adds the DS with its RRSIG, or proves there is none (the child is unsigned).
	const cut = ancestors(qname).find((n) => n !== zone.apex && isSubdomain(n, zone.apex) && rrset(zone, n, T.NS).length > 0);
	if (cut && !(cut === qname && qtype === T.DS)) {
		const ns = rrset(zone, cut, T.NS);
		const ds = rrset(zone, cut, T.DS);
		const proof = !dnssecOk ? [] : ds.length ? [ds] : await denial(crypto, zone, 'nodata', cut);
		return { rcode: RCODE.NOERROR, aa: false, answer: [], authority: section(zone, [ns, ...proof], dnssecOk), additional: addressesFor(zone, ns) };
	}

	// The records asked for; a CNAME is followed while its target stays in this zone (and above any cut).
	const answer: Unit[] = [];
	const followed = new Set<string>();
	for (let name = qname; ; ) {
		const found = rrset(zone, name, qtype);
		if (found.length) {
			answer.push(found);
			break;
		}
		const cname = qtype === T.CNAME ? undefined : rrset(zone, name, T.CNAME)[0];
		if (cname && !followed.has(name)) {
			followed.add(name);
			answer.push([cname]);
			name = rdataName(cname.rdata, 0);
			const below = ancestors(name).some((n) => n !== zone.apex && isSubdomain(n, zone.apex) && rrset(zone, n, T.NS).length > 0);
			if (isSubdomain(name, zone.apex) && !below) continue;
			break;
		}
		if (cname) break; // a loop: what there is so far
		// Nothing of that type: NODATA if the name exists (an empty non-terminal does), else NXDOMAIN.
		const rcode = zone.names.has(name) ? RCODE.NOERROR : RCODE.NXDOMAIN;
		const proof = dnssecOk ? await denial(crypto, zone, rcode === RCODE.NXDOMAIN ? 'nxdomain' : 'nodata', name) : [];
		return {
			rcode,
			aa: true,
			answer: section(zone, answer, dnssecOk),
			authority: section(zone, [[negativeSoa(zone)], ...proof], dnssecOk),
			additional: section(zone, addressesFor(zone, answer.flat()), dnssecOk)
		};
	}
	return { rcode: RCODE.NOERROR, aa: true, answer: section(zone, answer, dnssecOk), authority: [], additional: section(zone, addressesFor(zone, answer.flat()), dnssecOk) };
}

// ------------------------------------------------------------------------------------------------------------
// Wire format of the response (RFC 1035 section 4.1; OPT per RFC 6891)

type Labels = Uint8Array[];

const textLabels = (name: string): Labels => fqdn(name).split('.').filter(Boolean).map((l) => Uint8Array.from(l, (c) => c.charCodeAt(0)));

/** The labels of a name written out in full in RDATA from `at`, and where it ends. */
function rdataLabels(rdata: Uint8Array, at: number): { labels: Labels; end: number } {
	const labels: Labels = [];
	for (let len = rdata[at] ?? 0; len > 0 && at + 1 + len <= rdata.length; len = rdata[at] ?? 0) {
		labels.push(rdata.subarray(at + 1, at + 1 + len));
		at += 1 + len;
	}
	return { labels, end: at + 1 };
}

/**
 * A response as knot writes it: every owner name, and the names inside NS, CNAME, PTR, MX and SOA data (the types
 * of RFC 1035 whose names may be compressed, RFC 3597 section 4), point back to where the same name, or its
 * tail, was written before (RFC 1035 section 4.1.4). Names in newer types (RRSIG's signer, NSEC's next name,
 * SRV's target...) stay in full. What fits in a UDP response depends on it.
 */
class Writer {
	readonly bytes: number[] = [];
	/** Where each name (its labels' bytes, joined) was first written. */
	private readonly offsets = new Map<string, number>();
	private readonly added: string[] = [];
	u8 = (v: number) => this.bytes.push(v & 0xff);
	u16 = (v: number) => this.bytes.push((v >> 8) & 0xff, v & 0xff);
	u32 = (v: number) => (this.u16(v >>> 16), this.u16(v & 0xffff));
	raw = (b: Uint8Array | number[]) => this.bytes.push(...b);
	set16(at: number, v: number) {
		this.bytes[at] = (v >> 8) & 0xff;
		this.bytes[at + 1] = v & 0xff;
	}
	/** Labels, each after its length, until a tail already written (a pointer to it) or the root's empty label. */
	name(labels: Labels) {
		for (let i = 0; i < labels.length; i++) {
			const key = labels.slice(i).map((label) => label.join(',')).join('.');
			const at = this.offsets.get(key);
			if (at !== undefined) return this.u16(0xc000 | at);
			if (this.bytes.length < 0x4000) {
				this.offsets.set(key, this.bytes.length);
				this.added.push(key);
			}
			this.u8(labels[i]!.length);
			this.raw(labels[i]!);
		}
		this.u8(0);
	}
	record(r: DemoRecord) {
		this.name(textLabels(r.name));
		this.u16(r.type);
		this.u16(r.class);
		this.u32(r.ttl);
		const lengthAt = this.bytes.length;
		this.u16(0);
		const d = r.rdata;
		if (r.type === T.NS || r.type === T.CNAME || r.type === T.PTR) this.name(rdataLabels(d, 0).labels);
		else if (r.type === T.MX) {
			this.raw(d.subarray(0, 2));
			this.name(rdataLabels(d, 2).labels);
		} else if (r.type === T.SOA) {
			const mname = rdataLabels(d, 0);
			const rname = rdataLabels(d, mname.end);
			this.name(mname.labels);
			this.name(rname.labels);
			this.raw(d.subarray(rname.end));
		} else this.raw(d);
		this.set16(lengthAt, this.bytes.length - lengthAt - 2);
	}
	/** Where to come back to if what follows does not fit. */
	mark() {
		return { length: this.bytes.length, added: this.added.length };
	}
	reset(mark: { length: number; added: number }) {
		this.bytes.length = mark.length;
		for (const key of this.added.splice(mark.added)) this.offsets.delete(key);
	}
}

/** Where the question of a query ends (its name is the first in the message, so never compressed). */
function questionEnd(query: Uint8Array): number {
	let at = 12;
	while ((query[at] ?? 0) !== 0) at += 1 + query[at]!;
	return at + 1 + 4;
}

/**
 * Writes the sections as far as they fit in `limit` bytes (the OPT record's room kept aside), like knot: each
 * unit whole or not at all; when one of the answer or authority section does not fit, the response stops there
 * and is truncated (TC); the additional section only loses what does not fit. Returns the counts and TC.
 */
function writeSections(w: Writer, r: Reply, limit: number): { counts: number[]; truncated: boolean } {
	const counts = [0, 0, 0];
	const sections = [r.answer, r.authority, r.additional];
	for (let i = 0; i < sections.length; i++) {
		for (const unit of sections[i]!) {
			const mark = w.mark();
			unit.forEach((record) => w.record(record));
			if (w.bytes.length > limit) {
				w.reset(mark);
				if (i < 2) return { counts, truncated: true };
				break;
			}
			counts[i]! += unit.length;
		}
	}
	return { counts, truncated: false };
}

/**
 * The response to `query` from `server`: header (the query's ID, RD and CD copied), the question as asked,
 * the records that fit (TC when some did not), and an OPT record if the query had one (DO echoed).
 */
async function respond(zones: ReadonlyMap<string, ZoneIndex>, server: DemoServer, query: Uint8Array, tcp: boolean, crypto: WebCrypto): Promise<Uint8Array | undefined> {
	if (query.length < 12) return undefined; // not even a header: a server drops it
	const decoded = decodeMessage(query);
	const q = decoded.ok && decoded.value.questions.length === 1 ? decoded.value.questions[0]! : undefined;
	const opcode = (query[2]! >> 3) & 0xf;
	const edns = decoded.ok ? decoded.value.edns : undefined;
	const r: Reply = !q
		? { rcode: RCODE.FORMERR, aa: false, answer: [], authority: [], additional: [] }
		: opcode !== 0
			? { rcode: RCODE.NOTIMP, aa: false, answer: [], authority: [], additional: [] }
			: q.class !== 1 // the demo world holds class IN only
				? { rcode: RCODE.REFUSED, aa: false, answer: [], authority: [], additional: [] }
				: await reply(zones, server, fqdn(q.name), q.type, edns?.dnssecOk ?? false, crypto);
	const ede = edns && r.rcode === RCODE.REFUSED ? [0, 15, 0, 2, 0, EDE_NOT_AUTHORITATIVE] : [];
	const optLength = edns ? 11 + ede.length : 0;
	const limit = tcp ? TCP_PAYLOAD : edns ? Math.min(Math.max(CLASSIC_PAYLOAD, edns.udpPayloadSize), UDP_PAYLOAD) : CLASSIC_PAYLOAD;

	const w = new Writer();
	w.raw(query.subarray(0, 2));
	w.raw([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]); // flags and counts, set below
	// the question as asked; its name is where later names point
	if (q) {
		const end = questionEnd(query);
		w.name(rdataLabels(query.subarray(0, end - 4), 12).labels);
		w.raw(query.subarray(end - 4, end));
	}
	const { counts, truncated } = writeSections(w, r, limit - optLength);
	// QR, OPCODE, AA, TC, RD (copied), CD (copied), RCODE; RA and AD stay 0
	w.set16(2, 0x8000 | (opcode << 11) | (r.aa ? 0x0400 : 0) | (truncated ? 0x0200 : 0) | ((query[2]! & 0x01) << 8) | (query[3]! & 0x10) | r.rcode);
	w.set16(4, q ? 1 : 0);
	w.set16(6, counts[0]!);
	w.set16(8, counts[1]!);
	w.set16(10, counts[2]! + (edns ? 1 : 0));
	if (edns) {
		w.u8(0); // owner: the root
		w.u16(T.OPT);
		w.u16(UDP_PAYLOAD);
		w.u32(edns.dnssecOk ? 0x8000 : 0); // extended RCODE 0, version 0, DO
		w.u16(ede.length);
		w.raw(ede);
	}
	return new Uint8Array(w.bytes);
}

/**
 * A direct-mode transport into the demo world: the server at the given address answers from its zones.
 * An address no demo server has is unreachable, as a real one with nothing behind it would be.
 */
export function demoTransport(world: DemoWorld, options: DemoTransportOptions = {}): DirectTransport {
	const zones = new Map([...world.zones].map(([apex, records]) => [apex, indexZone(apex, records)]));
	const byAddress = new Map(world.servers.map((s) => [s.address, s]));
	const latency = options.latencyMs ?? defaultLatency;
	const crypto = options.crypto ?? globalThis.crypto;
	return {
		async exchange(server, query, { tcp, timeoutMs }) {
			const demo = byAddress.get(server.address);
			if (!demo)
				return transportError('unreachable', {
					en: `No server of the demo world has the address ${server.address}.`,
					'zh-CN': `演示世界里没有地址为 ${server.address} 的服务器。`
				});
			const ms = latency(demo);
			// Never wait past the caller's timeout; an answer slower than that is a timeout, as on the wire.
			if (options.sleep) await options.sleep(Math.min(ms, timeoutMs));
			const response = await respond(zones, demo, query, tcp, crypto);
			if (ms > timeoutMs || !response)
				return transportError('timeout', {
					en: `${demo.name} (${demo.address}) did not answer within ${timeoutMs} ms.`,
					'zh-CN': `${demo.name}（${demo.address}）在 ${timeoutMs} 毫秒内没有应答。`
				});
			const checked = checkResponse(query, response);
			if (!checked.ok) return checked;
			return ok({ query, response, message: checked.value, elapsedMs: ms, protocol: 'demo' });
		}
	};
}
