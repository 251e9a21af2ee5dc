/**
 * The shape of a study card: typed data, rendered by the components beside src/routes/learn. Nothing here is
 * HTML: prose is plain text in both languages, protocol text (`SYN seq=x`, header lines, bytes) is a `code`
 * string shown in a monospace font, so no page ever needs {@html}.
 */
import type { LocalizedText } from '$lib/i18n/locales';

/** Where a statement comes from: an RFC section, a man page, a paper. */
export interface Source {
	label: string;
	href: string;
}

/** Something common notes get wrong, the correct version, and why. */
export interface Correction {
	/** Stable within its topic (tests look corrections up by id). */
	id: string;
	wrong: LocalizedText;
	right: LocalizedText;
	why: LocalizedText;
	sources: readonly Source[];
}

/** An interview question with a model answer; also a flashcard (its id is `<topic>/<id>`). */
export interface Question {
	id: string;
	q: LocalizedText;
	a: LocalizedText;
}

/** A message between two of a sequence diagram's actors (indexes into `actors`). */
export interface SequenceMessage {
	from: number;
	to: number;
	/** What goes on the wire, as protocol text. */
	code: string;
	note: LocalizedText;
}

/** A cell of a layers diagram: it covers `span` rows (default 1). */
export interface LayerCell {
	text: LocalizedText;
	span?: number;
}

/** A table cell: text in both languages, or protocol text (the same in both). */
export type TableCell = LocalizedText | { code: string };

export type Diagram =
	| { kind: 'sequence'; caption: LocalizedText; actors: readonly LocalizedText[]; messages: readonly SequenceMessage[] }
	| { kind: 'layers'; caption: LocalizedText; columns: readonly { title: LocalizedText; cells: readonly LayerCell[] }[] }
	| { kind: 'table'; caption: LocalizedText; head: readonly LocalizedText[]; rows: readonly (readonly TableCell[])[] };

/** A link into one of Wirewalk's explorers. */
export interface ExplorerLink {
	href: string;
	label: LocalizedText;
}

export interface StudyCard {
	/** The topic's id (src/lib/learn/topics.ts). */
	topic: string;
	points: readonly LocalizedText[];
	diagram: Diagram;
	corrections: readonly Correction[];
	questions: readonly Question[];
	links?: readonly ExplorerLink[];
}

/** The same text in both languages: names, numbers, protocol words in diagrams. */
export function same(text: string): LocalizedText {
	return { en: text, 'zh-CN': text };
}

/** An RFC, optionally a section of it, as a source with its rfc-editor.org address. */
export function rfc(number: number, section?: string): Source {
	return {
		label: `RFC ${number}${section ? ` §${section}` : ''}`,
		href: `https://www.rfc-editor.org/rfc/rfc${number}${section ? `#section-${section}` : ''}`
	};
}
