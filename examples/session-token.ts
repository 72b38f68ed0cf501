/**
 * IAM role with temporary credentials (seed: "Using IAM Roles with Session Tokens").
 * Against Bedrock it uses AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN from the environment;
 * against the emulator it signs with the emulator's key pair and a sample session token (sent as
 * `x-amz-security-token`). Run: node scripts/run-ts.mjs examples/session-token.ts
 */
import { BedrockProvider } from '../lib/index.ts';
import { model, target, EMULATOR_KEYS } from './_setup.ts';

const SAMPLE_TOKEN = 'AQoDYXdzEJr-EXAMPLE-SESSION-TOKEN';
// the emulator is told to expect this key pair with this session token, as STS would have issued them
const t = await target({ credentials: { ...EMULATOR_KEYS, sessionToken: SAMPLE_TOKEN } });
const p = new BedrockProvider({
  region: t.region,
  endpoint: t.config.endpoint,
  accessKeyId: t.live ? process.env.AWS_ACCESS_KEY_ID! : EMULATOR_KEYS.accessKeyId,
  secretAccessKey: t.live ? process.env.AWS_SECRET_ACCESS_KEY! : EMULATOR_KEYS.secretAccessKey,
  sessionToken: t.live ? process.env.AWS_SESSION_TOKEN : SAMPLE_TOKEN,
});
try {
  const resp = await p.chat([{ role: 'user', content: 'Say hello from a temporary session.' }], {
    model: model('anthropic.claude-3-haiku-20240307-v1:0'),
    maxTokens: 200,
  });
  console.log('Response:', resp.content);
  console.log('Provider:', JSON.stringify(p)); // secrets are redacted
} finally {
  p.close();
  await t.close();
}
