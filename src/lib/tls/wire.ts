/**
 * TLS 1.3 wire format, the ground floor (RFC 8446 section 3, "Presentation Language"): an annotated writer
 * where every field is written together with its explanation, a bounds-checked reader whose problems come
 * back as values, and the names of the code points. extensions.ts and handshake.ts build the messages on it.
 */
import type { AnnotatedBytes, ByteField, ByteSection } from '$lib/bytes/annotated';
import { toHex } from '$lib/bytes/encoding';
import { fail, ok, type Result } from '$lib/errors';
import type { LocalizedText } from '$lib/i18n/locales';

export const text = (en: string, zh: string): LocalizedText => ({ en, 'zh-CN': zh });

/** What a field says about itself; its value is worked out where it is written. */
export interface FieldText {
	label: LocalizedText;
	explanation: LocalizedText;
}

/** The width of a vector's length prefix: `opaque x<0..2^8-1>` has 1, `<0..2^16-1>` 2, `<0..2^24-1>` 3. */
export type LengthWidth = 1 | 2 | 3;

/** How a byte run reads in a field's value: all of it when short, the start and the size when long. */
export function hexValue(bytes: Uint8Array): string {
	return bytes.length <= 32 ? toHex(bytes) : `${toHex(bytes.subarray(0, 16))}… (${byteCount(bytes.length)})`;
}

/** `1 byte`, `32 bytes`: a size as a field's value shows it. */
export function byteCount(n: number): string {
	return n === 1 ? '1 byte' : `${n} bytes`;
}

/** `0x1301`: a code point as the RFCs print it, `digits` hex digits wide. */
export function hexCode(code: number, digits: 2 | 4 = 4): string {
	return `0x${code.toString(16).padStart(digits, '0')}`;
}

/** `0x1301 (TLS_AES_128_GCM_SHA256)`, `0x1a1a (GREASE)` or `0x1234 (unknown)`: a 16-bit code point with its name. */
export function showCode(code: number, names: Readonly<Record<number, string>>): string {
	return `${hexCode(code)} (${names[code] ?? (isGrease(code) ? 'GREASE' : 'unknown')})`;
}

/** `22 (handshake)`: a one-byte code point, in decimal as the RFCs print those. */
export function showNumber(code: number, names: Readonly<Record<number, string>>): string {
	return `${code} (${names[code] ?? 'unknown'})`;
}

/**
 * GREASE values (RFC 8701): 0x0a0a, 0x1a1a … 0xfafa. Browsers offer one at random among real cipher suites,
 * extensions, groups and versions so that servers keep ignoring what they do not know.
 */
export function isGrease(code: number): boolean {
	return (code & 0x0f0f) === 0x0a0a && code >> 8 === (code & 0xff);
}

interface OpenSection {
	id: string;
	label: LocalizedText;
	offset: number;
	fields: ByteField[];
}

/**
 * Writes TLS structures and annotates them as it goes (the idea of jawj/subtls's byte builder). Sections are
 * flat: `section()` starts the next one, which runs until the one after it. Field ids nest: a field written
 * inside `vector16('extensions', …)` of section `client_hello` gets the id `client_hello.extensions.<id>`.
 * Writing an impossible value (a u8 of 300, a vector past its maximum) is a programming mistake and throws.
 */
export class AnnotatedWriter {
	private readonly out: number[] = [];
	private readonly sections: OpenSection[] = [];
	private scope: string[] = [];

	section(id: string, label: LocalizedText): void {
		this.sections.push({ id, label, offset: this.out.length, fields: [] });
		this.scope = [id];
	}

	u8(id: string, value: number, about: FieldText, shown?: string): void {
		this.integer(id, value, 1, about, shown);
	}

	u16(id: string, value: number, about: FieldText, shown?: string): void {
		this.integer(id, value, 2, about, shown);
	}

	u24(id: string, value: number, about: FieldText, shown?: string): void {
		this.integer(id, value, 3, about, shown);
	}

	u32(id: string, value: number, about: FieldText, shown?: string): void {
		this.integer(id, value, 4, about, shown);
	}

	bytes(id: string, data: Uint8Array, about: FieldText, shown = hexValue(data)): void {
		const offset = this.out.length;
		for (const byte of data) this.out.push(byte);
		this.addField(this.current(), this.fieldId(id), offset, data.length, about, shown);
	}

	/** `opaque id<0..2^8-1>` or a vector of items: a 1-byte length, back-patched once `build` has written them. */
	vector8(id: string, about: FieldText, build: () => void, shown?: string): void {
		this.vector(1, id, about, build, shown);
	}

	vector16(id: string, about: FieldText, build: () => void, shown?: string): void {
		this.vector(2, id, about, build, shown);
	}

	vector24(id: string, about: FieldText, build: () => void, shown?: string): void {
		this.vector(3, id, about, build, shown);
	}

	/** A field around what `build` writes, without a length of its own (one extension, one key share). */
	group(id: string, about: FieldText, build: () => void, shown?: string): void {
		this.wrap(id, about, shown, 0, build);
	}

	finish(): AnnotatedBytes {
		const sections: ByteSection[] = [];
		this.sections.forEach((s, i) => {
			const end = this.sections[i + 1]?.offset ?? this.out.length;
			if (end > s.offset) sections.push({ id: s.id, label: s.label, offset: s.offset, length: end - s.offset, fields: s.fields });
		});
		return { bytes: Uint8Array.from(this.out), sections };
	}

	vector(width: LengthWidth, id: string, about: FieldText, build: () => void, shown?: string): void {
		this.wrap(id, about, shown, width, build);
	}

	/**
	 * The shared shape of vector and group: note where the field starts and which section holds it, write a
	 * length placeholder if any, write the children under the field's id, then back-patch the length and put the
	 * field and its length in front of the children. A field that would cross into a section opened by `build`
	 * is left out (a field stays inside its section); its length and children still stand.
	 */
	private wrap(id: string, about: FieldText, shown: string | undefined, lengthWidth: 0 | LengthWidth, build: () => void): void {
		const home = this.current();
		const start = this.out.length;
		const at = home.fields.length;
		const fullId = this.fieldId(id);
		const sectionCount = this.sections.length;
		for (let i = 0; i < lengthWidth; i++) this.out.push(0);
		const outer = this.scope;
		this.scope = [...outer, id];
		build();
		this.scope = outer;
		const length = this.out.length - start - lengthWidth;
		const front: ByteField[] = [];
		if (this.sections.length === sectionCount && this.out.length > start)
			front.push(this.makeField(fullId, start, this.out.length - start, about, shown ?? byteCount(length)));
		if (lengthWidth !== 0) {
			if (length >= 2 ** (8 * lengthWidth)) throw new RangeError(`${id}: ${length} bytes do not fit a ${lengthWidth}-byte length`);
			for (let i = 0; i < lengthWidth; i++) this.out[start + i] = (length >> (8 * (lengthWidth - 1 - i))) & 0xff;
			front.push(this.makeField(`${fullId}.length`, start, lengthWidth, lengthText(about.label, lengthWidth, length), byteCount(length)));
		}
		home.fields.splice(at, 0, ...front);
	}

	private integer(id: string, value: number, width: number, about: FieldText, shown = String(value)): void {
		if (!Number.isInteger(value) || value < 0 || value >= 2 ** (8 * width)) throw new RangeError(`${id}: ${value} is not a ${width}-byte integer`);
		const offset = this.out.length;
		for (let i = width - 1; i >= 0; i--) this.out.push(Math.floor(value / 2 ** (8 * i)) & 0xff);
		this.addField(this.current(), this.fieldId(id), offset, width, about, shown);
	}

	private addField(section: OpenSection, id: string, offset: number, length: number, about: FieldText, shown: string): void {
		if (length > 0) section.fields.push(this.makeField(id, offset, length, about, shown));
	}

	private makeField(id: string, offset: number, length: number, about: FieldText, value: string): ByteField {
		return { id, offset, length, label: about.label, value, explanation: about.explanation };
	}

	private fieldId(id: string): string {
		return [...this.scope, id].join('.');
	}

	private current(): OpenSection {
		const section = this.sections[this.sections.length - 1];
		if (!section) throw new Error('AnnotatedWriter: start a section before writing fields');
		return section;
	}
}

function lengthText(label: LocalizedText, width: LengthWidth, length: number): FieldText {
	return {
		label: text(`Length of ${label.en}`, `${label['zh-CN']}的长度`),
		explanation: text(
			`A ${width}-byte length: ${byteCount(length)} of ${label.en} follow. Every variable-length vector in TLS starts like this, so a reader can skip what it does not understand.`,
			`${width} 字节的长度：后面跟着 ${length} 字节的${label['zh-CN']}。TLS 的每个变长向量都这样开头，读的一方可以跳过自己不认识的内容。`
		)
	};
}

export type TlsWireErrorCode = 'truncated' | 'length-overflow' | 'trailing-bytes' | 'malformed';

/** A problem found while reading; thrown inside the reader only, and turned into a value by `readWire`. */
class WireProblem extends Error {
	constructor(
		readonly code: TlsWireErrorCode,
		readonly text: LocalizedText
	) {
		super(code);
	}
}

/**
 * Reads TLS structures with bounds: a vector's length narrows what its contents may read, and the contents
 * must use up exactly that length. Every problem names the field it was reading and the byte it was at.
 */
export class WireReader {
	pos: number;
	private end: number;

	constructor(
		readonly bytes: Uint8Array,
		start = 0,
		end = bytes.length
	) {
		this.pos = start;
		this.end = end;
	}

	get remaining(): number {
		return this.end - this.pos;
	}

	u8(what: LocalizedText): number {
		return this.integer(1, what);
	}

	u16(what: LocalizedText): number {
		return this.integer(2, what);
	}

	u24(what: LocalizedText): number {
		return this.integer(3, what);
	}

	u32(what: LocalizedText): number {
		return this.integer(4, what);
	}

	take(length: number, what: LocalizedText): Uint8Array {
		this.need(length, what);
		this.pos += length;
		return this.bytes.slice(this.pos - length, this.pos);
	}

	/** Everything up to the end of the enclosing vector. */
	rest(): Uint8Array {
		const start = this.pos;
		this.pos = this.end;
		return this.bytes.slice(start, this.end);
	}

	/** Reads a length, then exactly that many bytes with `read`. */
	vector<T>(width: LengthWidth, what: LocalizedText, read: (r: WireReader) => T): T {
		const lengthAt = this.pos;
		const length = this.integer(width, what);
		if (length > this.remaining)
			throw new WireProblem(
				'length-overflow',
				text(
					`The length of ${what.en} at byte ${lengthAt} says ${length} bytes, but only ${this.remaining} remain.`,
					`第 ${lengthAt} 字节处${what['zh-CN']}的长度写着 ${length} 字节，但只剩 ${this.remaining} 字节。`
				)
			);
		const outerEnd = this.end;
		this.end = this.pos + length;
		const value = read(this);
		this.expectEnd(what);
		this.end = outerEnd;
		return value;
	}

	/** A vector of items: reads `item` until the vector's length is used up. */
	list<T>(width: LengthWidth, what: LocalizedText, item: (r: WireReader) => T): T[] {
		return this.vector(width, what, (r) => {
			const items: T[] = [];
			while (r.remaining > 0) items.push(item(r));
			return items;
		});
	}

	opaque(width: LengthWidth, what: LocalizedText): Uint8Array {
		return this.vector(width, what, (r) => r.rest());
	}

	expectEnd(what: LocalizedText): void {
		if (this.remaining > 0)
			throw new WireProblem(
				'trailing-bytes',
				text(
					`${this.remaining} bytes are left over at the end of ${what.en} (from byte ${this.pos}).`,
					`${what['zh-CN']}的末尾多出 ${this.remaining} 个字节（从第 ${this.pos} 字节起）。`
				)
			);
	}

	/** A value the format does not allow. */
	malformed(problem: LocalizedText): never {
		throw new WireProblem('malformed', text(`Byte ${this.pos}: ${problem.en}`, `第 ${this.pos} 字节：${problem['zh-CN']}`));
	}

	private integer(width: number, what: LocalizedText): number {
		this.need(width, what);
		let value = 0;
		for (let i = 0; i < width; i++) value = value * 256 + this.bytes[this.pos + i]!;
		this.pos += width;
		return value;
	}

	private need(length: number, what: LocalizedText): void {
		if (length > this.remaining)
			throw new WireProblem(
				'truncated',
				text(
					`The data ends too early: ${what.en} at byte ${this.pos} needs ${length} bytes, but only ${this.remaining} remain.`,
					`数据提前结束：第 ${this.pos} 字节处的${what['zh-CN']}需要 ${length} 字节，但只剩 ${this.remaining} 字节。`
				)
			);
	}
}

/** Runs a reader over the whole input; every problem it finds comes back as an error value. */
export function readWire<T>(bytes: Uint8Array, read: (r: WireReader) => T, what: LocalizedText): Result<T, TlsWireErrorCode> {
	try {
		const r = new WireReader(bytes);
		const value = read(r);
		r.expectEnd(what);
		return ok(value);
	} catch (e) {
		if (e instanceof WireProblem) return fail(e.code, e.text);
		throw e;
	}
}

// The names of the code points. Facts from the IANA "Transport Layer Security (TLS) Parameters" and
// "TLS Extensions" registries (https://www.iana.org/assignments/tls-parameters,
// https://www.iana.org/assignments/tls-extensiontype-values) and RFC 8446 section 4 and appendix B.

/** RFC 8446 section 5.1 ContentType; heartbeat from RFC 6520. */
export const contentTypeNames: Readonly<Record<number, string>> = {
	20: 'change_cipher_spec',
	21: 'alert',
	22: 'handshake',
	23: 'application_data',
	24: 'heartbeat'
};

/** RFC 8446 section 4 HandshakeType, plus the TLS 1.2 messages a 1.3 reader may still meet (RFC 5246 section 7.4). */
export const handshakeTypeNames: Readonly<Record<number, string>> = {
	0: 'hello_request',
	1: 'client_hello',
	2: 'server_hello',
	4: 'new_session_ticket',
	5: 'end_of_early_data',
	8: 'encrypted_extensions',
	11: 'certificate',
	12: 'server_key_exchange',
	13: 'certificate_request',
	14: 'server_hello_done',
	15: 'certificate_verify',
	16: 'client_key_exchange',
	20: 'finished',
	24: 'key_update',
	25: 'compressed_certificate',
	254: 'message_hash'
};

/** RFC 8446 section 4.2 ExtensionType and the IANA registry. */
export const extensionTypeNames: Readonly<Record<number, string>> = {
	0: 'server_name',
	1: 'max_fragment_length',
	5: 'status_request',
	10: 'supported_groups',
	11: 'ec_point_formats',
	13: 'signature_algorithms',
	14: 'use_srtp',
	15: 'heartbeat',
	16: 'application_layer_protocol_negotiation',
	18: 'signed_certificate_timestamp',
	19: 'client_certificate_type',
	20: 'server_certificate_type',
	21: 'padding',
	22: 'encrypt_then_mac',
	23: 'extended_master_secret',
	27: 'compress_certificate',
	28: 'record_size_limit',
	35: 'session_ticket',
	41: 'pre_shared_key',
	42: 'early_data',
	43: 'supported_versions',
	44: 'cookie',
	45: 'psk_key_exchange_modes',
	47: 'certificate_authorities',
	48: 'oid_filters',
	49: 'post_handshake_auth',
	50: 'signature_algorithms_cert',
	51: 'key_share',
	57: 'quic_transport_parameters',
	0xfe0d: 'encrypted_client_hello',
	0xff01: 'renegotiation_info'
};

/** RFC 8446 appendix B.4 (the five TLS 1.3 suites), and the TLS 1.2 suites browsers still offer beside them. */
export const cipherSuiteNames: Readonly<Record<number, string>> = {
	0x1301: 'TLS_AES_128_GCM_SHA256',
	0x1302: 'TLS_AES_256_GCM_SHA384',
	0x1303: 'TLS_CHACHA20_POLY1305_SHA256',
	0x1304: 'TLS_AES_128_CCM_SHA256',
	0x1305: 'TLS_AES_128_CCM_8_SHA256',
	0x00ff: 'TLS_EMPTY_RENEGOTIATION_INFO_SCSV',
	0x5600: 'TLS_FALLBACK_SCSV',
	0xc02b: 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
	0xc02c: 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
	0xc02f: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
	0xc030: 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
	0xcca8: 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256',
	0xcca9: 'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256'
};

/** RFC 8446 section 4.2.7 NamedGroup; X25519MLKEM768 from the IANA "TLS Supported Groups" registry. */
export const namedGroupNames: Readonly<Record<number, string>> = {
	0x0017: 'secp256r1',
	0x0018: 'secp384r1',
	0x0019: 'secp521r1',
	0x001d: 'x25519',
	0x001e: 'x448',
	0x0100: 'ffdhe2048',
	0x0101: 'ffdhe3072',
	0x0102: 'ffdhe4096',
	0x0103: 'ffdhe6144',
	0x0104: 'ffdhe8192',
	0x11ec: 'X25519MLKEM768'
};

/** RFC 8446 section 4.2.3 SignatureScheme, with its legacy and reserved code points. */
export const signatureSchemeNames: Readonly<Record<number, string>> = {
	0x0401: 'rsa_pkcs1_sha256',
	0x0501: 'rsa_pkcs1_sha384',
	0x0601: 'rsa_pkcs1_sha512',
	0x0403: 'ecdsa_secp256r1_sha256',
	0x0503: 'ecdsa_secp384r1_sha384',
	0x0603: 'ecdsa_secp521r1_sha512',
	0x0804: 'rsa_pss_rsae_sha256',
	0x0805: 'rsa_pss_rsae_sha384',
	0x0806: 'rsa_pss_rsae_sha512',
	0x0807: 'ed25519',
	0x0808: 'ed448',
	0x0809: 'rsa_pss_pss_sha256',
	0x080a: 'rsa_pss_pss_sha384',
	0x080b: 'rsa_pss_pss_sha512',
	0x0201: 'rsa_pkcs1_sha1',
	0x0203: 'ecdsa_sha1',
	0x0202: 'dsa_sha1_RESERVED',
	0x0402: 'dsa_sha256_RESERVED',
	0x0502: 'dsa_sha384_RESERVED',
	0x0602: 'dsa_sha512_RESERVED'
};

/** RFC 8446 section 6 AlertDescription. */
export const alertDescriptionNames: Readonly<Record<number, string>> = {
	0: 'close_notify',
	10: 'unexpected_message',
	20: 'bad_record_mac',
	22: 'record_overflow',
	40: 'handshake_failure',
	42: 'bad_certificate',
	43: 'unsupported_certificate',
	44: 'certificate_revoked',
	45: 'certificate_expired',
	46: 'certificate_unknown',
	47: 'illegal_parameter',
	48: 'unknown_ca',
	49: 'access_denied',
	50: 'decode_error',
	51: 'decrypt_error',
	70: 'protocol_version',
	71: 'insufficient_security',
	80: 'internal_error',
	86: 'inappropriate_fallback',
	90: 'user_canceled',
	109: 'missing_extension',
	110: 'unsupported_extension',
	112: 'unrecognized_name',
	113: 'bad_certificate_status_response',
	115: 'unknown_psk_identity',
	116: 'certificate_required',
	120: 'no_application_protocol'
};

export const alertLevelNames: Readonly<Record<number, string>> = { 1: 'warning', 2: 'fatal' };

/** ProtocolVersion values (RFC 8446 sections 4.1.2 and 4.2.1). */
export const protocolVersionNames: Readonly<Record<number, string>> = {
	0x0300: 'SSL 3.0',
	0x0301: 'TLS 1.0',
	0x0302: 'TLS 1.1',
	0x0303: 'TLS 1.2',
	0x0304: 'TLS 1.3'
};

/** RFC 8446 section 4.2.9 PskKeyExchangeMode. */
export const pskKeyExchangeModeNames: Readonly<Record<number, string>> = { 0: 'psk_ke', 1: 'psk_dhe_ke' };

/** RFC 8422 section 5.1.2 ECPointFormat (TLS 1.2 only). */
export const ecPointFormatNames: Readonly<Record<number, string>> = {
	0: 'uncompressed',
	1: 'ansiX962_compressed_prime',
	2: 'ansiX962_compressed_char2'
};

/**
 * A vector of code points (cipher suites, groups, versions…): the vector's length, then one field per item,
 * each with its name. `lengthWidth` is the vector's length prefix, `itemWidth` each item's size.
 */
export interface CodeList {
	id: string;
	about: FieldText;
	lengthWidth: LengthWidth;
	itemWidth: 1 | 2;
	names: Readonly<Record<number, string>>;
	/** What one item means; the item's value already shows its number and name. */
	item: (code: number) => FieldText;
}

export function showItem(list: CodeList, code: number): string {
	return list.itemWidth === 2 ? showCode(code, list.names) : showNumber(code, list.names);
}

export function writeCodes(w: AnnotatedWriter, list: CodeList, codes: readonly number[]): void {
	const writeItem = list.itemWidth === 2 ? w.u16.bind(w) : w.u8.bind(w);
	const summary = codes.map((code) => list.names[code] ?? hexCode(code, list.itemWidth === 2 ? 4 : 2)).join(', ');
	w.vector(list.lengthWidth, list.id, list.about, () => codes.forEach((code, i) => writeItem(String(i), code, list.item(code), showItem(list, code))), summary);
}

export function readCodes(r: WireReader, list: CodeList): number[] {
	return r.list(list.lengthWidth, list.about.label, (item) => (list.itemWidth === 2 ? item.u16(list.about.label) : item.u8(list.about.label)));
}
