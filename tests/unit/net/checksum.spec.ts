import { describe, expect, it } from 'vitest';
import { fromHex } from '$lib/bytes/encoding';
import { internetChecksum, ipv4PseudoHeader, onesComplementSum, transportChecksum } from '$lib/net/checksum';

describe('the Internet checksum (RFC 1071)', () => {
	it('gives the numbers of RFC 1071 section 3', () => {
		const data = fromHex('0001f203f4f5f6f7');
		expect(onesComplementSum(data)).toBe(0xddf2);
		expect(internetChecksum(data)).toBe(0x220d);
		// The receiver's check: the data and its checksum sum to all ones.
		expect(onesComplementSum(data, fromHex('220d'))).toBe(0xffff);
	});

	it('gives the published checksum of an IPv4 header (0xb861)', () => {
		const header = fromHex('450000730000400040110000c0a80001c0a800c7');
		expect(internetChecksum(header)).toBe(0xb861);
		expect(internetChecksum(fromHex('45000073000040004011b861c0a80001c0a800c7'))).toBe(0);
	});

	it('pads only the last odd byte, however the data is split into parts', () => {
		expect(onesComplementSum(fromHex('01'))).toBe(0x0100);
		expect(onesComplementSum(fromHex('0001f2'))).toBe(0xf201);
		const data = fromHex('0001f203f4f5f6f7ab');
		const whole = internetChecksum(data);
		for (const cut of [1, 3, 4, 7]) expect(internetChecksum(data.subarray(0, cut), data.subarray(cut)), `cut at ${cut}`).toBe(whole);
		expect(internetChecksum(data.subarray(0, 1), data.subarray(1, 2), data.subarray(2))).toBe(whole);
	});

	it('folds the carries of long data', () => {
		expect(onesComplementSum(new Uint8Array(100_000).fill(0xff))).toBe(0xffff);
		expect(internetChecksum(new Uint8Array(0))).toBe(0xffff);
	});

	it('puts addresses, protocol and length in the IPv4 pseudo-header', () => {
		const pseudo = ipv4PseudoHeader(fromHex('c000020a'), fromHex('c6336414'), 6, 0x0123);
		expect(pseudo).toEqual(fromHex('c000020a c6336414 00 06 0123'));
		// A SYN from 192.0.2.10:49152 to 198.51.100.20:80, its checksum worked out apart (Python, RFC 1071 loop).
		const segment = fromHex('c000 0050 00000001 00000000 5002 ffff 0000 0000');
		expect(transportChecksum(fromHex('c000020a'), fromHex('c6336414'), 6, segment)).toBe(0x033f);
	});
});
