import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import bedrock from 'vectors:bedrock';
import { createProxy, readBody, capTokens, MAX_BODY_BYTES } from '../lib/proxy.ts';
import type { ProxyOptions } from '../lib/proxy.ts';
import { createEmulator } from '../lib/emulator.ts';
import { BedrockProvider } from '../lib/provider.ts';
import { ProviderError, ValidationError, redactSecrets } from '../lib/errors.ts';
import { throwsError } from './fixtures/helpers.ts';

const CREDS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const TOKEN_CREDS = { ...CREDS, sessionToken: 'SESSION-TOKEN-a1b2c3/xyz+=' };
const MODEL = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
const APP = 'https://app.example';
const PROXY = 'https://proxy.example';
const APP_TOKEN = 'app-session-token';
/** A Chrome extension's origin as Chrome sends it (the id is 32 letters a–p). */
const EXTENSION = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
const enc = new TextEncoder();

type Seen = { url: string; headers: Headers; body: string };

/** A proxy whose upstream is the emulator, recording what reached it. */
function setup(extra: Partial<ProxyOptions> = {}) {
  const emulator = createEmulator();
  const seen: Seen[] = [];
  const proxy = createProxy({
    region: 'us-east-1', credentials: CREDS, origins: [APP],
    authorize: (r) => r.headers.get('authorization') === `Bearer ${APP_TOKEN}`,
    fetch: async (r) => {
      seen.push({ url: r.url, headers: new Headers(r.headers), body: await r.clone().text() });
      return emulator.fetch(r);
    },
    ...extra,
  });
  return { proxy, seen };
}

/**
 * A request as a server sees it. Browsers' `Request` drops forbidden headers (origin, cookie, connection,
 * …), so the headers live in a free-standing `Headers` next to a real body stream.
 */
function incoming(method: string, path: string, headers: Record<string, string>, body?: string): Request {
  const real = new Request(PROXY + path, { method, body });
  return { method, url: real.url, headers: new Headers(headers), body: real.body, signal: real.signal } as unknown as Request;
}

function post(path: string, body: unknown, headers: Record<string, string> = {}): Request {
  return incoming('POST', path, { 'content-type': 'application/json', authorization: `Bearer ${APP_TOKEN}`, ...headers },
    typeof body === 'string' ? body : JSON.stringify(body));
}

const messages = (maxTokens?: number) => ({
  anthropic_version: 'bedrock-2023-05-31',
  ...(maxTokens === undefined ? {} : { max_tokens: maxTokens }),
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello there' }] }],
});
const invokePath = `/model/${encodeURIComponent(MODEL)}/invoke`;

function corsHeaders(res: Response): string[] {
  const out: string[] = [];
  res.headers.forEach((_, k) => { if (k.startsWith('access-control-')) out.push(k); });
  return out;
}

// ---------------------------------------------------------------------------------------------------------
const forward = suite('createProxy');

forward('createProxy :: forwards a signed invoke to the emulator and returns its answer', async () => {
  const { proxy, seen } = setup();
  const res = await proxy.fetch(post(invokePath, messages(50)));
  const text = await res.text();
  assert.is(res.status, 200, text);
  const json = JSON.parse(text);
  assert.is(json.type, 'message');
  assert.ok(json.content[0].text.length > 0);
  assert.is(seen.length, 1);
  assert.is(seen[0]!.url, `https://bedrock-runtime.us-east-1.amazonaws.com/model/${encodeURIComponent(MODEL)}/invoke`);
  assert.match(seen[0]!.headers.get('authorization')!, /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/bedrock\/aws4_request/);
});

forward('createProxy :: every route reaches Bedrock with the model id re-encoded', async () => {
  const { proxy, seen } = setup();
  const arn = 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20241022-v2:0';
  const converse = { messages: [{ role: 'user', content: [{ text: 'hi' }] }] };
  const calls: Array<[string, unknown]> = [
    [`/model/${encodeURIComponent(arn)}/converse`, converse],
    [`/model/${encodeURIComponent(MODEL)}/converse-stream`, converse],
    [`/model/${encodeURIComponent(MODEL)}/invoke-with-response-stream`, messages(20)],
    [`/model/${encodeURIComponent(MODEL)}/count-tokens`, { input: { converse } }],
  ];
  for (const [path, body] of calls) {
    const res = await proxy.fetch(post(path, body));
    await res.arrayBuffer();
    assert.is(res.status, 200, path);
  }
  assert.equal(seen.map((s) => new URL(s.url).pathname), calls.map(([p]) => p));
});

forward('createProxy :: endpoint option replaces the regional host', async () => {
  const { proxy, seen } = setup({ endpoint: 'http://127.0.0.1:4010/' });
  const res = await proxy.fetch(post(invokePath, messages(10)));
  assert.is(res.status, 200);
  assert.ok(seen[0]!.url.startsWith('http://127.0.0.1:4010/model/'), seen[0]!.url);
});

forward('createProxy :: streams the upstream bytes unchanged and as they arrive', async () => {
  const frames = bedrock['invoke-stream-claude.bin'] as Uint8Array;
  const cut = [0, 97, 500, frames.length];
  let push!: (i: number) => void;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      push = (i) => (i < cut.length - 1 ? c.enqueue(frames.slice(cut[i], cut[i + 1])) : c.close());
      push(0);
    },
  });
  const proxy = createProxy({
    region: 'us-east-1', credentials: CREDS, authorize: () => true,
    fetch: async () => new Response(body, { headers: { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': 'rid-1' } }),
  });
  const res = await proxy.fetch(post(`/model/${encodeURIComponent(MODEL)}/invoke-with-response-stream`, messages(5)));
  assert.is(res.headers.get('content-type'), 'application/vnd.amazon.eventstream');
  assert.is(res.headers.get('x-amzn-requestid'), 'rid-1');
  const reader = res.body!.getReader();
  const got: number[] = [];
  for (let i = 1; ; i++) {
    const { done, value } = await reader.read(); // resolves before the next piece is pushed upstream
    if (done) break;
    got.push(...value);
    assert.ok(got.length <= cut[i]!, 'no byte arrives before the upstream produced it');
    push(i);
  }
  assert.equal(new Uint8Array(got), frames);
});

forward('createProxy :: a clock off by 20 minutes is corrected once from Bedrock\'s Date header', async () => {
  for (const skew of [20 * 60_000, -20 * 60_000]) {
    const emulator = createEmulator();
    emulator.faults.clockSkew = skew;
    let calls = 0;
    const proxy = createProxy({
      region: 'us-east-1', credentials: CREDS, authorize: () => true, fetch: (r) => { calls++; return emulator.fetch(r); },
    });
    const first = await proxy.fetch(post(invokePath, messages(5)));
    assert.is(first.status, 200, await first.clone().text());
    assert.is(calls, 2);
    const second = await proxy.fetch(post(invokePath, messages(5)));
    assert.is(second.status, 200);
    assert.is(calls, 3, 'the learnt offset is kept');
  }
});

forward('createProxy :: a signature error without a Date header is returned, not retried', async () => {
  let calls = 0;
  const proxy = createProxy({
    region: 'us-east-1', credentials: CREDS, authorize: () => true,
    fetch: async () => { calls++; return new Response('{"message":"Signature expired: 20000101T000000Z"}', { status: 403 }); },
  });
  const res = await proxy.fetch(post(invokePath, messages(5)));
  assert.is(res.status, 403);
  assert.is(calls, 1);
});

forward('createProxy :: invalid options throw', () => {
  assert.throws(() => createProxy({ region: 'us east 1', credentials: CREDS }), (e: unknown) => e instanceof ValidationError);
  assert.throws(() => createProxy({ region: 'us-east-1', credentials: undefined as never }), /credentials/);
  assert.throws(() => createProxy({ region: 'us-east-1', credentials: CREDS, endpoint: 'http://bedrock.example.com' }), /https/);
  assert.throws(() => createProxy({ region: 'us-east-1', credentials: CREDS, endpoint: 'https://x.example\r\n' }), /CR, LF/);
});

forward('createProxy :: upstream and credential failures answer 502 / 500 without details', async () => {
  const down = createProxy({ region: 'us-east-1', credentials: CREDS, authorize: () => true, fetch: () => Promise.reject(new Error('ECONNREFUSED 10.0.0.1')) });
  const r1 = await down.fetch(post(invokePath, messages(5)));
  assert.is(r1.status, 502);
  assert.not.match(await r1.text(), /ECONNREFUSED/);
  const nocreds = createProxy({ region: 'us-east-1', credentials: () => Promise.reject(new Error(`bad ${CREDS.secretAccessKey}`)), authorize: () => true });
  const r2 = await nocreds.fetch(post(invokePath, messages(5)));
  assert.is(r2.status, 500);
  assert.not.match(await r2.text(), /EXAMPLEKEY/);
});

forward('createProxy :: the reason for a credentials 500 is seen by a wrapping provider, not by the browser', async () => {
  const logged: unknown[] = [];
  const provider = async () => { throw new Error(`profile "prod" not found; ${CREDS.secretAccessKey}`); };
  // What an operator can do today: wrap the (memoized) provider and log its failure server-side.
  const logging = () => provider().catch((e: unknown) => { logged.push(e); throw e; });
  const proxy = createProxy({ region: 'us-east-1', credentials: logging, authorize: () => true, fetch: async () => new Response('{}') });
  const res = await proxy.fetch(post(invokePath, messages(5)));
  assert.is(res.status, 500);
  const text = await res.text();
  assert.is(text, JSON.stringify({ message: 'the proxy could not load its AWS credentials' }));
  assert.is(logged.length, 1);
  assert.match(String(logged[0]), /profile "prod" not found/);
});

forward.run();

// ---------------------------------------------------------------------------------------------------------
const abuse = suite('createProxy abuse');

abuse('createProxy abuse :: no authorize option refuses every request with 401', async () => {
  const { proxy, seen } = setup({ authorize: undefined });
  const res = await proxy.fetch(post(invokePath, messages(5)));
  assert.is(res.status, 401);
  assert.is(res.headers.get('x-amzn-errortype'), 'AccessDeniedException');
  assert.is(seen.length, 0);
});

abuse('createProxy abuse :: authorize false or throwing → 401, upstream untouched', async () => {
  for (const authorize of [() => false, async () => false, () => { throw new Error('bad token'); }]) {
    const { proxy, seen } = setup({ authorize });
    const res = await proxy.fetch(post(invokePath, messages(5)));
    assert.is(res.status, 401);
    assert.is(seen.length, 0);
  }
});

abuse('createProxy abuse :: model outside the allow-list → 403 (list and predicate)', async () => {
  for (const models of [[MODEL], (m: string) => m === MODEL]) {
    const { proxy, seen } = setup({ models });
    const other = await proxy.fetch(post(`/model/${encodeURIComponent('meta.llama3-70b-instruct-v1:0')}/invoke`, { prompt: 'x' }));
    assert.is(other.status, 403);
    assert.match(await other.text(), /not allowed/);
    const ok = await proxy.fetch(post(invokePath, messages(5)));
    assert.is(ok.status, 200);
    assert.is(seen.length, 1);
  }
});

abuse('createProxy abuse :: unknown routes → 404, other methods → 405', async () => {
  const { proxy, seen } = setup();
  for (const path of ['/model/x/delete', '/models', `/model/${encodeURIComponent(MODEL)}/invoke/extra`, '/model/%E0%A4%A/invoke', '/model/a%0Ab/invoke']) {
    const res = await proxy.fetch(post(path, messages(5)));
    assert.is(res.status, 404, path);
  }
  const get = await proxy.fetch(incoming('GET', invokePath, { authorization: `Bearer ${APP_TOKEN}` }));
  assert.is(get.status, 405);
  assert.is(seen.length, 0);
});

abuse('createProxy abuse :: body over maxBodyBytes → 413', async () => {
  const { proxy, seen } = setup({ maxBodyBytes: 100 });
  const res = await proxy.fetch(post(invokePath, { ...messages(5), pad: 'x'.repeat(200) }));
  assert.is(res.status, 413);
  assert.match(await res.text(), /100 bytes/);
  assert.is(seen.length, 0);
  assert.is(MAX_BODY_BYTES, 1 << 20);
});

abuse('readBody :: declared content-length over the limit is refused without reading', async () => {
  let pulls = 0;
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({ pull(c) { pulls++; c.enqueue(new Uint8Array(64)); }, cancel() { cancelled = true; } }, { highWaterMark: 0 });
  const req = { headers: new Headers({ 'content-length': '1000000' }), body } as unknown as Request;
  assert.is(await readBody(req, 1000), undefined);
  assert.is(pulls, 0);
  assert.ok(cancelled);
});

abuse('readBody :: an endless body stops one chunk past the limit', async () => {
  let pulls = 0;
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({ pull(c) { pulls++; c.enqueue(new Uint8Array(64)); }, cancel() { cancelled = true; } }, { highWaterMark: 0 });
  const req = { headers: new Headers(), body } as unknown as Request;
  assert.is(await readBody(req, 1000), undefined);
  assert.is(pulls, 16); // 16 × 64 = 1024 > 1000
  assert.ok(cancelled);
});

abuse('readBody :: a body within the limit is returned whole', async () => {
  const parts = [enc.encode('{"a":'), enc.encode('1}')];
  const body = new ReadableStream<Uint8Array>({ pull(c) { const p = parts.shift(); if (p) c.enqueue(p); else c.close(); } });
  const got = await readBody({ headers: new Headers(), body } as unknown as Request, 7);
  assert.equal(got, enc.encode('{"a":1}'));
  assert.equal(await readBody({ headers: new Headers(), body: null } as unknown as Request, 7), new Uint8Array(0));
});

abuse('createProxy abuse :: maxTokens over the cap is clamped, missing is set, lower is kept', async () => {
  const { proxy, seen } = setup({ maxTokens: 100 });
  for (const [body, want] of [[messages(5000), 100], [messages(40), 40]] as const) {
    const res = await proxy.fetch(post(invokePath, body));
    assert.is(res.status, 200);
    assert.is(JSON.parse(seen.at(-1)!.body).max_tokens, want);
  }
  const conv = await proxy.fetch(post(`/model/${encodeURIComponent(MODEL)}/converse`, { messages: [{ role: 'user', content: [{ text: 'hi' }] }] }));
  assert.is(conv.status, 200);
  assert.is(JSON.parse(seen.at(-1)!.body).inferenceConfig.maxTokens, 100);
  const bad = await proxy.fetch(post(invokePath, 'not json'));
  assert.is(bad.status, 400);
});

abuse('capTokens :: every known body format', () => {
  const run = (action: string, body: unknown) => {
    const out = capTokens(enc.encode(JSON.stringify(body)), action, 100);
    return typeof out === 'string' ? out : JSON.parse(new TextDecoder().decode(out));
  };
  assert.is(run('invoke', { max_tokens_to_sample: 9000, prompt: 'x' }).max_tokens_to_sample, 100);
  assert.is(run('invoke', { max_gen_len: 2000, prompt: 'x' }).max_gen_len, 100);
  assert.is(run('invoke', { inputText: 'x', textGenerationConfig: { maxTokenCount: 4096 } }).textGenerationConfig.maxTokenCount, 100);
  assert.is(run('invoke', { messages: [], inferenceConfig: { max_new_tokens: 4096 } }).inferenceConfig.max_new_tokens, 100);
  assert.is(run('invoke-with-response-stream', { anthropic_version: 'bedrock-2023-05-31', messages: [] }).max_tokens, 100);
  assert.is(run('converse-stream', { inferenceConfig: { maxTokens: 101, temperature: 0 } }).inferenceConfig.maxTokens, 100);
  assert.is(run('converse', { inferenceConfig: { maxTokens: 7 } }).inferenceConfig.maxTokens, 7);
  assert.match(run('invoke', { prompt: 'x' }), /no token limit field/);
  assert.match(run('invoke', [1]), /JSON object/);
  assert.match(run('converse', { inferenceConfig: 5 }), /inferenceConfig must be an object/);
});

abuse('createProxy abuse :: browser authorization, cookies, x-amz-* and hop-by-hop headers are never forwarded', async () => {
  const { proxy, seen } = setup();
  const res = await proxy.fetch(post(invokePath, messages(5), {
    cookie: 'sid=1', 'x-amz-date': '20000101T000000Z', 'x-amz-security-token': 'BROWSER-TOKEN',
    'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', 'proxy-authorization': 'Basic eA==', 'x-forwarded-for': '10.0.0.1',
    'x-amzn-bedrock-trace': 'ENABLED', 'x-api-key': 'k', origin: APP, connection: 'keep-alive, x-secret',
    'keep-alive': 'timeout=5', te: 'trailers', upgrade: 'websocket', 'transfer-encoding': 'chunked', 'x-secret': '1',
  }));
  assert.is(res.status, 200);
  const h = seen[0]!.headers;
  assert.match(h.get('authorization')!, /^AWS4-HMAC-SHA256 /);
  assert.not.match(h.get('authorization')!, new RegExp(APP_TOKEN));
  for (const name of ['cookie', 'x-amz-security-token', 'x-amz-content-sha256', 'proxy-authorization', 'x-forwarded-for', 'x-api-key', 'origin', 'connection', 'keep-alive', 'te', 'upgrade', 'transfer-encoding', 'x-secret']) {
    assert.is(h.get(name), null, name);
  }
  assert.is.not(h.get('x-amz-date'), '20000101T000000Z');
  assert.is(h.get('x-amzn-bedrock-trace'), 'ENABLED');
});

abuse('createProxy abuse :: error answers never echo credentials or signatures', async () => {
  let sent = '';
  const proxy = createProxy({
    region: 'us-east-1', credentials: TOKEN_CREDS, authorize: () => true,
    fetch: async (r) => {
      sent = r.headers.get('authorization')!;
      const echo = `The Canonical String for this request should have been 'POST ${r.headers.get('authorization')} x-amz-security-token:${r.headers.get('x-amz-security-token')} ${encodeURIComponent(TOKEN_CREDS.sessionToken)} ${TOKEN_CREDS.secretAccessKey}'`;
      return new Response(JSON.stringify({ message: echo }), {
        status: 403,
        headers: { 'x-amzn-errortype': 'InvalidSignatureException', 'x-amz-security-token': TOKEN_CREDS.sessionToken, 'set-cookie': 'a=b', authorization: sent },
      });
    },
  });
  const res = await proxy.fetch(post(invokePath, messages(5)));
  assert.is(res.status, 403);
  const text = await res.text();
  const all = text + JSON.stringify([...res.headers]);
  const signature = sent.split('Signature=')[1]!;
  for (const secret of [TOKEN_CREDS.secretAccessKey, TOKEN_CREDS.sessionToken, encodeURIComponent(TOKEN_CREDS.sessionToken), TOKEN_CREDS.accessKeyId, signature]) {
    assert.not.ok(all.includes(secret), `response leaks ${secret.slice(0, 6)}…`);
  }
  assert.match(text, /\[redacted\]/);
  assert.is(res.headers.get('x-amzn-errortype'), 'InvalidSignatureException');
  assert.is(res.headers.get('set-cookie'), null);
});

abuse('createProxy abuse :: a provider returning an empty or null sessionToken is used without one (was 500)', async () => {
  for (const sessionToken of ['', null]) {
    const { proxy, seen } = setup({ credentials: async () => ({ ...CREDS, sessionToken }) as never });
    const res = await proxy.fetch(post(invokePath, messages(5)));
    assert.is(res.status, 200, await res.clone().text());
    assert.is(seen[0]!.headers.get('x-amz-security-token'), null);
  }
});

abuse('createProxy abuse :: error bodies are redacted by redactSecrets (secrets under 8 characters are left alone)', async () => {
  // A test double's key id 'AKID' also occurs in ordinary words of the message: redactSecrets skips it.
  const creds = { accessKeyId: 'AKID', secretAccessKey: CREDS.secretAccessKey, sessionToken: TOKEN_CREDS.sessionToken };
  let auth = '';
  const echo = (r: Request): string => `AKIDs and tokens: ${creds.secretAccessKey} ${encodeURIComponent(creds.sessionToken)} ${r.headers.get('authorization')}`;
  const proxy = createProxy({
    region: 'us-east-1', credentials: creds, authorize: () => true,
    fetch: async (r) => { auth = r.headers.get('authorization')!; return new Response(JSON.stringify({ message: echo(r) }), { status: 400 }); },
  });
  const text = await (await proxy.fetch(post(invokePath, messages(5)))).text();
  const sent = JSON.stringify({ message: `AKIDs and tokens: ${creds.secretAccessKey} ${encodeURIComponent(creds.sessionToken)} ${auth}` });
  assert.is(text, redactSecrets(sent, [creds.secretAccessKey, creds.sessionToken, creds.accessKeyId, auth.split('Signature=')[1]]));
  assert.match(text, /^\{"message":"AKIDs and tokens: \[redacted\] \[redacted\] AWS4-HMAC-SHA256 Credential=AKID\//);
  assert.not.ok(text.includes(auth.split('Signature=')[1]!));
});

abuse('createProxy abuse :: the handler never rejects: unusable provider credentials → 500', async () => {
  const secret = CREDS.secretAccessKey;
  for (const credentials of [async () => ({ ...CREDS, secretAccessKey: '' }), async () => `${secret}` as never, () => { throw new Error(secret); }]) {
    const proxy = createProxy({ region: 'us-east-1', credentials, authorize: () => true, fetch: async () => new Response('{}') });
    const res = await proxy.fetch(post(invokePath, messages(5)));
    assert.is(res.status, 500);
    assert.is(res.headers.get('x-amzn-errortype'), 'InternalServerException');
    const text = await res.text();
    assert.match(JSON.parse(text).message, /credentials/);
    assert.not.ok(text.includes(secret));
  }
});

abuse('createProxy abuse :: the handler never rejects: broken bodies and upstreams become answers', async () => {
  const broken = () => new ReadableStream<Uint8Array>({ start(c) { c.enqueue(enc.encode('{"message":"')); c.error(new Error(`reset ${CREDS.secretAccessKey}`)); } });
  const upstream = createProxy({ region: 'us-east-1', credentials: CREDS, authorize: () => true, fetch: async () => new Response(broken(), { status: 500 }) });
  const r1 = await upstream.fetch(post(invokePath, messages(5)));
  assert.is(r1.status, 502);
  assert.not.ok((await r1.text()).includes(CREDS.secretAccessKey));
  const { proxy, seen } = setup();
  const req = { method: 'POST', url: PROXY + invokePath, headers: new Headers({ authorization: `Bearer ${APP_TOKEN}` }), body: broken() } as unknown as Request;
  const r2 = await proxy.fetch(req);
  assert.is(r2.status, 400);
  assert.match(await r2.text(), /request body/);
  const thrower = createProxy({ region: 'us-east-1', credentials: CREDS, authorize: () => true, fetch: async () => new Response('{}') });
  const odd = { method: 'POST', get url(): string { throw new Error('no url'); }, headers: new Headers({ authorization: 'x' }), body: null } as unknown as Request;
  const r3 = await thrower.fetch(odd);
  assert.is(r3.status, 500);
  assert.is(seen.length, 0);
});

abuse.run();

// ---------------------------------------------------------------------------------------------------------
const options = suite('createProxy options');

const BASE: ProxyOptions = { region: 'us-east-1', credentials: CREDS, authorize: () => true };
/** The ValidationError `createProxy` throws for `extra` on top of valid options. */
const refused = (extra: Record<string, unknown>, base: unknown = BASE): ValidationError =>
  throwsError(() => createProxy({ ...(base as ProxyOptions), ...extra } as ProxyOptions), ValidationError);

options('createProxy options :: origins as a string is refused instead of substring-matched', async () => {
  for (const origins of ['https://app.example.com', '*', 'https://a.example,https://b.example']) {
    const e = refused({ origins });
    assert.is(e.field, 'origins');
    assert.match(e.message, /origins must be an array of origins/);
    assert.match(e.message, /got a string/);
  }
  const { proxy, seen } = setup({ origins: ['https://app.example.com'] });
  for (const origin of ['https://app.example.co', 'https://app.ex', 'https://app.example.com.evil.example', 'http://app.example.com']) {
    const res = await proxy.fetch(post(invokePath, messages(5), { origin }));
    assert.is(res.status, 403, origin);
    assert.equal(corsHeaders(res), [], origin);
  }
  assert.is(seen.length, 0);
});

options('createProxy options :: each origin must be scheme://host[:port] or a lone "*"', () => {
  const bad: Array<[unknown, RegExp]> = [
    ['https://app.example.com/', /must be "https:\/\/app\.example\.com" \(as browsers send it/], ['https://app.example.com/path', /no path/],
    ['HTTPS://App.Example.com', /must be "https:\/\/app\.example\.com" \(as browsers send it/], ['https://app.example.com:443', /must be "https:\/\/app\.example\.com" \(as browsers send it/],
    ['app.example.com', /scheme:\/\/host/], ['null', /scheme:\/\/host/], ['', /scheme:\/\/host/], ['file:///x', /scheme:\/\/host/],
    ['file://host', /scheme:\/\/host/], ['chrome-extension:abc', /scheme:\/\/host/], ['chrome-extension://abc/', /must be "chrome-extension:\/\/abc" \(as browsers send it: lower-case scheme/],
    ['Tauri://localhost', /must be "tauri:\/\/localhost"/], ['capacitor://localhost/index.html', /no path/], ['tauri://user@localhost', /scheme:\/\/host/],
    ['https://user@app.example.com', /scheme:\/\/host/], [42, /got 42$/], [null, /got null$/], [{}, /got object$/],
  ];
  for (const [origin, why] of bad) {
    const e = refused({ origins: [APP, origin] });
    assert.is(e.field, 'origins[1]', String(origin));
    assert.match(e.message, why);
  }
  const star = refused({ origins: [APP, '*'] });
  assert.is(star.field, 'origins');
  assert.match(star.message, /origins must be \["\*"\] alone when it holds "\*", got 2 entries/);
  assert.is(refused({ origins: { 0: APP } }).field, 'origins');
  for (const origins of [['*'], [], [APP, 'http://localhost:5173', 'https://app.example.com:8443', 'http://[::1]:8080'], [EXTENSION, 'tauri://localhost', 'capacitor://localhost', 'ionic://localhost:8100']]) {
    createProxy({ ...BASE, origins });
  }
});

options('createProxy options :: listed origins with a port or on loopback get CORS headers', async () => {
  const { proxy } = setup({ origins: ['http://localhost:5173', 'https://app.example.com:8443'] });
  for (const origin of ['http://localhost:5173', 'https://app.example.com:8443']) {
    const res = await proxy.fetch(post(invokePath, messages(5), { origin }));
    assert.is(res.status, 200);
    assert.is(res.headers.get('access-control-allow-origin'), origin);
  }
  const other = await proxy.fetch(post(invokePath, messages(5), { origin: 'http://localhost:5174' }));
  assert.is(other.status, 403);
});

options('createProxy options :: models must be an array of model ids or a predicate', () => {
  for (const [models, field, why] of [
    [MODEL, 'models', /got a string/], [{ [MODEL]: true }, 'models', /got object/], [[MODEL, 7], 'models[1]', /got 7$/], [[''], 'models[0]', /got ""/],
  ] as Array<[unknown, string, RegExp]>) {
    const e = refused({ models });
    assert.is(e.field, field);
    assert.match(e.message, /models/);
    assert.match(e.message, why);
  }
  createProxy({ ...BASE, models: [] });
  createProxy({ ...BASE, models: () => false });
});

options('createProxy options :: maxTokens and maxBodyBytes must be integers ≥ 1', () => {
  for (const field of ['maxTokens', 'maxBodyBytes']) {
    for (const [value, shown] of [[Number.NaN, 'NaN'], [0, '0'], [-1, '-1'], [1.5, '1.5'], [Infinity, 'Infinity'], ['100', '"100"'], [null, 'null']] as Array<[unknown, string]>) {
      const e = refused({ [field]: value });
      assert.is(e.field, field);
      assert.ok(e.message.includes(`${field} must be an integer ≥ 1`), e.message);
      assert.ok(e.message.endsWith(`got ${shown}`), e.message);
    }
    createProxy({ ...BASE, [field]: 1 });
  }
});

options('createProxy options :: maxBodyBytes NaN no longer lifts the limit', async () => {
  assert.is(refused({ maxBodyBytes: Number.NaN }).field, 'maxBodyBytes');
  const { proxy, seen } = setup({ maxBodyBytes: 1 });
  const res = await proxy.fetch(post(invokePath, messages(5)));
  assert.is(res.status, 413);
  assert.is(seen.length, 0);
});

options('createProxy options :: authorize, fetch and endpoint must have their types', () => {
  for (const [extra, field, why] of [
    [{ authorize: true }, 'authorize', /authorize must be a function .*got boolean/], [{ authorize: 'Bearer x' }, 'authorize', /got string/],
    [{ fetch: {} }, 'fetch', /fetch must be a function .*got object/], [{ endpoint: 42 }, 'endpoint', /endpoint must be .*URL.*got number/],
  ] as Array<[Record<string, unknown>, string, RegExp]>) {
    const e = refused(extra);
    assert.is(e.field, field);
    assert.match(e.message, why);
    assert.not.match(e.message, /Bearer x/);
  }
});

options('createProxy options :: region is checked with a message about the proxy', () => {
  for (const [region, shown] of [['us east 1', '"us east 1"'], ['', '""'], [undefined, 'undefined'], [42, '42']] as Array<[unknown, string]>) {
    const e = refused({ region });
    assert.is(e.field, 'region');
    assert.ok(e.message.startsWith('createProxy: region must be an AWS region such as "us-east-1"'), e.message);
    assert.ok(e.message.endsWith(`got ${shown}`), e.message);
    assert.not.match(e.message, /AWS_REGION|AWS_DEFAULT_REGION/);
  }
});

options('createProxy options :: static credentials are checked up front and never quoted', () => {
  const secret = CREDS.secretAccessKey;
  for (const [credentials, field, why] of [
    [{ ...CREDS, secretAccessKey: '' }, 'credentials.secretAccessKey', /secretAccessKey must be a non-empty string, got an empty string/],
    [{ ...CREDS, accessKeyId: undefined }, 'credentials.accessKeyId', /accessKeyId must be a non-empty string, got undefined/],
    [{ ...CREDS, secretAccessKey: `${secret}\n` }, 'credentials.secretAccessKey', /CR, LF or NUL/],
    [{ ...CREDS, sessionToken: 5 }, 'credentials.sessionToken', /got number/],
    [secret, 'credentials', /credentials must be .*got string/],
    [undefined, 'credentials', /credentials must be .*got undefined/],
    [null, 'credentials', /got null/],
  ] as Array<[unknown, string, RegExp]>) {
    const e = refused({ credentials });
    assert.is(e.field, field);
    assert.match(e.message, why);
    assert.not.ok(e.message.includes(secret));
    assert.not.ok(JSON.stringify(e).includes(secret));
  }
});

options('createProxy options :: an empty or null sessionToken counts as absent (AWS_SESSION_TOKEN=\'\')', async () => {
  for (const sessionToken of ['', null]) {
    const { proxy, seen } = setup({ credentials: { ...CREDS, sessionToken } as never });
    const res = await proxy.fetch(post(invokePath, messages(5)));
    assert.is(res.status, 200, await res.clone().text());
    assert.is(seen[0]!.headers.get('x-amz-security-token'), null);
    assert.not.match(seen[0]!.headers.get('authorization')!, /x-amz-security-token/);
  }
});

options('createProxy options :: a missing or non-object options argument is a ValidationError', () => {
  for (const [value, got] of [[undefined, 'undefined'], [null, 'null'], ['us-east-1', 'string'], [[BASE], 'an array']] as Array<[unknown, string]>) {
    const e = throwsError(() => createProxy(value as never), ValidationError);
    assert.is(e.field, 'options');
    assert.is(e.message, `createProxy: expected an options object with region and credentials, got ${got}`);
  }
});

options.run();

// ---------------------------------------------------------------------------------------------------------
const cors = suite('createProxy cors');

cors('createProxy cors :: extension and app-shell origins (chrome-extension://, tauri://, capacitor://) are matched exactly', async () => {
  const listed = [EXTENSION, 'tauri://localhost', 'capacitor://localhost'];
  const { proxy, seen } = setup({ origins: listed });
  for (const origin of listed) {
    const res = await proxy.fetch(post(invokePath, messages(5), { origin }));
    assert.is(res.status, 200, origin);
    assert.is(res.headers.get('access-control-allow-origin'), origin);
    const pre = await proxy.fetch(incoming('OPTIONS', invokePath, { origin, 'access-control-request-method': 'POST' }));
    assert.is(pre.headers.get('access-control-allow-origin'), origin);
  }
  for (const origin of ['chrome-extension://ponmlkjihgfedcbaponmlkjihgfedcba', 'tauri://evil', 'capacitor://localhost:8080', 'http://localhost']) {
    const res = await proxy.fetch(post(invokePath, messages(5), { origin }));
    assert.is(res.status, 403, origin);
    assert.equal(corsHeaders(res), [], origin);
  }
  assert.is(seen.length, 3);
});

cors('createProxy cors :: an allowed origin gets CORS headers', async () => {
  const { proxy } = setup();
  const res = await proxy.fetch(post(invokePath, messages(5), { origin: APP }));
  assert.is(res.status, 200);
  assert.is(res.headers.get('access-control-allow-origin'), APP);
  assert.match(res.headers.get('access-control-expose-headers')!, /x-amzn-requestid/);
  assert.match(res.headers.get('vary')!, /origin/i);
});

cors('createProxy cors :: a disallowed origin gets 403 and no CORS headers', async () => {
  const { proxy, seen } = setup();
  const res = await proxy.fetch(post(invokePath, messages(5), { origin: 'https://evil.example' }));
  assert.is(res.status, 403);
  assert.equal(corsHeaders(res), []);
  assert.is(seen.length, 0);
  const denied = await proxy.fetch(post(invokePath, messages(5), { origin: 'https://evil.example', authorization: 'Bearer wrong' }));
  assert.is(denied.status, 403);
  assert.equal(corsHeaders(denied), []);
});

cors('createProxy cors :: same-origin and origin-less calls pass without CORS headers', async () => {
  const { proxy } = setup({ origins: undefined });
  for (const headers of [{ origin: PROXY }, {}] as Array<Record<string, string>>) {
    const res = await proxy.fetch(post(invokePath, messages(5), headers));
    assert.is(res.status, 200);
    assert.equal(corsHeaders(res), []);
  }
});

cors('createProxy cors :: "*" allows any origin', async () => {
  const { proxy } = setup({ origins: ['*'] });
  const res = await proxy.fetch(post(invokePath, messages(5), { origin: 'https://other.example' }));
  assert.is(res.headers.get('access-control-allow-origin'), 'https://other.example');
});

cors('createProxy cors :: preflight answers allowed origins only', async () => {
  const { proxy, seen } = setup();
  const pre = (origin: string) => proxy.fetch(incoming('OPTIONS', invokePath,
    { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' }));
  const ok = await pre(APP);
  assert.is(ok.status, 204);
  assert.is(ok.headers.get('access-control-allow-origin'), APP);
  assert.is(ok.headers.get('access-control-allow-methods'), 'POST');
  assert.is(ok.headers.get('access-control-allow-headers'), 'authorization, content-type');
  const evil = await pre('https://evil.example');
  assert.equal(corsHeaders(evil), []);
  assert.is(seen.length, 0);
});

cors('createProxy cors :: a preflight from an origin not on the list gets 403', async () => {
  for (const origins of [[APP], undefined]) {
    const { proxy } = setup({ origins });
    for (const origin of ['https://evil.example', 'https://app.exampl', 'null']) {
      const res = await proxy.fetch(incoming('OPTIONS', invokePath, { origin, 'access-control-request-method': 'POST' }));
      assert.is(res.status, 403, origin);
      assert.is(res.headers.get('x-amzn-errortype'), 'AccessDeniedException');
      assert.equal(corsHeaders(res), []);
    }
  }
  const { proxy } = setup();
  for (const headers of [{ origin: PROXY }, {}] as Array<Record<string, string>>) {
    const res = await proxy.fetch(incoming('OPTIONS', invokePath, headers));
    assert.is(res.status, 204);
    assert.equal(corsHeaders(res), []);
  }
  const allowed = await proxy.fetch(incoming('OPTIONS', invokePath, { origin: APP, 'access-control-request-method': 'POST' }));
  assert.is(allowed.status, 204);
  assert.is(allowed.headers.get('access-control-allow-headers'), 'content-type');
});

cors.run();

// ---------------------------------------------------------------------------------------------------------
const provider = suite('createProxy provider');

/** The browser side: a BedrockProvider with the proxy as endpoint and an app token instead of AWS keys. */
function browser(extra: Partial<ProxyOptions> = {}, apiKey = APP_TOKEN) {
  const { proxy, seen } = setup(extra);
  const p = new BedrockProvider({
    region: 'us-east-1', endpoint: 'http://127.0.0.1:8787', apiKey, maxRetries: 0,
    fetch: (input: RequestInfo | URL, init?: RequestInit) => proxy.fetch(new Request(input, init)),
  });
  return { p, seen };
}

provider('createProxy provider :: chat through the proxy', async () => {
  const { p, seen } = browser();
  const res = await p.chat([{ role: 'user', content: 'Hello through the proxy' }], { model: MODEL, maxTokens: 50 });
  assert.ok(res.content.length > 0);
  assert.ok(res.usage.totalTokens > 0);
  assert.is(seen.length, 1);
  assert.match(seen[0]!.headers.get('authorization')!, /^AWS4-HMAC-SHA256 /);
  p.close();
});

provider('createProxy provider :: stream through the proxy yields deltas then content_end', async () => {
  const { p } = browser({ maxTokens: 64 });
  const types: string[] = [];
  let text = '';
  for await (const ev of p.stream([{ role: 'user', content: 'Tell me a short story' }], { model: MODEL, maxTokens: 1000 })) {
    types.push(ev.type);
    if (ev.type === 'content_delta') text += ev.content;
  }
  assert.ok(types.filter((t) => t === 'content_delta').length > 1, types.join());
  assert.is(types.at(-1), 'content_end');
  assert.ok(text.length > 0);
  p.close();
});

provider('createProxy provider :: converse models through the proxy', async () => {
  const { p } = browser();
  const res = await p.chat([{ role: 'user', content: 'Hi' }], { model: 'amazon.nova-lite-v1:0', maxTokens: 20 });
  assert.ok(res.content.length > 0);
  p.close();
});

provider('createProxy provider :: proxy refusals surface as typed errors', async () => {
  const wrongKey = browser({}, 'wrong');
  try {
    await wrongKey.p.chat([{ role: 'user', content: 'x' }], { model: MODEL, maxTokens: 5 });
    assert.unreachable('401 expected');
  } catch (e) {
    assert.instance(e, ProviderError);
    assert.is((e as ProviderError).status, 401);
  }
  const limited = browser({ models: ['amazon.nova-lite-v1:0'] });
  try {
    await limited.p.chat([{ role: 'user', content: 'x' }], { model: MODEL, maxTokens: 5 });
    assert.unreachable('403 expected');
  } catch (e) {
    assert.instance(e, ProviderError);
    assert.is((e as ProviderError).status, 403);
    assert.match((e as Error).message, /not allowed/);
  }
  assert.is(limited.seen.length, 0);
});

provider.run();
