/**
 * What session.ts puts on the wire and how the page shows it: records (in clear and protected), the byte a
 * tamper run flips, fatal alerts, and the HTTP/1.1 request and response carried as application data.
 */
import type { AnnotatedBytes } from '$lib/bytes/annotated';
import type { LocalizedText } from '$lib/i18n/locales';
import { buildRecord, parseRecord, type HandshakeMessage } from './handshake';
import { RECORD_HEADER_LENGTH } from './record';
import { AnnotatedWriter, alertDescriptionNames, alertLevelNames, hexCode, showNumber, text, type FieldText } from './wire';

/** Where a tamper run flips a byte. */
export interface TamperTarget {
	/** The id of a message step: `client-hello`, `certificate`, `request`… */
	stepId: string;
	/** Which byte: of the record as it crosses the wire (header included), or of `plaintext`. */
	byteIndex: number;
	/**
	 * `wire` (default): flipped between sender and receiver, as an attacker on the path would.
	 * `plaintext`: flipped by the sender itself before it encrypts (and hashes) the message, as a buggy or
	 * dishonest sender would; only for messages that travel inside a protected record.
	 */
	target?: 'wire' | 'plaintext';
}

/** Every bit of one byte flipped (XOR 0xff), in a copy. Out of range is a mistake of the caller and throws. */
export function flipByte(bytes: Uint8Array, index: number): Uint8Array {
	if (!Number.isInteger(index) || index < 0 || index >= bytes.length)
		throw new RangeError(`tamper: byte ${index} is outside the ${bytes.length} bytes of this message`);
	const out = new Uint8Array(bytes);
	out[index] = out[index]! ^ 0xff;
	return out;
}

export function tamperNote(stepTitle: LocalizedText, where: 'wire' | 'plaintext', index: number, before: number, after: number): LocalizedText {
	const change = `${hexCode(before, 2)} → ${hexCode(after, 2)}`;
	return where === 'wire'
		? text(
				`Tampered: byte ${index} of “${stepTitle.en}” was flipped on the way (${change}), after the sender sent it and before the receiver read it.`,
				`篡改：“${stepTitle['zh-CN']}”的第 ${index} 个字节在传输途中被翻转（${change}）：发送方已发出，接收方尚未读取。`
			)
		: text(
				`Tampered: byte ${index} of the message inside “${stepTitle.en}” was flipped by the sender itself (${change}) before it hashed and encrypted it.`,
				`篡改：发送方在计算哈希和加密之前，自己翻转了“${stepTitle['zh-CN']}”内部消息的第 ${index} 个字节（${change}）。`
			);
}

/** A record in clear (ClientHello, ServerHello, an early alert) as it goes on the wire. */
export function clearRecord(messages: HandshakeMessage[], legacyRecordVersion = 0x0303): AnnotatedBytes {
	return buildRecord({ legacyRecordVersion, content: { kind: 'handshake', messages } });
}

/** A protected record: the header in clear, then ciphertext and tag, as an eavesdropper captures it. */
export function protectedRecordView(record: Uint8Array): AnnotatedBytes {
	return buildRecord({
		legacyRecordVersion: (record[1]! << 8) | record[2]!,
		content: { kind: 'application_data', encryptedRecord: record.subarray(RECORD_HEADER_LENGTH) }
	});
}

/**
 * The annotations for bytes that may have been tampered with: read again when they still parse (so a changed
 * field shows its new value), otherwise the sender's annotations over the changed bytes (same length, same places).
 */
export function reannotate(bytes: Uint8Array, sent: AnnotatedBytes): AnnotatedBytes {
	const parsed = parseRecord(bytes);
	return parsed.ok ? parsed.value.annotated : { bytes, sections: sent.sections };
}

/** The alert descriptions (RFC 8446 section 6.2) a receiver in this script may end with. */
export const alertCodes = {
	unexpected_message: 10,
	bad_record_mac: 20,
	record_overflow: 22,
	handshake_failure: 40,
	bad_certificate: 42,
	unsupported_certificate: 43,
	certificate_expired: 45,
	illegal_parameter: 47,
	unknown_ca: 48,
	decode_error: 50,
	decrypt_error: 51,
	protocol_version: 70,
	internal_error: 80
} as const;

export type AlertName = keyof typeof alertCodes;

const alertFields = {
	level: {
		label: text('level', 'level（级别）'),
		explanation: text('2, fatal: the connection ends here.', '2，致命：连接到此结束。')
	},
	description: {
		label: text('description', 'description（描述）'),
		explanation: text('What went wrong, as one code (RFC 8446 section 6.2).', '出了什么问题，用一个代码表示（RFC 8446 第 6.2 节）。')
	}
} satisfies Record<string, FieldText>;

/** The two bytes of a fatal alert: level 2, and the description. */
export function alertBody(alert: AlertName): AnnotatedBytes {
	const w = new AnnotatedWriter();
	w.section('alert', text('Alert', '警报 Alert'));
	w.u8('level', 2, alertFields.level, showNumber(2, alertLevelNames));
	w.u8('description', alertCodes[alert], alertFields.description, showNumber(alertCodes[alert], alertDescriptionNames));
	return w.finish();
}

/** An alert record in clear, for a side that has no keys yet. */
export function clearAlert(alert: AlertName): AnnotatedBytes {
	return buildRecord({ legacyRecordVersion: 0x0303, content: { kind: 'alert', level: 2, description: alertCodes[alert] } });
}

// ---- HTTP/1.1 as application data ----

const httpFields = {
	startLine: {
		label: text('start line', '起始行'),
		explanation: text(
			'Method, path and version (a request), or version, status code and reason (a response), then CRLF.',
			'方法、路径和版本（请求），或版本、状态码和原因短语（响应），以 CRLF 结尾。'
		)
	},
	header: {
		label: text('header field', '首部字段'),
		explanation: text('A name, a colon and a value, then CRLF (RFC 9112).', '名称、冒号和值，以 CRLF 结尾（RFC 9112）。')
	},
	host: {
		label: text('Host', 'Host'),
		explanation: text(
			'The site asked for, again: SNI told the TLS server in clear; this tells the web server, now encrypted.',
			'再次写明要访问的站点：SNI 以明文告诉了 TLS 服务器，这里则是加密后告诉 Web 服务器。'
		)
	},
	end: {
		label: text('end of the header', '首部结束'),
		explanation: text('An empty line (CRLF alone): the header section ends here.', '一个空行（只有 CRLF）：首部到此结束。')
	},
	body: {
		label: text('body', '消息体'),
		explanation: text('The content, as many bytes as Content-Length says.', '消息内容，字节数与 Content-Length 一致。')
	},
	data: {
		label: text('application data', '应用数据'),
		explanation: text('Bytes the application sent; TLS does not look inside.', '应用发送的字节；TLS 不关心其内容。')
	}
} satisfies Record<string, FieldText>;

const CR = 0x0d;
const LF = 0x0a;

/** HTTP/1.1 message bytes, a section per part; bytes that are not HTTP become one field of application data. */
export function annotateHttp(bytes: Uint8Array): AnnotatedBytes {
	const w = new AnnotatedWriter();
	const lines: Uint8Array[] = [];
	let start = 0;
	for (let i = 0; i + 1 < bytes.length; i++) {
		if (bytes[i] !== CR || bytes[i + 1] !== LF) continue;
		const line = bytes.subarray(start, i + 2);
		lines.push(line);
		start = i + 2;
		i++;
		if (line.length === 2) break; // the empty line ends the header; the rest is the body
	}
	const blank = lines.findIndex((line) => line.length === 2);
	if (blank < 1) {
		w.section('data', text('Application data', '应用数据'));
		w.bytes('bytes', bytes, httpFields.data);
		return w.finish();
	}
	const decoder = new TextDecoder();
	const shown = (line: Uint8Array) => decoder.decode(line.subarray(0, line.length - 2));
	w.section('start-line', text('Start line', '起始行'));
	w.bytes('line', lines[0]!, httpFields.startLine, shown(lines[0]!));
	w.section('headers', text('Header fields', '首部字段'));
	lines.slice(1, blank).forEach((line, i) => {
		const about = /^host:/i.test(shown(line)) ? httpFields.host : httpFields.header;
		w.bytes(`field${i}`, line, about, shown(line));
	});
	w.bytes('end', lines[blank]!, httpFields.end, 'CRLF');
	if (start < bytes.length) {
		w.section('body', text('Body', '消息体'));
		w.bytes('bytes', bytes.subarray(start), httpFields.body, `${bytes.length - start} bytes`);
	}
	return w.finish();
}

/** The request line of an HTTP/1.1 GET, or undefined for anything else. */
export function readGet(bytes: Uint8Array): { path: string } | undefined {
	const match = /^GET (\S+) HTTP\/1\.1\r\n/.exec(new TextDecoder().decode(bytes.subarray(0, 2048)));
	return match ? { path: match[1]! } : undefined;
}

/** The server's tiny answer: 200 with a short page for a GET, 400 for anything else. */
export function httpResponse(request: Uint8Array, now: Date, protocol = 'TLS 1.3'): Uint8Array {
	const get = readGet(request);
	const body = get
		? `<!doctype html><title>Wirewalk</title><p>Hello over ${protocol}. You asked for ${escapeHtml(get.path)}.</p>\n`
		: 'This server only answers HTTP/1.1 GET requests.\n';
	const bodyBytes = new TextEncoder().encode(body);
	const head = [
		get ? 'HTTP/1.1 200 OK' : 'HTTP/1.1 400 Bad Request',
		`Date: ${now.toUTCString()}`,
		`Content-Type: ${get ? 'text/html' : 'text/plain'}; charset=utf-8`,
		`Content-Length: ${bodyBytes.length}`,
		'Connection: close',
		'',
		''
	].join('\r\n');
	const headBytes = new TextEncoder().encode(head);
	const out = new Uint8Array(headBytes.length + bodyBytes.length);
	out.set(headBytes);
	out.set(bodyBytes, headBytes.length);
	return out;
}

function escapeHtml(s: string): string {
	return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function defaultRequest(serverName: string): string {
	return `GET / HTTP/1.1\r\nHost: ${serverName}\r\nUser-Agent: Wirewalk\r\nAccept: text/html\r\nConnection: close\r\n\r\n`;
}
