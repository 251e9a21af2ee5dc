/**
 * Debian's tshark (installed by scripts/setup.js), as the unit tests run it: no name lookups (-n), no one's
 * preferences (a config dir of the test's own), a bounded run, stderr's "running as root" warning ignored.
 */
import { spawnSync } from 'node:child_process';

export function runTshark(dir: string, args: string[]): string {
	const run = spawnSync('tshark', ['-n', ...args], { cwd: dir, encoding: 'utf8', timeout: 30_000, env: { ...process.env, WIRESHARK_CONFIG_DIR: dir } });
	if (run.error) throw new Error(`tshark could not run (${run.error.message}): install Debian's tshark package (apt-get install -y tshark).`);
	if (run.status !== 0) throw new Error(`tshark ${args.join(' ')} exited with ${run.status}: ${run.stderr}`);
	return run.stdout;
}

/** `-T fields` output as rows of columns (one row per frame that passes the filter). */
export function tsharkFields(dir: string, args: string[], names: string[]): string[][] {
	const out = runTshark(dir, [...args, '-T', 'fields', ...names.flatMap((n) => ['-e', n])]);
	return out === '' ? [] : out.replace(/\n$/, '').split('\n').map((line) => line.split('\t'));
}
