/**
 * DNSSEC for the Wirewalk DNS lab: which zones are signed, how, by what software, and the bogus cases made after
 * signing. Run by startLab() before the servers start, in the lab's temp dir:
 *
 * - knot signs most zones itself (`dnssec-signing: on`, one policy per algorithm and denial type). Its keys are
 *   made beforehand with `keymgr` (policy `manual: on`), so the parent's DS can be written into the parent's zone
 *   file before any server starts; a zone served by two servers (the root, test.) gets one key set, copied.
 * - ldns-signzone pre-signs the cases knot cannot make: RRSIGs that expired long ago (expired.test.) and a record
 *   changed after signing (edited.test.). knot serves those with `dnssec-validation: off`.
 * - badds.test. is signed by knot, but test. publishes the DS of another key (made with ldns-keygen, never used).
 * - lab., glueless.test., lame.test., timeout.test. stay unsigned: insecure delegations, proven by the root's NSEC
 *   and test.'s NSEC3 records.
 *
 * The trust anchor of the lab is the root's KSK as a DS record (`<dir>/trust-anchor.ds`), fresh at every start.
 * The ldns helpers (ldnsKey, ldnsSign, editAfterSigning, sha256Ds) also sign the demo world (scripts/demo-world.js).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * @typedef {object} ZoneSigning
 * @property {'knot' | 'ldns'} signer knot's automatic signing, or ldns-signzone before the start
 * @property {8 | 13 | 15} algorithm RSASHA256, ECDSAP256SHA256 or ED25519
 * @property {'nsec' | 'nsec3'} denial
 * @property {'expired' | 'ds-mismatch' | 'edited'} [bogus] what is broken on purpose, after signing
 */

/** @type {Readonly<Record<string, ZoneSigning>>} The signed zones; any other zone of the lab is unsigned. */
export const LAB_SIGNING = Object.freeze({
	'.': { signer: 'knot', algorithm: 13, denial: 'nsec' },
	'test.': { signer: 'knot', algorithm: 13, denial: 'nsec3' },
	'example.': { signer: 'knot', algorithm: 13, denial: 'nsec' },
	'wirewalk.test.': { signer: 'knot', algorithm: 13, denial: 'nsec' },
	'shop.co.test.': { signer: 'knot', algorithm: 8, denial: 'nsec' },
	'cdn.example.': { signer: 'knot', algorithm: 15, denial: 'nsec' },
	'badds.test.': { signer: 'knot', algorithm: 13, denial: 'nsec', bogus: 'ds-mismatch' },
	'expired.test.': { signer: 'ldns', algorithm: 13, denial: 'nsec', bogus: 'expired' },
	'edited.test.': { signer: 'ldns', algorithm: 13, denial: 'nsec', bogus: 'edited' }
});

/** In edited.test., this record is changed after signing (its RRSIG still covers 203.0.113.72). */
export const EDITED_RECORD = { name: 'www.edited.test.', from: '203.0.113.72', to: '203.0.113.99' };

/** @type {Record<number, string>} */
const ALGORITHM_NAMES = { 8: 'rsasha256', 13: 'ecdsap256sha256', 15: 'ed25519' };
/** @type {Record<number, string>} */
const LDNS_ALGORITHMS = { 8: 'RSASHA256', 13: 'ECDSAP256SHA256', 15: 'ED25519' };

/** The knot policy id for a signed zone. @param {ZoneSigning} s */
export const policyId = (s) => `lab-alg${s.algorithm}-${s.denial}`;

/** knot `policy:` section for every policy the lab uses (keys are made by keymgr: `manual: on`). */
export function knotPolicies() {
	const seen = new Map();
	for (const s of Object.values(LAB_SIGNING)) if (s.signer === 'knot') seen.set(policyId(s), s);
	const entries = [...seen].map(
		([id, s]) =>
			`  - id: ${id}\n    algorithm: ${ALGORITHM_NAMES[s.algorithm]}\n    manual: on\n    nsec3: ${s.denial === 'nsec3' ? 'on' : 'off'}\n` +
			`    nsec3-iterations: 0\n    nsec3-salt-length: 0\n    rrsig-lifetime: 14d\n    rrsig-refresh: 7d\n`
	);
	return `policy:\n${entries.join('')}`;
}

/** knot zone options of one zone (indented for a `zone:` list item). @param {string} zone */
export function knotZoneOptions(zone) {
	const s = LAB_SIGNING[zone];
	if (!s) return '';
	if (s.signer === 'knot') return `    dnssec-signing: on\n    dnssec-policy: ${policyId(s)}\n`;
	// pre-signed, broken on purpose: serve as is, do not check the signatures on load
	return '    dnssec-signing: off\n    dnssec-validation: off\n';
}

/** The closest enclosing zone of `zone` among `zones`. @param {string} zone @param {string[]} zones */
export function parentOf(zone, zones) {
	const candidates = zones.filter((z) => z !== zone && (z === '.' || zone.endsWith(`.${z}`)));
	return candidates.sort((a, b) => b.length - a.length)[0];
}

/**
 * Runs a signing tool (keymgr, ldns-*), bounded; its stdout, or an error with its stderr.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string }} [options]
 */
export function exec(command, args, options = {}) {
	return /** @type {Promise<string>} */ (
		new Promise((resolve, reject) => {
			execFile(command, args, { encoding: 'utf8', timeout: 30_000, cwd: options.cwd, env: { ...process.env, LC_ALL: 'C' } }, (error, stdout, stderr) => {
				if (error) reject(new Error(`${path.basename(command)} ${args.join(' ')} failed (${error.message}): ${stderr}`));
				else resolve(stdout);
			});
		})
	);
}

/**
 * Makes a key pair with ldns-keygen in `dir` and returns its base name (K<zone>+<alg>+<tag>, no extension).
 * @param {string} ldnsKeygen the binary
 * @param {{ zone: string, algorithm: 8 | 13 | 15, ksk: boolean, dir: string }} key RSA keys get 2048 bits
 */
export async function ldnsKey(ldnsKeygen, { zone, algorithm, ksk, dir }) {
	const args = ['-a', String(LDNS_ALGORITHMS[algorithm]), ...(algorithm === 8 ? ['-b', '2048'] : []), ...(ksk ? ['-k'] : []), zone];
	return (await exec(ldnsKeygen, args, { cwd: dir })).trim();
}

/**
 * Signs a zone file with ldns-signzone: NSEC or NSEC3 (no salt, no extra iterations: RFC 9276), in a given
 * validity window or ldns' default (now to four weeks on); keys are base names, KSKs (flag 257) sign the DNSKEY
 * RRset only. Returns the signed zone's text.
 * @param {string} ldnsSignzone the binary
 * @param {{ zone: string, file: string, keys: string[], denial: 'nsec' | 'nsec3', window?: { inception: string, expiration: string } }} job
 *   window dates as YYYYMMDDhhmmss (UTC)
 */
export async function ldnsSign(ldnsSignzone, { zone, file, keys, denial, window }) {
	const dates = window ? ['-i', window.inception, '-e', window.expiration] : [];
	const nsec3 = denial === 'nsec3' ? ['-n', '-t', '0'] : [];
	await exec(ldnsSignzone, [...dates, ...nsec3, '-o', zone, '-f', `${file}.signed`, file, ...keys]);
	const signed = fs.readFileSync(`${file}.signed`, 'utf8');
	fs.rmSync(`${file}.signed`);
	return signed;
}

/**
 * A signed zone with one A record changed after signing, so that its RRSIG no longer verifies.
 * @param {string} signed ldns-signzone's output
 * @param {{ name: string, from: string, to: string }} edit
 */
export function editAfterSigning(signed, edit) {
	const line = new RegExp(`^(${edit.name.replaceAll('.', '\\.')}\\s+\\d+\\s+IN\\s+A\\s+)${edit.from.replaceAll('.', '\\.')}$`, 'm');
	if (!line.test(signed)) throw new Error(`${edit.name} A ${edit.from} not found in the signed zone`);
	return signed.replace(line, `$1${edit.to}`);
}

/** DS lines with digest type 2 (SHA-256) from keymgr's or ldns-key2ds' output. @param {string} text */
export function sha256Ds(text) {
	return text
		.split('\n')
		.map((line) => line.trim().split(/\s+/))
		.filter((f) => f.includes('DS') && f[f.indexOf('DS') + 3] === '2')
		.map((f) => {
			const at = f.indexOf('DS');
			return `${f[0]} 3600 IN DS ${f.slice(at + 1, at + 4).join(' ')} ${f.slice(at + 4).join('').toUpperCase()}`;
		});
}

/**
 * @typedef {object} SigningPlan
 * @property {{ zone: string, conf: string, storage: string }[]} knotZones where each zone is served: its server's
 *   knot.conf and storage dir (the first one makes the keys, the others get a copy)
 * @property {(zone: string) => string} source the hand-written zone file
 * @property {(zone: string) => string} output where the served zone file goes
 * @property {string} dir scratch dir for ldns keys
 * @property {{ keymgr: string, ldnsKeygen: string, ldnsSignzone: string, ldnsKey2ds: string }} tools
 */

/**
 * Makes the keys, writes every served zone file (children's DS added to the parents, ldns-signed and broken
 * zones signed and broken) and returns the lab's trust anchor (the root's DS, presentation format).
 * @param {SigningPlan} plan
 * @returns {Promise<{ trustAnchor: string }>}
 */
export async function signLab(plan) {
	const zones = [...new Set(plan.knotZones.map((z) => z.zone))];
	/** @type {Map<string, string[]>} zone -> its DS records (to go into the parent) */
	const ds = new Map();
	/** @type {Map<string, string[]>} ldns-signed zone -> its key files (base names) */
	const keysOf = new Map();
	fs.mkdirSync(plan.dir, { recursive: true });

	// 1. keys, and the DS of each signed zone (in parallel: each zone has its own key store or scratch dir)
	await Promise.all(
		zones.map(async (zone) => {
		const s = LAB_SIGNING[zone];
		if (!s) return;
		const servers = plan.knotZones.filter((z) => z.zone === zone);
		if (s.signer === 'knot') {
			const first = servers[0];
			if (!first) return;
			const size = s.algorithm === 8 ? ['size=2048'] : [];
			await exec(plan.tools.keymgr, ['-c', first.conf, zone, 'generate', `algorithm=${s.algorithm}`, 'ksk=yes', 'zsk=no', ...size]);
			await exec(plan.tools.keymgr, ['-c', first.conf, zone, 'generate', `algorithm=${s.algorithm}`, 'ksk=no', 'zsk=yes', ...size]);
			for (const other of servers.slice(1)) {
				// knotd is not running yet: the LMDB key store can be copied as files
				fs.cpSync(path.join(first.storage, 'keys'), path.join(other.storage, 'keys'), { recursive: true });
			}
			ds.set(zone, sha256Ds(await exec(plan.tools.keymgr, ['-c', first.conf, zone, 'ds'])));
		} else {
			const scratch = path.join(plan.dir, zone.replace(/\.$/, ''));
			fs.mkdirSync(scratch, { recursive: true });
			const ksk = await ldnsKey(plan.tools.ldnsKeygen, { zone, algorithm: s.algorithm, ksk: true, dir: scratch });
			const zsk = await ldnsKey(plan.tools.ldnsKeygen, { zone, algorithm: s.algorithm, ksk: false, dir: scratch });
			ds.set(zone, sha256Ds(await exec(plan.tools.ldnsKey2ds, ['-n', '-2', `${ksk}.key`], { cwd: scratch })));
			keysOf.set(zone, [path.join(scratch, ksk), path.join(scratch, zsk)]);
		}
		if (s.bogus === 'ds-mismatch') {
			// the parent publishes the DS of a key the zone never had
			const scratch = path.join(plan.dir, `${zone.replace(/\.$/, '')}-stranger`);
			fs.mkdirSync(scratch, { recursive: true });
			const stranger = await ldnsKey(plan.tools.ldnsKeygen, { zone, algorithm: s.algorithm, ksk: true, dir: scratch });
			ds.set(zone, sha256Ds(await exec(plan.tools.ldnsKey2ds, ['-n', '-2', `${stranger}.key`], { cwd: scratch })));
		}
		})
	);

	// 2. zone files: the hand-written text plus the DS records of signed children
	for (const zone of zones) {
		const children = [...ds.keys()].filter((child) => parentOf(child, zones) === zone);
		const extra = children.flatMap((child) => ds.get(child) ?? []);
		const text = fs.readFileSync(plan.source(zone), 'utf8') + (extra.length ? `\n; DS records of the signed children, added by tests/lab/signing.js\n${extra.join('\n')}\n` : '');
		const out = plan.output(zone);
		fs.mkdirSync(path.dirname(out), { recursive: true });
		fs.writeFileSync(out, text);
		const s = LAB_SIGNING[zone];
		if (s?.signer !== 'ldns') continue;
		const keys = keysOf.get(zone) ?? [];
		const window = s.bogus === 'expired' ? { inception: '20200101000000', expiration: '20200201000000' } : undefined;
		const signed = await ldnsSign(plan.tools.ldnsSignzone, { zone, file: out, keys, denial: s.denial, window });
		fs.writeFileSync(out, s.bogus === 'edited' ? editAfterSigning(signed, EDITED_RECORD) : signed);
	}

	const trustAnchor = `${(ds.get('.') ?? []).join('\n')}\n`;
	if (trustAnchor.trim() === '') throw new Error('lab: the root zone has no DS: the lab has no trust anchor');
	return { trustAnchor };
}

/**
 * @typedef {object} DnssecCase
 * @property {string} name query name
 * @property {string} type query type
 * @property {'secure' | 'insecure' | 'bogus'} security what a validating resolver with the lab anchor concludes
 * @property {'NOERROR' | 'NXDOMAIN'} rcode the authoritative answer's RCODE (a validating resolver says SERVFAIL when bogus)
 * @property {string} about
 */

/** @type {Readonly<Record<string, DnssecCase>>} The DNSSEC cases of the lab, one per way a chain ends. */
export const LAB_DNSSEC_CASES = Object.freeze({
	secureEcdsa: { name: 'www.wirewalk.test.', type: 'A', security: 'secure', rcode: 'NOERROR', about: 'root -> test. (NSEC3) -> wirewalk.test., all ECDSA P-256 (algorithm 13), signed by knot.' },
	secureRsa: { name: 'www.shop.co.test.', type: 'A', security: 'secure', rcode: 'NOERROR', about: 'shop.co.test. is signed with RSASHA256 (algorithm 8).' },
	secureEd25519: { name: 'edge.cdn.example.', type: 'A', security: 'secure', rcode: 'NOERROR', about: 'cdn.example. is signed with Ed25519 (algorithm 15).' },
	secureCname: { name: 'cdn.wirewalk.test.', type: 'A', security: 'secure', rcode: 'NOERROR', about: 'A CNAME from an algorithm-13 zone into an algorithm-15 zone: both links validate.' },
	nxdomainNsec: { name: 'nope.wirewalk.test.', type: 'A', security: 'secure', rcode: 'NXDOMAIN', about: 'NXDOMAIN proven by NSEC records (wirewalk.test. is an NSEC zone).' },
	nodataNsec: { name: 'v4only.wirewalk.test.', type: 'AAAA', security: 'secure', rcode: 'NOERROR', about: 'NODATA proven by the NSEC record of the name itself.' },
	nxdomainNsec3: { name: 'nope.test.', type: 'A', security: 'secure', rcode: 'NXDOMAIN', about: 'NXDOMAIN proven by NSEC3 records (test. is an NSEC3 zone: no salt, no extra iterations).' },
	nodataNsec3: { name: 'co.test.', type: 'A', security: 'secure', rcode: 'NOERROR', about: 'An empty non-terminal in an NSEC3 zone: NODATA proven by NSEC3.' },
	insecureNsec3: { name: 'www.lame.test.', type: 'A', security: 'insecure', rcode: 'NOERROR', about: 'lame.test. is unsigned: test. proves with NSEC3 that it has no DS.' },
	insecureNsec: { name: 'ns1.nic.lab.', type: 'A', security: 'insecure', rcode: 'NOERROR', about: 'lab. is unsigned: the root proves with NSEC that it has no DS.' },
	bogusExpired: { name: 'www.expired.test.', type: 'A', security: 'bogus', rcode: 'NOERROR', about: 'expired.test. was signed (ldns-signzone) with signatures that expired in 2020.' },
	bogusDs: { name: 'www.badds.test.', type: 'A', security: 'bogus', rcode: 'NOERROR', about: 'test. publishes a DS for badds.test. that matches none of its keys.' },
	bogusEdited: { name: 'www.edited.test.', type: 'A', security: 'bogus', rcode: 'NOERROR', about: 'www.edited.test. A was changed after signing: its RRSIG no longer verifies.' }
});
