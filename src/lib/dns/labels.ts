/** Presentation form of a label (RFC 4343): printable ASCII as is, dots and backslashes escaped, others as \DDD. */
export function escapeLabel(label: Uint8Array): string {
	let out = '';
	for (const b of label) {
		if (b === 0x2e || b === 0x5c) out += '\\' + String.fromCharCode(b);
		else if (b > 0x20 && b < 0x7f) out += String.fromCharCode(b);
		else out += '\\' + String(b).padStart(3, '0');
	}
	return out;
}

/** A name as a lowercase FQDN with the trailing dot (`.` for the root): one spelling to compare and show. */
export const fqdn = (name: string) => (name === '' || name === '.' ? '.' : name.toLowerCase().replace(/\.?$/, '.'));
