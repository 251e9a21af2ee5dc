/** A topic's study card: prerendered for every topic in the list, so each opens offline. */
import { error } from '@sveltejs/kit';
import { loadCard } from '$lib/learn/cards';
import { TOPICS } from '$lib/learn/topics';
import type { EntryGenerator, PageLoad } from './$types';

export const entries: EntryGenerator = () => TOPICS.map((topic) => ({ topic: topic.id }));

export const load: PageLoad = async ({ params }) => {
	const topic = TOPICS.find((t) => t.id === params.topic);
	const card = topic && (await loadCard(topic.id));
	if (!topic || !card) error(404, 'Not found');
	return { topic, card };
};
