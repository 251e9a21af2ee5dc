import { rfc, same, type StudyCard } from '../types';

export const card: StudyCard = {
	topic: 'osi',
	points: [
		{
			en: 'Both are models for teaching and design, not wire formats. OSI (ISO/IEC 7498-1) has seven layers; the TCP/IP model the Internet is built on (RFC 1122) has four: link, internet, transport and application.',
			'zh-CN': '两者都是用于教学和设计的模型，而不是报文格式。OSI（ISO/IEC 7498-1）分七层；互联网实际采用的 TCP/IP 模型（RFC 1122）分四层：链路层、网际层、传输层和应用层。'
		},
		{
			en: 'TCP/IP folds OSI’s session, presentation and application layers (5–7) into one application layer, and OSI’s data link and physical layers (1–2) into the link layer. Transport and network stay separate in both.',
			'zh-CN': 'TCP/IP 把 OSI 的会话层、表示层和应用层（第 5–7 层）合并为一个应用层，把数据链路层和物理层（第 1–2 层）合并为链路层。传输层和网络层在两个模型中都是独立的。'
		},
		{
			en: 'Encapsulation: each layer puts its header in front of what the layer above hands it: HTTP message → TLS record → TCP segment → IP packet → Ethernet frame (which also ends with a trailer, the frame check sequence).',
			'zh-CN': '封装：每一层都在上层交来的数据前面加上自己的报头：HTTP 报文 → TLS 记录 → TCP 报文段 → IP 数据包 → 以太网帧（帧尾还有帧校验序列 FCS）。'
		},
		{
			en: 'Each layer has its own addresses: MAC addresses at the link layer (valid for one hop), IP addresses at the internet layer (end to end across networks), ports at the transport layer (which process).',
			'zh-CN': '每一层都有自己的地址：链路层是 MAC 地址（只在一跳内有效），网际层是 IP 地址（跨网络端到端），传输层是端口（区分进程）。'
		},
		{
			en: 'Real protocols do not always fit: TLS sits between TCP and HTTP; QUIC puts transport and encryption into one protocol over UDP; ARP maps IP addresses to MAC addresses between the two lower layers.',
			'zh-CN': '真实的协议并不总能对号入座：TLS 位于 TCP 和 HTTP 之间；QUIC 在 UDP 之上把传输和加密合为一个协议；ARP 在下面两层之间把 IP 地址映射为 MAC 地址。'
		}
	],
	diagram: {
		kind: 'layers',
		caption: {
			en: 'The seven OSI layers beside the four of TCP/IP (RFC 1122), with protocols at each',
			'zh-CN': 'OSI 七层与 TCP/IP 四层（RFC 1122）对照，以及每层的协议'
		},
		columns: [
			{
				title: same('OSI'),
				cells: [
					{ text: { en: '7 Application', 'zh-CN': '7 应用层' } },
					{ text: { en: '6 Presentation', 'zh-CN': '6 表示层' } },
					{ text: { en: '5 Session', 'zh-CN': '5 会话层' } },
					{ text: { en: '4 Transport', 'zh-CN': '4 传输层' } },
					{ text: { en: '3 Network', 'zh-CN': '3 网络层' } },
					{ text: { en: '2 Data link', 'zh-CN': '2 数据链路层' } },
					{ text: { en: '1 Physical', 'zh-CN': '1 物理层' } }
				]
			},
			{
				title: same('TCP/IP'),
				cells: [
					{ text: { en: 'Application', 'zh-CN': '应用层' }, span: 3 },
					{ text: { en: 'Transport', 'zh-CN': '传输层' } },
					{ text: { en: 'Internet', 'zh-CN': '网际层' } },
					{ text: { en: 'Link', 'zh-CN': '链路层' }, span: 2 }
				]
			},
			{
				title: { en: 'Protocols', 'zh-CN': '协议' },
				cells: [
					{ text: { en: 'HTTP, DNS, SMTP, SSH; TLS in between', 'zh-CN': 'HTTP、DNS、SMTP、SSH；TLS 介于其间' }, span: 3 },
					{ text: same('TCP, UDP, QUIC') },
					{ text: same('IPv4, IPv6, ICMP') },
					{ text: { en: 'Ethernet, Wi-Fi (802.11), fibre, radio', 'zh-CN': '以太网、Wi-Fi（802.11）、光纤、无线电' }, span: 2 }
				]
			}
		]
	},
	corrections: [
		{
			id: 'tcpip-merges-transport',
			wrong: {
				en: 'The TCP/IP model merges the transport and network layers into one.',
				'zh-CN': 'TCP/IP 模型把传输层和网络层合并成了一层。'
			},
			right: {
				en: 'It keeps them apart: TCP and UDP form the transport layer, IP the internet layer. The four-layer model merges OSI layers 5–7 into the application layer and layers 1–2 into the link layer.',
				'zh-CN': '并没有合并：TCP 和 UDP 构成传输层，IP 构成网际层。四层模型合并的是 OSI 的第 5–7 层（成为应用层）和第 1–2 层（成为链路层）。'
			},
			why: {
				en: 'RFC 1122 names the layers of the Internet architecture: application, transport, internet, link. Keeping them apart is the point of the design: routers run IP only, and only the two end hosts run TCP.',
				'zh-CN': 'RFC 1122 列出了互联网体系结构的各层：应用层、传输层、网际层、链路层。把它们分开正是这个设计的关键：路由器只运行 IP，只有通信两端的主机才运行 TCP。'
			},
			sources: [rfc(1122, '1.1.3')]
		},
		{
			id: 'transport-reliable',
			wrong: {
				en: 'The transport layer guarantees reliable, ordered delivery.',
				'zh-CN': '传输层负责保证数据可靠、有序地传输。'
			},
			right: {
				en: 'TCP does; UDP, also a transport protocol, does not. What every transport protocol does is deliver data between processes, identified by ports; reliability is a service some of them add.',
				'zh-CN': 'TCP 保证，而同样属于传输层的 UDP 并不保证。所有传输层协议的共同职责是在进程之间交付数据（用端口区分）；可靠性只是其中一部分协议额外提供的服务。'
			},
			why: {
				en: 'RFC 768: UDP provides a minimum of protocol mechanism, and “delivery and duplicate protection are not guaranteed”.',
				'zh-CN': 'RFC 768 写明：UDP 只提供最少的协议机制，“不保证送达，也不防止重复”。'
			},
			sources: [rfc(768)]
		},
		{
			id: 'physical-reliable',
			wrong: {
				en: 'The physical layer ensures reliable transmission over the medium.',
				'zh-CN': '物理层确保数据在传输介质上的可靠传输。'
			},
			right: {
				en: 'It only turns bits into signals and back, and bits can be flipped or lost. Ethernet’s frame check sequence detects a damaged frame and drops it, without retransmitting; recovering lost data is left to higher layers such as TCP.',
				'zh-CN': '物理层只负责把比特变成信号再还原回来，比特可能出错或丢失。以太网的帧校验序列能发现损坏的帧并将其丢弃，但不会重传；丢失的数据由更高层（比如 TCP）负责恢复。'
			},
			why: {
				en: 'The Internet assumes best-effort delivery below the transport layer: RFC 791 says IP has “no acknowledgments either end-to-end or hop-by-hop” and no retransmissions. Reliability is added end to end.',
				'zh-CN': '互联网假定传输层以下只做尽力而为的交付：RFC 791 写明 IP“既没有端到端的确认，也没有逐跳的确认”，也不重传。可靠性是在两端加上去的。'
			},
			sources: [rfc(791, '1.4')]
		}
	],
	questions: [
		{
			id: 'layers',
			q: { en: 'Name the OSI layers and what each does.', 'zh-CN': '说出 OSI 七层及各层的作用。' },
			a: {
				en: 'From the bottom: 1 physical (bits as signals on copper, fibre or radio); 2 data link (frames between neighbours on one link, MAC addresses, error detection); 3 network (packets across networks: IP addressing and routing); 4 transport (delivery between processes by port; TCP adds reliability, ordering, flow and congestion control); 5 session (setting up and managing dialogues); 6 presentation (how data is represented: encoding, compression, encryption); 7 application (the protocols programs use: HTTP, DNS, SMTP). On the Internet, layers 5 and 6 have no protocols of their own: that work lives in applications and in libraries such as TLS.',
				'zh-CN': '自下而上：1 物理层（比特以信号形式在铜线、光纤或无线电上传输）；2 数据链路层（同一链路上相邻节点之间传输帧，MAC 地址，差错检测）；3 网络层（跨网络传输数据包：IP 寻址与路由）；4 传输层（按端口在进程之间交付数据；TCP 还提供可靠性、有序、流量控制和拥塞控制）；5 会话层（建立和管理对话）；6 表示层（数据如何表示：编码、压缩、加密）；7 应用层（程序使用的协议：HTTP、DNS、SMTP）。在互联网中，第 5、6 层没有自己的协议，这部分工作由应用程序和 TLS 这样的库完成。'
			}
		},
		{
			id: 'map',
			q: {
				en: 'How do the OSI and TCP/IP models map onto each other?',
				'zh-CN': 'OSI 模型和 TCP/IP 模型如何对应？'
			},
			a: {
				en: 'TCP/IP’s application layer covers OSI 5, 6 and 7; its transport layer is OSI 4; its internet layer is OSI 3; its link layer covers OSI 1 and 2. Many textbooks draw a five-layer hybrid that keeps physical and data link apart. In every version, transport and network are separate layers.',
				'zh-CN': 'TCP/IP 的应用层对应 OSI 第 5、6、7 层；传输层对应第 4 层；网际层对应第 3 层；链路层对应第 1、2 层。很多教材画成五层的折中模型，把物理层和数据链路层分开。无论哪种版本，传输层和网络层都是分开的两层。'
			}
		},
		{
			id: 'encapsulation',
			q: {
				en: 'What happens to an HTTPS request on its way down the stack?',
				'zh-CN': '一个 HTTPS 请求在协议栈中向下传递时经历了什么？'
			},
			a: {
				en: 'The browser writes the HTTP request; TLS encrypts it into records (a 5-byte header, ciphertext, an authentication tag); TCP cuts the byte stream into segments with ports, sequence and acknowledgement numbers and a checksum; IP adds source and destination addresses, a TTL and the protocol number; the link layer (Ethernet or Wi-Fi) adds MAC addresses and a frame check sequence. Each router strips the link header, reads the IP header, decrements the TTL and frames the packet again for the next link; only the destination host unwraps TCP, TLS and HTTP.',
				'zh-CN': '浏览器写出 HTTP 请求；TLS 把它加密成记录（5 字节的头、密文和认证标签）；TCP 把字节流切成报文段，加上端口、序列号、确认号和校验和；IP 加上源地址、目的地址、TTL 和协议号；链路层（以太网或 Wi-Fi）加上 MAC 地址和帧校验序列。每个路由器剥掉链路层头部，读取 IP 头，把 TTL 减一，再为下一段链路重新封装成帧；只有目的主机才会逐层拆开 TCP、TLS 和 HTTP。'
			}
		},
		{
			id: 'where-tls',
			q: { en: 'Which layer is TLS in?', 'zh-CN': 'TLS 属于哪一层？' },
			a: {
				en: 'It does not fit one OSI layer cleanly. It runs on top of TCP and below HTTP, so in the TCP/IP model it belongs to the application layer (a library the application calls); in OSI terms people place it in the session or presentation layer, because it sets up a secure session and transforms the data. A good interview answer: between transport and application, and why.',
				'zh-CN': '它无法干净地归入 OSI 的某一层。它运行在 TCP 之上、HTTP 之下，所以在 TCP/IP 模型里属于应用层（应用程序调用的一个库）；按 OSI 的说法，人们常把它放在会话层或表示层，因为它建立安全会话并对数据做变换。面试中好的回答是：位于传输层和应用层之间，并说明理由。'
			}
		},
		{
			id: 'devices',
			q: {
				en: 'At which layers do a switch and a router work?',
				'zh-CN': '交换机和路由器分别工作在哪一层？'
			},
			a: {
				en: 'A switch works at layer 2: it learns which MAC addresses sit behind which port and forwards Ethernet frames within one network. A router works at layer 3: it looks up the destination IP address in its routing table, decrements the TTL (the hop limit in IPv6) and forwards the packet onto the next network with a new link-layer header. Layer-3 switches and firewalls blur the line, but the two roles remain distinct.',
				'zh-CN': '交换机工作在第 2 层：它学习每个 MAC 地址位于哪个端口之后，在同一个网络内转发以太网帧。路由器工作在第 3 层：它在路由表中查找目的 IP 地址，把 TTL（IPv6 中叫跳数限制）减一，再换上新的链路层头部，把数据包转发到下一个网络。三层交换机和防火墙模糊了这条界线，但两种角色依然不同。'
			}
		}
	],
	links: [
		{
			href: '/dns/anatomy',
			label: { en: 'See the application-layer bytes of a DoH query', 'zh-CN': '查看一条 DoH 查询在应用层的字节' }
		}
	]
};
