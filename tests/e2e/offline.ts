/** What the offline tests share: a page the service worker controls, then cut off from a server that has stopped. */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { BUILDS, PHONE, hydrated, serveNodeBuild, serviceWorkerControls, watchErrors } from './harness';

export interface OfflinePage {
	page: Page;
	context: BrowserContext;
	/** The origin of the stopped server: pages under it can only come from the service worker now. */
	origin: string;
	/** Console errors and page errors, as they happen. */
	errors: string[];
}

/**
 * Serves build a, opens `first` (default /learn) so the service worker installs and takes control, then stops the
 * server and takes the browser offline. Pages not yet visited must come from the precache.
 */
export async function offlinePage(browser: Browser, options: { locale?: string; first?: string } = {}): Promise<OfflinePage> {
	const own = await serveNodeBuild(BUILDS.a.dir);
	const context = await browser.newContext({ ...PHONE, locale: options.locale ?? 'zh-CN' });
	const page = await context.newPage();
	const errors = watchErrors(page);
	await page.goto(own.origin + (options.first ?? '/learn'));
	await hydrated(page);
	await serviceWorkerControls(page);
	await context.setOffline(true);
	await own.stop();
	return { page, context, origin: own.origin, errors };
}

/** Opens `url`, which only the service worker can answer now (it fails if the network did), and waits for hydration. */
export async function openOffline(page: Page, url: string): Promise<void> {
	const response = await page.goto(url);
	expect(response?.fromServiceWorker(), url).toBe(true);
	await hydrated(page);
}
