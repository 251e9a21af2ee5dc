/**
 * The figures the sockets lab ships: written by scripts/bench-sockets.js --write on a real machine, with the shape
 * the page reads; and the ratios the page prints are the plain quotients.
 */
import { describe, expect, it } from 'vitest';
import { compareSockets, shippedMeasurement, socketPaths } from '$lib/labs/sockets';

describe('sockets lab', () => {
	it('ships a measurement from the bench script with positive, sane figures for both sockets', () => {
		expect(shippedMeasurement.measuredAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
		for (const figures of [shippedMeasurement.unix, shippedMeasurement.tcp]) {
			expect(figures.trips).toBeGreaterThanOrEqual(1000);
			expect(figures.medianMicros).toBeGreaterThan(0);
			expect(figures.p99Micros).toBeGreaterThanOrEqual(figures.medianMicros);
			expect(figures.streams.map((s) => s.writeBytes)).toEqual([16384, 1048576]);
			for (const s of figures.streams) expect(s.megabytesPerSecond).toBeGreaterThan(0);
		}
	});

	it('compares TCP to the Unix socket as quotients', () => {
		const streams = (a: number, b: number) => [
			{ writeBytes: 16384, megabytesPerSecond: a },
			{ writeBytes: 1048576, megabytesPerSecond: b }
		];
		const m = {
			...shippedMeasurement,
			unix: { ...shippedMeasurement.unix, medianMicros: 10, p99Micros: 20, streams: streams(4000, 1000) },
			tcp: { ...shippedMeasurement.tcp, medianMicros: 25, p99Micros: 60, streams: streams(2000, 1500) }
		};
		expect(compareSockets(m)).toEqual({
			latency: 2.5,
			tail: 3,
			throughput: [
				{ writeBytes: 16384, ratio: 0.5 },
				{ writeBytes: 1048576, ratio: 1.5 }
			]
		});
	});

	it('shows TCP’s path as longer: the same system call at each end, the TCP/IP stack in between', () => {
		expect(socketPaths.tcp.length).toBeGreaterThan(socketPaths.unix.length);
		expect(socketPaths.tcp[0]).toEqual(socketPaths.unix[0]);
		expect(socketPaths.tcp.at(-1)).toEqual(socketPaths.unix.at(-1));
	});
});
