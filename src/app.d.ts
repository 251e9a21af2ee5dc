// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
	/** True in the Node build (relay available), false in the static build. Set in vite.config.ts. */
	const __WIREWALK_HAS_SERVER__: boolean;
	namespace App {}
}

export {};
