/**
 * Domain names as DNSSEC needs them: uncompressed wire form (RFC 1035 section 3.1), so escaped bytes survive,
 * with the canonical form and order of RFC 4034 section 6.1.
 */
import { escapeLabel } from '$lib/dns/labels';

/** A name in uncompressed wire form, ending with the root label. */
export type WireName = Uint8Array;

const lowerByte = (b: number) => (b >= 0x41 && b <= 0x5a ? b + 0x20 : b);

export const ROOT: WireName = new Uint8Array([0]);

/** Presentation text (`www.Example.com.`, `\046`-style escapes, `.` for the root) -> wire form. */
export function nameFromText(text: string, origin?: WireName): WireName | undefined {
	if (text === '.' || text === '') return ROOT;
	if (text === '@') return origin;
	const labels: number[][] = [];
	let label: number[] = [];
	let absolute = false;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i]!;
		if (ch === '.') {
			if (label.length === 0) return undefined;
			labels.push(label);
			label = [];
			if (i === text.length - 1) absolute = true;
		} else if (ch === '\\') {
			const digits = text.slice(i + 1, i + 4);
			if (/^\d{3}$/.test(digits)) {
				const value = Number(digits);
				if (value > 255) return undefined;
				label.push(value);
				i += 3;
			} else if (i + 1 < text.length) {
				label.push(text.charCodeAt(++i));
			} else return undefined;
		} else {
			const code = text.charCodeAt(i);
			if (code > 0x7e) return undefined;
			label.push(code);
		}
	}
	if (label.length) labels.push(label);
	if (labels.some((l) => l.length > 63)) return undefined;
	const tail = absolute ? ROOT : origin;
	if (!tail) return undefined;
	const out = [...labels.flatMap((l) => [l.length, ...l]), ...tail];
	return out.length > 255 ? undefined : new Uint8Array(out);
}

/** The labels of a name, leftmost first, without the root. */
export function nameLabels(name: WireName): Uint8Array[] {
	const out: Uint8Array[] = [];
	for (let at = 0; at < name.length && name[at] !== 0; at += 1 + name[at]!) out.push(name.subarray(at + 1, at + 1 + name[at]!));
	return out;
}

export function nameFromLabels(labels: Uint8Array[]): WireName {
	const out: number[] = [];
	for (const l of labels) out.push(l.length, ...l);
	out.push(0);
	return new Uint8Array(out);
}

/** Presentation form with the trailing dot, as dig prints it. */
export function nameToText(name: WireName): string {
	const labels = nameLabels(name);
	return labels.length ? labels.map(escapeLabel).join('.') + '.' : '.';
}

/** RFC 4034 section 6.2: uppercase US-ASCII letters become lowercase; nothing else changes. */
export function canonicalName(name: WireName): WireName {
	const out = name.slice();
	for (let at = 0; at < out.length && out[at] !== 0; at += 1 + out[at]!)
		for (let i = at + 1; i <= at + out[at]!; i++) out[i] = lowerByte(out[i]!);
	return out;
}

/** The length of the name at `at` in uncompressed wire data, or undefined if it runs off the end. */
export function wireNameLength(data: Uint8Array, at: number): number | undefined {
	let o = at;
	for (;;) {
		const len = data[o];
		if (len === undefined || len > 63) return undefined;
		o += 1 + len;
		if (len === 0) return o - at <= 255 ? o - at : undefined;
	}
}

function compareLabels(a: Uint8Array, b: Uint8Array): number {
	for (let i = 0; i < Math.min(a.length, b.length); i++) {
		const d = lowerByte(a[i]!) - lowerByte(b[i]!);
		if (d) return d;
	}
	return a.length - b.length;
}

/** RFC 4034 section 6.1: compare label by label from the rightmost, each as lowercase octets; absent sorts first. */
export function compareNames(a: WireName, b: WireName): number {
	const la = nameLabels(a).reverse();
	const lb = nameLabels(b).reverse();
	for (let i = 0; i < Math.min(la.length, lb.length); i++) {
		const d = compareLabels(la[i]!, lb[i]!);
		if (d) return d;
	}
	return la.length - lb.length;
}

export const sameWireName = (a: WireName, b: WireName) => compareNames(a, b) === 0;

/** True when `name` is `ancestor` or below it. */
export function isSubdomain(name: WireName, ancestor: WireName): boolean {
	const ln = nameLabels(name);
	const la = nameLabels(ancestor);
	if (la.length > ln.length) return false;
	return sameWireName(nameFromLabels(ln.slice(ln.length - la.length)), ancestor);
}

/** The name with its `count` leftmost labels removed. */
export function stripLabels(name: WireName, count: number): WireName {
	return nameFromLabels(nameLabels(name).slice(count));
}

const ASTERISK = new Uint8Array([0x2a]);

export const isWildcard = (name: WireName) => name[0] === 1 && name[1] === 0x2a;

/** `*.<name>` */
export const wildcardOf = (name: WireName): WireName => nameFromLabels([ASTERISK, ...nameLabels(name)]);

/** The labels field of an RRSIG counts the owner's labels without the root and without a leading `*` (RFC 4034 3.1.3). */
export function rrsigLabelCount(owner: WireName): number {
	const n = nameLabels(owner).length;
	return isWildcard(owner) ? n - 1 : n;
}

/** The longest name that both names are at or below. */
export function commonAncestor(a: WireName, b: WireName): WireName {
	const la = nameLabels(a).reverse();
	const lb = nameLabels(b).reverse();
	let i = 0;
	while (i < la.length && i < lb.length && compareLabels(la[i]!, lb[i]!) === 0) i++;
	return nameFromLabels(la.slice(0, i).reverse());
}
