// TLS rows of `npm run bench` (issue 5, item 8): a whole live TLS 1.3 handshake (both ends, every value computed
// with Web Crypto, then one HTTP request and response over the records) as the /tls page computes it in chromium,
// against Node's own TLS 1.3 handshake over loopback timed in the same run.
//  - page: a fresh context (service workers blocked) opens /tls, waits for form[data-ready], checks the live mode
//    is selected, then in the page: performance.now(), click [data-testid=tls-run], MutationObserver until
//    [data-testid=tls-status] has left "done" and come back to data-status="done" (bounded). The first click
//    also fetches the engine chunk: it is the cold run, reported on its own and left out of the median; then RUNS
//    warm clicks. Each run must end with [data-testid=tls-run-result][data-ok="true"].
//  - peer: tls.createServer / tls.connect on 127.0.0.1, TLS 1.3 only, an ECDSA P-256 certificate made for the
//    bench with openssl in a temp dir, the page's group and suite (X25519, TLS_AES_128_GCM_SHA256); timed from
//    tls.connect() to 'secureConnect' plus one small GET and its response over the TLS socket, as the page does.
//    One warm-up connection (excluded), then one connection after each page run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { chromeArgs } from './chrome.js';
import { ms as fmtMs, x as fmtRatio, stats, tracked } from './bench-explorer.js';

const RUNS = 10;
const WAIT_MS = 30_000;
const SERVER_NAME = 'bench.test';
const GROUP = 'X25519';
const SUITE = 'TLS_AES_128_GCM_SHA256';
const TLS13 = { minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3', ecdhCurve: GROUP, ciphers: SUITE };
const REQUEST = `GET / HTTP/1.1\r\nHost: ${SERVER_NAME}\r\nUser-Agent: Wirewalk\r\nAccept: text/html\r\nConnection: close\r\n\r\n`;
const BODY = '<!doctype html><title>Wirewalk</title><p>Hello over TLS 1.3. You asked for /.</p>\n';

/** A throwaway ECDSA P-256 certificate for bench.test in `dir`: { key, cert } (PEM). */
function makeCertificate(dir) {
	const keyFile = join(dir, 'key.pem');
	const certFile = join(dir, 'cert.pem');
	const args = ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', `/CN=${SERVER_NAME}`];
	args.push('-addext', `subjectAltName=DNS:${SERVER_NAME}`, '-days', '1', '-keyout', keyFile, '-out', certFile);
	const result = spawnSync('openssl', args, { encoding: 'utf8', timeout: WAIT_MS });
	if (result.status !== 0) throw new Error(`openssl req: ${result.error?.message ?? result.stderr.trim().split('\n').pop()}`);
	return { key: readFileSync(keyFile), cert: readFileSync(certFile), command: `openssl ${args.join(' ').replaceAll(dir + '/', '')}` };
}

/** The peer's server: answers one GET per connection with a small page, then closes. Resolves { port, close }. */
function startServer({ key, cert }) {
	const sockets = new Set();
	const server = tls.createServer({ key, cert, ...TLS13 }, (socket) => {
		let head = '';
		socket.setEncoding('utf8');
		socket.on('error', () => {});
		socket.on('data', (chunk) => {
			head += chunk;
			if (!head.includes('\r\n\r\n')) return;
			const body = Buffer.from(BODY);
			socket.end(`HTTP/1.1 200 OK\r\nDate: ${new Date().toUTCString()}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${BODY}`);
		});
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	server.on('tlsClientError', () => {});
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const close = () =>
				new Promise((done) => {
					for (const socket of sockets) socket.destroy();
					server.close(() => done());
				});
			resolve({ port: server.address().port, close });
		});
	});
}

/** One peer connection: ms from tls.connect() to the whole response; never throws (an error is a field). */
function peerRun(port, ca) {
	return new Promise((resolve) => {
		const t0 = performance.now();
		let handshakeMs = null;
		let info = {};
		let response = '';
		let settled = false;
		const finish = (fields) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			socket.destroy();
			resolve({ handshakeMs, ...info, ...fields });
		};
		const timer = setTimeout(() => finish({ ms: null, correct: false, error: `no response within ${WAIT_MS / 1000} s` }), WAIT_MS);
		const socket = tls.connect({ host: '127.0.0.1', port, servername: SERVER_NAME, ca, ...TLS13 });
		socket.setEncoding('utf8');
		socket.on('secureConnect', () => {
			handshakeMs = performance.now() - t0;
			info = { protocol: socket.getProtocol(), cipher: socket.getCipher()?.standardName, group: socket.getEphemeralKeyInfo()?.name, authorized: socket.authorized };
			socket.write(REQUEST);
		});
		socket.on('data', (chunk) => {
			response += chunk;
			const end = response.indexOf('\r\n\r\n');
			const length = Number(/\r\ncontent-length: *(\d+)/i.exec(response)?.[1]);
			if (end < 0 || !(Buffer.byteLength(response.slice(end + 4)) >= length)) return;
			const ms = performance.now() - t0;
			const correct = info.authorized && info.protocol === 'TLSv1.3' && info.cipher === SUITE && info.group === GROUP && response.startsWith('HTTP/1.1 200 ') && response.endsWith(BODY);
			finish({ ms, correct, error: correct ? undefined : `${info.protocol} ${info.group} ${info.cipher}, authorized ${info.authorized}, response “${response.split('\r\n')[0]}”` });
		});
		socket.on('error', (e) => finish({ ms: null, correct: false, error: String(e?.message ?? e) }));
		socket.on('close', () => finish({ ms: null, correct: false, error: 'closed before the whole response' }));
	});
}

/** The page-side measure, run with page.evaluate: clicks Run itself, resolves when the status is back at "done". */
function measureInPage(timeoutMs) {
	return new Promise((resolve) => {
		const status = () => document.querySelector('[data-testid="tls-status"]')?.getAttribute('data-status');
		const button = document.querySelector('[data-testid="tls-run"]');
		if (!button || status() === undefined) return resolve({ error: 'no Run button or status on /tls' });
		if (button.disabled) return resolve({ error: 'the Run button was disabled before the click' });
		let t0 = 0;
		let left = false;
		let done = false;
		const finish = (fields) => {
			if (done) return;
			done = true;
			observer.disconnect();
			clearTimeout(timer);
			resolve(fields);
		};
		const look = () => {
			const now = performance.now() - t0;
			const s = status();
			// After an earlier run the status still says "done" when the click lands: wait until it has left it.
			if (s !== 'done' && s !== 'failed') left = true;
			if (!left) return;
			if (s === 'done') finish({ ms: now });
			else if (s === 'failed') finish({ ms: now, error: 'the page reported data-status="failed"' });
		};
		const observer = new MutationObserver(look);
		const timer = setTimeout(() => finish({ error: `data-status="done" not reached within ${timeoutMs / 1000} s (last: ${status()})` }), timeoutMs);
		observer.observe(document.body, { attributes: true, attributeFilter: ['data-status'], subtree: true });
		t0 = performance.now();
		button.click();
	});
}

/** One click on Run on the open /tls; never throws. */
async function pageRun(page) {
	try {
		const marks = await page.evaluate(measureInPage, WAIT_MS);
		const seen = await page.evaluate(() => ({
			ok: document.querySelector('[data-testid="tls-run-result"]')?.getAttribute('data-ok') ?? null,
			badge: document.querySelector('[data-testid="tls-run-result"] h2 .badge')?.textContent?.trim() ?? null,
			problem: document.querySelector('[role="alert"]')?.textContent?.trim() ?? null
		}));
		const correct = !marks.error && seen.ok === 'true';
		const error = marks.error ?? (correct ? undefined : `tls-run-result data-ok=${seen.ok}${seen.problem ? `, problem: ${seen.problem}` : ''}`);
		return { ms: marks.ms ?? null, ok: seen.ok, badge: seen.badge, correct, error };
	} catch (e) {
		return { ms: null, correct: false, error: String(e?.message ?? e).split('\n')[0] };
	}
}

/**
 * Makes the certificate, starts the peer's server and chromium, measures the page on `origin` (the running
 * adapter-node build) and the peer, stops both. Never throws for a missing openssl: returns { skipped: reason }.
 */
export async function benchTls({ chromium, executablePath, origin, cleanups, log = (s) => process.stdout.write(s) }) {
	const t0 = Date.now();
	const tmp = mkdtempSync(join(os.tmpdir(), 'wirewalk-bench-tls-'));
	const stopTmp = tracked(cleanups, () => rmSync(tmp, { recursive: true, force: true }));
	try {
		let certificate;
		try {
			certificate = makeCertificate(tmp);
		} catch (error) {
			return { skipped: `no certificate for the Node peer: ${String(error?.message ?? error)}` };
		}
		const server = await startServer(certificate);
		const stopServer = tracked(cleanups, server.close);
		const browser = await chromium.launch({ executablePath, args: chromeArgs, headless: true, timeout: WAIT_MS });
		const closeBrowser = tracked(cleanups, () => browser.close());
		const peer = () => peerRun(server.port, certificate.cert);
		let cold;
		let warmupPeer;
		const runs = [];
		const peers = [];
		let setupError;
		log(`TLS /tls live x${RUNS} (+1 cold click, +1 peer warm-up): `);
		try {
			const context = await browser.newContext({ serviceWorkers: 'block', locale: 'en-US' });
			const page = await context.newPage();
			await page.goto(`${origin}/tls`, { waitUntil: 'load', timeout: WAIT_MS });
			await page.waitForSelector('form[data-ready="true"]', { timeout: WAIT_MS });
			const live = page.locator('input[name="tls-mode"][value="live"]');
			if (!(await live.isChecked({ timeout: WAIT_MS }))) await live.check({ timeout: WAIT_MS });
			cold = await pageRun(page);
			warmupPeer = await peer();
			if (cold.error) log(`cold: ${cold.error}; `);
			for (let i = 0; i < RUNS; i++) {
				runs.push(await pageRun(page));
				peers.push(await peer());
				log(runs[i].error || peers[i].error ? 'x' : '.');
			}
			await context.close();
		} catch (e) {
			setupError = String(e?.message ?? e).split('\n')[0];
			log(`failed: ${setupError}`);
		}
		const version = browser.version();
		await closeBrowser();
		await stopServer();
		const good = runs.filter((r) => r.correct);
		const goodPeers = peers.filter((p) => p.correct);
		const result = {
			runs: RUNS,
			warmupRuns: 1,
			chromium: version,
			error: setupError,
			method:
				'page: fresh context (service workers blocked), goto /tls, wait for form[data-ready], live mode checked; in the page performance.now(), click [data-testid=tls-run], MutationObserver until [data-testid=tls-status] has left "done" and is data-status="done" again (30 s bound); the run counts when [data-testid=tls-run-result] has data-ok="true". The first click (engine chunk fetched) is the cold run, excluded; then RUNS clicks, each followed by one peer connection. ' +
				`peer: Node ${process.version} tls.connect to tls.createServer on 127.0.0.1, TLS 1.3 only, ${GROUP}, ${SUITE}, server certificate from \`${certificate.command}\` (made once; the page makes a fresh CA and server certificate each run), timed from tls.connect() to 'secureConnect' plus one GET and its whole response; 1 warm-up connection excluded. Medians/min/max over the runs that succeeded; vs peer = median / peer median`,
			cold,
			page: { ok: good.length, errors: [...new Set(runs.filter((r) => r.error).map((r) => r.error))], ms: stats(good.map((r) => r.ms)), badge: good[0]?.badge ?? null },
			peer: {
				label: 'Node tls',
				ok: goodPeers.length,
				errors: [...new Set(peers.filter((p) => p.error).map((p) => p.error))],
				ms: stats(goodPeers.map((p) => p.ms)),
				handshakeMs: stats(goodPeers.map((p) => p.handshakeMs)),
				negotiated: goodPeers[0] ? { protocol: goodPeers[0].protocol, cipher: goodPeers[0].cipher, group: goodPeers[0].group } : null
			},
			warmupPeer,
			pageRuns: runs,
			peerRuns: peers
		};
		const over = (value) => (typeof value === 'number' && result.peer.ms.median > 0 ? value / result.peer.ms.median : null);
		result.ratios = { cold: cold?.correct ? over(cold.ms) : null, warm: over(result.page.ms.median) };
		result.seconds = (Date.now() - t0) / 1000;
		if (!setupError) log(` ${fmtMs(result.page.ms.median)} ms, peer ${fmtMs(result.peer.ms.median)} ms\n`);
		else log('\n');
		return result;
	} finally {
		await stopTmp();
	}
}

/** The TLS section as text lines (report only: nothing here is in the bench's exit status). */
export function formatTls(result, table) {
	if (result.skipped) return [`TLS rows skipped: ${result.skipped}`];
	if (result.error && !result.pageRuns?.length) return [`TLS rows failed: ${result.error}`];
	const out = [];
	out.push(`TLS explorer /tls in chromium: a whole live TLS 1.3 handshake + 1 HTTP round trip computed in the page, median of ${result.runs} clicks (min, max),`);
	out.push('the first (cold) click reported alone; ms from the click on Run to data-status="done" (report only)');
	const c = result.cold;
	const p = result.peer;
	out.push(
		table(
			['mode', 'measure', 'median ms', 'min ms', 'max ms', 'ok', 'vs peer'],
			[
				['live', 'cold: first click (loads the engine)', fmtMs(c?.ms), fmtMs(c?.ms), fmtMs(c?.ms), `${c?.correct ? 1 : 0}/1`, fmtRatio(result.ratios.cold)],
				['live', 'click → done (warm)', fmtMs(result.page.ms.median), fmtMs(result.page.ms.min), fmtMs(result.page.ms.max), `${result.page.ok}/${result.runs}`, fmtRatio(result.ratios.warm)],
				['peer', `${p.label}: connect → secureConnect + GET`, fmtMs(p.ms.median), fmtMs(p.ms.min), fmtMs(p.ms.max), `${p.ok}/${result.runs}`, '1.00x'],
				['peer', `${p.label}: connect → secureConnect`, fmtMs(p.handshakeMs.median), fmtMs(p.handshakeMs.min), fmtMs(p.handshakeMs.max), `${p.ok}/${result.runs}`, 'n/a']
			]
		)
	);
	const negotiated = p.negotiated ? `${p.negotiated.protocol}, ${p.negotiated.group}, ${p.negotiated.cipher}` : 'n/a';
	out.push(`page: ${result.page.badge ?? 'n/a'}, a fresh CA and server certificate each run; peer: Node ${process.version} tls over 127.0.0.1 (${negotiated}),`);
	out.push('ECDSA P-256 certificate made once by openssl for the bench, one warm-up connection excluded, one connection after each click.');
	out.push('vs peer = median / median of the peer\'s connect → secureConnect + GET (the page also carries one request and response).');
	if (result.error) out.push(`  the TLS rows stopped early: ${result.error}`);
	for (const e of result.page.errors) out.push(`  a click failed: ${e}`);
	for (const e of p.errors) out.push(`  a peer connection failed: ${e}`);
	out.push(`TLS rows took ${result.seconds.toFixed(0)} s.`);
	return out;
}
