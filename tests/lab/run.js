#!/usr/bin/env node
// `npm run lab`: starts the Wirewalk DNS lab (tests/lab), prints its map and cases, and keeps it running until
// Ctrl-C or SIGTERM, then stops every process it started.
//
//   node tests/lab/run.js [--json] [--log-queries] [--keep]
//
//   --json         print the lab (addresses, cases) as one JSON object instead of the text map
//   --log-queries  unbound logs every query and reply (see <dir>/unbound/log)
//   --keep         keep the temp dir with configs and logs after stopping
import { LAB_CASES, LAB_DNSSEC_CASES, LAB_PACKAGES, startLab } from './lab.js';

const args = process.argv.slice(2);
const known = new Set(['--json', '--log-queries', '--keep', '--help', '-h']);
const unknown = args.filter((arg) => !known.has(arg));
if (args.includes('--help') || args.includes('-h') || unknown.length > 0) {
	if (unknown.length > 0) console.error(`lab: unknown option ${unknown.join(' ')}`);
	console.error('usage: node tests/lab/run.js [--json] [--log-queries] [--keep]');
	process.exit(unknown.length > 0 ? 2 : 0);
}

let stopping = false;
/** @type {import('./lab.js').Lab | undefined} */
let lab;

/** @param {NodeJS.Signals} signal */
async function shutdown(signal) {
	if (stopping) return;
	stopping = true;
	console.error(`\nlab: ${signal}, stopping…`);
	// never hang: stop() bounds every wait, this bounds the whole
	const force = setTimeout(() => process.exit(1), 10_000);
	force.unref();
	await lab?.stop();
	console.error('lab: stopped.');
	process.exit(0);
}
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) process.on(signal, () => void shutdown(signal));

const started = performance.now();
try {
	lab = await startLab({ logQueries: args.includes('--log-queries'), keepDir: args.includes('--keep') });
} catch (error) {
	console.error(/** @type {Error} */ (error).message);
	if (/not found: install/.test(String(/** @type {Error} */ (error).message))) {
		console.error(`(the lab needs the Debian packages: ${LAB_PACKAGES.join(' ')})`);
	}
	process.exit(1);
}
if (stopping) process.exit(0);

if (args.includes('--json')) {
	const { stop: _stop, ...data } = lab;
	console.log(JSON.stringify(data, null, 2));
} else {
	const pad = (/** @type {string} */ text, /** @type {number} */ width) => text.padEnd(width);
	const lines = [
		`Wirewalk DNS lab up in ${Math.round(performance.now() - started)} ms  (configs and logs: ${lab.dir})`,
		'',
		'Authoritative servers (port 53, UDP and TCP):'
	];
	for (const server of lab.servers) {
		const zones = server.zones.length ? server.zones.join(' ') : '-';
		lines.push(`  ${pad(server.address, 13)} ${pad(server.name, 22)} ${pad(zones, 16)} ${server.role}`);
	}
	lines.push(
		'',
		`Resolver (unbound):   ${lab.resolver.address}:${lab.resolver.port}      dig @${lab.resolver.address} www.wirewalk.test`,
		`DoH (dnsdist):        ${lab.doh}   (GET ?dns=, POST; Access-Control-Allow-Origin: *)`,
		`Root hints:           ${lab.rootHintsFile}`,
		`Trust anchor:         ${lab.trustAnchorFile}   ${lab.trustAnchor.trim()}`,
		'',
		'Cases:'
	);
	for (const [id, c] of Object.entries(LAB_CASES)) {
		const answer = c.answer.length ? c.answer.map((r) => `${r.type} ${r.data}`).join(', ') : '(no records)';
		lines.push(`  ${pad(id, 21)} ${pad(`${c.name} ${c.type}`, 34)} ${pad(c.rcode, 9)} ${answer}`);
	}
	lines.push('', 'DNSSEC cases (verdict of a validating resolver with the trust anchor above):');
	for (const [id, c] of Object.entries(LAB_DNSSEC_CASES)) lines.push(`  ${pad(id, 21)} ${pad(`${c.name} ${c.type}`, 34)} ${pad(c.security, 9)} ${c.about}`);
	lines.push('', 'Ctrl-C stops the lab.');
	console.log(lines.join('\n'));
}

// Keep running until a signal arrives.
setInterval(() => {}, 1 << 30);
