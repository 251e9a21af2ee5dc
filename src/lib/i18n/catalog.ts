import { en, type CoreMessageKey } from './en';
import type { LabMessageKey } from './labs/index';
import { interpolate, type Locale } from './locales';
import { zhCN } from './zh-CN';

/** Every key: the core ones (in the first load) and the labs' (registered by their pages). Types only: no bytes. */
export type MessageKey = CoreMessageKey | LabMessageKey;

/** A set of strings in both languages, as a lab module exports it. */
export interface Messages {
	en: Readonly<Record<string, string>>;
	'zh-CN': Readonly<Record<string, string>>;
}

const catalogs: Record<Locale, Record<string, string>> = { en: { ...en }, 'zh-CN': { ...zhCN } };

/** Adds a page's own strings (a lab's) to the catalog; a page calls it before it renders. Calling it again is harmless. */
export function registerMessages(messages: Messages): void {
	Object.assign(catalogs.en, messages.en);
	Object.assign(catalogs['zh-CN'], messages['zh-CN']);
}

/**
 * A UI string in a language, with `{name}` placeholders filled. Pure: the reactive `t` wraps it. A key whose page
 * did not register its strings comes back as the key itself: visible, never a crash.
 */
export function translate(locale: Locale, key: MessageKey, params?: Readonly<Record<string, string | number>>): string {
	return interpolate(catalogs[locale][key] ?? key, params);
}

/** The core keys (every page's). */
export const messageKeys = Object.keys(en) as CoreMessageKey[];
