/**
 * Flashcard progress, kept in localStorage (`wirewalk.practice`, see $lib/learn/schedule for the format and the
 * scheduling rules). The page reads `due()`; answering re-reads storage first, so two open tabs do not undo each
 * other's answers, and an answer in another tab shows up here through the `storage` event.
 */
import { browser } from '$app/environment';
import {
	answer,
	dueCards,
	emptyProgress,
	nextDue,
	parseProgress,
	serializeProgress,
	STORAGE_KEY,
	type Grade,
	type Progress
} from '$lib/learn/schedule';

function readStored(): string | null {
	try {
		return localStorage.getItem(STORAGE_KEY);
	} catch {
		return null;
	}
}

class Practice {
	progress = $state.raw<Progress>(emptyProgress());
	/** The time due dates are compared with; moved on by `tick()` and by every answer. */
	now = $state(0);
	/** Progress has been read from storage (the prerendered page shows no cards until then). */
	loaded = $state(false);
	/** Storage refused to save (private mode, quota): practice goes on, but is not remembered. */
	unsaved = $state(false);
	#clock: () => number = () => Date.now();

	/** Called by pages that practise, once in the browser. A clock can be passed in for tests. */
	start(clock?: () => number) {
		if (clock) this.#clock = clock;
		if (!browser || this.loaded) return;
		this.progress = parseProgress(readStored());
		this.now = this.#clock();
		this.loaded = true;
		addEventListener('storage', (event) => {
			if (event.key === STORAGE_KEY || event.key === null) this.progress = parseProgress(event.newValue);
		});
	}

	tick() {
		this.now = this.#clock();
	}

	/** The cards of `ids` due now, in practice order. */
	due(ids: readonly string[]): string[] {
		return dueCards(ids, this.progress, this.now);
	}

	/** When the next card of `ids` that is not due yet becomes due. */
	nextDue(ids: readonly string[]): number | undefined {
		return nextDue(ids, this.progress, this.now);
	}

	grade(id: string, grade: Grade) {
		const now = this.#clock();
		// Another tab may have answered since: start from what is stored (or, when storage is unreadable, from memory).
		const stored = browser ? readStored() : null;
		const latest = stored === null ? this.progress : parseProgress(stored);
		this.progress = answer(latest, id, grade, now);
		this.now = now;
		try {
			localStorage.setItem(STORAGE_KEY, serializeProgress(this.progress));
			this.unsaved = false;
		} catch {
			this.unsaved = true;
		}
	}
}

export const practice = new Practice();
