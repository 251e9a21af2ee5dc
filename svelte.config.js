import adapterNode from '@sveltejs/adapter-node';
import adapterStatic from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { readFileSync } from 'node:fs';

// WIREWALK_STATIC=1 builds a static site (any static host); otherwise the Node server that can host the
// DNS relay. Pages read the difference from `hasServer` in src/lib/platform.ts.
const isStatic = process.env.WIREWALK_STATIC === '1';
// The end-to-end tests build several versions side by side (WIREWALK_OUT) without touching build/.
const outDir = (fallback) => process.env.WIREWALK_OUT || fallback;
// One version per build. This file is read more than once per build (also by the prerender child process,
// which inherits the environment), so the first read fixes it for the rest; a per-read timestamp would give the
// client and the prerendered pages different versions, and the pages would fail to start.
// Shown in the footer as e.g. 0.1.0+20261126.163012 (package version + UTC build time).
process.env.WIREWALK_VERSION ||= `${JSON.parse(readFileSync(new URL('package.json', import.meta.url), 'utf8')).version}+${new Date()
	.toISOString()
	.slice(0, 19)
	.replace(/[-:]/g, '')
	.replace('T', '.')}`;

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: isStatic
			? // strict: false leaves server-only endpoints (the relay) out of the static output instead of failing.
				adapterStatic({ pages: outDir('build-static'), assets: outDir('build-static'), strict: false })
			: adapterNode({ out: outDir('build') }),
		// The version names the service worker's caches and is shown in the footer; tests set it to tell builds apart.
		version: { name: process.env.WIREWALK_VERSION },
		// Registered by src/lib/state/updates.svelte.ts, which also drives the "update available" prompt.
		serviceWorker: { register: false },
		// The app's CSS is small: inline it rather than block first paint on extra requests.
		inlineStyleThreshold: 16 * 1024,
		prerender: { handleHttpError: 'fail', handleMissingId: 'fail' }
	}
};

export default config;
