import { describe, expect, it } from 'vitest';
import { punycodeDecode, punycodeEncode } from '$lib/dns/punycode';

// RFC 3492 section 7.1 sample strings, plus IANA's IDN test TLDs.
const vectors: [string, string][] = [
	['\u0644\u064A\u0647\u0645\u0627\u0628\u062A\u0643\u0644\u0645\u0648\u0634\u0639\u0631\u0628\u064A\u061F', 'egbpdaj6bu4bxfgehfvwxn'], // (A) Arabic
	['\u4ED6\u4EEC\u4E3A\u4EC0\u4E48\u4E0D\u8BF4\u4E2D\u6587', 'ihqwcrb4cv8a8dqg056pqjye'], // (B) Chinese (simplified)
	['3\u5E74B\u7D44\u91D1\u516B\u5148\u751F', '3B-ww4c5e180e575a65lsy2b'], // (L)
	['b\u00FCcher', 'bcher-kva'],
	['\u6D4B\u8BD5', '0zwm56d'], // 测试, IANA test TLD xn--0zwm56d
	['\u4F8B\u5B50', 'fsqu00a'] // 例子, IANA test TLD xn--fsqu00a
];

describe('punycode (RFC 3492)', () => {
	it.each(vectors)('encodes %s as %s', (unicode, encoded) => {
		expect(punycodeEncode(unicode)).toBe(encoded);
	});
	it.each(vectors)('decodes %s back from %s', (unicode, encoded) => {
		expect(punycodeDecode(encoded)).toBe(unicode);
	});
	it('rejects invalid input instead of throwing', () => {
		expect(punycodeDecode('99999999999999999999')).toBeUndefined();
		expect(punycodeDecode('a!b')).toBeUndefined();
		expect(punycodeDecode('ü-abc')).toBeUndefined();
	});
});
