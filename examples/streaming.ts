/** Streaming response (seed: "Streaming Response"). Run: node scripts/run-ts.mjs examples/streaming.ts */
import { BedrockProvider } from '../lib/index.ts';
import { model, target } from './_setup.ts';

const t = await target();
const p = new BedrockProvider(t.config);
try {
  const messages = [{ role: 'user' as const, content: 'Write a short poem about AI.' }];
  process.stdout.write('Response: ');
  // Errors (the seed's EventTypeError) are thrown from the loop: catch them around it.
  for await (const event of p.stream(messages, { model: model('anthropic.claude-3-haiku-20240307-v1:0'), maxTokens: 500 })) {
    switch (event.type) {
      case 'content_delta':
        process.stdout.write(event.content);
        break;
      case 'content_end':
        process.stdout.write('\n');
        console.log(`Stop reason: ${event.stopReason}, tokens: ${event.usage.promptTokens} in, ${event.usage.completionTokens} out`);
        break;
    }
  }
} finally {
  p.close();
  await t.close();
}
