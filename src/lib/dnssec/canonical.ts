/**
 * What a signer signed: the RRSIG's own fields, then the RRset in canonical form and order (RFC 4034 sections
 * 3.1.8.1, 6.2, 6.3; RFC 4035 section 5.3.2 for wildcards). Rebuilding these bytes exactly is most of validation.
 */
import { concatBytes } from '$lib/tls/webcrypto';
import { canonicalName, nameFromLabels, nameLabels, type WireName } from './names';
import { canonicalRdata, TYPE, type Rr, type Rrsig } from './records';

export interface CanonicalRrset {
	/** The owner as signed: lowercase, and `*.<closest encloser>` when a wildcard expanded (labels field < owner labels). */
	owner: WireName;
	/** Each RR in canonical wire form with the RRSIG's original TTL, sorted by RDATA, duplicates removed. */
	records: Uint8Array[];
}

/** Unsigned octet order, a missing octet before a zero octet (RFC 4034 section 6.3). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
	for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
	return a.length - b.length;
}

/** The owner the signature covers: the wildcard it came from when the RRSIG has fewer labels than the owner. */
export function signedOwner(owner: WireName, labelsField: number): WireName {
	const labels = nameLabels(canonicalName(owner));
	if (labelsField >= labels.length) return canonicalName(owner);
	return nameFromLabels([new Uint8Array([0x2a]), ...labels.slice(labels.length - labelsField)]);
}

export function canonicalRrset(rrset: Rr[], sig: Rrsig): CanonicalRrset {
	const owner = signedOwner(rrset[0]!.owner, sig.labels);
	const rdatas = rrset.map((rr) => canonicalRdata(rr.type, rr.rdata)).sort(compareBytes);
	const unique = rdatas.filter((rdata, i) => i === 0 || compareBytes(rdata, rdatas[i - 1]!) !== 0);
	const records = unique.map((rdata) => {
		const fixed = new Uint8Array(10);
		const view = new DataView(fixed.buffer);
		view.setUint16(0, rrset[0]!.type);
		view.setUint16(2, rrset[0]!.class);
		view.setUint32(4, sig.originalTtl);
		view.setUint16(8, rdata.length);
		return concatBytes(owner, fixed, rdata);
	});
	return { owner, records };
}

/** RFC 4034 section 3.1.8.1: RRSIG_RDATA (signer's name lowercased, no signature) | RR(1) | RR(2) ... */
export function signedData(rrset: Rr[], sig: Rrsig): Uint8Array {
	return concatBytes(canonicalRdata(TYPE.RRSIG, sig.fields), ...canonicalRrset(rrset, sig).records);
}
