/**
 * Resource records as the validator takes them (owner and RDATA uncompressed, RFC 4034 section 6.2), and the
 * RDATA layouts of DNSKEY, DS, RRSIG (RFC 4034), NSEC (RFC 4034 section 4) and NSEC3 (RFC 5155 section 3).
 */
import type { DnsRecord } from '$lib/dns/wire';
import { canonicalName, wireNameLength, type WireName } from './names';

export interface Rr {
	owner: WireName;
	type: number;
	class: number;
	ttl: number;
	/** Uncompressed: names inside are written out in full. */
	rdata: Uint8Array;
}

export const TYPE = {
	A: 1,
	NS: 2,
	CNAME: 5,
	SOA: 6,
	MX: 15,
	TXT: 16,
	AAAA: 28,
	DNAME: 39,
	DS: 43,
	RRSIG: 46,
	NSEC: 47,
	DNSKEY: 48,
	NSEC3: 50,
	NSEC3PARAM: 51
} as const;

export interface Dnskey {
	flags: number;
	protocol: number;
	algorithm: number;
	publicKey: Uint8Array;
}

export interface Ds {
	keyTag: number;
	algorithm: number;
	digestType: number;
	digest: Uint8Array;
}

export interface Rrsig {
	typeCovered: number;
	algorithm: number;
	labels: number;
	originalTtl: number;
	/** Seconds since 1970, modulo 2^32 (RFC 4034 section 3.1.5). */
	expiration: number;
	inception: number;
	keyTag: number;
	signer: WireName;
	signature: Uint8Array;
	/** The RDATA up to the signature: the first part of the signed data (RFC 4034 section 3.1.8.1). */
	fields: Uint8Array;
}

export interface Nsec {
	next: WireName;
	types: Set<number>;
}

export interface Nsec3 {
	hashAlgorithm: number;
	flags: number;
	iterations: number;
	salt: Uint8Array;
	/** The next hashed owner name, raw (20 bytes for SHA-1). */
	nextHash: Uint8Array;
	types: Set<number>;
}

/** DNSKEY flags (RFC 4034 section 2.1.1): the zone key bit, the secure entry point bit; RFC 5011 revoke. */
export const ZONE_KEY_FLAG = 0x0100;
export const SEP_FLAG = 0x0001;
export const REVOKE_FLAG = 0x0080;

const u16 = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const u32 = (b: Uint8Array, at: number) => u16(b, at) * 0x10000 + u16(b, at + 2);

export function parseDnskey(rdata: Uint8Array): Dnskey | undefined {
	if (rdata.length < 5) return undefined;
	return { flags: u16(rdata, 0), protocol: rdata[2]!, algorithm: rdata[3]!, publicKey: rdata.slice(4) };
}

export function parseDs(rdata: Uint8Array): Ds | undefined {
	if (rdata.length < 5) return undefined;
	return { keyTag: u16(rdata, 0), algorithm: rdata[2]!, digestType: rdata[3]!, digest: rdata.slice(4) };
}

export function parseRrsig(rdata: Uint8Array): Rrsig | undefined {
	const signerLength = rdata.length > 18 ? wireNameLength(rdata, 18) : undefined;
	if (signerLength === undefined || 18 + signerLength >= rdata.length) return undefined;
	const end = 18 + signerLength;
	return {
		typeCovered: u16(rdata, 0),
		algorithm: rdata[2]!,
		labels: rdata[3]!,
		originalTtl: u32(rdata, 4),
		expiration: u32(rdata, 8),
		inception: u32(rdata, 12),
		keyTag: u16(rdata, 16),
		signer: rdata.slice(18, end),
		signature: rdata.slice(end),
		fields: rdata.slice(0, end)
	};
}

export function parseNsec(rdata: Uint8Array): Nsec | undefined {
	const nextLength = wireNameLength(rdata, 0);
	if (nextLength === undefined) return undefined;
	const types = parseTypeBitmap(rdata.subarray(nextLength));
	return types && { next: rdata.slice(0, nextLength), types };
}

export function parseNsec3(rdata: Uint8Array): Nsec3 | undefined {
	if (rdata.length < 6) return undefined;
	const saltLength = rdata[4]!;
	const hashAt = 5 + saltLength;
	const hashLength = rdata[hashAt];
	if (hashLength === undefined || hashAt + 1 + hashLength > rdata.length) return undefined;
	const types = parseTypeBitmap(rdata.subarray(hashAt + 1 + hashLength));
	if (!types) return undefined;
	return {
		hashAlgorithm: rdata[0]!,
		flags: rdata[1]!,
		iterations: u16(rdata, 2),
		salt: rdata.slice(5, hashAt),
		nextHash: rdata.slice(hashAt + 1, hashAt + 1 + hashLength),
		types
	};
}

/** RFC 4034 section 4.1.2: windows of (block, length, bitmap); bit 0 of the first byte is type block*256. */
export function parseTypeBitmap(bytes: Uint8Array): Set<number> | undefined {
	const types = new Set<number>();
	for (let at = 0; at < bytes.length; ) {
		const block = bytes[at]!;
		const length = bytes[at + 1];
		if (length === undefined || length < 1 || length > 32 || at + 2 + length > bytes.length) return undefined;
		for (let i = 0; i < length; i++)
			for (let bit = 0; bit < 8; bit++) if (bytes[at + 2 + i]! & (0x80 >> bit)) types.add(block * 256 + i * 8 + bit);
		at += 2 + length;
	}
	return types;
}

export function typeBitmap(types: Iterable<number>): Uint8Array {
	const sorted = [...new Set(types)].sort((a, b) => a - b);
	const out: number[] = [];
	for (let i = 0; i < sorted.length; ) {
		const block = sorted[i]! >> 8;
		const bits = new Uint8Array(32);
		let length = 0;
		for (; i < sorted.length && sorted[i]! >> 8 === block; i++) {
			const low = sorted[i]! & 0xff;
			bits[low >> 3]! |= 0x80 >> (low & 7);
			length = (low >> 3) + 1;
		}
		out.push(block, length, ...bits.subarray(0, length));
	}
	return new Uint8Array(out);
}

/**
 * Where the domain names sit in the RDATA of the types whose names are lowercased in canonical form: RFC 4034
 * section 6.2 item 3, as amended by RFC 6840 section 5.1 (NSEC's next name keeps its case; RRSIG's signer is
 * lowercased). Each entry finds the offsets of the names in one RDATA.
 */
const NAMES_IN_RDATA: Record<number, (rdata: Uint8Array) => number[] | undefined> = {
	2: at(0), 3: at(0), 4: at(0), 5: at(0), 7: at(0), 8: at(0), 9: at(0), 12: at(0), 39: at(0),
	6: at(0, 0), 14: at(0, 0), 17: at(0, 0),
	15: at(2), 18: at(2), 21: at(2), 36: at(2),
	26: at(2, 0),
	33: at(6),
	24: at(18), 46: at(18),
	30: at(0),
	35: naptrNames,
	38: a6Names
};

/** Offsets of consecutive names: the first after `first` fixed bytes, each later one right after the previous. */
function at(first: number, ...gaps: number[]) {
	return (rdata: Uint8Array) => {
		const offsets = [first];
		for (const gap of gaps) {
			const length = wireNameLength(rdata, offsets.at(-1)!);
			if (length === undefined) return undefined;
			offsets.push(offsets.at(-1)! + length + gap);
		}
		return offsets;
	};
}

/** NAPTR (RFC 3403): order, preference, three character-strings, then the replacement name. */
function naptrNames(rdata: Uint8Array): number[] | undefined {
	let o = 4;
	for (let i = 0; i < 3; i++) {
		if (o >= rdata.length) return undefined;
		o += 1 + rdata[o]!;
	}
	return [o];
}

/** A6 (RFC 2874): prefix length, the address suffix, then a prefix name when the prefix length is not 0. */
function a6Names(rdata: Uint8Array): number[] | undefined {
	const prefix = rdata[0];
	if (prefix === undefined || prefix > 128) return undefined;
	return prefix === 0 ? [] : [1 + Math.ceil((128 - prefix) / 8)];
}

/** RDATA in canonical form: the names of the types listed above lowercased, everything else untouched. */
export function canonicalRdata(type: number, rdata: Uint8Array): Uint8Array {
	const offsets = NAMES_IN_RDATA[type]?.(rdata);
	if (!offsets?.length) return rdata;
	const out = rdata.slice();
	for (const offset of offsets) {
		const length = wireNameLength(rdata, offset);
		if (length === undefined) return rdata;
		out.set(canonicalName(rdata.subarray(offset, offset + length)), offset);
	}
	return out;
}

/**
 * A record of a decoded message as the validator takes it. The owner and, for the RFC 1035 types that may be
 * compressed (RFC 3597 section 4), the names in the RDATA are read out of the message in full.
 */
export function recordFromMessage(message: Uint8Array, record: DnsRecord): Rr | undefined {
	const owner = readName(message, record.offset);
	if (!owner) return undefined;
	const rdataAt = owner.end + 10;
	const offsets = COMPRESSIBLE[record.type];
	let rdata = record.rdata;
	if (offsets) {
		const parts: number[] = [];
		let o = rdataAt;
		for (const [fixedBefore, isName] of offsets) {
			if (isName) {
				const name = readName(message, o);
				if (!name) return undefined;
				parts.push(...name.wire);
				o = name.end;
			} else {
				parts.push(...message.subarray(o, o + fixedBefore));
				o += fixedBefore;
			}
		}
		parts.push(...message.subarray(o, rdataAt + record.rdata.length));
		rdata = new Uint8Array(parts);
	}
	return { owner: owner.wire, type: record.type, class: record.class, ttl: record.ttl, rdata };
}

/** RFC 1035 types whose RDATA names may be compressed: [fixed bytes, 0] or [0, 1 = a name], in order. */
const NAME: [number, 1] = [0, 1];
const COMPRESSIBLE: Record<number, [number, 0 | 1][]> = {
	2: [NAME], 3: [NAME], 4: [NAME], 5: [NAME], 7: [NAME], 8: [NAME], 9: [NAME], 12: [NAME],
	6: [NAME, NAME], 14: [NAME, NAME],
	15: [[2, 0], NAME]
};

/** A possibly compressed name in a message -> its full wire form and the offset after it in place. */
function readName(message: Uint8Array, start: number): { wire: Uint8Array; end: number } | undefined {
	const out: number[] = [];
	let at = start;
	let end: number | undefined;
	for (;;) {
		const len = message[at];
		if (len === undefined) return undefined;
		if ((len & 0xc0) === 0xc0) {
			const target = ((len & 0x3f) << 8) | (message[at + 1] ?? 0);
			if (target >= at) return undefined; // only backwards: no loops
			end ??= at + 2;
			at = target;
			continue;
		}
		if (len > 63 || at + 1 + len > message.length) return undefined;
		out.push(...message.subarray(at, at + 1 + len));
		if (out.length > 255) return undefined;
		at += 1 + len;
		if (len === 0) return { wire: new Uint8Array(out), end: end ?? at };
	}
}
