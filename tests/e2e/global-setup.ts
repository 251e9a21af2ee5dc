/**
 * Builds what the end-to-end tests serve, once per run: the Node build twice (versions e2e-a and e2e-b, for the
 * update test) and the static build. Set E2E_REUSE_BUILD=1 to keep existing builds while iterating.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { BUILDS, ROOT } from './harness';

export default function setup() {
	for (const build of Object.values(BUILDS)) {
		if (process.env.E2E_REUSE_BUILD === '1' && existsSync(build.marker)) continue;
		const started = Date.now();
		const result = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], {
			cwd: ROOT,
			encoding: 'utf8',
			// vitest sets NODE_ENV=test, which would make Vite resolve the development builds of svelte and kit.
			env: { ...process.env, NODE_ENV: 'production', ...build.env },
			timeout: 180_000
		});
		if (result.status !== 0) throw new Error(`build ${build.env.WIREWALK_VERSION} failed:\n${result.stdout}\n${result.stderr}`);
		console.log(`built ${build.env.WIREWALK_VERSION} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	}
}
