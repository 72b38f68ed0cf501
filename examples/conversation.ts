/** Conversation with multiple messages (seed). Run: node scripts/run-ts.mjs examples/conversation.ts */
import { BedrockProvider } from '../lib/index.ts';
import type { Message } from '../lib/index.ts';
import { model, target } from './_setup.ts';

const t = await target();
const p = new BedrockProvider(t.config);
try {
  const messages: Message[] = [
    { role: 'user', content: 'Hello! I need help with Python.' },
    { role: 'assistant', content: "I'd be happy to help with Python! What would you like to know?" },
    { role: 'user', content: 'How do I read a CSV file?' },
  ];
  const resp = await p.chat(messages, { model: model('anthropic.claude-3-sonnet-20240229-v1:0'), maxTokens: 1024 });
  console.log('Response:', resp.content);
  console.log(`Tokens used: ${resp.usage.promptTokens} input, ${resp.usage.completionTokens} output`);
} finally {
  p.close();
  await t.close();
}
