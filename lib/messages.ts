/**
 * What every wire format shares: validation before any request, normalisation into system blocks and
 * alternating turns, the choice of Bedrock API for a model id, usage, and the stream block accumulator.
 * @module
 */
import type { Api, ChatOptions, ChatResponse, ContentBlock, Message, StopReason, StreamEvent, TextBlock, Usage } from './types.ts';
import { ProviderError, StreamError, ValidationError } from './errors.ts';
import { CONTROL } from './check.ts';
import { toBase64, utf8 } from './bytes.ts';

/** `max_tokens` sent when `maxTokens` is absent (the Messages and legacy bodies require one). */
export const DEFAULT_MAX_TOKENS = 4096;
/** Smallest extended-thinking budget Claude accepts. */
export const MIN_THINKING_BUDGET = 1024;
/** Key of the Bedrock metrics object in the last InvokeModel stream event. */
export const INVOCATION_METRICS = 'amazon-bedrock-invocationMetrics';

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
/** A parsed answer without the request id (added by the transport). */
export type Parsed = Omit<ChatResponse, 'requestId'>;
/** A JSON object. */
export type Json = Record<string, unknown>;

/** True for a plain object (not null, not an array). */
export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
/** The object, or `{}` for anything else. */
export const obj = (v: unknown): Json => (isObject(v) ? v : {});
/** The string, or '' for anything else. */
export const str = (v: unknown): string => (typeof v === 'string' ? v : '');
/** A finite number or undefined. */
export const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
/** The array when it has elements, else undefined (wire bodies leave empty lists out). */
export const some = <T>(a: T[] | undefined): T[] | undefined => (a?.length ? a : undefined);
/** `o` without its undefined values (wire bodies leave unset fields out). */
export const defined = (o: Json): Json => {
  for (const k in o) if (o[k] === undefined) delete o[k];
  return o;
};
/** A request body as JSON text; a value JSON cannot hold (a BigInt, a cycle) is a `ValidationError` naming `messages`. */
export function toJson(body: unknown): string {
  try {
    return JSON.stringify(body);
  } catch (e) {
    throw new ValidationError(`messages, tools and options must be JSON values (no BigInt, no cycles), got: ${(e as Error).message.split('\n')[0]}`, { field: 'messages' });
  }
}
/**
 * The CountTokens body around the body a call would send: `{input:{converse:{…}}}` without
 * `inferenceConfig` for Converse, else `{input:{invokeModel:{body: base64(JSON)}}}`.
 */
export function countTokensInput(api: WireApi, body: Json): Json {
  if (api !== 'converse') return { input: { invokeModel: { body: toBase64(utf8(toJson(body))) } } };
  const { inferenceConfig: _, ...converse } = body;
  return { input: { converse } };
}
/** At most 80 characters of `v` as JSON, for error messages. */
export const preview = (v: unknown): string => String(JSON.stringify(v)).slice(0, 80);
/** The error for an answer of the wrong shape (code `InvalidResponse`). */
export const badAnswer = (what: string, json: unknown, model: string): ProviderError =>
  new ProviderError(`expected ${what}, got ${preview(json)}`, { code: 'InvalidResponse', model });

const isStr = (v: unknown): v is string => typeof v === 'string';
const isInt = (min: number) => (v: unknown): boolean => Number.isInteger(v) && (v as number) >= min;
const isUnit = (v: unknown): boolean => typeof v === 'number' && v >= 0 && v <= 1;
const optional = (ok: (v: unknown) => unknown) => (v: unknown): unknown => v === undefined || ok(v);
const show = (v: unknown): string =>
  isStr(v) ? JSON.stringify(v.slice(0, 40)) : Array.isArray(v) ? (v.length ? 'an array' : 'an empty array') : isObject(v) ? 'an object' : String(v);
/** Standard base64 as `fromBase64` reads it: `=` padding only to a multiple of 4, unpadded tails of 2 or 3. One linear scan. */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const isBase64 = (v: unknown): boolean =>
  isStr(v) && BASE64.test(v) && (v.length % 4 ? v.length % 4 > 1 && !v.endsWith('=') : v.length > 0);
/** An AbortSignal, also from another realm or a polyfill (what the transport uses of it). */
const isSignal = (v: unknown): boolean => typeof (v as AbortSignal)?.aborted === 'boolean' && typeof (v as AbortSignal).addEventListener === 'function';

/** Throws a `ValidationError` "`field` must be `what`, got `value`" (or `got`) unless `ok`. */
function need(ok: unknown, field: string, what: string, value: unknown, got?: string): asserts ok {
  if (!ok) throw new ValidationError(`${field} must be ${what}, got ${got ?? show(value)}`, { field });
}
/** `need` for an object at path `at`. */
function needObject(v: unknown, at: string): asserts v is Json {
  need(isObject(v), at, 'an object', v);
}
/** `need` for the member `k` of the object at path `at`. */
const needIn = (o: Json, at: string, k: string, ok: (v: unknown) => unknown, what: string): void => need(ok(o[k]), `${at}.${k}`, what, o[k]);

const UNIT = 'between 0 and 1';
const STRING = 'a string';
/** Options: [name, check, what is expected]. */
const OPTIONS: Array<[keyof ChatOptions, (v: unknown) => unknown, string]> = [
  ['model', (v) => isStr(v) && v !== '' && !CONTROL.test(v), 'a non-empty string without CR, LF or NUL'],
  ['maxTokens', optional(isInt(1)), 'an integer ≥ 1'],
  ['temperature', optional(isUnit), UNIT],
  ['topP', optional(isUnit), UNIT],
  ['topK', optional(isInt(0)), 'an integer ≥ 0'],
  ['stopSequences', optional(Array.isArray), 'an array of non-empty strings'],
  ['system', optional(isStr), STRING],
  ['api', optional((v) => v === 'invoke' || v === 'converse'), "'invoke' or 'converse'"],
  ['betas', optional(Array.isArray), 'an array of strings'],
  ['tools', optional(Array.isArray), 'an array'],
  ['signal', (v) => v == null || isSignal(v), 'an AbortSignal'],
];
/** Block kinds: the turn they belong in ('' for any), then their string fields. */
const BLOCKS: Record<string, string[]> = {
  text: ['', 'text'], image: ['', 'mediaType'], tool_use: ['assistant', 'id', 'name'], tool_result: ['user', 'toolUseId'],
  thinking: ['', 'thinking'], redacted_thinking: ['', 'data'],
};
const TOOL_NAME = /^[\w-]{1,64}$/;

function checkOptions(o: ChatOptions): void {
  needObject(o, 'options');
  for (const [k, ok, what] of OPTIONS) need(ok(o[k]), k, what, o[k]);
  o.stopSequences?.forEach((s, i) => need(isStr(s) && s, `stopSequences[${i}]`, 'a non-empty string', s));
  o.betas?.forEach((s, i) => need(isStr(s), `betas[${i}]`, STRING, s));
  const budget = (o.thinking as unknown as Json)?.budgetTokens;
  const max = o.maxTokens ?? DEFAULT_MAX_TOKENS;
  need(o.thinking === undefined || (isInt(MIN_THINKING_BUDGET)(budget) && (budget as number) < max), 'thinking.budgetTokens', `an integer ≥ ${MIN_THINKING_BUDGET} and below maxTokens (${max})`, budget);
  const names = new Set<string>();
  o.tools?.forEach((t: unknown, i) => {
    const at = `tools[${i}]`;
    needObject(t, at);
    needIn(t, at, 'name', (v) => isStr(v) && TOOL_NAME.test(v) && !names.has(v), `unique and match ${TOOL_NAME}`);
    names.add(t.name as string);
    needIn(t, at, 'description', optional(isStr), STRING);
    needIn(t, at, 'inputSchema', isObject, 'a JSON Schema object');
  });
  const c: unknown = o.toolChoice;
  if (isObject(c)) need(names.has(c.name as string), 'toolChoice', 'a tool name in tools', c.name);
  else need(c === undefined || c === 'auto' || c === 'none' || (c === 'any' && names.size), 'toolChoice', "'auto', 'none', 'any' (needs tools) or { name }", c);
}

/** Checks block `b` of a `role` turn; `kinds` ('text', 'text or image': names of the kinds allowed) narrows them. */
function checkBlock(b: unknown, role: string, at: string, kinds?: string): void {
  needObject(b, at);
  const type = b.type as string;
  need(!kinds || kinds.includes(type), at, `a ${kinds} block`, type);
  need(Object.hasOwn(BLOCKS, type), `${at}.type`, `one of ${Object.keys(BLOCKS)}`, type);
  const [turn, ...keys] = BLOCKS[type]!;
  need(!turn || role === turn, at, `in ${turn} turns (${type})`, role);
  for (const k of keys) needIn(b, at, k, isStr, STRING);
  needIn(b, at, 'signature', optional(isStr), STRING);
  needIn(b, at, 'isError', optional((v) => typeof v === 'boolean'), 'a boolean');
  // Bedrock rejects empty text blocks ("text content blocks must be non-empty") and non-object tool input.
  if (type === 'text') needIn(b, at, 'text', Boolean, 'non-empty');
  if (type === 'tool_use') needIn(b, at, 'input', optional(isObject), 'an object (the tool arguments)');
  if (type === 'image') {
    needIn(b, at, 'mediaType', (v) => /^image\/(?:png|jpeg|gif|webp)$/.test(v as string), 'image/png, jpeg, gif or webp');
    const url = isStr(b.data) && /^data:[^,]{0,100},/.exec(b.data)?.[0];
    needIn(b, at, 'data', isBase64, url ? `plain base64, not a data: URL (strip the ${url} prefix)` : 'non-empty standard base64 (A-Z a-z 0-9 + /, = padding)');
  }
  if (type === 'tool_result') checkContent(b, role, at, 'text or image');
}

/** Checks `m.content`: a string or an array of blocks, non-empty unless `empty`. */
function checkContent(m: Json, role: string, at: string, kinds?: string, empty = true): void {
  const c = m.content;
  need(isStr(c) || Array.isArray(c), `${at}.content`, 'a string or an array of blocks', c);
  need(empty || (c as unknown[]).length, `${at}.content`, 'non-empty (only the last message, an assistant prefill, may be empty)', c);
  if (Array.isArray(c)) c.forEach((b: unknown, j) => checkBlock(b, role, `${at}.content[${j}]`, kinds));
}

/**
 * Checks messages and options before any request; throws a `ValidationError` whose `field` names the
 * offending option or message path (`temperature`, `messages[2].content[0].data`, …).
 */
export function validateRequest(messages: Message[], options: ChatOptions): void {
  checkOptions(options);
  need(Array.isArray(messages) && messages.length, 'messages', 'a non-empty array', messages);
  messages.forEach((m: unknown, i) => {
    const at = `messages[${i}]`;
    needObject(m, at);
    const role = m.role as string;
    need(['system', 'user', 'assistant'].includes(role), `${at}.role`, 'system, user or assistant', role);
    const system = role === 'system';
    checkContent(m, role, at, system ? 'text' : undefined, system || (role === 'assistant' && i === messages.length - 1));
  });
  const first = messages.find((m) => m.role !== 'system')?.role;
  need(first === 'user', 'messages', 'a conversation starting with a user turn after system messages', first, first ? undefined : 'no user or assistant turn');
}

/**
 * Lifts system messages (in order) and then `options.system` into text blocks, turns string content into
 * a text block ('' into none), merges consecutive turns of the same role and leaves out a final assistant
 * turn without content (an empty prefill, which Converse would reject). The input is not modified.
 */
export function normalize(messages: Message[], options: Pick<ChatOptions, 'system'>): Normalized {
  const system: TextBlock[] = [];
  const turns: Turn[] = [];
  for (const { role, content: c } of messages) {
    const content: ContentBlock[] = isStr(c) ? (c ? [{ type: 'text', text: c }] : []) : c;
    const last = turns.at(-1);
    if (role === 'system') system.push(...(content as TextBlock[]));
    else if (last?.role === role) last.content = [...last.content, ...content];
    else turns.push({ role, content });
  }
  const end = turns.at(-1);
  if (end?.role === 'assistant' && !end.content.length) turns.pop();
  if (options.system) system.push({ type: 'text', text: options.system });
  return { system, turns };
}

/** A Claude model id, optionally behind a geography prefix (`us.`, `global.`, `us-gov.`, …); group 1 marks the legacy ones. */
const CLAUDE = /^(?:[a-z]{2,6}(?:-[a-z]+)?\.)?anthropic\.claude-((?:v2|instant-v1)(?::|$))?/;

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
  const m = api !== 'converse' && CLAUDE.exec(model.startsWith('arn:') ? model.slice(model.lastIndexOf('/') + 1) : model);
  return m && m[1] ? 'legacy' : m || api === 'invoke' ? 'messages' : 'converse';
}

/**
 * Builds a `Usage`. `totalTokens` counts every token the call processed: prompt (which excludes cached
 * tokens on Bedrock) + completion + cache reads + cache writes, the sum Converse reports as `totalTokens`.
 * Cache fields are set when the service reported them (0 included).
 */
export function makeUsage(prompt: number, completion: number, cacheRead?: number, cacheWrite?: number): Usage {
  const totalTokens = prompt + completion + (cacheRead ?? 0) + (cacheWrite ?? 0);
  const u: Usage = { promptTokens: prompt, completionTokens: completion, totalTokens };
  if (cacheRead !== undefined) u.cacheReadTokens = cacheRead;
  if (cacheWrite !== undefined) u.cacheWriteTokens = cacheWrite;
  return u;
}

/**
 * Usage from the object `o` whose input, output, cache-read and cache-write counts are named by `keys`
 * (space-separated); a count absent from `o` keeps its value in `base`.
 */
export function usageFrom(o: unknown, keys: string, base: Usage = makeUsage(0, 0)): Usage {
  const src = obj(o), [i, out, read, write] = keys.split(' ').map((k) => num(src[k]));
  return makeUsage(i ?? base.promptTokens, out ?? base.completionTokens, read ?? base.cacheReadTokens, write ?? base.cacheWriteTokens);
}

/** Usage from the `amazon-bedrock-invocationMetrics` of an InvokeModel stream event, or undefined. */
export const metricsUsage = (event: Json): Usage | undefined => {
  const m = event[INVOCATION_METRICS];
  return num(obj(m).inputTokenCount) !== undefined
    ? usageFrom(m, 'inputTokenCount outputTokenCount cacheReadInputTokenCount cacheWriteInputTokenCount')
    : undefined;
};

/**
 * A text, tool_use, thinking or redacted_thinking block copied field by field (these read the same in our
 * blocks and in Claude's wire format): its string fields ('' when missing), a tool call's `input` (`{}`
 * when missing), a string `signature`. Undefined for other kinds and non-objects.
 */
export function copyBlock(v: unknown): ContentBlock | undefined {
  const b = obj(v);
  const type = b.type as string;
  if (type === 'image' || type === 'tool_result' || !Object.hasOwn(BLOCKS, type)) return undefined;
  const out: Json = { type };
  for (const k of BLOCKS[type]!.slice(1)) out[k] = str(b[k]);
  if (type === 'tool_use') out.input = b.input ?? {};
  if (type === 'thinking' && isStr(b.signature)) out.signature = b.signature;
  return out as unknown as ContentBlock;
}

/** Concatenated text of the text blocks. */
export const joinText = (blocks: ContentBlock[]): string => blocks.map((b) => (b.type === 'text' ? b.text : '')).join('');

/**
 * What the stream mappers share: blocks, stop reason and usage accumulated so far, partial tool-input JSON
 * by block index, `content_start` once and `content_end` once. Subclasses map their own wire events.
 */
export class BlockStream {
  /** Content blocks by block index (unknown block kinds leave a hole). */
  readonly blocks: ContentBlock[] = [];
  declare id: string | undefined;
  declare model: string | undefined;
  declare stopReason: StopReason | undefined;
  usage: Usage = makeUsage(0, 0);
  protected ended = false;
  #started = false;
  /** Joined partial tool-input JSON of the open tool blocks. */
  #json: Map<number, string> = new Map();

  /** `model` is reported when the stream does not name one. */
  constructor(model?: string) {
    this.model = model;
  }

  /** Call when the source ends: `[]` after `content_end`, else a `StreamError` (never a short answer). */
  finish(): StreamEvent[] {
    if (this.ended) return [];
    throw this.fail(`stream ended before its final event (${this.blocks.length} blocks received)`);
  }

  /** A `StreamError` naming the model. */
  protected fail(message: string, cause?: unknown): StreamError {
    return new StreamError(message, { model: this.model, cause });
  }

  /** Yields `content_start` (with the id and model known so far) the first time only. */
  protected start(out: StreamEvent[]): void {
    if (this.#started) return;
    this.#started = true;
    out.push(defined({ type: 'content_start', id: this.id, model: this.model }) as StreamEvent);
  }

  /** Appends `piece` to the text or thinking block `index` (started when missing there) and yields it as a delta. */
  protected add(index: number, type: 'text' | 'thinking', piece: string, out: StreamEvent[]): void {
    let b = this.blocks[index] as unknown as Json | undefined;
    if (b?.type !== type) this.blocks[index] = (b = { type, [type]: '' }) as unknown as ContentBlock;
    b[type] += piece;
    if (piece) out.push(type === 'text' ? { type: 'content_delta', index, content: piece } : { type: 'thinking_delta', index, thinking: piece });
  }

  /** Appends `piece` to the signature of the thinking block `index`, if there is one. */
  protected sign(index: number, piece: unknown): void {
    const b = this.blocks[index];
    if (b?.type === 'thinking' && isStr(piece)) b.signature = (b.signature ?? '') + piece;
  }

  /** Opens tool block `index` (its input arrives as partial JSON). */
  protected openTool(index: number, id: unknown, name: unknown): void {
    this.blocks[index] = { type: 'tool_use', id: str(id), name: str(name), input: {} };
    this.#json.set(index, '');
  }

  /** Appends partial input JSON to the open tool block `index`. */
  protected addJson(index: number, part: unknown): void {
    const sofar = this.#json.get(index);
    if (sofar === undefined) throw this.fail(`tool input at block ${index} without a tool block start`);
    this.#json.set(index, sofar + str(part));
  }

  /** Closes block `index`: a tool block gets its input parsed and yields `tool_use`. */
  protected stop(index: number, out: StreamEvent[]): void {
    const b = this.blocks[index];
    const text = this.#json.get(index);
    if (b?.type !== 'tool_use' || text === undefined) return;
    this.#json.delete(index);
    try {
      b.input = text.trim() ? JSON.parse(text) : {};
    } catch (cause) {
      throw this.fail(`tool ${b.name} at block ${index}: expected JSON input, got ${preview(text)}`, cause);
    }
    out.push({ type: 'tool_use', index, id: b.id, name: b.name, input: b.input });
  }

  /** Marks the stream ended and returns its `content_end`. */
  protected end(): StreamEvent {
    this.ended = true;
    return { type: 'content_end', stopReason: this.stopReason ?? 'end_turn', usage: this.usage };
  }
}
