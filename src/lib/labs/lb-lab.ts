/**
 * The load-balancing lab's inputs and readings, around the simulation in ./loadbalancer: the form's draft (text as
 * typed) checked into inputs with a message per field in both languages, the inputs to and from a URL query (so a
 * run can be shared and replayed), and what the page shows of a run (series per chart, a summary per server, the
 * consistent-hashing comparison). Pure: no Svelte, no browser globals.
 */
import type { LocalizedText } from '$lib/i18n/locales';
import {
	algorithms,
	buildHashRing,
	percentile,
	ringHash,
	ringOwner,
	simulateLoadBalancer,
	type AlgorithmId,
	type DropReason,
	type SimulationInput,
	type SimulationResult
} from './loadbalancer';
import { groupDigits as fmt, parseWhole, wholeNumber } from './inputs';

export { parseWhole };

export interface LbServerDraft {
	capacity: string;
	weight: string;
	up: boolean;
}

/** The form as typed: numbers stay text until checked, so a half-typed value gets a message, not a silent fix. */
export interface LbDraft {
	algorithm: AlgorithmId;
	servers: LbServerDraft[];
	/** Requests per second. */
	rate: string;
	/** Irregularity of arrivals, percent (0 a metronome, 100 a Poisson stream). */
	variability: string;
	/** Share of clients with sticky sessions, percent. */
	sticky: string;
	seed: string;
	duration: string;
	/** The server that fails (1-based), or 0 for none. */
	failServer: number;
	failAt: string;
	/** Empty: it stays down. */
	recoverAt: string;
}

export interface LbInputs {
	algorithm: AlgorithmId;
	servers: { capacity: number; weight: number; up: boolean }[];
	rate: number;
	variability: number;
	sticky: number;
	seed: number;
	duration: number;
	failure?: { server: number; downAt: number; upAt?: number };
}

export const LIMITS = {
	servers: { min: 3, max: 6 },
	capacity: { min: 1, max: 1000 },
	weight: { min: 1, max: 100 },
	rate: { min: 1, max: 2000 },
	percent: { min: 0, max: 100 },
	seed: { min: 0, max: 4294967295 },
	duration: { min: 10, max: 120 },
	/** Requests in one run (rate × duration): keeps a run, redone on every change, to a fraction of a second on a phone. */
	requests: 30_000
} as const;

/** How many distinct clients send requests (the keys for the hash algorithms and for sticky sessions). */
export const LAB_CLIENTS = 50;

export const serverId = (index: number) => `s${index + 1}`;

export function defaultServer(): LbServerDraft {
	return { capacity: '100', weight: '1', up: true };
}

export function defaultDraft(): LbDraft {
	return {
		algorithm: 'round-robin',
		servers: [defaultServer(), defaultServer(), defaultServer()],
		rate: '150',
		variability: '100',
		sticky: '0',
		seed: '42',
		duration: '40',
		failServer: 2,
		failAt: '10',
		recoverAt: '20'
	};
}

// ---------------------------------------------------------------------------------------------------------------
// Checking the draft

export type LbField = 'rate' | 'variability' | 'sticky' | 'seed' | 'duration' | 'servers' | 'failServer' | 'failAt' | 'recoverAt' | `capacity-${number}` | `weight-${number}`;

export type Checked = { ok: true; value: LbInputs } | { ok: false; errors: Partial<Record<LbField, LocalizedText>> };

export function checkDraft(draft: LbDraft): Checked {
	const errors: Partial<Record<LbField, LocalizedText>> = {};
	const whole = (field: LbField, text: string, limits: { min: number; max: number }) => {
		const n = parseWhole(text, limits.min, limits.max);
		if (n === undefined) errors[field] = wholeNumber(limits.min, limits.max);
		return n ?? limits.min;
	};

	const servers = draft.servers.map((s, i) => ({
		capacity: whole(`capacity-${i}`, s.capacity, LIMITS.capacity),
		weight: whole(`weight-${i}`, s.weight, LIMITS.weight),
		up: s.up
	}));
	if (servers.length < LIMITS.servers.min || servers.length > LIMITS.servers.max)
		errors.servers = {
			en: `Use ${LIMITS.servers.min} to ${LIMITS.servers.max} servers.`,
			'zh-CN': `服务器数量须为 ${LIMITS.servers.min} 到 ${LIMITS.servers.max} 台。`
		};
	else if (!servers.some((s) => s.up))
		errors.servers = { en: 'At least one server must be running at the start.', 'zh-CN': '开始时至少要有一台服务器在运行。' };

	const rate = whole('rate', draft.rate, LIMITS.rate);
	const variability = whole('variability', draft.variability, LIMITS.percent);
	const sticky = whole('sticky', draft.sticky, LIMITS.percent);
	const seed = whole('seed', draft.seed, LIMITS.seed);
	const duration = whole('duration', draft.duration, LIMITS.duration);
	if (!errors.rate && !errors.duration && rate * duration > LIMITS.requests)
		errors.rate = {
			en: `At most ${fmt(LIMITS.requests)} requests a run: ${fmt(rate)} a second for ${duration} s is ${fmt(rate * duration)}. Lower the rate or the duration.`,
			'zh-CN': `每次运行最多 ${fmt(LIMITS.requests)} 个请求：每秒 ${fmt(rate)} 个、持续 ${duration} 秒共 ${fmt(rate * duration)} 个。请降低速率或缩短时长。`
		};

	let failure: LbInputs['failure'];
	if (draft.failServer !== 0) {
		const index = draft.failServer - 1;
		if (!Number.isInteger(draft.failServer) || index < 0 || index >= servers.length)
			errors.failServer = { en: 'Pick one of the servers, or none.', 'zh-CN': '请选择其中一台服务器，或选“无”。' };
		else if (!servers[index]!.up)
			errors.failServer = {
				en: `${serverId(index)} is already down at the start: pick a running server.`,
				'zh-CN': `${serverId(index)} 开始时就已停机，请选择一台正在运行的服务器。`
			};
		// With the duration itself wrong, times are checked against the longest run (one message, not three).
		const end = errors.duration ? LIMITS.duration.max : duration;
		const downAt = whole('failAt', draft.failAt, { min: 1, max: end - 1 });
		let upAt: number | undefined;
		if (draft.recoverAt.trim() !== '') {
			upAt = parseWhole(draft.recoverAt, downAt + 1, end);
			if (upAt === undefined)
				errors.recoverAt = {
					en: `Enter a whole number from ${downAt + 1} to ${end} (after the failure, within the run), or leave it empty: it stays down.`,
					'zh-CN': `请输入 ${downAt + 1} 到 ${end} 之间的整数（在故障之后、运行结束之前），或留空：一直不恢复。`
				};
		}
		failure = { server: draft.failServer, downAt, upAt };
	}

	if (Object.keys(errors).length) return { ok: false, errors };
	return { ok: true, value: { algorithm: draft.algorithm, servers, rate, variability, sticky, seed, duration, failure } };
}

// ---------------------------------------------------------------------------------------------------------------
// The address of a run

const isAlgorithm = (value: string | null): value is AlgorithmId => algorithms.some((a) => a.id === value);

/**
 * A query such as `?alg=round-robin&servers=100x5,50x1,50x1-down&rate=150&var=100&sticky=0&seed=42&dur=40&fail=2&down=10&up=20`
 * back into a draft. Anything missing takes its default; anything malformed is kept as typed, so the form shows
 * what is wrong with it.
 */
export function draftFromQuery(params: URLSearchParams): LbDraft {
	const draft = defaultDraft();
	const alg = params.get('alg');
	if (isAlgorithm(alg)) draft.algorithm = alg;
	const servers = params.get('servers');
	if (servers !== null) {
		const parsed = servers
			.split(',')
			.slice(0, LIMITS.servers.max)
			.map((part): LbServerDraft => {
				const down = part.endsWith('-down');
				const [capacity = '', weight = ''] = (down ? part.slice(0, -'-down'.length) : part).split('x');
				return { capacity, weight, up: !down };
			});
		while (parsed.length < LIMITS.servers.min) parsed.push(defaultServer());
		draft.servers = parsed;
	}
	const text = (key: string, field: 'rate' | 'variability' | 'sticky' | 'seed' | 'duration' | 'failAt' | 'recoverAt') => {
		const value = params.get(key);
		if (value !== null) draft[field] = value;
	};
	text('rate', 'rate');
	text('var', 'variability');
	text('sticky', 'sticky');
	text('seed', 'seed');
	text('dur', 'duration');
	if (params.has('fail')) {
		const n = parseWhole(params.get('fail') ?? '', 0, draft.servers.length);
		draft.failServer = n ?? 0;
		draft.failAt = params.get('down') ?? '';
		draft.recoverAt = params.get('up') ?? '';
	}
	return draft;
}

/** The query of checked inputs (starting with `?`): every value, so a shared link replays the same run. */
export function queryFromInputs(inputs: LbInputs): string {
	const params = new URLSearchParams();
	params.set('alg', inputs.algorithm);
	params.set('servers', inputs.servers.map((s) => `${s.capacity}x${s.weight}${s.up ? '' : '-down'}`).join(','));
	params.set('rate', String(inputs.rate));
	params.set('var', String(inputs.variability));
	params.set('sticky', String(inputs.sticky));
	params.set('seed', String(inputs.seed));
	params.set('dur', String(inputs.duration));
	params.set('fail', String(inputs.failure?.server ?? 0));
	if (inputs.failure) {
		params.set('down', String(inputs.failure.downAt));
		if (inputs.failure.upAt !== undefined) params.set('up', String(inputs.failure.upAt));
	}
	return `?${params}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Running it and reading the run

export function simulationInput(inputs: LbInputs): SimulationInput {
	const failure = inputs.failure;
	return {
		algorithm: inputs.algorithm,
		servers: inputs.servers.map((s, i) => ({ id: serverId(i), capacity: s.capacity, weight: s.weight, up: s.up })),
		seed: inputs.seed,
		durationMs: inputs.duration * 1000,
		windowMs: 1000,
		ratePerSecond: inputs.rate,
		variability: inputs.variability / 100,
		stickyShare: inputs.sticky / 100,
		clients: LAB_CLIENTS,
		failures: failure
			? [{ serverId: serverId(failure.server - 1), downAtMs: failure.downAt * 1000, upAtMs: failure.upAt === undefined ? undefined : failure.upAt * 1000 }]
			: [],
		recordRequests: true
	};
}

export function runLab(inputs: LbInputs): SimulationResult {
	return simulateLoadBalancer(simulationInput(inputs));
}

/** When health checks kept a server out of rotation: from being taken out to being put back (or the end). */
export function outOfRotation(result: SimulationResult, id: string, endMs: number): { fromMs: number; toMs: number } | undefined {
	const out = result.health.find((h) => h.serverId === id && h.kind === 'taken-out');
	if (!out) return undefined;
	const back = result.health.find((h) => h.serverId === id && h.kind === 'put-back' && h.atMs >= out.atMs);
	return { fromMs: out.atMs, toMs: back?.atMs ?? endMs };
}

export interface ServerSummary {
	id: string;
	/** Requests the balancer sent to it. */
	assigned: number;
	/** Its part of all requests sent to a server, 0 to 1 (0 when none were sent). */
	share: number;
	completed: number;
	dropped: number;
	p50Ms: number | null;
	p99Ms: number | null;
	/** Its share while another server was out of rotation (when one was). */
	shareDuringOutage?: number;
}

export interface RunSummary {
	servers: ServerSummary[];
	arrived: number;
	completed: number;
	dropped: number;
	unrouted: number;
	p50Ms: number | null;
	p99Ms: number | null;
	/** The time a failed server was out of rotation, if health checks took one out. */
	outage?: { serverId: string; fromMs: number; toMs: number };
}

export function summarize(result: SimulationResult, durationMs: number): RunSummary {
	const failedId = result.health.find((h) => h.kind === 'taken-out')?.serverId;
	const outage = failedId ? { serverId: failedId, ...outOfRotation(result, failedId, durationMs)! } : undefined;
	// One pass over the requests: per server, what it was sent (in all and during the outage), its response times, its drops.
	const tally = new Map(result.servers.map(({ id }) => [id, { assigned: 0, inOutage: 0, dropped: 0, latencies: [] as number[] }]));
	const all: number[] = [];
	let routed = 0;
	let routedInOutage = 0;
	for (const r of result.requests ?? []) {
		const latency = r.outcome === 'completed' ? r.finishedAtMs! - r.arrivedAtMs : undefined;
		if (latency !== undefined) all.push(latency);
		const server = r.serverId === null ? undefined : tally.get(r.serverId);
		if (!server) continue;
		routed++;
		server.assigned++;
		if (outage && r.arrivedAtMs >= outage.fromMs && r.arrivedAtMs < outage.toMs) {
			routedInOutage++;
			server.inOutage++;
		}
		if (latency !== undefined) server.latencies.push(latency);
		else if (r.outcome === 'queue-full' || r.outcome === 'timeout' || r.outcome === 'server-down') server.dropped++;
	}
	const byValue = (a: number, b: number) => a - b;
	all.sort(byValue);
	const servers = result.servers.map(({ id }): ServerSummary => {
		const t = tally.get(id)!;
		t.latencies.sort(byValue);
		return {
			id,
			assigned: t.assigned,
			share: routed ? t.assigned / routed : 0,
			completed: t.latencies.length,
			dropped: t.dropped,
			p50Ms: percentile(t.latencies, 50),
			p99Ms: percentile(t.latencies, 99),
			shareDuringOutage: outage ? (routedInOutage ? t.inOutage / routedInOutage : 0) : undefined
		};
	});
	const drops = result.totals.dropped;
	return {
		servers,
		arrived: result.totals.arrived,
		completed: result.totals.completed,
		dropped: drops['queue-full'] + drops.timeout + drops['server-down'],
		unrouted: result.totals.unrouted,
		p50Ms: percentile(all, 50),
		p99Ms: percentile(all, 99),
		outage
	};
}

export interface ChartSeries {
	/** A server id, a percentile or a drop reason. */
	key: string;
	values: (number | null)[];
}

export interface LabCharts {
	/** Seconds at the end of each window. */
	x: number[];
	/** Requests the balancer sent to each server per second. */
	throughput: ChartSeries[];
	/** Requests waiting at each server at the end of each second. */
	queue: ChartSeries[];
	/** Response times of the requests completed in each second, in ms. */
	latency: ChartSeries[];
	/** Requests lost each second, by reason (no-server: none in rotation). */
	drops: ChartSeries[];
}

export const DROP_KEYS: readonly (DropReason | 'no-server')[] = ['server-down', 'queue-full', 'timeout', 'no-server'];

export function chartSeries(result: SimulationResult): LabCharts {
	const perSecond = 1000 / result.windowMs;
	return {
		x: result.overall.map((_, i) => ((i + 1) * result.windowMs) / 1000),
		throughput: result.servers.map((s) => ({ key: s.id, values: s.windows.map((w) => w.assigned * perSecond) })),
		queue: result.servers.map((s) => ({ key: s.id, values: s.windows.map((w) => w.queueLength) })),
		latency: [
			{ key: 'p50', values: result.overall.map((w) => w.p50Ms) },
			{ key: 'p99', values: result.overall.map((w) => w.p99Ms) }
		],
		drops: DROP_KEYS.map((reason) => ({
			key: reason,
			values: result.overall.map((w, i) =>
				reason === 'no-server' ? w.unrouted : result.servers.reduce((n, s) => n + s.windows[i]!.dropped[reason], 0)
			)
		}))
	};
}

// ---------------------------------------------------------------------------------------------------------------
// Consistent hashing vs modulo

export interface RemovalDraft {
	servers: string;
	keys: string;
	remove: string;
	virtualNodes: string;
}

export interface RemovalInputs {
	servers: number;
	keys: number;
	/** 1-based. */
	remove: number;
	virtualNodes: number;
}

export const REMOVAL_LIMITS = {
	servers: { min: 2, max: 20 },
	keys: { min: 10, max: 20_000 },
	virtualNodes: { min: 1, max: 500 }
} as const;

export function defaultRemovalDraft(): RemovalDraft {
	return { servers: '5', keys: '10000', remove: '3', virtualNodes: '160' };
}

export type CheckedRemoval = { ok: true; value: RemovalInputs } | { ok: false; errors: Partial<Record<keyof RemovalDraft, LocalizedText>> };

export function checkRemoval(draft: RemovalDraft): CheckedRemoval {
	const errors: Partial<Record<keyof RemovalDraft, LocalizedText>> = {};
	const whole = (field: keyof RemovalDraft, min: number, max: number) => {
		const n = parseWhole(draft[field], min, max);
		if (n === undefined) errors[field] = wholeNumber(min, max);
		return n ?? min;
	};
	const servers = whole('servers', REMOVAL_LIMITS.servers.min, REMOVAL_LIMITS.servers.max);
	const keys = whole('keys', REMOVAL_LIMITS.keys.min, REMOVAL_LIMITS.keys.max);
	const remove = whole('remove', 1, servers);
	const virtualNodes = whole('virtualNodes', REMOVAL_LIMITS.virtualNodes.min, REMOVAL_LIMITS.virtualNodes.max);
	if (Object.keys(errors).length) return { ok: false, errors };
	return { ok: true, value: { servers, keys, remove, virtualNodes } };
}

export interface RemovalResult {
	removedId: string;
	keys: number;
	/** Keys the removed server owned (they must move, whatever the scheme). */
	ringOwnedByRemoved: number;
	ringMoved: number;
	/** Keys that moved although their server stayed (0 for a ring). */
	ringMovedNeedlessly: number;
	moduloOwnedByRemoved: number;
	moduloMoved: number;
	moduloMovedNeedlessly: number;
	/** Keys per server before and after, both schemes. */
	perServer: { id: string; ringBefore: number; ringAfter: number; moduloBefore: number; moduloAfter: number }[];
}

/**
 * Removes one of N servers and counts the keys (`key-1` … `key-K`) that change server: on a consistent-hash ring
 * (the engine's `buildHashRing`/`ringOwner`) and with modulo hashing (the same hash, mod N, then mod N − 1).
 */
export function compareRemoval(inputs: RemovalInputs): RemovalResult {
	const ids = Array.from({ length: inputs.servers }, (_, i) => serverId(i));
	const removedId = serverId(inputs.remove - 1);
	const left = ids.filter((id) => id !== removedId);
	const ring = buildHashRing(ids, inputs.virtualNodes);
	const smaller = buildHashRing(left, inputs.virtualNodes);
	const count = new Map(ids.map((id) => [id, { ringBefore: 0, ringAfter: 0, moduloBefore: 0, moduloAfter: 0 }]));
	const result: RemovalResult = {
		removedId,
		keys: inputs.keys,
		ringOwnedByRemoved: 0,
		ringMoved: 0,
		ringMovedNeedlessly: 0,
		moduloOwnedByRemoved: 0,
		moduloMoved: 0,
		moduloMovedNeedlessly: 0,
		perServer: []
	};
	for (let k = 1; k <= inputs.keys; k++) {
		const key = `key-${k}`;
		const hash = ringHash(key);
		const ringBefore = ringOwner(ring, key)!;
		const ringAfter = ringOwner(smaller, key)!;
		const moduloBefore = ids[hash % ids.length]!;
		const moduloAfter = left[hash % left.length]!;
		count.get(ringBefore)!.ringBefore++;
		count.get(ringAfter)!.ringAfter++;
		count.get(moduloBefore)!.moduloBefore++;
		count.get(moduloAfter)!.moduloAfter++;
		if (ringBefore === removedId) result.ringOwnedByRemoved++;
		if (ringAfter !== ringBefore) {
			result.ringMoved++;
			if (ringBefore !== removedId) result.ringMovedNeedlessly++;
		}
		if (moduloBefore === removedId) result.moduloOwnedByRemoved++;
		if (moduloAfter !== moduloBefore) {
			result.moduloMoved++;
			if (moduloBefore !== removedId) result.moduloMovedNeedlessly++;
		}
	}
	result.perServer = ids.map((id) => ({ id, ...count.get(id)! }));
	return result;
}

// ---------------------------------------------------------------------------------------------------------------
// What the captions say

export interface CaptionFacts {
	busiest: { id: string; share: number };
	quietest: { id: string; share: number };
	/** The longest queue at the end of a second, if any request ever waited. */
	longestQueue?: { id: string; length: number; atSeconds: number };
	/** The second with the highest p99. */
	slowest?: { p99Ms: number; atSeconds: number };
	drops: Record<DropReason | 'no-server', number>;
}

/** The numbers the charts' captions quote: who got most and least, the longest queue, the slowest second. */
export function captionFacts(summary: RunSummary, charts: LabCharts): CaptionFacts {
	const byShare = [...summary.servers].sort((a, b) => b.share - a.share);
	let longestQueue: CaptionFacts['longestQueue'];
	charts.queue.forEach((s) =>
		s.values.forEach((v, i) => {
			if (v && v > (longestQueue?.length ?? 0)) longestQueue = { id: s.key, length: v, atSeconds: charts.x[i]! };
		})
	);
	let slowest: CaptionFacts['slowest'];
	charts.latency
		.find((s) => s.key === 'p99')
		?.values.forEach((v, i) => {
			if (v !== null && v > (slowest?.p99Ms ?? -1)) slowest = { p99Ms: v, atSeconds: charts.x[i]! };
		});
	const total = (key: string) => charts.drops.find((d) => d.key === key)!.values.reduce<number>((n, v) => n + (v ?? 0), 0);
	return {
		busiest: { id: byShare[0]!.id, share: byShare[0]!.share },
		quietest: { id: byShare.at(-1)!.id, share: byShare.at(-1)!.share },
		longestQueue,
		slowest,
		drops: { 'server-down': total('server-down'), 'queue-full': total('queue-full'), timeout: total('timeout'), 'no-server': total('no-server') }
	};
}
