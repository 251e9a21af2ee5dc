/**
 * The OSI vs TCP/IP lab: one real DNS-over-HTTPS request wrapped layer by layer, as it leaves a laptop. The DNS
 * query is real wire format (dns-packet), the HTTP request is RFC 8484's GET, the TLS record is sealed with a fresh
 * AES-128-GCM key by Web Crypto, and the TCP segment, IPv4 packet and Ethernet frame carry correct checksums. Each
 * layer is the one below's payload, so every header shows at its real offset in the final frame.
 */
import type { AnnotatedBytes } from '$lib/bytes/annotated';
import { toBase64Url } from '$lib/bytes/encoding';
import { ok, type Result } from '$lib/errors';
import { annotateMessage, encodeQuery } from '$lib/dns/wire';
import type { LocalizedText } from '$lib/i18n/locales';
import { EtherType, IpProtocol, ethernetFrame, ipv4Packet, tcpSegment, type NetErrorCode } from '$lib/net/packets';
import { DEFAULT_CLIENT, DEFAULT_SERVER } from '$lib/net/tcp-stream';
import { ContentType, protectRecord } from '$lib/tls/record';
import { annotateHttp, protectedRecordView } from '$lib/tls/session-wire';
import type { WebCrypto } from '$lib/tls/webcrypto';
import { text } from '$lib/tls/wire';

export type LayerId = 'dns' | 'http' | 'tls' | 'tcp' | 'ipv4' | 'ethernet';
export type TcpIpLayer = 'application' | 'transport' | 'internet' | 'link';

export interface Layer {
	id: LayerId;
	name: LocalizedText;
	/** What the unit is called at this layer: message, record, segment, packet, frame. */
	unit: LocalizedText;
	/** The whole unit: this layer's header, then everything from the layers above as its payload. */
	bytes: AnnotatedBytes;
	/** Bytes this layer adds in front (and, for TLS, the tag behind). */
	overhead: number;
	/** The OSI layers (7 = application … 1 = physical) this maps to, as the models are usually drawn. */
	osi: number[];
	tcpip: TcpIpLayer;
	explanation: LocalizedText;
}

export interface Encapsulation {
	layers: Layer[];
	/** The Ethernet frame as a capture stores it (no preamble, no FCS). */
	frame: Uint8Array;
}

export interface EncapsulationOptions {
	name?: string;
	/** The DNS type code asked for (default 1, A). */
	typeCode?: number;
	/** The DoH server's name, for the Host header. */
	host?: string;
	crypto?: WebCrypto;
	/** The TLS record key and IV (default fresh random ones: the record is real ciphertext either way). */
	keys?: { key: Uint8Array; iv: Uint8Array };
}

/** Sequence numbers a connection would be at after the handshakes (any value works; these are fixed for the view). */
const CLIENT_SEQ = 0x1f2e3d4d + 517 + 80;
const SERVER_SEQ = 0x6a5b4c3e + 4_000;

export async function encapsulateDohRequest(options: EncapsulationOptions = {}): Promise<Result<Encapsulation, NetErrorCode | 'record'>> {
	const name = options.name ?? 'example.com';
	const host = options.host ?? 'doh.wirewalk.example';
	const query = encodeQuery({ name, typeCode: options.typeCode ?? 1, id: 0 });
	const annotated = annotateMessage(query);
	const dns: AnnotatedBytes = annotated.ok ? annotated.value : { bytes: query, sections: [] };
	const request = new TextEncoder().encode(`GET /dns-query?dns=${toBase64Url(query)} HTTP/1.1\r\nHost: ${host}\r\nAccept: application/dns-message\r\n\r\n`);
	const wrapped = await wrapHttpRequest(request, { tls: true, crypto: options.crypto, keys: options.keys });
	if (!wrapped.ok) return wrapped;
	// The HTTP message adds its request line and headers around the (base64url) query.
	const [http, ...below] = wrapped.value.layers;
	return ok({ frame: wrapped.value.frame, layers: [layer('dns', dns, undefined), layer('http', http!.bytes, dns), ...below] });
}

const MODEL: Record<LayerId, { osi: number[]; tcpip: TcpIpLayer }> = {
	dns: { osi: [7], tcpip: 'application' },
	http: { osi: [7], tcpip: 'application' },
	tls: { osi: [6, 5], tcpip: 'application' },
	tcp: { osi: [4], tcpip: 'transport' },
	ipv4: { osi: [3], tcpip: 'internet' },
	ethernet: { osi: [2, 1], tcpip: 'link' }
};

function layer(id: LayerId, bytes: AnnotatedBytes, inner: AnnotatedBytes | undefined): Layer {
	return { id, bytes, overhead: bytes.bytes.length - (inner?.bytes.length ?? 0), ...MODEL[id], ...texts[id] };
}

/**
 * An HTTP/1.1 request from a laptop, in one frame: over TLS to port 443 (a TLS 1.3 application-data record sealed
 * with AES-128-GCM), or in clear to port 80. The layers run from the HTTP message down to the Ethernet frame.
 */
export async function wrapHttpRequest(
	request: Uint8Array,
	options: { tls: boolean; crypto?: WebCrypto; keys?: { key: Uint8Array; iv: Uint8Array } }
): Promise<Result<Encapsulation, NetErrorCode | 'record'>> {
	const crypto = options.crypto ?? globalThis.crypto;
	const http = annotateHttp(request);
	let carried: AnnotatedBytes = http;
	if (options.tls) {
		const keys = options.keys ?? { key: globalThis.crypto.getRandomValues(new Uint8Array(16)), iv: globalThis.crypto.getRandomValues(new Uint8Array(12)) };
		const sealed = await protectRecord(keys, 0, ContentType.applicationData, request, { crypto });
		if (!sealed.ok) return { ok: false, error: { code: 'record', message: sealed.error.message } };
		carried = protectedRecordView(sealed.value.record);
	}
	const server = options.tls ? DEFAULT_SERVER : { ...DEFAULT_SERVER, port: 80 };
	const segment = tcpSegment({ source: DEFAULT_CLIENT, destination: server, seq: CLIENT_SEQ, ack: SERVER_SEQ, flags: ['PSH', 'ACK'], payload: carried });
	if (!segment.ok) return segment;
	const packet = ipv4Packet({ source: DEFAULT_CLIENT.ip, destination: server.ip, protocol: IpProtocol.tcp, payload: segment.value, identification: 0x2a17 });
	if (!packet.ok) return packet;
	const frame = ethernetFrame({ source: DEFAULT_CLIENT.mac, destination: server.mac, etherType: EtherType.ipv4, payload: packet.value });
	if (!frame.ok) return frame;
	const layers = [layer('http', http, undefined)];
	if (options.tls) layers.push(layer('tls', carried, http));
	layers.push(layer('tcp', segment.value, carried), layer('ipv4', packet.value, segment.value), layer('ethernet', frame.value, packet.value));
	return ok({ frame: frame.value.bytes, layers });
}

const texts: Record<LayerId, { name: LocalizedText; unit: LocalizedText; explanation: LocalizedText }> = {
	dns: {
		name: text('DNS query', 'DNS 查询'),
		unit: text('message', '消息'),
		explanation: text(
			'The question itself in DNS wire format: header, the name as length-prefixed labels, type and class, an EDNS record. ID 0, as RFC 8484 asks, so equal questions are equal HTTP requests.',
			'DNS 线路格式的问题本身：头部、按长度前缀标签编码的名字、类型和类，以及一条 EDNS 记录。ID 为 0，这是 RFC 8484 的要求，使相同的问题成为相同的 HTTP 请求。'
		)
	},
	http: {
		name: text('HTTP request', 'HTTP 请求'),
		unit: text('message', '消息'),
		explanation: text(
			'RFC 8484’s GET: the DNS message, base64url-encoded, in the dns= parameter. Browsers would send this over HTTP/2 (binary frames, compressed headers); HTTP/1.1 shows the same idea in readable text.',
			'RFC 8484 的 GET：DNS 消息经 base64url 编码后放在 dns= 参数里。浏览器实际会用 HTTP/2（二进制帧、压缩首部）发送；这里用 HTTP/1.1 以可读的文本展示同样的意思。'
		)
	},
	tls: {
		name: text('TLS 1.3 record', 'TLS 1.3 记录'),
		unit: text('record', '记录'),
		explanation: text(
			'The HTTP bytes, encrypted with AES-128-GCM under a fresh key: 5 bytes of header in clear, the ciphertext (content and its real type), 16 bytes of tag. TLS fits neither model neatly: it runs on TCP and under HTTP; OSI drawings put it at 5 or 6, TCP/IP counts it as part of the application.',
			'HTTP 字节用新生成的密钥以 AES-128-GCM 加密：5 字节明文头部、密文（内容及其真实类型）、16 字节认证标签。TLS 在两个模型里都不太好放：它跑在 TCP 之上、HTTP 之下；OSI 图里常把它放在第 5 或第 6 层，TCP/IP 模型则把它算作应用的一部分。'
		)
	},
	tcp: {
		name: text('TCP segment', 'TCP 报文段'),
		unit: text('segment', '报文段'),
		explanation: text(
			'Ports say which program (443: HTTPS); sequence and acknowledgement numbers put the bytes in order and confirm them; the checksum covers the header, the data and a pseudo-header of both IP addresses.',
			'端口标明是哪个程序（443：HTTPS）；序列号和确认号让字节有序并被确认；校验和覆盖首部、数据，以及含双方 IP 地址的伪首部。'
		)
	},
	ipv4: {
		name: text('IPv4 packet', 'IPv4 数据包'),
		unit: text('packet', '数据包'),
		explanation: text(
			'Addresses from end to end (documentation addresses here), the TTL each router decrements, protocol 6 for TCP, and a checksum over this header only. Routers read this layer and rewrite the TTL and checksum at every hop.',
			'端到端的地址（这里用的是文档专用地址）、每个路由器都会减一的 TTL、表示 TCP 的协议号 6，以及只覆盖本首部的校验和。路由器读取这一层，并在每一跳改写 TTL 和校验和。'
		)
	},
	ethernet: {
		name: text('Ethernet frame', '以太网帧'),
		unit: text('frame', '帧'),
		explanation: text(
			'MAC addresses of this link only (the next router’s, not the server’s), and EtherType 0x0800 for IPv4. On the cable the frame also has a preamble and a 4-byte CRC (FCS) that captures do not store; turning bits into signals is the physical layer.',
			'只属于本段链路的 MAC 地址（下一跳路由器的，而不是服务器的），以及表示 IPv4 的 EtherType 0x0800。在线缆上，帧还有前导码和 4 字节 CRC（FCS），抓包不会保存它们；把比特变成信号则是物理层的事。'
		)
	}
};
