/**
 * Every lab's strings, for the checks that must see all keys (tests, types). The app never imports this file: each
 * lab page imports its own module, so a page's first load carries only its own strings.
 */
import { httpsLabMessages } from './https';
import { lbLabMessages } from './lb';
import { osiLabMessages } from './osi';
import { perfLabMessages } from './perf';
import { socketsLabMessages } from './sockets';
import { tcpLabMessages } from './tcp';
import { websocketLabMessages } from './websocket';

export const LAB_MESSAGES = [httpsLabMessages, lbLabMessages, osiLabMessages, perfLabMessages, socketsLabMessages, tcpLabMessages, websocketLabMessages];

/** The keys of every lab (distributed over the modules: a plain keyof of the union would keep only shared keys). */
type KeysOf<M> = M extends { en: infer E } ? keyof E : never;
export type LabMessageKey = KeysOf<(typeof LAB_MESSAGES)[number]>;
