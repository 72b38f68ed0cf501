import { suite } from 'uvu';
import { throwsError } from './fixtures/helpers.ts';
import * as assert from 'uvu/assert';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import bedrock from 'vectors:bedrock';
import captured from 'vectors:captured-requests.json';
import { ANTHROPIC_VERSION, MessagesStream, blockJson, messagesBody, parseMessagesResponse } from '../lib/anthropic.ts';
import { ContextLengthError, ProviderError, RateLimitError, StreamError } from '../lib/errors.ts';
import type { Message, StreamEvent } from '../lib/types.ts';

const MODEL = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const dec = new TextDecoder();
const codec = new EventStreamCodec((b: Uint8Array) => dec.decode(b), (s: string) => new TextEncoder().encode(s));

/** Splits concatenated event-stream frames and decodes each with smithy's codec. */
function frames(bytes: Uint8Array): Array<{ headers: Record<string, unknown>; body: Uint8Array }> {
  const out = [];
  for (let at = 0; at < bytes.length; ) {
    const len = new DataView(bytes.buffer, bytes.byteOffset + at).getUint32(0);
    const m = codec.decode(bytes.subarray(at, at + len));
    out.push({ headers: Object.fromEntries(Object.entries(m.headers).map(([k, v]) => [k, v.value])), body: m.body });
    at += len;
  }
  return out;
}

/** The Anthropic events inside `chunk` frames: payload `{"bytes": base64(JSON), "p": …}`. */
function chunkEvents(bytes: Uint8Array): unknown[] {
  return frames(bytes).map((f) => {
    assert.is(f.headers[':event-type'], 'chunk');
    const { bytes: b64 } = JSON.parse(dec.decode(f.body));
    return JSON.parse(dec.decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))));
  });
}

function run(events: unknown[], stream = new MessagesStream(MODEL)): StreamEvent[] {
  const out = events.flatMap((e) => stream.push(e));
  return [...out, ...stream.finish()];
}


const body = suite('messagesBody');

body('messagesBody :: reproduces the botocore-captured InvokeModel body', () => {
  const want = JSON.parse(captured['InvokeModel.guardrail+trace'].body);
  assert.equal(messagesBody([{ role: 'user', content: 'Hi' }], { model: 'anthropic.claude-3-5-haiku-20241022-v1:0', maxTokens: 16 }), want);
});

body('messagesBody :: every option, never model or stream', () => {
  const messages: Message[] = [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Weather?' },
    { role: 'user', content: [{ type: 'image', mediaType: 'image/png', data: 'iVBORw0KGgo=' }] },
    { role: 'assistant', content: [{ type: 'thinking', thinking: 'call the tool', signature: 'c2ln' }, { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } }] },
    { role: 'user', content: [{ type: 'tool_result', toolUseId: 'toolu_1', content: 'sunny', isError: true }, { type: 'text', text: 'and?', cache: true }] },
  ];
  const b = messagesBody(messages, {
    model: MODEL, maxTokens: 2048, temperature: 0.5, topP: 0.9, topK: 40, stopSequences: ['END'], system: 'Use tools.',
    tools: [{ name: 'get_weather', description: 'Weather', inputSchema: { type: 'object' } }, { name: 'noop', inputSchema: { type: 'object' } }],
    toolChoice: { name: 'get_weather' }, thinking: { budgetTokens: 1024 }, betas: ['interleaved-thinking-2025-05-14'],
  });
  assert.equal(b, {
    anthropic_version: ANTHROPIC_VERSION,
    max_tokens: 2048,
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'Weather?' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } }] },
      { role: 'assistant', content: [{ type: 'thinking', thinking: 'call the tool', signature: 'c2ln' }, { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'sunny', is_error: true }, { type: 'text', text: 'and?', cache_control: { type: 'ephemeral' } }] },
    ],
    system: [{ type: 'text', text: 'Be brief.' }, { type: 'text', text: 'Use tools.' }],
    temperature: 0.5,
    top_p: 0.9,
    top_k: 40,
    stop_sequences: ['END'],
    tools: [{ name: 'get_weather', description: 'Weather', input_schema: { type: 'object' } }, { name: 'noop', input_schema: { type: 'object' } }],
    tool_choice: { type: 'tool', name: 'get_weather' },
    thinking: { type: 'enabled', budget_tokens: 1024 },
    anthropic_beta: ['interleaved-thinking-2025-05-14'],
  });
  assert.not.ok('model' in b);
  assert.not.ok('stream' in b);
});

body('messagesBody :: defaults, string system, cached system block, tool choices', () => {
  const b = messagesBody([{ role: 'user', content: 'q' }], { model: MODEL, system: 'S' });
  assert.equal(b, { anthropic_version: ANTHROPIC_VERSION, max_tokens: 4096, messages: [{ role: 'user', content: 'q' }], system: 'S' });
  const cached = messagesBody([{ role: 'system', content: [{ type: 'text', text: 'long', cache: true }] }, { role: 'user', content: 'q' }], { model: MODEL });
  assert.equal(cached.system, [{ type: 'text', text: 'long', cache_control: { type: 'ephemeral' } }]);
  const tools = [{ name: 'a', inputSchema: {} }];
  for (const c of ['auto', 'any', 'none'] as const) assert.equal(messagesBody([{ role: 'user', content: 'q' }], { model: MODEL, tools, toolChoice: c }).tool_choice, { type: c });
  assert.not.ok('tool_choice' in messagesBody([{ role: 'user', content: 'q' }], { model: MODEL, tools }));
  assert.not.ok('tool_choice' in messagesBody([{ role: 'user', content: 'q' }], { model: MODEL, toolChoice: 'none' }));
  assert.not.ok('stop_sequences' in messagesBody([{ role: 'user', content: 'q' }], { model: MODEL, stopSequences: [] }));
});

body('blockJson :: tool_result with blocks, redacted thinking, unsigned thinking, tool_use without input', () => {
  assert.equal(blockJson({ type: 'tool_result', toolUseId: 't', content: [{ type: 'text', text: 'x' }, { type: 'image', mediaType: 'image/jpeg', data: 'AA==' }] }), {
    type: 'tool_result', tool_use_id: 't', content: [{ type: 'text', text: 'x' }, { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: 'AA==' } }],
  });
  assert.equal(blockJson({ type: 'redacted_thinking', data: 'enc' }), { type: 'redacted_thinking', data: 'enc' });
  assert.equal(blockJson({ type: 'thinking', thinking: 't' }), { type: 'thinking', thinking: 't' });
  assert.equal(blockJson({ type: 'tool_use', id: 'i', name: 'n', input: undefined }), { type: 'tool_use', id: 'i', name: 'n', input: {} });
});

body('messagesBody :: an empty final assistant prefill is left out, not sent as empty content', () => {
  const q: Message = { role: 'user', content: 'q' };
  for (const prefill of ['', []] as Message['content'][]) {
    assert.equal(messagesBody([q, { role: 'assistant', content: prefill }], { model: MODEL }).messages, [{ role: 'user', content: 'q' }]);
  }
  assert.equal(messagesBody([q, { role: 'assistant', content: 'The answer:' }], { model: MODEL }).messages, [{ role: 'user', content: 'q' }, { role: 'assistant', content: 'The answer:' }]);
});

body.run();

const parse = suite('parseMessagesResponse');

parse('parseMessagesResponse :: text, tool use, thinking, cache usage', () => {
  const json = {
    id: 'msg_bdrk_01', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5-20250929',
    content: [
      { type: 'thinking', thinking: 'hm', signature: 'sig' },
      { type: 'redacted_thinking', data: 'enc' },
      { type: 'text', text: 'Paris' },
      { type: 'server_tool_use', id: 'x' },
      { type: 'text', text: ' is it.' },
      { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
    ],
    stop_reason: 'tool_use', stop_sequence: null,
    usage: { input_tokens: 12, output_tokens: 30, cache_read_input_tokens: 100, cache_creation_input_tokens: 5 },
  };
  assert.equal(parseMessagesResponse(json, MODEL), {
    content: 'Paris is it.',
    blocks: [
      { type: 'thinking', thinking: 'hm', signature: 'sig' },
      { type: 'redacted_thinking', data: 'enc' },
      { type: 'text', text: 'Paris' },
      { type: 'text', text: ' is it.' },
      { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
    ],
    model: 'claude-sonnet-4-5-20250929',
    stopReason: 'tool_use',
    usage: { promptTokens: 12, completionTokens: 30, totalTokens: 147, cacheReadTokens: 100, cacheWriteTokens: 5 },
  });
});

parse('parseMessagesResponse :: missing fields fall back; bad shapes throw', () => {
  const r = parseMessagesResponse({ content: [{ type: 'text' }, { type: 'thinking' }, null, { type: 'tool_use' }] }, MODEL);
  assert.is(r.model, MODEL);
  assert.is(r.stopReason, 'end_turn');
  assert.equal(r.usage, { promptTokens: 0, completionTokens: 0, totalTokens: 0 });
  assert.equal(r.blocks, [{ type: 'text', text: '' }, { type: 'thinking', thinking: '' }, { type: 'tool_use', id: '', name: '', input: {} }]);
  const e = throwsError(() => parseMessagesResponse({ completion: 'x' }, MODEL), ProviderError);
  assert.is(e.code, 'InvalidResponse');
  assert.match(e.message, /content array, got \{"completion":"x"\}/);
  throwsError(() => parseMessagesResponse(undefined, MODEL), ProviderError);
});

parse.run();

const stream = suite('MessagesStream');
const claude = bedrock['invoke-stream-claude.json'].frames as Array<Record<string, any>>;

stream('MessagesStream :: the .bin frames carry the events of the .json vector', () => {
  assert.equal(chunkEvents(bedrock['invoke-stream-claude.bin']), claude);
  assert.equal(chunkEvents(bedrock['invoke-stream-thinking.bin']), bedrock['invoke-stream-thinking.json'].frames);
});

stream('MessagesStream :: invoke-stream-claude vector → events', () => {
  const events = run(chunkEvents(bedrock['invoke-stream-claude.bin']));
  const start = claude[0]!.message;
  const metrics = claude[claude.length - 1]!['amazon-bedrock-invocationMetrics'];
  const texts = claude.filter((f) => f.delta?.type === 'text_delta').map((f) => f.delta.text);
  const json = claude.filter((f) => f.delta?.type === 'input_json_delta').map((f) => f.delta.partial_json).join('');
  const toolStart = claude.find((f) => f.content_block?.type === 'tool_use')!;
  assert.equal(events[0], { type: 'content_start', id: start.id, model: start.model });
  assert.equal(events.filter((e) => e.type === 'content_delta'), texts.map((content) => ({ type: 'content_delta', index: 0, content })));
  assert.equal(events.filter((e) => e.type === 'tool_use'), [
    { type: 'tool_use', index: toolStart.index, id: toolStart.content_block.id, name: toolStart.content_block.name, input: JSON.parse(json) },
  ]);
  assert.equal(events[events.length - 1], {
    type: 'content_end',
    stopReason: claude.find((f) => f.type === 'message_delta')!.delta.stop_reason,
    usage: { promptTokens: metrics.inputTokenCount, completionTokens: metrics.outputTokenCount, totalTokens: metrics.inputTokenCount + metrics.outputTokenCount },
  });
  assert.is(events.filter((e) => e.type === 'content_start').length, 1);
  assert.is(events.filter((e) => e.type === 'content_end').length, 1);
});

stream('MessagesStream :: blocks, model and stop reason gather the answer like chat()', () => {
  const s = new MessagesStream(MODEL);
  run(claude, s);
  const text = claude.filter((f) => f.delta?.type === 'text_delta').map((f) => f.delta.text).join('');
  const json = claude.filter((f) => f.delta?.type === 'input_json_delta').map((f) => f.delta.partial_json).join('');
  const tool = claude.find((f) => f.content_block?.type === 'tool_use')!.content_block;
  assert.equal(s.blocks, [{ type: 'text', text }, { type: 'tool_use', id: tool.id, name: tool.name, input: JSON.parse(json) }]);
  assert.is(s.model, claude[0]!.message.model);
  assert.is(s.id, claude[0]!.message.id);
  assert.is(s.stopReason, 'tool_use');
});

stream('MessagesStream :: thinking vector → thinking deltas, signature kept, then StreamError (no message_stop)', () => {
  const frames = chunkEvents(bedrock['invoke-stream-thinking.bin']);
  const s = new MessagesStream(MODEL);
  const events = frames.flatMap((e) => s.push(e));
  assert.equal(events[0], { type: 'content_start', model: MODEL });
  const src = bedrock['invoke-stream-thinking.json'].frames as Array<Record<string, any>>;
  assert.equal(events.slice(1), src.filter((f) => f.delta?.type === 'thinking_delta').map((f) => ({ type: 'thinking_delta', index: 0, thinking: f.delta.thinking })));
  assert.equal(s.blocks[0], { type: 'thinking', thinking: src[1]!.delta.thinking, signature: src[2]!.delta.signature });
  const e = throwsError(() => s.finish(), StreamError);
  assert.match(e.message, /^stream ended before its final event \(1 blocks received\)$/);
  assert.is(e.model, MODEL);
});

stream('MessagesStream :: every cut of the Claude vector before message_stop is a StreamError', () => {
  for (let n = 0; n < claude.length - 1; n++) {
    const s = new MessagesStream(MODEL);
    const out = claude.slice(0, n).flatMap((e) => s.push(e));
    assert.not.ok(out.some((e) => e.type === 'content_end'));
    throwsError(() => s.finish(), StreamError);
  }
});

stream('MessagesStream :: usage from message_start/message_delta when metrics are absent', () => {
  const events = run([
    { type: 'message_start', message: { id: 'm', model: 'claude', usage: { input_tokens: 20, output_tokens: 1, cache_read_input_tokens: 50, cache_creation_input_tokens: 0 } } },
    { type: 'ping' },
    { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
    { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'ok' } },
    { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: '' } },
    { type: 'content_block_delta', index: 0, delta: { type: 'citations_delta', citation: {} } },
    { type: 'content_block_stop', index: 0 },
    { type: 'message_delta', delta: { stop_reason: 'max_tokens' }, usage: { output_tokens: 9 } },
    { type: 'some_future_event' },
    { type: 'message_stop' },
    { type: 'message_start', message: {} },
  ]);
  assert.equal(events.at(-1), { type: 'content_end', stopReason: 'max_tokens', usage: { promptTokens: 20, completionTokens: 9, totalTokens: 79, cacheReadTokens: 50, cacheWriteTokens: 0 } });
  assert.is(events.length, 3);
});

stream('MessagesStream :: ping and unknown events before message_start do not start the answer; content_start carries the id', () => {
  const events = run([
    { type: 'ping' },
    { type: 'some_future_event' },
    { type: 'message_start', message: { id: 'msg_1', model: 'claude-x' } },
    { type: 'message_stop' },
  ]);
  assert.equal(events[0], { type: 'content_start', id: 'msg_1', model: 'claude-x' });
  assert.is(events.length, 2);
});

stream('MessagesStream :: tool input: empty → {}, invalid → StreamError, delta without start → StreamError', () => {
  const empty = run([
    { type: 'message_start', message: { id: 'm' } },
    { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 't', name: 'now', input: {} } },
    { type: 'content_block_stop', index: 0 },
    { type: 'message_stop' },
  ]);
  assert.equal(empty.find((e) => e.type === 'tool_use'), { type: 'tool_use', index: 0, id: 't', name: 'now', input: {} });
  assert.is((empty.at(-1) as { stopReason: string }).stopReason, 'end_turn');
  const bad = new MessagesStream(MODEL);
  bad.push({ type: 'content_block_start', index: 2, content_block: { type: 'tool_use', id: 't', name: 'f', input: {} } });
  bad.push({ type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '{"a":' } });
  const e = throwsError(() => bad.push({ type: 'content_block_stop', index: 2 }), StreamError);
  assert.is(e.message, 'tool f at block 2: expected JSON input, got "{\\"a\\":"');
  assert.instance(e.cause, SyntaxError);
  throwsError(() => new MessagesStream().push({ type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{}' } }), StreamError);
  throwsError(() => new MessagesStream().push('not an event'), StreamError);
});

stream('MessagesStream :: deltas without a block start, initial text, redacted and unknown blocks', () => {
  const s = new MessagesStream();
  const events = [
    { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'a' } },
    { type: 'content_block_delta', index: 1, delta: { type: 'thinking_delta', thinking: 't' } },
    { type: 'content_block_delta', index: 1, delta: { type: 'signature_delta', signature: 's' } },
    { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'ignored' } },
    { type: 'content_block_start', index: 2, content_block: { type: 'text', text: 'pre' } },
    { type: 'content_block_start', index: 3, content_block: { type: 'thinking', thinking: 'pre-think' } },
    { type: 'content_block_start', index: 4, content_block: { type: 'redacted_thinking', data: 'enc' } },
    { type: 'content_block_start', index: 5, content_block: { type: 'web_search_tool_result' } },
    { type: 'content_block_stop', index: 5 },
    { type: 'content_block_delta' },
    { type: 'message_stop', 'amazon-bedrock-invocationMetrics': { inputTokenCount: 1, outputTokenCount: 2, cacheReadInputTokenCount: 3, cacheWriteInputTokenCount: 4 } },
  ].flatMap((e) => s.push(e));
  assert.equal(events.map((e) => e.type), ['content_start', 'content_delta', 'thinking_delta', 'content_delta', 'thinking_delta', 'content_end']);
  assert.equal(events[0], { type: 'content_start' });
  assert.equal(s.blocks, [
    { type: 'text', text: 'a' },
    { type: 'thinking', thinking: 't', signature: 's' },
    { type: 'text', text: 'pre' },
    { type: 'thinking', thinking: 'pre-think' },
    { type: 'redacted_thinking', data: 'enc' },
  ]);
  assert.equal(s.usage, { promptTokens: 1, completionTokens: 2, totalTokens: 10, cacheReadTokens: 3, cacheWriteTokens: 4 });
  assert.is(new MessagesStream().model, undefined);
});

stream('MessagesStream :: error events throw typed errors', () => {
  const rate = throwsError(() => new MessagesStream(MODEL).push({ type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } }), RateLimitError);
  assert.is(rate.retryable, true);
  assert.is(rate.model, MODEL);
  const over = throwsError(() => new MessagesStream().push({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }), ProviderError);
  assert.is(over.code, 'ServiceUnavailableException');
  assert.is(over.retryable, true);
  throwsError(() => new MessagesStream().push({ type: 'error', error: { type: 'invalid_request_error', message: 'prompt is too long: 9 tokens > 8 maximum' } }), ContextLengthError);
  const odd = throwsError(() => new MessagesStream().push({ type: 'error' }), ProviderError);
  assert.is(odd.code, 'ModelStreamErrorException');
});

stream.run();
