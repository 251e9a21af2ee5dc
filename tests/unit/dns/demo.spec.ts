/**
 * The demo world, offline: the real walk (direct mode) over the demo transport, for every suggestion and the
 * special cases, against the known answers of the zone files in scripts/demo-world/zones. Whether the demo
 * servers answer like real server software is tests/lab/demo-world.spec.ts's question.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demoRootHints, demoTransport, parseDemoWorld, type DemoTransportOptions, type DemoWorld } from '$lib/dns/demo';
import { recordTypeByName, typeName } from '$lib/dns/types';
import { walk, type Hop, type SubWalk, type WalkEvent, type WalkLimits, type WalkOutcome } from '$lib/dns/walk';
import { encodeQuery } from '$lib/dns/wire';

const json: unknown = JSON.parse(readFileSync(new URL('../../../static/demo/world.json', import.meta.url), 'utf8'));
const parsed = parseDemoWorld(json);
if (!parsed.ok) throw new Error(parsed.error.message.en);
const world: DemoWorld = parsed.value;

const typeCode = (type: string) => recordTypeByName(type)?.code ?? Number(type);

async function run(name: string, type: string, options: { transport?: DemoTransportOptions; dnssecOk?: boolean; limits?: Partial<WalkLimits> } = {}) {
	const events: WalkEvent[] = [];
	const walking = walk({
		mode: 'direct',
		name,
		type: typeCode(type),
		transport: demoTransport(world, options.transport),
		rootHints: demoRootHints(world),
		dnssecOk: options.dnssecOk,
		limits: options.limits
	});
	let step = await walking.next();
	for (; !step.done; step = await walking.next()) events.push(step.value);
	const outcome: WalkOutcome = step.value;
	const hops = events.filter((e): e is Hop => e.type === 'hop');
	return {
		events,
		hops,
		outcome,
		/** `depth zone kind` per hop, and `depth subwalk:reason name` where a nested walk starts. */
		path: events.map((e) => (e.type === 'hop' ? `${e.depth} ${e.zone} ${e.kind}` : `${e.depth} subwalk:${e.reason} ${e.name}`)),
		answer: outcome.answer.map((r) => `${r.name.toLowerCase()} ${typeName(r.type)} ${r.text}`)
	};
}

/** Every suggestion's known walk and answer (the test below fails for a suggestion missing here). */
const KNOWN: Record<string, { path: string[]; rcode: number; answer: string[] }> = {
	'shop.demo. A': { path: ['0 . referral', '0 demo. referral', '0 shop.demo. answer'], rcode: 0, answer: ['shop.demo. A 203.0.113.10'] },
	'www.hello.test. AAAA': { path: ['0 . referral', '0 test. referral', '0 hello.test. answer'], rcode: 0, answer: ['www.hello.test. AAAA 2001:db8::80'] },
	'www.shop.demo. A': {
		path: ['0 . referral', '0 demo. referral', '0 shop.demo. cname', '1 subwalk:cname edge.cdn.example.', '1 . referral', '1 example. referral', '1 cdn.example. answer'],
		rcode: 0,
		answer: ['www.shop.demo. CNAME edge.cdn.example.', 'edge.cdn.example. A 203.0.113.60']
	},
	'www.glueless.demo. A': {
		path: ['0 . referral', '0 demo. referral', '1 subwalk:glueless ns1.hosting.example.', '1 . referral', '1 example. answer', '0 glueless.demo. answer'],
		rcode: 0,
		answer: ['www.glueless.demo. A 203.0.113.50']
	},
	'www.lame.demo. A': {
		path: ['0 . referral', '0 demo. referral', '0 lame.demo. refused', '0 lame.demo. answer'],
		rcode: 0,
		answer: ['www.lame.demo. A 203.0.113.30']
	},
	'nope.shop.demo. A': { path: ['0 . referral', '0 demo. referral', '0 shop.demo. nxdomain'], rcode: 3, answer: [] },
	'mail.shop.demo. AAAA': { path: ['0 . referral', '0 demo. referral', '0 shop.demo. nodata'], rcode: 0, answer: [] },
	'shop.demo. MX': { path: ['0 . referral', '0 demo. referral', '0 shop.demo. answer'], rcode: 0, answer: ['shop.demo. MX 10 mail.shop.demo.'] },
	'note.hello.test. TXT': {
		path: ['0 . referral', '0 test. referral', '0 hello.test. answer'],
		rcode: 0,
		answer: ['note.hello.test. TXT "<b>not bold</b><script>alert(1)</script>"']
	},
	'shop.demo. HTTPS': { path: ['0 . referral', '0 demo. referral', '0 shop.demo. answer'], rcode: 0, answer: ['shop.demo. HTTPS 1 . alpn="h2,h3"'] },
	'shop.demo. CAA': { path: ['0 . referral', '0 demo. referral', '0 shop.demo. answer'], rcode: 0, answer: ['shop.demo. CAA 0 issue "ca.example"'] },
	'10.113.0.203.in-addr.arpa. PTR': { path: ['0 . referral', '0 arpa. answer'], rcode: 0, answer: ['10.113.0.203.in-addr.arpa. PTR shop.demo.'] },
	'www.hello.test. A': { path: ['0 . referral', '0 test. referral', '0 hello.test. answer'], rcode: 0, answer: ['www.hello.test. A 203.0.113.80'] },
	'glueless.demo. TXT': {
		path: ['0 . referral', '0 demo. referral', '1 subwalk:glueless ns1.hosting.example.', '1 . referral', '1 example. answer', '0 glueless.demo. answer'],
		rcode: 0,
		answer: ['glueless.demo. TXT "this zone is not signed: DNSSEC cannot vouch for it"']
	},
	// the address as edited after signing (tampered.demo.'s RRSIG covers 203.0.113.70)
	'www.tampered.demo. A': { path: ['0 . referral', '0 demo. referral', '0 tampered.demo. answer'], rcode: 0, answer: ['www.tampered.demo. A 203.0.113.99'] }
};

describe('the demo world file', () => {
	it('has two roots, three TLDs and more, and a server behind every address it hands out', () => {
		expect(world.roots.map((r) => r.name)).toEqual(['a.root.demo.', 'b.root.demo.']);
		const tlds = [...world.zones.get('.')!].filter((r) => r.type === 2 && r.name !== '.').map((r) => r.name);
		expect(new Set(tlds)).toEqual(new Set(['demo.', 'example.', 'test.', 'arpa.']));
		const addresses = new Set(world.servers.map((s) => s.address));
		// Every A record of a name server (a name some NS record points to) leads to a demo server.
		const nsNames = new Set([...world.zones.values()].flat().filter((r) => r.type === 2).map((r) => decodeName(r.rdata)));
		const nsAddresses = [...world.zones.values()].flat().filter((r) => r.type === 1 && nsNames.has(r.name));
		expect(nsAddresses.length).toBeGreaterThan(10);
		for (const r of nsAddresses) expect(addresses.has(Array.from(r.rdata).join('.')), r.name).toBe(true);
	});

	it('suggests names in both languages, each with a known answer here', () => {
		expect(world.suggestions.length).toBeGreaterThanOrEqual(8);
		for (const s of world.suggestions) {
			expect(KNOWN[`${s.name} ${s.type}`], `${s.name} ${s.type}`).toBeDefined();
			expect(s.about.en.length).toBeGreaterThan(10);
			expect(s.about['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
		}
	});

	it('refuses damaged data with a message in both languages', () => {
		const bad = (mutate: (w: Record<string, unknown>) => void) => {
			const copy = JSON.parse(JSON.stringify(json)) as Record<string, unknown>;
			mutate(copy);
			const result = parseDemoWorld(copy);
			if (result.ok) throw new Error('accepted a damaged world');
			expect(result.error.code).toBe('bad-world');
			expect(result.error.message['zh-CN']).toMatch(/演示世界/);
			return result.error.message.en;
		};
		expect(parseDemoWorld(null).ok).toBe(false);
		expect(parseDemoWorld('<html>').ok).toBe(false);
		expect(bad((w) => (w.version = 1))).toMatch(/version 1/);
		expect(bad((w) => delete w.trustAnchor)).toMatch(/trustAnchor is not text/);
		expect(bad((w) => (w.trustAnchor = '. IN A 192.0.2.1'))).toMatch(/trustAnchor: /);
		expect(bad((w) => (w.trustAnchor = String(w.trustAnchor).replace(/^\. /, 'demo. ')))).toMatch(/another zone than the root/);
		expect(bad((w) => ((w.zones as Record<string, { rdata: string }[]>)['shop.demo.']![0]!.rdata = 'zz'))).toMatch(/rdata is not hex/);
		expect(bad((w) => ((w.zones as Record<string, unknown[]>)['test.'] = []))).toMatch(/test\. has no single SOA/);
		expect(bad((w) => ((w.servers as { zones: string[] }[])[0]!.zones = ['nowhere.']))).toMatch(/serves nowhere\./);
		expect(bad((w) => ((w.servers as { name: string }[])[0]!.name = 'A.Root.Demo'))).toMatch(/servers\[0\]\.name/);
		expect(bad((w) => (w.roots = []))).toMatch(/roots is empty/);
		expect(bad((w) => delete w.suggestions)).toMatch(/suggestions is not a list/);
	});
});

/** A name written out in full in RDATA (the world holds them uncompressed). */
function decodeName(rdata: Uint8Array): string {
	const labels: string[] = [];
	for (let at = 0; rdata[at]; at += 1 + rdata[at]!) labels.push(new TextDecoder().decode(rdata.subarray(at + 1, at + 1 + rdata[at]!)));
	return `${labels.join('.')}.`;
}

describe('walks through the demo world', () => {
	for (const [key, known] of Object.entries(KNOWN)) {
		it(key, async () => {
			const [name, type] = key.split(' ') as [string, string];
			const result = await run(name, type);
			expect(result.path).toEqual(known.path);
			expect(result.outcome.rcode).toBe(known.rcode);
			expect(result.outcome.stopped).toBeUndefined();
			expect(result.answer).toEqual(known.answer);
			expect(result.hops.every((h) => h.protocol === 'demo' && h.elapsedMs > 0)).toBe(true);
		});
	}

	it('gives glue with referrals and the mail server address with MX, as a real server does', async () => {
		const { hops } = await run('shop.demo.', 'MX');
		expect(hops[0]!.referral).toMatchObject({ zone: 'demo.', nameservers: [{ name: 'ns1.nic.demo.', addresses: ['192.0.2.10'] }, { name: 'ns2.nic.demo.', addresses: ['192.0.2.11'] }] });
		expect(hops[0]!.referral!.ds.map((r) => `${r.name} ${r.text}`)).toEqual([expect.stringMatching(/^demo\. \d+ 13 2 [0-9A-F]{64}$/)]);
		expect(hops[1]!.referral?.nameservers).toEqual([{ name: 'ns1.shop.demo.', addresses: ['198.51.100.10'] }]);
		expect(hops[2]!.message!.flags.aa).toBe(true);
		// with DO (the walk's default) the address comes with its RRSIG, as the MX does
		expect(hops[2]!.message!.additional.map((r) => `${r.name} ${typeName(r.type)}`)).toEqual(['mail.shop.demo. A', 'mail.shop.demo. RRSIG']);
		expect(hops[2]!.message!.additional[0]!.text).toBe('203.0.113.25');
	});

	it('answers NXDOMAIN and NODATA with the SOA, its TTL capped by the SOA minimum', async () => {
		const nx = (await run('nope.shop.demo.', 'A')).hops.at(-1)!;
		expect(nx.soa?.name).toBe('shop.demo.');
		const nothing = (await run('nothing.demo.', 'A')).hops.at(-1)!;
		expect(nothing).toMatchObject({ kind: 'nxdomain', zone: 'demo.' });
		expect(nothing.soa?.ttl).toBe(900); // demo.'s SOA: TTL 3600, minimum 900
		// in-addr.arpa. holds no records, only names below it: an empty non-terminal is NODATA, not NXDOMAIN
		const ent = await run('in-addr.arpa.', 'A');
		expect(ent.path).toEqual(['0 . referral', '0 arpa. nodata']);
	});

	it('follows a CNAME inside one zone within one answer', async () => {
		const result = await run('store.shop.demo.', 'A');
		expect(result.path).toEqual(['0 . referral', '0 demo. referral', '0 shop.demo. answer']);
		expect(result.answer).toEqual(['store.shop.demo. CNAME shop.demo.', 'shop.demo. A 203.0.113.10']);
	});

	it('lets the parent answer DS at a cut, and the child its apex NS', async () => {
		const ds = await run('shop.demo.', 'DS');
		expect(ds.path).toEqual(['0 . referral', '0 demo. answer']);
		expect(ds.answer).toEqual([expect.stringMatching(/^shop\.demo\. DS \d+ 15 2 [0-9A-F]{64}$/)]);
		const ns = await run('shop.demo.', 'NS');
		expect(ns.path).toEqual(['0 . referral', '0 demo. referral', '0 shop.demo. answer']);
		expect(ns.answer).toEqual(['shop.demo. NS ns1.shop.demo.']);
	});

	it('echoes EDNS only when asked, with DO as asked', async () => {
		const withDo = (await run('shop.demo.', 'A')).hops[0]!.message!;
		expect(withDo.edns).toMatchObject({ dnssecOk: true, udpPayloadSize: 1232 });
		const withoutDo = (await run('shop.demo.', 'A', { dnssecOk: false })).hops[0]!.message!;
		expect(withoutDo.edns?.dnssecOk).toBe(false);
		const transport = demoTransport(world);
		const plain = await transport.exchange({ address: '192.0.2.1' }, encodeQuery({ name: 'shop.demo', typeCode: 1, id: 77, recursionDesired: false, edns: null }), { tcp: false, timeoutMs: 1000 });
		expect(plain.ok && plain.value.message.edns).toBeUndefined();
		expect(plain.ok && plain.value.message.id).toBe(77);
	});

	it('adds the DNSSEC records only when the query has DO (RFC 4035 section 3.1)', async () => {
		const types = (hop: Hop) => ['answers', 'authority', 'additional'].map((s) => hop.message![s as 'answers'].map((r) => typeName(r.type)).join(' '));
		const signed = await run('nope.shop.demo.', 'A');
		expect(signed.hops.map(types)).toEqual([
			['', 'NS NS DS RRSIG', 'A A'],
			['', 'NS DS RRSIG', 'A'],
			['', 'SOA NSEC NSEC RRSIG RRSIG RRSIG', '']
		]);
		const plain = await run('nope.shop.demo.', 'A', { dnssecOk: false });
		expect(plain.hops.map(types)).toEqual([
			['', 'NS NS', 'A A'],
			['', 'NS', 'A'],
			['', 'SOA', '']
		]);
		// the unsigned child: demo. proves with NSEC3 that it has no DS
		expect(types((await run('www.lame.demo.', 'A')).hops[1]!)).toEqual(['', 'NS NS NSEC3 RRSIG', 'A A']);
	});

	it('truncates a UDP response that does not fit, as knot does, and answers it in full over TCP', async () => {
		const transport = demoTransport(world);
		const ask = (payload: number | null, tcp: boolean) =>
			transport.exchange(
				{ address: '192.0.2.30' },
				encodeQuery({ name: 'test', typeCode: 48, id: 9, recursionDesired: false, edns: payload === null ? null : { udpPayloadSize: payload, dnssecOk: true } }),
				{ tcp, timeoutMs: 1000 }
			);
		// test.'s DNSKEY RRset (two RSA keys) and its RRSIG: some 900 bytes
		const full = await ask(1232, false);
		expect(full.ok && full.value.message).toMatchObject({ flags: { tc: false, aa: true }, answers: [{ type: 48 }, { type: 48 }, { type: 46 }] });
		expect(full.ok && full.value.response.length).toBeGreaterThan(512);
		const small = await ask(512, false);
		expect(small.ok && small.value.message).toMatchObject({ flags: { tc: true, aa: true }, answers: [], authority: [] });
		expect(small.ok && small.value.response.length).toBeLessThanOrEqual(512);
		const overTcp = await ask(512, true);
		expect(overTcp.ok && overTcp.value.message).toMatchObject({ flags: { tc: false }, answers: [{ type: 48 }, { type: 48 }, { type: 46 }] });
		// without EDNS: 512 bytes at most (too few for two RSA keys), and nobody asked for DO: no RRSIG over TCP
		const classic = await ask(null, false);
		expect(classic.ok && classic.value.message).toMatchObject({ flags: { tc: true }, answers: [] });
		const classicTcp = await ask(null, true);
		expect(classicTcp.ok && classicTcp.value.message).toMatchObject({ flags: { tc: false }, answers: [{ type: 48 }, { type: 48 }] });
		// a walk retries over TCP when told to, as with a real server
		const walked = await run('test.', 'DNSKEY');
		expect(walked.path).toEqual(['0 . referral', '0 test. answer']);
	});

	it('takes the simulated time per server, and waits it out only when given a sleep', async () => {
		const slept: number[] = [];
		const { hops } = await run('www.shop.demo.', 'A', { transport: { sleep: async (ms) => void slept.push(ms) } });
		expect(hops.map((h) => h.elapsedMs)).toEqual([8, 14, 22, 8, 14, 22]);
		expect(slept).toEqual([8, 14, 22, 8, 14, 22]);
		const custom = await run('shop.demo.', 'A', { transport: { latencyMs: (s) => (s.name === 'ns1.shop.demo.' ? 100 : 1) } });
		expect(custom.hops.map((h) => h.elapsedMs)).toEqual([1, 1, 100]);
	});

	it('fails like the real transports: unknown address unreachable, slower than the timeout a timeout', async () => {
		const transport = demoTransport(world, { latencyMs: () => 5000, sleep: async () => {} });
		const query = encodeQuery({ name: 'shop.demo', typeCode: 1, recursionDesired: false });
		const nobody = await transport.exchange({ address: '203.0.113.99' }, query, { tcp: false, timeoutMs: 1000 });
		expect(!nobody.ok && nobody.error.code).toBe('unreachable');
		const slow = await transport.exchange({ address: '192.0.2.1' }, query, { tcp: false, timeoutMs: 1000 });
		expect(!slow.ok && slow.error.code).toBe('timeout');
		const garbage = await demoTransport(world).exchange({ address: '192.0.2.1' }, new Uint8Array([1, 2, 3]), { tcp: false, timeoutMs: 1000 });
		expect(!garbage.ok && garbage.error.code).toBe('timeout');
		// A walk whose every server is too slow ends within its budget, with the reason.
		const stuck = await run('shop.demo.', 'A', { transport: { latencyMs: () => 5000 }, limits: { queryTimeoutMs: 50 } });
		expect(stuck.path).toEqual(['0 . timeout', '0 . timeout']);
		expect(stuck.outcome).toMatchObject({ rcode: 2, answer: [], stopped: { code: 'no-server' } });
	});

	it('a REFUSED server sets no AA and says why (EDE 20, Not Authoritative)', async () => {
		const refused = (await run('www.lame.demo.', 'A')).hops.find((h) => h.kind === 'refused')!;
		expect(refused.server).toMatchObject({ name: 'ns1.lame.demo.', address: '198.51.100.20' });
		expect(refused.message).toMatchObject({ rcode: 5, answers: [], authority: [], additional: [] });
		expect(refused.message!.flags.aa).toBe(false);
		expect(refused.message!.edns?.options).toEqual([{ code: 15, data: new Uint8Array([0, 20]) }]);
	});
});

// Sub-walks are events too: the glueless and CNAME cases say why they start.
describe('nested walks', () => {
	it('starts a glueless sub-walk for a name server in another TLD, and a cname sub-walk for an alias', async () => {
		const subwalks = async (name: string) => (await run(name, 'A')).events.filter((e): e is SubWalk => e.type === 'subwalk');
		expect(await subwalks('www.glueless.demo.')).toMatchObject([{ reason: 'glueless', name: 'ns1.hosting.example.', depth: 1 }]);
		expect(await subwalks('www.shop.demo.')).toMatchObject([{ reason: 'cname', name: 'edge.cdn.example.', depth: 1 }]);
	});
});
