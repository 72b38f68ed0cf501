// A small load run inside `npm test` (portable; the full run is `npm run load` over loopback HTTP).
// No timing assertions: every answer exact, no cross-talk, every call finished, request counts exact.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { BedrockProvider } from '../lib/provider.ts';
import type { ProviderConfig } from '../lib/provider.ts';
import { HOOKS } from '../lib/transport.ts';
import { createEmulator, EXAMPLE_CREDENTIALS } from '../lib/emulator.ts';
import type { EmulatorFaults } from '../lib/emulator.ts';
import type { StreamEvent } from '../lib/types.ts';

const SONNET = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
const NOVA = 'amazon.nova-pro-v1:0';
/** Messages stream events around the deltas: message_start, content_block_start, content_block_stop, message_delta, message_stop. */
const FRAMING = 5;
const ID = /req (\w+)/;
/** The reply for `req <id>`: `words` one-token words that all carry the id, so any cross-talk shows. */
const replyFor = (id: string, words: number): string => Array.from({ length: words }, (_, i) => `r${id}w${i}`).join(' ');

function rig(words: number, faults: EmulatorFaults = {}) {
  const emu = createEmulator({ reply: ({ prompt }) => replyFor(ID.exec(prompt)?.[1] ?? 'none', words), faults });
  const p = new BedrockProvider({
    region: 'us-east-1', ...EXAMPLE_CREDENTIALS, fetch: ((r: Request) => emu.fetch(r)) as typeof fetch,
    [HOOKS]: { sleep: async () => {} },
  } as ProviderConfig);
  return { p, emu };
}
async function streamText(p: BedrockProvider, id: string, model = SONNET): Promise<{ text: string; events: StreamEvent[] }> {
  const events: StreamEvent[] = [];
  for await (const e of p.stream([{ role: 'user', content: `stream req ${id}` }], { model, maxTokens: 1000 })) events.push(e);
  return { text: events.map((e) => (e.type === 'content_delta' ? e.content : '')).join(''), events };
}

const load = suite('load (small)');

load('streams :: 50 concurrent × 50 events — every text exact, no cross-talk, all finish', async () => {
  const words = 50 - FRAMING;
  const { p, emu } = rig(words);
  const ids = Array.from({ length: 50 }, (_, i) => `s${i}`);
  const results = await Promise.all(ids.map((id) => streamText(p, id)));
  results.forEach(({ text, events }, i) => {
    assert.is(text, replyFor(ids[i]!, words), ids[i]);
    assert.is(events.filter((e) => e.type === 'content_delta').length, words);
    const end = events.at(-1);
    assert.ok(end?.type === 'content_end' && end.usage.completionTokens === words);
  });
  assert.is(emu.calls, 50);
  assert.is(emu.counts.InvokeModelWithResponseStream, 50);
});

load('streams :: 50 concurrent on Converse with throttling and 5xx mixed in — all exact after retries', async () => {
  const { p, emu } = rig(20, { throttle: 10, serverError: 10, streamException: { after: 1, times: 10 } });
  const ids = Array.from({ length: 50 }, (_, i) => `m${i}`);
  const results = await Promise.all(ids.map((id) => streamText(p, id, NOVA)));
  results.forEach(({ text }, i) => assert.is(text, replyFor(ids[i]!, 20), ids[i]));
  assert.is(emu.calls, 50 + 10 + 10 + 10, 'one extra request per injected fault');
});

load('chats :: 500 sequential — every answer exact', async () => {
  const { p, emu } = rig(8);
  let exact = 0;
  for (let i = 0; i < 500; i++) {
    const res = await p.chat([{ role: 'user', content: `chat req c${i}` }], { model: SONNET, maxTokens: 64 });
    if (res.content === replyFor(`c${i}`, 8) && res.usage.completionTokens === 8) exact++;
  }
  assert.is(exact, 500);
  assert.is(emu.calls, 500);
});

load('chats :: 200 concurrent across two APIs — every answer exact', async () => {
  const { p, emu } = rig(12);
  const out = await Promise.all(Array.from({ length: 200 }, (_, i) =>
    p.chat([{ role: 'user', content: `chat req k${i}` }], { model: i % 2 ? NOVA : SONNET, maxTokens: 64 })));
  out.forEach((r, i) => assert.is(r.content, replyFor(`k${i}`, 12)));
  assert.is(emu.counts.InvokeModel + emu.counts.Converse, 200);
});

load.run();
