/**
 * IP addresses the relay may never send to: private, loopback, link-local, documentation, multicast and the
 * other special-use blocks (IANA special-purpose address registries, RFC 6890 and updates). A lab range can be
 * allowed by configuration.
 */
import { parseIPv4, parseIPv6 } from '$lib/dns/name';

export interface Cidr {
	family: 4 | 6;
	/** The address as 16-bit words (IPv6) or bytes (IPv4). */
	parts: number[];
	bits: number;
	text: string;
}

/** IPv4 as 4 bytes or IPv6 as 8 words; undefined for anything else (host names included). */
export function parseAddress(text: string): { family: 4 | 6; parts: number[] } | undefined {
	const v4 = parseIPv4(text);
	if (v4) return { family: 4, parts: v4 };
	const v6 = parseIPv6(text);
	return v6 ? { family: 6, parts: v6 } : undefined;
}

export function parseCidr(text: string): Cidr | undefined {
	const [addr, len] = text.trim().split('/');
	const parsed = addr ? parseAddress(addr) : undefined;
	if (!parsed) return undefined;
	const max = parsed.family === 4 ? 32 : 128;
	const bits = len === undefined ? max : Number(len);
	if (!Number.isInteger(bits) || bits < 0 || bits > max) return undefined;
	return { ...parsed, bits, text: text.trim() };
}

export function inCidr(address: { family: 4 | 6; parts: number[] }, cidr: Cidr): boolean {
	if (address.family !== cidr.family) return false;
	const width = address.family === 4 ? 8 : 16;
	let left = cidr.bits;
	for (let i = 0; i < address.parts.length && left > 0; i++) {
		const take = Math.min(width, left);
		const mask = ((1 << take) - 1) << (width - take);
		if ((address.parts[i]! & mask) !== (cidr.parts[i]! & mask)) return false;
		left -= take;
	}
	return true;
}

const SPECIAL_USE = [
	'0.0.0.0/8', // "this network"
	'10.0.0.0/8', // private
	'100.64.0.0/10', // shared address space (carrier-grade NAT)
	'127.0.0.0/8', // loopback
	'169.254.0.0/16', // link-local
	'172.16.0.0/12', // private
	'192.0.0.0/24', // IETF protocol assignments
	'192.0.2.0/24', // documentation (TEST-NET-1)
	'192.88.99.0/24', // 6to4 relay anycast (deprecated)
	'192.168.0.0/16', // private
	'198.18.0.0/15', // benchmarking
	'198.51.100.0/24', // documentation (TEST-NET-2)
	'203.0.113.0/24', // documentation (TEST-NET-3)
	'224.0.0.0/4', // multicast
	'240.0.0.0/4', // reserved, and 255.255.255.255 broadcast
	'::/128', // unspecified
	'::1/128', // loopback
	'::ffff:0:0/96', // IPv4-mapped (checked again as IPv4 below, but never sent as such)
	'64:ff9b::/96', // NAT64
	'64:ff9b:1::/48', // local NAT64
	'100::/64', // discard
	'2001::/23', // IETF protocol assignments (Teredo, benchmarking, ORCHID…)
	'2001:db8::/32', // documentation
	'2002::/16', // 6to4
	'3fff::/20', // documentation (2024)
	'fc00::/7', // unique local
	'fe80::/10', // link-local
	'ff00::/8' // multicast
].map((c) => parseCidr(c)!);

/** The special-use block an address falls in, or undefined for an ordinary unicast address. */
export function specialUseBlock(address: { family: 4 | 6; parts: number[] }): string | undefined {
	return SPECIAL_USE.find((c) => inCidr(address, c))?.text;
}
