/**
 * Annotated bytes: real bytes plus the named ranges that explain them. The hex view renders this model;
 * protocol code (DNS wire, TLS records) produces it.
 */
import type { LocalizedText } from '$lib/i18n/locales';

export interface ByteField {
	/** Stable within one message, e.g. `header.flags.rd`. */
	id: string;
	offset: number;
	length: number;
	/** A bit range inside the field's bytes (0 = most significant bit of the first byte), for flags. */
	bits?: { from: number; count: number };
	label: LocalizedText;
	/** The value as a person reads it: `0x0000`, `example.com`, `1 (set)`. */
	value: string;
	explanation: LocalizedText;
}

/** A part of the message that is read as one step (header, flags, question, EDNS...). */
export interface ByteSection {
	id: string;
	label: LocalizedText;
	offset: number;
	length: number;
	fields: ByteField[];
}

export interface AnnotatedBytes {
	bytes: Uint8Array;
	sections: ByteSection[];
}

/** Every problem with an annotation, as text; an empty list means the model is sound. */
export function checkAnnotations(data: AnnotatedBytes): string[] {
	const problems: string[] = [];
	const ids = new Set<string>();
	const inside = (o: number, l: number, start: number, len: number) => o >= start && o + l <= start + len;
	for (const s of data.sections) {
		if (!inside(s.offset, s.length, 0, data.bytes.length) || s.length < 1)
			problems.push(`section ${s.id} [${s.offset}, +${s.length}) is outside ${data.bytes.length} bytes`);
		for (const f of s.fields) {
			if (ids.has(f.id)) problems.push(`field id ${f.id} is used twice`);
			ids.add(f.id);
			if (!inside(f.offset, f.length, s.offset, s.length) || f.length < 1)
				problems.push(`field ${f.id} [${f.offset}, +${f.length}) is outside section ${s.id}`);
			if (f.bits && (f.bits.count < 1 || f.bits.from < 0 || f.bits.from + f.bits.count > f.length * 8))
				problems.push(`field ${f.id} has bits outside its ${f.length} bytes`);
		}
	}
	return problems;
}

export function findField(data: AnnotatedBytes, id: string): ByteField | undefined {
	for (const s of data.sections) for (const f of s.fields) if (f.id === id) return f;
	return undefined;
}

/** The fields of a section that cover a byte, narrowest first (a flag before the word that holds it). */
export function fieldsAt(section: ByteSection, offset: number): ByteField[] {
	return section.fields
		.filter((f) => offset >= f.offset && offset < f.offset + f.length)
		.sort((a, b) => bitWidth(a) - bitWidth(b));
}

function bitWidth(f: ByteField): number {
	return f.bits?.count ?? f.length * 8;
}

export interface HexCell {
	offset: number;
	byte: number;
	hex: string;
}

/** Splits bytes into rows of `width` for display. */
export function hexRows(bytes: Uint8Array, width: number): HexCell[][] {
	const rows: HexCell[][] = [];
	for (let start = 0; start < bytes.length; start += width) {
		const row: HexCell[] = [];
		for (let o = start; o < Math.min(start + width, bytes.length); o++)
			row.push({ offset: o, byte: bytes[o]!, hex: bytes[o]!.toString(16).padStart(2, '0') });
		rows.push(row);
	}
	return rows;
}

export function inRange(offset: number, range: { offset: number; length: number } | undefined): boolean {
	return !!range && offset >= range.offset && offset < range.offset + range.length;
}
