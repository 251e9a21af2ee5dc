/**
 * The walk, end to end: `npm run trace` in both modes against the lab, for every lab case. Each result must equal
 * the case's known answer and what unbound, a real validating-class resolver, answers for the same question.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeMessage, encodeQuery } from '$lib/dns/wire';
import { rcodeName, recordTypeByName, typeName } from '$lib/dns/types';
import { socketTransport } from '$lib/server/dns-socket';
import { runTrace } from './helpers';
import { LAB_CASES, LAB_DOH_URL, LAB_RESOLVER, ROOT_HINTS_FILE, queryUdp, startLab } from './lab.js';

interface Answer {
	name: string;
	type: string;
	data: string;
}
interface LabCase {
	name: string;
	type: string;
	rcode: string;
	answer: Answer[];
}
interface TraceJson {
	query: { name: string; type: string };
	mode: string;
	rcode: string;
	answer: (Answer & { ttl: number })[];
	hops: { zone: string; kind: string; server: { name: string | null; address: string | null; via?: string }; depth: number }[];
	queries: number;
	stopped?: { code: string; message: string };
}

const cases = Object.entries(LAB_CASES as Record<string, LabCase>);
let lab: { stop(): Promise<void> };

beforeAll(async () => {
	lab = await startLab();
});
afterAll(async () => {
	await lab?.stop();
});

const trace = (args: string[]) => runTrace<TraceJson>(args);

/** What unbound answers for the question: rcode and answer records in presentation form (our decoder). */
async function unbound(name: string, type: string): Promise<{ rcode: string; answer: Answer[] }> {
	const result = await queryUdp(LAB_RESOLVER.address, name, type, { rd: true, timeoutMs: 8000 });
	let bytes: Uint8Array = new Uint8Array(result.bytes);
	if (result.response.flag_tc) {
		// Truncated over UDP: ask unbound again over TCP, as any client would.
		const typeCode = recordTypeByName(type)!.code;
		const tcp = await socketTransport().exchange(LAB_RESOLVER, encodeQuery({ name, typeCode, id: 7 }), { tcp: true, timeoutMs: 8000 });
		if (!tcp.ok) throw new Error(tcp.error.message.en);
		bytes = tcp.value.response;
	}
	const decoded = decodeMessage(bytes);
	if (!decoded.ok) throw new Error(decoded.error.message.en);
	return {
		rcode: rcodeName(decoded.value.rcode),
		answer: decoded.value.answers.filter((r) => r.type !== 46).map((r) => ({ name: r.name.toLowerCase(), type: typeName(r.type), data: r.text }))
	};
}

const sorted = (answers: Answer[]) => answers.map(({ name, type, data }) => `${name} ${type} ${data}`).sort();

describe.each([
	{ mode: 'direct', args: ['--mode', 'direct', '--root-hints', ROOT_HINTS_FILE] },
	{ mode: 'resolver', args: ['--mode', 'resolver', '--doh', LAB_DOH_URL] }
])('npm run trace in $mode mode', ({ mode, args }) => {
	it.each(cases)('%s: the same rcode and answer as the known answer and as unbound', async (_id, c) => {
		const [result, reference] = await Promise.all([trace([c.name, c.type, '--json', ...args]), unbound(c.name, c.type)]);
		expect(result.json, `no JSON: ${result.err}`).toBeDefined();
		const json = result.json!;
		expect(json.mode).toBe(mode);
		expect(json.query).toEqual({ name: c.name, type: c.type });
		expect(json.rcode).toBe(c.rcode);
		expect(json.rcode).toBe(reference.rcode);
		expect(sorted(json.answer)).toEqual(sorted(c.answer));
		expect(sorted(json.answer)).toEqual(sorted(reference.answer));
		expect(result.code).toBe(c.rcode === 'SERVFAIL' ? 1 : 0);
		expect(json.queries).toBeLessThanOrEqual(64);
		// Every trace starts at the root.
		expect(json.hops[0]!.zone).toBe('.');
		if (mode === 'resolver') expect(json.hops.every((h) => h.server.via === '127.53.0.54:8053')).toBe(true);
	});
});

describe('what each walk shows', () => {
	it('direct mode: root -> test. -> wirewalk.test., each from the server named in the referral', async () => {
		const { json } = await trace(['www.wirewalk.test', 'A', '--json', '--mode', 'direct', '--root-hints', ROOT_HINTS_FILE]);
		expect(json!.hops.map((h) => `${h.zone} ${h.kind} ${h.server.address}`)).toEqual([
			'. referral 127.53.0.1',
			'test. referral 127.53.0.11',
			'wirewalk.test. answer 127.53.0.21'
		]);
	});

	it('direct mode: fails over from a server with nothing listening and one that refuses', async () => {
		const { json } = await trace(['www.lame.test', 'A', '--json', '--mode', 'direct', '--root-hints', ROOT_HINTS_FILE]);
		const kinds = json!.hops.filter((h) => h.zone === 'lame.test.').map((h) => `${h.kind} ${h.server.address}`);
		expect(kinds).toEqual(['unreachable 127.53.0.30', 'refused 127.53.0.31', 'answer 127.53.0.32']);
	});

	it('direct mode: times out on a server that never answers, then asks the next', async () => {
		const { json } = await trace(['www.timeout.test', 'A', '--json', '--mode', 'direct', '--root-hints', ROOT_HINTS_FILE]);
		const kinds = json!.hops.filter((h) => h.zone === 'timeout.test.').map((h) => `${h.kind} ${h.server.address}`);
		expect(kinds).toEqual(['timeout 127.53.0.33', 'answer 127.53.0.34']);
	});

	it('direct mode: a glueless delegation is resolved by a nested walk through example.', async () => {
		const { json } = await trace(['www.glueless.test', 'A', '--json', '--mode', 'direct', '--root-hints', ROOT_HINTS_FILE]);
		const nested = json!.hops.filter((h) => h.depth === 1);
		expect(nested.map((h) => h.zone)).toEqual(['.', 'example.', 'hosting.example.'].slice(0, nested.length));
		expect(nested.at(-1)!.kind).toBe('answer');
		expect(json!.hops.at(-1)).toMatchObject({ zone: 'glueless.test.', kind: 'answer', depth: 0 });
	});

	it('direct mode: a truncated UDP answer is asked again over TCP', async () => {
		const { json } = await trace(['big.wirewalk.test', 'TXT', '--json', '--mode', 'direct', '--root-hints', ROOT_HINTS_FILE]);
		const last = json!.hops.filter((h) => h.zone === 'wirewalk.test.').map((h) => `${h.kind} ${h.server.address}`);
		expect(last).toEqual(['truncated 127.53.0.21', 'answer 127.53.0.21']);
		expect(json!.answer).toHaveLength(7);
	});

	it('direct mode: a DNAME rewrites the name and the walk goes on at the target', async () => {
		const { json } = await trace(['edge.legacy.wirewalk.test', 'A', '--json', '--mode', 'direct', '--root-hints', ROOT_HINTS_FILE]);
		expect(json!.hops.map((h) => `${h.depth} ${h.zone} ${h.kind}`)).toEqual([
			'0 . referral',
			'0 test. referral',
			'0 wirewalk.test. dname',
			'1 . referral',
			'1 example. referral',
			'1 cdn.example. answer'
		]);
	});

	it('direct mode: a CNAME loop stops with a clear reason', async () => {
		const { json, code } = await trace(['loop1.wirewalk.test', 'A', '--json', '--mode', 'direct', '--root-hints', ROOT_HINTS_FILE]);
		expect(code).toBe(1);
		expect(json!.stopped?.code).toBe('cname-loop');
	});

	it('resolver mode: finds the two-label zone cut of shop.co.test., and no cut at co.test.', async () => {
		const { json } = await trace(['www.shop.co.test', 'A', '--json', '--mode', 'resolver', '--doh', LAB_DOH_URL]);
		expect(json!.hops.map((h) => `${h.zone} ${h.kind}`)).toEqual(['. referral', 'test. referral', 'shop.co.test. answer']);
	});

	it('resolver mode: a CNAME across TLDs walks again, nested, for the target', async () => {
		const { json } = await trace(['cdn.wirewalk.test', 'A', '--json', '--mode', 'resolver', '--doh', LAB_DOH_URL]);
		expect(json!.hops.map((h) => `${h.depth} ${h.zone} ${h.kind}`)).toEqual([
			'0 . referral',
			'0 test. referral',
			'0 wirewalk.test. cname',
			'1 . referral',
			'1 example. referral',
			'1 cdn.example. answer'
		]);
	});

	it('rejects bad input with a clear message and exit code 2', async () => {
		const bad = await trace(['exa mple.com', 'A']);
		expect(bad.code).toBe(2);
		expect(bad.err).toContain('cannot contain spaces');
		const type = await trace(['example.com', 'BOGUS']);
		expect(type.code).toBe(2);
		expect(type.err).toContain('unknown record type');
	});
});
