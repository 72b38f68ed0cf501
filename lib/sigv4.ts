/**
 * AWS Signature Version 4: `sign` (Authorization header), `presign` (query string), and the building
 * blocks a server needs to verify a signature (`canonicalRequest`, `stringToSign`, `signingKey`, `verify`).
 *
 * Rules (those of botocore and `@smithy/signature-v4` for non-S3 services):
 * - Canonical URI: the path as sent (`url.pathname`, already percent-encoded once) is normalised
 *   (empty and `.` segments dropped, `..` pops) and URI-encoded again, so `/model/a%3A0/invoke`
 *   signs as `/model/a%253A0/invoke`.
 * - Canonical query: pairs split at the first `=`, percent-decoded (`+` is a literal plus; an invalid
 *   escape is kept as written), RFC 3986-encoded, sorted by key then value; `X-Amz-Signature` is skipped.
 * - Headers: every header except hop-by-hop ones (`UNSIGNABLE_HEADERS`, `proxy-*`, `sec-*`) is signed;
 *   names lower-cased, values trimmed with runs of spaces and tabs folded to one space, repeated names
 *   joined with `,`. `host` is signed (from the URL unless the caller gives one) but not returned,
 *   since `fetch` sets it. `x-amz-content-sha256` is only sent when the caller adds it (its value is
 *   then the payload hash).
 * @module
 */
import { AuthenticationError, ValidationError } from './errors.ts';
import { toHex } from './bytes.ts';
import { SYNC_THRESHOLD, hmacKey, hmacSyncWith, sha256, sha256Sync, type HmacKey } from './sha256.ts';
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
/** Signing keys kept (one per key id, day, region and service); the oldest is dropped beyond this. */
export const KEY_CACHE_SIZE = 32;
/** Headers never signed: hop-by-hop or rewritten on the way (the list of `@smithy/signature-v4`). */
export const UNSIGNABLE_HEADERS: ReadonlySet<string> = new Set([
  'authorization', 'cache-control', 'connection', 'expect', 'from', 'keep-alive', 'max-forwards', 'pragma',
  'referer', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'user-agent', 'x-amzn-trace-id',
]);

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

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const BAD_VALUE = /[\0\r\n\u0100-\uffff]/;
const NEEDS_FOLD = /^[ \t]|[ \t]$|[ \t][ \t]|\t/;
const UNRESERVED = /^[A-Za-z0-9\-._~]*$/;
/** Paths that need no normalisation and only `%` encoded: no empty, `.` or `..` segments. */
const PLAIN_PATH = /^(?:\/[A-Za-z0-9\-_~%][A-Za-z0-9\-._~%]*)*\/?$/;
const SUB_DELIMS = /[!'()*]/g;
const hexEscape = (c: string): string => '%' + c.charCodeAt(0).toString(16).toUpperCase();

/** RFC 3986 encoding of every character outside `A-Z a-z 0-9 - . _ ~` (UTF-8, upper-case hex). */
export function uriEncode(s: string): string {
  if (UNRESERVED.test(s)) return s;
  try {
    return encodeURIComponent(s).replace(SUB_DELIMS, hexEscape);
  } catch {
    throw new ValidationError('expected well-formed UTF-16 in a URL component, got a lone surrogate');
  }
}

/** `YYYYMMDD'T'HHMMSS'Z'` of a time. */
export function amzDate(date: Date): string {
  const t = date.getTime();
  if (!Number.isFinite(t)) throw new ValidationError('expected a valid signing date, got an invalid Date');
  const second = Math.floor(t / 1000);
  if (second === lastSecond) return lastStamp;
  const iso = date.toISOString();
  lastStamp = iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 13) + iso.slice(14, 16) + iso.slice(17, 19) + 'Z';
  lastSecond = second;
  return lastStamp;
}
let lastSecond = NaN;
let lastStamp = '';

/** Canonical URI of a path as sent: normalised, then each segment URI-encoded (again). */
export function canonicalUri(path: string): string {
  if (path && PLAIN_PATH.test(path)) return path.includes('%') ? path.replace(/%/g, '%25') : path;
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(uriEncode(segment));
  }
  if (!out.length) return '/';
  return (path.startsWith('/') ? '/' : '') + out.join('/') + (path.endsWith('/') ? '/' : '');
}

const decode = (s: string): string => {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** Query pairs of `search` (`?` optional), percent-decoded, `X-Amz-Signature` left out. */
export function queryPairs(search: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const q = search.startsWith('?') ? search.slice(1) : search;
  if (!q) return out;
  for (const part of q.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = decode(eq < 0 ? part : part.slice(0, eq));
    if (key.toLowerCase() === 'x-amz-signature') continue;
    out.push([key, eq < 0 ? '' : decode(part.slice(eq + 1))]);
  }
  return out;
}

const byKeyThenValue = (a: [string, string], b: [string, string]): number =>
  a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;

/** Encodes and sorts decoded pairs; returns `k=v` strings in canonical order. */
function encodePairs(pairs: Array<[string, string]>): string[] {
  return pairs
    .map(([k, v]): [string, string] => [uriEncode(k), uriEncode(v)])
    .sort(byKeyThenValue)
    .map(([k, v]) => k + '=' + v);
}

/** Canonical query string of `search` (see the module notes). */
export const canonicalQuery = (search: string): string => (search && search !== '?' ? encodePairs(queryPairs(search)).join('&') : '');

/** Canonical header value: trimmed, runs of spaces and tabs folded to one space. */
const canonicalValue = (v: string): string => (NEEDS_FOLD.test(v) ? v.replace(/[ \t]+/g, ' ').replace(/^ | $/g, '') : v);

/**
 * Canonical headers of `[name, value]` pairs (all of which are signed): returns the header block
 * (`name:value\n` lines) and the `;`-joined signed header list.
 */
export function canonicalHeaders(headers: Iterable<readonly [string, string]>): { text: string; signed: string } {
  const list: Array<[string, string]> = [];
  for (const [name, value] of headers) list.push([name.toLowerCase(), canonicalValue(value)]);
  list.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let text = '';
  let signed = '';
  for (let i = 0; i < list.length; i++) {
    const [name, value] = list[i]!;
    if (i > 0 && list[i - 1]![0] === name) {
      text = text.slice(0, -1) + ',' + value + '\n';
      continue;
    }
    text += name + ':' + value + '\n';
    signed += (signed ? ';' : '') + name;
  }
  return { text, signed };
}

/**
 * Canonical request. `url` gives the path and query as sent; `headers` are the signed headers
 * (any case; repeated names allowed); `payloadHash` is the hex SHA-256 of the body or `UNSIGNED-PAYLOAD`.
 */
export function canonicalRequest(
  method: string,
  url: URL | { pathname: string; search: string },
  headers: Iterable<readonly [string, string]>,
  payloadHash: string,
): string {
  return build(method, canonicalUri(url.pathname), canonicalQuery(url.search), headers, payloadHash);
}

function build(method: string, uri: string, query: string, headers: Iterable<readonly [string, string]>, payloadHash: string): string {
  const { text, signed } = canonicalHeaders(headers);
  return `${method}\n${uri}\n${query}\n${text}\n${signed}\n${payloadHash}`;
}

/** Credential scope `date/region/service/aws4_request` (`date` is `YYYYMMDD`). */
export const credentialScope = (date: string, region: string, service: string): string =>
  `${date}/${region}/${service}/${KEY_TYPE}`;

/** String to sign for a canonical request. */
export async function stringToSign(amzDateText: string, scope: string, canonicalRequestText: string): Promise<string> {
  return `${ALGORITHM}\n${amzDateText}\n${scope}\n${await hashText(canonicalRequestText)}`;
}

const deriveKey = (secret: string, date: string, region: string, service: string): Uint8Array => {
  let k = hmacSyncWith(hmacKey('AWS4' + secret), date);
  for (const part of [region, service, KEY_TYPE]) k = hmacSyncWith(hmacKey(k), part);
  return k;
};

/** The derived signing key `HMAC(HMAC(HMAC(HMAC("AWS4"+secret, date), region), service), "aws4_request")`. */
export async function signingKey(secret: string, date: string, region: string, service: string): Promise<Uint8Array> {
  return deriveKey(secret, date, region, service);
}

/** Hex HMAC-SHA-256 of the string to sign with the signing key. */
export async function signature(key: Uint8Array, stringToSignText: string): Promise<string> {
  return toHex(hmacSyncWith(hmacKey(key), stringToSignText));
}

interface CachedKey { check: number; key: HmacKey }

/** 53-bit check value of a secret (cyrb53): tells two secrets apart without keeping either. */
function check(secret: string): number {
  let h1 = 0xdeadbeef, h2 = 0x41c6ce57;
  for (let i = 0; i < secret.length; i++) {
    const c = secret.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
const keyCache = new Map<string, CachedKey>();

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => {
  let d = a.length ^ b.length;
  for (let i = 0; i < a.length && i < b.length; i++) d |= a[i]! ^ b[i]!;
  return d === 0;
};

/**
 * Prepared signing key from a small LRU cache keyed by key id, day, region and service (never by the
 * secret); a 53-bit check value of the secret is kept beside each entry and compared on every hit, so a
 * rotated secret under the same key id derives a new key.
 */
function cachedKey(c: Credentials, date: string, region: string, service: string): HmacKey {
  const sum = check(c.secretAccessKey);
  const id = `${c.accessKeyId}\n${date}\n${region}\n${service}`;
  if (id === lastId && last?.check === sum) return last.key;
  const hit = keyCache.get(id);
  const entry = hit && hit.check === sum ? hit : { check: sum, key: hmacKey(deriveKey(c.secretAccessKey, date, region, service)) };
  keyCache.delete(id);
  keyCache.set(id, entry);
  if (keyCache.size > KEY_CACHE_SIZE) keyCache.delete(keyCache.keys().next().value!);
  lastId = id;
  last = entry;
  return entry.key;
}
let lastId = '';
let last: CachedKey | undefined;

/** Number of cached signing keys (for specs). */
export const keyCacheSize = (): number => keyCache.size;

function checkHeader(name: string, value: string): void {
  if (!TOKEN.test(name)) {
    const what = /[\0\r\n]/.test(name) ? 'CR, LF or NUL' : 'a character outside the HTTP token set';
    throw new ValidationError(`expected a header name without ${what}, got ${JSON.stringify(name.replace(/[\0\r\n]/g, ' '))}`, { field: 'headers' });
  }
  if (BAD_VALUE.test(value)) {
    const what = /[\0\r\n]/.test(value) ? 'CR, LF or NUL' : 'characters above U+00FF';
    throw new ValidationError(`expected the value of header "${name}" without ${what}`, { field: 'headers' });
  }
}

/** Caller headers as validated `[name, value]` pairs, in order. */
function headerPairs(init: HeadersInit | undefined): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (!init) return out;
  if (init instanceof Headers) {
    init.forEach((value, name) => out.push([name, value]));
    return out;
  }
  const entries: Iterable<unknown> = Array.isArray(init) ? init : Object.entries(init);
  for (const entry of entries) {
    if (!Array.isArray(entry) || entry.length !== 2) throw new ValidationError('expected header entries as [name, value] pairs', { field: 'headers' });
    const name = String(entry[0]);
    const value = String(entry[1]);
    checkHeader(name, value);
    out.push([name, value]);
  }
  return out;
}

function checkOptions(o: SignOptions): void {
  const c = o.credentials;
  if (!c || typeof c.accessKeyId !== 'string' || !c.accessKeyId || typeof c.secretAccessKey !== 'string' || !c.secretAccessKey)
    throw new ValidationError('expected credentials with a non-empty accessKeyId and secretAccessKey', { field: 'credentials' });
  if (/[\s/]/.test(c.accessKeyId)) throw new ValidationError('expected an access key id without whitespace or "/"', { field: 'credentials' });
  if (c.sessionToken !== undefined && BAD_VALUE.test(c.sessionToken))
    throw new ValidationError('expected a session token without CR, LF, NUL or characters above U+00FF', { field: 'credentials' });
  for (const field of ['region', 'service'] as const) {
    const v = o[field];
    if (typeof v !== 'string' || !/^[A-Za-z0-9\-_.]+$/.test(v))
      throw new ValidationError(`expected a ${field} of letters, digits, "-", "_" or ".", got ${JSON.stringify(v)}`, { field });
  }
}

const signingTime = (o: SignOptions): Date => {
  const t = (o.date ? o.date.getTime() : Date.now()) + (o.clockOffset ?? 0);
  return new Date(t);
};

/** Payload hash when it can be had synchronously (given, empty or small body), else undefined. */
function payloadHashSync(body: unknown, given: string | undefined): string | undefined {
  if (given !== undefined) return given;
  if (body === undefined || body === null || body === '') return EMPTY_SHA256;
  if (typeof body === 'string' ? body.length * 3 < SYNC_THRESHOLD : body instanceof Uint8Array ? body.length < SYNC_THRESHOLD : false)
    return toHex(sha256Sync(body as string | Uint8Array));
  if (typeof body === 'string' || body instanceof Uint8Array) return undefined;
  throw new ValidationError('expected a string or Uint8Array body; pass payloadHash (e.g. UNSIGNED-PAYLOAD) for other bodies', { field: 'body' });
}

const payloadHashOf = async (body: unknown, given: string | undefined): Promise<string> =>
  payloadHashSync(body, given) ?? toHex(await sha256(body as string | Uint8Array));

/** Hex SHA-256 of a canonical request, synchronously when small. */
const hashText = (text: string): string | Promise<string> =>
  text.length * 3 < SYNC_THRESHOLD ? toHex(sha256Sync(text)) : sha256(text).then(toHex);

/** The last URL string parsed and its parse: a client signs the same endpoint over and over (read-only use). */
let lastUrlText = '';
let lastUrl: URL | undefined;

const toUrl = (u: string | URL): URL => {
  if (u instanceof URL) return u;
  if (u === lastUrlText && lastUrl) return lastUrl;
  try {
    lastUrl = new URL(u);
    lastUrlText = u;
    return lastUrl;
  } catch {
    throw new ValidationError(`expected an absolute URL, got ${JSON.stringify(String(u).slice(0, 200))}`, { field: 'url' });
  }
};

/** The method as `fetch` sends it: the six standard ones upper-cased, any other as given. */
const fetchMethod = (m: string): string => (/^(delete|get|head|options|post|put)$/i.test(m) ? m.toUpperCase() : m);

const trimWs = (v: string): string => v.replace(/^[ \t]+|[ \t]+$/g, '');

/** A repeated header goes out as one `a, b` line (what `Headers` sends), so that is what gets signed. */
function merge(signed: Array<[string, string]>, name: string, value: string): void {
  const at = signed.findIndex((p) => p[0] === name);
  signed[at] = [name, `${trimWs(signed[at]![1])}, ${trimWs(value)}`];
}

/**
 * Sorts caller headers for signing: `skip` drops a name (lower-case); `params`, when given, takes the
 * `x-amz-*` ones (presign); `out` receives every kept header as given. Returns the `host` override, the
 * `x-amz-content-sha256` value and the signed pairs (repeated names merged as `Headers` sends them).
 */
function scan(init: HeadersInit | undefined, skip: (lower: string) => boolean, params?: Array<[string, string]>, out?: Headers) {
  const signed: Array<[string, string]> = [];
  let host: string | undefined;
  let sha: string | undefined;
  for (const [name, value] of headerPairs(init)) {
    const lower = name.toLowerCase();
    if (lower === 'x-amz-content-sha256') sha = value;
    if (skip(lower)) continue;
    out?.append(name, value);
    if (lower === 'host') host = value;
    else if (params && lower.startsWith('x-amz-')) params.push([name, value]);
    else if (UNSIGNABLE_HEADERS.has(lower) || lower.startsWith('proxy-') || lower.startsWith('sec-')) continue;
    else if (signed.some((p) => p[0] === lower)) merge(signed, lower, value);
    else signed.push([lower, value]);
  }
  return { host, sha, signed };
}

/**
 * Signs a request. Resolves to the headers to send: the caller's headers plus `authorization`,
 * `x-amz-date` and, with a session token, `x-amz-security-token` (all three replace caller values).
 * A header name given twice (array `headers`) is sent by `Headers` as one `a, b` value and signed so.
 */
export async function sign(request: SignableRequest, options: SignOptions): Promise<Headers> {
  checkOptions(options);
  const url = toUrl(request.url);
  const c = options.credentials;
  const stamp = amzDate(signingTime(options));
  const day = stamp.slice(0, 8);
  const out = new Headers();
  const { host = url.host, sha, signed } = scan(request.headers, (l) => l === 'authorization' || l === 'x-amz-date' || (l === 'x-amz-security-token' && !!c.sessionToken), undefined, out);
  signed.push(['host', host], ['x-amz-date', stamp]);
  if (c.sessionToken) signed.push(['x-amz-security-token', c.sessionToken]);
  const given = sha ?? options.payloadHash;
  const hash = payloadHashSync(request.body, given) ?? (await payloadHashOf(request.body, given));
  const { text, signed: list } = canonicalHeaders(signed);
  const creq = `${fetchMethod(request.method)}\n${canonicalUri(url.pathname)}\n${canonicalQuery(url.search)}\n${text}\n${list}\n${hash}`;
  const scope = credentialScope(day, options.region, options.service);
  const creqHash = hashText(creq);
  const sts = `${ALGORITHM}\n${stamp}\n${scope}\n${typeof creqHash === 'string' ? creqHash : await creqHash}`;
  const sig = toHex(hmacSyncWith(cachedKey(c, day, options.region, options.service), sts));
  out.set('x-amz-date', stamp);
  if (c.sessionToken) out.set('x-amz-security-token', c.sessionToken);
  out.set('authorization', `${ALGORITHM} Credential=${c.accessKeyId}/${scope}, SignedHeaders=${list}, Signature=${sig}`);
  return out;
}

/** Query parameters `presign` writes (lower-case); caller copies are dropped. */
const PRESIGN_PARAMS: ReadonlySet<string> = new Set(['x-amz-algorithm', 'x-amz-credential', 'x-amz-date', 'x-amz-expires', 'x-amz-signedheaders', 'x-amz-security-token', 'x-amz-signature']);

/**
 * Presigns a request: resolves to its URL with the `X-Amz-*` query parameters (`X-Amz-Security-Token`
 * with a session token). `x-amz-*` headers move into the query, as `@smithy/signature-v4` does; other
 * signable headers (and `host`) are signed as headers and must be sent unchanged. Caller copies of the
 * `X-Amz-*` authentication parameters (query or headers) are replaced. The query comes back in canonical order.
 */
export async function presign(request: SignableRequest, options: PresignOptions): Promise<URL> {
  checkOptions(options);
  const expiresIn = options.expiresIn ?? 900;
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > MAX_PRESIGN_EXPIRES)
    throw new ValidationError(`expected expiresIn to be a whole number of seconds in 1..${MAX_PRESIGN_EXPIRES}, got ${expiresIn}`, { field: 'expiresIn' });
  const url = new URL(toUrl(request.url));
  const c = options.credentials;
  const stamp = amzDate(signingTime(options));
  const scope = credentialScope(stamp.slice(0, 8), options.region, options.service);
  const params = queryPairs(url.search).filter(([k]) => !PRESIGN_PARAMS.has(k.toLowerCase()));
  const { host = url.host, sha, signed } = scan(request.headers, (l) => PRESIGN_PARAMS.has(l) || l === 'authorization', params);
  signed.push(['host', host]);
  if (c.sessionToken) params.push(['X-Amz-Security-Token', c.sessionToken]);
  params.push(
    ['X-Amz-Algorithm', ALGORITHM],
    ['X-Amz-Credential', `${c.accessKeyId}/${scope}`],
    ['X-Amz-Date', stamp],
    ['X-Amz-Expires', String(expiresIn)],
    ['X-Amz-SignedHeaders', canonicalHeaders(signed).signed],
  );
  const query = encodePairs(params);
  const hash = await payloadHashOf(request.body, sha ?? options.payloadHash);
  const creq = build(fetchMethod(request.method), canonicalUri(url.pathname), query.join('&'), signed, hash);
  const sts = await stringToSign(stamp, scope, creq);
  const sig = toHex(hmacSyncWith(cachedKey(c, stamp.slice(0, 8), options.region, options.service), sts));
  query.push('X-Amz-Signature=' + sig);
  url.search = query.sort((a, b) => {
    const ka = a.slice(0, a.indexOf('=')), kb = b.slice(0, b.indexOf('='));
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  }).join('&');
  return url;
}

const AUTH = /^AWS4-HMAC-SHA256 Credential=([^/\s,]+)\/(\d{8})\/([^/\s,]+)\/([^/\s,]+)\/aws4_request, ?SignedHeaders=([a-z0-9\-;!#$%&'*+.^_`|~]+), ?Signature=([0-9a-f]{64})$/;

/** Parses an `Authorization` header; undefined when it is not a well-formed SigV4 header. */
export function parseAuthorization(header: string): Authorization | undefined {
  const m = AUTH.exec(header.trim());
  if (!m) return undefined;
  return { accessKeyId: m[1]!, date: m[2]!, region: m[3]!, service: m[4]!, signedHeaders: m[5]!.split(';'), signature: m[6]! };
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
  const header = request.headers.get('authorization');
  if (!header) throw denied('MissingAuthenticationTokenException', 'missing Authorization header');
  const auth = parseAuthorization(header);
  if (!auth || !auth.signedHeaders.includes('host')) throw denied('IncompleteSignatureException', 'malformed SigV4 Authorization header');
  const stamp = request.headers.get('x-amz-date') ?? '';
  if (!/^\d{8}T\d{6}Z$/.test(stamp) || stamp.slice(0, 8) !== auth.date) throw denied('IncompleteSignatureException', 'missing or inconsistent x-amz-date');
  const at = Date.UTC(+stamp.slice(0, 4), +stamp.slice(4, 6) - 1, +stamp.slice(6, 8), +stamp.slice(9, 11), +stamp.slice(11, 13), +stamp.slice(13, 15));
  const now = (options.now ?? new Date()).getTime();
  if (Math.abs(now - at) > (options.maxSkew ?? 900_000)) throw denied('InvalidSignatureException', `Signature expired: ${stamp} is outside the accepted clock skew`);
  const creds = await options.credentials(auth.accessKeyId);
  if (!creds) throw denied('UnrecognizedClientException', 'The security token included in the request is invalid.');
  const url = toUrl(request.url);
  const headers: Array<[string, string]> = auth.signedHeaders.map((name) => [name, name === 'host' ? request.headers.get('host') ?? url.host : request.headers.get(name) ?? '']);
  const hash = await payloadHashOf(request.body, request.headers.get('x-amz-content-sha256') ?? undefined);
  const creq = canonicalRequest(fetchMethod(request.method), url, headers, hash);
  const sts = await stringToSign(stamp, credentialScope(auth.date, auth.region, auth.service), creq);
  const expected = hmacSyncWith(cachedKey(creds, auth.date, auth.region, auth.service), sts);
  if (!sameBytes(expected, fromHexSafe(auth.signature)))
    throw denied('InvalidSignatureException', 'The request signature we calculated does not match the signature you provided.');
  return auth;
}

const fromHexSafe = (s: string): Uint8Array => {
  const out = new Uint8Array(s.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
};
