/**
 * Claude legacy text completions on InvokeModel (claude-v2, claude-v2:1, claude-instant-v1): the
 * `\n\nHuman: …\n\nAssistant:` body, the `{ completion, stop_reason }` response and its stream events.
 * Loaded on demand: only calls to those models need it.
 * @module
 */
import { article } from './check.ts';
import type { ChatOptions, Message, StopReason, StreamEvent, Usage } from './types.ts';
import { ValidationError } from './errors.ts';
import { BlockStream, DEFAULT_MAX_TOKENS, badAnswer, defined, isObject, makeUsage, metricsUsage, normalize, preview, some, str } from './messages.ts';
import type { Json, Parsed } from './messages.ts';

/** Marks a user turn in the legacy text-completions prompt (and always stops generation). */
export const HUMAN_PROMPT = '\n\nHuman:';
/** Marks an assistant turn in the legacy prompt; the prompt ends with it. */
export const AI_PROMPT = '\n\nAssistant:';

/** The error for what the legacy API cannot take: `field` names the option (or `messages`). */
const unsupported = (o: ChatOptions, field: string, what: string): ValidationError =>
  new ValidationError(`${o.model} uses the legacy text-completions API (anthropic.claude-v2/instant), which ${what}`, { field });

/**
 * The InvokeModel body for claude-v2 / claude-instant: a `\n\nHuman: …\n\nAssistant:` prompt (system text
 * first), `max_tokens_to_sample` (default `DEFAULT_MAX_TOKENS`), and `\n\nHuman:` always among the stop
 * sequences. A final assistant turn is kept as the start of the answer. Messages must be validated and
 * hold text blocks only (a `ValidationError` names the first other block); `tools`, `thinking` and `betas`, which
 * that API does not have, are a `ValidationError` too (`toolChoice` needs tools, except `auto`/`none`: no-ops).
 */
export function legacyBody(messages: Message[], o: ChatOptions): Json {
  for (const [k, given] of Object.entries({ tools: some(o.tools), thinking: o.thinking, betas: some(o.betas) })) if (given) throw unsupported(o, k, `does not support ${k}`);
  const { system, turns } = normalize(messages, o);
  let prompt = system.map((b) => b.text).join('\n');
  for (const t of turns) {
    const text = t.content.map((b) => {
      if (b.type === 'text') return b.text;
      throw unsupported(o, 'messages', `takes text only, got ${article(b.type)} block`);
    });
    prompt += `${t.role === 'user' ? HUMAN_PROMPT : AI_PROMPT} ${text.join('')}`;
  }
  return defined({
    prompt: turns[turns.length - 1]?.role === 'assistant' ? prompt : prompt + AI_PROMPT,
    max_tokens_to_sample: o.maxTokens ?? DEFAULT_MAX_TOKENS,
    temperature: o.temperature,
    top_p: o.topP,
    top_k: o.topK,
    stop_sequences: [HUMAN_PROMPT, ...(o.stopSequences ?? []).filter((s) => s !== HUMAN_PROMPT)],
  });
}

/** Legacy `stop_reason`: stopping at `\n\nHuman:` is the end of the turn. */
const legacyStop = (reason: unknown, stop: unknown): StopReason =>
  reason === 'stop_sequence' && (stop ?? HUMAN_PROMPT) === HUMAN_PROMPT ? 'end_turn' : str(reason) || 'end_turn';

/**
 * A legacy `{ completion, stop_reason }` response. Its body holds no token counts: usage is zero here and
 * the caller may replace it with `usageFromHeaders(response.headers)`.
 */
export function parseLegacyResponse(json: unknown, model: string): Parsed {
  if (!isObject(json) || typeof json.completion !== 'string') throw badAnswer('a legacy response with a completion string', json, model);
  return { content: json.completion, blocks: [{ type: 'text', text: json.completion }], model, stopReason: legacyStop(json.stop_reason, json.stop), usage: makeUsage(0, 0) };
}

/**
 * Usage from the `x-amzn-bedrock-{input,output}-token-count` (and cache read/write) headers InvokeModel
 * answers carry; undefined when the counts are absent.
 */
export function usageFromHeaders(headers: Headers): Usage | undefined {
  const read = (name: string): number | undefined => {
    const v = headers.get(`x-amzn-bedrock-${name}-token-count`)?.trim();
    return v && Number.isFinite(+v) ? +v : undefined;
  };
  const input = read('input');
  const output = read('output');
  if (input === undefined && output === undefined) return undefined;
  return makeUsage(input ?? 0, output ?? 0, read('cache-read-input'), read('cache-write-input'));
}

/**
 * Legacy stream events `{ completion, stop_reason, stop }` → `content_start`, `content_delta` (index 0),
 * and `content_end` at the event carrying `stop_reason`, with usage from its
 * `amazon-bedrock-invocationMetrics`.
 */
export class LegacyStream extends BlockStream {
  /** Maps one decoded event; returns the events to yield. */
  push(event: unknown): StreamEvent[] {
    if (!isObject(event)) throw this.fail(`expected a legacy stream event object, got ${preview(event)}`);
    const out: StreamEvent[] = [];
    if (this.ended) return out;
    this.start(out);
    this.add(0, 'text', str(event.completion), out);
    this.usage = metricsUsage(event) ?? this.usage;
    if (str(event.stop_reason)) {
      this.stopReason = legacyStop(event.stop_reason, event.stop);
      out.push(this.end());
    }
    return out;
  }
}
