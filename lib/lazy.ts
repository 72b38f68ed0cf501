/**
 * Loading on first use: what a client may never need (the signer, Converse, the credential chain) stays out of
 * the import a page or a cold start pays for.
 * @module
 */
import { ProviderError } from './errors.ts';

/**
 * `load` run on the first call and its promise shared by every later one. A failed load (a chunk that did not
 * download) rejects with a `ProviderError` (code `LoadError`, the failure as `cause`) naming `what` (a `ProviderError`
 * from `load` itself comes through as it is), and is tried
 * again on the next call instead of failing every call after it.
 */
export function lazy<T>(what: string, load: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= load().catch((cause: unknown) => {
    p = undefined;
    throw cause instanceof ProviderError ? cause : new ProviderError(`could not load ${what}: ${(cause as Error)?.message ?? String(cause)}`, { code: 'LoadError', cause });
  }));
}
