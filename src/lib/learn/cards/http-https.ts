import { rfc, same, type StudyCard } from '../types';

const visible = { en: 'visible', 'zh-CN': '可见' };
const encrypted = { en: 'encrypted', 'zh-CN': '已加密' };

export const card: StudyCard = {
	topic: 'http-https',
	points: [
		{
			en: 'HTTP sends requests and responses as readable bytes: anyone on the path (a Wi-Fi hotspot, an ISP, a compromised router) can read and change them. HTTPS sends the very same HTTP inside TLS records.',
			'zh-CN': 'HTTP 以可读的明文字节发送请求和响应：路径上的任何人（Wi-Fi 热点、运营商、被攻破的路由器）都能读取和修改。HTTPS 把完全相同的 HTTP 放进 TLS 记录里发送。'
		},
		{
			en: 'Default ports: 80 for http, 443 for https (RFC 9110). The HTTP messages are the same; only the transport underneath changes.',
			'zh-CN': '默认端口：http 为 80，https 为 443（RFC 9110）。HTTP 报文本身一模一样，变的只是下面的传输方式。'
		},
		{
			en: 'HTTPS authenticates the server: its certificate must be valid for the host name, and it must prove it holds the private key. Plain HTTP cannot tell who answered.',
			'zh-CN': 'HTTPS 会认证服务器：证书必须对该主机名有效，服务器还必须证明自己持有私钥。明文 HTTP 无法知道是谁在应答。'
		},
		{
			en: 'What an eavesdropper still sees over HTTPS: IP addresses and ports, the host name (SNI in the ClientHello, unless ECH is used), DNS queries unless they go over DoH or DoT, and the sizes and timing of records.',
			'zh-CN': '在 HTTPS 下窃听者仍能看到：IP 地址和端口、主机名（ClientHello 中的 SNI，除非使用 ECH）、DNS 查询（除非通过 DoH 或 DoT），以及记录的大小和时间。'
		},
		{
			en: 'Browsers require HTTPS for HTTP/2 and HTTP/3, service workers (so for PWAs like this one), geolocation and many other APIs. HSTS (RFC 6797) tells a browser never to use plain HTTP for a site.',
			'zh-CN': '浏览器只在 HTTPS 下支持 HTTP/2 和 HTTP/3、Service Worker（也就是像本应用这样的 PWA）、地理定位以及许多其他 API。HSTS（RFC 6797）告诉浏览器对某个站点永远不要使用明文 HTTP。'
		}
	],
	diagram: {
		kind: 'table',
		caption: {
			en: 'What someone on the path sees of one request',
			'zh-CN': '对于同一个请求，路径上的人能看到什么'
		},
		head: [{ en: 'On the wire', 'zh-CN': '线路上的内容' }, same('HTTP'), same('HTTPS')],
		rows: [
			[{ en: 'IP addresses, ports', 'zh-CN': 'IP 地址、端口' }, visible, visible],
			[
				{ en: 'Host name', 'zh-CN': '主机名' },
				{ en: 'visible (Host header)', 'zh-CN': '可见（Host 头）' },
				{ en: 'visible in SNI (hidden with ECH)', 'zh-CN': 'SNI 中可见（ECH 可隐藏）' }
			],
			[{ en: 'Path and query', 'zh-CN': '路径和查询参数' }, visible, encrypted],
			[{ en: 'Headers, cookies', 'zh-CN': '头部、Cookie' }, visible, encrypted],
			[{ en: 'Body', 'zh-CN': '正文' }, visible, encrypted],
			[
				{ en: 'Changed without notice', 'zh-CN': '被悄悄篡改' },
				{ en: 'possible', 'zh-CN': '可能' },
				{ en: 'detected (AEAD tag)', 'zh-CN': '会被发现（AEAD 标签）' }
			],
			[{ en: 'Sizes and timing', 'zh-CN': '大小和时间' }, visible, visible]
		]
	},
	corrections: [
		{
			id: 'http-fine-for-ordinary',
			wrong: {
				en: 'HTTP is fine for ordinary browsing; HTTPS is only needed for logins and payments.',
				'zh-CN': '普通网页浏览用 HTTP 就够了，只有登录、支付等场景才需要 HTTPS。'
			},
			right: {
				en: 'Every page needs HTTPS. Over HTTP, anyone on the path can inject scripts, ads or malware into an “ordinary” page, or rewrite its link to the login page; and what a person reads is private in itself.',
				'zh-CN': '每个页面都需要 HTTPS。在 HTTP 下，路径上的任何人都可以往“普通”页面里注入脚本、广告或恶意软件，或者改写页面上指向登录页的链接；而且一个人在读什么，本身就是隐私。'
			},
			why: {
				en: 'RFC 7258 treats pervasive monitoring as an attack to mitigate; browsers mark HTTP pages “Not secure” and keep powerful features for secure contexts.',
				'zh-CN': 'RFC 7258 把大规模监控视为需要防范的攻击；浏览器把 HTTP 页面标记为“不安全”，并且只在安全上下文中开放强大的功能。'
			},
			sources: [rfc(7258), { label: 'W3C Secure Contexts', href: 'https://www.w3.org/TR/secure-contexts/' }]
		},
		{
			id: 'https-hides-site',
			wrong: {
				en: 'With HTTPS nobody can tell which site you visit.',
				'zh-CN': '使用 HTTPS 后，别人就无法知道你访问了哪个网站。'
			},
			right: {
				en: 'The host name travels in plaintext in the TLS ClientHello (the SNI extension), the DNS lookup usually goes out unencrypted, and the server’s IP address is visible. HTTPS hides the path, query, headers and body, not the destination. Encrypted Client Hello and DNS over HTTPS close part of the gap.',
				'zh-CN': '主机名以明文形式出现在 TLS ClientHello 的 SNI 扩展中，DNS 查询通常也未加密，服务器的 IP 地址更是一览无余。HTTPS 隐藏的是路径、查询参数、头部和正文，而不是目的地。加密客户端问候（ECH）和 DNS over HTTPS 可以弥补一部分。'
			},
			why: {
				en: 'SNI is a ClientHello extension, sent before any keys exist, so that one address can serve many certificates.',
				'zh-CN': 'SNI 是 ClientHello 的扩展，在任何密钥产生之前发出，使一个地址能够承载多张证书。'
			},
			sources: [rfc(6066, '3'), rfc(8484)]
		},
		{
			id: 'https-slow',
			wrong: { en: 'HTTPS is much slower than HTTP.', 'zh-CN': 'HTTPS 比 HTTP 慢很多。' },
			right: {
				en: 'TLS 1.3 adds one round trip to a new connection (none with 0-RTT resumption), and modern CPUs encrypt AES-GCM at gigabytes per second. Because browsers speak HTTP/2 and HTTP/3 only over HTTPS, an HTTPS site is often faster than the same site over HTTP/1.1.',
				'zh-CN': 'TLS 1.3 只给新连接增加一个往返（0-RTT 恢复时不增加），现代 CPU 的 AES-GCM 加密速度可达每秒数 GB。由于浏览器只在 HTTPS 下使用 HTTP/2 和 HTTP/3，HTTPS 站点往往比同一站点走 HTTP/1.1 还快。'
			},
			why: {
				en: 'The full TLS 1.3 handshake is one round trip (RFC 8446 §2); HTTP/3 runs over QUIC, which always includes TLS 1.3 and merges its handshake with the transport’s (RFC 9001).',
				'zh-CN': 'TLS 1.3 的完整握手只需一个往返（RFC 8446 §2）；HTTP/3 基于 QUIC，而 QUIC 始终内置 TLS 1.3，并把它的握手与传输层握手合并（RFC 9001）。'
			},
			sources: [rfc(8446, '2'), rfc(9001)]
		}
	],
	questions: [
		{
			id: 'diff',
			q: { en: 'What is the difference between HTTP and HTTPS?', 'zh-CN': 'HTTP 和 HTTPS 有什么区别？' },
			a: {
				en: 'The same HTTP messages over a different transport. HTTP goes over plain TCP (port 80): anyone on the path can read and modify it, and the client cannot tell who answered. HTTPS goes over TLS (port 443): encrypted, integrity-protected, and the server is authenticated by a certificate for its name. HTTPS costs a TLS handshake (one extra round trip with TLS 1.3) and a certificate (free and automatic with ACME, e.g. Let’s Encrypt), and it unlocks HTTP/2, HTTP/3 and the browser features reserved for secure contexts.',
				'zh-CN': 'HTTP 报文相同，传输方式不同。HTTP 直接走 TCP（80 端口）：路径上的任何人都能读取和修改，客户端也无法确认是谁在应答。HTTPS 走 TLS（443 端口）：经过加密和完整性保护，并通过针对域名的证书认证服务器。HTTPS 的代价是一次 TLS 握手（TLS 1.3 多一个往返）和一张证书（通过 ACME 可以免费自动获取，例如 Let’s Encrypt），同时还能启用 HTTP/2、HTTP/3 以及浏览器只在安全上下文中开放的功能。'
			}
		},
		{
			id: 'eavesdropper',
			q: {
				en: 'What can an eavesdropper see of an HTTPS request?',
				'zh-CN': '对于一个 HTTPS 请求，窃听者能看到什么？'
			},
			a: {
				en: 'The client’s and server’s IP addresses and ports; that TLS is in use and which version; the server name in the SNI extension (unless ECH encrypts the ClientHello); usually the DNS query before it; and the number, sizes and timing of the encrypted records, which can hint at which page was loaded. Not the method, path, query, headers, cookies or bodies.',
				'zh-CN': '客户端和服务器的 IP 地址与端口；正在使用 TLS 以及版本；SNI 扩展中的服务器名称（除非 ECH 加密了 ClientHello）；通常还有之前的 DNS 查询；以及加密记录的数量、大小和时间，这些可能暗示加载的是哪个页面。看不到的是：请求方法、路径、查询参数、头部、Cookie 和正文。'
			}
		},
		{
			id: 'mitm',
			q: { en: 'How does HTTPS stop a man-in-the-middle?', 'zh-CN': 'HTTPS 如何防止中间人攻击？' },
			a: {
				en: 'The attacker can relay and change packets, but cannot present a valid certificate for the site’s name (a trusted CA would have to issue one, and Certificate Transparency logs would expose it) and cannot sign the handshake with the real server’s private key. Because the key exchange is signed, substituting its own key shares breaks the CertificateVerify signature and the Finished MACs. What remains: a user clicking through a warning, a malicious root certificate installed on the device, and the first plain-HTTP request before a redirect, which HSTS preloading removes.',
				'zh-CN': '攻击者可以转发和修改数据包，但无法为该站点的域名出示有效证书（必须有受信任的 CA 为它签发，而证书透明度日志会暴露这种签发），也无法用真正服务器的私钥对握手签名。由于密钥交换经过签名，换上攻击者自己的密钥共享会让 CertificateVerify 签名和 Finished MAC 校验失败。剩下的风险是：用户无视警告继续访问、设备上被安装了恶意根证书，以及跳转到 HTTPS 之前那个明文 HTTP 请求，而 HSTS 预加载可以消除最后这一点。'
			}
		},
		{
			id: 'hsts',
			q: { en: 'What is HSTS and why is it needed?', 'zh-CN': '什么是 HSTS？为什么需要它？' },
			a: {
				en: 'HTTP Strict Transport Security (RFC 6797): a response header, Strict-Transport-Security: max-age=…, that tells the browser to use only HTTPS for this host for that long, to rewrite http:// links to https:// before sending anything, and not to let the user click through certificate errors. It closes the gap where someone types example.com and the first request goes out over HTTP, where an attacker could strip the redirect (SSL stripping). Preload lists built into browsers protect even the very first visit.',
				'zh-CN': 'HTTP 严格传输安全（RFC 6797）：一个响应头 Strict-Transport-Security: max-age=…，告诉浏览器在这段时间内对该主机只用 HTTPS，在发出任何请求之前就把 http:// 链接改写为 https://，并且证书出错时不允许用户忽略警告继续访问。它堵住了这样一个漏洞：有人输入 example.com，第一个请求以 HTTP 发出，攻击者可以把跳转剥掉（SSL 剥离攻击）。浏览器内置的预加载列表甚至能保护第一次访问。'
			}
		},
		{
			id: 'migrate',
			q: {
				en: 'What does moving a site from HTTP to HTTPS take?',
				'zh-CN': '把网站从 HTTP 迁移到 HTTPS 需要做什么？'
			},
			a: {
				en: 'A certificate for every host name, renewed automatically (ACME); TLS 1.2 and 1.3 only, with forward-secret cipher suites; a permanent redirect (301 or 308) from http to https; fixing mixed content (scripts, images and API calls still on http://, which browsers block or upgrade); the Secure flag on cookies; then HSTS, first with a short max-age, later a long one and preloading; and monitoring of certificate expiry.',
				'zh-CN': '为每个主机名准备证书，并自动续期（ACME）；只启用 TLS 1.2 和 1.3，使用具备前向保密的密码套件；把 http 永久重定向（301 或 308）到 https；修复混合内容（仍通过 http:// 加载的脚本、图片和 API 请求，浏览器会拦截或自动升级）；给 Cookie 加上 Secure 标志；然后启用 HSTS，先用较短的 max-age，稳定后改长并申请预加载；并监控证书的到期时间。'
			}
		}
	],
	links: [{ href: '/tls', label: { en: 'Open the HTTPS explorer', 'zh-CN': '打开 HTTPS 探索' } }]
};
