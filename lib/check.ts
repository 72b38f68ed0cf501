/**
 * Character rules shared by the modules that check input: config, headers, credentials and URLs. Imports nothing,
 * so both the core and the modules it loads on demand (the signer, the credential chain) use it without pulling
 * each other in.
 * @module
 */

/** CR, LF or NUL: never allowed in a config string, credential, header, URL or model id. */
export const CONTROL: RegExp = /[\r\n\0]/;
/** The end of messages about `CONTROL` characters. */
export const NO_CONTROL = ' must not contain CR, LF or NUL';
/** Runs of C0 control characters and DEL, replaced by a space where a message quotes text from outside. */
export const CONTROL_RUNS: RegExp = /[\0-\x1f\x7f]+/g;
/** What a header value or session token may not hold (what `Headers` rejects, except that it drops a leading or trailing CR or LF). */
export const NOT_LATIN1: RegExp = /[\0\r\n\u0100-\uffff]/;
/** An HTTP token (RFC 9110): a header name or a method. */
export const HTTP_TOKEN: RegExp = /^[!#$%&'*+\-.^_`|~\w]+$/;

/** True for `localhost`, 127.0.0.0/8 and `[::1]` (a URL's `hostname`). */
export function isLoopback(hostname: string): boolean {
  return /^(localhost|\[::1\]|127(\.\d{1,3}){3})$/.test(hostname);
}

/** Region pattern (commercial, GovCloud, ISO partitions): `us-east-1`, `us-gov-west-1`, `us-isob-east-1`. */
export const REGION_PATTERN: RegExp = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d+$/;

/** The message of a thrown value, whatever was thrown. */
export const why = (e: unknown): string => (e as Error)?.message ?? String(e);
/** `a`/`an` and `word`. */
export const article = (word: string): string => `a${/^[aeiou]/i.test(word) ? 'n' : ''} ${word}`;
/** The kind of a value, for a message that must not show it: `null`, `an array`, `a number`, … */
export const kind = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'an array' : article(typeof v));
/** The type or class of a value, for a message that must not show it: `string`, `null`, `ArrayBuffer`, `an object`. */
export const typeName = (v: unknown): string => (v && typeof v === 'object' ? ((v as object).constructor?.name ?? 'an object') : v === null ? 'null' : typeof v);
