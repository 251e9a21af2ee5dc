#!/usr/bin/env node
// Renders the app icons (static/icons/*.png) from the SVG logo with Debian's chromium. Run after changing the
// logo: `npm run icons`. The PNGs are committed, so builds do not need a browser.
import { chromium } from 'playwright-core';
import { readFile } from 'node:fs/promises';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromeArgs, chromePath } from './lib/chrome.js';

const logo = await readFile(new URL('../static/favicon.svg', import.meta.url), 'utf8');
// Maskable icons are cropped to a circle of 80% of their size by some launchers: keep the logo inside it.
const targets = [
	{ file: 'icon-192.png', size: 192, maskable: false },
	{ file: 'icon-512.png', size: 512, maskable: false },
	{ file: 'apple-touch-icon.png', size: 180, maskable: true },
	{ file: 'maskable-512.png', size: 512, maskable: true }
];

const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'wirewalk-icons-')), {
	executablePath: chromePath(),
	args: chromeArgs,
	headless: true
});
const page = await browser.newPage();
for (const { file, size, maskable } of targets) {
	const inner = maskable ? Math.round(size * 0.7) : size;
	const svg = maskable ? logo.replace('rx="14"', 'rx="0"') : logo;
	await page.setViewportSize({ width: size, height: size });
	await page.setContent(`<html><body style="margin:0;width:${size}px;height:${size}px;display:grid;place-items:center;
		background:${maskable ? '#1d5fd1' : 'transparent'}"><div style="width:${inner}px;height:${inner}px">${svg.replace(
		'<svg ',
		`<svg width="${inner}" height="${inner}" `
	)}</div></body></html>`);
	await page.screenshot({ path: new URL(`../static/icons/${file}`, import.meta.url).pathname, omitBackground: !maskable });
	console.log(`static/icons/${file} ${size}x${size}`);
}
await browser.close();
