/**
 * Byte helpers without `Buffer`: UTF-8, hex and base64 (on `atob`/`btoa`). Bad input throws `ValidationError`.
 * No work at import time.
 * @module
 */
import { ValidationError } from './errors.ts';

const encoder = /* @__PURE__ */ new TextEncoder();
let decoder: TextDecoder | undefined;
let HEX: string[] | undefined;

/** UTF-8 bytes of `s` (lone surrogates become U+FFFD, as `TextEncoder` does). */
export const utf8 = (s: string): Uint8Array => encoder.encode(s);

/** Decodes UTF-8; invalid sequences throw `ValidationError`. */
export function fromUtf8(b: Uint8Array): string {
  try {
    return (decoder ??= new TextDecoder('utf-8', { fatal: true })).decode(b);
  } catch {
    throw new ValidationError(`expected UTF-8 bytes, got an invalid sequence in ${b.length} bytes`);
  }
}

/** Lower-case hex of `b`. */
export function toHex(b: Uint8Array): string {
  const hex = (HEX ??= Array.from({ length: 256 }, (_, i) => (i < 16 ? '0' : '') + i.toString(16)));
  let s = '';
  for (let i = 0; i < b.length; i++) s += hex[b[i]!];
  return s;
}

/** Parses hex (either case); odd length or a non-hex character throws `ValidationError`. */
export function fromHex(s: string): Uint8Array {
  if (s.length % 2 || /[^0-9a-f]/i.test(s)) throw new ValidationError(`expected an even number of hex digits, got ${s.length} characters`);
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Standard base64 with `=` padding. */
export function toBase64(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
  return btoa(s);
}

/**
 * Decodes standard base64. Padding is optional; whitespace, `-`/`_`, misplaced `=` or a dangling
 * single character throw `ValidationError`.
 */
export function fromBase64(s: string): Uint8Array {
  const body = s.length % 4 ? s : s.replace(/==?$/, '');
  if (body.length % 4 === 1 || /[^A-Za-z0-9+/]/.test(body)) throw new ValidationError(`expected base64, got ${s.length} characters that are not`);
  const bin = atob(body);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < out.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
