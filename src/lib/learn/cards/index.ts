/**
 * The study cards, one module per topic, loaded on demand: a topic's page loads only its own card, and the
 * practice page all of them. (Every module is in the service worker's precache, so all load offline.)
 */
import type { LocalizedText } from '$lib/i18n/locales';
import { TOPICS } from '../topics';
import type { StudyCard } from '../types';

type CardModule = Promise<{ card: StudyCard }>;

const loaders: Readonly<Record<string, () => CardModule>> = {
	sockets: () => import('./sockets'),
	osi: () => import('./osi'),
	'tcp-udp': () => import('./tcp-udp'),
	handshake: () => import('./handshake'),
	https: () => import('./https'),
	'http-https': () => import('./http-https'),
	'load-balancing': () => import('./load-balancing'),
	'lb-algorithms': () => import('./lb-algorithms'),
	dns: () => import('./dns'),
	websocket: () => import('./websocket'),
	performance: () => import('./performance')
};

export const cardTopics = Object.keys(loaders);

export async function loadCard(topic: string): Promise<StudyCard | undefined> {
	const load = Object.hasOwn(loaders, topic) ? loaders[topic] : undefined;
	return load ? (await load()).card : undefined;
}

/** Every card, in the order of the topic list. */
export async function loadAllCards(): Promise<StudyCard[]> {
	const cards = await Promise.all(TOPICS.map((t) => loadCard(t.id)));
	return cards.filter((c): c is StudyCard => c !== undefined);
}

/** A question as a flashcard: its id (`<topic>/<question>`) is what progress is stored under. */
export interface Flashcard {
	id: string;
	topic: string;
	q: LocalizedText;
	a: LocalizedText;
}

export function flashcards(cards: readonly StudyCard[]): Flashcard[] {
	return cards.flatMap((card) => card.questions.map((q) => ({ id: `${card.topic}/${q.id}`, topic: card.topic, q: q.q, a: q.a })));
}
