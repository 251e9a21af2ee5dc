import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '$lib/bytes/encoding';
import { PCAP_SNAPLEN, pcapFile } from '$lib/net/pcap';

describe('pcapFile', () => {
	it('writes the classic global header, little-endian, byte for byte', () => {
		expect(toHex(pcapFile([]), ' ')).toBe(
			[
				'd4 c3 b2 a1', // magic 0xa1b2c3d4: microsecond timestamps, written little-endian
				'02 00 04 00', // version 2.4
				'00 00 00 00', // thiszone
				'00 00 00 00', // sigfigs
				'00 00 04 00', // snaplen 262144
				'01 00 00 00' // linktype 1, Ethernet
			].join(' ')
		);
		expect(toHex(pcapFile([], 101).subarray(20))).toBe('65000000'); // linktype 101, raw IP
	});

	it('puts a record header before each frame: seconds, microseconds, stored and real length', () => {
		const file = pcapFile([
			{ timestampMicros: 1_767_225_600_123_456, bytes: fromHex('0102030405') },
			{ timestampMicros: 1_767_225_601_000_000, bytes: fromHex('ff') }
		]);
		expect(file.length).toBe(24 + 16 + 5 + 16 + 1);
		expect(toHex(file.subarray(24, 24 + 21), ' ')).toBe('00 b9 55 69 40 e2 01 00 05 00 00 00 05 00 00 00 01 02 03 04 05');
		expect(toHex(file.subarray(45), ' ')).toBe('01 b9 55 69 00 00 00 00 01 00 00 00 01 00 00 00 ff');
	});

	it('stores a frame longer than the snap length cut, with its real length', () => {
		const file = pcapFile([{ timestampMicros: 0, bytes: new Uint8Array(PCAP_SNAPLEN + 10).fill(7) }]);
		const view = new DataView(file.buffer);
		expect(view.getUint32(24 + 8, true)).toBe(PCAP_SNAPLEN);
		expect(view.getUint32(24 + 12, true)).toBe(PCAP_SNAPLEN + 10);
		expect(file.length).toBe(24 + 16 + PCAP_SNAPLEN);
	});

	it('refuses a timestamp that is not whole microseconds since 1970', () => {
		for (const timestampMicros of [-1, 0.5, 2 ** 32 * 1e6, Number.NaN])
			expect(() => pcapFile([{ timestampMicros, bytes: new Uint8Array(1) }]), String(timestampMicros)).toThrow(RangeError);
	});
});
