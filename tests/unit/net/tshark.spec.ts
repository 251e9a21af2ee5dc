/**
 * Wireshark's own dissectors (Debian's tshark) read what src/lib/net writes: checksums, TCP analysis, HTTP over a
 * reassembled stream, DNS over UDP. Each check is shown able to fail on a copy with one thing broken.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { equalBytes } from '$lib/bytes/encoding';
import { encodeQuery } from '$lib/dns/wire';
import { encapsulate } from '$lib/net/packets';
import { pcapFile, type PcapFrame } from '$lib/net/pcap';
import { runTshark } from '../tshark';
import { DEFAULT_CLIENT, DEFAULT_SERVER, tcpConversation, type CapturedFrame } from '$lib/net/tcp-stream';

const CHECK_CHECKSUMS = ['-o', 'ip.check_checksum:TRUE', '-o', 'tcp.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE'];
/** What `-T fields` prints for ip/tcp/udp.checksum.status (Wireshark's proto_checksum_enum_e). */
const CHECKSUM = { bad: '0', good: '1', unverified: '2' };
/** Expert infos a correct capture must not have: Warning and Error (Chat and Note are normal, e.g. SYN, FIN). */
const PROBLEMS = '_ws.expert.severity >= warning';

let dir: string;

/** Runs tshark on a file in `dir`, without name resolution (-n: no lookups) and without anyone's preferences. */
function tshark(args: string[]): string {
	return runTshark(dir, args);
}

/** One row a frame (that passes `filter`), one column a field. */
function fields(file: string, names: string[], options: { filter?: string; extra?: string[] } = {}): string[][] {
	const filter = options.filter ? ['-Y', options.filter] : [];
	const out = tshark(['-r', file, ...CHECK_CHECKSUMS, ...(options.extra ?? []), ...filter, '-T', 'fields', ...names.flatMap((n) => ['-e', n])]);
	return out === '' ? [] : out.replace(/\n$/, '').split('\n').map((line) => line.split('\t'));
}

const column = (file: string, name: string, filter?: string) => fields(file, [name], { filter }).map((row) => row[0]);

function savePcap(name: string, frames: readonly PcapFrame[]): string {
	writeFileSync(join(dir, name), pcapFile(frames));
	return name;
}

/** A copy of the frames with one byte of one frame flipped. */
function flipped(frames: readonly CapturedFrame[], index: number, offset: number): CapturedFrame[] {
	return frames.map((f, i) => {
		if (i !== index) return f;
		const bytes = f.bytes.slice();
		bytes[offset]! ^= 0xff;
		return { ...f, bytes };
	});
}

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'wirewalk-tshark-'));
	expect(tshark(['--version'])).toMatch(/^TShark \(Wireshark\) \d/);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tshark reads an HTTP/1.1 conversation made by tcpConversation', { timeout: 60_000 }, () => {
	const encode = (text: string) => new TextEncoder().encode(text);
	// Three MSS and a bit: the response crosses segments, so Wireshark has to reassemble it.
	const body = encode(Array.from({ length: 200 }, (_, i) => `line ${String(i).padStart(3, '0')} of the page body.\n`).join(''));
	const request = encode('GET /page.txt HTTP/1.1\r\nHost: example.test\r\nUser-Agent: wirewalk-test\r\n\r\n');
	const response = new Uint8Array([...encode(`HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n`), ...body]);
	const server = { ...DEFAULT_SERVER, port: 80 };
	let frames: CapturedFrame[];
	let file: string;

	beforeAll(() => {
		const result = tcpConversation({ server, messages: [{ from: 'client', bytes: request }, { from: 'server', bytes: response }] });
		if (!result.ok) throw new Error(result.error.message.en);
		frames = result.value;
		file = savePcap('http.pcap', frames);
		expect(body.length).toBeGreaterThan(3 * 1460);
	});

	it('finds every IP and TCP checksum good', () => {
		const rows = fields(file, ['ip.checksum.status', 'tcp.checksum.status']);
		expect(rows.length).toBe(frames.length);
		for (const row of rows) expect(row).toEqual([CHECKSUM.good, CHECKSUM.good]);
	});

	it('has nothing to warn about, and sees one complete connection', () => {
		expect(column(file, 'frame.number', PROBLEMS)).toEqual([]);
		expect(column(file, 'frame.number', 'tcp.analysis.flags')).toEqual([]);
		expect(new Set(column(file, 'tcp.stream'))).toEqual(new Set(['0']));
		// SYN, SYN-ACK, ACK, data and FIN all seen (RST not): Wireshark's conversation completeness, 1+2+4+8+16.
		expect(column(file, 'tcp.completeness').at(-1)).toBe('31');
	});

	it('sees the handshake, one ACK after each message, and the teardown', () => {
		const flags = column(file, 'tcp.flags');
		expect(flags.slice(0, 3)).toEqual(['0x0002', '0x0012', '0x0010']); // SYN; SYN, ACK; ACK
		expect(flags.slice(-4)).toEqual(['0x0011', '0x0010', '0x0011', '0x0010']); // FIN, ACK; ACK; FIN, ACK; ACK
		expect(column(file, 'tcp.options.mss_val', 'tcp.flags.syn == 1')).toEqual(['1460', '1460']);
	});

	it('writes in each frame’s summary what Wireshark’s Info column says', () => {
		// Without HTTP, the Info column is TCP's own: ports, flags, relative seq/ack, window, length, options.
		const info = fields(file, ['_ws.col.Info'], { extra: ['--disable-protocol', 'http'] }).map((row) => row[0]);
		expect(info).toEqual(frames.map((f) => f.summary));
	});

	it('finds the GET and the 200, and reassembles the body byte for byte', () => {
		expect(fields(file, ['http.request.method', 'http.request.uri', 'http.host'], { filter: 'http.request' })).toEqual([['GET', '/page.txt', 'example.test']]);
		expect(fields(file, ['http.response.code', 'http.content_length'], { filter: 'http.response' })).toEqual([['200', String(body.length)]]);
		tshark(['-r', file, '-Q', '--export-objects', 'http,objects']);
		expect(equalBytes(readFileSync(join(dir, 'objects', 'page.txt')), body)).toBe(true);
	});

	it('would see a bad IP header checksum (negative check)', () => {
		const broken = savePcap('bad-ip.pcap', flipped(frames, 3, 14 + 10));
		expect(column(broken, 'ip.checksum.status')[3]).toBe(CHECKSUM.bad);
		expect(column(broken, 'frame.number', PROBLEMS)).toEqual(['4']);
	});

	it('would see a TCP segment damaged on the way (negative check)', () => {
		const broken = savePcap('bad-tcp.pcap', flipped(frames, 6, frames[6]!.bytes.length - 1));
		expect(column(broken, 'tcp.checksum.status')[6]).toBe(CHECKSUM.bad);
		expect(column(broken, 'ip.checksum.status')[6]).toBe(CHECKSUM.good);
		expect(column(broken, 'frame.number', PROBLEMS)).toEqual(['7']);
	});

	it('would see a segment missing from the stream (negative check)', () => {
		const lost = savePcap('lost.pcap', [...frames.slice(0, 6), ...frames.slice(7)]);
		expect(column(lost, 'frame.number', 'tcp.analysis.lost_segment')).toEqual(['7']);
		expect(column(lost, 'frame.number', PROBLEMS)).toContain('7');
	});
});

describe('tshark reads a DNS query in a UDP datagram', { timeout: 60_000 }, () => {
	let frame: Uint8Array;
	let file: string;

	beforeAll(() => {
		const query = encodeQuery({ name: 'example.com', typeCode: 28, id: 0x1234 });
		const result = encapsulate({
			source: { ...DEFAULT_CLIENT, port: 53000 },
			destination: { ...DEFAULT_SERVER, ip: '198.51.100.53', port: 53 },
			transport: { protocol: 'udp' },
			payload: query
		});
		if (!result.ok) throw new Error(result.error.message.en);
		frame = result.value.bytes;
		file = savePcap('dns.pcap', [{ timestampMicros: 1_767_225_600_000_000, bytes: frame }]);
	});

	it('dissects it as DNS, with good checksums', () => {
		expect(fields(file, ['ip.checksum.status', 'udp.checksum.status', 'udp.srcport', 'udp.dstport', 'dns.id', 'dns.flags.response', 'dns.qry.name', 'dns.qry.type'])).toEqual([
			[CHECKSUM.good, CHECKSUM.good, '53000', '53', '0x1234', '0', 'example.com', '28']
		]);
		expect(column(file, 'frame.number', PROBLEMS)).toEqual([]);
	});

	it('would see the datagram damaged (negative check)', () => {
		const broken = frame.slice();
		broken[broken.length - 1]! ^= 0x01;
		const brokenFile = savePcap('bad-dns.pcap', [{ timestampMicros: 0, bytes: broken }]);
		expect(column(brokenFile, 'udp.checksum.status')).toEqual([CHECKSUM.bad]);
		expect(column(brokenFile, 'frame.number', PROBLEMS)).toEqual(['1']);
	});
});
