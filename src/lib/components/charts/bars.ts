/**
 * The geometry of a horizontal bar chart, kept out of the component so it can be tested: each bar on a row of its
 * own under its label (so long labels never squeeze the bars on a phone), a shared scale from 0 to a nice tick, and
 * room at the right for the longest value printed after its bar.
 */
import { linear, niceTicks, tickBudget } from './scale';

export interface BarGeometry {
	width: number;
	height: number;
	/** Where bars start and where the scale ends. */
	left: number;
	right: number;
	ticks: number[];
	bars: { labelY: number; y: number; width: number; valueX: number }[];
	/** The top of the axis line, under the last bar. */
	axisY: number;
}

export const BAR = { row: 46, label: 16, thickness: 18, char: 7, axis: 22 } as const;

/** Lays out one bar per value across `width` pixels; `valueChars` is the length of the longest printed value. */
export function barLayout(values: readonly number[], width: number, valueChars: number): BarGeometry {
	const left = 4;
	const right = Math.max(left + 40, width - 8 - BAR.char * valueChars);
	const max = Math.max(0, ...values.filter((v) => Number.isFinite(v)));
	const ticks = niceTicks(0, max, tickBudget(right - left, BAR.char * 5, 12));
	const sx = linear([0, ticks.at(-1)!], [left, right]);
	const bars = values.map((v, i) => {
		const top = i * BAR.row;
		const end = Number.isFinite(v) && v > 0 ? Math.max(left + 1, sx(v)) : left;
		return { labelY: top + BAR.label - 4, y: top + BAR.label, width: end - left, valueX: end + 5 };
	});
	const axisY = values.length * BAR.row;
	return { width, height: axisY + BAR.axis, left, right, ticks, bars, axisY };
}
