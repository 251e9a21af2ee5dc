/** `npm start`: serves the production app on HOST:PORT and prints the URL (building first when needed). */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, freePort, launchChromium, settled, waitUntil, watchErrors } from './harness';

describe('npm start', () => {
	it('builds when there is no build, serves the app on HOST:PORT, and prints the URL', async () => {
		const port = await freePort();
		const buildDir = join(ROOT, '.e2e', 'build-start');
		rmSync(buildDir, { recursive: true, force: true });
		// As a user runs it: no version given, so the build names its own (the path that once broke hydration).
		const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), WIREWALK_OUT: buildDir };
		delete env.WIREWALK_VERSION;
		const child = spawn(process.execPath, ['scripts/start.js'], {
			cwd: ROOT,
			env,
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let out = '';
		child.stdout.on('data', (d) => (out += d));
		child.stderr.on('data', (d) => (out += d));
		try {
			// Up to two minutes: on a clean checkout it builds first.
			await waitUntil(async () => out.includes('Wirewalk is running at'), 120_000, () => `no URL printed:\n${out}`);
			expect(out).toContain(`Wirewalk is running at http://127.0.0.1:${port}`);
			const home = await fetch(`http://127.0.0.1:${port}/`);
			expect(home.status).toBe(200);
			expect(await home.text()).toContain('<title>Wirewalk');
			const sw = await fetch(`http://127.0.0.1:${port}/service-worker.js`);
			expect(sw.status).toBe(200);

			const browser = await launchChromium();
			const page = await browser.newPage();
			const errors = watchErrors(page);
			await page.goto(`http://127.0.0.1:${port}/dns/anatomy`);
			await settled(page);
			expect(await page.getByTestId('app-version').innerText()).toMatch(/^Version \d+\.\d+\.\d+\+\d{8}\.\d{6}$/);
			expect(errors).toEqual([]);
			await browser.close();
		} finally {
			child.kill('SIGTERM');
		}
	}, 150_000);
});
