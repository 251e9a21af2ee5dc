/**
 * The network-performance lab's form and readings, around the models in ./performance: the draft (text as typed)
 * checked into inputs with a message per field in both languages, the inputs to and from a URL query (so a run can
 * be shared), the waterfall's bars, the congestion chart's series and its loss events. Pure.
 */
import type { LocalizedText } from '$lib/i18n/locales';
import { groupDigits as fmt, parseWhole, wholeNumber } from './inputs';
import {
	ALGORITHMS,
	comparePageLoads,
	simulateCongestion,
	summarizeCongestion,
	type Algorithm,
	type CongestionInput,
	type CongestionSummary,
	type CwndPoint,
	type PageLoadInput,
	type PageLoadRun
} from './performance';

export interface PerfDraft {
	rtt: string;
	cdnRtt: string;
	bandwidth: string;
	loss: string;
	resources: string;
	size: string;
	depth: string;
	seed: string;
	ccRtt: string;
	rounds: string;
	/** Empty: no threshold until the first loss (Linux's default). */
	ssthresh: string;
	capacity: string;
	/** Rounds, comma-separated. */
	losses: string;
	timeouts: string;
	ccLoss: string;
}

export interface PerfInputs {
	page: PageLoadInput;
	congestion: CongestionInput;
}

export const PERF_LIMITS = {
	rtt: { min: 1, max: 1000 },
	bandwidth: { min: 0.1, max: 10_000 },
	loss: { min: 0, max: 10 },
	resources: { min: 1, max: 100 },
	size: { min: 1, max: 1000 },
	depth: { min: 1, max: 10 },
	seed: { min: 0, max: 4294967295 },
	rounds: { min: 10, max: 300 },
	window: { min: 4, max: 10_000 },
	ccLoss: { min: 0, max: 5 },
	events: 20
} as const;

export function defaultPerfDraft(): PerfDraft {
	return {
		rtt: '150',
		cdnRtt: '20',
		bandwidth: '20',
		loss: '0',
		resources: '30',
		size: '20',
		depth: '3',
		seed: '1',
		ccRtt: '100',
		rounds: '60',
		ssthresh: '',
		capacity: '120',
		losses: '25',
		timeouts: '45',
		ccLoss: '0'
	};
}

export type PerfField = keyof PerfDraft;
export type PerfChecked = { ok: true; value: PerfInputs } | { ok: false; errors: Partial<Record<PerfField, LocalizedText>> };

/** A number with up to two decimals in range, from text as typed ("2.5" and "2,5" both read as 2.5). */
export function parseDecimal(text: string, min: number, max: number): number | undefined {
	const trimmed = text.trim().replace(',', '.');
	if (!/^\d{1,6}(\.\d{1,2})?$/.test(trimmed)) return undefined;
	const n = Number(trimmed);
	return n >= min && n <= max ? n : undefined;
}

/** Round numbers separated by commas or spaces, each in [min, max], at most `most` of them; empty is none. */
export function parseRounds(text: string, min: number, max: number, most: number): number[] | undefined {
	const parts = text.split(/[\s,，]+/).filter(Boolean);
	if (parts.length > most) return undefined;
	const rounds: number[] = [];
	for (const part of parts) {
		const n = parseWhole(part, min, max);
		if (n === undefined) return undefined;
		rounds.push(n);
	}
	return [...new Set(rounds)].sort((a, b) => a - b);
}

export function checkPerfDraft(draft: PerfDraft): PerfChecked {
	const errors: Partial<Record<PerfField, LocalizedText>> = {};
	const L = PERF_LIMITS;
	const whole = (field: PerfField, limits: { min: number; max: number }) => {
		const n = parseWhole(draft[field], limits.min, limits.max);
		if (n === undefined) errors[field] = wholeNumber(limits.min, limits.max);
		return n ?? limits.min;
	};
	const decimal = (field: PerfField, limits: { min: number; max: number }) => {
		const n = parseDecimal(draft[field], limits.min, limits.max);
		if (n === undefined)
			errors[field] = {
				en: `Enter a number from ${fmt(limits.min)} to ${fmt(limits.max)} (up to two decimals).`,
				'zh-CN': `请输入 ${fmt(limits.min)} 到 ${fmt(limits.max)} 之间的数（最多两位小数）。`
			};
		return n ?? limits.min;
	};
	const optionalWindow = (field: PerfField) => (draft[field].trim() === '' ? Infinity : whole(field, L.window));

	const rttMs = whole('rtt', L.rtt);
	const cdnRttMs = whole('cdnRtt', L.rtt);
	if (!errors.rtt && !errors.cdnRtt && cdnRttMs >= rttMs)
		errors.cdnRtt = {
			en: `The CDN edge is nearer than the origin: enter an RTT below ${rttMs} ms.`,
			'zh-CN': `CDN 边缘节点比源站更近：请输入小于 ${rttMs} 毫秒的 RTT。`
		};
	const bandwidthMbps = decimal('bandwidth', L.bandwidth);
	const lossPercent = decimal('loss', L.loss);
	const resources = whole('resources', L.resources);
	const sizeKB = whole('size', L.size);
	const depth = whole('depth', L.depth);
	if (!errors.resources && !errors.depth && depth > resources)
		errors.depth = {
			en: `Each level needs at least one resource: enter a depth from 1 to ${Math.min(resources, L.depth.max)}.`,
			'zh-CN': `每一层至少要有一个资源：请输入 1 到 ${Math.min(resources, L.depth.max)} 之间的层数。`
		};
	const seed = whole('seed', L.seed);

	const ccRtt = whole('ccRtt', L.rtt);
	const rounds = whole('rounds', L.rounds);
	const ssthresh = optionalWindow('ssthresh');
	const capacity = whole('capacity', L.window);
	const last = errors.rounds ? L.rounds.max - 1 : rounds - 1;
	const roundList = (field: 'losses' | 'timeouts') => {
		const list = parseRounds(draft[field], 1, last, L.events);
		if (list === undefined)
			errors[field] = {
				en: `Enter round numbers from 1 to ${last}, separated by commas (at most ${L.events}), or leave it empty.`,
				'zh-CN': `请输入 1 到 ${last} 之间的轮次，用逗号分隔（最多 ${L.events} 个），或留空。`
			};
		return list ?? [];
	};
	const losses = roundList('losses');
	const timeouts = roundList('timeouts');
	const ccLoss = decimal('ccLoss', L.ccLoss);

	if (Object.keys(errors).length) return { ok: false, errors };
	return {
		ok: true,
		value: {
			page: { rttMs, cdnRttMs, bandwidthMbps, lossPercent, resources, sizeKB, depth, seed },
			congestion: { rttMs: ccRtt, rounds, ssthresh, capacity, losses, timeouts, lossPercent: ccLoss, seed }
		}
	};
}

// ---------------------------------------------------------------------------------------------------------------
// The address of a run

const QUERY_KEYS: Record<PerfField, string> = {
	rtt: 'rtt',
	cdnRtt: 'cdn',
	bandwidth: 'bw',
	loss: 'loss',
	resources: 'n',
	size: 'kb',
	depth: 'depth',
	seed: 'seed',
	ccRtt: 'crtt',
	rounds: 'rounds',
	ssthresh: 'ss',
	capacity: 'cap',
	losses: 'drop',
	timeouts: 'rto',
	ccLoss: 'closs'
};

/** A shared link's query back into a draft: missing keys take their defaults, malformed values stay as typed (the form says what is wrong). */
export function perfDraftFromQuery(params: URLSearchParams): PerfDraft {
	const draft = defaultPerfDraft();
	for (const [field, key] of Object.entries(QUERY_KEYS) as [PerfField, string][]) {
		const value = params.get(key);
		if (value !== null) draft[field] = value.slice(0, 200);
	}
	return draft;
}

/** The query of checked inputs (starting with `?`): every value, so a link replays the same run. */
export function perfQuery(inputs: PerfInputs): string {
	const { page, congestion: cc } = inputs;
	const window = (n: number) => (Number.isFinite(n) ? String(n) : '');
	const values: Record<PerfField, string> = {
		rtt: String(page.rttMs),
		cdnRtt: String(page.cdnRttMs),
		bandwidth: String(page.bandwidthMbps),
		loss: String(page.lossPercent),
		resources: String(page.resources),
		size: String(page.sizeKB),
		depth: String(page.depth),
		seed: String(page.seed),
		ccRtt: String(cc.rttMs),
		rounds: String(cc.rounds),
		ssthresh: window(cc.ssthresh),
		capacity: window(cc.capacity),
		losses: cc.losses.join(','),
		timeouts: cc.timeouts.join(','),
		ccLoss: String(cc.lossPercent)
	};
	const params = new URLSearchParams();
	for (const [field, key] of Object.entries(QUERY_KEYS) as [PerfField, string][]) params.set(key, values[field]);
	return `?${params}`;
}

// ---------------------------------------------------------------------------------------------------------------
// The waterfall

export type BarKind = 'queued' | 'tcp' | 'tls' | 'waiting' | 'download';
export const BAR_KINDS: readonly BarKind[] = ['queued', 'tcp', 'tls', 'waiting', 'download'];

export interface WaterfallRow {
	index: number;
	level: number;
	connection: number;
	bars: { kind: BarKind; fromMs: number; toMs: number }[];
}

/**
 * The bars of each resource, as a browser's network panel draws them: waiting for a connection (queued), the TCP
 * and TLS handshakes if this request opened its connection, the request until the first byte, the download.
 */
export function waterfallRows(run: PageLoadRun): WaterfallRow[] {
	return run.resources.map((r) => {
		const bars: WaterfallRow['bars'] = [];
		const add = (kind: BarKind, fromMs: number, toMs: number) => {
			if (toMs > fromMs) bars.push({ kind, fromMs, toMs });
		};
		if (r.setup) {
			add('queued', r.discoveredMs, r.setup.startMs);
			add('tcp', r.setup.startMs, r.setup.tcpEndMs);
			add('tls', r.setup.tcpEndMs, r.setup.tlsEndMs);
			add('queued', r.setup.tlsEndMs, r.requestMs);
		} else add('queued', r.discoveredMs, r.requestMs);
		add('waiting', r.requestMs, r.firstByteMs);
		add('download', r.firstByteMs, r.endMs);
		return { index: r.index, level: r.level, connection: r.connection, bars };
	});
}

/** The page load's summary line for each option: total, in RTTs of its own path, and what the handshakes cost. */
export function pageLoadSummary(runs: readonly PageLoadRun[]) {
	return runs.map((run) => ({
		protocol: run.protocol,
		totalMs: run.totalMs,
		roundTrips: run.totalMs / run.rttMs,
		connections: run.connections,
		handshakeRoundTrips: run.handshakeRoundTrips,
		lost: run.lost,
		timeouts: run.timeouts
	}));
}

// ---------------------------------------------------------------------------------------------------------------
// Congestion control: the chart and the loss events

export interface CongestionView {
	x: number[];
	points: Record<Algorithm, CwndPoint[]>;
	summaries: CongestionSummary[];
	events: LossEvent[];
}

export interface LossEvent {
	algorithm: Algorithm;
	round: number;
	timeMs: number;
	cause: NonNullable<CwndPoint['loss']>;
	detected: NonNullable<CwndPoint['detected']>;
	before: number;
	/** The window once the sender acts on it: after 3 duplicate ACKs the next round, after a timeout when the timer fires. */
	after: number;
	afterRound: number;
}

export function congestionView(input: CongestionInput): CongestionView {
	const points = { reno: simulateCongestion(input, 'reno'), cubic: simulateCongestion(input, 'cubic') };
	const events: LossEvent[] = [];
	for (const algorithm of ALGORITHMS) {
		const list = points[algorithm];
		list.forEach((p, i) => {
			if (!p.loss) return;
			let j = i + 1;
			while (j < list.length && list[j]!.phase === 'timeout') j++;
			const after = list[j];
			if (!after) return;
			events.push({ algorithm, round: p.round, timeMs: p.timeMs, cause: p.loss, detected: p.detected!, before: p.cwnd, after: after.cwnd, afterRound: after.round });
		});
	}
	events.sort((a, b) => a.round - b.round || ALGORITHMS.indexOf(a.algorithm) - ALGORITHMS.indexOf(b.algorithm));
	return {
		x: points.reno.map((p) => p.timeMs / 1000),
		points,
		summaries: ALGORITHMS.map((a) => summarizeCongestion(points[a], a, input.rttMs)),
		events
	};
}

export function runPerfLab(inputs: PerfInputs) {
	return { pages: comparePageLoads(inputs.page), congestion: congestionView(inputs.congestion) };
}
