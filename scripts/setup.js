#!/usr/bin/env node
// Makes sure the tests have a browser (runs before `npm test`, or as `npm run setup`). On Debian as root it
// installs Debian's chromium with apt-get; anywhere else it says exactly what to install or set.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findChrome } from './lib/chrome.js';

function version(path) {
	try {
		return execFileSync(path, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 20_000 }).trim();
	} catch {
		return 'version unknown';
	}
}

let chrome = findChrome();
if (chrome) {
	console.log(`setup: browser for tests: ${chrome} (${version(chrome)})`);
	process.exit(0);
}

if (process.env.CHROME_PATH) {
	console.error(`setup: CHROME_PATH=${process.env.CHROME_PATH} does not exist. Point it at a Chrome or Chromium binary.`);
	process.exit(1);
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const isDebian = existsSync('/etc/debian_version') && existsSync('/usr/bin/apt-get');
if (isRoot && isDebian) {
	console.log('setup: installing Debian’s chromium for the browser tests (apt-get install chromium)…');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	for (const args of [['update', '-qq'], ['install', '-y', '-qq', '--no-install-recommends', 'chromium']]) {
		const result = spawnSync('apt-get', args, { stdio: 'inherit', env, timeout: 600_000 });
		if (result.status !== 0) {
			console.error(`setup: apt-get ${args.join(' ')} failed (exit ${result.status}).`);
			process.exit(1);
		}
	}
	chrome = findChrome();
	if (chrome) {
		console.log(`setup: installed ${chrome} (${version(chrome)})`);
		process.exit(0);
	}
}

console.error(`setup: the browser tests need Chrome or Chromium, and none was found.
  Debian/Ubuntu:  sudo apt-get install chromium        (then run npm test again)
  Fedora:         sudo dnf install chromium
  macOS:          install Google Chrome, then
                  export CHROME_PATH="/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"
  Any system:     export CHROME_PATH=/path/to/chrome-or-chromium
The tests drive it with playwright-core; they never download a browser.`);
process.exit(1);
