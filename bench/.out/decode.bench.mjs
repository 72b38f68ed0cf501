// bench/decode.bench.ts
import { EventStreamMarshaller } from "@smithy/eventstream-serde-universal";
import { fromUtf8, toUtf8 } from "@smithy/util-utf8";

// lib/crc32.ts
var POLYNOMIAL = 3988292384;
var VIEW_CACHE_LIMIT = 1 << 20;
var T;
var LITTLE_ENDIAN = false;
var viewBuffer;
var view;
function tables() {
  const t = new Int32Array(4096);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? POLYNOMIAL ^ c >>> 1 : c >>> 1;
    t[n] = c;
  }
  for (let n = 256; n < 4096; n++) t[n] = t[n - 256] >>> 8 ^ t[t[n - 256] & 255];
  LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;
  return t;
}
function words(buffer) {
  if (buffer === viewBuffer) return view;
  const w = new Int32Array(buffer, 0, buffer.byteLength >>> 2);
  if (buffer.byteLength <= VIEW_CACHE_LIMIT) viewBuffer = buffer, view = w;
  return w;
}
function crc32(bytes, previous = 0, start = 0, end = bytes.length) {
  const t = T ??= tables();
  let c = ~previous;
  let i = start;
  if (LITTLE_ENDIAN && end - i >= 32) {
    for (; bytes.byteOffset + i & 3; i++) c = t[(c ^ bytes[i]) & 255] ^ c >>> 8;
    const w = words(bytes.buffer), n = end - i >>> 4 << 2;
    let j = bytes.byteOffset + i >>> 2;
    if (j + n <= w.length) {
      for (const last = j + n; j < last; j += 4) {
        c ^= w[j];
        const a = w[j + 1], b = w[j + 2], d = w[j + 3];
        c = t[3840 + (c & 255)] ^ t[3584 + (c >>> 8 & 255)] ^ t[3328 + (c >>> 16 & 255)] ^ t[3072 + (c >>> 24)] ^ t[2816 + (a & 255)] ^ t[2560 + (a >>> 8 & 255)] ^ t[2304 + (a >>> 16 & 255)] ^ t[2048 + (a >>> 24)] ^ t[1792 + (b & 255)] ^ t[1536 + (b >>> 8 & 255)] ^ t[1280 + (b >>> 16 & 255)] ^ t[1024 + (b >>> 24)] ^ t[768 + (d & 255)] ^ t[512 + (d >>> 8 & 255)] ^ t[256 + (d >>> 16 & 255)] ^ t[d >>> 24];
      }
      i += n << 2;
    }
  }
  for (; i < end; i++) c = t[(c ^ bytes[i]) & 255] ^ c >>> 8;
  return ~c >>> 0;
}

// lib/errors.ts
var ProviderError = class extends Error {
  name = "ProviderError";
  provider = "bedrock";
  code;
  status;
  model;
  requestId;
  retryable;
  constructor(message2, fields = {}) {
    super(message2, fields.cause === void 0 ? void 0 : { cause: fields.cause });
    this.code = fields.code ?? "ProviderError";
    this.status = fields.status;
    this.model = fields.model;
    this.requestId = fields.requestId;
    this.retryable = fields.retryable ?? false;
  }
};
var AuthenticationError = class extends ProviderError {
  name = "AuthenticationError";
  constructor(detail, fields = {}) {
    super(`authentication failed for provider "bedrock": ${detail}`, { code: "AuthenticationError", ...fields });
  }
};
var RateLimitError = class extends ProviderError {
  name = "RateLimitError";
  retryAfter;
  constructor(fields = {}) {
    const detail = fields.detail ? `: ${fields.detail}` : "";
    super(`rate limit exceeded for provider "bedrock"${detail}`, { code: "ThrottlingException", retryable: true, ...fields });
    this.retryAfter = fields.retryAfter;
  }
};
var ContextLengthError = class extends ProviderError {
  name = "ContextLengthError";
  requestTokens;
  maxTokens;
  constructor(fields = {}) {
    const detail = fields.detail ? `: ${fields.detail}` : "";
    super(`context length exceeded for provider "bedrock" model "${fields.model ?? ""}"${detail}`, {
      code: "ValidationException",
      ...fields
    });
    this.requestTokens = fields.requestTokens;
    this.maxTokens = fields.maxTokens;
  }
};
var ModelNotFoundError = class extends ProviderError {
  name = "ModelNotFoundError";
  constructor(detail, fields = {}) {
    super(`model not found for provider "bedrock" model "${fields.model ?? ""}": ${detail}`, {
      code: "ResourceNotFoundException",
      ...fields
    });
  }
};
var ValidationError = class extends ProviderError {
  name = "ValidationError";
  field;
  constructor(message2, fields = {}) {
    super(message2, { code: "ValidationError", ...fields });
    this.field = fields.field;
  }
};
var TimeoutError = class extends ProviderError {
  name = "TimeoutError";
  constructor(message2, fields = {}) {
    super(message2, { code: "TimeoutError", ...fields });
  }
};
var StreamError = class extends ProviderError {
  name = "StreamError";
  constructor(message2, fields = {}) {
    super(message2, { code: "StreamError", ...fields });
  }
};
var is = (C, name) => (error) => error instanceof C && error.name === name;
var isAuthenticationError = is(AuthenticationError, "AuthenticationError");
var isRateLimitError = is(RateLimitError, "RateLimitError");
var isContextLengthError = is(ContextLengthError, "ContextLengthError");
var isModelNotFoundError = is(ModelNotFoundError, "ModelNotFoundError");
var isValidationError = is(ValidationError, "ValidationError");
var isTimeoutError = is(TimeoutError, "TimeoutError");
var isStreamError = is(StreamError, "StreamError");

// lib/eventstream.ts
var PRELUDE_LENGTH = 12;
var PRELUDE_CRC_OFFSET = 8;
var MESSAGE_CRC_LENGTH = 4;
var MINIMUM_MESSAGE_LENGTH = PRELUDE_LENGTH + MESSAGE_CRC_LENGTH;
var MAX_MESSAGE_LENGTH = 24 * 1024 * 1024;
var MAX_HEADER_NAME_LENGTH = 255;
var MAX_HEADER_VALUE_LENGTH = 65535;
var TYPES = ["boolean", "boolean", "byte", "short", "integer", "long", "binary", "string", "timestamp", "uuid"];
var BYTES = 6;
var STRING = 7;
var TIMESTAMP = 8;
var UUID = 9;
var VALUE_SIZE = [0, 0, 1, 2, 4, 8, 2, 2, 8, 16];
var PLAIN = { boolean: "boolean", number: "integer", bigint: "long", string: "string" };
var utf8Encoder;
var utf8Decoder;
var utf8 = (s) => (utf8Encoder ??= new TextEncoder()).encode(s);
var text = (b, start, end) => (utf8Decoder ??= new TextDecoder()).decode(b.subarray(start, end));
var u32 = (b, i) => (b[i] << 24 | b[i + 1] << 16 | b[i + 2] << 8 | b[i + 3]) >>> 0;
var fail = (message2) => {
  throw new StreamError(message2);
};
function header(out, name, input) {
  const h = input instanceof Uint8Array ? { type: "binary", value: input } : input instanceof Date ? { type: "timestamp", value: input } : typeof input == "object" ? input : { type: PLAIN[typeof input], value: input };
  const type = TYPES.indexOf(h?.type), key = utf8(name);
  const value = h?.value;
  try {
    if (type < 0 || !key.length || key.length > MAX_HEADER_NAME_LENGTH) throw 0;
    out.push(key.length, ...key, type || (value ? 0 : 1));
    if (type == BYTES || type == STRING) {
      const bytes = type == STRING ? utf8(value) : value;
      if (!(bytes instanceof Uint8Array) || bytes.length > MAX_HEADER_VALUE_LENGTH) throw 0;
      out.push(bytes.length >> 8, bytes.length & 255);
      for (const byte of bytes) out.push(byte);
    } else if (type == UUID) {
      if (!/^[\da-f]{8}-([\da-f]{4}-){3}[\da-f]{12}$/i.test(value)) throw 0;
      for (const pair of value.replace(/-/g, "").match(/../g)) out.push(parseInt(pair, 16));
    } else if (type > 1) {
      const bits = 8 * VALUE_SIZE[type], n = BigInt(value instanceof Date ? value.getTime() : value);
      if (BigInt.asIntN(bits, n) !== n) throw 0;
      for (let k = bits - 8; k >= 0; k -= 8) out.push(Number(n >> BigInt(k) & 255n));
    }
  } catch {
    throw new ValidationError(`event-stream header "${name}": expected a ${h?.type ?? "header"} value, got ${String(value)}`, { field: `headers.${name}` });
  }
}
function encodeMessage(message2) {
  const headers2 = [];
  for (const [name, value] of Object.entries(message2.headers)) header(headers2, name, value);
  const total = MINIMUM_MESSAGE_LENGTH + headers2.length + message2.payload.length;
  const out = new Uint8Array(total), view2 = new DataView(out.buffer);
  view2.setUint32(0, total);
  view2.setUint32(4, headers2.length);
  const preludeCrc = crc32(out, 0, 0, PRELUDE_CRC_OFFSET);
  view2.setUint32(PRELUDE_CRC_OFFSET, preludeCrc);
  out.set(headers2, PRELUDE_LENGTH);
  out.set(message2.payload, PRELUDE_LENGTH + headers2.length);
  view2.setUint32(total - MESSAGE_CRC_LENGTH, crc32(out, preludeCrc, PRELUDE_CRC_OFFSET, total - MESSAGE_CRC_LENGTH));
  return out;
}
function prelude(b, i, max) {
  const total = u32(b, i), headersLength = u32(b, i + 4), expected = u32(b, i + PRELUDE_CRC_OFFSET);
  const actual = crc32(b, 0, i, i + PRELUDE_CRC_OFFSET);
  if (actual !== expected) fail(`Prelude checksum mismatch: expected ${expected}, computed ${actual}`);
  if (total < MINIMUM_MESSAGE_LENGTH || total > max) fail(`event-stream message length ${total}: expected ${MINIMUM_MESSAGE_LENGTH} to ${max} bytes`);
  if (headersLength > total - MINIMUM_MESSAGE_LENGTH) fail(`event-stream headers length ${headersLength}: expected at most ${total - MINIMUM_MESSAGE_LENGTH} bytes`);
  return total;
}
function message(b, i, total) {
  const end = i + total - MESSAGE_CRC_LENGTH, expected = u32(b, end);
  const actual = crc32(b, u32(b, i + PRELUDE_CRC_OFFSET), i + PRELUDE_CRC_OFFSET, end);
  if (actual !== expected) fail(`Message checksum mismatch: expected ${expected}, computed ${actual}`);
  const payload = i + PRELUDE_LENGTH + u32(b, i + 4);
  return { headers: headers(b, i + PRELUDE_LENGTH, payload), payload: b.subarray(payload, end) };
}
var lastBlock;
var lastHeaders = {};
function headers(b, p, end) {
  const start = p, n = end - p, last = lastBlock;
  if (last?.length === n) {
    let k = 0;
    while (k < n && last[k] === b[p + k]) k++;
    if (k === n) return { ...lastHeaders };
  }
  const out = {};
  let plain = true;
  while (p < end) {
    const at = p + 1 + b[p];
    if (at >= end) fail(`event-stream header at byte ${p - start}: expected a name and a type in the ${end - start}-byte headers, got a ${b[p]}-byte name`);
    const name = text(b, p + 1, at), type = b[at], q = at + 1;
    if (!(type < 10)) fail(`event-stream header ${JSON.stringify(name)}: expected a type from 0 to 9, got ${type}`);
    let size = VALUE_SIZE[type];
    if ((type == BYTES || type == STRING) && q + 2 <= end) size += b[q] << 8 | b[q + 1];
    if (q + size > end) fail(`event-stream header ${JSON.stringify(name)} of type ${type}: expected ${size} value bytes, got ${end - q}`);
    const value = headerValue(b, type, q, q + size);
    plain &&= type != BYTES && type != TIMESTAMP;
    if (name != "__proto__") out[name] = value;
    p = q + size;
  }
  if (plain) lastBlock = b.slice(start, end), lastHeaders = { ...out };
  return out;
}
function headerValue(b, type, p, end) {
  if (type < 2) return type == 0;
  if (type == BYTES) return b.subarray(p + 2, end);
  if (type == STRING) return text(b, p + 2, end);
  let n = 0n, hex = "";
  for (let k = p; k < end; k++) n = n << 8n | BigInt(b[k]), hex += (b[k] + 256).toString(16).slice(1);
  if (type == UUID) return hex.replace(/(.{8})(.{4})(.{4})(.{4})/, "$1-$2-$3-$4-");
  n = BigInt.asIntN(8 * (end - p), n);
  return type == TIMESTAMP ? new Date(Number(n)) : type == 5 ? n : Number(n);
}
var EventStreamDecoder = class {
  #max;
  /** A partial prelude (12 bytes) or message (total_length bytes), `#filled` of it received. */
  #buffer;
  #filled = 0;
  /** `maxMessageBytes` caps total_length (default 24 MiB). */
  constructor(options = {}) {
    this.#max = options.maxMessageBytes ?? MAX_MESSAGE_LENGTH;
  }
  /** Feeds a chunk; returns the messages it completes, in order. */
  push(chunk) {
    const out = [];
    for (let i = 0, n = chunk.length, total; i < n; ) {
      const buffer = this.#buffer;
      if (buffer) {
        const take = Math.min(buffer.length - this.#filled, n - i);
        buffer.set(chunk.subarray(i, i += take), this.#filled);
        if ((this.#filled += take) < buffer.length) continue;
        this.#buffer = void 0;
        if (buffer.length > PRELUDE_LENGTH) out.push(message(buffer, 0, buffer.length));
        else this.#collect(buffer, 0, prelude(buffer, 0, this.#max));
      } else if (n - i < PRELUDE_LENGTH) this.#collect(chunk, i, PRELUDE_LENGTH), i = n;
      else if (n - i >= (total = prelude(chunk, i, this.#max))) out.push(message(chunk, i, total)), i += total;
      else this.#collect(chunk, i, total), i = n;
    }
    return out;
  }
  /** Starts a buffer of `size` bytes with what `b` holds from `i`. */
  #collect(b, i, size) {
    (this.#buffer = new Uint8Array(size)).set(b.subarray(i, i + size));
    this.#filled = Math.min(b.length - i, size);
  }
  /** Call at the end of the input: a `StreamError` if it stopped inside a message. */
  end() {
    const b = this.#buffer;
    if (b) fail(`event stream ended inside a message: got ${this.#filled} of ${b.length > PRELUDE_LENGTH ? b.length : "at least " + MINIMUM_MESSAGE_LENGTH} bytes`);
  }
};
function decodeEventStream(source2, options) {
  const decoder = new EventStreamDecoder(options);
  const reader = "getReader" in source2 ? source2.getReader() : void 0;
  const iterator = reader ? void 0 : source2[Symbol.asyncIterator]();
  let queue = [], at = 0, finished = false, pending;
  const done = () => ({ done: true, value: void 0 });
  const stop = async () => {
    if (!finished) {
      finished = true, queue = [];
      if (reader) reader.cancel().catch(() => {
      });
      else await iterator.return?.();
    }
    return done();
  };
  const fill = async () => {
    try {
      while (at >= queue.length) {
        if (finished) return done();
        const r = await (reader ? reader.read() : iterator.next());
        if (finished) return done();
        if (r.done) return finished = true, decoder.end(), done();
        queue = decoder.push(r.value), at = 0;
      }
      return { done: false, value: queue[at++] };
    } catch (e) {
      await stop();
      throw e;
    }
  };
  const self = {
    next() {
      if (!pending && at < queue.length) return Promise.resolve({ done: false, value: queue[at++] });
      const p = (pending ?? Promise.resolve()).then(fill, fill);
      const clear = () => void (pending === p && (pending = void 0));
      (pending = p).then(clear, clear);
      return p;
    },
    return: stop,
    async throw(e) {
      await stop();
      throw e;
    },
    [Symbol.asyncIterator]: () => self
  };
  return self;
}

// bench/harness.ts
var runtime = typeof globalThis.Deno !== "undefined" ? "deno" : typeof globalThis.Bun !== "undefined" ? "bun" : "node";
async function validate(contenders2, same) {
  for (const c of contenders2) {
    const v = await c.run();
    if (!same(v)) throw new Error(`contender "${c.name}" produced a wrong result; refusing to time it`);
  }
}
async function time(fn, ms) {
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 8; i++) await fn();
    n += 8;
    now = performance.now();
  }
  return n * 1e3 / (now - start);
}
async function measure(contenders2, { rounds = 5, ms = 300, warmup = 200 } = {}) {
  for (const c of contenders2) await time(c.run, warmup);
  const samples = new Map(contenders2.map((c) => [c.name, []]));
  for (let r = 0; r < rounds; r++) for (const c of contenders2) samples.get(c.name).push(await time(c.run, ms));
  const out = /* @__PURE__ */ new Map();
  for (const [name, s] of samples) out.set(name, s.sort((a, b) => a - b)[s.length >> 1]);
  return out;
}
function report(title, results2, ours, unit = "op", bytes) {
  const mine = results2.get(ours);
  console.log(`
${title} (${runtime})`);
  for (const [name, ops] of results2) {
    const mbs = bytes ? `  ${(ops * bytes / 1e6).toFixed(1)} MB/s` : "";
    const ratio = name === ours ? "" : `  ours is ${(mine / ops).toFixed(2)}x`;
    console.log(`  ${name.padEnd(34)} ${ops.toFixed(0).padStart(10)} ${unit}/s  ${(1e6 / ops).toFixed(2).padStart(9)} \xB5s/${unit}${mbs}${ratio}`);
  }
}

// bench/decode.bench.ts
var FRAMES = 5e3;
var enc = new TextEncoder();
var b64 = (s) => btoa(String.fromCharCode(...enc.encode(s)));
var payloads = [];
for (let i = 0; i < FRAMES; i++) {
  const event = JSON.stringify({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text: `token ${i} ` } });
  payloads.push(enc.encode(JSON.stringify({ bytes: b64(event), p: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ".slice(0, 10 + i % 27) })));
}
var frames = payloads.map(
  (payload) => encodeMessage({ headers: { ":event-type": "chunk", ":content-type": "application/json", ":message-type": "event" }, payload })
);
var body = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
frames.reduce((at, f) => (body.set(f, at), at + f.length), 0);
var split = (size) => {
  const out = [];
  for (let i = 0; i < body.length; i += size) out.push(body.slice(i, i + size));
  return out;
};
var chunks = { "4 KB": split(4096), "16 KB": split(16384) };
async function* source(list) {
  for (const c of list) yield c;
}
var smithy = new EventStreamMarshaller({ utf8Encoder: toUtf8, utf8Decoder: fromUtf8 });
var contenders = [];
for (const [label, list] of Object.entries(chunks)) {
  contenders.push(
    {
      // How provider.ts reads a response body: await each network chunk, decode its frames synchronously.
      name: `ours EventStreamDecoder, ${label}`,
      run: async () => {
        const d = new EventStreamDecoder();
        const out = [];
        for await (const c of source(list)) for (const m of d.push(c)) out.push(m.payload);
        d.end();
        return out;
      }
    },
    {
      // One await per message, like smithy's iterator.
      name: `ours decodeEventStream, ${label}`,
      run: async () => {
        const out = [];
        for await (const m of decodeEventStream(source(list))) out.push(m.payload);
        return out;
      }
    },
    {
      name: `smithy deserialize, ${label}`,
      run: async () => {
        const out = [];
        const events = smithy.deserialize(source(list), async (e) => e.chunk.body);
        for await (const p of events) out.push(p);
        return out;
      }
    }
  );
}
var equal = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
await validate(contenders, (v) => Array.isArray(v) && v.length === FRAMES && v.every((p, i) => equal(p, payloads[i])));
console.log(`${FRAMES} frames, ${body.length.toLocaleString("en")} bytes, ${(body.length / FRAMES).toFixed(0)} B/frame`);
var results = await measure(contenders, { rounds: 5, ms: 300 });
for (const label of Object.keys(chunks)) {
  const mine = new Map([...results].filter(([k]) => k.endsWith(label)));
  report(`decode, ${label} chunks`, mine, `ours EventStreamDecoder, ${label}`, "op", body.length);
  const smithyOps = mine.get(`smithy deserialize, ${label}`);
  for (const ours of [`ours EventStreamDecoder, ${label}`, `ours decodeEventStream, ${label}`]) {
    const ratio = mine.get(ours) / smithyOps;
    console.log(`  ${ours}: ${ratio.toFixed(1)}x smithy (target 15x) ${ratio >= 15 ? "OK" : "MISSED"}`);
  }
}
