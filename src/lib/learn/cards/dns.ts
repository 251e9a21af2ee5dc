import { rfc, type StudyCard } from '../types';

const iterative = { en: 'Iterative query (RD=0).', 'zh-CN': '迭代查询（RD=0）。' };

export const card: StudyCard = {
	topic: 'dns',
	points: [
		{
			en: 'DNS maps names to records: A and AAAA (addresses), CNAME (alias), MX (mail), NS (delegation), TXT and more. It is a distributed, hierarchical database: each zone’s authoritative servers answer for their own part of the tree.',
			'zh-CN': 'DNS 把域名映射为各类记录：A 和 AAAA（地址）、CNAME（别名）、MX（邮件）、NS（委派）、TXT 等。它是一个分布式的层次化数据库：每个区域的权威服务器只负责回答树中属于自己的那一部分。'
		},
		{
			en: 'Your device’s stub resolver sends one recursive query (RD=1) to a recursive resolver (your ISP’s, 1.1.1.1, 8.8.8.8): “find the answer for me”.',
			'zh-CN': '设备上的存根解析器向递归解析器（运营商的、1.1.1.1、8.8.8.8）发出一个递归查询（RD=1）：“替我把答案找来”。'
		},
		{
			en: 'The resolver then sends iterative queries (RD=0): a root server refers it to the TLD’s servers, the TLD’s servers refer it to the domain’s servers, and those give the answer. Each server answers only from its own data.',
			'zh-CN': '递归解析器接着发出迭代查询（RD=0）：根服务器把它引荐给顶级域的服务器，顶级域服务器再把它引荐给该域名的服务器，最后由后者给出答案。每台服务器都只根据自己的数据作答。'
		},
		{
			en: 'Caches in the browser, the operating system and the resolver keep every record for its TTL, so most lookups are short: root and TLD referrals stay cached for days. Negative answers (NXDOMAIN) are cached too (RFC 2308).',
			'zh-CN': '浏览器、操作系统和递归解析器中的缓存会按每条记录的 TTL 保存结果，所以大多数查询都很短：根和顶级域的引荐会被缓存好几天。否定应答（NXDOMAIN）同样会被缓存（RFC 2308）。'
		},
		{
			en: 'DNS uses UDP port 53 for most queries and TCP port 53 for large answers (after the TC bit) and zone transfers. DoT (RFC 7858) and DoH (RFC 8484) encrypt the stub-to-resolver hop; DNSSEC signs the data so that a resolver can check it was not forged.',
			'zh-CN': 'DNS 大多数查询使用 UDP 53 端口，应答过大（出现 TC 位之后）和区域传送时使用 TCP 53 端口。DoT（RFC 7858）和 DoH（RFC 8484）对存根到递归解析器这一段加密；DNSSEC 为数据签名，让解析器能验证数据没有被伪造。'
		}
	],
	diagram: {
		kind: 'sequence',
		caption: {
			en: 'Resolving shop.demo A in Wirewalk’s demo world (walk it yourself in the DNS explorer, demo mode)',
			'zh-CN': '在 Wirewalk 演示世界中解析 shop.demo 的 A 记录（可在 DNS 演示的“演示世界”模式中亲自走一遍）'
		},
		actors: [
			{ en: 'Stub (your device)', 'zh-CN': '存根解析器（你的设备）' },
			{ en: 'Recursive resolver', 'zh-CN': '递归解析器' },
			{ en: 'Root server', 'zh-CN': '根服务器' },
			{ en: 'demo. TLD server', 'zh-CN': 'demo. 顶级域服务器' },
			{ en: 'shop.demo. server', 'zh-CN': 'shop.demo. 权威服务器' }
		],
		messages: [
			{
				from: 0,
				to: 1,
				code: 'shop.demo. A? RD=1',
				note: { en: 'Recursive query: “find the answer for me”.', 'zh-CN': '递归查询：“替我把答案找来”。' }
			},
			{ from: 1, to: 2, code: 'shop.demo. A? RD=0', note: iterative },
			{
				from: 2,
				to: 1,
				code: 'referral: demo. NS ns1.nic.demo. (glue 192.0.2.10)',
				note: { en: 'The root knows only who serves demo.', 'zh-CN': '根服务器只知道谁负责 demo.。' }
			},
			{ from: 1, to: 3, code: 'shop.demo. A? RD=0', note: iterative },
			{
				from: 3,
				to: 1,
				code: 'referral: shop.demo. NS ns1.shop.demo. (glue 198.51.100.10)',
				note: { en: 'demo. knows only who serves shop.demo.', 'zh-CN': 'demo. 只知道谁负责 shop.demo.。' }
			},
			{ from: 1, to: 4, code: 'shop.demo. A? RD=0', note: iterative },
			{
				from: 4,
				to: 1,
				code: 'answer: shop.demo. 300 A 203.0.113.10 (AA)',
				note: { en: 'The authoritative answer, with a TTL of 300 seconds.', 'zh-CN': '权威应答，TTL 为 300 秒。' }
			},
			{
				from: 1,
				to: 0,
				code: 'answer: shop.demo. A 203.0.113.10 (RA=1)',
				note: {
					en: 'Cached by the resolver; the next asker gets it at once.',
					'zh-CN': '递归解析器将其缓存；下一个询问者会立刻得到答案。'
				}
			}
		]
	},
	corrections: [
		{
			id: 'root-recursive',
			wrong: {
				en: 'The local resolver sends a recursive query to the root server.',
				'zh-CN': '本地域名服务器向根域名服务器发起递归查询。'
			},
			right: {
				en: 'Its queries to the root, TLD and authoritative servers are iterative (RD=0): each server answers from its own data, usually with a referral to the next zone, and the resolver makes the next query itself. Only the stub’s query to the resolver is recursive (RD=1).',
				'zh-CN': '它向根服务器、顶级域服务器和权威服务器发出的都是迭代查询（RD=0）：每台服务器只根据自己的数据作答，通常是引荐到下一级区域，下一步查询由递归解析器自己发出。只有存根解析器发给递归解析器的查询才是递归查询（RD=1）。'
			},
			why: {
				en: 'Root and TLD servers do not offer recursion at all (their answers have RA=0). RFC 1034 describes the two modes; RFC 9499 defines the terms.',
				'zh-CN': '根服务器和顶级域服务器根本不提供递归服务（它们的应答中 RA=0）。RFC 1034 描述了这两种模式，RFC 9499 给出了术语的定义。'
			},
			sources: [rfc(1034, '4.3.1'), rfc(9499, '6')]
		},
		{
			id: 'root-knows-tree',
			wrong: {
				en: 'Root servers know the structure of the whole DNS tree.',
				'zh-CN': '根域名服务器知道整个 DNS 树的结构。'
			},
			right: {
				en: 'The root zone holds only the delegations of the top-level domains: their NS records, glue addresses and DS records. A root server knows who serves .com and nothing below it; each level knows only its own children.',
				'zh-CN': '根区只包含各顶级域的委派信息：它们的 NS 记录、胶水地址和 DS 记录。根服务器知道谁负责 .com，对更下层一无所知；每一层只知道自己的直接下级。'
			},
			why: {
				en: 'Delegation is the point of the design: each zone is administered separately, and its parent holds only the pointer to it.',
				'zh-CN': '委派正是这个设计的核心：每个区域独立管理，它的父区域只保存指向它的指针。'
			},
			sources: [rfc(1034, '4.2')]
		},
		{
			id: 'dns-udp-only',
			wrong: { en: 'DNS runs over UDP.', 'zh-CN': 'DNS 使用 UDP 协议。' },
			right: {
				en: 'Over UDP and TCP, both on port 53. An answer too large for UDP comes back truncated (TC=1) and the client asks again over TCP; zone transfers use TCP; DoT and DoH run over TCP (DoQ over QUIC). Every implementation must support TCP.',
				'zh-CN': 'DNS 同时使用 UDP 和 TCP，都是 53 端口。应答对 UDP 来说太大时会被截断（TC=1），客户端随后改用 TCP 重新查询；区域传送使用 TCP；DoT 和 DoH 跑在 TCP 上（DoQ 用 QUIC）。所有实现都必须支持 TCP。'
			},
			why: {
				en: 'RFC 7766: “All general-purpose DNS implementations MUST support both UDP and TCP transport.” DNSSEC answers often exceed what fits in a UDP datagram.',
				'zh-CN': 'RFC 7766 规定：所有通用的 DNS 实现都必须（MUST）同时支持 UDP 和 TCP 传输。DNSSEC 应答常常超出一个 UDP 数据报能装下的大小。'
			},
			sources: [rfc(7766, '5')]
		}
	],
	questions: [
		{
			id: 'what',
			q: { en: 'What does DNS do?', 'zh-CN': 'DNS 的作用是什么？' },
			a: {
				en: 'It turns names people can remember into the data machines need: mostly IP addresses (A, AAAA), but also mail servers (MX), aliases (CNAME), service endpoints (SRV, HTTPS), text such as proofs of domain ownership (TXT), and signing keys (DNSKEY). It is a distributed, hierarchical, cached database: no server knows everything, and each zone is managed by its owner.',
				'zh-CN': '它把人容易记住的名字转换成机器需要的数据：主要是 IP 地址（A、AAAA），也包括邮件服务器（MX）、别名（CNAME）、服务器点（SRV、HTTPS 记录）、文本（例如用于证明域名所有权的 TXT）以及签名密钥（DNSKEY）。它是一个分布式、层次化、带缓存的数据库：没有哪台服务器知道全部数据，每个区域由它的所有者管理。'
			}
		},
		{
			id: 'process',
			q: { en: 'Walk through resolving www.example.com.', 'zh-CN': '讲一讲解析 www.example.com 的过程。' },
			a: {
				en: 'The browser checks its cache, then asks the operating system, which checks its own cache and the hosts file. The OS’s stub resolver sends a recursive query (RD=1) to the configured recursive resolver. If the resolver has nothing cached, it sends an iterative query to a root server (from its root hints) and gets a referral to the .com servers (NS records plus glue addresses); it asks one of those and gets a referral to example.com’s name servers; it asks one of those and gets the authoritative answer (AA=1). The resolver caches every step for its TTL and returns the answer to the stub. With DNSSEC it also validates the signatures from the root down.',
				'zh-CN': '浏览器先查自己的缓存，再询问操作系统；操作系统查它的缓存和 hosts 文件。操作系统的存根解析器向配置好的递归解析器发出递归查询（RD=1）。如果递归解析器没有缓存，它根据根提示（root hints）向一台根服务器发出迭代查询，得到指向 .com 服务器的引荐（NS 记录加胶水地址）；再问其中一台 .com 服务器，得到指向 example.com 名称服务器的引荐；最后问其中一台，得到权威应答（AA=1）。递归解析器按 TTL 缓存每一步的结果，并把答案返回给存根解析器。如果启用了 DNSSEC，它还会从根开始逐级验证签名。'
			}
		},
		{
			id: 'recursive-iterative',
			q: {
				en: 'What is the difference between a recursive and an iterative query?',
				'zh-CN': '递归查询和迭代查询有什么区别？'
			},
			a: {
				en: 'A recursive query (RD=1) asks the server for the final answer or an error, doing whatever lookups it takes; stubs send these to recursive resolvers. An iterative query (RD=0) asks the server only for what it knows: the answer if it is authoritative or has it cached, otherwise a referral to servers closer to the answer. Recursive resolvers send iterative queries to root, TLD and authoritative servers, which offer no recursion.',
				'zh-CN': '递归查询（RD=1）要求服务器给出最终答案或错误，中间需要的查询都由它完成；存根解析器发给递归解析器的就是这种查询。迭代查询（RD=0）只要求服务器给出它自己知道的内容：如果它是权威服务器或者有缓存，就给出答案，否则给出离答案更近的服务器的引荐。递归解析器向根、顶级域和权威服务器发出的都是迭代查询，这些服务器本身不提供递归服务。'
			}
		},
		{
			id: 'ttl-caching',
			q: {
				en: 'How does DNS caching work, and why do DNS changes take time to spread?',
				'zh-CN': 'DNS 缓存是如何工作的？为什么修改 DNS 记录后要过一段时间才生效？'
			},
			a: {
				en: 'Every record carries a TTL, the number of seconds it may be cached. Resolvers, operating systems and browsers keep answers until the TTL runs out, and negative answers for the negative TTL from the zone’s SOA. A change on the authoritative server is seen at once by a resolver that has nothing cached, but the others keep the old answer until their copy expires. To prepare a change, lower the TTL ahead of time (at least one old TTL before), make the change, then raise it again.',
				'zh-CN': '每条记录都带有 TTL，即可以被缓存的秒数。递归解析器、操作系统和浏览器会保留应答直到 TTL 耗尽，否定应答则按区域 SOA 中的否定缓存时间保留。权威服务器上的修改，没有缓存的解析器立刻就能看到，其他解析器则要等到手中的副本过期。要准备一次变更，应提前（至少提前一个旧 TTL 的时长）调低 TTL，完成修改后再调回去。'
			}
		},
		{
			id: 'glue',
			q: { en: 'What are glue records?', 'zh-CN': '什么是胶水记录？' },
			a: {
				en: 'Addresses of name servers that the parent zone includes in a referral. They are needed when a zone’s name server lies inside the zone itself (ns1.example.com for example.com): to find ns1.example.com you would have to ask example.com’s servers, which are exactly what you are trying to reach. So the parent (.com) hands out ns1.example.com’s address along with the NS record, in the additional section.',
				'zh-CN': '父区域在引荐中附带的名称服务器地址。当一个区域的名称服务器位于该区域内部时（例如 example.com 的 ns1.example.com）就需要它：要查 ns1.example.com 的地址，就得先问 example.com 的服务器，而这正是你想要联系的服务器。所以父区域（.com）在给出 NS 记录的同时，在附加段中一并给出 ns1.example.com 的地址。'
			}
		},
		{
			id: 'security',
			q: { en: 'How is DNS secured?', 'zh-CN': '如何保障 DNS 的安全？' },
			a: {
				en: 'Two separate problems. Privacy of the query between you and your resolver: DNS over TLS (RFC 7858, port 853), DNS over HTTPS (RFC 8484) or DNS over QUIC (RFC 9250) encrypt it. Authenticity of the data: DNSSEC (RFC 4033–4035) signs records, with a chain of trust from the root key through DS records in each parent, so a validating resolver rejects forged answers such as those of cache-poisoning attacks. Random query IDs and source ports make blind spoofing harder. DNSSEC does not encrypt, and DoH does not authenticate the data itself.',
				'zh-CN': '这是两个不同的问题。查询在你和递归解析器之间的隐私：DNS over TLS（RFC 7858，853 端口）、DNS over HTTPS（RFC 8484）或 DNS over QUIC（RFC 9250）对其加密。数据的真实性：DNSSEC（RFC 4033–4035）为记录签名，从根密钥开始，经过各级父区域中的 DS 记录形成信任链，进行验证的解析器会拒绝伪造的应答（例如缓存投毒攻击中的应答）。随机的查询 ID 和源端口让盲目伪造更困难。DNSSEC 不加密，DoH 也不对数据本身做认证。'
			}
		}
	],
	links: [
		{ href: '/dns', label: { en: 'Open the DNS explorer', 'zh-CN': '打开 DNS 解析探索' } },
		{ href: '/dns/anatomy', label: { en: 'Anatomy of a DoH query', 'zh-CN': 'DoH 查询解剖' } }
	]
};
