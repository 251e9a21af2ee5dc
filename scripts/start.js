#!/usr/bin/env node
// `npm start`: builds the app if the build is missing or older than its sources, then serves it with
// adapter-node on HOST:PORT (default 127.0.0.1:3000).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const host = process.env.HOST || '127.0.0.1';
const port = process.env.PORT || '3000';
// WIREWALK_OUT moves the build elsewhere (the tests use it to leave build/ alone).
const out = process.env.WIREWALK_OUT || join(root, 'build');
const built = join(out, 'handler.js');

/** Newest modification time under the given paths (files or folders). */
function newest(paths) {
	let latest = 0;
	const visit = (path) => {
		if (!existsSync(path)) return;
		const stat = statSync(path);
		if (stat.isDirectory()) for (const entry of readdirSync(path)) visit(join(path, entry));
		else latest = Math.max(latest, stat.mtimeMs);
	};
	paths.forEach((p) => visit(join(root, p)));
	return latest;
}

const sources = ['src', 'static', 'package-lock.json', 'svelte.config.js', 'vite.config.ts'];
if (process.env.WIREWALK_STATIC === '1') {
	console.error('npm start serves the Node build; unset WIREWALK_STATIC (the static build goes to build-static/).');
	process.exit(1);
}
if (!existsSync(built) || newest(sources) > statSync(built).mtimeMs) {
	console.log('Building Wirewalk (the build is missing or older than the sources)…');
	const result = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build'], {
		cwd: root,
		stdio: 'inherit'
	});
	if (result.status !== 0) process.exit(result.status ?? 1);
}

const server = spawn(process.execPath, [join(out, 'index.js')], {
	cwd: root,
	stdio: ['ignore', 'pipe', 'inherit'],
	env: { ...process.env, HOST: host, PORT: port }
});
server.stdout.on('data', (chunk) => {
	const text = String(chunk);
	if (text.startsWith('Listening on')) console.log(`Wirewalk is running at http://${host.includes(':') ? `[${host}]` : host}:${port}`);
	else process.stdout.write(text);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
