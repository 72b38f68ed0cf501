/**
 * Emulator response building: Claude Messages / legacy / Converse JSON answers and their event streams
 * (real event-stream frames with the `p` padding), plus the stream faults (exception frame, drop, stall,
 * truncation, bad CRC).
 * @module
 */
import { toBase64, utf8 } from './bytes.ts';
import { encodeMessage } from './eventstream.ts';
import { tokenize, type Reply, type ReplyBlock } from './emulator-text.ts';

type Json = Record<string, unknown>;

/** One event before framing: `:event-type` and its JSON payload (`chunk` events: the Claude event, base64-wrapped when framed). */
export type EmulatedEvent = { type: string; payload: Json } | { type: 'chunk'; chunk: Json };

/** In-stream exception types Bedrock sends (`:exception-type`). */
export type StreamExceptionType =
  | 'throttlingException'
  | 'internalServerException'
  | 'modelStreamErrorException'
  | 'serviceUnavailableException'
  | 'validationException'
  | 'modelTimeoutException';

/** Default message of each in-stream exception. */
export const STREAM_EXCEPTION_MESSAGES: Record<StreamExceptionType, string> = {
  throttlingException: 'Too many requests, please wait before trying again.',
  internalServerException: 'The server encountered an internal error while processing the request.',
  modelStreamErrorException: 'The model stream encountered an error while processing the request.',
  serviceUnavailableException: 'Bedrock is unable to process your request.',
  validationException: 'The request failed validation.',
  modelTimeoutException: 'Model has timed out in processing the request. Try your request again.',
};

/** What goes wrong in one stream (all optional; indexes count events already sent). */
export interface StreamPlan {
  exception?: { after: number; type: StreamExceptionType; message: string };
  drop?: number;
  stall?: { after: number; ms: number | undefined };
  truncate?: number;
  badCrc?: number;
  /** Delay between events, ms. */
  eventDelay?: number;
  /** Events per body chunk (default 1); batches never cross a fault position. */
  batch?: number;
}

const PADDING = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** The `p` field Bedrock adds to hide payload sizes: 1–36 letters, deterministic by position. */
export const padding = (i: number): string => PADDING.slice(0, ((i * 7) % 36) + 1);

/** Metrics Bedrock appends to the last Claude stream event. */
export interface Metrics { inputTokenCount: number; outputTokenCount: number; invocationLatency: number; firstByteLatency: number }

/** Claude Messages content blocks of a reply. */
export const messagesContent = (blocks: ReplyBlock[]): Json[] =>
  blocks.map((b) => (b.type === 'thinking' ? { type: 'thinking', thinking: b.thinking, signature: b.signature } : { ...b }));

/** Claude Messages response body. */
export function messagesBody(reply: Reply, model: string, id: string): Json {
  return {
    id, type: 'message', role: 'assistant', model, content: messagesContent(reply.blocks),
    stop_reason: reply.stopReason, stop_sequence: reply.stopSequence,
    usage: { input_tokens: reply.inputTokens, output_tokens: reply.outputTokens },
  };
}

/** Anthropic stream events for a reply: one delta per token; tool input JSON in token-sized pieces. */
export function messagesEvents(reply: Reply, model: string, id: string, metrics: Metrics): Json[] {
  const usage = { input_tokens: reply.inputTokens, output_tokens: 1 };
  const out: Json[] = [{ type: 'message_start', message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage } }];
  reply.blocks.forEach((b, index) => {
    if (b.type === 'text') {
      out.push({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      for (const text of tokenize(b.text)) out.push({ type: 'content_block_delta', index, delta: { type: 'text_delta', text } });
    } else if (b.type === 'thinking') {
      out.push({ type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } });
      for (const thinking of tokenize(b.thinking)) out.push({ type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking } });
      out.push({ type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: b.signature } });
    } else {
      out.push({ type: 'content_block_start', index, content_block: { type: 'tool_use', id: b.id, name: b.name, input: {} } });
      for (const partial_json of tokenize(JSON.stringify(b.input))) out.push({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json } });
    }
    out.push({ type: 'content_block_stop', index });
  });
  out.push({ type: 'message_delta', delta: { stop_reason: reply.stopReason, stop_sequence: reply.stopSequence }, usage: { output_tokens: reply.outputTokens } });
  out.push({ type: 'message_stop', 'amazon-bedrock-invocationMetrics': metrics });
  return out;
}

/** `\n\nHuman:`, the stop sequence a legacy completion reports when it ends its turn. */
export const LEGACY_STOP = '\n\nHuman:';

const replyText = (reply: Reply): string => reply.blocks.map((b) => (b.type === 'text' ? b.text : '')).join('');
const legacyStop = (reply: Reply): Json =>
  reply.stopReason === 'max_tokens' ? { stop_reason: 'max_tokens', stop: null } : { stop_reason: 'stop_sequence', stop: reply.stopSequence ?? LEGACY_STOP };

/** Legacy text-completions response body. */
export const legacyBody = (reply: Reply): Json => ({ type: 'completion', completion: replyText(reply), ...legacyStop(reply) });

/** Legacy stream events: one completion piece per token, then the stop reason with metrics. */
export function legacyEvents(reply: Reply, metrics: Metrics): Json[] {
  const out: Json[] = tokenize(replyText(reply)).map((completion) => ({ type: 'completion', completion, stop_reason: null, stop: null }));
  out.push({ type: 'completion', completion: '', ...legacyStop(reply), 'amazon-bedrock-invocationMetrics': metrics });
  return out;
}

/** Converse content blocks of a reply. */
function converseContent(blocks: ReplyBlock[]): Json[] {
  return blocks.map((b) =>
    b.type === 'text' ? { text: b.text }
    : b.type === 'thinking' ? { reasoningContent: { reasoningText: { text: b.thinking, signature: b.signature } } }
    : { toolUse: { toolUseId: b.id, name: b.name, input: b.input } });
}

const converseUsage = (r: Reply): Json => ({ inputTokens: r.inputTokens, outputTokens: r.outputTokens, totalTokens: r.inputTokens + r.outputTokens });

/** Converse response body. */
export const converseBody = (reply: Reply, latencyMs: number): Json => ({
  output: { message: { role: 'assistant', content: converseContent(reply.blocks) } },
  stopReason: reply.stopReason,
  usage: converseUsage(reply),
  metrics: { latencyMs },
});

/** ConverseStream events for a reply (event type = `:event-type`). */
export function converseEvents(reply: Reply, latencyMs: number): EmulatedEvent[] {
  const out: EmulatedEvent[] = [{ type: 'messageStart', payload: { role: 'assistant' } }];
  const delta = (contentBlockIndex: number, d: Json): EmulatedEvent => ({ type: 'contentBlockDelta', payload: { contentBlockIndex, delta: d } });
  reply.blocks.forEach((b, i) => {
    if (b.type === 'text') for (const text of tokenize(b.text)) out.push(delta(i, { text }));
    else if (b.type === 'thinking') {
      for (const text of tokenize(b.thinking)) out.push(delta(i, { reasoningContent: { text } }));
      out.push(delta(i, { reasoningContent: { signature: b.signature } }));
    } else {
      out.push({ type: 'contentBlockStart', payload: { contentBlockIndex: i, start: { toolUse: { toolUseId: b.id, name: b.name } } } });
      out.push(delta(i, { toolUse: { input: JSON.stringify(b.input) } }));
    }
    out.push({ type: 'contentBlockStop', payload: { contentBlockIndex: i } });
  });
  out.push({ type: 'messageStop', payload: { stopReason: reply.stopReason } });
  out.push({ type: 'metadata', payload: { usage: converseUsage(reply), metrics: { latencyMs } } });
  return out;
}

/** Wraps Claude events in `chunk` events (framed as `{"bytes": base64(event JSON)}`). */
export const chunkEvents = (events: Json[]): EmulatedEvent[] => events.map((chunk) => ({ type: 'chunk', chunk }));

/** Frames one event (`:message-type` event, `:content-type` application/json, payload with `p`). */
export function frame(event: EmulatedEvent, i: number): Uint8Array {
  const payload = 'chunk' in event ? { bytes: toBase64(utf8(JSON.stringify(event.chunk))) } : event.payload;
  return encodeMessage({
    headers: { ':event-type': event.type, ':content-type': 'application/json', ':message-type': 'event' },
    payload: utf8(JSON.stringify({ ...payload, p: padding(i) })),
  });
}

/** Frames an in-stream exception (`:message-type` exception, `:exception-type`, payload `{"message"}`). */
export const exceptionFrame = (type: string, message: string): Uint8Array =>
  encodeMessage({
    headers: { ':exception-type': type, ':content-type': 'application/json', ':message-type': 'exception' },
    payload: utf8(JSON.stringify({ message })),
  });

/** A pending wait that `cancel()` ends early; `ms` undefined waits until cancelled. */
function wait(ms: number | undefined): { done: Promise<void>; cancel: () => void } {
  let cancel = (): void => {};
  const done = new Promise<void>((resolve) => {
    const timer = ms === undefined ? undefined : setTimeout(resolve, ms);
    cancel = () => { clearTimeout(timer); resolve(); };
  });
  return { done, cancel };
}

/** True when a fault (or a delay) applies before event `i`. */
const faultAt = (plan: StreamPlan, i: number): boolean =>
  !!plan.eventDelay || plan.exception?.after === i || plan.drop === i || plan.stall?.after === i || plan.truncate === i;

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) (out.set(p, at), (at += p.length));
  return out;
}

/** The response body: frames produced on demand, with the plan's faults applied. */
export function eventStream(events: EmulatedEvent[], plan: StreamPlan): ReadableStream<Uint8Array> {
  let i = 0;
  let cancelled = false;
  let pending: { done: Promise<void>; cancel: () => void } | undefined;
  const pause = async (ms: number | undefined): Promise<void> => {
    pending = wait(ms);
    await pending.done;
    pending = undefined;
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (plan.eventDelay && i > 0) await pause(plan.eventDelay);
      if (plan.stall?.after === i) {
        const { ms } = plan.stall;
        plan.stall = undefined;
        await pause(ms);
      }
      if (cancelled) return;
      if (plan.exception?.after === i) {
        controller.enqueue(exceptionFrame(plan.exception.type, plan.exception.message));
        return controller.close();
      }
      if (plan.drop === i) return controller.error(new Error(`emulated connection drop after ${i} events`));
      if (i >= events.length || plan.truncate === i) return controller.close();
      const parts: Uint8Array[] = [];
      do {
        const bytes = frame(events[i]!, i);
        if (plan.badCrc === i) bytes[bytes.length - 1]! ^= 0xff;
        parts.push(bytes);
        i++;
      } while (parts.length < (plan.batch ?? 1) && i < events.length && !faultAt(plan, i));
      controller.enqueue(parts.length === 1 ? parts[0]! : concat(parts));
    },
    cancel() {
      cancelled = true;
      pending?.cancel();
    },
  }, { highWaterMark: 0 });
}
