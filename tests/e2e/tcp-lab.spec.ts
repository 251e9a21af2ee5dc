/**
 * The TCP handshake lab in chromium: renders in both languages and themes (no console errors, no axe violations,
 * no sideways scroll on phones), stepping with the keyboard walks both endpoints through RFC 9293's states, a lost
 * SYN-ACK is resent after the 1 s RTO, UDP loses its answer for good unless the application asks again, a wrong
 * input gets a message, the address replays the same run at the same step, and the page opens offline.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHONE, SCREENSHOTS, axeViolations, horizontalOverflow, hydrated, serveAppAndBrowser, watchErrors } from './harness';
import { offlinePage } from './offline';

const app = serveAppAndBrowser();
const LAB = '/learn/handshake/lab';
const CJK = /[\u4e00-\u9fff]/;

async function ready(page: Page) {
	await hydrated(page);
	await page.locator('[data-testid="tcp-form"][data-ready="true"]').waitFor({ timeout: 10_000 });
}

async function openLab(context: BrowserContext, query = '', origin = app.server.origin): Promise<Page> {
	const page = await context.newPage();
	await page.goto(origin + LAB + query);
	await ready(page);
	return page;
}

/** What the step card says: its title and both states. */
async function shown(page: Page) {
	const card = page.getByTestId('tcp-step');
	return {
		step: Number(await card.getAttribute('data-step')),
		title: (await card.locator('h3').innerText()).trim(),
		A: await page.getByTestId('state-A').getAttribute('data-state'),
		B: await page.getByTestId('state-B').getAttribute('data-state')
	};
}

/** Presses a key and waits until the step card shows step `to` (0-based). */
async function press(page: Page, key: string, to: number) {
	await page.keyboard.press(key);
	await expect.poll(async () => Number(await page.getByTestId('tcp-step').getAttribute('data-step')), { timeout: 5_000 }).toBe(to);
}

describe.each([
	{ locale: 'en', contextLocale: 'en-US', colorScheme: 'light' as const, viewport: { width: 360, height: 740 } },
	{ locale: 'en', contextLocale: 'en-US', colorScheme: 'dark' as const, viewport: { width: 412, height: 915 } },
	{ locale: 'zh-CN', contextLocale: 'zh-CN', colorScheme: 'light' as const, viewport: { width: 412, height: 915 } },
	{ locale: 'zh-CN', contextLocale: 'zh-CN', colorScheme: 'dark' as const, viewport: { width: 360, height: 740 } }
])('in $locale ($colorScheme, $viewport.width px)', ({ locale, contextLocale, colorScheme, viewport }) => {
	let context: BrowserContext;
	beforeAll(async () => {
		context = await app.browser.newContext({ ...PHONE, viewport, locale: contextLocale, colorScheme, serviceWorkers: 'block' });
	});
	afterAll(() => context?.close());

	it.each(['', '?s=loss&close=A&lose=1&times=2&seed=1&udp=answer&retry=1&step=9', '?s=old-syn&seed=5&udp=none&step=6'])(
		'renders %s cleanly, in the language, without sideways scroll',
		async (query) => {
			const page = await context.newPage();
			const errors = watchErrors(page);
			await page.goto(app.server.origin + LAB + query);
			await ready(page);
			expect(CJK.test(await page.locator('h1').innerText())).toBe(locale === 'zh-CN');
			expect(CJK.test(await page.getByTestId('tcp-step').innerText())).toBe(locale === 'zh-CN');
			// Every step of the run is drawn and listed as text.
			const steps = await page.getByTestId('tcp-text').locator('li').count();
			expect(steps).toBeGreaterThan(5);
			await page.locator('.text-version summary').click();
			expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
			expect(await axeViolations(page)).toEqual([]);
			const name = query ? new URLSearchParams(query).get('s') : 'normal';
			await page.screenshot({ path: `${SCREENSHOTS}/lab-handshake-${name}-${locale}-${colorScheme}-${viewport.width}.png`, fullPage: true });
			expect(errors).toEqual([]);
			await page.close();
		}
	);
});

describe('what the lab shows', () => {
	let context: BrowserContext;
	beforeAll(async () => {
		context = await app.browser.newContext({ ...PHONE, serviceWorkers: 'block' });
	});
	afterAll(() => context?.close());

	it('steps with the keyboard through the RFC 9293 states of both ends', async () => {
		const page = await openLab(context);
		expect(await shown(page)).toEqual({ step: 0, title: 'B calls listen()', A: 'CLOSED', B: 'LISTEN' });
		await press(page, 'ArrowRight', 1);
		expect(await shown(page)).toMatchObject({ title: 'A sends [SYN]', A: 'SYN-SENT', B: 'LISTEN' });
		await press(page, 'ArrowRight', 2);
		// The SYN has arrived: B answers from SYN-RECEIVED.
		expect(await shown(page)).toMatchObject({ title: '[SYN] arrives at B', A: 'SYN-SENT', B: 'SYN-RECEIVED' });
		expect(await page.getByTestId('tcp-diagram').getAttribute('data-current')).toBe('2');
		await press(page, 'ArrowRight', 3);
		await press(page, 'ArrowRight', 4);
		expect(await shown(page)).toMatchObject({ title: '[SYN, ACK] arrives at A', A: 'ESTABLISHED', B: 'SYN-RECEIVED' });
		// The end: A, which closed first, waits in TIME-WAIT for 2 MSL, then is CLOSED; B closed on the last ACK.
		const last = (await page.getByTestId('tcp-text').locator('li').count()) - 1;
		await press(page, 'End', last);
		expect(await shown(page)).toMatchObject({ A: 'CLOSED', B: 'CLOSED' });
		expect(await page.getByTestId('tcp-step').locator('.badge').innerText()).toBe('240.32 s');
		await press(page, 'ArrowLeft', last - 1);
		expect(await shown(page)).toMatchObject({ title: '[ACK] arrives at B', A: 'TIME-WAIT', B: 'CLOSED' });
		await expect.poll(() => new URL(page.url()).searchParams.get('step')).toBe(String(last));
		await press(page, 'Home', 0);
		await page.close();
	});

	it('resends a lost SYN-ACK after the 1 s RTO, and a wrong count gets a message', async () => {
		const page = await openLab(context);
		await page.getByRole('radio', { name: /Lose a segment/ }).check();
		await page.getByTestId('tcp-lose').selectOption('1');
		expect(await page.getByTestId('tcp-lose').locator('option:checked').textContent()).toBe('2. B → A [SYN, ACK] seq=0 ack=1');
		// The text version, read whether or not its box is open.
		const lines = async () => (await page.getByTestId('tcp-text').locator('li').allTextContents()).map((l) => l.replace(/\s+/g, ' ').trim());
		await expect.poll(async () => (await lines()).filter((l) => /is lost/.test(l)), { timeout: 5_000 }).toEqual([expect.stringMatching(/^100 ms · \[SYN, ACK\] from B is lost/)]);
		// RFC 6298: the first retransmission after 1 s; B sent its SYN-ACK at 50 ms.
		expect((await lines()).some((l) => l.startsWith('1.05 s · B sends [SYN, ACK] again'))).toBe(true);
		expect(await page.locator('[data-testid="tcp-diagram"] [data-lost="true"]').count()).toBe(1);
		await expect.poll(() => new URL(page.url()).searchParams.get('lose')).toBe('1');
		// Lost twice in a row: the second retransmission waits twice as long.
		await page.getByTestId('tcp-times').fill('2');
		await expect.poll(() => page.locator('[data-testid="tcp-diagram"] [data-lost="true"]').count()).toBe(2);
		expect((await lines()).some((l) => l.startsWith('3.05 s · B sends [SYN, ACK] again'))).toBe(true);
		await page.getByTestId('tcp-times').fill('9');
		await expect.poll(() => page.getByTestId('tcp-times-error').innerText()).toBe('Enter a whole number from 1 to 7.');
		expect(await page.getByTestId('tcp-times').getAttribute('aria-invalid')).toBe('true');
		expect(await page.getByTestId('tcp-run').getAttribute('data-stale')).toBe('true');
		// The run on screen stays the last valid one, and so does the address.
		expect(await page.locator('[data-testid="tcp-diagram"] [data-lost="true"]').count()).toBe(2);
		expect(new URL(page.url()).searchParams.get('times')).toBe('2');
		await page.close();
	});

	it('loses a UDP answer for good, unless the application asks again', async () => {
		const page = await openLab(context, '?s=normal&udp=answer');
		const outcome = page.getByTestId('udp-outcome');
		expect(await outcome.getAttribute('data-answered')).toBe('false');
		expect(await page.getByTestId('udp-text').locator('li').count()).toBe(4);
		expect(await page.getByTestId('tcp-udp-compare').innerText()).toContain('the response reached A at 200 ms');
		await page.getByTestId('udp-retry').check();
		await expect.poll(() => outcome.getAttribute('data-answered')).toBe('true');
		expect(await outcome.innerText()).toContain('at 1.1 s');
		await page.getByRole('button', { name: 'None', exact: true }).click();
		await expect.poll(() => outcome.innerText()).toContain('at 100 ms');
		await page.close();
	});

	it('replays the same run at the same step from its address', async () => {
		const page = await openLab(context);
		await page.getByRole('radio', { name: /Why TIME-WAIT/ }).check();
		await page.getByRole('button', { name: 'Not at all' }).click();
		await page.getByTestId('tcp-seed').fill('777');
		await expect.poll(() => new URL(page.url()).searchParams.get('seed')).toBe('777');
		const last = (await page.getByTestId('tcp-text').locator('li').count()) - 1;
		// The keys step again once a click leaves the field (they never step while typing in one).
		await page.locator('h1').click();
		await page.keyboard.press('End');
		await expect.poll(async () => (await shown(page)).step).toBe(last);
		// Without TIME-WAIT, the resent FIN is answered with a reset.
		expect(await shown(page)).toMatchObject({ title: '[RST] arrives at B', A: 'CLOSED', B: 'CLOSED' });
		await expect.poll(() => new URL(page.url()).searchParams.get('step')).toBe(String(last + 1));
		const url = page.url();
		expect(new URL(url).searchParams.get('seed')).toBe('777');
		const before = { shown: await shown(page), text: await page.getByTestId('tcp-text').textContent(), caption: await page.locator('figcaption').first().innerText() };

		const again = await context.newPage();
		await again.goto(url);
		await ready(again);
		expect({ shown: await shown(again), text: await again.getByTestId('tcp-text').textContent(), caption: await again.locator('figcaption').first().innerText() }).toEqual(before);
		expect(await again.getByRole('radio', { name: /Why TIME-WAIT/ }).isChecked()).toBe(true);
		// Another seed is another pair of ISNs: the numbers differ, the story does not.
		const other = await context.newPage();
		await other.goto(url.replace('seed=777', 'seed=778'));
		await ready(other);
		expect(await other.locator('figcaption').first().innerText()).not.toBe(before.caption);
		expect(await shown(other)).toEqual(before.shown);
		await Promise.all([page.close(), again.close(), other.close()]);
	});
});

describe('offline', () => {
	it('opens the lab, never visited, with the server stopped, and steps', async () => {
		const { page, context, origin, errors } = await offlinePage(app.browser);
		const response = await page.goto(`${origin}${LAB}?s=old-syn&seed=5`);
		expect(response?.fromServiceWorker()).toBe(true);
		await ready(page);
		await press(page, 'ArrowRight', 1);
		await press(page, 'ArrowRight', 2);
		expect(await shown(page)).toMatchObject({ A: 'SYN-SENT', B: 'SYN-RECEIVED' });
		expect(errors).toEqual([]);
		await context.close();
	});
});
