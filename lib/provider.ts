/**
 * `BedrockProvider`: chat, stream and countTokens for Claude (InvokeModel) and every other Bedrock model
 * (Converse), with typed errors, retries and timeouts. `mergeWithEnvironment` fills a config from `AWS_*`.
 * Only the Claude Messages path loads up front; Converse, legacy text completions, credential providers and
 * the default credential chain load on first use.
 * @module
 */
import type { BedrockConfig, ChatOptions, ChatResponse, Credentials, Message, StreamEvent, Usage } from './types.ts';
import { ProviderError, StreamError, errorFromException } from './errors.ts';
import { HOOKS, Transport, invalid } from './transport.ts';
import { CONTROL, HTTP_TOKEN, NOT_LATIN1, NO_CONTROL, kind, why } from './check.ts';
import type { Auth, Call, Decoder, TransportOptions } from './transport.ts';
import { badAnswer, chooseApi, countTokensInput, toJson, validateRequest } from './messages.ts';
import type { Json, Parsed, WireApi } from './messages.ts';
import { MessagesStream, messagesBody, parseMessagesResponse } from './anthropic.ts';
import { EventStreamDecoder } from './eventstream.ts';
import { fromBase64, fromUtf8 } from './bytes.ts';
import type { MemoizedProvider } from './memoize.ts';
import { readEnv } from './runtime.ts';
import { lazy } from './lazy.ts';

/** Alias of `BedrockConfig`, kept for existing imports. */
export type ProviderConfig = BedrockConfig;

/** What one wire API needs: request body, answer parser, stream decoder, usage from headers (legacy). */
interface Wire {
  body(messages: Message[], options: ChatOptions): unknown;
  parse(json: unknown, model: string): Parsed;
  decoder(model: string): Decoder<StreamEvent>;
  usage?(headers: Headers): Usage | undefined;
}

const INSPECT = Symbol.for('nodejs.util.inspect.custom');
const REDACTED = '[redacted]';
/** What `mergeWithEnvironment` reads. */
const ENV_NAMES = ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_BEARER_TOKEN_BEDROCK', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN',
  'AWS_ENDPOINT_URL_BEDROCK_RUNTIME', 'AWS_ENDPOINT_URL', 'AWS_USE_FIPS_ENDPOINT'];

/** The wire APIs, each loaded once and shared by every provider; Converse and legacy completions load on first use. */
const WIRES: Record<WireApi, () => Promise<Wire>> = {
  messages: lazy('the Messages mapping', async () => ({
    body: messagesBody, parse: parseMessagesResponse, decoder: (model) => invokeDecoder(model, new MessagesStream(model)),
  })),
  legacy: lazy('the legacy completions mapping', () => import('./legacy.ts').then((m) => ({
    body: m.legacyBody, parse: m.parseLegacyResponse, usage: m.usageFromHeaders, decoder: (model) => invokeDecoder(model, new m.LegacyStream(model)),
  }))),
  converse: lazy('the Converse mapping', () => import('./converse.ts').then((m) => ({
    body: m.converseBody, parse: m.parseConverseResponse,
    decoder(model) {
      const s = new m.ConverseStream(model);
      return frames(model, (type, text) => s.push(type, JSON.parse(text)), () => s.finish());
    },
  }))),
};

/** A Bedrock client. Secrets live in private fields and never appear in JSON, inspect output or errors. */
export class BedrockProvider {
  /** The validated region. */
  readonly region: string;
  #t: Transport;
  #closed = false;
  /** One controller per call in flight (a shared signal would collect a listener per call). */
  #live: Set<AbortController> = new Set();
  #summary: Record<string, unknown>;

  constructor(config: ProviderConfig = {}) {
    checkConfig(config);
    const auth = resolveAuth(config);
    this.#t = new Transport({ ...config, auth, hooks: (config as { [HOOKS]?: unknown })[HOOKS] } as TransportOptions);
    const how = 'apiKey' in auth ? 'apiKey' : config.accessKeyId ? 'accessKey' : config.credentials ? 'credentials' : 'defaultChain';
    this.#summary = { region: (this.region = config.region as string), auth: how };
    for (const k of ['endpoint', 'gateway', 'maxRetries', 'timeout', 'idleTimeout'] as const) this.#summary[k] = config[k];
  }

  /** Sends a conversation and resolves to the whole answer. */
  async chat(messages: Message[], options: ChatOptions): Promise<ChatResponse> {
    const api = this.#check(messages, options), w = await WIRES[api]();
    const { json, requestId, headers } = await this.#t.send(this.#call(options, api === 'converse' ? 'converse' : 'invoke', w.body(messages, options)));
    const usage = w.usage?.(headers);
    return { ...w.parse(json, options.model), ...(usage && { usage }), requestId };
  }

  /**
   * Streams the answer: `content_start`, deltas, `tool_use`, then `content_end` (always last). Errors are
   * thrown from the iterator; leaving the loop or aborting `options.signal` cancels the request.
   */
  stream(messages: Message[], options: ChatOptions): AsyncGenerator<StreamEvent, void, undefined> {
    let w: Wire;
    return this.#t.stream(async () => {
      const api = this.#check(messages, options);
      w = await WIRES[api]();
      return this.#call(options, api === 'converse' ? 'converse-stream' : 'invoke-with-response-stream', w.body(messages, options));
    }, () => w.decoder(options.model), (e) => e.type !== 'content_start');
  }

  /** Counts the input tokens of a conversation (CountTokens API). */
  async countTokens(messages: Message[], options: ChatOptions): Promise<number> {
    const api = this.#check(messages, options), w = await WIRES[api]();
    const { json } = await this.#t.send(this.#call(options, 'count-tokens', countTokensInput(api, w.body(messages, options) as Json)));
    const n = (json as { inputTokens?: unknown } | null)?.inputTokens;
    if (typeof n !== 'number') throw badAnswer('a CountTokens response with inputTokens', json, options.model);
    return n;
  }

  /** Aborts calls in flight; later calls throw. */
  close(): void {
    this.#closed = true;
    for (const ctl of this.#live) ctl.abort(closed());
    this.#live.clear();
  }

  /** Redacted summary (no secrets). */
  toJSON(): Record<string, unknown> {
    return { ...this.#summary };
  }

  static {
    // Node's `util.inspect` view: the redacted summary (no node: import needed for the symbol).
    Object.defineProperty(this.prototype, INSPECT, {
      value(this: BedrockProvider): string { return `BedrockProvider ${JSON.stringify(this.#summary)}`; },
    });
  }

  /** Validates a call (the model id too: no CR, LF or NUL); returns its wire API. `#call` throws once closed. */
  #check(messages: Message[], options: ChatOptions): WireApi {
    validateRequest(messages, options);
    return chooseApi(options.model, options.api);
  }

  #call(options: ChatOptions, action: Call['action'], body: unknown): Call {
    if (this.#closed) throw closed();
    const text = toJson(body);
    const ctl = new AbortController();
    this.#live.add(ctl);
    return { model: options.model, action, body: text, signals: [options.signal, ctl.signal], done: () => this.#live.delete(ctl) };
  }
}

const closed = (): ProviderError => new ProviderError('BedrockProvider is closed', { code: 'ClosedError' });

/** A `chunk` payload in Bedrock's usual shape: `{"bytes": base64, "p": padding}`. */
const CHUNK = /^\{"bytes":"([\w+/=]*)"(,"p":"\w*")?\}$/;
/** A text delta in Bedrock's usual shape: plain text (no escapes), a small index. */
const DELTA = /^\{"type":"content_block_delta","index":(0|[1-9]\d{0,8}),"delta":\{"type":"text_delta","text":"([^"\\\x00-\x1f]*)"\}\}$/;

/** InvokeModelWithResponseStream: `chunk` events carry `{"bytes": base64 Claude event JSON, "p": padding}`. */
function invokeDecoder(model: string, s: { push(event: unknown): StreamEvent[]; finish(): StreamEvent[] }): Decoder<StreamEvent> {
  return frames(model, (type, text) => {
    if (type !== 'chunk') return [];
    // the usual shape is read without JSON.parse
    const b64 = CHUNK.exec(text)?.[1] ?? (JSON.parse(text) as { bytes?: unknown } | null)?.bytes;
    return typeof b64 === 'string' ? s.push(claudeEvent(b64)) : [];
  }, () => s.finish());
}

/**
 * A Claude event from base64 JSON. `atob` gives the text directly when it is ASCII (the common case). A text
 * delta in Bedrock's usual shape (most of a stream) is cut out without `JSON.parse`; anything else (other key
 * order, escapes, odd index) goes through `JSON.parse`.
 */
function claudeEvent(b64: string): unknown {
  let s: string;
  try {
    s = atob(b64);
  } catch {
    throw new StreamError(`chunk bytes: expected base64, got ${JSON.stringify(b64.slice(0, 40))}`);
  }
  if (/[^\x00-\x7f]/.test(s)) s = fromUtf8(fromBase64(b64));
  const m = DELTA.exec(s);
  return m ? { type: 'content_block_delta', index: +m[1]!, delta: { type: 'text_delta', text: m[2] } } : JSON.parse(s);
}

/**
 * Event-stream frames → events (`onEvent` gets each event's type and UTF-8 payload); exception and error frames
 * → typed errors. An error frame that follows events in the same chunk is held back, so those events reach the
 * caller first. Unreadable payloads (bad JSON, bad UTF-8) become a StreamError naming the event.
 */
function frames(model: string, onEvent: (type: string, text: string) => StreamEvent[], finish: () => StreamEvent[]): Decoder<StreamEvent> {
  const decoder = new EventStreamDecoder();
  let pending: unknown;
  return {
    push(chunk) {
      if (pending) throw pending;
      const out: StreamEvent[] = [];
      try {
        for (const { headers: h, payload } of decoder.push(chunk)) {
          const kind = h[':message-type'], type = String(h[':event-type']);
          if (kind === 'event') {
            try {
              for (const e of onEvent(type, fromUtf8(payload))) out.push(e);
            } catch (e) {
              throw e instanceof ProviderError ? e : new StreamError(`unreadable "${type}" event: ${why(e)}`, { model, cause: e });
            }
          } else if (kind === 'exception') throw errorFromException(String(h[':exception-type']), messageOf(payload), model);
          else if (kind === 'error') throw errorFromException(String(h[':error-code']), String(h[':error-message'] ?? ''), model);
        }
      } catch (error) {
        if (!out.length) throw error;
        pending = error;
      }
      return out;
    },
    end() {
      if (pending) throw pending;
      decoder.end();
      return finish();
    },
  };
}

/** The `message` of an exception frame's JSON payload, else the payload as text. */
function messageOf(payload: Uint8Array): string {
  const text = fromUtf8(payload);
  try {
    const j = JSON.parse(text) as { message?: unknown; Message?: unknown };
    return String(j.message ?? j.Message ?? '');
  } catch {
    return text;
  }
}

/** Largest `timeout` / `idleTimeout`: what `setTimeout` can wait (2³¹ − 1 ms, about 24.8 days); more fires at once. */
const MAX_TIMER = 2147483647;
/** A secret as AWS and Bedrock issue them: printable ASCII, no whitespace. */
const SECRET = /^[\x21-\x7e]+$/;

/** A (non-secret) config value for a message: strings quoted, numbers and booleans as they are, others by kind. */
const show = (v: unknown): string =>
  typeof v === 'string' ? JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v) : typeof v === 'number' || typeof v === 'boolean' ? String(v) : kind(v);
/** What is wrong with a secret (never its value), or '' when it is fine; `optional` accepts an empty string. */
const badSecret = (v: unknown, optional: boolean): string =>
  typeof v !== 'string' ? `got ${kind(v)}` : v === '' ? (optional ? '' : 'got an empty string')
    : SECRET.test(v) ? '' : 'got a value with whitespace or a character outside printable ASCII (not shown; check for a stray space or newline)';

/**
 * Validates a config; throws ValidationError naming the field (never its secret value). Region, endpoint and
 * gateway are checked by `Transport`.
 */
function checkConfig(c: ProviderConfig): void {
  if (c === null || typeof c !== 'object' || Array.isArray(c)) throw invalid('config', `config must be an object, got ${kind(c)}`);
  for (const [k, v] of Object.entries(c)) if (typeof v === 'string' && CONTROL.test(v)) throw invalid(k, k + NO_CONTROL);
  for (const k of ['accessKeyId', 'secretAccessKey', 'sessionToken', 'apiKey'] as const) {
    const bad = c[k] == null ? '' : badSecret(c[k], true) || (k === 'accessKeyId' && (c[k] as string).includes('/') ? 'got a value with "/" (not shown)' : ''); // null is unset, as in credentials
    if (bad) throw invalid(k, `${k} must be a string of printable ASCII without whitespace${k === 'accessKeyId' ? ' or "/"' : ''}, ${bad}`);
  }
  checkHeaders(c.headers);
  if (!c.accessKeyId !== !c.secretAccessKey) {
    const missing = c.accessKeyId ? 'secretAccessKey' : 'accessKeyId';
    throw invalid(missing, `${missing} is missing: set accessKeyId and secretAccessKey together`);
  }
  if (c.sessionToken && !c.accessKeyId) throw invalid('sessionToken', 'sessionToken needs accessKeyId and secretAccessKey');
  const both: Array<[unknown, string, string]> = [
    [c.apiKey && (c.accessKeyId || c.credentials), 'apiKey', 'apiKey or AWS credentials'],
    [c.accessKeyId && c.credentials, 'credentials', 'accessKeyId/secretAccessKey or credentials'],
    [c.endpoint && c.gateway, 'gateway', 'endpoint or gateway'],
  ];
  for (const [clash, field, what] of both) if (clash) throw invalid(field, `set either ${what}, not both`);
  if (c.fetch !== undefined && typeof c.fetch !== 'function') throw invalid('fetch', `fetch must be a function, got ${show(c.fetch)}`);
  if (c.useFipsEndpoint !== undefined && typeof c.useFipsEndpoint !== 'boolean') {
    throw invalid('useFipsEndpoint', `useFipsEndpoint must be true or false, got ${show(c.useFipsEndpoint)}`);
  }
  for (const k of ['maxRetries', 'timeout', 'idleTimeout'] as const) {
    const v = c[k], count = k === 'maxRetries';
    if (v !== undefined && !(count ? Number.isInteger(v) && v >= 0 : typeof v === 'number' && v > 0 && v <= MAX_TIMER)) {
      throw invalid(k, `${k} must be ${count ? 'an integer ≥ 0' : `a positive number of ms, at most ${MAX_TIMER} (the setTimeout limit)`}, got ${show(v)}`);
    }
  }
  checkCredentials(c.credentials);
}

/** `headers`: an object of token names and string values in Latin-1 without CR, LF or NUL; values never shown. */
function checkHeaders(h: unknown): void {
  const expected = 'headers must be an object of HTTP token names and string values in Latin-1 without CR, LF or NUL, got';
  if (h === undefined) return;
  if (h === null || typeof h !== 'object' || Array.isArray(h) || h instanceof Headers) throw invalid('headers', `${expected} ${kind(h)}`);
  for (const [k, v] of Object.entries(h)) {
    const name = JSON.stringify(k.slice(0, 40));
    const bad = !HTTP_TOKEN.test(k) ? `the name ${name}` : typeof v !== 'string' ? `${kind(v)} for ${name}`
      : NOT_LATIN1.test(v) ? `a value with CR, LF, NUL or a character above U+00FF for ${name} (not shown)` : '';
    if (bad) throw invalid('headers', `${expected} ${bad}`);
  }
}

/** `credentials`: a provider function, or an object whose keys pass the checks of the top-level ones. */
function checkCredentials(o: ProviderConfig['credentials']): void {
  if (o === undefined || typeof o === 'function') return;
  if (o === null || typeof o !== 'object') throw invalid('credentials', `credentials must be an object or a provider function, got ${kind(o)}`);
  for (const k of ['accessKeyId', 'secretAccessKey', 'sessionToken'] as const) {
    const bad = k === 'sessionToken' && (o[k] ?? '') === '' ? '' : badSecret(o[k], false);
    if (bad) throw invalid('credentials', `credentials.${k} must be a non-empty string of printable ASCII without whitespace, ${bad}`);
  }
}

function resolveAuth(c: ProviderConfig): Auth {
  if (c.apiKey) return { apiKey: c.apiKey };
  const given = c.accessKeyId
    ? { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken } as Credentials
    : c.credentials;
  if (given && typeof given === 'object') return { credentials: () => Promise.resolve(given) };
  // A credentials function is memoized, and without one the default chain (files, processes, metadata
  // endpoints) is used: both load on first use only (browsers with keys or an API key never need them).
  let provider: MemoizedProvider | undefined;
  const load = lazy(given ? 'credential memoization' : 'the default credential chain', async () => (provider = given
    ? (await import('./memoize.ts')).memoize(given)
    : (await import('./credentials.ts')).defaultChain({ region: c.region })));
  return { credentials: () => (provider ? provider() : load().then((p) => p())), invalidate: () => provider?.invalidate() };
}

/**
 * Fills unset config fields from the environment: `AWS_REGION`/`AWS_DEFAULT_REGION`, `AWS_ACCESS_KEY_ID`,
 * `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, `AWS_BEARER_TOKEN_BEDROCK`,
 * `AWS_ENDPOINT_URL_BEDROCK_RUNTIME` (or `AWS_ENDPOINT_URL`), `AWS_USE_FIPS_ENDPOINT`.
 * Credentials come from the environment only when the config sets none. The result redacts
 * its secrets in `JSON.stringify` and `util.inspect`.
 */
export function mergeWithEnvironment(config: ProviderConfig = {}, env: Record<string, string | undefined> = readEnv(ENV_NAMES)): ProviderConfig {
  const out: ProviderConfig = { ...config };
  out.region ??= env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined;
  if (!(config.accessKeyId || config.secretAccessKey || config.credentials || config.apiKey)) {
    if (env.AWS_BEARER_TOKEN_BEDROCK) out.apiKey = env.AWS_BEARER_TOKEN_BEDROCK;
    else if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
      out.accessKeyId = env.AWS_ACCESS_KEY_ID;
      out.secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
      if (env.AWS_SESSION_TOKEN) out.sessionToken = env.AWS_SESSION_TOKEN;
    }
  }
  const endpoint = env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME || env.AWS_ENDPOINT_URL;
  if (!config.endpoint && !config.gateway && endpoint) out.endpoint = endpoint;
  if (config.useFipsEndpoint === undefined && env.AWS_USE_FIPS_ENDPOINT) out.useFipsEndpoint = env.AWS_USE_FIPS_ENDPOINT.toLowerCase() === 'true';
  const view = { value: () => redact(out), enumerable: false };
  return Object.defineProperties(out, { toJSON: view, [INSPECT]: view });
}

/** Copy of `c` for display: secret fields replaced, credentials summarized. */
export function redact(c: ProviderConfig): Record<string, unknown> {
  const out: Record<string, unknown> = { ...c };
  for (const k of ['accessKeyId', 'secretAccessKey', 'sessionToken', 'apiKey']) if (out[k] !== undefined) out[k] = REDACTED;
  if (c.credentials !== undefined) out.credentials = typeof c.credentials === 'function' ? '[provider]' : REDACTED;
  if (c.headers) out.headers = Object.fromEntries(Object.entries(c.headers).map(([k, v]) => [k, /auth|token|key|secret/i.test(k) ? REDACTED : v]));
  return out;
}
