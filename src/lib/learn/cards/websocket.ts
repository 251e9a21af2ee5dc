import { rfc, type StudyCard } from '../types';
import { BROWSER, SERVER } from './actors';

/** The example key and frames of RFC 6455 (sections 1.3 and 5.7); unit tests check them against the lab's code. */
export const RFC6455_KEY = 'dGhlIHNhbXBsZSBub25jZQ==';
export const RFC6455_ACCEPT = 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=';
export const RFC6455_FRAMES = {
	maskedHello: '81 85 37 fa 21 3d 7f 9f 4d 51 58',
	hello: '81 05 48 65 6c 6c 6f',
	ping: '89 05 48 65 6c 6c 6f',
	maskedPong: '8a 85 37 fa 21 3d 7f 9f 4d 51 58'
} as const;

export const card: StudyCard = {
	topic: 'websocket',
	points: [
		{
			en: 'WebSocket (RFC 6455) gives a browser and a server a full-duplex, message-based channel over one TCP connection: either side may send at any time, with 2 to 14 bytes of framing per message.',
			'zh-CN': 'WebSocket（RFC 6455）在一条 TCP 连接上为浏览器和服务器提供全双工、基于消息的通道：任何一方都可以随时发送，每条消息只有 2 到 14 字节的帧开销。'
		},
		{
			en: 'It starts as HTTP: the client sends a GET with Upgrade: websocket, Connection: Upgrade and a random Sec-WebSocket-Key; the server answers 101 Switching Protocols with Sec-WebSocket-Accept = base64(SHA-1(key + a fixed GUID)). From then on both sides speak frames.',
			'zh-CN': '它以 HTTP 开始：客户端发送一个带有 Upgrade: websocket、Connection: Upgrade 和随机 Sec-WebSocket-Key 的 GET 请求；服务器回复 101 Switching Protocols，其中 Sec-WebSocket-Accept = base64(SHA-1(key + 固定的 GUID))。此后双方都用帧通信。'
		},
		{
			en: 'Frames carry text (UTF-8) or binary data, and there are control frames: ping, pong and close. Every frame from the client is masked with a random 4-byte key; frames from the server are not.',
			'zh-CN': '帧可以携带文本（UTF-8）或二进制数据，另外还有控制帧：ping、pong 和 close。客户端发出的每个帧都要用随机的 4 字节掩码键做掩码；服务器发出的帧不做掩码。'
		},
		{
			en: 'HTTP is request and response: the server answers, it never starts. For updates from the server, HTTP has polling, long polling and server-sent events (SSE); WebSocket fits when both sides send often and with little delay (chat, games, collaborative editing).',
			'zh-CN': 'HTTP 是请求与响应：服务器只应答，从不主动发起。要从服务器推送更新，HTTP 有轮询、长轮询和服务器发送事件（SSE）；当双方都需要频繁、低延迟地发送时（聊天、游戏、协同编辑），适合用 WebSocket。'
		},
		{
			en: 'The costs: every open connection holds server memory; the browser API has no built-in reconnection, acknowledgement or back-pressure; proxies must allow the upgrade and long idle times; and scaling out needs a way to reach a user connected to another server (publish/subscribe).',
			'zh-CN': '代价：每个打开的连接都占用服务器内存；浏览器 API 没有内置的重连、确认和背压；代理必须允许协议升级和长时间空闲；横向扩展时还需要能把消息送到连在另一台服务器上的用户（发布/订阅）。'
		}
	],
	diagram: {
		kind: 'sequence',
		caption: {
			en: 'The opening handshake and the first frames, with the example key and bytes of RFC 6455',
			'zh-CN': '握手与最初几个帧，使用 RFC 6455 中的示例密钥和字节'
		},
		actors: [BROWSER, SERVER],
		messages: [
			{
				from: 0,
				to: 1,
				code: `GET /chat HTTP/1.1 · Upgrade: websocket · Connection: Upgrade · Sec-WebSocket-Key: ${RFC6455_KEY} · Sec-WebSocket-Version: 13`,
				note: {
					en: 'An ordinary HTTP/1.1 request carrying a random 16-byte key, in base64.',
					'zh-CN': '一个普通的 HTTP/1.1 请求，携带一个随机的 16 字节密钥（base64 编码）。'
				}
			},
			{
				from: 1,
				to: 0,
				code: `HTTP/1.1 101 Switching Protocols · Upgrade: websocket · Connection: Upgrade · Sec-WebSocket-Accept: ${RFC6455_ACCEPT}`,
				note: {
					en: 'base64(SHA-1(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")): proof that the server understood a WebSocket request. The connection now carries frames.',
					'zh-CN': 'base64(SHA-1(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))：证明服务器理解了这是 WebSocket 请求。此后这条连接上传输的都是帧。'
				}
			},
			{
				from: 0,
				to: 1,
				code: RFC6455_FRAMES.maskedHello,
				note: {
					en: 'A text frame “Hello” from the client: FIN and opcode 1, the mask bit and length 5, the masking key 37 fa 21 3d, then the masked payload.',
					'zh-CN': '客户端发出的文本帧“Hello”：FIN 和操作码 1，掩码位和长度 5，掩码键 37 fa 21 3d，然后是掩码后的负载。'
				}
			},
			{
				from: 1,
				to: 0,
				code: RFC6455_FRAMES.hello,
				note: {
					en: 'The same message from the server: not masked, so two bytes of header and the plain payload.',
					'zh-CN': '服务器发出的同一条消息：不做掩码，所以只有两字节头部和原样的负载。'
				}
			},
			{
				from: 1,
				to: 0,
				code: RFC6455_FRAMES.ping,
				note: { en: 'A ping (opcode 9) with the body “Hello”.', 'zh-CN': '一个 ping 帧（操作码 9），内容为“Hello”。' }
			},
			{
				from: 0,
				to: 1,
				code: RFC6455_FRAMES.maskedPong,
				note: {
					en: 'The pong (opcode 10) echoes the body, masked because it comes from the client.',
					'zh-CN': 'pong 帧（操作码 10）原样回送内容，因为来自客户端，所以做了掩码。'
				}
			}
		]
	},
	corrections: [
		{
			id: 'http-new-connection',
			wrong: {
				en: 'HTTP opens a new connection for every request.',
				'zh-CN': 'HTTP 每次请求都需要建立新的连接。'
			},
			right: {
				en: 'HTTP/1.1 connections are persistent by default (keep-alive): many requests and responses reuse one TCP connection until a side sends Connection: close or an idle timeout closes it. HTTP/2 and HTTP/3 go further and carry many requests at once on one connection.',
				'zh-CN': 'HTTP/1.1 的连接默认就是持久连接（keep-alive）：多个请求和响应复用同一条 TCP 连接，直到某一方发送 Connection: close，或因空闲超时而关闭。HTTP/2 和 HTTP/3 更进一步，在一条连接上同时传输多个请求。'
			},
			why: {
				en: 'RFC 9112: “HTTP/1.1 defaults to the use of persistent connections.” One request per connection was HTTP/1.0’s default. What WebSocket saves is not the connection but the request line and headers of every message, and the wait for the client to ask.',
				'zh-CN': 'RFC 9112 写明：HTTP/1.1 默认使用持久连接。每个请求一个连接是 HTTP/1.0 的默认行为。WebSocket 真正省下的不是连接，而是每条消息的请求行和头部，以及等待客户端发问的时间。'
			},
			sources: [rfc(9112, '9.3')]
		},
		{
			id: 'http-no-push',
			wrong: {
				en: 'HTTP is one-way: the server cannot push messages to the client.',
				'zh-CN': 'HTTP 是单向的，服务器无法主动向客户端推送消息。'
			},
			right: {
				en: 'The server cannot start a request, but it can keep a response open and write to it whenever there is news: server-sent events (text/event-stream) and long polling do exactly that over plain HTTP, and EventSource even reconnects by itself. WebSocket is needed when the client sends often too, or for binary messages with minimal overhead.',
				'zh-CN': '服务器不能主动发起请求，但可以让一个响应保持打开，有消息时就往里写：服务器发送事件（SSE，text/event-stream）和长轮询就是在普通 HTTP 上这样做的，EventSource 还会自动重连。只有当客户端也需要频繁发送，或者需要开销极小的二进制消息时，才需要 WebSocket。'
			},
			why: {
				en: 'Server-sent events are part of the HTML standard; over HTTP/2 many such streams share one connection, so the old limit of six connections per host no longer bites.',
				'zh-CN': '服务器发送事件是 HTML 标准的一部分；在 HTTP/2 下，许多这样的事件流共享一条连接，每个主机最多六个连接的旧限制也就不再是问题。'
			},
			sources: [{ label: 'HTML Standard: server-sent events', href: 'https://html.spec.whatwg.org/multipage/server-sent-events.html' }]
		},
		{
			id: 'masking-encrypts',
			wrong: {
				en: 'WebSocket frames are masked to encrypt them.',
				'zh-CN': 'WebSocket 帧做掩码是为了加密数据。'
			},
			right: {
				en: 'Masking is not encryption: the 4-byte key travels in the same frame. It keeps a malicious page from choosing the bytes that appear on the wire, which could poison the caches of proxies that mistake WebSocket traffic for HTTP. For confidentiality, use wss:// (WebSocket over TLS).',
				'zh-CN': '掩码不是加密：4 字节的掩码键就放在同一个帧里。它的作用是让恶意页面无法决定线路上出现的字节，以免那些把 WebSocket 流量误当作 HTTP 的代理被缓存投毒。要保密，请使用 wss://（基于 TLS 的 WebSocket）。'
			},
			why: {
				en: 'RFC 6455 requires every client frame to be masked (§5.3) and explains the attack on infrastructure that masking prevents (§10.3).',
				'zh-CN': 'RFC 6455 要求客户端的每个帧都必须做掩码（§5.3），并说明了掩码所防范的针对网络基础设施的攻击（§10.3）。'
			},
			sources: [rfc(6455, '5.3'), rfc(6455, '10.3')]
		},
		{
			id: 'http-text-only',
			wrong: {
				en: 'HTTP carries text formats; only WebSocket carries binary data.',
				'zh-CN': 'HTTP 通常只能传输文本格式，WebSocket 才支持二进制。'
			},
			right: {
				en: 'HTTP bodies are arbitrary bytes (images, video, protobuf), labelled by Content-Type, and HTTP/2 and HTTP/3 frame the messages themselves in binary. Both carry text and binary; WebSocket differs by its small per-message framing and by letting either side send.',
				'zh-CN': 'HTTP 的正文可以是任意字节（图片、视频、protobuf），由 Content-Type 标明类型；HTTP/2 和 HTTP/3 连报文本身都是二进制分帧的。两者都能传输文本和二进制；WebSocket 的不同在于每条消息的分帧开销小，而且任何一方都可以发送。'
			},
			why: {
				en: 'HTTP/2 replaced HTTP/1.1’s text framing with binary frames.',
				'zh-CN': 'HTTP/2 用二进制帧取代了 HTTP/1.1 的文本分帧。'
			},
			sources: [rfc(9113, '4')]
		}
	],
	questions: [
		{
			id: 'what',
			q: {
				en: 'What is WebSocket, and how does it differ from HTTP?',
				'zh-CN': '什么是 WebSocket？它和 HTTP 有什么区别？'
			},
			a: {
				en: 'A protocol for a long-lived, full-duplex message channel over one TCP connection (RFC 6455), opened with an HTTP/1.1 Upgrade handshake (or an extended CONNECT over HTTP/2, RFC 8441). HTTP is request and response: the client asks, the server answers, and every message carries a start line and headers. WebSocket lets either side send at any time, with 2 to 14 bytes of framing and no headers. HTTP brings caching, standard semantics (methods, status codes) and passes every proxy; WebSocket brings low-latency two-way messaging and leaves message meaning, reconnection and acknowledgement to the application.',
				'zh-CN': 'WebSocket 是在单个 TCP 连接上建立长期、全双工消息通道的协议（RFC 6455），通过 HTTP/1.1 的 Upgrade 握手打开（在 HTTP/2 上通过扩展 CONNECT，RFC 8441）。HTTP 是请求与响应：客户端发问，服务器应答，每条消息都带起始行和头部。WebSocket 允许任何一方随时发送，每条消息只有 2 到 14 字节的帧开销，没有头部。HTTP 带来缓存、标准语义（方法、状态码），并且能通过所有代理；WebSocket 带来低延迟的双向消息，而把消息含义、重连和确认都留给应用处理。'
			}
		},
		{
			id: 'handshake',
			q: { en: 'How does the WebSocket handshake work?', 'zh-CN': 'WebSocket 的握手过程是怎样的？' },
			a: {
				en: 'The client sends an HTTP/1.1 GET with Upgrade: websocket, Connection: Upgrade, Sec-WebSocket-Version: 13, a random base64 Sec-WebSocket-Key, and optionally subprotocols and extensions (permessage-deflate). The server answers 101 Switching Protocols with Sec-WebSocket-Accept: the base64 of the SHA-1 of the key joined with the GUID 258EAFA5-E914-47DA-95CA-C5AB0DC85B11. That check proves the server understood a WebSocket request; it is not a security mechanism. From then on the TCP connection carries frames. Browsers also send Origin, which the server must check.',
				'zh-CN': '客户端发送一个 HTTP/1.1 GET 请求，带有 Upgrade: websocket、Connection: Upgrade、Sec-WebSocket-Version: 13、随机的 base64 编码 Sec-WebSocket-Key，以及可选的子协议和扩展（permessage-deflate）。服务器回复 101 Switching Protocols，其中 Sec-WebSocket-Accept 是“key 拼接 GUID 258EAFA5-E914-47DA-95CA-C5AB0DC85B11 后的 SHA-1 值”的 base64 编码。这个校验只证明服务器理解了 WebSocket 请求，并不是安全机制。此后这条 TCP 连接上传输的就是帧。浏览器还会发送 Origin 头，服务器必须检查它。'
			}
		},
		{
			id: 'push-options',
			q: {
				en: 'Compare polling, long polling, server-sent events and WebSocket.',
				'zh-CN': '比较轮询、长轮询、服务器发送事件（SSE）和 WebSocket。'
			},
			a: {
				en: 'Polling: the client asks every N seconds; simple, but it wastes requests and delays updates by up to N. Long polling: the server holds each request until there is news, then the client asks again; close to real time, but one request and its headers per message. SSE: one long HTTP response streams events from the server, with automatic reconnection and resumption by event ID; one way only, text only. WebSocket: two-way, text or binary, the least overhead per message, but a protocol of its own for proxies, load balancers and reconnection. For server-to-client updates, try SSE first; for chat, games and collaborative editing, WebSocket.',
				'zh-CN': '轮询：客户端每隔 N 秒询问一次；简单，但浪费请求，更新最多延迟 N 秒。长轮询：服务器挂起每个请求，直到有新消息才应答，然后客户端再次发问；接近实时，但每条消息都要一个请求及其头部。SSE：一个长期保持的 HTTP 响应持续推送服务器的事件，自带自动重连，并能按事件 ID 续传；只能单向，且只支持文本。WebSocket：双向，支持文本和二进制，每条消息的开销最小，但对代理、负载均衡器和重连来说是另一种协议。只需服务器推送时先考虑 SSE；聊天、游戏和协同编辑用 WebSocket。'
			}
		},
		{
			id: 'scale',
			q: { en: 'How do you run WebSocket at scale?', 'zh-CN': '如何大规模部署 WebSocket？' },
			a: {
				en: 'Each connection lives long and is tied to one server, so: use load balancers that support the upgrade and long idle timeouts, with least connections rather than round robin; send pings (or application heartbeats) to detect dead peers and keep NAT mappings alive; have clients reconnect with exponential backoff plus jitter and resume from the last message they saw; publish messages through a broker (Redis pub/sub, Kafka, NATS) so they reach a user on any server; drain connections gently during deploys; and limit message size and rate per connection.',
				'zh-CN': '每个连接存在时间长，而且绑定在一台服务器上，因此：使用支持协议升级和长空闲超时的负载均衡器，并用最少连接而不是轮询；发送 ping（或应用层心跳）来发现失效的对端，并保持 NAT 映射不过期；让客户端以带随机抖动的指数退避重连，并从最后收到的消息处续传；通过消息中间件（Redis 发布/订阅、Kafka、NATS）发布消息，让连在任何一台服务器上的用户都能收到；发布新版本时平滑地排空连接；并限制每个连接的消息大小和速率。'
			}
		},
		{
			id: 'frame',
			q: { en: 'What is in a WebSocket frame?', 'zh-CN': 'WebSocket 帧里有什么？' },
			a: {
				en: 'The first byte: FIN (last fragment of a message), three reserved bits (for extensions such as compression) and a 4-bit opcode (1 text, 2 binary, 0 continuation, 8 close, 9 ping, 10 pong). The second byte: the MASK bit and a 7-bit length, where 126 means a 16-bit length follows and 127 a 64-bit length. Then the 4-byte masking key when masked (every client frame), then the payload, XORed with the key when masked. So a short message from the server has 2 bytes of header, one from the client 6.',
				'zh-CN': '第一个字节：FIN（消息的最后一个分片）、三个保留位（供压缩等扩展使用）以及 4 位操作码（1 文本、2 二进制、0 延续帧、8 关闭、9 ping、10 pong）。第二个字节：MASK 位和 7 位长度，值为 126 表示后面跟 16 位长度，127 表示后面跟 64 位长度。接着，有掩码时（客户端的每个帧都有）是 4 字节掩码键，然后是负载，有掩码时负载要与掩码键做异或。所以服务器的一条短消息只有 2 字节头部，客户端的则是 6 字节。'
			}
		}
	]
};
