/**
 * The WebSocket lab (RFC 6455): the opening handshake (the HTTP Upgrade and the Sec-WebSocket-Accept proof), frames
 * byte by byte as annotated bytes for the hex view, and a cost model comparing short polling, long polling,
 * server-sent events and WebSocket for pushing messages from server to client.
 */
import type { AnnotatedBytes, ByteField, ByteSection } from '$lib/bytes/annotated';
import { toBase64, toHex } from '$lib/bytes/encoding';

export { toBase64 };
import { fail, ok, type Result, type UserError } from '$lib/errors';
import type { LocalizedText } from '$lib/i18n/locales';
import type { Random } from './random';

// ---------------------------------------------------------------------------------------------------------------
// Opening handshake

/** RFC 6455 section 1.3: a fixed GUID no endpoint that does not speak WebSocket would know. */
export const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/**
 * Sec-WebSocket-Accept = base64(SHA-1(key + GUID)) (RFC 6455 section 4.2.2). It proves the server read this
 * handshake as WebSocket; it is not security: anyone can compute it.
 */
export async function secWebSocketAccept(key: string, subtle: SubtleCrypto = globalThis.crypto.subtle): Promise<string> {
	return (await acceptSteps(key, subtle)).accept;
}

/** The computation of Sec-WebSocket-Accept, step by step: what is hashed, the SHA-1 digest, its base64. */
export interface AcceptSteps {
	/** The key as sent, followed by the GUID: the text hashed (its ASCII bytes). */
	hashed: string;
	/** SHA-1 of those bytes: 20 bytes. */
	digest: Uint8Array;
	accept: string;
}

export async function acceptSteps(key: string, subtle: SubtleCrypto = globalThis.crypto.subtle): Promise<AcceptSteps> {
	const hashed = key + WEBSOCKET_GUID;
	const digest = new Uint8Array(await subtle.digest('SHA-1', new TextEncoder().encode(hashed)));
	return { hashed, digest, accept: toBase64(digest) };
}

/** A fresh Sec-WebSocket-Key: 16 random bytes in base64 (RFC 6455 section 4.1). */
export function webSocketKey(random: Random): string {
	return toBase64(Uint8Array.from({ length: 16 }, () => random.below(256)));
}

export interface HttpLine {
	text: string;
	explanation: LocalizedText;
}

export interface HttpMessageText {
	lines: HttpLine[];
	/** The message as sent: lines joined by CRLF, ending with the empty line. */
	text: string;
}

const httpMessage = (lines: HttpLine[]): HttpMessageText => ({
	lines,
	text: lines.map((l) => l.text + '\r\n').join('') + '\r\n'
});

export interface UpgradeRequestOptions {
	host: string;
	path?: string;
	key: string;
	origin?: string;
	protocols?: readonly string[];
}

export function upgradeRequest(options: UpgradeRequestOptions): HttpMessageText {
	const lines: HttpLine[] = [
		{
			text: `GET ${options.path ?? '/'} HTTP/1.1`,
			explanation: {
				en: 'An ordinary HTTP/1.1 GET: the handshake is HTTP, so it passes through the same ports, proxies and TLS.',
				'zh-CN': '一个普通的 HTTP/1.1 GET 请求：握手本身就是 HTTP，因此可以走同样的端口、代理和 TLS。'
			}
		},
		{ text: `Host: ${options.host}`, explanation: { en: 'The server being asked, as in any HTTP/1.1 request.', 'zh-CN': '要访问的服务器，与任何 HTTP/1.1 请求相同。' } },
		{
			text: 'Upgrade: websocket',
			explanation: {
				en: 'Asks to switch this connection from HTTP to the WebSocket protocol (HTTP/1.1 Upgrade).',
				'zh-CN': '请求把这条连接从 HTTP 切换到 WebSocket 协议（HTTP/1.1 的 Upgrade 机制）。'
			}
		},
		{
			text: 'Connection: Upgrade',
			explanation: {
				en: 'Marks Upgrade as a hop-by-hop header meant for the next hop, not to be forwarded blindly.',
				'zh-CN': '表明 Upgrade 是只对下一跳有效的逐跳头部，不能被原样转发。'
			}
		},
		{
			text: `Sec-WebSocket-Key: ${options.key}`,
			explanation: {
				en: 'A random 16-byte nonce in base64. The server must answer with a value derived from it, proving it understood the handshake.',
				'zh-CN': '16 字节随机数的 base64 编码。服务器必须回一个由它推算出的值，以证明自己确实理解了这次握手。'
			}
		}
	];
	if (options.origin)
		lines.push({
			text: `Origin: ${options.origin}`,
			explanation: {
				en: 'The page’s origin, sent by browsers. WebSocket has no CORS: the server must check Origin itself.',
				'zh-CN': '浏览器会带上页面的源。WebSocket 不受 CORS 约束，服务器需要自己检查 Origin。'
			}
		});
	if (options.protocols?.length)
		lines.push({
			text: `Sec-WebSocket-Protocol: ${options.protocols.join(', ')}`,
			explanation: {
				en: 'Application subprotocols the client speaks, in order of preference; the server picks at most one.',
				'zh-CN': '客户端支持的应用层子协议，按偏好排序；服务器最多选其中一个。'
			}
		});
	lines.push({
		text: 'Sec-WebSocket-Version: 13',
		explanation: { en: 'Version 13 is RFC 6455, the only one in use.', 'zh-CN': '版本 13 即 RFC 6455，也是目前唯一在用的版本。' }
	});
	return httpMessage(lines);
}

export function upgradeResponse(options: { accept: string; protocol?: string }): HttpMessageText {
	const lines: HttpLine[] = [
		{
			text: 'HTTP/1.1 101 Switching Protocols',
			explanation: {
				en: 'The last HTTP on this connection: after the blank line, both sides speak WebSocket frames.',
				'zh-CN': '这条连接上最后一条 HTTP 报文：空行之后，双方改用 WebSocket 帧通信。'
			}
		},
		{ text: 'Upgrade: websocket', explanation: { en: 'The protocol now in use.', 'zh-CN': '现在使用的协议。' } },
		{ text: 'Connection: Upgrade', explanation: { en: 'Confirms the upgrade of this connection.', 'zh-CN': '确认这条连接已升级。' } },
		{
			text: `Sec-WebSocket-Accept: ${options.accept}`,
			explanation: {
				en: `base64(SHA-1(Sec-WebSocket-Key + "${WEBSOCKET_GUID}")). The client checks it; a wrong value fails the connection.`,
				'zh-CN': `base64(SHA-1(Sec-WebSocket-Key + "${WEBSOCKET_GUID}"))。客户端会校验它，值不对就断开连接。`
			}
		}
	];
	if (options.protocol)
		lines.push({
			text: `Sec-WebSocket-Protocol: ${options.protocol}`,
			explanation: { en: 'The one subprotocol the server chose.', 'zh-CN': '服务器选定的那一个子协议。' }
		});
	return httpMessage(lines);
}

export async function openingHandshake(
	options: UpgradeRequestOptions & { protocol?: string },
	subtle: SubtleCrypto = globalThis.crypto.subtle
): Promise<{ request: HttpMessageText; response: HttpMessageText; accept: string }> {
	const accept = await secWebSocketAccept(options.key, subtle);
	return { request: upgradeRequest(options), response: upgradeResponse({ accept, protocol: options.protocol }), accept };
}

// ---------------------------------------------------------------------------------------------------------------
// Frames

export const OPCODES = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

const OPCODE_NAMES: Record<number, LocalizedText> = {
	0x0: { en: 'continuation', 'zh-CN': '延续帧' },
	0x1: { en: 'text', 'zh-CN': '文本帧' },
	0x2: { en: 'binary', 'zh-CN': '二进制帧' },
	0x8: { en: 'close', 'zh-CN': '关闭帧' },
	0x9: { en: 'ping', 'zh-CN': 'ping 帧' },
	0xa: { en: 'pong', 'zh-CN': 'pong 帧' }
};

export interface WebSocketFrame {
	fin: boolean;
	/** RSV1–RSV3; set only by a negotiated extension (e.g. RSV1 for permessage-deflate). */
	rsv?: readonly [boolean, boolean, boolean];
	opcode: number;
	/** Four bytes for a frame from a client (which must mask), null for a frame from a server. */
	maskingKey: Uint8Array | null;
	/** The application data, unmasked. */
	payload: Uint8Array;
}

/** Bytes before the payload: 2, plus 2 or 8 of extended length, plus 4 of masking key. */
export function frameHeaderLength(payloadLength: number, masked: boolean): number {
	return 2 + (payloadLength <= 125 ? 0 : payloadLength <= 0xffff ? 2 : 8) + (masked ? 4 : 0);
}

export function encodeFrame(frame: WebSocketFrame): Uint8Array {
	const n = frame.payload.length;
	const key = frame.maskingKey;
	const out = new Uint8Array(frameHeaderLength(n, key !== null) + n);
	const at = writeFrameHeader(out, frame, n);
	for (let i = 0; i < n; i++) out[at + i] = key ? frame.payload[i]! ^ key[i % 4]! : frame.payload[i]!;
	return out;
}

/** Writes the header of a frame whose payload is `n` bytes into `out`; returns where the payload starts. */
function writeFrameHeader(out: Uint8Array, frame: Omit<WebSocketFrame, 'payload'>, n: number): number {
	const key = frame.maskingKey;
	if (key && key.length !== 4) throw new RangeError('a masking key is 4 bytes');
	if (!Number.isSafeInteger(n) || n < 0) throw new RangeError('a payload length is a whole number below 2^53');
	const [rsv1, rsv2, rsv3] = frame.rsv ?? [false, false, false];
	out[0] = (frame.fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | (rsv2 ? 0x20 : 0) | (rsv3 ? 0x10 : 0) | (frame.opcode & 0x0f);
	let at = 2;
	// The shortest length form is required (RFC 6455 section 5.2): 7 bits, else 126 + 16 bits, else 127 + 64 bits.
	if (n <= 125) out[1] = n;
	else if (n <= 0xffff) {
		out[1] = 126;
		out[2] = n >>> 8;
		out[3] = n & 0xff;
		at = 4;
	} else {
		out[1] = 127;
		const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
		view.setUint32(2, Math.floor(n / 2 ** 32));
		view.setUint32(6, n >>> 0);
		at = 10;
	}
	if (key) {
		out[1]! |= 0x80;
		out.set(key, at);
		at += 4;
	}
	return at;
}

/**
 * Only the header of a frame whose payload would be `payloadLength` bytes, annotated: how the length is written for
 * any size (7 bits, 126 + 16 bits, 127 + 64 bits) without building the payload itself.
 */
export function describeFrameHeader(frame: Omit<WebSocketFrame, 'payload'>, payloadLength: number): AnnotatedBytes {
	const bytes = new Uint8Array(frameHeaderLength(payloadLength, frame.maskingKey !== null));
	const at = writeFrameHeader(bytes, frame, payloadLength);
	const length7 = bytes[1]! & 0x7f;
	const extendedLength = length7 === 126 ? 2 : length7 === 127 ? 8 : 0;
	const fields = frameHeaderFields({
		fin: frame.fin,
		rsv: frame.rsv ?? [false, false, false],
		opcode: frame.opcode,
		masked: frame.maskingKey !== null,
		length7,
		length: payloadLength,
		extendedAt: 2,
		extendedLength,
		maskAt: 2 + extendedLength,
		maskingKey: frame.maskingKey
	});
	return { bytes, sections: [{ id: 'header', label: { en: 'Frame header', 'zh-CN': '帧头' }, offset: 0, length: at, fields }] };
}

export function textFrame(text: string, options: { maskingKey?: Uint8Array; fin?: boolean } = {}): WebSocketFrame {
	return { fin: options.fin ?? true, opcode: OPCODES.text, maskingKey: options.maskingKey ?? null, payload: new TextEncoder().encode(text) };
}

export type FrameErrorCode = 'truncated' | 'length-too-large';

/** Rules a receiver enforces by failing the connection (RFC 6455 sections 5.1–5.5); the bytes can still be shown. */
export type FrameViolationCode =
	| 'non-minimal-length'
	| 'reserved-bits'
	| 'reserved-opcode'
	| 'control-too-long'
	| 'control-fragmented'
	| 'client-frame-unmasked'
	| 'server-frame-masked';

export interface DecodedFrame {
	frame: WebSocketFrame;
	annotated: AnnotatedBytes;
	/** Bytes this frame takes; more frames may follow in the input. */
	frameLength: number;
	violations: UserError<FrameViolationCode>[];
}

export interface DecodeOptions {
	/** Who sent the frame, to check the masking rule. */
	sender?: 'client' | 'server';
}

const PREVIEW_CHARS = 48;

export function decodeFrame(bytes: Uint8Array, options: DecodeOptions = {}): Result<DecodedFrame, FrameErrorCode> {
	const truncated = () =>
		fail('truncated', {
			en: `The frame is cut short: ${bytes.length} bytes are not a whole frame.`,
			'zh-CN': `帧不完整：${bytes.length} 字节不足以构成一个完整的帧。`
		});
	if (bytes.length < 2) return truncated();
	const b0 = bytes[0]!;
	const b1 = bytes[1]!;
	const fin = (b0 & 0x80) !== 0;
	const rsv: [boolean, boolean, boolean] = [(b0 & 0x40) !== 0, (b0 & 0x20) !== 0, (b0 & 0x10) !== 0];
	const opcode = b0 & 0x0f;
	const masked = (b1 & 0x80) !== 0;
	const length7 = b1 & 0x7f;
	let at = 2;
	let length = length7;
	if (length7 === 126) {
		if (bytes.length < 4) return truncated();
		length = (bytes[2]! << 8) | bytes[3]!;
		at = 4;
	} else if (length7 === 127) {
		if (bytes.length < 10) return truncated();
		const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
		const high = view.getUint32(2);
		if (high & 0x80000000 || high >= 2 ** 21)
			return fail('length-too-large', {
				en: 'The 64-bit length has its top bit set or exceeds what can be handled (2^53 bytes).',
				'zh-CN': '64 位长度的最高位被置 1，或长度超出可处理范围（2^53 字节）。'
			});
		length = high * 2 ** 32 + view.getUint32(6);
		at = 10;
	}
	const extendedAt = 2;
	const extendedLength = at - 2;
	const maskAt = at;
	if (masked) at += 4;
	if (bytes.length < at + length) return truncated();
	const maskingKey = masked ? bytes.slice(maskAt, maskAt + 4) : null;
	const payload = bytes.slice(at, at + length);
	if (maskingKey) for (let i = 0; i < payload.length; i++) payload[i]! ^= maskingKey[i % 4]!;
	const frame: WebSocketFrame = { fin, rsv, opcode, maskingKey, payload };

	const violations: UserError<FrameViolationCode>[] = [];
	const violation = (code: FrameViolationCode, en: string, zh: string) => violations.push({ code, message: { en, 'zh-CN': zh } });
	if ((length7 === 126 && length <= 125) || (length7 === 127 && length <= 0xffff))
		violation('non-minimal-length', 'The length is not in its shortest form, which RFC 6455 requires.', '长度没有使用最短的编码形式，这是 RFC 6455 所要求的。');
	if (rsv.some(Boolean))
		violation('reserved-bits', 'A reserved bit is set without an extension that defines it.', '在没有协商相应扩展的情况下设置了保留位。');
	if (!OPCODE_NAMES[opcode]) violation('reserved-opcode', `Opcode 0x${opcode.toString(16)} is reserved.`, `操作码 0x${opcode.toString(16)} 是保留值。`);
	if (opcode >= 0x8) {
		if (length > 125) violation('control-too-long', 'A control frame carries at most 125 bytes.', '控制帧的负载最多 125 字节。');
		if (!fin) violation('control-fragmented', 'A control frame must not be fragmented.', '控制帧不能分片。');
	}
	if (options.sender === 'client' && !masked)
		violation('client-frame-unmasked', 'A client must mask every frame it sends.', '客户端发送的每一帧都必须掩码。');
	if (options.sender === 'server' && masked) violation('server-frame-masked', 'A server must not mask its frames.', '服务器发送的帧不能掩码。');

	const headerFields = frameHeaderFields({ fin, rsv, opcode, masked, length7, length, extendedAt, extendedLength, maskAt, maskingKey });
	const sections: ByteSection[] = [
		{ id: 'header', label: { en: 'Frame header', 'zh-CN': '帧头' }, offset: 0, length: at, fields: headerFields }
	];
	if (length > 0) sections.push(payloadSection(frame, at));
	return ok({ frame, annotated: { bytes: bytes.slice(0, at + length), sections }, frameLength: at + length, violations });
}

/** A frame as annotated bytes, annotated the way a receiver reads it (one code path for both directions). */
export function describeFrame(frame: WebSocketFrame): DecodedFrame {
	const decoded = decodeFrame(encodeFrame(frame));
	if (!decoded.ok) throw new Error(`encoded frame does not decode: ${decoded.error.code}`);
	return decoded.value;
}

function frameHeaderFields(h: {
	fin: boolean;
	rsv: readonly boolean[];
	opcode: number;
	masked: boolean;
	length7: number;
	length: number;
	extendedAt: number;
	extendedLength: number;
	maskAt: number;
	maskingKey: Uint8Array | null;
}): ByteField[] {
	const opName = OPCODE_NAMES[h.opcode] ?? { en: 'reserved', 'zh-CN': '保留' };
	// Every field of the first two bytes is a bit range of one byte.
	const bitsOf = (id: string, offset: number, from: number, count: number, label: LocalizedText, value: string, explanation: LocalizedText): ByteField => ({
		id: `header.${id}`,
		offset,
		length: 1,
		bits: { from, count },
		label,
		value,
		explanation
	});
	const fields: ByteField[] = [
		bitsOf(
			'fin',
			0,
			0,
			1,
			{ en: 'FIN', 'zh-CN': 'FIN' },
			h.fin ? '1' : '0',
			h.fin
				? { en: 'The final fragment of a message (a whole message fits in one frame).', 'zh-CN': '消息的最后一个分片（整条消息只用一帧时也是 1）。' }
				: { en: 'More fragments of this message follow in continuation frames.', 'zh-CN': '这条消息还有后续分片，放在延续帧中。' }
		),
		...h.rsv.map((set, i) =>
			bitsOf(`rsv${i + 1}`, 0, 1 + i, 1, { en: `RSV${i + 1}`, 'zh-CN': `RSV${i + 1}` }, set ? '1' : '0', {
				en: 'Reserved for extensions (permessage-deflate sets RSV1 on compressed messages); 0 otherwise.',
				'zh-CN': '留给扩展使用（permessage-deflate 在压缩消息上置 RSV1），否则为 0。'
			})
		),
		bitsOf('opcode', 0, 4, 4, { en: 'Opcode', 'zh-CN': '操作码' }, `0x${h.opcode.toString(16)} (${opName.en})`, {
			en: `${opName.en}. 0x1 text (UTF-8), 0x2 binary, 0x0 continuation; control frames: 0x8 close, 0x9 ping, 0xA pong.`,
			'zh-CN': `${opName['zh-CN']}。0x1 文本（UTF-8），0x2 二进制，0x0 延续帧；控制帧：0x8 关闭，0x9 ping，0xA pong。`
		}),
		bitsOf('mask', 1, 0, 1, { en: 'MASK', 'zh-CN': 'MASK（掩码位）' }, h.masked ? '1' : '0', {
			en: 'Set when a masking key follows. Clients must mask every frame; servers must not.',
			'zh-CN': '为 1 表示后面跟着掩码键。客户端发出的帧必须掩码，服务器发出的帧不能掩码。'
		}),
		bitsOf(
			'length7',
			1,
			1,
			7,
			{ en: 'Payload length (7 bits)', 'zh-CN': '负载长度（7 位）' },
			h.length7 === 126 ? '126 (16-bit length follows)' : h.length7 === 127 ? '127 (64-bit length follows)' : String(h.length7),
			{
				en: '0–125 is the length itself; 126 means a 16-bit length follows, 127 a 64-bit one.',
				'zh-CN': '0–125 直接就是长度；126 表示后面跟 16 位长度，127 表示后面跟 64 位长度。'
			}
		)
	];
	if (h.extendedLength > 0)
		fields.push({
			id: 'header.extendedLength',
			offset: h.extendedAt,
			length: h.extendedLength,
			label: { en: `Extended payload length (${h.extendedLength * 8} bits)`, 'zh-CN': `扩展负载长度（${h.extendedLength * 8} 位）` },
			value: String(h.length),
			explanation: {
				en: 'The payload length in network byte order (big-endian), used when it does not fit in 125.',
				'zh-CN': '以网络字节序（大端）表示的负载长度，在长度超过 125 时使用。'
			}
		});
	if (h.maskingKey)
		fields.push({
			id: 'header.maskingKey',
			offset: h.maskAt,
			length: 4,
			label: { en: 'Masking key', 'zh-CN': '掩码键' },
			value: `0x${toHex(h.maskingKey)}`,
			explanation: {
				en: 'Four random bytes chosen per frame. Masking is not secrecy (the key is right here); it keeps a page’s script from choosing the bytes on the wire, which could poison caching proxies.',
				'zh-CN': '每帧随机选的 4 个字节。掩码不是加密（密钥就明文放在这里），而是让网页脚本无法控制线路上的实际字节，防止污染中间缓存代理。'
			}
		});
	return fields;
}

function payloadSection(frame: WebSocketFrame, at: number): ByteSection {
	const n = frame.payload.length;
	const key = frame.maskingKey;
	const fields: ByteField[] = [];
	const shown = (data: Uint8Array) => {
		if (frame.opcode === OPCODES.text || frame.opcode === OPCODES.close) {
			const text = new TextDecoder().decode(data);
			return text.length > PREVIEW_CHARS ? `“${text.slice(0, PREVIEW_CHARS)}…”` : `“${text}”`;
		}
		return n > 16 ? `${n} bytes: ${toHex(data.subarray(0, 16), ' ')} …` : toHex(data, ' ');
	};
	const maskNote = (): LocalizedText => {
		if (!key) return { en: 'Sent as is: server frames are not masked.', 'zh-CN': '原样发送：服务器发出的帧不掩码。' };
		const masked = frame.payload[0]! ^ key[0]!;
		const example = `0x${hex2(masked)} XOR 0x${hex2(key[0]!)} = 0x${hex2(frame.payload[0]!)}`;
		return {
			en: `On the wire each byte is XORed with the key: byte i with key[i mod 4]. The receiver XORs again to undo it: ${example}.`,
			'zh-CN': `线路上的每个字节都与掩码键异或：第 i 字节与 key[i mod 4] 异或。接收方再异或一次即可还原：${example}。`
		};
	};
	if (frame.opcode === OPCODES.close && n >= 2) {
		const code = (frame.payload[0]! << 8) | frame.payload[1]!;
		fields.push({
			id: 'payload.closeCode',
			offset: at,
			length: 2,
			label: { en: 'Close status code', 'zh-CN': '关闭状态码' },
			value: String(code),
			explanation: {
				en: 'Why the connection closes: 1000 normal, 1001 going away, 1002 protocol error, 1009 message too big (RFC 6455 section 7.4).',
				'zh-CN': '关闭原因：1000 正常关闭，1001 离开，1002 协议错误，1009 消息过大（RFC 6455 第 7.4 节）。'
			}
		});
		if (n > 2)
			fields.push({
				id: 'payload.closeReason',
				offset: at + 2,
				length: n - 2,
				label: { en: 'Close reason', 'zh-CN': '关闭原因文字' },
				value: shown(frame.payload.subarray(2)),
				explanation: maskNote()
			});
	} else
		fields.push({
			id: 'payload.data',
			offset: at,
			length: n,
			label: key ? { en: 'Payload (masked)', 'zh-CN': '负载（已掩码）' } : { en: 'Payload', 'zh-CN': '负载' },
			value: shown(frame.payload),
			explanation: maskNote()
		});
	return { id: 'payload', label: { en: 'Payload', 'zh-CN': '负载' }, offset: at, length: n, fields };
}

const hex2 = (b: number) => b.toString(16).padStart(2, '0');

// ---------------------------------------------------------------------------------------------------------------
// Push techniques compared

export type PushTechnique = 'short-polling' | 'long-polling' | 'server-sent-events' | 'websocket';

export interface TransportComparisonInput {
	/** Application bytes per message (e.g. a JSON object). */
	payloadBytes: number;
	/** How often the server has something new (messages are assumed to arrive as a Poisson stream). */
	messagesPerSecond: number;
	/** Short polling: time between polls. Default 1000. */
	pollIntervalMs?: number;
	/** Long polling: how long the server holds a request before answering empty. Default 30 000. */
	longPollHoldMs?: number;
	/** Round-trip time between client and server. Default 100. */
	rttMs?: number;
	/** Messages counted in `totalBytes`. Default 100. */
	messageCount?: number;
	/** Header bytes added to every HTTP request the client sends (a bigger cookie, a bearer token). Default 0. */
	extraHeaderBytes?: number;
}

export interface TransportCost {
	technique: PushTechnique;
	name: LocalizedText;
	/** Bytes sent once per session before the first message (SSE request, WebSocket handshake). */
	setupBytes: number;
	/** Average bytes on the wire per message delivered, both directions, including the payload. */
	bytesPerMessage: number;
	overheadPerMessage: number;
	/** HTTP requests (each one a round trip) per message delivered. */
	requestsPerMessage: number;
	/** Average time from the server having a message to the client having it. */
	averageDelayMs: number;
	totalBytes: number;
	note: LocalizedText;
}

/**
 * What the comparison counts and what it leaves out. The sample headers below are modest: real browsers often send
 * much more (cookies alone can be kilobytes), which only widens the gap.
 */
export const transportAssumptions: readonly LocalizedText[] = [
	{
		en: 'HTTP/1.1 with keep-alive: one TCP (and TLS) connection is reused, so connection setup is not counted per message.',
		'zh-CN': '使用带 keep-alive 的 HTTP/1.1：一条 TCP（和 TLS）连接被复用，因此建立连接的开销不计入每条消息。'
	},
	{
		en: 'Bytes are HTTP and WebSocket bytes: TCP/IP headers (40+ bytes per packet) and TLS record overhead (about 22 bytes per record) come on top for every technique.',
		'zh-CN': '只统计 HTTP 和 WebSocket 层的字节：每种方式另外都还有 TCP/IP 头（每个包 40 字节以上）和 TLS 记录开销（每条记录约 22 字节）。'
	},
	{
		en: 'Headers are the sample headers shown, uncompressed. Under HTTP/2 or HTTP/3, HPACK/QPACK shrink repeated headers to a few bytes, which narrows the gap for polling.',
		'zh-CN': '头部按示例文本计算，未压缩。在 HTTP/2 或 HTTP/3 下，HPACK/QPACK 会把重复的头部压缩到几个字节，轮询的劣势会变小。'
	},
	{
		en: 'Messages flow from server to client and arrive as a Poisson stream. Client-to-server messages cost a request each with polling and SSE, a masked frame (4 extra bytes) with WebSocket.',
		'zh-CN': '消息方向为服务器到客户端，按泊松过程到达。客户端发往服务器的消息：轮询和 SSE 每条都要一个请求，WebSocket 只需一个掩码帧（多 4 字节）。'
	},
	{
		en: 'Extra header bytes (a bigger cookie, a token) go on every HTTP request: each poll and long poll, and the one SSE request or WebSocket upgrade.',
		'zh-CN': '额外的头部字节（更大的 Cookie、令牌）会加到每个 HTTP 请求上：每次轮询和长轮询，以及 SSE 的那一个请求或 WebSocket 的升级请求。'
	},
	{
		en: 'A long poll is held for up to 30 s before the server answers empty; the round trip is 100 ms.',
		'zh-CN': '长轮询请求最多被挂起 30 秒，之后服务器返回空响应；往返时间为 100 毫秒。'
	},
	{
		en: 'Delays count half a round trip for the message to travel; polling adds the wait for the next poll.',
		'zh-CN': '延迟按消息传输所需的半个往返时间计算；轮询还要加上等待下一次轮询的时间。'
	}
];

const CRLF_LINES = (lines: readonly string[]) => lines.map((l) => l + '\r\n').join('') + '\r\n';
const BROWSER_HEADERS = [
	'Host: chat.example.com',
	'User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
	'Accept-Language: en-US,en;q=0.5',
	'Accept-Encoding: gzip, deflate, br',
	'Referer: https://chat.example.com/room/7',
	'Cookie: session=3q2-7wAAAAAAAAAAAAAAAA'
];
const DATE = 'Date: Mon, 03 Mar 2025 09:14:07 GMT';

/** The sample messages whose sizes the comparison uses, so a person can see what is counted. */
export const sampleMessages = {
	pollRequest: CRLF_LINES(['GET /messages?after=1041 HTTP/1.1', ...BROWSER_HEADERS, 'Accept: application/json']),
	pollResponse: (payloadBytes: number) =>
		CRLF_LINES(['HTTP/1.1 200 OK', DATE, 'Content-Type: application/json', `Content-Length: ${payloadBytes}`, 'Cache-Control: no-store']),
	emptyPollResponse: CRLF_LINES(['HTTP/1.1 204 No Content', DATE, 'Cache-Control: no-store']),
	sseRequest: CRLF_LINES(['GET /events HTTP/1.1', ...BROWSER_HEADERS, 'Accept: text/event-stream']),
	sseResponse: CRLF_LINES(['HTTP/1.1 200 OK', DATE, 'Content-Type: text/event-stream', 'Cache-Control: no-store', 'Transfer-Encoding: chunked']),
	webSocketRequest: upgradeRequest({
		host: 'chat.example.com',
		path: '/socket',
		key: 'dGhlIHNhbXBsZSBub25jZQ==',
		origin: 'https://chat.example.com'
	}).text,
	webSocketResponse: upgradeResponse({ accept: 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=' }).text
};

/** One SSE event (`data: …` and a blank line) inside one HTTP/1.1 chunk (hex size, CRLF, data, CRLF). */
export function sseEventBytes(payloadBytes: number): number {
	const event = 'data: '.length + payloadBytes + '\n\n'.length;
	return event.toString(16).length + 2 + event + 2;
}

export function compareTransports(input: TransportComparisonInput): TransportCost[] {
	const n = input.payloadBytes;
	const rate = input.messagesPerSecond;
	const pollMs = input.pollIntervalMs ?? 1000;
	const holdMs = input.longPollHoldMs ?? 30_000;
	const rtt = input.rttMs ?? 100;
	const count = input.messageCount ?? 100;
	const extra = input.extraHeaderBytes ?? 0;
	const request = sampleMessages.pollRequest.length + extra;
	const full = sampleMessages.pollResponse(n).length;
	const empty = sampleMessages.emptyPollResponse.length;

	// Short polling: a poll every interval; a poll finds something with probability 1 − e^(−λT) and carries λT
	// messages on average, so each message pays 1 / (λT) polls.
	const perPoll = (rate * pollMs) / 1000;
	const pFull = 1 - Math.exp(-perPoll);
	const pollBytes = request + pFull * full + (1 - pFull) * empty;
	// Long polling: one request per message, plus the empty answers when the hold time runs out first (geometric:
	// e^(−λH) / (1 − e^(−λH)) of them per message).
	const perHold = (rate * holdMs) / 1000;
	const emptyHolds = Math.exp(-perHold) / (1 - Math.exp(-perHold));
	const sseSetup = sampleMessages.sseRequest.length + extra + sampleMessages.sseResponse.length;
	const wsSetup = sampleMessages.webSocketRequest.length + extra + sampleMessages.webSocketResponse.length;
	const wsPerMessage = frameHeaderLength(n, false) + n;

	const cost = (
		technique: PushTechnique,
		name: LocalizedText,
		setupBytes: number,
		bytesPerMessage: number,
		requestsPerMessage: number,
		averageDelayMs: number,
		note: LocalizedText
	): TransportCost => ({
		technique,
		name,
		setupBytes,
		bytesPerMessage,
		overheadPerMessage: bytesPerMessage - n,
		requestsPerMessage,
		averageDelayMs,
		totalBytes: setupBytes + count * bytesPerMessage,
		note
	});
	return [
		cost(
			'short-polling',
			{ en: 'Short polling', 'zh-CN': '短轮询' },
			0,
			pollBytes / perPoll + n,
			1 / perPoll,
			pollMs / 2 + rtt / 2,
			{
				en: 'Most polls come back empty when messages are rare; shorter intervals cut the delay and multiply the requests.',
				'zh-CN': '消息稀少时大多数轮询都是空手而归；缩短间隔能降低延迟，但请求数成倍增加。'
			}
		),
		cost(
			'long-polling',
			{ en: 'Long polling', 'zh-CN': '长轮询' },
			0,
			(1 + emptyHolds) * request + full + emptyHolds * empty,
			1 + emptyHolds,
			rtt / 2,
			{
				en: 'The server answers as soon as it has something, then the client asks again: full headers for every message, and a message that arrives while the next request is on its way waits up to one more round trip.',
				'zh-CN': '服务器一有消息就响应，客户端随即再发请求：每条消息都要带完整的头部；若消息恰好在下一个请求途中到达，还要多等最多一个往返。'
			}
		),
		cost('server-sent-events', { en: 'Server-sent events (SSE)', 'zh-CN': '服务器发送事件（SSE）' }, sseSetup, sseEventBytes(n), 0, rtt / 2, {
			en: 'One long HTTP response streams events (text/event-stream); server to client only. EventSource reconnects by itself and resumes with Last-Event-ID.',
			'zh-CN': '一个持续的 HTTP 响应不断推送事件（text/event-stream），只能由服务器发往客户端。EventSource 会自动重连，并用 Last-Event-ID 续传。'
		}),
		cost('websocket', { en: 'WebSocket', 'zh-CN': 'WebSocket' }, wsSetup, wsPerMessage, 0, rtt / 2, {
			en: `After one HTTP Upgrade, each message is a frame with a ${frameHeaderLength(n, false)}-byte header (server to client; clients add a 4-byte masking key). Both sides can send at any time.`,
			'zh-CN': `经过一次 HTTP Upgrade 之后，每条消息就是一个帧，帧头 ${frameHeaderLength(n, false)} 字节（服务器到客户端；客户端发送时多 4 字节掩码键）。双方随时都可以发送。`
		})
	];
}
