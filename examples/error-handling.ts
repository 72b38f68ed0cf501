/**
 * Error handling (seed: "Error Handling"): every failure is a typed `ProviderError`; the `is…` guards
 * (or `instanceof`) pick the kind. Against the emulator this example provokes each kind (rate limit,
 * context length, bad credentials, unknown model); against Bedrock it provokes only the free ones
 * (bad credentials, unknown model: both are rejected before any model runs).
 * Run: node scripts/run-ts.mjs examples/error-handling.ts
 */
import {
  BedrockProvider, isAuthenticationError, isContextLengthError, isModelNotFoundError, isProviderError, isRateLimitError,
} from '../lib/index.ts';
import { model, target } from './_setup.ts';

/** The seed's switch, in TypeScript. */
function handle(err: unknown): void {
  if (isAuthenticationError(err)) console.log(`Authentication failed: ${err.message}`);
  else if (isRateLimitError(err)) console.log(`Rate limited, retry after ${err.retryAfter ?? 'unknown'} seconds: ${err.message}`);
  else if (isContextLengthError(err)) console.log(`Context too long: ${err.requestTokens} tokens requested, ${err.maxTokens} max`);
  else if (isModelNotFoundError(err)) console.log(`Model not found: ${err.message}`);
  else if (isProviderError(err)) console.log(`Provider error: ${err.message}`);
  else console.log(`Unknown error: ${String(err)}`);
}

const t = await target();
const id = model('anthropic.claude-3-5-sonnet-20241022-v2:0');
const ask = async (config: object, content: string, m = id): Promise<void> => {
  const p = new BedrockProvider({ ...t.config, ...config });
  try {
    const resp = await p.chat([{ role: 'user', content }], { model: m, maxTokens: 100 });
    console.log('Response:', resp.content);
  } catch (err) {
    handle(err);
  } finally {
    p.close();
  }
};

try {
  if (t.emulator) {
    t.emulator.faults.throttle = 10; // every call throttled: retries run out
    await ask({ maxRetries: 2 }, 'Hello?');
    t.emulator.faults.throttle = 0;
    t.emulator.faults.contextWindow = 50; // a tiny context window
    await ask({}, 'Summarize this: ' + 'lorem ipsum '.repeat(40));
    t.emulator.faults.contextWindow = undefined;
  }
  await ask({ accessKeyId: 'AKIAEXAMPLEWRONGKEY1', secretAccessKey: 'not-the-right-secret', sessionToken: undefined, apiKey: undefined, credentials: undefined }, 'Hello?');
  await ask({}, 'Hello?', 'example.no-such-model-v1:0');
} finally {
  await t.close();
}
