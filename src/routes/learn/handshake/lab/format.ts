/** How the TCP lab writes a duration: milliseconds below a second, seconds above (1.05 s, 240 s). */
import { t } from '$lib/i18n/t';

export function formatMs(ms: number): string {
	if (Math.abs(ms) < 1000) return t('lab.tcp.ms', { value: ms });
	return t('lab.tcp.s', { value: String(Math.round(ms) / 1000) });
}
