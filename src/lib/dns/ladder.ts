/**
 * The delegation ladder: a walk's events as a tree, so nested walks (the address of a glueless name server, the
 * target of a CNAME) show inside the hop that needed them instead of flattened into one list. Hops are numbered
 * in the order they happened: that number is the step the stepper shows.
 */
import type { Hop, SubWalk, WalkEvent } from './walk';

export type LadderNode =
	| { kind: 'hop'; hop: Hop; step: number }
	| { kind: 'subwalk'; subwalk: SubWalk; children: LadderNode[] };

export function buildLadder(events: readonly WalkEvent[]): LadderNode[] {
	const root: LadderNode[] = [];
	// Open nested walks, innermost last. A nested walk's event has the depth of its own hops: a hop closes the
	// walks deeper than itself, a new nested walk also closes a sibling of its depth.
	const open: { depth: number; children: LadderNode[] }[] = [{ depth: -1, children: root }];
	let step = 0;
	for (const event of events) {
		const closes = (depth: number) => (event.type === 'hop' ? depth > event.depth : depth >= event.depth);
		while (open.length > 1 && closes(open.at(-1)!.depth)) open.pop();
		const parent = open.at(-1)!.children;
		if (event.type === 'hop') {
			parent.push({ kind: 'hop', hop: event, step: step++ });
		} else {
			const node: LadderNode = { kind: 'subwalk', subwalk: event, children: [] };
			parent.push(node);
			open.push({ depth: event.depth, children: node.children });
		}
	}
	return root;
}

/** The hops alone, in the order they happened (the stepper's steps). */
export function ladderHops(events: readonly WalkEvent[]): Hop[] {
	return events.filter((e): e is Hop => e.type === 'hop');
}
