/**
 * Shared request handling: validation before any request, normalisation into system blocks and
 * alternating turns, and the choice of Bedrock API for a model id.
 * @module
 */
import type { Api, ChatOptions, ContentBlock, Message, TextBlock, Usage } from './types.ts';
import { ValidationError } from './errors.ts';

/** `max_tokens` sent when `maxTokens` is absent (the Messages and legacy bodies require one). */
export const DEFAULT_MAX_TOKENS = 4096;
/** Smallest extended-thinking budget Claude accepts. */
export const MIN_THINKING_BUDGET = 1024;

/** A conversation turn after normalisation: never a system turn, content always blocks. */
export interface Turn {
  role: 'user' | 'assistant';
  content: ContentBlock[];
}

/** `normalize` result: system text blocks (messages first, then `options.system`) and merged turns. */
export interface Normalized {
  system: TextBlock[];
  turns: Turn[];
}

/** Which body a call uses: Claude Messages, Claude legacy text completions, or Converse. */
export type WireApi = 'messages' | 'legacy' | 'converse';

const CONTROL = /[\r\n\0]/;
const ROLES = new Set(['system', 'user', 'assistant']);
const MEDIA = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
/** Base id, optionally behind a geography prefix (`us.`, `eu.`, `apac.`, `jp.`, `global.`, `us-gov.`, …). */
const ANTHROPIC = /^(?:[a-z]{2,6}(?:-[a-z]+)?\.)?anthropic\.claude-/;
const LEGACY = /^(?:[a-z]{2,6}(?:-[a-z]+)?\.)?anthropic\.claude-(?:v2|instant-v1)(?::|$)/;

const fail = (field: string, message: string): never => {
  throw new ValidationError(message, { field });
};
/** Throws `ValidationError` "`field` `what`, got `show(value)`" (without the "got" part when no value is passed). */
const bad = (field: string, what: string, ...value: unknown[]): never =>
  fail(field, `${field} ${what}${value.length ? `, got ${show(value[0])}` : ''}`);
const show = (v: unknown): string => {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v);
  if (Array.isArray(v)) return 'an array';
  return v === null ? 'null' : typeof v === 'object' ? 'an object' : String(v);
};
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

function checkRange(field: string, v: unknown, min: number, max: number): void {
  if (v === undefined) return;
  if (typeof v !== 'number' || !(v >= min && v <= max)) bad(field, `must be between ${min} and ${max}`, v);
}

function checkOptions(o: ChatOptions): void {
  if (!isObject(o)) bad('options', 'must be an object', o);
  if (typeof o.model !== 'string' || !o.model) bad('model', 'must be a non-empty string', o.model);
  if (CONTROL.test(o.model)) bad('model', 'must not contain CR, LF or NUL');
  if (o.maxTokens !== undefined && !(isInt(o.maxTokens) && o.maxTokens >= 1)) {
    bad('maxTokens', 'must be an integer ≥ 1', o.maxTokens);
  }
  checkRange('temperature', o.temperature, 0, 1);
  checkRange('topP', o.topP, 0, 1);
  if (o.topK !== undefined && !(isInt(o.topK) && o.topK >= 0)) bad('topK', 'must be an integer ≥ 0', o.topK);
  if (o.stopSequences !== undefined && !(Array.isArray(o.stopSequences) && o.stopSequences.every((s) => typeof s === 'string' && s))) {
    bad('stopSequences', 'must be an array of non-empty strings', o.stopSequences);
  }
  if (o.system !== undefined && typeof o.system !== 'string') bad('system', 'must be a string', o.system);
  if (o.api !== undefined && o.api !== 'invoke' && o.api !== 'converse') bad('api', "must be 'invoke' or 'converse'", o.api);
  if (o.betas !== undefined && !(Array.isArray(o.betas) && o.betas.every((s) => typeof s === 'string'))) {
    bad('betas', 'must be an array of strings', o.betas);
  }
  if (o.thinking !== undefined) checkThinking(o);
  checkTools(o);
}

function checkThinking(o: ChatOptions): void {
  const budget: unknown = isObject(o.thinking) ? o.thinking.budgetTokens : undefined;
  const max = o.maxTokens ?? DEFAULT_MAX_TOKENS;
  if (!isInt(budget) || budget < MIN_THINKING_BUDGET || budget >= max) {
    bad('thinking.budgetTokens', `must be an integer ≥ ${MIN_THINKING_BUDGET} and below maxTokens (${max})`, budget);
  }
}

function checkTools(o: ChatOptions): void {
  const names = new Set<string>();
  if (o.tools !== undefined) {
    if (!Array.isArray(o.tools)) bad('tools', 'must be an array', o.tools);
    o.tools.forEach((t, i) => {
      if (!isObject(t)) bad(`tools[${i}]`, 'must be an object', t);
      if (typeof t.name !== 'string' || !TOOL_NAME.test(t.name)) bad(`tools[${i}].name`, `must match ${TOOL_NAME}`, t.name);
      if (names.has(t.name)) bad(`tools[${i}].name`, `${show(t.name)} is used twice`);
      names.add(t.name);
      if (t.description !== undefined && typeof t.description !== 'string') bad(`tools[${i}].description`, 'must be a string', t.description);
      if (!isObject(t.inputSchema)) bad(`tools[${i}].inputSchema`, 'must be a JSON Schema object', t.inputSchema);
    });
  }
  const c: unknown = o.toolChoice;
  if (c === undefined || c === 'auto' || c === 'none') return;
  if (c === 'any') {
    if (!names.size) bad('toolChoice', "'any' needs tools");
    return;
  }
  if (!isObject(c) || typeof c.name !== 'string') bad('toolChoice', "must be 'auto', 'any', 'none' or { name }", c);
  const name = (c as { name: string }).name;
  if (!names.has(name)) bad('toolChoice', `names tool ${show(name)}, which is not in tools`);
}

function checkBlock(b: unknown, role: string, at: string): void {
  if (!isObject(b)) return bad(at, 'must be a content block object', b);
  const str = (k: string, v: unknown): void => {
    if (typeof v !== 'string') bad(`${at}.${k}`, 'must be a string', v);
  };
  switch (b.type) {
    case 'text':
      return str('text', b.text);
    case 'image':
      if (!MEDIA.has(b.mediaType as string)) bad(`${at}.mediaType`, `must be one of ${[...MEDIA].join(', ')}`, b.mediaType);
      if (typeof b.data !== 'string' || !b.data) bad(`${at}.data`, 'must be non-empty base64', b.data);
      return;
    case 'tool_use':
      if (role !== 'assistant') fail(at, `${at}: tool_use blocks belong in assistant turns, got one in a ${role} turn`);
      str('id', b.id);
      str('name', b.name);
      return;
    case 'tool_result':
      if (role !== 'user') fail(at, `${at}: tool_result blocks belong in user turns, got one in a ${role} turn`);
      str('toolUseId', b.toolUseId);
      if (Array.isArray(b.content)) {
        b.content.forEach((c, j) => {
          if (!isObject(c) || (c.type !== 'text' && c.type !== 'image')) bad(`${at}.content[${j}]`, 'must be a text or image block', c);
          checkBlock(c, role, `${at}.content[${j}]`);
        });
      } else str('content', b.content);
      if (b.isError !== undefined && typeof b.isError !== 'boolean') bad(`${at}.isError`, 'must be a boolean', b.isError);
      return;
    case 'thinking':
      str('thinking', b.thinking);
      if (b.signature !== undefined) str('signature', b.signature);
      return;
    case 'redacted_thinking':
      return str('data', b.data);
    default:
      bad(`${at}.type`, 'must be text, image, tool_use, tool_result, thinking or redacted_thinking', b.type);
  }
}

function checkMessage(m: unknown, i: number): void {
  const at = `messages[${i}]`;
  if (!isObject(m)) return bad(at, 'must be an object', m);
  if (!ROLES.has(m.role as string)) bad(`${at}.role`, 'must be system, user or assistant', m.role);
  if (typeof m.content === 'string') return;
  if (!Array.isArray(m.content)) return bad(`${at}.content`, 'must be a string or an array of blocks', m.content);
  m.content.forEach((b, j) => {
    if (m.role === 'system' && !(isObject(b) && b.type === 'text')) fail(`${at}.content[${j}]`, `${at}.content[${j}]: system messages hold text blocks only, got ${show(isObject(b) ? b.type : b)}`);
    checkBlock(b, m.role as string, `${at}.content[${j}]`);
  });
}

/**
 * Checks messages and options before any request; throws a `ValidationError` whose `field` names the
 * offending option or message path (`temperature`, `messages[2].content[0].data`, …).
 */
export function validateRequest(messages: Message[], options: ChatOptions): void {
  checkOptions(options);
  if (!Array.isArray(messages) || messages.length === 0) bad('messages', 'must be a non-empty array', messages);
  messages.forEach(checkMessage);
  const first = messages.find((m) => m.role !== 'system');
  if (!first) bad('messages', 'hold no user turn (only system messages)');
  if (first?.role !== 'user') fail('messages', `the conversation must start with a user turn after system messages, got ${show(first?.role)}`);
}

const blocks = (content: string | ContentBlock[]): ContentBlock[] =>
  typeof content === 'string' ? [{ type: 'text', text: content }] : content;

/**
 * Lifts system messages (in order) and then `options.system` into text blocks, turns string content into
 * a text block, and merges consecutive turns of the same role. The input is not modified.
 */
export function normalize(messages: Message[], options: Pick<ChatOptions, 'system'>): Normalized {
  const system: TextBlock[] = [];
  const turns: Turn[] = [];
  for (const m of messages) {
    const content = blocks(m.content);
    if (m.role === 'system') system.push(...(content as TextBlock[]));
    else {
      const last = turns[turns.length - 1];
      if (last?.role === m.role) last.content = [...last.content, ...content];
      else turns.push({ role: m.role, content });
    }
  }
  if (options.system) system.push({ type: 'text', text: options.system });
  return { system, turns };
}

/** The resource part of an ARN (after the last `/`), or the id itself. */
const resource = (model: string): string => (model.startsWith('arn:') ? model.slice(model.lastIndexOf('/') + 1) : model);

/**
 * Picks the wire API. Anthropic ids (`anthropic.claude-…`, inference profiles `us.`/`eu.`/`apac.`/`jp.`/
 * `global.`/`us-gov.anthropic.claude-…`, ARNs whose resource is such an id) use `messages`;
 * `anthropic.claude-v2`, `anthropic.claude-v2:1` and `anthropic.claude-instant-v1` use `legacy`; every
 * other model uses `converse`. ARNs that hide the model (application inference profiles, provisioned
 * or custom models) use `converse`, which serves every model: pass `api: 'invoke'` to send the Claude
 * Messages body to them. `api: 'converse'` forces Converse; `api: 'invoke'` forces InvokeModel
 * (`legacy` for the legacy ids, `messages` otherwise).
 */
export function chooseApi(model: string, api?: Api): WireApi {
  if (api === 'converse') return 'converse';
  const id = resource(model);
  if (LEGACY.test(id)) return 'legacy';
  return api === 'invoke' || ANTHROPIC.test(id) ? 'messages' : 'converse';
}

/**
 * Builds a `Usage`. `totalTokens` counts every token the call processed: prompt (which excludes cached
 * tokens on Bedrock) + completion + cache reads + cache writes, the sum Converse reports as `totalTokens`.
 * Cache fields are set when the service reported them (0 included).
 */
export function makeUsage(prompt: number, completion: number, cacheRead?: number, cacheWrite?: number): Usage {
  const u: Usage = { promptTokens: prompt, completionTokens: completion, totalTokens: prompt + completion + (cacheRead ?? 0) + (cacheWrite ?? 0) };
  if (cacheRead !== undefined) u.cacheReadTokens = cacheRead;
  if (cacheWrite !== undefined) u.cacheWriteTokens = cacheWrite;
  return u;
}

/** A finite number or undefined. */
export const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
