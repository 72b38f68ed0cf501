/**
 * Typed errors. Every error this library throws is a `ProviderError` (or the caller's own abort reason).
 * Messages say what was expected and what arrived, and never hold a secret.
 * @module
 */
import { CONTROL_RUNS } from './check.ts';

/** Fields shared by every `ProviderError`. */
export interface ErrorFields {
  /** Machine-readable code: the Bedrock exception name or one of ours (`ValidationError`, `StreamError`, …). */
  code?: string;
  status?: number;
  model?: string;
  requestId?: string;
  retryable?: boolean;
  cause?: unknown;
}

/**
 * The `name` of the nearest class of this module in `C`'s chain: theirs is a static field (enumerable), while a
 * subclass a user declares only has the function's own, non-enumerable `name`, so it keeps its parent's.
 */
const ours = (C: Function): string => (named(C) ? C.name : ours(Object.getPrototypeOf(C) as Function));
/** True for a class of this module (its `name` is an own, enumerable static field), false for a user's subclass. */
const named = (C: unknown): boolean => !!Object.getOwnPropertyDescriptor(C as object, 'name')?.enumerable;
/** Marks the classes of this module in every copy of it. */
const BRAND = Symbol.for('@ainative/bedrock.ProviderError');

/**
 * Base class: `provider` is always `bedrock`. `name` is the static `name` of the nearest class of this module
 * (kept through minification; a user's subclass keeps its parent's); `code` defaults to it.
 */
export class ProviderError extends Error {
  static override name = 'ProviderError';
  declare readonly provider: 'bedrock';
  declare code: string;
  declare status: number | undefined;
  declare model: string | undefined;
  declare requestId: string | undefined;
  declare retryable: boolean;

  static {
    Object.defineProperty(this, BRAND, { value: true });
  }

  /**
   * `instanceof` that holds across copies of this module (each entry point of the built package may carry its own):
   * a value is an instance of one of these classes when its class, or one it extends, is the class of that name in
   * any copy. A user's subclass is matched by identity, as usual.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    if (!named(this) || value === null || typeof value !== 'object') return false;
    for (let p: object | null = Object.getPrototypeOf(value); p; p = Object.getPrototypeOf(p)) {
      const C = (p as { constructor?: Function }).constructor;
      if (C && (C as unknown as Record<symbol, unknown>)[BRAND] && named(C) && C.name === this.name) return true;
    }
    return false;
  }

  constructor(message: string, fields: ErrorFields = {}) {
    super(message, fields.cause === undefined ? undefined : { cause: fields.cause });
    this.name = ours(new.target);
    this.provider = 'bedrock';
    this.code = fields.code ?? this.name;
    this.status = fields.status;
    this.model = fields.model;
    this.requestId = fields.requestId;
    this.retryable = fields.retryable ?? false;
  }
}

const FOR = 'for provider "bedrock"';
const tail = (detail?: string): string => (detail ? `: ${detail}` : '');

/** Credentials missing, rejected or expired (403, `UnrecognizedClientException`, …). */
export class AuthenticationError extends ProviderError {
  static override name = 'AuthenticationError';
  constructor(detail: string, fields?: ErrorFields) {
    super(`authentication failed ${FOR}: ${detail}`, fields);
  }
}

/** Throttled (429, `ThrottlingException`). `retryAfter` is in seconds when known. */
export class RateLimitError extends ProviderError {
  static override name = 'RateLimitError';
  declare retryAfter: number | undefined;
  constructor(fields: ErrorFields & { retryAfter?: number; detail?: string } = {}) {
    super(`rate limit exceeded ${FOR}${tail(fields.detail)}`, { code: 'ThrottlingException', retryable: true, ...fields });
    this.retryAfter = fields.retryAfter;
  }
}

/** The prompt does not fit the model's context window. Token numbers are set when Bedrock gives them. */
export class ContextLengthError extends ProviderError {
  static override name = 'ContextLengthError';
  declare requestTokens: number | undefined;
  declare maxTokens: number | undefined;
  constructor(fields: ErrorFields & { requestTokens?: number; maxTokens?: number; detail?: string } = {}) {
    super(`context length exceeded ${FOR} model "${fields.model ?? ''}"${tail(fields.detail)}`, { code: 'ValidationException', ...fields });
    this.requestTokens = fields.requestTokens;
    this.maxTokens = fields.maxTokens;
  }
}

/** Unknown model id, or no access to it (404 `ResourceNotFoundException`). */
export class ModelNotFoundError extends ProviderError {
  static override name = 'ModelNotFoundError';
  constructor(detail: string, fields: ErrorFields = {}) {
    super(`model not found ${FOR} model "${fields.model ?? ''}": ${detail}`, { code: 'ResourceNotFoundException', ...fields });
  }
}

/** Bad input: caught before sending (`field` names it) or rejected by Bedrock (400 `ValidationException`). */
export class ValidationError extends ProviderError {
  static override name = 'ValidationError';
  declare field: string | undefined;
  constructor(message: string, fields?: ErrorFields & { field?: string }) {
    super(message, fields);
    this.field = fields?.field;
  }
}

/**
 * `timeout` (whole call) or `idleTimeout` (no data for that long: a stream's headers or next chunk, or the next body
 * chunk of a non-streaming answer; not the headers of `chat()`/`countTokens()`, sent once the answer is generated) elapsed.
 */
export class TimeoutError extends ProviderError {
  static override name = 'TimeoutError';
}

/** Corrupt, oversized or truncated event stream. */
export class StreamError extends ProviderError {
  static override name = 'StreamError';
}

/** A guard: an instance of `C` whose `name` is `C.name`. */
const is =
  <T extends ProviderError>(C: (abstract new (...args: never[]) => T) & { name: string }) =>
  (error: unknown): error is T =>
    error instanceof C && (error as Error).name === C.name;

/** True for any error of this library (checks the class and `provider`). */
export const isProviderError = (error: unknown): error is ProviderError =>
  error instanceof ProviderError && error.provider === 'bedrock';
/** True for an `AuthenticationError` (class and `.name`). */
export const isAuthenticationError: (e: unknown) => e is AuthenticationError = /* @__PURE__ */ is(AuthenticationError);
/** True for a `RateLimitError` (class and `.name`). */
export const isRateLimitError: (e: unknown) => e is RateLimitError = /* @__PURE__ */ is(RateLimitError);
/** True for a `ContextLengthError` (class and `.name`). */
export const isContextLengthError: (e: unknown) => e is ContextLengthError = /* @__PURE__ */ is(ContextLengthError);
/** True for a `ModelNotFoundError` (class and `.name`). */
export const isModelNotFoundError: (e: unknown) => e is ModelNotFoundError = /* @__PURE__ */ is(ModelNotFoundError);
/** True for a `ValidationError` (class and `.name`). */
export const isValidationError: (e: unknown) => e is ValidationError = /* @__PURE__ */ is(ValidationError);
/** True for a `TimeoutError` (class and `.name`). */
export const isTimeoutError: (e: unknown) => e is TimeoutError = /* @__PURE__ */ is(TimeoutError);
/** True for a `StreamError` (class and `.name`). */
export const isStreamError: (e: unknown) => e is StreamError = /* @__PURE__ */ is(StreamError);

/** Statuses worth retrying (DESIGN: 408, 424, 429, 500, 502, 503, 504). */
export const RETRYABLE_STATUS: ReadonlySet<number> = new Set([408, 424, 429, 500, 502, 503, 504]);
/** Exception names worth retrying whatever the status (HTTP answers and in-stream frames). */
export const RETRYABLE_CODES: ReadonlySet<string> = new Set([
  'ThrottlingException',
  'ModelNotReadyException',
  'ServiceUnavailableException',
  'InternalServerException',
]);
/**
 * Exception names of rejected, missing or expired credentials, whatever the status: UnrecognizedClient,
 * Invalid/IncompleteSignature, ExpiredToken, MissingAuthenticationToken, AccessDenied (…Exception),
 * InvalidClientTokenId, SignatureDoesNotMatch, RequestTimeTooSkewed.
 */
const AUTH = /Signature|[a-z]Token(?:Exception|Id)|AccessDenied|Unrecognized|Skewed/;
/** Exception names that mean throttling (the quota one is not retried). */
const RATE = /^(?:Throttling|TooManyRequests|ServiceQuotaExceeded)Exception$/;
/** HTTP status of each in-stream exception (name without `Exception`), as Bedrock documents them. */
const STREAM_STATUS: Record<string, number> = {
  Validation: 400, AccessDenied: 403, ResourceNotFound: 404, ModelTimeout: 408,
  ModelStreamError: 424, Throttling: 429, InternalServer: 500, ServiceUnavailable: 503,
};
/** A context-length message; groups: the numbers of `prompt is too long: N tokens > M maximum` and `… exceed context limit: A + B > L`. */
const CONTEXT = /(?:too long|context limit)(?::\s*(\d+)\D+?(\d+)(?:\s*>\s*(\d+))?)?|context (?:length|window)|too many (?:input )?tokens/i;
const MODEL_MISSING = /model identifier is invalid|resolve the foundation model|model .* (?:does not exist|is not supported)/i;

/** The mark `clean` puts where it cut a text short. */
const CUT = '…';
/** Longest detail `clean` keeps, in characters. */
const MAX_DETAIL = 300;

/** Cuts what must not be echoed: AWS appends the canonical request (signed headers, session token) to signature errors. */
function clean(text: string): string {
  const kept = text.split(/\n\s*\n|The (?:Canonical String|String-to-Sign)/)[0]!.replace(CONTROL_RUNS, ' ').trim();
  return kept.length > MAX_DETAIL ? kept.slice(0, MAX_DETAIL) + CUT : kept;
}

/** Shortest secret `redactSecrets` looks for. */
const MIN_SECRET_LENGTH = 8;
/** Shortest start of a secret `redactSecrets` removes before a cut (`…`). */
const MIN_SECRET_START = 4;

/** `text` with the longest start (≥ MIN_SECRET_START characters) of `secret` that ends right before a `…` replaced. */
function redactCut(text: string, secret: string): string {
  let out = '', from = 0;
  for (let i = text.indexOf(CUT); i >= 0; i = text.indexOf(CUT, i + 1)) {
    for (let k = Math.min(secret.length - 1, i - from); k >= MIN_SECRET_START; k--) {
      if (text.charCodeAt(i - k) !== secret.charCodeAt(0) || !secret.startsWith(text.slice(i - k, i))) continue;
      out += text.slice(from, i - k) + '[redacted]';
      from = i;
      break;
    }
  }
  return out + text.slice(from);
}

/**
 * `text` with every occurrence of each secret (and of its URL-encoded form) replaced by `[redacted]`: for text an
 * upstream (Bedrock, a gateway, a proxy) may echo from the request, such as a session token or signature.
 * A text cut short (`…`, as error details longer than 300 characters are) may end with the first characters of a
 * secret: the longest such start (4 characters or more) right before a `…` is replaced too.
 * Missing secrets and secrets shorter than 8 characters (they would match ordinary words; no AWS or Bedrock
 * credential is that short) are skipped.
 */
export function redactSecrets(text: string, secrets: Iterable<string | null | undefined> = []): string {
  const forms = new Set<string>();
  for (const s of secrets) if (typeof s === 'string' && s.length >= MIN_SECRET_LENGTH) forms.add(s).add(encodeURIComponent(s));
  for (const form of forms) text = text.split(form).join('[redacted]');
  if (text.includes(CUT)) for (const form of forms) text = redactCut(text, form);
  return text;
}

/** Seconds from a `Retry-After` header (delta-seconds or HTTP date); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+(?:\.\d+)?\s*$/.test(value)) return +value;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/** One mapping for HTTP answers and in-stream exceptions (`stream`: only RETRYABLE_CODES retry there). */
function classify(
  code: string | undefined, detail: string, status: number | undefined, model: string | undefined,
  stream: boolean, requestId?: string, retryAfter?: number,
): ProviderError {
  const f: ErrorFields = { status, model, requestId };
  if (code) f.code = code;
  const validation = code ? code === 'ValidationException' : status === 400;
  const context = validation && CONTEXT.exec(detail);
  if (context) {
    const [, a, b, c] = context;
    return new ContextLengthError({ ...f, detail, requestTokens: a ? +a + (c ? +b! : 0) : undefined, maxTokens: a ? +(c ?? b!) : undefined });
  }
  if (validation && MODEL_MISSING.test(detail)) return new ModelNotFoundError(detail, f);
  if (AUTH.test(code!) || status === 401 || status === 403) return new AuthenticationError(detail, f);
  if (RATE.test(code!) || (status === 429 && code !== 'ModelNotReadyException')) {
    return new RateLimitError({ ...f, detail, retryAfter, retryable: code !== 'ServiceQuotaExceededException' });
  }
  if (code === 'ResourceNotFoundException' || status === 404) return new ModelNotFoundError(detail, f);
  if (validation) return new ValidationError(`request rejected ${FOR}: ${detail}`, { code: 'ValidationException', ...f });
  const retryable = RETRYABLE_CODES.has(code!) || (!stream && RETRYABLE_STATUS.has(status!));
  return new ProviderError(`request failed ${FOR} (${code ?? `HTTP ${status}`}): ${detail}`, { ...f, code: code ?? `HTTP${status}`, retryable });
}

/**
 * Maps a non-2xx Bedrock answer to a typed error: the exception name from `x-amzn-ErrorType` (before the
 * first `:`) or the body's `__type` (after `#`), the message from `message`/`Message` (a non-JSON body
 * gives its first characters), the request id from `x-amzn-RequestId`, `retryAfter` from `Retry-After`.
 * `secrets` (the request's secret key, session token, signature or API key) are replaced by `[redacted]`
 * wherever the answer echoes them (see `redactSecrets`).
 */
export function errorFromResponse(status: number, headers: Headers, body: string, model?: string, secrets?: Iterable<string | null | undefined>): ProviderError {
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(body);
  } catch {}
  if (typeof json !== 'object' || Array.isArray(json)) json = undefined;
  const message = json?.message ?? json?.Message;
  const raw = headers.get('x-amzn-errortype') ?? [json?.__type, json?.code].find((v) => typeof v === 'string');
  const code = redactSecrets((raw as string | undefined)?.split(':')[0]!.split('#').pop()!.trim() ?? '', secrets) || undefined;
  const detail = clean(redactSecrets(typeof message === 'string' ? message : json ? '' : body, secrets)) || code || `HTTP ${status}`;
  const requestId = headers.get('x-amzn-requestid') ?? headers.get('x-amz-request-id') ?? undefined;
  return classify(code, detail, status, model, false, requestId, parseRetryAfter(headers.get('retry-after')));
}

/**
 * Maps an in-stream exception (`:exception-type`, lowerCamel such as `throttlingException`, or an
 * `:error-code`) and its message to a typed error. `retryable` is set for throttling, unavailable,
 * internal-server and model-not-ready exceptions only; `status` is the one Bedrock documents for it.
 * `secrets` are replaced by `[redacted]` in the message, as in `errorFromResponse`.
 */
export function errorFromException(type: string, message: string, model?: string, secrets?: Iterable<string | null | undefined>): ProviderError {
  const code = type ? type[0]!.toUpperCase() + type.slice(1) : 'UnknownStreamException';
  return classify(code, clean(redactSecrets(message, secrets)) || code, STREAM_STATUS[code.replace(/Exception$/, '')], model, true);
}
