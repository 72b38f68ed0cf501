/**
 * Tiny bench harness: validate every contender first, then time each in alternating rounds
 * so that machine noise hits all of them alike. Prints ops/s and the ratio to a baseline.
 */
export interface Contender { name: string; run: () => unknown | Promise<unknown> }

/** Runtime label for reports. */
export const runtime: string =
  typeof (globalThis as { Deno?: unknown }).Deno !== 'undefined' ? 'deno'
  : typeof (globalThis as { Bun?: unknown }).Bun !== 'undefined' ? 'bun'
  : 'node';

/** Throws when a contender's output differs from the expected value (by `same`). */
export async function validate<T>(
  contenders: Array<{ name: string; run: () => T | Promise<T> }>,
  same: (value: T) => boolean,
): Promise<void> {
  for (const c of contenders) {
    const v = await c.run();
    if (!same(v)) throw new Error(`contender "${c.name}" produced a wrong result; refusing to time it`);
  }
}

async function time(fn: Contender['run'], ms: number): Promise<number> {
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 8; i++) await fn();
    n += 8;
    now = performance.now();
  }
  return (n * 1000) / (now - start);
}

/** Times each contender for `rounds` × `ms` and returns ops/s (median of rounds). */
export async function measure(contenders: Contender[], { rounds = 5, ms = 300, warmup = 200 } = {}): Promise<Map<string, number>> {
  for (const c of contenders) await time(c.run, warmup);
  const samples = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  for (let r = 0; r < rounds; r++) for (const c of contenders) samples.get(c.name)!.push(await time(c.run, ms));
  const out = new Map<string, number>();
  for (const [name, s] of samples) out.set(name, s.sort((a, b) => a - b)[s.length >> 1]!);
  return out;
}

/** Prints a table: ops/s, µs/op and ratio of `ours` to each other contender. */
export function report(title: string, results: Map<string, number>, ours: string, unit = 'op', bytes?: number): void {
  const mine = results.get(ours)!;
  console.log(`\n${title} (${runtime})`);
  for (const [name, ops] of results) {
    const mbs = bytes ? `  ${((ops * bytes) / 1e6).toFixed(1)} MB/s` : '';
    const ratio = name === ours ? '' : `  ours is ${(mine / ops).toFixed(2)}x`;
    console.log(`  ${name.padEnd(34)} ${ops.toFixed(0).padStart(10)} ${unit}/s  ${(1e6 / ops).toFixed(2).padStart(9)} µs/${unit}${mbs}${ratio}`);
  }
}
