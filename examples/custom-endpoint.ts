/**
 * Custom endpoint (seed: "Custom Endpoint", for VPC endpoints or testing). Against Bedrock set
 * BEDROCK_ENDPOINT (e.g. https://vpce-….bedrock-runtime.us-east-1.vpce.amazonaws.com); the emulator run
 * uses the emulator's loopback URL (http is allowed on loopback only).
 * Run: node scripts/run-ts.mjs examples/custom-endpoint.ts
 */
import { BedrockProvider } from '../lib/index.ts';
import { model, target } from './_setup.ts';

const t = await target();
const endpoint = t.live ? process.env.BEDROCK_ENDPOINT : t.config.endpoint;
const p = new BedrockProvider({ ...t.config, endpoint });
try {
  const resp = await p.chat([{ role: 'user', content: 'Hello through a custom endpoint.' }], {
    model: model('anthropic.claude-3-5-sonnet-20241022-v2:0'),
    maxTokens: 200,
  });
  console.log(`Endpoint: ${endpoint ?? '(regional default)'}`);
  console.log('Response:', resp.content);
} finally {
  p.close();
  await t.close();
}
