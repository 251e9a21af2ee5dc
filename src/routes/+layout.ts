// Every page is prerendered, so the service worker can precache it and it opens offline.
export const prerender = true;
export const trailingSlash = 'never';
