/**
 * The chain of trust along a walk (src/lib/dnssec/chain.ts), offline: walks recorded from the signed DNS lab
 * (recorded/lab-chain.json, made by tests/lab/chain-fixture.ts: knot- and ldns-signed zones, real responses) are
 * replayed with the clock set to when they were recorded; then each link of the chain is broken in turn.
 */
import { describe, expect, it } from 'vitest';
import { ROOT_ANCHORS } from '$lib/dnssec/anchors';
import { sameName } from '$lib/dns/wire';
import { DAY, judge, replay } from './recorded';

describe('recorded lab walks replay to the verdict they had (and unbound gave)', () => {
	it.each([
		['secureEcdsa', 'secure'],
		['secureCname', 'secure'],
		['nxdomainNsec3', 'secure'],
		['insecureNsec3', 'insecure'],
		['bogusEdited', 'bogus']
	])('%s: %s', async (id, security) => {
		const r = replay(id);
		expect(r.c.security).toBe(security);
		const chain = await judge(r);
		expect(chain.security, chain.reason?.message.en).toBe(security);
		// every hop that referred or answered got its verdict (a REFUSED or lame one has nothing to judge)
		const judged = r.hops.filter((h) => h.message && ['referral', 'answer', 'cname', 'dname', 'nxdomain', 'nodata'].includes(h.kind));
		expect(judged.length).toBeGreaterThanOrEqual(2);
		expect(chain.hops.map((v) => v.hop).sort()).toEqual(judged.map((h) => h.id).sort());
	});

	it('a CNAME across TLDs in resolver mode: both zones, algorithms 13 and 15, each RRset signed', async () => {
		const chain = await judge(replay('secureCname'));
		expect(chain.zones.map((z) => `${z.zone} ${z.security}`).sort()).toEqual(['. secure', 'cdn.example. secure', 'example. secure', 'test. secure', 'wirewalk.test. secure']);
		const algorithms = chain.hops.flatMap((v) => v.checks).filter((c) => c.kind === 'signature' && c.passed).map((c) => (c.kind === 'signature' ? c.algorithm : 0));
		expect(new Set(algorithms)).toEqual(new Set([13, 15]));
	});
});

describe('breaking one link makes the chain bogus, and says which', () => {
	it('a flipped bit in the RRSIG over the answer: signature-invalid', async () => {
		const r = replay('secureEcdsa');
		const answer = r.hops.at(-1)!;
		const sig = answer.message!.answers.find((x) => x.type === 46)!;
		sig.rdata[sig.rdata.length - 1]! ^= 0x01;
		const chain = await judge(r);
		expect(chain.security).toBe('bogus');
		expect(chain.reason?.code).toBe('signature-invalid');
		// the zones above are still fine: only the answer's hop is bogus
		expect(chain.zones.every((z) => z.security === 'secure')).toBe(true);
	});

	it('the clock 30 days on: signature-expired; a year back: signature-not-yet-valid', async () => {
		expect((await judge(replay('secureEcdsa'), { offsetMs: 30 * DAY })).reason?.code).toBe('signature-expired');
		expect((await judge(replay('secureEcdsa'), { offsetMs: -365 * DAY })).reason?.code).toBe('signature-not-yet-valid');
	});

	it("the Internet's root anchors: the lab's root keys match none (ds-mismatch at the root)", async () => {
		const chain = await judge(replay('secureEcdsa'), { anchors: ROOT_ANCHORS });
		expect(chain.security).toBe('bogus');
		expect(chain.reason?.code).toBe('ds-mismatch');
		expect(chain.zones.find((z) => z.zone === '.')?.security).toBe('bogus');
	});

	it('no DNSKEY RRset for wirewalk.test.: its DS matches nothing', async () => {
		const r = replay('secureEcdsa');
		r.fetched = r.fetched.filter((f) => f.zone !== 'wirewalk.test.');
		const chain = await judge(r);
		expect(chain.zones.find((z) => z.zone === 'wirewalk.test.')).toMatchObject({ security: 'bogus', reason: { code: 'ds-mismatch' } });
		expect(chain.security).toBe('bogus');
	});

	it("the DS in test.'s referral without its RRSIG: no-signature", async () => {
		const r = replay('secureEcdsa');
		const referral = r.hops.find((h) => h.referral?.zone === 'wirewalk.test.')!;
		referral.message!.authority = referral.message!.authority.filter((x) => !(x.type === 46 && sameName(x.name, 'wirewalk.test.')));
		const chain = await judge(r);
		expect(chain.zones.find((z) => z.zone === 'wirewalk.test.')?.reason?.code).toBe('no-signature');
		expect(chain.security).toBe('bogus');
	});

	it('an unsigned delegation without its NSEC3 proof is bogus, not insecure', async () => {
		const r = replay('insecureNsec3');
		const referral = r.hops.find((h) => h.referral?.zone === 'lame.test.')!;
		expect(referral.message!.authority.some((x) => x.type === 50)).toBe(true);
		referral.message!.authority = referral.message!.authority.filter((x) => x.type !== 50);
		const chain = await judge(r);
		expect(chain.security).toBe('bogus');
		expect(chain.reason?.code).toBe('no-proof');
	});

	it('an NXDOMAIN without the NSEC3 records that prove it: no-proof', async () => {
		const r = replay('nxdomainNsec3');
		const last = r.hops.at(-1)!;
		expect(last.kind).toBe('nxdomain');
		last.message!.authority = last.message!.authority.filter((x) => x.type !== 50);
		const chain = await judge(r);
		expect(chain.security).toBe('bogus');
		expect(chain.reason?.code).toBe('no-proof');
	});

	it('a walk that ended without an answer is indeterminate', async () => {
		const r = replay('secureEcdsa');
		r.events = r.events.slice(0, 1);
		const chain = await judge(r);
		expect(chain.security).toBe('indeterminate');
	});
});
