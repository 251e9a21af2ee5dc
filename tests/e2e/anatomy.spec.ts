/** The DoH anatomy page: the real consumer of Stepper and HexView. */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BUILDS, PHONE, settled, launchChromium, serveNodeBuild, watchErrors, type Served } from './harness';

let server: Served;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[];

beforeAll(async () => {
	server = await serveNodeBuild(BUILDS.a.dir);
	browser = await launchChromium();
});
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});
beforeEach(async () => {
	await context?.close();
	context = await browser.newContext({ ...PHONE, locale: 'en-US', serviceWorkers: 'block', reducedMotion: 'reduce' });
	page = await context.newPage();
	errors = watchErrors(page);
});

const position = () => page.locator('.position .count').innerText();
const hexDump = async () => (await page.locator('.dump .byte').allInnerTexts()).join('');

async function open(query = '') {
	await page.goto(`${server.origin}/dns/anatomy${query}`);
	await settled(page);
}

describe('DoH query anatomy', () => {
	it('builds the RFC 8484 example query byte for byte', async () => {
		await open();
		await page.getByLabel('Domain name').fill('www.example.com');
		await page.getByLabel('Record type').selectOption('A');
		await page.getByLabel(/EDNS with the DO bit/).uncheck();
		// RFC 8484 section 4.1.1: www.example.com A, ID 0, RD=1, no EDNS.
		expect(await hexDump()).toBe('00000100000100000000000003777777076578616d706c6503636f6d0000010001');
		await page.getByRole('button', { name: 'Next step' }).click();
		await page.getByRole('button', { name: 'Next step' }).click();
		await page.getByRole('button', { name: 'Next step' }).click();
		expect(await page.getByTestId('request-line').innerText()).toBe('GET /dns-query?dns=AAABAAABAAAAAAAAA3d3dwdleGFtcGxlA2NvbQAAAQAB');
		// The full URL is the chosen resolver's endpoint with the same query (the page only builds it, never sends it).
		const url = new URL(await page.getByTestId('request-url').innerText());
		expect([url.protocol, url.pathname, url.search]).toEqual(['https:', '/dns-query', '?dns=AAABAAABAAAAAAAAA3d3dwdleGFtcGxlA2NvbQAAAQAB']);
		expect(errors).toEqual([]);
	});

	it('adds EDNS with the DO bit by default, and steps header, flags, question, EDNS, request', async () => {
		await open('?name=example.com&type=AAAA');
		// Hand-laid from RFC 1035 4.1 and RFC 6891 6.1.2: ID 0, RD, 1 question, 1 additional; OPT 1232 bytes, DO.
		expect(await hexDump()).toBe(
			'000001000001000000000001' + '076578616d706c6503636f6d00' + '001c0001' + '00' + '0029' + '04d0' + '00' + '00' + '8000' + '0000'
		);
		const titles: string[] = [];
		for (let i = 0; i < 5; i++) {
			titles.push(await page.locator('.position .title').innerText());
			if (i < 4) await page.keyboard.press('ArrowRight');
		}
		expect(titles).toEqual(['Header', 'Header flags', 'Question', 'EDNS (OPT record)', 'The HTTPS request']);
		expect(await position()).toBe('Step 5 of 5');
		await expect.poll(() => page.getByRole('button', { name: 'Next step' }).isDisabled()).toBe(true);
		await page.keyboard.press('Home');
		expect(await position()).toBe('Step 1 of 5');
		await page.keyboard.press('End');
		expect(await position()).toBe('Step 5 of 5');
		expect(await page.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('5');
		expect(errors).toEqual([]);
	});

	it('explains a focused field and highlights exactly its bytes', async () => {
		await open('?name=example.com&type=A');
		await page.getByRole('button', { name: 'Next step' }).focus();
		await page.keyboard.press('ArrowRight');
		expect(await page.locator('.position .title').innerText()).toBe('Header flags');
		const rd = page.getByRole('button', { name: /RD: recursion desired/ });
		await rd.focus();
		expect(await rd.getAttribute('aria-pressed')).toBe('true');
		const explain = page.locator('.explain');
		expect(await explain.innerText()).toContain('iterative');
		expect(await explain.locator('mark').innerText()).toBe('1'); // bit 7 of 0x0100
		expect(await page.locator('.byte.on').allInnerTexts()).toEqual(['01', '00']);

		// A tap on a byte picks the narrowest field there.
		await page.getByRole('button', { name: 'Next step' }).click();
		await page.locator('.byte').nth(12).click(); // the length byte of "example"
		expect(await page.locator('.explain strong').innerText()).toBe('Label “example”');
		expect(await page.locator('.byte.on').count()).toBe(8);
		expect(errors).toEqual([]);
	});

	it('answers bad input inline in the user’s language, before anything is built', async () => {
		await open();
		const input = page.locator('input[type="text"]');
		expect(await page.getByLabel('Domain name').count()).toBe(1);
		await input.fill('exa mple.com');
		expect(await page.getByTestId('name-error').innerText()).toBe('A domain name cannot contain spaces.');
		expect(await input.getAttribute('aria-invalid')).toBe('true');
		expect(await page.locator('.stepper').count()).toBe(0);
		await input.fill('a..b');
		expect(await page.getByTestId('name-error').innerText()).toContain('empty label');
		await page.getByRole('button', { name: 'Switch to Chinese (中文)' }).click();
		expect(await page.getByTestId('name-error').innerText()).toContain('空标签');
		expect(await page.getByLabel('域名', { exact: true }).getAttribute('aria-invalid')).toBe('true');
		await input.fill('例子.测试');
		expect(await page.getByTestId('query-fqdn').innerText()).toBe('xn--fsqu00a.xn--0zwm56d.');
		expect(await page.locator('#name-status').innerText()).toContain('Punycode');
		await input.fill('192.0.2.1');
		expect(await page.getByTestId('query-fqdn').innerText()).toBe('1.2.0.192.in-addr.arpa.');
		expect(errors).toEqual([]);
	});

	it('plays the steps on request and pauses', async () => {
		await context.close();
		context = await browser.newContext({ locale: 'en-US', serviceWorkers: 'block', reducedMotion: 'no-preference' });
		page = await context.newPage();
		await open();
		const play = page.getByRole('button', { name: 'Play' });
		await play.click();
		await expect.poll(position, { timeout: 10_000, interval: 200 }).toBe('Step 2 of 5');
		await page.getByRole('button', { name: 'Pause' }).click();
		const paused = await position();
		await page.waitForTimeout(4_000); // longer than one autoplay interval (3.5 s)
		expect(await position()).toBe(paused);
		expect(await page.getByRole('button', { name: 'Play' }).getAttribute('aria-pressed')).toBe('false');
	});

	it('moves nothing when reduced motion is asked for, and animates otherwise', async () => {
		const animationsAfterNext = async () => {
			await page.getByRole('button', { name: 'Next step' }).click();
			return page.evaluate(() => document.getAnimations().length);
		};
		await open();
		expect(await animationsAfterNext()).toBe(0);
		await context.close();
		context = await browser.newContext({ locale: 'en-US', serviceWorkers: 'block', reducedMotion: 'no-preference' });
		page = await context.newPage();
		await open();
		expect(await animationsAfterNext()).toBeGreaterThan(0);
	});

	it('keeps the query in the address, so a link reopens it', async () => {
		await open('?name=Bücher.example&type=MX');
		expect(await page.getByLabel('Domain name').inputValue()).toBe('Bücher.example');
		expect(await page.getByLabel('Record type').inputValue()).toBe('MX');
		expect(await page.getByTestId('query-fqdn').innerText()).toBe('xn--bcher-kva.example.');
		await page.getByLabel('Domain name').fill('example.org');
		await expect.poll(() => page.evaluate(() => location.search)).toBe('?name=example.org&type=MX');
	});
});
