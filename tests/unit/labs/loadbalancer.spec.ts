import { describe, expect, it } from 'vitest';
import {
	algorithms,
	buildHashRing,
	createBalancer,
	fnv1a32,
	percentile,
	ringOwner,
	simulateLoadBalancer,
	type AlgorithmId,
	type ServerView,
	type SimulationInput
} from '$lib/labs/loadbalancer';
import { createRandom } from '$lib/labs/random';

const view = (id: string, weight = 1, active = 0, inRotation = true): ServerView => ({ id, weight, active, inRotation });
const picks = (algorithm: AlgorithmId, servers: ServerView[], count: number, client = (i: number) => `c${i}`) => {
	const balancer = createBalancer(algorithm);
	return Array.from({ length: count }, (_, i) => balancer.pick(client(i), servers));
};

describe('smooth weighted round robin (nginx)', () => {
	it('picks a a b a c a a for weights 5, 1, 1, and repeats it', () => {
		const seven = ['a', 'a', 'b', 'a', 'c', 'a', 'a'];
		expect(picks('smooth-weighted-round-robin', [view('a', 5), view('b', 1), view('c', 1)], 14)).toEqual([...seven, ...seven]);
	});

	it('leaves out a server out of rotation', () => {
		expect(picks('smooth-weighted-round-robin', [view('a', 2), view('b', 1, 0, false), view('c', 1)], 6)).toEqual(['a', 'c', 'a', 'a', 'c', 'a']);
	});
});

describe('other pickers', () => {
	it('round robin takes each server in rotation in turn', () => {
		expect(picks('round-robin', [view('a'), view('b', 1, 0, false), view('c')], 4)).toEqual(['a', 'c', 'a', 'c']);
		expect(picks('round-robin', [view('a', 1, 0, false)], 1)).toEqual([undefined]);
	});

	it('least connections and weighted least connections', () => {
		const servers = [view('a', 3, 4), view('b', 1, 2), view('c', 1, 3)];
		expect(picks('least-connections', servers, 1)).toEqual(['b']);
		// 4/3 < 2/1 < 3/1
		expect(picks('weighted-least-connections', servers, 1)).toEqual(['a']);
	});

	it('least connections rotates among ties instead of piling onto the first', () => {
		expect(picks('least-connections', [view('a'), view('b'), view('c')], 3)).toEqual(['a', 'b', 'c']);
	});

	it('IP hash keeps a client on one server, and a failure moves only that server’s clients', () => {
		const servers = ['a', 'b', 'c', 'd'].map((id) => view(id));
		const clients = Array.from({ length: 400 }, (_, i) => `10.0.${i >> 8}.${i & 255}`);
		const ipHash = createBalancer('ip-hash');
		const before = clients.map((c) => ipHash.pick(c, servers));
		expect(clients.map((c) => ipHash.pick(c, servers))).toEqual(before);
		const withBDown = servers.map((s) => (s.id === 'b' ? { ...s, inRotation: false } : s));
		const after = clients.map((c) => ipHash.pick(c, withBDown));
		after.forEach((server, i) => {
			if (before[i] !== 'b') expect(server).toBe(before[i]);
			else expect(server).not.toBe('b');
		});
	});

	it('least response time prefers the server that answers faster', () => {
		const balancer = createBalancer('least-response-time');
		for (let i = 0; i < 5; i++) {
			balancer.observe('slow', 200);
			balancer.observe('fast', 20);
		}
		expect(balancer.pick('x', [view('slow'), view('fast')])).toBe('fast');
		// With enough requests already in progress at the fast one, the slow one is the shorter wait.
		expect(balancer.pick('x', [view('slow', 1, 0), view('fast', 1, 12)])).toBe('slow');
	});

	it('power of two choices is seeded and takes the less busy of its two', () => {
		const servers = [view('a', 1, 9), view('b', 1, 1), view('c', 1, 9, false)];
		const run = (seed: number) => {
			const b = createBalancer('power-of-two-choices', { random: createRandom(seed) });
			return Array.from({ length: 20 }, () => b.pick('x', servers));
		};
		expect(run(5)).toEqual(run(5));
		// With two servers in rotation, both are always drawn, so the less busy one always wins.
		expect(new Set(run(5))).toEqual(new Set(['b']));
	});

	it('describes every algorithm in both languages', () => {
		expect(algorithms.map((a) => a.id).sort()).toEqual(
			[
				'consistent-hash',
				'ip-hash',
				'least-connections',
				'least-response-time',
				'power-of-two-choices',
				'round-robin',
				'smooth-weighted-round-robin',
				'weighted-least-connections'
			].sort()
		);
		for (const a of algorithms) expect(a.summary['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
	});
});

describe('hashing', () => {
	it('FNV-1a 32 matches its published test vectors', () => {
		expect(fnv1a32('')).toBe(0x811c9dc5);
		expect(fnv1a32('a')).toBe(0xe40c292c);
		expect(fnv1a32('foobar')).toBe(0xbf9cf968);
	});

	it('removing one of five servers moves about 1/5 of 10 000 keys, and only that server’s keys', () => {
		const ids = ['s1', 's2', 's3', 's4', 's5'];
		const keys = Array.from({ length: 10_000 }, (_, i) => `key-${i}`);
		const ring = buildHashRing(ids);
		const owners = keys.map((k) => ringOwner(ring, k)!);
		// The ring does not depend on the order servers are listed in.
		expect(buildHashRing([...ids].reverse())).toEqual(ring);
		for (const id of ids) {
			const share = owners.filter((o) => o === id).length / keys.length;
			expect(share).toBeGreaterThan(0.12);
			expect(share).toBeLessThan(0.28);
		}
		const smaller = buildHashRing(ids.filter((id) => id !== 's3'));
		const after = keys.map((k) => ringOwner(smaller, k)!);
		const moved = keys.filter((_, i) => after[i] !== owners[i]);
		expect(moved.length / keys.length).toBeGreaterThan(0.12);
		expect(moved.length / keys.length).toBeLessThan(0.28);
		keys.forEach((_, i) => {
			if (after[i] !== owners[i]) expect(owners[i]).toBe('s3');
		});
		// Skipping a server on the full ring gives the same owners as a ring built without it.
		expect(keys.map((k) => ringOwner(ring, k, (id) => id !== 's3'))).toEqual(after);
	});
});

describe('percentiles', () => {
	it('uses the nearest rank', () => {
		const values = Array.from({ length: 100 }, (_, i) => i + 1);
		expect(percentile(values, 50)).toBe(50);
		expect(percentile(values, 99)).toBe(99);
		expect(percentile([7], 99)).toBe(7);
		expect(percentile([], 50)).toBeNull();
	});
});

describe('load-balancer simulation', () => {
	const base: SimulationInput = {
		servers: [
			{ id: 'a', weight: 2, capacity: 100, up: true },
			{ id: 'b', weight: 1, capacity: 50, up: true },
			{ id: 'c', weight: 1, capacity: 50, up: true }
		],
		algorithm: 'smooth-weighted-round-robin',
		seed: 11,
		durationMs: 30_000,
		ratePerSecond: 120,
		failures: [{ serverId: 'b', downAtMs: 10_000, upAtMs: 20_000 }],
		healthCheck: { intervalMs: 1000, fall: 3, rise: 2 },
		recordRequests: true
	};

	it('is deterministic: the same seed gives identical series', () => {
		expect(simulateLoadBalancer(base)).toEqual(simulateLoadBalancer(base));
		expect(simulateLoadBalancer({ ...base, seed: 12 }).overall).not.toEqual(simulateLoadBalancer(base).overall);
	});

	it('gives a failed server no new requests between detection and its return', () => {
		const run = simulateLoadBalancer(base);
		const events = run.health.filter((h) => h.serverId === 'b').map((h) => [h.atMs, h.kind]);
		// Checks every second: failures at 10, 11 and 12 s take it out; passes at 20 and 21 s put it back.
		expect(events).toEqual([
			[10_000, 'failed'],
			[12_000, 'taken-out'],
			[20_000, 'recovered'],
			[21_000, 'put-back']
		]);
		const requests = run.requests!;
		const during = requests.filter((r) => r.arrivedAtMs >= 12_000 && r.arrivedAtMs < 21_000);
		expect(during.length).toBeGreaterThan(500);
		expect(during.filter((r) => r.serverId === 'b')).toEqual([]);
		// Before detection it still got requests, and they failed.
		expect(requests.some((r) => r.serverId === 'b' && r.arrivedAtMs >= 10_000 && r.arrivedAtMs < 12_000 && r.outcome === 'server-down')).toBe(true);
		expect(requests.some((r) => r.serverId === 'b' && r.arrivedAtMs >= 21_000)).toBe(true);
		const bWindows = run.servers.find((s) => s.id === 'b')!.windows;
		expect(bWindows.slice(12, 21).every((w) => w.assigned === 0 && !w.inRotation)).toBe(true);
	});

	it('produces one point per window for every series, with sensible values', () => {
		const run = simulateLoadBalancer(base);
		expect(run.overall).toHaveLength(30);
		for (const s of run.servers) expect(s.windows).toHaveLength(30);
		const total = run.totals;
		expect(total.arrived).toBe(run.overall.reduce((n, w) => n + w.arrived, 0));
		expect(total.completed).toBe(run.overall.reduce((n, w) => n + w.completed, 0));
		for (const w of run.overall.filter((w) => w.completed > 0)) expect(w.p99Ms!).toBeGreaterThanOrEqual(w.p50Ms!);
		for (const s of run.servers) for (const w of s.windows) expect(w.utilization).toBeGreaterThanOrEqual(0), expect(w.utilization).toBeLessThanOrEqual(1 + 1e-9);
		// Smooth weighted round robin sends a twice the requests of c while all are up.
		const share = (id: string) => run.servers.find((s) => s.id === id)!.windows.slice(0, 10).reduce((n, w) => n + w.assigned, 0);
		expect(share('a') / share('c')).toBeCloseTo(2, 1);
	});

	it('drops requests when queues are full and when they wait too long', () => {
		const run = simulateLoadBalancer({ ...base, failures: [], ratePerSecond: 400, queueLimit: 10, queueTimeoutMs: 50, recordRequests: false });
		expect(run.totals.dropped['queue-full']).toBeGreaterThan(0);
		expect(run.totals.dropped.timeout).toBeGreaterThan(0);
		expect(run.requests).toBeUndefined();
	});

	it('runs every algorithm on the same traffic', () => {
		const arrivals = algorithms.map((a) => simulateLoadBalancer({ ...base, algorithm: a.id, recordRequests: false }).overall.map((w) => w.arrived));
		for (const a of arrivals) expect(a).toEqual(arrivals[0]);
	});

	it('sticky clients stay on their first server while it is in rotation, then stick to a new one', () => {
		const run = simulateLoadBalancer({ ...base, algorithm: 'round-robin', stickyShare: 0.5, clients: 20 });
		const requests = run.requests!;
		const isSticky = (clientId: string) => Number(clientId.slice('client-'.length)) <= 10;
		const serversOf = (clientId: string, from: number, to: number) =>
			new Set(requests.filter((r) => r.clientId === clientId && r.arrivedAtMs >= from && r.arrivedAtMs < to && r.serverId).map((r) => r.serverId));
		const clientIds = [...new Set(requests.map((r) => r.clientId))];
		expect(clientIds.filter(isSticky)).toHaveLength(10);
		// Before the failure, each sticky client uses one server; round robin spreads every other client over all three.
		for (const c of clientIds.filter(isSticky)) expect(serversOf(c, 0, 10_000).size, c).toBe(1);
		for (const c of clientIds.filter((c) => !isSticky(c))) expect(serversOf(c, 0, 10_000).size, c).toBeGreaterThan(1);
		// A sticky client of b keeps hitting b (and failing) until health checks take it out, then moves for good.
		const ofB = clientIds.filter((c) => isSticky(c) && serversOf(c, 0, 10_000).has('b'));
		expect(ofB.length).toBeGreaterThan(0);
		for (const c of ofB) {
			expect(serversOf(c, 10_000, 12_000)).toEqual(new Set(['b']));
			const after = serversOf(c, 12_000, 30_000);
			expect(after.size, c).toBe(1);
			expect(after.has('b')).toBe(false);
		}
	});

	it('with no sticky clients runs exactly as before', () => {
		expect(simulateLoadBalancer({ ...base, stickyShare: 0 })).toEqual(simulateLoadBalancer(base));
		expect(simulateLoadBalancer({ ...base, stickyShare: 1 }).overall.map((w) => w.arrived)).toEqual(simulateLoadBalancer(base).overall.map((w) => w.arrived));
	});

	it('keeps a client on one server under consistent hashing while nothing fails', () => {
		const run = simulateLoadBalancer({ ...base, algorithm: 'consistent-hash', failures: [] });
		const serverOf = new Map<string, string | null>();
		for (const r of run.requests!) {
			if (serverOf.has(r.clientId)) expect(r.serverId).toBe(serverOf.get(r.clientId));
			serverOf.set(r.clientId, r.serverId);
		}
	});
});
