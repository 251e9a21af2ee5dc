/**
 * Where a walk's answers come from, as the user picks it on the DNS explorer: a DoH resolver (resolver mode), our
 * relay to the real servers (direct mode, Node build only), or the bundled demo world (offline). Each choice is
 * turned into the walk options of the very same `walk()`; what can fail on the way (a bad custom URL, the relay
 * or the demo data not loading) comes back as an error value in both languages.
 */
import { fail, ok, type Result } from '$lib/errors';
import type { LocalizedText } from '$lib/i18n/locales';
import { parseTrustAnchors, ROOT_ANCHORS } from '$lib/dnssec/anchors';
import type { Rr } from '$lib/dnssec/records';
import { demoRootHints, demoTransport, parseDemoWorld, type DemoWorld } from './demo';
import { dohResolver } from './doh';
import { relayTransport } from './relay-client';
import { resolverUrl, type DnsSource, type SourceErrorCode } from './source-choice';
import { fqdn } from './labels';
import { parseIPv4, parseIPv6 } from './name';
import type { NameServer } from './root-hints';
import type { DirectTransport, ResolverTransport } from './transport';

/**
 * Where DNSSEC checks start: the Internet's root anchors, the server's own (the lab's root, WIREWALK_TRUST_ANCHOR)
 * or the demo world's root.
 */
export type AnchorSource = 'root' | 'server' | 'demo';

/** The walk options a source stands for (name and type are the question's), and how hops are labelled. */
export type PreparedSource = { via: string; anchors: readonly Rr[]; anchorSource: AnchorSource } & (
	| { mode: 'resolver'; endpoint: string; transport: ResolverTransport }
	| { mode: 'direct' | 'demo'; transport: DirectTransport; rootHints: readonly NameServer[] }
);

export interface SourceDeps {
	fetch?: typeof fetch;
	/** Lets the demo world take its simulated time, so the ladder grows as it would online. */
	sleep?: (ms: number) => Promise<void>;
	relayEndpoint?: string;
	demoWorldUrl?: string;
}

const sourceError = (code: SourceErrorCode, message: LocalizedText) => fail(code, message);

export async function prepareSource(source: DnsSource, deps: SourceDeps = {}): Promise<Result<PreparedSource, SourceErrorCode>> {
	const doFetch = deps.fetch ?? ((input, init) => fetch(input, init));
	if (source.mode === 'resolver') {
		const url = resolverUrl(source);
		if (!url.ok) return url;
		const transport = dohResolver(url.value, { fetch: doFetch });
		return ok({ mode: 'resolver', via: transport.label, endpoint: url.value, transport, anchors: ROOT_ANCHORS, anchorSource: 'root' });
	}
	if (source.mode === 'direct') {
		const endpoint = deps.relayEndpoint ?? '/api/relay';
		try {
			const response = await doFetch(endpoint, { headers: { accept: 'application/json' } });
			const body = (await response.json()) as { rootHints?: unknown; trustAnchor?: unknown };
			const hints = Array.isArray(body.rootHints) ? parseHintList(body.rootHints) : undefined;
			if (!response.ok || !hints) throw new Error(`HTTP ${response.status}`);
			const own = typeof body.trustAnchor === 'string' ? parseTrustAnchors(body.trustAnchor) : undefined;
			if (own && !own.ok) throw new Error(`its trust anchor: ${own.error.message.en}`);
			const anchors = own ? { anchors: own.value, anchorSource: 'server' as const } : { anchors: ROOT_ANCHORS, anchorSource: 'root' as const };
			return ok({ mode: 'direct', via: 'relay', transport: relayTransport(endpoint, { fetch: doFetch }), rootHints: hints, ...anchors });
		} catch (e) {
			const why = e instanceof Error ? e.message : String(e);
			return sourceError('relay', {
				en: `Direct mode needs Wirewalk’s server, which did not answer (${why}).`,
				'zh-CN': `直连模式需要 Wirewalk 的服务器，但它没有应答（${why}）。`
			});
		}
	}
	const url = deps.demoWorldUrl ?? '/demo/world.json';
	try {
		const world = await loadDemoWorld(url, doFetch);
		return ok({ mode: 'demo', via: 'demo', transport: demoTransport(world, { sleep: deps.sleep }), rootHints: demoRootHints(world), anchors: world.trustAnchors, anchorSource: 'demo' });
	} catch (e) {
		demoWorlds.delete(url); // a failed load is tried again next time
		const why = e instanceof Error ? e.message : String(e);
		return sourceError('demo', { en: `The demo world did not load (${why}).`, 'zh-CN': `演示世界没有加载成功（${why}）。` });
	}
}

/** The demo world is fetched and checked once per page (every walk of the session reuses it). */
const demoWorlds = new Map<string, Promise<DemoWorld>>();

function loadDemoWorld(url: string, doFetch: typeof fetch): Promise<DemoWorld> {
	let world = demoWorlds.get(url);
	if (!world) {
		world = (async () => {
			const response = await doFetch(url);
			if (!response.ok) throw new Error(`HTTP ${response.status}`);
			const parsed = parseDemoWorld(await response.json());
			if (!parsed.ok) throw new Error(parsed.error.message.en);
			return parsed.value;
		})();
		demoWorlds.set(url, world);
	}
	return world;
}

/** Root hints as the relay sends them (GET /api/relay): `[{ name, addresses }]`, each address checked. */
function parseHintList(list: unknown[]): NameServer[] | undefined {
	const servers = list.flatMap((entry) => {
		const { name, addresses } = (entry ?? {}) as { name?: unknown; addresses?: unknown };
		if (typeof name !== 'string' || !Array.isArray(addresses)) return [];
		const valid = addresses.filter((a): a is string => typeof a === 'string' && (parseIPv4(a) !== undefined || parseIPv6(a) !== undefined));
		return valid.length ? [{ name: fqdn(name), addresses: valid }] : [];
	});
	return servers.length ? servers : undefined;
}
