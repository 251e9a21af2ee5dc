/**
 * Records in presentation (master file) format, RFC 1035 section 5 -> wire form: for trust anchors given as text
 * (DS or DNSKEY lines, as IANA and `--trust-anchor FILE` give them) and for zones signed by real software.
 * Covers the types DNSSEC talks about plus the common ones; anything else can be written as `\# len hex` (RFC 3597).
 */
import { fromBase64Url, fromHex } from '$lib/bytes/encoding';
import { DNSSEC_ALGORITHMS } from '$lib/dns/records';
import { parseIPv4, parseIPv6 } from '$lib/dns/name';
import { fail, ok, type Result } from '$lib/errors';
import { fromBase32Hex } from './nsec3';
import { nameFromText, ROOT, type WireName } from './names';
import { typeBitmap, type Rr } from './records';

const TYPE_CODES: Record<string, number> = {
	A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, HINFO: 13, MX: 15, TXT: 16, RP: 17, AAAA: 28, SRV: 33, NAPTR: 35,
	DNAME: 39, DS: 43, SSHFP: 44, RRSIG: 46, NSEC: 47, DNSKEY: 48, NSEC3: 50, NSEC3PARAM: 51, TLSA: 52, CDS: 59,
	CDNSKEY: 60, ZONEMD: 63, SVCB: 64, HTTPS: 65, CAA: 257
};

/** A type mnemonic or RFC 3597 `TYPEnnn` -> its code. */
export function typeCode(mnemonic: string): number | undefined {
	const upper = mnemonic.toUpperCase();
	const generic = upper.match(/^TYPE(\d{1,5})$/);
	if (generic) return Number(generic[1]) <= 0xffff ? Number(generic[1]) : undefined;
	return TYPE_CODES[upper];
}

export type PresentationErrorCode = 'bad-record';

/** Reads every record of a zone file text (comments, parentheses, `$ORIGIN`, `$TTL`, owner carried over). */
export function parseRecords(text: string, origin: WireName = ROOT): Result<Rr[], PresentationErrorCode> {
	const records: Rr[] = [];
	let currentOrigin = origin;
	let defaultTtl = 3600;
	let lastOwner: WireName | undefined;
	for (const { tokens, line, indented } of logicalLines(text)) {
		const bad = (why: string) =>
			fail('bad-record' as const, { en: `Line ${line}: ${why}.`, 'zh-CN': `第 ${line} 行：${why}。` });
		if (tokens[0] === '$ORIGIN') {
			const name = nameFromText(tokens[1] ?? '', currentOrigin);
			if (!name) return bad(`bad $ORIGIN`);
			currentOrigin = name;
			continue;
		}
		if (tokens[0] === '$TTL') {
			defaultTtl = Number(tokens[1]);
			continue;
		}
		const rest = [...tokens];
		const owner = indented ? lastOwner : nameFromText(rest.shift()!, currentOrigin);
		if (!owner) return bad('no owner name');
		lastOwner = owner;
		let ttl = defaultTtl;
		let cls = 1;
		for (let i = 0; i < 2 && rest.length; i++) {
			if (/^\d+$/.test(rest[0]!)) ttl = Number(rest.shift());
			else if (/^(IN|CH|HS|CLASS\d+)$/i.test(rest[0]!)) {
				const c = rest.shift()!.toUpperCase();
				cls = c === 'IN' ? 1 : c === 'CH' ? 3 : c === 'HS' ? 4 : Number(c.slice(5));
			}
		}
		const type = typeCode(rest.shift() ?? '');
		if (type === undefined) return bad('unknown record type');
		const rdata = parseRdata(type, rest, currentOrigin);
		if (!rdata) return bad(`cannot read the data of this record`);
		records.push({ owner, type, class: cls, ttl, rdata });
	}
	return ok(records);
}

/** Splits zone text into records: comments dropped, parentheses joined, quoted strings kept whole. */
function* logicalLines(text: string): Generator<{ tokens: string[]; line: number; indented: boolean }> {
	let tokens: string[] = [];
	let depth = 0;
	let startLine = 1;
	let indented = false;
	const lines = text.split(/\r?\n/);
	for (let n = 0; n < lines.length; n++) {
		const raw = lines[n]!;
		if (depth === 0) {
			startLine = n + 1;
			indented = /^[ \t]/.test(raw);
		}
		for (let i = 0; i < raw.length; ) {
			const ch = raw[i]!;
			if (ch === ';') break;
			if (ch === ' ' || ch === '\t') i++;
			else if (ch === '(') (depth++, i++);
			else if (ch === ')') (depth--, i++);
			else if (ch === '"') {
				let j = i + 1;
				while (j < raw.length && raw[j] !== '"') j += raw[j] === '\\' ? 2 : 1;
				tokens.push(raw.slice(i, j + 1));
				i = j + 1;
			} else {
				let j = i;
				while (j < raw.length && !' \t();'.includes(raw[j]!)) j += raw[j] === '\\' ? 2 : 1;
				tokens.push(raw.slice(i, j));
				i = j;
			}
		}
		if (depth === 0 && tokens.length) {
			yield { tokens, line: startLine, indented };
			tokens = [];
		}
	}
}

const u8 = (v: number) => [v & 0xff];
const u16 = (v: number) => [(v >> 8) & 0xff, v & 0xff];
const u32 = (v: number) => [...u16(Math.floor(v / 0x10000)), ...u16(v % 0x10000)];

/** Standard base64 (RFC 4648 section 4), as DNSKEY and RRSIG are written. */
export const fromBase64 = (text: string) => fromBase64Url(text.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'));

/** RRSIG times: YYYYMMDDHHmmSS in UTC, or plain seconds (RFC 4034 section 3.2). */
function sigTime(token: string): number {
	const m = token.match(/^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/);
	if (!m) return Number(token);
	return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) / 1000;
}

function characterString(token: string): number[] {
	const body = token.startsWith('"') ? token.slice(1, -1) : token;
	const out: number[] = [];
	for (let i = 0; i < body.length; i++) {
		if (body[i] === '\\' && /^\d{3}$/.test(body.slice(i + 1, i + 4))) {
			out.push(Number(body.slice(i + 1, i + 4)));
			i += 3;
		} else if (body[i] === '\\') out.push(body.charCodeAt(++i));
		else out.push(...new TextEncoder().encode(body[i]!));
	}
	return [out.length, ...out];
}

function algorithm(token: string): number {
	const byName = Object.entries(DNSSEC_ALGORITHMS).find(([, name]) => name === token.toUpperCase());
	return byName ? Number(byName[0]) : Number(token);
}

/** The RDATA of one record from its tokens; undefined when they do not fit the type. */
export function parseRdata(type: number, t: string[], origin: WireName = ROOT): Uint8Array | undefined {
	try {
		const name = (token: string | undefined) => {
			const wire = token === undefined ? undefined : nameFromText(token, origin);
			if (!wire) throw new RangeError('name');
			return [...wire];
		};
		const num = (token: string | undefined) => {
			if (!/^\d+$/.test(token ?? '')) throw new RangeError('number');
			return Number(token);
		};
		const types = (tokens: string[]) => [
			...typeBitmap(
				tokens.map((m) => {
					const code = typeCode(m);
					if (code === undefined) throw new RangeError('type');
					return code;
				})
			)
		];
		let out: number[];
		if (t[0] === '\\#') {
			const bytes = t.length > 2 ? fromHex(t.slice(2).join('')) : new Uint8Array();
			return bytes.length === num(t[1]) ? bytes : undefined;
		}
		switch (type) {
			case 1:
				out = parseIPv4(t[0] ?? '') ?? [];
				if (out.length !== 4) return undefined;
				break;
			case 28: {
				const words = parseIPv6(t[0] ?? '');
				if (!words) return undefined;
				out = words.flatMap(u16);
				break;
			}
			case 2: case 5: case 12: case 39:
				out = name(t[0]);
				break;
			case 15:
				out = [...u16(num(t[0])), ...name(t[1])];
				break;
			case 33:
				out = [...u16(num(t[0])), ...u16(num(t[1])), ...u16(num(t[2])), ...name(t[3])];
				break;
			case 6:
				out = [...name(t[0]), ...name(t[1]), ...t.slice(2, 7).flatMap((v) => u32(num(v)))];
				if (t.length !== 7) return undefined;
				break;
			case 13: case 16:
				out = t.flatMap(characterString);
				break;
			case 43: case 59:
				out = [...u16(num(t[0])), ...u8(algorithm(t[1] ?? '')), ...u8(num(t[2])), ...fromHex(t.slice(3).join(''))];
				break;
			case 48: case 60:
				out = [...u16(num(t[0])), ...u8(num(t[1])), ...u8(algorithm(t[2] ?? '')), ...fromBase64(t.slice(3).join(''))];
				break;
			case 46: {
				const covered = typeCode(t[0] ?? '');
				if (covered === undefined) return undefined;
				out = [
					...u16(covered),
					...u8(algorithm(t[1] ?? '')),
					...u8(num(t[2])),
					...u32(num(t[3])),
					...u32(sigTime(t[4] ?? '')),
					...u32(sigTime(t[5] ?? '')),
					...u16(num(t[6])),
					...name(t[7]),
					...fromBase64(t.slice(8).join(''))
				];
				break;
			}
			case 47:
				out = [...name(t[0]), ...types(t.slice(1))];
				break;
			case 50: case 51: {
				const salt = t[3] === '-' ? new Uint8Array() : fromHex(t[3] ?? '');
				out = [...u8(num(t[0])), ...u8(num(t[1])), ...u16(num(t[2])), salt.length, ...salt];
				if (type === 50) {
					const next = fromBase32Hex(t[4] ?? '');
					if (!next) return undefined;
					out.push(next.length, ...next, ...types(t.slice(5)));
				}
				break;
			}
			default:
				return undefined;
		}
		return out.some((b) => Number.isNaN(b)) ? undefined : new Uint8Array(out);
	} catch {
		return undefined;
	}
}
