/**
 * The Internet checksum (RFC 1071): the 16-bit one's-complement of the one's-complement sum of the data taken as
 * big-endian 16-bit words. IPv4 puts it over its header; TCP and UDP over a pseudo-header and the whole segment.
 */

/**
 * The one's-complement sum of the parts read as one byte stream, folded to 16 bits. A part of odd length does not
 * pad the stream: its last byte pairs with the first byte of the next part; only the very last byte is padded
 * with a zero on the right (RFC 1071 section 4.1).
 */
export function onesComplementSum(...parts: Uint8Array[]): number {
	let sum = 0;
	let high = true;
	for (const part of parts)
		for (const byte of part) {
			sum += high ? byte << 8 : byte;
			high = !high;
			// Folding as we go keeps the sum far below 2^53 whatever the length.
			if (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
		}
	return sum;
}

/** What goes into a checksum field: the complement of the sum, so that summing the checked bytes gives 0xffff. */
export function internetChecksum(...parts: Uint8Array[]): number {
	return ~onesComplementSum(...parts) & 0xffff;
}

/**
 * The IPv4 pseudo-header TCP and UDP put under their checksum (RFC 9293 section 3.1, RFC 768): source and
 * destination address, a zero byte, the protocol number and the segment's length. It ties the segment to the
 * addresses it travels between, so a segment delivered to the wrong host fails its checksum.
 */
export function ipv4PseudoHeader(source: Uint8Array, destination: Uint8Array, protocol: number, length: number): Uint8Array {
	const header = new Uint8Array(12);
	header.set(source, 0);
	header.set(destination, 4);
	header[9] = protocol;
	header[10] = length >> 8;
	header[11] = length & 0xff;
	return header;
}

/** The checksum of a TCP or UDP segment (header with a zero checksum field, and data) sent over IPv4. */
export function transportChecksum(source: Uint8Array, destination: Uint8Array, protocol: number, segment: Uint8Array): number {
	return internetChecksum(ipv4PseudoHeader(source, destination, protocol, segment.length), segment);
}
