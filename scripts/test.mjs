#!/usr/bin/env node
// Builds the uvu specs with esbuild and runs them. Usage:
//   node scripts/test.mjs [runtime ...] [--filter text]
// Runtimes: node (default when none is given: all of them).
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { vectors } from './vectors.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const fi = args.indexOf('--filter');
const filter = fi >= 0 ? args.splice(fi, 2)[1] : '';
const ALL = ['node'];
const runtimes = args.length ? args : ALL;

/** Spec files; `*.node.ts` need Node-only modules and run in Node alone. */
export function specs(runtime) {
  return readdirSync(ROOT + 'spec')
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .filter((f) => runtime === 'node' || !f.endsWith('.node.ts'))
    .filter((f) => !filter || f.includes(filter))
    .map((f) => ROOT + 'spec/' + f);
}

function run(cmd, argv, opts = {}) {
  return new Promise((resolve) => {
    let out = '';
    const child = spawn(cmd, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], ...opts });
    child.stdout.on('data', (d) => { out += d; process.stdout.write(d); });
    const timer = setTimeout(() => child.kill('SIGKILL'), 8 * 60_000);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, out }); });
  });
}

/** Reads uvu's closing lines; a run that printed none counts as failed. */
function tally(out, code) {
  const strip = out.replace(/\x1b\[[0-9;]*m/g, '');
  const total = Number(/Total:\s+(\d+)/.exec(strip)?.[1] ?? NaN);
  const passed = Number(/Passed:\s+(\d+)/.exec(strip)?.[1] ?? NaN);
  if (!Number.isFinite(total) || !Number.isFinite(passed)) return { passed: 0, failed: 1, ok: false };
  return { passed, failed: total - passed, ok: code === 0 && total === passed && total > 0 };
}

const RUNNERS = {
  async node() {
    const outdir = ROOT + '.test/node';
    rmSync(outdir, { recursive: true, force: true });
    await build({
      entryPoints: specs('node'), outdir, bundle: true, format: 'esm', platform: 'node', target: 'node20',
      packages: 'external', sourcemap: 'inline', outExtension: { '.js': '.mjs' }, plugins: [vectors], logLevel: 'warning',
    });
    const { code, out } = await run(process.execPath, [ROOT + 'node_modules/uvu/bin.js', outdir, '.mjs$']);
    return tally(out, code);
  },
};

let failed = false;
const lines = [];
for (const rt of runtimes) {
  if (!RUNNERS[rt]) { console.error(`unknown runtime "${rt}", expected one of ${Object.keys(RUNNERS).join(', ')}`); process.exit(2); }
  console.log(`\n=== ${rt}`);
  let r;
  try { r = await RUNNERS[rt](); } catch (e) { console.error(e); r = { passed: 0, failed: 1, ok: false }; }
  if (!r.ok) failed = true;
  lines.push(`${rt}: ${r.passed} passed, ${r.failed} failed${r.ok ? '' : '  <-- FAILED in ' + rt}`);
}
console.log('\n' + lines.join('\n'));
const sum = lines.reduce((a, l) => { const m = /(\d+) passed, (\d+) failed/.exec(l); return [a[0] + +m[1], a[1] + +m[2]]; }, [0, 0]);
console.log(`${sum[0]} passed, ${sum[1]} failed`);
process.exit(failed ? 1 : 0);
