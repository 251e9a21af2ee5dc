/**
 * The network-performance lab's state: the form as typed, the inputs it checks into (the last valid ones stay on
 * screen while something is wrong), the page-load and congestion runs on them, and the compression panel (a text,
 * compressed by the browser's CompressionStream). All the arithmetic is in $lib/labs/performance(-lab).
 */
import type { LocalizedText } from '$lib/i18n/locales';
import { compressText, compressionRow, supportedFormats, type CompressionFormat } from '$lib/labs/performance';
import { checkPerfDraft, defaultPerfDraft, perfDraftFromQuery, perfQuery, runPerfLab, type PerfDraft, type PerfInputs } from '$lib/labs/performance-lab';
import { SAMPLES, type SampleId } from '$lib/labs/performance-samples';

/** The longest text the compression panel takes (characters): a few hundred milliseconds of work on a phone at most. */
export const MAX_TEXT = 500_000;

export class PerfLab {
	draft = $state<PerfDraft>(defaultPerfDraft());
	readonly checked = $derived(checkPerfDraft(this.draft));
	readonly errors = $derived(this.checked.ok ? {} : this.checked.errors);
	#last: PerfInputs | undefined;
	readonly inputs = $derived.by(() => {
		const checked = this.checked;
		if (checked.ok) this.#last = checked.value;
		return this.#last ?? (checkPerfDraft(defaultPerfDraft()) as { ok: true; value: PerfInputs }).value;
	});
	readonly stale = $derived(!this.checked.ok);
	readonly run = $derived(runPerfLab(this.inputs));
	readonly query = $derived(perfQuery(this.inputs));

	sample = $state<SampleId | 'own'>('html');
	text = $state(SAMPLES[0]!.text);
	/** Undefined until the page has looked (after it starts in a browser). */
	formats = $state.raw<CompressionFormat[]>();
	/** What the browser's CompressionStream made of the text, per format. */
	sizes = $state.raw<{ format: CompressionFormat; original: number; compressed: number; roundTrip: boolean }[]>([]);
	/** The sizes with their ratios and the time saved at the page-load bandwidth. */
	readonly rows = $derived(
		this.sizes.map((s) => ({ ...compressionRow(s.format, s.original, s.compressed, this.inputs.page.bandwidthMbps), roundTrip: s.roundTrip }))
	);
	textError = $state.raw<LocalizedText>();
	working = $state(false);
	#run = 0;

	load(params: URLSearchParams) {
		this.draft = perfDraftFromQuery(params);
	}

	pick(id: SampleId | 'own') {
		this.sample = id;
		const sample = SAMPLES.find((s) => s.id === id);
		if (sample) this.text = sample.text;
	}

	/** Compresses the text in every format this browser supports (the panel says so when there are none). */
	async compress(): Promise<void> {
		this.formats ??= supportedFormats();
		this.textError = undefined;
		if (this.text.length === 0) {
			this.textError = { en: 'Paste or type some text first.', 'zh-CN': '请先粘贴或输入一些文本。' };
			return;
		}
		if (this.text.length > MAX_TEXT) {
			this.textError = {
				en: `At most ${MAX_TEXT.toLocaleString('en-US')} characters: this text has ${this.text.length.toLocaleString('en-US')}.`,
				'zh-CN': `最多 ${MAX_TEXT.toLocaleString('en-US')} 个字符：这段文本有 ${this.text.length.toLocaleString('en-US')} 个。`
			};
			return;
		}
		if (this.formats.length === 0) return;
		const id = ++this.#run;
		const text = this.text;
		this.working = true;
		try {
			const rows = await compressText(text, this.inputs.page.bandwidthMbps, this.formats);
			if (id !== this.#run) return;
			this.sizes = rows.map((r) => ({ format: r.format, original: r.originalBytes, compressed: r.compressedBytes, roundTrip: r.roundTrip }));
		} finally {
			if (id === this.#run) this.working = false;
		}
	}
}
