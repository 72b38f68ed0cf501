/**
 * Signed fetch for bedrock-runtime: endpoint, SigV4 or bearer auth, retries with full-jitter backoff,
 * clock-skew correction, whole-call and idle timeouts, abort.
 * @module
 */
import type { Credentials } from './types.ts';
import { AuthenticationError, ProviderError, RateLimitError, TimeoutError, StreamError, ValidationError, errorFromResponse, redactSecrets } from './errors.ts';
import { lazy } from './lazy.ts';
import { CONTROL, CONTROL_RUNS, NO_CONTROL, REGION_PATTERN, article, isLoopback, why } from './check.ts';

/** SigV4 service name of bedrock-runtime (not `bedrock-runtime`). */
export const SIGNING_SERVICE = 'bedrock';
/** Retries after the first attempt unless configured. */
export const DEFAULT_MAX_RETRIES = 3;
/** Full-jitter backoff: attempt n waits random() × min(MAX_DELAY, BASE_DELAY × 2ⁿ) ms. */
export const BASE_DELAY = 200;
/** Upper bound of one backoff wait, ms. */
export const MAX_DELAY = 20_000;

/** The signer, loaded on the first SigV4 call: clients with an API key or behind a keyless proxy never load it. */
export const signer: () => Promise<typeof import('./sigv4.ts')> = /* @__PURE__ */ lazy('the SigV4 signer', () => import('./sigv4.ts'));

const SKEW = /TimeTooSkewed|Signature (expired|not yet current)/;
const EXPIRED = /ExpiredToken|security token included in the request is expired/i;
/** DNS suffixes of the partitions other than `aws` (`amazonaws.com`), by region prefix. */
const SUFFIXES: Array<[string, string]> = [
  ['cn-', 'amazonaws.com.cn'], ['us-isob-', 'sc2s.sgov.gov'], ['us-isof-', 'csp.hci.ic.gov'], ['eu-isoe-', 'cloud.adc-e.uk'], ['us-iso-', 'c2s.ic.gov'],
];

/** Seams for specs: backoff sleep, jitter source. Not part of the public API. */
export interface TransportHooks {
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  random?: () => number;
}

/** Symbol under which `BedrockProvider` config carries `TransportHooks` (internal, specs only). */
export const HOOKS: unique symbol = Symbol('bedrock.transport.hooks');

/** How requests are authorized: SigV4 with resolved credentials, or a Bedrock API key. */
export type Auth = { credentials: () => Promise<Credentials>; invalidate?: () => void } | { apiKey: string };

/** Transport settings (a resolved subset of `BedrockConfig`). */
export interface TransportOptions {
  region: string;
  auth: Auth;
  endpoint?: string;
  gateway?: string;
  useFipsEndpoint?: boolean;
  fetch?: (request: Request) => Promise<Response>;
  maxRetries?: number;
  timeout?: number;
  idleTimeout?: number;
  headers?: Record<string, string>;
  hooks?: TransportHooks;
}

/** One operation: `POST /model/{model}/{action}` with a JSON body. */
export interface Call {
  model: string;
  action: 'invoke' | 'invoke-with-response-stream' | 'converse' | 'converse-stream' | 'count-tokens';
  body: string;
  /** Caller's signals (user abort, provider close); the first reason wins. */
  signals?: Array<AbortSignal | undefined>;
  /** Called once when the call has settled (success, error or cancel). */
  done?: () => void;
}

/** A successful non-streaming answer. */
export interface Reply { json: unknown; requestId: string | undefined; headers: Headers }

/** Incremental stream parser: bytes in, items out; `end()` flushes or throws on truncation. */
export interface Decoder<T> { push(chunk: Uint8Array): T[]; end(): T[] }

/** One call's attempts: how many were retried, and the secrets they sent (redacted from errors). */
interface Attempts { n: number; secrets: Set<string> }

/** The media type of an event-stream answer. */
const EVENT_STREAM = 'application/vnd.amazon.eventstream';
/**
 * Media types a streaming answer may carry (case-insensitive, parameters ignored), or none at all: the event
 * stream's own, or a generic binary one (gateways and proxies may relabel a binary body).
 */
const STREAM_TYPES: ReadonlySet<string> = new Set([EVENT_STREAM, 'application/octet-stream', 'binary/octet-stream']);
/** True when a streaming answer's `content-type` (null when absent) may hold an event stream. */
const streamType = (type: string | null): boolean => type === null || STREAM_TYPES.has(type.split(';')[0]!.trim().toLowerCase());

const noop = (): void => {};
/** A `ValidationError` for `field`. */
export const invalid = (field: string, message: string): ValidationError => new ValidationError(message, { field });
const network = (what: string, cause: unknown, model: string): ProviderError =>
  new ProviderError(`${what}: ${why(cause)}`, { code: 'NetworkError', model, retryable: true, cause });
/** What was thrown, for a message that must not quote it: `an Error`, `a TypeError`, `a string`, `null`, … */
const thrown = (e: unknown): string => {
  const name: unknown = e instanceof Error ? e.name : undefined;
  return typeof name === 'string' && /^[A-Za-z_$][\w$]{0,63}$/.test(name) ? article(name) : e == null ? String(e) : article(typeof e);
};
/**
 * A credentials provider's failure: a `ProviderError` as it is, anything else an `AuthenticationError` wrapping
 * it. The message names what was thrown but never quotes it (a provider's text may hold a secret, such as an
 * STS answer); the thrown value itself is the `cause`.
 */
const credentialsFailed = (cause: unknown): never => {
  throw cause instanceof ProviderError ? cause
    : new AuthenticationError(`the credentials provider threw ${thrown(cause)} (see cause)`, { code: 'CredentialsProviderError', cause });
};

/** Throws a ValidationError unless `region` looks like an AWS region. */
export function checkRegion(region: string): string {
  if (!REGION_PATTERN.test(region)) {
    throw invalid('region', `region: expected e.g. "us-east-1" (config.region, AWS_REGION or AWS_DEFAULT_REGION), got ${JSON.stringify(region)}`);
  }
  return region;
}

/** DNS suffix of a region's partition. */
export function dnsSuffix(region: string): string {
  return SUFFIXES.find(([prefix]) => region.startsWith(prefix))?.[1] ?? 'amazonaws.com';
}

/** `https://bedrock-runtime[-fips].{region}.{suffix}` */
export function regionalEndpoint(region: string, fips = false): string {
  return `https://bedrock-runtime${fips ? '-fips' : ''}.${checkRegion(region)}.${dnsSuffix(region)}`;
}

/** Parses a base URL (endpoint, gateway): https, or http on loopback only; no query, no fragment. */
export function checkBaseUrl(value: string, field: string): string {
  if (CONTROL.test(value)) throw invalid(field, field + NO_CONTROL);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(field, `${field} is not an absolute URL (not shown: it may hold user info)`);
  }
  if (!(url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname)))) {
    throw invalid(field, `${field} must use https (http only on loopback), got ${url.protocol}//${url.host}`);
  }
  if (url.search || url.hash || url.username || url.password) throw invalid(field, `${field} must have no query, fragment or user info`);
  return url.origin + url.pathname.replace(/\/+$/, '');
}

/** `/model/{percent-encoded id}/{action}` (`:` → `%3A`, `/` → `%2F`). */
export function modelPath(model: string, action: string): string {
  return `/model/${encodeURIComponent(model)}/${action}`;
}

/**
 * Retryable: a `ProviderError` marked `retryable` by the error mapper (408/424/429/5xx answers,
 * throttling/unavailable/internal/not-ready exceptions, in-stream or not) or a network error.
 */
export function isRetryable(error: unknown): boolean {
  return error instanceof ProviderError && error.retryable;
}

/** Full-jitter backoff for retry `attempt` (0-based), ms. */
export function backoff(attempt: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(MAX_DELAY, BASE_DELAY * 2 ** attempt));
}

/** Waits `ms`, rejecting with the signal's reason on abort; never leaves a timer behind. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const stop = (): void => { clearTimeout(timer); reject(signal.reason); };
    const timer = setTimeout(() => { signal.removeEventListener('abort', stop); resolve(); }, ms);
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
  });
}

/** One call's abort scope (see `newScope`). */
interface Scope {
  readonly signal: AbortSignal;
  /** The body being read: aborting cancels it. */
  reader?: ReadableStreamDefaultReader<Uint8Array> | undefined;
  /** Marks the start of a wait for data (headers or a body chunk); starts the idle watchdog on first use. */
  watch(): void;
  /** Marks the end of a wait: the time the caller spends with the data is not idle time. */
  rest(): void;
  /** Backoff wait; the idle watchdog does not count it. */
  pause(ms: number, sleeper?: TransportHooks['sleep']): Promise<void>;
  /** Rejects with the abort reason as soon as the scope aborts, whatever `p` does. */
  race<T>(p: Promise<T>): Promise<T>;
  /** Stops timers and listeners. */
  dispose(): void;
}

/**
 * One call's abort scope: the caller's signals and the whole-call timeout abort it; so does the idle watchdog
 * (one timer per idle period, not per chunk; backoff waits and rests do not count).
 */
function newScope(signals: Array<AbortSignal | undefined>, timeout?: number, idle?: number): Scope {
  const ctl = new AbortController(), signal = ctl.signal, offs: Array<() => void> = [];
  let timer: ReturnType<typeof setTimeout> | undefined, last = 0, resting = false;
  const abort = (reason: unknown): void => {
    if (signal.aborted) return;
    ctl.abort(reason);
    s.reader?.cancel(reason).catch(noop);
    s.dispose();
  };
  const arm = (ms: number): void => {
    timer = setTimeout(() => {
      const left = resting ? idle! : last + idle! - Date.now();
      if (left > 0) arm(left);
      else abort(new TimeoutError(`no data for ${idle} ms (idleTimeout)`));
    }, ms);
  };
  const s: Scope = {
    signal,
    watch() {
      last = Date.now();
      resting = false;
      if (idle && !timer && !signal.aborted) arm(idle);
    },
    rest() {
      resting = true;
    },
    async pause(ms, sleeper = sleep) {
      s.rest();
      try {
        await sleeper(ms, signal);
      } finally {
        s.watch();
      }
    },
    race: <T>(p: Promise<T>): Promise<T> => new Promise<T>((resolve, reject) => {
      const stop = (): void => reject(signal.reason);
      if (signal.aborted) stop();
      else signal.addEventListener('abort', stop, { once: true });
      p.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
    }),
    dispose() {
      clearTimeout(timer);
      for (const off of offs.splice(0)) off();
    },
  };
  for (const x of signals) {
    if (x?.aborted) abort(x.reason);
    if (!x || signal.aborted) continue;
    const on = (): void => abort(x.reason);
    x.addEventListener('abort', on, { once: true });
    offs.push(() => x.removeEventListener('abort', on));
  }
  if (timeout !== undefined && !signal.aborted) {
    const t = setTimeout(() => abort(new TimeoutError(`no complete answer within ${timeout} ms (timeout)`)), timeout);
    offs.push(() => clearTimeout(t));
  }
  return s;
}

/** Signs and sends bedrock-runtime calls; one instance per provider. */
export class Transport {
  /** Milliseconds added to the local clock when signing (learnt from a skew error). */
  clockOffset = 0;
  #o: TransportOptions;
  /** Where calls go, and the origin they are signed for (the regional endpoint behind a gateway). */
  #base: string;
  #signBase: string;
  /** The host calls go to, for network error messages (never a path or query). */
  #host: string;

  constructor(o: TransportOptions) {
    this.#o = o;
    const regional = regionalEndpoint(o.region, o.useFipsEndpoint);
    this.#base = o.gateway
      ? `${checkBaseUrl(o.gateway, 'gateway')}/bedrock-runtime/${o.region}`
      : o.endpoint ? checkBaseUrl(o.endpoint, 'endpoint') : regional;
    this.#signBase = o.gateway ? regional : this.#base;
    this.#host = new URL(this.#base).host;
  }

  /**
   * Sends a non-streaming call and parses its JSON answer. `idleTimeout` bounds each wait for a chunk of the
   * body, not the wait for the headers: Bedrock sends them once the whole answer is generated (only `timeout`
   * bounds that).
   */
  async send(call: Call): Promise<Reply> {
    const scope = newScope(call.signals ?? [], this.#o.timeout, this.#o.idleTimeout), { model } = call, tries: Attempts = { n: 0, secrets: new Set() };
    try {
      const res = await this.#open(call, scope, tries, false);
      const text = await scope.race(readText(res, scope)).catch((e: unknown) => {
        scope.signal.throwIfAborted();
        throw network(`connection lost reading the response from ${this.#host}`, e, model);
      });
      try {
        return { json: JSON.parse(text), requestId: res.headers.get('x-amzn-requestid') ?? undefined, headers: res.headers };
      } catch (cause) {
        throw new ProviderError(`expected a JSON body, got ${JSON.stringify(redactSecrets(text, tries.secrets).slice(0, 80))}`, { code: 'InvalidResponse', model });
      }
    } finally {
      scope.dispose();
      call.done?.();
    }
  }

  /**
   * Sends a streaming call and yields what `decoder` makes of the body. Items are held back until
   * `commits(item)` is true; until then an in-stream retryable error restarts the call. `call` may be a
   * (possibly async) thunk: it then runs on the first `next()`, so that its errors come from the iterator.
   */
  async *stream<T>(call: Call | (() => Call | Promise<Call>), decoder: () => Decoder<T>, commits: (item: T) => boolean = () => true): AsyncGenerator<T> {
    const c = typeof call === 'function' ? await call() : call;
    const scope = newScope(c.signals ?? [], this.#o.timeout, this.#o.idleTimeout), { signal } = scope;
    const tries: Attempts = { n: 0, secrets: new Set() };
    let committed = false;
    try {
      for (;;) {
        const res = await this.#open(c, scope, tries);
        const type = res.headers.get('content-type');
        if (!streamType(type)) throw await this.#notStream(res, type!, scope, c.model, tries.secrets);
        const held: T[] = [], d = decoder(), reader = (scope.reader = res.body?.getReader());
        let read = false;
        try {
          while (reader) {
            scope.watch();
            const r = await reader.read().catch((e: unknown) => {
              signal.throwIfAborted();
              throw new StreamError(`connection lost mid-stream: ${why(e)}`, { cause: e, model: c.model });
            });
            signal.throwIfAborted();
            scope.rest();
            if (r.done) break;
            for (const item of d.push(r.value)) {
              if (committed) {
                yield item;
                continue;
              }
              held.push(item);
              if ((committed = commits(item))) yield* held.splice(0);
            }
          }
          read = true;
          yield* [...held, ...d.end()];
          return;
        } catch (error) {
          // decoders quote Bedrock's messages, which could echo what was sent
          // (the stack too: some engines format it when the error is made, with the message as it was then)
          if (error instanceof ProviderError) for (const k of ['message', 'stack'] as const) error[k] &&= redactSecrets(error[k], tries.secrets);
          await this.#retry(error, tries, scope, !committed);
        } finally {
          if (!read) reader?.cancel().catch(noop);
        }
      }
    } finally {
      scope.dispose();
      c.done?.();
    }
  }

  /** The error for a 2xx answer to a streaming call that is not an event stream (e.g. a captive portal's page). */
  async #notStream(res: Response, type: string, scope: Scope, model: string, secrets: Iterable<string>): Promise<ProviderError> {
    const reader = (scope.reader = res.body?.getReader());
    const first = await scope.race(reader?.read() ?? Promise.resolve(undefined)).catch(() => {
      scope.signal.throwIfAborted(); // the caller's abort or a timeout while reading is that, not a bad answer
      return undefined;
    });
    reader?.cancel().catch(noop);
    const head = redactSecrets(first?.value ? new TextDecoder().decode(first.value) : '', secrets).slice(0, 80);
    const shown = type.replace(CONTROL_RUNS, ' ').slice(0, 80);
    return new ProviderError(`expected ${EVENT_STREAM}, got ${shown}: ${JSON.stringify(head)}`, { code: 'InvalidResponse', status: res.status, model });
  }

  /**
   * Attempts until a 2xx response arrives (retries, skew correction, one credentials refresh), or throws.
   * `idleTimeout` bounds the wait for the headers when `watchHeaders` (streams), else only `timeout` does.
   */
  async #open(call: Call, scope: Scope, tries: Attempts, watchHeaders = true): Promise<Response> {
    const { signal, race } = scope, { model } = call;
    let skewFixed = false, refreshed = false;
    for (;;) {
      signal.throwIfAborted();
      const req = await race(this.#request(call, signal, tries)).catch((e: unknown) => {
        throw signal.aborted || e instanceof ProviderError ? e : new ValidationError(`request could not be built: ${why(e)}`, { field: 'headers', model, cause: e });
      });
      let error: unknown;
      try {
        if (watchHeaders) scope.watch();
        else scope.rest(); // also after a backoff wait, which ends with a watch
        const res = await race((this.#o.fetch ?? fetch)(req));
        if (res.ok) return res;
        const body = await race(res.text()), date = Date.parse(res.headers.get('date') as string);
        if (!skewFixed && SKEW.test(body + res.headers.get('x-amzn-errortype')) && !Number.isNaN(date)) {
          this.clockOffset = date - Date.now();
          skewFixed = true;
          continue;
        }
        error = errorFromResponse(res.status, res.headers, body, model, tries.secrets);
        const { invalidate } = this.#o.auth as { invalidate?: () => void };
        if (!refreshed && invalidate && EXPIRED.test(`${(error as ProviderError).code} ${body}`)) {
          invalidate(); // temporary credentials expired: fetch fresh ones and try once more
          refreshed = true;
          continue;
        }
      } catch (e) {
        signal.throwIfAborted();
        if (e instanceof ProviderError) throw e;
        error = network(`network error before the response from ${this.#host}`, e, model);
      }
      await this.#retry(error, tries, scope);
    }
  }

  /**
   * Throws `error` (with the attempt count when it ran out of retries) unless `can` and it is retryable with
   * retries left; else waits the backoff, or the server's `Retry-After` when longer (capped at MAX_DELAY).
   */
  async #retry(error: unknown, tries: Attempts, scope: Scope, can = true): Promise<void> {
    const n = tries.n, { hooks } = this.#o;
    if (!can || scope.signal.aborted || !isRetryable(error) || n >= (this.#o.maxRetries ?? DEFAULT_MAX_RETRIES)) {
      if (n > 0 && (error instanceof RateLimitError || isRetryable(error))) (error as Error).message += ` (gave up after ${n + 1} attempts)`;
      throw error;
    }
    const after = error instanceof RateLimitError ? error.retryAfter : undefined;
    const jitter = backoff(tries.n++, hooks?.random);
    await scope.pause(after === undefined ? jitter : Math.max(jitter, Math.min(MAX_DELAY, after * 1000)), hooks?.sleep);
  }

  /** Builds one attempt's request; adds the secrets it carries to `tries.secrets`. */
  async #request(call: Call, signal: AbortSignal, tries: Attempts): Promise<Request> {
    const { auth } = this.#o, { body } = call, path = modelPath(call.model, call.action);
    const headers: Record<string, string> = { ...this.#o.headers, 'content-type': 'application/json' };
    if (call.action === 'invoke-with-response-stream') headers['x-amzn-bedrock-accept'] = '*/*';
    else if (call.action === 'invoke') headers.accept = 'application/json';
    let out: Headers;
    if ('apiKey' in auth) {
      tries.secrets.add(auth.apiKey);
      (out = new Headers(headers)).set('authorization', `Bearer ${auth.apiKey}`);
    } else {
      // the first call loads the signer while the credentials resolve
      const [credentials, { sign }] = await Promise.all([(async () => auth.credentials())().catch(credentialsFailed), signer()]);
      const options = { region: this.#o.region, service: SIGNING_SERVICE, credentials, clockOffset: this.clockOffset };
      tries.secrets.add(credentials.secretAccessKey);
      if (credentials.sessionToken) tries.secrets.add(credentials.sessionToken);
      out = await sign({ method: 'POST', url: this.#signBase + path, headers, body }, options);
      out.delete('host');
      tries.secrets.add(out.get('authorization')!.split('Signature=')[1]!);
    }
    return new Request(this.#base + path, { method: 'POST', headers: out, body, signal });
  }
}

/** Reads a body as UTF-8 text, chunk by chunk, so that `idleTimeout` bounds each wait (cancelled on abort). */
async function readText(res: Response, scope: Scope): Promise<string> {
  const reader = (scope.reader = res.body?.getReader()), decoder = new TextDecoder();
  let text = '';
  for (;;) {
    scope.watch();
    const r = await reader?.read();
    if (!r || r.done) return text + decoder.decode();
    text += decoder.decode(r.value, { stream: true });
  }
}
