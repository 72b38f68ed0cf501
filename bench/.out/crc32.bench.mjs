// bench/crc32.bench.ts
import { crc32 as awsCrc32 } from "@aws-crypto/crc32";
import * as zlib from "node:zlib";

// lib/crc32.ts
var POLYNOMIAL = 3988292384;
var VIEW_CACHE_LIMIT = 1 << 20;
var T;
var LITTLE_ENDIAN = false;
var viewBuffer;
var view;
function tables() {
  const t = new Int32Array(4096);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? POLYNOMIAL ^ c >>> 1 : c >>> 1;
    t[n] = c;
  }
  for (let n = 256; n < 4096; n++) t[n] = t[n - 256] >>> 8 ^ t[t[n - 256] & 255];
  LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;
  return t;
}
function words(buffer) {
  if (buffer === viewBuffer) return view;
  const w = new Int32Array(buffer, 0, buffer.byteLength >>> 2);
  if (buffer.byteLength <= VIEW_CACHE_LIMIT) viewBuffer = buffer, view = w;
  return w;
}
function crc32(bytes, previous = 0, start = 0, end = bytes.length) {
  const t = T ??= tables();
  let c = ~previous;
  let i = start;
  if (LITTLE_ENDIAN && end - i >= 32) {
    for (; bytes.byteOffset + i & 3; i++) c = t[(c ^ bytes[i]) & 255] ^ c >>> 8;
    const w = words(bytes.buffer), n = end - i >>> 4 << 2;
    let j = bytes.byteOffset + i >>> 2;
    if (j + n <= w.length) {
      for (const last = j + n; j < last; j += 4) {
        c ^= w[j];
        const a = w[j + 1], b = w[j + 2], d = w[j + 3];
        c = t[3840 + (c & 255)] ^ t[3584 + (c >>> 8 & 255)] ^ t[3328 + (c >>> 16 & 255)] ^ t[3072 + (c >>> 24)] ^ t[2816 + (a & 255)] ^ t[2560 + (a >>> 8 & 255)] ^ t[2304 + (a >>> 16 & 255)] ^ t[2048 + (a >>> 24)] ^ t[1792 + (b & 255)] ^ t[1536 + (b >>> 8 & 255)] ^ t[1280 + (b >>> 16 & 255)] ^ t[1024 + (b >>> 24)] ^ t[768 + (d & 255)] ^ t[512 + (d >>> 8 & 255)] ^ t[256 + (d >>> 16 & 255)] ^ t[d >>> 24];
      }
      i += n << 2;
    }
  }
  for (; i < end; i++) c = t[(c ^ bytes[i]) & 255] ^ c >>> 8;
  return ~c >>> 0;
}

// bench/harness.ts
var runtime = typeof globalThis.Deno !== "undefined" ? "deno" : typeof globalThis.Bun !== "undefined" ? "bun" : "node";
async function validate(contenders2, same) {
  for (const c of contenders2) {
    const v = await c.run();
    if (!same(v)) throw new Error(`contender "${c.name}" produced a wrong result; refusing to time it`);
  }
}
async function time(fn, ms) {
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 8; i++) await fn();
    n += 8;
    now = performance.now();
  }
  return n * 1e3 / (now - start);
}
async function measure(contenders2, { rounds = 5, ms = 300, warmup = 200 } = {}) {
  for (const c of contenders2) await time(c.run, warmup);
  const samples = new Map(contenders2.map((c) => [c.name, []]));
  for (let r = 0; r < rounds; r++) for (const c of contenders2) samples.get(c.name).push(await time(c.run, ms));
  const out = /* @__PURE__ */ new Map();
  for (const [name, s] of samples) out.set(name, s.sort((a, b) => a - b)[s.length >> 1]);
  return out;
}
function report(title, results2, ours, unit = "op", bytes) {
  const mine = results2.get(ours);
  console.log(`
${title} (${runtime})`);
  for (const [name, ops] of results2) {
    const mbs = bytes ? `  ${(ops * bytes / 1e6).toFixed(1)} MB/s` : "";
    const ratio2 = name === ours ? "" : `  ours is ${(mine / ops).toFixed(2)}x`;
    console.log(`  ${name.padEnd(34)} ${ops.toFixed(0).padStart(10)} ${unit}/s  ${(1e6 / ops).toFixed(2).padStart(9)} \xB5s/${unit}${mbs}${ratio2}`);
  }
}

// bench/crc32.bench.ts
var SIZE = 12e5;
var data = new Uint8Array(SIZE);
for (let i = 0, x = 2463534242; i < SIZE; i++) {
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  data[i] = x & 255;
}
var zcrc = zlib.crc32;
var contenders = [
  { name: "@ainative/bedrock crc32", run: () => crc32(data) },
  { name: "@aws-crypto/crc32", run: () => awsCrc32(data) }
];
if (typeof zcrc === "function") contenders.push({ name: "node:zlib crc32 (native)", run: () => zcrc(data) });
var expected = awsCrc32(data);
await validate(contenders, (v) => v === expected);
var results = await measure(contenders, { rounds: 5, ms: 300 });
report(`crc32, ${SIZE.toLocaleString("en")} bytes`, results, "@ainative/bedrock crc32", "op", SIZE);
var ratio = results.get("@ainative/bedrock crc32") / results.get("@aws-crypto/crc32");
console.log(`  target \u2265 10x @aws-crypto/crc32: ${ratio.toFixed(1)}x ${ratio >= 10 ? "OK" : "MISSED"}`);
