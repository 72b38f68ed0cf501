/**
 * SHA-256 and HMAC-SHA-256, synchronous. Where the runtime has `node:crypto` (Node, Deno, Bun; reached through
 * `lib/runtime.ts`, never imported) digests are native one-shot calls with hex output. Elsewhere (browsers,
 * Workers) a compact TypeScript compression function hashes inputs below `SYNC_THRESHOLD` bytes and
 * `crypto.subtle` the larger ones: one subtle call costs 20–60 µs whatever the size, TypeScript about 15 µs
 * per KB. Strings are hashed as UTF-8.
 * @module
 */
import { toHex as hex } from './bytes.ts';
import { nativeHash, type NativeHash } from './runtime.ts';

/** Without native hashing, inputs below this many bytes are hashed in TypeScript, larger ones by `crypto.subtle`. */
export const SYNC_THRESHOLD = 4096;

type Data = Uint8Array | string;

/** The runtime's native hashing, looked up on first use (`null`: not yet). */
let native: NativeHash | undefined | null = null;
const nat = (): NativeHash | undefined => (native === null ? (native = nativeHash()) : native);

/** `false` forces the TypeScript path (specs and benches time both), `true` restores the default; returns whether native hashing is on. */
export const nativeHashing = (enabled: boolean): boolean => !!(native = enabled ? nativeHash() : undefined);

/** Round constants at 0..63, initial state at 64..71: fraction bits of cube and square roots of the first 64 primes (FIPS 180-4 §4.2.2, §5.3.3). */
const K = new Int32Array(72);
const W = new Int32Array(64);
const encoder = new TextEncoder();
let buf = new Uint8Array(1024);

/** Compresses the 64-byte blocks of `m[p, end)` into state `s` (rotations written out: V8 and JavaScriptCore run them faster than through a helper). */
function compress(s: Int32Array, m: Uint8Array, p: number, end: number): void {
  for (; p < end; p += 64) {
    for (let i = 0; i < 16; i++) W[i] = (m[p + 4 * i]! << 24) | (m[p + 4 * i + 1]! << 16) | (m[p + 4 * i + 2]! << 8) | m[p + 4 * i + 3]!;
    for (let i = 16; i < 64; i++) {
      const x = W[i - 15]!, y = W[i - 2]!;
      W[i] = (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10)) + W[i - 7]! + (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)) + W[i - 16]!;
    }
    let a = s[0]!, b = s[1]!, c = s[2]!, d = s[3]!, e = s[4]!, f = s[5]!, g = s[6]!, h = s[7]!;
    for (let i = 0; i < 64; i++) {
      const t = h + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) + (g ^ (e & (f ^ g))) + K[i]! + W[i]!;
      h = g; g = f; f = e; e = (d + t) | 0; d = c; c = b; b = a;
      a = (t + (((b >>> 2) | (b << 30)) ^ ((b >>> 13) | (b << 19)) ^ ((b >>> 22) | (b << 10))) + ((b & c) ^ (d & (b ^ c)))) | 0;
    }
    s[0]! += a; s[1]! += b; s[2]! += c; s[3]! += d; s[4]! += e; s[5]! += f; s[6]! += g; s[7]! += h;
  }
}

/** The initial state, or the state after the block `m[p, p + 64)`; the constants are computed on first use. */
function state(m?: Uint8Array, p = 0): Int32Array {
  if (!K[0]) for (let n = 2, i = 0; i < 64; n++) {
    let d = 2;
    while (n % d) d++;
    if (d < n) continue;
    if (i < 8) K[64 + i] = (Math.sqrt(n) % 1) * 2 ** 32;
    K[i++] = (Math.cbrt(n) % 1) * 2 ** 32;
  }
  const s = K.slice(64);
  if (m) compress(s, m, p, p + 64);
  return s;
}

/** Digest bytes of `data` from state `s` (which has absorbed `prefix` bytes, a multiple of 64). */
function digest(data: Data, s = state(), prefix = 0): Uint8Array {
  const max = (typeof data === 'string' ? data.length * 3 : data.length) + 72;
  if (max > buf.length) buf = new Uint8Array(max);
  const n = typeof data === 'string' ? encoder.encodeInto(data, buf).written : (buf.set(data), data.length);
  const end = (n + 72) & ~63;
  buf.fill(0, n, end);
  buf[n] = 0x80;
  for (let i = 1, bits = (prefix + n) * 8; i < 9; i++, bits /= 256) buf[end - i] = bits;
  compress(s, buf, 0, end);
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = s[i >> 2]! >>> (24 - 8 * (i & 3));
  return out;
}

/** SHA-256 of `data`, synchronously (native where the runtime has it, else TypeScript). */
export const sha256Sync = (data: Data): Uint8Array => nat()?.sha256(data) ?? digest(data);

const small = (data: Data): boolean => (typeof data === 'string' ? data.length * 3 : data.length) < SYNC_THRESHOLD;

const subtle = async (data: Data): Promise<Uint8Array> =>
  new Uint8Array(await crypto.subtle.digest('SHA-256', (typeof data === 'string' ? encoder.encode(data) : data) as Uint8Array<ArrayBuffer>));

/** SHA-256 of `data`: synchronous when native or small, `crypto.subtle` otherwise. */
export const sha256 = async (data: Data): Promise<Uint8Array> => (nat() || small(data) ? sha256Sync(data) : subtle(data));

/** Hex SHA-256 of `data`; a string (computed synchronously) when native or small, else a promise. */
export const sha256Hex = (data: Data): string | Promise<string> =>
  nat()?.hash?.(data, 'hex') ?? (small(data) ? hex(digest(data)) : subtle(data).then(hex));

/**
 * Prepared HMAC key: the states after the ipad and opad blocks (so each HMAC skips two compressions) and the
 * two blocks for native hashing. Key material: keep it private.
 */
export type HmacKey = [inner: Int32Array, outer: Int32Array, pads: Uint8Array];

/** Prepares `key` (keys longer than 64 bytes are hashed first, RFC 2104). */
export function hmacKey(key: Data): HmacKey {
  let k = typeof key === 'string' ? encoder.encode(key) : key;
  if (k.length > 64) k = digest(k);
  const pads = Uint8Array.from({ length: 128 }, (_, i) => (k[i & 63] ?? 0) ^ (i < 64 ? 0x36 : 0x5c));
  return [state(pads), state(pads, 64), pads];
}

/** HMAC-SHA-256 of `data` with a prepared key, in TypeScript. */
export const hmac = (key: HmacKey, data: Data): Uint8Array => digest(digest(data, key[0].slice(), 64), key[1].slice(), 64);

/**
 * Hex HMAC-SHA-256. With native hashing: two one-shot hashes over the pad blocks and the data
 * (Node 20: about 2.5 µs for a string to sign, against 4–5 µs for `createHmac` and in TypeScript; not in Deno).
 */
export function hmacHex(key: HmacKey, data: Data): string {
  const rt = nat();
  const hash = rt?.quick && rt.hash;
  if (!hash) return hex(hmac(key, data));
  if (data.length * 3 + 96 > buf.length) buf = new Uint8Array(data.length * 3 + 96);
  buf.set(key[2].subarray(0, 64));
  const n = typeof data === 'string' ? encoder.encodeInto(data, buf.subarray(64)).written : (buf.set(data, 64), data.length);
  const inner = hash(buf.subarray(0, 64 + n), 'latin1');
  buf.set(key[2].subarray(64));
  for (let i = 0; i < 32; i++) buf[64 + i] = inner.charCodeAt(i);
  return hash(buf.subarray(0, 96), 'hex');
}
