/**
 * Ethernet II, IPv4, TCP and UDP as annotated bytes, every header field written with its explanation. The
 * builders nest: hand one's output to the next as its payload and the sections stay, moved to where they now
 * sit, so `ethernetFrame(ipv4Packet(tcpSegment(…)))` is the whole frame with one section per layer.
 * `encapsulate` does that in one call. Checksums are real (RFC 1071), so Wireshark accepts what comes out.
 */
import { findField, type AnnotatedBytes, type ByteField } from '$lib/bytes/annotated';
import { fromHex } from '$lib/bytes/encoding';
import { parseIPv4 } from '$lib/dns/name';
import { fail, ok, type Result, type UserError } from '$lib/errors';
import type { LocalizedText } from '$lib/i18n/locales';
import type { TcpFlag } from '$lib/labs/tcp';
import { AnnotatedWriter, byteCount, hexCode, showNumber, text, type FieldText } from '$lib/tls/wire';
import { internetChecksum, transportChecksum } from './checksum';

export type { TcpFlag };

export type NetErrorCode = 'bad-ipv4' | 'bad-mac' | 'bad-port' | 'bad-value' | 'too-large';
export type Failure = { ok: false; error: UserError<NetErrorCode> };

/** What a layer carries: plain bytes, or the annotated output of the layer above, whose sections are kept. */
export type Payload = Uint8Array | AnnotatedBytes;

export const EtherType = { ipv4: 0x0800, arp: 0x0806, ipv6: 0x86dd } as const;
export const IpProtocol = { icmp: 1, tcp: 6, udp: 17 } as const;

const etherTypeNames: Readonly<Record<number, string>> = { 0x0800: 'IPv4', 0x0806: 'ARP', 0x86dd: 'IPv6' };
const ipProtocolNames: Readonly<Record<number, string>> = { 1: 'ICMP', 6: 'TCP', 17: 'UDP' };
const portNames: Readonly<Record<number, string>> = { 53: 'DNS', 80: 'HTTP', 443: 'HTTPS', 853: 'DNS over TLS' };

/** The largest IPv4 packet: its total length is a 16-bit field. */
export const MAX_IPV4_PACKET = 0xffff;
export const IPV4_HEADER_LENGTH = 20;
export const TCP_HEADER_LENGTH = 20;
export const UDP_HEADER_LENGTH = 8;

export interface SocketAddress {
	ip: string;
	port: number;
}

/** One end of a conversation on an Ethernet link. */
export interface Endpoint extends SocketAddress {
	mac: string;
}

export interface EthernetFrameInput {
	destination: string;
	source: string;
	etherType: number;
	payload: Payload;
}

export interface Ipv4PacketInput {
	source: string;
	destination: string;
	protocol: number;
	payload: Payload;
	/** Default 0. */
	identification?: number;
	/** Default 64, the Linux default. */
	ttl?: number;
	/** Default true: TCP over path MTU discovery sets DF. */
	dontFragment?: boolean;
}

/** TCP options a SYN carries; each may appear once. */
export type TcpOption = { kind: 'mss'; value: number } | { kind: 'window-scale'; shift: number } | { kind: 'sack-permitted' };

export interface TcpHeaderInput {
	seq: number;
	/** Written as 0 when omitted; meaningful only with the ACK flag. */
	ack?: number;
	flags: readonly TcpFlag[];
	/** Default 65535, the largest window without window scaling. */
	window?: number;
	options?: readonly TcpOption[];
}

export interface TcpSegmentInput extends TcpHeaderInput {
	source: SocketAddress;
	destination: SocketAddress;
	payload: Payload;
}

export interface UdpDatagramInput {
	source: SocketAddress;
	destination: SocketAddress;
	payload: Payload;
}

export const DEFAULT_WINDOW = 0xffff;

// ---- what each field says ----

const payloadField: FieldText = {
	label: text('payload', '载荷'),
	explanation: text(
		'The bytes this layer carries for the layer above; it does not look inside them.',
		'这一层替上一层运送的字节；它不关心里面是什么。'
	)
};

const ethernetFields = {
	destination: {
		label: text('destination MAC address', '目的 MAC 地址'),
		explanation: text(
			'The network card this frame is for on this link: the next hop (often a router), not the final server. Every router on the way writes new MAC addresses; the IP addresses stay.',
			'这一帧在本链路上要交给哪块网卡：下一跳（常常是路由器），而不是最终的服务器。沿途每个路由器都会换上新的 MAC 地址，IP 地址则保持不变。'
		)
	},
	source: {
		label: text('source MAC address', '源 MAC 地址'),
		explanation: text(
			'The card that sent the frame. An address whose first byte has the 0x02 bit set, like 02:00:00:00:00:01, is locally administered: made up, not burned in by a vendor.',
			'发送这一帧的网卡。第一个字节带 0x02 位的地址（例如 02:00:00:00:00:01）是本地管理地址：自行指定，而不是厂商烧录的。'
		)
	},
	type: {
		label: text('EtherType', '以太类型 EtherType'),
		explanation: text(
			'What the payload is: 0x0800 IPv4, 0x86DD IPv6, 0x0806 ARP. The frame check sequence (a CRC-32) that follows the payload on the wire is added and checked by the network card, so captures do not show it.',
			'载荷是什么协议：0x0800 为 IPv4，0x86DD 为 IPv6，0x0806 为 ARP。线路上载荷后面还有帧校验序列（CRC-32），由网卡添加和检查，所以抓包里看不到它。'
		)
	}
} satisfies Record<string, FieldText>;

const ipv4Fields = {
	versionIhl: {
		label: text('version and header length', '版本和首部长度'),
		explanation: text('Two 4-bit numbers in one byte: the IP version and the header length.', '一个字节里的两个 4 比特数：IP 版本和首部长度。')
	},
	version: {
		label: text('version', '版本'),
		explanation: text('4: this is IPv4. An IPv6 packet starts with 6 here.', '4：这是 IPv4。IPv6 数据包这里是 6。')
	},
	ihl: {
		label: text('header length (IHL)', '首部长度 (IHL)'),
		explanation: text(
			'The header length in 4-byte words: 5 means 20 bytes, the header without options.',
			'以 4 字节为单位的首部长度：5 表示 20 字节，即不带选项的首部。'
		)
	},
	tos: {
		label: text('DSCP and ECN', 'DSCP 和 ECN'),
		explanation: text('The old type-of-service byte, now two fields: a traffic class and congestion signals.', '原来的服务类型字节，现在分成两个字段：流量类别和拥塞信号。')
	},
	dscp: {
		label: text('DSCP', '区分服务代码点 DSCP'),
		explanation: text(
			'Differentiated services: a class a network may treat differently (voice first, bulk last). 0 is the default, best effort.',
			'区分服务：网络可以区别对待的流量类别（语音优先，批量传输靠后）。0 是默认值，即尽力而为。'
		)
	},
	ecn: {
		label: text('ECN', '显式拥塞通知 ECN'),
		explanation: text(
			'Explicit congestion notification: a router that is filling up can mark the packet instead of dropping it. 0 means the sender does not use ECN.',
			'显式拥塞通知：快要拥塞的路由器可以给数据包做标记而不是丢弃它。0 表示发送方不使用 ECN。'
		)
	},
	totalLength: {
		label: text('total length', '总长度'),
		explanation: text(
			'Header and payload together, in bytes. At most 65,535, which is why bigger data is split into several packets.',
			'首部加载荷的总字节数。最多 65535，所以更大的数据要分成多个数据包。'
		)
	},
	identification: {
		label: text('identification', '标识'),
		explanation: text(
			'A number the sender gives each packet, so that the fragments of one packet can be put back together.',
			'发送方给每个数据包的编号，用来把同一个数据包的各个分片重新拼起来。'
		)
	},
	flagsFragment: {
		label: text('flags and fragment offset', '标志和片偏移'),
		explanation: text('Three flag bits, then where this fragment belongs in the original packet.', '三个标志位，然后是这个分片在原始数据包中的位置。')
	},
	reserved: {
		label: text('reserved bit', '保留位'),
		explanation: text('Always 0.', '总是 0。')
	},
	dontFragment: {
		label: text("don't fragment (DF)", '禁止分片 (DF)'),
		explanation: text(
			'Set: a router must drop the packet rather than split it, and report back that it was too big. TCP relies on this to find the largest packet the path carries (path MTU discovery).',
			'置位时，路由器宁可丢弃数据包也不能分片，并回报“数据包太大”。TCP 靠它找出整条路径能通过的最大数据包（路径 MTU 发现）。'
		)
	},
	moreFragments: {
		label: text('more fragments (MF)', '更多分片 (MF)'),
		explanation: text('Set on every fragment but the last. 0 here: this packet is whole.', '除最后一个分片外都置位。这里是 0：这个数据包是完整的。')
	},
	fragmentOffset: {
		label: text('fragment offset', '片偏移'),
		explanation: text('Where a fragment starts, in units of 8 bytes. 0 for a packet that was never split.', '分片的起始位置，以 8 字节为单位。没有分片的数据包为 0。')
	},
	ttl: {
		label: text('time to live (TTL)', '生存时间 (TTL)'),
		explanation: text(
			'Every router takes one off and drops the packet at 0, so a routing loop cannot keep it forever. traceroute sends TTL 1, 2, 3… to see each router in turn.',
			'每经过一个路由器减一，减到 0 就丢弃，这样路由环路不会让数据包永远转下去。traceroute 依次发送 TTL 为 1、2、3…的数据包，逐个看到沿途的路由器。'
		)
	},
	protocol: {
		label: text('protocol', '协议'),
		explanation: text('What the payload is: 6 TCP, 17 UDP, 1 ICMP.', '载荷是什么协议：6 为 TCP，17 为 UDP，1 为 ICMP。')
	},
	checksum: {
		label: text('header checksum', '首部校验和'),
		explanation: text(
			'The Internet checksum (RFC 1071) of the header only. Routers check it and, since they lower the TTL, compute it again at every hop.',
			'只覆盖首部的互联网校验和（RFC 1071）。路由器会检查它；由于要减小 TTL，每一跳都要重新计算。'
		)
	},
	source: {
		label: text('source address', '源地址'),
		explanation: text('The sender, end to end: unlike the MAC address, it stays the same across routers (unless a NAT rewrites it).', '发送方的地址，端到端不变：和 MAC 地址不同，经过路由器也不会变（除非经过 NAT 改写）。')
	},
	destination: {
		label: text('destination address', '目的地址'),
		explanation: text('Where the packet is going. Each router looks it up in its routing table to choose the next hop.', '数据包要去的地方。每个路由器都用它查路由表，决定下一跳。')
	}
} satisfies Record<string, FieldText>;

const portFields = {
	source: {
		label: text('source port', '源端口'),
		explanation: text(
			'Which program on the sending host: a client usually gets a temporary (ephemeral) port, 49152 and up.',
			'发送主机上的哪个程序：客户端通常用一个临时端口，从 49152 起。'
		)
	},
	destination: {
		label: text('destination port', '目的端口'),
		explanation: text('Which program on the receiving host: servers listen on well-known ports (53 DNS, 80 HTTP, 443 HTTPS).', '接收主机上的哪个程序：服务器在知名端口上监听（53 DNS、80 HTTP、443 HTTPS）。')
	}
} satisfies Record<string, FieldText>;

const tcpFields = {
	seq: {
		label: text('sequence number', '序列号'),
		explanation: text(
			'The number of the first data byte in this segment. Each side starts at a random number (the ISN), which a SYN carries; Wireshark shows numbers relative to it, starting at 0.',
			'本报文段第一个数据字节的编号。每一方都从一个随机数（初始序列号 ISN）开始，由 SYN 带出；Wireshark 显示的是相对它的编号，从 0 开始。'
		)
	},
	ack: {
		label: text('acknowledgment number', '确认号'),
		explanation: text(
			'With the ACK flag: the next byte the sender expects from the other side, so everything before it has arrived. Without the flag it means nothing and is 0.',
			'带 ACK 标志时，表示发送方期望从对方收到的下一个字节，也就是说它之前的字节都已收到。不带该标志时没有意义，写 0。'
		)
	},
	offset: {
		label: text('data offset and reserved bits', '数据偏移和保留位'),
		explanation: text('The header length in 4-byte words, then four reserved bits.', '以 4 字节为单位的首部长度，然后是四个保留位。')
	},
	dataOffset: {
		label: text('data offset', '数据偏移'),
		explanation: text(
			'Where the data starts, in 4-byte words: 5 is a 20-byte header without options; options make it longer.',
			'数据从哪里开始，以 4 字节为单位：5 表示 20 字节、没有选项的首部；带选项时更长。'
		)
	},
	reserved: {
		label: text('reserved', '保留位'),
		explanation: text('Sent as 0.', '发送时为 0。')
	},
	flags: {
		label: text('flags', '标志位'),
		explanation: text('Eight one-bit flags that say what the segment does.', '八个 1 比特的标志，说明这个报文段的作用。')
	},
	window: {
		label: text('window', '窗口'),
		explanation: text(
			'How many more bytes the sender of this segment can take in, counted from the acknowledgment number: flow control. Without window scaling this is the number itself.',
			'本报文段的发送方还能接收多少字节（从确认号算起）：这就是流量控制。没有窗口缩放时就是这个数本身。'
		)
	},
	checksum: {
		label: text('checksum', '校验和'),
		explanation: text(
			'The Internet checksum over a pseudo-header (both IP addresses, the protocol, the length), the TCP header and the data: a segment that was damaged or delivered to the wrong host is dropped.',
			'覆盖伪首部（双方 IP 地址、协议号、长度）、TCP 首部和数据的互联网校验和：损坏的或送错主机的报文段会被丢弃。'
		)
	},
	urgent: {
		label: text('urgent pointer', '紧急指针'),
		explanation: text('Used only with the URG flag, which hardly anything sends today: 0.', '只在带 URG 标志时使用，如今几乎没有程序这样做：为 0。')
	},
	options: {
		label: text('options', '选项'),
		explanation: text('Extra settings, each a kind byte, a length byte and a value; a SYN announces them.', '额外的设置，每个都是种类字节、长度字节和值；由 SYN 宣告。')
	},
	optionKind: {
		label: text('option kind', '选项种类'),
		explanation: text('Which option: 2 MSS, 3 window scale, 4 SACK permitted.', '哪个选项：2 为 MSS，3 为窗口缩放，4 为允许 SACK。')
	},
	optionLength: {
		label: text('option length', '选项长度'),
		explanation: text('The option’s length in bytes, kind and length included.', '选项的字节长度，包括种类和长度字节本身。')
	},
	mss: {
		label: text('maximum segment size (MSS)', '最大报文段长度 (MSS)'),
		explanation: text(
			'The most data bytes this side wants in one segment: 1460 is a 1500-byte Ethernet packet less 20 bytes of IPv4 and 20 of TCP header.',
			'本方希望一个报文段最多携带的数据字节数：1460 就是 1500 字节的以太网数据包减去 20 字节 IPv4 首部和 20 字节 TCP 首部。'
		)
	},
	windowScale: {
		label: text('window scale', '窗口缩放'),
		explanation: text(
			'The window field is shifted left by this many bits, so windows can exceed 65,535 bytes (RFC 7323). Both SYNs must carry it.',
			'窗口字段要左移这么多位，这样窗口可以超过 65535 字节（RFC 7323）。双方的 SYN 都必须带上它才生效。'
		)
	},
	sackPermitted: {
		label: text('SACK permitted', '允许 SACK'),
		explanation: text(
			'This side understands selective acknowledgments: the receiver may say which blocks arrived after a gap, so only the missing bytes are sent again.',
			'本方支持选择性确认：接收方可以告诉对方缺口之后收到了哪些数据块，这样只需重传缺失的字节。'
		)
	},
	padding: {
		label: text('padding', '填充'),
		explanation: text('End-of-options (0) bytes that make the header a multiple of 4 bytes.', '选项结束（0）字节，使首部长度成为 4 字节的整数倍。')
	}
} satisfies Record<string, FieldText>;

/** The TCP flags byte, most significant bit first; only the five a conversation uses can be set. */
const tcpFlagBits: readonly { id: string; name: string; flag?: TcpFlag; about: FieldText }[] = [
	{
		id: 'cwr',
		name: 'CWR',
		about: { label: text('CWR', 'CWR'), explanation: text('Congestion window reduced: the sender slowed down after an ECN mark.', '拥塞窗口已减小：发送方收到 ECN 标记后已经放慢。') }
	},
	{
		id: 'ece',
		name: 'ECE',
		about: { label: text('ECE', 'ECE'), explanation: text('ECN echo: tells the sender a router marked congestion.', 'ECN 回显：告诉发送方有路由器标记了拥塞。') }
	},
	{
		id: 'urg',
		name: 'URG',
		about: { label: text('URG', 'URG'), explanation: text('The urgent pointer is valid; practically unused.', '紧急指针有效；实际上几乎不用。') }
	},
	{
		id: 'ack',
		name: 'ACK',
		flag: 'ACK',
		about: {
			label: text('ACK', 'ACK'),
			explanation: text('The acknowledgment number is valid. Set on every segment after the first SYN.', '确认号有效。除第一个 SYN 外，每个报文段都置位。')
		}
	},
	{
		id: 'psh',
		name: 'PSH',
		flag: 'PSH',
		about: {
			label: text('PSH', 'PSH'),
			explanation: text('Push: hand the data to the application now. Senders set it on the last segment of a write.', '推送：立即把数据交给应用程序。发送方在一次写入的最后一个报文段上置位。')
		}
	},
	{
		id: 'rst',
		name: 'RST',
		flag: 'RST',
		about: { label: text('RST', 'RST'), explanation: text('Reset: abort the connection at once.', '复位：立即中止连接。') }
	},
	{
		id: 'syn',
		name: 'SYN',
		flag: 'SYN',
		about: {
			label: text('SYN', 'SYN'),
			explanation: text('Synchronize: opens a connection and carries this side’s initial sequence number.', '同步：发起连接，并带出本方的初始序列号。')
		}
	},
	{
		id: 'fin',
		name: 'FIN',
		flag: 'FIN',
		about: { label: text('FIN', 'FIN'), explanation: text('Finish: this side has no more data to send.', '结束：本方没有更多数据要发送了。') }
	}
];

const udpFields = {
	length: {
		label: text('length', '长度'),
		explanation: text('Header and data in bytes: 8 bytes of header, the rest data.', '首部加数据的字节数：8 字节首部，其余是数据。')
	},
	checksum: {
		label: text('checksum', '校验和'),
		explanation: text(
			'The same Internet checksum as TCP’s, over the pseudo-header, header and data. A result of 0 is sent as 0xFFFF, because 0 means “no checksum” in IPv4.',
			'和 TCP 一样的互联网校验和，覆盖伪首部、首部和数据。算出 0 时发送 0xFFFF，因为在 IPv4 中 0 表示“没有校验和”。'
		)
	}
} satisfies Record<string, FieldText>;

// ---- checking input ----

/** A failure when `value` is not a whole number in [min, max], naming what it is. */
export function outOfRange(value: number, max: number, what: LocalizedText, min = 0, code: NetErrorCode = 'bad-value'): Failure | undefined {
	if (Number.isInteger(value) && value >= min && value <= max) return undefined;
	return fail(
		code,
		text(`The ${what.en} must be a whole number from ${min} to ${max}, not ${value}.`, `${what['zh-CN']}必须是 ${min} 到 ${max} 之间的整数，而不是 ${value}。`)
	);
}

const checkPort = (port: number, what: LocalizedText) => outOfRange(port, 0xffff, what, 0, 'bad-port');

function ipv4Address(address: string, what: LocalizedText): Result<Uint8Array, NetErrorCode> {
	const parts = parseIPv4(address);
	if (parts) return ok(Uint8Array.from(parts));
	return fail(
		'bad-ipv4',
		text(
			`The ${what.en} “${address}” is not an IPv4 address: write four numbers from 0 to 255 with dots, like 192.0.2.10.`,
			`${what['zh-CN']}“${address}”不是 IPv4 地址：请写成用点隔开的四个 0 到 255 的数，例如 192.0.2.10。`
		)
	);
}

function macAddress(address: string, what: LocalizedText): Result<Uint8Array, NetErrorCode> {
	if (/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(address)) return ok(fromHex(address));
	return fail(
		'bad-mac',
		text(
			`The ${what.en} “${address}” is not a MAC address: write six two-digit hex numbers with colons, like 02:00:00:00:00:01.`,
			`${what['zh-CN']}“${address}”不是 MAC 地址：请写成用冒号隔开的六个两位十六进制数，例如 02:00:00:00:00:01。`
		)
	);
}

function tooLarge(layer: LocalizedText, length: number, max: number): Failure {
	return fail(
		'too-large',
		text(
			`The ${layer.en} would be ${byteCount(length)}, more than the ${max} that fit in one IPv4 packet: send the data in several.`,
			`这个${layer['zh-CN']}会有 ${length} 字节，超过一个 IPv4 数据包能容纳的 ${max} 字节：请把数据分成几份发送。`
		)
	);
}

// ---- building ----

const payloadBytes = (payload: Payload): Uint8Array => ('sections' in payload ? payload.bytes : payload);

/**
 * Ends a header: plain payload bytes become one more section, an annotated payload keeps its own sections,
 * moved past the header.
 */
function withPayload(w: AnnotatedWriter, payload: Payload, label: LocalizedText): AnnotatedBytes {
	if (!('sections' in payload)) {
		if (payload.length > 0) {
			w.section('payload', label);
			w.bytes('data', payload, payloadField);
		}
		return w.finish();
	}
	const head = w.finish();
	const shift = head.bytes.length;
	const bytes = new Uint8Array(shift + payload.bytes.length);
	bytes.set(head.bytes);
	bytes.set(payload.bytes, shift);
	const moved = payload.sections.map((s) => ({ ...s, offset: s.offset + shift, fields: s.fields.map((f) => ({ ...f, offset: f.offset + shift })) }));
	return { bytes, sections: [...head.sections, ...moved] };
}

interface BitPart {
	id: string;
	from: number;
	count: number;
	about: FieldText;
	shown: string;
}

/** Fields for bit ranges inside a field already written, right after it (AnnotatedWriter writes whole bytes). */
function addBits(data: AnnotatedBytes, parentId: string, parts: readonly BitPart[]): void {
	for (const section of data.sections) {
		const at = section.fields.findIndex((f) => f.id === parentId);
		const parent = section.fields[at];
		if (!parent) continue;
		const bitFields = parts.map(
			(p): ByteField => ({
				id: `${section.id}.${p.id}`,
				offset: parent.offset,
				length: parent.length,
				bits: { from: p.from, count: p.count },
				label: p.about.label,
				value: p.shown,
				explanation: p.about.explanation
			})
		);
		section.fields.splice(at + 1, 0, ...bitFields);
		return;
	}
}

/** Fills in a 16-bit checksum written as 0, once the bytes it covers are all there. */
function setChecksum(data: AnnotatedBytes, fieldId: string, checksum: number): void {
	const field = findField(data, fieldId)!;
	data.bytes[field.offset] = checksum >> 8;
	data.bytes[field.offset + 1] = checksum & 0xff;
	field.value = hexCode(checksum);
}

const bitValue = (on: boolean) => (on ? '1 (set)' : '0');
const showPort = (port: number) => (portNames[port] ? `${port} (${portNames[port]})` : String(port));

/** Ethernet II as libpcap's linktype 1 stores it: 14 bytes of header and the payload, without the FCS. */
export function ethernetFrame(input: EthernetFrameInput): Result<AnnotatedBytes, NetErrorCode> {
	const destination = macAddress(input.destination, ethernetFields.destination.label);
	if (!destination.ok) return destination;
	const source = macAddress(input.source, ethernetFields.source.label);
	if (!source.ok) return source;
	// Below 0x0600 the same two bytes are an IEEE 802.3 length, not a type.
	const badType = outOfRange(input.etherType, 0xffff, ethernetFields.type.label, 0x0600);
	if (badType) return badType;
	const w = new AnnotatedWriter();
	w.section('ethernet', text('Ethernet II header', '以太网 II 首部'));
	w.bytes('destination', destination.value, ethernetFields.destination, input.destination.toLowerCase());
	w.bytes('source', source.value, ethernetFields.source, input.source.toLowerCase());
	w.u16('type', input.etherType, ethernetFields.type, `${hexCode(input.etherType)} (${etherTypeNames[input.etherType] ?? 'unknown'})`);
	return ok(withPayload(w, input.payload, text('Ethernet payload', '以太网载荷')));
}

/** An IPv4 packet with a 20-byte header (no options) and its header checksum. */
export function ipv4Packet(input: Ipv4PacketInput): Result<AnnotatedBytes, NetErrorCode> {
	const { identification = 0, ttl = 64, dontFragment = true } = input;
	const source = ipv4Address(input.source, ipv4Fields.source.label);
	if (!source.ok) return source;
	const destination = ipv4Address(input.destination, ipv4Fields.destination.label);
	if (!destination.ok) return destination;
	const problem =
		outOfRange(input.protocol, 0xff, ipv4Fields.protocol.label) ??
		outOfRange(identification, 0xffff, ipv4Fields.identification.label) ??
		outOfRange(ttl, 0xff, ipv4Fields.ttl.label);
	if (problem) return problem;
	const totalLength = IPV4_HEADER_LENGTH + payloadBytes(input.payload).length;
	if (totalLength > MAX_IPV4_PACKET) return tooLarge(text('IPv4 packet', 'IPv4 数据包'), totalLength, MAX_IPV4_PACKET);

	const w = new AnnotatedWriter();
	w.section('ipv4', text('IPv4 header', 'IPv4 首部'));
	w.u8('version-ihl', 0x45, ipv4Fields.versionIhl, '0x45');
	w.u8('tos', 0, ipv4Fields.tos, '0x00');
	w.u16('total-length', totalLength, ipv4Fields.totalLength, byteCount(totalLength));
	w.u16('identification', identification, ipv4Fields.identification, `${hexCode(identification)} (${identification})`);
	const flagsWord = dontFragment ? 0x4000 : 0;
	w.u16('flags-fragment', flagsWord, ipv4Fields.flagsFragment, hexCode(flagsWord));
	w.u8('ttl', ttl, ipv4Fields.ttl);
	w.u8('protocol', input.protocol, ipv4Fields.protocol, showNumber(input.protocol, ipProtocolNames));
	w.u16('checksum', 0, ipv4Fields.checksum);
	w.bytes('source', source.value, ipv4Fields.source, input.source);
	w.bytes('destination', destination.value, ipv4Fields.destination, input.destination);
	const packet = withPayload(w, input.payload, text('IPv4 payload', 'IPv4 载荷'));
	addBits(packet, 'ipv4.version-ihl', [
		{ id: 'version', from: 0, count: 4, about: ipv4Fields.version, shown: '4' },
		{ id: 'ihl', from: 4, count: 4, about: ipv4Fields.ihl, shown: '5 (20 bytes)' }
	]);
	addBits(packet, 'ipv4.tos', [
		{ id: 'dscp', from: 0, count: 6, about: ipv4Fields.dscp, shown: '0 (default)' },
		{ id: 'ecn', from: 6, count: 2, about: ipv4Fields.ecn, shown: '0 (not ECN-capable)' }
	]);
	addBits(packet, 'ipv4.flags-fragment', [
		{ id: 'flags.reserved', from: 0, count: 1, about: ipv4Fields.reserved, shown: '0' },
		{ id: 'flags.df', from: 1, count: 1, about: ipv4Fields.dontFragment, shown: bitValue(dontFragment) },
		{ id: 'flags.mf', from: 2, count: 1, about: ipv4Fields.moreFragments, shown: '0' },
		{ id: 'fragment-offset', from: 3, count: 13, about: ipv4Fields.fragmentOffset, shown: '0' }
	]);
	setChecksum(packet, 'ipv4.checksum', internetChecksum(packet.bytes.subarray(0, IPV4_HEADER_LENGTH)));
	return ok(packet);
}

const optionText = {
	mss: { kind: 2, about: tcpFields.mss },
	'window-scale': { kind: 3, about: tcpFields.windowScale },
	'sack-permitted': { kind: 4, about: tcpFields.sackPermitted }
} as const;

function checkOptions(options: readonly TcpOption[]): Failure | undefined {
	const seen = new Set<string>();
	for (const option of options) {
		if (seen.has(option.kind))
			return fail('bad-value', text(`The TCP option ${option.kind} is given twice.`, `TCP 选项 ${option.kind} 出现了两次。`));
		seen.add(option.kind);
		const problem =
			option.kind === 'mss'
				? outOfRange(option.value, 0xffff, tcpFields.mss.label, 1)
				: option.kind === 'window-scale'
					? outOfRange(option.shift, 14, tcpFields.windowScale.label) // RFC 7323 section 2.3: at most 14
					: undefined;
		if (problem) return problem;
	}
	return undefined;
}

/** `MSS=1460 WS=128 SACK_PERM`, as Wireshark's Info column lists options. */
export function showTcpOptions(options: readonly TcpOption[]): string {
	return options
		.map((o) => (o.kind === 'mss' ? `MSS=${o.value}` : o.kind === 'window-scale' ? `WS=${2 ** o.shift}` : 'SACK_PERM'))
		.join(' ');
}

function writeTcpOptions(w: AnnotatedWriter, options: readonly TcpOption[]): number {
	if (options.length === 0) return 0;
	const lengths = options.map((o) => (o.kind === 'mss' ? 4 : o.kind === 'window-scale' ? 3 : 2));
	const written = lengths.reduce((a, b) => a + b, 0);
	const padded = Math.ceil(written / 4) * 4;
	w.group('options', tcpFields.options, () => {
		options.forEach((option, i) => {
			const { kind, about } = optionText[option.kind];
			w.group(option.kind, about, () => {
				w.u8('kind', kind, tcpFields.optionKind);
				w.u8('length', lengths[i]!, tcpFields.optionLength);
				if (option.kind === 'mss') w.u16('value', option.value, tcpFields.mss);
				if (option.kind === 'window-scale') w.u8('shift', option.shift, tcpFields.windowScale, `${option.shift} (× ${2 ** option.shift})`);
			}, showTcpOptions([option]));
		});
		if (padded > written) w.bytes('padding', new Uint8Array(padded - written), tcpFields.padding);
	}, showTcpOptions(options));
	return padded;
}

/** `SYN, ACK`: the flags in Wireshark's order, as its Info column shows them. */
export function showTcpFlags(flags: readonly TcpFlag[]): string {
	const names = [...tcpFlagBits].reverse().filter((b) => b.flag && flags.includes(b.flag)).map((b) => b.name);
	return names.length ? names.join(', ') : 'none';
}

/** A TCP segment with its checksum over the IPv4 pseudo-header. */
export function tcpSegment(input: TcpSegmentInput): Result<AnnotatedBytes, NetErrorCode> {
	const { ack = 0, window = DEFAULT_WINDOW, options = [] } = input;
	const source = ipv4Address(input.source.ip, ipv4Fields.source.label);
	if (!source.ok) return source;
	const destination = ipv4Address(input.destination.ip, ipv4Fields.destination.label);
	if (!destination.ok) return destination;
	const problem =
		checkPort(input.source.port, portFields.source.label) ??
		checkPort(input.destination.port, portFields.destination.label) ??
		outOfRange(input.seq, 0xffffffff, tcpFields.seq.label) ??
		outOfRange(ack, 0xffffffff, tcpFields.ack.label) ??
		outOfRange(window, 0xffff, tcpFields.window.label) ??
		checkOptions(options);
	if (problem) return problem;

	const w = new AnnotatedWriter();
	w.section('tcp', text('TCP header', 'TCP 首部'));
	w.u16('source-port', input.source.port, portFields.source, showPort(input.source.port));
	w.u16('destination-port', input.destination.port, portFields.destination, showPort(input.destination.port));
	w.u32('seq', input.seq, tcpFields.seq);
	w.u32('ack', ack, tcpFields.ack);
	// The data offset depends on the options, written after it: reserve the byte, fix it below.
	w.u8('offset', 0, tcpFields.offset);
	const flagsByte = tcpFlagBits.reduce((byte, b, i) => (b.flag && input.flags.includes(b.flag) ? byte | (0x80 >> i) : byte), 0);
	w.u8('flags', flagsByte, tcpFields.flags, showTcpFlags(input.flags));
	w.u16('window', window, tcpFields.window);
	w.u16('checksum', 0, tcpFields.checksum);
	w.u16('urgent-pointer', 0, tcpFields.urgent);
	const headerLength = TCP_HEADER_LENGTH + writeTcpOptions(w, options);
	const max = MAX_IPV4_PACKET - IPV4_HEADER_LENGTH;
	const length = headerLength + payloadBytes(input.payload).length;
	if (length > max) return tooLarge(text('TCP segment', 'TCP 报文段'), length, max);
	const segment = withPayload(w, input.payload, text('TCP payload', 'TCP 载荷'));

	const offsetField = findField(segment, 'tcp.offset')!;
	segment.bytes[offsetField.offset] = (headerLength / 4) << 4;
	offsetField.value = hexCode(segment.bytes[offsetField.offset]!, 2);
	addBits(segment, 'tcp.offset', [
		{ id: 'data-offset', from: 0, count: 4, about: tcpFields.dataOffset, shown: `${headerLength / 4} (${headerLength} bytes)` },
		{ id: 'reserved', from: 4, count: 4, about: tcpFields.reserved, shown: '0' }
	]);
	addBits(
		segment,
		'tcp.flags',
		tcpFlagBits.map((b, i) => ({ id: `flags.${b.id}`, from: i, count: 1, about: b.about, shown: bitValue((flagsByte & (0x80 >> i)) !== 0) }))
	);
	setChecksum(segment, 'tcp.checksum', transportChecksum(source.value, destination.value, IpProtocol.tcp, segment.bytes));
	return ok(segment);
}

/** A UDP datagram with its checksum over the IPv4 pseudo-header. */
export function udpDatagram(input: UdpDatagramInput): Result<AnnotatedBytes, NetErrorCode> {
	const source = ipv4Address(input.source.ip, ipv4Fields.source.label);
	if (!source.ok) return source;
	const destination = ipv4Address(input.destination.ip, ipv4Fields.destination.label);
	if (!destination.ok) return destination;
	const problem = checkPort(input.source.port, portFields.source.label) ?? checkPort(input.destination.port, portFields.destination.label);
	if (problem) return problem;
	const length = UDP_HEADER_LENGTH + payloadBytes(input.payload).length;
	const max = MAX_IPV4_PACKET - IPV4_HEADER_LENGTH;
	if (length > max) return tooLarge(text('UDP datagram', 'UDP 数据报'), length, max);

	const w = new AnnotatedWriter();
	w.section('udp', text('UDP header', 'UDP 首部'));
	w.u16('source-port', input.source.port, portFields.source, showPort(input.source.port));
	w.u16('destination-port', input.destination.port, portFields.destination, showPort(input.destination.port));
	w.u16('length', length, udpFields.length, byteCount(length));
	w.u16('checksum', 0, udpFields.checksum);
	const datagram = withPayload(w, input.payload, text('UDP payload', 'UDP 载荷'));
	const checksum = transportChecksum(source.value, destination.value, IpProtocol.udp, datagram.bytes);
	setChecksum(datagram, 'udp.checksum', checksum === 0 ? 0xffff : checksum);
	return ok(datagram);
}

export interface EncapsulateInput {
	source: Endpoint;
	destination: Endpoint;
	/** The transport header: TCP's fields, or UDP, which has none to choose. */
	transport: ({ protocol: 'tcp' } & TcpHeaderInput) | { protocol: 'udp' };
	payload: Payload;
	ip?: Pick<Ipv4PacketInput, 'identification' | 'ttl' | 'dontFragment'>;
}

/**
 * A whole Ethernet frame from the application's bytes down: transport header, IPv4 header, Ethernet header, one
 * section per layer at its place in the frame (the OSI lab's view).
 */
export function encapsulate(input: EncapsulateInput): Result<AnnotatedBytes, NetErrorCode> {
	const { source, destination, transport, payload } = input;
	const segment =
		transport.protocol === 'tcp'
			? tcpSegment({ ...transport, source, destination, payload })
			: udpDatagram({ source, destination, payload });
	if (!segment.ok) return segment;
	const protocol = transport.protocol === 'tcp' ? IpProtocol.tcp : IpProtocol.udp;
	const packet = ipv4Packet({ ...input.ip, source: source.ip, destination: destination.ip, protocol, payload: segment.value });
	if (!packet.ok) return packet;
	return ethernetFrame({ source: source.mac, destination: destination.mac, etherType: EtherType.ipv4, payload: packet.value });
}
