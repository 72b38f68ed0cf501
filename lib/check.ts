/**
 * Character rules shared by the modules that check input: config, headers, credentials and URLs. Imports nothing,
 * so both the core and the modules it loads on demand (the signer, the credential chain) use it without pulling
 * each other in.
 * @module
 */

/** CR, LF or NUL: never allowed in a config string, credential, header, URL or model id. */
export const CONTROL: RegExp = /[\r\n\0]/;
/** What a header value or session token may not hold (what `Headers` rejects, except that it drops a leading or trailing CR or LF). */
export const NOT_LATIN1: RegExp = /[\0\r\n\u0100-\uffff]/;
/** An HTTP token (RFC 9110): a header name or a method. */
export const HTTP_TOKEN: RegExp = /^[!#$%&'*+\-.^_`|~\w]+$/;

/** True for `localhost`, 127.0.0.0/8 and `[::1]` (a URL's `hostname`). */
export function isLoopback(hostname: string): boolean {
  return /^(localhost|\[::1\]|127(\.\d{1,3}){3})$/.test(hostname);
}
