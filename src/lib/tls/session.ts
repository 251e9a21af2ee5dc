/**
 * Both ends in the page: a scripted TLS 1.3 client and server that really compute every value with Web Crypto
 * (key shares, the RFC 8446 key schedule, AES-GCM records, the certificate and its CertificateVerify, both
 * Finished MACs), then carry an HTTP request and response, and hand the whole conversation to the page as steps.
 *
 * The two sides keep apart what each would keep apart on a real network: their own key pair, their own transcript,
 * their own copy of every secret. Nothing passes between them but the bytes of the records, so a byte flipped on
 * the way (tamper mode) fails exactly where it would fail between two real peers.
 */
import type { AnnotatedBytes } from '$lib/bytes/annotated';
import { fromHex, toHex } from '$lib/bytes/encoding';
import type { LocalizedText } from '$lib/i18n/locales';
import { createDemoPki, isDnsName, signCertificateVerify, type DemoPki, type SignatureSchemeName } from './certificates';
import { buildHandshake, newClientHello, type ClientHello, type HandshakeMessage } from './handshake';
import { finished, transcriptHash, type KeyStep } from './keyschedule';
import { ContentType, MAX_PLAINTEXT_LENGTH, type RecordKeys } from './record';
import * as rfc8448 from './rfc8448';
import {
	certificateVerifyOutcome,
	chainOutcome,
	equal,
	extension,
	HASH,
	must,
	readClientHello,
	readServerHello,
	SUITE,
	TLS13,
	type Outcome,
	type ReadHello
} from './session-checks';
import {
	applicationStage,
	ecdheCommand,
	generateEphemeral,
	groupCodes,
	handshakeStage,
	importX25519,
	privateKeyCommand,
	rfcKeys,
	secret,
	sharedSecret,
	type EphemeralKey,
	type PeerKey
} from './session-keys';
import { Script, annotateMessage, flightNames, rfcMessage, type HandshakeOptions, type Party, type SentRecord } from './session-script';
import { messageNames, runNotes, stepTexts } from './session-text';
import { annotateHttp, clearRecord, defaultRequest, httpResponse, type TamperTarget } from './session-wire';
import type { TlsRun, TlsSecretValue, TlsSide, TlsStep } from './steps';
import { concatBytes } from './webcrypto';
import { text } from './wire';

export type { HandshakeOptions, TamperTarget };
export { tamperTargets } from './session-script';

class Session extends Script {
	/** The client's own ClientHello, which it checks the ServerHello against. */
	private offered?: ClientHello;
	/** The server's read keys once the client's Finished is in: derived with its application keys, used after. */
	private pendingServerRead?: RecordKeys;
	/** How the server signs CertificateVerify: RFC 8448's RSA-PSS, the demo PKI's ECDSA, or RSA-PSS for a given RSA key. */
	private scheme: SignatureSchemeName = this.mode === 'rfc8448' ? 'rsa_pss_rsae_sha256' : 'ecdsa_secp256r1_sha256';

	// ---- the run ----

	async play(): Promise<TlsRun> {
		const pki = await this.setup();
		if (pki === undefined) return this.result();
		const hello = await this.clientHello();
		const read = await this.serverReadsHello(hello);
		if (!read) return this.result();
		const serverHello = await this.serverHello(read);
		if (!serverHello) return this.result();
		const flight = await this.serverFlight(read.sni, pki);
		if (!(await this.clientReadsHello(serverHello))) return this.result();
		if (!(await this.clientReadsFlight(flight, pki))) return this.result();
		const clientFinished = await this.clientFinished();
		if (!(await this.serverReadsFinished(clientFinished))) return this.result();
		await this.applicationData();
		return this.result();
	}

	/**
	 * The client's key pair (X25519, or P-256 where Web Crypto lacks it) and the server's demo PKI: null in RFC 8448
	 * mode (the RFC's own certificate is sent), undefined when the settings cannot be run.
	 */
	private async setup(): Promise<DemoPki | null | undefined> {
		// Nothing has been sent yet, so there is no connection to end with an alert.
		const refuse = (detail: LocalizedText) => {
			const t = stepTexts.badOptions;
			this.add({ id: 'check-settings', kind: 'check', side: 'client', ...t, check: { ok: false, what: t.what, detail } });
			this.failedAt = 'check-settings';
			return undefined;
		};
		if (this.o.request !== undefined && new TextEncoder().encode(this.o.request).length > MAX_PLAINTEXT_LENGTH) return refuse(stepTexts.requestTooLong);
		if (this.mode === 'rfc8448') {
			this.notes.push(runNotes.rfc, runNotes.rfcCertificate);
			if (this.o.serverName !== undefined && this.o.serverName !== 'server') this.notes.push(runNotes.rfcServerName(this.o.serverName));
			if (this.o.request !== undefined) this.notes.push(runNotes.rfcRequest);
			this.client.key = await importX25519(rfcKeys.client.privateKey, rfcKeys.client.publicKey, this.crypto);
			return null;
		}
		if (!isDnsName(this.serverName)) return refuse(stepTexts.badServerName(this.serverName));
		let key = await generateEphemeral('x25519', this.crypto);
		if (!key.ok) {
			key = await generateEphemeral('secp256r1', this.crypto);
			if (!key.ok) return refuse(key.error.message);
			this.group = 'secp256r1';
			this.notes.push(runNotes.fallback);
		}
		this.client.key = key.value;
		if (this.o.pki) {
			if (!this.o.pki.server.keys.privateKey.algorithm.name.startsWith('ECDSA')) this.scheme = 'rsa_pss_rsae_sha256';
			return this.o.pki;
		}
		const pki = await createDemoPki({ serverName: this.serverName, now: this.now, crypto: this.crypto });
		return pki.ok ? pki.value : refuse(pki.error.message);
	}

	private keyPairSecrets(key: EphemeralKey, who: TlsSide): TlsSecretValue[] {
		return [
			secret(`${who} private key (${key.group})`, key.privateKey, this.mode, rfcKeys[who].privateKey, privateKeyCommand(key)),
			secret(`${who} public key (key_share)`, key.publicKey, this.mode, rfcKeys[who].publicKey)
		];
	}

	private async clientHello(): Promise<Uint8Array> {
		const key = this.client.key!;
		this.add({ id: 'client-key-share', kind: 'compute', side: 'client', ...stepTexts.clientKeyShare(this.mode, key.group), secrets: this.keyPairSecrets(key, 'client') });
		const hello =
			this.mode === 'rfc8448'
				? (rfcMessage(rfc8448.messages.clientHello) as ClientHello)
				: newClientHello({
						random: this.random(32),
						serverName: this.serverName,
						keyShares: [{ group: groupCodes[key.group], keyExchange: key.publicKey }],
						// Offer only what this runtime can compute.
						groups: this.group === 'x25519' ? undefined : [groupCodes.secp256r1]
					});
		this.offered = hello;
		this.client.transcript.push({ name: 'ClientHello', bytes: buildHandshake(hello).bytes });
		// 0x0301 in the first record, as browsers and RFC 8448 send it, for old middleboxes.
		const wire = clearRecord([hello], 0x0301);
		const sni = extension(hello.extensions, 'server_name')?.hostNames[0];
		return this.post({ id: 'client-hello', kind: 'message', side: 'client', ...stepTexts.clientHello(this.mode), wire, eavesdropper: stepTexts.clientHelloEavesdropper(sni) }).bytes;
	}

	private async serverReadsHello(wire: Uint8Array): Promise<ReadHello | undefined> {
		const scheme = this.scheme;
		const read = await readClientHello(wire, scheme, this.crypto);
		const t = stepTexts.checkClientHello;
		const outcome: Outcome = read.ok ? { ok: true, detail: t.ok(read.value.group, scheme) } : { ok: false, detail: read.error.message, alert: read.error.code };
		if (!(await this.verdict(this.server, 'check-client-hello', t, t.what, outcome)) || !read.ok) return undefined;
		this.server.transcript.push({ name: 'ClientHello', bytes: read.value.bytes });
		return read.value;
	}

	/** The server's key pair, ServerHello, ECDHE and handshake secrets; returns the ServerHello as the client gets it. */
	private async serverHello(read: ReadHello): Promise<Uint8Array | undefined> {
		const s = this.server;
		const key =
			this.mode === 'rfc8448'
				? await importX25519(rfcKeys.server.privateKey, rfcKeys.server.publicKey, this.crypto)
				: must(await generateEphemeral(read.group, this.crypto)); // the client just made one in this group
		s.key = key;
		this.add({ id: 'server-key-share', kind: 'compute', side: 'server', ...stepTexts.serverKeyShare(this.mode, key.group), secrets: this.keyPairSecrets(key, 'server') });
		const hello: HandshakeMessage =
			this.mode === 'rfc8448'
				? rfcMessage(rfc8448.messages.serverHello)
				: {
						kind: 'server_hello',
						legacyVersion: 0x0303,
						random: this.random(32),
						legacySessionIdEcho: read.hello.legacySessionId,
						cipherSuite: SUITE,
						legacyCompressionMethod: 0,
						extensions: [
							{ kind: 'key_share_server', share: { group: groupCodes[key.group], keyExchange: key.publicKey } },
							{ kind: 'selected_version', version: TLS13 }
						]
					};
		s.transcript.push({ name: 'ServerHello', bytes: buildHandshake(hello).bytes });
		const delivered = this.post({
			id: 'server-hello',
			kind: 'message',
			side: 'server',
			...stepTexts.serverHello(this.mode),
			wire: clearRecord([hello]),
			eavesdropper: stepTexts.serverHelloEavesdropper
		});
		if (!(await this.ecdhe(s, read.peer))) return undefined;
		const nodes = await this.deriveHandshake(s);
		this.add({ id: 'handshake-secrets', kind: 'compute', side: 'server', ...stepTexts.handshakeSecrets('server'), secrets: this.secrets(nodes), keySchedule: nodes });
		return delivered.bytes;
	}

	private async ecdhe(p: Party, peer: PeerKey): Promise<boolean> {
		const own = p.key!;
		const derived = await sharedSecret(own, peer, this.crypto);
		if (!derived.ok) {
			const what = text('key share', '密钥共享');
			return this.verdict(p, p.side === 'server' ? 'check-client-key-share' : 'check-server-key-share', { title: what, explanation: derived.error.message }, what, { ok: false, detail: derived.error.message, alert: 'illegal_parameter' });
		}
		p.sharedSecret = derived.value;
		const peerName = p.side === 'server' ? 'client' : 'server';
		const command = ecdheCommand(own, p.side, peer, peerName);
		this.add({
			id: p.side === 'server' ? 'ecdhe' : 'client-ecdhe',
			kind: 'compute',
			side: p.side,
			...stepTexts.ecdhe(p.side, own.group),
			secrets: [secret('(EC)DHE shared secret', derived.value, this.mode, rfcKeys.sharedSecret, command)]
		});
		return true;
	}

	/** The handshake stage on one side's own transcript and shared secret; the side starts using its record keys. */
	private async deriveHandshake(p: Party): Promise<KeyStep[]> {
		const stage = await handshakeStage(p.sharedSecret!, await this.hashNode('transcript-server-hello', p), this.crypto);
		p.helloHash = stage.nodes[0]!.output;
		p.serverHandshakeSecret = stage.serverSecret;
		p.clientHandshakeSecret = stage.clientSecret;
		const [own, peer] = p.side === 'server' ? [stage.server, stage.client] : [stage.client, stage.server];
		const other = p.side === 'server' ? 'client' : 'server';
		p.write = { keys: own, seq: 0, name: `${p.side} handshake` };
		p.read = { keys: peer, seq: 0, name: `${other} handshake` };
		return stage.nodes;
	}

	private deriveApplication(p: Party, serverFinishedHash: KeyStep, clientFinishedHash?: KeyStep) {
		return applicationStage(p.sharedSecret!, p.helloHash!, serverFinishedHash.output, clientFinishedHash?.output, this.crypto);
	}

	/** EncryptedExtensions, Certificate, CertificateVerify, Finished: one record each (live), or one for all (RFC 8448). */
	private async serverFlight(sni: string | undefined, pki: DemoPki | null): Promise<SentRecord[]> {
		const s = this.server;
		const out: { id: string; bytes: Uint8Array; plaintext: AnnotatedBytes; extra: Partial<TlsStep> }[] = [];
		const add = (id: string, name: string, message: HandshakeMessage, extra: Partial<TlsStep> = {}) => {
			const built = buildHandshake(message);
			const bytes = this.altered(id, built.bytes);
			s.transcript.push({ name, bytes });
			out.push({ id, bytes, plaintext: annotateMessage(bytes, built), extra });
		};
		const live = pki !== null;
		add(
			'encrypted-extensions',
			'EncryptedExtensions',
			live ? { kind: 'encrypted_extensions', extensions: sni ? [{ kind: 'server_name', hostNames: [] }] : [] } : rfcMessage(rfc8448.messages.encryptedExtensions)
		);
		add(
			'certificate',
			'Certificate',
			live
				? { kind: 'certificate', certificateRequestContext: new Uint8Array(0), certificateList: pki.chain.map((certData) => ({ certData, extensions: [] })) }
				: rfcMessage(rfc8448.messages.certificate)
		);
		const certificateHash = await this.hashNode('transcript-certificate', s);
		let verify: HandshakeMessage;
		if (live) {
			const signed = must(await signCertificateVerify(pki.server.keys.privateKey, certificateHash.output, this.crypto));
			verify = { kind: 'certificate_verify', algorithm: signed.algorithm, signature: signed.signature };
		} else verify = rfcMessage(rfc8448.messages.certificateVerify);
		add('certificate-verify', 'CertificateVerify', verify, { keySchedule: [certificateHash] });
		const verifyHash = await this.hashNode('transcript-certificate-verify', s);
		const fin = await finished(s.serverHandshakeSecret!, verifyHash.output, HASH, { id: 'server-finished', from: 'server-handshake-traffic', crypto: this.crypto });
		add('server-finished', 'Finished (server)', { kind: 'finished', verifyData: fin.verifyData }, { keySchedule: [verifyHash, ...fin.steps], secrets: this.secrets(fin.steps) });

		const records: SentRecord[] = [];
		for (const group of live ? out.map((m) => [m]) : [out]) {
			const sealed = await this.seal(s, group.map((m) => m.id), ContentType.handshake, concatBytes(...group.map((m) => m.bytes)));
			for (const [i, m] of group.entries()) {
				const t = stepTexts.serverMessage(m.id, this.mode, this.serverName);
				const step: TlsStep = { id: m.id, kind: 'message', side: 'server', ...t, plaintext: m.plaintext, ...m.extra };
				if (i > 0) {
					this.add({ ...step, eavesdropper: stepTexts.insideFlight });
					continue;
				}
				const about = group.length > 1 ? messageNames.flight! : messageNames[m.id]!;
				const eavesdropper = stepTexts.protectedEavesdropper(sealed.record.length, about);
				records.push({ ids: sealed.ids, keys: sealed.keys, ...this.post({ ...step, wire: sealed.view, eavesdropper }) });
			}
		}

		// The server can derive its application keys now, and could already send (0.5-RTT data).
		const finishedHash = await this.hashNode('transcript-server-finished', s);
		const app = await this.deriveApplication(s, finishedHash);
		this.add({ id: 'application-secrets', kind: 'compute', side: 'server', ...stepTexts.applicationSecrets('server'), secrets: this.secrets(app.nodes), keySchedule: [finishedHash, ...app.nodes] });
		s.write = { keys: app.server, seq: 0, name: 'server application' };
		this.pendingServerRead = app.client;
		return records;
	}

	private async clientReadsHello(wire: Uint8Array): Promise<boolean> {
		const c = this.client;
		const read = await readServerHello(wire, this.offered!, c.key!.group, this.crypto);
		const t = stepTexts.checkServerHello;
		const outcome: Outcome = read.ok ? { ok: true, detail: t.ok } : { ok: false, detail: read.error.message, alert: read.error.code };
		if (!(await this.verdict(c, 'check-server-hello', t, t.what, outcome)) || !read.ok) return false;
		c.transcript.push({ name: 'ServerHello', bytes: read.value.bytes });
		if (!(await this.ecdhe(c, read.value.peer))) return false;
		const nodes = await this.deriveHandshake(c);
		// The graph shows the server's derivation; the client's values are the same and stand beside it as secrets.
		this.add({ id: 'client-handshake-secrets', kind: 'compute', side: 'client', ...stepTexts.handshakeSecrets('client'), secrets: this.secrets(nodes) });
		return true;
	}

	private async clientReadsFlight(records: SentRecord[], pki: DemoPki | null): Promise<boolean> {
		const c = this.client;
		const queue: HandshakeMessage['kind'][] = ['encrypted_extensions', 'certificate', 'certificate_verify', 'finished'];
		let certificate: Uint8Array | undefined;
		for (const record of records) {
			const opened = await this.open(c, record, { type: ContentType.handshake, queue });
			if (!opened) return false;
			for (const { message, bytes } of opened.messages) {
				if (message.kind === 'certificate') {
					certificate = message.certificateList[0]?.certData;
					if (pki && !(await this.checkCertificate(message.certificateList.map((e) => e.certData), pki))) return false;
				}
				if (message.kind === 'certificate_verify' && !(await this.checkCertificateVerify(certificate, message.algorithm, message.signature))) return false;
				if (message.kind === 'finished' && !(await this.checkFinished(c, message.verifyData))) return false;
				c.transcript.push({ name: flightNames[message.kind] ?? message.kind, bytes });
			}
		}
		return true;
	}

	private async checkCertificate(chain: Uint8Array[], pki: DemoPki): Promise<boolean> {
		const t = stepTexts.checkCertificate;
		const outcome = await chainOutcome(chain, pki.trustAnchors, this.serverName, this.now, this.crypto);
		return this.verdict(this.client, 'check-certificate', t, t.what, outcome);
	}

	private async checkCertificateVerify(certificate: Uint8Array | undefined, algorithm: number, signature: Uint8Array): Promise<boolean> {
		const t = stepTexts.checkCertificateVerify;
		const hash = await transcriptHash(this.client.transcript.map((m) => m.bytes), HASH, this.crypto);
		const outcome = await certificateVerifyOutcome(certificate, algorithm, signature, hash, this.crypto);
		return this.verdict(this.client, 'check-certificate-verify', t, t.what, outcome);
	}

	/** The checker computes the peer's verify_data from its own transcript and keys, and compares. */
	private async checkFinished(checker: Party, received: Uint8Array): Promise<boolean> {
		const peer = checker.side === 'client' ? 'server' : 'client';
		const base = peer === 'server' ? checker.serverHandshakeSecret! : checker.clientHandshakeSecret!;
		const hash = await transcriptHash(checker.transcript.map((m) => m.bytes), HASH, this.crypto);
		const expected = await finished(base, hash, HASH, { id: `${peer}-finished`, from: `${peer}-handshake-traffic`, crypto: this.crypto });
		const t = stepTexts.checkFinished(checker.side);
		const outcome: Outcome = equal(expected.verifyData, received)
			? { ok: true, detail: stepTexts.finishedOk }
			: { ok: false, detail: stepTexts.finishedBad(toHex(expected.verifyData), toHex(received)), alert: 'decrypt_error' };
		return this.verdict(checker, `check-${peer}-finished`, t, t.what, outcome, { secrets: this.secrets(expected.steps) });
	}

	private async clientFinished(): Promise<SentRecord> {
		const c = this.client;
		const finishedHash = await this.hashNode('transcript-server-finished', c);
		const fin = await finished(c.clientHandshakeSecret!, finishedHash.output, HASH, { id: 'client-finished', from: 'client-handshake-traffic', crypto: this.crypto });
		const built = buildHandshake({ kind: 'finished', verifyData: fin.verifyData });
		const bytes = this.altered('client-finished', built.bytes);
		c.transcript.push({ name: 'Finished (client)', bytes });
		const sent = await this.send(c, 'client-finished', stepTexts.clientFinished(this.mode), ContentType.handshake, bytes, annotateMessage(bytes, built), {
			secrets: this.secrets(fin.steps),
			keySchedule: fin.steps
		});
		const clientFinishedHash = await this.hashNode('transcript-client-finished', c);
		const app = await this.deriveApplication(c, finishedHash, clientFinishedHash);
		const resumption = app.nodes.filter((n) => n.id === 'resumption-master');
		this.add({
			id: 'client-application-secrets',
			kind: 'compute',
			side: 'client',
			...stepTexts.applicationSecrets('client'),
			secrets: this.secrets(app.nodes),
			// The server's step already shows the shared nodes; only the client has the resumption secret.
			keySchedule: [clientFinishedHash, ...resumption]
		});
		c.write = { keys: app.client, seq: 0, name: 'client application' };
		c.read = { keys: app.server, seq: 0, name: 'server application' };
		return sent;
	}

	private async serverReadsFinished(record: SentRecord): Promise<boolean> {
		const s = this.server;
		const opened = await this.open(s, record, { type: ContentType.handshake, queue: ['finished'] });
		const message = opened?.messages[0];
		if (!message || message.message.kind !== 'finished') return false;
		if (!(await this.checkFinished(s, message.message.verifyData))) return false;
		s.transcript.push({ name: 'Finished (client)', bytes: message.bytes });
		s.read = { keys: this.pendingServerRead, seq: 0, name: 'client application' };
		return true;
	}

	/** RFC 8448's ticket (so that the records match the RFC's), then the request and the response. */
	private async applicationData(): Promise<void> {
		const [c, s] = [this.client, this.server];
		if (this.mode === 'rfc8448') {
			const built = buildHandshake(rfcMessage(rfc8448.messages.newSessionTicket));
			const bytes = this.altered('new-session-ticket', built.bytes);
			const ticket = await this.send(s, 'new-session-ticket', stepTexts.newSessionTicket, ContentType.handshake, bytes, annotateMessage(bytes, built));
			if (!(await this.open(c, ticket, { type: ContentType.handshake, queue: ['new_session_ticket'] }))) return;
		}
		const rfcData = this.mode === 'rfc8448' && this.o.request === undefined;
		const request = this.altered(
			'request',
			rfcData ? fromHex(rfc8448.applicationData) : new TextEncoder().encode(this.o.request ?? defaultRequest(this.serverName))
		);
		const sentRequest = await this.send(c, 'request', stepTexts.request(rfcData), ContentType.applicationData, request, annotateHttp(request));
		const received = await this.open(s, sentRequest, { type: ContentType.applicationData });
		if (!received) return;
		const response = this.altered('response', rfcData ? fromHex(rfc8448.applicationData) : httpResponse(received.content, this.now));
		const sentResponse = await this.send(s, 'response', stepTexts.response(rfcData), ContentType.applicationData, response, annotateHttp(response));
		await this.open(c, sentResponse, { type: ContentType.applicationData });
	}
}

/**
 * Runs a whole TLS 1.3 handshake and one request/response between a scripted client and server, in this
 * runtime's Web Crypto, and returns every step. It never rejects for a protocol failure: a failed check ends
 * the run with `ok: false` and `failedAt`; settings it cannot run with (a server name no certificate can hold,
 * a request longer than a record) end it at a `check-settings` step. Only an impossible tamper target throws.
 *
 * Where a flipped byte fails (what really happens, asserted in tests/unit/tls/session.spec.ts):
 * - any byte of a protected record on the wire: the receiver's AEAD check on that record (`decrypt-<step>`,
 *   bad_record_mac; a flipped header byte may fail as unexpected_message or decode_error instead);
 * - a byte of ClientHello or ServerHello that still parses and passes the hello checks (a random, SNI, a key
 *   share): the two sides now hash different transcripts, or compute different shared secrets, so their handshake
 *   keys differ and the client cannot open the server's very first encrypted record: `decrypt-encrypted-extensions`.
 *   The Finished check is never reached; it would catch what the AEAD check cannot (same keys, other transcript);
 * - a hello byte that breaks its structure or its choices: `check-client-hello` / `check-server-hello`;
 * - a byte inside a protected message, changed by its sender before encrypting (`target: 'plaintext'`): the record
 *   opens, and the check of that message fails (`check-certificate-verify`, `check-server-finished`…).
 */
export function runHandshake(options: HandshakeOptions): Promise<TlsRun> {
	return new Session(options).play();
}
