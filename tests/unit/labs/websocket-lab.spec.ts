import { describe, expect, it } from 'vitest';
import { checkAnnotations, findField } from '$lib/bytes/annotated';
import { fromHex, toHex } from '$lib/bytes/encoding';
import {
	buildFrames,
	checkComparison,
	checkKey,
	checkMaskingKey,
	checkPayloadLength,
	defaultComparisonDraft,
	formatMetric,
	headersForLength,
	lengthForm,
	maskingRows,
	MESSAGE_MAX_BYTES,
	metricValue
} from '$lib/labs/websocket-lab';
import { acceptSteps, compareTransports, describeFrameHeader, OPCODES } from '$lib/labs/websocket';
import { RFC6455_ACCEPT, RFC6455_FRAMES, RFC6455_KEY } from '$lib/learn/cards/websocket';

const MASK = fromHex('37fa213d');
const spaced = (hex: string) => hex.replace(/ /g, '');
const codeOf = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);

describe('Sec-WebSocket-Accept, step by step', () => {
	it('hashes key + GUID to RFC 6455 section 1.3’s digest and accept value', async () => {
		const steps = await acceptSteps(RFC6455_KEY);
		expect(steps.hashed).toBe('dGhlIHNhbXBsZSBub25jZQ==258EAFA5-E914-47DA-95CA-C5AB0DC85B11');
		// RFC 6455 section 1.3 prints the SHA-1 of that string byte by byte.
		expect(toHex(steps.digest, ' ')).toBe('b3 7a 4f 2c c0 62 4f 16 90 f6 46 06 cf 38 59 45 b2 be c4 ea');
		expect(steps.accept).toBe(RFC6455_ACCEPT);
	});
});

describe('checking a Sec-WebSocket-Key as typed', () => {
	it('takes 16 bytes of canonical base64, trimmed', () => {
		expect(checkKey(` ${RFC6455_KEY} `)).toEqual({ ok: true, value: RFC6455_KEY });
		expect(codeOf(checkKey('AAAAAAAAAAAAAAAAAAAAAw=='))).toBe('ok');
	});

	it('says what is wrong with anything else', () => {
		expect(codeOf(checkKey('   '))).toBe('empty');
		expect(codeOf(checkKey('dGhlIHNhbXBsZSBub25jZQ-_'))).toBe('characters');
		expect(codeOf(checkKey('dGhl IHNh'))).toBe('characters');
		expect(codeOf(checkKey('dGhlIHNhbXBsZSBub25jZQ='))).toBe('groups');
		expect(codeOf(checkKey('dGhl=IHNhbXBsZSBub25jZQ='))).toBe('groups');
		const short = checkKey('dGhlIHNhbXBsZQ==');
		expect(codeOf(short)).toBe('length');
		expect(short.ok ? '' : short.error.message.en).toContain('That is 10 bytes');
		expect(codeOf(checkKey('dGhlIHNhbXBsZSBub25jZQxx'))).toBe('length');
		// 'R' leaves a 1 in the 4 unused bits of the last character.
		expect(codeOf(checkKey('dGhlIHNhbXBsZSBub25jZR=='))).toBe('unused-bits');
		for (const bad of ['', 'x', 'dGhlIHNhbXBsZQ==', 'dGhlIHNhbXBsZSBub25jZR==']) {
			const checked = checkKey(bad);
			expect(checked.ok ? '' : checked.error.message['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
		}
	});
});

describe('frames for a typed message', () => {
	const built = (message: string, kind: 'text' | 'ping' | 'pong' | 'close') => {
		const r = buildFrames(message, kind, MASK);
		if (!r.ok) throw new Error(r.error.message.en);
		return { client: toHex(r.value.client.annotated.bytes), server: toHex(r.value.server.annotated.bytes), value: r.value };
	};

	it('gives RFC 6455 section 5.7’s bytes for “Hello”', () => {
		expect(built('Hello', 'text').client).toBe(spaced(RFC6455_FRAMES.maskedHello));
		expect(built('Hello', 'text').server).toBe(spaced(RFC6455_FRAMES.hello));
		expect(built('Hello', 'ping').server).toBe(spaced(RFC6455_FRAMES.ping));
		expect(built('Hello', 'pong').client).toBe(spaced(RFC6455_FRAMES.maskedPong));
	});

	it('writes a close frame as status 1000 and the reason', () => {
		const { server, value } = built('bye', 'close');
		expect(server).toBe('880503e8' + '627965');
		expect(findField(value.server.annotated, 'payload.closeCode')?.value).toBe('1000');
		expect(built('', 'close').server).toBe('880203e8');
	});

	it('counts UTF-8 bytes and switches to the 16-bit length over 125', () => {
		expect(built('é', 'text').server).toBe('8102c3a9');
		const { server, value } = built('x'.repeat(126), 'text');
		expect(server.slice(0, 8)).toBe('817e007e');
		expect(checkAnnotations(value.client.annotated)).toEqual([]);
		expect(findField(value.client.annotated, 'header.maskingKey')).toMatchObject({ offset: 4, length: 4 });
	});

	it('refuses what a frame here cannot carry, saying why', () => {
		expect(codeOf(buildFrames('x'.repeat(MESSAGE_MAX_BYTES), 'text', MASK))).toBe('ok');
		expect(codeOf(buildFrames('x'.repeat(MESSAGE_MAX_BYTES + 1), 'text', MASK))).toBe('too-long');
		expect(codeOf(buildFrames('x'.repeat(125), 'ping', MASK))).toBe('ok');
		expect(codeOf(buildFrames('x'.repeat(126), 'pong', MASK))).toBe('control-too-long');
		expect(codeOf(buildFrames('x'.repeat(123), 'close', MASK))).toBe('ok');
		const close = buildFrames('x'.repeat(124), 'close', MASK);
		expect(codeOf(close)).toBe('control-too-long');
		expect(close.ok ? '' : close.error.message.en).toContain('123 for the reason');
	});

	it('lists the XOR of masking byte by byte', () => {
		const rows = maskingRows(new TextEncoder().encode('Hello'), MASK);
		expect(rows.map((r) => [r.plain, r.keyByte, r.masked])).toEqual([
			[0x48, 0x37, 0x7f],
			[0x65, 0xfa, 0x9f],
			[0x6c, 0x21, 0x4d],
			[0x6c, 0x3d, 0x51],
			[0x6f, 0x37, 0x58]
		]);
		expect(maskingRows(new Uint8Array(100), MASK)).toHaveLength(16);
	});

	it('reads a masking key as 8 hex digits, spaced or not', () => {
		expect(toHex((checkMaskingKey('37 fa 21 3d') as { value: Uint8Array }).value)).toBe('37fa213d');
		expect(toHex((checkMaskingKey('0x37FA213D') as { value: Uint8Array }).value)).toBe('37fa213d');
		for (const bad of ['', '37fa21', '37fa213d00', 'zzfa213d']) expect(codeOf(checkMaskingKey(bad))).toBe('masking-key');
	});
});

describe('the length field for any size', () => {
	const header = (n: number, key: Uint8Array | null = null) => toHex(describeFrameHeader({ fin: true, opcode: OPCODES.text, maskingKey: key }, n).bytes);

	it('writes the shortest form: 7 bits, 126 + 16 bits, 127 + 64 bits', () => {
		expect(header(0)).toBe('8100');
		expect(header(125)).toBe('817d');
		expect(header(126)).toBe('817e007e');
		expect(header(65_535)).toBe('817effff');
		expect(header(65_536)).toBe('817f0000000000010000');
		expect(header(2 ** 32 + 5)).toBe('817f0000000100000005');
		expect(header(Number.MAX_SAFE_INTEGER)).toBe('817f001fffffffffffff');
		expect(header(125, MASK)).toBe('81fd37fa213d');
		expect(header(70_000, MASK)).toBe('81ff000000000001117037fa213d');
		expect([125, 126, 65_535, 65_536].map(lengthForm)).toEqual(['7-bit', '16-bit', '16-bit', '64-bit']);
	});

	it('annotates the header alone, as the full frame would be', () => {
		const { server, client, form } = headersForLength(70_000, MASK);
		expect(form).toBe('64-bit');
		for (const h of [server, client]) expect(checkAnnotations(h)).toEqual([]);
		expect(findField(server, 'header.extendedLength')).toMatchObject({ offset: 2, length: 8, value: '70000' });
		expect(findField(client, 'header.maskingKey')).toMatchObject({ offset: 10, length: 4, value: '0x37fa213d' });
		expect(findField(server, 'header.length7')?.value).toBe('127 (64-bit length follows)');
	});

	it('takes whole numbers from 0 to 2^53 − 1', () => {
		expect(checkPayloadLength(' 70 000 ')).toEqual({ ok: true, value: 70_000 });
		expect(checkPayloadLength('9007199254740991')).toEqual({ ok: true, value: Number.MAX_SAFE_INTEGER });
		for (const bad of ['', '-1', '1.5', '1e6', '9007199254740992', 'abc']) expect(codeOf(checkPayloadLength(bad))).toBe('length');
	});
});

describe('the comparison form', () => {
	it('turns messages a minute into the engine’s inputs', () => {
		const checked = checkComparison(defaultComparisonDraft());
		expect(checked).toEqual({ ok: true, value: { messagesPerSecond: 0.2, payloadBytes: 100, pollIntervalMs: 1000, extraHeaderBytes: 0 } });
	});

	it('marks every wrong field at once', () => {
		const checked = checkComparison({ rate: '0', size: '12.5', interval: '50', headers: '' });
		expect(checked.ok).toBe(false);
		if (checked.ok) return;
		expect(Object.keys(checked.errors).sort()).toEqual(['headers', 'interval', 'rate', 'size']);
		expect(checked.errors.interval?.en).toBe('Enter a whole number from 100 to 600 000.');
	});

	it('adds extra header bytes to every request, and only to requests', () => {
		const base = { payloadBytes: 100, messagesPerSecond: 0.2, pollIntervalMs: 1000 };
		const plain = compareTransports(base);
		const fat = compareTransports({ ...base, extraHeaderBytes: 1000 });
		const by = (list: typeof plain, id: string) => list.find((c) => c.technique === id)!;
		// One poll per second at 0.2 messages a second: 5 requests per message.
		expect(by(fat, 'short-polling').bytesPerMessage - by(plain, 'short-polling').bytesPerMessage).toBeCloseTo(5000);
		expect(by(fat, 'long-polling').bytesPerMessage - by(plain, 'long-polling').bytesPerMessage).toBeCloseTo(1000 * by(plain, 'long-polling').requestsPerMessage);
		for (const id of ['server-sent-events', 'websocket']) {
			expect(by(fat, id).bytesPerMessage).toBe(by(plain, id).bytesPerMessage);
			expect(by(fat, id).setupBytes - by(plain, id).setupBytes).toBe(1000);
		}
	});

	it('reads and prints each measure', () => {
		const [short] = compareTransports({ payloadBytes: 100, messagesPerSecond: 0.2, pollIntervalMs: 1000 });
		expect(metricValue(short!, 'requests')).toBeCloseTo(5);
		expect(metricValue(short!, 'delay')).toBe(550);
		expect(formatMetric(5, 'requests')).toBe('5.00');
		expect(formatMetric(1234.6, 'bytes')).toBe('1 235');
	});
});
