/** The interview topics Wirewalk covers (what users ask), each with where it lives in the app. */
import type { LocalizedText } from '$lib/i18n/locales';

export interface Topic {
	id: string;
	title: LocalizedText;
	summary: LocalizedText;
	/** An explorer that already covers the topic. */
	href?: string;
	/** A lab where the topic can be tried (a simulation with inputs to change). */
	lab?: string;
}

/** The load-balancing lab serves both load-balancing topics; the TCP lab (with UDP beside it) both TCP topics. */
const LB_LAB = '/learn/lb-algorithms/lab';
const TCP_LAB = '/learn/handshake/lab';

export const TOPICS: readonly Topic[] = [
	{
		id: 'sockets',
		title: { en: 'Unix domain sockets vs network sockets', 'zh-CN': 'Unix 域套接字与网络套接字' },
		summary: {
			en: 'Two paths through the kernel, measured on your machine.',
			'zh-CN': '内核中的两条路径，在你的机器上实测。'
		},
		lab: '/learn/sockets/lab'
	},
	{
		id: 'osi',
		title: { en: 'OSI vs TCP/IP models', 'zh-CN': 'OSI 模型与 TCP/IP 模型' },
		summary: {
			en: 'A real DoH request wrapped layer by layer, with real headers and checksums.',
			'zh-CN': '一条真实的 DoH 请求逐层封装，带真实的报头和校验和。'
		},
		lab: '/learn/osi/lab'
	},
	{
		id: 'tcp-udp',
		title: { en: 'TCP vs UDP', 'zh-CN': 'TCP 与 UDP' },
		summary: { en: 'Streams and datagrams, side by side.', 'zh-CN': '字节流与数据报，并排对比。' },
		lab: TCP_LAB
	},
	{
		id: 'handshake',
		title: { en: 'TCP three-way handshake and four-way teardown', 'zh-CN': 'TCP 三次握手与四次挥手' },
		summary: {
			en: 'Both endpoints’ states, with loss, retransmission and TIME_WAIT.',
			'zh-CN': '两端的状态变化，含丢包、重传与 TIME_WAIT。'
		},
		lab: TCP_LAB
	},
	{
		id: 'https',
		title: { en: 'What HTTPS is and how it encrypts', 'zh-CN': '什么是 HTTPS，它如何加密' },
		summary: {
			en: 'A real TLS 1.3 handshake: ephemeral ECDHE, not RSA key transport.',
			'zh-CN': '真实的 TLS 1.3 握手：临时 ECDHE，而不是 RSA 密钥传输。'
		},
		href: '/tls'
	},
	{
		id: 'http-https',
		title: { en: 'HTTP vs HTTPS', 'zh-CN': 'HTTP 与 HTTPS 的区别' },
		summary: {
			en: 'The same request in plaintext and as an eavesdropper sees it.',
			'zh-CN': '同一个请求的明文，以及窃听者看到的样子。'
		},
		lab: '/learn/http-https/lab'
	},
	{
		id: 'load-balancing',
		title: { en: 'Load balancing: what, how, why', 'zh-CN': '负载均衡：是什么、怎么做、为什么' },
		summary: { en: 'DNS, L4, L7, reverse proxies and health checks.', 'zh-CN': 'DNS、四层、七层、反向代理与健康检查。' },
		lab: LB_LAB
	},
	{
		id: 'lb-algorithms',
		title: { en: 'Load-balancing algorithms', 'zh-CN': '负载均衡算法' },
		summary: {
			en: 'Round robin to consistent hashing, simulated with live charts.',
			'zh-CN': '从轮询到一致性哈希，实时图表模拟。'
		},
		lab: LB_LAB
	},
	{
		id: 'dns',
		title: { en: 'How DNS resolution works', 'zh-CN': 'DNS 解析过程' },
		summary: {
			en: 'Recursive for the stub, iterative for the resolver: watch it happen.',
			'zh-CN': '对存根是递归查询，对解析器是迭代查询：亲眼看它发生。'
		},
		href: '/dns'
	},
	{
		id: 'websocket',
		title: { en: 'WebSocket vs HTTP', 'zh-CN': 'WebSocket 与 HTTP' },
		summary: {
			en: 'The upgrade handshake and masked frames, byte by byte.',
			'zh-CN': '升级握手与掩码帧，逐字节展示。'
		},
		lab: '/learn/websocket/lab'
	},
	{
		id: 'performance',
		title: { en: 'Network performance', 'zh-CN': '网络性能' },
		summary: {
			en: 'Latency, bandwidth, loss, HTTP/2, slow start and congestion control.',
			'zh-CN': '延迟、带宽、丢包、HTTP/2、慢启动与拥塞控制。'
		},
		lab: '/learn/performance/lab'
	}
];
