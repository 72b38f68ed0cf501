// Secrets never leak; control characters never reach the wire; the signing proxy resists abuse. Portable.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { BedrockProvider, mergeWithEnvironment } from '../lib/provider.ts';
import type { ProviderConfig } from '../lib/provider.ts';
import { HOOKS } from '../lib/transport.ts';
import { createEmulator } from '../lib/emulator.ts';
import type { Emulator, EmulatorFaults } from '../lib/emulator.ts';
import { ProviderError, ValidationError } from '../lib/errors.ts';
import { fromContainer, fromEnv, memoize, validateCredentials, parseStsResponse } from '../lib/credentials.ts';
import { createBedrockToken, parseBedrockToken } from '../lib/token.ts';
import { createProxy } from '../lib/proxy.ts';
import type { ProxyOptions } from '../lib/proxy.ts';
import { sign } from '../lib/sigv4.ts';
import type { Credentials, Message, StreamEvent } from '../lib/types.ts';

// Recognisable secrets: if any of these (or a long piece of one) shows up anywhere, it leaked.
const KEY_ID = 'AKIDLEAKCHECK0000001';
const SECRET = 'SeCrEtKeY/leak+check/0123456789abcdefABCD';
const SESSION = 'SeSsIoNtOkEn//leak+check+FwoGZXIvYXdzEJr//////////wEaDLeakCheckToken0123456789';
const API_KEY = 'ApIkEy-leak-check-0123456789abcdefghijklmnopqrstuvwxyz';
const WRONG = 'WrOnGsEcReT/leak+check/9876543210zyxwvuABCD';
const CREDS: Credentials = { accessKeyId: KEY_ID, secretAccessKey: SECRET, sessionToken: SESSION };
const SECRETS = [SECRET, SESSION, API_KEY, WRONG];
const SONNET = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
const HI: Message[] = [{ role: 'user', content: 'Hello there.' }];

/** The secrets in their usual encodings (raw, URL-encoded, and a 16-character piece of each). */
function forms(secrets: string[]): string[] {
  return secrets.flatMap((s) => [s, encodeURIComponent(s), s.slice(8, 24)]);
}

/** Every string a user, a logger or a crash reporter could print for `value` (errors: their whole cause chain). */
export function renderings(value: unknown): string[] {
  const out: string[] = [];
  const seen = new Set<unknown>();
  const walk = (v: unknown): void => {
    if (v === null || v === undefined || seen.has(v)) return;
    seen.add(v);
    if (typeof v === 'string') return void out.push(v);
    if (typeof v !== 'object' && typeof v !== 'function') return void out.push(String(v));
    try { out.push(String(v)); } catch { /* a value without toString */ }
    try { out.push(JSON.stringify(v) ?? ''); } catch { /* cyclic */ }
    if (v instanceof Error) {
      out.push(v.message, v.stack ?? '');
      walk((v as { cause?: unknown }).cause);
    }
    if (typeof v === 'object') for (const k of Object.keys(v)) walk((v as Record<string, unknown>)[k]);
  };
  walk(value);
  return out;
}

/** Asserts that no rendering of `value` contains a secret (or the extra strings, e.g. a signature). */
export function assertClean(value: unknown, label: string, extra: string[] = []): void {
  const needles = [...forms(SECRETS), ...extra.filter(Boolean)];
  for (const text of renderings(value)) {
    for (const n of needles) assert.not.ok(text.includes(n), `${label}: leaked ${JSON.stringify(n.slice(0, 12))}… in ${JSON.stringify(text.slice(0, 300))}`);
  }
}

/** The error `p` rejects with (fails when it resolves). */
async function failure(p: Promise<unknown> | (() => unknown)): Promise<unknown> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    return e;
  }
  assert.unreachable('expected an error');
}
async function drain(it: AsyncIterable<StreamEvent>): Promise<void> { for await (const _ of it) { /* consume */ } }

interface Rig { p: BedrockProvider; emu: Emulator; sent: Request[] }
/** A provider (signing with CREDS unless overridden) in front of an emulator that accepts CREDS and API_KEY. */
function rig(config: Partial<ProviderConfig> = {}, faults: EmulatorFaults = {}): Rig {
  const emu = createEmulator({ credentials: CREDS, apiKeys: [API_KEY], reply: 'Fine, thanks.', faults });
  const sent: Request[] = [];
  const fetch = (req: Request): Promise<Response> => { sent.push(req); return emu.fetch(req); };
  const base = config.apiKey || config.credentials || config.accessKeyId ? {} : { accessKeyId: KEY_ID, secretAccessKey: SECRET, sessionToken: SESSION };
  const p = new BedrockProvider({
    region: 'us-east-1', ...base, fetch: fetch as typeof globalThis.fetch, ...config, [HOOKS]: { sleep: async () => {} },
  } as unknown as ProviderConfig);
  return { p, emu, sent };
}

// ---------------------------------------------------------------------------------------------
const leaks = suite('secrets never leak');

leaks('errors :: auth failures (wrong secret, wrong session token, unknown API key, unknown key id)', async () => {
  const cases: Array<[string, Partial<ProviderConfig>]> = [
    ['wrong secret', { accessKeyId: KEY_ID, secretAccessKey: WRONG, sessionToken: SESSION }],
    ['wrong session token', { accessKeyId: KEY_ID, secretAccessKey: SECRET, sessionToken: SESSION + 'x' }],
    ['missing session token', { accessKeyId: KEY_ID, secretAccessKey: SECRET }],
    ['unknown key id', { accessKeyId: 'AKIDUNKNOWN000000000', secretAccessKey: SECRET, sessionToken: SESSION }],
    ['unknown API key', { apiKey: API_KEY + 'x' }],
    ['credentials provider', { credentials: async () => ({ accessKeyId: KEY_ID, secretAccessKey: WRONG, sessionToken: SESSION }) }],
  ];
  for (const [label, config] of cases) {
    const { p, emu } = rig(config);
    const e = await failure(p.chat(HI, { model: SONNET }));
    assert.ok(e instanceof ProviderError && e.status === 403, `${label}: ${String(e)}`);
    assertClean(e, label);
    assertClean(await failure(drain(p.stream(HI, { model: SONNET }))), `${label} (stream)`);
    assertClean(await failure(p.countTokens(HI, { model: SONNET })), `${label} (countTokens)`);
    assert.ok(emu.calls >= 3);
    assertClean(p, `${label}: provider`);
  }
});

leaks('errors :: throttling, 5xx, validation, context length, model not found', async () => {
  const checks: Array<[string, EmulatorFaults, Partial<ProviderConfig>, string]> = [
    ['throttling', { throttle: 100 }, {}, SONNET],
    ['5xx', { serverError: 100 }, {}, SONNET],
    ['model not ready', { modelNotReady: 100 }, {}, SONNET],
    ['context length', { contextWindow: 3 }, {}, SONNET],
    ['model not found', {}, {}, 'nosuchvendor.model-v1:0'],
    ['validation (server)', {}, {}, 'meta.llama3-70b-instruct-v1:0'],
  ];
  for (const auth of [{}, { apiKey: API_KEY }] as Array<Partial<ProviderConfig>>) {
    for (const [label, faults, config, model] of checks) {
      const { p } = rig({ ...auth, ...config, maxRetries: 1 }, { ...faults });
      const e = await failure(label.startsWith('validation') ? p.countTokens(HI, { model }) : p.chat(HI, { model, maxTokens: 50 }));
      assert.ok(e instanceof ProviderError, `${label}: ${String(e)}`);
      assertClean(e, label);
    }
  }
  const { p } = rig();
  assertClean(await failure(p.chat([], { model: SONNET })), 'validation (client): no messages');
  assertClean(await failure(p.chat(HI, { model: SONNET, temperature: 7 })), 'validation (client): temperature');
});

leaks('errors :: stream errors (exception frames, bad CRC, truncation, drop, stall)', async () => {
  const faults: EmulatorFaults[] = [
    { streamException: { after: 3 } }, { streamException: { after: 3, type: 'validationException', message: 'bad' } },
    { badCrc: { after: 2 } }, { truncate: {} }, { drop: { after: 3 } }, { stall: { after: 3 } },
  ];
  for (const f of faults) {
    const { p } = rig({ idleTimeout: 20 }, f);
    assertClean(await failure(drain(p.stream(HI, { model: SONNET }))), JSON.stringify(f));
  }
});

leaks('errors :: a secret echoed across the 300-character cut of a message leaves none of its characters (stream exception, HTTP error)', async () => {
  for (const secret of [SECRET, SESSION]) {
    for (const pad of [250, 280, 288]) {
      const message = `${'x'.repeat(pad)} echoed ${secret}`;
      const { p } = rig({ maxRetries: 0 }, { streamException: { after: 0, type: 'validationException', message } });
      const e = await failure(drain(p.stream(HI, { model: SONNET })));
      assert.ok(e instanceof ProviderError && (e.message.endsWith('[redacted]…') || e.message.endsWith('[redacted]')), String(e));
      assertClean(e, `stream exception, pad ${pad}`, [secret.slice(0, 6)]);
      const upstream = (async () => Response.json({ message }, { status: 400, headers: { 'x-amzn-errortype': 'ValidationException' } })) as typeof fetch;
      const q = new BedrockProvider({ region: 'us-east-1', ...CREDS, fetch: upstream, maxRetries: 0 });
      assertClean(await failure(q.chat(HI, { model: SONNET })), `HTTP 400, pad ${pad}`, [secret.slice(0, 6)]);
    }
  }
});

leaks('errors :: network errors, timeouts, aborts', async () => {
  const refuse = new BedrockProvider({
    region: 'us-east-1', ...CREDS, maxRetries: 1, [HOOKS]: { sleep: async () => {} },
    fetch: (async (r: Request) => { throw new TypeError(`fetch failed: connect ECONNREFUSED ${new URL(r.url).host}`); }) as typeof fetch,
  } as ProviderConfig);
  const e = await failure(refuse.chat(HI, { model: SONNET }));
  assert.ok(e instanceof ProviderError && e.code === 'NetworkError', String(e));
  assertClean(e, 'network');
  const { p } = rig({ timeout: 20 }, { headersDelay: 10_000 });
  assertClean(await failure(p.chat(HI, { model: SONNET })), 'timeout');
  const c = new AbortController();
  c.abort();
  assertClean(await failure(rig().p.chat(HI, { model: SONNET, signal: c.signal })), 'abort');
});

leaks('errors :: config validation never quotes a secret', async () => {
  const bad: Array<[string, ProviderConfig]> = [
    ['half a pair', { region: 'us-east-1', secretAccessKey: SECRET }],
    ['session token alone', { region: 'us-east-1', sessionToken: SESSION }],
    ['apiKey and keys', { region: 'us-east-1', apiKey: API_KEY, accessKeyId: KEY_ID, secretAccessKey: SECRET }],
    ['CR in the secret', { region: 'us-east-1', accessKeyId: KEY_ID, secretAccessKey: SECRET + '\r\n' }],
    ['LF in the token', { region: 'us-east-1', accessKeyId: KEY_ID, secretAccessKey: SECRET, sessionToken: `${SESSION}\nx` }],
    ['NUL in the API key', { region: 'us-east-1', apiKey: `${API_KEY}\0` }],
    ['bad region with keys', { region: 'mars-1', ...CREDS }],
    ['no region', { ...CREDS }],
    ['CR in credentials object', { region: 'us-east-1', credentials: { accessKeyId: KEY_ID, secretAccessKey: `${SECRET}\r` } }],
    ['credentials without key id', { region: 'us-east-1', credentials: { secretAccessKey: SECRET } as Credentials }],
    ['secret in a header', { region: 'us-east-1', ...CREDS, headers: { 'x-api-key': `${API_KEY}\n` } }],
    ['endpoint with user info', { region: 'us-east-1', ...CREDS, endpoint: `https://user:${encodeURIComponent(API_KEY)}@example.com` }],
    ['endpoint with a key in the query', { region: 'us-east-1', ...CREDS, endpoint: `https://example.com/?key=${API_KEY}` }],
    ['http endpoint with user info', { region: 'us-east-1', ...CREDS, endpoint: `http://user:${encodeURIComponent(SECRET)}@example.com` }],
    ['endpoint with a raw key in the query', { region: 'us-east-1', ...CREDS, endpoint: `https://example.com/?key=${SECRET}` }],
    ['bad maxRetries', { region: 'us-east-1', ...CREDS, maxRetries: -1 }],
  ];
  for (const [label, config] of bad) {
    const e = await failure(() => new BedrockProvider(config));
    assert.ok(e instanceof ValidationError, `${label}: ${String(e)}`);
    assertClean(e, label);
  }
});

leaks('config validation :: an unparsable endpoint holding a secret is not quoted', async () => {
  // e.g. user info pasted unencoded: "http://user:<secret with />@host" does not parse as a URL
  for (const field of ['endpoint', 'gateway'] as const) {
    const e = await failure(() => new BedrockProvider({ region: 'us-east-1', ...CREDS, [field]: `http://user:${SECRET}@example.com` }));
    assert.ok(e instanceof ValidationError, String(e));
    assertClean(e, field);
  }
  const e = await failure(() => createProxy({ region: 'us-east-1', credentials: CREDS, endpoint: `http://user:${SECRET}@example.com` }));
  assertClean(e, 'createProxy endpoint');
});

leaks('config and provider :: JSON.stringify and String() show no secret', () => {
  const merged = mergeWithEnvironment({}, { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET, AWS_SESSION_TOKEN: SESSION });
  assert.is(merged.secretAccessKey, SECRET, 'the merged config still works');
  assertClean(JSON.stringify(merged), 'merged config JSON');
  assertClean(JSON.stringify({ config: merged }), 'nested merged config JSON');
  const bearer = mergeWithEnvironment({ region: 'us-east-1' }, { AWS_BEARER_TOKEN_BEDROCK: API_KEY });
  assertClean(JSON.stringify(bearer), 'bearer config JSON');
  for (const config of [merged, bearer, { region: 'us-east-1', credentials: CREDS }, { region: 'us-east-1', ...CREDS, headers: { authorization: API_KEY } }]) {
    const p = new BedrockProvider(config as ProviderConfig);
    assertClean(p, 'provider');
    assertClean(JSON.stringify({ p }), 'nested provider');
    assertClean(Object.keys(p).map((k) => String((p as unknown as Record<string, unknown>)[k])), 'provider fields');
  }
});

leaks('credentials :: provider errors never quote a secret', async () => {
  const errors: unknown[] = [
    await failure(fromEnv({ env: { AWS_SECRET_ACCESS_KEY: SECRET, AWS_SESSION_TOKEN: SESSION } })()),
    await failure(() => validateCredentials({ secretAccessKey: SECRET, sessionToken: SESSION })),
    await failure(() => validateCredentials({ accessKeyId: KEY_ID, secretAccessKey: SECRET, expiration: 'not a date' as unknown as Date })),
    await failure(() => validateCredentials({ accessKeyId: KEY_ID, secretAccessKey: 42, sessionToken: SESSION })),
    await failure(memoize(async () => ({ accessKeyId: KEY_ID, secretAccessKey: SECRET, sessionToken: SESSION, expiration: new Date(0) }))()),
    await failure(() => parseStsResponse(403, `<ErrorResponse><Error><Code>AccessDenied</Code><Message>nope</Message></Error></ErrorResponse>`, 'AssumeRole')),
    await failure(() => parseStsResponse(200, `<AssumeRoleResponse><Credentials><SecretAccessKey>${SECRET}</SecretAccessKey><SessionToken>${SESSION}</SessionToken></Credentials></AssumeRoleResponse>`, 'AssumeRole')),
  ];
  // credential endpoints answering with documents that hold the secret but are unusable
  const doc = (extra: Record<string, unknown>) => JSON.stringify({ AccessKeyId: KEY_ID, SecretAccessKey: SECRET, Token: SESSION, ...extra });
  const bodies: Array<[number, string]> = [
    [200, `not json ${SECRET} ${SESSION}`], [200, doc({ Expiration: 'garbage' })], [200, doc({ AccessKeyId: 42 })],
    [200, doc({ Token: 7 })], [200, `${doc({})}trailing`],
  ];
  for (const [status, body] of bodies) {
    const fetch = (async () => new Response(body, { status })) as typeof globalThis.fetch;
    const env = { AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:9/creds' };
    const got = await fromContainer({ env, fetch })().then((c) => c, (e: unknown) => e);
    if (got instanceof Error) errors.push(got);
    else assert.ok(status === 200, `accepted a ${status} answer`);
  }
  errors.forEach((e, i) => assertClean(e, `credentials error ${i}`));
  // a credentials provider that fails: the provider's error names no secret
  const { p } = rig({ credentials: async () => { throw new Error('no credentials here'); } });
  assertClean(await failure(p.chat(HI, { model: SONNET })), 'failing credential provider');
});

leaks('credentials :: a credentials function whose error quotes a secret: our error never repeats its text (it is only the cause)', async () => {
  const theirs = new Error(`credential_process printed {"SecretAccessKey":"${SECRET}","SessionToken":"${SESSION}"} and exited 1`);
  const { p, sent } = rig({ credentials: async () => { throw theirs; } });
  for (const call of [p.chat(HI, { model: SONNET }), drain(p.stream(HI, { model: SONNET })), p.countTokens(HI, { model: SONNET })]) {
    const e = await failure(call) as Error;
    assert.ok(e instanceof ProviderError && e.code === 'CredentialsProviderError' && e.cause === theirs, String(e));
    assertClean({ message: e.message, stack: e.stack, string: String(e), json: JSON.stringify(e) }, 'failing credential provider', ['credential_process']);
  }
  assert.is(sent.length, 0);
});

leaks('token :: minting and parsing errors never quote the key or its signature', async () => {
  const token = await createBedrockToken({ credentials: CREDS, region: 'us-east-1' });
  const signature = /X-Amz-Signature=([0-9a-f]+)/.exec(atob(token.slice('bedrock-api-key-'.length)))?.[1] ?? '';
  assert.is(signature.length, 64);
  const tampered = [
    token.slice(0, -8), token.replace('bedrock-api-key-', 'bedrock-api-key-x'), `${token}=`, API_KEY,
    'bedrock-api-key-' + btoa(`bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-Security-Token=${encodeURIComponent(SESSION)}&X-Amz-Signature=zz`),
  ];
  for (const t of tampered) {
    let e: unknown;
    try { parseBedrockToken(t); } catch (x) { e = x; }
    if (e) assertClean(e, 'parseBedrockToken', [t, signature]);
  }
  for (const expiresIn of [10 ** 9, 0, 1.5]) {
    assertClean(await failure(createBedrockToken({ credentials: CREDS, region: 'us-east-1', expiresIn })), `createBedrockToken expiresIn ${expiresIn}`);
  }
  // a minted key the emulator does not accept (signed with a pair it does not know), used as apiKey
  const foreign = await createBedrockToken({ credentials: { accessKeyId: KEY_ID, secretAccessKey: WRONG, sessionToken: SESSION }, region: 'us-east-1' });
  const foreignSig = /X-Amz-Signature=([0-9a-f]+)/.exec(atob(foreign.slice('bedrock-api-key-'.length)))?.[1] ?? '';
  const { p } = rig({ apiKey: foreign });
  const e = await failure(p.chat(HI, { model: SONNET }));
  assert.ok(e instanceof ProviderError && e.status === 403, String(e));
  assertClean(e, 'rejected minted key', [foreign, foreignSig]);
  assertClean(p, 'provider with minted key', [foreign, foreignSig]);
  // and one that works: the provider's renderings never show it either
  const ok = rig({ apiKey: token });
  assert.is((await ok.p.chat(HI, { model: SONNET })).content, 'Fine, thanks.');
  assertClean(ok.p, 'provider with a good minted key', [token, signature]);
});

leaks.run();

// ---------------------------------------------------------------------------------------------
const inject = suite('CR, LF, NUL and endpoints');

inject('control characters :: in headers, region, model id, endpoint, keys → ValidationError, nothing sent', async () => {
  for (const ch of ['\r', '\n', '\0', '\r\nx-injected: 1']) {
    const configs: Array<Partial<ProviderConfig>> = [
      { headers: { 'x-custom': `a${ch}b` } }, { headers: { [`x-bad${ch}`]: 'v' } }, { region: `us-east-1${ch}` },
      { endpoint: `https://example.com${ch}` }, { gateway: `https://gw.example.com${ch}` }, { accessKeyId: `AKID${ch}`, secretAccessKey: SECRET },
      { apiKey: `${API_KEY}${ch}` },
    ];
    for (const c of configs) {
      const e = await failure(() => rig(c));
      assert.ok(e instanceof ValidationError, `${JSON.stringify(c)}: ${String(e)}`);
    }
    const { p, emu, sent } = rig();
    for (const model of [`${SONNET}${ch}`, `anthropic.claude${ch}-3`]) {
      assert.ok(await failure(p.chat(HI, { model })) instanceof ValidationError, 'chat model');
      assert.ok(await failure(drain(p.stream(HI, { model }))) instanceof ValidationError, 'stream model');
      assert.ok(await failure(p.countTokens(HI, { model })) instanceof ValidationError, 'countTokens model');
    }
    assert.is(sent.length, 0, 'nothing left the provider');
    assert.is(emu.calls, 0, 'no request reached the emulator');
  }
});

inject('control characters :: from a credentials provider → ValidationError, nothing sent', async () => {
  const { p, emu } = rig({ credentials: async () => ({ accessKeyId: KEY_ID, secretAccessKey: SECRET, sessionToken: `${SESSION}\r\nx-evil: 1` }) });
  const e = await failure(p.chat(HI, { model: SONNET }));
  assert.ok(e instanceof ProviderError, String(e));
  assert.not.ok((e as ProviderError).retryable);
  assertClean(e, 'CR in provided session token');
  assert.is(emu.calls, 0);
});

inject('endpoint :: https, or http on loopback only', () => {
  const ok = ['https://example.com', 'https://vpce-1.bedrock-runtime.us-east-1.vpce.amazonaws.com', 'http://127.0.0.1:8080', 'http://localhost:3000', 'http://[::1]:9000', 'http://127.5.6.7'];
  const no = ['http://example.com', 'http://10.0.0.1', 'http://0.0.0.0:80', 'http://127.0.0.1.nip.io', 'http://localhost.example.com', 'http://[::ffff:7f00:1]', 'ftp://127.0.0.1', 'ws://localhost', 'file:///etc/passwd', 'bedrock-runtime.us-east-1.amazonaws.com', 'javascript:alert(1)'];
  for (const endpoint of ok) new BedrockProvider({ region: 'us-east-1', ...CREDS, endpoint });
  for (const endpoint of no) {
    let e: unknown;
    try { new BedrockProvider({ region: 'us-east-1', ...CREDS, endpoint }); } catch (x) { e = x; }
    assert.ok(e instanceof ValidationError && e.field === 'endpoint', `${endpoint} accepted`);
    try { new BedrockProvider({ region: 'us-east-1', ...CREDS, gateway: endpoint }); e = undefined; } catch (x) { e = x; }
    assert.ok(e instanceof ValidationError, `gateway ${endpoint} accepted`);
  }
});

inject.run();

// ---------------------------------------------------------------------------------------------
const proxy = suite('proxy abuse');

const PROXY_CREDS: Credentials = { accessKeyId: KEY_ID, secretAccessKey: SECRET, sessionToken: SESSION };
interface ProxyRig { fetch: (r: Request) => Promise<Response>; upstream: Request[]; emu: Emulator }
function proxyRig(options: Partial<ProxyOptions> = {}, emuCreds: Credentials = PROXY_CREDS): ProxyRig {
  const emu = createEmulator({ credentials: emuCreds, reply: 'Proxied.' });
  const upstream: Request[] = [];
  const px = createProxy({
    region: 'us-east-1', credentials: PROXY_CREDS, endpoint: 'http://127.0.0.1:9', authorize: () => true,
    fetch: (r) => { upstream.push(r.clone()); return emu.fetch(r); }, ...options,
  });
  return { fetch: px.fetch, upstream, emu };
}
const PATH = `/model/${encodeURIComponent(SONNET)}/invoke`;
const messages = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }], ...extra });
const post = (body: BodyInit | null, headers: Record<string, string> = {}, path = PATH) =>
  new Request(`https://proxy.example.com${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers }, duplex: 'half' } as RequestInit);

proxy('authorize :: absent, false or throwing → 401, nothing forwarded', async () => {
  for (const authorize of [undefined, () => false, async () => false, () => { throw new Error(`boom ${SECRET}`); }]) {
    const r = proxyRig({ authorize });
    const res = await r.fetch(post(messages()));
    assert.is(res.status, 401);
    assertClean(await res.text(), 'denied body');
    assert.is(r.upstream.length, 0);
  }
});

proxy('models :: a model not on the list → 403, nothing forwarded', async () => {
  const r = proxyRig({ models: ['anthropic.claude-3-haiku-20240307-v1:0'] });
  const res = await r.fetch(post(messages()));
  assert.is(res.status, 403);
  const fn = proxyRig({ models: (m) => m.startsWith('amazon.') });
  assert.is((await fn.fetch(post(messages()))).status, 403);
  // an encoded id that decodes to an allowed one is judged by its decoded form; a path trick is not a route
  const ok = proxyRig({ models: [SONNET] });
  assert.is((await ok.fetch(post(messages()))).status, 200);
  assert.is((await ok.fetch(post(messages(), {}, `/model/${encodeURIComponent(SONNET)}%2F..%2Fother/invoke`))).status, 403);
  assert.is(r.upstream.length + fn.upstream.length, 0);
});

proxy('body limit :: an endless body → 413 after reading about the limit, the stream cancelled', async () => {
  const limit = 4096;
  const chunk = new Uint8Array(1024).fill(0x20);
  let pulls = 0;
  let cancelled = false;
  const endless = new ReadableStream<Uint8Array>({
    pull(c) { pulls++; c.enqueue(chunk); },
    cancel() { cancelled = true; },
  }, { highWaterMark: 0 });
  const r = proxyRig({ maxBodyBytes: limit });
  const res = await r.fetch(post(endless));
  assert.is(res.status, 413);
  assert.ok(pulls <= limit / chunk.length + 3, `pulled ${pulls} chunks`);
  assert.ok(cancelled, 'the body stream was cancelled');
  assert.is(r.upstream.length, 0);
});

proxy('body limit :: a declared content-length over the limit → 413 without a single read', async () => {
  let pulls = 0;
  const body = new ReadableStream<Uint8Array>({ pull(c) { pulls++; c.enqueue(new Uint8Array(10)); } }, { highWaterMark: 0 });
  const r = proxyRig({ maxBodyBytes: 100 });
  const req = post(body, { 'content-length': '1000000' });
  // browsers drop content-length from a constructed Request (a forbidden header); the proxy never runs there
  if (!req.headers.has('content-length')) return;
  const res = await r.fetch(req);
  assert.is(res.status, 413);
  assert.is(pulls, 0);
  assert.is(r.upstream.length, 0);
  assert.is((await proxyRig({ maxBodyBytes: 100 }).fetch(post(messages() + ' '.repeat(200)))).status, 413);
});

proxy('maxTokens :: over the cap → clamped (documented), under kept, missing set', async () => {
  const r = proxyRig({ maxTokens: 64 });
  const sentMax = async () => (JSON.parse(await r.upstream.at(-1)!.text()) as { max_tokens?: number }).max_tokens;
  assert.is((await r.fetch(post(messages({ max_tokens: 100_000 })))).status, 200);
  assert.is(await sentMax(), 64);
  assert.is((await r.fetch(post(messages({ max_tokens: 10 })))).status, 200);
  assert.is(await sentMax(), 10);
  const { max_tokens: _, ...rest } = JSON.parse(messages()) as Record<string, unknown>;
  await r.fetch(post(JSON.stringify(rest)));
  assert.is(await sentMax(), 64);
  await r.fetch(post(messages({ max_tokens: '1e9' })));
  assert.is(await sentMax(), 64, 'a non-number limit is replaced');
  const conv = proxyRig({ maxTokens: 32 });
  await conv.fetch(post(JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'hi' }] }], inferenceConfig: { maxTokens: 5000 } }), {}, `/model/${encodeURIComponent(SONNET)}/converse`));
  assert.is((JSON.parse(await conv.upstream[0]!.text()) as { inferenceConfig: { maxTokens: number } }).inferenceConfig.maxTokens, 32);
  const bad = await r.fetch(post('not json'));
  assert.is(bad.status, 400);
});

proxy('CORS :: a disallowed origin gets no CORS headers (request and preflight); an allowed one does', async () => {
  const r = proxyRig({ origins: ['https://app.example.com'] });
  // browsers drop origin from a constructed Request (a forbidden header); the proxy never runs there
  if (!post('', { origin: 'https://app.example.com' }).headers.has('origin')) return;
  const cors = (res: Response) => [...res.headers.keys()].filter((k) => k.startsWith('access-control-'));
  const evil = await r.fetch(post(messages(), { origin: 'https://evil.example.com' }));
  assert.equal(cors(evil), []);
  assert.is(evil.status, 403);
  const pre = await r.fetch(new Request(`https://proxy.example.com${PATH}`, { method: 'OPTIONS', headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'POST' } }));
  assert.equal(cors(pre), []);
  const none = proxyRig();
  assert.equal(cors(await none.fetch(post(messages(), { origin: 'https://app.example.com' }))), []);
  const good = await r.fetch(post(messages(), { origin: 'https://app.example.com' }));
  assert.is(good.status, 200);
  assert.is(good.headers.get('access-control-allow-origin'), 'https://app.example.com');
  assert.is(r.upstream.length, 1);
});

proxy('headers :: hop-by-hop, authorization, cookies and x-amz-* from the browser are never forwarded', async () => {
  const r = proxyRig();
  const browser: Record<string, string> = {
    authorization: 'Bearer browser-token-abc', 'proxy-authorization': 'Basic Zm9vOmJhcg==', cookie: 'session=browser-cookie',
    'x-amz-security-token': 'browser-session-token', 'x-amz-date': '20000101T000000Z', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
    'x-amz-target': 'Evil.Target', 'x-amz-user-agent': 'evil', connection: 'keep-alive, x-hop', 'keep-alive': 'timeout=5', 'x-hop': '1',
    te: 'trailers', trailer: 'x-t', upgrade: 'websocket', 'x-forwarded-for': '1.2.3.4', 'x-amzn-bedrock-trace': 'ENABLED',
  };
  const res = await r.fetch(post(messages(), browser));
  assert.is(res.status, 200, await res.clone().text());
  const up = r.upstream[0]!;
  const names = [...up.headers.keys()];
  for (const n of ['proxy-authorization', 'cookie', 'x-amz-target', 'x-amz-user-agent', 'connection', 'keep-alive', 'x-hop', 'te', 'trailer', 'upgrade', 'x-forwarded-for']) {
    assert.not.ok(names.includes(n), `forwarded ${n}`);
  }
  assert.match(up.headers.get('authorization') ?? '', /^AWS4-HMAC-SHA256 Credential=AKIDLEAKCHECK/);
  assert.is(up.headers.get('x-amz-security-token'), SESSION, "the proxy's own token, not the browser's");
  assert.is.not(up.headers.get('x-amz-date'), '20000101T000000Z');
  assert.is(up.headers.get('x-amzn-bedrock-trace'), 'ENABLED', 'Bedrock options pass');
  for (const v of up.headers.values()) for (const b of ['browser-token-abc', 'browser-cookie', 'browser-session-token', 'Evil.Target']) assert.not.ok(v.includes(b), b);
});

proxy('responses :: never echo credentials or signatures (errors, successes, streams)', async () => {
  // the emulator knows another secret: the proxy's signature is rejected and the error comes back
  const wrong = proxyRig({}, { ...PROXY_CREDS, secretAccessKey: WRONG });
  const denied = await wrong.fetch(post(messages()));
  assert.is(denied.status, 403);
  const sig = /Signature=([0-9a-f]{64})/.exec(wrong.upstream[0]!.headers.get('authorization') ?? '')?.[1] ?? '';
  assert.is(sig.length, 64);
  assertClean([await denied.text(), [...denied.headers].join('\n')], 'denied response', [sig, KEY_ID]);
  // an upstream that echoes the signed request back in its error body
  const echo = createProxy({
    region: 'us-east-1', credentials: PROXY_CREDS, endpoint: 'http://127.0.0.1:9', authorize: () => true,
    fetch: async (req) => new Response(JSON.stringify({ message: `bad: ${req.headers.get('authorization')} token=${req.headers.get('x-amz-security-token')} ${encodeURIComponent(SESSION)}` }), { status: 403, headers: { 'x-amzn-errortype': 'InvalidSignatureException' } }),
  });
  const echoed = await echo.fetch(post(messages()));
  assertClean([await echoed.text(), [...echoed.headers].join('\n')], 'echoing upstream');
  // successes and streams carry no credential material either
  const ok = proxyRig();
  for (const path of [PATH, `/model/${encodeURIComponent(SONNET)}/invoke-with-response-stream`]) {
    const res = await ok.fetch(post(messages(), {}, path));
    assert.is(res.status, 200);
    const signature = /Signature=([0-9a-f]{64})/.exec(ok.upstream.at(-1)!.headers.get('authorization') ?? '')?.[1] ?? '';
    const body = new TextDecoder().decode(await res.arrayBuffer());
    assertClean([body, [...res.headers].join('\n')], path, [signature]);
    assert.not.ok(res.headers.has('authorization') || res.headers.has('x-amz-security-token'));
  }
  // the proxy's own credential failure
  const failing = createProxy({ region: 'us-east-1', credentials: async () => { throw new Error(`cannot load ${SECRET}`); }, authorize: () => true, fetch: async () => new Response('') });
  const res = await failing.fetch(post(messages()));
  assert.is(res.status, 500);
  assertClean(await res.text(), 'credential failure');
});

proxy('errors :: invalid proxy options never quote a secret', async () => {
  for (const opts of [{ region: 'us-east-1' }, { region: 'mars', credentials: PROXY_CREDS }, { region: 'us-east-1', credentials: PROXY_CREDS, endpoint: `http://user:${encodeURIComponent(SECRET)}@example.com` }]) {
    const e = await failure(() => createProxy(opts as ProxyOptions));
    assert.ok(e instanceof ProviderError, String(e));
    assertClean(e, JSON.stringify(Object.keys(opts)));
  }
});

proxy('provider :: through the proxy, the browser holds no credentials and gets the answer', async () => {
  const r = proxyRig();
  const p = new BedrockProvider({ region: 'us-east-1', apiKey: 'browser-session-id', endpoint: 'http://127.0.0.1:8787', fetch: ((req: Request) => r.fetch(req)) as typeof fetch });
  assert.is((await p.chat(HI, { model: SONNET })).content, 'Proxied.');
  assert.is(r.upstream[0]?.headers.get('authorization')?.startsWith('AWS4-HMAC-SHA256'), true);
  // the signature the proxy made is valid for exactly what it forwarded
  const signed = await sign({ method: 'POST', url: r.upstream[0]!.url, headers: { 'content-type': 'application/json' }, body: await r.upstream[0]!.text() },
    { region: 'us-east-1', service: 'bedrock', credentials: PROXY_CREDS });
  assert.ok(signed.get('authorization'));
});

proxy.run();
