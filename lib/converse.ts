/**
 * Converse / ConverseStream (every Bedrock model): request body, response, stream events, and the
 * CountTokens body for every API. Loaded on demand: Claude chat and stream calls on InvokeModel never
 * need it.
 * @module
 */
import type { ChatOptions, ContentBlock, Message, StreamEvent, Usage } from './types.ts';
import { errorFromException } from './errors.ts';
import { BlockStream, DEFAULT_MAX_TOKENS, badAnswer, isObject, obj, joinText, normalize, num, str, usageFrom } from './messages.ts';
import type { Json, Parsed, Turn, WireApi } from './messages.ts';

/** Converse's prompt-caching marker, placed after the block it closes. */
const CACHE_POINT = { cachePoint: { type: 'default' } } as const;

/** One content block in the Converse wire format (a cached text block adds a cache point after it). */
export function converseBlocks(b: ContentBlock): Json[] {
  switch (b.type) {
    case 'text':
      return b.cache ? [{ text: b.text }, CACHE_POINT] : [{ text: b.text }];
    case 'image':
      return [{ image: { format: b.mediaType.slice('image/'.length), source: { bytes: b.data } } }];
    case 'tool_use':
      return [{ toolUse: { toolUseId: b.id, name: b.name, input: b.input ?? {} } }];
    case 'tool_result': {
      // Tool results take no cache points: a cached text block inside one is sent as plain text.
      const content = typeof b.content === 'string' ? [{ text: b.content }] : b.content.flatMap((c) => (c.type === 'text' ? [{ text: c.text }] : converseBlocks(c)));
      const result: Json = { toolUseId: b.toolUseId, content };
      if (b.isError) result.status = 'error';
      return [{ toolResult: result }];
    }
    case 'thinking': {
      const text: Json = b.signature === undefined ? { text: b.thinking } : { text: b.thinking, signature: b.signature };
      return [{ reasoningContent: { reasoningText: text } }];
    }
    case 'redacted_thinking':
      return [{ reasoningContent: { redactedContent: b.data } }];
  }
}

const hasToolBlocks = (turns: Turn[]): boolean => turns.some((t) => t.content.some((b) => b.type === 'tool_use' || b.type === 'tool_result'));

/**
 * `toolConfig`: `auto` → `{auto:{}}`, `any` → `{any:{}}`, `{name}` → `{tool:{name}}`. Converse has no
 * `none`: the tools are left out, unless the conversation already holds tool blocks (Bedrock then
 * requires `toolConfig`), in which case they are sent without a `toolChoice`.
 */
function toolConfig(options: ChatOptions, turns: Turn[]): Json | undefined {
  if (!options.tools?.length) return undefined;
  const c = options.toolChoice;
  if (c === 'none' && !hasToolBlocks(turns)) return undefined;
  const tools = options.tools.map((t) => {
    const spec: Json = { name: t.name };
    if (t.description !== undefined) spec.description = t.description;
    spec.inputSchema = { json: t.inputSchema };
    return { toolSpec: spec };
  });
  if (c === undefined || c === 'none') return { tools };
  return { tools, toolChoice: typeof c === 'string' ? { [c]: {} } : { tool: { name: c.name } } };
}

/**
 * The Converse body: `messages`, `system` (text blocks, cache points), `inferenceConfig` (maxTokens,
 * temperature, topP, stopSequences), `additionalModelRequestFields` (`top_k`; `thinking` as
 * `{type:'enabled', budget_tokens}`, the Claude field Bedrock forwards), `toolConfig`. Betas are not sent
 * (InvokeModel only). Empty sections are left out; `maxTokens` absent leaves the model's default, except
 * with `thinking`, where `DEFAULT_MAX_TOKENS` is sent (the budget was validated against it).
 */
export function converseBody(messages: Message[], options: ChatOptions): Json {
  const { system, turns } = normalize(messages, options);
  const body: Json = { messages: turns.map((t) => ({ role: t.role, content: t.content.flatMap(converseBlocks) })) };
  if (system.length) body.system = system.flatMap(converseBlocks);
  const inference: Json = {};
  const maxTokens = options.maxTokens ?? (options.thinking ? DEFAULT_MAX_TOKENS : undefined);
  if (maxTokens !== undefined) inference.maxTokens = maxTokens;
  if (options.temperature !== undefined) inference.temperature = options.temperature;
  if (options.topP !== undefined) inference.topP = options.topP;
  if (options.stopSequences?.length) inference.stopSequences = options.stopSequences;
  if (Object.keys(inference).length) body.inferenceConfig = inference;
  const extra: Json = {};
  if (options.topK !== undefined) extra.top_k = options.topK;
  if (options.thinking) extra.thinking = { type: 'enabled', budget_tokens: options.thinking.budgetTokens };
  if (Object.keys(extra).length) body.additionalModelRequestFields = extra;
  const tools = toolConfig(options, turns);
  if (tools) body.toolConfig = tools;
  return body;
}

/** A Converse content block → ours; unknown kinds give undefined. */
function blockFromConverse(b: unknown): ContentBlock | undefined {
  if (!isObject(b)) return undefined;
  if (typeof b.text === 'string') return { type: 'text', text: b.text };
  if (isObject(b.toolUse)) return { type: 'tool_use', id: str(b.toolUse.toolUseId), name: str(b.toolUse.name), input: b.toolUse.input ?? {} };
  const r = b.reasoningContent;
  if (!isObject(r)) return undefined;
  if (typeof r.redactedContent === 'string') return { type: 'redacted_thinking', data: r.redactedContent };
  const t = obj(r.reasoningText);
  return typeof t.signature === 'string' ? { type: 'thinking', thinking: str(t.text), signature: t.signature } : { type: 'thinking', thinking: str(t.text) };
}

/** Usage from a Converse `usage` object; the service's `totalTokens` wins when present. */
function converseUsage(u: unknown): Usage {
  const usage = usageFrom(u, 'inputTokens outputTokens cacheReadInputTokens cacheWriteInputTokens');
  usage.totalTokens = num(isObject(u) ? u.totalTokens : undefined) ?? usage.totalTokens;
  return usage;
}

/** A Converse response (`output.message.content`, `stopReason`, `usage`) → a `chat()` answer; `model` is the requested id. */
export function parseConverseResponse(json: unknown, model: string): Parsed {
  const message = isObject(json) && isObject(json.output) ? json.output.message : undefined;
  if (!isObject(json) || !isObject(message) || !Array.isArray(message.content)) throw badAnswer('a Converse response with output.message.content', json, model);
  const blocks = message.content.map(blockFromConverse).filter((b) => b !== undefined);
  return { content: joinText(blocks), blocks, model, stopReason: str(json.stopReason) || 'end_turn', usage: converseUsage(json.usage) };
}

/**
 * ConverseStream events (`:event-type` name + JSON payload) → `StreamEvent`s. `content_end` follows
 * `metadata` (usage); when the stream ends after `messageStop` without `metadata`, `finish()` emits it
 * with zero usage. A stream without `messageStop` is a `StreamError`. Exception events (`…Exception`)
 * throw the mapped typed error. `blocks` gives the accumulated answer.
 */
export class ConverseStream extends BlockStream {
  #metadata = false;

  /** Maps one event; returns the events to yield (possibly none). */
  push(eventType: string, payload: unknown): StreamEvent[] {
    const p = obj(payload);
    if (eventType.endsWith('Exception')) throw errorFromException(eventType, str(p.message) || str(p.Message), this.model);
    const out: StreamEvent[] = [];
    if (this.ended) return out;
    const index = num(p.contentBlockIndex) ?? 0;
    const start = obj(p.start);
    const d = obj(p.delta);
    const r = isObject(d.reasoningContent) ? d.reasoningContent : undefined;
    switch (eventType) {
      case 'messageStart':
        this.start(out);
        break;
      case 'contentBlockStart':
        this.start(out);
        if (isObject(start.toolUse)) this.openTool(index, start.toolUse.toolUseId, start.toolUse.name);
        break;
      case 'contentBlockDelta':
        this.start(out);
        if (typeof d.text === 'string') this.add(index, 'text', d.text, out);
        else if (isObject(d.toolUse)) this.addJson(index, d.toolUse.input);
        else if (typeof r?.redactedContent === 'string') {
          const prev = this.blocks[index];
          this.blocks[index] = { type: 'redacted_thinking', data: (prev?.type === 'redacted_thinking' ? prev.data : '') + r.redactedContent };
        } else if (r) {
          this.add(index, 'thinking', str(r.text), out);
          this.sign(index, r.signature);
        }
        break;
      case 'contentBlockStop':
        this.stop(index, out);
        break;
      case 'messageStop':
        this.start(out);
        this.stopReason = str(p.stopReason) || 'end_turn';
        if (this.#metadata) out.push(this.end());
        break;
      case 'metadata':
        this.#metadata = true;
        this.usage = converseUsage(p.usage);
        if (this.stopReason !== undefined) out.push(this.end());
        break;
    }
    return out;
  }

  /** Call when the source ends: `[]` after `content_end`, `content_end` after `messageStop`, else a `StreamError`. */
  override finish(): StreamEvent[] {
    return !this.ended && this.stopReason !== undefined ? [this.end()] : super.finish();
  }
}
