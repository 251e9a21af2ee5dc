#!/usr/bin/env node
// Makes sure the tests have what they need (runs before `npm test`, or as `npm run setup`): a Chrome or Chromium
// for the browser tests, the Debian DNS servers of the lab (tests/lab), openssl (TLS cross-checks), tshark (packet cross-checks), and ldns/BIND signers plus dns-root-data (DNSSEC cross-checks). On
// Debian as root it installs what is missing with apt-get; anywhere else it says exactly what to install or set.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findBinary, LAB_PACKAGES, missingLabPackages } from '../tests/lab/lab.js';
import { findChrome } from './lib/chrome.js';

function version(path) {
	try {
		return execFileSync(path, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 20_000 }).trim();
	} catch {
		return 'version unknown';
	}
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const isDebian = existsSync('/etc/debian_version') && existsSync('/usr/bin/apt-get');

const wanted = [];
if (!findChrome()) {
	if (process.env.CHROME_PATH) {
		console.error(`setup: CHROME_PATH=${process.env.CHROME_PATH} does not exist. Point it at a Chrome or Chromium binary.`);
		process.exit(1);
	}
	wanted.push('chromium');
}
wanted.push(...missingLabPackages());
// The TLS tests cross-check our certificates with openssl (an independent X.509 parser and verifier).
if (!findBinary('openssl')) wanted.push('openssl');
// The packet tests (tests/unit/net) have Wireshark's dissectors read the frames and pcap files we write.
if (!findBinary('tshark')) wanted.push('tshark');
// The DNSSEC tests sign zones with two independent signers and check the root anchors against Debian's copy.
const DNSSEC_TOOLS = [
	['ldns-signzone', 'ldnsutils'],
	['dnssec-signzone', 'bind9-utils']
];
for (const [binary, pkg] of DNSSEC_TOOLS) if (!findBinary(binary)) wanted.push(pkg);
const ROOT_DS = '/usr/share/dns/root.ds';
if (!existsSync(ROOT_DS)) wanted.push('dns-root-data');

if (wanted.length && isRoot && isDebian) {
	console.log(`setup: installing Debian packages for the tests: ${wanted.join(' ')}`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	for (const args of [['update', '-qq'], ['install', '-y', '-qq', '--no-install-recommends', ...wanted]]) {
		const result = spawnSync('apt-get', args, { stdio: 'inherit', env, timeout: 900_000 });
		if (result.status !== 0) {
			console.error(`setup: apt-get ${args.join(' ')} failed (exit ${result.status}).`);
			process.exit(1);
		}
	}
}

const chrome = findChrome();
const labMissing = missingLabPackages();
if (chrome) console.log(`setup: browser for tests: ${chrome} (${version(chrome)})`);
else
	console.error(`setup: the browser tests need Chrome or Chromium, and none was found.
  Debian/Ubuntu:  sudo apt-get install chromium        (then run npm test again)
  Fedora:         sudo dnf install chromium
  macOS:          install Google Chrome, then
                  export CHROME_PATH="/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"
  Any system:     export CHROME_PATH=/path/to/chrome-or-chromium
The tests drive it with playwright-core; they never download a browser.`);
if (labMissing.length === 0) console.log(`setup: DNS lab servers: ${LAB_PACKAGES.join(', ')} installed`);
else
	console.error(`setup: the DNS lab (tests/lab) needs the Debian packages ${labMissing.join(' ')}:
  sudo apt-get install -y ${LAB_PACKAGES.join(' ')}
The lab binds 127.53.0.0/24 port 53, so its tests run as root.`);
const openssl = findBinary('openssl');
if (!openssl) console.error('setup: the TLS tests need openssl: sudo apt-get install -y openssl');
const dnssecMissing = [...DNSSEC_TOOLS.filter(([binary]) => !findBinary(binary)).map(([, pkg]) => pkg), ...(existsSync(ROOT_DS) ? [] : ['dns-root-data'])];
if (dnssecMissing.length === 0) console.log('setup: DNSSEC signers (ldns-signzone, dnssec-signzone) and dns-root-data installed');
else console.error(`setup: the DNSSEC tests need: sudo apt-get install -y ${dnssecMissing.join(' ')}`);
const tshark = findBinary('tshark');
if (tshark) console.log(`setup: packet checks: ${tshark} (${version(tshark).split('\n')[0]})`);
else
	console.error(`setup: the packet tests need tshark (Wireshark's command line):
  Debian/Ubuntu:  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y tshark
  Fedora:         sudo dnf install wireshark-cli
  macOS:          brew install wireshark`);
process.exit(chrome && labMissing.length === 0 && openssl && tshark ? 0 : 1);
