/**
 * A whole TCP conversation as the Ethernet frames a capture between the two hosts would hold: the three-way
 * handshake, the messages cut into segments of at most one MSS with an acknowledgment after each message, and
 * the four-segment teardown. Sequence and acknowledgment numbers, checksums and windows are all consistent,
 * so Wireshark's TCP analysis finds nothing to flag and reassembles the stream. Same input, same bytes.
 */
import { ok, type Result } from '$lib/errors';
import { text } from '$lib/tls/wire';
import {
	DEFAULT_WINDOW,
	encapsulate,
	outOfRange,
	showTcpFlags,
	showTcpOptions,
	type Endpoint,
	type NetErrorCode,
	type TcpFlag,
	type TcpOption
} from './packets';

export type { Endpoint };

export type Side = 'client' | 'server';

export interface StreamMessage {
	from: Side;
	bytes: Uint8Array;
}

export interface ConversationOptions {
	/** Default DEFAULT_CLIENT. */
	client?: Endpoint;
	/** Default DEFAULT_SERVER. */
	server?: Endpoint;
	messages: readonly StreamMessage[];
	/** Default 1460: each message is split into segments of at most this many bytes. */
	mss?: number;
	/** Default 20,000: timestamps advance by half of it each time a segment crosses to the other side. */
	rttMicros?: number;
	/** Default DEFAULT_START_MICROS, so the output does not depend on the clock. */
	startMicros?: number;
	/** Initial sequence numbers; default DEFAULT_ISN (real stacks pick them at random). */
	isn?: { client: number; server: number };
}

export interface CapturedFrame {
	timestampMicros: number;
	bytes: Uint8Array;
	from: Side;
	/** Wireshark's Info column for the segment: `49152 → 443 [SYN, ACK] Seq=0 Ack=1 Win=65535 Len=0 MSS=1460`. */
	summary: string;
}

/** RFC 5737 documentation addresses, locally administered MACs, the first ephemeral port (RFC 6335). */
export const DEFAULT_CLIENT: Endpoint = { mac: '02:00:00:00:00:01', ip: '192.0.2.10', port: 49152 };
export const DEFAULT_SERVER: Endpoint = { mac: '02:00:00:00:00:02', ip: '198.51.100.20', port: 443 };
/** 2026-01-01T00:00:00Z. */
export const DEFAULT_START_MICROS = Date.UTC(2026, 0, 1) * 1000;
export const DEFAULT_ISN = { client: 0x1f2e3d4c, server: 0x6a5b4c3d } as const;
export const DEFAULT_MSS = 1460;
export const DEFAULT_RTT_MICROS = 20_000;

/** The most data one segment can carry in an IPv4 packet: 65,535 less 20 bytes of IPv4 and 20 of TCP header. */
const MAX_MSS = 0xffff - 40;
const FIRST_IP_ID: Readonly<Record<Side, number>> = { client: 0x1000, server: 0x2000 };

const other = (side: Side): Side => (side === 'client' ? 'server' : 'client');
const mod32 = (n: number) => n >>> 0;

interface Host {
	endpoint: Endpoint;
	isn: number;
	/** The sequence number of the next byte this host sends. */
	nextSeq: number;
	ipId: number;
}

export function tcpConversation(options: ConversationOptions): Result<CapturedFrame[], NetErrorCode> {
	const { mss = DEFAULT_MSS, rttMicros = DEFAULT_RTT_MICROS, startMicros = DEFAULT_START_MICROS, isn = DEFAULT_ISN } = options;
	const problem =
		outOfRange(mss, MAX_MSS, text('maximum segment size (MSS)', '最大报文段长度 (MSS)'), 1) ??
		outOfRange(rttMicros, 60_000_000, text('round-trip time in microseconds', '往返时间（微秒）')) ??
		outOfRange(startMicros, Number.MAX_SAFE_INTEGER, text('start time in microseconds', '起始时间（微秒）'));
	if (problem) return problem;
	const hosts: Record<Side, Host> = {
		client: { endpoint: options.client ?? DEFAULT_CLIENT, isn: isn.client, nextSeq: isn.client, ipId: FIRST_IP_ID.client },
		server: { endpoint: options.server ?? DEFAULT_SERVER, isn: isn.server, nextSeq: isn.server, ipId: FIRST_IP_ID.server }
	};
	const halfRtt = Math.floor(rttMicros / 2);
	const frames: CapturedFrame[] = [];
	const empty = new Uint8Array(0);

	/**
	 * One segment from `from`. A host answers what it received half an RTT after the sender sent it; what a host
	 * sends in a row leaves at once. Each ACK acknowledges everything the other host has sent, since in this
	 * capture nothing is lost and nothing is still on the way.
	 */
	const send = (from: Side, flags: TcpFlag[], payload: Uint8Array = empty, tcpOptions: TcpOption[] = []) => {
		const previous = frames[frames.length - 1];
		const timestampMicros = !previous ? startMicros : previous.from === from ? previous.timestampMicros : previous.timestampMicros + halfRtt;
		const me = hosts[from];
		const peer = hosts[other(from)];
		const seq = me.nextSeq;
		const ack = flags.includes('ACK') ? peer.nextSeq : 0;
		const frame = encapsulate({
			source: me.endpoint,
			destination: peer.endpoint,
			transport: { protocol: 'tcp', seq, ack, flags, window: DEFAULT_WINDOW, options: tcpOptions },
			payload,
			ip: { identification: me.ipId }
		});
		if (!frame.ok) return frame;
		me.ipId = (me.ipId + 1) & 0xffff;
		// SYN and FIN each take up one sequence number, as if they were a byte of data.
		me.nextSeq = mod32(seq + payload.length + (flags.includes('SYN') ? 1 : 0) + (flags.includes('FIN') ? 1 : 0));
		const summary = [
			`${me.endpoint.port} → ${peer.endpoint.port} [${showTcpFlags(flags)}] Seq=${mod32(seq - me.isn)}`,
			...(flags.includes('ACK') ? [`Ack=${mod32(ack - peer.isn)}`] : []),
			`Win=${DEFAULT_WINDOW} Len=${payload.length}`,
			...(tcpOptions.length ? [showTcpOptions(tcpOptions)] : [])
		].join(' ');
		frames.push({ timestampMicros, bytes: frame.value.bytes, from, summary });
		return undefined;
	};

	const segments = function* (): Generator<[Side, TcpFlag[], Uint8Array?, TcpOption[]?]> {
		yield ['client', ['SYN'], empty, [{ kind: 'mss', value: mss }]];
		yield ['server', ['SYN', 'ACK'], empty, [{ kind: 'mss', value: mss }]];
		yield ['client', ['ACK']];
		for (const message of options.messages) {
			if (message.bytes.length === 0) continue;
			const receiver = other(message.from);
			let unacknowledged = 0;
			for (let at = 0; at < message.bytes.length; at += mss) {
				const chunk = message.bytes.subarray(at, at + mss);
				// Never fill the receiver's window: it acknowledges first (Wireshark would flag a full window).
				if (unacknowledged > 0 && unacknowledged + chunk.length >= DEFAULT_WINDOW) {
					yield [receiver, ['ACK']];
					unacknowledged = 0;
				}
				// PSH on the last segment of the message, where a sender's buffer runs empty.
				const last = at + mss >= message.bytes.length;
				yield [message.from, last ? ['PSH', 'ACK'] : ['ACK'], chunk];
				unacknowledged += chunk.length;
			}
			yield [receiver, ['ACK']];
		}
		yield ['client', ['FIN', 'ACK']];
		yield ['server', ['ACK']];
		yield ['server', ['FIN', 'ACK']];
		yield ['client', ['ACK']];
	};

	for (const [from, flags, payload, tcpOptions] of segments()) {
		const failed = send(from, flags, payload, tcpOptions);
		if (failed) return failed;
	}
	return ok(frames);
}
