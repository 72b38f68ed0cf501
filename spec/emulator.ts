import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import vectors from 'vectors:sigv4-vectors.json';
import captured from 'vectors:captured-requests.json';
import { createEmulator, countTokens, resolveModel, tokenize, EXAMPLE_CREDENTIALS, type EmulatorOptions } from '../lib/emulator.ts';
import { sign } from '../lib/sigv4.ts';
import { decodeEventStream } from '../lib/eventstream.ts';
import { fromBase64, fromUtf8 } from '../lib/bytes.ts';
import { StreamError, ValidationError } from '../lib/errors.ts';
import { throwsError } from './fixtures/helpers.ts';
import type { Credentials, EventStreamMessage } from '../lib/types.ts';

const HOST = 'https://bedrock-runtime.us-east-1.amazonaws.com';
const CLAUDE = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
const SECRET = EXAMPLE_CREDENTIALS.secretAccessKey;
const T0 = Date.parse('2025-01-02T03:04:05Z');
const fixed = (o: EmulatorOptions = {}): EmulatorOptions => ({ now: () => T0, ...o });

type Json = Record<string, any>;
interface SignedInit { credentials?: Credentials; region?: string; service?: string; date?: Date; headers?: Record<string, string> }

const path = (model: string, op: string): string => `/model/${encodeURIComponent(model)}/${op}`;

/** A request signed by our signer (for T0 unless `date`). */
async function signed(p: string, body: unknown, o: SignedInit = {}): Promise<Request> {
  const url = HOST + p;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const headers = await sign(
    { method: 'POST', url, headers: { 'content-type': 'application/json', ...o.headers }, body: text },
    { region: o.region ?? 'us-east-1', service: o.service ?? 'bedrock', credentials: o.credentials ?? EXAMPLE_CREDENTIALS, date: o.date ?? new Date(T0) },
  );
  return new Request(url, { method: 'POST', headers, body: text });
}

const messages = (text: string, extra: Json = {}): Json => ({
  anthropic_version: 'bedrock-2023-05-31', max_tokens: 100, messages: [{ role: 'user', content: text }], ...extra,
});
const converse = (text: string, extra: Json = {}): Json => ({ messages: [{ role: 'user', content: [{ text }] }], ...extra });

async function errorOf(res: Response): Promise<{ status: number; type: string; message: string }> {
  const body = (await res.json()) as Json;
  assert.is(res.headers.get('content-type'), 'application/json');
  assert.match(res.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  const type = res.headers.get('x-amzn-errortype') ?? '';
  assert.match(type, /^\w+:http:\/\/internal\.amazon\.com\/coral\/com\.amazon\.bedrock\/$/);
  return { status: res.status, type: type.split(':')[0]!, message: body.message ?? body.Message };
}

async function frames(res: Response): Promise<EventStreamMessage[]> {
  const out: EventStreamMessage[] = [];
  for await (const m of decodeEventStream(res.body!)) out.push(m);
  return out;
}
const json = (m: EventStreamMessage): Json => JSON.parse(fromUtf8(m.payload));
/** Claude events inside `chunk` frames. */
const chunks = (list: EventStreamMessage[]): Json[] => list.map((m) => JSON.parse(fromUtf8(fromBase64(json(m).bytes))));

// ---------------------------------------------------------------------------------------------------------
const tok = suite('tokenize');

tok('tokenize :: words and punctuation, whitespace kept', () => {
  assert.equal(tokenize('Hello, world!'), ['Hello', ',', ' world', '!']);
  assert.is(tokenize('  a  b  ').join(''), '  a  b  ');
  assert.equal(tokenize('   '), ['   ']);
  assert.equal(tokenize(''), []);
  assert.is(countTokens('Hello, world!'), 4);
  assert.is(countTokens('   '), 0);
  assert.is(countTokens('héllo wörld 42_x'), 3);
});

tok.run();

// ---------------------------------------------------------------------------------------------------------
const model = suite('resolveModel');

model('resolveModel :: ids, profiles and ARNs', () => {
  assert.is(resolveModel(CLAUDE), CLAUDE);
  assert.is(resolveModel('us.anthropic.claude-sonnet-4-20250514-v1:0'), 'anthropic.claude-sonnet-4-20250514-v1:0');
  assert.is(resolveModel('global.anthropic.claude-sonnet-4-5-20250929-v1:0'), 'anthropic.claude-sonnet-4-5-20250929-v1:0');
  assert.is(resolveModel('arn:aws:bedrock:us-east-1:123456789012:inference-profile/eu.meta.llama3-2-1b-instruct-v1:0'), 'meta.llama3-2-1b-instruct-v1:0');
  assert.is(resolveModel('arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0'), 'amazon.nova-pro-v1:0');
  assert.is(resolveModel('arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123'), 'anthropic.application-profile');
  assert.is(resolveModel('mistral.mistral-large-2402-v1:0'), 'mistral.mistral-large-2402-v1:0');
  assert.is(resolveModel('acme.model-v1'), undefined);
  assert.is(resolveModel('anthropic'), undefined);
});

model.run();

// ---------------------------------------------------------------------------------------------------------
const opts = suite('createEmulator: options');
opts('createEmulator :: malformed options are ValidationErrors naming the field, never showing a secret', () => {
  const cases: Array<[unknown, string]> = [
    [null, 'options'], [{ region: 'nope nope' }, 'region'], [{ credentials: 'x' }, 'credentials'],
    [{ credentials: [{ accessKeyId: 'AKID', secretAccessKey: '' }] }, 'credentials'], [{ apiKeys: 'k' }, 'apiKeys'],
    [{ apiKeys: ['ok', ''] }, 'apiKeys'], [{ models: [1] }, 'models'], [{ reply: 5 }, 'reply'], [{ faults: 'x' }, 'faults'],
    [{ now: 1 }, 'now'], [{ batchEvents: 0 }, 'batchEvents'], [{ batchEvents: 1.5 }, 'batchEvents'],
  ];
  for (const [options, field] of cases) {
    const e = throwsError(() => createEmulator(options as EmulatorOptions), ValidationError);
    assert.is(e.field, field, JSON.stringify(options));
    assert.match(e.message, `createEmulator: ${field} must be`);
  }
  const e = throwsError(() => createEmulator({ credentials: { accessKeyId: 'AKID', secretAccessKey: 0 as unknown as string, sessionToken: 'TOPSECRET' } }), ValidationError);
  assert.not.match(JSON.stringify(e) + e.message, 'TOPSECRET');
  assert.ok(createEmulator({ region: 'eu-west-3', credentials: [EXAMPLE_CREDENTIALS], apiKeys: ['k'], models: ['m'], reply: 'hi', faults: {}, now: Date.now, batchEvents: 4 }));
});
opts('createEmulator :: credentials and apiKeys errors say what kind arrived, never the value', () => {
  const secret = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYzzzzzzzzzz';
  const pair = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: secret };
  const cases: Array<[EmulatorOptions, string, string]> = [
    [{ credentials: secret as never }, 'credentials', 'a string'],
    [{ credentials: null as never }, 'credentials', 'null'],
    [{ credentials: 7 as never }, 'credentials', 'a number'],
    [{ credentials: { accessKeyId: 'AKIDEXAMPLE' } as never }, 'credentials', 'an object without secretAccessKey'],
    [{ credentials: { secretAccessKey: secret } as never }, 'credentials', 'an object without accessKeyId'],
    [{ credentials: { ...pair, secretAccessKey: '' } }, 'credentials', 'an object with an empty string as secretAccessKey'],
    [{ credentials: { ...pair, accessKeyId: 42 as never } }, 'credentials', 'an object with a number as accessKeyId'],
    [{ credentials: [pair, secret] as never }, 'credentials', 'an array with a string at [1]'],
    [{ credentials: [pair, [pair]] as never }, 'credentials', 'an array with an array at [1]'],
    [{ credentials: [pair, { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: null }] as never }, 'credentials', 'an array with an object with null as secretAccessKey at [1]'],
    [{ apiKeys: secret as never }, 'apiKeys', 'a string'],
    [{ apiKeys: { key: secret } as never }, 'apiKeys', 'an object'],
    [{ apiKeys: [secret, 5] as never }, 'apiKeys', 'an array with a number at [1]'],
    [{ apiKeys: [secret, ''] }, 'apiKeys', 'an array with an empty string at [1]'],
    [{ apiKeys: [undefined] as never }, 'apiKeys', 'an array with undefined at [0]'],
  ];
  for (const [options, field, got] of cases) {
    const e = throwsError(() => createEmulator(options), ValidationError);
    assert.is(e.field, field);
    assert.ok(e.message.endsWith(`, got ${got}`), e.message);
    assert.not.match(e.message, 'something else');
    assert.not.ok(JSON.stringify(e).includes(secret) || e.message.includes(secret));
  }
});
opts.run();

const sig = suite('createEmulator: SigV4');

sig('createEmulator :: accepts botocore-signed requests (vectors)', async () => {
  for (const name of ['plain-id', 'arn']) {
    const v = vectors[name];
    const emu = createEmulator(fixed());
    const res = await emu.fetch(new Request(v.url, { method: 'POST', headers: v.headers, body: v.body }));
    assert.is(res.status, 200, name);
    assert.is(emu.requests[0]!.keyId, 'AKIDEXAMPLE');
    assert.is(emu.requests[0]!.model, v.modelId);
  }
});

sig('createEmulator :: accepts botocore-captured Converse, ConverseStream, CountTokens (us-west-2)', async () => {
  const emu = createEmulator(fixed({ region: 'us-west-2' }));
  for (const name of ['Converse', 'ConverseStream', 'CountTokens.invokeModel', 'CountTokens.converse']) {
    const c = captured[name];
    const res = await emu.fetch(new Request(c.url, { method: c.method, headers: c.headers, body: c.body }));
    assert.is(res.status, 200, name);
    await res.arrayBuffer();
  }
  assert.equal(emu.counts, { InvokeModel: 0, InvokeModelWithResponseStream: 0, Converse: 1, ConverseStream: 1, CountTokens: 2 });
});

sig('createEmulator :: a tampered body or path fails the signature', async () => {
  const v = vectors['plain-id'];
  const emu = createEmulator(fixed());
  const body = v.body.replace('Hi', 'Ho');
  let e = await errorOf(await emu.fetch(new Request(v.url, { method: 'POST', headers: v.headers, body })));
  assert.equal(e, {
    status: 403, type: 'InvalidSignatureException',
    message: 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  });
  e = await errorOf(await emu.fetch(new Request(v.url.replace('%3A0', '%3A1'), { method: 'POST', headers: v.headers, body: v.body })));
  assert.is(e.type, 'InvalidSignatureException');
});

sig('createEmulator :: wrong secret → InvalidSignatureException', async () => {
  const emu = createEmulator(fixed());
  const req = await signed(path(CLAUDE, 'invoke'), messages('Hi'), { credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wrong' } });
  const e = await errorOf(await emu.fetch(req));
  assert.is(e.status, 403);
  assert.is(e.type, 'InvalidSignatureException');
  assert.ok(!JSON.stringify(emu.requests).includes(SECRET));
});

sig('createEmulator :: unknown key → UnrecognizedClientException', async () => {
  const emu = createEmulator(fixed());
  const req = await signed(path(CLAUDE, 'invoke'), messages('Hi'), { credentials: { accessKeyId: 'AKIDOTHER', secretAccessKey: SECRET } });
  assert.equal(await errorOf(await emu.fetch(req)), { status: 403, type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' });
});

sig('createEmulator :: no Authorization → MissingAuthenticationTokenException', async () => {
  const emu = createEmulator(fixed());
  const res = await emu.fetch(new Request(HOST + path(CLAUDE, 'invoke'), { method: 'POST', body: '{}' }));
  assert.equal(await errorOf(res), { status: 403, type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
  assert.is(emu.requests[0]!.status, 403);
  assert.is(emu.requests[0]!.error, 'MissingAuthenticationTokenException');
});

sig('createEmulator :: signature outside ±15 minutes → AWS wording', async () => {
  const emu = createEmulator({ now: () => Date.parse('2015-08-30T12:51:00Z') });
  let req = await signed(path(CLAUDE, 'invoke'), messages('Hi'), { date: new Date('2015-08-30T12:36:00Z') });
  assert.is((await emu.fetch(req)).status, 200, 'exactly 15 minutes is still accepted');
  req = await signed(path(CLAUDE, 'invoke'), messages('Hi'), { date: new Date('2015-08-30T12:35:59Z') });
  let e = await errorOf(await emu.fetch(req));
  assert.is(e.type, 'InvalidSignatureException');
  assert.is(e.message, 'Signature expired: 20150830T123559Z is now earlier than 20150830T123600Z (20150830T125100Z - 15 min.)');
  req = await signed(path(CLAUDE, 'invoke'), messages('Hi'), { date: new Date('2015-08-30T13:06:01Z') });
  e = await errorOf(await emu.fetch(req));
  assert.is(e.message, 'Signature not yet current: 20150830T130601Z is still later than 20150830T130600Z (20150830T125100Z + 15 min.)');
  req = await signed(path(CLAUDE, 'invoke'), messages('Hi'), { date: new Date('2015-08-30T13:06:00Z') });
  assert.is((await emu.fetch(req)).status, 200);
});

sig('createEmulator :: wrong region or service in the scope', async () => {
  const emu = createEmulator(fixed());
  let e = await errorOf(await emu.fetch(await signed(path(CLAUDE, 'invoke'), messages('Hi'), { region: 'eu-west-1' })));
  assert.equal(e, { status: 403, type: 'InvalidSignatureException', message: 'Credential should be scoped to a valid region. ' });
  e = await errorOf(await emu.fetch(await signed(path(CLAUDE, 'invoke'), messages('Hi'), { service: 'bedrock-runtime' })));
  assert.equal(e, { status: 403, type: 'InvalidSignatureException', message: "Credential should be scoped to correct service: 'bedrock'. " });
});

sig('createEmulator :: malformed or incomplete Authorization headers', async () => {
  const emu = createEmulator(fixed());
  const good = await signed(path(CLAUDE, 'invoke'), messages('Hi'));
  const auth = good.headers.get('authorization')!;
  const variant = (h: Record<string, string | null>): Request => {
    const headers = new Headers(good.headers);
    for (const [k, v] of Object.entries(h)) v === null ? headers.delete(k) : headers.set(k, v);
    return new Request(good.url, { method: 'POST', headers, body: JSON.stringify(messages('Hi')) });
  };
  const cases: Array<[Record<string, string | null>, string, string]> = [
    [{ authorization: 'Basic abc' }, 'IncompleteSignatureException', "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter."],
    [{ authorization: auth.replace(/, Signature=\w+/, '') }, 'IncompleteSignatureException', "Authorization header requires 'Signature' parameter."],
    [{ authorization: auth.replace('SignedHeaders=content-type;host;', 'SignedHeaders=content-type;') }, 'IncompleteSignatureException', "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."],
    [{ 'x-amz-date': null }, 'IncompleteSignatureException', "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."],
    [{ authorization: auth.replace(';x-amz-date', '') }, 'IncompleteSignatureException', "'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization."],
    [{ authorization: auth.replace('aws4_request', 'aws5_request') }, 'IncompleteSignatureException', "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. "],
    [{ authorization: auth.replace('/20250102/', '/20250103/') }, 'InvalidSignatureException', "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20250103' != '20250102', from '20250102T030405Z'."],
    [{ 'x-amz-date': '2025-01-02T03:04:05Z' }, 'InvalidSignatureException', "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20250102' != '2025-01-', from '2025-01-02T03:04:05Z'."],
    [{ 'x-amz-date': '20250102T030405Z', authorization: auth.replace(/Signature=\w+/, 'Signature=' + '0'.repeat(64)) }, 'InvalidSignatureException', 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.'],
  ];
  for (const [h, type, message] of cases) assert.equal(await errorOf(await emu.fetch(variant(h))), { status: 403, type, message }, JSON.stringify(h));
  const bad = new Headers(good.headers);
  bad.set('x-amz-date', '20250102X030405Z');
  bad.set('authorization', auth.replace('/20250102/', '/20250102/'));
  const e = await errorOf(await emu.fetch(new Request(good.url, { method: 'POST', headers: bad, body: '{}' })));
  assert.is(e.message, "Date must be in ISO-8601 'basic format'. Got '20250102X030405Z'.");
});

sig('createEmulator :: session tokens', async () => {
  const withToken = { ...EXAMPLE_CREDENTIALS, sessionToken: 'SESSION-TOKEN-1' };
  const emu = createEmulator(fixed({ credentials: [withToken, { accessKeyId: 'AKIDPLAIN', secretAccessKey: 'plain' }] }));
  assert.is((await emu.fetch(await signed(path(CLAUDE, 'invoke'), messages('Hi'), { credentials: withToken }))).status, 200);
  const wrong = await signed(path(CLAUDE, 'invoke'), messages('Hi'), { credentials: { ...withToken, sessionToken: 'OTHER' } });
  assert.is((await errorOf(await emu.fetch(wrong))).type, 'UnrecognizedClientException');
  const none = await signed(path(CLAUDE, 'invoke'), messages('Hi'), { credentials: EXAMPLE_CREDENTIALS });
  assert.is((await errorOf(await emu.fetch(none))).type, 'UnrecognizedClientException');
  const extra = await signed(path(CLAUDE, 'invoke'), messages('Hi'), { credentials: { accessKeyId: 'AKIDPLAIN', secretAccessKey: 'plain', sessionToken: 'X' } });
  assert.is((await errorOf(await emu.fetch(extra))).type, 'UnrecognizedClientException');
  assert.ok(!JSON.stringify(emu.requests).includes('SESSION-TOKEN-1'));
});

sig.run();

// ---------------------------------------------------------------------------------------------------------
const bearer = suite('createEmulator: bearer keys');
const minted = vectors['bedrock-api-key'];
const call = (emu: ReturnType<typeof createEmulator>, key: string): Promise<Response> =>
  emu.fetch(new Request(HOST.replace('us-east-1', 'us-west-2') + path(CLAUDE, 'invoke'), {
    method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(messages('Hi')),
  }));

bearer('createEmulator :: static apiKeys', async () => {
  const emu = createEmulator(fixed({ apiKeys: ['k-123'], region: 'us-west-2' }));
  assert.is((await call(emu, 'k-123')).status, 200);
  assert.is(emu.requests[0]!.auth, 'bearer');
  const res = await call(emu, 'k-124');
  assert.is(res.status, 403);
  assert.equal(await res.json(), { Message: 'Authentication failed: Please make sure your API Key is valid.' });
  assert.match(res.headers.get('x-amzn-errortype')!, /^AccessDeniedException:/);
});

bearer('createEmulator :: minted bedrock-api-key (botocore vector) until it expires', async () => {
  let now = T0 + 60_000;
  const emu = createEmulator({ region: 'us-west-2', now: () => now });
  assert.is((await call(emu, minted.token)).status, 200);
  assert.is(emu.requests[0]!.keyId, 'AKIDEXAMPLE');
  now = T0 + 43_200_000;
  assert.is((await call(emu, minted.token)).status, 200);
  now = T0 + 43_201_000;
  assert.is((await call(emu, minted.token)).status, 403);
  now = T0;
  assert.is((await call(createEmulator({ region: 'us-east-1', now: () => now }), minted.token)).status, 403, 'other region');
  assert.is((await call(createEmulator({ region: 'us-west-2', now: () => now, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' } }), minted.token)).status, 403, 'other secret');
  const tampered = 'bedrock-api-key-' + btoa(atob(minted.token.slice(16)).replace('X-Amz-Expires=43200', 'X-Amz-Expires=43199'));
  assert.is((await call(emu, tampered)).status, 403, 'tampered');
  assert.is((await call(emu, 'bedrock-api-key-%%%')).status, 403, 'garbage');
  assert.is((await call(emu, 'bedrock-api-key-' + btoa('bedrock.amazonaws.com/?Action=Other'))).status, 403, 'other action');
});

bearer.run();

// ---------------------------------------------------------------------------------------------------------
const routes = suite('createEmulator: routes and models');

routes('createEmulator :: unknown operation or method → 404 UnknownOperationException', async () => {
  const emu = createEmulator(fixed());
  assert.is((await errorOf(await emu.fetch(await signed(path(CLAUDE, 'explode'), {})))).type, 'UnknownOperationException');
  assert.is((await errorOf(await emu.fetch(new Request(HOST + path(CLAUDE, 'invoke'))))).status, 404);
  assert.is((await errorOf(await emu.fetch(new Request(HOST + '/')))).status, 404);
});

routes('createEmulator :: unknown or unlisted model → 404 ResourceNotFoundException', async () => {
  let emu = createEmulator(fixed());
  const e = await errorOf(await emu.fetch(await signed(path('acme.thing-v1', 'invoke'), messages('Hi'))));
  assert.equal(e, { status: 404, type: 'ResourceNotFoundException', message: 'Could not resolve the foundation model from the provided model identifier.' });
  emu = createEmulator(fixed({ models: ['anthropic.claude-3-haiku-20240307-v1:0'] }));
  assert.is((await emu.fetch(await signed(path(CLAUDE, 'invoke'), messages('Hi')))).status, 404);
  assert.is((await emu.fetch(await signed(path('us.anthropic.claude-3-haiku-20240307-v1:0', 'invoke'), messages('Hi')))).status, 200);
});

routes('createEmulator :: ARN model id, percent-decoded', async () => {
  const emu = createEmulator(fixed());
  const arn = 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-20250514-v1:0';
  const res = await emu.fetch(await signed(path(arn, 'invoke'), messages('Hi')));
  assert.is(res.status, 200);
  assert.is(((await res.json()) as Json).model, 'claude-sonnet-4-20250514');
  assert.is(emu.requests[0]!.model, arn);
});

routes.run();

// ---------------------------------------------------------------------------------------------------------
const invoke = suite('createEmulator: InvokeModel');

invoke('createEmulator :: Claude Messages reply, honest usage, headers', async () => {
  const emu = createEmulator(fixed());
  const body = messages('What is the capital of France?', { system: 'Be brief.' });
  const res = await emu.fetch(await signed(path(CLAUDE, 'invoke'), body));
  const out = (await res.json()) as Json;
  assert.is(out.type, 'message');
  assert.is(out.role, 'assistant');
  assert.is(out.model, 'claude-3-5-sonnet-20241022');
  assert.equal(out.content, [{ type: 'text', text: 'Echo: What is the capital of France?' }]);
  assert.is(out.stop_reason, 'end_turn');
  assert.is(out.stop_sequence, null);
  const input = countTokens('Be brief.') + countTokens('What is the capital of France?');
  assert.equal(out.usage, { input_tokens: input, output_tokens: countTokens('Echo: What is the capital of France?') });
  assert.is(res.headers.get('x-amzn-bedrock-input-token-count'), String(input));
  assert.is(res.headers.get('x-amzn-bedrock-output-token-count'), String(out.usage.output_tokens));
  assert.match(res.headers.get('x-amzn-bedrock-invocation-latency')!, /^\d+$/);
  assert.is(res.headers.get('x-amzn-requestid'), emu.requests[0]!.requestId);
  assert.is(res.headers.get('date'), new Date(T0).toUTCString());
  assert.is(emu.calls, 1);
});

invoke('createEmulator :: reply option, block content, maxTokens and stop sequences', async () => {
  const emu = createEmulator(fixed({ reply: ({ prompt, system, model }) => `${system}|${prompt}|${model} one two three END four` }));
  const text = (blocks: string): Json => ({ role: 'user', content: [{ type: 'text', text: blocks }, { type: 'image', source: {} }] });
  let out = (await (await emu.fetch(await signed(path(CLAUDE, 'invoke'), { ...messages(''), system: [{ type: 'text', text: 'S' }], messages: [text('P')] }))).json()) as Json;
  assert.is(out.content[0].text, `S|P|${CLAUDE} one two three END four`);
  assert.is(out.usage.input_tokens, 1 + 1 + 1);
  out = (await (await emu.fetch(await signed(path(CLAUDE, 'invoke'), messages('P', { stop_sequences: ['END', 'two'] })))).json()) as Json;
  assert.is(out.content[0].text, `|P|${CLAUDE} one `);
  assert.is(out.stop_reason, 'stop_sequence');
  assert.is(out.stop_sequence, 'two');
  out = (await (await emu.fetch(await signed(path(CLAUDE, 'invoke'), messages('P', { max_tokens: 3 })))).json()) as Json;
  assert.is(out.content[0].text, '|P|');
  assert.is(out.stop_reason, 'max_tokens');
  assert.is(out.usage.output_tokens, 3);
  const fixedReply = createEmulator(fixed({ reply: 'Paris.' }));
  out = (await (await fixedReply.fetch(await signed(path(CLAUDE, 'invoke'), messages('?')))).json()) as Json;
  assert.is(out.content[0].text, 'Paris.');
});

invoke('createEmulator :: Bedrock validation errors for Messages bodies', async () => {
  const emu = createEmulator(fixed());
  const cases: Array<[unknown, string]> = [
    [messages('Hi', { model: 'x' }), 'Malformed input request: #: extraneous key [model] is not permitted, please reformat your input and try again.'],
    [messages('Hi', { stream: true }), 'Malformed input request: #: extraneous key [stream] is not permitted, please reformat your input and try again.'],
    [{ max_tokens: 1, messages: [] }, 'Malformed input request: #: required key [anthropic_version] not found, please reformat your input and try again.'],
    [messages('Hi', { anthropic_version: 'bedrock-2023-05-32' }), 'invalid anthropic_version, expected "bedrock-2023-05-31"'],
    [{ anthropic_version: 'bedrock-2023-05-31', messages: [] }, 'Malformed input request: #: required key [max_tokens] not found, please reformat your input and try again.'],
    [messages('Hi', { max_tokens: 0 }), 'max_tokens: Input should be greater than or equal to 1'],
    [messages('Hi', { messages: 'x' }), 'Malformed input request: #: required key [messages] not found, please reformat your input and try again.'],
    [messages('Hi', { messages: [] }), 'messages: at least one message is required'],
    [messages('Hi', { messages: [{ role: 'bot', content: 'x' }] }), 'Malformed input request: #/messages/0/role: bot is not a valid enum value, please reformat your input and try again.'],
    ['not json', 'Malformed input request, please reformat your input and try again.'],
    ['[1]', 'Malformed input request, please reformat your input and try again.'],
    [{ prompt: '\n\nHuman: hi\n\nAssistant:', max_tokens_to_sample: 5 }, '"claude-3-5-sonnet-20241022" is not supported on this API. Please use the Messages API instead.'],
  ];
  for (const [body, message] of cases) {
    assert.equal(await errorOf(await emu.fetch(await signed(path(CLAUDE, 'invoke'), body))), { status: 400, type: 'ValidationException', message });
  }
  assert.is(emu.counts.InvokeModel, 0);
});

invoke('createEmulator :: tool use on the trigger phrase, forced tools, tool_choice none', async () => {
  const emu = createEmulator(fixed());
  const tools = [{ name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' }, metric: { type: 'boolean' }, tags: { type: 'array' }, where: { type: 'object', properties: { lat: { type: 'number' } } }, x: {} } } }, { name: 'other', input_schema: {} }];
  let out = (await (await emu.fetch(await signed(path(CLAUDE, 'invoke'), messages('Please USE TOOL now', { tools })))).json()) as Json;
  assert.is(out.stop_reason, 'tool_use');
  assert.is(out.content[0].type, 'text');
  assert.equal(out.content[1], { type: 'tool_use', id: out.content[1].id, name: 'get_weather', input: { city: 'example', days: 1, metric: true, tags: [], where: { lat: 1 }, x: null } });
  assert.match(out.content[1].id, /^toolu_/);
  assert.ok(out.usage.input_tokens > countTokens('Please USE TOOL now'));
  out = (await (await emu.fetch(await signed(path(CLAUDE, 'invoke'), messages('hi', { tools, tool_choice: { type: 'tool', name: 'other' } })))).json()) as Json;
  assert.equal(out.content[1].name, 'other');
  out = (await (await emu.fetch(await signed(path(CLAUDE, 'invoke'), messages('hi', { tools, tool_choice: { type: 'any' } })))).json()) as Json;
  assert.equal(out.content[1].name, 'get_weather');
  out = (await (await emu.fetch(await signed(path(CLAUDE, 'invoke'), messages('use tool', { tools, tool_choice: { type: 'none' } })))).json()) as Json;
  assert.is(out.stop_reason, 'end_turn');
  out = (await (await emu.fetch(await signed(path(CLAUDE, 'invoke'), messages('hi', { tools })))).json()) as Json;
  assert.is(out.stop_reason, 'end_turn');
});

invoke('createEmulator :: tool results and history count toward the prompt', async () => {
  const emu = createEmulator(fixed());
  const body = messages('', {
    messages: [
      { role: 'user', content: 'use tool' },
      { role: 'assistant', content: [{ type: 'thinking', thinking: 'hmm ok', signature: 's' }, { type: 'tool_use', id: 't1', name: 'f', input: { a: 1 } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: [{ type: 'text', text: 'sunny' }] }, { type: 'tool_result', tool_use_id: 't1', content: 'warm' }, 7] },
    ],
  });
  const out = (await (await emu.fetch(await signed(path(CLAUDE, 'invoke'), body))).json()) as Json;
  const expected = 2 + 2 + countTokens('f') + countTokens('{"a":1}') + 1 + 1;
  assert.is(out.usage.input_tokens, expected);
  assert.is(out.content[0].text, 'Echo: ');
});

invoke('createEmulator :: thinking block first', async () => {
  const emu = createEmulator(fixed());
  const out = (await (await emu.fetch(await signed(path(CLAUDE, 'invoke'), messages('Why?', { max_tokens: 2000, thinking: { type: 'enabled', budget_tokens: 1024 } })))).json()) as Json;
  assert.is(out.content[0].type, 'thinking');
  assert.is(out.content[0].thinking, 'Thinking about: Why?');
  assert.ok(out.content[0].signature);
  assert.is(out.content[1].text, 'Echo: Why?');
  assert.is(out.usage.output_tokens, countTokens('Thinking about: Why?') + countTokens('Echo: Why?'));
});

invoke('createEmulator :: legacy text completions (claude-v2, instant)', async () => {
  const emu = createEmulator(fixed());
  const prompt = 'Be nice.\n\nHuman: Hello there\n\nAssistant:';
  let res = await emu.fetch(await signed(path('anthropic.claude-v2:1', 'invoke'), { prompt, max_tokens_to_sample: 50 }));
  assert.equal(await res.json(), { type: 'completion', completion: 'Echo: Hello there', stop_reason: 'stop_sequence', stop: '\n\nHuman:' });
  res = await emu.fetch(await signed(path('anthropic.claude-instant-v1', 'invoke'), { prompt, max_tokens_to_sample: 2, stop_sequences: ['\n\nHuman:'] }));
  assert.equal(await res.json(), { type: 'completion', completion: 'Echo:', stop_reason: 'max_tokens', stop: null });
  assert.is(res.headers.get('x-amzn-bedrock-input-token-count'), String(countTokens(prompt)));
  const bad: Array<[Json, string]> = [
    [{ max_tokens_to_sample: 5 }, 'Malformed input request: #: required key [prompt] not found, please reformat your input and try again.'],
    [{ prompt }, 'Malformed input request: #: required key [max_tokens_to_sample] not found, please reformat your input and try again.'],
    [{ prompt: 'hi\n\nAssistant:', max_tokens_to_sample: 5 }, 'prompt must contain "Human:" turn'],
    [{ prompt: '\n\nHuman: hi', max_tokens_to_sample: 5 }, 'prompt must end with "Assistant:" turn'],
  ];
  for (const [body, message] of bad) assert.is((await errorOf(await emu.fetch(await signed(path('anthropic.claude-v2', 'invoke'), body)))).message, message);
  // claude-v2 also takes Messages bodies
  assert.is((await emu.fetch(await signed(path('anthropic.claude-v2', 'invoke'), messages('x')))).status, 200);
});

invoke('createEmulator :: non-Anthropic InvokeModel → 400', async () => {
  const emu = createEmulator(fixed());
  const e = await errorOf(await emu.fetch(await signed(path('meta.llama3-8b-instruct-v1:0', 'invoke'), { prompt: 'hi' })));
  assert.is(e.status, 400);
  assert.is(e.type, 'ValidationException');
});

invoke.run();

// ---------------------------------------------------------------------------------------------------------
const stream = suite('createEmulator: InvokeModelWithResponseStream');

stream('createEmulator :: real frames, one delta per token, metrics last', async () => {
  const emu = createEmulator(fixed());
  const res = await emu.fetch(await signed(path(CLAUDE, 'invoke-with-response-stream'), messages('Hello, streaming world!'), { headers: { 'x-amzn-bedrock-accept': 'application/json' } }));
  assert.is(res.status, 200);
  assert.is(res.headers.get('content-type'), 'application/vnd.amazon.eventstream');
  const list = await frames(res);
  for (const m of list) {
    assert.equal(m.headers, { ':event-type': 'chunk', ':content-type': 'application/json', ':message-type': 'event' });
    const p = json(m).p;
    assert.match(p, /^[a-zA-Z0-9]+$/);
  }
  const events = chunks(list);
  assert.equal(events.map((e) => e.type), [
    'message_start', 'content_block_start', ...Array(countTokens('Echo: Hello, streaming world!')).fill('content_block_delta'),
    'content_block_stop', 'message_delta', 'message_stop',
  ]);
  const text = events.filter((e) => e.type === 'content_block_delta').map((e) => e.delta.text).join('');
  assert.is(text, 'Echo: Hello, streaming world!');
  assert.is(events[0]!.message.usage.input_tokens, countTokens('Hello, streaming world!'));
  const last = events.at(-1)!['amazon-bedrock-invocationMetrics'];
  assert.is(last.inputTokenCount, countTokens('Hello, streaming world!'));
  assert.is(last.outputTokenCount, countTokens('Echo: Hello, streaming world!'));
  assert.type(last.invocationLatency, 'number');
  assert.type(last.firstByteLatency, 'number');
  assert.is(events.at(-2)!.usage.output_tokens, last.outputTokenCount);
  assert.is(events.at(-2)!.delta.stop_reason, 'end_turn');
  assert.is(emu.counts.InvokeModelWithResponseStream, 1);
});

stream('createEmulator :: tool use and thinking streamed', async () => {
  const emu = createEmulator(fixed());
  const tools = [{ name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }];
  const res = await emu.fetch(await signed(path(CLAUDE, 'invoke-with-response-stream'), messages('use tool', { tools, max_tokens: 3000, thinking: { type: 'enabled', budget_tokens: 1024 } })));
  const events = chunks(await frames(res));
  const starts = events.filter((e) => e.type === 'content_block_start').map((e) => e.content_block.type);
  assert.equal(starts, ['thinking', 'text', 'tool_use']);
  const thinking = events.filter((e) => e.delta?.type === 'thinking_delta').map((e) => e.delta.thinking).join('');
  assert.is(thinking, 'Thinking about: use tool');
  assert.ok(events.some((e) => e.delta?.type === 'signature_delta'));
  const json = events.filter((e) => e.delta?.type === 'input_json_delta').map((e) => e.delta.partial_json).join('');
  assert.equal(JSON.parse(json), { city: 'example' });
  assert.is(events.find((e) => e.type === 'message_delta')!.delta.stop_reason, 'tool_use');
});

stream('createEmulator :: legacy stream', async () => {
  const emu = createEmulator(fixed());
  const res = await emu.fetch(await signed(path('anthropic.claude-v2', 'invoke-with-response-stream'), { prompt: '\n\nHuman: Hi there\n\nAssistant:', max_tokens_to_sample: 100 }));
  const events = chunks(await frames(res));
  assert.is(events.map((e) => e.completion).join(''), 'Echo: Hi there');
  assert.is(events.at(-1)!.stop_reason, 'stop_sequence');
  assert.is(events.at(-1)!['amazon-bedrock-invocationMetrics'].outputTokenCount, 4);
});

stream.run();

// ---------------------------------------------------------------------------------------------------------
const conv = suite('createEmulator: Converse');

conv('createEmulator :: Converse reply and usage, every model family', async () => {
  const emu = createEmulator(fixed());
  for (const id of ['meta.llama3-8b-instruct-v1:0', 'us.amazon.nova-pro-v1:0', 'mistral.mistral-large-2402-v1:0', CLAUDE, 'deepseek.r1-v1:0', 'cohere.command-r-v1:0']) {
    const res = await emu.fetch(await signed(path(id, 'converse'), converse('Hi there', { system: [{ text: 'Be brief.' }], inferenceConfig: { maxTokens: 50 } })));
    const out = (await res.json()) as Json;
    assert.equal(out.output, { message: { role: 'assistant', content: [{ text: 'Echo: Hi there' }] } }, id);
    assert.is(out.stopReason, 'end_turn');
    assert.equal(out.usage, { inputTokens: 5, outputTokens: 4, totalTokens: 9 });
    assert.type(out.metrics.latencyMs, 'number');
  }
  assert.is(emu.counts.Converse, 6);
});

conv('createEmulator :: Converse tools, thinking, limits, errors', async () => {
  const emu = createEmulator(fixed());
  const toolConfig = { tools: [{ toolSpec: { name: 'get_weather', description: 'Weather', inputSchema: { json: { type: 'object', properties: { city: { type: 'string' } } } } } }] };
  let out = (await (await emu.fetch(await signed(path(CLAUDE, 'converse'), converse('use tool please', { toolConfig })))).json()) as Json;
  assert.is(out.stopReason, 'tool_use');
  assert.equal(out.output.message.content[1].toolUse.input, { city: 'example' });
  out = (await (await emu.fetch(await signed(path(CLAUDE, 'converse'), converse('x', { toolConfig: { ...toolConfig, toolChoice: { tool: { name: 'get_weather' } } } })))).json()) as Json;
  assert.is(out.stopReason, 'tool_use');
  out = (await (await emu.fetch(await signed(path(CLAUDE, 'converse'), converse('x', { toolConfig: { ...toolConfig, toolChoice: { any: {} } } })))).json()) as Json;
  assert.is(out.output.message.content[1].toolUse.name, 'get_weather');
  out = (await (await emu.fetch(await signed(path(CLAUDE, 'converse'), converse('Why', { additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: 1024 } } })))).json()) as Json;
  assert.equal(out.output.message.content[0].reasoningContent.reasoningText.text, 'Thinking about: Why');
  out = (await (await emu.fetch(await signed(path(CLAUDE, 'converse'), converse('a b c d', { inferenceConfig: { maxTokens: 2, stopSequences: ['zz'] } })))).json()) as Json;
  assert.is(out.stopReason, 'max_tokens');
  assert.is(out.usage.outputTokens, 2);
  const history = converse('', {
    messages: [
      { role: 'user', content: [{ text: 'hi' }, { image: { format: 'png', source: { bytes: 'AA==' } } }] },
      { role: 'assistant', content: [{ reasoningContent: { reasoningText: { text: 'think' } } }, { toolUse: { toolUseId: 't', name: 'f', input: {} } }] },
      { role: 'user', content: [{ toolResult: { toolUseId: 't', content: [{ text: 'sunny' }, { json: { t: 1 } }] } }] },
    ],
  });
  out = (await (await emu.fetch(await signed(path(CLAUDE, 'converse'), history))).json()) as Json;
  assert.is(out.usage.inputTokens, 1 + 1 + 1 + 1 + countTokens('{}') + 1 + countTokens('{"t":1}'));
  const e = await errorOf(await emu.fetch(await signed(path(CLAUDE, 'converse'), converse('x', { inferenceConfig: { maxTokens: 0 } }))));
  assert.match(e.message, /inferenceConfig\.maxTokens/);
  assert.is((await errorOf(await emu.fetch(await signed(path(CLAUDE, 'converse'), { messages: 'no' })))).status, 400);
});

conv('createEmulator :: ConverseStream events', async () => {
  const emu = createEmulator(fixed());
  const toolConfig = { tools: [{ toolSpec: { name: 'f', inputSchema: { json: { type: 'object', properties: { n: { type: 'number' } } } } } }] };
  const res = await emu.fetch(await signed(path('us.amazon.nova-pro-v1:0', 'converse-stream'), converse('Hi you', { additionalModelRequestFields: { thinking: { type: 'enabled' } } })));
  assert.is(res.headers.get('content-type'), 'application/vnd.amazon.eventstream');
  let list = await frames(res);
  const types = list.map((m) => m.headers[':event-type']);
  assert.is(types[0], 'messageStart');
  assert.equal(types.slice(-3), ['contentBlockStop', 'messageStop', 'metadata']);
  for (const m of list) assert.is(m.headers[':message-type'], 'event');
  const payloads = list.map(json);
  assert.ok(payloads.every((p) => typeof p.p === 'string'));
  const text = payloads.filter((p) => p.delta?.text !== undefined && p.contentBlockIndex === 1).map((p) => p.delta.text).join('');
  assert.is(text, 'Echo: Hi you');
  assert.ok(payloads.some((p) => p.delta?.reasoningContent?.signature));
  assert.equal(payloads.at(-1)!.usage, { inputTokens: 2, outputTokens: countTokens('Thinking about: Hi you') + 4, totalTokens: 2 + countTokens('Thinking about: Hi you') + 4 });
  list = await frames(await emu.fetch(await signed(path(CLAUDE, 'converse-stream'), converse('use tool', { toolConfig }))));
  const start = list.map(json).find((p) => p.start);
  assert.equal(start!.start, { toolUse: { toolUseId: start!.start.toolUse.toolUseId, name: 'f' } });
  assert.equal(JSON.parse(list.map(json).find((p) => p.delta?.toolUse)!.delta.toolUse.input), { n: 1 });
  assert.is(list.map(json).find((p) => p.stopReason)!.stopReason, 'tool_use');
});

conv.run();

// ---------------------------------------------------------------------------------------------------------
const count = suite('createEmulator: CountTokens');

count('createEmulator :: both input forms count like the invoke', async () => {
  const emu = createEmulator(fixed());
  const body = messages('How many tokens is this?', { system: 'Sys' });
  const b64 = btoa(JSON.stringify(body));
  let out = (await (await emu.fetch(await signed(path(CLAUDE, 'count-tokens'), { input: { invokeModel: { body: b64 } } }))).json()) as Json;
  assert.equal(out, { inputTokens: countTokens('How many tokens is this?') + 1 });
  out = (await (await emu.fetch(await signed(path(CLAUDE, 'count-tokens'), { input: { converse: { ...converse('How many tokens is this?'), system: [{ text: 'Sys' }] } } }))).json()) as Json;
  assert.equal(out, { inputTokens: countTokens('How many tokens is this?') + 1 });
  assert.is((await errorOf(await emu.fetch(await signed(path(CLAUDE, 'count-tokens'), { input: {} })))).status, 400);
  const bad = await errorOf(await emu.fetch(await signed(path(CLAUDE, 'count-tokens'), { input: { invokeModel: { body: '%%%' } } })));
  assert.is(bad.status, 400);
  assert.match(bad.message, /^Malformed input request: /);
  assert.is((await errorOf(await emu.fetch(await signed(path('meta.llama3-8b-instruct-v1:0', 'count-tokens'), { input: {} })))).message, "The provided model doesn't support counting tokens.");
  assert.is(emu.counts.CountTokens, 2);
});

count.run();

// ---------------------------------------------------------------------------------------------------------
const faults = suite('createEmulator: faults');
const invokeReq = (text = 'Hi'): Promise<Request> => signed(path(CLAUDE, 'invoke'), messages(text));
const streamReq = (text = 'one two three four five'): Promise<Request> => signed(path(CLAUDE, 'invoke-with-response-stream'), messages(text));

faults('createEmulator :: throttle the next N calls, then succeed', async () => {
  const emu = createEmulator(fixed({ faults: { throttle: 2 } }));
  for (let i = 0; i < 2; i++) {
    assert.equal(await errorOf(await emu.fetch(await invokeReq())), { status: 429, type: 'ThrottlingException', message: 'Too many requests, please wait before trying again.' });
  }
  const req = await invokeReq();
  const { fetch } = emu;
  assert.is((await fetch(req.url, { method: 'POST', headers: req.headers, body: await req.text() })).status, 200, 'fetch-style call');
  assert.is(emu.faults.throttle, 0);
  assert.ok(emu.requests.every((r) => r.time === T0));
  emu.faults.throttle = 1;
  assert.is((await emu.fetch(await streamReq())).status, 429);
  assert.equal(emu.requests.map((r) => r.status), [429, 429, 200, 429]);
});

faults('createEmulator :: 5xx bursts and ModelNotReady', async () => {
  const emu = createEmulator(fixed({ faults: { serverError: 1, modelNotReady: 1 } }));
  assert.equal(await errorOf(await emu.fetch(await invokeReq())), { status: 500, type: 'InternalServerException', message: 'The server encountered an internal error while processing the request.' });
  const e = await errorOf(await emu.fetch(await invokeReq()));
  assert.is(e.status, 429);
  assert.is(e.type, 'ModelNotReadyException');
  emu.faults.serverError = 1;
  emu.faults.serverErrorStatus = 503;
  assert.equal(await errorOf(await emu.fetch(await invokeReq())), { status: 503, type: 'ServiceUnavailableException', message: 'Bedrock is unable to process your request.' });
  assert.is((await emu.fetch(await invokeReq())).status, 200);
});

faults('createEmulator :: in-stream exception after K events (once by default)', async () => {
  const emu = createEmulator(fixed({ faults: { streamException: { after: 3 } } }));
  const list = await frames(await emu.fetch(await streamReq()));
  assert.is(list.length, 4);
  const last = list[3]!;
  assert.equal(last.headers, { ':exception-type': 'throttlingException', ':content-type': 'application/json', ':message-type': 'exception' });
  assert.equal(json(last), { message: 'Too many requests, please wait before trying again.' });
  assert.is(emu.requests[0]!.error, 'exception');
  assert.is(emu.faults.streamException, undefined);
  emu.faults.streamException = { after: 0, type: 'modelStreamErrorException', message: 'boom', times: 2 };
  for (let i = 0; i < 2; i++) {
    const [only] = await frames(await emu.fetch(await streamReq()));
    assert.is(only!.headers[':exception-type'], 'modelStreamErrorException');
    assert.equal(json(only!), { message: 'boom' });
  }
  assert.ok((await frames(await emu.fetch(await streamReq()))).length > 5);
});

faults('createEmulator :: dropped connection mid-stream', async () => {
  const emu = createEmulator(fixed({ faults: { drop: { after: 2 } } }));
  const reader = (await emu.fetch(await streamReq())).body!.getReader();
  await reader.read();
  await reader.read();
  try {
    await reader.read();
    assert.unreachable('should have errored');
  } catch (e) {
    assert.match((e as Error).message, /connection drop after 2 events/);
  }
});

faults('createEmulator :: stall for ms, then continue', async () => {
  const emu = createEmulator(fixed({ faults: { stall: { after: 1, ms: 5 } } }));
  const events = chunks(await frames(await emu.fetch(await streamReq())));
  assert.is(events.at(-1)!.type, 'message_stop');
});

faults('createEmulator :: stall forever is released by cancel', async () => {
  const emu = createEmulator(fixed({ faults: { stall: { after: 2 } } }));
  const reader = (await emu.fetch(await streamReq())).body!.getReader();
  await reader.read();
  await reader.read();
  const pending = reader.read();
  await new Promise((r) => setTimeout(r, 5));
  await reader.cancel();
  const r = await pending;
  assert.is(r.done, true);
});

faults('createEmulator :: stream ends without its final event', async () => {
  const emu = createEmulator(fixed({ faults: { truncate: {} } }));
  let events = chunks(await frames(await emu.fetch(await streamReq())));
  assert.is(events.at(-1)!.type, 'message_delta');
  emu.faults.truncate = { after: 2 };
  events = chunks(await frames(await emu.fetch(await streamReq())));
  assert.equal(events.map((e) => e.type), ['message_start', 'content_block_start']);
  const list = await frames(await emu.fetch(await signed(path(CLAUDE, 'converse-stream'), converse('a'))));
  assert.is(list.at(-1)!.headers[':event-type'], 'metadata');
});

faults('createEmulator :: a frame with a bad CRC', async () => {
  const emu = createEmulator(fixed({ faults: { badCrc: { after: 1 } } }));
  const res = await emu.fetch(await streamReq());
  try {
    await frames(res);
    assert.unreachable('should have thrown');
  } catch (e) {
    assert.instance(e, StreamError);
    assert.match((e as Error).message, /Message checksum mismatch/);
  }
});

faults('createEmulator :: context window, both wordings', async () => {
  const emu = createEmulator(fixed({ faults: { contextWindow: 10 } }));
  const long = 'a b c d e f g h i j k l';
  assert.equal(await errorOf(await emu.fetch(await signed(path(CLAUDE, 'invoke'), messages(long, { max_tokens: 5 })))),
    { status: 400, type: 'ValidationException', message: 'prompt is too long: 12 tokens > 10 maximum' });
  let e = await errorOf(await emu.fetch(await signed(path(CLAUDE, 'invoke'), messages('a b', { max_tokens: 9 }))));
  assert.is(e.message, 'input length and `max_tokens` exceed context limit: 2 + 9 > 10, decrease input length or `max_tokens` and try again');
  emu.faults.contextErrorStyle = 'prompt';
  e = await errorOf(await emu.fetch(await signed(path(CLAUDE, 'invoke'), messages('a b', { max_tokens: 9 }))));
  assert.is(e.message, 'prompt is too long: 11 tokens > 10 maximum');
  emu.faults.contextErrorStyle = 'limit';
  e = await errorOf(await emu.fetch(await signed(path(CLAUDE, 'converse'), converse(long))));
  assert.is(e.message, 'input length and `max_tokens` exceed context limit: 12 + 0 > 10, decrease input length or `max_tokens` and try again');
  assert.is((await emu.fetch(await signed(path(CLAUDE, 'invoke'), messages('a b', { max_tokens: 8 })))).status, 200);
  assert.is((await emu.fetch(await signed(path(CLAUDE, 'count-tokens'), { input: { invokeModel: { body: btoa(JSON.stringify(messages(long))) } } }))).status, 200);
});

faults('createEmulator :: skewed clock: Date header and signature window follow it', async () => {
  const emu = createEmulator(fixed({ faults: { clockSkew: 20 * 60_000 } }));
  const res = await emu.fetch(await invokeReq());
  const e = await errorOf(res);
  assert.match(e.message, /^Signature expired: 20250102T030405Z is now earlier than 20250102T030905Z \(20250102T032405Z - 15 min\.\)$/);
  assert.is(res.headers.get('date'), new Date(T0 + 20 * 60_000).toUTCString());
  const ok = await emu.fetch(await signed(path(CLAUDE, 'invoke'), messages('Hi'), { date: new Date(Date.parse(res.headers.get('date')!)) }));
  assert.is(ok.status, 200);
  assert.is(emu.now(), T0 + 20 * 60_000);
});

faults('createEmulator :: headersDelay is aborted by the request signal', async () => {
  const emu = createEmulator(fixed({ faults: { headersDelay: 60_000 } }));
  const ac = new AbortController();
  const base = await invokeReq();
  const pending = emu.fetch(new Request(base, { signal: ac.signal }));
  ac.abort(new Error('caller gave up'));
  try {
    await pending;
    assert.unreachable('should reject');
  } catch (e) {
    assert.is((e as Error).message, 'caller gave up');
  }
  const pre = new AbortController();
  pre.abort(new Error('already'));
  try {
    await emu.fetch(new Request(await invokeReq(), { signal: pre.signal }));
    assert.unreachable('should reject');
  } catch (e) {
    assert.is((e as Error).message, 'already');
  }
  emu.faults.headersDelay = 1;
  assert.is((await emu.fetch(await invokeReq())).status, 200);
});

faults('createEmulator :: eventDelay spaces events; reset clears the log', async () => {
  const emu = createEmulator(fixed({ faults: { eventDelay: 1 } }));
  const events = chunks(await frames(await emu.fetch(await streamReq('a b'))));
  assert.is(events.at(-1)!.type, 'message_stop');
  assert.is(emu.calls, 1);
  emu.reset();
  assert.is(emu.calls, 0);
  assert.equal(emu.requests, []);
  assert.is(emu.counts.InvokeModelWithResponseStream, 0);
});

faults('createEmulator :: batchEvents coalesces frames but stops at faults', async () => {
  const emu = createEmulator(fixed({ batchEvents: 4 }));
  const whole = await emu.fetch(await streamReq('a b c d e f g h i j'));
  let pieces = 0;
  const reader = whole.body!.getReader();
  const parts: Uint8Array[] = [];
  for (let r = await reader.read(); !r.done; r = await reader.read()) (pieces++, parts.push(r.value));
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (all.set(p, at), at + p.length), 0);
  const list: EventStreamMessage[] = [];
  for await (const m of decodeEventStream((async function* () { yield all; })())) list.push(m);
  assert.is(pieces, Math.ceil(list.length / 4));
  assert.is(chunks(list).filter((e) => e.type === 'content_block_delta').map((e) => e.delta.text).join(''), 'Echo: a b c d e f g h i j');
  emu.faults.streamException = { after: 3 };
  const cut = await frames(await emu.fetch(await streamReq()));
  assert.is(cut.length, 4);
  assert.is(cut[3]!.headers[':message-type'], 'exception');
});

faults('createEmulator :: holds no secret in its own state', () => {
  const emu = createEmulator({ credentials: { ...EXAMPLE_CREDENTIALS, sessionToken: 'TOKEN-XYZ' }, apiKeys: ['API-KEY-XYZ'] });
  const text = JSON.stringify(emu);
  for (const secret of [SECRET, 'TOKEN-XYZ', 'API-KEY-XYZ']) assert.not.ok(text.includes(secret));
});

faults.run();
