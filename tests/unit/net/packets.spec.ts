import { describe, expect, it } from 'vitest';
import { findField, type AnnotatedBytes } from '$lib/bytes/annotated';
import { fromHex, toHex } from '$lib/bytes/encoding';
import type { Result } from '$lib/errors';
import { ipv4PseudoHeader, onesComplementSum } from '$lib/net/checksum';
import {
	encapsulate,
	ethernetFrame,
	EtherType,
	ipv4Packet,
	IpProtocol,
	showTcpFlags,
	tcpSegment,
	udpDatagram,
	type Endpoint,
	type NetErrorCode
} from '$lib/net/packets';
import { annotateHttp } from '$lib/tls/session-wire';
import { expectWellAnnotated } from './annotations';

const client: Endpoint = { mac: '02:00:00:00:00:01', ip: '192.0.2.10', port: 49152 };
const server: Endpoint = { mac: '02:00:00:00:00:02', ip: '198.51.100.20', port: 443 };
const request = new TextEncoder().encode('GET / HTTP/1.1\r\nHost: example.test\r\n\r\n');

function unwrap(result: Result<AnnotatedBytes, NetErrorCode>): AnnotatedBytes {
	if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message.en}`);
	return result.value;
}

const value = (data: AnnotatedBytes, id: string) => findField(data, id)?.value;
const hexOf = (data: AnnotatedBytes, id: string) => {
	const f = findField(data, id)!;
	return toHex(data.bytes.subarray(f.offset, f.offset + f.length));
};

/** The segment checks out the way a receiver checks it: pseudo-header and segment sum to all ones. */
function transportSumsToOnes(segment: Uint8Array, protocol: number, from = client.ip, to = server.ip): boolean {
	const ip = (text: string) => Uint8Array.from(text.split('.').map(Number));
	return onesComplementSum(ipv4PseudoHeader(ip(from), ip(to), protocol, segment.length), segment) === 0xffff;
}

describe('ipv4Packet', () => {
	it('writes a known header byte for byte, published checksum 0xb861 included', () => {
		const packet = unwrap(ipv4Packet({ source: '192.168.0.1', destination: '192.168.0.199', protocol: IpProtocol.udp, payload: new Uint8Array(0x73 - 20) }));
		expect(toHex(packet.bytes.subarray(0, 20))).toBe('45000073000040004011b861c0a80001c0a800c7');
		expect(value(packet, 'ipv4.checksum')).toBe('0xb861');
		expect(value(packet, 'ipv4.source')).toBe('192.168.0.1');
		expect(value(packet, 'ipv4.protocol')).toBe('17 (UDP)');
		expect(value(packet, 'ipv4.total-length')).toBe('115 bytes');
		expect(value(packet, 'ipv4.flags.df')).toBe('1 (set)');
		expectWellAnnotated(packet);
	});

	it('takes identification, TTL and DF, and checks out again with them', () => {
		const packet = unwrap(
			ipv4Packet({ source: '10.0.0.1', destination: '10.0.0.2', protocol: IpProtocol.tcp, payload: fromHex('abcd'), identification: 0x1c46, ttl: 1, dontFragment: false })
		);
		expect(hexOf(packet, 'ipv4.identification')).toBe('1c46');
		expect(value(packet, 'ipv4.identification')).toBe('0x1c46 (7238)');
		expect(hexOf(packet, 'ipv4.flags-fragment')).toBe('0000');
		expect(value(packet, 'ipv4.flags.df')).toBe('0');
		expect(packet.bytes[8]).toBe(1);
		expect(onesComplementSum(packet.bytes.subarray(0, 20))).toBe(0xffff);
		expect(toHex(packet.bytes.subarray(20))).toBe('abcd');
		expect(packet.sections.map((s) => s.id)).toEqual(['ipv4', 'payload']);
		expectWellAnnotated(packet);
	});
});

describe('ethernetFrame', () => {
	it('is 14 bytes of header before the payload, without a frame check sequence', () => {
		const frame = unwrap(ethernetFrame({ destination: '02:00:00:00:00:02', source: '02:00:00:00:00:01', etherType: EtherType.ipv4, payload: fromHex('4500') }));
		expect(toHex(frame.bytes)).toBe('020000000002' + '020000000001' + '0800' + '4500');
		expect(value(frame, 'ethernet.type')).toBe('0x0800 (IPv4)');
		expect(value(frame, 'ethernet.source')).toBe('02:00:00:00:00:01');
		expectWellAnnotated(frame);
	});

	it('shows a MAC address in lower case whatever case it was given in', () => {
		const frame = unwrap(ethernetFrame({ destination: 'FF:FF:FF:FF:FF:FF', source: '02:00:00:00:00:0A', etherType: EtherType.arp, payload: new Uint8Array(28) }));
		expect(value(frame, 'ethernet.destination')).toBe('ff:ff:ff:ff:ff:ff');
		expect(value(frame, 'ethernet.type')).toBe('0x0806 (ARP)');
	});
});

describe('tcpSegment', () => {
	it('writes a SYN with an MSS option and a checksum over the pseudo-header', () => {
		const syn = unwrap(
			tcpSegment({ source: client, destination: server, seq: 0x1f2e3d4c, flags: ['SYN'], window: 64240, options: [{ kind: 'mss', value: 1460 }], payload: new Uint8Array(0) })
		);
		expect(syn.bytes.length).toBe(24);
		expect(toHex(syn.bytes.subarray(0, 16))).toBe('c000 01bb 1f2e3d4c 00000000 6002 faf0'.replace(/ /g, ''));
		expect(toHex(syn.bytes.subarray(18))).toBe('0000' + '020405b4');
		expect(transportSumsToOnes(syn.bytes, IpProtocol.tcp)).toBe(true);
		expect(value(syn, 'tcp.destination-port')).toBe('443 (HTTPS)');
		expect(value(syn, 'tcp.data-offset')).toBe('6 (24 bytes)');
		expect(value(syn, 'tcp.flags')).toBe('SYN');
		expect(value(syn, 'tcp.flags.syn')).toBe('1 (set)');
		expect(value(syn, 'tcp.flags.ack')).toBe('0');
		expect(value(syn, 'tcp.options.mss.value')).toBe('1460');
		expect(value(syn, 'tcp.checksum')).toBe(`0x${hexOf(syn, 'tcp.checksum')}`);
		expectWellAnnotated(syn);
	});

	it('pads the options to a multiple of four bytes', () => {
		const syn = unwrap(
			tcpSegment({
				source: client,
				destination: server,
				seq: 1,
				flags: ['SYN', 'ACK'],
				ack: 2,
				options: [{ kind: 'mss', value: 1460 }, { kind: 'sack-permitted' }, { kind: 'window-scale', shift: 7 }],
				payload: new Uint8Array(0)
			})
		);
		expect(toHex(syn.bytes.subarray(20))).toBe('020405b4' + '0402' + '030307' + '000000');
		expect(value(syn, 'tcp.data-offset')).toBe('8 (32 bytes)');
		expect(value(syn, 'tcp.options')).toBe('MSS=1460 SACK_PERM WS=128');
		expect(value(syn, 'tcp.flags')).toBe('SYN, ACK');
		expect(transportSumsToOnes(syn.bytes, IpProtocol.tcp)).toBe(true);
		expectWellAnnotated(syn);
	});

	it('carries data after the header, with an odd length too', () => {
		const data = unwrap(tcpSegment({ source: client, destination: server, seq: 100, ack: 200, flags: ['PSH', 'ACK'], payload: fromHex('68656c6c6f') }));
		expect(data.bytes.length).toBe(25);
		expect(data.bytes[13]).toBe(0x18);
		expect(value(data, 'tcp.flags')).toBe('PSH, ACK');
		expect(transportSumsToOnes(data.bytes, IpProtocol.tcp)).toBe(true);
		expect(data.sections.map((s) => [s.id, s.offset, s.length])).toEqual([
			['tcp', 0, 20],
			['payload', 20, 5]
		]);
		expectWellAnnotated(data);
	});

	it('names the flags in Wireshark’s order', () => {
		expect(showTcpFlags(['ACK', 'FIN'])).toBe('FIN, ACK');
		expect(showTcpFlags(['ACK', 'PSH', 'FIN'])).toBe('FIN, PSH, ACK');
		expect(showTcpFlags(['ACK', 'RST'])).toBe('RST, ACK');
		expect(showTcpFlags([])).toBe('none');
	});
});

describe('udpDatagram', () => {
	it('has the length and a checksum over the pseudo-header', () => {
		const datagram = unwrap(udpDatagram({ source: { ip: client.ip, port: 53000 }, destination: { ip: server.ip, port: 53 }, payload: fromHex('123401000001') }));
		expect(toHex(datagram.bytes.subarray(0, 6))).toBe('cf08' + '0035' + '000e');
		expect(value(datagram, 'udp.destination-port')).toBe('53 (DNS)');
		expect(value(datagram, 'udp.length')).toBe('14 bytes');
		expect(transportSumsToOnes(datagram.bytes, IpProtocol.udp)).toBe(true);
		expectWellAnnotated(datagram);
	});

	it('sends a checksum that comes out as 0 as 0xffff (0 would mean none)', () => {
		const ends = { source: { ip: client.ip, port: 53000 }, destination: { ip: server.ip, port: 53 } };
		const probe = unwrap(udpDatagram({ ...ends, payload: fromHex('0000') })).bytes;
		probe[6] = probe[7] = 0;
		const pseudo = ipv4PseudoHeader(fromHex('c000020a'), fromHex('c6336414'), IpProtocol.udp, probe.length);
		// The payload word that makes the sum all ones, so the checksum itself is 0.
		const word = ~onesComplementSum(pseudo, probe) & 0xffff;
		const datagram = unwrap(udpDatagram({ ...ends, payload: Uint8Array.of(word >> 8, word & 0xff) }));
		expect(hexOf(datagram, 'udp.checksum')).toBe('ffff');
		expect(value(datagram, 'udp.checksum')).toBe('0xffff');
	});
});

describe('encapsulate', () => {
	it('is one frame with a section per layer, each where it sits in the frame', () => {
		const frame = unwrap(
			encapsulate({ source: client, destination: server, transport: { protocol: 'tcp', seq: 1, ack: 1, flags: ['PSH', 'ACK'] }, payload: request, ip: { identification: 7 } })
		);
		expect(frame.sections.map((s) => [s.id, s.offset, s.length])).toEqual([
			['ethernet', 0, 14],
			['ipv4', 14, 20],
			['tcp', 34, 20],
			['payload', 54, request.length]
		]);
		expect(frame.bytes.length).toBe(54 + request.length);
		expect(findField(frame, 'ipv4.checksum')!.offset).toBe(24);
		expect(findField(frame, 'tcp.checksum')!.offset).toBe(50);
		expect(value(frame, 'ipv4.source')).toBe('192.0.2.10');
		expect(value(frame, 'ipv4.destination')).toBe('198.51.100.20');
		expect(value(frame, 'ipv4.protocol')).toBe('6 (TCP)');
		expect(onesComplementSum(frame.bytes.subarray(14, 34))).toBe(0xffff);
		expect(transportSumsToOnes(frame.bytes.subarray(34), IpProtocol.tcp)).toBe(true);
		expectWellAnnotated(frame);
	});

	it('keeps the sections of an annotated payload, moved into place', () => {
		const http = annotateHttp(request);
		const frame = unwrap(encapsulate({ source: client, destination: server, transport: { protocol: 'tcp', seq: 1, ack: 1, flags: ['PSH', 'ACK'] }, payload: http }));
		expect(frame.sections.map((s) => s.id)).toEqual(['ethernet', 'ipv4', 'tcp', ...http.sections.map((s) => s.id)]);
		const line = findField(frame, 'start-line.line')!;
		expect(line.offset).toBe(54);
		expect(line.value).toBe('GET / HTTP/1.1');
		// The payload's own model is left as it was.
		expect(findField(http, 'start-line.line')!.offset).toBe(0);
		expectWellAnnotated(frame);
	});

	it('wraps a UDP datagram the same way', () => {
		const frame = unwrap(encapsulate({ source: { ...client, port: 53000 }, destination: { ...server, port: 53 }, transport: { protocol: 'udp' }, payload: fromHex('00') }));
		expect(frame.sections.map((s) => [s.id, s.offset, s.length])).toEqual([
			['ethernet', 0, 14],
			['ipv4', 14, 20],
			['udp', 34, 8],
			['payload', 42, 1]
		]);
		expect(value(frame, 'ipv4.protocol')).toBe('17 (UDP)');
		expect(transportSumsToOnes(frame.bytes.subarray(34), IpProtocol.udp)).toBe(true);
		expectWellAnnotated(frame);
	});
});

describe('bad input comes back as an error a person can read', () => {
	const tcp = { protocol: 'tcp' as const, seq: 0, flags: ['SYN' as const] };
	const empty = new Uint8Array(0);

	function expectError(result: Result<unknown, NetErrorCode>, code: NetErrorCode, mentions: string) {
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.error.code).toBe(code);
		expect(result.error.message.en).toContain(mentions);
		expect(result.error.message['zh-CN']).toContain(mentions);
		expect(result.error.message['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
	}

	it('an address that is not IPv4 text', () => {
		for (const ip of ['192.0.2.256', '192.0.2', '192.0.2.010', 'example.com', '2001:db8::1', ''])
			expectError(encapsulate({ source: { ...client, ip }, destination: server, transport: tcp, payload: empty }), 'bad-ipv4', `“${ip}”`);
		expectError(ipv4Packet({ source: '10.0.0.1', destination: '10.0.0.300', protocol: 6, payload: empty }), 'bad-ipv4', '10.0.0.300');
	});

	it('a MAC address that is not six hex bytes', () => {
		for (const mac of ['02:00:00:00:00', '02-00-00-00-00-01', '02:00:00:00:00:0g'])
			expectError(encapsulate({ source: { ...client, mac }, destination: server, transport: tcp, payload: empty }), 'bad-mac', mac);
	});

	it('a port out of range', () => {
		for (const port of [65536, -1, 1.5])
			expectError(tcpSegment({ source: client, destination: { ...server, port }, seq: 0, flags: ['SYN'], payload: empty }), 'bad-port', String(port));
		expectError(udpDatagram({ source: { ...client, port: 70000 }, destination: server, payload: empty }), 'bad-port', '70000');
	});

	it('a payload too large for one IPv4 packet', () => {
		const fits = new Uint8Array(65535 - 20 - 20);
		expect(tcpSegment({ source: client, destination: server, seq: 0, flags: ['ACK'], payload: fits }).ok).toBe(true);
		expectError(tcpSegment({ source: client, destination: server, seq: 0, flags: ['ACK'], payload: new Uint8Array(fits.length + 1) }), 'too-large', '65516');
		expectError(udpDatagram({ source: client, destination: server, payload: new Uint8Array(65535 - 20 - 7) }), 'too-large', '65516');
		expectError(ipv4Packet({ source: client.ip, destination: server.ip, protocol: 6, payload: new Uint8Array(65535 - 19) }), 'too-large', '65536');
	});

	it('header fields out of range', () => {
		expectError(ipv4Packet({ source: client.ip, destination: server.ip, protocol: 6, payload: empty, ttl: 256 }), 'bad-value', '256');
		expectError(ethernetFrame({ source: client.mac, destination: server.mac, etherType: 0x05dc, payload: empty }), 'bad-value', '1500');
		expectError(tcpSegment({ source: client, destination: server, seq: 2 ** 32, flags: ['SYN'], payload: empty }), 'bad-value', String(2 ** 32));
		expectError(tcpSegment({ source: client, destination: server, seq: 0, flags: ['SYN'], window: 65536, payload: empty }), 'bad-value', '65536');
		expectError(tcpSegment({ source: client, destination: server, seq: 0, flags: ['SYN'], options: [{ kind: 'mss', value: 0 }], payload: empty }), 'bad-value', '0');
		expectError(
			tcpSegment({ source: client, destination: server, seq: 0, flags: ['SYN'], options: [{ kind: 'window-scale', shift: 15 }], payload: empty }),
			'bad-value',
			'15'
		);
		expectError(
			tcpSegment({ source: client, destination: server, seq: 0, flags: ['SYN'], options: [{ kind: 'sack-permitted' }, { kind: 'sack-permitted' }], payload: empty }),
			'bad-value',
			'sack-permitted'
		);
	});
});
