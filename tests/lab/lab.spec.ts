/**
 * The DNS lab answers as designed: every case through unbound (dig), through the DoH front (fetch, GET ?dns=),
 * and directly at the authoritative servers with RD=0 (referrals, glue, lame and silent servers).
 * Known answers come from the zone files in tests/lab/zones (mirrored in LAB_CASES).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import dnsPacket from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	LAB_CASES,
	LAB_PACKAGES,
	LAB_SERVERS,
	findBinary,
	missingLabPackages,
	missingPackagesMessage,
	queryUdp,
	startLab,
	type Lab,
	type LabCase,
	type QueryResult
} from './lab.js';
import { dig, dohGet, dohPost, normalize, present } from './helpers.js';

let lab: Lab;

// Another lab on this machine (another spec file, `npm run lab`) makes startLab wait for it (lockTimeoutMs).
beforeAll(async () => {
	lab = await startLab();
}, 120_000);

afterAll(async () => {
	await lab?.stop();
});

const cases = Object.entries(LAB_CASES) as [string, LabCase][];
const serverOf = (zone: string) => {
	const server = LAB_SERVERS.find((s) => s.kind === 'knot' && s.zones.includes(zone));
	if (!server) throw new Error(`no server for ${zone}`);
	return server;
};
const addressOf = (name: string) => {
	const server = LAB_SERVERS.find((s) => s.name === name);
	if (!server) throw new Error(`no server ${name}`);
	return server.address;
};
const records = (result: QueryResult, section: 'answers' | 'authorities' | 'additionals') =>
	(result.response[section] ?? []).filter((r) => r.type !== 'OPT').map(present);
const nsTargets = (result: QueryResult) =>
	records(result, 'authorities')
		.filter((r) => r.type === 'NS')
		.map((r) => r.data)
		.sort();
const glue = (result: QueryResult) =>
	records(result, 'additionals')
		.filter((r) => r.type === 'A' || r.type === 'AAAA')
		.map((r) => `${r.name} ${r.data}`)
		.sort();

/** A referral: no AA, no answer, NS of `zone` in authority. */
function expectReferral(result: QueryResult, zone: string, nameservers: string[]) {
	expect(result.rcode).toBe('NOERROR');
	expect(result.response.flag_aa).toBe(false);
	expect(records(result, 'answers')).toEqual([]);
	expect(records(result, 'authorities').every((r) => r.type === 'NS' && r.name === zone)).toBe(true);
	expect(nsTargets(result)).toEqual([...nameservers].sort());
}

describe('the lab itself', () => {
	it('exposes its addresses, the root hints and the cases', () => {
		expect(lab.roots).toEqual([
			{ name: 'a.root-servers.lab.', address: '127.53.0.1' },
			{ name: 'b.root-servers.lab.', address: '127.53.0.2' }
		]);
		expect(lab.resolver).toEqual({ name: 'resolver.lab.', address: '127.53.0.53', port: 53 });
		expect(lab.doh).toBe('http://127.53.0.54:8053/dns-query');
		expect(Object.keys(lab.cases).length).toBeGreaterThanOrEqual(18);
		for (const server of lab.servers) expect(server.address).toMatch(/^127\.53\.0\.\d{1,3}$/);
		expect(LAB_PACKAGES).toEqual(['knot', 'unbound', 'dnsdist', 'dnsutils', 'ldnsutils']);
	});

	it('root.hints is in named.root format and lists exactly the lab roots', () => {
		const text = readFileSync(lab.rootHintsFile, 'utf8');
		const rows = text
			.split('\n')
			.filter((line) => line.trim() && !line.startsWith(';'))
			.map((line) => line.trim().split(/\s+/));
		const ns = rows.filter((r) => r[0] === '.' && r[2] === 'NS').map((r) => (r[3] ?? '').toLowerCase());
		const a = rows.filter((r) => r[2] === 'A').map((r) => ({ name: (r[0] ?? '').toLowerCase(), address: r[3] }));
		expect(ns).toEqual(lab.roots.map((r) => r.name));
		expect(a).toEqual(lab.roots);
		for (const row of rows) expect(row[1]).toBe('3600000');
	});

	it('every authoritative server answers for its own zones only (AA), and REFUSES the others', async () => {
		for (const server of LAB_SERVERS.filter((s) => s.kind === 'knot')) {
			for (const zone of server.zones) {
				const own = await queryUdp(server.address, zone, 'SOA');
				expect(own.rcode, `${server.name} ${zone}`).toBe('NOERROR');
				expect(own.response.flag_aa, `${server.name} ${zone}`).toBe(true);
				expect(records(own, 'answers').map((r) => `${r.name} ${r.type}`)).toEqual([`${zone} SOA`]);
			}
			if (!server.zones.includes('.')) {
				const other = await queryUdp(server.address, '.', 'SOA');
				expect(other.rcode, server.name).toBe('REFUSED');
			}
		}
	});

	it('each knotd tells who it is (NSID)', async () => {
		const result = await dig('127.53.0.21', 'www.wirewalk.test', 'A', ['+norec', '+nsid']);
		expect(result.nsid).toBe('ns1.wirewalk.test');
	});

	it('every server name of the lab resolves through unbound (dig +trace looks them all up)', async () => {
		for (const server of LAB_SERVERS) {
			const result = await dig(lab.resolver.address, server.name, 'A');
			expect(result.status, server.name).toBe('NOERROR');
			expect(result.answer.map((r) => r.data), server.name).toEqual([server.address]);
		}
	});

	it('a missing binary is reported with the Debian package to install', () => {
		const missing = missingLabPackages({ find: (binary) => (binary === 'knotd' ? null : `/usr/sbin/${binary}`) });
		expect(missing).toEqual(['knot']);
		const message = missingPackagesMessage(missing);
		expect(message).toContain('knotd not found');
		expect(message).toContain('install the Debian package knot');
		expect(message).toContain('apt-get install -y knot unbound dnsdist dnsutils');
		expect(missingLabPackages()).toEqual([]);
		expect(findBinary('knotd')).toMatch(/knotd$/);
	});

	it('refuses to start a second lab while one is running', async () => {
		await expect(startLab({ lockTimeoutMs: 300 })).rejects.toThrow(/another DNS lab is running/);
		// the running lab is untouched
		const result = await queryUdp(lab.resolver.address, 'www.wirewalk.test.', 'A', { rd: true, timeoutMs: 5000 });
		expect(result.rcode).toBe('NOERROR');
	});
});

describe('delegations, directly at the authoritative servers (RD=0)', () => {
	it('the roots answer the priming query with their NS set and glue', async () => {
		for (const root of lab.roots) {
			const result = await queryUdp(root.address, '.', 'NS');
			expect(result.rcode).toBe('NOERROR');
			expect(result.response.flag_aa).toBe(true);
			expect(records(result, 'answers').map((r) => r.data).sort()).toEqual(['a.root-servers.lab.', 'b.root-servers.lab.']);
			expect(glue(result)).toEqual(['a.root-servers.lab. 127.53.0.1', 'b.root-servers.lab. 127.53.0.2']);
		}
	});

	it('the roots refer test., example. and lab. to their TLD servers with glue', async () => {
		for (const root of lab.roots) {
			const test = await queryUdp(root.address, 'www.wirewalk.test.', 'A');
			expectReferral(test, 'test.', ['ns1.nic.test.', 'ns2.nic.test.']);
			expect(glue(test)).toEqual(['ns1.nic.test. 127.53.0.11', 'ns2.nic.test. 127.53.0.12']);

			const example = await queryUdp(root.address, 'edge.cdn.example.', 'A');
			expectReferral(example, 'example.', ['ns1.nic.example.']);
			expect(glue(example)).toEqual(['ns1.nic.example. 127.53.0.13']);

			const labTld = await queryUdp(root.address, 'resolver.lab.', 'A');
			expectReferral(labTld, 'lab.', ['ns1.nic.lab.']);
			expect(glue(labTld)).toEqual(['ns1.nic.lab. 127.53.0.10']);
		}
	});

	it('an unknown TLD is NXDOMAIN at the root, with the root SOA', async () => {
		const result = await queryUdp('127.53.0.1', 'www.nosuchtld.', 'A');
		expect(result.rcode).toBe('NXDOMAIN');
		expect(result.response.flag_aa).toBe(true);
		expect(records(result, 'authorities').map((r) => `${r.name} ${r.type}`)).toEqual(['. SOA']);
	});

	it('both test. servers refer wirewalk.test. with glue', async () => {
		for (const address of ['127.53.0.11', '127.53.0.12']) {
			const result = await queryUdp(address, 'www.wirewalk.test.', 'A');
			expectReferral(result, 'wirewalk.test.', ['ns1.wirewalk.test.']);
			expect(glue(result)).toEqual(['ns1.wirewalk.test. 127.53.0.21']);
		}
	});

	it('multi-label delegation: test. refers shop.co.test. directly; co.test. is an empty non-terminal', async () => {
		const referral = await queryUdp('127.53.0.11', 'www.shop.co.test.', 'A');
		expectReferral(referral, 'shop.co.test.', ['ns1.shop.co.test.']);
		expect(glue(referral)).toEqual(['ns1.shop.co.test. 127.53.0.20']);

		for (const type of ['A', 'NS', 'SOA']) {
			const ent = await queryUdp('127.53.0.11', 'co.test.', type);
			expect(ent.rcode, type).toBe('NOERROR');
			expect(ent.response.flag_aa, type).toBe(true);
			expect(records(ent, 'answers'), type).toEqual([]);
			expect(records(ent, 'authorities').map((r) => `${r.name} ${r.type}`), type).toEqual(['test. SOA']);
		}

		const answer = await queryUdp('127.53.0.20', 'www.shop.co.test.', 'A');
		expect(answer.response.flag_aa).toBe(true);
		expect(records(answer, 'answers')).toEqual([{ name: 'www.shop.co.test.', type: 'A', data: '203.0.113.20' }]);
	});

	it('glueless delegation: test. names servers in example. and gives no glue; example. has their addresses', async () => {
		const referral = await queryUdp('127.53.0.11', 'www.glueless.test.', 'A');
		expectReferral(referral, 'glueless.test.', ['ns1.hosting.example.', 'ns2.hosting.example.']);
		expect(glue(referral)).toEqual([]);

		// the separate walk for a name server's address: root -> example. -> answer
		expectReferral(await queryUdp('127.53.0.1', 'ns1.hosting.example.', 'A'), 'example.', ['ns1.nic.example.']);
		for (const [name, address] of [
			['ns1.hosting.example.', '127.53.0.23'],
			['ns2.hosting.example.', '127.53.0.24']
		] as const) {
			const result = await queryUdp('127.53.0.13', name, 'A');
			expect(result.response.flag_aa).toBe(true);
			expect(records(result, 'answers')).toEqual([{ name, type: 'A', data: address }]);
		}
		// hosting.example. itself is an empty non-terminal
		const ent = await queryUdp('127.53.0.13', 'hosting.example.', 'A');
		expect(ent.rcode).toBe('NOERROR');
		expect(records(ent, 'answers')).toEqual([]);

		for (const address of ['127.53.0.23', '127.53.0.24']) {
			const answer = await queryUdp(address, 'www.glueless.test.', 'A');
			expect(answer.response.flag_aa).toBe(true);
			expect(records(answer, 'answers')).toEqual([{ name: 'www.glueless.test.', type: 'A', data: '203.0.113.50' }]);
		}
	});

	it('lame server: of three NS, one has nothing listening, one REFUSES, one answers', async () => {
		const referral = await queryUdp('127.53.0.12', 'www.lame.test.', 'A');
		expectReferral(referral, 'lame.test.', ['ns1.lame.test.', 'ns2.lame.test.', 'ns3.lame.test.']);
		expect(glue(referral)).toEqual(['ns1.lame.test. 127.53.0.30', 'ns2.lame.test. 127.53.0.31', 'ns3.lame.test. 127.53.0.32']);

		// ns1: ICMP port unreachable, seen at once on a connected UDP socket
		const started = performance.now();
		await expect(queryUdp(addressOf('ns1.lame.test.'), 'www.lame.test.', 'A', { timeoutMs: 2000 })).rejects.toMatchObject({
			code: 'ECONNREFUSED'
		});
		expect(performance.now() - started).toBeLessThan(1000);

		// ns2: up, not authoritative
		const refused = await queryUdp(addressOf('ns2.lame.test.'), 'www.lame.test.', 'A');
		expect(refused.rcode).toBe('REFUSED');
		expect(refused.response.flag_aa).toBe(false);
		expect(records(refused, 'answers')).toEqual([]);

		// ns3: the working one
		const answer = await queryUdp(addressOf('ns3.lame.test.'), 'www.lame.test.', 'A');
		expect(answer.response.flag_aa).toBe(true);
		expect(records(answer, 'answers')).toEqual([{ name: 'www.lame.test.', type: 'A', data: '203.0.113.30' }]);
	});

	it('timeout server: ns1.timeout.test. takes queries over UDP and TCP and never answers; ns2 does', async () => {
		const referral = await queryUdp('127.53.0.11', 'www.timeout.test.', 'A');
		expectReferral(referral, 'timeout.test.', ['ns1.timeout.test.', 'ns2.timeout.test.']);
		expect(glue(referral)).toEqual(['ns1.timeout.test. 127.53.0.33', 'ns2.timeout.test. 127.53.0.34']);

		const started = performance.now();
		await expect(queryUdp('127.53.0.33', 'www.timeout.test.', 'A', { timeoutMs: 800 })).rejects.toMatchObject({ code: 'ETIMEDOUT' });
		expect(performance.now() - started).toBeGreaterThanOrEqual(750);

		// TCP: the connection is accepted, the query is read, no answer comes
		const tcpAnswer = await new Promise<string>((resolve) => {
			const socket = connect({ host: '127.53.0.33', port: 53 });
			const timer = setTimeout(() => {
				socket.destroy();
				resolve('no answer');
			}, 800);
			socket.on('connect', () => socket.write(dnsPacket.streamEncode({ type: 'query', id: 7, questions: [{ type: 'A', name: 'www.timeout.test' }] })));
			socket.on('data', () => {
				clearTimeout(timer);
				socket.destroy();
				resolve('answered');
			});
			socket.on('error', (error) => {
				clearTimeout(timer);
				resolve(`error ${error.message}`);
			});
		});
		expect(tcpAnswer).toBe('no answer');

		const answer = await queryUdp('127.53.0.34', 'www.timeout.test.', 'A');
		expect(answer.response.flag_aa).toBe(true);
		expect(records(answer, 'answers')).toEqual([{ name: 'www.timeout.test.', type: 'A', data: '203.0.113.40' }]);
	});

	it('CNAME across TLDs: wirewalk.test. answers only the CNAME; cdn.example. (via example.) has the address', async () => {
		const cname = await queryUdp('127.53.0.21', 'cdn.wirewalk.test.', 'A');
		expect(cname.response.flag_aa).toBe(true);
		expect(records(cname, 'answers')).toEqual([{ name: 'cdn.wirewalk.test.', type: 'CNAME', data: 'edge.cdn.example.' }]);

		const referral = await queryUdp('127.53.0.13', 'edge.cdn.example.', 'A');
		expectReferral(referral, 'cdn.example.', ['ns1.cdn.example.']);
		expect(glue(referral)).toEqual(['ns1.cdn.example. 127.53.0.22']);

		const answer = await queryUdp('127.53.0.22', 'edge.cdn.example.', 'A');
		expect(answer.response.flag_aa).toBe(true);
		expect(records(answer, 'answers')).toEqual([{ name: 'edge.cdn.example.', type: 'A', data: '203.0.113.60' }]);
	});

	it('negative answers carry the SOA of the zone: NXDOMAIN, NODATA, empty non-terminals', async () => {
		const soa = 'wirewalk.test. SOA ns1.wirewalk.test. hostmaster.wirewalk.test. 2024060101 1800 900 604800 300';
		for (const [name, type, rcode] of [
			['nope.wirewalk.test.', 'A', 'NXDOMAIN'],
			['deeper.nope.wirewalk.test.', 'A', 'NXDOMAIN'],
			['v4only.wirewalk.test.', 'AAAA', 'NOERROR'],
			['www.wirewalk.test.', 'MX', 'NOERROR'],
			['ent.wirewalk.test.', 'A', 'NOERROR'],
			['b.ent.wirewalk.test.', 'TXT', 'NOERROR']
		] as const) {
			const result = await queryUdp('127.53.0.21', name, type);
			expect(result.rcode, `${name} ${type}`).toBe(rcode);
			expect(result.response.flag_aa).toBe(true);
			expect(records(result, 'answers'), `${name} ${type}`).toEqual([]);
			expect(records(result, 'authorities').map((r) => `${r.name} ${r.type} ${r.data}`)).toEqual([soa]);
		}
	});

	it.each(cases)('case %s: the servers of its zone give the known answer', async (_id, c) => {
		const expected = c.authoritative ?? { rcode: c.rcode, answer: c.answer };
		for (const server of LAB_SERVERS.filter((s) => s.kind === 'knot' && s.zones.includes(c.zone))) {
			const result = await queryUdp(server.address, c.name, c.type);
			expect(result.rcode, server.name).toBe(expected.rcode);
			expect(result.response.flag_aa, server.name).toBe(true);
			// Too big for UDP: the server says so (TC) and leaves the answer for TCP.
			expect(result.response.flag_tc, server.name).toBe(!!c.udpTruncated);
			expect(normalize(records(result, 'answers'))).toEqual(c.udpTruncated ? [] : normalize(expected.answer));
		}
	});
});

describe('every case through the resolver (unbound, dig)', () => {
	it.each(cases)('case %s', async (_id, c) => {
		const result = await dig(lab.resolver.address, c.name, c.type);
		expect(result.status).toBe(c.rcode);
		expect(result.flags).toContain('ra');
		expect(normalize(result.answer)).toEqual(normalize(c.answer));
		// the CNAME chain comes first, in order
		expect(result.answer.filter((r) => r.type === 'CNAME')).toEqual(
			expect.arrayContaining(c.answer.filter((r) => r.type === 'CNAME').map((r) => expect.objectContaining(r)))
		);
		if (c.soa) expect(result.authority.map((r) => `${r.name} ${r.type}`)).toEqual([`${c.soa} SOA`]);
	});

	it('the cross-TLD CNAME chain is in order: CNAME, then the A of its target', async () => {
		const result = await dig(lab.resolver.address, 'cdn.wirewalk.test', 'A');
		expect(result.answer.map((r) => `${r.name} ${r.type} ${r.data}`)).toEqual([
			'cdn.wirewalk.test. CNAME edge.cdn.example.',
			'edge.cdn.example. A 203.0.113.60'
		]);
	});

	it('the lame and timeout cases resolve again when cached, quickly', async () => {
		for (const c of [LAB_CASES.lame, LAB_CASES.timeout] as LabCase[]) {
			const result = await dig(lab.resolver.address, c.name, c.type);
			expect(result.status).toBe('NOERROR');
			expect(result.elapsedMs).toBeLessThan(1500);
		}
	});

	it('the IDN case is the punycode of bücher', () => {
		expect(new URL('http://bücher.wirewalk.test/').hostname).toBe(LAB_CASES.idn?.name.replace(/\.$/, ''));
	});

	it('dnsdist answers plain DNS too, from the same resolver', async () => {
		const result = await dig(lab.dohDns.address, 'www.wirewalk.test', 'A');
		expect(result.status).toBe('NOERROR');
		expect(result.answer.map((r) => r.data)).toEqual(['203.0.113.10']);
	});
});

describe('every case through the DoH front (dnsdist, GET ?dns= with ID 0)', () => {
	it.each(cases)('case %s', async (_id, c) => {
		const result = await dohGet(lab.doh, c.name, c.type);
		expect(result.status).toBe(200);
		expect(result.headers.get('access-control-allow-origin')).toBe('*');
		expect(result.headers.get('content-type')).toBe('application/dns-message');
		expect(result.response.id).toBe(0);
		expect(result.response.flag_qr).toBe(true);
		expect(result.rcode).toBe(c.rcode);
		const answer = (result.response.answers ?? []).map(present);
		expect(normalize(answer)).toEqual(normalize(c.answer));
		if (c.soa) expect((result.response.authorities ?? []).map(present).map((r) => `${r.name} ${r.type}`)).toEqual([`${c.soa} SOA`]);
	});

	it('the HTTPS record arrives as raw type-65 RDATA: priority 1, target ".", alpn h2,h3', async () => {
		const result = await dohGet(lab.doh, 'www.wirewalk.test.', 'HTTPS');
		const record = result.response.answers?.[0] as { type: string; data: Buffer } | undefined;
		expect(record?.type).toBe('UNKNOWN_65');
		expect(record?.data.toString('hex')).toBe('000100000100060268320268' + '33');
	});

	it('the HTML in TXT arrives byte for byte', async () => {
		const result = await dohGet(lab.doh, 'txt.wirewalk.test.', 'TXT');
		const texts = (result.response.answers ?? []).map((r) => Buffer.concat((r as { data: Buffer[] }).data).toString('utf8'));
		expect(texts).toContain('<img src=x onerror=alert(1)>');
	});

	it('POST application/dns-message works too, with the same headers', async () => {
		const result = await dohPost(lab.doh, 'www.wirewalk.test.', 'AAAA');
		expect(result.status).toBe(200);
		expect(result.headers.get('access-control-allow-origin')).toBe('*');
		expect(result.headers.get('content-type')).toBe('application/dns-message');
		expect((result.response.answers ?? []).map(present)).toEqual([{ name: 'www.wirewalk.test.', type: 'AAAA', data: '2001:db8::10' }]);
	});

	it('a wrong path is not a DoH endpoint', async () => {
		const response = await fetch(lab.doh.replace('/dns-query', '/nope'), { signal: AbortSignal.timeout(5000) });
		expect(response.ok).toBe(false);
	});
});

describe('lifecycle', () => {
	it('a lab whose owner was killed (SIGKILL) leaves nothing behind, and the next start works', async () => {
		await lab.stop();
		const script = `import { startLab } from ${JSON.stringify(fileURLToPath(new URL('./lab.js', import.meta.url)))};
const lab = await startLab(); console.log('UP ' + lab.dir);`;
		const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.stderr.on('data', (chunk) => (output += chunk));
		const up = await new Promise<boolean>((resolve) => {
			const timer = setTimeout(() => resolve(false), 110_000);
			child.stdout.on('data', () => {
				if (output.includes('UP ')) {
					clearTimeout(timer);
					resolve(true);
				}
			});
			child.on('exit', () => {
				clearTimeout(timer);
				resolve(false);
			});
		});
		if (!up) child.kill('SIGKILL');
		expect(up, output).toBe(true);
		expect((await queryUdp('127.53.0.21', 'www.wirewalk.test.', 'A')).rcode).toBe('NOERROR');
		child.kill('SIGKILL');
		await new Promise((resolve) => child.once('exit', resolve));

		// a fresh start cleans up whatever is left and comes up again
		lab = await startLab();
		const result = await dig(lab.resolver.address, 'www.wirewalk.test', 'A');
		expect(result.answer.map((r) => r.data)).toEqual(['203.0.113.10']);
	}, 240_000);
});
