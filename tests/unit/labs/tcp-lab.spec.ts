import { describe, expect, it } from 'vitest';
import { simulateOldDuplicateSyn, simulateTcpConnection } from '$lib/labs/tcp';
import {
	checkDraft,
	defaultDraft,
	draftFromQuery,
	keySteps,
	ladder,
	lossChoices,
	lossesInARow,
	queryFromInputs,
	relativeNumbers,
	runScenario,
	runUdp,
	tcpFacts,
	tcpLadderSteps,
	udpFacts,
	udpLadderSteps,
	type TcpLabInputs
} from '$lib/labs/tcp-lab';

const inputs = (over: Partial<TcpLabInputs> = {}): TcpLabInputs => {
	const checked = checkDraft(defaultDraft());
	if (!checked.ok) throw new Error('the default draft must be valid');
	return { ...checked.value, ...over };
};

describe('relative sequence numbers', () => {
	it("match Wireshark's relative view of an open, a request, a response and a close", () => {
		const run = simulateTcpConnection({ seed: 9 });
		const numbers = relativeNumbers(run.steps);
		const sent = run.steps.flatMap((s, i) => (s.kind === 'send' ? [`${s.from} ${s.segment!.flags.join('+')} ${numbers[i]}`] : []));
		expect(sent).toEqual([
			'A SYN seq=0',
			'B SYN+ACK seq=0 ack=1',
			'A ACK seq=1 ack=1',
			'A PSH+ACK seq=1 ack=1 len=37',
			'B ACK seq=1 ack=38',
			'B PSH+ACK seq=1 ack=38 len=27',
			'A ACK seq=38 ack=28',
			'A FIN+ACK seq=38 ack=28',
			'B ACK seq=28 ack=39',
			'B FIN+ACK seq=28 ack=39',
			'A ACK seq=39 ack=29'
		]);
		expect(numbers[0]).toBe('');
	});

	it('count an old duplicate SYN, and the answer to it, from the ISN of the connection A is really opening', () => {
		const run = simulateOldDuplicateSyn({ seed: 5 });
		const numbers = relativeNumbers(run.steps);
		const old = run.steps[2]!;
		const distance = (old.segment!.seq - run.isn.A) | 0;
		expect(distance).toBeLessThan(0);
		expect(numbers[2]).toBe(`seq=−${-distance}`);
		const labelled = run.steps.flatMap((s, i) => (s.kind === 'send' ? [`${s.from} ${s.segment!.flags.join('+')} ${numbers[i]}`] : []));
		// B answers the old SYN from an ISN of its own; A's RST carries the bad acknowledgement number back.
		expect(labelled).toEqual([
			'A SYN seq=0',
			`B SYN+ACK seq=0 ack=−${-distance - 1}`,
			`A RST seq=−${-distance - 1}`,
			'B SYN+ACK seq=0 ack=1',
			'A ACK seq=1 ack=1'
		]);
	});
});

describe('losses in a row', () => {
	const options = { seed: 1, close: 'A' as const };

	it('follow a segment through its retransmissions', () => {
		expect(lossesInARow(options, 0, 3)).toEqual([0, 1, 2]);
		const synAck = lossesInARow(options, 1, 2);
		const run = simulateTcpConnection({ ...options, lose: synAck });
		expect(synAck).toHaveLength(2);
		for (const i of synAck) expect(run.transmissions[i]).toMatchObject({ from: 'B', lost: true });
		expect(run.transmissions[synAck[1]!]!.segment.flags).toEqual(['SYN', 'ACK']);
		expect(run.transmissions[synAck[1]!]!.sentAtMs).toBe(1050);
	});

	it('stop at a pure ACK, which is never resent', () => {
		expect(lossesInARow(options, 2, 3)).toEqual([2]);
		const result = runScenario(inputs({ scenario: 'loss', lose: 2, times: 3 }));
		expect(result).toMatchObject({ lost: [2], fewerCopies: true });
		// The request's own ACK field completes the handshake instead.
		expect(result.run.final).toEqual({ A: 'CLOSED', B: 'CLOSED' });
	});

	it('make A give up when the SYN is lost 7 times', () => {
		const result = runScenario(inputs({ scenario: 'loss', lose: 0, times: 7 }));
		expect(result.lost).toEqual([0, 1, 2, 3, 4, 5, 6]);
		expect(result.run.final.A).toBe('CLOSED');
		expect(result.run.steps.at(-1)!.explanation.en).toContain('gives up');
	});
});

describe('scenarios', () => {
	it('time-wait: the last ACK is lost, B resends its FIN, and A (still in TIME-WAIT) acknowledges it again', () => {
		const { run, lost } = runScenario(inputs({ scenario: 'time-wait', timeWait: 'rfc' }));
		expect(run.transmissions[lost[0]!]!.segment.flags).toEqual(['ACK']);
		const last = run.transmissions.at(-1)!;
		expect(last).toMatchObject({ from: 'A', lost: false });
		expect(last.segment.flags).toEqual(['ACK']);
		expect(run.final).toEqual({ A: 'CLOSED', B: 'CLOSED' });
		expect(run.steps.some((s) => s.segment?.flags.includes('RST'))).toBe(false);
	});

	it('time-wait none: the resent FIN finds A closed, gets a reset, and B ends by a reset', () => {
		const { run } = runScenario(inputs({ scenario: 'time-wait', timeWait: 'none' }));
		const last = run.transmissions.at(-1)!;
		expect(last.from).toBe('A');
		expect(last.segment.flags).toEqual(['RST']);
		expect(run.steps.at(-1)!.explanation.en).toContain('reset the connection');
	});

	it('simultaneous close and the old duplicate SYN run their engines', () => {
		const sim = runScenario(inputs({ scenario: 'simultaneous' })).run;
		expect(sim.steps.filter((s) => s.states.A === 'CLOSING').length).toBeGreaterThan(0);
		const old = runScenario(inputs({ scenario: 'old-syn', seed: 5 })).run;
		expect(old).toEqual(simulateOldDuplicateSyn({ seed: 5 }));
	});

	it('offers every segment of the run without loss to drop, in Wireshark terms', () => {
		const choices = lossChoices({ seed: 1, close: 'A' });
		expect(choices).toHaveLength(11);
		expect(choices[0]).toEqual({ index: 0, label: '1. A → B [SYN] seq=0' });
		expect(choices[1]).toEqual({ index: 1, label: '2. B → A [SYN, ACK] seq=0 ack=1' });
		expect(choices[10]).toEqual({ index: 10, label: '11. A → B [ACK] seq=39 ack=29' });
	});
});

describe('the form and the address', () => {
	it('round-trips checked inputs through the query, with the step', () => {
		const cases: TcpLabInputs[] = [
			inputs(),
			inputs({ scenario: 'loss', lose: 7, times: 2, close: 'B', seed: 4294967295 }),
			inputs({ scenario: 'time-wait', timeWait: 'none', udpLose: 'request', udpRetry: true }),
			inputs({ scenario: 'old-syn', udpLose: 'none' })
		];
		for (const value of cases) {
			const query = queryFromInputs(value, 4);
			const back = draftFromQuery(new URLSearchParams(query));
			expect(back.step).toBe(4);
			const checked = checkDraft(back.draft);
			expect(checked.ok).toBe(true);
			if (checked.ok && value.scenario === 'loss') expect(checked.value).toEqual(value);
			if (checked.ok) expect(queryFromInputs(checked.value, 4)).toBe(query);
		}
		expect(queryFromInputs(inputs({ scenario: 'loss', lose: 1, times: 1 }))).toBe('?s=loss&close=A&lose=1&times=1&seed=1&udp=answer&step=1');
	});

	it('answers bad values with a message per field, in both languages', () => {
		const { draft, step } = draftFromQuery(new URLSearchParams('s=loss&lose=99&times=0&seed=x&step=abc'));
		expect(step).toBe(0);
		const checked = checkDraft(draft);
		expect(checked.ok).toBe(false);
		if (checked.ok) return;
		expect(Object.keys(checked.errors).sort()).toEqual(['lose', 'seed', 'times']);
		expect(checked.errors.lose!.en).toBe('Pick one of the 11 segments of the connection.');
		expect(checked.errors.times!.en).toBe('Enter a whole number from 1 to 7.');
		expect(checked.errors.seed!['zh-CN']).toMatch(/整数/);
	});

	it('ignores the loss fields outside the loss scenario, and unknown values', () => {
		const { draft } = draftFromQuery(new URLSearchParams('s=nope&lose=99&close=C&tw=forever&udp=all'));
		expect(draft).toMatchObject({ scenario: 'normal', close: 'A', timeWait: 'rfc', udpLose: 'answer' });
		expect(checkDraft(draft).ok).toBe(true);
	});
});

describe('the ladder', () => {
	it('draws the normal run: eleven arrows, the states where they change, and TIME-WAIT on A for 2 MSL', () => {
		const run = simulateTcpConnection({ seed: 1 });
		const l = ladder(tcpLadderSteps(run));
		expect(l.rows).toBe(run.steps.length);
		expect(l.arrows).toHaveLength(11);
		expect(l.arrows.every((a) => !a.lost && a.startRow !== null && a.endRow > a.startRow)).toBe(true);
		expect(l.arrows[0]).toMatchObject({ from: 'A', to: 'B', startRow: 1, endRow: 2, label: '[SYN]', numbers: 'seq=0' });
		expect(l.states![2]).toEqual({ A: 'SYN-SENT', B: 'SYN-RECEIVED', changed: { A: false, B: true } });
		expect(l.marks).toEqual([
			{ peer: 'B', row: 0, kind: 'listen' },
			{ peer: 'A', row: l.rows - 1, kind: 'time-wait-end' }
		]);
		expect(l.timers).toEqual([{ peer: 'A', fromRow: l.states!.findIndex((s) => s.A === 'TIME-WAIT'), toRow: l.rows - 1, kind: 'time-wait', ms: 240_000 }]);
	});

	it('draws a lost SYN-ACK as an arrow that stops, and the RTO that resends it', () => {
		const { run } = runScenario(inputs({ scenario: 'loss', lose: 1, times: 1 }));
		const l = ladder(tcpLadderSteps(run));
		const lost = l.arrows.filter((a) => a.lost);
		expect(lost).toEqual([{ from: 'B', to: 'A', startRow: 3, endRow: 4, lost: true, retransmission: false, label: '[SYN, ACK]', numbers: 'seq=0 ack=1' }]);
		const rto = l.timers.filter((t) => t.kind === 'rto');
		expect(rto.map((t) => [t.peer, t.fromRow, t.ms])).toEqual([
			['A', 1, 1000],
			['B', 3, 1000]
		]);
	});

	it('draws the old duplicate SYN from off-stage', () => {
		const l = ladder(tcpLadderSteps(simulateOldDuplicateSyn({ seed: 5 })));
		expect(l.arrows[0]).toMatchObject({ from: 'A', to: 'B', startRow: null, endRow: 2, label: '[SYN]' });
		// The new SYN was sent at row 1 and arrives after the RST: the longest arrow.
		expect(l.arrows.find((a) => a.startRow === 1)!.endRow).toBe(7);
	});

	it('draws UDP without states, and the application timer of its retry', () => {
		const steps = runUdp({ udpLose: 'answer', udpRetry: true });
		const l = ladder(udpLadderSteps(steps));
		expect(l.states).toBeNull();
		expect(l.arrows.map((a) => `${a.from}${a.lost ? ' lost' : ''} ${a.numbers}`)).toEqual(['A len=37', 'B lost len=27', 'A len=37', 'B len=27']);
		expect(l.timers).toEqual([{ peer: 'A', fromRow: 0, toRow: 5, kind: 'app', ms: 1000 }]);
		expect(l.marks).toEqual([{ peer: 'A', row: 4, kind: 'app-retry' }]);
	});
});

describe('TCP and UDP compared', () => {
	it('UDP answers a round trip sooner; a lost datagram is simply missing unless the application asks again', () => {
		expect(tcpFacts(simulateTcpConnection({ seed: 1 }))).toEqual({ packets: 11, answerAtMs: 200 });
		expect(udpFacts(runUdp({ udpLose: 'none', udpRetry: false }))).toEqual({ packets: 2, answerAtMs: 100 });
		expect(udpFacts(runUdp({ udpLose: 'answer', udpRetry: false }))).toEqual({ packets: 2, answerAtMs: null });
		expect(udpFacts(runUdp({ udpLose: 'request', udpRetry: false }))).toEqual({ packets: 1, answerAtMs: null });
		expect(udpFacts(runUdp({ udpLose: 'answer', udpRetry: true }))).toEqual({ packets: 4, answerAtMs: 1100 });
		// TCP recovers the same loss by itself: the response is resent after B's RTO.
		const lostResponse = runScenario(inputs({ scenario: 'loss', lose: 5, times: 1 })).run;
		expect(lostResponse.transmissions[5]!.segment.length).toBe(27);
		expect(tcpFacts(lostResponse).answerAtMs).toBe(1200);
		expect(tcpFacts(simulateOldDuplicateSyn()).answerAtMs).toBeNull();
	});
});

describe('the steps the notes point at', () => {
	it('finds the old SYN, the answer to it and the reset; and the FIN resent into TIME-WAIT', () => {
		const old = simulateOldDuplicateSyn({ seed: 5 });
		expect(keySteps(old)).toEqual({ oldSyn: 2, answerToOld: 3, reset: 5, finAgain: undefined });
		const { run } = runScenario(inputs({ scenario: 'time-wait' }));
		const again = keySteps(run).finAgain!;
		expect(run.steps[again]).toMatchObject({ kind: 'arrive', to: 'A', retransmission: true });
		expect(run.steps[again]!.states.A).toBe('TIME-WAIT');
		expect(keySteps(simulateTcpConnection())).toEqual({ oldSyn: undefined, answerToOld: undefined, reset: undefined, finAgain: undefined });
	});
});
