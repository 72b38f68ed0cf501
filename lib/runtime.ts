/**
 * The one module of lib/ (with `./node`) that looks at runtime globals (`process`, `Deno`, `Bun`): environment
 * variables, native hashing, and the credential chain's files, processes, home directory and network
 * permission. Node built-ins are reached through `process.getBuiltinModule` (Node ≥ 20.16, Bun, Deno 2), never
 * through `import`, so bundles for browsers and Workers hold no `node:` import; every export is a plain
 * function, so a bundle keeps only those its code calls (the core: `readEnv` and `nativeHash`). Every
 * function takes an optional `scope` (default `globalThis`) so specs can stand in for any runtime.
 * @module
 */
import { ProviderError } from './errors.ts';

/** The globals this module reads; `globalThis` by default, a stand-in in specs. */
export type RuntimeScope = object;

type Env = Record<string, string | undefined>;
interface PermissionStatus { state: string }
/** A Deno permission descriptor. */
interface Descriptor { name: string; variable?: string; path?: string; host?: string }
/** The part of `Deno` this module reads. */
interface DenoLike {
  env?: { toObject(): Env; get(name: string): string | undefined };
  permissions?: { querySync?(descriptor: Descriptor): PermissionStatus };
}
interface Globals {
  process?: { env?: Env; getBuiltinModule?(id: string): unknown; platform?: string; versions?: { node?: string } };
  Deno?: DenoIO;
  Bun?: unknown;
  navigator?: { userAgent?: string };
  document?: unknown;
  window?: unknown;
  importScripts?: unknown;
}

const g = (scope: RuntimeScope): Globals => scope as Globals;

/** True when `Deno.permissions` says `granted` (no prompt); true when the runtime has no permission API. */
function granted(deno: DenoLike, descriptor: Descriptor): boolean {
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
function builtin<T>(scope: RuntimeScope, id: string): T | undefined {
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

// ------------------------------------------------------------ the credential chain's needs

/** Name of the runtime found in a scope. */
export type RuntimeName = 'node' | 'deno' | 'bun' | 'workerd' | 'browser' | 'unknown';

/** Result of `runProcess`. */
export interface ProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Options of `runProcess`. */
export interface ProcessOptions {
  /** Milliseconds before the process is killed (default 60000). */
  timeout?: number;
  /** Environment of the child (default: the parent's). */
  env?: Record<string, string | undefined>;
}

interface DenoIO extends DenoLike {
  version?: { deno?: string };
  build?: { os?: string };
  readTextFile?(path: string): Promise<string>;
  Command?: new (cmd: string, options: Record<string, unknown>) => {
    output(): Promise<{ code: number; stdout: Uint8Array; stderr: Uint8Array }>;
  };
}
interface FsLike { promises: { readFile(path: string, encoding: 'utf8'): Promise<string> } }
interface OsLike { homedir(): string }
interface ChildLike {
  execFile(
    file: string, args: string[], options: Record<string, unknown>,
    callback: (error: (Error & { code?: unknown; killed?: boolean }) | null, stdout: string, stderr: string) => void,
  ): unknown;
}

/** Environment variable names read one by one when Deno grants only some of them. */
const knownVariables = (): string[] => ['HOME', 'USERPROFILE', 'HOMEDRIVE', 'HOMEPATH', ...(
  'REGION DEFAULT_REGION PROFILE ACCESS_KEY_ID SECRET_ACCESS_KEY SESSION_TOKEN CREDENTIAL_EXPIRATION BEARER_TOKEN_BEDROCK ' +
  'ENDPOINT_URL_BEDROCK_RUNTIME ENDPOINT_URL ENDPOINT_URL_STS SHARED_CREDENTIALS_FILE CONFIG_FILE WEB_IDENTITY_TOKEN_FILE ' +
  'ROLE_ARN ROLE_SESSION_NAME CONTAINER_CREDENTIALS_RELATIVE_URI CONTAINER_CREDENTIALS_FULL_URI CONTAINER_AUTHORIZATION_TOKEN ' +
  'CONTAINER_AUTHORIZATION_TOKEN_FILE EC2_METADATA_DISABLED EC2_METADATA_SERVICE_ENDPOINT EC2_METADATA_SERVICE_ENDPOINT_MODE USE_FIPS_ENDPOINT'
).split(' ').map((n) => 'AWS_' + n)];

/**
 * A plain copy of the environment: `process.env` (Node, Bun, workerd with `nodejs_compat`), `Deno.env`
 * (all of it with `--allow-env`, else the AWS variables Deno grants one by one, never prompting), `{}` in
 * browsers. Never throws.
 */
export function env(scope: RuntimeScope = globalThis): Env {
  return readEnv(knownVariables(), scope);
}

/** Which runtime `scope` belongs to. Deno and Bun are checked before Node (both also define `process`). */
export function runtimeName(scope: RuntimeScope = globalThis): RuntimeName {
  const s = g(scope);
  if (s.Deno?.version?.deno) return 'deno';
  if (s.Bun) return 'bun';
  if (s.navigator?.userAgent === 'Cloudflare-Workers') return 'workerd';
  if (s.process?.versions?.node) return 'node';
  if (s.document !== undefined || s.window !== undefined || s.importScripts !== undefined) return 'browser';
  return 'unknown';
}

const unsupported = (what: string, scope: RuntimeScope): ProviderError =>
  new ProviderError(`${what} not available in this runtime (${runtimeName(scope)})`, { code: 'UnsupportedRuntime' });

/** Maps a runtime's file error to a `ProviderError` with code `FileNotFound` or `FileUnreadable`. */
function fileError(path: string, error: unknown): ProviderError {
  const e = error as { code?: unknown; name?: unknown };
  if (e?.code === 'ENOENT' || e?.name === 'NotFound') {
    return new ProviderError(`file not found: ${path}`, { code: 'FileNotFound', cause: error });
  }
  const why = e?.code ?? e?.name ?? 'error';
  return new ProviderError(`cannot read file ${path} (${String(why)})`, { code: 'FileUnreadable', cause: error });
}

/** True when this runtime can read files (`readTextFile` may still fail for one path). */
export function canReadFiles(scope: RuntimeScope = globalThis): boolean {
  const deno = g(scope).Deno;
  if (deno?.readTextFile) return true;
  return builtin<FsLike>(scope, 'node:fs') !== undefined;
}

/**
 * Reads a UTF-8 file: `node:fs` (Node, Bun) or `Deno.readTextFile` (with `--allow-read`; never prompts).
 * Rejects with a `ProviderError` whose code is `FileNotFound`, `FileUnreadable`, `NoPermission` (Deno without
 * read permission) or `UnsupportedRuntime`.
 */
export async function readTextFile(path: string, scope: RuntimeScope = globalThis): Promise<string> {
  const deno = g(scope).Deno;
  if (deno?.readTextFile) {
    if (!granted(deno, { name: 'read', path })) {
      throw new ProviderError(`cannot read file ${path} (Deno needs --allow-read)`, { code: 'NoPermission' });
    }
    try {
      return await deno.readTextFile(path);
    } catch (error) {
      throw fileError(path, error);
    }
  }
  const fs = builtin<FsLike>(scope, 'node:fs');
  if (!fs) throw unsupported('reading files is', scope);
  try {
    return await fs.promises.readFile(path, 'utf8');
  } catch (error) {
    throw fileError(path, error);
  }
}

/** The user's home directory: `HOME`, `USERPROFILE`, `HOMEDRIVE`+`HOMEPATH`, else `os.homedir()`; undefined if none. */
export function homeDir(scope: RuntimeScope = globalThis): string | undefined {
  const e = env(scope);
  const home = e.HOME || e.USERPROFILE || (e.HOMEDRIVE && e.HOMEPATH ? e.HOMEDRIVE + e.HOMEPATH : undefined);
  if (home) return home;
  try {
    return builtin<OsLike>(scope, 'node:os')?.homedir() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * False when the runtime would have to ask before connecting to `url`'s host (Deno without `--allow-net` for
 * it); true elsewhere. Lets optional probes such as IMDS skip instead of prompting.
 */
export function mayConnect(url: string, scope: RuntimeScope = globalThis): boolean {
  const deno = g(scope).Deno;
  return !deno?.permissions?.querySync || granted(deno, { name: 'net', host: new URL(url).host });
}

const isWindows = (s: Globals): boolean => s.process?.platform === 'win32' || s.Deno?.build?.os === 'windows';

/** `[shell, args]` running `command` as the platform shell would. */
function shell(s: Globals, command: string): [string, string[]] {
  return isWindows(s) ? ['cmd.exe', ['/d', '/s', '/c', command]] : ['/bin/sh', ['-c', command]];
}

/** Plain copy of `e` without undefined values (what child process APIs accept). */
function defined(e: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(e)) if (v !== undefined) out[k] = v;
  return out;
}

/**
 * Runs `command` through the shell (`/bin/sh -c`, `cmd.exe /c` on Windows) and resolves with its exit code
 * and output: `node:child_process` (Node, Bun) or `Deno.Command` (with `--allow-run`). Rejects with a
 * `ProviderError` coded `ProcessTimeout` after `timeout` ms (the child is killed), `ProcessFailed` when it
 * cannot start, `NoPermission` (Deno without run permission) or `UnsupportedRuntime`.
 */
export async function runProcess(command: string, options: ProcessOptions = {}, scope: RuntimeScope = globalThis): Promise<ProcessResult> {
  const s = g(scope);
  const timeout = options.timeout ?? 60_000;
  const [file, args] = shell(s, command);
  const childEnv = options.env && defined(options.env);
  if (s.Deno?.Command) {
    if (!granted(s.Deno, { name: 'run' })) {
      throw new ProviderError('cannot run a process (Deno needs --allow-run)', { code: 'NoPermission' });
    }
    const signal = AbortSignal.timeout(timeout);
    const cmd = new s.Deno.Command(file, { args, signal, stdin: 'null', stdout: 'piped', stderr: 'piped', ...(childEnv ? { env: childEnv, clearEnv: true } : {}) });
    try {
      const out = await cmd.output();
      const text = new TextDecoder();
      return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
    } catch (error) {
      if (signal.aborted) throw processTimeout(timeout, error);
      throw new ProviderError(`cannot run process: ${(error as Error).message}`, { code: 'ProcessFailed', cause: error });
    }
  }
  const cp = builtin<ChildLike>(scope, 'node:child_process');
  if (!cp) throw unsupported('running processes is', scope);
  return new Promise((resolve, reject) => {
    const opts = { timeout, killSignal: 'SIGKILL', windowsHide: true, maxBuffer: 1 << 20, encoding: 'utf8', ...(childEnv ? { env: childEnv } : {}) };
    cp.execFile(file, args, opts, (error, stdout, stderr) => {
      if (error?.killed) return reject(processTimeout(timeout, error));
      if (error && typeof error.code !== 'number') {
        return reject(new ProviderError(`cannot run process: ${error.message}`, { code: 'ProcessFailed', cause: error }));
      }
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

const processTimeout = (ms: number, cause: unknown): ProviderError =>
  new ProviderError(`process did not finish within ${ms} ms`, { code: 'ProcessTimeout', cause });
