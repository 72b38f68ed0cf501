/**
 * Signed fetch for bedrock-runtime: endpoint, SigV4 or bearer auth, retries with full-jitter backoff,
 * clock-skew correction, whole-call and idle timeouts, abort.
 * @module
 */
import type { Credentials } from './types.ts';
import { ProviderError, RateLimitError, TimeoutError, StreamError, ValidationError } from './errors.ts';
import { errorFromResponse } from './errors.ts';
import { sign } from './sigv4.ts';

/** SigV4 service name of bedrock-runtime (not `bedrock-runtime`). */
export const SIGNING_SERVICE = 'bedrock';
/** Retries after the first attempt unless configured. */
export const DEFAULT_MAX_RETRIES = 3;
/** Full-jitter backoff: attempt n waits random() × min(MAX_DELAY, BASE_DELAY × 2ⁿ) ms. */
export const BASE_DELAY = 200;
/** Upper bound of one backoff wait, ms. */
export const MAX_DELAY = 20_000;
/** Region pattern (commercial, GovCloud, ISO partitions): `us-east-1`, `us-gov-west-1`, `us-isob-east-1`. */
export const REGION_PATTERN: RegExp = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d+$/;

const SKEW = /RequestTimeTooSkewed|Signature expired|Signature not yet current/;
const EXPIRED = /ExpiredToken|security token included in the request is expired/i;
const CONTROL = /[\r\n\0]/;

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

/** Throws a ValidationError unless `region` looks like an AWS region. */
export function checkRegion(region: string): string {
  if (!REGION_PATTERN.test(region)) {
    throw new ValidationError(`invalid region: expected a region like "us-east-1", got ${JSON.stringify(region)}`, { field: 'region' });
  }
  return region;
}

/** DNS suffix of a region's partition. */
export function dnsSuffix(region: string): string {
  if (region.startsWith('cn-')) return 'amazonaws.com.cn';
  if (region.startsWith('us-isob-')) return 'sc2s.sgov.gov';
  if (region.startsWith('us-isof-')) return 'csp.hci.ic.gov';
  if (region.startsWith('eu-isoe-')) return 'cloud.adc-e.uk';
  if (region.startsWith('us-iso-')) return 'c2s.ic.gov';
  return 'amazonaws.com';
}

/** `https://bedrock-runtime[-fips].{region}.{suffix}` */
export function regionalEndpoint(region: string, fips = false): string {
  return `https://bedrock-runtime${fips ? '-fips' : ''}.${checkRegion(region)}.${dnsSuffix(region)}`;
}

/** True for localhost, 127.0.0.0/8 and [::1]. */
export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** Parses a base URL (endpoint, gateway): https, or http on loopback only; no query, no fragment. */
export function checkBaseUrl(value: string, field: string): string {
  if (CONTROL.test(value)) throw new ValidationError(`${field} must not contain CR, LF or NUL`, { field });
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ValidationError(`${field} must be an absolute URL, got ${value.length} characters that do not parse as one (not quoted: they may hold user info)`, { field });
  }
  const ok = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname));
  if (!ok) throw new ValidationError(`${field} must use https (http only on loopback), got ${url.protocol}//${url.host}`, { field });
  if (url.search || url.hash || url.username || url.password) {
    throw new ValidationError(`${field} must be a plain base URL without query, fragment or user info`, { field });
  }
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
    if (signal.aborted) return reject(signal.reason);
    const done = (): void => { signal.removeEventListener('abort', stop); resolve(); };
    const timer = setTimeout(done, ms);
    const stop = (): void => { clearTimeout(timer); reject(signal.reason); };
    signal.addEventListener('abort', stop, { once: true });
  });
}

/** Per-call abort scope: caller signals, whole-call timeout, idle timeout, body cancellation. */
class Scope {
  readonly ctl: AbortController = new AbortController();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #idle: ReturnType<typeof setTimeout> | undefined;
  #idleMs = 0;
  #last = 0;
  #unlisten: Array<() => void> = [];
  reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  /** True while backing off between attempts: the idle watchdog does not count that time. */
  paused = false;

  constructor(signals: Array<AbortSignal | undefined>, timeout: number | undefined) {
    for (const s of signals) {
      if (!s) continue;
      if (s.aborted) { this.abort(s.reason); break; }
      const on = (): void => this.abort(s.reason);
      s.addEventListener('abort', on, { once: true });
      this.#unlisten.push(() => s.removeEventListener('abort', on));
    }
    if (timeout !== undefined && !this.ctl.signal.aborted) {
      this.#timer = setTimeout(() => this.abort(new TimeoutError(`request timed out: no complete answer within ${timeout} ms (timeout)`)), timeout);
    }
  }

  get signal(): AbortSignal { return this.ctl.signal; }

  abort(reason: unknown): void {
    if (this.ctl.signal.aborted) return;
    this.ctl.abort(reason);
    this.reader?.cancel(reason).catch(() => {});
    this.dispose();
  }

  /** Starts (or keeps) the idle watchdog; `touch()` marks activity. One timer per idle period, not per chunk. */
  watch(ms: number | undefined): void {
    if (ms === undefined || this.ctl.signal.aborted) return;
    this.#idleMs = ms;
    this.#last = Date.now();
    if (this.#idle === undefined) this.#arm(ms);
  }

  touch(): void { this.#last = Date.now(); }

  #arm(ms: number): void {
    this.#idle = setTimeout(() => {
      const left = this.paused ? this.#idleMs : this.#last + this.#idleMs - Date.now();
      if (left > 0) return this.#arm(left);
      this.abort(new TimeoutError(`stream stalled: no data for ${this.#idleMs} ms (idleTimeout)`));
    }, ms);
  }

  /** Rejects with the abort reason as soon as the scope aborts, whatever `p` does. */
  race<T>(p: Promise<T>): Promise<T> {
    const signal = this.ctl.signal;
    if (signal.aborted) { p.catch(() => {}); return Promise.reject(signal.reason); }
    return new Promise<T>((resolve, reject) => {
      const on = (): void => reject(signal.reason);
      signal.addEventListener('abort', on, { once: true });
      p.then(
        (v) => { signal.removeEventListener('abort', on); resolve(v); },
        (e) => { signal.removeEventListener('abort', on); reject(e); },
      );
    });
  }

  dispose(): void {
    clearTimeout(this.#timer);
    clearTimeout(this.#idle);
    this.#timer = this.#idle = undefined;
    for (const f of this.#unlisten) f();
    this.#unlisten = [];
  }
}

/** Signs and sends bedrock-runtime calls; one instance per provider. */
export class Transport {
  readonly region: string;
  /** Milliseconds added to the local clock when signing (learnt from a skew error). */
  clockOffset = 0;
  #o: TransportOptions;
  #base: string;
  #signBase: string;
  #fetch: (request: Request) => Promise<Response>;
  #maxRetries: number;
  #sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  #random: () => number;

  constructor(options: TransportOptions) {
    this.#o = options;
    this.region = checkRegion(options.region);
    const regional = regionalEndpoint(options.region, options.useFipsEndpoint);
    if (options.gateway) {
      this.#base = `${checkBaseUrl(options.gateway, 'gateway')}/bedrock-runtime/${options.region}`;
      this.#signBase = regional;
    } else {
      this.#base = this.#signBase = options.endpoint ? checkBaseUrl(options.endpoint, 'endpoint') : regional;
    }
    const f = options.fetch;
    this.#fetch = f ? (r) => f(r) : (r) => fetch(r);
    this.#maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.#sleep = options.hooks?.sleep ?? sleep;
    this.#random = options.hooks?.random ?? Math.random;
  }

  /** URL a call is sent to. */
  url(call: Pick<Call, 'model' | 'action'>): string { return this.#base + modelPath(call.model, call.action); }

  /** URL a call is signed for (differs from `url` behind a gateway). */
  signedUrl(call: Pick<Call, 'model' | 'action'>): string { return this.#signBase + modelPath(call.model, call.action); }

  /** Sends a non-streaming call and parses its JSON answer. */
  async send(call: Call): Promise<Reply> {
    const scope = new Scope(call.signals ?? [], this.#o.timeout);
    try {
      const res = await this.#open(call, scope, false);
      const text = await scope.race(res.text()).catch((e: unknown) => {
        if (scope.signal.aborted || e instanceof ProviderError) throw e;
        throw new ProviderError(`connection lost while reading the response: ${(e as Error)?.message ?? String(e)}`, {
          code: 'NetworkError', model: call.model, retryable: true, cause: e,
        });
      });
      return { json: parseJson(text, call.model), requestId: res.headers.get('x-amzn-requestid') ?? undefined, headers: res.headers };
    } finally {
      scope.dispose();
      call.done?.();
    }
  }

  /**
   * Sends a streaming call and yields what `decoder` makes of the body. Items are held back until
   * `commits(item)` is true; until then an in-stream retryable error restarts the call. `call` may be a
   * thunk: it then runs on the first `next()`, so that its errors come from the iterator.
   */
  async *stream<T>(call: Call | (() => Call), decoder: () => Decoder<T>, commits: (item: T) => boolean = () => true): AsyncGenerator<T> {
    const c = typeof call === 'function' ? call() : call;
    const scope = new Scope(c.signals ?? [], this.#o.timeout);
    const tries = { n: 0 };
    let committed = false;
    try {
      for (;;) {
        const res = await this.#open(c, scope, true, tries);
        const held: T[] = [];
        const d = decoder();
        const reader = res.body?.getReader();
        let read = false;
        scope.reader = reader;
        try {
          scope.watch(this.#o.idleTimeout);
          while (reader) {
            let r: ReadableStreamReadResult<Uint8Array>;
            try {
              r = await reader.read();
            } catch (error) {
              if (scope.signal.aborted) throw scope.signal.reason;
              throw new StreamError(`connection lost mid-stream: ${(error as Error)?.message ?? String(error)}`, { cause: error, model: c.model });
            }
            if (scope.signal.aborted) throw scope.signal.reason;
            if (r.done) break;
            scope.touch();
            const items = d.push(r.value);
            for (let i = 0; i < items.length; i++) {
              const item = items[i]!;
              if (committed) { yield item; continue; }
              held.push(item);
              if (!commits(item)) continue;
              committed = true;
              for (const h of held) yield h;
              held.length = 0;
            }
          }
          read = true;
          for (const item of [...held, ...d.end()]) yield item;
          return;
        } catch (error) {
          if (committed || scope.signal.aborted || !isRetryable(error) || tries.n >= this.#maxRetries) throw exhausted(error, tries.n);
          await this.#pause(backoff(tries.n++, this.#random), scope);
        } finally {
          scope.reader = undefined;
          if (!read) reader?.cancel().catch(() => {});
        }
      }
    } finally {
      scope.dispose();
      c.done?.();
    }
  }

  /** Attempts until a 2xx response arrives (retries, skew correction, one credentials refresh), or throws. */
  async #open(call: Call, scope: Scope, streaming: boolean, tries = { n: 0 }): Promise<Response> {
    let skewFixed = false;
    let refreshed = false;
    for (;;) {
      if (scope.signal.aborted) throw scope.signal.reason;
      let error: unknown;
      const req = await scope.race(this.#request(call, streaming, scope.signal)).catch((e: unknown) => {
        if (scope.signal.aborted || e instanceof ProviderError) throw e;
        throw new ValidationError(`request could not be built: ${(e as Error)?.message ?? String(e)}`, { field: 'headers', model: call.model, cause: e });
      });
      try {
        if (streaming) scope.watch(this.#o.idleTimeout);
        const res = await scope.race(this.#fetch(req));
        if (res.ok) return res;
        const body = await scope.race(res.text());
        if (!skewFixed && SKEW.test(body + (res.headers.get('x-amzn-errortype') ?? '')) && this.#fixSkew(res)) {
          skewFixed = true;
          continue;
        }
        error = errorFromResponse(res.status, res.headers, body, call.model);
        const auth = this.#o.auth;
        if (!refreshed && 'invalidate' in auth && auth.invalidate && EXPIRED.test(`${(error as ProviderError).code} ${body}`)) {
          auth.invalidate(); // temporary credentials expired: fetch fresh ones and try once more
          refreshed = true;
          continue;
        }
      } catch (e) {
        if (scope.signal.aborted) throw scope.signal.reason;
        if (e instanceof ProviderError) throw e;
        error = new ProviderError(`network error before the response: ${(e as Error)?.message ?? String(e)}`, {
          code: 'NetworkError', model: call.model, retryable: true, cause: e,
        });
      }
      if (!isRetryable(error) || tries.n >= this.#maxRetries) throw exhausted(error, tries.n);
      await this.#pause(wait(error, backoff(tries.n++, this.#random)), scope);
    }
  }

  /** Backoff sleep; the idle watchdog is paused meanwhile. */
  async #pause(ms: number, scope: Scope): Promise<void> {
    scope.paused = true;
    try {
      await this.#sleep(ms, scope.signal);
    } finally {
      scope.paused = false;
      scope.touch();
    }
  }

  /** Sets `clockOffset` from the response `Date` header; false when there is none. */
  #fixSkew(res: Response): boolean {
    const server = Date.parse(res.headers.get('date') ?? '');
    if (Number.isNaN(server)) return false;
    this.clockOffset = server - Date.now();
    return true;
  }

  async #request(call: Call, streaming: boolean, signal: AbortSignal): Promise<Request> {
    const headers: Record<string, string> = { ...this.#o.headers, 'content-type': 'application/json' };
    if (call.action === 'invoke-with-response-stream') headers['x-amzn-bedrock-accept'] = '*/*';
    else if (!streaming && call.action === 'invoke') headers['accept'] = 'application/json';
    const auth = this.#o.auth;
    let out: Headers;
    if ('apiKey' in auth) {
      out = new Headers(headers);
      out.set('authorization', `Bearer ${auth.apiKey}`);
    } else {
      const credentials = await auth.credentials();
      out = await sign(
        { method: 'POST', url: this.signedUrl(call), headers, body: call.body },
        { region: this.region, service: SIGNING_SERVICE, credentials, clockOffset: this.clockOffset },
      );
      out.delete('host');
    }
    return new Request(this.url(call), { method: 'POST', headers: out, body: call.body, signal });
  }
}

/** The backoff, or the server's `Retry-After` when longer (capped at MAX_DELAY). */
function wait(error: unknown, jitter: number): number {
  const after = error instanceof RateLimitError ? error.retryAfter : undefined;
  return after === undefined ? jitter : Math.max(jitter, Math.min(MAX_DELAY, after * 1000));
}

/** Adds the attempt count to errors that ran out of retries. */
function exhausted(error: unknown, attempt: number): unknown {
  if (attempt > 0 && (error instanceof RateLimitError || isRetryable(error))) {
    (error as Error).message += ` (gave up after ${attempt + 1} attempts)`;
  }
  return error;
}

function parseJson(text: string, model: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new ProviderError(`expected a JSON response body, got ${JSON.stringify(text.slice(0, 80))}`, { code: 'InvalidResponse', model, cause });
  }
}
