/**
 * A run as Wireshark reads it: its records carried in a synthesized TCP connection between two documentation
 * addresses (a pcap), and the secrets in the SSLKEYLOGFILE format browsers write (NSS key log), so Wireshark
 * decrypts the handshake and the HTTP inside. TLS 1.3 logs its four traffic secrets; TLS 1.2 its master secret.
 */
import { toHex } from '$lib/bytes/encoding';
import type { Result } from '$lib/errors';
import { pcapFile } from '$lib/net/pcap';
import { tcpConversation } from '$lib/net/tcp-stream';
import { recordingOf } from './compare';
import type { TlsRun } from './steps';
import type { Tls12Run } from './tls12';

/** The NSS key log labels of TLS 1.3, by the name the steps give each secret (RFC 8446 section 7.1). */
const TLS13_LABELS: Record<string, string> = {
	client_handshake_traffic_secret: 'CLIENT_HANDSHAKE_TRAFFIC_SECRET',
	server_handshake_traffic_secret: 'SERVER_HANDSHAKE_TRAFFIC_SECRET',
	client_application_traffic_secret_0: 'CLIENT_TRAFFIC_SECRET_0',
	server_application_traffic_secret_0: 'SERVER_TRAFFIC_SECRET_0',
	exporter_master_secret: 'EXPORTER_SECRET'
};

function isTls12(run: TlsRun | Tls12Run): run is Tls12Run {
	return 'protocol' in run;
}

/** ClientHello.random as the client sent it: after the record header (5), handshake header (4) and version (2). */
function clientRandomOf(run: TlsRun | Tls12Run): Uint8Array | undefined {
	const hello = run.steps.find((s) => s.id === 'client-hello')?.wire?.bytes;
	return hello && hello.length >= 43 ? hello.slice(11, 43) : undefined;
}

/** The SSLKEYLOGFILE lines for a run: one per secret, keyed by the client random. */
export function keyLogOf(run: TlsRun | Tls12Run): string {
	const random = clientRandomOf(run);
	if (!random) return '';
	const lines: string[] = [];
	if (isTls12(run)) {
		if (run.masterSecret) lines.push(`CLIENT_RANDOM ${toHex(random)} ${toHex(run.masterSecret)}`);
	} else {
		const seen = new Set<string>();
		for (const secret of run.steps.flatMap((s) => s.secrets ?? [])) {
			const label = TLS13_LABELS[secret.name];
			if (!label || seen.has(label)) continue;
			seen.add(label);
			lines.push(`${label} ${toHex(random)} ${toHex(secret.bytes)}`);
		}
	}
	return lines.map((line) => `${line}\n`).join('');
}

export interface Capture {
	pcap: Uint8Array;
	keyLog: string;
	/** A file name without extension: `wirewalk-tls13-live`, `wirewalk-tls12-rsa`… */
	name: string;
}

/** The run's records in order over one TCP connection (192.0.2.10 → 198.51.100.20:443), with its key log. */
export function captureOf(run: TlsRun | Tls12Run): Result<Capture> {
	const protocol = isTls12(run) ? run.protocol : 'tls13';
	const frames = tcpConversation({ messages: recordingOf(protocol, run.steps).records.map((r) => ({ from: r.from, bytes: r.bytes })) });
	if (!frames.ok) return frames;
	const name = isTls12(run) ? `wirewalk-${run.protocol}` : `wirewalk-tls13-${run.mode}`;
	return { ok: true, value: { pcap: pcapFile(frames.value), keyLog: keyLogOf(run), name } };
}
