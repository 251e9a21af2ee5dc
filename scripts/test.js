#!/usr/bin/env node
// `npm test`: type-check (svelte-check), unit tests, the DNS lab tests, then the browser tests against real builds. Every part
// runs even if an earlier one fails, and the last line sums them up: "Total: N passed, N failed, N skipped".
// A skipped test fails the run: everything here is meant to run on every machine.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const results = join(root, 'test-results');
mkdirSync(results, { recursive: true });
const bin = (name) => join(root, 'node_modules', '.bin', name);

function run(command, args, timeoutMs) {
	console.log(`\n$ ${[command.replace(root, ''), ...args].join(' ')}`);
	const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', timeout: timeoutMs });
	if (result.error) console.error(result.error.message);
	return result.status === 0;
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const parts = [];

const checked = run(bin('svelte-kit'), ['sync'], 60_000) && run(bin('svelte-check'), ['--tsconfig', './tsconfig.json', '--fail-on-warnings'], 300_000);
totals[checked ? 'passed' : 'failed'] += 1;
parts.push(`svelte-check: ${checked ? 'passed' : 'FAILED'}`);

// lab: the DNS lab's real servers on 127.53.0.0/24 (tests/lab), the walk and the CLI against them.
for (const project of ['unit', 'lab', 'e2e']) {
	const report = join(results, `${project}.json`);
	rmSync(report, { force: true });
	// A bound against a hang, not a timing: the browser suite (three builds, 120+ tests) took over 15 min on 2 busy cores.
	const ok = run(bin('vitest'), ['run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], 2_700_000);
	if (!existsSync(report)) {
		totals.failed += 1;
		parts.push(`${project}: did not report (exit ${ok ? 0 : 'non-zero'})`);
		continue;
	}
	const r = JSON.parse(readFileSync(report, 'utf8'));
	const skipped = r.numPendingTests + r.numTodoTests;
	// A run that failed outside any test (a file that did not load, an unhandled error) still counts as a failure.
	const failed = r.numFailedTests || (ok ? 0 : 1);
	totals.passed += r.numPassedTests;
	totals.failed += failed;
	totals.skipped += skipped;
	parts.push(`${project}: ${r.numPassedTests} passed, ${failed} failed, ${skipped} skipped`);
}

console.log(`\n${parts.join('\n')}`);
console.log(`Total: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed === 0 && totals.skipped === 0 ? 0 : 1);
