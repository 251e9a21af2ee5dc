/**
 * The load-balancing lab: the balancing algorithms as small stateful pickers, and a discrete-event simulation of
 * a balancer in front of servers (arrivals, queues, service, failures, health checks) that produces time series.
 * Pure and deterministic: all randomness comes from seeded generators, so one seed replays one run.
 */
import type { LocalizedText } from '$lib/i18n/locales';
import { EventQueue } from './events';
import { createRandom, type Random } from './random';

export interface ServerConfig {
	id: string;
	/** Relative share for the weighted algorithms (a positive integer, as in nginx `server ... weight=5`). */
	weight: number;
	/** Requests per second the server completes when it is busy all the time. */
	capacity: number;
	/** Whether the server is running when the simulation starts. */
	up: boolean;
}

export type AlgorithmId =
	| 'round-robin'
	| 'smooth-weighted-round-robin'
	| 'least-connections'
	| 'weighted-least-connections'
	| 'ip-hash'
	| 'consistent-hash'
	| 'least-response-time'
	| 'power-of-two-choices';

export interface AlgorithmInfo {
	id: AlgorithmId;
	name: LocalizedText;
	summary: LocalizedText;
}

export const algorithms: readonly AlgorithmInfo[] = [
	{
		id: 'round-robin',
		name: { en: 'Round robin', 'zh-CN': '轮询' },
		summary: {
			en: 'Each server in turn. Fair only when servers and requests are alike.',
			'zh-CN': '按顺序依次分给每台服务器。只有服务器性能相近、请求开销相近时才均衡。'
		}
	},
	{
		id: 'smooth-weighted-round-robin',
		name: { en: 'Smooth weighted round robin (nginx)', 'zh-CN': '平滑加权轮询（nginx）' },
		summary: {
			en: 'Every pick, each server’s current value grows by its weight; the largest wins and gives back the total. Weights 5:1:1 give a a b a c a a: shares follow the weights, and no server gets a long burst.',
			'zh-CN': '每次选择时，每台服务器的当前值加上自己的权重，取当前值最大者，再从它的当前值中减去权重总和。权重 5:1:1 得到 a a b a c a a：比例符合权重，又不会连续压给同一台服务器。'
		}
	},
	{
		id: 'least-connections',
		name: { en: 'Least connections', 'zh-CN': '最少连接' },
		summary: {
			en: 'The server with the fewest requests in progress. Adapts to slow requests without measuring anything.',
			'zh-CN': '选当前处理中请求最少的服务器。无需测量，就能适应耗时不一的请求。'
		}
	},
	{
		id: 'weighted-least-connections',
		name: { en: 'Weighted least connections', 'zh-CN': '加权最少连接' },
		summary: {
			en: 'The fewest requests in progress per unit of weight (active ÷ weight), so a server twice as strong carries twice as many.',
			'zh-CN': '选“处理中请求数 ÷ 权重”最小的服务器：能力强一倍的服务器承担一倍的连接。'
		}
	},
	{
		id: 'ip-hash',
		name: { en: 'IP hash', 'zh-CN': 'IP 哈希' },
		summary: {
			en: 'A hash of the client’s address, modulo the number of servers: the same client lands on the same server (session affinity). Adding or removing a server remaps most clients.',
			'zh-CN': '对客户端地址取哈希再对服务器数取模：同一客户端总落到同一台服务器（会话保持）。但增删服务器会让大多数客户端换服务器。'
		}
	},
	{
		id: 'consistent-hash',
		name: { en: 'Consistent hashing', 'zh-CN': '一致性哈希' },
		summary: {
			en: 'Servers and keys are hashed onto a ring; a key belongs to the next server point clockwise. Removing one of N servers moves only its own keys, about 1/N of them. Virtual nodes even out the shares.',
			'zh-CN': '把服务器和键都哈希到一个环上，键归顺时针方向的下一个服务器节点。N 台中去掉一台，只有它自己的键（约 1/N）会迁移。虚拟节点让各台分得更均匀。'
		}
	},
	{
		id: 'least-response-time',
		name: { en: 'Least response time', 'zh-CN': '最短响应时间' },
		summary: {
			en: 'The lowest expected wait: an exponentially weighted moving average of recent response times, times the requests already in progress plus one.',
			'zh-CN': '选预计等待最短的服务器：近期响应时间的指数加权移动平均（EWMA），乘以（处理中请求数 + 1）。'
		}
	},
	{
		id: 'power-of-two-choices',
		name: { en: 'Power of two choices', 'zh-CN': '随机二选一（Power of Two Choices）' },
		summary: {
			en: 'Pick two servers at random and send to the less busy one. Nearly as good as asking every server, with no global scan and no herd on a single “best” server.',
			'zh-CN': '随机挑两台，发给其中较空闲的一台。效果接近逐台比较，却无需全局扫描，也不会让所有请求扎堆到同一台“最优”服务器。'
		}
	}
];

// ---------------------------------------------------------------------------------------------------------------
// Hashing

/**
 * FNV-1a, 32 bits, over the UTF-8 bytes of a string (http://www.isthe.com/chongo/tech/comp/fnv/). Chosen because it
 * is tiny, stable across platforms and languages, and easy to check by hand. Its weakness is poor mixing of the
 * last bytes of short keys ("s1#1", "s1#2" land close together), so `ringHash` adds a finalizer for ring points.
 */
export function fnv1a32(text: string): number {
	let hash = 0x811c9dc5;
	for (const byte of new TextEncoder().encode(text)) {
		hash ^= byte;
		hash = Math.imul(hash, 0x01000193);
	}
	return hash >>> 0;
}

/**
 * The position of a key or a virtual node on the ring: FNV-1a followed by MurmurHash3's 32-bit finalizer (fmix32),
 * which spreads keys that differ only in their last characters evenly over the whole ring.
 */
export function ringHash(text: string): number {
	let h = fnv1a32(text);
	h ^= h >>> 16;
	h = Math.imul(h, 0x85ebca6b);
	h ^= h >>> 13;
	h = Math.imul(h, 0xc2b2ae35);
	h ^= h >>> 16;
	return h >>> 0;
}

export interface HashRing {
	/** Ring positions, ascending. */
	points: readonly number[];
	/** The server owning each point (same index as `points`). */
	owners: readonly string[];
	virtualNodes: number;
}

/** 160 points per server, as libketama (memcached) uses: enough that five servers get shares within a few percent. */
export const DEFAULT_VIRTUAL_NODES = 160;

export function buildHashRing(serverIds: readonly string[], virtualNodes = DEFAULT_VIRTUAL_NODES): HashRing {
	const entries: { point: number; owner: string }[] = [];
	for (const id of serverIds)
		for (let v = 0; v < virtualNodes; v++) entries.push({ point: ringHash(`${id}#${v}`), owner: id });
	// Ties (two points at one position) are broken by id, so the ring does not depend on the input order.
	entries.sort((a, b) => a.point - b.point || (a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : 0));
	return { points: entries.map((e) => e.point), owners: entries.map((e) => e.owner), virtualNodes };
}

/**
 * The server that owns a key: the first point clockwise from the key's hash whose server is accepted (a server
 * out of rotation is skipped, so only its keys move, to their next neighbours on the ring).
 */
export function ringOwner(ring: HashRing, key: string, accept: (serverId: string) => boolean = () => true): string | undefined {
	const n = ring.points.length;
	if (n === 0) return undefined;
	const h = ringHash(key);
	let lo = 0;
	let hi = n;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (ring.points[mid]! < h) lo = mid + 1;
		else hi = mid;
	}
	for (let i = 0; i < n; i++) {
		const owner = ring.owners[(lo + i) % n]!;
		if (accept(owner)) return owner;
	}
	return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Balancers

/** What a balancer sees of a server when it picks: its configuration, whether health checks pass, its load. */
export interface ServerView {
	id: string;
	weight: number;
	/** Health checks say it is usable. A server out of rotation is never picked. */
	inRotation: boolean;
	/** Requests the balancer has sent to it that are not finished yet (queued or being served). */
	active: number;
}

export interface Balancer {
	readonly algorithm: AlgorithmId;
	/** The server for a request from this client, or undefined when no server is in rotation. */
	pick(clientId: string, servers: readonly ServerView[]): string | undefined;
	/** A response came back after this long (least response time learns from it; the others ignore it). */
	observe(serverId: string, responseMs: number): void;
}

export interface BalancerOptions {
	/** Randomness for power of two choices. */
	random?: Random;
	virtualNodes?: number;
	/** EWMA weight of the newest response time, in (0, 1]. */
	ewmaWeight?: number;
}

export function createBalancer(algorithm: AlgorithmId, options: BalancerOptions = {}): Balancer {
	const random = options.random ?? createRandom(1);
	const ewmaWeight = options.ewmaWeight ?? 0.3;
	// Least-* algorithms break ties by rotating where they start looking, as nginx's least_conn falls back to
	// round robin among equals; always taking the first would pile ties onto the first server.
	let cursor = 0;
	const current = new Map<string, number>();
	const ewma = new Map<string, number>();
	let ring: HashRing | undefined;
	let ringKey = '';

	const lowest = (servers: readonly ServerView[], score: (s: ServerView) => number): string | undefined => {
		let best: number | undefined;
		let bestScore = Infinity;
		for (let k = 0; k < servers.length; k++) {
			const i = (cursor + k) % servers.length;
			const s = servers[i]!;
			if (!s.inRotation) continue;
			const value = score(s);
			if (best === undefined || value < bestScore) {
				best = i;
				bestScore = value;
			}
		}
		if (best === undefined) return undefined;
		cursor = best + 1;
		return servers[best]!.id;
	};

	const pickers: Record<AlgorithmId, (clientId: string, servers: readonly ServerView[]) => string | undefined> = {
		'round-robin': (_, servers) => {
			for (let k = 0; k < servers.length; k++) {
				const i = (cursor + k) % servers.length;
				if (servers[i]!.inRotation) {
					cursor = i + 1;
					return servers[i]!.id;
				}
			}
			return undefined;
		},
		'smooth-weighted-round-robin': (_, servers) => smoothWeightedPick(servers, current),
		'least-connections': (_, servers) => lowest(servers, (s) => s.active),
		'weighted-least-connections': (_, servers) => lowest(servers, (s) => s.active / s.weight),
		'ip-hash': (clientId, servers) => {
			// Hash over all configured servers, then step past those out of rotation: a failure moves only the
			// failed server's clients (hashing over the live list would reshuffle everyone).
			const start = fnv1a32(clientId) % Math.max(1, servers.length);
			for (let k = 0; k < servers.length; k++) {
				const s = servers[(start + k) % servers.length]!;
				if (s.inRotation) return s.id;
			}
			return undefined;
		},
		'consistent-hash': (clientId, servers) => {
			const key = servers.map((s) => s.id).join('\u0000');
			if (!ring || key !== ringKey) {
				ring = buildHashRing(
					servers.map((s) => s.id),
					options.virtualNodes
				);
				ringKey = key;
			}
			const live = new Set(servers.filter((s) => s.inRotation).map((s) => s.id));
			return ringOwner(ring, clientId, (id) => live.has(id));
		},
		'least-response-time': (_, servers) => {
			const known = servers.map((s) => ewma.get(s.id)).filter((v): v is number => v !== undefined);
			// A server with no response yet is assumed average, so it is tried without drawing every request.
			const prior = known.length ? known.reduce((a, b) => a + b, 0) / known.length : 0;
			// Cost = EWMA × (in progress + 1) (the "peak EWMA" idea of Finagle and Linkerd): plain lowest EWMA
			// would send every request to one server until its average moves, which only happens as responses return.
			return lowest(servers, (s) => (ewma.get(s.id) ?? prior) * (s.active + 1));
		},
		'power-of-two-choices': (_, servers) => {
			const live = servers.filter((s) => s.inRotation);
			if (live.length <= 1) return live[0]?.id;
			const first = random.below(live.length);
			let second = random.below(live.length - 1);
			if (second >= first) second++;
			const a = live[first]!;
			const b = live[second]!;
			return b.active < a.active ? b.id : a.id;
		}
	};

	return {
		algorithm,
		pick: pickers[algorithm],
		observe(serverId, responseMs) {
			const before = ewma.get(serverId);
			ewma.set(serverId, before === undefined ? responseMs : before + ewmaWeight * (responseMs - before));
		}
	};
}

/**
 * nginx's smooth weighted round robin (ngx_http_upstream_get_peer): every pick, each server's current value grows by
 * its weight; the largest current wins (the first on ties) and gives back the total of the weights. nginx also
 * lowers a peer's effective weight after failures; here health checks take failing servers out instead.
 */
export function smoothWeightedPick(servers: readonly ServerView[], current: Map<string, number>): string | undefined {
	let total = 0;
	let best: ServerView | undefined;
	let bestCurrent = -Infinity;
	for (const s of servers) {
		if (!s.inRotation) continue;
		const value = (current.get(s.id) ?? 0) + s.weight;
		current.set(s.id, value);
		total += s.weight;
		if (value > bestCurrent) {
			best = s;
			bestCurrent = value;
		}
	}
	if (!best) return undefined;
	current.set(best.id, bestCurrent - total);
	return best.id;
}

// ---------------------------------------------------------------------------------------------------------------
// Simulation

export interface ServerFailure {
	serverId: string;
	downAtMs: number;
	/** When it runs again; without it, it stays down. */
	upAtMs?: number;
}

export interface SimulationInput {
	servers: readonly ServerConfig[];
	algorithm: AlgorithmId;
	seed: number;
	durationMs: number;
	/** Length of one point of the time series. Default 1000. */
	windowMs?: number;
	/** Requests per second arriving at the balancer. */
	ratePerSecond: number;
	/**
	 * How irregular arrivals are: the coefficient of variation of the gap between requests, 0 (a metronome) to 1
	 * (a Poisson stream, exponential gaps). Default 1.
	 */
	variability?: number;
	/** How many distinct clients send the requests (each request comes from one of them, uniformly): the keys for IP hash and consistent hashing. Default 50. */
	clients?: number;
	/**
	 * The share of clients, 0 to 1, whose sessions stick to a server (cookie persistence, like HAProxy's
	 * `cookie SERVERID insert`): a sticky client's first request is balanced by the algorithm, the later ones go to
	 * the same server while it is in rotation; when it is taken out, the next request is balanced again and sticks
	 * to its new server. The first round(share × clients) clients are the sticky ones. Default 0.
	 */
	stickyShare?: number;
	/** Requests a server works on at once; each takes on average workers ÷ capacity seconds. Default 4. */
	workers?: number;
	/** Requests that may wait at one server; an arrival beyond that is dropped. Default 50. */
	queueLimit?: number;
	/** How long a request may wait in a queue before it is given up (like HAProxy's `timeout queue`). Default 2000. */
	queueTimeoutMs?: number;
	/** Active health checks (HAProxy's defaults: every 2 s, out after 3 failures, back after 2 successes). */
	healthCheck?: { intervalMs?: number; fall?: number; rise?: number };
	failures?: readonly ServerFailure[];
	virtualNodes?: number;
	ewmaWeight?: number;
	/** Keep a record of every request (for tests and a request log). Default false. */
	recordRequests?: boolean;
}

export type DropReason = 'queue-full' | 'timeout' | 'server-down';
export type RequestOutcome = 'completed' | DropReason | 'no-server' | 'unfinished';

export interface ServerWindow {
	/** Requests the balancer sent to it during the window. */
	assigned: number;
	completed: number;
	dropped: Record<DropReason, number>;
	/** Waiting requests at the end of the window. */
	queueLength: number;
	/** Requests sent to it and not finished (waiting or being served) at the end of the window. */
	inFlight: number;
	/** Share of worker time spent serving during the window, 0 to 1: the server's load. */
	utilization: number;
	/** Response times (arrival at the balancer to completion) of requests completed in the window, in ms. */
	p50Ms: number | null;
	p99Ms: number | null;
	/** State at the end of the window. */
	up: boolean;
	inRotation: boolean;
}

export interface OverallWindow {
	startMs: number;
	arrived: number;
	completed: number;
	/** Requests that found no server in rotation. */
	unrouted: number;
	p50Ms: number | null;
	p99Ms: number | null;
}

export type HealthEventKind = 'failed' | 'recovered' | 'taken-out' | 'put-back';

export interface HealthEvent {
	atMs: number;
	serverId: string;
	kind: HealthEventKind;
	explanation: LocalizedText;
}

export interface RequestRecord {
	id: number;
	clientId: string;
	arrivedAtMs: number;
	serverId: string | null;
	outcome: RequestOutcome;
	finishedAtMs: number | null;
}

export interface SimulationResult {
	windowMs: number;
	overall: OverallWindow[];
	servers: { id: string; windows: ServerWindow[] }[];
	health: HealthEvent[];
	totals: { arrived: number; completed: number; unrouted: number; dropped: Record<DropReason, number> };
	requests?: RequestRecord[];
}

interface SimRequest {
	record: RequestRecord;
	/** Work in units of a mean request: service time = work × mean service time of the server. */
	work: number;
	state: 'queued' | 'serving' | 'done';
}

interface SimServer {
	config: ServerConfig;
	up: boolean;
	inRotation: boolean;
	failedChecks: number;
	passedChecks: number;
	queue: SimRequest[];
	serving: Set<SimRequest>;
	busyMsInWindow: number;
	window: ServerWindow;
	latencies: number[];
}

type SimEvent =
	| { kind: 'arrival' }
	| { kind: 'completion'; server: SimServer; request: SimRequest }
	| { kind: 'queue-timeout'; server: SimServer; request: SimRequest }
	| { kind: 'fail'; server: SimServer }
	| { kind: 'recover'; server: SimServer }
	| { kind: 'health-check' };

/** The nearest-rank percentile (the smallest value with at least p% of values at or below it), or null for none. */
export function percentile(sorted: readonly number[], p: number): number | null {
	if (sorted.length === 0) return null;
	return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const emptyDrops = (): Record<DropReason, number> => ({ 'queue-full': 0, timeout: 0, 'server-down': 0 });

export function simulateLoadBalancer(input: SimulationInput): SimulationResult {
	const windowMs = input.windowMs ?? 1000;
	const variability = Math.min(1, Math.max(0, input.variability ?? 1));
	const clients = Math.max(1, input.clients ?? 50);
	const stickyClients = Math.round(Math.min(1, Math.max(0, input.stickyShare ?? 0)) * clients);
	/** Where each sticky client's session lives (its cookie). */
	const pinned = new Map<string, SimServer>();
	const workers = Math.max(1, input.workers ?? 4);
	const queueLimit = input.queueLimit ?? 50;
	const queueTimeoutMs = input.queueTimeoutMs ?? 2000;
	const checkEvery = input.healthCheck?.intervalMs ?? 2000;
	const fall = input.healthCheck?.fall ?? 3;
	const rise = input.healthCheck?.rise ?? 2;
	// Separate streams: the traffic (arrival times, clients, request sizes) is the same whichever algorithm runs, so
	// two algorithms can be compared on identical requests.
	const traffic = createRandom(input.seed);
	const balancer = createBalancer(input.algorithm, {
		random: createRandom(input.seed ^ 0x5bd1e995),
		virtualNodes: input.virtualNodes,
		ewmaWeight: input.ewmaWeight
	});

	const newWindow = (s: { up: boolean; inRotation: boolean }): ServerWindow => ({
		assigned: 0,
		completed: 0,
		dropped: emptyDrops(),
		queueLength: 0,
		inFlight: 0,
		utilization: 0,
		p50Ms: null,
		p99Ms: null,
		up: s.up,
		inRotation: s.inRotation
	});
	const servers: SimServer[] = input.servers.map((config) => ({
		config,
		up: config.up,
		inRotation: config.up,
		failedChecks: 0,
		passedChecks: 0,
		queue: [],
		serving: new Set(),
		busyMsInWindow: 0,
		window: newWindow({ up: config.up, inRotation: config.up }),
		latencies: []
	}));
	const byId = new Map(servers.map((s) => [s.config.id, s]));

	const result: SimulationResult = {
		windowMs,
		overall: [],
		servers: servers.map((s) => ({ id: s.config.id, windows: [] })),
		health: [],
		totals: { arrived: 0, completed: 0, unrouted: 0, dropped: emptyDrops() },
		requests: input.recordRequests ? [] : undefined
	};
	const newOverall = (startMs: number): OverallWindow => ({ startMs, arrived: 0, completed: 0, unrouted: 0, p50Ms: null, p99Ms: null });
	let overall = newOverall(0);
	let overallLatencies: number[] = [];

	const events = new EventQueue<SimEvent>();
	let now = 0;
	let windowEnd = windowMs;
	let nextRequestId = 0;

	const closeWindow = () => {
		// The last window may be cut short by the end of the run.
		const lengthMs = Math.min(windowEnd, input.durationMs) - (windowEnd - windowMs);
		overallLatencies.sort((a, b) => a - b);
		overall.p50Ms = percentile(overallLatencies, 50);
		overall.p99Ms = percentile(overallLatencies, 99);
		result.overall.push(overall);
		overall = newOverall(windowEnd);
		overallLatencies = [];
		servers.forEach((s, i) => {
			const w = s.window;
			s.latencies.sort((a, b) => a - b);
			w.p50Ms = percentile(s.latencies, 50);
			w.p99Ms = percentile(s.latencies, 99);
			w.queueLength = s.queue.length;
			w.inFlight = s.queue.length + s.serving.size;
			w.utilization = s.busyMsInWindow / (lengthMs * workers);
			w.up = s.up;
			w.inRotation = s.inRotation;
			result.servers[i]!.windows.push(w);
			s.window = newWindow(s);
			s.latencies = [];
			s.busyMsInWindow = 0;
		});
		windowEnd += windowMs;
	};

	// Moves the clock forward, closing the windows passed on the way; busy time is split at window edges.
	const advanceTo = (t: number) => {
		while (windowEnd <= t) {
			for (const s of servers) s.busyMsInWindow += s.serving.size * (windowEnd - now);
			now = windowEnd;
			closeWindow();
		}
		for (const s of servers) s.busyMsInWindow += s.serving.size * (t - now);
		now = t;
	};

	const finish = (request: SimRequest, outcome: RequestOutcome) => {
		request.state = 'done';
		request.record.outcome = outcome;
		request.record.finishedAtMs = now;
	};
	const drop = (server: SimServer, request: SimRequest, reason: DropReason) => {
		finish(request, reason);
		server.window.dropped[reason]++;
		result.totals.dropped[reason]++;
	};
	const startService = (server: SimServer, request: SimRequest) => {
		request.state = 'serving';
		server.serving.add(request);
		const meanServiceMs = (workers * 1000) / server.config.capacity;
		events.push(now + request.work * meanServiceMs, { kind: 'completion', server, request });
	};
	const health = (server: SimServer, kind: HealthEventKind) => {
		const id = server.config.id;
		const text: Record<HealthEventKind, LocalizedText> = {
			failed: {
				en: `${id} stops answering. The balancer does not know yet: requests sent to it now fail.`,
				'zh-CN': `${id} 停止响应。负载均衡器此时还不知道，发给它的请求都会失败。`
			},
			recovered: {
				en: `${id} runs again. It stays out of rotation until it passes ${rise} health checks in a row.`,
				'zh-CN': `${id} 恢复运行。在连续通过 ${rise} 次健康检查之前，它仍不在轮转中。`
			},
			'taken-out': {
				en: `${id} failed ${fall} health checks in a row: taken out of rotation, new requests go to the others.`,
				'zh-CN': `${id} 连续 ${fall} 次健康检查失败，被移出轮转，新请求改发给其他服务器。`
			},
			'put-back': {
				en: `${id} passed ${rise} health checks in a row: back in rotation.`,
				'zh-CN': `${id} 连续 ${rise} 次健康检查通过，重新加入轮转。`
			}
		};
		result.health.push({ atMs: now, serverId: id, kind, explanation: text[kind] });
	};

	const meanGapMs = 1000 / input.ratePerSecond;
	// Gap = mean × ((1 − v) + v × Exp(1)): the mean stays the same and the coefficient of variation is v.
	const nextGap = () => meanGapMs * (1 - variability + variability * traffic.exponential(1));

	events.push(nextGap(), { kind: 'arrival' });
	for (const f of input.failures ?? []) {
		const server = byId.get(f.serverId);
		if (!server) continue;
		events.push(f.downAtMs, { kind: 'fail', server });
		if (f.upAtMs !== undefined) events.push(f.upAtMs, { kind: 'recover', server });
	}
	events.push(checkEvery, { kind: 'health-check' });

	const handlers: { [K in SimEvent['kind']]: (event: Extract<SimEvent, { kind: K }>) => void } = {
		arrival() {
			const clientNumber = traffic.below(clients) + 1;
			const clientId = `client-${clientNumber}`;
			const work = traffic.exponential(1);
			const record: RequestRecord = { id: nextRequestId++, clientId, arrivedAtMs: now, serverId: null, outcome: 'unfinished', finishedAtMs: null };
			result.requests?.push(record);
			result.totals.arrived++;
			overall.arrived++;
			events.push(now + nextGap(), { kind: 'arrival' });

			const views: ServerView[] = servers.map((s) => ({
				id: s.config.id,
				weight: s.config.weight,
				inRotation: s.inRotation,
				active: s.queue.length + s.serving.size
			}));
			const sticky = clientNumber <= stickyClients;
			const stuck = sticky ? pinned.get(clientId) : undefined;
			// A session cookie bypasses the algorithm while its server is in rotation (even if that server is busy).
			const chosen = stuck?.inRotation ? stuck : byId.get(balancer.pick(clientId, views) ?? '');
			if (sticky && chosen) pinned.set(clientId, chosen);
			const request: SimRequest = { record, work, state: 'queued' };
			if (!chosen) {
				finish(request, 'no-server');
				result.totals.unrouted++;
				overall.unrouted++;
				return;
			}
			record.serverId = chosen.config.id;
			chosen.window.assigned++;
			// Until health checks notice, a dead server still gets requests; here the connection is refused at once.
			if (!chosen.up) drop(chosen, request, 'server-down');
			else if (chosen.serving.size < workers) startService(chosen, request);
			else if (chosen.queue.length < queueLimit) {
				chosen.queue.push(request);
				events.push(now + queueTimeoutMs, { kind: 'queue-timeout', server: chosen, request });
			} else drop(chosen, request, 'queue-full');
		},
		completion({ server, request }) {
			if (request.state !== 'serving') return; // the server died while serving it
			server.serving.delete(request);
			finish(request, 'completed');
			const latency = now - request.record.arrivedAtMs;
			balancer.observe(server.config.id, latency);
			server.window.completed++;
			server.latencies.push(latency);
			overall.completed++;
			overallLatencies.push(latency);
			result.totals.completed++;
			const next = server.queue.shift();
			if (next) startService(server, next);
		},
		'queue-timeout'({ server, request }) {
			if (request.state !== 'queued') return;
			server.queue.splice(server.queue.indexOf(request), 1);
			drop(server, request, 'timeout');
		},
		fail({ server }) {
			if (!server.up) return;
			server.up = false;
			for (const r of [...server.serving, ...server.queue]) drop(server, r, 'server-down');
			server.serving.clear();
			server.queue = [];
			health(server, 'failed');
		},
		recover({ server }) {
			if (server.up) return;
			server.up = true;
			health(server, 'recovered');
		},
		'health-check'() {
			for (const s of servers) {
				if (s.up) {
					s.failedChecks = 0;
					s.passedChecks++;
					if (!s.inRotation && s.passedChecks >= rise) {
						s.inRotation = true;
						health(s, 'put-back');
					}
				} else {
					s.passedChecks = 0;
					s.failedChecks++;
					if (s.inRotation && s.failedChecks >= fall) {
						s.inRotation = false;
						health(s, 'taken-out');
					}
				}
			}
			events.push(now + checkEvery, { kind: 'health-check' });
		}
	};

	for (;;) {
		const next = events.pop();
		if (!next || next.at >= input.durationMs) break;
		advanceTo(next.at);
		const event = next.event;
		(handlers[event.kind] as (e: SimEvent) => void)(event);
	}
	advanceTo(input.durationMs);
	if (result.overall.length < Math.ceil(input.durationMs / windowMs)) closeWindow();
	return result;
}
