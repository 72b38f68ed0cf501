/**
 * Event-stream decoder fuzzer. Seeded, deterministic: valid messages (every header type) are mutated
 * (bit flips, truncations, total_length and headers_length at extremes with and without fixed-up CRCs,
 * random header types and length fields behind valid CRCs, random bytes, splices) and fed to
 * `EventStreamDecoder` in random chunkings. Checks: only `StreamError` is ever thrown, no allocation
 * beyond the decoder's `maxMessageBytes` (every `new Uint8Array(n)` is watched), time per input (max reported).
 *
 *   node scripts/run-ts.mjs scripts/fuzz.ts [count=1000000] [seed=1]
 *
 * `fuzzDecoder` is the core, also run (20,000 inputs) by spec/eventstream.fuzz.ts in every runtime.
 */
import { crc32 } from '../lib/crc32.ts';
import { StreamError } from '../lib/errors.ts';
import { encodeMessage, EventStreamDecoder, type HeaderInput } from '../lib/eventstream.ts';

export interface FuzzOptions {
  /** Inputs to try (default 1,000,000). */
  count?: number;
  /** PRNG seed (default 1). */
  seed?: number;
  /** The decoder's cap (default 1 MiB, so extreme lengths cross it). */
  maxMessageBytes?: number;
}

export interface MutationStats {
  inputs: number;
  /** Inputs that decoded without an error (possibly to zero messages). */
  decoded: number;
  messages: number;
  streamErrors: number;
  /** Anything but a StreamError: must stay 0. */
  otherErrors: number;
  maxMs: number;
}

export interface FuzzReport {
  seed: number;
  count: number;
  cap: number;
  ms: number;
  maxMs: number;
  /** Inputs that took over 10 ms (GC pauses and a loaded machine show up here). */
  over10ms: number;
  /** Largest `new Uint8Array(n)` seen while decoding. */
  maxAllocation: number;
  byMutation: Record<string, MutationStats>;
  /** StreamError messages, numbers stripped, with counts. */
  errorKinds: Record<string, number>;
  /** Inputs that broke a rule (first 20), with a reproduction. */
  failures: Array<{ mutation: string; input: string; chunks: number[]; error: string }>;
}

/** mulberry32: small, fast, seeded. */
export function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const int = (r: Random, n: number): number => Math.floor(r() * n);
const pick = <T>(r: Random, list: readonly T[]): T => list[int(r, list.length)]!;
const bytes = (r: Random, n: number): Uint8Array => Uint8Array.from({ length: n }, () => int(r, 256));
const setU32 = (b: Uint8Array, at: number, v: number): void => {
  if (at + 4 <= b.length) new DataView(b.buffer, b.byteOffset).setUint32(at, v >>> 0);
};
const getU32 = (b: Uint8Array, at: number): number => new DataView(b.buffer, b.byteOffset).getUint32(at);
const fixPrelude = (b: Uint8Array): void => setU32(b, 8, crc32(b.subarray(0, 8)));
const fixMessage = (b: Uint8Array): void => {
  const total = getU32(b, 0);
  if (total >= 16 && total <= b.length) setU32(b, total - 4, crc32(b.subarray(0, total - 4)));
};
const concat = (parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
};

const TYPES = ['boolean', 'byte', 'short', 'integer', 'long', 'binary', 'string', 'timestamp', 'uuid'] as const;

function randomHeader(r: Random, type: (typeof TYPES)[number]): HeaderInput {
  switch (type) {
    case 'boolean': return r() < 0.5;
    case 'byte': return { type, value: int(r, 256) - 128 };
    case 'short': return { type, value: int(r, 65536) - 32768 };
    case 'integer': return { type, value: (int(r, 2 ** 32) | 0) };
    case 'long': return { type, value: BigInt.asIntN(64, (BigInt(int(r, 2 ** 32)) << 32n) | BigInt(int(r, 2 ** 32))) };
    case 'binary': return bytes(r, int(r, 40));
    case 'string': return pick(r, ['chunk', 'application/json', 'event', 'exception', 'throttlingException', 'ü名', '']);
    case 'timestamp': return new Date(int(r, 4e12));
    default: return { type, value: [...bytes(r, 16)].map((x) => x.toString(16).padStart(2, '0')).join('').replace(/(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-') };
  }
}

/** Valid messages: Bedrock-like frames and messages with every header type, small and large. */
function corpus(r: Random): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < 96; i++) {
    const headers: Record<string, HeaderInput> = i % 3 === 0 ? { ':event-type': 'chunk', ':content-type': 'application/json', ':message-type': 'event' } : {};
    for (let k = 0, n = int(r, 8); k < n; k++) headers[`${pick(r, [':h', 'x-', 'ü'])}${k}`] = randomHeader(r, TYPES[(i + k) % TYPES.length]!);
    const size = i % 16 === 15 ? 20_000 + int(r, 60_000) : int(r, 400);
    out.push(encodeMessage({ headers, payload: bytes(r, size) }));
  }
  return out;
}

/** Offsets of header type bytes and of length fields inside a valid message. */
function layout(m: Uint8Array): { types: number[]; lengths: number[] } {
  const end = 12 + getU32(m, 4), types: number[] = [], lengths: number[] = [];
  for (let p = 12; p < end; ) {
    lengths.push(p);
    const t = p + 1 + m[p]!;
    types.push(t);
    const type = m[t]!;
    if (type === 6 || type === 7) lengths.push(t + 1);
    p = t + 1 + [0, 0, 1, 2, 4, 8, 2, 2, 8, 16][type]! + (type === 6 || type === 7 ? (m[t + 1]! << 8) | m[t + 2]! : 0);
  }
  return { types, lengths };
}

const EXTREMES = (total: number, cap: number): number[] =>
  [0, 1, 11, 12, 15, 16, 17, total - 1, total + 1, total * 2, cap - 1, cap, cap + 1, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1];

type Mutator = (r: Random, seed: Uint8Array, corpus: Uint8Array[], cap: number) => Uint8Array;

/** Each mutation starts from a copy of a valid message. */
const MUTATIONS: Record<string, Mutator> = {
  'bit flips': (r, s) => {
    const b = s.slice();
    for (let k = 0, n = 1 + int(r, 8); k < n; k++) b[int(r, b.length)] ^= 1 << int(r, 8);
    return b;
  },
  'bit flips, CRCs fixed': (r, s) => {
    const b = s.slice();
    for (let k = 0, n = 1 + int(r, 4); k < n; k++) b[8 + int(r, b.length - 8)] ^= 1 << int(r, 8);
    fixPrelude(b), fixMessage(b);
    return b;
  },
  truncation: (r, s) => s.slice(0, int(r, s.length)),
  'total_length extreme': (r, s, _c, cap) => {
    const b = s.slice();
    setU32(b, 0, r() < 0.8 ? pick(r, EXTREMES(s.length, cap)) : int(r, 2 ** 32));
    if (r() < 0.7) fixPrelude(b);
    return b;
  },
  'headers_length extreme': (r, s, _c, cap) => {
    const b = s.slice(), total = getU32(s, 0);
    setU32(b, 4, r() < 0.8 ? pick(r, [...EXTREMES(total, cap), total - 16, total - 15, getU32(s, 4) + 1, getU32(s, 4) - 1]) : int(r, 2 ** 32));
    if (r() < 0.8) fixPrelude(b), fixMessage(b);
    return b;
  },
  'header type random, CRCs fixed': (r, s) => {
    const b = s.slice(), { types } = layout(s);
    if (!types.length) return b;
    b[pick(r, types)] = r() < 0.5 ? 10 + int(r, 246) : int(r, 10);
    fixMessage(b);
    return b;
  },
  'header length fields random, CRCs fixed': (r, s) => {
    const b = s.slice(), { lengths } = layout(s);
    if (!lengths.length) return b;
    const at = pick(r, lengths);
    b[at] = pick(r, [0, 1, 255, int(r, 256)]);
    if (r() < 0.5 && at + 1 < b.length) b[at + 1] = int(r, 256);
    fixMessage(b);
    return b;
  },
  'header bytes random, CRCs fixed': (r, s) => {
    const b = s.slice(), end = 12 + getU32(s, 4);
    if (end === 12) return b;
    for (let k = 0, n = 1 + int(r, 6); k < n; k++) b[12 + int(r, end - 12)] = int(r, 256);
    fixMessage(b);
    return b;
  },
  'random prelude, CRC valid': (r, _s, _c, cap) => {
    const b = bytes(r, 12 + int(r, 200));
    setU32(b, 0, r() < 0.5 ? 16 + int(r, 200) : pick(r, EXTREMES(100, cap)));
    setU32(b, 4, r() < 0.5 ? int(r, 200) : int(r, 2 ** 32));
    fixPrelude(b), fixMessage(b);
    return b;
  },
  'random bytes': (r) => bytes(r, int(r, 300)),
  'splice of messages': (r, s, c) => {
    const other = pick(r, c);
    return concat([s, other.subarray(0, int(r, other.length + 1)), pick(r, c)]).slice(0, s.length + int(r, other.length * 2 + 1));
  },
};

/** Chunk sizes for feeding `length` bytes: whole, 1-byte, small or network-sized pieces. */
function chunking(r: Random, length: number): number[] {
  const mode = r();
  if (mode < 0.4) return [length];
  const max = mode < 0.45 && length < 4096 ? 1 : mode < 0.7 ? 64 : 4096;
  const sizes: number[] = [];
  for (let left = length; left > 0; ) {
    const n = Math.min(left, 1 + int(r, max));
    sizes.push(n), (left -= n);
  }
  return sizes;
}

/** Replaces the global Uint8Array with a proxy that records the largest length-constructed array. */
function watchAllocations(): { max: () => number; restore: () => void } {
  const original = globalThis.Uint8Array;
  let max = 0;
  globalThis.Uint8Array = new Proxy(original, {
    construct(target, args: unknown[], newTarget) {
      if (typeof args[0] === 'number' && args[0] > max) max = args[0];
      return Reflect.construct(target, args, newTarget === globalThis.Uint8Array ? target : newTarget);
    },
  });
  return { max: () => max, restore: () => void (globalThis.Uint8Array = original) };
}

/** Runs the fuzzer; see `FuzzReport`. */
export function fuzzDecoder(options: FuzzOptions = {}): FuzzReport {
  const seed = options.seed ?? 1, count = options.count ?? 1_000_000, cap = options.maxMessageBytes ?? 1 << 20;
  const r = rng(seed);
  const seeds = corpus(r);
  const names = Object.keys(MUTATIONS);
  const byMutation: Record<string, MutationStats> = {};
  for (const n of names) byMutation[n] = { inputs: 0, decoded: 0, messages: 0, streamErrors: 0, otherErrors: 0, maxMs: 0 };
  const errorKinds: Record<string, number> = {};
  const failures: FuzzReport['failures'] = [];
  let maxMs = 0, maxAllocation = 0, over10ms = 0;
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const mutation = names[i % names.length]!;
    const input = MUTATIONS[mutation]!(r, pick(r, seeds), seeds, cap);
    const sizes = chunking(r, input.length);
    const stats = byMutation[mutation]!;
    stats.inputs++;
    const watch = watchAllocations();
    const t0 = performance.now();
    try {
      const decoder = new EventStreamDecoder({ maxMessageBytes: cap });
      let at = 0;
      for (const n of sizes) stats.messages += decoder.push(input.subarray(at, (at += n))).length;
      decoder.end();
      stats.decoded++;
    } catch (e) {
      if (e instanceof StreamError) {
        stats.streamErrors++;
        const kind = e.message.replace(/"(?:[^"\\]|\\.)*"/g, '"…"').replace(/\d+/g, 'N');
        errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
      } else {
        stats.otherErrors++;
        if (failures.length < 20) failures.push({ mutation, input: [...input].map((x) => x.toString(16).padStart(2, '0')).join(''), chunks: sizes, error: String(e) });
      }
    } finally {
      watch.restore();
    }
    const ms = performance.now() - t0;
    if (ms > stats.maxMs) stats.maxMs = ms;
    if (ms > maxMs) maxMs = ms;
    if (ms > 10) over10ms++;
    maxAllocation = Math.max(maxAllocation, watch.max());
    if (watch.max() > cap && failures.length < 20) failures.push({ mutation, input: `(${input.length} bytes)`, chunks: sizes, error: `allocated ${watch.max()} bytes, over the ${cap}-byte cap` });
  }
  return { seed, count, cap, ms: performance.now() - started, maxMs, over10ms, maxAllocation, byMutation, errorKinds, failures };
}

/** The summary table (markdown). */
export function formatReport(report: FuzzReport): string {
  const rows = Object.entries(report.byMutation).map(([name, s]) =>
    `| ${name} | ${s.inputs.toLocaleString('en')} | ${s.decoded.toLocaleString('en')} | ${s.messages.toLocaleString('en')} | ${s.streamErrors.toLocaleString('en')} | ${s.otherErrors} | ${s.maxMs.toFixed(2)} |`);
  const kinds = Object.entries(report.errorKinds).sort((a, b) => b[1] - a[1]).map(([k, n]) => `| ${n.toLocaleString('en')} | ${k} |`);
  return [
    `event-stream decoder fuzz: ${report.count.toLocaleString('en')} inputs, seed ${report.seed}, cap ${report.cap.toLocaleString('en')} bytes, ${(report.ms / 1000).toFixed(1)} s`,
    '',
    '| mutation | inputs | decoded | messages | StreamError | other errors | max ms/input |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    `max time per input: ${report.maxMs.toFixed(2)} ms (${report.over10ms} inputs over 10 ms, mean ${((report.ms / report.count) * 1000).toFixed(0)} µs); largest allocation: ${report.maxAllocation.toLocaleString('en')} bytes (cap ${report.cap.toLocaleString('en')}); rule violations: ${report.failures.length}`,
    '',
    '| count | StreamError message (numbers as N) |',
    '|---:|---|',
    ...kinds,
  ].join('\n');
}

const argv = (globalThis as { process?: { argv?: string[]; exitCode?: number } }).process;
if (argv?.argv?.[1]?.endsWith('fuzz.ts')) {
  const [count, seed] = argv.argv.slice(2).map(Number);
  const report = fuzzDecoder({ count: count || undefined, seed: seed || undefined });
  console.log(formatReport(report));
  for (const f of report.failures) console.log('FAILURE', JSON.stringify(f));
  if (report.failures.length) argv.exitCode = 1;
}
