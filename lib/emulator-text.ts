/**
 * The emulator's deterministic "model": a documented tokenizer, prompt counting for the Messages and
 * Converse shapes, and the reply (text, thinking, tool use) with `max_tokens` and stop sequences applied.
 * @module
 */

/** One token: optional leading whitespace, then a run of letters/digits/underscore or one other character. */
const TOKEN = /\s*(?:[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_])/gu;

/**
 * Splits text into tokens as the emulator counts them: each word (letters, digits, `_`) and each other
 * non-space character is one token; whitespace sticks to the token after it (trailing whitespace to the
 * last). Joining the pieces gives the text back. `"Hello, world!"` → `["Hello", ",", " world", "!"]`.
 */
export function tokenize(text: string): string[] {
  const pieces: string[] = text.match(TOKEN) ?? [];
  const rest = text.slice(pieces.join('').length);
  if (rest) pieces.length ? (pieces[pieces.length - 1] += rest) : pieces.push(rest);
  return pieces;
}

/** Number of tokens in `text` (see `tokenize`). */
export function countTokens(text: string): number {
  return tokenize(text).filter((p) => /\S/.test(p)).length;
}

/** A tool offered to the emulated model. */
export interface EmulatedTool { name: string; schema: Record<string, unknown> }

/** What the emulator understood of a request, whatever API carried it. */
export interface EmulatedCall {
  api: 'messages' | 'legacy' | 'converse';
  model: string;
  /** System text (all system blocks joined by a newline). */
  system: string;
  /** Text of the last user turn. */
  prompt: string;
  promptTokens: number;
  maxTokens: number | undefined;
  stopSequences: string[];
  tools: EmulatedTool[];
  /** A tool must be called (`tool_choice` any/tool): its name. */
  forceTool: string | undefined;
  thinking: boolean;
}

/** A reply block; `text` and `thinking` are streamed one token per event. */
export type ReplyBlock =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

/** The emulated model's answer. */
export interface Reply {
  blocks: ReplyBlock[];
  stopReason: 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use';
  stopSequence: string | null;
  inputTokens: number;
  outputTokens: number;
}

/** Makes the reply text for a call: a fixed string, or computed from the call. */
export type ReplyOption = string | ((call: { model: string; prompt: string; system: string }) => string);

/** Phrase in the last user message that makes the emulator call a tool (when tools are offered). */
export const TOOL_TRIGGER = 'use tool';

const sample = (schema: unknown): unknown => {
  const type = (schema as { type?: unknown } | null)?.type;
  if (type === 'string') return 'example';
  if (type === 'number' || type === 'integer') return 1;
  if (type === 'boolean') return true;
  if (type === 'array') return [];
  if (type === 'object') return objectSample(schema as Record<string, unknown>);
  return null;
};

const objectSample = (schema: Record<string, unknown>): Record<string, unknown> => {
  const props = (schema.properties ?? {}) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, sample(v)]));
};

/** Cuts `text` at the earliest stop sequence; returns the kept text and the sequence found. */
function cutAtStop(text: string, stops: string[]): [string, string | null] {
  let at = -1;
  let found: string | null = null;
  for (const s of stops) {
    const i = s ? text.indexOf(s) : -1;
    if (i >= 0 && (at < 0 || i < at)) [at, found] = [i, s];
  }
  return found === null ? [text, null] : [text.slice(0, at), found];
}

/** Keeps the first `limit` tokens of `text`. */
const firstTokens = (text: string, limit: number): string => {
  const out: string[] = [];
  let n = 0;
  for (const p of tokenize(text)) {
    if (/\S/.test(p) && n++ >= limit) break;
    out.push(p);
  }
  return out.join('').trimEnd();
};

/**
 * Answers a call deterministically. Text: `reply` (default `Echo: <last user text>`), cut at the first stop
 * sequence, then truncated to what `maxTokens` leaves after thinking (`stopReason` `max_tokens`). Thinking
 * (when enabled) comes first: `Thinking about: <last user text>`. When tools are offered and the last user
 * text contains `TOOL_TRIGGER` (or a tool is forced), the reply is a short text plus a `tool_use` block
 * calling the forced or first tool with an input built from its schema (`stopReason` `tool_use`).
 * `outputTokens` counts thinking, text and the tool input's JSON.
 */
export function answer(call: EmulatedCall, reply: ReplyOption | undefined, seq: number): Reply {
  const blocks: ReplyBlock[] = [];
  let used = 0;
  if (call.thinking) {
    const thinking = `Thinking about: ${call.prompt}`;
    blocks.push({ type: 'thinking', thinking, signature: `sig_emulator_${seq}` });
    used += countTokens(thinking);
  }
  const tool = pickTool(call);
  if (tool) {
    const text = `Calling ${tool.name}.`;
    const input = objectSample(tool.schema);
    blocks.push({ type: 'text', text }, { type: 'tool_use', id: `toolu_bdrk_emulator${seq}`, name: tool.name, input });
    used += countTokens(text) + countTokens(JSON.stringify(input));
    return { blocks, stopReason: 'tool_use', stopSequence: null, inputTokens: call.promptTokens, outputTokens: used };
  }
  const full = typeof reply === 'function' ? reply(call) : reply ?? `Echo: ${call.prompt}`;
  const [kept, stop] = cutAtStop(full, call.stopSequences);
  const room = call.maxTokens === undefined ? Infinity : Math.max(0, call.maxTokens - used);
  const over = countTokens(kept) > room;
  const text = over ? firstTokens(kept, room) : kept;
  blocks.push({ type: 'text', text });
  const stopReason = over ? 'max_tokens' : stop === null ? 'end_turn' : 'stop_sequence';
  return {
    blocks,
    stopReason,
    stopSequence: stopReason === 'stop_sequence' ? stop : null,
    inputTokens: call.promptTokens,
    outputTokens: used + countTokens(text),
  };
}

function pickTool(call: EmulatedCall): EmulatedTool | undefined {
  if (!call.tools.length) return undefined;
  if (call.forceTool) return call.tools.find((t) => t.name === call.forceTool) ?? call.tools[0];
  return call.prompt.toLowerCase().includes(TOOL_TRIGGER) ? call.tools[0] : undefined;
}
