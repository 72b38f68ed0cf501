/**
 * CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), as used by the AWS event-stream framing.
 * Slicing-by-16 over sixteen 256-entry tables built on first use (no work at import time), reading
 * 32-bit words on little-endian hosts.
 * @module
 */

/** Reflected IEEE polynomial. */
const POLYNOMIAL = 0xedb88320;
/** Word views of buffers up to this size are kept for the next call (one view per network chunk, not per frame). */
const VIEW_CACHE_LIMIT = 1 << 20;

let T: Int32Array | undefined;
let LITTLE_ENDIAN = false;
let viewBuffer: ArrayBufferLike | undefined;
let view: Int32Array | undefined;

/** Table k (at k × 256) maps a byte to its CRC contribution k bytes further on; table 0 is the classic one. */
function tables(): Int32Array {
  const t = new Int32Array(4096);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? POLYNOMIAL ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  for (let n = 256; n < 4096; n++) t[n] = (t[n - 256]! >>> 8) ^ t[t[n - 256]! & 255]!;
  LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;
  return t;
}

/** The whole of `buffer` as 32-bit words. */
function words(buffer: ArrayBufferLike): Int32Array {
  if (buffer === viewBuffer) return view!;
  const w = new Int32Array(buffer, 0, buffer.byteLength >>> 2);
  if (buffer.byteLength <= VIEW_CACHE_LIMIT) (viewBuffer = buffer), (view = w);
  return w;
}

/**
 * CRC-32 of `bytes` (or of `bytes[start, end)`) as an unsigned 32-bit number. Pass the result of a
 * previous call as `previous` to continue over more data: `crc32(b, crc32(a))` is the CRC of `a` then `b`.
 * `start` and `end` must lie within `bytes`.
 */
export function crc32(bytes: Uint8Array, previous = 0, start = 0, end: number = bytes.length): number {
  const t = (T ??= tables());
  let c = ~previous;
  let i = start;
  if (LITTLE_ENDIAN && end - i >= 32) {
    for (; (bytes.byteOffset + i) & 3; i++) c = t[(c ^ bytes[i]!) & 255]! ^ (c >>> 8);
    const w = words(bytes.buffer), n = ((end - i) >>> 4) << 2;
    let j = (bytes.byteOffset + i) >>> 2;
    if (j + n <= w.length) {
      for (const last = j + n; j < last; j += 4) {
        c ^= w[j]!;
        const a = w[j + 1]!, b = w[j + 2]!, d = w[j + 3]!;
        c =
          t[3840 + (c & 255)]! ^ t[3584 + ((c >>> 8) & 255)]! ^ t[3328 + ((c >>> 16) & 255)]! ^ t[3072 + (c >>> 24)]! ^
          t[2816 + (a & 255)]! ^ t[2560 + ((a >>> 8) & 255)]! ^ t[2304 + ((a >>> 16) & 255)]! ^ t[2048 + (a >>> 24)]! ^
          t[1792 + (b & 255)]! ^ t[1536 + ((b >>> 8) & 255)]! ^ t[1280 + ((b >>> 16) & 255)]! ^ t[1024 + (b >>> 24)]! ^
          t[768 + (d & 255)]! ^ t[512 + ((d >>> 8) & 255)]! ^ t[256 + ((d >>> 16) & 255)]! ^ t[d >>> 24]!;
      }
      i += n << 2;
    }
  }
  for (; i < end; i++) c = t[(c ^ bytes[i]!) & 255]! ^ (c >>> 8);
  return ~c >>> 0;
}
