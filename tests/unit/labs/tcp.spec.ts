import { describe, expect, it } from 'vitest';
import { simulateOldDuplicateSyn, simulateTcpConnection, simulateUdp, type PeerId, type TcpRun, type TcpState } from '$lib/labs/tcp';

/** The states one endpoint passes through, starting from CLOSED, without repeats. */
function path(run: TcpRun, peer: PeerId): TcpState[] {
	const states: TcpState[] = ['CLOSED'];
	for (const step of run.steps) if (step.states[peer] !== states.at(-1)) states.push(step.states[peer]);
	return states;
}

const sends = (run: TcpRun) => run.steps.filter((s) => s.kind === 'send');
const flags = (run: TcpRun) => sends(run).map((s) => `${s.from}:${s.segment!.flags.join('+')}`);

describe('TCP connection', () => {
	it('walks both ends through the handshake and teardown of RFC 9293 (sections 3.5 and 3.6)', () => {
		const run = simulateTcpConnection({ mslMs: 1000 });
		expect(path(run, 'A')).toEqual(['CLOSED', 'SYN-SENT', 'ESTABLISHED', 'FIN-WAIT-1', 'FIN-WAIT-2', 'TIME-WAIT', 'CLOSED']);
		expect(path(run, 'B')).toEqual(['CLOSED', 'LISTEN', 'SYN-RECEIVED', 'ESTABLISHED', 'CLOSE-WAIT', 'LAST-ACK', 'CLOSED']);
		expect(flags(run)).toEqual(['A:SYN', 'B:SYN+ACK', 'A:ACK', 'A:PSH+ACK', 'B:ACK', 'B:PSH+ACK', 'A:ACK', 'A:FIN+ACK', 'B:ACK', 'B:FIN+ACK', 'A:ACK']);
		expect(run.final).toEqual({ A: 'CLOSED', B: 'CLOSED' });
	});

	it('numbers the handshake from the seeded ISNs: SYN and FIN each take one', () => {
		const run = simulateTcpConnection({ seed: 42, request: 'hello', response: 'hi' });
		const [syn, synAck, ack, data] = sends(run).map((s) => s.segment!);
		const { A, B } = run.isn;
		expect(syn).toMatchObject({ seq: A, ack: null });
		expect(synAck).toMatchObject({ seq: B, ack: (A + 1) >>> 0 });
		expect(ack).toMatchObject({ seq: (A + 1) >>> 0, ack: (B + 1) >>> 0, length: 0 });
		expect(data).toMatchObject({ seq: (A + 1) >>> 0, length: 5, data: 'hello' });
		const finA = sends(run).find((s) => s.from === 'A' && s.segment!.flags.includes('FIN'))!.segment!;
		expect(finA.seq).toBe((A + 1 + 5) >>> 0);
		const lastAck = sends(run).at(-1)!.segment!;
		expect(lastAck.ack).toBe((B + 1 + 2 + 1) >>> 0);
		expect(simulateTcpConnection({ seed: 42 }).isn).toEqual(run.isn);
		expect(simulateTcpConnection({ seed: 43 }).isn).not.toEqual(run.isn);
	});

	it('lets B close first, and then B waits in TIME-WAIT', () => {
		const run = simulateTcpConnection({ close: 'B', mslMs: 1000 });
		expect(path(run, 'B')).toEqual(['CLOSED', 'LISTEN', 'SYN-RECEIVED', 'ESTABLISHED', 'FIN-WAIT-1', 'FIN-WAIT-2', 'TIME-WAIT', 'CLOSED']);
		expect(path(run, 'A')).toEqual(['CLOSED', 'SYN-SENT', 'ESTABLISHED', 'CLOSE-WAIT', 'LAST-ACK', 'CLOSED']);
	});

	it('takes both ends of a simultaneous close through CLOSING to TIME-WAIT', () => {
		const run = simulateTcpConnection({ close: 'simultaneous', mslMs: 1000 });
		for (const peer of ['A', 'B'] as const)
			expect(path(run, peer).slice(-5)).toEqual(['ESTABLISHED', 'FIN-WAIT-1', 'CLOSING', 'TIME-WAIT', 'CLOSED']);
		const fins = sends(run).filter((s) => s.segment!.flags.includes('FIN'));
		expect(fins.map((s) => [s.from, s.timeMs])).toEqual([
			['A', fins[0]!.timeMs],
			['B', fins[0]!.timeMs]
		]);
	});

	it('retransmits a dropped SYN-ACK after the RTO and still connects', () => {
		const rtoMs = 700;
		const run = simulateTcpConnection({ lose: [1], rtoMs, mslMs: 1000 });
		expect(run.transmissions[1]).toMatchObject({ from: 'B', lost: true });
		expect(run.transmissions[1]!.segment.flags).toEqual(['SYN', 'ACK']);
		const lost = run.steps.find((s) => s.kind === 'lost')!;
		expect(lost.transmission).toBe(1);
		const again = sends(run).find((s) => s.retransmission && s.from === 'B')!;
		expect(again.segment).toEqual(run.transmissions[1]!.segment);
		expect(again.timeMs).toBe(run.transmissions[1]!.sentAtMs + rtoMs);
		expect(again.explanation.en).toContain(`RTO = ${rtoMs} ms`);
		expect(again.explanation.en).toContain(`${2 * rtoMs} ms`);
		expect(path(run, 'A')).toEqual(['CLOSED', 'SYN-SENT', 'ESTABLISHED', 'FIN-WAIT-1', 'FIN-WAIT-2', 'TIME-WAIT', 'CLOSED']);
		expect(run.final).toEqual({ A: 'CLOSED', B: 'CLOSED' });
	});

	it('retransmits lost data, and the receiver acknowledges it once', () => {
		const run = simulateTcpConnection({ lose: [3], mslMs: 1000 });
		expect(run.transmissions[3]!.segment.flags).toEqual(['PSH', 'ACK']);
		const copies = run.transmissions.filter((t) => t.from === 'A' && t.segment.length > 0);
		expect(copies.map((t) => [t.lost, t.retransmission])).toEqual([
			[true, false],
			[false, true]
		]);
		expect(run.final).toEqual({ A: 'CLOSED', B: 'CLOSED' });
	});

	it('ends TIME-WAIT exactly 2 MSL after it starts', () => {
		const mslMs = 1234;
		const run = simulateTcpConnection({ mslMs });
		const start = run.steps.find((s) => s.states.A === 'TIME-WAIT')!;
		const end = run.steps.find((s) => s.kind === 'timer' && s.from === 'A')!;
		expect(end.states.A).toBe('CLOSED');
		expect(end.timeMs - start.timeMs).toBe(2 * mslMs);
	});

	it('answers a FIN resent because the last ACK was lost, and restarts TIME-WAIT', () => {
		const mslMs = 1000;
		const lastAck = simulateTcpConnection({ mslMs }).transmissions.length - 1;
		const run = simulateTcpConnection({ mslMs, lose: [lastAck] });
		const finAgain = sends(run).find((s) => s.from === 'B' && s.retransmission)!;
		expect(finAgain.segment!.flags).toEqual(['FIN', 'ACK']);
		const reAck = sends(run).filter((s) => s.from === 'A').at(-1)!;
		expect(reAck.states.A).toBe('TIME-WAIT');
		expect(reAck.timeMs).toBeGreaterThan(finAgain.timeMs);
		const end = run.steps.find((s) => s.kind === 'timer' && s.from === 'A')!;
		expect(end.timeMs - reAck.timeMs).toBe(2 * mslMs);
		expect(run.final).toEqual({ A: 'CLOSED', B: 'CLOSED' });
	});

	it('gives up after too many retransmissions', () => {
		const run = simulateTcpConnection({ lose: [0, 1, 2, 3], maxRetransmissions: 3 });
		expect(run.transmissions.every((t) => t.from === 'A' && t.segment.flags.join() === 'SYN')).toBe(true);
		expect(run.transmissions).toHaveLength(4);
		expect(run.final.A).toBe('CLOSED');
		expect(run.steps.at(-1)!.explanation.en).toContain('gives up');
	});

	it('backs off 1, 2, 4 … s and stops doubling at the 60 s ceiling', () => {
		const run = simulateTcpConnection({ lose: [0, 1, 2, 3, 4, 5, 6] });
		expect(run.transmissions.map((t) => t.sentAtMs)).toEqual([0, 1000, 3000, 7000, 15_000, 31_000, 63_000]);
		const last = sends(run).at(-1)!;
		expect(last.explanation.en).toContain('RTO = 32000 ms');
		expect(last.explanation.en).toContain('to 60000 ms (the ceiling: 60000 ms)');
		expect(sends(run)[1]!.explanation.en).not.toContain('ceiling');
		expect(run.steps.at(-1)!.timeMs).toBe(123_000);
	});

	it('explains every step in both languages', () => {
		for (const run of [simulateTcpConnection({ lose: [1, 7] }), simulateTcpConnection({ close: 'simultaneous' }), simulateOldDuplicateSyn()])
			for (const step of run.steps) {
				expect(step.explanation.en.length).toBeGreaterThan(10);
				expect(step.explanation['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
			}
	});
});

describe('old duplicate SYN (RFC 9293 section 3.5, figure 8)', () => {
	it('ends with an RST and a clean handshake', () => {
		const run = simulateOldDuplicateSyn({ seed: 5 });
		const old = run.steps[2]!;
		expect(old).toMatchObject({ kind: 'arrive', from: 'A', to: 'B', transmission: null });
		expect(old.segment!.seq).not.toBe(run.isn.A);
		const seen = run.steps.filter((s) => s.kind === 'send' || (s.kind === 'arrive' && s.transmission === null)).map((s) => `${s.from}:${s.segment!.flags.join('+')}`);
		expect(seen).toEqual(['A:SYN', 'A:SYN', 'B:SYN+ACK', 'A:RST', 'B:SYN+ACK', 'A:ACK']);
		const [, badSynAck, rst, goodSynAck] = sends(run).map((s) => s.segment!);
		expect(badSynAck!.ack).toBe((old.segment!.seq + 1) >>> 0);
		expect(rst!.seq).toBe(badSynAck!.ack);
		expect(goodSynAck!.ack).toBe((run.isn.A + 1) >>> 0);
		expect(path(run, 'A')).toEqual(['CLOSED', 'SYN-SENT', 'ESTABLISHED']);
		expect(path(run, 'B')).toEqual(['CLOSED', 'LISTEN', 'SYN-RECEIVED', 'LISTEN', 'SYN-RECEIVED', 'ESTABLISHED']);
		expect(run.transmissions.some((t) => t.retransmission)).toBe(false);
	});
});

describe('UDP', () => {
	it('loses a datagram for good: no retransmission, no answer', () => {
		const { steps } = simulateUdp({ messages: ['q1', 'q2', 'q3'], lose: [2] });
		// Transmissions in order: q1 (0), its answer (1), q2 (2), ...
		const sent = steps.filter((s) => s.kind === 'send');
		expect(steps.filter((s) => s.kind === 'lost').map((s) => s.datagram!.data)).toEqual(['q2']);
		expect(sent.map((s) => s.datagram!.data)).toEqual(['q1', 'answer to q1', 'q2', 'q3', 'answer to q3']);
		expect(sent[0]!.datagram).toMatchObject({ sourcePort: 50_000, destinationPort: 9_000, length: 10 });
		expect(steps.some((s) => s.kind === 'timer' || s.retry)).toBe(false);
		for (const s of steps) expect(s.explanation['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
	});

	it("answers with the application's own answer", () => {
		const { steps } = simulateUdp({ messages: ['ping'], answer: () => 'pong' });
		expect(steps.map((s) => `${s.kind}:${s.from}:${s.datagram!.data}@${s.timeMs}`)).toEqual(['send:A:ping@0', 'arrive:A:ping@50', 'send:B:pong@50', 'arrive:B:pong@100']);
	});

	it('leaves retrying to the application: after its own timeout it sends the request again', () => {
		// The answer (transmission 1) is lost; A's application waits 1000 ms and asks again.
		const { steps } = simulateUdp({ messages: ['q'], answer: () => 'a', lose: [1], retryAfterMs: 1000 });
		expect(steps.map((s) => `${s.timeMs} ${s.kind} ${s.from}${s.retry ? ' retry' : ''}`)).toEqual([
			'0 send A',
			'50 arrive A',
			'50 send B',
			'100 lost B',
			'1000 timer A retry',
			'1000 send A retry',
			'1050 arrive A retry',
			'1050 send B',
			'1100 arrive B'
		]);
		expect(steps[4]!.explanation.en).toContain("application (its own timer, not UDP's");
	});

	it('gives up after the retries when everything is lost', () => {
		const { steps } = simulateUdp({ messages: ['q'], lose: [0, 1, 2], retryAfterMs: 500, retries: 2 });
		expect(steps.filter((s) => s.kind === 'send').map((s) => s.timeMs)).toEqual([0, 500, 1000]);
		const last = steps.at(-1)!;
		expect(last).toMatchObject({ kind: 'timer', timeMs: 1500, retry: false });
		expect(last.explanation.en).toContain('gives up');
	});
});
