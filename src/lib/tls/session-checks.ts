/**
 * The checks each side of a scripted run (session.ts) makes on what it receives, as values: what passed and
 * why, or the alert the checking side ends the connection with and why.
 */
import { equalBytes } from '$lib/bytes/encoding';
import { fail, ok, type Result } from '$lib/errors';
import type { LocalizedText } from '$lib/i18n/locales';
import {
	certificatePublicKey,
	signatureSchemes,
	verifyCertificateVerify,
	verifyServerChain,
	type CertificateCheckId,
	type SignatureSchemeName
} from './certificates';
import { parseRecord, type ClientHello, type Extension, type HandshakeMessage, type ServerHello } from './handshake';
import { cipherSuites } from './keyschedule';
import type { RecordErrorCode } from './record';
import { groupCodes, importPeerShare, type GroupName, type PeerKey } from './session-keys';
import { stepTexts } from './session-text';
import type { AlertName } from './session-wire';
import type { WebCrypto } from './webcrypto';

export const HASH = 'SHA-256';
export const CIPHER = 'TLS_AES_128_GCM_SHA256';
export const SUITE = cipherSuites[CIPHER].code;
export const TLS13 = 0x0304;

const certificateAlerts: Record<CertificateCheckId, AlertName> = {
	issuer: 'unknown_ca',
	signature: 'bad_certificate',
	validity: 'certificate_expired',
	'basic-constraints': 'bad_certificate',
	'key-usage': 'unsupported_certificate',
	name: 'bad_certificate'
};

export const recordAlerts: Record<RecordErrorCode, AlertName> = {
	'bad-tag': 'bad_record_mac',
	'record-truncated': 'decode_error',
	'record-too-long': 'record_overflow',
	'not-protected': 'unexpected_message',
	'no-content-type': 'unexpected_message',
	'bad-content-type': 'unexpected_message',
	'bad-key': 'internal_error',
	'bad-sequence-number': 'internal_error'
};

export type Outcome = { ok: true; detail: LocalizedText } | { ok: false; detail: LocalizedText; alert: AlertName };

export function extension<K extends Extension['kind']>(list: Extension[], kind: K): Extract<Extension, { kind: K }> | undefined {
	return list.find((e): e is Extract<Extension, { kind: K }> => e.kind === kind);
}

export const equal = (a: Uint8Array | undefined, b: Uint8Array | undefined) => !!a && !!b && equalBytes(a, b);

/** Something that cannot fail here (a key this script made itself, a length it checked): a failure is a bug. */
export function must<T>(result: Result<T>): T {
	if (!result.ok) throw new Error(`session: ${result.error.code}: ${result.error.message.en}`);
	return result.value;
}

// ---- reading the hellos ----

export interface ReadHello {
	hello: ClientHello;
	/** The message as received: what goes into the server's transcript. */
	bytes: Uint8Array;
	group: GroupName;
	peer: PeerKey;
	sni?: string;
}

const rejected = stepTexts.rejected;

/** One handshake message of `kind` alone in a record in clear, or the alert that reading it ends with. */
function readHelloRecord<K extends 'client_hello' | 'server_hello'>(
	wire: Uint8Array,
	kind: K,
	name: string
): Result<Extract<HandshakeMessage, { kind: K }>, AlertName> {
	const parsed = parseRecord(wire);
	if (!parsed.ok) return fail('decode_error', rejected.decode(parsed.error.message));
	const { content } = parsed.value.record;
	const message = content.kind === 'handshake' && content.messages.length === 1 ? content.messages[0] : undefined;
	if (message?.kind !== kind) return fail('unexpected_message', rejected.notHandshake(name));
	return ok(message as Extract<HandshakeMessage, { kind: K }>);
}

/** What the server checks and chooses in a ClientHello. */
export async function readClientHello(wire: Uint8Array, scheme: SignatureSchemeName, crypto: WebCrypto): Promise<Result<ReadHello, AlertName>> {
	const read = readHelloRecord(wire, 'client_hello', 'ClientHello');
	if (!read.ok) return read;
	const hello = read.value;
	const list = hello.extensions;
	if (!extension(list, 'supported_versions')?.versions.includes(TLS13)) return fail('protocol_version', rejected.noTls13);
	if (hello.legacyCompressionMethods.length !== 1 || hello.legacyCompressionMethods[0] !== 0) return fail('illegal_parameter', rejected.compression);
	if (!hello.cipherSuites.includes(SUITE)) return fail('handshake_failure', rejected.noSuite);
	if (!extension(list, 'signature_algorithms')?.schemes.includes(signatureSchemes[scheme])) return fail('handshake_failure', rejected.noScheme(scheme));
	const shares = extension(list, 'key_share')?.shares ?? [];
	const share = shares.find((s) => s.group === groupCodes.x25519) ?? shares.find((s) => s.group === groupCodes.secp256r1);
	if (!share) return fail('handshake_failure', rejected.noShare);
	const group: GroupName = share.group === groupCodes.x25519 ? 'x25519' : 'secp256r1';
	const peer = await importPeerShare(group, share.keyExchange, crypto);
	if (!peer.ok) return fail('illegal_parameter', peer.error.message);
	return ok({ hello, bytes: wire.slice(5), group, peer: peer.value, sni: extension(list, 'server_name')?.hostNames[0] });
}

/** What the client checks in a ServerHello: that the server chose from what it offered. */
export async function readServerHello(
	wire: Uint8Array,
	offered: ClientHello,
	group: GroupName,
	crypto: WebCrypto
): Promise<Result<{ hello: ServerHello; bytes: Uint8Array; peer: PeerKey }, AlertName>> {
	const read = readHelloRecord(wire, 'server_hello', 'ServerHello');
	if (!read.ok) return read;
	const hello = read.value;
	if (extension(hello.extensions, 'selected_version')?.version !== TLS13) return fail('illegal_parameter', rejected.version);
	if (hello.cipherSuite !== SUITE) return fail('illegal_parameter', rejected.suite);
	if (!equal(hello.legacySessionIdEcho, offered.legacySessionId) && (hello.legacySessionIdEcho.length || offered.legacySessionId.length))
		return fail('illegal_parameter', rejected.sessionId);
	if (hello.legacyCompressionMethod !== 0) return fail('illegal_parameter', rejected.compression);
	const share = extension(hello.extensions, 'key_share_server')?.share;
	if (share?.group !== groupCodes[group]) return fail('illegal_parameter', rejected.group);
	const peer = await importPeerShare(group, share.keyExchange, crypto);
	if (!peer.ok) return fail('illegal_parameter', peer.error.message);
	return ok({ hello, bytes: wire.slice(5), peer: peer.value });
}

// ---- the certificate and its signature ----

/** The client's chain check (live mode): the demo CA is its trust anchor. */
export async function chainOutcome(
	chain: Uint8Array[],
	trustAnchors: Uint8Array[],
	serverName: string,
	now: Date,
	crypto: WebCrypto
): Promise<Outcome> {
	const verdict = await verifyServerChain({ chain, trustAnchors, serverName, now, crypto });
	if (!verdict.ok) return { ok: false, detail: verdict.error.message, alert: 'bad_certificate' };
	const { trusted, summary, failed } = verdict.value;
	return trusted || !failed ? { ok: true, detail: summary } : { ok: false, detail: summary, alert: certificateAlerts[failed.id] };
}

/** The client's CertificateVerify check, over the transcript hash up to the Certificate as the client saw it. */
export async function certificateVerifyOutcome(
	certificate: Uint8Array | undefined,
	algorithm: number,
	signature: Uint8Array,
	transcriptHash: Uint8Array,
	crypto: WebCrypto
): Promise<Outcome> {
	const t = stepTexts.checkCertificateVerify;
	if (!certificate) return { ok: false, detail: t.noCertificate, alert: 'bad_certificate' };
	const key = await certificatePublicKey(certificate, algorithm, crypto);
	if (!key.ok) return { ok: false, detail: key.error.message, alert: key.error.code === 'malformed-certificate' ? 'bad_certificate' : 'illegal_parameter' };
	const verified = await verifyCertificateVerify(key.value, transcriptHash, signature, algorithm, crypto);
	if (verified.ok) return { ok: true, detail: t.ok(verified.value.scheme) };
	const { code } = verified.error;
	const alert: AlertName = code === 'bad-signature' ? 'decrypt_error' : code === 'malformed-signature' ? 'decode_error' : 'illegal_parameter';
	return { ok: false, detail: verified.error.message, alert };
}
