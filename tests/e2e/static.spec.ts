/** The static build (WIREWALK_STATIC=1): works from a plain file host, and hides what needs our server. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILDS, ROUTES, hydrated, launchChromium, serveNodeBuild, serveStatic, serviceWorkerControls, watchErrors, type Served } from './harness';

let browser: Browser;
let host: Served;
let node: Served;

beforeAll(async () => {
	browser = await launchChromium();
	host = await serveStatic(BUILDS.static.dir);
	node = await serveNodeBuild(BUILDS.a.dir);
});
afterAll(async () => {
	await browser?.close();
	await host?.stop();
	await node?.stop();
});

describe('static build', () => {
	it('serves every page from plain files, with server features hidden', async () => {
		const context = await browser.newContext({ locale: 'en-US' });
		const page = await context.newPage();
		const errors = watchErrors(page);
		for (const route of ROUTES) {
			const response = await page.goto(host.origin + route);
			expect(response?.status(), route).toBe(200);
			await hydrated(page);
			expect(await page.locator('footer').innerText()).toContain('Static build');
		}
		await page.goto(host.origin + '/dns');
		await hydrated(page);
		expect(await page.getByTestId('direct-availability').innerText()).toContain('static site');
		await serviceWorkerControls(page);
		expect(errors).toEqual([]);
		await context.close();
	});

	it('is the Node build that offers direct mode', async () => {
		const context = await browser.newContext({ locale: 'en-US', serviceWorkers: 'block' });
		const page = await context.newPage();
		await page.goto(node.origin + '/dns');
		await hydrated(page);
		expect(await page.getByTestId('direct-availability').innerText()).toBe('This server can offer direct mode.');
		expect(await page.locator('footer').innerText()).not.toContain('Static build');
		await context.close();
	});

	it('serves the relay in the Node build only, and the relay refuses private targets', async () => {
		// A private address is refused before anything is sent, so this needs no DNS server at all.
		const query = 'AAABAAABAAAAAAAAB2V4YW1wbGUDY29tAAABAAE'; // example.com A, ID 0
		const relayed = await fetch(node.origin + '/api/relay', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ query, server: '10.0.0.1' })
		});
		expect(relayed.status).toBe(403);
		expect(relayed.headers.get('cache-control')).toBe('no-store');
		expect(((await relayed.json()) as { error: { code: string } }).error.code).toBe('special-use');
		// GET tells the page the root hints a direct walk starts from: IANA's, as no WIREWALK_ROOT_HINTS is set here.
		const hints = await fetch(node.origin + '/api/relay');
		expect(hints.status).toBe(200);
		const { rootHints } = (await hints.json()) as { rootHints: { name: string; addresses: string[] }[] };
		expect(rootHints).toHaveLength(13);
		expect(rootHints[0]).toEqual({ name: 'a.root-servers.net.', addresses: ['198.41.0.4', '2001:503:ba3e::2:30'] });
		expect((await fetch(node.origin + '/api/relay', { method: 'PUT' })).status).toBe(405);
		expect((await fetch(host.origin + '/api/relay', { method: 'POST', body: '{}' })).status).toBe(404);
	});
});
