/**
 * The walk's bounds, against the lab's real servers: the query budget, the time budget and the CNAME chain limit
 * each stop a trace with a reason, never a hang.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRootHints } from '$lib/dns/root-hints';
import { walk, type WalkEvent, type WalkLimits, type WalkOutcome } from '$lib/dns/walk';
import { socketTransport } from '$lib/server/dns-socket';
import { ROOT_HINTS_FILE, startLab } from './lab.js';

const rootHints = parseRootHints(readFileSync(ROOT_HINTS_FILE, 'utf8'))!;
let lab: { stop(): Promise<void> };
beforeAll(async () => {
	lab = await startLab();
});
afterAll(async () => {
	await lab?.stop();
});

async function run(name: string, limits: Partial<WalkLimits> = {}): Promise<{ events: WalkEvent[]; outcome: WalkOutcome }> {
	const events: WalkEvent[] = [];
	const generator = walk({ mode: 'direct', name, type: 1, transport: socketTransport(), rootHints, limits });
	for (;;) {
		const next = await generator.next();
		if (next.done) return { events, outcome: next.value };
		events.push(next.value);
	}
}

describe('walk limits', () => {
	it('stops when the query budget is spent, and says so', async () => {
		const { events, outcome } = await run('www.wirewalk.test', { maxQueries: 2 });
		expect(outcome.stopped?.code).toBe('budget-queries');
		expect(outcome.stopped?.message.en).toContain('2 queries');
		expect(outcome.rcode).toBe(2);
		expect(outcome.answer).toEqual([]);
		expect(outcome.queries).toBe(2);
		expect(events.filter((e) => e.type === 'hop')).toHaveLength(2);
	});

	it('stops when the time budget is spent (a server that never answers cannot hold it longer)', async () => {
		// ns1.timeout.test. never answers; the per-query wait is cut to what is left of the trace's 400 ms.
		const { outcome } = await run('www.timeout.test', { maxMs: 400, queryTimeoutMs: 3000 });
		expect(outcome.stopped?.code).toBe('budget-time');
		expect(outcome.rcode).toBe(2);
	});

	it('follows 16 CNAME links, and stops at the 17th', async () => {
		const sixteen = await run('chain2.wirewalk.test');
		expect(sixteen.outcome.stopped).toBeUndefined();
		expect(sixteen.outcome.answer.filter((r) => r.type === 5)).toHaveLength(16);
		expect(sixteen.outcome.answer.at(-1)?.text).toBe('203.0.113.70');
		const seventeen = await run('chain1.wirewalk.test');
		expect(seventeen.outcome.stopped?.code).toBe('cname-chain');
		expect(seventeen.outcome.rcode).toBe(2);
	});
});
