/**
 * Records real walks through the signed lab as a fixture for the chain validator's unit tests
 * (tests/unit/dnssec/recorded/lab-chain.json): every hop's response bytes, the DNSKEY/DS responses fetched, the lab's
 * trust anchor and the time, so that tests/unit/dnssec/chain.spec.ts replays them offline with the clock set.
 *
 *   npx tsx tests/lab/chain-fixture.ts [OUT]      (as root: it starts the lab)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { toBase64 } from '$lib/bytes/encoding';
import { parseTrustAnchors } from '$lib/dnssec/anchors';
import { dohResolver } from '$lib/dns/doh';
import { parseRootHints } from '$lib/dns/root-hints';
import { recordTypeByName } from '$lib/dns/types';
import { walk } from '$lib/dns/walk';
import type { DirectTransport, ResolverTransport } from '$lib/dns/transport';
import { socketTransport } from '$lib/server/dns-socket';
import { drainWalk } from './helpers';
import { LAB_DNSSEC_CASES, LAB_DOH_URL, ROOT_HINTS_FILE, startLab } from './lab.js';

const OUT = process.argv[2] ?? new URL('../unit/dnssec/recorded/lab-chain.json', import.meta.url).pathname;
const RECORDED: [string, 'direct' | 'resolver'][] = [
	['secureEcdsa', 'direct'],
	['secureCname', 'resolver'],
	['nxdomainNsec3', 'direct'],
	['insecureNsec3', 'direct'],
	['bogusEdited', 'direct']
];

const lab = await startLab();
try {
	const parsed = parseTrustAnchors(lab.trustAnchor);
	if (!parsed.ok) throw new Error(parsed.error.message.en);
	const rootHints = parseRootHints(readFileSync(ROOT_HINTS_FILE, 'utf8'))!;
	const capturedAt = Date.now();
	const cases: Record<string, unknown> = {};
	for (const [id, mode] of RECORDED) {
		const c = (LAB_DNSSEC_CASES as Record<string, { name: string; type: string }>)[id]!;
		// Every DNSKEY/DS response the walk fetches passes through here (the hops carry their own bytes).
		const fetched: { zone: string; type: 'DNSKEY' | 'DS'; response: string }[] = [];
		const note = (query: Uint8Array, response: Uint8Array) => {
			const qtype = (query[query.indexOf(0, 12) + 1]! << 8) | query[query.indexOf(0, 12) + 2]!;
			if (qtype !== 48 && qtype !== 43) return;
			fetched.push({ zone: '', type: qtype === 48 ? 'DNSKEY' : 'DS', response: toBase64(response) });
		};
		const direct = socketTransport();
		const recordingDirect: DirectTransport = {
			async exchange(server, query, options) {
				const result = await direct.exchange(server, query, options);
				if (result.ok) note(query, result.value.response);
				return result;
			}
		};
		const doh = dohResolver(LAB_DOH_URL);
		const recordingDoh: ResolverTransport = {
			label: doh.label,
			async exchange(query, options) {
				const result = await doh.exchange(query, options);
				if (result.ok) note(query, result.value.response);
				return result;
			}
		};
		const common = { name: c.name, type: recordTypeByName(c.type)!.code, dnssec: { anchors: parsed.value } };
		const gen =
			mode === 'direct'
				? walk({ ...common, mode, transport: recordingDirect, rootHints })
				: walk({ ...common, mode, transport: recordingDoh });
		const { events, outcome } = await drainWalk(gen);
		cases[id] = {
			name: c.name,
			type: c.type,
			mode,
			security: outcome.dnssec!.security,
			events: events.map((e) =>
				e.type === 'subwalk'
					? e
					: {
							type: 'hop',
							id: e.id,
							depth: e.depth,
							mode: e.mode,
							zone: e.zone,
							question: e.question,
							kind: e.kind,
							referral: e.referral ? { zone: e.referral.zone } : undefined,
							records: e.records.map((r) => ({ name: r.name, type: r.type })),
							response: e.response ? toBase64(e.response) : undefined
						}
			),
			// the zone of a fetched response is its question name
			fetched: fetched.map((f) => ({ ...f, zone: zoneOf(f.response) })).filter((f, i, all) => all.findIndex((g) => g.zone === f.zone && g.type === f.type) === i)
		};
	}
	writeFileSync(OUT, JSON.stringify({ about: 'Recorded from the signed DNS lab by tests/lab/chain-fixture.ts', capturedAt, trustAnchor: lab.trustAnchor, cases }, null, '\t') + '\n');
	console.log(`wrote ${OUT}`);
} finally {
	await lab.stop();
}

function zoneOf(base64: string): string {
	const bytes = Buffer.from(base64, 'base64');
	const labels: string[] = [];
	for (let at = 12, n = 0; n < 128; n++) {
		const len = bytes[at]!;
		if (len === 0) break;
		labels.push(bytes.subarray(at + 1, at + 1 + len).toString('latin1'));
		at += 1 + len;
	}
	return labels.length ? `${labels.join('.')}.` : '.';
}
