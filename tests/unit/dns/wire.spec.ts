import { describe, expect, it } from 'vitest';
import { checkAnnotations, findField } from '$lib/bytes/annotated';
import { fromHex, toBase64Url, toHex } from '$lib/bytes/encoding';
import { dohGetUrl, dohRequestTarget } from '$lib/dns/doh';
import { annotateMessage, encodeQuery } from '$lib/dns/wire';

describe('encodeQuery', () => {
	// RFC 8484 section 4.1.1, first example: www.example.com A, ID 0, RD, no EDNS.
	it('reproduces the RFC 8484 GET example byte for byte', () => {
		const q = encodeQuery({ name: 'www.example.com', typeCode: 1, edns: null });
		expect(toBase64Url(q)).toBe('AAABAAABAAAAAAAAA3d3dwdleGFtcGxlA2NvbQAAAQAB');
		expect(dohRequestTarget('https://dnsserver.example.net/dns-query', q)).toBe(
			'/dns-query?dns=AAABAAABAAAAAAAAA3d3dwdleGFtcGxlA2NvbQAAAQAB'
		);
	});

	// RFC 8484 section 4.1.1, second example: a name whose encoding needs the base64url alphabet.
	it('reproduces the RFC 8484 example that shows base64url', () => {
		const q = encodeQuery({
			name: 'a.62characterlabel-makes-base64url-distinct-from-standard-base64.example.com',
			typeCode: 1,
			edns: null
		});
		expect(dohGetUrl('https://dnsserver.example.net/dns-query', q)).toBe(
			'https://dnsserver.example.net/dns-query?dns=AAABAAABAAAAAAAAAWE-NjJjaGFyYWN0ZXJsYWJlbC1tYWtlcy1iYXNlNjR1cmwtZGlzdGluY3QtZnJvbS1zdGFuZGFyZC1iYXNlNjQHZXhhbXBsZQNjb20AAAEAAQ'
		);
	});

	// Laid out by hand from RFC 1035 section 4.1 and RFC 6891 section 6.1.2.
	it('adds an OPT record with the UDP size and the DO bit', () => {
		const q = encodeQuery({ name: 'example.com', typeCode: 28 });
		expect(toHex(q)).toBe(
			'0000' + '0100' + '0001' + '0000' + '0000' + '0001' + // header: ID 0, RD, 1 question, 1 additional
				'076578616d706c6503636f6d00' + '001c' + '0001' + // example.com AAAA IN
				'00' + '0029' + '04d0' + '00' + '00' + '8000' + '0000' // OPT, 1232 bytes, DO
		);
	});

	it('encodes HTTPS (type 65), which dns-packet only knows by number', () => {
		const q = encodeQuery({ name: 'example.com', typeCode: 65, edns: null });
		expect(toHex(q.subarray(q.length - 4))).toBe('00410001');
	});

	it.each([
		[252, '00fc'],
		[251, '00fb'],
		[255, '00ff'],
		[65280, 'ff00']
	])('encodes QTYPE %i as %s, also types dns-packet has no name for', (code, hex) => {
		const q = encodeQuery({ name: 'example.com', typeCode: code, edns: null });
		expect(toHex(q.subarray(q.length - 4, q.length - 2))).toBe(hex);
	});

	it('encodes the root name as one zero byte', () => {
		const q = encodeQuery({ name: '', typeCode: 2, edns: null });
		expect(toHex(q.subarray(12))).toBe('00' + '0002' + '0001');
	});
});

describe('annotateMessage', () => {
	it('explains every part of a query', () => {
		const q = encodeQuery({ name: 'example.com', typeCode: 1, checkingDisabled: true });
		const result = annotateMessage(q);
		if (!result.ok) throw new Error(result.error.message.en);
		const data = result.value;
		expect(checkAnnotations(data)).toEqual([]);
		expect(data.sections.map((s) => s.id)).toEqual(['header', 'flags', 'question0', 'additional0']);
		expect(findField(data, 'flags.rd')?.value).toBe('1');
		expect(findField(data, 'flags.qr')?.value).toBe('0 (query)');
		expect(findField(data, 'flags.cd')?.value).toBe('1');
		expect(findField(data, 'flags.ad')?.value).toBe('0');
		expect(findField(data, 'question0.name')?.value).toBe('example.com.');
		expect(findField(data, 'question0.name.label0')).toMatchObject({ offset: 12, length: 8 });
		expect(findField(data, 'question0.type')?.value).toBe('1 (A)');
		expect(findField(data, 'additional0.udpsize')?.value).toBe('1232 bytes');
		expect(findField(data, 'additional0.do')?.value).toBe('1 (set)');
	});

	it('reads a response with a compressed name', () => {
		// Hand-assembled: example.com A -> 192.0.2.1, answer name compressed to the question (0xc00c).
		const bytes = fromHex(
			'0000 8180 0001 0001 0000 0000 076578616d706c6503636f6d00 0001 0001' +
				' c00c 0001 0001 00000e10 0004 c0000201'
		);
		const result = annotateMessage(bytes);
		if (!result.ok) throw new Error(result.error.message.en);
		expect(checkAnnotations(result.value)).toEqual([]);
		expect(findField(result.value, 'flags.qr')?.value).toBe('1 (response)');
		expect(findField(result.value, 'flags.ra')?.value).toBe('1');
		expect(findField(result.value, 'answer0.name')?.value).toBe('example.com.');
		expect(findField(result.value, 'answer0.name.pointer')?.value).toBe('→ byte 12');
		expect(findField(result.value, 'answer0.ttl')?.value).toBe('3600 s');
	});

	it('returns a typed error for every truncation, never throws', () => {
		const q = encodeQuery({ name: 'www.example.com', typeCode: 1 });
		for (let n = 0; n < q.length; n++) {
			const result = annotateMessage(q.subarray(0, n));
			expect(result.ok, `prefix of ${n} bytes`).toBe(false);
			if (!result.ok) expect(['truncated', 'bad-name']).toContain(result.error.code);
		}
	});

	it('rejects a compression loop and trailing bytes', () => {
		const loop = fromHex('0000 0000 0001 0000 0000 0000 c00c 0001 0001');
		const r1 = annotateMessage(loop);
		expect(r1.ok ? 'ok' : r1.error.code).toBe('bad-name');
		const extra = new Uint8Array([...encodeQuery({ name: 'a.b', typeCode: 1, edns: null }), 0]);
		const r2 = annotateMessage(extra);
		expect(r2.ok ? 'ok' : r2.error.code).toBe('trailing-bytes');
	});

	it('survives random corruption without an exception', () => {
		const q = encodeQuery({ name: 'www.example.com', typeCode: 1 });
		let seed = 1;
		const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed);
		for (let i = 0; i < 2000; i++) {
			const copy = q.slice();
			copy[rand() % copy.length] = rand() & 0xff;
			copy[rand() % copy.length] = rand() & 0xff;
			const result = annotateMessage(copy);
			if (result.ok) expect(checkAnnotations(result.value)).toEqual([]);
		}
	});
});
