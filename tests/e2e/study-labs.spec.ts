/**
 * The OSI, sockets and HTTP vs HTTPS labs in chromium: each renders its computed content in both languages and
 * themes with no console errors, no axe violations and no sideways scroll at 360 px; the OSI frame saves as a pcap
 * that tshark dissects with good checksums; bad input is answered inline; and all three open offline.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { tsharkFields } from '../unit/tshark';
import { PHONE, SCREENSHOTS, axeViolations, horizontalOverflow, hydrated, serveAppAndBrowser, watchErrors } from './harness';
import { offlinePage, openOffline } from './offline';

const app = serveAppAndBrowser();
const CJK = /[\u4e00-\u9fff]/;
const downloads = mkdtempSync(join(tmpdir(), 'wirewalk-lab-downloads-'));

/** Each lab and what shows that its content was computed. */
const LABS = [
	{ path: '/learn/osi/lab', ready: '[data-testid="osi-result"]' },
	{ path: '/learn/sockets/lab', ready: '[data-testid="socket-figures"]' },
	{ path: '/learn/http-https/lab', ready: '[data-testid="exposure"]' }
];

async function open(page: Page, url: string, ready: string) {
	await page.goto(url);
	await hydrated(page);
	await page.locator(ready).waitFor({ timeout: 15_000 });
}

describe.each([
	{ locale: 'en', contextLocale: 'en-US', colorScheme: 'light' as const, viewport: { width: 360, height: 740 } },
	{ locale: 'zh-CN', contextLocale: 'zh-CN', colorScheme: 'dark' as const, viewport: { width: 412, height: 915 } }
])('in $locale ($colorScheme)', ({ locale, contextLocale, colorScheme, viewport }) => {
	it.each(LABS)('$path renders, passes axe and fits the screen', async ({ path, ready }) => {
		const context = await app.browser.newContext({ ...PHONE, viewport, locale: contextLocale, colorScheme, serviceWorkers: 'block' });
		const page = await context.newPage();
		const errors = watchErrors(page);
		await open(page, app.server.origin + path, ready);
		expect(CJK.test(await page.locator('h1').innerText())).toBe(locale === 'zh-CN');
		expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
		expect(await axeViolations(page)).toEqual([]);
		await page.screenshot({ path: `${SCREENSHOTS}/lab-${path.split('/')[2]}-${locale}-${viewport.width}.png`, fullPage: true });
		expect(errors).toEqual([]);
		await context.close();
	});
});

describe('what the labs compute', () => {
	it('OSI: wraps a name the user types, steps through six layers, and saves a frame tshark reads with good checksums', async () => {
		const context = await app.browser.newContext({ ...PHONE, serviceWorkers: 'block' });
		const page = await context.newPage();
		await open(page, app.server.origin + '/learn/osi/lab', '[data-testid="osi-result"]');
		const frameLength = await page.getByTestId('osi-result').getAttribute('data-frame-length');
		await page.getByTestId('osi-name').fill('a-longer-name.wirewalk.example');
		await page.getByTestId('osi-wrap').click();
		await expect.poll(() => page.getByTestId('osi-result').getAttribute('data-frame-length'), { timeout: 5_000 }).not.toBe(frameLength);
		expect(await page.locator('tr[data-layer]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-layer')))).toEqual(['dns', 'http', 'tls', 'tcp', 'ipv4', 'ethernet']);
		expect(await page.getByTestId('osi-layer').getAttribute('data-layer')).toBe('dns');
		const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), page.getByTestId('osi-save').click()]);
		const file = join(downloads, 'osi.pcap');
		await download.saveAs(file);
		const [row] = tsharkFields(downloads, ['-r', file, '-o', 'ip.check_checksum:TRUE', '-o', 'tcp.check_checksum:TRUE'], ['frame.protocols', 'ip.checksum.status', 'tcp.checksum.status']);
		expect(row).toEqual(['eth:ethertype:ip:tcp:tls', '1', '1']);
		// A name that cannot be asked for is answered inline.
		await page.getByTestId('osi-name').fill('bad name');
		await page.getByTestId('osi-wrap').click();
		await expect.poll(() => page.getByRole('alert').innerText(), { timeout: 5_000 }).toMatch(/spaces/);
		await context.close();
	});

	it('HTTP vs HTTPS: the typed secret is readable in the port-80 frame only, and a broken path is refused', async () => {
		const context = await app.browser.newContext({ ...PHONE, serviceWorkers: 'block' });
		const page = await context.newPage();
		await open(page, app.server.origin + '/learn/http-https/lab', '[data-testid="exposure"]');
		await page.getByTestId('https-cookie').fill('token=hunter2');
		await page.getByTestId('https-send').click();
		const row = page.locator('[data-testid="exposure"] tr', { hasText: 'token=hunter2' });
		await row.waitFor({ timeout: 10_000 });
		expect([await row.getAttribute('data-http'), await row.getAttribute('data-https')]).toEqual(['true', 'false']);
		await page.getByTestId('https-path').fill('no slash');
		await page.getByTestId('https-send').click();
		await expect.poll(() => page.getByTestId('https-path').getAttribute('aria-invalid'), { timeout: 5_000 }).toBe('true');
		await context.close();
	});
});

describe('offline', () => {
	it('opens every lab, never visited, with the server stopped', async () => {
		const { page, context, origin, errors } = await offlinePage(app.browser);
		for (const { path, ready } of LABS) {
			await openOffline(page, origin + path);
			await page.locator(ready).waitFor({ timeout: 15_000 });
		}
		expect(errors).toEqual([]);
		await context.close();
	});
});
