// Explorer rows of `npm run bench` (issue 4, item 8): the DNS explorer page /dns in chromium against the DNS lab
// (tests/lab/), for the lab's plain name (www.wirewalk.test A), in both modes the page offers here:
//  - direct: the adapter-node build started with WIREWALK_ROOT_HINTS=<the lab's root hints> and
//    WIREWALK_LAB_RANGE=127.53.0.0/24, so its relay asks the lab's servers; peer: `dig +trace` of the same name
//    (the peer of the DNS rows, bench-dns.js), timed in the same run;
//  - resolver: the page's source is the lab's DoH URL (dnsdist in front of unbound); peer: one plain DoH GET of
//    the same name from Node (fetch), timed in the same run.
//  - direct + DNSSEC (issue 6): the direct walk with Check DNSSEC on; the figure is the page's data-dnssec-ms, the time
//    to judge the three-level chain (root -> test. -> wirewalk.test. -> the A RRset) with Web Crypto, queries
//    excluded; peer: the same validator in Node through `npm run trace -- --trust-anchor FILE --json` (dnssecMs).
// Per mode: one warm-up walk (excluded: JIT, HTTP cache, the relay's first use, unbound's cache), then RUNS walks,
// each followed by one peer run. Each walk is a fresh navigation to /dns in the same browser context (a reload
// would not do: the page rewrites its address to the deep link of the walked name, which walks on load), so no
// earlier trace is on the page when the walk starts. Service workers are blocked (as in the bytes rows).
// Times: performance.now() in the page from our click on the walk button to (a) the first ladder rung and the
// outcome appearing in the DOM (MutationObserver) and (b) the animation frame that paints them
// (requestAnimationFrame after the mutation) = "rendered"; and the page's own state times (data-first-hop-ms,
// data-final-ms on the trace: from the submit to the first hop / the outcome in the explorer state).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import dnsPacket from 'dns-packet';
import { chromeArgs } from './chrome.js';
import { digTrace, median, traceCli } from './bench-dns.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const RUNS = 10;
/** What each walk records (ms from the click): painted (Frame), in the DOM (Dom), in the page's state (state…). */
const MEASURES = ['firstRungFrame', 'finalFrame', 'firstRungDom', 'finalDom', 'stateFirstHop', 'stateFinal'];
const WAIT_MS = 30_000;
export const LAB_RANGE = '127.53.0.0/24';

/** The page-side measure, run with page.evaluate: clicks the walk button itself and resolves with the marks. */
function measureInPage(timeoutMs) {
	return new Promise((resolve) => {
		const rung = '[data-testid="ladder-rung"]';
		const final = '[data-testid="final-answer"], [data-testid="outcome"]';
		const marks = {};
		let t0 = 0;
		let done = false;
		const finish = (error) => {
			if (done) return;
			done = true;
			observer.disconnect();
			clearTimeout(timer);
			resolve({ ...marks, error });
		};
		const painted = (key) =>
			requestAnimationFrame(() => {
				marks[`${key}Frame`] = performance.now() - t0;
				if (marks.firstRungFrame !== undefined && marks.finalFrame !== undefined) finish();
			});
		const look = () => {
			const now = performance.now() - t0;
			if (marks.firstRungDom === undefined && document.querySelector(rung)) {
				marks.firstRungDom = now;
				painted('firstRung');
			}
			if (marks.finalDom === undefined && document.querySelector(final)) {
				marks.finalDom = now;
				painted('final');
			}
		};
		const observer = new MutationObserver(look);
		const timer = setTimeout(() => finish(`no ${marks.firstRungDom === undefined ? 'ladder rung' : 'outcome'} within ${timeoutMs / 1000} s`), timeoutMs);
		if (document.querySelector(rung) || document.querySelector(final)) return finish('a trace was already on the page before the click');
		observer.observe(document.body, { childList: true, subtree: true });
		const button = document.querySelector('[data-testid="walk"]');
		if (!button) return finish('no walk button');
		t0 = performance.now();
		button.click();
		look();
	});
}

/** One walk on a freshly opened /dns; never throws (an error is a field of the run). */
async function pageRun(page, origin, c) {
	try {
		await page.goto(`${origin}/dns`, { waitUntil: 'load', timeout: WAIT_MS });
		await page.waitForSelector('form[data-ready="true"]', { timeout: WAIT_MS });
		await page.fill('#dns-name', c.name.replace(/\.$/, ''), { timeout: WAIT_MS });
		await page.selectOption('#dns-type', c.type, { timeout: WAIT_MS });
		const marks = await page.evaluate(measureInPage, WAIT_MS);
		const trace = await page
			.waitForSelector('[data-testid="trace"][data-status="done"]', { timeout: marks.error ? 1000 : WAIT_MS })
			.then(() => null)
			.catch(() => 'the trace did not reach data-status="done"');
		const seen = await page.evaluate(() => {
			const el = document.querySelector('[data-testid="trace"]');
			const num = (v) => (v === undefined || v === '' ? null : Number(v));
			return {
				status: el?.getAttribute('data-status') ?? null,
				stateFirstHop: num(el?.dataset.firstHopMs),
				stateFinal: num(el?.dataset.finalMs),
				stateDnssec: num(el?.dataset.dnssecMs),
				security: el?.getAttribute('data-security') ?? null,
				rcode: document.querySelector('[data-testid="outcome"]')?.getAttribute('data-rcode') ?? null,
				answer: document.querySelector('[data-testid="final-answer"]')?.textContent ?? '',
				rungs: document.querySelectorAll('[data-testid="ladder-rung"]').length,
				problem: document.querySelector('[data-testid="walk-problem"]')?.textContent?.trim() ?? null
			};
		});
		const { answer, ...rest } = seen;
		// a DNSSEC walk also has to come out secure, with its judging time
		const secure = !c.dnssec || (seen.security === 'secure' && typeof seen.stateDnssec === 'number');
		const correct = seen.rcode === c.rcode && c.answer.every((r) => answer.includes(r.data)) && secure;
		const error =
			marks.error ??
			trace ??
			(correct ? undefined : `rcode ${seen.rcode ?? 'none'}, answer “${answer.trim().slice(0, 80)}”${c.dnssec ? `, DNSSEC ${seen.security ?? 'none'}` : ''}${seen.problem ? `, problem: ${seen.problem}` : ''}`);
		return { ...marks, ...rest, correct, error };
	} catch (e) {
		return { correct: false, error: String(e?.message ?? e).split('\n')[0] };
	}
}

/** The peer of resolver mode: one DoH GET (RD=1) of the name from Node, timed around fetch and the body. */
async function dohGet(url, c) {
	const query = dnsPacket.encode({ type: 'query', id: 0, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type: c.type, name: c.name.replace(/\.$/, '') }] });
	const t0 = performance.now();
	try {
		const response = await fetch(`${url}?dns=${query.toString('base64url')}`, { headers: { accept: 'application/dns-message' }, signal: AbortSignal.timeout(WAIT_MS) });
		const body = Buffer.from(await response.arrayBuffer());
		const ms = performance.now() - t0;
		const message = dnsPacket.decode(body);
		const correct = response.ok && message.rcode === c.rcode && c.answer.every((r) => (message.answers ?? []).some((a) => a.type === r.type && String(a.data) === r.data));
		return { ms, correct, status: response.status };
	} catch (e) {
		return { ms: null, correct: false, error: String(e?.message ?? e) };
	}
}

export const stats = (values) => {
	const numbers = values.filter((v) => typeof v === 'number' && Number.isFinite(v));
	return { median: median(numbers), min: numbers.length ? Math.min(...numbers) : null, max: numbers.length ? Math.max(...numbers) : null, n: numbers.length };
};

/** Registers `stop` in `cleanups` (so a Ctrl-C runs it) and returns a once-only stop that unregisters itself. */
export function tracked(cleanups, stop) {
	let stopped;
	const once = () => {
		const i = cleanups.indexOf(once);
		if (i >= 0) cleanups.splice(i, 1);
		return (stopped ??= Promise.resolve().then(stop));
	};
	cleanups.push(once);
	return once;
}

async function measureMode(browser, origin, lab, mode, peer, log, { dnssec = false } = {}) {
	const c = { ...lab.cases.plain, dnssec };
	const source = mode === 'direct' ? { mode, provider: 'custom', customUrl: '' } : { mode, provider: 'custom', customUrl: lab.doh };
	const context = await browser.newContext({ serviceWorkers: 'block', locale: 'en-US' });
	try {
		const page = await context.newPage();
		await page.addInitScript(
			([value, check]) => {
				localStorage.setItem('wirewalk.dns.source', value);
				localStorage.setItem('wirewalk.dns.dnssec', check);
			},
			[JSON.stringify(source), dnssec ? 'on' : 'off']
		);
		log(`  explorer ${mode}${dnssec ? ' + DNSSEC' : ''} x${RUNS} (+1 warm-up): `);
		const warmup = { page: await pageRun(page, origin, c), peer: await peer.run() };
		if (warmup.page.error) log(`warm-up: ${warmup.page.error}; `);
		const runs = [];
		const peers = [];
		for (let i = 0; i < RUNS; i++) {
			runs.push(await pageRun(page, origin, c));
			peers.push(await peer.run());
			log(runs[i].error ? 'x' : '.');
		}
		const result = {
			mode: dnssec ? `${mode}+dnssec` : mode,
			source,
			ok: runs.filter((r) => r.correct).length,
			errors: [...new Set(runs.filter((r) => r.error).map((r) => r.error))],
			...Object.fromEntries((dnssec ? ['stateDnssec'] : MEASURES).map((key) => [key, stats(runs.filter((r) => r.correct).map((r) => r[key]))])),
			peer: { label: peer.label, method: peer.method, ok: peers.filter((p) => p.correct).length, ms: stats(peers.filter((p) => p.correct).map((p) => p.ms)) },
			warmup,
			runs,
			peerRuns: peers
		};
		const over = (s) => (typeof s.median === 'number' && result.peer.ms.median > 0 ? s.median / result.peer.ms.median : null);
		result.ratios = Object.fromEntries((dnssec ? ['stateDnssec'] : MEASURES).map((key) => [key, over(result[key])]));
		const shown = dnssec ? ['chain judged', result.stateDnssec] : ['final', result.finalFrame];
		log(` ${shown[0]} ${shown[1].median?.toFixed(1) ?? 'err'} ms, ${peer.label} ${result.peer.ms.median?.toFixed(1) ?? 'err'} ms\n`);
		return result;
	} catch (e) {
		log('failed\n');
		return { mode, error: String(e?.message ?? e).split('\n')[0] };
	} finally {
		await context.close().catch(() => {});
	}
}

/**
 * Starts the lab, the app with the lab's environment (`startApp(env)` -> { origin, stop }) and chromium, measures
 * both modes, stops all three. Never throws for a missing lab: returns { skipped: reason }.
 */
export async function benchExplorer({ chromium, executablePath, startApp, cleanups, log = (s) => process.stdout.write(s) }) {
	const t0 = Date.now();
	let lab;
	try {
		const { startLab } = await import(pathToFileURL(join(ROOT, 'tests/lab/lab.js')).href);
		log('Starting the DNS lab for the explorer rows… ');
		lab = await startLab();
		log(`ready (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
	} catch (error) {
		log('skipped\n');
		return { skipped: `the DNS lab did not start: ${String(error?.message ?? error).split('\n').slice(0, 3).join(' ')}` };
	}
	const labStartSeconds = (Date.now() - t0) / 1000;
	const stopLab = tracked(cleanups, () => lab.stop());
	const tmp = mkdtempSync(join(os.tmpdir(), 'wirewalk-bench-explorer-'));
	const stopTmp = tracked(cleanups, () => rmSync(tmp, { recursive: true, force: true }));
	try {
		const env = { WIREWALK_ROOT_HINTS: lab.rootHintsFile, WIREWALK_LAB_RANGE: LAB_RANGE, WIREWALK_TRUST_ANCHOR: lab.trustAnchorFile };
		const app = await startApp(env);
		const browser = await chromium.launch({ executablePath, args: chromeArgs, headless: true, timeout: WAIT_MS });
		const closeBrowser = tracked(cleanups, () => browser.close());
		const c = lab.cases.plain;
		const resolvFile = join(tmp, 'resolv.conf');
		writeFileSync(resolvFile, `nameserver ${lab.resolver.address}\n`);
		const rootAddress = lab.roots[0].address;
		const peers = {
			direct: {
				label: 'dig +trace',
				method: `dig +trace +nodnssec +tries=1 +time=3 +noidnout ${c.name} ${c.type} @${rootAddress} in \`unshare -m\` with /etc/resolv.conf bound to the lab resolver (NS addresses), wall clock of dig alone (bench-dns.js digTrace)`,
				run: async () => {
					const d = await digTrace(resolvFile, c.name, c.type, rootAddress);
					return { ms: d.ms, correct: d.code === 0 && c.answer.every((r) => d.stdout.includes(r.data)), exit: d.code };
				}
			},
			resolver: {
				label: 'DoH GET',
				method: `one DoH GET (?dns=, RD=1) of ${c.name} ${c.type} to ${lab.doh} from Node fetch (keep-alive), wall clock of the request and its body`,
				run: () => dohGet(lab.doh, c)
			},
			dnssec: {
				label: 'Node validator',
				method: `npm run trace -- ${c.name} ${c.type} --root-hints <lab> --trust-anchor <lab> --json (tsx, Node ${process.versions.node}): its "dnssecMs", the same validateChain (src/lib/dnssec) on Node's Web Crypto judging the same three-level chain, queries excluded`,
				run: async () => {
					const r = await traceCli(c.name, c.type, ['--root-hints', lab.rootHintsFile, '--trust-anchor', lab.trustAnchorFile]);
					return { ms: r.ok ? r.json.dnssecMs : null, correct: r.ok && r.json.dnssec === 'secure' && typeof r.json.dnssecMs === 'number', error: r.error };
				}
			}
		};
		const modes = [];
		for (const mode of ['direct', 'resolver']) modes.push(await measureMode(browser, app.origin, lab, mode, peers[mode], log));
		// Issue 6: the time to judge a three-level chain (root -> test. -> wirewalk.test., algorithm 13) in chromium.
		modes.push(await measureMode(browser, app.origin, lab, 'direct', peers.dnssec, log, { dnssec: true }));
		await closeBrowser();
		await app.stop();
		return {
			name: c.name,
			type: c.type,
			runs: RUNS,
			warmupRuns: 1,
			chromium: browser.version(),
			env,
			method:
				'per mode: 1 warm-up walk (excluded) then RUNS walks, each a fresh navigation to /dns (same context, service workers blocked, source set in localStorage by an init script), wait for form[data-ready], fill the name, select the type, then in the page: performance.now(), click the walk button, MutationObserver for the first [data-testid=ladder-rung] and the first [data-testid=final-answer] or [data-testid=outcome] (…Dom), requestAnimationFrame after each (…Frame = rendered); then wait for the trace data-status=done and read data-first-hop-ms / data-final-ms (state…). Each walk is followed by one peer run. Medians/min/max over the runs with the expected answer; ratios = median / median of the peer',
			labStartSeconds,
			seconds: (Date.now() - t0) / 1000,
			modes
		};
	} finally {
		await stopTmp();
		await stopLab().catch(() => {});
	}
}

export const ms = (v) => (typeof v === 'number' ? v.toFixed(1) : 'err');
export const x = (r) => (typeof r === 'number' ? `${r.toFixed(2)}x` : 'n/a');

/** The explorer section as text lines (report only: nothing here is in the bench's exit status). */
export function formatExplorer(result, table) {
	if (result.skipped) return [`Explorer rows skipped: ${result.skipped}`];
	if (result.error) return [`Explorer rows failed: ${result.error}`];
	const out = [];
	out.push(
		`DNS explorer /dns in chromium: ${result.name.replace(/\.$/, '')} ${result.type} against the lab, median of ${result.runs} walks (min, max), 1 warm-up walk excluded; ms from the click on Walk (report only)`
	);
	const rows = [];
	for (const m of result.modes) {
		if (m.error) {
			rows.push([m.mode, `failed: ${m.error}`, 'err', 'err', 'err', 'err', 'n/a']);
			continue;
		}
		const row = (label, s, r) => [m.mode, label, ms(s.median), ms(s.min), ms(s.max), `${s.n}/${result.runs}`, x(r)];
		const peerRow = [m.mode, `peer: ${m.peer.label}`, ms(m.peer.ms.median), ms(m.peer.ms.min), ms(m.peer.ms.max), `${m.peer.ok}/${result.runs}`, '1.00x'];
		if (m.stateDnssec) {
			rows.push(row('chain of trust judged (3 levels)', m.stateDnssec, m.ratios.stateDnssec), peerRow);
			continue;
		}
		rows.push(
			row('first rung rendered', m.firstRungFrame, m.ratios.firstRungFrame),
			row('final answer rendered', m.finalFrame, m.ratios.finalFrame),
			row('first rung in DOM', m.firstRungDom, m.ratios.firstRungDom),
			row('final answer in DOM', m.finalDom, m.ratios.finalDom),
			row('first hop in state', m.stateFirstHop, m.ratios.stateFirstHop),
			row('outcome in state', m.stateFinal, m.ratios.stateFinal),
			[m.mode, `peer: ${m.peer.label}`, ms(m.peer.ms.median), ms(m.peer.ms.min), ms(m.peer.ms.max), `${m.peer.ok}/${result.runs}`, '1.00x']
		);
	}
	out.push(table(['mode', 'measure', 'median ms', 'min ms', 'max ms', 'ok', 'vs peer'], rows));
	out.push('in DOM = when a MutationObserver saw the element; rendered = the animation frame after that (requestAnimationFrame); in state = the page\'s');
	out.push('data-first-hop-ms / data-final-ms (from its submit handler); ok = walks with the expected answer (the figures use those only);');
	out.push('each walk is a fresh navigation to /dns, followed by one peer run. Peers: direct = dig +trace @127.53.0.1 (NS names via the lab resolver),');
	out.push('resolver = one DoH GET of the same name to the lab dnsdist from Node fetch. vs peer = median / peer median.');
	out.push('direct+dnssec = the same walk with Check DNSSEC on: the page\'s data-dnssec-ms, judging root -> test. -> wirewalk.test. -> the A RRset');
	out.push('(6 RRSIGs, 3 DS digests, ECDSA P-256) with Web Crypto, its queries excluded; target under 50 ms (issue 6). Peer: the same validator in Node');
	out.push('(npm run trace -- --trust-anchor --json, its dnssecMs), a fresh process each run: cold code and a first Web Crypto use, unlike the page.');
	const chain = result.modes.find((m) => m.stateDnssec);
	if (chain?.stateDnssec?.median != null) out.push(`DNSSEC chain in chromium: median ${ms(chain.stateDnssec.median)} ms, target < 50 ms: ${chain.stateDnssec.median < 50 ? 'met' : 'NOT met'} (report only).`);
	for (const m of result.modes) for (const e of m.errors ?? []) out.push(`  ${m.mode}: a walk failed: ${e}`);
	out.push(`Explorer rows took ${result.seconds.toFixed(0)} s (lab start ${result.labStartSeconds.toFixed(1)} s).`);
	return out;
}
