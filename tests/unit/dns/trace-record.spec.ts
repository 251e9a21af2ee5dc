/**
 * Trace records: dig lines, the JSON export, timings and reopening, on hops made by the real walk() against a
 * small scripted world (real encoded DNS messages, a clock the servers advance).
 */
import dnsPacket from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { fromHex } from '$lib/bytes/encoding';
import { ok } from '$lib/errors';
import type { NameServer } from '$lib/dns/root-hints';
import {
	digCommand,
	digTraceCommand,
	recordTrace,
	restoreEvent,
	restoreHop,
	timingSummary,
	traceFileName,
	traceToJson,
	type StoredHop,
	type TraceMeta,
	type TraceRecord
} from '$lib/dns/trace-record';
import { checkResponse, transportError, type DirectTransport, type Exchange, type ResolverTransport } from '$lib/dns/transport';
import { walk, type Hop, type WalkEvent, type WalkOutcome } from '$lib/dns/walk';

type Answer = Partial<dnsPacket.Packet> | 'timeout';

const questionOf = (query: Uint8Array) => dnsPacket.decode(Buffer.from(query)).questions![0]!;

/** The exchange of a server that answers `query` (its ID and question) with the sections and flags given. */
function exchange(query: Uint8Array, answer: Partial<dnsPacket.Packet>, elapsedMs: number, protocol: Exchange['protocol']) {
	const q = dnsPacket.decode(Buffer.from(query));
	const response = new Uint8Array(dnsPacket.encode({ type: 'response', id: q.id, flags: 0, questions: q.questions, ...answer } as dnsPacket.Packet));
	const message = checkResponse(query, response);
	if (!message.ok) throw new Error(message.error.message.en);
	return ok({ query, response, message: message.value, elapsedMs, protocol });
}

const AA = dnsPacket.AUTHORITATIVE_ANSWER;
const TC = dnsPacket.TRUNCATED_RESPONSE;
const ns = (name: string, data: string) => ({ type: 'NS' as const, name, ttl: 3600, data });
const a = (name: string, data: string) => ({ type: 'A' as const, name, ttl: 300, data });

const rootReferral: Answer = {
	authorities: [ns('example', 'ns1.example'), ns('example', 'ns2.example')],
	additionals: [a('ns1.example', '192.0.2.2'), a('ns2.example', '192.0.2.3')]
};

/**
 * The scripted world: a root (at a.root-servers.net's address and at 192.0.2.1), `example.` with one server that
 * never answers and one that refers on to `shop.example.`, which answers (a big TXT only over TCP).
 * Each server takes a fixed time, on the walk's clock.
 */
const SERVERS: Record<string, { ms: number; answer: (name: string, type: string, tcp: boolean) => Answer }> = {
	'198.41.0.4': { ms: 12.34, answer: () => rootReferral },
	'192.0.2.1': { ms: 12.34, answer: () => rootReferral },
	'192.0.2.2': { ms: 0, answer: () => 'timeout' },
	'192.0.2.3': { ms: 20, answer: () => ({ authorities: [ns('shop.example', 'ns.shop.example')], additionals: [a('ns.shop.example', '192.0.2.4')] }) },
	'192.0.2.4': {
		ms: 30,
		answer: (name, type, tcp) =>
			type === 'TXT' && !tcp
				? { flags: AA | TC }
				: type === 'TXT'
					? { flags: AA, answers: [{ type: 'TXT', name, ttl: 60, data: 'x'.repeat(200) }] }
					: { flags: AA, answers: [a(name, '192.0.2.80')] }
	}
};

function scriptedWorld() {
	let clock = 1000;
	const transport: DirectTransport = {
		async exchange(server, query, { tcp, timeoutMs }) {
			const q = questionOf(query);
			const script = SERVERS[server.address]!;
			const answer = script.answer(q.name, q.type, tcp);
			if (answer === 'timeout') {
				clock += timeoutMs;
				return transportError('timeout', { en: `${server.address} did not answer within 3 s.`, 'zh-CN': `${server.address} 在 3 秒内没有应答。` });
			}
			const ms = tcp ? script.ms * 1.5 : script.ms;
			clock += ms;
			return exchange(query, answer, ms, tcp ? 'tcp' : 'udp');
		}
	};
	return { transport, now: () => clock };
}

async function collect(events: AsyncGenerator<WalkEvent, WalkOutcome>) {
	const seen: WalkEvent[] = [];
	for (;;) {
		const next = await events.next();
		if (next.done) return { events: seen, outcome: next.value };
		seen.push(next.value);
	}
}

const IANA_ROOT: NameServer[] = [{ name: 'a.root-servers.net.', addresses: ['198.41.0.4'] }];
const LAB_ROOT: NameServer[] = [{ name: 'a.root.lab.', addresses: ['192.0.2.1'] }];
const STARTED = '2026-11-26T18:02:33.000Z';

async function directTrace(name: string, type: number, options: { rootHints?: NameServer[]; port?: number; dnssecOk?: boolean; mode?: 'direct' | 'demo' } = {}) {
	const world = scriptedWorld();
	const { events, outcome } = await collect(
		walk({ mode: 'direct', name, type, transport: world.transport, now: world.now, randomId: () => 0x1234, rootHints: options.rootHints ?? IANA_ROOT, port: options.port, dnssecOk: options.dnssecOk })
	);
	const meta: TraceMeta = { name: `${name}.`, type, mode: options.mode ?? 'direct', via: options.mode === 'demo' ? 'demo' : 'relay', startedAt: STARTED };
	return { events, outcome, record: recordTrace(meta, events, outcome) };
}

const hopsOf = (events: readonly WalkEvent[]) => events.filter((e): e is Hop => e.type === 'hop');
const storedHopsOf = (record: TraceRecord) => record.events.filter((e): e is StoredHop => e.type === 'hop');

/** A resolver that answers NS for example. and shop.example., a CNAME for www and an A for web; 5 ms each. */
function scriptedResolver(): ResolverTransport {
	const table: Record<string, Partial<dnsPacket.Packet>> = {
		'example/NS': { answers: [ns('example', 'ns1.example')] },
		'shop.example/NS': { answers: [ns('shop.example', 'ns.shop.example')] },
		'www.shop.example/A': { answers: [{ type: 'CNAME', name: 'www.shop.example', ttl: 300, data: 'web.shop.example' }] },
		'web.shop.example/A': { answers: [a('web.shop.example', '192.0.2.80')] }
	};
	return {
		label: 'dns.example.net',
		async exchange(query) {
			const q = questionOf(query);
			return exchange(query, { flags: dnsPacket.RECURSION_AVAILABLE, ...table[`${q.name}/${q.type}`] }, 5, 'doh');
		}
	};
}

async function resolverTrace(endpoint?: string) {
	const { events, outcome } = await collect(walk({ mode: 'resolver', name: 'www.shop.example', type: 1, transport: scriptedResolver(), now: () => 0 }));
	return { events, record: recordTrace({ name: 'www.shop.example.', type: 1, mode: 'resolver', via: 'dns.example.net', endpoint, startedAt: STARTED }, events, outcome) };
}

describe('dig lines', () => {
	it('direct mode: each hop as dig asks it, RD=0, with DO as the query had it', async () => {
		const { events, record } = await directTrace('www.shop.example', 1);
		expect(hopsOf(events).map((h) => digCommand(h))).toEqual([
			'dig @198.41.0.4 www.shop.example. A +norecurse +dnssec',
			'dig @192.0.2.2 www.shop.example. A +norecurse +dnssec',
			'dig @192.0.2.3 www.shop.example. A +norecurse +dnssec',
			'dig @192.0.2.4 www.shop.example. A +norecurse +dnssec'
		]);
		expect(digTraceCommand(record)).toBe('dig +trace www.shop.example. A');
	});

	it('direct mode: a port other than 53, and a root that is not IANA’s, are named', async () => {
		const { events, record } = await directTrace('www.shop.example', 1, { rootHints: LAB_ROOT, port: 5353 });
		expect(digCommand(hopsOf(events)[0]!)).toBe('dig @192.0.2.1 -p 5353 www.shop.example. A +norecurse +dnssec');
		expect(digTraceCommand(record)).toBe('dig +trace @192.0.2.1 -p 5353 www.shop.example. A');
	});

	it('direct mode: without DO there is no +dnssec, even for a hop that never got an answer', async () => {
		const { events, record } = await directTrace('www.shop.example', 1, { dnssecOk: false });
		expect(digCommand(hopsOf(events)[0]!)).toBe('dig @198.41.0.4 www.shop.example. A +norecurse');
		const json = JSON.parse(traceToJson(record)) as { events: { kind: string; dig: string }[] };
		expect(json.events.find((e) => e.kind === 'timeout')!.dig).toBe('dig @192.0.2.2 www.shop.example. A +norecurse');
		expect(digTraceCommand(record)).toBe('dig +trace www.shop.example. A +nodnssec');
	});

	it('direct mode: the answer after truncation is asked over TCP', async () => {
		const { events } = await directTrace('big.shop.example', 16);
		const last = hopsOf(events).slice(-2);
		expect(last.map((h) => h.kind)).toEqual(['truncated', 'answer']);
		expect(last.map((h) => digCommand(h))).toEqual([
			'dig @192.0.2.4 big.shop.example. TXT +norecurse +dnssec',
			'dig @192.0.2.4 big.shop.example. TXT +norecurse +dnssec +tcp'
		]);
	});

	it('demo mode: says there is no real server', async () => {
		const { events, record } = await directTrace('www.shop.example', 1, { rootHints: LAB_ROOT, mode: 'demo' });
		expect(digCommand(hopsOf(events)[0]!, { mode: 'demo' })).toBe('; demo world: no real server, equivalent to dig @192.0.2.1 www.shop.example. A +norecurse +dnssec');
		expect(digTraceCommand(record)).toBe('; demo world: no real server, equivalent to dig +trace @192.0.2.1 www.shop.example. A');
	});

	it('resolver mode: the question put to the DoH resolver (dig 9.18 +https / +http-plain)', async () => {
		const { events, record } = await resolverTrace();
		const hops = hopsOf(events);
		expect(digCommand(hops[0]!)).toBe('dig +https=/dns-query @dns.example.net example. NS +dnssec');
		expect(digCommand(hops.at(-1)!, { endpoint: 'https://dns.example.net:8443/custom/path' })).toBe(
			'dig +https=/custom/path @dns.example.net -p 8443 web.shop.example. A +dnssec'
		);
		expect(digCommand(hops[0]!, { endpoint: 'http://[::1]:8053/dns-query' })).toBe('dig +http-plain=/dns-query @::1 -p 8053 example. NS +dnssec');
		expect(digTraceCommand(record)).toBe('dig +https=/dns-query @dns.example.net www.shop.example. A +dnssec');
	});

	it('quotes names a shell would misread, and keeps a name that looks like an option a name', async () => {
		const [root] = hopsOf((await directTrace('www.shop.example', 1)).events);
		const asking = (name: string) => digCommand({ ...root!, question: { name, type: 1 } });
		expect(asking('a\\032b.example.')).toBe("dig @198.41.0.4 'a\\032b.example.' A +norecurse +dnssec");
		expect(asking("it's.example.")).toBe("dig @198.41.0.4 'it'\\''s.example.' A +norecurse +dnssec");
		expect(asking('$(reboot).example.')).toBe("dig @198.41.0.4 '$(reboot).example.' A +norecurse +dnssec");
		expect(asking('-x.example.')).toBe('dig @198.41.0.4 -q -x.example. A +norecurse +dnssec');
		expect(asking('*.example.')).toBe("dig @198.41.0.4 '*.example.' A +norecurse +dnssec");
	});
});

describe('JSON export', () => {
	it('carries the question, outcome and every event with its bytes in hex, and parses back', async () => {
		const { events, record } = await directTrace('www.shop.example', 1);
		const json = JSON.parse(traceToJson(record));
		expect(json).toMatchObject({
			format: 'wirewalk-trace',
			version: 1,
			query: { name: 'www.shop.example.', type: 'A' },
			mode: 'direct',
			via: 'relay',
			startedAt: STARTED,
			dig: 'dig +trace www.shop.example. A',
			rcode: 'NOERROR',
			answer: [{ name: 'www.shop.example.', type: 'A', ttl: 300, data: '192.0.2.80' }],
			queries: 4,
			elapsedMs: 3062.3
		});
		const hops = hopsOf(events);
		expect(json.events).toHaveLength(hops.length);
		for (const [i, hop] of hops.entries()) {
			const exported = json.events[i];
			expect(exported.hex.query === null ? undefined : fromHex(exported.hex.query)).toEqual(hop.query);
			expect(exported.hex.response === null ? undefined : fromHex(exported.hex.response)).toEqual(hop.response);
			if (hop.response) expect(exported.hex.response).toBe(Buffer.from(hop.response).toString('hex'));
		}
		expect(json.events.map((e: { zone: string; kind: string; elapsedMs: number; depth: number }) => `${e.depth} ${e.zone} ${e.kind} ${e.elapsedMs}`)).toEqual([
			'0 . referral 12.3',
			'0 example. timeout 3000',
			'0 example. referral 20',
			'0 shop.example. answer 30'
		]);
		expect(json.events[0]).toMatchObject({
			type: 'hop',
			server: { name: 'a.root-servers.net.', address: '198.41.0.4' },
			question: { name: 'www.shop.example.', type: 'A' },
			rcode: 'NOERROR',
			protocol: 'udp',
			dig: 'dig @198.41.0.4 www.shop.example. A +norecurse +dnssec'
		});
		expect(json.events[1].error).toEqual({
			code: 'timeout',
			message: '192.0.2.2 did not answer within 3 s.',
			messages: { en: '192.0.2.2 did not answer within 3 s.', 'zh-CN': '192.0.2.2 在 3 秒内没有应答。' }
		});
	});

	it('includes nested walks, with the cached hops marked', async () => {
		const { record } = await resolverTrace('https://dns.example.net/dns-query');
		const json = JSON.parse(traceToJson(record));
		expect(json.endpoint).toBe('https://dns.example.net/dns-query');
		expect(json.events.map((e: { type: string; depth: number; zone?: string; kind?: string; cached?: boolean; name?: string }) =>
			e.type === 'subwalk' ? `${e.depth} subwalk ${e.name}` : `${e.depth} ${e.zone} ${e.kind}${e.cached ? ' cached' : ''}`
		)).toEqual([
			'0 . referral',
			'0 example. referral',
			'0 shop.example. cname',
			'1 subwalk web.shop.example.',
			'1 . referral cached',
			'1 example. referral cached',
			'1 shop.example. answer'
		]);
	});
});

describe('timing summary', () => {
	it('sums each zone’s waits in walk order (a timeout too), and names the slowest hop', async () => {
		const { record } = await directTrace('www.shop.example', 1);
		expect(timingSummary(record)).toEqual({
			totalMs: 3062.3,
			queries: 4,
			perLevel: [
				{ zone: '.', depth: 0, hops: 1, ms: 12.3 },
				{ zone: 'example.', depth: 0, hops: 2, ms: 3020 },
				{ zone: 'shop.example.', depth: 0, hops: 1, ms: 30 }
			],
			slowest: 2
		});
	});

	it('counts hops answered from the trace’s own cache as 0 ms, and keeps a nested walk’s levels apart', async () => {
		const { record } = await resolverTrace();
		expect(timingSummary(record).perLevel).toEqual([
			{ zone: '.', depth: 0, hops: 1, ms: 5 },
			{ zone: 'example.', depth: 0, hops: 1, ms: 5 },
			{ zone: 'shop.example.', depth: 0, hops: 1, ms: 5 },
			{ zone: '.', depth: 1, hops: 1, ms: 0 },
			{ zone: 'example.', depth: 1, hops: 1, ms: 0 },
			{ zone: 'shop.example.', depth: 1, hops: 1, ms: 5 }
		]);
	});
});

describe('storing and reopening', () => {
	it('stores hops without the decoded message and decodes it again from the bytes', async () => {
		const { events, record } = await directTrace('big.shop.example', 16);
		// IndexedDB keeps a structured clone.
		const stored = structuredClone(record);
		const hops = hopsOf(events);
		for (const [i, hop] of storedHopsOf(stored).entries()) {
			expect('message' in hop).toBe(false);
			const restored = restoreHop(hop);
			expect(restored.message).toEqual(hops[i]!.message);
			expect(restored.response).toEqual(hops[i]!.response);
		}
		expect(stored.events.map(restoreEvent).map((e) => e.type)).toEqual(events.map((e) => e.type));
		expect(stored.id).toBe('2026-11-26T18:02:33.000Z/direct/big.shop.example./TXT');
	});

	it('names the export file after the question and the start time', async () => {
		const { record } = await directTrace('www.shop.example', 1);
		expect(traceFileName(record)).toBe('wirewalk-www.shop.example-A-20261126T1802.json');
		expect(traceFileName({ ...record, name: '.', type: 2 })).toBe('wirewalk-root-NS-20261126T1802.json');
		expect(traceFileName({ ...record, name: 'a\\032b/../x.example.' })).toBe('wirewalk-a_032b_.._x.example-A-20261126T1802.json');
	});
});

describe('a DNSSEC walk on record', () => {
	it('keeps the overall verdict and its reason (not the checks), and the export says it as the CLI does', async () => {
		const { judge, replay } = await import('../dnssec/recorded');
		const r = replay('bogusEdited');
		const chain = await judge(r);
		const outcome: WalkOutcome = { rcode: 0, answer: [], queries: 3, elapsedMs: 12, dnssec: chain, dnssecMs: 4 };
		const record = recordTrace({ name: r.c.name, type: 1, mode: 'direct', via: 'relay', startedAt: '2026-11-26T00:00:00.000Z' }, r.events, outcome);
		expect(record.outcome.dnssec).toEqual({ security: 'bogus', reason: chain.reason });
		expect(Object.keys(record.outcome.dnssec!)).toEqual(['security', 'reason']);
		const json = JSON.parse(traceToJson(record)) as { dnssec: string; reason: string };
		expect(json.dnssec).toBe('bogus');
		expect(json.reason).toBe(chain.reason!.message.en);
		// a walk without DNSSEC says nothing of it
		const plain = recordTrace({ name: r.c.name, type: 1, mode: 'direct', startedAt: '2026-11-26T00:00:00.000Z' }, r.events, { ...outcome, dnssec: undefined });
		expect('dnssec' in JSON.parse(traceToJson(plain))).toBe(false);
	});
});
