// Load run (`npm run load`): the emulator served on loopback (serve), the provider on Node's fetch.
//  1. N concurrent streams (default 500) of E events each (default 200): every text exact, no cross-talk
//     (each prompt asks for its own reply), all finish; throughput, p50/p99 time to first event, peak RSS.
//  2. C sequential chats (default 10,000): heap after GC per thousand; the last thousand must be within 10 %
//     of the first.
// Options: --streams N --events E --chats C. Exits 1 when a check fails. Client and server share this process,
// so RSS and heap include the emulator.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { BedrockProvider } from '../lib/provider.ts';
import { createEmulator, EXAMPLE_CREDENTIALS } from '../lib/emulator.ts';
import { serve } from '../lib/node.ts';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const STREAMS = arg('streams', 500);
const EVENTS = arg('events', 200);
const CHATS = arg('chats', 10_000);
/** Events of a Messages stream around its deltas: message_start, content_block_start, content_block_stop, message_delta, message_stop. */
const FRAMING = 5;
const MODEL = 'anthropic.claude-3-5-sonnet-20241022-v2:0';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** The reply for prompt `req <id>`: EVENTS − FRAMING words, each one token, all carrying the id. */
const replyFor = (id: string, words: number): string => Array.from({ length: words }, (_, i) => `r${id}w${i}`).join(' ');
const ID = /req (\w+)/;

const emu = createEmulator({ reply: ({ prompt }) => replyFor(ID.exec(prompt)?.[1] ?? 'none', prompt.startsWith('chat') ? 8 : EVENTS - FRAMING) });
const server = await serve(emu);
const provider = new BedrockProvider({ region: 'us-east-1', ...EXAMPLE_CREDENTIALS, endpoint: server.url, maxRetries: 0 });
const failures: string[] = [];
const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

// -- 1. concurrent streams ----------------------------------------------------------------------
let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 20);
const firsts: number[] = [];
let deltas = 0;
const t0 = performance.now();
const results = await Promise.allSettled(Array.from({ length: STREAMS }, async (_, n) => {
  const id = `s${n}`;
  const start = performance.now();
  let first = 0;
  let text = '';
  let end = false;
  for await (const e of provider.stream([{ role: 'user', content: `stream req ${id}` }], { model: MODEL, maxTokens: 4096 })) {
    if (!first) first = performance.now() - start;
    if (e.type === 'content_delta') { text += e.content; deltas++; }
    if (e.type === 'content_end') end = true;
  }
  firsts.push(first);
  if (!end) throw new Error(`${id}: no content_end`);
  if (text !== replyFor(id, EVENTS - FRAMING)) throw new Error(`${id}: text differs (cross-talk or loss): ${text.slice(0, 60)}…`);
}));
const elapsed = (performance.now() - t0) / 1000;
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
for (const f of failed.slice(0, 5)) failures.push(String(f.reason));
if (failed.length) failures.push(`${failed.length} of ${STREAMS} streams failed`);
if (emu.calls !== STREAMS) failures.push(`emulator saw ${emu.calls} requests, expected ${STREAMS}`);
firsts.sort((a, b) => a - b);
const wireEvents = STREAMS * EVENTS;

// -- 2. sequential chats -------------------------------------------------------------------------
emu.reset();
const heaps: number[] = [];
const c0 = performance.now();
let wrong = 0;
for (let i = 1; i <= CHATS; i++) {
  const id = `c${i}`;
  const res = await provider.chat([{ role: 'user', content: `chat req ${id}` }], { model: MODEL, maxTokens: 64 });
  if (res.content !== replyFor(id, 8)) wrong++;
  if (i % 1000 === 0 || i === CHATS) {
    emu.reset(); // the emulator's request log is not the client's memory
    await new Promise((r) => setTimeout(r, 10));
    gc();
    gc();
    heaps.push(process.memoryUsage().heapUsed);
  }
}
const chatSeconds = (performance.now() - c0) / 1000;
if (wrong) failures.push(`${wrong} chats returned the wrong text`);
const growth = heaps.length > 1 ? (heaps.at(-1)! - heaps[0]!) / heaps[0]! : 0;
if (heaps.length > 1 && growth >= 0.1) failures.push(`heap grew ${(growth * 100).toFixed(1)} % between the first and the last thousand chats`);

await server.close();
provider.close();

// -- report --------------------------------------------------------------------------------------
const rows: Array<[string, string]> = [
  ['runtime', `node ${process.version} (${process.platform}/${process.arch})`],
  ['concurrent streams', `${STREAMS} × ${EVENTS} events over loopback HTTP: ${STREAMS - failed.length} exact, ${failed.length} failed`],
  ['wall time (streams)', `${elapsed.toFixed(2)} s`],
  ['throughput', `${Math.round(wireEvents / elapsed).toLocaleString('en-US')} events/s (${Math.round(deltas / elapsed).toLocaleString('en-US')} text deltas/s)`],
  ['time to first event', `p50 ${pct(firsts, 50).toFixed(0)} ms, p99 ${pct(firsts, 99).toFixed(0)} ms, max ${(firsts.at(-1) ?? NaN).toFixed(0)} ms`],
  ['peak RSS (client + emulator)', mb(peakRss)],
  ['sequential chats', `${CHATS.toLocaleString('en-US')} in ${chatSeconds.toFixed(1)} s (${Math.round(CHATS / chatSeconds)} chats/s), ${CHATS - wrong} exact`],
  ['heap after GC per 1,000 chats', heaps.map(mb).join(', ')],
  ['heap growth first → last 1,000', `${(growth * 100).toFixed(1)} % (limit 10 %)`],
];
const w = Math.max(...rows.map(([k]) => k.length));
console.log(`\n| ${'measure'.padEnd(w)} | result |\n|${'-'.repeat(w + 2)}|--------|`);
for (const [k, v] of rows) console.log(`| ${k.padEnd(w)} | ${v} |`);
if (failures.length) {
  console.error(`\nFAILED:\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
console.log('\nall load checks passed');
