/** With system prompt (seed: "With System Prompt"). Run: node scripts/run-ts.mjs examples/system-prompt.ts */
import { BedrockProvider } from '../lib/index.ts';
import type { Message } from '../lib/index.ts';
import { model, target } from './_setup.ts';

const t = await target();
const p = new BedrockProvider(t.config);
try {
  const messages: Message[] = [
    { role: 'system', content: 'You are a helpful assistant that explains complex topics simply.' },
    { role: 'user', content: 'Explain quantum computing.' },
  ];
  const resp = await p.chat(messages, { model: model('anthropic.claude-3-opus-20240229-v1:0'), maxTokens: 2048 });
  console.log('Response:', resp.content);
  console.log(`Stop reason: ${resp.stopReason}`);
} finally {
  p.close();
  await t.close();
}
