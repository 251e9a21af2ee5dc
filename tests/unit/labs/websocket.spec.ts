import { describe, expect, it } from 'vitest';
import { checkAnnotations, findField } from '$lib/bytes/annotated';
import { fromHex, toHex } from '$lib/bytes/encoding';
import { createRandom } from '$lib/labs/random';
import {
	compareTransports,
	decodeFrame,
	describeFrame,
	encodeFrame,
	frameHeaderLength,
	openingHandshake,
	OPCODES,
	secWebSocketAccept,
	sseEventBytes,
	textFrame,
	toBase64,
	webSocketKey
} from '$lib/labs/websocket';

const MASK = fromHex('37fa213d');
const hello = new TextEncoder().encode('Hello');

describe('opening handshake', () => {
	it('computes the RFC 6455 section 1.3 example', async () => {
		expect(await secWebSocketAccept('dGhlIHNhbXBsZSBub25jZQ==')).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
	});

	it('uses the subtle it is given', async () => {
		const calls: string[] = [];
		const subtle = {
			digest: async (algorithm: string, data: BufferSource) => {
				calls.push(algorithm);
				return globalThis.crypto.subtle.digest(algorithm, data);
			}
		} as unknown as SubtleCrypto;
		expect(await secWebSocketAccept('dGhlIHNhbXBsZSBub25jZQ==', subtle)).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
		expect(calls).toEqual(['SHA-1']);
	});

	it('writes the upgrade request and the 101 response', async () => {
		const { request, response } = await openingHandshake({
			host: 'server.example.com',
			path: '/chat',
			key: 'dGhlIHNhbXBsZSBub25jZQ==',
			origin: 'http://example.com',
			protocols: ['chat', 'superchat'],
			protocol: 'chat'
		});
		expect(request.text).toBe(
			'GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
				'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: http://example.com\r\n' +
				'Sec-WebSocket-Protocol: chat, superchat\r\nSec-WebSocket-Version: 13\r\n\r\n'
		);
		expect(response.text).toBe(
			'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
				'Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: chat\r\n\r\n'
		);
		for (const line of [...request.lines, ...response.lines]) expect(line.explanation['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
	});

	it('makes 16-byte keys from the seeded generator', () => {
		const key = webSocketKey(createRandom(9));
		expect(key).toMatch(/^[A-Za-z0-9+/]{22}==$/);
		expect(webSocketKey(createRandom(9))).toBe(key);
	});

	it('encodes standard base64 (RFC 4648 section 10 vectors)', () => {
		const b = (s: string) => toBase64(new TextEncoder().encode(s));
		expect(['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar'].map(b)).toEqual(['', 'Zg==', 'Zm8=', 'Zm9v', 'Zm9vYg==', 'Zm9vYmE=', 'Zm9vYmFy']);
		expect(toBase64(Uint8Array.of(0xfb, 0xff))).toBe('+/8=');
	});
});

describe('frames: RFC 6455 section 5.7 examples', () => {
	it('a single-frame unmasked text message', () => {
		expect(toHex(encodeFrame(textFrame('Hello')))).toBe('810548656c6c6f');
	});

	it('a single-frame masked text message', () => {
		expect(toHex(encodeFrame(textFrame('Hello', { maskingKey: MASK })))).toBe('818537fa213d7f9f4d5158');
	});

	it('a fragmented unmasked text message', () => {
		expect(toHex(encodeFrame(textFrame('Hel', { fin: false })))).toBe('010348656c');
		expect(toHex(encodeFrame({ fin: true, opcode: OPCODES.continuation, maskingKey: null, payload: new TextEncoder().encode('lo') }))).toBe('80026c6f');
	});

	it('an unmasked ping and a masked pong', () => {
		expect(toHex(encodeFrame({ fin: true, opcode: OPCODES.ping, maskingKey: null, payload: hello }))).toBe('890548656c6c6f');
		expect(toHex(encodeFrame({ fin: true, opcode: OPCODES.pong, maskingKey: MASK, payload: hello }))).toBe('8a8537fa213d7f9f4d5158');
	});

	it('256 bytes and 64 KiB of binary data in one unmasked frame', () => {
		const small = encodeFrame({ fin: true, opcode: OPCODES.binary, maskingKey: null, payload: new Uint8Array(256) });
		expect(toHex(small.subarray(0, 4))).toBe('827e0100');
		expect(small.length).toBe(4 + 256);
		const large = encodeFrame({ fin: true, opcode: OPCODES.binary, maskingKey: null, payload: new Uint8Array(65_536) });
		expect(toHex(large.subarray(0, 10))).toBe('827f0000000000010000');
		expect(large.length).toBe(10 + 65_536);
	});
});

describe('frame decoding and annotations', () => {
	it('unmasks and annotates the masked Hello', () => {
		const decoded = decodeFrame(fromHex('818537fa213d7f9f4d5158'), { sender: 'client' });
		expect(decoded.ok).toBe(true);
		if (!decoded.ok) return;
		const { frame, annotated, frameLength, violations } = decoded.value;
		expect(new TextDecoder().decode(frame.payload)).toBe('Hello');
		expect(frame.fin).toBe(true);
		expect(toHex(frame.maskingKey!)).toBe('37fa213d');
		expect(frameLength).toBe(11);
		expect(violations).toEqual([]);
		expect(checkAnnotations(annotated)).toEqual([]);
		expect(findField(annotated, 'header.fin')).toMatchObject({ offset: 0, bits: { from: 0, count: 1 }, value: '1' });
		expect(findField(annotated, 'header.opcode')).toMatchObject({ offset: 0, bits: { from: 4, count: 4 }, value: '0x1 (text)' });
		expect(findField(annotated, 'header.mask')).toMatchObject({ offset: 1, bits: { from: 0, count: 1 }, value: '1' });
		expect(findField(annotated, 'header.length7')).toMatchObject({ offset: 1, bits: { from: 1, count: 7 }, value: '5' });
		expect(findField(annotated, 'header.maskingKey')).toMatchObject({ offset: 2, length: 4, value: '0x37fa213d' });
		const payload = findField(annotated, 'payload.data')!;
		expect(payload).toMatchObject({ offset: 6, length: 5, value: '“Hello”' });
		// 0x7f XOR 0x37 = 0x48 ('H')
		expect(payload.explanation.en).toContain('0x7f XOR 0x37 = 0x48');
		for (const s of annotated.sections) for (const f of s.fields) expect(f.explanation['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
	});

	it('annotates the 16-bit and 64-bit length forms', () => {
		for (const [size, extended] of [
			[256, 2],
			[65_536, 8]
		] as const) {
			const d = describeFrame({ fin: true, opcode: OPCODES.binary, maskingKey: null, payload: new Uint8Array(size) });
			expect(checkAnnotations(d.annotated)).toEqual([]);
			expect(findField(d.annotated, 'header.extendedLength')).toMatchObject({ offset: 2, length: extended, value: String(size) });
			expect(d.frame.payload.length).toBe(size);
		}
	});

	it('reads a close frame’s status code and reason', () => {
		const payload = Uint8Array.of(0x03, 0xe8, ...new TextEncoder().encode('bye'));
		const d = describeFrame({ fin: true, opcode: OPCODES.close, maskingKey: null, payload });
		expect(findField(d.annotated, 'payload.closeCode')?.value).toBe('1000');
		expect(findField(d.annotated, 'payload.closeReason')?.value).toBe('“bye”');
	});

	it('reports broken frames as values', () => {
		const cut = decodeFrame(fromHex('818537fa213d7f9f'));
		expect(cut.ok ? null : cut.error.code).toBe('truncated');
		const tooLarge = decodeFrame(fromHex('827f8000000000000000'));
		expect(tooLarge.ok ? null : tooLarge.error.code).toBe('length-too-large');
		const codes = (hex: string, sender?: 'client' | 'server') => {
			const d = decodeFrame(fromHex(hex), { sender });
			return d.ok ? d.value.violations.map((v) => v.code) : [d.error.code];
		};
		expect(codes('817e000548656c6c6f')).toEqual(['non-minimal-length']);
		expect(codes('810548656c6c6f', 'client')).toEqual(['client-frame-unmasked']);
		expect(codes('818537fa213d7f9f4d5158', 'server')).toEqual(['server-frame-masked']);
		expect(codes('0900')).toEqual(['control-fragmented']);
		expect(codes('c30100')).toEqual(['reserved-bits', 'reserved-opcode']);
	});

	it('decodes one frame from the front of a stream', () => {
		const d = decodeFrame(fromHex('010348656c80026c6f'));
		expect(d.ok && d.value.frameLength).toBe(5);
	});
});

describe('push techniques compared', () => {
	const costs = compareTransports({ payloadBytes: 100, messagesPerSecond: 0.2, pollIntervalMs: 1000, rttMs: 100 });
	const by = (id: string) => costs.find((c) => c.technique === id)!;

	it('charges WebSocket a 2-byte frame header and SSE its event and chunk framing', () => {
		expect(by('websocket').bytesPerMessage).toBe(102);
		expect(frameHeaderLength(100, true)).toBe(6);
		expect(frameHeaderLength(126, false)).toBe(4);
		expect(frameHeaderLength(70_000, false)).toBe(10);
		// "data: " + 100 + "\n\n" = 108 = 0x6c: "6c\r\n" + 108 + "\r\n"
		expect(sseEventBytes(100)).toBe(2 + 2 + 108 + 2);
		expect(by('server-sent-events').bytesPerMessage).toBe(114);
		expect(by('websocket').setupBytes).toBeGreaterThan(200);
	});

	it('makes polling pay in requests and bytes, and short polling in delay too', () => {
		expect(by('short-polling').requestsPerMessage).toBeCloseTo(5);
		expect(by('long-polling').requestsPerMessage).toBeCloseTo(1 + Math.exp(-6) / (1 - Math.exp(-6)));
		expect(by('websocket').requestsPerMessage).toBe(0);
		const order = [...costs].sort((a, b) => a.bytesPerMessage - b.bytesPerMessage).map((c) => c.technique);
		expect(order).toEqual(['websocket', 'server-sent-events', 'long-polling', 'short-polling']);
		expect(by('short-polling').averageDelayMs).toBe(550);
		expect(by('websocket').averageDelayMs).toBe(50);
		for (const c of costs) expect(c.totalBytes).toBeCloseTo(c.setupBytes + 100 * c.bytesPerMessage);
	});
});
