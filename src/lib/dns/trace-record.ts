/**
 * A finished (or stopped) trace as data: kept in IndexedDB, exported as JSON, reopened later. Hops are stored with
 * their bytes but without the decoded message (the bytes are the record; the message is re-read from them), and
 * every hop can be described as the `dig` line that would ask the same question of the same server.
 */
import { toHex } from '$lib/bytes/encoding';
import type { Security } from '$lib/dnssec/verdict';
import type { UserError } from '$lib/errors';
import { IANA_ROOT_HINTS } from './root-hints';
import { rcodeName, typeName } from './types';
import type { Hop, SubWalk, WalkEvent, WalkOutcome } from './walk';
import { decodeMessage, type DnsRecord } from './wire';

export type TraceMode = 'direct' | 'resolver' | 'demo';

/** A hop as stored: the bytes without the decoded message (`restoreHop` reads it back). */
export type StoredHop = Omit<Hop, 'message'>;
export type StoredEvent = StoredHop | SubWalk;

export interface TraceOutcome {
	rcode: number;
	answer: DnsRecord[];
	stopped?: UserError;
	queries: number;
	elapsedMs: number;
	/** A DNSSEC walk's overall verdict (the checks themselves are not kept: the walk's next run shows them). */
	dnssec?: { security: Security; reason?: UserError };
}

export interface TraceRecord {
	id: string;
	/** The question's name, FQDN. */
	name: string;
	type: number;
	mode: TraceMode;
	/** Who answered: the resolver's label, 'relay', 'demo'. */
	via?: string;
	/** Resolver mode: the DoH URL asked (without it, `https://<via>/dns-query` is assumed). */
	endpoint?: string;
	/** ISO 8601. */
	startedAt: string;
	events: StoredEvent[];
	outcome: TraceOutcome;
}

export type TraceMeta = Omit<TraceRecord, 'id' | 'events' | 'outcome'> & { id?: string };

/**
 * Makes the record of a trace. Without an id, one is made from the start time and the question (one trace at a
 * time per page, so that is unique) rather than from randomness the domain code does not own.
 */
export function recordTrace(meta: TraceMeta, events: readonly WalkEvent[], outcome: WalkOutcome): TraceRecord {
	const id = meta.id ?? `${meta.startedAt}/${meta.mode}/${meta.name}/${typeName(meta.type)}`;
	return {
		...meta,
		id,
		events: events.map(storeEvent),
		outcome: {
			rcode: outcome.rcode,
			answer: outcome.answer,
			stopped: outcome.stopped,
			queries: outcome.queries,
			elapsedMs: outcome.elapsedMs,
			...(outcome.dnssec ? { dnssec: { security: outcome.dnssec.security, reason: outcome.dnssec.reason } } : {})
		}
	};
}

function storeEvent(event: WalkEvent): StoredEvent {
	if (event.type === 'subwalk') return { ...event };
	const { message: _decoded, query, response, ...rest } = event;
	// Own copies: bytes from a socket may be views into a larger pooled buffer, which a clone would store whole.
	return { ...rest, query: query && new Uint8Array(query), response: response && new Uint8Array(response) };
}

/** A stored hop with its message decoded again from the response bytes. */
export function restoreHop(stored: StoredHop): Hop {
	const decoded = stored.response ? decodeMessage(stored.response) : undefined;
	return { ...stored, message: decoded?.ok ? decoded.value : undefined };
}

export function restoreEvent(stored: StoredEvent): WalkEvent {
	return stored.type === 'hop' ? restoreHop(stored) : stored;
}

// ------------------------------------------------------------------------------------------------------------
// dig lines

export interface DigContext {
	mode?: TraceMode;
	/** Resolver mode: the DoH URL asked. */
	endpoint?: string;
	/** Whether the walk asked with DO, for hops that carry no query bytes (default: on, as the walk's default). */
	dnssecOk?: boolean;
}

/** A word for a POSIX shell: as is when plain, else single-quoted (a `'` inside becomes `'\''`). */
export function shellWord(text: string): string {
	return /^[A-Za-z0-9._\-/:@=+,]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

/** The question as dig arguments; a name dig would take for an option goes after -q. */
function digQuestion(name: string, type: number): string {
	return `${/^[-+]/.test(name) ? '-q ' : ''}${shellWord(name)} ${typeName(type)}`;
}

/** The DO bit of the query that was sent; for a hop without bytes (nothing came back), what the context says. */
function askedDnssec(query: Uint8Array | undefined, fallback = true): boolean {
	const decoded = query && decodeMessage(query);
	return decoded?.ok ? (decoded.value.edns?.dnssecOk ?? false) : fallback;
}

const DEMO_PREFIX = '; demo world: no real server, equivalent to ';

const portArg = (port: number | string | undefined) => (port !== undefined && port !== '' && Number(port) !== 53 ? ` -p ${port}` : '');

/**
 * The question put to a DoH resolver, in dig 9.18 syntax: `+https=/dns-query @host [-p port]` (`+http-plain` for
 * http://). Without the endpoint, the resolver's label (its host) with the usual path.
 */
function resolverDig(endpoint: string | undefined, via: string | undefined, question: string, dnssec: boolean): string {
	let url: URL | undefined;
	try {
		url = new URL(endpoint ?? `https://${via}/dns-query`);
	} catch {
		/* not a URL: said as it is below */
	}
	const server = url
		? `${url.protocol === 'http:' ? '+http-plain' : '+https'}=${shellWord(url.pathname)} @${shellWord(url.hostname.replace(/^\[(.*)\]$/, '$1'))}${portArg(url.port)}`
		: `+https @${shellWord(endpoint ?? via ?? '?')}`;
	return `dig ${server} ${question}${dnssec ? ' +dnssec' : ''}`;
}

/** The dig line that asks the hop's question of the hop's server, as the walk asked it. */
export function digCommand(hop: StoredHop, context: DigContext = {}): string {
	const question = digQuestion(hop.question.name, hop.question.type);
	const dnssec = askedDnssec(hop.query, context.dnssecOk);
	if (hop.mode === 'resolver') return resolverDig(context.endpoint, hop.server.via, question, dnssec);
	const line = `dig @${hop.server.address ?? '?'}${portArg(hop.server.port)} ${question} +norecurse${dnssec ? ' +dnssec' : ''}${hop.protocol === 'tcp' ? ' +tcp' : ''}`;
	return context.mode === 'demo' || hop.protocol === 'demo' ? DEMO_PREFIX + line : line;
}

const storedHops = (trace: TraceRecord) => trace.events.filter((e): e is StoredHop => e.type === 'hop');

/** Whether the trace asked with DO, as its first query sent says. */
const traceDnssec = (trace: TraceRecord) => askedDnssec(storedHops(trace).find((h) => h.query)?.query);

/** How a trace's hops are to be described: its mode, resolver and DO bit. */
const traceContext = (trace: TraceRecord): DigContext => ({ mode: trace.mode, endpoint: trace.endpoint, dnssecOk: traceDnssec(trace) });

/** The dig line for the whole trace: `dig +trace` from the same root, or the question put to the same resolver. */
export function digTraceCommand(trace: TraceRecord): string {
	const hops = storedHops(trace);
	const question = digQuestion(trace.name, trace.type);
	const dnssec = traceDnssec(trace);
	if (trace.mode === 'resolver') return resolverDig(trace.endpoint, trace.via ?? hops[0]?.server.via, question, dnssec);
	// dig +trace finds the root itself from the IANA root servers; other roots (the lab's, the demo's) are named.
	const root = hops.find((h) => h.depth === 0 && h.zone === '.');
	const iana = IANA_ROOT_HINTS.some((s) => s.addresses.includes(root?.server.address ?? ''));
	const server = root?.server.address && !iana ? ` @${root.server.address}` : '';
	// +trace implies +dnssec in dig 9.18.
	const line = `dig +trace${server}${portArg(root?.server.port)} ${question}${dnssec ? '' : ' +nodnssec'}`;
	return trace.mode === 'demo' ? DEMO_PREFIX + line : line;
}

// ------------------------------------------------------------------------------------------------------------
// JSON: one description of a hop for the CLI's --json and the export

const tenths = (ms: number) => Math.round(ms * 10) / 10;

export interface RecordSummary {
	name: string;
	type: string;
	ttl: number;
	data: string;
}

export const describeRecord = (r: DnsRecord): RecordSummary => ({ name: r.name.toLowerCase(), type: typeName(r.type), ttl: r.ttl, data: r.text });

/** An error for JSON: `message` in English (what the CLI always printed), `messages` in every language. */
export const describeError = (e: UserError) => ({ code: e.code, message: e.message.en, messages: e.message });

export function describeHop(hop: StoredHop, context: DigContext = {}) {
	return {
		type: hop.type,
		id: hop.id,
		zone: hop.zone,
		server: { name: hop.server.name ?? null, address: hop.server.address ?? null, ...(hop.server.port ? { port: hop.server.port } : {}), ...(hop.server.via ? { via: hop.server.via } : {}) },
		question: { name: hop.question.name, type: typeName(hop.question.type) },
		kind: hop.kind,
		rcode: hop.rcode === undefined ? null : rcodeName(hop.rcode),
		protocol: hop.protocol ?? null,
		elapsedMs: tenths(hop.elapsedMs),
		// The response's size (the CLI's key since the start); the bytes themselves are in hex.
		bytes: hop.response?.length ?? 0,
		hex: { query: hop.query ? toHex(hop.query) : null, response: hop.response ? toHex(hop.response) : null },
		depth: hop.depth,
		...(hop.cached ? { cached: true } : {}),
		...(hop.error ? { error: describeError(hop.error) } : {}),
		dig: digCommand(hop, context)
	};
}

export type HopSummary = ReturnType<typeof describeHop>;

/** The outcome as the CLI's --json and the export give it. */
export function describeOutcome(outcome: TraceOutcome) {
	return {
		rcode: rcodeName(outcome.rcode),
		answer: outcome.answer.map(describeRecord),
		queries: outcome.queries,
		elapsedMs: tenths(outcome.elapsedMs),
		...(outcome.stopped ? { stopped: describeError(outcome.stopped) } : {}),
		// as the CLI's --json says it
		...(outcome.dnssec ? { dnssec: outcome.dnssec.security, reason: outcome.dnssec.reason?.message.en ?? null } : {})
	};
}

/** The export: pretty JSON with the question, the outcome, timings and every event with its bytes in hex. */
export function traceToJson(trace: TraceRecord): string {
	const context = traceContext(trace);
	return JSON.stringify(
		{
			format: 'wirewalk-trace',
			version: 1,
			id: trace.id,
			query: { name: trace.name, type: typeName(trace.type) },
			mode: trace.mode,
			...(trace.via ? { via: trace.via } : {}),
			...(trace.endpoint ? { endpoint: trace.endpoint } : {}),
			startedAt: trace.startedAt,
			dig: digTraceCommand(trace),
			...describeOutcome(trace.outcome),
			timing: timingSummary(trace),
			events: trace.events.map((e) =>
				e.type === 'hop' ? describeHop(e, context) : { type: e.type, id: e.id, depth: e.depth, reason: e.reason, name: e.name, qtype: typeName(e.qtype) }
			)
		},
		null,
		2
	);
}

// ------------------------------------------------------------------------------------------------------------
// Timing and file names

export interface LevelTiming {
	zone: string;
	depth: number;
	hops: number;
	ms: number;
}

export interface TimingSummary {
	totalMs: number;
	queries: number;
	/** One entry per zone asked in each walk (the main walk, each nested one), in walk order. */
	perLevel: LevelTiming[];
	/** The hop that waited longest. */
	slowest?: number;
}

/**
 * Where a trace's time went, zone by zone. Every wait counts (a timeout too: the walk really waited), except hops
 * answered from the trace's own cache, which cost nothing. Resolver mode asks in parallel, so the levels add up to
 * more than the wall-clock total.
 */
export function timingSummary(trace: TraceRecord): TimingSummary {
	const levels = new Map<string, LevelTiming>();
	// Which walk a depth belongs to: the nested walk that started last at that depth (0 is the main walk).
	const walkAt: number[] = [0];
	let slowest: StoredHop | undefined;
	for (const event of trace.events) {
		if (event.type === 'subwalk') {
			walkAt.length = event.depth;
			walkAt[event.depth] = event.id;
			continue;
		}
		const ms = event.cached ? 0 : event.elapsedMs;
		const key = `${walkAt.slice(0, event.depth + 1).join('/')} ${event.zone}`;
		const level = levels.get(key) ?? { zone: event.zone, depth: event.depth, hops: 0, ms: 0 };
		level.hops++;
		level.ms += ms;
		levels.set(key, level);
		if (ms > 0 && ms > (slowest?.elapsedMs ?? 0)) slowest = event;
	}
	return {
		totalMs: tenths(trace.outcome.elapsedMs),
		queries: trace.outcome.queries,
		perLevel: [...levels.values()].map((l) => ({ ...l, ms: tenths(l.ms) })),
		...(slowest ? { slowest: slowest.id } : {})
	};
}

/** `wirewalk-www.example.com-A-20261126T1802.json`: the question and the start time (UTC), safe as a file name. */
export function traceFileName(trace: TraceRecord): string {
	const name = trace.name === '.' ? 'root' : trace.name.replace(/\.$/, '');
	const safe = name.replace(/[^A-Za-z0-9.-]+/g, '_').slice(0, 180);
	const stamp = trace.startedAt.replace(/[-:]/g, '').slice(0, 13);
	return `wirewalk-${safe}-${typeName(trace.type)}-${stamp}.json`;
}
