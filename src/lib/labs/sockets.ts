/**
 * The sockets lab: the two paths a message takes through the kernel (Unix domain socket vs TCP over loopback),
 * and the figures `npm run bench:sockets` measured for them on the machine that built this app
 * (sockets-measured.json, written by scripts/bench-sockets.js --write).
 */
import type { LocalizedText } from '$lib/i18n/locales';
import { text } from '$lib/tls/wire';
import measured from './sockets-measured.json';

export interface SocketFigures {
	/** Round-trip time of a 1-byte ping-pong: the median over the rounds of each round's median and p99. */
	medianMicros: number;
	p99Micros: number;
	trips: number;
	rounds: number;
	streamBytes: number;
	/** A one-way stream, once per write size. */
	streams: { writeBytes: number; megabytesPerSecond: number }[];
}

export interface SocketsMeasurement {
	measuredAt: string;
	machine: { cpus: number; model: string; kernel: string; node: string };
	unix: SocketFigures;
	tcp: SocketFigures;
}

export const shippedMeasurement: SocketsMeasurement = measured;

/** TCP loopback's figures over the Unix socket's: latency (median, p99) and throughput for each write size. */
export function compareSockets(m: SocketsMeasurement) {
	return {
		latency: m.tcp.medianMicros / m.unix.medianMicros,
		tail: m.tcp.p99Micros / m.unix.p99Micros,
		throughput: m.unix.streams.map((u, i) => ({ writeBytes: u.writeBytes, ratio: m.tcp.streams[i]!.megabytesPerSecond / u.megabytesPerSecond }))
	};
}

/** What the kernel does for one write, from the sending program to the receiving one. */
export const socketPaths: Record<'unix' | 'tcp', readonly LocalizedText[]> = {
	unix: [
		text('write() on the socket: a system call into the kernel', 'write()：系统调用进入内核'),
		text('Copy the bytes into the peer socket’s receive buffer (both ends are in this kernel, found by a file path)', '把字节拷贝进对端 socket 的接收缓冲区（两端都在本机内核中，通过文件路径找到对方）'),
		text('Wake the reader; read() copies them out', '唤醒读者；read() 把字节拷出')
	],
	tcp: [
		text('write() on the socket: a system call into the kernel', 'write()：系统调用进入内核'),
		text('TCP: segment the bytes, give them sequence numbers, keep a copy for retransmission, run congestion control, write a TCP header', 'TCP：分段、编序列号、保留副本以备重传、执行拥塞控制、写 TCP 首部'),
		text('IP: choose a route (127.0.0.1 goes to the loopback device), write an IP header', 'IP：选路（127.0.0.1 走回环设备）、写 IP 首部'),
		text('Loopback device: the packet “arrives” as if from a network card; no cable, no checksum computed', '回环设备：数据包像从网卡收到一样“到达”；没有线缆，也不计算校验和'),
		text('IP and TCP again on the receiving side: check, acknowledge (an ACK goes back the same way), reorder, queue', '接收端再走一遍 IP 和 TCP：检查、确认（ACK 沿同一路径返回）、排序、入队'),
		text('Wake the reader; read() copies them out', '唤醒读者；read() 把字节拷出')
	]
};
