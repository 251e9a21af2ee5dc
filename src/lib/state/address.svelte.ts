/**
 * A lab whose inputs live in the address: read once the router runs (a prerendered page has no query at build
 * time) and whenever a link to another run on the same page is followed, then kept in step with what is on screen
 * (replaceState, so typing and stepping do not fill the history). Call it while a page component initialises.
 */
import { onMount } from 'svelte';
import { afterNavigate, replaceState } from '$app/navigation';

export interface InAddress {
	/** The query of what is on screen, starting with `?`. */
	readonly query: string;
	/** Takes the inputs of an address. */
	load(params: URLSearchParams): void;
}

export function keepInAddress(lab: InAddress): { readonly ready: boolean; readonly origin: string } {
	let ready = $state(false);
	let origin = $state('');
	onMount(() => (origin = location.origin));
	afterNavigate(() => {
		if (location.search !== lab.query) lab.load(new URLSearchParams(location.search));
		ready = true;
	});
	$effect(() => {
		const query = lab.query;
		if (ready && location.search !== query) replaceState(query, {});
	});
	return {
		get ready() {
			return ready;
		},
		get origin() {
			return origin;
		}
	};
}
