import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { toHex, utf8 } from '../lib/bytes.ts';
import { SYNC_THRESHOLD, hmac, hmacHex, hmacKey, nativeHashing, sha256, sha256Hex, sha256Sync } from '../lib/sha256.ts';
import { nativeHash } from '../lib/runtime.ts';

/** The references: WebCrypto's digest and HMAC. */
const sha256Subtle = async (data: Uint8Array | string): Promise<Uint8Array> =>
  new Uint8Array(await crypto.subtle.digest('SHA-256', (typeof data === 'string' ? utf8(data) : data) as Uint8Array<ArrayBuffer>));
async function hmacSubtle(key: Uint8Array | string, data: Uint8Array | string): Promise<Uint8Array> {
  const k = await crypto.subtle.importKey('raw', (typeof key === 'string' ? utf8(key) : key) as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', k, (typeof data === 'string' ? utf8(data) : data) as Uint8Array<ArrayBuffer>));
}
const hmacSync = (key: Uint8Array | string, data: Uint8Array | string): Uint8Array => hmac(hmacKey(key), data);

/** Seeded xorshift32 bytes. */
function bytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0, x = seed | 1; i < n; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; out[i] = x & 255; }
  return out;
}
const fill = (n: number, v: number): Uint8Array => new Uint8Array(n).fill(v);
const BOUNDARIES = [55, 56, 63, 64, 65, 119, 120, 127, 128, 129, 183, 184, 191, 192, 1000, 4095, 4096, SYNC_THRESHOLD - 1, SYNC_THRESHOLD, SYNC_THRESHOLD + 1, 65536, 100_003];
const LENGTHS = [...Array.from({ length: 301 }, (_, i) => i), ...BOUNDARIES];

/** FIPS 180-2 appendix B examples (SHA-256). */
const FIPS: Array<[string, () => string, string]> = [
  ['abc', () => 'abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
  ['two-block message', () => 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
  ['one million a', () => 'a'.repeat(1_000_000), 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0'],
];

/** RFC 4231 test cases 1–7: key, data, HMAC-SHA-256 (case 5 truncated to 128 bits). */
const RFC4231: Array<[number, Uint8Array, Uint8Array, string]> = [
  [1, fill(20, 0x0b), utf8('Hi There'), 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7'],
  [2, utf8('Jefe'), utf8('what do ya want for nothing?'), '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843'],
  [3, fill(20, 0xaa), fill(50, 0xdd), '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe'],
  [4, Uint8Array.from({ length: 25 }, (_, i) => i + 1), fill(50, 0xcd), '82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b'],
  [5, fill(20, 0x0c), utf8('Test With Truncation'), 'a3b6167473100ee06e0c796c2955552b'],
  [6, fill(131, 0xaa), utf8('Test Using Larger Than Block-Size Key - Hash Key First'), '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54'],
  [7, fill(131, 0xaa), utf8('This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.'), '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2'],
];

/** Both synchronous paths: TypeScript everywhere, and `node:crypto` where the runtime has it. */
const PATHS = nativeHash() ? (['typescript', 'native'] as const) : (['typescript'] as const);

for (const path of PATHS) {
  const Sync = suite(`sha256Sync (${path})`);
  Sync.before(() => { nativeHashing(path === 'native'); });
  for (const [name, input, hex] of FIPS) Sync(`sha256Sync :: FIPS 180-2 ${name}`, () => assert.is(toHex(sha256Sync(input())), hex));
  Sync('sha256Sync :: one million a as bytes', () => assert.is(toHex(sha256Sync(fill(1_000_000, 0x61))), FIPS[2]![2]));
  Sync('sha256Sync :: differential vs crypto.subtle, lengths 0..300 and block boundaries', async () => {
    for (const n of LENGTHS) {
      const b = bytes(n, n + 1);
      assert.is(toHex(sha256Sync(b)), toHex(await sha256Subtle(b)), `length ${n}`);
    }
  });
  Sync('sha256Sync :: strings (ASCII and UTF-8) match crypto.subtle over their UTF-8 bytes', async () => {
    for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 120, 127, 128, 300, 5000]) {
      for (const s of ['x'.repeat(n), 'é'.repeat(n), ('ab€😀' + 'z'.repeat(60)).repeat(Math.ceil(n / 64)).slice(0, n)]) {
        assert.is(toHex(sha256Sync(s)), toHex(await sha256Subtle(utf8(s))), `${JSON.stringify(s.slice(0, 8))}… length ${n}`);
      }
    }
  });
  Sync('sha256Sync :: unaligned subarrays', async () => {
    const b = bytes(400, 99);
    for (let off = 0; off < 9; off++) assert.is(toHex(sha256Sync(b.subarray(off, off + 200))), toHex(await sha256Subtle(b.slice(off, off + 200))));
  });
  Sync.run();

  const Async = suite(`sha256 (${path})`);
  Async.before(() => { nativeHashing(path === 'native'); });
  for (const [name, input, hex] of FIPS) Async(`sha256 :: FIPS 180-2 ${name}`, async () => assert.is(toHex(await sha256(input())), hex));
  Async('sha256Hex :: hex of the digest, a string below SYNC_THRESHOLD (and always with native hashing), else a promise', async () => {
    for (const n of [0, 1, 64, 1000, SYNC_THRESHOLD - 1, SYNC_THRESHOLD, 70_000]) {
      const b = bytes(n, n + 11);
      const h = sha256Hex(b);
      assert.is(typeof h === 'string', path === 'native' || n < SYNC_THRESHOLD, `length ${n}`);
      assert.is(await h, toHex(await sha256Subtle(b)), `length ${n}`);
      const s = 'ä'.repeat(n >> 1);
      assert.is(await sha256Hex(s), toHex(await sha256Subtle(s)), `string ${n >> 1}`);
    }
  });
  Async('sha256 :: both paths (below and above SYNC_THRESHOLD) match crypto.subtle', async () => {
    for (const n of LENGTHS) {
      const b = bytes(n, n * 3 + 5);
      assert.is(toHex(await sha256(b)), toHex(await sha256Subtle(b)), `length ${n}`);
    }
    for (const n of [SYNC_THRESHOLD / 3 - 1, SYNC_THRESHOLD / 3 + 1, SYNC_THRESHOLD - 1, SYNC_THRESHOLD + 1]) {
      const s = 'é'.repeat(Math.floor(n));
      assert.is(toHex(await sha256(s)), toHex(await sha256Subtle(utf8(s))), `string of ${Math.floor(n)} é`);
    }
  });
  Async.run();

  const HmacSync = suite(`hmacSync (${path})`);
  HmacSync.before(() => { nativeHashing(path === 'native'); });
  for (const [n, key, data, hex] of RFC4231) {
    HmacSync(`hmacSync :: RFC 4231 case ${n}`, () => assert.is(toHex(hmacSync(key, data)).slice(0, hex.length), hex));
  }
  HmacSync('hmacSync :: differential vs crypto.subtle, keys 1..140 bytes, data 0..300 and boundaries', async () => {
    for (const k of [1, 20, 32, 63, 64, 65, 131, 140]) {
      const key = bytes(k, k * 7 + 1);
      for (const n of LENGTHS) {
        if (k !== 32 && n % 7) continue;
        const d = bytes(n, n * 13 + k);
        assert.is(toHex(hmacSync(key, d)), toHex(await hmacSubtle(key, d)), `key ${k}, data ${n}`);
      }
    }
  });
  HmacSync('hmacSync :: string key and data are UTF-8', async () => {
    assert.is(toHex(hmacSync('kéy', 'dätä €')), toHex(await hmacSubtle(utf8('kéy'), utf8('dätä €'))));
  });
  HmacSync.run();

  const HmacKey = suite(`hmacKey (${path})`);
  HmacKey.before(() => { nativeHashing(path === 'native'); });
  HmacKey('hmacKey :: a prepared key gives the same MAC on every reuse', async () => {
    const key = hmacKey('AWS4secret');
    for (const n of [0, 10, 64, 200]) {
      const d = bytes(n, n + 2);
      const want = toHex(await hmacSubtle('AWS4secret', d));
      assert.is(toHex(hmac(key, d)), want);
      assert.is(hmacHex(key, d), want);
    }
  });
  HmacKey.run();

  const HmacHex = suite(`hmacHex (${path})`);
  HmacHex.before(() => { nativeHashing(path === 'native'); });
  for (const [n, key, data, hex] of RFC4231) HmacHex(`hmacHex :: RFC 4231 case ${n}`, () => assert.is(hmacHex(hmacKey(key), data).slice(0, hex.length), hex));
  HmacHex('hmacHex :: long data and strings match crypto.subtle', async () => {
    for (const n of [0, 100, SYNC_THRESHOLD + 1, 70_000]) {
      const d = bytes(n, n + 9);
      assert.is(hmacHex(hmacKey('key'), d), toHex(await hmacSubtle('key', d)), `bytes ${n}`);
      const s = 'ü'.repeat(n >> 1);
      assert.is(hmacHex(hmacKey(utf8('key')), s), toHex(await hmacSubtle('key', s)), `string ${n >> 1}`);
    }
  });
  HmacHex.run();
}

const Native = suite('nativeHashing');
Native('nativeHashing :: false forces TypeScript; true restores the runtime default', () => {
  assert.is(nativeHashing(false), false);
  assert.is(nativeHashing(true), nativeHash() !== undefined);
});
Native('nativeHashing :: a key prepared on one path gives the same MAC on the other', async () => {
  nativeHashing(true);
  const key = hmacKey('AWS4key');
  const a = hmacHex(key, 'data');
  nativeHashing(false);
  assert.is(hmacHex(key, 'data'), a);
  nativeHashing(true);
  assert.is(hmacHex(key, 'data'), a);
  assert.is(a, toHex(await hmacSubtle('AWS4key', 'data')));
});
Native.run();
