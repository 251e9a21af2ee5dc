#!/usr/bin/env node
// A name server that never answers: the lab's "timeout server" (ns1.timeout.test.).
// Binds UDP and TCP on <address>:<port>, reads every query and answers none of them, so a client's only way
// out is its own timeout. Started and stopped by tests/lab/lab.js.
//
//   node tests/lab/blackhole.js <address> <port> <ready-file>
//
// It writes its pid to <ready-file> once both sockets are bound, and exits when its parent goes away.
import { createSocket } from 'node:dgram';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';

const [address, portText, readyFile] = process.argv.slice(2);
const port = Number(portText);
if (!address || !Number.isInteger(port) || !readyFile) {
	console.error('usage: node blackhole.js <address> <port> <ready-file>');
	process.exit(2);
}

/** @param {string} message */
const log = (message) => console.error(`${new Date().toISOString()} blackhole ${address}:${port} ${message}`);

const udp = createSocket('udp4');
udp.on('message', (_msg, rinfo) => log(`udp query from ${rinfo.address}:${rinfo.port} (${_msg.length} bytes), not answering`));
udp.on('error', (error) => {
	log(`udp error: ${error.message}`);
	process.exit(1);
});

const tcp = createServer((socket) => {
	log(`tcp connection from ${socket.remoteAddress}:${socket.remotePort}, not answering`);
	socket.on('error', () => {});
	socket.on('data', () => {});
	// Hold the connection without answering; drop it after a minute so nothing piles up.
	socket.setTimeout(60_000, () => socket.destroy());
});
tcp.on('error', (error) => {
	log(`tcp error: ${error.message}`);
	process.exit(1);
});

let bound = 0;
const onBound = () => {
	bound += 1;
	if (bound === 2) {
		writeFileSync(readyFile, `${process.pid}\n`);
		log('ready');
	}
};
udp.bind({ address, port, exclusive: true }, onBound);
tcp.listen({ host: address, port, exclusive: true }, onBound);

// Never outlive the lab: if the parent dies (even by SIGKILL), we are re-parented; then exit.
const parent = process.ppid;
setInterval(() => {
	if (process.ppid !== parent) process.exit(0);
}, 500).unref();
for (const signal of /** @type {const} */ (['SIGTERM', 'SIGINT', 'SIGHUP'])) process.on(signal, () => process.exit(0));
