import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Project root: specs run with it as the working directory (scripts/test.mjs). */
const ROOT = process.cwd() + '/';
const HOME = mkdtempSync(join(tmpdir(), 'h6-examples-'));

/** Runs an example with no AWS settings in the environment (so it starts the emulator). */
function run(name: string): { out: string; err: string } {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('AWS_') && k !== 'BEDROCK_MODEL') env[k] = v;
  env.HOME = HOME;
  const r = spawnSync(process.execPath, [ROOT + 'scripts/run-ts.mjs', `examples/${name}.ts`], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
  assert.is(r.signal, null, `${name} did not exit by itself`);
  assert.is(r.status, 0, `${name} failed: ${r.stderr}`);
  assert.match(r.stderr, /local Bedrock emulator at http:\/\/127\.0\.0\.1:\d+/);
  return { out: r.stdout, err: r.stderr };
}

const examples = suite('examples');
examples('basic-chat :: answer and token counts', () => {
  const { out } = run('basic-chat');
  assert.match(out, /^Response: Echo: What is the capital of France\?$/m);
  assert.match(out, /^Tokens used: [1-9]\d* input, [1-9]\d* output$/m);
});
examples('streaming :: streamed text, stop reason', () => {
  const { out } = run('streaming');
  assert.match(out, /^Response: Echo: Write a short poem about AI\.$/m);
  assert.match(out, /^Stop reason: end_turn, tokens: \d+ in, \d+ out$/m);
});
examples('system-prompt :: answer', () => {
  assert.match(run('system-prompt').out, /^Response: Echo: Explain quantum computing\.$/m);
});
examples('conversation :: answers the last turn', () => {
  assert.match(run('conversation').out, /^Response: Echo: How do I read a CSV file\?$/m);
});
examples('advanced-options :: stop sequence honoured', () => {
  const { out } = run('advanced-options');
  assert.match(out, /^Response: Echo: Write a function that reverses a string, then say\s*$/m);
  assert.match(out, /^Stop reason: stop_sequence, request id: [0-9a-f-]{36}$/m);
});
examples('error-handling :: each error kind handled', () => {
  const { out } = run('error-handling');
  assert.match(out, /^Rate limited, retry after unknown seconds: rate limit exceeded for provider "bedrock".*gave up after 3 attempts/m);
  assert.match(out, /^Context too long: \d+ tokens requested, 50 max$/m);
  assert.match(out, /^Authentication failed: authentication failed for provider "bedrock"/m);
  assert.match(out, /^Model not found: /m);
  assert.not.match(out, /not-the-right-secret/);
});
examples('env-config :: config from the environment, secrets redacted', () => {
  const { out } = run('env-config');
  assert.match(out, /"secretAccessKey":"\[redacted\]"/);
  assert.not.match(out, /wJalrXUtnFEMI/);
  assert.match(out, /^Response: Echo: Which region am I talking to\?$/m);
});
examples('session-token :: temporary credentials accepted', () => {
  const { out } = run('session-token');
  assert.match(out, /^Response: Echo: Say hello from a temporary session\.$/m);
  assert.not.match(out, /EXAMPLE-SESSION-TOKEN|wJalrXUtnFEMI/);
});
examples('custom-endpoint :: endpoint used', () => {
  const { out } = run('custom-endpoint');
  assert.match(out, /^Endpoint: http:\/\/127\.0\.0\.1:\d+$/m);
  assert.match(out, /^Response: Echo: Hello through a custom endpoint\.$/m);
});
examples('demo :: chat, stream, rate limit and context length handled', () => {
  const { out } = run('demo');
  assert.match(out, /^Response: The capital of France is Paris\.$/m);
  assert.match(out, /^Response: Silicon dreams in patient rows,.*borrowed rhyme\.$/m);
  assert.match(out, /answered after 3 attempts/);
  assert.match(out, /^RateLimitError: rate limit exceeded for provider "bedrock".*gave up after 3 attempts/m);
  assert.match(out, /^ContextLengthError: \d+ tokens requested, 120 max$/m);
  assert.match(out, /^Handling: dropped the oldest turns .* and retried: Echo: Summarize the facts\.$/m);
});
examples.after(() => rmSync(HOME, { recursive: true, force: true }));
examples.run();
