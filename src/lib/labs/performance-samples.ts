/**
 * Texts shipped with the performance lab for its compression panel: a small HTML page and a JSON API response,
 * the two kinds of text a web server compresses most. Written for Wirewalk (the JSON is built from a fixed list, so
 * it is the same on every load).
 */
import type { LocalizedText } from '$lib/i18n/locales';

export type SampleId = 'html' | 'json';

const topics = [
	['sockets', 'Unix domain sockets vs network sockets', 12],
	['osi', 'OSI vs TCP/IP models', 9],
	['tcp-udp', 'TCP vs UDP', 14],
	['handshake', 'The three-way handshake and four-way teardown', 18],
	['https', 'What HTTPS is and its encryption flow', 16],
	['http-https', 'HTTP vs HTTPS', 8],
	['load-balancing', 'Load balancing', 11],
	['lb-algorithms', 'Load-balancing algorithms', 13],
	['dns', 'DNS', 15],
	['websocket', 'WebSocket vs HTTP', 10],
	['performance', 'Network performance', 12]
] as const;

const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Study notes · Wirewalk</title>
<link rel="stylesheet" href="/assets/app.3f9c2a.css">
<link rel="preload" href="/assets/fonts/inter-latin.woff2" as="font" type="font/woff2" crossorigin>
<script type="module" src="/assets/app.8d1e44.js"></script>
</head>
<body>
<header class="site-header">
<a class="brand" href="/">Wirewalk</a>
<nav aria-label="Main">
<ul class="nav-list">
<li class="nav-item"><a class="nav-link" href="/dns">DNS</a></li>
<li class="nav-item"><a class="nav-link" href="/tls">HTTPS</a></li>
<li class="nav-item"><a class="nav-link" href="/learn" aria-current="page">Learn</a></li>
<li class="nav-item"><a class="nav-link" href="/learn/practice">Practice</a></li>
</ul>
</nav>
</header>
<main id="main" class="page">
<h1 class="page-title">Study notes</h1>
<p class="lead">Eleven interview topics, each with a short card, corrections of common mistakes, and a lab.</p>
<ul class="topic-list">
${topics
	.map(
		([id, title, minutes]) => `<li class="topic-item">
<article class="card topic-card" data-topic="${id}">
<h2 class="topic-title"><a class="topic-link" href="/learn/${id}">${title}</a></h2>
<p class="topic-meta"><span class="badge">${minutes} min</span> <span class="badge">card</span> <span class="badge">lab</span></p>
<p class="topic-actions"><a class="button" href="/learn/${id}">Read the card</a> <a class="button secondary" href="/learn/${id}/lab">Open the lab</a></p>
</article>
</li>`
	)
	.join('\n')}
</ul>
</main>
<footer class="site-footer">
<p class="muted">Works offline. Your progress stays on this device.</p>
</footer>
</body>
</html>
`;

const regions = ['ap-east', 'eu-central', 'us-west', 'sa-east'];
const json =
	JSON.stringify(
		{
			page: 1,
			perPage: 24,
			total: 24,
			servers: Array.from({ length: 24 }, (_, i) => ({
				id: `srv-${String(i + 1).padStart(3, '0')}`,
				region: regions[i % regions.length],
				address: `198.51.100.${10 + i}`,
				port: 443,
				protocol: i % 3 === 0 ? 'h2' : 'http/1.1',
				healthy: i % 7 !== 3,
				weight: 1 + (i % 5),
				latencyMs: { p50: 20 + ((i * 7) % 30), p99: 120 + ((i * 13) % 90) },
				tags: ['edge', regions[i % regions.length], i % 2 ? 'static' : 'api']
			}))
		},
		null,
		2
	) + '\n';

export const SAMPLES: readonly { id: SampleId; name: LocalizedText; text: string }[] = [
	{ id: 'html', name: { en: 'An HTML page', 'zh-CN': '一个 HTML 页面' }, text: html },
	{ id: 'json', name: { en: 'A JSON API response', 'zh-CN': '一个 JSON API 响应' }, text: json }
];
