/**
 * Decoding a Bedrock InvokeModelWithResponseStream body: 5,000 `chunk` frames (~250 B each, ~1.2 MB)
 * arriving in 4 KB and 16 KB network chunks from an async iterable. Ours: `EventStreamDecoder` pushed
 * each awaited chunk (what provider.ts does) and `decodeEventStream` (one await per message), vs
 * @smithy/eventstream-serde-universal's `EventStreamMarshaller.deserialize`, what the AWS SDK runs.
 * Target: ≥ 15× smithy. Every contender must yield the same 5,000 payloads before it is timed.
 */
import { EventStreamMarshaller } from '@smithy/eventstream-serde-universal';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { decodeEventStream, encodeMessage, EventStreamDecoder } from '../lib/eventstream.ts';
import { measure, report, validate, type Contender } from './harness.ts';

const FRAMES = 5000;
const enc = new TextEncoder();
const b64 = (s: string): string => btoa(String.fromCharCode(...enc.encode(s)));

// Frames as Bedrock sends them: payload {"bytes": base64(Anthropic event JSON), "p": padding}.
const payloads: Uint8Array[] = [];
for (let i = 0; i < FRAMES; i++) {
  const event = JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: `token ${i} ` } });
  payloads.push(enc.encode(JSON.stringify({ bytes: b64(event), p: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJ'.slice(0, 10 + (i % 27)) })));
}
const frames = payloads.map((payload) =>
  encodeMessage({ headers: { ':event-type': 'chunk', ':content-type': 'application/json', ':message-type': 'event' }, payload }),
);
const body = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
frames.reduce((at, f) => (body.set(f, at), at + f.length), 0);

const split = (size: number): Uint8Array[] => {
  const out: Uint8Array[] = [];
  for (let i = 0; i < body.length; i += size) out.push(body.slice(i, i + size));
  return out;
};
const chunks = { '4 KB': split(4096), '16 KB': split(16384) };
async function* source(list: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const c of list) yield c;
}

const smithy = new EventStreamMarshaller({ utf8Encoder: toUtf8, utf8Decoder: fromUtf8 });
type Event = { chunk: { body: Uint8Array } };

const contenders: Contender[] = [];
for (const [label, list] of Object.entries(chunks)) {
  contenders.push(
    {
      // How provider.ts reads a response body: await each network chunk, decode its frames synchronously.
      name: `ours EventStreamDecoder, ${label}`,
      run: async () => {
        const d = new EventStreamDecoder();
        const out: Uint8Array[] = [];
        for await (const c of source(list)) for (const m of d.push(c)) out.push(m.payload);
        d.end();
        return out;
      },
    },
    {
      // One await per message, like smithy's iterator.
      name: `ours decodeEventStream, ${label}`,
      run: async () => {
        const out: Uint8Array[] = [];
        for await (const m of decodeEventStream(source(list))) out.push(m.payload);
        return out;
      },
    },
    {
      name: `smithy deserialize, ${label}`,
      run: async () => {
        const out: Uint8Array[] = [];
        const events = smithy.deserialize(source(list), async (e: Record<string, unknown>) => (e as Event).chunk.body);
        for await (const p of events as AsyncIterable<Uint8Array>) out.push(p);
        return out;
      },
    },
  );
}

const equal = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
await validate(contenders, (v) => Array.isArray(v) && v.length === FRAMES && v.every((p, i) => equal(p, payloads[i]!)));

console.log(`${FRAMES} frames, ${body.length.toLocaleString('en')} bytes, ${(body.length / FRAMES).toFixed(0)} B/frame`);
const results = await measure(contenders, { rounds: 5, ms: 300 });
for (const label of Object.keys(chunks)) {
  const mine = new Map([...results].filter(([k]) => k.endsWith(label)));
  report(`decode, ${label} chunks`, mine, `ours EventStreamDecoder, ${label}`, 'op', body.length);
  const smithyOps = mine.get(`smithy deserialize, ${label}`)!;
  for (const ours of [`ours EventStreamDecoder, ${label}`, `ours decodeEventStream, ${label}`]) {
    const ratio = mine.get(ours)! / smithyOps;
    console.log(`  ${ours}: ${ratio.toFixed(1)}x smithy (target 15x) ${ratio >= 15 ? 'OK' : 'MISSED'}`);
  }
}
