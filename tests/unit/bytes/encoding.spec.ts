import { describe, expect, it } from 'vitest';
import { fromBase64Url, fromHex, toBase64Url, toBits, toHex } from '$lib/bytes/encoding';

const ascii = (s: string) => new TextEncoder().encode(s);

describe('base64url', () => {
	// RFC 4648 section 10 test vectors, without padding (RFC 8484 drops it).
	it.each([
		['', ''],
		['f', 'Zg'],
		['fo', 'Zm8'],
		['foo', 'Zm9v'],
		['foob', 'Zm9vYg'],
		['fooba', 'Zm9vYmE'],
		['foobar', 'Zm9vYmFy']
	])('encodes %j as %j and back', (plain, encoded) => {
		expect(toBase64Url(ascii(plain))).toBe(encoded);
		expect(new TextDecoder().decode(fromBase64Url(encoded))).toBe(plain);
	});

	it('uses - and _ where base64 has + and /', () => {
		expect(toBase64Url(new Uint8Array([0xfb, 0xff]))).toBe('-_8');
		expect(Array.from(fromBase64Url('-_8'))).toEqual([0xfb, 0xff]);
	});

	it('rejects text that is not base64url', () => {
		expect(() => fromBase64Url('ab+c')).toThrow(RangeError);
		expect(() => fromBase64Url('abcde')).toThrow(RangeError);
	});

	it('round-trips every length up to 40 bytes', () => {
		for (let n = 0; n <= 40; n++) {
			const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n) & 0xff);
			expect(Array.from(fromBase64Url(toBase64Url(bytes)))).toEqual(Array.from(bytes));
		}
	});
});

describe('hex and bits', () => {
	it('formats and parses hex', () => {
		expect(toHex(new Uint8Array([0, 1, 0xab, 0xff]))).toBe('0001abff');
		expect(toHex(new Uint8Array([0, 0xab]), ' ')).toBe('00 ab');
		expect(Array.from(fromHex('00 01:ab ff'))).toEqual([0, 1, 0xab, 0xff]);
		expect(() => fromHex('abc')).toThrow(RangeError);
		expect(() => fromHex('zz')).toThrow(RangeError);
	});
	it('shows bits most significant first', () => {
		expect(toBits(new Uint8Array([0x81, 0x00]))).toBe('1000000100000000');
	});
});
