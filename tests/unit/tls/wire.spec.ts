import { describe, expect, it } from 'vitest';
import { checkAnnotations, findField, type AnnotatedBytes, type ByteField } from '$lib/bytes/annotated';
import { fromHex, toHex } from '$lib/bytes/encoding';
import type { Extension } from '$lib/tls/extensions';
import {
	buildHandshake,
	buildRecord,
	helloRetryRequestRandom,
	isHelloRetryRequest,
	newClientHello,
	parseHandshake,
	parseHandshakeMessages,
	parseRecord,
	parseRecords,
	type HandshakeMessage,
	type ServerHello
} from '$lib/tls/handshake';
import { ContentType, unprotectRecord } from '$lib/tls/record';
import * as rfc8448 from '$lib/tls/rfc8448';
import {
	AnnotatedWriter,
	cipherSuiteNames,
	isGrease,
	namedGroupNames,
	readWire,
	showCode,
	showNumber,
	signatureSchemeNames,
	text,
	type FieldText
} from '$lib/tls/wire';

const about: FieldText = { label: text('things', '东西'), explanation: text('Some things.', '一些东西。') };
const hex = (t: string) => toHex(fromHex(t));
const m = rfc8448.messages;
const messageNames = Object.keys(m) as (keyof typeof m)[];

/**
 * Every byte is explained exactly once at the top: the sections tile the bytes, and inside each section the
 * outermost fields tile the section (a field inside another, or on the same bytes as an earlier one, is nested).
 */
function coverageProblems(data: AnnotatedBytes): string[] {
	const problems: string[] = [];
	let at = 0;
	for (const s of data.sections) {
		if (s.offset !== at) problems.push(`section ${s.id} starts at ${s.offset}, expected ${at}`);
		at = s.offset + s.length;
		const contains = (outer: ByteField, inner: ByteField) => outer.offset <= inner.offset && outer.offset + outer.length >= inner.offset + inner.length;
		const top = s.fields.filter(
			(f, i) => !s.fields.some((g, j) => j !== i && contains(g, f) && (g.length > f.length || j < i))
		);
		let fieldAt = s.offset;
		for (const f of [...top].sort((a, b) => a.offset - b.offset)) {
			if (f.offset !== fieldAt) problems.push(`field ${f.id} starts at ${f.offset}, expected ${fieldAt}`);
			fieldAt = f.offset + f.length;
		}
		if (fieldAt !== s.offset + s.length) problems.push(`section ${s.id}: fields end at ${fieldAt}, section at ${s.offset + s.length}`);
	}
	if (at !== data.bytes.length) problems.push(`sections end at ${at} of ${data.bytes.length} bytes`);
	return problems;
}

function expectSoundAnnotations(data: AnnotatedBytes): void {
	expect(checkAnnotations(data)).toEqual([]);
	expect(coverageProblems(data)).toEqual([]);
	for (const s of data.sections)
		for (const f of s.fields) {
			expect(f.label['zh-CN'], f.id).not.toBe('');
			expect(f.explanation.en, f.id).not.toBe('');
			expect(f.explanation['zh-CN'], f.id).toMatch(/[\u4e00-\u9fff]/);
		}
}

function parsed(name: keyof typeof m) {
	const result = parseHandshake(fromHex(m[name]));
	if (!result.ok) throw new Error(`${name}: ${result.error.message.en}`);
	return result.value;
}

function extension<K extends Extension['kind']>(extensions: Extension[], kind: K): Extract<Extension, { kind: K }> {
	const found = extensions.find((e) => e.kind === kind);
	if (!found) throw new Error(`no ${kind} extension`);
	return found as Extract<Extension, { kind: K }>;
}

function field(data: AnnotatedBytes, id: string): ByteField {
	const f = findField(data, id);
	if (!f) throw new Error(`no field ${id}`);
	return f;
}

describe('AnnotatedWriter', () => {
	it('back-patches a vector’s length and annotates the length, the vector and its items', () => {
		const w = new AnnotatedWriter();
		w.section('msg', text('Message', '消息'));
		w.u8('kind', 1, about);
		w.vector16('list', about, () => {
			w.u16('0', 0x1301, about, 'first');
			w.vector8('inner', about, () => w.u24('n', 0x010203, about));
		});
		const out = w.finish();
		expect(toHex(out.bytes)).toBe('01' + '0006' + '1301' + '03' + '010203');
		expect(field(out, 'msg.list.length')).toMatchObject({ offset: 1, length: 2, value: '6 bytes' });
		expect(field(out, 'msg.list.length').label).toEqual({ en: 'Length of things', 'zh-CN': '东西的长度' });
		expect(field(out, 'msg.list.length').explanation.en).toContain('6 bytes of things follow');
		expect(field(out, 'msg.list')).toMatchObject({ offset: 1, length: 8 });
		expect(field(out, 'msg.list.0')).toMatchObject({ offset: 3, length: 2, value: 'first' });
		expect(field(out, 'msg.list.inner.length')).toMatchObject({ offset: 5, length: 1, value: '3 bytes' });
		expect(field(out, 'msg.list.inner.n').value).toBe(String(0x010203));
		// The container comes before its children, so a list reads from the outside in.
		expect(out.sections[0]!.fields.map((f) => f.id).slice(0, 3)).toEqual(['msg.kind', 'msg.list', 'msg.list.length']);
		expectSoundAnnotations(out);
	});

	it('leaves out a vector’s own field when sections open inside it, keeping its length', () => {
		const w = new AnnotatedWriter();
		w.section('a', text('A', '甲'));
		w.vector24('body', about, () => {
			w.section('b', text('B', '乙'));
			w.u32('n', 0xfffffffe, about);
		});
		const out = w.finish();
		expect(toHex(out.bytes)).toBe('000004fffffffe');
		expect(out.sections.map((s) => [s.id, s.offset, s.length])).toEqual([
			['a', 0, 3],
			['b', 3, 4]
		]);
		expect(findField(out, 'a.body')).toBeUndefined();
		expect(field(out, 'a.body.length').value).toBe('4 bytes');
		expectSoundAnnotations(out);
	});

	it('refuses values that do not fit, as programming mistakes', () => {
		const w = new AnnotatedWriter();
		w.section('s', about.label);
		expect(() => w.u8('x', 256, about)).toThrow(RangeError);
		expect(() => w.u16('x', -1, about)).toThrow(RangeError);
		expect(() => w.vector8('x', about, () => w.bytes('b', new Uint8Array(256), about))).toThrow(RangeError);
		expect(() => new AnnotatedWriter().u8('x', 1, about)).toThrow();
	});
});

describe('WireReader', () => {
	it('turns a length past the end, leftovers and short data into error values', () => {
		const read = (hexText: string) => readWire(fromHex(hexText), (r) => r.opaque(2, about.label), about.label);
		expect(read('0002abcd')).toMatchObject({ ok: true });
		const overflow = read('0009abcd');
		expect(overflow).toMatchObject({ ok: false, error: { code: 'length-overflow' } });
		if (!overflow.ok) {
			expect(overflow.error.message.en).toBe('The length of things at byte 0 says 9 bytes, but only 2 remain.');
			expect(overflow.error.message['zh-CN']).toBe('第 0 字节处东西的长度写着 9 字节，但只剩 2 字节。');
		}
		expect(read('0001abcd')).toMatchObject({ ok: false, error: { code: 'trailing-bytes' } });
		expect(read('00')).toMatchObject({ ok: false, error: { code: 'truncated' } });
	});
});

describe('code point names', () => {
	it('name cipher suites, groups, signature schemes, GREASE and unknowns', () => {
		expect(showCode(0x1301, cipherSuiteNames)).toBe('0x1301 (TLS_AES_128_GCM_SHA256)');
		expect(showCode(0x1303, cipherSuiteNames)).toBe('0x1303 (TLS_CHACHA20_POLY1305_SHA256)');
		expect(showCode(0x001d, namedGroupNames)).toBe('0x001d (x25519)');
		expect(showCode(0x0804, signatureSchemeNames)).toBe('0x0804 (rsa_pss_rsae_sha256)');
		expect(showCode(0x0807, signatureSchemeNames)).toBe('0x0807 (ed25519)');
		expect(showCode(0x3a3a, namedGroupNames)).toBe('0x3a3a (GREASE)');
		expect(showCode(0x1234, namedGroupNames)).toBe('0x1234 (unknown)');
		expect(showNumber(22, { 22: 'handshake' })).toBe('22 (handshake)');
		expect([0x0a0a, 0xfafa, 0x1a1a].every(isGrease)).toBe(true);
		expect([0x0a1a, 0x1301, 0x0b0b].some(isGrease)).toBe(false);
	});

	it('know the HelloRetryRequest random is SHA-256("HelloRetryRequest")', async () => {
		const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode('HelloRetryRequest')));
		expect(toHex(helloRetryRequestRandom)).toBe(toHex(digest));
	});
});

describe('RFC 8448 section 3 messages', () => {
	it('ClientHello: random, suites, SNI, key share and the other extensions', () => {
		const { message, annotated } = parsed('clientHello');
		if (message.kind !== 'client_hello') throw new Error(message.kind);
		expect(message.legacyVersion).toBe(0x0303);
		expect(toHex(message.random)).toBe(hex(rfc8448.randoms.client));
		expect(message.legacySessionId.length).toBe(0);
		expect(message.cipherSuites).toEqual([0x1301, 0x1303, 0x1302]);
		expect(message.legacyCompressionMethods).toEqual([0]);
		expect(message.extensions.map((e) => e.kind)).toEqual([
			'server_name',
			'renegotiation_info',
			'supported_groups',
			'session_ticket',
			'key_share',
			'supported_versions',
			'signature_algorithms',
			'psk_key_exchange_modes',
			'record_size_limit'
		]);
		const ext = message.extensions;
		expect(extension(ext, 'server_name').hostNames).toEqual(['server']);
		expect(extension(ext, 'renegotiation_info').renegotiatedConnection.length).toBe(0);
		expect(extension(ext, 'supported_groups').groups).toEqual([0x001d, 0x0017, 0x0018, 0x0019, 0x0100, 0x0101, 0x0102, 0x0103, 0x0104]);
		expect(extension(ext, 'session_ticket').ticket.length).toBe(0);
		const shares = extension(ext, 'key_share').shares;
		expect(shares.map((s) => s.group)).toEqual([0x001d]);
		expect(toHex(shares[0]!.keyExchange)).toBe(hex(rfc8448.x25519.clientPublicKey));
		expect(extension(ext, 'supported_versions').versions).toEqual([0x0304]);
		expect(extension(ext, 'signature_algorithms').schemes).toEqual([
			0x0403, 0x0503, 0x0603, 0x0203, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0201, 0x0402, 0x0502, 0x0602, 0x0202
		]);
		expect(extension(ext, 'psk_key_exchange_modes').modes).toEqual([1]);
		expect(extension(ext, 'record_size_limit').limit).toBe(0x4001);

		expect(field(annotated, 'client_hello.header.msg_type').value).toBe('1 (client_hello)');
		expect(field(annotated, 'client_hello.header.msg_type').explanation.en).toContain('plaintext');
		expect(field(annotated, 'client_hello.header.body.length').value).toBe('192 bytes');
		expect(field(annotated, 'client_hello.cipher_suites').value).toBe('TLS_AES_128_GCM_SHA256, TLS_CHACHA20_POLY1305_SHA256, TLS_AES_256_GCM_SHA384');
		expect(field(annotated, 'client_hello.cipher_suites.1').value).toBe('0x1303 (TLS_CHACHA20_POLY1305_SHA256)');
		const host = field(annotated, 'client_hello.extension0.extension_data.server_name_list.name0.host_name.text');
		expect(host.value).toBe('server');
		expect(new TextDecoder().decode(annotated.bytes.subarray(host.offset, host.offset + host.length))).toBe('server');
		expect(annotated.sections.find((s) => s.id === 'client_hello.extension0')!.label['zh-CN']).toBe('扩展：服务器名称指示 SNI');
		expect(field(annotated, 'client_hello.extension0.extension_type').explanation.en).toContain('anyone on the path');
		expect(field(annotated, 'client_hello.extension4.extension_data.client_shares.share0.group').value).toBe('0x001d (x25519)');
		expect(field(annotated, 'client_hello.extension4.extension_data.client_shares.share0.key_exchange.public_key').length).toBe(32);
	});

	it('ServerHello: random, cipher suite, key share, selected version', () => {
		const { message, annotated } = parsed('serverHello');
		if (message.kind !== 'server_hello') throw new Error(message.kind);
		expect(toHex(message.random)).toBe(hex(rfc8448.randoms.server));
		expect(isHelloRetryRequest(message)).toBe(false);
		expect(message.cipherSuite).toBe(0x1301);
		expect(message.legacyCompressionMethod).toBe(0);
		expect(message.extensions.map((e) => e.kind)).toEqual(['key_share_server', 'selected_version']);
		const share = extension(message.extensions, 'key_share_server').share;
		expect(share.group).toBe(0x001d);
		expect(toHex(share.keyExchange)).toBe(hex(rfc8448.x25519.serverPublicKey));
		expect(extension(message.extensions, 'selected_version').version).toBe(0x0304);
		expect(field(annotated, 'server_hello.cipher_suite').value).toBe('0x1301 (TLS_AES_128_GCM_SHA256)');
		expect(annotated.sections.find((s) => s.id === 'server_hello')!.label['zh-CN']).toBe('服务器问候 ServerHello');
	});

	it('EncryptedExtensions: supported_groups, record_size_limit and the empty server_name', () => {
		const { message } = parsed('encryptedExtensions');
		if (message.kind !== 'encrypted_extensions') throw new Error(message.kind);
		expect(message.extensions).toEqual([
			{ kind: 'supported_groups', groups: [0x001d, 0x0017, 0x0018, 0x0019, 0x0100, 0x0101, 0x0102, 0x0103, 0x0104] },
			{ kind: 'record_size_limit', limit: 16385 },
			{ kind: 'server_name', hostNames: [] }
		]);
	});

	it('Certificate: one RSA certificate, no context, no per-entry extensions', () => {
		const { message, annotated } = parsed('certificate');
		if (message.kind !== 'certificate') throw new Error(message.kind);
		expect(message.certificateRequestContext.length).toBe(0);
		expect(message.certificateList).toHaveLength(1);
		const entry = message.certificateList[0]!;
		expect(entry.certData.length).toBe(0x1b0);
		expect(toHex(entry.certData.subarray(0, 4))).toBe('308201ac');
		expect(entry.extensions).toEqual([]);
		expect(field(annotated, 'certificate.entry0.cert_data.length').value).toBe('432 bytes');
	});

	it('CertificateVerify: rsa_pss_rsae_sha256 and a 128-byte signature', () => {
		const { message, annotated } = parsed('certificateVerify');
		if (message.kind !== 'certificate_verify') throw new Error(message.kind);
		expect(message.algorithm).toBe(0x0804);
		expect(message.signature.length).toBe(128);
		expect(toHex(message.signature.subarray(0, 4))).toBe('5a747c5d');
		expect(field(annotated, 'certificate_verify.algorithm').value).toBe('0x0804 (rsa_pss_rsae_sha256)');
	});

	it('Finished, both ways: verify_data as the RFC computes it', () => {
		const server = parsed('serverFinished').message;
		const client = parsed('clientFinished').message;
		expect(server.kind === 'finished' && toHex(server.verifyData)).toBe(hex(rfc8448.finished.serverVerifyData));
		expect(client.kind === 'finished' && toHex(client.verifyData)).toBe(hex(rfc8448.finished.clientVerifyData));
	});

	it('NewSessionTicket: lifetime, age_add, nonce, ticket and early_data', () => {
		const { message } = parsed('newSessionTicket');
		if (message.kind !== 'new_session_ticket') throw new Error(message.kind);
		expect(message.ticketLifetime).toBe(30);
		expect(message.ticketAgeAdd).toBe(0xfad6aac5);
		expect(toHex(message.ticketNonce)).toBe(hex(rfc8448.resumption.ticketNonce));
		expect(message.ticket.length).toBe(0xb2);
		expect(toHex(message.ticket.subarray(0, 4))).toBe('2c035d82');
		expect(message.extensions).toEqual([{ kind: 'early_data', maxEarlyDataSize: 1024 }]);
	});

	it.each(messageNames)('%s: rebuilds byte for byte, and every byte is explained once', (name) => {
		const { message, annotated } = parsed(name);
		expect(toHex(buildHandshake(message).bytes)).toBe(hex(m[name]));
		expect(toHex(annotated.bytes)).toBe(hex(m[name]));
		expectSoundAnnotations(annotated);
	});

	it.each(messageNames)('%s: every truncation is an error value, never a throw', (name) => {
		const bytes = fromHex(m[name]);
		for (let n = 0; n < bytes.length; n++) {
			const result = parseHandshake(bytes.subarray(0, n));
			expect(result.ok, `${name} cut at ${n}`).toBe(false);
			if (!result.ok) expect(['truncated', 'length-overflow']).toContain(result.error.code);
		}
		const longer = parseHandshake(Uint8Array.of(...bytes, 0));
		expect(longer).toMatchObject({ ok: false, error: { code: 'trailing-bytes' } });
	});

	it('the decrypted server flight reads as four messages', async () => {
		const { keys, sequenceNumber, record } = rfc8448.records.serverHandshakeFlight;
		const opened = await unprotectRecord(
			{ key: fromHex(rfc8448.trafficKeys[keys].key), iv: fromHex(rfc8448.trafficKeys[keys].iv) },
			sequenceNumber,
			fromHex(record)
		);
		if (!opened.ok) throw new Error(opened.error.message.en);
		expect(opened.value.contentType).toBe(ContentType.handshake);
		const flight = parseHandshakeMessages(opened.value.content);
		if (!flight.ok) throw new Error(flight.error.message.en);
		expect(flight.value.messages.map((x) => x.kind)).toEqual(['encrypted_extensions', 'certificate', 'certificate_verify', 'finished']);
		expect(flight.value.annotated.sections[0]!.id).toBe('encrypted_extensions.header');
		expectSoundAnnotations(flight.value.annotated);
	});
});

describe('malformed handshake messages', () => {
	const clientHello = () => fromHex(m.clientHello);

	it('a vector length past the end is an error value', () => {
		const bytes = clientHello();
		bytes[4 + 2 + 32 + 1] = 0xff; // the high byte of cipher_suites' length
		const result = parseHandshake(bytes);
		expect(result).toMatchObject({ ok: false, error: { code: 'length-overflow' } });
		if (!result.ok) expect(result.error.message.en).toContain('cipher_suites');
	});

	it('a handshake length past the end is an error value', () => {
		const bytes = clientHello();
		bytes[1] = 0x10;
		expect(parseHandshake(bytes)).toMatchObject({ ok: false, error: { code: 'length-overflow' } });
	});

	it('rejects values the format does not allow', () => {
		// header 4, legacy_version 2, random 32, session id 1, suites 2 + 6, compression 2, extensions length 2,
		// server_name's type and length 4, server_name_list length 2: then name_type, the name length, "server".
		const NAME_TYPE_AT = 57;
		const edited = (at: number, value: number) => {
			const bytes = fromHex(m.clientHello);
			bytes[at] = value;
			return parseHandshake(bytes);
		};
		expect(edited(NAME_TYPE_AT, 0).ok).toBe(true);
		expect(edited(NAME_TYPE_AT, 1)).toMatchObject({ ok: false, error: { code: 'malformed' } });
		expect(edited(NAME_TYPE_AT + 3, 0xe9)).toMatchObject({ ok: false, error: { code: 'malformed' } });
		const hello = parsed('clientHello').message as Extract<HandshakeMessage, { kind: 'client_hello' }>;
		const longSession = parseHandshake(buildHandshake({ ...hello, legacySessionId: new Uint8Array(33) }).bytes);
		expect(longSession).toMatchObject({ ok: false, error: { code: 'malformed' } });
		if (!longSession.ok) expect(longSession.error.message['zh-CN']).toContain('最多 32 字节');
	});

	it('never throws on damaged bytes, and what it accepts rebuilds exactly', () => {
		for (const name of messageNames) {
			const original = fromHex(m[name]);
			for (let i = 0; i < Math.min(original.length, 300); i++)
				for (const value of [0x00, 0x01, 0x7f, 0xff]) {
					const bytes = Uint8Array.from(original);
					bytes[i] = value;
					const result = parseHandshake(bytes);
					if (result.ok) expect(toHex(buildHandshake(result.value.message).bytes)).toBe(toHex(bytes));
				}
		}
	});

	it('keeps an unknown extension as its type and bytes', () => {
		const hello = newClientHello({ random: new Uint8Array(32), keyShares: [] });
		hello.extensions.push({ kind: 'other', type: 0x4a4a, data: Uint8Array.of(1, 2, 3) }, { kind: 'other', type: 21, data: new Uint8Array(4) });
		const result = parseHandshake(buildHandshake(hello).bytes);
		if (!result.ok) throw new Error(result.error.message.en);
		expect(result.value.message).toEqual(hello);
		const sections = result.value.annotated.sections.map((s) => s.label.en);
		expect(sections).toContain('Extension: extension type 19018');
		expect(sections).toContain('Extension: padding');
		expect(field(result.value.annotated, `client_hello.extension${hello.extensions.length - 2}.extension_type`).value).toBe('0x4a4a (GREASE)');
	});
});

describe('HelloRetryRequest', () => {
	it('is a ServerHello with the special random, and its key_share names only a group', () => {
		const retry: ServerHello = {
			kind: 'server_hello',
			legacyVersion: 0x0303,
			random: helloRetryRequestRandom,
			legacySessionIdEcho: new Uint8Array(0),
			cipherSuite: 0x1301,
			legacyCompressionMethod: 0,
			extensions: [
				{ kind: 'selected_version', version: 0x0304 },
				{ kind: 'key_share_hrr', selectedGroup: 0x0017 },
				{ kind: 'cookie', cookie: Uint8Array.of(9, 9) }
			]
		};
		const built = buildHandshake(retry);
		expect(toHex(built.bytes).slice(-40)).toBe('002b00020304' + '003300020017' + '002c000400020909');
		const result = parseHandshake(built.bytes);
		if (!result.ok) throw new Error(result.error.message.en);
		const message = result.value.message as ServerHello;
		expect(isHelloRetryRequest(message)).toBe(true);
		expect(message.extensions).toEqual(retry.extensions);
		expect(result.value.annotated.sections.find((s) => s.id === 'server_hello')!.label.en).toBe('HelloRetryRequest');
		expect(field(result.value.annotated, 'server_hello.random').label.en).toBe('random: HelloRetryRequest');
		expectSoundAnnotations(result.value.annotated);
	});
});

describe('records', () => {
	const handshakeRecord = (version: number, name: keyof typeof m) => buildRecord({ legacyRecordVersion: version, content: { kind: 'handshake', messages: [parsed(name).message] } });

	it('wraps the RFC 8448 ClientHello and ServerHello as the RFC sends them', () => {
		const ch = handshakeRecord(0x0301, 'clientHello');
		expect(toHex(ch.bytes)).toBe('16030100c4' + hex(m.clientHello));
		const sh = handshakeRecord(0x0303, 'serverHello');
		expect(toHex(sh.bytes)).toBe('160303005a' + hex(m.serverHello));
		expect(field(ch, 'record.content_type').value).toBe('22 (handshake)');
		expect(field(ch, 'record.legacy_record_version').value).toBe('0x0301 (TLS 1.0)');
		expect(field(ch, 'record.legacy_record_version').explanation.en).toContain('first ClientHello');
		expect(field(ch, 'record.fragment.length').value).toBe('196 bytes');
		expectSoundAnnotations(ch);

		const result = parseRecords(Uint8Array.of(...ch.bytes, ...sh.bytes, ...fromHex('140303000101')));
		if (!result.ok) throw new Error(result.error.message.en);
		expect(result.value.records.map((r) => [r.legacyRecordVersion, r.content.kind])).toEqual([
			[0x0301, 'handshake'],
			[0x0303, 'handshake'],
			[0x0303, 'change_cipher_spec']
		]);
		expect(findField(result.value.annotated, 'record1.server_hello.cipher_suite')?.value).toBe('0x1301 (TLS_AES_128_GCM_SHA256)');
		expectSoundAnnotations(result.value.annotated);
	});

	it.each(Object.keys(rfc8448.records) as (keyof typeof rfc8448.records)[])('reads the protected record %s as opaque ciphertext and tag', (name) => {
		const bytes = fromHex(rfc8448.records[name].record);
		const result = parseRecord(bytes);
		if (!result.ok) throw new Error(result.error.message.en);
		expect(result.value.record.content).toEqual({ kind: 'application_data', encryptedRecord: bytes.slice(5) });
		const { annotated } = result.value;
		expect(field(annotated, 'record.content_type').value).toBe('23 (application_data)');
		expect(field(annotated, 'record.encrypted_record.tag')).toMatchObject({ offset: bytes.length - 16, length: 16 });
		expect(toHex(buildRecord(result.value.record).bytes)).toBe(toHex(bytes));
		expectSoundAnnotations(annotated);
	});

	it('builds and reads alerts', () => {
		const fatal = buildRecord({ legacyRecordVersion: 0x0303, content: { kind: 'alert', level: 2, description: 40 } });
		expect(toHex(fatal.bytes)).toBe('15030300020228');
		expect(field(fatal, 'record.alert.description').value).toBe('40 (handshake_failure)');
		const result = parseRecord(fromHex('15030300020100'));
		expect(result.ok && result.value.record.content).toEqual({ kind: 'alert', level: 1, description: 0 });
		expect(result.ok && findField(result.value.annotated, 'record.alert.description')?.value).toBe('0 (close_notify)');
		expectSoundAnnotations(fatal);
	});

	it('turns bad records into error values', () => {
		expect(parseRecord(fromHex('1803030000'))).toMatchObject({ ok: false, error: { code: 'malformed' } });
		expect(parseRecord(fromHex('1603030000'))).toMatchObject({ ok: false, error: { code: 'malformed' } });
		expect(parseRecord(Uint8Array.of(0x16, 3, 3, 0x40, 0x01, ...new Uint8Array(0x4001)))).toMatchObject({ ok: false, error: { code: 'malformed' } });
		expect(parseRecord(fromHex('150303000301'))).toMatchObject({ ok: false, error: { code: 'length-overflow' } });
		expect(parseRecord(fromHex('1503030003010000'))).toMatchObject({ ok: false, error: { code: 'trailing-bytes' } });
		const record = fromHex('16030100c4' + hex(m.clientHello));
		for (let n = 0; n < record.length; n++) expect(parseRecord(record.subarray(0, n)).ok).toBe(false);
	});
});

describe('a fresh ClientHello', () => {
	const publicKey = fromHex(rfc8448.x25519.clientPublicKey);
	const random = Uint8Array.from({ length: 32 }, (_, i) => i);

	it('for example.com with an x25519 key share reads back to the same structure', () => {
		const hello = newClientHello({ random, serverName: 'example.com.', keyShares: [{ group: 0x001d, keyExchange: publicKey }], alpn: ['h2', 'http/1.1'] });
		const built = buildHandshake(hello);
		const result = parseHandshake(built.bytes);
		if (!result.ok) throw new Error(result.error.message.en);
		const message = result.value.message;
		expect(message).toEqual(hello);
		if (message.kind !== 'client_hello') throw new Error(message.kind);
		expect(message.cipherSuites).toEqual([0x1301, 0x1302, 0x1303]);
		expect(extension(message.extensions, 'server_name').hostNames).toEqual(['example.com']);
		expect(extension(message.extensions, 'supported_groups').groups).toEqual([0x001d, 0x0017]);
		expect(extension(message.extensions, 'supported_versions').versions).toEqual([0x0304]);
		expect(extension(message.extensions, 'alpn').protocols).toEqual(['h2', 'http/1.1']);
		expect(toHex(extension(message.extensions, 'key_share').shares[0]!.keyExchange)).toBe(toHex(publicKey));
		// What an eavesdropper sees: the name, in plain ASCII, inside the bytes.
		expect(toHex(built.bytes)).toContain(toHex(new TextEncoder().encode('example.com')));
		expectSoundAnnotations(result.value.annotated);
	});

	it('leaves SNI out for an address, and annotates a P-256 share as a point', () => {
		const point = Uint8Array.of(4, ...new Uint8Array(32).fill(1), ...new Uint8Array(32).fill(2));
		const hello = newClientHello({ random, serverName: '192.0.2.1', keyShares: [{ group: 0x0017, keyExchange: point }] });
		expect(hello.extensions.some((e) => e.kind === 'server_name')).toBe(false);
		const built = buildHandshake(hello);
		const share = 'client_hello.extension4.extension_data.client_shares.share0.key_exchange';
		expect(field(built, `${share}.legacy_form`).value).toBe('4');
		expect(field(built, `${share}.x`).length).toBe(32);
		expect(field(built, `${share}.y`).value).toBe('02'.repeat(32));
		expectSoundAnnotations(built);
	});

	it('refuses a random of the wrong size', () => {
		expect(() => newClientHello({ random: new Uint8Array(31), keyShares: [] })).toThrow(RangeError);
	});
});
