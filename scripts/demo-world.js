/**
 * Builds the demo world, static/demo/world.json: a miniature internet (own root, TLDs, domains) that the app
 * serves offline through src/lib/dns/demo.ts. The data is not written by hand: Debian's knotd loads the zone
 * files in scripts/demo-world/zones on loopback, every zone comes back by AXFR, and the records go into the JSON
 * as knot holds them (RDATA uncompressed, hex). Sorted throughout, so the same zones give the same bytes.
 *
 *   npm run demo-world                        writes static/demo/world.json
 *   node scripts/demo-world.js --out FILE     writes FILE instead (or DEMO_WORLD_OUT=FILE)
 *
 * The helpers that start knotd are exported for tests/lab/demo-world.spec.ts, which checks that the demo
 * server answers like knotd serving the same zones.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import dnsPacket from 'dns-packet';
import { findBinary, missingPackagesMessage, queryUdp, rcodeOf } from '../tests/lab/lab.js';

/** dns-packet's record and name codecs, which its type declarations leave out. */
const codecs = /** @type {{ answer: { encode(record: dnsPacket.Answer): Buffer }, name: { encodingLength(name: string): number } }} */ (
	/** @type {unknown} */ (dnsPacket)
);

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEMO_SOURCE_DIR = path.join(REPO, 'scripts', 'demo-world');
export const DEMO_ZONES_DIR = path.join(DEMO_SOURCE_DIR, 'zones');
export const WORLD_FILE = path.join(REPO, 'static', 'demo', 'world.json');
/** Beside the lab's 127.53.0.0/24 and off port 53, so the two never collide. */
export const DEMO_PORT = 5300;
/** knotd of `npm run demo-world` (all zones); the per-server knotds of the lab test are 127.54.0.10 up. */
const BUILD_ADDRESS = '127.54.0.1';
/** A TCP port held while knotds of the demo world run: one such run at a time; the kernel frees it if we die. */
const LOCK_ENDPOINT = { host: '127.54.0.1', port: 5399 };

/**
 * @typedef {object} DemoServerSpec
 * @property {string} name FQDN with the trailing dot
 * @property {string} address documentation address the demo world gives it (never connected to)
 * @property {string[]} zones zones it is authoritative for (none: it answers REFUSED)
 */

/** @returns {DemoServerSpec[]} */
export function readServers() {
	return JSON.parse(fs.readFileSync(path.join(DEMO_SOURCE_DIR, 'servers.json'), 'utf8')).servers;
}

/** @returns {{ name: string, type: string, about: { en: string, 'zh-CN': string } }[]} */
function readSuggestions() {
	return JSON.parse(fs.readFileSync(path.join(DEMO_SOURCE_DIR, 'suggestions.json'), 'utf8')).suggestions;
}

/** @param {string} zone */
const zoneFile = (zone) => path.join(DEMO_ZONES_DIR, zone === '.' ? 'root.zone' : `${zone.replace(/\.$/, '')}.zone`);

/** @param {string} name dns-packet's spelling ('' or '.' for the root, no trailing dot) */
const fqdn = (name) => (name === '' || name === '.' ? '.' : `${name.toLowerCase().replace(/\.$/, '')}.`);

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/* ----------------------------------------------------------------------------------------------------------
 * knotd on loopback
 * ------------------------------------------------------------------------------------------------------- */

/**
 * @typedef {object} KnotInstance
 * @property {string} label
 * @property {string} address loopback address it listens on (port DEMO_PORT, UDP and TCP)
 * @property {string[]} zones
 */

/** Takes the lock port, waiting (bounded) while another run holds it. @param {number} deadline */
async function acquireLock(deadline) {
	for (;;) {
		const server = net.createServer();
		const error = await new Promise((resolve) => {
			server.once('error', resolve);
			server.listen({ ...LOCK_ENDPOINT, exclusive: true }, () => resolve(null));
		});
		if (!error) return server;
		if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EADDRINUSE') throw error;
		if (Date.now() > deadline) throw new Error(`demo-world: another run holds ${LOCK_ENDPOINT.host}:${LOCK_ENDPOINT.port}; try again when it ends`);
		await sleep(200);
	}
}

/**
 * knotd's config: its own rundir and storage, the zone files read as they are (never written back), AXFR
 * allowed from loopback only.
 * @param {KnotInstance} instance
 * @param {string} dir
 */
function knotConf(instance, dir) {
	const zones = instance.zones.map((zone) => `  - domain: ${JSON.stringify(zone)}\n    file: ${JSON.stringify(zoneFile(zone))}\n`).join('');
	return [
		`# knotd of the Wirewalk demo world (${instance.label}), written by scripts/demo-world.js`,
		'server:',
		`    rundir: ${JSON.stringify(dir)}`,
		`    listen: ${instance.address}@${DEMO_PORT}`,
		'    udp-workers: 1',
		'    tcp-workers: 1',
		'    background-workers: 1',
		'database:',
		`    storage: ${JSON.stringify(dir)}`,
		'log:',
		'  - target: stderr',
		'    any: warning',
		'acl:',
		'  - id: loopback-axfr',
		'    address: 127.0.0.0/8',
		'    action: transfer',
		'template:',
		'  - id: default',
		'    zonefile-load: whole',
		'    zonefile-sync: -1',
		'    journal-content: none',
		'    semantic-checks: on',
		'    acl: loopback-axfr',
		zones ? `zone:\n${zones}` : ''
	].join('\n');
}

/**
 * Starts one knotd per instance and waits (bounded) until each answers: with AA for its first zone, REFUSED
 * when it has none.
 * @param {KnotInstance[]} instances
 * @param {{ readyTimeoutMs?: number, lockTimeoutMs?: number }} [options]
 * @returns {Promise<{ stop: () => Promise<void> }>}
 */
export async function startKnots(instances, options = {}) {
	const { readyTimeoutMs = 15_000, lockTimeoutMs = 60_000 } = options;
	const knotd = findBinary('knotd');
	if (!knotd) throw new Error(missingPackagesMessage(['knot']));
	// Children die with us even on SIGKILL where setpriv can arrange it (Linux PR_SET_PDEATHSIG).
	const setpriv = findBinary('setpriv');
	const prefix = setpriv ? [setpriv, '--pdeathsig', 'KILL', '--'] : [];
	const lock = await acquireLock(Date.now() + lockTimeoutMs);
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wirewalk-demo-world-'));
	/** @type {{ instance: KnotInstance, child: import('node:child_process').ChildProcess, log: string, exited: boolean }[]} */
	const running = [];
	const killAll = () => running.forEach((r) => r.exited || r.child.kill('SIGKILL'));
	process.on('exit', killAll);
	const stop = async () => {
		await Promise.all(
			running.map(async (r) => {
				if (r.exited) return;
				const exited = new Promise((resolve) => r.child.once('exit', resolve));
				r.child.kill('SIGTERM');
				if (!(await Promise.race([exited.then(() => true), sleep(3000).then(() => false)]))) r.child.kill('SIGKILL');
			})
		);
		process.removeListener('exit', killAll);
		fs.rmSync(dir, { recursive: true, force: true });
		await new Promise((resolve) => lock.close(resolve));
	};
	try {
		for (const instance of instances) {
			const own = path.join(dir, instance.label);
			fs.mkdirSync(own);
			fs.writeFileSync(path.join(own, 'knot.conf'), knotConf(instance, own));
			const log = path.join(own, 'log');
			const fd = fs.openSync(log, 'a');
			const [file, ...args] = [...prefix, knotd, '-c', path.join(own, 'knot.conf')];
			const child = spawn(/** @type {string} */ (file), args, { stdio: ['ignore', fd, fd], env: { ...process.env, LC_ALL: 'C' } });
			fs.closeSync(fd);
			const entry = { instance, child, log, exited: false };
			child.on('exit', () => (entry.exited = true));
			running.push(entry);
		}
		const deadline = Date.now() + readyTimeoutMs;
		await Promise.all(
			running.map(async (r) => {
				const zone = r.instance.zones[0];
				for (;;) {
					if (r.exited) throw new Error(`demo-world: knotd ${r.instance.label} exited:\n${fs.readFileSync(r.log, 'utf8')}`);
					const answer = await queryUdp(r.instance.address, zone ?? 'shop.demo.', 'SOA', { port: DEMO_PORT, timeoutMs: 300 }).catch(() => null);
					if (answer && (zone ? answer.rcode === 'NOERROR' && answer.response.flag_aa : answer.rcode === 'REFUSED')) return;
					if (Date.now() > deadline) throw new Error(`demo-world: knotd ${r.instance.label} not ready in ${readyTimeoutMs} ms:\n${fs.readFileSync(r.log, 'utf8')}`);
					await sleep(100);
				}
			})
		);
	} catch (error) {
		await stop();
		throw error;
	}
	return { stop };
}

/* ----------------------------------------------------------------------------------------------------------
 * AXFR and the world file
 * ------------------------------------------------------------------------------------------------------- */

/**
 * Fetches a zone by AXFR over TCP (RFC 5936): length-prefixed messages until the closing SOA. Bounded.
 * @param {string} address
 * @param {number} port
 * @param {string} zone
 * @param {number} [timeoutMs]
 * @returns {Promise<dnsPacket.Answer[]>} the records, the SOA once (first)
 */
export function axfr(address, port, zone, timeoutMs = 5000) {
	const query = dnsPacket.streamEncode({ type: 'query', id: 1, flags: 0, questions: [{ type: 'AXFR', name: zone, class: 'IN' }] });
	return new Promise((resolve, reject) => {
		/** @type {dnsPacket.Answer[]} */
		const records = [];
		let buffered = Buffer.alloc(0);
		const socket = net.connect({ host: address, port });
		const timer = setTimeout(() => socket.destroy(new Error(`demo-world: AXFR of ${zone} took over ${timeoutMs} ms`)), timeoutMs);
		socket.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		socket.on('connect', () => socket.write(query));
		socket.on('data', (chunk) => {
			buffered = Buffer.concat([buffered, chunk]);
			while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
				const frame = buffered.subarray(2, 2 + buffered.readUInt16BE(0));
				buffered = buffered.subarray(2 + frame.length);
				if (rcodeOf(frame) !== 'NOERROR') return socket.destroy(new Error(`demo-world: AXFR of ${zone}: ${rcodeOf(frame)}`));
				const message = dnsPacket.decode(frame);
				records.push(...(message.answers ?? []));
				// The transfer ends with the SOA it began with.
				if (records.length > 1 && records.at(-1)?.type === 'SOA') {
					clearTimeout(timer);
					socket.end();
					return resolve(records.slice(0, -1));
				}
			}
		});
	});
}

/**
 * One record as the world file holds it: type and class as numbers, RDATA as uncompressed hex. dns-packet's
 * encoder never compresses, so encoding the decoded record and cutting off owner, type, class, TTL and RDLENGTH
 * leaves the RDATA with every name in full (knot compresses names inside NS, CNAME, MX and SOA data).
 * @param {dnsPacket.Answer} record
 */
function worldRecord(record) {
	const bytes = codecs.answer.encode(record);
	const at = codecs.name.encodingLength(record.name);
	return {
		name: fqdn(record.name),
		type: bytes.readUInt16BE(at),
		class: bytes.readUInt16BE(at + 2),
		ttl: bytes.readUInt32BE(at + 4),
		rdata: bytes.subarray(at + 10, at + 10 + bytes.readUInt16BE(at + 8)).toString('hex')
	};
}

/** @param {unknown} v */
const isLeaf = (v) => v === null || typeof v !== 'object' || Object.values(v).every((x) => x === null || typeof x !== 'object');

/**
 * JSON with one record (or other object of plain values) a line: easy to read and to diff.
 * @param {unknown} value
 * @param {string} [indent]
 * @returns {string}
 */
function formatJson(value, indent = '') {
	if (isLeaf(value)) return JSON.stringify(value);
	const inner = `${indent}\t`;
	const items = Array.isArray(value)
		? value.map((v) => inner + formatJson(v, inner))
		: Object.entries(/** @type {object} */ (value)).map(([k, v]) => `${inner}${JSON.stringify(k)}: ${formatJson(v, inner)}`);
	const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
	return `${open}\n${items.join(',\n')}\n${indent}${close}`;
}

/** @param {string} a @param {string} b */
const compare = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Starts knotd with every zone, transfers them all and returns world.json's text.
 * @returns {Promise<string>}
 */
export async function buildWorld() {
	const servers = readServers();
	const zones = [...new Set(servers.flatMap((s) => s.zones))].sort(compare);
	for (const zone of zones) if (!fs.existsSync(zoneFile(zone))) throw new Error(`demo-world: ${zone} is served but ${zoneFile(zone)} is missing`);
	const knot = await startKnots([{ label: 'all-zones', address: BUILD_ADDRESS, zones }]);
	/** @type {Record<string, dnsPacket.Answer[]>} */
	const transferred = {};
	try {
		for (const zone of zones) transferred[zone] = await axfr(BUILD_ADDRESS, DEMO_PORT, zone);
	} finally {
		await knot.stop();
	}
	const records = Object.fromEntries(
		zones.map((zone) => [
			zone,
			(transferred[zone] ?? []).map(worldRecord).sort((a, b) => compare(a.name, b.name) || a.type - b.type || compare(a.rdata, b.rdata))
		])
	);
	// The root hints are what the root zone says about itself: its NS names and their addresses.
	const root = transferred['.'] ?? [];
	/** @param {dnsPacket.Answer} r the NS target or the address, as dns-packet presents it */
	const data = (r) => String(/** @type {{ data?: unknown }} */ (r).data);
	const roots = root
		.filter((r) => r.type === 'NS' && fqdn(r.name) === '.')
		.map((r) => fqdn(data(r)))
		.sort(compare)
		.map((name) => ({ name, addresses: root.filter((r) => (r.type === 'A' || r.type === 'AAAA') && fqdn(r.name) === name).map(data) }));
	const world = {
		version: 1,
		generatedBy: 'scripts/demo-world.js from scripts/demo-world/zones (knotd, AXFR)',
		servers: servers.map(({ name, address, zones }) => ({ name, address, zones: [...zones].sort(compare) })),
		roots,
		zones: records,
		suggestions: readSuggestions()
	};
	return `${formatJson(world)}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const flag = process.argv.indexOf('--out');
	const out = path.resolve((flag > 0 ? process.argv[flag + 1] : undefined) ?? process.env.DEMO_WORLD_OUT ?? WORLD_FILE);
	const text = await buildWorld();
	fs.mkdirSync(path.dirname(out), { recursive: true });
	fs.writeFileSync(out, text);
	console.log(`demo-world: wrote ${path.relative(process.cwd(), out)} (${text.length} bytes)`);
}
