import dnsPacket from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { checkAnnotations } from '$lib/bytes/annotated';
import { fromHex } from '$lib/bytes/encoding';
import { characterString, ipv6Text, presentSvcb } from '$lib/dns/records';
import { decodeMessage, parseMessage, sameName } from '$lib/dns/wire';

/** A response built by dns-packet's encoder (an independent implementation), decoded by ours. */
function response(answers: dnsPacket.Answer[], extra: Partial<dnsPacket.Packet> = {}) {
	return new Uint8Array(
		dnsPacket.encode({
			type: 'response',
			id: 4660,
			flags: dnsPacket.AUTHORITATIVE_ANSWER | dnsPacket.RECURSION_DESIRED,
			questions: [{ type: 'A', name: 'example.com' }],
			answers,
			...extra
		})
	);
}

describe('decodeMessage', () => {
	it('presents every common type as dig does', () => {
		const bytes = response([
			{ type: 'A', name: 'example.com', ttl: 300, data: '192.0.2.1' },
			{ type: 'AAAA', name: 'example.com', ttl: 300, data: '2001:db8::1' },
			{ type: 'CNAME', name: 'www.example.com', ttl: 60, data: 'Example.COM' },
			{ type: 'NS', name: 'example.com', ttl: 86400, data: 'ns1.example.net' },
			{ type: 'MX', name: 'example.com', ttl: 300, data: { preference: 10, exchange: 'mail.example.com' } },
			{ type: 'TXT', name: 'example.com', ttl: 300, data: ['v=spf1 -all', 'say "hi"\\'] },
			{ type: 'TXT', name: 'x.example.com', ttl: 300, data: '<img src=x onerror=alert(1)>' },
			{ type: 'SOA', name: 'example.com', ttl: 300, data: { mname: 'ns1.example.com', rname: 'hostmaster.example.com', serial: 2026112601, refresh: 7200, retry: 3600, expire: 1209600, minimum: 300 } },
			{ type: 'CAA', name: 'example.com', ttl: 300, data: { flags: 0, tag: 'issue', value: 'letsencrypt.org' } },
			{ type: 'PTR', name: '1.2.0.192.in-addr.arpa', ttl: 300, data: 'host.example.com' },
			{ type: 'DS', name: 'example.com', ttl: 300, data: { keyTag: 370, algorithm: 13, digestType: 2, digest: Buffer.from('be74359954660069d5c63d200c39f5603827d7dd02b56f120ee9f3a86764247c', 'hex') } }
		]);
		const r = decodeMessage(bytes);
		if (!r.ok) throw new Error(r.error.message.en);
		const m = r.value;
		expect(m.id).toBe(4660);
		expect(m.flags).toMatchObject({ qr: true, aa: true, rd: true, tc: false });
		expect(m.rcode).toBe(0);
		expect(m.questions).toEqual([{ name: 'example.com.', type: 1, class: 1 }]);
		expect(m.answers.map((a) => a.text)).toEqual([
			'192.0.2.1',
			'2001:db8::1',
			'example.com.',
			'ns1.example.net.',
			'10 mail.example.com.',
			'"v=spf1 -all" "say \\"hi\\"\\\\"',
			'"<img src=x onerror=alert(1)>"',
			'ns1.example.com. hostmaster.example.com. 2026112601 7200 3600 1209600 300',
			'0 issue "letsencrypt.org"',
			'host.example.com.',
			'370 13 2 BE74359954660069D5C63D200C39F5603827D7DD02B56F120EE9F3A86764247C'
		]);
		expect(m.answers[0]).toMatchObject({ address: '192.0.2.1', ttl: 300, section: 'answer', name: 'example.com.' });
		expect(m.answers[2]!.target).toBe('example.com.');
		expect(m.answers[4]!.target).toBe('mail.example.com.');
	});

	it('separates the OPT record and merges the extended RCODE', () => {
		const bytes = response([], {
			additionals: [
				{ type: 'A', name: 'ns1.example.com', ttl: 300, data: '192.0.2.53' },
				{ type: 'OPT', name: '.', udpPayloadSize: 1232, extendedRcode: 1, ednsVersion: 0, flags: dnsPacket.DNSSEC_OK, flag_do: true, options: [] }
			]
		});
		const r = decodeMessage(bytes);
		if (!r.ok) throw new Error(r.error.message.en);
		expect(r.value.additional.map((a) => a.text)).toEqual(['192.0.2.53']);
		expect(r.value.edns).toMatchObject({ udpPayloadSize: 1232, dnssecOk: true, version: 0 });
		expect(r.value.rcode).toBe(16); // BADVERS/BADSIG: 1 << 4, header RCODE 0
	});

	it('annotates every record soundly, with its data as the RDATA value', () => {
		const bytes = response([{ type: 'MX', name: 'example.com', ttl: 300, data: { preference: 10, exchange: 'mail.example.com' } }]);
		const r = parseMessage(bytes);
		if (!r.ok) throw new Error(r.error.message.en);
		expect(checkAnnotations(r.value.annotated)).toEqual([]);
		const rdata = r.value.annotated.sections.find((s) => s.id === 'answer0')!.fields.find((f) => f.id === 'answer0.rdata');
		expect(rdata?.value).toBe('10 mail.example.com.');
	});

	it('explains the fields inside the record data of common types', () => {
		const bytes = response([
			{ type: 'A', name: 'example.com', ttl: 300, data: '192.0.2.1' },
			{ type: 'MX', name: 'example.com', ttl: 300, data: { preference: 10, exchange: 'mail.example.com' } },
			{ type: 'TXT', name: 'example.com', ttl: 300, data: ['v=spf1 -all', '<b>'] },
			{ type: 'SOA', name: 'example.com', ttl: 300, data: { mname: 'ns1.example.com', rname: 'hostmaster.example.com', serial: 2026112601, refresh: 7200, retry: 3600, expire: 1209600, minimum: 300 } },
			{ type: 'CNAME', name: 'www.example.com', ttl: 60, data: 'example.com' }
		]);
		const r = parseMessage(bytes);
		if (!r.ok) throw new Error(r.error.message.en);
		expect(checkAnnotations(r.value.annotated)).toEqual([]);
		const values = (section: string) =>
			r.value.annotated.sections.find((s) => s.id === section)!.fields.filter((f) => f.id.includes('.rdata.')).map((f) => `${f.id.split('.rdata.')[1]}=${f.value}`);
		expect(values('answer0')).toEqual(['address=192.0.2.1']);
		expect(values('answer1')).toEqual(['preference=10', 'exchange=mail.example.com.']);
		expect(values('answer2')).toEqual(['string0="v=spf1 -all"', 'string1="<b>"']);
		expect(values('answer3')).toEqual([
			'mname=ns1.example.com.',
			'rname=hostmaster.example.com.',
			'serial=2026112601',
			'refresh=7200',
			'retry=3600',
			'expire=1209600',
			'minimum=300'
		]);
		expect(values('answer4')).toEqual(['target=example.com.']);
	});

	it('explains the fields of CAA, DS, DNSKEY and RRSIG record data', () => {
		// DS: RFC 4034 section 5.4's example; RRSIG: the fixed fields of RFC 4034 section 3.3's example (with a short
		// stand-in signature); DNSKEY flags 257 (zone key + SEP); CAA: RFC 8659 section 4's example.
		const bytes = response([
			{ type: 'CAA', name: 'example.com', ttl: 300, data: { flags: 0, tag: 'issue', value: 'ca.example.net' } },
			{
				type: 'DS',
				name: 'dskey.example.com',
				ttl: 86400,
				data: { keyTag: 60485, algorithm: 5, digestType: 1, digest: Buffer.from(fromHex('2BB183AF5F22588179A53B0A98631FAD1A292118')) }
			},
			{ type: 'DNSKEY', name: 'example.com', ttl: 86400, data: { flags: 257, algorithm: 13, key: Buffer.from([1, 2, 3, 4, 5, 6]) } },
			{
				type: 'RRSIG',
				name: 'host.example.com',
				ttl: 86400,
				data: {
					typeCovered: 'A',
					algorithm: 5,
					labels: 3,
					originalTTL: 86400,
					expiration: Date.UTC(2003, 2, 22, 17, 31, 3) / 1000,
					inception: Date.UTC(2003, 1, 20, 17, 31, 3) / 1000,
					keyTag: 2642,
					signersName: 'example.com',
					signature: Buffer.from([0xa0, 0x90, 0x75])
				}
			}
		]);
		const r = parseMessage(bytes);
		if (!r.ok) throw new Error(r.error.message.en);
		expect(checkAnnotations(r.value.annotated)).toEqual([]);
		const values = (section: string) =>
			r.value.annotated.sections.find((s) => s.id === section)!.fields.filter((f) => f.id.includes('.rdata.')).map((f) => `${f.id.split('.rdata.')[1]}=${f.value}`);
		expect(values('answer0')).toEqual(['flags=0', 'tagLength=5', 'tag="issue"', 'value="ca.example.net"']);
		expect(values('answer1')).toEqual(['keyTag=60485', 'algorithm=5 RSASHA1', 'digestType=1 SHA-1', 'digest=2BB183AF5F22588179A53B0A98631FAD1A292118']);
		expect(values('answer2')).toEqual(['flags=257', 'protocol=3', 'algorithm=13 ECDSAP256SHA256', 'publicKey=AQIDBAUG']);
		expect(values('answer3')).toEqual([
			'typeCovered=A',
			'algorithm=5 RSASHA1',
			'labels=3',
			'originalTtl=86400',
			'expiration=20030322173103',
			'inception=20030220173103',
			'keyTag=2642',
			'signer=example.com.',
			'signature=oJB1'
		]);
		const dnskeyFlags = r.value.annotated.sections.find((s) => s.id === 'answer2')!.fields.find((f) => f.id === 'answer2.rdata.flags')!;
		expect(dnskeyFlags.explanation.en).toContain('This one: KSK (SEP bit set)');
	});

	it('explains the fields of HTTPS record data (RFC 9460 appendix D.2, figure 4)', () => {
		// Hand-assembled response: question and answer `example.com. HTTPS 16 foo.example.com. port=53`.
		const rdata = '0010 03666f6f076578616d706c6503636f6d00 0003 0002 0035';
		const rdlength = fromHex(rdata).length.toString(16).padStart(4, '0');
		const bytes = fromHex(`0000 8400 0001 0001 0000 0000 076578616d706c6503636f6d00 0041 0001 c00c 0041 0001 0000012c ${rdlength} ${rdata}`);
		const r = parseMessage(bytes);
		if (!r.ok) throw new Error(r.error.message.en);
		expect(checkAnnotations(r.value.annotated)).toEqual([]);
		const fields = r.value.annotated.sections.find((s) => s.id === 'answer0')!.fields.filter((f) => f.id.includes('.rdata.'));
		expect(fields.map((f) => `${f.id.split('.rdata.')[1]}=${f.value}`)).toEqual(['priority=16', 'target=foo.example.com.', 'param0=port=53']);
		expect(fields.map((f) => [f.offset, f.length])).toEqual([
			[41, 2],
			[43, 17],
			[60, 6]
		]);
	});

	it('shows record data it cannot decode in the RFC 3597 generic form', () => {
		// An A record with 3 bytes of data: malformed, but the message structure is intact.
		const bytes = fromHex('0000 8400 0000 0001 0000 0000 00 0001 0001 0000012c 0003 c00002');
		const r = decodeMessage(bytes);
		if (!r.ok) throw new Error(r.error.message.en);
		expect(r.value.answers[0]!.text).toBe('\\# 3 c00002');
		expect(r.value.answers[0]!.address).toBeUndefined();
		const unknown = decodeMessage(fromHex('0000 8400 0000 0001 0000 0000 00 fde9 0001 0000012c 0002 abcd'));
		expect(unknown.ok && unknown.value.answers[0]!.text).toBe('\\# 2 abcd');
	});

	it('compares names without regard to case or a trailing dot', () => {
		expect(sameName('Example.COM.', 'example.com')).toBe(true);
		expect(sameName('example.com', 'example.org')).toBe(false);
	});
});

describe('HTTPS/SVCB (RFC 9460 appendix D test vectors)', () => {
	it.each([
		['0000 03666f6f076578616d706c6503636f6d00', '0 foo.example.com.'], // D.1 AliasMode
		['0001 00', '1 .'], // D.2, figure 3
		['0010 03666f6f076578616d706c6503636f6d00 0003 0002 0035', '16 foo.example.com. port=53'],
		['0001 03666f6f076578616d706c6503636f6d00 029b 0005 68656c6c6f', '1 foo.example.com. key667="hello"'],
		[
			'0001 03666f6f076578616d706c6503636f6d00 0006 0020 20010db8000000000000000000000001 20010db8000000000000000000530001',
			'1 foo.example.com. ipv6hint=2001:db8::1,2001:db8::53:1'
		],
		[
			'0010 03666f6f076578616d706c65036f726700 0000 0004 00010004 0001 0009 026832 05 68332d3139 0004 0004 c0000201',
			'16 foo.example.org. mandatory=alpn,ipv4hint alpn="h2,h3-19" ipv4hint=192.0.2.1'
		]
	])('%s is %s', (hex, text) => {
		expect(presentSvcb(fromHex(hex))?.text).toBe(text);
	});

	it('rejects out-of-order keys and short data', () => {
		expect(presentSvcb(fromHex('0001 00 0003 0002 0035 0001 0003 026832'))).toBeUndefined();
		expect(presentSvcb(fromHex('0001'))).toBeUndefined();
		expect(presentSvcb(fromHex('0001 00 0003 0004 00'))).toBeUndefined();
	});
});

describe('text forms', () => {
	it.each([
		['20010db8000000000000000000000001', '2001:db8::1'],
		['00000000000000000000000000000000', '::'],
		['20010db8000000010000000000000001', '2001:db8:0:1::1'],
		['20010db8000100000001000000000001', '2001:db8:1:0:1::1']
	])('IPv6 %s is %s (RFC 5952)', (hex, text) => expect(ipv6Text(fromHex(hex))).toBe(text));

	it('escapes character strings', () => {
		expect(characterString(new Uint8Array([0x61, 0x22, 0x5c, 0x0a, 0xff]))).toBe('"a\\"\\\\\\010\\255"');
	});
});
