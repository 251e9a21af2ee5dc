/** Every page, in both languages and both themes: renders, no console errors, no axe violations, no sideways scroll. */
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHONE, ROUTES, SCREENSHOTS, axeViolations, horizontalOverflow, hydrated, serveAppAndBrowser, settled, watchErrors } from './harness';

const app = serveAppAndBrowser();

const CJK = /[\u4e00-\u9fff]/;
const fileName = (route: string) => (route === '/' ? 'home' : route.slice(1).replaceAll('/', '-'));

describe.each([
	{ locale: 'en', contextLocale: 'en-US', colorScheme: 'light' as const },
	{ locale: 'zh-CN', contextLocale: 'zh-CN', colorScheme: 'dark' as const }
])('in $locale ($colorScheme)', ({ locale, contextLocale, colorScheme }) => {
	let context: BrowserContext;
	beforeAll(async () => {
		// The language comes from the browser's own preference: nothing is stored yet.
		context = await app.browser.newContext({ ...PHONE, locale: contextLocale, colorScheme, serviceWorkers: 'block' });
	});
	afterAll(() => context?.close());

	it.each(ROUTES)('%s renders with no errors, no axe violations, no horizontal scroll', async (route) => {
		const page = await context.newPage();
		const errors = watchErrors(page);
		await page.goto(app.server.origin + route);
		await settled(page);
		expect(await page.getAttribute('html', 'lang')).toBe(locale);
		const h1 = (await page.locator('h1').first().innerText()).trim();
		expect(h1.length).toBeGreaterThan(1);
		expect(CJK.test(h1), `h1 "${h1}" in ${locale}`).toBe(locale === 'zh-CN');
		expect(CJK.test(await page.title())).toBe(locale === 'zh-CN');
		const nav = await page.getByRole('navigation').innerText();
		expect(nav).toContain(locale === 'zh-CN' ? '学习' : 'Learn');

		const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
		expect(background).toBe(colorScheme === 'dark' ? 'rgb(16, 19, 26)' : 'rgb(246, 247, 251)');

		expect(await horizontalOverflow(page), 'scrollWidth beyond 360 px').toBeLessThanOrEqual(0);
		expect(await axeViolations(page)).toEqual([]);
		await page.screenshot({ path: `${SCREENSHOTS}/${fileName(route)}-${locale}-360.png`, fullPage: true });
		expect(errors).toEqual([]);
		await page.close();
	});
});

describe('settings', () => {
	it('remembers the language and the theme across a reload', async () => {
		const context = await app.browser.newContext({ ...PHONE, locale: 'en-US', colorScheme: 'light', serviceWorkers: 'block' });
		const page = await context.newPage();
		const errors = watchErrors(page);
		await page.goto(app.server.origin + '/learn');
		await hydrated(page);
		expect(await page.locator('h1').innerText()).toBe('Learn');

		await page.getByRole('button', { name: 'Switch to Chinese (中文)' }).click();
		expect(await page.locator('h1').innerText()).toBe('学习');
		expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');

		// system -> light -> dark
		await page.getByRole('button', { name: /主题/ }).click();
		await page.getByRole('button', { name: /主题/ }).click();
		expect(await page.getAttribute('html', 'data-theme')).toBe('dark');

		await page.reload();
		// Before hydration the inline script has already applied both.
		expect(await page.getAttribute('html', 'data-theme')).toBe('dark');
		expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
		await hydrated(page);
		expect(await page.locator('h1').innerText()).toBe('学习');
		expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(16, 19, 26)');

		// and back to following the system
		await page.getByRole('button', { name: /主题/ }).click();
		expect(await page.getAttribute('html', 'data-theme')).toBeNull();
		expect(await page.evaluate(() => localStorage.getItem('wirewalk.theme'))).toBeNull();
		expect(errors).toEqual([]);
		await context.close();
	});

	it('lays out without sideways scroll on a 412 px phone and a desktop too', async () => {
		for (const width of [412, 1280]) {
			const context = await app.browser.newContext({ viewport: { width, height: 900 }, serviceWorkers: 'block' });
			const page = await context.newPage();
			for (const route of ROUTES) {
				await page.goto(app.server.origin + route);
				await hydrated(page);
				expect(await horizontalOverflow(page), `${route} at ${width}px`).toBeLessThanOrEqual(0);
			}
			await page.goto(app.server.origin + '/dns/anatomy');
			await settled(page);
			await page.screenshot({ path: `${SCREENSHOTS}/dns-anatomy-en-${width}.png`, fullPage: true });
			await context.close();
		}
	});

	it('answers an unknown page with a 404 page in the app shell', async () => {
		const context = await app.browser.newContext({ serviceWorkers: 'block' });
		const page = await context.newPage();
		const response = await page.goto(app.server.origin + '/no-such-page');
		expect(response?.status()).toBe(404);
		expect(await page.locator('h1').innerText()).toBe('There is no page here.');
		await context.close();
	});
});
