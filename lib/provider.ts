/**
 * `BedrockProvider`: chat, stream and countTokens for Claude (InvokeModel) and every other Bedrock model
 * (Converse), with typed errors, retries and timeouts. `mergeWithEnvironment` fills a config from `AWS_*`.
 * @module
 */
import type {
  BedrockConfig, ChatOptions, ChatResponse, Credentials, Message, StreamEvent,
} from './types.ts';
import { ProviderError, StreamError, ValidationError, errorFromException } from './errors.ts';
import { Transport, HOOKS, checkBaseUrl, checkRegion } from './transport.ts';
import type { Auth, Call, Decoder, TransportHooks } from './transport.ts';
import { chooseApi, validateRequest } from './messages.ts';
import { LegacyStream, MessagesStream, legacyBody, messagesBody, parseLegacyResponse, parseMessagesResponse, usageFromHeaders } from './anthropic.ts';
import { ConverseStream, converseBody, countTokensBody, parseConverseResponse } from './converse.ts';
import { EventStreamDecoder } from './eventstream.ts';
import { fromBase64, fromUtf8 } from './bytes.ts';
import { memoize } from './memoize.ts';
import type { MemoizedProvider } from './memoize.ts';
import { env as runtimeEnv } from './runtime.ts';

/** Alias of `BedrockConfig`, kept for existing imports. */
export type ProviderConfig = BedrockConfig;

const CONTROL = /[\r\n\0]/;
const INSPECT = Symbol.for('nodejs.util.inspect.custom');
const SECRET_FIELDS = ['accessKeyId', 'secretAccessKey', 'sessionToken', 'apiKey'] as const;
const REDACTED = '[redacted]';

type Stream = { push(event: unknown): StreamEvent[]; finish(): StreamEvent[] };
type Parsed = Omit<ChatResponse, 'requestId'>;

/** A Bedrock client. Secrets live in private fields and never appear in JSON, inspect output or errors. */
export class BedrockProvider {
  /** The validated region. */
  readonly region: string;
  #transport: Transport;
  #closed = false;
  /** One controller per call in flight (a shared signal would collect a listener per call). */
  #live: Set<AbortController> = new Set();
  #summary: Record<string, unknown>;

  constructor(config: ProviderConfig = {}) {
    checkConfig(config);
    const region = config.region as string;
    this.region = region;
    const auth = resolveAuth(config);
    const hooks = (config as { [HOOKS]?: TransportHooks })[HOOKS];
    this.#transport = new Transport({
      region, auth, endpoint: config.endpoint, gateway: config.gateway, useFipsEndpoint: config.useFipsEndpoint,
      fetch: config.fetch as ((r: Request) => Promise<Response>) | undefined, maxRetries: config.maxRetries,
      timeout: config.timeout, idleTimeout: config.idleTimeout, headers: config.headers, hooks,
    });
    this.#summary = {
      region, auth: 'apiKey' in auth ? 'apiKey' : config.accessKeyId ? 'accessKey' : config.credentials ? 'credentials' : 'defaultChain',
      endpoint: config.endpoint, gateway: config.gateway, maxRetries: config.maxRetries, timeout: config.timeout,
      idleTimeout: config.idleTimeout,
    };
  }

  /** Sends a conversation and resolves to the whole answer. */
  async chat(messages: Message[], options: ChatOptions): Promise<ChatResponse> {
    const api = this.#prepare(messages, options);
    const call = this.#call(options, api === 'converse' ? 'converse' : 'invoke', body(messages, options, api));
    const { json, requestId, headers } = await this.#transport.send(call);
    const parse = api === 'converse' ? parseConverseResponse : api === 'legacy' ? parseLegacyResponse : parseMessagesResponse;
    const res: Parsed = parse(json, options.model);
    // legacy completions carry no usage in the body: InvokeModel reports it in x-amzn-bedrock-*-token-count
    const usage = api === 'legacy' ? usageFromHeaders(headers) : undefined;
    return usage ? { ...res, usage, requestId } : { ...res, requestId };
  }

  /**
   * Streams the answer: `content_start`, deltas, `tool_use`, then `content_end` (always last). Errors are
   * thrown from the iterator; leaving the loop or aborting `options.signal` cancels the request.
   */
  stream(messages: Message[], options: ChatOptions): AsyncGenerator<StreamEvent, void, undefined> {
    let api: ReturnType<typeof chooseApi> = 'messages';
    const call = (): Call => {
      api = this.#prepare(messages, options);
      return this.#call(options, api === 'converse' ? 'converse-stream' : 'invoke-with-response-stream', body(messages, options, api));
    };
    const model = options?.model;
    const decoder = (): Decoder<StreamEvent> =>
      api === 'converse' ? converseDecoder(model) : invokeDecoder(model, api === 'legacy' ? new LegacyStream(model) : new MessagesStream(model));
    return this.#transport.stream(call, decoder, (e) => e.type !== 'content_start');
  }

  /** Counts the input tokens of a conversation (CountTokens API). */
  async countTokens(messages: Message[], options: ChatOptions): Promise<number> {
    const api = this.#prepare(messages, options);
    const { json } = await this.#transport.send(this.#call(options, 'count-tokens', JSON.stringify(countTokensBody(messages, options, api))));
    const n = (json as { inputTokens?: unknown } | null)?.inputTokens;
    if (typeof n !== 'number') throw new ProviderError(`expected inputTokens in the CountTokens answer, got ${JSON.stringify(json)?.slice(0, 80)}`, { code: 'InvalidResponse', model: options.model });
    return n;
  }

  /** Aborts calls in flight; later calls throw. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const reason = closedError();
    for (const ctl of this.#live) ctl.abort(reason);
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

  #prepare(messages: Message[], options: ChatOptions): ReturnType<typeof chooseApi> {
    if (this.#closed) throw closedError();
    if (typeof options?.model === 'string' && CONTROL.test(options.model)) {
      throw new ValidationError('model must not contain CR, LF or NUL', { field: 'model' });
    }
    validateRequest(messages, options);
    return chooseApi(options.model, options.api);
  }

  #call(options: ChatOptions, action: Call['action'], body: string): Call {
    const ctl = new AbortController();
    this.#live.add(ctl);
    return { model: options.model, action, body, signals: [options.signal, ctl.signal], done: () => this.#live.delete(ctl) };
  }
}

function closedError(): ProviderError {
  return new ProviderError('BedrockProvider is closed: create a new provider to send more calls', { code: 'ClosedError' });
}

function body(messages: Message[], options: ChatOptions, api: ReturnType<typeof chooseApi>): string {
  const make = api === 'converse' ? converseBody : api === 'legacy' ? legacyBody : messagesBody;
  return JSON.stringify(make(messages, options));
}

/** InvokeModelWithResponseStream: `chunk` events carry base64 Anthropic event JSON. */
function invokeDecoder(model: string, stream: Stream): Decoder<StreamEvent> {
  return frames(model, (type, payload, out) => {
    if (type !== 'chunk') return;
    const bytes = chunkBytes(fromUtf8(payload));
    if (bytes !== undefined) for (const e of stream.push(base64Json(bytes))) out.push(e);
  }, stream);
}

const BYTES_KEY = '"bytes":"';
const NON_ASCII = /[^\x00-\x7f]/;

/** JSON inside base64: `atob` gives the text directly when it is ASCII (the common case), else UTF-8 decoding. */
function base64Json(b64: string): unknown {
  let text: string;
  try {
    text = atob(b64);
  } catch {
    throw new StreamError(`chunk bytes: expected base64, got ${JSON.stringify(b64.slice(0, 40))}`);
  }
  return claudeEvent(NON_ASCII.test(text) ? fromUtf8(fromBase64(b64)) : text);
}

const DELTA_HEAD = '{"type":"content_block_delta","index":';
const DELTA_TEXT = ',"delta":{"type":"text_delta","text":"';
const DELTA_END = '"}}';
const PLAIN = /^[^"\\\x00-\x1f]*$/;

/**
 * A Claude event's JSON. A text delta in Bedrock's usual shape (most of a stream) is cut out without
 * `JSON.parse`; anything else (other key order, escapes, odd index) goes through `JSON.parse`.
 */
function claudeEvent(s: string): unknown {
  const at = s.startsWith(DELTA_HEAD) && s.endsWith(DELTA_END) ? s.indexOf(DELTA_TEXT, DELTA_HEAD.length) : -1;
  const from = at + DELTA_TEXT.length, to = s.length - DELTA_END.length;
  const index = at < 0 ? '' : s.slice(DELTA_HEAD.length, at);
  const text = s.slice(from, to);
  if (at < 0 || from > to || !/^(?:0|[1-9]\d{0,8})$/.test(index) || !PLAIN.test(text)) return JSON.parse(s);
  return { type: 'content_block_delta', index: +index, delta: { type: 'text_delta', text } };
}

/** The base64 `bytes` of a `chunk` payload (`{"bytes":"…","p":"…"}`); a quote-free scan, JSON.parse otherwise. */
function chunkBytes(text: string): string | undefined {
  const i = text.indexOf(BYTES_KEY);
  const j = i < 0 ? -1 : text.indexOf('"', i + BYTES_KEY.length);
  if (j > 0 && text.lastIndexOf(BYTES_KEY) === i) return text.slice(i + BYTES_KEY.length, j);
  const bytes = (JSON.parse(text) as { bytes?: unknown } | null)?.bytes;
  return typeof bytes === 'string' ? bytes : undefined;
}

/** ConverseStream: each event name is the `:event-type`, its JSON the payload. */
function converseDecoder(model: string): Decoder<StreamEvent> {
  const stream = new ConverseStream(model);
  return frames(model, (type, payload, out) => {
    for (const e of stream.push(type, JSON.parse(fromUtf8(payload)))) out.push(e);
  }, { finish: () => stream.finish() });
}

/** Event-stream frames → events; exception/error frames → typed errors. */
function frames(
  model: string,
  onEvent: (type: string, payload: Uint8Array, out: StreamEvent[]) => void,
  end: { finish(): StreamEvent[] },
): Decoder<StreamEvent> {
  const decoder = new EventStreamDecoder();
  // An error frame that follows events in the same chunk is held back, so those events reach the caller first.
  let pending: unknown;
  return {
    push(chunk) {
      if (pending) throw pending;
      const out: StreamEvent[] = [];
      try {
        for (const { headers, payload } of decoder.push(chunk)) {
          const kind = headers[':message-type'];
          if (kind === 'event') event(onEvent, String(headers[':event-type']), payload, out, model);
          else if (kind === 'exception') throw errorFromException(String(headers[':exception-type']), messageOf(payload), model);
          else if (kind === 'error') throw errorFromException(String(headers[':error-code']), String(headers[':error-message'] ?? ''), model);
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
      return end.finish();
    },
  };
}

/** Runs `onEvent`; unreadable payloads (bad JSON, bad UTF-8) become a StreamError naming the event. */
function event(
  onEvent: (type: string, payload: Uint8Array, out: StreamEvent[]) => void,
  type: string, payload: Uint8Array, out: StreamEvent[], model: string,
): void {
  try {
    onEvent(type, payload, out);
  } catch (error) {
    if (error instanceof ProviderError) throw error;
    throw new StreamError(`unreadable "${type}" event: ${(error as Error)?.message ?? String(error)}`, { model, cause: error });
  }
}

function messageOf(payload: Uint8Array): string {
  try {
    const j = JSON.parse(fromUtf8(payload)) as { message?: unknown; Message?: unknown };
    return String(j.message ?? j.Message ?? '');
  } catch {
    return fromUtf8(payload);
  }
}

/** Validates a config; throws ValidationError naming the field (never its secret value). */
function checkConfig(c: ProviderConfig): void {
  if (c === null || typeof c !== 'object') throw new ValidationError('config must be an object', { field: 'config' });
  for (const [k, v] of Object.entries(c)) {
    if (typeof v === 'string' && CONTROL.test(v)) throw new ValidationError(`${k} must not contain CR, LF or NUL`, { field: k });
  }
  for (const [k, v] of Object.entries(c.headers ?? {})) {
    if (CONTROL.test(k) || typeof v !== 'string' || CONTROL.test(v)) {
      throw new ValidationError(`headers: header ${JSON.stringify(k.replace(CONTROL, ' '))} must be a string without CR, LF or NUL`, { field: 'headers' });
    }
  }
  if (!c.region) {
    throw new ValidationError('region is required: set config.region or the AWS_REGION / AWS_DEFAULT_REGION environment variable (see mergeWithEnvironment)', { field: 'region' });
  }
  checkRegion(c.region);
  if (!c.accessKeyId !== !c.secretAccessKey) {
    const missing = c.accessKeyId ? 'secretAccessKey' : 'accessKeyId';
    throw new ValidationError(`half a key pair: ${missing} is missing (set both accessKeyId and secretAccessKey, or neither)`, { field: missing });
  }
  if (c.sessionToken && !c.accessKeyId) throw new ValidationError('sessionToken needs accessKeyId and secretAccessKey', { field: 'sessionToken' });
  if (c.apiKey && (c.accessKeyId || c.credentials)) {
    throw new ValidationError('set either apiKey or AWS credentials (accessKeyId/secretAccessKey/credentials), not both', { field: 'apiKey' });
  }
  if (c.accessKeyId && c.credentials) throw new ValidationError('set either accessKeyId/secretAccessKey or credentials, not both', { field: 'credentials' });
  if (c.endpoint && c.gateway) throw new ValidationError('set either endpoint or gateway, not both', { field: 'gateway' });
  if (c.endpoint !== undefined) checkBaseUrl(c.endpoint, 'endpoint');
  if (c.gateway !== undefined) checkBaseUrl(c.gateway, 'gateway');
  if (c.fetch !== undefined && typeof c.fetch !== 'function') throw new ValidationError('fetch must be a function', { field: 'fetch' });
  if (c.maxRetries !== undefined && !(Number.isInteger(c.maxRetries) && c.maxRetries >= 0)) {
    throw new ValidationError(`maxRetries must be an integer ≥ 0, got ${String(c.maxRetries)}`, { field: 'maxRetries' });
  }
  for (const k of ['timeout', 'idleTimeout'] as const) {
    const v = c[k];
    if (v !== undefined && !(typeof v === 'number' && v > 0 && Number.isFinite(v))) {
      throw new ValidationError(`${k} must be a positive number of milliseconds, got ${String(v)}`, { field: k });
    }
  }
  const creds = c.credentials;
  if (creds !== undefined && typeof creds !== 'function') checkCredentials(creds);
}

function checkCredentials(c: Credentials): void {
  if (!c || typeof c.accessKeyId !== 'string' || typeof c.secretAccessKey !== 'string' || !c.accessKeyId || !c.secretAccessKey) {
    throw new ValidationError('credentials must have accessKeyId and secretAccessKey strings', { field: 'credentials' });
  }
  for (const k of ['accessKeyId', 'secretAccessKey', 'sessionToken'] as const) {
    const v = c[k];
    if (typeof v === 'string' && CONTROL.test(v)) throw new ValidationError(`credentials.${k} must not contain CR, LF or NUL`, { field: 'credentials' });
  }
}

function resolveAuth(c: ProviderConfig): Auth {
  if (c.apiKey) return { apiKey: c.apiKey };
  if (c.accessKeyId && c.secretAccessKey) {
    const creds: Credentials = { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey };
    if (c.sessionToken) creds.sessionToken = c.sessionToken;
    return { credentials: () => Promise.resolve(creds) };
  }
  const given = c.credentials;
  if (given && typeof given === 'object') return { credentials: () => Promise.resolve(given) };
  let provider: MemoizedProvider | undefined = typeof given === 'function' ? memoize(given) : undefined;
  let chain: Promise<MemoizedProvider> | undefined;
  const region = c.region;
  // The default chain (files, processes, metadata endpoints) loads on first use only: browsers never need it.
  const load = (): Promise<MemoizedProvider> => (chain ??= import('./credentials.ts').then((m) => (provider = m.defaultChain({ region }))));
  return { credentials: () => (provider ? provider() : load().then((p) => p())), invalidate: () => provider?.invalidate() };
}

/**
 * Fills unset config fields from the environment: `AWS_REGION`/`AWS_DEFAULT_REGION`, `AWS_ACCESS_KEY_ID`,
 * `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, `AWS_BEARER_TOKEN_BEDROCK`,
 * `AWS_ENDPOINT_URL_BEDROCK_RUNTIME` (or `AWS_ENDPOINT_URL`), `AWS_USE_FIPS_ENDPOINT`.
 * Credentials come from the environment only when the config sets none. The result redacts
 * its secrets in `JSON.stringify` and `util.inspect`.
 */
export function mergeWithEnvironment(config: ProviderConfig = {}, env: Record<string, string | undefined> = runtimeEnv()): ProviderConfig {
  const out: ProviderConfig = { ...config };
  out.region ??= env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined;
  const hasAuth = config.accessKeyId || config.secretAccessKey || config.credentials || config.apiKey;
  if (!hasAuth) {
    if (env.AWS_BEARER_TOKEN_BEDROCK) out.apiKey = env.AWS_BEARER_TOKEN_BEDROCK;
    else if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
      out.accessKeyId = env.AWS_ACCESS_KEY_ID;
      out.secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
      if (env.AWS_SESSION_TOKEN) out.sessionToken = env.AWS_SESSION_TOKEN;
    }
  }
  if (!config.endpoint && !config.gateway) {
    const endpoint = env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME || env.AWS_ENDPOINT_URL;
    if (endpoint) out.endpoint = endpoint;
  }
  if (config.useFipsEndpoint === undefined && env.AWS_USE_FIPS_ENDPOINT) out.useFipsEndpoint = env.AWS_USE_FIPS_ENDPOINT.toLowerCase() === 'true';
  return redactable(out);
}

/** Copy of `c` for display: secret fields replaced, credentials summarized. */
export function redact(c: ProviderConfig): Record<string, unknown> {
  const out: Record<string, unknown> = { ...c };
  for (const k of SECRET_FIELDS) if (out[k] !== undefined) out[k] = REDACTED;
  if (c.credentials !== undefined) out.credentials = typeof c.credentials === 'function' ? '[provider]' : REDACTED;
  if (c.headers) out.headers = Object.fromEntries(Object.keys(c.headers).map((k) => [k, /auth|token|key|secret/i.test(k) ? REDACTED : c.headers?.[k]]));
  return out;
}

function redactable(c: ProviderConfig): ProviderConfig {
  return Object.defineProperties(c, {
    toJSON: { value: () => redact(c), enumerable: false },
    [INSPECT]: { value: () => redact(c), enumerable: false },
  });
}
