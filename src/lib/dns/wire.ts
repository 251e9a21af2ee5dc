/**
 * DNS wire format (RFC 1035 section 4, EDNS per RFC 6891): queries are encoded with dns-packet; any message is
 * read back into annotated byte ranges, one section per part of the message, for the hex view.
 */
import dnsPacket from 'dns-packet';
import type { AnnotatedBytes, ByteField, ByteSection } from '$lib/bytes/annotated';
import { toBase64, toHex } from '$lib/bytes/encoding';
import { fail, ok, type Result } from '$lib/errors';
import type { LocalizedText } from '$lib/i18n/locales';
import { escapeLabel, fqdn } from './labels';
import { characterString, DNSSEC_ALGORITHMS, DS_DIGEST_TYPES, ipv6Text, presentRecord, sigTime, SVC_KEYS, svcParam, type RecordData } from './records';
import { className, opcodeName, packetTypeName, rcodeName, typeName } from './types';

export interface QueryOptions {
	/** ASCII name without the trailing dot ('' for the root), as parseQueryName gives it. */
	name: string;
	typeCode: number;
	/** RFC 8484 section 4.1: use 0 over DoH so that equal queries are equal HTTP requests (cacheable). */
	id?: number;
	recursionDesired?: boolean;
	checkingDisabled?: boolean;
	/** An OPT record (RFC 6891); null sends a plain RFC 1035 query. */
	edns?: { udpPayloadSize: number; dnssecOk: boolean } | null;
}

/** 1232 octets: the EDNS buffer size DNS Flag Day 2020 recommends (fits an IPv6 packet without fragments). */
export const DEFAULT_UDP_PAYLOAD = 1232;

export function encodeQuery(options: QueryOptions): Uint8Array {
	const edns = options.edns === undefined ? { udpPayloadSize: DEFAULT_UDP_PAYLOAD, dnssecOk: true } : options.edns;
	let flags = 0;
	if (options.recursionDesired ?? true) flags |= dnsPacket.RECURSION_DESIRED;
	if (options.checkingDisabled) flags |= dnsPacket.CHECKING_DISABLED;
	const packet: dnsPacket.Packet = {
		type: 'query',
		id: options.id ?? 0,
		flags,
		questions: [{ type: packetTypeName(options.typeCode) as dnsPacket.RecordType, name: options.name, class: 'IN' }],
		additionals: edns
			? [
					{
						type: 'OPT',
						name: '.',
						udpPayloadSize: edns.udpPayloadSize,
						extendedRcode: 0,
						ednsVersion: 0,
						flags: edns.dnssecOk ? dnsPacket.DNSSEC_OK : 0,
						flag_do: edns.dnssecOk,
						options: []
					}
				]
			: []
	};
	return new Uint8Array(dnsPacket.encode(packet));
}

export type WireErrorCode = 'truncated' | 'bad-name' | 'trailing-bytes';

export type SectionName = 'answer' | 'authority' | 'additional';

export interface DnsQuestion {
	/** Presentation form with the trailing dot, as on the wire (case kept). */
	name: string;
	type: number;
	class: number;
}

export interface DnsRecord extends RecordData {
	section: SectionName;
	/** Owner name, presentation form with the trailing dot (case kept; compare with sameName). */
	name: string;
	type: number;
	class: number;
	ttl: number;
	rdata: Uint8Array;
	/** Where the record stands in the message, for the hex view. */
	offset: number;
	length: number;
}

export interface DnsMessage {
	id: number;
	flags: { qr: boolean; opcode: number; aa: boolean; tc: boolean; rd: boolean; ra: boolean; ad: boolean; cd: boolean };
	/** The full response code: the header's 4 bits plus EDNS's extended 8 (RFC 6891 section 6.1.3). */
	rcode: number;
	questions: DnsQuestion[];
	answers: DnsRecord[];
	authority: DnsRecord[];
	/** Additional records, without the OPT pseudo-record (that is `edns`). */
	additional: DnsRecord[];
	edns?: { udpPayloadSize: number; version: number; dnssecOk: boolean; options: { code: number; data: Uint8Array }[] };
	size: number;
}

/** Case-insensitive name comparison (RFC 4343), ignoring a trailing dot. */
export function sameName(a: string, b: string): boolean {
	return fqdn(a) === fqdn(b);
}

class WireError extends Error {
	constructor(
		readonly code: WireErrorCode,
		readonly at: number
	) {
		super(code);
	}
}

const FLAG_TEXT: Record<string, { label: LocalizedText; explanation: LocalizedText }> = {
	qr: {
		label: { en: 'QR: query or response', 'zh-CN': 'QR：查询还是响应' },
		explanation: {
			en: '0 in a query, 1 in a response. The same format serves both directions.',
			'zh-CN': '查询为 0，响应为 1。请求和响应使用同一种报文格式。'
		}
	},
	opcode: {
		label: { en: 'OPCODE: kind of query', 'zh-CN': 'OPCODE：操作类型' },
		explanation: {
			en: '0 is a standard query. Others (NOTIFY, UPDATE) are for servers talking to servers.',
			'zh-CN': '0 表示标准查询。其他值（NOTIFY、UPDATE）用于服务器之间的通信。'
		}
	},
	aa: {
		label: { en: 'AA: authoritative answer', 'zh-CN': 'AA：权威应答' },
		explanation: {
			en: 'Set by a server answering for its own zone. A resolver answering from its cache leaves it 0.',
			'zh-CN': '服务器为自己负责的区域作答时置 1；解析器从缓存作答时为 0。'
		}
	},
	tc: {
		label: { en: 'TC: truncated', 'zh-CN': 'TC：被截断' },
		explanation: {
			en: 'The answer did not fit in the UDP size the client offered; the client should ask again over TCP.',
			'zh-CN': '应答超出了客户端声明的 UDP 大小，客户端应改用 TCP 重新查询。'
		}
	},
	rd: {
		label: { en: 'RD: recursion desired', 'zh-CN': 'RD：期望递归' },
		explanation: {
			en: 'The stub asks the resolver to do the whole job and return the final answer. A resolver asking root, TLD and authoritative servers sends RD=0: those queries are iterative.',
			'zh-CN': '存根解析器请求递归解析器完成全部查找并返回最终结果。递归解析器向根、顶级域和权威服务器发出的查询 RD=0，那些是迭代查询。'
		}
	},
	ra: {
		label: { en: 'RA: recursion available', 'zh-CN': 'RA：支持递归' },
		explanation: {
			en: 'Set in responses by a server that offers recursion (a resolver). Root and TLD servers do not.',
			'zh-CN': '提供递归服务的服务器（解析器）在响应中置 1，根和顶级域服务器不提供。'
		}
	},
	z: {
		label: { en: 'Z: reserved', 'zh-CN': 'Z：保留位' },
		explanation: { en: 'Must be 0.', 'zh-CN': '必须为 0。' }
	},
	ad: {
		label: { en: 'AD: authentic data', 'zh-CN': 'AD：数据已验证' },
		explanation: {
			en: 'In a response: the resolver validated the answer with DNSSEC. In a query (RFC 6840): "tell me whether you validated".',
			'zh-CN': '响应中：解析器已用 DNSSEC 验证了应答。查询中（RFC 6840）：请告诉我是否已验证。'
		}
	},
	cd: {
		label: { en: 'CD: checking disabled', 'zh-CN': 'CD：禁用检查' },
		explanation: {
			en: 'Asks the resolver not to validate DNSSEC, so the client can do it itself (and see bogus data).',
			'zh-CN': '请求解析器不做 DNSSEC 验证，由客户端自己验证（也能看到验证失败的数据）。'
		}
	},
	rcode: {
		label: { en: 'RCODE: response code', 'zh-CN': 'RCODE：响应码' },
		explanation: {
			en: '0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN (the name does not exist), 5 REFUSED. Always 0 in a query.',
			'zh-CN': '0 NOERROR，2 SERVFAIL，3 NXDOMAIN（名字不存在），5 REFUSED。查询中总为 0。'
		}
	}
};

const SECTION_NAMES = [
	{ key: 'answer', label: { en: 'Answer', 'zh-CN': '应答' } },
	{ key: 'authority', label: { en: 'Authority', 'zh-CN': '授权' } },
	{ key: 'additional', label: { en: 'Additional', 'zh-CN': '附加' } }
] as const;

/** Reads a whole DNS message into annotated sections. Bad bytes give a typed error, never an exception. */
export function annotateMessage(bytes: Uint8Array): Result<AnnotatedBytes, WireErrorCode> {
	const parsed = parseMessage(bytes);
	return parsed.ok ? ok(parsed.value.annotated) : parsed;
}

/** Decodes a whole DNS message. Bad bytes give a typed error, never an exception. */
export function decodeMessage(bytes: Uint8Array): Result<DnsMessage, WireErrorCode> {
	const parsed = parseMessage(bytes);
	return parsed.ok ? ok(parsed.value.message) : parsed;
}

/** One pass over the bytes gives both the model and its annotations. */
export function parseMessage(bytes: Uint8Array): Result<{ message: DnsMessage; annotated: AnnotatedBytes }, WireErrorCode> {
	try {
		return ok(readMessage(bytes));
	} catch (e) {
		if (!(e instanceof WireError)) throw e;
		const text: Record<WireErrorCode, LocalizedText> = {
			truncated: {
				en: `The message ends too early (at byte ${e.at} of ${bytes.length}).`,
				'zh-CN': `报文提前结束（在第 ${e.at} 字节，共 ${bytes.length} 字节）。`
			},
			'bad-name': {
				en: `A name at byte ${e.at} is malformed (bad label or compression loop).`,
				'zh-CN': `第 ${e.at} 字节处的名字格式错误（标签无效或压缩指针成环）。`
			},
			'trailing-bytes': {
				en: `There are ${bytes.length - e.at} bytes after the last record.`,
				'zh-CN': `最后一条记录之后还有 ${bytes.length - e.at} 个多余字节。`
			}
		};
		return fail(e.code, text[e.code]);
	}
}

function readMessage(bytes: Uint8Array): { message: DnsMessage; annotated: AnnotatedBytes } {
	const r = new Reader(bytes);
	const sections: ByteSection[] = [];
	const id = r.u16();
	const flags = r.u16();
	const counts = [r.u16(), r.u16(), r.u16(), r.u16()] as const;
	const isResponse = (flags & 0x8000) !== 0;
	const flag = (bit: number) => (flags & (1 << (15 - bit))) !== 0;
	const message: DnsMessage = {
		id,
		flags: { qr: flag(0), opcode: (flags >> 11) & 0xf, aa: flag(5), tc: flag(6), rd: flag(7), ra: flag(8), ad: flag(10), cd: flag(11) },
		rcode: flags & 0xf,
		questions: [],
		answers: [],
		authority: [],
		additional: [],
		size: bytes.length
	};
	sections.push({
		id: 'header',
		label: { en: 'Header', 'zh-CN': '报文头' },
		offset: 0,
		length: 12,
		fields: [
			{
				id: 'header.id',
				offset: 0,
				length: 2,
				label: { en: 'ID', 'zh-CN': 'ID（标识）' },
				value: `0x${toHex(bytes.subarray(0, 2))} (${id})`,
				explanation: {
					en: 'Matches a response to its query. Over UDP it should be random, to resist spoofing; over DoH it is 0 (RFC 8484), since HTTPS already binds the response to the request and 0 makes equal queries cacheable.',
					'zh-CN': '用于把响应与查询对应起来。UDP 上应随机选取以防伪造；DoH 中为 0（RFC 8484），因为 HTTPS 已把响应和请求绑定，且 ID 为 0 的相同查询可以被 HTTP 缓存。'
				}
			},
			{
				id: 'header.flags',
				offset: 2,
				length: 2,
				label: { en: 'Flags', 'zh-CN': '标志位' },
				value: `0x${toHex(bytes.subarray(2, 4))}`,
				explanation: {
					en: 'Sixteen bits: QR, OPCODE, AA, TC, RD, RA, Z, AD, CD and RCODE. The next step takes them one by one.',
					'zh-CN': '16 个比特：QR、OPCODE、AA、TC、RD、RA、Z、AD、CD 和 RCODE，下一步逐个讲解。'
				}
			},
			...(['qd', 'an', 'ns', 'ar'] as const).map(
				(key, i): ByteField => ({
					id: `header.${key}count`,
					offset: 4 + 2 * i,
					length: 2,
					label: {
						en: `${key.toUpperCase()}COUNT: ${['questions', 'answer records', 'authority records', 'additional records'][i]}`,
						'zh-CN': `${key.toUpperCase()}COUNT：${['问题数', '应答记录数', '授权记录数', '附加记录数'][i]}`
					},
					value: String(counts[i]),
					explanation: [
						{
							en: 'How many questions follow. Always 1 in practice.',
							'zh-CN': '后面有几个问题。实际中总是 1。'
						},
						{
							en: 'How many records answer the question.',
							'zh-CN': '回答该问题的记录条数。'
						},
						{
							en: 'How many records name the authority: NS records of a referral, or the SOA of a negative answer.',
							'zh-CN': '授权记录条数：引荐（referral）中的 NS 记录，或否定应答中的 SOA。'
						},
						{
							en: 'How many extra records: glue addresses and the EDNS OPT pseudo-record.',
							'zh-CN': '附加记录条数：胶水记录（glue）地址以及 EDNS 的 OPT 伪记录。'
						}
					][i]!
				})
			)
		]
	});
	const bit = (from: number, count: number) => (flags >> (16 - from - count)) & ((1 << count) - 1);
	const flagLayout: [string, number, number][] = [
		['qr', 0, 1],
		['opcode', 1, 4],
		['aa', 5, 1],
		['tc', 6, 1],
		['rd', 7, 1],
		['ra', 8, 1],
		['z', 9, 1],
		['ad', 10, 1],
		['cd', 11, 1],
		['rcode', 12, 4]
	];
	sections.push({
		id: 'flags',
		label: { en: 'Header flags', 'zh-CN': '报文头标志位' },
		offset: 2,
		length: 2,
		fields: flagLayout.map(([key, from, count]) => {
			const v = bit(from, count);
			const value =
				key === 'opcode' ? `${v} (${opcodeName(v)})` : key === 'rcode' ? `${v} (${rcodeName(v)})` : key === 'qr' ? `${v} (${v ? 'response' : 'query'})` : String(v);
			return { id: `flags.${key}`, offset: 2, length: 2, bits: { from, count }, value, ...FLAG_TEXT[key]! };
		})
	});

	for (let q = 0; q < counts[0]; q++) {
		const start = r.pos;
		const name = r.name();
		const type = r.u16();
		const cls = r.u16();
		message.questions.push({ name: name.text, type, class: cls });
		sections.push({
			id: `question${q}`,
			label: { en: 'Question', 'zh-CN': '问题' },
			offset: start,
			length: r.pos - start,
			fields: [
				...nameFields(`question${q}.name`, name, {
					en: 'QNAME: the name asked about, as labels, each preceded by its length, ending with the empty root label (0).',
					'zh-CN': 'QNAME：所查询的名字，由若干标签组成，每个标签前有一个长度字节，以空的根标签（0）结束。'
				}),
				{
					id: `question${q}.type`,
					offset: name.end,
					length: 2,
					label: { en: 'QTYPE', 'zh-CN': 'QTYPE（类型）' },
					value: `${type} (${typeName(type)})`,
					explanation: {
						en: 'Which record type is wanted.',
						'zh-CN': '要查询的记录类型。'
					}
				},
				{
					id: `question${q}.class`,
					offset: name.end + 2,
					length: 2,
					label: { en: 'QCLASS', 'zh-CN': 'QCLASS（类）' },
					value: `${cls} (${className(cls)})`,
					explanation: { en: '1 = IN, the Internet. (CH and HS are historical.)', 'zh-CN': '1 = IN，即互联网。（CH 和 HS 是历史遗留。）' }
				}
			]
		});
	}

	SECTION_NAMES.forEach((sectionName, si) => {
		for (let i = 0; i < counts[si + 1]!; i++) {
			const { section, record, opt } = readRecord(r, sectionName.key, i, sectionName.label, isResponse);
			sections.push(section);
			if (record) message[sectionName.key === 'answer' ? 'answers' : sectionName.key].push(record);
			if (opt) {
				message.edns = opt;
				message.rcode |= opt.extendedRcode << 4;
			}
		}
	});
	if (r.pos !== bytes.length) throw new WireError('trailing-bytes', r.pos);
	return { message, annotated: { bytes, sections } };
}

interface ReadRecord {
	section: ByteSection;
	record?: DnsRecord;
	opt?: NonNullable<DnsMessage['edns']> & { extendedRcode: number };
}

function readRecord(r: Reader, sectionKey: SectionName, index: number, sectionLabel: LocalizedText, isResponse: boolean): ReadRecord {
	const id = `${sectionKey}${index}`;
	const start = r.pos;
	const name = r.name();
	const type = r.u16();
	const cls = r.u16();
	const ttlAt = r.pos;
	const ttl = r.u32();
	const rdlength = r.u16();
	const rdataAt = r.pos;
	r.skip(rdlength);
	if (type === 41) {
		const section = optSection(r.bytes, id, start, name.end, cls, ttlAt, ttl, rdataAt, rdlength, isResponse);
		const options: { code: number; data: Uint8Array }[] = [];
		for (let at = rdataAt; at + 4 <= rdataAt + rdlength; ) {
			const len = (r.bytes[at + 2]! << 8) | r.bytes[at + 3]!;
			options.push({ code: (r.bytes[at]! << 8) | r.bytes[at + 1]!, data: r.bytes.slice(at + 4, at + 4 + len) });
			at += 4 + len;
		}
		return {
			section,
			opt: { udpPayloadSize: cls, version: (ttl >>> 16) & 0xff, dnssecOk: ((ttl >>> 15) & 1) === 1, options, extendedRcode: ttl >>> 24 }
		};
	}
	const rdata = r.bytes.slice(rdataAt, rdataAt + rdlength);
	const data = presentRecord(r.bytes, start, r.pos - start, type, rdata);
	const fields: ByteField[] = [
		...nameFields(`${id}.name`, name, { en: 'The owner name of this record.', 'zh-CN': '这条记录的所有者名字。' }),
		{
			id: `${id}.type`,
			offset: name.end,
			length: 2,
			label: { en: 'TYPE', 'zh-CN': 'TYPE（类型）' },
			value: `${type} (${typeName(type)})`,
			explanation: { en: 'The record type.', 'zh-CN': '记录类型。' }
		},
		{
			id: `${id}.class`,
			offset: name.end + 2,
			length: 2,
			label: { en: 'CLASS', 'zh-CN': 'CLASS（类）' },
			value: `${cls} (${className(cls)})`,
			explanation: { en: '1 = IN, the Internet.', 'zh-CN': '1 = IN，即互联网。' }
		},
		{
			id: `${id}.ttl`,
			offset: ttlAt,
			length: 4,
			label: { en: 'TTL', 'zh-CN': 'TTL（生存时间）' },
			value: `${ttl} s`,
			explanation: {
				en: 'How many seconds a resolver may cache this record. A cached answer counts down from here.',
				'zh-CN': '解析器可缓存这条记录的秒数。缓存中的应答从这个值开始倒数。'
			}
		},
		{
			id: `${id}.rdlength`,
			offset: ttlAt + 4,
			length: 2,
			label: { en: 'RDLENGTH', 'zh-CN': 'RDLENGTH（数据长度）' },
			value: String(rdlength),
			explanation: { en: 'Length of the record data that follows, in bytes.', 'zh-CN': '后面记录数据的字节数。' }
		}
	];
	if (rdlength > 0)
		fields.push({
			id: `${id}.rdata`,
			offset: rdataAt,
			length: rdlength,
			label: { en: 'RDATA', 'zh-CN': 'RDATA（记录数据）' },
			value: data.text,
			explanation: { en: 'The record data; its layout depends on the type.', 'zh-CN': '记录数据，格式取决于记录类型。' }
		});
	fields.push(...rdataFields(r.bytes, id, type, rdataAt, rdlength));
	return {
		section: {
			id,
			label: { en: `${sectionLabel.en}: ${typeName(type)} record`, 'zh-CN': `${sectionLabel['zh-CN']}：${typeName(type)} 记录` },
			offset: start,
			length: r.pos - start,
			fields
		},
		record: { section: sectionKey, name: name.text, type, class: cls, ttl, rdata, offset: start, length: r.pos - start, ...data }
	};
}

function optSection(
	bytes: Uint8Array,
	id: string,
	start: number,
	nameEnd: number,
	udpSize: number,
	ttlAt: number,
	ttl: number,
	rdataAt: number,
	rdlength: number,
	isResponse: boolean
): ByteSection {
	const dnssecOk = (ttl >>> 15) & 1;
	const fields: ByteField[] = [
		{
			id: `${id}.name`,
			offset: start,
			length: nameEnd - start,
			label: { en: 'NAME: root', 'zh-CN': 'NAME：根' },
			value: '.',
			explanation: {
				en: 'OPT is a pseudo-record (RFC 6891): it describes the message, not a name, so its name is the root.',
				'zh-CN': 'OPT 是伪记录（RFC 6891）：它描述报文本身而非某个名字，所以名字为根。'
			}
		},
		{
			id: `${id}.type`,
			offset: nameEnd,
			length: 2,
			label: { en: 'TYPE: OPT', 'zh-CN': 'TYPE：OPT' },
			value: '41 (OPT)',
			explanation: { en: 'Type 41 marks the EDNS record.', 'zh-CN': '类型 41 表示 EDNS 记录。' }
		},
		{
			id: `${id}.udpsize`,
			offset: nameEnd + 2,
			length: 2,
			label: { en: 'UDP payload size', 'zh-CN': 'UDP 负载大小' },
			value: `${udpSize} bytes`,
			explanation: {
				en: isResponse
					? 'The largest UDP response the server can accept.'
					: 'The CLASS field, reused: the largest UDP response this client can take. Plain DNS stops at 512 bytes; 1232 avoids IP fragmentation (DNS Flag Day 2020).',
				'zh-CN': isResponse
					? '服务器能接收的最大 UDP 报文。'
					: '借用 CLASS 字段：客户端能接收的最大 UDP 应答。原始 DNS 限制为 512 字节；1232 可避免 IP 分片（DNS Flag Day 2020）。'
			}
		},
		{
			id: `${id}.extrcode`,
			offset: ttlAt,
			length: 1,
			label: { en: 'Extended RCODE', 'zh-CN': '扩展 RCODE' },
			value: String(ttl >>> 24),
			explanation: {
				en: 'The upper 8 bits of a 12-bit response code (the header holds the lower 4).',
				'zh-CN': '12 位响应码的高 8 位（低 4 位在报文头中）。'
			}
		},
		{
			id: `${id}.version`,
			offset: ttlAt + 1,
			length: 1,
			label: { en: 'EDNS version', 'zh-CN': 'EDNS 版本' },
			value: String((ttl >>> 16) & 0xff),
			explanation: { en: 'Always 0 so far.', 'zh-CN': '目前始终为 0。' }
		},
		{
			id: `${id}.do`,
			offset: ttlAt + 2,
			length: 2,
			bits: { from: 0, count: 1 },
			label: { en: 'DO: DNSSEC OK', 'zh-CN': 'DO：接受 DNSSEC' },
			value: dnssecOk ? '1 (set)' : '0',
			explanation: {
				en: 'Asks for DNSSEC records (RRSIG, NSEC…) with the answer, so the client can check signatures.',
				'zh-CN': '请求在应答中附带 DNSSEC 记录（RRSIG、NSEC 等），以便客户端验证签名。'
			}
		},
		{
			id: `${id}.z`,
			offset: ttlAt + 2,
			length: 2,
			bits: { from: 1, count: 15 },
			label: { en: 'Z: reserved', 'zh-CN': 'Z：保留位' },
			value: String(ttl & 0x7fff),
			explanation: { en: 'Must be 0.', 'zh-CN': '必须为 0。' }
		},
		{
			id: `${id}.rdlength`,
			offset: ttlAt + 4,
			length: 2,
			label: { en: 'RDLENGTH: options', 'zh-CN': 'RDLENGTH：选项长度' },
			value: String(rdlength),
			explanation: {
				en: 'Bytes of EDNS options that follow (cookies, padding, client subnet…). None here.',
				'zh-CN': '后面 EDNS 选项的字节数（Cookie、填充、客户端子网等）。'
			}
		}
	];
	for (let at = rdataAt, i = 0; at < rdataAt + rdlength; i++) {
		if (at + 4 > rdataAt + rdlength) throw new WireError('truncated', at);
		const code = (bytes[at]! << 8) | bytes[at + 1]!;
		const len = (bytes[at + 2]! << 8) | bytes[at + 3]!;
		if (at + 4 + len > rdataAt + rdlength) throw new WireError('truncated', at);
		const optionName = ({ 8: 'Client Subnet', 10: 'Cookie', 12: 'Padding', 15: 'Extended Error' } as Record<number, string>)[code] ?? `option ${code}`;
		fields.push({
			id: `${id}.option${i}`,
			offset: at,
			length: 4 + len,
			label: { en: `EDNS option: ${optionName}`, 'zh-CN': `EDNS 选项：${optionName}` },
			value: `code ${code}, ${len} bytes`,
			explanation: { en: 'An EDNS option: code, length, data.', 'zh-CN': 'EDNS 选项：代码、长度、数据。' }
		});
		at += 4 + len;
	}
	return {
		id,
		label: { en: 'EDNS (OPT record)', 'zh-CN': 'EDNS（OPT 记录）' },
		offset: start,
		length: rdataAt + rdlength - start,
		fields
	};
}

const TEXT = (en: string, zh: string): LocalizedText => ({ en, 'zh-CN': zh });

/**
 * The fields inside the record data of the common types (RFC 1035 section 3.3, RFC 3596, RFC 2782 and the type
 * RFCs). A layout that does not fit the data gives no fields: the whole RDATA field above still shows it.
 */
function rdataFields(bytes: Uint8Array, id: string, type: number, at: number, length: number): ByteField[] {
	const end = at + length;
	const u16 = (o: number) => (bytes[o]! << 8) | bytes[o + 1]!;
	const field = (key: string, offset: number, len: number, label: LocalizedText, value: string, explanation: LocalizedText): ByteField => ({
		id: `${id}.rdata.${key}`,
		offset,
		length: len,
		label,
		value,
		explanation
	});
	const nameAt = (key: string, offset: number, label: LocalizedText, explanation: LocalizedText): ByteField[] | undefined => {
		const reader = new Reader(bytes);
		reader.pos = offset;
		try {
			const name = reader.name();
			if (name.end > end) return undefined;
			return [field(key, offset, name.end - offset, label, name.text, explanation)];
		} catch {
			return undefined;
		}
	};
	try {
		switch (typeName(type)) {
			case 'A':
			case 'AAAA': {
				if (length !== (type === 1 ? 4 : 16)) return [];
				return [
					field('address', at, length, TEXT('Address', '地址'), presentRecordAddress(bytes.subarray(at, end)), TEXT(
						type === 1 ? 'Four bytes, one per number of the dotted address.' : 'Sixteen bytes, eight groups of two.',
						type === 1 ? '四个字节，对应点分地址的四个数。' : '十六个字节，分为八组，每组两个字节。'
					))
				];
			}
			case 'NS':
			case 'CNAME':
			case 'PTR':
			case 'DNAME':
				return nameAt('target', at, TEXT('Target name', '目标名字'), TEXT('A domain name, possibly compressed with a pointer.', '一个域名，可能用指针压缩。')) ?? [];
			case 'MX': {
				const exchange = nameAt('exchange', at + 2, TEXT('Exchange', '邮件服务器'), TEXT('The mail server’s name.', '邮件服务器的名字。'));
				if (!exchange || length < 3) return [];
				return [field('preference', at, 2, TEXT('Preference', '优先级'), String(u16(at)), TEXT('Lower is tried first.', '数值越小越先尝试。')), ...exchange];
			}
			case 'SOA': {
				const mname = nameAt('mname', at, TEXT('MNAME: primary server', 'MNAME：主服务器'), TEXT('The zone’s primary name server.', '区域的主名称服务器。'));
				if (!mname) return [];
				const rAt = at + mname[0]!.length;
				const rname = nameAt('rname', rAt, TEXT('RNAME: contact', 'RNAME：联系人'), TEXT('The administrator’s mailbox, with the first dot standing for @.', '管理员邮箱，第一个点代表 @。'));
				if (!rname) return [];
				let o = rAt + rname[0]!.length;
				if (o + 20 !== end) return [];
				const numbers: [string, LocalizedText, LocalizedText][] = [
					['serial', TEXT('SERIAL', 'SERIAL（序列号）'), TEXT('The zone’s version; secondaries copy it when it grows.', '区域的版本号；增大时辅助服务器会同步。')],
					['refresh', TEXT('REFRESH', 'REFRESH（刷新间隔）'), TEXT('How often secondaries check for a new serial (s).', '辅助服务器检查新版本的间隔（秒）。')],
					['retry', TEXT('RETRY', 'RETRY（重试间隔）'), TEXT('How soon they retry a failed check (s).', '检查失败后多久重试（秒）。')],
					['expire', TEXT('EXPIRE', 'EXPIRE（过期时间）'), TEXT('When they stop answering without contact (s).', '多久联系不上主服务器就停止应答（秒）。')],
					['minimum', TEXT('MINIMUM: negative TTL', 'MINIMUM：否定缓存 TTL'), TEXT('How long a “does not exist” may be cached (RFC 2308).', '“不存在”的应答可被缓存多久（RFC 2308）。')]
				];
				const out = [...mname, ...rname];
				for (const [key, label, explanation] of numbers) {
					out.push(field(key, o, 4, label, String(u16(o) * 0x10000 + u16(o + 2)), explanation));
					o += 4;
				}
				return out;
			}
			case 'TXT': {
				const out: ByteField[] = [];
				for (let o = at, i = 0; o < end; i++) {
					const len = bytes[o]!;
					if (o + 1 + len > end) return [];
					out.push(
						field(`string${i}`, o, 1 + len, TEXT(`String ${i + 1}`, `字符串 ${i + 1}`), characterString(bytes.subarray(o + 1, o + 1 + len)), TEXT(
							'One length byte, then up to 255 bytes of text. A record may hold several.',
							'一个长度字节，随后最多 255 字节文本。一条记录可以包含多个字符串。'
						))
					);
					o += 1 + len;
				}
				return out;
			}
			case 'CAA': {
				// RFC 8659 section 4.1: flags, tag length, tag, value (the rest).
				const tagLength = bytes[at + 1]!;
				if (length < 2 + tagLength || tagLength === 0) return [];
				const flags = bytes[at]!;
				const tag = characterString(bytes.subarray(at + 2, at + 2 + tagLength));
				return [
					{
						...field('flags', at, 1, TEXT('Flags', '标志'), String(flags), TEXT(
							'Bit 0 (128) is “issuer critical”: a CA that does not understand this tag must not issue.',
							'第 0 位（128）是“颁发者关键”：不理解这个标签的 CA 不得签发证书。'
						)),
						bits: { from: 0, count: 1 }
					},
					field('tagLength', at + 1, 1, TEXT('Tag length', '标签长度'), String(tagLength), TEXT('How many bytes the tag has.', '标签的字节数。')),
					field('tag', at + 2, tagLength, TEXT('Tag', '标签'), tag, TEXT(
						'issue: who may issue certificates for this name; issuewild: wildcard certificates; iodef: where to report.',
						'issue：谁可以为这个名字签发证书；issuewild：通配符证书；iodef：违规报告发往何处。'
					)),
					field('value', at + 2 + tagLength, length - 2 - tagLength, TEXT('Value', '值'), characterString(bytes.subarray(at + 2 + tagLength, end)), TEXT(
						'For issue: the CA’s domain name (an empty value means no CA may issue).',
						'对于 issue：CA 的域名（值为空表示任何 CA 都不得签发）。'
					))
				];
			}
			case 'DS': {
				// RFC 4034 section 5.1.
				if (length < 5) return [];
				return [
					field('keyTag', at, 2, TEXT('Key tag', '密钥标签'), String(u16(at)), TEXT('A short checksum that names the child’s DNSKEY this DS stands for (RFC 4034 appendix B).', '一个简短的校验值，指明这条 DS 对应子区域的哪个 DNSKEY（RFC 4034 附录 B）。')),
					field('algorithm', at + 2, 1, TEXT('Algorithm', '算法'), algorithmText(bytes[at + 2]!), TEXT('The signing algorithm of that key.', '该密钥的签名算法。')),
					field('digestType', at + 3, 1, TEXT('Digest type', '摘要类型'), `${bytes[at + 3]} ${DS_DIGEST_TYPES[bytes[at + 3]!] ?? ''}`.trim(), TEXT('The hash used for the digest (SHA-1 is legacy).', '计算摘要所用的哈希（SHA-1 已过时）。')),
					field('digest', at + 4, length - 4, TEXT('Digest', '摘要'), toHex(bytes.subarray(at + 4, end)).toUpperCase(), TEXT(
						'The hash of the child’s owner name and DNSKEY: the parent vouches for that key, which links the chain of trust.',
						'子区域所有者名与 DNSKEY 的哈希：父区域以此为该密钥担保，把信任链连接起来。'
					))
				];
			}
			case 'DNSKEY': {
				// RFC 4034 section 2.1.
				if (length < 5) return [];
				const flags = u16(at);
				const role = flags & 0x0001 ? TEXT('KSK (SEP bit set)', 'KSK（设置了 SEP 位）') : TEXT('ZSK', 'ZSK');
				return [
					field('flags', at, 2, TEXT('Flags', '标志'), `${flags}`, TEXT(
						`Bit 7 (256) marks a zone key; bit 15 (1), the secure entry point, marks a key-signing key. This one: ${role.en}.`,
						`第 7 位（256）表示区域密钥；第 15 位（1）即安全入口点，表示密钥签名密钥。这个是：${role['zh-CN']}。`
					)),
					field('protocol', at + 2, 1, TEXT('Protocol', '协议'), String(bytes[at + 2]), TEXT('Always 3 for DNSSEC.', 'DNSSEC 中始终为 3。')),
					field('algorithm', at + 3, 1, TEXT('Algorithm', '算法'), algorithmText(bytes[at + 3]!), TEXT('How this key signs.', '这个密钥的签名算法。')),
					field('publicKey', at + 4, length - 4, TEXT('Public key', '公钥'), toBase64(bytes.subarray(at + 4, end)), TEXT('The public key itself, in the algorithm’s own format.', '公钥本身，格式由算法决定。'))
				];
			}
			case 'RRSIG': {
				// RFC 4034 section 3.1; the signer's name is never compressed.
				if (length < 19) return [];
				const u32 = (o: number) => u16(o) * 0x10000 + u16(o + 2);
				const signer = nameAt('signer', at + 18, TEXT('Signer’s name', '签名者名字'), TEXT('The zone whose key made this signature.', '做出这个签名的密钥所属的区域。'));
				if (!signer) return [];
				const sigAt = at + 18 + signer[0]!.length;
				return [
					field('typeCovered', at, 2, TEXT('Type covered', '所签类型'), typeName(u16(at)), TEXT('The record set this signature covers.', '这个签名覆盖的记录集类型。')),
					field('algorithm', at + 2, 1, TEXT('Algorithm', '算法'), algorithmText(bytes[at + 2]!), TEXT('The signing algorithm.', '签名算法。')),
					field('labels', at + 3, 1, TEXT('Labels', '标签数'), String(bytes[at + 3]), TEXT('Labels of the owner name without a wildcard: fewer than the name has means a wildcard answered.', '所有者名（不含通配符）的标签数：比名字实际的少，说明是通配符应答。')),
					field('originalTtl', at + 4, 4, TEXT('Original TTL', '原始 TTL'), String(u32(at + 4)), TEXT('The TTL as signed; caches count down their copy, the signature keeps this one.', '签名时的 TTL；缓存中的 TTL 会递减，签名里保留的是这个。')),
					field('expiration', at + 8, 4, TEXT('Expiration', '失效时间'), sigTime(u32(at + 8)), TEXT('After this time (UTC) the signature is no longer valid.', '此时间（UTC）之后签名失效。')),
					field('inception', at + 12, 4, TEXT('Inception', '生效时间'), sigTime(u32(at + 12)), TEXT('Before this time (UTC) it is not yet valid.', '此时间（UTC）之前签名尚未生效。')),
					field('keyTag', at + 16, 2, TEXT('Key tag', '密钥标签'), String(u16(at + 16)), TEXT('Which DNSKEY of the signer made it.', '签名者的哪个 DNSKEY 做出了这个签名。')),
					...signer,
					field('signature', sigAt, end - sigAt, TEXT('Signature', '签名'), toBase64(bytes.subarray(sigAt, end)), TEXT('The signature over this RRSIG’s fields and the record set in canonical form.', '对本 RRSIG 各字段与规范形式的记录集所做的签名。'))
				];
			}
			case 'HTTPS': {
				// RFC 9460 section 2.2: priority, target name (uncompressed), then key/length/value parameters.
				const target = nameAt('target', at + 2, TEXT('Target name', '目标名字'), TEXT('Where the service is; “.” means this same name.', '服务所在的名字；“.”表示就是这个名字本身。'));
				if (!target || length < 3) return [];
				const priority = u16(at);
				const out = [
					field('priority', at, 2, TEXT('SvcPriority', 'SvcPriority（优先级）'), String(priority), TEXT(
						priority === 0 ? '0 is AliasMode: the target is an alias, there are no parameters.' : 'ServiceMode: lower values are preferred.',
						priority === 0 ? '0 表示别名模式：目标是别名，没有参数。' : '服务模式：数值越小越优先。'
					)),
					...target
				];
				for (let o = at + 2 + target[0]!.length, i = 0; o < end; i++) {
					if (o + 4 > end) return [];
					const key = u16(o);
					const len = u16(o + 2);
					if (o + 4 + len > end) return [];
					out.push(field(`param${i}`, o, 4 + len, TEXT(`Parameter ${SVC_KEYS[key] ?? `key${key}`}`, `参数 ${SVC_KEYS[key] ?? `key${key}`}`), svcParam(key, bytes.subarray(o + 4, o + 4 + len)), TEXT(
						'Two bytes of key, two of length, then the value: e.g. alpn lists the protocols (h2, h3), ipv4hint/ipv6hint addresses to try.',
						'两字节键、两字节长度，然后是值：例如 alpn 列出支持的协议（h2、h3），ipv4hint/ipv6hint 给出可先尝试的地址。'
					)));
					o += 4 + len;
				}
				return out;
			}
			default:
				return [];
		}
	} catch {
		return [];
	}
}

function algorithmText(code: number): string {
	return `${code} ${DNSSEC_ALGORITHMS[code] ?? ''}`.trim();
}

function presentRecordAddress(address: Uint8Array): string {
	return address.length === 4 ? Array.from(address).join('.') : ipv6Text(address);
}

interface ReadName {
	text: string;
	labels: { offset: number; length: number; text: string }[];
	/** Where a compression pointer stood, if the name ended in one. */
	pointer?: { offset: number; target: number };
	/** First byte after the name in the message. */
	end: number;
	start: number;
}

function nameFields(id: string, name: ReadName, whole: LocalizedText): ByteField[] {
	const fields: ByteField[] = [
		{
			id,
			offset: name.start,
			length: name.end - name.start,
			label: { en: 'Name', 'zh-CN': '名字' },
			value: name.text,
			explanation: whole
		}
	];
	name.labels.forEach((l, i) =>
		fields.push({
			id: `${id}.label${i}`,
			offset: l.offset,
			length: l.length,
			label: l.length === 1 ? { en: 'Root label', 'zh-CN': '根标签' } : { en: `Label “${l.text}”`, 'zh-CN': `标签“${l.text}”` },
			value: l.length === 1 ? '0' : `${l.length - 1}, "${l.text}"`,
			explanation:
				l.length === 1
					? { en: 'A zero length: the empty root label ends the name.', 'zh-CN': '长度为 0：空的根标签，名字到此结束。' }
					: {
							en: `One length byte (${l.length - 1}) then ${l.length - 1} bytes of text. Labels carry no dots on the wire.`,
							'zh-CN': `一个长度字节（${l.length - 1}），随后是 ${l.length - 1} 字节文本。线路上的标签之间没有点。`
						}
		})
	);
	if (name.pointer)
		fields.push({
			id: `${id}.pointer`,
			offset: name.pointer.offset,
			length: 2,
			label: { en: 'Compression pointer', 'zh-CN': '压缩指针' },
			value: `→ byte ${name.pointer.target}`,
			explanation: {
				en: 'Two bytes starting with bits 11: the rest of the name is found at that earlier offset (RFC 1035 section 4.1.4).',
				'zh-CN': '以比特 11 开头的两个字节：名字的其余部分在前面该偏移处（RFC 1035 第 4.1.4 节）。'
			}
		});
	return fields;
}

class Reader {
	pos = 0;
	constructor(readonly bytes: Uint8Array) {}
	need(n: number) {
		if (this.pos + n > this.bytes.length) throw new WireError('truncated', this.pos);
	}
	u8() {
		this.need(1);
		return this.bytes[this.pos++]!;
	}
	u16() {
		this.need(2);
		const v = (this.bytes[this.pos]! << 8) | this.bytes[this.pos + 1]!;
		this.pos += 2;
		return v;
	}
	u32() {
		return this.u16() * 0x10000 + this.u16();
	}
	skip(n: number) {
		this.need(n);
		this.pos += n;
	}
	/** A name at the current position; follows compression pointers backwards only (no loops). */
	name(): ReadName {
		const start = this.pos;
		const labels: ReadName['labels'] = [];
		const text: string[] = [];
		let at = this.pos;
		let end = -1;
		let pointer: ReadName['pointer'];
		let wireLength = 0;
		for (;;) {
			if (at >= this.bytes.length) throw new WireError('truncated', at);
			const len = this.bytes[at]!;
			if ((len & 0xc0) === 0xc0) {
				if (at + 1 >= this.bytes.length) throw new WireError('truncated', at);
				const target = ((len & 0x3f) << 8) | this.bytes[at + 1]!;
				// A pointer must point backwards; that alone rules out loops.
				if (target >= at) throw new WireError('bad-name', at);
				if (end < 0) {
					end = at + 2;
					pointer = { offset: at, target };
				}
				at = target;
				continue;
			}
			if (len & 0xc0) throw new WireError('bad-name', at);
			if (at + 1 + len > this.bytes.length) throw new WireError('truncated', at);
			wireLength += len + 1;
			if (wireLength > 255) throw new WireError('bad-name', at);
			const labelText = len ? escapeLabel(this.bytes.subarray(at + 1, at + 1 + len)) : '';
			if (end < 0) labels.push({ offset: at, length: len + 1, text: labelText });
			if (len === 0) {
				if (end < 0) end = at + 1;
				break;
			}
			text.push(labelText);
			at += len + 1;
		}
		this.pos = end;
		return { text: text.length ? text.join('.') + '.' : '.', labels, pointer, end, start };
	}
}
