import { describe, expect, it } from 'vitest';
import { linePath, linear, markerIndexes, niceStep, niceTicks, tickBudget, tickLabel } from '$lib/components/charts/scale';

describe('chart scales', () => {
	it('maps a domain onto a range, flipped for a y axis', () => {
		const y = linear([0, 200], [180, 0]);
		expect(y(0)).toBe(180);
		expect(y(200)).toBe(0);
		expect(y(50)).toBe(135);
		expect(linear([3, 3], [10, 20])(3)).toBe(10);
	});

	it('picks steps of 1, 2 or 5 times a power of ten', () => {
		expect(niceStep(100, 5)).toBe(20);
		expect(niceStep(100, 10)).toBe(10);
		expect(niceStep(40, 4)).toBe(10);
		expect(niceStep(40, 3)).toBe(20);
		expect(niceStep(7, 5)).toBe(2);
		expect(niceStep(0.3, 3)).toBeCloseTo(0.1);
		expect(niceStep(1234, 4)).toBe(500);
		expect(niceStep(0, 4)).toBe(1);
	});

	it('gives ticks that start at 0 and end at or above the maximum', () => {
		expect(niceTicks(0, 87, 5)).toEqual([0, 20, 40, 60, 80, 100]);
		expect(niceTicks(0, 100, 5)).toEqual([0, 20, 40, 60, 80, 100]);
		expect(niceTicks(0, 0, 4)).toEqual([0, 0.5, 1]);
		expect(niceTicks(0, 0.3, 3)).toEqual([0, 0.1, 0.2, 0.3]);
		expect(niceTicks(0, 40, 8)).toEqual([0, 5, 10, 15, 20, 25, 30, 35, 40]);
		for (const [max, budget] of [[13, 3], [999, 6], [2.5, 4], [61, 7]] as const) {
			const ticks = niceTicks(0, max, budget);
			expect(ticks.length - 1, `${max}/${budget}`).toBeLessThanOrEqual(budget);
			expect(ticks.at(-1)!).toBeGreaterThanOrEqual(max);
		}
	});

	it('fits ticks to the width so labels do not touch', () => {
		expect(tickBudget(300, 24)).toBe(8);
		expect(tickBudget(40, 24)).toBe(2);
	});

	it('labels ticks with the decimals the step needs and grouped thousands', () => {
		expect(tickLabel(20, 20)).toBe('20');
		expect(tickLabel(0.2, 0.1)).toBe('0.2');
		expect(tickLabel(12000, 2000)).toBe('12\u2009000');
		expect(tickLabel(-5, 5)).toBe('−5');
	});

	it('draws a path that breaks where values are missing', () => {
		expect(linePath([0, 10, 20, 30], [5, null, 7, 8])).toBe('M0.0,5.0M20.0,7.0L30.0,8.0');
		expect(linePath([0, 10], [null, null])).toBe('');
	});

	it('spreads markers along a line and staggers them between series', () => {
		expect(markerIndexes(40, 0, 2)).toEqual([0, 5, 10, 15, 20, 25, 30, 35]);
		expect(markerIndexes(40, 1, 2)).toEqual([2, 7, 12, 17, 22, 27, 32, 37]);
		expect(markerIndexes(3, 0, 3)).toEqual([0, 1, 2]);
		expect(markerIndexes(0, 0, 1)).toEqual([]);
	});
});
