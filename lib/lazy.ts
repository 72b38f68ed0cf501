/**
 * Loading on first use: what a client may never need (the signer, Converse, the credential chain) stays out of
 * the import a page or a cold start pays for.
 * @module
 */
import { ProviderError } from './errors.ts';
import { why } from './check.ts';

/**
 * `load` run on the first call and its promise shared by every later one. A failed load rejects with a
 * `ProviderError` (code `LoadError`, the failure as `cause`) naming `what`; a `ProviderError` from `load` itself
 * comes through as it is. The next call runs `load` again (a runtime that caches failed module fetches, as browsers
 * do today, keeps failing until the page reloads).
 */
export function lazy<T>(what: string, load: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= Promise.resolve().then(load).catch((cause: unknown) => {
    p = undefined;
    throw cause instanceof ProviderError ? cause : new ProviderError(`could not load ${what}: ${why(cause)}`, { code: 'LoadError', cause });
  }));
}
