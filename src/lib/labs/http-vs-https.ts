/**
 * HTTP vs HTTPS, seen from the wire: the same request sent in clear to port 80 and inside a TLS record to port 443,
 * each as the Ethernet frame a passive observer captures, and what that observer can read from each. Every
 * "visible" verdict is a search of the captured bytes for the value, not a claim.
 */
import { fail, ok, type Result } from '$lib/errors';
import type { LocalizedText } from '$lib/i18n/locales';
import { isDnsName } from '$lib/tls/certificates';
import { text } from '$lib/tls/wire';
import { wrapHttpRequest, type Encapsulation } from './encapsulation';

export interface RequestInput {
	host: string;
	/** Path and query, starting with `/`. */
	path: string;
	/** A Cookie header value (empty: none), the secret a login would carry. */
	cookie: string;
}

export const defaultRequestInput: RequestInput = { host: 'shop.wirewalk.example', path: '/account?card=4111-1111', cookie: 'session=s3cr3t-7f2a' };

export interface ExposureRow {
	what: LocalizedText;
	/** The value, as the request holds it. */
	value: string;
	/** Found in the captured bytes of each frame. */
	inClear: { http: boolean; https: boolean };
}

export interface HttpVsHttps {
	request: Uint8Array;
	http: Encapsulation;
	https: Encapsulation;
	exposure: ExposureRow[];
}

export type RequestInputError = 'bad-host' | 'bad-path' | 'bad-cookie';

const MAX_PATH = 512;
const MAX_COOKIE = 512;

/** Checks the form: a host name, a path from `/` without spaces or line breaks, a cookie without line breaks. */
export function checkRequestInput(input: RequestInput): Partial<Record<keyof RequestInput, LocalizedText>> {
	const errors: Partial<Record<keyof RequestInput, LocalizedText>> = {};
	if (!isDnsName(input.host.trim())) errors.host = text('Type a host name such as shop.example.', '请输入主机名，例如 shop.example。');
	if (!/^\/[\x21-\x7e]*$/.test(input.path) || input.path.length > MAX_PATH)
		errors.path = text(`The path starts with / and has no spaces or non-ASCII characters (at most ${MAX_PATH}).`, `路径以 / 开头，不含空格和非 ASCII 字符（最多 ${MAX_PATH} 个）。`);
	if (/[\r\n]/.test(input.cookie) || !/^[\x20-\x7e]*$/.test(input.cookie) || input.cookie.length > MAX_COOKIE)
		errors.cookie = text(`A cookie is one line of ASCII text (at most ${MAX_COOKIE} characters).`, `Cookie 是一行 ASCII 文本（最多 ${MAX_COOKIE} 个字符）。`);
	return errors;
}

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
	if (needle.length === 0) return false;
	outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
		for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
		return true;
	}
	return false;
}

export async function compareHttpHttps(input: RequestInput, crypto?: Pick<Crypto, 'subtle'>): Promise<Result<HttpVsHttps, RequestInputError | 'frame'>> {
	const errors = checkRequestInput(input);
	const first = (Object.keys(errors) as (keyof RequestInput)[])[0];
	if (first) return fail(`bad-${first}` as RequestInputError, errors[first]!);
	const host = input.host.trim().toLowerCase();
	const lines = [`GET ${input.path} HTTP/1.1`, `Host: ${host}`, 'User-Agent: Wirewalk', ...(input.cookie ? [`Cookie: ${input.cookie}`] : []), '', ''];
	const request = new TextEncoder().encode(lines.join('\r\n'));
	const [http, https] = await Promise.all([wrapHttpRequest(request, { tls: false, crypto }), wrapHttpRequest(request, { tls: true, crypto })]);
	if (!http.ok) return fail('frame', http.error.message);
	if (!https.ok) return fail('frame', https.error.message);
	const encode = (value: string) => new TextEncoder().encode(value);
	const row = (what: LocalizedText, value: string): ExposureRow => ({
		what,
		value,
		inClear: { http: contains(http.value.frame, encode(value)), https: contains(https.value.frame, encode(value)) }
	});
	const exposure = [
		row(text('Host name (Host header)', '主机名（Host 首部）'), host),
		row(text('Path and query', '路径和查询参数'), input.path),
		...(input.cookie ? [row(text('Cookie', 'Cookie'), input.cookie)] : []),
		row(text('Browser (User-Agent)', '浏览器（User-Agent）'), 'Wirewalk')
	];
	return ok({ request, http: http.value, https: https.value, exposure });
}

/** What stays visible with HTTPS anyway: the observer's view that no search of this one frame shows. */
export const stillVisible: readonly LocalizedText[] = [
	text('The server’s IP address and port (443) in every packet’s headers.', '每个数据包首部中的服务器 IP 地址和端口（443）。'),
	text('The host name, in the TLS ClientHello’s SNI (unless Encrypted Client Hello is used) and in the DNS lookup before it (unless that goes over DoH or DoT).', '主机名：它出现在 TLS ClientHello 的 SNI 中（除非使用 Encrypted Client Hello），也出现在此前的 DNS 查询中（除非经 DoH 或 DoT）。'),
	text('Sizes and timing: each record’s length is in clear (the content plus 22 bytes here), which can hint at which page was fetched.', '大小和时间：每条记录的长度是明文（这里是内容长度加 22 字节），可能暴露访问的是哪个页面。')
];
