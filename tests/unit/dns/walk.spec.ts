/**
 * The walk's pure parts: names, root hints, and what a response means (classify). The walk itself runs against
 * real servers in tests/lab/walk-cli.spec.ts.
 */
import dnsPacket from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { IANA_ROOT_HINTS, parseRootHints } from '$lib/dns/root-hints';
import { ancestors, classify, isSubdomain } from '$lib/dns/walk';
import { decodeMessage, type DnsMessage } from '$lib/dns/wire';

function message(packet: Partial<dnsPacket.Packet> & { rcode?: string }): DnsMessage {
	const bytes = new Uint8Array(
		dnsPacket.encode({ type: 'response', id: 1, flags: 0, questions: [{ type: 'A', name: 'www.example.com' }], ...packet } as dnsPacket.Packet)
	);
	const r = decodeMessage(bytes);
	if (!r.ok) throw new Error(r.error.message.en);
	return r.value;
}
const AA = dnsPacket.AUTHORITATIVE_ANSWER;

describe('names', () => {
	it('lists the possible zone cuts from the top', () => {
		expect(ancestors('www.example.co.uk')).toEqual(['uk.', 'co.uk.', 'example.co.uk.', 'www.example.co.uk.']);
		expect(ancestors('.')).toEqual([]);
	});
	it('knows what is below what, without regard to case', () => {
		expect(isSubdomain('www.Example.com.', 'example.COM')).toBe(true);
		expect(isSubdomain('example.com', 'example.com.')).toBe(true);
		expect(isSubdomain('anything', '.')).toBe(true);
		expect(isSubdomain('badexample.com', 'example.com')).toBe(false);
		expect(isSubdomain('com', 'example.com')).toBe(false);
	});
});

describe('root hints', () => {
	it('ships the 13 IANA root servers with both addresses', () => {
		expect(IANA_ROOT_HINTS.map((s) => s.name)).toEqual('abcdefghijklm'.split('').map((l) => `${l}.root-servers.net.`));
		expect(IANA_ROOT_HINTS[0]!.addresses).toEqual(['198.41.0.4', '2001:503:ba3e::2:30']);
		expect(IANA_ROOT_HINTS.every((s) => s.addresses.length === 2)).toBe(true);
	});
	it('reads named.root format, with comments, TTLs and upper case', () => {
		const text = `; comment\n.  3600000  NS  A.ROOT-SERVERS.LAB.\nA.ROOT-SERVERS.LAB. 3600000 A 127.53.0.1\n. 3600000 IN NS b.root-servers.lab.\nb.root-servers.lab. 3600000 IN AAAA ::1\nc.root-servers.lab. 1 A 127.0.0.9 ; not a root\n`;
		expect(parseRootHints(text)).toEqual([
			{ name: 'a.root-servers.lab.', addresses: ['127.53.0.1'] },
			{ name: 'b.root-servers.lab.', addresses: ['::1'] }
		]);
	});
	it('gives nothing for text with no usable root server', () => {
		expect(parseRootHints('. NS a.root.\n')).toBeUndefined();
		expect(parseRootHints('<html>not hints</html>')).toBeUndefined();
	});
});

describe('classify', () => {
	const ns = (name: string, target: string) => ({ type: 'NS' as const, name, ttl: 172800, data: target });
	const a = (name: string, address: string) => ({ type: 'A' as const, name, ttl: 172800, data: address });

	it('takes a downward NS set without AA as a referral, keeping only in-bailiwick glue', () => {
		const m = message({
			authorities: [ns('example.com', 'ns1.example.com'), ns('example.com', 'ns.other.net')],
			additionals: [a('ns1.example.com', '192.0.2.1'), a('ns.other.net', '198.51.100.1')]
		});
		expect(classify(m, 'com.', 'www.example.com.', 1)).toEqual({
			kind: 'referral',
			zone: 'example.com.',
			nameservers: [
				{ name: 'ns1.example.com.', addresses: ['192.0.2.1'] },
				// Glue for a name outside com. is not trusted from a com. server (RFC 2181 section 5.4.1).
				{ name: 'ns.other.net.', addresses: [] }
			],
			ds: []
		});
	});

	it('takes a referral sideways or upwards as lame', () => {
		const up = message({ authorities: [ns('.', 'a.root-servers.net')] });
		expect(classify(up, 'example.com.', 'www.example.com.', 1).kind).toBe('lame');
		const sideways = message({ authorities: [ns('example.org', 'ns1.example.org')] });
		expect(classify(sideways, 'com.', 'www.example.com.', 1).kind).toBe('lame');
	});

	it('tells answers, NODATA, NXDOMAIN and refusals apart', () => {
		expect(classify(message({ flags: AA, answers: [a('www.example.com', '192.0.2.7')] }), 'example.com.', 'www.example.com.', 1)).toMatchObject({
			kind: 'answer'
		});
		const soa = { type: 'SOA' as const, name: 'example.com', ttl: 300, data: { mname: 'ns1.example.com', rname: 'h.example.com', serial: 1, refresh: 1, retry: 1, expire: 1, minimum: 300 } };
		expect(classify(message({ flags: AA, authorities: [soa] }), 'example.com.', 'www.example.com.', 1)).toMatchObject({ kind: 'nodata' });
		expect(classify(message({ flags: AA | 3, authorities: [soa] }), 'example.com.', 'www.example.com.', 1)).toMatchObject({ kind: 'nxdomain' });
		expect(classify(message({ flags: 5 }), 'example.com.', 'www.example.com.', 1).kind).toBe('refused');
		expect(classify(message({ flags: 2 }), 'example.com.', 'www.example.com.', 1).kind).toBe('servfail');
		expect(classify(message({}), 'example.com.', 'www.example.com.', 1).kind).toBe('lame');
	});

	it('follows a CNAME chain inside the response, and stops where the data stops', () => {
		const cname = (name: string, target: string) => ({ type: 'CNAME' as const, name, ttl: 300, data: target });
		const inZone = message({ flags: AA, answers: [cname('www.example.com', 'web.example.com'), a('web.example.com', '192.0.2.8')] });
		expect(classify(inZone, 'example.com.', 'www.example.com.', 1)).toMatchObject({ kind: 'answer' });
		const outOfZone = message({ flags: AA, answers: [cname('www.example.com', 'edge.cdn.example.net')] });
		expect(classify(outOfZone, 'example.com.', 'www.example.com.', 1)).toMatchObject({ kind: 'cname', target: 'edge.cdn.example.net.' });
	});

	it('follows a DNAME by rewriting the name (RFC 6672)', () => {
		const m = message({ flags: AA, answers: [{ type: 'DNAME', name: 'example.com', ttl: 300, data: 'example.net' }] });
		expect(classify(m, 'com.', 'www.example.com.', 1)).toMatchObject({ kind: 'dname', target: 'www.example.net.' });
	});
});
