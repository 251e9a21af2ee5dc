import { describe, expect, it } from 'vitest';
import { createRandom, mulberry32 } from '$lib/labs/random';

/** The widely copied float form of mulberry32 (bryc/code, PRNGs.md), transcribed as a reference. */
function referenceMulberry32(a: number): () => number {
	return () => {
		a |= 0;
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

describe('seeded random', () => {
	it('matches the reference mulberry32', () => {
		for (const seed of [0, 1, 42, 0xdeadbeef]) {
			const ours = mulberry32(seed);
			const reference = referenceMulberry32(seed);
			for (let i = 0; i < 20; i++) expect(ours() / 4294967296).toBe(reference());
		}
	});

	it('replays the same sequence for the same seed, and another for another seed', () => {
		const draw = (seed: number) => {
			const r = createRandom(seed);
			return [r.uint32(), r.next(), r.below(10), r.exponential(5)];
		};
		expect(draw(7)).toEqual(draw(7));
		expect(draw(7)).not.toEqual(draw(8));
	});

	it('keeps draws in range, with the asked-for means', () => {
		const r = createRandom(3);
		let sum = 0;
		let exp = 0;
		let outOfRange = 0;
		for (let i = 0; i < 20_000; i++) {
			const x = r.next();
			const k = r.below(6);
			if (x < 0 || x >= 1 || !Number.isInteger(k) || k < 0 || k >= 6) outOfRange++;
			sum += x;
			exp += r.exponential(10);
		}
		expect(outOfRange).toBe(0);
		expect(sum / 20_000).toBeCloseTo(0.5, 1);
		expect(exp / 20_000).toBeGreaterThan(9.5);
		expect(exp / 20_000).toBeLessThan(10.5);
	});
});
