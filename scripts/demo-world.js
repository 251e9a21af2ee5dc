/**
 * Builds the demo world, static/demo/world.json: a miniature internet (own root, TLDs, domains) that the app
 * serves offline through src/lib/dns/demo.ts. The data is not written by hand: the zones of
 * scripts/demo-world/zones are DNSSEC-signed by ldns-signzone (DEMO_SIGNING says which, how), Debian's knotd
 * loads them on loopback and checks the signatures, every zone comes back by AXFR, and the records go into the
 * JSON as knot holds them (RDATA uncompressed, hex), with the root's DS as the world's trust anchor. Sorted
 * throughout, so the same signed zones give the same bytes.
 *
 *   npm run demo-world                        signs what changed, then writes static/demo/world.json
 *   node scripts/demo-world.js --out FILE     writes FILE instead (or DEMO_WORLD_OUT=FILE)
 *   node scripts/demo-world.js --no-sign      builds from the signed zones as they are (tests/lab checks they are current)
 *
 * Signing: the keys are in scripts/demo-world/keys (made by ldns-keygen the first time a zone is signed), the
 * signed zones in scripts/demo-world/signed, both committed. ECDSA signatures (algorithm 13) are randomized, so
 * signing the same zone twice gives other bytes: a zone is written anew only when its signed text changed in
 * more than those signatures (sameSignedZone), so world.json changes only where a zone did.
 *
 * The helpers that start knotd and sign are exported for tests/lab/demo-world.spec.ts, which checks that the
 * signed zones are current and that the demo server answers like knotd serving the same zones.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import dnsPacket from 'dns-packet';
import { apparmorEnforced, findBinary, missingPackagesMessage, queryUdp, rcodeOf, unconfined } from '../tests/lab/lab.js';
import { editAfterSigning, exec, ldnsKey, ldnsSign, parentOf, sha256Ds } from '../tests/lab/signing.js';

/** dns-packet's record and name codecs, which its type declarations leave out. */
const codecs = /** @type {{ answer: { encode(record: dnsPacket.Answer): Buffer }, name: { encodingLength(name: string): number } }} */ (
	/** @type {unknown} */ (dnsPacket)
);

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEMO_SOURCE_DIR = path.join(REPO, 'scripts', 'demo-world');
export const DEMO_ZONES_DIR = path.join(DEMO_SOURCE_DIR, 'zones');
export const DEMO_KEYS_DIR = path.join(DEMO_SOURCE_DIR, 'keys');
export const DEMO_SIGNED_DIR = path.join(DEMO_SOURCE_DIR, 'signed');
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

/** A zone's file in `dir`: root.zone for the root, <zone>.zone for the others. @param {string} zone */
const zoneFile = (zone, dir = DEMO_ZONES_DIR) => path.join(dir, zone === '.' ? 'root.zone' : `${zone.replace(/\.$/, '')}.zone`);

/** The file knotd serves: the signed one for a signed zone, the hand-written one otherwise. @param {string} zone */
const servedZoneFile = (zone) => zoneFile(zone, DEMO_SIGNING[zone] ? DEMO_SIGNED_DIR : DEMO_ZONES_DIR);

/** @param {string} name dns-packet's spelling ('' or '.' for the root, no trailing dot) */
const fqdn = (name) => (name === '' || name === '.' ? '.' : `${name.toLowerCase().replace(/\.$/, '')}.`);

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** @param {string} a @param {string} b */
const compare = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/* ----------------------------------------------------------------------------------------------------------
 * DNSSEC: which zones are signed, and how
 * ------------------------------------------------------------------------------------------------------- */

/**
 * @typedef {object} DemoZoneSigning
 * @property {8 | 13 | 15} algorithm RSASHA256 (2048 bits), ECDSAP256SHA256 or ED25519
 * @property {'nsec' | 'nsec3'} denial NSEC3 without salt or extra iterations (RFC 9276)
 * @property {{ name: string, from: string, to: string }} [edit] an A record changed after signing: bogus on purpose
 */

/**
 * The signed zones (KSK + ZSK each); any other zone of the demo world is unsigned, and its parent proves that it
 * has no DS: glueless.demo. and lame.demo. are insecure delegations, proven by demo.'s NSEC3 records.
 * @type {Readonly<Record<string, DemoZoneSigning>>}
 */
export const DEMO_SIGNING = Object.freeze({
	'.': { algorithm: 13, denial: 'nsec' },
	'demo.': { algorithm: 13, denial: 'nsec3' },
	'example.': { algorithm: 13, denial: 'nsec' },
	'test.': { algorithm: 8, denial: 'nsec' },
	'arpa.': { algorithm: 13, denial: 'nsec' },
	'shop.demo.': { algorithm: 15, denial: 'nsec' },
	'cdn.example.': { algorithm: 13, denial: 'nsec' },
	'hello.test.': { algorithm: 13, denial: 'nsec' },
	'tampered.demo.': { algorithm: 13, denial: 'nsec', edit: { name: 'www.tampered.demo.', from: '203.0.113.70', to: '203.0.113.99' } }
});

/**
 * The signatures' validity window. ldns-signzone, not knot, signs the demo world because a committed world.json
 * must stay valid for years and come out the same from every build: knot signs at load, from "now" for at most
 * its rrsig-lifetime, so each build would differ; ldns-signzone takes a fixed window (-i/-e). Ten years from the
 * start of 2026; re-sign (new dates here, `npm run demo-world`) before 2036.
 */
export const SIGNATURE_WINDOW = Object.freeze({ inception: '20260101000000', expiration: '20360101000000' });

/** The tools of signing, each named with its Debian package when missing. */
function signingTools() {
	const tools = { ldnsKeygen: findBinary('ldns-keygen'), ldnsSignzone: findBinary('ldns-signzone'), ldnsKey2ds: findBinary('ldns-key2ds') };
	if (!tools.ldnsKeygen || !tools.ldnsSignzone || !tools.ldnsKey2ds) throw new Error(missingPackagesMessage(['ldnsutils']));
	return /** @type {{ ldnsKeygen: string, ldnsSignzone: string, ldnsKey2ds: string }} */ (tools);
}

/**
 * A signed zone's key pairs in the keys dir (base names, KSK first), as ldns-keygen names them: K<zone>+<alg>+<tag>.
 * @param {string} zone
 */
function keysOf(zone) {
	const prefix = `K${zone}+`;
	const files = fs.existsSync(DEMO_KEYS_DIR) ? fs.readdirSync(DEMO_KEYS_DIR).filter((f) => f.startsWith(prefix) && f.endsWith('.key')) : [];
	const keys = files.map((f) => {
		const base = path.join(DEMO_KEYS_DIR, f.slice(0, -'.key'.length));
		// `<owner> IN DNSKEY <flags> 3 <algorithm> <key>`, as ldns-keygen writes it
		const [flags, , algorithm] = fs.readFileSync(`${base}.key`, 'utf8').trim().split(/\s+/).slice(3);
		if (Number(algorithm) !== DEMO_SIGNING[zone]?.algorithm) throw new Error(`demo-world: ${base}.key is not of algorithm ${DEMO_SIGNING[zone]?.algorithm}: remove ${zone}'s old keys`);
		return { base, ksk: flags === '257' };
	});
	return keys.sort((a, b) => Number(b.ksk) - Number(a.ksk) || compare(a.base, b.base));
}

/**
 * Makes a KSK and a ZSK for every signed zone that has none yet. These private keys are published with the
 * app on purpose: they sign a toy world that only the demo's own trust anchor trusts.
 */
export async function ensureKeys() {
	const tools = signingTools();
	fs.mkdirSync(DEMO_KEYS_DIR, { recursive: true });
	for (const [zone, s] of Object.entries(DEMO_SIGNING)) {
		if (keysOf(zone).length) continue;
		for (const ksk of [true, false]) {
			const base = await ldnsKey(tools.ldnsKeygen, { zone, algorithm: s.algorithm, ksk, dir: DEMO_KEYS_DIR });
			fs.rmSync(path.join(DEMO_KEYS_DIR, `${base}.ds`), { force: true }); // made again from the .key when needed
		}
	}
}

/** The DS records (SHA-256) of a signed zone's KSK, presentation format. @param {string} zone @param {string} ldnsKey2ds */
async function dsOf(zone, ldnsKey2ds) {
	const ksk = keysOf(zone).find((k) => k.ksk);
	if (!ksk) throw new Error(`demo-world: ${zone} is signed but has no KSK in ${DEMO_KEYS_DIR}`);
	return sha256Ds(await exec(ldnsKey2ds, ['-n', '-2', `${ksk.base}.key`]));
}

/**
 * Signs every zone of DEMO_SIGNING from the hand-written files and the keys (a parent's file gets its signed
 * children's DS first), the bogus one broken after signing. Returns each zone's signed text; writes nothing but
 * scratch files in `scratch`.
 * @param {string} scratch
 * @returns {Promise<Map<string, string>>}
 */
export async function signZones(scratch) {
	const tools = signingTools();
	const zones = [...new Set(readServers().flatMap((s) => s.zones))];
	/** @type {Map<string, string[]>} */
	const ds = new Map();
	for (const zone of Object.keys(DEMO_SIGNING)) ds.set(zone, await dsOf(zone, tools.ldnsKey2ds));
	/** @type {Map<string, string>} */
	const signed = new Map();
	for (const [zone, s] of Object.entries(DEMO_SIGNING)) {
		const children = [...ds.keys()].filter((child) => parentOf(child, zones) === zone).sort(compare);
		const extra = children.flatMap((child) => ds.get(child) ?? []);
		const file = zoneFile(zone, scratch);
		const source = fs.readFileSync(zoneFile(zone), 'utf8');
		fs.writeFileSync(file, source + (extra.length ? `\n; DS records of the signed children, added by scripts/demo-world.js\n${extra.join('\n')}\n` : ''));
		const keys = keysOf(zone).map((k) => k.base);
		const text = await ldnsSign(tools.ldnsSignzone, { zone, file, keys, denial: s.denial, window: SIGNATURE_WINDOW });
		signed.set(zone, s.edit ? editAfterSigning(text, s.edit) : text);
	}
	return signed;
}

/**
 * Whether two signings of a zone say the same: the same records, RRSIG fields and all, except the signature
 * bytes of ECDSA (algorithm 13), which are randomized. Ed25519 and RSA signatures are deterministic: compared.
 * @param {string} a
 * @param {string} b
 */
export function sameSignedZone(a, b) {
	/** ldns-signzone writes `owner TTL IN RRSIG covered alg labels ttl exp inc tag signer signature`. @param {string} text */
	const masked = (text) =>
		text
			.trim()
			.split('\n')
			.map((line) => {
				const f = line.trim().split(/\s+/);
				return f[3] === 'RRSIG' && f[5] === '13' ? [...f.slice(0, 12), '(ECDSA signature)'].join(' ') : f.join(' ');
			});
	const [x, y] = [masked(a), masked(b)];
	return x.length === y.length && x.every((line, i) => line === y[i]);
}

/**
 * Signs the zones and writes those whose signed text changed (keys made where missing).
 * @returns {Promise<string[]>} the zones written
 */
export async function signWorld() {
	await ensureKeys();
	const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'wirewalk-demo-sign-'));
	try {
		const signed = await signZones(scratch);
		fs.mkdirSync(DEMO_SIGNED_DIR, { recursive: true });
		const written = [];
		for (const [zone, text] of signed) {
			const file = zoneFile(zone, DEMO_SIGNED_DIR);
			if (fs.existsSync(file) && sameSignedZone(fs.readFileSync(file, 'utf8'), text)) continue;
			fs.writeFileSync(file, text);
			written.push(zone);
		}
		return written;
	} finally {
		fs.rmSync(scratch, { recursive: true, force: true });
	}
}

/** The demo world's trust anchor: the root's DS, one record a line. */
async function trustAnchorText() {
	return `${(await dsOf('.', signingTools().ldnsKey2ds)).join('\n')}\n`;
}

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
	// Signed zones are served as signed, never re-signed; knotd checks every signature as it loads them, except in
	// the zone broken on purpose (a zone that fails the check would not load).
	const dnssec = (/** @type {string} */ zone) => (DEMO_SIGNING[zone] ? `    dnssec-validation: ${DEMO_SIGNING[zone].edit ? 'off' : 'on'}\n` : '');
	const zones = instance.zones.map((zone) => `  - domain: ${JSON.stringify(zone)}\n    file: ${JSON.stringify(servedZoneFile(zone))}\n${dnssec(zone)}`).join('');
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
 * A validating resolver over the demo world, for tests: unbound with the demo anchor, reaching every zone through
 * a stub-zone at the loopback knotds that serve it, so it never follows the documentation addresses in the zones
 * (this machine's own network may use them; do-not-query-address forbids them outright).
 * @param {KnotInstance[]} instances
 * @param {{ address: string }} resolver
 * @param {string} dir
 * @param {string} trustAnchorFile
 */
function unboundConf(instances, resolver, dir, trustAnchorFile) {
	const zones = [...new Set(instances.flatMap((i) => i.zones))].sort(compare);
	const stubs = zones.map(
		(zone) =>
			`stub-zone:\n    name: ${JSON.stringify(zone)}\n` +
			instances
				.filter((i) => i.zones.includes(zone))
				.map((i) => `    stub-addr: ${i.address}@${DEMO_PORT}\n`)
				.join('')
	);
	return [
		`# unbound over the Wirewalk demo world, written by scripts/demo-world.js`,
		'server:',
		`    interface: ${resolver.address}`,
		`    port: ${DEMO_PORT}`,
		`    outgoing-interface: ${resolver.address}`,
		'    do-ip4: yes',
		'    do-ip6: no',
		'    num-threads: 1',
		'    so-reuseport: no',
		'    do-daemonize: no',
		'    username: ""',
		'    chroot: ""',
		`    directory: ${JSON.stringify(dir)}`,
		`    pidfile: ${JSON.stringify(path.join(dir, 'unbound.pid'))}`,
		'    use-syslog: no',
		'    logfile: ""',
		'    verbosity: 1',
		'    access-control: 127.0.0.0/8 allow',
		'    do-not-query-localhost: no',
		'    do-not-query-address: 192.0.2.0/24',
		'    do-not-query-address: 198.51.100.0/24',
		'    do-not-query-address: 203.0.113.0/24',
		'    module-config: "validator iterator"',
		`    trust-anchor-file: ${JSON.stringify(trustAnchorFile)}`,
		'    val-log-level: 2',
		'    ede: yes',
		'    discard-timeout: 0',
		// unbound answers these special-use names itself unless told not to (test., example., TEST-NET reverse)
		...['test.', 'example.', '2.0.192.in-addr.arpa.', '100.51.198.in-addr.arpa.', '113.0.203.in-addr.arpa.'].map((z) => `    local-zone: ${JSON.stringify(z)} nodefault`),
		'',
		'remote-control:',
		'    control-enable: no',
		'',
		...stubs
	].join('\n');
}

/**
 * Starts one knotd per instance and waits (bounded) until each answers: with AA for each of its zones (a signed
 * zone whose signatures do not check out never loads: its error is in the log), REFUSED when it has none. With
 * `resolver`, also a validating unbound there (port DEMO_PORT) that trusts the demo world's anchor.
 * @param {KnotInstance[]} instances
 * @param {{ readyTimeoutMs?: number, lockTimeoutMs?: number, resolver?: { address: string } }} [options]
 * @returns {Promise<{ stop: () => Promise<void> }>}
 */
export async function startKnots(instances, options = {}) {
	const { readyTimeoutMs = 15_000, lockTimeoutMs = 60_000, resolver } = options;
	const knotd = findBinary('knotd');
	if (!knotd) throw new Error(missingPackagesMessage(['knot']));
	const unbound = resolver ? findBinary('unbound') : undefined;
	if (resolver && !unbound) throw new Error(missingPackagesMessage(['unbound']));
	// Children die with us even on SIGKILL where setpriv can arrange it (Linux PR_SET_PDEATHSIG).
	const setpriv = findBinary('setpriv');
	const prefix = setpriv ? [setpriv, '--pdeathsig', 'KILL', '--'] : [];
	const lock = await acquireLock(Date.now() + lockTimeoutMs);
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wirewalk-demo-world-'));
	// Where an AppArmor profile confines a binary to its own config dirs, run a copy from ours (as the lab does).
	const enforced = apparmorEnforced();
	const binaries = { knotd: unconfined(knotd, dir, enforced), unbound: unbound && unconfined(unbound, dir, enforced) };
	/** @type {{ label: string, child: import('node:child_process').ChildProcess, log: string, exited: boolean, ready: () => Promise<boolean> }[]} */
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
	/**
	 * @param {string} label its own dir under `dir`, with its log
	 * @param {(own: string) => string[]} command the command line, given that dir
	 * @param {() => Promise<boolean>} ready
	 */
	const start = (label, command, ready) => {
		const own = path.join(dir, label);
		fs.mkdirSync(own);
		const log = path.join(own, 'log');
		const fd = fs.openSync(log, 'a');
		const [file, ...args] = [...prefix, ...command(own)];
		const child = spawn(/** @type {string} */ (file), args, { stdio: ['ignore', fd, fd], env: { ...process.env, LC_ALL: 'C' } });
		fs.closeSync(fd);
		const entry = { label, child, log, exited: false, ready };
		child.on('exit', () => (entry.exited = true));
		running.push(entry);
	};
	/** @param {string} address @param {string} name @param {string} type @param {boolean} [rd] */
	const ask = (address, name, type, rd = false) => queryUdp(address, name, type, { port: DEMO_PORT, timeoutMs: 300, rd }).catch(() => null);
	try {
		for (const instance of instances) {
			start(
				instance.label,
				(own) => {
					fs.writeFileSync(path.join(own, 'knot.conf'), knotConf(instance, own));
					return [binaries.knotd, '-c', path.join(own, 'knot.conf')];
				},
				async () => {
					if (!instance.zones.length) return (await ask(instance.address, 'shop.demo.', 'SOA'))?.rcode === 'REFUSED';
					for (const zone of instance.zones) {
						const answer = await ask(instance.address, zone, 'SOA');
						if (!(answer?.rcode === 'NOERROR' && answer.response.flag_aa)) return false;
					}
					return true;
				}
			);
		}
		if (resolver && binaries.unbound) {
			const anchorFile = path.join(dir, 'trust-anchor.ds');
			fs.writeFileSync(anchorFile, await trustAnchorText());
			start(
				'unbound',
				(own) => {
					fs.writeFileSync(path.join(own, 'unbound.conf'), unboundConf(instances, resolver, own, anchorFile));
					return [/** @type {string} */ (binaries.unbound), '-d', '-p', '-c', path.join(own, 'unbound.conf')];
				},
				// answered by unbound itself (a default local zone): no knotd needed
				async () => (await ask(resolver.address, 'localhost.', 'A', true))?.rcode === 'NOERROR'
			);
		}
		const deadline = Date.now() + readyTimeoutMs;
		await Promise.all(
			running.map(async (r) => {
				for (;;) {
					if (r.exited) throw new Error(`demo-world: ${r.label} exited:\n${fs.readFileSync(r.log, 'utf8')}`);
					if (await r.ready()) return;
					if (Date.now() > deadline) throw new Error(`demo-world: ${r.label} not ready in ${readyTimeoutMs} ms:\n${fs.readFileSync(r.log, 'utf8')}`);
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

/**
 * Starts knotd with every zone, transfers them all and returns world.json's text.
 * @returns {Promise<string>}
 */
export async function buildWorld() {
	const servers = readServers();
	const zones = [...new Set(servers.flatMap((s) => s.zones))].sort(compare);
	for (const zone of zones) if (!fs.existsSync(zoneFile(zone))) throw new Error(`demo-world: ${zone} is served but ${zoneFile(zone)} is missing`);
	for (const zone of Object.keys(DEMO_SIGNING)) if (!fs.existsSync(servedZoneFile(zone))) throw new Error(`demo-world: ${zone} is not signed yet: run \`npm run demo-world\``);
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
		version: 2,
		generatedBy: 'scripts/demo-world.js from scripts/demo-world/zones (signed by ldns-signzone; knotd, AXFR)',
		trustAnchor: await trustAnchorText(),
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
	if (!process.argv.includes('--no-sign')) {
		const written = await signWorld();
		if (written.length) console.log(`demo-world: signed ${written.join(' ')} anew (scripts/demo-world/signed)`);
	}
	const text = await buildWorld();
	fs.mkdirSync(path.dirname(out), { recursive: true });
	fs.writeFileSync(out, text);
	console.log(`demo-world: wrote ${path.relative(process.cwd(), out)} (${text.length} bytes)`);
}
