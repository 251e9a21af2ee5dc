/**
 * Spaced repetition for the flashcards, and the stored form of a learner's progress. Pure: the clock comes in as
 * `now` (milliseconds since the epoch), so tests replay exact sequences.
 *
 * The scheme (SM-2-lite, two buttons):
 * - A card never answered is due at once ("new").
 * - "Good": the interval doubles, starting from one day: 1 day, 2, 4, 8, … capped at MAX_INTERVAL (180 days).
 *   A card answered "again" earlier starts over at one day.
 * - "Again": the card comes back in 10 minutes, and its interval restarts.
 * - The card is next due `now + interval`.
 * Reviewing a card before it is due is allowed and counts from `now`, the same way.
 */

export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;
export const AGAIN_INTERVAL = 10 * MINUTE;
export const FIRST_INTERVAL = DAY;
export const MAX_INTERVAL = 180 * DAY;

export type Grade = 'again' | 'good';

/** What is remembered of one card. */
export interface CardState {
	/** The interval last given, in ms. */
	interval: number;
	/** When the card is due next (ms since the epoch). */
	due: number;
	/** Times answered "good" in a row. */
	streak: number;
	/** Times answered "again" in all. */
	lapses: number;
}

/** A learner's progress: the state of every card answered at least once, by card id (`<topic>/<question>`). */
export interface Progress {
	cards: Readonly<Record<string, CardState>>;
}

export const emptyProgress = (): Progress => ({ cards: {} });

/** The interval a grade would give a card now (also what the buttons say: "good: in 2 days"). */
export function nextInterval(state: CardState | undefined, grade: Grade): number {
	if (grade === 'again') return AGAIN_INTERVAL;
	if (!state || state.streak === 0) return FIRST_INTERVAL;
	return Math.min(MAX_INTERVAL, Math.max(FIRST_INTERVAL, state.interval * 2));
}

/** The state of a card after it is answered with `grade` at `now`. */
export function review(state: CardState | undefined, grade: Grade, now: number): CardState {
	const interval = nextInterval(state, grade);
	return {
		interval,
		due: now + interval,
		streak: grade === 'good' ? (state?.streak ?? 0) + 1 : 0,
		lapses: (state?.lapses ?? 0) + (grade === 'again' ? 1 : 0)
	};
}

/** Progress with one card answered. */
export function answer(progress: Progress, id: string, grade: Grade, now: number): Progress {
	return { cards: { ...progress.cards, [id]: review(progress.cards[id], grade, now) } };
}

export function isDue(state: CardState | undefined, now: number): boolean {
	return !state || state.due <= now;
}

/**
 * The cards of `ids` that are due at `now`, in the order to practise them: cards seen before first, the longest
 * overdue first; then new cards in the order given (the order of the topic's questions).
 */
export function dueCards(ids: readonly string[], progress: Progress, now: number): string[] {
	const seen = ids.filter((id) => progress.cards[id] && progress.cards[id].due <= now);
	seen.sort((a, b) => progress.cards[a]!.due - progress.cards[b]!.due);
	const fresh = ids.filter((id) => !progress.cards[id]);
	return [...seen, ...fresh];
}

/** When the next of `ids` that is not due yet becomes due, or undefined when none is waiting. */
export function nextDue(ids: readonly string[], progress: Progress, now: number): number | undefined {
	let next: number | undefined;
	for (const id of ids) {
		const due = progress.cards[id]?.due;
		if (due !== undefined && due > now && (next === undefined || due < next)) next = due;
	}
	return next;
}

// ---------------------------------------------------------------------------------------------------------------
// Stored form: localStorage `wirewalk.practice` = {"v":1,"cards":{"dns/recursive-iterative":{"interval":…,…}}}

export const STORAGE_KEY = 'wirewalk.practice';
export const STORAGE_VERSION = 1;

/** Card ids are `<topic>/<question>`, both made of lowercase letters, digits and dashes. */
const CARD_ID = /^[a-z0-9-]{1,64}\/[a-z0-9-]{1,64}$/;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

function parseCard(value: unknown): CardState | undefined {
	if (typeof value !== 'object' || value === null) return undefined;
	const { interval, due, streak, lapses } = value as Record<string, unknown>;
	if (!isTime(interval) || interval > MAX_INTERVAL || !isTime(due) || !isCount(streak) || !isCount(lapses)) return undefined;
	return { interval, due, streak, lapses };
}

/**
 * Reads stored progress. Anything unreadable is dropped rather than trusted: text that is not JSON, another
 * version, or a malformed card gives empty progress (or leaves that card out), never an exception.
 */
export function parseProgress(raw: string | null | undefined): Progress {
	if (!raw) return emptyProgress();
	let data: unknown;
	try {
		data = JSON.parse(raw);
	} catch {
		return emptyProgress();
	}
	if (typeof data !== 'object' || data === null) return emptyProgress();
	const { v, cards } = data as Record<string, unknown>;
	if (v !== STORAGE_VERSION || typeof cards !== 'object' || cards === null || Array.isArray(cards)) return emptyProgress();
	const kept: Record<string, CardState> = {};
	for (const [id, value] of Object.entries(cards)) {
		const card = parseCard(value);
		if (card && CARD_ID.test(id)) kept[id] = card;
	}
	return { cards: kept };
}

export function serializeProgress(progress: Progress): string {
	return JSON.stringify({ v: STORAGE_VERSION, cards: progress.cards });
}

/**
 * A wait in the largest unit that keeps it readable, for Intl.RelativeTimeFormat ("in 10 minutes", "2 天后"):
 * minutes under an hour, hours under a day, days beyond. Rounded up, so "due in 0 minutes" never shows.
 */
export function relativeWait(ms: number): { value: number; unit: 'minute' | 'hour' | 'day' } {
	const minutes = Math.max(1, Math.ceil(ms / MINUTE));
	if (minutes < 60) return { value: minutes, unit: 'minute' };
	if (minutes < 24 * 60) return { value: Math.ceil(minutes / 60), unit: 'hour' };
	return { value: Math.ceil(ms / DAY), unit: 'day' };
}
