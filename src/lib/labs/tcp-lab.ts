/**
 * The TCP handshake lab's inputs and readings, around the engine in ./tcp: the scenarios, the form's draft checked
 * into inputs (a message per field in both languages), the inputs to and from a URL query (so a run can be shared
 * and replayed), and what the page draws of a run: a ladder of rows (one per step) with arrows, timers and both
 * endpoints' states, sequence numbers relative to each side's ISN as Wireshark shows them, and the same exchange
 * over UDP beside it. Pure: no Svelte, no browser globals.
 */
import type { LocalizedText } from '$lib/i18n/locales';
import { parseWhole, wholeNumber } from './inputs';
import {
	DEFAULT_REQUEST,
	DEFAULT_RESPONSE,
	simulateOldDuplicateSyn,
	simulateTcpConnection,
	simulateUdp,
	type PeerId,
	type TcpConnectionOptions,
	type TcpFlag,
	type TcpRun,
	type TcpSegment,
	type TcpState,
	type TcpStep,
	type UdpStep
} from './tcp';

export const SCENARIOS = ['normal', 'loss', 'simultaneous', 'old-syn', 'time-wait'] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** How long TIME-WAIT lasts (the MSL; TIME-WAIT is twice it): RFC 9293's 2 minutes, Linux's fixed 60 s wait, or none. */
export const TIME_WAIT_CHOICES = ['rfc', 'linux', 'none'] as const;
export type TimeWaitChoice = (typeof TIME_WAIT_CHOICES)[number];
export const MSL_MS: Readonly<Record<TimeWaitChoice, number>> = { rfc: 120_000, linux: 30_000, none: 0 };

export const UDP_LOSSES = ['none', 'request', 'answer'] as const;
export type UdpLoss = (typeof UDP_LOSSES)[number];
/** How long the UDP client's application waits for an answer before it asks again (a DNS stub's usual first wait). */
export const UDP_RETRY_MS = 1000;

export const LIMITS = {
	seed: { min: 0, max: 4294967295 },
	/** Losses of one segment in a row: 7 outlasts the engine's 6 retransmissions (Linux's default for a SYN). */
	times: { min: 1, max: 7 }
} as const;

/** The form as typed: numbers stay text until checked. */
export interface TcpLabDraft {
	scenario: Scenario;
	/** Who closes first (normal and loss scenarios). */
	close: PeerId;
	/** The transmission the network drops (loss scenario): its index in the run without loss, as text. */
	lose: string;
	/** How many copies of it are lost in a row. */
	times: string;
	timeWait: TimeWaitChoice;
	seed: string;
	udpLose: UdpLoss;
	udpRetry: boolean;
}

export interface TcpLabInputs {
	scenario: Scenario;
	close: PeerId;
	lose: number;
	times: number;
	timeWait: TimeWaitChoice;
	seed: number;
	udpLose: UdpLoss;
	udpRetry: boolean;
}

export function defaultDraft(): TcpLabDraft {
	return { scenario: 'normal', close: 'A', lose: '1', times: '1', timeWait: 'rfc', seed: '1', udpLose: 'answer', udpRetry: false };
}

export type TcpLabField = 'lose' | 'times' | 'seed';
export type Checked = { ok: true; value: TcpLabInputs } | { ok: false; errors: Partial<Record<TcpLabField, LocalizedText>> };

/** The connection options every scenario starts from: the seed of the ISNs, who closes. */
const baseOptions = (i: Pick<TcpLabInputs, 'seed' | 'close'>): TcpConnectionOptions => ({ seed: i.seed, close: i.close });

export function checkDraft(draft: TcpLabDraft): Checked {
	const errors: Partial<Record<TcpLabField, LocalizedText>> = {};
	const seed = parseWhole(draft.seed, LIMITS.seed.min, LIMITS.seed.max);
	if (seed === undefined) errors.seed = wholeNumber(LIMITS.seed.min, LIMITS.seed.max);
	let lose = 0;
	let times = 1;
	if (draft.scenario === 'loss') {
		const count = simulateTcpConnection(baseOptions({ seed: seed ?? 1, close: draft.close })).transmissions.length;
		const picked = parseWhole(draft.lose, 0, count - 1);
		if (picked === undefined)
			errors.lose = { en: `Pick one of the ${count} segments of the connection.`, 'zh-CN': `请从这条连接的 ${count} 个报文段中选择一个。` };
		lose = picked ?? 0;
		const n = parseWhole(draft.times, LIMITS.times.min, LIMITS.times.max);
		if (n === undefined) errors.times = wholeNumber(LIMITS.times.min, LIMITS.times.max);
		times = n ?? 1;
	}
	if (Object.keys(errors).length) return { ok: false, errors };
	const { scenario, close, timeWait, udpLose, udpRetry } = draft;
	return { ok: true, value: { scenario, close, lose, times, timeWait, seed: seed!, udpLose, udpRetry } };
}

// ---------------------------------------------------------------------------------------------------------------
// The address of a run

const oneOf = <T extends string>(list: readonly T[], value: string | null): value is T => value !== null && (list as readonly string[]).includes(value);

/**
 * A query such as `?s=loss&close=A&lose=1&times=2&seed=1&udp=answer&step=5` back into a draft and the step shown
 * (0-based). Anything missing takes its default; a malformed number is kept as typed, so the form says what is wrong.
 */
export function draftFromQuery(params: URLSearchParams): { draft: TcpLabDraft; step: number } {
	const draft = defaultDraft();
	const s = params.get('s');
	if (oneOf(SCENARIOS, s)) draft.scenario = s;
	const close = params.get('close');
	if (close === 'A' || close === 'B') draft.close = close;
	const tw = params.get('tw');
	if (oneOf(TIME_WAIT_CHOICES, tw)) draft.timeWait = tw;
	const udp = params.get('udp');
	if (oneOf(UDP_LOSSES, udp)) draft.udpLose = udp;
	draft.udpRetry = params.get('retry') === '1';
	for (const [key, field] of [['lose', 'lose'], ['times', 'times'], ['seed', 'seed']] as const) {
		const value = params.get(key);
		if (value !== null) draft[field] = value;
	}
	const step = parseWhole(params.get('step') ?? '', 1, 10_000);
	return { draft, step: step === undefined ? 0 : step - 1 };
}

/** The query of checked inputs (starting with `?`): what the scenario uses, and the step shown (1-based). */
export function queryFromInputs(inputs: TcpLabInputs, step = 0): string {
	const params = new URLSearchParams();
	params.set('s', inputs.scenario);
	if (inputs.scenario === 'normal' || inputs.scenario === 'loss') params.set('close', inputs.close);
	if (inputs.scenario === 'loss') {
		params.set('lose', String(inputs.lose));
		params.set('times', String(inputs.times));
	}
	if (inputs.scenario === 'time-wait') params.set('tw', inputs.timeWait);
	params.set('seed', String(inputs.seed));
	params.set('udp', inputs.udpLose);
	if (inputs.udpRetry) params.set('retry', '1');
	params.set('step', String(step + 1));
	return `?${params}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Running a scenario

export interface ScenarioRun {
	run: TcpRun;
	/** The transmissions the network dropped. */
	lost: number[];
	/** Loss scenario: fewer copies existed than were asked to be lost (a pure ACK is never resent). */
	fewerCopies: boolean;
}

const sameSegment = (a: TcpSegment, b: TcpSegment) => a.seq === b.seq && a.flags.join() === b.flags.join() && a.length === b.length;

/**
 * The transmission `first` and the next `times - 1` copies of the same segment (its retransmissions), found by
 * running the connection again with each loss added. Stops early when no further copy is sent.
 */
export function lossesInARow(options: TcpConnectionOptions, first: number, times: number): number[] {
	const lose = [first];
	for (let k = 1; k < Math.min(times, LIMITS.times.max); k++) {
		const run = simulateTcpConnection({ ...options, lose });
		const previous = run.transmissions[lose.at(-1)!];
		if (!previous) break;
		const next = run.transmissions.find((t) => t.index > previous.index && t.retransmission && t.from === previous.from && sameSegment(t.segment, previous.segment));
		if (!next) break;
		lose.push(next.index);
	}
	return lose;
}

export function runScenario(inputs: TcpLabInputs): ScenarioRun {
	const options = baseOptions(inputs);
	switch (inputs.scenario) {
		case 'loss': {
			const lost = lossesInARow(options, inputs.lose, inputs.times);
			return { run: simulateTcpConnection({ ...options, lose: lost }), lost, fewerCopies: lost.length < inputs.times };
		}
		case 'simultaneous':
			return { run: simulateTcpConnection({ ...options, close: 'simultaneous' }), lost: [], fewerCopies: false };
		case 'old-syn':
			return { run: simulateOldDuplicateSyn({ seed: inputs.seed }), lost: [], fewerCopies: false };
		case 'time-wait': {
			// A closes first; its last ACK, the connection's last transmission, is lost, so B resends its FIN.
			const mslMs = MSL_MS[inputs.timeWait];
			const last = simulateTcpConnection({ ...options, close: 'A', mslMs }).transmissions.length - 1;
			return { run: simulateTcpConnection({ ...options, close: 'A', mslMs, lose: [last] }), lost: [last], fewerCopies: false };
		}
		default:
			return { run: simulateTcpConnection(options), lost: [], fewerCopies: false };
	}
}

/** The segments of the run without loss, which the loss scenario offers to drop. */
export function lossChoices(inputs: Pick<TcpLabInputs, 'seed' | 'close'>): { index: number; label: string }[] {
	const run = simulateTcpConnection(baseOptions(inputs));
	const numbers = relativeNumbers(run.steps);
	return run.transmissions.map((t) => {
		const row = run.steps.findIndex((s) => s.kind === 'send' && s.transmission === t.index);
		return { index: t.index, label: `${t.index + 1}. ${t.from} → ${t.to} ${flagText(t.segment)} ${numbers[row]!}` };
	});
}

// ---------------------------------------------------------------------------------------------------------------
// Numbers as Wireshark shows them

/** `[SYN, ACK]`: the flags as Wireshark's Info column lists them. */
export const flagText = (segment: TcpSegment) => `[${segment.flags.join(', ')}]`;

/** A signed 32-bit distance from an ISN: sequence numbers wrap at 2^32. */
const relative = (n: number, isn: number) => (n - isn) | 0;

/**
 * Each step's `seq=… ack=… len=…`, relative to the ISNs as Wireshark's default view shows them: a side's ISN is that
 * of the latest SYN it has sent (B picks a new one for each SYN it answers). A segment from outside the run (the
 * old duplicate SYN) is counted from the ISN of the side it claims to come from, so its distance shows. Steps
 * without a segment get ''.
 */
export function relativeNumbers(steps: readonly TcpStep[]): string[] {
	const isn: Partial<Record<PeerId, number>> = {};
	// A side that never sends a SYN before some step still needs an ISN to count from: its first SYN's.
	for (const s of steps) if (s.kind === 'send' && s.segment?.flags.includes('SYN') && isn[s.from] === undefined) isn[s.from] = s.segment.seq;
	const first = { ...isn };
	const current: Partial<Record<PeerId, number>> = {};
	return steps.map((s) => {
		const seg = s.segment;
		if (!seg) return '';
		if (s.kind === 'send' && seg.flags.includes('SYN')) current[s.from] = seg.seq;
		const own = current[s.from] ?? first[s.from] ?? seg.seq;
		const other: PeerId = s.from === 'A' ? 'B' : 'A';
		const theirs = current[other] ?? first[other];
		const parts = [`seq=${relative(seg.seq, own)}`];
		if (seg.ack !== null) parts.push(`ack=${theirs === undefined ? seg.ack : relative(seg.ack, theirs)}`);
		if (seg.length > 0) parts.push(`len=${seg.length}`);
		return parts.join(' ').replace(/=-/g, '=−');
	});
}

/** `seq=2693262067 ack=… len=…` in absolute numbers, as the segment carries them. */
export function absoluteNumbers(segment: TcpSegment): string {
	const parts = [`seq=${segment.seq}`];
	if (segment.ack !== null) parts.push(`ack=${segment.ack}`);
	if (segment.length > 0) parts.push(`len=${segment.length}`);
	return parts.join(' ');
}

// ---------------------------------------------------------------------------------------------------------------
// The ladder: what the sequence diagram draws

/** What a row without a segment is: a call, or a timer running out. */
export type MarkKind = 'listen' | 'call' | 'time-wait-end' | 'give-up' | 'app-retry' | 'app-give-up';

/** One step as the ladder needs it, from TCP or UDP alike. */
export interface LadderStep {
	kind: TcpStep['kind'];
	timeMs: number;
	from: PeerId;
	to: PeerId | null;
	transmission: number | null;
	retransmission: boolean;
	/** `[SYN, ACK]`, or `UDP` for a datagram. */
	label: string;
	/** The numbers drawn under the label (relative seq/ack, or the datagram's length). */
	numbers: string;
	/** Segments that are copies of each other share a key (to draw the timer between them). */
	key: string;
	states: Readonly<Record<PeerId, TcpState>> | null;
	mark: MarkKind | null;
}

export interface LadderArrow {
	from: PeerId;
	to: PeerId;
	/** The row it is sent at; null for a segment from outside the run (an old duplicate), drawn from off-stage. */
	startRow: number | null;
	/** The row it arrives at, or is lost at. */
	endRow: number;
	lost: boolean;
	retransmission: boolean;
	label: string;
	numbers: string;
}

export interface LadderTimer {
	peer: PeerId;
	fromRow: number;
	toRow: number;
	kind: 'rto' | 'time-wait' | 'app';
	ms: number;
}

export interface Ladder {
	rows: number;
	arrows: LadderArrow[];
	timers: LadderTimer[];
	marks: { peer: PeerId; row: number; kind: MarkKind }[];
	/** Both states at each row, and which changed there; null for UDP, which has no states. */
	states: { A: TcpState; B: TcpState; changed: Record<PeerId, boolean> }[] | null;
}

export function tcpLadderSteps(run: TcpRun): LadderStep[] {
	const numbers = relativeNumbers(run.steps);
	return run.steps.map((s, i) => {
		const before = i > 0 ? run.steps[i - 1]!.states[s.from] : 'CLOSED';
		let mark: MarkKind | null = null;
		if (s.kind === 'call') mark = s.states[s.from] === 'LISTEN' ? 'listen' : 'call';
		else if (s.kind === 'timer') mark = before === 'TIME-WAIT' ? 'time-wait-end' : 'give-up';
		return {
			kind: s.kind,
			timeMs: s.timeMs,
			from: s.from,
			to: s.to,
			transmission: s.transmission,
			retransmission: s.retransmission,
			label: s.segment ? flagText(s.segment) : '',
			numbers: numbers[i]!,
			key: s.segment ? `${s.from} ${flagText(s.segment)} ${s.segment.seq} ${s.segment.length}` : '',
			states: s.states,
			mark
		};
	});
}

export function udpLadderSteps(steps: readonly UdpStep[]): LadderStep[] {
	return steps.map((s) => ({
		kind: s.kind,
		timeMs: s.timeMs,
		from: s.from,
		to: s.to,
		transmission: s.transmission,
		retransmission: s.retry,
		label: 'UDP',
		numbers: s.datagram ? `len=${s.datagram.length - 8}` : '',
		key: s.datagram ? `${s.from} ${s.datagram.data}` : '',
		states: null,
		mark: s.kind === 'timer' ? (s.retry ? 'app-retry' : 'app-give-up') : null
	}));
}

export function ladder(steps: readonly LadderStep[]): Ladder {
	const arrows: LadderArrow[] = [];
	const timers: LadderTimer[] = [];
	const marks: Ladder['marks'] = [];
	const rowOfSend = new Map<number, number>();
	const lastSendOf = new Map<string, number>();
	steps.forEach((s, row) => {
		if (s.mark) marks.push({ peer: s.from, row, kind: s.mark });
		if (s.kind === 'send' && s.transmission !== null) {
			rowOfSend.set(s.transmission, row);
			const earlier = lastSendOf.get(s.key);
			if (s.retransmission && earlier !== undefined)
				timers.push({ peer: s.from, fromRow: earlier, toRow: row, kind: s.states ? 'rto' : 'app', ms: s.timeMs - steps[earlier]!.timeMs });
			lastSendOf.set(s.key, row);
		}
		if ((s.kind === 'arrive' || s.kind === 'lost') && s.to) {
			const start = s.transmission === null ? null : (rowOfSend.get(s.transmission) ?? null);
			// Numbered as sent: by the time it arrives, its sender may have picked another ISN.
			const numbers = start === null ? s.numbers : steps[start]!.numbers;
			arrows.push({ from: s.from, to: s.to, startRow: start, endRow: row, lost: s.kind === 'lost', retransmission: s.retransmission, label: s.label, numbers });
		}
	});
	// A segment sent but never delivered nor lost (the run stopped first) still gets its arrow, half-way.
	for (const [transmission, row] of rowOfSend)
		if (!steps.some((s) => (s.kind === 'arrive' || s.kind === 'lost') && s.transmission === transmission)) {
			const s = steps[row]!;
			arrows.push({ from: s.from, to: s.to!, startRow: row, endRow: row, lost: false, retransmission: s.retransmission, label: s.label, numbers: s.numbers });
		}

	let states: Ladder['states'] = null;
	if (steps.every((s) => s.states)) {
		states = steps.map((s, row) => {
			const previous = row > 0 ? steps[row - 1]!.states! : ({ A: 'CLOSED', B: 'CLOSED' } as const);
			return { A: s.states!.A, B: s.states!.B, changed: { A: s.states!.A !== previous.A, B: s.states!.B !== previous.B } };
		});
		for (const peer of ['A', 'B'] as const) {
			let from: number | null = null;
			states.forEach((st, row) => {
				if (st[peer] === 'TIME-WAIT' && from === null) from = row;
				if (st[peer] !== 'TIME-WAIT' && from !== null) {
					timers.push({ peer, fromRow: from, toRow: row, kind: 'time-wait', ms: steps[row]!.timeMs - steps[from]!.timeMs });
					from = null;
				}
			});
			if (from !== null) timers.push({ peer, fromRow: from, toRow: steps.length - 1, kind: 'time-wait', ms: steps.at(-1)!.timeMs - steps[from]!.timeMs });
		}
	}
	return { rows: steps.length, arrows, timers, marks, states };
}

// ---------------------------------------------------------------------------------------------------------------
// UDP beside it, and the two compared

export function runUdp(inputs: Pick<TcpLabInputs, 'udpLose' | 'udpRetry'>): UdpStep[] {
	const lose = inputs.udpLose === 'request' ? [0] : inputs.udpLose === 'answer' ? [1] : [];
	return simulateUdp({
		messages: [DEFAULT_REQUEST],
		answer: () => DEFAULT_RESPONSE,
		lose,
		retryAfterMs: inputs.udpRetry ? UDP_RETRY_MS : undefined
	}).steps;
}

export interface ExchangeFacts {
	/** Packets put on the wire. */
	packets: number;
	/** When the response reached A, or null if it never did. */
	answerAtMs: number | null;
}

/** TCP: segments sent, and when B's data reached A (null when this scenario sends none, or it never arrived). */
export function tcpFacts(run: TcpRun): ExchangeFacts {
	const answer = run.steps.find((s) => s.kind === 'arrive' && s.to === 'A' && (s.segment?.length ?? 0) > 0);
	return { packets: run.transmissions.length, answerAtMs: answer?.timeMs ?? null };
}

export function udpFacts(steps: readonly UdpStep[]): ExchangeFacts {
	const answer = steps.find((s) => s.kind === 'arrive' && s.to === 'A');
	return { packets: steps.filter((s) => s.kind === 'send').length, answerAtMs: answer?.timeMs ?? null };
}

/** Steps the page's notes point at (0-based), where the run has them. */
export interface KeySteps {
	/** An old duplicate SYN arrives at B. */
	oldSyn?: number;
	/** B's SYN-ACK to it. */
	answerToOld?: number;
	/** A's reset of that answer. */
	reset?: number;
	/** A retransmitted FIN arrives (the last ACK was lost). */
	finAgain?: number;
}

export function keySteps(run: TcpRun): KeySteps {
	const at = (test: (s: TcpStep) => boolean) => {
		const i = run.steps.findIndex(test);
		return i < 0 ? undefined : i;
	};
	const has = (s: TcpStep, flag: TcpFlag) => s.segment?.flags.includes(flag) ?? false;
	const oldSyn = at((s) => s.kind === 'arrive' && s.transmission === null && has(s, 'SYN'));
	return {
		oldSyn,
		answerToOld: oldSyn === undefined ? undefined : at((s) => s.kind === 'send' && s.from === 'B' && has(s, 'SYN')),
		reset: at((s) => s.kind === 'send' && has(s, 'RST')),
		finAgain: at((s) => s.kind === 'arrive' && s.retransmission && has(s, 'FIN'))
	};
}
