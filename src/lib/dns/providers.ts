/** Public DoH resolvers that send CORS headers, so a page can ask them directly (checked 2022; see field notes). */
export interface DohProvider {
	id: string;
	name: string;
	url: string;
}

export const DOH_PROVIDERS: readonly DohProvider[] = [
	{ id: 'cloudflare', name: 'Cloudflare', url: 'https://cloudflare-dns.com/dns-query' },
	{ id: 'google', name: 'Google', url: 'https://dns.google/dns-query' }
];
