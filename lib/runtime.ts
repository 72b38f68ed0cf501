/**
 * The one module of the core that looks at runtime globals (`process`, `Deno`): environment variables and
 * native hashing. Node built-ins are reached through `process.getBuiltinModule` (Node ≥ 20.16, Bun), never
 * through `import`, so bundles for browsers and Workers hold no `node:` import. Files, processes and the home
 * directory (the credential chain's needs) are in `./runtime-io`. Every function takes an optional `scope`
 * (default `globalThis`) so specs can stand in for any runtime.
 * @module
 */

/** The globals this module reads; `globalThis` by default, a stand-in in specs. */
export type RuntimeScope = object;

type Env = Record<string, string | undefined>;
interface PermissionStatus { state: string }
/** A Deno permission descriptor. */
export interface Descriptor { name: string; variable?: string; path?: string; host?: string }
/** The part of `Deno` this module reads. */
export interface DenoLike {
  env?: { toObject(): Env; get(name: string): string | undefined };
  permissions?: { querySync?(descriptor: Descriptor): PermissionStatus };
}
interface Globals {
  process?: { env?: Env; getBuiltinModule?(id: string): unknown };
  Deno?: DenoLike;
}

const g = (scope: RuntimeScope): Globals => scope as Globals;

/** True when `Deno.permissions` says `granted` (no prompt); true when the runtime has no permission API. */
export function granted(deno: DenoLike, descriptor: Descriptor): boolean {
  const query = deno.permissions?.querySync;
  if (!query) return true;
  try {
    return query.call(deno.permissions, descriptor).state === 'granted';
  } catch {
    return false;
  }
}

/**
 * A plain copy of the environment: `process.env` (Node, Bun, workerd with `nodejs_compat`), `Deno.env` (all
 * of it with `--allow-env`, else those of `names` that Deno grants one by one, never prompting), `{}` in
 * browsers. Never throws.
 */
export function readEnv(names: readonly string[], scope: RuntimeScope = globalThis): Env {
  const { Deno: deno, process: p } = scope as Globals;
  const out: Env = {};
  try {
    if (!deno?.env) {
      const e = p?.env;
      return e && typeof e === 'object' ? { ...e } : out;
    }
    if (granted(deno, { name: 'env' })) return { ...deno.env.toObject() };
  } catch {
    return out;
  }
  for (const name of names) {
    try {
      const value = granted(deno, { name: 'env', variable: name }) ? deno.env.get(name) : undefined;
      if (value !== undefined) out[name] = value;
    } catch {
      // not granted after all
    }
  }
  return out;
}

/** A Node built-in through `process.getBuiltinModule` (Node ≥ 20.16, Bun, Deno 2), or undefined. */
export function builtin<T>(scope: RuntimeScope, id: string): T | undefined {
  const p = g(scope).process;
  try {
    return (p?.getBuiltinModule?.(id) as T | undefined) ?? undefined;
  } catch {
    return undefined;
  }
}

interface HashLike { update(data: Uint8Array | string): HashLike; digest(): Uint8Array }
interface CryptoLike {
  createHash(algorithm: string): HashLike;
  createHmac(algorithm: string, key: Uint8Array): HashLike;
  hash?(algorithm: string, data: Uint8Array | string, encoding: string): string;
}

/** Synchronous native SHA-256 and HMAC-SHA-256 (strings hashed as UTF-8). */
export interface NativeHash {
  sha256(data: Uint8Array | string): Uint8Array;
  hmac(key: Uint8Array, data: Uint8Array | string): Uint8Array;
  /** SHA-256 as hex or Latin-1 text in one call (`crypto.hash`: Node ≥ 20.12, Deno, Bun; 2–3× faster than `createHash` for 1 KB in Node and Bun). */
  hash?: ((data: Uint8Array | string, encoding: 'hex' | 'latin1') => string) | undefined;
  /** Whether two native calls beat four TypeScript blocks (an HMAC of a string to sign): not in Deno, whose calls cost 2–3 µs each. */
  quick: boolean;
}

/** A plain `Uint8Array` view of a digest (Node returns a `Buffer`). */
const view = (b: Uint8Array): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

/**
 * `node:crypto`'s synchronous hashing where the runtime has it (Node ≥ 20.16, Bun, Deno 2), reached through
 * `process.getBuiltinModule`; undefined in browsers and Workers, which then hash in TypeScript.
 */
export function nativeHash(scope: RuntimeScope = globalThis): NativeHash | undefined {
  const c = builtin<Partial<CryptoLike>>(scope, 'node:crypto');
  const { createHash, createHmac, hash } = c ?? {};
  if (typeof createHash !== 'function' || typeof createHmac !== 'function') return undefined;
  return {
    sha256: (data) => view(createHash.call(c, 'sha256').update(data).digest()),
    hmac: (key, data) => view(createHmac.call(c, 'sha256', key).update(data).digest()),
    hash: hash && ((data, e) => hash.call(c, 'sha256', data, e)),
    quick: !g(scope).Deno,
  };
}
