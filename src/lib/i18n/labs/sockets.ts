/**
 * The sockets lab's strings (/learn/sockets/lab, keys `lab.sockets.*`), in both languages. They load with that page only, so the
 * first load of every other page does not carry them; the page registers them (registerMessages) before it renders.
 */
const en = {
	'lab.sockets.title': 'Unix domain socket vs TCP loopback',
	'lab.sockets.lead': 'Two programs on one machine can talk through a Unix domain socket (a path in the file system) or through TCP to 127.0.0.1. Same socket API, different path through the kernel, and measurably different speed.',
	'lab.sockets.paths': 'The path of one write',
	'lab.sockets.unix': 'Unix domain socket',
	'lab.sockets.tcp': 'TCP over 127.0.0.1',
	'lab.sockets.measured': 'Measured',
	'lab.sockets.machine': 'Measured {date} with npm run bench:sockets on {cpus} × {model}, {kernel}, Node {node}: {rounds} rounds alternating the two, each {trips} one-byte round trips (after a warm-up) and a {mib} MiB one-way stream per write size; every figure is the median round.',
	'lab.sockets.figure': 'Figure',
	'lab.sockets.median': 'Round trip, median',
	'lab.sockets.p99': 'Round trip, p99',
	'lab.sockets.throughput': 'Throughput, {size} KiB writes',
	'lab.sockets.ratio': 'TCP ÷ Unix',
	'lab.sockets.reading': 'A round trip over TCP loopback took {latency}× as long as over the Unix socket: TCP and IP run on both sides (and an ACK comes back), though there is no network at all. Throughput depends on how much each write carries: per-write costs dominate small writes, and both sockets get faster with large ones. Measured through Node, the runtime’s own work is part of every figure. This is why databases and proxies on one host offer a Unix socket (PostgreSQL, Redis, Docker).',
	'lab.sockets.yours': 'Measure on your machine',
	'lab.sockets.yours.lead': 'A browser cannot open either kind of socket, so these figures come from a script in the repository. Run it in a checkout of Wirewalk: it prints the same table for your machine.',
} as const;

const zhCN: Record<keyof typeof en, string> = {
	'lab.sockets.title': 'Unix 域套接字与 TCP 回环对比',
	'lab.sockets.lead': '同一台机器上的两个程序，可以通过 Unix 域套接字（文件系统中的一个路径）通信，也可以通过 TCP 连接 127.0.0.1。套接字 API 相同，在内核中走的路径不同，速度也明显不同。',
	'lab.sockets.paths': '一次写入走过的路径',
	'lab.sockets.unix': 'Unix 域套接字',
	'lab.sockets.tcp': 'TCP 回环（127.0.0.1）',
	'lab.sockets.measured': '实测结果',
	'lab.sockets.machine': '{date} 用 npm run bench:sockets 测得，机器为 {cpus} × {model}，{kernel}，Node {node}：两种套接字交替测 {rounds} 轮，每轮 {trips} 次单字节往返（预热之后），并按每种写入大小单向传输 {mib} MiB；每个数字取各轮的中位数。',
	'lab.sockets.figure': '指标',
	'lab.sockets.median': '往返时间，中位数',
	'lab.sockets.p99': '往返时间，p99',
	'lab.sockets.throughput': '吞吐量（每次写 {size} KiB）',
	'lab.sockets.ratio': 'TCP ÷ Unix',
	'lab.sockets.reading': '经 TCP 回环的一次往返耗时是 Unix 套接字的 {latency} 倍：虽然根本没有网络，两端仍要走 TCP 和 IP 协议栈（还要回一个 ACK）。吞吐量取决于每次写入的大小：小块写入时每次调用的固定开销占主导，两种套接字在大块写入时都更快。这些数字是通过 Node 测的，运行时自身的开销也计入其中。所以同一台主机上的数据库和代理都提供 Unix 套接字（PostgreSQL、Redis、Docker）。',
	'lab.sockets.yours': '在你的机器上测量',
	'lab.sockets.yours.lead': '浏览器打不开这两种套接字，所以这些数据来自仓库中的脚本。在 Wirewalk 的代码目录中运行它，就会打印出你这台机器的同样表格。',
};

export const socketsLabMessages = { en, 'zh-CN': zhCN };
