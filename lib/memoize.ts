/**
 * Credential validation and memoization: the part of `./credentials` that `BedrockProvider` needs up front
 * (the providers themselves load lazily). Re-exported by `./credentials`.
 * @module
 */
import type { Credentials, CredentialProvider } from './types.ts';
import { AuthenticationError, ValidationError } from './errors.ts';
import { CONTROL, NO_CONTROL } from './check.ts';

/** `s` cut to 200 characters with whitespace runs folded, for quoting untrusted text in an error. */
export const short = (s: string): string => (s.length > 200 ? s.slice(0, 200) + '…' : s).replace(/\s+/g, ' ').trim();

/** Options of `memoize`. */
export interface MemoizeOptions {
  /** Milliseconds before `expiration` at which credentials are refreshed (default 300000). */
  refreshBefore?: number;
  /** After a failed refresh while cached credentials are still valid, wait this long before trying again (default 10000). */
  retryAfter?: number;
  /** Clock (default `Date.now`). */
  now?: () => number;
}

/** A memoized provider; `invalidate()` drops the cached credentials (e.g. after an `ExpiredToken` answer). */
export interface MemoizedProvider {
  (): Promise<Credentials>;
  invalidate(): void;
}

/** Lead time of a refresh: 5 minutes. */
export const REFRESH_BEFORE = 300_000;

/**
 * Checks a credentials object and returns a plain copy: `accessKeyId` and `secretAccessKey` non-empty
 * strings, `sessionToken` a non-empty string or absent (`''` and null count as absent, as an empty
 * `AWS_SESSION_TOKEN` does: the copy has none), none holding CR, LF or NUL, `expiration` absent or a valid date
 * (a string or epoch ms is converted). Throws `ValidationError` naming the field, never its value.
 */
export function validateCredentials(value: unknown, source = 'credentials'): Credentials {
  if (!value || typeof value !== 'object') {
    throw new ValidationError(`${source}: expected an object with accessKeyId and secretAccessKey, got ${value === null ? 'null' : typeof value}`, { field: 'credentials' });
  }
  const v = value as Record<string, unknown>;
  const out: Credentials = { accessKeyId: text(v.accessKeyId, 'accessKeyId', source), secretAccessKey: text(v.secretAccessKey, 'secretAccessKey', source) };
  if (v.sessionToken !== undefined && v.sessionToken !== null && v.sessionToken !== '') out.sessionToken = text(v.sessionToken, 'sessionToken', source);
  if (v.expiration !== undefined && v.expiration !== null) out.expiration = date(v.expiration, source);
  return out;
}

function text(value: unknown, field: string, source: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new ValidationError(`${source}: ${field} must be a non-empty string, got ${value === '' ? 'an empty string' : typeof value}`, { field: `credentials.${field}` });
  }
  if (CONTROL.test(value)) {
    throw new ValidationError(`${source}: ${field}${NO_CONTROL}`, { field: `credentials.${field}` });
  }
  return value;
}

function date(value: unknown, source: string): Date {
  const d = value instanceof Date ? new Date(value.getTime()) : typeof value === 'string' || typeof value === 'number' ? new Date(value) : undefined;
  if (!d || Number.isNaN(d.getTime())) {
    throw new ValidationError(`${source}: expiration must be a date, got ${typeof value === 'string' ? JSON.stringify(short(value)) : typeof value}`, { field: 'credentials.expiration' });
  }
  return d;
}

const MEMOIZED = new WeakSet<object>();

/**
 * Caches a provider's credentials. Credentials without `expiration` are kept; others are refreshed
 * `refreshBefore` (5 min) ahead of it (halfway for shorter-lived ones). Concurrent callers share one
 * refresh. A failed refresh rejects (the next call tries again) unless the cached credentials are still
 * valid (also when the new ones are malformed or expired): those are returned and the provider is retried
 * after `retryAfter`, or at their expiration if sooner. Memoizing a memoized provider
 * with no options returns it unchanged.
 */
export function memoize(provider: CredentialProvider, options: MemoizeOptions = {}): MemoizedProvider {
  if (MEMOIZED.has(provider) && !Object.keys(options).length) return provider as MemoizedProvider;
  const before = options.refreshBefore ?? REFRESH_BEFORE, retry = options.retryAfter ?? 10_000, now = options.now ?? Date.now;
  let cached: Credentials | undefined, refreshAt = 0, inflight: Promise<Credentials> | undefined;
  const store = (value: unknown): Credentials => {
    const c = validateCredentials(value, 'credential provider'), t = now(), exp = c.expiration?.getTime();
    if (exp !== undefined && exp <= t) throw new AuthenticationError(`credential provider returned credentials that expired at ${c.expiration?.toISOString()}`, { code: 'CredentialsProviderError' });
    refreshAt = exp === undefined ? Infinity : exp - before > t ? exp - before : t + (exp - t) / 2;
    return (cached = c);
  };
  const fallback = (error: unknown): Credentials => {
    const exp = cached?.expiration?.getTime();
    if (cached && (exp === undefined || exp > now())) {
      refreshAt = Math.min(now() + retry, exp ?? Infinity);
      return cached;
    }
    cached = undefined;
    throw error;
  };
  const memo = (): Promise<Credentials> => {
    if (cached && now() < refreshAt) return Promise.resolve(cached);
    if (inflight) return inflight;
    const p = Promise.resolve().then(provider).then(store).catch(fallback);
    const clear = (): void => { if (inflight === p) inflight = undefined; };
    p.then(clear, clear);
    return (inflight = p);
  };
  const out = Object.assign(memo, { invalidate: (): void => { cached = undefined; refreshAt = 0; } });
  MEMOIZED.add(out);
  return out;
}
