/**
 * Configuration from environment variables (seed: "Using Environment Variables"): AWS_REGION,
 * AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_BEARER_TOKEN_BEDROCK,
 * AWS_ENDPOINT_URL_BEDROCK_RUNTIME. Without AWS credentials, it fills an environment that points at the
 * local emulator. Run: node scripts/run-ts.mjs examples/env-config.ts
 */
import { BedrockProvider, mergeWithEnvironment } from '../lib/index.ts';
import { model, target, EMULATOR_KEYS } from './_setup.ts';

const t = await target();
const env: Record<string, string | undefined> = t.live
  ? process.env
  : {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: EMULATOR_KEYS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: EMULATOR_KEYS.secretAccessKey,
      AWS_ENDPOINT_URL_BEDROCK_RUNTIME: t.config.endpoint,
    };
const config = mergeWithEnvironment({}, env); // in your app: mergeWithEnvironment() reads the real environment
console.log('Config:', JSON.stringify(config)); // secrets print as [redacted]
const p = new BedrockProvider(config);
try {
  const resp = await p.chat([{ role: 'user', content: 'Which region am I talking to?' }], {
    model: model('anthropic.claude-3-haiku-20240307-v1:0'),
    maxTokens: 200,
  });
  console.log('Response:', resp.content);
} finally {
  p.close();
  await t.close();
}
