import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const css = readFileSync(new URL('../../../src/app.css', import.meta.url), 'utf8');

/** The custom properties declared in the first block that follows `marker`. */
function palette(marker: string): Record<string, string> {
	const start = css.indexOf(marker);
	if (start < 0) throw new Error(`no ${marker} in app.css`);
	const open = css.indexOf('{', css.indexOf(':root', start + (marker.startsWith('@media') ? marker.length : 0)));
	const block = css.slice(open + 1, css.indexOf('}', open));
	return Object.fromEntries([...block.matchAll(/(--[\w-]+):\s*([^;]+);/g)].map((m) => [m[1]!, m[2]!.trim()]));
}

describe('app.css palettes', () => {
	const light = palette(':root {');
	const darkChosen = palette(":root[data-theme='dark']");
	const darkSystem = palette('@media (prefers-color-scheme: dark)');

	it('declares the same dark palette for the chosen and the system dark theme', () => {
		expect(darkSystem).toEqual(darkChosen);
	});

	it('gives every colour of the light palette a dark value', () => {
		const colours = Object.keys(light).filter((k) => /^#/.test(light[k]!));
		expect(colours.length).toBeGreaterThan(10);
		expect(colours.filter((k) => !(k in darkChosen))).toEqual([]);
	});
});
