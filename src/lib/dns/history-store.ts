/**
 * Saved traces in IndexedDB: database `wirewalk` (version 1), store `traces` keyed by `id`, index `startedAt`.
 * Records go in by structured clone, bytes and all. Every call resolves only once its transaction has completed
 * (a write is on disk, not merely queued) and rejects with a `HistoryError` whose message says what went wrong.
 */
import type { Security } from '$lib/dnssec/verdict';
import type { UserError } from '$lib/errors';
import type { TraceMode, TraceRecord } from './trace-record';

export const HISTORY_DB = 'wirewalk';
export const HISTORY_VERSION = 1;
const STORE = 'traces';
const BY_START = 'startedAt';

/** What the history list shows of a trace, without its bytes. */
export interface TraceSummary {
	id: string;
	name: string;
	type: number;
	mode: TraceMode;
	via?: string;
	startedAt: string;
	rcode: number;
	answerCount: number;
	elapsedMs: number;
	/** A DNSSEC walk's overall verdict. */
	security?: Security;
}

export interface HistoryStore {
	/** Newest first. */
	list(): Promise<TraceSummary[]>;
	get(id: string): Promise<TraceRecord | undefined>;
	put(record: TraceRecord): Promise<void>;
	delete(id: string): Promise<void>;
	clear(): Promise<void>;
	/** Traces whose name contains the text (case-insensitive), newest first. */
	search(text: string): Promise<TraceSummary[]>;
	close(): void;
}

export type HistoryErrorCode = 'unavailable' | 'quota' | 'blocked' | 'failed';
type HistoryAction = 'open' | 'list' | 'get' | 'save' | 'delete' | 'clear';

const ACTION_TEXT: Record<HistoryAction, { en: string; 'zh-CN': string }> = {
	open: { en: 'open', 'zh-CN': '打开' },
	list: { en: 'list', 'zh-CN': '列出' },
	get: { en: 'read', 'zh-CN': '读取' },
	save: { en: 'save', 'zh-CN': '保存' },
	delete: { en: 'delete', 'zh-CN': '删除' },
	clear: { en: 'clear', 'zh-CN': '清空' }
};

/** A rejection from the store: `message` in English for logs, `error` in both languages for the page. */
export class HistoryError extends Error {
	readonly error: UserError<HistoryErrorCode>;
	constructor(code: HistoryErrorCode, action: HistoryAction, cause?: unknown) {
		// DOMExceptions and Errors both have a name and a message.
		const { name, message } = (cause ?? {}) as { name?: string; message?: string };
		const why = name ? `${name}${message ? `: ${message}` : ''}` : 'no reason given';
		const reason = {
			unavailable: { en: 'this browser offers no IndexedDB here', 'zh-CN': '此浏览器在这里不提供 IndexedDB' },
			quota: { en: "the browser's storage for this site is full (quota exceeded)", 'zh-CN': '浏览器为本站提供的存储空间已满（超出配额）' },
			blocked: { en: 'another tab holds an older version of the database open', 'zh-CN': '另一个标签页打开着旧版本的数据库' },
			failed: { en: why, 'zh-CN': why }
		}[code];
		super(`Saved traces: could not ${ACTION_TEXT[action].en}: ${reason.en}`);
		this.name = 'HistoryError';
		this.error = { code, message: { en: this.message, 'zh-CN': `已保存的追踪：无法${ACTION_TEXT[action]['zh-CN']}：${reason['zh-CN']}` } };
	}
}

function failure(action: HistoryAction, cause: unknown): HistoryError {
	const quota = (cause as { name?: string } | null)?.name === 'QuotaExceededError';
	return new HistoryError(quota ? 'quota' : 'failed', action, cause);
}

export function summarize(record: TraceRecord): TraceSummary {
	const { id, name, type, mode, via, startedAt, outcome } = record;
	return {
		id,
		name,
		type,
		mode,
		via,
		startedAt,
		rcode: outcome.rcode,
		answerCount: outcome.answer.length,
		elapsedMs: outcome.elapsedMs,
		...(outcome.dnssec ? { security: outcome.dnssec.security } : {})
	};
}

export function openHistory(factory: IDBFactory | undefined = globalThis.indexedDB): Promise<HistoryStore> {
	return new Promise((resolve, reject) => {
		if (!factory) return reject(new HistoryError('unavailable', 'open'));
		let request: IDBOpenDBRequest;
		try {
			request = factory.open(HISTORY_DB, HISTORY_VERSION);
		} catch (e) {
			// Some private modes throw rather than fail the request.
			return reject(failure('open', e));
		}
		request.onupgradeneeded = () => {
			const store = request.result.createObjectStore(STORE, { keyPath: 'id' });
			store.createIndex(BY_START, BY_START);
		};
		let blocked = false;
		request.onblocked = () => {
			blocked = true;
			reject(new HistoryError('blocked', 'open'));
		};
		request.onerror = () => reject(failure('open', request.error));
		request.onsuccess = () => {
			const db = request.result;
			// Opened after all, once the other tab let go: too late for this caller, who was told it failed.
			if (blocked) return db.close();
			// A newer version opened elsewhere (another tab after an update): step aside rather than block it.
			db.onversionchange = () => db.close();
			resolve(historyOn(db));
		};
	});
}

function historyOn(db: IDBDatabase): HistoryStore {
	/** Runs `work` in one transaction; resolves with its result once the transaction has completed. */
	function run<T>(action: HistoryAction, mode: IDBTransactionMode, work: (store: IDBObjectStore, done: (value: T) => void) => void): Promise<T> {
		return new Promise((resolve, reject) => {
			let tx: IDBTransaction;
			try {
				tx = db.transaction(STORE, mode);
			} catch (e) {
				return reject(failure(action, e));
			}
			let result: T;
			tx.oncomplete = () => resolve(result);
			// A failed request aborts the transaction; its error (quota among them) is the transaction's error.
			tx.onabort = () => reject(failure(action, tx.error));
			try {
				work(tx.objectStore(STORE), (value) => (result = value));
			} catch (e) {
				// A record that cannot be cloned throws here, synchronously.
				tx.abort();
				reject(failure(action, e));
			}
		});
	}

	/** Summaries of the records that pass `keep`, newest first, via the startedAt index. */
	function summaries(action: HistoryAction, keep: (record: TraceRecord) => boolean): Promise<TraceSummary[]> {
		return run<TraceSummary[]>(action, 'readonly', (store, done) => {
			const found: TraceSummary[] = [];
			done(found);
			const cursor = store.index(BY_START).openCursor(null, 'prev');
			cursor.onsuccess = () => {
				const at = cursor.result;
				if (!at) return;
				const record = at.value as TraceRecord;
				if (keep(record)) found.push(summarize(record));
				at.continue();
			};
		});
	}

	return {
		list: () => summaries('list', () => true),
		search(text) {
			const needle = text.trim().toLowerCase();
			return summaries('list', (record) => record.name.toLowerCase().includes(needle));
		},
		get: (id) =>
			run<TraceRecord | undefined>('get', 'readonly', (store, done) => {
				const request = store.get(id);
				request.onsuccess = () => done(request.result as TraceRecord | undefined);
			}),
		put: (record) => run<void>('save', 'readwrite', (store) => void store.put(record)),
		delete: (id) => run<void>('delete', 'readwrite', (store) => void store.delete(id)),
		clear: () => run<void>('clear', 'readwrite', (store) => void store.clear()),
		close: () => db.close()
	};
}
