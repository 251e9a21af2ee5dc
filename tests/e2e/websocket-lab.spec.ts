/**
 * The WebSocket lab in chromium: it renders in both languages and themes with no console errors, no axe violations
 * and no sideways scroll on a phone; chromium's Web Crypto turns RFC 6455's example key into its accept value; a
 * typed message with RFC 6455's masking key gives the RFC's frame bytes; bad input is answered inline; the
 * comparison's table follows its inputs; and the page opens offline.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PHONE, SCREENSHOTS, axeViolations, horizontalOverflow, hydrated, serveAppAndBrowser, watchErrors } from './harness';
import { offlinePage, openOffline } from './offline';

const app = serveAppAndBrowser();
const PATH = '/learn/websocket/lab';
const CJK = /[\u4e00-\u9fff]/;

async function open(page: Page, url: string) {
	await page.goto(url);
	await hydrated(page);
	await page.locator('[data-testid="ws-lab"][data-ready="true"]').waitFor({ timeout: 15_000 });
}

const cell = (page: Page, technique: string, col: string) => page.locator(`[data-testid="ws-costs"] tr[data-technique="${technique}"] td[data-col="${col}"]`).innerText();

describe.each([
	{ locale: 'en', contextLocale: 'en-US', colorScheme: 'light' as const, viewport: { width: 360, height: 740 } },
	{ locale: 'zh-CN', contextLocale: 'zh-CN', colorScheme: 'dark' as const, viewport: { width: 412, height: 915 } },
	{ locale: 'en', contextLocale: 'en-US', colorScheme: 'dark' as const, viewport: { width: 412, height: 915 } },
	{ locale: 'zh-CN', contextLocale: 'zh-CN', colorScheme: 'light' as const, viewport: { width: 360, height: 740 } }
])('in $locale ($colorScheme, $viewport.width px)', ({ locale, contextLocale, colorScheme, viewport }) => {
	it('renders, passes axe and fits the screen', async () => {
		const context = await app.browser.newContext({ ...PHONE, viewport, locale: contextLocale, colorScheme, serviceWorkers: 'block' });
		const page = await context.newPage();
		const errors = watchErrors(page);
		await open(page, app.server.origin + PATH);
		expect(CJK.test(await page.locator('h1').innerText())).toBe(locale === 'zh-CN');
		// A fresh key was drawn and its accept value computed: 28 characters of base64.
		expect(await page.getByTestId('ws-accept').innerText()).toMatch(/^[A-Za-z0-9+/]{27}=$/);
		// Open the numbers too, so axe and the overflow check see the tables.
		await page.locator('[data-testid="ws-chart"] summary').click();
		expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
		// The tables fit the phone too: none has to be scrolled sideways to be read (with the default inputs).
		const regions = await page.locator('[role="region"]').evaluateAll((list) => list.map((r) => `${r.getAttribute('aria-label')}: ${r.scrollWidth - r.clientWidth}`));
		expect(regions.length).toBe(3);
		expect(regions.filter((r) => !r.endsWith(': 0'))).toEqual([]);
		expect(await axeViolations(page)).toEqual([]);
		await page.screenshot({ path: `${SCREENSHOTS}/lab-websocket-${locale}-${colorScheme}-${viewport.width}.png`, fullPage: true });
		expect(errors).toEqual([]);
		await context.close();
	});
});

describe('what the lab computes', () => {
	it('turns RFC 6455’s example key into s3pPLMBiTxaQ9kYGzzhZRbK+xOo= with chromium’s Web Crypto, and refuses a bad key inline', async () => {
		const context = await app.browser.newContext({ ...PHONE, serviceWorkers: 'block' });
		const page = await context.newPage();
		const errors = watchErrors(page);
		await open(page, app.server.origin + PATH);
		await page.getByTestId('ws-rfc-key').click();
		await expect.poll(() => page.getByTestId('ws-accept').innerText(), { timeout: 5_000 }).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
		// RFC 6455 section 1.3 prints the SHA-1 digest too.
		expect(await page.getByTestId('ws-sha1').innerText()).toBe('b3 7a 4f 2c c0 62 4f 16 90 f6 46 06 cf 38 59 45 b2 be c4 ea');
		expect(await page.getByTestId('ws-rfc-match').isVisible()).toBe(true);
		expect(await page.getByTestId('ws-response').innerText()).toContain('Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
		expect(await page.getByTestId('ws-request').innerText()).toContain('Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==');

		// A key typed by hand is hashed too (a different key, a different answer), and a bad one is refused inline.
		await page.getByTestId('ws-key').fill('AAAAAAAAAAAAAAAAAAAAAA==');
		await expect.poll(() => page.getByTestId('ws-accept').innerText(), { timeout: 5_000 }).not.toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
		expect(await page.getByTestId('ws-rfc-match').count()).toBe(0);
		await page.getByTestId('ws-key').fill('dGhlIHNhbXBsZQ==');
		expect(await page.getByTestId('ws-key-error').innerText()).toContain('10 bytes');
		expect(await page.getByTestId('ws-key').getAttribute('aria-invalid')).toBe('true');
		await page.getByTestId('ws-key').fill('not base64!');
		expect(await page.getByTestId('ws-key-error').innerText()).toMatch(/A–Z/);
		await page.getByTestId('ws-new-key').click();
		await expect.poll(() => page.getByTestId('ws-key-error').count()).toBe(0);
		expect(errors).toEqual([]);
		await context.close();
	});

	it('frames a typed message with a chosen masking key as RFC 6455 section 5.7 does, and refuses what cannot be framed', async () => {
		const context = await app.browser.newContext({ ...PHONE, serviceWorkers: 'block' });
		const page = await context.newPage();
		await open(page, app.server.origin + PATH);
		await page.getByTestId('ws-message').fill('Hello');
		await page.getByTestId('ws-mask').fill('37 fa 21 3d');
		const client = page.getByTestId('ws-client-frame');
		const server = page.getByTestId('ws-server-frame');
		await expect.poll(() => client.getAttribute('data-hex')).toBe('818537fa213d7f9f4d5158');
		expect(await server.getAttribute('data-hex')).toBe('810548656c6c6f');
		// The hex view shows the same bytes, and the XOR table H (48) XOR 37 = 7f.
		expect((await client.locator('.dump').innerText()).replace(/\s+/g, ' ')).toContain('81 85 37 fa 21 3d 7f 9f');
		expect(await page.locator('[data-testid="ws-xor"] tbody tr').first().innerText()).toMatch(/0\s+48 H\s+37\s+7f/);
		// A ping from the server and a pong from the client, as in section 5.7.
		await page.getByRole('button', { name: 'Ping', exact: true }).click();
		await expect.poll(() => server.getAttribute('data-hex')).toBe('890548656c6c6f');
		await page.getByRole('button', { name: 'Pong', exact: true }).click();
		await expect.poll(() => client.getAttribute('data-hex')).toBe('8a8537fa213d7f9f4d5158');
		// 126 bytes: too long for a control frame; as text, the 16-bit length.
		await page.getByTestId('ws-message').fill('x'.repeat(126));
		expect(await page.getByTestId('ws-message-error').innerText()).toContain('at most 125 bytes');
		await page.getByRole('button', { name: 'Text', exact: true }).click();
		await expect.poll(() => server.getAttribute('data-hex').then((h) => h?.slice(0, 8))).toBe('817e007e');
		expect(await page.getByTestId('ws-length-note').innerText()).toContain('126');
		// A bad masking key is refused inline; the frames stay as they were.
		await page.getByTestId('ws-mask').fill('37 fa');
		expect(await page.getByTestId('ws-mask-error').innerText()).toContain('8 digits');
		// The length field: 65 536 bytes take the 64-bit form.
		await page.getByTestId('ws-length').fill('65536');
		await expect.poll(() => page.getByTestId('ws-length-header').getAttribute('data-hex')).toBe('817f0000000000010000');
		await page.getByTestId('ws-length').fill('-3');
		expect(await page.getByTestId('ws-length-error').innerText()).toContain('whole number');
		await context.close();
	});

	it('changes the comparison’s table and chart with its inputs, and marks a bad input', async () => {
		const context = await app.browser.newContext({ ...PHONE, serviceWorkers: 'block' });
		const page = await context.newPage();
		await open(page, app.server.origin + PATH);
		// Defaults: 12 messages a minute, a poll every second: 5 polls per message, WebSocket 100 + 2 bytes.
		expect(await cell(page, 'short-polling', 'requests')).toBe('5.00');
		expect(await cell(page, 'websocket', 'bytes')).toBe('102');
		const shortBytes = await cell(page, 'short-polling', 'bytes');
		const chartRow = page.locator('[data-testid="ws-chart-table"] tr[data-key="short-polling"] td');
		expect(await chartRow.textContent()).toBe(shortBytes);
		// A poll every 10 s finds 2 messages on average: 0.5 requests per message.
		await page.getByTestId('ws-interval').fill('10000');
		await expect.poll(() => cell(page, 'short-polling', 'requests')).toBe('0.50');
		await expect.poll(() => chartRow.textContent()).not.toBe(shortBytes);
		// A bigger message: every technique carries it; WebSocket's header grows to 4 bytes over 125.
		await page.getByTestId('ws-size').fill('1000');
		await expect.poll(() => cell(page, 'websocket', 'bytes')).toBe('1 004');
		// 1 000 bytes of cookies on every request: polling pays per message, WebSocket only once.
		const longBefore = Number((await cell(page, 'long-polling', 'bytes')).replace(/\s/g, ''));
		await page.getByTestId('ws-headers').fill('1000');
		// (1 000 per request; a long poll that times out empty now and then adds a little: e^−6 of one at this rate.)
		await expect.poll(async () => Number((await cell(page, 'long-polling', 'bytes')).replace(/\s/g, '')) - longBefore).toBeGreaterThanOrEqual(1000);
		expect(Number((await cell(page, 'long-polling', 'bytes')).replace(/\s/g, '')) - longBefore).toBeLessThanOrEqual(1004);
		expect(await cell(page, 'websocket', 'bytes')).toBe('1 004');
		// The chart shows another measure on request.
		await page.getByRole('button', { name: 'Average delay (ms)' }).click();
		expect(await page.locator('[data-testid="ws-chart-table"] tr[data-key="short-polling"] td').textContent()).toBe('5 050');
		// A wrong value is marked and the figures stay.
		await page.getByTestId('ws-rate').fill('0');
		expect(await page.getByTestId('ws-rate-error').innerText()).toContain('1 to 6 000');
		expect(await cell(page, 'websocket', 'bytes')).toBe('1 004');
		await context.close();
	});
});

describe('offline', () => {
	it('opens the lab, never visited, with the server stopped, and still computes', async () => {
		const { page, context, origin, errors } = await offlinePage(app.browser);
		await openOffline(page, origin + PATH);
		await page.locator('[data-testid="ws-lab"][data-ready="true"]').waitFor({ timeout: 15_000 });
		await page.getByTestId('ws-rfc-key').click();
		await expect.poll(() => page.getByTestId('ws-accept').innerText(), { timeout: 5_000 }).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
		expect(errors).toEqual([]);
		await context.close();
	});
});
