/**
 * The user's choice of where a walk's answers come from (resolver, direct, demo), and the checks that can be made
 * before anything loads: small on purpose, the form needs it at once; the transports load with the engine.
 */
import { fail, ok, type Result } from '$lib/errors';
import { DOH_PROVIDERS } from './providers';

export type SourceMode = 'resolver' | 'direct' | 'demo';
export const SOURCE_MODES: readonly SourceMode[] = ['resolver', 'direct', 'demo'];

export interface DnsSource {
	mode: SourceMode;
	/** Resolver mode: a provider id from DOH_PROVIDERS, or 'custom'. */
	provider: string;
	/** Resolver mode with provider 'custom'. */
	customUrl: string;
}

export const DEFAULT_SOURCE: DnsSource = { mode: 'resolver', provider: DOH_PROVIDERS[0]!.id, customUrl: '' };

export type SourceErrorCode = 'bad-url' | 'relay' | 'demo';

const LOOPBACK_HOSTS = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * A custom DoH endpoint: an absolute https URL (plain http only to this machine, for a local resolver), with no
 * credentials and no `dns` parameter of its own (the query is added as `?dns=`).
 */
export function parseDohUrl(input: string): Result<string, 'bad-url'> {
	const text = input.trim();
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return fail('bad-url', {
			en: `“${text || ' '}” is not a URL. A DoH endpoint looks like https://dns.example/dns-query.`,
			'zh-CN': `“${text || ' '}”不是网址。DoH 端点形如 https://dns.example/dns-query。`
		});
	}
	if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.test(url.hostname)))
		return fail('bad-url', {
			en: 'A DoH endpoint must use https:// (plain http:// only on this machine, e.g. a local test resolver).',
			'zh-CN': 'DoH 端点必须使用 https://（只有本机地址可以用 http://，例如本地测试解析器）。'
		});
	if (url.username || url.password)
		return fail('bad-url', { en: 'Leave user names and passwords out of the DoH URL.', 'zh-CN': 'DoH 网址中不要包含用户名和密码。' });
	if (url.searchParams.has('dns'))
		return fail('bad-url', {
			en: 'Leave out the dns= parameter: Wirewalk adds each query itself.',
			'zh-CN': '请去掉 dns= 参数：Wirewalk 会自己附上每个查询。'
		});
	url.hash = '';
	return ok(url.href);
}

/** The DoH URL a resolver-mode source asks. */
export function resolverUrl(source: DnsSource): Result<string, 'bad-url'> {
	if (source.provider === 'custom') return parseDohUrl(source.customUrl);
	const provider = DOH_PROVIDERS.find((p) => p.id === source.provider) ?? DOH_PROVIDERS[0]!;
	return ok(provider.url);
}

