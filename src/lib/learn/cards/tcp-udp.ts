import { rfc, same, type StudyCard } from '../types';

export const card: StudyCard = {
	topic: 'tcp-udp',
	points: [
		{
			en: 'TCP (RFC 9293) gives a reliable, ordered, full-duplex byte stream over a connection: sequence numbers, acknowledgements, retransmission, flow control (the receive window) and congestion control (RFC 5681).',
			'zh-CN': 'TCP（RFC 9293）在连接之上提供可靠、有序、全双工的字节流：序列号、确认、重传、流量控制（接收窗口）和拥塞控制（RFC 5681）。'
		},
		{
			en: 'UDP (RFC 768) sends independent datagrams with an 8-byte header (ports, length, checksum): no connection, no retransmission, no ordering. Each datagram arrives whole or not at all.',
			'zh-CN': 'UDP（RFC 768）发送彼此独立的数据报，报头只有 8 字节（端口、长度、校验和）：没有连接，没有重传，不保证顺序。每个数据报要么完整到达，要么根本不到。'
		},
		{
			en: 'TCP has no message boundaries: two writes may arrive in one read, and one write may take several reads. Applications frame their messages themselves, with lengths or delimiters. UDP keeps boundaries.',
			'zh-CN': 'TCP 没有消息边界：两次写入可能被一次读出，一次写入也可能要读好几次。应用需要自己划分消息，用长度前缀或分隔符。UDP 保留消息边界。'
		},
		{
			en: 'TCP spends a round trip on the handshake before data, and one lost segment holds back everything after it (head-of-line blocking). UDP has neither cost, which is why DNS, voice, games and QUIC use it.',
			'zh-CN': 'TCP 在发送数据之前要花一个往返完成握手，而且一个报文段丢失会拖住它之后的所有数据（队头阻塞）。UDP 没有这两种代价，所以 DNS、语音、游戏和 QUIC 都用它。'
		},
		{
			en: 'Reliability can be built on UDP: QUIC (RFC 9000) provides reliable, congestion-controlled, encrypted streams over UDP, and carries HTTP/3.',
			'zh-CN': '可以在 UDP 之上构建可靠性：QUIC（RFC 9000）在 UDP 上提供可靠、带拥塞控制并且加密的流，HTTP/3 就跑在它上面。'
		}
	],
	diagram: {
		kind: 'table',
		caption: { en: 'TCP and UDP side by side', 'zh-CN': 'TCP 与 UDP 对照' },
		head: [{ en: 'Property', 'zh-CN': '特性' }, same('TCP'), same('UDP')],
		rows: [
			[
				{ en: 'Connection', 'zh-CN': '连接' },
				{ en: 'three-way handshake', 'zh-CN': '三次握手' },
				{ en: 'none', 'zh-CN': '无' }
			],
			[
				{ en: 'Delivery', 'zh-CN': '送达' },
				{ en: 'acknowledged, retransmitted', 'zh-CN': '确认并重传' },
				{ en: 'best effort', 'zh-CN': '尽力而为' }
			],
			[
				{ en: 'Order', 'zh-CN': '顺序' },
				{ en: 'in order', 'zh-CN': '按序交付' },
				{ en: 'as they arrive', 'zh-CN': '按到达顺序' }
			],
			[
				{ en: 'Unit', 'zh-CN': '数据单位' },
				{ en: 'byte stream', 'zh-CN': '字节流' },
				{ en: 'datagrams', 'zh-CN': '数据报' }
			],
			[
				{ en: 'Flow and congestion control', 'zh-CN': '流量与拥塞控制' },
				{ en: 'built in', 'zh-CN': '内置' },
				{ en: 'the application’s job', 'zh-CN': '由应用负责' }
			],
			[{ en: 'Header', 'zh-CN': '报头' }, { code: '20–60 B' }, { code: '8 B' }],
			[
				{ en: 'Checksum', 'zh-CN': '校验和' },
				{ en: 'yes', 'zh-CN': '有' },
				{ en: 'yes (required over IPv6)', 'zh-CN': '有（IPv6 下必须）' }
			],
			[
				{ en: 'Typical uses', 'zh-CN': '典型应用' },
				same('HTTP/1.1, HTTP/2, SSH, SMTP'),
				same('DNS, QUIC (HTTP/3), RTP, DHCP')
			]
		]
	},
	corrections: [
		{
			id: 'udp-no-integrity',
			wrong: { en: 'UDP does not check data integrity.', 'zh-CN': 'UDP 不保证数据的完整性。' },
			right: {
				en: 'UDP has a checksum over its header, its data and the IP addresses (the pseudo-header); a corrupted datagram is detected and dropped. What UDP does not give is delivery, ordering or protection against duplicates.',
				'zh-CN': 'UDP 有校验和，覆盖报头、数据以及 IP 地址（伪首部）；损坏的数据报会被检测出来并丢弃。UDP 不提供的是送达保证、顺序保证和去重。'
			},
			why: {
				en: 'RFC 768 defines the checksum; over IPv4 a sender may leave it zero (off), over IPv6 it is mandatory (RFC 8200 §8.1). TCP uses the same 16-bit ones’ complement sum, so both catch errors equally (and modestly); protection against tampering needs TLS or DTLS.',
				'zh-CN': 'RFC 768 定义了这个校验和；在 IPv4 上发送方可以把它置零（不校验），在 IPv6 上则必须使用（RFC 8200 §8.1）。TCP 用的是同样的 16 位反码和，两者发现差错的能力相同（都不算强）；要防篡改，需要 TLS 或 DTLS。'
			},
			sources: [rfc(768), rfc(8200, '8.1')]
		},
		{
			id: 'udp-faster',
			wrong: { en: 'UDP transmits data faster than TCP.', 'zh-CN': 'UDP 传输数据的速度比 TCP 快。' },
			right: {
				en: 'Packets of both travel at the same speed over the same path. UDP saves the handshake’s round trip and never waits for a retransmission; for filling a link, TCP does as well or better, because its congestion control finds the available bandwidth.',
				'zh-CN': '两者的数据包在同一条路径上传播得一样快。UDP 省掉了握手的往返，也从不等待重传；至于填满带宽，TCP 一样能做到，往往还更好，因为它的拥塞控制会探测可用带宽。'
			},
			why: {
				en: 'An application that sends UDP as fast as it can, without congestion control, loses packets and crowds out other traffic; RFC 8085 asks UDP applications to control their own rate.',
				'zh-CN': '不加拥塞控制、尽可能快地发送 UDP 的应用会大量丢包，还会挤占其他流量；RFC 8085 要求 UDP 应用自己控制发送速率。'
			},
			sources: [rfc(8085, '3.1')]
		},
		{
			id: 'tcp-low-bandwidth',
			wrong: {
				en: 'TCP suits uses that need little latency or bandwidth; UDP suits small amounts of data.',
				'zh-CN': 'TCP 适合对延迟和带宽利用率要求不高的场景；UDP 适合数据量小的场景。'
			},
			right: {
				en: 'Most of the Internet’s bulk traffic (downloads, streamed video) runs over TCP at full speed, and large transfers run over UDP inside QUIC. The real dividing line is whether late data is still useful: when it is not (live voice, game state), UDP avoids waiting for retransmissions.',
				'zh-CN': '互联网上大部分大流量传输（下载、视频点播）都跑在 TCP 上，而且能跑满带宽；大文件也可以在 UDP 上通过 QUIC 传输。真正的分界在于迟到的数据还有没有用：没用时（实时语音、游戏状态），UDP 可以避免等待重传。'
			},
			why: {
				en: 'QUIC is built on UDP and carries HTTP/3, whole web pages and video included.',
				'zh-CN': 'QUIC 构建在 UDP 之上，承载着 HTTP/3，完整的网页和视频也在其中。'
			},
			sources: [rfc(9000, '1')]
		},
		{
			id: 'tcp-packets-in-order',
			wrong: { en: 'TCP makes packets arrive in order.', 'zh-CN': 'TCP 保证数据包按顺序到达。' },
			right: {
				en: 'Segments may arrive in any order, or not at all; the receiving TCP holds them back and hands the application the bytes in order. The application sees a byte stream, not packets, so message boundaries are its own business.',
				'zh-CN': '报文段可能乱序到达，甚至丢失；接收端的 TCP 先把它们缓存起来，再把字节按顺序交给应用。应用看到的是字节流而不是数据包，所以消息边界要由应用自己处理。'
			},
			why: {
				en: 'IP may reorder packets; TCP numbers every byte so the receiver can put them back in order and acknowledge them.',
				'zh-CN': 'IP 层本身就可能让数据包乱序；TCP 给每个字节编号，接收方才能把它们排好序并逐字节确认。'
			},
			sources: [rfc(9293, '3.4')]
		}
	],
	questions: [
		{
			id: 'diff',
			q: { en: 'What are the main differences between TCP and UDP?', 'zh-CN': 'TCP 和 UDP 的主要区别是什么？' },
			a: {
				en: 'TCP is connection-oriented (a three-way handshake), reliable (acknowledgements and retransmission), ordered, and has flow and congestion control; it offers a byte stream without message boundaries, with a 20–60 byte header. UDP is connectionless and best-effort (no retransmission, no ordering), keeps message boundaries, has an 8-byte header, and supports broadcast and multicast. Both have ports and a checksum. TCP suits data that must arrive complete; UDP suits short exchanges (DNS) and real-time data where late is as bad as lost, and it is what QUIC is built on.',
				'zh-CN': 'TCP 面向连接（三次握手），可靠（确认和重传），有序，并有流量控制和拥塞控制；它提供没有消息边界的字节流，报头 20–60 字节。UDP 无连接，尽力而为（不重传、不保证顺序），保留消息边界，报头 8 字节，支持广播和组播。两者都有端口和校验和。TCP 适合必须完整送达的数据；UDP 适合一问一答的短交换（DNS）以及“迟到等于丢失”的实时数据，QUIC 也构建在它之上。'
			}
		},
		{
			id: 'reliable-how',
			q: { en: 'How does TCP make delivery reliable?', 'zh-CN': 'TCP 如何实现可靠传输？' },
			a: {
				en: 'Every byte has a sequence number. The receiver acknowledges the next byte it expects (a cumulative ACK; SACK can also report blocks that arrived out of order). The sender keeps data until it is acknowledged and sends it again when the retransmission timer expires (the RTO, computed from measured round-trip times, RFC 6298), or sooner, after three duplicate ACKs (fast retransmit). Checksums catch corruption, the receive window keeps the sender from overrunning the receiver, and congestion control keeps it from overrunning the network.',
				'zh-CN': '每个字节都有序列号。接收方确认它期望收到的下一个字节（累积确认；还可以用 SACK 报告乱序到达的数据块）。发送方保留数据直到被确认，在重传定时器超时（RTO，由实测的往返时间计算，RFC 6298）时重发，或者在收到三个重复 ACK 后提前重发（快速重传）。校验和发现损坏，接收窗口防止发送方压垮接收方，拥塞控制防止发送方压垮网络。'
			}
		},
		{
			id: 'sticky',
			q: {
				en: 'What is TCP “packet sticking” (粘包), and how do you handle it?',
				'zh-CN': '什么是 TCP“粘包”？如何处理？'
			},
			a: {
				en: 'It is not a TCP bug: TCP carries a byte stream and does not keep the boundaries of the sender’s writes. Two small writes may come out of one read, and one large write may need several reads. The application must frame its messages: a length prefix (as HTTP/2 frames and TLS records do), a delimiter (HTTP/1.1 header lines end with CRLF), or a fixed size. UDP has no such problem, because each datagram is one message.',
				'zh-CN': '这不是 TCP 的缺陷：TCP 传输的是字节流，不保留发送方每次写入的边界。两次小的写入可能一次就被读出，一次大的写入也可能要读好几次。应用必须自己给消息分帧：长度前缀（HTTP/2 帧和 TLS 记录就是这样做的）、分隔符（HTTP/1.1 的头部行以 CRLF 结尾），或者固定长度。UDP 没有这个问题，因为每个数据报就是一条消息。'
			}
		},
		{
			id: 'udp-uses',
			q: {
				en: 'Why do DNS, video calls and games use UDP?',
				'zh-CN': '为什么 DNS、视频通话和游戏使用 UDP？'
			},
			a: {
				en: 'DNS: a query and its answer each fit in one datagram, so a handshake would double the time; the client simply retries after a timeout (and switches to TCP for answers too large for UDP). Calls and games: a retransmitted packet arrives too late to play, so waiting for it (TCP’s head-of-line blocking) only adds delay; the application hides the loss instead. These applications still add what they need on top: sequence numbers and timestamps (RTP), rate control, encryption (DTLS, SRTP).',
				'zh-CN': 'DNS：一次查询和它的应答各自装得进一个数据报，握手会让耗时翻倍；客户端超时后重试即可（应答对 UDP 来说太大时改用 TCP）。通话和游戏：重传的数据包到达时已经来不及播放，等待它（TCP 的队头阻塞）只会增加延迟，应用宁可把丢失掩盖过去。这些应用仍会在 UDP 之上补充自己需要的功能：序号和时间戳（RTP）、速率控制、加密（DTLS、SRTP）。'
			}
		},
		{
			id: 'reliable-udp',
			q: { en: 'How would you make UDP reliable?', 'zh-CN': '如何在 UDP 之上实现可靠传输？' },
			a: {
				en: 'Add what TCP has, in the application: sequence numbers, acknowledgements, retransmission after a timeout, reordering or duplicate removal where needed, and congestion control (RFC 8085 asks for it). In practice, use an existing protocol: QUIC (RFC 9000) gives reliable, ordered streams with no head-of-line blocking between streams, TLS 1.3 built in, and connections that survive a change of address.',
				'zh-CN': '在应用层补上 TCP 的机制：序列号、确认、超时重传，按需要加入重排或去重，以及拥塞控制（RFC 8085 有此要求）。实践中直接用现成的协议：QUIC（RFC 9000）提供可靠、有序的流，流与流之间没有队头阻塞，内置 TLS 1.3，地址变化后连接仍能保持。'
			}
		}
	]
};
