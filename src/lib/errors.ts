import type { LocalizedText } from '$lib/i18n/locales';

/** An error a person can read: a stable code for programs and tests, a message in every language. */
export interface UserError<Code extends string = string> {
	code: Code;
	message: LocalizedText;
}

export type Result<T, Code extends string = string> =
	| { ok: true; value: T }
	| { ok: false; error: UserError<Code> };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const fail = <Code extends string>(code: Code, message: LocalizedText): { ok: false; error: UserError<Code> } => ({
	ok: false,
	error: { code, message }
});
