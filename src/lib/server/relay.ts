/**
 * The relay behind direct mode in the browser: a page cannot send UDP, so it posts a wire-format query and a
 * target; the relay sends it (UDP, TCP when truncated) and returns the raw response with the server's address
 * and the time it took.
 *
 * It is not an open proxy. It sends only:
 * - to addresses from its root hints, or that it has itself relayed to this client (glue and answer addresses),
 *   carried in a token the relay signs (HMAC-SHA256), so it keeps no state per client;
 * - never to private or special-use addresses (except a lab range set by configuration), only to port 53 (or the
 *   lab's port, inside the lab range);
 * - only standard queries (opcode QUERY, one question, class IN, no ANY/AXFR/IXFR), at most 512 bytes;
 * - at most 20 queries a second per client (bursts of 60), else 429.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { fromBase64Url, toBase64Url } from '$lib/bytes/encoding';
import type { LocalizedText } from '$lib/i18n/locales';
import { ipv6Text } from '$lib/dns/records';
import type { NameServer } from '$lib/dns/root-hints';
import type { DirectTransport } from '$lib/dns/transport';
import { decodeMessage } from '$lib/dns/wire';
import { inCidr, parseAddress, specialUseBlock, type Cidr } from './addresses';

export interface RelayConfig {
	rootHints: readonly NameServer[];
	transport: DirectTransport;
	/** Special-use addresses allowed anyway (the DNS lab on loopback). */
	labRange?: Cidr;
	/** A port other than 53 that may be used inside the lab range. */
	labPort?: number;
	/** HMAC key for tokens; random per process when not given (tokens then end with a restart). */
	secret?: Uint8Array;
	now?: () => number;
	rate?: { perSecond: number; burst: number };
	timeoutMs?: number;
}

export interface RelayReply {
	status: number;
	body: Record<string, unknown>;
	headers?: Record<string, string>;
}

export const MAX_QUERY_BYTES = 512;
export const MAX_BODY_BYTES = 4096;
const TOKEN_TTL_MS = 15 * 60 * 1000;
const MAX_TOKEN_ADDRESSES = 128;
const MAX_CLIENTS = 10_000;

type RelayErrorCode =
	| 'bad-request'
	| 'too-large'
	| 'bad-query'
	| 'forbidden-type'
	| 'bad-target'
	| 'special-use'
	| 'bad-port'
	| 'not-referred'
	| 'rate-limited'
	| 'upstream';

function refuse(status: number, code: RelayErrorCode, message: LocalizedText, headers?: Record<string, string>): RelayReply {
	return { status, body: { error: { code, message } }, headers };
}

export function createRelay(config: RelayConfig) {
	const secret = config.secret ?? randomBytes(32);
	const now = config.now ?? (() => Date.now());
	const rate = config.rate ?? { perSecond: 20, burst: 60 };
	const rootAddresses = new Set(config.rootHints.flatMap((s) => s.addresses.map(normalize)));
	const buckets = new Map<string, { tokens: number; at: number }>();

	function sign(payload: string): string {
		return toBase64Url(createHmac('sha256', secret).update(payload).digest());
	}

	function readToken(token: unknown): Set<string> {
		if (typeof token !== 'string' || token.length > 16_384) return new Set();
		const [payload, mac] = token.split('.');
		if (!payload || !mac) return new Set();
		const expected = Buffer.from(sign(payload));
		const given = Buffer.from(mac);
		if (expected.length !== given.length || !timingSafeEqual(expected, given)) return new Set();
		try {
			const data = JSON.parse(new TextDecoder().decode(fromBase64Url(payload))) as { a?: unknown; e?: unknown };
			if (typeof data.e !== 'number' || data.e < now() || !Array.isArray(data.a)) return new Set();
			return new Set(data.a.filter((x): x is string => typeof x === 'string'));
		} catch {
			return new Set();
		}
	}

	function writeToken(addresses: Set<string>): string {
		const list = [...addresses].slice(-MAX_TOKEN_ADDRESSES);
		const payload = toBase64Url(new TextEncoder().encode(JSON.stringify({ a: list, e: now() + TOKEN_TTL_MS })));
		return `${payload}.${sign(payload)}`;
	}

	/** Token bucket per client: false when the client is over its rate. */
	function allow(client: string): boolean {
		const t = now();
		let bucket = buckets.get(client);
		if (!bucket) {
			if (buckets.size >= MAX_CLIENTS) buckets.delete(buckets.keys().next().value!);
			bucket = { tokens: rate.burst, at: t };
			buckets.set(client, bucket);
		}
		bucket.tokens = Math.min(rate.burst, bucket.tokens + ((t - bucket.at) / 1000) * rate.perSecond);
		bucket.at = t;
		if (bucket.tokens < 1) return false;
		bucket.tokens -= 1;
		return true;
	}

	async function handle(rawBody: string, client: string): Promise<RelayReply> {
		if (!allow(client))
			return refuse(
				429,
				'rate-limited',
				{
					en: `Too many queries: the relay takes ${rate.perSecond} a second from one client. Wait a moment.`,
					'zh-CN': `查询太频繁：中继每秒最多接受同一客户端 ${rate.perSecond} 个查询。请稍候。`
				},
				{ 'retry-after': '1' }
			);
		if (rawBody.length > MAX_BODY_BYTES)
			return refuse(413, 'too-large', { en: 'The request is too large.', 'zh-CN': '请求太大。' });
		let body: { query?: unknown; server?: unknown; port?: unknown; token?: unknown };
		try {
			body = JSON.parse(rawBody);
		} catch {
			return refuse(400, 'bad-request', { en: 'The request is not JSON.', 'zh-CN': '请求不是 JSON。' });
		}
		if (typeof body !== 'object' || body === null || typeof body.query !== 'string' || typeof body.server !== 'string')
			return refuse(400, 'bad-request', {
				en: 'The request needs "query" (base64url DNS message) and "server" (an IP address).',
				'zh-CN': '请求需要 "query"（base64url 编码的 DNS 报文）和 "server"（IP 地址）。'
			});

		let query: Uint8Array;
		try {
			query = fromBase64Url(body.query);
		} catch {
			return refuse(400, 'bad-query', { en: 'The query is not base64url.', 'zh-CN': '查询不是 base64url 编码。' });
		}
		if (query.length > MAX_QUERY_BYTES)
			return refuse(413, 'too-large', {
				en: `The query is ${query.length} bytes; the relay takes at most ${MAX_QUERY_BYTES}.`,
				'zh-CN': `查询长 ${query.length} 字节，中继最多接受 ${MAX_QUERY_BYTES} 字节。`
			});
		const decoded = decodeMessage(query);
		if (!decoded.ok) return refuse(400, 'bad-query', decoded.error.message);
		const m = decoded.value;
		const onlyOpt = m.additional.length === 0 && m.answers.length === 0 && m.authority.length === 0;
		if (m.flags.qr || m.flags.opcode !== 0 || m.questions.length !== 1 || !onlyOpt || m.questions[0]!.class !== 1)
			return refuse(400, 'bad-query', {
				en: 'The relay sends standard queries only: opcode QUERY, one question of class IN, no records but EDNS.',
				'zh-CN': '中继只转发标准查询：操作码 QUERY，一个 IN 类问题，除 EDNS 外不带记录。'
			});
		const qtype = m.questions[0]!.type;
		if (qtype === 255 || qtype === 252 || qtype === 251)
			return refuse(400, 'forbidden-type', {
				en: 'ANY, AXFR and IXFR are not relayed.',
				'zh-CN': '中继不转发 ANY、AXFR 和 IXFR 查询。'
			});

		const target = parseAddress(body.server);
		if (!target)
			return refuse(400, 'bad-target', {
				en: `"${body.server.slice(0, 64)}" is not an IP address.`,
				'zh-CN': `"${body.server.slice(0, 64)}" 不是 IP 地址。`
			});
		const address = normalize(body.server);
		const inLab = !!config.labRange && inCidr(target, config.labRange);
		const block = specialUseBlock(target);
		if (block && !inLab)
			return refuse(403, 'special-use', {
				en: `${address} is in ${block}, a private or special-use block: the relay does not send there.`,
				'zh-CN': `${address} 属于 ${block}，是私有或特殊用途地址段：中继不会向那里发送。`
			});
		const port = body.port === undefined ? 53 : body.port;
		if (port !== 53 && !(inLab && port === config.labPort))
			return refuse(403, 'bad-port', {
				en: 'The relay sends to port 53 only.',
				'zh-CN': '中继只向 53 端口发送。'
			});
		const learnt = readToken(body.token);
		if (!rootAddresses.has(address) && !learnt.has(address))
			return refuse(403, 'not-referred', {
				en: `${address} is neither a root server nor an address this relay has passed you in a referral or answer. Start from the root.`,
				'zh-CN': `${address} 既不是根服务器，也不是本中继在引荐或应答中给过你的地址。请从根开始。`
			});

		const started = now();
		let protocol: 'udp' | 'tcp' = 'udp';
		let result = await config.transport.exchange({ address, port: port as number }, query, { tcp: false, timeoutMs: config.timeoutMs ?? 3000 });
		let truncatedUdp = false;
		if (result.ok && result.value.message.flags.tc) {
			truncatedUdp = true;
			protocol = 'tcp';
			result = await config.transport.exchange({ address, port: port as number }, query, { tcp: true, timeoutMs: config.timeoutMs ?? 3000 });
		}
		if (!result.ok)
			return { status: 502, body: { error: { code: 'upstream', cause: result.error.code, message: result.error.message }, server: address, elapsedMs: now() - started } };

		// What this response names becomes reachable for this client: glue and answer addresses.
		for (const r of [...result.value.message.answers, ...result.value.message.additional])
			if (r.address) learnt.add(normalize(r.address));
		return {
			status: 200,
			body: {
				response: toBase64Url(result.value.response),
				server: address,
				port,
				protocol,
				truncatedUdp,
				elapsedMs: Math.round(result.value.elapsedMs * 10) / 10,
				token: writeToken(learnt)
			}
		};
	}

	// The root hints are public (the page starts its direct walk from them); everything else stays inside.
	return { handle, rootHints: config.rootHints };
}

/** One spelling per address, so a token and the root hints compare equal (IPv6 in RFC 5952 form). */
function normalize(text: string): string {
	const parsed = parseAddress(text);
	if (!parsed || parsed.family === 4) return text;
	const bytes = new Uint8Array(parsed.parts.flatMap((w) => [w >> 8, w & 0xff]));
	return ipv6Text(bytes);
}
