/**
 * The network-performance lab's models against answers worked out by hand (in the comments): round trips of a
 * page load over HTTP/1.1, HTTP/2 and a CDN; slow start from 10 segments; Reno's halving and +1 per round; CUBIC's
 * W(t) = C(t − K)³ + W_max with C = 0.4, β = 0.7 (RFC 9438); and compression through Node's CompressionStream,
 * checked against zlib.
 */
import { gzipSync, deflateSync, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
	CUBIC_ALPHA,
	INITIAL_WINDOW,
	LEFT_OUT,
	MSS,
	comparePageLoads,
	compressText,
	compressionRow,
	cubicK,
	cubicWindow,
	grownWindow,
	levelSizes,
	sendResponses,
	simulateCongestion,
	simulatePageLoad,
	supportedFormats,
	type CongestionInput,
	type PageLoadInput
} from '$lib/labs/performance';
import { checkPerfDraft, congestionView, defaultPerfDraft, parseDecimal, parseRounds, perfDraftFromQuery, perfQuery, waterfallRows, type PerfDraft } from '$lib/labs/performance-lab';
import { createRandom } from '$lib/labs/random';
import { SAMPLES } from '$lib/labs/performance-samples';

const CJK = /[\u4e00-\u9fff]/;
/** Zero loss and a link so fast that bytes take no time: only round trips count. */
const FAST: PageLoadInput = { rttMs: 100, cdnRttMs: 20, bandwidthMbps: Infinity, lossPercent: 0, resources: 18, sizeKB: 1, depth: 1, seed: 1 };
const CC: CongestionInput = { rttMs: 100, rounds: 40, ssthresh: Infinity, capacity: Infinity, losses: [], timeouts: [], lossPercent: 0, seed: 1 };

describe('page load', () => {
	it('puts the document alone on level 1 and spreads the rest evenly', () => {
		expect(levelSizes(18, 1)).toEqual([18]);
		expect(levelSizes(18, 3)).toEqual([1, 9, 8]);
		expect(levelSizes(5, 5)).toEqual([1, 1, 1, 1, 1]);
	});

	it('HTTP/2: 2 RTT of setup (TCP + TLS 1.3) + 1 RTT per dependency level', () => {
		// 10 responses of 1 KB (10 000 bytes: 7 segments, inside the initial window of 10), all requested at once on
		// the one connection once it is ready: 2 + 1 = 3 RTT.
		const flat = simulatePageLoad({ ...FAST, resources: 10 }, 'http2');
		expect(flat.totalMs).toBe(300);
		expect(flat.connections).toBe(1);
		expect(flat.handshakeRoundTrips).toBe(2);
		// Depth 3: document, then 9, then 8, each level one RTT after the one before: 2 + 3 = 5 RTT.
		expect(simulatePageLoad({ ...FAST, depth: 3 }, 'http2').totalMs).toBe(500);
		// 18 KB is 13 segments: more than the first window of 10, so a second window follows: 2 + 2 = 4 RTT.
		expect(simulatePageLoad({ ...FAST, resources: 18 }, 'http2').totalMs).toBe(400);
		// Depth 10 (every level one resource): 2 + 10 = 12 RTT.
		expect(simulatePageLoad({ ...FAST, resources: 10, depth: 10 }, 'http2').totalMs).toBe(1200);
	});

	it('HTTP/1.1 with 6 connections: 18 small resources take 3 request rounds after the handshakes', () => {
		// Six connections open at once (2 RTT), each then carries 3 requests one after another: 2 + 3 = 5 RTT.
		const run = simulatePageLoad(FAST, 'http1');
		expect(run.connections).toBe(6);
		expect(run.totalMs).toBe(500);
		expect(run.resources.map((r) => r.endMs).sort((a, b) => a - b)).toEqual([...Array(6).fill(300), ...Array(6).fill(400), ...Array(6).fill(500)]);
		// Each connection's first request carries its TCP and TLS handshakes.
		const withSetup = run.resources.filter((r) => r.setup);
		expect(withSetup).toHaveLength(6);
		expect(withSetup[0]!.setup).toEqual({ startMs: 0, tcpEndMs: 100, tlsEndMs: 200 });
	});

	it('HTTP/1.1 pays for new connections again when level 2 is found', () => {
		// Depth 3 (1, 9, 8): the document on connection 1 ends at 3 RTT. Level 2 (9): connection 1 takes one at 3 (ends 4),
		// five new connections are ready at 3 + 2 = 5; connection 1 takes another at 4 (ends 5); at 5 six requests go
		// (end 6), the ninth at 6 (ends 7). Level 3 (8) at 7: six end at 8, two at 9. Total 9 RTT, against 5 for HTTP/2.
		const run = simulatePageLoad({ ...FAST, depth: 3 }, 'http1');
		expect(run.totalMs).toBe(900);
		expect(run.connections).toBe(6);
		expect(run.resources.filter((r) => r.level === 2 && r.setup).map((r) => r.setup!.startMs)).toEqual([300, 300, 300, 300, 300]);
	});

	it('a CDN edge at a lower RTT scales every round trip down', () => {
		// The same 3 round trips at 20 ms.
		expect(simulatePageLoad({ ...FAST, resources: 10 }, 'cdn').totalMs).toBe(60);
		expect(simulatePageLoad({ ...FAST, depth: 3 }, 'cdn').totalMs).toBe(100);
	});

	it('slow start: a 100-segment response needs 4 windows (10 + 20 + 40 + 80)', () => {
		// 146 000 bytes = 100 segments of 1460. Windows of 10, 20, 40 carry 70; the 4th carries the last 30.
		const run = simulatePageLoad({ ...FAST, resources: 1, sizeKB: 146 }, 'http2');
		expect(run.totalMs).toBe((2 + 4) * 100);
		// And the window grows by one segment per segment acknowledged: 10 + 100.
		const conn = { cwnd: INITIAL_WINDOW, ssthresh: Infinity };
		sendResponses(conn, [100 * MSS], 100, Infinity, 0, createRandom(1));
		expect(conn.cwnd).toBe(110);
	});

	it('bandwidth: a round lasts at least the time its bytes need on the link', () => {
		// 8 Mbit/s = 1 byte per µs: 1460 bytes take 1.46 ms. 100 segments at RTT 10 ms: windows of 10, 20, 40, 30 segments
		// take max(10, 14.6), max(10, 29.2), max(10, 58.4), max(10, 43.8) ms = 146 ms; plus 2 RTT of setup = 166 ms.
		const run = simulatePageLoad({ ...FAST, rttMs: 10, bandwidthMbps: 8, resources: 1, sizeKB: 146 }, 'http2');
		expect(run.totalMs).toBeCloseTo(166, 6);
		// 6 HTTP/1.1 responses of 146 000 bytes cannot beat the link: at least 6 × 146 ms of bytes.
		const many = simulatePageLoad({ ...FAST, rttMs: 10, bandwidthMbps: 8, resources: 6, sizeKB: 146 }, 'http1');
		expect(many.totalMs).toBeGreaterThanOrEqual(6 * 146 + 20);
	});

	it('a lost segment costs one RTT (fast retransmit) and halves the window; at the tail, a timeout', () => {
		// Every segment lost (chance 1): the first window of 10 has 9 + the rest after its first segment, so 3 duplicate
		// ACKs arrive: +10 RTT (one per lost segment), cwnd 10 → 5.
		const conn = { cwnd: 10, ssthresh: Infinity };
		const flight = sendResponses(conn, [10 * MSS], 100, Infinity, 1, createRandom(1));
		// Lost at index 0 of 10: 9 segments follow, fast retransmit: 1 round + 10 lost × 1 RTT.
		expect(flight.ends).toEqual([100 + 10 * 100]);
		expect(flight.lost).toEqual([10]);
		expect(conn.cwnd).toBe(5);
		// A window of 3 holding a whole 3-segment response, its first segment lost: only 2 later segments, no new data
		// to send, so 2 duplicate ACKs: the timer.
		const three = { cwnd: 3, ssthresh: Infinity };
		expect(sendResponses(three, [3 * MSS], 100, Infinity, 1, createRandom(1)).timeouts).toEqual([1]);
		// The same window at the start of a 10-segment response: 2 later segments + 2 new ones sent by limited transmit
		// = 4 duplicate ACKs: fast retransmit, no timeout.
		const longer = { cwnd: 3, ssthresh: Infinity };
		const random = { next: () => (longer.cwnd === 3 ? 0 : 1) } as ReturnType<typeof createRandom>;
		expect(sendResponses(longer, [10 * MSS], 100, Infinity, 0.5, random).timeouts).toEqual([0]);
		// A 2-segment response: nothing can follow the loss, so the timer fires: 1 RTT + RTO (100 + 200) + 1 more RTT for the second.
		const small = { cwnd: 10, ssthresh: Infinity };
		const tail = sendResponses(small, [2 * MSS], 100, Infinity, 1, createRandom(1));
		expect(tail.timeouts).toEqual([1]);
		expect(tail.ends).toEqual([100 + 300 + 100]);
		expect(small.cwnd).toBe(1);
	});

	it('HTTP/2 beats HTTP/1.1 for many small resources at high RTT, and the CDN beats both', () => {
		const input = { ...FAST, rttMs: 200, bandwidthMbps: 20, resources: 60, sizeKB: 5, depth: 3 };
		const [h1, h2, cdn] = (['http1', 'http2', 'cdn'] as const).map((p) => simulatePageLoad(input, p).totalMs);
		expect(h2).toBeLessThan(h1!);
		expect(cdn).toBeLessThan(h2!);
	});

	it('is the same run for the same seed, and loss makes it slower', () => {
		const lossy = { ...FAST, bandwidthMbps: 50, lossPercent: 2, sizeKB: 50, seed: 7 };
		expect(simulatePageLoad(lossy, 'http2')).toEqual(simulatePageLoad(lossy, 'http2'));
		expect(simulatePageLoad(lossy, 'http2').totalMs).toBeGreaterThan(simulatePageLoad({ ...lossy, lossPercent: 0 }, 'http2').totalMs);
		expect(simulatePageLoad(lossy, 'http2').lost).toBeGreaterThan(0);
	});
});

describe('congestion control', () => {
	const cwnds = (input: CongestionInput, alg: 'reno' | 'cubic') => simulateCongestion(input, alg).map((p) => p.cwnd);

	it('slow start doubles the window each RTT from 10 segments until ssthresh, then adds 1 per RTT', () => {
		expect(grownWindow(10, Infinity, 10)).toBe(20);
		expect(grownWindow(40, 64, 40)).toBe(64);
		expect(grownWindow(64, 64, 64)).toBe(65);
		// 10, 20, 40, 64 (capped at ssthresh), then 65, 66, …
		expect(cwnds({ ...CC, ssthresh: 64, rounds: 7 }, 'reno')).toEqual([10, 20, 40, 64, 65, 66, 67]);
		// The round that reaches ssthresh is already in congestion avoidance.
		expect(simulateCongestion({ ...CC, ssthresh: 64, rounds: 4 }, 'reno').map((p) => p.phase)).toEqual(['slow-start', 'slow-start', 'slow-start', 'avoidance']);
	});

	it('Reno halves on 3 duplicate ACKs (fast recovery) and grows by 1 segment per RTT', () => {
		// ssthresh 64: 10 20 40 64 65 66 | loss in round 5 at 66 → 33 (recovery), then 34, 35.
		const points = simulateCongestion({ ...CC, ssthresh: 64, losses: [5], rounds: 9 }, 'reno');
		expect(points.map((p) => p.cwnd)).toEqual([10, 20, 40, 64, 65, 66, 33, 34, 35]);
		expect(points[5]).toMatchObject({ loss: 'scheduled', detected: 'dupacks' });
		expect(points[6]).toMatchObject({ phase: 'recovery', ssthresh: 33 });
		expect(points[7]!.phase).toBe('avoidance');
	});

	it('a timeout waits for the timer (RTO = RTT + 200 ms), then slow-starts from 1 segment up to half the old window', () => {
		// Round 4 at cwnd 80 (10 20 40 80): timer ⌈300 / 100⌉ = 3 rounds, then 1 2 4 8 16 32 40 (ssthresh 40) 41.
		const points = simulateCongestion({ ...CC, timeouts: [3], rounds: 14 }, 'reno');
		expect(points.map((p) => p.cwnd)).toEqual([10, 20, 40, 80, 80, 80, 80, 1, 2, 4, 8, 16, 32, 40]);
		expect(points.slice(4, 7).every((p) => p.phase === 'timeout')).toBe(true);
		expect(points[3]).toMatchObject({ loss: 'timeout', detected: 'timer' });
	});

	it('a full bottleneck queue drops a segment when the window passes its capacity', () => {
		// Capacity 100: 10 20 40 80 160 (over) → Reno 80 → 81 …
		expect(cwnds({ ...CC, capacity: 100, rounds: 7 }, 'reno')).toEqual([10, 20, 40, 80, 160, 80, 81]);
	});

	it('CUBIC: K and W(t) at known points (C = 0.4, β = 0.7)', () => {
		// W_max = 100, cwnd after the cut 70: K = ∛(30 / 0.4) = ∛75 = 4.21716… s.
		const k = cubicK(100, 70);
		expect(k).toBeCloseTo(4.217163, 5);
		// W(0) = 100 − 0.4·75 = 70 = β·W_max; W(K) = W_max;
		// W(1) = 0.4·(1 − 4.217163)³ + 100 = 0.4·(−33.29809) + 100 = 86.68076;
		// W(2) = 0.4·(−2.217163)³ + 100 = 0.4·(−10.89916) + 100 = 95.64034; W(6) = 0.4·(1.782837)³ + 100 = 0.4·5.66676 + 100 = 102.26670.
		expect(cubicWindow(0, k, 100)).toBeCloseTo(70, 9);
		expect(cubicWindow(k, k, 100)).toBeCloseTo(100, 9);
		expect(cubicWindow(1, k, 100)).toBeCloseTo(86.68076, 4);
		expect(cubicWindow(2, k, 100)).toBeCloseTo(95.64034, 4);
		expect(cubicWindow(6, k, 100)).toBeCloseTo(102.2667, 4);
		// α = 3(1 − β)/(1 + β) = 0.9/1.7 = 0.529412.
		expect(CUBIC_ALPHA).toBeCloseTo(0.529412, 6);
	});

	it('CUBIC in the simulation: cuts by 30% and then follows W(t), one point per RTT (here 1 s)', () => {
		// RTT 1 s, ssthresh 100: 10 20 40 80 100 (capped), loss in round 4 at 100 → 70 at round 5 (t = 0), then
		// W(1) = 86.68076 at round 6 and W(2) = 95.64034 at round 7 (above W_est = 70 + 0.53k, within 1.5 × cwnd).
		const points = simulateCongestion({ ...CC, rttMs: 1000, ssthresh: 100, losses: [4], rounds: 12 }, 'cubic');
		expect(points.slice(0, 5).map((p) => p.cwnd)).toEqual([10, 20, 40, 80, 100]);
		expect(points[5]!.cwnd).toBeCloseTo(70, 9);
		expect(points[5]!.phase).toBe('recovery');
		expect(points[6]!.cwnd).toBeCloseTo(86.68076, 4);
		expect(points[7]!.cwnd).toBeCloseTo(95.64034, 4);
		// Back at W_max near t = K = 4.2 s, then growing past it (convex): W(6) = 102.2667 at round 11.
		expect(points[11]!.cwnd).toBeCloseTo(102.2667, 4);
	});

	it('CUBIC fast convergence: a loss before regaining W_max lowers W_max to cwnd·(1 + β)/2', () => {
		// Second loss at round 6 (cwnd 86.68076 < W_max 100): W_max = 86.68076 × 0.85 = 73.67865, cwnd = 0.7 × 86.68076
		// = 60.67653, K = ∛((73.67865 − 60.67653)/0.4) = ∛32.50530 = 3.19143; the next round is
		// W(1) = 0.4·(1 − 3.19143)³ + 73.67865 = 0.4·(−10.52398) + 73.67865 = 69.46906.
		const points = simulateCongestion({ ...CC, rttMs: 1000, ssthresh: 100, losses: [4, 6], rounds: 9 }, 'cubic');
		const w = 86.68076;
		expect(points[7]!.cwnd).toBeCloseTo(w * 0.7, 3);
		const wMax = (w * 1.7) / 2;
		const k = Math.cbrt((wMax - w * 0.7) / 0.4);
		expect(points[8]!.cwnd).toBeCloseTo(0.4 * (1 - k) ** 3 + wMax, 3);
		expect(points[8]!.cwnd).toBeCloseTo(69.46906, 4);
	});

	it('with a short RTT, CUBIC grows like Reno (the Reno-friendly region)', () => {
		// RTT 10 ms: W(t) hardly moves in 0.01 s steps, so W_est = cwnd + α per round leads.
		const points = simulateCongestion({ ...CC, rttMs: 10, ssthresh: 100, losses: [4], rounds: 8 }, 'cubic');
		expect(points[6]!.cwnd).toBeCloseTo(70 + CUBIC_ALPHA, 9);
		expect(points[7]!.cwnd).toBeCloseTo(70 + 2 * CUBIC_ALPHA, 9);
	});

	it('random loss is replayed by its seed and bounded by the rounds', () => {
		const input = { ...CC, lossPercent: 1, seed: 99, rounds: 200, capacity: 500 };
		const a = simulateCongestion(input, 'reno');
		expect(a).toEqual(simulateCongestion(input, 'reno'));
		expect(a).toHaveLength(200);
		expect(a.some((p) => p.loss === 'random')).toBe(true);
		expect(a.every((p) => p.cwnd >= 1 && p.cwnd <= 1000)).toBe(true);
	});
});

describe('compression', () => {
	it('finds the formats of Node’s CompressionStream, and none without one', () => {
		expect(supportedFormats()).toEqual(['gzip', 'deflate', 'deflate-raw']);
		expect(supportedFormats(null)).toEqual([]);
	});

	it('compresses the samples to the sizes zlib gives at its default level, and they decompress back', async () => {
		for (const sample of SAMPLES) {
			const rows = await compressText(sample.text, 10);
			const input = Buffer.from(sample.text, 'utf8');
			expect(rows.map((r) => [r.format, r.compressedBytes, r.roundTrip])).toEqual([
				['gzip', gzipSync(input).length, true],
				['deflate', deflateSync(input).length, true],
				['deflate-raw', deflateRawSync(input).length, true]
			]);
			expect(rows[0]!.originalBytes).toBe(input.length);
			expect(rows[0]!.ratio).toBeGreaterThan(2);
		}
	});

	it('says the time saved at a bandwidth', () => {
		// 10 000 bytes at 8 Mbit/s (1 byte per µs) = 10 ms; 2 500 bytes = 2.5 ms; ratio 4; 75% saved; 7.5 ms saved.
		expect(compressionRow('gzip', 10_000, 2_500, 8)).toEqual({
			format: 'gzip',
			originalBytes: 10_000,
			compressedBytes: 2_500,
			ratio: 4,
			saved: 0.75,
			originalMs: 10,
			compressedMs: 2.5,
			savedMs: 7.5
		});
	});
});

it('says what the model leaves out, in both languages', () => {
	expect(LEFT_OUT.length).toBeGreaterThan(3);
	for (const item of LEFT_OUT) expect(CJK.test(item['zh-CN'])).toBe(true);
	for (const sample of SAMPLES) expect(CJK.test(sample.name['zh-CN'])).toBe(true);
});

describe('the lab form, its address and its readings', () => {
	const ok = (draft: PerfDraft) => {
		const c = checkPerfDraft(draft);
		if (!c.ok) throw new Error(JSON.stringify(c.errors));
		return c.value;
	};
	const errors = (patch: Partial<PerfDraft>) => {
		const c = checkPerfDraft({ ...defaultPerfDraft(), ...patch });
		return c.ok ? {} : c.errors;
	};

	it('accepts the defaults and round-trips them through the address', () => {
		const inputs = ok(defaultPerfDraft());
		expect(inputs.congestion.ssthresh).toBe(Infinity);
		expect(inputs.congestion.losses).toEqual([25]);
		expect(ok(perfDraftFromQuery(new URLSearchParams(perfQuery(inputs))))).toEqual(inputs);
	});

	it('refuses bad input with a message per field, in both languages', () => {
		expect(Object.keys(errors({ rtt: 'fast' }))).toEqual(['rtt']);
		expect(errors({ cdnRtt: '150' }).cdnRtt?.en).toMatch(/below 150 ms/);
		expect(errors({ bandwidth: '0' }).bandwidth?.en).toMatch(/0\.1 to 10 000/);
		expect(parseDecimal('2,5', 0, 10)).toBe(2.5);
		expect(parseDecimal('1e3', 0, 10_000)).toBeUndefined();
		expect(errors({ resources: '2', depth: '3' }).depth?.['zh-CN']).toMatch(CJK);
		expect(errors({ losses: '5, 70' }).losses?.en).toMatch(/1 to 59/);
		expect(parseRounds('9, 3 3', 1, 10, 5)).toEqual([3, 9]);
		expect(errors({ ssthresh: '1' }).ssthresh).toBeDefined();
		expect(errors({ ssthresh: ' ' })).toEqual({});
	});

	it('draws each resource’s waterfall bars: handshakes on the request that opened the connection', () => {
		const [h1] = comparePageLoads({ ...FAST, resources: 7 });
		const rows = waterfallRows(h1!);
		// Six connections open at 0; the seventh request waits for the first to be free (at 300), then 1 RTT.
		expect(rows[0]!.bars.map((b) => [b.kind, b.fromMs, b.toMs])).toEqual([
			['tcp', 0, 100],
			['tls', 100, 200],
			['waiting', 200, 300]
		]);
		expect(rows[6]!.bars.map((b) => [b.kind, b.fromMs, b.toMs])).toEqual([
			['queued', 0, 300],
			['waiting', 300, 400]
		]);
	});

	it('lists each loss with the window before and after', () => {
		const view = congestionView({ ...CC, ssthresh: 64, losses: [5], rounds: 9 });
		expect(view.x).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]);
		// Reno: 64 65 66, halved to 33. CUBIC after slow start: K = 0, W(t) = 0.4·t³ + 64 barely moves in 0.1 s steps,
		// so W_est leads: 64 + 2 × 0.529412 = 65.05882, cut to 0.7 × 65.05882 = 45.54118.
		expect(view.events.map((e) => [e.algorithm, e.round, Number(e.before.toFixed(5)), Number(e.after.toFixed(5))])).toEqual([
			['reno', 5, 66, 33],
			['cubic', 5, 65.05882, 45.54118]
		]);
	});
});
