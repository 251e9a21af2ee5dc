/**
 * Classic libpcap files (the format of tcpdump -w; Wireshark opens them as they are): a 24-byte global header,
 * then a 16-byte record header before each frame. Written little-endian on purpose, whatever the machine: the
 * magic number tells a reader the byte order, so any fixed one works.
 */

export interface PcapFrame {
	timestampMicros: number;
	bytes: Uint8Array;
}

/** Microsecond timestamps (magic 0xa1b2c3d4; 0xa1b23c4d would mean nanoseconds). */
export const PCAP_MAGIC = 0xa1b2c3d4;
/** What tcpdump and Wireshark write today; a longer frame is stored cut, with its real length. */
export const PCAP_SNAPLEN = 262144;
export const LINKTYPE_ETHERNET = 1;

const GLOBAL_HEADER = 24;
const RECORD_HEADER = 16;

/**
 * A pcap file of the frames, in the order given. A timestamp must be a whole, non-negative number of
 * microseconds since 1970 (a programming mistake otherwise, which throws).
 */
export function pcapFile(frames: readonly PcapFrame[], linkType = LINKTYPE_ETHERNET): Uint8Array {
	const stored = frames.map((f) => Math.min(f.bytes.length, PCAP_SNAPLEN));
	const out = new Uint8Array(GLOBAL_HEADER + stored.reduce((sum, n) => sum + RECORD_HEADER + n, 0));
	const view = new DataView(out.buffer);
	const LE = true;
	view.setUint32(0, PCAP_MAGIC, LE);
	view.setUint16(4, 2, LE); // version 2.4
	view.setUint16(6, 4, LE);
	view.setInt32(8, 0, LE); // thiszone: timestamps are UTC
	view.setUint32(12, 0, LE); // sigfigs: always 0
	view.setUint32(16, PCAP_SNAPLEN, LE);
	view.setUint32(20, linkType, LE);
	let at = GLOBAL_HEADER;
	frames.forEach((frame, i) => {
		const t = frame.timestampMicros;
		if (!Number.isSafeInteger(t) || t < 0 || t >= 2 ** 32 * 1e6) throw new RangeError(`pcapFile: frame ${i} has timestamp ${t}`);
		view.setUint32(at, Math.floor(t / 1e6), LE);
		view.setUint32(at + 4, t % 1e6, LE);
		view.setUint32(at + 8, stored[i]!, LE);
		view.setUint32(at + 12, frame.bytes.length, LE);
		out.set(frame.bytes.subarray(0, stored[i]), at + RECORD_HEADER);
		at += RECORD_HEADER + stored[i]!;
	});
	return out;
}
