/**
 * What a person types -> a DNS query name. Accepts Unicode (IDN, converted to Punycode), a trailing dot,
 * and IP address literals (turned into their reverse-lookup PTR name). Rejects, with a message, what no
 * resolver would accept.
 */
import { fail, ok, type Result } from '$lib/errors';
import type { LocalizedText } from '$lib/i18n/locales';
import { punycodeDecode, punycodeEncode } from './punycode';

export interface QueryName {
	/** ASCII form without the trailing dot; '' is the root. */
	name: string;
	/** Presentation form with the trailing dot (`example.com.`, `.` for the root). */
	fqdn: string;
	/** Unicode form for display where the name has IDN labels, else the same as `name`. */
	unicode: string;
	/** Set when the input was an IP address: the address it reverses. */
	reverseOf?: string;
	/** Things done to the input a person should know about (IDN conversion, reverse lookup). */
	notes: LocalizedText[];
}

export type NameErrorCode =
	| 'empty'
	| 'space'
	| 'empty-label'
	| 'label-too-long'
	| 'name-too-long'
	| 'bad-char'
	| 'hyphen-edge'
	| 'bad-idn';

/** RFC 1035 section 2.3.4: 63 octets a label, 255 octets a name on the wire (253 characters in text). */
export const MAX_LABEL_OCTETS = 63;
export const MAX_NAME_CHARS = 253;

export function parseQueryName(input: string): Result<QueryName, NameErrorCode> {
	const trimmed = input.trim();
	if (trimmed === '')
		return fail('empty', { en: 'Type a domain name, like example.com.', 'zh-CN': '请输入域名，例如 example.com。' });
	if (trimmed === '.') return ok({ name: '', fqdn: '.', unicode: '.', notes: [] });

	const reverse = reverseName(trimmed);
	if (reverse) return ok(reverse);

	if (/\s/.test(trimmed))
		return fail('space', {
			en: 'A domain name cannot contain spaces.',
			'zh-CN': '域名中不能有空格。'
		});

	const withoutDot = trimmed.endsWith('.') ? trimmed.slice(0, -1) : trimmed;
	// Full-width and ideographic dots (common with Chinese input methods) separate labels too (UTS #46).
	const labels = withoutDot.normalize('NFC').toLowerCase().split(/[.\u3002\uff0e\uff61]/);
	const ascii: string[] = [];
	const notes: LocalizedText[] = [];
	for (const label of labels) {
		if (label === '')
			return fail('empty-label', {
				en: 'The name has an empty label (two dots in a row, or a dot at the start).',
				'zh-CN': '域名中有空标签（连续两个点，或以点开头）。'
			});
		let a = label;
		if (/[^\x00-\x7f]/.test(label)) {
			a = 'xn--' + punycodeEncode(label);
			notes.push({
				en: `“${label}” is an internationalized label; DNS carries it as “${a}” (Punycode, RFC 3492).`,
				'zh-CN': `“${label}”是国际化域名标签，DNS 中以“${a}”传输（Punycode，RFC 3492）。`
			});
		} else if (label.startsWith('xn--') && punycodeDecode(label.slice(4)) === undefined) {
			return fail('bad-idn', {
				en: `“${label}” starts with xn-- but is not valid Punycode.`,
				'zh-CN': `“${label}”以 xn-- 开头，但不是有效的 Punycode。`
			});
		}
		const bad = a.match(/[^a-z0-9_-]/);
		if (bad)
			return fail('bad-char', {
				en: `“${bad[0]}” cannot appear in a host name: use letters, digits, hyphens (and _ for service names).`,
				'zh-CN': `主机名中不能出现“${bad[0]}”：只能用字母、数字、连字符（服务名可用 _）。`
			});
		if (a.length > MAX_LABEL_OCTETS)
			return fail('label-too-long', {
				en: `The label “${truncate(label)}” is ${a.length} octets long; a label holds at most ${MAX_LABEL_OCTETS}.`,
				'zh-CN': `标签“${truncate(label)}”长 ${a.length} 字节，一个标签最多 ${MAX_LABEL_OCTETS} 字节。`
			});
		if (a.startsWith('-') || a.endsWith('-'))
			return fail('hyphen-edge', {
				en: `The label “${label}” starts or ends with a hyphen, which host names do not allow.`,
				'zh-CN': `标签“${label}”以连字符开头或结尾，主机名不允许这样。`
			});
		ascii.push(a);
	}
	const name = ascii.join('.');
	if (name.length > MAX_NAME_CHARS)
		return fail('name-too-long', {
			en: `The name is ${name.length} characters long; a domain name holds at most ${MAX_NAME_CHARS}.`,
			'zh-CN': `域名长 ${name.length} 个字符，最多 ${MAX_NAME_CHARS} 个。`
		});
	const unicode = ascii.map((l) => (l.startsWith('xn--') ? (punycodeDecode(l.slice(4)) ?? l) : l)).join('.');
	return ok({ name, fqdn: name + '.', unicode, notes });
}

const truncate = (s: string) => (s.length > 20 ? s.slice(0, 20) + '…' : s);

function reverseName(input: string): QueryName | undefined {
	const v4 = parseIPv4(input);
	if (v4) {
		const name = [...v4].reverse().join('.') + '.in-addr.arpa';
		return {
			name,
			fqdn: name + '.',
			unicode: name,
			reverseOf: v4.join('.'),
			notes: [
				{
					en: `${v4.join('.')} is an IPv4 address: its name is looked up in reverse, as ${name} (type PTR).`,
					'zh-CN': `${v4.join('.')} 是 IPv4 地址：反向查询它的名字，即 ${name}（PTR 类型）。`
				}
			]
		};
	}
	const v6 = parseIPv6(input.replace(/^\[(.*)\]$/, '$1'));
	if (v6) {
		const nibbles = v6.flatMap((word) => word.toString(16).padStart(4, '0').split(''));
		const name = nibbles.reverse().join('.') + '.ip6.arpa';
		const address = input.replace(/^\[(.*)\]$/, '$1').toLowerCase();
		return {
			name,
			fqdn: name + '.',
			unicode: name,
			reverseOf: address,
			notes: [
				{
					en: `${address} is an IPv6 address: its name is looked up in reverse, nibble by nibble, under ip6.arpa (type PTR).`,
					'zh-CN': `${address} 是 IPv6 地址：按半字节倒序在 ip6.arpa 下反向查询（PTR 类型）。`
				}
			]
		};
	}
	return undefined;
}

/** Dotted-quad IPv4 only (no shorthand like `127.1`), each part 0-255 without leading zeros. */
export function parseIPv4(text: string): number[] | undefined {
	const m = text.match(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/);
	if (!m) return undefined;
	const parts = m.slice(1).map((p) => (p.length > 1 && p.startsWith('0') ? NaN : Number(p)));
	return parts.every((p) => p >= 0 && p <= 255) ? parts : undefined;
}

/** IPv6 text (RFC 4291 section 2.2, with `::` and an embedded IPv4 tail) -> eight 16-bit words. */
export function parseIPv6(text: string): number[] | undefined {
	if (!text.includes(':') || !/^[0-9a-fA-F:.]+$/.test(text)) return undefined;
	let words = text;
	const lastColon = words.lastIndexOf(':');
	const v4Tail = words.slice(lastColon + 1);
	if (v4Tail.includes('.')) {
		// An embedded IPv4 tail (`::ffff:192.0.2.1`) is two 16-bit words written another way.
		const v4 = parseIPv4(v4Tail);
		if (!v4) return undefined;
		const hi = ((v4[0]! << 8) | v4[1]!).toString(16);
		const lo = ((v4[2]! << 8) | v4[3]!).toString(16);
		words = words.slice(0, lastColon + 1) + hi + ':' + lo;
	}
	const halves = words.split('::');
	if (halves.length > 2) return undefined;
	const parse = (s: string) => (s === '' ? [] : s.split(':'));
	const head = parse(halves[0]!);
	const rest = halves.length === 2 ? parse(halves[1]!) : [];
	if ([...head, ...rest].some((w) => !/^[0-9a-fA-F]{1,4}$/.test(w))) return undefined;
	const given = head.length + rest.length;
	if (halves.length === 1 ? given !== 8 : given > 7) return undefined;
	const zeros = new Array<number>(8 - given).fill(0);
	return [...head.map((w) => parseInt(w, 16)), ...zeros, ...rest.map((w) => parseInt(w, 16))];
}
