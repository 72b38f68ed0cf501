/**
 * Emulator request parsing: Claude Messages, legacy text-completions and Converse bodies become an
 * `EmulatedCall`, with Bedrock's validation errors. Independent of the client-side body builders.
 * @module
 */
import { countTokens, type EmulatedCall, type EmulatedTool } from './emulator-text.ts';
import { AwsFault, malformed, validation } from './emulator-wire.ts';

type Json = Record<string, unknown>;

/** The only `anthropic_version` Bedrock accepts. */
export const ANTHROPIC_VERSION = 'bedrock-2023-05-31';

/** Keys Bedrock accepts in a Claude Messages body (anything else is an "extraneous key"). */
const MESSAGES_KEYS = new Set([
  'anthropic_version', 'anthropic_beta', 'max_tokens', 'messages', 'system', 'stop_sequences', 'temperature',
  'top_p', 'top_k', 'tools', 'tool_choice', 'thinking', 'metadata', 'output_config', 'context_management',
  'container', 'mcp_servers', 'service_tier', 'output_format',
]);

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Parses a JSON body or answers 400 like Bedrock does for unreadable input. */
export function parseJson(text: string): Json {
  try {
    const v: unknown = JSON.parse(text);
    if (isObject(v)) return v;
  } catch {
    // fall through
  }
  throw validation('Malformed input request, please reformat your input and try again.');
}

/** Tokens of the text inside one content block (Messages or Converse shape). Images count 1. */
function blockTokens(block: unknown): number {
  if (typeof block === 'string') return countTokens(block);
  if (!isObject(block)) return 0;
  if (block.type === 'image' || 'image' in block || 'document' in block) return 1;
  let n = countTokens(str(block.text)) + countTokens(str(block.thinking));
  if (block.type === 'tool_use') n += countTokens(str(block.name)) + countTokens(JSON.stringify(block.input ?? {}));
  if (block.type === 'tool_result') n += contentTokens(block.content);
  if (isObject(block.toolUse)) n += countTokens(str(block.toolUse.name)) + countTokens(JSON.stringify(block.toolUse.input ?? {}));
  if (isObject(block.toolResult)) n += contentTokens(block.toolResult.content);
  if (isObject(block.json)) n += countTokens(JSON.stringify(block.json));
  const reasoning = isObject(block.reasoningContent) ? block.reasoningContent.reasoningText : undefined;
  if (isObject(reasoning)) n += countTokens(str(reasoning.text));
  return n;
}

const contentTokens = (content: unknown): number =>
  typeof content === 'string' ? countTokens(content) : list(content).reduce<number>((n, b) => n + blockTokens(b), 0);

const toolTokens = (tools: EmulatedTool[], descriptions: string[]): number =>
  tools.reduce((n, t, i) => n + countTokens(t.name) + countTokens(descriptions[i] ?? '') + countTokens(JSON.stringify(t.schema)), 0);

/** Text of the last user turn's text blocks (string content taken whole). */
function lastUserText(messages: unknown[]): string {
  const last = [...messages].reverse().find((m) => isObject(m) && m.role === 'user');
  const content = isObject(last) ? last.content : undefined;
  if (typeof content === 'string') return content;
  return list(content).map((b) => (isObject(b) ? str(b.text) : '')).filter(Boolean).join('\n');
}

const systemText = (system: unknown): string =>
  typeof system === 'string' ? system : list(system).map((b) => (isObject(b) ? str(b.text) : '')).join('\n');

function checkMessages(messages: unknown): unknown[] {
  if (!Array.isArray(messages)) throw malformed('#: required key [messages] not found');
  if (!messages.length) throw validation('messages: at least one message is required');
  messages.forEach((m, i) => {
    const role = isObject(m) ? m.role : undefined;
    if (role !== 'user' && role !== 'assistant') throw malformed(`#/messages/${i}/role: ${String(role)} is not a valid enum value`);
  });
  return messages;
}

/** Claude Messages body → call. Errors as Bedrock: required/extraneous keys, version, max_tokens. */
export function fromMessages(body: Json, model: string): EmulatedCall {
  for (const key of Object.keys(body)) if (!MESSAGES_KEYS.has(key)) throw malformed(`#: extraneous key [${key}] is not permitted`);
  if (!('anthropic_version' in body)) throw malformed('#: required key [anthropic_version] not found');
  if (body.anthropic_version !== ANTHROPIC_VERSION) throw validation(`invalid anthropic_version, expected "${ANTHROPIC_VERSION}"`);
  if (!('max_tokens' in body)) throw malformed('#: required key [max_tokens] not found');
  const maxTokens = body.max_tokens;
  if (!Number.isInteger(maxTokens) || (maxTokens as number) < 1) throw validation('max_tokens: Input should be greater than or equal to 1');
  const messages = checkMessages(body.messages);
  const tools: EmulatedTool[] = list(body.tools).filter(isObject).map((t) => ({ name: str(t.name), schema: isObject(t.input_schema) ? t.input_schema : {} }));
  const choice = isObject(body.tool_choice) ? body.tool_choice : {};
  const forceTool = choice.type === 'tool' ? str(choice.name) : choice.type === 'any' ? tools[0]?.name : undefined;
  const system = systemText(body.system);
  const descriptions = list(body.tools).map((t) => (isObject(t) ? str(t.description) : ''));
  return {
    api: 'messages',
    model,
    system,
    prompt: lastUserText(messages),
    promptTokens: countTokens(system) + messages.reduce<number>((n, m) => n + contentTokens((m as Json).content), 0) + toolTokens(tools, descriptions),
    maxTokens: maxTokens as number,
    stopSequences: list(body.stop_sequences).map(str),
    tools: choice.type === 'none' ? [] : tools,
    forceTool,
    thinking: isObject(body.thinking) && body.thinking.type === 'enabled',
  };
}

/** `Human:`/`Assistant:` markers of the legacy text-completions prompt. */
const HUMAN = '\n\nHuman:';
const ASSISTANT = '\n\nAssistant:';

/** Legacy text-completions body (claude-v2, instant) → call. */
export function fromLegacy(body: Json, model: string): EmulatedCall {
  const prompt = body.prompt;
  if (typeof prompt !== 'string') throw malformed('#: required key [prompt] not found');
  if (!Number.isInteger(body.max_tokens_to_sample)) throw malformed('#: required key [max_tokens_to_sample] not found');
  const human = prompt.lastIndexOf(HUMAN);
  if (human < 0) throw validation(`prompt must contain "${HUMAN.trim()}" turn`);
  if (!prompt.trimEnd().endsWith(ASSISTANT)) throw validation(`prompt must end with "${ASSISTANT.trim()}" turn`);
  const last = prompt.slice(human + HUMAN.length, prompt.lastIndexOf(ASSISTANT)).trim();
  const stops = list(body.stop_sequences).map(str);
  return {
    api: 'legacy', model, system: prompt.slice(0, prompt.indexOf(HUMAN)).trim(), prompt: last,
    promptTokens: countTokens(prompt), maxTokens: body.max_tokens_to_sample as number,
    stopSequences: stops.includes(HUMAN) ? stops : [...stops, HUMAN], tools: [], forceTool: undefined, thinking: false,
  };
}

/** Converse body (`messages`, `system`, `inferenceConfig`, `toolConfig`, `additionalModelRequestFields`) → call. */
export function fromConverse(body: Json, model: string): EmulatedCall {
  const messages = checkMessages(body.messages);
  const config = isObject(body.inferenceConfig) ? body.inferenceConfig : {};
  const maxTokens = config.maxTokens;
  if (maxTokens !== undefined && (!Number.isInteger(maxTokens) || (maxTokens as number) < 1)) {
    throw validation('1 validation error detected: Value at \'inferenceConfig.maxTokens\' failed to satisfy constraint: Member must have value greater than or equal to 1');
  }
  const toolConfig = isObject(body.toolConfig) ? body.toolConfig : {};
  const specs = list(toolConfig.tools).map((t) => (isObject(t) && isObject(t.toolSpec) ? t.toolSpec : {}));
  const tools = specs.map((s) => ({ name: str(s.name), schema: isObject(s.inputSchema) && isObject(s.inputSchema.json) ? s.inputSchema.json : {} }));
  const choice = isObject(toolConfig.toolChoice) ? toolConfig.toolChoice : {};
  const forceTool = isObject(choice.tool) ? str(choice.tool.name) : isObject(choice.any) ? tools[0]?.name : undefined;
  const extra = isObject(body.additionalModelRequestFields) ? body.additionalModelRequestFields : {};
  const system = systemText(body.system);
  return {
    api: 'converse',
    model,
    system,
    prompt: lastUserText(messages),
    promptTokens: countTokens(system) + messages.reduce<number>((n, m) => n + contentTokens((m as Json).content), 0) + toolTokens(tools, specs.map((s) => str(s.description))),
    maxTokens: maxTokens as number | undefined,
    stopSequences: list(config.stopSequences).map(str),
    tools,
    forceTool,
    thinking: isObject(extra.thinking) && extra.thinking.type === 'enabled',
  };
}

/** Re-throws anything that is not an `AwsFault` as a 400 (bad input shapes). */
export function asFault(error: unknown): AwsFault {
  return error instanceof AwsFault ? error : validation(`Malformed input request: ${(error as Error).message}`);
}
