import { describe, expect, it } from 'vitest';
import {
	AGAIN_INTERVAL,
	DAY,
	MAX_INTERVAL,
	MINUTE,
	STORAGE_KEY,
	answer,
	dueCards,
	emptyProgress,
	isDue,
	nextDue,
	nextInterval,
	parseProgress,
	relativeWait,
	review,
	serializeProgress,
	type CardState,
	type Grade,
	type Progress
} from '$lib/learn/schedule';

const T0 = Date.UTC(2026, 0, 1, 9, 0, 0);

/** Answers one card with `grades`, each at the moment it is due; returns the intervals in days. */
function replay(grades: readonly Grade[]): { days: number[]; state: CardState | undefined } {
	let state: CardState | undefined;
	let now = T0;
	const days: number[] = [];
	for (const grade of grades) {
		state = review(state, grade, now);
		days.push(state.interval / DAY);
		now = state.due;
	}
	return { days, state };
}

describe('schedule', () => {
	it('doubles from one day on “good”', () => {
		expect(replay(['good', 'good', 'good', 'good', 'good']).days).toEqual([1, 2, 4, 8, 16]);
	});

	it('brings a card back in 10 minutes on “again”, then starts over at one day', () => {
		const { days, state } = replay(['good', 'good', 'good', 'again', 'good', 'good']);
		expect(days).toEqual([1, 2, 4, AGAIN_INTERVAL / DAY, 1, 2]);
		expect(state).toMatchObject({ streak: 2, lapses: 1 });
	});

	it('puts the due date one interval after the answer', () => {
		expect(review(undefined, 'good', T0)).toEqual({ interval: DAY, due: T0 + DAY, streak: 1, lapses: 0 });
		expect(review(undefined, 'again', T0)).toEqual({ interval: 10 * MINUTE, due: T0 + 10 * MINUTE, streak: 0, lapses: 1 });
	});

	it('caps the interval at 180 days', () => {
		const { days } = replay(Array<Grade>(12).fill('good'));
		expect(days.slice(-5)).toEqual([128, 180, 180, 180, 180]);
		expect(nextInterval({ interval: MAX_INTERVAL, due: 0, streak: 9, lapses: 0 }, 'good')).toBe(MAX_INTERVAL);
	});

	it('says a new card is due, and a card is due from its due time on', () => {
		const state = review(undefined, 'good', T0);
		expect(isDue(undefined, T0)).toBe(true);
		expect(isDue(state, T0 + DAY - 1)).toBe(false);
		expect(isDue(state, T0 + DAY)).toBe(true);
	});

	it('orders due cards: the longest overdue first, then new cards in their order; leaves out cards not due', () => {
		let progress: Progress = emptyProgress();
		progress = answer(progress, 't/late', 'again', T0); // due T0 + 10 min
		progress = answer(progress, 't/later', 'again', T0 + MINUTE); // due T0 + 11 min
		progress = answer(progress, 't/known', 'good', T0); // due T0 + 1 day
		const ids = ['t/new-1', 't/known', 't/later', 't/late', 't/new-2'];
		const now = T0 + 30 * MINUTE;
		expect(dueCards(ids, progress, now)).toEqual(['t/late', 't/later', 't/new-1', 't/new-2']);
		expect(nextDue(ids, progress, now)).toBe(T0 + DAY);
		expect(nextDue(['t/late'], progress, now)).toBeUndefined();
	});

	it('answering “good” takes a card out of the due list until tomorrow', () => {
		const ids = ['t/a', 't/b'];
		const progress = answer(emptyProgress(), 't/a', 'good', T0);
		expect(dueCards(ids, progress, T0 + 1)).toEqual(['t/b']);
		expect(dueCards(ids, progress, T0 + DAY)).toEqual(['t/a', 't/b']);
	});

	it('writes the wait in the largest readable unit, rounded up', () => {
		expect(relativeWait(0)).toEqual({ value: 1, unit: 'minute' });
		expect(relativeWait(AGAIN_INTERVAL)).toEqual({ value: 10, unit: 'minute' });
		expect(relativeWait(90 * MINUTE)).toEqual({ value: 2, unit: 'hour' });
		expect(relativeWait(DAY)).toEqual({ value: 1, unit: 'day' });
		expect(relativeWait(2 * DAY)).toEqual({ value: 2, unit: 'day' });
	});
});

describe('stored progress', () => {
	it('has a stable key and a versioned format that round-trips', () => {
		expect(STORAGE_KEY).toBe('wirewalk.practice');
		const progress = answer(answer(emptyProgress(), 'dns/glue', 'good', T0), 'osi/map', 'again', T0);
		const raw = serializeProgress(progress);
		expect(JSON.parse(raw)).toMatchObject({ v: 1, cards: { 'dns/glue': { interval: DAY, due: T0 + DAY } } });
		expect(parseProgress(raw)).toEqual(progress);
	});

	it.each([null, '', 'not json', '[]', '42', '{}', '{"v":2,"cards":{}}', '{"v":1,"cards":[]}', '{"v":1,"cards":null}'])(
		'reads %j as empty progress',
		(raw) => {
			expect(parseProgress(raw)).toEqual(emptyProgress());
		}
	);

	it('drops malformed cards and odd ids, keeping the rest', () => {
		const good = { interval: DAY, due: T0 + DAY, streak: 1, lapses: 0 };
		const raw = JSON.stringify({
			v: 1,
			cards: {
				'dns/glue': good,
				'dns/negative': { ...good, interval: -1 },
				'dns/huge': { ...good, interval: 10 * MAX_INTERVAL },
				'dns/text': { ...good, due: 'tomorrow' },
				'dns/fraction': { ...good, streak: 1.5 },
				'dns/missing': { interval: DAY },
				'dns/null': null,
				'no-slash': good
			}
		}).replace('"cards":{', `"cards":{"__proto__":${JSON.stringify(good)},`);
		const progress = parseProgress(raw);
		expect(Object.keys(progress.cards)).toEqual(['dns/glue']);
		expect(Object.getPrototypeOf(progress.cards)).toBe(Object.prototype);
	});
});
