#!/usr/bin/env node
// `npm run bench [-- --no-build]`: builds Wirewalk, measures first-load bytes per prerendered route (static parse
// checked against a cold chromium load), runs Lighthouse (mobile) on the home and anatomy pages and on a minimal
// peer page served from this machine in the same run, checks the budgets, prints a table and writes
// bench-results/bench.json. Then the DNS rows against the DNS lab (tests/lab/, needs root; skipped with the reason
// when the lab cannot start): direct-mode walk vs `dig +trace`, and resolver-mode round trips (scripts/lib/bench-dns.js).
// Then the explorer rows: the /dns page in chromium against the lab, submit to first rung and to final answer
// rendered, in direct and resolver mode, each against a peer timed in the same run (scripts/lib/bench-explorer.js).
// Then the TLS rows: a whole live TLS 1.3 handshake computed by the /tls page in chromium, cold click and warm
// clicks, against Node's own TLS 1.3 handshake over loopback timed in the same run (scripts/lib/bench-tls.js).
// Exit 0: all budgets pass; 1: a budget fails or the bench itself failed; 2: no chromium. The DNS budget lines are
// printed with PASS/FAIL but are report only: they do not change the exit status; nor do the explorer rows (the
// /dns first-load bytes budget does) or the TLS rows.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { join, relative, resolve, sep } from 'node:path';
import { chromeArgs, findChrome } from './lib/chrome.js';
import { firstLoadAssets, gzipSize } from './lib/bench-bytes.js';
import { benchDns, formatDns } from './lib/bench-dns.js';
import { benchExplorer, formatExplorer } from './lib/bench-explorer.js';
import { benchTls, formatTls } from './lib/bench-tls.js';

const root = new URL('..', import.meta.url).pathname;
const buildDir = join(root, 'build');
const clientDir = join(buildDir, 'client');
const prerenderedDir = join(buildDir, 'prerendered');
const resultsDir = join(root, 'bench-results');

const LH_PAGES = [
	{ name: 'home', path: '/' },
	{ name: 'anatomy', path: '/dns/anatomy' }
];
const LH_RUNS = 3;
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const WAIT_MS = 20_000;
const KB = 1024;
const BUDGET_HOME_KB = 60;
const BUDGET_DNS_KB = 90;

const started = Date.now();
const noBuild = process.argv.includes('--no-build');

// ---------------------------------------------------------------------------------------------------------------
// Cleanup: everything started here is stopped on success, on error and on Ctrl-C, exactly once each.

const cleanups = [];
async function cleanup() {
	while (cleanups.length) {
		try {
			await cleanups.pop()();
		} catch {
			// Best effort: a failing cleanup must not hide the result or the original error.
		}
	}
}
for (const signal of ['SIGINT', 'SIGTERM']) {
	process.on(signal, () => {
		console.error(`\nbench: ${signal}, stopping`);
		cleanup().finally(() => process.exit(130));
	});
}

/** Rejects after `ms` so no step can hang the bench. */
function withTimeout(promise, ms, what) {
	let timer;
	const timeout = new Promise((_, reject) => {
		timer = setTimeout(() => reject(new Error(`${what} took longer than ${Math.round(ms / 1000)} s`)), ms);
	});
	return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A report-only section of rows, bounded by `ms`: a failure is printed and returned as { error }, never thrown. */
async function reportOnly(name, run, ms, note = '') {
	try {
		return await withTimeout(run(), ms, `the ${name.toLowerCase()} rows${note}`);
	} catch (error) {
		console.log(`${name} rows failed: ${error?.message ?? error}`);
		return { error: String(error?.message ?? error) };
	}
}

// ---------------------------------------------------------------------------------------------------------------
// Build and serve

function build() {
	const t0 = Date.now();
	process.stdout.write('Building (vite build, WIREWALK_VERSION=bench)… ');
	const result = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build'], {
		cwd: root,
		env: { ...process.env, WIREWALK_VERSION: 'bench' },
		encoding: 'utf8',
		timeout: 180_000
	});
	if (result.status !== 0) {
		console.log('failed');
		console.error(`${result.stdout ?? ''}${result.stderr ?? ''}`.trim());
		throw new Error(result.error ? `vite build: ${result.error.message}` : `vite build exited with ${result.status}`);
	}
	const seconds = (Date.now() - t0) / 1000;
	console.log(`${seconds.toFixed(1)} s`);
	return seconds;
}

/** A free loopback port: bind port 0, read what the kernel picked, release it. */
function freePort() {
	return new Promise((resolvePort, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolvePort(port));
		});
	});
}

function httpStatus(url) {
	return new Promise((resolveStatus) => {
		const request = http.get(url, { timeout: 2000 }, (response) => {
			response.resume();
			resolveStatus(response.statusCode);
		});
		request.on('timeout', () => request.destroy());
		request.on('error', () => resolveStatus(0));
	});
}

/** Stops a child process: SIGTERM, then SIGKILL if it is still there after 5 s. */
function stopChild(child) {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
	return new Promise((done) => {
		const force = setTimeout(() => child.kill('SIGKILL'), 5000);
		child.once('exit', () => {
			clearTimeout(force);
			done();
		});
		child.kill('SIGTERM');
	});
}

/** Starts build/index.js with `env` added; resolves { origin, stop } once it answers (stop is also in cleanups). */
async function startApp(env = {}) {
	const port = await freePort();
	const origin = `http://127.0.0.1:${port}`;
	const child = spawn(process.execPath, [join(buildDir, 'index.js')], {
		cwd: root,
		env: { ...process.env, ...env, HOST: '127.0.0.1', PORT: String(port) },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	const stop = () => {
		const i = cleanups.indexOf(stop);
		if (i >= 0) cleanups.splice(i, 1);
		return stopChild(child);
	};
	cleanups.push(stop);
	// Keep the tail of its output for the error message, and keep the pipes drained.
	let output = '';
	const keep = (chunk) => (output = (output + chunk).slice(-2000));
	child.stdout.on('data', keep);
	child.stderr.on('data', keep);

	const deadline = Date.now() + WAIT_MS;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`node build/index.js exited with ${child.exitCode}:\n${output}`);
		if ((await httpStatus(`${origin}/`)) === 200) return { origin, stop };
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error(`node build/index.js did not answer on ${origin} within ${WAIT_MS / 1000} s:\n${output}`);
}

// A minimal static page: what "nothing but HTML" costs on this machine, for the same-run ratios.
const PEER_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="A minimal static peer page for the Wirewalk bench.">
<link rel="icon" href="data:,">
<title>peer</title>
</head>
<body>
<h1>peer</h1>
<p>${'This is a plain static page with no scripts and no stylesheets, served from the same machine in the same run, so that the numbers measured for Wirewalk can be read as ratios against what a page that costs nothing gets here. '.repeat(4).trim()}</p>
</body>
</html>
`;

function startPeer() {
	const server = http.createServer((request, response) => {
		if (request.url === '/' && (request.method === 'GET' || request.method === 'HEAD')) {
			response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
			response.end(request.method === 'HEAD' ? undefined : PEER_HTML);
		} else {
			response.writeHead(404, { 'content-type': 'text/plain' });
			response.end('not found');
		}
	});
	return new Promise((resolveOrigin, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			cleanups.push(
				() =>
					new Promise((done) => {
						server.close(() => done());
						// Lighthouse's chromium may leave keep-alive sockets open; close() would wait for them.
						server.closeAllConnections();
					})
			);
			resolveOrigin(`http://127.0.0.1:${server.address().port}`);
		});
	});
}

// ---------------------------------------------------------------------------------------------------------------
// First-load bytes

/** Prerendered pages as { route, file }: index.html is `/`, dns/anatomy.html is `/dns/anatomy`. */
function prerenderedRoutes() {
	const pages = [];
	const visit = (dir) => {
		for (const entry of readdirSync(dir, { withFileTypes: true })) {
			const path = join(dir, entry.name);
			if (entry.isDirectory()) visit(path);
			else if (entry.name.endsWith('.html')) {
				const rel = relative(prerenderedDir, path).split(sep).join('/');
				const route = '/' + rel.replace(/\.html$/, '').replace(/(^|\/)index$/, '');
				pages.push({ route: route === '/' ? '/' : route.replace(/\/$/, ''), file: path });
			}
		}
	};
	visit(prerenderedDir);
	// The deep-link shell (/dns/<name>/<type>, rendered in the browser) walks its name as soon as it opens, which
	// would send queries to a public resolver: it is not a page of its own, so it is left out here.
	// Home first, then alphabetical, so the table reads in a stable order.
	return pages.filter((p) => !/^\/dns\/[^/]+\/[^/]+$/.test(p.route)).sort((a, b) => (a.route === '/' ? -1 : b.route === '/' ? 1 : a.route.localeCompare(b.route)));
}

/** The build/client file a same-origin URL is served from, or undefined. */
function clientFile(url) {
	const path = resolve(clientDir, '.' + decodeURIComponent(new URL(url).pathname));
	return path.startsWith(clientDir + sep) && existsSync(path) ? path : undefined;
}

/** Sizes of a list of asset URLs; `bodies` supplies bytes for URLs that are not files in build/client. */
function sizeAssets(urls, bodies = new Map()) {
	return urls.map((url) => {
		const file = clientFile(url);
		const bytes = file ? readFileSync(file) : bodies.get(url);
		if (!bytes) throw new Error(`no file in build/client for ${url}`);
		return { path: new URL(url).pathname, raw: bytes.length, gzip: gzipSize(bytes) };
	});
}

const sum = (items) => items.reduce((total, item) => total + item.gzip, 0);

/** Loads each route cold in chromium (fresh context, service workers blocked) and records the JS/CSS it fetched. */
async function observeRoutes(chromium, executablePath, origin, routes) {
	const browser = await chromium.launch({ executablePath, args: chromeArgs, headless: true, timeout: WAIT_MS });
	cleanups.push(() => browser.close());
	const version = browser.version();
	const observed = new Map();
	for (const { route } of routes) {
		const context = await browser.newContext({ serviceWorkers: 'block' });
		const page = await context.newPage();
		const responses = [];
		const failed = [];
		page.on('response', (response) => responses.push(response));
		page.on('requestfailed', (request) => failed.push(`${request.url()} (${request.failure()?.errorText})`));
		const url = new URL(route, origin).href;
		await page.goto(url, { waitUntil: 'load', timeout: WAIT_MS });
		// Hydration can import more after load; wait for the network to settle, but not forever.
		await page.waitForLoadState('networkidle', { timeout: 5000 }).catch(() => {});

		const js = new Set();
		const css = new Set();
		const bodies = new Map();
		for (const response of responses) {
			const responseUrl = new URL(response.url());
			if (responseUrl.origin !== origin || response.status() >= 400) continue;
			const type = response.request().resourceType();
			const isCss = type === 'stylesheet' || responseUrl.pathname.endsWith('.css');
			const isJs = !isCss && (type === 'script' || /\.m?js$/.test(responseUrl.pathname));
			if (!isJs && !isCss) continue;
			const href = responseUrl.origin + responseUrl.pathname;
			(isJs ? js : css).add(href);
			if (!clientFile(href)) bodies.set(href, await response.body().catch(() => undefined));
		}
		observed.set(route, { js: [...js], css: [...css], bodies, failed });
		await context.close();
	}
	return { version, observed };
}

function measureBytes(routes, origin, observedByRoute) {
	return routes.map(({ route, file }) => {
		const pageUrl = new URL(route, origin).href;
		const html = readFileSync(file);
		// Compare without query strings: the build references files, the browser fetches URLs.
		const strip = (url) => url.replace(/[?#].*$/, '');
		const parsedUrls = firstLoadAssets(html.toString('utf8'), pageUrl);
		const parsed = { js: parsedUrls.js.map(strip), css: parsedUrls.css.map(strip) };
		const seen = observedByRoute.get(route);
		const parsedAll = new Set([...parsed.js, ...parsed.css]);
		const seenAll = new Set([...seen.js, ...seen.css]);
		const onlyParsed = [...parsedAll].filter((u) => !seenAll.has(u)).map((u) => new URL(u).pathname);
		const onlyObserved = [...seenAll].filter((u) => !parsedAll.has(u)).map((u) => new URL(u).pathname);
		const differs = onlyParsed.length > 0 || onlyObserved.length > 0;
		const use = differs ? seen : parsed;
		const js = sizeAssets(use.js, seen.bodies);
		const css = sizeAssets(use.css, seen.bodies);
		return {
			route,
			html: { raw: html.length, gzip: gzipSize(html) },
			parsed: { js: parsed.js.map((u) => new URL(u).pathname), css: parsed.css.map((u) => new URL(u).pathname) },
			observed: {
				js: seen.js.map((u) => new URL(u).pathname),
				css: seen.css.map((u) => new URL(u).pathname),
				failedRequests: seen.failed
			},
			differs,
			onlyParsed,
			onlyObserved,
			figureFrom: differs ? 'observed' : 'parsed',
			js,
			css,
			jsGzip: sum(js),
			cssGzip: sum(css),
			htmlGzip: gzipSize(html),
			totalGzip: sum(js) + sum(css)
		};
	});
}

// ---------------------------------------------------------------------------------------------------------------
// Lighthouse

async function lighthouseRun(lighthouse, chromeLauncher, executablePath, url) {
	const chrome = await withTimeout(
		chromeLauncher.launch({ chromePath: executablePath, chromeFlags: chromeArgs, logLevel: 'silent' }),
		WAIT_MS,
		'starting chromium for Lighthouse'
	);
	try {
		const result = await withTimeout(
			lighthouse(url, {
				port: chrome.port,
				output: 'json',
				logLevel: 'error',
				onlyCategories: CATEGORIES,
				maxWaitForFcp: WAIT_MS,
				maxWaitForLoad: WAIT_MS
			}),
			90_000,
			`Lighthouse on ${url}`
		);
		return result.lhr;
	} finally {
		await chrome.kill();
	}
}

/** One line saying what an audit flagged first (an element, a console error), so a failure can be acted on. */
function firstItem(audit) {
	const items = audit.details?.items ?? [];
	if (!items.length) return '';
	const item = items[0];
	const what = item.node
		? `${item.node.selector}: ${(item.node.explanation ?? '').replace(/^Fix any of the following:\s*/, '')}`
		: (item.description ?? item.url ?? JSON.stringify(item));
	const line = String(what).split('\n')[0].trim();
	return `${items.length} item${items.length === 1 ? '' : 's'}; first: ${line.length > 200 ? line.slice(0, 199) + '…' : line}`;
}

function summarize(lhr) {
	const scores = {};
	for (const id of CATEGORIES) {
		const score = lhr.categories[id]?.score;
		scores[id] = typeof score === 'number' ? Math.round(score * 100) : null;
	}
	const metric = (id) => lhr.audits[id]?.numericValue ?? null;
	// Audits that cost points: scored, weighted in their category, below full marks.
	const costly = [];
	for (const id of CATEGORIES) {
		for (const ref of lhr.categories[id]?.auditRefs ?? []) {
			const audit = lhr.audits[ref.id];
			if (ref.weight > 0 && typeof audit?.score === 'number' && audit.score < 1) {
				costly.push({
					category: id,
					id: ref.id,
					title: audit.title,
					score: audit.score,
					displayValue: audit.displayValue ?? '',
					detail: id === 'performance' ? '' : firstItem(audit)
				});
			}
		}
	}
	return {
		scores,
		lcpMs: metric('largest-contentful-paint'),
		tbtMs: metric('total-blocking-time'),
		cls: metric('cumulative-layout-shift'),
		runtimeError: lhr.runtimeError?.message ?? null,
		warnings: lhr.runWarnings ?? [],
		costly
	};
}

function median(values) {
	const numbers = values.filter((v) => typeof v === 'number').sort((a, b) => a - b);
	if (!numbers.length) return null;
	const mid = numbers.length >> 1;
	return numbers.length % 2 ? numbers[mid] : (numbers[mid - 1] + numbers[mid]) / 2;
}

function medians(runs) {
	const scores = {};
	for (const id of CATEGORIES) scores[id] = median(runs.map((r) => r.scores[id]));
	return {
		scores,
		lcpMs: median(runs.map((r) => r.lcpMs)),
		tbtMs: median(runs.map((r) => r.tbtMs)),
		cls: median(runs.map((r) => r.cls))
	};
}

// ---------------------------------------------------------------------------------------------------------------
// Output

const kb = (bytes) => (bytes / KB).toFixed(1);
const ratio = (value, peer) => (typeof value === 'number' && typeof peer === 'number' && peer > 0 ? value / peer : null);
const fmtRatio = (r) => (r === null ? 'n/a' : `${r.toFixed(2)}x`);

/** Plain-text table: columns of numbers (and n/a, err, 1.00x, 2/3) right-aligned, text left-aligned. */
function table(header, rows) {
	const widths = header.map((h, i) => Math.max(String(h).length, ...rows.map((row) => String(row[i]).length)));
	const numeric = header.map((_, i) => rows.every((row) => /^(-?[\d.]+x?|\d+\/\d+|n\/a|err)$/.test(String(row[i]))));
	const line = (cells) => cells.map((c, i) => (numeric[i] ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join('  ').trimEnd();
	return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

// ---------------------------------------------------------------------------------------------------------------

async function main() {
	const executablePath = findChrome();
	if (!executablePath) {
		const badPath = process.env.CHROME_PATH ? ` (CHROME_PATH=${process.env.CHROME_PATH} does not exist)` : '';
		console.error(
			`bench: no Chrome or Chromium found${badPath}.\n` +
				'Install it with:  apt-get update && apt-get install -y chromium\n' +
				'or point CHROME_PATH at an installed one:  CHROME_PATH=/path/to/chrome npm run bench'
		);
		return 2;
	}

	const buildSeconds = noBuild ? null : build();
	if (!existsSync(join(buildDir, 'index.js')) || !existsSync(prerenderedDir)) {
		throw new Error('no adapter-node build in build/: run `npm run bench` without --no-build');
	}
	const routes = prerenderedRoutes();
	if (!routes.some((r) => r.route === '/')) throw new Error('build/prerendered/index.html is missing');

	const [{ chromium }, { default: lighthouse }, chromeLauncher] = await Promise.all([
		import('playwright-core'),
		import('lighthouse'),
		import('chrome-launcher')
	]);
	const lighthouseVersion = JSON.parse(readFileSync(join(root, 'node_modules/lighthouse/package.json'), 'utf8')).version;

	const { origin } = await startApp();
	const peerOrigin = await startPeer();

	process.stdout.write('Loading routes in chromium (cold, service workers blocked)… ');
	const { version: chromiumVersion, observed } = await withTimeout(
		observeRoutes(chromium, executablePath, origin, routes),
		120_000,
		'loading the routes in chromium'
	);
	console.log('done');
	const bytes = measureBytes(routes, origin, observed);
	const home = bytes.find((r) => r.route === '/');
	const dnsRoute = bytes.find((r) => r.route === '/dns');

	// Interleave pages within each round so drift in machine load hits Wirewalk and the peer alike.
	const targets = [
		...LH_PAGES.map((p) => ({ ...p, url: new URL(p.path, origin).href })),
		{ name: 'peer', path: '/', url: `${peerOrigin}/`, peer: true }
	];
	const runs = new Map(targets.map((t) => [t.name, []]));
	const lhrDir = join(resultsDir, 'lighthouse');
	mkdirSync(lhrDir, { recursive: true });
	for (let round = 1; round <= LH_RUNS; round++) {
		for (const target of targets) {
			process.stdout.write(`Lighthouse ${round}/${LH_RUNS} ${target.name}… `);
			const t0 = Date.now();
			const lhr = await lighthouseRun(lighthouse, chromeLauncher, executablePath, target.url);
			writeFileSync(join(lhrDir, `${target.name}-${round}.json`), JSON.stringify(lhr));
			const summary = summarize(lhr);
			runs.get(target.name).push(summary);
			console.log(`${((Date.now() - t0) / 1000).toFixed(1)} s${summary.runtimeError ? ` (error: ${summary.runtimeError})` : ''}`);
		}
	}

	// DNS rows, after Lighthouse so that nothing else loads the machine while they are timed.
	let dns;
	try {
		dns = await withTimeout(benchDns({ cleanups }), 240_000, 'the DNS rows (lab lock wait included)');
	} catch (error) {
		console.log(`DNS rows failed: ${error?.message ?? error}`);
		dns = { skipped: `failed: ${error?.message ?? error}` };
	}

	// Explorer rows: bench-dns.js starts and stops its own lab, so this starts the lab again once that one is gone
	// (the lab's lock allows one at a time).
	const explorer = await reportOnly('Explorer', () => benchExplorer({ chromium, executablePath, startApp, cleanups }), 240_000, ' (lab lock wait included)');

	// TLS rows, last: only chromium and the Node peer run while they are timed (the app started above serves /tls).
	const tlsRows = await reportOnly('TLS', () => benchTls({ chromium, executablePath, origin, cleanups }), 180_000);

	const pages = targets.map((t) => ({ name: t.name, url: t.url, peer: Boolean(t.peer), runs: runs.get(t.name), median: medians(runs.get(t.name)) }));
	const peer = pages.find((p) => p.peer);
	for (const page of pages) {
		page.ratioToPeer = { lcp: ratio(page.median.lcpMs, peer.median.lcpMs), tbt: ratio(page.median.tbtMs, peer.median.tbtMs) };
		// TBT ratios are undefined when the peer blocks 0 ms, so the difference is kept as well.
		page.tbtOverPeerMs = page.median.tbtMs === null || peer.median.tbtMs === null ? null : page.median.tbtMs - peer.median.tbtMs;
	}
	for (const route of bytes) route.ratioToHome = ratio(route.totalGzip, home.totalGzip);

	// Budgets
	const budgets = [
		{ name: 'home first-load JS+CSS gzip', actual: home.totalGzip / KB, limit: BUDGET_HOME_KB, op: '<=', unit: ' KB' },
		{ name: '/dns first-load JS+CSS gzip', actual: dnsRoute ? dnsRoute.totalGzip / KB : null, limit: BUDGET_DNS_KB, op: '<=', unit: ' KB' }
	];
	for (const page of pages.filter((p) => !p.peer)) {
		const s = page.median.scores;
		budgets.push(
			{ name: `${page.name} Lighthouse performance`, actual: s.performance, limit: 98, op: '>=' },
			{ name: `${page.name} Lighthouse accessibility`, actual: s.accessibility, limit: 100, op: '=' },
			{ name: `${page.name} Lighthouse best-practices`, actual: s['best-practices'], limit: 100, op: '=' }
		);
	}
	for (const b of budgets) {
		b.pass =
			typeof b.actual === 'number' &&
			(b.op === '<=' ? b.actual <= b.limit : b.op === '>=' ? b.actual >= b.limit : b.actual === b.limit);
	}

	// Audits that cost points, merged over the runs of each Wirewalk page.
	const costly = [];
	for (const page of pages.filter((p) => !p.peer)) {
		const merged = new Map();
		for (const run of page.runs) {
			for (const audit of run.costly) {
				const key = `${audit.category}/${audit.id}`;
				const entry = merged.get(key) ?? { page: page.name, ...audit, scores: [], failedRuns: 0 };
				entry.detail ||= audit.detail;
				entry.failedRuns++;
				entry.scores.push(audit.score);
				merged.set(key, entry);
			}
		}
		const order = (a) => CATEGORIES.indexOf(a.category);
		costly.push(...[...merged.values()].sort((a, b) => order(a) - order(b)).map(({ score, ...rest }) => rest));
	}

	// ---- print ----
	const date = new Date();
	const out = [];
	out.push('');
	out.push(`Wirewalk bench  ${date.toISOString()}`);
	out.push(`Chromium ${chromiumVersion} (${executablePath})  Lighthouse ${lighthouseVersion}  Node ${process.version}`);
	out.push(noBuild ? 'Build: skipped (--no-build), measuring the existing build/' : `Build: vite build with WIREWALK_VERSION=bench, ${buildSeconds.toFixed(1)} s`);
	out.push('');
	out.push(`First-load bytes per route (gzip level 9 via node:zlib; 1 KB = ${KB} B)`);
	out.push(
		table(
			['route', 'JS files', 'JS gz KB', 'CSS files', 'CSS gz KB', 'HTML gz KB', 'JS+CSS gz KB', 'vs home'],
			bytes.map((r) => [
				r.route + (r.differs ? ' *' : ''),
				r.js.length,
				kb(r.jsGzip),
				r.css.length,
				kb(r.cssGzip),
				kb(r.htmlGzip),
				kb(r.totalGzip),
				fmtRatio(r.ratioToHome)
			])
		)
	);
	const differing = bytes.filter((r) => r.differs);
	if (!differing.length) {
		out.push(`Static parse matches the JS/CSS a cold chromium load fetched on all ${bytes.length} routes.`);
	} else {
		out.push('* The static parse and a cold chromium load disagree; the figure above is the observed set:');
		for (const r of differing) {
			if (r.onlyParsed.length) out.push(`  ${r.route}: parsed but not fetched: ${r.onlyParsed.join(', ')}`);
			if (r.onlyObserved.length) out.push(`  ${r.route}: fetched but not in the HTML: ${r.onlyObserved.join(', ')}`);
		}
	}
	for (const r of bytes) {
		if (r.observed.failedRequests.length) out.push(`  note: ${r.route} had failed requests: ${r.observed.failedRequests.join(', ')}`);
	}
	out.push('');
	out.push(`Lighthouse ${lighthouseVersion}, default config (mobile, simulated throttling), median of ${LH_RUNS} runs; peer = minimal static page on this machine`);
	out.push(
		table(
			['page', 'perf', 'a11y', 'best-pr', 'seo', 'LCP ms', 'TBT ms', 'CLS', 'LCP/peer', 'TBT/peer', 'TBT-peer ms'],
			pages.map((p) => [
				p.peer ? 'peer (static)' : `${p.name} ${new URL(p.url).pathname}`,
				p.median.scores.performance ?? 'err',
				p.median.scores.accessibility ?? 'err',
				p.median.scores['best-practices'] ?? 'err',
				p.median.scores.seo ?? 'err',
				p.median.lcpMs === null ? 'err' : Math.round(p.median.lcpMs),
				p.median.tbtMs === null ? 'err' : Math.round(p.median.tbtMs),
				p.median.cls === null ? 'err' : p.median.cls.toFixed(3),
				p.peer ? '1.00x' : fmtRatio(p.ratioToPeer.lcp),
				p.peer ? (p.median.tbtMs > 0 ? '1.00x' : 'n/a') : fmtRatio(p.ratioToPeer.tbt),
				p.median.tbtMs === null || peer.median.tbtMs === null ? 'n/a' : Math.round(p.median.tbtMs - peer.median.tbtMs)
			])
		)
	);
	if (!(peer.median.tbtMs >= 50)) {
		out.push(`The peer's TBT is ${Math.round(peer.median.tbtMs ?? 0)} ms: TBT ratios against a near-zero peer are mostly noise, read the ms.`);
	}
	out.push(
		'Runs (perf/a11y/bp/seo): ' +
			pages.map((p) => `${p.name} ${p.runs.map((r) => CATEGORIES.map((c) => r.scores[c] ?? 'err').join('/')).join(', ')}`).join('; ')
	);
	for (const p of pages) {
		for (const [i, r] of p.runs.entries()) {
			if (r.runtimeError) out.push(`  ${p.name} run ${i + 1}: Lighthouse runtime error: ${r.runtimeError}`);
			for (const w of r.warnings) out.push(`  ${p.name} run ${i + 1}: warning: ${w}`);
		}
	}
	out.push('');
	out.push('Budgets');
	for (const b of budgets) {
		const actual = typeof b.actual === 'number' ? (b.unit ? b.actual.toFixed(1) : b.actual) : 'n/a';
		out.push(`${b.pass ? 'PASS' : 'FAIL'}  ${b.name}: ${actual}${b.unit ?? ''} (budget ${b.op} ${b.limit}${b.unit ?? ''})`);
	}
	for (const p of pages.filter((p) => !p.peer)) out.push(`info  ${p.name} Lighthouse seo: ${p.median.scores.seo ?? 'n/a'} (report only)`);
	out.push('');
	if (costly.length) {
		out.push(`Audits that cost points (weight > 0, score < 1; runs = in how many of the ${LH_RUNS} runs)`);
		out.push(
			table(
				['page', 'category', 'audit id', 'runs', 'scores', 'title'],
				costly.map((a) => [a.page, a.category, a.id, `${a.failedRuns}/${LH_RUNS}`, a.scores.map((s) => s.toFixed(2)).join(' '), a.title + (a.displayValue ? ` (${a.displayValue})` : '')])
			)
		);
		for (const a of costly.filter((a) => a.detail)) out.push(`  ${a.page} ${a.id}: ${a.detail}`);
	} else {
		out.push('No weighted Lighthouse audit lost points on the Wirewalk pages.');
	}

	out.push('');
	const dnsText = formatDns(dns, table);
	out.push(...dnsText.lines);
	for (const b of dnsText.budgets) {
		const actual = typeof b.actual === 'number' ? `: ${b.actual.toFixed(2)}${b.unit ?? ''} (budget ${b.op} ${b.limit}${b.unit ?? ''})` : '';
		out.push(`${b.pass ? 'PASS' : 'FAIL'}  ${b.name}${actual} (report only, not in the exit status)`);
	}
	out.push('');
	out.push(...formatExplorer(explorer, table));
	out.push('');
	out.push(...formatTls(tlsRows, table));

	const allPass = budgets.every((b) => b.pass);
	const runtimeSeconds = (Date.now() - started) / 1000;
	out.push('');
	out.push(`${allPass ? 'All budgets pass' : 'Budget FAILED'}${dnsText.budgets.length ? ' (the DNS budget lines are report only)' : ''}. Runtime ${runtimeSeconds.toFixed(0)} s. Results: bench-results/bench.json (raw LHRs in bench-results/lighthouse/).`);
	console.log(out.join('\n'));

	const json = {
		date: date.toISOString(),
		node: process.version,
		chromium: { version: chromiumVersion, path: executablePath },
		lighthouseVersion,
		build: noBuild ? { skipped: true } : { skipped: false, seconds: buildSeconds, env: { WIREWALK_VERSION: 'bench' } },
		runtimeSeconds,
		bytes: {
			compression: 'gzip level 9 (node:zlib)',
			bytesPerKB: KB,
			routes: bytes
		},
		lighthouse: {
			config: 'default (mobile, simulated throttling)',
			categories: CATEGORIES,
			runsPerPage: LH_RUNS,
			pages,
			costlyAudits: costly
		},
		budgets,
		pass: allPass,
		dns: { ...dns, budgets: dnsText.budgets, inExitStatus: false },
		explorer: { ...explorer, inExitStatus: false },
		tls: { ...tlsRows, inExitStatus: false }
	};
	mkdirSync(resultsDir, { recursive: true });
	writeFileSync(join(resultsDir, 'bench.json'), JSON.stringify(json, null, '\t') + '\n');
	return allPass ? 0 : 1;
}

let code;
try {
	code = await main();
} catch (error) {
	console.error(`\nbench failed: ${error?.stack ?? error}`);
	code = 1;
} finally {
	await cleanup();
}
process.exit(code);
