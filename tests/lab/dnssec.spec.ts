/**
 * DNSSEC against the lab's signed zones: for every DNSSEC case, the chain validator's verdict (src/lib/dnssec/chain.ts,
 * through the walk, in both modes, and through `npm run trace -- --dnssec --json`) equals unbound's, a validating
 * resolver with the lab's own trust anchor: AD set = secure, SERVFAIL with an EDE = bogus, an answer without AD =
 * insecure. Every zone, key and signature comes from knot, ldns-signzone and keymgr at lab start.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_ANCHORS, parseTrustAnchors } from '$lib/dnssec/anchors';
import type { Rr } from '$lib/dnssec/records';
import type { Security } from '$lib/dnssec/verdict';
import { dohResolver } from '$lib/dns/doh';
import { parseRootHints } from '$lib/dns/root-hints';
import { recordTypeByName } from '$lib/dns/types';
import { walk, type Hop, type WalkEvent, type WalkOutcome } from '$lib/dns/walk';
import { decodeMessage } from '$lib/dns/wire';
import { socketTransport } from '$lib/server/dns-socket';
import { drainWalk, resolverVerdict, runTrace } from './helpers';
import { LAB_DNSSEC_CASES, LAB_DOH_URL, LAB_RESOLVER, ROOT_HINTS_FILE, startLab } from './lab.js';

interface DnssecCase {
	name: string;
	type: string;
	security: Security;
	rcode: string;
	about: string;
}

const cases = Object.entries(LAB_DNSSEC_CASES as Record<string, DnssecCase>);
const rootHints = parseRootHints(readFileSync(ROOT_HINTS_FILE, 'utf8'))!;
/** Why each bogus case is bogus: our reason code, and unbound's Extended DNS Error (RFC 8914) info code. */
const BOGUS: Record<string, { reason: string; ede: number }> = {
	bogusExpired: { reason: 'signature-expired', ede: 7 },
	bogusDs: { reason: 'ds-mismatch', ede: 9 },
	bogusEdited: { reason: 'signature-invalid', ede: 6 }
};

let lab: { stop(): Promise<void>; trustAnchor: string; trustAnchorFile: string };
let anchors: Rr[];

beforeAll(async () => {
	lab = await startLab();
	const parsed = parseTrustAnchors(lab.trustAnchor);
	if (!parsed.ok) throw new Error(`the lab's trust anchor does not parse: ${parsed.error.message.en}`);
	anchors = parsed.value;
});
afterAll(async () => {
	await lab?.stop();
});

const typeCode = (type: string) => recordTypeByName(type)!.code;

const unboundVerdict = (c: DnssecCase) => resolverVerdict(LAB_RESOLVER, c.name, typeCode(c.type));

async function runWalk(c: DnssecCase, mode: 'direct' | 'resolver', trust: readonly Rr[]): Promise<{ outcome: WalkOutcome; events: WalkEvent[] }> {
	const common = { name: c.name, type: typeCode(c.type), dnssec: { anchors: trust } };
	const gen =
		mode === 'direct'
			? walk({ ...common, mode, transport: socketTransport(), rootHints })
			: walk({ ...common, mode, transport: dohResolver(LAB_DOH_URL) });
	return drainWalk(gen);
}

const trace = (args: string[]) => runTrace(args);

describe('unbound, validating with the lab anchor, agrees with the lab cases', () => {
	it.each(cases)('case %s', async (id, c) => {
		const unbound = await unboundVerdict(c);
		expect(unbound.security, `${c.name} ${c.type}`).toBe(c.security);
		if (c.security === 'bogus') expect(unbound.ede, 'EDE info code').toBe(BOGUS[id]!.ede);
		else expect(unbound.message.rcode).toBe(c.rcode === 'NXDOMAIN' ? 3 : 0);
	});
});

describe.each(['direct', 'resolver'] as const)('the chain validator, %s mode', (mode) => {
	it.each(cases)('case %s: the same verdict as unbound', async (id, c) => {
		const [{ outcome, events }, unbound] = await Promise.all([runWalk(c, mode, anchors), unboundVerdict(c)]);
		const chain = outcome.dnssec!;
		expect(chain, 'the outcome has a chain verdict').toBeDefined();
		expect(chain.security, `${c.name}: ${chain.reason?.message.en}`).toBe(unbound.security);
		expect(chain.security).toBe(c.security);
		if (c.security === 'secure') expect(chain.reason).toBeUndefined();
		else expect(chain.reason?.message.en.length).toBeGreaterThan(10);
		if (c.security === 'bogus') expect(chain.reason?.code).toBe(BOGUS[id]!.reason);
		if (c.security === 'insecure') expect(chain.reason?.code).toBe('unsigned-delegation');
		// every hop that makes the answer got a verdict, and the root's keys were checked against the anchor
		const hops = events.filter((e): e is Hop => e.type === 'hop' && !!e.message && ['answer', 'cname', 'nxdomain', 'nodata'].includes(e.kind));
		expect(hops.length).toBeGreaterThan(0);
		for (const hop of hops) expect(chain.hops.map((v) => v.hop)).toContain(hop.id);
		const root = chain.zones.find((z) => z.zone === '.')!;
		expect(root.security).toBe('secure');
		expect(root.checks.some((check) => check.kind === 'ds' && check.passed)).toBe(true);
	});
});

describe('the chain, step by step', () => {
	it('direct: anchor -> . -> DS test. -> DNSKEY test. -> DS wirewalk.test. -> DNSKEY -> RRSIG over the A RRset', async () => {
		const { outcome, events } = await runWalk(LAB_DNSSEC_CASES.secureEcdsa as DnssecCase, 'direct', anchors);
		const chain = outcome.dnssec!;
		expect(chain.zones.map((z) => `${z.zone} ${z.security}`).sort()).toEqual(['. secure', 'test. secure', 'wirewalk.test. secure']);
		const hops = events.filter((e): e is Hop => e.type === 'hop');
		expect(hops.map((h) => `${h.zone} ${h.kind}`)).toEqual(['. referral', 'test. referral', 'wirewalk.test. answer']);
		for (const v of chain.hops) expect(v.security).toBe('secure');
		const zone = chain.zones.find((z) => z.zone === 'wirewalk.test.')!;
		// the DS of wirewalk.test. is signed by test.'s ZSK; the DS digest matches the KSK; the KSK signs the DNSKEY RRset
		expect(zone.checks.filter((c) => c.kind === 'signature' && c.passed).length).toBeGreaterThanOrEqual(2);
		expect(zone.checks.find((c) => c.kind === 'ds')).toMatchObject({ passed: true, algorithm: 13, digestType: 2 });
		const answer = chain.hops.find((v) => v.hop === hops[2]!.id)!;
		expect(answer.checks.find((c) => c.kind === 'signature')).toMatchObject({ passed: true, algorithm: 13 });
	});

	it('the algorithms: 8 for shop.co.test., 15 for cdn.example., 13 for the rest', async () => {
		for (const [id, algorithm] of [['secureRsa', 8], ['secureEd25519', 15], ['secureEcdsa', 13]] as const) {
			const { outcome, events } = await runWalk(LAB_DNSSEC_CASES[id] as DnssecCase, 'direct', anchors);
			const answer = events.filter((e): e is Hop => e.type === 'hop').at(-1)!;
			const verdict = outcome.dnssec!.hops.find((v) => v.hop === answer.id)!;
			expect(verdict.checks.find((c) => c.kind === 'signature'), id).toMatchObject({ passed: true, algorithm });
		}
	});

	it('insecure: the referral to lame.test. carries an NSEC3 proof that there is no DS; lab. an NSEC one', async () => {
		for (const [id, zone, by] of [['insecureNsec3', 'lame.test.', /^[0-9a-v]{32}\.test\.$/], ['insecureNsec', 'lab.', /^lab\.$/]] as const) {
			const { outcome } = await runWalk(LAB_DNSSEC_CASES[id] as DnssecCase, 'direct', anchors);
			const z = outcome.dnssec!.zones.find((x) => x.zone === zone)!;
			expect(z.security, id).toBe('insecure');
			const denial = z.checks.find((c) => c.kind === 'denial' && c.passed);
			expect(denial, id).toBeDefined();
			expect(denial && 'by' in denial ? denial.by : '', id).toMatch(by);
		}
	});

	it("the Internet's root anchors do not fit the lab's root: the whole chain is bogus at the root", async () => {
		const { outcome } = await runWalk(LAB_DNSSEC_CASES.secureEcdsa as DnssecCase, 'direct', ROOT_ANCHORS);
		expect(outcome.dnssec!.security).toBe('bogus');
		expect(outcome.dnssec!.reason?.code).toBe('ds-mismatch');
		expect(outcome.dnssec!.zones.find((z) => z.zone === '.')?.security).toBe('bogus');
	});

	it('resolver mode asks for each zone\'s DNSKEY along the way: all are sent before the answer hop appears', async () => {
		const doh = dohResolver(LAB_DOH_URL);
		const asked: string[] = [];
		const transport = {
			label: doh.label,
			exchange(query: Uint8Array, options: { timeoutMs: number }) {
				const q = decodeMessage(query);
				if (q.ok) asked.push(`${q.value.questions[0]!.name}/${q.value.questions[0]!.type}`);
				return doh.exchange(query, options);
			}
		};
		const c = LAB_DNSSEC_CASES.secureEcdsa as DnssecCase;
		const gen = walk({ mode: 'resolver', name: c.name, type: typeCode(c.type), transport, dnssec: { anchors } });
		let atAnswer: string[] | undefined;
		for (let step = await gen.next(); !step.done; step = await gen.next()) {
			if (step.value.type === 'hop' && step.value.kind === 'answer') atAnswer = [...asked];
		}
		const dnskeys = (list: string[]) => list.filter((a) => a.endsWith('/48')).sort();
		expect(dnskeys(atAnswer!)).toEqual(['./48', 'test./48', 'wirewalk.test./48'].sort());
		// and nothing is asked again after the walk: the chain reads what was fetched
		expect(dnskeys(asked)).toEqual(dnskeys(atAnswer!));
	});

	it('without the dnssec option the walk is as before: no verdict, no CD bit, no DNSKEY queries', async () => {
		for (const mode of ['direct', 'resolver'] as const) {
			const c = LAB_DNSSEC_CASES.bogusEdited as DnssecCase;
			const gen =
				mode === 'direct'
					? walk({ mode, name: c.name, type: 1, transport: socketTransport(), rootHints })
					: walk({ mode, name: c.name, type: 1, transport: dohResolver(LAB_DOH_URL) });
			const { events, outcome } = await drainWalk(gen);
			expect(outcome.dnssec).toBeUndefined();
			const hops = events.filter((e): e is Hop => e.type === 'hop');
			for (const hop of hops) expect(hop.message?.flags.cd ?? false).toBe(false);
			// a validating resolver without CD refuses the edited record; the authoritative server hands it out
			expect(rcodeOf(outcome)).toBe(mode === 'resolver' ? 'SERVFAIL' : 'NOERROR');
		}
	});
});

function rcodeOf(outcome: WalkOutcome) {
	return ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN'][outcome.rcode] ?? String(outcome.rcode);
}

describe('the CLI: npm run trace -- --trust-anchor FILE --json', () => {
	it.each(cases.flatMap(([id, c]) => (['direct', 'resolver'] as const).map((mode) => [`${id} ${mode}`, c, mode] as const)))(
		'case %s',
		async (_label, c, mode) => {
			const where = mode === 'direct' ? ['--root-hints', ROOT_HINTS_FILE] : ['--mode', 'resolver', '--doh', LAB_DOH_URL];
			const result = await trace([c.name, c.type, ...where, '--trust-anchor', lab.trustAnchorFile, '--json']);
			const json = JSON.parse(result.out) as { dnssec: string; reason: string | null; hops: { dnssec?: string }[] };
			expect(json.dnssec, result.err).toBe(c.security);
			if (c.security === 'secure') expect(json.reason).toBeNull();
			else expect(json.reason?.length).toBeGreaterThan(20);
			expect(json.hops.some((h) => h.dnssec === c.security)).toBe(true);
		}
	);

	it('prints the verdict per zone, per hop and overall in text mode', async () => {
		const result = await trace(['www.edited.test', '--root-hints', ROOT_HINTS_FILE, '--trust-anchor', lab.trustAnchorFile]);
		expect(result.out).toMatch(/^;\s+zone test\.\s+SECURE$/m);
		expect(result.out).toMatch(/^;\s+hop\s+\d+ edited\.test\.\s+answer www\.edited\.test\. A\s+BOGUS \(The signature made with key \d+ does not verify/m);
		expect(result.out).toMatch(/^; DNSSEC: BOGUS /m);
	});

	it('--trust-anchor rejects a file without DS or DNSKEY records', async () => {
		const result = await trace(['www.wirewalk.test', '--root-hints', ROOT_HINTS_FILE, '--trust-anchor', ROOT_HINTS_FILE]);
		expect(result.code).toBe(2);
		expect(result.err).toMatch(/trust anchor|DS or DNSKEY/);
	});
});
