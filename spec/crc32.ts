import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ValidationError } from '../lib/errors.ts';
import { crc32 } from '../lib/crc32.ts';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Bit-at-a-time CRC-32 straight from the definition: an independent reference for every path. */
function reference(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** Deterministic pseudo-random bytes (xorshift32). */
function random(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0, x = seed >>> 0 || 1; i < length; i++) (x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), (out[i] = x & 255);
  return out;
}

const test = suite('crc32');

test('crc32 :: check value of "123456789" is 0xCBF43926', () => {
  assert.is(crc32(utf8('123456789')), 0xcbf43926);
});

test('crc32 :: published values (empty, "a", the quick brown fox)', () => {
  assert.is(crc32(new Uint8Array(0)), 0);
  assert.is(crc32(utf8('a')), 0xe8b7be43);
  assert.is(crc32(utf8('The quick brown fox jumps over the lazy dog')), 0x414fa339);
});

test('crc32 :: result is an unsigned 32-bit integer', () => {
  for (let n = 0; n < 64; n++) {
    const c = crc32(random(n, n + 7));
    assert.ok(Number.isInteger(c) && c >= 0 && c <= 0xffffffff, `length ${n}: ${c}`);
  }
  assert.ok(crc32(utf8('123456789')) > 0x7fffffff, 'a CRC with the top bit set stays positive');
});

test('crc32 :: matches the bitwise reference for every length 0..300', () => {
  const data = random(300, 42);
  for (let n = 0; n <= 300; n++) assert.is(crc32(data.subarray(0, n)), reference(data.subarray(0, n)), `length ${n}`);
});

test('crc32 :: matches the reference on large inputs at every alignment (8-byte steps)', () => {
  const data = random(20_011, 3);
  for (const offset of [0, 1, 2, 3, 5, 8]) {
    for (const length of [2047, 2048, 2049, 4096 + 13, 20_000 - offset]) {
      const view = data.subarray(offset, offset + length);
      assert.is(crc32(view), reference(view), `offset ${offset} length ${length}`);
    }
  }
});

test('crc32 :: incremental equals one-shot at every split point', () => {
  const data = random(257, 9);
  const whole = crc32(data);
  for (let k = 0; k <= data.length; k++) assert.is(crc32(data.subarray(k), crc32(data.subarray(0, k))), whole, `split at ${k}`);
  let running = 0;
  for (let k = 0; k < data.length; k += 7) running = crc32(data.subarray(k, k + 7), running);
  assert.is(running, whole, '7-byte pieces');
});

test('crc32 :: incremental from any offset of a large input', () => {
  const data = random(10_000, 11);
  assert.is(crc32(data.subarray(3000), crc32(data.subarray(0, 3000))), reference(data));
  assert.is(crc32(data.subarray(1), crc32(data.subarray(0, 1))), reference(data));
});

test('crc32 :: start and end select a range, same as subarray', () => {
  const data = random(5000, 5);
  for (const [start, end] of [[0, 0], [0, 9], [3, 17], [1, 4999], [7, 5000], [2500, 2501]] as const) {
    assert.is(crc32(data, 0, start, end), crc32(data.subarray(start, end)), `[${start}, ${end})`);
    assert.is(crc32(data, 0x1234abcd, start, end), crc32(data.subarray(start, end), 0x1234abcd), `[${start}, ${end}) continued`);
  }
});

test('crc32 :: reads only the view, not the rest of its buffer', () => {
  const buffer = random(4100, 13);
  const view = new Uint8Array(buffer.buffer, 1, 4097);
  assert.is(crc32(view), reference(buffer.slice(1, 4098)));
  buffer[0] ^= 0xff;
  buffer[4098] ^= 0xff;
  assert.is(crc32(view), reference(buffer.slice(1, 4098)), 'bytes outside the view do not count');
});

test('crc32 :: anything but a Uint8Array is a ValidationError, not a wrong number', () => {
  const cases: Array<[unknown, string]> = [['hello', 'string'], [[104, 105], 'Array'], [new ArrayBuffer(2), 'ArrayBuffer'], [Object.create(null), 'an object'], [null, 'null'], [undefined, 'undefined'], [42, 'number']];
  for (const [bytes, got] of cases) {
    assert.throws(() => crc32(bytes as Uint8Array), (e: unknown) => e instanceof ValidationError && (e as ValidationError).field === 'bytes' && (e as Error).message === `crc32: expected a Uint8Array, got ${got}`, got);
  }
  // a Uint8Array subclass (Node's Buffer is one) is a Uint8Array
  class Bytes extends Uint8Array {}
  assert.is(crc32(Bytes.from(utf8('123456789'))), 0xcbf43926);
});

test.run();
