/**
 * Everything the DNS explorer needs once a walk starts, in one module the page loads after it is up: the walk,
 * the transports, the wire decoder (dns-packet and its Buffer), the trace tools and the chain-of-trust ladder. Keeping these out of the
 * first load keeps the form quick to appear on a phone.
 */
export { walk } from './walk';
export { prepareSource } from './sources';
export { annotateMessage } from './wire';
export { digCommand, digTraceCommand, recordTrace, restoreEvent, timingSummary, traceFileName, traceToJson } from './trace-record';
export { chainLadder, hopSecurity } from '$lib/dnssec/ladder';
