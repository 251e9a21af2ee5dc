/**
 * Saved traces, kept in IndexedDB (with their bytes) so they reopen offline and survive reloads and app updates.
 * The store is $lib/dns/history-store; this class keeps the list the page shows in step with it.
 */
import { browser } from '$app/environment';
import { openHistory, type HistoryStore, type TraceSummary } from '$lib/dns/history-store';
import type { TraceRecord } from '$lib/dns/trace-record';
import type { LocalizedText } from '$lib/i18n/locales';

class History {
	items = $state.raw<TraceSummary[]>([]);
	filter = $state('');
	loaded = $state(false);
	/** Storage that is missing or full: said once, the app goes on without saving. */
	problem = $state.raw<LocalizedText>();
	#store?: Promise<HistoryStore | undefined>;

	#open(): Promise<HistoryStore | undefined> {
		this.#store ??= openHistory().catch((e: unknown) => {
			this.#fail(e);
			return undefined;
		});
		return this.#store;
	}

	#fail(e: unknown) {
		const why = e instanceof Error ? e.message : String(e);
		this.problem = {
			en: `Saved traces are unavailable here (${why}). Traces still run, but are not kept.`,
			'zh-CN': `此处无法使用已保存的追踪（${why}）。追踪仍可运行，但不会保存。`
		};
	}

	async refresh() {
		if (!browser) return;
		const store = await this.#open();
		if (!store) return;
		try {
			this.items = this.filter.trim() ? await store.search(this.filter.trim()) : await store.list();
		} catch (e) {
			this.#fail(e);
		}
		this.loaded = true;
	}

	async save(record: TraceRecord) {
		const store = await this.#open();
		if (!store) return;
		try {
			await store.put(record);
		} catch (e) {
			this.#fail(e);
		}
		await this.refresh();
	}

	async get(id: string): Promise<TraceRecord | undefined> {
		const store = await this.#open();
		return store?.get(id);
	}

	async remove(id: string) {
		const store = await this.#open();
		await store?.delete(id);
		await this.refresh();
	}

	async clear() {
		const store = await this.#open();
		await store?.clear();
		await this.refresh();
	}
}

export const history = new History();
