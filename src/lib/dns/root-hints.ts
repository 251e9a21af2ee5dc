/**
 * Root hints: where a walk in direct mode starts. The built-in list is IANA's named.root
 * (https://www.internic.net/domain/named.root, root zone version 2024 onwards: b.root-servers.net renumbered to
 * 170.247.170.2 / 2801:1b8:10::b in 2023). A file in the same format replaces it (the lab's tests/lab/root.hints).
 */
import { fqdn } from './labels';

export interface NameServer {
	/** Lowercase FQDN with the trailing dot. */
	name: string;
	/** Known addresses (glue, hints); empty when they must be looked up (a glueless delegation). */
	addresses: string[];
}

export const IANA_ROOT_HINTS: readonly NameServer[] = [
	['a', '198.41.0.4', '2001:503:ba3e::2:30'],
	['b', '170.247.170.2', '2801:1b8:10::b'],
	['c', '192.33.4.12', '2001:500:2::c'],
	['d', '199.7.91.13', '2001:500:2d::d'],
	['e', '192.203.230.10', '2001:500:a8::e'],
	['f', '192.5.5.241', '2001:500:2f::f'],
	['g', '192.112.36.4', '2001:500:12::d0d'],
	['h', '198.97.190.53', '2001:500:1::53'],
	['i', '192.36.148.17', '2001:7fe::53'],
	['j', '192.58.128.30', '2001:503:c27::2:30'],
	['k', '193.0.14.129', '2001:7fd::1'],
	['l', '199.7.83.42', '2001:500:9f::42'],
	['m', '202.12.27.33', '2001:dc3::35']
].map(([letter, v4, v6]) => ({ name: `${letter}.root-servers.net.`, addresses: [v4!, v6!] }));

/**
 * Reads root hints in named.root (zone file) format: `.` NS records and the A/AAAA records of those names.
 * Returns undefined when the text holds no usable root server.
 */
export function parseRootHints(text: string): NameServer[] | undefined {
	const servers = new Map<string, NameServer>();
	const addresses = new Map<string, string[]>();
	for (const raw of text.split('\n')) {
		const line = raw.replace(/;.*/, '').trim();
		if (!line) continue;
		const parts = line.split(/\s+/);
		// owner [ttl] [class] type data
		const typeAt = parts.findIndex((p, i) => i > 0 && /^(NS|A|AAAA)$/i.test(p));
		if (typeAt < 0 || typeAt === parts.length - 1) continue;
		const owner = fqdn(parts[0]!);
		const type = parts[typeAt]!.toUpperCase();
		const data = parts[typeAt + 1]!;
		if (type === 'NS' && owner === '.') {
			const name = fqdn(data);
			servers.set(name, { name, addresses: [] });
		} else if (type === 'A' || type === 'AAAA') {
			addresses.set(owner, [...(addresses.get(owner) ?? []), data]);
		}
	}
	const list = [...servers.values()].map((s) => ({ ...s, addresses: addresses.get(s.name) ?? [] })).filter((s) => s.addresses.length);
	return list.length ? list : undefined;
}
