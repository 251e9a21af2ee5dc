/**
 * Direct mode from a page: each RD=0 query goes through our relay (POST /api/relay), which sends it to the server
 * over UDP/TCP and returns the raw answer. The relay's token (what it has referred us to) is kept and sent back.
 */
import { fromBase64Url, toBase64Url } from '$lib/bytes/encoding';
import { ok } from '$lib/errors';
import type { LocalizedText } from '$lib/i18n/locales';
import { checkResponse, transportError, type DirectTransport, type TransportErrorCode } from './transport';

export function relayTransport(endpoint: string, options: { fetch?: typeof fetch; now?: () => number } = {}): DirectTransport {
	const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
	const now = options.now ?? (() => performance.now());
	let token: string | undefined;
	return {
		async exchange(server, query, { timeoutMs }) {
			const started = now();
			const controller = new AbortController();
			// The relay waits for the server itself; give it that long plus a margin for the HTTP leg.
			const timer = setTimeout(() => controller.abort(), timeoutMs * 2 + 1000);
			try {
				const response = await doFetch(endpoint, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ query: toBase64Url(query), server: server.address, port: server.port, token }),
					signal: controller.signal
				});
				const body = (await response.json().catch(() => ({}))) as {
					response?: string;
					token?: string;
					protocol?: 'udp' | 'tcp';
					elapsedMs?: number;
					error?: { code: string; cause?: TransportErrorCode; message: LocalizedText };
				};
				if (body.token) token = body.token;
				if (!response.ok || !body.response) {
					const cause: TransportErrorCode = body.error?.cause ?? (response.status === 502 ? 'unreachable' : 'refused-by-relay');
					return transportError(cause, body.error?.message ?? { en: `The relay answered HTTP ${response.status}.`, 'zh-CN': `中继返回了 HTTP ${response.status}。` });
				}
				const bytes = fromBase64Url(body.response);
				const checked = checkResponse(query, bytes);
				if (!checked.ok) return checked;
				return ok({
					query,
					response: bytes,
					message: checked.value,
					elapsedMs: body.elapsedMs ?? now() - started,
					protocol: body.protocol ?? 'udp'
				});
			} catch (e) {
				if (controller.signal.aborted)
					return transportError('timeout', { en: 'The relay did not answer in time.', 'zh-CN': '中继没有及时应答。' });
				return transportError('network', {
					en: `Could not reach the relay (${e instanceof Error ? e.message : String(e)}).`,
					'zh-CN': `无法连接中继（${e instanceof Error ? e.message : String(e)}）。`
				});
			} finally {
				clearTimeout(timer);
			}
		}
	};
}
