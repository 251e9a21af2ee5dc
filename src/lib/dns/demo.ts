/**
 * The demo world: a miniature internet (its own root, TLDs and domains) bundled as static/demo/world.json, made
 * from zone files by scripts/demo-world.js. `demoTransport` answers each direct-mode query the way the named
 * authoritative server would, so the very same walk runs offline. What "the way it would" means is checked
 * against knotd serving the same zones (tests/lab/demo-world.spec.ts): referrals with glue, AA answers,
 * NODATA and NXDOMAIN with the SOA (its TTL capped by the SOA minimum, RFC 2308), REFUSED where it is not
 * authoritative (a lame server).
 */
import { fromHex } from '$lib/bytes/encoding';
import { fail, ok, type Result } from '$lib/errors';
import type { LocalizedText } from '$lib/i18n/locales';
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
	about: LocalizedText;
}

export interface DemoWorld {
	version: number;
	generatedBy: string;
	servers: DemoServer[];
	roots: NameServer[];
	zones: ReadonlyMap<string, DemoRecord[]>;
	suggestions: DemoSuggestion[];
}

export const DEMO_WORLD_VERSION = 1;

const T = { A: 1, NS: 2, CNAME: 5, SOA: 6, MX: 15, AAAA: 28, SRV: 33, DS: 43, OPT: 41 } as const;
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
		const suggestions = list(root.suggestions, 'suggestions').map((raw, i) => {
			const s = object(raw, `suggestions[${i}]`);
			const about = object(s.about, `suggestions[${i}].about`);
			return {
				name: domainName(s.name, `suggestions[${i}].name`),
				type: text(s.type, `suggestions[${i}].type`),
				about: { en: text(about.en, `suggestions[${i}].about.en`), 'zh-CN': text(about['zh-CN'], `suggestions[${i}].about.zh-CN`) }
			};
		});
		return ok({ version: DEMO_WORLD_VERSION, generatedBy: text(root.generatedBy, 'generatedBy'), servers, roots, zones, suggestions });
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
/** What knot offers in its OPT record. */
const UDP_PAYLOAD = 1232;
/** Extended DNS Error 20, "Not Authoritative" (RFC 8914): knot's word with a REFUSED. */
const EDE_NOT_AUTHORITATIVE = 20;

export interface DemoTransportOptions {
	/** Simulated round trip to a server (default: root 8 ms, TLD 14 ms, others 22 ms). */
	latencyMs?: (server: DemoServer) => number;
	/** Waits that long for real (the page, so that the ladder grows visibly); by default nothing waits. */
	sleep?: (ms: number) => Promise<void>;
}

function defaultLatency(server: DemoServer): number {
	if (server.zones.includes('.')) return 8;
	return server.zones.some((z) => z.split('.').length === 2) ? 14 : 22;
}

/** One zone's records by owner name, and every name that exists (owners and the empty non-terminals above them). */
interface ZoneIndex {
	apex: string;
	byName: Map<string, DemoRecord[]>;
	names: Set<string>;
}

function indexZone(apex: string, records: DemoRecord[]): ZoneIndex {
	const byName = new Map<string, DemoRecord[]>();
	const names = new Set<string>([apex]);
	for (const r of records) {
		byName.set(r.name, [...(byName.get(r.name) ?? []), r]);
		for (const n of ancestors(r.name)) if (isSubdomain(n, apex)) names.add(n);
	}
	return { apex, byName, names };
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

interface Reply {
	rcode: number;
	aa: boolean;
	answer: DemoRecord[];
	authority: DemoRecord[];
	additional: DemoRecord[];
}

/** The A and AAAA records this zone holds for the names that NS/MX/SRV records point to (glue included). */
function addressesFor(zone: ZoneIndex, records: DemoRecord[]): DemoRecord[] {
	const out: DemoRecord[] = [];
	const seen = new Set<string>();
	for (const r of records) {
		const at = TARGET_AT[r.type];
		if (at === undefined) continue;
		const target = rdataName(r.rdata, at);
		if (seen.has(target) || !isSubdomain(target, zone.apex)) continue;
		seen.add(target);
		out.push(...rrset(zone, target, T.A), ...rrset(zone, target, T.AAAA));
	}
	return out;
}

/** The SOA for a negative answer: its TTL is the smaller of its own and the SOA minimum (RFC 2308 section 3). */
function negativeSoa(zone: ZoneIndex): DemoRecord {
	const soa = rrset(zone, zone.apex, T.SOA)[0]!;
	const d = soa.rdata;
	const minimum = ((d[d.length - 4]! << 24) >>> 0) + (d[d.length - 3]! << 16) + (d[d.length - 2]! << 8) + d[d.length - 1]!;
	return { ...soa, ttl: Math.min(soa.ttl, minimum) };
}

/** What `server` answers to `qname`/`qtype`: the decisions of an authoritative server, in knot's order. */
function reply(zones: ReadonlyMap<string, ZoneIndex>, server: DemoServer, qname: string, qtype: number): Reply {
	const none: DemoRecord[] = [];
	// The closest enclosing zone this server serves; none at all: not its business.
	const apex = server.zones.filter((z) => isSubdomain(qname, z)).sort((a, b) => b.length - a.length)[0];
	const zone = apex === undefined ? undefined : zones.get(apex);
	if (!zone) return { rcode: RCODE.REFUSED, aa: false, answer: none, authority: none, additional: none };

	// A delegation on the way down is a referral, except a DS question at the cut itself: DS is the parent's data.
	// (knot adds the DS to a referral only from a signed zone; the demo zones are not signed.)
	const cut = ancestors(qname).find((n) => n !== zone.apex && isSubdomain(n, zone.apex) && rrset(zone, n, T.NS).length > 0);
	if (cut && !(cut === qname && qtype === T.DS)) {
		const ns = rrset(zone, cut, T.NS);
		return { rcode: RCODE.NOERROR, aa: false, answer: none, authority: ns, additional: addressesFor(zone, ns) };
	}

	// The records asked for; a CNAME is followed while its target stays in this zone (and above any cut).
	const answer: DemoRecord[] = [];
	const followed = new Set<string>();
	for (let name = qname; ; ) {
		const found = rrset(zone, name, qtype);
		if (found.length) {
			answer.push(...found);
			break;
		}
		const cname = qtype === T.CNAME ? undefined : rrset(zone, name, T.CNAME)[0];
		if (cname && !followed.has(name)) {
			followed.add(name);
			answer.push(cname);
			name = rdataName(cname.rdata, 0);
			const below = ancestors(name).some((n) => n !== zone.apex && isSubdomain(n, zone.apex) && rrset(zone, n, T.NS).length > 0);
			if (isSubdomain(name, zone.apex) && !below) continue;
			break;
		}
		if (cname) break; // a loop: what there is so far
		// Nothing of that type: NODATA if the name exists (an empty non-terminal does), else NXDOMAIN.
		const rcode = zone.names.has(name) ? RCODE.NOERROR : RCODE.NXDOMAIN;
		return { rcode, aa: true, answer, authority: [negativeSoa(zone)], additional: addressesFor(zone, answer) };
	}
	return { rcode: RCODE.NOERROR, aa: true, answer, authority: none, additional: addressesFor(zone, answer) };
}

// ------------------------------------------------------------------------------------------------------------
// Wire format of the response (RFC 1035 section 4.1; OPT per RFC 6891)

class Writer {
	readonly bytes: number[] = [];
	u8 = (v: number) => this.bytes.push(v & 0xff);
	u16 = (v: number) => this.bytes.push((v >> 8) & 0xff, v & 0xff);
	u32 = (v: number) => (this.u16(v >>> 16), this.u16(v & 0xffff));
	raw = (b: Uint8Array) => this.bytes.push(...b);
	/** Labels, each after its length, then the root's empty label: never compressed. */
	name(name: string) {
		for (const label of fqdn(name).split('.').filter(Boolean)) {
			this.u8(label.length);
			for (const c of label) this.u8(c.charCodeAt(0));
		}
		this.u8(0);
	}
	record(r: DemoRecord) {
		this.name(r.name);
		this.u16(r.type);
		this.u16(r.class);
		this.u32(r.ttl);
		this.u16(r.rdata.length);
		this.raw(r.rdata);
	}
}

/** Where the question of a query ends (its name is the first in the message, so never compressed). */
function questionEnd(query: Uint8Array): number {
	let at = 12;
	while ((query[at] ?? 0) !== 0) at += 1 + query[at]!;
	return at + 1 + 4;
}

/**
 * The response to `query` from `server`: header (the query's ID, RD and CD copied), the question as asked,
 * the records, and an OPT record if the query had one (DO echoed).
 */
function respond(zones: ReadonlyMap<string, ZoneIndex>, server: DemoServer, query: Uint8Array): Uint8Array | undefined {
	if (query.length < 12) return undefined; // not even a header: a server drops it
	const decoded = decodeMessage(query);
	const q = decoded.ok && decoded.value.questions.length === 1 ? decoded.value.questions[0]! : undefined;
	const opcode = (query[2]! >> 3) & 0xf;
	const r: Reply = !q
		? { rcode: RCODE.FORMERR, aa: false, answer: [], authority: [], additional: [] }
		: opcode !== 0
			? { rcode: RCODE.NOTIMP, aa: false, answer: [], authority: [], additional: [] }
			: q.class !== 1 // the demo world holds class IN only
				? { rcode: RCODE.REFUSED, aa: false, answer: [], authority: [], additional: [] }
				: reply(zones, server, fqdn(q.name), q.type);
	const edns = decoded.ok ? decoded.value.edns : undefined;
	const w = new Writer();
	w.raw(query.subarray(0, 2));
	// QR, OPCODE, AA, RD (copied), CD (copied), RCODE; TC, RA and AD stay 0
	w.u16(0x8000 | (opcode << 11) | (r.aa ? 0x0400 : 0) | ((query[2]! & 0x01) << 8) | (query[3]! & 0x10) | r.rcode);
	w.u16(q ? 1 : 0);
	w.u16(r.answer.length);
	w.u16(r.authority.length);
	w.u16(r.additional.length + (edns ? 1 : 0));
	if (q) w.raw(query.subarray(12, questionEnd(query)));
	for (const record of [...r.answer, ...r.authority, ...r.additional]) w.record(record);
	if (edns) {
		const ede = r.rcode === RCODE.REFUSED ? [0, 15, 0, 2, 0, EDE_NOT_AUTHORITATIVE] : [];
		w.u8(0); // owner: the root
		w.u16(T.OPT);
		w.u16(UDP_PAYLOAD);
		w.u32(edns.dnssecOk ? 0x8000 : 0); // extended RCODE 0, version 0, DO
		w.u16(ede.length);
		w.raw(new Uint8Array(ede));
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
	return {
		async exchange(server, query, { timeoutMs }) {
			const demo = byAddress.get(server.address);
			if (!demo)
				return transportError('unreachable', {
					en: `No server of the demo world has the address ${server.address}.`,
					'zh-CN': `演示世界里没有地址为 ${server.address} 的服务器。`
				});
			const ms = latency(demo);
			// Never wait past the caller's timeout; an answer slower than that is a timeout, as on the wire.
			if (options.sleep) await options.sleep(Math.min(ms, timeoutMs));
			const response = respond(zones, demo, query);
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
