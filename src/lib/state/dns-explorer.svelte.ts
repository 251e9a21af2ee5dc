/**
 * The DNS explorer's state: which source the user picked (remembered), the trace on screen as it grows, and the
 * saved traces. The page renders this; the walk itself is `walk()` in $lib/dns/walk.
 */
import { browser } from '$app/environment';
import type { LocalizedText } from '$lib/i18n/locales';
import { parseQueryName } from '$lib/dns/name';
import { DEFAULT_SOURCE, SOURCE_MODES, type DnsSource, type SourceMode } from '$lib/dns/source-choice';
import type { TraceRecord } from '$lib/dns/trace-record';
import type { AnchorSource } from '$lib/dns/sources';
import type { ChainResult } from '$lib/dnssec/chain';
import type { Rr } from '$lib/dnssec/records';
import type { Security } from '$lib/dnssec/verdict';
import type { UserError } from '$lib/errors';
import { recordTypeByName } from '$lib/dns/types';
import type { WalkEvent, WalkOutcome } from '$lib/dns/walk';
import { hasServer } from '$lib/platform';
import { history } from './history.svelte';

export const SOURCE_KEY = 'wirewalk.dns.source';
export const DNSSEC_KEY = 'wirewalk.dns.dnssec';

export type RunStatus = 'idle' | 'preparing' | 'running' | 'done' | 'failed';

/** Submit-to-render timings of the last run (read by the benchmark through data attributes). */
export interface RunTimings {
	firstHopMs?: number;
	finalMs?: number;
	/** Judging the chain of trust alone (a DNSSEC walk). */
	dnssecMs?: number;
}

function readSource(): DnsSource {
	try {
		const stored = JSON.parse(localStorage.getItem(SOURCE_KEY) ?? 'null') as Partial<DnsSource> | null;
		if (!stored) return { ...DEFAULT_SOURCE };
		const mode = SOURCE_MODES.includes(stored.mode as SourceMode) ? (stored.mode as SourceMode) : DEFAULT_SOURCE.mode;
		return {
			mode: mode === 'direct' && !hasServer ? DEFAULT_SOURCE.mode : mode,
			provider: typeof stored.provider === 'string' ? stored.provider : DEFAULT_SOURCE.provider,
			customUrl: typeof stored.customUrl === 'string' ? stored.customUrl : ''
		};
	} catch {
		return { ...DEFAULT_SOURCE };
	}
}

export type DnsEngine = typeof import('$lib/dns/engine');

export class DnsExplorer {
	/** The walk and its tools, loaded after the page is up (see $lib/dns/engine). */
	engine = $state.raw<DnsEngine>();
	#engine?: Promise<DnsEngine>;
	source = $state<DnsSource>({ ...DEFAULT_SOURCE });
	/** Check the chain of trust of each walk (remembered). */
	dnssec = $state(false);
	status = $state<RunStatus>('idle');
	/** The trace on screen: events as they arrive (raw: they carry bytes, which need no deep reactivity). */
	events = $state.raw<WalkEvent[]>([]);
	outcome = $state.raw<WalkOutcome>();
	/** A live DNSSEC walk's chain, every check with its inputs (a reopened trace keeps only its verdict). */
	chain = $state.raw<ChainResult>();
	/** The saved record of the trace on screen (set when it finished, or when reopened from history). */
	record = $state.raw<TraceRecord>();
	/** The question of the trace on screen. */
	question = $state.raw<{
		name: string;
		type: number;
		mode: SourceMode;
		via: string;
		endpoint?: string;
		/** Where the DNSSEC checks started (a DNSSEC walk). */
		trust?: { anchors: readonly Rr[]; source: AnchorSource };
	}>();
	/** Why the last run could not start or had to stop early, in both languages. */
	problem = $state.raw<{ kind: 'input' | 'source' | 'network'; message: LocalizedText }>();
	timings = $state.raw<RunTimings>({});
	#run = 0;

	start() {
		if (!browser) return;
		this.source = readSource();
		try {
			this.dnssec = localStorage.getItem(DNSSEC_KEY) === 'on';
		} catch {
			/* storage blocked: off */
		}
	}

	setDnssec(on: boolean) {
		this.dnssec = on;
		try {
			localStorage.setItem(DNSSEC_KEY, on ? 'on' : 'off');
		} catch {
			/* storage blocked: the choice lasts this visit only */
		}
	}

	/** The overall DNSSEC verdict of the trace on screen: the live chain's, or the one saved with it. */
	get verdict(): { security: Security; reason?: UserError } | undefined {
		return this.chain ?? this.record?.outcome.dnssec;
	}

	/** Loads the engine (once); the page calls it right after hydration so the first walk does not wait. */
	load(): Promise<DnsEngine> {
		this.#engine ??= import('$lib/dns/engine').then((m) => (this.engine = m));
		return this.#engine;
	}

	setSource(patch: Partial<DnsSource>) {
		this.source = { ...this.source, ...patch };
		try {
			localStorage.setItem(SOURCE_KEY, JSON.stringify(this.source));
		} catch {
			/* storage blocked: the choice lasts this visit only */
		}
	}

	get running() {
		return this.status === 'preparing' || this.status === 'running';
	}

	/** Checks the input before anything is sent; an error is for the form, in the user's language. */
	check(rawName: string, rawType: string) {
		const name = parseQueryName(rawName);
		if (!name.ok) return name;
		const type = recordTypeByName(rawType);
		if (!type) return { ok: false as const, error: { code: 'type', message: { en: `Unknown record type “${rawType}”.`, 'zh-CN': `未知的记录类型“${rawType}”。` } } };
		// A reverse name (an address typed in) is always a PTR question.
		return { ok: true as const, value: { name: name.value, type: name.value.reverseOf ? 12 : type.code } };
	}

	/** Runs a walk from the current source; a new run replaces one still going. */
	async run(rawName: string, rawType: string): Promise<void> {
		const checked = this.check(rawName, rawType);
		if (!checked.ok) {
			this.problem = { kind: 'input', message: checked.error.message };
			return;
		}
		const run = ++this.#run;
		const startedAt = new Date();
		const t0 = performance.now();
		this.problem = undefined;
		this.events = [];
		this.outcome = undefined;
		this.chain = undefined;
		this.record = undefined;
		this.timings = {};
		this.status = 'preparing';
		const dnssec = this.dnssec;
		const mode = this.source.mode;
		const engine = await this.load();
		const prepared = await engine.prepareSource(this.source, { sleep: (ms) => new Promise((r) => setTimeout(r, ms)) });
		if (run !== this.#run) return;
		if (!prepared.ok) {
			this.status = 'failed';
			this.problem = { kind: prepared.error.code === 'bad-url' ? 'input' : 'source', message: prepared.error.message };
			return;
		}
		const { name, type } = checked.value;
		const via = prepared.value.via;
		const endpoint = prepared.value.mode === 'resolver' ? prepared.value.endpoint : undefined;
		const p = prepared.value;
		const trust = dnssec ? { anchors: p.anchors, source: p.anchorSource } : undefined;
		this.question = { name: name.fqdn, type, mode, via, endpoint, trust };
		this.status = 'running';
		const check = trust ? { dnssec: { anchors: trust.anchors } } : {};
		const events =
			p.mode === 'resolver'
				? engine.walk({ mode: 'resolver', name: name.name, type, transport: p.transport, ...check })
				: engine.walk({ mode: 'direct', name: name.name, type, transport: p.transport, rootHints: p.rootHints, ...check });
		let outcome: WalkOutcome;
		for (;;) {
			const next = await events.next();
			if (run !== this.#run) {
				await events.return(undefined as never);
				return;
			}
			if (next.done) {
				outcome = next.value;
				break;
			}
			this.events = [...this.events, next.value];
			if (next.value.type === 'hop' && this.timings.firstHopMs === undefined) this.timings = { firstHopMs: performance.now() - t0 };
		}
		this.outcome = outcome;
		this.chain = outcome.dnssec;
		this.status = 'done';
		this.timings = { ...this.timings, finalMs: performance.now() - t0, dnssecMs: outcome.dnssecMs };
		// A trace that never reached a server (every query failed on the network) is worth saying so plainly.
		const hops = this.events.filter((e) => e.type === 'hop');
		if (hops.length > 0 && hops.every((h) => h.kind === 'timeout' || h.kind === 'unreachable' || h.kind === 'error'))
			this.problem = {
				kind: 'network',
				message: {
					en: mode === 'resolver' ? `${via} could not be reached. You may be offline, or the resolver is blocked.` : 'No server could be reached. You may be offline.',
					'zh-CN': mode === 'resolver' ? `无法连接 ${via}。可能处于离线状态，或者该解析器被屏蔽。` : '无法连接任何服务器。可能处于离线状态。'
				}
			};
		this.record = engine.recordTrace({ name: name.fqdn, type, mode, via, endpoint, startedAt: startedAt.toISOString() }, this.events, outcome);
		await history.save(this.record);
	}

	/** Shows a saved trace (from history), exactly as it was recorded. */
	async open(record: TraceRecord) {
		const run = ++this.#run;
		const engine = await this.load();
		if (run !== this.#run) return;
		this.problem = undefined;
		this.timings = {};
		this.chain = undefined;
		this.record = record;
		this.question = { name: record.name, type: record.type, mode: record.mode, via: record.via ?? '', endpoint: record.endpoint };
		this.events = record.events.map(engine.restoreEvent);
		// the saved verdict is read through `verdict`; the outcome of a walk carries the whole chain instead
		const { dnssec: _verdict, ...outcome } = record.outcome;
		this.outcome = outcome as WalkOutcome;
		this.status = 'done';
	}

	clear() {
		this.#run++;
		this.status = 'idle';
		this.events = [];
		this.outcome = undefined;
		this.chain = undefined;
		this.record = undefined;
		this.question = undefined;
		this.problem = undefined;
	}
}
