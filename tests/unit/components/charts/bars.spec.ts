import { describe, expect, it } from 'vitest';
import { BAR, barLayout } from '$lib/components/charts/bars';

describe('bar chart layout', () => {
	it('scales bars from 0 to the top tick, widest last within the plot', () => {
		const g = barLayout([100, 50, 0, 87], 320, 3);
		expect(g.ticks[0]).toBe(0);
		expect(g.ticks.at(-1)).toBe(100);
		expect(g.right).toBe(320 - 8 - 3 * BAR.char);
		const [a, b, zero, d] = g.bars;
		expect(a!.width).toBeCloseTo(g.right - g.left);
		expect(b!.width).toBeCloseTo((g.right - g.left) / 2);
		expect(zero!.width).toBe(0);
		expect(d!.width).toBeCloseTo(0.87 * (g.right - g.left));
		for (const bar of g.bars) expect(bar.valueX + 3 * BAR.char).toBeLessThanOrEqual(320);
	});

	it('gives every bar its own row under its label, and the axis below them', () => {
		const g = barLayout([1, 2, 3], 360, 5);
		expect(g.bars.map((b) => b.y)).toEqual([BAR.label, BAR.row + BAR.label, 2 * BAR.row + BAR.label]);
		for (const b of g.bars) expect(b.labelY).toBeLessThan(b.y);
		expect(g.axisY).toBe(3 * BAR.row);
		expect(g.height).toBe(g.axisY + BAR.axis);
	});

	it('keeps a tiny value visible and survives all zeros', () => {
		const g = barLayout([1000, 0.001], 300, 4);
		expect(g.bars[1]!.width).toBeGreaterThanOrEqual(1);
		const zeros = barLayout([0, 0], 300, 1);
		expect([zeros.ticks[0], zeros.ticks.at(-1)]).toEqual([0, 1]);
		expect(zeros.bars.every((b) => b.width === 0)).toBe(true);
	});

	it('fits fewer ticks on a narrow chart', () => {
		expect(barLayout([1234], 200, 5).ticks.length).toBeLessThan(barLayout([1234], 600, 5).ticks.length);
	});
});
