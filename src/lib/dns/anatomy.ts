/**
 * The "anatomy of a DoH query" walk: a person's input becomes the exact RFC 8484 GET request, and its bytes
 * become steps (header, flags, question, EDNS, then the HTTP request itself).
 */
import type { AnnotatedBytes } from '$lib/bytes/annotated';
import { toBase64Url } from '$lib/bytes/encoding';
import { fail, ok, type Result } from '$lib/errors';
import type { LocalizedText } from '$lib/i18n/locales';
import { dohGetUrl, dohRequestTarget } from './doh';
import { parseQueryName, type NameErrorCode } from './name';
import { recordTypeByName } from './types';
import { annotateMessage, encodeQuery } from './wire';

export interface AnatomyInput {
	name: string;
	type: string;
	edns: boolean;
	recursionDesired: boolean;
	endpoint: string;
}

export interface DohAnatomy {
	/** The name as it goes on the wire (after IDN and reverse-lookup conversion). */
	fqdn: string;
	query: Uint8Array;
	annotated: AnnotatedBytes;
	/** `/dns-query?dns=...` */
	requestTarget: string;
	url: string;
	dnsParam: string;
	notes: LocalizedText[];
	steps: { id: string; title: LocalizedText }[];
}

export function buildDohAnatomy(input: AnatomyInput): Result<DohAnatomy, NameErrorCode | 'bad-type'> {
	const parsed = parseQueryName(input.name);
	if (!parsed.ok) return parsed;
	const type = recordTypeByName(input.type);
	if (!type)
		return fail('bad-type', {
			en: `Unknown record type “${input.type}”.`,
			'zh-CN': `未知的记录类型“${input.type}”。`
		});
	// An address typed with a type other than PTR still means "the name of this address".
	const typeCode = parsed.value.reverseOf ? 12 : type.code;
	const query = encodeQuery({
		name: parsed.value.name,
		typeCode,
		recursionDesired: input.recursionDesired,
		edns: input.edns ? undefined : null
	});
	const annotated = annotateMessage(query);
	// Our own encoder's output always parses; if it did not, that is a bug to surface, not a user error.
	if (!annotated.ok) throw new Error(`encoded query does not parse: ${annotated.error.code}`);
	return ok({
		fqdn: parsed.value.fqdn,
		query,
		annotated: annotated.value,
		requestTarget: dohRequestTarget(input.endpoint, query),
		url: dohGetUrl(input.endpoint, query),
		dnsParam: toBase64Url(query),
		notes: parsed.value.notes,
		steps: [
			...annotated.value.sections.map((s) => ({ id: s.id, title: s.label })),
			{ id: 'request', title: { en: 'The HTTPS request', 'zh-CN': 'HTTPS 请求' } }
		]
	});
}
