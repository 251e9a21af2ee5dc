/**
 * The demo world's chain of trust, offline: the real walk (direct mode) over the demo transport, validated from
 * the anchor world.json carries (the demo root's DS). Every suggestion gets the verdict it promises; the
 * unsigned delegations are insecure, tampered.demo. is bogus; the real root's anchors trust nothing here.
 * Whether unbound agrees is tests/lab/demo-world.spec.ts's question.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demoRootHints, demoTransport, parseDemoWorld, type DemoWorld } from '$lib/dns/demo';
import { recordTypeByName } from '$lib/dns/types';
import { walk, type Hop, type WalkEvent, type WalkOutcome } from '$lib/dns/walk';
import { ROOT_ANCHORS } from '$lib/dnssec/anchors';
import type { Rr } from '$lib/dnssec/records';
import type { ValidationContext } from '$lib/dnssec/validate';
import type { ReasonCode, Security } from '$lib/dnssec/verdict';
import { at, crypto } from './helpers';

const parsed = parseDemoWorld(JSON.parse(readFileSync(new URL('../../../static/demo/world.json', import.meta.url), 'utf8')));
if (!parsed.ok) throw new Error(parsed.error.message.en);
const world: DemoWorld = parsed.value;

/** The clock of today: the committed world must validate now, not only at a chosen date. */
const now: ValidationContext = { crypto, now: () => Date.now() };

async function validate(name: string, type: string, options: { anchors?: readonly Rr[]; ctx?: ValidationContext } = {}) {
	const events: WalkEvent[] = [];
	const walking = walk({
		mode: 'direct',
		name,
		type: recordTypeByName(type)!.code,
		transport: demoTransport(world),
		rootHints: demoRootHints(world),
		dnssec: { anchors: options.anchors ?? world.trustAnchors, ctx: options.ctx ?? now }
	});
	let step = await walking.next();
	for (; !step.done; step = await walking.next()) events.push(step.value);
	const outcome: WalkOutcome = step.value;
	return { outcome, chain: outcome.dnssec!, hops: events.filter((e): e is Hop => e.type === 'hop') };
}

/** What DNSSEC says of every suggestion (a suggestion missing here fails the test below), and why when not secure. */
const VERDICTS: Record<string, { security: Security; reason?: ReasonCode }> = {
	'shop.demo. A': { security: 'secure' },
	'www.hello.test. AAAA': { security: 'secure' },
	'www.shop.demo. A': { security: 'secure' },
	'www.glueless.demo. A': { security: 'insecure', reason: 'unsigned-delegation' },
	'www.lame.demo. A': { security: 'insecure', reason: 'unsigned-delegation' },
	'nope.shop.demo. A': { security: 'secure' },
	'mail.shop.demo. AAAA': { security: 'secure' },
	'shop.demo. MX': { security: 'secure' },
	'note.hello.test. TXT': { security: 'secure' },
	'shop.demo. HTTPS': { security: 'secure' },
	'shop.demo. CAA': { security: 'secure' },
	'www.hello.test. A': { security: 'secure' },
	'glueless.demo. TXT': { security: 'insecure', reason: 'unsigned-delegation' },
	'www.tampered.demo. A': { security: 'bogus', reason: 'signature-invalid' },
	'10.113.0.203.in-addr.arpa. PTR': { security: 'secure' }
};

describe('the demo world is signed', () => {
	it('carries its root\'s DS as the trust anchor (ECDSA P-256, SHA-256)', () => {
		expect(world.trustAnchors).toHaveLength(1);
		expect(world.trustAnchors[0]).toMatchObject({ type: 43, owner: new Uint8Array([0]) });
		expect(Array.from(world.trustAnchors[0]!.rdata.subarray(2, 4))).toEqual([13, 2]);
	});

	it('with the algorithms and denial it says: 13, 8 and 15; NSEC and NSEC3', () => {
		const algorithms = (zone: string) => new Set(world.zones.get(zone)!.filter((r) => r.type === 48).map((r) => r.rdata[3]));
		expect(algorithms('.')).toEqual(new Set([13]));
		expect(algorithms('test.')).toEqual(new Set([8]));
		expect(algorithms('shop.demo.')).toEqual(new Set([15]));
		const has = (zone: string, type: number) => world.zones.get(zone)!.some((r) => r.type === type);
		expect([has('demo.', 50), has('demo.', 47)]).toEqual([true, false]);
		expect([has('shop.demo.', 47), has('shop.demo.', 50)]).toEqual([true, false]);
		for (const unsigned of ['glueless.demo.', 'lame.demo.']) expect(has(unsigned, 46), unsigned).toBe(false);
	});
});

describe('every suggestion gets the verdict it promises', () => {
	it('has a verdict here for every suggestion, and the new ones say it in both languages', () => {
		for (const s of world.suggestions) expect(VERDICTS[`${s.name} ${s.type}`], `${s.name} ${s.type}`).toBeDefined();
		for (const key of ['www.hello.test. A', 'glueless.demo. TXT', 'www.tampered.demo. A']) {
			const [name, type] = key.split(' ');
			const s = world.suggestions.find((x) => x.name === name && x.type === type)!;
			const security = VERDICTS[key]!.security;
			expect(s.about.en).toMatch(new RegExp(`^DNSSEC: ${security}\\.`));
			expect(s.about['zh-CN']).toMatch(/^DNSSEC：/);
		}
	});

	for (const [key, expected] of Object.entries(VERDICTS)) {
		it(`${key}: ${expected.security}`, async () => {
			const [name, type] = key.split(' ') as [string, string];
			const { chain, outcome } = await validate(name, type);
			expect(outcome.stopped).toBeUndefined();
			expect(chain.security, chain.reason?.message.en).toBe(expected.security);
			expect(chain.reason?.code).toBe(expected.reason);
			// The root's keys are checked against the demo anchor whatever the verdict below them.
			expect(chain.zones.find((z) => z.zone === '.')).toMatchObject({ security: 'secure' });
		});
	}
});

describe('the chain, link by link', () => {
	it('root (13) -> test. (RSA, 8) -> hello.test. (13): each DS matches, each key signs', async () => {
		const { chain, hops } = await validate('www.hello.test.', 'A');
		expect(chain.zones.map((z) => `${z.zone} ${z.security}`).sort()).toEqual(['. secure', 'hello.test. secure', 'test. secure']);
		const ds = (zone: string) => chain.zones.find((z) => z.zone === zone)!.checks.find((c) => c.kind === 'ds');
		expect(ds('test.')).toMatchObject({ passed: true, algorithm: 8, digestType: 2 });
		expect(ds('hello.test.')).toMatchObject({ passed: true, algorithm: 13, digestType: 2 });
		const answer = chain.hops.find((v) => v.hop === hops.at(-1)!.id)!;
		expect(answer.checks.find((c) => c.kind === 'signature')).toMatchObject({ passed: true, algorithm: 13 });
	});

	it('a CNAME from an Ed25519 zone into an ECDSA zone: both links secure', async () => {
		const { chain } = await validate('www.shop.demo.', 'A');
		expect(chain.security).toBe('secure');
		expect(chain.zones.find((z) => z.zone === 'shop.demo.')!.checks.find((c) => c.kind === 'ds')).toMatchObject({ passed: true, algorithm: 15 });
		expect(chain.zones.find((z) => z.zone === 'cdn.example.')!.security).toBe('secure');
	});

	it('proves denial with NSEC3 in demo. (NXDOMAIN, NODATA) and NSEC elsewhere (an empty non-terminal too)', async () => {
		for (const [name, type, kind] of [
			['nothing.demo.', 'A', 'nxdomain'],
			['x.nic.demo.', 'A', 'nxdomain'],
			['ns1.nic.demo.', 'AAAA', 'nodata'],
			['nic.demo.', 'A', 'nodata'],
			['hosting.example.', 'A', 'nodata'],
			['in-addr.arpa.', 'PTR', 'nodata'],
			['nope.', 'A', 'nxdomain']
		] as const) {
			const { chain, hops } = await validate(name, type);
			expect(hops.at(-1)!.kind, name).toBe(kind);
			expect(chain.security, `${name} ${type}: ${chain.reason?.message.en}`).toBe('secure');
			expect(chain.hops.at(-1)!.checks.some((c) => c.kind === 'denial' && c.passed)).toBe(true);
		}
	});

	it('an unsigned delegation: demo. proves with a signed NSEC3 record that glueless.demo. has no DS', async () => {
		const { chain } = await validate('www.glueless.demo.', 'A');
		const zone = chain.zones.find((z) => z.zone === 'glueless.demo.')!;
		expect(zone).toMatchObject({ security: 'insecure', reason: { code: 'unsigned-delegation' } });
		expect(zone.checks.some((c) => c.kind === 'denial' && c.passed && c.name === 'glueless.demo.')).toBe(true);
	});

	it('tampered.demo.: its keys are fine, the edited address is not', async () => {
		const { chain } = await validate('www.tampered.demo.', 'A');
		expect(chain.zones.find((z) => z.zone === 'tampered.demo.')!.security).toBe('secure');
		expect(chain.hops.at(-1)).toMatchObject({ security: 'bogus', reason: { code: 'signature-invalid' } });
		// Its other records are untouched and validate.
		expect((await validate('ns1.tampered.demo.', 'A')).chain.security).toBe('secure');
	});
});

describe('trust starts at the anchor', () => {
	it('with the real root\'s anchors the demo root\'s keys match nothing: bogus', async () => {
		const { chain } = await validate('shop.demo.', 'A', { anchors: ROOT_ANCHORS });
		expect(chain.security).toBe('bogus');
		expect(chain.zones.find((z) => z.zone === '.')).toMatchObject({ security: 'bogus', reason: { code: 'ds-mismatch' } });
	});

	it('the signatures hold from 2026-01-01 to 2036-01-01 (ldns-signzone -i/-e), not outside', async () => {
		expect((await validate('shop.demo.', 'A', { ctx: at('2035-12-31T23:00:00Z') })).chain.security).toBe('secure');
		const late = (await validate('shop.demo.', 'A', { ctx: at('2036-01-01T01:00:00Z') })).chain;
		expect(late).toMatchObject({ security: 'bogus', reason: { code: 'signature-expired' } });
		const early = (await validate('shop.demo.', 'A', { ctx: at('2025-12-31T23:00:00Z') })).chain;
		expect(early).toMatchObject({ security: 'bogus', reason: { code: 'signature-not-yet-valid' } });
	});
});
