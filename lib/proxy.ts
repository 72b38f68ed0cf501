/**
 * Signing proxy for browser apps: a fetch handler that holds AWS credentials on the server, checks each
 * browser request (authorize, model allow-list, body size, maxTokens cap, CORS origin) and forwards it to
 * bedrock-runtime signed with SigV4, streaming the answer back as it arrives. It serves the same
 * `/model/{id}/{action}` paths as Bedrock, so a `BedrockProvider` with `endpoint` set to the proxy works
 * unchanged. When Bedrock rejects the signature as expired or not yet current (the server clock is off), the
 * proxy corrects its clock offset from the response `Date` and retries once.
 * Runs on `Deno.serve`, `Bun.serve`, a Worker's `fetch`, and Node through `serve()`.
 * @module
 */
import type { CredentialProvider, Credentials } from './types.ts';
import { sign } from './sigv4.ts';
import { redactSecrets, ValidationError } from './errors.ts';
import { short, validateCredentials } from './memoize.ts';
import { checkBaseUrl, regionalEndpoint, SIGNING_SERVICE } from './transport.ts';
import { REGION_PATTERN } from './check.ts';

/** `createProxy` settings. */
export interface ProxyOptions {
  /** Region of the Bedrock endpoint requests are signed for. */
  region: string;
  /** Server-side AWS credentials, or a provider (called per request: pass a memoized one). */
  credentials: Credentials | CredentialProvider;
  /** Decides whether a request may pass (true) or gets 401. Absent: every request gets 401. */
  authorize?: (request: Request) => boolean | Promise<boolean>;
  /** Upstream base URL instead of `https://bedrock-runtime.{region}.amazonaws.com` (emulator, VPC endpoint); https, or http on loopback. */
  endpoint?: string;
  /** Fetch used for upstream calls (default: global `fetch`). */
  fetch?: (request: Request) => Promise<Response>;
  /** Allowed model ids (exact) or a predicate; others get 403. Absent: every model. */
  models?: string[] | ((model: string) => boolean);
  /** Cap on generated tokens: a larger (or missing) limit in the body is lowered to the cap. */
  maxTokens?: number;
  /** Largest accepted request body in bytes (default 1 MiB); larger bodies get 413 unread. */
  maxBodyBytes?: number;
  /**
   * Origins allowed to call cross-origin, each exactly `scheme://host[:port]` as browsers send it
   * (`https://app.example.com`, `chrome-extension://<id>`, `tauri://localhost`; `['*']` allows any); others,
   * preflights included, get 403 and no CORS headers.
   */
  origins?: string[];
}

/** A fetch handler, usable as is by the Deno and Bun `serve` functions and as a Worker's default export. */
export interface SigningProxy { fetch: (request: Request) => Promise<Response> }

/** Default `maxBodyBytes`. */
export const MAX_BODY_BYTES: number = 1 << 20;
const ROUTE = /\/model\/([^/]+)\/(invoke|invoke-with-response-stream|converse|converse-stream|count-tokens)$/;
/** Request headers forwarded upstream; everything else (authorization, cookies, x-amz-*, hop-by-hop) is dropped. */
const FORWARD = /^(content-type|accept|x-amzn-bedrock-[a-z0-9-]+)$/;
/** Response headers passed back (no content-length/encoding: the body is re-streamed). */
const RETURN = /^(content-type|x-amzn-requestid|x-amzn-errortype|x-amzn-bedrock-[a-z0-9-]+|retry-after)$/;
/** Bedrock's answers to a request signed with a clock too far off. */
const SKEW = /RequestTimeTooSkewed|Signature expired|Signature not yet current/;
const EXPOSE = 'x-amzn-requestid, x-amzn-errortype, x-amzn-bedrock-input-token-count, x-amzn-bedrock-output-token-count, x-amzn-bedrock-invocation-latency';

/**
 * Creates the proxy handler. Throws a ValidationError naming the option (`field`) when an option has the
 * wrong type or value. The handler never rejects: its own failures are 500/502 answers without details.
 */
export function createProxy(options: ProxyOptions): SigningProxy {
  const { region, authorize, maxTokens, limit, origins, credentials, allowed, upstream, base } = check(options);

  async function handle(request: Request): Promise<Response> {
    if (!(await permits(authorize, request))) return fail(401, 'AccessDeniedException', 'request not authorized by the proxy');
    if (request.method !== 'POST') return fail(405, 'ValidationException', `expected POST, got ${request.method}`);
    const route = ROUTE.exec(new URL(request.url).pathname);
    const model = route && decode(route[1] ?? '');
    if (!route || !model) return fail(404, 'UnknownOperationException', 'expected POST /model/{id}/{invoke|invoke-with-response-stream|converse|converse-stream|count-tokens}');
    if (!allowed(model)) return fail(403, 'AccessDeniedException', `model ${JSON.stringify(model)} is not allowed by this proxy`);
    const action = route[2] ?? '';
    let body: Uint8Array<ArrayBuffer> | undefined;
    try { body = await readBody(request, limit); } catch { return fail(400, 'ValidationException', 'the request body could not be read'); }
    if (!body) return fail(413, 'ValidationException', `request body exceeds the proxy limit of ${limit} bytes`);
    if (maxTokens !== undefined && action !== 'count-tokens') {
      const capped = capTokens(body, action, maxTokens);
      if (typeof capped === 'string') return fail(400, 'ValidationException', capped);
      body = capped;
    }
    return forward(request, `${base}/model/${encodeURIComponent(model)}/${action}`, body);
  }

  /** Milliseconds added to the local clock when signing, learnt from Bedrock's `Date` after a skew error. */
  let clockOffset = 0;

  async function forward(request: Request, url: string, body: Uint8Array<ArrayBuffer>): Promise<Response> {
    const headers = new Headers();
    request.headers.forEach((v, k) => { if (FORWARD.test(k)) headers.set(k, v); });
    let c: Credentials;
    try { c = await credentials(); } catch { return fail(500, 'InternalServerException', 'the proxy could not load its AWS credentials'); }
    for (let retried = false; ; retried = true) {
      const signed = await sign({ method: 'POST', url, headers, body }, { region, service: SIGNING_SERVICE, credentials: c, clockOffset });
      let res: Response, text: string;
      try {
        // request.signal: a client that leaves before Bedrock answers cancels the upstream call too. Deno.serve in its
        // default legacy-abort mode also aborts it once the answer is delivered (the upstream body read to the end, so
        // harmless) and warns once about it; `deno run --unstable-no-legacy-abort` turns both off.
        res = await upstream(new Request(url, { method: 'POST', headers: signed, body, signal: request.signal }));
        if (res.ok) return new Response(res.body, { status: res.status, headers: returned(res) });
        text = await res.text();
      } catch {
        return fail(502, 'ServiceUnavailableException', 'the proxy could not reach Bedrock');
      }
      const server = Date.parse(res.headers.get('date') ?? '');
      if (!retried && SKEW.test(text) && !Number.isNaN(server)) {
        clockOffset = server - Date.now();
        continue;
      }
      const secrets = [c.secretAccessKey, c.sessionToken, c.accessKeyId, signed.get('authorization')?.split('Signature=')[1]];
      return new Response(redactSecrets(text, secrets), { status: res.status, headers: returned(res) });
    }
  }

  /** Adds CORS headers for an allowed origin. */
  function cors(origin: string | null, response: Response): Response {
    if (!origin || !originAllowed(origin)) return response;
    response.headers.set('access-control-allow-origin', origin);
    response.headers.set('access-control-expose-headers', EXPOSE);
    response.headers.append('vary', 'origin');
    return response;
  }

  /** 204 with the CORS answer for an allowed origin; without CORS headers for a same-origin or origin-less OPTIONS. */
  function preflight(request: Request, origin: string | null): Response {
    const h = new Headers({ vary: 'origin' });
    if (origin && originAllowed(origin)) {
      h.set('access-control-allow-origin', origin);
      h.set('access-control-allow-methods', 'POST');
      h.set('access-control-allow-headers', request.headers.get('access-control-request-headers') ?? 'content-type');
      h.set('access-control-max-age', '600');
    }
    return new Response(null, { status: 204, headers: h });
  }

  function originAllowed(origin: string): boolean {
    return origins !== undefined && (origins.has('*') || origins.has(origin));
  }

  async function serve(request: Request): Promise<Response> {
    const origin = request.headers.get('origin');
    // A cross-origin call (or preflight) from an origin not on the list is refused before anything else happens.
    if (origin && !originAllowed(origin) && origin !== new URL(request.url).origin) {
      return fail(403, 'AccessDeniedException', 'origin not allowed by this proxy');
    }
    if (request.method === 'OPTIONS') return preflight(request, origin);
    return cors(origin, await handle(request));
  }

  return {
    fetch: (request: Request): Promise<Response> =>
      serve(request).catch(() => fail(500, 'InternalServerException', 'the proxy failed to handle the request')),
  };
}

/** Response headers passed back from Bedrock. */
function returned(res: Response): Headers {
  const out = new Headers();
  res.headers.forEach((v, k) => { if (RETURN.test(k)) out.set(k, v); });
  return out;
}

/** Options after `check`. */
interface Checked {
  region: string;
  base: string;
  credentials: CredentialProvider;
  authorize: ProxyOptions['authorize'];
  upstream: (request: Request) => Promise<Response>;
  allowed: (model: string) => boolean;
  maxTokens: number | undefined;
  limit: number;
  origins: Set<string> | undefined;
}

/** A rejected option: what was expected and what arrived. */
const bad = (field: string, expected: string, got: string): ValidationError =>
  new ValidationError(`createProxy: ${field} must be ${expected}, got ${got}`, { field });
/** A value's type, for options whose value is not quoted (functions, credentials, the options object). */
const kind = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);
/** How a rejected value is quoted: strings shortened, numbers as they are, anything else by type. */
const shown = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(short(v)) : typeof v === 'number' ? String(v) : kind(v));
const isFunction = (v: unknown): v is (...a: never[]) => unknown => typeof v === 'function';

/** Validates every option; throws a ValidationError naming the first bad one. */
function check(options: ProxyOptions): Checked {
  if (!options || typeof options !== 'object' || Array.isArray(options)) {
    throw new ValidationError(`createProxy: expected an options object with region and credentials, got ${kind(options)}`, { field: 'options' });
  }
  const { region, authorize, endpoint, fetch: upstream, maxTokens, maxBodyBytes } = options;
  if (typeof region !== 'string' || !REGION_PATTERN.test(region)) throw bad('region', 'an AWS region such as "us-east-1"', shown(region));
  if (authorize !== undefined && !isFunction(authorize)) throw bad('authorize', 'a function (request) => boolean | Promise<boolean>', kind(authorize));
  if (upstream !== undefined && !isFunction(upstream)) throw bad('fetch', 'a function (request) => Promise<Response>', kind(upstream));
  if (endpoint !== undefined && typeof endpoint !== 'string') throw bad('endpoint', 'a base URL string', kind(endpoint));
  return {
    region, authorize,
    base: endpoint === undefined ? regionalEndpoint(region) : checkBaseUrl(endpoint, 'endpoint'),
    credentials: checkCredentials(options.credentials),
    upstream: upstream ?? ((r: Request) => fetch(r)),
    allowed: modelFilter(options.models),
    maxTokens: maxTokens === undefined ? undefined : count('maxTokens', maxTokens),
    limit: maxBodyBytes === undefined ? MAX_BODY_BYTES : count('maxBodyBytes', maxBodyBytes),
    origins: options.origins === undefined ? undefined : checkOrigins(options.origins),
  };
}

function count(field: string, value: unknown): number {
  if (!Number.isSafeInteger(value) || (value as number) < 1) throw bad(field, 'an integer ≥ 1', shown(value));
  return value as number;
}

/** Static credentials checked now, or a provider whose answers are checked as they come (values never quoted). */
function checkCredentials(c: unknown): CredentialProvider {
  if (isFunction(c)) return async () => validateCredentials(await (c as CredentialProvider)(), 'the credentials provider');
  if (!c || typeof c !== 'object') {
    throw bad('credentials', 'an object with accessKeyId and secretAccessKey, or a function returning a promise of one', kind(c));
  }
  const fixed = validateCredentials(c, 'createProxy');
  return () => Promise.resolve(fixed);
}

/**
 * Each origin exactly as a browser serializes it, or a lone `'*'`: `scheme://host[:port]` with a lower-case scheme
 * and no path, query, fragment or user info (`chrome-extension://<id>`, `tauri://localhost`); http(s) ones also
 * lower case with no default port. `'null'` and `file:` (no host) are refused.
 */
function checkOrigins(origins: unknown): Set<string> {
  if (!Array.isArray(origins)) {
    const got = typeof origins === 'string' ? `a string (${shown(origins)})` : shown(origins);
    throw bad('origins', 'an array of origins such as ["https://app.example.com"] (or ["*"])', got);
  }
  origins.forEach((o: unknown, i) => {
    const field = `origins[${i}]`;
    if (o === '*') {
      if (origins.length > 1) throw bad('origins', '["*"] alone when it holds "*"', `${origins.length} entries`);
      return;
    }
    // Split by hand: engines still differ in how `URL` parses non-special schemes (chrome-extension:, tauri:).
    const m = typeof o === 'string' ? /^([a-z][a-z\d+.-]*):\/\/([^/?#]*)(.*)$/i.exec(o) : null;
    const [, scheme = '', host = '', rest = ''] = m ?? [];
    const web = /^https?$/i.test(scheme), url = web ? parse(o as string) : undefined;
    if (!m || !host || /^file$/i.test(scheme) || /[@\s]/.test(host) || (web && !url)) throw bad(field, 'an origin (scheme://host[:port])', shown(o));
    if (rest && rest !== '/') throw bad(field, 'an origin with no path, query or fragment', shown(o));
    // Browsers serialize http(s) origins themselves; other schemes go out as the lower-case scheme and the host as written.
    const origin = url ? url.origin : `${scheme.toLowerCase()}://${host}`;
    const rules = web ? 'lower case, no default port or trailing slash' : 'lower-case scheme, no trailing slash';
    if (origin !== o) throw bad(field, `${JSON.stringify(origin)} (as browsers send it: ${rules})`, shown(o));
  });
  return new Set(origins as string[]);
}

function parse(s: string): URL | undefined {
  try { return new URL(s); } catch { return undefined; }
}

/** False when there is no `authorize`, it returns falsy or it throws. */
async function permits(authorize: ProxyOptions['authorize'], request: Request): Promise<boolean> {
  try { return !!authorize && !!(await authorize(request)); } catch { return false; }
}

/** Bedrock-style error answer: JSON `{ message }` and `x-amzn-errortype`. */
function fail(status: number, type: string, message: string): Response {
  return new Response(JSON.stringify({ message }), {
    status, headers: { 'content-type': 'application/json', 'x-amzn-errortype': type },
  });
}

function modelFilter(models: unknown): (model: string) => boolean {
  if (models === undefined) return () => true;
  if (isFunction(models)) return models as (model: string) => boolean;
  if (!Array.isArray(models)) {
    throw bad('models', 'an array of model ids or a function (model) => boolean', typeof models === 'string' ? `a string (${shown(models)})` : shown(models));
  }
  models.forEach((m: unknown, i) => { if (typeof m !== 'string' || !m) throw bad(`models[${i}]`, 'a model id', shown(m)); });
  const set = new Set(models as string[]);
  return (m) => set.has(m);
}

function decode(segment: string): string | undefined {
  try {
    const id = decodeURIComponent(segment);
    return /[\0-\x1f]/.test(id) ? undefined : id;
  } catch {
    return undefined;
  }
}

/**
 * Reads the body up to `limit` bytes; undefined (and the rest left unread, the stream cancelled) when
 * content-length or the bytes counted so far exceed it.
 */
export async function readBody(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > limit) { await request.body?.cancel().catch(() => {}); return undefined; }
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) { await reader.cancel().catch(() => {}); return undefined; }
    parts.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.byteLength; }
  return out;
}

type Json = Record<string, unknown>;

/**
 * Lowers the generation limit of a JSON body to `cap` (and sets it when absent where the format has one):
 * Converse `inferenceConfig.maxTokens`; InvokeModel `max_tokens` (Claude Messages and most models),
 * `max_tokens_to_sample` (Claude text completions), `max_gen_len` (Llama),
 * `textGenerationConfig.maxTokenCount` (Titan), `inferenceConfig.max_new_tokens` (Nova).
 * Returns the new body, or an error message when the body is not JSON or has no recognised limit.
 */
export function capTokens(body: Uint8Array, action: string, cap: number): Uint8Array<ArrayBuffer> | string {
  let json: unknown;
  try { json = JSON.parse(new TextDecoder().decode(body)); } catch { return 'request body is not valid JSON'; }
  if (!json || typeof json !== 'object' || Array.isArray(json)) return 'request body must be a JSON object';
  const o = json as Json;
  const slot = action.startsWith('converse') ? ['inferenceConfig', 'maxTokens'] : invokeSlot(o);
  if (!slot) return `cannot apply the proxy's maxTokens cap (${cap}): no token limit field in the body`;
  const [outer, key] = slot.length === 2 ? slot : [undefined, slot[0]];
  const parent = outer ? (o[outer] ??= {}) : o;
  if (!parent || typeof parent !== 'object') return `${outer} must be an object`;
  const p = parent as Json;
  const k = key ?? '';
  const v = p[k];
  if (!(typeof v === 'number' && v <= cap)) p[k] = cap;
  return new TextEncoder().encode(JSON.stringify(o));
}

function invokeSlot(o: Json): string[] | undefined {
  for (const k of ['max_tokens', 'max_tokens_to_sample', 'max_gen_len']) if (k in o) return [k];
  if (o.textGenerationConfig) return ['textGenerationConfig', 'maxTokenCount'];
  if (o.inferenceConfig) return ['inferenceConfig', 'max_new_tokens'];
  if ('anthropic_version' in o) return ['max_tokens'];
  return undefined;
}
