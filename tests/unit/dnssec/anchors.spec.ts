import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toHex } from '$lib/bytes/encoding';
import { parseTrustAnchors, ROOT_ANCHORS } from '$lib/dnssec/anchors';
import { dsDigest, keyTag } from '$lib/dnssec/keys';
import { nameFromText, nameToText, ROOT } from '$lib/dnssec/names';
import { parseDs, recordFromMessage, TYPE } from '$lib/dnssec/records';
import { validateZoneKeys } from '$lib/dnssec/validate';
import { decodeMessage } from '$lib/dns/wire';
import { at, crypto, records } from './helpers';

// The root KSKs as the root zone publishes them (Debian dns-root-data, /usr/share/dns/root.key, copied from IANA).
const ROOT_KEYS = `
. IN DNSKEY 257 3 8 AwEAAaz/tAm8yTn4Mfeh5eyI96WSVexTBAvkMgJzkKTOiW1vkIbzxeF3+/4RgWOq7HrxRixHlFlExOLAJr5emLvN7SWXgnLh4+B5xQlNVz8Og8kvArMtNROxVQuCaSnIDdD5LKyWbRd2n9WGe2R8PzgCmr3EgVLrjyBxWezF0jLHwVN8efS3rCj/EWgvIWgb9tarpVUDK/b58Da+sqqls3eNbuv7pr+eoZG+SrDK6nWeL3c6H5Apxz7LjVc1uTIdsIXxuOLYA4/ilBmSVIzuDWfdRUfhHdY6+cn8HFRm+2hM8AnXGXws9555KrUB5qihylGa8subX2Nn6UwNR1AkUTV74bU=
. IN DNSKEY 257 3 8 AwEAAa96jeuknZlaeSrvyAJj6ZHv28hhOKkx3rLGXVaC6rXTsDc449/cidltpkyGwCJNnOAlFNKF2jBosZBU5eeHspaQWOmOElZsjICMQMC3aeHbGiShvZsx4wMYSjH8e7Vrhbu6irwCzVBApESjbUdpWWmEnhathWu1jo+siFUiRAAxm9qyJNg/wOZqqzL/dL/q8PkcRU5oUKEpUge71M3ej2/7CPqpdVwuMoTvoB+ZOT4YeGyxMvHmbrxlFzGOHOijtzN+u1TQNatX2XBuzZNQ1K+s2CXkPIZo7s6JgZyvaBevYtxPvYLw4z9mR7K2vaF18UYH9Z9GNUUeayffKC73PYc=
`;

describe('root trust anchors', () => {
	it('are KSK-2017 (20326) and KSK-2024 (38696), each the SHA-256 digest of the root key with that tag', async () => {
		const keys = records(ROOT_KEYS);
		expect(keys.map((k) => keyTag(k.rdata))).toEqual([20326, 38696]);
		expect(ROOT_ANCHORS.map((a) => parseDs(a.rdata)!.keyTag)).toEqual([20326, 38696]);
		for (const [i, anchor] of ROOT_ANCHORS.entries()) {
			const ds = parseDs(anchor.rdata)!;
			expect([anchor.type, nameToText(anchor.owner), ds.algorithm, ds.digestType]).toEqual([TYPE.DS, '.', 8, 2]);
			expect(toHex((await dsDigest(crypto, ROOT, keys[i]!.rdata, 2))!)).toBe(toHex(ds.digest));
		}
	});

	// dns-root-data is installed by scripts/setup.js, so this never skips (a skipped test fails `npm test`).
	it("equal the operating system's copy (dns-root-data)", () => {
		const system = records(readFileSync('/usr/share/dns/root.ds', 'utf8'));
		expect(system.map((r) => toHex(r.rdata))).toEqual(ROOT_ANCHORS.map((r) => toHex(r.rdata)));
	});

	it('a configured anchor may be a DNSKEY: the lab zone is then secure from that key alone', async () => {
		const zone = readFileSync(join(import.meta.dirname, 'fixtures', 'ldns-ecdsap256-nsec3.zone'), 'utf8');
		const all = records(zone);
		const apex = nameFromText('wirewalk.example.')!;
		const dnskeys = all.filter((r) => r.type === TYPE.DNSKEY);
		const ksk = dnskeys.find((k) => k.rdata[1]! & 1)!;
		const anchorText = `wirewalk.example. 3600 IN DNSKEY ${'257 3 13'} ${Buffer.from(ksk.rdata.subarray(4)).toString('base64')}`;
		const anchors = parseTrustAnchors(anchorText);
		expect(anchors.ok).toBe(true);
		const verdict = await validateZoneKeys(apex, anchors.ok ? anchors.value : [], dnskeys, all.filter((r) => r.type === TYPE.RRSIG), at('2030-01-01T00:00:00Z'));
		expect(verdict.security).toBe('secure');
		expect(verdict.checks.find((c) => c.kind === 'anchor-key')?.passed).toBe(true);
	});

	it('a file with anything but DS or DNSKEY is refused, in both languages', () => {
		const bad = parseTrustAnchors('. IN A 192.0.2.1');
		expect(bad.ok).toBe(false);
		if (!bad.ok) expect(bad.error.message['zh-CN']).toContain('信任锚');
		expect(parseTrustAnchors('. IN DS 20326 8 2 zz').ok).toBe(false);
	});

	it('no anchor at all is indeterminate, not insecure', async () => {
		expect((await validateZoneKeys(ROOT, [], records(ROOT_KEYS), [], at('2030-01-01T00:00:00Z'))).security).toBe('indeterminate');
	});
});

describe('records from a real message', () => {
	it('reads compressed owner and RDATA names out in full (RFC 3597 section 4 types only)', () => {
		// Header, question www.Example.com A, answer: owner -> pointer to the question, CNAME -> "web" + pointer to "Example.com".
		const bytes = new Uint8Array([
			0, 0, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0,
			3, 0x77, 0x77, 0x77, 7, 0x45, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 3, 0x63, 0x6f, 0x6d, 0, 0, 1, 0, 1,
			0xc0, 12, 0, 5, 0, 1, 0, 0, 0x0e, 0x10, 0, 6, 3, 0x77, 0x65, 0x62, 0xc0, 16
		]);
		const message = decodeMessage(bytes);
		expect(message.ok).toBe(true);
		if (!message.ok) return;
		const rr = recordFromMessage(bytes, message.value.answers[0]!)!;
		expect(nameToText(rr.owner)).toBe('www.Example.com.');
		expect(nameToText(rr.rdata)).toBe('web.Example.com.');
		expect([rr.type, rr.class, rr.ttl]).toEqual([5, 1, 3600]);
	});
});
