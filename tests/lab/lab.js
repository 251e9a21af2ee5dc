/**
 * The Wirewalk DNS lab: a miniature internet made of real Debian DNS server software on 127.53.0.0/24.
 *
 * - one knotd process per authoritative server (so each answers only for its own zones), port 53;
 * - a Node "blackhole" that never answers (the timeout server), and one address where nothing listens;
 * - unbound as the recursive resolver over the lab's root, and dnsdist as its DoH front (plain HTTP, CORS).
 *
 * `startLab()` writes every config into a fresh temp dir, starts every process, waits until each one answers a
 * real query, and returns the addresses, the cases and `stop()`. See tests/lab/README.md for the map.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import fs from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import dnsPacket from 'dns-packet';
import { knotPolicies, knotZoneOptions, signLab } from './signing.js';

export { EDITED_RECORD, LAB_DNSSEC_CASES, LAB_SIGNING } from './signing.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** Zone files of the lab (hand-written, one per zone, `<zone>.zone`, the root is `root.zone`). */
export const ZONES_DIR = path.join(HERE, 'zones');
/** Root hints of the lab in named.root format: the walk loads this file. */
export const ROOT_HINTS_FILE = path.join(HERE, 'root.hints');
/** Every address of the lab is in this range. */
export const LAB_NETWORK = '127.53.0.0/24';
/** Debian packages the lab and its tests need (`apt-get install -y ...`). */
export const LAB_PACKAGES = ['knot', 'unbound', 'dnsdist', 'dnsutils', 'ldnsutils'];
/** Binary -> Debian package that provides it. `dig` is used by the tests only; keymgr and ldns-* sign the zones. */
export const LAB_BINARIES = /** @type {const} */ ({
	knotd: 'knot',
	unbound: 'unbound',
	dnsdist: 'dnsdist',
	dig: 'dnsutils',
	keymgr: 'knot',
	'ldns-keygen': 'ldnsutils',
	'ldns-signzone': 'ldnsutils',
	'ldns-key2ds': 'ldnsutils'
});

/**
 * @typedef {object} LabServer
 * @property {string} name host name of the server (FQDN with trailing dot), as the NS records name it
 * @property {string} address IPv4 address on loopback; the server listens on port 53 (UDP and TCP)
 * @property {'knot' | 'blackhole' | 'absent'} kind knotd; a socket that never answers; nothing listening
 * @property {string[]} zones the zones it is authoritative for
 * @property {string} role what it is in the lab for
 */

/** @type {readonly LabServer[]} The authoritative side of the lab, in address order. */
export const LAB_SERVERS = Object.freeze([
	{ name: 'a.root-servers.lab.', address: '127.53.0.1', kind: 'knot', zones: ['.'], role: 'root server' },
	{ name: 'b.root-servers.lab.', address: '127.53.0.2', kind: 'knot', zones: ['.'], role: 'root server' },
	{ name: 'ns1.nic.lab.', address: '127.53.0.10', kind: 'knot', zones: ['lab.'], role: 'TLD lab. (names of the lab servers)' },
	{ name: 'ns1.nic.test.', address: '127.53.0.11', kind: 'knot', zones: ['test.'], role: 'TLD test.' },
	{ name: 'ns2.nic.test.', address: '127.53.0.12', kind: 'knot', zones: ['test.'], role: 'TLD test.' },
	{ name: 'ns1.nic.example.', address: '127.53.0.13', kind: 'knot', zones: ['example.'], role: 'TLD example.' },
	{ name: 'ns1.shop.co.test.', address: '127.53.0.20', kind: 'knot', zones: ['shop.co.test.'], role: 'multi-label delegation' },
	{ name: 'ns1.wirewalk.test.', address: '127.53.0.21', kind: 'knot', zones: ['wirewalk.test.'], role: 'content zone' },
	{ name: 'ns1.cdn.example.', address: '127.53.0.22', kind: 'knot', zones: ['cdn.example.'], role: 'target of the cross-TLD CNAME' },
	{ name: 'ns1.hosting.example.', address: '127.53.0.23', kind: 'knot', zones: ['glueless.test.'], role: 'glueless delegation' },
	{ name: 'ns2.hosting.example.', address: '127.53.0.24', kind: 'knot', zones: ['glueless.test.'], role: 'glueless delegation' },
	{ name: 'ns1.lame.test.', address: '127.53.0.30', kind: 'absent', zones: [], role: 'lame: nothing listens (ICMP port unreachable)' },
	{ name: 'ns2.lame.test.', address: '127.53.0.31', kind: 'knot', zones: [], role: 'lame: up but not authoritative (REFUSED)' },
	{ name: 'ns3.lame.test.', address: '127.53.0.32', kind: 'knot', zones: ['lame.test.'], role: 'lame.test. working server' },
	{ name: 'ns1.timeout.test.', address: '127.53.0.33', kind: 'blackhole', zones: [], role: 'timeout: never answers' },
	{ name: 'ns2.timeout.test.', address: '127.53.0.34', kind: 'knot', zones: ['timeout.test.'], role: 'timeout.test. working server' },
	{
		name: 'ns1.bogus.lab.',
		address: '127.53.0.40',
		kind: 'knot',
		zones: ['expired.test.', 'badds.test.', 'edited.test.'],
		role: 'DNSSEC: zones broken on purpose (expired RRSIGs, a DS matching no key, a record edited after signing)'
	}
]);

/** The root servers, as in root.hints. */
export const LAB_ROOTS = Object.freeze(LAB_SERVERS.filter((s) => s.zones.includes('.')).map(({ name, address }) => ({ name, address })));

/** The recursive resolver (unbound). */
export const LAB_RESOLVER = Object.freeze({ name: 'resolver.lab.', address: '127.53.0.53', port: 53 });

/** The DoH front (dnsdist, plain HTTP) for the resolver; it also answers plain DNS on port 53. */
export const LAB_DOH = Object.freeze({ name: 'doh.lab.', address: '127.53.0.54', port: 8053, path: '/dns-query', dnsPort: 53 });
export const LAB_DOH_URL = `http://${LAB_DOH.address}:${LAB_DOH.port}${LAB_DOH.path}`;

/**
 * @typedef {object} LabRecord
 * @property {string} name owner name, lowercase FQDN with trailing dot
 * @property {string} type record type mnemonic
 * @property {string} data RDATA in presentation form, as `dig` prints it
 */

/**
 * @typedef {object} LabCase
 * @property {string} name query name (lowercase FQDN with trailing dot)
 * @property {string} type query type
 * @property {string} zone the zone the query name is in (its servers answer the first query that reaches them)
 * @property {'NOERROR' | 'NXDOMAIN' | 'SERVFAIL'} rcode what a full resolution ends with (unbound's answer)
 * @property {LabRecord[]} answer the final answer section (the CNAME chain first, in order); empty for
 *   NXDOMAIN/NODATA/SERVFAIL. Order within one RRset is not significant.
 * @property {string} [soa] the zone whose SOA is in the authority section of a negative answer
 * @property {{ rcode: string, answer: LabRecord[] }} [authoritative] what the servers of `zone` answer (RD=0), when
 *   it differs from the resolver's final answer (a CNAME out of the zone, a CNAME loop)
 * @property {boolean} [udpTruncated] over UDP (1232-byte EDNS buffer) the servers set TC and send no answer: TCP is needed
 * @property {string} about what the case is for
 */

/** @type {Readonly<Record<string, LabCase>>} Every case of the lab, with its known answer. */
export const LAB_CASES = Object.freeze({
	plain: {
		name: 'www.wirewalk.test.',
		type: 'A',
		zone: 'wirewalk.test.',
		rcode: 'NOERROR',
		answer: [{ name: 'www.wirewalk.test.', type: 'A', data: '203.0.113.10' }],
		about: 'A plain name: root -> test. -> wirewalk.test. -> A.'
	},
	plainAAAA: {
		name: 'www.wirewalk.test.',
		type: 'AAAA',
		zone: 'wirewalk.test.',
		rcode: 'NOERROR',
		answer: [{ name: 'www.wirewalk.test.', type: 'AAAA', data: '2001:db8::10' }],
		about: 'The same name, IPv6.'
	},
	multiLabel: {
		name: 'www.shop.co.test.',
		type: 'A',
		zone: 'shop.co.test.',
		rcode: 'NOERROR',
		answer: [{ name: 'www.shop.co.test.', type: 'A', data: '203.0.113.20' }],
		about: 'test. delegates shop.co.test. two labels down (like co.uk); co.test. is no zone, only an empty non-terminal.'
	},
	multiLabelEnt: {
		name: 'co.test.',
		type: 'A',
		zone: 'test.',
		rcode: 'NOERROR',
		answer: [],
		soa: 'test.',
		about: 'co.test. exists only as an empty non-terminal in test.: NOERROR with no records (a walk must not take it for a zone cut).'
	},
	lame: {
		name: 'www.lame.test.',
		type: 'A',
		zone: 'lame.test.',
		rcode: 'NOERROR',
		answer: [{ name: 'www.lame.test.', type: 'A', data: '203.0.113.30' }],
		about: 'lame.test. has three NS: ns1 (127.53.0.30) has nothing listening, ns2 (127.53.0.31) answers REFUSED, ns3 works.'
	},
	timeout: {
		name: 'www.timeout.test.',
		type: 'A',
		zone: 'timeout.test.',
		rcode: 'NOERROR',
		answer: [{ name: 'www.timeout.test.', type: 'A', data: '203.0.113.40' }],
		about: 'timeout.test. has two NS: ns1 (127.53.0.33) never answers, ns2 works. A walk must time out and fail over.'
	},
	glueless: {
		name: 'www.glueless.test.',
		type: 'A',
		zone: 'glueless.test.',
		rcode: 'NOERROR',
		answer: [{ name: 'www.glueless.test.', type: 'A', data: '203.0.113.50' }],
		about: 'glueless.test. is served by ns1/ns2.hosting.example.: test. gives no glue, so their addresses need a separate walk through example.'
	},
	cnameAcrossTlds: {
		name: 'cdn.wirewalk.test.',
		type: 'A',
		zone: 'wirewalk.test.',
		rcode: 'NOERROR',
		answer: [
			{ name: 'cdn.wirewalk.test.', type: 'CNAME', data: 'edge.cdn.example.' },
			{ name: 'edge.cdn.example.', type: 'A', data: '203.0.113.60' }
		],
		authoritative: { rcode: 'NOERROR', answer: [{ name: 'cdn.wirewalk.test.', type: 'CNAME', data: 'edge.cdn.example.' }] },
		about: 'A CNAME from test. to example. (the target is in cdn.example.): the walk starts again at the root for the target.'
	},
	cnameLoop: {
		name: 'loop1.wirewalk.test.',
		type: 'A',
		zone: 'wirewalk.test.',
		rcode: 'SERVFAIL',
		answer: [],
		authoritative: {
			rcode: 'NOERROR',
			answer: [
				{ name: 'loop1.wirewalk.test.', type: 'CNAME', data: 'loop2.wirewalk.test.' },
				{ name: 'loop2.wirewalk.test.', type: 'CNAME', data: 'loop1.wirewalk.test.' }
			]
		},
		about: 'loop1 -> loop2 -> loop1. The authoritative server answers NOERROR with both CNAMEs; unbound answers SERVFAIL.'
	},
	nxdomain: {
		name: 'nope.wirewalk.test.',
		type: 'A',
		zone: 'wirewalk.test.',
		rcode: 'NXDOMAIN',
		answer: [],
		soa: 'wirewalk.test.',
		about: 'A name that does not exist: NXDOMAIN with the SOA of wirewalk.test. in the authority section.'
	},
	nodata: {
		name: 'v4only.wirewalk.test.',
		type: 'AAAA',
		zone: 'wirewalk.test.',
		rcode: 'NOERROR',
		answer: [],
		soa: 'wirewalk.test.',
		about: 'The name exists (it has an A record) but has no AAAA: NOERROR, empty answer, SOA in authority.'
	},
	emptyNonTerminal: {
		name: 'b.ent.wirewalk.test.',
		type: 'A',
		zone: 'wirewalk.test.',
		rcode: 'NOERROR',
		answer: [],
		soa: 'wirewalk.test.',
		about: 'b.ent.wirewalk.test. (and ent.wirewalk.test.) exist only because a.b.ent.wirewalk.test. does: NOERROR, not NXDOMAIN.'
	},
	emptyNonTerminalLeaf: {
		name: 'a.b.ent.wirewalk.test.',
		type: 'A',
		zone: 'wirewalk.test.',
		rcode: 'NOERROR',
		answer: [{ name: 'a.b.ent.wirewalk.test.', type: 'A', data: '203.0.113.12' }],
		about: 'The name below the empty non-terminals.'
	},
	mx: {
		name: 'wirewalk.test.',
		type: 'MX',
		zone: 'wirewalk.test.',
		rcode: 'NOERROR',
		answer: [{ name: 'wirewalk.test.', type: 'MX', data: '10 mail.wirewalk.test.' }],
		about: 'MX at the zone apex; mail.wirewalk.test. has A 203.0.113.25.'
	},
	txt: {
		name: 'txt.wirewalk.test.',
		type: 'TXT',
		zone: 'wirewalk.test.',
		rcode: 'NOERROR',
		answer: [
			{ name: 'txt.wirewalk.test.', type: 'TXT', data: '"<img src=x onerror=alert(1)>"' },
			{ name: 'txt.wirewalk.test.', type: 'TXT', data: '"hello from the wirewalk lab"' }
		],
		about: 'Two TXT records, one of them HTML: the app must show it as text, never render it.'
	},
	caa: {
		name: 'wirewalk.test.',
		type: 'CAA',
		zone: 'wirewalk.test.',
		rcode: 'NOERROR',
		answer: [
			{ name: 'wirewalk.test.', type: 'CAA', data: '0 issue "letsencrypt.org"' },
			{ name: 'wirewalk.test.', type: 'CAA', data: '0 iodef "mailto:security@wirewalk.test"' }
		],
		about: 'CAA at the apex.'
	},
	https: {
		name: 'www.wirewalk.test.',
		type: 'HTTPS',
		zone: 'wirewalk.test.',
		rcode: 'NOERROR',
		answer: [{ name: 'www.wirewalk.test.', type: 'HTTPS', data: '1 . alpn="h2,h3"' }],
		about: 'HTTPS (type 65): priority 1, target ".", alpn h2,h3. RDATA hex 0001 00 0001 0006 026832 026833.'
	},
	idn: {
		name: 'xn--bcher-kva.wirewalk.test.',
		type: 'A',
		zone: 'wirewalk.test.',
		rcode: 'NOERROR',
		answer: [{ name: 'xn--bcher-kva.wirewalk.test.', type: 'A', data: '203.0.113.13' }],
		about: 'An IDN: bücher.wirewalk.test. is xn--bcher-kva.wirewalk.test. on the wire.'
	},
	truncated: {
		name: 'big.wirewalk.test.',
		type: 'TXT',
		zone: 'wirewalk.test.',
		rcode: 'NOERROR',
		answer: [
			{ name: 'big.wirewalk.test.', type: 'TXT', data: '"chunk-1-abcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefgh"' },
			{ name: 'big.wirewalk.test.', type: 'TXT', data: '"chunk-2-abcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefgh"' },
			{ name: 'big.wirewalk.test.', type: 'TXT', data: '"chunk-3-abcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefgh"' },
			{ name: 'big.wirewalk.test.', type: 'TXT', data: '"chunk-4-abcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefgh"' },
			{ name: 'big.wirewalk.test.', type: 'TXT', data: '"chunk-5-abcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefgh"' },
			{ name: 'big.wirewalk.test.', type: 'TXT', data: '"chunk-6-abcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefgh"' },
			{ name: 'big.wirewalk.test.', type: 'TXT', data: '"chunk-7-abcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefghabcdefgh"' }
		],
		udpTruncated: true,
		about: 'Seven 200-byte TXT records: over UDP with a 1232-byte EDNS buffer the answer is truncated (TC), so it takes TCP.'
	},
	dname: {
		name: 'edge.legacy.wirewalk.test.',
		type: 'A',
		zone: 'wirewalk.test.',
		rcode: 'NOERROR',
		answer: [
			{ name: 'legacy.wirewalk.test.', type: 'DNAME', data: 'cdn.example.' },
			{ name: 'edge.legacy.wirewalk.test.', type: 'CNAME', data: 'edge.cdn.example.' },
			{ name: 'edge.cdn.example.', type: 'A', data: '203.0.113.60' }
		],
		authoritative: {
			rcode: 'NOERROR',
			answer: [
				{ name: 'legacy.wirewalk.test.', type: 'DNAME', data: 'cdn.example.' },
				{ name: 'edge.legacy.wirewalk.test.', type: 'CNAME', data: 'edge.cdn.example.' }
			]
		},
		about: 'A DNAME redirects a subtree (RFC 6672): the server synthesizes edge.legacy.wirewalk.test. CNAME edge.cdn.example.'
	}
});

/* ----------------------------------------------------------------------------------------------------------
 * Queries (used by the readiness probes, and handy for tests)
 * ------------------------------------------------------------------------------------------------------- */

const RCODES = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED', 'YXDOMAIN', 'YXRRSET', 'NXRRSET', 'NOTAUTH', 'NOTZONE'];

/**
 * The RCODE of a DNS message (header bits only, no EDNS extension).
 * @param {Uint8Array} bytes
 */
export function rcodeOf(bytes) {
	const code = (bytes[3] ?? 0) & 0x0f;
	return RCODES[code] ?? `RCODE${code}`;
}

/** dns-packet does not know HTTPS/SVCB by name. @param {string} type */
function wireType(type) {
	const upper = type.toUpperCase();
	if (upper === 'HTTPS') return 'UNKNOWN_65';
	if (upper === 'SVCB') return 'UNKNOWN_64';
	return upper;
}

/**
 * @typedef {object} QueryResult
 * @property {import('dns-packet').DecodedPacket} response the decoded response
 * @property {string} rcode e.g. 'NOERROR', 'NXDOMAIN', 'REFUSED'
 * @property {Buffer} bytes the raw response
 * @property {number} elapsedMs
 */

/**
 * Sends one DNS query over UDP (a connected socket, so ICMP port-unreachable shows up at once as ECONNREFUSED)
 * and waits for the answer, at most `timeoutMs`. Rejects with an Error whose `code` is 'ETIMEDOUT',
 * 'ECONNREFUSED', ... Never sends outside 127.0.0.0/8.
 * @param {string} address IPv4 address in 127.0.0.0/8
 * @param {string} name
 * @param {string} type record type mnemonic ('HTTPS' and 'SVCB' are sent as type 65 / 64)
 * @param {{ port?: number, rd?: boolean, timeoutMs?: number, edns?: boolean, id?: number }} [options]
 * @returns {Promise<QueryResult>}
 */
export function queryUdp(address, name, type, options = {}) {
	const { port = 53, rd = false, timeoutMs = 2000, edns = true } = options;
	if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address)) {
		return Promise.reject(new Error(`lab: refusing to query ${address}: only 127.0.0.0/8 is allowed`));
	}
	const id = options.id ?? Math.floor(Math.random() * 0x10000);
	const query = dnsPacket.encode({
		type: 'query',
		id,
		flags: rd ? dnsPacket.RECURSION_DESIRED : 0,
		questions: [{ type: /** @type {import('dns-packet').RecordType} */ (wireType(type)), name, class: 'IN' }],
		additionals: edns ? [/** @type {import('dns-packet').Answer} */ (/** @type {unknown} */ ({ type: 'OPT', name: '.', udpPayloadSize: 1232, flags: 0 }))] : []
	});
	return new Promise((resolve, reject) => {
		const socket = createSocket('udp4');
		const started = performance.now();
		let done = false;
		/** @param {Error | null} error @param {QueryResult} [result] */
		const finish = (error, result) => {
			if (done) return;
			done = true;
			clearTimeout(timer);
			try {
				socket.close();
			} catch {
				/* already closed */
			}
			if (error) reject(error);
			else resolve(/** @type {QueryResult} */ (result));
		};
		const timer = setTimeout(() => {
			finish(Object.assign(new Error(`no answer from ${address}:${port} within ${timeoutMs} ms (${name} ${type})`), { code: 'ETIMEDOUT' }));
		}, timeoutMs);
		socket.on('error', (error) => finish(error));
		socket.on('message', (message) => {
			if (message.length < 12 || message.readUInt16BE(0) !== id) return;
			try {
				const response = dnsPacket.decode(message);
				finish(null, { response, rcode: rcodeOf(message), bytes: message, elapsedMs: performance.now() - started });
			} catch (error) {
				finish(/** @type {Error} */ (error));
			}
		});
		socket.connect(port, address, () => {
			socket.send(query, (error) => {
				if (error) finish(error);
			});
		});
	});
}

/* ----------------------------------------------------------------------------------------------------------
 * Binaries and packages
 * ------------------------------------------------------------------------------------------------------- */

const SBIN_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/**
 * Finds an executable in PATH and the sbin directories (knotd, unbound and dnsdist live in /usr/sbin).
 * @param {string} binary
 * @returns {string | null}
 */
export function findBinary(binary) {
	const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), ...SBIN_DIRS];
	for (const dir of dirs) {
		const candidate = path.join(dir, binary);
		try {
			fs.accessSync(candidate, fs.constants.X_OK);
			if (fs.statSync(candidate).isFile()) return candidate;
		} catch {
			/* not here */
		}
	}
	return null;
}

/**
 * The Debian packages of LAB_PACKAGES whose binary is missing (empty when everything is installed).
 * @param {{ withTools?: boolean, find?: (binary: string) => string | null }} [options] withTools (default true):
 *   also require dig (dnsutils), used by the tests; find: how to look a binary up (default findBinary)
 * @returns {string[]}
 */
export function missingLabPackages(options = {}) {
	const { withTools = true, find = findBinary } = options;
	const missing = new Set();
	for (const [binary, pkg] of Object.entries(LAB_BINARIES)) {
		if (!withTools && binary === 'dig') continue;
		if (!find(binary)) missing.add(pkg);
	}
	return [...missing];
}

/**
 * The error message for missing Debian packages: which binary, which package, the apt-get line.
 * @param {string[]} missing Debian package names (from missingLabPackages)
 */
export function missingPackagesMessage(missing) {
	// one binary per package is enough to name it (knotd for knot, not keymgr too)
	const binaries = missing.map((pkg) => Object.entries(LAB_BINARIES).find(([, p]) => p === pkg)?.[0] ?? pkg);
	return (
		`lab: ${binaries.join(', ')} not found: install the Debian package${missing.length > 1 ? 's' : ''} ` +
		`${missing.join(' ')} (as root: apt-get install -y ${LAB_PACKAGES.join(' ')})`
	);
}

/* ----------------------------------------------------------------------------------------------------------
 * Config files
 * ------------------------------------------------------------------------------------------------------- */

/** The zone file of `zone` in `dir` (ZONES_DIR: the hand-written ones). @param {string} zone @param {string} [dir] */
function zoneFile(zone, dir = ZONES_DIR) {
	return path.join(dir, zone === '.' ? 'root.zone' : `${zone.replace(/\.$/, '')}.zone`);
}

/** @param {string} text */
const quote = (text) => JSON.stringify(text);

/**
 * knotd config for one server: its own rundir and storage; answers only for its own zones (REFUSED otherwise).
 * Signed zones (LAB_SIGNING) are signed by knotd itself, or served pre-signed as they are.
 * @param {LabServer} server
 * @param {string} dir
 * @param {string} zonesDir where the served zone files are (written by signLab)
 */
function knotConfig(server, dir, zonesDir) {
	const zones = server.zones
		.map((zone) => `  - domain: ${quote(zone)}\n    file: ${quote(zoneFile(zone, zonesDir))}\n${knotZoneOptions(zone)}`)
		.join('');
	const id = server.name.replace(/\.$/, '');
	return `# knotd config of ${server.name} (${server.address}) in the Wirewalk DNS lab, written by tests/lab/lab.js
server:
    rundir: ${quote(path.join(dir, 'run'))}
    listen: ${server.address}@53
    identity: ${quote(id)}
    nsid: ${quote(id)}
    udp-workers: 1
    tcp-workers: 1
    background-workers: 1

database:
    storage: ${quote(path.join(dir, 'db'))}
    journal-db-max-size: 16M
    kasp-db-max-size: 16M
    timer-db-max-size: 16M
    catalog-db-max-size: 16M

log:
  - target: stderr
    any: info

${knotPolicies()}
template:
  - id: default
    # read the zone file as it is; never write to it, no journal (a signed zone is signed in memory at load)
    zonefile-load: whole
    zonefile-sync: -1
    journal-content: none
    semantic-checks: on
${zones ? `\nzone:\n${zones}` : ''}`;
}

/** @param {string} dir @param {string} trustAnchorFile */
function unboundConfig(dir, trustAnchorFile) {
	return `# unbound config of the Wirewalk DNS lab's recursive resolver, written by tests/lab/lab.js
server:
    interface: ${LAB_RESOLVER.address}
    port: ${LAB_RESOLVER.port}
    outgoing-interface: ${LAB_RESOLVER.address}
    do-ip4: yes
    do-ip6: no
    do-udp: yes
    do-tcp: yes
    num-threads: 1
    so-reuseport: no
    do-daemonize: no
    username: ""
    chroot: ""
    directory: ${quote(dir)}
    pidfile: ${quote(path.join(dir, 'unbound.pid'))}
    use-syslog: no
    logfile: ""
    log-time-ascii: yes
    verbosity: 1
    access-control: 127.0.0.0/8 allow
    # the lab's root, not the Internet's
    root-hints: ${quote(ROOT_HINTS_FILE)}
    # all lab servers are on loopback
    do-not-query-localhost: no
    # answers give documentation addresses; do not filter anything
    # DNSSEC: validating, with the lab's own root key as the trust anchor (made at every start)
    module-config: "validator iterator"
    trust-anchor-file: ${quote(trustAnchorFile)}
    # why an answer is bogus, in the log (and as EDE in the answer)
    val-log-level: 2
    ede: yes
    # Debian's unbound drops queries that take over ~1.9 s otherwise (the timeout case)
    discard-timeout: 0
    # wait 128 ms, not 376 ms, for a server it has not heard from yet: on loopback an answer takes < 1 ms, and
    # unbound may try the never-answering server several times before the working one (the timeout case)
    unknown-server-time-limit: 128
    # unbound answers these special-use names itself unless told not to
    local-zone: "test." nodefault
    local-zone: "example." nodefault
    qname-minimisation: yes
    hide-identity: no
    identity: "resolver.lab"

remote-control:
    control-enable: no
`;
}

function dnsdistConfig() {
	return `-- dnsdist config of the Wirewalk DNS lab's DoH front, written by tests/lab/lab.js
-- no security-poll queries (they would go to the Internet through the system resolver)
setSecurityPollSuffix("")
-- plain DNS, on our own address (the default would be 127.0.0.1:53)
setLocal("${LAB_DOH.address}:${LAB_DOH.dnsPort}")
setACL({"127.0.0.0/8"})
-- DoH over plain HTTP (no certificate), with CORS so that a page on any origin can GET it
addDOHLocal("${LAB_DOH.address}:${LAB_DOH.port}", nil, nil, "${LAB_DOH.path}", {
  customResponseHeaders = { ["access-control-allow-origin"] = "*" }
})
-- the default 2 s backend timeout gives 502s on cold lookups (the timeout case takes longer)
setUDPTimeout(10)
local backend = newServer({ address = "${LAB_RESOLVER.address}:${LAB_RESOLVER.port}", name = "unbound",
  checkName = "localhost.", checkType = "A", tcpRecvTimeout = 10, tcpSendTimeout = 10 })
-- no health checks deciding for us: the lab starts unbound itself
backend:setUp()
`;
}

/* ----------------------------------------------------------------------------------------------------------
 * Processes, lock, cleanup
 * ------------------------------------------------------------------------------------------------------- */

/** One lab at a time on this machine (fixed addresses): a lock file with the owner's pid and children. */
const LOCK_FILE = path.join(os.tmpdir(), 'wirewalk-lab.lock.json');

/**
 * @typedef {object} LockState
 * @property {number} owner pid of the Node process that started the lab
 * @property {string | null} [ownerStart] its start time (see startTime)
 * @property {string} dir the lab's temp dir (every child has it in its command line)
 * @property {number[]} pids children
 */

/** @param {number} pid */
function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
	}
}

/**
 * When a process started (clock ticks since boot, /proc/<pid>/stat field 22): tells a lab's owner from a
 * stranger that got the same pid later. Null where there is no /proc.
 * @param {number} pid
 * @returns {string | null}
 */
function startTime(pid) {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
	} catch {
		return null;
	}
}

/** Whether the owner of a lock is still the process that took it. @param {LockState} state */
function ownerAlive(state) {
	if (!Number.isInteger(state.owner) || !isAlive(state.owner)) return false;
	return !state.ownerStart || startTime(state.owner) === state.ownerStart;
}

/** @param {number} pid */
function commandLine(pid) {
	try {
		return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
	} catch {
		return '';
	}
}

/** @returns {LockState | null} */
function readLock() {
	try {
		return JSON.parse(fs.readFileSync(LOCK_FILE, 'utf8'));
	} catch {
		return null;
	}
}

/** @param {LockState} state */
function writeLock(state) {
	const temp = `${LOCK_FILE}.${process.pid}.tmp`;
	fs.writeFileSync(temp, JSON.stringify(state));
	fs.renameSync(temp, LOCK_FILE);
}

/**
 * A lab whose owner died (killed, crashed): kill its children (only processes whose command line names its
 * temp dir, so never a stranger with a recycled pid), remove its dir and the lock.
 * @param {LockState} stale
 */
function cleanStale(stale) {
	for (const pid of stale.pids ?? []) {
		if (stale.dir && commandLine(pid).includes(stale.dir)) {
			try {
				process.kill(pid, 'SIGKILL');
			} catch {
				/* gone */
			}
		}
	}
	if (stale.dir && path.basename(stale.dir).startsWith('wirewalk-lab-')) fs.rmSync(stale.dir, { recursive: true, force: true });
	// remove the lock only if it is still the stale one (another starter may have replaced it meanwhile)
	const now = readLock();
	if (!now || (now.owner === stale.owner && now.dir === stale.dir)) fs.rmSync(LOCK_FILE, { force: true });
}

/**
 * Waits (until `deadline`) for any other lab on this machine to stop, cleaning up after one whose owner died.
 * @param {number} deadline
 */
async function acquireLock(deadline) {
	for (;;) {
		try {
			fs.writeFileSync(LOCK_FILE, JSON.stringify({ owner: process.pid, ownerStart: startTime(process.pid), dir: '', pids: [] }), { flag: 'wx' });
			return;
		} catch (error) {
			if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EEXIST') throw error;
		}
		const held = readLock();
		if (held && !ownerAlive(held)) {
			// stale: its owner is gone
			cleanStale(held);
			continue;
		}
		if (!held) {
			// unreadable: being written this very moment, or garbage left behind long ago
			let age = 0;
			try {
				age = Date.now() - fs.statSync(LOCK_FILE).mtimeMs;
			} catch {
				continue; // gone meanwhile
			}
			if (age > 5000) {
				fs.rmSync(LOCK_FILE, { force: true });
				continue;
			}
		}
		if (Date.now() > deadline) {
			throw new Error(
				`lab: another DNS lab is running (owner pid ${held?.owner}${held?.owner === process.pid ? ', this process' : ''}, dir ${held?.dir}); ` +
					`it holds ${LOCK_FILE}. Stop it (Ctrl-C on \`npm run lab\`) and try again.`
			);
		}
		await sleep(200);
	}
}

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Checks that this process may bind port 53 on the lab's addresses and that nothing else holds them.
 * @param {{ address: string, port: number, udp: boolean }[]} endpoints
 */
async function preflight(endpoints) {
	for (const { address, port, udp } of endpoints) {
		/** @type {(error: NodeJS.ErrnoException) => Error} */
		const explain = (error) => {
			if (error.code === 'EACCES') {
				return new Error(
					`lab: may not bind ${address}:${port} (${error.code}). The lab serves DNS on port 53 and must run as root ` +
						`(or with CAP_NET_BIND_SERVICE).`
				);
			}
			if (error.code === 'EADDRINUSE') {
				return new Error(
					`lab: ${address}:${port} (${udp ? 'UDP' : 'TCP'}) is already in use by another process ` +
						`(see \`ss -lunpt | grep 127.53.0.\`): a lab that was not stopped, or a server bound to 0.0.0.0:${port}.`
				);
			}
			if (error.code === 'EADDRNOTAVAIL') {
				return new Error(`lab: ${address} is not a local address here (the lab needs 127.0.0.0/8 on the loopback interface).`);
			}
			return new Error(`lab: cannot bind ${address}:${port}: ${error.message}`);
		};
		await new Promise((resolve, reject) => {
			if (udp) {
				const socket = createSocket('udp4');
				socket.once('error', (error) => {
					socket.close();
					reject(explain(error));
				});
				socket.bind({ address, port, exclusive: true }, () => socket.close(() => resolve(undefined)));
			} else {
				const server = createServer();
				server.once('error', (error) => reject(explain(error)));
				server.listen({ host: address, port, exclusive: true }, () => server.close(() => resolve(undefined)));
			}
		});
	}
}

/**
 * @typedef {object} Child
 * @property {string} label
 * @property {import('node:child_process').ChildProcess} process
 * @property {string} logFile
 * @property {number | null} exitCode
 * @property {string | null} exitSignal
 * @property {boolean} exited
 */

/** @param {string} file @param {number} [lines] */
function tail(file, lines = 15) {
	try {
		return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
	} catch {
		return '(no log)';
	}
}

/** Labs started by this process that are not stopped yet (for exit/signal handlers). @type {Set<() => void>} */
const running = new Set();
let handlersInstalled = false;

function killAllSync() {
	for (const kill of [...running]) kill();
}

/**
 * If nobody else listens for the signal, stop the lab and die of the signal, as if we had not listened. If
 * someone else does (run.js, a test runner), they decide; the 'exit' handler still kills what is left.
 * @param {NodeJS.Signals} signal
 */
function onSignal(signal) {
	if (process.listenerCount(signal) > 1) return;
	killAllSync();
	process.removeListener(signal, onSignal);
	process.kill(process.pid, signal);
}

function installHandlers() {
	if (handlersInstalled) return;
	handlersInstalled = true;
	process.on('exit', killAllSync);
	for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) process.on(signal, onSignal);
}

function removeHandlers() {
	if (!handlersInstalled || running.size > 0) return;
	handlersInstalled = false;
	process.removeListener('exit', killAllSync);
	for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) process.removeListener(signal, onSignal);
}

/** Whether setpriv can make children die with us (Linux: PR_SET_PDEATHSIG), even if we are SIGKILLed. */
function pdeathsigPrefix() {
	const setpriv = findBinary('setpriv');
	if (!setpriv) return [];
	const probe = spawnSync(setpriv, ['--pdeathsig', 'KILL', '--', 'true'], { stdio: 'ignore', timeout: 5000 });
	return probe.status === 0 ? [setpriv, '--pdeathsig', 'KILL', '--'] : [];
}

/**
 * AppArmor profiles in enforce mode, by name or path; null when AppArmor is on but the list is unreadable.
 * @returns {Set<string> | null}
 */
export function apparmorEnforced() {
	if (!fs.existsSync('/sys/kernel/security/apparmor')) return new Set();
	try {
		const text = fs.readFileSync('/sys/kernel/security/apparmor/profiles', 'utf8');
		return new Set(
			text
				.split('\n')
				.filter((line) => line.endsWith(' (enforce)'))
				.map((line) => line.slice(0, -' (enforce)'.length))
		);
	} catch {
		return null;
	}
}

/**
 * Debian ships an AppArmor profile for unbound (and Ubuntu may for others) that only lets /usr/sbin/unbound read
 * /etc/unbound and /var/lib/unbound, not our temp dir. Profiles attach by the path that is executed, so where one
 * is enforced we run a copy of the binary from the lab's dir: the same program, unconfined.
 * @param {string} binary absolute path
 * @param {string} dir the lab's temp dir
 * @param {Set<string> | null} enforced from apparmorEnforced()
 */
export function unconfined(binary, dir, enforced) {
	const name = path.basename(binary);
	const confined =
		enforced === null
			? fs.existsSync(path.join('/etc/apparmor.d', binary.slice(1).replaceAll('/', '.')))
			: enforced.has(name) || enforced.has(binary);
	if (!confined) return binary;
	const copy = path.join(dir, 'bin', name);
	fs.mkdirSync(path.dirname(copy), { recursive: true });
	fs.copyFileSync(binary, copy);
	fs.chmodSync(copy, 0o755);
	return copy;
}

/* ----------------------------------------------------------------------------------------------------------
 * startLab
 * ------------------------------------------------------------------------------------------------------- */

/**
 * @typedef {object} LabOptions
 * @property {number} [readyTimeoutMs] how long to wait for every server to answer (default 15000)
 * @property {number} [lockTimeoutMs] how long to wait for another lab on this machine to stop (default 100000)
 * @property {boolean} [keepDir] keep the temp dir (configs and logs) after stop (default false)
 * @property {boolean} [logQueries] make unbound log every query and reply (default false)
 */

/**
 * @typedef {object} Lab
 * @property {string} dir temp dir with every config and log (`<server>/log`, `unbound/log`, `dnsdist/log`)
 * @property {string} rootHintsFile
 * @property {{ name: string, address: string }[]} roots
 * @property {readonly LabServer[]} servers
 * @property {{ name: string, address: string, port: number }} resolver unbound (recursive, RD=1)
 * @property {string} doh DoH URL (GET ?dns= / POST), plain HTTP, with Access-Control-Allow-Origin: *
 * @property {{ address: string, port: number }} dohDns dnsdist's plain DNS listener (same resolver behind it)
 * @property {Readonly<Record<string, LabCase>>} cases
 * @property {string} trustAnchor the lab root's KSK as DS records (presentation format), made at this start
 * @property {string} trustAnchorFile the same in a file (`--trust-anchor FILE`, unbound's trust-anchor-file)
 * @property {() => Promise<void>} stop stops every process (idempotent)
 */

/**
 * Starts the lab: writes configs to a fresh temp dir, starts every server, waits until each answers a real
 * query. Throws, with the missing Debian package named, if a binary is missing.
 * @param {LabOptions} [options]
 * @returns {Promise<Lab>}
 */
export async function startLab(options = {}) {
	const { readyTimeoutMs = 15_000, lockTimeoutMs = 100_000, keepDir = false, logQueries = false } = options;

	const missing = missingLabPackages({ withTools: false });
	if (missing.length > 0) throw new Error(missingPackagesMessage(missing));
	const binaries = {
		keymgr: /** @type {string} */ (findBinary('keymgr')),
		ldnsKeygen: /** @type {string} */ (findBinary('ldns-keygen')),
		ldnsSignzone: /** @type {string} */ (findBinary('ldns-signzone')),
		ldnsKey2ds: /** @type {string} */ (findBinary('ldns-key2ds')),
		knotd: /** @type {string} */ (findBinary('knotd')),
		unbound: /** @type {string} */ (findBinary('unbound')),
		dnsdist: /** @type {string} */ (findBinary('dnsdist'))
	};

	await acquireLock(Date.now() + lockTimeoutMs);
	/** @type {string} */
	let dir;
	try {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wirewalk-lab-'));
		writeLock({ owner: process.pid, ownerStart: startTime(process.pid), dir, pids: [] });
	} catch (error) {
		fs.rmSync(LOCK_FILE, { force: true });
		throw error;
	}

	/** @type {Child[]} */
	const children = [];
	let stopped = false;
	let trustAnchorFile = '';
	let trustAnchorText = '';

	const killSync = () => {
		for (const child of children) {
			if (!child.exited && child.process.pid) {
				try {
					process.kill(child.process.pid, 'SIGKILL');
				} catch {
					/* gone */
				}
			}
		}
		if (!keepDir) fs.rmSync(dir, { recursive: true, force: true });
		if (readLock()?.owner === process.pid && readLock()?.dir === dir) fs.rmSync(LOCK_FILE, { force: true });
		running.delete(killSync);
	};
	running.add(killSync);
	installHandlers();

	const stop = async () => {
		if (stopped) return;
		stopped = true;
		await Promise.all(children.map((child) => stopChild(child)));
		running.delete(killSync);
		killSync();
		removeHandlers();
	};

	try {
		await preflight([
			...LAB_SERVERS.filter((s) => s.kind !== 'absent').flatMap((s) => [
				{ address: s.address, port: 53, udp: true },
				{ address: s.address, port: 53, udp: false }
			]),
			{ address: LAB_RESOLVER.address, port: LAB_RESOLVER.port, udp: true },
			{ address: LAB_RESOLVER.address, port: LAB_RESOLVER.port, udp: false },
			{ address: LAB_DOH.address, port: LAB_DOH.dnsPort, udp: true },
			{ address: LAB_DOH.address, port: LAB_DOH.dnsPort, udp: false },
			{ address: LAB_DOH.address, port: LAB_DOH.port, udp: false }
		]);

		const prefix = pdeathsigPrefix();
		const enforced = apparmorEnforced();
		binaries.knotd = unconfined(binaries.knotd, dir, enforced);
		binaries.unbound = unconfined(binaries.unbound, dir, enforced);
		binaries.dnsdist = unconfined(binaries.dnsdist, dir, enforced);
		/**
		 * @param {string} label
		 * @param {string} command
		 * @param {string[]} args
		 */
		const start = (label, command, args) => {
			const logFile = path.join(dir, label, 'log');
			fs.mkdirSync(path.dirname(logFile), { recursive: true });
			const fd = fs.openSync(logFile, 'a');
			const [file, ...rest] = [...prefix, command, ...args];
			const proc = spawn(/** @type {string} */ (file), rest, { stdio: ['ignore', fd, fd], env: { ...process.env, LC_ALL: 'C' } });
			fs.closeSync(fd);
			/** @type {Child} */
			const child = { label, process: proc, logFile, exitCode: null, exitSignal: null, exited: false };
			proc.on('exit', (code, signal) => {
				child.exited = true;
				child.exitCode = code;
				child.exitSignal = signal;
			});
			proc.on('error', (error) => {
				child.exited = true;
				fs.appendFileSync(logFile, `\nlab: could not start ${command}: ${error.message}\n`);
			});
			children.push(child);
			const state = readLock();
			if (state && state.owner === process.pid && state.dir === dir && proc.pid) writeLock({ ...state, pids: [...state.pids, proc.pid] });
			return child;
		};

		// Configs first, then keys and zone files (a parent needs its children's DS), then the servers.
		const zonesDir = path.join(dir, 'zones');
		/** @type {{ zone: string, conf: string, storage: string }[]} */
		const knotZones = [];
		for (const server of LAB_SERVERS.filter((s) => s.kind === 'knot')) {
			const serverDir = path.join(dir, server.name.replace(/\.$/, ''));
			fs.mkdirSync(path.join(serverDir, 'run'), { recursive: true });
			fs.mkdirSync(path.join(serverDir, 'db'), { recursive: true });
			const conf = path.join(serverDir, 'knot.conf');
			fs.writeFileSync(conf, knotConfig(server, serverDir, zonesDir));
			for (const zone of server.zones) knotZones.push({ zone, conf, storage: path.join(serverDir, 'db') });
		}
		const { trustAnchor } = await signLab({
			knotZones,
			source: (zone) => zoneFile(zone),
			output: (zone) => zoneFile(zone, zonesDir),
			dir: path.join(dir, 'keys'),
			tools: { keymgr: binaries.keymgr, ldnsKeygen: binaries.ldnsKeygen, ldnsSignzone: binaries.ldnsSignzone, ldnsKey2ds: binaries.ldnsKey2ds }
		});
		trustAnchorFile = path.join(dir, 'trust-anchor.ds');
		fs.writeFileSync(trustAnchorFile, trustAnchor);
		trustAnchorText = trustAnchor;

		/** @type {Promise<void>[]} */
		const ready = [];
		const deadline = Date.now() + readyTimeoutMs;

		for (const server of LAB_SERVERS) {
			const label = server.name.replace(/\.$/, '');
			if (server.kind === 'knot') {
				const conf = path.join(dir, label, 'knot.conf');
				const child = start(label, binaries.knotd, ['-c', conf]);
				const zone = server.zones[0];
				ready.push(
					waitFor(child, deadline, `${server.name} (${server.address})`, async () => {
						if (zone) {
							const { rcode, response } = await queryUdp(server.address, zone, 'SOA', { timeoutMs: 300 });
							return rcode === 'NOERROR' && response.flag_aa && (response.answers ?? []).some((a) => a.type === 'SOA');
						}
						const { rcode } = await queryUdp(server.address, 'wirewalk.test.', 'SOA', { timeoutMs: 300 });
						return rcode === 'REFUSED';
					})
				);
			} else if (server.kind === 'blackhole') {
				const readyFile = path.join(dir, label, 'ready');
				const child = start(label, process.execPath, [path.join(HERE, 'blackhole.js'), server.address, '53', readyFile]);
				ready.push(waitFor(child, deadline, `${server.name} (${server.address}, blackhole)`, async () => fs.existsSync(readyFile)));
			}
		}

		const unboundDir = path.join(dir, 'unbound');
		fs.mkdirSync(unboundDir, { recursive: true });
		let unboundConf = unboundConfig(unboundDir, trustAnchorFile);
		if (logQueries) unboundConf = unboundConf.replace('    verbosity: 1\n', '    verbosity: 1\n    log-queries: yes\n    log-replies: yes\n');
		fs.writeFileSync(path.join(unboundDir, 'unbound.conf'), unboundConf);
		const unbound = start('unbound', binaries.unbound, ['-d', '-p', '-c', path.join(unboundDir, 'unbound.conf')]);
		ready.push(
			waitFor(unbound, deadline, `unbound (${LAB_RESOLVER.address})`, async () => {
				// answered by unbound itself (default local zone), no recursion needed
				const { rcode, response } = await queryUdp(LAB_RESOLVER.address, 'localhost.', 'A', { rd: true, timeoutMs: 300 });
				return rcode === 'NOERROR' && (response.answers ?? []).length > 0;
			})
		);

		const dnsdistDir = path.join(dir, 'dnsdist');
		fs.mkdirSync(dnsdistDir, { recursive: true });
		fs.writeFileSync(path.join(dnsdistDir, 'dnsdist.conf'), dnsdistConfig());
		const dnsdist = start('dnsdist', binaries.dnsdist, ['--supervised', '--disable-syslog', '-C', path.join(dnsdistDir, 'dnsdist.conf')]);
		ready.push(
			waitFor(dnsdist, deadline, `dnsdist DoH (${LAB_DOH_URL})`, async () => {
				const query = dnsPacket.encode({ type: 'query', id: 0, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type: 'A', name: 'localhost.' }] });
				const response = await fetch(`${LAB_DOH_URL}?dns=${query.toString('base64url')}`, {
					headers: { accept: 'application/dns-message' },
					signal: AbortSignal.timeout(1000)
				});
				const body = Buffer.from(await response.arrayBuffer());
				return response.ok && body.length >= 12 && rcodeOf(body) === 'NOERROR';
			})
		);

		const results = await Promise.allSettled(ready);
		const failures = results.filter((r) => r.status === 'rejected').map((r) => /** @type {PromiseRejectedResult} */ (r).reason.message);
		if (failures.length > 0) throw new Error(`lab: not ready:\n${failures.join('\n')}`);
	} catch (error) {
		await stop();
		throw error;
	}

	return {
		dir,
		rootHintsFile: ROOT_HINTS_FILE,
		roots: LAB_ROOTS.map((root) => ({ ...root })),
		servers: LAB_SERVERS,
		resolver: { ...LAB_RESOLVER },
		doh: LAB_DOH_URL,
		dohDns: { address: LAB_DOH.address, port: LAB_DOH.dnsPort },
		cases: LAB_CASES,
		trustAnchor: trustAnchorText,
		trustAnchorFile,
		stop
	};
}

/**
 * Polls `probe` until it returns true; fails early if the process exits, or at the deadline.
 * @param {Child} child
 * @param {number} deadline
 * @param {string} what
 * @param {() => Promise<boolean>} probe
 */
async function waitFor(child, deadline, what, probe) {
	let last = '';
	for (;;) {
		if (child.exited) {
			throw new Error(
				`${what}: exited (${child.exitSignal ?? `code ${child.exitCode}`}) while starting. Last lines of ${child.logFile}:\n${tail(child.logFile)}`
			);
		}
		try {
			if (await probe()) return;
			last = 'not answering as expected yet';
		} catch (error) {
			last = /** @type {Error} */ (error).message;
		}
		if (Date.now() > deadline) {
			throw new Error(`${what}: not ready in time (${last}). Last lines of ${child.logFile}:\n${tail(child.logFile)}`);
		}
		await sleep(100);
	}
}

/**
 * SIGTERM, wait up to 3 s, then SIGKILL and wait up to 2 s more.
 * @param {Child} child
 */
async function stopChild(child) {
	const pid = child.process.pid;
	if (child.exited || !pid) return;
	const exited = new Promise((resolve) => child.process.once('exit', resolve));
	/** @param {number} ms */
	const within = (ms) => Promise.race([exited.then(() => true), sleep(ms).then(() => false)]);
	try {
		process.kill(pid, 'SIGTERM');
	} catch {
		return;
	}
	if (await within(3000)) return;
	try {
		process.kill(pid, 'SIGKILL');
	} catch {
		return;
	}
	await within(2000);
}
