/**
 * TLS 1.3 handshake messages (RFC 8446 section 4) and the record layer that carries them (section 5.1):
 * plain values in, annotated bytes out, and back. A parser reads the bytes into values, then writes those
 * values again with the annotated writer: the annotations come from one place, and the rewrite, compared
 * with the input, proves that the values hold everything the bytes said.
 */
import type { AnnotatedBytes } from '$lib/bytes/annotated';
import { equalBytes, fromHex, toHex } from '$lib/bytes/encoding';
import { fail, ok, type Result } from '$lib/errors';
import type { LocalizedText } from '$lib/i18n/locales';
import { readExtensions, writeExtensions, type Extension, type ExtensionContext, type KeyShareEntry } from './extensions';
import { AEAD_TAG_LENGTH, ContentType, MAX_CIPHERTEXT_LENGTH, MAX_PLAINTEXT_LENGTH } from './record';
import {
	AnnotatedWriter,
	alertDescriptionNames,
	alertLevelNames,
	cipherSuiteNames,
	contentTypeNames,
	handshakeTypeNames,
	isGrease,
	protocolVersionNames,
	readCodes,
	readWire,
	showCode,
	showNumber,
	signatureSchemeNames,
	text,
	writeCodes,
	type CodeList,
	type FieldText,
	type TlsWireErrorCode,
	type WireReader
} from './wire';

export interface ClientHello {
	kind: 'client_hello';
	/** 0x0303: frozen at TLS 1.2; the real offer is in supported_versions. */
	legacyVersion: number;
	random: Uint8Array;
	legacySessionId: Uint8Array;
	cipherSuites: number[];
	legacyCompressionMethods: number[];
	extensions: Extension[];
}

/** Also a HelloRetryRequest, when the random is `helloRetryRequestRandom` (see `isHelloRetryRequest`). */
export interface ServerHello {
	kind: 'server_hello';
	legacyVersion: number;
	random: Uint8Array;
	legacySessionIdEcho: Uint8Array;
	cipherSuite: number;
	legacyCompressionMethod: number;
	extensions: Extension[];
}

export interface EncryptedExtensions {
	kind: 'encrypted_extensions';
	extensions: Extension[];
}

export interface CertificateEntry {
	/** One X.509 certificate, DER-encoded. */
	certData: Uint8Array;
	extensions: Extension[];
}

export interface Certificate {
	kind: 'certificate';
	certificateRequestContext: Uint8Array;
	/** The sender's own certificate first, then the ones that certify it. */
	certificateList: CertificateEntry[];
}

export interface CertificateVerify {
	kind: 'certificate_verify';
	algorithm: number;
	signature: Uint8Array;
}

export interface Finished {
	kind: 'finished';
	verifyData: Uint8Array;
}

export interface NewSessionTicket {
	kind: 'new_session_ticket';
	ticketLifetime: number;
	ticketAgeAdd: number;
	ticketNonce: Uint8Array;
	ticket: Uint8Array;
	extensions: Extension[];
}

export interface KeyUpdate {
	kind: 'key_update';
	requestUpdate: number;
}

/** A message type this module does not take apart (CertificateRequest, EndOfEarlyData…): its body as bytes. */
export interface OtherHandshake {
	kind: 'other';
	msgType: number;
	body: Uint8Array;
}

export type HandshakeMessage =
	| ClientHello
	| ServerHello
	| EncryptedExtensions
	| Certificate
	| CertificateVerify
	| Finished
	| NewSessionTicket
	| KeyUpdate
	| OtherHandshake;

export const handshakeCodes = {
	client_hello: 1,
	server_hello: 2,
	new_session_ticket: 4,
	encrypted_extensions: 8,
	certificate: 11,
	certificate_verify: 15,
	finished: 20,
	key_update: 24
} as const satisfies Record<Exclude<HandshakeMessage['kind'], 'other'>, number>;

export function handshakeType(message: HandshakeMessage): number {
	return message.kind === 'other' ? message.msgType : handshakeCodes[message.kind];
}

/** SHA-256("HelloRetryRequest") (RFC 8446 section 4.1.3): a ServerHello with this random is a HelloRetryRequest. */
export const helloRetryRequestRandom = fromHex('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c');

export function isHelloRetryRequest(message: Pick<ServerHello, 'random'>): boolean {
	return equalBytes(message.random, helloRetryRequestRandom);
}

export type RecordContent =
	| { kind: 'handshake'; messages: HandshakeMessage[] }
	| { kind: 'alert'; level: number; description: number }
	| { kind: 'change_cipher_spec'; value: number }
	/** TLSCiphertext.encrypted_record: in TLS 1.3 every record of type 23 is protected. */
	| { kind: 'application_data'; encryptedRecord: Uint8Array };

export interface TlsRecord {
	/** 0x0303, or 0x0301 in the first ClientHello's record (RFC 8446 section 5.1). */
	legacyRecordVersion: number;
	content: RecordContent;
}

const recordContentTypes = {
	handshake: { code: ContentType.handshake, title: text('handshake', '握手') },
	alert: { code: ContentType.alert, title: text('alert', '警报') },
	change_cipher_spec: { code: ContentType.changeCipherSpec, title: text('change_cipher_spec', 'change_cipher_spec') },
	application_data: { code: ContentType.applicationData, title: text('application_data (encrypted)', '应用数据（加密）') }
} as const satisfies Record<RecordContent['kind'], { code: number; title: LocalizedText }>;

function cipherSuiteExplanation(suite: number): LocalizedText {
	switch (suite) {
		case 0x1301:
			return text('AES-128-GCM for the records, SHA-256 for the key schedule. Every TLS 1.3 implementation must support it.', '记录用 AES-128-GCM 加密，密钥调度用 SHA-256。每个 TLS 1.3 实现都必须支持它。');
		case 0x1302:
			return text('AES-256-GCM for the records, SHA-384 for the key schedule.', '记录用 AES-256-GCM 加密，密钥调度用 SHA-384。');
		case 0x1303:
			return text('ChaCha20-Poly1305 (RFC 8439) for the records, SHA-256: fast on phones without AES hardware.', '记录用 ChaCha20-Poly1305（RFC 8439），哈希用 SHA-256：在没有 AES 硬件加速的手机上很快。');
		case 0x1304:
		case 0x1305:
			return text('AES-128 in CCM mode (CCM_8: an 8-byte tag), for small devices.', 'CCM 模式的 AES-128（CCM_8：8 字节认证标签），用于小型设备。');
		case 0x00ff:
			return text('Not a suite: a signal that the client supports secure renegotiation (RFC 5746).', '不是真正的套件：表示客户端支持安全重协商（RFC 5746）。');
		case 0x5600:
			return text('Not a suite: says this is a fallback retry with a lower version (RFC 7507).', '不是真正的套件：表示这是降低版本后的回退重试（RFC 7507）。');
		default:
			return isGrease(suite)
				? text('GREASE (RFC 8701): a reserved value, so that servers keep ignoring what they do not know.', 'GREASE（RFC 8701）：保留值，让服务器保持忽略未知值的习惯。')
				: text(
						'A TLS 1.2 suite (key exchange, signature, cipher and hash in one name), for servers without TLS 1.3. TLS 1.3 suites name only the record cipher and the hash.',
						'TLS 1.2 套件（一个名字包含密钥交换、签名、加密和哈希），用于不支持 TLS 1.3 的服务器。TLS 1.3 套件只指定记录加密算法和哈希。'
					);
	}
}

const lists = {
	cipherSuites: {
		id: 'cipher_suites',
		about: {
			label: text('cipher_suites', 'cipher_suites（密码套件列表）'),
			explanation: text('The record cipher and hash pairs the client can use, most preferred first. The server picks one.', '客户端能用的记录加密算法与哈希组合，按偏好排序，由服务器挑选一个。')
		},
		lengthWidth: 2,
		itemWidth: 2,
		names: cipherSuiteNames,
		item: (suite) => ({ label: text('Cipher suite', '密码套件'), explanation: cipherSuiteExplanation(suite) })
	},
	compression: {
		id: 'legacy_compression_methods',
		about: {
			label: text('legacy_compression_methods', 'legacy_compression_methods（压缩方法）'),
			explanation: text('Always the single method 0, “null”: TLS 1.3 dropped compression (the CRIME attack read secrets through it).', '总是只有一个方法 0（null）：TLS 1.3 取消了压缩（CRIME 攻击曾借助压缩窃取秘密）。')
		},
		lengthWidth: 1,
		itemWidth: 1,
		names: { 0: 'null' },
		item: () => ({ label: text('Compression method', '压缩方法'), explanation: text('0 = null: no compression.', '0 = null：不压缩。') })
	}
} satisfies Record<string, CodeList>;

const T = {
	msgBody: {
		label: text('handshake message body', '握手消息体'),
		explanation: text('The message itself; a 3-byte length, because a certificate chain may be larger than 64 KiB.', '消息本身；长度占 3 字节，因为证书链可能超过 64 KiB。')
	},
	legacyVersion: {
		label: text('legacy_version', 'legacy_version（旧版本号）'),
		explanation: text(
			'0x0303, “TLS 1.2”, frozen: servers that saw a higher number here used to fail, so TLS 1.3 is offered in the supported_versions extension instead.',
			'0x0303，即“TLS 1.2”，已冻结：以前有些服务器看到更高的数字就出错，所以 TLS 1.3 改在 supported_versions 扩展中提出。'
		)
	},
	clientRandom: {
		label: text('random', 'random（随机数）'),
		explanation: text(
			'32 bytes from a secure random generator: every handshake is unique, and the keys depend on it through the transcript hash. Public.',
			'来自安全随机数生成器的 32 字节：使每次握手都独一无二，并经由记录哈希影响所有密钥。公开可见。'
		)
	},
	serverRandom: {
		label: text('random', 'random（随机数）'),
		explanation: text('32 random bytes from the server.', '服务器生成的 32 个随机字节。')
	},
	hrrRandom: {
		label: text('random: HelloRetryRequest', 'random：重试请求标记'),
		explanation: text(
			'Not random: SHA-256 of “HelloRetryRequest”. It marks this ServerHello as a HelloRetryRequest: the server asks for a new ClientHello, usually with a key share for another group.',
			'并不随机：它是“HelloRetryRequest”的 SHA-256。它表明这个 ServerHello 是一个重试请求：服务器要求客户端重新发送 ClientHello，通常是为另一个组提供密钥共享。'
		)
	},
	sessionId: {
		label: text('legacy_session_id', 'legacy_session_id（旧会话 ID）'),
		explanation: text(
			'TLS 1.2 session resumption. A TLS 1.3 client sends 32 random bytes here in “middlebox compatibility mode”, so the handshake looks like a TLS 1.2 resumption, or nothing.',
			'TLS 1.2 的会话恢复。TLS 1.3 客户端在“中间设备兼容模式”下在此放 32 个随机字节，让握手看起来像 TLS 1.2 的会话恢复，否则为空。'
		)
	},
	sessionIdEcho: {
		label: text('legacy_session_id_echo', 'legacy_session_id_echo（会话 ID 回显）'),
		explanation: text('The client’s legacy_session_id, echoed byte for byte.', '原样回显客户端的 legacy_session_id。')
	},
	cipherSuite: {
		label: text('cipher_suite', 'cipher_suite（密码套件）'),
		explanation: text('The suite the server chose from the client’s list. Visible to an eavesdropper.', '服务器从客户端列表中选定的套件。窃听者可以看到。')
	},
	compressionMethod: {
		label: text('legacy_compression_method', 'legacy_compression_method（压缩方法）'),
		explanation: text('Always 0: no compression.', '总是 0：不压缩。')
	},
	requestContext: {
		label: text('certificate_request_context', 'certificate_request_context（请求上下文）'),
		explanation: text('Empty in a server’s Certificate. A client answering a CertificateRequest echoes its context here.', '服务器的 Certificate 中为空。客户端响应 CertificateRequest 时在此回显其上下文。')
	},
	certificateList: {
		label: text('certificate_list', 'certificate_list（证书链）'),
		explanation: text('The chain: the server’s own certificate first, then the ones that certify it.', '证书链：服务器自己的证书在前，随后是为它签名的证书。')
	},
	certData: {
		label: text('cert_data', 'cert_data（证书数据）'),
		explanation: text(
			'One X.509 certificate in DER: a name, a public key, a validity period, and the issuer’s signature over them.',
			'一张 DER 编码的 X.509 证书：名称、公钥、有效期，以及签发者对这些内容的签名。'
		)
	},
	signatureAlgorithm: {
		label: text('algorithm', 'algorithm（签名算法）'),
		explanation: text('The signature scheme used, one the client offered in signature_algorithms.', '所用的签名方案，必须是客户端在 signature_algorithms 中提供过的。')
	},
	signature: {
		label: text('signature', 'signature（签名）'),
		explanation: text(
			'Signed with the certificate’s private key over 64 spaces, “TLS 1.3, server CertificateVerify”, a zero byte and the transcript hash: proves the server holds that key, for this very handshake.',
			'用证书私钥对 64 个空格、“TLS 1.3, server CertificateVerify”、一个零字节和记录哈希签名：证明服务器持有该私钥，而且是为这次握手签的。'
		)
	},
	verifyData: {
		label: text('verify_data', 'verify_data（校验数据）'),
		explanation: text(
			'HMAC of the transcript hash under the finished_key: proves both sides saw the same handshake and hold the same keys.',
			'用 finished_key 对记录哈希计算的 HMAC：证明双方看到的握手相同、持有的密钥相同。'
		)
	},
	ticketLifetime: {
		label: text('ticket_lifetime', 'ticket_lifetime（有效期）'),
		explanation: text('How many seconds the ticket may be used; at most 604800 (7 days).', '票据可以使用的秒数，最多 604800（7 天）。')
	},
	ticketAgeAdd: {
		label: text('ticket_age_add', 'ticket_age_add（票龄混淆值）'),
		explanation: text(
			'A random number added to the ticket age the client reports on resumption, so an eavesdropper cannot link the two connections by timing.',
			'一个随机数，客户端恢复会话时报告的票龄要加上它，使窃听者无法凭时间把两次连接联系起来。'
		)
	},
	ticketNonce: {
		label: text('ticket_nonce', 'ticket_nonce（票据随机数）'),
		explanation: text('Unique per ticket in this connection; the resumption key is derived from it.', '本连接中每张票据各不相同；恢复密钥由它派生。')
	},
	ticket: {
		label: text('ticket', 'ticket（票据）'),
		explanation: text('Opaque to the client: the server’s own (encrypted) record of the session, shown back on resumption.', '对客户端不透明：服务器自己（加密保存）的会话记录，恢复会话时由客户端交回。')
	},
	requestUpdate: {
		label: text('request_update', 'request_update（请求更新）'),
		explanation: text('0: no reply needed; 1: the peer should update its own sending keys too.', '0：无需回应；1：对端也应更新自己的发送密钥。')
	},
	body: { label: text('body', 'body（消息体）'), explanation: text('Not taken apart by this page.', '本页面不拆解它。') },
	contentType: {
		label: text('content_type', 'content_type（内容类型）'),
		explanation: text(
			'What the record carries: 22 handshake, 21 alert, 20 change_cipher_spec, 23 application_data. Every encrypted record says 23 here; its real type is hidden inside.',
			'记录承载的内容：22 握手，21 警报，20 change_cipher_spec，23 应用数据。加密记录这里一律是 23，真实类型藏在密文里。'
		)
	},
	fragment: {
		label: text('fragment', 'fragment（记录内容）'),
		explanation: text(
			'The record’s content, at most 2^14 bytes (2^14 + 256 when encrypted). Like the header, its length is visible to anyone on the path.',
			'记录的内容，最多 2^14 字节（加密后最多 2^14 + 256）。和记录头一样，它的长度对路径上的任何人都可见。'
		)
	},
	alertLevel: {
		label: text('level', 'level（级别）'),
		explanation: text('1 warning, 2 fatal. TLS 1.3 goes by the description: every alert but close_notify and user_canceled ends the connection.', '1 警告，2 致命。TLS 1.3 只看描述：除 close_notify 和 user_canceled 外，所有警报都会结束连接。')
	},
	alertDescription: {
		label: text('description', 'description（描述）'),
		explanation: text('What happened. close_notify (0) is the polite goodbye before closing.', '发生了什么。close_notify（0）是关闭连接前的礼貌道别。')
	},
	changeCipherSpec: {
		label: text('change_cipher_spec', 'change_cipher_spec'),
		explanation: text('Always 1. Meaningless in TLS 1.3: sent only so that middleboxes see a familiar TLS 1.2 shape (RFC 8446 appendix D.4).', '总是 1。在 TLS 1.3 中没有意义：只是为了让中间设备看到熟悉的 TLS 1.2 样子（RFC 8446 附录 D.4）。')
	},
	encryptedRecord: {
		label: text('encrypted_record', 'encrypted_record（加密记录）'),
		explanation: text(
			'AEAD output: the content, its real type and any padding, encrypted, then a 16-byte tag. An eavesdropper learns only its length.',
			'AEAD 输出：加密后的内容、真实类型和填充，后接 16 字节认证标签。窃听者只能得知它的长度。'
		)
	},
	ciphertext: {
		label: text('ciphertext', 'ciphertext（密文）'),
		explanation: text(
			'The encrypted TLSInnerPlaintext: content, real content type, padding. An eavesdropper learns only its length.',
			'加密后的 TLSInnerPlaintext：内容、真实内容类型和填充。窃听者只能得知它的长度。'
		)
	},
	tag: {
		label: text('authentication tag', '认证标签'),
		explanation: text('16 bytes that fail to verify if a single bit of the record or its header was changed.', '16 字节：记录或记录头中哪怕改动一位，验证都会失败。')
	}
} satisfies Record<string, FieldText>;

/** A message's name, and what its msg_type byte says about it (including what an eavesdropper sees). */
function messageAbout(message: HandshakeMessage): { title: LocalizedText; explanation: LocalizedText } {
	switch (message.kind) {
		case 'client_hello':
			return {
				title: text('ClientHello', '客户端问候 ClientHello'),
				explanation: text(
					'1 = client_hello: the client’s opening offer of versions, cipher suites, key shares and the server’s name. Sent in plaintext: anyone on the path can read all of it, the server name (SNI) included.',
					'1 = client_hello：客户端的开场提议，包括版本、密码套件、密钥共享和服务器名称。以明文发送：路径上的任何人都能读到全部内容，包括服务器名称（SNI）。'
				)
			};
		case 'server_hello':
			return isHelloRetryRequest(message)
				? {
						title: text('HelloRetryRequest', '重试请求 HelloRetryRequest'),
						explanation: text(
							'2 = server_hello, but its random marks a HelloRetryRequest: the server asks for a new ClientHello, usually because none of the offered key shares suits it. Plaintext.',
							'2 = server_hello，但它的 random 表明这是重试请求：服务器要求重新发送 ClientHello，通常是因为客户端提供的密钥共享都不合适。明文。'
						)
					}
				: {
						title: text('ServerHello', '服务器问候 ServerHello'),
						explanation: text(
							'2 = server_hello: the server’s choices and its key share. Still plaintext (an eavesdropper sees the suite and version); everything after it is encrypted.',
							'2 = server_hello：服务器的选择和它的密钥共享。仍是明文（窃听者能看到套件和版本）；此后的一切都加密。'
						)
					};
		case 'encrypted_extensions':
			return {
				title: text('EncryptedExtensions', '加密扩展 EncryptedExtensions'),
				explanation: text(
					'8 = encrypted_extensions: the first message under the handshake keys, carrying the extensions not needed to compute them. On the wire an eavesdropper sees only an application_data record.',
					'8 = encrypted_extensions：第一条用握手密钥加密的消息，携带计算密钥时用不到的扩展。窃听者在线路上只能看到一条 application_data 记录。'
				)
			};
		case 'certificate':
			return {
				title: text('Certificate', '证书 Certificate'),
				explanation: text(
					'11 = certificate: the certificate chain. Encrypted in TLS 1.3 (in TLS 1.2 anyone could read it), so an eavesdropper does not see which certificate was sent.',
					'11 = certificate：证书链。在 TLS 1.3 中是加密的（TLS 1.2 中任何人都能读到），所以窃听者看不到发送的是哪张证书。'
				)
			};
		case 'certificate_verify':
			return {
				title: text('CertificateVerify', '证书验证 CertificateVerify'),
				explanation: text('15 = certificate_verify: a signature over the handshake so far, made with the certificate’s private key. Encrypted.', '15 = certificate_verify：用证书私钥对到目前为止的握手所做的签名。已加密。')
			};
		case 'finished':
			return {
				title: text('Finished', '完成 Finished'),
				explanation: text('20 = finished: a MAC over the whole handshake so far. Encrypted.', '20 = finished：对到目前为止整个握手计算的 MAC。已加密。')
			};
		case 'new_session_ticket':
			return {
				title: text('NewSessionTicket', '新会话票据 NewSessionTicket'),
				explanation: text(
					'4 = new_session_ticket: sent after the handshake, under the application keys: a ticket to resume later without a full handshake.',
					'4 = new_session_ticket：握手完成后用应用密钥发送：凭这张票据，以后可以不做完整握手就恢复会话。'
				)
			};
		case 'key_update':
			return {
				title: text('KeyUpdate', '密钥更新 KeyUpdate'),
				explanation: text('24 = key_update: the sender switches to the next generation of traffic keys.', '24 = key_update：发送方切换到下一代流量密钥。')
			};
		case 'other': {
			const name = handshakeTypeNames[message.msgType] ?? `type ${message.msgType}`;
			return { title: text(name, name), explanation: text(`${message.msgType} = ${name}: not taken apart by this page.`, `${message.msgType} = ${name}：本页面不拆解它。`) };
		}
	}
}

function readHandshake(r: WireReader): HandshakeMessage {
	const msgType = r.u8(text('msg_type', 'msg_type（消息类型）'));
	return r.vector(3, T.msgBody.label, (b) => readBody(b, msgType));
}

function readBody(r: WireReader, msgType: number): HandshakeMessage {
	switch (msgType) {
		case handshakeCodes.client_hello: {
			const legacyVersion = r.u16(T.legacyVersion.label);
			const random = r.take(32, T.clientRandom.label);
			const legacySessionId = readSessionId(r, T.sessionId);
			const cipherSuites = readCodes(r, lists.cipherSuites);
			const legacyCompressionMethods = readCodes(r, lists.compression);
			return { kind: 'client_hello', legacyVersion, random, legacySessionId, cipherSuites, legacyCompressionMethods, extensions: readExtensions(r, 'client_hello') };
		}
		case handshakeCodes.server_hello: {
			const legacyVersion = r.u16(T.legacyVersion.label);
			const random = r.take(32, T.serverRandom.label);
			const legacySessionIdEcho = readSessionId(r, T.sessionIdEcho);
			const cipherSuite = r.u16(T.cipherSuite.label);
			const legacyCompressionMethod = r.u8(T.compressionMethod.label);
			const context = isHelloRetryRequest({ random }) ? 'hello_retry_request' : 'server_hello';
			return { kind: 'server_hello', legacyVersion, random, legacySessionIdEcho, cipherSuite, legacyCompressionMethod, extensions: readExtensions(r, context) };
		}
		case handshakeCodes.encrypted_extensions:
			return { kind: 'encrypted_extensions', extensions: readExtensions(r, 'encrypted_extensions') };
		case handshakeCodes.certificate:
			return {
				kind: 'certificate',
				certificateRequestContext: r.opaque(1, T.requestContext.label),
				certificateList: r.list(3, T.certificateList.label, (e) => ({ certData: e.opaque(3, T.certData.label), extensions: readExtensions(e, 'certificate') }))
			};
		case handshakeCodes.certificate_verify:
			return { kind: 'certificate_verify', algorithm: r.u16(T.signatureAlgorithm.label), signature: r.opaque(2, T.signature.label) };
		case handshakeCodes.finished:
			// verify_data is as long as the suite's hash, which the message itself does not say: all of the body.
			return { kind: 'finished', verifyData: r.rest() };
		case handshakeCodes.new_session_ticket:
			return {
				kind: 'new_session_ticket',
				ticketLifetime: r.u32(T.ticketLifetime.label),
				ticketAgeAdd: r.u32(T.ticketAgeAdd.label),
				ticketNonce: r.opaque(1, T.ticketNonce.label),
				ticket: r.opaque(2, T.ticket.label),
				extensions: readExtensions(r, 'new_session_ticket')
			};
		case handshakeCodes.key_update:
			return { kind: 'key_update', requestUpdate: r.u8(T.requestUpdate.label) };
		default:
			return { kind: 'other', msgType, body: r.rest() };
	}
}

function readSessionId(r: WireReader, about: FieldText): Uint8Array {
	const id = r.opaque(1, about.label);
	if (id.length > 32) r.malformed(text(`${about.label.en} is at most 32 bytes.`, `${about.label['zh-CN']}最多 32 字节。`));
	return id;
}

/** Writes one handshake message: a header section (msg_type, length), then the body's sections. */
export function writeHandshake(w: AnnotatedWriter, message: HandshakeMessage, id: string = message.kind): void {
	const { title, explanation } = messageAbout(message);
	const type = handshakeType(message);
	w.section(`${id}.header`, text(`Handshake header: ${title.en}`, `握手消息头：${title['zh-CN']}`));
	w.u8('msg_type', type, { label: text('msg_type', 'msg_type（消息类型）'), explanation }, showNumber(type, handshakeTypeNames));
	w.vector24('body', T.msgBody, () => {
		w.section(id, title);
		writeBody(w, message, id);
	});
}

function writeBody(w: AnnotatedWriter, message: HandshakeMessage, id: string): void {
	switch (message.kind) {
		case 'client_hello':
			w.u16('legacy_version', message.legacyVersion, T.legacyVersion, showCode(message.legacyVersion, protocolVersionNames));
			w.bytes('random', message.random, T.clientRandom);
			w.vector8('legacy_session_id', T.sessionId, () => w.bytes('bytes', message.legacySessionId, T.sessionId), message.legacySessionId.length ? undefined : 'empty');
			writeCodes(w, lists.cipherSuites, message.cipherSuites);
			writeCodes(w, lists.compression, message.legacyCompressionMethods);
			return writeExtensions(w, message.extensions, 'client_hello', id);
		case 'server_hello': {
			const retry = isHelloRetryRequest(message);
			w.u16('legacy_version', message.legacyVersion, T.legacyVersion, showCode(message.legacyVersion, protocolVersionNames));
			w.bytes('random', message.random, retry ? T.hrrRandom : T.serverRandom);
			w.vector8('legacy_session_id_echo', T.sessionIdEcho, () => w.bytes('bytes', message.legacySessionIdEcho, T.sessionIdEcho), message.legacySessionIdEcho.length ? undefined : 'empty');
			w.u16('cipher_suite', message.cipherSuite, T.cipherSuite, showCode(message.cipherSuite, cipherSuiteNames));
			w.u8('legacy_compression_method', message.legacyCompressionMethod, T.compressionMethod);
			return writeExtensions(w, message.extensions, retry ? 'hello_retry_request' : 'server_hello', id);
		}
		case 'encrypted_extensions':
			return writeExtensions(w, message.extensions, 'encrypted_extensions', id);
		case 'certificate':
			w.vector8('certificate_request_context', T.requestContext, () => w.bytes('bytes', message.certificateRequestContext, T.requestContext), message.certificateRequestContext.length ? undefined : 'empty');
			return w.vector24('certificate_list', T.certificateList, () =>
				message.certificateList.forEach((entry, i) => {
					w.section(`${id}.entry${i}`, text(`CertificateEntry ${i + 1}${i === 0 ? ': the server’s own' : ''}`, `证书项 ${i + 1}${i === 0 ? '：服务器自己的证书' : ''}`));
					w.vector24('cert_data', T.certData, () => w.bytes('der', entry.certData, T.certData));
					writeExtensions(w, entry.extensions, 'certificate');
				})
			);
		case 'certificate_verify':
			w.u16('algorithm', message.algorithm, T.signatureAlgorithm, showCode(message.algorithm, signatureSchemeNames));
			return w.vector16('signature', T.signature, () => w.bytes('bytes', message.signature, T.signature));
		case 'finished':
			return w.bytes('verify_data', message.verifyData, T.verifyData);
		case 'new_session_ticket':
			w.u32('ticket_lifetime', message.ticketLifetime, T.ticketLifetime, `${message.ticketLifetime} s`);
			w.u32('ticket_age_add', message.ticketAgeAdd, T.ticketAgeAdd);
			w.vector8('ticket_nonce', T.ticketNonce, () => w.bytes('bytes', message.ticketNonce, T.ticketNonce));
			w.vector16('ticket', T.ticket, () => w.bytes('bytes', message.ticket, T.ticket));
			return writeExtensions(w, message.extensions, 'new_session_ticket');
		case 'key_update':
			return w.u8('request_update', message.requestUpdate, T.requestUpdate, message.requestUpdate === 1 ? '1 (update_requested)' : `${message.requestUpdate} (update_not_requested)`);
		case 'other':
			return w.bytes('body', message.body, T.body);
	}
}

/** Ids for messages side by side: their kind, numbered only when a kind repeats. */
function messageIds(messages: readonly HandshakeMessage[], prefix: string): string[] {
	return messages.map((m, i) => {
		const repeated = messages.some((other, j) => j !== i && other.kind === m.kind);
		return `${prefix}${m.kind}${repeated ? i : ''}`;
	});
}

function readRecord(r: WireReader): TlsRecord {
	const contentType = r.u8(T.contentType.label);
	const legacyRecordVersion = r.u16(text('legacy_record_version', 'legacy_record_version（记录版本）'));
	const content = r.vector(2, T.fragment.label, (f): RecordContent => {
		const limit = contentType === ContentType.applicationData ? MAX_CIPHERTEXT_LENGTH : MAX_PLAINTEXT_LENGTH;
		if (f.remaining > limit) f.malformed(text(`a record carries at most ${limit} bytes (a peer answers record_overflow).`, `一条记录最多承载 ${limit} 字节（对端会回应 record_overflow）。`));
		switch (contentType) {
			case ContentType.handshake: {
				if (f.remaining === 0) f.malformed(text('a handshake record may not be empty.', '握手记录不能为空。'));
				return { kind: 'handshake', messages: untilEnd(readHandshake)(f) };
			}
			case ContentType.alert:
				return { kind: 'alert', level: f.u8(T.alertLevel.label), description: f.u8(T.alertDescription.label) };
			case ContentType.changeCipherSpec:
				return { kind: 'change_cipher_spec', value: f.u8(T.changeCipherSpec.label) };
			case ContentType.applicationData:
				return { kind: 'application_data', encryptedRecord: f.rest() };
			default:
				return f.malformed(text(`content type ${contentType} is not one TLS 1.3 sends.`, `内容类型 ${contentType} 不是 TLS 1.3 会发送的类型。`));
		}
	});
	return { legacyRecordVersion, content };
}

function recordVersionAbout(version: number): FieldText {
	return {
		label: text('legacy_record_version', 'legacy_record_version（记录版本）'),
		explanation:
			version === 0x0301
				? text(
						'0x0301, “TLS 1.0”: allowed in the record of the first ClientHello, for old servers that refuse anything newer. Ignored by TLS 1.3.',
						'0x0301，即“TLS 1.0”：第一个 ClientHello 所在的记录可以这样写，照顾拒绝更新版本号的老服务器。TLS 1.3 忽略它。'
					)
				: text(
						'0x0303, “TLS 1.2”: frozen in TLS 1.3 so that middleboxes which inspect it keep working. The version is really negotiated in supported_versions.',
						'0x0303，即“TLS 1.2”：TLS 1.3 冻结了这个值，让检查它的中间设备照常工作。版本真正的协商在 supported_versions 中。'
					)
	};
}

/** Writes one record: the 5-byte header section, then its content's sections. */
export function writeRecord(w: AnnotatedWriter, record: TlsRecord, id = 'record'): void {
	const { content } = record;
	const { code: type, title } = recordContentTypes[content.kind];
	w.section(id, text(`Record header: ${title.en}`, `记录头：${title['zh-CN']}`));
	w.u8('content_type', type, T.contentType, showNumber(type, contentTypeNames));
	w.u16('legacy_record_version', record.legacyRecordVersion, recordVersionAbout(record.legacyRecordVersion), showCode(record.legacyRecordVersion, protocolVersionNames));
	w.vector16('fragment', T.fragment, () => {
		switch (content.kind) {
			case 'handshake': {
				const ids = messageIds(content.messages, `${id}.`);
				return content.messages.forEach((m, i) => writeHandshake(w, m, ids[i]));
			}
			case 'alert':
				w.section(`${id}.alert`, text('Alert', '警报 Alert'));
				w.u8('level', content.level, T.alertLevel, showNumber(content.level, alertLevelNames));
				return w.u8('description', content.description, T.alertDescription, showNumber(content.description, alertDescriptionNames));
			case 'change_cipher_spec':
				w.section(`${id}.change_cipher_spec`, text('ChangeCipherSpec (compatibility)', 'ChangeCipherSpec（兼容用）'));
				return w.u8('value', content.value, T.changeCipherSpec);
			case 'application_data': {
				const data = content.encryptedRecord;
				w.section(`${id}.encrypted_record`, text('Encrypted record', '加密记录'));
				if (data.length <= AEAD_TAG_LENGTH) return w.bytes('bytes', data, T.encryptedRecord);
				w.bytes('ciphertext', data.subarray(0, data.length - AEAD_TAG_LENGTH), T.ciphertext);
				return w.bytes('tag', data.subarray(data.length - AEAD_TAG_LENGTH), T.tag);
			}
		}
	});
}

export function buildHandshake(message: HandshakeMessage, id?: string): AnnotatedBytes {
	const w = new AnnotatedWriter();
	writeHandshake(w, message, id);
	return w.finish();
}

/** Several messages back to back, as a flight is hashed or sits inside one decrypted record. */
export function buildHandshakeMessages(messages: readonly HandshakeMessage[]): AnnotatedBytes {
	const w = new AnnotatedWriter();
	const ids = messageIds(messages, '');
	messages.forEach((m, i) => writeHandshake(w, m, ids[i]));
	return w.finish();
}

export function buildRecord(record: TlsRecord, id?: string): AnnotatedBytes {
	const w = new AnnotatedWriter();
	writeRecord(w, record, id);
	return w.finish();
}

export function buildRecords(records: readonly TlsRecord[]): AnnotatedBytes {
	const w = new AnnotatedWriter();
	records.forEach((record, i) => writeRecord(w, record, `record${i}`));
	return w.finish();
}

/** A reader for items back to back, up to the end of what is being read. */
function untilEnd<T>(read: (r: WireReader) => T): (r: WireReader) => T[] {
	return (r) => {
		const items: T[] = [];
		while (r.remaining > 0) items.push(read(r));
		return items;
	};
}

type Parsed<K extends string, T> = Result<Record<K, T> & { annotated: AnnotatedBytes }, TlsWireErrorCode>;

/** Reads with `read`, then annotates by writing the values again; the rewrite must give the same bytes. */
function parseAndAnnotate<K extends string, T>(
	key: K,
	bytes: Uint8Array,
	what: LocalizedText,
	read: (r: WireReader) => T,
	write: (value: T) => AnnotatedBytes
): Parsed<K, T> {
	const parsed = readWire(bytes, read, what);
	if (!parsed.ok) return parsed;
	const annotated = write(parsed.value);
	// Every field is kept, so this holds for any input the reader accepts; checked, not assumed.
	if (!equalBytes(annotated.bytes, bytes))
		return fail('malformed', text(`${what.en}: the bytes do not read back the same way.`, `${what['zh-CN']}：这些字节无法按原样重建。`));
	return ok({ [key]: parsed.value, annotated } as Record<K, T> & { annotated: AnnotatedBytes });
}

const HANDSHAKE_TEXT = text('the handshake message', '握手消息');
const RECORD_TEXT = text('the record', '记录');

/** Exactly one handshake message, header included. */
export function parseHandshake(bytes: Uint8Array): Parsed<'message', HandshakeMessage> {
	return parseAndAnnotate('message', bytes, HANDSHAKE_TEXT, readHandshake, (m) => buildHandshake(m));
}

/** Handshake messages back to back, e.g. the content of a decrypted record. */
export function parseHandshakeMessages(bytes: Uint8Array): Parsed<'messages', HandshakeMessage[]> {
	return parseAndAnnotate('messages', bytes, HANDSHAKE_TEXT, untilEnd(readHandshake), buildHandshakeMessages);
}

/** Exactly one record (TLSPlaintext, or TLSCiphertext with its encrypted_record left closed). */
export function parseRecord(bytes: Uint8Array): Parsed<'record', TlsRecord> {
	return parseAndAnnotate('record', bytes, RECORD_TEXT, readRecord, (record) => buildRecord(record));
}

/** Records back to back, as they come off a TCP stream. */
export function parseRecords(bytes: Uint8Array): Parsed<'records', TlsRecord[]> {
	return parseAndAnnotate('records', bytes, RECORD_TEXT, untilEnd(readRecord), buildRecords);
}

export interface ClientHelloOptions {
	/** 32 bytes from a secure random source (crypto.getRandomValues), passed in so that a run can be replayed. */
	random: Uint8Array;
	/** Left out when absent or an IP address literal (RFC 6066 allows only host names); a trailing dot is dropped. */
	serverName?: string;
	keyShares: KeyShareEntry[];
	/** Default: the three AES-GCM and ChaCha20 suites of TLS 1.3. */
	cipherSuites?: number[];
	/** Default: the key shares' groups, then x25519 and secp256r1. */
	groups?: number[];
	/** Default: what Web Crypto can verify: ECDSA P-256/P-384, RSA-PSS, and PKCS#1 for certificates. */
	signatureSchemes?: number[];
	alpn?: string[];
	/** Default empty; 32 random bytes turn on middlebox compatibility mode. */
	legacySessionId?: Uint8Array;
}

/** A fresh TLS 1.3 ClientHello, as the page's client sends it; write it with `buildHandshake`. */
export function newClientHello(options: ClientHelloOptions): ClientHello {
	if (options.random.length !== 32) throw new RangeError('a ClientHello random is 32 bytes');
	const name = options.serverName?.replace(/\.$/, '');
	const isAddress = !!name && (/^[\d.]+$/.test(name) || name.includes(':'));
	const groups = options.groups ?? [...new Set([...options.keyShares.map((s) => s.group), 0x001d, 0x0017])];
	const extensions: Extension[] = [];
	if (name && !isAddress) extensions.push({ kind: 'server_name', hostNames: [name] });
	extensions.push(
		{ kind: 'supported_groups', groups },
		{ kind: 'signature_algorithms', schemes: options.signatureSchemes ?? [0x0403, 0x0503, 0x0804, 0x0805, 0x0401] }
	);
	if (options.alpn?.length) extensions.push({ kind: 'alpn', protocols: options.alpn });
	extensions.push(
		{ kind: 'supported_versions', versions: [0x0304] },
		{ kind: 'psk_key_exchange_modes', modes: [1] },
		{ kind: 'key_share', shares: options.keyShares }
	);
	return {
		kind: 'client_hello',
		legacyVersion: 0x0303,
		random: options.random,
		legacySessionId: options.legacySessionId ?? new Uint8Array(0),
		cipherSuites: options.cipherSuites ?? [0x1301, 0x1302, 0x1303],
		legacyCompressionMethods: [0],
		extensions
	};
}

export type { Extension, ExtensionContext, KeyShareEntry };
