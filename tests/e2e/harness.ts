/** What every end-to-end test needs: the builds, a server for one on loopback, and Debian's chromium. */
import AxeBuilder from '@axe-core/playwright';
import { afterAll, beforeAll } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { chromeArgs, chromePath } from '../../scripts/lib/chrome.js';

export const ROOT = new URL('../..', import.meta.url).pathname;
const out = (name: string) => join(ROOT, '.e2e', name);

export const BUILDS = {
	a: { dir: out('build-a'), marker: join(out('build-a'), 'index.js'), env: { WIREWALK_VERSION: 'e2e-a', WIREWALK_OUT: out('build-a') } },
	b: { dir: out('build-b'), marker: join(out('build-b'), 'index.js'), env: { WIREWALK_VERSION: 'e2e-b', WIREWALK_OUT: out('build-b') } },
	static: {
		dir: out('static'),
		marker: join(out('static'), 'index.html'),
		env: { WIREWALK_VERSION: 'e2e-static', WIREWALK_OUT: out('static'), WIREWALK_STATIC: '1' }
	}
} as const;

export const ROUTES = ['/', '/dns', '/dns/anatomy', '/tls', '/learn', '/learn/lb-algorithms/lab'] as const;

export const SCREENSHOTS = join(ROOT, 'test-results', 'screens');
mkdirSync(SCREENSHOTS, { recursive: true });

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createNetServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const { port } = probe.address() as { port: number };
			probe.close(() => resolve(port));
		});
	});
}

export interface Served {
	origin: string;
	port: number;
	stop(): Promise<void>;
}

/** Serves a Node build (adapter-node) on 127.0.0.1; the same port can be given again to swap versions. */
export async function serveNodeBuild(dir: string, port?: number, env: Record<string, string> = {}): Promise<Served> {
	port ??= await freePort();
	const child: ChildProcess = spawn(process.execPath, [join(dir, 'index.js')], {
		env: { ...process.env, ...env, HOST: '127.0.0.1', PORT: String(port) },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let log = '';
	child.stdout!.on('data', (d) => (log += d));
	child.stderr!.on('data', (d) => (log += d));
	const origin = `http://127.0.0.1:${port}`;
	await waitUntil(async () => (await fetch(origin + '/robots.txt').catch(() => undefined))?.ok === true, 15_000, () => `server in ${dir} did not start:\n${log}`);
	return {
		origin,
		port,
		stop: () =>
			new Promise<void>((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			})
	};
}

const TYPES: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript',
	'.css': 'text/css',
	'.json': 'application/json',
	'.webmanifest': 'application/manifest+json',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.txt': 'text/plain'
};

/**
 * The plainest static host: files as they are, `/x` -> `x.html` (what most static hosts call clean URLs),
 * nothing else. Proves the static build needs no server of ours.
 */
export async function serveStatic(dir: string): Promise<Served> {
	const server: Server = createServer((req, res) => {
		const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
		if (path.includes('..')) return void res.writeHead(400).end();
		const candidates = [join(dir, path), join(dir, path + '.html'), join(dir, path, 'index.html')];
		const file = candidates.find((f) => existsSync(f) && statSync(f).isFile());
		if (!file) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
		res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
		createReadStream(file).pipe(res);
	});
	const port = await freePort();
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	return {
		origin: `http://127.0.0.1:${port}`,
		port,
		stop: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}

export async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, message: () => string) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (await check()) return;
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(message());
}

export function launchChromium(): Promise<Browser> {
	return chromium.launch({ executablePath: chromePath(), args: chromeArgs, headless: true, timeout: 30_000 });
}

export const PHONE: BrowserContextOptions = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

/** Collects console errors and uncaught exceptions of a page; a test asserts the list is empty. */
export function watchErrors(page: Page): string[] {
	const errors: string[] = [];
	page.on('console', (msg) => {
		if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
	});
	page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
	return errors;
}

/** The page has finished starting: Svelte hydrated and the settings applied (the switch shows the other language). */
export async function hydrated(page: Page) {
	await page.waitForFunction(() => document.documentElement.dataset.hydrated === 'true', undefined, { timeout: 15_000 });
}

/** The page's own work is done: on the DNS pages, the DNS code (loaded after hydration) is in. */
export async function settled(page: Page) {
	await hydrated(page);
	if (new URL(page.url()).pathname.startsWith('/dns')) await page.locator('form[data-ready="true"]').waitFor({ timeout: 15_000 });
}

/** Waits until a service worker is activated and controls the page (polled in the page, bounded). */
export async function serviceWorkerControls(page: Page, timeoutMs = 30_000) {
	await page.evaluate(async (timeout) => {
		const deadline = Date.now() + timeout;
		for (;;) {
			const reg = await navigator.serviceWorker.getRegistration();
			if (reg?.active?.state === 'activated' && navigator.serviceWorker.controller) return;
			if (Date.now() > deadline) throw new Error(`no activated, controlling service worker after ${timeout} ms`);
			await new Promise((r) => setTimeout(r, 100));
		}
	}, timeoutMs);
}

export async function horizontalOverflow(page: Page): Promise<number> {
	return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/**
 * For one test file: serves a build and launches chromium before its tests, stops both after them. Read
 * `app.server` and `app.browser` inside tests (they are set once the file's beforeAll has run).
 */
export function serveAppAndBrowser(dir: string = BUILDS.a.dir): { server: Served; browser: Browser } {
	const app = {} as { server: Served; browser: Browser };
	beforeAll(async () => {
		app.server = await serveNodeBuild(dir);
		app.browser = await launchChromium();
	});
	afterAll(async () => {
		await app.browser?.close();
		await app.server?.stop();
	});
	return app;
}

/** axe's violations on the page as `rule: selectors` lines (a test expects none). */
export async function axeViolations(page: Page): Promise<string[]> {
	const result = await new AxeBuilder({ page }).analyze();
	return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
