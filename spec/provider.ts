import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { once, rejects } from './fixtures/helpers.ts';
import { BedrockProvider, mergeWithEnvironment, redact } from '../lib/provider.ts';
import type { ProviderConfig } from '../lib/provider.ts';
import { HOOKS, BASE_DELAY } from '../lib/transport.ts';
import { createEmulator, EXAMPLE_CREDENTIALS } from '../lib/emulator.ts';
import type { Emulator, EmulatorOptions } from '../lib/emulator.ts';
import {
  AuthenticationError, ContextLengthError, ModelNotFoundError, ProviderError, RateLimitError, StreamError, TimeoutError, ValidationError,
} from '../lib/errors.ts';
import type { ChatOptions, Message, StreamEvent } from '../lib/types.ts';
import { encodeMessage } from '../lib/eventstream.ts';
import * as index from '../lib/index.ts';
import * as sigv4 from '../lib/sigv4.ts';
import { createBedrockToken } from '../lib/token.ts';

const SONNET = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
const HI: Message[] = [{ role: 'user', content: 'What is the capital of France?' }];
const SECRET = EXAMPLE_CREDENTIALS.secretAccessKey;

interface Rig { p: BedrockProvider; emu: Emulator; seen: Array<{ url: string; body: string; headers: Headers }>; delays: number[] }

/** A provider wired to an in-process emulator; records requests and backoff delays. */
function rig(config: Partial<ProviderConfig> = {}, options: EmulatorOptions = {}, wrap?: (r: Request) => Request): Rig {
  const emu = createEmulator({ reply: 'Paris is the capital.', ...options });
  const seen: Rig['seen'] = [];
  const delays: number[] = [];
  const fetch = async (req: Request): Promise<Response> => {
    seen.push({ url: req.url, body: await req.clone().text(), headers: req.headers });
    const r = wrap ? wrap(req) : req;
    return emu.fetch(r);
  };
  const p = new BedrockProvider({
    region: 'us-east-1', ...EXAMPLE_CREDENTIALS, endpoint: 'https://bedrock-runtime.us-east-1.amazonaws.com', fetch: fetch as typeof globalThis.fetch,
    ...config,
    [HOOKS]: { sleep: async (ms: number) => { delays.push(ms); }, random: () => 0.5 },
  } as ProviderConfig);
  return { p, emu, seen, delays };
}
async function collect(it: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> { const out: StreamEvent[] = []; for await (const e of it) out.push(e); return out; }
const text = (events: StreamEvent[]) => events.map((e) => (e.type === 'content_delta' ? e.content : '')).join('');
const path = (url: string) => decodeURIComponent(new URL(url).pathname);
const noSecret = (e: unknown) => {
  const err = e as Error;
  for (const s of [err.message, err.stack ?? '', JSON.stringify(err), String(err)]) assert.not.ok(s.includes(SECRET), 'secret leaked');
};

// ---------------------------------------------------------------------------------------------
const config = suite('BedrockProvider config');

config('constructor :: no region names region and the env vars', () => {
  assert.throws(() => new BedrockProvider({ ...EXAMPLE_CREDENTIALS }), (e: unknown) =>
    e instanceof ValidationError && e.field === 'region' && /AWS_REGION/.test(e.message) && /AWS_DEFAULT_REGION/.test(e.message));
});
config('constructor :: rejects bad input with the field, never the secret', () => {
  const cases: Array<[Partial<ProviderConfig> & Record<string, unknown>, string]> = [
    [{ region: 'us-east-1', accessKeyId: 'AKID' }, 'secretAccessKey'],
    [{ region: 'us-east-1', secretAccessKey: SECRET }, 'accessKeyId'],
    [{ region: 'us east 1' }, 'region'],
    [{ region: 'us-east-1\r\n' }, 'region'],
    [{ region: 'us-east-1', ...EXAMPLE_CREDENTIALS, sessionToken: 'tok\nen' }, 'sessionToken'],
    [{ region: 'us-east-1', accessKeyId: 'AKID\0', secretAccessKey: SECRET }, 'accessKeyId'],
    [{ region: 'us-east-1', endpoint: 'http://bedrock.example.com' }, 'endpoint'],
    [{ region: 'us-east-1', gateway: 'http://gw.example.com' }, 'gateway'],
    [{ region: 'us-east-1', endpoint: 'https://a', gateway: 'https://b' }, 'gateway'],
    [{ region: 'us-east-1', headers: { 'x-a': 'b\r\nc' } }, 'headers'],
    [{ region: 'us-east-1', maxRetries: -1 }, 'maxRetries'],
    [{ region: 'us-east-1', timeout: 0 }, 'timeout'],
    [{ region: 'us-east-1', idleTimeout: Number.NaN }, 'idleTimeout'],
    [{ region: 'us-east-1', apiKey: 'k', ...EXAMPLE_CREDENTIALS }, 'apiKey'],
    [{ region: 'us-east-1', ...EXAMPLE_CREDENTIALS, credentials: EXAMPLE_CREDENTIALS }, 'credentials'],
    [{ region: 'us-east-1', credentials: { accessKeyId: 'A', secretAccessKey: '' } }, 'credentials'],
    [{ region: 'us-east-1', credentials: { accessKeyId: 'A', secretAccessKey: 'x\ny' } }, 'credentials'],
    [{ region: 'us-east-1', sessionToken: 'orphan' }, 'sessionToken'],
    [{ region: 'us-east-1', fetch: 'nope' as unknown as typeof fetch }, 'fetch'],
  ];
  for (const [c, field] of cases) {
    let caught: unknown;
    try { new BedrockProvider(c as ProviderConfig); } catch (e) { caught = e; }
    assert.ok(caught instanceof ValidationError, `${field}: ${String(caught)}`);
    assert.is((caught as ValidationError).field, field);
    noSecret(caught);
  }
  assert.throws(() => new BedrockProvider(null as unknown as ProviderConfig), (e: unknown) => e instanceof ValidationError);
});
config('constructor :: a config that is not an object names the kind that arrived, never the value', () => {
  for (const [c, got] of [[null, 'got null'], ['us-east-1', 'got a string'], [[], 'got an array'], [42, 'got a number']] as const) {
    assert.throws(() => new BedrockProvider(c as unknown as ProviderConfig), (e: unknown) =>
      e instanceof ValidationError && e.field === 'config' && e.message === `config must be an object, ${got}`, got);
  }
});
config('constructor :: null top-level secrets are unset, as in credentials (sessionToken, apiKey, accessKeyId/secretAccessKey)', async () => {
  const { p, seen } = rig({ sessionToken: null, apiKey: null } as unknown as Partial<ProviderConfig>);
  assert.is((await p.chat(HI, { model: SONNET })).content, 'Paris is the capital.');
  assert.is(seen[0]!.headers.get('x-amz-security-token'), null);
  assert.match(seen[0]!.headers.get('authorization')!, /^AWS4-HMAC-SHA256 /);
  const nulls = { accessKeyId: null, secretAccessKey: null, sessionToken: null };
  const c = rig({ ...nulls, credentials: EXAMPLE_CREDENTIALS } as unknown as Partial<ProviderConfig>);
  assert.is((await c.p.chat(HI, { model: SONNET })).content, 'Paris is the capital.');
  const k = rig({ ...nulls, apiKey: 'bedrock-api-key-QUJDREVGR0g=' } as unknown as Partial<ProviderConfig>);
  await k.p.chat(HI, { model: SONNET }).catch(() => {});
  assert.is(k.seen[0]!.headers.get('authorization'), 'Bearer bedrock-api-key-QUJDREVGR0g=');
});
config('constructor :: accepts loopback http, https endpoints, gateways, FIPS and China regions', () => {
  for (const c of [
    { region: 'us-east-1', endpoint: 'http://127.0.0.1:4000' }, { region: 'us-east-1', endpoint: 'http://localhost' },
    { region: 'us-east-1', gateway: 'https://gateway.ai.cloudflare.com/v1/a/b/aws-bedrock' },
    { region: 'cn-north-1' }, { region: 'us-gov-west-1', useFipsEndpoint: true }, { region: 'ap-southeast-7', apiKey: 'k' },
  ]) assert.ok(new BedrockProvider(c as ProviderConfig));
});
config('constructor :: timeout and idleTimeout above 2147483647 ms (the setTimeout limit) are rejected naming the limit', () => {
  for (const [field, v] of [['timeout', 3e9], ['idleTimeout', 2 ** 31], ['timeout', Infinity]] as const) {
    assert.throws(() => new BedrockProvider({ region: 'us-east-1', apiKey: 'k', [field]: v }), (e: unknown) =>
      e instanceof ValidationError && e.field === field && e.message.includes('at most 2147483647') && e.message.includes(`got ${v}`), field);
  }
  assert.ok(new BedrockProvider({ region: 'us-east-1', apiKey: 'k', timeout: 2147483647, idleTimeout: 2147483647 }));
});
config('constructor :: secrets that are not strings or hold whitespace are rejected at once, never shown', () => {
  const key = 'bedrock-api-key-SECRETVALUE';
  const cases: Array<[Record<string, unknown>, string, RegExp]> = [
    [{ ...EXAMPLE_CREDENTIALS, secretAccessKey: SECRET + ' ' }, 'secretAccessKey', /whitespace/],
    [{ ...EXAMPLE_CREDENTIALS, accessKeyId: ' AKIDEXAMPLE' }, 'accessKeyId', /whitespace/],
    [{ ...EXAMPLE_CREDENTIALS, accessKeyId: 'AKID/EXAMPLE' }, 'accessKeyId', /without whitespace or "\/", got a value with "\/" \(not shown\)/],
    [{ ...EXAMPLE_CREDENTIALS, sessionToken: 'SESSION\tTOKEN' }, 'sessionToken', /whitespace/],
    [{ ...EXAMPLE_CREDENTIALS, sessionToken: 'SESSION-TOKÉN' }, 'sessionToken', /printable ASCII/],
    [{ apiKey: key + ' ' }, 'apiKey', /whitespace/],
    [{ apiKey: 12345678 }, 'apiKey', /got a number/],
    [{ ...EXAMPLE_CREDENTIALS, secretAccessKey: { toString: () => SECRET } }, 'secretAccessKey', /got an object/],
    [{ credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET + '\t' } }, 'credentials', /credentials\.secretAccessKey .*whitespace/],
    [{ credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET, sessionToken: 42 } }, 'credentials', /credentials\.sessionToken .*got a number/],
    [{ credentials: SECRET }, 'credentials', /got a string/],
  ];
  for (const [c, field, message] of cases) {
    let caught: unknown;
    try { new BedrockProvider({ region: 'us-east-1', ...c } as ProviderConfig); } catch (e) { caught = e; }
    assert.ok(caught instanceof ValidationError && caught.field === field, `${field}: ${String(caught)}`);
    assert.match((caught as Error).message, message);
    noSecret(caught);
    for (const v of [(caught as Error).message, JSON.stringify(caught)]) assert.not.ok(v.includes('SECRETVALUE') || v.includes('12345678') || v.includes('TOK'), v);
  }
  assert.ok(new BedrockProvider({ region: 'us-east-1', ...EXAMPLE_CREDENTIALS, sessionToken: 'IQoJb3JpZ2luX2Vj/+=' }));
  assert.ok(new BedrockProvider({ region: 'us-east-1', credentials: { ...EXAMPLE_CREDENTIALS, sessionToken: '' } }));
});
config('constructor :: config headers that the signer would refuse fail at once, values never shown', () => {
  const cases: Array<[unknown, RegExp]> = [
    [{ 'bad name': 'x' }, /got the name "bad name"/],
    [{ 'x-é': 'x' }, /got the name "x-é"/],
    [{ 'x-api-key': 'SECRETVALUE\u2028' }, /got a value with CR, LF, NUL or a character above U\+00FF for "x-api-key" \(not shown\)/],
    [{ 'x-a': 'b\r\nc' }, /got a value with CR/],
    [{ 'x-n': 1 }, /got a number for "x-n"/],
    [[['x-a', 'b']], /got an array/],
    [new Headers({ 'x-a': 'b' }), /got an object/],
    ['x-a: SECRETVALUE', /got a string/],
  ];
  for (const [headers, message] of cases) {
    let caught: unknown;
    try { new BedrockProvider({ region: 'us-east-1', apiKey: 'k', headers } as ProviderConfig); } catch (e) { caught = e; }
    assert.ok(caught instanceof ValidationError && caught.field === 'headers', String(caught));
    assert.match((caught as Error).message, message);
    assert.match((caught as Error).message, /^headers must be an object of HTTP token names and string values in Latin-1/);
    assert.not.ok((caught as Error).message.includes('SECRETVALUE'));
  }
  assert.ok(new BedrockProvider({ region: 'us-east-1', apiKey: 'k', headers: { 'X-Amzn-Bedrock-Trace': 'ENABLED', 'x-latin1': 'café' } }));
});
config('constructor :: useFipsEndpoint must be a boolean (the string "false" does not turn FIPS on)', async () => {
  for (const v of ['false', 'true', 1]) {
    assert.throws(() => new BedrockProvider({ region: 'us-east-1', apiKey: 'k', useFipsEndpoint: v } as unknown as ProviderConfig),
      (e: unknown) => e instanceof ValidationError && e.field === 'useFipsEndpoint' && e.message === `useFipsEndpoint must be true or false, got ${JSON.stringify(v)}`, String(v));
  }
});
config('constructor :: messages show what arrived (a string in quotes)', () => {
  const message = (c: Record<string, unknown>) => { try { new BedrockProvider({ region: 'us-east-1', apiKey: 'k', ...c } as ProviderConfig); } catch (e) { return (e as Error).message; } return ''; };
  assert.is(message({ maxRetries: '3' }), 'maxRetries must be an integer ≥ 0, got "3"');
  assert.is(message({ maxRetries: 1.5 }), 'maxRetries must be an integer ≥ 0, got 1.5');
  assert.is(message({ timeout: null }), 'timeout must be a positive number of ms, at most 2147483647 (the setTimeout limit), got null');
  assert.is(message({ idleTimeout: [] }), 'idleTimeout must be a positive number of ms, at most 2147483647 (the setTimeout limit), got an array');
  assert.is(message({ fetch: 'x'.repeat(50) }), `fetch must be a function, got "${'x'.repeat(40)}…"`);
  assert.match(message({ headers: { 'x-a': 'b\r\nc' } }), / got /);
});
config('toJSON / inspect :: secrets redacted', () => {
  const p = new BedrockProvider({ region: 'us-east-1', ...EXAMPLE_CREDENTIALS, sessionToken: 'SESSION-TOKEN-XYZ' });
  const json = JSON.stringify(p);
  assert.not.ok(json.includes(SECRET));
  assert.not.ok(json.includes('SESSION-TOKEN-XYZ'));
  assert.not.ok(json.includes('AKIDEXAMPLE'));
  assert.equal(JSON.parse(json).region, 'us-east-1');
  const inspect = (p as unknown as Record<symbol, () => string>)[Symbol.for('nodejs.util.inspect.custom')]!();
  assert.not.ok(inspect.includes(SECRET));
  assert.match(inspect, /BedrockProvider/);
  const k = new BedrockProvider({ region: 'us-east-1', apiKey: 'bedrock-api-key-SECRETISH' });
  assert.not.ok(JSON.stringify(k).includes('SECRETISH'));
  assert.is(JSON.parse(JSON.stringify(k)).auth, 'apiKey');
});
config.run();

// ---------------------------------------------------------------------------------------------
const merge = suite('mergeWithEnvironment');
merge('mergeWithEnvironment :: fills region, keys, token and endpoint', () => {
  const c = mergeWithEnvironment({}, {
    AWS_DEFAULT_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: SECRET, AWS_SESSION_TOKEN: 'TOK',
    AWS_ENDPOINT_URL_BEDROCK_RUNTIME: 'http://127.0.0.1:1', AWS_USE_FIPS_ENDPOINT: 'true',
  });
  assert.is(c.region, 'eu-west-1');
  assert.is(c.accessKeyId, 'AKID');
  assert.is(c.secretAccessKey, SECRET);
  assert.is(c.sessionToken, 'TOK');
  assert.is(c.endpoint, 'http://127.0.0.1:1');
  assert.is(c.useFipsEndpoint, true);
  const json = JSON.stringify(c);
  assert.not.ok(json.includes(SECRET) || json.includes('TOK') || json.includes('AKID'));
  assert.ok(new BedrockProvider(c));
});
merge('mergeWithEnvironment :: config wins; AWS_REGION before AWS_DEFAULT_REGION; bearer token', () => {
  const env = { AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'ENVKEY', AWS_SECRET_ACCESS_KEY: 'ENVSECRET', AWS_BEARER_TOKEN_BEDROCK: 'bedrock-api-key-x' };
  assert.is(mergeWithEnvironment({}, env).region, 'us-west-2');
  assert.is(mergeWithEnvironment({}, env).apiKey, 'bedrock-api-key-x');
  assert.is(mergeWithEnvironment({}, env).accessKeyId, undefined);
  const own = mergeWithEnvironment({ region: 'ap-south-1', accessKeyId: 'MINE', secretAccessKey: 's' }, env);
  assert.is(own.region, 'ap-south-1');
  assert.is(own.accessKeyId, 'MINE');
  assert.is(own.apiKey, undefined);
  const gw = mergeWithEnvironment({ gateway: 'https://gw' }, { AWS_ENDPOINT_URL: 'https://e' });
  assert.is(gw.endpoint, undefined);
  assert.is(mergeWithEnvironment({}, { AWS_ENDPOINT_URL: 'https://e' }).endpoint, 'https://e');
  assert.is(mergeWithEnvironment({}, {}).region, undefined);
  assert.is(mergeWithEnvironment({}, { AWS_USE_FIPS_ENDPOINT: 'false' }).useFipsEndpoint, false);
  assert.is(mergeWithEnvironment(undefined, { AWS_REGION: 'us-east-2' }).region, 'us-east-2');
  assert.ok(typeof mergeWithEnvironment().region !== 'number');
});
merge('redact :: secrets, providers and secret-looking headers', () => {
  const r = redact({ region: 'us-east-1', apiKey: 'k', credentials: async () => EXAMPLE_CREDENTIALS, headers: { 'x-api-key': 'v', 'x-trace': 't' } });
  assert.is(r.apiKey, '[redacted]');
  assert.is(r.credentials, '[provider]');
  assert.equal(r.headers, { 'x-api-key': '[redacted]', 'x-trace': 't' });
  assert.is(redact({ credentials: EXAMPLE_CREDENTIALS }).credentials, '[redacted]');
  const m = mergeWithEnvironment({}, { AWS_SECRET_ACCESS_KEY: SECRET, AWS_ACCESS_KEY_ID: 'A' }) as unknown as Record<symbol, () => unknown>;
  assert.not.ok(JSON.stringify(m[Symbol.for('nodejs.util.inspect.custom')]!()).includes(SECRET));
});
merge.run();

// ---------------------------------------------------------------------------------------------
const models = suite('model families');
const FAMILIES: Array<[string, string, string]> = [
  ['anthropic.claude-3-5-sonnet-20241022-v2:0', 'invoke', 'invoke-with-response-stream'],
  ['anthropic.claude-3-opus-20240229-v1:0', 'invoke', 'invoke-with-response-stream'],
  ['anthropic.claude-3-haiku-20240307-v1:0', 'invoke', 'invoke-with-response-stream'],
  ['anthropic.claude-sonnet-4-20250514-v1:0', 'invoke', 'invoke-with-response-stream'],
  ['anthropic.claude-sonnet-4-5-20250929-v1:0', 'invoke', 'invoke-with-response-stream'],
  ['anthropic.claude-opus-4-1-20250805-v1:0', 'invoke', 'invoke-with-response-stream'],
  ['us.anthropic.claude-3-7-sonnet-20250219-v1:0', 'invoke', 'invoke-with-response-stream'],
  ['eu.anthropic.claude-3-5-sonnet-20240620-v1:0', 'invoke', 'invoke-with-response-stream'],
  ['apac.anthropic.claude-3-haiku-20240307-v1:0', 'invoke', 'invoke-with-response-stream'],
  ['jp.anthropic.claude-haiku-4-5-20251001-v1:0', 'invoke', 'invoke-with-response-stream'],
  ['global.anthropic.claude-sonnet-4-5-20250929-v1:0', 'invoke', 'invoke-with-response-stream'],
  ['arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-20250514-v1:0', 'invoke', 'invoke-with-response-stream'],
  ['anthropic.claude-v2', 'invoke', 'invoke-with-response-stream'],
  ['anthropic.claude-v2:1', 'invoke', 'invoke-with-response-stream'],
  ['anthropic.claude-instant-v1', 'invoke', 'invoke-with-response-stream'],
  ['meta.llama3-1-70b-instruct-v1:0', 'converse', 'converse-stream'],
  ['us.meta.llama3-2-90b-instruct-v1:0', 'converse', 'converse-stream'],
  ['mistral.mistral-large-2407-v1:0', 'converse', 'converse-stream'],
  ['amazon.nova-pro-v1:0', 'converse', 'converse-stream'],
  ['amazon.titan-text-express-v1', 'converse', 'converse-stream'],
  ['cohere.command-r-plus-v1:0', 'converse', 'converse-stream'],
  ['us.deepseek.r1-v1:0', 'converse', 'converse-stream'],
];
for (const [model, chatOp, streamOp] of FAMILIES) {
  models(`chat+stream :: ${model} via ${chatOp}`, async () => {
    const { p, seen } = rig();
    const res = await p.chat(HI, { model, maxTokens: 64 });
    assert.is(res.content, 'Paris is the capital.');
    assert.is(res.stopReason, 'end_turn');
    assert.ok(res.usage.promptTokens > 0 && res.usage.completionTokens > 0);
    assert.is(res.usage.totalTokens, res.usage.promptTokens + res.usage.completionTokens);
    assert.ok(res.requestId);
    assert.is(path(seen[0]!.url), `/model/${model}/${chatOp}`);
    assert.ok(seen[0]!.url.includes(encodeURIComponent(model)));
    const events = await collect(p.stream(HI, { model, maxTokens: 64 }));
    assert.is(events[0]!.type, 'content_start');
    assert.is(text(events), res.content);
    const end = events[events.length - 1]!;
    assert.is(end.type, 'content_end');
    if (end.type === 'content_end') assert.equal(end.usage, res.usage);
    assert.is(path(seen[1]!.url), `/model/${model}/${streamOp}`);
    const body = JSON.parse(seen[0]!.body);
    if (/claude-(v2|instant)/.test(model)) {
      assert.match(body.prompt, /^\n\nHuman: [\s\S]*\n\nAssistant:$/);
      assert.is(body.max_tokens_to_sample, 64);
    } else if (chatOp === 'invoke') {
      assert.is(body.anthropic_version, 'bedrock-2023-05-31');
      assert.not.ok('model' in body || 'stream' in body);
    }
  });
}
models("api :: 'converse' forces Converse for Claude", async () => {
  const { p, seen } = rig();
  const res = await p.chat(HI, { model: SONNET, api: 'converse' });
  assert.is(res.content, 'Paris is the capital.');
  assert.is(path(seen[0]!.url), `/model/${SONNET}/converse`);
  await collect(p.stream(HI, { model: SONNET, api: 'converse' }));
  assert.is(path(seen[1]!.url), `/model/${SONNET}/converse-stream`);
});
models.run();

// ---------------------------------------------------------------------------------------------
const content = suite('messages and options');
content('chat :: system messages and option extracted; same-role turns merged', async () => {
  const { p, seen } = rig({}, { reply: ({ system, prompt }) => `${system} | ${prompt}` });
  const res = await p.chat([
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Hello.' },
    { role: 'user', content: 'Capital of France?' },
  ], { model: SONNET, system: 'Answer in English.', maxTokens: 100, temperature: 0.7, topP: 0.9, topK: 5, stopSequences: ['END'] });
  const body = JSON.parse(seen[0]!.body);
  assert.equal(body.messages.length, 1);
  assert.is(body.messages[0].role, 'user');
  assert.is(JSON.stringify(body.system).includes('Be brief.') && JSON.stringify(body.system).includes('Answer in English.'), true);
  assert.is(body.max_tokens, 100);
  assert.is(body.temperature, 0.7);
  assert.is(body.top_p, 0.9);
  assert.is(body.top_k, 5);
  assert.equal(body.stop_sequences, ['END']);
  assert.match(res.content, /Be brief\./);
  assert.match(res.content, /Answer in English\./);
});
content('chat :: tools → tool_use block; stream yields a parsed tool_use', async () => {
  const { p } = rig();
  const tools = [{ name: 'get_weather', description: 'Weather', inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }];
  const msgs: Message[] = [{ role: 'user', content: 'Please use tool for Paris' }];
  for (const api of [undefined, 'converse'] as const) {
    const res = await p.chat(msgs, { model: SONNET, tools, api });
    assert.is(res.stopReason, 'tool_use');
    const call = res.blocks.find((b) => b.type === 'tool_use');
    assert.ok(call && call.type === 'tool_use' && call.name === 'get_weather' && typeof call.input === 'object');
    const events = await collect(p.stream(msgs, { model: SONNET, tools, toolChoice: { name: 'get_weather' }, api }));
    const tu = events.find((e) => e.type === 'tool_use');
    assert.ok(tu && tu.type === 'tool_use' && tu.name === 'get_weather' && typeof tu.input === 'object', api);
  }
});
content('chat :: thinking blocks and thinking_delta', async () => {
  const { p, seen } = rig();
  const opts: ChatOptions = { model: 'anthropic.claude-sonnet-4-20250514-v1:0', maxTokens: 4096, thinking: { budgetTokens: 1024 } };
  const res = await p.chat(HI, opts);
  assert.ok(res.blocks.some((b) => b.type === 'thinking'));
  assert.equal(JSON.parse(seen[0]!.body).thinking, { type: 'enabled', budget_tokens: 1024 });
  const events = await collect(p.stream(HI, opts));
  assert.ok(events.some((e) => e.type === 'thinking_delta'));
});
content('chat :: cache points become cache_control / cachePoint', async () => {
  const { p, seen } = rig();
  const msgs: Message[] = [{ role: 'user', content: [{ type: 'text', text: 'Long document…', cache: true }, { type: 'text', text: 'Question?' }] }];
  await p.chat(msgs, { model: SONNET });
  assert.match(seen[0]!.body, /"cache_control":\{"type":"ephemeral"\}/);
  await p.chat(msgs, { model: SONNET, api: 'converse' });
  assert.match(seen[1]!.body, /"cachePoint":\{"type":"default"\}/);
});
content('chat :: options validated before any request', async () => {
  const { p, seen } = rig();
  for (const [opts, field] of [
    [{ model: SONNET, maxTokens: 0 }, 'maxTokens'], [{ model: SONNET, temperature: 1.5 }, 'temperature'], [{ model: SONNET, topP: -1 }, 'topP'],
    [{ model: 'anthropic.x\r\nInjected: 1' }, 'model'],
  ] as Array<[ChatOptions, string]>) {
    await rejects(p.chat(HI, opts), (e) => e instanceof ValidationError && e.field === field, field);
  }
  await rejects(p.chat([], { model: SONNET }), (e) => e instanceof ValidationError && e.field === 'messages', 'empty');
  await rejects(p.chat([{ role: 'assistant', content: 'hi' }], { model: SONNET }), (e) => e instanceof ValidationError, 'assistant first');
  await rejects(collect(p.stream([], { model: SONNET })), (e) => e instanceof ValidationError, 'stream');
  assert.is(seen.length, 0);
});
content('countTokens :: InvokeModel and Converse shapes', async () => {
  const { p, seen } = rig();
  const n = await p.countTokens(HI, { model: SONNET });
  assert.ok(Number.isInteger(n) && n > 0);
  assert.is(path(seen[0]!.url), `/model/${SONNET}/count-tokens`);
  assert.is(typeof JSON.parse(seen[0]!.body).input.invokeModel.body, 'string');
  assert.is(await p.countTokens(HI, { model: SONNET, api: 'converse' }), n);
  assert.ok(JSON.parse(seen[1]!.body).input.converse);
});
content('countTokens :: answer without inputTokens → ProviderError', async () => {
  const p = new BedrockProvider({ region: 'us-east-1', apiKey: 'k', fetch: (async () => new Response('{"x":1}')) as typeof fetch });
  await rejects(p.countTokens(HI, { model: SONNET }), (e) => e instanceof ProviderError && e.code === 'InvalidResponse' && e.message === 'expected a CountTokens response with inputTokens, got {"x":1}', 'shape');
});
content('apiKey :: bearer auth accepted by the emulator', async () => {
  const { p, seen } = rig({ accessKeyId: undefined, secretAccessKey: undefined, apiKey: 'static-key-1' }, { apiKeys: ['static-key-1'] });
  assert.is((await p.chat(HI, { model: SONNET })).content, 'Paris is the capital.');
  assert.is(seen[0]!.headers.get('authorization'), 'Bearer static-key-1');
});
content('credentials :: object and async provider (memoized)', async () => {
  let calls = 0;
  const provider = async () => { calls++; return { ...EXAMPLE_CREDENTIALS, expiration: new Date(Date.now() + 3_600_000) }; };
  const a = rig({ accessKeyId: undefined, secretAccessKey: undefined, credentials: provider });
  await a.p.chat(HI, { model: SONNET });
  await a.p.chat(HI, { model: SONNET });
  assert.is(calls, 1);
  const b = rig({ accessKeyId: undefined, secretAccessKey: undefined, credentials: EXAMPLE_CREDENTIALS });
  assert.ok((await b.p.chat(HI, { model: SONNET })).content);
  // memoize loads on first use: concurrent first calls share that load and one provider call
  calls = 0;
  const c = rig({ accessKeyId: undefined, secretAccessKey: undefined, credentials: provider });
  await Promise.all([c.p.chat(HI, { model: SONNET }), c.p.chat(HI, { model: SONNET }), collect(c.p.stream(HI, { model: SONNET }))]);
  assert.is(calls, 1);
});
content('credentials :: expired temporary credentials are refreshed once', async () => {
  const issued = ['OLD-TOKEN', 'NEW-TOKEN'];
  let calls = 0;
  const provider = async () => ({ ...EXAMPLE_CREDENTIALS, sessionToken: issued[Math.min(calls++, 1)]!, expiration: new Date(Date.now() + 3_600_000) });
  const emu = createEmulator({ reply: 'fresh', credentials: { ...EXAMPLE_CREDENTIALS, sessionToken: 'NEW-TOKEN' } });
  const expired = () => new Response('{"message":"The security token included in the request is expired"}', { status: 403, headers: { 'x-amzn-ErrorType': 'ExpiredTokenException' } });
  const fetch = (async (r: Request) => (r.headers.get('x-amz-security-token') === 'OLD-TOKEN' ? expired() : emu.fetch(r))) as typeof globalThis.fetch;
  const p = new BedrockProvider({ region: 'us-east-1', credentials: provider, fetch });
  assert.is((await p.chat(HI, { model: SONNET })).content, 'fresh');
  assert.is(calls, 2);
  const stuck = new BedrockProvider({ region: 'us-east-1', credentials: async () => ({ ...EXAMPLE_CREDENTIALS, sessionToken: 'OLD-TOKEN' }), fetch });
  await rejects(stuck.chat(HI, { model: SONNET }), (e) => e instanceof AuthenticationError, 'refreshed only once');
});
content('credentials :: session token is sent and signed', async () => {
  const { p, seen } = rig({ sessionToken: 'SESSION-TOKEN' }, { credentials: { ...EXAMPLE_CREDENTIALS, sessionToken: 'SESSION-TOKEN' } });
  assert.ok((await p.chat(HI, { model: SONNET })).content);
  assert.is(seen[0]!.headers.get('x-amz-security-token'), 'SESSION-TOKEN');
  assert.match(seen[0]!.headers.get('authorization')!, /x-amz-security-token/);
});
content('messages :: a tool input that is not JSON (BigInt, cycle) is a ValidationError, nothing sent', async () => {
  const { p, emu } = rig();
  const circular: Record<string, unknown> = {};
  circular.self = circular;
  for (const input of [{ n: 1n }, circular]) {
    const turns = [HI[0]!, { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'f', input }] }, { role: 'user', content: [{ type: 'tool_result', toolUseId: 't1', content: 'ok' }] }] as Message[];
    await rejects(p.chat(turns, { model: SONNET }), (e) => e instanceof ValidationError && e.field === 'messages' && /JSON/.test(e.message), 'not JSON');
    await rejects(collect(p.stream(turns, { model: SONNET })), (e) => e instanceof ValidationError, 'stream not JSON');
  }
  assert.is(emu.calls, 0);
});
content('credentials :: default chain from the environment when none given', async () => {
  const { p } = rig({ accessKeyId: undefined, secretAccessKey: undefined });
  // whatever the host environment holds, the chain is consulted lazily and only at call time
  const r = await p.chat(HI, { model: SONNET }).then((x) => x.content, (e) => e);
  assert.ok(typeof r === 'string' || r instanceof ProviderError);
});
content('credentials :: a provider that throws → AuthenticationError CredentialsProviderError naming what it threw (its text only in cause); our own errors pass through', async () => {
  const cause = new Error(`could not assume role: STS answered {"SecretAccessKey":"${SECRET}"}`);
  const { p, seen } = rig({ accessKeyId: undefined, secretAccessKey: undefined, credentials: async () => { throw cause; } });
  const e = await rejects(p.chat(HI, { model: SONNET }), (e) => e instanceof AuthenticationError && e.code === 'CredentialsProviderError', 'thrown') as AuthenticationError;
  assert.is(e.cause, cause);
  assert.is(e.message, 'authentication failed for provider "bedrock": the credentials provider threw an Error (see cause)');
  for (const v of [e.message, e.stack ?? '', String(e), JSON.stringify(e)]) assert.not.ok(v.includes(SECRET) || v.includes('STS answered'), v);
  await rejects(collect(p.stream(HI, { model: SONNET })), (e) => e instanceof AuthenticationError && e.cause === cause, 'stream');
  assert.is(seen.length, 0);
  const ours = new ProviderError('STS said no', { code: 'CredentialsError' });
  const q = rig({ accessKeyId: undefined, secretAccessKey: undefined, credentials: async () => { throw ours; } });
  await rejects(q.p.countTokens(HI, { model: SONNET }), (e) => e === ours, 'ProviderError unchanged');
  const odd = rig({ accessKeyId: undefined, secretAccessKey: undefined, credentials: async () => ({ accessKeyId: 'AKID', secretAccessKey: '' }) as never });
  await rejects(odd.p.chat(HI, { model: SONNET }), (e) => e instanceof ValidationError && e.field === 'credentials.secretAccessKey', 'malformed result');
});
content.run();

// ---------------------------------------------------------------------------------------------
const errors = suite('error kinds');
errors('errors :: wrong secret → AuthenticationError, secret never echoed', async () => {
  const { p } = rig({ secretAccessKey: 'not-the-right-secret-key-000000000000000' });
  const e = await rejects(p.chat(HI, { model: SONNET }), (e) => e instanceof AuthenticationError, 'auth');
  assert.match((e as Error).message, /authentication failed for provider "bedrock"/);
  assert.not.ok((e as Error).message.includes('not-the-right-secret'));
  const u = rig({ accessKeyId: 'AKIAUNKNOWN000000000' });
  await rejects(u.p.chat(HI, { model: SONNET }), (e) => e instanceof AuthenticationError, 'unknown key');
  noSecret(e);
});
errors('errors :: throttled beyond retries → RateLimitError with attempts (retryAfter unset: Bedrock sends none)', async () => {
  const { p, emu, delays } = rig({ maxRetries: 2 }, { faults: { throttle: 5 } });
  const e = await rejects(p.chat(HI, { model: SONNET }), (e) => e instanceof RateLimitError, 'rl') as RateLimitError;
  assert.match(e.message, /rate limit exceeded for provider "bedrock"/);
  assert.match(e.message, /gave up after 3 attempts/);
  assert.is(e.retryAfter, undefined);
  assert.is(e.status, 429);
  assert.is(emu.calls, 3);
  assert.equal(delays, [BASE_DELAY / 2, BASE_DELAY]);
});
errors('errors :: RateLimitError.retryAfter from a Retry-After header', async () => {
  const fetch = (async () => new Response('{"message":"slow down"}', { status: 429, headers: { 'x-amzn-ErrorType': 'ThrottlingException', 'retry-after': '7' } })) as typeof globalThis.fetch;
  const delays: number[] = [];
  const p = new BedrockProvider({ region: 'us-east-1', apiKey: 'k', fetch, maxRetries: 1, [HOOKS]: { sleep: async (ms: number) => { delays.push(ms); } } } as ProviderConfig);
  const e = await rejects(p.chat(HI, { model: SONNET }), (e) => e instanceof RateLimitError, 'ra') as RateLimitError;
  assert.is(e.retryAfter, 7);
  assert.equal(delays, [7000], 'waited as long as Retry-After asked');
});
errors('errors :: context length with both Bedrock wordings → numbers', async () => {
  const { p, emu } = rig({}, { faults: { contextWindow: 20, contextErrorStyle: 'prompt' } });
  const msgs: Message[] = [{ role: 'user', content: 'word '.repeat(50) }];
  const a = await rejects(p.chat(msgs, { model: SONNET, maxTokens: 10 }), (e) => e instanceof ContextLengthError, 'prompt') as ContextLengthError;
  assert.is(a.maxTokens, 20);
  assert.ok((a.requestTokens ?? 0) > 20);
  assert.match(a.message, new RegExp(`context length exceeded for provider "bedrock" model "${SONNET}"`));
  emu.faults.contextErrorStyle = 'limit';
  const b = await rejects(p.chat(msgs, { model: SONNET, maxTokens: 10 }), (e) => e instanceof ContextLengthError, 'limit') as ContextLengthError;
  assert.is(b.maxTokens, 20);
  assert.ok((b.requestTokens ?? 0) > 20);
});
errors('errors :: unknown model → ModelNotFoundError', async () => {
  const { p } = rig({}, { models: [SONNET] });
  await rejects(p.chat(HI, { model: 'anthropic.claude-3-opus-20240229-v1:0' }), (e) => e instanceof ModelNotFoundError, 'restricted');
  await rejects(p.chat(HI, { model: 'example.no-such-model-v1:0' }), (e) => e instanceof ModelNotFoundError, 'unknown vendor');
});
errors('errors :: Bedrock validation → ValidationError', async () => {
  const { p } = rig();
  await rejects(p.chat(HI, { model: 'meta.llama3-1-70b-instruct-v1:0', api: 'invoke' }), (e) => e instanceof ValidationError && e.status === 400, 'invoke non-anthropic');
});
errors('errors :: secrets an upstream echoes (session token, signature, API key) never reach the error', async () => {
  const token = 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+session=';
  const sent: Request[] = [];
  const echo = (answer: (r: Request) => Response) => (async (r: Request) => { sent.push(r); return answer(r); }) as typeof fetch;
  const views = (e: unknown): string[] => (e instanceof Error ? [e.message, e.stack ?? '', String(e), JSON.stringify(e), ...views(e.cause)] : e === undefined ? [] : [String(e)]);
  const check = (e: unknown, secrets: string[]) => { for (const v of views(e)) for (const x of secrets) assert.not.ok(v.includes(x), `leaked: ${v}`); };
  const keys = { region: 'us-east-1', ...EXAMPLE_CREDENTIALS, sessionToken: token, maxRetries: 0 };
  const p400 = new BedrockProvider({ ...keys, fetch: echo((r) => Response.json({ Message: `bad header x-amz-security-token: ${r.headers.get('x-amz-security-token')}` }, { status: 400 })) });
  const e400 = await rejects(p400.chat(HI, { model: SONNET }), (e) => e instanceof ValidationError, '400');
  assert.match((e400 as Error).message, 'x-amz-security-token: [redacted]');
  const p500 = new BedrockProvider({ ...keys, fetch: echo((r) => new Response(`proxy error: ${r.headers.get('authorization')} ${token}`, { status: 500 })) });
  const e500 = await rejects(p500.chat(HI, { model: SONNET }), (e) => e instanceof ProviderError && e.status === 500, '500');
  const sig = /Signature=(\w+)/.exec(sent[1]!.headers.get('authorization')!)![1]!;
  assert.match((e500 as Error).message, 'Signature=[redacted] [redacted]');
  for (const e of [e400, e500]) check(e, [token, SECRET, sig]);
  const key = 'bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29tLz9BY3Rpb249Q2FsbFdpdGhCZWFyZXJUb2tlbg==';
  const pk = new BedrockProvider({ region: 'us-east-1', apiKey: key, fetch: echo(() => Response.json({ message: `Invalid API key ${key} provided` }, { status: 403 })) });
  const ek = await rejects(pk.chat(HI, { model: SONNET }), (e) => e instanceof AuthenticationError, 'api key');
  assert.match((ek as Error).message, 'Invalid API key [redacted] provided');
  check(ek, [key]);
});
errors.run();

// ---------------------------------------------------------------------------------------------
const retries = suite('retries');
retries('retry :: 429 ×3 then success, backoff observed', async () => {
  const { p, emu, delays } = rig({}, { faults: { throttle: 3 } });
  assert.is((await p.chat(HI, { model: SONNET })).content, 'Paris is the capital.');
  assert.is(emu.calls, 4);
  assert.equal(delays, [BASE_DELAY / 2, BASE_DELAY, BASE_DELAY * 2]);
});
retries('retry :: 5xx bursts, ModelNotReady, 424', async () => {
  const { p, emu } = rig({ maxRetries: 5 }, { faults: { serverError: 2, modelNotReady: 1 } });
  assert.ok((await p.chat(HI, { model: SONNET })).content);
  assert.is(emu.calls, 4);
  emu.faults.serverError = 1;
  emu.faults.serverErrorStatus = 503;
  assert.ok((await collect(p.stream(HI, { model: SONNET }))).length > 2);
  let n = 0;
  const flaky = rig({}, {}, (r) => r);
  const f424 = new BedrockProvider({
    region: 'us-east-1', apiKey: 'k', maxRetries: 1, [HOOKS]: { sleep: async () => {} },
    fetch: (async (r: Request) => (n++ === 0 ? new Response('{"message":"dep"}', { status: 424, headers: { 'x-amzn-ErrorType': 'ModelErrorException' } }) : flaky.emu.fetch(r))) as typeof fetch,
  } as ProviderConfig);
  await rejects(f424.chat(HI, { model: SONNET }), (e) => e instanceof AuthenticationError, '424 retried, then the emulator rejects the bearer key');
  assert.is(n, 2);
});
retries('retry :: network error before the first byte', async () => {
  let n = 0;
  const { p, seen } = rig({}, {}, (r) => { if (n++ === 0) throw new TypeError('fetch failed: ECONNRESET'); return r; });
  assert.ok((await p.chat(HI, { model: SONNET })).content);
  assert.is(seen.length, 2);
  assert.is(n, 2);
});
retries('retry :: in-stream throttling before the first token is retried', async () => {
  const { p, emu } = rig({}, { faults: { streamException: { after: 1 } } });
  const events = await collect(p.stream(HI, { model: SONNET }));
  assert.is(text(events), 'Paris is the capital.');
  assert.is(events.filter((e) => e.type === 'content_start').length, 1);
  assert.is(emu.calls, 2);
});
retries('retry :: in-stream throttling after the first token surfaces, no duplicate text', async () => {
  const { p, emu } = rig({}, { faults: { streamException: { after: 4 } } });
  const got: StreamEvent[] = [];
  await rejects((async () => { for await (const e of p.stream(HI, { model: SONNET })) got.push(e); })(), (e) => e instanceof RateLimitError, 'after');
  assert.ok(text(got).length > 0);
  assert.ok('Paris is the capital.'.startsWith(text(got)));
  assert.is(emu.calls, 1);
});
retries('stream :: a secret an in-stream exception echoes across the 300-character cut leaves none of its characters (message, stack)', async () => {
  for (const pad of [10, 270]) {
    const { p } = rig({ maxRetries: 0 }, { faults: { streamException: { after: 0, type: 'validationException', message: `${'x'.repeat(pad)} echoed ${SECRET}` } } });
    const e = await rejects(collect(p.stream(HI, { model: SONNET })), (e) => e instanceof ValidationError, `pad ${pad}`) as Error;
    assert.match(e.message, pad === 10 ? / echoed \[redacted\]$/ : / echoed \[redacted\]…$/);
    for (const v of [e.message, e.stack ?? '', String(e), JSON.stringify(e)]) assert.not.ok(v.includes(SECRET.slice(0, 4)), v);
  }
});
retries('retry :: converse stream exceptions map to typed errors', async () => {
  const { p } = rig({}, { faults: { streamException: { after: 3, type: 'modelStreamErrorException' } } });
  await rejects(collect(p.stream(HI, { model: 'amazon.nova-pro-v1:0' })), (e) => e instanceof ProviderError && e.code === 'ModelStreamErrorException', 'converse');
});
retries('retry :: truncated stream and bad CRC → StreamError, never a short answer', async () => {
  const { p, emu } = rig({}, { faults: { truncate: {} } });
  await rejects(collect(p.stream(HI, { model: SONNET })), (e) => e instanceof StreamError, 'truncated');
  emu.faults.badCrc = { after: 2 };
  await rejects(collect(p.stream(HI, { model: SONNET })), (e) => e instanceof StreamError && /checksum/i.test(e.message), 'crc');
  emu.faults.truncate = {};
  await rejects(collect(p.stream(HI, { model: 'anthropic.claude-v2' })), (e) => e instanceof StreamError, 'legacy truncated');
  emu.faults.truncate = { after: 3 };
  await rejects(collect(p.stream(HI, { model: 'amazon.nova-pro-v1:0' })), (e) => e instanceof StreamError, 'converse truncated');
});
retries('retry :: clock off by ±20 minutes corrected once', async () => {
  for (const skew of [20 * 60_000, -20 * 60_000]) {
    const { p, emu } = rig({}, { faults: { clockSkew: skew } });
    assert.ok((await p.chat(HI, { model: SONNET })).content);
    assert.is(emu.calls, 2);
    assert.ok((await collect(p.stream(HI, { model: SONNET }))).length > 2);
    assert.is(emu.calls, 3, 'offset kept: no second correction');
  }
});
retries.run();

// ---------------------------------------------------------------------------------------------
const abort = suite('abort, timeouts, close');
abort('abort :: before send → reason, nothing sent', async () => {
  const { p, seen } = rig();
  const c = new AbortController();
  const reason = new Error('user cancelled');
  c.abort(reason);
  assert.is(await rejects(p.chat(HI, { model: SONNET, signal: c.signal }), (e) => e === reason, 'chat'), reason);
  await rejects(collect(p.stream(HI, { model: SONNET, signal: c.signal })), (e) => e === reason, 'stream');
  assert.is(seen.length, 0);
});
abort('abort :: waiting for headers → reason, no retry', async () => {
  const { p, emu } = rig({}, { faults: { headersDelay: 60_000 } });
  const c = new AbortController();
  const reason = new Error('user cancelled');
  once(() => emu.calls === 1, () => c.abort(reason));
  await rejects(p.chat(HI, { model: SONNET, signal: c.signal }), (e) => e === reason, 'headers');
  assert.is(emu.calls, 1);
});
abort('abort :: mid-stream → reason, no retry', async () => {
  const { p, emu } = rig({}, { faults: { eventDelay: 1 } });
  const c = new AbortController();
  const reason = new Error('user cancelled');
  const got: StreamEvent[] = [];
  await rejects((async () => {
    for await (const e of p.stream(HI, { model: SONNET, signal: c.signal })) { got.push(e); if (e.type === 'content_delta') c.abort(reason); }
  })(), (e) => e === reason, 'mid');
  assert.is(got.filter((e) => e.type === 'content_delta').length, 1);
  assert.is(emu.calls, 1);
});
abort('stream :: breaking out of the loop ends the call', async () => {
  const { p, emu } = rig({}, { faults: { stall: { after: 3 } } });
  for await (const e of p.stream(HI, { model: SONNET })) if (e.type === 'content_delta') break;
  assert.is(emu.calls, 1);
});
abort('timeout :: whole call → TimeoutError', async () => {
  const { p } = rig({ timeout: 20 }, { faults: { headersDelay: 60_000 } });
  await rejects(p.chat(HI, { model: SONNET }), (e) => e instanceof TimeoutError, 'chat timeout');
  const s = rig({ timeout: 30 }, { faults: { stall: { after: 2 } } });
  await rejects(collect(s.p.stream(HI, { model: SONNET })), (e) => e instanceof TimeoutError, 'stream timeout');
});
abort('idleTimeout :: stalled stream → TimeoutError; slow but steady stream passes', async () => {
  const { p } = rig({ idleTimeout: 25 }, { faults: { stall: { after: 3 } } });
  await rejects(collect(p.stream(HI, { model: SONNET })), (e) => e instanceof TimeoutError && /idleTimeout/.test(e.message), 'idle');
  const ok = rig({ idleTimeout: 200 }, { faults: { eventDelay: 2 } });
  assert.is(text(await collect(ok.p.stream(HI, { model: SONNET }))), 'Paris is the capital.');
});
abort('idleTimeout :: does not cut chat() and countTokens() while Bedrock generates (headers come last); still bounds the wait for a stream\'s headers', async () => {
  const { p } = rig({ idleTimeout: 25, maxRetries: 0 }, { faults: { headersDelay: 80 } });
  assert.is((await p.chat(HI, { model: SONNET })).content, 'Paris is the capital.');
  assert.is((await p.chat(HI, { model: 'amazon.nova-pro-v1:0' })).content, 'Paris is the capital.', 'Converse');
  assert.ok((await p.countTokens(HI, { model: SONNET })) > 0, 'countTokens');
  await rejects(collect(p.stream(HI, { model: SONNET })), (e) => e instanceof TimeoutError && /idleTimeout/.test(e.message), 'stream');
  const t = rig({ idleTimeout: 25, timeout: 100, maxRetries: 0 }, { faults: { headersDelay: 60_000 } });
  await rejects(t.p.chat(HI, { model: SONNET }), (e) => e instanceof TimeoutError && /\(timeout\)/.test(e.message), 'timeout bounds chat');
});
abort('close :: aborts in-flight calls; later calls throw', async () => {
  const { p } = rig({}, { faults: { headersDelay: 60_000 } });
  const pending = p.chat(HI, { model: SONNET });
  setTimeout(() => p.close(), 5);
  await rejects(pending, (e) => e instanceof ProviderError && e.code === 'ClosedError', 'in flight');
  await rejects(p.chat(HI, { model: SONNET }), (e) => e instanceof ProviderError && e.code === 'ClosedError', 'after');
  await rejects(collect(p.stream(HI, { model: SONNET })), (e) => e instanceof ProviderError && e.code === 'ClosedError', 'stream after');
  p.close();
});
abort('close :: during the load of an on-demand wire module (Converse, legacy) → ClosedError, nothing sent', async () => {
  const { p, seen } = rig();
  const converse = p.chat(HI, { model: 'meta.llama3-1-70b-instruct-v1:0' });
  const legacy = collect(p.stream(HI, { model: 'anthropic.claude-v2:1' }));
  const count = p.countTokens(HI, { model: SONNET });
  p.close();
  for (const [call, what] of [[converse, 'chat'], [legacy, 'stream'], [count, 'countTokens']] as const) {
    await rejects(call, (e) => e instanceof ProviderError && e.code === 'ClosedError', what);
  }
  assert.is(seen.length, 0);
});
abort.run();

// ---------------------------------------------------------------------------------------------
const gateway = suite('gateway and endpoints');
gateway('gateway :: sent to the gateway layout, signed for the Bedrock host and path (emulator verifies)', async () => {
  const GW = 'https://gateway.ai.cloudflare.com/v1/acct/gw/aws-bedrock';
  const prefix = `${GW}/bedrock-runtime/us-east-1`;
  // the "gateway" forwards the signed request unchanged to Bedrock: rewrite the URL, keep every header
  const forward = (r: Request) => {
    assert.ok(r.url.startsWith(prefix + '/model/'), r.url);
    return new Request('https://bedrock-runtime.us-east-1.amazonaws.com' + r.url.slice(prefix.length), r);
  };
  const { p, seen } = rig({ endpoint: undefined, gateway: GW }, {}, forward);
  assert.is((await p.chat(HI, { model: SONNET })).content, 'Paris is the capital.');
  assert.ok(seen[0]!.url.startsWith(`${prefix}/model/anthropic.claude-3-5-sonnet-20241022-v2%3A0/invoke`));
  assert.is(text(await collect(p.stream(HI, { model: 'us.anthropic.claude-sonnet-4-20250514-v1:0' }))), 'Paris is the capital.');
  // signed for the gateway URL instead, the same forward fails the emulator's signature check
  const wrong = rig({ endpoint: GW + '/bedrock-runtime/us-east-1', gateway: undefined }, {}, forward);
  await rejects(wrong.p.chat(HI, { model: SONNET }), (e) => e instanceof AuthenticationError, 'signed for the gateway');
});
gateway('endpoint :: default regional host; FIPS; China; custom headers signed', async () => {
  const urls: string[] = [];
  const grab = (async (r: Request) => { urls.push(r.url); return new Response('{"inputTokens":3}'); }) as typeof fetch;
  for (const c of [{ region: 'us-west-2' }, { region: 'us-east-1', useFipsEndpoint: true }, { region: 'cn-north-1' }]) {
    await new BedrockProvider({ ...c, apiKey: 'k', fetch: grab }).countTokens(HI, { model: SONNET });
  }
  assert.equal(urls.map((u) => new URL(u).host), ['bedrock-runtime.us-west-2.amazonaws.com', 'bedrock-runtime-fips.us-east-1.amazonaws.com', 'bedrock-runtime.cn-north-1.amazonaws.com.cn']);
  const { p, seen } = rig({ headers: { 'X-Amzn-Bedrock-Trace': 'ENABLED' } });
  assert.ok((await p.chat(HI, { model: SONNET })).content);
  assert.is(seen[0]!.headers.get('x-amzn-bedrock-trace'), 'ENABLED');
  assert.match(seen[0]!.headers.get('authorization')!, /x-amzn-bedrock-trace/);
});
gateway.run();

// ---------------------------------------------------------------------------------------------
const frames = suite('stream frames (hand-built)');
const enc = (o: unknown) => new TextEncoder().encode(typeof o === 'string' ? o : JSON.stringify(o));
const b64 = (o: unknown) => btoa(String.fromCharCode(...enc(o)));
const chunk = (payload: unknown) => encodeMessage({ headers: { ':message-type': 'event', ':event-type': 'chunk', ':content-type': 'application/json' }, payload: enc(payload) });
const CLAUDE = [
  { type: 'message_start', message: { id: 'msg_1', model: 'claude', usage: { input_tokens: 3, output_tokens: 0 } } },
  { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'héllo ✓ ' } },
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'plain' } },
  { type: 'content_block_stop', index: 0 },
  { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 2 } },
  { type: 'message_stop' },
];
function served(...parts: Uint8Array[]) {
  const body = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { body.set(p, o); o += p.length; }
  return new BedrockProvider({ region: 'us-east-1', apiKey: 'k', maxRetries: 0, fetch: (async () => new Response(body)) as typeof fetch });
}
frames('stream :: padding first, non-ASCII text, UTF-8 intact', async () => {
  const p = served(...CLAUDE.map((e, i) => chunk(i % 2 ? { p: 'abcdef', bytes: b64(e) } : { bytes: b64(e), p: 'x' })));
  const events = await collect(p.stream(HI, { model: SONNET }));
  assert.is(text(events), 'héllo ✓ plain');
  assert.is(events[events.length - 1]!.type, 'content_end');
});
frames('stream :: text deltas in any JSON form decode like JSON.parse (fast path and fallback)', async () => {
  const texts = ['a "quoted" word', 'back\\slash', 'tab\there', 'plain', 'ünï ✓', '', '}}'];
  const raw = [
    '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"plain"}}',
    '{"index":0,"type":"content_block_delta","delta":{"text":"reordered","type":"text_delta"}}',
    '{"type":"content_block_delta","index":00,"delta":{"type":"text_delta","text":"x"}}'.replace('00', '0'),
    '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"esc\\u0041\\"q"}}',
  ];
  const events = [CLAUDE[0], CLAUDE[1], ...texts.map((text) => ({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } }))];
  const body = [...events.map((e) => chunk({ bytes: b64(e) })), ...raw.map((r) => chunk({ bytes: b64(r) })), ...CLAUDE.slice(4).map((e) => chunk({ bytes: b64(e) }))];
  const got = await collect(served(...body).stream(HI, { model: SONNET }));
  assert.is(text(got), texts.join('') + raw.map((r) => (JSON.parse(r) as { delta: { text: string } }).delta.text).join(''));
});
frames('stream :: bad base64 / bad JSON → StreamError', async () => {
  await rejects(collect(served(chunk({ bytes: '@@@' })).stream(HI, { model: SONNET })), (e) => e instanceof StreamError && /base64/.test(e.message), 'b64');
  await rejects(collect(served(chunk('{"bytes": nope')).stream(HI, { model: SONNET })), (e) => e instanceof StreamError && /unreadable "chunk"/.test(e.message), 'json');
  await rejects(collect(served(chunk({ bytes: btoa('{not json') })).stream(HI, { model: SONNET })), (e) => e instanceof StreamError, 'inner json');
});
frames('stream :: exception and error frames → typed errors; unknown events ignored', async () => {
  const other = encodeMessage({ headers: { ':message-type': 'event', ':event-type': 'somethingNew' }, payload: enc({}) });
  const exc = encodeMessage({ headers: { ':message-type': 'exception', ':exception-type': 'validationException' }, payload: enc('not json at all') });
  const e1 = await rejects(collect(served(other, exc).stream(HI, { model: SONNET })), (e) => e instanceof ValidationError, 'exception') as Error;
  assert.match(e1.message, /not json at all/);
  const err = encodeMessage({ headers: { ':message-type': 'error', ':error-code': 'InternalFailure', ':error-message': 'oops' }, payload: new Uint8Array() });
  await rejects(collect(served(err).stream(HI, { model: SONNET })), (e) => e instanceof ProviderError && /oops/.test(e.message), 'error frame');
  const bare = encodeMessage({ headers: { ':message-type': 'error', ':error-code': 'InternalFailure' }, payload: new Uint8Array() });
  await rejects(collect(served(bare).stream(HI, { model: SONNET })), (e) => e instanceof ProviderError, 'error frame without message');
  await rejects(collect(served(chunk({ nobytes: 1 })).stream(HI, { model: SONNET })), (e) => e instanceof StreamError, 'no bytes → truncated');
});
frames('stream :: a 200 that is not an event stream (captive portal) → ProviderError InvalidResponse, not a StreamError', async () => {
  const page = '<!doctype html><html><title>Welcome to Airport Wi-Fi</title><body>Accept the terms to continue</body></html>';
  const portal = new BedrockProvider({ region: 'us-east-1', apiKey: 'k', fetch: (async () => new Response(page, { headers: { 'content-type': 'text/html' } })) as typeof fetch });
  const e = await rejects(collect(portal.stream(HI, { model: SONNET })), (e) => e instanceof ProviderError && !(e instanceof StreamError) && e.code === 'InvalidResponse', 'portal') as Error;
  assert.is(e.message, `expected application/vnd.amazon.eventstream, got text/html: ${JSON.stringify(page.slice(0, 80))}`);
  const converse = await rejects(collect(portal.stream(HI, { model: 'meta.llama3-1-70b-instruct-v1:0' })), (e) => e instanceof ProviderError && e.code === 'InvalidResponse', 'converse-stream');
  assert.ok(converse);
});
frames('index :: public exports', () => {
  assert.is(index.BedrockProvider, BedrockProvider);
  assert.is(index.mergeWithEnvironment, mergeWithEnvironment);
  for (const name of ['sign', 'presign', 'encodeMessage', 'decodeEventStream', 'EventStreamDecoder', 'crc32', 'createBedrockToken', 'ProviderError', 'RateLimitError', 'isRateLimitError']) {
    assert.type((index as Record<string, unknown>)[name], 'function', name);
  }
  // emulator, proxy and credential providers are subpath exports only (kept out of the root for size and startup)
  for (const name of ['createEmulator', 'createProxy', 'defaultChain', 'fromEnv', 'memoize']) assert.is((index as Record<string, unknown>)[name], undefined, name);
});
frames('index :: sign, presign and createBedrockToken load ./sigv4 and ./token on first call and answer as they do', async () => {
  const request = { method: 'POST', url: 'https://bedrock-runtime.us-east-1.amazonaws.com/model/m/invoke', headers: { 'content-type': 'application/json' }, body: '{}' };
  const options = { region: 'us-east-1', service: 'bedrock', credentials: EXAMPLE_CREDENTIALS, date: new Date('2026-01-02T03:04:05Z') };
  assert.equal([...await index.sign(request, options)], [...await sigv4.sign(request, options)]);
  assert.is(String(await index.presign(request, options)), String(await sigv4.presign(request, options)));
  const token = { credentials: EXAMPLE_CREDENTIALS, region: 'us-east-1', date: options.date };
  assert.is(await index.createBedrockToken(token), await createBedrockToken(token));
  await rejects(index.sign(request, { ...options, region: 'bad region' }), (e) => e instanceof ValidationError && (e as ValidationError).field === 'region', 'errors come through');
});
frames.run();
