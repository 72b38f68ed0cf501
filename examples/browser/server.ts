// Serves the browser example: the page, its esbuild bundle, and the signing proxy in front of the local
// Bedrock emulator, all on one loopback origin. Run: npm run example:browser  (then open the printed URL).
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { serve } from '../../lib/node.ts';
import { createEmulator, EXAMPLE_CREDENTIALS } from '../../lib/emulator.ts';
import { createProxy } from '../../lib/proxy.ts';

/** This folder (run from the package root, as `npm run` does). */
const DIR = resolve('examples/browser');
const REPLY = 'Streaming means the answer travels in small pieces: Bedrock sends each event as soon as the model ' +
  'produces it, the proxy passes the bytes on untouched, and the page appends every delta the moment it arrives.';

/** Options of `start`: `gate` holds the upstream stream after its first events until it resolves (specs). */
export interface ExampleOptions { port?: number; eventDelay?: number; gate?: Promise<void>; dir?: string }

/** Starts the example server; resolves to its URL, the demo app token and `close()`. */
export async function start(options: ExampleOptions = {}): Promise<{ url: string; token: string; close(): Promise<void> }> {
  const dir = options.dir ?? DIR;
  const token = crypto.randomUUID();
  const bundle = await build({
    entryPoints: [`${dir}/app.ts`], bundle: true, write: false, format: 'esm', platform: 'browser',
    target: 'es2022', minify: true, logLevel: 'warning',
  });
  const app = bundle.outputFiles[0]!.text;
  const page = readFileSync(`${dir}/index.html`, 'utf8').replace('%APP_TOKEN%', token);
  const emulator = createEmulator({ reply: REPLY });
  emulator.faults.eventDelay = options.eventDelay ?? 40;
  const proxy = createProxy({
    region: 'us-east-1', credentials: EXAMPLE_CREDENTIALS, maxTokens: 1000, models: ['anthropic.claude-3-5-sonnet-20241022-v2:0'],
    authorize: (r) => r.headers.get('authorization') === `Bearer ${token}`,
    fetch: async (r) => hold(await emulator.fetch(r), options.gate),
  });
  const server = await serve(async (req: Request) => {
    const { pathname } = new URL(req.url);
    if (req.method === 'GET' && pathname === '/') return new Response(page, { headers: { 'content-type': 'text/html; charset=utf-8' } });
    if (req.method === 'GET' && pathname === '/app.js') return new Response(app, { headers: { 'content-type': 'text/javascript; charset=utf-8' } });
    if (pathname.startsWith('/model/')) return proxy.fetch(req);
    return new Response('not found', { status: 404 });
  }, { port: options.port ?? 0 });
  return { url: server.url, token, close: () => server.close() };
}

/** Passes the first chunks of a stream body, then waits for `gate` before passing the rest. */
function hold(res: Response, gate: Promise<void> | undefined, free = 3): Response {
  if (!gate || !res.body) return res;
  let n = 0;
  const body = res.body.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({
    async transform(chunk, c) { if (++n > free) await gate; c.enqueue(chunk); },
  }));
  return new Response(body, { status: res.status, headers: res.headers });
}

if (process.argv[1]?.endsWith('examples/browser/server.ts')) {
  const port = Number(process.argv[2] ?? 8787);
  const { url } = await start({ port });
  console.log(`browser example: ${url}/?prompt=Hello  (proxy + emulator on loopback; Ctrl-C to stop)`);
}
