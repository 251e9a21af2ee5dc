/**
 * The OSI lab's state: the name whose DoH request is wrapped, the layers computed for it, and the layer shown.
 * The engine ($lib/labs/encapsulation, with dns-packet) loads on demand; nothing is sent anywhere.
 */
import type { LocalizedText } from '$lib/i18n/locales';
import type { Encapsulation } from '$lib/labs/encapsulation';

export class OsiLab {
	name = $state('example.com');
	status = $state<'idle' | 'working' | 'done' | 'failed'>('idle');
	result = $state.raw<Encapsulation>();
	problem = $state.raw<LocalizedText>();
	#run = 0;

	async wrap(): Promise<void> {
		const id = ++this.#run;
		this.problem = undefined;
		const [{ encapsulateDohRequest }, { parseQueryName }] = await Promise.all([import('$lib/labs/encapsulation'), import('$lib/dns/name')]);
		const parsed = parseQueryName(this.name);
		if (!parsed.ok) {
			this.problem = parsed.error.message;
			this.status = 'failed';
			return;
		}
		this.status = 'working';
		const made = await encapsulateDohRequest({ name: parsed.value.name });
		if (id !== this.#run) return;
		if (made.ok) {
			this.result = made.value;
			this.status = 'done';
		} else {
			this.problem = made.error.message;
			this.status = 'failed';
		}
	}
}
