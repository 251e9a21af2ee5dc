/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * The offline app: Workbox precaches every built file, static asset and prerendered page, and serves them
 * cache-first. A new version installs beside the old one and waits until the page asks it to take over
 * (see src/lib/state/updates.svelte.ts), so the user is never switched mid-session and never stuck on an old one.
 */
import { build, files, prerendered, version } from '$service-worker';
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare const self: ServiceWorkerGlobalScope;

// Files under _app/immutable carry a content hash in their names: the name is the revision.
// Everything else is versioned by the build's version, so a new deploy refreshes it.
const manifest: PrecacheEntry[] = [
	...build.map((url) => ({ url, revision: url.includes('/_app/immutable/') ? null : version })),
	...files.map((url) => ({ url, revision: version })),
	...prerendered.map((url) => ({ url, revision: version }))
];

cleanupOutdatedCaches();
// Pages take no query parameters on the server side (they read them in the browser), so any query matches.
precacheAndRoute(manifest, { ignoreURLParametersMatching: [/.*/], cleanURLs: false });

// Deep links to a trace (/dns/<name>/<type>) are rendered in the browser: offline, any of them gets the one
// prerendered shell of that route, and the page reads the name and type from the address.
const DEEP_LINK_SHELL = '/dns/example.com/A';
if (prerendered.includes(DEEP_LINK_SHELL))
	registerRoute(new NavigationRoute(createHandlerBoundToURL(DEEP_LINK_SHELL), { allowlist: [/^\/dns\/[^/]+\/[^/]+\/?$/] }));

// The first install takes control at once (nothing to be inconsistent with); updates wait for the user.
clientsClaim();

self.addEventListener('message', (event) => {
	if (event.data?.type === 'SKIP_WAITING') self.skipWaiting();
});
