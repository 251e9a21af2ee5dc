/**
 * Test helpers for the DNS lab: ask the resolver with `dig`, ask the DoH front with fetch, and turn dns-packet
 * records into the presentation form `dig` prints, so every path compares against the same known answers.
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import dnsPacket from 'dns-packet';
import type { Security } from '$lib/dnssec/verdict';
import { encodeQuery, type DnsMessage } from '$lib/dns/wire';
import { socketTransport } from '$lib/server/dns-socket';
import { rcodeOf, type LabRecord } from './lab.js';

const REPO = new URL('../..', import.meta.url).pathname;

const run = promisify(execFile);

export interface DigRecord extends LabRecord {
	ttl: number;
}

export interface DigResult {
	status: string;
	flags: string[];
	answer: DigRecord[];
	authority: DigRecord[];
	additional: DigRecord[];
	nsid?: string;
	elapsedMs: number;
	raw: string;
}

/**
 * `dig @server name type +tries=1 +time=<s>` (plus `extra` options), parsed. `dig` exits non-zero only when no
 * answer came at all; that rejects.
 */
export async function dig(server: string, name: string, type: string, extra: string[] = [], timeSeconds = 5): Promise<DigResult> {
	const started = performance.now();
	const { stdout } = await run(
		'dig',
		[`@${server}`, name, type, '+tries=1', `+time=${timeSeconds}`, '+noidnout', ...extra],
		{ timeout: (timeSeconds + 5) * 1000, env: { ...process.env, LC_ALL: 'C' } }
	);
	return { ...parseDig(stdout), elapsedMs: performance.now() - started, raw: stdout };
}

export function parseDig(text: string): Omit<DigResult, 'elapsedMs' | 'raw'> {
	const status = /status: ([A-Z0-9]+)/.exec(text)?.[1];
	if (!status) throw new Error(`dig printed no status:\n${text}`);
	const flags = (/;; flags: ([a-z ]*);/.exec(text)?.[1] ?? '').trim().split(/\s+/).filter(Boolean);
	const nsid = /; NSID: .*\("(.*)"\)/.exec(text)?.[1];
	const sections: Record<string, DigRecord[]> = { ANSWER: [], AUTHORITY: [], ADDITIONAL: [] };
	let current: DigRecord[] | null = null;
	for (const line of text.split('\n')) {
		const header = /^;; (ANSWER|AUTHORITY|ADDITIONAL) SECTION:$/.exec(line);
		if (header) {
			current = sections[header[1] as string] ?? null;
			continue;
		}
		if (line.trim() === '' || line.startsWith(';')) {
			current = null;
			continue;
		}
		if (!current) continue;
		// dig separates the fields with tabs, or with a space after a long owner name
		const match = /^(\S+)\s+(\d+)\s+IN\s+(\S+)\s+(.*)$/.exec(line);
		if (!match) throw new Error(`unexpected dig line: ${line}`);
		const [, owner = '', ttl = '', rtype = '', data = ''] = match;
		current.push({ name: owner.toLowerCase(), ttl: Number(ttl), type: rtype, data: data.trim() });
	}
	return { status, flags, answer: sections.ANSWER ?? [], authority: sections.AUTHORITY ?? [], additional: sections.ADDITIONAL ?? [], ...(nsid ? { nsid } : {}) };
}

/** A DNS query for DoH: ID 0 (RFC 8484, cacheable), RD=1. HTTPS/SVCB go out as type 65/64. */
export function dohQuery(name: string, type: string): Buffer {
	const wire = type === 'HTTPS' ? 'UNKNOWN_65' : type === 'SVCB' ? 'UNKNOWN_64' : type;
	return dnsPacket.encode({
		type: 'query',
		id: 0,
		flags: dnsPacket.RECURSION_DESIRED,
		questions: [{ type: wire as dnsPacket.RecordType, name, class: 'IN' }]
	});
}

export interface DohResult {
	status: number;
	headers: Headers;
	bytes: Buffer;
	rcode: string;
	response: dnsPacket.DecodedPacket;
}

/** RFC 8484 GET `?dns=<base64url>` to the DoH URL, bounded. */
export async function dohGet(url: string, name: string, type: string, timeoutMs = 12_000): Promise<DohResult> {
	const query = dohQuery(name, type);
	const response = await fetch(`${url}?dns=${query.toString('base64url')}`, {
		headers: { accept: 'application/dns-message' },
		signal: AbortSignal.timeout(timeoutMs)
	});
	const bytes = Buffer.from(await response.arrayBuffer());
	return { status: response.status, headers: response.headers, bytes, rcode: rcodeOf(bytes), response: dnsPacket.decode(bytes) };
}

/** RFC 8484 POST of `application/dns-message`, bounded. */
export async function dohPost(url: string, name: string, type: string, timeoutMs = 12_000): Promise<DohResult> {
	const response = await fetch(url, {
		method: 'POST',
		headers: { accept: 'application/dns-message', 'content-type': 'application/dns-message' },
		body: new Uint8Array(dohQuery(name, type)),
		signal: AbortSignal.timeout(timeoutMs)
	});
	const bytes = Buffer.from(await response.arrayBuffer());
	return { status: response.status, headers: response.headers, bytes, rcode: rcodeOf(bytes), response: dnsPacket.decode(bytes) };
}

const fqdn = (name: string) => (name.endsWith('.') ? name : `${name}.`).toLowerCase();
const txtString = (value: Buffer | string) =>
	`"${(typeof value === 'string' ? value : value.toString('latin1')).replace(/[\\"]/g, (c) => `\\${c}`)}"`;

/** HTTPS/SVCB RDATA for the simple cases of the lab: priority, target, alpn only. */
export function presentSvcb(data: Buffer): string {
	const priority = data.readUInt16BE(0);
	let offset = 2;
	const labels: string[] = [];
	for (let length = data[offset] ?? 0; length > 0; length = data[offset] ?? 0) {
		labels.push(data.subarray(offset + 1, offset + 1 + length).toString('latin1'));
		offset += 1 + length;
	}
	offset += 1;
	const target = labels.length ? `${labels.join('.')}.` : '.';
	const params: string[] = [];
	while (offset + 4 <= data.length) {
		const key = data.readUInt16BE(offset);
		const length = data.readUInt16BE(offset + 2);
		const value = data.subarray(offset + 4, offset + 4 + length);
		offset += 4 + length;
		if (key === 1) {
			const ids: string[] = [];
			for (let i = 0; i < value.length; i += 1 + (value[i] ?? 0)) ids.push(value.subarray(i + 1, i + 1 + (value[i] ?? 0)).toString('latin1'));
			params.push(`alpn="${ids.join(',')}"`);
		} else {
			params.push(`key${key}=${value.toString('hex')}`);
		}
	}
	return [String(priority), target, ...params].join(' ');
}

/** A dns-packet record in dig's presentation form (for the types the lab uses). */
export function present(record: dnsPacket.Answer): LabRecord {
	const name = fqdn(record.name || '.');
	const type = String(record.type);
	const data = (record as { data?: unknown }).data;
	switch (type) {
		case 'A':
		case 'AAAA':
			return { name, type, data: String(data) };
		case 'CNAME':
		case 'NS':
		case 'PTR':
		case 'DNAME':
			return { name, type, data: fqdn(String(data)) };
		case 'MX': {
			const mx = data as dnsPacket.MxData;
			return { name, type, data: `${mx.preference ?? 0} ${fqdn(mx.exchange)}` };
		}
		case 'TXT': {
			const parts = Array.isArray(data) ? data : [data as Buffer | string];
			return { name, type, data: parts.map((part) => txtString(part)).join(' ') };
		}
		case 'CAA': {
			const caa = data as dnsPacket.CaaData;
			return { name, type, data: `${caa.flags ?? 0} ${caa.tag} "${caa.value}"` };
		}
		case 'SOA': {
			const soa = data as dnsPacket.SoaData;
			return {
				name,
				type,
				data: `${fqdn(soa.mname)} ${fqdn(soa.rname)} ${soa.serial} ${soa.refresh} ${soa.retry} ${soa.expire} ${soa.minimum}`
			};
		}
		case 'UNKNOWN_65':
			return { name, type: 'HTTPS', data: presentSvcb(data as Buffer) };
		case 'UNKNOWN_64':
			return { name, type: 'SVCB', data: presentSvcb(data as Buffer) };
		default:
			return { name, type, data: Buffer.isBuffer(data) ? `\\# ${data.length} ${data.toString('hex')}` : JSON.stringify(data) };
	}
}

/** Records without TTL, in a stable order for comparing sets (the CNAME chain keeps its order first). */
export function normalize(records: readonly LabRecord[]): LabRecord[] {
	const strip = (r: LabRecord) => ({ name: r.name.toLowerCase(), type: r.type, data: r.data });
	const chain = records.filter((r) => r.type === 'CNAME').map(strip);
	const rest = records
		.filter((r) => r.type !== 'CNAME')
		.map(strip)
		.sort((a, b) => `${a.name} ${a.type} ${a.data}`.localeCompare(`${b.name} ${b.type} ${b.data}`));
	return [...chain, ...rest];
}

/**
 * Runs `npm run trace -- ARGS` (through tsx, from the repository root), killed after 40 s. `json` is the parsed
 * output when it is JSON.
 */
export function runTrace<T = unknown>(args: string[]): Promise<{ code: number; json?: T; out: string; err: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/trace.ts', ...args], { cwd: REPO });
		let out = '';
		let err = '';
		child.stdout.on('data', (d) => (out += d));
		child.stderr.on('data', (d) => (err += d));
		const timer = setTimeout(() => child.kill('SIGKILL'), 40_000);
		child.on('error', reject);
		child.on('close', (code) => {
			clearTimeout(timer);
			let json: T | undefined;
			try {
				json = JSON.parse(out);
			} catch {
				/* text mode or a failure: the test says what it expected */
			}
			resolve({ code: code ?? -1, json, out, err });
		});
	});
}

/** Runs a walk to its end (at most `maxEvents` events): every event it yielded, and its outcome. */
export async function drainWalk<E, O>(gen: AsyncGenerator<E, O>, maxEvents = 500): Promise<{ events: E[]; outcome: O }> {
	const events: E[] = [];
	for (let i = 0; i < maxEvents; i++) {
		const next = await gen.next();
		if (next.done) return { events, outcome: next.value };
		events.push(next.value);
	}
	throw new Error(`the walk did not end within ${maxEvents} events`);
}

/**
 * A validating resolver's verdict: asked with DO (and without CD), as a stub behind it would be. AD set = secure,
 * SERVFAIL = bogus (with the Extended DNS Error that says why, RFC 8914), an answer without AD = insecure.
 */
export async function resolverVerdict(resolver: { address: string; port: number }, name: string, typeCode: number): Promise<{ security: Security; message: DnsMessage; ede?: number }> {
	const query = encodeQuery({ name, typeCode, id: 4242, recursionDesired: true, edns: { udpPayloadSize: 1232, dnssecOk: true } });
	const result = await socketTransport().exchange(resolver, query, { tcp: false, timeoutMs: 8000 });
	if (!result.ok) throw new Error(`${resolver.address} did not answer ${name}: ${result.error.message.en}`);
	const m = result.value.message;
	const edeOption = m.edns?.options.find((o) => o.code === 15);
	const ede = edeOption ? (edeOption.data[0]! << 8) | edeOption.data[1]! : undefined;
	const security: Security = m.rcode === 2 ? 'bogus' : m.flags.ad ? 'secure' : m.rcode === 0 || m.rcode === 3 ? 'insecure' : 'indeterminate';
	return { security, message: m, ede };
}
