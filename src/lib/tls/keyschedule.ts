/**
 * The TLS 1.3 key schedule (RFC 8446 section 7), built by hand on HMAC. Web Crypto's own HKDF does
 * extract and expand in one call and never shows the pseudorandom key between them, and the page must
 * show every intermediate secret. Each derivation can also come back as a step: a node of the
 * key-schedule graph, with its inputs, its output and a short explanation in both languages.
 */
import type { LocalizedText } from '$lib/i18n/locales';
import { bufferSource, concatBytes, type WebCrypto } from './webcrypto';

export type HashName = 'SHA-256' | 'SHA-384';

export function hashLength(hash: HashName): number {
	return hash === 'SHA-384' ? 48 : 32;
}

/** The two AES-GCM suites the engine speaks, with what the key schedule needs to know of them. */
export const cipherSuites = {
	TLS_AES_128_GCM_SHA256: { code: 0x1301, hash: 'SHA-256', keyLength: 16 },
	TLS_AES_256_GCM_SHA384: { code: 0x1302, hash: 'SHA-384', keyLength: 32 }
} as const satisfies Record<string, { code: number; hash: HashName; keyLength: number }>;

export type CipherSuiteName = keyof typeof cipherSuites;

/** Every AES-GCM suite of TLS 1.3 uses a 96-bit nonce (RFC 8446 section 5.3). */
export const IV_LENGTH = 12;

export type KeyStepOp = 'extract' | 'expand-label' | 'derive-secret' | 'hash' | 'hmac';

export interface KeyStepInput {
	/** The RFC's name for the input, e.g. `Handshake Secret`, `Transcript-Hash(ClientHello..ServerHello)`. */
	name: string;
	bytes: Uint8Array;
	/** The id of the step that produced these bytes, when it is in the same list (an edge of the graph). */
	from?: string;
}

/** One derivation, as a node of the key-schedule graph. */
export interface KeyStep {
	id: string;
	op: KeyStepOp;
	inputs: KeyStepInput[];
	/** For expand-label and derive-secret: the label without the "tls13 " prefix, e.g. `c hs traffic`. */
	label?: string;
	output: Uint8Array;
	explanation: LocalizedText;
}

/** HMAC (RFC 2104) with Web Crypto: the one primitive under HKDF here and the TLS 1.2 PRF (prf.ts). */
export async function hmac(key: Uint8Array, data: Uint8Array, hash: HashName, crypto: WebCrypto): Promise<Uint8Array> {
	const hmacKey = await crypto.subtle.importKey('raw', bufferSource(key), { name: 'HMAC', hash }, false, ['sign']);
	return new Uint8Array(await crypto.subtle.sign('HMAC', hmacKey, bufferSource(data)));
}

/** HKDF-Extract (RFC 5869 section 2.2): PRK = HMAC-Hash(salt, IKM). */
export async function hkdfExtract(
	salt: Uint8Array,
	ikm: Uint8Array,
	hash: HashName = 'SHA-256',
	crypto: WebCrypto = globalThis.crypto
): Promise<Uint8Array> {
	// An empty salt means HashLen zeros (RFC 5869); HMAC pads keys with zeros anyway, so the result is the
	// same, and Web Crypto refuses a zero-length HMAC key.
	return hmac(salt.length > 0 ? salt : new Uint8Array(hashLength(hash)), ikm, hash, crypto);
}

/** HKDF-Expand (RFC 5869 section 2.3): T(i) = HMAC-Hash(PRK, T(i-1) | info | i), cut to `length` bytes. */
export async function hkdfExpand(
	prk: Uint8Array,
	info: Uint8Array,
	length: number,
	hash: HashName = 'SHA-256',
	crypto: WebCrypto = globalThis.crypto
): Promise<Uint8Array> {
	const hashLen = hashLength(hash);
	if (!Number.isInteger(length) || length < 0 || length > 255 * hashLen)
		throw new RangeError(`HKDF-Expand cannot make ${length} bytes with ${hash}`);
	const key = await crypto.subtle.importKey('raw', bufferSource(prk), { name: 'HMAC', hash }, false, ['sign']);
	const out = new Uint8Array(length);
	let previous = new Uint8Array(0);
	for (let i = 1, filled = 0; filled < length; i++) {
		const block = concatBytes(previous, info, Uint8Array.of(i));
		previous = new Uint8Array(await crypto.subtle.sign('HMAC', key, bufferSource(block)));
		out.set(previous.subarray(0, length - filled), filled);
		filled += previous.length;
	}
	return out;
}

/**
 * The HkdfLabel structure (RFC 8446 section 7.1) that HKDF-Expand-Label passes as `info`:
 * uint16 length, then "tls13 " + label and the context, each behind a one-byte length.
 */
export function hkdfLabel(label: string, context: Uint8Array, length: number): Uint8Array {
	const fullLabel = new TextEncoder().encode(`tls13 ${label}`);
	if (fullLabel.length > 255) throw new RangeError(`label too long: ${label}`);
	if (context.length > 255) throw new RangeError('HkdfLabel context is longer than 255 bytes');
	if (!Number.isInteger(length) || length < 0 || length > 0xffff) throw new RangeError(`bad length ${length}`);
	return concatBytes(
		Uint8Array.of(length >> 8, length & 0xff, fullLabel.length),
		fullLabel,
		Uint8Array.of(context.length),
		context
	);
}

/** HKDF-Expand-Label(Secret, Label, Context, Length); `label` comes without "tls13 ", which this adds. */
export async function hkdfExpandLabel(
	secret: Uint8Array,
	label: string,
	context: Uint8Array,
	length: number,
	hash: HashName = 'SHA-256',
	crypto: WebCrypto = globalThis.crypto
): Promise<Uint8Array> {
	return hkdfExpand(secret, hkdfLabel(label, context, length), length, hash, crypto);
}

/**
 * Derive-Secret(Secret, Label, Messages) = HKDF-Expand-Label(Secret, Label, Transcript-Hash(Messages), Hash.length).
 * Takes the transcript hash rather than the messages, because the engine keeps a running hash.
 */
export async function deriveSecret(
	secret: Uint8Array,
	label: string,
	transcriptHash: Uint8Array,
	hash: HashName = 'SHA-256',
	crypto: WebCrypto = globalThis.crypto
): Promise<Uint8Array> {
	return hkdfExpandLabel(secret, label, transcriptHash, hashLength(hash), hash, crypto);
}

/** Transcript-Hash(M1, M2, ... Mn) = Hash(M1 || M2 || ... || Mn), each a whole handshake message with its header. */
export async function transcriptHash(
	messages: Uint8Array[],
	hash: HashName = 'SHA-256',
	crypto: WebCrypto = globalThis.crypto
): Promise<Uint8Array> {
	return new Uint8Array(await crypto.subtle.digest(hash, bufferSource(concatBytes(...messages))));
}

/** finished_key = HKDF-Expand-Label(BaseKey, "finished", "", Hash.length) (RFC 8446 section 4.4.4). */
export async function finishedKey(
	baseKey: Uint8Array,
	hash: HashName = 'SHA-256',
	crypto: WebCrypto = globalThis.crypto
): Promise<Uint8Array> {
	return hkdfExpandLabel(baseKey, 'finished', new Uint8Array(0), hashLength(hash), hash, crypto);
}

/** verify_data = HMAC(finished_key, Transcript-Hash(Handshake Context, Certificate*, CertificateVerify*)). */
export async function finishedVerifyData(
	key: Uint8Array,
	transcriptHashValue: Uint8Array,
	hash: HashName = 'SHA-256',
	crypto: WebCrypto = globalThis.crypto
): Promise<Uint8Array> {
	return hmac(key, transcriptHashValue, hash, crypto);
}

// ---- steps: the same derivations, recorded as graph nodes ----

/** The steps of the key schedule proper: the RFC's name for what each outputs, and what it does. */
const scheduleSteps = {
	'empty-hash': {
		name: 'Transcript-Hash("")',
		explanation: {
			en: 'The hash of no bytes at all: Derive-Secret with an empty list of messages uses the hash of the empty string.',
			'zh-CN': '对空字节串求哈希：消息列表为空时，Derive-Secret 用的就是空串的哈希。'
		}
	},
	'early-secret': {
		name: 'Early Secret',
		explanation: {
			en: 'HKDF-Extract with a zero salt over the PSK (all zeros when there is none). This is the root of the key schedule.',
			'zh-CN': '以全零的盐对 PSK 做 HKDF-Extract（没有 PSK 时用全零）。这是整个密钥计划的起点。'
		}
	},
	'binder-key': {
		name: 'binder_key',
		explanation: {
			en: 'Derive-Secret(Early Secret, "res binder" or "ext binder", ""). It keys the PSK binder, which proves the client really holds the PSK.',
			'zh-CN': 'Derive-Secret(Early Secret, "res binder" 或 "ext binder", "")。用它计算 PSK binder，证明客户端确实持有这个 PSK。'
		}
	},
	'client-early-traffic': {
		name: 'client_early_traffic_secret',
		explanation: {
			en: 'Derive-Secret(Early Secret, "c e traffic", ClientHello). It protects 0-RTT early data, sent before the server has answered.',
			'zh-CN': 'Derive-Secret(Early Secret, "c e traffic", ClientHello)。它保护 0-RTT 早期数据，这些数据在服务器回应之前就已发出。'
		}
	},
	'early-exporter-master': {
		name: 'early_exporter_master_secret',
		explanation: {
			en: 'Derive-Secret(Early Secret, "e exp master", ClientHello). Applications can export keying material from it at the early stage.',
			'zh-CN': 'Derive-Secret(Early Secret, "e exp master", ClientHello)。应用可以在早期阶段从它导出密钥材料。'
		}
	},
	'derived-for-handshake': {
		name: 'Derive-Secret(Early Secret, "derived", "")',
		explanation: {
			en: 'Derive-Secret(Early Secret, "derived", ""). A fresh salt for the next HKDF-Extract, so that each stage stays apart from the last.',
			'zh-CN': 'Derive-Secret(Early Secret, "derived", "")。为下一次 HKDF-Extract 生成新的盐，使各阶段彼此隔离。'
		}
	},
	'handshake-secret': {
		name: 'Handshake Secret',
		explanation: {
			en: 'HKDF-Extract(salt = derived, IKM = the (EC)DHE shared secret). Here the key exchange enters the schedule.',
			'zh-CN': 'HKDF-Extract(盐 = derived, IKM = (EC)DHE 共享密钥)。密钥交换的结果在这一步进入密钥计划。'
		}
	},
	'client-handshake-traffic': {
		name: 'client_handshake_traffic_secret',
		explanation: {
			en: 'Derive-Secret(Handshake Secret, "c hs traffic", ClientHello..ServerHello). The client encrypts its handshake messages with keys made from it.',
			'zh-CN': 'Derive-Secret(Handshake Secret, "c hs traffic", ClientHello..ServerHello)。客户端用由它导出的密钥加密自己的握手消息。'
		}
	},
	'server-handshake-traffic': {
		name: 'server_handshake_traffic_secret',
		explanation: {
			en: 'Derive-Secret(Handshake Secret, "s hs traffic", ClientHello..ServerHello). The server encrypts EncryptedExtensions through its Finished with keys made from it.',
			'zh-CN': 'Derive-Secret(Handshake Secret, "s hs traffic", ClientHello..ServerHello)。服务器用由它导出的密钥加密从 EncryptedExtensions 到 Finished 的消息。'
		}
	},
	'derived-for-master': {
		name: 'Derive-Secret(Handshake Secret, "derived", "")',
		explanation: {
			en: 'Derive-Secret(Handshake Secret, "derived", ""). The salt for the last HKDF-Extract.',
			'zh-CN': 'Derive-Secret(Handshake Secret, "derived", "")。最后一次 HKDF-Extract 所用的盐。'
		}
	},
	'master-secret': {
		name: 'Master Secret',
		explanation: {
			en: 'HKDF-Extract(salt = derived, IKM = zeros). No new key material comes in; this extraction only closes the handshake stage.',
			'zh-CN': 'HKDF-Extract(盐 = derived, IKM = 全零)。这里没有新的密钥材料加入，这次提取只是结束握手阶段。'
		}
	},
	'client-application-traffic-0': {
		name: 'client_application_traffic_secret_0',
		explanation: {
			en: 'Derive-Secret(Master Secret, "c ap traffic", ClientHello..server Finished). It keys the client’s application data.',
			'zh-CN': 'Derive-Secret(Master Secret, "c ap traffic", ClientHello..服务器 Finished)。用于保护客户端发送的应用数据。'
		}
	},
	'server-application-traffic-0': {
		name: 'server_application_traffic_secret_0',
		explanation: {
			en: 'Derive-Secret(Master Secret, "s ap traffic", ClientHello..server Finished). It keys the server’s application data.',
			'zh-CN': 'Derive-Secret(Master Secret, "s ap traffic", ClientHello..服务器 Finished)。用于保护服务器发送的应用数据。'
		}
	},
	'exporter-master': {
		name: 'exporter_master_secret',
		explanation: {
			en: 'Derive-Secret(Master Secret, "exp master", ClientHello..server Finished). Applications export their own keys from it (RFC 8446 section 7.5).',
			'zh-CN': 'Derive-Secret(Master Secret, "exp master", ClientHello..服务器 Finished)。应用从它导出自己的密钥（RFC 8446 第 7.5 节）。'
		}
	},
	'resumption-master': {
		name: 'resumption_master_secret',
		explanation: {
			en: 'Derive-Secret(Master Secret, "res master", ClientHello..client Finished). Session tickets take their PSKs from it, to resume later.',
			'zh-CN': 'Derive-Secret(Master Secret, "res master", ClientHello..客户端 Finished)。会话票据的 PSK 由它导出，供以后恢复会话。'
		}
	}
} satisfies Record<string, { name: string; explanation: LocalizedText }>;

type ScheduleStepId = keyof typeof scheduleSteps;

const explain = {
	transcript: {
		en: 'The hash of the handshake messages so far, joined in order, each with its 4-byte handshake header.',
		'zh-CN': '把到目前为止的握手消息按顺序拼接（每条都带 4 字节的握手头部）后求哈希。'
	},
	trafficKey: (length: number): LocalizedText => ({
		en: `HKDF-Expand-Label(traffic secret, "key", "", ${length}). The AES-GCM key for one direction and one stage.`,
		'zh-CN': `HKDF-Expand-Label(traffic secret, "key", "", ${length})。某一方向、某一阶段所用的 AES-GCM 密钥。`
	}),
	trafficIv: {
		en: `HKDF-Expand-Label(traffic secret, "iv", "", ${IV_LENGTH}). The base of every record nonce: it is XORed with the record’s sequence number.`,
		'zh-CN': `HKDF-Expand-Label(traffic secret, "iv", "", ${IV_LENGTH})。每条记录 nonce 的基础：与该记录的序列号做异或。`
	},
	finishedKey: {
		en: 'HKDF-Expand-Label(BaseKey, "finished", "", Hash.length). The base key is the sender’s handshake traffic secret.',
		'zh-CN': 'HKDF-Expand-Label(BaseKey, "finished", "", Hash.length)。BaseKey 是发送方的握手 traffic secret。'
	},
	verifyData: {
		en: 'HMAC(finished_key, Transcript-Hash). It proves that the sender saw the same handshake and holds the keys.',
		'zh-CN': 'HMAC(finished_key, Transcript-Hash)。它证明发送方看到的是同一次握手，并且持有相应的密钥。'
	}
} satisfies Record<string, LocalizedText | ((length: number) => LocalizedText)>;

interface ExpandLabelInput {
	op: 'expand-label' | 'derive-secret';
	secret: KeyStepInput;
	label: string;
	context: KeyStepInput;
	length: number;
	hash: HashName;
	crypto: WebCrypto;
}

/** HKDF-Expand-Label as a step without its id and explanation; the HkdfLabel bytes are shown as an input. */
async function expandLabel(step: ExpandLabelInput): Promise<Omit<KeyStep, 'id' | 'explanation'>> {
	const { op, secret, label, context, length, hash, crypto } = step;
	const info = hkdfLabel(label, context.bytes, length);
	const output = await hkdfExpand(secret.bytes, info, length, hash, crypto);
	return { op, label, inputs: [secret, context, { name: 'HkdfLabel', bytes: info }], output };
}

/** Transcript-Hash as a step, for the engine that holds the messages; `messages` name each one. */
export async function transcriptHashStep(
	id: string,
	messages: { name: string; bytes: Uint8Array }[],
	hash: HashName = 'SHA-256',
	crypto: WebCrypto = globalThis.crypto
): Promise<KeyStep> {
	const output = await transcriptHash(
		messages.map((m) => m.bytes),
		hash,
		crypto
	);
	return { id, op: 'hash', inputs: messages, output, explanation: explain.transcript };
}

export interface KeyScheduleInput {
	/** The (EC)DHE shared secret; all zeros (Hash.length) in a PSK-only handshake. */
	sharedSecret: Uint8Array;
	/** The pre-shared key, when resuming or using an external PSK. */
	psk?: Uint8Array;
	/** Which binder label a PSK takes: "res binder" for a ticket, "ext binder" for an external PSK. */
	pskKind?: 'resumption' | 'external';
	/** Transcript-Hash(ClientHello): only needed for the 0-RTT secrets. */
	clientHelloHash?: Uint8Array;
	/** Transcript-Hash(ClientHello..ServerHello). */
	helloHash: Uint8Array;
	/** Transcript-Hash(ClientHello..server Finished). */
	serverFinishedHash: Uint8Array;
	/** Transcript-Hash(ClientHello..client Finished): only needed for the resumption master secret. */
	clientFinishedHash?: Uint8Array;
	hash?: HashName;
	crypto?: WebCrypto;
}

/** Every named secret of RFC 8446 section 7.1; the optional ones need the optional inputs. */
export interface KeyScheduleSecrets {
	earlySecret: Uint8Array;
	binderKey?: Uint8Array;
	clientEarlyTrafficSecret?: Uint8Array;
	earlyExporterMasterSecret?: Uint8Array;
	derivedForHandshake: Uint8Array;
	handshakeSecret: Uint8Array;
	clientHandshakeTrafficSecret: Uint8Array;
	serverHandshakeTrafficSecret: Uint8Array;
	derivedForMaster: Uint8Array;
	masterSecret: Uint8Array;
	clientApplicationTrafficSecret0: Uint8Array;
	serverApplicationTrafficSecret0: Uint8Array;
	exporterMasterSecret: Uint8Array;
	resumptionMasterSecret?: Uint8Array;
}

/** The whole key schedule of RFC 8446 section 7.1: the secrets, and the steps (graph nodes) that made them. */
export async function keySchedule(input: KeyScheduleInput): Promise<{ secrets: KeyScheduleSecrets; steps: KeyStep[] }> {
	const hash = input.hash ?? 'SHA-256';
	const crypto = input.crypto ?? globalThis.crypto;
	const hashLen = hashLength(hash);
	const zeros = new Uint8Array(hashLen);
	const steps: KeyStep[] = [];

	// Records a step and hands its output on as the next steps' input, named and linked back to it.
	const add = (id: ScheduleStepId, step: Omit<KeyStep, 'id' | 'explanation'>): KeyStepInput => {
		steps.push({ id, ...step, explanation: scheduleSteps[id].explanation });
		return { name: scheduleSteps[id].name, bytes: step.output, from: id };
	};
	const extract = async (id: ScheduleStepId, salt: KeyStepInput, ikm: KeyStepInput) =>
		add(id, { op: 'extract', inputs: [salt, ikm], output: await hkdfExtract(salt.bytes, ikm.bytes, hash, crypto) });
	const derive = async (id: ScheduleStepId, secret: KeyStepInput, label: string, context: KeyStepInput) =>
		add(id, await expandLabel({ op: 'derive-secret', secret, label, context, length: hashLen, hash, crypto }));

	const emptyHash = add('empty-hash', {
		op: 'hash',
		inputs: [{ name: '""', bytes: new Uint8Array(0) }],
		output: await transcriptHash([], hash, crypto)
	});
	const helloHash = { name: 'Transcript-Hash(ClientHello..ServerHello)', bytes: input.helloHash };
	const serverFinishedHash = { name: 'Transcript-Hash(ClientHello..server Finished)', bytes: input.serverFinishedHash };

	const early = await extract(
		'early-secret',
		{ name: 'salt (zeros)', bytes: zeros },
		input.psk ? { name: 'PSK', bytes: input.psk } : { name: 'IKM (zeros: no PSK)', bytes: zeros }
	);
	const binderLabel = input.pskKind === 'external' ? 'ext binder' : 'res binder';
	const binder = input.psk && (await derive('binder-key', early, binderLabel, emptyHash));
	const clientHello = input.clientHelloHash && { name: 'Transcript-Hash(ClientHello)', bytes: input.clientHelloHash };
	const clientEarly = clientHello && (await derive('client-early-traffic', early, 'c e traffic', clientHello));
	const earlyExporter = clientHello && (await derive('early-exporter-master', early, 'e exp master', clientHello));

	const derivedForHandshake = await derive('derived-for-handshake', early, 'derived', emptyHash);
	const sharedSecret = { name: '(EC)DHE shared secret', bytes: input.sharedSecret };
	const handshake = await extract('handshake-secret', derivedForHandshake, sharedSecret);
	const clientHandshake = await derive('client-handshake-traffic', handshake, 'c hs traffic', helloHash);
	const serverHandshake = await derive('server-handshake-traffic', handshake, 's hs traffic', helloHash);

	const derivedForMaster = await derive('derived-for-master', handshake, 'derived', emptyHash);
	const master = await extract('master-secret', derivedForMaster, { name: 'IKM (zeros)', bytes: zeros });
	const clientApplication = await derive('client-application-traffic-0', master, 'c ap traffic', serverFinishedHash);
	const serverApplication = await derive('server-application-traffic-0', master, 's ap traffic', serverFinishedHash);
	const exporter = await derive('exporter-master', master, 'exp master', serverFinishedHash);
	const clientFinishedHash = input.clientFinishedHash && {
		name: 'Transcript-Hash(ClientHello..client Finished)',
		bytes: input.clientFinishedHash
	};
	const resumption = clientFinishedHash && (await derive('resumption-master', master, 'res master', clientFinishedHash));

	return {
		secrets: {
			earlySecret: early.bytes,
			binderKey: binder?.bytes,
			clientEarlyTrafficSecret: clientEarly?.bytes,
			earlyExporterMasterSecret: earlyExporter?.bytes,
			derivedForHandshake: derivedForHandshake.bytes,
			handshakeSecret: handshake.bytes,
			clientHandshakeTrafficSecret: clientHandshake.bytes,
			serverHandshakeTrafficSecret: serverHandshake.bytes,
			derivedForMaster: derivedForMaster.bytes,
			masterSecret: master.bytes,
			clientApplicationTrafficSecret0: clientApplication.bytes,
			serverApplicationTrafficSecret0: serverApplication.bytes,
			exporterMasterSecret: exporter.bytes,
			resumptionMasterSecret: resumption?.bytes
		},
		steps
	};
}

export interface StepOptions {
	/** Prefix of the step ids, unique in the graph, e.g. `server-handshake` gives `server-handshake-key`. */
	id?: string;
	/** The step that produced the secret these derive from, e.g. `server-handshake-traffic`. */
	from?: string;
	crypto?: WebCrypto;
}

/** The name of a secret the key schedule made, when `from` names its step; otherwise the RFC's generic name. */
function inputFrom(bytes: Uint8Array, from: string | undefined, fallbackName: string): KeyStepInput {
	const name = from !== undefined && from in scheduleSteps ? scheduleSteps[from as ScheduleStepId].name : fallbackName;
	return { name, bytes, from };
}

const noContext: KeyStepInput = { name: '""', bytes: new Uint8Array(0) };

/** The record key and IV for one direction and stage (RFC 8446 section 7.3), with their steps. */
export async function trafficKeys(
	secret: Uint8Array,
	cipher: CipherSuiteName,
	options: StepOptions = {}
): Promise<{ key: Uint8Array; iv: Uint8Array; steps: KeyStep[] }> {
	const { hash, keyLength } = cipherSuites[cipher];
	const id = options.id ?? 'traffic';
	const crypto = options.crypto ?? globalThis.crypto;
	const source = inputFrom(secret, options.from, '[sender]_write_secret');
	const expand = (label: string, length: number) =>
		expandLabel({ op: 'expand-label', secret: source, label, context: noContext, length, hash, crypto });
	const keyStep: KeyStep = { id: `${id}-key`, ...(await expand('key', keyLength)), explanation: explain.trafficKey(keyLength) };
	const ivStep: KeyStep = { id: `${id}-iv`, ...(await expand('iv', IV_LENGTH)), explanation: explain.trafficIv };
	return { key: keyStep.output, iv: ivStep.output, steps: [keyStep, ivStep] };
}

/** finished_key and verify_data (RFC 8446 section 4.4.4), with their steps. */
export async function finished(
	baseKey: Uint8Array,
	transcriptHashValue: Uint8Array,
	hash: HashName = 'SHA-256',
	options: StepOptions = {}
): Promise<{ finishedKey: Uint8Array; verifyData: Uint8Array; steps: KeyStep[] }> {
	const id = options.id ?? 'finished';
	const crypto = options.crypto ?? globalThis.crypto;
	const base = inputFrom(baseKey, options.from, 'BaseKey');
	const keyStep: KeyStep = {
		id: `${id}-key`,
		...(await expandLabel({ op: 'expand-label', secret: base, label: 'finished', context: noContext, length: hashLength(hash), hash, crypto })),
		explanation: explain.finishedKey
	};
	const verifyData = await finishedVerifyData(keyStep.output, transcriptHashValue, hash, crypto);
	const macStep: KeyStep = {
		id: `${id}-verify-data`,
		op: 'hmac',
		inputs: [
			{ name: 'finished_key', bytes: keyStep.output, from: keyStep.id },
			{ name: 'Transcript-Hash', bytes: transcriptHashValue }
		],
		output: verifyData,
		explanation: explain.verifyData
	};
	return { finishedKey: keyStep.output, verifyData, steps: [keyStep, macStep] };
}
