// Fault injection against the in-process emulator (portable: runs in every runtime).
// Each case names the fault, the exact number of requests the emulator saw and what the caller gets.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { once, rejects } from './fixtures/helpers.ts';
import { BedrockProvider } from '../lib/provider.ts';
import type { ProviderConfig } from '../lib/provider.ts';
import { HOOKS, BASE_DELAY, backoff } from '../lib/transport.ts';
import { createEmulator, EXAMPLE_CREDENTIALS, tokenize } from '../lib/emulator.ts';
import type { Emulator, EmulatorFaults } from '../lib/emulator.ts';
import { ProviderError, RateLimitError, StreamError, TimeoutError } from '../lib/errors.ts';
import type { Message, StreamEvent } from '../lib/types.ts';

const SONNET = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
const NOVA = 'amazon.nova-pro-v1:0';
const REPLY = 'The quick brown fox jumps over the lazy dog.';
const TOKENS = tokenize(REPLY);
const HI: Message[] = [{ role: 'user', content: 'Tell me about foxes.' }];
/** Events of the Messages stream before the first text delta: message_start, content_block_start. */
const PREAMBLE = 2;

interface Rig {
  p: BedrockProvider;
  emu: Emulator;
  /** Backoff waits requested through the transport's sleep seam, ms. */
  delays: number[];
  /** One entry per response body handed to the provider: true once the provider cancelled it. */
  cancelled: boolean[];
}

/**
 * A provider whose `fetch` is the emulator. Backoff goes through the transport's sleep seam with
 * `random() = 0.5` unless `realSleep`; every response body is wrapped to record cancellation.
 */
function rig(faults: EmulatorFaults = {}, config: Partial<ProviderConfig> = {}, realSleep?: { random: () => number }): Rig {
  const emu = createEmulator({ reply: REPLY, faults });
  const delays: number[] = [];
  const cancelled: boolean[] = [];
  const fetch = async (req: Request): Promise<Response> => {
    const res = await emu.fetch(req);
    if (!res.body) return res;
    const i = cancelled.push(false) - 1;
    const reader = res.body.getReader();
    const body = new ReadableStream<Uint8Array>({
      async pull(c) {
        const r = await reader.read();
        if (r.done) c.close();
        else c.enqueue(r.value);
      },
      cancel(reason) { cancelled[i] = true; return reader.cancel(reason); },
    }, { highWaterMark: 0 });
    return new Response(body, { status: res.status, headers: res.headers });
  };
  const hooks = realSleep ?? { sleep: async (ms: number) => { delays.push(ms); }, random: () => 0.5 };
  const p = new BedrockProvider({
    region: 'us-east-1', ...EXAMPLE_CREDENTIALS, fetch: fetch as typeof globalThis.fetch, ...config, [HOOKS]: hooks,
  } as ProviderConfig);
  return { p, emu, delays, cancelled };
}

const statuses = (emu: Emulator) => emu.requests.map((r) => r.status);
const text = (events: StreamEvent[]) => events.map((e) => (e.type === 'content_delta' ? e.content : '')).join('');
const kinds = (events: StreamEvent[], type: StreamEvent['type']) => events.filter((e) => e.type === type).length;
/** The schedule the transport promises with random() = 0.5: half of BASE_DELAY × 2ⁿ. */
const half = (n: number) => Array.from({ length: n }, (_, i) => backoff(i, () => 0.5));

/** Drains a stream; resolves to what was yielded and the error thrown (if any). */
async function drain(it: AsyncIterable<StreamEvent>): Promise<{ events: StreamEvent[]; error: unknown }> {
  const events: StreamEvent[] = [];
  try {
    for await (const e of it) events.push(e);
  } catch (error) {
    return { events, error };
  }
  return { events, error: undefined };
}
// ---------------------------------------------------------------------------------------------
const throttle = suite('throttling and 5xx');

throttle('429 :: three times then success — retried, backoff observed', async () => {
  const { p, emu, delays } = rig({ throttle: 3 });
  const res = await p.chat(HI, { model: SONNET });
  assert.is(res.content, REPLY);
  assert.equal(statuses(emu), [429, 429, 429, 200]);
  assert.equal(delays, half(3));
  assert.equal(delays, [BASE_DELAY / 2, BASE_DELAY, BASE_DELAY * 2]);
});

throttle('429 :: three times then success on a stream — retried before any event', async () => {
  const { p, emu, delays } = rig({ throttle: 3 });
  const { events, error } = await drain(p.stream(HI, { model: SONNET }));
  assert.is(error, undefined);
  assert.is(text(events), REPLY);
  assert.is(kinds(events, 'content_start'), 1);
  assert.is(events.at(-1)?.type, 'content_end');
  assert.equal(statuses(emu), [429, 429, 429, 200]);
  assert.equal(delays, half(3));
});

throttle('429 :: backoff observed with the real timer — elapsed ≥ the minimum delay', async () => {
  // jitter pinned to its top (random() → 1): the two waits are BASE_DELAY and 2 × BASE_DELAY on the real clock
  const { p, emu } = rig({ throttle: 2 }, {}, { random: () => 1 });
  const t0 = Date.now();
  assert.is((await p.chat(HI, { model: SONNET })).content, REPLY);
  const elapsed = Date.now() - t0;
  assert.ok(elapsed >= 3 * BASE_DELAY - 5, `elapsed ${elapsed} ms`);
  assert.equal(statuses(emu), [429, 429, 200]);
});

throttle('429 :: until retries run out → RateLimitError saying how many attempts', async () => {
  const { p, emu, delays } = rig({ throttle: 100 });
  const e = await rejects(p.chat(HI, { model: SONNET }), (x) => x instanceof RateLimitError, 'exhausted') as RateLimitError;
  assert.match(e.message, /rate limit exceeded for provider "bedrock"/);
  assert.match(e.message, /gave up after 4 attempts/);
  assert.is(e.status, 429);
  assert.is(emu.calls, 4);
  assert.equal(delays, half(3));
});

throttle('429 :: maxRetries 0 and 1 — one and two attempts', async () => {
  const zero = rig({ throttle: 100 }, { maxRetries: 0 });
  const e0 = await rejects(zero.p.chat(HI, { model: SONNET }), (x) => x instanceof RateLimitError, 'zero') as Error;
  assert.not.match(e0.message, /gave up/);
  assert.is(zero.emu.calls, 1);
  assert.equal(zero.delays, []);
  const one = rig({ throttle: 100 }, { maxRetries: 1 });
  const e1 = await rejects(one.p.chat(HI, { model: SONNET }), (x) => x instanceof RateLimitError, 'one') as Error;
  assert.match(e1.message, /gave up after 2 attempts/);
  assert.is(one.emu.calls, 2);
});

throttle('429 :: exhausted on a stream → RateLimitError from the iterator, nothing yielded', async () => {
  const { p, emu } = rig({ throttle: 100 });
  const { events, error } = await drain(p.stream(HI, { model: SONNET }));
  assert.ok(error instanceof RateLimitError);
  assert.match((error as Error).message, /gave up after 4 attempts/);
  assert.is(events.length, 0);
  assert.is(emu.calls, 4);
});

throttle('5xx :: bursts of 500 and 503 are retried; the reply is exact', async () => {
  const { p, emu } = rig({ serverError: 3 });
  assert.is((await p.chat(HI, { model: SONNET })).content, REPLY);
  assert.equal(statuses(emu), [500, 500, 500, 200]);
  emu.reset();
  emu.faults.serverError = 2;
  emu.faults.serverErrorStatus = 503;
  const { events, error } = await drain(p.stream(HI, { model: SONNET }));
  assert.is(error, undefined);
  assert.is(text(events), REPLY);
  assert.equal(statuses(emu), [503, 503, 200]);
  emu.reset();
  emu.faults.serverError = 1;
  emu.faults.serverErrorStatus = 500;
  emu.faults.modelNotReady = 1;
  assert.is((await p.chat(HI, { model: NOVA })).content, REPLY);
  assert.equal(statuses(emu), [500, 429, 200]);
});

throttle('5xx :: a burst longer than the retries → retryable ProviderError, attempts named', async () => {
  const { p, emu } = rig({ serverError: 10, serverErrorStatus: 503 }, { maxRetries: 2 });
  const e = await rejects(p.chat(HI, { model: SONNET }), (x) => x instanceof ProviderError, '503') as ProviderError;
  assert.is(e.status, 503);
  assert.is(e.retryable, true);
  assert.match(e.message, /gave up after 3 attempts/);
  assert.is(emu.calls, 3);
  assert.is(emu.faults.serverError, 7);
});

throttle.run();

// ---------------------------------------------------------------------------------------------
const instream = suite('in-stream faults');

instream('throttling :: before the first token → retried, text exact, one content_start', async () => {
  for (const after of [0, 1, PREAMBLE]) {
    const { p, emu, delays } = rig({ streamException: { after } });
    const { events, error } = await drain(p.stream(HI, { model: SONNET }));
    assert.is(error, undefined, `after ${after}`);
    assert.is(text(events), REPLY);
    assert.is(kinds(events, 'content_start'), 1);
    assert.is(kinds(events, 'content_end'), 1);
    assert.is(emu.calls, 2);
    assert.equal(delays, half(1));
  }
});

instream('throttling :: before the first token on Converse → retried', async () => {
  const { p, emu } = rig({ streamException: { after: 1, type: 'serviceUnavailableException' } });
  const { events, error } = await drain(p.stream(HI, { model: NOVA }));
  assert.is(error, undefined);
  assert.is(text(events), REPLY);
  assert.is(emu.calls, 2);
});

instream('throttling :: after the first token → surfaced, no retry, no duplicate text', async () => {
  for (const shown of [1, 3, TOKENS.length]) {
    const { p, emu, delays } = rig({ streamException: { after: PREAMBLE + shown } });
    const { events, error } = await drain(p.stream(HI, { model: SONNET }));
    assert.ok(error instanceof RateLimitError, `after ${shown} tokens: ${String(error)}`);
    assert.not.match((error as Error).message, /gave up/);
    assert.is(text(events), TOKENS.slice(0, shown).join(''));
    assert.is(kinds(events, 'content_delta'), shown);
    assert.is(kinds(events, 'content_start'), 1);
    assert.is(kinds(events, 'content_end'), 0);
    assert.is(emu.calls, 1);
    assert.equal(delays, []);
  }
});

instream('throttling :: after the first token, frames coalesced in one read → every token before the exception kept', async () => {
  // over real HTTP several frames often arrive in one read; the exception frame must not swallow the deltas
  // decoded from the same read before it
  const shown = 4;
  const emu = createEmulator({ reply: REPLY, faults: { streamException: { after: PREAMBLE + shown } } });
  const fetch = async (req: Request): Promise<Response> => {
    const res = await emu.fetch(req);
    const frames: Uint8Array[] = [];
    for (const reader = res.body!.getReader(); ;) { const r = await reader.read(); if (r.done) break; frames.push(r.value); }
    const join = (parts: Uint8Array[]) => { const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0)); let at = 0; for (const p of parts) { out.set(p, at); at += p.length; } return out; };
    // read 1: preamble and the first delta (commits); read 2: the other deltas and the exception frame
    const reads = [join(frames.slice(0, PREAMBLE + 1)), join(frames.slice(PREAMBLE + 1))];
    return new Response(new ReadableStream({ pull(c) { const r = reads.shift(); if (r) c.enqueue(r); else c.close(); } }), { status: res.status, headers: res.headers });
  };
  const p = new BedrockProvider({ region: 'us-east-1', ...EXAMPLE_CREDENTIALS, fetch: fetch as typeof globalThis.fetch, [HOOKS]: { sleep: async () => {} } } as ProviderConfig);
  const { events, error } = await drain(p.stream(HI, { model: SONNET }));
  assert.ok(error instanceof RateLimitError, String(error));
  assert.is(emu.calls, 1);
  assert.is(text(events), TOKENS.slice(0, shown).join(''));
});

instream('throttling :: before the first token, every attempt → RateLimitError after 4 attempts', async () => {
  const { p, emu } = rig({ streamException: { after: 1, times: Infinity } });
  const { events, error } = await drain(p.stream(HI, { model: SONNET }));
  assert.ok(error instanceof RateLimitError);
  assert.match((error as Error).message, /gave up after 4 attempts/);
  assert.is(events.length, 0);
  assert.is(emu.calls, 4);
});

instream('non-retryable exception :: validation before the first token → surfaced at once', async () => {
  const { p, emu } = rig({ streamException: { after: 1, type: 'validationException' } });
  const { events, error } = await drain(p.stream(HI, { model: SONNET }));
  assert.ok(error instanceof ProviderError && !(error instanceof RateLimitError));
  assert.is(events.length, 0);
  assert.is(emu.calls, 1);
});

instream('truncated :: the stream ends without its final event → StreamError, never a short answer', async () => {
  for (const model of [SONNET, 'anthropic.claude-v2']) {
    const { p, emu } = rig({ truncate: {} });
    const { events, error } = await drain(p.stream(HI, { model }));
    assert.ok(error instanceof StreamError, `${model}: ${String(error)}`);
    assert.is(kinds(events, 'content_end'), 0, model);
    assert.is(emu.calls, 1, model);
  }
  // Converse: messageStop is the completing event (a missing trailing metadata frame gives zero usage, documented)
  const converse = rig({ truncate: { after: 3 } });
  const cut = await drain(converse.p.stream(HI, { model: NOVA }));
  assert.ok(cut.error instanceof StreamError, String(cut.error));
  assert.is(kinds(cut.events, 'content_end'), 0);
  const mid = rig({ truncate: { after: PREAMBLE + 2 } });
  const { events, error } = await drain(mid.p.stream(HI, { model: SONNET }));
  assert.ok(error instanceof StreamError);
  assert.is(text(events), TOKENS.slice(0, 2).join(''));
  assert.is(kinds(events, 'content_end'), 0);
});

instream('truncated :: chat on a cut connection body → a typed error, never a short answer', async () => {
  // a drop while the JSON body is read (fetch rejects with TypeError "terminated"): no partial result, and the
  // error is the library's own (ProviderError), as for a drop before the response
  const emu = createEmulator({ reply: REPLY });
  const fetch = async (req: Request): Promise<Response> => {
    const res = await emu.fetch(req);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const body = new ReadableStream<Uint8Array>({
      start(c) { c.enqueue(bytes.subarray(0, bytes.length >> 1)); c.error(new TypeError('terminated: other side closed')); },
    });
    return new Response(body, { status: res.status, headers: res.headers });
  };
  const p = new BedrockProvider({ region: 'us-east-1', ...EXAMPLE_CREDENTIALS, fetch: fetch as typeof globalThis.fetch, [HOOKS]: { sleep: async () => {} } } as ProviderConfig);
  await rejects(p.chat(HI, { model: SONNET }), (e) => e instanceof ProviderError, 'cut body');
});

instream('bad CRC :: a corrupted frame → StreamError naming the checksum; no later event, no retry', async () => {
  for (const at of [0, PREAMBLE + 1]) {
    const { p, emu, cancelled } = rig({ badCrc: { after: at } });
    const { events, error } = await drain(p.stream(HI, { model: SONNET }));
    assert.ok(error instanceof StreamError, String(error));
    assert.match((error as Error).message, /checksum/i);
    assert.is(kinds(events, 'content_end'), 0);
    assert.ok(kinds(events, 'content_delta') <= Math.max(0, at - PREAMBLE));
    assert.is(emu.calls, 1);
    assert.equal(cancelled, [true], 'the body is cancelled');
  }
});

instream('drop :: connection lost mid-stream after text → StreamError, text so far kept, no retry', async () => {
  const { p, emu } = rig({ drop: { after: PREAMBLE + 3 } });
  const { events, error } = await drain(p.stream(HI, { model: SONNET }));
  assert.ok(error instanceof StreamError, String(error));
  assert.match((error as Error).message, /connection lost mid-stream/);
  assert.is(text(events), TOKENS.slice(0, 3).join(''));
  assert.is(kinds(events, 'content_end'), 0);
  assert.is(emu.calls, 1);
});

instream('drop :: connection lost before any event → StreamError, nothing yielded', async () => {
  const { p, emu } = rig({ drop: { after: 0 } });
  const { events, error } = await drain(p.stream(HI, { model: SONNET }));
  assert.ok(error instanceof StreamError, String(error));
  assert.is(events.length, 0);
  assert.is(emu.calls, 1, 'a drop after the headers is a StreamError, not retried (only network errors before the response are)');
});

instream('stall :: idleTimeout fires → TimeoutError; the body is cancelled (socket released)', async () => {
  const { p, emu, cancelled } = rig({ stall: { after: PREAMBLE + 2 } }, { idleTimeout: 30 });
  const { events, error } = await drain(p.stream(HI, { model: SONNET }));
  assert.ok(error instanceof TimeoutError, String(error));
  assert.match((error as Error).message, /idleTimeout/);
  assert.is(text(events), TOKENS.slice(0, 2).join(''));
  assert.is(emu.calls, 1, 'a stall after text is not retried');
  assert.equal(cancelled, [true]);
});

instream('stall :: shorter than idleTimeout → the stream completes', async () => {
  const { p, emu } = rig({ stall: { after: PREAMBLE + 2, ms: 10 } }, { idleTimeout: 2_000 });
  const { events, error } = await drain(p.stream(HI, { model: SONNET }));
  assert.is(error, undefined);
  assert.is(text(events), REPLY);
  assert.is(emu.calls, 1);
});

instream.run();

// ---------------------------------------------------------------------------------------------
const clock = suite('clock skew');

clock('skew :: ±20 minutes → corrected once (emulator requests counted)', async () => {
  for (const skew of [20 * 60_000, -20 * 60_000]) {
    const { p, emu, delays } = rig({ clockSkew: skew });
    assert.is((await p.chat(HI, { model: SONNET })).content, REPLY);
    assert.is(emu.calls, 2, `${skew}: one rejected, one accepted`);
    assert.is(emu.requests[0]?.status, 403);
    assert.is(emu.requests[1]?.status, 200);
    assert.equal(delays, [], 'no backoff for a skew correction');
    const { events, error } = await drain(p.stream(HI, { model: SONNET }));
    assert.is(error, undefined);
    assert.is(text(events), REPLY);
    assert.is(await p.countTokens(HI, { model: SONNET }) > 0, true);
    assert.is(emu.calls, 4, `${skew}: the offset is kept, later calls pass first time`);
  }
});

clock('skew :: the server clock moves again → corrected again, once per call', async () => {
  const { p, emu } = rig({ clockSkew: 20 * 60_000 });
  await p.chat(HI, { model: SONNET });
  emu.faults.clockSkew = -20 * 60_000;
  emu.reset();
  assert.is((await p.chat(HI, { model: SONNET })).content, REPLY);
  assert.equal(statuses(emu), [403, 200]);
});

clock.run();

// ---------------------------------------------------------------------------------------------
const abort = suite('abort in every phase');

abort('abort :: before send → the reason, no request reached the emulator', async () => {
  const { p, emu } = rig();
  const c = new AbortController();
  const reason = new Error('user cancelled');
  c.abort(reason);
  await rejects(p.chat(HI, { model: SONNET, signal: c.signal }), (e) => e === reason, 'chat');
  const { events, error } = await drain(p.stream(HI, { model: SONNET, signal: c.signal }));
  assert.is(error, reason);
  assert.is(events.length, 0);
  await rejects(p.countTokens(HI, { model: SONNET, signal: c.signal }), (e) => e === reason, 'count');
  assert.is(emu.calls, 0);
});

abort('abort :: waiting for headers → the reason, one request, no retry', async () => {
  const { p, emu, delays } = rig({ headersDelay: 60_000 });
  for (const kind of ['chat', 'stream']) {
    emu.reset();
    const c = new AbortController();
    const reason = new Error(`cancelled ${kind}`);
    once(() => emu.calls === 1, () => c.abort(reason));
    const run = kind === 'chat' ? p.chat(HI, { model: SONNET, signal: c.signal }) : drain(p.stream(HI, { model: SONNET, signal: c.signal })).then((r) => { throw r.error; });
    await rejects(run, (e) => e === reason, kind);
    assert.is(emu.calls, 1, kind);
  }
  assert.equal(delays, []);
});

abort('abort :: mid-stream → the reason, no retry, the body is cancelled', async () => {
  const { p, emu, cancelled } = rig({ eventDelay: 2 });
  const c = new AbortController();
  const reason = new Error('user cancelled');
  const got: StreamEvent[] = [];
  const { error } = await drain((async function* () {
    for await (const e of p.stream(HI, { model: SONNET, signal: c.signal })) {
      got.push(e);
      if (kinds(got, 'content_delta') === 2) c.abort(reason);
      yield e;
    }
  })());
  assert.is(error, reason);
  assert.is(text(got), TOKENS.slice(0, 2).join(''));
  assert.is(emu.calls, 1);
  assert.equal(cancelled, [true]);
});

abort('abort :: during the backoff wait → the reason, no further request', async () => {
  const { p, emu } = rig({ throttle: 100 }, {}, { random: () => 1 });
  const c = new AbortController();
  const reason = new Error('user cancelled');
  const run = p.chat(HI, { model: SONNET, signal: c.signal });
  // abort once the first 429 was answered: the transport is then sleeping BASE_DELAY ms
  for (let i = 0; i < 200 && emu.calls < 1; i++) await new Promise((r) => setTimeout(r, 1));
  await new Promise((r) => setTimeout(r, 20));
  c.abort(reason);
  const t0 = Date.now();
  await rejects(run, (e) => e === reason, 'backoff');
  assert.ok(Date.now() - t0 < BASE_DELAY, 'the wait ends at the abort');
  await new Promise((r) => setTimeout(r, BASE_DELAY * 2));
  assert.is(emu.calls, 1, 'no request after the abort');
});

abort('break :: leaving the loop early cancels the body, no retry', async () => {
  const { p, emu, cancelled } = rig({ eventDelay: 1 });
  for await (const e of p.stream(HI, { model: SONNET })) if (e.type === 'content_delta') break;
  assert.is(emu.calls, 1);
  assert.equal(cancelled, [true]);
});

abort('timeout :: whole-call timeout while waiting for headers → TimeoutError, no retry', async () => {
  const { p, emu } = rig({ headersDelay: 60_000 }, { timeout: 25 });
  await rejects(p.chat(HI, { model: SONNET }), (e) => e instanceof TimeoutError && /timeout/.test((e as Error).message), 'timeout');
  assert.is(emu.calls, 1);
});

abort('idleTimeout :: headers later than idleTimeout (Bedrock generates first) → chat and countTokens complete in one request each; a stream is cut', async () => {
  const { p, emu } = rig({ headersDelay: 80 }, { idleTimeout: 25 });
  assert.is((await p.chat(HI, { model: SONNET })).content, REPLY);
  assert.is((await p.chat(HI, { model: NOVA })).content, REPLY);
  assert.ok((await p.countTokens(HI, { model: SONNET })) > 0);
  assert.is(emu.calls, 3);
  const { error } = await drain(p.stream(HI, { model: SONNET }));
  assert.ok(error instanceof TimeoutError && /idleTimeout/.test(error.message), String(error));
  assert.is(emu.calls, 4, 'not retried');
});

abort.run();

// ---------------------------------------------------------------------------------------------
const relabel = suite('gateways relabelling the stream');

relabel('content-type :: application/octet-stream, binary/octet-stream or none → decoded; text/html → InvalidResponse, not retried', async () => {
  for (const type of ['application/octet-stream', 'binary/octet-stream', null, 'text/html']) {
    const emu = createEmulator({ reply: REPLY });
    const fetch = async (req: Request): Promise<Response> => {
      const res = await emu.fetch(req), headers = new Headers(res.headers);
      if (type) headers.set('content-type', type);
      else headers.delete('content-type');
      return new Response(res.body, { status: res.status, headers });
    };
    const p = new BedrockProvider({ region: 'us-east-1', ...EXAMPLE_CREDENTIALS, fetch: fetch as typeof globalThis.fetch });
    for (const model of [SONNET, NOVA]) {
      const { events, error } = await drain(p.stream(HI, { model }));
      if (type === 'text/html') assert.ok(error instanceof ProviderError && error.code === 'InvalidResponse', String(error));
      else assert.is(text(events), REPLY, `${type} ${model}`);
    }
    assert.is(emu.calls, 2, String(type));
  }
});

relabel.run();
