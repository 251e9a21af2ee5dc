import { describe, expect, it } from 'vitest';
import { toHex } from '$lib/bytes/encoding';
import { canonicalRrset, signedOwner } from '$lib/dnssec/canonical';
import { compareNames, nameFromText, nameToText } from '$lib/dnssec/names';
import { canonicalRdata, parseRrsig, TYPE } from '$lib/dnssec/records';
import { serialLte } from '$lib/dnssec/validate';
import { records } from './helpers';

const name = (text: string) => nameFromText(text)!;

describe('canonical order of names (RFC 4034 section 6.1)', () => {
	it('sorts the RFC example list', () => {
		// The list RFC 4034 section 6.1 gives, in canonical order.
		const ordered = ['example.', 'a.example.', 'yljkjljk.a.example.', 'Z.a.example.', 'zABC.a.EXAMPLE.', 'z.example.', '\\001.z.example.', '*.z.example.', '\\200.z.example.'];
		const shuffled = [...ordered].reverse().map(name);
		expect(shuffled.sort(compareNames).map(nameToText)).toEqual(ordered);
	});
});

describe('canonical RR form (RFC 4034 sections 6.2 and 6.3, RFC 6840 section 5.1)', () => {
	it('lowercases names inside MX and RRSIG data, not inside NSEC data', () => {
		const [mx, nsec] = records('x. 1 IN MX 10 Mail.EXAMPLE.\nx. 1 IN NSEC Next.EXAMPLE. A');
		expect(nameToText(canonicalRdata(TYPE.MX, mx!.rdata).subarray(2))).toBe('mail.example.');
		expect(toHex(canonicalRdata(TYPE.NSEC, nsec!.rdata))).toBe(toHex(nsec!.rdata));
	});

	it('uses the original TTL, sorts by RDATA, drops duplicates, lowercases the owner', () => {
		const set = records('WWW.example. 60 IN A 192.0.2.9\nwww.example. 10 IN A 192.0.2.1\nwww.example. 60 IN A 192.0.2.9');
		const [sig] = records('www.example. 1 IN RRSIG A 13 2 3600 20300101000000 20200101000000 1 example. AAAA');
		const c = canonicalRrset(set, parseRrsig(sig!.rdata)!);
		expect(c.records.map((r) => toHex(r))).toEqual([
			'03777777076578616d706c65000001000100000e100004c0000201',
			'03777777076578616d706c65000001000100000e100004c0000209'
		]);
	});

	it('rebuilds a wildcard owner from the labels field (RFC 4035 section 5.3.2)', () => {
		expect(nameToText(signedOwner(name('a.b.Z.w.example.'), 2))).toBe('*.w.example.');
		expect(nameToText(signedOwner(name('x.w.example.'), 3))).toBe('x.w.example.');
	});
});

describe('serial number arithmetic (RFC 1982, 32 bits)', () => {
	it('compares across the 2^32 wrap and refuses spans of 2^31 or more', () => {
		expect(serialLte(0xfffffff0, 0x10)).toBe(true);
		expect(serialLte(0x10, 0xfffffff0)).toBe(false);
		expect(serialLte(5, 5)).toBe(true);
		expect(serialLte(0, 0x80000000)).toBe(false);
	});
});
