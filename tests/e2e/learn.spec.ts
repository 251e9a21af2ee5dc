/**
 * The study cards and practice: every topic page in both languages and themes (no console errors, no axe
 * violations, no sideways scroll at 360 px, a screenshot each), flashcards that remember an answer across a
 * reload, and topic pages that open offline without having been visited.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOPICS } from '$lib/learn/topics';
import { PHONE, SCREENSHOTS, axeViolations, horizontalOverflow, hydrated, serveAppAndBrowser, watchErrors } from './harness';
import { offlinePage, openOffline } from './offline';

const app = serveAppAndBrowser();

const CJK = /[\u4e00-\u9fff]/;
const TOPIC_IDS = TOPICS.map((t) => t.id);

/** The practice state has been read from storage: the status line says how many cards are due. */
async function practiceReady(page: Page): Promise<number> {
	const status = page.getByTestId('practice-status');
	await status.waitFor({ timeout: 10_000 });
	return Number(await status.getAttribute('data-due'));
}

describe.each([
	{ locale: 'en', contextLocale: 'en-US', colorScheme: 'light' as const },
	{ locale: 'zh-CN', contextLocale: 'zh-CN', colorScheme: 'dark' as const }
])('in $locale ($colorScheme)', ({ locale, contextLocale, colorScheme }) => {
	let context: BrowserContext;
	beforeAll(async () => {
		context = await app.browser.newContext({ ...PHONE, locale: contextLocale, colorScheme, serviceWorkers: 'block' });
	});
	afterAll(() => context?.close());

	it.each(TOPIC_IDS)('/learn/%s renders its card, corrections and questions cleanly at 360 px', async (id) => {
		const page = await context.newPage();
		const errors = watchErrors(page);
		await page.goto(`${app.server.origin}/learn/${id}`);
		await hydrated(page);
		expect(await page.getAttribute('html', 'lang')).toBe(locale);
		const h1 = (await page.locator('h1').innerText()).trim();
		expect(CJK.test(h1), `h1 "${h1}"`).toBe(locale === 'zh-CN');
		expect(CJK.test(await page.title())).toBe(locale === 'zh-CN');
		expect(await page.locator('figure figcaption').count()).toBe(1);
		expect(await page.getByTestId('correction').count()).toBeGreaterThanOrEqual(2);
		expect(await page.locator('details.question').count()).toBeGreaterThanOrEqual(4);
		expect(await practiceReady(page)).toBeGreaterThanOrEqual(4);
		const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
		expect(background).toBe(colorScheme === 'dark' ? 'rgb(16, 19, 26)' : 'rgb(246, 247, 251)');

		expect(await horizontalOverflow(page), 'scrollWidth beyond 360 px').toBeLessThanOrEqual(0);
		expect(await axeViolations(page)).toEqual([]);
		await page.screenshot({ path: `${SCREENSHOTS}/learn-${id}-${locale}-360.png`, fullPage: true });

		// With every model answer open and a flashcard revealed, still nothing wider than the phone.
		for (const summary of await page.locator('details.question summary').all()) await summary.click();
		await page.getByTestId('flashcard').getByRole('button').click();
		expect(await horizontalOverflow(page), 'scrollWidth beyond 360 px, answers open').toBeLessThanOrEqual(0);
		expect(await axeViolations(page)).toEqual([]);
		expect(errors).toEqual([]);
		await page.close();
	});

	it('/learn/practice renders every topic’s cards cleanly at 360 px', async () => {
		const page = await context.newPage();
		const errors = watchErrors(page);
		await page.goto(`${app.server.origin}/learn/practice`);
		await hydrated(page);
		expect(CJK.test(await page.locator('h1').innerText())).toBe(locale === 'zh-CN');
		expect(await practiceReady(page)).toBeGreaterThanOrEqual(4 * TOPIC_IDS.length);
		expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
		expect(await axeViolations(page)).toEqual([]);
		await page.screenshot({ path: `${SCREENSHOTS}/learn-practice-${locale}-360.png`, fullPage: true });
		expect(errors).toEqual([]);
		await page.close();
	});
});

describe('practice', () => {
	it('remembers a “good” answer across a reload: that card is no longer due', async () => {
		const context = await app.browser.newContext({ ...PHONE, locale: 'en-US', serviceWorkers: 'block' });
		const page = await context.newPage();
		const errors = watchErrors(page);
		await page.goto(`${app.server.origin}/learn/dns`);
		await hydrated(page);
		const due = await practiceReady(page);
		const card = page.getByTestId('flashcard');
		const first = await card.getAttribute('data-card-id');
		expect(first).toMatch(/^dns\//);

		await card.getByRole('button', { name: 'Show answer' }).click();
		await card.getByRole('button', { name: /^Good/ }).click();
		await expect.poll(() => card.getAttribute('data-card-id')).not.toBe(first);
		expect(await practiceReady(page)).toBe(due - 1);
		const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('wirewalk.practice') ?? 'null'));
		expect(stored.v).toBe(1);
		expect(stored.cards[first!].due).toBeGreaterThan(Date.now() + 23 * 3600_000);

		// The keyboard does the same: focus is back on "Show answer"; Enter reveals, 2 is "good".
		const second = await card.getAttribute('data-card-id');
		await page.keyboard.press('Enter');
		await page.keyboard.press('2');
		await expect.poll(() => card.getAttribute('data-card-id')).not.toBe(second);

		await page.reload();
		await hydrated(page);
		expect(await practiceReady(page)).toBe(due - 2);
		const now = await card.getAttribute('data-card-id');
		expect([first, second]).not.toContain(now);
		// and across topics, on the practice page, too
		await page.goto(`${app.server.origin}/learn/practice`);
		await hydrated(page);
		const all = await practiceReady(page);
		const total = Number((await page.getByTestId('practice-status').innerText()).match(/of (\d+)/)![1]);
		expect(all).toBe(total - 2);
		expect(errors).toEqual([]);
		await context.close();
	});

	it('starts afresh, without errors, when the stored progress is corrupt', async () => {
		const context = await app.browser.newContext({ ...PHONE, locale: 'en-US', serviceWorkers: 'block' });
		const page = await context.newPage();
		const errors = watchErrors(page);
		await page.addInitScript(() => localStorage.setItem('wirewalk.practice', '{"v":1,"cards":{"dns/what":{"due":"soon"}}'));
		await page.goto(`${app.server.origin}/learn/https`);
		await hydrated(page);
		const due = await practiceReady(page);
		expect(due).toBeGreaterThanOrEqual(4);
		await page.getByRole('button', { name: 'Show answer' }).click();
		await page.getByRole('button', { name: /^Again/ }).click();
		expect(await practiceReady(page)).toBe(due - 1);
		expect(errors).toEqual([]);
		await context.close();
	});
});

describe('offline', () => {
	it('opens a topic never visited, and practises it, with the server stopped', async () => {
		const { page, context, origin, errors } = await offlinePage(app.browser);
		for (const route of ['/learn/websocket', '/learn/practice']) {
			await openOffline(page, origin + route);
			expect(CJK.test(await page.locator('h1').innerText())).toBe(true);
			const due = await practiceReady(page);
			await page.getByRole('button', { name: '显示答案' }).click();
			await page.getByRole('button', { name: /^记住了/ }).click();
			expect(await practiceReady(page)).toBe(due - 1);
		}
		expect(errors).toEqual([]);
		await context.close();
	});
});
