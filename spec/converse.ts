import { suite } from 'uvu';
import { throwsError } from './fixtures/helpers.ts';
import * as assert from 'uvu/assert';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import bedrock from 'vectors:bedrock';
import captured from 'vectors:captured-requests.json';
import { ConverseStream, converseBlocks, converseBody, parseConverseResponse } from '../lib/converse.ts';
import { ContextLengthError, ProviderError, RateLimitError, StreamError } from '../lib/errors.ts';
import type { ChatOptions, Message, StreamEvent } from '../lib/types.ts';

const MODEL = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const dec = new TextDecoder();
const codec = new EventStreamCodec((b: Uint8Array) => dec.decode(b), (s: string) => new TextEncoder().encode(s));
const fromB64 = (s: string): Uint8Array => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

/** ConverseStream frames from a .bin vector, decoded by smithy's codec: `[event-type, payload]`. */
function converseFrames(bytes: Uint8Array): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  for (let at = 0; at < bytes.length; ) {
    const len = new DataView(bytes.buffer, bytes.byteOffset + at).getUint32(0);
    const m = codec.decode(bytes.subarray(at, at + len));
    assert.is(m.headers[':message-type']?.value, 'event');
    out.push([String(m.headers[':event-type']?.value), JSON.parse(dec.decode(m.body))]);
    at += len;
  }
  return out;
}


/** The request the botocore capture was made from. */
const capturedRequest: [Message[], ChatOptions] = [
  [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hello' }],
  {
    model: MODEL, maxTokens: 512, temperature: 0.5, stopSequences: ['END'], topK: 50, toolChoice: 'auto',
    tools: [{ name: 'get_weather', description: 'Weather', inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }],
  },
];

/** Serializes a Converse body with the AWS SDK (its schema drops unknown members) and returns the JSON it sends. */
async function sdkSerialize(body: Record<string, any>): Promise<unknown> {
  let sent: string | undefined;
  const client = new BedrockRuntimeClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
    maxAttempts: 1,
    requestHandler: {
      handle: async (request: { body?: unknown }) => {
        sent = request.body instanceof Uint8Array ? dec.decode(request.body) : String(request.body);
        throw new Error('captured');
      },
    } as never,
  });
  const bytes = (v: any): any => JSON.parse(JSON.stringify(v), (k, x) => ((k === 'bytes' || k === 'redactedContent') && typeof x === 'string' ? fromB64(x) : x));
  await client.send(new ConverseCommand({ modelId: MODEL, ...bytes(body) })).catch((e: Error) => assert.is(e.message, 'captured'));
  return JSON.parse(sent!);
}

const body = suite('converseBody');

body('converseBody :: reproduces the botocore-captured Converse and ConverseStream bodies', () => {
  const ours = converseBody(...capturedRequest);
  assert.equal(ours, JSON.parse(captured.Converse.body));
  assert.equal(ours, JSON.parse(captured.ConverseStream.body));
});

body('converseBody :: every block kind survives the AWS SDK serializer unchanged', async () => {
  const messages: Message[] = [
    { role: 'system', content: [{ type: 'text', text: 'Long context', cache: true }] },
    { role: 'user', content: [{ type: 'text', text: 'Weather?' }, { type: 'image', mediaType: 'image/jpeg', data: '/9j/4AAQ' }] },
    { role: 'assistant', content: [{ type: 'thinking', thinking: 'use the tool', signature: 'c2ln' }, { type: 'redacted_thinking', data: 'ZW5j' }, { type: 'tool_use', id: 'tooluse_1', name: 'get_weather', input: { city: 'Paris' } }] },
    { role: 'user', content: [{ type: 'tool_result', toolUseId: 'tooluse_1', content: [{ type: 'text', text: 'sunny', cache: true }, { type: 'image', mediaType: 'image/png', data: 'iVBORw0KGgo=' }], isError: true }, { type: 'text', text: 'and?', cache: true }] },
  ];
  const ours = converseBody(messages, {
    model: MODEL, maxTokens: 4000, topP: 0.9, system: 'Use tools.', thinking: { budgetTokens: 2048 },
    tools: [{ name: 'get_weather', inputSchema: { type: 'object' } }], toolChoice: { name: 'get_weather' },
  });
  assert.equal(await sdkSerialize(ours), ours);
  assert.equal(ours.system, [{ text: 'Long context' }, { cachePoint: { type: 'default' } }, { text: 'Use tools.' }]);
  assert.equal(ours.additionalModelRequestFields, { thinking: { type: 'enabled', budget_tokens: 2048 } });
  assert.equal((ours.toolConfig as any).toolChoice, { tool: { name: 'get_weather' } });
  assert.equal((ours.messages as any)[1].content[0], { reasoningContent: { reasoningText: { text: 'use the tool', signature: 'c2ln' } } });
  assert.equal((ours.messages as any)[2].content[0].toolResult.status, 'error');
});

body('converseBody :: the captured body also survives the SDK serializer', async () => {
  const ours = converseBody(...capturedRequest);
  assert.equal(await sdkSerialize(ours), ours);
});

body('converseBody :: minimal body, tool choices, none', () => {
  const hi: Message[] = [{ role: 'user', content: 'Hi' }];
  assert.equal(converseBody(hi, { model: 'meta.llama3-1-70b-instruct-v1:0' }), { messages: [{ role: 'user', content: [{ text: 'Hi' }] }] });
  const tools = [{ name: 'a', inputSchema: {} }];
  assert.equal(converseBody(hi, { model: MODEL, tools, toolChoice: 'any' }).toolConfig, { tools: [{ toolSpec: { name: 'a', inputSchema: { json: {} } } }], toolChoice: { any: {} } });
  assert.equal(converseBody(hi, { model: MODEL, tools }).toolConfig, { tools: [{ toolSpec: { name: 'a', inputSchema: { json: {} } } }] });
  assert.not.ok('toolConfig' in converseBody(hi, { model: MODEL, tools, toolChoice: 'none' }));
  const withHistory: Message[] = [
    { role: 'user', content: 'q' },
    { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'a', input: undefined }] },
    { role: 'user', content: [{ type: 'tool_result', toolUseId: 't', content: 'r' }] },
  ];
  const b = converseBody(withHistory, { model: MODEL, tools, toolChoice: 'none', stopSequences: [], betas: ['x'] });
  assert.equal(b.toolConfig, { tools: [{ toolSpec: { name: 'a', inputSchema: { json: {} } } }] });
  assert.equal(b.messages, [
    { role: 'user', content: [{ text: 'q' }] },
    { role: 'assistant', content: [{ toolUse: { toolUseId: 't', name: 'a', input: {} } }] },
    { role: 'user', content: [{ toolResult: { toolUseId: 't', content: [{ text: 'r' }] } }] },
  ]);
  assert.not.ok('inferenceConfig' in b);
  assert.not.ok('additionalModelRequestFields' in b);
  assert.equal(converseBlocks({ type: 'thinking', thinking: 't' }), [{ reasoningContent: { reasoningText: { text: 't' } } }]);
  const thinking = converseBody(hi, { model: MODEL, thinking: { budgetTokens: 1024 } });
  assert.equal(thinking.inferenceConfig, { maxTokens: 4096 });
  assert.equal(thinking.additionalModelRequestFields, { thinking: { type: 'enabled', budget_tokens: 1024 } });
});

body('converseBody :: an empty final assistant prefill is left out (Converse rejects blank text)', () => {
  const q: Message = { role: 'user', content: 'q' };
  for (const prefill of ['', []] as Message['content'][]) {
    const b = converseBody([{ role: 'system', content: '' }, q, { role: 'assistant', content: prefill }], { model: MODEL });
    assert.equal(b.messages, [{ role: 'user', content: [{ text: 'q' }] }]);
    assert.not.ok('system' in b, 'an empty system message adds no blank system text');
  }
  assert.equal(converseBody([q, { role: 'assistant', content: 'The answer:' }], { model: MODEL }).messages, [{ role: 'user', content: [{ text: 'q' }] }, { role: 'assistant', content: [{ text: 'The answer:' }] }]);
});

body.run();

const parse = suite('parseConverseResponse');

parse('parseConverseResponse :: text, tool use, reasoning, usage with cache', () => {
  const json = {
    output: {
      message: {
        role: 'assistant',
        content: [
          { reasoningContent: { reasoningText: { text: 'think', signature: 'sig' } } },
          { reasoningContent: { redactedContent: 'ZW5j' } },
          { text: 'Paris' },
          { citationsContent: {} },
          { toolUse: { toolUseId: 'tooluse_1', name: 'get_weather', input: { city: 'Paris' } } },
        ],
      },
    },
    stopReason: 'tool_use',
    usage: { inputTokens: 10, outputTokens: 20, totalTokens: 130, cacheReadInputTokens: 100, cacheWriteInputTokens: 0 },
    metrics: { latencyMs: 500 },
  };
  assert.equal(parseConverseResponse(json, MODEL), {
    content: 'Paris',
    blocks: [
      { type: 'thinking', thinking: 'think', signature: 'sig' },
      { type: 'redacted_thinking', data: 'ZW5j' },
      { type: 'text', text: 'Paris' },
      { type: 'tool_use', id: 'tooluse_1', name: 'get_weather', input: { city: 'Paris' } },
    ],
    model: MODEL,
    stopReason: 'tool_use',
    usage: { promptTokens: 10, completionTokens: 20, totalTokens: 130, cacheReadTokens: 100, cacheWriteTokens: 0 },
  });
});

parse('parseConverseResponse :: fallbacks and bad shapes', () => {
  const r = parseConverseResponse({ output: { message: { content: [null, { reasoningContent: {} }, { toolUse: {} }] } } }, MODEL);
  assert.equal(r.blocks, [{ type: 'thinking', thinking: '' }, { type: 'tool_use', id: '', name: '', input: {} }]);
  assert.is(r.stopReason, 'end_turn');
  assert.equal(r.usage, { promptTokens: 0, completionTokens: 0, totalTokens: 0 });
  const e = throwsError(() => parseConverseResponse({ output: {} }, MODEL), ProviderError);
  assert.is(e.code, 'InvalidResponse');
  assert.match(e.message, /output\.message\.content/);
  throwsError(() => parseConverseResponse(null, MODEL), ProviderError);
});

parse.run();

const stream = suite('ConverseStream');
const vector = bedrock['converse-stream.json'] as Array<{ 'event-type': string; payload: Record<string, any> }>;

stream('ConverseStream :: the .bin frames carry the events of the .json vector', () => {
  assert.equal(converseFrames(bedrock['converse-stream.bin']), vector.map((e) => [e['event-type'], e.payload]));
});

stream('ConverseStream :: converse-stream vector → events', () => {
  const s = new ConverseStream(MODEL);
  const events: StreamEvent[] = converseFrames(bedrock['converse-stream.bin']).flatMap(([t, p]) => s.push(t, p));
  events.push(...s.finish());
  const texts = vector.filter((e) => typeof e.payload.delta?.text === 'string');
  const start = vector.find((e) => e['event-type'] === 'contentBlockStart')!.payload;
  const input = vector.filter((e) => e.payload.delta?.toolUse).map((e) => e.payload.delta.toolUse.input).join('');
  const meta = vector.find((e) => e['event-type'] === 'metadata')!.payload;
  assert.equal(events, [
    { type: 'content_start', model: MODEL },
    ...texts.map((e) => ({ type: 'content_delta', index: e.payload.contentBlockIndex, content: e.payload.delta.text })),
    { type: 'tool_use', index: start.contentBlockIndex, id: start.start.toolUse.toolUseId, name: start.start.toolUse.name, input: JSON.parse(input) },
    {
      type: 'content_end',
      stopReason: vector.find((e) => e['event-type'] === 'messageStop')!.payload.stopReason,
      usage: { promptTokens: meta.usage.inputTokens, completionTokens: meta.usage.outputTokens, totalTokens: meta.usage.totalTokens },
    },
  ]);
  assert.equal(s.blocks, [
    { type: 'text', text: texts.map((e) => e.payload.delta.text).join('') },
    { type: 'tool_use', id: start.start.toolUse.toolUseId, name: start.start.toolUse.name, input: JSON.parse(input) },
  ]);
});

stream('ConverseStream :: every cut before messageStop is a StreamError; messageStop without metadata ends at finish', () => {
  const stopAt = vector.findIndex((e) => e['event-type'] === 'messageStop');
  for (let n = 0; n <= stopAt; n++) {
    const s = new ConverseStream();
    vector.slice(0, n).forEach((e) => s.push(e['event-type'], e.payload));
    const err = throwsError(() => s.finish(), StreamError);
    assert.match(err.message, /^stream ended before its final event \(\d+ blocks received\)$/);
  }
  const s = new ConverseStream();
  const out = vector.slice(0, stopAt + 1).flatMap((e) => s.push(e['event-type'], e.payload));
  assert.not.ok(out.some((e) => e.type === 'content_end'));
  assert.equal(s.finish(), [{ type: 'content_end', stopReason: 'tool_use', usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 } }]);
  assert.equal(s.finish(), []);
});

stream('ConverseStream :: metadata before messageStop, reasoning deltas, redacted content, late events ignored', () => {
  const s = new ConverseStream();
  const events = [
    ['contentBlockDelta', { contentBlockIndex: 0, delta: { reasoningContent: { text: 'hm' } } }],
    ['contentBlockDelta', { contentBlockIndex: 0, delta: { reasoningContent: { text: 'm' } } }],
    ['contentBlockDelta', { contentBlockIndex: 0, delta: { reasoningContent: { signature: 'sig' } } }],
    ['contentBlockDelta', { contentBlockIndex: 1, delta: { reasoningContent: { redactedContent: 'ab' } } }],
    ['contentBlockDelta', { contentBlockIndex: 1, delta: { reasoningContent: { redactedContent: 'cd' } } }],
    ['contentBlockStart', { contentBlockIndex: 2, start: {} }],
    ['contentBlockDelta', { contentBlockIndex: 2, delta: { text: 'ok' } }],
    ['contentBlockDelta', { contentBlockIndex: 2, delta: { text: '' } }],
    ['contentBlockDelta', { contentBlockIndex: 0, delta: { reasoningContent: { text: '' } } }],
    ['contentBlockDelta', { contentBlockIndex: 2, delta: {} }],
    ['contentBlockStop', { contentBlockIndex: 2 }],
    ['someFutureEvent', {}],
    ['metadata', { usage: { inputTokens: 3, outputTokens: 4, cacheWriteInputTokens: 5 } }],
    ['messageStop', {}],
    ['contentBlockDelta', { contentBlockIndex: 2, delta: { text: 'late' } }],
  ].flatMap(([t, p]) => s.push(t as string, p));
  assert.equal(events, [
    { type: 'content_start' },
    { type: 'thinking_delta', index: 0, thinking: 'hm' },
    { type: 'thinking_delta', index: 0, thinking: 'm' },
    { type: 'content_delta', index: 2, content: 'ok' },
    { type: 'content_end', stopReason: 'end_turn', usage: { promptTokens: 3, completionTokens: 4, totalTokens: 12, cacheWriteTokens: 5 } },
  ]);
  assert.equal(s.blocks, [{ type: 'thinking', thinking: 'hmm', signature: 'sig' }, { type: 'redacted_thinking', data: 'abcd' }, { type: 'text', text: 'ok' }]);
  assert.is(new ConverseStream().model, undefined);
});

stream('ConverseStream :: tool input: empty → {}, invalid → StreamError, delta without start → StreamError', () => {
  const s = new ConverseStream();
  s.push('contentBlockStart', { contentBlockIndex: 0, start: { toolUse: { toolUseId: 't', name: 'now' } } });
  assert.equal(s.push('contentBlockStop', { contentBlockIndex: 0 }), [{ type: 'tool_use', index: 0, id: 't', name: 'now', input: {} }]);
  s.push('contentBlockStart', { contentBlockIndex: 1, start: { toolUse: { toolUseId: 'u', name: 'f' } } });
  s.push('contentBlockDelta', { contentBlockIndex: 1, delta: { toolUse: { input: '{"a":' } } });
  const e = throwsError(() => s.push('contentBlockStop', { contentBlockIndex: 1 }), StreamError);
  assert.match(e.message, /^tool f at block 1: expected JSON input, got "\{\\"a\\":"$/);
  throwsError(() => new ConverseStream().push('contentBlockDelta', { contentBlockIndex: 0, delta: { toolUse: { input: '{}' } } }), StreamError);
});

stream('ConverseStream :: exception events throw typed errors', () => {
  const e = throwsError(() => new ConverseStream(MODEL).push('throttlingException', { message: 'Too many tokens' }), RateLimitError);
  assert.is(e.retryable, true);
  assert.is(e.model, MODEL);
  throwsError(() => new ConverseStream().push('validationException', { Message: 'Input is too long for requested model.' }), ContextLengthError);
  const odd = throwsError(() => new ConverseStream().push('modelStreamErrorException', null), ProviderError);
  assert.is(odd.code, 'ModelStreamErrorException');
});

stream.run();
