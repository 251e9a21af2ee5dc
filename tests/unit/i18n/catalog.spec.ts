import { describe, expect, it } from 'vitest';
import { messageKeys, translate } from '$lib/i18n/catalog';
import { en } from '$lib/i18n/en';
import { interpolate, isLocale, pickLocale } from '$lib/i18n/locales';
import { zhCN } from '$lib/i18n/zh-CN';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
// Strings that are the same in both languages on purpose: names, protocol words, examples.
const SAME_IN_BOTH = new Set(['app.name', 'nav.dns', 'nav.tls', 'anatomy.namePlaceholder', 'anatomy.step.section', 'tls.compare.tls13', 'tls.compare.at', 'lab.sockets.ratio']);

describe('catalogs', () => {
	it('have the same keys', () => {
		expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
	});

	it.each(messageKeys)('%s has the same placeholders in both languages', (key) => {
		expect(placeholders(zhCN[key])).toEqual(placeholders(en[key]));
	});

	it('translate every key into Chinese (not left in English)', () => {
		// A string of placeholders and punctuation only ('{protocol}：{verdict}') has no words to translate.
		const wordless = (s: string) => s.replace(/\{\w+\}/g, '').replace(/[\s\p{P}]/gu, '') === '';
		const untranslated = messageKeys.filter((k) => !SAME_IN_BOTH.has(k) && !/[\u4e00-\u9fff]/.test(zhCN[k]) && !wordless(zhCN[k]) && k !== 'lang.switch');
		expect(untranslated).toEqual([]);
		expect(zhCN['lang.switch']).toBe('EN');
	});

	it('fill placeholders', () => {
		expect(translate('en', 'stepper.position', { current: 2, total: 5 })).toBe('Step 2 of 5');
		expect(translate('zh-CN', 'stepper.position', { current: 2, total: 5 })).toBe('第 2 步，共 5 步');
	});
});

describe('locales', () => {
	it.each([
		[['zh-CN'], 'zh-CN'],
		[['zh-TW', 'en'], 'zh-CN'],
		[['zh'], 'zh-CN'],
		[['en-GB'], 'en'],
		[['fr-FR', 'zh-Hans-CN'], 'zh-CN'],
		[['fr-FR', 'de'], 'en'],
		[[], 'en']
	])('picks %j -> %s', (langs, locale) => {
		expect(pickLocale(langs)).toBe(locale);
	});

	it('knows its locales', () => {
		expect(isLocale('zh-CN')).toBe(true);
		expect(isLocale('zh')).toBe(false);
		expect(isLocale(undefined)).toBe(false);
	});

	it('leaves unknown placeholders visible', () => {
		expect(interpolate('{a} and {b}', { a: 1 })).toBe('1 and {b}');
		expect(interpolate('no params')).toBe('no params');
	});
});
