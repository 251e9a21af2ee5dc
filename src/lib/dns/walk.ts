/**
 * The walk: a name's resolution as a sequence of hops, root -> TLD -> ... -> answer, in one of two honest modes.
 *
 * - direct: RD=0 queries to one server of each zone, starting from root hints, following referrals (in-bailiwick
 *   glue; glueless name servers are looked up by a nested walk), failing over on timeouts, errors and lame
 *   answers, retrying over TCP on truncation. What `dig +trace` does, and more.
 * - resolver: a DoH resolver is asked what each parent zone hands out (NS, DS, the name servers' addresses) at
 *   every level of the name, which shows the zone cuts; and the question itself. The data is real, but the
 *   resolver answered, and every hop says so. Everything that can go out together does: two round trips per name
 *   (all levels' NS and DS with the question, then the name servers' addresses), one more walk per CNAME.
 *
 * Both follow CNAME and DNAME chains across zones (as nested walks), stop on NXDOMAIN and NODATA with the SOA,
 * and are bounded: at most 64 queries and 20 s per trace, each wait bounded too. The generator yields events as
 * they happen and returns the outcome.
 */
import { validateChain, type ChainFetch, type ChainResult } from '$lib/dnssec/chain';
import type { Rr } from '$lib/dnssec/records';
import { defaultContext, type ValidationContext } from '$lib/dnssec/validate';
import type { UserError } from '$lib/errors';
import type { LocalizedText } from '$lib/i18n/locales';
import { fqdn } from './labels';
import type { NameServer } from './root-hints';
import type { DirectTransport, Exchange, ResolverTransport, TransportErrorCode } from './transport';
import { rcodeName, typeName } from './types';
import { encodeQuery, sameName, type DnsMessage, type DnsRecord } from './wire';

export type HopKind =
	| 'referral'
	| 'answer'
	| 'cname'
	| 'dname'
	| 'nodata'
	| 'nxdomain'
	| 'timeout'
	| 'unreachable'
	| 'refused'
	| 'servfail'
	| 'lame'
	| 'truncated'
	| 'error';

export interface Hop {
	type: 'hop';
	id: number;
	/** 0 for the main walk; nested walks (glueless name servers, CNAME targets) are deeper. */
	depth: number;
	mode: 'direct' | 'resolver';
	/** The zone whose server was asked (`.`, `test.`), as far as the walk knows it. */
	zone: string;
	question: { name: string; type: number };
	/** Direct mode: the server asked. Resolver mode: the resolver that answered in its place. */
	server: { name?: string; address?: string; port?: number; via?: string };
	kind: HopKind;
	rcode?: number;
	protocol?: Exchange['protocol'];
	elapsedMs: number;
	query?: Uint8Array;
	response?: Uint8Array;
	message?: DnsMessage;
	/** Where the server sent us: the child zone and its name servers (with the addresses we learnt). */
	referral?: { zone: string; nameservers: NameServer[]; ds: DnsRecord[] };
	/** The records this hop contributes to the answer (answer records, CNAME/DNAME links). */
	records: DnsRecord[];
	/** The SOA of a negative answer. */
	soa?: DnsRecord;
	/** Resolver mode: queries answered from this trace's own cache (no round trip). */
	cached?: boolean;
	error?: UserError;
	explanation: LocalizedText;
}

/** A nested walk starts: for the address of a glueless name server, or for the target of a CNAME. */
export interface SubWalk {
	type: 'subwalk';
	id: number;
	depth: number;
	reason: 'glueless' | 'cname';
	name: string;
	qtype: number;
	explanation: LocalizedText;
}

export type WalkEvent = Hop | SubWalk;

export interface WalkOutcome {
	/** NOERROR, NXDOMAIN, SERVFAIL… (SERVFAIL also when the walk could not finish). */
	rcode: number;
	/** The final answer, CNAME chain included. */
	answer: DnsRecord[];
	/** Set when the walk stopped before an answer: where and why. */
	stopped?: UserError<WalkStopCode>;
	queries: number;
	elapsedMs: number;
	/** With the `dnssec` option: the chain of trust, per hop and overall. */
	dnssec?: ChainResult;
	/** How long judging the chain took (its queries not included: they are in `elapsedMs`). */
	dnssecMs?: number;
}

export type WalkStopCode = 'budget-queries' | 'budget-time' | 'no-server' | 'cname-loop' | 'cname-chain' | 'too-deep' | 'resolver';

export interface WalkLimits {
	maxQueries: number;
	maxMs: number;
	/** Per query; also never past the trace's own deadline. */
	queryTimeoutMs: number;
	maxCnameLinks: number;
	maxDepth: number;
}

export const DEFAULT_LIMITS: WalkLimits = { maxQueries: 64, maxMs: 20_000, queryTimeoutMs: 3_000, maxCnameLinks: 16, maxDepth: 4 };

interface CommonOptions {
	/** ASCII FQDN or name without the trailing dot (parseQueryName's `name`). */
	name: string;
	type: number;
	limits?: Partial<WalkLimits>;
	now?: () => number;
	/** Query IDs for direct mode (random by default; RFC 5452). */
	randomId?: () => number;
	/** EDNS DO bit (default on): the DNSSEC records come along, for the chain-of-trust view. */
	dnssecOk?: boolean;
	/**
	 * Validate the chain of trust (RFC 4035) from these anchors (DS or DNSKEY records of the root): each zone's
	 * DNSKEY RRset is fetched (direct mode: after the walk, from the zone's servers; resolver mode: along the way,
	 * from the resolver, which is then asked with CD set so that it hands out bogus data too). The verdict is in
	 * the outcome.
	 */
	dnssec?: { anchors: readonly Rr[]; ctx?: ValidationContext };
}

export interface DirectWalkOptions extends CommonOptions {
	mode: 'direct';
	transport: DirectTransport;
	rootHints: readonly NameServer[];
	/** Port of the servers (53; the lab may use another). */
	port?: number;
}

export interface ResolverWalkOptions extends CommonOptions {
	mode: 'resolver';
	transport: ResolverTransport;
}

export type WalkOptions = DirectWalkOptions | ResolverWalkOptions;

const RCODE = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 } as const;
const T = { A: 1, NS: 2, CNAME: 5, SOA: 6, AAAA: 28, DS: 43, DNAME: 39, DNSKEY: 48 } as const;


/** `name` is `zone` or below it. */
export function isSubdomain(name: string, zone: string): boolean {
	const n = fqdn(name);
	const z = fqdn(zone);
	return z === '.' || n === z || n.endsWith('.' + z);
}

/** The zones a name could be cut at, from the top: `a.b.c.` -> [`c.`, `b.c.`, `a.b.c.`]. */
export function ancestors(name: string): string[] {
	const labels = fqdn(name).split('.').filter(Boolean);
	return labels.map((_, i) => labels.slice(labels.length - 1 - i).join('.') + '.');
}

/** Shared by a trace and all its nested walks. */
class Trace {
	queries = 0;
	nextId = 1;
	readonly started: number;
	readonly limits: WalkLimits;
	readonly now: () => number;
	/** Names already on the CNAME chain of this trace (loop detection). */
	readonly chain = new Set<string>();
	/** Zone cuts learnt so far, deepest first when searched: zone -> its name servers. */
	readonly cuts = new Map<string, NameServer[]>();
	/** Resolver mode: each (name, type) is asked once per trace; CNAME restarts reuse the answers. */
	readonly asked = new Map<string, Promise<Asked>>();
	stop?: UserError<WalkStopCode>;

	constructor(options: CommonOptions) {
		this.limits = { ...DEFAULT_LIMITS, ...options.limits };
		this.now = options.now ?? (() => performance.now());
		this.started = this.now();
	}

	/** Spends one query of the budget; false (with the reason recorded) when the budget is gone. */
	spend(): boolean {
		if (this.queries >= this.limits.maxQueries) {
			this.stop ??= stopReason('budget-queries', this.limits);
			return false;
		}
		if (this.now() - this.started >= this.limits.maxMs) {
			this.stop ??= stopReason('budget-time', this.limits);
			return false;
		}
		this.queries++;
		return true;
	}

	timeout(): number {
		const left = this.limits.maxMs - (this.now() - this.started);
		return Math.max(1, Math.min(this.limits.queryTimeoutMs, left));
	}
}

function stopReason(code: WalkStopCode, limits: WalkLimits, detail = ''): UserError<WalkStopCode> {
	const text: Record<WalkStopCode, LocalizedText> = {
		'budget-queries': {
			en: `Stopped after ${limits.maxQueries} queries, the most one trace may send.`,
			'zh-CN': `已发送 ${limits.maxQueries} 个查询，达到单次追踪的上限，停止。`
		},
		'budget-time': {
			en: `Stopped after ${limits.maxMs / 1000} s, the longest one trace may take.`,
			'zh-CN': `已用时 ${limits.maxMs / 1000} 秒，达到单次追踪的上限，停止。`
		},
		'no-server': {
			en: `No server of ${detail} gave a usable answer.`,
			'zh-CN': `${detail} 的服务器都没有给出可用的应答。`
		},
		'cname-loop': {
			en: `The CNAME chain comes back to ${detail}: a loop.`,
			'zh-CN': `CNAME 链又回到了 ${detail}：形成循环。`
		},
		'cname-chain': {
			en: `The CNAME chain is longer than ${limits.maxCnameLinks} links.`,
			'zh-CN': `CNAME 链超过了 ${limits.maxCnameLinks} 个环节。`
		},
		'too-deep': {
			en: `Looking up name server addresses went more than ${limits.maxDepth} walks deep (${detail}).`,
			'zh-CN': `查找名称服务器地址的嵌套超过了 ${limits.maxDepth} 层（${detail}）。`
		},
		resolver: {
			en: `The resolver could not answer: ${detail}`,
			'zh-CN': `解析器无法应答：${detail}`
		}
	};
	return { code, message: text[code] };
}

/** Runs a walk. Yields each hop (and each nested walk's start) as it happens; returns the outcome. */
export async function* walk(options: WalkOptions): AsyncGenerator<WalkEvent, WalkOutcome> {
	const trace = new Trace(options);
	const name = fqdn(options.name);
	const run = options.mode === 'direct' ? directResolve(options, trace, name, options.type, 0) : resolverResolve(options, trace, name, options.type, 0);
	const events: WalkEvent[] = [];
	let step = await run.next();
	while (!step.done) {
		if (options.dnssec) events.push(step.value);
		yield step.value;
		step = await run.next();
	}
	const result = step.value;
	const stopped = trace.stop ?? result.stopped;
	let dnssec: ChainResult | undefined;
	let dnssecMs: number | undefined;
	if (options.dnssec) {
		const fetched = options.mode === 'direct' ? await fetchKeysDirect(options, trace, events) : await fetchKeysResolver(options, trace, events);
		const judging = trace.now();
		dnssec = await validateChain({ events, fetched, anchors: options.dnssec.anchors, ctx: options.dnssec.ctx ?? defaultContext() });
		dnssecMs = trace.now() - judging;
	}
	// A walk that could not finish has no answer (the hops still show how far it got), like a resolver's SERVFAIL.
	return {
		rcode: stopped ? RCODE.SERVFAIL : result.rcode,
		answer: stopped ? [] : result.answer,
		stopped,
		queries: trace.queries,
		elapsedMs: trace.now() - trace.started,
		...(dnssec ? { dnssec, dnssecMs } : {})
	};
}

// ------------------------------------------------------------------------------------------------------------
// DNSSEC: the keys of the zones on the way

/** The zones a walk went through: the root, every zone asked and every zone referred to. */
function zonesOf(events: readonly WalkEvent[]): string[] {
	const zones = new Set<string>(['.']);
	for (const e of events) {
		if (e.type !== 'hop' || !e.message) continue;
		zones.add(fqdn(e.zone));
		if (e.referral) zones.add(fqdn(e.referral.zone));
	}
	return [...zones];
}

/** Direct mode: each zone's DNSKEY RRset, asked of a server of that zone that answered during the walk. */
async function fetchKeysDirect(options: DirectWalkOptions, trace: Trace, events: readonly WalkEvent[]): Promise<ChainFetch[]> {
	const hops = events.filter((e): e is Hop => e.type === 'hop');
	const randomId = options.randomId ?? (() => Math.floor(Math.random() * 0x10000));
	const fetched: ChainFetch[] = [];
	for (const zone of zonesOf(events)) {
		const answered = hops.find((h) => h.message && h.server.address && sameName(h.zone, zone) && (h.message.rcode === RCODE.NOERROR || h.message.rcode === RCODE.NXDOMAIN));
		const referred = hops.find((h) => h.referral && sameName(h.referral.zone, zone))?.referral?.nameservers.find((s) => s.addresses.length);
		const address = answered?.server.address ?? referred?.addresses[0] ?? (zone === '.' ? options.rootHints[0]?.addresses[0] : undefined);
		if (!address) continue;
		const query = encodeQuery({
			name: zone === '.' ? '' : zone.slice(0, -1),
			typeCode: T.DNSKEY,
			id: randomId(),
			recursionDesired: false,
			edns: { udpPayloadSize: 1232, dnssecOk: true }
		});
		if (!trace.spend()) break;
		let result = await options.transport.exchange({ address, port: options.port }, query, { tcp: false, timeoutMs: trace.timeout() });
		if (result.ok && result.value.message.flags.tc) {
			if (!trace.spend()) break;
			result = await options.transport.exchange({ address, port: options.port }, query, { tcp: true, timeoutMs: trace.timeout() });
		}
		if (result.ok) fetched.push({ zone, type: 'DNSKEY', response: result.value.response, message: result.value.message });
	}
	return fetched;
}

/** Resolver mode: each zone's DNSKEY RRset, and the DS answers the walk already got (with their RRSIGs and proofs). */
async function fetchKeysResolver(options: ResolverWalkOptions, trace: Trace, events: readonly WalkEvent[]): Promise<ChainFetch[]> {
	const ask = cachedAsker(options, trace);
	const fetched: ChainFetch[] = [];
	for (const zone of zonesOf(events)) {
		const [dnskey, ds] = await Promise.all([ask(zone, T.DNSKEY), zone === '.' ? undefined : ask(zone, T.DS)]);
		if (dnskey.ok) fetched.push({ zone, type: 'DNSKEY', response: dnskey.value.response, message: dnskey.value.message });
		if (ds?.ok) fetched.push({ zone, type: 'DS', response: ds.value.response, message: ds.value.message });
	}
	return fetched;
}

interface Resolution {
	rcode: number;
	answer: DnsRecord[];
	stopped?: UserError<WalkStopCode>;
}

const failed = (trace: Trace, stopped?: UserError<WalkStopCode>): Resolution => ({ rcode: RCODE.SERVFAIL, answer: [], stopped: stopped ?? trace.stop });

// ------------------------------------------------------------------------------------------------------------
// What a response means

type Verdict =
	| { kind: 'answer'; records: DnsRecord[]; aliases: string[] }
	| { kind: 'cname' | 'dname'; records: DnsRecord[]; target: string; aliases: string[] }
	| { kind: 'nodata' | 'nxdomain'; soa?: DnsRecord }
	| { kind: 'referral'; zone: string; nameservers: NameServer[]; ds: DnsRecord[] }
	| { kind: 'lame' | 'refused' | 'servfail' | 'error' };

/**
 * Classifies an authoritative server's response to `qname`/`qtype`, asked of a server of `zone`.
 * A CNAME chain the server holds itself is followed inside the response; where it leaves the data given, the
 * walk restarts for the target.
 */
export function classify(m: DnsMessage, zone: string, qname: string, qtype: number): Verdict {
	if (m.rcode === RCODE.REFUSED) return { kind: 'refused' };
	if (m.rcode === RCODE.SERVFAIL) return { kind: 'servfail' };
	const soa = m.authority.find((r) => r.type === T.SOA);
	if (m.rcode !== RCODE.NOERROR && m.rcode !== RCODE.NXDOMAIN) return { kind: 'error' };
	const chain = followChain(m, qname, qtype);
	const linked = chain.links.flatMap((l) => l.records);
	const aliases = [fqdn(qname), ...chain.links.slice(0, -1).map((l) => l.target)];
	if (chain.final.length) return { kind: 'answer', records: [...linked, ...chain.final], aliases: chain.links.length ? aliases : [] };
	// An alias leads elsewhere: the walk goes on at its target (even after an NXDOMAIN, which is the target's).
	if (chain.links.length)
		return {
			kind: chain.links[0]!.records[0]!.type === T.DNAME ? 'dname' : 'cname',
			records: linked,
			target: chain.target,
			// Every name on the way that was an alias: they count against the chain limit and for loops.
			aliases
		};
	if (m.rcode === RCODE.NXDOMAIN) return { kind: 'nxdomain', soa };

	const ns = m.authority.filter((r) => r.type === T.NS);
	const child = ns[0] && fqdn(ns[0].name);
	if (child && !m.flags.aa && child !== fqdn(zone) && isSubdomain(child, zone) && isSubdomain(qname, child)) {
		// Glue: only addresses for names inside the zone of the server that sent them (in-bailiwick).
		const nameservers = ns
			.filter((r) => sameName(r.name, child))
			.map((r) => ({
				name: r.target!,
				addresses: isSubdomain(r.target!, zone)
					? m.additional.filter((a) => (a.type === T.A || a.type === T.AAAA) && sameName(a.name, r.target!)).map((a) => a.address!)
					: []
			}));
		const ds = m.authority.filter((r) => r.type === T.DS && sameName(r.name, child));
		return { kind: 'referral', zone: child, nameservers, ds };
	}
	if (m.flags.aa) return { kind: 'nodata', soa };
	// Neither an answer it vouches for nor a referral downwards: the server is lame for this zone.
	return { kind: 'lame' };
}

interface ChainLink {
	/** A CNAME; or a DNAME with the CNAME synthesized from it, when the server sent one. */
	records: DnsRecord[];
	target: string;
}

/** Follows CNAME/DNAME links for qname inside one response, then the records of the type asked for. */
function followChain(m: DnsMessage, qname: string, qtype: number): { links: ChainLink[]; final: DnsRecord[]; target: string } {
	const links: ChainLink[] = [];
	let name = fqdn(qname);
	const seen = new Set([name]);
	for (let i = 0; i <= DEFAULT_LIMITS.maxCnameLinks; i++) {
		const final = m.answers.filter((r) => sameName(r.name, name) && r.type === qtype);
		if (final.length) return { links, final, target: name };
		const dname = qtype === T.DNAME ? undefined : m.answers.find((r) => r.type === T.DNAME && isSubdomain(name, r.name) && !sameName(name, r.name));
		const cname = qtype === T.CNAME ? undefined : m.answers.find((r) => r.type === T.CNAME && sameName(r.name, name));
		if (dname) {
			// RFC 6672: the labels above the DNAME's owner are kept, the owner is replaced by the target.
			const target = fqdn(name.slice(0, name.length - fqdn(dname.name).length) + dname.target!);
			links.push({ records: cname ? [dname, cname] : [dname], target });
			name = target;
		} else if (cname) {
			links.push({ records: [cname], target: cname.target! });
			name = cname.target!;
		} else break;
		if (seen.has(name)) break; // a loop inside one response: the walk's own loop check reports it
		seen.add(name);
	}
	return { links, final: [], target: name };
}

// ------------------------------------------------------------------------------------------------------------
// Direct mode

async function* directResolve(
	options: DirectWalkOptions,
	trace: Trace,
	qname: string,
	qtype: number,
	depth: number
): AsyncGenerator<WalkEvent, Resolution> {
	// Start at the deepest zone this trace already knows for the name, else at the root.
	let zone = '.';
	let servers: NameServer[] = options.rootHints.map((s) => ({ name: s.name, addresses: [...s.addresses] }));
	for (const candidate of ancestors(qname)) {
		const known = trace.cuts.get(candidate);
		if (known) {
			zone = candidate;
			servers = known;
		}
	}
	const randomId = options.randomId ?? (() => Math.floor(Math.random() * 0x10000));

	for (;;) {
		let moved = false;
		const tried = new Set<string>();
		for (let s = 0; s < servers.length && !moved; s++) {
			const server = servers[s]!;
			if (server.addresses.length === 0) {
				const found = yield* glueless(options, trace, zone, server, depth);
				if (found === 'stop') return failed(trace);
			}
			for (const address of server.addresses) {
				if (tried.has(address)) continue;
				tried.add(address);
				if (!trace.spend()) return failed(trace);
				const query = encodeQuery({
					name: qname === '.' ? '' : qname.slice(0, -1),
					typeCode: qtype,
					id: randomId(),
					recursionDesired: false,
					edns: { udpPayloadSize: 1232, dnssecOk: options.dnssecOk ?? true }
				});
				const hopBase = {
					type: 'hop' as const,
					depth,
					mode: 'direct' as const,
					zone,
					question: { name: qname, type: qtype },
					server: { name: server.name, address, port: options.port }
				};
				const sent = trace.now();
				const wait = trace.timeout();
				let result = await options.transport.exchange({ address, port: options.port }, query, { tcp: false, timeoutMs: wait });
				if (result.ok && result.value.message.flags.tc) {
					yield hop(trace, { ...hopBase, kind: 'truncated', exchange: result.value, explanation: EXPLAIN.truncated() });
					if (!trace.spend()) return failed(trace);
					result = await options.transport.exchange({ address, port: options.port }, query, { tcp: true, timeoutMs: trace.timeout() });
				}
				if (!result.ok) {
					yield hop(trace, {
						...hopBase,
						kind: failureKind(result.error.code),
						error: result.error,
						elapsedMs: trace.now() - sent,
						explanation: result.error.message
					});
					// A wait cut short by the trace's deadline that ran out: the deadline, not the server, ended it.
					if (result.error.code === 'timeout' && wait < trace.limits.queryTimeoutMs) {
						trace.stop ??= stopReason('budget-time', trace.limits);
						return failed(trace);
					}
					continue;
				}
				const m = result.value.message;
				const verdict = classify(m, zone, qname, qtype);
				switch (verdict.kind) {
					case 'refused':
					case 'servfail':
					case 'error':
					case 'lame':
						yield hop(trace, { ...hopBase, kind: verdict.kind, exchange: result.value, explanation: EXPLAIN[verdict.kind](server.name, zone) });
						continue;
					case 'referral': {
						yield hop(trace, {
							...hopBase,
							kind: 'referral',
							exchange: result.value,
							referral: { zone: verdict.zone, nameservers: verdict.nameservers, ds: verdict.ds },
							explanation: EXPLAIN.referral(zone, verdict.zone, verdict.nameservers)
						});
						trace.cuts.set(verdict.zone, verdict.nameservers);
						zone = verdict.zone;
						servers = verdict.nameservers;
						moved = true;
						break;
					}
					case 'nxdomain':
					case 'nodata':
						yield hop(trace, {
							...hopBase,
							kind: verdict.kind,
							exchange: result.value,
							soa: verdict.soa,
							explanation: EXPLAIN[verdict.kind](qname, qtype, verdict.soa)
						});
						return { rcode: m.rcode, answer: [] };
					case 'answer':
						yield hop(trace, { ...hopBase, kind: 'answer', exchange: result.value, records: verdict.records, explanation: EXPLAIN.answer(qname, qtype) });
						// Links that came with the answer count against the chain limit too.
						for (const alias of verdict.aliases) trace.chain.add(alias);
						if (trace.chain.size > trace.limits.maxCnameLinks) return failed(trace, stopReason('cname-chain', trace.limits));
						return { rcode: m.rcode, answer: verdict.records };
					case 'cname':
					case 'dname': {
						yield hop(trace, {
							...hopBase,
							kind: verdict.kind,
							exchange: result.value,
							records: verdict.records,
							explanation: EXPLAIN[verdict.kind](qname, verdict.target)
						});
						const rest = yield* restart(options, trace, verdict.aliases, verdict.target, qtype, depth, directResolve);
						return { ...rest, answer: [...verdict.records, ...rest.answer] };
					}
				}
				if (moved) break;
			}
		}
		if (!moved) return failed(trace, trace.stop ?? stopReason('no-server', trace.limits, zone));
	}
}

/** Looks up a glueless name server's addresses with a nested walk; 'stop' when the trace must end. */
async function* glueless(
	options: DirectWalkOptions,
	trace: Trace,
	zone: string,
	server: NameServer,
	depth: number
): AsyncGenerator<WalkEvent, 'ok' | 'none' | 'stop'> {
	if (depth + 1 > trace.limits.maxDepth) {
		trace.stop ??= stopReason('too-deep', trace.limits, server.name);
		return 'stop';
	}
	// A name server inside the zone it serves cannot be found without glue: asking would go round in circles.
	if (isSubdomain(server.name, zone) && zone !== '.') return 'none';
	yield {
		type: 'subwalk',
		id: trace.nextId++,
		depth: depth + 1,
		reason: 'glueless',
		name: server.name,
		qtype: T.A,
		explanation: {
			en: `The referral named ${server.name} without its address (no glue, since that name is outside ${zone}). Finding its address is a walk of its own.`,
			'zh-CN': `引荐中给出了 ${server.name}，但没有它的地址（该名字不在 ${zone} 之内，所以没有胶水记录）。查找它的地址需要另一次完整的解析。`
		}
	};
	const found = yield* directResolve(options, trace, server.name, T.A, depth + 1);
	server.addresses.push(...found.answer.filter((r) => r.type === T.A && r.address).map((r) => r.address!));
	if (trace.stop) return 'stop';
	return server.addresses.length ? 'ok' : 'none';
}

/** Follows a CNAME/DNAME target with a nested walk, guarding against loops and long chains. */
async function* restart<O extends WalkOptions>(
	options: O,
	trace: Trace,
	aliases: string[],
	target: string,
	qtype: number,
	depth: number,
	resolve: (options: O, trace: Trace, qname: string, qtype: number, depth: number) => AsyncGenerator<WalkEvent, Resolution>
): AsyncGenerator<WalkEvent, Resolution> {
	for (const alias of aliases) trace.chain.add(alias);
	if (trace.chain.has(fqdn(target))) return failed(trace, stopReason('cname-loop', trace.limits, target));
	if (trace.chain.size > trace.limits.maxCnameLinks) return failed(trace, stopReason('cname-chain', trace.limits));
	const from = aliases[0]!;
	yield {
		type: 'subwalk',
		id: trace.nextId++,
		depth: depth + 1,
		reason: 'cname',
		name: fqdn(target),
		qtype,
		explanation: {
			en: `${from} is an alias: the question starts again for ${target}, wherever that name lives.`,
			'zh-CN': `${from} 是别名：针对 ${target} 重新开始查询，无论它位于哪个区域。`
		}
	};
	return yield* resolve(options, trace, fqdn(target), qtype, depth + 1);
}

function failureKind(code: TransportErrorCode): HopKind {
	return code === 'timeout' ? 'timeout' : code === 'unreachable' ? 'unreachable' : 'error';
}

interface HopInput extends Omit<Hop, 'id' | 'elapsedMs' | 'records' | 'query' | 'response' | 'message' | 'protocol' | 'rcode'> {
	exchange?: Exchange;
	records?: DnsRecord[];
	/** For a hop with no exchange (a timeout): how long it waited. */
	elapsedMs?: number;
}

function hop(trace: Trace, input: HopInput): Hop {
	const { exchange, records, elapsedMs, ...rest } = input;
	return {
		...rest,
		id: trace.nextId++,
		records: records ?? [],
		elapsedMs: exchange?.elapsedMs ?? elapsedMs ?? 0,
		query: exchange?.query,
		response: exchange?.response,
		message: exchange?.message,
		protocol: exchange?.protocol,
		rcode: exchange?.message.rcode
	};
}

// ------------------------------------------------------------------------------------------------------------
// Resolver mode

async function* resolverResolve(
	options: ResolverWalkOptions,
	trace: Trace,
	qname: string,
	qtype: number,
	depth: number
): AsyncGenerator<WalkEvent, Resolution> {
	const ask = cachedAsker(options, trace);
	const via = options.transport.label;
	const levels = ancestors(qname);
	// Round one: every level's NS and DS and the question itself, all at once. The NS answers show where the zone
	// cuts are (a name may span several labels per zone, like co.uk, or none: an empty non-terminal).
	const [ns, ds, answer] = await Promise.all([
		Promise.all(levels.map((level) => ask(level, T.NS))),
		Promise.all(levels.map((level) => ask(level, T.DS))),
		ask(qname, qtype)
	]);
	if (trace.stop) return failed(trace);
	const cuts: { zone: string; names: string[]; exchange: Exchange; cached?: boolean; ds: DnsRecord[] }[] = [];
	let parent = '.';
	for (let i = 0; i < levels.length; i++) {
		const level = levels[i]!;
		const result = ns[i]!;
		if (!result.ok) {
			yield resolverFailure(trace, depth, parent, level, T.NS, via, result);
			return failed(trace, stopReason('resolver', trace.limits, result.error.message.en));
		}
		const names = nsNames(result.value.message, level);
		if (!names.length || (level === qname && qtype === T.NS)) continue;
		const dsResult = ds[i]!;
		cuts.push({ zone: level, names, exchange: result.value, cached: result.cached, ds: dsResult.ok ? dsResult.value.message.answers.filter((r) => r.type === T.DS) : [] });
		parent = level;
	}
	// Round two: the addresses of every cut's name servers (what glue would carry), all at once; validating, also
	// each zone's DNSKEY RRset (the DS came in round one), so the chain's inputs arrive as the walk goes.
	const [addresses] = await Promise.all([
		Promise.all(cuts.map((cut) => addressesOf(ask, cut.names))),
		options.dnssec ? Promise.all(['.', ...cuts.map((cut) => cut.zone)].map((zone) => ask(zone, T.DNSKEY))) : undefined
	]);
	if (trace.stop) return failed(trace);
	let zone = '.';
	for (const [i, cut] of cuts.entries()) {
		yield resolverHop(trace, {
			depth,
			zone,
			question: { name: cut.zone, type: T.NS },
			server: { via },
			kind: 'referral',
			exchange: cut.exchange,
			cached: cut.cached,
			referral: { zone: cut.zone, nameservers: addresses[i]!, ds: cut.ds },
			explanation: EXPLAIN.reconstructedReferral(zone, cut.zone, via)
		});
		zone = cut.zone;
	}
	return yield* resolverAnswer(options, trace, answer, zone, qname, qtype, depth);
}

/** The last hop of a resolver-mode walk: the answer, a negative answer, or an alias to follow. */
async function* resolverAnswer(
	options: ResolverWalkOptions,
	trace: Trace,
	answer: Asked,
	zone: string,
	qname: string,
	qtype: number,
	depth: number
): AsyncGenerator<WalkEvent, Resolution> {
	const via = options.transport.label;
	if (!answer.ok) {
		yield resolverFailure(trace, depth, zone, qname, qtype, via, answer);
		return failed(trace, stopReason('resolver', trace.limits, answer.error.message.en));
	}
	const m = answer.value.message;
	const base = { depth, zone, question: { name: qname, type: qtype }, server: { via }, exchange: answer.value, cached: answer.cached };
	if (m.rcode !== RCODE.NOERROR && m.rcode !== RCODE.NXDOMAIN) {
		yield resolverHop(trace, { ...base, kind: m.rcode === RCODE.REFUSED ? 'refused' : 'servfail', explanation: EXPLAIN.resolverError(via, m.rcode) });
		return { rcode: m.rcode, answer: [] };
	}
	const chain = followChain(m, qname, qtype);
	const link = chain.links[0];
	if (!link && chain.final.length) {
		yield resolverHop(trace, { ...base, kind: 'answer', records: chain.final, explanation: EXPLAIN.answer(qname, qtype) });
		return { rcode: m.rcode, answer: chain.final };
	}
	if (link) {
		// Show the first link here, then walk to its target as the resolver did.
		const isDname = link.records[0]!.type === T.DNAME;
		yield resolverHop(trace, {
			...base,
			kind: isDname ? 'dname' : 'cname',
			records: link.records,
			explanation: isDname ? EXPLAIN.dname(qname, link.target) : EXPLAIN.cname(qname, link.target)
		});
		const rest = yield* restart(options, trace, [fqdn(qname)], link.target, qtype, depth, resolverResolve);
		return { ...rest, answer: [...link.records, ...rest.answer] };
	}
	const soa = m.authority.find((r) => r.type === T.SOA);
	const kind = m.rcode === RCODE.NXDOMAIN ? 'nxdomain' : 'nodata';
	yield resolverHop(trace, { ...base, kind, soa, explanation: EXPLAIN[kind](qname, qtype, soa) });
	return { rcode: m.rcode, answer: [] };
}

type Asked = (Awaited<ReturnType<ResolverTransport['exchange']>> & { cached?: boolean });
type Asker = (name: string, type: number) => Promise<Asked>;

/** Asks the resolver once per (name, type) in a trace; later askers get the same answer, marked cached. */
function cachedAsker(options: ResolverWalkOptions, trace: Trace): Asker {
	const cache = trace.asked;
	return (name, type) => {
		const key = `${fqdn(name)}/${type}`;
		const hit = cache.get(key);
		if (hit) return hit.then((r) => ({ ...r, cached: true }));
		const promise: Promise<Asked> = (async () => {
			if (!trace.spend())
				return { ok: false as const, error: { code: 'timeout' as const, message: trace.stop!.message } };
			const query = encodeQuery({
				name: fqdn(name) === '.' ? '' : fqdn(name).slice(0, -1),
				typeCode: type,
				id: 0,
				recursionDesired: true,
				// validating the chain ourselves: the resolver must hand out what it would call bogus, too (RFC 4035 3.2.2)
				checkingDisabled: !!options.dnssec,
				edns: { udpPayloadSize: 1232, dnssecOk: options.dnssec ? true : (options.dnssecOk ?? true) }
			});
			const wait = trace.timeout();
			const result = await options.transport.exchange(query, { timeoutMs: wait });
			// A wait cut short by the trace's deadline that ran out: the deadline, not the resolver, ended it.
			if (!result.ok && result.error.code === 'timeout' && wait < trace.limits.queryTimeoutMs) trace.stop ??= stopReason('budget-time', trace.limits);
			return result;
		})();
		cache.set(key, promise);
		return promise;
	};
}

/** The NS names a response gives for `zone` (answer section), lowercase FQDNs, sorted for a stable display. */
function nsNames(m: DnsMessage, zone: string): string[] {
	return m.answers
		.filter((r) => r.type === T.NS && sameName(r.name, zone))
		.map((r) => r.target!)
		.sort();
}

/** Addresses (A and AAAA) of up to three name servers: what glue would have carried. */
function addressesOf(ask: Asker, names: string[]): Promise<NameServer[]> {
	const shown = names.slice(0, 3);
	return Promise.all(
		shown.map(async (name) => {
			const [a, aaaa] = await Promise.all([ask(name, T.A), ask(name, T.AAAA)]);
			const addresses = [a, aaaa].flatMap((r) => (r.ok ? r.value.message.answers.filter((x) => x.address && sameName(x.name, name)).map((x) => x.address!) : []));
			return { name, addresses };
		})
	).then((list) => [...list, ...names.slice(3).map((name) => ({ name, addresses: [] }))]);
}

interface ResolverHopInput extends Omit<HopInput, 'type' | 'mode' | 'server'> {
	server: { via: string; name?: string };
	cached?: boolean;
}

function resolverHop(trace: Trace, input: ResolverHopInput): Hop {
	return hop(trace, { ...input, type: 'hop', mode: 'resolver' });
}

function resolverFailure(trace: Trace, depth: number, zone: string, name: string, type: number, via: string, result: Asked & { ok: false }): Hop {
	return resolverHop(trace, {
		depth,
		zone,
		question: { name, type },
		server: { via },
		kind: failureKind(result.error.code),
		error: result.error,
		explanation: result.error.message
	});
}

// ------------------------------------------------------------------------------------------------------------
// Explanations (both languages)

const EXPLAIN = {
	referral: (zone: string, child: string, ns: NameServer[]): LocalizedText => {
		const glue = ns.filter((s) => s.addresses.length).length;
		return {
			en: `A server of ${zone} does not know the answer, but knows who does: it refers us to ${child}, naming ${ns.length} name server${ns.length === 1 ? '' : 's'}${glue ? ` and giving the address of ${glue} (glue), so we can reach them without another lookup` : ', with no addresses (no glue)'}. This is an iterative step: the server only points the way.`,
			'zh-CN': `${zone} 的服务器不知道答案，但知道谁知道：它把我们引荐到 ${child}，给出 ${ns.length} 个名称服务器${glue ? `，并附上其中 ${glue} 个的地址（胶水记录），无需再查就能连上` : '，但没有地址（没有胶水记录）'}。这是一次迭代查询：服务器只负责指路。`
		};
	},
	reconstructedReferral: (zone: string, child: string, via: string): LocalizedText => ({
		en: `${zone === '.' ? 'The root' : zone} delegates ${child}: these are the NS records (and DS, if signed) its servers hand out, reconstructed via ${via}. A resolver walking from the root would be referred here.`,
		'zh-CN': `${zone === '.' ? '根区' : zone} 把 ${child} 委派出去：这是它的服务器给出的 NS 记录（若已签名还有 DS），经由 ${via} 重建。从根开始迭代的解析器会在这里被引荐。`
	}),
	answer: (name: string, type: number): LocalizedText => ({
		en: `The authority for ${name} answers the question (${typeName(type)}). A resolver caches these records for their TTL.`,
		'zh-CN': `${name} 的权威服务器回答了这个问题（${typeName(type)}）。解析器会按 TTL 缓存这些记录。`
	}),
	cname: (name: string, target: string): LocalizedText => ({
		en: `${name} is an alias (CNAME) for ${target}. The answer lives there, possibly in another zone, so the search starts again for ${target}.`,
		'zh-CN': `${name} 是 ${target} 的别名（CNAME）。答案在那里，可能位于另一个区域，所以要针对 ${target} 重新查找。`
	}),
	dname: (name: string, target: string): LocalizedText => ({
		en: `A DNAME redirects a whole subtree: ${name} becomes ${target}, and the search goes on there.`,
		'zh-CN': `DNAME 重定向整棵子树：${name} 变为 ${target}，查找在那里继续。`
	}),
	nxdomain: (name: string, _type: number, soa?: DnsRecord): LocalizedText => ({
		en: `NXDOMAIN: ${name} does not exist${soa ? ` in ${soa.name}` : ''}. Resolvers cache this “no” too, for the SOA's minimum TTL (RFC 2308).`,
		'zh-CN': `NXDOMAIN：${name} 不存在${soa ? `于 ${soa.name}` : ''}。解析器也会缓存这个“否”，时长取自 SOA 的最小 TTL（RFC 2308）。`
	}),
	nodata: (name: string, type: number, soa?: DnsRecord): LocalizedText => ({
		en: `NODATA: ${name} exists, but has no ${typeName(type)} record${soa ? ` (SOA of ${soa.name} attached, for negative caching)` : ''}.`,
		'zh-CN': `NODATA：${name} 存在，但没有 ${typeName(type)} 记录${soa ? `（附带 ${soa.name} 的 SOA，用于否定缓存）` : ''}。`
	}),
	truncated: (): LocalizedText => ({
		en: 'The answer did not fit in UDP (TC flag set): asking again over TCP.',
		'zh-CN': '应答在 UDP 中放不下（TC 标志置位）：改用 TCP 重新查询。'
	}),
	refused: (server: string, zone: string): LocalizedText => ({
		en: `${server} refused: it is listed as a server of ${zone} but does not serve it (a lame delegation). Trying the next server.`,
		'zh-CN': `${server} 拒绝了查询：它被列为 ${zone} 的服务器，却并不为其提供服务（“跛脚委派”）。尝试下一个服务器。`
	}),
	servfail: (server: string, _zone: string): LocalizedText => ({
		en: `${server} answered SERVFAIL (its own failure). Trying the next server.`,
		'zh-CN': `${server} 返回 SERVFAIL（它自身出错）。尝试下一个服务器。`
	}),
	error: (server: string, _zone: string): LocalizedText => ({
		en: `${server} answered with an error. Trying the next server.`,
		'zh-CN': `${server} 返回了错误。尝试下一个服务器。`
	}),
	lame: (server: string, zone: string): LocalizedText => ({
		en: `${server} neither answers for ${zone} with authority nor refers us further down: a lame server. Trying the next one.`,
		'zh-CN': `${server} 既没有以权威身份回答 ${zone} 的问题，也没有向下引荐：这是“跛脚”服务器。尝试下一个。`
	}),
	resolverError: (via: string, rcode: number): LocalizedText => ({
		en: `${via} answered ${rcodeName(rcode)}: it could not resolve the name itself.`,
		'zh-CN': `${via} 返回 ${rcodeName(rcode)}：它自己也无法解析这个名字。`
	})
};
