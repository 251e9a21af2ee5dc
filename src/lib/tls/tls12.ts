/**
 * TLS 1.2, both ends in the page, for the comparison the common notes need: RSA key transport (the client picks
 * the PreMasterSecret and encrypts it to the server's RSA key: PKCS#1 v1.5 by hand in rsa.ts) and ECDHE_RSA (a
 * one-time key exchange signed by the server's RSA key). Real wire format, the TLS 1.2 PRF, AES-128-GCM records,
 * both Finished checks, then one HTTP request and response, so the recorded bytes can be replayed by the
 * forward-secrecy demo (forward-secrecy.ts) and opened in Wireshark.
 *
 * The two sides keep apart what they would keep apart on a network, as in session.ts. TLS 1.3 itself lives in
 * session.ts; this module only exists to show what TLS 1.3 changed.
 */
import type { AnnotatedBytes } from '$lib/bytes/annotated';
import { equalBytes, toHex } from '$lib/bytes/encoding';
import { fail, ok, type Result } from '$lib/errors';
import type { LocalizedText } from '$lib/i18n/locales';
import { createDemoPki, isDnsName, type DemoPki } from './certificates';
import { parseHandshake, writeHandshake, type ClientHello, type HandshakeMessage } from './handshake';
import { openTls12Record, sealTls12Record, tls12KeyBlock, tls12MasterSecret, tls12VerifyData, type Tls12Keys } from './prf';
import { ContentType } from './record';
import { isPrivateKey, rsaDecryptPkcs1, rsaEncryptPkcs1, rsaKeyFromJwk, type RsaPrivateKey, type RsaPublicKey } from './rsa';
import { chainOutcome, type Outcome } from './session-checks';
import { generateEphemeral, groupCodes, importPeerShare, sharedSecret, type EphemeralKey, type GroupName } from './session-keys';
import { annotateHttp, defaultRequest, httpResponse } from './session-wire';
import type { TlsSecretValue, TlsSide, TlsStep } from './steps';
import { bufferSource, concatBytes, type WebCrypto } from './webcrypto';
import {
	AnnotatedWriter,
	byteCount,
	cipherSuiteNames,
	contentTypeNames,
	handshakeTypeNames,
	namedGroupNames,
	protocolVersionNames,
	readWire,
	showCode,
	showNumber,
	signatureSchemeNames,
	text,
	type FieldText,
	type WireReader
} from './wire';

export type KeyExchange12 = 'rsa' | 'ecdhe';

/** The two suites compared: the same AES-128-GCM records and SHA-256 PRF, only the key exchange differs. */
export const tls12Suites = {
	rsa: 0x009c, // TLS_RSA_WITH_AES_128_GCM_SHA256 (RFC 5288)
	ecdhe: 0xc02f // TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (RFC 5289)
} as const satisfies Record<KeyExchange12, number>;

const TLS12 = 0x0303;
const RSA_PKCS1_SHA256 = 0x0401;
const RSASSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

// ---------------------------------------------------------------------------------------------------------
// The server's long-term identity: one RSA key for every protocol in the comparison

/**
 * One RSA-2048 key and its certificate (from a fresh demo CA), usable three ways, as a real server's key is:
 * to decrypt the PreMasterSecret (TLS 1.2 RSA), to sign ServerKeyExchange (TLS 1.2 ECDHE, RSASSA-PKCS1-v1_5) and
 * to sign CertificateVerify (TLS 1.3, RSA-PSS). The private key is exportable: the forward-secrecy demo hands it
 * to the attacker.
 */
export interface RsaServer {
	serverName: string;
	/** The demo PKI; `server.keys` is the RSA-PSS pair TLS 1.3's CertificateVerify signs with. */
	pki: DemoPki;
	/** The same private key as RSASSA-PKCS1-v1_5, for TLS 1.2's ServerKeyExchange signature. */
	pkcs1SigningKey: CryptoKey;
	/** The same private key as a JWK: what leaks in the forward-secrecy demo. */
	privateJwk: JsonWebKey;
	privateKey: RsaPrivateKey;
}

export async function createRsaServer(options: { serverName?: string; now?: Date; crypto?: WebCrypto } = {}): Promise<Result<RsaServer>> {
	const { crypto = globalThis.crypto } = options;
	const serverName = (options.serverName ?? 'wirewalk.example').replace(/\.$/, '');
	if (!isDnsName(serverName)) return fail('bad-server-name', messages.badServerName(serverName));
	const generated = (await crypto.subtle.generateKey(
		{ ...RSASSA, modulusLength: 2048, publicExponent: Uint8Array.of(1, 0, 1) },
		true,
		['sign', 'verify']
	)) as CryptoKeyPair;
	const privateJwk = await crypto.subtle.exportKey('jwk', generated.privateKey);
	const publicJwk = await crypto.subtle.exportKey('jwk', generated.publicKey);
	const pss = { name: 'RSA-PSS', hash: 'SHA-256' } as const;
	// Web Crypto binds a key to one algorithm; the same numbers imported again serve the other signature scheme.
	const strip = ({ alg: _alg, key_ops: _ops, ...jwk }: JsonWebKey) => jwk;
	const pssKeys: CryptoKeyPair = {
		privateKey: await crypto.subtle.importKey('jwk', strip(privateJwk), pss, false, ['sign']),
		publicKey: await crypto.subtle.importKey('jwk', strip(publicJwk), pss, true, ['verify'])
	};
	const pki = await createDemoPki({ serverName, now: options.now, crypto, serverKeys: pssKeys });
	if (!pki.ok) return pki;
	const key = rsaKeyFromJwk(privateJwk);
	if (!key.ok || !isPrivateKey(key.value)) return fail('bad-key', messages.badKey);
	return ok({ serverName, pki: pki.value, pkcs1SigningKey: generated.privateKey, privateJwk, privateKey: key.value });
}

// ---------------------------------------------------------------------------------------------------------
// Wire format of the TLS 1.2-only messages

const F = {
	contentType: { label: text('content type', '内容类型'), explanation: text('What the record carries. In TLS 1.2 it stays in clear even when the content is encrypted.', '记录装的是什么。在 TLS 1.2 中，即使内容已加密，它也以明文出现。') },
	recordVersion: { label: text('version', '版本'), explanation: text('0x0303 is TLS 1.2.', '0x0303 即 TLS 1.2。') },
	fragment: { label: text('fragment', '分片'), explanation: text('The record’s content.', '记录的内容。') },
	msgBody: { label: text('message body', '消息体'), explanation: text('The handshake message after its 4-byte header.', '4 字节头部之后的握手消息。') },
	certificateList: { label: text('certificate_list', 'certificate_list（证书列表）'), explanation: text('The server’s certificate first, then the ones that certify it. Unlike TLS 1.3, no per-certificate extensions, and all of it in clear.', '服务器自己的证书在前，然后是为它签发的证书。和 TLS 1.3 不同：没有逐证书扩展，而且全部是明文。') },
	certData: { label: text('ASN.1Cert', 'ASN.1Cert（证书）'), explanation: text('One X.509 certificate, DER-encoded. A passive observer reads it, and with it the site’s name.', '一张 DER 编码的 X.509 证书。被动窃听者能读到它，也就知道了网站的名字。') },
	curveType: { label: text('curve_type', 'curve_type（曲线类型）'), explanation: text('3 = named_curve: the group is named by its code.', '3 = named_curve：用代码指明曲线。') },
	namedCurve: { label: text('named curve', '命名曲线'), explanation: text('The group of the one-time key exchange.', '一次性密钥交换所用的曲线。') },
	serverPoint: { label: text('server’s ephemeral public key', '服务器的临时公钥'), explanation: text('Made for this connection only; its private half is erased when the handshake is done. This is what gives forward secrecy.', '只为这次连接生成；握手结束后它的私钥就被删除。前向保密正来自于此。') },
	signatureAlgorithm: { label: text('signature algorithm', '签名算法'), explanation: text('0x0401 = rsa_pkcs1_sha256: RSASSA-PKCS1-v1_5 with SHA-256.', '0x0401 = rsa_pkcs1_sha256：带 SHA-256 的 RSASSA-PKCS1-v1_5。') },
	signature: { label: text('signature', '签名'), explanation: text('The server’s long-term RSA key signs client_random + server_random + these parameters: proof that the one-time key comes from the certificate’s owner. The long-term key only signs; it never encrypts anything here.', '服务器的长期 RSA 私钥对 client_random + server_random + 这些参数签名：证明这个一次性公钥来自证书持有者。这里长期密钥只用来签名，从不加密任何东西。') },
	encryptedPms: { label: text('EncryptedPreMasterSecret', 'EncryptedPreMasterSecret（加密的预主密钥）'), explanation: text('The client’s 48-byte secret, padded with PKCS#1 v1.5 and encrypted with the server’s RSA public key from its certificate. Whoever ever gets the server’s private key can decrypt it from a recording, years later.', '客户端的 48 字节秘密，按 PKCS#1 v1.5 填充后用证书里的服务器 RSA 公钥加密。日后任何人拿到服务器私钥，都能从录下的流量中把它解出来，哪怕是多年以后。') },
	clientPoint: { label: text('client’s ephemeral public key', '客户端的临时公钥'), explanation: text('The client’s half of the one-time key exchange. Both public keys cross the wire; the shared secret never does.', '客户端那一半一次性密钥交换。双方公钥都在线路上传输，共享秘密从不传输。') },
	verifyData: { label: text('verify_data', 'verify_data（校验数据）'), explanation: text('PRF(master_secret, "client finished" or "server finished", SHA-256(all handshake messages so far)), 12 bytes.', 'PRF(master_secret, "client finished" 或 "server finished", SHA-256(之前全部握手消息))，12 字节。') },
	ccs: { label: text('ChangeCipherSpec', 'ChangeCipherSpec'), explanation: text('“From my next record on, I encrypt.” A record of its own in TLS 1.2; TLS 1.3 dropped it (it only sends a dummy one for middleboxes).', '“从下一条记录起我开始加密。”在 TLS 1.2 中它是一条独立的记录；TLS 1.3 取消了它（只为中间设备发送一个假的）。') },
	explicitNonce: { label: text('explicit nonce', '显式 nonce'), explanation: text('8 bytes of the GCM nonce, sent in clear (here the sequence number); the other 4 come from the key block. TLS 1.3 sends none.', 'GCM nonce 中明文发送的 8 字节（这里是序列号）；另外 4 字节来自密钥块。TLS 1.3 不发送这部分。') },
	ciphertext: { label: text('ciphertext', '密文'), explanation: text('The content, AES-128-GCM encrypted.', '用 AES-128-GCM 加密的内容。') },
	tag: { label: text('tag', '认证标签'), explanation: text('16 bytes that prove the record was not changed, over the content and the sequence number, type, version and length.', '16 字节，证明记录未被改动；覆盖内容以及序列号、类型、版本和长度。') }
} satisfies Record<string, FieldText>;

interface Message12 {
	id: string;
	type: number;
	title: LocalizedText;
	write: (w: AnnotatedWriter) => void;
}

function writeMessage12(w: AnnotatedWriter, m: Message12): void {
	w.section(`${m.id}.header`, text(`Handshake header: ${m.title.en}`, `握手消息头：${m.title['zh-CN']}`));
	w.u8('msg_type', m.type, { label: text('msg_type', 'msg_type（消息类型）'), explanation: m.title }, showNumber(m.type, handshakeTypeNames));
	w.vector24('body', F.msgBody, () => {
		w.section(m.id, m.title);
		m.write(w);
	});
}

/** A TLS 1.3 module message (ClientHello, ServerHello, Finished) written into a TLS 1.2 record. */
const standard = (message: HandshakeMessage, id: string): Message12 => ({
	id,
	type: 0,
	title: text('', ''),
	write: (w) => writeHandshake(w, message, id)
});

/** A record in clear holding handshake messages, or ChangeCipherSpec; returns the record and the messages' bytes. */
function clearRecord12(id: string, type: number, messages: Message12[], version = TLS12): { wire: AnnotatedBytes; content: Uint8Array } {
	const w = new AnnotatedWriter();
	const title = type === ContentType.changeCipherSpec ? text('ChangeCipherSpec', 'ChangeCipherSpec') : text('handshake', '握手');
	w.section(id, text(`Record header: ${title.en}`, `记录头：${title['zh-CN']}`));
	w.u8('content_type', type, F.contentType, showNumber(type, contentTypeNames));
	w.u16('version', version, F.recordVersion, showCode(version, protocolVersionNames));
	w.vector16('fragment', F.fragment, () => {
		if (type === ContentType.changeCipherSpec) {
			w.section(`${id}.ccs`, title);
			return w.u8('value', 1, F.ccs);
		}
		for (const m of messages) {
			// TLS 1.3's own writer for the messages both versions share; it opens its own sections.
			if (m.type === 0) m.write(w);
			else writeMessage12(w, m);
		}
	});
	const wire = w.finish();
	return { wire, content: wire.bytes.slice(5) };
}

/** A protected TLS 1.2 record as an eavesdropper sees it: type and length in clear, then nonce, ciphertext, tag. */
function protectedView(record: Uint8Array): AnnotatedBytes {
	const w = new AnnotatedWriter();
	const type = record[0]!;
	w.section('record', text('Record header (in clear)', '记录头（明文）'));
	w.u8('content_type', type, F.contentType, showNumber(type, contentTypeNames));
	w.u16('version', TLS12, F.recordVersion, showCode(TLS12, protocolVersionNames));
	w.vector16('fragment', F.fragment, () => {
		w.section('record.encrypted', text('Encrypted fragment', '加密分片'));
		w.bytes('explicit_nonce', record.subarray(5, 13), F.explicitNonce);
		w.bytes('ciphertext', record.subarray(13, record.length - 16), F.ciphertext);
		w.bytes('tag', record.subarray(record.length - 16), F.tag);
	});
	return w.finish();
}

function certificate12(chain: Uint8Array[]): Message12 {
	return {
		id: 'certificate',
		type: 11,
		title: text('Certificate (TLS 1.2, in clear)', 'Certificate（TLS 1.2，明文）'),
		write: (w) => w.vector24('certificate_list', F.certificateList, () => chain.forEach((der, i) => w.vector24(`cert${i}`, F.certData, () => w.bytes('der', der, F.certData), `${byteCount(der.length)} DER`)))
	};
}

function ecdhParams(group: GroupName, point: Uint8Array): Uint8Array {
	return concatBytes(Uint8Array.of(3, groupCodes[group] >> 8, groupCodes[group] & 0xff, point.length), point);
}

function serverKeyExchange(group: GroupName, point: Uint8Array, signature: Uint8Array): Message12 {
	return {
		id: 'server-key-exchange',
		type: 12,
		title: text('ServerKeyExchange', 'ServerKeyExchange（服务器密钥交换）'),
		write: (w) => {
			w.u8('curve_type', 3, F.curveType, '3 (named_curve)');
			w.u16('named_curve', groupCodes[group], F.namedCurve, showCode(groupCodes[group], namedGroupNames));
			w.vector8('public', F.serverPoint, () => w.bytes('point', point, F.serverPoint));
			w.u16('signature_algorithm', RSA_PKCS1_SHA256, F.signatureAlgorithm, showCode(RSA_PKCS1_SHA256, signatureSchemeNames));
			w.vector16('signature', F.signature, () => w.bytes('bytes', signature, F.signature));
		}
	};
}

const serverHelloDone: Message12 = {
	id: 'server-hello-done',
	type: 14,
	title: text('ServerHelloDone', 'ServerHelloDone（服务器问候结束）'),
	write: () => undefined
};

function clientKeyExchange(kex: KeyExchange12, payload: Uint8Array): Message12 {
	return {
		id: 'client-key-exchange',
		type: 16,
		title: text('ClientKeyExchange', 'ClientKeyExchange（客户端密钥交换）'),
		write: (w) =>
			kex === 'rsa'
				? w.vector16('encrypted_pre_master_secret', F.encryptedPms, () => w.bytes('bytes', payload, F.encryptedPms))
				: w.vector8('public', F.clientPoint, () => w.bytes('point', payload, F.clientPoint))
	};
}

function finished12(side: TlsSide, verifyData: Uint8Array): { bytes: Uint8Array; view: AnnotatedBytes } {
	const w = new AnnotatedWriter();
	writeMessage12(w, { id: `${side}-finished`, type: 20, title: text(`Finished (${side})`, side === 'client' ? 'Finished（客户端）' : 'Finished（服务器）'), write: (x) => x.bytes('verify_data', verifyData, F.verifyData) });
	const view = w.finish();
	return { bytes: view.bytes, view };
}

// ---------------------------------------------------------------------------------------------------------
// Reading what arrives

export interface RawHandshake {
	type: number;
	/** The whole message, header included (what the transcript hashes). */
	bytes: Uint8Array;
	body: Uint8Array;
}

/** Splits a handshake record's content into messages (type, 3-byte length, body). */
export function splitHandshakes(content: Uint8Array): Result<RawHandshake[]> {
	return readWire(
		content,
		(r: WireReader) => {
			const out: RawHandshake[] = [];
			while (r.remaining > 0) {
				const start = r.pos;
				const type = r.u8(text('msg_type', 'msg_type'));
				const body = r.opaque(3, text('handshake body', '握手消息体'));
				out.push({ type, body, bytes: content.slice(start, r.pos) });
			}
			return out;
		},
		text('handshake messages', '握手消息')
	);
}

/** The records back to back in one direction's bytes: type, version, length, fragment. */
export function splitRecords(stream: Uint8Array): Result<{ type: number; bytes: Uint8Array; fragment: Uint8Array }[]> {
	return readWire(
		stream,
		(r: WireReader) => {
			const out: { type: number; bytes: Uint8Array; fragment: Uint8Array }[] = [];
			while (r.remaining > 0) {
				const start = r.pos;
				const type = r.u8(text('content type', '内容类型'));
				r.u16(text('version', '版本'));
				const fragment = r.opaque(2, text('fragment', '分片'));
				out.push({ type, fragment, bytes: stream.slice(start, r.pos) });
			}
			return out;
		},
		text('records', '记录')
	);
}

/** ServerKeyExchange (ECDHE): the group, the server's point, the signed parameters and the signature. */
export function readServerKeyExchange(body: Uint8Array): Result<{ group: GroupName; point: Uint8Array; params: Uint8Array; scheme: number; signature: Uint8Array }> {
	return readWire(
		body,
		(r: WireReader) => {
			if (r.u8(text('curve_type', 'curve_type')) !== 3) r.malformed(text('only named curves are used', '只支持命名曲线'));
			const code = r.u16(text('named curve', '命名曲线'));
			const group = (Object.keys(groupCodes) as GroupName[]).find((g) => groupCodes[g] === code);
			if (!group) r.malformed(text(`group ${code} is not offered`, `未提供 ${code} 曲线`));
			const point = r.opaque(1, text('public key', '公钥'));
			const params = body.slice(0, r.pos);
			const scheme = r.u16(text('signature algorithm', '签名算法'));
			const signature = r.opaque(2, text('signature', '签名'));
			return { group, point, params, scheme, signature };
		},
		text('ServerKeyExchange', 'ServerKeyExchange')
	);
}

/** ClientKeyExchange: the encrypted PreMasterSecret (RSA, 2-byte length) or the client's point (ECDHE, 1-byte). */
export function readClientKeyExchange(kex: KeyExchange12, body: Uint8Array): Result<Uint8Array> {
	return readWire(body, (r: WireReader) => r.opaque(kex === 'rsa' ? 2 : 1, text('key exchange', '密钥交换')), text('ClientKeyExchange', 'ClientKeyExchange'));
}

function readCertificates(body: Uint8Array): Result<Uint8Array[]> {
	return readWire(body, (r: WireReader) => r.list(3, text('certificate_list', '证书列表'), (x) => x.opaque(3, text('certificate', '证书'))), text('Certificate', 'Certificate'));
}

// ---------------------------------------------------------------------------------------------------------
// The run

export interface Tls12Options {
	keyExchange: KeyExchange12;
	server: RsaServer;
	/** An HTTP/1.1 GET (CRLF line ends); default a GET / for the server name. */
	request?: string;
	crypto?: WebCrypto;
	now?: () => Date;
	random?: (length: number) => Uint8Array;
}

export interface Tls12Run {
	protocol: 'tls12-rsa' | 'tls12-ecdhe';
	cipherSuite: string;
	/** ECDHE: the group of the one-time keys (x25519, or P-256 where Web Crypto lacks X25519). */
	group?: GroupName;
	serverName: string;
	steps: TlsStep[];
	notes: LocalizedText[];
	ok: boolean;
	failedAt?: string;
	clientRandom: Uint8Array;
	/** The client's master secret: with the client random, one SSLKEYLOGFILE line (CLIENT_RANDOM). */
	masterSecret?: Uint8Array;
}

interface Side12 {
	side: TlsSide;
	transcript: Uint8Array[];
	keys?: Tls12Keys;
	master?: Uint8Array;
	writeSeq: number;
	readSeq: number;
}

const hashOf = async (parts: Uint8Array[], crypto: WebCrypto) => new Uint8Array(await crypto.subtle.digest('SHA-256', bufferSource(concatBytes(...parts))));

class Tls12Script {
	readonly steps: TlsStep[] = [];
	readonly notes: LocalizedText[] = [];
	failedAt?: string;
	group?: GroupName;
	private readonly crypto: WebCrypto;
	private readonly kex: KeyExchange12;
	private readonly client: Side12 = { side: 'client', transcript: [], writeSeq: 0, readSeq: 0 };
	private readonly server: Side12 = { side: 'server', transcript: [], writeSeq: 0, readSeq: 0 };
	private clientRandom: Uint8Array = new Uint8Array(32);
	private serverRandom: Uint8Array = new Uint8Array(32);

	constructor(private readonly o: Tls12Options) {
		this.crypto = o.crypto ?? globalThis.crypto;
		this.kex = o.keyExchange;
	}

	private random(length: number): Uint8Array {
		return this.o.random ? this.o.random(length) : globalThis.crypto.getRandomValues(new Uint8Array(length));
	}

	private add(step: TlsStep): void {
		this.steps.push(step);
	}

	private check(side: TlsSide, id: string, what: LocalizedText, outcome: Outcome | { ok: boolean; detail: LocalizedText }): boolean {
		this.add({ id, kind: 'check', side, title: what, explanation: outcome.detail, check: { ok: outcome.ok, what, detail: outcome.detail } });
		if (!outcome.ok) this.failedAt = id;
		return outcome.ok;
	}

	private secret(name: string, bytes: Uint8Array, command?: string): TlsSecretValue {
		return command ? { name, bytes, command } : { name, bytes };
	}

	private message(id: string, side: TlsSide, title: LocalizedText, explanation: LocalizedText, wire: AnnotatedBytes, extra: Partial<TlsStep> = {}): Uint8Array {
		this.add({ id, kind: 'message', side, title, explanation, wire, ...extra });
		return wire.bytes;
	}

	async play(): Promise<Tls12Run> {
		const { server } = this.o;
		const serverName = server.serverName;
		const suite = tls12Suites[this.kex];
		const now = (this.o.now ?? (() => new Date()))();

		// ---- client: ClientHello ----
		this.clientRandom = this.random(32);
		if (this.kex === 'ecdhe') {
			let made = await generateEphemeral('x25519', this.crypto);
			if (!made.ok) {
				made = await generateEphemeral('secp256r1', this.crypto);
				if (made.ok) this.notes.push(messages.fallback);
			}
			if (!made.ok) return this.stop('client', 'check-settings', made.error.message);
			this.group = made.value.group;
		}
		const hello: ClientHello = {
			kind: 'client_hello',
			legacyVersion: TLS12,
			random: this.clientRandom,
			legacySessionId: new Uint8Array(0),
			cipherSuites: [suite],
			legacyCompressionMethods: [0],
			extensions: [
				{ kind: 'server_name', hostNames: [serverName] },
				...(this.kex === 'ecdhe'
					? [
							{ kind: 'supported_groups' as const, groups: [groupCodes[this.group!]] },
							{ kind: 'ec_point_formats' as const, formats: [0] }
						]
					: []),
				{ kind: 'signature_algorithms', schemes: [RSA_PKCS1_SHA256, 0x0804] }
			]
		};
		const ch = clearRecord12('client-hello', ContentType.handshake, [standard(hello, 'client_hello')], 0x0301);
		this.client.transcript.push(ch.content);
		const t = steps[this.kex];
		const chWire = this.message('client-hello', 'client', t.clientHello.title, t.clientHello.explanation, ch.wire, { eavesdropper: messages.seesHello(serverName) });

		// ---- server: reads the hello, answers ----
		const records = splitRecords(chWire);
		const read = records.ok ? splitHandshakes(records.value[0]!.fragment) : records;
		const parsedHello = read.ok && read.value[0] ? parseHandshake(read.value[0].bytes) : undefined;
		if (!parsedHello?.ok || parsedHello.value.message.kind !== 'client_hello' || !parsedHello.value.message.cipherSuites.includes(suite))
			return this.stop('server', 'check-client-hello', messages.noSuite);
		this.server.transcript.push(read.ok ? read.value[0]!.bytes : new Uint8Array(0));
		this.serverRandom = this.random(32);
		const serverHello: HandshakeMessage = { kind: 'server_hello', legacyVersion: TLS12, random: this.serverRandom, legacySessionIdEcho: new Uint8Array(0), cipherSuite: suite, legacyCompressionMethod: 0, extensions: [] };
		const flight: Message12[] = [standard(serverHello, 'server_hello'), certificate12(server.pki.chain)];
		let serverKey: EphemeralKey | undefined;
		if (this.kex === 'ecdhe') {
			const made = await generateEphemeral(this.group!, this.crypto);
			if (!made.ok) return this.stop('server', 'check-settings', messages.noGroup);
			serverKey = made.value;
			const params = ecdhParams(this.group!, serverKey.publicKey);
			const signature = new Uint8Array(await this.crypto.subtle.sign(RSASSA, server.pkcs1SigningKey, bufferSource(concatBytes(this.clientRandom, this.serverRandom, params))));
			this.add({ id: 'server-ephemeral', kind: 'compute', side: 'server', ...t.serverEphemeral!, secrets: [this.secret(`server ephemeral private key (${this.group})`, serverKey.privateKey), this.secret('server ephemeral public key', serverKey.publicKey)] });
			flight.push(serverKeyExchange(this.group!, serverKey.publicKey, signature));
		}
		flight.push(serverHelloDone);
		const sh = clearRecord12('server-flight', ContentType.handshake, flight);
		this.server.transcript.push(sh.content);
		const shWire = this.message('server-hello', 'server', t.serverFlight.title, t.serverFlight.explanation, sh.wire, { eavesdropper: messages.seesCertificate });

		// ---- client: reads the flight, checks the certificate (and the signature), sends its key exchange ----
		const flightRead = splitRecords(shWire);
		if (!flightRead.ok) return this.stop('client', 'check-server-hello', flightRead.error.message);
		const flightMessages = splitHandshakes(flightRead.value[0]!.fragment);
		if (!flightMessages.ok) return this.stop('client', 'check-server-hello', flightMessages.error.message);
		const byType = (type: number) => flightMessages.value.find((m) => m.type === type);
		const sHello = parseHandshake(byType(2)?.bytes ?? new Uint8Array(0));
		if (!sHello.ok || sHello.value.message.kind !== 'server_hello' || sHello.value.message.cipherSuite !== suite) return this.stop('client', 'check-server-hello', messages.badServerHello);
		this.client.transcript.push(flightRead.value[0]!.fragment);
		const chain = readCertificates(byType(11)?.body ?? new Uint8Array(0));
		if (!chain.ok) return this.stop('client', 'check-certificate', chain.error.message);
		const trusted = await chainOutcome(chain.value, server.pki.trustAnchors, serverName, now, this.crypto);
		if (!this.check('client', 'check-certificate', text('Certificate chain and name', '证书链与名称'), trusted)) return this.result();
		const certificateKey = await this.certificateRsaKey(chain.value[0]!);
		if (!certificateKey) return this.stop('client', 'check-certificate', messages.notRsa);

		let preMasterSecret: Uint8Array;
		let keyExchangePayload: Uint8Array;
		if (this.kex === 'rsa') {
			preMasterSecret = concatBytes(Uint8Array.of(3, 3), this.random(46));
			const encrypted = rsaEncryptPkcs1(certificateKey.numbers, preMasterSecret, (n) => this.random(n), { message: { label: text('PreMasterSecret', 'PreMasterSecret（预主密钥）'), explanation: messages.pmsField } });
			if (!encrypted.ok) return this.stop('client', 'check-settings', encrypted.error.message);
			keyExchangePayload = encrypted.value.ciphertext;
			this.add({
				id: 'client-pre-master',
				kind: 'compute',
				side: 'client',
				...t.clientSecret,
				plaintext: encrypted.value.padded,
				secrets: [this.secret('pre_master_secret', preMasterSecret), this.secret('RSA ciphertext (PKCS#1 v1.5)', keyExchangePayload)]
			});
		} else {
			const ske = readServerKeyExchange(byType(12)?.body ?? new Uint8Array(0));
			if (!ske.ok) return this.stop('client', 'check-server-key-exchange', ske.error.message);
			const signed = concatBytes(this.clientRandom, this.serverRandom, ske.value.params);
			const valid = ske.value.scheme === RSA_PKCS1_SHA256 && (await this.crypto.subtle.verify(RSASSA, certificateKey.verifyKey, bufferSource(ske.value.signature), bufferSource(signed)));
			if (!this.check('client', 'check-server-key-exchange', text('ServerKeyExchange signature', 'ServerKeyExchange 签名'), { ok: valid, detail: valid ? messages.signatureOk : messages.signatureBad })) return this.result();
			const own = must(await generateEphemeral(this.group!, this.crypto));
			const peer = await importPeerShare(this.group!, ske.value.point, this.crypto);
			const shared = peer.ok ? await sharedSecret(own, peer.value, this.crypto) : peer;
			if (!shared.ok) return this.stop('client', 'check-server-key-exchange', shared.error.message);
			preMasterSecret = shared.value;
			keyExchangePayload = own.publicKey;
			this.add({
				id: 'client-pre-master',
				kind: 'compute',
				side: 'client',
				...t.clientSecret,
				secrets: [this.secret(`client ephemeral private key (${this.group})`, own.privateKey), this.secret('client ephemeral public key', own.publicKey), this.secret('pre_master_secret = (EC)DHE shared secret', shared.value)]
			});
		}
		const cke = clearRecord12('client-key-exchange', ContentType.handshake, [clientKeyExchange(this.kex, keyExchangePayload)]);
		this.client.transcript.push(cke.content);
		await this.deriveKeys(this.client, preMasterSecret);
		const ckeWire = this.message('client-key-exchange', 'client', t.clientKeyExchange.title, t.clientKeyExchange.explanation, cke.wire, { eavesdropper: t.clientKeyExchangeSeen });
		const ccs = clearRecord12('change-cipher-spec', ContentType.changeCipherSpec, []);
		const clientCcs = this.message('client-change-cipher-spec', 'client', messages.ccsTitle('client'), messages.ccsExplanation, ccs.wire);
		const clientFinished = await this.sendFinished(this.client);

		// ---- server: recovers the PreMasterSecret, derives the same keys, checks the client's Finished ----
		const ckeRead = splitRecords(ckeWire);
		const ckeMessages = ckeRead.ok ? splitHandshakes(ckeRead.value[0]!.fragment) : ckeRead;
		const ckeBody = ckeMessages.ok && ckeMessages.value[0]?.type === 16 ? readClientKeyExchange(this.kex, ckeMessages.value[0].body) : undefined;
		if (!ckeBody?.ok) return this.stop('server', 'check-client-key-exchange', messages.badKeyExchange);
		this.server.transcript.push(ckeMessages.ok ? ckeMessages.value[0]!.bytes : new Uint8Array(0));
		let serverPms: Uint8Array;
		if (this.kex === 'rsa') {
			const opened = rsaDecryptPkcs1(server.privateKey, ckeBody.value);
			// A real server would carry on with a random secret instead of saying so (see rsa.ts); the Finished fails then.
			if (!opened.ok || opened.value.message.length !== 48) return this.stop('server', 'check-client-key-exchange', opened.ok ? messages.badKeyExchange : opened.error.message);
			serverPms = opened.value.message;
			this.add({ id: 'server-pre-master', kind: 'compute', side: 'server', ...t.serverSecret, secrets: [this.secret('pre_master_secret (decrypted)', serverPms)] });
		} else {
			const peer = await importPeerShare(this.group!, ckeBody.value, this.crypto);
			const shared = peer.ok ? await sharedSecret(serverKey!, peer.value, this.crypto) : peer;
			if (!shared.ok) return this.stop('server', 'check-client-key-exchange', shared.error.message);
			serverPms = shared.value;
			this.add({ id: 'server-pre-master', kind: 'compute', side: 'server', ...t.serverSecret, secrets: [this.secret('pre_master_secret = (EC)DHE shared secret', serverPms)] });
		}
		await this.deriveKeys(this.server, serverPms);
		if (clientCcs[0] !== ContentType.changeCipherSpec) return this.stop('server', 'check-change-cipher-spec', messages.badKeyExchange);
		if (!(await this.receiveFinished(this.server, clientFinished))) return this.result();
		const serverCcs = this.message('server-change-cipher-spec', 'server', messages.ccsTitle('server'), messages.ccsExplanation, ccs.wire);
		const serverFinished = await this.sendFinished(this.server);
		if (serverCcs[0] !== ContentType.changeCipherSpec || !(await this.receiveFinished(this.client, serverFinished))) return this.result();

		// ---- one request and its response ----
		const request = new TextEncoder().encode(this.o.request ?? defaultRequest(serverName));
		const sentRequest = await this.sendData(this.client, 'request', request);
		const got = await this.openData(this.server, 'request', sentRequest);
		if (!got) return this.result();
		const response = httpResponse(got, now, 'TLS 1.2');
		const sentResponse = await this.sendData(this.server, 'response', response);
		await this.openData(this.client, 'response', sentResponse);
		// Both one-time private keys go out of scope here: nothing kept can recompute the shared secret.
		return this.result();
	}

	/** The certificate's RSA key: as numbers (to encrypt with, by hand) and as a Web Crypto key (to verify with). */
	private async certificateRsaKey(der: Uint8Array): Promise<{ numbers: RsaPublicKey; verifyKey: CryptoKey } | undefined> {
		try {
			const { X509Certificate } = await import('@peculiar/x509');
			const spki = new Uint8Array(new X509Certificate(bufferSource(der)).publicKey.rawData);
			const verifyKey = await this.crypto.subtle.importKey('spki', bufferSource(spki), RSASSA, true, ['verify']);
			const parsed = rsaKeyFromJwk(await this.crypto.subtle.exportKey('jwk', verifyKey));
			return parsed.ok ? { numbers: parsed.value, verifyKey } : undefined;
		} catch {
			return undefined;
		}
	}

	/** master_secret and the key block, from this side's own PreMasterSecret and the two randoms. */
	private async deriveKeys(p: Side12, preMasterSecret: Uint8Array): Promise<void> {
		p.master = await tls12MasterSecret(preMasterSecret, this.clientRandom, this.serverRandom, this.crypto);
		p.keys = await tls12KeyBlock(p.master, this.clientRandom, this.serverRandom, 16, this.crypto);
		const prf = (label: string, seed: string, length: number) =>
			`openssl kdf -keylen ${length} -kdfopt digest:SHA256 -kdfopt hexsecret:<${label}> -kdfopt hexseed:${seed} TLS1-PRF`;
		const labelHex = (label: string) => toHex(new TextEncoder().encode(label));
		this.add({
			id: `${p.side}-keys`,
			kind: 'compute',
			side: p.side,
			...steps.keys(p.side),
			secrets: [
				this.secret('master_secret', p.master, prf('pre_master_secret', `${labelHex('master secret')}${toHex(this.clientRandom)}${toHex(this.serverRandom)}`, 48)),
				this.secret('client_write_key', p.keys.clientKey),
				this.secret('server_write_key', p.keys.serverKey),
				this.secret('client_write_IV (salt)', p.keys.clientSalt),
				this.secret('server_write_IV (salt)', p.keys.serverSalt)
			]
		});
	}

	private writeKeys(p: Side12) {
		return p.side === 'client' ? { key: p.keys!.clientKey, salt: p.keys!.clientSalt } : { key: p.keys!.serverKey, salt: p.keys!.serverSalt };
	}

	private readKeys(p: Side12) {
		return p.side === 'client' ? { key: p.keys!.serverKey, salt: p.keys!.serverSalt } : { key: p.keys!.clientKey, salt: p.keys!.clientSalt };
	}

	private async sendFinished(p: Side12): Promise<Uint8Array> {
		const verifyData = await tls12VerifyData(p.master!, p.side, await hashOf(p.transcript, this.crypto), this.crypto);
		const fin = finished12(p.side, verifyData);
		p.transcript.push(fin.bytes);
		const { key, salt } = this.writeKeys(p);
		const sealed = await sealTls12Record(key, salt, p.writeSeq++, ContentType.handshake, fin.bytes, this.crypto);
		const t = steps.finished(p.side);
		return this.message(`${p.side}-finished`, p.side, t.title, t.explanation, protectedView(sealed.record), { plaintext: fin.view, eavesdropper: messages.seesEncrypted(sealed.record.length, true) });
	}

	private async receiveFinished(p: Side12, record: Uint8Array): Promise<boolean> {
		const peer = p.side === 'client' ? 'server' : 'client';
		const { key, salt } = this.readKeys(p);
		const opened = await openTls12Record(key, salt, p.readSeq++, record, this.crypto);
		const what = text(`${peer === 'client' ? 'Client' : 'Server'} Finished`, peer === 'client' ? '客户端 Finished' : '服务器 Finished');
		if (!opened.ok) return this.check(p.side, `check-${peer}-finished`, what, { ok: false, detail: opened.error.message });
		const expected = await tls12VerifyData(p.master!, peer, await hashOf(p.transcript, this.crypto), this.crypto);
		const received = opened.value.content.subarray(4);
		const good = equalBytes(expected, received);
		p.transcript.push(opened.value.content);
		return this.check(p.side, `check-${peer}-finished`, what, { ok: good, detail: good ? messages.finishedOk : messages.finishedBad });
	}

	private async sendData(p: Side12, id: 'request' | 'response', content: Uint8Array): Promise<Uint8Array> {
		const { key, salt } = this.writeKeys(p);
		const sealed = await sealTls12Record(key, salt, p.writeSeq++, ContentType.applicationData, content, this.crypto);
		const t = steps.data(id);
		return this.message(id, p.side, t.title, t.explanation, protectedView(sealed.record), { plaintext: annotateHttp(content), eavesdropper: messages.seesEncrypted(sealed.record.length, false) });
	}

	private async openData(p: Side12, id: string, record: Uint8Array): Promise<Uint8Array | undefined> {
		const { key, salt } = this.readKeys(p);
		const opened = await openTls12Record(key, salt, p.readSeq++, record, this.crypto);
		const what = text('AEAD tag', 'AEAD 认证标签');
		if (!this.check(p.side, `decrypt-${id}`, what, opened.ok ? { ok: true, detail: messages.opened } : { ok: false, detail: opened.error.message })) return undefined;
		return opened.ok ? opened.value.content : undefined;
	}

	private stop(side: TlsSide, id: string, detail: LocalizedText): Tls12Run {
		this.check(side, id, text('Handshake', '握手'), { ok: false, detail });
		return this.result();
	}

	result(): Tls12Run {
		const run: Tls12Run = {
			protocol: this.kex === 'rsa' ? 'tls12-rsa' : 'tls12-ecdhe',
			cipherSuite: cipherSuiteNames[tls12Suites[this.kex]]!,
			serverName: this.o.server.serverName,
			steps: this.steps,
			notes: this.notes,
			ok: this.failedAt === undefined,
			clientRandom: this.clientRandom
		};
		if (this.group) run.group = this.group;
		if (this.client.master) run.masterSecret = this.client.master;
		if (this.failedAt) run.failedAt = this.failedAt;
		return run;
	}
}

function must<T>(result: Result<T>): T {
	if (!result.ok) throw new Error(`tls12: ${result.error.code}: ${result.error.message.en}`);
	return result.value;
}

/** Runs a whole TLS 1.2 handshake (RSA key transport or ECDHE_RSA) and one request/response, both ends in this runtime. */
export function runTls12(options: Tls12Options): Promise<Tls12Run> {
	return new Tls12Script(options).play();
}

/** The public numbers a leaked JWK gives, for the attacker (forward-secrecy.ts). */
export function rsaPrivateFromJwk(jwk: JsonWebKey): Result<RsaPrivateKey> {
	const key = rsaKeyFromJwk(jwk);
	if (!key.ok) return key;
	return isPrivateKey(key.value) ? ok(key.value) : fail('bad-key', messages.badKey);
}

// ---------------------------------------------------------------------------------------------------------
// Texts

const steps = {
	rsa: {
		clientHello: {
			title: text('ClientHello (TLS 1.2, RSA key transport)', 'ClientHello（TLS 1.2，RSA 密钥传输）'),
			explanation: text('The client offers TLS_RSA_WITH_AES_128_GCM_SHA256: “I will choose the secret and send it to you encrypted with your certificate’s key.”', '客户端提供 TLS_RSA_WITH_AES_128_GCM_SHA256：“我来选秘密，用你证书里的公钥加密后发给你。”')
		},
		serverFlight: {
			title: text('ServerHello, Certificate, ServerHelloDone', 'ServerHello、Certificate、ServerHelloDone'),
			explanation: text('The server picks the suite and sends its certificate, in clear. No key exchange message: the RSA key in the certificate is the key exchange.', '服务器选定套件并以明文发送证书。没有密钥交换消息：证书里的 RSA 公钥本身就是密钥交换。')
		},
		serverEphemeral: undefined,
		clientSecret: {
			title: text('Client picks the PreMasterSecret and encrypts it (PKCS#1 v1.5)', '客户端选定预主密钥并加密（PKCS#1 v1.5）'),
			explanation: text('48 bytes: the version 03 03 and 46 random bytes. Padded as 00 02, random non-zero bytes, 00, secret (the block below), then raised to e mod n with the server’s public key. This is the step the common notes describe, and the reason TLS 1.3 removed it: the whole session hangs on one long-term key.', '48 字节：版本号 03 03 加 46 个随机字节。按 00 02、随机非零字节、00、秘密的格式填充（见下方的块），再用服务器公钥计算 m^e mod n。这正是常见笔记描述的一步，也是 TLS 1.3 删除它的原因：整个会话系于一把长期密钥。')
		},
		clientKeyExchange: {
			title: text('ClientKeyExchange: the encrypted PreMasterSecret', 'ClientKeyExchange：加密的预主密钥'),
			explanation: text('256 bytes of RSA ciphertext. Only the holder of the server’s private key can open it: today the server, and tomorrow anyone who steals or seizes that key.', '256 字节的 RSA 密文。只有服务器私钥的持有者能打开它：今天是服务器，明天可能是任何偷到或没收了这把密钥的人。')
		},
		clientKeyExchangeSeen: text('The encrypted PreMasterSecret. A recorder keeps it: with the server’s private key, ever, it opens the whole session.', '加密的预主密钥。录制者把它存下来：只要将来拿到服务器私钥，就能打开整个会话。'),
		serverSecret: {
			title: text('Server decrypts the PreMasterSecret with its private key', '服务器用私钥解密预主密钥'),
			explanation: text('c^d mod n, then the padding is checked and removed. The long-term key is used to decrypt session secrets: anyone with this key can do the same, later, from a recording.', '计算 c^d mod n，再检查并去掉填充。长期私钥被用来解密会话秘密：任何拿到这把私钥的人，日后都能从录下的流量中做同样的事。')
		}
	},
	ecdhe: {
		clientHello: {
			title: text('ClientHello (TLS 1.2, ECDHE_RSA)', 'ClientHello（TLS 1.2，ECDHE_RSA）'),
			explanation: text('The client offers TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 and the curves it supports. No key share yet: in TLS 1.2 the client waits for the server’s choice.', '客户端提供 TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 和支持的曲线。此时还没有密钥共享：TLS 1.2 的客户端要等服务器先选。')
		},
		serverFlight: {
			title: text('ServerHello, Certificate, ServerKeyExchange, ServerHelloDone', 'ServerHello、Certificate、ServerKeyExchange、ServerHelloDone'),
			explanation: text('The server sends a one-time public key in ServerKeyExchange, signed with its certificate’s RSA key. The long-term key proves identity; it does not carry the secret.', '服务器在 ServerKeyExchange 中发送一次性公钥，并用证书的 RSA 私钥签名。长期密钥只证明身份，不承载秘密。')
		},
		serverEphemeral: {
			title: text('Server makes a one-time key pair', '服务器生成一次性密钥对'),
			explanation: text('Fresh for this connection and erased after it: this is what makes recordings useless later.', '只为本次连接生成，用完即删：正因如此，录下的流量日后也没有用。')
		},
		clientSecret: {
			title: text('Client checks the signature, makes its own one-time key, computes the shared secret', '客户端验证签名，生成自己的一次性密钥，计算共享秘密'),
			explanation: text('ECDH of its private key and the server’s public key. The result is the PreMasterSecret; it never crosses the wire.', '用自己的私钥和服务器公钥做 ECDH，结果就是预主密钥；它从不在网上传输。')
		},
		clientKeyExchange: {
			title: text('ClientKeyExchange: the client’s one-time public key', 'ClientKeyExchange：客户端的一次性公钥'),
			explanation: text('Just a public key. Nothing in it can be decrypted, by anyone, with any long-term key.', '只是一个公钥。任何人用任何长期密钥都解不出其中的东西。')
		},
		clientKeyExchangeSeen: text('A public key: useless to a recorder without one of the two one-time private keys, which are erased.', '一个公钥：没有双方任一的一次性私钥，录制者拿它毫无用处，而那两把私钥已被删除。'),
		serverSecret: {
			title: text('Server computes the same shared secret', '服务器算出相同的共享秘密'),
			explanation: text('ECDH of its one-time private key and the client’s public key. Its long-term RSA key played no part.', '用自己的一次性私钥和客户端公钥做 ECDH。它的长期 RSA 私钥完全没有参与。')
		}
	},
	keys(side: TlsSide) {
		return {
			title: text(`${side === 'client' ? 'Client' : 'Server'} derives master_secret and the record keys (TLS 1.2 PRF)`, `${side === 'client' ? '客户端' : '服务器'}推导 master_secret 和记录密钥（TLS 1.2 PRF）`),
			explanation: text('master_secret = PRF(pre_master_secret, "master secret", client_random + server_random); key_block = PRF(master_secret, "key expansion", server_random + client_random), cut into keys and 4-byte salts. One secret feeds everything: no separate handshake keys, unlike TLS 1.3.', 'master_secret = PRF(pre_master_secret, "master secret", client_random + server_random)；key_block = PRF(master_secret, "key expansion", server_random + client_random)，再切成各方向的密钥和 4 字节 salt。一个秘密派生出全部：不像 TLS 1.3 那样有独立的握手密钥。')
		};
	},
	finished(side: TlsSide) {
		return {
			title: text(`Finished (${side}), the first encrypted record`, side === 'client' ? 'Finished（客户端），第一条加密记录' : 'Finished（服务器）'),
			explanation: text('After ChangeCipherSpec, the sender encrypts. verify_data proves both sides saw the same handshake and hold the same master secret.', '在 ChangeCipherSpec 之后发送方开始加密。verify_data 证明双方看到的握手相同、持有相同的主密钥。')
		};
	},
	data(id: 'request' | 'response') {
		return id === 'request'
			? { title: text('The request (application data)', '请求（应用数据）'), explanation: text('The HTTP request in one AES-128-GCM record, sent after two round trips of handshake.', 'HTTP 请求装在一条 AES-128-GCM 记录中，在两个往返的握手之后才发出。') }
			: { title: text('The response (application data)', '响应（应用数据）'), explanation: text('The server’s answer in one record.', '服务器的回答，装在一条记录中。') };
	}
};

const messages = {
	badServerName: (name: string) => text(`“${name}” cannot be a certificate name.`, `“${name}”不能作为证书名称。`),
	badKey: text('The server key is not an RSA private key.', '服务器密钥不是 RSA 私钥。'),
	fallback: text('This browser’s Web Crypto lacks X25519, so ECDHE uses P-256 (secp256r1).', '此浏览器的 Web Crypto 不支持 X25519，因此 ECDHE 使用 P-256（secp256r1）。'),
	noGroup: text('The server cannot make a key pair in the offered group.', '服务器无法在所提供的曲线上生成密钥对。'),
	noSuite: text('The ClientHello does not offer the suite this server is set to use.', 'ClientHello 没有提供服务器要使用的套件。'),
	badServerHello: text('The ServerHello is malformed or picks a suite the client did not offer.', 'ServerHello 格式错误，或选了客户端未提供的套件。'),
	notRsa: text('The certificate does not hold an RSA key, which this suite needs.', '证书里不是 RSA 公钥，而这个套件需要 RSA。'),
	badKeyExchange: text('The ClientKeyExchange cannot be read.', '无法读取 ClientKeyExchange。'),
	pmsField: text('client_version 03 03 (against version rollback) and 46 random bytes.', 'client_version 03 03（防止版本回退）和 46 个随机字节。'),
	signatureOk: text('The RSA signature over both randoms and the one-time key verifies with the certificate’s key: the key exchange comes from the certificate’s owner.', '对两个随机数和一次性公钥的 RSA 签名用证书公钥验证通过：密钥交换确实来自证书持有者。'),
	signatureBad: text('The ServerKeyExchange signature does not verify: someone in the middle may have swapped the key.', 'ServerKeyExchange 的签名验证失败：可能有中间人替换了公钥。'),
	finishedOk: text('verify_data matches: same handshake, same master secret.', 'verify_data 一致：握手相同，主密钥相同。'),
	finishedBad: text('verify_data differs: the two sides saw different handshakes or hold different secrets.', 'verify_data 不一致：双方看到的握手不同，或持有的秘密不同。'),
	opened: text('The tag verifies; the record decrypts.', '认证标签验证通过，记录解密成功。'),
	ccsTitle: (side: TlsSide) => text(`ChangeCipherSpec (${side})`, side === 'client' ? 'ChangeCipherSpec（客户端）' : 'ChangeCipherSpec（服务器）'),
	ccsExplanation: text('One byte, 01, in a record of its own: the sender switches to the new keys.', '单独一条记录里的一个字节 01：发送方切换到新密钥。'),
	seesHello: (name: string) => text(`Everything: the offered suite and the server name “${name}”.`, `全部内容：提供的套件和服务器名“${name}”。`),
	seesCertificate: text('Everything, the certificate included: in TLS 1.2 the server’s identity crosses in clear.', '全部内容，包括证书：在 TLS 1.2 中服务器身份以明文传输。'),
	seesEncrypted: (length: number, handshake: boolean) =>
		text(
			`A ${length}-byte record whose type (${handshake ? 'handshake' : 'application data'}) shows in clear; the content is encrypted.`,
			`一条 ${length} 字节的记录，类型（${handshake ? '握手' : '应用数据'}）以明文可见，内容已加密。`
		)
};

