// bench/stream.bench.ts
import { spawn } from "node:child_process";
import { BedrockRuntimeClient, InvokeModelWithResponseStreamCommand } from "@aws-sdk/client-bedrock-runtime";
import AnthropicBedrock from "@anthropic-ai/bedrock-sdk";

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
var RETRYABLE_STATUS = /* @__PURE__ */ new Set([408, 424, 429, 500, 502, 503, 504]);
var RETRYABLE_CODES = /* @__PURE__ */ new Set([
  "ThrottlingException",
  "ModelNotReadyException",
  "ServiceUnavailableException",
  "InternalServerException"
]);
var AUTH_CODES = /* @__PURE__ */ new Set([
  "UnrecognizedClientException",
  "InvalidSignatureException",
  "IncompleteSignatureException",
  "ExpiredTokenException",
  "AccessDeniedException",
  "MissingAuthenticationTokenException",
  "InvalidClientTokenId",
  "SignatureDoesNotMatch",
  "RequestTimeTooSkewed"
]);
var STREAM_STATUS = {
  ValidationException: 400,
  AccessDeniedException: 403,
  ResourceNotFoundException: 404,
  ModelTimeoutException: 408,
  ThrottlingException: 429,
  ModelStreamErrorException: 424,
  InternalServerException: 500,
  ServiceUnavailableException: 503
};
var PROMPT_TOO_LONG = /prompt is too long:\s*(\d+)\s*tokens?\s*>\s*(\d+)\s*maximum/i;
var CONTEXT_LIMIT = /input length and `?max_tokens`? exceed context limit:\s*(\d+)\s*\+\s*(\d+)\s*>\s*(\d+)/i;
var CONTEXT_OTHER = /too long|context (?:length|window|limit)|too many (?:input )?tokens in the prompt/i;
var MODEL_MISSING = /model identifier is invalid|could not resolve the foundation model|model .* (?:does not exist|is not supported)/i;
var MAX_DETAIL = 300;
function clean(text3) {
  const cut = text3.search(/\n\s*\n|The Canonical String for this request|The String-to-Sign/);
  const kept = (cut >= 0 ? text3.slice(0, cut) : text3).replace(/[\0-\x1f\x7f]+/g, " ").trim();
  return kept.length > MAX_DETAIL ? kept.slice(0, MAX_DETAIL) + "\u2026" : kept;
}
function parseRetryAfter(value, now = Date.now()) {
  if (!value) return void 0;
  if (/^\s*\d+(?:\.\d+)?\s*$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? void 0 : Math.max(0, Math.ceil((at - now) / 1e3));
}
function contextError(p, fields) {
  const a = PROMPT_TOO_LONG.exec(p.detail);
  if (a) return new ContextLengthError({ ...fields, requestTokens: Number(a[1]), maxTokens: Number(a[2]), detail: p.detail });
  const b = CONTEXT_LIMIT.exec(p.detail);
  if (b) return new ContextLengthError({ ...fields, requestTokens: Number(b[1]) + Number(b[2]), maxTokens: Number(b[3]), detail: p.detail });
  if (CONTEXT_OTHER.test(p.detail)) return new ContextLengthError({ ...fields, detail: p.detail });
  return void 0;
}
function classify(p) {
  const { code, status, detail } = p;
  const base = { status, model: p.model, requestId: p.requestId };
  const fields = code ? { ...base, code } : base;
  const validation2 = code === "ValidationException" || !code && status === 400;
  if (validation2) {
    const ctx = contextError(p, fields);
    if (ctx) return ctx;
    if (MODEL_MISSING.test(detail)) return new ModelNotFoundError(detail, fields);
  }
  if (code && AUTH_CODES.has(code) || status === 401 || status === 403) return new AuthenticationError(detail, fields);
  if (code === "ModelNotReadyException") {
    return new ProviderError(`model not ready for provider "bedrock" model "${p.model ?? ""}": ${detail}`, { ...fields, retryable: true });
  }
  if (code === "ServiceQuotaExceededException") return new RateLimitError({ ...fields, detail, retryable: false, retryAfter: p.retryAfter });
  if (code === "ThrottlingException" || code === "TooManyRequestsException" || status === 429) {
    return new RateLimitError({ ...fields, detail, retryAfter: p.retryAfter });
  }
  if (code === "ResourceNotFoundException" || status === 404) return new ModelNotFoundError(detail, fields);
  if (validation2) return new ValidationError(`request rejected by provider "bedrock": ${detail}`, { code: "ValidationException", ...fields });
  const retryable = code !== void 0 && RETRYABLE_CODES.has(code) || !p.stream && status !== void 0 && RETRYABLE_STATUS.has(status);
  const what = code ?? `HTTP ${status ?? "?"}`;
  return new ProviderError(`request failed for provider "bedrock" (${what}): ${detail}`, { ...fields, code: code ?? `HTTP${status ?? ""}`, retryable });
}
function errorType(headers2, json) {
  const header2 = headers2.get("x-amzn-errortype");
  const raw = header2 ?? (typeof json?.__type === "string" ? json.__type : typeof json?.code === "string" ? json.code : void 0);
  if (!raw) return void 0;
  const name = raw.split(":")[0];
  return name.slice(name.lastIndexOf("#") + 1).trim() || void 0;
}
function parseBody(body2) {
  try {
    const j = JSON.parse(body2);
    return typeof j === "object" && j !== null && !Array.isArray(j) ? j : void 0;
  } catch {
    return void 0;
  }
}
function errorFromResponse(status, headers2, body2, model) {
  const json = parseBody(body2);
  const message2 = json?.message ?? json?.Message;
  const code = errorType(headers2, json);
  const text3 = typeof message2 === "string" ? message2 : json ? "" : body2;
  const detail = clean(text3) || code || `HTTP ${status}`;
  const requestId = headers2.get("x-amzn-requestid") ?? headers2.get("x-amz-request-id") ?? void 0;
  return classify({ code, detail, status, model, requestId, retryAfter: parseRetryAfter(headers2.get("retry-after")) });
}
function errorFromException(type, message2, model) {
  const code = type ? type.charAt(0).toUpperCase() + type.slice(1) : "UnknownStreamException";
  const detail = clean(message2) || code;
  return classify({ code, detail, status: STREAM_STATUS[code], model, requestId: void 0, stream: true });
}

// lib/bytes.ts
var encoder = new TextEncoder();
var decoder = new TextDecoder("utf-8", { fatal: true });
var HEX = Array.from({ length: 256 }, (_, i) => (i < 16 ? "0" : "") + i.toString(16));
var B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
var B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) B64_INDEX[B64.charCodeAt(i)] = i;
var utf8 = (s) => encoder.encode(s);
function fromUtf8(b) {
  try {
    return decoder.decode(b);
  } catch {
    throw new ValidationError(`expected UTF-8 bytes, got an invalid sequence in ${b.length} bytes`);
  }
}
function toHex(b) {
  let s = "";
  for (let i = 0; i < b.length; i++) s += HEX[b[i]];
  return s;
}
function toBase64(b) {
  let s = "";
  const n = b.length - b.length % 3;
  for (let i = 0; i < n; i += 3) {
    const v = b[i] << 16 | b[i + 1] << 8 | b[i + 2];
    s += B64[v >> 18] + B64[v >> 12 & 63] + B64[v >> 6 & 63] + B64[v & 63];
  }
  if (b.length - n === 1) {
    const v = b[n];
    s += B64[v >> 2] + B64[(v & 3) << 4] + "==";
  } else if (b.length - n === 2) {
    const v = b[n] << 8 | b[n + 1];
    s += B64[v >> 10] + B64[v >> 4 & 63] + B64[(v & 15) << 2] + "=";
  }
  return s;
}
function fromBase64(s) {
  let end = s.length;
  if (end % 4 === 0 && s.charCodeAt(end - 1) === 61) end -= s.charCodeAt(end - 2) === 61 ? 2 : 1;
  if (end % 4 === 1) throw new ValidationError(`expected base64, got a length of ${s.length}`);
  const out = new Uint8Array(end * 3 >> 2);
  let acc = 0;
  let bits = 0;
  let j = 0;
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? B64_INDEX[c] : -1;
    if (v < 0) throw new ValidationError(`expected base64, got an invalid character at ${i}`);
    acc = (acc << 6 | v) & 16777215;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[j++] = acc >> bits & 255;
    }
  }
  return out;
}

// lib/sha256.ts
var SYNC_THRESHOLD = 4096;
var K = new Int32Array([
  1116352408,
  1899447441,
  3049323471,
  3921009573,
  961987163,
  1508970993,
  2453635748,
  2870763221,
  3624381080,
  310598401,
  607225278,
  1426881987,
  1925078388,
  2162078206,
  2614888103,
  3248222580,
  3835390401,
  4022224774,
  264347078,
  604807628,
  770255983,
  1249150122,
  1555081692,
  1996064986,
  2554220882,
  2821834349,
  2952996808,
  3210313671,
  3336571891,
  3584528711,
  113926993,
  338241895,
  666307205,
  773529912,
  1294757372,
  1396182291,
  1695183700,
  1986661051,
  2177026350,
  2456956037,
  2730485921,
  2820302411,
  3259730800,
  3345764771,
  3516065817,
  3600352804,
  4094571909,
  275423344,
  430227734,
  506948616,
  659060556,
  883997877,
  958139571,
  1322822218,
  1537002063,
  1747873779,
  1955562222,
  2024104815,
  2227730452,
  2361852424,
  2428436474,
  2756734187,
  3204031479,
  3329325298
]);
var IV = new Int32Array([
  1779033703,
  3144134277,
  1013904242,
  2773480762,
  1359893119,
  2600822924,
  528734635,
  1541459225
]);
var BLOCK = 64;
var W = new Int32Array(64);
var STATE = new Int32Array(8);
var TAIL = new Uint8Array(128);
var encoder2 = new TextEncoder();
var scratch = new Uint8Array(2048);
function compress(s) {
  const w = W;
  for (let i = 16; i < 64; i++) {
    const x = w[i - 15], y = w[i - 2];
    const s0 = (x >>> 7 | x << 25) ^ (x >>> 18 | x << 14) ^ x >>> 3;
    const s1 = (y >>> 17 | y << 15) ^ (y >>> 19 | y << 13) ^ y >>> 10;
    w[i] = (s1 + w[i - 7] | 0) + (s0 + w[i - 16] | 0) | 0;
  }
  let a = s[0], b = s[1], c = s[2], d = s[3], e = s[4], f = s[5], g2 = s[6], h = s[7], t = 0;
  t = (h + (((e >>> 6 | e << 26) ^ (e >>> 11 | e << 21) ^ (e >>> 25 | e << 7)) + (g2 ^ e & (f ^ g2)) | 0) | 0) + (w[0] + 1116352408 | 0) | 0;
  d = d + t | 0;
  h = t + (((a >>> 2 | a << 30) ^ (a >>> 13 | a << 19) ^ (a >>> 22 | a << 10)) + (a & b | c & (a | b)) | 0) | 0;
  t = (g2 + (((d >>> 6 | d << 26) ^ (d >>> 11 | d << 21) ^ (d >>> 25 | d << 7)) + (f ^ d & (e ^ f)) | 0) | 0) + (w[1] + 1899447441 | 0) | 0;
  c = c + t | 0;
  g2 = t + (((h >>> 2 | h << 30) ^ (h >>> 13 | h << 19) ^ (h >>> 22 | h << 10)) + (h & a | b & (h | a)) | 0) | 0;
  t = (f + (((c >>> 6 | c << 26) ^ (c >>> 11 | c << 21) ^ (c >>> 25 | c << 7)) + (e ^ c & (d ^ e)) | 0) | 0) + (w[2] + -1245643825 | 0) | 0;
  b = b + t | 0;
  f = t + (((g2 >>> 2 | g2 << 30) ^ (g2 >>> 13 | g2 << 19) ^ (g2 >>> 22 | g2 << 10)) + (g2 & h | a & (g2 | h)) | 0) | 0;
  t = (e + (((b >>> 6 | b << 26) ^ (b >>> 11 | b << 21) ^ (b >>> 25 | b << 7)) + (d ^ b & (c ^ d)) | 0) | 0) + (w[3] + -373957723 | 0) | 0;
  a = a + t | 0;
  e = t + (((f >>> 2 | f << 30) ^ (f >>> 13 | f << 19) ^ (f >>> 22 | f << 10)) + (f & g2 | h & (f | g2)) | 0) | 0;
  t = (d + (((a >>> 6 | a << 26) ^ (a >>> 11 | a << 21) ^ (a >>> 25 | a << 7)) + (c ^ a & (b ^ c)) | 0) | 0) + (w[4] + 961987163 | 0) | 0;
  h = h + t | 0;
  d = t + (((e >>> 2 | e << 30) ^ (e >>> 13 | e << 19) ^ (e >>> 22 | e << 10)) + (e & f | g2 & (e | f)) | 0) | 0;
  t = (c + (((h >>> 6 | h << 26) ^ (h >>> 11 | h << 21) ^ (h >>> 25 | h << 7)) + (b ^ h & (a ^ b)) | 0) | 0) + (w[5] + 1508970993 | 0) | 0;
  g2 = g2 + t | 0;
  c = t + (((d >>> 2 | d << 30) ^ (d >>> 13 | d << 19) ^ (d >>> 22 | d << 10)) + (d & e | f & (d | e)) | 0) | 0;
  t = (b + (((g2 >>> 6 | g2 << 26) ^ (g2 >>> 11 | g2 << 21) ^ (g2 >>> 25 | g2 << 7)) + (a ^ g2 & (h ^ a)) | 0) | 0) + (w[6] + -1841331548 | 0) | 0;
  f = f + t | 0;
  b = t + (((c >>> 2 | c << 30) ^ (c >>> 13 | c << 19) ^ (c >>> 22 | c << 10)) + (c & d | e & (c | d)) | 0) | 0;
  t = (a + (((f >>> 6 | f << 26) ^ (f >>> 11 | f << 21) ^ (f >>> 25 | f << 7)) + (h ^ f & (g2 ^ h)) | 0) | 0) + (w[7] + -1424204075 | 0) | 0;
  e = e + t | 0;
  a = t + (((b >>> 2 | b << 30) ^ (b >>> 13 | b << 19) ^ (b >>> 22 | b << 10)) + (b & c | d & (b | c)) | 0) | 0;
  t = (h + (((e >>> 6 | e << 26) ^ (e >>> 11 | e << 21) ^ (e >>> 25 | e << 7)) + (g2 ^ e & (f ^ g2)) | 0) | 0) + (w[8] + -670586216 | 0) | 0;
  d = d + t | 0;
  h = t + (((a >>> 2 | a << 30) ^ (a >>> 13 | a << 19) ^ (a >>> 22 | a << 10)) + (a & b | c & (a | b)) | 0) | 0;
  t = (g2 + (((d >>> 6 | d << 26) ^ (d >>> 11 | d << 21) ^ (d >>> 25 | d << 7)) + (f ^ d & (e ^ f)) | 0) | 0) + (w[9] + 310598401 | 0) | 0;
  c = c + t | 0;
  g2 = t + (((h >>> 2 | h << 30) ^ (h >>> 13 | h << 19) ^ (h >>> 22 | h << 10)) + (h & a | b & (h | a)) | 0) | 0;
  t = (f + (((c >>> 6 | c << 26) ^ (c >>> 11 | c << 21) ^ (c >>> 25 | c << 7)) + (e ^ c & (d ^ e)) | 0) | 0) + (w[10] + 607225278 | 0) | 0;
  b = b + t | 0;
  f = t + (((g2 >>> 2 | g2 << 30) ^ (g2 >>> 13 | g2 << 19) ^ (g2 >>> 22 | g2 << 10)) + (g2 & h | a & (g2 | h)) | 0) | 0;
  t = (e + (((b >>> 6 | b << 26) ^ (b >>> 11 | b << 21) ^ (b >>> 25 | b << 7)) + (d ^ b & (c ^ d)) | 0) | 0) + (w[11] + 1426881987 | 0) | 0;
  a = a + t | 0;
  e = t + (((f >>> 2 | f << 30) ^ (f >>> 13 | f << 19) ^ (f >>> 22 | f << 10)) + (f & g2 | h & (f | g2)) | 0) | 0;
  t = (d + (((a >>> 6 | a << 26) ^ (a >>> 11 | a << 21) ^ (a >>> 25 | a << 7)) + (c ^ a & (b ^ c)) | 0) | 0) + (w[12] + 1925078388 | 0) | 0;
  h = h + t | 0;
  d = t + (((e >>> 2 | e << 30) ^ (e >>> 13 | e << 19) ^ (e >>> 22 | e << 10)) + (e & f | g2 & (e | f)) | 0) | 0;
  t = (c + (((h >>> 6 | h << 26) ^ (h >>> 11 | h << 21) ^ (h >>> 25 | h << 7)) + (b ^ h & (a ^ b)) | 0) | 0) + (w[13] + -2132889090 | 0) | 0;
  g2 = g2 + t | 0;
  c = t + (((d >>> 2 | d << 30) ^ (d >>> 13 | d << 19) ^ (d >>> 22 | d << 10)) + (d & e | f & (d | e)) | 0) | 0;
  t = (b + (((g2 >>> 6 | g2 << 26) ^ (g2 >>> 11 | g2 << 21) ^ (g2 >>> 25 | g2 << 7)) + (a ^ g2 & (h ^ a)) | 0) | 0) + (w[14] + -1680079193 | 0) | 0;
  f = f + t | 0;
  b = t + (((c >>> 2 | c << 30) ^ (c >>> 13 | c << 19) ^ (c >>> 22 | c << 10)) + (c & d | e & (c | d)) | 0) | 0;
  t = (a + (((f >>> 6 | f << 26) ^ (f >>> 11 | f << 21) ^ (f >>> 25 | f << 7)) + (h ^ f & (g2 ^ h)) | 0) | 0) + (w[15] + -1046744716 | 0) | 0;
  e = e + t | 0;
  a = t + (((b >>> 2 | b << 30) ^ (b >>> 13 | b << 19) ^ (b >>> 22 | b << 10)) + (b & c | d & (b | c)) | 0) | 0;
  t = (h + (((e >>> 6 | e << 26) ^ (e >>> 11 | e << 21) ^ (e >>> 25 | e << 7)) + (g2 ^ e & (f ^ g2)) | 0) | 0) + (w[16] + -459576895 | 0) | 0;
  d = d + t | 0;
  h = t + (((a >>> 2 | a << 30) ^ (a >>> 13 | a << 19) ^ (a >>> 22 | a << 10)) + (a & b | c & (a | b)) | 0) | 0;
  t = (g2 + (((d >>> 6 | d << 26) ^ (d >>> 11 | d << 21) ^ (d >>> 25 | d << 7)) + (f ^ d & (e ^ f)) | 0) | 0) + (w[17] + -272742522 | 0) | 0;
  c = c + t | 0;
  g2 = t + (((h >>> 2 | h << 30) ^ (h >>> 13 | h << 19) ^ (h >>> 22 | h << 10)) + (h & a | b & (h | a)) | 0) | 0;
  t = (f + (((c >>> 6 | c << 26) ^ (c >>> 11 | c << 21) ^ (c >>> 25 | c << 7)) + (e ^ c & (d ^ e)) | 0) | 0) + (w[18] + 264347078 | 0) | 0;
  b = b + t | 0;
  f = t + (((g2 >>> 2 | g2 << 30) ^ (g2 >>> 13 | g2 << 19) ^ (g2 >>> 22 | g2 << 10)) + (g2 & h | a & (g2 | h)) | 0) | 0;
  t = (e + (((b >>> 6 | b << 26) ^ (b >>> 11 | b << 21) ^ (b >>> 25 | b << 7)) + (d ^ b & (c ^ d)) | 0) | 0) + (w[19] + 604807628 | 0) | 0;
  a = a + t | 0;
  e = t + (((f >>> 2 | f << 30) ^ (f >>> 13 | f << 19) ^ (f >>> 22 | f << 10)) + (f & g2 | h & (f | g2)) | 0) | 0;
  t = (d + (((a >>> 6 | a << 26) ^ (a >>> 11 | a << 21) ^ (a >>> 25 | a << 7)) + (c ^ a & (b ^ c)) | 0) | 0) + (w[20] + 770255983 | 0) | 0;
  h = h + t | 0;
  d = t + (((e >>> 2 | e << 30) ^ (e >>> 13 | e << 19) ^ (e >>> 22 | e << 10)) + (e & f | g2 & (e | f)) | 0) | 0;
  t = (c + (((h >>> 6 | h << 26) ^ (h >>> 11 | h << 21) ^ (h >>> 25 | h << 7)) + (b ^ h & (a ^ b)) | 0) | 0) + (w[21] + 1249150122 | 0) | 0;
  g2 = g2 + t | 0;
  c = t + (((d >>> 2 | d << 30) ^ (d >>> 13 | d << 19) ^ (d >>> 22 | d << 10)) + (d & e | f & (d | e)) | 0) | 0;
  t = (b + (((g2 >>> 6 | g2 << 26) ^ (g2 >>> 11 | g2 << 21) ^ (g2 >>> 25 | g2 << 7)) + (a ^ g2 & (h ^ a)) | 0) | 0) + (w[22] + 1555081692 | 0) | 0;
  f = f + t | 0;
  b = t + (((c >>> 2 | c << 30) ^ (c >>> 13 | c << 19) ^ (c >>> 22 | c << 10)) + (c & d | e & (c | d)) | 0) | 0;
  t = (a + (((f >>> 6 | f << 26) ^ (f >>> 11 | f << 21) ^ (f >>> 25 | f << 7)) + (h ^ f & (g2 ^ h)) | 0) | 0) + (w[23] + 1996064986 | 0) | 0;
  e = e + t | 0;
  a = t + (((b >>> 2 | b << 30) ^ (b >>> 13 | b << 19) ^ (b >>> 22 | b << 10)) + (b & c | d & (b | c)) | 0) | 0;
  t = (h + (((e >>> 6 | e << 26) ^ (e >>> 11 | e << 21) ^ (e >>> 25 | e << 7)) + (g2 ^ e & (f ^ g2)) | 0) | 0) + (w[24] + -1740746414 | 0) | 0;
  d = d + t | 0;
  h = t + (((a >>> 2 | a << 30) ^ (a >>> 13 | a << 19) ^ (a >>> 22 | a << 10)) + (a & b | c & (a | b)) | 0) | 0;
  t = (g2 + (((d >>> 6 | d << 26) ^ (d >>> 11 | d << 21) ^ (d >>> 25 | d << 7)) + (f ^ d & (e ^ f)) | 0) | 0) + (w[25] + -1473132947 | 0) | 0;
  c = c + t | 0;
  g2 = t + (((h >>> 2 | h << 30) ^ (h >>> 13 | h << 19) ^ (h >>> 22 | h << 10)) + (h & a | b & (h | a)) | 0) | 0;
  t = (f + (((c >>> 6 | c << 26) ^ (c >>> 11 | c << 21) ^ (c >>> 25 | c << 7)) + (e ^ c & (d ^ e)) | 0) | 0) + (w[26] + -1341970488 | 0) | 0;
  b = b + t | 0;
  f = t + (((g2 >>> 2 | g2 << 30) ^ (g2 >>> 13 | g2 << 19) ^ (g2 >>> 22 | g2 << 10)) + (g2 & h | a & (g2 | h)) | 0) | 0;
  t = (e + (((b >>> 6 | b << 26) ^ (b >>> 11 | b << 21) ^ (b >>> 25 | b << 7)) + (d ^ b & (c ^ d)) | 0) | 0) + (w[27] + -1084653625 | 0) | 0;
  a = a + t | 0;
  e = t + (((f >>> 2 | f << 30) ^ (f >>> 13 | f << 19) ^ (f >>> 22 | f << 10)) + (f & g2 | h & (f | g2)) | 0) | 0;
  t = (d + (((a >>> 6 | a << 26) ^ (a >>> 11 | a << 21) ^ (a >>> 25 | a << 7)) + (c ^ a & (b ^ c)) | 0) | 0) + (w[28] + -958395405 | 0) | 0;
  h = h + t | 0;
  d = t + (((e >>> 2 | e << 30) ^ (e >>> 13 | e << 19) ^ (e >>> 22 | e << 10)) + (e & f | g2 & (e | f)) | 0) | 0;
  t = (c + (((h >>> 6 | h << 26) ^ (h >>> 11 | h << 21) ^ (h >>> 25 | h << 7)) + (b ^ h & (a ^ b)) | 0) | 0) + (w[29] + -710438585 | 0) | 0;
  g2 = g2 + t | 0;
  c = t + (((d >>> 2 | d << 30) ^ (d >>> 13 | d << 19) ^ (d >>> 22 | d << 10)) + (d & e | f & (d | e)) | 0) | 0;
  t = (b + (((g2 >>> 6 | g2 << 26) ^ (g2 >>> 11 | g2 << 21) ^ (g2 >>> 25 | g2 << 7)) + (a ^ g2 & (h ^ a)) | 0) | 0) + (w[30] + 113926993 | 0) | 0;
  f = f + t | 0;
  b = t + (((c >>> 2 | c << 30) ^ (c >>> 13 | c << 19) ^ (c >>> 22 | c << 10)) + (c & d | e & (c | d)) | 0) | 0;
  t = (a + (((f >>> 6 | f << 26) ^ (f >>> 11 | f << 21) ^ (f >>> 25 | f << 7)) + (h ^ f & (g2 ^ h)) | 0) | 0) + (w[31] + 338241895 | 0) | 0;
  e = e + t | 0;
  a = t + (((b >>> 2 | b << 30) ^ (b >>> 13 | b << 19) ^ (b >>> 22 | b << 10)) + (b & c | d & (b | c)) | 0) | 0;
  t = (h + (((e >>> 6 | e << 26) ^ (e >>> 11 | e << 21) ^ (e >>> 25 | e << 7)) + (g2 ^ e & (f ^ g2)) | 0) | 0) + (w[32] + 666307205 | 0) | 0;
  d = d + t | 0;
  h = t + (((a >>> 2 | a << 30) ^ (a >>> 13 | a << 19) ^ (a >>> 22 | a << 10)) + (a & b | c & (a | b)) | 0) | 0;
  t = (g2 + (((d >>> 6 | d << 26) ^ (d >>> 11 | d << 21) ^ (d >>> 25 | d << 7)) + (f ^ d & (e ^ f)) | 0) | 0) + (w[33] + 773529912 | 0) | 0;
  c = c + t | 0;
  g2 = t + (((h >>> 2 | h << 30) ^ (h >>> 13 | h << 19) ^ (h >>> 22 | h << 10)) + (h & a | b & (h | a)) | 0) | 0;
  t = (f + (((c >>> 6 | c << 26) ^ (c >>> 11 | c << 21) ^ (c >>> 25 | c << 7)) + (e ^ c & (d ^ e)) | 0) | 0) + (w[34] + 1294757372 | 0) | 0;
  b = b + t | 0;
  f = t + (((g2 >>> 2 | g2 << 30) ^ (g2 >>> 13 | g2 << 19) ^ (g2 >>> 22 | g2 << 10)) + (g2 & h | a & (g2 | h)) | 0) | 0;
  t = (e + (((b >>> 6 | b << 26) ^ (b >>> 11 | b << 21) ^ (b >>> 25 | b << 7)) + (d ^ b & (c ^ d)) | 0) | 0) + (w[35] + 1396182291 | 0) | 0;
  a = a + t | 0;
  e = t + (((f >>> 2 | f << 30) ^ (f >>> 13 | f << 19) ^ (f >>> 22 | f << 10)) + (f & g2 | h & (f | g2)) | 0) | 0;
  t = (d + (((a >>> 6 | a << 26) ^ (a >>> 11 | a << 21) ^ (a >>> 25 | a << 7)) + (c ^ a & (b ^ c)) | 0) | 0) + (w[36] + 1695183700 | 0) | 0;
  h = h + t | 0;
  d = t + (((e >>> 2 | e << 30) ^ (e >>> 13 | e << 19) ^ (e >>> 22 | e << 10)) + (e & f | g2 & (e | f)) | 0) | 0;
  t = (c + (((h >>> 6 | h << 26) ^ (h >>> 11 | h << 21) ^ (h >>> 25 | h << 7)) + (b ^ h & (a ^ b)) | 0) | 0) + (w[37] + 1986661051 | 0) | 0;
  g2 = g2 + t | 0;
  c = t + (((d >>> 2 | d << 30) ^ (d >>> 13 | d << 19) ^ (d >>> 22 | d << 10)) + (d & e | f & (d | e)) | 0) | 0;
  t = (b + (((g2 >>> 6 | g2 << 26) ^ (g2 >>> 11 | g2 << 21) ^ (g2 >>> 25 | g2 << 7)) + (a ^ g2 & (h ^ a)) | 0) | 0) + (w[38] + -2117940946 | 0) | 0;
  f = f + t | 0;
  b = t + (((c >>> 2 | c << 30) ^ (c >>> 13 | c << 19) ^ (c >>> 22 | c << 10)) + (c & d | e & (c | d)) | 0) | 0;
  t = (a + (((f >>> 6 | f << 26) ^ (f >>> 11 | f << 21) ^ (f >>> 25 | f << 7)) + (h ^ f & (g2 ^ h)) | 0) | 0) + (w[39] + -1838011259 | 0) | 0;
  e = e + t | 0;
  a = t + (((b >>> 2 | b << 30) ^ (b >>> 13 | b << 19) ^ (b >>> 22 | b << 10)) + (b & c | d & (b | c)) | 0) | 0;
  t = (h + (((e >>> 6 | e << 26) ^ (e >>> 11 | e << 21) ^ (e >>> 25 | e << 7)) + (g2 ^ e & (f ^ g2)) | 0) | 0) + (w[40] + -1564481375 | 0) | 0;
  d = d + t | 0;
  h = t + (((a >>> 2 | a << 30) ^ (a >>> 13 | a << 19) ^ (a >>> 22 | a << 10)) + (a & b | c & (a | b)) | 0) | 0;
  t = (g2 + (((d >>> 6 | d << 26) ^ (d >>> 11 | d << 21) ^ (d >>> 25 | d << 7)) + (f ^ d & (e ^ f)) | 0) | 0) + (w[41] + -1474664885 | 0) | 0;
  c = c + t | 0;
  g2 = t + (((h >>> 2 | h << 30) ^ (h >>> 13 | h << 19) ^ (h >>> 22 | h << 10)) + (h & a | b & (h | a)) | 0) | 0;
  t = (f + (((c >>> 6 | c << 26) ^ (c >>> 11 | c << 21) ^ (c >>> 25 | c << 7)) + (e ^ c & (d ^ e)) | 0) | 0) + (w[42] + -1035236496 | 0) | 0;
  b = b + t | 0;
  f = t + (((g2 >>> 2 | g2 << 30) ^ (g2 >>> 13 | g2 << 19) ^ (g2 >>> 22 | g2 << 10)) + (g2 & h | a & (g2 | h)) | 0) | 0;
  t = (e + (((b >>> 6 | b << 26) ^ (b >>> 11 | b << 21) ^ (b >>> 25 | b << 7)) + (d ^ b & (c ^ d)) | 0) | 0) + (w[43] + -949202525 | 0) | 0;
  a = a + t | 0;
  e = t + (((f >>> 2 | f << 30) ^ (f >>> 13 | f << 19) ^ (f >>> 22 | f << 10)) + (f & g2 | h & (f | g2)) | 0) | 0;
  t = (d + (((a >>> 6 | a << 26) ^ (a >>> 11 | a << 21) ^ (a >>> 25 | a << 7)) + (c ^ a & (b ^ c)) | 0) | 0) + (w[44] + -778901479 | 0) | 0;
  h = h + t | 0;
  d = t + (((e >>> 2 | e << 30) ^ (e >>> 13 | e << 19) ^ (e >>> 22 | e << 10)) + (e & f | g2 & (e | f)) | 0) | 0;
  t = (c + (((h >>> 6 | h << 26) ^ (h >>> 11 | h << 21) ^ (h >>> 25 | h << 7)) + (b ^ h & (a ^ b)) | 0) | 0) + (w[45] + -694614492 | 0) | 0;
  g2 = g2 + t | 0;
  c = t + (((d >>> 2 | d << 30) ^ (d >>> 13 | d << 19) ^ (d >>> 22 | d << 10)) + (d & e | f & (d | e)) | 0) | 0;
  t = (b + (((g2 >>> 6 | g2 << 26) ^ (g2 >>> 11 | g2 << 21) ^ (g2 >>> 25 | g2 << 7)) + (a ^ g2 & (h ^ a)) | 0) | 0) + (w[46] + -200395387 | 0) | 0;
  f = f + t | 0;
  b = t + (((c >>> 2 | c << 30) ^ (c >>> 13 | c << 19) ^ (c >>> 22 | c << 10)) + (c & d | e & (c | d)) | 0) | 0;
  t = (a + (((f >>> 6 | f << 26) ^ (f >>> 11 | f << 21) ^ (f >>> 25 | f << 7)) + (h ^ f & (g2 ^ h)) | 0) | 0) + (w[47] + 275423344 | 0) | 0;
  e = e + t | 0;
  a = t + (((b >>> 2 | b << 30) ^ (b >>> 13 | b << 19) ^ (b >>> 22 | b << 10)) + (b & c | d & (b | c)) | 0) | 0;
  t = (h + (((e >>> 6 | e << 26) ^ (e >>> 11 | e << 21) ^ (e >>> 25 | e << 7)) + (g2 ^ e & (f ^ g2)) | 0) | 0) + (w[48] + 430227734 | 0) | 0;
  d = d + t | 0;
  h = t + (((a >>> 2 | a << 30) ^ (a >>> 13 | a << 19) ^ (a >>> 22 | a << 10)) + (a & b | c & (a | b)) | 0) | 0;
  t = (g2 + (((d >>> 6 | d << 26) ^ (d >>> 11 | d << 21) ^ (d >>> 25 | d << 7)) + (f ^ d & (e ^ f)) | 0) | 0) + (w[49] + 506948616 | 0) | 0;
  c = c + t | 0;
  g2 = t + (((h >>> 2 | h << 30) ^ (h >>> 13 | h << 19) ^ (h >>> 22 | h << 10)) + (h & a | b & (h | a)) | 0) | 0;
  t = (f + (((c >>> 6 | c << 26) ^ (c >>> 11 | c << 21) ^ (c >>> 25 | c << 7)) + (e ^ c & (d ^ e)) | 0) | 0) + (w[50] + 659060556 | 0) | 0;
  b = b + t | 0;
  f = t + (((g2 >>> 2 | g2 << 30) ^ (g2 >>> 13 | g2 << 19) ^ (g2 >>> 22 | g2 << 10)) + (g2 & h | a & (g2 | h)) | 0) | 0;
  t = (e + (((b >>> 6 | b << 26) ^ (b >>> 11 | b << 21) ^ (b >>> 25 | b << 7)) + (d ^ b & (c ^ d)) | 0) | 0) + (w[51] + 883997877 | 0) | 0;
  a = a + t | 0;
  e = t + (((f >>> 2 | f << 30) ^ (f >>> 13 | f << 19) ^ (f >>> 22 | f << 10)) + (f & g2 | h & (f | g2)) | 0) | 0;
  t = (d + (((a >>> 6 | a << 26) ^ (a >>> 11 | a << 21) ^ (a >>> 25 | a << 7)) + (c ^ a & (b ^ c)) | 0) | 0) + (w[52] + 958139571 | 0) | 0;
  h = h + t | 0;
  d = t + (((e >>> 2 | e << 30) ^ (e >>> 13 | e << 19) ^ (e >>> 22 | e << 10)) + (e & f | g2 & (e | f)) | 0) | 0;
  t = (c + (((h >>> 6 | h << 26) ^ (h >>> 11 | h << 21) ^ (h >>> 25 | h << 7)) + (b ^ h & (a ^ b)) | 0) | 0) + (w[53] + 1322822218 | 0) | 0;
  g2 = g2 + t | 0;
  c = t + (((d >>> 2 | d << 30) ^ (d >>> 13 | d << 19) ^ (d >>> 22 | d << 10)) + (d & e | f & (d | e)) | 0) | 0;
  t = (b + (((g2 >>> 6 | g2 << 26) ^ (g2 >>> 11 | g2 << 21) ^ (g2 >>> 25 | g2 << 7)) + (a ^ g2 & (h ^ a)) | 0) | 0) + (w[54] + 1537002063 | 0) | 0;
  f = f + t | 0;
  b = t + (((c >>> 2 | c << 30) ^ (c >>> 13 | c << 19) ^ (c >>> 22 | c << 10)) + (c & d | e & (c | d)) | 0) | 0;
  t = (a + (((f >>> 6 | f << 26) ^ (f >>> 11 | f << 21) ^ (f >>> 25 | f << 7)) + (h ^ f & (g2 ^ h)) | 0) | 0) + (w[55] + 1747873779 | 0) | 0;
  e = e + t | 0;
  a = t + (((b >>> 2 | b << 30) ^ (b >>> 13 | b << 19) ^ (b >>> 22 | b << 10)) + (b & c | d & (b | c)) | 0) | 0;
  t = (h + (((e >>> 6 | e << 26) ^ (e >>> 11 | e << 21) ^ (e >>> 25 | e << 7)) + (g2 ^ e & (f ^ g2)) | 0) | 0) + (w[56] + 1955562222 | 0) | 0;
  d = d + t | 0;
  h = t + (((a >>> 2 | a << 30) ^ (a >>> 13 | a << 19) ^ (a >>> 22 | a << 10)) + (a & b | c & (a | b)) | 0) | 0;
  t = (g2 + (((d >>> 6 | d << 26) ^ (d >>> 11 | d << 21) ^ (d >>> 25 | d << 7)) + (f ^ d & (e ^ f)) | 0) | 0) + (w[57] + 2024104815 | 0) | 0;
  c = c + t | 0;
  g2 = t + (((h >>> 2 | h << 30) ^ (h >>> 13 | h << 19) ^ (h >>> 22 | h << 10)) + (h & a | b & (h | a)) | 0) | 0;
  t = (f + (((c >>> 6 | c << 26) ^ (c >>> 11 | c << 21) ^ (c >>> 25 | c << 7)) + (e ^ c & (d ^ e)) | 0) | 0) + (w[58] + -2067236844 | 0) | 0;
  b = b + t | 0;
  f = t + (((g2 >>> 2 | g2 << 30) ^ (g2 >>> 13 | g2 << 19) ^ (g2 >>> 22 | g2 << 10)) + (g2 & h | a & (g2 | h)) | 0) | 0;
  t = (e + (((b >>> 6 | b << 26) ^ (b >>> 11 | b << 21) ^ (b >>> 25 | b << 7)) + (d ^ b & (c ^ d)) | 0) | 0) + (w[59] + -1933114872 | 0) | 0;
  a = a + t | 0;
  e = t + (((f >>> 2 | f << 30) ^ (f >>> 13 | f << 19) ^ (f >>> 22 | f << 10)) + (f & g2 | h & (f | g2)) | 0) | 0;
  t = (d + (((a >>> 6 | a << 26) ^ (a >>> 11 | a << 21) ^ (a >>> 25 | a << 7)) + (c ^ a & (b ^ c)) | 0) | 0) + (w[60] + -1866530822 | 0) | 0;
  h = h + t | 0;
  d = t + (((e >>> 2 | e << 30) ^ (e >>> 13 | e << 19) ^ (e >>> 22 | e << 10)) + (e & f | g2 & (e | f)) | 0) | 0;
  t = (c + (((h >>> 6 | h << 26) ^ (h >>> 11 | h << 21) ^ (h >>> 25 | h << 7)) + (b ^ h & (a ^ b)) | 0) | 0) + (w[61] + -1538233109 | 0) | 0;
  g2 = g2 + t | 0;
  c = t + (((d >>> 2 | d << 30) ^ (d >>> 13 | d << 19) ^ (d >>> 22 | d << 10)) + (d & e | f & (d | e)) | 0) | 0;
  t = (b + (((g2 >>> 6 | g2 << 26) ^ (g2 >>> 11 | g2 << 21) ^ (g2 >>> 25 | g2 << 7)) + (a ^ g2 & (h ^ a)) | 0) | 0) + (w[62] + -1090935817 | 0) | 0;
  f = f + t | 0;
  b = t + (((c >>> 2 | c << 30) ^ (c >>> 13 | c << 19) ^ (c >>> 22 | c << 10)) + (c & d | e & (c | d)) | 0) | 0;
  t = (a + (((f >>> 6 | f << 26) ^ (f >>> 11 | f << 21) ^ (f >>> 25 | f << 7)) + (h ^ f & (g2 ^ h)) | 0) | 0) + (w[63] + -965641998 | 0) | 0;
  e = e + t | 0;
  a = t + (((b >>> 2 | b << 30) ^ (b >>> 13 | b << 19) ^ (b >>> 22 | b << 10)) + (b & c | d & (b | c)) | 0) | 0;
  s[0] = s[0] + a | 0;
  s[1] = s[1] + b | 0;
  s[2] = s[2] + c | 0;
  s[3] = s[3] + d | 0;
  s[4] = s[4] + e | 0;
  s[5] = s[5] + f | 0;
  s[6] = s[6] + g2 | 0;
  s[7] = s[7] + h | 0;
}
function blocks(s, m, from, to) {
  const w = W;
  for (let p = from; p + BLOCK <= to; p += BLOCK) {
    for (let i = 0, j = p; i < 16; i++, j += 4) w[i] = m[j] << 24 | m[j + 1] << 16 | m[j + 2] << 8 | m[j + 3];
    compress(s);
  }
}
function finish(state, prefix, b, n, out) {
  const whole = n - n % BLOCK;
  blocks(state, b, 0, whole);
  TAIL.fill(0);
  TAIL.set(b.subarray(whole, n));
  return pad(state, prefix + n, n - whole, out);
}
function pad(state, total, rest, out) {
  const tail = TAIL;
  tail[rest] = 128;
  const size = rest < 56 ? BLOCK : 2 * BLOCK;
  const bits = total * 8;
  const hi = Math.floor(bits / 4294967296);
  tail[size - 8] = hi >>> 24;
  tail[size - 7] = hi >>> 16;
  tail[size - 6] = hi >>> 8;
  tail[size - 5] = hi;
  tail[size - 4] = bits >>> 24;
  tail[size - 3] = bits >>> 16;
  tail[size - 2] = bits >>> 8;
  tail[size - 1] = bits;
  blocks(state, tail, 0, size);
  for (let i = 0; i < 8; i++) {
    const v = state[i];
    out[4 * i] = v >>> 24;
    out[4 * i + 1] = v >>> 16;
    out[4 * i + 2] = v >>> 8;
    out[4 * i + 3] = v;
  }
  return out;
}
function encodeScratch(s) {
  if (s.length * 3 > scratch.length) scratch = new Uint8Array(Math.max(s.length * 3, scratch.length * 2));
  return [scratch, encoder2.encodeInto(s, scratch).written];
}
function digestFrom(state, prefix, data, out) {
  if (typeof data !== "string") return finish(state, prefix, data, data.length, out);
  const [buf, n] = encodeScratch(data);
  return finish(state, prefix, buf, n, out);
}
function sha256Sync(data) {
  STATE.set(IV);
  return digestFrom(STATE, 0, data, new Uint8Array(32));
}
function hmacKey(key) {
  let k = typeof key === "string" ? utf8(key) : key;
  if (k.length > BLOCK) k = sha256Sync(k);
  const pad2 = new Uint8Array(BLOCK);
  const state = (x) => {
    pad2.fill(x);
    for (let i = 0; i < k.length; i++) pad2[i] = k[i] ^ x;
    const s = IV.slice();
    blocks(s, pad2, 0, BLOCK);
    return s;
  };
  return { inner: state(54), outer: state(92) };
}
var innerDigest = new Uint8Array(32);
function hmacSyncWith(key, data) {
  STATE.set(key.inner);
  digestFrom(STATE, BLOCK, data, innerDigest);
  STATE.set(key.outer);
  return finish(STATE, BLOCK, innerDigest, 32, new Uint8Array(32));
}
var subtleDigest = async (bytes) => new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
var small = (data) => typeof data === "string" ? data.length * 3 < SYNC_THRESHOLD : data.length < SYNC_THRESHOLD;
function sha256(data) {
  if (small(data)) return Promise.resolve(sha256Sync(data));
  if (typeof data !== "string") return subtleDigest(data);
  const [buf, n] = encodeScratch(data);
  return n < SYNC_THRESHOLD ? Promise.resolve(sha256Sync(buf.subarray(0, n))) : subtleDigest(buf.subarray(0, n));
}

// lib/sigv4.ts
var ALGORITHM = "AWS4-HMAC-SHA256";
var KEY_TYPE = "aws4_request";
var EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
var KEY_CACHE_SIZE = 32;
var UNSIGNABLE_HEADERS = /* @__PURE__ */ new Set([
  "authorization",
  "cache-control",
  "connection",
  "expect",
  "from",
  "keep-alive",
  "max-forwards",
  "pragma",
  "referer",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "user-agent",
  "x-amzn-trace-id"
]);
var TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
var BAD_VALUE = /[\0\r\n\u0100-\uffff]/;
var NEEDS_FOLD = /^[ \t]|[ \t]$|[ \t][ \t]|\t/;
var UNRESERVED = /^[A-Za-z0-9\-._~]*$/;
var PLAIN_PATH = /^(?:\/[A-Za-z0-9\-_~%][A-Za-z0-9\-._~%]*)*\/?$/;
var SUB_DELIMS = /[!'()*]/g;
var hexEscape = (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase();
function uriEncode(s) {
  if (UNRESERVED.test(s)) return s;
  try {
    return encodeURIComponent(s).replace(SUB_DELIMS, hexEscape);
  } catch {
    throw new ValidationError("expected well-formed UTF-16 in a URL component, got a lone surrogate");
  }
}
function amzDate(date2) {
  const t = date2.getTime();
  if (!Number.isFinite(t)) throw new ValidationError("expected a valid signing date, got an invalid Date");
  const second = Math.floor(t / 1e3);
  if (second === lastSecond) return lastStamp;
  const iso = date2.toISOString();
  lastStamp = iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 13) + iso.slice(14, 16) + iso.slice(17, 19) + "Z";
  lastSecond = second;
  return lastStamp;
}
var lastSecond = NaN;
var lastStamp = "";
function canonicalUri(path) {
  if (path && PLAIN_PATH.test(path)) return path.includes("%") ? path.replace(/%/g, "%25") : path;
  const out = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") out.pop();
    else out.push(uriEncode(segment));
  }
  if (!out.length) return "/";
  return (path.startsWith("/") ? "/" : "") + out.join("/") + (path.endsWith("/") ? "/" : "");
}
var decode = (s) => {
  if (!s.includes("%")) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};
function queryPairs(search) {
  const out = [];
  const q = search.startsWith("?") ? search.slice(1) : search;
  if (!q) return out;
  for (const part of q.split("&")) {
    if (!part) continue;
    const eq = part.indexOf("=");
    const key = decode(eq < 0 ? part : part.slice(0, eq));
    if (key.toLowerCase() === "x-amz-signature") continue;
    out.push([key, eq < 0 ? "" : decode(part.slice(eq + 1))]);
  }
  return out;
}
var byKeyThenValue = (a, b) => a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
function encodePairs(pairs) {
  return pairs.map(([k, v]) => [uriEncode(k), uriEncode(v)]).sort(byKeyThenValue).map(([k, v]) => k + "=" + v);
}
var canonicalQuery = (search) => search && search !== "?" ? encodePairs(queryPairs(search)).join("&") : "";
var canonicalValue = (v) => NEEDS_FOLD.test(v) ? v.replace(/[ \t]+/g, " ").replace(/^ | $/g, "") : v;
function canonicalHeaders(headers2) {
  const list2 = [];
  for (const [name, value] of headers2) list2.push([name.toLowerCase(), canonicalValue(value)]);
  list2.sort((a, b) => a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
  let text3 = "";
  let signed = "";
  for (let i = 0; i < list2.length; i++) {
    const [name, value] = list2[i];
    if (i > 0 && list2[i - 1][0] === name) {
      text3 = text3.slice(0, -1) + "," + value + "\n";
      continue;
    }
    text3 += name + ":" + value + "\n";
    signed += (signed ? ";" : "") + name;
  }
  return { text: text3, signed };
}
function canonicalRequest(method, url, headers2, payloadHash) {
  return build(method, canonicalUri(url.pathname), canonicalQuery(url.search), headers2, payloadHash);
}
function build(method, uri, query, headers2, payloadHash) {
  const { text: text3, signed } = canonicalHeaders(headers2);
  return `${method}
${uri}
${query}
${text3}
${signed}
${payloadHash}`;
}
var credentialScope = (date2, region, service) => `${date2}/${region}/${service}/${KEY_TYPE}`;
async function stringToSign(amzDateText, scope, canonicalRequestText) {
  return `${ALGORITHM}
${amzDateText}
${scope}
${await hashText(canonicalRequestText)}`;
}
var deriveKey = (secret, date2, region, service) => {
  let k = hmacSyncWith(hmacKey("AWS4" + secret), date2);
  for (const part of [region, service, KEY_TYPE]) k = hmacSyncWith(hmacKey(k), part);
  return k;
};
async function signingKey(secret, date2, region, service) {
  return deriveKey(secret, date2, region, service);
}
async function signature(key, stringToSignText) {
  return toHex(hmacSyncWith(hmacKey(key), stringToSignText));
}
function check(secret) {
  let h1 = 3735928559, h2 = 1103547991;
  for (let i = 0; i < secret.length; i++) {
    const c = secret.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ h1 >>> 16, 2246822507) ^ Math.imul(h2 ^ h2 >>> 13, 3266489909);
  h2 = Math.imul(h2 ^ h2 >>> 16, 2246822507) ^ Math.imul(h1 ^ h1 >>> 13, 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
var keyCache = /* @__PURE__ */ new Map();
function cachedKey(c, date2, region, service) {
  const sum = check(c.secretAccessKey);
  const id = `${c.accessKeyId}
${date2}
${region}
${service}`;
  if (id === lastId && last?.check === sum) return last.key;
  const hit = keyCache.get(id);
  const entry = hit && hit.check === sum ? hit : { check: sum, key: hmacKey(deriveKey(c.secretAccessKey, date2, region, service)) };
  keyCache.delete(id);
  keyCache.set(id, entry);
  if (keyCache.size > KEY_CACHE_SIZE) keyCache.delete(keyCache.keys().next().value);
  lastId = id;
  last = entry;
  return entry.key;
}
var lastId = "";
var last;
function checkHeader(name, value) {
  if (!TOKEN.test(name)) {
    const what = /[\0\r\n]/.test(name) ? "CR, LF or NUL" : "a character outside the HTTP token set";
    throw new ValidationError(`expected a header name without ${what}, got ${JSON.stringify(name.replace(/[\0\r\n]/g, " "))}`, { field: "headers" });
  }
  if (BAD_VALUE.test(value)) {
    const what = /[\0\r\n]/.test(value) ? "CR, LF or NUL" : "characters above U+00FF";
    throw new ValidationError(`expected the value of header "${name}" without ${what}`, { field: "headers" });
  }
}
function headerPairs(init) {
  const out = [];
  if (!init) return out;
  if (init instanceof Headers) {
    init.forEach((value, name) => out.push([name, value]));
    return out;
  }
  const entries = Array.isArray(init) ? init : Object.entries(init);
  for (const entry of entries) {
    if (!Array.isArray(entry) || entry.length !== 2) throw new ValidationError("expected header entries as [name, value] pairs", { field: "headers" });
    const name = String(entry[0]);
    const value = String(entry[1]);
    checkHeader(name, value);
    out.push([name, value]);
  }
  return out;
}
function checkOptions(o) {
  const c = o.credentials;
  if (!c || typeof c.accessKeyId !== "string" || !c.accessKeyId || typeof c.secretAccessKey !== "string" || !c.secretAccessKey)
    throw new ValidationError("expected credentials with a non-empty accessKeyId and secretAccessKey", { field: "credentials" });
  if (/[\s/]/.test(c.accessKeyId)) throw new ValidationError('expected an access key id without whitespace or "/"', { field: "credentials" });
  if (c.sessionToken !== void 0 && BAD_VALUE.test(c.sessionToken))
    throw new ValidationError("expected a session token without CR, LF, NUL or characters above U+00FF", { field: "credentials" });
  for (const field of ["region", "service"]) {
    const v = o[field];
    if (typeof v !== "string" || !/^[A-Za-z0-9\-_.]+$/.test(v))
      throw new ValidationError(`expected a ${field} of letters, digits, "-", "_" or ".", got ${JSON.stringify(v)}`, { field });
  }
}
var signingTime = (o) => {
  const t = (o.date ? o.date.getTime() : Date.now()) + (o.clockOffset ?? 0);
  return new Date(t);
};
function payloadHashSync(body2, given) {
  if (given !== void 0) return given;
  if (body2 === void 0 || body2 === null || body2 === "") return EMPTY_SHA256;
  if (typeof body2 === "string" ? body2.length * 3 < SYNC_THRESHOLD : body2 instanceof Uint8Array ? body2.length < SYNC_THRESHOLD : false)
    return toHex(sha256Sync(body2));
  if (typeof body2 === "string" || body2 instanceof Uint8Array) return void 0;
  throw new ValidationError("expected a string or Uint8Array body; pass payloadHash (e.g. UNSIGNED-PAYLOAD) for other bodies", { field: "body" });
}
var payloadHashOf = async (body2, given) => payloadHashSync(body2, given) ?? toHex(await sha256(body2));
var hashText = (text3) => text3.length * 3 < SYNC_THRESHOLD ? toHex(sha256Sync(text3)) : sha256(text3).then(toHex);
var toUrl = (u) => {
  if (u instanceof URL) return u;
  try {
    return new URL(u);
  } catch {
    throw new ValidationError(`expected an absolute URL, got ${JSON.stringify(String(u).slice(0, 200))}`, { field: "url" });
  }
};
var fetchMethod = (m) => /^(delete|get|head|options|post|put)$/i.test(m) ? m.toUpperCase() : m;
var trimWs = (v) => v.replace(/^[ \t]+|[ \t]+$/g, "");
function merge(signed, name, value) {
  const at = signed.findIndex((p) => p[0] === name);
  signed[at] = [name, `${trimWs(signed[at][1])}, ${trimWs(value)}`];
}
async function sign(request, options) {
  checkOptions(options);
  const url = toUrl(request.url);
  const c = options.credentials;
  const stamp = amzDate(signingTime(options));
  const day = stamp.slice(0, 8);
  const own = headerPairs(request.headers);
  const kept = [];
  const signed = [];
  let host = url.host;
  let contentSha;
  for (const pair of own) {
    const lower = pair[0].toLowerCase();
    if (lower === "authorization" || lower === "x-amz-date" || lower === "x-amz-security-token" && c.sessionToken) continue;
    kept.push(pair);
    if (lower === "host") host = pair[1];
    else if (UNSIGNABLE_HEADERS.has(lower) || lower.startsWith("proxy-") || lower.startsWith("sec-")) continue;
    else if (signed.some((p) => p[0] === lower)) merge(signed, lower, pair[1]);
    else signed.push([lower, pair[1]]);
    if (lower === "x-amz-content-sha256") contentSha = pair[1];
  }
  signed.push(["host", host], ["x-amz-date", stamp]);
  if (c.sessionToken) signed.push(["x-amz-security-token", c.sessionToken]);
  const given = contentSha ?? options.payloadHash;
  const hash = payloadHashSync(request.body, given) ?? await payloadHashOf(request.body, given);
  const { text: text3, signed: list2 } = canonicalHeaders(signed);
  const creq = `${fetchMethod(request.method)}
${canonicalUri(url.pathname)}
${canonicalQuery(url.search)}
${text3}
${list2}
${hash}`;
  const scope = credentialScope(day, options.region, options.service);
  const sts2 = `${ALGORITHM}
${stamp}
${scope}
${await hashText(creq)}`;
  const sig = toHex(hmacSyncWith(cachedKey(c, day, options.region, options.service), sts2));
  const out = new Headers();
  for (const [name, value] of kept) out.append(name, value);
  out.set("x-amz-date", stamp);
  if (c.sessionToken) out.set("x-amz-security-token", c.sessionToken);
  out.set("authorization", `${ALGORITHM} Credential=${c.accessKeyId}/${scope}, SignedHeaders=${list2}, Signature=${sig}`);
  return out;
}

// lib/transport.ts
var SIGNING_SERVICE = "bedrock";
var DEFAULT_MAX_RETRIES = 3;
var BASE_DELAY = 200;
var MAX_DELAY = 2e4;
var REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d+$/;
var SKEW = /RequestTimeTooSkewed|Signature expired|Signature not yet current/;
var CONTROL = /[\r\n\0]/;
var HOOKS = /* @__PURE__ */ Symbol("bedrock.transport.hooks");
function checkRegion(region) {
  if (!REGION_PATTERN.test(region)) {
    throw new ValidationError(`invalid region: expected a region like "us-east-1", got ${JSON.stringify(region)}`, { field: "region" });
  }
  return region;
}
function dnsSuffix(region) {
  if (region.startsWith("cn-")) return "amazonaws.com.cn";
  if (region.startsWith("us-isob-")) return "sc2s.sgov.gov";
  if (region.startsWith("us-isof-")) return "csp.hci.ic.gov";
  if (region.startsWith("eu-isoe-")) return "cloud.adc-e.uk";
  if (region.startsWith("us-iso-")) return "c2s.ic.gov";
  return "amazonaws.com";
}
function regionalEndpoint(region, fips = false) {
  return `https://bedrock-runtime${fips ? "-fips" : ""}.${checkRegion(region)}.${dnsSuffix(region)}`;
}
function isLoopback(hostname) {
  return hostname === "localhost" || hostname === "[::1]" || /^127(\.\d{1,3}){3}$/.test(hostname);
}
function checkBaseUrl(value, field) {
  if (CONTROL.test(value)) throw new ValidationError(`${field} must not contain CR, LF or NUL`, { field });
  let url;
  try {
    url = new URL(value);
  } catch {
    throw new ValidationError(`${field} must be an absolute URL, got ${JSON.stringify(value)}`, { field });
  }
  const ok = url.protocol === "https:" || url.protocol === "http:" && isLoopback(url.hostname);
  if (!ok) throw new ValidationError(`${field} must use https (http only on loopback), got ${url.protocol}//${url.host}`, { field });
  if (url.search || url.hash || url.username || url.password) {
    throw new ValidationError(`${field} must be a plain base URL without query, fragment or user info`, { field });
  }
  return url.origin + url.pathname.replace(/\/+$/, "");
}
function modelPath(model, action) {
  return `/model/${encodeURIComponent(model)}/${action}`;
}
function isRetryable(error) {
  return error instanceof ProviderError && error.retryable;
}
function backoff(attempt, random = Math.random) {
  return Math.floor(random() * Math.min(MAX_DELAY, BASE_DELAY * 2 ** attempt));
}
function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const done = () => {
      signal.removeEventListener("abort", stop);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", stop, { once: true });
  });
}
var Scope = class {
  ctl = new AbortController();
  #timer;
  #idle;
  #idleMs = 0;
  #last = 0;
  #unlisten = [];
  reader;
  /** True while backing off between attempts: the idle watchdog does not count that time. */
  paused = false;
  constructor(signals, timeout) {
    for (const s of signals) {
      if (!s) continue;
      if (s.aborted) {
        this.abort(s.reason);
        break;
      }
      const on = () => this.abort(s.reason);
      s.addEventListener("abort", on, { once: true });
      this.#unlisten.push(() => s.removeEventListener("abort", on));
    }
    if (timeout !== void 0 && !this.ctl.signal.aborted) {
      this.#timer = setTimeout(() => this.abort(new TimeoutError(`request timed out: no complete answer within ${timeout} ms (timeout)`)), timeout);
    }
  }
  get signal() {
    return this.ctl.signal;
  }
  abort(reason2) {
    if (this.ctl.signal.aborted) return;
    this.ctl.abort(reason2);
    this.reader?.cancel(reason2).catch(() => {
    });
    this.dispose();
  }
  /** Starts (or keeps) the idle watchdog; `touch()` marks activity. One timer per idle period, not per chunk. */
  watch(ms) {
    if (ms === void 0 || this.ctl.signal.aborted) return;
    this.#idleMs = ms;
    this.#last = Date.now();
    if (this.#idle === void 0) this.#arm(ms);
  }
  touch() {
    this.#last = Date.now();
  }
  #arm(ms) {
    this.#idle = setTimeout(() => {
      const left = this.paused ? this.#idleMs : this.#last + this.#idleMs - Date.now();
      if (left > 0) return this.#arm(left);
      this.abort(new TimeoutError(`stream stalled: no data for ${this.#idleMs} ms (idleTimeout)`));
    }, ms);
  }
  /** Rejects with the abort reason as soon as the scope aborts, whatever `p` does. */
  race(p) {
    const signal = this.ctl.signal;
    if (signal.aborted) {
      p.catch(() => {
      });
      return Promise.reject(signal.reason);
    }
    return new Promise((resolve, reject) => {
      const on = () => reject(signal.reason);
      signal.addEventListener("abort", on, { once: true });
      p.then(
        (v) => {
          signal.removeEventListener("abort", on);
          resolve(v);
        },
        (e) => {
          signal.removeEventListener("abort", on);
          reject(e);
        }
      );
    });
  }
  dispose() {
    clearTimeout(this.#timer);
    clearTimeout(this.#idle);
    this.#timer = this.#idle = void 0;
    for (const f of this.#unlisten) f();
    this.#unlisten = [];
  }
};
var Transport = class {
  region;
  /** Milliseconds added to the local clock when signing (learnt from a skew error). */
  clockOffset = 0;
  #o;
  #base;
  #signBase;
  #fetch;
  #maxRetries;
  #sleep;
  #random;
  constructor(options) {
    this.#o = options;
    this.region = checkRegion(options.region);
    const regional = regionalEndpoint(options.region, options.useFipsEndpoint);
    if (options.gateway) {
      this.#base = `${checkBaseUrl(options.gateway, "gateway")}/bedrock-runtime/${options.region}`;
      this.#signBase = regional;
    } else {
      this.#base = this.#signBase = options.endpoint ? checkBaseUrl(options.endpoint, "endpoint") : regional;
    }
    const f = options.fetch;
    this.#fetch = f ? (r) => f(r) : (r) => fetch(r);
    this.#maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.#sleep = options.hooks?.sleep ?? sleep;
    this.#random = options.hooks?.random ?? Math.random;
  }
  /** URL a call is sent to. */
  url(call2) {
    return this.#base + modelPath(call2.model, call2.action);
  }
  /** URL a call is signed for (differs from `url` behind a gateway). */
  signedUrl(call2) {
    return this.#signBase + modelPath(call2.model, call2.action);
  }
  /** Sends a non-streaming call and parses its JSON answer. */
  async send(call2) {
    const scope = new Scope(call2.signals ?? [], this.#o.timeout);
    try {
      const res = await this.#open(call2, scope, false);
      const text3 = await scope.race(res.text());
      return { json: parseJson(text3, call2.model), requestId: res.headers.get("x-amzn-requestid") ?? void 0, headers: res.headers };
    } finally {
      scope.dispose();
    }
  }
  /**
   * Sends a streaming call and yields what `decoder` makes of the body. Items are held back until
   * `commits(item)` is true; until then an in-stream retryable error restarts the call. `call` may be a
   * thunk: it then runs on the first `next()`, so that its errors come from the iterator.
   */
  async *stream(call2, decoder2, commits = () => true) {
    const c = typeof call2 === "function" ? call2() : call2;
    const scope = new Scope(c.signals ?? [], this.#o.timeout);
    const tries = { n: 0 };
    let committed = false;
    try {
      for (; ; ) {
        const res = await this.#open(c, scope, true, tries);
        const held = [];
        const d = decoder2();
        const reader = res.body?.getReader();
        let read = false;
        scope.reader = reader;
        try {
          scope.watch(this.#o.idleTimeout);
          while (reader) {
            let r;
            try {
              r = await reader.read();
            } catch (error) {
              if (scope.signal.aborted) throw scope.signal.reason;
              throw new StreamError(`connection lost mid-stream: ${error?.message ?? String(error)}`, { cause: error, model: c.model });
            }
            if (scope.signal.aborted) throw scope.signal.reason;
            if (r.done) break;
            scope.touch();
            const items = d.push(r.value);
            for (let i = 0; i < items.length; i++) {
              const item = items[i];
              if (committed) {
                yield item;
                continue;
              }
              held.push(item);
              if (!commits(item)) continue;
              committed = true;
              for (const h of held) yield h;
              held.length = 0;
            }
          }
          read = true;
          for (const item of [...held, ...d.end()]) yield item;
          return;
        } catch (error) {
          if (committed || scope.signal.aborted || !isRetryable(error) || tries.n >= this.#maxRetries) throw exhausted(error, tries.n);
          await this.#pause(backoff(tries.n++, this.#random), scope);
        } finally {
          scope.reader = void 0;
          if (!read) reader?.cancel().catch(() => {
          });
        }
      }
    } finally {
      scope.dispose();
    }
  }
  /** Attempts until a 2xx response arrives (retries, skew correction), or throws. */
  async #open(call2, scope, streaming, tries = { n: 0 }) {
    let skewFixed = false;
    for (; ; ) {
      if (scope.signal.aborted) throw scope.signal.reason;
      let error;
      const req = await scope.race(this.#request(call2, streaming, scope.signal)).catch((e) => {
        if (scope.signal.aborted || e instanceof ProviderError) throw e;
        throw new ValidationError(`request could not be built: ${e?.message ?? String(e)}`, { field: "headers", model: call2.model, cause: e });
      });
      try {
        if (streaming) scope.watch(this.#o.idleTimeout);
        const res = await scope.race(this.#fetch(req));
        if (res.ok) return res;
        const body2 = await scope.race(res.text());
        if (!skewFixed && SKEW.test(body2 + (res.headers.get("x-amzn-errortype") ?? "")) && this.#fixSkew(res)) {
          skewFixed = true;
          continue;
        }
        error = errorFromResponse(res.status, res.headers, body2, call2.model);
      } catch (e) {
        if (scope.signal.aborted) throw scope.signal.reason;
        if (e instanceof ProviderError) throw e;
        error = new ProviderError(`network error before the response: ${e?.message ?? String(e)}`, {
          code: "NetworkError",
          model: call2.model,
          retryable: true,
          cause: e
        });
      }
      if (!isRetryable(error) || tries.n >= this.#maxRetries) throw exhausted(error, tries.n);
      await this.#pause(wait(error, backoff(tries.n++, this.#random)), scope);
    }
  }
  /** Backoff sleep; the idle watchdog is paused meanwhile. */
  async #pause(ms, scope) {
    scope.paused = true;
    try {
      await this.#sleep(ms, scope.signal);
    } finally {
      scope.paused = false;
      scope.touch();
    }
  }
  /** Sets `clockOffset` from the response `Date` header; false when there is none. */
  #fixSkew(res) {
    const server = Date.parse(res.headers.get("date") ?? "");
    if (Number.isNaN(server)) return false;
    this.clockOffset = server - Date.now();
    return true;
  }
  async #request(call2, streaming, signal) {
    const headers2 = { ...this.#o.headers, "content-type": "application/json" };
    if (call2.action === "invoke-with-response-stream") headers2["x-amzn-bedrock-accept"] = "*/*";
    else if (!streaming && call2.action === "invoke") headers2["accept"] = "application/json";
    const auth = this.#o.auth;
    let out;
    if ("apiKey" in auth) {
      out = new Headers(headers2);
      out.set("authorization", `Bearer ${auth.apiKey}`);
    } else {
      const credentials = await auth.credentials();
      out = await sign(
        { method: "POST", url: this.signedUrl(call2), headers: headers2, body: call2.body },
        { region: this.region, service: SIGNING_SERVICE, credentials, clockOffset: this.clockOffset }
      );
      out.delete("host");
    }
    return new Request(this.url(call2), { method: "POST", headers: out, body: call2.body, signal });
  }
};
function wait(error, jitter) {
  const after = error instanceof RateLimitError ? error.retryAfter : void 0;
  return after === void 0 ? jitter : Math.max(jitter, Math.min(MAX_DELAY, after * 1e3));
}
function exhausted(error, attempt) {
  if (attempt > 0 && (error instanceof RateLimitError || isRetryable(error))) {
    error.message += ` (gave up after ${attempt + 1} attempts)`;
  }
  return error;
}
function parseJson(text3, model) {
  try {
    return JSON.parse(text3);
  } catch (cause) {
    throw new ProviderError(`expected a JSON response body, got ${JSON.stringify(text3.slice(0, 80))}`, { code: "InvalidResponse", model, cause });
  }
}

// lib/messages.ts
var DEFAULT_MAX_TOKENS = 4096;
var MIN_THINKING_BUDGET = 1024;
var CONTROL2 = /[\r\n\0]/;
var ROLES = /* @__PURE__ */ new Set(["system", "user", "assistant"]);
var MEDIA = /* @__PURE__ */ new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);
var TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
var ANTHROPIC = /^(?:[a-z]{2,6}(?:-[a-z]+)?\.)?anthropic\.claude-/;
var LEGACY = /^(?:[a-z]{2,6}(?:-[a-z]+)?\.)?anthropic\.claude-(?:v2|instant-v1)(?::|$)/;
var fail = (field, message2) => {
  throw new ValidationError(message2, { field });
};
var show = (v) => {
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? v.slice(0, 40) + "\u2026" : v);
  if (Array.isArray(v)) return "an array";
  return v === null ? "null" : typeof v === "object" ? "an object" : String(v);
};
var isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
var isInt = (v) => typeof v === "number" && Number.isInteger(v);
function checkRange(field, v, min, max) {
  if (v === void 0) return;
  if (typeof v !== "number" || !(v >= min && v <= max)) fail(field, `${field} must be between ${min} and ${max}, got ${show(v)}`);
}
function checkOptions2(o) {
  if (!isObject(o)) fail("options", `options must be an object, got ${show(o)}`);
  if (typeof o.model !== "string" || !o.model) fail("model", `model must be a non-empty string, got ${show(o.model)}`);
  if (CONTROL2.test(o.model)) fail("model", "model must not contain CR, LF or NUL");
  if (o.maxTokens !== void 0 && !(isInt(o.maxTokens) && o.maxTokens >= 1)) {
    fail("maxTokens", `maxTokens must be an integer \u2265 1, got ${show(o.maxTokens)}`);
  }
  checkRange("temperature", o.temperature, 0, 1);
  checkRange("topP", o.topP, 0, 1);
  if (o.topK !== void 0 && !(isInt(o.topK) && o.topK >= 0)) fail("topK", `topK must be an integer \u2265 0, got ${show(o.topK)}`);
  if (o.stopSequences !== void 0 && !(Array.isArray(o.stopSequences) && o.stopSequences.every((s) => typeof s === "string" && s))) {
    fail("stopSequences", `stopSequences must be an array of non-empty strings, got ${show(o.stopSequences)}`);
  }
  if (o.system !== void 0 && typeof o.system !== "string") fail("system", `system must be a string, got ${show(o.system)}`);
  if (o.api !== void 0 && o.api !== "invoke" && o.api !== "converse") fail("api", `api must be 'invoke' or 'converse', got ${show(o.api)}`);
  if (o.betas !== void 0 && !(Array.isArray(o.betas) && o.betas.every((s) => typeof s === "string"))) {
    fail("betas", `betas must be an array of strings, got ${show(o.betas)}`);
  }
  if (o.thinking !== void 0) checkThinking(o);
  checkTools(o);
}
function checkThinking(o) {
  const budget = isObject(o.thinking) ? o.thinking.budgetTokens : void 0;
  const max = o.maxTokens ?? DEFAULT_MAX_TOKENS;
  if (!isInt(budget) || budget < MIN_THINKING_BUDGET || budget >= max) {
    fail("thinking.budgetTokens", `thinking.budgetTokens must be an integer \u2265 ${MIN_THINKING_BUDGET} and below maxTokens (${max}), got ${show(budget)}`);
  }
}
function checkTools(o) {
  const names = /* @__PURE__ */ new Set();
  if (o.tools !== void 0) {
    if (!Array.isArray(o.tools)) fail("tools", `tools must be an array, got ${show(o.tools)}`);
    o.tools.forEach((t, i) => {
      if (!isObject(t)) fail(`tools[${i}]`, `tools[${i}] must be an object, got ${show(t)}`);
      if (typeof t.name !== "string" || !TOOL_NAME.test(t.name)) fail(`tools[${i}].name`, `tools[${i}].name must match ${TOOL_NAME}, got ${show(t.name)}`);
      if (names.has(t.name)) fail(`tools[${i}].name`, `tools[${i}].name ${show(t.name)} is used twice`);
      names.add(t.name);
      if (t.description !== void 0 && typeof t.description !== "string") fail(`tools[${i}].description`, `tools[${i}].description must be a string, got ${show(t.description)}`);
      if (!isObject(t.inputSchema)) fail(`tools[${i}].inputSchema`, `tools[${i}].inputSchema must be a JSON Schema object, got ${show(t.inputSchema)}`);
    });
  }
  const c = o.toolChoice;
  if (c === void 0 || c === "auto" || c === "none") return;
  if (c === "any") {
    if (!names.size) fail("toolChoice", "toolChoice 'any' needs tools");
    return;
  }
  if (!isObject(c) || typeof c.name !== "string") fail("toolChoice", `toolChoice must be 'auto', 'any', 'none' or { name }, got ${show(c)}`);
  const name = c.name;
  if (!names.has(name)) fail("toolChoice", `toolChoice names tool ${show(name)}, which is not in tools`);
}
function checkBlock(b, role, at) {
  if (!isObject(b)) return fail(at, `${at} must be a content block object, got ${show(b)}`);
  const str4 = (k, v) => {
    if (typeof v !== "string") fail(`${at}.${k}`, `${at}.${k} must be a string, got ${show(v)}`);
  };
  switch (b.type) {
    case "text":
      return str4("text", b.text);
    case "image":
      if (!MEDIA.has(b.mediaType)) fail(`${at}.mediaType`, `${at}.mediaType must be one of ${[...MEDIA].join(", ")}, got ${show(b.mediaType)}`);
      if (typeof b.data !== "string" || !b.data) fail(`${at}.data`, `${at}.data must be non-empty base64, got ${show(b.data)}`);
      return;
    case "tool_use":
      if (role !== "assistant") fail(at, `${at}: tool_use blocks belong in assistant turns, got one in a ${role} turn`);
      str4("id", b.id);
      str4("name", b.name);
      return;
    case "tool_result":
      if (role !== "user") fail(at, `${at}: tool_result blocks belong in user turns, got one in a ${role} turn`);
      str4("toolUseId", b.toolUseId);
      if (Array.isArray(b.content)) {
        b.content.forEach((c, j) => {
          if (!isObject(c) || c.type !== "text" && c.type !== "image") fail(`${at}.content[${j}]`, `${at}.content[${j}] must be a text or image block, got ${show(c)}`);
          checkBlock(c, role, `${at}.content[${j}]`);
        });
      } else str4("content", b.content);
      if (b.isError !== void 0 && typeof b.isError !== "boolean") fail(`${at}.isError`, `${at}.isError must be a boolean, got ${show(b.isError)}`);
      return;
    case "thinking":
      str4("thinking", b.thinking);
      if (b.signature !== void 0) str4("signature", b.signature);
      return;
    case "redacted_thinking":
      return str4("data", b.data);
    default:
      fail(`${at}.type`, `${at}.type must be text, image, tool_use, tool_result, thinking or redacted_thinking, got ${show(b.type)}`);
  }
}
function checkMessage(m, i) {
  const at = `messages[${i}]`;
  if (!isObject(m)) return fail(at, `${at} must be an object, got ${show(m)}`);
  if (!ROLES.has(m.role)) fail(`${at}.role`, `${at}.role must be system, user or assistant, got ${show(m.role)}`);
  if (typeof m.content === "string") return;
  if (!Array.isArray(m.content)) return fail(`${at}.content`, `${at}.content must be a string or an array of blocks, got ${show(m.content)}`);
  m.content.forEach((b, j) => {
    if (m.role === "system" && !(isObject(b) && b.type === "text")) fail(`${at}.content[${j}]`, `${at}.content[${j}]: system messages hold text blocks only, got ${show(isObject(b) ? b.type : b)}`);
    checkBlock(b, m.role, `${at}.content[${j}]`);
  });
}
function validateRequest(messages, options) {
  checkOptions2(options);
  if (!Array.isArray(messages) || messages.length === 0) fail("messages", `messages must be a non-empty array, got ${show(messages)}`);
  messages.forEach(checkMessage);
  const first = messages.find((m) => m.role !== "system");
  if (!first) fail("messages", "messages hold no user turn (only system messages)");
  if (first?.role !== "user") fail("messages", `the conversation must start with a user turn after system messages, got ${show(first?.role)}`);
}
var blocks2 = (content) => typeof content === "string" ? [{ type: "text", text: content }] : content;
function normalize(messages, options) {
  const system = [];
  const turns = [];
  for (const m of messages) {
    const content = blocks2(m.content);
    if (m.role === "system") system.push(...content);
    else {
      const last2 = turns[turns.length - 1];
      if (last2?.role === m.role) last2.content = [...last2.content, ...content];
      else turns.push({ role: m.role, content });
    }
  }
  if (options.system) system.push({ type: "text", text: options.system });
  return { system, turns };
}
var resource = (model) => model.startsWith("arn:") ? model.slice(model.lastIndexOf("/") + 1) : model;
function chooseApi(model, api) {
  if (api === "converse") return "converse";
  const id = resource(model);
  if (LEGACY.test(id)) return "legacy";
  return api === "invoke" || ANTHROPIC.test(id) ? "messages" : "converse";
}
function makeUsage(prompt, completion, cacheRead, cacheWrite) {
  const u = { promptTokens: prompt, completionTokens: completion, totalTokens: prompt + completion + (cacheRead ?? 0) + (cacheWrite ?? 0) };
  if (cacheRead !== void 0) u.cacheReadTokens = cacheRead;
  if (cacheWrite !== void 0) u.cacheWriteTokens = cacheWrite;
  return u;
}
var num = (v) => typeof v === "number" && Number.isFinite(v) ? v : void 0;

// lib/anthropic.ts
var ANTHROPIC_VERSION = "bedrock-2023-05-31";
var HUMAN_PROMPT = "\n\nHuman:";
var AI_PROMPT = "\n\nAssistant:";
var INVOCATION_METRICS = "amazon-bedrock-invocationMetrics";
var isObject2 = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
var str = (v) => typeof v === "string" ? v : "";
var CACHE = { type: "ephemeral" };
function textJson(b) {
  return b.cache ? { type: "text", text: b.text, cache_control: CACHE } : { type: "text", text: b.text };
}
function blockJson(b) {
  switch (b.type) {
    case "text":
      return textJson(b);
    case "image":
      return { type: "image", source: { type: "base64", media_type: b.mediaType, data: b.data } };
    case "tool_use":
      return { type: "tool_use", id: b.id, name: b.name, input: b.input ?? {} };
    case "tool_result": {
      const out = { type: "tool_result", tool_use_id: b.toolUseId, content: typeof b.content === "string" ? b.content : b.content.map(blockJson) };
      if (b.isError) out.is_error = true;
      return out;
    }
    case "thinking":
      return b.signature === void 0 ? { type: "thinking", thinking: b.thinking } : { type: "thinking", thinking: b.thinking, signature: b.signature };
    case "redacted_thinking":
      return { type: "redacted_thinking", data: b.data };
  }
}
function turnJson(t) {
  const [only] = t.content;
  if (t.content.length === 1 && only?.type === "text" && !only.cache) return { role: t.role, content: only.text };
  return { role: t.role, content: t.content.map(blockJson) };
}
function toolChoiceJson(c) {
  if (c === void 0) return void 0;
  return typeof c === "string" ? { type: c } : { type: "tool", name: c.name };
}
function messagesBody(messages, options) {
  const { system, turns } = normalize(messages, options);
  const body2 = { anthropic_version: ANTHROPIC_VERSION, max_tokens: options.maxTokens ?? DEFAULT_MAX_TOKENS, messages: turns.map(turnJson) };
  const [first] = system;
  if (system.length === 1 && first && !first.cache) body2.system = first.text;
  else if (system.length) body2.system = system.map(textJson);
  if (options.temperature !== void 0) body2.temperature = options.temperature;
  if (options.topP !== void 0) body2.top_p = options.topP;
  if (options.topK !== void 0) body2.top_k = options.topK;
  if (options.stopSequences?.length) body2.stop_sequences = options.stopSequences;
  if (options.tools?.length) {
    body2.tools = options.tools.map((t) => t.description === void 0 ? { name: t.name, input_schema: t.inputSchema } : { name: t.name, description: t.description, input_schema: t.inputSchema });
    const choice = toolChoiceJson(options.toolChoice);
    if (choice) body2.tool_choice = choice;
  }
  if (options.thinking) body2.thinking = { type: "enabled", budget_tokens: options.thinking.budgetTokens };
  if (options.betas?.length) body2.anthropic_beta = options.betas;
  return body2;
}
function legacyText(t, model) {
  return t.content.map((b) => {
    if (b.type === "text") return b.text;
    throw new ValidationError(`${model} uses the legacy text-completions API, which takes text only, got a ${b.type} block`, { field: "messages" });
  }).join("");
}
function legacyBody(messages, options) {
  const { system, turns } = normalize(messages, options);
  let prompt = system.map((b) => b.text).join("\n");
  for (const t of turns) prompt += `${t.role === "user" ? HUMAN_PROMPT : AI_PROMPT} ${legacyText(t, options.model)}`;
  if (turns[turns.length - 1]?.role !== "assistant") prompt += AI_PROMPT;
  const body2 = { prompt, max_tokens_to_sample: options.maxTokens ?? DEFAULT_MAX_TOKENS };
  if (options.temperature !== void 0) body2.temperature = options.temperature;
  if (options.topP !== void 0) body2.top_p = options.topP;
  if (options.topK !== void 0) body2.top_k = options.topK;
  body2.stop_sequences = [HUMAN_PROMPT, ...(options.stopSequences ?? []).filter((s) => s !== HUMAN_PROMPT)];
  return body2;
}
function anthropicUsage(u) {
  const o = isObject2(u) ? u : {};
  return makeUsage(num(o.input_tokens) ?? 0, num(o.output_tokens) ?? 0, num(o.cache_read_input_tokens), num(o.cache_creation_input_tokens));
}
function blockFromJson(b) {
  if (!isObject2(b)) return void 0;
  switch (b.type) {
    case "text":
      return { type: "text", text: str(b.text) };
    case "tool_use":
      return { type: "tool_use", id: str(b.id), name: str(b.name), input: b.input ?? {} };
    case "thinking":
      return typeof b.signature === "string" ? { type: "thinking", thinking: str(b.thinking), signature: b.signature } : { type: "thinking", thinking: str(b.thinking) };
    case "redacted_thinking":
      return { type: "redacted_thinking", data: str(b.data) };
    default:
      return void 0;
  }
}
var joinText = (blocks3) => blocks3.map((b) => b.type === "text" ? b.text : "").join("");
function invalid(what, json, model) {
  const seen = JSON.stringify(json)?.slice(0, 80) ?? String(json);
  return new ProviderError(`expected ${what}, got ${seen}`, { code: "InvalidResponse", model });
}
function parseMessagesResponse(json, model) {
  if (!isObject2(json) || !Array.isArray(json.content)) throw invalid("a Claude Messages response with a content array", json, model);
  const blocks3 = json.content.map(blockFromJson).filter((b) => b !== void 0);
  return {
    content: joinText(blocks3),
    blocks: blocks3,
    model: typeof json.model === "string" && json.model ? json.model : model,
    stopReason: str(json.stop_reason) || "end_turn",
    usage: anthropicUsage(json.usage)
  };
}
function legacyStop(reason2, stop) {
  if (reason2 === "stop_sequence" && (stop === HUMAN_PROMPT || stop === void 0 || stop === null)) return "end_turn";
  return str(reason2) || "end_turn";
}
function parseLegacyResponse(json, model) {
  if (!isObject2(json) || typeof json.completion !== "string") throw invalid("a legacy response with a completion string", json, model);
  return {
    content: json.completion,
    blocks: [{ type: "text", text: json.completion }],
    model,
    stopReason: legacyStop(json.stop_reason, json.stop),
    usage: makeUsage(0, 0)
  };
}
function usageFromHeaders(headers2) {
  const read = (name) => {
    const v = headers2.get(`x-amzn-bedrock-${name}`);
    return v === null || v.trim() === "" || !Number.isFinite(Number(v)) ? void 0 : Number(v);
  };
  const input = read("input-token-count");
  const output = read("output-token-count");
  if (input === void 0 && output === void 0) return void 0;
  return makeUsage(input ?? 0, output ?? 0, read("cache-read-input-token-count"), read("cache-write-input-token-count"));
}
function metricsUsage(m) {
  if (!isObject2(m) || num(m.inputTokenCount) === void 0) return void 0;
  return makeUsage(num(m.inputTokenCount) ?? 0, num(m.outputTokenCount) ?? 0, num(m.cacheReadInputTokenCount), num(m.cacheWriteInputTokenCount));
}
var STREAM_ERRORS = {
  rate_limit_error: "throttlingException",
  overloaded_error: "serviceUnavailableException",
  api_error: "internalServerException",
  invalid_request_error: "validationException",
  not_found_error: "resourceNotFoundException",
  permission_error: "accessDeniedException",
  authentication_error: "accessDeniedException"
};
var MessagesStream = class {
  /** Content blocks by Claude block index (unknown block kinds leave a hole). */
  blocks = [];
  id;
  model;
  stopReason;
  usage = makeUsage(0, 0);
  #started = false;
  #ended = false;
  #json = /* @__PURE__ */ new Map();
  /** `model` is reported when the stream does not name one. */
  constructor(model) {
    this.model = model;
  }
  /** Maps one decoded event; returns the events to yield (possibly none). */
  push(event2) {
    if (!isObject2(event2)) throw new StreamError(`expected a Claude stream event object, got ${JSON.stringify(event2)?.slice(0, 80)}`, { model: this.model });
    if (this.#ended) return [];
    const out = [];
    switch (event2.type) {
      case "message_start":
        this.#messageStart(event2.message, out);
        break;
      case "content_block_start":
        this.#start(out);
        this.#blockStart(num(event2.index) ?? 0, event2.content_block, out);
        break;
      case "content_block_delta":
        this.#start(out);
        this.#delta(num(event2.index) ?? 0, isObject2(event2.delta) ? event2.delta : {}, out);
        break;
      case "content_block_stop":
        this.#blockStop(num(event2.index) ?? 0, out);
        break;
      case "message_delta":
        this.#messageDelta(event2);
        break;
      case "message_stop":
        this.#start(out);
        this.usage = metricsUsage(event2[INVOCATION_METRICS]) ?? this.usage;
        out.push(this.#end());
        break;
      case "error": {
        const e = isObject2(event2.error) ? event2.error : {};
        throw errorFromException(STREAM_ERRORS[str(e.type)] ?? "modelStreamErrorException", str(e.message) || str(e.type), this.model);
      }
    }
    return out;
  }
  /** Call when the source ends: `[]` after `content_end`, else a `StreamError` (never a short answer). */
  finish() {
    if (this.#ended) return [];
    throw new StreamError(`Claude stream ended before message_stop (${this.blocks.length} content blocks received)`, { model: this.model });
  }
  /** The answer accumulated so far, shaped like `chat()`'s. */
  response() {
    const blocks3 = this.blocks.filter((b) => b !== void 0);
    return { content: joinText(blocks3), blocks: blocks3, model: this.model ?? "", stopReason: this.stopReason ?? "end_turn", usage: this.usage };
  }
  #start(out) {
    if (this.#started) return;
    this.#started = true;
    const ev = { type: "content_start" };
    if (this.id !== void 0) ev.id = this.id;
    if (this.model !== void 0) ev.model = this.model;
    out.push(ev);
  }
  #messageStart(m, out) {
    const msg = isObject2(m) ? m : {};
    if (typeof msg.id === "string") this.id = msg.id;
    if (typeof msg.model === "string" && msg.model) this.model = msg.model;
    this.usage = anthropicUsage(msg.usage);
    this.#start(out);
  }
  #blockStart(index, raw, out) {
    const block = blockFromJson(raw);
    if (!block) return;
    if (block.type === "tool_use") {
      block.input = {};
      this.#json.set(index, "");
    }
    this.blocks[index] = block;
    if (block.type === "text" && block.text) out.push({ type: "content_delta", index, content: block.text });
    if (block.type === "thinking" && block.thinking) out.push({ type: "thinking_delta", index, thinking: block.thinking });
  }
  #delta(index, d, out) {
    let block = this.blocks[index];
    switch (d.type) {
      case "text_delta": {
        const text3 = str(d.text);
        if (block?.type !== "text") block = this.blocks[index] = { type: "text", text: "" };
        block.text += text3;
        if (text3) out.push({ type: "content_delta", index, content: text3 });
        return;
      }
      case "thinking_delta": {
        const thinking = str(d.thinking);
        if (block?.type !== "thinking") block = this.blocks[index] = { type: "thinking", thinking: "" };
        block.thinking += thinking;
        if (thinking) out.push({ type: "thinking_delta", index, thinking });
        return;
      }
      case "signature_delta":
        if (block?.type === "thinking") block.signature = (block.signature ?? "") + str(d.signature);
        return;
      case "input_json_delta": {
        const sofar = this.#json.get(index);
        if (sofar === void 0) throw new StreamError(`input_json_delta at index ${index} without a tool_use content_block_start`, { model: this.model });
        this.#json.set(index, sofar + str(d.partial_json));
        return;
      }
    }
  }
  #blockStop(index, out) {
    const block = this.blocks[index];
    const text3 = this.#json.get(index);
    if (block?.type !== "tool_use" || text3 === void 0) return;
    this.#json.delete(index);
    try {
      block.input = text3.trim() ? JSON.parse(text3) : {};
    } catch (cause) {
      throw new StreamError(`tool_use ${block.name} at index ${index}: expected JSON input, got ${JSON.stringify(text3.slice(0, 80))}`, { model: this.model, cause });
    }
    out.push({ type: "tool_use", index, id: block.id, name: block.name, input: block.input });
  }
  #messageDelta(event2) {
    const d = isObject2(event2.delta) ? event2.delta : {};
    if (typeof d.stop_reason === "string") this.stopReason = d.stop_reason;
    const u = isObject2(event2.usage) ? event2.usage : {};
    const cur = this.usage;
    this.usage = makeUsage(
      num(u.input_tokens) ?? cur.promptTokens,
      num(u.output_tokens) ?? cur.completionTokens,
      num(u.cache_read_input_tokens) ?? cur.cacheReadTokens,
      num(u.cache_creation_input_tokens) ?? cur.cacheWriteTokens
    );
  }
  #end() {
    this.#ended = true;
    return { type: "content_end", stopReason: this.stopReason ?? "end_turn", usage: this.usage };
  }
};
var LegacyStream = class {
  text = "";
  model;
  stopReason;
  usage = makeUsage(0, 0);
  #started = false;
  #ended = false;
  /** `model` is reported in `content_start`. */
  constructor(model) {
    this.model = model;
  }
  /** Maps one decoded event; returns the events to yield. */
  push(event2) {
    if (!isObject2(event2)) throw new StreamError(`expected a legacy stream event object, got ${JSON.stringify(event2)?.slice(0, 80)}`, { model: this.model });
    if (this.#ended) return [];
    const out = [];
    if (!this.#started) {
      this.#started = true;
      out.push(this.model === void 0 ? { type: "content_start" } : { type: "content_start", model: this.model });
    }
    const piece = str(event2.completion);
    if (piece) {
      this.text += piece;
      out.push({ type: "content_delta", index: 0, content: piece });
    }
    this.usage = metricsUsage(event2[INVOCATION_METRICS]) ?? this.usage;
    if (typeof event2.stop_reason === "string" && event2.stop_reason) {
      this.stopReason = legacyStop(event2.stop_reason, event2.stop);
      this.#ended = true;
      out.push({ type: "content_end", stopReason: this.stopReason, usage: this.usage });
    }
    return out;
  }
  /** `[]` after `content_end`, else a `StreamError`. */
  finish() {
    if (this.#ended) return [];
    throw new StreamError(`legacy Claude stream ended before a stop_reason (${this.text.length} characters received)`, { model: this.model });
  }
  /** The answer accumulated so far, shaped like `chat()`'s. */
  response() {
    return { content: this.text, blocks: [{ type: "text", text: this.text }], model: this.model ?? "", stopReason: this.stopReason ?? "end_turn", usage: this.usage };
  }
};

// lib/converse.ts
var isObject3 = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
var str2 = (v) => typeof v === "string" ? v : "";
var CACHE_POINT = { cachePoint: { type: "default" } };
function converseBlocks(b) {
  switch (b.type) {
    case "text":
      return b.cache ? [{ text: b.text }, CACHE_POINT] : [{ text: b.text }];
    case "image":
      return [{ image: { format: b.mediaType.slice("image/".length), source: { bytes: b.data } } }];
    case "tool_use":
      return [{ toolUse: { toolUseId: b.id, name: b.name, input: b.input ?? {} } }];
    case "tool_result": {
      const content = typeof b.content === "string" ? [{ text: b.content }] : b.content.flatMap((c) => c.type === "text" ? [{ text: c.text }] : converseBlocks(c));
      const result = { toolUseId: b.toolUseId, content };
      if (b.isError) result.status = "error";
      return [{ toolResult: result }];
    }
    case "thinking": {
      const text3 = b.signature === void 0 ? { text: b.thinking } : { text: b.thinking, signature: b.signature };
      return [{ reasoningContent: { reasoningText: text3 } }];
    }
    case "redacted_thinking":
      return [{ reasoningContent: { redactedContent: b.data } }];
  }
}
var hasToolBlocks = (turns) => turns.some((t) => t.content.some((b) => b.type === "tool_use" || b.type === "tool_result"));
function toolConfig(options, turns) {
  if (!options.tools?.length) return void 0;
  const c = options.toolChoice;
  if (c === "none" && !hasToolBlocks(turns)) return void 0;
  const tools = options.tools.map((t) => {
    const spec = { name: t.name };
    if (t.description !== void 0) spec.description = t.description;
    spec.inputSchema = { json: t.inputSchema };
    return { toolSpec: spec };
  });
  if (c === void 0 || c === "none") return { tools };
  return { tools, toolChoice: typeof c === "string" ? { [c]: {} } : { tool: { name: c.name } } };
}
function converseBody(messages, options) {
  const { system, turns } = normalize(messages, options);
  const body2 = { messages: turns.map((t) => ({ role: t.role, content: t.content.flatMap(converseBlocks) })) };
  if (system.length) body2.system = system.flatMap(converseBlocks);
  const inference = {};
  const maxTokens = options.maxTokens ?? (options.thinking ? DEFAULT_MAX_TOKENS : void 0);
  if (maxTokens !== void 0) inference.maxTokens = maxTokens;
  if (options.temperature !== void 0) inference.temperature = options.temperature;
  if (options.topP !== void 0) inference.topP = options.topP;
  if (options.stopSequences?.length) inference.stopSequences = options.stopSequences;
  if (Object.keys(inference).length) body2.inferenceConfig = inference;
  const extra = {};
  if (options.topK !== void 0) extra.top_k = options.topK;
  if (options.thinking) extra.thinking = { type: "enabled", budget_tokens: options.thinking.budgetTokens };
  if (Object.keys(extra).length) body2.additionalModelRequestFields = extra;
  const tools = toolConfig(options, turns);
  if (tools) body2.toolConfig = tools;
  return body2;
}
function countTokensBody(messages, options, api) {
  if (api === "converse") {
    const { inferenceConfig: _, ...converse } = converseBody(messages, options);
    return { input: { converse } };
  }
  const body2 = api === "legacy" ? legacyBody(messages, options) : messagesBody(messages, options);
  return { input: { invokeModel: { body: toBase64(utf8(JSON.stringify(body2))) } } };
}
function blockFromConverse(b) {
  if (!isObject3(b)) return void 0;
  if (typeof b.text === "string") return { type: "text", text: b.text };
  if (isObject3(b.toolUse)) return { type: "tool_use", id: str2(b.toolUse.toolUseId), name: str2(b.toolUse.name), input: b.toolUse.input ?? {} };
  const r = b.reasoningContent;
  if (!isObject3(r)) return void 0;
  if (typeof r.redactedContent === "string") return { type: "redacted_thinking", data: r.redactedContent };
  const t = isObject3(r.reasoningText) ? r.reasoningText : {};
  return typeof t.signature === "string" ? { type: "thinking", thinking: str2(t.text), signature: t.signature } : { type: "thinking", thinking: str2(t.text) };
}
function converseUsage(u) {
  const o = isObject3(u) ? u : {};
  const usage = makeUsage(num(o.inputTokens) ?? 0, num(o.outputTokens) ?? 0, num(o.cacheReadInputTokens), num(o.cacheWriteInputTokens));
  const total = num(o.totalTokens);
  if (total !== void 0) usage.totalTokens = total;
  return usage;
}
function parseConverseResponse(json, model) {
  const message2 = isObject3(json) && isObject3(json.output) ? json.output.message : void 0;
  if (!isObject3(json) || !isObject3(message2) || !Array.isArray(message2.content)) {
    throw new ProviderError(`expected a Converse response with output.message.content, got ${JSON.stringify(json)?.slice(0, 80)}`, { code: "InvalidResponse", model });
  }
  const blocks3 = message2.content.map(blockFromConverse).filter((b) => b !== void 0);
  return { content: joinText(blocks3), blocks: blocks3, model, stopReason: str2(json.stopReason) || "end_turn", usage: converseUsage(json.usage) };
}
var ConverseStream = class {
  /** Content blocks by Converse `contentBlockIndex`. */
  blocks = [];
  model;
  stopReason;
  usage = makeUsage(0, 0);
  #started = false;
  #metadata = false;
  #ended = false;
  #json = /* @__PURE__ */ new Map();
  /** `model` is reported in `content_start` (Converse events do not name it). */
  constructor(model) {
    this.model = model;
  }
  /** Maps one event; returns the events to yield (possibly none). */
  push(eventType, payload) {
    const p = isObject3(payload) ? payload : {};
    if (eventType.endsWith("Exception")) throw errorFromException(eventType, str2(p.message) || str2(p.Message), this.model);
    if (this.#ended) return [];
    const out = [];
    const index = num(p.contentBlockIndex) ?? 0;
    switch (eventType) {
      case "messageStart":
        this.#start(out);
        break;
      case "contentBlockStart":
        this.#start(out);
        this.#blockStart(index, isObject3(p.start) ? p.start : {});
        break;
      case "contentBlockDelta":
        this.#start(out);
        this.#delta(index, isObject3(p.delta) ? p.delta : {}, out);
        break;
      case "contentBlockStop":
        this.#blockStop(index, out);
        break;
      case "messageStop":
        this.#start(out);
        this.stopReason = str2(p.stopReason) || "end_turn";
        if (this.#metadata) out.push(this.#end());
        break;
      case "metadata":
        this.#metadata = true;
        this.usage = converseUsage(p.usage);
        if (this.stopReason !== void 0) out.push(this.#end());
        break;
    }
    return out;
  }
  /** Call when the source ends: `[]` after `content_end`, `content_end` after `messageStop`, else a `StreamError`. */
  finish() {
    if (this.#ended) return [];
    if (this.stopReason !== void 0) return [this.#end()];
    throw new StreamError(`ConverseStream ended before messageStop (${this.blocks.length} content blocks received)`, { model: this.model });
  }
  /** The answer accumulated so far, shaped like `chat()`'s. */
  response() {
    const blocks3 = this.blocks.filter((b) => b !== void 0);
    return { content: joinText(blocks3), blocks: blocks3, model: this.model ?? "", stopReason: this.stopReason ?? "end_turn", usage: this.usage };
  }
  #start(out) {
    if (this.#started) return;
    this.#started = true;
    out.push(this.model === void 0 ? { type: "content_start" } : { type: "content_start", model: this.model });
  }
  #blockStart(index, start) {
    const t = start.toolUse;
    if (!isObject3(t)) return;
    this.blocks[index] = { type: "tool_use", id: str2(t.toolUseId), name: str2(t.name), input: {} };
    this.#json.set(index, "");
  }
  #delta(index, d, out) {
    let block = this.blocks[index];
    if (typeof d.text === "string") {
      if (block?.type !== "text") block = this.blocks[index] = { type: "text", text: "" };
      block.text += d.text;
      if (d.text) out.push({ type: "content_delta", index, content: d.text });
    } else if (isObject3(d.toolUse)) {
      const sofar = this.#json.get(index);
      if (sofar === void 0) throw new StreamError(`toolUse delta at contentBlockIndex ${index} without a toolUse contentBlockStart`, { model: this.model });
      this.#json.set(index, sofar + str2(d.toolUse.input));
    } else if (isObject3(d.reasoningContent)) {
      this.#reasoning(index, d.reasoningContent, out);
    }
  }
  #reasoning(index, r, out) {
    if (typeof r.redactedContent === "string") {
      const prev = this.blocks[index];
      this.blocks[index] = { type: "redacted_thinking", data: (prev?.type === "redacted_thinking" ? prev.data : "") + r.redactedContent };
      return;
    }
    let block = this.blocks[index];
    if (block?.type !== "thinking") block = this.blocks[index] = { type: "thinking", thinking: "" };
    if (typeof r.signature === "string") block.signature = (block.signature ?? "") + r.signature;
    if (typeof r.text === "string" && r.text) {
      block.thinking += r.text;
      out.push({ type: "thinking_delta", index, thinking: r.text });
    }
  }
  #blockStop(index, out) {
    const block = this.blocks[index];
    const text3 = this.#json.get(index);
    if (block?.type !== "tool_use" || text3 === void 0) return;
    this.#json.delete(index);
    try {
      block.input = text3.trim() ? JSON.parse(text3) : {};
    } catch (cause) {
      throw new StreamError(`toolUse ${block.name} at contentBlockIndex ${index}: expected JSON input, got ${JSON.stringify(text3.slice(0, 80))}`, { model: this.model, cause });
    }
    out.push({ type: "tool_use", index, id: block.id, name: block.name, input: block.input });
  }
  #end() {
    this.#ended = true;
    return { type: "content_end", stopReason: this.stopReason ?? "end_turn", usage: this.usage };
  }
};

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
      for (const last2 = j + n; j < last2; j += 4) {
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
var utf82 = (s) => (utf8Encoder ??= new TextEncoder()).encode(s);
var text = (b, start, end) => (utf8Decoder ??= new TextDecoder()).decode(b.subarray(start, end));
var u32 = (b, i) => (b[i] << 24 | b[i + 1] << 16 | b[i + 2] << 8 | b[i + 3]) >>> 0;
var fail2 = (message2) => {
  throw new StreamError(message2);
};
function header(out, name, input) {
  const h = input instanceof Uint8Array ? { type: "binary", value: input } : input instanceof Date ? { type: "timestamp", value: input } : typeof input == "object" ? input : { type: PLAIN[typeof input], value: input };
  const type = TYPES.indexOf(h?.type), key = utf82(name);
  const value = h?.value;
  try {
    if (type < 0 || !key.length || key.length > MAX_HEADER_NAME_LENGTH) throw 0;
    out.push(key.length, ...key, type || (value ? 0 : 1));
    if (type == BYTES || type == STRING) {
      const bytes = type == STRING ? utf82(value) : value;
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
  if (actual !== expected) fail2(`Prelude checksum mismatch: expected ${expected}, computed ${actual}`);
  if (total < MINIMUM_MESSAGE_LENGTH || total > max) fail2(`event-stream message length ${total}: expected ${MINIMUM_MESSAGE_LENGTH} to ${max} bytes`);
  if (headersLength > total - MINIMUM_MESSAGE_LENGTH) fail2(`event-stream headers length ${headersLength}: expected at most ${total - MINIMUM_MESSAGE_LENGTH} bytes`);
  return total;
}
function message(b, i, total) {
  const end = i + total - MESSAGE_CRC_LENGTH, expected = u32(b, end);
  const actual = crc32(b, u32(b, i + PRELUDE_CRC_OFFSET), i + PRELUDE_CRC_OFFSET, end);
  if (actual !== expected) fail2(`Message checksum mismatch: expected ${expected}, computed ${actual}`);
  const payload = i + PRELUDE_LENGTH + u32(b, i + 4);
  return { headers: headers(b, i + PRELUDE_LENGTH, payload), payload: b.subarray(payload, end) };
}
var lastBlock;
var lastHeaders = {};
function headers(b, p, end) {
  const start = p, n = end - p, last2 = lastBlock;
  if (last2?.length === n) {
    let k = 0;
    while (k < n && last2[k] === b[p + k]) k++;
    if (k === n) return { ...lastHeaders };
  }
  const out = {};
  let plain = true;
  while (p < end) {
    const at = p + 1 + b[p];
    if (at >= end) fail2(`event-stream header at byte ${p - start}: expected a name and a type in the ${end - start}-byte headers, got a ${b[p]}-byte name`);
    const name = text(b, p + 1, at), type = b[at], q = at + 1;
    if (!(type < 10)) fail2(`event-stream header ${JSON.stringify(name)}: expected a type from 0 to 9, got ${type}`);
    let size = VALUE_SIZE[type];
    if ((type == BYTES || type == STRING) && q + 2 <= end) size += b[q] << 8 | b[q + 1];
    if (q + size > end) fail2(`event-stream header ${JSON.stringify(name)} of type ${type}: expected ${size} value bytes, got ${end - q}`);
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
        const take2 = Math.min(buffer.length - this.#filled, n - i);
        buffer.set(chunk.subarray(i, i += take2), this.#filled);
        if ((this.#filled += take2) < buffer.length) continue;
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
    if (b) fail2(`event stream ended inside a message: got ${this.#filled} of ${b.length > PRELUDE_LENGTH ? b.length : "at least " + MINIMUM_MESSAGE_LENGTH} bytes`);
  }
};

// lib/runtime.ts
var KNOWN_VARIABLES = [
  "HOME",
  "USERPROFILE",
  "HOMEDRIVE",
  "HOMEPATH",
  "AWS_REGION",
  "AWS_DEFAULT_REGION",
  "AWS_PROFILE",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_CREDENTIAL_EXPIRATION",
  "AWS_BEARER_TOKEN_BEDROCK",
  "AWS_ENDPOINT_URL_BEDROCK_RUNTIME",
  "AWS_ENDPOINT_URL",
  "AWS_ENDPOINT_URL_STS",
  "AWS_SHARED_CREDENTIALS_FILE",
  "AWS_CONFIG_FILE",
  "AWS_WEB_IDENTITY_TOKEN_FILE",
  "AWS_ROLE_ARN",
  "AWS_ROLE_SESSION_NAME",
  "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
  "AWS_CONTAINER_CREDENTIALS_FULL_URI",
  "AWS_CONTAINER_AUTHORIZATION_TOKEN",
  "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
  "AWS_EC2_METADATA_DISABLED",
  "AWS_EC2_METADATA_SERVICE_ENDPOINT",
  "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE"
];
var g = (scope) => scope;
function granted(deno, descriptor) {
  const query = deno.permissions?.querySync;
  if (!query) return true;
  try {
    return query.call(deno.permissions, descriptor).state === "granted";
  } catch {
    return false;
  }
}
function runtimeName(scope = globalThis) {
  const s = g(scope);
  if (s.Deno?.version?.deno) return "deno";
  if (s.Bun) return "bun";
  if (s.navigator?.userAgent === "Cloudflare-Workers") return "workerd";
  if (s.process?.versions?.node) return "node";
  if (s.document !== void 0 || s.window !== void 0 || s.importScripts !== void 0) return "browser";
  return "unknown";
}
function env(scope = globalThis) {
  const s = g(scope);
  const deno = s.Deno;
  if (deno?.env) {
    if (granted(deno, { name: "env" })) {
      try {
        return { ...deno.env.toObject() };
      } catch {
        return {};
      }
    }
    const out = {};
    for (const name of KNOWN_VARIABLES) {
      if (!granted(deno, { name: "env", variable: name })) continue;
      try {
        const value = deno.env.get(name);
        if (value !== void 0) out[name] = value;
      } catch {
      }
    }
    return out;
  }
  try {
    const e = s.process?.env;
    return e && typeof e === "object" ? { ...e } : {};
  } catch {
    return {};
  }
}
function builtin(scope, id) {
  const p = g(scope).process;
  try {
    return p?.getBuiltinModule?.(id) ?? void 0;
  } catch {
    return void 0;
  }
}
var unsupported = (what, scope) => new ProviderError(`${what} not available in this runtime (${runtimeName(scope)})`, { code: "UnsupportedRuntime" });
function fileError(path, error) {
  const e = error;
  if (e?.code === "ENOENT" || e?.name === "NotFound") {
    return new ProviderError(`file not found: ${path}`, { code: "FileNotFound", cause: error });
  }
  const why = e?.code ?? e?.name ?? "error";
  return new ProviderError(`cannot read file ${path} (${String(why)})`, { code: "FileUnreadable", cause: error });
}
function canReadFiles(scope = globalThis) {
  const deno = g(scope).Deno;
  if (deno?.readTextFile) return true;
  return builtin(scope, "node:fs") !== void 0;
}
async function readTextFile(path, scope = globalThis) {
  const deno = g(scope).Deno;
  if (deno?.readTextFile) {
    if (!granted(deno, { name: "read", path })) {
      throw new ProviderError(`cannot read file ${path} (Deno needs --allow-read)`, { code: "NoPermission" });
    }
    try {
      return await deno.readTextFile(path);
    } catch (error) {
      throw fileError(path, error);
    }
  }
  const fs = builtin(scope, "node:fs");
  if (!fs) throw unsupported("reading files is", scope);
  try {
    return await fs.promises.readFile(path, "utf8");
  } catch (error) {
    throw fileError(path, error);
  }
}
function homeDir(scope = globalThis) {
  const e = env(scope);
  const home = e.HOME || e.USERPROFILE || (e.HOMEDRIVE && e.HOMEPATH ? e.HOMEDRIVE + e.HOMEPATH : void 0);
  if (home) return home;
  try {
    return builtin(scope, "node:os")?.homedir() || void 0;
  } catch {
    return void 0;
  }
}
function mayConnect(url, scope = globalThis) {
  const deno = g(scope).Deno;
  return !deno?.permissions?.querySync || granted(deno, { name: "net", host: new URL(url).host });
}
var isWindows = (s) => s.process?.platform === "win32" || s.Deno?.build?.os === "windows";
function shell(s, command) {
  return isWindows(s) ? ["cmd.exe", ["/d", "/s", "/c", command]] : ["/bin/sh", ["-c", command]];
}
function defined(e) {
  const out = {};
  for (const [k, v] of Object.entries(e)) if (v !== void 0) out[k] = v;
  return out;
}
async function runProcess(command, options = {}, scope = globalThis) {
  const s = g(scope);
  const timeout = options.timeout ?? 6e4;
  const [file, args] = shell(s, command);
  const childEnv = options.env && defined(options.env);
  if (s.Deno?.Command) {
    if (!granted(s.Deno, { name: "run" })) {
      throw new ProviderError("cannot run a process (Deno needs --allow-run)", { code: "NoPermission" });
    }
    const signal = AbortSignal.timeout(timeout);
    const cmd = new s.Deno.Command(file, { args, signal, stdin: "null", stdout: "piped", stderr: "piped", ...childEnv ? { env: childEnv, clearEnv: true } : {} });
    try {
      const out = await cmd.output();
      const text3 = new TextDecoder();
      return { code: out.code, stdout: text3.decode(out.stdout), stderr: text3.decode(out.stderr) };
    } catch (error) {
      if (signal.aborted) throw processTimeout(timeout, error);
      throw new ProviderError(`cannot run process: ${error.message}`, { code: "ProcessFailed", cause: error });
    }
  }
  const cp = builtin(scope, "node:child_process");
  if (!cp) throw unsupported("running processes is", scope);
  return new Promise((resolve, reject) => {
    const opts = { timeout, killSignal: "SIGKILL", windowsHide: true, maxBuffer: 1 << 20, encoding: "utf8", ...childEnv ? { env: childEnv } : {} };
    cp.execFile(file, args, opts, (error, stdout, stderr) => {
      if (error?.killed) return reject(processTimeout(timeout, error));
      if (error && typeof error.code !== "number") {
        return reject(new ProviderError(`cannot run process: ${error.message}`, { code: "ProcessFailed", cause: error }));
      }
      resolve({ code: typeof error?.code === "number" ? error.code : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}
var processTimeout = (ms, cause) => new ProviderError(`process did not finish within ${ms} ms`, { code: "ProcessTimeout", cause });

// lib/credentials.ts
var NOT_FOUND = "CredentialsNotFound";
var REFRESH_BEFORE = 3e5;
var CONTAINER_ENDPOINT = "http://169.254.170.2";
var IMDS_ENDPOINT = "http://169.254.169.254";
var IMDS_ENDPOINT_IPV6 = "http://[fd00:ec2::254]";
var IMDS_TOKEN_TTL = 21600;
var STS_VERSION = "2011-06-15";
var CONTROL3 = /[\r\n\0]/;
var PREFIX = 'authentication failed for provider "bedrock": ';
var CONTAINER_HOSTS = /* @__PURE__ */ new Set(["169.254.170.2", "169.254.170.23", "[fd00:ec2::23]"]);
var notFound = (detail) => new AuthenticationError(detail, { code: NOT_FOUND });
var failed = (detail, fields = {}) => new AuthenticationError(detail, { code: "CredentialsProviderError", ...fields });
var isNotFound = (error) => error?.code === NOT_FOUND;
var detailOf = (error) => {
  const m = error instanceof Error ? error.message : String(error);
  return m.startsWith(PREFIX) ? m.slice(PREFIX.length) : m;
};
var short = (s) => (s.length > 200 ? s.slice(0, 200) + "\u2026" : s).replace(/\s+/g, " ").trim();
function validateCredentials(value, source = "credentials") {
  if (!value || typeof value !== "object") {
    throw new ValidationError(`${source}: expected an object with accessKeyId and secretAccessKey, got ${value === null ? "null" : typeof value}`, { field: "credentials" });
  }
  const v = value;
  const out = { accessKeyId: text2(v.accessKeyId, "accessKeyId", source), secretAccessKey: text2(v.secretAccessKey, "secretAccessKey", source) };
  if (v.sessionToken !== void 0 && v.sessionToken !== null) out.sessionToken = text2(v.sessionToken, "sessionToken", source);
  if (v.expiration !== void 0 && v.expiration !== null) out.expiration = date(v.expiration, source);
  return out;
}
function text2(value, field, source) {
  if (typeof value !== "string" || value === "") {
    throw new ValidationError(`${source}: ${field} must be a non-empty string, got ${value === "" ? "an empty string" : typeof value}`, { field: `credentials.${field}` });
  }
  if (CONTROL3.test(value)) {
    throw new ValidationError(`${source}: ${field} must not contain CR, LF or NUL`, { field: `credentials.${field}` });
  }
  return value;
}
function date(value, source) {
  const d = value instanceof Date ? new Date(value.getTime()) : typeof value === "string" || typeof value === "number" ? new Date(value) : void 0;
  if (!d || Number.isNaN(d.getTime())) {
    throw new ValidationError(`${source}: expiration must be a date, got ${typeof value === "string" ? JSON.stringify(short(value)) : typeof value}`, { field: "credentials.expiration" });
  }
  return d;
}
function fromEnv(options = {}) {
  return async () => {
    const e = options.env ?? env();
    const id = e.AWS_ACCESS_KEY_ID, secret = e.AWS_SECRET_ACCESS_KEY;
    if (!id && !secret) throw notFound("env: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set");
    if (!id || !secret) throw notFound(`env: ${id ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID"} is not set (only half of the key pair is)`);
    return validateCredentials({ accessKeyId: id, secretAccessKey: secret, sessionToken: e.AWS_SESSION_TOKEN || void 0, expiration: e.AWS_CREDENTIAL_EXPIRATION || void 0 }, "env");
  };
}
function chain(...providers) {
  return async () => {
    const tried = [];
    for (const provider of providers) {
      try {
        return await provider();
      } catch (error) {
        if (isNotFound(error)) {
          tried.push(detailOf(error));
          continue;
        }
        if (!tried.length && error instanceof AuthenticationError) throw error;
        const p = error;
        throw new AuthenticationError(`${detailOf(error)}${tried.length ? ` (skipped before: ${tried.join("; ")})` : ""}`, {
          code: p.code ?? "CredentialsProviderError",
          status: p.status,
          requestId: p.requestId,
          cause: error
        });
      }
    }
    throw new AuthenticationError(`no credentials found; tried ${tried.join("; ") || "no source"}`, { code: NOT_FOUND });
  };
}
var MEMOIZED = /* @__PURE__ */ new WeakSet();
function memoize(provider, options = {}) {
  if (MEMOIZED.has(provider) && !Object.keys(options).length) return provider;
  const before = options.refreshBefore ?? REFRESH_BEFORE, retry = options.retryAfter ?? 1e4, now = options.now ?? Date.now;
  let cached, refreshAt = 0, inflight;
  const store = (value) => {
    const c = validateCredentials(value, "credential provider"), t = now(), exp = c.expiration?.getTime();
    if (exp !== void 0 && exp <= t) throw failed(`credential provider returned credentials that expired at ${c.expiration?.toISOString()}`);
    refreshAt = exp === void 0 ? Infinity : exp - before > t ? exp - before : t + (exp - t) / 2;
    return cached = c;
  };
  const fallback = (error) => {
    const exp = cached?.expiration?.getTime();
    if (cached && (exp === void 0 || exp > now())) {
      refreshAt = Math.min(now() + retry, exp ?? Infinity);
      return cached;
    }
    cached = void 0;
    throw error;
  };
  const memo = () => {
    if (cached && now() < refreshAt) return Promise.resolve(cached);
    if (inflight) return inflight;
    const p = Promise.resolve().then(provider).then(store).catch(fallback);
    const clear = () => {
      if (inflight === p) inflight = void 0;
    };
    p.then(clear, clear);
    return inflight = p;
  };
  const out = Object.assign(memo, { invalidate: () => {
    cached = void 0;
    refreshAt = 0;
  } });
  MEMOIZED.add(out);
  return out;
}
var origin = (url) => new URL(url).origin;
function checkUrl(url, what) {
  let u;
  try {
    u = new URL(url);
  } catch {
    throw new ValidationError(`${what}: expected an absolute http(s) URL, got ${JSON.stringify(short(url))}`, { field: "endpoint" });
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") {
    throw new ValidationError(`${what}: expected an http(s) URL, got ${u.protocol}`, { field: "endpoint" });
  }
  return url.replace(/\/+$/, "");
}
async function call(what, url, init, options, ms) {
  const f = options.fetch ?? globalThis.fetch;
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), ms);
  try {
    const res = await f(url, { ...init, signal: ctl.signal });
    return { status: res.status, text: await res.text() };
  } catch (error) {
    if (ctl.signal.aborted) throw new TimeoutError(`${what}: no answer from ${origin(url)} within ${ms} ms`, { cause: error });
    const cause = error.cause?.code ?? error.message;
    throw new ProviderError(`${what}: cannot reach ${origin(url)} (${cause})`, { code: "NetworkError", cause: error });
  } finally {
    clearTimeout(timer);
  }
}
function jsonCredentials(body2, what) {
  let j;
  try {
    j = JSON.parse(body2);
  } catch {
    throw failed(`${what}: expected a JSON credentials document, got ${body2.length} bytes that are not JSON`);
  }
  if (!j || typeof j !== "object") throw failed(`${what}: expected a JSON object, got ${j === null ? "null" : typeof j}`);
  if (typeof j.Code === "string" && j.Code !== "Success") throw failed(`${what}: credentials document has Code ${JSON.stringify(short(j.Code))}`);
  return validateCredentials({ accessKeyId: j.AccessKeyId, secretAccessKey: j.SecretAccessKey, sessionToken: j.Token || void 0, expiration: j.Expiration }, what);
}
function reason(body2) {
  try {
    const j = JSON.parse(body2);
    const code = j.code ?? j.Code, message2 = j.message ?? j.Message;
    if (code !== void 0 || message2 !== void 0) return `: ${[code, message2].filter((x) => x !== void 0).map(String).map(short).join(": ")}`;
  } catch {
  }
  return "";
}
function containerUrl(e, endpoint) {
  const relative = e.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI, full = e.AWS_CONTAINER_CREDENTIALS_FULL_URI;
  if (relative) return checkUrl(endpoint ?? CONTAINER_ENDPOINT, "container") + (relative.startsWith("/") ? "" : "/") + relative;
  if (!full) throw notFound("container: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI are not set");
  let u;
  try {
    u = new URL(full);
  } catch {
    throw failed(`container: AWS_CONTAINER_CREDENTIALS_FULL_URI is not a URL: ${JSON.stringify(short(full))}`);
  }
  const host = u.hostname;
  const allowed = u.protocol === "https:" || u.protocol === "http:" && (CONTAINER_HOSTS.has(host) || host === "localhost" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host));
  if (!allowed) {
    throw failed(`container: AWS_CONTAINER_CREDENTIALS_FULL_URI must be https, loopback http or an ECS/EKS link-local host (169.254.170.2, 169.254.170.23, [fd00:ec2::23]), got ${u.protocol}//${u.host}`);
  }
  return full;
}
async function containerToken(e) {
  const file = e.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE;
  let token = e.AWS_CONTAINER_AUTHORIZATION_TOKEN;
  if (file) {
    try {
      token = (await readTextFile(file)).trim();
    } catch (error) {
      throw failed(`container: cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: ${detailOf(error)}`, { cause: error });
    }
  }
  if (token !== void 0 && (token === "" || CONTROL3.test(token))) {
    throw failed("container: the authorization token is empty or contains CR, LF or NUL");
  }
  return token;
}
function fromContainer(options = {}) {
  return async () => {
    const e = options.env ?? env();
    const url = containerUrl(e, options.endpoint);
    const token = await containerToken(e);
    let res;
    try {
      res = await call("container", url, { headers: token ? { authorization: token } : {} }, options, options.timeout ?? 1e3);
    } catch (error) {
      throw failed(detailOf(error), { cause: error });
    }
    if (res.status !== 200) throw failed(`container: credentials endpoint answered ${res.status}${reason(res.text)}`, { status: res.status });
    return jsonCredentials(res.text, "container");
  };
}
function fromInstanceMetadata(options = {}) {
  return async () => {
    const e = options.env ?? env();
    if (e.AWS_EC2_METADATA_DISABLED?.toLowerCase() === "true") throw notFound("imds: disabled by AWS_EC2_METADATA_DISABLED");
    const given = options.endpoint ?? e.AWS_EC2_METADATA_SERVICE_ENDPOINT;
    const rt = runtimeName();
    if (!given && !options.fetch && rt !== "node" && rt !== "deno" && rt !== "bun") throw notFound(`imds: not available in this runtime (${rt})`);
    const base = checkUrl(given ?? (e.AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE?.toLowerCase() === "ipv6" ? IMDS_ENDPOINT_IPV6 : IMDS_ENDPOINT), "imds");
    if (!options.fetch && !mayConnect(base)) throw notFound(`imds: no permission to connect to ${new URL(base).host} (Deno needs --allow-net)`);
    const ms = options.timeout ?? 1e3;
    let token;
    try {
      token = await call("imds", `${base}/latest/api/token`, { method: "PUT", headers: { "x-aws-ec2-metadata-token-ttl-seconds": String(IMDS_TOKEN_TTL) } }, options, ms);
    } catch (error) {
      throw notFound(detailOf(error));
    }
    if (token.status !== 200 || !token.text || CONTROL3.test(token.text)) throw failed(`imds: token request answered ${token.status}${token.status === 200 ? " with an unusable token" : ""}`, { status: token.status });
    const get = async (path) => {
      try {
        return await call("imds", `${base}/latest/meta-data/iam/security-credentials/${path}`, { headers: { "x-aws-ec2-metadata-token": token.text } }, options, ms);
      } catch (error) {
        throw failed(detailOf(error), { cause: error });
      }
    };
    const roles = await get("");
    if (roles.status === 404) throw notFound("imds: no IAM role is attached to this instance");
    const role = roles.text.split("\n")[0]?.trim();
    if (roles.status !== 200 || !role) throw failed(`imds: role list answered ${roles.status}${roles.status === 200 ? " with no role" : ""}`, { status: roles.status });
    const creds = await get(encodeURIComponent(role));
    if (creds.status !== 200) throw failed(`imds: credentials of role ${JSON.stringify(role)} answered ${creds.status}`, { status: creds.status });
    return jsonCredentials(creds.text, "imds");
  };
}
var REGION = /^[a-z0-9-]+$/;
function stsEndpoint(region) {
  if (!REGION.test(region)) throw new ValidationError(`region must look like us-east-1, got ${JSON.stringify(short(region))}`, { field: "region" });
  return `https://sts.${region}.amazonaws.com${region.startsWith("cn-") ? ".cn" : ""}`;
}
var stsUrl = (e, region, endpoint) => checkUrl(endpoint ?? e.AWS_ENDPOINT_URL_STS ?? e.AWS_ENDPOINT_URL ?? stsEndpoint(region), "sts");
var ENTITY = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
var unxml = (s) => s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, n) => n[0] === "#" ? String.fromCodePoint(n[1] === "x" || n[1] === "X" ? parseInt(n.slice(2), 16) : Number(n.slice(1))) : ENTITY[n.toLowerCase()] ?? "");
function tag(xml, name) {
  const m = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`).exec(xml);
  return m?.[1] === void 0 ? void 0 : unxml(m[1].trim());
}
function parseStsResponse(status, xml, what) {
  if (status !== 200) {
    const code = tag(xml, "Code"), message2 = tag(xml, "Message"), requestId = tag(xml, "RequestId");
    const detail = code ? `${short(code)}${message2 ? `: ${short(message2)}` : ""}` : `HTTP ${status}`;
    throw failed(`${what}: STS answered ${status} ${detail}`, { status, requestId, code: code ?? "CredentialsProviderError" });
  }
  const block = tag(xml, "Credentials");
  if (block === void 0) throw failed(`${what}: expected STS XML with a Credentials element, got ${xml.length} bytes without one`);
  return validateCredentials({
    accessKeyId: tag(block, "AccessKeyId"),
    secretAccessKey: tag(block, "SecretAccessKey"),
    sessionToken: tag(block, "SessionToken"),
    expiration: tag(block, "Expiration")
  }, what);
}
async function sts(c) {
  const form = new URLSearchParams({ Version: STS_VERSION });
  for (const [k, v] of Object.entries(c.params)) if (v !== void 0) form.set(k, v);
  const body2 = form.toString();
  let headers2 = { "content-type": "application/x-www-form-urlencoded; charset=utf-8" };
  if (c.credentials) headers2 = await sign({ method: "POST", url: c.url + "/", headers: headers2, body: body2 }, { region: c.region, service: "sts", credentials: c.credentials });
  let res;
  try {
    res = await call(c.what, c.url + "/", { method: "POST", headers: headers2, body: body2 }, c.options, c.options.timeout ?? 1e4);
  } catch (error) {
    throw failed(detailOf(error), { cause: error });
  }
  return parseStsResponse(res.status, res.text, c.what);
}
var newSessionName = () => `bedrock-${Date.now()}`;
var regionOf = (e, ...given) => given.find(Boolean) ?? e.AWS_REGION ?? e.AWS_DEFAULT_REGION ?? "us-east-1";
async function tokenFromFile(what, file) {
  try {
    const token = (await readTextFile(file)).trim();
    if (token) return token;
  } catch (error) {
    throw failed(`${what}: cannot read the web identity token: ${detailOf(error)}`, { cause: error });
  }
  throw failed(`${what}: the web identity token file ${file} is empty`);
}
var webIdentity = (c, options, e) => sts({
  what: c.what,
  url: stsUrl(e, c.region, options.endpoint),
  region: c.region,
  options,
  params: { Action: "AssumeRoleWithWebIdentity", RoleArn: c.roleArn, RoleSessionName: c.sessionName, WebIdentityToken: c.token, DurationSeconds: c.durationSeconds?.toString() }
});
function fromWebIdentity(options = {}) {
  return async () => {
    const e = options.env ?? env();
    const given = options.webIdentityToken;
    const file = options.webIdentityTokenFile ?? e.AWS_WEB_IDENTITY_TOKEN_FILE, roleArn = options.roleArn ?? e.AWS_ROLE_ARN;
    if (!given && !file && !roleArn) throw notFound("web identity: AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN are not set");
    if (!given && !file || !roleArn) throw notFound(`web identity: ${roleArn ? "AWS_WEB_IDENTITY_TOKEN_FILE" : "AWS_ROLE_ARN"} is not set`);
    const what = "web identity";
    const token = given === void 0 ? await tokenFromFile(what, file) : typeof given === "string" ? given : await given();
    if (typeof token !== "string" || !token) throw failed(`${what}: the web identity token is empty`);
    const sessionName = options.roleSessionName ?? e.AWS_ROLE_SESSION_NAME ?? newSessionName();
    return webIdentity({ what, token, roleArn, sessionName, region: regionOf(e, options.region), durationSeconds: options.durationSeconds }, options, e);
  };
}
function parseIni(text3) {
  const out = /* @__PURE__ */ new Map();
  let section, parent;
  for (const raw of text3.split(/\r?\n/)) {
    const line = raw.split(/(?:^|\s)[;#]/)[0].trimEnd();
    if (!line.trim()) continue;
    const head = /^\s*\[([^\]]*)\]\s*$/.exec(line);
    if (head) {
      const name = head[1].trim();
      section = out.get(name) ?? /* @__PURE__ */ Object.create(null);
      out.set(name, section);
      parent = void 0;
      continue;
    }
    const eq = line.indexOf("=");
    if (!section || eq < 0) continue;
    const key = line.slice(0, eq).trim(), value = line.slice(eq + 1).trim();
    const indented = /^\s/.test(line);
    if (indented && parent) {
      section[`${parent}.${key}`] = value;
      continue;
    }
    section[key] = value;
    parent = value === "" ? key : void 0;
  }
  return out;
}
var expand = (path, home) => home && (path === "~" || path.startsWith("~/") || path.startsWith("~\\")) ? home + path.slice(1) : path;
async function optionalFile(path) {
  try {
    return await readTextFile(path);
  } catch (error) {
    const code = error.code;
    if (code === "FileNotFound") return void 0;
    if (code === "NoPermission") throw notFound(`shared files: ${detailOf(error)}`);
    throw failed(`shared files: ${detailOf(error)}`, { cause: error });
  }
}
function mergeProfiles(config, credentials) {
  const out = /* @__PURE__ */ new Map();
  const add = (name, s) => {
    out.set(name, Object.assign(out.get(name) ?? /* @__PURE__ */ Object.create(null), s));
  };
  for (const [name, s] of parseIni(config)) {
    const m = /^profile\s+(.+)$/.exec(name);
    if (m) add(m[1].trim(), s);
    else if (name === "default") add(name, s);
  }
  for (const [name, s] of parseIni(credentials)) add(name, s);
  return out;
}
var hasStatic = (p) => Boolean(p.aws_access_key_id && p.aws_secret_access_key);
var staticOf = (p, name) => validateCredentials({ accessKeyId: p.aws_access_key_id, secretAccessKey: p.aws_secret_access_key, sessionToken: p.aws_session_token || void 0 }, `profile "${name}"`);
var SOURCES = {
  Environment: (c) => fromEnv({ env: c.e }),
  Ec2InstanceMetadata: (c) => fromInstanceMetadata({ env: c.e, fetch: c.options.fetch }),
  EcsContainer: (c) => fromContainer({ env: c.e, fetch: c.options.fetch })
};
async function resolveProfile(name, c, path) {
  const what = `profile "${name}"`;
  const p = c.profiles.get(name);
  if (!p) throw failed(`${what} (source_profile of "${path[path.length - 1]}") not found`);
  if (path.length && hasStatic(p)) return staticOf(p, name);
  if (p.role_arn) {
    if (path.includes(name)) throw failed(`profile cycle: ${[...path, name].join(" \u2192 ")}`);
    if (p.mfa_serial) throw failed(`${what}: mfa_serial profiles need a token code and are not supported`);
    const region = regionOf(c.e, c.options.region, p.region, c.region);
    const session = p.role_session_name || newSessionName();
    if (p.web_identity_token_file) {
      const token = await tokenFromFile(what, p.web_identity_token_file);
      return webIdentity({ what, token, roleArn: p.role_arn, sessionName: session, region, durationSeconds: p.duration_seconds ? Number(p.duration_seconds) : void 0 }, c.options, c.e);
    }
    let source;
    if (p.source_profile) source = await resolveProfile(p.source_profile, c, [...path, name]);
    else if (p.credential_source) {
      const make = SOURCES[p.credential_source];
      if (!make) throw failed(`${what}: credential_source must be Environment, Ec2InstanceMetadata or EcsContainer, got ${JSON.stringify(short(p.credential_source))}`);
      source = await make(c)();
    } else throw failed(`${what}: role_arn needs source_profile, credential_source or web_identity_token_file`);
    return sts({
      what,
      url: stsUrl(c.e, region, c.options.endpoint),
      region,
      credentials: source,
      options: c.options,
      params: { Action: "AssumeRole", RoleArn: p.role_arn, RoleSessionName: session, ExternalId: p.external_id || void 0, DurationSeconds: p.duration_seconds || void 0 }
    });
  }
  if (hasStatic(p)) return staticOf(p, name);
  if (p.credential_process) return processCredentials(p.credential_process, what, c.options.timeout);
  if (p.sso_session || p.sso_start_url) {
    throw failed(`${what}: SSO profiles are not supported; use credential_process = aws configure export-credentials --profile ${name} --format process`);
  }
  throw failed(`${what} has no aws_access_key_id/aws_secret_access_key, role_arn or credential_process`);
}
function fromIni(options = {}) {
  return async () => {
    const e = options.env ?? env();
    const name = options.profile ?? e.AWS_PROFILE ?? "default";
    const explicit = options.profile !== void 0 || Boolean(e.AWS_PROFILE);
    if (!canReadFiles()) throw notFound(`shared files: reading files is not available in this runtime (${runtimeName()})`);
    const home = e.HOME || e.USERPROFILE || homeDir();
    const credFile = options.credentialsFile ?? e.AWS_SHARED_CREDENTIALS_FILE ?? (home && `${home}/.aws/credentials`);
    const confFile = options.configFile ?? e.AWS_CONFIG_FILE ?? (home && `${home}/.aws/config`);
    if (!credFile || !confFile) throw notFound("shared files: no home directory to find ~/.aws in");
    const [cred, conf] = await Promise.all([optionalFile(expand(credFile, home)), optionalFile(expand(confFile, home))]);
    if (cred === void 0 && conf === void 0) throw notFound(`shared files: ${credFile} and ${confFile} not found`);
    const profiles = mergeProfiles(conf ?? "", cred ?? "");
    const p = profiles.get(name);
    if (!p) {
      const detail = `shared files: profile "${name}" not found in ${credFile} or ${confFile}`;
      throw explicit ? failed(detail) : notFound(detail);
    }
    return resolveProfile(name, { profiles, options, e, region: p.region }, []);
  };
}
async function processCredentials(command, what, timeout) {
  const label = `${what}: credential_process`;
  let r;
  try {
    r = await runProcess(command, { timeout: timeout ?? 6e4 });
  } catch (error) {
    throw failed(`${label}: ${detailOf(error)}`, { cause: error });
  }
  if (r.code !== 0) {
    const err = r.stderr.trim().split("\n").pop();
    throw failed(`${label} exited with code ${r.code}${err ? `: ${short(err)}` : ""}`);
  }
  let j;
  try {
    j = JSON.parse(r.stdout);
  } catch {
    throw failed(`${label}: expected JSON on stdout, got ${r.stdout.length} bytes that are not JSON`);
  }
  if (!j || j.Version !== 1) throw failed(`${label}: expected "Version": 1, got ${JSON.stringify(j?.Version)}`);
  return validateCredentials({ accessKeyId: j.AccessKeyId, secretAccessKey: j.SecretAccessKey, sessionToken: j.SessionToken || void 0, expiration: j.Expiration || void 0 }, label);
}
function defaultChain(options = {}) {
  const { env: e, fetch: f, profile, region, stsEndpoint: sts2, containerEndpoint, imdsEndpoint } = options;
  return memoize(chain(
    fromEnv({ env: e }),
    fromIni({ env: e, fetch: f, profile, region, endpoint: sts2 }),
    fromWebIdentity({ env: e, fetch: f, region, endpoint: sts2 }),
    fromContainer({ env: e, fetch: f, endpoint: containerEndpoint }),
    fromInstanceMetadata({ env: e, fetch: f, endpoint: imdsEndpoint })
  ));
}

// lib/provider.ts
var CONTROL4 = /[\r\n\0]/;
var INSPECT = /* @__PURE__ */ Symbol.for("nodejs.util.inspect.custom");
var BedrockProvider = class {
  /** The validated region. */
  region;
  #transport;
  #closed = new AbortController();
  #summary;
  constructor(config = {}) {
    checkConfig(config);
    const region = config.region;
    this.region = region;
    const auth = resolveAuth(config);
    const hooks = config[HOOKS];
    this.#transport = new Transport({
      region,
      auth,
      endpoint: config.endpoint,
      gateway: config.gateway,
      useFipsEndpoint: config.useFipsEndpoint,
      fetch: config.fetch,
      maxRetries: config.maxRetries,
      timeout: config.timeout,
      idleTimeout: config.idleTimeout,
      headers: config.headers,
      hooks
    });
    this.#summary = {
      region,
      auth: "apiKey" in auth ? "apiKey" : config.accessKeyId ? "accessKey" : config.credentials ? "credentials" : "defaultChain",
      endpoint: config.endpoint,
      gateway: config.gateway,
      maxRetries: config.maxRetries,
      timeout: config.timeout,
      idleTimeout: config.idleTimeout
    };
  }
  /** Sends a conversation and resolves to the whole answer. */
  async chat(messages, options) {
    const api = this.#prepare(messages, options);
    const call2 = this.#call(options, api === "converse" ? "converse" : "invoke", body(messages, options, api));
    const { json, requestId, headers: headers2 } = await this.#transport.send(call2);
    const parse = api === "converse" ? parseConverseResponse : api === "legacy" ? parseLegacyResponse : parseMessagesResponse;
    const res = parse(json, options.model);
    const usage = api === "legacy" ? usageFromHeaders(headers2) : void 0;
    return usage ? { ...res, usage, requestId } : { ...res, requestId };
  }
  /**
   * Streams the answer: `content_start`, deltas, `tool_use`, then `content_end` (always last). Errors are
   * thrown from the iterator; leaving the loop or aborting `options.signal` cancels the request.
   */
  stream(messages, options) {
    let api = "messages";
    const call2 = () => {
      api = this.#prepare(messages, options);
      return this.#call(options, api === "converse" ? "converse-stream" : "invoke-with-response-stream", body(messages, options, api));
    };
    const model = options?.model;
    const decoder2 = () => api === "converse" ? converseDecoder(model) : invokeDecoder(model, api === "legacy" ? new LegacyStream(model) : new MessagesStream(model));
    return this.#transport.stream(call2, decoder2, (e) => e.type !== "content_start");
  }
  /** Counts the input tokens of a conversation (CountTokens API). */
  async countTokens(messages, options) {
    const api = this.#prepare(messages, options);
    const { json } = await this.#transport.send(this.#call(options, "count-tokens", JSON.stringify(countTokensBody(messages, options, api))));
    const n = json?.inputTokens;
    if (typeof n !== "number") throw new ProviderError(`expected inputTokens in the CountTokens answer, got ${JSON.stringify(json)?.slice(0, 80)}`, { code: "InvalidResponse", model: options.model });
    return n;
  }
  /** Aborts calls in flight; later calls throw. */
  close() {
    if (!this.#closed.signal.aborted) this.#closed.abort(closedError());
  }
  /** Redacted summary (no secrets). */
  toJSON() {
    return { ...this.#summary };
  }
  static {
    Object.defineProperty(this.prototype, INSPECT, {
      value() {
        return `BedrockProvider ${JSON.stringify(this.#summary)}`;
      }
    });
  }
  #prepare(messages, options) {
    if (this.#closed.signal.aborted) throw closedError();
    if (typeof options?.model === "string" && CONTROL4.test(options.model)) {
      throw new ValidationError("model must not contain CR, LF or NUL", { field: "model" });
    }
    validateRequest(messages, options);
    return chooseApi(options.model, options.api);
  }
  #call(options, action, body2) {
    return { model: options.model, action, body: body2, signals: [options.signal, this.#closed.signal] };
  }
};
function closedError() {
  return new ProviderError("BedrockProvider is closed: create a new provider to send more calls", { code: "ClosedError" });
}
function body(messages, options, api) {
  const make = api === "converse" ? converseBody : api === "legacy" ? legacyBody : messagesBody;
  return JSON.stringify(make(messages, options));
}
function invokeDecoder(model, stream2) {
  return frames(model, (type, payload, out) => {
    if (type !== "chunk") return;
    const bytes = chunkBytes(fromUtf8(payload));
    if (bytes !== void 0) for (const e of stream2.push(base64Json(bytes))) out.push(e);
  }, stream2);
}
var BYTES_KEY = '"bytes":"';
var NON_ASCII = /[^\x00-\x7f]/;
function base64Json(b64) {
  let text3;
  try {
    text3 = atob(b64);
  } catch {
    throw new StreamError(`chunk bytes: expected base64, got ${JSON.stringify(b64.slice(0, 40))}`);
  }
  return JSON.parse(NON_ASCII.test(text3) ? fromUtf8(fromBase64(b64)) : text3);
}
function chunkBytes(text3) {
  const i = text3.indexOf(BYTES_KEY);
  const j = i < 0 ? -1 : text3.indexOf('"', i + BYTES_KEY.length);
  if (j > 0 && text3.lastIndexOf(BYTES_KEY) === i) return text3.slice(i + BYTES_KEY.length, j);
  const bytes = JSON.parse(text3)?.bytes;
  return typeof bytes === "string" ? bytes : void 0;
}
function converseDecoder(model) {
  const stream2 = new ConverseStream(model);
  return frames(model, (type, payload, out) => {
    for (const e of stream2.push(type, JSON.parse(fromUtf8(payload)))) out.push(e);
  }, { finish: () => stream2.finish() });
}
function frames(model, onEvent, end) {
  const decoder2 = new EventStreamDecoder();
  return {
    push(chunk) {
      const out = [];
      for (const { headers: headers2, payload } of decoder2.push(chunk)) {
        const kind = headers2[":message-type"];
        if (kind === "event") event(onEvent, String(headers2[":event-type"]), payload, out, model);
        else if (kind === "exception") throw errorFromException(String(headers2[":exception-type"]), messageOf(payload), model);
        else if (kind === "error") throw errorFromException(String(headers2[":error-code"]), String(headers2[":error-message"] ?? ""), model);
      }
      return out;
    },
    end() {
      decoder2.end();
      return end.finish();
    }
  };
}
function event(onEvent, type, payload, out, model) {
  try {
    onEvent(type, payload, out);
  } catch (error) {
    if (error instanceof ProviderError) throw error;
    throw new StreamError(`unreadable "${type}" event: ${error?.message ?? String(error)}`, { model, cause: error });
  }
}
function messageOf(payload) {
  try {
    const j = JSON.parse(fromUtf8(payload));
    return String(j.message ?? j.Message ?? "");
  } catch {
    return fromUtf8(payload);
  }
}
function checkConfig(c) {
  if (c === null || typeof c !== "object") throw new ValidationError("config must be an object", { field: "config" });
  for (const [k, v] of Object.entries(c)) {
    if (typeof v === "string" && CONTROL4.test(v)) throw new ValidationError(`${k} must not contain CR, LF or NUL`, { field: k });
  }
  for (const [k, v] of Object.entries(c.headers ?? {})) {
    if (CONTROL4.test(k) || typeof v !== "string" || CONTROL4.test(v)) {
      throw new ValidationError(`headers: header ${JSON.stringify(k.replace(CONTROL4, " "))} must be a string without CR, LF or NUL`, { field: "headers" });
    }
  }
  if (!c.region) {
    throw new ValidationError("region is required: set config.region or the AWS_REGION / AWS_DEFAULT_REGION environment variable (see mergeWithEnvironment)", { field: "region" });
  }
  checkRegion(c.region);
  if (!c.accessKeyId !== !c.secretAccessKey) {
    const missing = c.accessKeyId ? "secretAccessKey" : "accessKeyId";
    throw new ValidationError(`half a key pair: ${missing} is missing (set both accessKeyId and secretAccessKey, or neither)`, { field: missing });
  }
  if (c.sessionToken && !c.accessKeyId) throw new ValidationError("sessionToken needs accessKeyId and secretAccessKey", { field: "sessionToken" });
  if (c.apiKey && (c.accessKeyId || c.credentials)) {
    throw new ValidationError("set either apiKey or AWS credentials (accessKeyId/secretAccessKey/credentials), not both", { field: "apiKey" });
  }
  if (c.accessKeyId && c.credentials) throw new ValidationError("set either accessKeyId/secretAccessKey or credentials, not both", { field: "credentials" });
  if (c.endpoint && c.gateway) throw new ValidationError("set either endpoint or gateway, not both", { field: "gateway" });
  if (c.endpoint !== void 0) checkBaseUrl(c.endpoint, "endpoint");
  if (c.gateway !== void 0) checkBaseUrl(c.gateway, "gateway");
  if (c.fetch !== void 0 && typeof c.fetch !== "function") throw new ValidationError("fetch must be a function", { field: "fetch" });
  if (c.maxRetries !== void 0 && !(Number.isInteger(c.maxRetries) && c.maxRetries >= 0)) {
    throw new ValidationError(`maxRetries must be an integer \u2265 0, got ${String(c.maxRetries)}`, { field: "maxRetries" });
  }
  for (const k of ["timeout", "idleTimeout"]) {
    const v = c[k];
    if (v !== void 0 && !(typeof v === "number" && v > 0 && Number.isFinite(v))) {
      throw new ValidationError(`${k} must be a positive number of milliseconds, got ${String(v)}`, { field: k });
    }
  }
  const creds = c.credentials;
  if (creds !== void 0 && typeof creds !== "function") checkCredentials(creds);
}
function checkCredentials(c) {
  if (!c || typeof c.accessKeyId !== "string" || typeof c.secretAccessKey !== "string" || !c.accessKeyId || !c.secretAccessKey) {
    throw new ValidationError("credentials must have accessKeyId and secretAccessKey strings", { field: "credentials" });
  }
  for (const k of ["accessKeyId", "secretAccessKey", "sessionToken"]) {
    const v = c[k];
    if (typeof v === "string" && CONTROL4.test(v)) throw new ValidationError(`credentials.${k} must not contain CR, LF or NUL`, { field: "credentials" });
  }
  return c;
}
function resolveAuth(c) {
  if (c.apiKey) return { apiKey: c.apiKey };
  if (c.accessKeyId && c.secretAccessKey) {
    const creds = { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey };
    if (c.sessionToken) creds.sessionToken = c.sessionToken;
    return { credentials: () => Promise.resolve(creds) };
  }
  const given = c.credentials;
  if (given && typeof given === "object") return { credentials: () => Promise.resolve(given) };
  let provider = typeof given === "function" ? memoize(given) : void 0;
  const region = c.region;
  return { credentials: () => (provider ??= defaultChain({ region }))() };
}

// lib/token.ts
var TOKEN_PREFIX = "bedrock-api-key-";
var MAX_TOKEN_EXPIRES = 43200;
var TOKEN_HOST = "bedrock.amazonaws.com";
var SERVICE = "bedrock";
var ACTION = "CallWithBearerToken";
var malformed = (what) => new ValidationError(`expected a bedrock-api-key-\u2026 token, ${what}`, { field: "apiKey" });
function parseBedrockToken(token) {
  if (!token.startsWith(TOKEN_PREFIX)) throw malformed(`got a string without the "${TOKEN_PREFIX}" prefix`);
  let text3;
  try {
    text3 = fromUtf8(fromBase64(token.slice(TOKEN_PREFIX.length)));
  } catch {
    throw malformed("got one whose body is not base64 UTF-8");
  }
  let url;
  try {
    url = new URL("https://" + text3);
  } catch {
    throw malformed("got one that holds no URL");
  }
  const q = url.searchParams;
  const [accessKeyId = "", day = "", region = "", service = "", terminator = ""] = (q.get("X-Amz-Credential") ?? "").split("/");
  const amzDate3 = q.get("X-Amz-Date") ?? "";
  const expires = Number(q.get("X-Amz-Expires"));
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate3);
  if (url.host !== TOKEN_HOST || url.pathname !== "/" || q.get("Action") !== ACTION || q.get("X-Amz-Algorithm") !== ALGORITHM)
    throw malformed(`got one that is not a presigned ${ACTION} URL for ${TOKEN_HOST}`);
  if (!m || !accessKeyId || day !== amzDate3.slice(0, 8) || service !== SERVICE || terminator !== "aws4_request" || !region)
    throw malformed("got one with a malformed credential scope or date");
  if (!Number.isInteger(expires) || expires < 1 || expires > MAX_TOKEN_EXPIRES || !/^[0-9a-f]{64}$/.test(q.get("X-Amz-Signature") ?? ""))
    throw malformed("got one with a malformed expiry or signature");
  const issued = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  const session = q.get("X-Amz-Security-Token");
  return {
    url,
    accessKeyId,
    region,
    amzDate: amzDate3,
    issuedAt: new Date(issued),
    expiresAt: new Date(issued + expires * 1e3),
    ...session === null ? {} : { sessionToken: session }
  };
}
async function verifyBedrockToken(token, credentials, options = {}) {
  let info;
  try {
    info = parseBedrockToken(token);
  } catch (cause) {
    throw new AuthenticationError("malformed Bedrock API key", { code: "AccessDeniedException", status: 403, cause });
  }
  const denied = (why) => new AuthenticationError(why, { code: "AccessDeniedException", status: 403 });
  const creds = await credentials(info.accessKeyId);
  if (!creds) throw denied("unknown access key id in Bedrock API key");
  if (options.region !== void 0 && options.region !== info.region) throw denied(`Bedrock API key is scoped to another region than ${options.region}`);
  if ((creds.sessionToken ?? void 0) !== info.sessionToken) throw denied("Bedrock API key session token does not match");
  const now = (options.now ?? /* @__PURE__ */ new Date()).getTime();
  if (now > info.expiresAt.getTime()) throw denied(`Bedrock API key expired at ${info.expiresAt.toISOString()}`);
  if (now < info.issuedAt.getTime() - 15 * 6e4) throw denied(`Bedrock API key is not valid before ${info.issuedAt.toISOString()}`);
  const search = info.url.search.replace(/&Version=1$/, "");
  const creq = canonicalRequest("POST", { pathname: "/", search }, [["host", TOKEN_HOST]], EMPTY_SHA256);
  const day = info.amzDate.slice(0, 8);
  const sts2 = await stringToSign(info.amzDate, credentialScope(day, info.region, SERVICE), creq);
  const expected = await signature(await signingKey(creds.secretAccessKey, day, info.region, SERVICE), sts2);
  const given = info.url.searchParams.get("X-Amz-Signature") ?? "";
  let diff = expected.length ^ given.length;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ given.charCodeAt(i);
  if (diff !== 0) throw denied("Bedrock API key signature does not match");
  return info;
}

// lib/emulator-wire.ts
var ERROR_TYPE_NAMESPACE = "http://internal.amazon.com/coral/com.amazon.bedrock/";
var AwsFault = class {
  status;
  type;
  message;
  key;
  constructor(status, type, message2, key = "message") {
    this.status = status;
    this.type = type;
    this.message = message2;
    this.key = key;
  }
};
var validation = (message2) => new AwsFault(400, "ValidationException", message2);
var malformed2 = (detail) => validation(`Malformed input request: ${detail}, please reformat your input and try again.`);
function faultResponse(fault, requestId, date2) {
  return new Response(JSON.stringify({ [fault.key]: fault.message }), {
    status: fault.status,
    headers: {
      "content-type": "application/json",
      "x-amzn-errortype": `${fault.type}:${ERROR_TYPE_NAMESPACE}`,
      "x-amzn-requestid": requestId,
      date: date2.toUTCString()
    }
  });
}
var amzDate2 = (ms) => new Date(ms).toISOString().replace(/[-:]|\.\d{3}/g, "");
function parseAmzDate(text3) {
  const m = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/.exec(text3);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : NaN;
}

// lib/emulator-auth.ts
var MAX_SKEW_MS = 15 * 6e4;
var forbidden = (type, message2) => new AwsFault(403, type, message2);
var badSignature = () => forbidden("InvalidSignatureException", "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
var badToken = () => forbidden("UnrecognizedClientException", "The security token included in the request is invalid.");
var badApiKey = () => new AwsFault(403, "AccessDeniedException", "Authentication failed: Please make sure your API Key is valid.", "Message");
function same(a, b) {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
function parseAuthorization(value) {
  const fields = /* @__PURE__ */ new Map();
  for (const part of value.slice(ALGORITHM.length).split(",")) {
    const eq = part.indexOf("=");
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const missing = ["Credential", "Signature", "SignedHeaders"].filter((k) => !fields.get(k));
  if (missing.length) {
    throw forbidden("IncompleteSignatureException", missing.map((k) => `Authorization header requires '${k}' parameter.`).join(" "));
  }
  return { credential: fields.get("Credential"), signedHeaders: fields.get("SignedHeaders").split(";"), signature: fields.get("Signature") };
}
function checkScope(scope, date2, ctx) {
  const [keyId = "", day = "", region = "", service = "", terminator = ""] = scope;
  if (terminator !== "aws4_request") throw forbidden("IncompleteSignatureException", `Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'. `);
  const pair = ctx.credentials.find((c) => c.accessKeyId === keyId);
  if (!pair) throw badToken();
  if (day !== date2.slice(0, 8)) {
    throw forbidden("InvalidSignatureException", `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${day}' != '${date2.slice(0, 8)}', from '${date2}'.`);
  }
  if (region !== ctx.region) throw forbidden("InvalidSignatureException", "Credential should be scoped to a valid region. ");
  if (service !== ctx.service) throw forbidden("InvalidSignatureException", `Credential should be scoped to correct service: '${ctx.service}'. `);
  return pair;
}
function checkTime(date2, now) {
  const at = parseAmzDate(date2);
  if (Number.isNaN(at)) throw forbidden("IncompleteSignatureException", `Date must be in ISO-8601 'basic format'. Got '${date2}'.`);
  if (at < now - MAX_SKEW_MS) {
    throw forbidden("InvalidSignatureException", `Signature expired: ${date2} is now earlier than ${amzDate2(now - MAX_SKEW_MS)} (${amzDate2(now)} - 15 min.)`);
  }
  if (at > now + MAX_SKEW_MS) {
    throw forbidden("InvalidSignatureException", `Signature not yet current: ${date2} is still later than ${amzDate2(now + MAX_SKEW_MS)} (${amzDate2(now)} + 15 min.)`);
  }
}
async function signatureFor(creq, date2, scope, secret) {
  const [, day = "", region = "", service = ""] = scope;
  const key = await signingKey(secret, day, region, service);
  return signature(key, await stringToSign(date2, scope.slice(1).join("/"), creq));
}
function checkSessionToken(pair, sent) {
  if ((pair.sessionToken ?? null) === null ? sent !== null : sent === null || !same(sent, pair.sessionToken)) throw badToken();
}
async function verifySigV4(request, url, body2, value, ctx) {
  const { credential, signedHeaders, signature: given } = parseAuthorization(value);
  if (!signedHeaders.includes("host") && !signedHeaders.includes(":authority")) throw forbidden("IncompleteSignatureException", "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  const date2 = request.headers.get("x-amz-date");
  if (date2 === null) throw forbidden("IncompleteSignatureException", "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  if (!signedHeaders.includes("x-amz-date")) throw forbidden("IncompleteSignatureException", "'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.");
  const scope = credential.split("/");
  const pair = checkScope(scope, date2, ctx);
  checkTime(date2, ctx.now);
  const headers2 = signedHeaders.map((name) => [name, name === ":authority" ? url.host : request.headers.get(name) ?? (name === "host" ? url.host : "")]);
  const creq = canonicalRequest(request.method, url, headers2, toHex(await sha256(body2)));
  if (!same(await signatureFor(creq, date2, scope, pair.secretAccessKey), given)) throw badSignature();
  checkSessionToken(pair, request.headers.get("x-amz-security-token"));
  return { auth: "sigv4", keyId: pair.accessKeyId };
}
async function verifyMintedKey(token, ctx) {
  const lookup = (id) => ctx.credentials.find((c) => c.accessKeyId === id);
  try {
    const info = await verifyBedrockToken(token, lookup, { now: new Date(ctx.now), region: ctx.region });
    return { auth: "bearer", keyId: info.accessKeyId };
  } catch {
    throw badApiKey();
  }
}
async function authenticate(request, url, body2, ctx) {
  const value = request.headers.get("authorization");
  if (value === null || !value.trim()) throw forbidden("MissingAuthenticationTokenException", "Missing Authentication Token");
  if (/^bearer /i.test(value)) {
    const key = value.slice(7).trim();
    if (ctx.apiKeys.some((k) => same(k, key))) return { auth: "bearer" };
    if (key.startsWith(TOKEN_PREFIX)) return verifyMintedKey(key, ctx);
    throw badApiKey();
  }
  if (!value.startsWith(ALGORITHM + " ")) throw forbidden("IncompleteSignatureException", `Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter.`);
  return verifySigV4(request, url, body2, value, ctx);
}

// lib/emulator-text.ts
var TOKEN2 = /\s*(?:[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_])/gu;
function tokenize(text3) {
  const pieces = text3.match(TOKEN2) ?? [];
  const rest = text3.slice(pieces.join("").length);
  if (rest) pieces.length ? pieces[pieces.length - 1] += rest : pieces.push(rest);
  return pieces;
}
function countTokens(text3) {
  return tokenize(text3).filter((p) => /\S/.test(p)).length;
}
var TOOL_TRIGGER = "use tool";
var sample = (schema) => {
  const type = schema?.type;
  if (type === "string") return "example";
  if (type === "number" || type === "integer") return 1;
  if (type === "boolean") return true;
  if (type === "array") return [];
  if (type === "object") return objectSample(schema);
  return null;
};
var objectSample = (schema) => {
  const props = schema.properties ?? {};
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, sample(v)]));
};
function cutAtStop(text3, stops) {
  let at = -1;
  let found = null;
  for (const s of stops) {
    const i = s ? text3.indexOf(s) : -1;
    if (i >= 0 && (at < 0 || i < at)) [at, found] = [i, s];
  }
  return found === null ? [text3, null] : [text3.slice(0, at), found];
}
var firstTokens = (text3, limit) => {
  const out = [];
  let n = 0;
  for (const p of tokenize(text3)) {
    if (/\S/.test(p) && n++ >= limit) break;
    out.push(p);
  }
  return out.join("").trimEnd();
};
function answer(call2, reply, seq) {
  const blocks3 = [];
  let used = 0;
  if (call2.thinking) {
    const thinking = `Thinking about: ${call2.prompt}`;
    blocks3.push({ type: "thinking", thinking, signature: `sig_emulator_${seq}` });
    used += countTokens(thinking);
  }
  const tool = pickTool(call2);
  if (tool) {
    const text4 = `Calling ${tool.name}.`;
    const input = objectSample(tool.schema);
    blocks3.push({ type: "text", text: text4 }, { type: "tool_use", id: `toolu_bdrk_emulator${seq}`, name: tool.name, input });
    used += countTokens(text4) + countTokens(JSON.stringify(input));
    return { blocks: blocks3, stopReason: "tool_use", stopSequence: null, inputTokens: call2.promptTokens, outputTokens: used };
  }
  const full = typeof reply === "function" ? reply(call2) : reply ?? `Echo: ${call2.prompt}`;
  const [kept, stop] = cutAtStop(full, call2.stopSequences);
  const room = call2.maxTokens === void 0 ? Infinity : Math.max(0, call2.maxTokens - used);
  const over = countTokens(kept) > room;
  const text3 = over ? firstTokens(kept, room) : kept;
  blocks3.push({ type: "text", text: text3 });
  const stopReason = over ? "max_tokens" : stop === null ? "end_turn" : "stop_sequence";
  return {
    blocks: blocks3,
    stopReason,
    stopSequence: stopReason === "stop_sequence" ? stop : null,
    inputTokens: call2.promptTokens,
    outputTokens: used + countTokens(text3)
  };
}
function pickTool(call2) {
  if (!call2.tools.length) return void 0;
  if (call2.forceTool) return call2.tools.find((t) => t.name === call2.forceTool) ?? call2.tools[0];
  return call2.prompt.toLowerCase().includes(TOOL_TRIGGER) ? call2.tools[0] : void 0;
}

// lib/emulator-bodies.ts
var ANTHROPIC_VERSION2 = "bedrock-2023-05-31";
var MESSAGES_KEYS = /* @__PURE__ */ new Set([
  "anthropic_version",
  "anthropic_beta",
  "max_tokens",
  "messages",
  "system",
  "stop_sequences",
  "temperature",
  "top_p",
  "top_k",
  "tools",
  "tool_choice",
  "thinking",
  "metadata",
  "output_config",
  "context_management",
  "container",
  "mcp_servers",
  "service_tier",
  "output_format"
]);
var isObject4 = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
var list = (v) => Array.isArray(v) ? v : [];
var str3 = (v) => typeof v === "string" ? v : "";
function parseJson2(text3) {
  try {
    const v = JSON.parse(text3);
    if (isObject4(v)) return v;
  } catch {
  }
  throw validation("Malformed input request, please reformat your input and try again.");
}
function blockTokens(block) {
  if (typeof block === "string") return countTokens(block);
  if (!isObject4(block)) return 0;
  if (block.type === "image" || "image" in block || "document" in block) return 1;
  let n = countTokens(str3(block.text)) + countTokens(str3(block.thinking));
  if (block.type === "tool_use") n += countTokens(str3(block.name)) + countTokens(JSON.stringify(block.input ?? {}));
  if (block.type === "tool_result") n += contentTokens(block.content);
  if (isObject4(block.toolUse)) n += countTokens(str3(block.toolUse.name)) + countTokens(JSON.stringify(block.toolUse.input ?? {}));
  if (isObject4(block.toolResult)) n += contentTokens(block.toolResult.content);
  if (isObject4(block.json)) n += countTokens(JSON.stringify(block.json));
  const reasoning = isObject4(block.reasoningContent) ? block.reasoningContent.reasoningText : void 0;
  if (isObject4(reasoning)) n += countTokens(str3(reasoning.text));
  return n;
}
var contentTokens = (content) => typeof content === "string" ? countTokens(content) : list(content).reduce((n, b) => n + blockTokens(b), 0);
var toolTokens = (tools, descriptions) => tools.reduce((n, t, i) => n + countTokens(t.name) + countTokens(descriptions[i] ?? "") + countTokens(JSON.stringify(t.schema)), 0);
function lastUserText(messages) {
  const last2 = [...messages].reverse().find((m) => isObject4(m) && m.role === "user");
  const content = isObject4(last2) ? last2.content : void 0;
  if (typeof content === "string") return content;
  return list(content).map((b) => isObject4(b) ? str3(b.text) : "").filter(Boolean).join("\n");
}
var systemText = (system) => typeof system === "string" ? system : list(system).map((b) => isObject4(b) ? str3(b.text) : "").join("\n");
function checkMessages(messages) {
  if (!Array.isArray(messages)) throw malformed2("#: required key [messages] not found");
  if (!messages.length) throw validation("messages: at least one message is required");
  messages.forEach((m, i) => {
    const role = isObject4(m) ? m.role : void 0;
    if (role !== "user" && role !== "assistant") throw malformed2(`#/messages/${i}/role: ${String(role)} is not a valid enum value`);
  });
  return messages;
}
function fromMessages(body2, model) {
  for (const key of Object.keys(body2)) if (!MESSAGES_KEYS.has(key)) throw malformed2(`#: extraneous key [${key}] is not permitted`);
  if (!("anthropic_version" in body2)) throw malformed2("#: required key [anthropic_version] not found");
  if (body2.anthropic_version !== ANTHROPIC_VERSION2) throw validation(`invalid anthropic_version, expected "${ANTHROPIC_VERSION2}"`);
  if (!("max_tokens" in body2)) throw malformed2("#: required key [max_tokens] not found");
  const maxTokens = body2.max_tokens;
  if (!Number.isInteger(maxTokens) || maxTokens < 1) throw validation("max_tokens: Input should be greater than or equal to 1");
  const messages = checkMessages(body2.messages);
  const tools = list(body2.tools).filter(isObject4).map((t) => ({ name: str3(t.name), schema: isObject4(t.input_schema) ? t.input_schema : {} }));
  const choice = isObject4(body2.tool_choice) ? body2.tool_choice : {};
  const forceTool = choice.type === "tool" ? str3(choice.name) : choice.type === "any" ? tools[0]?.name : void 0;
  const system = systemText(body2.system);
  const descriptions = list(body2.tools).map((t) => isObject4(t) ? str3(t.description) : "");
  return {
    api: "messages",
    model,
    system,
    prompt: lastUserText(messages),
    promptTokens: countTokens(system) + messages.reduce((n, m) => n + contentTokens(m.content), 0) + toolTokens(tools, descriptions),
    maxTokens,
    stopSequences: list(body2.stop_sequences).map(str3),
    tools: choice.type === "none" ? [] : tools,
    forceTool,
    thinking: isObject4(body2.thinking) && body2.thinking.type === "enabled"
  };
}
var HUMAN = "\n\nHuman:";
var ASSISTANT = "\n\nAssistant:";
function fromLegacy(body2, model) {
  const prompt = body2.prompt;
  if (typeof prompt !== "string") throw malformed2("#: required key [prompt] not found");
  if (!Number.isInteger(body2.max_tokens_to_sample)) throw malformed2("#: required key [max_tokens_to_sample] not found");
  const human = prompt.lastIndexOf(HUMAN);
  if (human < 0) throw validation(`prompt must contain "${HUMAN.trim()}" turn`);
  if (!prompt.trimEnd().endsWith(ASSISTANT)) throw validation(`prompt must end with "${ASSISTANT.trim()}" turn`);
  const last2 = prompt.slice(human + HUMAN.length, prompt.lastIndexOf(ASSISTANT)).trim();
  const stops = list(body2.stop_sequences).map(str3);
  return {
    api: "legacy",
    model,
    system: prompt.slice(0, prompt.indexOf(HUMAN)).trim(),
    prompt: last2,
    promptTokens: countTokens(prompt),
    maxTokens: body2.max_tokens_to_sample,
    stopSequences: stops.includes(HUMAN) ? stops : [...stops, HUMAN],
    tools: [],
    forceTool: void 0,
    thinking: false
  };
}
function fromConverse(body2, model) {
  const messages = checkMessages(body2.messages);
  const config = isObject4(body2.inferenceConfig) ? body2.inferenceConfig : {};
  const maxTokens = config.maxTokens;
  if (maxTokens !== void 0 && (!Number.isInteger(maxTokens) || maxTokens < 1)) {
    throw validation("1 validation error detected: Value at 'inferenceConfig.maxTokens' failed to satisfy constraint: Member must have value greater than or equal to 1");
  }
  const toolConfig2 = isObject4(body2.toolConfig) ? body2.toolConfig : {};
  const specs = list(toolConfig2.tools).map((t) => isObject4(t) && isObject4(t.toolSpec) ? t.toolSpec : {});
  const tools = specs.map((s) => ({ name: str3(s.name), schema: isObject4(s.inputSchema) && isObject4(s.inputSchema.json) ? s.inputSchema.json : {} }));
  const choice = isObject4(toolConfig2.toolChoice) ? toolConfig2.toolChoice : {};
  const forceTool = isObject4(choice.tool) ? str3(choice.tool.name) : isObject4(choice.any) ? tools[0]?.name : void 0;
  const extra = isObject4(body2.additionalModelRequestFields) ? body2.additionalModelRequestFields : {};
  const system = systemText(body2.system);
  return {
    api: "converse",
    model,
    system,
    prompt: lastUserText(messages),
    promptTokens: countTokens(system) + messages.reduce((n, m) => n + contentTokens(m.content), 0) + toolTokens(tools, specs.map((s) => str3(s.description))),
    maxTokens,
    stopSequences: list(config.stopSequences).map(str3),
    tools,
    forceTool,
    thinking: isObject4(extra.thinking) && extra.thinking.type === "enabled"
  };
}
function asFault(error) {
  return error instanceof AwsFault ? error : validation(`Malformed input request: ${error.message}`);
}

// lib/emulator-stream.ts
var STREAM_EXCEPTION_MESSAGES = {
  throttlingException: "Too many requests, please wait before trying again.",
  internalServerException: "The server encountered an internal error while processing the request.",
  modelStreamErrorException: "The model stream encountered an error while processing the request.",
  serviceUnavailableException: "Bedrock is unable to process your request.",
  validationException: "The request failed validation.",
  modelTimeoutException: "Model has timed out in processing the request. Try your request again."
};
var PADDING = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
var padding = (i) => PADDING.slice(0, i * 7 % 36 + 1);
var messagesContent = (blocks3) => blocks3.map((b) => b.type === "thinking" ? { type: "thinking", thinking: b.thinking, signature: b.signature } : { ...b });
function messagesBody2(reply, model, id) {
  return {
    id,
    type: "message",
    role: "assistant",
    model,
    content: messagesContent(reply.blocks),
    stop_reason: reply.stopReason,
    stop_sequence: reply.stopSequence,
    usage: { input_tokens: reply.inputTokens, output_tokens: reply.outputTokens }
  };
}
function messagesEvents(reply, model, id, metrics) {
  const usage = { input_tokens: reply.inputTokens, output_tokens: 1 };
  const out = [{ type: "message_start", message: { id, type: "message", role: "assistant", model, content: [], stop_reason: null, stop_sequence: null, usage } }];
  reply.blocks.forEach((b, index) => {
    if (b.type === "text") {
      out.push({ type: "content_block_start", index, content_block: { type: "text", text: "" } });
      for (const text3 of tokenize(b.text)) out.push({ type: "content_block_delta", index, delta: { type: "text_delta", text: text3 } });
    } else if (b.type === "thinking") {
      out.push({ type: "content_block_start", index, content_block: { type: "thinking", thinking: "", signature: "" } });
      for (const thinking of tokenize(b.thinking)) out.push({ type: "content_block_delta", index, delta: { type: "thinking_delta", thinking } });
      out.push({ type: "content_block_delta", index, delta: { type: "signature_delta", signature: b.signature } });
    } else {
      out.push({ type: "content_block_start", index, content_block: { type: "tool_use", id: b.id, name: b.name, input: {} } });
      for (const partial_json of tokenize(JSON.stringify(b.input))) out.push({ type: "content_block_delta", index, delta: { type: "input_json_delta", partial_json } });
    }
    out.push({ type: "content_block_stop", index });
  });
  out.push({ type: "message_delta", delta: { stop_reason: reply.stopReason, stop_sequence: reply.stopSequence }, usage: { output_tokens: reply.outputTokens } });
  out.push({ type: "message_stop", "amazon-bedrock-invocationMetrics": metrics });
  return out;
}
var LEGACY_STOP = "\n\nHuman:";
var replyText = (reply) => reply.blocks.map((b) => b.type === "text" ? b.text : "").join("");
var legacyStop2 = (reply) => reply.stopReason === "max_tokens" ? { stop_reason: "max_tokens", stop: null } : { stop_reason: "stop_sequence", stop: reply.stopSequence ?? LEGACY_STOP };
var legacyBody2 = (reply) => ({ type: "completion", completion: replyText(reply), ...legacyStop2(reply) });
function legacyEvents(reply, metrics) {
  const out = tokenize(replyText(reply)).map((completion) => ({ type: "completion", completion, stop_reason: null, stop: null }));
  out.push({ type: "completion", completion: "", ...legacyStop2(reply), "amazon-bedrock-invocationMetrics": metrics });
  return out;
}
function converseContent(blocks3) {
  return blocks3.map((b) => b.type === "text" ? { text: b.text } : b.type === "thinking" ? { reasoningContent: { reasoningText: { text: b.thinking, signature: b.signature } } } : { toolUse: { toolUseId: b.id, name: b.name, input: b.input } });
}
var converseUsage2 = (r) => ({ inputTokens: r.inputTokens, outputTokens: r.outputTokens, totalTokens: r.inputTokens + r.outputTokens });
var converseBody2 = (reply, latencyMs) => ({
  output: { message: { role: "assistant", content: converseContent(reply.blocks) } },
  stopReason: reply.stopReason,
  usage: converseUsage2(reply),
  metrics: { latencyMs }
});
function converseEvents(reply, latencyMs) {
  const out = [{ type: "messageStart", payload: { role: "assistant" } }];
  const delta = (contentBlockIndex, d) => ({ type: "contentBlockDelta", payload: { contentBlockIndex, delta: d } });
  reply.blocks.forEach((b, i) => {
    if (b.type === "text") for (const text3 of tokenize(b.text)) out.push(delta(i, { text: text3 }));
    else if (b.type === "thinking") {
      for (const text3 of tokenize(b.thinking)) out.push(delta(i, { reasoningContent: { text: text3 } }));
      out.push(delta(i, { reasoningContent: { signature: b.signature } }));
    } else {
      out.push({ type: "contentBlockStart", payload: { contentBlockIndex: i, start: { toolUse: { toolUseId: b.id, name: b.name } } } });
      out.push(delta(i, { toolUse: { input: JSON.stringify(b.input) } }));
    }
    out.push({ type: "contentBlockStop", payload: { contentBlockIndex: i } });
  });
  out.push({ type: "messageStop", payload: { stopReason: reply.stopReason } });
  out.push({ type: "metadata", payload: { usage: converseUsage2(reply), metrics: { latencyMs } } });
  return out;
}
var chunkEvents = (events) => events.map((chunk) => ({ type: "chunk", chunk }));
function frame(event2, i) {
  const payload = "chunk" in event2 ? { bytes: toBase64(utf8(JSON.stringify(event2.chunk))) } : event2.payload;
  return encodeMessage({
    headers: { ":event-type": event2.type, ":content-type": "application/json", ":message-type": "event" },
    payload: utf8(JSON.stringify({ ...payload, p: padding(i) }))
  });
}
var exceptionFrame = (type, message2) => encodeMessage({
  headers: { ":exception-type": type, ":content-type": "application/json", ":message-type": "exception" },
  payload: utf8(JSON.stringify({ message: message2 }))
});
function wait2(ms) {
  let cancel = () => {
  };
  const done = new Promise((resolve) => {
    const timer = ms === void 0 ? void 0 : setTimeout(resolve, ms);
    cancel = () => {
      clearTimeout(timer);
      resolve();
    };
  });
  return { done, cancel };
}
var faultAt = (plan, i) => !!plan.eventDelay || plan.exception?.after === i || plan.drop === i || plan.stall?.after === i || plan.truncate === i;
function concat(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) out.set(p, at), at += p.length;
  return out;
}
function eventStream(events, plan) {
  let i = 0;
  let cancelled = false;
  let pending;
  const pause = async (ms) => {
    pending = wait2(ms);
    await pending.done;
    pending = void 0;
  };
  return new ReadableStream({
    async pull(controller) {
      if (plan.eventDelay && i > 0) await pause(plan.eventDelay);
      if (plan.stall?.after === i) {
        const { ms } = plan.stall;
        plan.stall = void 0;
        await pause(ms);
      }
      if (cancelled) return;
      if (plan.exception?.after === i) {
        controller.enqueue(exceptionFrame(plan.exception.type, plan.exception.message));
        return controller.close();
      }
      if (plan.drop === i) return controller.error(new Error(`emulated connection drop after ${i} events`));
      if (i >= events.length || plan.truncate === i) return controller.close();
      const parts = [];
      do {
        const bytes = frame(events[i], i);
        if (plan.badCrc === i) bytes[bytes.length - 1] ^= 255;
        parts.push(bytes);
        i++;
      } while (parts.length < (plan.batch ?? 1) && i < events.length && !faultAt(plan, i));
      controller.enqueue(parts.length === 1 ? parts[0] : concat(parts));
    },
    cancel() {
      cancelled = true;
      pending?.cancel();
    }
  }, { highWaterMark: 0 });
}

// lib/emulator.ts
var EXAMPLE_CREDENTIALS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
var ROUTES = {
  invoke: "InvokeModel",
  "invoke-with-response-stream": "InvokeModelWithResponseStream",
  converse: "Converse",
  "converse-stream": "ConverseStream",
  "count-tokens": "CountTokens"
};
var MODEL_VENDORS = [
  "anthropic",
  "meta",
  "mistral",
  "amazon",
  "cohere",
  "deepseek",
  "ai21",
  "openai",
  "qwen",
  "writer",
  "stability",
  "twelvelabs",
  "luma",
  "moonshot",
  "moonshotai",
  "minimax",
  "google",
  "nvidia",
  "zai"
];
var PROFILE = /^(?:us|eu|apac|jp|au|ca|global|us-gov)\./;
var ARN = /^arn:aws[a-z-]*:bedrock:[a-z0-9-]*:\d*:([a-z-]+)\/(.+)$/;
function resolveModel(id) {
  const arn = ARN.exec(id);
  if (arn && arn[1] !== "foundation-model" && arn[1] !== "inference-profile") return "anthropic.application-profile";
  const base = (arn ? arn[2] : id).replace(PROFILE, "");
  return MODEL_VENDORS.includes(base.split(".")[0]) && base.includes(".") ? base : void 0;
}
var shortName = (base) => base.replace(/^anthropic\./, "").replace(/-v\d+(?::\d+)?$/, "");
var isLegacy = (base) => /claude-(?:v2|instant)/.test(base);
var uuid = () => crypto.randomUUID();
function delay(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const done = () => {
      signal?.removeEventListener("abort", stop);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal?.addEventListener("abort", stop, { once: true });
  });
}
function spend(faults, key) {
  const n = faults[key] ?? 0;
  if (n <= 0) return false;
  faults[key] = n - 1;
  return true;
}
function take(faults, key) {
  const f = faults[key];
  if (!f) return void 0;
  const times = (f.times ?? 1) - 1;
  if (times <= 0) delete faults[key];
  else f.times = times;
  return f;
}
function checkContext(call2, faults) {
  const window = faults.contextWindow;
  if (window === void 0) return;
  const prompt = call2.promptTokens;
  const max = call2.maxTokens ?? 0;
  if (prompt + max <= window) return;
  const style = faults.contextErrorStyle ?? "auto";
  if (style === "prompt" || style === "auto" && prompt > window) {
    throw validation(`prompt is too long: ${style === "prompt" ? prompt + max : prompt} tokens > ${window} maximum`);
  }
  throw validation(`input length and \`max_tokens\` exceed context limit: ${prompt} + ${max} > ${window}, decrease input length or \`max_tokens\` and try again`);
}
function callFault(faults) {
  if (spend(faults, "throttle")) return new AwsFault(429, "ThrottlingException", "Too many requests, please wait before trying again.");
  if (spend(faults, "serverError")) {
    return faults.serverErrorStatus === 503 ? new AwsFault(503, "ServiceUnavailableException", "Bedrock is unable to process your request.") : new AwsFault(500, "InternalServerException", "The server encountered an internal error while processing the request.");
  }
  if (spend(faults, "modelNotReady")) {
    return new AwsFault(429, "ModelNotReadyException", "The model specified in the request is not ready to serve inference requests. The AWS SDK will automatically retry the operation up to 5 times.");
  }
  return void 0;
}
function streamPlan(faults, events, batch) {
  const plan = { eventDelay: faults.eventDelay, batch };
  const ex = take(faults, "streamException");
  if (ex) {
    const type = ex.type ?? "throttlingException";
    plan.exception = { after: ex.after, type, message: ex.message ?? STREAM_EXCEPTION_MESSAGES[type] };
  }
  plan.drop = take(faults, "drop")?.after;
  const stall = take(faults, "stall");
  if (stall) plan.stall = { after: stall.after, ms: stall.ms };
  const cut = take(faults, "truncate");
  if (cut) plan.truncate = cut.after ?? events - 1;
  plan.badCrc = take(faults, "badCrc")?.after;
  return plan;
}
function invokeCall(text3, base) {
  const body2 = parseJson2(text3);
  if (!base.startsWith("anthropic.")) {
    throw validation("The emulator answers InvokeModel for Anthropic models only; use Converse for this model.");
  }
  if (isLegacy(base) && !("messages" in body2)) return fromLegacy(body2, base);
  if ("prompt" in body2 && !("messages" in body2)) {
    throw validation(`"${shortName(base)}" is not supported on this API. Please use the Messages API instead.`);
  }
  return fromMessages(body2, base);
}
function countCall(text3, base) {
  const input = parseJson2(text3).input;
  if (!base.startsWith("anthropic.")) throw validation("The provided model doesn't support counting tokens.");
  if (typeof input?.invokeModel?.body === "string") return invokeCall(fromUtf8(fromBase64(input.invokeModel.body)), base);
  if (input?.converse) return fromConverse(input.converse, base);
  throw malformed2("#: required key [input] not found");
}
function createEmulator(options = {}) {
  const credentials = options.credentials === void 0 ? [EXAMPLE_CREDENTIALS] : [options.credentials].flat();
  const region = options.region ?? "us-east-1";
  const clock = options.now ?? Date.now;
  const requests = [];
  const counts = () => ({ InvokeModel: 0, InvokeModelWithResponseStream: 0, Converse: 0, ConverseStream: 0, CountTokens: 0 });
  let seq = 0;
  const emulator = {
    faults: options.faults ?? {},
    requests,
    calls: 0,
    counts: counts(),
    now: () => clock() + (emulator.faults.clockSkew ?? 0),
    reset() {
      requests.length = 0;
      emulator.calls = 0;
      emulator.counts = counts();
    },
    async fetch(input, init) {
      const request = input instanceof Request && init === void 0 ? input : new Request(input, init);
      const start = emulator.now();
      const url = new URL(request.url);
      const entry = { requestId: uuid(), time: start, method: request.method, path: url.pathname, status: 0 };
      requests.push(entry);
      emulator.calls++;
      const date2 = () => new Date(emulator.now());
      const fail3 = (fault) => {
        entry.status = fault.status;
        entry.error = fault.type;
        return faultResponse(fault, entry.requestId, date2());
      };
      try {
        const m = /^\/model\/([^/]+)\/([a-z-]+)$/.exec(url.pathname);
        const operation = m ? ROUTES[m[2]] : void 0;
        if (!m || !operation || request.method !== "POST") throw new AwsFault(404, "UnknownOperationException", "Unknown operation");
        entry.operation = operation;
        const body2 = new Uint8Array(await request.arrayBuffer());
        const caller = await authenticate(request, url, body2, {
          credentials,
          apiKeys: options.apiKeys ?? [],
          region,
          service: "bedrock",
          now: start
        });
        Object.assign(entry, caller);
        const model = decodeURIComponent(m[1]);
        entry.model = model;
        const base = resolveModel(model);
        const listed = !options.models || options.models.includes(model) || base !== void 0 && options.models.includes(base);
        if (!base || !listed) throw new AwsFault(404, "ResourceNotFoundException", "Could not resolve the foundation model from the provided model identifier.");
        const fault = callFault(emulator.faults);
        if (fault) throw fault;
        const text3 = fromUtf8(body2);
        const call2 = operation === "CountTokens" ? countCall(text3, base) : operation.startsWith("Converse") ? fromConverse(parseJson2(text3), base) : invokeCall(text3, base);
        if (emulator.faults.headersDelay) await delay(emulator.faults.headersDelay, request.signal);
        if (operation === "CountTokens") return done(operation, Response.json({ inputTokens: call2.promptTokens }));
        checkContext(call2, emulator.faults);
        const reply = answer(call2, options.reply, ++seq);
        return done(operation, respond(operation, call2, reply, start));
      } catch (error) {
        if (request.signal?.aborted && error === request.signal.reason) throw error;
        return fail3(error instanceof AwsFault ? error : asFault(error));
      }
      function done(operation, response) {
        entry.status = response.status;
        emulator.counts[operation]++;
        response.headers.set("x-amzn-requestid", entry.requestId);
        response.headers.set("date", date2().toUTCString());
        return response;
      }
      function respond(operation, call2, reply, started) {
        const latency = Math.max(0, Math.round(emulator.now() - started));
        const id = `msg_bdrk_emulator${seq}`;
        const name = shortName(call2.model);
        if (operation === "Converse") return Response.json(converseBody2(reply, latency));
        if (operation === "InvokeModel") {
          const json = call2.api === "legacy" ? legacyBody2(reply) : messagesBody2(reply, name, id);
          return Response.json(json, {
            headers: {
              "x-amzn-bedrock-input-token-count": String(reply.inputTokens),
              "x-amzn-bedrock-output-token-count": String(reply.outputTokens),
              "x-amzn-bedrock-invocation-latency": String(latency)
            }
          });
        }
        const metrics = { inputTokenCount: reply.inputTokens, outputTokenCount: reply.outputTokens, invocationLatency: latency, firstByteLatency: latency };
        const events = operation === "ConverseStream" ? converseEvents(reply, latency) : chunkEvents(call2.api === "legacy" ? legacyEvents(reply, metrics) : messagesEvents(reply, name, id, metrics));
        const plan = streamPlan(emulator.faults, events.length, options.batchEvents);
        const applied = Object.entries(plan).filter(([k, v]) => k !== "eventDelay" && k !== "batch" && v !== void 0).map(([k]) => k);
        if (applied.length) entry.error = applied.join(",");
        return new Response(eventStream(events, plan), {
          headers: { "content-type": "application/vnd.amazon.eventstream", "x-amzn-bedrock-content-type": "application/json" }
        });
      }
    }
  };
  return emulator;
}

// lib/node.ts
import * as http from "node:http";
import * as http2 from "node:http2";
import * as net from "node:net";
import * as stream from "node:stream";
var { Duplex } = stream;
var { createServer } = http;
var { createServer: createH2Server } = http2;
var { createServer: createNetServer } = net;
var H2_PREFACE = [80, 82, 73];
var HOP_BY_HOP = /* @__PURE__ */ new Set(["connection", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection"]);
function bodyOf(req) {
  let open = true;
  return new ReadableStream({
    start(c) {
      req.on("data", (chunk) => {
        if (!open) return;
        c.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((c.desiredSize ?? 0) <= 0) req.pause();
      });
      req.on("end", () => {
        if (open) {
          open = false;
          c.close();
        }
      });
      req.on("error", (e) => {
        if (open) {
          open = false;
          c.error(e);
        }
      });
      req.on("close", () => {
        if (open) {
          open = false;
          c.error(new Error("request body aborted by the client"));
        }
      });
    },
    pull() {
      req.resume();
    },
    cancel() {
      open = false;
      req.resume();
    }
  }, { highWaterMark: 4 });
}
function toRequest(req, base, signal) {
  const headers2 = new Headers();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i];
    if (!name.startsWith(":")) headers2.append(name, req.rawHeaders[i + 1]);
  }
  const method = req.method ?? "GET";
  const authority = req.headers.host ?? req.headers[":authority"];
  const url = new URL(req.url ?? "/", authority ? `http://${authority}` : base);
  const body2 = method === "GET" || method === "HEAD" ? null : bodyOf(req);
  return new Request(url, { method, headers: headers2, body: body2, signal, duplex: "half" });
}
function headerObject(response) {
  const out = {};
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie" && !HOP_BY_HOP.has(name)) out[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) out["set-cookie"] = cookies;
  return out;
}
var gone = (res) => res.destroyed ?? res.stream?.destroyed ?? false;
var drained = (res) => new Promise((resolve) => {
  const done = () => {
    res.off("drain", done);
    res.off("close", done);
    resolve();
  };
  res.on("drain", done);
  res.on("close", done);
});
async function handle(fetch2, req, res, base) {
  const abort = new AbortController();
  let reader;
  res.on("close", () => {
    if (res.writableFinished) return;
    abort.abort(new Error("client disconnected"));
    reader?.cancel(abort.signal.reason).catch(() => {
    });
  });
  let response;
  try {
    response = await fetch2(toRequest(req, base, abort.signal));
  } catch {
    if (abort.signal.aborted) return;
    response = new Response("Internal Server Error", { status: 500, headers: { "content-type": "text/plain" } });
  }
  if (gone(res)) return void response.body?.cancel().catch(() => {
  });
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
function replay(socket, first) {
  const duplex = new Duplex({
    read: () => void socket.resume(),
    write: (chunk, _encoding, cb) => void socket.write(chunk, cb),
    final: (cb) => {
      socket.end();
      cb();
    },
    destroy: (error, cb) => {
      socket.destroy();
      cb(error);
    }
  });
  duplex.push(first);
  socket.on("data", (chunk) => {
    if (!duplex.push(chunk)) socket.pause();
  });
  socket.on("end", () => duplex.push(null));
  socket.on("close", () => duplex.destroy());
  socket.on("error", (e) => duplex.destroy(e));
  return duplex;
}
function serve(handler, options = {}) {
  const fetch2 = typeof handler === "function" ? handler : (r) => handler.fetch(r);
  const hostname = options.hostname ?? "127.0.0.1";
  const host = hostname.includes(":") ? `[${hostname}]` : hostname;
  let base = `http://${host}`;
  const onRequest = (req, res) => void handle(fetch2, req, res, base);
  const h1 = createServer(onRequest);
  const h2 = createH2Server(onRequest);
  const sockets = /* @__PURE__ */ new Set();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    socket.once("data", (chunk) => {
      if (H2_PREFACE.every((b, i) => chunk[i] === b)) return void h2.emit("connection", replay(socket, chunk));
      socket.pause();
      socket.unshift(chunk);
      h1.emit("connection", socket);
      socket.resume();
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, hostname, () => {
      const address = server.address();
      base = `http://${host}:${typeof address === "object" && address ? address.port : options.port}`;
      resolve({
        url: base,
        close: () => new Promise((done) => {
          server.close(() => done());
          for (const socket of sockets) socket.destroy();
        })
      });
    });
  });
}

// bench/harness.ts
var runtime = typeof globalThis.Deno !== "undefined" ? "deno" : typeof globalThis.Bun !== "undefined" ? "bun" : "node";
async function validate(contenders, same2) {
  for (const c of contenders) {
    const v = await c.run();
    if (!same2(v)) throw new Error(`contender "${c.name}" produced a wrong result; refusing to time it`);
  }
}

// bench/stream.bench.ts
var EVENTS = 2e3;
var MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
var REGION2 = "us-east-1";
var WORDS = Array.from({ length: EVENTS }, (_, i) => `w${i}`);
var REPLY = WORDS.join(" ");
var PROMPT = "Stream the benchmark reply.";
async function startServer() {
  const child = spawn(process.execPath, [process.argv[1], "--serve"], { stdio: ["pipe", "pipe", "inherit"] });
  const url = await new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      if (out.includes("\n")) resolve(out.trim());
    });
    child.on("exit", (code) => reject(new Error(`emulator child exited (${code})`)));
  });
  return { url, stop: () => {
    child.stdin.end();
    child.kill();
  } };
}
var norm = (s) => s.replace(/\s+/g, " ").trim();
async function main() {
  const server = await startServer();
  try {
    const ours = new BedrockProvider({ region: REGION2, ...EXAMPLE_CREDENTIALS, endpoint: server.url });
    const aws = new BedrockRuntimeClient({ region: REGION2, endpoint: server.url, credentials: EXAMPLE_CREDENTIALS, maxAttempts: 1 });
    const anthropic = new AnthropicBedrock({
      awsRegion: REGION2,
      awsAccessKey: EXAMPLE_CREDENTIALS.accessKeyId,
      awsSecretKey: EXAMPLE_CREDENTIALS.secretAccessKey,
      baseURL: server.url,
      maxRetries: 0,
      defaultHeaders: { "anthropic-version": "bedrock-2023-05-31" }
      // this SDK version sends the public API's date otherwise
    });
    const body2 = JSON.stringify({ anthropic_version: "bedrock-2023-05-31", max_tokens: 4096, messages: [{ role: "user", content: PROMPT }] });
    const dec = new TextDecoder();
    const contenders = [
      {
        name: "@ainative/bedrock",
        run: async () => {
          let text3 = "", n = 0;
          for await (const e of ours.stream([{ role: "user", content: PROMPT }], { model: MODEL, maxTokens: 4096 })) {
            if (e.type === "content_delta") {
              text3 += e.content;
              n++;
            }
          }
          return { text: text3, n };
        }
      },
      {
        name: "@aws-sdk/client-bedrock-runtime",
        run: async () => {
          let text3 = "", n = 0;
          const res = await aws.send(new InvokeModelWithResponseStreamCommand({ modelId: MODEL, body: body2, contentType: "application/json" }));
          for await (const ev of res.body) {
            if (!ev.chunk?.bytes) continue;
            const j = JSON.parse(dec.decode(ev.chunk.bytes));
            if (j.type === "content_block_delta" && j.delta?.type === "text_delta") {
              text3 += j.delta.text;
              n++;
            }
          }
          return { text: text3, n };
        }
      },
      {
        name: "@anthropic-ai/bedrock-sdk",
        run: async () => {
          let text3 = "", n = 0;
          const stream2 = await anthropic.messages.create({ model: MODEL, max_tokens: 4096, stream: true, messages: [{ role: "user", content: PROMPT }] });
          for await (const ev of stream2) {
            if (ev.type === "content_block_delta" && ev.delta.type === "text_delta") {
              text3 += ev.delta.text;
              n++;
            }
          }
          return { text: text3, n };
        }
      }
    ];
    await validate(contenders, (v) => norm(v.text) === REPLY && v.n >= EVENTS);
    const ROUNDS = 7, PER_ROUND = 3;
    const stats = new Map(contenders.map((c) => [c.name, { rates: [], cpu: 0, streams: 0 }]));
    for (const c of contenders) for (let i = 0; i < 2; i++) await c.run();
    for (let r = 0; r < ROUNDS; r++) {
      for (const c of contenders) {
        const s = stats.get(c.name);
        const cpu0 = process.cpuUsage();
        const t0 = performance.now();
        for (let i = 0; i < PER_ROUND; i++) await c.run();
        s.rates.push(PER_ROUND * EVENTS * 1e3 / (performance.now() - t0));
        const cpu = process.cpuUsage(cpu0);
        s.cpu += cpu.user + cpu.system;
        s.streams += PER_ROUND;
      }
    }
    const eps = (s) => [...s.rates].sort((a, b) => a - b)[s.rates.length >> 1];
    const mine = stats.get(contenders[0].name);
    console.log(`
stream: ${EVENTS}-event Claude reply over loopback HTTP, emulator in a child process (${runtime})`);
    for (const [name, s] of stats) {
      const ratio = s === mine ? "" : `  ours is ${(eps(mine) / eps(s)).toFixed(2)}x faster, ${(s.cpu / mine.cpu).toFixed(2)}x less CPU`;
      console.log(`  ${name.padEnd(34)} ${eps(s).toFixed(0).padStart(9)} events/s  ${(s.cpu / (s.streams * EVENTS)).toFixed(2).padStart(6)} \xB5s CPU/event${ratio}`);
    }
    aws.destroy();
    ours.close();
  } finally {
    server.stop();
  }
}
function replaying(emu) {
  const cache = /* @__PURE__ */ new Map();
  return async (req) => {
    const key = `${req.headers.get("user-agent") ?? ""} ${new URL(req.url).pathname}`;
    const hit = cache.get(key);
    if (hit) {
      await req.arrayBuffer();
      return new Response(hit.body, { headers: hit.headers });
    }
    const res = await emu.fetch(req);
    const body2 = new Uint8Array(await res.arrayBuffer());
    if (res.ok) cache.set(key, { body: body2, headers: res.headers });
    return new Response(body2, { status: res.status, headers: res.headers });
  };
}
if (process.argv.includes("--serve")) {
  const server = await serve(replaying(createEmulator({ reply: REPLY })), { port: 0 });
  console.log(server.url);
  process.stdin.on("end", () => void server.close().then(() => process.exit(0)));
  process.stdin.resume();
} else {
  await main();
}
