// The proxy over real sockets: Node through serve(), and the same module as-is on Deno.serve, Bun.serve and
// a workerd Worker, each in front of the emulator, with a BedrockProvider (no AWS credentials) as the client.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { createProxy } from '../lib/proxy.ts';
import { createEmulator, EXAMPLE_CREDENTIALS } from '../lib/emulator.ts';
import { serve } from '../lib/node.ts';
import { BedrockProvider } from '../lib/provider.ts';
import type { StreamEvent } from '../lib/types.ts';
import { once } from './fixtures/helpers.ts';

const ROOT = resolve('.');
const MODEL = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
const TOKEN = 'app-token-1';
const REPLY = 'One two three four five six seven.';

/** Rejects after `ms` so a hang fails the spec instead of stalling the run (a guard, not a timing assertion). */
function guard<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: ReturnType<typeof setTimeout>;
  return Promise.race([p, new Promise<T>((_, rej) => { t = setTimeout(() => rej(new Error(`${what}: no answer within ${ms} ms`)), ms); })])
    .finally(() => clearTimeout(t));
}

async function streamText(endpoint: string): Promise<{ text: string; types: string[] }> {
  const p = new BedrockProvider({ region: 'us-east-1', endpoint, apiKey: TOKEN, maxRetries: 0 });
  const types: string[] = [];
  let text = '';
  for await (const ev of p.stream([{ role: 'user', content: 'count' }], { model: MODEL, maxTokens: 100 }) as AsyncIterable<StreamEvent>) {
    types.push(ev.type);
    if (ev.type === 'content_delta') text += ev.content;
  }
  p.close();
  return { text, types };
}

/**
 * The upstream of the disconnect cases: for model `hang`, it logs `UPSTREAM CALLED`, then `UPSTREAM ABORTED` when
 * the signal of the request it got aborts; a non-streaming call never answers, a streaming one sends one chunk and
 * logs `UPSTREAM CANCELLED` when its body is cancelled. Other models go to `fallback`. Self-contained: the
 * runtime cases embed its source.
 */
function hangingUpstream(log: (line: string) => void, fallback: (r: Request) => Promise<Response>) {
  return (r: Request): Promise<Response> => {
    if (!r.url.includes('/model/hang/')) return fallback(r);
    log('UPSTREAM CALLED');
    r.signal.addEventListener('abort', () => log('UPSTREAM ABORTED'));
    if (!r.url.endsWith('-stream')) return new Promise((_, reject) => r.signal.addEventListener('abort', () => reject(r.signal.reason)));
    const body = new ReadableStream<Uint8Array>({ start(c) { c.enqueue(new TextEncoder().encode('first')); }, cancel() { log('UPSTREAM CANCELLED'); } });
    return Promise.resolve(new Response(body, { headers: { 'content-type': 'application/vnd.amazon.eventstream' } }));
  };
}

/** Resolves once `word` occurs more than `after` times in `text()`. */
function seen(text: () => string, word: string, after = 0): Promise<void> {
  const times = () => text().split(word).length - 1;
  return guard(new Promise<void>((res) => once(() => times() > after, res)), 10_000, `${word} (${text().trim().split('\n').join(' | ')})`);
}

/**
 * A client that hangs up while the proxy waits for Bedrock aborts the upstream request; one that hangs up
 * mid-stream cancels the upstream body. `log()` is what the upstream logged so far.
 */
async function disconnects(base: string, log: () => string): Promise<void> {
  const open = (action: string) => {
    const req = httpRequest(`${base}/model/hang/${action}`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' } });
    req.on('error', () => {});
    req.end('{}');
    return req;
  };
  const called = log().split('UPSTREAM CALLED').length - 1, aborted = log().split('UPSTREAM ABORTED').length - 1;
  const early = open('invoke');
  await seen(log, 'UPSTREAM CALLED', called);
  early.destroy();
  await seen(log, 'UPSTREAM ABORTED', aborted);
  const midway = open('invoke-with-response-stream');
  const res = await guard(new Promise<IncomingMessage>((r) => midway.on('response', r)), 10_000, 'stream answer');
  assert.is(res.statusCode, 200);
  await guard(new Promise((r) => res.once('data', r)), 10_000, 'first chunk');
  midway.destroy();
  await seen(log, 'UPSTREAM CANCELLED');
}

const node = suite('createProxy over node:http');

node('createProxy over node:http :: provider → proxy → emulator, both on real sockets', async () => {
  const emu = await serve(createEmulator({ reply: REPLY }), {});
  const proxy = await serve(createProxy({
    region: 'us-east-1', credentials: EXAMPLE_CREDENTIALS, endpoint: emu.url,
    authorize: (r) => r.headers.get('authorization') === `Bearer ${TOKEN}`,
  }), {});
  try {
    const { text, types } = await guard(streamText(proxy.url), 20_000, 'stream');
    assert.is(text, REPLY);
    assert.ok(types.filter((t) => t === 'content_delta').length > 3);
    assert.is(types.at(-1), 'content_end');
  } finally {
    await proxy.close();
    await emu.close();
  }
});

node('createProxy over node:http :: a declared oversized body gets 413 before it is sent', async () => {
  let upstream = 0;
  const proxy = await serve(createProxy({
    region: 'us-east-1', credentials: EXAMPLE_CREDENTIALS, authorize: () => true, maxBodyBytes: 1024,
    fetch: async () => { upstream++; return new Response('{}'); },
  }), {});
  try {
    const url = new URL(`${proxy.url}/model/${encodeURIComponent(MODEL)}/invoke`);
    const status = await guard(new Promise<number>((res, rej) => {
      const req = httpRequest(url, { method: 'POST', headers: { 'content-length': String(50 << 20), 'content-type': 'application/json' } }, (r) => {
        res(r.statusCode ?? 0);
        r.resume();
        req.destroy();
      });
      req.on('error', rej);
      req.write('{"anthropic_version":"'); // 22 of the 50 MiB announced; the rest never comes
    }), 10_000, '413');
    assert.is(status, 413);
    assert.is(upstream, 0);
  } finally {
    await proxy.close();
  }
});

node('createProxy over node:http :: a client that hangs up cancels the upstream request', async () => {
  let log = '';
  const emu = createEmulator({ reply: REPLY });
  const proxy = await serve(createProxy({
    region: 'us-east-1', credentials: EXAMPLE_CREDENTIALS, authorize: () => true,
    fetch: hangingUpstream((line) => { log += line + '\n'; }, (r) => emu.fetch(r)),
  }), {});
  try {
    await disconnects(proxy.url, () => log);
  } finally {
    await proxy.close();
  }
});

node.run();

// ---------------------------------------------------------------------------------------------------------
const runtimes = suite('createProxy on other servers');
const OUT = `${ROOT}/.test/proxy-servers-${process.pid}`;

/** Bundles the proxy + emulator for a runtime's own server API. */
async function bundle(name: string, serverCode: string): Promise<string> {
  mkdirSync(OUT, { recursive: true });
  const entry = `${OUT}/${name}.ts`;
  writeFileSync(entry, `import { createProxy } from '${ROOT}/lib/proxy.ts';
import { createEmulator, EXAMPLE_CREDENTIALS } from '${ROOT}/lib/emulator.ts';
const emu = createEmulator({ reply: ${JSON.stringify(REPLY)} });
const upstream = (${hangingUpstream.toString()})((line) => console.log(line), (r) => emu.fetch(r));
export const proxy = createProxy({
  region: 'us-east-1', credentials: EXAMPLE_CREDENTIALS, fetch: upstream,
  authorize: (r) => r.headers.get('authorization') === 'Bearer ${TOKEN}',
});
${serverCode}
`);
  const outfile = `${OUT}/${name}.mjs`;
  await build({ entryPoints: [entry], outfile, bundle: true, format: 'esm', platform: 'neutral', target: 'es2022', logLevel: 'error' });
  return outfile;
}

/** Starts a child and resolves to the first `PORT n` it prints, or the given port once it accepts. */
function started(child: ChildProcess, port?: number): Promise<number> {
  return guard(new Promise<number>((res, rej) => {
    let out = '';
    const look = (d: Buffer) => { out += d; const m = /PORT (\d+)/.exec(out); if (m) res(Number(m[1])); };
    child.stdout?.on('data', look);
    child.stderr?.on('data', (d) => { out += d; });
    child.on('exit', (code) => rej(new Error(`exited ${code}: ${out}`)));
    if (port) {
      const poll = () => fetch(`http://127.0.0.1:${port}/`).then(() => res(port), () => setTimeout(poll, 50));
      poll();
    }
  }), 30_000, 'server start');
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** Streams through the server `child` runs, checks a 401, and (`hangUps`) that disconnects reach the upstream; returns its stderr. */
async function check(child: ChildProcess, port?: number, hangUps = false): Promise<string> {
  let stdout = '', stderr = '';
  child.stdout?.on('data', (d) => { stdout += d; });
  child.stderr?.on('data', (d) => { stderr += d; });
  try {
    const p = await started(child, port);
    const { text, types } = await guard(streamText(`http://127.0.0.1:${p}`), 20_000, 'stream');
    assert.is(text, REPLY);
    assert.is(types.at(-1), 'content_end');
    const denied = await fetch(`http://127.0.0.1:${p}/model/${encodeURIComponent(MODEL)}/invoke`, { method: 'POST', body: '{}' });
    assert.is(denied.status, 401);
    if (hangUps) await disconnects(`http://127.0.0.1:${p}`, () => stdout);
    return stderr;
  } finally {
    child.kill('SIGKILL');
  }
}

const DENO_SERVE = `Deno.serve({ port: 0, hostname: '127.0.0.1', onListen: ({ port }) => console.log('PORT ' + port) }, proxy.fetch);`;
const deno = (file: string, flags: string[] = []) =>
  spawn(`${ROOT}/node_modules/.bin/deno`, ['run', '--no-prompt', '--allow-net=127.0.0.1', ...flags, file], { env: { ...process.env, NO_COLOR: '1' } });

runtimes('createProxy on other servers :: Deno.serve (only --allow-net=127.0.0.1), client hang-ups cancel the upstream', async () => {
  await check(deno(await bundle('deno', DENO_SERVE)), undefined, true);
});

runtimes('createProxy on other servers :: Deno.serve --unstable-no-legacy-abort: hang-ups still cancel, no legacy-abort warning', async () => {
  const stderr = await check(deno(await bundle('deno-no-legacy', DENO_SERVE), ['--unstable-no-legacy-abort']), undefined, true);
  assert.not.match(stderr, /legacy/, stderr);
});

runtimes('createProxy on other servers :: Bun.serve, client hang-ups cancel the upstream', async () => {
  const file = await bundle('bun', `const s = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: proxy.fetch }); console.log('PORT ' + s.port);`);
  await check(spawn(`${ROOT}/node_modules/.bin/bun`, [file]), undefined, true);
});

runtimes('createProxy on other servers :: workerd (export default proxy)', async () => {
  const file = await bundle('worker', 'export default proxy;');
  for (let attempt = 1; ; attempt++) {
    const port = await freePort(); // another process may grab it before workerd binds: then try another
    writeFileSync(`${OUT}/worker.capnp`, `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "proxy", worker = .proxy) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "proxy") ],
);
const proxy :Workerd.Worker = (
  modules = [ (name = "worker.mjs", esModule = embed "${file.split('/').pop()}") ],
  compatibilityDate = "2025-01-01",
);
`);
    try {
      await check(spawn(`${ROOT}/node_modules/.bin/workerd`, ['serve', `${OUT}/worker.capnp`]), port);
      return;
    } catch (e) {
      if (attempt >= 3 || !/Address already in use/.test(String(e))) throw e;
    }
  }
});

runtimes.after(() => rmSync(OUT, { recursive: true, force: true }));

runtimes.run();
