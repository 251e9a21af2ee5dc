/** Practice across every topic: all the cards' questions as flashcards. */
import { flashcards, loadAllCards } from '$lib/learn/cards';
import type { PageLoad } from './$types';

export const load: PageLoad = async () => ({ cards: flashcards(await loadAllCards()) });
