import { describe, expect, it } from 'vitest';
import { buildLadder, type LadderNode } from '$lib/dns/ladder';
import type { Hop, SubWalk, WalkEvent } from '$lib/dns/walk';

const text = { en: '', 'zh-CN': '' };
const hop = (id: number, depth: number, zone: string): Hop => ({
	type: 'hop', id, depth, mode: 'direct', zone, question: { name: 'x.', type: 1 }, server: {}, kind: 'referral', elapsedMs: 1, records: [], explanation: text
});
const sub = (id: number, depth: number, name: string, reason: SubWalk['reason'] = 'glueless'): SubWalk => ({ type: 'subwalk', id, depth, reason, name, qtype: 1, explanation: text });

/** The tree as a compact string: hops as zone#step, nested walks as name[...]. */
function shape(nodes: LadderNode[]): string {
	return nodes.map((n) => (n.kind === 'hop' ? `${n.hop.zone}#${n.step}` : `${n.subwalk.name}[${shape(n.children)}]`)).join(' ');
}

describe('buildLadder', () => {
	it('keeps a flat walk flat and numbers its hops', () => {
		expect(shape(buildLadder([hop(1, 0, '.'), hop(2, 0, 'test.'), hop(3, 0, 'a.test.')]))).toBe('.#0 test.#1 a.test.#2');
	});

	it('nests a glueless lookup inside the walk that needed it, and goes on after it', () => {
		const events: WalkEvent[] = [
			hop(1, 0, '.'),
			hop(2, 0, 'test.'),
			sub(3, 1, 'ns1.hosting.example.'),
			hop(4, 1, '.'),
			hop(5, 1, 'example.'),
			sub(6, 2, 'ns1.nic.example.'),
			hop(7, 2, '.'),
			hop(8, 1, 'hosting.example.'),
			hop(9, 0, 'glueless.test.')
		];
		expect(shape(buildLadder(events))).toBe(
			'.#0 test.#1 ns1.hosting.example.[.#2 example.#3 ns1.nic.example.[.#4] hosting.example.#5] glueless.test.#6'
		);
	});

	it('puts two nested walks of the same depth side by side, not one inside the other', () => {
		const events: WalkEvent[] = [hop(1, 0, '.'), sub(2, 1, 'ns1.a.'), hop(3, 1, '.'), sub(4, 1, 'ns2.a.'), hop(5, 1, '.'), hop(6, 0, 'a.')];
		expect(shape(buildLadder(events))).toBe('.#0 ns1.a.[.#1] ns2.a.[.#2] a.#3');
	});

	it('nests a CNAME chain one level per link', () => {
		const events: WalkEvent[] = [hop(1, 0, 'a.'), sub(2, 1, 'b.', 'cname'), hop(3, 1, 'b.'), sub(4, 2, 'c.', 'cname'), hop(5, 2, 'c.')];
		expect(shape(buildLadder(events))).toBe('a.#0 b.[b.#1 c.[c.#2]]');
	});
});
