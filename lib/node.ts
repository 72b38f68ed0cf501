/**
 * Node-only: serve a fetch handler (the emulator, the proxy, your own) over `node:http`.
 * Request bodies stream in, response bodies stream out chunk by chunk; a client that disconnects aborts the
 * request's signal and cancels the response body, so stalled streams are released.
 * @module
 */
// Node's types are not loaded for lib/ (tsconfig "types": []); the few shapes used are declared below.
// @ts-ignore
import * as http from 'node:http';
// @ts-ignore
import * as http2 from 'node:http2';
// @ts-ignore
import * as net from 'node:net';
// @ts-ignore
import * as stream from 'node:stream';
import { ValidationError } from './errors.ts';

interface NodeRequest {
  method?: string;
  url?: string;
  rawHeaders: string[];
  headers: { host?: string; ':authority'?: string };
  on(event: 'data', cb: (chunk: Uint8Array) => void): unknown;
  on(event: 'end' | 'close', cb: () => void): unknown;
  on(event: 'error', cb: (error: Error) => void): unknown;
  pause(): unknown;
  resume(): unknown;
}

interface NodeResponse {
  /** HTTP/1 only; HTTP/2 responses expose `stream.destroyed`. */
  destroyed?: boolean;
  stream?: { destroyed: boolean };
  writableFinished: boolean;
  writeHead(status: number, headers: Record<string, string | string[]>): unknown;
  flushHeaders(): void;
  write(chunk: Uint8Array): boolean;
  end(): unknown;
  destroy(): unknown;
  on(event: 'close' | 'drain', cb: () => void): unknown;
  off(event: 'close' | 'drain', cb: () => void): unknown;
}

interface NodeSocket {
  once(event: 'data', cb: (chunk: Uint8Array) => void): unknown;
  once(event: 'close', cb: () => void): unknown;
  on(event: 'data', cb: (chunk: Uint8Array) => void): unknown;
  on(event: 'end' | 'close', cb: () => void): unknown;
  on(event: 'error', cb: (error: Error) => void): unknown;
  pause(): unknown;
  setNoDelay(noDelay: boolean): unknown;
  resume(): unknown;
  unshift(chunk: Uint8Array): unknown;
  write(chunk: Uint8Array, cb: (error?: Error | null) => void): unknown;
  end(): unknown;
  destroy(error?: Error): unknown;
}

interface DuplexOptions {
  read(): void;
  write(chunk: Uint8Array, encoding: string, cb: (error?: Error | null) => void): void;
  final(cb: () => void): void;
  destroy(error: Error | null, cb: (error: Error | null) => void): void;
}
interface NodeDuplex extends NodeSocket { push(chunk: Uint8Array | null): boolean }
const { Duplex } = stream as unknown as { Duplex: new (options: DuplexOptions) => NodeDuplex };

interface Emitter { emit(event: 'connection', socket: NodeSocket): unknown }

interface NetServer {
  listen(port: number, hostname: string, cb: () => void): unknown;
  once(event: 'error', cb: (error: Error) => void): unknown;
  address(): { port: number } | string | null;
  close(cb: () => void): unknown;
}

type NodeHandler = (req: NodeRequest, res: NodeResponse) => void;
const { createServer } = http as unknown as { createServer(handler: NodeHandler): Emitter };
const { createServer: createH2Server } = http2 as unknown as { createServer(handler: NodeHandler): Emitter };
const { createServer: createNetServer } = net as unknown as { createServer(cb: (socket: NodeSocket) => void): NetServer };

/** First bytes of the HTTP/2 connection preface (`PRI * HTTP/2.0`). */
const H2_PREFACE = [0x50, 0x52, 0x49];
/** Connection-specific headers HTTP/2 forbids in responses. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection']);

/** A fetch handler: a function, or an object with `fetch` (the emulator, the proxy). */
export type FetchHandler = ((request: Request) => Promise<Response>) | { fetch(request: Request): Promise<Response> };

/** `serve()` options. */
export interface ServeOptions {
  /** Port from 0 to 65535, or a string of 1 to 5 digits (`process.env.PORT`); 0 or absent picks a free one. */
  port?: number | string;
  /** Interface to listen on; default `127.0.0.1`. */
  hostname?: string;
}

/** A running server. */
export interface Server {
  /** Base URL, e.g. `http://127.0.0.1:53121`. */
  url: string;
  /** Stops listening and closes every connection (idle keep-alive ones and in-flight responses). */
  close(): Promise<void>;
}

/** The request body as a web stream, with backpressure (pauses the socket when the reader lags). */
function bodyOf(req: NodeRequest): ReadableStream<Uint8Array> {
  let open = true;
  return new ReadableStream<Uint8Array>({
    start(c) {
      req.on('data', (chunk) => {
        if (!open) return;
        c.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((c.desiredSize ?? 0) <= 0) req.pause();
      });
      req.on('end', () => { if (open) { open = false; c.close(); } });
      req.on('error', (e) => { if (open) { open = false; c.error(e); } });
      req.on('close', () => { if (open) { open = false; c.error(new Error('request body aborted by the client')); } });
    },
    pull() { req.resume(); },
    cancel() { open = false; req.resume(); },
  }, { highWaterMark: 4 });
}

/** IncomingMessage → Request (raw header values, streaming body, signal aborted on disconnect). */
function toRequest(req: NodeRequest, base: string, signal: AbortSignal): Request {
  const headers = new Headers();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!;
    if (!name.startsWith(':')) headers.append(name, req.rawHeaders[i + 1]!);
  }
  const method = req.method ?? 'GET';
  const authority = req.headers.host ?? req.headers[':authority'];
  const url = new URL(req.url ?? '/', authority ? `http://${authority}` : base);
  const body = method === 'GET' || method === 'HEAD' ? null : bodyOf(req);
  return new Request(url, { method, headers, body, signal, duplex: 'half' } as RequestInit);
}

/** Response headers for `writeHead` (every `set-cookie` kept; hop-by-hop ones dropped, HTTP/2 forbids them). */
function headerObject(response: Response): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => { if (name !== 'set-cookie' && !HOP_BY_HOP.has(name)) out[name] = value; });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) out['set-cookie'] = cookies;
  return out;
}

const gone = (res: NodeResponse): boolean => res.destroyed ?? res.stream?.destroyed ?? false;

/** Waits for `drain`, or for the response to close. */
const drained = (res: NodeResponse): Promise<void> =>
  new Promise((resolve) => {
    const done = (): void => { res.off('drain', done); res.off('close', done); resolve(); };
    res.on('drain', done);
    res.on('close', done);
  });

/** Handles one request: calls the handler, then streams its Response back. */
async function handle(fetch: (r: Request) => Promise<Response>, req: NodeRequest, res: NodeResponse, base: string): Promise<void> {
  const abort = new AbortController();
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  res.on('close', () => {
    if (res.writableFinished) return;
    abort.abort(new Error('client disconnected'));
    reader?.cancel(abort.signal.reason).catch(() => {});
  });
  let response: Response;
  try {
    response = await fetch(toRequest(req, base, abort.signal));
  } catch {
    if (abort.signal.aborted) return;
    response = new Response('Internal Server Error', { status: 500, headers: { 'content-type': 'text/plain' } });
  }
  if (gone(res)) return void response.body?.cancel().catch(() => {});
  res.writeHead(response.status, headerObject(response));
  if (!response.body) return void res.end();
  res.flushHeaders();
  reader = response.body.getReader();
  try {
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      if (!res.write(r.value)) await drained(res);
    }
    res.end();
  } catch {
    res.destroy();
  }
}

/**
 * A duplex over `socket` that first yields `first` (bytes already read to sniff the protocol): HTTP/2
 * sessions read the native handle directly, so the sniffed bytes cannot be put back into the socket.
 */
function replay(socket: NodeSocket, first: Uint8Array): NodeDuplex {
  const duplex = new Duplex({
    read: () => void socket.resume(),
    write: (chunk, _encoding, cb) => void socket.write(chunk, cb),
    final: (cb) => { socket.end(); cb(); },
    destroy: (error, cb) => { socket.destroy(); cb(error); },
  });
  duplex.push(first);
  socket.on('data', (chunk) => { if (!duplex.push(chunk)) socket.pause(); });
  socket.on('end', () => duplex.push(null));
  socket.on('close', () => duplex.destroy());
  socket.on('error', (e) => duplex.destroy(e));
  return duplex;
}

/** The port to listen on: a number, or a string of 1 to 5 digits read as one; NaN for anything else. */
const portOf = (port: unknown): number => (typeof port === 'number' ? port : typeof port === 'string' && /^\d{1,5}$/.test(port) ? Number(port) : NaN);

/** A rejected option value: strings quoted (cut to 40 characters), numbers as written (NaN too), anything else by type. */
const shown = (v: unknown): string =>
  typeof v === 'string' ? JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v) : typeof v === 'number' ? String(v) : v === null ? 'null' : typeof v;

/** `[field, message]` for a malformed handler or option, else undefined. */
function problem(handler: unknown, o: ServeOptions): [string, string] | undefined {
  const h = handler as { fetch?: unknown } | null;
  if (typeof h !== 'function' && typeof h?.fetch !== 'function') return ['handler', `handler must be a function or an object with a fetch method, got ${h === null ? 'null' : typeof h}`];
  if (o === null || typeof o !== 'object') return ['options', `options must be an object, got ${String(o)}`];
  const port = o.port === undefined ? 0 : portOf(o.port);
  if (!(Number.isInteger(port) && port >= 0 && port <= 65535)) return ['port', `port must be an integer from 0 to 65535, got ${shown(o.port)}`];
  if (o.hostname !== undefined && !(typeof o.hostname === 'string' && o.hostname)) return ['hostname', `hostname must be a non-empty string, got ${shown(o.hostname)}`];
  return undefined;
}

/**
 * Serves `handler` over HTTP on `hostname` (default `127.0.0.1`) and `port` (0 or absent: a free one).
 * Speaks HTTP/1.1 and cleartext HTTP/2 (prior knowledge, as the AWS SDK's default Node handler uses for
 * `http://` endpoints) on the same port. Resolves once listening. Each response chunk is written as it
 * arrives; when the client disconnects the request's `signal` aborts and the response body is cancelled;
 * a response body that errors resets the stream (as a dropped upstream would).
 */
export function serve(handler: FetchHandler, options: ServeOptions = {}): Promise<Server> {
  const bad = problem(handler, options);
  if (bad) return Promise.reject(new ValidationError(`serve: ${bad[1]}`, { field: bad[0] }));
  const fetch = typeof handler === 'function' ? handler : (r: Request) => handler.fetch(r);
  const port = options.port === undefined ? 0 : portOf(options.port);
  const hostname = options.hostname ?? '127.0.0.1';
  const host = hostname.includes(':') ? `[${hostname}]` : hostname;
  let base = `http://${host}`;
  const onRequest: NodeHandler = (req, res) => void handle(fetch, req, res, base);
  const h1 = createServer(onRequest);
  const h2 = createH2Server(onRequest);
  const sockets = new Set<NodeSocket>();
  const server = createNetServer((socket) => {
    socket.setNoDelay(true); // a bare net server leaves Nagle on: small stream frames would wait ~40 ms each
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.once('data', (chunk) => {
      if (H2_PREFACE.every((b, i) => chunk[i] === b)) return void h2.emit('connection', replay(socket, chunk));
      socket.pause();
      socket.unshift(chunk);
      h1.emit('connection', socket);
      socket.resume();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, () => {
      const address = server.address();
      base = `http://${host}:${typeof address === 'object' && address ? address.port : port}`;
      resolve({
        url: base,
        close: () => new Promise<void>((done) => {
          server.close(() => done());
          for (const socket of sockets) socket.destroy();
        }),
      });
    });
  });
}
