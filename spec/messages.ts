import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  BlockStream, DEFAULT_MAX_TOKENS, INVOCATION_METRICS, chooseApi, copyBlock, badAnswer, defined, isObject, joinText, makeUsage,
  countTokensInput, metricsUsage, normalize, num, obj, preview, some, str, toJson, usageFrom, validateRequest,
} from '../lib/messages.ts';
import type { WireApi } from '../lib/messages.ts';
import { messagesBody } from '../lib/anthropic.ts';
import { legacyBody } from '../lib/legacy.ts';
import { converseBody } from '../lib/converse.ts';
import captured from 'vectors:captured-requests.json';
import { ProviderError, StreamError, ValidationError } from '../lib/errors.ts';
import { throwsError } from './fixtures/helpers.ts';
import type { ChatOptions, ContentBlock, ImageBlock, Message, StreamEvent } from '../lib/types.ts';
import { fromBase64 } from '../lib/bytes.ts';
import { BedrockProvider } from '../lib/provider.ts';
import { EXAMPLE_CREDENTIALS } from '../lib/emulator.ts';

const MODEL = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
const hi: Message[] = [{ role: 'user', content: 'Hi' }];

/** Runs validateRequest and returns the ValidationError it throws. */
function rejects(messages: unknown, options: unknown): ValidationError {
  try {
    validateRequest(messages as Message[], options as ChatOptions);
  } catch (e) {
    assert.instance(e, ValidationError);
    return e as ValidationError;
  }
  throw new Error('expected a ValidationError to be thrown');
}

const validate = suite('validateRequest');

validate('validateRequest :: accepts the seed examples', () => {
  validateRequest([{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'What is the capital of France?' }], { model: MODEL, maxTokens: 1024, temperature: 0.7 });
  validateRequest(
    [
      { role: 'user', content: 'Hello! I need help with Python.' },
      { role: 'assistant', content: "I'd be happy to help with Python! What would you like to know?" },
      { role: 'user', content: 'How do I read a CSV file?' },
    ],
    { model: MODEL, maxTokens: 2048, temperature: 0.8, topP: 0.95, stopSequences: ['END', 'STOP'], system: 'You are an expert programmer.' },
  );
});

validate('validateRequest :: accepts every block kind, tools and thinking', () => {
  validateRequest(
    [
      { role: 'user', content: [{ type: 'text', text: 'look', cache: true }, { type: 'image', mediaType: 'image/png', data: 'iVBORw0KGgo=' }] },
      { role: 'assistant', content: [{ type: 'thinking', thinking: 'hm', signature: 'sig' }, { type: 'redacted_thinking', data: 'xx' }, { type: 'tool_use', id: 't1', name: 'get_weather', input: { city: 'Paris' } }] },
      { role: 'user', content: [{ type: 'tool_result', toolUseId: 't1', content: [{ type: 'text', text: 'sunny' }], isError: false }] },
    ],
    {
      model: MODEL, maxTokens: 4000, topK: 0, tools: [{ name: 'get_weather', description: 'Weather', inputSchema: { type: 'object' } }],
      toolChoice: { name: 'get_weather' }, thinking: { budgetTokens: 1024 }, api: 'invoke', betas: ['b1'],
    },
  );
  validateRequest(hi, { model: MODEL, tools: [{ name: 'a', inputSchema: {} }], toolChoice: 'any' });
  validateRequest(hi, { model: MODEL, toolChoice: 'none' });
  validateRequest(hi, { model: MODEL, toolChoice: 'auto' });
});

const optionCases: Array<[string, Record<string, unknown>, string, RegExp]> = [
  ['temperature above 1', { temperature: 1.5 }, 'temperature', /^temperature must be between 0 and 1, got 1\.5$/],
  ['temperature NaN', { temperature: NaN }, 'temperature', /got NaN/],
  ['temperature as string', { temperature: '0.5' }, 'temperature', /got "0\.5"/],
  ['topP below 0', { topP: -0.1 }, 'topP', /topP must be between 0 and 1/],
  ['topK fraction', { topK: 1.5 }, 'topK', /integer ≥ 0/],
  ['topK negative', { topK: -1 }, 'topK', /integer ≥ 0/],
  ['maxTokens 0', { maxTokens: 0 }, 'maxTokens', /maxTokens must be an integer ≥ 1, got 0/],
  ['maxTokens fraction', { maxTokens: 10.5 }, 'maxTokens', /integer/],
  ['stopSequences not strings', { stopSequences: ['a', 1] }, 'stopSequences[1]', /^stopSequences\[1\] must be a non-empty string, got 1$/],
  ['stopSequences empty string', { stopSequences: [''] }, 'stopSequences[0]', /^stopSequences\[0\] must be a non-empty string, got ""$/],
  ['stopSequences not an array', { stopSequences: 'END' }, 'stopSequences', /^stopSequences must be an array of non-empty strings, got "END"$/],
  ['signal a string', { signal: 'x' }, 'signal', /^signal must be an AbortSignal, got "x"$/],
  ['signal a plain object', { signal: { aborted: false } }, 'signal', /^signal must be an AbortSignal, got an object$/],
  ['system not a string', { system: ['x'] }, 'system', /got an array/],
  ['api unknown', { api: 'rest' }, 'api', /'invoke' or 'converse'/],
  ['betas not strings', { betas: ['a', 1] }, 'betas[1]', /^betas\[1\] must be a string, got 1$/],
  ['betas not an array', { betas: 'b1' }, 'betas', /array of strings/],
  ['thinking below 1024', { maxTokens: 4000, thinking: { budgetTokens: 1023 } }, 'thinking.budgetTokens', /≥ 1024/],
  ['thinking not below maxTokens', { maxTokens: 2000, thinking: { budgetTokens: 2000 } }, 'thinking.budgetTokens', /below maxTokens \(2000\)/],
  ['thinking budget against the default maxTokens', { thinking: { budgetTokens: DEFAULT_MAX_TOKENS } }, 'thinking.budgetTokens', new RegExp(`\\(${DEFAULT_MAX_TOKENS}\\)`)],
  ['thinking not an object', { thinking: 5 }, 'thinking.budgetTokens', /got undefined/],
  ['tools not an array', { tools: {} }, 'tools', /tools must be an array/],
  ['tool not an object', { tools: [null] }, 'tools[0]', /got null/],
  ['tool name with spaces', { tools: [{ name: 'get weather', inputSchema: {} }] }, 'tools[0].name', /must be unique and match .*, got "get weather"/],
  ['tool name twice', { tools: [{ name: 'a', inputSchema: {} }, { name: 'a', inputSchema: {} }] }, 'tools[1].name', /must be unique.*, got "a"/],
  ['tool description number', { tools: [{ name: 'a', description: 1, inputSchema: {} }] }, 'tools[0].description', /must be a string/],
  ['tool schema missing', { tools: [{ name: 'a' }] }, 'tools[0].inputSchema', /JSON Schema object/],
  ['toolChoice unknown tool', { tools: [{ name: 'a', inputSchema: {} }], toolChoice: { name: 'b' } }, 'toolChoice', /must be a tool name in tools, got "b"/],
  ['toolChoice any without tools', { toolChoice: 'any' }, 'toolChoice', /needs tools.*, got "any"/],
  ['toolChoice bad shape', { toolChoice: 'required' }, 'toolChoice', /'auto', 'none', 'any' \(needs tools\) or \{ name \}, got "required"/],
];
for (const [name, extra, field, message] of optionCases) {
  validate(`validateRequest :: ${name}`, () => {
    const e = rejects(hi, { model: MODEL, ...extra });
    assert.is(e.field, field);
    assert.match(e.message, message);
    assert.is(e.code, 'ValidationError');
  });
}

validate('validateRequest :: model', () => {
  assert.is(rejects(hi, { model: '' }).field, 'model');
  assert.is(rejects(hi, { model: 42 }).field, 'model');
  assert.is(rejects(hi, {}).field, 'model');
  const e = rejects(hi, { model: 'anthropic.claude\r\nx-evil: 1' });
  assert.is(e.field, 'model');
  assert.match(e.message, /CR, LF or NUL/);
  assert.is(rejects(hi, { model: 'a\0b' }).field, 'model');
  assert.is(rejects(hi, null).field, 'options');
});

const image = (data: string) => ({ type: 'image', mediaType: 'image/png', data });
const messageCases: Array<[string, unknown, string, RegExp]> = [
  ['not an array', 'Hi', 'messages', /non-empty array/],
  ['empty', [], 'messages', /^messages must be a non-empty array, got an empty array$/],
  ['only system', [{ role: 'system', content: 'x' }], 'messages', /starting with a user turn after system messages, got no user or assistant turn$/],
  ['starts with assistant', [{ role: 'system', content: 'x' }, { role: 'assistant', content: 'y' }], 'messages', /starting with a user turn.*, got "assistant"/],
  ['message not an object', [null], 'messages[0]', /got null/],
  ['unknown role', [{ role: 'tool', content: 'x' }], 'messages[0].role', /system, user or assistant, got "tool"/],
  ['content a number', [{ role: 'user', content: 3 }], 'messages[0].content', /string or an array/],
  ['block not an object', [{ role: 'user', content: ['x'] }], 'messages[0].content[0]', /must be an object, got "x"/],
  ['block unknown type', [{ role: 'user', content: [{ type: 'audio' }] }], 'messages[0].content[0].type', /got "audio"/],
  ['text without text', [{ role: 'user', content: [{ type: 'text' }] }], 'messages[0].content[0].text', /must be a string/],
  ['image bad media type', [{ role: 'user', content: [{ type: 'image', mediaType: 'image/bmp', data: 'x' }] }], 'messages[0].content[0].mediaType', /image\/png/],
  ['image no data', [{ role: 'user', content: [{ type: 'image', mediaType: 'image/png', data: '' }] }], 'messages[0].content[0].data', /non-empty standard base64/],
  ['image data not base64', [{ role: 'user', content: [image('not base64!!')] }], 'messages[0].content[0].data', /must be non-empty standard base64 .*, got "not base64!!"$/],
  ['image data a data: URL', [{ role: 'user', content: [image('data:image/png;base64,iVBORw0KGgo=')] }], 'messages[0].content[0].data', /must be plain base64, not a data: URL \(strip the data:image\/png;base64, prefix\), got "data:image/],
  ['image data URL-safe base64', [{ role: 'user', content: [image('iVBO-w0_')] }], 'messages[0].content[0].data', /standard base64/],
  ['image data one char too many', [{ role: 'user', content: [image('iVBORw0KG')] }], 'messages[0].content[0].data', /standard base64/],
  ['image data padding not at a multiple of 4', [{ role: 'user', content: [image('iVBORw=')] }], 'messages[0].content[0].data', /standard base64/],
  ['image data padding only', [{ role: 'user', content: [image('====')] }], 'messages[0].content[0].data', /standard base64/],
  ['image data three pads', [{ role: 'user', content: [image('iV===')] }], 'messages[0].content[0].data', /standard base64/],
  ['image data padding inside', [{ role: 'user', content: [image('iV==iVBO')] }], 'messages[0].content[0].data', /standard base64/],
  ['image data with a line break', [{ role: 'user', content: [image('iVBO\nRw0K')] }], 'messages[0].content[0].data', /standard base64/],
  ['image data not a string', [{ role: 'user', content: [image(42 as unknown as string)] }], 'messages[0].content[0].data', /standard base64.*, got 42$/],
  ['user content empty string', [{ role: 'user', content: '' }], 'messages[0].content', /^messages\[0\]\.content must be non-empty \(only the last message, an assistant prefill, may be empty\), got ""$/],
  ['user content empty array', [{ role: 'user', content: [] }], 'messages[0].content', /must be non-empty .*, got an empty array$/],
  ['last user content empty', [{ role: 'user', content: 'q' }, { role: 'assistant', content: 'a' }, { role: 'user', content: '' }], 'messages[2].content', /must be non-empty/],
  ['assistant content empty before the end', [{ role: 'user', content: 'q' }, { role: 'assistant', content: '' }, { role: 'user', content: 'q' }], 'messages[1].content', /must be non-empty/],
  ['assistant content empty array before the end', [{ role: 'user', content: 'q' }, { role: 'assistant', content: [] }, { role: 'user', content: 'q' }], 'messages[1].content', /got an empty array/],
  ['text block empty', [{ role: 'user', content: [{ type: 'text', text: '' }] }], 'messages[0].content[0].text', /^messages\[0\]\.content\[0\]\.text must be non-empty, got ""$/],
  ['final assistant text block empty', [{ role: 'user', content: 'q' }, { role: 'assistant', content: [{ type: 'text', text: '' }] }], 'messages[1].content[0].text', /non-empty/],
  ['system text block empty', [{ role: 'system', content: [{ type: 'text', text: '' }] }, { role: 'user', content: 'q' }], 'messages[0].content[0].text', /non-empty/],
  ['tool_result text block empty', [{ role: 'user', content: [{ type: 'tool_result', toolUseId: 'a', content: [{ type: 'text', text: '' }] }] }], 'messages[0].content[0].content[0].text', /non-empty/],
  ['tool_use input a string', [{ role: 'user', content: 'q' }, { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'f', input: '{"city":"Paris"}' }] }], 'messages[1].content[0].input', /^messages\[1\]\.content\[0\]\.input must be an object \(the tool arguments\), got "\{\\"city/],
  ['tool_use input an array', [{ role: 'user', content: 'q' }, { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'f', input: [1] }] }], 'messages[1].content[0].input', /got an array$/],
  ['tool_use input null', [{ role: 'user', content: 'q' }, { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'f', input: null }] }], 'messages[1].content[0].input', /got null$/],
  ['tool_use in a user turn', [{ role: 'user', content: [{ type: 'tool_use', id: 'a', name: 'b', input: {} }] }], 'messages[0].content[0]', /assistant turns/],
  ['tool_use without id', [{ role: 'user', content: 'q' }, { role: 'assistant', content: [{ type: 'tool_use', name: 'b' }] }], 'messages[1].content[0].id', /must be a string/],
  ['tool_result in an assistant turn', [{ role: 'user', content: 'q' }, { role: 'assistant', content: [{ type: 'tool_result', toolUseId: 'a', content: 'x' }] }], 'messages[1].content[0]', /user turns/],
  ['tool_result content number', [{ role: 'user', content: [{ type: 'tool_result', toolUseId: 'a', content: 1 }] }], 'messages[0].content[0].content', /must be a string/],
  ['tool_result nested tool_use', [{ role: 'user', content: [{ type: 'tool_result', toolUseId: 'a', content: [{ type: 'tool_use' }] }] }], 'messages[0].content[0].content[0]', /text or image block/],
  ['tool_result nested bad image', [{ role: 'user', content: [{ type: 'tool_result', toolUseId: 'a', content: [{ type: 'image', mediaType: 'image/png' }] }] }], 'messages[0].content[0].content[0].data', /base64/],
  ['tool_result isError string', [{ role: 'user', content: [{ type: 'tool_result', toolUseId: 'a', content: 'x', isError: 'yes' }] }], 'messages[0].content[0].isError', /boolean/],
  ['thinking signature number', [{ role: 'user', content: 'q' }, { role: 'assistant', content: [{ type: 'thinking', thinking: 't', signature: 1 }] }], 'messages[1].content[0].signature', /string/],
  ['redacted without data', [{ role: 'user', content: 'q' }, { role: 'assistant', content: [{ type: 'redacted_thinking' }] }], 'messages[1].content[0].data', /string/],
  ['system image', [{ role: 'system', content: [{ type: 'image', mediaType: 'image/png', data: 'x' }] }, { role: 'user', content: 'q' }], 'messages[0].content[0]', /must be a text block, got "image"/],
];
for (const [name, messages, field, message] of messageCases) {
  validate(`validateRequest :: messages ${name}`, () => {
    const e = rejects(messages, { model: MODEL });
    assert.is(e.field, field);
    assert.match(e.message, message);
  });
}

validate('validateRequest :: an AbortSignal (aborted or not, or none) is accepted', () => {
  const aborted = new AbortController();
  aborted.abort();
  for (const signal of [new AbortController().signal, aborted.signal, AbortSignal.abort(), undefined, null]) {
    validateRequest(hi, { model: MODEL, signal } as ChatOptions);
  }
});

validate('validateRequest :: standard base64 image data, padded or not, is accepted', () => {
  for (const data of ['iVBORw0KGgo=', 'iVBORw0KGgo', 'AA==', 'AA', 'AAA=', 'AAA', 'AAAA', '+/+/', 'ab+/cd==']) {
    validateRequest([{ role: 'user', content: [image(data) as ImageBlock] }], { model: MODEL });
  }
  // every string fromBase64 (the decoder we use elsewhere) reads is accepted, and the others rejected
  for (const data of ['AA==', 'AA', 'A', 'AAAAA', 'AAA==', 'A===', 'AB=C', '-_', 'AA AA']) {
    let decodes = true;
    try { fromBase64(data); } catch { decodes = false; }
    let valid = true;
    try { validateRequest([{ role: 'user', content: [image(data) as ImageBlock] }], { model: MODEL }); } catch { valid = false; }
    assert.is(valid, decodes, data);
  }
});

validate('validateRequest :: a large image is checked whole: its end counts', () => {
  const big = 'iVBORw0K'.repeat(1 << 20);
  validateRequest([{ role: 'user', content: [image(big) as ImageBlock] }], { model: MODEL });
  const e = rejects([{ role: 'user', content: [image(big + '!!!!')] }], { model: MODEL });
  assert.is(e.field, 'messages[0].content[0].data');
  assert.ok(e.message.length < 200, 'the message quotes a bounded part of the data');
});

validate('validateRequest :: only the last message may be empty, and only an assistant prefill', () => {
  validateRequest([{ role: 'user', content: 'q' }, { role: 'assistant', content: '' }], { model: MODEL });
  validateRequest([{ role: 'user', content: 'q' }, { role: 'assistant', content: [] }], { model: MODEL });
  validateRequest([{ role: 'system', content: '' }, { role: 'user', content: 'q' }], { model: MODEL });
  validateRequest([{ role: 'user', content: [{ type: 'tool_result', toolUseId: 't', content: '' }] }], { model: MODEL });
  validateRequest([{ role: 'user', content: 'q' }, { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'f' } as unknown as ContentBlock] }], { model: MODEL });
});

validate('validateRequest :: BedrockProvider calls fail with a ValidationError before any request', async () => {
  let calls = 0;
  const fetch = async (): Promise<Response> => (calls++, new Response('{}', { status: 500 }));
  const p = new BedrockProvider({ region: 'us-east-1', ...EXAMPLE_CREDENTIALS, fetch, maxRetries: 0 } as ConstructorParameters<typeof BedrockProvider>[0]);
  const cases: Array<[unknown, Record<string, unknown>, string]> = [
    [hi, { signal: 'x' }, 'signal'],
    [hi, { stopSequences: ['END', 1] }, 'stopSequences[1]'],
    [[{ role: 'user', content: '' }], {}, 'messages[0].content'],
    [[{ role: 'user', content: [image('data:image/png;base64,iVBORw0KGgo=')] }], {}, 'messages[0].content[0].data'],
    [[{ role: 'user', content: 'q' }, { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'f', input: '{}' }] }, { role: 'user', content: [{ type: 'tool_result', toolUseId: 't', content: 'ok' }] }], {}, 'messages[1].content[0].input'],
  ];
  for (const [messages, extra, field] of cases) {
    for (const model of [MODEL, 'amazon.nova-pro-v1:0']) {
      const o = { model, ...extra } as ChatOptions;
      const failures = [
        await p.chat(messages as Message[], o).catch((e) => e),
        await (async () => { for await (const _ of p.stream(messages as Message[], o)); })().catch((e) => e),
      ];
      for (const e of failures) {
        assert.instance(e, ValidationError, `${field}: ${e}`);
        assert.is(e.field, field);
      }
    }
  }
  assert.is(calls, 0);
});

validate('validateRequest :: long strings are shortened in messages', () => {
  const e = rejects([{ role: 'x'.repeat(500), content: 'q' }], { model: MODEL });
  assert.ok(e.message.length < 120, e.message);
});

validate.run();

const norm = suite('normalize');

norm('normalize :: lifts system messages, then options.system', () => {
  const messages: Message[] = [
    { role: 'system', content: 'A' },
    { role: 'user', content: 'q' },
    { role: 'system', content: [{ type: 'text', text: 'B', cache: true }] },
  ];
  const n = normalize(messages, { system: 'C' });
  assert.equal(n.system, [{ type: 'text', text: 'A' }, { type: 'text', text: 'B', cache: true }, { type: 'text', text: 'C' }]);
  assert.equal(n.turns, [{ role: 'user', content: [{ type: 'text', text: 'q' }] }]);
});

norm('normalize :: merges consecutive same-role turns without touching the input', () => {
  const messages: Message[] = [
    { role: 'user', content: 'a' },
    { role: 'user', content: [{ type: 'text', text: 'b' }] },
    { role: 'assistant', content: 'c' },
    { role: 'system', content: 's' },
    { role: 'assistant', content: 'd' },
    { role: 'user', content: 'e' },
  ];
  const copy = JSON.parse(JSON.stringify(messages));
  const n = normalize(messages, {});
  assert.equal(n.turns.map((t) => [t.role, t.content.map((b) => (b as { text: string }).text).join('')]), [['user', 'ab'], ['assistant', 'cd'], ['user', 'e']]);
  assert.equal(messages, copy);
  assert.equal(n.system, [{ type: 'text', text: 's' }]);
});

norm('normalize :: a final empty assistant turn (an empty prefill) is left out, for every wire API', () => {
  for (const prefill of ['', []] as Array<string | ContentBlock[]>) {
    const messages: Message[] = [{ role: 'system', content: '' }, { role: 'user', content: 'q' }, { role: 'assistant', content: prefill }];
    const n = normalize(messages, {});
    assert.equal(n, { system: [], turns: [{ role: 'user', content: [{ type: 'text', text: 'q' }] }] });
    assert.equal(messagesBody(messages, { model: MODEL }).messages, [{ role: 'user', content: 'q' }]);
    assert.equal(converseBody(messages, { model: 'amazon.nova-pro-v1:0' }).messages, [{ role: 'user', content: [{ text: 'q' }] }]);
    assert.is(legacyBody(messages, { model: 'anthropic.claude-v2' }).prompt, '\n\nHuman: q\n\nAssistant:');
  }
  // merged into the assistant turn before it, an empty prefill adds nothing
  const merged = normalize([{ role: 'user', content: 'q' }, { role: 'assistant', content: 'a' }, { role: 'assistant', content: '' }], {});
  assert.equal(merged.turns.at(-1), { role: 'assistant', content: [{ type: 'text', text: 'a' }] });
});

norm('normalize :: empty options.system adds nothing', () => {
  assert.equal(normalize(hi, { system: '' }).system, []);
});

norm.run();

const choose = suite('chooseApi');

const apiCases: Array<[string, 'invoke' | 'converse' | undefined, string]> = [
  ['anthropic.claude-3-5-sonnet-20241022-v2:0', undefined, 'messages'],
  ['anthropic.claude-3-haiku-20240307-v1:0', undefined, 'messages'],
  ['anthropic.claude-sonnet-4-5-20250929-v1:0', undefined, 'messages'],
  ['anthropic.claude-opus-4-6-v1', undefined, 'messages'],
  ['us.anthropic.claude-sonnet-4-5-20250929-v1:0', undefined, 'messages'],
  ['eu.anthropic.claude-3-7-sonnet-20250219-v1:0', undefined, 'messages'],
  ['apac.anthropic.claude-3-5-sonnet-20240620-v1:0', undefined, 'messages'],
  ['jp.anthropic.claude-haiku-4-5-20251001-v1:0', undefined, 'messages'],
  ['global.anthropic.claude-sonnet-4-5-20250929-v1:0', undefined, 'messages'],
  ['us-gov.anthropic.claude-3-5-sonnet-20240620-v1:0', undefined, 'messages'],
  ['arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0', undefined, 'messages'],
  ['arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-7-sonnet-20250219-v1:0', undefined, 'messages'],
  ['arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5', undefined, 'converse'],
  ['arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5', 'invoke', 'messages'],
  ['anthropic.claude-v2', undefined, 'legacy'],
  ['anthropic.claude-v2:1', undefined, 'legacy'],
  ['anthropic.claude-v2:1:200k', undefined, 'legacy'],
  ['anthropic.claude-instant-v1', undefined, 'legacy'],
  ['arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-v2:1', undefined, 'legacy'],
  ['anthropic.claude-v2', 'invoke', 'legacy'],
  ['anthropic.claude-v2', 'converse', 'converse'],
  ['anthropic.claude-3-5-sonnet-20241022-v2:0', 'converse', 'converse'],
  ['anthropic.claude-3-5-sonnet-20241022-v2:0', 'invoke', 'messages'],
  ['meta.llama3-1-70b-instruct-v1:0', undefined, 'converse'],
  ['us.meta.llama3-2-11b-instruct-v1:0', undefined, 'converse'],
  ['mistral.mistral-large-2407-v1:0', undefined, 'converse'],
  ['amazon.nova-pro-v1:0', undefined, 'converse'],
  ['amazon.titan-text-express-v1', undefined, 'converse'],
  ['cohere.command-r-plus-v1:0', undefined, 'converse'],
  ['us.deepseek.r1-v1:0', undefined, 'converse'],
  ['ai21.jamba-1-5-large-v1:0', undefined, 'converse'],
  ['notanthropic.claude-3', undefined, 'converse'],
];
for (const [model, api, expected] of apiCases) {
  choose(`chooseApi :: ${model}${api ? ` api=${api}` : ''}`, () => {
    assert.is(chooseApi(model, api), expected);
  });
}

choose.run();

const usage = suite('makeUsage');

usage('makeUsage :: total counts prompt, completion and cache', () => {
  assert.equal(makeUsage(10, 5), { promptTokens: 10, completionTokens: 5, totalTokens: 15 });
  assert.equal(makeUsage(10, 5, 100, 0), { promptTokens: 10, completionTokens: 5, totalTokens: 115, cacheReadTokens: 100, cacheWriteTokens: 0 });
  assert.equal(makeUsage(1, 2, undefined, 7), { promptTokens: 1, completionTokens: 2, totalTokens: 10, cacheWriteTokens: 7 });
});

usage('num :: finite numbers only', () => {
  assert.is(num(3), 3);
  assert.is(num('3'), undefined);
  assert.is(num(Infinity), undefined);
});


usage('usageFrom :: named counts, absent ones keep the base', () => {
  const keys = 'in out read write';
  assert.equal(usageFrom({ in: 3, out: 4 }, keys), { promptTokens: 3, completionTokens: 4, totalTokens: 7 });
  assert.equal(usageFrom({ out: 9, write: 1 }, keys, makeUsage(5, 1, 2)), { promptTokens: 5, completionTokens: 9, totalTokens: 17, cacheReadTokens: 2, cacheWriteTokens: 1 });
  assert.equal(usageFrom('junk', keys), makeUsage(0, 0));
  assert.equal(usageFrom({ in: '3', out: NaN }, keys), makeUsage(0, 0));
});

usage('metricsUsage :: amazon-bedrock-invocationMetrics, only with an input count', () => {
  assert.is(INVOCATION_METRICS, 'amazon-bedrock-invocationMetrics');
  const m = { inputTokenCount: 8, outputTokenCount: 3, cacheReadInputTokenCount: 2, cacheWriteInputTokenCount: 0, invocationLatency: 9 };
  assert.equal(metricsUsage({ [INVOCATION_METRICS]: m }), { promptTokens: 8, completionTokens: 3, totalTokens: 13, cacheReadTokens: 2, cacheWriteTokens: 0 });
  assert.is(metricsUsage({ [INVOCATION_METRICS]: { outputTokenCount: 3 } }), undefined);
  assert.is(metricsUsage({ [INVOCATION_METRICS]: [8] }), undefined);
  assert.is(metricsUsage({}), undefined);
});

usage.run();

const helpers = suite('helpers');

helpers('defined / some / obj / str / isObject :: wire-body helpers', () => {
  const o = { a: 1, b: undefined, c: null, d: '' };
  assert.is(defined(o), o);
  assert.equal(Object.keys(o), ['a', 'c', 'd']);
  assert.is(some(undefined), undefined);
  assert.is(some([]), undefined);
  const list = [1];
  assert.is(some(list), list);
  assert.equal(obj([1]), {});
  assert.equal(obj(null), {});
  const x = { k: 1 };
  assert.is(obj(x), x);
  assert.is(str(5), '');
  assert.is(str('s'), 's');
  assert.ok(isObject({}));
  assert.not.ok(isObject([]) || isObject(null) || isObject('x'));
});

helpers('preview / badAnswer :: at most 80 characters of JSON', () => {
  assert.is(preview(undefined), 'undefined');
  assert.is(preview({ a: 'x'.repeat(200) }).length, 80);
  const e = badAnswer('a thing', { completion: 1 }, 'm');
  assert.instance(e, ProviderError);
  assert.is(e.message, 'expected a thing, got {"completion":1}');
  assert.is(e.code, 'InvalidResponse');
  assert.is(e.model, 'm');
});

helpers('joinText :: text blocks only', () => {
  assert.is(joinText([{ type: 'text', text: 'a' }, { type: 'thinking', thinking: 'x' }, { type: 'text', text: 'b' }]), 'ab');
});

helpers.run();

const copy = suite('copyBlock');

copy('copyBlock :: text, tool_use, thinking, redacted_thinking copied field by field', () => {
  assert.equal(copyBlock({ type: 'text', text: 'hi', cache: true, extra: 1 }), { type: 'text', text: 'hi' });
  assert.equal(copyBlock({ type: 'tool_use', id: 'i', name: 'n', input: { a: 1 } }), { type: 'tool_use', id: 'i', name: 'n', input: { a: 1 } });
  assert.equal(copyBlock({ type: 'tool_use' }), { type: 'tool_use', id: '', name: '', input: {} });
  assert.equal(copyBlock({ type: 'thinking', thinking: 't', signature: 's' }), { type: 'thinking', thinking: 't', signature: 's' });
  assert.equal(copyBlock({ type: 'thinking', signature: 1 }), { type: 'thinking', thinking: '' });
  assert.equal(copyBlock({ type: 'redacted_thinking', data: 'd' }), { type: 'redacted_thinking', data: 'd' });
});

copy('copyBlock :: other kinds give undefined', () => {
  for (const type of ['image', 'tool_result', 'server_tool_use', 'constructor', '__proto__', undefined]) assert.is(copyBlock({ type }), undefined, String(type));
  for (const v of [null, 'text', ['text']]) assert.is(copyBlock(v), undefined);
});

copy.run();

/** Exposes the protected accumulator steps. */
class Probe extends BlockStream {
  out: StreamEvent[] = [];
  text(i: number, s: string): this { this.start(this.out); this.add(i, 'text', s, this.out); return this; }
  think(i: number, s: string, sig?: unknown): this { this.add(i, 'thinking', s, this.out); this.sign(i, sig); return this; }
  tool(i: number, id: unknown, name: unknown, ...parts: unknown[]): this { this.openTool(i, id, name); for (const p of parts) this.addJson(i, p); return this; }
  close(i: number): this { this.stop(i, this.out); return this; }
  done(): this { this.out.push(this.end()); return this; }
}

const blocks = suite('BlockStream');

blocks('BlockStream :: text and thinking deltas, content_start once, content_end last', () => {
  const p = new Probe('m').text(0, 'a').text(0, '').text(0, 'b').think(1, 'x', 'S1').think(1, '', 'S2').think(1, 'y', 3).done();
  assert.equal(p.out, [
    { type: 'content_start', model: 'm' },
    { type: 'content_delta', index: 0, content: 'a' },
    { type: 'content_delta', index: 0, content: 'b' },
    { type: 'thinking_delta', index: 1, thinking: 'x' },
    { type: 'thinking_delta', index: 1, thinking: 'y' },
    { type: 'content_end', stopReason: 'end_turn', usage: makeUsage(0, 0) },
  ]);
  assert.equal(p.blocks, [{ type: 'text', text: 'ab' }, { type: 'thinking', thinking: 'xy', signature: 'S1S2' }]);
  assert.equal(p.finish(), []);
});

blocks('BlockStream :: a block of another kind at the index is replaced; signatures only on thinking blocks', () => {
  const p = new Probe().text(0, 'a').think(0, 't').text(0, 'b');
  assert.equal(p.blocks, [{ type: 'text', text: 'b' }]);
  p.think(0, '', 'sig');
  assert.equal(p.blocks, [{ type: 'thinking', thinking: '', signature: 'sig' }]);
  const q = new Probe().text(0, 'a');
  (q as unknown as { sign(i: number, s: unknown): void }).sign(0, 'sig');
  assert.equal(q.blocks, [{ type: 'text', text: 'a' }]);
});

blocks('BlockStream :: tool input joined and parsed at stop; empty → {}', () => {
  const p = new Probe().tool(0, 't1', 'f', '{"a"', ':1}', 7).tool(1, 5, null).close(0).close(1).close(2);
  assert.equal(p.out, [
    { type: 'tool_use', index: 0, id: 't1', name: 'f', input: { a: 1 } },
    { type: 'tool_use', index: 1, id: '', name: '', input: {} },
  ]);
  assert.equal(p.close(0).out.length, 2);
});

blocks('BlockStream :: bad tool input, input without a tool start, truncated stream → StreamError naming the model', () => {
  const bad = throwsError(() => new Probe('m').tool(3, 'i', 'f', '{"a":').close(3), StreamError);
  assert.is(bad.message, 'tool f at block 3: expected JSON input, got "{\\"a\\":"');
  assert.is(bad.model, 'm');
  assert.instance(bad.cause, SyntaxError);
  const closed = new Probe().tool(2, 'i', 'f').close(2);
  const orphan = throwsError(() => (closed as unknown as { addJson(i: number, p: unknown): void }).addJson(2, '{}'), StreamError);
  assert.is(orphan.message, 'tool input at block 2 without a tool block start');
  const cut = throwsError(() => new Probe('m').text(0, 'x').text(1, 'y').finish(), StreamError);
  assert.is(cut.message, 'stream ended before its final event (2 blocks received)');
  assert.is(cut.model, 'm');
  assert.is(cut.cause, undefined);
});

blocks.run();

const count = suite('countTokensInput');
const dec = new TextDecoder();
const fromB64 = (s: string): Uint8Array => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
const BODIES = { messages: messagesBody, legacy: legacyBody, converse: converseBody };
/** The CountTokens body of a call: the body that call would send, wrapped. */
const countTokensBody = (messages: Message[], options: ChatOptions, api: WireApi) => countTokensInput(api, BODIES[api](messages, options));

count('countTokensInput :: converse form matches the botocore capture', () => {
  const ours = countTokensBody([{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hello' }], { model: 'anthropic.claude-sonnet-4-5-20250929-v1:0', maxTokens: 100, temperature: 0.3 }, 'converse');
  assert.equal(ours, JSON.parse(captured['CountTokens.converse'].body));
});

count('countTokensInput :: invokeModel form: the same base64 as botocore, decoding to the Messages body', () => {
  const messages: Message[] = [{ role: 'user', content: 'Hi' }];
  const options = { model: 'anthropic.claude-sonnet-4-5-20250929-v1:0', maxTokens: 16 };
  const ours = countTokensBody(messages, options, 'messages') as any;
  const want = JSON.parse(captured['CountTokens.invokeModel'].body);
  assert.equal(JSON.parse(dec.decode(fromB64(ours.input.invokeModel.body))), JSON.parse(dec.decode(fromB64(want.input.invokeModel.body))));
  assert.is(ours.input.invokeModel.body, want.input.invokeModel.body);
  assert.equal(JSON.parse(dec.decode(fromB64(ours.input.invokeModel.body))), messagesBody(messages, options));
});

count('countTokensInput :: legacy form carries the legacy body, UTF-8 intact', () => {
  const ours = countTokensBody([{ role: 'user', content: 'Grüße 👋' }], { model: 'anthropic.claude-v2' }, 'legacy') as any;
  const decoded = JSON.parse(dec.decode(fromB64(ours.input.invokeModel.body)));
  assert.is(decoded.prompt, '\n\nHuman: Grüße 👋\n\nAssistant:');
});

count.run();

const json = suite('toJson');

json('toJson :: JSON text; a BigInt or a cycle is a ValidationError naming messages', () => {
  assert.is(toJson({ a: [1, 'x'] }), '{"a":[1,"x"]}');
  const circular: Record<string, unknown> = {};
  circular.self = circular;
  for (const bad of [{ n: 1n }, circular]) {
    const e = throwsError(() => toJson(bad), ValidationError);
    assert.is(e.field, 'messages');
    assert.match(e.message, /JSON values/);
  }
});

json.run();
