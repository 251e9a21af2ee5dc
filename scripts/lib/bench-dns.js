// DNS rows of `npm run bench` (issue 3, item 9), measured against the DNS lab (tests/lab/):
//  1. direct mode vs `dig +trace` on the same lab names, interleaved in one run: median wall-clock per trace and
//     the median ratio walk/dig (target <= 1.5x);
//  2. resolver mode: sequential round trips per trace (target: the zones on the path of every name of the CNAME
//     chain, root included), measured at a DoH proxy that sits between the CLI and the lab's dnsdist.
// Run on its own (`node scripts/lib/bench-dns.js`) it starts the lab, prints the DNS tables and writes nothing.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import dnsPacket from 'dns-packet';

const ROOT = new URL('../..', import.meta.url).pathname;
const TSX = join(ROOT, 'node_modules/tsx/dist/cli.mjs');
const TRACE = join(ROOT, 'scripts/trace.ts');

/** Direct mode vs dig: NOERROR cases with an answer and no CNAME (dig +trace does not follow CNAMEs). */
const DIRECT_CASES = ['plain', 'multiLabel', 'lame', 'glueless', 'mx', 'txt', 'timeout'];
const DIRECT_RUNS = 5;
/** `timeout` waits on a server that never answers (3 s per try in both tools): run once, keep out of the median. */
const SLOW_CASES = { timeout: 1 };
const RATIO_TARGET = 1.5;
/** The DoH proxy releases a wave of responses once no new request has arrived for this long (see startDohProxy). */
const QUIET_MS = 40;
const PROCESS_TIMEOUT_MS = 25_000;

export function median(values) {
	const numbers = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
	if (!numbers.length) return null;
	const mid = numbers.length >> 1;
	return numbers.length % 2 ? numbers[mid] : (numbers[mid - 1] + numbers[mid]) / 2;
}

/** Runs a command with a hard time limit; resolves { code, stdout, stderr, ms } (ms = wall clock of the process). */
function run(command, args, { timeoutMs = PROCESS_TIMEOUT_MS, env } = {}) {
	return new Promise((resolveRun) => {
		const t0 = performance.now();
		const child = spawn(command, args, { cwd: ROOT, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (c) => (stdout += c));
		child.stderr.on('data', (c) => (stderr += c));
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			resolveRun({ code: -1, stdout, stderr: stderr + error.message, ms: performance.now() - t0 });
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolveRun({ code: code ?? (signal ? `killed (${signal}, limit ${timeoutMs / 1000} s)` : -1), stdout, stderr, ms: performance.now() - t0 });
		});
	});
}

export async function traceCli(name, type, modeArgs) {
	const r = await run(process.execPath, [TSX, TRACE, name, type, '--json', ...modeArgs]);
	let json = null;
	try {
		json = JSON.parse(r.stdout.trim().split('\n').pop());
	} catch {
		// reported below
	}
	if (!json) return { ok: false, processMs: r.ms, error: `exit ${r.code}: ${(r.stderr || r.stdout).trim().slice(0, 200)}` };
	return { ok: true, processMs: r.ms, json };
}

/** dig +trace inside a private mount namespace whose /etc/resolv.conf names the lab resolver; times dig alone. */
export async function digTrace(resolvFile, name, type, rootAddress) {
	const script =
		'mount --bind "$1" /etc/resolv.conf || exit 97; shift; ' +
		's=$(date +%s%N); dig "$@"; c=$?; e=$(date +%s%N); echo "DIGTIME $s $e" >&2; exit $c';
	const args = ['+trace', '+nodnssec', '+tries=1', '+time=3', '+noidnout', name, type, `@${rootAddress}`];
	const r = await run('unshare', ['-m', 'sh', '-c', script, 'sh', resolvFile, ...args]);
	const m = /DIGTIME (\d+) (\d+)/.exec(r.stderr);
	const ms = m ? Number(BigInt(m[2]) - BigInt(m[1])) / 1e6 : null;
	return { code: r.code, ms, processMs: r.ms, stdout: r.stdout, stderr: r.stderr.replace(/DIGTIME.*\n?/, '') };
}

/** Did dig's final section carry the expected answer? (its last lines are the authoritative answer) */
function digGotAnswer(stdout, expected) {
	const lines = stdout.split('\n').filter((l) => l && !l.startsWith(';'));
	return expected.every((rec) =>
		lines.some((l) => {
			const f = l.split(/\s+/);
			return f[0]?.toLowerCase() === rec.name && f[3] === rec.type && f.slice(4).join(' ') === rec.data;
		})
	);
}

function sameAnswer(json, expected) {
	const got = new Set((json.answer ?? []).map((r) => `${r.name} ${r.type} ${r.data}`));
	return json.rcode === 'NOERROR' && expected.length === got.size && expected.every((r) => got.has(`${r.name} ${r.type} ${r.data}`));
}

// ---------------------------------------------------------------------------------------------------------------
// Row 1: direct mode vs dig +trace

async function directVsDig(lab, log) {
	const tmp = mkdtempSync(join(os.tmpdir(), 'wirewalk-bench-dns-'));
	const resolvFile = join(tmp, 'resolv.conf');
	writeFileSync(resolvFile, `nameserver ${lab.resolver.address}\n`);
	const rootAddress = lab.roots[0].address;
	try {
		// A warm-up of both tools outside the measurement (tsx's transform cache, unbound's cache for dig's NS lookups).
		await traceCli(lab.cases.plain.name, lab.cases.plain.type, ['--mode', 'direct', '--root-hints', lab.rootHintsFile]);
		const warm = await digTrace(resolvFile, lab.cases.plain.name, lab.cases.plain.type, rootAddress);
		if (warm.code === 97 || warm.ms === null) throw new Error(`dig in a private mount namespace failed (exit ${warm.code}): ${warm.stderr.trim().slice(0, 200)}`);

		const rows = [];
		for (const key of DIRECT_CASES) {
			const c = lab.cases[key];
			if (!c || c.rcode !== 'NOERROR' || !c.answer.length || c.answer.some((r) => r.type === 'CNAME')) continue;
			const runs = SLOW_CASES[key] ?? DIRECT_RUNS;
			log(`  direct vs dig ${key} (${c.name} ${c.type}) x${runs}… `);
			const ours = [];
			const dig = [];
			for (let i = 0; i < runs; i++) {
				// Alternate which tool goes first, so drift and any cache effect hit both alike.
				const order = i % 2 === 0 ? ['ours', 'dig'] : ['dig', 'ours'];
				for (const who of order) {
					if (who === 'ours') {
						const t = await traceCli(c.name, c.type, ['--mode', 'direct', '--root-hints', lab.rootHintsFile]);
						ours.push(
							t.ok
								? { walkMs: t.json.elapsedMs, processMs: t.processMs, queries: t.json.queries, hops: t.json.hops.length, correct: sameAnswer(t.json, c.answer), rcode: t.json.rcode }
								: { walkMs: null, processMs: t.processMs, correct: false, error: t.error }
						);
					} else {
						const d = await digTrace(resolvFile, c.name, c.type, rootAddress);
						dig.push({ ms: d.ms, processMs: d.processMs, exit: d.code, correct: d.code === 0 && digGotAnswer(d.stdout, c.answer) });
					}
				}
			}
			const row = {
				case: key,
				name: c.name,
				type: c.type,
				runs,
				ours: { walkMs: median(ours.map((o) => o.walkMs)), processMs: median(ours.map((o) => o.processMs)), correct: ours.filter((o) => o.correct).length, runs: ours },
				dig: { ms: median(dig.map((d) => d.ms)), processMs: median(dig.map((d) => d.processMs)), correct: dig.filter((d) => d.correct).length, runs: dig }
			};
			// Only like-for-like traces count: a tool that stopped short of the answer in most runs (dig +trace gives up
			// at the REFUSED of ns2.lame.test. when it happens to pick it) timed something else.
			const majority = Math.ceil(runs / 2);
			row.excluded =
				key in SLOW_CASES
					? 'a server that never answers: one run each, the time is mostly a 3 s timeout (if the tool happens to pick that server)'
					: row.dig.correct < majority || row.ours.correct < majority
						? `${row.dig.correct < majority ? 'dig' : 'the walk'} reached the answer in only ${Math.min(row.dig.correct, row.ours.correct)}/${runs} runs`
						: null;
			row.inMedian = !row.excluded;
			row.ratio = row.ours.walkMs !== null && row.dig.ms ? row.ours.walkMs / row.dig.ms : null;
			row.processRatio = row.ours.processMs !== null && row.dig.ms ? row.ours.processMs / row.dig.ms : null;
			rows.push(row);
			log(`walk ${row.ours.walkMs ?? 'err'} ms, dig ${row.dig.ms?.toFixed(1) ?? 'err'} ms\n`);
		}
		const counted = rows.filter((r) => r.inMedian);
		const medianRatio = median(counted.map((r) => r.ratio));
		const medianRatioAll = median(rows.map((r) => r.ratio));
		return {
			method:
				'per name: runs alternate ours/dig; ours = `tsx scripts/trace.ts --json --mode direct` (walk = its JSON elapsedMs, process = wall clock of the whole tsx process); dig = `dig +trace +nodnssec +tries=1 +time=3 +noidnout NAME TYPE @' +
				rootAddress +
				'` in `unshare -m` with /etc/resolv.conf bound to the lab resolver, wall clock of the dig process alone (date +%s%N around it, inside the namespace)',
			rows,
			excludedFromMedian: rows.filter((r) => !r.inMedian).map((r) => ({ case: r.case, reason: r.excluded })),
			medianRatio,
			medianRatioAllCases: medianRatioAll,
			medianProcessRatio: median(counted.map((r) => r.processRatio)),
			target: RATIO_TARGET,
			pass: typeof medianRatio === 'number' && medianRatio <= RATIO_TARGET
		};
	} finally {
		rmSync(tmp, { recursive: true, force: true });
	}
}

// ---------------------------------------------------------------------------------------------------------------
// Row 2: resolver mode round trips

/**
 * A DoH proxy in front of the lab's dnsdist that counts the walk's sequential round trips. It holds responses back
 * in waves: a wave collects every request that arrives while it is open; it is released (all its responses at once)
 * when its upstream answers are all in and no new request has arrived for QUIET_MS. A request in a wave cannot
 * depend on a response of the same wave (none had left when it arrived), and a request that needed a response can
 * only arrive after its wave was released: so the number of waves is the number of sequential round trips, counted
 * high only if the walk paused for more than QUIET_MS between two requests it sends together.
 */
export function startDohProxy(upstreamUrl) {
	const upstream = new URL(upstreamUrl);
	const agent = new http.Agent({ keepAlive: true });
	let waves = [];
	let open = null;
	const maybeRelease = (wave) => {
		clearTimeout(wave.timer);
		const wait = wave.lastArrival + QUIET_MS - performance.now();
		if (wave.pending > 0) return;
		if (wait > 0) {
			wave.timer = setTimeout(() => maybeRelease(wave), wait);
			return;
		}
		if (open === wave) open = null;
		wave.released = performance.now();
		for (const send of wave.sends) send();
	};
	const server = http.createServer((request, response) => {
		const arrived = performance.now();
		if (!open) {
			open = { requests: [], sends: [], pending: 0, lastArrival: arrived, timer: null };
			waves.push(open);
		}
		const wave = open;
		wave.lastArrival = arrived;
		wave.pending++;
		clearTimeout(wave.timer);
		const chunks = [];
		request.on('data', (c) => chunks.push(c));
		request.on('end', () => {
			const body = Buffer.concat(chunks);
			const headers = {};
			for (const h of ['accept', 'content-type']) if (request.headers[h]) headers[h] = request.headers[h];
			if (body.length) headers['content-length'] = body.length;
			const target = new URL(request.url, upstream);
			const entry = { method: request.method, question: questionOf(request, body, target), arrivedMs: arrived, status: 0 };
			wave.requests.push(entry);
			const done = (status, outHeaders, payload) => {
				entry.status = status;
				wave.sends.push(() => {
					response.writeHead(status, outHeaders);
					response.end(payload);
				});
				wave.pending--;
				maybeRelease(wave);
			};
			const forward = http.request(
				{ agent, host: upstream.hostname, port: upstream.port, path: target.pathname + target.search, method: request.method, headers, timeout: 12_000 },
				(up) => {
					const upChunks = [];
					up.on('data', (c) => upChunks.push(c));
					up.on('end', () => {
						const outHeaders = { 'content-type': up.headers['content-type'] ?? 'application/octet-stream' };
						if (up.headers['cache-control']) outHeaders['cache-control'] = up.headers['cache-control'];
						done(up.statusCode ?? 502, outHeaders, Buffer.concat(upChunks));
					});
				}
			);
			forward.on('timeout', () => forward.destroy(new Error('upstream timeout')));
			forward.on('error', () => done(502, { 'content-type': 'text/plain' }, 'bad gateway'));
			forward.end(body);
		});
	});
	return new Promise((resolveProxy, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			resolveProxy({
				url: `http://127.0.0.1:${server.address().port}/dns-query`,
				/** The waves seen since the last take(), each a list of requests. */
				take() {
					const taken = waves.map((w) => w.requests);
					waves = open ? [open] : [];
					return taken;
				},
				close: () =>
					new Promise((done) => {
						server.close(() => done());
						server.closeAllConnections();
						agent.destroy();
					})
			});
		});
	});
}

/** `name TYPE` of a DoH request (GET ?dns= or POST body), for the JSON; '?' when it does not decode. */
function questionOf(request, body, target) {
	try {
		const wire = request.method === 'GET' ? Buffer.from(target.searchParams.get('dns') ?? '', 'base64url') : body;
		const q = dnsPacket.decode(wire).questions[0];
		return `${q.name || '.'} ${q.type}`;
	} catch {
		return '?';
	}
}

/** Zones of the lab on the path of a name, root included (`www.shop.co.test.` -> ., test., shop.co.test.). */
function zonesOnPath(name, zones) {
	return zones.filter((z) => z === '.' || name === z || name.endsWith('.' + z)).sort((a, b) => a.length - b.length);
}

async function resolverRoundTrips(lab, log, queryUdp) {
	const zones = [...new Set(lab.servers.flatMap((s) => s.zones))];
	// Warm unbound for every case first: a cold lame/timeout lookup takes unbound ~2 s, near the walk's 3 s per query.
	await Promise.all(
		Object.values(lab.cases).map((c) => queryUdp(lab.resolver.address, c.name, c.type, { rd: true, timeoutMs: 8000 }).catch(() => null))
	);
	const proxy = await startDohProxy(lab.doh);
	try {
		const rows = [];
		log('  resolver mode round trips: ');
		for (const [key, c] of Object.entries(lab.cases)) {
			const once = async () => {
				proxy.take();
				const t = await traceCli(c.name, c.type, ['--mode', 'resolver', '--doh', proxy.url]);
				return { t, waves: proxy.take() };
			};
			// The names the walk has to resolve: the query name, then each CNAME target of the final answer (a DNAME
			// comes with the CNAME it synthesizes, and the walk restarts at that CNAME's target).
			const chain = [c.name, ...c.answer.filter((r) => r.type === 'CNAME').map((r) => r.data)];
			const levels = chain.map((n) => zonesOnPath(n, zones).length);
			const target = levels.reduce((a, b) => a + b, 0);
			// The wave count can only be too high (a pause of the CLI longer than QUIET_MS inside one round splits it):
			// a trace over its target is run once more and the smaller count kept; both counts are in the JSON.
			let { t, waves } = await once();
			const counts = [waves.length];
			if (waves.length > target) {
				const again = await once();
				counts.push(again.waves.length);
				if (again.waves.length < waves.length && again.t.ok) ({ t, waves } = again);
			}
			const requests = waves.flat();
			const roundTrips = waves.length;
			const hops = t.ok ? t.json.hops : [];
			const row = {
				case: key,
				name: c.name,
				type: c.type,
				ok: t.ok,
				error: t.ok ? undefined : t.error,
				rcode: t.ok ? t.json.rcode : null,
				correct: t.ok ? t.json.rcode === c.rcode && (c.answer.length === 0 ? (t.json.answer ?? []).length === 0 : sameAnswer(t.json, c.answer)) : false,
				hops: hops.length,
				uncachedHops: hops.filter((h) => !h.cached).length,
				queries: t.ok ? t.json.queries : null,
				httpRequests: requests.length,
				postRequests: requests.filter((r) => r.method === 'POST').length,
				roundTrips,
				roundTripCounts: counts,
				waves: waves.map((w) => w.map((r) => `${r.method} ${r.question}${r.status === 200 ? '' : ` (${r.status})`}`)),
				chain,
				levels,
				target,
				walkMs: t.ok ? t.json.elapsedMs : null
			};
			row.pass = t.ok && roundTrips <= target;
			rows.push(row);
			log(`${key} ${roundTrips}/${target}  `);
		}
		log('\n');
		return {
			method: `each case once through \`tsx scripts/trace.ts --json --mode resolver --doh <proxy>\`; the proxy forwards to ${lab.doh} and releases responses in waves (a wave closes when its upstream answers are in and no request arrived for ${QUIET_MS} ms); round trips = waves (a request can only depend on responses of earlier waves; = the walk's sequential Promise.all rounds that went to the network); a case over its target is run a second time and the smaller count kept (the count can only err high); hops = hops in the JSON (uncached = without \`cached\`); target = zones on the path (root included) of each name on the CNAME chain, summed`,
			quietMs: QUIET_MS,
			rows,
			pass: rows.every((r) => r.pass)
		};
	} finally {
		await proxy.close();
	}
}

// ---------------------------------------------------------------------------------------------------------------

/**
 * Starts the lab, measures both rows, stops the lab. Never throws for a missing lab: returns { skipped: reason }.
 * `cleanups` (optional) gets the lab's stop() so a Ctrl-C stops it too.
 */
export async function benchDns({ cleanups, log = (s) => process.stdout.write(s) } = {}) {
	const t0 = Date.now();
	let labModule;
	let lab;
	try {
		labModule = await import(pathToFileURL(join(ROOT, 'tests/lab/lab.js')).href);
		log('Starting the DNS lab… ');
		lab = await labModule.startLab();
		log(`ready (${((Date.now() - t0) / 1000).toFixed(1)} s, waiting for another lab's lock included)\n`);
	} catch (error) {
		log('skipped\n');
		return { skipped: `the DNS lab did not start: ${String(error?.message ?? error).split('\n').slice(0, 3).join(' ')}` };
	}
	const labStartSeconds = (Date.now() - t0) / 1000;
	const stop = () => lab.stop();
	cleanups?.push(stop);
	try {
		const t1 = Date.now();
		const direct = await directVsDig(lab, log).catch((error) => ({ error: String(error?.message ?? error) }));
		const t2 = Date.now();
		const resolver = await resolverRoundTrips(lab, log, labModule.queryUdp).catch((error) => ({ error: String(error?.message ?? error) }));
		direct.seconds = (t2 - t1) / 1000;
		resolver.seconds = (Date.now() - t2) / 1000;
		return { seconds: (Date.now() - t0) / 1000, labStartSeconds, direct, resolver };
	} finally {
		await stop().catch(() => {});
		if (cleanups) {
			const i = cleanups.indexOf(stop);
			if (i >= 0) cleanups.splice(i, 1);
		}
	}
}

const ms = (v) => (typeof v === 'number' ? (v < 100 ? v.toFixed(1) : Math.round(v)) : 'err');
const x = (r) => (typeof r === 'number' ? `${r.toFixed(2)}x` : 'n/a');

/** The DNS section as text lines, and its budget lines (report only: not in the bench's exit status). */
export function formatDns(result, table) {
	const out = [];
	const budgets = [];
	if (result.skipped) {
		out.push(`DNS rows skipped: ${result.skipped}`);
		return { lines: out, budgets };
	}
	const d = result.direct;
	out.push(`DNS: direct mode vs dig +trace on the lab names (median of runs per name, ours and dig alternating; lab on 127.53.0.0/24)`);
	if (d.error) {
		out.push(`  failed: ${d.error}`);
		budgets.push({ name: `DNS direct walk / dig +trace, median ratio`, actual: null, limit: RATIO_TARGET, op: '<=', unit: 'x', pass: false });
	} else {
		out.push(
			table(
				['case', 'query', 'runs', 'walk ms', 'process ms', 'dig ms', 'walk/dig', 'process/dig', 'ok ours', 'ok dig'],
				d.rows.map((r) => [
					r.case + (r.inMedian ? '' : ' *'),
					`${r.name} ${r.type}`,
					r.runs,
					ms(r.ours.walkMs),
					ms(r.ours.processMs),
					ms(r.dig.ms),
					x(r.ratio),
					x(r.processRatio),
					`${r.ours.correct}/${r.runs}`,
					`${r.dig.correct}/${r.runs}`
				])
			)
		);
		out.push(
			'walk ms = the walk itself (the CLI JSON `elapsedMs`); process ms = the whole `node tsx scripts/trace.ts` process (Node + tsx startup, ~0.5 s);'
		);
		out.push('dig ms = the dig process (dig +trace +nodnssec +tries=1 +time=3 @127.53.0.1, NS names via the lab resolver); ok = runs with the expected answer.');
		for (const e of d.excludedFromMedian) out.push(`* ${e.case} is not in the median: ${e.reason}.`);
		if (d.excludedFromMedian.length) out.push(`  (median walk/dig over all ${d.rows.length} names, for the record: ${x(d.medianRatioAllCases)})`);
		out.push(`Median walk/dig ratio over ${d.rows.filter((r) => r.inMedian).length} names: ${x(d.medianRatio)} (whole process/dig: ${x(d.medianProcessRatio)}, report only)`);
		budgets.push({ name: 'DNS direct walk / dig +trace, median ratio', actual: d.medianRatio, limit: RATIO_TARGET, op: '<=', unit: 'x', pass: d.pass });
	}
	out.push('');
	const r = result.resolver;
	out.push('DNS: resolver mode (DoH via the lab dnsdist), sequential round trips per trace');
	if (r.error) {
		out.push(`  failed: ${r.error}`);
		budgets.push({ name: 'DNS resolver mode round trips <= levels (every case)', actual: null, pass: false });
	} else {
		out.push(
			table(
				['case', 'query', 'rcode', 'hops', 'uncached', 'queries', 'DoH reqs', 'round trips', 'tries', 'target', 'result'],
				r.rows.map((row) => [
					row.case,
					`${row.name} ${row.type}`,
					(row.rcode ?? 'err') + (row.correct ? '' : ' (!)'),
					row.hops,
					row.uncachedHops,
					row.queries ?? 'err',
					row.httpRequests + (row.postRequests ? ` (${row.postRequests} POST)` : ''),
					row.roundTrips,
					row.roundTripCounts.join(' '),
					row.target,
					row.pass ? 'PASS' : 'FAIL'
				])
			)
		);
		out.push(
			`round trips = waves of DoH requests at a proxy in front of dnsdist that holds responses until no request has arrived for ${r.quietMs} ms, then releases the wave:`
		);
		out.push('a request can only depend on responses of earlier waves (a case over target is run twice, the lower count kept: the count can only err high).');
		out.push('hops/uncached = hops in the CLI JSON, all / without `cached`; queries = the walk\'s count;');
		out.push('target = zones on the path incl. the root, summed over the query name and each CNAME target (the walk restarts at the root for a target).');
		const failed = r.rows.filter((row) => !row.pass).map((row) => row.case);
		if (failed.length) out.push('Rounds of the cases over target (NS asked in each round; +n = other questions in the same round):');
		for (const row of r.rows.filter((row) => !row.pass)) {
			const rounds = row.waves.map((wave) => {
				const ns = wave.filter((q) => / NS$/.test(q)).map((q) => q.replace(/^\w+ /, '').replace(/ NS$/, ''));
				const other = wave.filter((q) => !/ (NS|DS)$/.test(q)).length;
				return `${ns.join(',') || wave.map((q) => q.replace(/^\w+ /, '')).join(',')}${other ? ` +${other}` : ''}`;
			});
			out.push(`  ${row.case}: ${rounds.join(' | ')}  (zones on the path: ${row.levels.join(' + ')})`);
		}
		const wrong = r.rows.filter((row) => !row.correct).map((row) => row.case);
		if (wrong.length) out.push(`(!) rcode/answer differs from the lab's known answer: ${wrong.join(', ')}`);
		budgets.push({
			name: `DNS resolver mode round trips <= target (${r.rows.length - failed.length}/${r.rows.length} cases${failed.length ? `; over: ${failed.join(', ')}` : ''})`,
			actual: null,
			pass: r.pass
		});
	}
	out.push(
		`DNS rows took ${result.seconds.toFixed(0)} s: lab start ${result.labStartSeconds.toFixed(1)} s (incl. any wait for another lab), direct vs dig ${d.seconds?.toFixed(0) ?? '?'} s, resolver ${r.seconds?.toFixed(0) ?? '?'} s, lab stop.`
	);
	return { lines: out, budgets };
}

// Standalone: `node scripts/lib/bench-dns.js` prints the DNS section only.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	const cleanups = [];
	const stopAll = async () => {
		while (cleanups.length) await cleanups.pop()().catch(() => {});
	};
	for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stopAll().finally(() => process.exit(130)));
	const simpleTable = (header, rows) => [header.join(' | '), ...rows.map((row) => row.join(' | '))].join('\n');
	const result = await benchDns({ cleanups });
	const { lines, budgets } = formatDns(result, simpleTable);
	console.log(lines.join('\n'));
	for (const b of budgets) console.log(`${b.pass ? 'PASS' : 'FAIL'}  ${b.name}${typeof b.actual === 'number' ? `: ${b.actual.toFixed(2)}x (budget <= ${b.limit}x)` : ''}`);
	if (process.argv.includes('--json')) console.log(JSON.stringify(result, null, 1));
	await stopAll();
}
