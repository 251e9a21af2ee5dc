import { expect } from 'vitest';
import { checkAnnotations, type AnnotatedBytes } from '$lib/bytes/annotated';

/**
 * Sound, complete and bilingual: checkAnnotations finds nothing, the sections follow each other over every byte,
 * every byte of a section is inside some field, the bit fields of a byte range cover its bits exactly once, and
 * every field explains itself in English and in Chinese.
 */
export function expectWellAnnotated(data: AnnotatedBytes): void {
	expect(checkAnnotations(data)).toEqual([]);
	let next = 0;
	for (const s of data.sections) {
		expect(s.offset, `section ${s.id}`).toBe(next);
		next = s.offset + s.length;
		for (let at = s.offset; at < next; at++)
			expect(s.fields.some((f) => at >= f.offset && at < f.offset + f.length), `byte ${at} of ${s.id}`).toBe(true);
		const bitsByRange = new Map<string, number[]>();
		for (const f of s.fields) {
			expect(f.label.en, f.id).not.toBe('');
			expect(f.value, f.id).not.toBe('');
			expect(f.explanation.en.length, f.id).toBeGreaterThan(5);
			expect(f.explanation['zh-CN'], f.id).toMatch(/[\u4e00-\u9fff]/);
			if (!f.bits) continue;
			const key = `${f.offset}+${f.length}`;
			const taken = bitsByRange.get(key) ?? new Array<number>(f.length * 8).fill(0);
			for (let b = f.bits.from; b < f.bits.from + f.bits.count; b++) taken[b]!++;
			bitsByRange.set(key, taken);
		}
		for (const [range, taken] of bitsByRange) expect(taken.every((n) => n === 1), `bits of ${s.id} at ${range}`).toBe(true);
	}
	expect(next).toBe(data.bytes.length);
}
