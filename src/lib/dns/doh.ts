/** DNS over HTTPS (RFC 8484). */
import { toBase64Url } from '$lib/bytes/encoding';
import { ok } from '$lib/errors';
import { checkResponse, transportError, type ResolverTransport } from './transport';

/**
 * The GET request URL for a wire-format query: `?dns=` carries it as base64url without padding
 * (RFC 8484 section 4.1). GET, rather than POST, lets HTTP caches work and needs no CORS preflight.
 */
export function dohGetUrl(endpoint: string, query: Uint8Array): string {
	const url = new URL(endpoint);
	url.searchParams.set('dns', toBase64Url(query));
	return url.toString();
}

/** The path-and-query part of the request line, as the anatomy page prints it: `/dns-query?dns=...`. */
export function dohRequestTarget(endpoint: string, query: Uint8Array): string {
	const url = new URL(dohGetUrl(endpoint, query));
	return url.pathname + url.search;
}

export interface DohOptions {
	/** The fetch to use (the page's, Node's, or a test's). */
	fetch?: typeof fetch;
	now?: () => number;
}

/**
 * A DoH resolver: GET with `?dns=` (ID 0), falling back to POST when the server will not take the GET
 * (405, 414 or 501). Every failure comes back as a value a person can read.
 */
export function dohResolver(endpoint: string, options: DohOptions = {}): ResolverTransport {
	const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
	const now = options.now ?? (() => performance.now());
	const host = (() => {
		try {
			return new URL(endpoint).host;
		} catch {
			return endpoint;
		}
	})();
	return {
		label: host,
		async exchange(query, { timeoutMs }) {
			const started = now();
			const controller = new AbortController();
			const timer = setTimeout(() => controller.abort(), timeoutMs);
			try {
				let response = await doFetch(dohGetUrl(endpoint, query), {
					headers: { accept: 'application/dns-message' },
					signal: controller.signal
				});
				if ([405, 414, 501].includes(response.status))
					response = await doFetch(endpoint, {
						method: 'POST',
						headers: { accept: 'application/dns-message', 'content-type': 'application/dns-message' },
						body: query as BodyInit,
						signal: controller.signal
					});
				if (!response.ok)
					return transportError('http-status', {
						en: `${host} answered HTTP ${response.status}${response.statusText ? ' ' + response.statusText : ''}.`,
						'zh-CN': `${host} 返回了 HTTP ${response.status}。`
					});
				const type = response.headers.get('content-type') ?? '';
				if (!type.toLowerCase().startsWith('application/dns-message'))
					return transportError('content-type', {
						en: `${host} answered with ${type || 'no content type'}, not application/dns-message: is this a DoH endpoint?`,
						'zh-CN': `${host} 返回的类型是 ${type || '（无）'}，而不是 application/dns-message：这是 DoH 地址吗？`
					});
				const body = new Uint8Array(await response.arrayBuffer());
				const checked = checkResponse(query, body);
				if (!checked.ok) return checked;
				return ok({ query, response: body, message: checked.value, elapsedMs: now() - started, protocol: 'doh' as const });
			} catch (e) {
				if (controller.signal.aborted)
					return transportError('timeout', {
						en: `${host} did not answer within ${timeoutMs / 1000} s.`,
						'zh-CN': `${host} 在 ${timeoutMs / 1000} 秒内没有应答。`
					});
				return transportError('network', {
					en: `Could not reach ${host} (${e instanceof Error ? e.message : String(e)}). Offline, blocked, or the server does not allow this page (CORS)?`,
					'zh-CN': `无法连接 ${host}（${e instanceof Error ? e.message : String(e)}）。是否离线、被拦截，或服务器不允许本页访问（CORS）？`
				});
			} finally {
				clearTimeout(timer);
			}
		}
	};
}
