/**
 * SHA-256 and HMAC-SHA-256 on three paths. Where the runtime has `node:crypto` (Node, Bun, Deno; found
 * through `lib/runtime.ts`, never imported) every hash is synchronous and native. Elsewhere (browsers,
 * Workers) inputs below a measured threshold take a synchronous TypeScript path and larger ones
 * `crypto.subtle`, because one `crypto.subtle` call costs 20–40 µs whatever the input size while the
 * TypeScript compression function hashes 1 KB in a few µs.
 * @module
 */
import { utf8 } from './bytes.ts';
import { nativeHash, type NativeHash } from './runtime.ts';

/** The runtime's synchronous native hash, looked up on first use (`null`: not yet). */
let native: NativeHash | undefined | null = null;
const nat = (): NativeHash | undefined => (native === null ? (native = nativeHash()) : native);

/**
 * Below this many bytes the TypeScript path beats a native call even where one exists: a `node:crypto`
 * hash object costs about 3 µs to set up (an HMAC about 5 µs), while TypeScript compresses a 64-byte block
 * in about 0.9 µs (measured in Node 20 on the bench machine, 2026-11-25: native SHA-256 3.3 µs for 300 B
 * and 1 KB against 4.5 µs in TypeScript for 300 B; HMAC of 150 B with a prepared key 5.1 µs native against
 * about 3 µs in TypeScript).
 */
export const NATIVE_MIN = 192;

/** The native hash for `data`, or undefined when the TypeScript path is faster or there is none. */
const nativeFor = (data: Uint8Array | string): NativeHash | undefined =>
  data.length < NATIVE_MIN ? undefined : nat();

/**
 * Chooses the synchronous path: `true` uses `node:crypto` where the runtime has it (the default), `false`
 * forces the TypeScript implementation (specs and benches compare both). Returns whether native hashing is on.
 */
export function nativeHashing(enabled: boolean): boolean {
  native = enabled ? nativeHash() : undefined;
  return native !== undefined;
}

/**
 * Without native hashing, inputs below this many bytes are hashed in TypeScript. Measured with `bench/sha256.bench.ts`
 * (`node scripts/bench.mjs --runtime node,deno,bun sha256`, 2 shared cores, 2026-11-25): one
 * `crypto.subtle.digest` costs 20–60 µs whatever the size, the TypeScript path about 10–13 µs per KB.
 * The TypeScript digest wins up to 4 KB in Node 20 (4 KB: 42 vs 52 µs; 8 KB: 90 vs 56 µs), up to 2 KB
 * in Deno and 1 KB in Bun. 4 KB keeps Node on its measured switch point and costs Deno and Bun at
 * most 1.4× at 2–4 KB, while every input below 1 KB is 3–15× faster than a subtle call everywhere.
 */
export const SYNC_THRESHOLD = 4096;

/** Round constants K and initial state IV: fractional bits of prime cube and square roots (FIPS 180-4 §4.2.2, §5.3.3), filled on first use. */
const K = new Int32Array(64);
const IV = new Int32Array(8);
const BLOCK = 64;
const W = new Int32Array(64);
/** Working state of the synchronous functions (they never re-enter, so one is enough). */
const STATE = new Int32Array(8);
const TAIL = new Uint8Array(128);
const encoder = new TextEncoder();
let scratch = new Uint8Array(2048);

/** Fills K and IV from the first 64 primes (`Math.cbrt`/`Math.sqrt` of n < 320 leave ≥ 49 fraction bits; any wrong bit would fail every digest vector in the spec). */
function constants(): void {
  for (let n = 2, i = 0; i < 64; n++) {
    let prime = true;
    for (let d = 2; d * d <= n; d++) if (n % d === 0) prime = false;
    if (!prime) continue;
    if (i < 8) IV[i] = (Math.sqrt(n) % 1) * 2 ** 32;
    K[i++] = (Math.cbrt(n) % 1) * 2 ** 32;
  }
}

/**
 * Compresses every whole 64-byte block of `m[from, to)` into state `s`. Eight rounds per loop pass with
 * the working variables renamed instead of shuffled (each pass ends where it began), state kept in
 * locals across blocks: about 1.3× the speed of the one-round loop in V8.
 */
function blocks(s: Int32Array, m: Uint8Array, from: number, to: number): void {
  const w = W, k = K;
  let a0 = s[0]!, b0 = s[1]!, c0 = s[2]!, d0 = s[3]!, e0 = s[4]!, f0 = s[5]!, g0 = s[6]!, h0 = s[7]!;
  for (let p = from; p + 64 <= to; p += 64) {
    for (let i = 0, j = p; i < 16; i++, j += 4) w[i] = (m[j]! << 24) | (m[j + 1]! << 16) | (m[j + 2]! << 8) | m[j + 3]!;
    for (let i = 16; i < 64; i++) {
      const x = w[i - 15]!, y = w[i - 2]!;
      w[i] = ((((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10)) + w[i - 7]! + (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)) + w[i - 16]!) | 0;
    }
    let a = a0, b = b0, c = c0, d = d0, e = e0, f = f0, g = g0, h = h0;
    for (let i = 0; i < 64; i += 8) {
      h = (h + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) + (g ^ (e & (f ^ g))) + k[i]! + w[i]!) | 0; d = (d + h) | 0;
      h = (h + (((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) + ((a & b) ^ (c & (a ^ b)))) | 0;
      g = (g + (((d >>> 6) | (d << 26)) ^ ((d >>> 11) | (d << 21)) ^ ((d >>> 25) | (d << 7))) + (f ^ (d & (e ^ f))) + k[i + 1]! + w[i + 1]!) | 0; c = (c + g) | 0;
      g = (g + (((h >>> 2) | (h << 30)) ^ ((h >>> 13) | (h << 19)) ^ ((h >>> 22) | (h << 10))) + ((h & a) ^ (b & (h ^ a)))) | 0;
      f = (f + (((c >>> 6) | (c << 26)) ^ ((c >>> 11) | (c << 21)) ^ ((c >>> 25) | (c << 7))) + (e ^ (c & (d ^ e))) + k[i + 2]! + w[i + 2]!) | 0; b = (b + f) | 0;
      f = (f + (((g >>> 2) | (g << 30)) ^ ((g >>> 13) | (g << 19)) ^ ((g >>> 22) | (g << 10))) + ((g & h) ^ (a & (g ^ h)))) | 0;
      e = (e + (((b >>> 6) | (b << 26)) ^ ((b >>> 11) | (b << 21)) ^ ((b >>> 25) | (b << 7))) + (d ^ (b & (c ^ d))) + k[i + 3]! + w[i + 3]!) | 0; a = (a + e) | 0;
      e = (e + (((f >>> 2) | (f << 30)) ^ ((f >>> 13) | (f << 19)) ^ ((f >>> 22) | (f << 10))) + ((f & g) ^ (h & (f ^ g)))) | 0;
      d = (d + (((a >>> 6) | (a << 26)) ^ ((a >>> 11) | (a << 21)) ^ ((a >>> 25) | (a << 7))) + (c ^ (a & (b ^ c))) + k[i + 4]! + w[i + 4]!) | 0; h = (h + d) | 0;
      d = (d + (((e >>> 2) | (e << 30)) ^ ((e >>> 13) | (e << 19)) ^ ((e >>> 22) | (e << 10))) + ((e & f) ^ (g & (e ^ f)))) | 0;
      c = (c + (((h >>> 6) | (h << 26)) ^ ((h >>> 11) | (h << 21)) ^ ((h >>> 25) | (h << 7))) + (b ^ (h & (a ^ b))) + k[i + 5]! + w[i + 5]!) | 0; g = (g + c) | 0;
      c = (c + (((d >>> 2) | (d << 30)) ^ ((d >>> 13) | (d << 19)) ^ ((d >>> 22) | (d << 10))) + ((d & e) ^ (f & (d ^ e)))) | 0;
      b = (b + (((g >>> 6) | (g << 26)) ^ ((g >>> 11) | (g << 21)) ^ ((g >>> 25) | (g << 7))) + (a ^ (g & (h ^ a))) + k[i + 6]! + w[i + 6]!) | 0; f = (f + b) | 0;
      b = (b + (((c >>> 2) | (c << 30)) ^ ((c >>> 13) | (c << 19)) ^ ((c >>> 22) | (c << 10))) + ((c & d) ^ (e & (c ^ d)))) | 0;
      a = (a + (((f >>> 6) | (f << 26)) ^ ((f >>> 11) | (f << 21)) ^ ((f >>> 25) | (f << 7))) + (h ^ (f & (g ^ h))) + k[i + 7]! + w[i + 7]!) | 0; e = (e + a) | 0;
      a = (a + (((b >>> 2) | (b << 30)) ^ ((b >>> 13) | (b << 19)) ^ ((b >>> 22) | (b << 10))) + ((b & c) ^ (d & (b ^ c)))) | 0;
    }
    a0 = (a0 + a) | 0; b0 = (b0 + b) | 0; c0 = (c0 + c) | 0; d0 = (d0 + d) | 0;
    e0 = (e0 + e) | 0; f0 = (f0 + f) | 0; g0 = (g0 + g) | 0; h0 = (h0 + h) | 0;
  }
  s[0] = a0; s[1] = b0; s[2] = c0; s[3] = d0; s[4] = e0; s[5] = f0; s[6] = g0; s[7] = h0;
}

/**
 * Finishes a hash: `state` has absorbed `prefix` bytes (a multiple of 64) before `b[0, n)`.
 * Writes the 32-byte digest into `out` and returns it.
 */
function finish(state: Int32Array, prefix: number, b: Uint8Array, n: number, out: Uint8Array): Uint8Array {
  const whole = n - (n % BLOCK);
  blocks(state, b, 0, whole);
  TAIL.fill(0);
  TAIL.set(b.subarray(whole, n));
  return pad(state, prefix + n, n - whole, out);
}

/** Pads the `rest` bytes already in TAIL for a message of `total` bytes, compresses, writes the digest. */
function pad(state: Int32Array, total: number, rest: number, out: Uint8Array): Uint8Array {
  const tail = TAIL;
  tail[rest] = 0x80;
  const size = rest < 56 ? BLOCK : 2 * BLOCK;
  const bits = total * 8;
  const hi = Math.floor(bits / 0x100000000);
  tail[size - 8] = hi >>> 24; tail[size - 7] = hi >>> 16; tail[size - 6] = hi >>> 8; tail[size - 5] = hi;
  tail[size - 4] = bits >>> 24; tail[size - 3] = bits >>> 16; tail[size - 2] = bits >>> 8; tail[size - 1] = bits;
  blocks(state, tail, 0, size);
  for (let i = 0; i < 8; i++) {
    const v = state[i]!;
    out[4 * i] = v >>> 24; out[4 * i + 1] = v >>> 16; out[4 * i + 2] = v >>> 8; out[4 * i + 3] = v;
  }
  return out;
}

/** Encodes a string into a reused buffer; returns the buffer and the byte length. */
function encodeScratch(s: string): [Uint8Array, number] {
  if (s.length * 3 > scratch.length) scratch = new Uint8Array(Math.max(s.length * 3, scratch.length * 2));
  return [scratch, encoder.encodeInto(s, scratch).written];
}

/** Digest of `data` continuing from `state` (absorbed `prefix` bytes); `state` is consumed. */
function digestFrom(state: Int32Array, prefix: number, data: Uint8Array | string, out: Uint8Array): Uint8Array {
  if (typeof data !== 'string') return finish(state, prefix, data, data.length, out);
  const [buf, n] = encodeScratch(data);
  return finish(state, prefix, buf, n, out);
}

/** Synchronous SHA-256 in TypeScript (strings are hashed as UTF-8). */
export function sha256Sync(data: Uint8Array | string): Uint8Array {
  const n = nativeFor(data);
  if (n) return n.sha256(data);
  if (!K[0]) constants();
  STATE.set(IV);
  return digestFrom(STATE, 0, data, new Uint8Array(32));
}

/**
 * Prepared HMAC key: the raw key for native hashing and, for the TypeScript path, the SHA-256 states after
 * the ipad and opad blocks (so each later HMAC skips two compressions), computed on first use. Holds key
 * material: keep it private.
 */
export interface HmacKey { raw: Uint8Array; inner?: Int32Array; outer?: Int32Array }

/** Prepares `key` for `hmacSyncWith` (keys longer than 64 bytes are hashed first, per RFC 2104). */
export function hmacKey(key: Uint8Array | string): HmacKey {
  const k = typeof key === 'string' ? utf8(key) : key;
  return { raw: k.length > BLOCK ? sha256Sync(k) : k };
}

/** The TypeScript path's precomputed ipad/opad states of `key`. */
function padStates(key: HmacKey): { inner: Int32Array; outer: Int32Array } {
  if (key.inner && key.outer) return key as { inner: Int32Array; outer: Int32Array };
  if (!K[0]) constants();
  const pad = new Uint8Array(BLOCK);
  const state = (x: number): Int32Array => {
    pad.fill(x);
    for (let i = 0; i < key.raw.length; i++) pad[i] = key.raw[i]! ^ x;
    const s = IV.slice();
    blocks(s, pad, 0, BLOCK);
    return s;
  };
  return Object.assign(key, { inner: state(0x36), outer: state(0x5c) });
}

const innerDigest = new Uint8Array(32);

/** Synchronous HMAC-SHA-256 with a prepared key. */
export function hmacSyncWith(key: HmacKey, data: Uint8Array | string): Uint8Array {
  const n = nativeFor(data);
  if (n) return n.hmac(key.raw, data);
  const { inner, outer } = padStates(key);
  STATE.set(inner);
  digestFrom(STATE, BLOCK, data, innerDigest);
  STATE.set(outer);
  return finish(STATE, BLOCK, innerDigest, 32, new Uint8Array(32));
}

/** Synchronous HMAC-SHA-256 in TypeScript. */
export const hmacSync = (key: Uint8Array | string, data: Uint8Array | string): Uint8Array =>
  hmacSyncWith(hmacKey(key), data);

const subtleDigest = async (bytes: Uint8Array): Promise<Uint8Array> =>
  new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));

/** Length in UTF-8 bytes is at most 3 per UTF-16 unit: short strings skip encoding for the size check. */
const small = (data: Uint8Array | string): boolean =>
  typeof data === 'string' ? data.length * 3 < SYNC_THRESHOLD : data.length < SYNC_THRESHOLD;

/** SHA-256 of `data` (strings as UTF-8): TypeScript below `SYNC_THRESHOLD` bytes, `crypto.subtle` above. */
export function sha256(data: Uint8Array | string): Promise<Uint8Array> {
  if (nat() || small(data)) return Promise.resolve(sha256Sync(data));
  if (typeof data !== 'string') return subtleDigest(data);
  // WebCrypto copies its input before `digest` returns, so the reused encode buffer is free again at once.
  const [buf, n] = encodeScratch(data);
  return n < SYNC_THRESHOLD ? Promise.resolve(sha256Sync(buf.subarray(0, n))) : subtleDigest(buf.subarray(0, n));
}

/** HMAC-SHA-256 (strings as UTF-8): TypeScript below `SYNC_THRESHOLD` bytes of data, `crypto.subtle` above. */
export async function hmac(key: Uint8Array | string, data: Uint8Array | string): Promise<Uint8Array> {
  if (nat() || small(data)) return hmacSync(key, data);
  const k = typeof key === 'string' ? utf8(key) : key;
  const d = typeof data === 'string' ? utf8(data) : data;
  if (d.length < SYNC_THRESHOLD) return hmacSync(k, d);
  return hmacSubtle(k, d);
}

/** HMAC-SHA-256 on `crypto.subtle` alone (exported for the differential specs and the bench). */
export async function hmacSubtle(key: Uint8Array | string, data: Uint8Array | string): Promise<Uint8Array> {
  const k = typeof key === 'string' ? utf8(key) : key;
  const d = typeof data === 'string' ? utf8(data) : data;
  const ck = await crypto.subtle.importKey('raw', k as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', ck, d as Uint8Array<ArrayBuffer>));
}

/** SHA-256 on `crypto.subtle` alone (exported for the differential specs and the bench). */
export const sha256Subtle = (data: Uint8Array | string): Promise<Uint8Array> =>
  subtleDigest(typeof data === 'string' ? utf8(data) : data);
