/**
 * The OSI lab's frame: each layer is exactly the next one's payload, the headers sit at their offsets, the TLS
 * record opens with its key to the HTTP request, and Wireshark (tshark, checksum validation on) dissects the frame
 * as Ethernet / IPv4 / TCP / TLS with good checksums and no errors.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAnnotations } from '$lib/bytes/annotated';
import { fromBase64Url, toHex } from '$lib/bytes/encoding';
import type { Result } from '$lib/errors';
import { encapsulateDohRequest, type Encapsulation } from '$lib/labs/encapsulation';
import { pcapFile } from '$lib/net/pcap';
import { unprotectRecord } from '$lib/tls/record';
import { runTshark, tsharkFields } from '../tshark';

function unwrap<T>(result: Result<T>): T {
	if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message.en}`);
	return result.value;
}

const keys = { key: crypto.getRandomValues(new Uint8Array(16)), iv: crypto.getRandomValues(new Uint8Array(12)) };
let lab: Encapsulation;
const dir = mkdtempSync(join(tmpdir(), 'wirewalk-osi-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
	lab = unwrap(await encapsulateDohRequest({ name: 'example.com', keys }));
	writeFileSync(join(dir, 'frame.pcap'), pcapFile([{ timestampMicros: Date.UTC(2026, 0, 1) * 1000, bytes: lab.frame }]));
	// A copy with one byte of the TCP payload flipped: the checks below must be able to fail.
	const broken = lab.frame.slice();
	broken[broken.length - 1] = broken[broken.length - 1]! ^ 0xff;
	writeFileSync(join(dir, 'broken.pcap'), pcapFile([{ timestampMicros: Date.UTC(2026, 0, 1) * 1000, bytes: broken }]));
});

describe('the encapsulation of one DoH request', () => {
	it('nests each layer as the payload of the one below, with the header sizes of each protocol', () => {
		const [dns, http, tls, tcp, ip, eth] = lab.layers;
		expect(lab.layers.map((l) => l.id)).toEqual(['dns', 'http', 'tls', 'tcp', 'ipv4', 'ethernet']);
		for (const [inner, outer] of [[http!, tls!], [tls!, tcp!], [tcp!, ip!], [ip!, eth!]] as const) {
			const tail = outer.bytes.bytes.subarray(outer.bytes.bytes.length - inner.bytes.bytes.length);
			if (inner.id !== 'http') expect(toHex(tail), `${inner.id} inside ${outer.id}`).toBe(toHex(inner.bytes.bytes));
		}
		expect([tls!.overhead, tcp!.overhead, ip!.overhead, eth!.overhead]).toEqual([5 + 1 + 16, 20, 20, 14]);
		expect(toHex(lab.frame)).toBe(toHex(eth!.bytes.bytes));
		for (const layer of lab.layers) expect(checkAnnotations(layer.bytes), layer.id).toEqual([]);
		// The HTTP request carries the DNS message, base64url in dns=.
		const request = new TextDecoder().decode(http!.bytes.bytes);
		const dnsParam = /^GET \/dns-query\?dns=([A-Za-z0-9_-]+) HTTP\/1\.1\r\n/.exec(request)![1]!;
		expect(toHex(fromBase64Url(dnsParam))).toBe(toHex(dns!.bytes.bytes));
	});

	it('seals the HTTP request in a real TLS record: it opens with the key to exactly those bytes', async () => {
		const [, http, tls] = lab.layers;
		const opened = unwrap(await unprotectRecord(keys, 0, tls!.bytes.bytes));
		expect(toHex(opened.content)).toBe(toHex(http!.bytes.bytes));
		expect(opened.contentType).toBe(23);
	});

	it('maps to both models as they are drawn: TLS at OSI 5–6 and in TCP/IP’s application layer', () => {
		expect(lab.layers.map((l) => [l.id, l.osi.join('+'), l.tcpip])).toEqual([
			['dns', '7', 'application'],
			['http', '7', 'application'],
			['tls', '6+5', 'application'],
			['tcp', '4', 'transport'],
			['ipv4', '3', 'internet'],
			['ethernet', '2+1', 'link']
		]);
	});
});

describe('tshark reads the frame (IPv4 and TCP checksum validation on)', () => {
	const options = ['-o', 'ip.check_checksum:TRUE', '-o', 'tcp.check_checksum:TRUE'];

	it('dissects Ethernet / IPv4 / TCP / TLS with good checksums and no errors', () => {
		const [row] = tsharkFields(dir, ['-r', 'frame.pcap', ...options], ['frame.protocols', 'ip.checksum.status', 'tcp.checksum.status', 'tls.record.content_type', 'tls.record.length', 'ip.src', 'tcp.dstport']);
		expect(row).toEqual(['eth:ethertype:ip:tcp:tls', '1', '1', '23', String(lab.layers[2]!.bytes.bytes.length - 5), '192.0.2.10', '443']);
		expect(runTshark(dir, ['-r', 'frame.pcap', ...options, '-Y', '_ws.expert.severity >= error'])).toBe('');
	});

	it('would report the checksum of a frame changed on the way (negative check)', () => {
		const [row] = tsharkFields(dir, ['-r', 'broken.pcap', ...options], ['ip.checksum.status', 'tcp.checksum.status']);
		expect(row).toEqual(['1', '0']);
		expect(runTshark(dir, ['-r', 'broken.pcap', ...options, '-Y', '_ws.expert.severity >= error'])).not.toBe('');
	});
});
