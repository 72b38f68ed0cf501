import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { EventStreamCodec, Int64 } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import vectors from 'vectors:eventstream';
import bedrock from 'vectors:bedrock';
import { crc32 } from '../lib/crc32.ts';
import { rng } from '../scripts/fuzz.ts';
import { StreamError, ValidationError } from '../lib/errors.ts';
import {
  decodeEventStream,
  encodeMessage,
  EventStreamDecoder,
  type EventStreamMessage,
  type HeaderInput,
  type HeaderValue,
} from '../lib/eventstream.ts';

// ------------------------------------------------------------------------------------------ helpers

const enc = new TextEncoder();
const dec = new TextDecoder();
const utf8 = (s: string): Uint8Array => enc.encode(s);
const text = (b: Uint8Array): string => dec.decode(b);
const fromB64 = (s: string): Uint8Array => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const uuid = (b: Uint8Array): string => hex(b).replace(/(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
const concat = (parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return out;
};
const be32 = (n: number): number[] => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];

/** A message assembled by hand (independently of encodeMessage), with valid CRCs unless told otherwise. */
function frame(headers: Uint8Array | number[], payload: Uint8Array | number[] = [], total?: number, headersLength?: number): Uint8Array {
  const h = Uint8Array.from(headers), p = Uint8Array.from(payload);
  const length = 16 + h.length + p.length;
  const prelude = Uint8Array.from([...be32(total ?? length), ...be32(headersLength ?? h.length)]);
  const head = Uint8Array.from([...prelude, ...be32(crc32(prelude))]);
  const body = concat([head, h, p]);
  return concat([body, Uint8Array.from(be32(crc32(body)))]);
}

/** Just a prelude with a valid CRC (for length checks that must fail before the rest arrives). */
function prelude(total: number, headersLength: number): Uint8Array {
  const p = Uint8Array.from([...be32(total), ...be32(headersLength)]);
  return Uint8Array.from([...p, ...be32(crc32(p))]);
}

const randomBytes = (r: () => number, n: number): Uint8Array => Uint8Array.from({ length: n }, () => (r() * 256) | 0);

/** Decodes with the synchronous decoder, the buffer cut into the given chunks. */
function decodeChunks(chunks: Uint8Array[], options?: { maxMessageBytes?: number }): EventStreamMessage[] {
  const d = new EventStreamDecoder(options);
  const out = chunks.flatMap((c) => d.push(c));
  d.end();
  return out;
}
const decodeAll = (bytes: Uint8Array): EventStreamMessage[] => decodeChunks([bytes]);
const chunked = (bytes: Uint8Array, size: number): Uint8Array[] => {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
};

/** Runs `fn` and returns the StreamError it throws (fails when it throws anything else or nothing). */
function streamError(fn: () => unknown, ...includes: string[]): StreamError {
  try {
    fn();
  } catch (e) {
    assert.instance(e, StreamError, `expected a StreamError, got ${String(e)}`);
    for (const s of includes) assert.ok((e as Error).message.includes(s), `"${(e as Error).message}" should mention "${s}"`);
    return e as StreamError;
  }
  throw new assert.Assertion({ message: 'expected a StreamError, nothing was thrown', operator: 'throws', expects: 'StreamError', actual: 'nothing' });
}

async function collect(source: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>, options?: { maxMessageBytes?: number }): Promise<EventStreamMessage[]> {
  const out: EventStreamMessage[] = [];
  for await (const m of decodeEventStream(source, options)) out.push(m);
  return out;
}

async function* iterate(chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const c of chunks) yield c;
}

const streamOf = (chunks: Uint8Array[]): ReadableStream<Uint8Array> =>
  new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(c);
      controller.close();
    },
  });

// ---------------------------------------------------------------------------- the smithy test vectors

type VectorHeader = { name: string; type: number; value: unknown };
type Vector = { total_length: number; headers_length: number; prelude_crc: number; headers: VectorHeader[]; payload: string; message_crc: number };
const TYPES = ['boolean', 'boolean', 'byte', 'short', 'integer', 'long', 'binary', 'string', 'timestamp', 'uuid'] as const;

const vector = (name: string): Vector => JSON.parse(text(vectors.decoded.positive[name] as Uint8Array)) as Vector;
const positive = Object.keys(vectors.encoded.positive);
const negative = Object.keys(vectors.encoded.negative);

/** Our decoded value for a header of the vector JSON (types 6, 7, 9 are base64 there). */
function expectedValue({ type, value }: VectorHeader): HeaderValue {
  switch (type) {
    case 0: case 1: return type === 0;
    case 2: case 3: case 4: return value as number;
    case 5: return BigInt(value as number);
    case 6: return fromB64(value as string);
    case 7: return text(fromB64(value as string));
    case 8: return new Date(value as number);
    default: return uuid(fromB64(value as string));
  }
}

/** The vector's header as encodeMessage input, with its exact wire type. */
function typedInput(h: VectorHeader): HeaderInput {
  const value = expectedValue(h);
  return { type: TYPES[h.type], value } as HeaderInput;
}

// ----------------------------------------------------------------------------------- encodeMessage

const encode = suite('encodeMessage');

encode('encodeMessage :: every positive vector re-encodes to the same bytes', () => {
  assert.ok(positive.length >= 5, 'the vectors are there');
  for (const name of positive) {
    const v = vector(name);
    const headers = Object.fromEntries(v.headers.map((h) => [h.name, typedInput(h)]));
    const bytes = encodeMessage({ headers, payload: fromB64(v.payload) });
    assert.is(hex(bytes), hex(vectors.encoded.positive[name] as Uint8Array), name);
  }
});

encode('encodeMessage :: plain values pick string, bool, integer, long, bytes and timestamp', () => {
  const bytes = encodeMessage({
    headers: { s: 'x', t: true, f: false, i: -5, l: 5n, b: Uint8Array.of(1, 2), d: new Date(1700000000123) },
    payload: new Uint8Array(0),
  });
  const types: Record<string, number> = {};
  for (let p = 12; p < bytes.length - 4; ) {
    const name = text(bytes.subarray(p + 1, p + 1 + bytes[p]!));
    p += 1 + bytes[p]!;
    const type = bytes[p++]!;
    types[name] = type;
    p += [0, 0, 1, 2, 4, 8, 2, 2, 8, 16][type]! + (type === 6 || type === 7 ? (bytes[p]! << 8) | bytes[p + 1]! : 0);
  }
  assert.equal(types, { s: 7, t: 0, f: 1, i: 4, l: 5, b: 6, d: 8 });
});

encode('encodeMessage :: layout: lengths, prelude CRC and message CRC', () => {
  const payload = utf8('{"hello":"world"}');
  const m = encodeMessage({ headers: { ':event-type': 'chunk' }, payload });
  const view = new DataView(m.buffer);
  assert.is(view.getUint32(0), m.length);
  assert.is(view.getUint32(4), 1 + 11 + 1 + 2 + 5);
  assert.is(view.getUint32(8), crc32(m.subarray(0, 8)));
  assert.is(view.getUint32(m.length - 4), crc32(m.subarray(0, m.length - 4)));
  assert.is(text(m.subarray(m.length - 4 - payload.length, m.length - 4)), '{"hello":"world"}');
});

encode('encodeMessage :: extremes of every numeric type round-trip', () => {
  const headers: Record<string, HeaderInput> = {
    b0: { type: 'byte', value: -128 }, b1: { type: 'byte', value: 127 },
    s0: { type: 'short', value: -32768 }, s1: { type: 'short', value: 32767 },
    i0: { type: 'integer', value: -2147483648 }, i1: { type: 'integer', value: 2147483647 },
    l0: { type: 'long', value: -(2n ** 63n) }, l1: { type: 'long', value: 2n ** 63n - 1n }, l2: { type: 'long', value: -1 },
    t0: { type: 'timestamp', value: -1 }, t1: { type: 'timestamp', value: 8.64e15 },
    u: { type: 'uuid', value: 'FFFFFFFF-0000-1111-2222-0123456789AB' },
    e: '', x: { type: 'binary', value: new Uint8Array(65535) }, y: 'é'.repeat(100),
  };
  const [m] = decodeAll(encodeMessage({ headers, payload: new Uint8Array(0) }));
  assert.equal(m!.headers, {
    b0: -128, b1: 127, s0: -32768, s1: 32767, i0: -2147483648, i1: 2147483647,
    l0: -(2n ** 63n), l1: 2n ** 63n - 1n, l2: -1n, t0: new Date(-1), t1: new Date(8.64e15),
    u: 'ffffffff-0000-1111-2222-0123456789ab', e: '', x: new Uint8Array(65535), y: 'é'.repeat(100),
  });
});

encode('encodeMessage :: bad headers are a ValidationError naming the header', () => {
  const bad: Array<[string, HeaderInput]> = [
    ['byte', { type: 'byte', value: 128 }],
    ['short', { type: 'short', value: -32769 }],
    ['int', 2 ** 31],
    ['fraction', 1.5],
    ['nan', { type: 'integer', value: NaN }],
    ['long', { type: 'long', value: 2n ** 63n }],
    ['long-fraction', { type: 'long', value: 0.5 }],
    ['date', new Date(NaN)],
    ['uuid', { type: 'uuid', value: 'not-a-uuid' }],
    ['binary', { type: 'binary', value: 'text' as unknown as Uint8Array }],
    ['big-binary', new Uint8Array(65536)],
    ['big-string', 'x'.repeat(65536)],
    ['unknown', { type: 'float', value: 1 } as unknown as HeaderInput],
    ['null', null as unknown as HeaderInput],
    ['undefined', undefined as unknown as HeaderInput],
  ];
  for (const [name, value] of bad) {
    try {
      encodeMessage({ headers: { [name]: value }, payload: new Uint8Array(0) });
      assert.unreachable(`${name} should be rejected`);
    } catch (e) {
      assert.instance(e, ValidationError, name);
      assert.ok((e as ValidationError).message.includes(`"${name}"`), (e as Error).message);
      assert.is((e as ValidationError).field, `headers.${name}`);
    }
  }
  assert.throws(
    () => encodeMessage({ headers: { big: 'x'.repeat(70000) }, payload: new Uint8Array(0) }),
    (e: unknown) => e instanceof ValidationError && e.message.length < 200,
    'the message quotes a bounded part of the value',
  );
  for (const name of ['', 'n'.repeat(256)]) {
    assert.throws(() => encodeMessage({ headers: { [name]: 'v' }, payload: new Uint8Array(0) }), (e: unknown) => e instanceof ValidationError);
  }
  encodeMessage({ headers: { ['n'.repeat(255)]: 'x'.repeat(65535) }, payload: new Uint8Array(0) });
});

encode('encodeMessage :: header errors say what is accepted, with the right article', () => {
  const message = (headers: Record<string, unknown>): string => {
    try {
      encodeMessage({ headers: headers as Record<string, HeaderInput>, payload: new Uint8Array(0) });
    } catch (e) {
      assert.instance(e, ValidationError);
      return (e as Error).message;
    }
    throw new Error('expected a ValidationError');
  };
  const ANY = 'a string, boolean, number (integer), bigint, Uint8Array, Date or { type, value }';
  assert.is(message({ x: undefined }), `event-stream header "x": expected ${ANY}, got undefined`);
  assert.is(message({ x: null }), `event-stream header "x": expected ${ANY}, got null`);
  assert.is(message({ x: Symbol('s') }), `event-stream header "x": expected ${ANY}, got Symbol(s)`);
  assert.is(message({ x: { type: 'float', value: 1 } }), `event-stream header "x": expected ${ANY}, got 1`);
  assert.is(message({ n: 1.5 }), 'event-stream header "n": expected an integer value, got 1.5');
  assert.is(message({ n: { type: 'integer', value: 2 ** 31 } }), `event-stream header "n": expected an integer value, got ${2 ** 31}`);
  assert.is(message({ b: { type: 'byte', value: 300 } }), 'event-stream header "b": expected a byte value, got 300');
  assert.is(message({ u: { type: 'uuid', value: 'x' } }), 'event-stream header "u": expected a uuid value, got x');
  assert.is(message({ '': 'v' }), 'event-stream header "": expected a name of 1-255 bytes, got v');
});

encode('encodeMessage :: a missing message or headers object is a ValidationError naming it', () => {
  const cases: Array<[unknown, string, string]> = [
    [undefined, 'message', 'event stream: expected a { headers, payload } object, got undefined'],
    [{ payload: new Uint8Array() }, 'headers', 'event stream: expected a headers object, got undefined'],
    [{ headers: 'x', payload: new Uint8Array() }, 'headers', 'event stream: expected a headers object, got string'],
  ];
  for (const [message, field, text] of cases) {
    try {
      encodeMessage(message as Parameters<typeof encodeMessage>[0]);
      assert.unreachable(`${field} should be rejected`);
    } catch (e) {
      assert.instance(e, ValidationError, field);
      assert.is((e as ValidationError).field, field);
      assert.is((e as Error).message, text);
    }
  }
});
encode('encodeMessage :: a payload that is not a Uint8Array is a ValidationError, not zero bytes', () => {
  const cases: Array<[unknown, string]> = [['hello', 'string'], [undefined, 'undefined'], [null, 'null'], [[1, 2], 'Array'], [new ArrayBuffer(2), 'ArrayBuffer'], [new Uint16Array(2), 'Uint16Array'], [5, 'number']];
  for (const [payload, got] of cases) {
    try {
      encodeMessage({ headers: {}, payload: payload as Uint8Array });
      assert.unreachable(`${got} should be rejected`);
    } catch (e) {
      assert.instance(e, ValidationError, got);
      assert.is((e as ValidationError).field, 'payload');
      assert.is((e as Error).message, `event stream: expected a Uint8Array payload, got ${got}`);
    }
  }
  // a Uint8Array subclass (Node's Buffer is one) is a Uint8Array
  class Bytes extends Uint8Array {}
  assert.equal(decodeAll(encodeMessage({ headers: {}, payload: Bytes.from([104, 105]) }))[0]!.payload, utf8('hi'));
});

encode.run();

// ------------------------------------------------------------------------------ EventStreamDecoder

const decoder = suite('EventStreamDecoder');

decoder('EventStreamDecoder :: every positive vector decodes to its JSON', () => {
  for (const name of positive) {
    const bytes = vectors.encoded.positive[name] as Uint8Array;
    const v = vector(name);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    assert.is(view.getUint32(0), v.total_length, `${name} total_length`);
    assert.is(view.getUint32(4), v.headers_length, `${name} headers_length`);
    assert.is(view.getUint32(8), v.prelude_crc >>> 0, `${name} prelude_crc`);
    assert.is(view.getUint32(bytes.length - 4), v.message_crc >>> 0, `${name} message_crc`);
    const messages = decodeAll(bytes);
    assert.is(messages.length, 1, name);
    assert.equal(messages[0]!.headers, Object.fromEntries(v.headers.map((h) => [h.name, expectedValue(h)])), name);
    assert.equal(messages[0]!.payload, fromB64(v.payload), name);
  }
});

decoder('EventStreamDecoder :: every negative vector fails with the checksum its expectation names', () => {
  assert.ok(negative.length >= 4, 'the vectors are there');
  for (const name of negative) {
    const expected = text(vectors.decoded.negative[name] as Uint8Array).trim();
    assert.match(expected, /^(Prelude|Message) checksum mismatch$/, name);
    streamError(() => decodeAll(vectors.encoded.negative[name] as Uint8Array), expected);
    streamError(() => decodeChunks(chunked(vectors.encoded.negative[name] as Uint8Array, 1)), expected);
  }
});

/** Every vector and Bedrock frame back to back. */
const everything = concat([
  ...positive.map((n) => vectors.encoded.positive[n] as Uint8Array),
  ...Object.keys(bedrock).filter((n) => n.endsWith('.bin')).map((n) => bedrock[n] as Uint8Array),
]);

decoder('EventStreamDecoder :: a multi-message buffer decodes the same split at every point', () => {
  const whole = decodeAll(everything);
  assert.ok(whole.length > 30, `${whole.length} messages`);
  for (let k = 0; k <= everything.length; k++) {
    assert.equal(decodeChunks([everything.subarray(0, k), everything.subarray(k)]), whole, `split at ${k}`);
  }
});

decoder('EventStreamDecoder :: 1-byte chunks, and chunks of every size up to 64, decode the same', () => {
  const whole = decodeAll(everything);
  for (let size = 1; size <= 64; size++) assert.equal(decodeChunks(chunked(everything, size)), whole, `${size}-byte chunks`);
});

decoder('EventStreamDecoder :: random chunkings (three cuts anywhere) decode the same', () => {
  const whole = decodeAll(everything);
  const r = rng(7);
  for (let round = 0; round < 300; round++) {
    const cuts = [0, ...Array.from({ length: 3 }, () => (r() * everything.length) | 0).sort((a, b) => a - b), everything.length];
    const chunks = cuts.slice(1).map((c, i) => everything.subarray(cuts[i]!, c));
    assert.equal(decodeChunks(chunks), whole, `cuts ${cuts.join(',')}`);
  }
});

decoder('EventStreamDecoder :: push returns messages as they complete, none for a partial one', () => {
  const a = encodeMessage({ headers: { n: 1 }, payload: utf8('first') });
  const b = encodeMessage({ headers: { n: 2 }, payload: utf8('second') });
  const d = new EventStreamDecoder();
  assert.equal(d.push(a.subarray(0, 5)), []);
  assert.equal(d.push(a.subarray(5, 20)), []);
  const done = d.push(concat([a.subarray(20), b.subarray(0, 3)]));
  assert.equal(done.map((m) => text(m.payload)), ['first']);
  assert.equal(d.push(b.subarray(3)).map((m) => text(m.payload)), ['second']);
  assert.equal(d.push(new Uint8Array(0)), []);
  d.end();
});

decoder('EventStreamDecoder :: a whole message in a chunk is parsed in place (payload is a view of the chunk)', () => {
  const bytes = concat([encodeMessage({ headers: {}, payload: utf8('abc') }), encodeMessage({ headers: {}, payload: utf8('def') })]);
  const [a, b] = new EventStreamDecoder().push(bytes);
  assert.is(a!.payload.buffer, bytes.buffer);
  assert.is(b!.payload.buffer, bytes.buffer);
  assert.is(text(b!.payload), 'def');
});

decoder('EventStreamDecoder :: a 4 MB message in 1 KB chunks is collected into one buffer of its length', () => {
  const payload = randomBytes(rng(1), 4 * 1024 * 1024);
  const bytes = encodeMessage({ headers: { ':event-type': 'big' }, payload });
  const [m, ...rest] = decodeChunks(chunked(bytes, 1024));
  assert.is(rest.length, 0);
  assert.is(m!.payload.buffer.byteLength, bytes.length, 'one preallocated buffer of total_length, never re-concatenated');
  assert.ok(m!.payload.length === payload.length && m!.payload.every((x, i) => x === payload[i]), 'payload intact');
});

decoder('EventStreamDecoder :: the real and synthesized Bedrock chunk frames decode', () => {
  for (const name of ['bedrock-chunk-ai21-sdk-test.bin', 'bedrock-chunk-ai21-sdk-test-2.bin']) {
    const [m, ...rest] = decodeAll(bedrock[name] as Uint8Array);
    assert.is(rest.length, 0, name);
    assert.is(m!.headers[':event-type'], 'chunk', name);
    assert.is(m!.headers[':message-type'], 'event', name);
    assert.is(m!.headers[':content-type'], 'application/json', name);
    const body = JSON.parse(text(m!.payload)) as { bytes: string };
    assert.type(JSON.parse(text(fromB64(body.bytes))), 'object', `${name}: payload.bytes is base64 JSON`);
  }
});

decoder('EventStreamDecoder :: invoke-stream-*.bin decode to the events of their .json', () => {
  for (const name of ['invoke-stream-claude', 'invoke-stream-thinking']) {
    const expected = (bedrock[`${name}.json`] as { frames: unknown[] }).frames;
    const messages = decodeAll(bedrock[`${name}.bin`] as Uint8Array);
    assert.is(messages.length, expected.length, name);
    messages.forEach((m, i) => {
      assert.is(m.headers[':event-type'], 'chunk');
      const body = JSON.parse(text(m.payload)) as { bytes: string; p?: string };
      assert.equal(JSON.parse(text(fromB64(body.bytes))), expected[i], `${name} frame ${i}`);
    });
  }
});

decoder('EventStreamDecoder :: converse-stream.bin decodes to the events of converse-stream.json', () => {
  const expected = bedrock['converse-stream.json'] as Array<{ 'event-type': string; payload: unknown }>;
  const messages = decodeAll(bedrock['converse-stream.bin'] as Uint8Array);
  assert.is(messages.length, expected.length);
  messages.forEach((m, i) => {
    assert.is(m.headers[':message-type'], 'event');
    assert.is(m.headers[':event-type'], expected[i]!['event-type']);
    assert.equal(JSON.parse(text(m.payload)), expected[i]!.payload);
  });
});

decoder('EventStreamDecoder :: exception-*.bin frames carry :exception-type and a message', () => {
  const names = Object.keys(bedrock).filter((n) => n.startsWith('exception-'));
  assert.ok(names.length >= 6);
  for (const name of names) {
    const [m] = decodeAll(bedrock[name] as Uint8Array);
    const type = name.slice('exception-'.length, -'.bin'.length);
    assert.is(m!.headers[':message-type'], 'exception', name);
    assert.is(m!.headers[':exception-type'], `${type}Exception`.replace('ExceptionException', 'Exception'), name);
    assert.type((JSON.parse(text(m!.payload)) as { message: string }).message, 'string', name);
  }
});

decoder('EventStreamDecoder :: total_length below 16 fails at the prelude', () => {
  for (const total of [0, 1, 12, 15]) streamError(() => new EventStreamDecoder().push(prelude(total, 0)), `length ${total}`, '16');
});

decoder('EventStreamDecoder :: headers_length beyond the message fails at the prelude', () => {
  streamError(() => new EventStreamDecoder().push(prelude(100, 85)), 'headers length 85', '84');
  streamError(() => new EventStreamDecoder().push(prelude(16, 1)), 'headers length 1', '0');
  streamError(() => new EventStreamDecoder().push(prelude(20, 0xffffffff)), 'headers length 4294967295');
  assert.equal(new EventStreamDecoder().push(prelude(100, 84)), [], 'the largest valid headers_length waits for the rest');
});

decoder('EventStreamDecoder :: a message over the cap fails from its prelude alone, expected vs actual', () => {
  streamError(() => new EventStreamDecoder().push(prelude(24 * 1024 * 1024 + 1, 0)), `${24 * 1024 * 1024 + 1}`, `${24 * 1024 * 1024}`);
  streamError(() => new EventStreamDecoder().push(prelude(0xffffffff, 0)), '4294967295');
  const m = encodeMessage({ headers: {}, payload: new Uint8Array(84) });
  streamError(() => new EventStreamDecoder({ maxMessageBytes: 99 }).push(m), 'length 100', '99');
  assert.is(new EventStreamDecoder({ maxMessageBytes: 100 }).push(m).length, 1);
  assert.is(new EventStreamDecoder().push(prelude(24 * 1024 * 1024, 0)).length, 0, 'exactly the default cap is accepted');
});

decoder('EventStreamDecoder :: a stream that ends inside a message fails on end()', () => {
  const m = encodeMessage({ headers: { a: 'b' }, payload: utf8('payload') });
  for (const cut of [1, 5, 11, 12, 13, m.length - 1]) {
    const d = new EventStreamDecoder();
    d.push(m.subarray(0, cut));
    streamError(() => d.end(), 'ended', `${cut}`);
  }
  const d = new EventStreamDecoder();
  d.push(m);
  d.end();
});

decoder('EventStreamDecoder :: a corrupt prelude or message CRC fails before the message is used', () => {
  const m = encodeMessage({ headers: { a: 'b' }, payload: utf8('payload') });
  for (let i = 0; i < m.length; i++) {
    const bad = m.slice();
    bad[i] ^= 0x10;
    const e = streamError(() => decodeAll(bad));
    assert.match(e.message, i < 12 ? /Prelude checksum mismatch|length/ : /Message checksum mismatch/, `byte ${i}`);
  }
});

decoder('EventStreamDecoder :: checksum errors say what was expected and what was computed', () => {
  const m = encodeMessage({ headers: {}, payload: utf8('x') });
  const good = new DataView(m.buffer).getUint32(m.length - 4);
  m[m.length - 5] ^= 1;
  streamError(() => decodeAll(m), 'Message checksum mismatch', `expected ${good}`, `computed ${crc32(m.subarray(0, m.length - 4))}`);
});

decoder('EventStreamDecoder :: truncated and invalid headers are StreamErrors (CRCs valid)', () => {
  const name = [1, 0x61];
  const cases: Array<[string, number[]]> = [
    ['unknown type 10', [...name, 10]],
    ['unknown type 255', [...name, 255]],
    ['name longer than the headers', [200, 0x61, 0x62]],
    ['name without a type byte', [...name]],
    ['byte without its value', [...name, 2]],
    ['short cut', [...name, 3, 1]],
    ['integer cut', [...name, 4, 1, 2, 3]],
    ['long cut', [...name, 5, 1, 2, 3, 4, 5, 6, 7]],
    ['string length prefix cut', [...name, 7, 0]],
    ['string longer than the headers', [...name, 7, 0, 5, 0x61]],
    ['bytes longer than the headers', [...name, 6, 255, 255]],
    ['timestamp cut', [...name, 8, 0, 0]],
    ['uuid cut', [...name, 9, ...new Array(15).fill(1)]],
    ['second header cut', [...name, 0, 1]],
  ];
  for (const [what, headers] of cases) {
    const bytes = frame(headers, utf8('payload'));
    streamError(() => decodeAll(bytes), 'header');
    streamError(() => decodeChunks(chunked(bytes, 1)), 'header');
    assert.ok(true, what);
  }
});

decoder('EventStreamDecoder :: a header named __proto__ cannot replace the prototype', () => {
  const bytes = frame([9, ...utf8('__proto__'), 6, 0, 1, 0xaa, 1, 0x61, 7, 0, 1, 0x62]);
  const [m] = decodeAll(bytes);
  assert.is(Object.getPrototypeOf(m!.headers), Object.prototype);
  assert.is(m!.headers['a'], 'b');
});

decoder('EventStreamDecoder :: decoded headers are fresh objects each time', () => {
  const bytes = encodeMessage({ headers: { ':event-type': 'chunk', n: 1 }, payload: new Uint8Array(0) });
  const [a] = decodeAll(bytes);
  a!.headers[':event-type'] = 'changed';
  const [b] = decodeAll(bytes);
  assert.is(b!.headers[':event-type'], 'chunk');
  assert.is.not(a!.headers, b!.headers);
});

decoder('EventStreamDecoder :: repeated headers with bytes or timestamp values are never shared between messages', () => {
  const bytes = encodeMessage({ headers: { b: Uint8Array.of(1, 2), d: new Date(5), s: 'x' }, payload: new Uint8Array(0) });
  const [a, b] = decodeAll(concat([bytes, bytes]));
  assert.equal(a!.headers, b!.headers);
  assert.is.not(a!.headers['b'], b!.headers['b']);
  assert.is.not(a!.headers['d'], b!.headers['d']);
});

decoder('EventStreamDecoder :: header blocks of 3 to 12 bytes that differ in any one byte are never taken for the last one', () => {
  for (let length = 3; length <= 12; length++) {
    // One header "h": string of length - 5 bytes (1 + 1 + 1 + 2 + value), or a bool (3 bytes).
    const block = (flip: number): Uint8Array => {
      if (length === 3) return Uint8Array.from([1, 0x68, flip < 0 ? 0 : 1]);
      const value = Array.from({ length: length - 5 }, (_, i) => 0x61 + (i === flip - 5 ? 1 : 0));
      return Uint8Array.from([1, 0x68, 7, 0, length - 5, ...value]);
    };
    const base = block(-1);
    for (let flip = 0; flip < length; flip++) {
      const other = block(flip);
      if (other.every((x, i) => x === base[i])) continue;
      const messages = decodeAll(concat([frame(base), frame(other), frame(base), frame(base), frame(other)]));
      const expected = [base, other, base, base, other].map((b) => decodeAll(frame(b))[0]!.headers);
      assert.equal(messages.map((m) => m.headers), expected, `${length}-byte block, byte ${flip} differs`);
      assert.is.not(messages[0]!.headers['h'], messages[1]!.headers['h'], `${length}-byte block, byte ${flip}`);
    }
  }
});

decoder('EventStreamDecoder :: small messages split across chunks share an allocation, payloads intact and independent', () => {
  const r = rng(11);
  const payloads = Array.from({ length: 200 }, (_, i) => randomBytes(r, 50 + (i % 150)));
  const bytes = concat(payloads.map((payload, i) => encodeMessage({ headers: { ':event-type': 'chunk', n: i }, payload })));
  const chunks = chunked(bytes, 97);
  const messages = decodeChunks(chunks);
  assert.equal(messages.map((m) => m.payload), payloads);
  assert.equal(messages.map((m) => m.headers['n']), payloads.map((_, i) => i));
  const split = messages.filter((m) => !chunks.some((c) => c.buffer === m.payload.buffer));
  assert.ok(split.length > 100, `${split.length} messages were split`);
  const buffers = new Set(split.map((m) => m.payload.buffer));
  assert.ok(buffers.size < split.length / 10, `${split.length} split messages in ${buffers.size} allocations`);
  for (const b of buffers) assert.ok(b.byteLength <= 16384, `an allocation of ${b.byteLength} bytes`);
  split[0]!.payload.fill(0);
  assert.equal(split[1]!.payload, payloads[messages.indexOf(split[1]!)], 'writing one payload leaves the next one alone');
});

decoder('EventStreamDecoder :: split messages allocate no more than a small cap', () => {
  const payloads = Array.from({ length: 30 }, (_, i) => new Uint8Array(60).fill(i));
  const bytes = concat(payloads.map((payload) => encodeMessage({ headers: {}, payload })));
  const messages = decodeChunks(chunked(bytes, 7), { maxMessageBytes: 100 });
  assert.equal(messages.map((m) => m.payload), payloads);
  for (const m of messages) assert.ok(m.payload.buffer.byteLength <= 100, `an allocation of ${m.payload.buffer.byteLength} bytes`);
  // A cap below the prelude's 12 bytes still fails as a StreamError, whole or in pieces.
  streamError(() => decodeChunks([bytes], { maxMessageBytes: 5 }), 'length 76', 'expected 16 to 5');
  streamError(() => decodeChunks(chunked(bytes, 3), { maxMessageBytes: 5 }), 'length 76');
  const d = new EventStreamDecoder({ maxMessageBytes: 5 });
  d.push(bytes.subarray(0, 5));
  streamError(() => d.end(), 'ended', 'got 5 of 12');
});

decoder('EventStreamDecoder :: a chunk that is not a Uint8Array is a ValidationError', () => {
  const cases: Array<[unknown, string]> = [['a string', 'string'], [[0, 0, 0, 16], 'Array'], [new ArrayBuffer(16), 'ArrayBuffer'], [null, 'null'], [undefined, 'undefined']];
  for (const [chunk, got] of cases) {
    const d = new EventStreamDecoder();
    try {
      d.push(chunk as Uint8Array);
      assert.unreachable(`${got} should be rejected`);
    } catch (e) {
      assert.instance(e, ValidationError, got);
      assert.is((e as ValidationError).field, 'chunk');
      assert.is((e as Error).message, `event stream: expected a Uint8Array chunk, got ${got}`);
    }
    // nothing was consumed: the decoder still reads a whole stream
    assert.equal(d.push(everything), decodeAll(everything));
  }
});

decoder.run();

// ------------------------------------------------------------------------------- decodeEventStream

const stream = suite('decodeEventStream');

stream('decodeEventStream :: ReadableStream and AsyncIterable give the same messages as the decoder', async () => {
  const whole = decodeAll(everything);
  assert.equal(await collect(streamOf(chunked(everything, 100))), whole);
  assert.equal(await collect(iterate(chunked(everything, 7))), whole);
  assert.equal(await collect(iterate([everything])), whole);
  assert.equal(await collect(iterate([])), []);
});

stream('decodeEventStream :: a truncated stream is a StreamError', async () => {
  for (const source of [streamOf([everything.subarray(0, 100)]), iterate([everything.subarray(0, 100)])]) {
    try {
      await collect(source);
      assert.unreachable('should throw');
    } catch (e) {
      assert.instance(e, StreamError);
      assert.match((e as Error).message, /ended inside a message/);
    }
  }
});

stream('decodeEventStream :: a corrupt frame is a StreamError and the source is cancelled', async () => {
  let cancelled: unknown = 'no';
  const bad = (vectors.encoded.negative['corrupted_payload'] as Uint8Array).slice();
  const source = new ReadableStream<Uint8Array>({
    pull(controller) {
      controller.enqueue(bad);
    },
    cancel(reason) {
      cancelled = reason;
    },
  });
  try {
    await collect(source);
    assert.unreachable('should throw');
  } catch (e) {
    assert.instance(e, StreamError);
    assert.match((e as Error).message, /Message checksum mismatch/);
  }
  assert.is.not(cancelled, 'no', 'the stream was cancelled');
});

stream('decodeEventStream :: the cap option reaches the decoder', async () => {
  const m = encodeMessage({ headers: {}, payload: new Uint8Array(100) });
  try {
    await collect(iterate([m]), { maxMessageBytes: 50 });
    assert.unreachable('should throw');
  } catch (e) {
    assert.instance(e, StreamError);
    assert.match((e as Error).message, /116/);
  }
});

stream('decodeEventStream :: breaking out early cancels the ReadableStream', async () => {
  let cancels = 0, pulls = 0;
  const message = encodeMessage({ headers: { ':event-type': 'chunk' }, payload: utf8('tick') });
  const source = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulls++;
      controller.enqueue(message);
    },
    cancel() {
      cancels++;
    },
  });
  let seen = 0;
  for await (const m of decodeEventStream(source)) {
    assert.is(text(m.payload), 'tick');
    if (++seen === 3) break;
  }
  await new Promise((r) => setTimeout(r, 0));
  assert.is(cancels, 1, 'cancelled once');
  assert.ok(pulls < 10, `stopped pulling (${pulls} pulls)`);
  assert.not.ok(source.locked && false);
});

stream('decodeEventStream :: breaking out early returns the async iterator', async () => {
  let finished = false, produced = 0;
  const message = encodeMessage({ headers: {}, payload: utf8('x') });
  async function* endless(): AsyncGenerator<Uint8Array> {
    try {
      for (;;) {
        produced++;
        yield message;
      }
    } finally {
      finished = true;
    }
  }
  let seen = 0;
  for await (const _ of decodeEventStream(endless())) if (++seen === 2) break;
  assert.ok(finished, 'the source generator ran its finally');
  assert.ok(produced <= 3, `${produced} chunks produced`);
});

stream('decodeEventStream :: calling return() on the generator cancels the stream', async () => {
  let cancels = 0;
  const source = new ReadableStream<Uint8Array>({
    pull(controller) {
      controller.enqueue(encodeMessage({ headers: {}, payload: utf8('y') }));
    },
    cancel() {
      cancels++;
    },
  });
  const it = decodeEventStream(source);
  assert.is(text((await it.next()).value!.payload), 'y');
  assert.equal(await it.return(undefined), { done: true, value: undefined });
  await new Promise((r) => setTimeout(r, 0));
  assert.is(cancels, 1);
  assert.equal(await it.next(), { done: true, value: undefined });
});

stream('decodeEventStream :: concurrent next() calls resolve in order, none lost', async () => {
  const whole = decodeAll(everything);
  const it = decodeEventStream(iterate(chunked(everything, 33)));
  const results = await Promise.all(Array.from({ length: whole.length + 2 }, () => it.next()));
  assert.equal(results.slice(0, whole.length).map((r) => r.value), whole);
  assert.equal(results.slice(whole.length), [{ done: true, value: undefined }, { done: true, value: undefined }]);
});

stream('decodeEventStream :: return() while a read is pending cancels the stalled stream', async () => {
  let cancels = 0;
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encodeMessage({ headers: {}, payload: utf8('one') }));
    },
    cancel() {
      cancels++;
    },
  });
  const it = decodeEventStream(source);
  assert.is(text((await it.next()).value!.payload), 'one');
  const stalled = it.next();
  assert.equal(await it.return(undefined), { done: true, value: undefined });
  assert.equal(await stalled, { done: true, value: undefined }, 'the pending next() ends without a spurious error');
  assert.is(cancels, 1);
});

stream('decodeEventStream :: throw() cancels the source and rethrows', async () => {
  let cancels = 0;
  const source = new ReadableStream<Uint8Array>({
    pull(controller) {
      controller.enqueue(encodeMessage({ headers: {}, payload: utf8('z') }));
    },
    cancel() {
      cancels++;
    },
  });
  const it = decodeEventStream(source);
  await it.next();
  const reason = new Error('consumer failed');
  try {
    await it.throw(reason);
    assert.unreachable('should rethrow');
  } catch (e) {
    assert.is(e, reason);
  }
  assert.is(cancels, 1);
  assert.equal(await it.next(), { done: true, value: undefined });
});

stream('decodeEventStream :: a source that fails is cleaned up and its error surfaces', async () => {
  let returned = false;
  const boom = new Error('socket reset');
  async function* failing(): AsyncGenerator<Uint8Array> {
    try {
      yield encodeMessage({ headers: {}, payload: utf8('a') });
      throw boom;
    } finally {
      returned = true;
    }
  }
  const seen: string[] = [];
  try {
    for await (const m of decodeEventStream(failing())) seen.push(text(m.payload));
    assert.unreachable('should throw');
  } catch (e) {
    assert.is(e, boom);
  }
  assert.equal(seen, ['a']);
  assert.ok(returned);
});

stream('decodeEventStream :: return() before the first next() cancels the source', async () => {
  let cancels = 0;
  const source = new ReadableStream<Uint8Array>({
    cancel() {
      cancels++;
    },
  });
  const it = decodeEventStream(source);
  assert.equal(await it.return(undefined), { done: true, value: undefined });
  assert.is(cancels, 1);
  assert.equal(await it.next(), { done: true, value: undefined });
});

stream('decodeEventStream :: a sync iterable is read as for await reads it', async () => {
  const whole = decodeAll(everything);
  const parts = chunked(everything, 13);
  assert.equal(await collect(parts as unknown as AsyncIterable<Uint8Array>), whole);
  assert.equal(await collect([] as unknown as AsyncIterable<Uint8Array>), []);
  assert.equal(await collect(new Set(parts) as unknown as AsyncIterable<Uint8Array>), whole);
  // promises among the values are awaited, as for await does
  assert.equal(await collect(parts.map((p) => Promise.resolve(p)) as unknown as AsyncIterable<Uint8Array>), whole);
  // the for await reference
  const reference: EventStreamMessage[] = [];
  const d = new EventStreamDecoder();
  for await (const c of parts) reference.push(...d.push(c));
  assert.equal(whole, reference);
});

stream('decodeEventStream :: stopping early returns a sync iterator too', async () => {
  let finished = false;
  function* source(): Generator<Uint8Array> {
    try {
      for (;;) yield everything;
    } finally {
      finished = true;
    }
  }
  for await (const _ of decodeEventStream(source())) break;
  assert.ok(finished, 'the generator was returned');
  // a truncated sync source is a StreamError, as an async one
  try {
    await collect([everything.subarray(0, 100)] as unknown as AsyncIterable<Uint8Array>);
    assert.unreachable('should throw');
  } catch (e) {
    assert.instance(e, StreamError);
  }
});

stream('decodeEventStream :: a single Uint8Array (an iterable of numbers) is refused with a hint to put it in an array', () => {
  try {
    decodeEventStream(new Uint8Array(16) as unknown as Iterable<Uint8Array>);
    assert.unreachable('a bare Uint8Array should be rejected');
  } catch (e) {
    assert.instance(e, ValidationError);
    assert.is((e as Error).message, 'event stream: expected a ReadableStream or an (async) iterable of Uint8Array chunks (put a single Uint8Array in an array), got Uint8Array');
  }
});
stream('decodeEventStream :: a source that is neither a ReadableStream nor an iterable is a ValidationError', () => {
  const cases: Array<[unknown, string]> = [[42, 'number'], [null, 'null'], [undefined, 'undefined'], [{}, 'Object'], [Object.create(null), 'an object'], ['bytes', 'string'], [new ArrayBuffer(8), 'ArrayBuffer']];
  for (const [source, got] of cases) {
    try {
      decodeEventStream(source as AsyncIterable<Uint8Array>);
      assert.unreachable(`${got} should be rejected`);
    } catch (e) {
      assert.instance(e, ValidationError, got);
      assert.is((e as ValidationError).field, 'source');
      assert.is((e as Error).message, `event stream: expected a ReadableStream or an (async) iterable of Uint8Array chunks, got ${got}`);
    }
  }
});

stream('decodeEventStream :: a chunk that is not a Uint8Array is a ValidationError', async () => {
  for (const source of [[everything, 'more'], iterate([everything, 'more' as unknown as Uint8Array]), streamOf([everything, 'more' as unknown as Uint8Array])]) {
    const got: EventStreamMessage[] = [];
    try {
      for await (const m of decodeEventStream(source as AsyncIterable<Uint8Array>)) got.push(m);
      assert.unreachable('should throw');
    } catch (e) {
      assert.instance(e, ValidationError);
      assert.is((e as ValidationError).field, 'chunk');
    }
    assert.equal(got, decodeAll(everything), 'the messages before it arrive');
  }
});

stream.run();

// ------------------------------------------------------------------- differential vs @smithy/eventstream-codec

type SmithyHeader = { type: string; value: unknown };
const smithy = new EventStreamCodec(toUtf8, fromUtf8);
const int64 = (n: bigint): Int64 => {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigInt64(0, n);
  return new Int64(bytes);
};

/** A random header of every type in turn, as our input, smithy's input and the decoded value. */
function randomHeaders(r: () => number, count: number): { ours: Record<string, HeaderInput>; theirs: Record<string, SmithyHeader>; decoded: Record<string, HeaderValue> } {
  const ours: Record<string, HeaderInput> = {}, theirs: Record<string, SmithyHeader> = {}, decoded: Record<string, HeaderValue> = {};
  const int = (bits: number): number => Math.floor(r() * 2 ** bits) - 2 ** (bits - 1);
  for (let i = 0; i < count; i++) {
    const name = `${['h', ':event-type', 'ü-名前', 'x'.repeat(200)][i % 4]}${i}`;
    const kind = TYPES[(i + Math.floor(r() * 10)) % 10]!;
    let value: HeaderValue, smithyValue: unknown;
    switch (kind) {
      case 'boolean': value = smithyValue = r() < 0.5; break;
      case 'byte': value = smithyValue = int(8); break;
      case 'short': value = smithyValue = int(16); break;
      case 'integer': value = smithyValue = int(32); break;
      case 'long': value = BigInt.asIntN(64, BigInt(int(32)) * 2n ** 32n + BigInt(int(32))); smithyValue = int64(value); break;
      case 'binary': value = smithyValue = randomBytes(r, Math.floor(r() * 300)); break;
      case 'string': value = smithyValue = Array.from({ length: Math.floor(r() * 40) }, () => String.fromCodePoint(r() < 0.8 ? 32 + Math.floor(r() * 95) : 0x80 + Math.floor(r() * 0x2000))).join(''); break;
      case 'timestamp': value = smithyValue = new Date(Math.floor((r() - 0.5) * 4e12)); break;
      default: value = smithyValue = uuid(randomBytes(r, 16));
    }
    ours[name] = { type: kind, value } as HeaderInput;
    theirs[name] = { type: kind, value: smithyValue };
    decoded[name] = value;
  }
  return { ours, theirs, decoded };
}

/** smithy's decoded headers in our representation. */
function fromSmithy(headers: Record<string, SmithyHeader>): Record<string, HeaderValue> {
  return Object.fromEntries(
    Object.entries(headers).map(([k, { type, value }]) => [k, type === 'long' ? new DataView((value as Int64).bytes.buffer, (value as Int64).bytes.byteOffset, 8).getBigInt64(0) : (value as HeaderValue)]),
  );
}

const diff = suite('differential');

diff('differential :: ours encode → smithy decode, every header type, 300 messages', () => {
  const r = rng(2024);
  for (let i = 0; i < 300; i++) {
    const { ours, decoded } = randomHeaders(r, i % 25);
    const payload = randomBytes(r, Math.floor(r() * 2000));
    const bytes = encodeMessage({ headers: ours, payload });
    const theirs = smithy.decode(bytes);
    assert.equal(fromSmithy(theirs.headers as Record<string, SmithyHeader>), decoded, `message ${i}`);
    assert.equal(new Uint8Array(theirs.body), payload, `message ${i} body`);
  }
});

diff('differential :: smithy encode → ours decode, every header type, 300 messages', () => {
  const r = rng(4202);
  for (let i = 0; i < 300; i++) {
    const { theirs, decoded } = randomHeaders(r, i % 25);
    const payload = randomBytes(r, Math.floor(r() * 2000));
    const bytes = smithy.encode({ headers: theirs as never, body: payload });
    const [m, ...rest] = decodeChunks(chunked(bytes, 1 + (i % 97)));
    assert.is(rest.length, 0);
    assert.equal(m!.headers, decoded, `message ${i}`);
    assert.equal(m!.payload, payload, `message ${i} payload`);
  }
});

diff('differential :: ours and smithy encode identical bytes for the same headers', () => {
  const r = rng(99);
  for (let i = 0; i < 200; i++) {
    const { ours, theirs } = randomHeaders(r, i % 20);
    const payload = randomBytes(r, Math.floor(r() * 500));
    assert.is(hex(encodeMessage({ headers: ours, payload })), hex(smithy.encode({ headers: theirs as never, body: payload })), `message ${i}`);
  }
});

diff('differential :: smithy rejects what ours rejects (corrupted messages)', () => {
  const r = rng(5);
  for (let i = 0; i < 200; i++) {
    const { ours } = randomHeaders(r, 3);
    const bytes = encodeMessage({ headers: ours, payload: randomBytes(r, 50) });
    bytes[Math.floor(r() * bytes.length)] ^= 1 << Math.floor(r() * 8);
    assert.throws(() => smithy.decode(bytes));
    streamError(() => decodeAll(bytes));
  }
});

diff.run();
