import { en, type MessageKey } from './en';
import { interpolate, type Locale } from './locales';
import { zhCN } from './zh-CN';

export type { MessageKey };

const catalogs: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

/** A UI string in a language, with `{name}` placeholders filled. Pure: the reactive `t` wraps it. */
export function translate(locale: Locale, key: MessageKey, params?: Readonly<Record<string, string | number>>): string {
	return interpolate(catalogs[locale][key], params);
}

export const messageKeys = Object.keys(en) as MessageKey[];
