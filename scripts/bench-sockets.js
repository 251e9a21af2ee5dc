#!/usr/bin/env node
// `npm run bench:sockets [-- --write]`: a Unix domain socket against TCP over loopback on this machine, both through
// Node's `net` module so only the path through the kernel differs. Measures the round-trip time of a 1-byte
// ping-pong (median and p99 over many trips, after a warm-up) and the throughput of a one-way stream, once in
// 16 KiB writes and once in 1 MiB writes (the size of each write changes which socket wins). Prints a table with the ratios; `--write` also stores the figures in src/lib/labs/sockets-measured.json,
// which the sockets lab shows as "measured on the machine that built this app". Every phase is bounded in time.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { join } from 'node:path';

const TRIPS = 10_000;
/** Rounds alternate Unix and TCP, so a burst of other load on the machine hits both; each figure is the median round. */
const ROUNDS = 3;
const WARMUP = 2_000;
const STREAM_BYTES = 256 * 1024 * 1024;
const CHUNKS = [16 * 1024, 1024 * 1024];
const PHASE_TIMEOUT_MS = 120_000;
const root = new URL('..', import.meta.url).pathname;

function bounded(promise, what) {
	let timer;
	const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took longer than ${PHASE_TIMEOUT_MS / 1000} s`)), PHASE_TIMEOUT_MS)));
	return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A server that echoes every byte (ping-pong) or swallows the stream and reports its size (throughput). */
function listen(address) {
	const server = net.createServer((socket) => {
		socket.setNoDelay?.(true);
		socket.once('data', (first) => {
			if (first[0] === 0x50 /* P: ping-pong */) {
				socket.write(first.subarray(first.length - 1));
				socket.on('data', (data) => socket.write(data));
			} else {
				let received = first.length;
				socket.on('data', (data) => (received += data.length));
				socket.on('end', () => socket.end(String(received)));
			}
		});
	});
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		if (typeof address === 'string') server.listen(address, () => resolve(server));
		else server.listen(0, '127.0.0.1', () => resolve(server));
	});
}

function connect(target) {
	return new Promise((resolve, reject) => {
		const socket = typeof target === 'string' ? net.connect(target) : net.connect(target.port, '127.0.0.1');
		socket.once('error', reject);
		socket.once('connect', () => {
			socket.setNoDelay?.(true);
			resolve(socket);
		});
	});
}

async function pingPong(target) {
	const socket = await connect(target);
	const times = [];
	await new Promise((resolve, reject) => {
		let sent = 0;
		let started = 0n;
		socket.once('error', reject);
		const send = () => {
			started = process.hrtime.bigint();
			socket.write(sent === 0 ? 'P' : 'x');
			sent++;
		};
		socket.on('data', (data) => {
			// One byte out, one byte back: a trip is over when its byte returns (data may coalesce only at the very end).
			for (let i = 0; i < data.length; i++) {
				const elapsed = Number(process.hrtime.bigint() - started) / 1000;
				if (sent > WARMUP) times.push(elapsed);
				if (sent >= TRIPS + WARMUP) return resolve();
				send();
			}
		});
		send();
	});
	socket.destroy();
	times.sort((a, b) => a - b);
	return { medianMicros: times[Math.floor(times.length / 2)], p99Micros: times[Math.floor(times.length * 0.99)], trips: times.length };
}

async function stream(target, size) {
	const socket = await connect(target);
	const chunk = Buffer.alloc(size, 0x61);
	const started = process.hrtime.bigint();
	const done = new Promise((resolve, reject) => {
		let reply = '';
		socket.on('data', (d) => (reply += d));
		socket.on('end', () => resolve(Number(reply)));
		socket.once('error', reject);
	});
	for (let sent = 0; sent < STREAM_BYTES; sent += size) if (!socket.write(chunk)) await new Promise((r) => socket.once('drain', r));
	socket.end();
	const received = await done;
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	if (received !== STREAM_BYTES) throw new Error(`the server received ${received} of ${STREAM_BYTES} bytes`);
	return { writeBytes: size, megabytesPerSecond: STREAM_BYTES / 1024 / 1024 / seconds };
}

async function measure(label, address) {
	const server = await listen(address);
	const target = typeof address === 'string' ? address : { port: server.address().port };
	try {
		const latency = await bounded(pingPong(target), `${label} ping-pong`);
		const streams = [];
		for (const size of CHUNKS) streams.push(await bounded(stream(target, size), `${label} stream`));
		return { ...latency, streams };
	} finally {
		server.close();
	}
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The median of each figure over the rounds. */
function combine(rounds) {
	return {
		medianMicros: median(rounds.map((r) => r.medianMicros)),
		p99Micros: median(rounds.map((r) => r.p99Micros)),
		trips: rounds[0].trips,
		rounds: rounds.length,
		streamBytes: STREAM_BYTES,
		streams: CHUNKS.map((size, i) => ({ writeBytes: size, megabytesPerSecond: median(rounds.map((r) => r.streams[i].megabytesPerSecond)) }))
	};
}

const dir = mkdtempSync(join(os.tmpdir(), 'wirewalk-sockets-'));
try {
	const rounds = { unix: [], tcp: [] };
	for (let round = 0; round < ROUNDS; round++) {
		rounds.unix.push(await measure('Unix socket', join(dir, `bench${round}.sock`)));
		rounds.tcp.push(await measure('TCP loopback', { port: 0 }));
	}
	const unix = combine(rounds.unix);
	const tcp = combine(rounds.tcp);
	const fmt = (n, digits = 1) => n.toFixed(digits);
	console.log(`Sockets on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Linux ${os.release()}, Node ${process.version}`);
	console.log(`| | Unix domain socket | TCP over 127.0.0.1 | TCP / Unix |`);
	console.log(`| --- | --- | --- | --- |`);
	console.log(`| round trip, median (${unix.trips} trips × ${ROUNDS} rounds) | ${fmt(unix.medianMicros)} µs | ${fmt(tcp.medianMicros)} µs | ${fmt(tcp.medianMicros / unix.medianMicros, 2)}x |`);
	console.log(`| round trip, p99 | ${fmt(unix.p99Micros)} µs | ${fmt(tcp.p99Micros)} µs | ${fmt(tcp.p99Micros / unix.p99Micros, 2)}x |`);
	unix.streams.forEach((u, i) => {
		const t = tcp.streams[i];
		console.log(`| one-way stream (${STREAM_BYTES / 1024 / 1024} MiB in ${u.writeBytes / 1024} KiB writes) | ${fmt(u.megabytesPerSecond, 0)} MiB/s | ${fmt(t.megabytesPerSecond, 0)} MiB/s | ${fmt(t.megabytesPerSecond / u.megabytesPerSecond, 2)}x |`);
	});
	if (process.argv.includes('--write')) {
		const out = {
			measuredAt: new Date().toISOString().slice(0, 10),
			machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? 'unknown', kernel: `Linux ${os.release()}`, node: process.version },
			unix,
			tcp
		};
		writeFileSync(join(root, 'src/lib/labs/sockets-measured.json'), `${JSON.stringify(out, null, '\t')}\n`);
		console.log('wrote src/lib/labs/sockets-measured.json');
	}
} finally {
	rmSync(dir, { recursive: true, force: true });
}
