/**
 * The WebSocket lab's state: the Sec-WebSocket-Key typed or drawn and its Sec-WebSocket-Accept (computed by the
 * browser's Web Crypto), the message and masking key of the frames, the payload length of the header-only view, and
 * the cost comparison's form. Everything checks as typed; while an input is wrong, its message shows and the last
 * good result stays on screen. The arithmetic is in $lib/labs/websocket and $lib/labs/websocket-lab.
 */
import { toHex } from '$lib/bytes/encoding';
import {
	buildFrames,
	checkComparison,
	checkKey,
	checkMaskingKey,
	checkPayloadLength,
	defaultComparisonDraft,
	headersForLength,
	type FrameKind,
	type LabFrames,
	type Metric
} from '$lib/labs/websocket-lab';
import { acceptSteps, compareTransports, toBase64, upgradeRequest, upgradeResponse, type AcceptSteps, type HttpMessageText, type TransportComparisonInput } from '$lib/labs/websocket';
import { RFC6455_KEY } from '$lib/learn/cards/websocket';

/** RFC 6455 section 5.7's masking key. */
export const RFC6455_MASK = '37 fa 21 3d';
export const LAB_HOST = 'chat.wirewalk.example';

export interface Handshake {
	steps: AcceptSteps;
	request: HttpMessageText;
	response: HttpMessageText;
}

const randomBytes = (n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n));

export class WebSocketLab {
	// The opening handshake
	// The prerendered page shows RFC 6455's example; the page draws fresh keys once it runs.
	keyText = $state(RFC6455_KEY);
	readonly keyChecked = $derived(checkKey(this.keyText));
	handshake = $state.raw<Handshake>();
	#run = 0;

	// Frames
	message = $state('Hello');
	kind = $state<FrameKind>('text');
	maskText = $state(RFC6455_MASK);
	readonly maskChecked = $derived(checkMaskingKey(this.maskText));
	#lastFrames: LabFrames | undefined;
	readonly framesChecked = $derived(this.maskChecked.ok ? buildFrames(this.message, this.kind, this.maskChecked.value) : undefined);
	/** The frames on screen: the input's when it is good, else the last good ones. */
	readonly frames = $derived.by(() => {
		const checked = this.framesChecked;
		if (checked?.ok) this.#lastFrames = checked.value;
		return this.#lastFrames;
	});

	// The length field for any size
	lengthText = $state('70000');
	readonly lengthChecked = $derived(checkPayloadLength(this.lengthText));
	#lastLength = 70_000;
	readonly lengthHeaders = $derived.by(() => {
		const checked = this.lengthChecked;
		if (checked.ok) this.#lastLength = checked.value;
		const key = this.maskChecked.ok ? this.maskChecked.value : Uint8Array.of(0x37, 0xfa, 0x21, 0x3d);
		return { length: this.#lastLength, ...headersForLength(this.#lastLength, key) };
	});

	// Push techniques compared
	draft = $state(defaultComparisonDraft());
	readonly comparisonChecked = $derived(checkComparison(this.draft));
	readonly comparisonErrors = $derived(this.comparisonChecked.ok ? {} : this.comparisonChecked.errors);
	#lastInputs: TransportComparisonInput | undefined;
	readonly inputs = $derived.by(() => {
		const checked = this.comparisonChecked;
		if (checked.ok) this.#lastInputs = checked.value;
		return this.#lastInputs ?? (checkComparison(defaultComparisonDraft()) as { ok: true; value: TransportComparisonInput }).value;
	});
	readonly costs = $derived(compareTransports(this.inputs));
	metric = $state<Metric>('bytes');

	/** Sets the key and computes the handshake for it (if it is a good key); a newer call wins over a slower older one. */
	async setKey(text: string, subtle: SubtleCrypto = globalThis.crypto.subtle): Promise<void> {
		this.keyText = text;
		const checked = this.keyChecked;
		if (!checked.ok) return;
		const id = ++this.#run;
		const key = checked.value;
		const steps = await acceptSteps(key, subtle);
		if (id !== this.#run) return;
		const request = upgradeRequest({ host: LAB_HOST, path: '/chat', key, origin: `https://${LAB_HOST}` });
		this.handshake = { steps, request, response: upgradeResponse({ accept: steps.accept }) };
	}

	/** A fresh key, as a browser makes one: 16 random bytes from crypto.getRandomValues, in base64. */
	newKey(): Promise<void> {
		return this.setKey(toBase64(randomBytes(16)));
	}

	useRfcKey(): Promise<void> {
		return this.setKey(RFC6455_KEY);
	}

	newMask() {
		this.maskText = toHex(randomBytes(4), ' ');
	}

	/** RFC 6455 section 5.7's example: the text "Hello" with the masking key 37 fa 21 3d. */
	useRfcFrame() {
		this.message = 'Hello';
		this.kind = 'text';
		this.maskText = RFC6455_MASK;
	}
}
