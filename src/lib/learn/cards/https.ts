import { rfc, type StudyCard } from '../types';
import { BROWSER, SERVER } from './actors';

export const card: StudyCard = {
	topic: 'https',
	points: [
		{
			en: 'HTTPS is HTTP sent over TLS (RFC 9110 defines the https scheme; the default port is 443). TLS gives three things: confidentiality (encryption), integrity (tampering is detected) and authentication of the server (its certificate).',
			'zh-CN': 'HTTPS 就是通过 TLS 传输的 HTTP（RFC 9110 定义了 https 方案，默认端口为 443）。TLS 提供三样东西：机密性（加密）、完整性（篡改能被发现）和服务器身份认证（证书）。'
		},
		{
			en: 'The TLS 1.3 handshake (RFC 8446) takes one round trip: the ClientHello carries a key share (for example X25519), the ServerHello the server’s key share; both compute the same (EC)DHE shared secret and derive keys from it with HKDF. Everything after the ServerHello is encrypted, the certificate included.',
			'zh-CN': 'TLS 1.3 握手（RFC 8446）只需一个往返：ClientHello 带上密钥共享（例如 X25519），ServerHello 带上服务器的密钥共享；双方算出同一个 (EC)DHE 共享秘密，再用 HKDF 从中派生密钥。ServerHello 之后的所有内容都是加密的，证书也不例外。'
		},
		{
			en: 'The server proves who it is: it sends its certificate chain and CertificateVerify, a signature over the handshake so far made with the certificate’s private key. The client checks the chain up to a trusted root, the validity dates, and that the name matches the host.',
			'zh-CN': '服务器证明自己的身份：它发送证书链和 CertificateVerify，即用证书私钥对到目前为止的握手内容所做的签名。客户端检查证书链能否追溯到受信任的根证书、是否在有效期内，以及证书上的名字是否与主机名匹配。'
		},
		{
			en: 'Both sides send Finished, a MAC over the whole handshake, so any tampering with the negotiation is caught. Application data then travels in records encrypted with an AEAD cipher (AES-GCM or ChaCha20-Poly1305).',
			'zh-CN': '双方都发送 Finished，即对整个握手计算的 MAC，因此对协商过程的任何篡改都会被发现。之后应用数据以记录的形式传输，用 AEAD 算法（AES-GCM 或 ChaCha20-Poly1305）加密。'
		},
		{
			en: 'Forward secrecy: the key shares are ephemeral and thrown away after the handshake, so stealing the server’s private key later does not decrypt recorded traffic.',
			'zh-CN': '前向保密：密钥共享是临时的，握手后即被丢弃，因此即使日后服务器私钥被盗，也无法解密此前录下的流量。'
		}
	],
	diagram: {
		kind: 'sequence',
		caption: {
			en: 'A TLS 1.3 handshake, then HTTP: { } is encrypted with handshake keys, [ ] with application keys',
			'zh-CN': 'TLS 1.3 握手，然后是 HTTP：{ } 表示用握手密钥加密，[ ] 表示用应用数据密钥加密'
		},
		actors: [BROWSER, SERVER],
		messages: [
			{
				from: 0,
				to: 1,
				code: 'ClientHello: random, cipher suites, key_share (X25519), server_name',
				note: {
					en: 'The browser’s fresh ephemeral public key travels in the first message.',
					'zh-CN': '浏览器新生成的临时公钥在第一条消息里就发出。'
				}
			},
			{
				from: 1,
				to: 0,
				code: 'ServerHello: key_share',
				note: {
					en: 'The server’s ephemeral key. Both sides now compute the shared secret and the handshake keys.',
					'zh-CN': '服务器的临时公钥。此时双方都能算出共享秘密和握手密钥。'
				}
			},
			{
				from: 1,
				to: 0,
				code: '{EncryptedExtensions} {Certificate} {CertificateVerify} {Finished}',
				note: {
					en: 'The signature in CertificateVerify proves the server holds the certificate’s private key.',
					'zh-CN': 'CertificateVerify 中的签名证明服务器持有证书对应的私钥。'
				}
			},
			{
				from: 0,
				to: 1,
				code: '{Finished}',
				note: {
					en: 'The browser has checked the certificate, the signature and the server’s Finished.',
					'zh-CN': '浏览器已经验证了证书、签名和服务器的 Finished。'
				}
			},
			{
				from: 0,
				to: 1,
				code: '[GET / HTTP/1.1 …]',
				note: { en: 'Application data, one round trip after the ClientHello.', 'zh-CN': '应用数据，在 ClientHello 之后一个往返就能发出。' }
			},
			{
				from: 1,
				to: 0,
				code: '[HTTP/1.1 200 OK …]',
				note: { en: 'The response, in AEAD-protected records.', 'zh-CN': '响应，用 AEAD 保护的记录传输。' }
			}
		]
	},
	corrections: [
		{
			id: 'rsa-key-transport',
			wrong: {
				en: 'The client encrypts a session key with the server’s public key, and the server decrypts it with its private key.',
				'zh-CN': '客户端用服务器的公钥加密会话密钥，服务器用私钥解密得到会话密钥。'
			},
			right: {
				en: 'That is RSA key transport from TLS 1.2 and earlier, which TLS 1.3 removed. In TLS 1.3 both sides send ephemeral (EC)DHE key shares and compute the same secret; no key is ever encrypted with the certificate’s key, which only signs the handshake (CertificateVerify).',
				'zh-CN': '这是 TLS 1.2 及更早版本中的 RSA 密钥传输，TLS 1.3 已将其删除。在 TLS 1.3 中，双方各自发送临时的 (EC)DHE 密钥共享，算出相同的秘密；任何密钥都不会用证书的公钥加密，证书密钥只用来对握手签名（CertificateVerify）。'
			},
			why: {
				en: 'With RSA key transport, whoever later obtains the server’s private key can decrypt every recorded session: there is no forward secrecy. RFC 8446: “Static RSA and Diffie-Hellman cipher suites have been removed; all public-key based key exchange mechanisms now provide forward secrecy.”',
				'zh-CN': '使用 RSA 密钥传输时，任何人只要日后拿到服务器私钥，就能解密所有录下的会话：没有前向保密。RFC 8446 写明：静态 RSA 和 Diffie-Hellman 密码套件已被删除，所有基于公钥的密钥交换机制现在都提供前向保密。'
			},
			sources: [rfc(8446, '1.2')]
		},
		{
			id: 'ssl',
			wrong: { en: 'HTTPS encrypts with SSL.', 'zh-CN': 'HTTPS 使用 SSL 协议加密。' },
			right: {
				en: 'HTTPS today runs TLS 1.2 or 1.3. Every SSL version is broken and prohibited: SSL 2.0 by RFC 6176, SSL 3.0 by RFC 7568; TLS 1.0 and 1.1 are deprecated too (RFC 8996). “SSL certificate” survives only as a name.',
				'zh-CN': '如今的 HTTPS 使用 TLS 1.2 或 1.3。所有 SSL 版本都已被攻破并禁止使用：SSL 2.0 由 RFC 6176 禁止，SSL 3.0 由 RFC 7568 禁止；TLS 1.0 和 1.1 也已废弃（RFC 8996）。“SSL 证书”只是沿用下来的叫法。'
			},
			why: {
				en: 'SSL 3.0 fell to the POODLE attack in 2014; browsers no longer offer it.',
				'zh-CN': 'SSL 3.0 在 2014 年被 POODLE 攻击攻破；浏览器早已不再支持它。'
			},
			sources: [rfc(7568), rfc(8996)]
		},
		{
			id: 'certificate-proves',
			wrong: {
				en: 'Receiving a valid certificate proves the server’s identity.',
				'zh-CN': '收到有效的证书，就证明了服务器的身份。'
			},
			right: {
				en: 'A certificate is public: anyone can send a copy. Identity is proven when the server also signs this handshake with the certificate’s private key (CertificateVerify), and the client has checked the chain to a trusted root, the dates and the host name.',
				'zh-CN': '证书是公开的，任何人都可以发送一份副本。只有当服务器还用证书对应的私钥对本次握手签名（CertificateVerify），并且客户端验证了证书链能追溯到受信任的根、有效期和主机名之后，身份才算得到证明。'
			},
			why: {
				en: 'The signature covers this connection’s random values and key shares, so it cannot be replayed from another connection.',
				'zh-CN': '签名覆盖了本次连接的随机数和密钥共享，因此无法从别的连接中重放。'
			},
			sources: [rfc(8446, '4.4.3'), rfc(9525)]
		}
	],
	questions: [
		{
			id: 'what',
			q: { en: 'What is HTTPS, and what does it protect?', 'zh-CN': '什么是 HTTPS？它保护了什么？' },
			a: {
				en: 'HTTP over TLS, usually on port 443. TLS protects the request and the response, including the URL path and query, headers, cookies and bodies, from being read (confidentiality) and from being changed unnoticed (integrity), and proves the server’s identity with a certificate for its host name. It does not hide the server’s IP address, the host name in the ClientHello’s SNI (unless Encrypted Client Hello is used), or the sizes and timing of messages.',
				'zh-CN': 'HTTPS 就是基于 TLS 的 HTTP，通常使用 443 端口。TLS 保护请求和响应，包括 URL 的路径和查询参数、头部、Cookie 和正文，使其不能被读取（机密性），被篡改后能被发现（完整性），并用针对该主机名的证书证明服务器的身份。它不隐藏服务器的 IP 地址、ClientHello 里 SNI 中的主机名（除非使用加密客户端问候 ECH），也不隐藏消息的大小和时间。'
			}
		},
		{
			id: 'tls13-flow',
			q: { en: 'Walk through the TLS 1.3 handshake.', 'zh-CN': '讲一讲 TLS 1.3 的握手流程。' },
			a: {
				en: 'ClientHello: a random value, cipher suites, supported groups, a key share (an ephemeral X25519 public key) and the server name (SNI). ServerHello: the chosen suite and the server’s key share. Both sides compute the ECDHE shared secret and run the key schedule (HKDF) to get handshake keys. The server then sends, encrypted: EncryptedExtensions, Certificate, CertificateVerify (a signature over the transcript with the certificate’s key) and Finished (a MAC over the transcript). The client checks the certificate and the signature, verifies Finished and sends its own Finished. Application keys come from the same key schedule. One round trip in all; a resumed session can even carry 0-RTT data, which an attacker may replay.',
				'zh-CN': 'ClientHello：随机数、密码套件、支持的组、一个密钥共享（临时的 X25519 公钥）以及服务器名称（SNI）。ServerHello：选定的密码套件和服务器的密钥共享。双方算出 ECDHE 共享秘密，通过密钥调度（HKDF）得到握手密钥。随后服务器加密发送：EncryptedExtensions、Certificate、CertificateVerify（用证书私钥对握手记录的签名）和 Finished（对握手记录的 MAC）。客户端验证证书和签名，检查 Finished，再发送自己的 Finished。应用数据密钥由同一个密钥调度派生。全程只需一个往返；恢复的会话甚至可以携带 0-RTT 数据，但攻击者可能重放这些数据。'
			}
		},
		{
			id: 'both-crypto',
			q: {
				en: 'Why does HTTPS use both asymmetric and symmetric cryptography?',
				'zh-CN': 'HTTPS 为什么同时使用非对称加密和对称加密？'
			},
			a: {
				en: 'Asymmetric operations are slow but solve what symmetric keys cannot: agreeing on a secret with a stranger over an open network (the ECDHE key exchange) and proving identity (signatures with the certificate’s key). Symmetric AEAD ciphers such as AES-GCM are fast, and encrypt and authenticate the actual data with keys derived from the exchange. In TLS 1.3 the asymmetric part never encrypts data or keys: it agrees, and it signs.',
				'zh-CN': '非对称运算很慢，却能解决对称密钥解决不了的问题：在开放网络上与陌生人商定一个秘密（ECDHE 密钥交换），以及证明身份（用证书密钥签名）。AES-GCM 这类对称 AEAD 算法速度快，用从交换中派生出的密钥对实际数据进行加密和认证。在 TLS 1.3 中，非对称部分从不加密数据或密钥：它只负责协商和签名。'
			}
		},
		{
			id: 'forward-secrecy',
			q: {
				en: 'What is forward secrecy, and how does TLS 1.3 guarantee it?',
				'zh-CN': '什么是前向保密？TLS 1.3 如何保证？'
			},
			a: {
				en: 'Forward secrecy means recorded traffic stays safe even if a long-term key (the server’s certificate key) leaks later. TLS 1.3 guarantees it by allowing only ephemeral (EC)DHE key exchange: every connection uses fresh key pairs that are then discarded, so nothing that outlives the connection can recompute its keys. Resumption with a pre-shared key alone weakens this, which is why the psk_dhe_ke mode adds a fresh exchange.',
				'zh-CN': '前向保密是指：即使长期密钥（服务器证书的私钥）日后泄露，之前录下的流量仍然安全。TLS 1.3 只允许临时 (EC)DHE 密钥交换来保证这一点：每个连接都使用新生成、用后即弃的密钥对，连接结束后留下的任何东西都无法再算出它的密钥。仅用预共享密钥恢复会话会削弱这一性质，所以 psk_dhe_ke 模式会再做一次新的密钥交换。'
			}
		},
		{
			id: 'trust',
			q: {
				en: 'How does a browser decide to trust a server’s certificate?',
				'zh-CN': '浏览器如何决定是否信任服务器的证书？'
			},
			a: {
				en: 'It builds a chain from the server’s certificate through intermediates to a root in its trust store, verifying each signature; checks the validity dates and revocation (or relies on short lifetimes); checks that the host name matches a DNS name in subjectAltName; checks key usage and name constraints; and, in Chrome and Safari, requires Certificate Transparency proofs. Then the CertificateVerify signature shows the server holds the matching private key.',
				'zh-CN': '它从服务器证书出发，经过中间证书，构建一条直到信任库中某个根证书的链，并验证每一级签名；检查有效期和吊销状态（或依赖较短的有效期）；检查主机名是否与 subjectAltName 中的某个 DNS 名称匹配；检查密钥用途和名称约束；Chrome 和 Safari 还要求提供证书透明度（CT）证明。最后，CertificateVerify 签名表明服务器确实持有对应的私钥。'
			}
		}
	],
	links: [{ href: '/tls', label: { en: 'Open the HTTPS explorer', 'zh-CN': '打开 HTTPS 探索' } }]
};
