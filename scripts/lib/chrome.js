// Where the browser for tests, icons and benchmarks is, and how to start it on these machines.
import { existsSync } from 'node:fs';

/** Flags for a headless chromium on a machine with no network but loopback (see the field notes). */
export const chromeArgs = [
	'--headless=new',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage'
];

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** CHROME_PATH if set, else the first browser found; undefined when there is none. */
export function findChrome() {
	if (process.env.CHROME_PATH) return existsSync(process.env.CHROME_PATH) ? process.env.CHROME_PATH : undefined;
	return CANDIDATES.find((p) => existsSync(p));
}

export function chromePath() {
	const path = findChrome();
	if (!path) throw new Error('No Chrome or Chromium found: run `npm run setup`, or set CHROME_PATH to one.');
	return path;
}
