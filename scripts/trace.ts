#!/usr/bin/env -S npx tsx
/**
 * `npm run trace -- <name> [type] [--mode direct|resolver] [--doh URL] [--root-hints FILE] [--port N] [--dnssec]
 *  [--trust-anchor FILE] [--json]`
 *
 * Runs the same walk as the app, in Node: direct mode sends UDP/TCP itself; resolver mode asks a DoH resolver.
 * Prints a `dig +trace`-like trace, or with --json one object. Exit 0 for a finished trace (NXDOMAIN and NODATA
 * included), 1 when the trace could not finish, 2 for bad input.
 */
import { readFileSync } from 'node:fs';
import { ROOT_ANCHORS, parseTrustAnchors } from '$lib/dnssec/anchors';
import type { Rr } from '$lib/dnssec/records';
import { parseArgs } from 'node:util';
import { dohResolver } from '$lib/dns/doh';
import { parseQueryName } from '$lib/dns/name';
import { IANA_ROOT_HINTS, parseRootHints, type NameServer } from '$lib/dns/root-hints';
import { className, rcodeName, recordTypeByName, typeName } from '$lib/dns/types';
import { describeHop, describeOutcome } from '$lib/dns/trace-record';
import { walk, type Hop, type WalkEvent, type WalkOutcome } from '$lib/dns/walk';
import type { DnsRecord } from '$lib/dns/wire';
import { socketTransport } from '$lib/server/dns-socket';

const USAGE = `usage: npm run trace -- <name> [type] [--mode direct|resolver] [--doh URL] [--root-hints FILE] [--port N]
                        [--dnssec] [--trust-anchor FILE] [--json]
  direct mode (default): asks the root, TLD and authoritative servers itself (RD=0), from the IANA root hints
                         or --root-hints FILE (named.root format)
  resolver mode:         reconstructs the walk via a DoH resolver (--doh URL, default Cloudflare)
  --dnssec:              validates the chain of trust from the root's trust anchors (built in: KSK-2017, KSK-2024)
  --trust-anchor FILE:   DS or DNSKEY records of the root in presentation format instead (implies --dnssec)`;

function fail(message: string, code = 2): never {
	process.stderr.write(`trace: ${message}\n`);
	process.exit(code);
}

let args: ReturnType<typeof parse>;
function parse() {
	return parseArgs({
		allowPositionals: true,
		options: {
			mode: { type: 'string', default: 'direct' },
			doh: { type: 'string', default: 'https://cloudflare-dns.com/dns-query' },
			'root-hints': { type: 'string' },
			port: { type: 'string' },
			json: { type: 'boolean', default: false },
			dnssec: { type: 'boolean', default: false },
			'trust-anchor': { type: 'string' },
			help: { type: 'boolean', short: 'h', default: false }
		}
	});
}
try {
	args = parse();
} catch (e) {
	fail(`${(e as Error).message}\n${USAGE}`);
}
if (args.values.help) {
	console.log(USAGE);
	process.exit(0);
}
const [rawName, rawType = 'A', ...extra] = args.positionals;
if (!rawName) fail(`which name?\n${USAGE}`);
if (extra.length) fail(`unexpected arguments: ${extra.join(' ')}\n${USAGE}`);
const parsedName = parseQueryName(rawName);
if (!parsedName.ok) fail(parsedName.error.message.en);
const type = recordTypeByName(rawType);
if (!type) fail(`unknown record type "${rawType}"; one of A, AAAA, CNAME, MX, TXT, NS, SOA, CAA, HTTPS, DS, DNSKEY, PTR`);
const typeCode = parsedName.value.reverseOf ? 12 : type.code;
const mode = args.values.mode;
if (mode !== 'direct' && mode !== 'resolver') fail(`--mode is direct or resolver, not "${mode}"`);
const port = args.values.port === undefined ? undefined : Number(args.values.port);
if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) fail(`--port ${args.values.port} is not a port`);

/** The text of a file named on the command line, or exit 2 saying why not. */
function readArgFile(file: string): string {
	try {
		return readFileSync(file, 'utf8');
	} catch (e) {
		fail(`cannot read ${file}: ${(e as Error).message}`);
	}
}

let rootHints: readonly NameServer[] = IANA_ROOT_HINTS;
const hintsFile = args.values['root-hints'];
if (hintsFile) rootHints = parseRootHints(readArgFile(hintsFile)) ?? fail(`${hintsFile} names no root server with an address`);
let anchors: readonly Rr[] | undefined = args.values.dnssec ? ROOT_ANCHORS : undefined;
const anchorFile = args.values['trust-anchor'];
if (anchorFile) {
	const parsed = parseTrustAnchors(readArgFile(anchorFile));
	if (!parsed.ok) fail(`${anchorFile}: ${parsed.error.message.en}`);
	anchors = parsed.value;
}
const dnssec = anchors ? { anchors } : undefined;
if (mode === 'resolver') {
	try {
		new URL(args.values.doh!);
	} catch {
		fail(`--doh ${args.values.doh} is not a URL`);
	}
}

const events =
	mode === 'direct'
		? walk({ mode, name: parsedName.value.name, type: typeCode, transport: socketTransport(), rootHints, port, dnssec })
		: walk({ mode, name: parsedName.value.name, type: typeCode, transport: dohResolver(args.values.doh!), dnssec });

const hops: Hop[] = [];
const json = args.values.json;
if (!json) console.log(`; wirewalk trace ${parsedName.value.fqdn} ${typeName(typeCode)} (${mode === 'direct' ? `direct, ${rootHints.length} root hints` : `via ${args.values.doh}`})`);
let outcome: WalkOutcome;
for (;;) {
	const next = await events.next();
	if (next.done) {
		outcome = next.value;
		break;
	}
	const event: WalkEvent = next.value;
	if (event.type === 'hop') hops.push(event);
	if (!json) printEvent(event);
}

if (json) {
	const context = { endpoint: mode === 'resolver' ? args.values.doh : undefined };
	const chain = outcome.dnssec;
	const hopVerdict = (h: Hop) => chain?.hops.find((v) => v.hop === h.id);
	console.log(
		JSON.stringify({
			query: { name: parsedName.value.fqdn, type: typeName(typeCode) },
			mode,
			...describeOutcome(outcome),
			// how long judging the chain took, its queries not included (the bench compares the browser's with this)
			...(outcome.dnssecMs !== undefined ? { dnssecMs: Math.round(outcome.dnssecMs * 100) / 100 } : {}),
			hops: hops.map((h) => {
				const v = hopVerdict(h);
				return { ...describeHop(h, context), ...(v ? { dnssec: v.security, reason: v.reason?.message.en ?? null } : {}) };
			})
		})
	);
} else {
	console.log(`; ${rcodeName(outcome.rcode)}, ${outcome.answer.length} answer record(s), ${outcome.queries} queries, ${Math.round(outcome.elapsedMs)} ms`);
	if (outcome.stopped) console.log(`; stopped: ${outcome.stopped.message.en}`);
	if (outcome.dnssec) printChain(outcome.dnssec);
}
const finished = !outcome.stopped && (outcome.rcode === 0 || outcome.rcode === 3);
if (!finished && !json) process.stderr.write(`trace: the trace did not finish: ${outcome.stopped?.message.en ?? rcodeName(outcome.rcode)}\n`);
process.exit(finished ? 0 : 1);

function printChain(chain: NonNullable<WalkOutcome['dnssec']>) {
	console.log(';; DNSSEC chain of trust');
	for (const z of chain.zones) console.log(`;   zone ${z.zone.padEnd(16)} ${z.security.toUpperCase()}${z.reason ? ` (${z.reason.message.en})` : ''}`);
	for (const v of chain.hops) {
		const h = hops.find((x) => x.id === v.hop);
		const what = h ? `${h.kind} ${h.question.name} ${typeName(h.question.type)}` : '';
		console.log(`;   hop ${String(v.hop).padStart(2)} ${v.zone.padEnd(16)} ${what.padEnd(40)} ${v.security.toUpperCase()}${v.reason ? ` (${v.reason.message.en})` : ''}`);
	}
	console.log(`; DNSSEC: ${chain.security.toUpperCase()}${chain.reason ? ` (${chain.reason.message.en})` : ''}`);
}

function printEvent(e: WalkEvent) {
	const indent = '  '.repeat(e.depth);
	if (e.type === 'subwalk') {
		console.log(`${indent}; ${e.reason === 'cname' ? 'following the alias to' : 'looking up the address of'} ${e.name} ${typeName(e.qtype)}`);
		return;
	}
	const who = e.server.via
		? `via ${e.server.via}${e.cached ? ' (cached in this trace)' : ''}`
		: `${e.server.name ?? '?'} (${e.server.address}${e.server.port ? `#${e.server.port}` : ''})`;
	const size = e.response ? `${e.response.length} bytes` : '';
	console.log(`${indent}${e.zone.padEnd(16)} ${who} ${e.protocol ?? ''} ${e.elapsedMs.toFixed(1)} ms ${size}  -> ${e.kind.toUpperCase()}`);
	const line = (r: DnsRecord) => `${indent}    ${r.name}\t${r.ttl}\t${className(r.class)}\t${typeName(r.type)}\t${r.text}`;
	if (e.referral) {
		for (const ns of e.referral.nameservers) console.log(`${indent}    ${e.referral.zone}\tNS\t${ns.name}${ns.addresses.length ? `  [${ns.addresses.join(', ')}]` : '  (no glue)'}`);
		for (const ds of e.referral.ds) console.log(line(ds));
	}
	for (const r of e.records) console.log(line(r));
	if (e.soa) console.log(line(e.soa));
	if (e.error) console.log(`${indent}    ; ${e.error.message.en}`);
}
