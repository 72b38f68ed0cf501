/**
 * Loading on first use: what a client may never need (Converse, the signer, the credential chain) stays out of
 * the import a page or a cold start pays for.
 * @module
 */

/**
 * `load` run on the first call and its promise shared by every later one; a failed load (a chunk that did not
 * download) is tried again on the next call instead of failing every call after it.
 */
export function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= load().catch((e: unknown) => {
    p = undefined;
    throw e;
  }));
}
