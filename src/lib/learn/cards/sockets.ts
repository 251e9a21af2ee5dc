import { rfc, type StudyCard } from '../types';

const unix7 = { label: 'unix(7)', href: 'https://man7.org/linux/man-pages/man7/unix.7.html' };

export const card: StudyCard = {
	topic: 'sockets',
	points: [
		{
			en: 'A Unix domain socket (AF_UNIX) connects processes on the same host through the kernel, with the same socket API as TCP and UDP: socket(), bind(), listen(), connect(), accept(), send(), recv().',
			'zh-CN': 'Unix 域套接字（AF_UNIX）让同一台主机上的进程经由内核通信，使用的是和 TCP、UDP 相同的套接字 API：socket()、bind()、listen()、connect()、accept()、send()、recv()。'
		},
		{
			en: 'It is addressed by a filesystem path (on Linux also by a name in the abstract namespace, or by no name at all when made with socketpair()); a network socket is addressed by an IP address and a port.',
			'zh-CN': '它用文件系统路径寻址（在 Linux 上也可以用抽象命名空间里的名字；用 socketpair() 创建的则根本没有名字）；网络套接字用 IP 地址加端口寻址。'
		},
		{
			en: 'Its data never goes through TCP or IP: no headers, checksums, sequence numbers, routing or loopback device. The kernel copies it from the sender straight into the receiver’s queue, which is why it is usually faster than TCP over 127.0.0.1.',
			'zh-CN': '数据完全不经过 TCP 和 IP：没有报头、校验和、序列号、路由，也不经过回环网卡。内核把数据从发送方直接拷贝到接收方的队列，所以它通常比走 127.0.0.1 的 TCP 更快。'
		},
		{
			en: 'Access is controlled by the file permissions of the socket’s path, and a server can ask the kernel who the peer is (SO_PEERCRED on Linux: its PID, UID and GID).',
			'zh-CN': '访问控制靠套接字路径的文件权限；服务器还可以向内核查询对端是谁（Linux 上的 SO_PEERCRED：对方的 PID、UID 和 GID）。'
		},
		{
			en: 'Only a Unix socket can hand an open file descriptor to another process (SCM_RIGHTS). Types: SOCK_STREAM, SOCK_DGRAM (reliable and in order on Linux) and SOCK_SEQPACKET.',
			'zh-CN': '只有 Unix 域套接字能把打开的文件描述符交给另一个进程（SCM_RIGHTS）。类型有 SOCK_STREAM、SOCK_DGRAM（在 Linux 上可靠且有序）和 SOCK_SEQPACKET。'
		},
		{
			en: 'Typical users: local servers and databases (PostgreSQL’s /var/run/postgresql/.s.PGSQL.5432, Docker’s /var/run/docker.sock), systemd and D-Bus.',
			'zh-CN': '典型用户：本机的服务和数据库（PostgreSQL 的 /var/run/postgresql/.s.PGSQL.5432、Docker 的 /var/run/docker.sock）、systemd 和 D-Bus。'
		}
	],
	diagram: {
		kind: 'layers',
		caption: { en: 'One write(), two paths through the kernel', 'zh-CN': '同一个 write()，内核中的两条路径' },
		columns: [
			{
				title: { en: 'TCP over 127.0.0.1', 'zh-CN': '走 127.0.0.1 的 TCP' },
				cells: [
					{ text: { en: 'write() in process A', 'zh-CN': '进程 A 调用 write()' } },
					{ text: { en: 'socket layer', 'zh-CN': '套接字层' } },
					{ text: { en: 'TCP: segments, sequence numbers, ACKs, windows', 'zh-CN': 'TCP：分段、序列号、确认、窗口' } },
					{ text: { en: 'IP: header, routing, netfilter', 'zh-CN': 'IP：报头、路由、netfilter' } },
					{ text: { en: 'loopback device lo, then IP and TCP again on the way up', 'zh-CN': '回环设备 lo，再向上经过一遍 IP 和 TCP' } },
					{ text: { en: 'receive queue → read() in process B', 'zh-CN': '接收队列 → 进程 B 调用 read()' } }
				]
			},
			{
				title: { en: 'Unix domain socket', 'zh-CN': 'Unix 域套接字' },
				cells: [
					{ text: { en: 'write() in process A', 'zh-CN': '进程 A 调用 write()' } },
					{ text: { en: 'socket layer (permission checked)', 'zh-CN': '套接字层（检查权限）' } },
					{
						text: {
							en: 'no protocol layers: the kernel copies the bytes into the peer socket’s receive queue',
							'zh-CN': '没有任何协议层：内核把字节直接拷贝到对端套接字的接收队列'
						},
						span: 3
					},
					{ text: { en: 'receive queue → read() in process B', 'zh-CN': '接收队列 → 进程 B 调用 read()' } }
				]
			}
		]
	},
	corrections: [
		{
			id: 'socket-file-open',
			wrong: {
				en: 'A Unix socket is a file: processes talk by opening it.',
				'zh-CN': 'Unix 套接字就是一个文件，进程通过打开这个文件来通信。'
			},
			right: {
				en: 'The path is only a name to find the socket by. A client calls socket() and then connect() with the path; open() on a socket file fails with ENXIO. No data is ever written to the disk.',
				'zh-CN': '路径只是用来找到套接字的名字。客户端先调用 socket()，再用这个路径调用 connect()；对套接字文件调用 open() 会以 ENXIO 失败。数据从不写入磁盘。'
			},
			why: {
				en: 'bind() creates the path as a special file (type s in ls -l) so that lookup and permission checks work; the data lives in kernel buffers. Linux’s abstract sockets and socketpair() have no file at all.',
				'zh-CN': 'bind() 会在文件系统中创建一个特殊文件（ls -l 中类型为 s），以便查找和做权限检查；数据本身在内核缓冲区里。Linux 的抽象套接字和 socketpair() 创建的套接字根本没有文件。'
			},
			sources: [unix7, { label: 'open(2) (ENXIO)', href: 'https://man7.org/linux/man-pages/man2/open.2.html' }]
		},
		{
			id: 'network-socket-remote',
			wrong: {
				en: 'Network sockets are for remote communication; processes on one machine use Unix sockets.',
				'zh-CN': '网络套接字用于远程通信，同一台机器上的进程之间用 Unix 套接字。'
			},
			right: {
				en: 'Network sockets work between local processes too (127.0.0.1, ::1), and many local services use them. What differs is the path: TCP on loopback still runs the whole TCP/IP stack; a Unix socket skips it, and adds descriptor passing and peer credentials.',
				'zh-CN': '网络套接字同样可以用于本机进程之间（127.0.0.1、::1），很多本地服务也确实这样用。区别在于路径：回环上的 TCP 仍要走完整个 TCP/IP 协议栈；Unix 域套接字则完全跳过它，还能传递描述符和对端凭证。'
			},
			why: {
				en: 'Loopback addresses are part of IP itself and never leave the host. Choose TCP when the peer may one day be elsewhere; a Unix socket when it never will and latency, file permissions or passing descriptors matter.',
				'zh-CN': '回环地址是 IP 本身的一部分，数据包永远不会离开主机。对端将来可能在别处时用 TCP；对端始终在本机，且在意延迟、文件权限或需要传递描述符时，用 Unix 域套接字。'
			},
			sources: [rfc(1122, '3.2.1.3')]
		},
		{
			id: 'unix-dgram-unreliable',
			wrong: {
				en: 'Unix datagram sockets are unreliable, like UDP.',
				'zh-CN': 'Unix 数据报套接字和 UDP 一样不可靠。'
			},
			right: {
				en: 'On Linux (and most Unix systems) SOCK_DGRAM over AF_UNIX never drops or reorders datagrams: when the receiver’s queue is full, the sender blocks (or gets EAGAIN). Only the message boundaries are like UDP’s.',
				'zh-CN': '在 Linux（以及大多数 Unix 系统）上，AF_UNIX 的 SOCK_DGRAM 从不丢弃数据报，也不会乱序：接收方队列满时，发送方会阻塞（或得到 EAGAIN）。它和 UDP 相同的只是保留消息边界。'
			},
			why: {
				en: 'There is no network in between to lose anything: the kernel owns both ends and can make the sender wait.',
				'zh-CN': '两端之间没有会丢包的网络：两端都由内核掌管，内核可以让发送方等待。'
			},
			sources: [unix7]
		}
	],
	questions: [
		{
			id: 'what',
			q: { en: 'What is a Unix domain socket?', 'zh-CN': '什么是 Unix 域套接字？' },
			a: {
				en: 'An endpoint for communication between processes on the same host (address family AF_UNIX, also called AF_LOCAL). It uses the ordinary socket API, is named by a filesystem path (or an abstract name on Linux, or no name when made by socketpair()), and the kernel moves data between the two sockets’ buffers without any network protocol. It comes in stream, datagram and sequenced-packet types.',
				'zh-CN': '它是同一主机上进程间通信的端点（地址族 AF_UNIX，也叫 AF_LOCAL）。它使用普通的套接字 API，用文件系统路径命名（Linux 上也可以用抽象名字，socketpair() 创建的则没有名字），内核直接在两个套接字的缓冲区之间搬运数据，不经过任何网络协议。它有字节流、数据报和有序分组（SOCK_SEQPACKET）三种类型。'
			}
		},
		{
			id: 'vs-network',
			q: {
				en: 'How does a Unix domain socket differ from a network (TCP/UDP) socket?',
				'zh-CN': 'Unix 域套接字和网络套接字（TCP/UDP）有什么区别？'
			},
			a: {
				en: 'Addressing: a path versus an IP address and port. Reach: the same host only, versus any host, including this one through loopback. Path through the kernel: no TCP/IP processing, versus headers, checksums, sequence numbers, routing and the loopback device, so lower latency and higher throughput. Security: file permissions and kernel-supplied peer credentials, versus firewall rules and TLS. Extras: passing file descriptors (SCM_RIGHTS).',
				'zh-CN': '寻址：路径，对比 IP 地址加端口。范围：只能在同一主机内，对比任意主机（也包括通过回环访问本机）。内核路径：不做任何 TCP/IP 处理，对比要经过报头、校验和、序列号、路由和回环设备，因此前者延迟更低、吞吐更高。安全：文件权限和由内核提供的对端凭证，对比防火墙规则和 TLS。额外能力：传递文件描述符（SCM_RIGHTS）。'
			}
		},
		{
			id: 'why-faster',
			q: {
				en: 'Why is a Unix socket faster than TCP on 127.0.0.1?',
				'zh-CN': '为什么 Unix 域套接字比走 127.0.0.1 的 TCP 快？'
			},
			a: {
				en: 'Loopback TCP does everything except touch a wire: it builds TCP and IP headers, tracks sequence numbers and acknowledgements, runs flow and congestion control, passes each packet through IP and netfilter to the lo device, and then receives it back up the same stack. A Unix stream socket checks permissions and copies the bytes into the peer’s receive queue. Measurements usually show clearly lower round-trip latency and higher throughput; how much depends on the kernel and the message size, so measure on the machine that matters.',
				'zh-CN': '回环上的 TCP 除了不碰网线，其余一步不少：构造 TCP 和 IP 报头，维护序列号和确认，执行流量控制和拥塞控制，每个数据包经过 IP 和 netfilter 到达 lo 设备，再沿同一个协议栈向上接收。Unix 流套接字只检查权限，然后把字节拷贝到对端的接收队列。实测通常能看到明显更低的往返延迟和更高的吞吐；具体差多少取决于内核和消息大小，应当在实际运行的机器上测量。'
			}
		},
		{
			id: 'when',
			q: {
				en: 'When would you choose a Unix socket, and when TCP?',
				'zh-CN': '什么时候用 Unix 域套接字，什么时候用 TCP？'
			},
			a: {
				en: 'A Unix socket when both ends always run on one host: a web server talking to a local application server or database, a container runtime’s control socket, local daemons (D-Bus, systemd). It gives lower latency, access control by file permissions, and descriptor passing. TCP when the peer is, or may become, remote; when the two sides share no filesystem (separate containers or hosts); or when tools and load balancers expect an address and a port.',
				'zh-CN': '两端始终在同一台主机上运行时用 Unix 域套接字：Web 服务器连接本机的应用服务器或数据库、容器运行时的控制套接字、本地守护进程（D-Bus、systemd）。它延迟更低，可以用文件权限做访问控制，还能传递描述符。对端在远程或将来可能在远程、两端不共享文件系统（不同的容器或主机），或者工具和负载均衡器只认地址加端口时，用 TCP。'
			}
		},
		{
			id: 'fd-passing',
			q: {
				en: 'What can a Unix socket do that a TCP socket cannot?',
				'zh-CN': 'Unix 域套接字能做哪些 TCP 套接字做不到的事？'
			},
			a: {
				en: 'Pass open file descriptors to another process in an SCM_RIGHTS control message (used for privilege separation, and for restarts without downtime that hand a listening socket to the new process); let the receiver learn the sender’s PID, UID and GID from the kernel (SO_PEERCRED, SCM_CREDENTIALS on Linux), which the sender cannot forge; and rely on filesystem permissions for access control.',
				'zh-CN': '用 SCM_RIGHTS 控制消息把打开的文件描述符传给另一个进程（用于权限分离，以及把监听套接字交给新进程、实现不停机重启）；让接收方从内核得知发送方的 PID、UID 和 GID（Linux 上的 SO_PEERCRED、SCM_CREDENTIALS），发送方无法伪造；以及用文件系统权限做访问控制。'
			}
		}
	]
};
