/**
 * GET /api/relay: the root hints a direct walk starts from (the relay only sends to those and to what they refer),
 * and the trust anchor its DNSSEC checks start from when the server has one of its own (the lab's), else null.
 * POST /api/relay: direct-mode DNS for the page (see src/lib/server/relay.ts for what it will and will not send).
 * Only in the Node build; the static build has no server and hides direct mode.
 */
import { json, type RequestHandler } from '@sveltejs/kit';
import { relay, trustAnchor } from '$lib/server/relay-instance';

export const prerender = false;

// adapter-node caps request bodies (BODY_SIZE_LIMIT, 512 KB); the relay refuses anything over 4 KB itself.
export const POST: RequestHandler = async ({ request, getClientAddress }) => {
	const reply = await relay().handle(await request.text(), getClientAddress());
	return json(reply.body, { status: reply.status, headers: { 'cache-control': 'no-store', ...reply.headers } });
};

export const GET: RequestHandler = () => json({ rootHints: relay().rootHints, trustAnchor: trustAnchor() }, { headers: { 'cache-control': 'no-store' } });
