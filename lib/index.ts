/**
 * @ainative/bedrock: a zero-dependency Amazon Bedrock client for Node, Deno, Bun, browsers and Workers.
 * `BedrockProvider` is the product; the low-level pieces are subpath exports (`./sigv4`, `./eventstream`,
 * `./crc32`, `./token`, `./credentials`, `./proxy`, `./emulator`, `./node`).
 * @module
 */
import { lazy } from './lazy.ts';
import { signer } from './transport.ts';
import type * as Sigv4 from './sigv4.ts';
import type * as Token from './token.ts';

export { BedrockProvider, mergeWithEnvironment } from './provider.ts';
export type { ProviderConfig } from './provider.ts';
export type * from './types.ts';
export * from './errors.ts';
export { encodeMessage, decodeEventStream, EventStreamDecoder } from './eventstream.ts';
export { crc32 } from './crc32.ts';

/** `sign` of `./sigv4`, loaded on first call: the root import holds no signer for clients that never sign. */
export const sign: typeof Sigv4.sign = (request, options) => signer().then((m) => m.sign(request, options));
/** `presign` of `./sigv4`, loaded on first call. */
export const presign: typeof Sigv4.presign = (request, options) => signer().then((m) => m.presign(request, options));
const token = /* @__PURE__ */ lazy('the Bedrock API key module', () => import('./token.ts'));
/** `createBedrockToken` of `./token`, loaded on first call. */
export const createBedrockToken: typeof Token.createBedrockToken = (options) => token().then((m) => m.createBedrockToken(options));
