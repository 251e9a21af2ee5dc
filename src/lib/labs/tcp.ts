/**
 * The TCP lab: two endpoints, A (the client, active opener) and B (the server, passive opener), run the RFC 9293
 * connection state machine over a simulated network with a fixed one-way delay and chosen losses. The output is a
 * list of steps (call, send, arrive, lost, timer) with both states after each and an explanation in both languages.
 * Beside it, UDP: the same kind of exchange where a lost datagram is simply gone.
 *
 * What is modelled (RFC 9293 section 3.10, event processing): the three-way handshake, data with cumulative
 * acknowledgements, the four-way teardown, simultaneous close, retransmission after the RTO with exponential
 * backoff (RFC 6298), TIME-WAIT for 2 MSL, resets, and recovery from an old duplicate SYN (section 3.5).
 * Left out to keep each step about one idea: delayed ACKs (every segment is acknowledged at once, which RFC 9293
 * allows), windows and congestion control (the window is large and fixed), options, urgent data, fast retransmit.
 */
import type { LocalizedText } from '$lib/i18n/locales';
import { EventQueue } from './events';
import { createRandom, type Random } from './random';

export type TcpState =
	| 'CLOSED'
	| 'LISTEN'
	| 'SYN-SENT'
	| 'SYN-RECEIVED'
	| 'ESTABLISHED'
	| 'FIN-WAIT-1'
	| 'FIN-WAIT-2'
	| 'CLOSE-WAIT'
	| 'CLOSING'
	| 'LAST-ACK'
	| 'TIME-WAIT';

export type PeerId = 'A' | 'B';

/** In Wireshark's order, so `flags.join(', ')` reads like its Info column: [SYN, ACK], [FIN, ACK]. */
export type TcpFlag = 'FIN' | 'SYN' | 'RST' | 'PSH' | 'ACK';
const FLAG_ORDER: readonly TcpFlag[] = ['FIN', 'SYN', 'RST', 'PSH', 'ACK'];

export interface TcpSegment {
	seq: number;
	/** The acknowledgement number, present exactly when the ACK flag is set. */
	ack: number | null;
	flags: readonly TcpFlag[];
	data: string;
	/** Data bytes (Wireshark's Len). SYN and FIN each take one sequence number on top. */
	length: number;
}

export type TcpStepKind = 'call' | 'send' | 'arrive' | 'lost' | 'timer';

export interface TcpStep {
	timeMs: number;
	kind: TcpStepKind;
	/** The sender of the segment, or the endpoint acting (call, timer). */
	from: PeerId;
	/** The receiver of the segment; null for a call or a timer. */
	to: PeerId | null;
	segment: TcpSegment | null;
	/** Which transmission this is (send, arrive and lost steps of one segment share it); null when none. */
	transmission: number | null;
	retransmission: boolean;
	/** Both endpoints' states after the step. */
	states: Readonly<Record<PeerId, TcpState>>;
	explanation: LocalizedText;
}

export interface TcpTransmission {
	index: number;
	from: PeerId;
	to: PeerId;
	sentAtMs: number;
	segment: TcpSegment;
	lost: boolean;
	retransmission: boolean;
}

export interface TcpRun {
	steps: TcpStep[];
	/** Every segment put on the wire, in order: the indexes `lose` refers to. */
	transmissions: TcpTransmission[];
	isn: Record<PeerId, number>;
	final: Record<PeerId, TcpState>;
}

export interface TcpOptions {
	/** Seeds the initial sequence numbers. Default 1. */
	seed?: number;
	oneWayDelayMs?: number;
	/** Initial retransmission timeout; RFC 6298 says 1 s. Default 1000. */
	rtoMs?: number;
	/** Maximum segment lifetime: TIME-WAIT lasts 2 × MSL. RFC 9293 suggests 2 minutes; Linux waits a fixed 60 s. Default 120 000. */
	mslMs?: number;
	/** Retransmissions of one segment before giving up (Linux tries a SYN 6 times). Default 6. */
	maxRetransmissions?: number;
	/** Transmission indexes (0 = the first segment sent) that the network drops. */
	lose?: readonly number[];
	/** Extra one-way delay for chosen transmissions, to reorder the network. */
	extraDelayMs?: Readonly<Record<number, number>>;
}

export interface TcpConnectionOptions extends TcpOptions {
	/** What A sends once connected; what B answers once it has all of it. */
	request?: string;
	response?: string;
	/** Who closes first once the exchange is done; 'simultaneous' makes both call close() at the same moment. */
	close?: PeerId | 'simultaneous';
	/** How long the passive closer's application takes to close after reading end of file. Default 20. */
	closeDelayMs?: number;
}

export const DEFAULT_REQUEST = 'GET / HTTP/1.1\r\nHost: example.com\r\n\r\n';
export const DEFAULT_RESPONSE = 'HTTP/1.1 204 No Content\r\n\r\n';
/** A fixed receive window, large enough that flow control never holds anything back here. */
const RECEIVE_WINDOW = 65_535;
const MAX_RTO_MS = 60_000;

// Sequence numbers live modulo 2^32 (RFC 9293 section 3.4): compare by signed distance, never with < on raw values.
const seqAdd = (a: number, n: number) => (a + n) >>> 0;
const seqDiff = (a: number, b: number) => (a - b) | 0;

const byteLength = (text: string) => new TextEncoder().encode(text).length;
const flagsOf = (...flags: TcpFlag[]) => FLAG_ORDER.filter((f) => flags.includes(f));
const has = (seg: TcpSegment, flag: TcpFlag) => seg.flags.includes(flag);
/** SEG.LEN: data plus one for SYN and one for FIN. */
const sequenceSpace = (seg: TcpSegment) => seg.length + (has(seg, 'SYN') ? 1 : 0) + (has(seg, 'FIN') ? 1 : 0);

const text = (en: string, zh: string): LocalizedText => ({ en, 'zh-CN': zh });
const ackText = (p: { rcvNxt: number }) =>
	text(`ACK, ack = ${p.rcvNxt}: every byte before ${p.rcvNxt} has arrived.`, `ACK，ack = ${p.rcvNxt}：${p.rcvNxt} 之前的字节都已收到。`);
const joinText = (parts: readonly LocalizedText[]): LocalizedText => ({
	en: parts.map((p) => p.en).join(' '),
	'zh-CN': parts.map((p) => p['zh-CN']).join('')
});

/** A segment that takes sequence space and waits for its acknowledgement. */
interface Outstanding {
	seq: number;
	kind: 'SYN' | 'data' | 'FIN';
	data: string;
}

interface Peer {
	id: PeerId;
	other: PeerId;
	state: TcpState;
	/** Came from LISTEN: a reset in SYN-RECEIVED returns to LISTEN instead of CLOSED. */
	passive: boolean;
	iss: number;
	sndUna: number;
	sndNxt: number;
	irs: number;
	rcvNxt: number;
	unacked: Outstanding[];
	rtoMs: number;
	retries: number;
	/** Bumped to cancel the timers already scheduled. */
	rtoTimer: number;
	timeWaitTimer: number;
	received: string;
	/** Segments that arrived ahead of a gap, processed once the gap fills. */
	early: TcpSegment[];
	finSeq: number | null;
}

type NetEvent =
	| { kind: 'arrive'; to: PeerId; segment: TcpSegment; transmission: number | null; retransmission: boolean; note?: LocalizedText }
	| { kind: 'lost'; transmission: TcpTransmission }
	| { kind: 'rto'; peer: PeerId; timer: number }
	| { kind: 'time-wait'; peer: PeerId; timer: number }
	| { kind: 'app'; peer: PeerId; action: (peer: Peer) => void };

interface Outgoing {
	from: PeerId;
	segment: TcpSegment;
	note: LocalizedText;
	retransmission: boolean;
}

/** The simulated world: two peers, a network, a clock, and the steps written so far. */
class TcpWorld {
	readonly peers: Record<PeerId, Peer>;
	readonly steps: TcpStep[] = [];
	readonly transmissions: TcpTransmission[] = [];
	readonly events = new EventQueue<NetEvent>();
	now = 0;
	private notes: LocalizedText[] = [];
	private outgoing: Outgoing[] = [];
	private readonly delay: number;
	private readonly rto: number;
	private readonly msl: number;
	private readonly maxRetries: number;
	private readonly lose: ReadonlySet<number>;
	/** Runs after every event, so a scenario's applications can react to what their endpoint did. */
	afterEvent: () => void = () => {};

	constructor(
		readonly options: TcpOptions,
		readonly random: Random
	) {
		this.delay = options.oneWayDelayMs ?? 50;
		this.rto = options.rtoMs ?? 1000;
		this.msl = options.mslMs ?? 120_000;
		this.maxRetries = options.maxRetransmissions ?? 6;
		this.lose = new Set(options.lose ?? []);
		const peer = (id: PeerId, other: PeerId): Peer => ({
			id,
			other,
			state: 'CLOSED',
			passive: false,
			iss: 0,
			sndUna: 0,
			sndNxt: 0,
			irs: 0,
			rcvNxt: 0,
			unacked: [],
			rtoMs: this.rto,
			retries: 0,
			rtoTimer: 0,
			timeWaitTimer: 0,
			received: '',
			early: [],
			finSeq: null
		});
		this.peers = { A: peer('A', 'B'), B: peer('B', 'A') };
	}

	get oneWayDelay(): number {
		return this.delay;
	}

	states(): Record<PeerId, TcpState> {
		return { A: this.peers.A.state, B: this.peers.B.state };
	}

	note(en: string, zh: string): void {
		this.notes.push(text(en, zh));
	}

	send(from: Peer, segment: TcpSegment, note: LocalizedText, retransmission = false): void {
		this.outgoing.push({ from: from.id, segment, note, retransmission });
	}

	/**
	 * Runs one event: `body` changes state, adds notes and queues segments; then the event's own step is written (a
	 * call or timer that sends something is folded into its first send step), then one send step per segment.
	 */
	act(kind: 'call' | 'timer' | 'arrive', actor: PeerId, body: () => void, arrival?: { from: PeerId; segment: TcpSegment; transmission: number | null; retransmission: boolean }): void {
		this.notes = [];
		this.outgoing = [];
		body();
		this.afterEvent();
		const notes = this.notes;
		const outgoing = this.outgoing;
		this.notes = [];
		this.outgoing = [];
		const states = this.states();
		if (notes.length === 0 && (kind === 'arrive' || outgoing.length === 0))
			notes.push(text('Nothing changes: the segment carries nothing new for this state.', '没有变化：对当前状态而言，这个报文段没有带来新内容。'));
		if (kind === 'arrive' && arrival)
			this.steps.push({
				timeMs: this.now,
				kind,
				from: arrival.from,
				to: actor,
				segment: arrival.segment,
				transmission: arrival.transmission,
				retransmission: arrival.retransmission,
				states,
				explanation: joinText(notes)
			});
		else if (outgoing.length === 0)
			this.steps.push({ timeMs: this.now, kind, from: actor, to: null, segment: null, transmission: null, retransmission: false, states, explanation: joinText(notes) });
		outgoing.forEach((o, i) => {
			const lead = kind !== 'arrive' && i === 0 ? notes : [];
			this.transmit(o, joinText([...lead, o.note]), states);
		});
	}

	private transmit(o: Outgoing, explanation: LocalizedText, states: Record<PeerId, TcpState>): void {
		const index = this.transmissions.length;
		const to = this.peers[o.from].other;
		const lost = this.lose.has(index);
		const t: TcpTransmission = { index, from: o.from, to, sentAtMs: this.now, segment: o.segment, lost, retransmission: o.retransmission };
		this.transmissions.push(t);
		this.steps.push({ timeMs: this.now, kind: 'send', from: o.from, to, segment: o.segment, transmission: index, retransmission: o.retransmission, states, explanation });
		const at = this.now + this.delay + (this.options.extraDelayMs?.[index] ?? 0);
		if (lost) this.events.push(at, { kind: 'lost', transmission: t });
		else this.events.push(at, { kind: 'arrive', to, segment: o.segment, transmission: index, retransmission: o.retransmission });
	}

	// --- segments -------------------------------------------------------------------------------------------

	segment(p: Peer, seq: number, flags: TcpFlag[], data = ''): TcpSegment {
		const withAck = flags.includes('ACK');
		return { seq, ack: withAck ? p.rcvNxt : null, flags: flagsOf(...flags), data, length: byteLength(data) };
	}

	private sendAck(p: Peer, note: LocalizedText): void {
		this.send(p, this.segment(p, p.sndNxt, ['ACK']), note);
	}

	private sendReset(p: Peer, seq: number, note: LocalizedText, ack?: number): void {
		const segment: TcpSegment = ack === undefined
			? { seq, ack: null, flags: ['RST'], data: '', length: 0 }
			: { seq, ack, flags: flagsOf('RST', 'ACK'), data: '', length: 0 };
		this.send(p, segment, note);
	}

	/** Sends something that takes sequence space and keeps it for retransmission until acknowledged. */
	private sendReliably(p: Peer, kind: Outstanding['kind'], data: string, note: LocalizedText): void {
		const seq = p.sndNxt;
		p.unacked.push({ seq, kind, data });
		p.sndNxt = seqAdd(p.sndNxt, kind === 'data' ? byteLength(data) : 1);
		if (kind === 'FIN') p.finSeq = seq;
		this.send(p, this.build(p, { seq, kind, data }), note);
		if (p.unacked.length === 1) this.startRto(p);
	}

	private build(p: Peer, o: Outstanding): TcpSegment {
		if (o.kind === 'SYN') return this.segment(p, o.seq, p.state === 'SYN-SENT' ? ['SYN'] : ['SYN', 'ACK']);
		if (o.kind === 'FIN') return this.segment(p, o.seq, ['FIN', 'ACK']);
		return this.segment(p, o.seq, ['PSH', 'ACK'], o.data);
	}

	// --- timers ---------------------------------------------------------------------------------------------

	private startRto(p: Peer): void {
		p.rtoTimer++;
		this.events.push(this.now + p.rtoMs, { kind: 'rto', peer: p.id, timer: p.rtoTimer });
	}

	private stopRto(p: Peer): void {
		p.rtoTimer++;
		p.rtoMs = this.rto;
		p.retries = 0;
	}

	private enterTimeWait(p: Peer): void {
		p.state = 'TIME-WAIT';
		p.timeWaitTimer++;
		this.events.push(this.now + 2 * this.msl, { kind: 'time-wait', peer: p.id, timer: p.timeWaitTimer });
	}

	onRto(p: Peer): void {
		const first = p.unacked[0];
		if (!first) return;
		if (p.retries >= this.maxRetries) {
			this.note(
				`${p.id} has sent this segment ${p.retries + 1} times without an acknowledgement: it gives up and the connection is aborted (CLOSED).`,
				`${p.id} 已经把这个报文段发送了 ${p.retries + 1} 次仍未得到确认，于是放弃，连接被中止（CLOSED）。`
			);
			this.abort(p);
			return;
		}
		const before = p.rtoMs;
		p.retries++;
		p.rtoMs = Math.min(MAX_RTO_MS, p.rtoMs * 2);
		const what = first.kind === 'data' ? text('data', '数据') : text(first.kind, first.kind);
		const capped = p.rtoMs < before * 2;
		this.send(
			p,
			this.build(p, first),
			text(
				`No acknowledgement within the retransmission timeout (RTO = ${before} ms): ${p.id} sends its ${what.en} again, seq = ${first.seq}, and doubles the RTO to ${p.rtoMs} ms${capped ? ` (the ceiling: ${MAX_RTO_MS} ms)` : ''} (exponential backoff, RFC 6298).`,
				`在重传超时（RTO = ${before} 毫秒）内没有收到确认：${p.id} 重传${what['zh-CN']}，seq = ${first.seq}，并把 RTO 加倍为 ${p.rtoMs} 毫秒${capped ? `（上限为 ${MAX_RTO_MS} 毫秒）` : ''}（指数退避，RFC 6298）。`
			),
			true
		);
		this.startRto(p);
	}

	onTimeWaitEnd(p: Peer): void {
		p.state = 'CLOSED';
		this.note(
			`2 MSL (${2 * this.msl} ms) have passed in TIME-WAIT with no new FIN from ${p.other}: ${p.id} deletes the connection (CLOSED). The same address and port pair may now be used again.`,
			`在 TIME-WAIT 中等满 2MSL（${2 * this.msl} 毫秒），期间没有再收到 ${p.other} 的 FIN：${p.id} 删除连接（CLOSED），这对地址和端口此后可以再次使用。`
		);
	}

	private abort(p: Peer): void {
		p.state = 'CLOSED';
		p.unacked = [];
		p.early = [];
		this.stopRto(p);
		p.timeWaitTimer++;
	}

	// --- user calls (RFC 9293 section 3.10.1 to 3.10.4) -------------------------------------------------------

	listen(p: Peer): void {
		p.state = 'LISTEN';
		p.passive = true;
		this.note(
			`${p.id} calls listen(): a passive OPEN. ${p.id} is in LISTEN, waiting for a SYN; nothing is sent.`,
			`${p.id} 调用 listen()：被动打开。${p.id} 进入 LISTEN，等待 SYN，不发送任何报文。`
		);
	}

	connect(p: Peer): void {
		p.iss = this.random.uint32();
		p.sndUna = p.iss;
		p.sndNxt = p.iss;
		p.state = 'SYN-SENT';
		this.note(
			`${p.id} calls connect(): an active OPEN. It picks a random initial sequence number (ISN) and enters SYN-SENT.`,
			`${p.id} 调用 connect()：主动打开。它随机选择一个初始序列号（ISN），进入 SYN-SENT。`
		);
		this.sendReliably(
			p,
			'SYN',
			'',
			text(
				`SYN, seq = ${p.iss} (${p.id}'s ISN). The SYN takes one sequence number, so ${p.id}'s first data byte will be ${seqAdd(p.iss, 1)}.`,
				`SYN，seq = ${p.iss}（${p.id} 的 ISN）。SYN 本身占用一个序列号，所以 ${p.id} 的第一个数据字节编号为 ${seqAdd(p.iss, 1)}。`
			)
		);
	}

	write(p: Peer, data: string): void {
		if (p.state !== 'ESTABLISHED' && p.state !== 'CLOSE-WAIT') return;
		this.sendReliably(
			p,
			'data',
			data,
			text(
				`${p.id}'s application writes ${byteLength(data)} bytes: seq = ${p.sndNxt} is the number of their first byte; ack = ${p.rcvNxt} rides along.`,
				`${p.id} 的应用写入 ${byteLength(data)} 字节：seq = ${p.sndNxt} 是其中第一个字节的编号；顺带确认 ack = ${p.rcvNxt}。`
			)
		);
	}

	close(p: Peer): void {
		if (p.state === 'LISTEN' || p.state === 'SYN-SENT') {
			this.abort(p);
			this.note(`${p.id} calls close() before a connection exists: CLOSED.`, `${p.id} 在连接建立前调用 close()：直接进入 CLOSED。`);
			return;
		}
		if (p.state === 'ESTABLISHED') {
			p.state = 'FIN-WAIT-1';
			this.note(
				`${p.id}'s application calls close(): it has nothing more to send. ${p.id} enters FIN-WAIT-1, and the four-way teardown begins (FIN, ACK, FIN, ACK: each direction is closed and acknowledged on its own).`,
				`${p.id} 的应用调用 close()：它已没有数据要发送。${p.id} 进入 FIN-WAIT-1，四次挥手开始（FIN、ACK、FIN、ACK：两个方向各自关闭、各自确认）。`
			);
		} else if (p.state === 'CLOSE-WAIT') {
			p.state = 'LAST-ACK';
			this.note(
				`${p.id}'s application, having read end of file, calls close() too. ${p.id} enters LAST-ACK: it waits only for the acknowledgement of its own FIN.`,
				`${p.id} 的应用读到文件结束后也调用 close()。${p.id} 进入 LAST-ACK：只等待对自己 FIN 的确认。`
			);
		} else return;
		this.sendReliably(
			p,
			'FIN',
			'',
			text(
				`FIN, seq = ${p.sndNxt}: "no more data from ${p.id}". Like a SYN, a FIN takes one sequence number so it can be acknowledged.`,
				`FIN，seq = ${p.sndNxt}：表示“${p.id} 不会再发送数据”。与 SYN 一样，FIN 占用一个序列号，这样它才能被确认。`
			)
		);
	}

	// --- segment arrival (RFC 9293 section 3.10.7) ------------------------------------------------------------

	arrive(p: Peer, seg: TcpSegment): void {
		if (p.state === 'CLOSED') return this.arriveClosed(p, seg);
		if (p.state === 'LISTEN') return this.arriveListen(p, seg);
		if (p.state === 'SYN-SENT') return this.arriveSynSent(p, seg);
		this.arriveSynchronized(p, seg);
	}

	private arriveClosed(p: Peer, seg: TcpSegment): void {
		if (has(seg, 'RST')) {
			this.note(`${p.id} has no connection: a reset for nothing is ignored.`, `${p.id} 没有连接：针对不存在连接的复位直接忽略。`);
			return;
		}
		this.note(
			`${p.id} has no connection for this segment (it is CLOSED), so it answers with a reset.`,
			`${p.id} 没有与这个报文段对应的连接（处于 CLOSED），因此回复复位。`
		);
		const note = text('RST: "no such connection".', 'RST：“没有这个连接”。');
		if (seg.ack !== null) this.sendReset(p, seg.ack, note);
		else this.sendReset(p, 0, note, seqAdd(seg.seq, sequenceSpace(seg)));
	}

	private dropWithoutSyn(p: Peer): void {
		this.note(
			`A segment without SYN: ${p.id} is still waiting for ${p.other}'s SYN, so it drops it.`,
			`一个不带 SYN 的报文段：${p.id} 仍在等待 ${p.other} 的 SYN，因此丢弃它。`
		);
	}

	private arriveListen(p: Peer, seg: TcpSegment): void {
		if (has(seg, 'RST')) {
			this.note(`${p.id} is listening: a reset is ignored.`, `${p.id} 正在监听：复位被忽略。`);
			return;
		}
		if (seg.ack !== null) {
			this.note(`${p.id} is listening and gets an ACK for nothing it sent: it answers with a reset.`, `${p.id} 正在监听，却收到一个确认它从未发送内容的 ACK：回复复位。`);
			this.sendReset(p, seg.ack, text(`RST, seq = ${seg.ack} (the ACK's number, so the other side accepts it).`, `RST，seq = ${seg.ack}（取自对方的 ACK 号，对方才会接受）。`));
			return;
		}
		if (!has(seg, 'SYN')) return this.dropWithoutSyn(p);
		p.irs = seg.seq;
		p.rcvNxt = seqAdd(seg.seq, 1);
		p.iss = this.random.uint32();
		p.sndUna = p.iss;
		p.sndNxt = p.iss;
		p.state = 'SYN-RECEIVED';
		this.note(
			`${p.id} is listening and a SYN arrives: it records ${p.other}'s ISN ${seg.seq}, will expect ${p.rcvNxt} next, picks its own random ISN ${p.iss}, and enters SYN-RECEIVED. It cannot tell yet whether this SYN is new.`,
			`${p.id} 正在监听，收到 SYN：记下 ${p.other} 的 ISN ${seg.seq}，下一个期望收到 ${p.rcvNxt}，随机选择自己的 ISN ${p.iss}，进入 SYN-RECEIVED。此时它还无法判断这个 SYN 是不是新的。`
		);
		this.sendReliably(
			p,
			'SYN',
			'',
			text(
				`SYN+ACK: seq = ${p.iss} (${p.id}'s ISN), ack = ${p.rcvNxt} ("I got your SYN; send ${p.rcvNxt} next"). One segment acknowledges ${p.other}'s SYN and carries ${p.id}'s own.`,
				`SYN+ACK：seq = ${p.iss}（${p.id} 的 ISN），ack = ${p.rcvNxt}（“收到你的 SYN，下一个请发 ${p.rcvNxt}”）。一个报文段既确认 ${p.other} 的 SYN，又带上 ${p.id} 自己的 SYN。`
			)
		);
	}

	private arriveSynSent(p: Peer, seg: TcpSegment): void {
		const expected = seqAdd(p.iss, 1);
		if (seg.ack !== null && (seqDiff(seg.ack, p.iss) <= 0 || seqDiff(seg.ack, p.sndNxt) > 0)) {
			if (has(seg, 'RST')) return;
			this.note(
				`${p.id} waits for ack = ${expected} but this SYN+ACK says ack = ${seg.ack}: it answers a SYN ${p.id} did not send for this connection (an old duplicate). ${p.id} rejects it and stays in SYN-SENT.`,
				`${p.id} 等待的是 ack = ${expected}，但这个 SYN+ACK 的 ack = ${seg.ack}：它回应的不是 ${p.id} 这次连接发出的 SYN（而是一个历史重复报文）。${p.id} 拒绝它，仍停留在 SYN-SENT。`
			);
			this.sendReset(
				p,
				seg.ack,
				text(
					`RST, seq = ${seg.ack} (copied from the bad ACK so that ${p.other} accepts it): "that is not a connection I asked for".`,
					`RST，seq = ${seg.ack}（取自那个错误的 ACK 号，保证 ${p.other} 会接受）：“这不是我请求的连接”。`
				)
			);
			return;
		}
		if (has(seg, 'RST')) {
			if (seg.ack === null) return;
			this.abort(p);
			this.note(
				`${p.other} answered the SYN with a reset: nothing listens there ("connection refused"). ${p.id} is CLOSED.`,
				`${p.other} 用复位回应了 SYN：对方端口没有程序在监听（“连接被拒绝”）。${p.id} 进入 CLOSED。`
			);
			return;
		}
		if (!has(seg, 'SYN')) return this.dropWithoutSyn(p);
		p.irs = seg.seq;
		p.rcvNxt = seqAdd(seg.seq, 1);
		if (seg.ack !== null) {
			this.acknowledge(p, seg.ack);
			p.state = 'ESTABLISHED';
			this.note(
				`${p.id}'s SYN is acknowledged (ack = ${seg.ack}) and ${p.other}'s ISN ${seg.seq} is learned: ${p.id} is ESTABLISHED and may send data.`,
				`${p.id} 的 SYN 已被确认（ack = ${seg.ack}），并得知 ${p.other} 的 ISN 为 ${seg.seq}：${p.id} 进入 ESTABLISHED，可以发送数据了。`
			);
			this.sendAck(
				p,
				text(
					`ACK, ack = ${p.rcvNxt}: the third message of the three-way handshake. It proves to ${p.other} that its ISN reached a peer that really asked for this connection, something ${p.other} cannot know from a SYN alone, which might be an old duplicate.`,
					`ACK，ack = ${p.rcvNxt}：三次握手的第三个报文。它向 ${p.other} 证明其 ISN 送达了一个确实请求了这次连接的对端；仅凭一个 SYN，${p.other} 无法知道它是不是历史重复报文。`
				)
			);
		} else {
			// Simultaneous open (RFC 9293 figure 7): both sent a SYN; answer with SYN+ACK from our own ISN.
			p.state = 'SYN-RECEIVED';
			p.unacked = [];
			this.note(`A SYN without ACK while ${p.id} is in SYN-SENT: a simultaneous open. ${p.id} enters SYN-RECEIVED.`, `${p.id} 在 SYN-SENT 中收到不带 ACK 的 SYN：双方同时打开。${p.id} 进入 SYN-RECEIVED。`);
			p.sndNxt = p.iss;
			this.sendReliably(p, 'SYN', '', text(`SYN+ACK, seq = ${p.iss} (its own ISN again), ack = ${p.rcvNxt}.`, `SYN+ACK，seq = ${p.iss}（仍是自己的 ISN），ack = ${p.rcvNxt}。`));
		}
	}

	private acceptable(p: Peer, seg: TcpSegment): boolean {
		const inWindow = (n: number) => seqDiff(n, p.rcvNxt) >= 0 && seqDiff(n, p.rcvNxt) < RECEIVE_WINDOW;
		const len = sequenceSpace(seg);
		return len === 0 ? inWindow(seg.seq) : inWindow(seg.seq) || inWindow(seqAdd(seg.seq, len - 1));
	}

	/** Takes a new cumulative acknowledgement: forget what it covers, and restart or stop the retransmission timer. */
	private acknowledge(p: Peer, ack: number): void {
		p.sndUna = ack;
		p.unacked = p.unacked.filter((o) => seqDiff(seqAdd(o.seq, o.kind === 'data' ? byteLength(o.data) : 1), ack) > 0);
		this.stopRto(p);
		if (p.unacked.length > 0) this.startRto(p);
	}

	private finAcked(p: Peer): boolean {
		return p.finSeq !== null && seqDiff(p.sndUna, p.finSeq) > 0;
	}

	private arriveSynchronized(p: Peer, seg: TcpSegment): void {
		// TIME-WAIT: a retransmitted FIN means our last ACK was lost. Acknowledge it again and restart 2 MSL
		// (RFC 9293 section 3.10.7.4, TIME-WAIT under "check the FIN bit").
		if (p.state === 'TIME-WAIT' && has(seg, 'FIN') && seqAdd(seg.seq, seg.length + 1) === p.rcvNxt) {
			this.enterTimeWait(p);
			this.note(
				`${p.other}'s FIN arrives again: ${p.other} never got ${p.id}'s last ACK. Because ${p.id} is still in TIME-WAIT, it can acknowledge the FIN again; it restarts the 2 MSL timer. Without TIME-WAIT, ${p.other} would get a reset and report an error.`,
				`${p.other} 的 FIN 又到了：${p.other} 没有收到 ${p.id} 的最后一个 ACK。由于 ${p.id} 仍处于 TIME-WAIT，它能够再次确认这个 FIN，并重新开始 2MSL 计时。如果没有 TIME-WAIT，${p.other} 只会收到复位并报错。`
			);
			this.sendAck(p, text(`ACK, ack = ${p.rcvNxt}, again.`, `再次发送 ACK，ack = ${p.rcvNxt}。`));
			return;
		}
		if (!this.acceptable(p, seg)) {
			if (has(seg, 'RST')) return;
			this.note(
				`seq = ${seg.seq} is not what ${p.id} expects (${p.rcvNxt}): a duplicate of something already received${has(seg, 'SYN') ? `, here ${p.other}'s SYN again, because ${p.other} has not seen ${p.id}'s acknowledgement` : ''}. ${p.id} drops it and acknowledges what it has.`,
				`seq = ${seg.seq} 不是 ${p.id} 期望的 ${p.rcvNxt}：这是已收到内容的重复${has(seg, 'SYN') ? `，这里是 ${p.other} 重发的 SYN，因为 ${p.other} 没有收到 ${p.id} 的确认` : ''}。${p.id} 丢弃它，并确认自己已收到的部分。`
			);
			this.sendAck(p, ackText(p));
			return;
		}
		if (has(seg, 'RST')) {
			if (p.state === 'SYN-RECEIVED' && p.passive) {
				p.state = 'LISTEN';
				p.unacked = [];
				this.stopRto(p);
				this.note(
					`A reset in SYN-RECEIVED: the connection that the SYN seemed to ask for does not exist. Since ${p.id} came from LISTEN, it drops the half-open connection and returns to LISTEN, ready for a real SYN.`,
					`在 SYN-RECEIVED 状态收到复位：那个 SYN 所请求的连接并不存在。由于 ${p.id} 是从 LISTEN 过来的，它丢弃这个半开连接，回到 LISTEN，等待真正的 SYN。`
				);
			} else {
				this.abort(p);
				this.note(`${p.other} reset the connection: ${p.id} is CLOSED at once, unsent and unacknowledged data is lost.`, `${p.other} 复位了连接：${p.id} 立即进入 CLOSED，未发送和未确认的数据都被丢弃。`);
			}
			return;
		}
		if (has(seg, 'SYN')) {
			// RFC 5961 section 4: a SYN inside a synchronized connection gets a "challenge ACK", never a reset.
			this.note(`An unexpected SYN inside the connection: ${p.id} answers with a challenge ACK and drops it.`, `连接中出现意外的 SYN：${p.id} 回复一个挑战 ACK 并丢弃它。`);
			this.sendAck(p, ackText(p));
			return;
		}
		if (seg.ack === null) return;
		if (!this.processAck(p, seg.ack)) return;
		this.processTextAndFin(p, seg);
	}

	/** The ACK field (RFC 9293 section 3.10.7.4, fifth check); false when the segment is to be dropped. */
	private processAck(p: Peer, ack: number): boolean {
		const isNew = seqDiff(ack, p.sndUna) > 0 && seqDiff(ack, p.sndNxt) <= 0;
		if (p.state === 'SYN-RECEIVED') {
			if (!isNew) {
				this.sendReset(p, ack, text(`RST, seq = ${ack}: that ACK does not fit this connection.`, `RST，seq = ${ack}：这个 ACK 与本连接不符。`));
				return false;
			}
			this.acknowledge(p, ack);
			p.state = 'ESTABLISHED';
			this.note(
				`${p.id}'s SYN is acknowledged (ack = ${ack}): ${p.id} is ESTABLISHED. Both sides now know both ISNs, and each knows the other got its own.`,
				`${p.id} 的 SYN 已被确认（ack = ${ack}）：${p.id} 进入 ESTABLISHED。现在双方都知道两个 ISN，并且都确认对方收到了自己的 ISN。`
			);
			return true;
		}
		if (seqDiff(ack, p.sndNxt) > 0) {
			this.sendAck(p, text(`ACK, ack = ${p.rcvNxt}: that acknowledges something not sent yet.`, `ACK，ack = ${p.rcvNxt}：对方确认了尚未发送的内容。`));
			return false;
		}
		if (isNew) {
			this.acknowledge(p, ack);
			if (p.state === 'FIN-WAIT-1' && this.finAcked(p)) {
				p.state = 'FIN-WAIT-2';
				this.note(
					`${p.id}'s FIN is acknowledged: ${p.id}'s direction is closed and it enters FIN-WAIT-2. ${p.other} may still send data (a half-close) until it sends its own FIN.`,
					`${p.id} 的 FIN 已被确认：${p.id} 这一方向已关闭，进入 FIN-WAIT-2。在 ${p.other} 发出自己的 FIN 之前，它仍可以继续发送数据（半关闭）。`
				);
			} else if (p.state === 'CLOSING' && this.finAcked(p)) {
				this.enterTimeWait(p);
				this.note(
					`${p.id}'s FIN is acknowledged as well: ${p.id} leaves CLOSING for TIME-WAIT. In a simultaneous close both sides wait 2 MSL.`,
					`${p.id} 的 FIN 也被确认了：${p.id} 从 CLOSING 进入 TIME-WAIT。同时关闭时，双方都要等待 2MSL。`
				);
			} else if (p.state === 'LAST-ACK' && this.finAcked(p)) {
				this.abort(p);
				this.note(
					`${p.id}'s FIN is acknowledged: the connection is over for ${p.id}, which deletes it at once (CLOSED). Only the side that closed first waits in TIME-WAIT.`,
					`${p.id} 的 FIN 已被确认：对 ${p.id} 来说连接结束，立即删除连接（CLOSED）。只有先关闭的一方需要在 TIME-WAIT 中等待。`
				);
				return false;
			} else
				this.note(`${p.id}'s bytes before ${ack} are acknowledged.`, `${p.id} 在 ${ack} 之前的字节都已被确认。`);
		}
		return true;
	}

	/** Data and FIN (the sixth to eighth checks); out-of-order segments wait in `early` until the gap fills. */
	private processTextAndFin(p: Peer, seg: TcpSegment): void {
		if (seg.length === 0 && !has(seg, 'FIN')) return;
		if (seg.seq !== p.rcvNxt) {
			p.early.push(seg);
			this.note(
				`This segment starts at ${seg.seq}, beyond ${p.rcvNxt}: something before it is missing. ${p.id} keeps it and repeats its acknowledgement of ${p.rcvNxt}.`,
				`这个报文段从 ${seg.seq} 开始，超过了期望的 ${p.rcvNxt}：前面有内容丢失。${p.id} 先把它保存起来，并重复确认 ${p.rcvNxt}。`
			);
			this.sendAck(p, text(`Duplicate ACK, ack = ${p.rcvNxt}.`, `重复 ACK，ack = ${p.rcvNxt}。`));
			return;
		}
		if (seg.length > 0 && (p.state === 'ESTABLISHED' || p.state === 'FIN-WAIT-1' || p.state === 'FIN-WAIT-2')) {
			p.rcvNxt = seqAdd(p.rcvNxt, seg.length);
			p.received += seg.data;
			this.note(
				`${seg.length} bytes of data in order: ${p.id} hands them to its application and will acknowledge ${p.rcvNxt} (the next byte it expects).`,
				`按序到达 ${seg.length} 字节数据：${p.id} 把它们交给应用，并将确认 ${p.rcvNxt}（期望的下一个字节）。`
			);
		}
		if (has(seg, 'FIN')) {
			p.rcvNxt = seqAdd(p.rcvNxt, 1);
			if (p.state === 'ESTABLISHED' || p.state === 'SYN-RECEIVED') {
				p.state = 'CLOSE-WAIT';
				this.note(
					`FIN: ${p.other} will send no more. ${p.id} acknowledges it at once and enters CLOSE-WAIT; its application reads end of file, and may still send before it calls close().`,
					`收到 FIN：${p.other} 不会再发送数据。${p.id} 立即确认，进入 CLOSE-WAIT；它的应用读到文件结束，在调用 close() 之前仍可以继续发送。`
				);
			} else if (p.state === 'FIN-WAIT-1') {
				if (this.finAcked(p)) {
					this.enterTimeWait(p);
					this.note(
						`${p.other}'s FIN also acknowledges ${p.id}'s FIN: ${p.id} skips FIN-WAIT-2 and enters TIME-WAIT for 2 MSL (${2 * this.msl} ms).`,
						`${p.other} 的 FIN 同时确认了 ${p.id} 的 FIN：${p.id} 跳过 FIN-WAIT-2，直接进入 TIME-WAIT，等待 2MSL（${2 * this.msl} 毫秒）。`
					);
				} else {
					p.state = 'CLOSING';
					this.note(
						`${p.other}'s FIN arrives while ${p.id}'s own FIN is not acknowledged yet: the FINs crossed (a simultaneous close). ${p.id} acknowledges it and enters CLOSING.`,
						`${p.id} 自己的 FIN 还没被确认时，收到了 ${p.other} 的 FIN：两个 FIN 在途中交错（同时关闭）。${p.id} 确认它，进入 CLOSING。`
					);
				}
			} else if (p.state === 'FIN-WAIT-2') {
				this.enterTimeWait(p);
				this.note(
					`${p.other}'s FIN: ${p.id} acknowledges it and enters TIME-WAIT for 2 MSL (${2 * this.msl} ms). Two reasons: if this last ACK is lost, ${p.other} will resend its FIN and ${p.id} must still be there to answer; and stray old segments of this connection must die out before the same address and port pair is used again.`,
					`收到 ${p.other} 的 FIN：${p.id} 确认它，并进入 TIME-WAIT，等待 2MSL（${2 * this.msl} 毫秒）。原因有二：如果这最后一个 ACK 丢失，${p.other} 会重发 FIN，${p.id} 必须还在才能应答；同时要让这条连接残留在网络中的旧报文段全部消失，之后同一对地址和端口才能再次使用。`
				);
			}
		}
		this.sendAck(p, ackText(p));
		const next = p.early.findIndex((s) => s.seq === p.rcvNxt);
		if (next >= 0) {
			const [waiting] = p.early.splice(next, 1);
			this.note(`The gap is filled: the segment kept earlier (seq = ${waiting!.seq}) is processed now.`, `缺口补上了：之前保存的报文段（seq = ${waiting!.seq}）现在得到处理。`);
			this.processTextAndFin(p, waiting!);
		}
	}

	// --- the clock --------------------------------------------------------------------------------------------

	/** Runs the network and timers until nothing is left to happen. */
	run(): void {
		for (let guard = 0; guard < 10_000; guard++) {
			const next = this.events.pop();
			if (!next) return;
			this.now = next.at;
			const e = next.event;
			if (e.kind === 'arrive') {
				const p = this.peers[e.to];
				this.act(
					'arrive',
					p.id,
					() => {
						if (e.note) this.notes.push(e.note);
						this.arrive(p, e.segment);
					},
					{ from: p.other, segment: e.segment, transmission: e.transmission, retransmission: e.retransmission }
				);
			} else if (e.kind === 'lost') {
				const t = e.transmission;
				this.steps.push({
					timeMs: this.now,
					kind: 'lost',
					from: t.from,
					to: t.to,
					segment: t.segment,
					transmission: t.index,
					retransmission: t.retransmission,
					states: this.states(),
					explanation: text(
						`The network drops this ${t.segment.flags.join('+')} segment. ${t.to} never sees it; only a timer at ${t.from} can notice, and only if the segment needs an acknowledgement.`,
						`网络丢弃了这个 ${t.segment.flags.join('+')} 报文段。${t.to} 根本收不到它；只有 ${t.from} 的计时器可能发现，而且前提是这个报文段需要被确认。`
					)
				});
			} else if (e.kind === 'rto') {
				const p = this.peers[e.peer];
				if (e.timer === p.rtoTimer) this.act('timer', p.id, () => this.onRto(p));
			} else if (e.kind === 'time-wait') {
				const p = this.peers[e.peer];
				if (e.timer === p.timeWaitTimer && p.state === 'TIME-WAIT') this.act('timer', p.id, () => this.onTimeWaitEnd(p));
			} else {
				const p = this.peers[e.peer];
				this.act('call', p.id, () => e.action(p));
			}
		}
	}

	result(): TcpRun {
		return {
			steps: this.steps,
			transmissions: this.transmissions,
			isn: { A: this.peers.A.iss, B: this.peers.B.iss },
			final: this.states()
		};
	}
}

/**
 * A whole connection: B listens, A connects (three-way handshake), A sends a request and B answers, then the chosen
 * side closes first (four-way teardown) or both close at once (simultaneous close), and TIME-WAIT runs out.
 */
export function simulateTcpConnection(options: TcpConnectionOptions = {}): TcpRun {
	const world = new TcpWorld(options, createRandom(options.seed ?? 1));
	const request = options.request || DEFAULT_REQUEST;
	const response = options.response || DEFAULT_RESPONSE;
	const closer = options.close ?? 'A';
	const closeDelay = options.closeDelayMs ?? 20;
	const { A, B } = world.peers;
	const done = { requestSent: false, responseSent: false, closing: false, passiveClosing: false };

	// The applications: each reacts to what its endpoint has done, after every event.
	world.afterEvent = () => {
		if (A.state === 'ESTABLISHED' && !done.requestSent) {
			done.requestSent = true;
			world.write(A, request);
		}
		if (B.received.length >= request.length && !done.responseSent && B.state === 'ESTABLISHED') {
			done.responseSent = true;
			world.write(B, response);
		}
		// The exchange is over for A when it has the whole response and its request is acknowledged; for B when
		// its response is acknowledged. The closer (or, for a simultaneous close, both) then call close().
		const doneAt: Record<PeerId, boolean> = {
			A: A.received.length >= response.length && A.unacked.length === 0,
			B: done.responseSent && B.unacked.length === 0
		};
		const trigger = closer === 'simultaneous' ? 'B' : closer;
		if (doneAt[trigger] && !done.closing) {
			done.closing = true;
			for (const peer of closer === 'simultaneous' ? (['A', 'B'] as const) : [closer])
				world.events.push(world.now, { kind: 'app', peer, action: (p) => world.close(p) });
		}
		for (const p of [A, B])
			if (p.state === 'CLOSE-WAIT' && !done.passiveClosing) {
				done.passiveClosing = true;
				world.events.push(world.now + closeDelay, { kind: 'app', peer: p.id, action: (q) => world.close(q) });
			}
	};
	world.act('call', 'B', () => world.listen(B));
	world.act('call', 'A', () => world.connect(A));
	world.run();
	return world.result();
}

/**
 * RFC 9293 section 3.5, figure 8, "Recovery from Old Duplicate SYN": A's new SYN is slow, and an old SYN of an
 * earlier connection reaches B first. B answers it; A sees an acknowledgement of a SYN it did not send and resets;
 * B returns to LISTEN; the real SYN then completes a clean handshake. With a two-message handshake B would already
 * have believed in the old connection.
 */
export function simulateOldDuplicateSyn(options: TcpOptions = {}): TcpRun {
	const delay = options.oneWayDelayMs ?? 50;
	// The new SYN (transmission 0) takes three one-way delays, so the old one and the reset both beat it.
	const world = new TcpWorld({ ...options, extraDelayMs: { 0: 2 * delay, ...options.extraDelayMs } }, createRandom(options.seed ?? 1));
	const { A, B } = world.peers;
	world.act('call', 'B', () => world.listen(B));
	world.act('call', 'A', () => world.connect(A));
	// An earlier incarnation's SYN, with a sequence number that is not A's current ISN.
	const oldSeq = seqAdd(A.iss, -(1000 + world.random.below(1_000_000)));
	world.events.push(delay / 2, {
		kind: 'arrive',
		to: 'B',
		segment: { seq: oldSeq, ack: null, flags: ['SYN'], data: '', length: 0 },
		transmission: null,
		retransmission: false,
		note: text(
			`An old duplicate SYN (seq = ${oldSeq}) from an earlier connection attempt, delayed in the network, reaches B before A's new SYN.`,
			`一个来自更早连接尝试的历史重复 SYN（seq = ${oldSeq}）在网络中滞留后，比 A 新发的 SYN 先到达 B。`
		)
	});
	world.run();
	return world.result();
}

// ---------------------------------------------------------------------------------------------------------------
// UDP

export interface UdpDatagram {
	sourcePort: number;
	destinationPort: number;
	/** Header (8 bytes) plus data, as in the UDP length field. */
	length: number;
	data: string;
}

export interface UdpStep {
	timeMs: number;
	/** `timer`: A's application gave up waiting for an answer (UDP itself has no timer); the resend follows. */
	kind: 'send' | 'arrive' | 'lost' | 'timer';
	from: PeerId;
	/** The receiver of the datagram; null for a timer. */
	to: PeerId | null;
	/** The datagram; null for a timer. */
	datagram: UdpDatagram | null;
	/** Which datagram on the wire this is (send, arrive and lost steps of one share it); null for a timer. */
	transmission: number | null;
	/** A resend by the application (UDP never resends). */
	retry: boolean;
	explanation: LocalizedText;
}

export interface UdpOptions {
	/** What A sends, one datagram each; B answers every datagram it receives. */
	messages?: readonly string[];
	/** B's answer to a message. Default `answer to <message>`. */
	answer?: (message: string) => string;
	intervalMs?: number;
	oneWayDelayMs?: number;
	/** Transmission indexes the network drops (0 = the first datagram sent, by A or B). */
	lose?: readonly number[];
	/**
	 * A's application (not UDP) waits this long for the answer to each message and then sends it again, as a DNS
	 * client does; undefined: it never retries, and a lost datagram stays lost.
	 */
	retryAfterMs?: number;
	/** How many times the application resends one message before it gives up. Default 2. */
	retries?: number;
}

type UdpEvent =
	| { kind: 'send'; from: PeerId; data: string; message: number; retry: boolean }
	| { kind: 'arrive' | 'lost'; from: PeerId; datagram: UdpDatagram; transmission: number; message: number; retry: boolean }
	| { kind: 'app-timeout'; message: number; attempt: number };

export function simulateUdp(options: UdpOptions = {}): { steps: UdpStep[] } {
	const messages = options.messages ?? ['query 1', 'query 2', 'query 3'];
	const answer = options.answer ?? ((m: string) => `answer to ${m}`);
	const interval = options.intervalMs ?? 100;
	const delay = options.oneWayDelayMs ?? 50;
	const lose = new Set(options.lose ?? []);
	const retries = options.retries ?? 2;
	const ports: Record<PeerId, number> = { A: 50_000, B: 9_000 };
	const steps: UdpStep[] = [];
	const events = new EventQueue<UdpEvent>();
	const answered = new Set<number>();
	/** How many times A has sent each message. */
	const sends = new Map<number, number>();
	let transmissions = 0;
	messages.forEach((data, message) => events.push(message * interval, { kind: 'send', from: 'A', data, message, retry: false }));
	// Bounded: every message is sent at most 1 + retries times and answered at most that often.
	for (let e = events.pop(), guard = 0; e && guard < 10_000; e = events.pop(), guard++) {
		const now = e.at;
		const ev = e.event;
		if (ev.kind === 'app-timeout') {
			if (answered.has(ev.message)) continue;
			const retry = ev.attempt <= retries;
			steps.push({
				timeMs: now,
				kind: 'timer',
				from: 'A',
				to: null,
				datagram: null,
				transmission: null,
				retry,
				explanation: retry
					? text(
							`No answer after ${options.retryAfterMs} ms: A's application (its own timer, not UDP's: UDP has none) sends the same request again, as a DNS client does.`,
							`等了 ${options.retryAfterMs} 毫秒仍没有应答：A 的应用（用它自己的计时器，UDP 没有计时器）再次发送同一个请求，DNS 客户端就是这样做的。`
						)
					: text(
							`Still no answer after ${retries + 1} tries: A's application gives up and reports an error. UDP itself never knew anything was missing.`,
							`尝试 ${retries + 1} 次仍没有应答：A 的应用放弃并报告错误。UDP 本身始终不知道有东西丢了。`
						)
			});
			if (retry) events.push(now, { kind: 'send', from: 'A', data: messages[ev.message]!, message: ev.message, retry: true });
			// The next timeout is scheduled by that send.
			continue;
		}
		if (ev.kind === 'send') {
			const to: PeerId = ev.from === 'A' ? 'B' : 'A';
			const datagram: UdpDatagram = { sourcePort: ports[ev.from], destinationPort: ports[to], length: 8 + byteLength(ev.data), data: ev.data };
			const transmission = transmissions++;
			steps.push({
				timeMs: now,
				kind: 'send',
				from: ev.from,
				to,
				datagram,
				transmission,
				retry: ev.retry,
				explanation: text(
					`${ev.from} sends a datagram: an 8-byte header (ports, length, checksum) and ${datagram.length - 8} bytes. No handshake, no sequence number, no timer.`,
					`${ev.from} 发送一个数据报：8 字节首部（端口、长度、校验和）加 ${datagram.length - 8} 字节数据。没有握手，没有序列号，也没有计时器。`
				)
			});
			events.push(now + delay, { kind: lose.has(transmission) ? 'lost' : 'arrive', from: ev.from, datagram, transmission, message: ev.message, retry: ev.retry });
			if (ev.from === 'A' && options.retryAfterMs !== undefined) {
				const attempt = (sends.get(ev.message) ?? 0) + 1;
				sends.set(ev.message, attempt);
				events.push(now + options.retryAfterMs, { kind: 'app-timeout', message: ev.message, attempt });
			}
		} else {
			const to: PeerId = ev.from === 'A' ? 'B' : 'A';
			const arrived = ev.kind === 'arrive';
			steps.push({
				timeMs: now,
				kind: ev.kind,
				from: ev.from,
				to,
				datagram: ev.datagram,
				transmission: ev.transmission,
				retry: ev.retry,
				explanation: arrived
					? text(`${to} receives the datagram whole, as one message.`, `${to} 完整地收到这个数据报，作为一条独立的消息。`)
					: text(
							`The network drops the datagram. UDP does not notice and never retransmits: if the application cares, it must time out and ask again itself (as DNS clients do).`,
							`网络丢弃了这个数据报。UDP 不会察觉，也不会重传：如果应用在意，必须自己设置超时并重新发送（DNS 客户端就是这样做的）。`
						)
			});
			if (arrived && to === 'B') events.push(now, { kind: 'send', from: 'B', data: answer(ev.datagram.data), message: ev.message, retry: false });
			if (arrived && to === 'A') answered.add(ev.message);
		}
	}
	return { steps };
}
