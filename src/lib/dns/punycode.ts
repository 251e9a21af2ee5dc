/**
 * Punycode (RFC 3492), the encoding behind IDN `xn--` labels. Written from the RFC's pseudocode (section 6);
 * the constants are its section 5 parameters.
 */
const BASE = 36;
const TMIN = 1;
const TMAX = 26;
const SKEW = 38;
const DAMP = 700;
const INITIAL_BIAS = 72;
const INITIAL_N = 128;

function adapt(delta: number, points: number, first: boolean): number {
	delta = first ? Math.floor(delta / DAMP) : delta >> 1;
	delta += Math.floor(delta / points);
	let k = 0;
	while (delta > ((BASE - TMIN) * TMAX) >> 1) {
		delta = Math.floor(delta / (BASE - TMIN));
		k += BASE;
	}
	return k + Math.floor(((BASE - TMIN + 1) * delta) / (delta + SKEW));
}

const digit = (d: number) => String.fromCharCode(d < 26 ? 97 + d : 22 + d); // a-z, then 0-9

/** Encodes one label's code points (no `xn--` prefix). */
export function punycodeEncode(input: string): string {
	const points = Array.from(input, (c) => c.codePointAt(0)!);
	let output = points.filter((p) => p < 0x80).map((p) => String.fromCodePoint(p)).join('');
	const basic = output.length;
	let handled = basic;
	if (basic > 0) output += '-';
	let n = INITIAL_N;
	let delta = 0;
	let bias = INITIAL_BIAS;
	while (handled < points.length) {
		const m = Math.min(...points.filter((p) => p >= n));
		delta += (m - n) * (handled + 1);
		n = m;
		for (const p of points) {
			if (p < n) delta++;
			if (p === n) {
				let q = delta;
				for (let k = BASE; ; k += BASE) {
					const t = k <= bias ? TMIN : k >= bias + TMAX ? TMAX : k - bias;
					if (q < t) break;
					output += digit(t + ((q - t) % (BASE - t)));
					q = Math.floor((q - t) / (BASE - t));
				}
				output += digit(q);
				bias = adapt(delta, handled + 1, handled === basic);
				delta = 0;
				handled++;
			}
		}
		delta++;
		n++;
	}
	return output;
}

/** Decodes one label (no `xn--` prefix); undefined when it is not valid Punycode. */
export function punycodeDecode(input: string): string | undefined {
	const cut = input.lastIndexOf('-');
	const output = Array.from(cut > 0 ? input.slice(0, cut) : '', (c) => c.codePointAt(0)!);
	if (output.some((p) => p >= 0x80)) return undefined;
	let n = INITIAL_N;
	let i = 0;
	let bias = INITIAL_BIAS;
	let pos = cut > 0 ? cut + 1 : 0;
	while (pos < input.length) {
		const oldi = i;
		let w = 1;
		for (let k = BASE; ; k += BASE) {
			if (pos >= input.length) return undefined;
			const c = input.charCodeAt(pos++);
			const d = c >= 97 && c <= 122 ? c - 97 : c >= 48 && c <= 57 ? c - 22 : c >= 65 && c <= 90 ? c - 65 : -1;
			if (d < 0) return undefined;
			i += d * w;
			const t = k <= bias ? TMIN : k >= bias + TMAX ? TMAX : k - bias;
			if (d < t) break;
			w *= BASE - t;
			if (i > 0x10ffff * 64) return undefined; // bound the work on hostile input
		}
		bias = adapt(i - oldi, output.length + 1, oldi === 0);
		n += Math.floor(i / (output.length + 1));
		i %= output.length + 1;
		if (n > 0x10ffff) return undefined;
		output.splice(i, 0, n);
		i++;
	}
	return String.fromCodePoint(...output);
}
