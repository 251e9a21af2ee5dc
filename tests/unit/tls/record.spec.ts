import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '$lib/bytes/encoding';
import { ContentType, protectRecord, recordHeader, recordNonce, unprotectRecord, type RecordKeys } from '$lib/tls/record';
import * as rfc8448 from '$lib/tls/rfc8448';

const hex = (text: string) => toHex(fromHex(text));
const bytes = fromHex;
const { messages: m } = rfc8448;

const keysFor = (name: keyof typeof rfc8448.trafficKeys): RecordKeys => ({
	key: bytes(rfc8448.trafficKeys[name].key),
	iv: bytes(rfc8448.trafficKeys[name].iv)
});

/** What each RFC 8448 record carries: the real content type and the content, written out in the RFC. */
const contents: Record<keyof typeof rfc8448.records, { type: number; content: string }> = {
	serverHandshakeFlight: {
		type: ContentType.handshake,
		content: m.encryptedExtensions + m.certificate + m.certificateVerify + m.serverFinished
	},
	clientFinished: { type: ContentType.handshake, content: m.clientFinished },
	newSessionTicket: { type: ContentType.handshake, content: m.newSessionTicket },
	clientApplicationData: { type: ContentType.applicationData, content: rfc8448.applicationData },
	serverApplicationData: { type: ContentType.applicationData, content: rfc8448.applicationData },
	clientAlert: { type: ContentType.alert, content: rfc8448.closeNotify },
	serverAlert: { type: ContentType.alert, content: rfc8448.closeNotify }
};
const recordNames = Object.keys(rfc8448.records) as (keyof typeof rfc8448.records)[];

describe('record nonce and header', () => {
	const iv = bytes('5d313eb2671276ee13000b30');

	it('XORs the sequence number into the last 8 bytes of the IV', () => {
		expect(toHex(recordNonce(iv, 0))).toBe('5d313eb2671276ee13000b30');
		expect(toHex(recordNonce(iv, 1))).toBe('5d313eb2671276ee13000b31');
		expect(toHex(recordNonce(iv, 0x0102))).toBe('5d313eb2671276ee13000a32');
		expect(toHex(recordNonce(iv, 2n ** 64n - 1n))).toBe('5d313eb298ed8911ecfff4cf');
		expect(toHex(iv)).toBe('5d313eb2671276ee13000b30');
	});

	it('writes opaque_type 23, legacy version 0x0303 and the length', () => {
		expect(toHex(recordHeader(0x02a2))).toBe('17030302a2');
	});
});

describe('record protection against RFC 8448 section 3', () => {
	it('decrypts the server handshake flight into EncryptedExtensions..Finished', async () => {
		const flight = rfc8448.records.serverHandshakeFlight;
		const opened = await unprotectRecord(keysFor('serverHandshake'), 0, bytes(flight.record));
		expect(opened.ok).toBe(true);
		if (!opened.ok) return;
		expect(opened.value.contentType).toBe(ContentType.handshake);
		expect(opened.value.paddingLength).toBe(0);
		expect(toHex(opened.value.content)).toBe(
			hex(m.encryptedExtensions) + hex(m.certificate) + hex(m.certificateVerify) + hex(m.serverFinished)
		);
		expect(toHex(opened.value.header)).toBe('17030302a2');
		expect(toHex(opened.value.nonce)).toBe(hex(rfc8448.trafficKeys.serverHandshake.iv));
	});

	it('encrypts EncryptedExtensions..Finished back into the RFC record, byte for byte', async () => {
		const content = bytes(contents.serverHandshakeFlight.content);
		const sealed = await protectRecord(keysFor('serverHandshake'), 0, ContentType.handshake, content);
		expect(sealed.ok).toBe(true);
		if (!sealed.ok) return;
		expect(toHex(sealed.value.record)).toBe(hex(rfc8448.records.serverHandshakeFlight.record));
		expect(sealed.value.innerPlaintext).toHaveLength(content.length + 1);
		expect(sealed.value.encryptedRecord).toHaveLength(content.length + 1 + 16);
	});

	it.each(recordNames)('opens and re-seals the %s record', async (name) => {
		const { keys, sequenceNumber, record } = rfc8448.records[name];
		const expected = contents[name];
		const opened = await unprotectRecord(keysFor(keys), sequenceNumber, bytes(record));
		expect(opened.ok && [opened.value.contentType, toHex(opened.value.content)]).toEqual([
			expected.type,
			hex(expected.content)
		]);
		const sealed = await protectRecord(keysFor(keys), BigInt(sequenceNumber), expected.type, bytes(expected.content));
		expect(sealed.ok && toHex(sealed.value.record)).toBe(hex(record));
	});

	it('fails with bad-tag, never a throw, when any byte is flipped', async () => {
		const record = bytes(rfc8448.records.clientFinished.record);
		for (const at of [5, 20, record.length - 1, 2]) {
			const altered = record.slice();
			altered[at]! ^= 0x01;
			const opened = await unprotectRecord(keysFor('clientHandshake'), 0, altered);
			expect(opened.ok ? 'opened' : opened.error.code, `byte ${at}`).toBe('bad-tag');
			if (!opened.ok) expect(opened.error.message['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
		}
	});

	it('fails with bad-tag under the wrong sequence number or the other direction’s keys', async () => {
		const record = bytes(rfc8448.records.serverApplicationData.record);
		const wrongSequence = await unprotectRecord(keysFor('serverApplication'), 0, record);
		const wrongKeys = await unprotectRecord(keysFor('clientApplication'), 1, record);
		expect(wrongSequence.ok || wrongSequence.error.code).toBe('bad-tag');
		expect(wrongKeys.ok || wrongKeys.error.code).toBe('bad-tag');
	});
});

describe('record protection: padding and malformed input', () => {
	const keys = keysFor('clientApplication');
	const content = bytes(rfc8448.closeNotify);

	it('pads with zeros and strips them again', async () => {
		const sealed = await protectRecord(keys, 7, ContentType.alert, content, { paddingLength: 10 });
		expect(sealed.ok).toBe(true);
		if (!sealed.ok) return;
		expect(toHex(sealed.value.innerPlaintext)).toBe('010015' + '00'.repeat(10));
		expect(toHex(sealed.value.header)).toBe('170303001d');
		const opened = await unprotectRecord(keys, 7, sealed.value.record);
		expect(opened.ok && [opened.value.contentType, toHex(opened.value.content), opened.value.paddingLength]).toEqual([
			ContentType.alert,
			'0100',
			10
		]);
	});

	it('reports an all-zero plaintext as having no content type', async () => {
		// Sealed by hand, because protectRecord will not write content type 0.
		const header = recordHeader(4 + 16);
		const key = await crypto.subtle.importKey('raw', new Uint8Array(keys.key), 'AES-GCM', false, ['encrypt']);
		const sealed = await crypto.subtle.encrypt(
			{ name: 'AES-GCM', iv: new Uint8Array(recordNonce(keys.iv, 0)), additionalData: new Uint8Array(header) },
			key,
			new Uint8Array(4)
		);
		const opened = await unprotectRecord(keys, 0, new Uint8Array([...header, ...new Uint8Array(sealed)]));
		expect(opened.ok || opened.error.code).toBe('no-content-type');
	});

	it.each([
		['a record shorter than its header', '170303', 'record-truncated'],
		['a record shorter than its length field says', '1703030035' + '00'.repeat(20), 'record-truncated'],
		['trailing bytes after the record', rfc8448.records.clientAlert.record + '00', 'record-truncated'],
		['no room for a tag', '1703030004' + '00'.repeat(4), 'record-truncated'],
		['a plaintext handshake record', '160303000401000000', 'not-protected'],
		['a length over 2^14 + 256', '1703034101' + '00'.repeat(0x4101), 'record-too-long']
	])('refuses %s', async (_, record, code) => {
		const opened = await unprotectRecord(keys, 0, bytes(record));
		expect(opened.ok || opened.error.code).toBe(code);
	});

	it('refuses bad keys, sequence numbers, content types and oversized content', async () => {
		const code = async (result: Promise<{ ok: true } | { ok: false; error: { code: string } }>) => {
			const r = await result;
			return r.ok || r.error.code;
		};
		expect(await code(protectRecord({ key: new Uint8Array(20), iv: keys.iv }, 0, 23, content))).toBe('bad-key');
		expect(await code(protectRecord({ key: keys.key, iv: new Uint8Array(8) }, 0, 23, content))).toBe('bad-key');
		expect(await code(protectRecord(keys, -1, 23, content))).toBe('bad-sequence-number');
		expect(await code(protectRecord(keys, 2n ** 64n, 23, content))).toBe('bad-sequence-number');
		expect(await code(protectRecord(keys, 0.5, 23, content))).toBe('bad-sequence-number');
		expect(await code(protectRecord(keys, 0, 0, content))).toBe('bad-content-type');
		expect(await code(protectRecord(keys, 0, 23, new Uint8Array(2 ** 14 + 1)))).toBe('record-too-long');
		expect(await code(protectRecord(keys, 0, 23, new Uint8Array(2 ** 14), { paddingLength: 1 }))).toBe('record-too-long');
		expect(await code(protectRecord(keys, 0, 23, new Uint8Array(2 ** 14)))).toBe(true);
		expect(await code(unprotectRecord({ key: keys.key, iv: new Uint8Array(0) }, 0, bytes(rfc8448.records.clientAlert.record)))).toBe(
			'bad-key'
		);
	});
});

describe('record protection with AES-256-GCM', () => {
	// Not RFC 8448: the first wrapped record of https://tls13.xargs.org (TLS_AES_256_GCM_SHA384), which
	// carries EncryptedExtensions under the server handshake key and IV derived in keyschedule.spec.ts.
	const keys = {
		key: bytes('9f13575ce3f8cfc1df64a77ceaffe89700b492ad31b4fab01c4792be1b266b7f'),
		iv: bytes('9563bc8b590f671f488d2da3')
	};
	const record = '17030300176be02f9da7c2dc9ddef56f2468b90adfa25101ab0344ae';

	it('opens and re-seals the wrapped EncryptedExtensions', async () => {
		const opened = await unprotectRecord(keys, 0, bytes(record));
		expect(opened.ok && [opened.value.contentType, toHex(opened.value.innerPlaintext)]).toEqual([22, '08000002000016']);
		const sealed = await protectRecord(keys, 0, ContentType.handshake, bytes('080000020000'));
		expect(sealed.ok && toHex(sealed.value.record)).toBe(record);
	});
});
