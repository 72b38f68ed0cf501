/**
 * CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), as used by the AWS event-stream framing.
 * Slicing-by-8 over eight 256-entry tables built on first use (no work at import time), reading bytes
 * (any alignment, any endianness).
 * @module
 */

import { ValidationError } from './errors.ts';
import { typeName } from './check.ts';

/** Reflected IEEE polynomial. */
const POLYNOMIAL = 0xedb88320;

let T: Int32Array | undefined;

/**
 * Table k (at k × 256) maps a byte to its CRC contribution k bytes further on: table 0 is the classic
 * one (8 bit steps from the byte), table k is table k - 1 shifted by one zero byte (8 more bit steps).
 */
function tables(): Int32Array {
  const t = new Int32Array(2048);
  for (let n = 0, c, k; n < 2048; t[n++] = c) for (c = n < 256 ? n : t[n - 256]!, k = 8; k--; ) c = c & 1 ? POLYNOMIAL ^ (c >>> 1) : c >>> 1;
  return t;
}

/**
 * CRC-32 of `bytes` (or of `bytes[start, end)`) as an unsigned 32-bit number. Pass the result of a
 * previous call as `previous` to continue over more data: `crc32(b, crc32(a))` is the CRC of `a` then `b`.
 * `start` and `end` must lie within `bytes`. Anything but a Uint8Array (a string: encode it first) is a `ValidationError`.
 */
export function crc32(bytes: Uint8Array, previous = 0, start = 0, end?: number): number {
  if (!(bytes instanceof Uint8Array)) throw new ValidationError(`crc32: expected a Uint8Array, got ${typeName(bytes)}`, { field: 'bytes' });
  end ??= bytes.length;
  const t = (T ??= tables()), b = bytes;
  let c = ~previous, i = start;
  for (; i + 8 <= end; i += 8) {
    c ^= b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24);
    c =
      t[1792 + (c & 255)]! ^ t[1536 + ((c >>> 8) & 255)]! ^ t[1280 + ((c >>> 16) & 255)]! ^ t[1024 + (c >>> 24)]! ^
      t[768 + b[i + 4]!]! ^ t[512 + b[i + 5]!]! ^ t[256 + b[i + 6]!]! ^ t[b[i + 7]!]!;
  }
  for (; i < end; i++) c = t[(c ^ b[i]!) & 255]! ^ (c >>> 8);
  return ~c >>> 0;
}
