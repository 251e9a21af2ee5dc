/**
 * Record data in presentation form (RFC 1035 section 5.1 and each type's RFC): what `dig` prints and what
 * the CLI's JSON carries. dns-packet decodes the standard types; HTTPS/SVCB (RFC 9460), which it leaves raw,
 * are read here. Anything else, or anything that does not decode, is shown in the RFC 3597 generic form.
 */
import { Buffer } from 'buffer';
import dnsPacket from 'dns-packet';
import { toBase64, toHex } from '$lib/bytes/encoding';
import { escapeLabel, fqdn } from './labels';
import { typeName } from './types';

/** What the walk needs to follow a record, besides its text. */
export interface RecordData {
	/** Presentation form: `192.0.2.1`, `10 mail.example.`, `"v=spf1 -all"`. */
	text: string;
	/** The name a record points to (NS, CNAME, DNAME, PTR, MX, SRV, HTTPS/SVCB), lowercase with the trailing dot. */
	target?: string;
	/** The address of an A or AAAA record. */
	address?: string;
}

// dns-packet decodes one resource record at an offset with `answer.decode`; its types leave that out.
interface AnswerCodec {
	decode: ((buf: Buffer, offset: number) => { type: string; data?: unknown }) & { bytes: number };
}
const answerCodec = (dnsPacket as unknown as { answer: AnswerCodec }).answer;

/** RFC 1035 character-string: quoted, with `"` and `\` escaped and non-printable bytes as \DDD. */
export function characterString(bytes: Uint8Array): string {
	let out = '"';
	for (const b of bytes) {
		if (b === 0x22 || b === 0x5c) out += '\\' + String.fromCharCode(b);
		else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
		else out += '\\' + String(b).padStart(3, '0');
	}
	return out + '"';
}

const generic = (rdata: Uint8Array) => (rdata.length ? `\\# ${rdata.length} ${toHex(rdata)}` : '\\# 0');
/** RRSIG times: YYYYMMDDHHmmSS in UTC (RFC 4034 section 3.2). */
/** RRSIG times in presentation form, YYYYMMDDHHmmSS UTC (RFC 4034 section 3.2). */
export const sigTime = (seconds: number) => new Date(seconds * 1000).toISOString().replace(/[-:T]/g, '').slice(0, 14);

/**
 * Presents one record's data. `message` is the whole message (names in rdata may point back into it),
 * the record stands at `recordOffset` for `recordLength` bytes, `rdata` is its data.
 */
export function presentRecord(message: Uint8Array, recordOffset: number, recordLength: number, type: number, rdata: Uint8Array): RecordData {
	if (type === 64 || type === 65) return presentSvcb(rdata) ?? { text: generic(rdata) };
	let decoded: { data?: unknown };
	try {
		const buf = Buffer.from(message.buffer, message.byteOffset, message.byteLength);
		decoded = answerCodec.decode(buf, recordOffset);
	} catch {
		return { text: generic(rdata) };
	}
	// dns-packet reads what a type should hold, not what RDLENGTH says: a mismatch means malformed data.
	if (answerCodec.decode.bytes !== recordLength) return { text: generic(rdata) };
	const d = decoded.data as never;
	switch (typeName(type)) {
		case 'A':
		case 'AAAA':
			return { text: d, address: d };
		case 'NS':
		case 'CNAME':
		case 'PTR':
		case 'DNAME':
			return { text: fqdn(d), target: fqdn(d) };
		case 'MX': {
			const mx = d as { preference: number; exchange: string };
			return { text: `${mx.preference} ${fqdn(mx.exchange)}`, target: fqdn(mx.exchange) };
		}
		case 'SRV': {
			const s = d as { priority: number; weight: number; port: number; target: string };
			return { text: `${s.priority} ${s.weight} ${s.port} ${fqdn(s.target)}`, target: fqdn(s.target) };
		}
		case 'TXT':
			return { text: (d as Uint8Array[]).map((part) => characterString(part)).join(' ') };
		case 'SOA': {
			const s = d as { mname: string; rname: string; serial: number; refresh: number; retry: number; expire: number; minimum: number };
			return { text: `${fqdn(s.mname)} ${fqdn(s.rname)} ${s.serial} ${s.refresh} ${s.retry} ${s.expire} ${s.minimum}` };
		}
		case 'CAA': {
			const c = d as { flags: number; tag: string; value: string };
			return { text: `${c.flags} ${c.tag} ${characterString(new TextEncoder().encode(c.value))}` };
		}
		case 'DS': {
			const ds = d as { keyTag: number; algorithm: number; digestType: number; digest: Uint8Array };
			return { text: `${ds.keyTag} ${ds.algorithm} ${ds.digestType} ${toHex(ds.digest).toUpperCase()}` };
		}
		case 'DNSKEY': {
			const k = d as { flags: number; algorithm: number; key: Uint8Array };
			return { text: `${k.flags} 3 ${k.algorithm} ${toBase64(k.key)}` };
		}
		case 'RRSIG': {
			const s = d as {
				typeCovered: string;
				algorithm: number;
				labels: number;
				originalTTL: number;
				expiration: number;
				inception: number;
				keyTag: number;
				signersName: string;
				signature: Uint8Array;
			};
			return {
				text: `${s.typeCovered} ${s.algorithm} ${s.labels} ${s.originalTTL} ${sigTime(s.expiration)} ${sigTime(s.inception)} ${s.keyTag} ${fqdn(s.signersName)} ${toBase64(s.signature)}`
			};
		}
		case 'NSEC': {
			const n = d as { nextDomain: string; rrtypes: string[] };
			return { text: `${fqdn(n.nextDomain)} ${n.rrtypes.join(' ')}` };
		}
		default:
			return { text: generic(rdata) };
	}
}

/** DNSSEC algorithm numbers (IANA "DNS Security Algorithm Numbers"). */
export const DNSSEC_ALGORITHMS: Record<number, string> = {
	5: 'RSASHA1',
	7: 'RSASHA1-NSEC3-SHA1',
	8: 'RSASHA256',
	10: 'RSASHA512',
	13: 'ECDSAP256SHA256',
	14: 'ECDSAP384SHA384',
	15: 'ED25519',
	16: 'ED448'
};

/** DS digest types (IANA "Delegation Signer (DS) Resource Record (RR) Type Digest Algorithms"). */
export const DS_DIGEST_TYPES: Record<number, string> = { 1: 'SHA-1', 2: 'SHA-256', 4: 'SHA-384' };

export const SVC_KEYS = ['mandatory', 'alpn', 'no-default-alpn', 'port', 'ipv4hint', 'ech', 'ipv6hint'];

/** HTTPS/SVCB rdata (RFC 9460 section 2.2): priority, target name (uncompressed), then key=value params. */
export function presentSvcb(rdata: Uint8Array): RecordData | undefined {
	if (rdata.length < 3) return undefined;
	const priority = (rdata[0]! << 8) | rdata[1]!;
	let at = 2;
	const labels: string[] = [];
	for (;;) {
		const len = rdata[at];
		if (len === undefined || len > 63 || at + 1 + len > rdata.length) return undefined;
		at += 1;
		if (len === 0) break;
		labels.push(escapeLabel(rdata.subarray(at, at + len)));
		at += len;
	}
	const target = labels.length ? labels.join('.').toLowerCase() + '.' : '.';
	const params: string[] = [];
	let lastKey = -1;
	while (at < rdata.length) {
		if (at + 4 > rdata.length) return undefined;
		const key = (rdata[at]! << 8) | rdata[at + 1]!;
		const len = (rdata[at + 2]! << 8) | rdata[at + 3]!;
		const value = rdata.subarray(at + 4, at + 4 + len);
		if (value.length !== len || key <= lastKey) return undefined; // keys must be strictly increasing
		lastKey = key;
		at += 4 + len;
		params.push(svcParam(key, value));
	}
	// Priority 0 is AliasMode: the target is an alias and there are no parameters.
	return { text: [String(priority), target, ...params].join(' '), target: target === '.' ? undefined : target };
}

/** One SvcParam as `key=value` (RFC 9460 presentation). */
export function svcParam(key: number, value: Uint8Array): string {
	const name = SVC_KEYS[key] ?? `key${key}`;
	const u16s = () => Array.from({ length: value.length / 2 }, (_, i) => (value[2 * i]! << 8) | value[2 * i + 1]!);
	switch (key) {
		case 0:
			return `${name}=${u16s().map((k) => SVC_KEYS[k] ?? `key${k}`).join(',')}`;
		case 1: {
			const ids: string[] = [];
			for (let i = 0; i < value.length; i += 1 + value[i]!) ids.push(new TextDecoder().decode(value.subarray(i + 1, i + 1 + value[i]!)));
			return `${name}="${ids.map((id) => id.replace(/[\\,"]/g, (c) => '\\' + c)).join(',')}"`;
		}
		case 2:
			return name;
		case 3:
			return `${name}=${u16s()[0] ?? ''}`;
		case 4:
			return `${name}=${Array.from({ length: value.length / 4 }, (_, i) => Array.from(value.subarray(4 * i, 4 * i + 4)).join('.')).join(',')}`;
		case 5:
			return `${name}=${toBase64(value)}`;
		case 6:
			return `${name}=${Array.from({ length: value.length / 16 }, (_, i) => ipv6Text(value.subarray(16 * i, 16 * i + 16))).join(',')}`;
		default:
			return `${name}=${characterString(value)}`;
	}
}

/** RFC 5952 text form of an IPv6 address: lowercase, the longest run of two or more zero words as `::`. */
export function ipv6Text(bytes: Uint8Array): string {
	const words = Array.from({ length: 8 }, (_, i) => (bytes[2 * i]! << 8) | bytes[2 * i + 1]!);
	let best = { at: -1, len: 0 };
	for (let i = 0; i < 8; ) {
		if (words[i] !== 0) {
			i++;
			continue;
		}
		let j = i;
		while (j < 8 && words[j] === 0) j++;
		if (j - i > best.len) best = { at: i, len: j - i };
		i = j;
	}
	const hex = words.map((w) => w.toString(16));
	if (best.len < 2) return hex.join(':');
	return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.len).join(':')}`;
}
