import { rfc, same, type StudyCard } from '../types';

export const card: StudyCard = {
	topic: 'load-balancing',
	points: [
		{
			en: 'A load balancer spreads requests over several servers, so that the service carries more load than one server can (scaling out), keeps working when one fails (traffic goes only to healthy servers), and can change without downtime (drain a server, deploy, put it back).',
			'zh-CN': '负载均衡器把请求分配到多台服务器上：让服务承受超过单台服务器能力的负载（横向扩展），在某台服务器故障时继续工作（流量只发给健康的服务器），并且可以不停机地变更（摘下一台服务器、部署、再放回去）。'
		},
		{
			en: 'DNS: a name resolves to several addresses, or to different addresses by region (GeoDNS). Cheap and global, but coarse: caches keep answers for their TTL, and DNS does not see the load.',
			'zh-CN': 'DNS：一个域名解析出多个地址，或按地区返回不同地址（GeoDNS）。成本低、覆盖全球，但粒度粗：缓存会在 TTL 内一直使用旧答案，而且 DNS 看不到负载。'
		},
		{
			en: 'Layer 4 (TCP/UDP): decides once per connection from addresses and ports, forwarding packets or splicing connections without reading the content (LVS, cloud network load balancers). Fast, but cannot route by URL.',
			'zh-CN': '四层（TCP/UDP）：每个连接只根据地址和端口决策一次，转发数据包或拼接连接，不读取内容（LVS、云厂商的网络负载均衡）。速度快，但不能按 URL 路由。'
		},
		{
			en: 'Layer 7 (HTTP): a reverse proxy ends the client’s connection (and TLS), reads every request and routes it by host, path, header or cookie (nginx, HAProxy, Envoy). It can retry, cache, compress and balance each request separately, at a higher CPU cost.',
			'zh-CN': '七层（HTTP）：反向代理终结客户端的连接（以及 TLS），读取每个请求，按主机名、路径、头部或 Cookie 路由（nginx、HAProxy、Envoy）。它可以重试、缓存、压缩，并对每个请求分别做均衡，代价是更多的 CPU。'
		},
		{
			en: 'Health checks: active ones probe each server (for example GET /healthz every few seconds, taking it out after several failures); passive ones notice errors and timeouts in real traffic. A balancer routes around only the failures it detects.',
			'zh-CN': '健康检查：主动检查定期探测每台服务器（例如每隔几秒请求一次 GET /healthz，连续失败几次就摘除）；被动检查从真实流量的错误和超时中发现问题。负载均衡器只能绕开它检测到的故障。'
		},
		{
			en: 'The balancer must not become the single point of failure: run it in pairs sharing a floating address (VRRP, keepalived), behind anycast, or several of them behind DNS.',
			'zh-CN': '负载均衡器自身不能成为单点故障：成对部署并共享一个漂移地址（VRRP、keepalived），或者放在任播（anycast）之后，或者在 DNS 后面部署多台。'
		}
	],
	diagram: {
		kind: 'table',
		caption: { en: 'Where the decision is made', 'zh-CN': '在哪里做出分配决策' },
		head: [
			{ en: 'Where', 'zh-CN': '位置' },
			{ en: 'Decides by', 'zh-CN': '决策依据' },
			{ en: 'Trade-off', 'zh-CN': '取舍' }
		],
		rows: [
			[
				same('DNS'),
				{ en: 'the name, the resolver’s region', 'zh-CN': '域名、解析器所在地区' },
				{ en: 'global and cheap; cached for the TTL, blind to load', 'zh-CN': '全球覆盖、成本低；受 TTL 缓存影响，看不到负载' }
			],
			[
				{ en: 'Layer 4', 'zh-CN': '四层' },
				{ en: 'addresses and ports, per connection', 'zh-CN': '地址和端口，按连接' },
				{ en: 'fast, any protocol; no URL routing, a long connection stays put', 'zh-CN': '快，支持任何协议；不能按 URL 路由，长连接固定在一台上' }
			],
			[
				{ en: 'Layer 7', 'zh-CN': '七层' },
				{ en: 'host, path, headers, cookies, per request', 'zh-CN': '主机名、路径、头部、Cookie，按请求' },
				{ en: 'smart routing, retries, TLS ends here; more CPU', 'zh-CN': '路由灵活、可重试、在此终结 TLS；更耗 CPU' }
			]
		]
	},
	corrections: [
		{
			id: 'dns-by-load',
			wrong: {
				en: 'DNS load balancing sends requests to servers according to their load, and fails over when one breaks.',
				'zh-CN': 'DNS 负载均衡会根据负载情况把请求分发到不同服务器，服务器故障时自动切换。'
			},
			right: {
				en: 'A plain authoritative server hands out its addresses blindly (often rotating their order): it neither sees load nor knows which servers are up. Resolvers and clients cache the answer for its TTL, so a dead address goes on being used until it expires, and clients may be slow to try the next address.',
				'zh-CN': '普通的权威服务器只是照样给出地址（通常轮换顺序）：它看不到负载，也不知道哪些服务器还活着。递归解析器和客户端会在 TTL 内缓存应答，所以一个已经失效的地址在过期之前仍会被继续使用，客户端也未必会很快改试下一个地址。'
			},
			why: {
				en: 'A record’s TTL is how long it “may be cached before the source of the information should again be consulted”. Health-checked DNS (GSLB) helps, but is still bounded by caching; clients also order the addresses by their own rules (RFC 6724).',
				'zh-CN': '记录的 TTL 表示它在重新向信息源查询之前可以被缓存多久。带健康检查的 DNS（GSLB）能有所改善，但仍受缓存的限制；客户端还会按自己的规则对地址排序（RFC 6724）。'
			},
			sources: [rfc(1035, '3.2.1'), rfc(6724, '6')]
		},
		{
			id: 'lb-means-ha',
			wrong: {
				en: 'Adding a load balancer makes the system highly available.',
				'zh-CN': '加了负载均衡，系统就高可用了。'
			},
			right: {
				en: 'Only if the balancer itself is redundant and its health checks really catch failures. A single balancer is a new single point of failure, and a check that only tests that a port is open keeps sending traffic to a server whose application is broken.',
				'zh-CN': '前提是负载均衡器本身有冗余，并且健康检查真能发现故障。单台负载均衡器本身就是一个新的单点故障；只检测端口是否开放的健康检查，会继续把流量发给应用已经出错的服务器。'
			},
			why: {
				en: 'The usual practice pairs balancers with VRRP, so a standby takes over the virtual address, and checks an application endpoint rather than a port.',
				'zh-CN': '常规做法是用 VRRP 让两台负载均衡器组成主备，由备机接管虚拟地址，并且检查应用层的健康接口，而不只是端口。'
			},
			sources: [rfc(5798)]
		},
		{
			id: 'lb-stops-attacks',
			wrong: {
				en: 'A load balancer defends against attacks by spreading them over the servers.',
				'zh-CN': '负载均衡通过把攻击流量分散开来防御外部攻击。'
			},
			right: {
				en: 'Spreading an attack only overloads every server a little later. What helps is what a balancer or proxy in front does on purpose: withstand connection floods (SYN cookies), limit the rate per client, end TLS, filter bad requests and hide the servers’ addresses. Large attacks need scrubbing upstream or anycast capacity.',
				'zh-CN': '把攻击流量分散开，只会让每台服务器晚一点被压垮。真正有用的是前端的负载均衡器或代理有意采取的措施：抵御连接洪泛（SYN Cookie）、按客户端限速、终结 TLS、过滤恶意请求、隐藏后端服务器的地址。大规模攻击需要上游清洗或任播带宽来承受。'
			},
			why: {
				en: 'SYN cookies let a server answer a flood of SYNs without keeping state for each.',
				'zh-CN': 'SYN Cookie 让服务器在不为每个 SYN 保存状态的情况下应对 SYN 洪泛。'
			},
			sources: [rfc(4987, '3.6')]
		}
	],
	questions: [
		{
			id: 'what-why',
			q: { en: 'What is load balancing, and why use it?', 'zh-CN': '什么是负载均衡？为什么要用它？' },
			a: {
				en: 'Spreading incoming work over several servers behind one entry point. Why: capacity (scale out instead of buying a bigger machine), availability (health checks take failed servers out while clients keep one address), maintenance (rolling deploys, draining), and latency (sending users to a nearby or less busy server). The costs: an extra hop, state that must be shared or kept sticky, and the balancer’s own redundancy.',
				'zh-CN': '在一个统一入口后面，把进来的工作分配给多台服务器。原因：容量（横向扩展，而不是换更大的机器）、可用性（健康检查把故障服务器摘除，客户端始终只用一个地址）、可维护性（滚动发布、排空连接），以及延迟（把用户导向就近或较空闲的服务器）。代价是：多了一跳，状态需要共享或保持粘性，而且负载均衡器自身也需要冗余。'
			}
		},
		{
			id: 'l4-l7',
			q: {
				en: 'What is the difference between layer 4 and layer 7 load balancing?',
				'zh-CN': '四层负载均衡和七层负载均衡有什么区别？'
			},
			a: {
				en: 'Layer 4 sees addresses and ports and decides once per connection; it forwards packets (NAT, direct server return) or relays bytes without parsing HTTP. It is fast and works for any protocol, but every request on one long connection goes to the same server. Layer 7 ends the connection and TLS, parses each HTTP request, and can route by host, path, header or cookie, retry idempotent requests, add headers such as X-Forwarded-For, cache and compress. It costs more CPU and must hold the TLS keys. A common design puts layer 4 in front for scale and layer 7 behind it.',
				'zh-CN': '四层看到的是地址和端口，每个连接只决策一次；它转发数据包（NAT、直接服务器返回 DSR）或者中继字节流，不解析 HTTP。它速度快、适用于任何协议，但一个长连接上的所有请求都会落到同一台服务器。七层终结连接和 TLS，解析每个 HTTP 请求，可以按主机名、路径、头部或 Cookie 路由，重试幂等请求，添加 X-Forwarded-For 之类的头部，还能缓存和压缩。它更耗 CPU，并且必须持有 TLS 私钥。常见的架构是前面放四层以承载规模，后面接七层。'
			}
		},
		{
			id: 'health-checks',
			q: {
				en: 'How do health checks work, and what makes a good one?',
				'zh-CN': '健康检查如何工作？怎样才算好的健康检查？'
			},
			a: {
				en: 'Active checks probe each server on a schedule (a TCP connect, or better an HTTP GET to an endpoint that exercises the application) and take a server out after N failures in a row, back in after M successes, so one blip does not make it flap. Passive checks watch real traffic (errors, timeouts, resets) and eject a misbehaving server quickly (outlier detection). A good check shows whether the server can serve, without failing every server at once because a shared dependency, such as the database, is slow.',
				'zh-CN': '主动检查按固定间隔探测每台服务器（建立 TCP 连接，更好的是对一个真正走到应用逻辑的接口发起 HTTP GET），连续失败 N 次才摘除，连续成功 M 次才放回，避免一次抖动就来回切换。被动检查观察真实流量（错误、超时、连接重置），能更快地剔除异常的服务器（离群检测）。好的健康检查能反映服务器能否正常服务，同时不会因为某个共享依赖（例如数据库）变慢而让所有服务器同时被判为故障。'
			}
		},
		{
			id: 'sessions',
			q: {
				en: 'How do you handle user sessions behind a load balancer?',
				'zh-CN': '负载均衡后面如何处理用户会话？'
			},
			a: {
				en: 'Best: make the servers stateless, keeping sessions in a shared store (Redis, a database) or in a signed token the client holds, so any server can answer. Otherwise use affinity: a cookie set by the balancer that names the server (robust), or a hash of the client’s IP address (which breaks when many users share one NAT address or a phone changes networks). Affinity hurts the balance and loses the sessions of a server that fails.',
				'zh-CN': '最好的办法是让服务器无状态，把会话放在共享存储（Redis、数据库）里，或者放在客户端持有的签名令牌中，这样任何一台服务器都能处理请求。否则就用会话保持：由负载均衡器设置一个写明服务器的 Cookie（较可靠），或者对客户端 IP 取哈希（很多用户共用一个 NAT 地址、或者手机切换网络时就会失效）。会话保持会影响均衡效果，而且服务器故障时它上面的会话会丢失。'
			}
		},
		{
			id: 'dns-limits',
			q: {
				en: 'What are the limits of DNS-based load balancing?',
				'zh-CN': '基于 DNS 的负载均衡有哪些局限？'
			},
			a: {
				en: 'Resolvers, operating systems and browsers cache answers for the TTL (some ignore very short TTLs), so changes and failover take time; the authoritative server sees the resolver’s address, not the user’s (EDNS Client Subnet helps); it has no view of server load; and clients choose among several addresses by their own rules. It works well for coarse, global distribution (GeoDNS to a region’s entry point), with layer 4 and layer 7 balancers doing the fine work.',
				'zh-CN': '递归解析器、操作系统和浏览器会在 TTL 内缓存应答（有些还会忽略很短的 TTL），所以变更和故障切换都需要时间；权威服务器看到的是递归解析器的地址，而不是用户的地址（EDNS Client Subnet 可以改善）；它看不到服务器负载；客户端还会按自己的规则在多个地址中挑选。它适合粗粒度的全球调度（用 GeoDNS 把用户导向某个地区的入口），精细的分配交给四层和七层负载均衡器。'
			}
		}
	]
};
