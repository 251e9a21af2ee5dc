import { describe, expect, it } from 'vitest';
import { parseIPv6, parseQueryName } from '$lib/dns/name';

const long63 = 'a'.repeat(63);
const long64 = 'a'.repeat(64);
// 4 labels of 63 + 3 dots = 255 characters: over 253.
const tooLongName = [long63, long63, long63, long63].join('.');
// 3 labels of 63 + one of 61 + 3 dots = 253 characters: the longest allowed.
const longestName = [long63, long63, long63, 'a'.repeat(61)].join('.');

const accepted: [string, string][] = [
	['example.com', 'example.com'],
	['  Example.COM  ', 'example.com'],
	['example.com.', 'example.com'],
	['.', ''],
	['www.example.co.uk', 'www.example.co.uk'],
	['localhost', 'localhost'],
	['a', 'a'],
	['_dmarc.example.com', '_dmarc.example.com'],
	['_443._tcp.example.com', '_443._tcp.example.com'],
	['xn--bcher-kva.example', 'xn--bcher-kva.example'],
	['bücher.example', 'xn--bcher-kva.example'],
	['BÜCHER.example', 'xn--bcher-kva.example'],
	['例子.测试', 'xn--fsqu00a.xn--0zwm56d'],
	['例子。测试', 'xn--fsqu00a.xn--0zwm56d'],
	['a-b.example', 'a-b.example'],
	['123.example', '123.example'],
	[long63 + '.com', long63 + '.com'],
	[longestName, longestName],
	['192.0.2.1', '1.2.0.192.in-addr.arpa'],
	['8.8.4.4', '4.4.8.8.in-addr.arpa'],
	['0.0.0.0', '0.0.0.0.in-addr.arpa'],
	['2001:db8::1', '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa'],
	['[2001:db8::1]', '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa'],
	['::1', '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa'],
	['::ffff:192.0.2.1', '1.0.2.0.0.0.0.c.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa']
];

const rejected: [string, string][] = [
	['', 'empty'],
	['   ', 'empty'],
	['exa mple.com', 'space'],
	['example.com\t.net', 'space'],
	['a..b', 'empty-label'],
	['.example.com', 'empty-label'],
	['example.com..', 'empty-label'],
	[long64 + '.com', 'label-too-long'],
	[tooLongName, 'name-too-long'],
	['exa$mple.com', 'bad-char'],
	['example.com/path', 'bad-char'],
	['https://example.com', 'bad-char'],
	['user@example.com', 'bad-char'],
	['<script>.example', 'bad-char'],
	['-example.com', 'hyphen-edge'],
	['example-.com', 'hyphen-edge'],
	['xn--99999999999.example', 'bad-idn']
];

describe('parseQueryName', () => {
	it.each(accepted)('accepts %j as %j', (input, name) => {
		const result = parseQueryName(input);
		expect(result.ok ? result.value.name : result.error.code).toBe(name);
	});

	it.each(rejected)('rejects %j with %s', (input, code) => {
		const result = parseQueryName(input);
		expect(result.ok ? `accepted as ${result.value.name}` : result.error.code).toBe(code);
		if (!result.ok) {
			expect(result.error.message.en.length).toBeGreaterThan(10);
			expect(result.error.message['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
		}
	});

	it('treats an out-of-range dotted quad as a name, not an address', () => {
		const result = parseQueryName('256.1.1.1');
		expect(result.ok && result.value.name).toBe('256.1.1.1');
		expect(result.ok && result.value.reverseOf).toBeUndefined();
	});

	it('notes what it did: IDN conversion and reverse lookups', () => {
		const idn = parseQueryName('bücher.example');
		expect(idn.ok && idn.value.notes[0]?.en).toContain('xn--bcher-kva');
		expect(idn.ok && idn.value.unicode).toBe('bücher.example');
		const rev = parseQueryName('192.0.2.1');
		expect(rev.ok && rev.value.reverseOf).toBe('192.0.2.1');
		expect(rev.ok && rev.value.notes[0]?.en).toContain('PTR');
		expect(rev.ok && rev.value.fqdn).toBe('1.2.0.192.in-addr.arpa.');
	});
});

describe('parseIPv6', () => {
	it.each([
		['::', [0, 0, 0, 0, 0, 0, 0, 0]],
		['1::', [1, 0, 0, 0, 0, 0, 0, 0]],
		['2001:db8:0:0:0:0:2:1', [0x2001, 0xdb8, 0, 0, 0, 0, 2, 1]],
		['2001:db8::2:1', [0x2001, 0xdb8, 0, 0, 0, 0, 2, 1]]
	])('parses %s', (text, words) => expect(parseIPv6(text)).toEqual(words));
	it.each(['1:2:3:4:5:6:7', '1::2::3', '12345::', 'g::1', '1:2:3:4:5:6:7:8:9', 'example.com'])('rejects %s', (text) =>
		expect(parseIPv6(text)).toBeUndefined()
	);
});
