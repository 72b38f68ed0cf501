/**
 * Public types shared by every module. Types only: this file has no runtime code.
 * @module
 */

/** AWS credentials. `expiration` marks temporary credentials (refreshed ahead of it). */
export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

/** Resolves credentials; called again when the previous ones near `expiration`. */
export type CredentialProvider = () => Promise<Credentials>;

/**
 * A request to sign or send: the subset of `Request` the signer reads. `headers` takes what `new Headers()`
 * takes (spelled out: the DOM-only `HeadersInit` name is missing under `"lib": ["es2022"], "types": ["node"]`).
 */
export interface SignableRequest {
  method: string;
  url: string | URL;
  headers?: Headers | Array<[string, string]> | Record<string, string>;
  body?: string | Uint8Array | null;
}

/** Who speaks a turn. System turns are lifted into the request's system field. */
export type Role = 'system' | 'user' | 'assistant';

/** Text; `cache: true` places a prompt-caching point after this block. */
export interface TextBlock { type: 'text'; text: string; cache?: boolean }
/** An image, base64 without the `data:` prefix. */
export interface ImageBlock {
  type: 'image';
  mediaType: 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';
  data: string;
}
/** A tool call made by the model. */
export interface ToolUseBlock { type: 'tool_use'; id: string; name: string; input: unknown }
/** The answer to a tool call, sent back in a user turn. */
export interface ToolResultBlock {
  type: 'tool_result';
  toolUseId: string;
  content: string | Array<TextBlock | ImageBlock>;
  isError?: boolean;
}
/** Extended thinking, returned by the model and sent back unchanged in later turns. */
export interface ThinkingBlock { type: 'thinking'; thinking: string; signature?: string }
/** Thinking the model returned encrypted. */
export interface RedactedThinkingBlock { type: 'redacted_thinking'; data: string }

/** One piece of a message. */
export type ContentBlock =
  | TextBlock
  | ImageBlock
  | ToolUseBlock
  | ToolResultBlock
  | ThinkingBlock
  | RedactedThinkingBlock;

/** A conversation turn. */
export interface Message {
  role: Role;
  content: string | ContentBlock[];
}

/** A tool the model may call; `inputSchema` is a JSON Schema object. */
export interface Tool {
  name: string;
  description?: string;
  inputSchema: Record<string, unknown>;
}

/** `auto` (default), `any` (must call one), `none`, or one tool by name. */
export type ToolChoice = 'auto' | 'any' | 'none' | { name: string };

/** Which Bedrock API carries the call. */
export type Api = 'invoke' | 'converse';

/** Per-call options. Only `model` is required. */
export interface ChatOptions {
  /** Model id, inference profile id (`us.…`, `global.…`) or ARN. */
  model: string;
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stopSequences?: string[];
  /** Added to the system field after any system messages. */
  system?: string;
  signal?: AbortSignal;
  tools?: Tool[];
  toolChoice?: ToolChoice;
  /** Extended thinking with a token budget (≥ 1024, below `maxTokens`). */
  thinking?: { budgetTokens: number };
  /** Chosen from the model id when absent. */
  api?: Api;
  /** Claude betas, sent as `anthropic_beta` (InvokeModel only). */
  betas?: string[];
}

/** Why the model stopped. */
export type StopReason =
  | 'end_turn'
  | 'max_tokens'
  | 'stop_sequence'
  | 'tool_use'
  | 'pause_turn'
  | 'refusal'
  | 'guardrail_intervened'
  | 'content_filtered'
  | 'model_context_window_exceeded'
  | (string & {});

/** Token counts of one call. */
export interface Usage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
}

/** The answer of `chat()`. `content` is the concatenated text of the text blocks. */
export interface ChatResponse {
  content: string;
  blocks: ContentBlock[];
  model: string;
  stopReason: StopReason;
  usage: Usage;
  requestId?: string;
}

/** Events yielded by `stream()`; `content_end` is always last. */
export type StreamEvent =
  | { type: 'content_start'; id?: string; model?: string }
  | { type: 'content_delta'; index: number; content: string }
  | { type: 'thinking_delta'; index: number; thinking: string }
  | { type: 'tool_use'; index: number; id: string; name: string; input: unknown }
  | { type: 'content_end'; stopReason: StopReason; usage: Usage };

/** `BedrockProvider` settings. */
export interface BedrockConfig {
  region?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  /** Static credentials or a provider (memoized, refreshed ahead of expiry). */
  credentials?: Credentials | CredentialProvider;
  /** Bedrock API key, sent as `Authorization: Bearer …` instead of SigV4. */
  apiKey?: string;
  /** Base URL replacing `https://bedrock-runtime.{region}.amazonaws.com` (VPC endpoint, emulator, proxy). */
  endpoint?: string;
  /** Gateway base URL: requests go to `{gateway}/bedrock-runtime/{region}/model/…`, signed for Bedrock. */
  gateway?: string;
  /** Use `bedrock-runtime-fips.{region}` hosts (`AWS_USE_FIPS_ENDPOINT`). */
  useFipsEndpoint?: boolean;
  fetch?: typeof fetch;
  /** Retries after the first attempt (default 3). */
  maxRetries?: number;
  /** Milliseconds for a whole call, stream included (at most 2147483647, the `setTimeout` limit). */
  timeout?: number;
  /**
   * Milliseconds allowed without data: the gap between two chunks of a body (streams and non-streaming answers),
   * and for `stream()` also the wait for the response headers. Not the wait for the headers of `chat()` and
   * `countTokens()`: Bedrock sends them once the whole answer is generated (`timeout` bounds that). Backoff waits
   * and time spent holding a stream event do not count. At most 2147483647.
   */
  idleTimeout?: number;
  /** Extra headers (HTTP token names, Latin-1 values) sent and signed with every request. */
  headers?: Record<string, string>;
}

/** Decoded event-stream header value (see `decodeEventStream`). */
export type HeaderValue = boolean | number | bigint | string | Uint8Array | Date;

/** One event-stream message. */
export interface EventStreamMessage {
  headers: Record<string, HeaderValue>;
  payload: Uint8Array;
}
