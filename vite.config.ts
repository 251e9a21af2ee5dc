import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

const isStatic = process.env.WIREWALK_STATIC === '1';

export default defineConfig({
	plugins: [sveltekit()],
	define: {
		// Compile-time: the static build has no server, so server-backed features are left out of it.
		__WIREWALK_HAS_SERVER__: JSON.stringify(!isStatic)
	},
	test: {
		projects: [
			{
				extends: true,
				test: { name: 'unit', include: ['tests/unit/**/*.spec.ts'], environment: 'node' }
			},
			{
				// End-to-end: each file builds nothing itself; tests/e2e/global-setup.ts builds and serves once.
				extends: true,
				test: {
					name: 'e2e',
					include: ['tests/e2e/**/*.spec.ts'],
					environment: 'node',
					globalSetup: ['tests/e2e/global-setup.ts'],
					fileParallelism: false,
					testTimeout: 60_000,
					hookTimeout: 180_000
				}
			},
			{
				// The DNS lab: real DNS servers on 127.53.0.0/24, started and stopped by the tests themselves.
				extends: true,
				test: {
					name: 'lab',
					include: ['tests/lab/**/*.spec.ts'],
					environment: 'node',
					fileParallelism: false,
					testTimeout: 60_000,
					hookTimeout: 120_000
				}
			}
		]
	}
});
