// Node-only load checks: what a busy provider prints on stderr.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { BedrockProvider } from '../lib/provider.ts';
import { createEmulator, EXAMPLE_CREDENTIALS } from '../lib/emulator.ts';

const SONNET = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
const load = suite('load (node)');

load('concurrency :: 20 calls in flight on one provider → no MaxListenersExceededWarning', async () => {
  // each call listens on the provider's close signal; Node warns past 10 listeners on one AbortSignal
  const emu = createEmulator();
  const p = new BedrockProvider({ region: 'us-east-1', ...EXAMPLE_CREDENTIALS, fetch: ((r: Request) => emu.fetch(r)) as typeof fetch });
  const warnings: string[] = [];
  const on = (w: Error) => { warnings.push(`${w.name}: ${w.message}`); };
  process.on('warning', on);
  try {
    const res = await Promise.all(Array.from({ length: 20 }, (_, i) => p.chat([{ role: 'user', content: `hi ${i}` }], { model: SONNET })));
    assert.is(res.length, 20);
    await new Promise((r) => setTimeout(r, 20));
  } finally {
    process.off('warning', on);
  }
  assert.equal(warnings.filter((w) => w.startsWith('MaxListenersExceededWarning')), []);
});

load.run();
