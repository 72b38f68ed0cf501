/**
 * @ainative/bedrock: a zero-dependency Amazon Bedrock client for Node, Deno, Bun, browsers and Workers.
 * `BedrockProvider` is the product; the low-level pieces are subpath exports (`./sigv4`, `./eventstream`,
 * `./crc32`, `./token`, `./credentials`, `./proxy`, `./emulator`, `./node`).
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
