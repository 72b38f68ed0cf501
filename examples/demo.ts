/**
 * `npm run demo`: a chat, a streamed reply printed token by token, and how a rate limit and a
 * context-length error are handled. Without AWS credentials everything runs against the local Bedrock
 * emulator (started on a free loopback port). With credentials (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or
 * AWS_BEARER_TOKEN_BEDROCK; AWS_REGION, BEDROCK_MODEL optional) the chat and the stream go to Amazon Bedrock
 * (two small calls), while the two error scenarios still run against a local emulator: provoking real
 * throttling or sending an oversized prompt would cost money or quota, and the handling code is the same.
 */
import { BedrockProvider, isContextLengthError, isRateLimitError } from '../lib/index.ts';
import type { Message } from '../lib/index.ts';
import { emulated, model, target } from './_setup.ts';

const MODEL = model('anthropic.claude-3-haiku-20240307-v1:0');
const POEM = 'Silicon dreams in patient rows, / a mind of math that learns and grows; / it reads our words, it weighs each line, / and answers back in borrowed rhyme.';
// the emulator's replies for this demo (the default reply is "Echo: <prompt>")
const reply = ({ prompt }: { prompt: string }): string =>
  /poem/i.test(prompt) ? POEM : /France/.test(prompt) ? 'The capital of France is Paris.' : `Echo: ${prompt}`;
const t = await target({ reply, faults: { eventDelay: 15 } });
const where = t.live ? `Amazon Bedrock (${t.region})` : 'the local Bedrock emulator';
const p = new BedrockProvider(t.config);

try {
  console.log(`== 1. chat, against ${where}`);
  const res = await p.chat([{ role: 'user', content: 'What is the capital of France?' }], { model: MODEL, maxTokens: 100 });
  console.log(`Response: ${res.content}`);
  console.log(`Usage: ${res.usage.promptTokens} in, ${res.usage.completionTokens} out (request ${res.requestId})`);

  console.log(`\n== 2. streaming, token by token`);
  process.stdout.write('Response: ');
  for await (const ev of p.stream([{ role: 'user', content: 'Write a short poem about AI.' }], { model: MODEL, maxTokens: 200 })) {
    if (ev.type === 'content_delta') process.stdout.write(ev.content);
    if (ev.type === 'content_end') console.log(`\n[stop: ${ev.stopReason}, ${ev.usage.completionTokens} tokens]`);
  }
} finally {
  p.close();
  await t.close();
}

// Error scenarios: always on a local emulator with injected faults.
const sim = await emulated({}, true);
const emu = sim.emulator!;
try {
  console.log(`\n== 3. rate limit${t.live ? ' (simulated locally)' : ''}`);
  emu.faults.throttle = 2;
  const q = new BedrockProvider(sim.config);
  const before = emu.calls;
  const ok = await q.chat([{ role: 'user', content: 'Hello after two throttles' }], { model: MODEL });
  console.log(`Throttled twice, retried with backoff: answered after ${emu.calls - before} attempts: ${ok.content}`);
  emu.faults.throttle = 100;
  const strict = new BedrockProvider({ ...sim.config, maxRetries: 2 });
  try {
    await strict.chat([{ role: 'user', content: 'Hello?' }], { model: MODEL });
  } catch (err) {
    if (!isRateLimitError(err)) throw err;
    console.log(`RateLimitError: ${err.message}`);
    console.log('Handling: wait and try later, or lower concurrency; retryAfter =', err.retryAfter ?? 'not given by Bedrock');
  }
  emu.faults.throttle = 0;

  console.log(`\n== 4. context length${t.live ? ' (simulated locally)' : ''}`);
  emu.faults.contextWindow = 120;
  const history: Message[] = [];
  for (let i = 0; i < 6; i++) {
    history.push({ role: 'user', content: `Fact ${i}: ` + 'the quick brown fox jumps over the lazy dog. '.repeat(2) });
    history.push({ role: 'assistant', content: `Noted fact ${i}.` });
  }
  history.push({ role: 'user', content: 'Summarize the facts.' });
  try {
    await q.chat(history, { model: MODEL, maxTokens: 20 });
  } catch (err) {
    if (!isContextLengthError(err)) throw err;
    console.log(`ContextLengthError: ${err.requestTokens} tokens requested, ${err.maxTokens} max`);
    const trimmed = history.slice(-3);
    const res = await q.chat(trimmed, { model: MODEL, maxTokens: 20 });
    console.log(`Handling: dropped the oldest turns (${history.length} → ${trimmed.length} messages) and retried: ${res.content}`);
  }
  q.close();
  strict.close();
} finally {
  await sim.close();
}
