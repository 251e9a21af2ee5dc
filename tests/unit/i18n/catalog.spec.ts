import { describe, expect, it } from 'vitest';
import { messageKeys, registerMessages, translate } from '$lib/i18n/catalog';
import { en } from '$lib/i18n/en';
import { LAB_MESSAGES } from '$lib/i18n/labs/index';
import { tcpLabMessages } from '$lib/i18n/labs/tcp';
import { interpolate, isLocale, pickLocale } from '$lib/i18n/locales';
import { zhCN } from '$lib/i18n/zh-CN';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
// Strings that are the same in both languages on purpose: names, protocol words, examples.
const SAME_IN_BOTH = new Set(['app.name', 'nav.dns', 'nav.tls', 'anatomy.namePlaceholder', 'anatomy.step.section', 'tls.compare.tls13', 'tls.compare.at', 'lab.sockets.ratio']);

/** The core catalog and each lab's own, each as its two languages. */
const SETS = [{ name: 'core', en: en as Record<string, string>, zh: zhCN as Record<string, string> }, ...LAB_MESSAGES.map((m) => ({ name: Object.keys(m.en)[0]!.split('.').slice(0, 2).join('.'), en: m.en as Record<string, string>, zh: m['zh-CN'] as Record<string, string> }))];
const ALL = SETS.flatMap((set) => Object.keys(set.en).map((key) => ({ key, en: set.en[key]!, zh: set.zh[key]! })));

describe('catalogs', () => {
	it.each(SETS.map((s) => [s.name, s] as const))('%s: the same keys in both languages', (_, set) => {
		expect(Object.keys(set.zh).sort()).toEqual(Object.keys(set.en).sort());
	});

	it('no key in two places, and every lab module holds only its own lab.<name>. keys', () => {
		expect(new Set(ALL.map((m) => m.key)).size).toBe(ALL.length);
		for (const set of SETS.slice(1)) for (const key of Object.keys(set.en)) expect(key.startsWith(`${set.name}.`), key).toBe(true);
	});

	it.each(ALL.map((m) => [m.key, m] as const))('%s has the same placeholders in both languages', (_, m) => {
		expect(placeholders(m.zh)).toEqual(placeholders(m.en));
	});

	it('translate every key into Chinese (not left in English)', () => {
		// A string of placeholders and punctuation only ('{protocol}：{verdict}') has no words to translate.
		const wordless = (s: string) => s.replace(/\{\w+\}/g, '').replace(/[\s\p{P}]/gu, '') === '';
		const untranslated = ALL.filter((m) => !SAME_IN_BOTH.has(m.key) && !/[\u4e00-\u9fff]/.test(m.zh) && !wordless(m.zh) && m.key !== 'lang.switch').map((m) => m.key);
		expect(untranslated).toEqual([]);
		expect(zhCN['lang.switch']).toBe('EN');
	});

	it('fill placeholders', () => {
		expect(translate('en', 'stepper.position', { current: 2, total: 5 })).toBe('Step 2 of 5');
		expect(translate('zh-CN', 'stepper.position', { current: 2, total: 5 })).toBe('第 2 步，共 5 步');
	});

	it("a lab's strings are there once its page registers them; before, the key shows (never a crash)", () => {
		expect(messageKeys).not.toContain('lab.tcp.title');
		expect(translate('en', 'lab.tcp.title')).toBe('lab.tcp.title');
		registerMessages(tcpLabMessages);
		expect(translate('en', 'lab.tcp.title')).toBe(tcpLabMessages.en['lab.tcp.title']);
		expect(translate('zh-CN', 'lab.tcp.title')).toBe(tcpLabMessages['zh-CN']['lab.tcp.title']);
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
