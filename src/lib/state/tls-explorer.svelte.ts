/**
 * The HTTPS explorer's state: the mode (live or RFC 8448), the handshake run on screen, and the step shown. The
 * scripted client and server ($lib/tls/session) load on demand: Web Crypto does the work, nothing is sent.
 */
import type { LocalizedText } from '$lib/i18n/locales';
import type { TlsMode, TlsRun } from '$lib/tls/steps';

export type TlsSession = typeof import('$lib/tls/session');

export class TlsExplorer {
	mode = $state<TlsMode>('live');
	status = $state<'idle' | 'running' | 'done' | 'failed'>('idle');
	run = $state.raw<TlsRun>();
	problem = $state.raw<LocalizedText>();
	/** Tamper mode: the step whose bytes get one byte flipped (on the wire, or in the sender's plaintext). */
	tamper = $state.raw<{ stepId: string; byteIndex: number; target: 'wire' | 'plaintext' }>();
	/** The steps that can be tampered with in the run's mode (known once the engine is loaded). */
	targets = $state.raw<{ wire: readonly string[]; plaintext: readonly string[] }>();
	#run = 0;

	async start(): Promise<void> {
		const id = ++this.#run;
		this.status = 'running';
		this.problem = undefined;
		try {
			const session: TlsSession = await import('$lib/tls/session');
			const run = await session.runHandshake({ mode: this.mode, tamper: this.tamper });
			if (id !== this.#run) return;
			this.targets = session.tamperTargets[this.mode];
			this.run = run;
			this.status = 'done';
		} catch (e) {
			if (id !== this.#run) return;
			const why = e instanceof Error ? e.message : String(e);
			this.status = 'failed';
			this.problem = {
				en: `The handshake could not be computed in this browser (${why}).`,
				'zh-CN': `无法在此浏览器中计算握手（${why}）。`
			};
		}
	}
}
