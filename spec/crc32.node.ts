import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as zlib from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { crc32 } from '../lib/crc32.ts';

/** node:zlib's native crc32 (Node ≥ 20.15 / 22.2); the differential is skipped where it is missing. */
const native = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;
const test = suite('crc32');

if (typeof native !== 'function') {
  test('crc32 :: node:zlib differential (skipped: this Node has no zlib.crc32)', () => {});
} else {
  test('crc32 :: equals node:zlib crc32 on random buffers of every length 0..256', () => {
    for (let n = 0; n <= 256; n++) {
      for (let round = 0; round < 4; round++) {
        const data = new Uint8Array(randomBytes(n));
        assert.is(crc32(data), native(data), `length ${n}`);
      }
    }
  });

  test('crc32 :: equals node:zlib crc32 on unaligned subarrays', () => {
    const data = new Uint8Array(randomBytes(70_000));
    for (let offset = 0; offset < 16; offset++) {
      for (const length of [0, 1, 15, 16, 17, 255, 2047, 2048, 2049, 4099, 65_537]) {
        const view = data.subarray(offset, offset + length);
        assert.is(crc32(view), native(view), `offset ${offset} length ${length}`);
      }
    }
  });

  test('crc32 :: continuing from a previous value equals node:zlib with the same initial value', () => {
    for (let n = 0; n < 300; n += 13) {
      const a = new Uint8Array(randomBytes(n)), b = new Uint8Array(randomBytes(3000 - n));
      assert.is(crc32(b, crc32(a)), native(b, native(a)), `split ${n}`);
    }
  });

  test('crc32 :: equals node:zlib on 1.2 MB and on Node Buffers (a Uint8Array subclass)', () => {
    const big = randomBytes(1_200_000);
    assert.is(crc32(big), native(big));
    assert.is(crc32(big.subarray(3, 1_199_995)), native(big.subarray(3, 1_199_995)));
  });
}

test.run();
