/**
 * Plain DNS from Node: UDP (a connected socket, so an ICMP "port unreachable" ends the wait at once) and TCP with
 * the two-byte length prefix (RFC 1035 section 4.2.2). Used by the CLI and by the relay.
 */
import { createSocket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { connect } from 'node:net';
import { ok, type Result } from '$lib/errors';
import { checkResponse, transportError, type DirectTransport, type Exchange, type TransportErrorCode } from '$lib/dns/transport';

/** The largest response we read over TCP (64 KiB is the protocol's own limit). */
const MAX_TCP = 65535;

export function socketTransport(now: () => number = () => performance.now()): DirectTransport {
	return {
		async exchange(server, query, { tcp, timeoutMs }) {
			const port = server.port ?? 53;
			const started = now();
			const raw = tcp ? await sendTcp(server.address, port, query, timeoutMs) : await sendUdp(server.address, port, query, timeoutMs);
			if (!raw.ok) return raw;
			const checked = checkResponse(query, raw.value);
			if (!checked.ok) return checked;
			const exchange: Exchange = {
				query,
				response: raw.value,
				message: checked.value,
				elapsedMs: now() - started,
				protocol: tcp ? 'tcp' : 'udp'
			};
			return ok(exchange);
		}
	};
}

const where = (address: string, port: number) => (isIPv6(address) ? `[${address}]:${port}` : `${address}:${port}`);

function timeout(address: string, port: number, ms: number) {
	return transportError('timeout', {
		en: `${where(address, port)} did not answer within ${ms / 1000} s.`,
		'zh-CN': `${where(address, port)} 在 ${ms / 1000} 秒内没有应答。`
	});
}

function unreachable(address: string, port: number, detail: string) {
	return transportError('unreachable', {
		en: `${where(address, port)} cannot be reached (${detail}): nothing listens there, or the network refuses.`,
		'zh-CN': `无法连接 ${where(address, port)}（${detail}）：那里没有服务在监听，或网络拒绝了连接。`
	});
}

function sendUdp(address: string, port: number, query: Uint8Array, ms: number): Promise<Result<Uint8Array, TransportErrorCode>> {
	return new Promise((resolve) => {
		const socket = createSocket(isIPv6(address) ? 'udp6' : 'udp4');
		let done = false;
		const finish = (result: Result<Uint8Array, TransportErrorCode>) => {
			if (done) return;
			done = true;
			clearTimeout(timer);
			socket.close();
			resolve(result);
		};
		const timer = setTimeout(() => finish(timeout(address, port, ms)), ms);
		socket.on('error', (e: NodeJS.ErrnoException) => finish(unreachable(address, port, e.code ?? e.message)));
		socket.on('message', (msg) => finish(ok(new Uint8Array(msg))));
		socket.connect(port, address, () => socket.send(query));
	});
}

function sendTcp(address: string, port: number, query: Uint8Array, ms: number): Promise<Result<Uint8Array, TransportErrorCode>> {
	return new Promise((resolve) => {
		const socket = connect({ host: address, port });
		let done = false;
		let buffered = Buffer.alloc(0);
		const finish = (result: Result<Uint8Array, TransportErrorCode>) => {
			if (done) return;
			done = true;
			clearTimeout(timer);
			socket.destroy();
			resolve(result);
		};
		const timer = setTimeout(() => finish(timeout(address, port, ms)), ms);
		socket.on('error', (e: NodeJS.ErrnoException) => finish(unreachable(address, port, e.code ?? e.message)));
		socket.on('connect', () => {
			const framed = Buffer.alloc(2 + query.length);
			framed.writeUInt16BE(query.length, 0);
			framed.set(query, 2);
			socket.write(framed);
		});
		socket.on('data', (chunk) => {
			buffered = Buffer.concat([buffered, chunk]);
			if (buffered.length > 2 + MAX_TCP) return finish(unreachable(address, port, 'oversized response'));
			if (buffered.length >= 2) {
				const length = buffered.readUInt16BE(0);
				if (buffered.length >= 2 + length) finish(ok(new Uint8Array(buffered.subarray(2, 2 + length))));
			}
		});
		socket.on('end', () => finish(unreachable(address, port, 'connection closed before a full response')));
	});
}
