import { rfc, type StudyCard } from '../types';
import { CLIENT, SERVER } from './actors';

export const card: StudyCard = {
	topic: 'handshake',
	points: [
		{
			en: 'Opening, the three-way handshake: the client sends SYN with its initial sequence number x; the server answers SYN-ACK with its own initial sequence number y and ack = x+1; the client sends ACK with ack = y+1. SYN and FIN each use up one sequence number.',
			'zh-CN': '建立连接，即三次握手：客户端发送 SYN，带上初始序列号 x；服务器回复 SYN-ACK，带上自己的初始序列号 y，确认号为 x+1；客户端再发送 ACK，确认号为 y+1。SYN 和 FIN 各占用一个序列号。'
		},
		{
			en: 'Why three: each side chooses an initial sequence number that the other must acknowledge, and an old duplicate SYN must be told apart from a new one: a client that receives a SYN-ACK for a connection it is not opening answers RST.',
			'zh-CN': '为什么是三次：每一方都要选定初始序列号并得到对方确认；还要能把旧的重复 SYN 和新的 SYN 区分开：客户端收到一个针对它并未发起的连接的 SYN-ACK 时，会回复 RST。'
		},
		{
			en: 'Closing, the four-way teardown: each direction is closed on its own. The side closing first sends FIN; the peer acknowledges it (entering CLOSE-WAIT) and may go on sending; later it sends its own FIN; the first side acknowledges that and waits in TIME-WAIT.',
			'zh-CN': '断开连接，即四次挥手：两个方向各自关闭。先关闭的一方发送 FIN；对方确认（进入 CLOSE-WAIT），并且仍可以继续发送数据；之后对方发送自己的 FIN；先关闭的一方确认后进入 TIME-WAIT 等待。'
		},
		{
			en: 'TIME-WAIT (TIME_WAIT in netstat and ss) lasts 2 × MSL on the side that closed first: long enough to acknowledge the peer’s FIN again if the last ACK was lost, and for old segments of this connection to die out before the same addresses and ports are used again. RFC 9293 suggests an MSL of 2 minutes; Linux waits a fixed 60 seconds.',
			'zh-CN': 'TIME-WAIT（netstat 和 ss 中显示为 TIME_WAIT）出现在先关闭的一方，持续 2×MSL：足以在最后的 ACK 丢失时再次确认对方的 FIN，也足以让这个连接的旧报文段在网络中消亡，之后同一组地址和端口才会被再次使用。RFC 9293 建议 MSL 取 2 分钟；Linux 固定等待 60 秒。'
		},
		{
			en: 'States (RFC 9293): the client goes CLOSED → SYN-SENT → ESTABLISHED → FIN-WAIT-1 → FIN-WAIT-2 → TIME-WAIT → CLOSED; the server LISTEN → SYN-RECEIVED → ESTABLISHED → CLOSE-WAIT → LAST-ACK → CLOSED. When both close at once, both pass through CLOSING to TIME-WAIT.',
			'zh-CN': '状态变化（RFC 9293）：客户端 CLOSED → SYN-SENT → ESTABLISHED → FIN-WAIT-1 → FIN-WAIT-2 → TIME-WAIT → CLOSED；服务器 LISTEN → SYN-RECEIVED → ESTABLISHED → CLOSE-WAIT → LAST-ACK → CLOSED。双方同时关闭时，都会经过 CLOSING 进入 TIME-WAIT。'
		}
	],
	diagram: {
		kind: 'sequence',
		caption: {
			en: 'Open and close, with sequence numbers and each side’s state (RFC 9293 names)',
			'zh-CN': '建立与断开连接，附序列号和双方状态（RFC 9293 中的名称）'
		},
		actors: [CLIENT, SERVER],
		messages: [
			{
				from: 0,
				to: 1,
				code: 'SYN seq=x',
				note: { en: 'Client: CLOSED → SYN-SENT. The server waits in LISTEN.', 'zh-CN': '客户端：CLOSED → SYN-SENT。服务器在 LISTEN 状态等待。' }
			},
			{
				from: 1,
				to: 0,
				code: 'SYN, ACK seq=y ack=x+1',
				note: { en: 'Server: LISTEN → SYN-RECEIVED.', 'zh-CN': '服务器：LISTEN → SYN-RECEIVED。' }
			},
			{
				from: 0,
				to: 1,
				code: 'ACK seq=x+1 ack=y+1',
				note: {
					en: 'Client: ESTABLISHED (on the SYN-ACK). Server: ESTABLISHED when this arrives. Data may follow in both directions.',
					'zh-CN': '客户端收到 SYN-ACK 即进入 ESTABLISHED；服务器收到这个 ACK 后进入 ESTABLISHED。之后双方都可以发送数据。'
				}
			},
			{
				from: 0,
				to: 1,
				code: 'FIN, ACK seq=u ack=v',
				note: { en: 'The client closes first: ESTABLISHED → FIN-WAIT-1.', 'zh-CN': '客户端先关闭：ESTABLISHED → FIN-WAIT-1。' }
			},
			{
				from: 1,
				to: 0,
				code: 'ACK seq=v ack=u+1',
				note: {
					en: 'Server: CLOSE-WAIT (it may still send). Client: FIN-WAIT-2.',
					'zh-CN': '服务器：CLOSE-WAIT（仍可继续发送）。客户端：FIN-WAIT-2。'
				}
			},
			{
				from: 1,
				to: 0,
				code: 'FIN, ACK seq=v ack=u+1',
				note: { en: 'The server’s application closes too: LAST-ACK.', 'zh-CN': '服务器的应用也关闭了：LAST-ACK。' }
			},
			{
				from: 0,
				to: 1,
				code: 'ACK seq=u+1 ack=v+1',
				note: {
					en: 'Client: TIME-WAIT for 2 × MSL, then CLOSED. Server: CLOSED when this arrives.',
					'zh-CN': '客户端：TIME-WAIT，等待 2×MSL 后 CLOSED。服务器收到后 CLOSED。'
				}
			}
		]
	},
	corrections: [
		{
			id: 'client-time-wait',
			wrong: {
				en: 'After the fourth message the client enters TIME_WAIT.',
				'zh-CN': '第四次挥手之后，客户端进入 TIME_WAIT 状态。'
			},
			right: {
				en: 'TIME-WAIT belongs to whichever side sent the first FIN (the active closer), client or server. A server that closes connections first, for example on idle timeouts, collects the TIME-WAIT sockets itself.',
				'zh-CN': 'TIME-WAIT 属于先发送 FIN 的一方（主动关闭方），可能是客户端，也可能是服务器。主动关闭连接的服务器（例如空闲超时后关闭）自己就会积累大量 TIME-WAIT 套接字。'
			},
			why: {
				en: 'In RFC 9293’s state diagram, TIME-WAIT is reached only from FIN-WAIT-2 or CLOSING, the states of the side that closed first; the other side goes CLOSE-WAIT → LAST-ACK → CLOSED.',
				'zh-CN': '在 RFC 9293 的状态图中，只能从 FIN-WAIT-2 或 CLOSING 进入 TIME-WAIT，而这是先关闭的一方才会经过的状态；另一方走的是 CLOSE-WAIT → LAST-ACK → CLOSED。'
			},
			sources: [rfc(9293, '3.3.2')]
		},
		{
			id: 'time-wait-why',
			wrong: {
				en: 'TIME_WAIT waits so the other side does not think data was lost and send it again.',
				'zh-CN': 'TIME_WAIT 的等待是为了避免对方误认为数据丢失而重新发送数据。'
			},
			right: {
				en: 'It has two jobs. If the final ACK is lost, the peer retransmits its FIN, and the closer can still acknowledge it instead of answering RST. And it keeps the address and port pair out of use for 2 × MSL, so delayed segments of this connection cannot be taken for data of a new one.',
				'zh-CN': '它有两个作用。如果最后一个 ACK 丢失，对方会重传 FIN，主动关闭方仍能再次确认，而不是回复 RST。同时，它在 2×MSL 内不让这组地址和端口被复用，使这个连接延迟到达的报文段不会被误当作新连接的数据。'
			},
			why: {
				en: 'RFC 9293 defines TIME-WAIT as waiting “to be sure the remote TCP peer received the acknowledgment of its connection termination request and to avoid new connections being impacted by delayed segments from previous connections”. MSL is the longest a segment may live in the network; twice that covers a round trip.',
				'zh-CN': 'RFC 9293 对 TIME-WAIT 的定义是：等待足够长的时间，以确保对端收到了对其连接终止请求的确认，并避免新连接受到之前连接中延迟报文段的影响。MSL 是报文段在网络中可能存活的最长时间，两倍 MSL 正好覆盖一个来回。'
			},
			sources: [rfc(9293, '3.3.2')]
		},
		{
			id: 'four-always',
			wrong: {
				en: 'Closing always takes four segments, because both sides have data to send.',
				'zh-CN': '断开连接总是需要四个报文段，因为双方都有数据要发送。'
			},
			right: {
				en: 'It takes four because TCP is full duplex and each direction closes on its own: a FIN only says “I will send nothing more”. When the passive side has nothing left to send, its FIN rides on the same segment as its ACK, and the teardown takes three segments, as captures often show.',
				'zh-CN': '之所以是四次，是因为 TCP 是全双工的，两个方向各自关闭：FIN 只表示“我不会再发送了”。如果被动关闭方已经没有数据要发，它的 FIN 可以和 ACK 放在同一个报文段里，挥手就只需要三个报文段，抓包中很常见。'
			},
			why: {
				en: 'FIN is a flag on an ordinary segment, which may carry ACK as well; RFC 9293 describes closing and the half-closed state that lets one side keep sending.',
				'zh-CN': 'FIN 只是普通报文段上的一个标志位，同一个报文段也可以带 ACK；RFC 9293 描述了关闭过程以及允许一方继续发送的半关闭状态。'
			},
			sources: [rfc(9293, '3.6')]
		},
		{
			id: 'why-three-capability',
			wrong: {
				en: 'Three messages are needed to confirm that both sides can send and receive.',
				'zh-CN': '三次握手是为了确认双方的发送和接收能力都正常。'
			},
			right: {
				en: 'The protocol’s reason is synchronising sequence numbers: each side’s initial sequence number must be acknowledged by the other, and the third message lets the client reject the server’s answer to an old duplicate SYN. With two messages, a SYN delayed from an earlier attempt would open a connection on the server that nobody uses.',
				'zh-CN': '协议层面的原因是同步序列号：每一方的初始序列号都必须得到对方确认；第三条消息还让客户端能够拒绝服务器对旧的重复 SYN 所做的应答。如果只有两次，一个从先前尝试中滞留下来的 SYN 到达后，就会在服务器打开一个无人使用的连接。'
			},
			why: {
				en: 'RFC 9293: “The principal reason for the three-way handshake is to prevent old duplicate connection initiations from causing confusion.”',
				'zh-CN': 'RFC 9293 写道：三次握手的主要原因，是防止旧的重复连接请求造成混乱。'
			},
			sources: [rfc(9293, '3.5')]
		}
	],
	questions: [
		{
			id: 'handshake-steps',
			q: {
				en: 'Describe the three-way handshake, with sequence numbers and states.',
				'zh-CN': '描述三次握手的过程，包括序列号和状态变化。'
			},
			a: {
				en: 'The server is in LISTEN. The client sends SYN with initial sequence number x and enters SYN-SENT. The server answers SYN-ACK, with its own initial sequence number y and ack x+1, and enters SYN-RECEIVED. The client answers ACK with ack y+1 and is ESTABLISHED; the server becomes ESTABLISHED when that ACK arrives. The third segment may already carry data. Initial sequence numbers are chosen unpredictably (RFC 9293 §3.4.1) so that an off-path attacker cannot guess them.',
				'zh-CN': '服务器处于 LISTEN 状态。客户端发送 SYN，初始序列号为 x，进入 SYN-SENT。服务器回复 SYN-ACK，带上自己的初始序列号 y 和确认号 x+1，进入 SYN-RECEIVED。客户端回复 ACK，确认号为 y+1，进入 ESTABLISHED；服务器收到这个 ACK 后也进入 ESTABLISHED。第三个报文段已经可以携带数据。初始序列号的选择是不可预测的（RFC 9293 §3.4.1），以防路径外的攻击者猜中。'
			}
		},
		{
			id: 'why-not-two',
			q: { en: 'Why three messages and not two?', 'zh-CN': '为什么握手是三次，而不是两次？' },
			a: {
				en: 'Both directions have a sequence number to synchronise, so each initial sequence number needs an acknowledgement: SYN (x), SYN-ACK (acknowledges x, sends y), ACK (acknowledges y). The middle message does two jobs, which is why it is three and not four. The deciding case is an old duplicate SYN that arrives late: with two messages the server would consider the connection open and hold resources for it; with three, the client sees a SYN-ACK for a SYN it did not send (or no longer wants) and answers RST, and the server drops it.',
				'zh-CN': '两个方向各有一个序列号需要同步，所以每个初始序列号都需要对方确认：SYN（x）、SYN-ACK（确认 x，同时发出 y）、ACK（确认 y）。中间那条消息一次做了两件事，所以是三次而不是四次。决定性的情形是一个滞留已久的旧 SYN 迟到了：如果只有两次，服务器会认为连接已经建立并为它占用资源；有了第三次，客户端发现这个 SYN-ACK 对应的是自己没有发过（或已不再需要）的 SYN，就回复 RST，服务器随即丢弃这个连接。'
			}
		},
		{
			id: 'teardown',
			q: {
				en: 'Describe the four-way teardown, and why it takes four.',
				'zh-CN': '描述四次挥手的过程，以及为什么需要四次。'
			},
			a: {
				en: 'A (the active closer) sends FIN and enters FIN-WAIT-1. B acknowledges it: B enters CLOSE-WAIT, A enters FIN-WAIT-2. A’s direction is now closed, but B may keep sending until its application calls close(); then B sends FIN and enters LAST-ACK. A acknowledges it and enters TIME-WAIT; B closes when that ACK arrives. It takes four because the two directions close independently (a half-close); when B has nothing more to send, its ACK and FIN travel together and it takes three.',
				'zh-CN': 'A（主动关闭方）发送 FIN，进入 FIN-WAIT-1。B 确认：B 进入 CLOSE-WAIT，A 进入 FIN-WAIT-2。此时 A 到 B 的方向已经关闭，但 B 仍可以继续发送，直到它的应用调用 close()；然后 B 发送 FIN，进入 LAST-ACK。A 确认后进入 TIME-WAIT；B 收到这个 ACK 后关闭。之所以需要四次，是因为两个方向独立关闭（半关闭）；如果 B 已经没有数据要发，它的 ACK 和 FIN 会一起发出，只需三次。'
			}
		},
		{
			id: 'time-wait',
			q: {
				en: 'What is TIME_WAIT, why does it last 2 MSL, and what if a server has very many?',
				'zh-CN': '什么是 TIME_WAIT？为什么持续 2MSL？服务器上大量出现怎么办？'
			},
			a: {
				en: 'It is the state of the side that closed first, after it has acknowledged the peer’s FIN. It lasts 2 × MSL (maximum segment lifetime) so that a retransmitted FIN can still be acknowledged if the last ACK was lost, and so that delayed segments of the old connection expire before the same four-tuple (addresses and ports) is reused. Many TIME-WAIT sockets usually mean the server closes connections first, or a client opens a new connection for every request and runs short of ephemeral ports. Remedies: keep connections open and reuse them (HTTP keep-alive, connection pools), let the client close first, enable net.ipv4.tcp_tw_reuse for outgoing connections. Not tcp_tw_recycle: it broke clients behind NAT and was removed in Linux 4.12.',
				'zh-CN': '它是先关闭的一方在确认了对方的 FIN 之后所处的状态。它持续 2×MSL（报文段最大生存时间），一是为了在最后的 ACK 丢失时还能确认对方重传的 FIN，二是为了让旧连接中延迟的报文段在同一个四元组（地址和端口）被复用之前过期。大量 TIME-WAIT 通常说明是服务器主动关闭连接，或者某个客户端每个请求都新建连接，导致临时端口不够用。对策：保持并复用连接（HTTP keep-alive、连接池），让客户端先关闭，对出站连接开启 net.ipv4.tcp_tw_reuse。不要用 tcp_tw_recycle：它会让 NAT 后面的客户端出错，Linux 4.12 已将其移除。'
			}
		},
		{
			id: 'close-wait',
			q: {
				en: 'A server has thousands of connections in CLOSE_WAIT. What is wrong?',
				'zh-CN': '服务器上有成千上万个处于 CLOSE_WAIT 的连接，问题出在哪？'
			},
			a: {
				en: 'CLOSE-WAIT means the peer has sent FIN and our kernel has acknowledged it, but our application has not yet called close() on the socket. The kernel cannot leave this state by itself, so it is almost always an application bug: a code path that forgets to close, a connection leaked from a pool, or a thread blocked before it reaches close(). Find the process with ss -tanp state close-wait and fix the missing close.',
				'zh-CN': 'CLOSE-WAIT 表示对方已经发送了 FIN，本机内核也已确认，但本机应用还没有对这个套接字调用 close()。内核无法自行离开这个状态，所以几乎总是应用程序的缺陷：某条代码路径忘了关闭、连接池泄漏了连接，或者线程在执行到 close() 之前就被阻塞了。用 ss -tanp state close-wait 找到对应的进程，补上缺失的 close。'
			}
		},
		{
			id: 'lost-segments',
			q: {
				en: 'What happens if the SYN, or the last ACK of the handshake, is lost?',
				'zh-CN': '握手中的 SYN 或最后一个 ACK 丢失会怎样？'
			},
			a: {
				en: 'A lost SYN: the client’s retransmission timer expires (1 second at first, RFC 6298) and it sends the SYN again, doubling the timeout each time until it gives up (Linux tries 6 more times by default, about 2 minutes in all). A lost SYN-ACK: the client resends its SYN and the server resends its SYN-ACK. A lost final ACK: the client already considers itself ESTABLISHED; the server, still in SYN-RECEIVED, retransmits its SYN-ACK, and the client’s next segment (its data, which carries an ACK) completes the handshake anyway.',
				'zh-CN': 'SYN 丢失：客户端的重传定时器超时（初始为 1 秒，RFC 6298）后再次发送 SYN，每次超时时间翻倍，直到放弃（Linux 默认再重试 6 次，总共约 2 分钟）。SYN-ACK 丢失：客户端会重发 SYN，服务器也会重发 SYN-ACK。最后的 ACK 丢失：客户端已经认为自己处于 ESTABLISHED；服务器仍在 SYN-RECEIVED，会重传 SYN-ACK，而客户端随后发出的报文段（它的数据，同时带着 ACK）照样能完成握手。'
			}
		}
	]
};
