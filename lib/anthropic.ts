/**
 * Claude Messages on InvokeModel: the body (`anthropic_version: bedrock-2023-05-31`), the response and the
 * stream events. The legacy text-completions API (claude-v2, claude-instant) lives in `legacy.ts`.
 * @module
 */
import type { ChatOptions, ContentBlock, Message, StreamEvent } from './types.ts';
import { errorFromException } from './errors.ts';
import { BlockStream, DEFAULT_MAX_TOKENS, badAnswer, copyBlock, defined, isObject, joinText, metricsUsage, normalize, num, obj, preview, some, str, usageFrom } from './messages.ts';
import type { Json, Parsed } from './messages.ts';

/** Version string Bedrock requires in every Claude Messages body. */
export const ANTHROPIC_VERSION = 'bedrock-2023-05-31';

const CACHE = { type: 'ephemeral' } as const;
/** Count names of an Anthropic `usage` object (input excludes cache reads and writes), for `usageFrom`. */
const USAGE = 'input_tokens output_tokens cache_read_input_tokens cache_creation_input_tokens';
/** Stream events that belong to the message (`ping` and unknown types do not start it): the cases of `MessagesStream.push`. */
const KNOWN = /^(?:message_(?:start|delta|stop)|content_block_(?:start|delta|stop))$/;
/** Anthropic stream `error` types (without `_error`) → Bedrock exception names (without `Exception`). */
const STREAM_ERRORS: Record<string, string> = {
  rate_limit: 'throttling',
  overloaded: 'serviceUnavailable',
  api: 'internalServer',
  invalid_request: 'validation',
  not_found: 'resourceNotFound',
  permission: 'accessDenied',
  authentication: 'accessDenied',
};

/** One content block in the Messages wire format. */
export function blockJson(b: ContentBlock): Json {
  if (b.type === 'image') return { type: 'image', source: { type: 'base64', media_type: b.mediaType, data: b.data } };
  if (b.type === 'tool_result') {
    return defined({ type: 'tool_result', tool_use_id: b.toolUseId, content: content(b.content, true), is_error: b.isError || undefined });
  }
  const out = copyBlock(b) as unknown as Json;
  if (b.type === 'text' && b.cache) out.cache_control = CACHE;
  return out;
}

/** Blocks in the wire format; a single uncached text block is sent as a plain string (as the SDKs do). */
function content(c: string | ContentBlock[], keep?: boolean): unknown {
  if (typeof c === 'string') return c;
  const [b] = c;
  return !keep && c.length === 1 && b?.type === 'text' && !b.cache ? b.text : c.map(blockJson);
}

/**
 * The InvokeModel body for Claude Messages. Never holds `model` or `stream`; `max_tokens` defaults to
 * `DEFAULT_MAX_TOKENS`; the system field is a string unless it has several blocks or a cache point;
 * `tool_choice` is sent only with tools; betas go in `anthropic_beta`.
 */
export function messagesBody(messages: Message[], o: ChatOptions): Json {
  const { system, turns } = normalize(messages, o);
  const tools = some(o.tools);
  const c = o.toolChoice;
  return defined({
    anthropic_version: ANTHROPIC_VERSION,
    max_tokens: o.maxTokens ?? DEFAULT_MAX_TOKENS,
    messages: turns.map((t) => ({ role: t.role, content: content(t.content) })),
    system: some(system) && content(system),
    temperature: o.temperature,
    top_p: o.topP,
    top_k: o.topK,
    stop_sequences: some(o.stopSequences),
    tools: tools?.map((t) => defined({ name: t.name, description: t.description, input_schema: t.inputSchema })),
    tool_choice: tools && c && (typeof c === 'string' ? { type: c } : { type: 'tool', name: c.name }),
    thinking: o.thinking && { type: 'enabled', budget_tokens: o.thinking.budgetTokens },
    anthropic_beta: some(o.betas),
  });
}

/** A Claude Messages response → content, blocks, model (the answer's, else the requested id), stop reason, usage. */
export function parseMessagesResponse(json: unknown, model: string): Parsed {
  if (!isObject(json) || !Array.isArray(json.content)) throw badAnswer('a Messages response with a content array', json, model);
  const blocks = json.content.map(copyBlock).filter((b) => b !== undefined);
  return { content: joinText(blocks), blocks, model: str(json.model) || model, stopReason: str(json.stop_reason) || 'end_turn', usage: usageFrom(json.usage, USAGE) };
}

/**
 * Turns decoded Claude stream events (the JSON inside each `chunk` frame) into `StreamEvent`s:
 * `content_start` once (from `message_start`, or the first block when it is missing), `content_delta`
 * and `thinking_delta` per delta, `tool_use` when a tool block closes (input parsed from the joined
 * partial JSON; empty → `{}`), and `content_end` on `message_stop` with usage from the invocation
 * metrics (else from `message_start`/`message_delta`). `error` events throw the mapped typed error.
 * `blocks` holds the content accumulated so far.
 */
export class MessagesStream extends BlockStream {
  /** Maps one decoded event; returns the events to yield (possibly none). */
  push(event: unknown): StreamEvent[] {
    if (!isObject(event)) throw this.fail(`expected a stream event, got ${preview(event)}`);
    const out: StreamEvent[] = [];
    if (this.ended) return out;
    const index = num(event.index) ?? 0;
    const d = obj(event.delta);
    if (event.type === 'error') {
      const e = obj(event.error);
      throw errorFromException(`${STREAM_ERRORS[str(e.type).replace(/_error$/, '')] ?? 'modelStreamError'}Exception`, str(e.message) || str(e.type), this.model);
    }
    if (event.type === 'message_start') {
      const m = obj(event.message);
      this.id = str(m.id) || this.id;
      this.model = str(m.model) || this.model;
      this.usage = usageFrom(m.usage, USAGE);
    }
    // `ping` and unknown events carry nothing: `content_start` waits for one that does (and for the id with it)
    if (KNOWN.test(event.type as string)) this.start(out);
    switch (event.type) {
      case 'content_block_start': {
        const b = copyBlock(event.content_block);
        if (b?.type === 'tool_use') this.openTool(index, b.id, b.name);
        else if (b?.type === 'text' || b?.type === 'thinking') {
          // the block's initial text is its first delta
          this.add(index, b.type, (b as unknown as Json)[b.type] as string, out);
          this.sign(index, (b as unknown as Json).signature);
        } else if (b) this.blocks[index] = b;
        break;
      }
      case 'content_block_delta': {
        const kind = d.type === 'text_delta' ? 'text' : d.type === 'thinking_delta' ? 'thinking' : undefined;
        if (kind) this.add(index, kind, str(d[kind]), out);
        else if (d.type === 'signature_delta') this.sign(index, d.signature);
        else if (d.type === 'input_json_delta') this.addJson(index, d.partial_json);
        break;
      }
      case 'content_block_stop':
        this.stop(index, out);
        break;
      case 'message_delta':
        if (typeof d.stop_reason === 'string') this.stopReason = d.stop_reason;
        this.usage = usageFrom(event.usage, USAGE, this.usage);
        break;
      case 'message_stop':
        this.usage = metricsUsage(event) ?? this.usage;
        out.push(this.end());
    }
    return out;
  }
}
