/**
 * Byte helpers without `Buffer`: UTF-8, hex and base64. Bad input throws `ValidationError`.
 * @module
 */
import { ValidationError } from './errors.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
const HEX: string[] = Array.from({ length: 256 }, (_, i) => (i < 16 ? '0' : '') + i.toString(16));
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) B64_INDEX[B64.charCodeAt(i)] = i;

/** UTF-8 bytes of `s` (lone surrogates become U+FFFD, as `TextEncoder` does). */
export const utf8 = (s: string): Uint8Array => encoder.encode(s);

/** Decodes UTF-8; invalid sequences throw `ValidationError`. */
export function fromUtf8(b: Uint8Array): string {
  try {
    return decoder.decode(b);
  } catch {
    throw new ValidationError(`expected UTF-8 bytes, got an invalid sequence in ${b.length} bytes`);
  }
}

/** Lower-case hex of `b`. */
export function toHex(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += HEX[b[i]!];
  return s;
}

const nibble = (c: number): number =>
  c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;

/** Parses hex (either case); odd length or a non-hex character throws `ValidationError`. */
export function fromHex(s: string): Uint8Array {
  if (s.length % 2) throw new ValidationError(`expected an even number of hex digits, got ${s.length}`);
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = nibble(s.charCodeAt(2 * i));
    const lo = nibble(s.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) throw new ValidationError(`expected hex digits, got a non-hex character at ${hi < 0 ? 2 * i : 2 * i + 1}`);
    out[i] = (hi << 4) | lo;
  }
  return out;
}

/** Standard base64 with `=` padding. */
export function toBase64(b: Uint8Array): string {
  let s = '';
  const n = b.length - (b.length % 3);
  for (let i = 0; i < n; i += 3) {
    const v = (b[i]! << 16) | (b[i + 1]! << 8) | b[i + 2]!;
    s += B64[v >> 18]! + B64[(v >> 12) & 63]! + B64[(v >> 6) & 63]! + B64[v & 63]!;
  }
  if (b.length - n === 1) {
    const v = b[n]!;
    s += B64[v >> 2]! + B64[(v & 3) << 4]! + '==';
  } else if (b.length - n === 2) {
    const v = (b[n]! << 8) | b[n + 1]!;
    s += B64[v >> 10]! + B64[(v >> 4) & 63]! + B64[(v & 15) << 2]! + '=';
  }
  return s;
}

/**
 * Decodes standard base64. Padding is optional; whitespace, `-`/`_`, misplaced `=` or a dangling
 * single character throw `ValidationError`.
 */
export function fromBase64(s: string): Uint8Array {
  let end = s.length;
  if (end % 4 === 0 && s.charCodeAt(end - 1) === 61) end -= s.charCodeAt(end - 2) === 61 ? 2 : 1;
  if (end % 4 === 1) throw new ValidationError(`expected base64, got a length of ${s.length}`);
  const out = new Uint8Array((end * 3) >> 2);
  let acc = 0;
  let bits = 0;
  let j = 0;
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? B64_INDEX[c]! : -1;
    if (v < 0) throw new ValidationError(`expected base64, got an invalid character at ${i}`);
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[j++] = (acc >> bits) & 255;
    }
  }
  return out;
}
