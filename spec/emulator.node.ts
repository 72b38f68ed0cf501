import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  BedrockRuntimeClient, ConverseCommand, ConverseStreamCommand, CountTokensCommand, InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
} from '@aws-sdk/client-bedrock-runtime';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8 as smithyFromUtf8, toUtf8 as smithyToUtf8 } from '@smithy/util-utf8';
import { createEmulator, countTokens, EXAMPLE_CREDENTIALS, type Emulator } from '../lib/emulator.ts';
import { serve, type Server } from '../lib/node.ts';
import { createBedrockToken } from '../lib/token.ts';
import { sign } from '../lib/sigv4.ts';

const CLAUDE = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
const PROFILE = 'us.anthropic.claude-sonnet-4-20250514-v1:0';
const enc = new TextEncoder();
const dec = new TextDecoder();

let emu: Emulator;
let server: Server;

const client = (o: { secret?: string; maxAttempts?: number } = {}): BedrockRuntimeClient =>
  new BedrockRuntimeClient({
    region: 'us-east-1',
    endpoint: server.url,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: o.secret ?? EXAMPLE_CREDENTIALS.secretAccessKey },
    maxAttempts: o.maxAttempts ?? 1,
  });

const claudeBody = (text: string, extra: Record<string, unknown> = {}): Uint8Array =>
  enc.encode(JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 200, messages: [{ role: 'user', content: text }], ...extra }));

async function rejectsWith(p: Promise<unknown>): Promise<Error & { $metadata?: { httpStatusCode?: number }; $fault?: string }> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  assert.unreachable('expected a rejection');
  throw new Error('unreachable');
}

const sdk = suite('createEmulator: AWS SDK compatibility');
sdk.before.each(async () => {
  emu = createEmulator();
  server = await serve(emu);
});
sdk.after.each(async () => {
  await server.close();
});

sdk('createEmulator :: InvokeModel (Claude Messages)', async () => {
  const out = await client().send(new InvokeModelCommand({ modelId: CLAUDE, contentType: 'application/json', accept: 'application/json', body: claudeBody('What is the capital of France?') }));
  const json = JSON.parse(dec.decode(out.body));
  assert.equal(json.content, [{ type: 'text', text: 'Echo: What is the capital of France?' }]);
  assert.is(json.usage.input_tokens, countTokens('What is the capital of France?'));
  assert.is(out.contentType, 'application/json');
  assert.is(out.$metadata.requestId, emu.requests[0]!.requestId);
  assert.is(emu.requests[0]!.keyId, 'AKIDEXAMPLE');
});

sdk('createEmulator :: InvokeModelWithResponseStream decoded by the SDK', async () => {
  const out = await client().send(new InvokeModelWithResponseStreamCommand({ modelId: PROFILE, contentType: 'application/json', body: claudeBody('Stream this please') }));
  const events: Array<Record<string, any>> = [];
  for await (const e of out.body!) events.push(JSON.parse(dec.decode(e.chunk!.bytes)));
  assert.is(events[0]!.type, 'message_start');
  assert.is(events.at(-1)!.type, 'message_stop');
  const text = events.filter((e) => e.type === 'content_block_delta').map((e) => e.delta.text).join('');
  assert.is(text, 'Echo: Stream this please');
  assert.is(events.at(-1)!['amazon-bedrock-invocationMetrics'].outputTokenCount, countTokens(text));
});

sdk('createEmulator :: Converse', async () => {
  const out = await client().send(new ConverseCommand({
    modelId: 'meta.llama3-8b-instruct-v1:0',
    messages: [{ role: 'user', content: [{ text: 'Hello there' }] }],
    system: [{ text: 'Be brief.' }],
    inferenceConfig: { maxTokens: 100, temperature: 0.5 },
  }));
  assert.equal(out.output, { message: { role: 'assistant', content: [{ text: 'Echo: Hello there' }] } });
  assert.is(out.stopReason, 'end_turn');
  assert.equal(out.usage, { inputTokens: 5, outputTokens: 4, totalTokens: 9 });
});

sdk('createEmulator :: Converse tool use', async () => {
  const out = await client().send(new ConverseCommand({
    modelId: CLAUDE,
    messages: [{ role: 'user', content: [{ text: 'please use tool' }] }],
    toolConfig: { tools: [{ toolSpec: { name: 'get_weather', inputSchema: { json: { type: 'object', properties: { city: { type: 'string' } } } } } }] },
  }));
  assert.is(out.stopReason, 'tool_use');
  const use = out.output!.message!.content!.find((b) => b.toolUse)!.toolUse!;
  assert.is(use.name, 'get_weather');
  assert.equal(use.input, { city: 'example' });
});

sdk('createEmulator :: ConverseStream decoded by the SDK', async () => {
  const out = await client().send(new ConverseStreamCommand({ modelId: 'amazon.nova-lite-v1:0', messages: [{ role: 'user', content: [{ text: 'Hi, stream!' }] }] }));
  const kinds: string[] = [];
  let text = '';
  let usage: unknown;
  for await (const e of out.stream!) {
    kinds.push(Object.keys(e)[0]!);
    if (e.contentBlockDelta) text += e.contentBlockDelta.delta!.text ?? '';
    if (e.metadata) usage = e.metadata.usage;
  }
  assert.is(text, 'Echo: Hi, stream!');
  assert.is(kinds[0], 'messageStart');
  assert.equal(kinds.slice(-3), ['contentBlockStop', 'messageStop', 'metadata']);
  assert.equal(usage, { inputTokens: 4, outputTokens: 6, totalTokens: 10 });
});

sdk('createEmulator :: CountTokens, both input forms', async () => {
  const a = await client().send(new CountTokensCommand({ modelId: CLAUDE, input: { invokeModel: { body: claudeBody('Count me, please.') } } }));
  assert.is(a.inputTokens, countTokens('Count me, please.'));
  const b = await client().send(new CountTokensCommand({ modelId: CLAUDE, input: { converse: { messages: [{ role: 'user', content: [{ text: 'Count me, please.' }] }] } } }));
  assert.is(b.inputTokens, a.inputTokens);
});

sdk('createEmulator :: wrong secret → the SDK sees InvalidSignatureException', async () => {
  const e = await rejectsWith(client({ secret: 'wrong' }).send(new InvokeModelCommand({ modelId: CLAUDE, body: claudeBody('x') })));
  assert.is(e.name, 'InvalidSignatureException');
  assert.is(e.$metadata?.httpStatusCode, 403);
  assert.match(e.message, /^The request signature we calculated does not match/);
});

sdk('createEmulator :: unknown model → ResourceNotFoundException; bad body → ValidationException', async () => {
  let e = await rejectsWith(client().send(new InvokeModelCommand({ modelId: 'acme.nothing-v1', body: claudeBody('x') })));
  assert.is(e.name, 'ResourceNotFoundException');
  e = await rejectsWith(client().send(new InvokeModelCommand({ modelId: CLAUDE, body: claudeBody('x', { model: 'claude' }) })));
  assert.is(e.name, 'ValidationException');
  assert.match(e.message, /extraneous key \[model\] is not permitted/);
});

sdk('createEmulator :: throttling, 5xx and ModelNotReady as SDK exceptions', async () => {
  emu.faults.throttle = 1;
  let e = await rejectsWith(client().send(new InvokeModelCommand({ modelId: CLAUDE, body: claudeBody('x') })));
  assert.is(e.name, 'ThrottlingException');
  assert.is(e.message, 'Too many requests, please wait before trying again.');
  emu.faults.serverError = 1;
  emu.faults.serverErrorStatus = 503;
  e = await rejectsWith(client().send(new ConverseCommand({ modelId: CLAUDE, messages: [{ role: 'user', content: [{ text: 'x' }] }] })));
  assert.is(e.name, 'ServiceUnavailableException');
  emu.faults.modelNotReady = 1;
  e = await rejectsWith(client().send(new InvokeModelCommand({ modelId: CLAUDE, body: claudeBody('x') })));
  assert.is(e.name, 'ModelNotReadyException');
  emu.faults.throttle = 2;
  const ok = await client({ maxAttempts: 3 }).send(new InvokeModelCommand({ modelId: CLAUDE, body: claudeBody('retried') }));
  assert.is(JSON.parse(dec.decode(ok.body)).content[0].text, 'Echo: retried');
  assert.equal(emu.requests.slice(-3).map((r) => r.status), [429, 429, 200]);
});

sdk('createEmulator :: in-stream exceptions surface as SDK exceptions', async () => {
  emu.faults.streamException = { after: 3, type: 'throttlingException' };
  const out = await client().send(new InvokeModelWithResponseStreamCommand({ modelId: CLAUDE, body: claudeBody('one two three four') }));
  let seen = 0;
  const e = await rejectsWith((async () => { for await (const _ of out.body!) seen++; })());
  assert.is(seen, 3);
  assert.is(e.name, 'ThrottlingException');
  emu.faults.streamException = { after: 1, type: 'modelStreamErrorException', message: 'model broke' };
  const conv = await client().send(new ConverseStreamCommand({ modelId: CLAUDE, messages: [{ role: 'user', content: [{ text: 'x y z' }] }] }));
  const e2 = await rejectsWith((async () => { for await (const _ of conv.stream!) { /* drain */ } })());
  assert.is(e2.name, 'ModelStreamErrorException');
  assert.is(e2.message, 'model broke');
});

sdk('createEmulator :: a skewed emulator clock is corrected by the SDK from the Date header', async () => {
  emu.faults.clockSkew = 20 * 60_000;
  const c = client({ maxAttempts: 2 });
  const out = await c.send(new InvokeModelCommand({ modelId: CLAUDE, body: claudeBody('late') }));
  assert.is(JSON.parse(dec.decode(out.body)).content[0].text, 'Echo: late');
  assert.is(emu.requests[0]!.status, 403);
  assert.is(emu.requests[0]!.error, 'InvalidSignatureException');
  assert.is(emu.requests[1]!.status, 200);
});

sdk.run();

// ---------------------------------------------------------------------------------------------------------
const http = suite('createEmulator: over HTTP');
http.before.each(async () => {
  emu = createEmulator({ apiKeys: ['static-key'] });
  server = await serve(emu);
});
http.after.each(async () => {
  await server.close();
});

const post = (path: string, body: string, headers: Record<string, string>): Promise<Response> =>
  fetch(server.url + path, { method: 'POST', body, headers });

http('createEmulator :: bearer keys (static and minted) over HTTP', async () => {
  const body = dec.decode(claudeBody('bearer'));
  let res = await post(`/model/${encodeURIComponent(CLAUDE)}/invoke`, body, { authorization: 'Bearer static-key', 'content-type': 'application/json' });
  assert.is(res.status, 200);
  const token = await createBedrockToken({ credentials: EXAMPLE_CREDENTIALS, region: 'us-east-1' });
  res = await post(`/model/${encodeURIComponent(CLAUDE)}/invoke`, body, { authorization: `Bearer ${token}` });
  assert.is(res.status, 200);
  const other = await createBedrockToken({ credentials: EXAMPLE_CREDENTIALS, region: 'eu-west-1' });
  res = await post(`/model/${encodeURIComponent(CLAUDE)}/invoke`, body, { authorization: `Bearer ${other}` });
  assert.is(res.status, 403);
  assert.ok(!JSON.stringify(emu.requests).includes(token.slice(16, 60)));
});

http('createEmulator :: frames decode with @smithy/eventstream-codec (differential)', async () => {
  const url = `${server.url}/model/${encodeURIComponent(CLAUDE)}/invoke-with-response-stream`;
  const body = dec.decode(claudeBody('Differential check, with punctuation!'));
  const headers = await sign({ method: 'POST', url, headers: { 'content-type': 'application/json' }, body }, { region: 'us-east-1', service: 'bedrock', credentials: EXAMPLE_CREDENTIALS });
  const res = await fetch(url, { method: 'POST', headers, body });
  const bytes = new Uint8Array(await res.arrayBuffer());
  const codec = new EventStreamCodec(smithyToUtf8, smithyFromUtf8);
  let text = '';
  let n = 0;
  for (let at = 0; at < bytes.length; n++) {
    const len = new DataView(bytes.buffer, bytes.byteOffset + at).getUint32(0);
    const m = codec.decode(bytes.subarray(at, at + len));
    assert.equal(Object.keys(m.headers).sort(), [':content-type', ':event-type', ':message-type']);
    assert.is(m.headers[':event-type']!.value, 'chunk');
    const chunk = JSON.parse(dec.decode(m.body));
    const event = JSON.parse(dec.decode(Uint8Array.from(atob(chunk.bytes), (c) => c.charCodeAt(0))));
    if (event.type === 'content_block_delta') text += event.delta.text;
    at += len;
  }
  assert.is(text, 'Echo: Differential check, with punctuation!');
  assert.ok(n > 6);
});

http('createEmulator :: a dropped connection resets the HTTP response mid-stream', async () => {
  emu.faults.drop = { after: 2 };
  const url = `${server.url}/model/${encodeURIComponent(CLAUDE)}/invoke-with-response-stream`;
  const body = dec.decode(claudeBody('a b c d e f'));
  const headers = await sign({ method: 'POST', url, body }, { region: 'us-east-1', service: 'bedrock', credentials: EXAMPLE_CREDENTIALS });
  const res = await fetch(url, { method: 'POST', headers, body });
  assert.is(res.status, 200);
  let failed: unknown;
  await res.arrayBuffer().catch((e: unknown) => (failed = e));
  assert.instance(failed, Error);
});

http('createEmulator :: a stalled stream is released when the client aborts', async () => {
  emu.faults.stall = { after: 1 };
  const url = `${server.url}/model/${encodeURIComponent(CLAUDE)}/invoke-with-response-stream`;
  const body = dec.decode(claudeBody('a b c'));
  const headers = await sign({ method: 'POST', url, body }, { region: 'us-east-1', service: 'bedrock', credentials: EXAMPLE_CREDENTIALS });
  const ac = new AbortController();
  const res = await fetch(url, { method: 'POST', headers, body, signal: ac.signal });
  const reader = res.body!.getReader();
  const first = await reader.read();
  assert.ok(first.value!.length > 0);
  const pending = reader.read().catch((e: unknown) => e);
  ac.abort();
  assert.instance(await pending, Error);
  // the server is still healthy and closes promptly
  assert.is((await post(`/model/${encodeURIComponent(CLAUDE)}/invoke`, body, { authorization: 'Bearer static-key' })).status, 200);
});

http.run();
