import { describe, expect, it } from 'vitest';
import { checkAnnotations, fieldsAt, findField, hexRows, type AnnotatedBytes, type ByteField } from '$lib/bytes/annotated';

const text = { en: 'x', 'zh-CN': 'x' };
const field = (id: string, offset: number, length: number, bits?: ByteField['bits']): ByteField => ({
	id,
	offset,
	length,
	bits,
	label: text,
	value: '',
	explanation: text
});

const data = (fields: ByteField[], bytes = 4): AnnotatedBytes => ({
	bytes: new Uint8Array(bytes),
	sections: [{ id: 's', label: text, offset: 0, length: bytes, fields }]
});

describe('annotated bytes', () => {
	it('accepts a sound model', () => {
		expect(checkAnnotations(data([field('a', 0, 2), field('a.flag', 0, 2, { from: 3, count: 1 }), field('b', 2, 2)]))).toEqual([]);
	});

	it('reports fields outside their section, bad bits, and duplicate ids', () => {
		const problems = checkAnnotations(data([field('a', 3, 2), field('b', 0, 1, { from: 6, count: 3 }), field('b', 0, 1), field('c', 1, 0)]));
		expect(problems).toEqual([
			'field a [3, +2) is outside section s',
			'field b has bits outside its 1 bytes',
			'field id b is used twice',
			'field c [1, +0) is outside section s'
		]);
	});

	it('reports a section outside the bytes', () => {
		const d = data([], 2);
		d.sections[0]!.length = 3;
		expect(checkAnnotations(d)).toEqual(['section s [0, +3) is outside 2 bytes']);
	});

	it('lists the fields at a byte narrowest first', () => {
		const d = data([field('word', 0, 2), field('flag', 0, 2, { from: 0, count: 1 }), field('nibble', 0, 2, { from: 4, count: 4 })]);
		expect(fieldsAt(d.sections[0]!, 1).map((f) => f.id)).toEqual(['flag', 'nibble', 'word']);
		expect(fieldsAt(d.sections[0]!, 2)).toEqual([]);
		expect(findField(d, 'nibble')?.bits).toEqual({ from: 4, count: 4 });
		expect(findField(d, 'none')).toBeUndefined();
	});

	it('splits bytes into rows', () => {
		const rows = hexRows(Uint8Array.from({ length: 10 }, (_, i) => i * 17), 8);
		expect(rows.map((r) => r.length)).toEqual([8, 2]);
		expect(rows[1]!.map((c) => [c.offset, c.hex])).toEqual([
			[8, '88'],
			[9, '99']
		]);
	});
});
