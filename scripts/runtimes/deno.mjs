// Deno: the portable bundle twice, with -A and with no permissions at all (the library must work without
// any: environment, files and network beyond fetch to loopback are optional).
import { writeFileSync } from 'node:fs';
import { ROOT, run, closing } from './common.mjs';

const RUNNER = `import { run } from './bundle.mjs';
const r = await run();
Deno.exit(r.failed || !r.passed ? 1 : 0);
`;

export async function deno(outdir, { timeout } = {}) {
  writeFileSync(`${outdir}/deno.mjs`, RUNNER);
  const bin = ROOT + 'node_modules/.bin/deno';
  const env = { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' };
  const results = [];
  for (const [label, flags] of [['-A', ['-A']], ['no permissions', ['--no-prompt']]]) {
    console.log(`--- deno run ${flags.join(' ')} (${label})`);
    const { code, out } = await run(bin, ['run', ...flags, '--quiet', `${outdir}/deno.mjs`], { timeout, env });
    const r = closing(out, code);
    if (!r.ok) console.error(`deno (${label}) failed`);
    results.push(r);
  }
  const [a, b] = results;
  const note = `(twice: -A ${a.ok ? 'ok' : 'FAILED'}, no permissions ${b.ok ? 'ok' : 'FAILED'})`;
  return { passed: a.passed + b.passed, failed: a.failed + b.failed, ok: a.ok && b.ok, note };
}
