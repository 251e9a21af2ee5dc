/** The languages Wirewalk speaks. The first is the fallback. */
export const locales = ['en', 'zh-CN'] as const;
export type Locale = (typeof locales)[number];

/** Text a user reads, in every language: what domain code returns for explanations and errors. */
export type LocalizedText = Readonly<Record<Locale, string>>;

export function isLocale(value: unknown): value is Locale {
	return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

/** Picks the first supported language from a browser's preference list (navigator.languages). */
export function pickLocale(preferred: readonly string[]): Locale {
	for (const tag of preferred) {
		const lower = tag.toLowerCase();
		if (lower === 'zh' || lower.startsWith('zh-')) return 'zh-CN';
		if (lower === 'en' || lower.startsWith('en-')) return 'en';
	}
	return 'en';
}

/** Fills `{name}` placeholders; an unknown placeholder is left as it is, so a mistake shows instead of vanishing. */
export function interpolate(template: string, params?: Readonly<Record<string, string | number>>): string {
	if (!params) return template;
	return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
		key in params ? String(params[key]) : whole
	);
}
