/**
 * The arithmetic of the charts, kept out of the components so it can be tested: linear scales, "nice" ticks
 * (steps of 1, 2 or 5 times a power of ten, as people count), how many ticks fit a width without their labels
 * touching, tick labels, and an SVG path that breaks at missing values.
 */

/** Maps [d0, d1] onto [r0, r1]; a zero-width domain maps everything to r0. */
export function linear(domain: readonly [number, number], range: readonly [number, number]): (value: number) => number {
	const [d0, d1] = domain;
	const [r0, r1] = range;
	const span = d1 - d0;
	return (value) => (span === 0 ? r0 : r0 + ((value - d0) / span) * (r1 - r0));
}

/** The smallest step of 1, 2 or 5 × 10^k that divides `span` into at most `maxTicks` intervals. */
export function niceStep(span: number, maxTicks: number): number {
	if (!(span > 0) || !Number.isFinite(span)) return 1;
	const raw = span / Math.max(1, maxTicks);
	const power = 10 ** Math.floor(Math.log10(raw));
	for (const m of [1, 2, 5, 10]) if (m * power >= raw - 1e-12 * power) return m * power;
	return 10 * power;
}

/** Ticks from 0 (or below `min`) up to the first nice value at or above `max`: the last tick is the axis's top. */
export function niceTicks(min: number, max: number, maxTicks: number): number[] {
	if (!(max > min)) max = min + 1;
	const step = niceStep(max - min, maxTicks);
	const first = Math.floor(min / step + 1e-9) * step;
	const last = Math.ceil(max / step - 1e-9) * step;
	const ticks: number[] = [];
	for (let i = 0; first + i * step <= last + step * 1e-9; i++) ticks.push(round(first + i * step, step));
	return ticks;
}

/** Rounds away floating-point noise (0.30000000000000004) to the precision of the step. */
function round(value: number, step: number): number {
	const decimals = Math.max(0, -Math.floor(Math.log10(step)));
	return Number(value.toFixed(decimals));
}

/** How many ticks fit along `pixels` when each label needs `labelPixels` plus a gap. At least 2. */
export function tickBudget(pixels: number, labelPixels: number, gap = 12): number {
	return Math.max(2, Math.floor(pixels / (labelPixels + gap)));
}

/** A tick's label: as many decimals as the step needs, thousands grouped with a thin space (12 000). */
export function tickLabel(value: number, step: number): string {
	const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
	const [whole, fraction] = Math.abs(value).toFixed(decimals).split('.');
	const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009');
	return `${value < 0 ? '−' : ''}${grouped}${fraction ? '.' + fraction : ''}`;
}

/** An SVG path through the points; a missing value (null) ends a segment, the next value starts a new one. */
export function linePath(xs: readonly number[], ys: readonly (number | null)[]): string {
	let d = '';
	let drawing = false;
	ys.forEach((y, i) => {
		if (y === null || !Number.isFinite(y)) {
			drawing = false;
			return;
		}
		d += `${drawing ? 'L' : 'M'}${xs[i]!.toFixed(1)},${y.toFixed(1)}`;
		drawing = true;
	});
	return d;
}

/**
 * Which points of series `index` (of `count`) carry a marker: about `perSeries` spread over the line, each series
 * shifted so markers of overlapping lines do not sit on top of each other.
 */
export function markerIndexes(length: number, index: number, count: number, perSeries = 8): number[] {
	if (length === 0) return [];
	const every = Math.max(1, Math.ceil(length / perSeries));
	const offset = Math.floor((index * every) / Math.max(1, count));
	const out: number[] = [];
	for (let i = offset % every; i < length; i += every) out.push(i);
	return out;
}
