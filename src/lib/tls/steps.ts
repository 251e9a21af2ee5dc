/**
 * What the HTTPS explorer shows: a handshake (and a request/response) as an ordered list of steps, produced by the
 * scripted client and server (src/lib/tls/session.ts) and rendered by the /tls page. A step is a message crossing
 * the wire, a computation one side makes, or a check one side performs. Every byte is annotated; every secret is
 * named (as RFC 8446 names it) and, in RFC 8448 mode, shown beside the RFC's printed value.
 */
import type { AnnotatedBytes } from '$lib/bytes/annotated';
import type { LocalizedText } from '$lib/i18n/locales';
import type { KeyStep } from './keyschedule';

export type TlsSide = 'client' | 'server';

/** Live: fresh keys every run. rfc8448: the pinned keys and randoms of RFC 8448 section 3. */
export type TlsMode = 'live' | 'rfc8448';

export interface TlsSecretValue {
	/** RFC 8446's name: `client_handshake_traffic_secret`, `server_handshake_key`, `shared secret`… */
	name: string;
	bytes: Uint8Array;
	/** RFC 8448 mode: the value the RFC prints, for the check mark (equal bytes) or the cross. */
	expected?: Uint8Array;
	/** The equivalent command where one exists (openssl, or a short shell line). */
	command?: string;
}

export interface TlsCheck {
	ok: boolean;
	/** What was checked: `AEAD tag`, `server Finished`, `CertificateVerify signature`, `certificate chain`… */
	what: LocalizedText;
	/** Why it failed (or what passing proves). */
	detail: LocalizedText;
}

export interface TlsStep {
	id: string;
	kind: 'message' | 'compute' | 'check';
	/** The side that acts: the sender of a message, the side that computes or checks. */
	side: TlsSide;
	title: LocalizedText;
	explanation: LocalizedText;
	/** A message: the record bytes as they cross the wire (what an eavesdropper captures). */
	wire?: AnnotatedBytes;
	/** A protected record: the handshake message or data inside, after decryption. */
	plaintext?: AnnotatedBytes;
	/** What a passive observer learns from this step (SNI in clear; after ServerHello only lengths). */
	eavesdropper?: LocalizedText;
	/** Secrets derived at this step (also the nodes of `keySchedule`). */
	secrets?: TlsSecretValue[];
	/** The key-schedule graph nodes that this step fills in. */
	keySchedule?: KeyStep[];
	check?: TlsCheck;
}

export interface TlsRun {
	mode: TlsMode;
	/** The key exchange group used: x25519, or secp256r1 where the browser lacks X25519 (said in `notes`). */
	group: 'x25519' | 'secp256r1';
	cipherSuite: 'TLS_AES_128_GCM_SHA256' | 'TLS_AES_256_GCM_SHA384';
	serverName: string;
	steps: TlsStep[];
	/** Things the user should know about this run (a fallback taken, a value not reproducible…). */
	notes: LocalizedText[];
	/** The run finished with every check passing (false after tampering). */
	ok: boolean;
	/** Where it failed (tamper mode): the id of the first failing check step. */
	failedAt?: string;
}
