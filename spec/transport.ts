import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { rejects } from './fixtures/helpers.ts';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import {
  Transport, backoff, checkBaseUrl, checkRegion, dnsSuffix, isRetryable, modelPath, regionalEndpoint, sleep,
  BASE_DELAY, MAX_DELAY,
} from '../lib/transport.ts';
import type { Decoder, TransportOptions } from '../lib/transport.ts';
import {
  AuthenticationError, ProviderError, RateLimitError, StreamError, TimeoutError, ValidationError, ModelNotFoundError, errorFromException, errorFromResponse,
} from '../lib/errors.ts';

const CREDS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const MODEL = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
const enc = new TextEncoder();

type Step = Response | Error | ((req: Request) => Response | Promise<Response>);
function script(...steps: Step[]) {
  const seen: Request[] = [];
  const fetch = async (req: Request): Promise<Response> => {
    seen.push(req);
    const s = steps.shift();
    if (!s) throw new Error('script ran out of responses');
    if (s instanceof Error) throw s;
    return typeof s === 'function' ? s(req) : s;
  };
  return { fetch, seen };
}
const json = (v: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(v), { status, headers: { 'content-type': 'application/json', 'x-amzn-RequestId': 'rid-1', ...headers } });
const err = (status: number, type: string, message: string, headers: Record<string, string> = {}) =>
  json({ message }, status, { 'x-amzn-ErrorType': `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/`, ...headers });

function transport(fetch: TransportOptions['fetch'], extra: Partial<TransportOptions> = {}, delays: number[] = []) {
  return new Transport({
    region: 'us-east-1', auth: { credentials: async () => CREDS }, fetch,
    hooks: { sleep: async (ms) => { delays.push(ms); }, random: () => 0.5 }, ...extra,
  });
}
const call = (action: 'invoke' | 'invoke-with-response-stream' = 'invoke', signals: Array<AbortSignal | undefined> = []) =>
  ({ model: MODEL, action, body: '{"x":1}', signals });

/** A body that delivers `parts` then, unless `end`, stays open; records cancellation. */
function body(parts: string[], end = true) {
  const state = { cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    start(c) { for (const p of parts) c.enqueue(enc.encode(p)); if (end) c.close(); },
    cancel() { state.cancelled = true; },
  });
  return { stream, state };
}

/** Test decoder: items separated by ';'; '!t' throws a throttle, '!v' a validation error, '!end' needed at end. */
function lines(): Decoder<string> {
  let ended = false;
  return {
    push(chunk) {
      const out: string[] = [];
      for (const item of new TextDecoder().decode(chunk).split(';').filter(Boolean)) {
        if (item === '!t') throw new RateLimitError({ detail: 'in-stream' });
        if (item === '!v') throw new ValidationError('bad');
        if (item === '!end') { ended = true; continue; }
        out.push(item);
      }
      return out;
    },
    end() { if (!ended) throw new StreamError('stream ended without its final event'); return ['<end>']; },
  };
}
/** Every string a caller could see of an error: message, stack, String(), JSON, and the same along the cause chain. */
const views = (e: unknown): string[] => (e instanceof Error ? [e.message, e.stack ?? '', String(e), JSON.stringify(e), ...views(e.cause)] : e === undefined ? [] : [String(e)]);
const noneOf = (e: unknown, secrets: string[]) => {
  for (const v of views(e)) for (const x of secrets) assert.not.ok(v.includes(x) || v.includes(encodeURIComponent(x)), `secret leaked: ${v}`);
};
const SESSION = { ...CREDS, sessionToken: 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+session=' };
const signatureOf = (req: Request) => /Signature=(\w+)/.exec(req.headers.get('authorization')!)![1]!;
async function collect<T>(it: AsyncIterable<T>): Promise<T[]> { const out: T[] = []; for await (const x of it) out.push(x); return out; }
// ---------------------------------------------------------------------------------------------
const endpoints = suite('endpoints');
endpoints('checkRegion :: accepts partitions by pattern', () => {
  for (const r of ['us-east-1', 'eu-central-2', 'ap-southeast-7', 'us-gov-west-1', 'us-iso-east-1', 'us-isob-east-1', 'cn-north-1', 'mx-central-1']) {
    assert.is(checkRegion(r), r);
  }
});
endpoints('checkRegion :: rejects malformed', () => {
  for (const r of ['', 'US-EAST-1', 'us-east', 'useast1', 'us-east-1\n', 'us-east-1.evil.com/', 'us-east-1 ']) {
    assert.throws(() => checkRegion(r), (e: unknown) => e instanceof ValidationError && e.field === 'region');
  }
});
endpoints('regionalEndpoint :: hosts', () => {
  assert.is(regionalEndpoint('us-west-2'), 'https://bedrock-runtime.us-west-2.amazonaws.com');
  assert.is(regionalEndpoint('us-east-1', true), 'https://bedrock-runtime-fips.us-east-1.amazonaws.com');
  assert.is(regionalEndpoint('cn-northwest-1'), 'https://bedrock-runtime.cn-northwest-1.amazonaws.com.cn');
  assert.is(regionalEndpoint('us-gov-west-1', true), 'https://bedrock-runtime-fips.us-gov-west-1.amazonaws.com');
  assert.is(dnsSuffix('us-iso-east-1'), 'c2s.ic.gov');
  assert.is(dnsSuffix('us-isob-east-1'), 'sc2s.sgov.gov');
  assert.is(dnsSuffix('us-isof-south-1'), 'csp.hci.ic.gov');
  assert.is(dnsSuffix('eu-isoe-west-1'), 'cloud.adc-e.uk');
});
endpoints('checkBaseUrl :: https anywhere, http on loopback only', () => {
  assert.is(checkBaseUrl('https://vpce-1.bedrock-runtime.us-east-1.vpce.amazonaws.com/', 'endpoint'), 'https://vpce-1.bedrock-runtime.us-east-1.vpce.amazonaws.com');
  assert.is(checkBaseUrl('http://127.0.0.1:8080', 'endpoint'), 'http://127.0.0.1:8080');
  assert.is(checkBaseUrl('http://localhost:1/base/', 'endpoint'), 'http://localhost:1/base');
  assert.is(checkBaseUrl('http://[::1]:9', 'endpoint'), 'http://[::1]:9');
  const bad = ['http://example.com', 'ftp://x', 'not a url', 'https://x/\r\nHost: y', 'https://x/?a=1', 'https://u:p@x', 'http://127.0.0.1.evil.com'];
  for (const v of bad) assert.throws(() => checkBaseUrl(v, 'endpoint'), (e: unknown) => e instanceof ValidationError && e.field === 'endpoint', v);
});
endpoints('modelPath :: percent-encodes ids and ARNs', () => {
  assert.is(modelPath(MODEL, 'invoke'), '/model/anthropic.claude-3-5-sonnet-20241022-v2%3A0/invoke');
  assert.is(
    modelPath('arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-20250514-v1:0', 'converse'),
    '/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.anthropic.claude-sonnet-4-20250514-v1%3A0/converse',
  );
});
endpoints.run();

// ---------------------------------------------------------------------------------------------
const policy = suite('retry policy');
policy('isRetryable :: statuses and codes (as mapped by errorFromResponse / errorFromException)', () => {
  const res = (s: number, type = '') => errorFromResponse(s, new Headers(type ? { 'x-amzn-errortype': type } : {}), '{"message":"m"}');
  for (const s of [408, 424, 429, 500, 502, 503, 504]) assert.ok(isRetryable(res(s)), String(s));
  for (const s of [400, 401, 403, 404, 413]) assert.not.ok(isRetryable(res(s)), String(s));
  assert.ok(isRetryable(res(429, 'ModelNotReadyException')));
  for (const c of ['throttlingException', 'serviceUnavailableException', 'internalServerException']) {
    assert.ok(isRetryable(errorFromException(c, 'x')), c);
  }
  assert.not.ok(isRetryable(errorFromException('modelStreamErrorException', 'x')));
  assert.not.ok(isRetryable(errorFromException('validationException', 'x')));
  assert.not.ok(isRetryable(new Error('plain')));
});
policy('backoff :: full jitter, doubling, capped', () => {
  assert.is(backoff(0, () => 0), 0);
  assert.is(backoff(0, () => 0.999999), BASE_DELAY - 1);
  assert.is(backoff(3, () => 0.5), (BASE_DELAY * 8) / 2);
  assert.is(backoff(30, () => 0.5), MAX_DELAY / 2);
  for (let i = 0; i < 200; i++) { const d = backoff(4); assert.ok(d >= 0 && d < BASE_DELAY * 16); }
});
policy('sleep :: resolves, and rejects with the abort reason', async () => {
  const c = new AbortController();
  await sleep(1, c.signal);
  const reason = new Error('stop');
  const p = sleep(60_000, c.signal);
  c.abort(reason);
  assert.is(await rejects(p, (e) => e === reason, 'sleep'), reason);
  await rejects(sleep(1, c.signal), (e) => e === reason, 'pre-aborted');
});
policy.run();

// ---------------------------------------------------------------------------------------------
const send = suite('Transport.send');

send('send :: SigV4 headers match @smithy/signature-v4 for the same request', async () => {
  const s = script(json({ ok: 1 }));
  const t = transport(s.fetch, { headers: { 'x-amzn-bedrock-trace': 'ENABLED' } });
  const reply = await t.send(call());
  assert.equal(reply.json, { ok: 1 });
  assert.is(reply.requestId, 'rid-1');
  const req = s.seen[0]!;
  assert.is(req.url, 'https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-3-5-sonnet-20241022-v2%3A0/invoke');
  assert.is(req.method, 'POST');
  assert.is(req.headers.get('accept'), 'application/json');
  assert.is(req.headers.get('content-type'), 'application/json');
  const authz = req.headers.get('authorization')!;
  assert.match(authz, /Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/bedrock\/aws4_request/);
  assert.match(authz, /SignedHeaders=[a-z;-]*x-amzn-bedrock-trace/);
  const amzDate = req.headers.get('x-amz-date')!;
  const signer = new SignatureV4({ service: 'bedrock', region: 'us-east-1', credentials: CREDS, sha256: Sha256, applyChecksum: false });
  const date = new Date(Date.UTC(+amzDate.slice(0, 4), +amzDate.slice(4, 6) - 1, +amzDate.slice(6, 8), +amzDate.slice(9, 11), +amzDate.slice(11, 13), +amzDate.slice(13, 15)));
  const signed = await signer.sign({
    method: 'POST', protocol: 'https:', hostname: 'bedrock-runtime.us-east-1.amazonaws.com', path: '/model/anthropic.claude-3-5-sonnet-20241022-v2%3A0/invoke',
    headers: { host: 'bedrock-runtime.us-east-1.amazonaws.com', 'content-type': 'application/json', accept: 'application/json', 'x-amzn-bedrock-trace': 'ENABLED' },
    body: '{"x":1}',
  }, { signingDate: date });
  const sig = (h: string) => /Signature=([0-9a-f]{64})/.exec(h)![1];
  assert.is(sig(authz), sig(signed.headers.authorization as string));
});

send('send :: gateway sends to {gateway}/bedrock-runtime/{region}/… but signs the regional host and path', async () => {
  const s = script(json({}));
  const t = transport(s.fetch, { gateway: 'https://gateway.ai.cloudflare.com/v1/acct/gw/aws-bedrock/' });
  await t.send(call());
  const req = s.seen[0]!;
  assert.is(req.url, 'https://gateway.ai.cloudflare.com/v1/acct/gw/aws-bedrock/bedrock-runtime/us-east-1/model/anthropic.claude-3-5-sonnet-20241022-v2%3A0/invoke');
  const amzDate = req.headers.get('x-amz-date')!;
  const signer = new SignatureV4({ service: 'bedrock', region: 'us-east-1', credentials: CREDS, sha256: Sha256, applyChecksum: false });
  const date = new Date(Date.UTC(+amzDate.slice(0, 4), +amzDate.slice(4, 6) - 1, +amzDate.slice(6, 8), +amzDate.slice(9, 11), +amzDate.slice(11, 13), +amzDate.slice(13, 15)));
  const signed = await signer.sign({
    method: 'POST', protocol: 'https:', hostname: 'bedrock-runtime.us-east-1.amazonaws.com', path: '/model/anthropic.claude-3-5-sonnet-20241022-v2%3A0/invoke',
    headers: { host: 'bedrock-runtime.us-east-1.amazonaws.com', 'content-type': 'application/json', accept: 'application/json' },
    body: '{"x":1}',
  }, { signingDate: date });
  assert.is(req.headers.get('authorization'), signed.headers.authorization);
  assert.is(req.headers.get('host'), null);
});

send('send :: apiKey → Bearer, no SigV4', async () => {
  const s = script(json({}));
  const t = new Transport({ region: 'eu-west-1', auth: { apiKey: 'bedrock-api-key-abc' }, fetch: s.fetch });
  await t.send(call());
  assert.is(s.seen[0]!.headers.get('authorization'), 'Bearer bedrock-api-key-abc');
  assert.is(s.seen[0]!.headers.get('x-amz-date'), null);
  assert.match(s.seen[0]!.url, /^https:\/\/bedrock-runtime\.eu-west-1\.amazonaws\.com\//);
});

send('send :: endpoint override keeps its path prefix', async () => {
  const s = script(json({}));
  await transport(s.fetch, { endpoint: 'http://127.0.0.1:9/proxy/' }).send(call());
  assert.is(s.seen[0]!.url, 'http://127.0.0.1:9/proxy/model/anthropic.claude-3-5-sonnet-20241022-v2%3A0/invoke');
});

send('send :: 429 three times then success, with full-jitter backoff', async () => {
  const delays: number[] = [];
  const s = script(err(429, 'ThrottlingException', 'Too many'), err(429, 'ThrottlingException', 'Too many'), err(429, 'ThrottlingException', 'Too many'), json({ n: 4 }));
  const reply = await transport(s.fetch, {}, delays).send(call());
  assert.equal(reply.json, { n: 4 });
  assert.is(s.seen.length, 4);
  assert.equal(delays, [BASE_DELAY / 2, BASE_DELAY, BASE_DELAY * 2]);
});

send('send :: 429 until retries run out → RateLimitError naming the attempts', async () => {
  const delays: number[] = [];
  const s = script(...Array.from({ length: 3 }, () => err(429, 'ThrottlingException', 'Too many requests')));
  const e = await rejects(transport(s.fetch, { maxRetries: 2 }, delays).send(call()), (e) => e instanceof RateLimitError, '429');
  assert.match((e as Error).message, /gave up after 3 attempts/);
  assert.is(s.seen.length, 3);
  assert.is(delays.length, 2);
});

send('send :: 5xx, 424, ModelNotReady and network errors are retried', async () => {
  const s = script(
    err(500, 'InternalServerException', 'boom'), err(503, 'ServiceUnavailableException', 'busy'),
    new TypeError('fetch failed'), err(424, 'ModelErrorException', 'dependency'), err(429, 'ModelNotReadyException', 'warming'),
    err(502, 'BadGateway', 'x'), json({ ok: true }),
  );
  const reply = await transport(s.fetch, { maxRetries: 6 }).send(call());
  assert.equal(reply.json, { ok: true });
  assert.is(s.seen.length, 7);
});

send('send :: network errors after retries → ProviderError NetworkError with cause', async () => {
  const cause = new TypeError('connect ECONNREFUSED');
  const s = script(cause, cause);
  const e = await rejects(transport(s.fetch, { maxRetries: 1 }).send(call()), (e) => e instanceof ProviderError && e.code === 'NetworkError', 'net');
  assert.is((e as ProviderError).cause, cause);
  assert.match((e as Error).message, /2 attempts/);
});

send('send :: 400/403/404 are not retried', async () => {
  const s = script(err(404, 'ResourceNotFoundException', 'Could not resolve the foundation model'));
  await rejects(transport(s.fetch).send(call()), (e) => e instanceof ModelNotFoundError, '404');
  assert.is(s.seen.length, 1);
  const s2 = script(err(400, 'ValidationException', 'bad input'));
  await rejects(transport(s2.fetch).send(call()), (e) => e instanceof ProviderError && !(e instanceof RateLimitError), '400');
  assert.is(s2.seen.length, 1);
});

send('send :: clock skew corrected once from Date, offset kept for later calls', async () => {
  const serverNow = Date.now() + 20 * 60_000;
  const date = new Date(serverNow).toUTCString();
  const skew = () => err(403, 'InvalidSignatureException', 'Signature expired: 20250101T000000Z is now earlier than 20250101T001500Z', { date });
  const s = script(skew(), json({ ok: 1 }), json({ ok: 2 }), skew(), skew());
  const t = transport(s.fetch);
  await t.send(call());
  assert.ok(Math.abs(t.clockOffset - 20 * 60_000) < 5_000);
  const stamp = (r: Request) => Date.parse(r.headers.get('x-amz-date')!.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'));
  assert.ok(Math.abs(stamp(s.seen[1]!) - serverNow) < 5_000, 'second attempt signed with corrected clock');
  await t.send(call());
  assert.ok(Math.abs(stamp(s.seen[2]!) - serverNow) < 5_000, 'offset kept');
  await rejects(t.send(call()), (e) => e instanceof ProviderError && e.status === 403, 'second skew surfaces');
  assert.is(s.seen.length, 5);
});

send('send :: skew answer without Date is surfaced', async () => {
  const s = script(new Response(JSON.stringify({ message: 'Signature not yet current: x' }), { status: 403, headers: { 'x-amzn-ErrorType': 'InvalidSignatureException' } }));
  await rejects(transport(s.fetch).send(call()), (e) => e instanceof ProviderError && e.status === 403, 'no date');
  assert.is(s.seen.length, 1);
});

send('send :: abort before send never calls fetch and throws the reason', async () => {
  const s = script(json({}));
  const c = new AbortController();
  const reason = new Error('user abort');
  c.abort(reason);
  await rejects(transport(s.fetch).send(call('invoke', [c.signal])), (e) => e === reason, 'pre-abort');
  assert.is(s.seen.length, 0);
});

send('send :: abort while waiting for headers → reason, no retry', async () => {
  const c = new AbortController();
  const reason = new Error('user abort');
  const s = script(() => { setTimeout(() => c.abort(reason), 1); return new Promise<Response>(() => {}); });
  await rejects(transport(s.fetch).send(call('invoke', [c.signal])), (e) => e === reason, 'waiting');
  assert.is(s.seen.length, 1);
});

send('send :: abort while the credentials (and the signer) load → reason, fetch never called', async () => {
  const c = new AbortController();
  const reason = new Error('user abort');
  const s = script(json({}));
  const credentials = (): Promise<never> => { c.abort(reason); return new Promise<never>(() => {}); };
  await rejects(transport(s.fetch, { auth: { credentials } }).send(call('invoke', [c.signal])), (e) => e === reason, 'building');
  assert.is(s.seen.length, 0);
});

send('send :: abort during backoff stops retrying', async () => {
  const c = new AbortController();
  const reason = new Error('stop');
  const s = script(err(503, 'ServiceUnavailableException', 'busy'), json({}));
  const t = new Transport({
    region: 'us-east-1', auth: { credentials: async () => CREDS }, fetch: s.fetch,
    hooks: { sleep: (ms, signal) => { c.abort(reason); return sleep(ms, signal); } },
  });
  await rejects(t.send(call('invoke', [c.signal])), (e) => e === reason, 'backoff');
  assert.is(s.seen.length, 1);
});

send('send :: timeout → TimeoutError', async () => {
  const s = script(() => new Promise<Response>(() => {}));
  await rejects(transport(s.fetch, { timeout: 5 }).send(call()), (e) => e instanceof TimeoutError && /timeout/.test(e.message), 'timeout');
});

send('send :: non-JSON 200 body → ProviderError', async () => {
  const s = script(new Response('<html>', { status: 200 }));
  await rejects(transport(s.fetch).send(call()), (e) => e instanceof ProviderError && e.code === 'InvalidResponse', 'html');
});

send('send :: credentials resolved per attempt, errors surface', async () => {
  const boom = new ProviderError('no creds', { code: 'CredentialsError' });
  const t = new Transport({ region: 'us-east-1', auth: { credentials: async () => { throw boom; } }, fetch: script().fetch });
  await rejects(t.send(call()), (e) => e === boom, 'creds');
});

send('send :: a request that cannot be built is a ValidationError, not retried', async () => {
  const s = script(json({}));
  const t = transport(s.fetch, { auth: { apiKey: 'k' }, headers: { 'bad header name': 'x' } });
  await rejects(t.send(call()), (e) => e instanceof ValidationError && e.field === 'headers', 'unbuildable');
  assert.is(s.seen.length, 0);
});

send('send :: a credentials provider that throws → AuthenticationError CredentialsProviderError naming what was thrown (never its text), the original as cause, not retried', async () => {
  const cause = new Error(`STS printed {"SessionToken":"${SESSION.sessionToken}"}`);
  const s = script(json({}));
  let calls = 0;
  const t = transport(s.fetch, { auth: { credentials: async () => { calls++; throw cause; } } });
  const e = await rejects(t.send(call()), (e) => e instanceof AuthenticationError && e.code === 'CredentialsProviderError', 'provider') as AuthenticationError;
  assert.is(e.cause, cause);
  assert.is(e.message, 'authentication failed for provider "bedrock": the credentials provider threw an Error (see cause)');
  for (const v of [e.message, e.stack ?? '', String(e), JSON.stringify(e)]) assert.not.match(v, /STS printed|SessionToken|IQoJ/);
  assert.is(calls, 1);
  assert.is(s.seen.length, 0);
  const thrown = await rejects(transport(s.fetch, { auth: { credentials: () => { throw 'no\nprofile'; } } }).send(call()), (e) => e instanceof AuthenticationError, 'sync throw of a string');
  assert.match((thrown as Error).message, /threw a string \(see cause\)$/);
  assert.is((thrown as Error).cause, 'no\nprofile');
  const typed = await rejects(transport(s.fetch, { auth: { credentials: async () => { throw new TypeError('x'); } } }).send(call()), (e) => e instanceof AuthenticationError, 'TypeError');
  assert.match((typed as Error).message, /threw a TypeError \(see cause\)$/);
  const nothing = await rejects(transport(s.fetch, { auth: { credentials: async () => { throw undefined; } } }).send(call()), (e) => e instanceof AuthenticationError, 'undefined');
  assert.match((nothing as Error).message, /threw undefined \(see cause\)$/);
  const named = Object.assign(new Error('x'), { name: 'secret\nname' });
  const odd = await rejects(transport(s.fetch, { auth: { credentials: async () => { throw named; } } }).send(call()), (e) => e instanceof AuthenticationError, 'odd name');
  assert.match((odd as Error).message, /threw an object \(see cause\)$/);
});

send('send :: secrets an upstream echoes (session token, signature, secret key) are redacted from the error', async () => {
  const secrets = [SESSION.secretAccessKey, SESSION.sessionToken];
  const echo400 = (req: Request) => json({ Message: `bad header x-amz-security-token: ${req.headers.get('x-amz-security-token')}` }, 400);
  const echo500 = (req: Request) => new Response(`upstream failed: ${req.headers.get('authorization')} token=${encodeURIComponent(SESSION.sessionToken)} key ${SESSION.secretAccessKey}`, { status: 500 });
  const s = script(echo400, echo500);
  const t = transport(s.fetch, { auth: { credentials: async () => SESSION }, maxRetries: 0 });
  const bad = await rejects(t.send(call()), (e) => e instanceof ValidationError && e.code === 'ValidationException', '400');
  assert.match((bad as Error).message, 'x-amz-security-token: [redacted]');
  noneOf(bad, [...secrets, signatureOf(s.seen[0]!)]);
  const failed = await rejects(t.send(call()), (e) => e instanceof ProviderError && e.status === 500, '500');
  assert.match((failed as Error).message, /Signature=\[redacted\] token=\[redacted\] key \[redacted\]/);
  noneOf(failed, [...secrets, signatureOf(s.seen[1]!)]);
});

send('send :: an API key an upstream echoes is redacted', async () => {
  const key = 'bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29tLz9BY3Rpb249Q2FsbFdpdGhCZWFyZXJUb2tlbg==';
  const s = script(json({ message: `Invalid API key ${key} provided` }, 403), new Response(`<p>key=${key}</p>`, { status: 200 }));
  const t = new Transport({ region: 'us-east-1', auth: { apiKey: key }, fetch: s.fetch });
  const e = await rejects(t.send(call()), (e) => e instanceof AuthenticationError, '403');
  assert.match((e as Error).message, 'Invalid API key [redacted] provided');
  noneOf(e, [key]);
  const html = await rejects(t.send(call()), (e) => e instanceof ProviderError && e.code === 'InvalidResponse', 'non-JSON 200');
  assert.match((html as Error).message, 'key=[redacted]');
  noneOf(html, [key]);
});

send('send :: idleTimeout does not bound the wait for the response headers (sent once the answer is generated), after a retry either; timeout does', async () => {
  const late = (v: unknown) => () => new Promise<Response>((r) => setTimeout(() => r(json(v)), 60));
  const s = script(late({ a: 1 }), json({}, 503), late({ a: 2 }));
  const t = transport(s.fetch, { idleTimeout: 20 });
  assert.equal((await t.send(call())).json, { a: 1 });
  assert.equal((await t.send(call())).json, { a: 2 }, 'after a backoff wait');
  const never = script(() => new Promise<Response>(() => {}));
  await rejects(transport(never.fetch, { idleTimeout: 10, timeout: 40 }).send(call()), (e) => e instanceof TimeoutError && /\(timeout\)/.test(e.message), 'timeout');
});

send('send :: idleTimeout bounds each wait for a body chunk; the body stream is cancelled', async () => {
  const b = body(['{"a":'], false);
  const s = script(new Response(b.stream, { status: 200 }));
  await rejects(transport(s.fetch, { idleTimeout: 20 }).send(call()), (e) => e instanceof TimeoutError && /idleTimeout/.test(e.message), 'body');
  assert.ok(b.state.cancelled);
});

send('send :: a JSON body in several chunks (UTF-8 split across them) is read whole', async () => {
  const bytes = enc.encode('{"text":"héllo ✓"}');
  const parts = [bytes.slice(0, 11), bytes.slice(11, 17), bytes.slice(17)];
  const stream = new ReadableStream<Uint8Array>({ start(c) { for (const p of parts) c.enqueue(p); c.close(); } });
  const s = script(new Response(stream, { status: 200 }));
  assert.equal((await transport(s.fetch, { idleTimeout: 1000 }).send(call())).json, { text: 'héllo ✓' });
});

send('send :: connection lost reading the body → NetworkError naming the host', async () => {
  let n = 0;
  const broken = new ReadableStream<Uint8Array>({ pull(c) { if (n++ === 0) c.enqueue(enc.encode('{')); else c.error(new TypeError('terminated')); } });
  const s = script(new Response(broken, { status: 200 }));
  const e = await rejects(transport(s.fetch, { maxRetries: 0 }).send(call()), (e) => e instanceof ProviderError && e.code === 'NetworkError', 'reset');
  assert.match((e as Error).message, 'connection lost reading the response from bedrock-runtime.us-east-1.amazonaws.com: terminated');
});

send('send :: NetworkError names the endpoint host, never a path or query', async () => {
  const s = script(new TypeError('fetch failed'), new TypeError('fetch failed'));
  const e = await rejects(transport(s.fetch, { maxRetries: 0 }).send(call()), (e) => e instanceof ProviderError && e.code === 'NetworkError', 'regional');
  assert.match((e as Error).message, /^network error before the response from bedrock-runtime\.us-east-1\.amazonaws\.com: fetch failed$/);
  const gw = await rejects(transport(s.fetch, { maxRetries: 0, gateway: 'https://gw.example.com/v1/acct/secret-path' }).send(call()), (e) => e instanceof ProviderError, 'gateway');
  assert.match((gw as Error).message, 'from gw.example.com: fetch failed');
  assert.not.match((gw as Error).message, /secret-path|model/);
});

send('send :: default fetch is the global one', async () => {
  const original = globalThis.fetch;
  const s = script(json({ g: 1 }));
  globalThis.fetch = s.fetch as typeof fetch;
  try {
    const t = new Transport({ region: 'us-east-1', auth: { apiKey: 'k' } });
    assert.equal((await t.send(call())).json, { g: 1 });
  } finally {
    globalThis.fetch = original;
  }
});
send.run();

// ---------------------------------------------------------------------------------------------
const stream = suite('Transport.stream');
const streamed = (parts: string[], end = true) => { const b = body(parts, end); return { res: new Response(b.stream, { status: 200 }), state: b.state }; };

stream('stream :: headers: X-Amzn-Bedrock-Accept, never Accept', async () => {
  const s = script(streamed(['a;b;!end']).res);
  const out = await collect(transport(s.fetch).stream(call('invoke-with-response-stream'), lines));
  assert.equal(out, ['a', 'b', '<end>']);
  assert.is(s.seen[0]!.headers.get('x-amzn-bedrock-accept'), '*/*');
  assert.is(s.seen[0]!.headers.get('accept'), null);
  assert.match(s.seen[0]!.headers.get('authorization')!, /x-amzn-bedrock-accept/);
});

stream('stream :: a (sync or async) call thunk runs on the first next(); its error comes from the iterator', async () => {
  const s = script(streamed(['a;!end']).res);
  let ran = 0;
  const it = transport(s.fetch).stream(async () => { ran++; return call('invoke-with-response-stream'); }, lines);
  assert.is(ran, 0, 'nothing runs before next()');
  assert.equal(await collect(it), ['a', '<end>']);
  assert.is(ran, 1);
  const boom = new ValidationError('bad call', { field: 'model' });
  await rejects(collect(transport(s.fetch).stream(() => { throw boom; }, lines)), (e) => e === boom, 'sync thunk');
  await rejects(collect(transport(s.fetch).stream(async () => { throw boom; }, lines)), (e) => e === boom, 'async thunk');
  assert.is(s.seen.length, 1, 'a failing thunk sends nothing');
});

stream('stream :: in-stream throttling before content is retried', async () => {
  const delays: number[] = [];
  const s = script(streamed(['start;!t']).res, streamed(['start;a;!end']).res);
  const out = await collect(transport(s.fetch, {}, delays).stream(call('invoke-with-response-stream'), lines, (x) => x !== 'start'));
  assert.equal(out, ['start', 'a', '<end>']);
  assert.is(s.seen.length, 2);
  assert.is(delays.length, 1);
});

stream('stream :: in-stream throttling after content surfaces, no duplicate text', async () => {
  const s = script(streamed(['start;a;', '!t']).res, streamed(['start;a;!end']).res);
  const seen: string[] = [];
  const e = await rejects((async () => { for await (const x of transport(s.fetch).stream(call('invoke-with-response-stream'), lines, (x) => x !== 'start')) seen.push(x); })(),
    (e) => e instanceof RateLimitError, 'after content');
  assert.ok(e);
  assert.equal(seen, ['start', 'a']);
  assert.is(s.seen.length, 1);
});

stream('stream :: in-stream throttling until retries run out', async () => {
  const s = script(streamed(['!t']).res, streamed(['!t']).res);
  const e = await rejects(collect(transport(s.fetch, { maxRetries: 1 }).stream(call('invoke-with-response-stream'), lines)), (e) => e instanceof RateLimitError, 'exhaust');
  assert.match((e as Error).message, /gave up after 2 attempts/);
});

stream('stream :: non-retryable in-stream error surfaces at once', async () => {
  const s = script(streamed(['!v']).res);
  await rejects(collect(transport(s.fetch).stream(call('invoke-with-response-stream'), lines)), (e) => e instanceof ValidationError, 'validation');
  assert.is(s.seen.length, 1);
});

stream('stream :: truncated stream → StreamError from end()', async () => {
  const s = script(streamed(['a;b']).res);
  await rejects(collect(transport(s.fetch).stream(call('invoke-with-response-stream'), lines)), (e) => e instanceof StreamError, 'truncated');
});

stream('stream :: HTTP error before the stream is retried then mapped', async () => {
  const s = script(err(503, 'ServiceUnavailableException', 'busy'), streamed(['x;!end']).res);
  assert.equal(await collect(transport(s.fetch).stream(call('invoke-with-response-stream'), lines)), ['x', '<end>']);
});

stream('stream :: connection lost mid-stream → StreamError', async () => {
  let n = 0;
  const broken = new ReadableStream<Uint8Array>({
    pull(c) { if (n++ === 0) c.enqueue(enc.encode('a;')); else c.error(new TypeError('terminated')); },
  });
  const s = script(new Response(broken));
  const seen: string[] = [];
  await rejects((async () => { for await (const x of transport(s.fetch).stream(call('invoke-with-response-stream'), lines)) seen.push(x); })(),
    (e) => e instanceof StreamError && /mid-stream/.test(e.message), 'reset');
  assert.equal(seen, ['a']);
});

stream('stream :: breaking out cancels the body', async () => {
  const b = streamed(['a;b;'], false);
  const s = script(b.res);
  for await (const x of transport(s.fetch).stream(call('invoke-with-response-stream'), lines)) { assert.is(x, 'a'); break; }
  assert.ok(b.state.cancelled);
});

stream('stream :: abort mid-stream → reason, body cancelled, no retry', async () => {
  const c = new AbortController();
  const reason = new Error('user abort');
  const b = streamed(['a;'], false);
  const s = script(b.res, streamed(['a;!end']).res);
  const seen: string[] = [];
  await rejects((async () => {
    for await (const x of transport(s.fetch).stream(call('invoke-with-response-stream', [c.signal]), lines)) { seen.push(x); c.abort(reason); }
  })(), (e) => e === reason, 'mid-stream');
  assert.equal(seen, ['a']);
  assert.ok(b.state.cancelled);
  assert.is(s.seen.length, 1);
});

stream('stream :: idleTimeout on a stalled body → TimeoutError, body cancelled', async () => {
  const b = streamed(['a;'], false);
  const s = script(b.res);
  const seen: string[] = [];
  await rejects((async () => {
    for await (const x of transport(s.fetch, { idleTimeout: 20 }).stream(call('invoke-with-response-stream'), lines)) seen.push(x);
  })(), (e) => e instanceof TimeoutError && /idleTimeout/.test(e.message), 'idle');
  assert.equal(seen, ['a']);
  assert.ok(b.state.cancelled);
});

stream('stream :: idleTimeout keeps running while chunks flow', async () => {
  let i = 0;
  const slow = new ReadableStream<Uint8Array>({
    async pull(c) {
      await new Promise((r) => setTimeout(r, 8));
      if (i++ < 5) c.enqueue(enc.encode(`p${i};`)); else { c.enqueue(enc.encode('!end')); c.close(); }
    },
  });
  const s = script(new Response(slow));
  const out = await collect(transport(s.fetch, { idleTimeout: 250 }).stream(call('invoke-with-response-stream'), lines));
  assert.equal(out, ['p1', 'p2', 'p3', 'p4', 'p5', '<end>']);
});

stream('stream :: idleTimeout does not count the time the caller holds an event', async () => {
  const s = script(streamed(['a;', 'b;', '!end']).res);
  const out: string[] = [];
  for await (const x of transport(s.fetch, { idleTimeout: 30 }).stream(call('invoke-with-response-stream'), lines)) {
    out.push(x);
    await new Promise((r) => setTimeout(r, 120));
  }
  assert.equal(out, ['a', 'b', '<end>']);
});

stream('stream :: idleTimeout does not count backoff waits', async () => {
  const s = script(err(503, 'ServiceUnavailableException', 'busy'), streamed(['x;!end']).res);
  const t = new Transport({
    region: 'us-east-1', auth: { credentials: async () => CREDS }, fetch: s.fetch, idleTimeout: 60,
    hooks: { sleep: (_ms, signal) => sleep(240, signal), random: () => 0 },
  });
  assert.equal(await collect(t.stream(call('invoke-with-response-stream'), lines)), ['x', '<end>']);
});

stream('stream :: whole-call timeout covers the stream', async () => {
  const b = streamed(['a;'], false);
  const s = script(b.res);
  await rejects(collect(transport(s.fetch, { timeout: 15 }).stream(call('invoke-with-response-stream'), lines)), (e) => e instanceof TimeoutError, 'timeout');
  assert.ok(b.state.cancelled);
});

stream('stream :: a 200 that is not an event stream (captive portal page) → InvalidResponse naming the type and the body start', async () => {
  const page = '<html><head><title>Sign in to the hotel Wi-Fi</title></head><body>' + 'x'.repeat(200) + '</body></html>';
  const s = script(new Response(page, { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' } }));
  const e = await rejects(collect(transport(s.fetch).stream(call('invoke-with-response-stream'), lines)),
    (e) => e instanceof ProviderError && !(e instanceof StreamError) && e.code === 'InvalidResponse' && e.status === 200, 'html') as Error;
  assert.is(e.message, `expected application/vnd.amazon.eventstream, got text/html; charset=utf-8: ${JSON.stringify(page.slice(0, 80))}`);
  assert.is(s.seen.length, 1, 'not retried');
  const empty = script(new Response(null, { status: 200, headers: { 'content-type': 'text/plain' } }));
  const e2 = await rejects(collect(transport(empty.fetch).stream(call('invoke-with-response-stream'), lines)), (e) => e instanceof ProviderError && e.code === 'InvalidResponse', 'no body');
  assert.match((e2 as Error).message, /got text\/plain: ""$/);
});

stream('stream :: idleTimeout bounds the wait for the response headers', async () => {
  const s = script(() => new Promise<Response>(() => {}));
  await rejects(collect(transport(s.fetch, { idleTimeout: 20 }).stream(call('invoke-with-response-stream'), lines)), (e) => e instanceof TimeoutError && /idleTimeout/.test(e.message), 'headers');
});

stream('stream :: a type that only starts like the event-stream type (…eventstreamX, octet-streams) → InvalidResponse', async () => {
  for (const type of ['application/vnd.amazon.eventstreamX', 'application/vnd.amazon.eventstream-json', 'application/octet-streams', 'text/event-stream', 'application/json']) {
    const res = new Response(body(['a;!end']).stream, { status: 200, headers: { 'content-type': type } });
    const t = transport(async () => res);
    await rejects(collect(t.stream(call('invoke-with-response-stream'), lines)), (e) => e instanceof ProviderError && e.code === 'InvalidResponse', type);
  }
});

stream('stream :: an abort or idleTimeout while reading the start of a non-event-stream answer → the reason, not InvalidResponse', async () => {
  const c = new AbortController(), reason = new Error('user abort');
  const page = () => new Response(body([], false).stream, { status: 200, headers: { 'content-type': 'text/html' } });
  setTimeout(() => c.abort(reason), 10);
  await rejects(collect(transport(async () => page()).stream(call('invoke-with-response-stream', [c.signal]), lines)), (e) => e === reason, 'abort');
  await rejects(collect(transport(async () => page(), { idleTimeout: 20 }).stream(call('invoke-with-response-stream'), lines)),
    (e) => e instanceof TimeoutError && /idleTimeout/.test(e.message), 'idleTimeout');
});

stream('stream :: the event-stream type, a generic binary type (any case, with parameters) or none is decoded', async () => {
  const types = ['application/vnd.amazon.eventstream', 'Application/VND.Amazon.EventStream; charset=binary', 'application/octet-stream', 'Binary/Octet-Stream', ' application/octet-stream ; x=1', undefined];
  for (const type of types) {
    const b = body(['a;!end']);
    const s = script(new Response(b.stream, { status: 200, headers: type ? { 'content-type': type } : {} }));
    assert.equal(await collect(transport(s.fetch).stream(call('invoke-with-response-stream'), lines)), ['a', '<end>'], String(type));
  }
});

stream('stream :: secrets in in-stream error messages are redacted', async () => {
  const leaky = (): Decoder<string> => ({ push() { throw new ValidationError(`bad token ${SESSION.sessionToken}`); }, end: () => [] });
  const s = script(streamed(['x']).res);
  const e = await rejects(collect(transport(s.fetch, { auth: { credentials: async () => SESSION } }).stream(call('invoke-with-response-stream'), leaky)), (e) => e instanceof ValidationError, 'in-stream');
  assert.match((e as Error).message, 'bad token [redacted]');
  noneOf(e, [SESSION.sessionToken]);
});

stream('stream :: a secret cut short by the 300-character limit of an in-stream error leaves none of its characters (message, stack)', async () => {
  for (const pad of [10, 270, 288]) {
    const leaky = (): Decoder<string> => ({ push() { throw errorFromException('validationException', `${'x'.repeat(pad)} echoed ${SESSION.secretAccessKey}`, MODEL); }, end: () => [] });
    const s = script(streamed(['x']).res);
    const e = await rejects(collect(transport(s.fetch, { auth: { credentials: async () => SESSION } }).stream(call('invoke-with-response-stream'), leaky)), (e) => e instanceof ValidationError, `pad ${pad}`) as Error;
    assert.match(e.message, pad === 10 ? / echoed \[redacted\]$/ : / echoed \[redacted\]…$/, `pad ${pad}`);
    noneOf(e, [SESSION.secretAccessKey.slice(0, 4)]);
  }
});

stream('stream :: a response without body yields only the decoder end', async () => {
  const s = script(new Response(null, { status: 200 }));
  await rejects(collect(transport(s.fetch).stream(call('invoke-with-response-stream'), lines)), (e) => e instanceof StreamError, 'empty');
});
stream.run();
