/**
 * The HTTPS explorer in chromium: a whole live TLS 1.3 handshake computed by the page's Web Crypto (both ends),
 * in both languages (its saved capture and key log decrypted by tshark); the RFC 8448 mode with every secret matching the RFC; axe and the phone widths.
 */
import type { Page } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tsharkFields } from '../unit/tshark';
import { PHONE, SCREENSHOTS, axeViolations, horizontalOverflow, hydrated, serveAppAndBrowser, watchErrors } from './harness';

const app = serveAppAndBrowser();
const downloads = mkdtempSync(join(tmpdir(), 'wirewalk-tls-downloads-'));

async function runHandshake(page: Page, mode: 'live' | 'rfc8448') {
	await page.locator(`input[name="tls-mode"][value="${mode}"]`).check();
	await page.getByTestId('tls-run').click();
	await page.locator('[data-testid="tls-status"][data-status="done"]').waitFor({ timeout: 30_000 });
}

describe.each([
	{ locale: 'en', contextLocale: 'en-US', colorScheme: 'light' as const, passed: 'every check passed' },
	{ locale: 'zh-CN', contextLocale: 'zh-CN', colorScheme: 'dark' as const, passed: '所有检查均通过' }
])('a live handshake in $locale', ({ locale, contextLocale, colorScheme, passed }) => {
	it('computes both ends with fresh keys, passes every check, and steps through each message', async () => {
		const context = await app.browser.newContext({ ...PHONE, locale: contextLocale, colorScheme, serviceWorkers: 'block' });
		const page = await context.newPage();
		const errors = watchErrors(page);
		await page.goto(app.server.origin + '/tls');
		await hydrated(page);
		await runHandshake(page, 'live');
		expect(await page.getByTestId('tls-run-result').getAttribute('data-ok')).toBe('true');
		expect(await page.getByTestId('tls-status').innerText()).toContain(passed);
		// The capture and key log as the browser saves them: Wireshark's tshark decrypts the handshake and the HTTP.
		const saved = async (testId: string) => {
			const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), page.getByTestId('tls-run-result').getByTestId(testId).click()]);
			const path = join(downloads, `${locale}-${download.suggestedFilename()}`);
			await download.saveAs(path);
			return path;
		};
		const pcap = await saved('save-pcap');
		const keys = await saved('save-keys');
		const rows = tsharkFields(downloads, ['-r', pcap, '-o', `tls.keylog_file:${keys}`, '-Y', 'tls'], ['tls.handshake.type', 'http.request.method', 'http.response.code']);
		expect(rows.flatMap((r) => (r[0] ? r[0].split(',') : []))).toEqual(['1', '2', '8', '11', '15', '20', '20']);
		expect(rows.map((r) => r[1]).filter(Boolean)).toEqual(['GET']);
		expect(rows.map((r) => r[2]).filter(Boolean)).toEqual(['200']);
		// Every check in the run passed: walk all steps and read them.
		const total = await page.locator('[data-testid="tls-lanes"] li').count();
		expect(total).toBeGreaterThanOrEqual(12);
		const checks: string[] = [];
		for (let i = 0; i < total; i++) {
			await page.locator('[data-testid="tls-lanes"] li button').nth(i).click();
			const card = page.getByTestId('tls-step');
			const check = card.getByTestId('tls-check');
			if (await check.count()) checks.push(`${await card.getAttribute('data-step')}=${await check.getAttribute('data-ok')}`);
		}
		expect(checks.length).toBeGreaterThanOrEqual(3);
		expect(checks.filter((c) => !c.endsWith('=true'))).toEqual([]);
		// The key schedule filled in by the last step.
		expect(await page.locator('[data-testid="key-schedule"] ol > li').count()).toBeGreaterThanOrEqual(8);
		// Two runs, two different ClientHellos (fresh randoms and key shares).
		const clientHello = async () => {
			await page.locator('[data-testid="tls-lanes"] li[data-step="client-hello"] button').click();
			return page.getByTestId('tls-step').locator('.dump').innerText();
		};
		const first = await clientHello();
		await runHandshake(page, 'live');
		expect(await clientHello()).not.toBe(first);

		expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
		expect(await axeViolations(page)).toEqual([]);
		await page.screenshot({ path: `${SCREENSHOTS}/tls-live-${locale}-360.png`, fullPage: true });
		expect(errors).toEqual([]);
		await context.close();
	});
});

describe('RFC 8448 mode', () => {
	it('reproduces every secret the RFC prints', async () => {
		const context = await app.browser.newContext({ ...PHONE, viewport: { width: 412, height: 915 }, locale: 'en-US', serviceWorkers: 'block' });
		const page = await context.newPage();
		await page.goto(app.server.origin + '/tls');
		await hydrated(page);
		await runHandshake(page, 'rfc8448');
		const total = await page.locator('[data-testid="tls-lanes"] li').count();
		let matched = 0;
		for (let i = 0; i < total; i++) {
			await page.locator('[data-testid="tls-lanes"] li button').nth(i).click();
			const marks = page.getByTestId('tls-step').locator('[data-match]');
			for (const m of await marks.all()) {
				expect(await m.getAttribute('data-match')).toBe('true');
				matched++;
			}
		}
		// shared secret, early/handshake/master secrets, both traffic secrets of each stage, keys, IVs, finished keys
		expect(matched).toBeGreaterThanOrEqual(10);
		expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
		expect(await axeViolations(page)).toEqual([]);
		await page.screenshot({ path: `${SCREENSHOTS}/tls-rfc8448-en-412.png`, fullPage: true });
		await context.close();
	});
});

describe('tamper mode', () => {
	it('flips a byte and shows the exact check that catches it', async () => {
		const context = await app.browser.newContext({ ...PHONE, locale: 'en-US', serviceWorkers: 'block' });
		const page = await context.newPage();
		const errors = watchErrors(page);
		await page.goto(app.server.origin + '/tls');
		await hydrated(page);
		await runHandshake(page, 'live');
		const flip = async (stepId: string, byte: number, beforeEncryption = false) => {
			await page.locator(`[data-testid="tls-lanes"] li[data-step="${stepId}"] button`).click();
			if (beforeEncryption) await page.getByRole('button', { name: 'Before encryption' }).click();
			await page.getByTestId('tamper-byte').fill(String(byte));
			await page.getByTestId('tamper-flip').click();
			await page.locator('[data-testid="tls-status"][data-status="done"]').waitFor({ timeout: 30_000 });
		};
		// A byte of the encrypted Certificate record: its AEAD tag no longer matches.
		await flip('certificate', 10);
		expect(await page.getByTestId('tls-run-result').getAttribute('data-ok')).toBe('false');
		expect(await page.getByTestId('tls-step').getAttribute('data-step')).toBe('decrypt-certificate');
		expect(await page.getByTestId('tls-check').getAttribute('data-ok')).toBe('false');
		expect(await page.getByTestId('tamper-result').innerText()).toContain('Caught at');
		// The signature inside CertificateVerify, changed by the sender before encryption: decrypts fine, fails to verify.
		await runHandshake(page, 'live');
		await flip('certificate-verify', 12, true);
		expect(await page.getByTestId('tls-step').getAttribute('data-step')).toBe('check-certificate-verify');
		expect(await page.getByTestId('tls-check').getAttribute('data-ok')).toBe('false');
		expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
		expect(await axeViolations(page)).toEqual([]);
		await page.screenshot({ path: `${SCREENSHOTS}/tls-tamper-en-360.png`, fullPage: true });
		expect(errors).toEqual([]);
		await context.close();
	});
});

describe.each([
	{ locale: 'en', contextLocale: 'en-US', colorScheme: 'light' as const, width: 360, height: 740 },
	{ locale: 'zh-CN', contextLocale: 'zh-CN', colorScheme: 'dark' as const, width: 412, height: 915 }
])('TLS 1.2 beside TLS 1.3, and forward secrecy, in $locale', ({ locale, contextLocale, colorScheme, width, height }) => {
	it('runs all three against one RSA server, counts round trips, and only the RSA recording opens with the leaked key', async () => {
		const context = await app.browser.newContext({ ...PHONE, viewport: { width, height }, locale: contextLocale, colorScheme, serviceWorkers: 'block' });
		const page = await context.newPage();
		const errors = watchErrors(page);
		await page.goto(app.server.origin + '/tls');
		await hydrated(page);
		await page.getByTestId('compare-run').click();
		await page.locator('[data-testid="compare-status"][data-status="done"]').waitFor({ timeout: 60_000 });
		const timelines = page.getByTestId('timeline');
		expect(await timelines.evaluateAll((els) => els.map((e) => [e.getAttribute('data-protocol'), e.getAttribute('data-request-at')]))).toEqual([
			['tls12-rsa', '2'],
			['tls12-ecdhe', '2'],
			['tls13', '1']
		]);
		// The RSA run's ClientKeyExchange: its bytes and the PKCS#1 block the client built.
		await page.locator('[data-testid="timeline"][data-protocol="tls12-rsa"] button', { hasText: 'ClientKeyExchange' }).click();
		const card = page.getByTestId('compare-step').getByTestId('tls-step');
		expect(await card.getAttribute('data-step')).toBe('client-key-exchange');
		const hex = async (where: ReturnType<Page['locator']>) => (await where.locator('.dump .byte').allInnerTexts()).join('');
		// Record header (handshake, TLS 1.2, 262 bytes), then ClientKeyExchange (16) of 258 bytes: a 2-byte length and 256 of RSA.
		expect((await hex(card)).slice(0, 22)).toBe('1603030106100001020100');
		await page.getByTestId('leak-key').click();
		await page.locator('[data-testid="attack"]').nth(2).waitFor({ timeout: 30_000 });
		expect(await page.getByTestId('attack').evaluateAll((els) => els.map((e) => [e.getAttribute('data-protocol'), e.getAttribute('data-decrypted')]))).toEqual([
			['tls12-rsa', 'true'],
			['tls12-ecdhe', 'false'],
			['tls13', 'false']
		]);
		// What the attacker read is the request the page's client sent.
		expect((await hex(page.locator('[data-testid="attack"][data-protocol="tls12-rsa"] li').filter({ has: page.locator('.dump') }).first())).slice(0, 8)).toBe('47455420'); // "GET "
		expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
		expect(await axeViolations(page)).toEqual([]);
		await page.screenshot({ path: `${SCREENSHOTS}/tls-compare-${locale}-${width}.png`, fullPage: true });
		expect(errors).toEqual([]);
		await context.close();
	});
});
