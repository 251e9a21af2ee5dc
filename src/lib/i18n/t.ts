/** The reactive face of the i18n layer: reading these in a template re-renders on a language change. */
import { settings } from '$lib/state/settings.svelte';
import { translate, type MessageKey } from './catalog';
import type { LocalizedText } from './locales';

export function t(key: MessageKey, params?: Readonly<Record<string, string | number>>): string {
	return translate(settings.locale, key, params);
}

/** Text that domain code produced in every language (explanations, errors). */
export function text(value: LocalizedText): string {
	return value[settings.locale];
}
