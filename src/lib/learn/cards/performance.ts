import { rfc, same, type StudyCard } from '../types';

export const card: StudyCard = {
	topic: 'performance',
	points: [
		{
			en: 'Latency is round trips × RTT, and RTT is bounded by distance: light in fibre covers about 200 km per millisecond, so a round trip between Beijing and Frankfurt (about 7,800 km apart) takes at least about 80 ms. More bandwidth does not remove round trips.',
			'zh-CN': '延迟 = 往返次数 × RTT，而 RTT 受距离约束：光在光纤中每毫秒约传播 200 公里，所以北京与法兰克福（相距约 7800 公里）之间一个往返至少约 80 毫秒。增加带宽并不能减少往返次数。'
		},
		{
			en: 'A first HTTPS request spends several round trips before its first byte: DNS (1, when not cached), the TCP handshake (1), TLS 1.3 (1; TLS 1.2 took 2), then the request itself (1). Reused connections, session resumption and HTTP/3 (QUIC merges the transport and TLS handshakes) remove some of them.',
			'zh-CN': '第一次 HTTPS 请求在收到第一个字节之前要花好几个往返：DNS（未缓存时 1 个）、TCP 握手（1 个）、TLS 1.3（1 个；TLS 1.2 需要 2 个），然后才是请求本身（1 个）。复用连接、会话恢复以及 HTTP/3（QUIC 把传输层握手和 TLS 握手合二为一）可以省掉其中一部分。'
		},
		{
			en: 'TCP starts slowly: the congestion window begins at about 10 segments (about 14 KB, RFC 6928) and doubles every round trip during slow start, so a new connection cannot fill a fast link at once; a loss halves the window (Reno) or cuts it by 30% (CUBIC).',
			'zh-CN': 'TCP 起步很慢：拥塞窗口初始约为 10 个报文段（约 14 KB，RFC 6928），慢启动阶段每个往返翻一倍，所以新连接无法立即填满高速链路；发生丢包时窗口减半（Reno）或减少 30%（CUBIC）。'
		},
		{
			en: 'HTTP/2 multiplexes many requests over one connection and compresses headers (HPACK), but one lost TCP segment stalls all its streams. HTTP/3 over QUIC removes that head-of-line blocking between streams.',
			'zh-CN': 'HTTP/2 在一条连接上多路复用大量请求，并压缩头部（HPACK），但一个 TCP 报文段丢失就会卡住所有的流。基于 QUIC 的 HTTP/3 消除了流与流之间的这种队头阻塞。'
		},
		{
			en: 'Send fewer bytes and make fewer trips: compress text (Brotli, gzip, zstd), cache with Cache-Control and validators, serve from a CDN near the users, use preconnect and 103 Early Hints, and measure real users (p75, p95), not averages.',
			'zh-CN': '少传字节、少跑往返：压缩文本（Brotli、gzip、zstd），用 Cache-Control 和校验器做缓存，从靠近用户的 CDN 提供内容，使用 preconnect 和 103 Early Hints，并测量真实用户的数据（p75、p95），而不是平均值。'
		}
	],
	diagram: {
		kind: 'table',
		caption: {
			en: 'Round trips before the first byte of a new HTTPS page, and what saves each one',
			'zh-CN': '打开一个新的 HTTPS 页面时，收到第一个字节之前的往返，以及省掉它们的办法'
		},
		head: [
			{ en: 'Step', 'zh-CN': '步骤' },
			{ en: 'Round trips', 'zh-CN': '往返次数' },
			{ en: 'How to save it', 'zh-CN': '如何省掉' }
		],
		rows: [
			[
				{ en: 'DNS lookup', 'zh-CN': 'DNS 查询' },
				{ en: '1 (if not cached)', 'zh-CN': '1（未缓存时）' },
				{ en: 'caches, dns-prefetch', 'zh-CN': '缓存、dns-prefetch' }
			],
			[
				{ en: 'TCP handshake', 'zh-CN': 'TCP 握手' },
				same('1'),
				{ en: 'reuse the connection, preconnect', 'zh-CN': '复用连接、preconnect' }
			],
			[
				{ en: 'TLS handshake', 'zh-CN': 'TLS 握手' },
				{ en: '1 (TLS 1.2: 2)', 'zh-CN': '1（TLS 1.2 为 2）' },
				{ en: 'resumption, 0-RTT; QUIC merges it with the transport handshake', 'zh-CN': '会话恢复、0-RTT；QUIC 把它与传输层握手合并' }
			],
			[
				{ en: 'Request → first byte', 'zh-CN': '请求 → 第一个字节' },
				{ en: '1 + server time', 'zh-CN': '1 + 服务器处理时间' },
				{ en: 'a CDN edge, caching, a faster backend', 'zh-CN': 'CDN 边缘节点、缓存、更快的后端' }
			],
			[
				{ en: 'Transfer', 'zh-CN': '传输' },
				{ en: 'grows with size (slow start)', 'zh-CN': '随大小增加（慢启动）' },
				{ en: 'compression, smaller pages', 'zh-CN': '压缩、更小的页面' }
			]
		]
	},
	corrections: [
		{
			id: 'flow-vs-congestion',
			wrong: {
				en: 'Use flow control to avoid sending too much and losing packets; flow control algorithms include slow start and congestion avoidance.',
				'zh-CN': '用流量控制避免发送过多数据导致丢包；流量控制算法包括慢启动、拥塞避免等。'
			},
			right: {
				en: 'These are two mechanisms. Flow control protects the receiver: the sender never has more unacknowledged data than the window the receiver advertises. Congestion control protects the network: slow start, congestion avoidance, fast retransmit and fast recovery adjust the congestion window from losses (or delay). TCP sends within the smaller of the two windows.',
				'zh-CN': '这是两种不同的机制。流量控制保护接收方：发送方未被确认的数据量永远不超过接收方通告的窗口。拥塞控制保护网络：慢启动、拥塞避免、快速重传和快速恢复根据丢包（或延迟）调整拥塞窗口。TCP 在两个窗口中较小的那个范围内发送。'
			},
			why: {
				en: 'RFC 9293 defines the receive window; RFC 5681 defines the congestion control algorithms and limits the sender to the minimum of cwnd and rwnd.',
				'zh-CN': 'RFC 9293 定义了接收窗口；RFC 5681 定义了拥塞控制算法，并规定发送方受 cwnd 和 rwnd 中较小者的限制。'
			},
			sources: [rfc(9293, '3.8.6'), rfc(5681, '3')]
		},
		{
			id: 'http2-push',
			wrong: {
				en: 'Use HTTP/2 server push to send resources before they are asked for.',
				'zh-CN': '利用 HTTP/2 的服务器推送，提前发送客户端需要的资源。'
			},
			right: {
				en: 'Push rarely helped (it often sent what the browser already had cached), and browsers have dropped it: Chrome turned it off in 2022 (version 106), Firefox in 2024 (version 132). Use 103 Early Hints or <link rel=preload>, which let the browser fetch what it needs and use its cache.',
				'zh-CN': '服务器推送很少真正带来收益（常常推送浏览器已经缓存的资源），浏览器也已放弃它：Chrome 在 2022 年（106 版）关闭了它，Firefox 在 2024 年（132 版）关闭了它。应改用 103 Early Hints 或 <link rel=preload>，让浏览器结合自己的缓存去获取所需的资源。'
			},
			why: {
				en: 'A client can refuse push with SETTINGS_ENABLE_PUSH = 0, which is how browsers switched it off; RFC 8297 defines 103 Early Hints.',
				'zh-CN': '客户端可以用 SETTINGS_ENABLE_PUSH = 0 拒绝推送，浏览器正是这样把它关掉的；RFC 8297 定义了 103 Early Hints。'
			},
			sources: [rfc(9113, '8.4'), rfc(8297)]
		},
		{
			id: 'always-bundle',
			wrong: {
				en: 'Always merge files and use CSS sprites to cut the number of requests.',
				'zh-CN': '一定要合并文件、使用雪碧图来减少请求次数。'
			},
			right: {
				en: 'Those are workarounds for HTTP/1.1’s six connections per host and per-request cost. Over HTTP/2 or HTTP/3 many small requests share one connection cheaply, and separate files cache better: changing one icon no longer throws away the whole sprite. Bundle moderately, for compression and to avoid chains of dependent requests, not by reflex.',
				'zh-CN': '这些是应对 HTTP/1.1 每个主机六个连接和每个请求固定开销的权宜之计。在 HTTP/2 或 HTTP/3 下，大量小请求可以低成本地共享一条连接，而分开的文件更利于缓存：改一个图标，不会再让整张雪碧图的缓存作废。适度打包是为了压缩效果、避免一连串相互依赖的请求，而不是出于条件反射。'
			},
			why: {
				en: 'RFC 9113 introduces HTTP/2 as the answer to HTTP/1.1’s head-of-line blocking and its many parallel connections.',
				'zh-CN': 'RFC 9113 介绍 HTTP/2 时指出，它正是为解决 HTTP/1.1 的队头阻塞和大量并行连接而设计的。'
			},
			sources: [rfc(9113, '1')]
		},
		{
			id: 'http2-no-hol',
			wrong: {
				en: 'HTTP/2 solves head-of-line blocking.',
				'zh-CN': 'HTTP/2 解决了队头阻塞问题。'
			},
			right: {
				en: 'Only at the HTTP layer: requests on one connection no longer wait for each other. Underneath, TCP delivers bytes in order, so one lost segment stalls every stream until it is retransmitted, and on lossy networks HTTP/2 can do worse than several HTTP/1.1 connections. QUIC (HTTP/3) orders each stream on its own, so a loss stalls only its stream.',
				'zh-CN': '只解决了 HTTP 层的：同一连接上的请求不再互相等待。但在下层，TCP 按顺序交付字节，一个报文段丢失就会让所有流停下来，直到它被重传；在丢包严重的网络上，HTTP/2 甚至可能不如多条 HTTP/1.1 连接。QUIC（HTTP/3）对每个流单独排序，丢包只会卡住它所在的那个流。'
			},
			why: {
				en: 'RFC 9114: “because the parallel nature of HTTP/2’s multiplexing is not visible to TCP’s loss recovery mechanisms, a lost or reordered packet causes all active transactions to experience a stall”.',
				'zh-CN': 'RFC 9114 指出：由于 HTTP/2 多路复用的并行性对 TCP 的丢包恢复机制不可见，一个丢失或乱序的数据包会让所有进行中的事务都停顿下来。'
			},
			sources: [rfc(9114, '1.1')]
		}
	],
	questions: [
		{
			id: 'faster-page',
			q: {
				en: 'How would you make a slow web page load faster?',
				'zh-CN': '如何让一个加载缓慢的网页变快？'
			},
			a: {
				en: 'Measure first (the browser’s developer tools, real-user metrics such as TTFB and LCP), then cut round trips and bytes. Round trips: reuse connections, serve over HTTP/2 or HTTP/3, put static content on a CDN near users, preconnect to the origins you need, avoid redirect chains, send 103 Early Hints. Bytes: compress text (Brotli, gzip), serve modern image formats at the displayed size, drop unused JavaScript, lazy-load what is below the fold. Repeat visits: long Cache-Control lifetimes for versioned files. Server: fix slow backend work and cache responses.',
				'zh-CN': '先测量（浏览器开发者工具、TTFB 和 LCP 等真实用户指标），再减少往返和字节。减少往返：复用连接，使用 HTTP/2 或 HTTP/3，把静态内容放到靠近用户的 CDN，对需要的源使用 preconnect，避免重定向链，发送 103 Early Hints。减少字节：压缩文本（Brotli、gzip），按显示尺寸提供现代格式的图片，删掉未使用的 JavaScript，首屏以下的内容懒加载。重复访问：为带版本号的文件设置很长的 Cache-Control 有效期。服务器：优化慢的后端处理，缓存响应。'
			}
		},
		{
			id: 'latency-bandwidth',
			q: {
				en: 'What is the difference between latency and bandwidth, and which matters more for web pages?',
				'zh-CN': '延迟和带宽有什么区别？对网页来说哪个更重要？'
			},
			a: {
				en: 'Bandwidth is how many bits per second a path carries; latency is how long one bit takes to get across (RTT for there and back). A web page is many small, dependent requests, each costing round trips, and TCP’s slow start needs round trips to speed up, so beyond a few Mbit/s more bandwidth barely helps while a lower RTT helps almost in proportion. Large downloads and video are the opposite: bandwidth-bound.',
				'zh-CN': '带宽是一条路径每秒能传送多少比特；延迟是一个比特到达对端需要多长时间（一来一回就是 RTT）。网页由许多小而相互依赖的请求组成，每个都要花往返，TCP 慢启动也要靠往返来逐步提速，所以带宽超过几 Mbit/s 之后再增加几乎没有帮助，而降低 RTT 的效果几乎成正比。大文件下载和视频则相反：受带宽限制。'
			}
		},
		{
			id: 'slow-start',
			q: {
				en: 'Explain TCP slow start and congestion avoidance.',
				'zh-CN': '解释 TCP 的慢启动和拥塞避免。'
			},
			a: {
				en: 'A new connection does not know the path’s capacity. In slow start the congestion window (cwnd) starts small (10 segments on Linux, RFC 6928) and grows by one segment per ACK, doubling every round trip, until it reaches the slow-start threshold or a loss occurs. In congestion avoidance it grows by about one segment per round trip (additive increase). On a loss detected by three duplicate ACKs, Reno halves cwnd (multiplicative decrease) and goes on with fast recovery; on a timeout it falls to one segment and slow-starts again. CUBIC, Linux’s default, grows as a cubic function of the time since the last loss and cuts by 30%; BBR models bandwidth and RTT instead of reacting to loss.',
				'zh-CN': '新建的连接不知道路径的容量。在慢启动阶段，拥塞窗口（cwnd）从很小开始（Linux 中为 10 个报文段，RFC 6928），每收到一个 ACK 增加一个报文段，即每个往返翻一倍，直到达到慢启动阈值或发生丢包。进入拥塞避免阶段后，每个往返只增加约一个报文段（加性增）。通过三个重复 ACK 发现丢包时，Reno 把 cwnd 减半（乘性减）并进入快速恢复；如果是超时，则降到一个报文段，重新慢启动。Linux 默认的 CUBIC 按距上次丢包时间的三次函数增长，丢包时减少 30%；BBR 则对带宽和 RTT 建模，而不是被动地对丢包作出反应。'
			}
		},
		{
			id: 'http-versions',
			q: {
				en: 'How do HTTP/1.1, HTTP/2 and HTTP/3 differ in performance?',
				'zh-CN': 'HTTP/1.1、HTTP/2 和 HTTP/3 在性能上有什么区别？'
			},
			a: {
				en: 'HTTP/1.1: persistent connections, but one request at a time on each (pipelining is unused), so browsers open up to six connections per host; headers are repeated as plain text. HTTP/2: one connection, many concurrent streams, binary frames, HPACK header compression; but TCP’s in-order delivery makes one loss stall every stream. HTTP/3: the same ideas over QUIC on UDP, with each stream ordered on its own, one combined transport and TLS 1.3 handshake (1 RTT, 0-RTT on resumption), and connections that survive a change of network.',
				'zh-CN': 'HTTP/1.1：有持久连接，但每条连接同一时间只能处理一个请求（管线化基本无人使用），所以浏览器对每个主机最多开六条连接；头部以明文重复发送。HTTP/2：一条连接上并发多个流，二进制分帧，HPACK 头部压缩；但 TCP 按序交付，一次丢包就会卡住所有流。HTTP/3：在基于 UDP 的 QUIC 上实现同样的思路，各个流独立排序，传输层握手和 TLS 1.3 握手合而为一（1 个往返，会话恢复时 0-RTT），而且网络切换后连接仍能保持。'
			}
		},
		{
			id: 'packet-loss',
			q: {
				en: 'How does packet loss affect performance, and what can you do?',
				'zh-CN': '丢包如何影响性能？能做些什么？'
			},
			a: {
				en: 'Each loss costs a retransmission (at least one RTT, or a whole timeout if the tail of a transfer is lost) and makes loss-based congestion control shrink the window, so a TCP flow’s throughput falls roughly as 1 / (RTT × √loss) (the Mathis formula). Remedies: fix the cause (congested links, poor Wi-Fi, undersized buffers), shorten the RTT (a CDN), use a congestion controller less sensitive to random loss (BBR), keep SACK and tail loss probes on (Linux defaults), and use HTTP/3 so that a loss stalls only one stream. Forward error correction helps real-time media, for which a retransmission comes too late.',
				'zh-CN': '每次丢包都要重传（至少一个 RTT；如果丢的是传输末尾的数据，可能要等一整个超时），还会让基于丢包的拥塞控制缩小窗口，所以单条 TCP 流的吞吐大致按 1 / (RTT × √丢包率) 下降（Mathis 公式）。对策：消除原因（拥塞的链路、信号差的 Wi-Fi、过小的缓冲区），缩短 RTT（使用 CDN），采用对随机丢包不那么敏感的拥塞控制算法（BBR），保持 SACK 和尾部丢包探测开启（Linux 默认如此），以及使用 HTTP/3，让丢包只影响一个流。前向纠错（FEC）对实时音视频有帮助，因为对它们来说重传已经来不及了。'
			}
		}
	]
};
