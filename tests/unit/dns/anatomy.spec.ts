import { describe, expect, it } from 'vitest';
import { checkAnnotations } from '$lib/bytes/annotated';
import { buildDohAnatomy } from '$lib/dns/anatomy';

const input = { name: 'www.example.com', type: 'A', edns: false, recursionDesired: true, endpoint: 'https://dnsserver.example.net/dns-query' };

describe('buildDohAnatomy', () => {
	it('ends with the RFC 8484 request for the RFC example', () => {
		const r = buildDohAnatomy(input);
		if (!r.ok) throw new Error(r.error.message.en);
		expect(r.value.requestTarget).toBe('/dns-query?dns=AAABAAABAAAAAAAAA3d3dwdleGFtcGxlA2NvbQAAAQAB');
		expect(r.value.steps.map((s) => s.id)).toEqual(['header', 'flags', 'question0', 'request']);
		expect(checkAnnotations(r.value.annotated)).toEqual([]);
	});

	it('adds the EDNS step when EDNS is on, and clears RD when asked', () => {
		const r = buildDohAnatomy({ ...input, edns: true, recursionDesired: false });
		if (!r.ok) throw new Error(r.error.message.en);
		expect(r.value.steps.map((s) => s.id)).toEqual(['header', 'flags', 'question0', 'additional0', 'request']);
		expect(r.value.query[2]).toBe(0); // no RD
		expect(r.value.dnsParam).not.toMatch(/[+/=]/);
	});

	it('asks for PTR when given an address, whatever type was picked', () => {
		const r = buildDohAnatomy({ ...input, name: '192.0.2.1', type: 'AAAA' });
		if (!r.ok) throw new Error(r.error.message.en);
		expect(r.value.fqdn).toBe('1.2.0.192.in-addr.arpa.');
		expect(Array.from(r.value.query.subarray(-4))).toEqual([0, 12, 0, 1]);
	});

	it('passes bad names and types back as errors', () => {
		const bad = buildDohAnatomy({ ...input, name: 'a..b' });
		expect(bad.ok ? 'ok' : bad.error.code).toBe('empty-label');
		const type = buildDohAnatomy({ ...input, type: 'BOGUS' });
		expect(type.ok ? 'ok' : type.error.code).toBe('bad-type');
	});
});
