/**
 * CRC-32 of a 1.2 MB buffer: ours (slicing-by-8) vs @aws-crypto/crc32 (byte table, what the AWS SDK uses)
 * and node:zlib's native crc32 where the runtime has it. Target: ≥ 10× @aws-crypto/crc32.
 */
import { crc32 as awsCrc32 } from '@aws-crypto/crc32';
import * as zlib from 'node:zlib';
import { crc32 } from '../lib/crc32.ts';
import { measure, report, validate, type Contender } from './harness.ts';

const SIZE = 1_200_000;
const data = new Uint8Array(SIZE);
for (let i = 0, x = 2463534242; i < SIZE; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; data[i] = x & 255; }

const zcrc = (zlib as { crc32?: (b: Uint8Array) => number }).crc32;
const contenders: Contender[] = [
  { name: '@ainative/bedrock crc32', run: () => crc32(data) },
  { name: '@aws-crypto/crc32', run: () => awsCrc32(data) },
];
if (typeof zcrc === 'function') contenders.push({ name: 'node:zlib crc32 (native)', run: () => zcrc(data) });

const expected = awsCrc32(data);
await validate(contenders, (v) => v === expected);
const results = await measure(contenders, { rounds: 5, ms: 300 });
report(`crc32, ${SIZE.toLocaleString('en')} bytes`, results, '@ainative/bedrock crc32', 'op', SIZE);
const ratio = results.get('@ainative/bedrock crc32')! / results.get('@aws-crypto/crc32')!;
console.log(`  target ≥ 10x @aws-crypto/crc32: ${ratio.toFixed(1)}x ${ratio >= 10 ? 'OK' : 'MISSED'}`);
