/**
 * TLS 1.3 extensions (RFC 8446 section 4.2, SNI from RFC 6066): decoded into plain values, and written back
 * with an explanation on every field. Extensions this page does not take apart keep their bytes as they are.
 */
import type { LocalizedText } from '$lib/i18n/locales';
import {
	byteCount,
	ecPointFormatNames,
	extensionTypeNames,
	hexValue,
	isGrease,
	namedGroupNames,
	protocolVersionNames,
	pskKeyExchangeModeNames,
	readCodes,
	showCode,
	signatureSchemeNames,
	text,
	writeCodes,
	type AnnotatedWriter,
	type CodeList,
	type FieldText,
	type WireReader
} from './wire';

/** Which message holds the extensions: the same type has a different body in each (RFC 8446 section 4.2). */
export type ExtensionContext =
	| 'client_hello'
	| 'server_hello'
	| 'hello_retry_request'
	| 'encrypted_extensions'
	| 'certificate'
	| 'new_session_ticket';

export interface KeyShareEntry {
	group: number;
	/** The public key: 32 bytes for x25519, an uncompressed point (0x04 || X || Y) for the NIST curves. */
	keyExchange: Uint8Array;
}

export type Extension =
	/** An empty list in a server's message: "I used the name you sent". */
	| { kind: 'server_name'; hostNames: string[] }
	| { kind: 'supported_groups'; groups: number[] }
	| { kind: 'ec_point_formats'; formats: number[] }
	| { kind: 'signature_algorithms'; schemes: number[] }
	| { kind: 'signature_algorithms_cert'; schemes: number[] }
	| { kind: 'alpn'; protocols: string[] }
	| { kind: 'record_size_limit'; limit: number }
	| { kind: 'session_ticket'; ticket: Uint8Array }
	/** Empty in ClientHello and EncryptedExtensions; max_early_data_size in NewSessionTicket. */
	| { kind: 'early_data'; maxEarlyDataSize?: number }
	/** The client's list (ClientHello). */
	| { kind: 'supported_versions'; versions: number[] }
	/** The server's choice (ServerHello, HelloRetryRequest). */
	| { kind: 'selected_version'; version: number }
	| { kind: 'cookie'; cookie: Uint8Array }
	| { kind: 'psk_key_exchange_modes'; modes: number[] }
	/** The client's shares (ClientHello). */
	| { kind: 'key_share'; shares: KeyShareEntry[] }
	/** The server's one share (ServerHello). */
	| { kind: 'key_share_server'; share: KeyShareEntry }
	/** The group the server asks for (HelloRetryRequest). */
	| { kind: 'key_share_hrr'; selectedGroup: number }
	| { kind: 'renegotiation_info'; renegotiatedConnection: Uint8Array }
	/** Any other type, kept as bytes. */
	| { kind: 'other'; type: number; data: Uint8Array };

export const extensionCodes = {
	server_name: 0,
	supported_groups: 10,
	ec_point_formats: 11,
	signature_algorithms: 13,
	alpn: 16,
	record_size_limit: 28,
	session_ticket: 35,
	early_data: 42,
	supported_versions: 43,
	selected_version: 43,
	cookie: 44,
	psk_key_exchange_modes: 45,
	signature_algorithms_cert: 50,
	key_share: 51,
	key_share_server: 51,
	key_share_hrr: 51,
	renegotiation_info: 0xff01
} as const satisfies Record<Exclude<Extension['kind'], 'other'>, number>;

export function extensionType(extension: Extension): number {
	return extension.kind === 'other' ? extension.type : extensionCodes[extension.kind];
}

const GREASE_TEXT = text(
	'GREASE (RFC 8701): a reserved value chosen at random, so that servers keep ignoring values they do not know.',
	'GREASE（RFC 8701）：随机选取的保留值，让服务器保持忽略未知值的习惯。'
);

const orGrease = (code: number, explanation: LocalizedText): LocalizedText => (isGrease(code) ? GREASE_TEXT : explanation);

function groupExplanation(group: number): LocalizedText {
	const name = namedGroupNames[group] ?? '';
	if (name === 'x25519') return text('Curve25519 (RFC 7748): fast and simple; the most used group.', 'Curve25519（RFC 7748）：快速、简单，是最常用的组。');
	if (name.startsWith('secp')) return text(`The NIST curve P-${name.slice(4, 7)}.`, `NIST 椭圆曲线 P-${name.slice(4, 7)}。`);
	if (name === 'x448') return text('Curve448 (RFC 7748): a larger curve than x25519.', 'Curve448（RFC 7748）：比 x25519 更大的曲线。');
	if (name.startsWith('ffdhe'))
		return text(
			`Finite-field Diffie–Hellman with a fixed ${name.slice(5)}-bit prime (RFC 7919): bigger and slower than the curves.`,
			`使用固定 ${name.slice(5)} 位素数的有限域 Diffie–Hellman（RFC 7919）：比椭圆曲线更大、更慢。`
		);
	if (name === 'X25519MLKEM768')
		return text(
			'A hybrid: ML-KEM-768 (post-quantum) and X25519 together, so the secret holds even against a future quantum computer.',
			'混合方案：ML-KEM-768（后量子）与 X25519 并用，即使将来出现量子计算机，密钥也不会泄露。'
		);
	return orGrease(group, text('A group this page has no name for.', '本页面不认识的组。'));
}

function signatureSchemeExplanation(scheme: number): LocalizedText {
	const name = signatureSchemeNames[scheme] ?? '';
	if (name.startsWith('rsa_pss_'))
		return text(
			'RSA-PSS with the named hash (rsae: the key sits in an ordinary RSA certificate; pss: a key limited to PSS).',
			'使用所列哈希的 RSA-PSS（rsae：密钥在普通 RSA 证书中；pss：只能用于 PSS 的密钥）。'
		);
	if (name.startsWith('rsa_pkcs1_') && name !== 'rsa_pkcs1_sha1')
		return text(
			'RSASSA-PKCS1-v1_5: TLS 1.3 accepts it only in certificates, never in CertificateVerify.',
			'RSASSA-PKCS1-v1_5：TLS 1.3 只在证书中接受它，CertificateVerify 中不能用。'
		);
	if (name.startsWith('ecdsa_secp')) return text('ECDSA on the named curve with the named hash.', '在所列曲线上使用所列哈希的 ECDSA。');
	if (name === 'ed25519' || name === 'ed448') return text('EdDSA (RFC 8032): deterministic signatures on Edwards curves.', 'EdDSA（RFC 8032）：基于 Edwards 曲线的确定性签名。');
	if (name) return text('Legacy (SHA-1 or DSA): only for old TLS 1.2 servers; TLS 1.3 never uses it.', '遗留算法（SHA-1 或 DSA）：只为老的 TLS 1.2 服务器提供，TLS 1.3 从不使用。');
	return orGrease(scheme, text('A scheme this page has no name for.', '本页面不认识的签名方案。'));
}

const groupList = (id: string, about: FieldText): CodeList => ({
	id,
	about,
	lengthWidth: 2,
	itemWidth: 2,
	names: namedGroupNames,
	item: (group) => ({ label: text('Named group', '命名组'), explanation: groupExplanation(group) })
});

const signatureList = (about: FieldText): CodeList => ({
	id: 'supported_signature_algorithms',
	about,
	lengthWidth: 2,
	itemWidth: 2,
	names: signatureSchemeNames,
	item: (scheme) => ({ label: text('Signature scheme', '签名方案'), explanation: signatureSchemeExplanation(scheme) })
});

const lists = {
	groups: groupList('named_group_list', {
		label: text('named_group_list', 'named_group_list（组列表）'),
		explanation: text('Key-exchange groups, most preferred first.', '密钥交换组，按偏好排序。')
	}),
	signatures: signatureList({
		label: text('supported_signature_algorithms', 'supported_signature_algorithms（签名算法列表）'),
		explanation: text('Signature schemes, most preferred first.', '签名方案，按偏好排序。')
	}),
	versions: {
		id: 'versions',
		about: { label: text('versions', 'versions（版本列表）'), explanation: text('Versions the client speaks, most preferred first.', '客户端支持的版本，按偏好排序。') },
		lengthWidth: 1,
		itemWidth: 2,
		names: protocolVersionNames,
		item: (version) => ({
			label: text('Version', '版本'),
			explanation: orGrease(
				version,
				version === 0x0304
					? text('TLS 1.3: 0x0304, "3.4", because TLS 1.0 was SSL 3.1.', 'TLS 1.3：0x0304，即“3.4”，因为 TLS 1.0 就是 SSL 3.1。')
					: text('An older version, for servers that do not speak TLS 1.3.', '较旧的版本，用于不支持 TLS 1.3 的服务器。')
			)
		})
	},
	pskModes: {
		id: 'ke_modes',
		about: { label: text('ke_modes', 'ke_modes（交换模式）'), explanation: text('The modes the client accepts.', '客户端接受的模式。') },
		lengthWidth: 1,
		itemWidth: 1,
		names: pskKeyExchangeModeNames,
		item: (mode) => ({
			label: text('PSK mode', 'PSK 模式'),
			explanation:
				mode === 0
					? text('psk_ke: resume with the key alone. Faster, but no forward secrecy.', 'psk_ke：只用预共享密钥恢复会话。更快，但没有前向保密。')
					: text('psk_dhe_ke: the key plus a fresh (EC)DHE exchange, so forward secrecy is kept.', 'psk_dhe_ke：预共享密钥再加一次新的 (EC)DHE 交换，保持前向保密。')
		})
	},
	pointFormats: {
		id: 'ec_point_format_list',
		about: { label: text('ec_point_format_list', 'ec_point_format_list（点格式列表）'), explanation: text('Point encodings the client reads.', '客户端能读的点编码格式。') },
		lengthWidth: 1,
		itemWidth: 1,
		names: ecPointFormatNames,
		item: () => ({ label: text('Point format', '点格式'), explanation: text('0 = uncompressed, the only one still in use.', '0 = 未压缩，唯一仍在使用的格式。') })
	}
} satisfies Record<string, CodeList>;

const T = {
	extensions: {
		label: text('extensions', 'extensions（扩展列表）'),
		explanation: text(
			'Everything TLS added since 1.2 lives in extensions: a type, a length, the data. Thanks to the length, a side skips types it does not know.',
			'TLS 1.2 之后新增的内容都放在扩展里：类型、长度、数据。有了长度，一方可以跳过不认识的类型。'
		)
	},
	extensionData: {
		label: text('extension_data', 'extension_data（扩展数据）'),
		explanation: text('The extension’s body; its layout depends on the type.', '扩展的内容，格式取决于类型。')
	},
	serverNameList: {
		label: text('server_name_list', 'server_name_list（名称列表）'),
		explanation: text('One entry per name; in practice a single host name.', '每个名字一项；实际中只有一个主机名。')
	},
	serverName: { label: text('ServerName', 'ServerName（服务器名称）'), explanation: text('A name type and the name.', '名称类型和名称。') },
	nameType: { label: text('name_type', 'name_type（名称类型）'), explanation: text('0 = host_name, the only type defined.', '0 = host_name，唯一定义的类型。') },
	hostName: {
		label: text('host_name', 'host_name（主机名）'),
		explanation: text(
			'The site’s name in ASCII, without a trailing dot. Readable by anyone on the path.',
			'网站名称，ASCII 编码，末尾不带点。路径上的任何人都能读到。'
		)
	},
	alpnList: { label: text('protocol_name_list', 'protocol_name_list（协议列表）'), explanation: text('Protocol names, most preferred first.', '协议名称，按偏好排序。') },
	protocolName: { label: text('ProtocolName', 'ProtocolName（协议名）'), explanation: text('An ALPN id such as h2 or http/1.1.', 'ALPN 标识，如 h2 或 http/1.1。') },
	recordSizeLimit: {
		label: text('RecordSizeLimit', 'RecordSizeLimit（记录大小上限）'),
		explanation: text(
			'Bytes of plaintext per record, counting TLS 1.3’s content type byte: 16385 = 2^14 + 1 means “no smaller than the default”.',
			'每条记录的明文字节数上限，包含 TLS 1.3 的内容类型字节：16385 = 2^14 + 1 表示“与默认上限相同”。'
		)
	},
	ticket: { label: text('ticket', 'ticket（票据）'), explanation: text('A TLS 1.2 session ticket; empty asks the server for one.', 'TLS 1.2 会话票据；为空表示向服务器索取一张。') },
	maxEarlyData: {
		label: text('max_early_data_size', 'max_early_data_size（早期数据上限）'),
		explanation: text('The most 0-RTT data the server will take with this ticket.', '凭这张票据服务器最多接受的 0-RTT 数据量。')
	},
	selectedVersion: {
		label: text('selected_version', 'selected_version（选定版本）'),
		explanation: text('0x0304: TLS 1.3. A server that leaves this extension out speaks TLS 1.2 or older.', '0x0304：TLS 1.3。不带此扩展的服务器说的是 TLS 1.2 或更旧的版本。')
	},
	cookie: { label: text('cookie', 'cookie'), explanation: text('Opaque to the client, echoed back unchanged.', '对客户端不透明，原样回显。') },
	clientShares: {
		label: text('client_shares', 'client_shares（客户端密钥共享）'),
		explanation: text('One public key per group the client guesses the server will pick.', '客户端为它猜服务器会选的每个组各放一个公钥。')
	},
	keyShareEntry: { label: text('KeyShareEntry', 'KeyShareEntry（密钥共享项）'), explanation: text('A group and a public key in it.', '一个组，以及该组中的一个公钥。') },
	selectedGroup: {
		label: text('selected_group', 'selected_group（选定的组）'),
		explanation: text('The group the server wants a key share for, in a second ClientHello.', '服务器希望客户端在第二个 ClientHello 中为之提供密钥共享的组。')
	},
	renegotiatedConnection: {
		label: text('renegotiated_connection', 'renegotiated_connection（重协商数据）'),
		explanation: text('Empty on a first handshake.', '首次握手时为空。')
	},
	data: { label: text('data', 'data（数据）'), explanation: text('The extension’s bytes, not taken apart here.', '扩展的原始字节，这里不做拆解。') }
} satisfies Record<string, FieldText>;

/** What one extension is for, said where its type is written. */
function extensionAbout(extension: Extension, context: ExtensionContext): { title: LocalizedText; explanation: LocalizedText } {
	const fromServer = context !== 'client_hello';
	switch (extension.kind) {
		case 'server_name':
			return {
				title: text('server_name (SNI)', '服务器名称指示 SNI'),
				explanation: fromServer
					? text('Empty: the server confirms it used the name the client sent.', '为空：服务器确认它使用了客户端发来的名字。')
					: text(
							'Server Name Indication (RFC 6066): which site the client wants, so one IP address can host many. Sent in plaintext: anyone on the path (Wi-Fi, ISP) reads the name. Encrypted Client Hello (ECH) hides it.',
							'服务器名称指示（RFC 6066）：客户端要访问哪个网站，这样一个 IP 地址可以承载多个网站。它以明文发送：路径上的任何人（Wi-Fi、运营商）都能读到这个名字。加密客户端问候（ECH）可以把它隐藏起来。'
						)
			};
		case 'supported_groups':
			return {
				title: text('supported_groups', '支持的组'),
				explanation: fromServer
					? text('The server’s preferred groups, for the client’s next connection.', '服务器偏好的组，供客户端下次连接时参考。')
					: text('The key-exchange groups the client supports (RFC 8446 section 4.2.7).', '客户端支持的密钥交换组（RFC 8446 第 4.2.7 节）。')
			};
		case 'ec_point_formats':
			return {
				title: text('ec_point_formats', '椭圆曲线点格式'),
				explanation: text('TLS 1.2 (RFC 8422): how elliptic-curve points may be encoded. TLS 1.3 ignores it.', 'TLS 1.2（RFC 8422）：椭圆曲线点的编码方式。TLS 1.3 忽略它。')
			};
		case 'signature_algorithms':
			return {
				title: text('signature_algorithms', '签名算法'),
				explanation: text(
					'The signatures the client can check in CertificateVerify (and in certificates, unless signature_algorithms_cert says otherwise).',
					'客户端能验证的 CertificateVerify 签名（若没有 signature_algorithms_cert，也适用于证书中的签名）。'
				)
			};
		case 'signature_algorithms_cert':
			return { title: text('signature_algorithms_cert', '证书签名算法'), explanation: text('The signatures the client can check in certificates.', '客户端能验证的证书签名。') };
		case 'alpn':
			return {
				title: text('ALPN', '应用层协议协商 ALPN'),
				explanation: fromServer
					? text('The protocol the server picked. Encrypted here, unlike the client’s offer.', '服务器选定的协议。这里是加密的，而客户端的提议是明文。')
					: text('Application-Layer Protocol Negotiation (RFC 7301): the protocols the client can speak inside TLS. Plaintext.', '应用层协议协商（RFC 7301）：客户端能在 TLS 里使用的协议。明文可见。')
			};
		case 'record_size_limit':
			return { title: text('record_size_limit', '记录大小上限'), explanation: text('RFC 8449: the largest record the sender is willing to receive.', 'RFC 8449：发送方愿意接收的最大记录。') };
		case 'session_ticket':
			return {
				title: text('session_ticket', '会话票据'),
				explanation: text('RFC 5077, for TLS 1.2 servers. TLS 1.3 resumes with NewSessionTicket and pre_shared_key instead.', 'RFC 5077，为 TLS 1.2 服务器而发。TLS 1.3 改用 NewSessionTicket 和 pre_shared_key 恢复会话。')
			};
		case 'early_data':
			return {
				title: text('early_data', '早期数据 0-RTT'),
				explanation:
					context === 'new_session_ticket'
						? text('This ticket allows 0-RTT data on resumption.', '这张票据允许恢复会话时发送 0-RTT 数据。')
						: text('0-RTT: data sent before the handshake ends, which an attacker can replay.', '0-RTT：握手结束前就发送的数据，攻击者可以重放它。')
			};
		case 'supported_versions':
			return {
				title: text('supported_versions', '支持的版本'),
				explanation: text(
					'Where TLS 1.3 is really negotiated: the old version fields stay frozen at TLS 1.2 so that middleboxes do not break.',
					'TLS 1.3 真正协商版本的地方：旧的版本字段冻结在 TLS 1.2，免得中间设备出错。'
				)
			};
		case 'selected_version':
			return { title: text('supported_versions', '支持的版本'), explanation: text('The version the server chose.', '服务器选定的版本。') };
		case 'cookie':
			return {
				title: text('cookie', 'Cookie'),
				explanation: text('Sent in a HelloRetryRequest and echoed in the second ClientHello, so the server can stay stateless.', '在 HelloRetryRequest 中发出，客户端在第二个 ClientHello 中回显，使服务器无需保存状态。')
			};
		case 'psk_key_exchange_modes':
			return { title: text('psk_key_exchange_modes', 'PSK 密钥交换模式'), explanation: text('How the client may resume with a pre-shared key.', '客户端以预共享密钥恢复会话的方式。') };
		case 'key_share':
			return {
				title: text('key_share', '密钥共享'),
				explanation: text(
					'The client’s public Diffie–Hellman keys (RFC 8446 section 4.2.8). An eavesdropper sees them, but cannot compute the shared secret from public keys alone.',
					'客户端的 Diffie–Hellman 公钥（RFC 8446 第 4.2.8 节）。窃听者能看到它们，但只凭公钥算不出共享密钥。'
				)
			};
		case 'key_share_server':
			return {
				title: text('key_share', '密钥共享'),
				explanation: text(
					'The server’s public key in the group it chose. With the client’s share, both sides now compute the same secret, and the handshake keys come from it.',
					'服务器在所选组中的公钥。结合客户端的密钥共享，双方算出相同的秘密，握手密钥由它派生。'
				)
			};
		case 'key_share_hrr':
			return { title: text('key_share', '密钥共享'), explanation: text('No key here: only the group the server wants.', '这里没有公钥，只有服务器想要的组。') };
		case 'renegotiation_info':
			return {
				title: text('renegotiation_info', '重协商信息'),
				explanation: text('RFC 5746, protecting TLS 1.2 renegotiation. TLS 1.3 has no renegotiation.', 'RFC 5746，保护 TLS 1.2 的重协商。TLS 1.3 没有重协商。')
			};
		case 'other': {
			const name = extensionTypeNames[extension.type];
			return {
				title: text(name ?? `extension type ${extension.type}`, name ?? `扩展类型 ${extension.type}`),
				explanation: orGrease(
					extension.type,
					text(`${name ?? `Extension type ${extension.type}`}: not taken apart by this page; its bytes are shown as they are.`, `${name ?? `扩展类型 ${extension.type}`}：本页面不拆解它，按原样显示其字节。`)
				)
			};
		}
	}
}

export function extensionTitle(extension: Extension, context: ExtensionContext): LocalizedText {
	const { title } = extensionAbout(extension, context);
	return text(`Extension: ${title.en}`, `扩展：${title['zh-CN']}`);
}

/** Bytes the RFC says are ASCII (host names, ALPN ids); anything else is malformed. */
function readAscii(r: WireReader, width: 1 | 2, about: FieldText): string {
	const bytes = r.opaque(width, about.label);
	if (bytes.some((b) => b < 0x21 || b > 0x7e)) r.malformed(text(`${about.label.en} must be printable ASCII.`, `${about.label['zh-CN']}必须是可打印的 ASCII 字符。`));
	return String.fromCharCode(...bytes);
}

function asciiBytes(value: string): Uint8Array {
	if (!/^[\x21-\x7e]*$/.test(value)) throw new RangeError(`not printable ASCII: ${value}`);
	return Uint8Array.from(value, (c) => c.charCodeAt(0));
}

export function readExtensions(r: WireReader, context: ExtensionContext): Extension[] {
	return r.list(2, T.extensions.label, (e) => {
		const type = e.u16(text('extension_type', 'extension_type（扩展类型）'));
		return e.vector(2, T.extensionData.label, (d) => readExtensionData(d, type, context));
	});
}

function readKeyShareEntry(r: WireReader): KeyShareEntry {
	return { group: r.u16(T.keyShareEntry.label), keyExchange: r.opaque(2, keyExchangeAbout(0).label) };
}

function readExtensionData(r: WireReader, type: number, context: ExtensionContext): Extension {
	switch (type) {
		case extensionCodes.server_name: {
			if (r.remaining === 0) return { kind: 'server_name', hostNames: [] };
			const hostNames = r.list(2, T.serverNameList.label, (n) => {
				if (n.u8(T.nameType.label) !== 0) n.malformed(text('the only server name type is 0 (host_name).', '唯一的服务器名称类型是 0（host_name）。'));
				return readAscii(n, 2, T.hostName);
			});
			if (hostNames.length === 0) r.malformed(text('server_name_list must hold at least one name.', 'server_name_list 至少要有一个名字。'));
			return { kind: 'server_name', hostNames };
		}
		case extensionCodes.supported_groups:
			return { kind: 'supported_groups', groups: readCodes(r, lists.groups) };
		case extensionCodes.ec_point_formats:
			return { kind: 'ec_point_formats', formats: readCodes(r, lists.pointFormats) };
		case extensionCodes.signature_algorithms:
			return { kind: 'signature_algorithms', schemes: readCodes(r, lists.signatures) };
		case extensionCodes.signature_algorithms_cert:
			return { kind: 'signature_algorithms_cert', schemes: readCodes(r, lists.signatures) };
		case extensionCodes.alpn:
			return { kind: 'alpn', protocols: r.list(2, T.alpnList.label, (p) => readAscii(p, 1, T.protocolName)) };
		case extensionCodes.record_size_limit:
			return { kind: 'record_size_limit', limit: r.u16(T.recordSizeLimit.label) };
		case extensionCodes.session_ticket:
			return { kind: 'session_ticket', ticket: r.rest() };
		case extensionCodes.early_data:
			return r.remaining === 0 ? { kind: 'early_data' } : { kind: 'early_data', maxEarlyDataSize: r.u32(T.maxEarlyData.label) };
		case extensionCodes.supported_versions:
			return context === 'client_hello'
				? { kind: 'supported_versions', versions: readCodes(r, lists.versions) }
				: { kind: 'selected_version', version: r.u16(T.selectedVersion.label) };
		case extensionCodes.cookie:
			return { kind: 'cookie', cookie: r.opaque(2, T.cookie.label) };
		case extensionCodes.psk_key_exchange_modes:
			return { kind: 'psk_key_exchange_modes', modes: readCodes(r, lists.pskModes) };
		case extensionCodes.key_share:
			if (context === 'client_hello') return { kind: 'key_share', shares: r.list(2, T.clientShares.label, readKeyShareEntry) };
			if (context === 'hello_retry_request') return { kind: 'key_share_hrr', selectedGroup: r.u16(T.selectedGroup.label) };
			return { kind: 'key_share_server', share: readKeyShareEntry(r) };
		case extensionCodes.renegotiation_info:
			return { kind: 'renegotiation_info', renegotiatedConnection: r.opaque(1, T.renegotiatedConnection.label) };
		default:
			return { kind: 'other', type, data: r.rest() };
	}
}

/**
 * Writes the extensions vector. With `sectionPrefix`, each extension is a section of its own (a step in the
 * hex view: ClientHello, ServerHello, EncryptedExtensions); without, a field of the current section.
 */
export function writeExtensions(w: AnnotatedWriter, extensions: readonly Extension[], context: ExtensionContext, sectionPrefix?: string): void {
	const names = extensions.map((e) => extensionAbout(e, context).title.en);
	w.vector16(
		'extensions',
		T.extensions,
		() =>
			extensions.forEach((extension, i) => {
				if (sectionPrefix === undefined) {
					const about = extensionAbout(extension, context);
					w.group(`extension${i}`, { label: extensionTitle(extension, context), explanation: about.explanation }, () => writeExtension(w, extension, context), about.title.en);
				} else {
					w.section(`${sectionPrefix}.extension${i}`, extensionTitle(extension, context));
					writeExtension(w, extension, context);
				}
			}),
		names.join(', ') || 'none'
	);
}

function writeExtension(w: AnnotatedWriter, extension: Extension, context: ExtensionContext): void {
	const type = extensionType(extension);
	const about = extensionAbout(extension, context);
	w.u16('extension_type', type, { label: text('extension_type', 'extension_type（扩展类型）'), explanation: about.explanation }, showCode(type, extensionTypeNames));
	w.vector16('extension_data', T.extensionData, () => writeExtensionData(w, extension));
}

function writeExtensionData(w: AnnotatedWriter, extension: Extension): void {
	switch (extension.kind) {
		case 'server_name':
			if (extension.hostNames.length > 0)
				w.vector16(
					'server_name_list',
					T.serverNameList,
					() =>
						extension.hostNames.forEach((name, i) =>
							w.group(`name${i}`, T.serverName, () => {
								w.u8('name_type', 0, T.nameType, '0 (host_name)');
								w.vector16('host_name', T.hostName, () => w.bytes('text', asciiBytes(name), T.hostName, name), name);
							}, name)
						),
					extension.hostNames.join(', ')
				);
			return;
		case 'supported_groups':
			return writeCodes(w, lists.groups, extension.groups);
		case 'ec_point_formats':
			return writeCodes(w, lists.pointFormats, extension.formats);
		case 'signature_algorithms':
		case 'signature_algorithms_cert':
			return writeCodes(w, lists.signatures, extension.schemes);
		case 'alpn':
			return w.vector16(
				'protocol_name_list',
				T.alpnList,
				() => extension.protocols.forEach((p, i) => w.vector8(`protocol${i}`, T.protocolName, () => w.bytes('text', asciiBytes(p), T.protocolName, p), p)),
				extension.protocols.join(', ')
			);
		case 'record_size_limit':
			return w.u16('record_size_limit', extension.limit, T.recordSizeLimit, byteCount(extension.limit));
		case 'session_ticket':
			return w.bytes('ticket', extension.ticket, T.ticket);
		case 'early_data':
			if (extension.maxEarlyDataSize !== undefined) w.u32('max_early_data_size', extension.maxEarlyDataSize, T.maxEarlyData, byteCount(extension.maxEarlyDataSize));
			return;
		case 'supported_versions':
			return writeCodes(w, lists.versions, extension.versions);
		case 'selected_version':
			return w.u16('selected_version', extension.version, T.selectedVersion, showCode(extension.version, protocolVersionNames));
		case 'cookie':
			return w.vector16('cookie', T.cookie, () => w.bytes('bytes', extension.cookie, T.cookie));
		case 'psk_key_exchange_modes':
			return writeCodes(w, lists.pskModes, extension.modes);
		case 'key_share':
			return w.vector16('client_shares', T.clientShares, () => extension.shares.forEach((share, i) => writeKeyShareEntry(w, `share${i}`, share)), extension.shares.map((s) => namedGroupNames[s.group] ?? s.group).join(', '));
		case 'key_share_server':
			return writeKeyShareEntry(w, 'server_share', extension.share);
		case 'key_share_hrr':
			return w.u16('selected_group', extension.selectedGroup, T.selectedGroup, showCode(extension.selectedGroup, namedGroupNames));
		case 'renegotiation_info':
			return w.vector8('renegotiated_connection', T.renegotiatedConnection, () => w.bytes('bytes', extension.renegotiatedConnection, T.renegotiatedConnection));
		case 'other':
			return w.bytes('data', extension.data, T.data);
	}
}

/** The uncompressed point size of each NIST curve: 0x04, then X and Y of this many bytes each. */
const COORDINATE_LENGTH: Readonly<Record<number, number>> = { 0x0017: 32, 0x0018: 48, 0x0019: 66 };

function keyExchangeAbout(group: number): FieldText {
	const name = namedGroupNames[group];
	const explanation =
		name === 'x25519'
			? text('32 bytes: the X25519 public key (RFC 7748), the u-coordinate of a point, little-endian.', '32 字节：X25519 公钥（RFC 7748），即曲线上一点的 u 坐标，小端序。')
			: COORDINATE_LENGTH[group]
				? text('An uncompressed point: 0x04, then X, then Y (RFC 8446 section 4.2.8.2).', '未压缩的曲线点：0x04，然后是 X 和 Y（RFC 8446 第 4.2.8.2 节）。')
				: name?.startsWith('ffdhe')
					? text('The Diffie–Hellman public value g^x mod p, padded to the size of p.', 'Diffie–Hellman 公开值 g^x mod p，补齐到 p 的长度。')
					: text('The public key, in the encoding of its group.', '公钥，按其所属组的格式编码。');
	return { label: text('key_exchange', 'key_exchange（公钥）'), explanation };
}

function writeKeyShareEntry(w: AnnotatedWriter, id: string, share: KeyShareEntry): void {
	const about = keyExchangeAbout(share.group);
	const groupName = namedGroupNames[share.group] ?? String(share.group);
	w.group(id, T.keyShareEntry, () => {
		w.u16('group', share.group, { label: text('group', 'group（组）'), explanation: groupExplanation(share.group) }, showCode(share.group, namedGroupNames));
		w.vector16('key_exchange', about, () => {
			const coordinate = COORDINATE_LENGTH[share.group];
			const key = share.keyExchange;
			if (coordinate && key.length === 1 + 2 * coordinate && key[0] === 4) {
				w.u8('legacy_form', 4, { label: text('legacy_form', 'legacy_form（点格式）'), explanation: text('4: an uncompressed point.', '4：未压缩的点。') });
				w.bytes('x', key.subarray(1, 1 + coordinate), { label: text('X', 'X 坐标'), explanation: text('The point’s X coordinate.', '点的 X 坐标。') });
				w.bytes('y', key.subarray(1 + coordinate), { label: text('Y', 'Y 坐标'), explanation: text('The point’s Y coordinate.', '点的 Y 坐标。') });
			} else w.bytes('public_key', key, about);
		}, hexValue(share.keyExchange));
	}, groupName);
}
