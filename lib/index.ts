/**
 * @ainative/bedrock: a zero-dependency Amazon Bedrock client for Node, Deno, Bun, browsers and Workers.
 * `BedrockProvider` is the product; the low-level pieces are also subpath exports.
 * @module
 */
export { BedrockProvider, mergeWithEnvironment } from './provider.ts';
export type { ProviderConfig } from './provider.ts';
export type * from './types.ts';
export * from './errors.ts';
export { sign, presign } from './sigv4.ts';
export { encodeMessage, decodeEventStream, EventStreamDecoder } from './eventstream.ts';
export { crc32 } from './crc32.ts';
export { createBedrockToken } from './token.ts';
export { createEmulator } from './emulator.ts';
export { createProxy } from './proxy.ts';
export {
  defaultChain, fromContainer, fromEnv, fromIni, fromInstanceMetadata, fromProcess, fromStatic, fromWebIdentity, memoize,
} from './credentials.ts';
