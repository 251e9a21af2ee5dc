/**
 * A small seeded pseudo-random generator for the labs: the same seed gives the same run, so a person can replay
 * (or share) exactly what they saw, and tests can assert on it. Not for cryptography.
 *
 * The generator is mulberry32 by Tommy Ettinger (public domain), as collected in bryc's "PRNGs.md"
 * (https://github.com/bryc/code/blob/master/jshash/PRNGs.md): 32 bits of state, period 2^32, fast in plain
 * JavaScript thanks to Math.imul. That is plenty for simulations of a few hundred thousand draws.
 */

export interface Random {
	/** An unsigned 32-bit integer (e.g. a TCP initial sequence number). */
	uint32(): number;
	/** A float in [0, 1). */
	next(): number;
	/** An integer in [0, count). */
	below(count: number): number;
	/** A draw from the exponential distribution with this mean: the gaps between events of a Poisson process. */
	exponential(mean: number): number;
}

/** The raw mulberry32 step: each call returns the next unsigned 32-bit output for this seed. */
export function mulberry32(seed: number): () => number {
	let state = seed | 0;
	return () => {
		state = (state + 0x6d2b79f5) | 0;
		let t = Math.imul(state ^ (state >>> 15), state | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return (t ^ (t >>> 14)) >>> 0;
	};
}

export function createRandom(seed: number): Random {
	const step = mulberry32(seed);
	const next = () => step() / 4294967296;
	return {
		uint32: step,
		next,
		below: (count) => Math.floor(next() * count),
		// 1 - next() is in (0, 1], so the logarithm is finite.
		exponential: (mean) => -Math.log(1 - next()) * mean
	};
}
