import { smoothWeightedPick, type ServerView } from '$lib/labs/loadbalancer';
import type { LocalizedText } from '$lib/i18n/locales';
import { same, type StudyCard, type TableCell } from '../types';

/**
 * nginx's smooth weighted round robin, pick by pick, computed by the lab's own implementation: the current values
 * after adding the weights, the server chosen, and the values after the total is taken from the winner.
 */
function smoothTrace(weights: Readonly<Record<string, number>>): TableCell[][] {
	const servers: ServerView[] = Object.entries(weights).map(([id, weight]) => ({ id, weight, inRotation: true, active: 0 }));
	const total = servers.reduce((sum, s) => sum + s.weight, 0);
	const current = new Map<string, number>();
	const rows: TableCell[][] = [];
	for (let pick = 1; pick <= total; pick++) {
		const raised = servers.map((s) => (current.get(s.id) ?? 0) + s.weight);
		const chosen = smoothWeightedPick(servers, current) ?? '';
		rows.push([same(String(pick)), { code: raised.join(', ') }, { code: chosen }, { code: servers.map((s) => current.get(s.id)).join(', ') }]);
	}
	return rows;
}

const nginxSource = {
	label: 'nginx ngx_http_upstream_round_robin.c',
	href: 'https://github.com/nginx/nginx/blob/master/src/http/ngx_http_upstream_round_robin.c'
};
const choose: LocalizedText = { en: 'Chosen', 'zh-CN': '选中' };

export const card: StudyCard = {
	topic: 'lb-algorithms',
	points: [
		{
			en: 'Static algorithms ignore the servers’ state: round robin, weighted round robin, hashing (IP hash, consistent hashing). Dynamic ones look at it: least connections, weighted least connections, least response time, power of two choices.',
			'zh-CN': '静态算法不看服务器的状态：轮询、加权轮询、哈希（IP 哈希、一致性哈希）。动态算法会看：最少连接、加权最少连接、最短响应时间、随机二选一。'
		},
		{
			en: 'Weighted round robin is deterministic. nginx’s smooth version, for weights a=5, b=1, c=1, picks a a b a c a a: the shares follow the weights without sending five in a row to a.',
			'zh-CN': '加权轮询是确定性的。nginx 的平滑加权轮询在权重为 a=5、b=1、c=1 时，选择顺序是 a a b a c a a：比例符合权重，又不会连续五次都发给 a。'
		},
		{
			en: 'Least connections sends to the server with the fewest requests in progress; the weighted form compares in-progress ÷ weight. Both adapt to slow requests without measuring time.',
			'zh-CN': '最少连接把请求发给处理中请求最少的服务器；加权版本比较的是“处理中请求数 ÷ 权重”。两者都不必测量时间，就能适应耗时不同的请求。'
		},
		{
			en: 'Hashing keeps a key (client IP, user ID, URL) on one server, which helps caches and sessions. Hash modulo N moves most keys when N changes; consistent hashing moves only about 1/N of them.',
			'zh-CN': '哈希让同一个键（客户端 IP、用户 ID、URL）始终落到同一台服务器上，有利于缓存和会话。对 N 取模的哈希在 N 变化时会让大多数键换服务器；一致性哈希只迁移大约 1/N 的键。'
		},
		{
			en: 'Power of two choices: pick two servers at random and send to the less loaded one. It avoids the herding of “always the least loaded” when many balancers act on stale information, and keeps most of its benefit.',
			'zh-CN': '随机二选一：随机挑两台服务器，发给负载较低的那一台。当很多负载均衡器依据过时的信息做决定时，它能避免“总选最空闲的那台”造成的扎堆，同时保留其大部分好处。'
		}
	],
	diagram: {
		kind: 'table',
		caption: {
			en: 'Smooth weighted round robin (nginx), weights a=5, b=1, c=1: each pick adds every server’s weight to its current value, chooses the largest, and takes the total (7) from the winner',
			'zh-CN': '平滑加权轮询（nginx），权重 a=5、b=1、c=1：每次选择时，每台服务器的当前值加上自己的权重，选出最大者，再从它的当前值中减去权重总和（7）'
		},
		head: [
			{ en: 'Pick', 'zh-CN': '次序' },
			{ en: 'Current + weight (a, b, c)', 'zh-CN': '当前值 + 权重（a, b, c）' },
			choose,
			{ en: 'After (a, b, c)', 'zh-CN': '减去总和后（a, b, c）' }
		],
		rows: smoothTrace({ a: 5, b: 1, c: 1 })
	},
	corrections: [
		{
			id: 'wrr-probability',
			wrong: {
				en: 'Weighted round robin assigns requests with a probability proportional to the weight.',
				'zh-CN': '加权轮询按权重决定分配的概率。'
			},
			right: {
				en: 'It is deterministic: in every cycle of (total weight) picks, each server gets exactly its weight. Choosing at random by weight is another algorithm, weighted random, which matches the shares only on average and can produce long runs.',
				'zh-CN': '加权轮询是确定性的：每一轮（权重总和次选择）中，每台服务器恰好分到与其权重相等的次数。按权重随机选择是另一种算法，即加权随机，它只在平均意义上符合比例，还可能出现长串的连续命中。'
			},
			why: {
				en: 'nginx implements the smooth version shown above: weights 5:1:1 give a a b a c a a, every time.',
				'zh-CN': 'nginx 实现的就是上面展示的平滑版本：权重 5:1:1 每次都得到 a a b a c a a。'
			},
			sources: [nginxSource]
		},
		{
			id: 'wlc-probability',
			wrong: {
				en: 'Weighted least connections uses the weights as probabilities.',
				'zh-CN': '加权最少连接根据权重决定分配的概率。'
			},
			right: {
				en: 'It deterministically picks the server with the lowest active connections ÷ weight (taking ties in turn). A server of weight 2 is chosen while it has fewer than twice the connections of a server of weight 1.',
				'zh-CN': '它确定性地选出“活动连接数 ÷ 权重”最小的服务器（相同时轮流选择）。权重为 2 的服务器，只要它的连接数少于权重为 1 的服务器的两倍，就会被选中。'
			},
			why: {
				en: 'This is LVS’s wlc scheduler, and how nginx’s least_conn takes weights into account.',
				'zh-CN': 'LVS 的 wlc 调度器就是这样做的，nginx 的 least_conn 考虑权重的方式也是如此。'
			},
			sources: [
				{ label: 'ipvsadm(8): wlc', href: 'https://linux.die.net/man/8/ipvsadm' },
				{ label: 'nginx least_conn', href: 'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#least_conn' }
			]
		},
		{
			id: 'ip-hash-always',
			wrong: {
				en: 'IP hash guarantees that a client always reaches the same server.',
				'zh-CN': 'IP 哈希能确保同一客户端的请求始终分配到同一台服务器。'
			},
			right: {
				en: 'Only while the list of servers and the client’s address both stay the same. With hash modulo N, adding or removing a server moves most clients; many users behind one NAT address all land on one server; a phone that changes networks moves. Consistent hashing limits the move to about 1/N of clients, and a cookie pins a session more reliably.',
				'zh-CN': '前提是服务器列表和客户端地址都不变。用哈希对 N 取模时，增删一台服务器会让大多数客户端换服务器；同一个 NAT 地址后面的大量用户会全部落到同一台服务器；手机切换网络后也会换服务器。一致性哈希能把迁移限制在大约 1/N 的客户端，而要固定会话，用 Cookie 更可靠。'
			},
			why: {
				en: 'Going from N to N+1 servers, a key stays put under hash mod N only when both remainders agree, for about 1/(N+1) of keys. Consistent hashing moves only the keys the new server takes over.',
				'zh-CN': '从 N 台增加到 N+1 台时，对 N 取模的哈希只有在两次余数相同时键才留在原处，这只占大约 1/(N+1)。一致性哈希只迁移新服务器接管的那部分键。'
			},
			sources: [{ label: 'Karger et al., STOC 1997 (consistent hashing)', href: 'https://doi.org/10.1145/258533.258660' }]
		},
		{
			id: 'least-response-time-herd',
			wrong: {
				en: 'Least response time always gives users the fastest response.',
				'zh-CN': '最少响应时间算法能确保用户总是获得最快的响应。'
			},
			right: {
				en: 'Sending every request to the server with the lowest average makes that server slow: averages lag, so traffic piles onto one server until its average rises, then stampedes to the next (herding). Practical versions multiply the moving average by the requests in progress (“peak EWMA”), or sample two servers at random.',
				'zh-CN': '把每个请求都发给平均响应时间最低的服务器，会把这台服务器拖慢：平均值有滞后，流量会一直压在这一台上，直到它的平均值升高，再一窝蜂地涌向下一台（羊群效应）。实用的做法是把移动平均乘以处理中的请求数（“peak EWMA”），或者随机抽两台来比较。'
			},
			why: {
				en: 'Mitzenmacher showed that choosing the better of two random servers gives an exponential improvement in the maximum load over a single random choice, without anyone needing fresh global information.',
				'zh-CN': 'Mitzenmacher 证明：在随机抽取的两台服务器中选较好的一台，与只随机选一台相比，最大负载会有指数级的改善，而且不需要任何实时的全局信息。'
			},
			sources: [{ label: 'Mitzenmacher, IEEE TPDS 2001', href: 'https://doi.org/10.1109/71.963420' }]
		}
	],
	questions: [
		{
			id: 'common',
			q: {
				en: 'Which load-balancing algorithms do you know, and how do they work?',
				'zh-CN': '你知道哪些负载均衡算法？它们是如何工作的？'
			},
			a: {
				en: 'Round robin: servers in turn. Weighted round robin: in turn, in proportion to weights (nginx’s smooth version interleaves them). Least connections: fewest requests in progress; weighted: fewest per unit of weight. Least response time: lowest expected wait, e.g. moving-average latency × (requests in progress + 1). IP or key hash: the same key always maps to the same server; consistent hashing keeps that mapping mostly stable as servers come and go. Random, and power of two choices: pick two at random, take the less loaded.',
				'zh-CN': '轮询：依次分配给每台服务器。加权轮询：依次分配，但次数与权重成比例（nginx 的平滑版本会把它们交错开）。最少连接：选处理中请求最少的服务器；加权版本选单位权重上请求最少的。最短响应时间：选预计等待最短的，例如“响应时间移动平均 ×（处理中请求数 + 1）”。IP 或键哈希：同一个键总映射到同一台服务器；一致性哈希在服务器增减时让这种映射基本保持稳定。随机，以及随机二选一：随机挑两台，取负载较低的一台。'
			}
		},
		{
			id: 'choose',
			q: { en: 'How do you choose an algorithm?', 'zh-CN': '如何选择合适的负载均衡算法？' },
			a: {
				en: 'Start from the requests and the servers. Similar servers and short, uniform requests: round robin is enough. Servers of different sizes: add weights. Requests of very different cost, or long-lived connections (WebSocket, gRPC streams): least connections or least response time, which react to the actual load. The same key must reach the same server (caches, sharded state): consistent hashing, with a load bound if some keys are hot. Many independent balancers: power of two choices avoids herding. Always combine with health checks, and watch tail latency (p99), not only averages.',
				'zh-CN': '从请求和服务器的特点出发。服务器性能相近、请求短且开销均匀：轮询就够了。服务器规格不同：加上权重。请求开销差别很大，或者是长连接（WebSocket、gRPC 流）：用最少连接或最短响应时间，它们会根据实际负载作出反应。同一个键必须落到同一台服务器（缓存、分片状态）：用一致性哈希，有热点键时再加上负载上限。有很多独立的负载均衡器：随机二选一可以避免扎堆。无论哪种，都要配合健康检查，并关注尾延迟（p99），而不只是平均值。'
			}
		},
		{
			id: 'smooth-wrr',
			q: {
				en: 'How does nginx’s smooth weighted round robin work? What order do weights 5, 1, 1 give?',
				'zh-CN': 'nginx 的平滑加权轮询是怎么工作的？权重 5、1、1 会得到什么顺序？'
			},
			a: {
				en: 'Each server keeps a current value, starting at 0. On every pick, each server’s current value grows by its weight; the server with the largest current value is chosen, and the total of all weights is taken from its current value. With a=5, b=1, c=1 (total 7) the picks are a a b a c a a, and after seven picks every value is back to 0. Each server gets exactly its share per cycle, and b and c are spread out instead of following five a’s.',
				'zh-CN': '每台服务器维护一个当前值，初始为 0。每次选择时，每台服务器的当前值都加上自己的权重；选出当前值最大的服务器，再从它的当前值中减去所有权重之和。a=5、b=1、c=1（总和为 7）时，选择顺序是 a a b a c a a，七次之后所有当前值都回到 0。每一轮中各服务器恰好得到自己的份额，而且 b 和 c 被分散开，而不是排在连续五个 a 之后。'
			}
		},
		{
			id: 'consistent-hashing',
			q: {
				en: 'What is consistent hashing, and why use virtual nodes?',
				'zh-CN': '什么是一致性哈希？为什么要用虚拟节点？'
			},
			a: {
				en: 'Servers and keys are hashed onto the same ring (say 0 to 2³² − 1); a key belongs to the first server point clockwise from it. When a server leaves, only its keys move, to the next points; when one joins, it takes keys only from its neighbours. About 1/N of the keys move, against most of them with hash mod N. With one point per server the arcs are very uneven, so each server gets many points (virtual nodes, e.g. 100–200), which evens out the shares and spreads a departing server’s keys over all the others.',
				'zh-CN': '把服务器和键哈希到同一个环上（比如 0 到 2³² − 1）；键归属于从它出发顺时针遇到的第一个服务器节点。某台服务器离开时，只有它的键会迁移到后面的节点；新服务器加入时，也只从相邻节点那里接管键。大约只有 1/N 的键迁移，而对 N 取模的哈希会让大多数键迁移。如果每台服务器只有一个节点，各段弧长会很不均匀，所以给每台服务器放很多个节点（虚拟节点，例如 100–200 个），让分配更均匀，并把离开的服务器的键分散给其余所有服务器。'
			}
		},
		{
			id: 'least-connections',
			q: {
				en: 'When is least connections better than round robin?',
				'zh-CN': '什么时候最少连接比轮询更好？'
			},
			a: {
				en: 'When requests take very different amounts of time, or connections are long-lived. Round robin hands out equal counts, so a server that happens to get several slow requests builds a queue while others sit idle. Least connections gives new work to whoever has the least in progress, so a slow or overloaded server automatically gets less. With short, uniform requests the two behave about the same.',
				'zh-CN': '当请求耗时差别很大，或者连接是长连接时。轮询只保证分配的数量相同，某台服务器恰好分到几个慢请求就会排起队，而其他服务器却闲着。最少连接把新任务交给处理中请求最少的服务器，所以慢的或过载的服务器自然会少分一些。如果请求短而均匀，两者的效果差不多。'
			}
		},
		{
			id: 'power-of-two',
			q: {
				en: 'What is “power of two choices”, and why does it work?',
				'zh-CN': '什么是“随机二选一”（Power of Two Choices）？为什么有效？'
			},
			a: {
				en: 'For each request, pick two servers at random and send it to the one with fewer requests in progress. Place n requests on n servers purely at random and the busiest server gets about log n / log log n of them, although the average is one; comparing just two brings that down to about log log n, an exponential improvement (Mitzenmacher). It needs no scan of all servers, and because each choice is partly random, many balancers with slightly stale load data do not all pile onto the same “best” server.',
				'zh-CN': '每个请求随机挑两台服务器，发给处理中请求较少的那一台。把 n 个请求纯随机地分给 n 台服务器，虽然平均每台只有一个，最忙的那台却会分到约 log n / log log n 个；只比较两台就能把它降到约 log log n，是指数级的改进（Mitzenmacher）。它不需要扫描所有服务器；而且由于每次选择都带有随机性，很多持有略微过时负载信息的负载均衡器不会全都扎堆到同一台“最优”服务器上。'
			}
		}
	]
};

