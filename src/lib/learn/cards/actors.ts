/** The parties of the sequence diagrams, named once for every card that draws one. */
import type { LocalizedText } from '$lib/i18n/locales';

export const CLIENT: LocalizedText = { en: 'Client', 'zh-CN': '客户端' };
export const BROWSER: LocalizedText = { en: 'Browser', 'zh-CN': '浏览器' };
export const SERVER: LocalizedText = { en: 'Server', 'zh-CN': '服务器' };
