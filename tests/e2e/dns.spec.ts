/**
 * The DNS explorer in chromium against the DNS lab (real knot, unbound and dnsdist on 127.53.0.0/24):
 * - resolver mode: the page asks the lab's DoH resolver (dnsdist in front of unbound), set as a custom URL;
 * - direct mode: the app is started with the lab's root hints and range, so its relay asks the lab's servers.
 * Each case checks the rungs of the ladder (zone and kind, nesting) and the final answer against the lab's zone
 * files (tests/lab/zones). Then: untrusted TXT stays text, deep links, history, the demo world offline, axe and
 * the phone widths. And DNSSEC: the chain-of-trust ladder of the lab's signed zones (the server is given the
 * lab's own root key, WIREWALK_TRUST_ANCHOR), secure and bogus, checked against the lab's own DS records.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_DNSSEC_CASES, startLab, type Lab } from '../lab/lab.js';
import { socketTransport } from '$lib/server/dns-socket';
import { decodeMessage, encodeQuery } from '$lib/dns/wire';
import { offlinePage } from './offline';
import { BUILDS, PHONE, SCREENSHOTS, axeViolations, freePort, horizontalOverflow, launchChromium, serveNodeBuild, serviceWorkerControls, settled, watchErrors, type Served } from './harness';

let lab: Lab;
let server: Served;
let browser: Browser;

beforeAll(async () => {
	lab = await startLab();
	server = await serveNodeBuild(BUILDS.a.dir, undefined, { WIREWALK_ROOT_HINTS: lab.rootHintsFile, WIREWALK_LAB_RANGE: '127.53.0.0/24', WIREWALK_TRUST_ANCHOR: lab.trustAnchorFile });
	browser = await launchChromium();
}, 120_000);
afterAll(async () => {
	await browser?.close();
	await server?.stop();
	await lab?.stop();
});

type Mode = 'resolver' | 'direct' | 'demo';

/** Opens /dns with the source already chosen (as a returning user would have it). */
async function openExplorer(context: BrowserContext, mode: Mode, origin = server.origin): Promise<Page> {
	const page = await context.newPage();
	await page.addInitScript(
		([source]) => localStorage.setItem('wirewalk.dns.source', source!),
		[JSON.stringify({ mode, provider: 'custom', customUrl: lab.doh })]
	);
	await page.goto(origin + '/dns');
	await settled(page);
	return page;
}

/** Types a question, walks it, and waits (bounded) until the trace is done. */
async function walkName(page: Page, name: string, type = 'A') {
	await page.locator('#dns-name').fill(name);
	await page.locator('#dns-type').selectOption(type);
	await page.getByTestId('walk').click();
	await page.locator('[data-testid="trace"][data-status="done"]').waitFor({ timeout: 30_000 });
}

interface Rung {
	zone: string;
	kind: string;
	/** The reasons of the nested walks this rung sits in, outermost first ('' for the main walk). */
	nesting: string;
}

async function rungs(page: Page): Promise<Rung[]> {
	return page.locator('[data-testid="ladder-rung"]').evaluateAll((buttons) =>
		buttons.map((b) => {
			const li = b.closest('li')!;
			const reasons: string[] = [];
			for (let n = li.parentElement?.closest('[data-testid="ladder-nested"]'); n; n = n.parentElement?.closest('[data-testid="ladder-nested"]'))
				reasons.unshift((n as HTMLElement).dataset.reason!);
			return { zone: li.dataset.zone!, kind: li.dataset.kind!, nesting: reasons.join('/') };
		})
	);
}

const answerText = (page: Page) => page.getByTestId('final-answer').innerText();
const rcode = (page: Page) => page.getByTestId('outcome').getAttribute('data-rcode');

describe('direct mode (relay to the lab servers)', () => {
	let context: BrowserContext;
	let page: Page;
	let errors: string[];
	beforeAll(async () => {
		context = await browser.newContext({ ...PHONE, locale: 'en-US', serviceWorkers: 'block' });
		page = await openExplorer(context, 'direct');
		errors = watchErrors(page);
	});
	afterAll(() => context?.close());

	it('walks a plain A record root -> test. -> wirewalk.test.', async () => {
		await walkName(page, 'www.wirewalk.test');
		expect(await rungs(page)).toEqual([
			{ zone: '.', kind: 'referral', nesting: '' },
			{ zone: 'test.', kind: 'referral', nesting: '' },
			{ zone: 'wirewalk.test.', kind: 'answer', nesting: '' }
		]);
		expect(await answerText(page)).toContain('www.wirewalk.test. 300 A 203.0.113.10');
		expect(await page.getByTestId('hop-server').innerText()).toMatch(/ns1\.wirewalk\.test\. \(127\.53\.0\.21\)/);
		expect(await page.getByTestId('trace-dig').innerText()).toBe('dig +trace @127.53.0.1 www.wirewalk.test. A');
		// The address is the trace's deep link, with the saved trace's id after the # (a reload reopens it).
		await expect.poll(() => page.url(), { timeout: 5_000 }).toMatch(new RegExp(`^${server.origin}/dns/www\\.wirewalk\\.test/A\\?mode=direct#.+direct.+www\\.wirewalk\\.test`));
		expect(await page.getByTestId('query-kind').innerText()).toContain('iterative query (RD=0)');
	});

	it('follows a CNAME across TLDs in a nested walk', async () => {
		await walkName(page, 'cdn.wirewalk.test');
		const r = await rungs(page);
		expect(r.slice(0, 3)).toEqual([
			{ zone: '.', kind: 'referral', nesting: '' },
			{ zone: 'test.', kind: 'referral', nesting: '' },
			{ zone: 'wirewalk.test.', kind: 'cname', nesting: '' }
		]);
		expect(r.slice(3)).toEqual([
			{ zone: '.', kind: 'referral', nesting: 'cname' },
			{ zone: 'example.', kind: 'referral', nesting: 'cname' },
			{ zone: 'cdn.example.', kind: 'answer', nesting: 'cname' }
		]);
		const answer = await answerText(page);
		expect(answer).toContain('cdn.wirewalk.test. 300 CNAME edge.cdn.example.');
		expect(answer).toContain('edge.cdn.example. 300 A 203.0.113.60');
	});

	it('ends at NXDOMAIN with the SOA', async () => {
		await walkName(page, 'nope.wirewalk.test');
		expect((await rungs(page)).at(-1)).toEqual({ zone: 'wirewalk.test.', kind: 'nxdomain', nesting: '' });
		expect(await rcode(page)).toBe('NXDOMAIN');
		expect(await page.locator('[data-testid="hop-card"]').innerText()).toContain('SOA');
	});

	it('looks up glueless name servers in a nested walk, then goes on', async () => {
		await walkName(page, 'www.glueless.test');
		const r = await rungs(page);
		expect(r[0]).toEqual({ zone: '.', kind: 'referral', nesting: '' });
		expect(r[1]).toEqual({ zone: 'test.', kind: 'referral', nesting: '' });
		const nested = r.filter((x) => x.nesting === 'glueless');
		// ns1.hosting.example. is a name in the example. zone itself, so its TLD answers it.
		expect(nested.map((x) => x.zone)).toEqual(['.', 'example.']);
		expect(r.at(-1)).toEqual({ zone: 'glueless.test.', kind: 'answer', nesting: '' });
		expect(await page.locator('[data-testid="ladder-nested"][data-reason="glueless"] .why').first().innerText()).toContain('ns1.hosting.example.');
		expect(await answerText(page)).toContain('203.0.113.50');
	});

	it('fails over from lame servers to the one that answers', async () => {
		await walkName(page, 'www.lame.test');
		const atLame = (await rungs(page)).filter((x) => x.zone === 'lame.test.');
		expect(atLame.at(-1)!.kind).toBe('answer');
		// ns1 has nothing listening (ICMP unreachable), ns2 answers REFUSED; the walk may try them in either order.
		expect(atLame.slice(0, -1).map((x) => x.kind).sort()).toEqual(['refused', 'unreachable']);
		expect(await answerText(page)).toContain('203.0.113.30');
	});

	it('shows a TXT record that contains HTML as text, never as markup', async () => {
		let dialogs = 0;
		page.on('dialog', (d) => {
			dialogs++;
			void d.dismiss();
		});
		await walkName(page, 'txt.wirewalk.test', 'TXT');
		expect(await answerText(page)).toContain('"<img src=x onerror=alert(1)>"');
		expect(await page.locator('[data-testid="trace"] img').count()).toBe(0);
		expect(await page.getByTestId('hop-records').innerText()).toContain('<img src=x onerror=alert(1)>');
		expect(dialogs).toBe(0);
	});

	it('explains the bytes of a hop, header flags included, with 0 axe violations and no sideways scroll', async () => {
		await walkName(page, 'www.wirewalk.test', 'AAAA');
		await page.getByRole('button', { name: 'Show the bytes' }).click();
		const fields = await page.getByRole('list', { name: /fields/i }).innerText();
		for (const flag of ['QR', 'AA', 'TC', 'RD', 'RA', 'RCODE']) expect(fields).toContain(flag);
		expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
		expect(await axeViolations(page)).toEqual([]);
		await page.screenshot({ path: `${SCREENSHOTS}/dns-direct-bytes-en-360.png`, fullPage: true });
		await page.setViewportSize({ width: 412, height: 915 });
		expect(await horizontalOverflow(page), 'scrollWidth beyond 412 px').toBeLessThanOrEqual(0);
		await page.screenshot({ path: `${SCREENSHOTS}/dns-direct-bytes-en-412.png`, fullPage: true });
		await page.setViewportSize({ width: 360, height: 740 });
		// The lame case's unreachable server is a 502 from the relay, which chromium logs; nothing else may be.
		expect(errors.filter((e) => !e.includes('status of 502'))).toEqual([]);
	});

	it('saved every finished trace, and finds them by name', async () => {
		const items = page.getByTestId('history-item');
		await expect.poll(() => items.count(), { timeout: 5_000 }).toBeGreaterThanOrEqual(7);
		await page.getByLabel('Search by name').fill('glueless');
		await expect.poll(() => items.count(), { timeout: 5_000 }).toBe(1);
		await items.first().getByRole('button').first().click();
		await expect.poll(async () => (await rungs(page)).at(-1)?.zone, { timeout: 5_000 }).toBe('glueless.test.');
		expect(await answerText(page)).toContain('203.0.113.50');
	});

	it('deletes one saved trace, and clears them all only after a confirmation', async () => {
		const items = page.getByTestId('history-item');
		await page.getByLabel('Search by name').fill('');
		await expect.poll(() => items.count(), { timeout: 5_000 }).toBeGreaterThanOrEqual(7);
		const before = await items.count();
		await page.getByRole('button', { name: 'Delete the trace of txt.wirewalk.test.' }).click();
		await expect.poll(() => items.count(), { timeout: 5_000 }).toBe(before - 1);
		expect(await page.getByTestId('history').innerText()).not.toContain('txt.wirewalk.test.');

		await page.getByRole('button', { name: 'Clear all' }).click();
		expect(await page.getByRole('alert').filter({ hasText: 'cannot be undone' }).innerText()).toContain(`Delete all ${before - 1} saved traces?`);
		await page.getByRole('button', { name: 'Keep them' }).click();
		expect(await items.count()).toBe(before - 1);
		await page.getByRole('button', { name: 'Clear all' }).click();
		await page.getByRole('button', { name: 'Delete all' }).click();
		await page.getByTestId('history-empty').waitFor({ timeout: 5_000 });
		expect(await items.count()).toBe(0);
		// Gone for good: still empty after a reload.
		await page.reload();
		await settled(page);
		await page.getByTestId('history-empty').waitFor({ timeout: 5_000 });
	});
});

describe('resolver mode (the lab DoH resolver)', () => {
	let context: BrowserContext;
	let page: Page;
	beforeAll(async () => {
		context = await browser.newContext({ ...PHONE, viewport: { width: 412, height: 915 }, locale: 'zh-CN', colorScheme: 'dark', serviceWorkers: 'block' });
		page = await openExplorer(context, 'resolver');
	});
	afterAll(() => context?.close());

	const via = () => page.getByTestId('hop-server').innerText();

	it('reconstructs a plain lookup level by level, and says who answered', async () => {
		await walkName(page, 'www.wirewalk.test');
		const r = await rungs(page);
		expect(r.map((x) => x.zone)).toEqual(expect.arrayContaining(['.', 'test.', 'wirewalk.test.']));
		expect(r.at(-1)).toEqual({ zone: 'wirewalk.test.', kind: 'answer', nesting: '' });
		expect(await via()).toContain('127.53.0.54:8053');
		// The stub's question is recursive, the reconstructed hops iterative: said in the user's language.
		const kind = await page.getByTestId('query-kind').innerText();
		expect(kind).toContain('递归查询（RD=1');
		expect(kind).toContain('迭代查询（RD=0）');
		expect(await answerText(page)).toContain('203.0.113.10');
		expect(await page.getByTestId('trace-dig').innerText()).toBe('dig +http-plain=/dns-query @127.53.0.54 -p 8053 www.wirewalk.test. A +dnssec');
	});

	it('follows a CNAME across TLDs in a nested walk', async () => {
		await walkName(page, 'cdn.wirewalk.test');
		const r = await rungs(page);
		expect(r.find((x) => x.nesting === '' && x.kind === 'cname')?.zone).toBe('wirewalk.test.');
		expect(r.filter((x) => x.nesting === 'cname').at(-1)).toEqual({ zone: 'cdn.example.', kind: 'answer', nesting: 'cname' });
		// The resolver caches: the TTL it hands out counts down from the zone's 300 s.
		expect(await answerText(page)).toMatch(/edge\.cdn\.example\. (300|29\d) A 203\.0\.113\.60/);
	});

	it('ends at NXDOMAIN', async () => {
		await walkName(page, 'nope.wirewalk.test');
		expect((await rungs(page)).at(-1)?.kind).toBe('nxdomain');
		expect(await rcode(page)).toBe('NXDOMAIN');
	});

	it('shows the glueless delegation and the lame zone’s answer as the resolver gives them', async () => {
		await walkName(page, 'www.glueless.test');
		expect((await rungs(page)).at(-1)).toEqual({ zone: 'glueless.test.', kind: 'answer', nesting: '' });
		expect(await page.locator('[data-testid="hop-card"]').innerText()).toBeTruthy();
		expect(await answerText(page)).toContain('203.0.113.50');
		await walkName(page, 'www.lame.test');
		expect((await rungs(page)).at(-1)).toEqual({ zone: 'lame.test.', kind: 'answer', nesting: '' });
		expect(await answerText(page)).toContain('203.0.113.30');
	});

	it('answers bad input inline, in Chinese, before sending anything', async () => {
		let requests = 0;
		page.on('request', (r) => void (r.url().startsWith(lab.doh) && requests++));
		await page.locator('#dns-name').fill('bad..name');
		await page.getByTestId('walk').click();
		const error = await page.getByTestId('name-error').innerText();
		expect(error).toMatch(/[\u4e00-\u9fff]/);
		expect(requests).toBe(0);
		expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
		expect(await axeViolations(page)).toEqual([]);
		await page.screenshot({ path: `${SCREENSHOTS}/dns-resolver-zh-CN-412.png`, fullPage: true });
	});
});

describe('when the resolver cannot be reached', () => {
	it('says so, and offers the demo world and the saved traces', async () => {
		// A real failure, not a mock: a DoH URL on a loopback port where nothing listens (connection refused).
		const closed = `http://127.0.0.1:${await freePort()}/dns-query`;
		const context = await browser.newContext({ ...PHONE, locale: 'en-US', serviceWorkers: 'block' });
		const page = await context.newPage();
		await page.addInitScript((url) => localStorage.setItem('wirewalk.dns.source', JSON.stringify({ mode: 'resolver', provider: 'custom', customUrl: url })), closed);
		await page.goto(server.origin + '/dns');
		await settled(page);
		await walkName(page, 'www.wirewalk.test');
		const problem = page.getByTestId('walk-problem');
		expect(await problem.innerText()).toContain('127.0.0.1');
		await problem.getByRole('button', { name: 'Use the demo world' }).click();
		expect(await page.getByRole('radio', { name: /Demo world/ }).isChecked()).toBe(true);
		expect(await problem.getByRole('link', { name: 'Open a saved trace' }).getAttribute('href')).toBe('#history-title');
		await walkName(page, 'www.lame.demo');
		expect(await answerText(page)).toContain('www.lame.demo.');
		expect(await page.getByTestId('walk-problem').count()).toBe(0);
		await context.close();
	});
});

describe('deep links', () => {
	it('open and run the trace they name', async () => {
		const context = await browser.newContext({ ...PHONE, locale: 'en-US', serviceWorkers: 'block' });
		const page = await context.newPage();
		const errors = watchErrors(page);
		await page.goto(`${server.origin}/dns/cdn.wirewalk.test/A?mode=direct`);
		await page.locator('[data-testid="trace"][data-status="done"]').waitFor({ timeout: 30_000 });
		expect(await page.locator('#dns-name').inputValue()).toBe('cdn.wirewalk.test');
		expect(await answerText(page)).toContain('203.0.113.60');
		expect(errors).toEqual([]);
		await context.close();
	});
});

describe('offline', () => {
	it('walks the demo world and reopens a saved trace with the server gone, after a reload', async () => {
		const own = await serveNodeBuild(BUILDS.a.dir);
		const context = await browser.newContext({ ...PHONE, locale: 'en-US' });
		try {
			const page = await openExplorer(context, 'demo', own.origin);
			await serviceWorkerControls(page);
			await walkName(page, 'www.glueless.demo');
			expect(await answerText(page)).toContain('www.glueless.demo.');
			await own.stop();

			// The address names the saved trace now: a reload reopens it (nothing walked twice, nothing lost).
			await expect.poll(() => page.url(), { timeout: 5_000 }).toMatch(/\/dns\/www\.glueless\.demo\/A\?mode=demo#.+/);
			await page.reload();
			await settled(page);
			await expect.poll(async () => (await rungs(page)).some((x) => x.nesting === 'glueless'), { timeout: 5_000 }).toBe(true);
			expect(await page.getByTestId('history-item').count()).toBe(1);
			await walkName(page, 'www.shop.demo');
			expect(await page.locator('[data-testid="trace"] h2 .badge').innerText()).toBe('Demo world');
			expect((await rungs(page)).some((x) => x.nesting === 'cname')).toBe(true);
			await page.getByTestId('history-item').filter({ hasText: 'www.glueless.demo.' }).getByRole('button').first().click();
			await expect.poll(async () => (await rungs(page)).some((x) => x.nesting === 'glueless'), { timeout: 5_000 }).toBe(true);

			// A deep link never visited before: the service worker answers with the route's shell.
			await page.goto(`${own.origin}/dns/nope.shop.demo/A?mode=demo`);
			await page.locator('[data-testid="trace"][data-status="done"]').waitFor({ timeout: 30_000 });
			expect(await rcode(page)).toBe('NXDOMAIN');
			await page.screenshot({ path: `${SCREENSHOTS}/dns-demo-offline-en-360.png`, fullPage: true });
		} finally {
			await context.close();
			await own.stop();
		}
	});
});

describe('DNSSEC: the chain of trust in the page (direct mode, the lab\'s root key as the anchor)', () => {
	/** The chain's rungs as `kind name security` (the anchor rung has no verdict). */
	const chainRungs = (page: Page) =>
		page.getByTestId('chain-rung').evaluateAll((buttons) => buttons.map((b) => `${(b as HTMLElement).dataset.kind} ${b.querySelector('code')!.textContent} ${(b as HTMLElement).dataset.security ?? ''}`.trim()));
	const verdictOf = (page: Page) => page.getByTestId('dnssec-verdict').getAttribute('data-security');

	/** Is this DoH GET (RFC 8484 ?dns=) a DNSKEY question? */
	function dnskeyQuery(url: string): boolean {
		const query = new URL(url).searchParams.get('dns');
		const decoded = query ? decodeMessage(Buffer.from(query, 'base64url')) : undefined;
		return !!decoded?.ok && decoded.value.questions[0]?.type === 48;
	}

	/** The DS RRset of `zone` as its parent's server hands it out: the digests, lowercase hex. */
	async function publishedDs(zone: string, parent: string): Promise<string[]> {
		const query = encodeQuery({ name: zone, typeCode: 43, id: 7, recursionDesired: false, edns: { udpPayloadSize: 1232, dnssecOk: true } });
		const result = await socketTransport().exchange({ address: parent, port: 53 }, query, { tcp: false, timeoutMs: 3000 });
		if (!result.ok) throw new Error(`${parent} did not answer ${zone} DS`);
		return result.value.message.answers.filter((r) => r.type === 43).map((r) => Array.from(r.rdata.subarray(4), (b) => b.toString(16).padStart(2, '0')).join(''));
	}

	it('secure (en, 360 px): anchor -> . -> test. -> wirewalk.test. -> the A RRset, each check with its inputs', async () => {
		const context = await browser.newContext({ ...PHONE, locale: 'en-US', serviceWorkers: 'block' });
		try {
			const page = await openExplorer(context, 'direct');
			const errors = watchErrors(page);
			await page.getByTestId('dnssec-toggle').check();
			await walkName(page, 'www.wirewalk.test');
			await expect.poll(() => verdictOf(page), { timeout: 10_000 }).toBe('secure');
			await page.getByTestId('chain').waitFor({ timeout: 10_000 });
			expect(await chainRungs(page)).toEqual(['anchor Trust anchor', 'zone Zone . secure', 'zone Zone test. secure', 'zone Zone wirewalk.test. secure', 'rrset www.wirewalk.test. A secure']);
			// the delegation ladder marks each rung with its verdict
			const badges = await page.getByTestId('ladder').getByTestId('security-badge').allTextContents();
			expect(badges.map((b) => b.replace(/\s+/g, ' ').trim())).toEqual(['✓ DNSSEC Secure', '✓ DNSSEC Secure', '✓ DNSSEC Secure']);
			// the anchor is the lab's (made at this lab start), said to be the server's own
			const [, , , , anchorTag, , , anchorDigest] = lab.trustAnchor.trim().split(/\s+/);
			await page.getByTestId('chain-rung').first().click();
			const anchor = page.getByTestId('chain-detail');
			expect(await anchor.innerText()).toContain(`. DS ${anchorTag} 13 (ECDSAP256SHA256) SHA-256 ${anchorDigest!.toLowerCase()}`);
			expect(await anchor.innerText()).toContain('WIREWALK_TRUST_ANCHOR');

			// test.: its keys (KSK and ZSK), and the DS the root publishes equals the digest computed in the page
			await page.getByTestId('chain-rung').filter({ hasText: 'Zone test.' }).click();
			const detail = page.getByTestId('chain-detail');
			await expect.poll(() => detail.getAttribute('data-rung')).toBe('zone:test.');
			expect(await detail.getByTestId('chain-keys').locator('tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.role))).toEqual(['KSK', 'ZSK']);
			const computed = await detail.getByTestId('ds-computed').innerText();
			expect(await detail.getByTestId('ds-published').innerText()).toBe(computed);
			expect(await publishedDs('test', '127.53.0.1')).toContain(computed);

			// the answer: the signed bytes in the hex view, the signer field explained
			await page.getByTestId('chain-rung').last().click();
			await expect.poll(() => detail.getAttribute('data-rung')).toMatch(/^hop:/);
			await detail.getByText('The signed bytes').first().click();
			await expect.poll(() => detail.locator('[data-testid="chain-check"][data-kind="signature"][data-passed="true"]').count()).toBe(1);
			expect(await detail.innerText()).toContain('wirewalk.test.');
			expect(await page.getByTestId('chain-time').innerText()).toMatch(/^Checked in \d+\.\d ms/);
			// the shared link carries the DNSSEC choice
			await expect.poll(() => page.url(), { timeout: 5_000 }).toMatch(/\/dns\/www\.wirewalk\.test\/A\?mode=direct&dnssec=1#/);
			expect(await axeViolations(page)).toEqual([]);
			expect(await horizontalOverflow(page), 'scrollWidth beyond 360 px').toBeLessThanOrEqual(0);
			await page.screenshot({ path: `${SCREENSHOTS}/dns-dnssec-secure-en-360.png`, fullPage: true });
			expect(errors).toEqual([]);
		} finally {
			await context.close();
		}
	});

	it.each([
		['bogusExpired', 'signature-expired', 'zone:expired.test.', '过期'],
		['bogusDs', 'ds-mismatch', 'zone:badds.test.', '不匹配'],
		['bogusEdited', 'signature-invalid', 'hop:', '改动']
	] as const)('bogus (zh-CN, dark, 412 px): %s opens on the failed rung and says why', async (id, reasonCode, rungId, words) => {
		const context = await browser.newContext({ ...PHONE, viewport: { width: 412, height: 915 }, locale: 'zh-CN', colorScheme: 'dark', serviceWorkers: 'block' });
		try {
			const page = await openExplorer(context, 'direct');
			await page.getByTestId('dnssec-toggle').check();
			const c = LAB_DNSSEC_CASES[id] as { name: string; type: string };
			await walkName(page, c.name.replace(/\.$/, ''), c.type);
			await expect.poll(() => verdictOf(page), { timeout: 10_000 }).toBe('bogus');
			const detail = page.getByTestId('chain-detail');
			await detail.waitFor({ timeout: 10_000 });
			expect(await detail.getAttribute('data-rung')).toContain(rungId);
			const reason = detail.getByTestId('chain-reason');
			expect(await reason.getAttribute('data-reason')).toBe(reasonCode);
			expect(await reason.innerText()).toContain(words);
			// the outcome says it too, with what a validating resolver would do
			expect(await page.getByTestId('dnssec-verdict').innerText()).toContain('伪造');
			// the failed check is marked failed
			expect(await detail.locator('[data-testid="chain-check"][data-passed="false"]').count()).toBeGreaterThanOrEqual(1);
			// the DS test. publishes names a key tag that no DNSKEY of badds.test. has: nothing to compute it from
			if (id === 'bogusDs') {
				expect(await detail.getByTestId('ds-published').count()).toBeGreaterThanOrEqual(1);
				expect(await detail.getByTestId('ds-computed').count()).toBe(0);
				expect(await detail.getByTestId('ds-digests').first().innerText()).toContain('没有可用来计算摘要的 DNSKEY');
			}
			if (id === 'bogusEdited') {
				expect(await axeViolations(page)).toEqual([]);
				expect(await horizontalOverflow(page), 'scrollWidth beyond 412 px').toBeLessThanOrEqual(0);
				await page.screenshot({ path: `${SCREENSHOTS}/dns-dnssec-bogus-zh-CN-dark-412.png`, fullPage: true });
			}
		} finally {
			await context.close();
		}
	});

	it("resolver mode asks the lab resolver with CD for keys along the way; from the Internet's anchors the lab root is bogus, and says so", async () => {
		const context = await browser.newContext({ ...PHONE, locale: 'en-US', serviceWorkers: 'block' });
		try {
			const page = await openExplorer(context, 'resolver');
			let dnskeyQueries = 0;
			page.on('request', (r) => void (r.url().startsWith(lab.doh) && dnskeyQuery(r.url()) && dnskeyQueries++));
			await page.getByTestId('dnssec-toggle').check();
			await walkName(page, 'www.wirewalk.test');
			await expect.poll(() => verdictOf(page), { timeout: 10_000 }).toBe('bogus');
			expect(await chainRungs(page)).toEqual(['anchor Trust anchor', 'zone Zone . bogus', 'zone Zone test. bogus', 'zone Zone wirewalk.test. bogus', 'rrset www.wirewalk.test. A bogus']);
			const detail = page.getByTestId('chain-detail');
			expect(await detail.getAttribute('data-rung')).toBe('zone:.');
			expect(await detail.getByTestId('chain-reason').getAttribute('data-reason')).toBe('ds-mismatch');
			expect(await page.getByTestId('chain-rung').first().innerText()).toContain('DS 20326, DS 38696');
			// one DNSKEY query per zone: ., test., wirewalk.test.
			expect(dnskeyQueries).toBe(3);
		} finally {
			await context.close();
		}
	});

	it("the demo world, offline: signed by ldns-signzone, judged from the demo root's own anchor (secure, insecure, bogus)", async () => {
		const { page, context, origin, errors } = await offlinePage(browser, { locale: 'en-US', first: '/dns' });
		try {
			for (const [name, security, reason] of [
				['www.hello.test', 'secure', undefined],
				['glueless.demo/TXT', 'insecure', 'unsigned-delegation'],
				['www.tampered.demo', 'bogus', 'signature-invalid']
			] as const) {
				const [host, type = 'A'] = name.split('/');
				// a shared DNSSEC link of the demo world, never opened before: the service worker has the shell
				await page.goto(`${origin}/dns/${host}/${type}?mode=demo&dnssec=1`);
				await page.locator('[data-testid="trace"][data-status="done"]').waitFor({ timeout: 30_000 });
				await expect.poll(() => verdictOf(page), { timeout: 10_000 }).toBe(security);
				await page.getByTestId('chain').waitFor({ timeout: 10_000 });
				if (reason) expect(await page.getByTestId('chain-reason').getAttribute('data-reason')).toBe(reason);
			}
			await page.getByTestId('chain-rung').first().click();
			expect(await page.getByTestId('chain-detail').innerText()).toContain('demo world’s own root key');
			expect(errors).toEqual([]);
		} finally {
			await context.close();
		}
	});

	it('insecure: the unsigned delegation says why; a reopened trace keeps its verdict', async () => {
		const context = await browser.newContext({ ...PHONE, locale: 'en-US', serviceWorkers: 'block' });
		try {
			const page = await openExplorer(context, 'direct');
			await page.getByTestId('dnssec-toggle').check();
			const c = LAB_DNSSEC_CASES.insecureNsec3 as { name: string; type: string };
			await walkName(page, c.name.replace(/\.$/, ''), c.type);
			await expect.poll(() => verdictOf(page), { timeout: 10_000 }).toBe('insecure');
			expect(await page.getByTestId('chain-reason').getAttribute('data-reason')).toBe('unsigned-delegation');
			// reload: the trace comes back from history with its verdict (and a word that the checks were not kept)
			await expect.poll(() => page.url(), { timeout: 5_000 }).toMatch(/dnssec=1#/);
			await page.reload();
			await settled(page);
			await expect.poll(() => verdictOf(page), { timeout: 10_000 }).toBe('insecure');
			expect(await page.getByTestId('dnssec-verdict').innerText()).toContain('Reopened from history');
			// the history list says it too
			const saved = page.getByTestId('history-item').filter({ hasText: 'www.lame.test.' }).first();
			expect((await saved.getByTestId('security-badge').textContent())?.replace(/\s+/g, ' ').trim()).toBe('– DNSSEC Insecure');
			expect(await page.getByTestId('chain').count()).toBe(0);
		} finally {
			await context.close();
		}
	});
});
