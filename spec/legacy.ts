import { suite } from 'uvu';
import { throwsError } from './fixtures/helpers.ts';
import * as assert from 'uvu/assert';
import { AI_PROMPT, HUMAN_PROMPT, LegacyStream, legacyBody, parseLegacyResponse, usageFromHeaders } from '../lib/legacy.ts';
import { ProviderError, StreamError, ValidationError } from '../lib/errors.ts';
import type { ChatOptions } from '../lib/types.ts';
import { BedrockProvider } from '../lib/provider.ts';
import { EXAMPLE_CREDENTIALS } from '../lib/emulator.ts';

const legacy = suite('legacyBody');

legacy('legacyBody :: Human/Assistant prompt, defaults and stop sequences', () => {
  const b = legacyBody(
    [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hello' }, { role: 'assistant', content: 'Hi!' }, { role: 'user', content: 'Capital of France?' }],
    { model: 'anthropic.claude-v2', temperature: 0.2, topP: 0.9, topK: 5, stopSequences: ['END', HUMAN_PROMPT] },
  );
  assert.equal(b, {
    prompt: 'Be brief.\n\nHuman: Hello\n\nAssistant: Hi!\n\nHuman: Capital of France?\n\nAssistant:',
    max_tokens_to_sample: 4096,
    temperature: 0.2,
    top_p: 0.9,
    top_k: 5,
    stop_sequences: [HUMAN_PROMPT, 'END'],
  });
});

legacy('legacyBody :: a final assistant turn prefills the answer', () => {
  const b = legacyBody([{ role: 'user', content: 'Count' }, { role: 'assistant', content: 'One,' }], { model: 'anthropic.claude-instant-v1', maxTokens: 10 });
  assert.is(b.prompt, `${HUMAN_PROMPT} Count${AI_PROMPT} One,`);
  assert.is(b.max_tokens_to_sample, 10);
  assert.equal(b.stop_sequences, [HUMAN_PROMPT]);
});

legacy('legacyBody :: non-text blocks are rejected', () => {
  const e = throwsError(() => legacyBody([{ role: 'user', content: [{ type: 'image', mediaType: 'image/png', data: 'AA==' }] }], { model: 'anthropic.claude-v2' }), ValidationError);
  assert.is(e.field, 'messages');
  assert.match(e.message, /^anthropic\.claude-v2 uses the legacy text-completions API \(anthropic\.claude-v2\/instant\), which takes text only, got an image block$/);
  const t = throwsError(() => legacyBody([{ role: 'user', content: 'q' }, { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'f', input: {} }] }], { model: 'anthropic.claude-v2' }), ValidationError);
  assert.match(t.message, /, got a tool_use block$/);
});

legacy('legacyBody :: tools, thinking and betas, which the legacy API lacks, are rejected, not dropped', () => {
  const tools = [{ name: 'get_weather', inputSchema: { type: 'object' } }];
  const cases: Array<[Partial<ChatOptions>, string]> = [[{ tools }, 'tools'], [{ tools, toolChoice: 'any' }, 'tools'], [{ tools, toolChoice: { name: 'get_weather' } }, 'tools'], [{ thinking: { budgetTokens: 1024 } }, 'thinking'], [{ betas: ['token-efficient-tools-2025-02-19'] }, 'betas']];
  for (const [extra, field] of cases) {
    const e = throwsError(() => legacyBody([{ role: 'user', content: 'q' }], { model: 'anthropic.claude-instant-v1', ...extra }), ValidationError);
    assert.is(e.field, field);
    assert.is(e.message, `anthropic.claude-instant-v1 uses the legacy text-completions API (anthropic.claude-v2/instant), which does not support ${field}`);
  }
  // no tools (an empty list), and the choices that need none, change nothing: the body is the plain one
  const plain = legacyBody([{ role: 'user', content: 'q' }], { model: 'anthropic.claude-v2' });
  for (const extra of [{ tools: [] }, { betas: [] }, { toolChoice: 'auto' }, { toolChoice: 'none' }] as Array<Partial<ChatOptions>>) {
    assert.equal(legacyBody([{ role: 'user', content: 'q' }], { model: 'anthropic.claude-v2', ...extra }), plain);
  }
});

legacy('legacyBody :: chat, stream and countTokens with tools on claude-v2 fail before any request', async () => {
  let calls = 0;
  const fetch = async (): Promise<Response> => (calls++, new Response('{}', { status: 500 }));
  const p = new BedrockProvider({ region: 'us-east-1', ...EXAMPLE_CREDENTIALS, fetch, maxRetries: 0 } as ConstructorParameters<typeof BedrockProvider>[0]);
  const o: ChatOptions = { model: 'anthropic.claude-v2:1', tools: [{ name: 'f', inputSchema: {} }] };
  const q = [{ role: 'user' as const, content: 'q' }];
  const failures = [
    await p.chat(q, o).catch((e) => e),
    await (async () => { for await (const _ of p.stream(q, o)); })().catch((e) => e),
    await p.countTokens(q, o).catch((e) => e),
  ];
  for (const e of failures) {
    assert.instance(e, ValidationError);
    assert.is(e.field, 'tools');
  }
  assert.is(calls, 0);
});

legacy.run();

const legacyParse = suite('parseLegacyResponse');

legacyParse('parseLegacyResponse :: completion and stop reason', () => {
  const r = parseLegacyResponse({ completion: ' Paris.', stop_reason: 'stop_sequence', stop: HUMAN_PROMPT }, 'anthropic.claude-v2');
  assert.equal(r, { content: ' Paris.', blocks: [{ type: 'text', text: ' Paris.' }], model: 'anthropic.claude-v2', stopReason: 'end_turn', usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 } });
  assert.is(parseLegacyResponse({ completion: 'x', stop_reason: 'max_tokens' }, 'm').stopReason, 'max_tokens');
  assert.is(parseLegacyResponse({ completion: 'x', stop_reason: 'stop_sequence', stop: 'END' }, 'm').stopReason, 'stop_sequence');
  assert.is(parseLegacyResponse({ completion: 'x' }, 'm').stopReason, 'end_turn');
  throwsError(() => parseLegacyResponse({ content: [] }, 'm'), ProviderError);
});

legacyParse.run();

const headers = suite('usageFromHeaders');

headers('usageFromHeaders :: Bedrock token-count headers', () => {
  const h = new Headers({ 'x-amzn-bedrock-input-token-count': '12', 'x-amzn-bedrock-output-token-count': '7' });
  assert.equal(usageFromHeaders(h), { promptTokens: 12, completionTokens: 7, totalTokens: 19 });
  h.set('x-amzn-bedrock-cache-read-input-token-count', '3');
  h.set('x-amzn-bedrock-cache-write-input-token-count', 'x');
  assert.equal(usageFromHeaders(h), { promptTokens: 12, completionTokens: 7, totalTokens: 22, cacheReadTokens: 3 });
  assert.is(usageFromHeaders(new Headers()), undefined);
  assert.equal(usageFromHeaders(new Headers({ 'x-amzn-bedrock-output-token-count': '4' })), { promptTokens: 0, completionTokens: 4, totalTokens: 4 });
});

headers.run();

const legacyStream = suite('LegacyStream');

legacyStream('LegacyStream :: completions, stop reason, invocation metrics', () => {
  const s = new LegacyStream('anthropic.claude-v2');
  const events = [
    { completion: ' Hello', stop_reason: null, stop: null },
    { completion: '', stop_reason: null },
    { completion: ' world', stop_reason: 'stop_sequence', stop: HUMAN_PROMPT, 'amazon-bedrock-invocationMetrics': { inputTokenCount: 8, outputTokenCount: 3, invocationLatency: 10, firstByteLatency: 5 } },
    { completion: 'late' },
  ].flatMap((e) => s.push(e));
  assert.equal(events, [
    { type: 'content_start', model: 'anthropic.claude-v2' },
    { type: 'content_delta', index: 0, content: ' Hello' },
    { type: 'content_delta', index: 0, content: ' world' },
    { type: 'content_end', stopReason: 'end_turn', usage: { promptTokens: 8, completionTokens: 3, totalTokens: 11 } },
  ]);
  assert.equal(s.finish(), []);
  assert.equal(s.blocks, [{ type: 'text', text: ' Hello world' }]);
  assert.is(s.model, 'anthropic.claude-v2');
});

legacyStream('LegacyStream :: truncated stream and bad events', () => {
  const s = new LegacyStream();
  assert.equal(s.push({ completion: 'x' }), [{ type: 'content_start' }, { type: 'content_delta', index: 0, content: 'x' }]);
  const e = throwsError(() => s.finish(), StreamError);
  assert.match(e.message, /^stream ended before its final event/);
  throwsError(() => s.push(42), StreamError);
  const max = new LegacyStream();
  assert.is((max.push({ completion: '', stop_reason: 'max_tokens' }).at(-1) as { stopReason: string }).stopReason, 'max_tokens');
});

legacyStream.run();
