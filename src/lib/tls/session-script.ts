/**
 * The stage a scripted run (session.ts) plays on: the two parties and what each holds, and the moves every
 * step is made of. A message is posted (and flipped on the way in a tamper run), a record is sealed and opened,
 * and a check either passes or ends the run with the alert the checking side sends.
 */
import type { AnnotatedBytes } from '$lib/bytes/annotated';
import type { DemoPki } from './certificates';
import { fromHex } from '$lib/bytes/encoding';
import type { LocalizedText } from '$lib/i18n/locales';
import { buildHandshake, parseHandshake, parseHandshakeMessages, type HandshakeMessage } from './handshake';
import { transcriptHashStep, type KeyStep } from './keyschedule';
import { ContentType, protectRecord, unprotectRecord, type RecordKeys } from './record';
import { CIPHER, equal, HASH, must, recordAlerts, type Outcome } from './session-checks';
import { secretsOf, type EphemeralKey, type GroupName } from './session-keys';
import { join, messageNames, stepTexts, type StepText } from './session-text';
import {
	alertBody,
	alertCodes,
	annotateHttp,
	clearAlert,
	flipByte,
	protectedRecordView,
	reannotate,
	tamperNote,
	type AlertName,
	type TamperTarget
} from './session-wire';
import type { TlsMode, TlsRun, TlsSecretValue, TlsSide, TlsStep } from './steps';
import type { WebCrypto } from './webcrypto';
import { text } from './wire';

export interface HandshakeOptions {
	mode: TlsMode;
	/** Live: the name the client asks for and the demo certificate names (default `wirewalk.example`). RFC 8448: always `server`. */
	serverName?: string;
	/** An HTTP/1.1 GET, CRLF line ends. Default: a GET / for the server name (live), RFC 8448's 50 test bytes (rfc8448). */
	request?: string;
	crypto?: WebCrypto;
	now?: () => Date;
	/** Randoms of the hellos (live). Default: crypto.getRandomValues. Key pairs always come from Web Crypto. */
	random?: (length: number) => Uint8Array;
	/**
	 * Live: the server's certificate and keys (default: a fresh ECDSA P-256 demo PKI). The comparison passes the RSA
	 * server of tls12.ts, so one long-term key serves TLS 1.2 and 1.3 alike; CertificateVerify then uses RSA-PSS.
	 */
	pki?: DemoPki;
	/** Flip a byte and watch the receiver fail. A target that does not exist in this mode is a mistake and throws. */
	tamper?: TamperTarget;
}

/** Which message steps can be tampered with, on the wire and (for protected ones) in the sender's plaintext. */
export const tamperTargets = {
	live: {
		wire: ['client-hello', 'server-hello', 'encrypted-extensions', 'certificate', 'certificate-verify', 'server-finished', 'client-finished', 'request', 'response'],
		plaintext: ['encrypted-extensions', 'certificate', 'certificate-verify', 'server-finished', 'client-finished', 'request', 'response']
	},
	// RFC 8448 sends the server's four messages in one record, which belongs to the first step.
	rfc8448: {
		wire: ['client-hello', 'server-hello', 'encrypted-extensions', 'client-finished', 'new-session-ticket', 'request', 'response'],
		plaintext: ['encrypted-extensions', 'certificate', 'certificate-verify', 'server-finished', 'client-finished', 'new-session-ticket', 'request', 'response']
	}
} as const satisfies Record<TlsMode, { wire: readonly string[]; plaintext: readonly string[] }>;

export interface Direction {
	keys?: RecordKeys;
	seq: number;
	/** Whose keys these are, as the texts say it: `server handshake`, `client application`… */
	name: string;
}

/** One side: what it has seen and what it has derived, never shared with the other except through records. */
export interface Party {
	side: TlsSide;
	transcript: { name: string; bytes: Uint8Array }[];
	write: Direction;
	read: Direction;
	key?: EphemeralKey;
	sharedSecret?: Uint8Array;
	helloHash?: Uint8Array;
	clientHandshakeSecret?: Uint8Array;
	serverHandshakeSecret?: Uint8Array;
}

/** A record as it arrived, with what the diagnosis of a failed tag compares. */
export interface SentRecord {
	/** The message steps whose messages it carries; the first owns its wire bytes. */
	ids: string[];
	bytes: Uint8Array;
	keys: RecordKeys;
	tamperedAt?: number;
}

export interface Opened {
	content: Uint8Array;
	messages: { message: HandshakeMessage; bytes: Uint8Array }[];
}

/** The server's flight, as the client's transcript names its messages. */
export const flightNames: Partial<Record<HandshakeMessage['kind'], string>> = {
	encrypted_extensions: 'EncryptedExtensions',
	certificate: 'Certificate',
	certificate_verify: 'CertificateVerify',
	finished: 'Finished (server)'
};

const party = (side: TlsSide): Party => ({ side, transcript: [], write: { seq: 0, name: '' }, read: { seq: 0, name: '' } });

export function rfcMessage(hex: string): HandshakeMessage {
	return must(parseHandshake(fromHex(hex))).message;
}

/** Annotations for a message's bytes, read again if the sender changed them (plaintext tamper). */
export function annotateMessage(bytes: Uint8Array, built: AnnotatedBytes): AnnotatedBytes {
	if (bytes === built.bytes) return built;
	const parsed = parseHandshake(bytes);
	return parsed.ok ? parsed.value.annotated : { bytes, sections: built.sections };
}

export class Script {
	readonly steps: TlsStep[] = [];
	readonly notes: LocalizedText[] = [];
	failedAt?: string;
	group: GroupName = 'x25519';
	readonly client = party('client');
	readonly server = party('server');
	private readonly tamperNotes = new Map<string, (title: LocalizedText) => LocalizedText>();
	protected readonly crypto: WebCrypto;
	protected readonly mode: TlsMode;
	readonly serverName: string;

	constructor(protected readonly o: HandshakeOptions) {
		this.mode = o.mode;
		this.crypto = o.crypto ?? globalThis.crypto;
		this.serverName = o.mode === 'rfc8448' ? 'server' : (o.serverName ?? 'wirewalk.example').replace(/\.$/, '');
		const t = o.tamper;
		const allowed: readonly string[] | undefined = t && tamperTargets[o.mode][t.target ?? 'wire'];
		if (t && !allowed?.includes(t.stepId))
			throw new RangeError(`tamper: no ${t.target ?? 'wire'} bytes to flip at step “${t.stepId}” in ${o.mode} mode`);
	}

	protected get now(): Date {
		return (this.o.now ?? (() => new Date()))();
	}

	protected random(length: number): Uint8Array {
		return this.o.random ? this.o.random(length) : globalThis.crypto.getRandomValues(new Uint8Array(length));
	}

	result(): TlsRun {
		const run: TlsRun = {
			mode: this.mode,
			group: this.group,
			cipherSuite: CIPHER,
			serverName: this.serverName,
			steps: this.steps,
			notes: this.notes,
			ok: this.failedAt === undefined
		};
		if (this.failedAt !== undefined) run.failedAt = this.failedAt;
		return run;
	}

	// ---- steps, checks, alerts, tamper ----

	protected add(step: TlsStep): void {
		const note = this.tamperNotes.get(step.id)?.(step.title);
		if (note) this.notes.push(note);
		this.steps.push(note ? { ...step, explanation: join(step.explanation, note) } : step);
	}

	/** A check step; a failed one ends the run with the alert the checking side sends. */
	protected async verdict(p: Party, id: string, t: StepText, what: LocalizedText, outcome: Outcome, extra: Partial<TlsStep> = {}): Promise<boolean> {
		this.add({ id, kind: 'check', side: p.side, ...t, ...extra, check: { ok: outcome.ok, what, detail: outcome.detail } });
		if (outcome.ok) return true;
		this.failedAt = id;
		const body = alertBody(outcome.alert);
		const keys = p.write.keys;
		const texts = stepTexts.alert(p.side, outcome.alert, alertCodes[outcome.alert], !!keys);
		const step: TlsStep = { id: 'alert', kind: 'message', side: p.side, title: texts.title, explanation: texts.explanation, eavesdropper: texts.eavesdropper };
		if (keys) {
			// After its handshake keys exist a side encrypts everything it sends, alerts included.
			const sealed = must(await protectRecord(keys, p.write.seq++, ContentType.alert, body.bytes, { crypto: this.crypto }));
			this.add({ ...step, wire: protectedRecordView(sealed.record), plaintext: body });
		} else this.add({ ...step, wire: clearAlert(outcome.alert) });
		return false;
	}

	/** The receiver gets the bytes of a message step's wire, flipped first if this is the tamper target. */
	protected post(step: TlsStep & { wire: AnnotatedBytes }): { bytes: Uint8Array; tamperedAt?: number } {
		const t = this.o.tamper;
		if (!t || t.stepId !== step.id || (t.target ?? 'wire') !== 'wire') {
			this.add(step);
			return { bytes: step.wire.bytes };
		}
		const bytes = flipByte(step.wire.bytes, t.byteIndex);
		const [before, after] = [step.wire.bytes[t.byteIndex]!, bytes[t.byteIndex]!];
		this.tamperNotes.set(step.id, (title) => tamperNote(title, 'wire', t.byteIndex, before, after));
		this.add({ ...step, wire: reannotate(bytes, step.wire) });
		return { bytes, tamperedAt: t.byteIndex };
	}

	/** The bytes a sender puts inside a protected record, flipped by the sender itself if this is the plaintext target. */
	protected altered(id: string, bytes: Uint8Array): Uint8Array {
		const t = this.o.tamper;
		if (!t || t.stepId !== id || t.target !== 'plaintext') return bytes;
		const changed = flipByte(bytes, t.byteIndex);
		const [before, after] = [bytes[t.byteIndex]!, changed[t.byteIndex]!];
		this.tamperNotes.set(id, (title) => tamperNote(title, 'plaintext', t.byteIndex, before, after));
		return changed;
	}

	protected async seal(writer: Party, ids: string[], type: number, content: Uint8Array): Promise<{ record: Uint8Array; keys: RecordKeys; view: AnnotatedBytes; ids: string[] }> {
		const keys = writer.write.keys!;
		const sealed = must(await protectRecord(keys, writer.write.seq++, type, content, { crypto: this.crypto }));
		return { record: sealed.record, keys, view: protectedRecordView(sealed.record), ids };
	}

	/** Sends one protected record as a message step, and returns it as the receiver gets it. */
	protected async send(writer: Party, id: string, t: StepText, type: number, content: Uint8Array, plaintext: AnnotatedBytes, extra: Partial<TlsStep> = {}): Promise<SentRecord> {
		const sealed = await this.seal(writer, [id], type, content);
		const eavesdropper = stepTexts.protectedEavesdropper(sealed.record.length, messageNames[id]!);
		const delivered = this.post({ id, kind: 'message', side: writer.side, ...t, wire: sealed.view, plaintext, eavesdropper, ...extra });
		return { ids: [id], keys: sealed.keys, ...delivered };
	}

	protected hashNode(id: string, p: Party): Promise<KeyStep> {
		return transcriptHashStep(id, p.transcript, HASH, this.crypto);
	}

	protected secrets(nodes: readonly KeyStep[]): TlsSecretValue[] {
		return secretsOf(nodes, this.mode, HASH);
	}

	/** Decrypts one record: the tag, the real content type, and (handshake) the messages that must come next. */
	protected async open(reader: Party, record: SentRecord, expect: { type: 23 } | { type: 22; queue: HandshakeMessage['kind'][] }): Promise<Opened | undefined> {
		const id = `decrypt-${record.ids[0]}`;
		const { keys, name } = reader.read;
		const seq = reader.read.seq++;
		const t = stepTexts.decrypt(reader.side, messageNames[record.ids[0]!]!, name, seq, record.ids.length > 1);
		const what = stepTexts.aead.what;
		const opened = await unprotectRecord(keys!, seq, record.bytes, { crypto: this.crypto });
		if (!opened.ok) {
			const why = opened.error.code === 'bad-tag' ? this.tagDiagnosis(reader, record) : undefined;
			const detail = why ? join(opened.error.message, why) : opened.error.message;
			await this.verdict(reader, id, t, what, { ok: false, detail, alert: recordAlerts[opened.error.code] });
			return undefined;
		}
		const { content, contentType } = opened.value;
		const failWith = (detail: LocalizedText, alert: AlertName) => this.verdict(reader, id, t, what, { ok: false, detail, alert }).then(() => undefined);
		if (contentType !== expect.type) return failWith(stepTexts.aead.wrongType(contentType, expect.type), 'unexpected_message');
		if (expect.type === ContentType.applicationData) {
			const holds = text(`${content.length} bytes of application data`, ` ${content.length} 字节的应用数据`);
			await this.verdict(reader, id, t, what, { ok: true, detail: stepTexts.aead.ok(name, holds) }, { plaintext: annotateHttp(content) });
			return { content, messages: [] };
		}
		const parsed = parseHandshakeMessages(content);
		if (!parsed.ok) return failWith(stepTexts.rejected.decode(parsed.error.message), 'decode_error');
		for (const message of parsed.value.messages) {
			const next = expect.queue.shift();
			if (message.kind !== next) return failWith(stepTexts.aead.unexpected(message.kind, next ?? 'nothing'), 'unexpected_message');
		}
		const kinds = parsed.value.messages.map((m) => m.kind).join(', ');
		await this.verdict(reader, id, t, what, { ok: true, detail: stepTexts.aead.ok(name, text(kinds, kinds)) }, { plaintext: parsed.value.annotated });
		return { content, messages: parsed.value.messages.map((message) => ({ message, bytes: buildHandshake(message).bytes })) };
	}

	/** Why a tag failed, which the page can tell because it holds both ends: a changed record, or different keys. */
	protected tagDiagnosis(reader: Party, record: SentRecord): LocalizedText | undefined {
		if (record.tamperedAt !== undefined) return stepTexts.aead.tamperedHere(record.tamperedAt);
		const keys = reader.read.keys;
		if (keys && equal(keys.key, record.keys.key) && equal(keys.iv, record.keys.iv)) return undefined;
		const writer = reader.side === 'client' ? this.server : this.client;
		return stepTexts.aead.keysDiffer(equal(reader.sharedSecret, writer.sharedSecret) ? 'transcript' : 'shared-secret');
	}
}
