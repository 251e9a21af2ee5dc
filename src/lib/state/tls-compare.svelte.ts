/**
 * The comparison on the HTTPS page: TLS 1.2 with RSA key transport, TLS 1.2 with ECDHE and TLS 1.3 run against one
 * RSA server, then the forward-secrecy replay with the server's key handed to an attacker. The engine
 * ($lib/tls/compare and $lib/tls/forward-secrecy) loads on demand; everything is computed here, nothing is sent.
 */
import type { LocalizedText } from '$lib/i18n/locales';
import type { Comparison, ComparedProtocol } from '$lib/tls/compare';
import type { AttackResult } from '$lib/tls/forward-secrecy';

export class TlsComparison {
	status = $state<'idle' | 'running' | 'done' | 'failed'>('idle');
	comparison = $state.raw<Comparison>();
	attacks = $state.raw<Partial<Record<ComparedProtocol, AttackResult>>>();
	attacking = $state(false);
	problem = $state.raw<LocalizedText>();
	#run = 0;

	async start(): Promise<void> {
		const id = ++this.#run;
		this.status = 'running';
		this.problem = undefined;
		this.attacks = undefined;
		try {
			const { runComparison } = await import('$lib/tls/compare');
			const made = await runComparison();
			if (id !== this.#run) return;
			if (!made.ok) throw new Error(made.error.message.en);
			this.comparison = made.value;
			this.status = 'done';
		} catch (e) {
			if (id !== this.#run) return;
			this.status = 'failed';
			this.problem = failure(e);
		}
	}

	/** Hands the server's private key to the attacker, who replays each recording with it. */
	async leakKey(): Promise<void> {
		const comparison = this.comparison;
		if (!comparison) return;
		this.attacking = true;
		try {
			const { attackRecording } = await import('$lib/tls/forward-secrecy');
			const attacks: Partial<Record<ComparedProtocol, AttackResult>> = {};
			for (const recording of comparison.recordings) attacks[recording.protocol] = await attackRecording(recording, comparison.server.privateJwk);
			if (comparison === this.comparison) this.attacks = attacks;
		} catch (e) {
			this.problem = failure(e);
		} finally {
			this.attacking = false;
		}
	}
}

function failure(e: unknown): LocalizedText {
	const why = e instanceof Error ? e.message : String(e);
	return { en: `The comparison could not be computed in this browser (${why}).`, 'zh-CN': `无法在此浏览器中完成对比计算（${why}）。` };
}
