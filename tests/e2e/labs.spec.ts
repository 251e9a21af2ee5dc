/**
 * The load-balancing lab in a real browser: renders in both languages and themes (no console errors, no axe
 * violations, no sideways scroll on phones), the algorithm changes who gets the requests, a link replays a run
 * number for number, a failed server gets nothing while it is out of rotation, wrong inputs get a message and no
 * run, consistent hashing moves far fewer keys than modulo, the learn pages link to it, and it opens offline.
 */
import type { BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOPICS } from '$lib/learn/topics';
import { PHONE, SCREENSHOTS, axeViolations, horizontalOverflow, hydrated, serveAppAndBrowser, watchErrors } from './harness';
import { offlinePage } from './offline';

const app = serveAppAndBrowser();

const LAB = '/learn/lb-algorithms/lab';
const CJK = /[\u4e00-\u9fff]/;
/** Weights 5:1:1, no failure, a rate every server keeps up with. */
const WEIGHTED = '?alg=round-robin&servers=100x5%2C50x1%2C50x1&rate=70&var=100&sticky=0&seed=7&dur=40&fail=0';
/** The defaults spelled out: s2 fails at 10 s and recovers at 20 s. */
const FAILURE = '?alg=round-robin&servers=100x1%2C100x1%2C100x1&rate=150&var=100&sticky=0&seed=42&dur=40&fail=2&down=10&up=20';

/** Opens the lab and waits until it has read its address (the run on screen is the address's). */
async function openLab(context: BrowserContext, query = '', origin = app.server.origin): Promise<Page> {
	const page = await context.newPage();
	await page.goto(origin + LAB + query);
	await ready(page);
	return page;
}

async function ready(page: Page) {
	await hydrated(page);
	await page.locator('[data-testid="lb-form"][data-ready="true"]').waitFor({ timeout: 10_000 });
}

/** The summary table as the user reads it: server -> share (0..1), and the share during the outage when shown. */
async function shares(page: Page, column: 'share' | 'outage-share' = 'share'): Promise<Record<string, number>> {
	const rows = await page.getByTestId('lb-summary').locator('tbody tr').all();
	const out: Record<string, number> = {};
	for (const row of rows) {
		const id = (await row.locator('th').innerText()).trim();
		out[id] = Number.parseFloat(await row.locator(`td[data-col="${column}"]`).innerText()) / 100;
	}
	return out;
}

/** Everything the run shows as numbers: the status line, the summary table and every chart's table. */
async function numbers(page: Page): Promise<string> {
	const parts = [await page.getByTestId('lb-status').innerText(), await page.getByTestId('lb-summary').innerText()];
	for (const chart of ['throughput', 'queue', 'latency', 'drops']) parts.push(await page.getByTestId(`chart-${chart}-table`).textContent() ?? '');
	return parts.join('\n');
}

/** A chart's number table as rows of cells (the time first). */
async function chartRows(page: Page, chart: string): Promise<string[][]> {
	return page.getByTestId(`chart-${chart}-table`).evaluate((table) =>
		[...table.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent!.trim()))
	);
}

/** Opens every `<details>` (the tables of numbers) by clicking its summary, as a user would. */
async function openAllDetails(page: Page) {
	for (const details of await page.locator('details').all()) if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
}

describe.each([
	{ locale: 'en', contextLocale: 'en-US', colorScheme: 'light' as const },
	{ locale: 'en', contextLocale: 'en-US', colorScheme: 'dark' as const },
	{ locale: 'zh-CN', contextLocale: 'zh-CN', colorScheme: 'dark' as const },
	{ locale: 'zh-CN', contextLocale: 'zh-CN', colorScheme: 'light' as const }
])('in $locale ($colorScheme)', ({ locale, contextLocale, colorScheme }) => {
	let context: BrowserContext;
	beforeAll(async () => {
		context = await app.browser.newContext({ ...PHONE, locale: contextLocale, colorScheme, serviceWorkers: 'block' });
	});
	afterAll(() => context?.close());

	it('renders the lab, its charts and their text alternatives cleanly at 360 px', async () => {
		const page = await context.newPage();
		const errors = watchErrors(page);
		await page.goto(app.server.origin + LAB + FAILURE);
		await ready(page);
		expect(await page.getAttribute('html', 'lang')).toBe(locale);
		for (const text of [await page.locator('h1').innerText(), await page.title(), await page.getByTestId('lb-status').innerText()])
			expect(CJK.test(text), text).toBe(locale === 'zh-CN');
		expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(colorScheme === 'dark' ? 'rgb(16, 19, 26)' : 'rgb(246, 247, 251)');

		// Four charts, each an image named by its title and described by a caption that quotes the run.
		const charts = page.locator('[data-testid^="chart-"] svg[role="img"]');
		expect(await charts.count()).toBe(4);
		for (const svg of await charts.all()) {
			const caption = await page.locator(`#${await svg.getAttribute('aria-describedby')}`).innerText();
			expect(caption).toMatch(/\d/);
			expect(CJK.test(caption)).toBe(locale === 'zh-CN');
			expect(await svg.locator('path.line').count()).toBeGreaterThanOrEqual(2);
		}
		// Lines differ by dash pattern, not only by colour.
		const dashes = await page.getByTestId('chart-throughput').locator('svg[role="img"] path.line').evaluateAll((paths) => paths.map((p) => p.getAttribute('stroke-dasharray') ?? 'solid'));
		expect(new Set(dashes).size).toBe(3);
		// The outage is marked on the time axis.
		expect(await page.getByTestId('chart-throughput').locator('svg[role="img"] rect.band').count()).toBe(1);
		expect(await page.getByTestId('chart-throughput').locator('svg[role="img"] line.mark').count()).toBe(2);
		expect(await page.getByTestId('lb-summary').locator('tbody tr').count()).toBe(3);

		expect(await horizontalOverflow(page), 'scrollWidth beyond 360 px').toBeLessThanOrEqual(0);
		expect(await axeViolations(page)).toEqual([]);
		await page.screenshot({ path: `${SCREENSHOTS}/lab-lb-${locale}-${colorScheme}-360.png`, fullPage: true });

		// With every table of numbers open: still nothing wider than the phone, still accessible.
		await openAllDetails(page);
		expect(await page.locator('details[open]').count()).toBe(5);
		expect((await chartRows(page, 'throughput')).length).toBe(40);
		expect(await horizontalOverflow(page), 'scrollWidth beyond 360 px, tables open').toBeLessThanOrEqual(0);
		expect(await axeViolations(page)).toEqual([]);
		expect(errors).toEqual([]);
		await page.close();
	});
});

describe('the lab', () => {
	let context: BrowserContext;
	beforeAll(async () => {
		context = await app.browser.newContext({ ...PHONE, locale: 'en-US', serviceWorkers: 'block' });
	});
	afterAll(() => context?.close());

	it('changes who gets the requests when the algorithm changes: weights 5:1:1 give 5/7, 1/7, 1/7', async () => {
		const page = await openLab(context, WEIGHTED);
		const errors = watchErrors(page);
		const roundRobin = await shares(page);
		for (const id of ['s1', 's2', 's3']) expect(roundRobin[id]).toBeCloseTo(1 / 3, 2);

		// A tap, as on a phone.
		await page.getByRole('button', { name: 'Smooth weighted round robin (nginx)' }).tap();
		await expect.poll(() => page.getByTestId('lb-results').getAttribute('data-query')).toContain('alg=smooth-weighted-round-robin');
		const weighted = await shares(page);
		expect(weighted.s1).toBeCloseTo(5 / 7, 2);
		expect(weighted.s2).toBeCloseTo(1 / 7, 2);
		expect(weighted.s3).toBeCloseTo(1 / 7, 2);
		expect(await page.getByTestId('algorithm-about').innerText()).toContain('5:1:1');
		// The address follows, so the run can be shared.
		expect(new URL(page.url()).searchParams.get('alg')).toBe('smooth-weighted-round-robin');

		// The keyboard: weighted least connections by Enter.
		await page.getByRole('button', { name: 'Weighted least connections' }).focus();
		await page.keyboard.press('Enter');
		await expect.poll(() => page.getByRole('button', { name: 'Weighted least connections' }).getAttribute('aria-pressed')).toBe('true');
		const leastConnections = await shares(page);
		expect(leastConnections).not.toEqual(weighted);
		expect(errors).toEqual([]);
		await page.close();
	});

	it('replays a link number for number, and another seed gives other numbers', async () => {
		const first = await openLab(context, FAILURE);
		await openAllDetails(first);
		const once = await numbers(first);
		const second = await openLab(context, FAILURE);
		await openAllDetails(second);
		expect(await numbers(second)).toBe(once);
		expect(once).toMatch(/\d+ requests/);

		// A new seed: different numbers, and the address carries the new seed, so a reload replays them.
		await second.getByTestId('seed').fill('43');
		await expect.poll(() => second.getByTestId('lb-results').getAttribute('data-query')).toContain('seed=43');
		const other = await numbers(second);
		expect(other).not.toBe(once);
		await expect.poll(() => new URL(second.url()).searchParams.get('seed')).toBe('43');
		await second.reload();
		await ready(second);
		await openAllDetails(second);
		expect(await numbers(second)).toBe(other);
		await first.close();
		await second.close();
	});

	it('gives a failed server no requests while it is out of rotation, and traffic again after', async () => {
		const page = await openLab(context, FAILURE);
		const outage = await shares(page, 'outage-share');
		expect(outage.s2).toBe(0);
		expect(outage.s1).toBeCloseTo(0.5, 1);
		expect(outage.s3).toBeCloseTo(0.5, 1);
		expect(await page.getByTestId('lb-summary').locator('thead').innerText()).toContain('Share while s2 was out');

		// Health checks every 2 s: out at 14 s (3 failed checks), back at 22 s (2 passed, after recovering at 20 s).
		const events = await page.getByTestId('lb-events').innerText();
		expect(events).toMatch(/10 s\s+s2 stops answering/);
		expect(events).toMatch(/14 s\s+s2 failed 3 health checks/);
		expect(events).toMatch(/22 s\s+s2 passed 2 health checks/);
		await openAllDetails(page);
		const rows = await chartRows(page, 'throughput');
		const s2 = (second: number) => Number(rows[second - 1]![2]);
		for (let t = 15; t <= 22; t++) expect(s2(t), `s2 at ${t} s`).toBe(0);
		for (const t of [5, 10, 30, 40]) expect(s2(t), `s2 at ${t} s`).toBeGreaterThan(20);
		// Reading the chart at a moment, by keyboard: 15 s is in the outage.
		const read = page.getByTestId('chart-throughput-read');
		await read.focus();
		await page.keyboard.press('Home');
		for (let i = 0; i < 14; i++) await page.keyboard.press('ArrowRight');
		const readout = page.getByTestId('chart-throughput-readout');
		expect(await readout.innerText()).toBe(`15 s: s1 ${rows[14]![1]} · s2 0 · s3 ${rows[14]![3]}`);
		expect(await read.getAttribute('aria-valuetext')).toBe(await readout.innerText());
		// and by a tap on the plot, three quarters of the way along: about 30 s.
		const plot = (await page.getByTestId('chart-throughput').locator('svg[role="img"]').boundingBox())!;
		await page.touchscreen.tap(plot.x + plot.width * 0.75, plot.y + plot.height / 2);
		expect(Number((await readout.innerText()).match(/^(\d+) s:/)![1])).toBeGreaterThanOrEqual(28);
		expect(Number((await readout.innerText()).match(/^(\d+) s:/)![1])).toBeLessThanOrEqual(32);
		expect(await page.getByTestId('chart-throughput').locator('svg[role="img"] line.cursor').count()).toBe(1);

		// Sent to it after it died and before the checks noticed: lost as "server down".
		const drops = await chartRows(page, 'drops');
		expect(drops.slice(10, 14).reduce((n, row) => n + Number(row[1]), 0)).toBeGreaterThan(50);

		// No failure: no outage column, nothing marked on the charts.
		await page.getByTestId('fail-server').selectOption('0');
		await expect.poll(() => page.getByTestId('lb-results').getAttribute('data-query')).toContain('fail=0');
		expect(await page.getByTestId('lb-summary').locator('td[data-col="outage-share"]').count()).toBe(0);
		expect(await page.getByTestId('chart-throughput').locator('svg[role="img"] rect.band').count()).toBe(0);
		await page.close();
	});

	it('says what is wrong with an input, keeps the last run, and never runs an unbounded one', async () => {
		// Its own context: it switches the language, which is remembered.
		const own = await app.browser.newContext({ ...PHONE, locale: 'en-US', serviceWorkers: 'block' });
		const page = await openLab(own, FAILURE);
		const before = await page.getByTestId('lb-status').innerText();
		const rate = page.getByTestId('rate');
		await rate.fill('lots');
		expect(await page.getByTestId('rate-error').innerText()).toBe('Enter a whole number from 1 to 2 000.');
		expect(await rate.getAttribute('aria-invalid')).toBe('true');
		expect(await rate.getAttribute('aria-describedby')).toBe('rate-error');
		expect(await page.getByTestId('lb-results').getAttribute('data-stale')).toBe('true');
		expect(await page.getByTestId('lb-status').innerText()).toBe(before);
		expect(new URL(page.url()).searchParams.get('rate')).toBe('150');

		// 2000 a second for 120 s is 240 000 requests: refused, with the arithmetic.
		await rate.fill('2000');
		await page.getByTestId('duration').fill('120');
		expect(await page.getByTestId('rate-error').innerText()).toContain('240 000');
		expect(await page.getByTestId('lb-status').innerText()).toBe(before);
		// A recovery before the failure.
		await rate.fill('150');
		await page.getByTestId('recover-at').fill('5');
		expect(await page.getByTestId('recover-at-error').innerText()).toContain('from 11 to 120');
		await page.getByTestId('recover-at').fill('');
		await expect.poll(() => page.getByTestId('lb-results').getAttribute('data-stale')).toBeNull();
		expect(await page.locator('[aria-invalid="true"]').count()).toBe(0);
		expect(await page.getByTestId('lb-status').innerText()).not.toBe(before);
		expect(new URL(page.url()).searchParams.has('up')).toBe(false);

		// In Chinese too.
		await page.getByRole('button', { name: 'Switch to Chinese (中文)' }).click();
		await page.getByTestId('capacity-0').fill('0');
		expect(await page.getByTestId('capacity-0-error').innerText()).toBe('请输入 1 到 1 000 之间的整数。');
		await own.close();
	});

	it('adds and removes servers within 3 to 6', async () => {
		const page = await openLab(context, FAILURE);
		const add = page.getByTestId('add-server');
		const remove = page.getByTestId('remove-server');
		expect(await remove.isDisabled()).toBe(true);
		for (let n = 4; n <= 6; n++) {
			await add.click();
			await expect.poll(() => page.getByTestId('lb-summary').locator('tbody tr').count()).toBe(n);
		}
		expect(await add.isDisabled()).toBe(true);
		expect(new URL(page.url()).searchParams.get('servers')!.split(',')).toHaveLength(6);
		await remove.click();
		await expect.poll(() => page.getByTestId('lb-summary').locator('tbody tr').count()).toBe(5);
		// A server down from the start gets nothing.
		await page.getByTestId('up-4').uncheck();
		await expect.poll(async () => (await shares(page)).s5).toBe(0);
		await page.close();
	});

	it('compares consistent hashing with modulo hashing on removing a server', async () => {
		const page = await openLab(context);
		const ring = page.getByTestId('hash-ring');
		const modulo = page.getByTestId('hash-modulo');
		const percent = async (panel: typeof ring) => Number((await panel.innerText()).match(/\(([\d.]+)%\)/)![1]);
		// Removing one of 5: about a fifth on the ring (only the removed server's keys), about four fifths with modulo.
		expect(await percent(ring)).toBeGreaterThan(12);
		expect(await percent(ring)).toBeLessThan(28);
		expect(await ring.innerText()).toContain('0 of them were on a server that stayed');
		expect(await percent(modulo)).toBeGreaterThan(70);
		await page.getByTestId('hash-servers').fill('10');
		await expect.poll(() => percent(ring)).toBeLessThan(15);
		expect(await percent(modulo)).toBeGreaterThan(85);
		await page.getByTestId('hash-remove').fill('11');
		expect(await page.getByTestId('hash-remove-error').innerText()).toBe('Enter a whole number from 1 to 10.');
		await page.close();
	});

	it('lays out without sideways scroll at 360×740 and 412×915, tables open', async () => {
		for (const viewport of [
			{ width: 360, height: 740 },
			{ width: 412, height: 915 }
		]) {
			const phone: BrowserContextOptions = { ...PHONE, viewport, serviceWorkers: 'block' };
			for (const locale of ['en-US', 'zh-CN']) {
				const own = await app.browser.newContext({ ...phone, locale });
				const page = await openLab(own, FAILURE.replace('servers=100x1%2C100x1%2C100x1', 'servers=100x1%2C100x1%2C100x1%2C1000x100%2C1000x100%2C1000x100'));
				await openAllDetails(page);
				expect(await horizontalOverflow(page), `${locale} at ${viewport.width} px`).toBeLessThanOrEqual(0);
				if (viewport.width === 412) await page.screenshot({ path: `${SCREENSHOTS}/lab-lb-${locale}-six-servers-412.png`, fullPage: true });
				await own.close();
			}
		}
	});
});

describe('links to the lab', () => {
	it('from the topic list and from both load-balancing cards', async () => {
		const context = await app.browser.newContext({ ...PHONE, locale: 'en-US', serviceWorkers: 'block' });
		const page = await context.newPage();
		await page.goto(app.server.origin + '/learn');
		await hydrated(page);
		for (const id of ['load-balancing', 'lb-algorithms']) {
			const link = page.locator(`#${id}`).getByRole('link', { name: 'Open the lab' });
			expect(await link.getAttribute('href')).toBe(LAB);
		}
		// Every topic with a lab links to it; one with neither a lab nor an explorer still says one is coming.
		for (const topic of TOPICS) {
			const link = page.locator(`#${topic.id}`).getByRole('link', { name: 'Open the lab' });
			expect(await link.count(), topic.id).toBe(topic.lab ? 1 : 0);
			if (topic.lab) expect(await link.getAttribute('href')).toBe(topic.lab);
			if (!topic.lab && !topic.href) expect(await page.locator(`#${topic.id}`).innerText()).toContain('Lab coming');
		}

		for (const id of ['load-balancing', 'lb-algorithms']) {
			await page.goto(`${app.server.origin}/learn/${id}`);
			await hydrated(page);
			await page.getByRole('navigation', { name: 'Try it in Wirewalk' }).getByRole('link', { name: 'Open the lab' }).click();
			await page.waitForURL((url) => url.pathname === LAB);
			await ready(page);
			// Arrived by a link within the app: the address is filled in with the default run.
			await expect.poll(() => new URL(page.url()).searchParams.get('alg')).toBe('round-robin');
		}
		await context.close();
	});
});

describe('offline', () => {
	it('opens the lab, with another run in its address, with the server stopped', async () => {
		// the first run, rendered while the server was up
		const { page, context, origin, errors } = await offlinePage(app.browser, { first: LAB + WEIGHTED });
		await ready(page);
		const online = await page.getByTestId('lb-status').innerText();

		const response = await page.goto(origin + LAB + FAILURE);
		expect(response?.fromServiceWorker()).toBe(true);
		await ready(page);
		expect(CJK.test(await page.locator('h1').innerText())).toBe(true);
		expect((await shares(page, 'outage-share')).s2).toBe(0);
		// And the first run again, the same numbers as online.
		await page.goto(origin + LAB + WEIGHTED);
		await ready(page);
		expect(await page.getByTestId('lb-status').innerText()).toBe(online);
		await page.screenshot({ path: `${SCREENSHOTS}/lab-lb-offline-zh-CN-360.png` });
		expect(errors).toEqual([]);
		await context.close();
	});
});
