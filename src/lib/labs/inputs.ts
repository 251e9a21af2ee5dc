/**
 * What the labs' forms share: numbers typed as text, checked into values with a message in both languages. A
 * half-typed value gets a message, never a silent fix.
 */
import type { LocalizedText } from '$lib/i18n/locales';

/** 1234567 as "1 234 567": grouped the same way in both languages. */
export const groupDigits = (n: number) => n.toLocaleString('en-US').replace(/,/g, ' ');

export const wholeNumber = (min: number, max: number): LocalizedText => ({
	en: `Enter a whole number from ${groupDigits(min)} to ${groupDigits(max)}.`,
	'zh-CN': `请输入 ${groupDigits(min)} 到 ${groupDigits(max)} 之间的整数。`
});

/** A whole number in range, from text as typed (spaces around it are fine; "1e3", "12.5", "" are not). */
export function parseWhole(text: string, min: number, max: number): number | undefined {
	const trimmed = text.trim();
	if (!/^\d{1,10}$/.test(trimmed)) return undefined;
	const n = Number(trimmed);
	return n >= min && n <= max ? n : undefined;
}
