/**
 * Known answers printed in the RFCs. Each record below is the RFC's own text (line breaks as printed where they
 * matter to the parser); the expected values are the RFC's, never our output copied back.
 */
import { describe, expect, it } from 'vitest';
import { toHex } from '$lib/bytes/encoding';
import { dsDigest, keyTag } from '$lib/dnssec/keys';
import { parseDs, parseRrsig, TYPE, type Rr } from '$lib/dnssec/records';
import { validateZoneKeys, verifyRrset } from '$lib/dnssec/validate';
import { at, crypto, hasEd25519, ofType, records, RFC4034 } from './helpers';

// RFC 6605 section 6.1 (P-256) and 6.2 (P-384).
const RFC6605_P256 = `
example.net. 3600 IN DNSKEY 257 3 13 (
        GojIhhXUN/u4v54ZQqGSnyhWJwaubCvTmeexv7bR6edb
        krSqQpF64cYbcB7wNcP+e+MAnLr+Wi9xMWyQLc8NAA== )
example.net. 3600 IN DS 55648 13 2 (
        b4c8c1fe2e7477127b27115656ad6256f424625bf5c1
        e2770ce6d6e37df61d17 )
www.example.net. 3600 IN A 192.0.2.1
www.example.net. 3600 IN RRSIG A 13 3 3600 (
        20100909100439 20100812100439 55648 example.net.
        qx6wLYqmh+l9oCKTN6qIc+bw6ya+KJ8oMz0YP107epXA
        yGmt+3SNruPFKG7tZoLBLlUzGGus7ZwmwWep666VCw== )
`;
const RFC6605_P384 = `
example.net. 3600 IN DNSKEY 257 3 14 (
        xKYaNhWdGOfJ+nPrL8/arkwf2EY3MDJ+SErKivBVSum1
        w/egsXvSADtNJhyem5RCOpgQ6K8X1DRSEkrbYQ+OB+v8
        /uX45NBwY8rp65F6Glur8I/mlVNgF6W/qTI37m40 )
example.net. 3600 IN DS 10771 14 4 (
        72d7b62976ce06438e9c0bf319013cf801f09ecc84b8
        d7e9495f27e305c6a9b0563a9b5f4d288405c3008a94
        6df983d6 )
www.example.net. 3600 IN A 192.0.2.1
www.example.net. 3600 IN RRSIG A 14 3 3600 (
        20100909102025 20100812102025 10771 example.net.
        /L5hDKIvGDyI1fcARX3z65qrmPsVz73QD1Mr5CEqOiLP
        95hxQouuroGCeZOvzFaxsT8Glr74hbavRKayJNuydCuz
        WTSSPdz7wnqXL5bdcJzusdnI0RSMROxxwGipWcJm )
`;

// RFC 8080 section 6.1 as corrected by verified erratum 4935: the RRSIGs as first printed lack the algorithm
// field and count the root as a label, so they cannot verify; the erratum gives "MX 15 2 3600" and new signatures.
const RFC8080 = [
	`
example.com. 3600 IN DNSKEY 257 3 15 (
             l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4= )
example.com. 3600 IN DS 3613 15 2 (
             3aa5ab37efce57f737fc1627013fee07bdf241bd10f3b1964ab55c78e79
             a304b )
example.com. 3600 IN MX 10 mail.example.com.
example.com. 3600 IN RRSIG MX 15 2 3600 (
             1440021600 1438207200 3613 example.com. (
             oL9krJun7xfBOIWcGHi7mag5/hdZrKWw15jPGrHpjQeRAvTdszaPD+QLs3f
             x8A4M3e23mRZ9VrbpMngwcrqNAg== ) )
`,
	`
example.com. 3600 IN DNSKEY 257 3 15 (
             zPnZ/QwEe7S8C5SPz2OfS5RR40ATk2/rYnE9xHIEijs= )
example.com. 3600 IN DS 35217 15 2 (
             401781b934e392de492ec77ae2e15d70f6575a1c0bc59c5275c04ebe80c
             6614c )
example.com. 3600 IN MX 10 mail.example.com.
example.com. 3600 IN RRSIG MX 15 2 3600 (
             1440021600 1438207200 35217 example.com. (
             zXQ0bkYgQTEFyfLyi9QoiY6D8ZdYo4wyUhVioYZXFdT410QPRITQSqJSnzQ
             oSm5poJ7gD7AQR0O7KuI5k2pcBg== ) )
`
];

// RFC 5702 section 6.1 (RSA/SHA-256, key id 9033) and 6.2 (RSA/SHA-512, key id 3740).
const RFC5702 = [
	`
example.net.     3600  IN  DNSKEY  (256 3 8 AwEAAcFcGsaxxdgiuuGmCkVI
                 my4h99CqT7jwY3pexPGcnUFtR2Fh36BponcwtkZ4cAgtvd4Qs8P
                 kxUdp6p/DlUmObdk= );{id = 9033 (zsk), size = 512b}
www.example.net. 3600  IN  A  192.0.2.91
www.example.net. 3600  IN  RRSIG  (A 8 3 3600 20300101000000
                    20000101000000 9033 example.net. kRCOH6u7l0QGy9qpC9
                    l1sLncJcOKFLJ7GhiUOibu4teYp5VE9RncriShZNz85mwlMgNEa
                    cFYK/lPtPiVYP4bwg==);{id = 9033}
`,
	`
example.net.    3600  IN  DNSKEY  (256 3 10 AwEAAdHoNTOW+et86KuJOWRD
                p1pndvwb6Y83nSVXXyLA3DLroROUkN6X0O6pnWnjJQujX/AyhqFD
                xj13tOnD9u/1kTg7cV6rklMrZDtJCQ5PCl/D7QNPsgVsMu1J2Q8g
                pMpztNFLpPBz1bWXjDtaR7ZQBlZ3PFY12ZTSncorffcGmhOL
                );{id = 3740 (zsk), size = 1024b}
www.example.net. 3600  IN  A  192.0.2.91
www.example.net. 3600  IN  RRSIG  (A 10 3 3600 20300101000000
                 20000101000000 3740 example.net. tsb4wnjRUDnB1BUi+t
                 6TMTXThjVnG+eCkWqjvvjhzQL1d0YRoOe0CbxrVDYd0xDtsuJRa
                 eUw1ep94PzEWzr0iGYgZBWm/zpq+9fOuagYJRfDqfReKBzMweOL
                 DiNa8iP5g9vMhpuv6OPlvpXwm9Sa9ZXIbNl1MBGk0fthPgxdDLw
                 =);{id = 3740}
`
];

function parts(text: string) {
	const rrs = records(text);
	return { dnskey: ofType(rrs, TYPE.DNSKEY), ds: ofType(rrs, TYPE.DS), sig: ofType(rrs, TYPE.RRSIG), data: rrs.filter((r) => ![TYPE.DNSKEY, TYPE.DS, TYPE.RRSIG].includes(r.type as 43)) };
}

/** The same records with one bit of the signature flipped. */
function flipSignatureBit(sigs: Rr[]): Rr[] {
	return sigs.map((s) => {
		const rdata = s.rdata.slice();
		rdata[rdata.length - 5]! ^= 0x01;
		return { ...s, rdata };
	});
}

describe('RFC 4034 section 5.4 and appendix B: key tag and SHA-1 DS of dskey.example.com', () => {
	const { dnskey, ds } = parts(RFC4034);
	it('the key tag is 60485', () => {
		expect(keyTag(dnskey[0]!.rdata)).toBe(60485);
	});
	it('the SHA-1 digest over owner name and DNSKEY RDATA is the published one', async () => {
		const digest = await dsDigest(crypto, dnskey[0]!.owner, dnskey[0]!.rdata, 1);
		expect(toHex(digest!).toUpperCase()).toBe('2BB183AF5F22588179A53B0A98631FAD1A292118');
		expect(toHex(parseDs(ds[0]!.rdata)!.digest).toUpperCase()).toBe('2BB183AF5F22588179A53B0A98631FAD1A292118');
	});
	it('algorithm 5 (RSA/SHA-1) is not implemented: the zone is insecure, not secure (RFC 4035 section 5.2)', async () => {
		const verdict = await validateZoneKeys(dnskey[0]!.owner, ds, dnskey, [], at('2024-01-01T00:00:00Z'));
		expect(verdict.security).toBe('insecure');
		expect(verdict.reason?.code).toBe('unsupported-algorithm');
	});
});

describe.each([
	{ name: 'RFC 6605 6.1 ECDSA P-256', text: RFC6605_P256, tag: 55648, now: '2010-08-20T00:00:00Z' },
	{ name: 'RFC 6605 6.2 ECDSA P-384', text: RFC6605_P384, tag: 10771, now: '2010-08-20T00:00:00Z' },
	{ name: 'RFC 8080 6.1 Ed25519 (erratum 4935), first key', text: RFC8080[0]!, tag: 3613, now: '2015-08-10T00:00:00Z' },
	{ name: 'RFC 8080 6.1 Ed25519 (erratum 4935), second key', text: RFC8080[1]!, tag: 35217, now: '2015-08-10T00:00:00Z' }
])('$name', ({ text, tag, now }) => {
	const { dnskey, ds, sig, data } = parts(text);
	const ed25519 = parseRrsig(sig[0]!.rdata)!.algorithm === 15;

	it(`the key tag is ${tag}`, () => {
		expect(keyTag(dnskey[0]!.rdata)).toBe(tag);
	});

	it('the DS digest printed in the RFC is the digest of the DNSKEY', async () => {
		const expected = toHex(parseDs(ds[0]!.rdata)!.digest);
		const digest = await dsDigest(crypto, dnskey[0]!.owner, dnskey[0]!.rdata, parseDs(ds[0]!.rdata)!.digestType);
		expect(toHex(digest!)).toBe(expected);
	});

	it('the published RRSIG verifies (secure); with a runtime lacking Ed25519 it is unsupported, never secure', async () => {
		const verdict = await verifyRrset(data, sig, dnskey, at(now));
		if (ed25519 && !(await hasEd25519())) {
			expect(verdict.security).toBe('indeterminate');
			expect(verdict.reason?.code).toBe('unsupported-algorithm');
			return;
		}
		expect(verdict.security).toBe('secure');
		const check = verdict.checks.find((c) => c.kind === 'signature');
		expect(check?.passed).toBe(true);
	});

	it('a flipped bit in the signature is bogus: signature invalid, in English and Chinese', async () => {
		const verdict = await verifyRrset(data, flipSignatureBit(sig), dnskey, at(now));
		expect(verdict.security).toBe('bogus');
		expect(verdict.reason?.code).toBe('signature-invalid');
		expect(verdict.reason?.message.en).toContain(`key ${tag}`);
		expect(verdict.reason?.message['zh-CN']).toContain('验证失败');
	});

	it('a changed record is bogus', async () => {
		const changed = data.map((r) => ({ ...r, rdata: r.rdata.map((b, i) => (i === r.rdata.length - 1 ? b ^ 1 : b)) }));
		expect((await verifyRrset(changed, sig, dnskey, at(now))).reason?.code).toBe('signature-invalid');
	});

	it('after the expiration it is bogus: signature expired; before the inception, not yet valid', async () => {
		const late = await verifyRrset(data, sig, dnskey, at('2016-01-01T00:00:00Z'));
		expect(late.security).toBe('bogus');
		expect(late.reason?.code).toBe('signature-expired');
		expect(late.reason?.message['zh-CN']).toContain('过期');
		const early = await verifyRrset(data, sig, dnskey, at('2009-01-01T00:00:00Z'));
		expect(early.reason?.code).toBe('signature-not-yet-valid');
	});

	it('a DS that matches no key is bogus: ds-mismatch', async () => {
		const wrong = ds.map((d) => ({ ...d, rdata: d.rdata.map((b, i) => (i === d.rdata.length - 1 ? b ^ 0xff : b)) }));
		const verdict = await validateZoneKeys(dnskey[0]!.owner, wrong, dnskey, [], at(now));
		expect(verdict.security).toBe('bogus');
		expect(verdict.reason?.code).toBe('ds-mismatch');
		const check = verdict.checks.find((c) => c.kind === 'ds');
		expect(check?.kind === 'ds' && check.computed && toHex(check.computed)).toBe(toHex(parseDs(ds[0]!.rdata)!.digest));
	});
});

describe.each([
	{ name: 'RFC 5702 6.1 RSA/SHA-256', text: RFC5702[0]!, tag: 9033 },
	{ name: 'RFC 5702 6.2 RSA/SHA-512', text: RFC5702[1]!, tag: 3740 }
])('$name', ({ text, tag }) => {
	const { dnskey, sig, data } = parts(text);
	it(`the key tag is ${tag} and the published RRSIG verifies; a flipped bit does not`, async () => {
		expect(keyTag(dnskey[0]!.rdata)).toBe(tag);
		expect((await verifyRrset(data, sig, dnskey, at('2020-01-01T00:00:00Z'))).security).toBe('secure');
		expect((await verifyRrset(data, flipSignatureBit(sig), dnskey, at('2020-01-01T00:00:00Z'))).reason?.code).toBe('signature-invalid');
	});
});

describe('a runtime without Ed25519 (Chrome before 137)', () => {
	// Node's Web Crypto, except that Ed25519 is refused the way a browser without it refuses it.
	const subtle = crypto.subtle;
	const withoutEd25519 = {
		subtle: new Proxy(subtle, {
			get(target, prop) {
				if (prop !== 'importKey') return Reflect.get(target, prop).bind(target);
				return (...args: Parameters<SubtleCrypto['importKey']>) => {
					if ((args[2] as Algorithm).name === 'Ed25519') return Promise.reject(Object.assign(new Error('Unrecognized name'), { name: 'NotSupportedError' }));
					return target.importKey(...args);
				};
			}
		})
	};
	const ctx = { crypto: withoutEd25519, now: () => Date.parse('2015-08-10T00:00:00Z') };
	const { dnskey, ds, sig, data } = parts(RFC8080[0]!);

	it('the RFC 8080 RRset is indeterminate (unsupported algorithm), never secure', async () => {
		const verdict = await verifyRrset(data, sig, dnskey, ctx);
		expect([verdict.security, verdict.reason?.code]).toEqual(['indeterminate', 'unsupported-algorithm']);
		expect(verdict.reason?.message['zh-CN']).toContain('绝不视为安全');
	});

	it('a zone whose DS and keys are Ed25519 only is insecure (RFC 4035 section 5.2), not bogus', async () => {
		// The DNSKEY set signed by its own key, so the hop gets as far as the signature.
		const selfSigned = records(`example.com. 3600 IN RRSIG DNSKEY 15 2 3600 1440021600 1438207200 3613 example.com. ${'A'.repeat(86)}==`);
		const verdict = await validateZoneKeys(dnskey[0]!.owner, ds, dnskey, selfSigned, ctx);
		expect([verdict.security, verdict.reason?.code]).toEqual(['insecure', 'unsupported-algorithm']);
	});
});
