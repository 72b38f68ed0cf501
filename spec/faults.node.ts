// Fault injection over real loopback HTTP: the emulator behind serve(), the provider on Node's own fetch.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BedrockProvider } from '../lib/provider.ts';
import { createEmulator, EXAMPLE_CREDENTIALS, tokenize } from '../lib/emulator.ts';
import type { Emulator, EmulatorFaults } from '../lib/emulator.ts';
import { serve } from '../lib/node.ts';
import type { Server } from '../lib/node.ts';
import { ProviderError, StreamError, TimeoutError } from '../lib/errors.ts';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Message, StreamEvent } from '../lib/types.ts';

const ROOT = process.cwd() + '/';
const SONNET = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
const REPLY = 'The quick brown fox jumps over the lazy dog.';
const TOKENS = tokenize(REPLY);
const HI: Message[] = [{ role: 'user', content: 'Tell me about foxes.' }];
const PREAMBLE = 2;

interface Served { emu: Emulator; server: Server; url: string; released: () => number }

/** The emulator on a loopback port; `released()` counts requests whose client went away before the answer ended. */
async function served(faults: EmulatorFaults = {}): Promise<Served> {
  const emu = createEmulator({ reply: REPLY, faults });
  let released = 0;
  const server = await serve((req: Request) => {
    req.signal.addEventListener('abort', () => { released++; }, { once: true });
    return emu.fetch(req);
  });
  return { emu, server, url: server.url, released: () => released };
}
const provider = (url: string, extra: Record<string, unknown> = {}) =>
  new BedrockProvider({ region: 'us-east-1', ...EXAMPLE_CREDENTIALS, endpoint: url, ...extra });
const text = (events: StreamEvent[]) => events.map((e) => (e.type === 'content_delta' ? e.content : '')).join('');
async function drain(it: AsyncIterable<StreamEvent>): Promise<{ events: StreamEvent[]; error: unknown }> {
  const events: StreamEvent[] = [];
  try { for await (const e of it) events.push(e); } catch (error) { return { events, error }; }
  return { events, error: undefined };
}
/** Polls `cond` every 5 ms for up to `ms`; the result of the last check. */
async function eventually(cond: () => boolean, ms = 2_000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 5))) if (cond()) return true;
  return cond();
}

// ---------------------------------------------------------------------------------------------
const wire = suite('faults over loopback HTTP');

wire('reset :: connection reset mid-stream → StreamError, text so far exact, no retry', async () => {
  // eventDelay: each frame is its own write, read before the reset (a reset discards what the client had not read yet)
  const s = await served({ drop: { after: PREAMBLE + 3 }, eventDelay: 5 });
  try {
    const { events, error } = await drain(provider(s.url).stream(HI, { model: SONNET }));
    assert.ok(error instanceof StreamError, String(error));
    assert.match((error as Error).message, /connection lost mid-stream/);
    assert.is(text(events), TOKENS.slice(0, 3).join(''));
    assert.is(events.filter((e) => e.type === 'content_end').length, 0);
    assert.is(s.emu.calls, 1);
  } finally {
    await s.server.close();
  }
});

/** A node:http server that destroys the socket of the first `resets` requests before answering; the rest go to `target`. */
async function resetting(target: (r: Request) => Promise<Response>, resets: number) {
  let n = 0;
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    if (n++ < resets) return void req.socket.destroy();
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host') headers.set(k, v);
    headers.set('host', req.headers.host ?? '');
    const up = await target(new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers, body: Buffer.concat(chunks) }));
    res.writeHead(up.status, Object.fromEntries(up.headers));
    res.end(Buffer.from(await up.arrayBuffer()));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return { url, count: () => n, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

wire('reset :: before the response → network error retried, the answer exact', async () => {
  const emu = createEmulator({ reply: REPLY });
  const front = await resetting((r) => emu.fetch(r), 2);
  try {
    const res = await provider(front.url).chat(HI, { model: SONNET });
    assert.is(res.content, REPLY);
    assert.is(front.count(), 3);
    assert.is(emu.calls, 1);
  } finally {
    await front.close();
  }
});

wire('reset :: while the chat body is read → a typed, retryable error (never a raw TypeError)', async () => {
  // headers and half the JSON arrive, then the connection is reset
  const emu = createEmulator({ reply: REPLY });
  let n = 0;
  const server = await serve(async (req: Request) => {
    const res = await emu.fetch(req);
    if (n++ > 0) return res;
    const bytes = new Uint8Array(await res.arrayBuffer());
    return new Response(new ReadableStream<Uint8Array>({
      start(c) { c.enqueue(bytes.subarray(0, bytes.length >> 1)); },
      pull(c) { return new Promise((r) => setTimeout(r, 20)).then(() => c.error(new Error('reset'))); },
    }), { status: res.status, headers: res.headers });
  });
  try {
    const got = await provider(server.url, { maxRetries: 0 }).chat(HI, { model: SONNET }).then((r) => r, (e: unknown) => e);
    assert.ok(got instanceof ProviderError, `expected a ProviderError, got ${got instanceof Error ? `${got.name}: ${got.message}` : JSON.stringify(got)}`);
  } finally {
    await server.close();
  }
});

wire('stall :: idleTimeout fires → TimeoutError; the server sees the socket released', async () => {
  const s = await served({ stall: { after: PREAMBLE + 2 } });
  try {
    const { events, error } = await drain(provider(s.url, { idleTimeout: 100 }).stream(HI, { model: SONNET }));
    assert.ok(error instanceof TimeoutError && /idleTimeout/.test((error as Error).message), String(error));
    assert.is(text(events), TOKENS.slice(0, 2).join(''));
    assert.ok(await eventually(() => s.released() === 1), 'the server-side request was released');
    assert.is(s.emu.calls, 1);
  } finally {
    await s.server.close();
  }
});

wire('abort :: waiting for headers and mid-stream → the reason; the server sees the socket released', async () => {
  const slow = await served({ headersDelay: 60_000 });
  const steady = await served({ eventDelay: 5 });
  try {
    const c1 = new AbortController();
    const r1 = new Error('cancel while waiting');
    setTimeout(() => c1.abort(r1), 100);
    await provider(slow.url).chat(HI, { model: SONNET, signal: c1.signal }).then(() => assert.unreachable('resolved'), (e) => assert.is(e, r1));
    assert.ok(await eventually(() => slow.released() === 1), 'headers-phase request released');
    assert.is(slow.emu.calls, 1);
    const c2 = new AbortController();
    const r2 = new Error('cancel mid-stream');
    const got: StreamEvent[] = [];
    const { error } = await drain((async function* () {
      for await (const e of provider(steady.url).stream(HI, { model: SONNET, signal: c2.signal })) {
        got.push(e);
        if (e.type === 'content_delta') c2.abort(r2);
        yield e;
      }
    })());
    assert.is(error, r2);
    assert.is(text(got), TOKENS[0]);
    assert.ok(await eventually(() => steady.released() === 1), 'mid-stream request released');
    assert.is(steady.emu.calls, 1);
  } finally {
    await slow.server.close();
    await steady.server.close();
  }
});

/** The child: a client of the three servers that aborts in every phase (after one good chat), then must exit on its own. */
const CHILD = (lib: string) => `
const { BedrockProvider } = await import(${JSON.stringify(lib + 'provider')});
const { TimeoutError } = await import(${JSON.stringify(lib + 'errors')});
const [slow, stall, steady] = process.argv.slice(2);
const model = ${JSON.stringify(SONNET)};
const HI = [{ role: 'user', content: 'hi there' }];
const creds = ${JSON.stringify(EXAMPLE_CREDENTIALS)};
const p = (endpoint, extra = {}) => new BedrockProvider({ region: 'us-east-1', ...creds, endpoint, timeout: 600000, ...extra });
const out = [];
out.push((await p(steady).chat(HI, { model })).content); // warm-up: the client's first connection is set up
const c1 = new AbortController(); c1.abort(new Error('before'));
await p(steady).chat(HI, { model, signal: c1.signal }).catch((e) => out.push(e.message));
const c2 = new AbortController(); setTimeout(() => c2.abort(new Error('headers')), 500);
await p(slow).chat(HI, { model, signal: c2.signal }).catch((e) => out.push(e.message));
const c3 = new AbortController();
try { for await (const e of p(steady).stream(HI, { model, signal: c3.signal })) if (e.type === 'content_delta') c3.abort(new Error('mid-stream')); } catch (e) { out.push(e.message); }
for await (const e of p(steady).stream(HI, { model })) if (e.type === 'content_delta') break;
out.push('break');
try { for await (const _ of p(stall, { idleTimeout: 100 }).stream(HI, { model })) {} } catch (e) { out.push(e instanceof TimeoutError ? 'idle' : String(e)); }
console.log(JSON.stringify(out));
`;

wire('process :: a client that aborts in every phase over HTTP exits promptly (no timer or socket left)', async () => {
  const slow = await served({ headersDelay: 600_000 });
  const stall = await served({ stall: { after: PREAMBLE + 2 } });
  const steady = await served({ eventDelay: 5 });
  const dir = mkdtempSync(join(tmpdir(), 'h8-exit-'));
  // the spec runs from its esbuild output; its lib/ siblings are plain .mjs the child can import directly
  const built = fileURLToPath(new URL('../lib/', import.meta.url));
  const direct = existsSync(built + 'provider.mjs');
  const file = join(dir, direct ? 'child.mjs' : 'child.ts');
  writeFileSync(file, CHILD(direct ? built : ROOT + 'lib/').replace(/(provider|errors)"\)/g, direct ? '$1.mjs")' : '$1.ts")'));
  try {
    const argv = direct ? [file] : [ROOT + 'scripts/run-ts.mjs', file];
    const child = spawn(process.execPath, [...argv, slow.url, stall.url, steady.url], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let printed = 0;
    child.stdout.on('data', (d) => { stdout += d; printed ||= Date.now(); });
    child.stderr.on('data', (d) => { stderr += d; });
    const kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const [code, signal] = await new Promise<[number | null, string | null]>((r) => child.on('exit', (c, s) => r([c, s])));
    const exited = Date.now();
    clearTimeout(kill);
    assert.is(signal, null, `child did not exit by itself: ${stderr}`);
    assert.is(code, 0, stderr);
    assert.equal(JSON.parse(stdout.trim().split('\n').pop()!), [REPLY, 'before', 'headers', 'mid-stream', 'break', 'idle']);
    assert.ok(exited - printed < 2_000, `exited ${exited - printed} ms after its last line`);
    assert.is(slow.emu.calls, 1, 'headers phase: no retry');
    assert.is(stall.emu.calls, 1, 'stall: no retry');
    assert.is(steady.emu.calls, 3, 'warm-up, mid-stream, break: one request each (none for the pre-aborted call)');
    assert.ok(await eventually(() => slow.released() === 1 && stall.released() === 1), 'server-side requests released');
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await Promise.all([slow.server.close(), stall.server.close(), steady.server.close()]);
  }
});

wire.run();
