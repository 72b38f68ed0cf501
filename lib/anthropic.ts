/**
 * Claude on InvokeModel: the Messages body (`anthropic_version: bedrock-2023-05-31`), the legacy
 * text-completions body (claude-v2, claude-instant), their responses and their stream events.
 * @module
 */
import type { ChatOptions, ChatResponse, ContentBlock, Message, StopReason, StreamEvent, TextBlock, Usage } from './types.ts';
import { ProviderError, StreamError, ValidationError, errorFromException } from './errors.ts';
import { DEFAULT_MAX_TOKENS, makeUsage, normalize, num } from './messages.ts';
import type { Turn } from './messages.ts';

/** Version string Bedrock requires in every Claude Messages body. */
export const ANTHROPIC_VERSION = 'bedrock-2023-05-31';
/** Marks a user turn in the legacy text-completions prompt (and always stops generation). */
export const HUMAN_PROMPT = '\n\nHuman:';
/** Marks an assistant turn in the legacy prompt; the prompt ends with it. */
export const AI_PROMPT = '\n\nAssistant:';
/** Key of the Bedrock metrics object in the last stream event. */
export const INVOCATION_METRICS = 'amazon-bedrock-invocationMetrics';

/** A parsed answer without the request id (added by the transport). */
export type Parsed = Omit<ChatResponse, 'requestId'>;
type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const CACHE = { type: 'ephemeral' } as const;

function textJson(b: TextBlock): Json {
  return b.cache ? { type: 'text', text: b.text, cache_control: CACHE } : { type: 'text', text: b.text };
}

/** One content block in the Messages wire format. */
export function blockJson(b: ContentBlock): Json {
  switch (b.type) {
    case 'text':
      return textJson(b);
    case 'image':
      return { type: 'image', source: { type: 'base64', media_type: b.mediaType, data: b.data } };
    case 'tool_use':
      return { type: 'tool_use', id: b.id, name: b.name, input: b.input ?? {} };
    case 'tool_result': {
      const out: Json = { type: 'tool_result', tool_use_id: b.toolUseId, content: typeof b.content === 'string' ? b.content : b.content.map(blockJson) };
      if (b.isError) out.is_error = true;
      return out;
    }
    case 'thinking':
      return b.signature === undefined ? { type: 'thinking', thinking: b.thinking } : { type: 'thinking', thinking: b.thinking, signature: b.signature };
    case 'redacted_thinking':
      return { type: 'redacted_thinking', data: b.data };
  }
}

/** A turn; a single uncached text block is sent as plain string content (as the SDKs do). */
function turnJson(t: Turn): Json {
  const [only] = t.content;
  if (t.content.length === 1 && only?.type === 'text' && !only.cache) return { role: t.role, content: only.text };
  return { role: t.role, content: t.content.map(blockJson) };
}

function toolChoiceJson(c: ChatOptions['toolChoice']): Json | undefined {
  if (c === undefined) return undefined;
  return typeof c === 'string' ? { type: c } : { type: 'tool', name: c.name };
}

/**
 * The InvokeModel body for Claude Messages. Never holds `model` or `stream`; `max_tokens` defaults to
 * `DEFAULT_MAX_TOKENS`; the system field is a string unless it has several blocks or a cache point;
 * `tool_choice` is sent only with tools; betas go in `anthropic_beta`.
 */
export function messagesBody(messages: Message[], options: ChatOptions): Json {
  const { system, turns } = normalize(messages, options);
  const body: Json = { anthropic_version: ANTHROPIC_VERSION, max_tokens: options.maxTokens ?? DEFAULT_MAX_TOKENS, messages: turns.map(turnJson) };
  const [first] = system;
  if (system.length === 1 && first && !first.cache) body.system = first.text;
  else if (system.length) body.system = system.map(textJson);
  if (options.temperature !== undefined) body.temperature = options.temperature;
  if (options.topP !== undefined) body.top_p = options.topP;
  if (options.topK !== undefined) body.top_k = options.topK;
  if (options.stopSequences?.length) body.stop_sequences = options.stopSequences;
  if (options.tools?.length) {
    body.tools = options.tools.map((t) => (t.description === undefined ? { name: t.name, input_schema: t.inputSchema } : { name: t.name, description: t.description, input_schema: t.inputSchema }));
    const choice = toolChoiceJson(options.toolChoice);
    if (choice) body.tool_choice = choice;
  }
  if (options.thinking) body.thinking = { type: 'enabled', budget_tokens: options.thinking.budgetTokens };
  if (options.betas?.length) body.anthropic_beta = options.betas;
  return body;
}

function legacyText(t: Turn | { content: ContentBlock[] }, model: string): string {
  return t.content
    .map((b) => {
      if (b.type === 'text') return b.text;
      throw new ValidationError(`${model} uses the legacy text-completions API, which takes text only, got a ${b.type} block`, { field: 'messages' });
    })
    .join('');
}

/**
 * The InvokeModel body for claude-v2 / claude-instant: a `\n\nHuman: …\n\nAssistant:` prompt (system text
 * first), `max_tokens_to_sample` (default `DEFAULT_MAX_TOKENS`), and `\n\nHuman:` always among the stop
 * sequences. A final assistant turn is kept as the start of the answer.
 */
export function legacyBody(messages: Message[], options: ChatOptions): Json {
  const { system, turns } = normalize(messages, options);
  let prompt = system.map((b) => b.text).join('\n');
  for (const t of turns) prompt += `${t.role === 'user' ? HUMAN_PROMPT : AI_PROMPT} ${legacyText(t, options.model)}`;
  if (turns[turns.length - 1]?.role !== 'assistant') prompt += AI_PROMPT;
  const body: Json = { prompt, max_tokens_to_sample: options.maxTokens ?? DEFAULT_MAX_TOKENS };
  if (options.temperature !== undefined) body.temperature = options.temperature;
  if (options.topP !== undefined) body.top_p = options.topP;
  if (options.topK !== undefined) body.top_k = options.topK;
  body.stop_sequences = [HUMAN_PROMPT, ...(options.stopSequences ?? []).filter((s) => s !== HUMAN_PROMPT)];
  return body;
}

/** Usage from an Anthropic `usage` object (input excludes cache reads and writes). */
function anthropicUsage(u: unknown): Usage {
  const o = isObject(u) ? u : {};
  return makeUsage(num(o.input_tokens) ?? 0, num(o.output_tokens) ?? 0, num(o.cache_read_input_tokens), num(o.cache_creation_input_tokens));
}

/** A content block from the Messages wire format; unknown kinds (server tools, …) give undefined. */
function blockFromJson(b: unknown): ContentBlock | undefined {
  if (!isObject(b)) return undefined;
  switch (b.type) {
    case 'text':
      return { type: 'text', text: str(b.text) };
    case 'tool_use':
      return { type: 'tool_use', id: str(b.id), name: str(b.name), input: b.input ?? {} };
    case 'thinking':
      return typeof b.signature === 'string' ? { type: 'thinking', thinking: str(b.thinking), signature: b.signature } : { type: 'thinking', thinking: str(b.thinking) };
    case 'redacted_thinking':
      return { type: 'redacted_thinking', data: str(b.data) };
    default:
      return undefined;
  }
}

/** Concatenated text of the text blocks. */
export const joinText = (blocks: ContentBlock[]): string => blocks.map((b) => (b.type === 'text' ? b.text : '')).join('');

function invalid(what: string, json: unknown, model: string): ProviderError {
  const seen = JSON.stringify(json)?.slice(0, 80) ?? String(json);
  return new ProviderError(`expected ${what}, got ${seen}`, { code: 'InvalidResponse', model });
}

/** A Claude Messages response → content, blocks, model (the answer's, else the requested id), stop reason, usage. */
export function parseMessagesResponse(json: unknown, model: string): Parsed {
  if (!isObject(json) || !Array.isArray(json.content)) throw invalid('a Claude Messages response with a content array', json, model);
  const blocks = json.content.map(blockFromJson).filter((b): b is ContentBlock => b !== undefined);
  return {
    content: joinText(blocks),
    blocks,
    model: typeof json.model === 'string' && json.model ? json.model : model,
    stopReason: str(json.stop_reason) || 'end_turn',
    usage: anthropicUsage(json.usage),
  };
}

/** Legacy `stop_reason`: stopping at `\n\nHuman:` is the end of the turn. */
function legacyStop(reason: unknown, stop: unknown): StopReason {
  if (reason === 'stop_sequence' && (stop === HUMAN_PROMPT || stop === undefined || stop === null)) return 'end_turn';
  return str(reason) || 'end_turn';
}

/**
 * A legacy `{ completion, stop_reason }` response. Its body holds no token counts: usage is zero here and
 * the transport may replace it with `usageFromHeaders(response.headers)`.
 */
export function parseLegacyResponse(json: unknown, model: string): Parsed {
  if (!isObject(json) || typeof json.completion !== 'string') throw invalid('a legacy response with a completion string', json, model);
  return {
    content: json.completion,
    blocks: [{ type: 'text', text: json.completion }],
    model,
    stopReason: legacyStop(json.stop_reason, json.stop),
    usage: makeUsage(0, 0),
  };
}

/**
 * Usage from the `x-amzn-bedrock-{input,output}-token-count` (and cache read/write) headers InvokeModel
 * answers carry; undefined when the counts are absent.
 */
export function usageFromHeaders(headers: Headers): Usage | undefined {
  const read = (name: string): number | undefined => {
    const v = headers.get(`x-amzn-bedrock-${name}`);
    return v === null || v.trim() === '' || !Number.isFinite(Number(v)) ? undefined : Number(v);
  };
  const input = read('input-token-count');
  const output = read('output-token-count');
  if (input === undefined && output === undefined) return undefined;
  return makeUsage(input ?? 0, output ?? 0, read('cache-read-input-token-count'), read('cache-write-input-token-count'));
}

/** Usage from `amazon-bedrock-invocationMetrics` (the final stream event), or undefined. */
function metricsUsage(m: unknown): Usage | undefined {
  if (!isObject(m) || num(m.inputTokenCount) === undefined) return undefined;
  return makeUsage(num(m.inputTokenCount) ?? 0, num(m.outputTokenCount) ?? 0, num(m.cacheReadInputTokenCount), num(m.cacheWriteInputTokenCount));
}

/** Anthropic stream `error` types → Bedrock exception names (mapped by `errorFromException`). */
const STREAM_ERRORS: Record<string, string> = {
  rate_limit_error: 'throttlingException',
  overloaded_error: 'serviceUnavailableException',
  api_error: 'internalServerException',
  invalid_request_error: 'validationException',
  not_found_error: 'resourceNotFoundException',
  permission_error: 'accessDeniedException',
  authentication_error: 'accessDeniedException',
};

/**
 * What the stream mappers share: blocks, stop reason and usage accumulated so far, partial tool-input JSON
 * by block index, `content_start` once and `content_end` once. Subclasses map their own wire events.
 */
export class BlockStream {
  /** Content blocks by block index (unknown block kinds leave a hole). */
  readonly blocks: ContentBlock[] = [];
  id: string | undefined;
  model: string | undefined;
  stopReason: StopReason | undefined;
  usage: Usage = makeUsage(0, 0);
  protected started = false;
  protected ended = false;
  /** Joined partial tool-input JSON of the open tool blocks. */
  protected readonly json: Map<number, string> = new Map();

  /** `model` is reported when the stream does not name one. */
  constructor(model?: string) {
    this.model = model;
  }

  /** The answer accumulated so far, shaped like `chat()`'s. */
  response(): Parsed {
    const blocks = this.blocks.filter((b): b is ContentBlock => b !== undefined);
    return { content: joinText(blocks), blocks, model: this.model ?? '', stopReason: this.stopReason ?? 'end_turn', usage: this.usage };
  }

  protected start(out: StreamEvent[]): void {
    if (this.started) return;
    this.started = true;
    const ev: StreamEvent = { type: 'content_start' };
    if (this.id !== undefined) ev.id = this.id;
    if (this.model !== undefined) ev.model = this.model;
    out.push(ev);
  }

  protected addText(index: number, text: string, out: StreamEvent[]): void {
    let block = this.blocks[index];
    if (block?.type !== 'text') block = this.blocks[index] = { type: 'text', text: '' };
    block.text += text;
    if (text) out.push({ type: 'content_delta', index, content: text });
  }

  protected addThinking(index: number, thinking: string, out: StreamEvent[]): ContentBlock & { type: 'thinking' } {
    let block = this.blocks[index];
    if (block?.type !== 'thinking') block = this.blocks[index] = { type: 'thinking', thinking: '' };
    block.thinking += thinking;
    if (thinking) out.push({ type: 'thinking_delta', index, thinking });
    return block;
  }

  /** Closes block `index`: a tool block gets its input parsed and yields `tool_use`; `kind` and `at` name it in errors. */
  protected stop(index: number, out: StreamEvent[], kind: string, at: string): void {
    const block = this.blocks[index];
    const text = this.json.get(index);
    if (block?.type !== 'tool_use' || text === undefined) return;
    this.json.delete(index);
    try {
      block.input = text.trim() ? JSON.parse(text) : {};
    } catch (cause) {
      throw new StreamError(`${kind} ${block.name} at ${at} ${index}: expected JSON input, got ${JSON.stringify(text.slice(0, 80))}`, { model: this.model, cause });
    }
    out.push({ type: 'tool_use', index, id: block.id, name: block.name, input: block.input });
  }

  protected end(): StreamEvent {
    this.ended = true;
    return { type: 'content_end', stopReason: this.stopReason ?? 'end_turn', usage: this.usage };
  }
}

/**
 * Turns decoded Claude stream events (the JSON inside each `chunk` frame) into `StreamEvent`s:
 * `content_start` once (from `message_start`, or the first block when it is missing), `content_delta`
 * and `thinking_delta` per delta, `tool_use` when a tool block closes (input parsed from the joined
 * partial JSON; empty → `{}`), and `content_end` on `message_stop` with usage from the invocation
 * metrics (else from `message_start`/`message_delta`). `error` events throw the mapped typed error.
 * `blocks` holds the content accumulated so far; `response()` builds a `chat()`-style answer from it.
 */
export class MessagesStream extends BlockStream {
  /** Maps one decoded event; returns the events to yield (possibly none). */
  push(event: unknown): StreamEvent[] {
    if (!isObject(event)) throw new StreamError(`expected a Claude stream event object, got ${JSON.stringify(event)?.slice(0, 80)}`, { model: this.model });
    if (this.ended) return [];
    const out: StreamEvent[] = [];
    switch (event.type) {
      case 'message_start':
        this.#messageStart(event.message, out);
        break;
      case 'content_block_start':
        this.start(out);
        this.#blockStart(num(event.index) ?? 0, event.content_block, out);
        break;
      case 'content_block_delta':
        this.start(out);
        this.#delta(num(event.index) ?? 0, isObject(event.delta) ? event.delta : {}, out);
        break;
      case 'content_block_stop':
        this.stop(num(event.index) ?? 0, out, 'tool_use', 'index');
        break;
      case 'message_delta':
        this.#messageDelta(event);
        break;
      case 'message_stop':
        this.start(out);
        this.usage = metricsUsage(event[INVOCATION_METRICS]) ?? this.usage;
        out.push(this.end());
        break;
      case 'error': {
        const e = isObject(event.error) ? event.error : {};
        throw errorFromException(STREAM_ERRORS[str(e.type)] ?? 'modelStreamErrorException', str(e.message) || str(e.type), this.model);
      }
    }
    return out;
  }

  /** Call when the source ends: `[]` after `content_end`, else a `StreamError` (never a short answer). */
  finish(): StreamEvent[] {
    if (this.ended) return [];
    throw new StreamError(`Claude stream ended before message_stop (${this.blocks.length} content blocks received)`, { model: this.model });
  }

  #messageStart(m: unknown, out: StreamEvent[]): void {
    const msg = isObject(m) ? m : {};
    if (typeof msg.id === 'string') this.id = msg.id;
    if (typeof msg.model === 'string' && msg.model) this.model = msg.model;
    this.usage = anthropicUsage(msg.usage);
    this.start(out);
  }

  #blockStart(index: number, raw: unknown, out: StreamEvent[]): void {
    const block = blockFromJson(raw);
    if (!block) return;
    if (block.type === 'tool_use') {
      block.input = {};
      this.json.set(index, '');
    }
    this.blocks[index] = block;
    if (block.type === 'text' && block.text) out.push({ type: 'content_delta', index, content: block.text });
    if (block.type === 'thinking' && block.thinking) out.push({ type: 'thinking_delta', index, thinking: block.thinking });
  }

  #delta(index: number, d: Json, out: StreamEvent[]): void {
    let block = this.blocks[index];
    switch (d.type) {
      case 'text_delta':
        return this.addText(index, str(d.text), out);
      case 'thinking_delta':
        this.addThinking(index, str(d.thinking), out);
        return;
      case 'signature_delta':
        if (block?.type === 'thinking') block.signature = (block.signature ?? '') + str(d.signature);
        return;
      case 'input_json_delta': {
        const sofar = this.json.get(index);
        if (sofar === undefined) throw new StreamError(`input_json_delta at index ${index} without a tool_use content_block_start`, { model: this.model });
        this.json.set(index, sofar + str(d.partial_json));
        return;
      }
    }
  }

  #messageDelta(event: Json): void {
    const d = isObject(event.delta) ? event.delta : {};
    if (typeof d.stop_reason === 'string') this.stopReason = d.stop_reason;
    const u = isObject(event.usage) ? event.usage : {};
    const cur = this.usage;
    this.usage = makeUsage(
      num(u.input_tokens) ?? cur.promptTokens,
      num(u.output_tokens) ?? cur.completionTokens,
      num(u.cache_read_input_tokens) ?? cur.cacheReadTokens,
      num(u.cache_creation_input_tokens) ?? cur.cacheWriteTokens,
    );
  }

}

/**
 * Legacy (claude-v2 / instant) stream events `{ completion, stop_reason, stop }` → `content_start`,
 * `content_delta` (index 0), and `content_end` at the event carrying `stop_reason`, with usage from
 * its `amazon-bedrock-invocationMetrics`.
 */
export class LegacyStream extends BlockStream {
  text = '';

  /** Maps one decoded event; returns the events to yield. */
  push(event: unknown): StreamEvent[] {
    if (!isObject(event)) throw new StreamError(`expected a legacy stream event object, got ${JSON.stringify(event)?.slice(0, 80)}`, { model: this.model });
    if (this.ended) return [];
    const out: StreamEvent[] = [];
    this.start(out);
    const piece = str(event.completion);
    if (piece) {
      this.text += piece;
      out.push({ type: 'content_delta', index: 0, content: piece });
    }
    this.usage = metricsUsage(event[INVOCATION_METRICS]) ?? this.usage;
    if (typeof event.stop_reason === 'string' && event.stop_reason) {
      this.stopReason = legacyStop(event.stop_reason, event.stop);
      out.push(this.end());
    }
    return out;
  }

  /** `[]` after `content_end`, else a `StreamError`. */
  finish(): StreamEvent[] {
    if (this.ended) return [];
    throw new StreamError(`legacy Claude stream ended before a stop_reason (${this.text.length} characters received)`, { model: this.model });
  }

  /** The answer accumulated so far, shaped like `chat()`'s. */
  override response(): Parsed {
    return { content: this.text, blocks: [{ type: 'text', text: this.text }], model: this.model ?? '', stopReason: this.stopReason ?? 'end_turn', usage: this.usage };
  }
}
