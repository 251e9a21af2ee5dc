// First-load bytes of a prerendered page: which JS and CSS files its HTML makes the browser fetch, and their
// gzip sizes. Used by scripts/bench.js; kept free of browser and server code so it is quick to reason about.
import { gzipSync, constants } from 'node:zlib';

/** gzip at level 9, the figure the bench reports (servers may send brotli; this keeps runs comparable). */
export function gzipSize(bytes) {
	return gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }).length;
}

const decodeEntities = (value) =>
	value.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Attributes of one start tag's inner text (`link href="…" rel=x`), names lower-cased. */
function parseAttributes(text) {
	const attributes = {};
	const pattern = /([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;
	for (const match of text.matchAll(pattern)) {
		attributes[match[1].toLowerCase()] = decodeEntities(match[2] ?? match[3] ?? match[4] ?? '');
	}
	return attributes;
}

/**
 * The JS and CSS URLs a page's HTML asks for on first load, resolved against the page URL:
 * modulepreload and stylesheet links, module scripts with src, and the specifiers imported by inline scripts
 * (SvelteKit's bootstrap uses `import("./_app/…")`). Each URL appears once.
 */
export function firstLoadAssets(html, pageUrl) {
	const js = new Set();
	const css = new Set();
	const add = (set, href) => {
		if (href) set.add(new URL(href, pageUrl).href);
	};

	// Scripts first, and cut out, so that comment stripping below cannot eat into script text and vice versa.
	const rest = html.replace(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi, (_, attributeText, body) => {
		const attributes = parseAttributes(attributeText);
		if (attributes.src) {
			if (attributes.type === 'module') add(js, attributes.src);
			// Classic external scripts are first-load JS too.
			else if (!attributes.type || /javascript/i.test(attributes.type)) add(js, attributes.src);
		} else {
			for (const match of body.matchAll(/\bimport\s*\(\s*(["'])([^"']+)\1\s*\)/g)) add(js, match[2]);
			if (attributes.type === 'module') {
				for (const match of body.matchAll(/\bimport\s*(?:[\w*{}\s,$]+\bfrom\s*)?(["'])([^"']+)\1/g)) add(js, match[2]);
			}
		}
		return ' ';
	});

	for (const match of rest.replace(/<!--[\s\S]*?-->/g, ' ').matchAll(/<link\b([^>]*)>/gi)) {
		const attributes = parseAttributes(match[1]);
		const rel = (attributes.rel ?? '').toLowerCase().split(/\s+/);
		if (rel.includes('modulepreload')) add(js, attributes.href);
		else if (rel.includes('stylesheet')) add(css, attributes.href);
	}
	return { js: [...js], css: [...css] };
}
