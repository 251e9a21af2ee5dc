import adapterNode from '@sveltejs/adapter-node';
import adapterStatic from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

// WIREWALK_STATIC=1 builds a static site (any static host); otherwise the Node server that can host the
// DNS relay. Pages read the difference from `hasServer` in src/lib/platform.ts.
const isStatic = process.env.WIREWALK_STATIC === '1';
// The end-to-end tests build several versions side by side (WIREWALK_OUT) without touching build/.
const outDir = (fallback) => process.env.WIREWALK_OUT || fallback;

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: isStatic
			? // strict: false leaves server-only endpoints (the relay) out of the static output instead of failing.
				adapterStatic({ pages: outDir('build-static'), assets: outDir('build-static'), strict: false })
			: adapterNode({ out: outDir('build') }),
		// The version names the service worker's caches and is shown in the footer; tests set it to tell builds apart.
		version: { name: process.env.WIREWALK_VERSION || String(Date.now()) },
		// Registered by src/lib/state/updates.svelte.ts, which also drives the "update available" prompt.
		serviceWorker: { register: false },
		prerender: { handleHttpError: 'fail', handleMissingId: 'fail' }
	}
};

export default config;
