import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeFrame, secWebSocketAccept, OPCODES } from '$lib/labs/websocket';
import type { LocalizedText } from '$lib/i18n/locales';
import { cardTopics, flashcards, loadAllCards, loadCard } from '$lib/learn/cards';
import { RFC6455_ACCEPT, RFC6455_FRAMES, RFC6455_KEY } from '$lib/learn/cards/websocket';
import { TOPICS } from '$lib/learn/topics';
import type { StudyCard } from '$lib/learn/types';

const CJK = /[\u4e00-\u9fff]/;
const cards = await loadAllCards();
const byTopic = new Map(cards.map((c) => [c.topic, c]));
const card = (topic: string) => byTopic.get(topic)!;
const correction = (topic: string, id: string) => card(topic).corrections.find((c) => c.id === id);
const both = (t: LocalizedText) => `${t.en}\n${t['zh-CN']}`;

/** The prose of a card: what a learner reads as sentences (diagram cells are labels and protocol text). */
function prose(c: StudyCard): LocalizedText[] {
	return [
		...c.points,
		c.diagram.caption,
		...c.corrections.flatMap((x) => [x.wrong, x.right, x.why]),
		...c.questions.flatMap((q) => [q.q, q.a]),
		...(c.links ?? []).map((l) => l.label),
		...(c.diagram.kind === 'sequence' ? c.diagram.messages.map((m) => m.note) : [])
	];
}

/** Every LocalizedText anywhere in a value. */
function allTexts(value: unknown, out: LocalizedText[] = []): LocalizedText[] {
	if (Array.isArray(value)) value.forEach((v) => allTexts(v, out));
	else if (value && typeof value === 'object') {
		if ('en' in value && 'zh-CN' in value) out.push(value as LocalizedText);
		else Object.values(value).forEach((v) => allTexts(v, out));
	}
	return out;
}

describe('study cards', () => {
	it('exist for exactly the topics in the list, in its order', async () => {
		expect([...cardTopics].sort()).toEqual(TOPICS.map((t) => t.id).sort());
		expect(cards.map((c) => c.topic)).toEqual(TOPICS.map((t) => t.id));
		expect(await loadCard('no-such-topic')).toBeUndefined();
		expect(await loadCard('toString')).toBeUndefined();
	});

	describe.each(TOPICS.map((t) => t.id))('%s', (topic) => {
		it('has every string in both languages, and its Chinese prose is Chinese', () => {
			const c = card(topic);
			for (const t of allTexts(c)) {
				expect(t.en.trim(), JSON.stringify(t)).not.toBe('');
				expect(t['zh-CN'].trim(), JSON.stringify(t)).not.toBe('');
			}
			const topicInfo = TOPICS.find((t) => t.id === topic)!;
			for (const t of [topicInfo.title, topicInfo.summary, ...prose(c)]) {
				expect(CJK.test(t['zh-CN']), t['zh-CN']).toBe(true);
				expect(t.en, t.en).not.toBe(t['zh-CN']);
			}
		});

		it('has key points, corrections with sources, and 4–8 questions with unique ids', () => {
			const c = card(topic);
			expect(c.points.length).toBeGreaterThanOrEqual(4);
			expect(c.corrections.length).toBeGreaterThanOrEqual(2);
			expect(c.questions.length).toBeGreaterThanOrEqual(4);
			expect(c.questions.length).toBeLessThanOrEqual(8);
			for (const list of [c.corrections, c.questions]) {
				const ids = list.map((x) => x.id);
				expect(new Set(ids).size).toBe(ids.length);
				for (const id of ids) expect(id).toMatch(/^[a-z0-9-]+$/);
			}
			for (const x of c.corrections) {
				expect(x.sources.length, x.id).toBeGreaterThan(0);
				for (const s of x.sources) {
					expect(s.href).toMatch(/^https:\/\//);
					if (s.label.startsWith('RFC ')) expect(s.href).toMatch(/^https:\/\/www\.rfc-editor\.org\/rfc\/rfc\d+(#section-[\d.]+)?$/);
				}
			}
		});

		it('has a diagram whose shape holds together', () => {
			const d = card(topic).diagram;
			if (d.kind === 'sequence') {
				expect(d.actors.length).toBeGreaterThanOrEqual(2);
				for (const m of d.messages) {
					expect(d.actors[m.from], m.code).toBeDefined();
					expect(d.actors[m.to], m.code).toBeDefined();
					expect(m.from).not.toBe(m.to);
				}
			} else if (d.kind === 'layers') {
				const rows = d.columns.map((col) => col.cells.reduce((n, cell) => n + (cell.span ?? 1), 0));
				expect(new Set(rows).size, `rows per column ${rows}`).toBe(1);
			} else {
				for (const row of d.rows) expect(row.length).toBe(d.head.length);
			}
		});

		it('links only to pages that exist', () => {
			for (const link of card(topic).links ?? []) expect(['/dns', '/dns/anatomy', '/tls']).toContain(link.href);
		});
	});

	it('give every question a flashcard with a unique id', () => {
		const all = flashcards(cards);
		expect(all.length).toBe(cards.reduce((n, c) => n + c.questions.length, 0));
		expect(new Set(all.map((f) => f.id)).size).toBe(all.length);
		for (const f of all) expect(f.id).toMatch(/^[a-z0-9-]+\/[a-z0-9-]+$/);
	});

	it('link the DNS card to the DNS explorer and the DoH anatomy, and HTTPS to the TLS explorer', () => {
		expect(card('dns').links?.map((l) => l.href)).toEqual(['/dns', '/dns/anatomy']);
		expect(card('https').links?.map((l) => l.href)).toEqual(['/tls']);
	});

	it('are data, rendered without {@html}', () => {
		const dir = join(import.meta.dirname, '../../../src/routes/learn');
		const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.svelte'));
		expect(files.length).toBeGreaterThan(3);
		for (const f of files) expect(readFileSync(join(dir, f), 'utf8'), f).not.toContain('{@html');
	});
});

describe('the corrections the issue asks for', () => {
	it('TCP/IP does not merge transport and network: it merges OSI 5–7 and 1–2', () => {
		const c = correction('osi', 'tcpip-merges-transport')!;
		expect(c.right.en).toMatch(/5–7/);
		expect(c.right.en).toMatch(/1–2/);
		expect(c.right['zh-CN']).toMatch(/第 5–7 层/);
		expect(c.sources.map((s) => s.label)).toContain('RFC 1122 §1.1.3');
	});

	it('HTTP/1.1 reuses connections by default (keep-alive)', () => {
		const c = correction('websocket', 'http-new-connection')!;
		expect(both(c.right)).toMatch(/keep-alive/);
		expect(c.right.en).toMatch(/persistent by default/);
		expect(c.sources.map((s) => s.label)).toContain('RFC 9112 §9.3');
	});

	it('a resolver’s queries to root and TLD servers are iterative', () => {
		const c = correction('dns', 'root-recursive')!;
		expect(c.right.en).toMatch(/iterative \(RD=0\)/);
		expect(c.right['zh-CN']).toMatch(/迭代查询（RD=0）/);
		expect(c.right['zh-CN']).toMatch(/递归查询（RD=1）/);
	});

	it('“encrypt a session key with the server’s public key” is TLS 1.2 RSA key transport, gone in TLS 1.3', () => {
		const c = correction('https', 'rsa-key-transport')!;
		expect(c.right.en).toMatch(/TLS 1\.2/);
		expect(c.right.en).toMatch(/TLS 1\.3 removed/);
		expect(c.right.en).toMatch(/\(EC\)DHE/);
		expect(c.right.en).toMatch(/only signs/);
		expect(c.sources.map((s) => s.label)).toContain('RFC 8446 §1.2');
	});

	it.each([
		['tcp-udp', 'udp-no-integrity'],
		['tcp-udp', 'udp-faster'],
		['handshake', 'client-time-wait'],
		['handshake', 'time-wait-why'],
		['handshake', 'why-three-capability'],
		['websocket', 'masking-encrypts'],
		['websocket', 'http-no-push'],
		['load-balancing', 'dns-by-load'],
		['lb-algorithms', 'wrr-probability'],
		['lb-algorithms', 'ip-hash-always'],
		['dns', 'root-knows-tree'],
		['performance', 'flow-vs-congestion']
	])('and the seed notes’ %s mistake %s', (topic, id) => {
		expect(correction(topic, id)).toBeDefined();
	});
});

describe('Chinese terms', () => {
	it('use the standard words', () => {
		const text = (topic: string) => allTexts(card(topic)).map((t) => t['zh-CN']).join('\n');
		expect(text('handshake')).toMatch(/三次握手/);
		expect(text('handshake')).toMatch(/四次挥手/);
		expect(text('dns')).toMatch(/迭代查询/);
		expect(text('dns')).toMatch(/递归查询/);
		expect(text('https')).toMatch(/前向保密/);
		expect(text('load-balancing')).toMatch(/健康检查/);
		expect(text('lb-algorithms')).toMatch(/一致性哈希/);
		expect(text('tcp-udp')).toMatch(/队头阻塞/);
	});
});

describe('facts checked against code', () => {
	it('the smooth weighted round robin table is nginx’s a a b a c a a, back to 0 after 7 picks', () => {
		const d = card('lb-algorithms').diagram;
		if (d.kind !== 'table') throw new Error('expected a table');
		const code = (cell: unknown) => (cell as { code: string }).code;
		expect(d.rows.map((row) => code(row[2])).join(' ')).toBe('a a b a c a a');
		expect(code(d.rows[0]![1])).toBe('5, 1, 1');
		expect(code(d.rows[6]![3])).toBe('0, 0, 0');
	});

	it('the WebSocket key, accept value and frames are RFC 6455’s, as the lab computes them', async () => {
		expect(await secWebSocketAccept(RFC6455_KEY)).toBe(RFC6455_ACCEPT);
		const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
		const hello = new TextEncoder().encode('Hello');
		const key = new Uint8Array([0x37, 0xfa, 0x21, 0x3d]);
		expect(hex(encodeFrame({ fin: true, opcode: OPCODES.text, maskingKey: key, payload: hello }))).toBe(RFC6455_FRAMES.maskedHello);
		expect(hex(encodeFrame({ fin: true, opcode: OPCODES.text, maskingKey: null, payload: hello }))).toBe(RFC6455_FRAMES.hello);
		expect(hex(encodeFrame({ fin: true, opcode: OPCODES.ping, maskingKey: null, payload: hello }))).toBe(RFC6455_FRAMES.ping);
		expect(hex(encodeFrame({ fin: true, opcode: OPCODES.pong, maskingKey: key, payload: hello }))).toBe(RFC6455_FRAMES.maskedPong);
		const d = card('websocket').diagram;
		expect(d.kind === 'sequence' && d.messages.some((m) => m.code.includes(RFC6455_ACCEPT))).toBe(true);
	});
});
