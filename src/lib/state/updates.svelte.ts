/**
 * The service worker's life as the page sees it: registration, "ready for offline", and a new version waiting.
 * A new worker waits (it never takes over by itself); the user accepts the update, the worker skips waiting,
 * and the page reloads into the new version. Updates are checked on start, hourly, and when the app returns to
 * the foreground, so an open app never keeps an old version silently.
 */
import { browser, dev } from '$app/environment';

const HOURLY = 60 * 60 * 1000;

class AppUpdates {
	/** A new version is installed and waiting for the user's go-ahead. */
	updateReady = $state(false);
	/** The first install finished: every page is now cached. */
	offlineReady = $state(false);
	/** A worker controls this page (it will open offline). */
	controlled = $state(false);
	online = $state(true);
	#registration: ServiceWorkerRegistration | undefined;
	#reloading = false;

	async start() {
		if (!browser) return;
		this.online = navigator.onLine;
		addEventListener('online', () => (this.online = true));
		addEventListener('offline', () => (this.online = false));
		if (!('serviceWorker' in navigator) || dev) return;
		const sw = navigator.serviceWorker;
		this.controlled = !!sw.controller;
		sw.addEventListener('controllerchange', () => {
			this.controlled = true;
			if (this.#reloading) location.reload();
		});
		let registration: ServiceWorkerRegistration | undefined;
		try {
			registration = await sw.register('/service-worker.js');
		} catch {
			/* handled below */
		}
		if (!registration) return; // no worker (blocked by policy, or not served): the app still runs online
		this.#registration = registration;
		if (registration.waiting && sw.controller) this.updateReady = true;
		registration.addEventListener('updatefound', () => this.#watch(registration.installing));
		this.#watch(registration.installing);
		setInterval(() => this.check(), HOURLY);
		document.addEventListener('visibilitychange', () => {
			if (document.visibilityState === 'visible') this.check();
		});
	}

	#watch(worker: ServiceWorker | null) {
		if (!worker) return;
		const onState = () => {
			if (worker.state !== 'installed') return;
			// With a controller this is an update; without one it is the first install.
			if (navigator.serviceWorker.controller) this.updateReady = true;
			else this.offlineReady = true;
		};
		worker.addEventListener('statechange', onState);
		onState();
	}

	/** Asks the server for a newer service worker. */
	async check() {
		try {
			await this.#registration?.update();
		} catch {
			/* offline or server down: try again next time */
		}
	}

	/** Moves to the waiting version: the worker activates, takes control, and the page reloads. */
	apply() {
		const waiting = this.#registration?.waiting;
		if (!waiting) return location.reload();
		this.#reloading = true;
		waiting.postMessage({ type: 'SKIP_WAITING' });
	}

	dismiss() {
		this.updateReady = false;
		this.offlineReady = false;
	}
}

export const updates = new AppUpdates();
