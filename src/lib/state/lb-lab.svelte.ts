/**
 * The load-balancing lab's state: the form as typed, the inputs it checks into, and the run of the simulation on
 * them (redone whenever a valid input changes; while something is invalid, the last valid run stays on screen).
 * Also the consistent-hashing panel's inputs and its comparison. All the work is in $lib/labs/lb-lab.
 */
import {
	LIMITS,
	captionFacts,
	chartSeries,
	checkDraft,
	checkRemoval,
	compareRemoval,
	defaultDraft,
	defaultRemovalDraft,
	defaultServer,
	draftFromQuery,
	queryFromInputs,
	runLab,
	summarize,
	type LbDraft,
	type LbInputs,
	type RemovalInputs
} from '$lib/labs/lb-lab';

export class LbLab {
	draft = $state<LbDraft>(defaultDraft());
	readonly checked = $derived(checkDraft(this.draft));
	readonly errors = $derived(this.checked.ok ? {} : this.checked.errors);
	#lastInputs: LbInputs | undefined;
	/** The inputs of the run on screen: the draft's when it is valid, else the last valid ones. */
	readonly inputs = $derived.by(() => {
		const checked = this.checked;
		if (checked.ok) this.#lastInputs = checked.value;
		return this.#lastInputs ?? (checkDraft(defaultDraft()) as { ok: true; value: LbInputs }).value;
	});
	readonly stale = $derived(!this.checked.ok);
	readonly run = $derived(runLab(this.inputs));
	readonly summary = $derived(summarize(this.run, this.inputs.duration * 1000));
	readonly charts = $derived(chartSeries(this.run));
	readonly facts = $derived(captionFacts(this.summary, this.charts));
	/** The address of the run on screen (`?alg=…`). */
	readonly query = $derived(queryFromInputs(this.inputs));

	removal = $state(defaultRemovalDraft());
	readonly removalChecked = $derived(checkRemoval(this.removal));
	readonly removalErrors = $derived(this.removalChecked.ok ? {} : this.removalChecked.errors);
	#lastRemoval: RemovalInputs | undefined;
	readonly removalResult = $derived.by(() => {
		const checked = this.removalChecked;
		if (checked.ok) this.#lastRemoval = checked.value;
		return compareRemoval(this.#lastRemoval ?? (checkRemoval(defaultRemovalDraft()) as { ok: true; value: RemovalInputs }).value);
	});

	/** Takes the inputs of a shared link. */
	load(params: URLSearchParams) {
		this.draft = draftFromQuery(params);
	}

	get canAdd() {
		return this.draft.servers.length < LIMITS.servers.max;
	}

	get canRemove() {
		return this.draft.servers.length > LIMITS.servers.min;
	}

	addServer() {
		if (this.canAdd) this.draft.servers.push(defaultServer());
	}

	/** Removes the last server (and its failure, if it was the one set to fail). */
	removeServer() {
		if (!this.canRemove) return;
		if (this.draft.failServer === this.draft.servers.length) this.draft.failServer = 0;
		this.draft.servers.pop();
	}

	/** A fresh seed: another draw of the same traffic's randomness. */
	newSeed(random: () => number = Math.random) {
		this.draft.seed = String(Math.floor(random() * (LIMITS.seed.max + 1)));
	}
}
