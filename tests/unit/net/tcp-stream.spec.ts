import { describe, expect, it } from 'vitest';
import { equalBytes } from '$lib/bytes/encoding';
import type { Result } from '$lib/errors';
import { ipv4PseudoHeader, onesComplementSum } from '$lib/net/checksum';
import type { NetErrorCode } from '$lib/net/packets';
import { DEFAULT_START_MICROS, tcpConversation, type CapturedFrame, type ConversationOptions } from '$lib/net/tcp-stream';

const encode = (text: string) => new TextEncoder().encode(text);
const request = encode('GET / HTTP/1.1\r\nHost: example.test\r\n\r\n');
const response = encode(`HTTP/1.1 200 OK\r\nContent-Length: 3000\r\n\r\n${'x'.repeat(3000)}`);

function run(options: ConversationOptions): CapturedFrame[] {
	const result = tcpConversation(options);
	if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message.en}`);
	return result.value;
}

/** The TCP header fields of an Ethernet/IPv4/TCP frame, read back from its bytes. */
function tcpOf(frame: CapturedFrame) {
	const view = new DataView(frame.bytes.buffer, frame.bytes.byteOffset);
	const headerLength = (frame.bytes[46]! >> 4) * 4;
	return { seq: view.getUint32(38), ack: view.getUint32(42), flags: frame.bytes[47]!, window: view.getUint16(48), data: frame.bytes.subarray(34 + headerLength) };
}

describe('tcpConversation', () => {
	const frames = run({ messages: [{ from: 'client', bytes: request }, { from: 'server', bytes: response }] });

	it('opens, carries both messages in MSS-sized segments with an ACK after each, and closes', () => {
		expect(frames.map((f) => `${f.from}: ${f.summary}`)).toEqual([
			'client: 49152 → 443 [SYN] Seq=0 Win=65535 Len=0 MSS=1460',
			'server: 443 → 49152 [SYN, ACK] Seq=0 Ack=1 Win=65535 Len=0 MSS=1460',
			'client: 49152 → 443 [ACK] Seq=1 Ack=1 Win=65535 Len=0',
			`client: 49152 → 443 [PSH, ACK] Seq=1 Ack=1 Win=65535 Len=${request.length}`,
			'server: 443 → 49152 [ACK] Seq=1 Ack=39 Win=65535 Len=0',
			'server: 443 → 49152 [ACK] Seq=1 Ack=39 Win=65535 Len=1460',
			'server: 443 → 49152 [ACK] Seq=1461 Ack=39 Win=65535 Len=1460',
			`server: 443 → 49152 [PSH, ACK] Seq=2921 Ack=39 Win=65535 Len=${response.length - 2920}`,
			`client: 49152 → 443 [ACK] Seq=39 Ack=${response.length + 1} Win=65535 Len=0`,
			`client: 49152 → 443 [FIN, ACK] Seq=39 Ack=${response.length + 1} Win=65535 Len=0`,
			`server: 443 → 49152 [ACK] Seq=${response.length + 1} Ack=40 Win=65535 Len=0`,
			`server: 443 → 49152 [FIN, ACK] Seq=${response.length + 1} Ack=40 Win=65535 Len=0`,
			`client: 49152 → 443 [ACK] Seq=40 Ack=${response.length + 2} Win=65535 Len=0`
		]);
		expect(request.length).toBe(38);
	});

	it('writes real numbers and checksums into every frame', () => {
		const isn = { client: 0x1f2e3d4c, server: 0x6a5b4c3d };
		expect(tcpOf(frames[0]!).seq).toBe(isn.client);
		expect(tcpOf(frames[1]!)).toMatchObject({ seq: isn.server, ack: isn.client + 1, flags: 0x12 });
		expect(tcpOf(frames[5]!)).toMatchObject({ seq: isn.server + 1, ack: isn.client + 1 + request.length, flags: 0x10, window: 0xffff });
		for (const frame of frames) {
			expect(onesComplementSum(frame.bytes.subarray(14, 34)), frame.summary).toBe(0xffff);
			const segment = frame.bytes.subarray(34);
			const pseudo = ipv4PseudoHeader(frame.bytes.subarray(26, 30), frame.bytes.subarray(30, 34), 6, segment.length);
			expect(onesComplementSum(pseudo, segment), frame.summary).toBe(0xffff);
		}
		const sent = (from: 'client' | 'server') => frames.filter((f) => f.from === from).map((f) => tcpOf(f).data);
		expect(equalBytes(Buffer.concat(sent('server')), response)).toBe(true);
		expect(equalBytes(Buffer.concat(sent('client')), request)).toBe(true);
	});

	it('moves the clock half a round trip each time the other side speaks', () => {
		const t = frames.map((f) => (f.timestampMicros - DEFAULT_START_MICROS) / 1000);
		expect(t).toEqual([0, 10, 20, 20, 30, 30, 30, 30, 40, 40, 50, 50, 60]);
		const slow = run({ messages: [{ from: 'server', bytes: encode('220 ready\r\n') }], rttMicros: 100_000, startMicros: 5 });
		// A server that speaks first does so once the handshake's last ACK has reached it.
		expect(slow.slice(0, 5).map((f) => [f.from, f.timestampMicros])).toEqual([
			['client', 5],
			['server', 50_005],
			['client', 100_005],
			['server', 150_005],
			['client', 200_005]
		]);
	});

	it('is the same bytes every time', () => {
		const again = run({ messages: [{ from: 'client', bytes: request }, { from: 'server', bytes: response }] });
		expect(again.length).toBe(frames.length);
		again.forEach((f, i) => expect(equalBytes(f.bytes, frames[i]!.bytes)).toBe(true));
	});

	it('takes endpoints, MSS and sequence numbers that wrap past 2^32', () => {
		const wrapped = run({
			client: { mac: '02:00:00:00:00:0a', ip: '10.1.1.1', port: 50000 },
			server: { mac: '02:00:00:00:00:0b', ip: '10.2.2.2', port: 8080 },
			messages: [{ from: 'client', bytes: new Uint8Array(2500).fill(1) }, { from: 'client', bytes: new Uint8Array(0) }],
			mss: 1000,
			isn: { client: 0xfffffffe, server: 0 }
		});
		const data = wrapped.filter((f) => tcpOf(f).data.length > 0);
		expect(data.map((f) => [tcpOf(f).seq, tcpOf(f).data.length, f.summary.includes('PSH')])).toEqual([
			[0xffffffff, 1000, false],
			[999, 1000, false],
			[1999, 500, true]
		]);
		expect(wrapped[0]!.summary).toBe('50000 → 8080 [SYN] Seq=0 Win=65535 Len=0 MSS=1000');
		expect(wrapped.length).toBe(3 + 3 + 1 + 4); // the empty message sends nothing
	});

	it('acknowledges before the sender could fill the receiver’s window', () => {
		const big = run({ messages: [{ from: 'client', bytes: new Uint8Array(200_000) }] });
		let sent = 0;
		let unacknowledged = 0;
		let acks = 0;
		// Between the handshake and the teardown: the client's data and the server's ACKs.
		for (const f of big.slice(3, -4)) {
			if (f.from === 'client') {
				sent += tcpOf(f).data.length;
				unacknowledged += tcpOf(f).data.length;
			} else {
				expect(tcpOf(f).ack - 0x1f2e3d4c - 1).toBe(sent);
				unacknowledged = 0;
				acks++;
			}
			expect(unacknowledged).toBeLessThan(65535);
		}
		expect(sent).toBe(200_000);
		expect(acks).toBeGreaterThan(3);
	});

	it('refuses options it cannot honour, with a readable error', () => {
		const bad = (options: Partial<ConversationOptions>, code: NetErrorCode, mentions: string) => {
			const result: Result<CapturedFrame[], NetErrorCode> = tcpConversation({ messages: [], ...options });
			expect(result.ok).toBe(false);
			if (result.ok) return;
			expect(result.error.code).toBe(code);
			expect(result.error.message.en).toContain(mentions);
			expect(result.error.message['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
		};
		bad({ mss: 0 }, 'bad-value', 'MSS');
		bad({ mss: 65496 }, 'bad-value', '65496');
		bad({ rttMicros: -1 }, 'bad-value', 'round-trip');
		bad({ client: { mac: '02:00:00:00:00:01', ip: '192.0.2.1000', port: 1 } }, 'bad-ipv4', '192.0.2.1000');
		bad({ server: { mac: '02:00:00:00:00:02', ip: '198.51.100.1', port: 65536 } }, 'bad-port', '65536');
		bad({ isn: { client: -1, server: 0 } }, 'bad-value', 'sequence number');
	});
});
