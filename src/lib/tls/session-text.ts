/** What the steps of a scripted run (session.ts) say, in both languages. */
import type { LocalizedText } from '$lib/i18n/locales';
import type { GroupName } from './session-keys';
import type { AlertName } from './session-wire';
import type { TlsMode, TlsSide } from './steps';
import { text } from './wire';

export interface StepText {
	title: LocalizedText;
	explanation: LocalizedText;
}

const groupLabel: Record<GroupName, string> = { x25519: 'X25519', secp256r1: 'P-256 (secp256r1)' };
const side = (s: TlsSide) => (s === 'client' ? text('client', '客户端') : text('server', '服务器'));

/** Two texts as one, a space (en) or nothing (zh) between them. */
export function join(...parts: LocalizedText[]): LocalizedText {
	return text(parts.map((p) => p.en).join(' '), parts.map((p) => p['zh-CN']).join(''));
}

const rfcReplay = text(
	'Here it is RFC 8448’s message, byte for byte.',
	'这里用的是 RFC 8448 中的消息，逐字节相同。'
);

/** The message names as the decrypt steps and texts use them, by message step id. */
export const messageNames: Record<string, LocalizedText> = {
	'encrypted-extensions': text('EncryptedExtensions', 'EncryptedExtensions'),
	certificate: text('Certificate', 'Certificate'),
	'certificate-verify': text('CertificateVerify', 'CertificateVerify'),
	'server-finished': text('the server’s Finished', '服务器的 Finished'),
	'client-finished': text('the client’s Finished', '客户端的 Finished'),
	'new-session-ticket': text('NewSessionTicket', 'NewSessionTicket'),
	request: text('the request', '请求'),
	response: text('the response', '响应'),
	flight: text(
		'EncryptedExtensions, Certificate, CertificateVerify and Finished',
		' EncryptedExtensions、Certificate、CertificateVerify 和 Finished'
	)
};

export const stepTexts = {
	clientKeyShare(mode: TlsMode, group: GroupName): StepText {
		const made =
			mode === 'rfc8448'
				? text(
						'RFC 8448’s X25519 key pair, imported from the bytes the RFC prints, so that every value after it matches the RFC. A real client makes a fresh pair for every connection.',
						'RFC 8448 给出的 X25519 密钥对，按 RFC 打印的字节导入，这样后面的每个值都与 RFC 一致。真实的客户端每次连接都会生成新的密钥对。'
					)
				: text(
						`A fresh ${groupLabel[group]} key pair, made by Web Crypto for this connection only and thrown away after it: that is what gives forward secrecy.`,
						`用 Web Crypto 为这一次连接新生成的 ${groupLabel[group]} 密钥对，用完即弃：前向保密正是由此而来。`
					);
		return {
			title: text('Client makes a key pair', '客户端生成密钥对'),
			explanation: join(
				made,
				text(
					'The public key goes into the ClientHello’s key_share; the private key never leaves the client.',
					'公钥放进 ClientHello 的 key_share 扩展；私钥从不离开客户端。'
				)
			)
		};
	},
	clientHello(mode: TlsMode): StepText {
		const about = text(
			'The client’s opening message, in clear: a random, the cipher suites it can use, and extensions: server_name (SNI) names the site, supported_versions offers TLS 1.3, supported_groups and key_share carry its public key so that the server can answer in one round trip, signature_algorithms lists the signatures it can check.',
			'客户端的第一条消息，明文发送：一个随机数、它能用的密码套件，以及各种扩展：server_name（SNI）写明要访问的站点，supported_versions 提出 TLS 1.3，supported_groups 和 key_share 带上它的公钥，让服务器一个往返就能回应，signature_algorithms 列出它能验证的签名算法。'
		);
		return { title: text('ClientHello', 'ClientHello（客户端问候）'), explanation: mode === 'rfc8448' ? join(about, rfcReplay) : about };
	},
	clientHelloEavesdropper(serverName: string | undefined): LocalizedText {
		const sni = serverName
			? text(`the server name “${serverName}” (SNI), `, `服务器名称“${serverName}”（SNI）、`)
			: text('', '');
		return text(
			`Everything: ${sni.en}the offered suites, groups and signature algorithms, the random and the client’s public key. SNI in clear is how a network can see, and block, which site you visit; Encrypted Client Hello (ECH) is the fix.`,
			`全部内容：${sni['zh-CN']}提供的套件、组和签名算法、随机数以及客户端公钥。SNI 是明文，所以网络可以看到（并封锁）你访问的是哪个站点；加密的 Client Hello（ECH）正是为此而设计。`
		);
	},
	checkClientHello: {
		title: text('Server reads the ClientHello', '服务器读取 ClientHello'),
		explanation: text(
			'The server parses the record and makes its choices: TLS 1.3 from supported_versions, TLS_AES_128_GCM_SHA256 from the cipher suites, the group of the client’s key share, and a signature scheme it can sign with.',
			'服务器解析这条记录并作出选择：从 supported_versions 选 TLS 1.3，从密码套件中选 TLS_AES_128_GCM_SHA256，采用客户端密钥共享所在的组，再选一个自己能用来签名的签名算法。'
		),
		what: text('ClientHello', 'ClientHello'),
		ok: (group: GroupName, scheme: string) =>
			text(
				`TLS 1.3 is offered, TLS_AES_128_GCM_SHA256 is among the suites, the ${groupLabel[group]} key share is a valid public key and ${scheme} is among the signature algorithms.`,
				`客户端提出了 TLS 1.3，套件中有 TLS_AES_128_GCM_SHA256，${groupLabel[group]} 密钥共享是有效的公钥，签名算法中有 ${scheme}。`
			)
	},
	serverKeyShare(mode: TlsMode, group: GroupName): StepText {
		return {
			title: text('Server makes a key pair', '服务器生成密钥对'),
			explanation:
				mode === 'rfc8448'
					? text('RFC 8448’s server X25519 key pair, imported from the bytes the RFC prints.', 'RFC 8448 给出的服务器 X25519 密钥对，按 RFC 打印的字节导入。')
					: text(
							`A fresh ${groupLabel[group]} key pair in the group of the client’s key share, for this connection only.`,
							`在客户端密钥共享所在的组里新生成的 ${groupLabel[group]} 密钥对，只用于这一次连接。`
						)
		};
	},
	serverHello(mode: TlsMode): StepText {
		const about = text(
			'The server’s answer, still in clear: its random, the chosen suite TLS_AES_128_GCM_SHA256, supported_versions saying TLS 1.3, and key_share with its public key. With it both sides can compute the same shared secret; everything after this message is encrypted.',
			'服务器的回应，仍是明文：它的随机数、选定的套件 TLS_AES_128_GCM_SHA256、表示 TLS 1.3 的 supported_versions，以及带有服务器公钥的 key_share。有了它双方就能算出同一个共享密钥；此后的所有消息都是加密的。'
		);
		return { title: text('ServerHello', 'ServerHello（服务器问候）'), explanation: mode === 'rfc8448' ? join(about, rfcReplay) : about };
	},
	serverHelloEavesdropper: text(
		'The chosen suite and group, the server’s random and public key: still in clear. From the two public keys alone the observer cannot compute the shared secret (that is the Diffie–Hellman problem). After this, only record lengths.',
		'选定的套件和组、服务器的随机数和公钥：仍是明文。仅凭双方的公钥，观察者算不出共享密钥（这就是 Diffie–Hellman 难题）。此后只能看到记录的长度。'
	),
	ecdhe(by: TlsSide, group: GroupName): StepText {
		const [own, peer] = by === 'server' ? ['server', 'client'] : ['client', 'server'];
		const [ownZh, peerZh] = by === 'server' ? ['服务器', '客户端'] : ['客户端', '服务器'];
		return {
			title: text(`${by === 'server' ? 'Server' : 'Client'} computes the shared secret (ECDHE)`, `${ownZh}计算共享密钥（ECDHE）`),
			explanation: text(
				`${groupLabel[group]}(${own} private key, ${peer} public key). The other side computes it from its own private key and this side’s public key and gets the same 32 bytes; an eavesdropper who saw both public keys cannot. It becomes the input key material of the Handshake Secret.`,
				`${groupLabel[group]}（${ownZh}私钥，${peerZh}公钥）。另一方用自己的私钥和这一方的公钥计算，得到同样的 32 字节；看到了双方公钥的窃听者却算不出来。它将作为 Handshake Secret 的输入密钥材料。`
			)
		};
	},
	handshakeSecrets(by: TlsSide): StepText {
		return by === 'server'
			? {
					title: text('Server derives the handshake keys', '服务器派生握手密钥'),
					explanation: text(
						'The key schedule of RFC 8446 section 7.1 up to the handshake traffic secrets: HKDF-Extract and Derive-Secret on HMAC-SHA-256, with the transcript hash of ClientHello..ServerHello as context. Each traffic secret gives an AES-128-GCM key and IV, one pair per direction.',
						'按 RFC 8446 第 7.1 节的密钥调度，一直算到握手 traffic secret：基于 HMAC-SHA-256 的 HKDF-Extract 和 Derive-Secret，以 ClientHello..ServerHello 的记录哈希为上下文。每个 traffic secret 再导出一对 AES-128-GCM 密钥和 IV，每个方向一对。'
					)
				}
			: {
					title: text('Client derives the handshake keys', '客户端派生握手密钥'),
					explanation: text(
						'The same key schedule over the client’s own transcript. If both sides saw the same ClientHello and ServerHello and computed the same shared secret, these are the server’s values exactly; nothing secret ever crossed the wire.',
						'客户端在自己的握手记录上执行同样的密钥调度。只要双方看到的 ClientHello 和 ServerHello 相同、算出的共享密钥相同，这些值就与服务器的完全一样；没有任何秘密经过网络传输。'
					)
				};
	},
	serverMessage(id: string, mode: TlsMode, serverName: string): StepText {
		const live: Record<string, StepText> = {
			'encrypted-extensions': {
				title: text('EncryptedExtensions', 'EncryptedExtensions（加密扩展）'),
				explanation: text(
					'The first encrypted message: the server’s answers to extensions that are not needed to compute keys, so they need not travel in clear (an empty server_name says “I used the name you sent”). From here on every record says type 23 outside; the real type, 22 handshake, is the last byte inside.',
					'第一条加密消息：服务器对那些与密钥计算无关的扩展的回应，因此不必明文传输（空的 server_name 表示“我用了你发来的名字”）。从这里开始，每条记录外面都标为类型 23；真实类型 22（握手）是里面的最后一个字节。'
				)
			},
			certificate: {
				title: text('Certificate', 'Certificate（证书）'),
				explanation: text(
					`The server’s certificate for “${serverName}”, ECDSA P-256, issued a moment ago by this page’s own demo certificate authority. The client trusts that CA as if it were in its trust store.`,
					`服务器为“${serverName}”准备的证书（ECDSA P-256），刚刚由本页面自己的演示证书颁发机构签发。客户端信任这个 CA，就像它在客户端的信任库里一样。`
				)
			},
			'certificate-verify': {
				title: text('CertificateVerify', 'CertificateVerify（证书验证）'),
				explanation: text(
					'The server signs the transcript hash of ClientHello..Certificate with the certificate’s private key (ECDSA P-256 with SHA-256, RFC 8446 section 4.4.3). Only the holder of that key can make it, and it covers this very handshake, so it cannot be replayed from another.',
					'服务器用证书的私钥对 ClientHello..Certificate 的记录哈希签名（ECDSA P-256 + SHA-256，RFC 8446 第 4.4.3 节）。只有持有该私钥的人才能做出这个签名，而且它针对的正是这一次握手，无法从别的握手中重放。'
				)
			},
			'server-finished': {
				title: text('Server Finished', '服务器 Finished'),
				explanation: text(
					'verify_data = HMAC(finished_key, transcript hash of ClientHello..CertificateVerify), the finished_key expanded from the server’s handshake traffic secret. It proves the server saw this handshake and holds its keys.',
					'verify_data = HMAC(finished_key, ClientHello..CertificateVerify 的记录哈希)，finished_key 由服务器的握手 traffic secret 扩展而来。它证明服务器看到的是这次握手，并且持有相应的密钥。'
				)
			}
		};
		const step = live[id]!;
		if (mode === 'live') return step;
		const rfc: Record<string, LocalizedText> = {
			'encrypted-extensions': text(
				'In RFC 8448 the four messages of the server’s flight travel in one record: this step carries it.',
				'在 RFC 8448 中，服务器这一轮的四条消息放在同一条记录里发送：这一步展示的就是这条记录。'
			),
			certificate: text(
				'RFC 8448’s certificate: a self-signed RSA test certificate (CN “rsa”).',
				'RFC 8448 中的证书：一张自签名的 RSA 测试证书（CN 为“rsa”）。'
			),
			'certificate-verify': text(
				'The server’s signature over the transcript hash of ClientHello..Certificate, as RFC 8448 prints it: RSA-PSS (rsa_pss_rsae_sha256) with the key of the RFC’s certificate. RSA-PSS signatures are randomized, so signing again would give other bytes: the RFC’s own is sent, and the client verifies it.',
				'服务器对 ClientHello..Certificate 记录哈希的签名，与 RFC 8448 打印的一致：用 RFC 证书的密钥做 RSA-PSS（rsa_pss_rsae_sha256）签名。RSA-PSS 签名带有随机性，重新签名会得到不同的字节：这里发送的是 RFC 自己的签名，由客户端来验证。'
			),
			'server-finished': text('Computed here; it equals the RFC’s.', '这里是现场计算的，结果与 RFC 相同。')
		};
		// The live texts speak of the demo CA and ECDSA: the RFC's certificate and signature get their own.
		const replaced = id === 'certificate' || id === 'certificate-verify';
		return { title: step.title, explanation: replaced ? rfc[id]! : join(step.explanation, rfc[id]!) };
	},
	protectedEavesdropper(length: number, message: LocalizedText): LocalizedText {
		return text(
			`A record of type 23 (application_data), ${length} bytes. Nothing else: not even that it holds ${message.en}.`,
			`一条类型 23（application_data）的记录，共 ${length} 字节。仅此而已：甚至看不出里面装的是${message['zh-CN']}。`
		);
	},
	insideFlight: text(
		'Nothing of its own: this message is inside the same encrypted record as EncryptedExtensions.',
		'没有单独可见的内容：这条消息和 EncryptedExtensions 在同一条加密记录里。'
	),
	applicationSecrets(by: TlsSide): StepText {
		return by === 'server'
			? {
					title: text('Server derives the application keys', '服务器派生应用数据密钥'),
					explanation: text(
						'The rest of the key schedule: the Master Secret, then the application traffic secrets with the transcript hash of ClientHello..server Finished as context. The server could send data already (0.5-RTT), before the client has finished.',
						'密钥调度的后半部分：先算 Master Secret，再以 ClientHello..服务器 Finished 的记录哈希为上下文算出应用 traffic secret。此时服务器已经可以发送数据（0.5-RTT），不必等客户端完成握手。'
					)
				}
			: {
					title: text('Client derives the application keys', '客户端派生应用数据密钥'),
					explanation: text(
						'The client derives the same application traffic secrets, and the resumption master secret now that its Finished is in the transcript (a session ticket would be based on it).',
						'客户端派生出同样的应用 traffic secret；它的 Finished 已经进入握手记录，于是还能算出 resumption master secret（会话票据以它为基础）。'
					)
				};
	},
	checkServerHello: {
		title: text('Client reads the ServerHello', '客户端读取 ServerHello'),
		explanation: text(
			'The client checks that the server chose from what it offered: TLS 1.3, a suite from its list, a key share in the group it sent, and its own legacy_session_id echoed.',
			'客户端检查服务器的选择是否来自自己提供的选项：TLS 1.3、列表中的某个套件、与自己发送的组相同的密钥共享，以及原样回显的 legacy_session_id。'
		),
		what: text('ServerHello', 'ServerHello'),
		ok: text(
			'The server chose TLS 1.3, TLS_AES_128_GCM_SHA256 and a key share in the group the client offered.',
			'服务器选择了 TLS 1.3、TLS_AES_128_GCM_SHA256，以及客户端所提供组中的密钥共享。'
		)
	},
	decrypt(by: TlsSide, message: LocalizedText, keyName: string, sequence: number, wholeFlight: boolean): StepText {
		const who = by === 'server' ? text('Server', '服务器') : text('Client', '客户端');
		const what = wholeFlight ? text('the server’s flight', '服务器这一轮的消息') : message;
		return {
			title: text(`${who.en} decrypts ${what.en}`, `${who['zh-CN']}解密${what['zh-CN']}`),
			explanation: text(
				`AES-128-GCM with the ${keyName} key, nonce = IV ⊕ ${sequence} (the record’s sequence number): the tag must verify over the ciphertext and the 5-byte record header. Then the last non-zero byte inside gives the real content type, and what it holds must be what comes next.`,
				`用 ${keyName} 密钥做 AES-128-GCM 解密，nonce = IV ⊕ ${sequence}（记录序列号）：认证标签必须对密文和 5 字节记录头都验证通过。然后里面最后一个非零字节给出真实的内容类型，内容也必须是接下来应当收到的消息。`
			)
		};
	},
	aead: {
		what: text('AEAD tag', 'AEAD 认证标签'),
		ok: (keyName: string, holds: LocalizedText) =>
			text(
				`The tag verified: whoever made this record holds the ${keyName} key, and not one bit was changed on the way. It holds ${holds.en}.`,
				`认证标签验证通过：生成这条记录的一方持有 ${keyName} 密钥，而且传输途中没有任何一位被改动。里面是${holds['zh-CN']}。`
			),
		tamperedHere: (index: number) =>
			text(
				`Byte ${index} of this record was flipped on the way: AES-GCM’s tag covers the header and every byte of the ciphertext, so the change cannot go unnoticed.`,
				`这条记录的第 ${index} 个字节在传输途中被翻转了：AES-GCM 的认证标签覆盖记录头和每一个密文字节，任何改动都瞒不过去。`
			),
		keysDiffer: (cause: 'shared-secret' | 'transcript') =>
			cause === 'shared-secret'
				? text(
						'The record is intact, but the two sides hold different keys: they computed different (EC)DHE shared secrets, because a key share was changed on the way.',
						'记录本身完好，但双方持有的密钥不同：一个密钥共享在传输途中被改动，导致双方算出的 (EC)DHE 共享密钥不同。'
					)
				: text(
						'The record is intact, but the two sides hold different keys: they hashed different ClientHello..ServerHello bytes (one was changed on the way), and every secret is derived with that transcript hash.',
						'记录本身完好，但双方持有的密钥不同：双方对不同的 ClientHello..ServerHello 字节求了哈希（其中一条在传输途中被改动），而每个密钥的派生都用到了这个记录哈希。'
					),
		wrongType: (type: number, expected: number) =>
			text(
				`The record decrypted, but its real content type is ${type}, not ${expected}: the receiver answers unexpected_message.`,
				`记录解密成功，但真实内容类型是 ${type} 而不是 ${expected}：接收方回应 unexpected_message。`
			),
		unexpected: (kind: string, expected: string) =>
			text(
				`The record decrypted, but it holds ${kind} where ${expected} must come next: the receiver answers unexpected_message.`,
				`记录解密成功，但里面是 ${kind}，而接下来应当是 ${expected}：接收方回应 unexpected_message。`
			)
	},
	checkCertificate: {
		title: text('Client checks the certificate chain', '客户端检查证书链'),
		explanation: text(
			'Issuer, signature, validity period, basic constraints, key usage and the server name, from the server’s certificate up to the demo CA the client trusts.',
			'从服务器证书一直检查到客户端信任的演示 CA：签发者、签名、有效期、基本约束、密钥用途和服务器名称。'
		),
		what: text('certificate chain', '证书链')
	},
	checkCertificateVerify: {
		title: text('Client checks the CertificateVerify signature', '客户端检查 CertificateVerify 签名'),
		explanation: text(
			'The client rebuilds what was signed from its own transcript (64 spaces, “TLS 1.3, server CertificateVerify”, a zero byte, the transcript hash of ClientHello..Certificate) and verifies the signature with the public key in the server’s certificate.',
			'客户端用自己的握手记录重建被签名的内容（64 个空格、“TLS 1.3, server CertificateVerify”、一个零字节、ClientHello..Certificate 的记录哈希），再用服务器证书中的公钥验证签名。'
		),
		what: text('CertificateVerify signature', 'CertificateVerify 签名'),
		ok: (scheme: string) =>
			text(
				`The ${scheme} signature verifies over the client’s own transcript: the server holds the certificate’s private key, and signed this very handshake.`,
				`${scheme} 签名在客户端自己的握手记录上验证通过：服务器持有证书的私钥，而且签的正是这一次握手。`
			),
		noCertificate: text(
			'There is no certificate to take the public key from (TLS alert bad_certificate).',
			'没有证书可以取出公钥（TLS 警报 bad_certificate）。'
		)
	},
	checkFinished(checker: TlsSide): StepText & { what: LocalizedText } {
		const peer = checker === 'client' ? text('server', '服务器') : text('client', '客户端');
		const who = checker === 'client' ? text('Client', '客户端') : text('Server', '服务器');
		return {
			title: text(`${who.en} checks the ${peer.en}’s Finished`, `${who['zh-CN']}检查${peer['zh-CN']}的 Finished`),
			explanation: text(
				`The ${checker} computes the verify_data it expects from its own transcript and its own copy of the ${peer.en}’s handshake traffic secret, and compares.`,
				`${who['zh-CN']}用自己的握手记录和自己算出的${peer['zh-CN']}握手 traffic secret 计算期望的 verify_data，再与收到的比较。`
			),
			what: text(`${peer.en} Finished`, `${peer['zh-CN']} Finished`)
		};
	},
	finishedOk: text(
		'The same verify_data: both sides saw the same handshake, byte for byte, and hold the same keys. A man in the middle who changed anything would be caught here.',
		'verify_data 相同：双方看到的握手逐字节一致，持有的密钥也相同。中间人改动任何内容都会在这里被发现。'
	),
	finishedBad: (expected: string, received: string) =>
		text(
			`verify_data differs: expected ${expected}, received ${received}. The two sides’ transcripts or handshake secrets differ. The receiver sends decrypt_error.`,
			`verify_data 不一致：期望 ${expected}，收到 ${received}。双方的握手记录或握手密钥不同。接收方发送 decrypt_error 警报。`
		),
	clientFinished(mode: TlsMode): StepText {
		const about = text(
			'The client’s verify_data: HMAC(finished_key from client_handshake_traffic_secret, transcript hash of ClientHello..server Finished), sealed under the client’s handshake key. Its last message of the handshake.',
			'客户端的 verify_data：HMAC(由 client_handshake_traffic_secret 导出的 finished_key, ClientHello..服务器 Finished 的记录哈希)，用客户端的握手密钥加密。这是它握手中的最后一条消息。'
		);
		return { title: text('Client Finished', '客户端 Finished'), explanation: mode === 'rfc8448' ? join(about, text('It equals the RFC’s.', '结果与 RFC 相同。')) : about };
	},
	newSessionTicket: {
		title: text('NewSessionTicket', 'NewSessionTicket（会话票据）'),
		explanation: text(
			'RFC 8448’s session ticket, sent under the server’s application key: the client could resume with it later. This page does not resume; it is sent so that the records match the RFC’s.',
			'RFC 8448 中的会话票据，用服务器的应用数据密钥加密发送：客户端以后可以用它恢复会话。本页面不做会话恢复；发送它只是为了让记录与 RFC 一致。'
		)
	},
	request(rfcData: boolean): StepText {
		return {
			title: text('HTTP request', 'HTTP 请求'),
			explanation: rfcData
				? text(
						'RFC 8448’s 50 bytes of test data (00 01 … 31) in place of an HTTP request, sealed under the client’s application key.',
						'用 RFC 8448 的 50 字节测试数据（00 01 … 31）代替 HTTP 请求，用客户端的应用数据密钥加密。'
					)
				: text(
						'The client’s HTTP/1.1 request as application data, sealed under the client’s application key. The path and the headers are hidden; only the length shows.',
						'客户端的 HTTP/1.1 请求作为应用数据发送，用客户端的应用数据密钥加密。路径和首部都被隐藏，只能看出长度。'
					)
		};
	},
	response(rfcData: boolean): StepText {
		return {
			title: text('HTTP response', 'HTTP 响应'),
			explanation: rfcData
				? text(
						'The server’s 50 bytes of RFC 8448 test data, sealed under the server’s application key (record sequence number 1: the ticket was 0).',
						'服务器发送 RFC 8448 的 50 字节测试数据，用服务器的应用数据密钥加密（记录序列号为 1：票据用了 0）。'
					)
				: text(
						'The server’s answer, a tiny HTTP/1.1 response, sealed under the server’s application key.',
						'服务器的回应：一个很小的 HTTP/1.1 响应，用服务器的应用数据密钥加密。'
					)
		};
	},
	alert(by: TlsSide, alert: AlertName, code: number, encrypted: boolean): StepText & { eavesdropper: LocalizedText } {
		const who = side(by);
		return {
			title: text(`Alert: ${alert}`, `警报：${alert}`),
			explanation: join(
				text(
					`The ${who.en} ends the connection with a fatal ${alert} alert (${code}) and closes it.`,
					`${who['zh-CN']}发送致命警报 ${alert}（${code}）并关闭连接。`
				),
				encrypted
					? text('It is encrypted under the sender’s current key, like every record after ServerHello.', '和 ServerHello 之后的每条记录一样，它用发送方当前的密钥加密。')
					: text('It has no keys yet, so the alert goes in clear.', '此时还没有密钥，所以警报以明文发送。')
			),
			eavesdropper: encrypted
				? text('Another record of type 23; that it is an alert shows only in its small size and the connection closing.', '又一条类型 23 的记录；只能从它很小的长度和随后的断开连接猜出这是警报。')
				: text(`A fatal ${alert} alert, in clear.`, `一个明文的致命警报 ${alert}。`)
		};
	},
	badOptions: {
		title: text('Settings', '设置'),
		explanation: text('The run cannot start with these settings.', '无法用这些设置开始运行。'),
		what: text('settings', '设置')
	},
	badServerName: (name: string) =>
		text(
			`“${name}” is not a host name a certificate can name: use letters, digits and hyphens in dot-separated labels.`,
			`“${name}” 不是证书可以写入的主机名：请用字母、数字和连字符组成以点分隔的标签。`
		),
	requestTooLong: text(
		'The request is longer than one TLS record can carry (16384 bytes).',
		'请求超出了一条 TLS 记录能承载的长度（16384 字节）。'
	),
	rejected: {
		decode: (why: LocalizedText) => join(why, text('The receiver answers decode_error.', '接收方回应 decode_error 警报。')),
		notHandshake: (what: string) =>
			text(`The record does not hold a ${what}: the receiver answers unexpected_message.`, `这条记录里不是 ${what}：接收方回应 unexpected_message 警报。`),
		noTls13: text(
			'supported_versions does not offer TLS 1.3 (0x0304): this server speaks only TLS 1.3 and answers protocol_version.',
			'supported_versions 中没有 TLS 1.3（0x0304）：这个服务器只支持 TLS 1.3，回应 protocol_version 警报。'
		),
		noSuite: text(
			'TLS_AES_128_GCM_SHA256 is not among the offered suites: the server answers handshake_failure.',
			'提供的套件中没有 TLS_AES_128_GCM_SHA256：服务器回应 handshake_failure 警报。'
		),
		noScheme: (scheme: string) =>
			text(
				`${scheme} is not among the client’s signature algorithms, and the server’s certificate can sign with nothing else: handshake_failure.`,
				`客户端的签名算法中没有 ${scheme}，而服务器的证书只能用它签名：handshake_failure 警报。`
			),
		noShare: text(
			'There is no key share in a group the server supports (x25519, secp256r1). A real server would ask for one with a HelloRetryRequest; this script does not, and answers handshake_failure.',
			'没有服务器支持的组（x25519、secp256r1）中的密钥共享。真实的服务器会用 HelloRetryRequest 请客户端重发；本脚本不这样做，直接回应 handshake_failure 警报。'
		),
		compression: text(
			'legacy_compression_methods must be exactly [0] in TLS 1.3: illegal_parameter.',
			'TLS 1.3 中 legacy_compression_methods 必须恰好是 [0]：illegal_parameter 警报。'
		),
		version: text(
			'The server did not select TLS 1.3 in supported_versions, the only version this client offered: illegal_parameter.',
			'服务器没有在 supported_versions 中选择 TLS 1.3，而这是客户端唯一提供的版本：illegal_parameter 警报。'
		),
		suite: text('The server chose a cipher suite the client did not offer: illegal_parameter.', '服务器选择了客户端没有提供的密码套件：illegal_parameter 警报。'),
		sessionId: text(
			'legacy_session_id_echo is not the client’s legacy_session_id: illegal_parameter.',
			'legacy_session_id_echo 与客户端的 legacy_session_id 不同：illegal_parameter 警报。'
		),
		group: text(
			'The server’s key share is not in the group of the client’s key share: illegal_parameter.',
			'服务器的密钥共享不在客户端密钥共享所属的组中：illegal_parameter 警报。'
		)
	}
} as const;

/** Notes a run carries. */
export const runNotes = {
	fallback: text(
		'This browser’s Web Crypto has no X25519, so this run uses P-256 (secp256r1) ECDH instead: the key_share holds an uncompressed point, 0x04 || X || Y (65 bytes), and the shared secret is the x-coordinate of the common point.',
		'此浏览器的 Web Crypto 不支持 X25519，因此本次运行改用 P-256（secp256r1）ECDH：key_share 中是未压缩的点 0x04 || X || Y（65 字节），共享密钥是公共点的 x 坐标。'
	),
	rfc: text(
		'Pinned keys and randoms from RFC 8448 section 3: every value the RFC prints is computed here and shown beside the RFC’s, and the encrypted records come out byte for byte the same.',
		'使用 RFC 8448 第 3 节中固定的密钥和随机数：RFC 打印的每个值都在这里现场计算，并与 RFC 的值并列展示；加密记录也逐字节相同。'
	),
	rfcCertificate: text(
		'The certificate chain is not checked in this mode: RFC 8448’s certificate is a self-signed RSA test certificate (CN “rsa”, no subjectAltName, valid 2016-07-30 to 2026-07-30) that no client would trust for “server”. The client still verifies its CertificateVerify with the certificate’s RSA key (rsa_pss_rsae_sha256).',
		'本模式不检查证书链：RFC 8448 的证书是一张自签名的 RSA 测试证书（CN 为“rsa”，没有 subjectAltName，有效期 2016-07-30 至 2026-07-30），没有客户端会因为它而信任“server”。客户端仍会用证书中的 RSA 公钥验证 CertificateVerify（rsa_pss_rsae_sha256）。'
	),
	rfcServerName: (asked: string) =>
		text(
			`RFC 8448’s ClientHello names “server”; “${asked}” is not used in this mode.`,
			`RFC 8448 的 ClientHello 中写的是“server”；本模式不使用“${asked}”。`
		),
	rfcRequest: text(
		'With a request of your own, the application data records differ from RFC 8448’s (the handshake records still match).',
		'使用你自己的请求时，应用数据记录与 RFC 8448 的不同（握手记录仍然一致）。'
	)
} as const;
