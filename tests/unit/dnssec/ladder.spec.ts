/**
 * The chain-of-trust ladder (src/lib/dnssec/ladder.ts) over walks recorded from the signed lab: the rungs come in
 * the order a validator climbs down, keys are told apart, and the signed bytes are explained field by field.
 */
import { describe, expect, it } from 'vitest';
import { checkAnnotations, findField } from '$lib/bytes/annotated';
import { toHex } from '$lib/bytes/encoding';
import { ROOT_ANCHORS } from '$lib/dnssec/anchors';
import { annotateDigestInput, annotateSignedData, anchorView, chainLadder, hopSecurity, keyView } from '$lib/dnssec/ladder';
import { parseRecords } from '$lib/dnssec/presentation';
import type { Check } from '$lib/dnssec/verdict';
import { RFC4034 } from './helpers';
import { anchors, judge, replay } from './recorded';

const rungs = async (id: string) => {
	const r = replay(id);
	const chain = await judge(r);
	return { r, chain, ladder: chainLadder(chain, r.events, anchors) };
};
const checksOf = (groups: { checks: Check[] }[]) => groups.flatMap((g) => g.checks);

describe('chainLadder', () => {
	it('secure: anchor, then ., test., wirewalk.test. (top down), then the answer', async () => {
		const { ladder } = await rungs('secureEcdsa');
		expect(ladder.map((r) => (r.kind === 'zone' ? `zone ${r.zone} ${r.security}` : r.kind === 'rrset' ? `rrset ${r.question.name} ${r.security}` : r.kind))).toEqual([
			'anchor',
			'zone . secure',
			'zone test. secure',
			'zone wirewalk.test. secure',
			'rrset www.wirewalk.test. secure'
		]);
		const anchor = ladder[0]!;
		expect(anchor.kind === 'anchor' && anchor.anchors).toEqual([
			{ type: 'DS', tag: 40743, algorithm: 13, algorithmName: 'ECDSAP256SHA256', digestType: 'SHA-256', digest: '0051a39e7e060affa7ab796f9e0031ddcde6446b3e629d5f7366f71a75c8ef64' }
		]);
	});

	it('each zone lists its keys, KSK first, and marks the one the DS or anchor matched', async () => {
		const { ladder } = await rungs('secureEcdsa');
		for (const rung of ladder) {
			if (rung.kind !== 'zone') continue;
			expect(rung.keys.length, rung.zone).toBeGreaterThanOrEqual(2);
			expect(rung.keys[0]!.role).toBe('KSK');
			expect(rung.keys.filter((k) => k.entry).map((k) => k.role)).toEqual(['KSK']);
			expect(rung.keys.some((k) => k.role === 'ZSK' && !k.entry)).toBe(true);
			expect(rung.keys.every((k) => k.algorithm === 13 && k.bits === 256)).toBe(true);
			// below the root: the parent's RRSIG over the DS first; then the DS (or anchor) match; then the RRSIG
			// over the zone's own DNSKEY set
			const titles = rung.groups.map((g) => g.title.en);
			expect(titles).toEqual([
				...(rung.zone === '.' ? ['Trust anchor → DNSKEY of .'] : [`RRSIG over ${rung.zone} DS`]),
				...(rung.zone === '.' ? [] : [`DS → DNSKEY of ${rung.zone}`]),
				`RRSIG over ${rung.zone} DNSKEY`
			]);
		}
	});

	it('the DS check holds the digest computed and the one published, equal when secure', async () => {
		const { ladder } = await rungs('secureEcdsa');
		const ds = ladder.flatMap((r) => (r.kind === 'zone' ? checksOf(r.groups) : [])).filter((c) => c.kind === 'ds');
		expect(ds.length).toBe(3);
		for (const c of ds) {
			if (c.kind !== 'ds') continue;
			expect(c.passed).toBe(true);
			expect(toHex(c.computed!)).toBe(toHex(c.published));
		}
	});

	it('bogus: the edited record is the bogus rung, the zones above it stay secure; the delegation ladder gets the verdicts', async () => {
		const { chain, ladder, r } = await rungs('bogusEdited');
		const last = ladder.at(-1)!;
		expect(last.kind).toBe('rrset');
		if (last.kind !== 'rrset') return;
		expect(last.security).toBe('bogus');
		expect(last.reason?.code).toBe('signature-invalid');
		const failed = checksOf(last.groups).find((c) => c.kind === 'signature' && !c.passed);
		expect(failed).toBeDefined();
		expect(ladder.filter((x) => x.kind === 'zone').every((x) => x.kind === 'zone' && x.security === 'secure')).toBe(true);
		const marks = hopSecurity(chain);
		expect(marks.get(r.hops.at(-1)!.id)).toBe('bogus');
		expect(marks.get(r.hops[0]!.id)).toBe('secure');
	});

	it('insecure: the unsigned zone shows why (no DS, proven by NSEC3), with the proof as its checks', async () => {
		const { ladder } = await rungs('insecureNsec3');
		const insecure = ladder.find((r) => r.kind === 'zone' && r.security === 'insecure');
		expect(insecure).toBeDefined();
		if (insecure?.kind !== 'zone') return;
		expect(insecure.reason?.code).toBe('unsigned-delegation');
		expect(insecure.groups.map((g) => g.kind)).toContain('denial');
		expect(insecure.keys).toEqual([]);
	});

	it('with the root anchors of the Internet the root rung is bogus: ds-mismatch, both anchors listed', async () => {
		const r = replay('secureEcdsa');
		const chain = await judge(r, { anchors: ROOT_ANCHORS });
		const ladder = chainLadder(chain, r.events, ROOT_ANCHORS);
		const anchor = ladder[0]!;
		expect(anchor.kind === 'anchor' && anchor.anchors.map((a) => a.tag)).toEqual([20326, 38696]);
		const root = ladder[1]!;
		expect(root.kind === 'zone' && [root.zone, root.security, root.reason?.code]).toEqual(['.', 'bogus', 'ds-mismatch']);
	});
});

describe('keyView and anchorView', () => {
	// RFC 4034 section 5.4: the example DNSKEY (key tag 60485, RSASHA1 with a 1024-bit modulus) and its DS.
	const rfc = parseRecords(RFC4034);
	it('RFC 4034 section 5.4: tag 60485, a ZSK, 1024 bits; the DS names its digest type', () => {
		expect(rfc.ok).toBe(true);
		if (!rfc.ok) return;
		const [key, ds] = rfc.value;
		expect(keyView(key!, new Set())).toEqual({ tag: 60485, algorithm: 5, algorithmName: 'ALG5', role: 'ZSK', revoked: false, bits: 1024, entry: false });
		expect(anchorView(ds!)).toEqual({ type: 'DS', tag: 60485, algorithm: 5, algorithmName: 'ALG5', digestType: 'SHA-1', digest: '2bb183af5f22588179a53b0a98631fad1a292118' });
	});
});

describe('the bytes a signature covers, explained', () => {
	it('every signed-data block of a walk parses into the RRSIG fields and whole canonical records', async () => {
		const { ladder } = await rungs('secureCname');
		const signatures = ladder.flatMap((r) => (r.kind === 'anchor' ? [] : checksOf(r.groups))).filter((c) => c.kind === 'signature');
		expect(signatures.length).toBeGreaterThanOrEqual(6);
		for (const c of signatures) {
			if (c.kind !== 'signature') continue;
			const annotated = annotateSignedData(c.signedData);
			expect(checkAnnotations(annotated)).toEqual([]);
			// the sections tile the bytes exactly: the RRSIG part, then records up to the last byte
			const covered = annotated.sections.reduce((n, s) => n + s.length, 0);
			expect(covered).toBe(c.signedData.length);
			expect(annotated.sections[0]!.id).toBe('rrsig');
			expect(findField(annotated, 'rrsig.algorithm')!.value).toBe(`${c.algorithm} (${c.algorithm === 13 ? 'ECDSAP256SHA256' : 'ED25519'})`);
			expect(findField(annotated, 'rrsig.keytag')!.value).toBe(String(c.keyTag));
		}
	});

	it('the answer: www.wirewalk.test. A, owner lowercase, TTL the original one', async () => {
		const { ladder } = await rungs('secureEcdsa');
		const answer = ladder.at(-1)!;
		const sig = answer.kind === 'rrset' ? checksOf(answer.groups).find((c) => c.kind === 'signature') : undefined;
		if (sig?.kind !== 'signature') throw new Error('no signature check on the answer');
		const annotated = annotateSignedData(sig.signedData);
		expect(findField(annotated, 'rrsig.type')!.value).toBe('A');
		expect(findField(annotated, 'rrsig.signer')!.value).toBe('wirewalk.test.');
		expect(findField(annotated, 'rr1.owner')!.value).toBe('www.wirewalk.test.');
		expect(findField(annotated, 'rr1.type')!.value).toBe('A');
		expect(findField(annotated, 'rr1.ttl')!.value).toBe(findField(annotated, 'rrsig.ttl')!.value);
	});

	it('a DS digest input: owner | flags 257 (KSK) | protocol 3 | algorithm | key', async () => {
		const { ladder } = await rungs('secureEcdsa');
		const ds = ladder.flatMap((r) => (r.kind === 'zone' ? checksOf(r.groups) : [])).find((c) => c.kind === 'ds' && c.passed);
		if (ds?.kind !== 'ds') throw new Error('no DS check');
		const annotated = annotateDigestInput(ds.digestInput!);
		expect(checkAnnotations(annotated)).toEqual([]);
		expect(findField(annotated, 'flags')!.value).toBe('257 (KSK)');
		expect(findField(annotated, 'protocol')!.value).toBe('3');
		expect(findField(annotated, 'key')!.length).toBe(64);
	});

	it('truncated bytes give fewer sections, never a throw', () => {
		expect(annotateSignedData(new Uint8Array([0, 1, 13]))).toEqual({ bytes: new Uint8Array([0, 1, 13]), sections: [] });
		const cut = annotateSignedData(new Uint8Array([0, 1, 13, 2, 0, 0, 14, 16, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 0, 3, 119, 119]));
		expect(cut.sections.map((s) => s.id)).toEqual(['rrsig']);
		expect(checkAnnotations(cut)).toEqual([]);
	});
});
