import { describe, expect, it } from 'vitest';
import {
	LIMITS,
	captionFacts,
	chartSeries,
	checkDraft,
	checkRemoval,
	compareRemoval,
	defaultDraft,
	defaultRemovalDraft,
	draftFromQuery,
	parseWhole,
	queryFromInputs,
	runLab,
	summarize,
	type LbDraft,
	type LbInputs
} from '$lib/labs/lb-lab';

const CJK = /[\u4e00-\u9fff]/;
const checked = (draft: LbDraft): LbInputs => {
	const result = checkDraft(draft);
	if (!result.ok) throw new Error(JSON.stringify(result.errors));
	return result.value;
};
const errorsOf = (patch: Partial<LbDraft>) => {
	const result = checkDraft({ ...defaultDraft(), ...patch });
	return result.ok ? {} : result.errors;
};

describe('checking the form', () => {
	it('accepts the defaults', () => {
		expect(checked(defaultDraft())).toEqual({
			algorithm: 'round-robin',
			servers: [
				{ capacity: 100, weight: 1, up: true },
				{ capacity: 100, weight: 1, up: true },
				{ capacity: 100, weight: 1, up: true }
			],
			rate: 150,
			variability: 100,
			sticky: 0,
			seed: 42,
			duration: 40,
			failure: { server: 2, downAt: 10, upAt: 20 }
		});
	});

	it('reads whole numbers only, within range', () => {
		expect(parseWhole(' 12 ', 1, 20)).toBe(12);
		for (const bad of ['', '12.5', '1e3', '-1', 'abc', '0x10', '21']) expect(parseWhole(bad, 1, 20), bad).toBeUndefined();
		expect(parseWhole('4294967295', 0, LIMITS.seed.max)).toBe(4294967295);
		expect(parseWhole('4294967296', 0, LIMITS.seed.max)).toBeUndefined();
	});

	it('says what is wrong with each field, in both languages', () => {
		const servers = defaultDraft().servers;
		servers[1] = { capacity: '0', weight: 'x', up: true };
		const errors = errorsOf({ rate: '', variability: '101', sticky: '-5', seed: '1.5', duration: '5', servers });
		expect(Object.keys(errors).sort()).toEqual(['capacity-1', 'duration', 'rate', 'seed', 'sticky', 'variability', 'weight-1']);
		expect(errors['capacity-1']!.en).toBe('Enter a whole number from 1 to 1 000.');
		for (const message of Object.values(errors)) expect(message!['zh-CN']).toMatch(CJK);
	});

	it('bounds a run: too many requests, no server up, a failure that cannot happen', () => {
		expect(errorsOf({ rate: '2000', duration: '120' }).rate!.en).toContain('240 000');
		expect(errorsOf({ rate: '251', duration: '120' })).toEqual({ rate: expect.anything() });
		expect(errorsOf({ rate: '250', duration: '120' })).toEqual({});
		expect(errorsOf({ rate: '250', duration: '125' })).toEqual({ duration: expect.anything() });
		const allDown = defaultDraft().servers.map((s) => ({ ...s, up: false }));
		expect(Object.keys(errorsOf({ servers: allDown, failServer: 0 }))).toEqual(['servers']);
		const secondDown = defaultDraft().servers.map((s, i) => ({ ...s, up: i !== 1 }));
		expect(errorsOf({ servers: secondDown }).failServer!.en).toContain('s2 is already down');
		expect(Object.keys(errorsOf({ failAt: '40' }))).toEqual(['failAt']);
		expect(errorsOf({ recoverAt: '10' }).recoverAt!.en).toContain('from 11 to 40');
		expect(errorsOf({ recoverAt: '41' }).recoverAt).toBeDefined();
		expect(checked({ ...defaultDraft(), recoverAt: '' }).failure).toEqual({ server: 2, downAt: 10, upAt: undefined });
		expect(checked({ ...defaultDraft(), failServer: 0, failAt: 'ignored' }).failure).toBeUndefined();
		expect(Object.keys(errorsOf({ failServer: 4 }))).toEqual(['failServer']);
	});
});

describe('the address of a run', () => {
	it('round-trips every input through the query', () => {
		const inputs: LbInputs = {
			algorithm: 'smooth-weighted-round-robin',
			servers: [
				{ capacity: 100, weight: 5, up: true },
				{ capacity: 50, weight: 1, up: false },
				{ capacity: 50, weight: 1, up: true },
				{ capacity: 7, weight: 3, up: true }
			],
			rate: 70,
			variability: 30,
			sticky: 25,
			seed: 4294967295,
			duration: 60,
			failure: { server: 4, downAt: 5, upAt: undefined }
		};
		const query = queryFromInputs(inputs);
		expect(query).toBe('?alg=smooth-weighted-round-robin&servers=100x5%2C50x1-down%2C50x1%2C7x3&rate=70&var=30&sticky=25&seed=4294967295&dur=60&fail=4&down=5');
		expect(checked(draftFromQuery(new URLSearchParams(query)))).toEqual(inputs);
		const noFailure = { ...inputs, failure: undefined };
		expect(checked(draftFromQuery(new URLSearchParams(queryFromInputs(noFailure))))).toEqual(noFailure);
		const defaults = checked(defaultDraft());
		expect(checked(draftFromQuery(new URLSearchParams(queryFromInputs(defaults))))).toEqual(defaults);
	});

	it('fills in what is missing and keeps what is malformed for the form to flag', () => {
		expect(draftFromQuery(new URLSearchParams(''))).toEqual(defaultDraft());
		const draft = draftFromQuery(new URLSearchParams('alg=nope&servers=abc,5x&rate=lots'));
		expect(draft.algorithm).toBe('round-robin');
		expect(draft.servers).toEqual([
			{ capacity: 'abc', weight: '', up: true },
			{ capacity: '5', weight: '', up: true },
			{ capacity: '100', weight: '1', up: true }
		]);
		const result = checkDraft(draft);
		expect(result.ok).toBe(false);
		if (!result.ok) expect(Object.keys(result.errors).sort()).toEqual(['capacity-0', 'rate', 'weight-0', 'weight-1']);
		// More than six servers: the first six.
		expect(draftFromQuery(new URLSearchParams('servers=' + Array(9).fill('10x1').join(','))).servers).toHaveLength(LIMITS.servers.max);
	});
});

describe('reading a run', () => {
	const base = checked({ ...defaultDraft(), failServer: 0 });

	it('gives smooth weighted round robin shares that follow the weights 5:1:1', () => {
		const inputs: LbInputs = {
			...base,
			algorithm: 'smooth-weighted-round-robin',
			rate: 70,
			servers: [
				{ capacity: 100, weight: 5, up: true },
				{ capacity: 50, weight: 1, up: true },
				{ capacity: 50, weight: 1, up: true }
			]
		};
		const summary = summarize(runLab(inputs), inputs.duration * 1000);
		const shares = summary.servers.map((s) => s.share);
		expect(shares[0]).toBeCloseTo(5 / 7, 2);
		expect(shares[1]).toBeCloseTo(1 / 7, 2);
		expect(shares[2]).toBeCloseTo(1 / 7, 2);
		expect(summary.outage).toBeUndefined();
		expect(summary.servers[0]!.shareDuringOutage).toBeUndefined();
		const roundRobin = summarize(runLab({ ...inputs, algorithm: 'round-robin' }), inputs.duration * 1000);
		for (const s of roundRobin.servers) expect(s.share).toBeCloseTo(1 / 3, 2);
	});

	it('counts the whole run: totals, percentiles, drops', () => {
		const summary = summarize(runLab(base), base.duration * 1000);
		expect(summary.arrived).toBeGreaterThan(150 * 40 * 0.9);
		expect(summary.servers.reduce((n, s) => n + s.assigned, 0)).toBe(summary.arrived - summary.unrouted);
		expect(summary.servers.reduce((n, s) => n + s.completed, 0)).toBe(summary.completed);
		expect(summary.servers.reduce((n, s) => n + s.dropped, 0)).toBe(summary.dropped);
		expect(summary.p99Ms!).toBeGreaterThanOrEqual(summary.p50Ms!);
		for (const s of summary.servers) expect(s.p99Ms!).toBeGreaterThanOrEqual(s.p50Ms!);
	});

	it('shows the failed server at 0 while it is out of rotation, and back after', () => {
		const inputs = checked(defaultDraft());
		const run = runLab(inputs);
		const summary = summarize(run, inputs.duration * 1000);
		// Checks every 2 s, 3 failures to take out, 2 passes to put back: out at 14 s, back at 22 s.
		expect(summary.outage).toEqual({ serverId: 's2', fromMs: 14_000, toMs: 22_000 });
		expect(summary.servers.map((s) => s.shareDuringOutage)).toEqual([0.5, 0, 0.5].map((v) => expect.closeTo(v, 2)));
		const charts = chartSeries(run);
		expect(charts.x).toHaveLength(40);
		expect(charts.x[0]).toBe(1);
		const s2 = charts.throughput[1]!.values;
		expect(s2.slice(14, 22).every((v) => v === 0)).toBe(true);
		expect(s2.slice(0, 10).every((v) => v! > 20)).toBe(true);
		expect(s2.slice(23).every((v) => v! > 20)).toBe(true);
		// Requests sent to it between the failure and its detection fail as server-down.
		const down = charts.drops.find((d) => d.key === 'server-down')!.values;
		expect(down.slice(10, 14).reduce((a, b) => a! + b!, 0)).toBeGreaterThan(50);
		expect(down.slice(0, 10).every((v) => v === 0)).toBe(true);
	});

	it('replays: the same inputs give identical numbers, another seed does not', () => {
		const inputs = checked(defaultDraft());
		expect(chartSeries(runLab(inputs))).toEqual(chartSeries(runLab(inputs)));
		expect(chartSeries(runLab({ ...inputs, seed: 43 }))).not.toEqual(chartSeries(runLab(inputs)));
	});
});

describe('consistent hashing vs modulo', () => {
	it('moves about 1/N of the keys on a ring, all from the removed server; about (N-1)/N with modulo', () => {
		const r = compareRemoval({ servers: 5, keys: 10_000, remove: 3, virtualNodes: 160 });
		expect(r.removedId).toBe('s3');
		expect(r.ringMoved).toBe(r.ringOwnedByRemoved);
		expect(r.ringMovedNeedlessly).toBe(0);
		expect(r.ringMoved / r.keys).toBeGreaterThan(0.12);
		expect(r.ringMoved / r.keys).toBeLessThan(0.28);
		expect(r.moduloMoved / r.keys).toBeGreaterThan(0.7);
		expect(r.moduloMovedNeedlessly).toBe(r.moduloMoved - r.moduloOwnedByRemoved);
		expect(r.perServer.find((s) => s.id === 's3')).toMatchObject({ ringAfter: 0, moduloAfter: 0 });
		expect(r.perServer.reduce((n, s) => n + s.ringAfter, 0)).toBe(10_000);
		expect(r.perServer.reduce((n, s) => n + s.moduloBefore, 0)).toBe(10_000);
	});

	it('checks its inputs', () => {
		expect(checkRemoval(defaultRemovalDraft())).toEqual({ ok: true, value: { servers: 5, keys: 10_000, remove: 3, virtualNodes: 160 } });
		const bad = checkRemoval({ servers: '4', keys: '1000000', remove: '5', virtualNodes: '0' });
		expect(bad.ok).toBe(false);
		if (!bad.ok) expect(Object.keys(bad.errors).sort()).toEqual(['keys', 'remove', 'virtualNodes']);
	});
});

describe('what the captions say', () => {
	it('finds the busiest and quietest server, the longest queue, the slowest second and the drops', () => {
		const inputs = checked({ ...defaultDraft(), algorithm: 'smooth-weighted-round-robin', rate: '90', failServer: 0 });
		inputs.servers[0]!.weight = 5;
		const run = runLab(inputs);
		const summary = summarize(run, inputs.duration * 1000);
		const charts = chartSeries(run);
		const facts = captionFacts(summary, charts);
		expect(facts.busiest.id).toBe('s1');
		expect(facts.busiest.share).toBeCloseTo(5 / 7, 2);
		expect(['s2', 's3']).toContain(facts.quietest.id);
		const queues = charts.queue.flatMap((s) => s.values as number[]);
		expect(facts.longestQueue?.length).toBe(Math.max(...queues));
		expect(facts.slowest!.p99Ms).toBe(Math.max(...(charts.latency[1]!.values as number[])));
		expect(Object.values(facts.drops).reduce((a, b) => a + b, 0)).toBe(summary.dropped + summary.unrouted);
		// A quiet run: nobody waits.
		const quiet = checked({ ...defaultDraft(), rate: '5', variability: '0', failServer: 0 });
		const quietRun = runLab(quiet);
		expect(captionFacts(summarize(quietRun, 40_000), chartSeries(quietRun)).longestQueue).toBeUndefined();
	});
});
