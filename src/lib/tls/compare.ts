/**
 * TLS 1.2 with RSA key transport, TLS 1.2 with ECDHE, and TLS 1.3, side by side: the same server (one RSA key,
 * one certificate) runs all three, and each run's messages are grouped into flights to count the round trips
 * before the request leaves. The recordings feed the forward-secrecy demo.
 */
import type { LocalizedText } from '$lib/i18n/locales';
import { runHandshake } from './session';
import type { TlsRun, TlsSide, TlsStep } from './steps';
import { createRsaServer, runTls12, type RsaServer, type Tls12Run } from './tls12';
import type { WebCrypto } from './webcrypto';
import { text } from './wire';

export type ComparedProtocol = 'tls12-rsa' | 'tls12-ecdhe' | 'tls13';
export const comparedProtocols: readonly ComparedProtocol[] = ['tls12-rsa', 'tls12-ecdhe', 'tls13'];

export const protocolNames: Record<ComparedProtocol, LocalizedText> = {
	'tls12-rsa': text('TLS 1.2, RSA key transport', 'TLS 1.2，RSA 密钥传输'),
	'tls12-ecdhe': text('TLS 1.2, ECDHE', 'TLS 1.2，ECDHE'),
	tls13: text('TLS 1.3', 'TLS 1.3')
};

/** Messages one side sends before it must wait for the other: one crossing of the network, half a round trip. */
export interface Flight {
	side: TlsSide;
	/** The message steps in it (ids and titles). */
	messages: { id: string; title: LocalizedText }[];
	/** When it leaves, in round trips after the TCP handshake (0 = the ClientHello). */
	leavesAt: number;
}

export interface Timeline {
	protocol: ComparedProtocol;
	flights: Flight[];
	/** Round trips of handshake before the client can send the request (TCP's own round trip not counted). */
	requestAt: number;
	/** When the response reaches the client, in round trips after TCP's handshake. */
	responseAt: number;
}

/** Groups a run's messages into flights: a new flight starts whenever the sending side changes. */
export function timelineOf(protocol: ComparedProtocol, steps: readonly TlsStep[]): Timeline {
	const flights: Flight[] = [];
	for (const step of steps) {
		if (step.kind !== 'message' || !step.wire) continue;
		const last = flights[flights.length - 1];
		if (last && last.side === step.side) last.messages.push({ id: step.id, title: step.title });
		else flights.push({ side: step.side, messages: [{ id: step.id, title: step.title }], leavesAt: flights.length / 2 });
	}
	const leaves = (id: string) => flights.find((f) => f.messages.some((m) => m.id === id))?.leavesAt ?? NaN;
	// The response arrives half a round trip after it leaves.
	return { protocol, flights, requestAt: leaves('request'), responseAt: leaves('response') + 0.5 };
}

/** The bytes of a run as they crossed the wire, in order, each with its sender: what a recorder keeps. */
export interface Recording {
	protocol: ComparedProtocol;
	records: { from: TlsSide; bytes: Uint8Array }[];
}

export function recordingOf(protocol: ComparedProtocol, steps: readonly TlsStep[]): Recording {
	return { protocol, records: steps.filter((s) => s.kind === 'message' && s.wire).map((s) => ({ from: s.side, bytes: s.wire!.bytes })) };
}

export interface Comparison {
	server: RsaServer;
	runs: { 'tls12-rsa': Tls12Run; 'tls12-ecdhe': Tls12Run; tls13: TlsRun };
	timelines: Timeline[];
	recordings: Recording[];
}

export interface ComparisonOptions {
	serverName?: string;
	crypto?: WebCrypto;
	now?: () => Date;
}

/** One RSA server, three handshakes against it. Fails only if the server cannot be made (a bad name). */
export async function runComparison(options: ComparisonOptions = {}) {
	const now = options.now ?? (() => new Date());
	const server = await createRsaServer({ serverName: options.serverName, now: now(), crypto: options.crypto });
	if (!server.ok) return server;
	const common = { server: server.value, crypto: options.crypto, now };
	const runs = {
		'tls12-rsa': await runTls12({ keyExchange: 'rsa', ...common }),
		'tls12-ecdhe': await runTls12({ keyExchange: 'ecdhe', ...common }),
		tls13: await runHandshake({ mode: 'live', serverName: server.value.serverName, pki: server.value.pki, crypto: options.crypto, now })
	};
	const comparison: Comparison = {
		server: server.value,
		runs,
		timelines: comparedProtocols.map((p) => timelineOf(p, runs[p].steps)),
		recordings: comparedProtocols.map((p) => recordingOf(p, runs[p].steps))
	};
	return { ok: true as const, value: comparison };
}
