/**
 * The network-performance lab's models, pure and deterministic (randomness from a seed):
 *
 * 1. Page load: N resources in D dependency levels over HTTP/1.1 (up to 6 connections per host, one request at a
 *    time on each), over HTTP/2 (one connection, every request of a level multiplexed), and over HTTP/2 from a
 *    CDN edge with a lower RTT. Each new connection costs a TCP handshake (1 RTT) and a TLS 1.3 handshake (1 RTT);
 *    each response is sent in rounds of the connection's congestion window (slow start from 10 segments, RFC 6928),
 *    each round lasting at least one RTT and at least the time the bottleneck link needs for its bytes; a lost
 *    segment costs a fast retransmission (1 RTT) or, near the end of a response, a retransmission timeout.
 * 2. Congestion control: the congestion window round by round for Reno (RFC 5681) and CUBIC (RFC 9438), with losses
 *    scheduled, from a full bottleneck queue, or at random.
 * 3. Compression: the arithmetic around the browser's CompressionStream (sizes, ratios, time saved).
 *
 * No Svelte, no browser globals (CompressionStream comes in as a parameter with the global as default).
 */
import type { LocalizedText } from '$lib/i18n/locales';
import { EventQueue } from './events';
import { createRandom, type Random } from './random';

/** Payload bytes per TCP segment on a 1500-byte Ethernet path (1500 − 20 IPv4 − 20 TCP). */
export const MSS = 1460;
/** The initial congestion window in segments (RFC 6928). */
export const INITIAL_WINDOW = 10;
/** Linux's lower bound on the retransmission timeout; with a steady RTT, RTO ≈ SRTT + 200 ms. */
export const MIN_RTO_MS = 200;
/** CUBIC's constants (RFC 9438 §4.1, §5). */
export const CUBIC_C = 0.4;
export const CUBIC_BETA = 0.7;
/** The additive increase that makes CUBIC as fast as Reno in its Reno-friendly region (RFC 9438 §4.3). */
export const CUBIC_ALPHA = (3 * (1 - CUBIC_BETA)) / (1 + CUBIC_BETA);
/** HTTP/1.1 connections a browser opens to one host. */
export const CONNECTIONS_PER_HOST = 6;

export const retransmissionTimeout = (rttMs: number) => rttMs + MIN_RTO_MS;

/** Slow start (cwnd below ssthresh: +1 segment per segment acknowledged, never past ssthresh), else congestion avoidance (+1 per window). */
export function grownWindow(cwnd: number, ssthresh: number, acked: number): number {
	return cwnd < ssthresh ? Math.min(cwnd + acked, ssthresh) : cwnd + acked / cwnd;
}

/** Reno's multiplicative decrease: half the window, at least 2 segments (RFC 5681 §3.1, as Linux rounds it). */
export const renoDecrease = (cwnd: number) => Math.max(Math.floor(cwnd / 2), 2);

// ---------------------------------------------------------------------------------------------------------------
// 1. Page load

export type Protocol = 'http1' | 'http2' | 'cdn';
export const PROTOCOLS: readonly Protocol[] = ['http1', 'http2', 'cdn'];

export interface PageLoadInput {
	rttMs: number;
	/** The CDN edge's RTT (used by the 'cdn' option). */
	cdnRttMs: number;
	/** The bottleneck's bandwidth in Mbit/s (Infinity: bytes take no time). */
	bandwidthMbps: number;
	/** Chance, in percent, that a data segment is lost. */
	lossPercent: number;
	resources: number;
	/** Size of each response in KB (1000 bytes). */
	sizeKB: number;
	/** Dependency levels: level 1 is the document, the others are found in what the level before brought. */
	depth: number;
	seed: number;
}

export interface ResourceTiming {
	/** 1-based. */
	index: number;
	/** 1-based. */
	level: number;
	/** When the browser knew it needed it. */
	discoveredMs: number;
	/** 1-based connection it went on. */
	connection: number;
	/** When the request opened its connection: the TCP and TLS handshakes. */
	setup?: { startMs: number; tcpEndMs: number; tlsEndMs: number };
	requestMs: number;
	firstByteMs: number;
	endMs: number;
	/** Segments lost (and retransmitted) while this response's flight was on the wire. */
	lost: number;
	timeouts: number;
}

export interface PageLoadRun {
	protocol: Protocol;
	rttMs: number;
	resources: ResourceTiming[];
	connections: number;
	/** Round trips spent on handshakes, over all connections (2 per connection). */
	handshakeRoundTrips: number;
	/** From the first handshake to the last byte of the last resource. */
	totalMs: number;
	lost: number;
	timeouts: number;
}

/** How many resources each level holds: the document alone, then the rest spread evenly (earlier levels take the remainder). */
export function levelSizes(resources: number, depth: number): number[] {
	if (depth <= 1) return [resources];
	const rest = resources - 1;
	const levels = depth - 1;
	return [1, ...Array.from({ length: levels }, (_, i) => Math.floor(rest / levels) + (i < rest % levels ? 1 : 0))];
}

interface Connection {
	id: number;
	openedMs: number;
	readyMs: number;
	state: 'connecting' | 'idle' | 'busy';
	cwnd: number;
	ssthresh: number;
	/** Whether a request has used it yet (the first one carries its setup in the waterfall). */
	used: boolean;
}

interface Flight {
	/** When each response's last byte arrives, from the moment the requests were sent. */
	ends: number[];
	lost: number[];
	timeouts: number[];
}

/**
 * Sends responses of these sizes back to back on one connection, in rounds of its congestion window. A round takes
 * max(RTT, its bytes ÷ bandwidth). Each segment is lost with chance `loss`; a loss that 3 later segments can report
 * (duplicate ACKs) is repaired by fast retransmit (1 RTT per lost segment, window halved); otherwise (a small window,
 * the end of the responses) the sender waits for the retransmission timeout (window back to 1). The connection's window carries over to its next requests.
 */
export function sendResponses(conn: { cwnd: number; ssthresh: number }, sizes: readonly number[], rttMs: number, bandwidthMbps: number, loss: number, random: Random): Flight {
	// The responses follow each other in one byte stream, cut into full segments: each ends in the segment holding its last byte.
	const lastSegment: number[] = [];
	let cumulative = 0;
	for (const bytes of sizes) lastSegment.push(Math.max(1, Math.ceil((cumulative += bytes) / MSS)));
	const total = lastSegment.at(-1) ?? 0;
	const bytesPerSegment = cumulative / Math.max(1, total);
	const msPerByte = Number.isFinite(bandwidthMbps) ? 8 / (bandwidthMbps * 1000) : 0;
	const flight: Flight = { ends: [], lost: sizes.map(() => 0), timeouts: sizes.map(() => 0) };
	let sent = 0;
	let time = 0;
	let next = 0;
	// Bounded: every round sends at least one new segment.
	while (sent < total) {
		const window = Math.min(Math.max(1, Math.floor(conn.cwnd)), total - sent);
		time += Math.max(rttMs, window * bytesPerSegment * msPerByte);
		let lost = 0;
		let firstLost = -1;
		if (loss > 0)
			for (let i = 0; i < window; i++)
				if (random.next() < loss) {
					lost++;
					if (firstLost < 0) firstLost = sent + i;
				}
		sent += window;
		if (lost === 0) conn.cwnd = grownWindow(conn.cwnd, conn.ssthresh, window);
		else {
			const owner = lastSegment.findIndex((end) => end > firstLost);
			flight.lost[owner]! += lost;
			// Duplicate ACKs come from the segments of this window after the lost one, and from up to 2 new ones
			// sent as they arrive (limited transmit, RFC 3042): 3 of them trigger fast retransmit.
			const duplicates = sent - 1 - firstLost + Math.min(2, total - sent);
			if (duplicates >= 3) {
				time += lost * rttMs;
				conn.ssthresh = renoDecrease(conn.cwnd);
				conn.cwnd = conn.ssthresh;
			} else {
				flight.timeouts[owner]!++;
				time += retransmissionTimeout(rttMs) + (lost - 1) * rttMs;
				conn.ssthresh = renoDecrease(conn.cwnd);
				conn.cwnd = 1;
			}
		}
		while (next < lastSegment.length && lastSegment[next]! <= sent) flight.ends[next++] = time;
	}
	return flight;
}

type PageEvent = { kind: 'discover'; level: number } | { kind: 'ready'; conn: Connection } | { kind: 'done'; conn: Connection; resource: ResourceTiming; frees: boolean };

/** One option's page load: a discrete-event run over connections, with the bottleneck link shared in request order. */
export function simulatePageLoad(input: PageLoadInput, protocol: Protocol): PageLoadRun {
	const rtt = protocol === 'cdn' ? input.cdnRttMs : input.rttMs;
	const multiplex = protocol !== 'http1';
	const limit = multiplex ? 1 : CONNECTIONS_PER_HOST;
	const bytes = input.sizeKB * 1000;
	const loss = input.lossPercent / 100;
	const msPerByte = Number.isFinite(input.bandwidthMbps) ? 8 / (input.bandwidthMbps * 1000) : 0;
	const random = createRandom(input.seed);
	const sizes = levelSizes(input.resources, input.depth);
	const events = new EventQueue<PageEvent>();
	const connections: Connection[] = [];
	const resources: ResourceTiming[] = [];
	const pending: ResourceTiming[] = [];
	const remaining = [...sizes];
	let linkFreeMs = 0;

	const open = (at: number) => {
		const spare = connections.filter((c) => c.state !== 'busy').length;
		let wanted = Math.min(pending.length - spare, limit - connections.length);
		for (; wanted > 0; wanted--) {
			const conn: Connection = { id: connections.length + 1, openedMs: at, readyMs: at + 2 * rtt, state: 'connecting', cwnd: INITIAL_WINDOW, ssthresh: Infinity, used: false };
			connections.push(conn);
			events.push(conn.readyMs, { kind: 'ready', conn });
		}
	};
	const dispatch = (at: number) => {
		for (const conn of connections) {
			if (conn.state !== 'idle' || pending.length === 0) continue;
			const batch = multiplex ? pending.splice(0) : pending.splice(0, 1);
			const flight = sendResponses(conn, batch.map(() => bytes), rtt, input.bandwidthMbps, loss, random);
			// The link carries one response's bytes at a time: a flight cannot end before the link has carried what came before it.
			const own = at + flight.ends.at(-1)!;
			const shift = Math.max(0, linkFreeMs + batch.length * bytes * msPerByte - own);
			linkFreeMs = own + shift;
			batch.forEach((resource, i) => {
				resource.connection = conn.id;
				resource.requestMs = at;
				resource.firstByteMs = at + rtt + shift;
				resource.endMs = at + flight.ends[i]! + shift;
				resource.lost = flight.lost[i]!;
				resource.timeouts = flight.timeouts[i]!;
				if (!conn.used) resource.setup = { startMs: conn.openedMs, tcpEndMs: conn.openedMs + rtt, tlsEndMs: conn.readyMs };
				conn.used = true;
				events.push(resource.endMs, { kind: 'done', conn, resource, frees: i === batch.length - 1 });
			});
			conn.state = 'busy';
		}
	};

	events.push(0, { kind: 'discover', level: 0 });
	// Bounded: each resource is discovered once and finishes once; each connection becomes ready once.
	for (let event = events.pop(); event; event = events.pop()) {
		const { at, event: e } = event;
		if (e.kind === 'discover') {
			for (let i = 0; i < sizes[e.level]!; i++) {
				const resource: ResourceTiming = { index: resources.length + 1, level: e.level + 1, discoveredMs: at, connection: 0, requestMs: 0, firstByteMs: 0, endMs: 0, lost: 0, timeouts: 0 };
				resources.push(resource);
				pending.push(resource);
			}
			open(at);
		} else if (e.kind === 'ready') e.conn.state = 'idle';
		else {
			if (e.frees) e.conn.state = 'idle';
			const level = e.resource.level - 1;
			if (--remaining[level]! === 0 && level + 1 < sizes.length) events.push(at, { kind: 'discover', level: level + 1 });
		}
		dispatch(at);
	}

	return {
		protocol,
		rttMs: rtt,
		resources,
		connections: connections.length,
		handshakeRoundTrips: 2 * connections.length,
		totalMs: Math.max(0, ...resources.map((r) => r.endMs)),
		lost: resources.reduce((n, r) => n + r.lost, 0),
		timeouts: resources.reduce((n, r) => n + r.timeouts, 0)
	};
}

export function comparePageLoads(input: PageLoadInput): PageLoadRun[] {
	return PROTOCOLS.map((p) => simulatePageLoad(input, p));
}

// ---------------------------------------------------------------------------------------------------------------
// 2. Congestion control

export type Algorithm = 'reno' | 'cubic';
export const ALGORITHMS: readonly Algorithm[] = ['reno', 'cubic'];

export interface CongestionInput {
	rttMs: number;
	rounds: number;
	/** The initial slow-start threshold in segments (Infinity: Linux's default, slow start until the first loss). */
	ssthresh: number;
	/** The window (segments) above which the bottleneck's queue overflows and a segment is dropped (Infinity: never). */
	capacity: number;
	/** Rounds in which a segment is lost and 3 duplicate ACKs report it. */
	losses: readonly number[];
	/** Rounds in which a loss is only found by the retransmission timer. */
	timeouts: readonly number[];
	/** Chance, in percent, that each segment is lost. */
	lossPercent: number;
	seed: number;
}

export type Phase = 'slow-start' | 'avoidance' | 'recovery' | 'timeout';
/** Why a round lost a segment. */
export type LossCause = 'scheduled' | 'timeout' | 'queue' | 'random';

export interface CwndPoint {
	round: number;
	timeMs: number;
	/** Segments the sender may have in flight in this round. */
	cwnd: number;
	ssthresh: number;
	phase: Phase;
	/** A loss during this round (its reaction shows from the next round). */
	loss?: LossCause;
	/** How the loss was found: 3 duplicate ACKs (fast retransmit) or the timer. */
	detected?: 'dupacks' | 'timer';
}

/** CUBIC's window function W(t) = C(t − K)³ + W_max, t in seconds (RFC 9438 eq. 1). */
export const cubicWindow = (tSeconds: number, k: number, wMax: number) => CUBIC_C * (tSeconds - k) ** 3 + wMax;
/** K = ∛((W_max − cwnd_epoch) / C): the time to climb back to W_max (RFC 9438 eq. 2). */
export const cubicK = (wMax: number, cwndEpoch: number) => Math.cbrt(Math.max(0, wMax - cwndEpoch) / CUBIC_C);

/** The congestion window round by round (one round = one RTT) for one algorithm. */
export function simulateCongestion(input: CongestionInput, algorithm: Algorithm): CwndPoint[] {
	const random = createRandom(input.seed);
	const loss = input.lossPercent / 100;
	const scheduled = new Set(input.losses);
	const timers = new Set(input.timeouts);
	const rttS = input.rttMs / 1000;
	const timerRounds = Math.ceil(retransmissionTimeout(input.rttMs) / input.rttMs);
	let cwnd = INITIAL_WINDOW;
	let ssthresh = input.ssthresh;
	let phase: Phase = cwnd < ssthresh ? 'slow-start' : 'avoidance';
	let waiting = 0;
	// CUBIC's epoch: when congestion avoidance began, W_max, K, and the Reno-friendly estimate W_est.
	let wMax: number | undefined;
	let epoch: { startS: number; k: number; wMax: number; wEst: number } | undefined;
	const points: CwndPoint[] = [];

	const startEpoch = (atS: number) => {
		const top = wMax !== undefined && wMax > cwnd ? wMax : cwnd;
		epoch = { startS: atS, k: cubicK(top, cwnd), wMax: top, wEst: cwnd };
	};
	if (algorithm === 'cubic' && phase === 'avoidance') startEpoch(0);

	for (let round = 0; round < input.rounds; round++) {
		const point: CwndPoint = { round, timeMs: round * input.rttMs, cwnd, ssthresh, phase };
		points.push(point);
		// Every round draws once, whatever happens, so both algorithms see the same sequence of chances.
		const draw = random.next();
		if (phase === 'timeout') {
			if (--waiting === 0) {
				cwnd = 1;
				phase = 'slow-start';
			}
			continue;
		}
		const segments = Math.max(1, Math.floor(cwnd));
		let cause: LossCause | undefined;
		if (timers.has(round)) cause = 'timeout';
		else if (scheduled.has(round)) cause = 'scheduled';
		else if (cwnd > input.capacity) cause = 'queue';
		else if (loss > 0 && draw < 1 - (1 - loss) ** segments) cause = 'random';

		if (cause) {
			point.loss = cause;
			// Three duplicate ACKs need three segments sent after the lost one.
			point.detected = cause === 'timeout' || segments < 4 ? 'timer' : 'dupacks';
			if (algorithm === 'reno') ssthresh = renoDecrease(cwnd);
			else {
				// Fast convergence (RFC 9438 §4.7): a flow whose window had not come back to W_max lowers W_max further.
				wMax = wMax !== undefined && cwnd < wMax ? (cwnd * (1 + CUBIC_BETA)) / 2 : cwnd;
				ssthresh = Math.max(cwnd * CUBIC_BETA, 2);
			}
			if (point.detected === 'dupacks') {
				cwnd = ssthresh;
				phase = 'recovery';
				if (algorithm === 'cubic') startEpoch((round + 1) * rttS);
			} else {
				// RFC 9438 §4.8: after a timeout, the next congestion avoidance starts with K = 0 and W_max = its first window.
				if (algorithm === 'cubic') wMax = undefined;
				phase = 'timeout';
				waiting = timerRounds;
			}
			continue;
		}

		if (phase === 'slow-start' || cwnd < ssthresh) {
			cwnd = grownWindow(cwnd, ssthresh, segments);
			if (cwnd >= ssthresh) {
				phase = 'avoidance';
				if (algorithm === 'cubic') startEpoch((round + 1) * rttS);
			} else phase = 'slow-start';
		} else if (algorithm === 'reno') {
			cwnd = grownWindow(cwnd, ssthresh, cwnd);
			phase = 'avoidance';
		} else {
			const e = epoch!;
			const t = (round + 1) * rttS - e.startS;
			const target = Math.min(Math.max(cubicWindow(t, e.k, e.wMax), cwnd), 1.5 * cwnd);
			e.wEst += CUBIC_ALPHA;
			cwnd = e.wEst > cubicWindow(t, e.k, e.wMax) ? e.wEst : target;
			phase = 'avoidance';
		}
	}
	return points;
}

export interface CongestionSummary {
	algorithm: Algorithm;
	/** Segments the window allowed over the run (a timeout's wait sends none). */
	segments: number;
	/** Average throughput the windows allow, in Mbit/s. */
	mbps: number;
	losses: number;
	timeouts: number;
}

export function summarizeCongestion(points: readonly CwndPoint[], algorithm: Algorithm, rttMs: number): CongestionSummary {
	const segments = points.reduce((n, p) => n + (p.phase === 'timeout' ? 0 : Math.floor(p.cwnd)), 0);
	const seconds = (points.length * rttMs) / 1000;
	return {
		algorithm,
		segments,
		mbps: seconds ? (segments * MSS * 8) / seconds / 1e6 : 0,
		losses: points.filter((p) => p.loss).length,
		timeouts: points.filter((p) => p.detected === 'timer').length
	};
}

// ---------------------------------------------------------------------------------------------------------------
// 3. Compression

export type CompressionFormat = 'gzip' | 'deflate' | 'deflate-raw';
export const COMPRESSION_FORMATS: readonly CompressionFormat[] = ['gzip', 'deflate', 'deflate-raw'];

type StreamConstructor = new (format: CompressionFormat) => TransformStream<Uint8Array, Uint8Array>;

const globalCompression = () => (globalThis as { CompressionStream?: StreamConstructor }).CompressionStream;
const globalDecompression = () => (globalThis as { DecompressionStream?: StreamConstructor }).DecompressionStream;

/** The formats this CompressionStream accepts (none when there is no CompressionStream at all). */
export function supportedFormats(Stream: StreamConstructor | null | undefined = globalCompression()): CompressionFormat[] {
	if (typeof Stream !== 'function') return [];
	return COMPRESSION_FORMATS.filter((format) => {
		try {
			new Stream(format);
			return true;
		} catch {
			return false;
		}
	});
}

async function pipe(bytes: Uint8Array, stream: TransformStream<Uint8Array, Uint8Array>): Promise<Uint8Array> {
	const writer = stream.writable.getWriter();
	void writer.write(bytes).then(() => writer.close());
	const chunks: Uint8Array[] = [];
	const reader = stream.readable.getReader();
	for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
	const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
	let offset = 0;
	for (const c of chunks) {
		out.set(c, offset);
		offset += c.length;
	}
	return out;
}

export function compressBytes(bytes: Uint8Array, format: CompressionFormat, Stream: StreamConstructor | undefined = globalCompression()): Promise<Uint8Array> {
	if (!Stream) throw new Error('CompressionStream is not available');
	return pipe(bytes, new Stream(format));
}

export function decompressBytes(bytes: Uint8Array, format: CompressionFormat, Stream: StreamConstructor | undefined = globalDecompression()): Promise<Uint8Array> {
	if (!Stream) throw new Error('DecompressionStream is not available');
	return pipe(bytes, new Stream(format));
}

export interface CompressionRow {
	format: CompressionFormat;
	originalBytes: number;
	compressedBytes: number;
	/** original ÷ compressed (3.5 means 3.5 times smaller). */
	ratio: number;
	/** The part of the bytes saved, 0 to 1. */
	saved: number;
	/** Transfer time of the bytes alone at the bandwidth, in ms (no round trips). */
	originalMs: number;
	compressedMs: number;
	savedMs: number;
}

export function compressionRow(format: CompressionFormat, originalBytes: number, compressedBytes: number, bandwidthMbps: number): CompressionRow {
	const ms = (bytes: number) => (bytes * 8) / (bandwidthMbps * 1000);
	return {
		format,
		originalBytes,
		compressedBytes,
		ratio: compressedBytes ? originalBytes / compressedBytes : 0,
		saved: originalBytes ? 1 - compressedBytes / originalBytes : 0,
		originalMs: ms(originalBytes),
		compressedMs: ms(compressedBytes),
		savedMs: ms(originalBytes) - ms(compressedBytes)
	};
}

/** Compresses the text in every supported format and checks that each decompresses back to it. */
export async function compressText(textValue: string, bandwidthMbps: number, formats: readonly CompressionFormat[] = supportedFormats()): Promise<(CompressionRow & { roundTrip: boolean; bytes: Uint8Array })[]> {
	const original = new TextEncoder().encode(textValue);
	return Promise.all(
		formats.map(async (format) => {
			const bytes = await compressBytes(original, format);
			const back = await decompressBytes(bytes, format);
			const roundTrip = back.length === original.length && back.every((b, i) => b === original[i]);
			return { ...compressionRow(format, original.length, bytes.length, bandwidthMbps), roundTrip, bytes };
		})
	);
}

// ---------------------------------------------------------------------------------------------------------------
// What the model leaves out (said on the page)

export const LEFT_OUT: readonly LocalizedText[] = [
	{
		en: 'DNS (the name is taken as cached), server think time, request bytes and header compression (HPACK): the browser asks and the server answers at once.',
		'zh-CN': 'DNS（假定名字已缓存）、服务器处理时间、请求的字节数和头部压缩（HPACK）：浏览器一问，服务器立刻就答。'
	},
	{
		en: 'Handshake packets are never lost, and every connection starts cold: no session resumption, no 0-RTT, no preconnect, no HTTP/3.',
		'zh-CN': '握手报文从不丢失，每条连接都是冷启动：没有会话恢复、没有 0-RTT、没有 preconnect，也没有 HTTP/3。'
	},
	{
		en: 'The bottleneck carries one response after another in the order they were asked for; real connections share it more evenly and fill its queue.',
		'zh-CN': '瓶颈链路按请求的先后顺序逐个传送响应；真实的连接会更均匀地分享它，还会把它的队列填满。'
	},
	{
		en: 'HTTP/2 sends the responses of a level one after another (real servers interleave them by priority); the browser’s parsing and rendering take no time.',
		'zh-CN': 'HTTP/2 把同一层的响应一个接一个地发出（真实的服务器会按优先级交错发送）；浏览器解析和渲染不花时间。'
	},
	{
		en: 'The congestion window is followed per round trip, not per ACK; fast recovery lasts one round; HyStart, SACK, pacing, delayed ACKs and the receive window are left out.',
		'zh-CN': '拥塞窗口按往返逐轮计算，而不是按每个 ACK；快速恢复只持续一轮；没有考虑 HyStart、SACK、发送节奏控制（pacing）、延迟确认和接收窗口。'
	}
];
