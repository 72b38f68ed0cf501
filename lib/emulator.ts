/**
 * A local stand-in for bedrock-runtime, as a fetch handler: verifies SigV4 and bearer keys like AWS, serves
 * InvokeModel (Claude Messages and legacy bodies), InvokeModelWithResponseStream, Converse, ConverseStream
 * and CountTokens with deterministic replies and honest usage counts, and injects faults on demand.
 * Serve it over HTTP with `serve()` from `./node`, or call `emulator.fetch(request)` directly.
 *
 * Replies: the text is `reply` (default `Echo: <last user text>`); tokens are counted by `tokenize` (each
 * word and each punctuation character is one token) for the prompt and the reply alike. Tools: when the
 * request offers tools and the last user text contains "use tool" (or `tool_choice` forces one), the model
 * calls the forced or first tool with an input built from its schema. Thinking, when enabled, comes first.
 * InvokeModel and CountTokens answer Anthropic models only (400 `ValidationException` for the others);
 * Converse answers every known model family.
 * @module
 */
import type { Credentials } from './types.ts';
import { authenticate, type Caller } from './emulator-auth.ts';
import { answer, type EmulatedCall, type Reply, type ReplyOption } from './emulator-text.ts';
import { ANTHROPIC_VERSION, asFault, fromConverse, fromLegacy, fromMessages, parseJson } from './emulator-bodies.ts';
import { AwsFault, faultResponse, malformed, validation } from './emulator-wire.ts';
import {
  chunkEvents, converseBody, converseEvents, eventStream, legacyBody, legacyEvents, messagesBody, messagesEvents,
  STREAM_EXCEPTION_MESSAGES, type EmulatedEvent, type StreamExceptionType, type StreamPlan,
} from './emulator-stream.ts';
import { fromBase64, fromUtf8 } from './bytes.ts';
import { ValidationError } from './errors.ts';
import { REGION_PATTERN } from './check.ts';

export { countTokens, tokenize, TOOL_TRIGGER } from './emulator-text.ts';
export type { ReplyOption } from './emulator-text.ts';
export type { StreamExceptionType } from './emulator-stream.ts';

/** The AWS documentation key pair, accepted by default. */
export const EXAMPLE_CREDENTIALS: Credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

/** A fault that hits the next `times` streams (default 1; `Infinity` for all) after `after` events were sent. */
export interface StreamFault { after: number; times?: number }

/**
 * Faults to inject. Counters (`throttle`, `serverError`, `modelNotReady`) count down per call; stream faults
 * count down per streaming call (`times`, default 1) and are removed when spent. Mutate `emulator.faults`
 * between calls. Call-level faults are checked after authentication and model lookup, in the order listed.
 */
export interface EmulatorFaults {
  /** The next N calls answer 429 `ThrottlingException` "Too many requests, please wait before trying again.". */
  throttle?: number;
  /** The next N calls answer 500 `InternalServerException` (or 503 `ServiceUnavailableException`, see `serverErrorStatus`). */
  serverError?: number;
  /** Status of `serverError`: 500 (default) or 503. */
  serverErrorStatus?: 500 | 503;
  /** The next N calls answer 429 `ModelNotReadyException`. */
  modelNotReady?: number;
  /** Streams send an exception frame after `after` events, then end (`type` default `throttlingException`). */
  streamException?: StreamFault & { type?: StreamExceptionType; message?: string };
  /** Stream bodies error after `after` events: a dropped connection (`serve()` resets the socket). */
  drop?: StreamFault;
  /** Streams stop producing after `after` events for `ms` (forever when absent) or until the body is cancelled. */
  stall?: StreamFault & { ms?: number };
  /** Streams end after `after` events (default: every event but the final one), without the final event. */
  truncate?: { after?: number; times?: number };
  /** In streams, the frame after `after` good ones carries a corrupted message CRC (the rest follow). */
  badCrc?: StreamFault;
  /** Context window in tokens (not counted down): prompt + max tokens beyond it → 400 `ValidationException`. */
  contextWindow?: number;
  /**
   * Wording of the context error: `prompt` → "prompt is too long: N tokens > M maximum" (N = prompt + max tokens),
   * `limit` → "input length and `max_tokens` exceed context limit: A + B > L, …", `auto` (default) → `prompt` when
   * the prompt alone exceeds the window, else `limit`.
   */
  contextErrorStyle?: 'auto' | 'prompt' | 'limit';
  /** Milliseconds added to the emulator's clock (signature window and the `Date` header follow it). */
  clockSkew?: number;
  /** Milliseconds before the response (headers) is produced; the request's signal aborts the wait. */
  headersDelay?: number;
  /** Milliseconds between two stream events. */
  eventDelay?: number;
}

/** `createEmulator` options. */
export interface EmulatorOptions {
  /** Accepted key pairs (a pair with `sessionToken` requires that `x-amz-security-token`). Default `EXAMPLE_CREDENTIALS`. */
  credentials?: Credentials | Credentials[];
  /** Accepted static bearer keys. Minted `bedrock-api-key-…` keys signed by an accepted pair are accepted too. */
  apiKeys?: string[];
  /** Region of the emulated endpoint; signatures must be scoped to it. Default `us-east-1`. */
  region?: string;
  /** Only these model ids (as sent, or the id inside an ARN/profile) exist; default: every known family. */
  models?: string[];
  /** Reply text, fixed or computed from `{ model, prompt, system }`. Default `Echo: <last user text>`. */
  reply?: ReplyOption;
  /** Initial faults (the emulator keeps and mutates this object as `emulator.faults`). */
  faults?: EmulatorFaults;
  /** Clock in ms (default `Date.now`); `faults.clockSkew` is added. */
  now?: () => number;
  /**
   * Stream events per body chunk (default 1: one chunk per event, as Bedrock sends them). Larger values
   * coalesce frames (fewer writes, e.g. for benchmarks); batches stop at fault positions.
   */
  batchEvents?: number;
}

/** Operations of bedrock-runtime the emulator serves. */
export type Operation = 'InvokeModel' | 'InvokeModelWithResponseStream' | 'Converse' | 'ConverseStream' | 'CountTokens';

/** One handled request (no secrets: key ids only). */
export interface EmulatorLogEntry {
  requestId: string;
  /** When it arrived, by the emulator's clock (ms). */
  time: number;
  method: string;
  path: string;
  operation?: Operation;
  model?: string;
  auth?: Caller['auth'];
  keyId?: string;
  status: number;
  /** `x-amzn-ErrorType` name of an error answer, or the stream fault applied. */
  error?: string;
}

/** The emulator: a fetch handler plus what it saw. */
export interface Emulator {
  /** Handles a request; takes `fetch`'s arguments too, so it can stand in for `fetch` (it needs no `this`). */
  fetch(input: Request | string | URL, init?: RequestInit): Promise<Response>;
  /** Mutable faults (see `EmulatorFaults`). */
  faults: EmulatorFaults;
  /** Every request handled, oldest first. */
  readonly requests: EmulatorLogEntry[];
  /** Requests handled. */
  readonly calls: number;
  /** Successful answers per operation. */
  readonly counts: Record<Operation, number>;
  /** The emulator's current time in ms (skew included). */
  now(): number;
  /** Clears the log and counters (faults stay). */
  reset(): void;
}

const ROUTES: Record<string, Operation> = {
  invoke: 'InvokeModel',
  'invoke-with-response-stream': 'InvokeModelWithResponseStream',
  converse: 'Converse',
  'converse-stream': 'ConverseStream',
  'count-tokens': 'CountTokens',
};

/** Model vendors (first id segment) the emulator knows. */
export const MODEL_VENDORS: readonly string[] = [
  'anthropic', 'meta', 'mistral', 'amazon', 'cohere', 'deepseek', 'ai21', 'openai', 'qwen', 'writer', 'stability',
  'twelvelabs', 'luma', 'moonshot', 'moonshotai', 'minimax', 'google', 'nvidia', 'zai',
];
const PROFILE = /^(?:us|eu|apac|jp|au|ca|global|us-gov)\./;
const ARN = /^arn:aws[a-z-]*:bedrock:[a-z0-9-]*:\d*:([a-z-]+)\/(.+)$/;

/** A model id (plain, inference profile or ARN) → its base id, or undefined when unknown. */
export function resolveModel(id: string): string | undefined {
  const arn = ARN.exec(id);
  if (arn && arn[1] !== 'foundation-model' && arn[1] !== 'inference-profile') return 'anthropic.application-profile';
  const base = (arn ? arn[2]! : id).replace(PROFILE, '');
  return MODEL_VENDORS.includes(base.split('.')[0]!) && base.includes('.') ? base : undefined;
}

/** Anthropic's short model name in responses: `anthropic.claude-3-haiku-20240307-v1:0` → `claude-3-haiku-20240307`. */
const shortName = (base: string): string => base.replace(/^anthropic\./, '').replace(/-v\d+(?::\d+)?$/, '');
const isLegacy = (base: string): boolean => /claude-(?:v2|instant)/.test(base);
const uuid = (): string => crypto.randomUUID();

/** A ms delay the signal can abort (rejects with its reason). */
function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const done = (): void => { signal?.removeEventListener('abort', stop); resolve(); };
    const timer = setTimeout(done, ms);
    const stop = (): void => { clearTimeout(timer); reject(signal!.reason); };
    signal?.addEventListener('abort', stop, { once: true });
  });
}

/** Takes one use of a counted fault; true when it applies. */
function spend(faults: EmulatorFaults, key: 'throttle' | 'serverError' | 'modelNotReady'): boolean {
  const n = faults[key] ?? 0;
  if (n <= 0) return false;
  faults[key] = n - 1;
  return true;
}

/** Takes one use of a stream fault, or undefined. */
function take<T extends { times?: number }>(faults: EmulatorFaults, key: 'streamException' | 'drop' | 'stall' | 'truncate' | 'badCrc'): T | undefined {
  const f = faults[key] as T | undefined;
  if (!f) return undefined;
  const times = (f.times ?? 1) - 1;
  if (times <= 0) delete faults[key];
  else f.times = times;
  return f;
}

/** Context-window check with Anthropic's two wordings. */
function checkContext(call: EmulatedCall, faults: EmulatorFaults): void {
  const window = faults.contextWindow;
  if (window === undefined) return;
  const prompt = call.promptTokens;
  const max = call.maxTokens ?? 0;
  if (prompt + max <= window) return;
  const style = faults.contextErrorStyle ?? 'auto';
  if (style === 'prompt' || (style === 'auto' && prompt > window)) {
    throw validation(`prompt is too long: ${style === 'prompt' ? prompt + max : prompt} tokens > ${window} maximum`);
  }
  throw validation(`input length and \`max_tokens\` exceed context limit: ${prompt} + ${max} > ${window}, decrease input length or \`max_tokens\` and try again`);
}

/** The call-level fault to answer with, if any. */
function callFault(faults: EmulatorFaults): AwsFault | undefined {
  if (spend(faults, 'throttle')) return new AwsFault(429, 'ThrottlingException', 'Too many requests, please wait before trying again.');
  if (spend(faults, 'serverError')) {
    return faults.serverErrorStatus === 503
      ? new AwsFault(503, 'ServiceUnavailableException', 'Bedrock is unable to process your request.')
      : new AwsFault(500, 'InternalServerException', 'The server encountered an internal error while processing the request.');
  }
  if (spend(faults, 'modelNotReady')) {
    return new AwsFault(429, 'ModelNotReadyException', 'The model specified in the request is not ready to serve inference requests. The AWS SDK will automatically retry the operation up to 5 times.');
  }
  return undefined;
}

/** The stream plan for one streaming call (spends the stream faults). */
function streamPlan(faults: EmulatorFaults, events: number, batch: number | undefined): StreamPlan {
  const plan: StreamPlan = { eventDelay: faults.eventDelay, batch };
  const ex = take<NonNullable<EmulatorFaults['streamException']>>(faults, 'streamException');
  if (ex) {
    const type = ex.type ?? 'throttlingException';
    plan.exception = { after: ex.after, type, message: ex.message ?? STREAM_EXCEPTION_MESSAGES[type] };
  }
  plan.drop = take<StreamFault>(faults, 'drop')?.after;
  const stall = take<NonNullable<EmulatorFaults['stall']>>(faults, 'stall');
  if (stall) plan.stall = { after: stall.after, ms: stall.ms };
  const cut = take<NonNullable<EmulatorFaults['truncate']>>(faults, 'truncate');
  if (cut) plan.truncate = cut.after ?? events - 1;
  plan.badCrc = take<StreamFault>(faults, 'badCrc')?.after;
  return plan;
}

/** Parses the InvokeModel body for an Anthropic model (Messages, or legacy for claude-v2/instant). */
function invokeCall(text: string, base: string): EmulatedCall {
  const body = parseJson(text);
  if (!base.startsWith('anthropic.')) {
    throw validation('The emulator answers InvokeModel for Anthropic models only; use Converse for this model.');
  }
  if (isLegacy(base) && !('messages' in body)) return fromLegacy(body, base);
  if ('prompt' in body && !('messages' in body)) {
    throw validation(`"${shortName(base)}" is not supported on this API. Please use the Messages API instead.`);
  }
  return fromMessages(body, base);
}

/** Parses a CountTokens body (`input.invokeModel.body` base64, or `input.converse`). */
function countCall(text: string, base: string): EmulatedCall {
  const input = parseJson(text).input as Record<string, Record<string, unknown> | undefined> | undefined;
  if (!base.startsWith('anthropic.')) throw validation("The provided model doesn't support counting tokens.");
  if (typeof input?.invokeModel?.body === 'string') return invokeCall(fromUtf8(fromBase64(input.invokeModel.body)), base);
  if (input?.converse) return fromConverse(input.converse, base);
  throw malformed('#: required key [input] not found');
}

/** What arrived, for option errors that may quote the value (not credentials or keys: see `secretKind`). */
const kind = (v: unknown): string => (Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v === 'string' ? JSON.stringify(v.slice(0, 40)) : typeof v === 'object' ? 'an object' : String(v));
/** A value's kind and never its value: `a string`, `an empty string`, `an object`, `null`. */
const secretKind = (v: unknown): string =>
  v === null || v === undefined ? String(v) : v === '' ? 'an empty string' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;
const filled = (s: unknown): boolean => typeof s === 'string' && s.length > 0;
const strings = (v: unknown): boolean => Array.isArray(v) && v.every(filled);

/** Why `c` is not a key pair, by kind only; undefined when it is one. */
function notPair(c: unknown): string | undefined {
  if (!c || typeof c !== 'object' || Array.isArray(c)) return secretKind(c);
  for (const k of ['accessKeyId', 'secretAccessKey'] as const) {
    const v = (c as Partial<Credentials>)[k];
    if (v === undefined) return `an object without ${k}`;
    if (!filled(v)) return `an object with ${secretKind(v)} as ${k}`;
  }
  return undefined;
}

/** Why `v` is not an array of entries `entry` accepts (`an array with a number at [1]`); undefined when it is. */
function notArray(v: unknown, entry: (e: unknown) => string | undefined): string | undefined {
  if (!Array.isArray(v)) return secretKind(v);
  for (const [i, e] of v.entries()) {
    const why = entry(e);
    if (why) return `an array with ${why} at [${i}]`;
  }
  return undefined;
}

/** Throws a `ValidationError` naming the first malformed option. */
function checkOptions(o: EmulatorOptions): void {
  const bad = (field: string, what: string, got: string): never => {
    throw new ValidationError(`createEmulator: ${field} must be ${what}, got ${got}`, { field });
  };
  if (o === null || typeof o !== 'object') bad('options', 'an object', kind(o));
  const pairs = o.credentials === undefined ? undefined : Array.isArray(o.credentials) ? notArray(o.credentials, notPair) : notPair(o.credentials);
  if (pairs) bad('credentials', 'a key pair { accessKeyId, secretAccessKey } or an array of them', pairs);
  const keys = o.apiKeys === undefined ? undefined : notArray(o.apiKeys, (k) => (filled(k) ? undefined : secretKind(k)));
  if (keys) bad('apiKeys', 'an array of non-empty strings', keys);
  if (o.region !== undefined && !(typeof o.region === 'string' && REGION_PATTERN.test(o.region))) bad('region', 'a region such as "us-east-1"', kind(o.region));
  if (o.models !== undefined && !strings(o.models)) bad('models', 'an array of model ids', kind(o.models));
  if (o.reply !== undefined && typeof o.reply !== 'string' && typeof o.reply !== 'function') bad('reply', 'a string or a function', kind(o.reply));
  if (o.faults !== undefined && (o.faults === null || typeof o.faults !== 'object')) bad('faults', 'an object', kind(o.faults));
  if (o.now !== undefined && typeof o.now !== 'function') bad('now', 'a function returning ms', kind(o.now));
  if (o.batchEvents !== undefined && !(Number.isInteger(o.batchEvents) && o.batchEvents >= 1)) bad('batchEvents', 'an integer ≥ 1', kind(o.batchEvents));
}

/** Creates an emulator (see the module docs and `EmulatorOptions`). */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  checkOptions(options);
  const credentials = options.credentials === undefined ? [EXAMPLE_CREDENTIALS] : [options.credentials].flat();
  const region = options.region ?? 'us-east-1';
  const clock = options.now ?? Date.now;
  const requests: EmulatorLogEntry[] = [];
  const counts = (): Record<Operation, number> => ({ InvokeModel: 0, InvokeModelWithResponseStream: 0, Converse: 0, ConverseStream: 0, CountTokens: 0 });
  let seq = 0;
  const emulator: Emulator = {
    faults: options.faults ?? {},
    requests,
    calls: 0,
    counts: counts(),
    now: () => clock() + (emulator.faults.clockSkew ?? 0),
    reset() {
      requests.length = 0;
      (emulator as { calls: number }).calls = 0;
      (emulator as { counts: Record<Operation, number> }).counts = counts();
    },
    async fetch(input, init) {
      const request = input instanceof Request && init === undefined ? input : new Request(input, init);
      const start = emulator.now();
      const url = new URL(request.url);
      const entry: EmulatorLogEntry = { requestId: uuid(), time: start, method: request.method, path: url.pathname, status: 0 };
      requests.push(entry);
      (emulator as { calls: number }).calls++;
      const date = (): Date => new Date(emulator.now());
      const fail = (fault: AwsFault): Response => {
        entry.status = fault.status;
        entry.error = fault.type;
        return faultResponse(fault, entry.requestId, date());
      };
      try {
        const m = /^\/model\/([^/]+)\/([a-z-]+)$/.exec(url.pathname);
        const operation = m ? ROUTES[m[2]!] : undefined;
        if (!m || !operation || request.method !== 'POST') throw new AwsFault(404, 'UnknownOperationException', 'Unknown operation');
        entry.operation = operation;
        const body = new Uint8Array(await request.arrayBuffer());
        const caller = await authenticate(request, url, body, {
          credentials, apiKeys: options.apiKeys ?? [], region, service: 'bedrock', now: start,
        });
        Object.assign(entry, caller);
        const model = decodeURIComponent(m[1]!);
        entry.model = model;
        const base = resolveModel(model);
        const listed = !options.models || options.models.includes(model) || (base !== undefined && options.models.includes(base));
        if (!base || !listed) throw new AwsFault(404, 'ResourceNotFoundException', 'Could not resolve the foundation model from the provided model identifier.');
        const fault = callFault(emulator.faults);
        if (fault) throw fault;
        const text = fromUtf8(body);
        const call = operation === 'CountTokens' ? countCall(text, base)
          : operation.startsWith('Converse') ? fromConverse(parseJson(text), base)
          : invokeCall(text, base);
        if (emulator.faults.headersDelay) await delay(emulator.faults.headersDelay, request.signal);
        if (operation === 'CountTokens') return done(operation, Response.json({ inputTokens: call.promptTokens }));
        checkContext(call, emulator.faults);
        const reply = answer(call, options.reply, ++seq);
        return done(operation, respond(operation, call, reply, start));
      } catch (error) {
        if (request.signal?.aborted && error === request.signal.reason) throw error;
        return fail(error instanceof AwsFault ? error : asFault(error));
      }

      function done(operation: Operation, response: Response): Response {
        entry.status = response.status;
        emulator.counts[operation]++;
        response.headers.set('x-amzn-requestid', entry.requestId);
        response.headers.set('date', date().toUTCString());
        return response;
      }

      function respond(operation: Operation, call: EmulatedCall, reply: Reply, started: number): Response {
        const latency = Math.max(0, Math.round(emulator.now() - started));
        const id = `msg_bdrk_emulator${seq}`;
        const name = shortName(call.model);
        if (operation === 'Converse') return Response.json(converseBody(reply, latency));
        if (operation === 'InvokeModel') {
          const json = call.api === 'legacy' ? legacyBody(reply) : messagesBody(reply, name, id);
          return Response.json(json, {
            headers: {
              'x-amzn-bedrock-input-token-count': String(reply.inputTokens),
              'x-amzn-bedrock-output-token-count': String(reply.outputTokens),
              'x-amzn-bedrock-invocation-latency': String(latency),
            },
          });
        }
        const metrics = { inputTokenCount: reply.inputTokens, outputTokenCount: reply.outputTokens, invocationLatency: latency, firstByteLatency: latency };
        const events: EmulatedEvent[] = operation === 'ConverseStream' ? converseEvents(reply, latency)
          : chunkEvents(call.api === 'legacy' ? legacyEvents(reply, metrics) : messagesEvents(reply, name, id, metrics));
        const plan = streamPlan(emulator.faults, events.length, options.batchEvents);
        const applied = Object.entries(plan).filter(([k, v]) => k !== 'eventDelay' && k !== 'batch' && v !== undefined).map(([k]) => k);
        if (applied.length) entry.error = applied.join(',');
        return new Response(eventStream(events, plan), {
          headers: { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-bedrock-content-type': 'application/json' },
        });
      }
    },
  };
  return emulator;
}

/** The `anthropic_version` value InvokeModel requires. */
export { ANTHROPIC_VERSION };
