/** Basic chat request (seed: "Basic Chat Request"). Run: node scripts/run-ts.mjs examples/basic-chat.ts */
import { BedrockProvider } from '../lib/index.ts';
import { model, target } from './_setup.ts';

const t = await target();
// Against Bedrock: new BedrockProvider({ region: 'us-east-1', accessKeyId: '…', secretAccessKey: '…' })
const p = new BedrockProvider(t.config);
try {
  const messages = [{ role: 'user' as const, content: 'What is the capital of France?' }];
  const resp = await p.chat(messages, {
    model: model('anthropic.claude-3-5-sonnet-20241022-v2:0'),
    maxTokens: 1024,
    temperature: 0.7,
  });
  console.log('Response:', resp.content);
  console.log(`Tokens used: ${resp.usage.promptTokens} input, ${resp.usage.completionTokens} output`);
} finally {
  p.close();
  await t.close();
}
