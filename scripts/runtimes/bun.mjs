// Bun: the portable bundle.
import { writeFileSync } from 'node:fs';
import { ROOT, run, closing } from './common.mjs';

const RUNNER = `import { run } from './bundle.mjs';
const r = await run();
process.exit(r.failed || !r.passed ? 1 : 0);
`;

export async function bun(outdir, { timeout } = {}) {
  writeFileSync(`${outdir}/bun.mjs`, RUNNER);
  const { code, out } = await run(ROOT + 'node_modules/.bin/bun', [`${outdir}/bun.mjs`], { timeout });
  return closing(out, code);
}
