/**
 * The forward-secrecy demo, done for real: an attacker who recorded three connections gets the server's
 * long-term private key afterwards (stolen, subpoenaed, found on an old disk) and tries to read them. It works
 * only from the recorded bytes and the key: for RSA key transport it decrypts the PreMasterSecret and then every
 * record; for (EC)DHE the recording holds only public keys, the key never encrypted anything, and it fails.
 */
import type { AnnotatedBytes } from '$lib/bytes/annotated';
import { equalBytes, toBase64, toHex } from '$lib/bytes/encoding';
import type { LocalizedText } from '$lib/i18n/locales';
import type { Recording } from './compare';
import { parseHandshake } from './handshake';
import { openTls12Record, tls12KeyBlock, tls12MasterSecret } from './prf';
import { rsaDecryptPkcs1, rsaKeyFromJwk, isPrivateKey, type RsaPrivateKey } from './rsa';
import { importPeerShare, sharedSecret, type EphemeralKey } from './session-keys';
import { annotateHttp } from './session-wire';
import type { TlsSide } from './steps';
import { readClientKeyExchange, splitHandshakes, splitRecords, tls12Suites } from './tls12';
import type { WebCrypto } from './webcrypto';
import { text } from './wire';

export interface AttackStep {
	ok: boolean;
	title: LocalizedText;
	detail: LocalizedText;
	bytes?: AnnotatedBytes;
}

export interface AttackResult {
	protocol: Recording['protocol'];
	/** The attacker read the application data. */
	decrypted: boolean;
	steps: AttackStep[];
	/** What was read, when it was. */
	request?: Uint8Array;
	response?: Uint8Array;
}

export interface AttackOptions {
	crypto?: WebCrypto;
	/**
	 * A one-time private key that should have been erased (for the tests, and the “what if the server had kept
	 * it” case): the ECDHE recording then decrypts too, which shows its failure is the key's absence and
	 * nothing else.
	 */
	keptEphemeralKey?: EphemeralKey;
}

interface Stream {
	from: TlsSide;
	type: number;
	bytes: Uint8Array;
	fragment: Uint8Array;
}

/** Every record of the recording, with its direction, as the attacker splits the captured bytes. */
function records(recording: Recording): Stream[] | undefined {
	const out: Stream[] = [];
	for (const r of recording.records) {
		const split = splitRecords(r.bytes);
		if (!split.ok) return undefined;
		out.push(...split.value.map((x) => ({ from: r.from, ...x })));
	}
	return out;
}

export async function attackRecording(recording: Recording, leakedKey: JsonWebKey, options: AttackOptions = {}): Promise<AttackResult> {
	const crypto = options.crypto ?? globalThis.crypto;
	const steps: AttackStep[] = [];
	const result = (decrypted: boolean, extra: Partial<AttackResult> = {}): AttackResult => ({ protocol: recording.protocol, decrypted, steps, ...extra });
	const step = (ok: boolean, title: LocalizedText, detail: LocalizedText, bytes?: AnnotatedBytes) => {
		steps.push(bytes ? { ok, title, detail, bytes } : { ok, title, detail });
		return ok;
	};

	const key = rsaKeyFromJwk(leakedKey);
	if (!key.ok || !isPrivateKey(key.value)) {
		step(false, T.key, T.notPrivate);
		return result(false);
	}
	const stolen: RsaPrivateKey = key.value;
	const all = records(recording);
	const hellos = all?.filter((r) => r.type === 22).slice(0, 2);
	const clientHello = hellos?.[0] && splitHandshakes(hellos[0].fragment);
	const serverFlight = hellos?.[1] && splitHandshakes(hellos[1].fragment);
	const ch = clientHello?.ok && clientHello.value[0] ? parseHandshake(clientHello.value[0].bytes) : undefined;
	const sh = serverFlight?.ok && serverFlight.value[0] ? parseHandshake(serverFlight.value[0].bytes) : undefined;
	if (!all || !ch?.ok || !sh?.ok || ch.value.message.kind !== 'client_hello' || sh.value.message.kind !== 'server_hello') {
		step(false, T.read, T.unreadable);
		return result(false);
	}
	const clientRandom = ch.value.message.random;
	const serverRandom = sh.value.message.random;
	const suite = sh.value.message.cipherSuite;
	const tls13 = sh.value.message.extensions.some((e) => e.kind === 'selected_version' && e.version === 0x0304);
	step(true, T.read, T.readHellos(toHex(clientRandom).slice(0, 16), suite, tls13));

	if (tls13) {
		step(false, T.lookForSecret, T.tls13Nothing);
		step(false, T.tryKey, T.tls13KeyUseless);
		return result(false);
	}

	// TLS 1.2: the certificate is in clear; make sure the leaked key is the one it certifies.
	const certificate = serverFlight?.ok ? serverFlight.value.find((m) => m.type === 11) : undefined;
	if (certificate) step(true, T.key, T.keyMatches(stolen.length * 8));

	const cke = all.filter((r) => r.from === 'client' && r.type === 22).map((r) => splitHandshakes(r.fragment)).flatMap((m) => (m.ok ? m.value : [])).find((m) => m.type === 16);
	if (!cke) {
		step(false, T.lookForSecret, T.unreadable);
		return result(false);
	}
	const kex = suite === tls12Suites.rsa ? 'rsa' : 'ecdhe';
	const payload = readClientKeyExchange(kex, cke.body);
	if (!payload.ok) {
		step(false, T.lookForSecret, payload.error.message);
		return result(false);
	}

	let preMasterSecret: Uint8Array | undefined;
	const opened = rsaDecryptPkcs1(stolen, payload.value);
	if (opened.ok && opened.value.message.length === 48) {
		preMasterSecret = opened.value.message;
		step(true, T.tryKey, T.rsaOpened(toHex(preMasterSecret)));
	} else {
		step(false, T.tryKey, kex === 'ecdhe' ? T.ecdheNotCiphertext(payload.value.length, stolen.length) : opened.ok ? T.unreadable : opened.error.message);
		const kept = options.keptEphemeralKey;
		const serverPoint = serverFlight?.ok ? serverFlight.value.find((m) => m.type === 12) : undefined;
		if (!kept || !serverPoint) {
			step(false, T.lookForSecret, T.ecdheNeedsEphemeral);
			return result(false);
		}
		// The kept key is the server's (or the client's): pair it with the other side's public key from the recording.
		const ownIsServer = serverPoint.body.length > 4 && equalBytes(serverPoint.body.subarray(4, 4 + serverPoint.body[3]!), kept.publicKey);
		const peerBytes = ownIsServer ? payload.value : serverPoint.body.subarray(4, 4 + serverPoint.body[3]!);
		const peer = await importPeerShare(kept.group, peerBytes, crypto);
		const shared = peer.ok ? await sharedSecret(kept, peer.value, crypto) : peer;
		if (!shared.ok) {
			step(false, T.kept, shared.error.message);
			return result(false);
		}
		preMasterSecret = shared.value;
		step(true, T.kept, T.keptUsed(toHex(preMasterSecret)));
	}

	const master = await tls12MasterSecret(preMasterSecret, clientRandom, serverRandom, crypto);
	const keys = await tls12KeyBlock(master, clientRandom, serverRandom, 16, crypto);
	step(true, T.derive, T.derived(toHex(master)));
	// After each side's ChangeCipherSpec, its records are encrypted with sequence numbers from 0.
	const read: Partial<Record<TlsSide, Uint8Array>> = {};
	for (const side of ['client', 'server'] as const) {
		const mine = all.filter((r) => r.from === side);
		const start = mine.findIndex((r) => r.type === 20) + 1;
		const [k, salt] = side === 'client' ? [keys.clientKey, keys.clientSalt] : [keys.serverKey, keys.serverSalt];
		for (const [seq, record] of mine.slice(start).entries()) {
			const plain = await openTls12Record(k, salt, seq, record.bytes, crypto);
			if (!plain.ok) {
				step(false, T.decrypt(side), plain.error.message);
				return result(false);
			}
			if (record.type === 23) read[side] = plain.value.content;
		}
	}
	if (!read.client || !read.server) {
		step(false, T.decrypt('client'), T.unreadable);
		return result(false);
	}
	step(true, T.decrypt('client'), T.readIt, annotateHttp(read.client));
	step(true, T.decrypt('server'), T.readIt, annotateHttp(read.server));
	return result(true, { request: read.client, response: read.server });
}

/** The leaked key as a file an attacker would hold (PKCS#8 PEM): for tshark's RSA keys list and for the page. */
export async function privateKeyPem(jwk: JsonWebKey, crypto: WebCrypto = globalThis.crypto): Promise<string> {
	const { alg: _alg, key_ops: _ops, ...bare } = jwk;
	const key = await crypto.subtle.importKey('jwk', bare, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['sign']);
	const der = new Uint8Array(await crypto.subtle.exportKey('pkcs8', key));
	const lines = toBase64(der).match(/.{1,64}/g) ?? [];
	return `-----BEGIN PRIVATE KEY-----\n${lines.join('\n')}\n-----END PRIVATE KEY-----\n`;
}

const T = {
	key: text('The leaked key', '泄露的私钥'),
	read: text('Read the recording', '读取录下的流量'),
	lookForSecret: text('Look for a secret the key can open', '寻找这把私钥能打开的秘密'),
	tryKey: text('Use the server’s private key', '使用服务器私钥'),
	kept: text('Use a one-time key that was kept', '使用一把被保留的一次性私钥'),
	derive: text('Derive master_secret and the record keys', '推导 master_secret 和记录密钥'),
	decrypt: (side: TlsSide) => text(side === 'client' ? 'Decrypt what the client sent' : 'Decrypt what the server sent', side === 'client' ? '解密客户端发送的内容' : '解密服务器发送的内容'),
	notPrivate: text('This is not an RSA private key.', '这不是 RSA 私钥。'),
	unreadable: text('The recording cannot be read as TLS.', '录下的内容无法按 TLS 解析。'),
	readHellos: (random: string, suite: number, tls13: boolean) =>
		text(
			`ClientHello and ServerHello are in clear: client random ${random}…, suite 0x${suite.toString(16).padStart(4, '0')}${tls13 ? ', TLS 1.3 (supported_versions)' : ', TLS 1.2'}.`,
			`ClientHello 和 ServerHello 是明文：client random ${random}…，套件 0x${suite.toString(16).padStart(4, '0')}${tls13 ? '，TLS 1.3（supported_versions）' : '，TLS 1.2'}。`
		),
	keyMatches: (bits: number) =>
		text(`An RSA-${bits} private key. The certificate in the recording (sent in clear in TLS 1.2) holds the matching public key.`, `一把 RSA-${bits} 私钥。录下的证书（TLS 1.2 中明文发送）里正是与之配对的公钥。`),
	rsaOpened: (pms: string) =>
		text(
			`The ClientKeyExchange holds 256 bytes encrypted to this key. c^d mod n, padding removed: the PreMasterSecret ${pms.slice(0, 16)}… (starts 0303, the client’s version). Nothing else was needed.`,
			`ClientKeyExchange 里有 256 字节用这把公钥加密的数据。计算 c^d mod n 并去掉填充：得到预主密钥 ${pms.slice(0, 16)}…（以 0303 开头，即客户端版本）。不需要任何别的东西。`
		),
	ecdheNotCiphertext: (length: number, keyLength: number) =>
		text(
			`The ClientKeyExchange holds a ${length}-byte public key, not a ${keyLength}-byte RSA ciphertext: nothing in this recording was ever encrypted to the server’s key. The key only signed the ServerKeyExchange, and a signature gives nothing away.`,
			`ClientKeyExchange 里是 ${length} 字节的公钥，而不是 ${keyLength} 字节的 RSA 密文：这段录音里没有任何东西是用服务器公钥加密的。长期私钥只对 ServerKeyExchange 签过名，签名不泄露任何秘密。`
		),
	ecdheNeedsEphemeral: text(
		'The PreMasterSecret is the ECDH of one side’s one-time private key with the other’s public key. Both private keys were erased when the handshake ended; computing one from its public key is the elliptic-curve discrete logarithm problem. The recording stays sealed: this is forward secrecy.',
		'预主密钥是一方的一次性私钥与另一方公钥的 ECDH 结果。两把一次性私钥在握手结束时都已删除；从公钥反推私钥是椭圆曲线离散对数难题。录下的流量依然打不开：这就是前向保密。'
	),
	tls13Nothing: text(
		'After ServerHello everything is encrypted with keys from the X25519 exchange, whose two public keys are all the recording holds. The certificate and its signature are inside the encrypted part.',
		'ServerHello 之后的一切都用 X25519 交换得出的密钥加密，录音里只有双方的公钥。证书和签名本身也在加密部分里。'
	),
	tls13KeyUseless: text(
		'TLS 1.3 has no RSA key transport at all: the server’s key only signs CertificateVerify. With it the attacker can impersonate the server in future connections, but cannot read this one.',
		'TLS 1.3 完全没有 RSA 密钥传输：服务器私钥只用来对 CertificateVerify 签名。拿到它，攻击者能在以后的连接中冒充服务器，但读不了这一次的连接。'
	),
	keptUsed: (pms: string) =>
		text(`With a one-time private key that should have been erased, the ECDH gives the PreMasterSecret ${pms.slice(0, 16)}…: the recording was complete; only the erased key protected it.`, `用一把本应删除的一次性私钥做 ECDH，得到预主密钥 ${pms.slice(0, 16)}…：录音是完整的，保护它的只是那把被删除的私钥。`),
	derived: (master: string) => text(`master_secret ${master.slice(0, 16)}…, then the key block: the attacker now holds every key of the session.`, `master_secret ${master.slice(0, 16)}…，再得到密钥块：攻击者现在拥有这次会话的全部密钥。`),
	readIt: text('Decrypted, tag verified: this is exactly what was sent.', '解密成功，认证标签校验通过：这正是当时发送的内容。')
};
