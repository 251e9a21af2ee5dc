/**
 * Walks recorded from the signed DNS lab (recorded/lab-chain.json, made by tests/lab/chain-fixture.ts: knot- and
 * ldns-signed zones, real responses), replayed as the walk yields them, with the clock set to when they were
 * recorded. Shared by the chain and ladder tests.
 */
import { readFileSync } from 'node:fs';
import { fromBase64 } from '$lib/dnssec/presentation';
import { parseTrustAnchors } from '$lib/dnssec/anchors';
import { validateChain, type ChainFetch } from '$lib/dnssec/chain';
import type { Rr } from '$lib/dnssec/records';
import type { Hop, WalkEvent } from '$lib/dns/walk';
import { decodeMessage, sameName, type DnsMessage } from '$lib/dns/wire';
import { crypto } from './helpers';

/** A hop as the fixture holds it: the bytes, and which records the hop contributed. */
type RecordedHop = Pick<Hop, 'type' | 'id' | 'depth' | 'mode' | 'zone' | 'question' | 'kind'> & {
	referral?: { zone: string };
	records: { name: string; type: number }[];
	response?: string;
};
interface RecordedCase {
	name: string;
	type: string;
	mode: 'direct' | 'resolver';
	security: string;
	events: (RecordedHop | Extract<WalkEvent, { type: 'subwalk' }>)[];
	fetched: { zone: string; type: 'DNSKEY' | 'DS'; response: string }[];
}
export const fixture = JSON.parse(readFileSync(new URL('./recorded/lab-chain.json', import.meta.url), 'utf8')) as {
	capturedAt: number;
	trustAnchor: string;
	cases: Record<string, RecordedCase>;
};
const parsedAnchor = parseTrustAnchors(fixture.trustAnchor);
if (!parsedAnchor.ok) throw new Error('the recorded trust anchor does not parse');
export const anchors = parsedAnchor.value;
export const ctx = (offsetMs = 0) => ({ crypto, now: () => fixture.capturedAt + offsetMs });
export const DAY = 86_400_000;

function message(base64: string): { response: Uint8Array; message: DnsMessage } {
	const response = fromBase64(base64)!;
	const decoded = decodeMessage(response);
	if (!decoded.ok) throw new Error('a recorded response does not decode');
	return { response, message: decoded.value };
}

/** The recorded walk as the walk yields it (the bytes and what was decoded from them). */
export function replay(id: string) {
	const c = fixture.cases[id]!;
	const events: WalkEvent[] = c.events.map((e) => {
		if (e.type === 'subwalk') return e;
		const { records, response, referral, ...recorded } = e;
		const m = response ? message(response) : undefined;
		const hop: Hop = {
			...recorded,
			server: {},
			elapsedMs: 0,
			response: m?.response,
			message: m?.message,
			referral: referral ? { zone: referral.zone, nameservers: [], ds: [] } : undefined,
			records: m ? m.message.answers.filter((r) => records.some((x) => x.type === r.type && sameName(x.name, r.name))) : [],
			explanation: { en: '', 'zh-CN': '' }
		};
		return hop;
	});
	const fetched: ChainFetch[] = c.fetched.map((f) => ({ zone: f.zone, type: f.type, ...message(f.response) }));
	return { c, events, fetched, hops: events.filter((e): e is Hop => e.type === 'hop') };
}

export const judge = (r: ReturnType<typeof replay>, options: { anchors?: readonly Rr[]; offsetMs?: number } = {}) =>
	validateChain({ events: r.events, fetched: r.fetched, anchors: options.anchors ?? anchors, ctx: ctx(options.offsetMs) });

