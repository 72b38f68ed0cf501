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

/** total_length (4) + headers_length (4) + prelude_crc (4). */
const PRELUDE_LENGTH = 12;
/** prelude_crc covers the 8 bytes before it. */
const PRELUDE_CRC_OFFSET = 8;
/** message_crc, the last field. */
const MESSAGE_CRC_LENGTH = 4;
/** A message with neither headers nor payload. */
const MINIMUM_MESSAGE_LENGTH = PRELUDE_LENGTH + MESSAGE_CRC_LENGTH;
/** Default cap on total_length: 24 MiB. */
const MAX_MESSAGE_LENGTH = 24 * 1024 * 1024;
/** Messages split across chunks are collected in slices of a slab this size when they fit (one allocation per slab, not per message). */
const SLAB_LENGTH = 16384;
/** Header names have a 1-byte length, bytes and string values a 2-byte one. */
const MAX_HEADER_NAME_LENGTH = 255;
const MAX_HEADER_VALUE_LENGTH = 65535;

/** Header value types by wire code (0 is bool true, 1 bool false). */
const TYPES = ['boolean', 'boolean', 'byte', 'short', 'integer', 'long', 'binary', 'string', 'timestamp', 'uuid'];
const BYTES = 6, STRING = 7, TIMESTAMP = 8, UUID = 9;
/** Bytes after the type byte: the value, or the 2-byte length prefix of bytes and string. */
const VALUE_SIZE = [0, 0, 1, 2, 4, 8, 2, 2, 8, 16];
/** What a plain JavaScript value encodes as. */
const PLAIN: Record<string, string> = { boolean: 'boolean', number: 'integer', bigint: 'long', string: 'string' };

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
const text = (b: Uint8Array, start: number, end: number): string => (utf8Decoder ??= new TextDecoder()).decode(b.subarray(start, end));
const u32 = (b: Uint8Array, i: number): number => ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
const fail = (message: string): never => {
  throw new StreamError(message);
};

// ------------------------------------------------------------------------------------------- encode

/** Appends one header to `out`; any bad name or value is a `ValidationError`. */
function header(out: number[], name: string, input: HeaderInput): void {
  const h =
    input instanceof Uint8Array ? { type: 'binary', value: input }
    : input instanceof Date ? { type: 'timestamp', value: input }
    : typeof input == 'object' ? input
    : { type: PLAIN[typeof input], value: input };
  const type = TYPES.indexOf(h?.type as string), key = utf8(name);
  const value = h?.value as unknown;
  try {
    if (type < 0 || !key.length || key.length > MAX_HEADER_NAME_LENGTH) throw 0;
    out.push(key.length, ...key, type || (value ? 0 : 1));
    if (type == BYTES || type == STRING) {
      const bytes = type == STRING ? utf8(value as string) : value;
      if (!(bytes instanceof Uint8Array) || bytes.length > MAX_HEADER_VALUE_LENGTH) throw 0;
      out.push(bytes.length >> 8, bytes.length & 255);
      for (const byte of bytes) out.push(byte);
    } else if (type == UUID) {
      if (!/^[\da-f]{8}-([\da-f]{4}-){3}[\da-f]{12}$/i.test(value as string)) throw 0;
      for (const pair of (value as string).replace(/-/g, '').match(/../g)!) out.push(parseInt(pair, 16));
    } else if (type > 1) {
      const bits = 8 * VALUE_SIZE[type]!, n = BigInt(value instanceof Date ? value.getTime() : (value as number));
      if (BigInt.asIntN(bits, n) !== n) throw 0;
      for (let k = bits - 8; k >= 0; k -= 8) out.push(Number((n >> BigInt(k)) & 255n));
    }
  } catch {
    throw new ValidationError(`event-stream header "${name}": expected a ${h?.type ?? 'header'} value, got ${String(value).slice(0, 60)}`, { field: `headers.${name}` });
  }
}

/** Encodes one message: prelude, headers in insertion order, payload and both CRCs. */
export function encodeMessage(message: { headers: Record<string, HeaderInput>; payload: Uint8Array }): Uint8Array {
  const headers: number[] = [];
  for (const [name, value] of Object.entries(message.headers)) header(headers, name, value);
  const total = MINIMUM_MESSAGE_LENGTH + headers.length + message.payload.length;
  const out = new Uint8Array(total), view = new DataView(out.buffer);
  view.setUint32(0, total);
  view.setUint32(4, headers.length);
  const preludeCrc = crc32(out, 0, 0, PRELUDE_CRC_OFFSET);
  view.setUint32(PRELUDE_CRC_OFFSET, preludeCrc);
  out.set(headers, PRELUDE_LENGTH);
  out.set(message.payload, PRELUDE_LENGTH + headers.length);
  view.setUint32(total - MESSAGE_CRC_LENGTH, crc32(out, preludeCrc, PRELUDE_CRC_OFFSET, total - MESSAGE_CRC_LENGTH));
  return out;
}

// ------------------------------------------------------------------------------------------- decode

/** Checks the prelude at `b[i]`, its CRC first, and returns total_length. Allocates nothing. */
function prelude(b: Uint8Array, i: number, max: number): number {
  const total = u32(b, i), headersLength = u32(b, i + 4), expected = u32(b, i + PRELUDE_CRC_OFFSET);
  const actual = crc32(b, 0, i, i + PRELUDE_CRC_OFFSET);
  if (actual !== expected) fail(`Prelude checksum mismatch: expected ${expected}, computed ${actual}`);
  if (total < MINIMUM_MESSAGE_LENGTH || total > max) fail(`event-stream message length ${total}: expected ${MINIMUM_MESSAGE_LENGTH} to ${max} bytes`);
  if (headersLength > total - MINIMUM_MESSAGE_LENGTH) fail(`event-stream headers length ${headersLength}: expected at most ${total - MINIMUM_MESSAGE_LENGTH} bytes`);
  return total;
}

/** The message of `total` bytes at `b[i]`, prelude already checked: message CRC, then headers and payload in place. */
function message(b: Uint8Array, i: number, total: number): EventStreamMessage {
  const end = i + total - MESSAGE_CRC_LENGTH, expected = u32(b, end);
  const actual = crc32(b, u32(b, i + PRELUDE_CRC_OFFSET), i + PRELUDE_CRC_OFFSET, end);
  if (actual !== expected) fail(`Message checksum mismatch: expected ${expected}, computed ${actual}`);
  const payload = i + PRELUDE_LENGTH + u32(b, i + 4);
  return { headers: headers(b, i + PRELUDE_LENGTH, payload), payload: b.subarray(payload, end) };
}

/** The last headers block decoded (when it held only primitive values) and a private copy of its result. */
let lastBlock: Uint8Array | undefined;
let lastHeaders: Record<string, HeaderValue> = {};

/** Headers in `b[p, end)`. A truncated field or an unknown type is a `StreamError`; nothing is read past `end`. */
function headers(b: Uint8Array, p: number, end: number): Record<string, HeaderValue> {
  const start = p, n = end - p, last = lastBlock;
  if (last?.length === n) {
    let k = 0;
    while (k < n && last[k] === b[p + k]) k++;
    if (k === n) return { ...lastHeaders };
  }
  const out: Record<string, HeaderValue> = {};
  let plain = true;
  while (p < end) {
    const at = p + 1 + b[p]!;
    if (at >= end) fail(`event-stream header at byte ${p - start}: expected a name and a type in the ${end - start}-byte headers, got a ${b[p]}-byte name`);
    const name = text(b, p + 1, at), type = b[at]!, q = at + 1;
    if (!(type < 10)) fail(`event-stream header ${JSON.stringify(name)}: expected a type from 0 to 9, got ${type}`);
    let size = VALUE_SIZE[type]!;
    if ((type == BYTES || type == STRING) && q + 2 <= end) size += (b[q]! << 8) | b[q + 1]!;
    if (q + size > end) fail(`event-stream header ${JSON.stringify(name)} of type ${type}: expected ${size} value bytes, got ${end - q}`);
    const value = headerValue(b, type, q, q + size);
    plain &&= type != BYTES && type != TIMESTAMP;
    if (name != '__proto__') out[name] = value;
    p = q + size;
  }
  if (plain) (lastBlock = b.slice(start, end)), (lastHeaders = { ...out });
  return out;
}

function headerValue(b: Uint8Array, type: number, p: number, end: number): HeaderValue {
  if (type < 2) return type == 0;
  if (type == BYTES) return b.subarray(p + 2, end);
  if (type == STRING) return text(b, p + 2, end);
  let n = 0n, hex = '';
  for (let k = p; k < end; k++) (n = (n << 8n) | BigInt(b[k]!)), (hex += (b[k]! + 256).toString(16).slice(1));
  if (type == UUID) return hex.replace(/(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
  n = BigInt.asIntN(8 * (end - p), n);
  return type == TIMESTAMP ? new Date(Number(n)) : type == 5 ? n : Number(n);
}

/**
 * Incremental decoder: `push` bytes as they arrive and get back the messages they complete. A message
 * lying whole inside a chunk is parsed in place (its payload is a view of the chunk); one split across
 * chunks is copied once into a buffer of its total_length (small ones share a 16 KB slab). Both CRCs
 * are checked before a message is returned and lengths before anything is allocated. Failures are
 * `StreamError`s, after which the decoder must not be used again.
 */
export class EventStreamDecoder {
  #max: number;
  /** A partial prelude (12 bytes) or message (total_length bytes), `#filled` of it received. */
  #buffer: Uint8Array | undefined;
  #filled = 0;
  #slab: Uint8Array | undefined;
  #slabUsed = Infinity;

  /** `maxMessageBytes` caps total_length (default 24 MiB). */
  constructor(options: DecoderOptions = {}) {
    this.#max = options.maxMessageBytes ?? MAX_MESSAGE_LENGTH;
  }

  /** Feeds a chunk; returns the messages it completes, in order. */
  push(chunk: Uint8Array): EventStreamMessage[] {
    const out: EventStreamMessage[] = [];
    for (let i = 0, n = chunk.length, total; i < n; ) {
      const buffer = this.#buffer;
      if (buffer) {
        const take = Math.min(buffer.length - this.#filled, n - i);
        buffer.set(chunk.subarray(i, (i += take)), this.#filled);
        if ((this.#filled += take) < buffer.length) continue;
        this.#buffer = undefined;
        if (buffer.length > PRELUDE_LENGTH) out.push(message(buffer, 0, buffer.length));
        else this.#collect(buffer, 0, prelude(buffer, 0, this.#max));
      } else if (n - i < PRELUDE_LENGTH) this.#collect(chunk, i, PRELUDE_LENGTH), (i = n);
      else if (n - i >= (total = prelude(chunk, i, this.#max))) out.push(message(chunk, i, total)), (i += total);
      else this.#collect(chunk, i, total), (i = n);
    }
    return out;
  }

  /** Starts a buffer of `size` bytes (a slab slice or its own) with what `b` holds from `i`. */
  #collect(b: Uint8Array, i: number, size: number): void {
    const slabLength = Math.min(SLAB_LENGTH, this.#max);
    let buffer: Uint8Array;
    if (size > slabLength) buffer = new Uint8Array(size);
    else {
      if (this.#slabUsed + size > slabLength) (this.#slab = new Uint8Array(slabLength)), (this.#slabUsed = 0);
      buffer = this.#slab!.subarray(this.#slabUsed, (this.#slabUsed += size));
    }
    (this.#buffer = buffer).set(b.subarray(i, i + size));
    this.#filled = Math.min(b.length - i, size);
  }

  /** Call at the end of the input: a `StreamError` if it stopped inside a message. */
  end(): void {
    const b = this.#buffer;
    if (b) fail(`event stream ended inside a message: got ${this.#filled} of ${b.length > PRELUDE_LENGTH ? b.length : 'at least ' + MINIMUM_MESSAGE_LENGTH} bytes`);
  }
}

/**
 * Decodes a byte stream into messages. Stopping early (break, return, an error) cancels the
 * `ReadableStream` or returns the iterator; a corrupt, oversized or truncated stream is a `StreamError`.
 * Messages already decoded are handed out without a round trip through the source.
 */
export function decodeEventStream(
  source: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
  options?: DecoderOptions,
): AsyncGenerator<EventStreamMessage, void, undefined> {
  const decoder = new EventStreamDecoder(options);
  const reader = 'getReader' in source ? source.getReader() : undefined;
  const iterator = reader ? undefined : source[Symbol.asyncIterator]();
  let queue: EventStreamMessage[] = [], at = 0, finished = false, pending: Promise<unknown> | undefined;
  const done = (): IteratorReturnResult<void> => ({ done: true, value: undefined });
  const stop = async (): Promise<IteratorReturnResult<void>> => {
    if (!finished) {
      (finished = true), (queue = []);
      if (reader) reader.cancel().catch(() => {});
      else await iterator!.return?.();
    }
    return done();
  };
  const fill = async (): Promise<IteratorResult<EventStreamMessage, void>> => {
    try {
      while (at >= queue.length) {
        if (finished) return done();
        const r = await (reader ? reader.read() : iterator!.next());
        if (finished) return done();
        if (r.done) return (finished = true), decoder.end(), done();
        (queue = decoder.push(r.value)), (at = 0);
      }
      return { done: false, value: queue[at++]! };
    } catch (e) {
      await stop();
      throw e;
    }
  };
  const self: AsyncGenerator<EventStreamMessage, void, undefined> = {
    next() {
      if (!pending && at < queue.length) return Promise.resolve({ done: false, value: queue[at++]! });
      const p = (pending ?? Promise.resolve()).then(fill, fill);
      const clear = (): void => void (pending === p && (pending = undefined));
      (pending = p).then(clear, clear);
      return p;
    },
    return: stop,
    async throw(e: unknown) {
      await stop();
      throw e;
    },
    [Symbol.asyncIterator]: () => self,
  };
  return self;
}
