/**
 * AWS Signature Version 4: `sign` (Authorization header), `presign` (query string), and the pieces a server
 * needs to check a signature (`canonicalRequest`, `stringToSign`, `signingKey`, `signature`, `verify`).
 *
 * Rules (those of botocore and `@smithy/signature-v4` for non-S3 services):
 * - Canonical URI: the path as sent (`url.pathname`, already percent-encoded once) is normalised
 *   (empty and `.` segments dropped, `..` pops) and URI-encoded again, so `/model/a%3A0/invoke`
 *   signs as `/model/a%253A0/invoke`.
 * - Canonical query: pairs split at the first `=`, percent-decoded (`+` is a literal plus; an invalid
 *   escape is kept as written), RFC 3986-encoded, sorted by key then value; `X-Amz-Signature` is skipped.
 * - Headers: every header except hop-by-hop ones (`UNSIGNABLE`) is signed; names lower-cased, values
 *   trimmed with runs of spaces and tabs folded to one space, repeated names joined with `,`. `host` is
 *   signed (from the URL unless the caller gives one) but not returned, since `fetch` sets it.
 *   `x-amz-content-sha256` is only sent when the caller adds it (its value is then the payload hash).
 * @module
 */
import { AuthenticationError, ValidationError } from './errors.ts';
import { toHex } from './bytes.ts';
import { HTTP_TOKEN, NOT_LATIN1 } from './check.ts';
import { hmac, hmacHex, hmacKey, sha256Hex, sha256Sync, type HmacKey } from './sha256.ts';
import type { Credentials, SignableRequest } from './types.ts';

/** The SigV4 algorithm name. */
export const ALGORITHM = 'AWS4-HMAC-SHA256';
/** Last element of the credential scope. */
export const KEY_TYPE = 'aws4_request';
/** SHA-256 of the empty string: the payload hash of a request without a body. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
/** Payload hash placeholder for bodies that are not signed. */
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
/** Longest `presign` lifetime SigV4 allows (seconds). */
export const MAX_PRESIGN_EXPIRES = 604800;
/** Signing keys kept (one per key id, day, region and service); the least recently used is dropped beyond this. */
export const KEY_CACHE_SIZE = 32;

/** Options of `sign`. */
export interface SignOptions {
  region: string;
  /** Signing name: `bedrock` for Bedrock runtime. */
  service: string;
  credentials: Credentials;
  /** Signing time (default now). */
  date?: Date;
  /** Milliseconds added to the signing time (clock-skew correction). */
  clockOffset?: number;
  /** Payload hash to sign instead of hashing the body (e.g. `UNSIGNED-PAYLOAD`). */
  payloadHash?: string;
}

/** Options of `presign`: `expiresIn` seconds, 1..604800, default 900. */
export interface PresignOptions extends SignOptions { expiresIn?: number }

/** A parsed `Authorization` header. */
export interface Authorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

type Pairs = Array<[string, string]>;

/** Headers never signed: hop-by-hop or rewritten on the way (the list of `@smithy/signature-v4`, `proxy-*`, `sec-*`). */
const UNSIGNABLE = /^(authorization|cache-control|connection|expect|from|keep-alive|max-forwards|pragma|referer|te|trailer|transfer-encoding|upgrade|user-agent|x-amzn-trace-id|(proxy|sec)-.*)$/;
/** Query parameters `presign` writes; caller copies (query or headers, any case) are dropped. */
const PRESIGN_PARAM = /^x-amz-(algorithm|credential|date|expires|signedheaders|security-token|signature)$/i;
const LATIN1 = 'Latin-1 without CR, LF or NUL';

function invalid(field: string, message: string): never {
  throw new ValidationError('expected ' + message, { field });
}

/** RFC 3986 encoding of every character outside `A-Z a-z 0-9 - . _ ~` (UTF-8, upper-case hex). */
export function uriEncode(s: string): string {
  try {
    return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  } catch {
    return invalid('url', 'well-formed UTF-16 in the URL, got a lone surrogate');
  }
}

/** The last second stamped and its text: `toISOString` costs microseconds and a client signs many requests a second. */
let lastStamp: [number, string] = [NaN, ''];

/** `YYYYMMDD'T'HHMMSS'Z'` of a time. */
export function amzDate(date: Date | number): string {
  const second = Math.floor(+date / 1000);
  if (!(Math.abs(second) <= 8.64e12)) invalid('date', `a valid signing date, got ${+date} ms`);
  if (second !== lastStamp[0]) lastStamp = [second, new Date(second * 1000).toISOString().replace(/[-:]|\.\d+/g, '')];
  return lastStamp[1];
}

/** Canonical URI of a path as sent: normalised, then each segment URI-encoded (again). */
export function canonicalUri(path: string): string {
  // Without empty, `.` or `..` segments only `%` needs encoding.
  if (/^(\/[\w\-~%][\w\-.~%]*)+\/?$/.test(path)) return path.replace(/%/g, '%25');
  const out: string[] = [];
  for (const s of path.split('/')) s === '..' ? out.pop() : s && s !== '.' && out.push(uriEncode(s));
  return out.length ? (path[0] === '/' ? '/' : '') + out.join('/') + (path.endsWith('/') ? '/' : '') : '/';
}

const decode = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** Query pairs of `search` (`?` optional), percent-decoded, `X-Amz-Signature` left out. */
export function queryPairs(search: string): Pairs {
  const out: Pairs = [];
  for (const part of search.replace(/^\?/, '').split('&')) {
    const [k, v = ''] = part.split(/=([^]*)/, 2).map(decode) as [string, string?];
    if (part && !/^x-amz-signature$/i.test(k)) out.push([k, v]);
  }
  return out;
}

/** Encodes pairs and sorts them by key, then value (a space sorts below every encoded character); returns the query string. */
const encodePairs = (pairs: Pairs): string =>
  pairs.map(([k, v]) => uriEncode(k) + ' ' + uriEncode(v)).sort().join('&').replace(/ /g, '=');

/** Canonical query string of `search` (see the module notes). */
export const canonicalQuery = (search: string): string => (search && search !== '?' ? encodePairs(queryPairs(search)) : '');

/**
 * Canonical headers of `[name, value]` pairs (all of which are signed): returns the header block
 * (`name:value\n` lines) and the `;`-joined signed header list.
 */
export function canonicalHeaders(headers: Iterable<readonly [string, string]>): { text: string; signed: string } {
  const m = new Map<string, string>();
  for (const [name, value] of headers) {
    const l = name.toLowerCase();
    m.set(l, (m.has(l) ? m.get(l) + ',' : '') + fold(value));
  }
  return sorted(m);
}

/** A header value trimmed, runs of spaces and tabs folded to one space. */
const fold = (v: string): string => (/^[ \t]|[ \t]$|[ \t]{2}|\t/.test(v) ? v.replace(/[ \t]+/g, ' ').replace(/^ | $/g, '') : v);

/** `canonicalHeaders` of distinct lower-case names and their values (the last one folded here). */
function sorted(m: Map<string, string>): { text: string; signed: string } {
  const names = [...m.keys()].sort();
  let text = '';
  for (const n of names) text += n + ':' + fold(m.get(n)!) + '\n';
  return { text, signed: names.join(';') };
}

/**
 * Canonical request. `url` gives the path and query as sent; `headers` are the signed headers
 * (any case; repeated names allowed); `payloadHash` is the hex SHA-256 of the body or `UNSIGNED-PAYLOAD`.
 * The six standard methods are upper-cased, as `fetch` sends them.
 */
export const canonicalRequest = (
  method: string,
  url: URL | { pathname: string; search: string },
  headers: Iterable<readonly [string, string]>,
  payloadHash: string,
): string => build(method, url.pathname, canonicalQuery(url.search), canonicalHeaders(headers), payloadHash);

const build = (method: string, path: string, query: string, h: { text: string; signed: string }, hash: string): string =>
  `${/^(delete|get|head|options|post|put)$/i.test(method) ? method.toUpperCase() : method}\n${canonicalUri(path)}\n${query}\n${h.text}\n${h.signed}\n${hash}`;

/** Credential scope `date/region/service/aws4_request` (`date` is `YYYYMMDD`). */
export const credentialScope = (date: string, region: string, service: string): string =>
  `${date}/${region}/${service}/${KEY_TYPE}`;

/** String to sign for a canonical request. */
export const stringToSign = async (amzDateText: string, scope: string, canonicalRequestText: string): Promise<string> =>
  `${ALGORITHM}\n${amzDateText}\n${scope}\n${await sha256Hex(canonicalRequestText)}`;

const derive = (secret: string, ...scope: string[]): Uint8Array =>
  [...scope, KEY_TYPE].reduce<Uint8Array | string>((k, part) => hmac(hmacKey(k), part), 'AWS4' + secret) as Uint8Array;

/** The derived signing key `HMAC(HMAC(HMAC(HMAC("AWS4"+secret, date), region), service), "aws4_request")`. */
export const signingKey = async (secret: string, date: string, region: string, service: string): Promise<Uint8Array> =>
  derive(secret, date, region, service);

/** Hex HMAC-SHA-256 of the string to sign with the signing key. */
export const signature = async (key: Uint8Array, stringToSignText: string): Promise<string> => hmacHex(hmacKey(key), stringToSignText);

/** Prepared signing keys by key id, scope and the SHA-256 of the secret, least recently used first. */
const keys = new Map<string, HmacKey>();
/**
 * The last lookup: the secret (a reference to the caller's own string, compared, never used as a key), its
 * SHA-256 (hex), the key id, the scope and the key — a client signs alike over and over.
 */
let last: [string, string, string, string, HmacKey] | undefined;

/**
 * Prepared signing key from the cache, which is keyed by key id, scope and the SHA-256 of the secret, never by
 * the secret: a rotated secret derives a new key. Beyond `KEY_CACHE_SIZE` keys the least recently used is dropped.
 */
function cachedKey(c: Credentials, scope: string): HmacKey {
  const secret = c.secretAccessKey;
  if (last && last[0] === secret && last[2] === c.accessKeyId && last[3] === scope) return last[4];
  const digest = last?.[0] === secret ? last[1] : toHex(sha256Sync(secret));
  const id = `${c.accessKeyId}/${scope}/${digest}`;
  let key = keys.get(id);
  if (key) keys.delete(id);
  else key = hmacKey(derive(secret, ...scope.split('/', 3)));
  keys.set(id, key);
  if (keys.size > KEY_CACHE_SIZE) keys.delete(keys.keys().next().value!);
  last = [secret, digest, c.accessKeyId, scope, key];
  return key;
}

/** Number of cached signing keys (for specs). */
export const keyCacheSize = (): number => keys.size;

/** The last URL string parsed and its parse: a client signs the same endpoint over and over (read-only use). */
let lastUrl: [string | URL, URL] | undefined;

const toUrl = (u: string | URL): URL => {
  try {
    return u instanceof URL ? u : u === lastUrl?.[0] ? lastUrl[1] : (lastUrl = [u, new URL(u)])[1];
  } catch {
    return invalid('url', `an absolute URL, got ${JSON.stringify(String(u).slice(0, 200))}`);
  }
};

/**
 * What `sign` and `presign` share: checks the options and headers, sorts the headers and signs. `query` (presign)
 * receives the `x-amz-*` headers and the `X-Amz-*` parameters, the signature last. Resolves to the headers to
 * send (sign: the caller's with `authorization`, `x-amz-date` and `x-amz-security-token` replaced).
 */
async function signWith(r: SignableRequest, o: PresignOptions, url = toUrl(r.url), query?: Pairs): Promise<Headers> {
  const c = o.credentials;
  const token = c?.sessionToken;
  if (typeof c?.secretAccessKey !== 'string' || !c.secretAccessKey || typeof c.accessKeyId !== 'string' || !/^[^\s/]+$/.test(c.accessKeyId) || NOT_LATIN1.test(token ?? ''))
    invalid('credentials', `credentials with a secretAccessKey, an accessKeyId without whitespace or "/" and a sessionToken in ${LATIN1}`);
  if (typeof r.method !== 'string' || !HTTP_TOKEN.test(r.method)) invalid('method', `an HTTP method token, got ${JSON.stringify(String(r.method).slice(0, 40))}`);
  for (const f of ['region', 'service'] as const) if (!/^[\w\-.]+$/.test(o[f]) || typeof o[f] !== 'string') invalid(f, `a ${f} of [A-Za-z0-9_.-], got ${JSON.stringify(o[f])}`);
  const time = amzDate((o.date ? +o.date : Date.now()) + (o.clockOffset ?? 0));
  const day = time.slice(0, 8);
  const scope = credentialScope(day, o.region, o.service);
  const signed = new Map([['host', url.host]]);
  let sha = o.payloadHash;
  const out = new Headers();
  const init = r.headers;
  for (const e of Array.isArray(init) || init instanceof Headers ? init : Object.entries(init ?? {})) {
    const [name, value] = e;
    // Checked here: workerd's `Headers` lets some through, and the others drop a leading or trailing CR or LF.
    if (!Array.isArray(e) || e.length !== 2 || !HTTP_TOKEN.test(name) || NOT_LATIN1.test(value))
      invalid('headers', `[name, value] headers, names of token characters, values in ${LATIN1}`);
    const l = name.toLowerCase();
    if (l === 'x-amz-content-sha256') sha = value;
    if (query ? PRESIGN_PARAM.test(l) : /^(authorization|x-amz-date)$/.test(l) || (token && l === 'x-amz-security-token')) continue;
    out.append(name, value);
    if (query && l.startsWith('x-amz-')) query.push([name, value]);
    // A repeated name goes out as one `a, b` line, so that is what gets signed.
    else if (!UNSIGNABLE.test(l)) signed.set(l, signed.has(l) ? out.get(l)! : value);
  }
  if (!query) signed.set('x-amz-date', time);
  if (!query && token) signed.set('x-amz-security-token', token);
  const h = sorted(signed);
  const credential = c.accessKeyId + '/' + scope;
  if (query) {
    if (token) query.push(['X-Amz-Security-Token', token]);
    query.push(['X-Amz-Algorithm', ALGORITHM], ['X-Amz-Credential', credential], ['X-Amz-Date', time], ['X-Amz-Expires', '' + (o.expiresIn ?? 900)], ['X-Amz-SignedHeaders', h.signed]);
  }
  const body = r.body ?? '';
  if (!sha && typeof body !== 'string' && !(body instanceof Uint8Array)) invalid('body', 'a string or Uint8Array body, or a payloadHash');
  // Hashes are strings unless a large body or request is hashed by `crypto.subtle`: no await (a microtask) then.
  let hash = sha ?? sha256Hex(body);
  const creq = build(r.method, url.pathname, query ? encodePairs(query) : canonicalQuery(url.search), h, typeof hash === 'string' ? hash : await hash);
  hash = sha256Hex(creq);
  const sig = hmacHex(cachedKey(c, scope), `${ALGORITHM}\n${time}\n${scope}\n${typeof hash === 'string' ? hash : await hash}`);
  query?.push(['X-Amz-Signature', sig]);
  out.append('x-amz-date', time);
  if (token) out.append('x-amz-security-token', token);
  out.append('authorization', `${ALGORITHM} Credential=${credential}, SignedHeaders=${h.signed}, Signature=${sig}`);
  return out;
}

/**
 * Signs a request. Resolves to the headers to send: the caller's headers plus `authorization`,
 * `x-amz-date` and, with a session token, `x-amz-security-token` (all three replace caller values).
 * A header name given twice (array `headers`) is sent by `Headers` as one `a, b` value and signed so.
 */
export const sign = (request: SignableRequest, options: SignOptions): Promise<Headers> => signWith(request, options);

/**
 * Presigns a request: resolves to its URL with the `X-Amz-*` query parameters (`X-Amz-Security-Token`
 * with a session token). `x-amz-*` headers move into the query, as `@smithy/signature-v4` does; other
 * signable headers (and `host`) are signed as headers and must be sent unchanged. Caller copies of the
 * `X-Amz-*` authentication parameters (query or headers) are replaced. The query comes back in canonical order.
 */
export async function presign(request: SignableRequest, options: PresignOptions): Promise<URL> {
  const e = options.expiresIn ?? 900;
  if (!(Number.isInteger(e) && e >= 1 && e <= MAX_PRESIGN_EXPIRES)) invalid('expiresIn', `expiresIn of 1..${MAX_PRESIGN_EXPIRES} whole seconds, got ${e}`);
  const url = new URL(toUrl(request.url));
  const query = queryPairs(url.search).filter(([k]) => !PRESIGN_PARAM.test(k));
  await signWith(request, options, url, query);
  url.search = encodePairs(query);
  return url;
}

const AUTH = /^AWS4-HMAC-SHA256 Credential=([^/\s,]+)\/(\d{8})\/([^/\s,]+)\/([^/\s,]+)\/aws4_request, ?SignedHeaders=([a-z0-9\-;!#$%&'*+.^_`|~]+), ?Signature=([0-9a-f]{64})$/;

/** Parses an `Authorization` header; undefined when it is not a well-formed SigV4 header. */
export function parseAuthorization(header: string): Authorization | undefined {
  const m = AUTH.exec(header.trim());
  return m ? { accessKeyId: m[1]!, date: m[2]!, region: m[3]!, service: m[4]!, signedHeaders: m[5]!.split(';'), signature: m[6]! } : undefined;
}

/** Options of `verify`. */
export interface VerifyOptions {
  /** Returns the credentials of an access key id, or undefined when the key is unknown. */
  credentials: (accessKeyId: string) => Credentials | undefined | Promise<Credentials | undefined>;
  /** Verification time (default now). */
  now?: Date;
  /** Largest accepted difference between `x-amz-date` and `now` (ms, default 15 minutes, as AWS). */
  maxSkew?: number;
}

const denied = (code: string, detail: string): AuthenticationError => new AuthenticationError(detail, { code, status: 403 });

/**
 * Verifies a header-signed request (for servers and emulators). Resolves to the parsed authorization;
 * rejects with `AuthenticationError` (`code` as Bedrock names it, `status` 403) otherwise.
 */
export async function verify(
  request: { method: string; url: string | URL; headers: Headers; body?: string | Uint8Array | null },
  options: VerifyOptions,
): Promise<Authorization> {
  const get = (name: string): string | null => request.headers.get(name);
  const header = get('authorization');
  if (!header) throw denied('MissingAuthenticationTokenException', 'missing Authorization header');
  const auth = parseAuthorization(header);
  if (!auth?.signedHeaders.includes('host')) throw denied('IncompleteSignatureException', 'malformed SigV4 Authorization header');
  const stamp = get('x-amz-date') ?? '';
  const t = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/.exec(stamp)?.slice(1).map(Number);
  if (!t || stamp.slice(0, 8) !== auth.date) throw denied('IncompleteSignatureException', 'missing or inconsistent x-amz-date');
  if (Math.abs(+(options.now ?? new Date()) - Date.UTC(t[0]!, t[1]! - 1, t[2], t[3], t[4], t[5])) > (options.maxSkew ?? 900_000))
    throw denied('InvalidSignatureException', `Signature expired: ${stamp} is outside the accepted clock skew`);
  const creds = await options.credentials(auth.accessKeyId);
  if (!creds) throw denied('UnrecognizedClientException', 'The security token included in the request is invalid.');
  const url = toUrl(request.url);
  const headers = auth.signedHeaders.map((n): [string, string] => [n, get(n) ?? (n === 'host' ? url.host : '')]);
  const body = request.body;
  const hash = get('x-amz-content-sha256') ?? (body ? await sha256Hex(body) : EMPTY_SHA256);
  const scope = credentialScope(auth.date, auth.region, auth.service);
  const sts = await stringToSign(stamp, scope, canonicalRequest(request.method, url, headers, hash));
  const expected = hmacHex(cachedKey(creds, scope), sts);
  let diff = 0;
  for (let i = 0; i < 64; i++) diff |= expected.charCodeAt(i) ^ auth.signature.charCodeAt(i);
  if (diff) throw denied('InvalidSignatureException', 'The request signature we calculated does not match the signature you provided.');
  return auth;
}
