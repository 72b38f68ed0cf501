import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { request as httpRequest, Agent } from 'node:http';
import { connect } from 'node:http2';
import { serve } from '../lib/node.ts';
import { ValidationError } from '../lib/errors.ts';

/** A promise with its resolve function. */
function gate<T = void>(): { promise: Promise<T>; open: (v: T) => void } {
  let open!: (v: T) => void;
  const promise = new Promise<T>((r) => (open = r));
  return { promise, open };
}

const test = suite('serve');

test('serve :: a malformed handler or option is a rejected ValidationError naming it; nothing listens', async () => {
  const ok = async (): Promise<Response> => new Response('x');
  const cases: Array<[unknown, unknown, string]> = [
    [undefined, {}, 'handler'], [{ fetch: 1 }, {}, 'handler'], [ok, null, 'options'],
    [ok, { port: 'abc' }, 'port'], [ok, { port: -1 }, 'port'], [ok, { port: 70000 }, 'port'], [ok, { port: 1.5 }, 'port'], [ok, { hostname: '' }, 'hostname'],
  ];
  for (const [handler, options, field] of cases) {
    const e = await serve(handler as typeof ok, options as object).then(() => undefined, (err: unknown) => err);
    assert.instance(e, ValidationError, `${field}: ${JSON.stringify(options)}`);
    assert.is((e as ValidationError).field, field);
  }
});

test('serve :: function handler, free port, request as received', async () => {
  let seen: { method: string; url: string; host: string | null; dup: string | null; body: string } | undefined;
  const server = await serve(async (req) => {
    seen = { method: req.method, url: req.url, host: req.headers.get('host'), dup: req.headers.get('x-dup'), body: await req.text() };
    return new Response('ok', { status: 201, headers: { 'x-answer': '42' } });
  });
  try {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const port = new URL(server.url).port;
    const res = await new Promise<{ status: number; header: string | string[] | undefined; body: string }>((resolve, reject) => {
      const r = httpRequest(`${server.url}/a%3Ab/c?x=1`, { method: 'POST', headers: ['host', `127.0.0.1:${port}`, 'x-dup', 'one', 'X-Dup', 'two'] as unknown as Record<string, string> }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, header: res.headers['x-answer'], body }));
      });
      r.on('error', reject);
      r.end('payload');
    });
    assert.equal(res, { status: 201, header: '42', body: 'ok' });
    assert.equal(seen, { method: 'POST', url: `http://127.0.0.1:${port}/a%3Ab/c?x=1`, host: `127.0.0.1:${port}`, dup: 'one, two', body: 'payload' });
  } finally {
    await server.close();
  }
});

test('serve :: object handler, GET without body, set-cookie kept, large streamed request body', async () => {
  const server = await serve({
    async fetch(req) {
      if (req.method === 'GET') {
        assert.is(req.body, null);
        const headers = new Headers();
        headers.append('set-cookie', 'a=1');
        headers.append('set-cookie', 'b=2');
        return new Response(null, { status: 204, headers });
      }
      const bytes = new Uint8Array(await req.arrayBuffer());
      return new Response(String(bytes.reduce((a, b) => a + b, 0)));
    },
  });
  try {
    const get = await fetch(server.url + '/x');
    assert.is(get.status, 204);
    assert.equal(get.headers.getSetCookie(), ['a=1', 'b=2']);
    const big = new Uint8Array(3_000_000).map((_, i) => i % 7);
    const sum = big.reduce((a, b) => a + b, 0);
    const post = await fetch(server.url + '/sum', { method: 'POST', body: big });
    assert.is(await post.text(), String(sum));
  } finally {
    await server.close();
  }
});

test('serve :: response chunks are flushed as they are produced', async () => {
  const second = gate();
  const server = await serve(async () => new Response(new ReadableStream<Uint8Array>({
    async start(c) {
      c.enqueue(new TextEncoder().encode('first'));
      await second.promise;
      c.enqueue(new TextEncoder().encode('second'));
      c.close();
    },
  })));
  try {
    const res = await fetch(server.url);
    const reader = res.body!.getReader();
    const a = await reader.read();
    assert.is(new TextDecoder().decode(a.value), 'first');
    second.open();
    let rest = '';
    for (let r = await reader.read(); !r.done; r = await reader.read()) rest += new TextDecoder().decode(r.value);
    assert.is(rest, 'second');
  } finally {
    await server.close();
  }
});

test('serve :: client disconnect aborts the signal and cancels the response body', async () => {
  const cancelled = gate<unknown>();
  const aborted = gate();
  const server = await serve(async (req) => {
    req.signal.addEventListener('abort', () => aborted.open());
    return new Response(new ReadableStream<Uint8Array>({
      start(c) { c.enqueue(new Uint8Array([1])); },
      cancel(reason) { cancelled.open(reason); },
    }));
  });
  try {
    const ac = new AbortController();
    const res = await fetch(server.url, { signal: ac.signal });
    const reader = res.body!.getReader();
    await reader.read();
    ac.abort();
    await aborted.promise;
    const reason = await cancelled.promise;
    assert.match(String(reason), /client disconnected/);
  } finally {
    await server.close();
  }
});

test('serve :: a response body that errors resets the connection', async () => {
  const server = await serve(async () => new Response(new ReadableStream<Uint8Array>({
    pull(c) {
      c.enqueue(new Uint8Array([1, 2, 3]));
      c.error(new Error('upstream died'));
    },
  })));
  try {
    const res = await fetch(server.url);
    assert.is(res.status, 200);
    let failed: unknown;
    await res.arrayBuffer().catch((e: unknown) => (failed = e));
    assert.instance(failed, Error);
  } finally {
    await server.close();
  }
});

test('serve :: handler that throws → 500', async () => {
  const server = await serve(async () => { throw new Error('bug'); });
  try {
    const res = await fetch(server.url, { method: 'POST', body: 'x' });
    assert.is(res.status, 500);
    assert.is(await res.text(), 'Internal Server Error');
  } finally {
    await server.close();
  }
});

test('serve :: client gone before the handler answers', async () => {
  const answered = gate();
  const released = gate<unknown>();
  const server = await serve(async (req) => {
    await new Promise((r) => req.signal.addEventListener('abort', r));
    answered.open();
    return new Response(new ReadableStream({ cancel: (r) => released.open(r) }));
  });
  const ac = new AbortController();
  const pending = fetch(server.url, { signal: ac.signal }).catch((e: Error) => e);
  setTimeout(() => ac.abort(), 20);
  assert.instance(await pending, Error);
  await answered.promise;
  await released.promise;
  const failing = await serve(async (req) => {
    await new Promise((r) => req.signal.addEventListener('abort', r));
    throw new Error('aborted');
  });
  const ac2 = new AbortController();
  const p2 = fetch(failing.url, { signal: ac2.signal }).catch((e: Error) => e);
  setTimeout(() => ac2.abort(), 20);
  assert.instance(await p2, Error);
  await server.close();
  await failing.close();
});

test('serve :: close() ends idle keep-alive and stalled connections', async () => {
  const server = await serve(async (req) => (req.url.endsWith('/stall') ? new Response(new ReadableStream({ start(c) { c.enqueue(new Uint8Array([1])); } })) : new Response('hi')));
  const agent = new Agent({ keepAlive: true });
  const get = (p: string): Promise<string> => new Promise((resolve, reject) => {
    httpRequest(server.url + p, { agent }, (res) => {
      res.once('data', () => resolve(String(res.statusCode)));
      res.on('error', () => {});
    }).on('error', reject).end();
  });
  assert.is(await get('/idle'), '200');
  assert.is(await get('/stall'), '200');
  await server.close();
  agent.destroy();
});

test('serve :: explicit port and port in use', async () => {
  const a = await serve(async () => new Response('a'), { hostname: '127.0.0.1' });
  const port = Number(new URL(a.url).port);
  try {
    await serve(async () => new Response('b'), { port });
    assert.unreachable('should reject');
  } catch (e) {
    assert.match(String((e as Error).message), /EADDRINUSE/);
  }
  await a.close();
  const b = await serve(async () => new Response('b'), { port });
  assert.is(b.url, `http://127.0.0.1:${port}`);
  assert.is(await (await fetch(b.url)).text(), 'b');
  await b.close();
});

test('serve :: a port given as a string of digits (process.env.PORT) listens on that number', async () => {
  const free = await serve(async () => new Response('x'));
  const port = new URL(free.url).port;
  await free.close();
  const s = await serve(async () => new Response('by string'), { port: String(port) });
  assert.is(s.url, `http://127.0.0.1:${port}`);
  assert.is(await (await fetch(s.url)).text(), 'by string');
  await s.close();
  const any = await serve(async () => new Response('x'), { port: '0' });
  assert.match(any.url, /^http:\/\/127\.0\.0\.1:[1-9]\d*$/);
  await any.close();
});

test('serve :: other port strings and non-integers are refused with what arrived', async () => {
  const ok = async (): Promise<Response> => new Response('x');
  for (const [port, got] of [
    ['', '""'], [' 80', '" 80"'], ['80 ', '"80 "'], ['8O80', '"8O80"'], ['0x50', '"0x50"'], ['1e3', '"1e3"'], ['-1', '"-1"'],
    ['+80', '"+80"'], ['65536', '"65536"'], ['123456', '"123456"'], ['８０', '"８０"'], [Number.NaN, 'NaN'], [null, 'null'], [80n, 'bigint'],
  ] as Array<[unknown, string]>) {
    const e = await serve(ok, { port: port as number }).then(() => undefined, (err: unknown) => err);
    assert.instance(e, ValidationError, String(port));
    assert.is((e as ValidationError).field, 'port');
    assert.is((e as ValidationError).message, `serve: port must be an integer from 0 to 65535, got ${got}`);
  }
});

test('serve :: cleartext HTTP/2 (prior knowledge) on the same port', async () => {
  const server = await serve(async (req) => new Response(`${req.method} ${new URL(req.url).pathname} ${req.headers.get('x-a')} ${await req.text()}`, { headers: { connection: 'close', 'x-b': '1' } }));
  const session = connect(server.url);
  try {
    const answer = await new Promise<{ status: unknown; b: unknown; body: string }>((resolve, reject) => {
      const r = session.request({ ':method': 'POST', ':path': '/h2/path', 'x-a': 'A' });
      let body = '';
      let head: Record<string, unknown> = {};
      r.on('response', (h) => (head = h));
      r.on('data', (d) => (body += d));
      r.on('end', () => resolve({ status: head[':status'], b: head['x-b'], body }));
      r.on('error', reject);
      r.end('hello');
    });
    assert.equal(answer, { status: 200, b: '1', body: 'POST /h2/path A hello' });
  } finally {
    session.close();
    await server.close();
  }
});

test('serve :: large responses respect backpressure', async () => {
  const chunk = new Uint8Array(1 << 20).fill(7);
  const server = await serve(async () => {
    let n = 0;
    return new Response(new ReadableStream<Uint8Array>({
      pull(c) { n++ < 32 ? c.enqueue(chunk) : c.close(); },
    }));
  });
  try {
    const res = await fetch(server.url);
    const reader = res.body!.getReader();
    let total = 0;
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      total += r.value.length;
      if (total < 4 << 20) await new Promise((resolve) => setTimeout(resolve, 1));
    }
    assert.is(total, 32 << 20);
  } finally {
    await server.close();
  }
});

test.run();
