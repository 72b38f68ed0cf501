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
import { ValidationError } from './errors.ts';
import { checkBaseUrl, regionalEndpoint, SIGNING_SERVICE } from './transport.ts';

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
  /** Origins allowed to call cross-origin (`'*'` allows any); others get no CORS headers and 403. */
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

/** Creates the proxy handler. Throws a ValidationError on invalid options. */
export function createProxy(options: ProxyOptions): SigningProxy {
  const { region, authorize, maxTokens } = options;
  if (!options.credentials) throw new ValidationError('createProxy: credentials are required', { field: 'credentials' });
  const base = options.endpoint ? checkBaseUrl(options.endpoint, 'endpoint') : regionalEndpoint(region);
  if (options.endpoint) regionalEndpoint(region); // validates the region, used in the signature scope
  const upstream = options.fetch ?? ((r: Request) => fetch(r));
  const limit = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const allowed = modelFilter(options.models);
  const creds = options.credentials;
  const credentials = typeof creds === 'function' ? creds : () => Promise.resolve(creds);

  async function handle(request: Request): Promise<Response> {
    if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: preflight(request) });
    if (!(await permits(authorize, request))) return fail(401, 'AccessDeniedException', 'request not authorized by the proxy');
    if (request.method !== 'POST') return fail(405, 'ValidationException', `expected POST, got ${request.method}`);
    const route = ROUTE.exec(new URL(request.url).pathname);
    const model = route && decode(route[1] ?? '');
    if (!route || !model) return fail(404, 'UnknownOperationException', 'expected POST /model/{id}/{invoke|invoke-with-response-stream|converse|converse-stream|count-tokens}');
    if (!allowed(model)) return fail(403, 'AccessDeniedException', `model ${JSON.stringify(model)} is not allowed by this proxy`);
    const action = route[2] ?? '';
    let body = await readBody(request, limit);
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
      let res: Response;
      try {
        res = await upstream(new Request(url, { method: 'POST', headers: signed, body, signal: request.signal }));
      } catch {
        return fail(502, 'ServiceUnavailableException', 'the proxy could not reach Bedrock');
      }
      const out = new Headers();
      res.headers.forEach((v, k) => { if (RETURN.test(k)) out.set(k, v); });
      if (res.ok) return new Response(res.body, { status: res.status, headers: out });
      const text = await res.text();
      const server = Date.parse(res.headers.get('date') ?? '');
      if (!retried && SKEW.test(text) && !Number.isNaN(server)) {
        clockOffset = server - Date.now();
        continue;
      }
      const secrets = [c.secretAccessKey, c.sessionToken, c.accessKeyId, signed.get('authorization')?.split('Signature=')[1]];
      return new Response(redact(text, secrets), { status: res.status, headers: out });
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

  function preflight(request: Request): Headers {
    const h = new Headers({ vary: 'origin' });
    const origin = request.headers.get('origin');
    if (!origin || !originAllowed(origin)) return h;
    h.set('access-control-allow-origin', origin);
    h.set('access-control-allow-methods', 'POST');
    h.set('access-control-allow-headers', request.headers.get('access-control-request-headers') ?? 'content-type');
    h.set('access-control-max-age', '600');
    return h;
  }

  function originAllowed(origin: string): boolean {
    return !!options.origins && (options.origins.includes('*') || options.origins.includes(origin));
  }

  return {
    fetch: async (request: Request): Promise<Response> => {
      const origin = request.headers.get('origin');
      if (request.method === 'OPTIONS') return handle(request);
      // A cross-origin call from an origin not on the list is refused before anything else happens.
      if (origin && !originAllowed(origin) && origin !== new URL(request.url).origin) {
        return fail(403, 'AccessDeniedException', 'origin not allowed by this proxy');
      }
      return cors(origin, await handle(request));
    },
  };
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

function modelFilter(models: ProxyOptions['models']): (model: string) => boolean {
  if (!models) return () => true;
  if (typeof models === 'function') return models;
  const set = new Set(models);
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

/** Replaces each non-empty secret (and its URL-encoded form) in `text`. */
function redact(text: string, secrets: Array<string | undefined>): string {
  for (const s of secrets) {
    if (!s) continue;
    for (const form of new Set([s, encodeURIComponent(s)])) text = text.split(form).join('[redacted]');
  }
  return text;
}
