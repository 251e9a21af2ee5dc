/**
 * The certificate half of the handshake: a demo certificate authority and a server certificate made in the
 * page, the checks a client runs on the chain it is sent, and the CertificateVerify signature
 * (RFC 8446 section 4.4.3) that proves the server holds the certificate's private key.
 *
 * X.509 library: @peculiar/x509 (MIT; Peculiar Ventures, who also keep PKI.js and the asn1-schema packages).
 * Why: it builds and parses certificates on Web Crypto alone (no Node-only code), takes the `crypto` to use as
 * a parameter, and is typed. This module bundled with it for the browser, minified: about 64 KB gzip (a like
 * probe on PKI.js + asn1js came to about 90 KB); it belongs in the TLS engine's chunk, loaded when the page needs it.
 * Why 1.14.x and not 2.x: 2.x leaves the Reflect polyfill that its DI container (tsyringe) needs to the app,
 * one more dependency and a global to set up before the first import; 1.14 imports reflect-metadata itself.
 * 2.x adds parse options and post-quantum algorithms; every call made here is the same in both.
 *
 * The chain checks are written out here rather than left to the library's chain builder, because the page
 * shows each one with its reason: a failure names the check and the certificate that failed it.
 */
import {
	AuthorityKeyIdentifierExtension,
	BasicConstraintsExtension,
	ExtendedKeyUsage,
	ExtendedKeyUsageExtension,
	KeyUsageFlags,
	KeyUsagesExtension,
	SubjectAlternativeNameExtension,
	SubjectKeyIdentifierExtension,
	X509Certificate,
	X509CertificateGenerator,
	type Extension
} from '@peculiar/x509';
import { equalBytes, toHex } from '$lib/bytes/encoding';
import { fail, ok, type Result } from '$lib/errors';
import { interpolate, type LocalizedText } from '$lib/i18n/locales';
import { bufferSource, concatBytes, type WebCrypto } from './webcrypto';

// ---------------------------------------------------------------------------------------------------------
// Making the demo PKI

/** A certificate with what the page shows of it, and its key pair (the CA's signs the server's certificate). */
export interface IssuedCertificate {
	der: Uint8Array;
	pem: string;
	/** The subject as RFC 4514 text, e.g. `CN=Wirewalk Demo Root CA, O=Wirewalk`. */
	subject: string;
	notBefore: Date;
	notAfter: Date;
	keys: CryptoKeyPair;
}

export interface DemoPki {
	ca: IssuedCertificate;
	server: IssuedCertificate;
	/** What the server sends in its Certificate message: its own certificate only (clients already hold the root). */
	chain: Uint8Array[];
	/** What the client trusts: the demo root, as if it were in the browser's trust store. */
	trustAnchors: Uint8Array[];
}

export interface DemoPkiOptions {
	/** The DNS name the server certificate is for (subjectAltName); a left-most `*` label makes a wildcard. */
	serverName: string;
	now?: Date;
	crypto?: WebCrypto;
	caName?: string;
	/**
	 * The server's key pair; omitted, a fresh ECDSA P-256 pair. An RSA pair also gets keyEncipherment, so the same
	 * certificate serves TLS 1.2 RSA key transport (the forward-secrecy demo) as well as signatures.
	 */
	serverKeys?: CryptoKeyPair;
}

/** What a certificate may be used for; `issueCertificate` turns it into extensions. */
export interface CertificateProfile {
	commonName: string;
	/** subjectAltName dNSName entries; clients match the server name against these only (RFC 6125). */
	dnsNames?: string[];
	isCa: boolean;
	pathLength?: number;
	keyUsage: Array<'digitalSignature' | 'keyEncipherment' | 'keyCertSign' | 'cRLSign'>;
	serverAuth?: boolean;
	notBefore: Date;
	notAfter: Date;
	/** Who signs, by its certificate (whose subject becomes the issuer name) and keys; omitted, a self-signed root. */
	issuer?: { der: Uint8Array; keys: CryptoKeyPair };
	/** The subject's keys; omitted, a fresh ECDSA P-256 pair. */
	keys?: CryptoKeyPair;
}

export type CertificateErrorCode =
	| 'bad-server-name'
	| 'certificate-creation-failed'
	| 'empty-chain'
	| 'malformed-certificate'
	| 'verification-failed';

const HOUR = 3_600_000;
const ORGANIZATION = 'Wirewalk demo';
const ECDSA_P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const LDH_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

/** A host name a certificate can carry as dNSName: LDH labels, an optional left-most `*`, not an IP address. */
export function isDnsName(name: string): boolean {
	const labels = name.replace(/\.$/, '').split('.');
	const last = labels[labels.length - 1] ?? '';
	return (
		name.length <= 253 &&
		labels.every((label, i) => (i === 0 && label === '*' && labels.length > 2) || LDH_LABEL.test(label)) &&
		// An all-numeric last label is an IPv4 address, which would need an iPAddress entry instead.
		!/^\d+$/.test(last)
	);
}

/**
 * A root CA and a server certificate for `serverName`, both ECDSA P-256 with SHA-256. The root is valid from an
 * hour before `now` (so a client clock a little behind still accepts it) for a day; the server certificate
 * ends an hour earlier, since a certificate should not outlive its issuer.
 */
export async function createDemoPki(options: DemoPkiOptions): Promise<Result<DemoPki, CertificateErrorCode>> {
	const { serverName, crypto = globalThis.crypto } = options;
	if (!isDnsName(serverName)) return fail('bad-server-name', messages.badServerName(serverName));
	// UTCTime counts whole seconds: round now down so notBefore is exactly what the DER says.
	const now = Math.floor((options.now ?? new Date()).getTime() / 1000) * 1000;
	const ca = await issueCertificate(
		{
			commonName: options.caName ?? 'Wirewalk Demo Root CA',
			isCa: true,
			keyUsage: ['keyCertSign', 'cRLSign'],
			notBefore: new Date(now - HOUR),
			notAfter: new Date(now + 24 * HOUR)
		},
		crypto
	);
	if (!ca.ok) return ca;
	const server = await issueCertificate(
		{
			commonName: serverName,
			dnsNames: [serverName],
			isCa: false,
			keyUsage: options.serverKeys?.publicKey.algorithm.name.startsWith('RSA') ? ['digitalSignature', 'keyEncipherment'] : ['digitalSignature'],
			serverAuth: true,
			keys: options.serverKeys,
			notBefore: new Date(now - HOUR),
			notAfter: new Date(now + 23 * HOUR),
			issuer: { der: ca.value.der, keys: ca.value.keys }
		},
		crypto
	);
	if (!server.ok) return server;
	return ok({ ca: ca.value, server: server.value, chain: [server.value.der], trustAnchors: [ca.value.der] });
}

/** One certificate to a profile: the building block of the demo PKI, and of the broken ones the tests make. */
export async function issueCertificate(
	profile: CertificateProfile,
	crypto: WebCrypto = globalThis.crypto
): Promise<Result<IssuedCertificate, 'certificate-creation-failed'>> {
	// The library types its parameter as the whole Crypto; it only reaches for getRandomValues when no serial
	// number is given, and one always is.
	const lib = crypto as Crypto;
	try {
		const keys = profile.keys ?? (await crypto.subtle.generateKey(ECDSA_P256, false, ['sign', 'verify']));
		const issuerKeys = profile.issuer?.keys ?? keys;
		const spki = new Uint8Array(await crypto.subtle.exportKey('spki', keys.publicKey));
		// A serial number from the key itself: unique per certificate here, and no randomness to pass in.
		const serial = new Uint8Array(await crypto.subtle.digest('SHA-256', spki)).slice(0, 16);
		serial[0] = (serial[0]! & 0x7f) | 0x40; // positive and without a leading zero byte
		const usage = profile.keyUsage.reduce((flags, name) => flags | KeyUsageFlags[name], 0);
		const extensions: Extension[] = [
			new BasicConstraintsExtension(profile.isCa, profile.pathLength, true),
			new KeyUsagesExtension(usage, true),
			await SubjectKeyIdentifierExtension.create(keys.publicKey, false, lib),
			await AuthorityKeyIdentifierExtension.create(issuerKeys.publicKey, false, lib)
		];
		if (profile.serverAuth) extensions.push(new ExtendedKeyUsageExtension([ExtendedKeyUsage.serverAuth]));
		if (profile.dnsNames?.length)
			extensions.push(new SubjectAlternativeNameExtension(profile.dnsNames.map((value) => ({ type: 'dns' as const, value }))));
		const subject: Record<string, string[]>[] = [{ CN: [profile.commonName] }, { O: [ORGANIZATION] }];
		// The issuer's name exactly as its certificate encodes it: re-encoding its text could pick another string type.
		const issuer = profile.issuer ? new X509Certificate(bufferSource(profile.issuer.der)).subjectName : subject;
		const cert = await X509CertificateGenerator.create(
			{
				serialNumber: toHex(serial),
				subject,
				issuer,
				notBefore: profile.notBefore,
				notAfter: profile.notAfter,
				publicKey: keys.publicKey,
				signingKey: issuerKeys.privateKey,
				signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } as EcdsaParams,
				extensions
			},
			lib
		);
		return ok({
			der: new Uint8Array(cert.rawData),
			pem: cert.toString('pem'),
			subject: cert.subject,
			notBefore: cert.notBefore,
			notAfter: cert.notAfter,
			keys
		});
	} catch (error) {
		return fail('certificate-creation-failed', messages.creationFailed(String(error)));
	}
}

// ---------------------------------------------------------------------------------------------------------
// The client's checks

export type CertificateCheckId = 'issuer' | 'signature' | 'validity' | 'basic-constraints' | 'key-usage' | 'name';

export interface CertificateCheck {
	id: CertificateCheckId;
	ok: boolean;
	explanation: LocalizedText;
}

export interface ChainVerdict {
	trusted: boolean;
	/** All six checks, in the order they are listed in `checkOrder`. */
	checks: CertificateCheck[];
	/** The first check that failed: the reason the client gives up. */
	failed?: CertificateCheck;
	/** The subjects from the server's certificate up to the trust anchor (or as far as the chain reached). */
	path: string[];
	summary: LocalizedText;
}

export interface VerifyChainOptions {
	/** DER certificates as the server sent them: its own first. */
	chain: Uint8Array[];
	trustAnchors: Uint8Array[];
	serverName: string;
	now?: Date;
	crypto?: WebCrypto;
}

/** Who issued whom first (there is nothing to check a signature with until an issuer is found), the name last. */
export const checkOrder: readonly CertificateCheckId[] = [
	'issuer',
	'signature',
	'validity',
	'basic-constraints',
	'key-usage',
	'name'
];

/** What each check is called on the page. */
export const checkLabels: Record<CertificateCheckId, LocalizedText> = {
	issuer: { en: 'Issuer', 'zh-CN': '签发者' },
	signature: { en: 'Signature', 'zh-CN': '签名' },
	validity: { en: 'Validity period', 'zh-CN': '有效期' },
	'basic-constraints': { en: 'Basic constraints', 'zh-CN': '基本约束' },
	'key-usage': { en: 'Key usage', 'zh-CN': '密钥用途' },
	name: { en: 'Server name', 'zh-CN': '服务器名称' }
};

const MAX_PATH = 8;
const ANY_EXTENDED_KEY_USAGE = '2.5.29.37.0';

/**
 * What a TLS client does with the server's Certificate message: build a path from the server's certificate to a
 * trust anchor, then check every link. It always runs every check, so the page can show all of them; a
 * malformed certificate (the DER does not parse) is the only error.
 */
export async function verifyServerChain(options: VerifyChainOptions): Promise<Result<ChainVerdict, CertificateErrorCode>> {
	const { serverName, now = new Date(), crypto = globalThis.crypto } = options;
	if (options.chain.length === 0) return fail('empty-chain', messages.emptyChain);
	const chain = parseAll(options.chain, 'chain');
	if (!chain.ok) return chain;
	const anchors = parseAll(options.trustAnchors, 'anchors');
	if (!anchors.ok) return anchors;
	try {
		const path = buildPath(chain.value, anchors.value);
		const checks = [
			issuerCheck(path),
			await signatureCheck(path, crypto),
			validityCheck(path.certs, now),
			basicConstraintsCheck(path.certs),
			keyUsageCheck(path.certs),
			nameCheck(path.certs[0]!, serverName)
		];
		const failed = checks.find((check) => !check.ok);
		return ok({
			trusted: !failed,
			checks,
			failed,
			path: path.certs.map((cert) => cert.subject),
			summary: failed ? rejection(failed) : fill(messages.trusted, { name: serverName })
		});
	} catch (error) {
		// The library decodes extensions lazily: a broken one only shows up when a check reads it.
		return fail('malformed-certificate', messages.verificationFailed(String(error)));
	}
}

function rejection(failed: CertificateCheck): LocalizedText {
	const label = checkLabels[failed.id];
	return {
		en: interpolate(messages.rejected.en, { check: label.en, why: failed.explanation.en }),
		'zh-CN': interpolate(messages.rejected['zh-CN'], { check: label['zh-CN'], why: failed.explanation['zh-CN'] })
	};
}

function parseAll(ders: Uint8Array[], where: 'chain' | 'anchors'): Result<X509Certificate[], 'malformed-certificate'> {
	const certs: X509Certificate[] = [];
	for (const [index, der] of ders.entries()) {
		try {
			certs.push(new X509Certificate(bufferSource(der)));
		} catch {
			return fail('malformed-certificate', messages.malformed(where, index + 1));
		}
	}
	return ok(certs);
}

interface CertificatePath {
	/** From the server's certificate up; the last is the trust anchor when `anchored`. */
	certs: X509Certificate[];
	anchored: boolean;
	tooLong: boolean;
}

function sameName(issuerOf: X509Certificate, subjectOf: X509Certificate): boolean {
	// Compared as DER: the simple exact match RFC 5280 section 7.1 allows when both sides encode alike.
	return equalBytes(
		new Uint8Array(issuerOf.issuerName.toArrayBuffer()),
		new Uint8Array(subjectOf.subjectName.toArrayBuffer())
	);
}

function buildPath(chain: X509Certificate[], anchors: X509Certificate[]): CertificatePath {
	const certs = [chain[0]!];
	while (certs.length <= MAX_PATH) {
		const current = certs[certs.length - 1]!;
		// A server may send the root too: a certificate that is itself a trust anchor ends the path.
		if (certs.length > 1 && anchors.some((anchor) => equalBytes(raw(anchor), raw(current))))
			return { certs, anchored: true, tooLong: false };
		const anchor = anchors.find((candidate) => sameName(current, candidate));
		if (anchor) return { certs: [...certs, anchor], anchored: true, tooLong: false };
		const next = chain.find((candidate) => !certs.includes(candidate) && sameName(current, candidate));
		if (!next) return { certs, anchored: false, tooLong: false };
		certs.push(next);
	}
	return { certs, anchored: false, tooLong: true };
}

function issuerCheck(path: CertificatePath): CertificateCheck {
	const last = path.certs[path.certs.length - 1]!;
	if (path.anchored)
		return check('issuer', true, fill(messages.issuerOk, { path: chainText(path.certs), anchor: last.subject }));
	if (path.tooLong) return check('issuer', false, fill(messages.pathTooLong, { max: MAX_PATH }));
	const selfIssued = last.issuer === last.subject;
	return check(
		'issuer',
		false,
		fill(selfIssued ? messages.selfSignedUntrusted : messages.issuerMissing, { subject: last.subject, issuer: last.issuer })
	);
}

async function signatureCheck(path: CertificatePath, crypto: WebCrypto): Promise<CertificateCheck> {
	const { certs } = path;
	// The anchor's own signature proves nothing: it is trusted because it is in the store, not because it signed itself.
	for (let i = 0; i + 1 < certs.length; i++) {
		const [child, parent] = [certs[i]!, certs[i + 1]!];
		if (!(await signedBy(child, parent, crypto)))
			return check('signature', false, fill(messages.signatureBad, { subject: child.subject, issuer: parent.subject }));
	}
	const last = certs[certs.length - 1]!;
	if (!path.anchored) return check('signature', false, fill(messages.signatureUnchecked, { subject: last.subject }));
	return check('signature', true, fill(messages.signatureOk, { links: certs.length - 1 }));
}

async function signedBy(child: X509Certificate, parent: X509Certificate, crypto: WebCrypto): Promise<boolean> {
	try {
		return await child.verify({ publicKey: parent.publicKey, signatureOnly: true }, crypto as Crypto);
	} catch {
		return false; // an unusable key or algorithm is a signature that does not verify
	}
}

function validityCheck(certs: X509Certificate[], now: Date): CertificateCheck {
	const at = isoTime(now);
	for (const cert of certs) {
		// RFC 5280 section 4.1.2.5: both ends are inclusive.
		if (now.getTime() < cert.notBefore.getTime())
			return check('validity', false, fill(messages.notYetValid, { subject: cert.subject, notBefore: isoTime(cert.notBefore), now: at }));
		if (now.getTime() > cert.notAfter.getTime())
			return check('validity', false, fill(messages.expired, { subject: cert.subject, notAfter: isoTime(cert.notAfter), now: at }));
	}
	return check('validity', true, fill(messages.validityOk, { now: at }));
}

function basicConstraintsCheck(certs: X509Certificate[]): CertificateCheck {
	for (let i = 1; i < certs.length; i++) {
		const issuer = certs[i]!;
		const constraints = issuer.getExtension(BasicConstraintsExtension);
		if (!constraints?.ca)
			return check('basic-constraints', false, fill(messages.notCa, { subject: issuer.subject, child: certs[i - 1]!.subject }));
		// pathLenConstraint counts the intermediate certificates below this one (the server's own does not count).
		if (constraints.pathLength !== undefined && i - 1 > constraints.pathLength)
			return check('basic-constraints', false, fill(messages.pathLength, { subject: issuer.subject, max: constraints.pathLength, count: i - 1 }));
	}
	return check('basic-constraints', true, messages.basicConstraintsOk);
}

function keyUsageCheck(certs: X509Certificate[]): CertificateCheck {
	for (let i = 1; i < certs.length; i++) {
		const usage = certs[i]!.getExtension(KeyUsagesExtension);
		if (usage && !(usage.usages & KeyUsageFlags.keyCertSign))
			return check('key-usage', false, fill(messages.noCertSign, { subject: certs[i]!.subject }));
	}
	const leaf = certs[0]!;
	const usage = leaf.getExtension(KeyUsagesExtension);
	// RFC 8446 section 4.4.2.2: the server signs the handshake with this key, so digitalSignature must be allowed.
	if (usage && !(usage.usages & KeyUsageFlags.digitalSignature))
		return check('key-usage', false, fill(messages.noDigitalSignature, { subject: leaf.subject }));
	const extended = leaf.getExtension(ExtendedKeyUsageExtension);
	if (extended && !extended.usages.some((oid) => oid === ExtendedKeyUsage.serverAuth || oid === ANY_EXTENDED_KEY_USAGE))
		return check('key-usage', false, fill(messages.noServerAuth, { subject: leaf.subject }));
	return check('key-usage', true, fill(messages.keyUsageOk, { subject: leaf.subject }));
}

function nameCheck(leaf: X509Certificate, serverName: string): CertificateCheck {
	const dnsNames = (leaf.getExtension(SubjectAlternativeNameExtension)?.names.items ?? [])
		.filter((name) => name.type === 'dns')
		.map((name) => name.value);
	if (/^[\d.]+$|:/.test(serverName)) return check('name', false, fill(messages.ipAddress, { name: serverName }));
	if (dnsNames.length === 0) return check('name', false, fill(messages.noSan, { subject: leaf.subject }));
	const match = dnsNames.find((pattern) => matchesServerName(pattern, serverName));
	if (match) return check('name', true, fill(messages.nameOk, { name: serverName, pattern: match }));
	return check('name', false, fill(messages.nameMismatch, { name: serverName, names: dnsNames.join(', ') }));
}

/**
 * RFC 6125 section 6.4 with the RFC 9525 tightening: case-insensitive, a trailing dot ignored, and a wildcard only
 * as the whole left-most label, standing for exactly one label (`*.example.com` matches `www.example.com`, not
 * `example.com` or `a.b.example.com`). `*.com`-style wildcards over a single label match nothing.
 */
export function matchesServerName(presented: string, serverName: string): boolean {
	const pattern = presented.toLowerCase().replace(/\.$/, '');
	const reference = serverName.toLowerCase().replace(/\.$/, '');
	if (!reference || !pattern || reference.includes('*')) return false;
	if (!pattern.startsWith('*.')) return !pattern.includes('*') && pattern === reference;
	const suffix = pattern.slice(1);
	if (suffix.includes('*') || suffix.split('.').length < 3) return false;
	const firstDot = reference.indexOf('.');
	return firstDot > 0 && reference.slice(firstDot) === suffix;
}

// ---------------------------------------------------------------------------------------------------------
// CertificateVerify (RFC 8446 section 4.4.3)

/** The signature schemes this module signs and verifies with, by their TLS names and code points. */
export const signatureSchemes = {
	ecdsa_secp256r1_sha256: 0x0403,
	rsa_pss_rsae_sha256: 0x0804
} as const;

export type SignatureSchemeName = keyof typeof signatureSchemes;

export type SignatureErrorCode =
	| 'unsupported-signature-scheme'
	| 'wrong-key-type'
	| 'malformed-signature'
	| 'bad-signature';

const CONTEXT = {
	server: 'TLS 1.3, server CertificateVerify',
	client: 'TLS 1.3, client CertificateVerify'
} as const;

/**
 * What is signed: 64 spaces (so the signed bytes can never look like a TLS 1.2 signature's, which start
 * with random bytes), a context string naming the side, a zero byte, and the transcript hash.
 */
export function certificateVerifyContent(transcriptHash: Uint8Array, side: 'server' | 'client' = 'server'): Uint8Array {
	return concatBytes(new Uint8Array(64).fill(0x20), new TextEncoder().encode(CONTEXT[side]), Uint8Array.of(0), transcriptHash);
}

export interface CertificateVerifySignature {
	scheme: SignatureSchemeName;
	/** The code point that goes on the wire before the signature. */
	algorithm: number;
	signedContent: Uint8Array;
	/** As TLS carries it: DER for ECDSA, the bare RSASSA-PSS value for RSA. */
	signature: Uint8Array;
}

function schemeOf(key: CryptoKey): SignatureSchemeName | undefined {
	const algorithm = key.algorithm as Partial<EcKeyAlgorithm & RsaHashedKeyAlgorithm>;
	if (algorithm.name === 'ECDSA' && algorithm.namedCurve === 'P-256') return 'ecdsa_secp256r1_sha256';
	if (algorithm.name === 'RSA-PSS' && algorithm.hash?.name === 'SHA-256') return 'rsa_pss_rsae_sha256';
	return undefined;
}

/** Web Crypto parameters for each scheme; RSA-PSS in TLS uses a salt as long as the hash (RFC 8446 section 4.2.3). */
const webCryptoParams = {
	ecdsa_secp256r1_sha256: { name: 'ECDSA', hash: 'SHA-256' },
	rsa_pss_rsae_sha256: { name: 'RSA-PSS', saltLength: 32 }
} as const satisfies Record<SignatureSchemeName, EcdsaParams | RsaPssParams>;

/** The server's CertificateVerify: signs the content above with its certificate's private key. */
export async function signCertificateVerify(
	privateKey: CryptoKey,
	transcriptHash: Uint8Array,
	crypto: WebCrypto = globalThis.crypto
): Promise<Result<CertificateVerifySignature, SignatureErrorCode>> {
	const scheme = schemeOf(privateKey);
	if (!scheme) return fail('wrong-key-type', messages.wrongKey);
	const signedContent = certificateVerifyContent(transcriptHash);
	const raw = new Uint8Array(await crypto.subtle.sign(webCryptoParams[scheme], privateKey, bufferSource(signedContent)));
	const signature = scheme === 'ecdsa_secp256r1_sha256' ? ecdsaP1363ToDer(raw) : ok(raw);
	if (!signature.ok) return signature;
	return ok({ scheme, algorithm: signatureSchemes[scheme], signedContent, signature: signature.value });
}

/**
 * The client's side: does `signature` (as it came in the CertificateVerify message) sign this transcript hash with
 * the key from the server's certificate? `scheme` is the message's code point or its name.
 */
export async function verifyCertificateVerify(
	publicKey: CryptoKey,
	transcriptHash: Uint8Array,
	signature: Uint8Array,
	scheme: number | SignatureSchemeName,
	crypto: WebCrypto = globalThis.crypto
): Promise<Result<{ scheme: SignatureSchemeName; signedContent: Uint8Array }, SignatureErrorCode>> {
	const name = schemeName(scheme);
	if (!name) return fail('unsupported-signature-scheme', messages.unsupportedScheme(scheme));
	if (schemeOf(publicKey) !== name) return fail('wrong-key-type', messages.keyDoesNotFit(name));
	const raw = name === 'ecdsa_secp256r1_sha256' ? ecdsaDerToP1363(signature) : ok(signature);
	if (!raw.ok) return raw;
	const signedContent = certificateVerifyContent(transcriptHash);
	const valid = await crypto.subtle.verify(webCryptoParams[name], publicKey, bufferSource(raw.value), bufferSource(signedContent));
	if (!valid) return fail('bad-signature', messages.badSignature);
	return ok({ scheme: name, signedContent });
}

function schemeName(scheme: number | SignatureSchemeName): SignatureSchemeName | undefined {
	if (typeof scheme === 'string') return scheme in signatureSchemes ? scheme : undefined;
	return (Object.keys(signatureSchemes) as SignatureSchemeName[]).find((name) => signatureSchemes[name] === scheme);
}

/** The public key of a DER certificate, imported for verifying CertificateVerify with `scheme`. */
export async function certificatePublicKey(
	certificateDer: Uint8Array,
	scheme: number | SignatureSchemeName,
	crypto: WebCrypto = globalThis.crypto
): Promise<Result<CryptoKey, 'malformed-certificate' | SignatureErrorCode>> {
	const name = schemeName(scheme);
	if (!name) return fail('unsupported-signature-scheme', messages.unsupportedScheme(scheme));
	const cert = parseAll([certificateDer], 'chain');
	if (!cert.ok) return cert;
	const algorithm = name === 'ecdsa_secp256r1_sha256' ? ECDSA_P256 : { name: 'RSA-PSS', hash: 'SHA-256' };
	try {
		// An rsaEncryption key may sign with PSS in TLS 1.3 (that is what the "rsae" in the name says).
		const spki = new Uint8Array(cert.value[0]!.publicKey.rawData);
		return ok(await crypto.subtle.importKey('spki', bufferSource(spki), algorithm, true, ['verify']));
	} catch {
		return fail('wrong-key-type', messages.keyDoesNotFit(name));
	}
}

// ---------------------------------------------------------------------------------------------------------
// ECDSA signature formats: Web Crypto speaks IEEE P1363 (r || s, each a fixed-width big-endian number), TLS
// and X.509 carry DER: SEQUENCE { INTEGER r, INTEGER s }, each integer minimal and signed.

/** P1363 r || s to DER ECDSA-Sig-Value. */
export function ecdsaP1363ToDer(signature: Uint8Array): Result<Uint8Array, 'malformed-signature'> {
	if (signature.length === 0 || signature.length % 2 !== 0) return fail('malformed-signature', messages.malformedSignature);
	const half = signature.length / 2;
	const body = concatBytes(derInteger(signature.subarray(0, half)), derInteger(signature.subarray(half)));
	return ok(concatBytes(Uint8Array.of(0x30), derLength(body.length), body));
}

/** DER ECDSA-Sig-Value to P1363 r || s with `componentLength` bytes each (32 for P-256); strict DER only. */
export function ecdsaDerToP1363(der: Uint8Array, componentLength = 32): Result<Uint8Array, 'malformed-signature'> {
	const sequence = readTlv(der, 0, 0x30);
	if (!sequence || sequence.end !== der.length) return fail('malformed-signature', messages.malformedSignature);
	const r = readTlv(der, sequence.start, 0x02);
	const s = r && readTlv(der, r.end, 0x02);
	if (!r || !s || s.end !== sequence.end) return fail('malformed-signature', messages.malformedSignature);
	const out = new Uint8Array(componentLength * 2);
	for (const [index, part] of [r, s].entries()) {
		const value = unsignedValue(der.subarray(part.start, part.end), componentLength);
		if (!value) return fail('malformed-signature', messages.malformedSignature);
		out.set(value, index * componentLength + componentLength - value.length);
	}
	return ok(out);
}

function derInteger(unsigned: Uint8Array): Uint8Array {
	let start = 0;
	while (start < unsigned.length - 1 && unsigned[start] === 0) start++; // minimal: no leading zero bytes...
	const value = unsigned.subarray(start);
	const pad = value[0]! & 0x80 ? Uint8Array.of(0) : new Uint8Array(0); // ...except one that keeps it positive
	return concatBytes(Uint8Array.of(0x02), derLength(pad.length + value.length), pad, value);
}

function derLength(length: number): Uint8Array {
	if (length < 0x80) return Uint8Array.of(length);
	return length < 0x100 ? Uint8Array.of(0x81, length) : Uint8Array.of(0x82, length >> 8, length & 0xff);
}

/** One tag-length-value at `offset` with the expected tag; lengths must be minimal, as DER demands. */
function readTlv(bytes: Uint8Array, offset: number, tag: number): { start: number; end: number } | undefined {
	if (bytes[offset] !== tag) return undefined;
	const first = bytes[offset + 1];
	if (first === undefined) return undefined;
	let length = first;
	let start = offset + 2;
	if (first === 0x81) {
		length = bytes[offset + 2] ?? 0;
		if (length < 0x80) return undefined;
		start = offset + 3;
	} else if (first === 0x82) {
		length = ((bytes[offset + 2] ?? 0) << 8) | (bytes[offset + 3] ?? 0);
		if (length < 0x100) return undefined;
		start = offset + 4;
	} else if (first >= 0x80) return undefined;
	return start + length <= bytes.length ? { start, end: start + length } : undefined;
}

/** A DER INTEGER's content as an unsigned number of at most `width` bytes; undefined if negative or not minimal. */
function unsignedValue(content: Uint8Array, width: number): Uint8Array | undefined {
	if (content.length === 0 || content[0]! & 0x80) return undefined;
	if (content.length > 1 && content[0] === 0 && !(content[1]! & 0x80)) return undefined;
	const value = content[0] === 0 && content.length > 1 ? content.subarray(1) : content;
	return value.length <= width ? value : undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Small helpers and the words

function raw(cert: X509Certificate): Uint8Array {
	return new Uint8Array(cert.rawData);
}

function isoTime(date: Date): string {
	return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function chainText(certs: X509Certificate[]): string {
	return certs.map((cert) => cert.subject).join(' ← ');
}

function check(id: CertificateCheckId, passed: boolean, explanation: LocalizedText): CertificateCheck {
	return { id, ok: passed, explanation };
}

function fill(text: LocalizedText, params: Record<string, string | number>): LocalizedText {
	return { en: interpolate(text.en, params), 'zh-CN': interpolate(text['zh-CN'], params) };
}

const messages = {
	badServerName: (name: string): LocalizedText => ({
		en: `“${name}” is not a host name a certificate can name: use letters, digits and hyphens in dot-separated labels (a left-most * makes a wildcard).`,
		'zh-CN': `“${name}” 不是证书可以写入的主机名：请用字母、数字和连字符组成以点分隔的标签（最左边的 * 表示通配符）。`
	}),
	creationFailed: (detail: string): LocalizedText => ({
		en: `The certificate could not be made: ${detail}`,
		'zh-CN': `无法生成证书：${detail}`
	}),
	emptyChain: {
		en: 'The server sent no certificate: there is nothing to check, so a client ends the handshake.',
		'zh-CN': '服务器没有发送证书：没有可检查的内容，客户端会终止握手。'
	},
	malformed: (where: 'chain' | 'anchors', position: number): LocalizedText =>
		where === 'chain'
			? {
					en: `Certificate ${position} of the chain is not valid DER X.509: the client cannot read it (TLS alert decode_error or bad_certificate).`,
					'zh-CN': `证书链中的第 ${position} 张证书不是有效的 DER 编码 X.509：客户端无法读取（TLS 警报 decode_error 或 bad_certificate）。`
				}
			: {
					en: `Trust anchor ${position} is not valid DER X.509.`,
					'zh-CN': `第 ${position} 个信任锚不是有效的 DER 编码 X.509。`
				},
	verificationFailed: (detail: string): LocalizedText => ({
		en: `A certificate in the chain could not be read while checking it: ${detail}`,
		'zh-CN': `检查证书链时有一张证书无法读取：${detail}`
	}),
	trusted: {
		en: 'The client trusts this certificate for {name}: all six checks passed.',
		'zh-CN': '客户端信任这张证书可用于 {name}：六项检查全部通过。'
	},
	rejected: {
		en: 'The client rejects the certificate at the “{check}” check. {why}',
		'zh-CN': '客户端在“{check}”这一项拒绝了这张证书。{why}'
	},
	issuerOk: {
		en: 'Each certificate names its issuer and the issuer is there: {path}. The last, {anchor}, is in the client’s trust store.',
		'zh-CN': '每张证书都写明了签发者，并且都能找到：{path}。最后一张 {anchor} 在客户端的信任库中。'
	},
	issuerMissing: {
		en: '{subject} says it was issued by {issuer}, but no certificate of that name is in the chain the server sent or in the client’s trust store, so there is no path to a root the client trusts (a browser shows NET::ERR_CERT_AUTHORITY_INVALID).',
		'zh-CN': '{subject} 声称由 {issuer} 签发，但服务器发来的证书链和客户端的信任库中都没有这个名字的证书，因此找不到通往受信任根证书的路径（浏览器会显示 NET::ERR_CERT_AUTHORITY_INVALID）。'
	},
	selfSignedUntrusted: {
		en: '{subject} signed itself and is not in the client’s trust store. Anyone can make a self-signed certificate, so on its own it proves nothing.',
		'zh-CN': '{subject} 是自签名证书，而且不在客户端的信任库中。任何人都能做出自签名证书，所以它本身证明不了任何事。'
	},
	pathTooLong: {
		en: 'The chain goes on for more than {max} certificates without reaching a trusted root; the client stops looking.',
		'zh-CN': '证书链超过 {max} 张仍未到达受信任的根证书，客户端停止查找。'
	},
	signatureOk: {
		en: 'All {links} signature(s) verify with the issuer’s public key: only the holder of the issuer’s private key could have made them, and nothing was changed after signing.',
		'zh-CN': '全部 {links} 个签名都能用签发者的公钥验证通过：只有持有签发者私钥的人才能做出这些签名，而且签名之后内容没有被改动。'
	},
	signatureBad: {
		en: 'The signature on {subject} does not verify with the public key of {issuer}: the certificate was changed after it was signed, or another key signed it under that name.',
		'zh-CN': '{subject} 上的签名无法用 {issuer} 的公钥验证：证书在签名后被改动过，或者是别的密钥冒用这个名字签的。'
	},
	signatureUnchecked: {
		en: 'Not fully checked: the issuer of {subject} was not found (see the issuer check), so there is no public key to check its signature with.',
		'zh-CN': '未能完整检查：找不到 {subject} 的签发者（见签发者检查），因此没有公钥可用来验证它的签名。'
	},
	validityOk: {
		en: 'At {now} every certificate is inside its validity period (notBefore ≤ now ≤ notAfter).',
		'zh-CN': '在 {now}，每张证书都处于有效期内（notBefore ≤ 当前时间 ≤ notAfter）。'
	},
	expired: {
		en: '{subject} expired at {notAfter}, and the time is now {now} (a browser shows NET::ERR_CERT_DATE_INVALID).',
		'zh-CN': '{subject} 已于 {notAfter} 过期，而现在是 {now}（浏览器会显示 NET::ERR_CERT_DATE_INVALID）。'
	},
	notYetValid: {
		en: '{subject} is not valid before {notBefore}, and the time is now {now}. A client whose clock is wrong sees exactly this.',
		'zh-CN': '{subject} 在 {notBefore} 之前无效，而现在是 {now}。客户端时钟不准时看到的正是这种情况。'
	},
	basicConstraintsOk: {
		en: 'Every certificate that signed another is marked as a CA (basicConstraints CA:TRUE), within any limit on the path length.',
		'zh-CN': '每张为其他证书签名的证书都标记为 CA（basicConstraints CA:TRUE），并且没有超出路径长度限制。'
	},
	notCa: {
		en: '{subject} signed {child}, but its basicConstraints do not say CA:TRUE: it is an end-entity certificate and may not issue others. Otherwise any website could issue certificates for every other site.',
		'zh-CN': '{subject} 为 {child} 签了名，但它的 basicConstraints 没有写 CA:TRUE：它是终端实体证书，不能签发其他证书。否则任何网站都能为其他所有网站签发证书。'
	},
	pathLength: {
		en: '{subject} allows at most {max} intermediate certificate(s) below it (pathLenConstraint), but this chain has {count}.',
		'zh-CN': '{subject} 规定其下最多只能有 {max} 张中间证书（pathLenConstraint），但这条链有 {count} 张。'
	},
	keyUsageOk: {
		en: 'Each issuer may sign certificates (keyUsage keyCertSign), and {subject} may sign the handshake (digitalSignature) as a TLS server (extKeyUsage serverAuth).',
		'zh-CN': '每个签发者都允许签发证书（keyUsage keyCertSign），{subject} 允许作为 TLS 服务器（extKeyUsage serverAuth）对握手签名（digitalSignature）。'
	},
	noCertSign: {
		en: '{subject} signed a certificate, but its keyUsage does not include keyCertSign.',
		'zh-CN': '{subject} 签发了证书，但它的 keyUsage 不包含 keyCertSign。'
	},
	noDigitalSignature: {
		en: 'The keyUsage of {subject} does not include digitalSignature, which TLS 1.3 needs: the server proves it holds the key by signing the handshake (CertificateVerify).',
		'zh-CN': '{subject} 的 keyUsage 不包含 digitalSignature，而 TLS 1.3 需要它：服务器要用这把密钥对握手签名（CertificateVerify）来证明自己持有私钥。'
	},
	noServerAuth: {
		en: 'The extKeyUsage of {subject} does not include serverAuth: the certificate is not meant for TLS servers.',
		'zh-CN': '{subject} 的 extKeyUsage 不包含 serverAuth：这张证书不是给 TLS 服务器用的。'
	},
	nameOk: {
		en: 'The name the client asked for, {name}, matches the certificate’s subjectAltName entry {pattern}.',
		'zh-CN': '客户端请求的名字 {name} 与证书 subjectAltName 中的 {pattern} 相符。'
	},
	nameMismatch: {
		en: 'The client asked for {name}, but the certificate is for {names}. Only subjectAltName DNS entries count; browsers stopped reading the Common Name years ago (RFC 6125). A browser shows NET::ERR_CERT_COMMON_NAME_INVALID.',
		'zh-CN': '客户端请求的是 {name}，但证书是签给 {names} 的。只有 subjectAltName 中的 DNS 条目才算数；浏览器多年前就不再看 Common Name（RFC 6125）。浏览器会显示 NET::ERR_CERT_COMMON_NAME_INVALID。'
	},
	noSan: {
		en: '{subject} has no subjectAltName DNS entry, so it names no server; the Common Name is not used for matching (RFC 6125).',
		'zh-CN': '{subject} 没有 subjectAltName DNS 条目，因此没有指明任何服务器；Common Name 不用于匹配（RFC 6125）。'
	},
	ipAddress: {
		en: '{name} is an IP address: it would have to be in an iPAddress entry, and these checks look at DNS names only.',
		'zh-CN': '{name} 是 IP 地址：它需要写在 iPAddress 条目里，而这里只检查 DNS 名称。'
	},
	wrongKey: {
		en: 'This key cannot sign a TLS 1.3 CertificateVerify here: use an ECDSA P-256 key or an RSA-PSS key with SHA-256.',
		'zh-CN': '这把密钥不能在这里为 TLS 1.3 CertificateVerify 签名：请使用 ECDSA P-256 密钥，或使用 SHA-256 的 RSA-PSS 密钥。'
	},
	keyDoesNotFit: (scheme: SignatureSchemeName): LocalizedText => ({
		en: `The certificate’s key does not fit the signature scheme ${scheme} the server named (TLS alert illegal_parameter).`,
		'zh-CN': `证书中的密钥与服务器声明的签名算法 ${scheme} 不匹配（TLS 警报 illegal_parameter）。`
	}),
	unsupportedScheme: (scheme: number | string): LocalizedText => {
		const shown = typeof scheme === 'number' ? `0x${scheme.toString(16).padStart(4, '0')}` : scheme;
		return {
			en: `Signature scheme ${shown} is not one this client supports (it offers ecdsa_secp256r1_sha256 and rsa_pss_rsae_sha256).`,
			'zh-CN': `签名算法 ${shown} 不受此客户端支持（它支持 ecdsa_secp256r1_sha256 和 rsa_pss_rsae_sha256）。`
		};
	},
	malformedSignature: {
		en: 'The ECDSA signature is not a well-formed DER SEQUENCE of two positive INTEGERs r and s (TLS alert decode_error).',
		'zh-CN': 'ECDSA 签名不是格式正确的 DER SEQUENCE（应包含两个正整数 r 和 s）（TLS 警报 decode_error）。'
	},
	badSignature: {
		en: 'The CertificateVerify signature does not verify with the certificate’s public key: whoever answered does not hold the certificate’s private key, or the transcript differs. The client sends a decrypt_error alert.',
		'zh-CN': 'CertificateVerify 签名无法用证书中的公钥验证：对方并不持有证书的私钥，或者双方的握手记录不一致。客户端会发送 decrypt_error 警报。'
	}
} satisfies Record<string, LocalizedText | ((...args: never[]) => LocalizedText)>;
