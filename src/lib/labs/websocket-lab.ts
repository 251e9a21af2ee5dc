/**
 * The WebSocket lab's inputs and readings, around the engine in ./websocket: a Sec-WebSocket-Key, a masking key, a
 * message and a payload length checked as typed (a message per mistake, in both languages), the frames the page
 * shows for a message, the XOR of masking byte by byte, and the cost comparison's form and bars. Pure: no Svelte,
 * no browser globals.
 */
import { fromHex } from '$lib/bytes/encoding';
import { fail, ok, type Result } from '$lib/errors';
import type { LocalizedText } from '$lib/i18n/locales';
import { parseWhole } from './lb-lab';
import { describeFrame, describeFrameHeader, OPCODES, type DecodedFrame, type TransportComparisonInput, type TransportCost } from './websocket';

const fmt = (n: number) => n.toLocaleString('en-US').replace(/,/g, ' ');

// ---------------------------------------------------------------------------------------------------------------
// Sec-WebSocket-Key

export type KeyErrorCode = 'empty' | 'characters' | 'groups' | 'length' | 'unused-bits';

/**
 * A Sec-WebSocket-Key as a server must see it (RFC 6455 section 4.1): 16 bytes in standard base64, so 22
 * characters and `==`. The 22nd character carries 2 bits of data and 4 unused bits, which canonical base64 sets to 0.
 */
export function checkKey(text: string): Result<string, KeyErrorCode> {
	const key = text.trim();
	if (key === '')
		return fail('empty', { en: 'Type a key, or make a fresh one.', 'zh-CN': '请输入一个密钥，或生成一个新的。' });
	if (/[^A-Za-z0-9+/=]/.test(key))
		return fail('characters', {
			en: 'Base64 uses only A–Z, a–z, 0–9, + and /, with = as padding at the end.',
			'zh-CN': 'base64 只使用 A–Z、a–z、0–9、+ 和 /，末尾用 = 补齐。'
		});
	if (!/^[A-Za-z0-9+/]*={0,2}$/.test(key) || key.length % 4 !== 0)
		return fail('groups', {
			en: `Base64 comes in groups of 4 characters, with any = only at the end; this is ${key.length} characters.`,
			'zh-CN': `base64 以 4 个字符为一组，= 只能出现在末尾；这里有 ${key.length} 个字符。`
		});
	const bytes = (key.length / 4) * 3 - (key.length - key.replace(/=+$/, '').length);
	if (bytes !== 16)
		return fail('length', {
			en: `That is ${bytes} bytes; a Sec-WebSocket-Key is exactly 16 random bytes: 24 characters ending in ==.`,
			'zh-CN': `这是 ${bytes} 字节；Sec-WebSocket-Key 必须正好是 16 个随机字节：24 个字符，以 == 结尾。`
		});
	if (!/[AQgw]==$/.test(key))
		return fail('unused-bits', {
			en: 'The character before == carries 4 unused bits, which must be 0: it can only be A, Q, g or w.',
			'zh-CN': '== 前面那个字符带有 4 个未使用的位，必须为 0：它只能是 A、Q、g 或 w。'
		});
	return ok(key);
}

// ---------------------------------------------------------------------------------------------------------------
// Frames

export type FrameKind = 'text' | 'ping' | 'pong' | 'close';
export const FRAME_KINDS: readonly FrameKind[] = ['text', 'ping', 'pong', 'close'];

/** The longest message the page shows byte by byte; the length form below shows any size's header. */
export const MESSAGE_MAX_BYTES = 1024;
/** RFC 6455 section 5.5: a control frame's payload is at most 125 bytes. */
export const CONTROL_MAX_BYTES = 125;
/** The close status the lab's close frame carries: 1000, a normal closure. */
export const NORMAL_CLOSURE = 1000;
/** The XOR table shows this many payload bytes; the hex view has them all. */
export const XOR_ROWS = 16;

export function checkMaskingKey(text: string): Result<Uint8Array, 'masking-key'> {
	const clean = text.replace(/[\s:]/g, '').replace(/^0x/i, '');
	if (!/^[0-9a-f]{8}$/i.test(clean))
		return fail('masking-key', {
			en: 'Four bytes in hex: 8 digits 0–9 and a–f, e.g. 37 fa 21 3d.',
			'zh-CN': '4 个字节的十六进制：8 位 0–9 和 a–f，例如 37 fa 21 3d。'
		});
	return ok(fromHex(clean));
}

export type LengthForm = '7-bit' | '16-bit' | '64-bit';

/** How a payload of `n` bytes writes its length (RFC 6455 section 5.2: the shortest form that fits). */
export function lengthForm(n: number): LengthForm {
	return n <= 125 ? '7-bit' : n <= 0xffff ? '16-bit' : '64-bit';
}

export interface LabFrames {
	kind: FrameKind;
	/** The application data of both frames (for close: the status code and the reason). */
	payload: Uint8Array;
	client: DecodedFrame;
	server: DecodedFrame;
	xor: XorRow[];
}

export interface XorRow {
	index: number;
	/** The byte as the application wrote it. */
	plain: number;
	/** key[index mod 4]. */
	keyByte: number;
	/** The byte on the wire. */
	masked: number;
}

/** The first `limit` bytes of masking: each payload byte XOR key[i mod 4]. */
export function maskingRows(payload: Uint8Array, key: Uint8Array, limit = XOR_ROWS): XorRow[] {
	return Array.from(payload.subarray(0, limit), (plain, index) => ({ index, plain, keyByte: key[index % 4]!, masked: plain ^ key[index % 4]! }));
}

/** The frames a client and a server send for this message, or why they cannot be built. */
export function buildFrames(message: string, kind: FrameKind, maskingKey: Uint8Array): Result<LabFrames, 'too-long' | 'control-too-long'> {
	const data = new TextEncoder().encode(message);
	if (data.length > MESSAGE_MAX_BYTES)
		return fail('too-long', {
			en: `That is ${fmt(data.length)} bytes; the lab shows up to ${fmt(MESSAGE_MAX_BYTES)} byte by byte. For any bigger size, type the length in “The length field” below.`,
			'zh-CN': `这是 ${fmt(data.length)} 字节；本实验最多逐字节展示 ${fmt(MESSAGE_MAX_BYTES)} 字节。更大的长度请在下方“长度字段”中输入。`
		});
	const room = kind === 'close' ? CONTROL_MAX_BYTES - 2 : CONTROL_MAX_BYTES;
	if (kind !== 'text' && data.length > room)
		return fail('control-too-long', {
			en: `A ${kind} frame is a control frame: its payload is at most 125 bytes${kind === 'close' ? ' (2 for the status code, 123 for the reason)' : ''}, and this is ${fmt(data.length)}. Shorten the message or send it as text.`,
			'zh-CN': `${kind} 帧是控制帧：负载最多 125 字节${kind === 'close' ? '（2 字节状态码，原因最多 123 字节）' : ''}，而这里有 ${fmt(data.length)} 字节。请缩短消息，或作为文本帧发送。`
		});
	const payload = kind === 'close' ? Uint8Array.of(NORMAL_CLOSURE >> 8, NORMAL_CLOSURE & 0xff, ...data) : data;
	const frame = { fin: true, opcode: OPCODES[kind], payload };
	return ok({
		kind,
		payload,
		client: describeFrame({ ...frame, maskingKey }),
		server: describeFrame({ ...frame, maskingKey: null }),
		xor: maskingRows(payload, maskingKey)
	});
}

// ---------------------------------------------------------------------------------------------------------------
// The length field for any size

/** A payload length from 0 to 2^53 − 1, the largest a JavaScript number holds exactly (RFC 6455 allows 2^63 − 1). */
export function checkPayloadLength(text: string): Result<number, 'length'> {
	const trimmed = text.trim().replace(/[\s,_]/g, '');
	const n = /^\d{1,16}$/.test(trimmed) ? Number(trimmed) : NaN;
	if (!Number.isSafeInteger(n))
		return fail('length', {
			en: `Enter a whole number of bytes from 0 to ${fmt(Number.MAX_SAFE_INTEGER)}.`,
			'zh-CN': `请输入 0 到 ${fmt(Number.MAX_SAFE_INTEGER)} 之间的整数字节数。`
		});
	return ok(n);
}

/** The header of a text frame of `n` bytes from the server (unmasked) and from the client (masked). */
export function headersForLength(n: number, maskingKey: Uint8Array) {
	return {
		form: lengthForm(n),
		server: describeFrameHeader({ fin: true, opcode: OPCODES.text, maskingKey: null }, n),
		client: describeFrameHeader({ fin: true, opcode: OPCODES.text, maskingKey }, n)
	};
}

// ---------------------------------------------------------------------------------------------------------------
// Push techniques compared: the form and the bars

/** The form as typed: numbers stay text until checked. */
export interface ComparisonDraft {
	/** Messages per minute from the server. */
	rate: string;
	/** Bytes of application data per message. */
	size: string;
	/** Short polling's interval, ms. */
	interval: string;
	/** Header bytes added to every HTTP request. */
	headers: string;
}

export type ComparisonField = keyof ComparisonDraft;

export const COMPARISON_LIMITS = {
	rate: { min: 1, max: 6000 },
	size: { min: 1, max: 65_536 },
	interval: { min: 100, max: 600_000 },
	headers: { min: 0, max: 16_384 }
} as const satisfies Record<ComparisonField, { min: number; max: number }>;

export function defaultComparisonDraft(): ComparisonDraft {
	return { rate: '12', size: '100', interval: '1000', headers: '0' };
}

export type CheckedComparison = { ok: true; value: TransportComparisonInput } | { ok: false; errors: Partial<Record<ComparisonField, LocalizedText>> };

export function checkComparison(draft: ComparisonDraft): CheckedComparison {
	const errors: Partial<Record<ComparisonField, LocalizedText>> = {};
	const read = (field: ComparisonField) => {
		const { min, max } = COMPARISON_LIMITS[field];
		const n = parseWhole(draft[field], min, max);
		if (n === undefined)
			errors[field] = { en: `Enter a whole number from ${fmt(min)} to ${fmt(max)}.`, 'zh-CN': `请输入 ${fmt(min)} 到 ${fmt(max)} 之间的整数。` };
		return n ?? min;
	};
	const rate = read('rate');
	const size = read('size');
	const interval = read('interval');
	const headers = read('headers');
	if (Object.keys(errors).length) return { ok: false, errors };
	return { ok: true, value: { messagesPerSecond: rate / 60, payloadBytes: size, pollIntervalMs: interval, extraHeaderBytes: headers } };
}

export type Metric = 'bytes' | 'requests' | 'delay';
export const METRICS: readonly Metric[] = ['bytes', 'requests', 'delay'];

export function metricValue(cost: TransportCost, metric: Metric): number {
	return metric === 'bytes' ? cost.bytesPerMessage : metric === 'requests' ? cost.requestsPerMessage : cost.averageDelayMs;
}

/** A value as the chart and table print it: bytes and milliseconds whole, requests to two decimals. */
export function formatMetric(value: number, metric: Metric): string {
	if (metric === 'requests') return value.toFixed(2);
	return fmt(Math.round(value));
}
