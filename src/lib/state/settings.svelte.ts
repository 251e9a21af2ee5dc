/**
 * The user's settings (language, theme), remembered in localStorage. The inline script in src/app.html applies
 * the same keys before first paint; this class takes over once the app runs.
 */
import { browser } from '$app/environment';
import { isLocale, pickLocale, type Locale } from '$lib/i18n/locales';

export type ThemeChoice = 'system' | 'light' | 'dark';
const THEMES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

export const LOCALE_KEY = 'wirewalk.locale';
export const THEME_KEY = 'wirewalk.theme';

function read(key: string): string | null {
	try {
		return localStorage.getItem(key);
	} catch {
		return null; // storage blocked (private mode, policies): settings just are not remembered
	}
}

function write(key: string, value: string | null) {
	try {
		if (value === null) localStorage.removeItem(key);
		else localStorage.setItem(key, value);
	} catch {
		/* see read() */
	}
}

class Settings {
	/** Pages are prerendered in English; the stored or browser language takes over on start. */
	locale = $state<Locale>('en');
	theme = $state<ThemeChoice>('system');

	/** Called once in the browser, from the root layout. */
	start() {
		if (!browser) return;
		const stored = read(LOCALE_KEY);
		this.locale = isLocale(stored) ? stored : pickLocale(navigator.languages ?? [navigator.language]);
		const theme = read(THEME_KEY);
		this.theme = THEMES.includes(theme as ThemeChoice) ? (theme as ThemeChoice) : 'system';
		this.#apply();
	}

	setLocale(locale: Locale) {
		this.locale = locale;
		write(LOCALE_KEY, locale);
		this.#apply();
	}

	/** system -> light -> dark -> system */
	nextTheme(): ThemeChoice {
		return THEMES[(THEMES.indexOf(this.theme) + 1) % THEMES.length]!;
	}

	setTheme(theme: ThemeChoice) {
		this.theme = theme;
		write(THEME_KEY, theme === 'system' ? null : theme);
		this.#apply();
	}

	#apply() {
		const root = document.documentElement;
		root.lang = this.locale;
		if (this.theme === 'system') delete root.dataset.theme;
		else root.dataset.theme = this.theme;
	}
}

export const settings = new Settings();
