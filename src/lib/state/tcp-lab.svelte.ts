/**
 * The TCP handshake lab's state: the form as typed, the inputs it checks into, the run of the chosen scenario (redone
 * whenever a valid input changes; while something is invalid, the last valid run stays on screen), its ladder, the
 * step shown, and the UDP exchange beside it. All the work is in $lib/labs/tcp-lab.
 */
import {
	checkDraft,
	defaultDraft,
	draftFromQuery,
	keySteps,
	ladder,
	lossChoices,
	queryFromInputs,
	runScenario,
	runUdp,
	tcpFacts,
	tcpLadderSteps,
	udpFacts,
	udpLadderSteps,
	type TcpLabDraft,
	type TcpLabInputs
} from '$lib/labs/tcp-lab';

export class TcpLab {
	draft = $state<TcpLabDraft>(defaultDraft());
	/** The step shown, 0-based (kept within the run by the stepper). */
	step = $state(0);
	readonly checked = $derived(checkDraft(this.draft));
	readonly errors = $derived(this.checked.ok ? {} : this.checked.errors);
	#lastInputs: TcpLabInputs | undefined;
	/** The inputs of the run on screen: the draft's when it is valid, else the last valid ones. */
	readonly inputs = $derived.by(() => {
		const checked = this.checked;
		if (checked.ok) this.#lastInputs = checked.value;
		return this.#lastInputs ?? (checkDraft(defaultDraft()) as { ok: true; value: TcpLabInputs }).value;
	});
	readonly stale = $derived(!this.checked.ok);
	readonly scenario = $derived(runScenario(this.inputs));
	readonly run = $derived(this.scenario.run);
	readonly steps = $derived(tcpLadderSteps(this.run));
	readonly ladder = $derived(ladder(this.steps));
	readonly landmarks = $derived(keySteps(this.run));
	readonly choices = $derived(lossChoices(this.inputs));
	readonly udp = $derived(runUdp(this.inputs));
	readonly udpSteps = $derived(udpLadderSteps(this.udp));
	readonly udpLadder = $derived(ladder(this.udpSteps));
	readonly facts = $derived({ tcp: tcpFacts(this.run), udp: udpFacts(this.udp) });
	/** The run's own address, whatever step is shown: when it changes, the stepper starts again. */
	readonly runQuery = $derived(queryFromInputs(this.inputs));
	/** The address of what is on screen (`?s=…&step=…`). */
	readonly query = $derived(queryFromInputs(this.inputs, Math.min(this.step, this.run.steps.length - 1)));

	/** Takes the inputs and the step of a shared link. */
	load(params: URLSearchParams) {
		const { draft, step } = draftFromQuery(params);
		this.draft = draft;
		this.step = step;
	}

	/** A fresh seed: other initial sequence numbers, the same story. */
	newSeed(random: () => number = Math.random) {
		this.draft.seed = String(Math.floor(random() * 4294967296));
	}
}
