/**
 * AWS event-stream codec (`application/vnd.amazon.eventstream`), the framing of Bedrock's streaming
 * responses. A message is a prelude (total_length, headers_length, prelude_crc), the headers, the
 * payload and message_crc, a CRC-32 of everything before it; integers are big-endian.
 * @module
 */
import { utf8 } from './bytes.ts';
import { crc32 } from './crc32.ts';
import { typeName } from './check.ts';
import { StreamError, ValidationError } from './errors.ts';
import type { EventStreamMessage, HeaderValue } from './types.ts';

export type { EventStreamMessage, HeaderValue };

/** total_length (4) + headers_length (4) + prelude_crc (4); prelude_crc covers the 8 bytes before it. */
const PRELUDE_LENGTH = 12;
/** A message with neither headers nor payload: prelude + message_crc. */
const MINIMUM_MESSAGE_LENGTH = 16;
/** Default cap on total_length: 24 MiB. */
const MAX_MESSAGE_LENGTH = 24 << 20;
/** Messages split across chunks share allocations of this size (the cap, if lower); larger ones get their own. */
const SLAB_LENGTH = 16384;

/** Header types by wire code (0 is bool true, 1 bool false)… */
const TYPES = 'boolean boolean byte short integer long binary string timestamp uuid'.split(' ');
/** …and the bytes after the type byte: the big-endian value, or the 2-byte length of binary and string. */
const SIZES = [0, 0, 1, 2, 4, 8, 2, 2, 8, 16];
const LONG = 5, BINARY = 6, STRING = 7, TIMESTAMP = 8, UUID = 9;

/**
 * A header to encode: a plain value (string → string, boolean → bool, number → integer, bigint → long,
 * Uint8Array → bytes, Date → timestamp) or `{ type, value }` for any of the ten wire types.
 */
export type HeaderInput =
  | HeaderValue
  | { type: 'boolean'; value: boolean }
  | { type: 'byte' | 'short' | 'integer'; value: number }
  | { type: 'long'; value: bigint | number }
  | { type: 'binary'; value: Uint8Array }
  | { type: 'string'; value: string }
  | { type: 'timestamp'; value: Date | number }
  | { type: 'uuid'; value: string };

/** Options of `EventStreamDecoder` and `decodeEventStream`. */
export interface DecoderOptions {
  /** Largest accepted total_length in bytes (default 24 MiB); a longer message fails before any allocation. */
  maxMessageBytes?: number;
}

/** Header text decoder, made on first use (not at import: the core imports this module). */
let text: TextDecoder | undefined;
/** A 128-bit number as a uuid: 8-4-4-4-12 lower-case hex. */
const uuid = (n: bigint): string => n.toString(16).padStart(32, '0').replace(/(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
const fail = (message: string): never => {
  throw new StreamError('event stream: ' + message);
};
/** A `ValidationError` for a bad argument `field`: `expected a Uint8Array <field>, got <its type or class>`. */
const invalid = (field: string, v: unknown, expected = 'a Uint8Array ' + field): never => {
  throw new ValidationError(`event stream: expected ${expected}, got ${typeName(v)}`, { field });
};

// ------------------------------------------------------------------------------------------- encode

/** Appends one header to `out`; a bad name or value is a `ValidationError`. */
function header(out: number[], name: string, input: HeaderInput): void {
  const [kind, value] = (
    input instanceof Uint8Array ? ['binary', input]
    : input instanceof Date ? ['timestamp', input]
    : typeof input == 'object' ? [input?.type, input?.value]
    : [typeof input == 'number' ? 'integer' : typeof input == 'bigint' ? 'long' : typeof input, input]
  ) as [string, never];
  const type = TYPES.indexOf(kind), key = utf8(name), size = SIZES[type]!;
  let n = 0n, data: Iterable<number> = [];
  try {
    if (type < 0 || !key.length || key.length > 255) throw 0;
    if (type == BINARY || type == STRING) {
      data = type == STRING ? utf8(value) : value;
      if (!(data instanceof Uint8Array) || data.length >> 16) throw 0;
      n = BigInt(data.length);
    } else if (type == UUID) {
      if (uuid((n = BigInt('0x' + (value as string).replace(/-/g, '')))) != (value as string).toLowerCase()) throw 0;
    } else if (type > 1 && BigInt.asIntN(size * 8, (n = BigInt((value as Date)?.getTime?.() ?? value))) !== n) throw 0;
  } catch {
    const what = !key.length || key.length > 255 ? 'a name of 1-255 bytes'
      : type < 0 ? 'a string, boolean, number (integer), bigint, Uint8Array, Date or { type, value }'
      : `${kind == 'integer' ? 'an' : 'a'} ${kind} value`;
    throw new ValidationError(`event-stream header "${name}": expected ${what}, got ${String(value ?? input).slice(0, 60)}`, { field: `headers.${name}` });
  }
  out.push(key.length, ...key, type || +!value);
  for (let k = size * 8; (k -= 8) >= 0; ) out.push(Number((n >> BigInt(k)) & 255n));
  for (const x of data) out.push(x);
}

/** Encodes one message: prelude, headers in insertion order, payload and both CRCs; bad input is a `ValidationError`. */
export function encodeMessage(message: { headers: Record<string, HeaderInput>; payload: Uint8Array }): Uint8Array {
  const { headers, payload } = message ?? invalid('message', message, 'a { headers, payload } object');
  if (!headers || typeof headers != 'object') invalid('headers', headers, 'a headers object');
  if (!(payload instanceof Uint8Array)) invalid('payload', payload);
  const h: number[] = [];
  for (const [name, value] of Object.entries(headers)) header(h, name, value);
  const total = MINIMUM_MESSAGE_LENGTH + h.length + payload.length, out = new Uint8Array(total), view = new DataView(out.buffer);
  view.setUint32(0, total);
  view.setUint32(4, h.length);
  view.setUint32(8, crc32(out, 0, 0, 8));
  out.set(h, PRELUDE_LENGTH);
  out.set(payload, PRELUDE_LENGTH + h.length);
  view.setUint32(total - 4, crc32(out, 0, 0, total - 4));
  return out;
}

// ------------------------------------------------------------------------------------------- decode

/** Checks `actual`, the CRC-32 of the bytes before `view[at]`, against the 4 bytes there. */
function checksum(what: string, view: DataView, at: number, actual: number): void {
  const expected = view.getUint32(at);
  if (actual !== expected) fail(`${what} checksum mismatch: expected ${expected}, computed ${actual}`);
}

/** The last headers block decoded whose values are all primitives (a copy), and a private copy of its headers. */
let lastBlock: DataView | undefined;
let lastHeaders: Record<string, HeaderValue> = {};

/** Checks the prelude at `b[i]` (`view` over `b`), its CRC first, and returns total_length. Allocates nothing. */
function prelude(b: Uint8Array, view: DataView, i: number, max: number): number {
  checksum('Prelude', view, i + 8, crc32(b, 0, i, i + 8));
  const total = view.getUint32(i), n = view.getUint32(i + 4);
  if (total < MINIMUM_MESSAGE_LENGTH || total > max) fail(`message length ${total}: expected 16 to ${max} bytes`);
  if (n > total - MINIMUM_MESSAGE_LENGTH) fail(`headers length ${n}: expected at most ${total - MINIMUM_MESSAGE_LENGTH} bytes`);
  return total;
}

/** The message of `total` bytes at `b[i]`, prelude checked: message CRC, then headers and payload in place. */
function message(b: Uint8Array, view: DataView, i: number, total: number): EventStreamMessage {
  const end = i + total - 4, h = i + PRELUDE_LENGTH, n = view.getUint32(i + 4), last = lastBlock;
  // prelude_crc, already checked, is the CRC of the 8 bytes before it: continue from it.
  checksum('Message', view, end, crc32(b, view.getUint32(i + 8), i + 8, end));
  let k = 0;
  // Bedrock repeats the same headers in every frame: compare them with the last block, 4 bytes at a time.
  if (n > 3 && n === last?.byteLength) for (; k < n && view.getInt32(h + (k = Math.min(k, n - 4))) === last!.getInt32(k); k += 4);
  return { headers: k && k >= n ? { ...lastHeaders } : headers(b, h, h + n), payload: b.subarray(h + n, end) };
}

/** Headers in `b[h, end)`: name length (1), name, type (1), value; nothing past `end` is used. */
function headers(b: Uint8Array, h: number, end: number): Record<string, HeaderValue> {
  const out: Record<string, HeaderValue> = {};
  let plain = true;
  for (let p = h, t, type, v, size, k, n, value: HeaderValue; p < end; p = v + size) {
    t = p + 1 + b[p]!;
    size = SIZES[(type = b[t]!)]! + (type == BINARY || type == STRING ? (b[t + 1]! << 8) | b[t + 2]! : 0);
    if (!(t < end && type <= UUID)) fail(`header at byte ${p - h}: expected a name and a type from 0 to 9 within ${end - p} bytes`);
    if ((v = t + 1) + size > end) fail(`header at byte ${p - h}: expected a type-${type} value of ${size} bytes, got ${end - v}`);
    if (type < 2) value = type == 0;
    else if (type == BINARY) (value = b.subarray(v + 2, v + size)), (plain = false);
    else if (type == STRING) value = (text ??= new TextDecoder()).decode(b.subarray(v + 2, v + size));
    else {
      for (n = 0n, k = v; k < v + size; ) n = (n << 8n) | BigInt(b[k++]!);
      value = type == UUID ? uuid(n) : ((n = BigInt.asIntN(size * 8, n)), type == TIMESTAMP ? ((plain = false), new Date(Number(n))) : type == LONG ? n : Number(n));
    }
    const name = (text ??= new TextDecoder()).decode(b.subarray(p + 1, t));
    if (name != '__proto__') out[name] = value;
  }
  if (plain) (lastBlock = new DataView(new Uint8Array(b.subarray(h, end)).buffer)), (lastHeaders = { ...out });
  return out;
}

/**
 * Incremental decoder: `push` bytes as they arrive and get back the messages they complete. A message
 * lying whole inside a chunk is parsed in place (its payload is a view of the chunk); one split across
 * chunks is copied once, into a 16 KB slab shared with the next split messages when it fits (one
 * allocation for many), else into a buffer of its total_length. Both CRCs are checked before a message is
 * returned and lengths before anything is allocated. Failures are `StreamError`s, after which the
 * decoder must not be used again.
 */
export class EventStreamDecoder {
  #max: number;
  /** A partial prelude (12 bytes) or message (total_length bytes), `#filled` of it received. */
  #buffer: Uint8Array | undefined;
  #filled = 0;
  /** Unused space for split messages: one allocation serves many (allocating each one dominates otherwise). */
  #slab = new Uint8Array(0);

  /** `maxMessageBytes` caps total_length (default 24 MiB). */
  constructor(options: DecoderOptions = {}) {
    this.#max = options.maxMessageBytes ?? MAX_MESSAGE_LENGTH;
  }

  /** Feeds a chunk; returns the messages it completes, in order. A chunk that is not a Uint8Array is a `ValidationError`. */
  push(chunk: Uint8Array): EventStreamMessage[] {
    if (!(chunk instanceof Uint8Array)) invalid('chunk', chunk);
    const out: EventStreamMessage[] = [], view = new DataView(chunk.buffer, chunk.byteOffset, chunk.length);
    for (let i = 0, n = chunk.length, total, b, v; i < n; ) {
      if ((b = this.#buffer)) {
        const part = chunk.subarray(i, (i += b.length - this.#filled));
        b.set(part, this.#filled);
        if ((this.#filled += part.length) < b.length) break;
        this.#buffer = undefined;
        v = new DataView(b.buffer, b.byteOffset, b.length);
        if (b.length > PRELUDE_LENGTH) out.push(message(b, v, 0, b.length));
        else this.#alloc(prelude(b, v, 0, this.#max)).set(b);
      } else if ((total = n - i < PRELUDE_LENGTH ? PRELUDE_LENGTH : prelude(chunk, view, i, this.#max)) > n - i) this.#alloc(total), (this.#filled = 0);
      else out.push(message(chunk, view, i, total)), (i += total);
    }
    return out;
  }

  /** Starts a partial message of `n` bytes: carved from the slab when it fits one, else its own buffer. */
  #alloc(n: number): Uint8Array {
    let s = this.#slab;
    if (n > SLAB_LENGTH) return (this.#buffer = new Uint8Array(n));
    if (s.length < n) s = new Uint8Array(Math.max(n, Math.min(SLAB_LENGTH, this.#max)));
    this.#slab = s.subarray(n);
    return (this.#buffer = s.subarray(0, n));
  }

  /** Call at the end of the input: a `StreamError` if it stopped inside a message. */
  end(): void {
    if (this.#buffer) fail(`ended inside a message: got ${this.#filled} of ${this.#buffer.length} bytes`);
  }
}

/**
 * Decodes a byte stream (a `ReadableStream`, or an async or sync iterable, read as `for await` does) into
 * messages. Stopping early (break, `return()`, `throw()`, an error) cancels the `ReadableStream` or returns
 * the iterator, also while a read is pending; a corrupt, oversized or truncated stream is a `StreamError`;
 * another source, or a chunk that is not a Uint8Array, is a `ValidationError`.
 */
export function decodeEventStream(
  source: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options?: DecoderOptions,
): AsyncGenerator<EventStreamMessage, void, undefined> {
  const decoder = new EventStreamDecoder(options);
  const s = source as Partial<ReadableStream<Uint8Array> & AsyncIterable<Uint8Array> & Iterable<Uint8Array>>;
  // A sync iterable is read through an async generator: `for await` semantics (promises awaited, `return()` passed on).
  const it = (
    s?.getReader ? s.getReader()
    : s instanceof Uint8Array ? invalid('source', s, 'a ReadableStream or an (async) iterable of Uint8Array chunks (put a single Uint8Array in an array)')
    : (s?.[Symbol.asyncIterator] ? s : typeof s == 'object' && s?.[Symbol.iterator] ? (async function* () { yield* s as Iterable<Uint8Array>; })()
      : invalid('source', s, 'a ReadableStream or an (async) iterable of Uint8Array chunks'))[Symbol.asyncIterator]!()
  ) as Partial<ReadableStreamDefaultReader<Uint8Array> & AsyncIterator<Uint8Array>>;
  let stopping: Promise<unknown> | undefined;
  const stop = (): Promise<unknown> => (stopping ??= it.cancel ? it.cancel().catch(() => {}) : Promise.resolve(it.return?.()));
  const generator = (async function* () {
    try {
      for (let r; !(r = await (it.read ? it.read() : it.next!())).done; ) for (const m of decoder.push(r.value!)) yield m;
      stopping || decoder.end();
    } finally {
      await stop();
    }
  })();
  const close = generator.return;
  // A pending read would hold a plain generator's return() back: cancel the source first.
  generator.return = (value) => (stop().catch(() => {}), close.call(generator, value));
  return generator;
}
