/** The installable, offline app: manifest, service worker, offline pages, and the update prompt. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILDS, PHONE, ROUTES, hydrated, launchChromium, serveNodeBuild, serviceWorkerControls, settled, watchErrors, type Served } from './harness';
import { openOffline } from './offline';

let browser: Browser;
const servers: Served[] = [];

beforeAll(async () => {
	browser = await launchChromium();
});
afterAll(async () => {
	await browser?.close();
	for (const s of servers) await s.stop();
});

async function serve(dir: string, port?: number) {
	const s = await serveNodeBuild(dir, port);
	servers.push(s);
	return s;
}

describe('PWA', () => {
	it('has an installable manifest with 192, 512 and maskable icons', async () => {
		const server = await serve(BUILDS.a.dir);
		const context = await browser.newContext({ serviceWorkers: 'block' });
		const page = await context.newPage();
		await page.goto(server.origin + '/');
		const href = await page.getAttribute('link[rel="manifest"]', 'href');
		const manifestUrl = new URL(href!, server.origin).toString();
		const manifest = await (await fetch(manifestUrl)).json();
		expect(manifest).toMatchObject({ short_name: 'Wirewalk', display: 'standalone', start_url: '/', scope: '/' });
		expect(manifest.name).toMatch(/Wirewalk/);
		expect(manifest.description).toMatch(/[\u4e00-\u9fff]/);
		expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
		expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);
		// Each PNG icon is a real PNG of the size it claims (width and height from the IHDR chunk).
		const pngs = manifest.icons.filter((i: { type: string }) => i.type === 'image/png');
		for (const icon of pngs) {
			const bytes = new Uint8Array(await (await fetch(new URL(icon.src, manifestUrl))).arrayBuffer());
			const view = new DataView(bytes.buffer);
			expect(Array.from(bytes.subarray(1, 4))).toEqual([0x50, 0x4e, 0x47]);
			expect(`${view.getUint32(16)}x${view.getUint32(20)}`).toBe(icon.sizes);
		}
		const sizes = pngs.map((i: { sizes: string; purpose: string }) => `${i.sizes} ${i.purpose}`);
		expect(sizes).toEqual(expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']));
		await context.close();
	});

	it('opens pages offline after one visit, including pages never visited, and reloads them', async () => {
		const server = await serve(BUILDS.a.dir);
		const context = await browser.newContext({ ...PHONE, locale: 'en-US' });
		const page = await context.newPage();
		const errors = watchErrors(page);
		await page.goto(server.origin + '/');
		await hydrated(page);
		await serviceWorkerControls(page);
		expect(await page.getByTestId('offline-ready').innerText()).toContain('works offline');

		await context.setOffline(true);
		await server.stop(); // not just offline: there is no server any more
		for (const route of ROUTES.filter((r) => r !== '/')) {
			await openOffline(page, server.origin + route);
			expect((await page.locator('h1').innerText()).length).toBeGreaterThan(1);
			await page.reload();
			await hydrated(page);
			expect(await page.locator('h1').count()).toBe(1);
		}
		// The page still works offline: the anatomy builds a query with no network at all.
		await page.goto(server.origin + '/dns/anatomy?name=www.example.com&type=A');
		await settled(page);
		await page.getByLabel(/EDNS with the DO bit/).uncheck();
		await page.keyboard.press('End');
		await page.getByRole('button', { name: 'Next step' }).focus();
		await page.keyboard.press('End');
		expect(await page.getByTestId('request-line').innerText()).toBe('GET /dns-query?dns=AAABAAABAAAAAAAAA3d3dwdleGFtcGxlA2NvbQAAAQAB');
		expect(await page.getByText('You are offline').count()).toBe(1);
		expect(errors).toEqual([]);
		await context.close();
	});

	it('offers a new version when one is deployed, and loads it when asked, keeping the saved traces', async () => {
		const first = await serve(BUILDS.a.dir);
		const context = await browser.newContext({ locale: 'en-US' });
		const page = await context.newPage();
		const errors = watchErrors(page);
		await page.addInitScript(() => localStorage.setItem('wirewalk.dns.source', JSON.stringify({ mode: 'demo', provider: 'cloudflare', customUrl: '' })));
		await page.goto(first.origin + '/dns');
		await settled(page);
		await serviceWorkerControls(page);
		expect(await page.getByTestId('app-version').innerText()).toBe('Version e2e-a');
		// A trace saved by version A (the demo world answers in the page, no server needed).
		await page.locator('#dns-name').fill('www.shop.demo');
		await page.getByTestId('walk').click();
		await page.locator('[data-testid="trace"][data-status="done"]').waitFor({ timeout: 30_000 });
		await page.getByTestId('history-item').first().waitFor({ timeout: 5_000 });

		// Deploy: the same origin now serves build B.
		await first.stop();
		await serve(BUILDS.b.dir, first.port);
		// The old version keeps working until the user says so: nothing switches silently.
		await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
		const prompt = page.getByTestId('update-prompt');
		await prompt.waitFor({ timeout: 30_000 });
		expect(await prompt.innerText()).toContain('A new version of Wirewalk is ready.');
		expect(await page.getByTestId('app-version').innerText()).toBe('Version e2e-a');

		await Promise.all([page.waitForEvent('load', { timeout: 30_000 }), prompt.getByRole('button', { name: 'Reload' }).click()]);
		await hydrated(page);
		expect(await page.getByTestId('app-version').innerText()).toBe('Version e2e-b');
		expect(await page.getByTestId('update-prompt').count()).toBe(0);
		// And the new version is what opens offline from now on, with version A's saved trace still there.
		await context.setOffline(true);
		await page.goto(first.origin + '/tls');
		await hydrated(page);
		expect(await page.getByTestId('app-version').innerText()).toBe('Version e2e-b');
		await page.goto(first.origin + '/dns');
		await settled(page);
		const saved = page.getByTestId('history-item');
		await saved.first().waitFor({ timeout: 5_000 });
		expect(await saved.count()).toBe(1);
		await saved.first().getByRole('button').first().click();
		await page.getByTestId('final-answer').waitFor({ timeout: 5_000 });
		expect(await page.getByTestId('final-answer').innerText()).toContain('edge.cdn.example.');
		expect(errors).toEqual([]);
		await context.close();
	});
});
