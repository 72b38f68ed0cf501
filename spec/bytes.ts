import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { fromBase64, fromHex, fromUtf8, toBase64, toHex, utf8 } from '../lib/bytes.ts';
import { ValidationError } from '../lib/errors.ts';

/** Seeded xorshift32 bytes. */
function bytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0, x = seed | 1; i < n; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; out[i] = x & 255; }
  return out;
}
/** btoa over a binary string: the platform's base64, independent of ours. */
const platformBase64 = (b: Uint8Array): string => btoa(Array.from(b, (c) => String.fromCharCode(c)).join(''));

const Utf8 = suite('utf8');
Utf8('utf8 :: encodes like TextEncoder, including astral and lone surrogates', () => {
  for (const s of ['', 'abc', 'é', '€', 'ሴ', '😀', '\ud800x']) assert.equal(Array.from(utf8(s)), Array.from(new TextEncoder().encode(s)));
});
Utf8.run();

const FromUtf8 = suite('fromUtf8');
FromUtf8('fromUtf8 :: round-trips text', () => {
  for (const s of ['', 'plain', 'ümlaut €uro 😀 ሴ']) assert.is(fromUtf8(utf8(s)), s);
});
FromUtf8('fromUtf8 :: invalid UTF-8 throws ValidationError', () => {
  for (const b of [[0xff], [0xc3], [0xed, 0xa0, 0x80], [0xe2, 0x82]]) assert.throws(() => fromUtf8(new Uint8Array(b)), (e: unknown) => e instanceof ValidationError);
});
FromUtf8.run();

const ToHex = suite('toHex');
ToHex('toHex :: every byte value, lower case, matches Number#toString(16)', () => {
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  assert.is(toHex(all), Array.from(all, (b) => b.toString(16).padStart(2, '0')).join(''));
  assert.is(toHex(new Uint8Array(0)), '');
});
ToHex.run();

const FromHex = suite('fromHex');
FromHex('fromHex :: round-trips random bytes, either case', () => {
  for (let n = 0; n < 70; n++) {
    const b = bytes(n, n + 7);
    assert.equal(Array.from(fromHex(toHex(b))), Array.from(b));
    assert.equal(Array.from(fromHex(toHex(b).toUpperCase())), Array.from(b));
  }
});
FromHex('fromHex :: odd length or non-hex throws ValidationError', () => {
  for (const s of ['a', 'abc', 'zz', '0g', ' 0', 'é0']) assert.throws(() => fromHex(s), (e: unknown) => e instanceof ValidationError);
});
FromHex.run();

const ToBase64 = suite('toBase64');
ToBase64('toBase64 :: matches btoa for every length 0..300', () => {
  for (let n = 0; n <= 300; n++) {
    const b = bytes(n, n * 31 + 1);
    assert.is(toBase64(b), platformBase64(b), `length ${n}`);
  }
});
ToBase64('toBase64 :: RFC 4648 test vectors', () => {
  const cases: Array<[string, string]> = [['', ''], ['f', 'Zg=='], ['fo', 'Zm8='], ['foo', 'Zm9v'], ['foob', 'Zm9vYg=='], ['fooba', 'Zm9vYmE='], ['foobar', 'Zm9vYmFy']];
  for (const [plain, b64] of cases) assert.is(toBase64(utf8(plain)), b64);
});
ToBase64.run();

const FromBase64 = suite('fromBase64');
FromBase64('fromBase64 :: round-trips every length 0..300, padded and unpadded', () => {
  for (let n = 0; n <= 300; n++) {
    const b = bytes(n, n * 17 + 3);
    const s = toBase64(b);
    assert.equal(Array.from(fromBase64(s)), Array.from(b), `length ${n}`);
    assert.equal(Array.from(fromBase64(s.replace(/=+$/, ''))), Array.from(b), `unpadded length ${n}`);
  }
});
FromBase64('fromBase64 :: matches atob on the RFC 4648 vectors', () => {
  for (const s of ['Zg==', 'Zm8=', 'Zm9v', 'Zm9vYg==', 'Zm9vYmFy', '+/+/']) assert.is(Array.from(fromBase64(s)).map((c) => String.fromCharCode(c)).join(''), atob(s));
});
FromBase64('fromBase64 :: invalid input throws ValidationError', () => {
  for (const s of ['a', 'Zg=a', 'Z===', 'Zm9v Zg==', 'Zm-_', 'Zm9vé===', '=Zm9']) assert.throws(() => fromBase64(s), (e: unknown) => e instanceof ValidationError, s);
});
FromBase64.run();
