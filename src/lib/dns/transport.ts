/**
 * How a query reaches a server and what comes back, for every way Wirewalk asks: DoH to a resolver, UDP/TCP to an
 * authoritative server (from Node, or through our relay from a page), or the offline demo world. Failures are
 * values with a code and a message in both languages, never exceptions.
 */
import { fail, ok, type Result, type UserError } from '$lib/errors';
import type { LocalizedText } from '$lib/i18n/locales';
import { decodeMessage, type DnsMessage } from './wire';

export type TransportErrorCode =
	| 'timeout'
	| 'network'
	| 'unreachable'
	| 'http-status'
	| 'content-type'
	| 'bad-response'
	| 'mismatch'
	| 'refused-by-relay';

export type TransportError = UserError<TransportErrorCode>;

export interface Exchange {
	query: Uint8Array;
	response: Uint8Array;
	message: DnsMessage;
	elapsedMs: number;
	protocol: 'doh' | 'udp' | 'tcp' | 'demo';
}

/** Sends a wire-format query to one authoritative server (RD=0 queries of direct mode). */
export interface DirectTransport {
	exchange(
		server: { address: string; port?: number },
		query: Uint8Array,
		options: { tcp: boolean; timeoutMs: number }
	): Promise<Result<Exchange, TransportErrorCode>>;
}

/** Sends a wire-format query to a recursive resolver (resolver mode). */
export interface ResolverTransport {
	/** Who answers, for labels ("reconstructed via …"). */
	readonly label: string;
	exchange(query: Uint8Array, options: { timeoutMs: number }): Promise<Result<Exchange, TransportErrorCode>>;
}

export function transportError(code: TransportErrorCode, message: LocalizedText): { ok: false; error: TransportError } {
	return fail(code, message);
}

/**
 * Checks that a response answers the query: decodes, is a response, has the query's ID and question.
 * (A mismatch over UDP is what a spoofing attempt or a confused server looks like.)
 */
export function checkResponse(query: Uint8Array, response: Uint8Array): Result<DnsMessage, TransportErrorCode> {
	const decoded = decodeMessage(response);
	if (!decoded.ok)
		return transportError('bad-response', {
			en: `The response is not a valid DNS message: ${decoded.error.message.en}`,
			'zh-CN': `响应不是有效的 DNS 报文：${decoded.error.message['zh-CN']}`
		});
	const asked = decodeMessage(query);
	const m = decoded.value;
	const key = (msg: DnsMessage) => msg.questions.map((q) => `${q.name.toLowerCase()}/${q.type}/${q.class}`).join(' ');
	if (!asked.ok || !m.flags.qr || m.id !== asked.value.id || key(m) !== key(asked.value))
		return transportError('mismatch', {
			en: 'The response does not match the query (ID or question differs).',
			'zh-CN': '响应与查询不匹配（ID 或问题不同）。'
		});
	return ok(m);
}
