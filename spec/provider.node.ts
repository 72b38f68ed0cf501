import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer } from 'node:http';
import { inspect } from 'node:util';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BedrockProvider, mergeWithEnvironment } from '../lib/provider.ts';
import { createEmulator, EXAMPLE_CREDENTIALS } from '../lib/emulator.ts';
import type { Emulator } from '../lib/emulator.ts';
import { TimeoutError } from '../lib/errors.ts';
import type { Message, StreamEvent } from '../lib/types.ts';

/** Project root: specs run with it as the working directory (scripts/test.mjs). */
const ROOT = process.cwd() + '/';
const SONNET = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
const HI: Message[] = [{ role: 'user', content: 'Tell me a long story please.' }];

/**
 * A plain node:http bridge to the emulator, so that the spec sees the server side of each socket:
 * `closed` resolves when the client went away before the response finished.
 */
async function bridge(emu: Emulator) {
  const closed: Array<Promise<boolean>> = [];
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    let done!: (early: boolean) => void;
    closed.push(new Promise((r) => (done = r)));
    res.on('close', () => done(!res.writableFinished));
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const ac = new AbortController();
    res.on('close', () => ac.abort());
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
    const answer = await emu.fetch(new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers, body: Buffer.concat(chunks), signal: ac.signal }))
      .catch(() => new Response(null, { status: 599 }));
    res.writeHead(answer.status, Object.fromEntries(answer.headers));
    if (!answer.body) return void res.end();
    const reader = answer.body.getReader();
    ac.signal.addEventListener('abort', () => void reader.cancel().catch(() => {}));
    try {
      for (;;) {
        const { done: end, value } = await reader.read();
        if (end) break;
        res.write(value);
      }
      res.end();
    } catch {
      res.destroy();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    closed,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

const net = suite('provider over loopback HTTP');

net('stream :: real HTTP stream, text exact', async () => {
  const emu = createEmulator({ reply: 'one two three four five' });
  const b = await bridge(emu);
  try {
    const p = new BedrockProvider({ region: 'us-east-1', ...EXAMPLE_CREDENTIALS, endpoint: b.url });
    let text = '';
    for await (const e of p.stream(HI, { model: SONNET })) if (e.type === 'content_delta') text += e.content;
    assert.is(text, 'one two three four five');
    assert.is((await p.chat(HI, { model: SONNET })).content, 'one two three four five');
  } finally {
    await b.close();
  }
});

net('abort :: mid-stream abort releases the socket (server sees the client leave)', async () => {
  const emu = createEmulator({ faults: { stall: { after: 3 } } });
  const b = await bridge(emu);
  try {
    const p = new BedrockProvider({ region: 'us-east-1', ...EXAMPLE_CREDENTIALS, endpoint: b.url });
    const c = new AbortController();
    const reason = new Error('stop');
    const got: StreamEvent[] = [];
    try {
      for await (const e of p.stream(HI, { model: SONNET, signal: c.signal })) { got.push(e); if (e.type === 'content_delta') c.abort(reason); }
      assert.unreachable('expected the abort reason');
    } catch (e) {
      assert.is(e, reason);
    }
    assert.is(await b.closed[0], true, 'connection closed before the response finished');
  } finally {
    await b.close();
  }
});

net('break :: leaving the loop releases the socket', async () => {
  const emu = createEmulator({ faults: { stall: { after: 3 } } });
  const b = await bridge(emu);
  try {
    const p = new BedrockProvider({ region: 'us-east-1', ...EXAMPLE_CREDENTIALS, endpoint: b.url });
    for await (const e of p.stream(HI, { model: SONNET })) if (e.type === 'content_delta') break;
    assert.is(await b.closed[0], true);
  } finally {
    await b.close();
  }
});

net('idleTimeout :: a stalled real connection → TimeoutError, socket released', async () => {
  const emu = createEmulator({ faults: { stall: { after: 3 } } });
  const b = await bridge(emu);
  try {
    const p = new BedrockProvider({ region: 'us-east-1', ...EXAMPLE_CREDENTIALS, endpoint: b.url, idleTimeout: 50 });
    try {
      for await (const _ of p.stream(HI, { model: SONNET })) { /* consume */ }
      assert.unreachable('expected TimeoutError');
    } catch (e) {
      assert.ok(e instanceof TimeoutError && /idleTimeout/.test(e.message), String(e));
    }
    assert.is(await b.closed[0], true);
  } finally {
    await b.close();
  }
});

net('process :: exits on its own after aborts and timeouts in every phase (no timer left behind)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'h6-exit-'));
  const file = join(dir, 'exit.ts');
  writeFileSync(file, `
import { BedrockProvider } from ${JSON.stringify(ROOT + 'lib/provider.ts')};
import { createEmulator, EXAMPLE_CREDENTIALS } from ${JSON.stringify(ROOT + 'lib/emulator.ts')};
const emu = createEmulator();
const p = new BedrockProvider({ region: 'us-east-1', ...EXAMPLE_CREDENTIALS, fetch: (r) => emu.fetch(r), timeout: 600000, idleTimeout: 600000 });
const HI = [{ role: 'user', content: 'hi there' }];
const model = ${JSON.stringify(SONNET)};
const outcomes = [];
const c1 = new AbortController(); c1.abort(new Error('before'));
await p.chat(HI, { model, signal: c1.signal }).catch((e) => outcomes.push(e.message));
emu.faults.headersDelay = 600000;
const c2 = new AbortController(); setTimeout(() => c2.abort(new Error('headers')), 10);
await p.chat(HI, { model, signal: c2.signal }).catch((e) => outcomes.push(e.message));
emu.faults.headersDelay = 0;
emu.faults.stall = { after: 3 };
const c3 = new AbortController();
try { for await (const e of p.stream(HI, { model, signal: c3.signal })) if (e.type === 'content_delta') c3.abort(new Error('mid-stream')); } catch (e) { outcomes.push(e.message); }
emu.faults.stall = { after: 3 };
for await (const e of p.stream(HI, { model })) if (e.type === 'content_delta') break;
outcomes.push('break');
const q = new BedrockProvider({ region: 'us-east-1', ...EXAMPLE_CREDENTIALS, fetch: (r) => emu.fetch(r), idleTimeout: 20, timeout: 600000 });
emu.faults.stall = { after: 3 };
try { for await (const _ of q.stream(HI, { model })) {} } catch (e) { outcomes.push(e.name); }
console.log(JSON.stringify(outcomes));
`);
  try {
    const r = spawnSync(process.execPath, [ROOT + 'scripts/run-ts.mjs', file], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    assert.is(r.signal, null, `child did not exit by itself: ${r.stderr}`);
    assert.is(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout.trim().split('\n').pop()!), ['before', 'headers', 'mid-stream', 'break', 'TimeoutError']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

net('inspect :: util.inspect of provider and merged config shows no secret', () => {
  const secret = EXAMPLE_CREDENTIALS.secretAccessKey;
  const p = new BedrockProvider({ region: 'us-east-1', ...EXAMPLE_CREDENTIALS, sessionToken: 'TOKEN-SECRET-1' });
  const c = mergeWithEnvironment({}, { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: secret, AWS_SESSION_TOKEN: 'TOKEN-SECRET-2' });
  for (const s of [inspect(p), inspect(c), inspect({ nested: p }), String(p)]) {
    assert.not.ok(s.includes(secret) || s.includes('TOKEN-SECRET'), s);
  }
  assert.match(inspect(p), /BedrockProvider/);
  assert.match(inspect(c), /\[redacted\]/);
});

net.run();
