/** The clock of the labs' discrete-event simulations: events in time order. */

/** A min-heap of timed events; equal times keep insertion order, which keeps runs deterministic. */
export class EventQueue<T> {
	private heap: { at: number; order: number; event: T }[] = [];
	private counter = 0;

	get size(): number {
		return this.heap.length;
	}

	push(at: number, event: T): void {
		const heap = this.heap;
		heap.push({ at, order: this.counter++, event });
		let i = heap.length - 1;
		while (i > 0) {
			const parent = (i - 1) >> 1;
			if (!this.before(i, parent)) break;
			[heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
			i = parent;
		}
	}

	pop(): { at: number; event: T } | undefined {
		const heap = this.heap;
		const top = heap[0];
		const last = heap.pop();
		if (!top || !last) return undefined;
		if (heap.length > 0) {
			heap[0] = last;
			let i = 0;
			for (;;) {
				const l = 2 * i + 1;
				const r = l + 1;
				let m = i;
				if (l < heap.length && this.before(l, m)) m = l;
				if (r < heap.length && this.before(r, m)) m = r;
				if (m === i) break;
				[heap[i], heap[m]] = [heap[m]!, heap[i]!];
				i = m;
			}
		}
		return top;
	}

	private before(a: number, b: number): boolean {
		const x = this.heap[a]!;
		const y = this.heap[b]!;
		return x.at < y.at || (x.at === y.at && x.order < y.order);
	}
}
