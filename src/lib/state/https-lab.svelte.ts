/**
 * The HTTP vs HTTPS lab's state: the request typed in the form, the two frames made from it, and any input errors.
 * The engine ($lib/labs/http-vs-https) loads on demand; nothing leaves the page.
 */
import type { LocalizedText } from '$lib/i18n/locales';
import type { HttpVsHttps, RequestInput } from '$lib/labs/http-vs-https';

export class HttpsLab {
	input = $state<RequestInput>({ host: 'shop.wirewalk.example', path: '/account?card=4111-1111', cookie: 'session=s3cr3t-7f2a' });
	errors = $state.raw<Partial<Record<keyof RequestInput, LocalizedText>>>({});
	result = $state.raw<HttpVsHttps>();
	#run = 0;

	async send(): Promise<void> {
		const id = ++this.#run;
		const engine = await import('$lib/labs/http-vs-https');
		const input = { ...this.input };
		this.errors = engine.checkRequestInput(input);
		if (Object.keys(this.errors).length) return;
		const made = await engine.compareHttpHttps(input);
		if (id !== this.#run) return;
		if (made.ok) this.result = made.value;
		else this.errors = { path: made.error.message };
	}
}
