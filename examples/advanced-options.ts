/** Advanced options (seed: "Advanced Options"). Run: node scripts/run-ts.mjs examples/advanced-options.ts */
import { BedrockProvider } from '../lib/index.ts';
import { model, target } from './_setup.ts';

const t = await target();
const p = new BedrockProvider(t.config);
try {
  const messages = [{ role: 'user' as const, content: 'Write a function that reverses a string, then say END.' }];
  const resp = await p.chat(messages, {
    model: model('anthropic.claude-3-5-sonnet-20241022-v2:0'),
    maxTokens: 2048,
    temperature: 0.8,
    topP: 0.95,
    stopSequences: ['END', 'STOP'],
    system: 'You are an expert programmer.',
  });
  console.log('Response:', resp.content);
  console.log(`Stop reason: ${resp.stopReason}, request id: ${resp.requestId}`);
} finally {
  p.close();
  await t.close();
}
