/**
 * AWS event-stream codec (`application/vnd.amazon.eventstream`), the framing of Bedrock's streaming
 * responses. A message is a prelude (total_length, headers_length, prelude_crc), the headers, the
 * payload and message_crc, a CRC-32 of everything before it; integers are big-endian.
 * @module
 */
import { crc32 } from './crc32.ts';
import { StreamError, ValidationError } from './errors.ts';
import type { EventStreamMessage, HeaderValue } from './types.ts';

export type { EventStreamMessage, HeaderValue };

/** total_length (4) + headers_length (4) + prelude_crc (4); prelude_crc covers the 8 bytes before it. */
const PRELUDE_LENGTH = 12;
/** A message with neither headers nor payload: prelude + message_crc. */
const MINIMUM_MESSAGE_LENGTH = 16;
/** Default cap on total_length: 24 MiB. */
const MAX_MESSAGE_LENGTH = 24 * 1024 * 1024;

/** The header type table, by wire code, for encode and decode: name (0 is bool true, 1 bool false)… */
const TYPES = 'boolean boolean byte short integer long binary string timestamp uuid'.split(' ');
/** …and the bytes after the type byte: the big-endian value, or the 2-byte length of binary and string. */
const SIZES = [0, 0, 1, 2, 4, 8, 2, 2, 8, 16];
const BINARY = 6, STRING = 7, TIMESTAMP = 8, UUID = 9;

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

let utf8Encoder: TextEncoder | undefined;
let utf8Decoder: TextDecoder | undefined;
const utf8 = (s: string): Uint8Array => (utf8Encoder ??= new TextEncoder()).encode(s);
const text = (b: Uint8Array, i: number, end: number): string => (utf8Decoder ??= new TextDecoder()).decode(b.subarray(i, end));
const u32 = (b: Uint8Array, i: number): number => ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
/** A 128-bit number as a uuid: 8-4-4-4-12 lower-case hex. */
const uuid = (n: bigint): string => n.toString(16).padStart(32, '0').replace(/(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
const fail = (message: string): never => {
  throw new StreamError(message);
};

// ------------------------------------------------------------------------------------------- encode

/** Appends one header to `out`; any bad name or value is a `ValidationError`. */
function header(out: number[], name: string, input: HeaderInput): void {
  const [kind, value] = (
    input instanceof Uint8Array ? ['binary', input]
    : input instanceof Date ? ['timestamp', input]
    : typeof input == 'object' ? [input?.type, input?.value]
    : [({ number: 'integer', bigint: 'long' } as Record<string, string>)[typeof input] ?? typeof input, input]
  ) as [string, never];
  const type = TYPES.indexOf(kind), key = utf8(name), size = SIZES[type]!;
  let n = 0n, data: Iterable<number> = [];
  try {
    if (type < 0 || !key.length || key.length > 255) throw 0;
    if (type == BINARY || type == STRING) {
      data = type == STRING ? utf8(value) : value;
      if (!(data instanceof Uint8Array) || data.length >>> 16) throw 0;
      n = BigInt(data.length);
    } else if (type == UUID) {
      if (uuid((n = BigInt('0x' + (value as string).replace(/-/g, '')))) != (value as string).toLowerCase()) throw 0;
    } else if (type > 1 && BigInt.asIntN(size * 8, (n = BigInt((value as Date)?.getTime?.() ?? value))) !== n) throw 0;
  } catch {
    throw new ValidationError(`event-stream header "${name}": expected a ${kind ?? 'header'} value, got ${String(value).slice(0, 60)}`, { field: `headers.${name}` });
  }
  out.push(key.length, ...key, type || +!value);
  for (let k = size * 8; (k -= 8) >= 0; ) out.push(Number((n >> BigInt(k)) & 255n));
  for (const x of data) out.push(x);
}

/** Encodes one message: prelude, headers in insertion order, payload and both CRCs. */
export function encodeMessage(message: { headers: Record<string, HeaderInput>; payload: Uint8Array }): Uint8Array {
  const h: number[] = [];
  for (const [name, value] of Object.entries(message.headers)) header(h, name, value);
  const total = MINIMUM_MESSAGE_LENGTH + h.length + message.payload.length;
  const out = new Uint8Array(total), view = new DataView(out.buffer);
  view.setUint32(0, total);
  view.setUint32(4, h.length);
  view.setUint32(8, crc32(out, 0, 0, 8));
  out.set(h, PRELUDE_LENGTH);
  out.set(message.payload, PRELUDE_LENGTH + h.length);
  view.setUint32(total - 4, crc32(out, 0, 0, total - 4));
  return out;
}

// ------------------------------------------------------------------------------------------- decode

/** Checks the CRC-32 of `b[i, end)` against the 4 bytes at `end`. */
function checksum(what: string, b: Uint8Array, i: number, end: number): void {
  const expected = u32(b, end), actual = crc32(b, 0, i, end);
  if (actual !== expected) fail(`${what} checksum mismatch: expected ${expected}, computed ${actual}`);
}

/** Checks the prelude at `b[i]`, its CRC first, and returns total_length. Allocates nothing. */
function prelude(b: Uint8Array, i: number, max: number): number {
  checksum('Prelude', b, i, i + 8);
  const total = u32(b, i), headersLength = u32(b, i + 4);
  if (total < MINIMUM_MESSAGE_LENGTH || total > max) fail(`event-stream message length ${total}: expected 16 to ${max} bytes`);
  if (headersLength > total - MINIMUM_MESSAGE_LENGTH) fail(`event-stream headers length ${headersLength}: expected at most ${total - MINIMUM_MESSAGE_LENGTH} bytes`);
  return total;
}

/** The last headers block decoded whose values are all primitives, and a private copy of its headers. */
let lastBlock: Uint8Array | undefined;
let lastHeaders: Record<string, HeaderValue> = {};

/** The message of `total` bytes at `b[i]`, prelude already checked: message CRC, then headers and payload in place. */
function message(b: Uint8Array, i: number, total: number): EventStreamMessage {
  const end = i + total - 4, h = i + PRELUDE_LENGTH, payload = h + u32(b, i + 4), n = payload - h, last = lastBlock;
  checksum('Message', b, i, end);
  let k = 0;
  // Bedrock repeats the same headers in every frame: skip parsing them again.
  if (n === last?.length) while (k < n && b[h + k] === last[k]) k++;
  return { headers: k && k === n ? { ...lastHeaders } : headers(b, h, payload), payload: b.subarray(payload, end) };
}

/** Headers in `b[h, end)`: name length (1), name, type (1), value; nothing past `end` is used. */
function headers(b: Uint8Array, h: number, end: number): Record<string, HeaderValue> {
  const out: Record<string, HeaderValue> = {};
  let plain = true;
  for (let p = h, t, type, v, size, k, n, value: HeaderValue; p < end; p = v + size) {
    const at = `event-stream header at byte ${p - h}: expected `;
    if ((t = p + 1 + b[p]!) >= end) fail(`${at}a ${b[p]}-byte name and a type within ${end - p} bytes`);
    if (!((type = b[t]!) <= 9)) fail(`${at}a type from 0 to 9, got ${type}`);
    size = SIZES[type]!;
    if ((type == BINARY || type == STRING) && (v = t + 3) <= end) size += (b[t + 1]! << 8) | b[t + 2]!;
    if ((v = t + 1) + size > end) fail(`${at}a type-${type} value of ${size} bytes within ${end - v}`);
    if (type < 2) value = type == 0;
    else if (type == BINARY) (value = b.subarray(v + 2, v + size)), (plain = false);
    else if (type == STRING) value = text(b, v + 2, v + size);
    else {
      for (n = 0n, k = v; k < v + size; ) n = (n << 8n) | BigInt(b[k++]!);
      value = type == UUID ? uuid(n) : ((n = BigInt.asIntN(size * 8, n)), type == TIMESTAMP ? ((plain = false), new Date(Number(n))) : type == 5 ? n : Number(n));
    }
    const name = text(b, p + 1, t);
    if (name != '__proto__') out[name] = value;
  }
  if (plain) (lastBlock = b.slice(h, end)), (lastHeaders = { ...out });
  return out;
}

/**
 * Incremental decoder: `push` bytes as they arrive and get back the messages they complete. A message
 * lying whole inside a chunk is parsed in place (its payload is a view of the chunk); one split across
 * chunks is copied once into a buffer of its total_length. Both CRCs are checked before a message is
 * returned and lengths before anything is allocated. Failures are `StreamError`s, after which the
 * decoder must not be used again.
 */
export class EventStreamDecoder {
  #max: number;
  /** A partial prelude (12 bytes) or message (total_length bytes), `#filled` of it received. */
  #buffer: Uint8Array | undefined;
  #filled = 0;

  /** `maxMessageBytes` caps total_length (default 24 MiB). */
  constructor(options: DecoderOptions = {}) {
    this.#max = options.maxMessageBytes ?? MAX_MESSAGE_LENGTH;
  }

  /** Feeds a chunk; returns the messages it completes, in order. */
  push(chunk: Uint8Array): EventStreamMessage[] {
    const out: EventStreamMessage[] = [];
    for (let i = 0, n = chunk.length, total, b; i < n; ) {
      if ((b = this.#buffer)) {
        const part = chunk.subarray(i, (i += b.length - this.#filled));
        b.set(part, this.#filled);
        if ((this.#filled += part.length) < b.length) break;
        this.#buffer = undefined;
        if (b.length > PRELUDE_LENGTH) out.push(message(b, 0, b.length));
        else (this.#buffer = new Uint8Array(prelude(b, 0, this.#max))).set(b);
      } else if ((total = n - i < PRELUDE_LENGTH ? PRELUDE_LENGTH : prelude(chunk, i, this.#max)) > n - i) (this.#buffer = new Uint8Array(total)), (this.#filled = 0);
      else out.push(message(chunk, i, total)), (i += total);
    }
    return out;
  }

  /** Call at the end of the input: a `StreamError` if it stopped inside a message. */
  end(): void {
    const b = this.#buffer;
    if (b) fail(`event stream ended inside a message: got ${this.#filled} of ${b.length > PRELUDE_LENGTH ? b.length : 'at least 16'} bytes`);
  }
}

/**
 * Decodes a byte stream into messages. Stopping early (break, `return()`, `throw()`, an error) cancels
 * the `ReadableStream` or returns the iterator, also while a read is pending; a corrupt, oversized or
 * truncated stream is a `StreamError`.
 */
export function decodeEventStream(
  source: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
  options?: DecoderOptions,
): AsyncGenerator<EventStreamMessage, void, undefined> {
  const decoder = new EventStreamDecoder(options);
  const it = ('getReader' in source ? source.getReader() : source[Symbol.asyncIterator]()) as Partial<ReadableStreamDefaultReader<Uint8Array> & AsyncIterator<Uint8Array>>;
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
