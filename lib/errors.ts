/**
 * Typed errors. Every error this library throws is a `ProviderError` (or the caller's own abort reason).
 * Messages say what was expected and what arrived, and never hold a secret.
 * @module
 */

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

/** Base class: `provider` is always `bedrock`. */
export class ProviderError extends Error {
  override name = 'ProviderError';
  readonly provider = 'bedrock';
  code: string;
  status: number | undefined;
  model: string | undefined;
  requestId: string | undefined;
  retryable: boolean;

  constructor(message: string, fields: ErrorFields = {}) {
    super(message, fields.cause === undefined ? undefined : { cause: fields.cause });
    this.code = fields.code ?? 'ProviderError';
    this.status = fields.status;
    this.model = fields.model;
    this.requestId = fields.requestId;
    this.retryable = fields.retryable ?? false;
  }
}

/** Credentials missing, rejected or expired (403, `UnrecognizedClientException`, …). */
export class AuthenticationError extends ProviderError {
  override name = 'AuthenticationError';
  constructor(detail: string, fields: ErrorFields = {}) {
    super(`authentication failed for provider "bedrock": ${detail}`, { code: 'AuthenticationError', ...fields });
  }
}

/** Throttled (429, `ThrottlingException`). `retryAfter` is in seconds when known. */
export class RateLimitError extends ProviderError {
  override name = 'RateLimitError';
  retryAfter: number | undefined;
  constructor(fields: ErrorFields & { retryAfter?: number; detail?: string } = {}) {
    const detail = fields.detail ? `: ${fields.detail}` : '';
    super(`rate limit exceeded for provider "bedrock"${detail}`, { code: 'ThrottlingException', retryable: true, ...fields });
    this.retryAfter = fields.retryAfter;
  }
}

/** The prompt does not fit the model's context window. Token numbers are set when Bedrock gives them. */
export class ContextLengthError extends ProviderError {
  override name = 'ContextLengthError';
  requestTokens: number | undefined;
  maxTokens: number | undefined;
  constructor(fields: ErrorFields & { requestTokens?: number; maxTokens?: number; detail?: string } = {}) {
    const detail = fields.detail ? `: ${fields.detail}` : '';
    super(`context length exceeded for provider "bedrock" model "${fields.model ?? ''}"${detail}`, {
      code: 'ValidationException',
      ...fields,
    });
    this.requestTokens = fields.requestTokens;
    this.maxTokens = fields.maxTokens;
  }
}

/** Unknown model id, or no access to it (404 `ResourceNotFoundException`). */
export class ModelNotFoundError extends ProviderError {
  override name = 'ModelNotFoundError';
  constructor(detail: string, fields: ErrorFields = {}) {
    super(`model not found for provider "bedrock" model "${fields.model ?? ''}": ${detail}`, {
      code: 'ResourceNotFoundException',
      ...fields,
    });
  }
}

/** Bad input: caught before sending (`field` names it) or rejected by Bedrock (400 `ValidationException`). */
export class ValidationError extends ProviderError {
  override name = 'ValidationError';
  field: string | undefined;
  constructor(message: string, fields: ErrorFields & { field?: string } = {}) {
    super(message, { code: 'ValidationError', ...fields });
    this.field = fields.field;
  }
}

/** `timeout` (whole call) or `idleTimeout` (between stream chunks) elapsed. */
export class TimeoutError extends ProviderError {
  override name = 'TimeoutError';
  constructor(message: string, fields: ErrorFields = {}) {
    super(message, { code: 'TimeoutError', ...fields });
  }
}

/** Corrupt, oversized or truncated event stream. */
export class StreamError extends ProviderError {
  override name = 'StreamError';
  constructor(message: string, fields: ErrorFields = {}) {
    super(message, { code: 'StreamError', ...fields });
  }
}

const is =
  <T extends ProviderError>(C: abstract new (...args: never[]) => T, name: string) =>
  (error: unknown): error is T =>
    error instanceof C && (error as Error).name === name;

/** True for any error of this library (checks the class and `provider`). */
export const isProviderError = (error: unknown): error is ProviderError =>
  error instanceof ProviderError && error.provider === 'bedrock';
/** True for an `AuthenticationError` (class and `.name`). */
export const isAuthenticationError: (e: unknown) => e is AuthenticationError = /* @__PURE__ */ is(AuthenticationError, 'AuthenticationError');
/** True for a `RateLimitError` (class and `.name`). */
export const isRateLimitError: (e: unknown) => e is RateLimitError = /* @__PURE__ */ is(RateLimitError, 'RateLimitError');
/** True for a `ContextLengthError` (class and `.name`). */
export const isContextLengthError: (e: unknown) => e is ContextLengthError = /* @__PURE__ */ is(ContextLengthError, 'ContextLengthError');
/** True for a `ModelNotFoundError` (class and `.name`). */
export const isModelNotFoundError: (e: unknown) => e is ModelNotFoundError = /* @__PURE__ */ is(ModelNotFoundError, 'ModelNotFoundError');
/** True for a `ValidationError` (class and `.name`). */
export const isValidationError: (e: unknown) => e is ValidationError = /* @__PURE__ */ is(ValidationError, 'ValidationError');
/** True for a `TimeoutError` (class and `.name`). */
export const isTimeoutError: (e: unknown) => e is TimeoutError = /* @__PURE__ */ is(TimeoutError, 'TimeoutError');
/** True for a `StreamError` (class and `.name`). */
export const isStreamError: (e: unknown) => e is StreamError = /* @__PURE__ */ is(StreamError, 'StreamError');

/** Statuses worth retrying (DESIGN: 408, 424, 429, 500, 502, 503, 504). */
export const RETRYABLE_STATUS: ReadonlySet<number> = new Set([408, 424, 429, 500, 502, 503, 504]);
/** Exception names worth retrying whatever the status (HTTP answers and in-stream frames). */
export const RETRYABLE_CODES: ReadonlySet<string> = new Set([
  'ThrottlingException',
  'ModelNotReadyException',
  'ServiceUnavailableException',
  'InternalServerException',
]);
const AUTH_CODES = new Set([
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'IncompleteSignatureException',
  'ExpiredTokenException',
  'AccessDeniedException',
  'MissingAuthenticationTokenException',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'RequestTimeTooSkewed',
]);
/** HTTP status of each in-stream exception, as Bedrock documents them. */
const STREAM_STATUS: Record<string, number> = {
  ValidationException: 400,
  AccessDeniedException: 403,
  ResourceNotFoundException: 404,
  ModelTimeoutException: 408,
  ThrottlingException: 429,
  ModelStreamErrorException: 424,
  InternalServerException: 500,
  ServiceUnavailableException: 503,
};
const PROMPT_TOO_LONG = /prompt is too long:\s*(\d+)\s*tokens?\s*>\s*(\d+)\s*maximum/i;
const CONTEXT_LIMIT = /input length and `?max_tokens`? exceed context limit:\s*(\d+)\s*\+\s*(\d+)\s*>\s*(\d+)/i;
const CONTEXT_OTHER = /too long|context (?:length|window|limit)|too many (?:input )?tokens in the prompt/i;
const MODEL_MISSING = /model identifier is invalid|could not resolve the foundation model|model .* (?:does not exist|is not supported)/i;
const MAX_DETAIL = 300;

/** Cuts what must not be echoed: AWS appends the canonical request (signed headers, session token) to signature errors. */
function clean(text: string): string {
  const cut = text.search(/\n\s*\n|The Canonical String for this request|The String-to-Sign/);
  const kept = (cut >= 0 ? text.slice(0, cut) : text).replace(/[\0-\x1f\x7f]+/g, ' ').trim();
  return kept.length > MAX_DETAIL ? kept.slice(0, MAX_DETAIL) + '…' : kept;
}

/** Seconds from a `Retry-After` header (delta-seconds or HTTP date); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+(?:\.\d+)?\s*$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

interface Parts {
  code: string | undefined;
  detail: string;
  status: number | undefined;
  model: string | undefined;
  requestId: string | undefined;
  retryAfter?: number | undefined;
  /** In-stream: only RETRYABLE_CODES retry (the HTTP status of the frame is 200). */
  stream?: boolean;
}

function contextError(p: Parts, fields: ErrorFields): ContextLengthError | undefined {
  const a = PROMPT_TOO_LONG.exec(p.detail);
  if (a) return new ContextLengthError({ ...fields, requestTokens: Number(a[1]), maxTokens: Number(a[2]), detail: p.detail });
  const b = CONTEXT_LIMIT.exec(p.detail);
  if (b) return new ContextLengthError({ ...fields, requestTokens: Number(b[1]) + Number(b[2]), maxTokens: Number(b[3]), detail: p.detail });
  if (CONTEXT_OTHER.test(p.detail)) return new ContextLengthError({ ...fields, detail: p.detail });
  return undefined;
}

/** One mapping for HTTP answers and in-stream exceptions. */
function classify(p: Parts): ProviderError {
  const { code, status, detail } = p;
  const base: ErrorFields = { status, model: p.model, requestId: p.requestId };
  const fields: ErrorFields = code ? { ...base, code } : base;
  const validation = code === 'ValidationException' || (!code && status === 400);
  if (validation) {
    const ctx = contextError(p, fields);
    if (ctx) return ctx;
    if (MODEL_MISSING.test(detail)) return new ModelNotFoundError(detail, fields);
  }
  if ((code && AUTH_CODES.has(code)) || status === 401 || status === 403) return new AuthenticationError(detail, fields);
  if (code === 'ModelNotReadyException') {
    return new ProviderError(`model not ready for provider "bedrock" model "${p.model ?? ''}": ${detail}`, { ...fields, retryable: true });
  }
  if (code === 'ServiceQuotaExceededException') return new RateLimitError({ ...fields, detail, retryable: false, retryAfter: p.retryAfter });
  if (code === 'ThrottlingException' || code === 'TooManyRequestsException' || status === 429) {
    return new RateLimitError({ ...fields, detail, retryAfter: p.retryAfter });
  }
  if (code === 'ResourceNotFoundException' || status === 404) return new ModelNotFoundError(detail, fields);
  if (validation) return new ValidationError(`request rejected by provider "bedrock": ${detail}`, { code: 'ValidationException', ...fields });
  const retryable = (code !== undefined && RETRYABLE_CODES.has(code)) || (!p.stream && status !== undefined && RETRYABLE_STATUS.has(status));
  const what = code ?? `HTTP ${status ?? '?'}`;
  return new ProviderError(`request failed for provider "bedrock" (${what}): ${detail}`, { ...fields, code: code ?? `HTTP${status ?? ''}`, retryable });
}

/** Exception name from `x-amzn-ErrorType` (`Name:http://…`) or a body `__type` (`ns#Name`). */
function errorType(headers: Headers, json: Record<string, unknown> | undefined): string | undefined {
  const header = headers.get('x-amzn-errortype');
  const raw = header ?? (typeof json?.__type === 'string' ? json.__type : typeof json?.code === 'string' ? json.code : undefined);
  if (!raw) return undefined;
  const name = raw.split(':')[0]!;
  return name.slice(name.lastIndexOf('#') + 1).trim() || undefined;
}

function parseBody(body: string): Record<string, unknown> | undefined {
  try {
    const j: unknown = JSON.parse(body);
    return typeof j === 'object' && j !== null && !Array.isArray(j) ? (j as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Maps a non-2xx Bedrock answer to a typed error: the exception name from `x-amzn-ErrorType` (before the
 * first `:`) or the body's `__type` (after `#`), the message from `message`/`Message` (a non-JSON body
 * gives its first characters), the request id from `x-amzn-RequestId`, `retryAfter` from `Retry-After`.
 */
export function errorFromResponse(status: number, headers: Headers, body: string, model?: string): ProviderError {
  const json = parseBody(body);
  const message = json?.message ?? json?.Message;
  const code = errorType(headers, json);
  const text = typeof message === 'string' ? message : json ? '' : body;
  const detail = clean(text) || code || `HTTP ${status}`;
  const requestId = headers.get('x-amzn-requestid') ?? headers.get('x-amz-request-id') ?? undefined;
  return classify({ code, detail, status, model, requestId, retryAfter: parseRetryAfter(headers.get('retry-after')) });
}

/**
 * Maps an in-stream exception (`:exception-type`, lowerCamel such as `throttlingException`, or an
 * `:error-code`) and its message to a typed error. `retryable` is set for throttling, unavailable,
 * internal-server and model-not-ready exceptions only; `status` is the one Bedrock documents for it.
 */
export function errorFromException(type: string, message: string, model?: string): ProviderError {
  const code = type ? type.charAt(0).toUpperCase() + type.slice(1) : 'UnknownStreamException';
  const detail = clean(message) || code;
  return classify({ code, detail, status: STREAM_STATUS[code], model, requestId: undefined, stream: true });
}
