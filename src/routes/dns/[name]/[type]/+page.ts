/**
 * Deep links /dns/<name>/<type>: rendered in the browser only (`ssr = false`), so any name works, from the server
 * or, offline, from the service worker, which answers every such URL with the one prerendered shell below.
 */
export const ssr = false;
export const prerender = 'auto';
export const entries = () => [{ name: 'example.com', type: 'A' }];
