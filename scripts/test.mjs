#!/usr/bin/env node
// Builds the uvu specs with esbuild and runs them. Usage:
//   node scripts/test.mjs [runtime ...] [--filter text]
// Runtimes: node, deno, bun, chromium, workerd (default when none is given: all of them).
// Node runs every spec (uvu CLI over an esbuild pre-build); the others run the portable specs (all but
// *.node.ts) from one ESM bundle through scripts/runtimes/harness.mjs. Each runtime prints its own closing
// line; a failure names the runtime.
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { vectors } from './vectors.mjs';
import { buildPortable } from './runtimes/portable.mjs';
import { checkPortability } from './runtimes/portability.mjs';
import { deno } from './runtimes/deno.mjs';
import { bun } from './runtimes/bun.mjs';
import { chromium } from './runtimes/chromium.mjs';
import { workerd } from './runtimes/workerd.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const fi = args.indexOf('--filter');
const filter = fi >= 0 ? args.splice(fi, 2)[1] : '';
const ALL = ['node', 'deno', 'bun', 'chromium', 'workerd'];
/** Per-runtime time limit (ms); TEST_TIMEOUT (seconds) overrides. */
const TIMEOUT = (Number(process.env.TEST_TIMEOUT) || 8 * 60) * 1000;
const runtimes = args.length ? args : ALL;

/** Spec files; `*.node.ts` need Node-only modules and run in Node alone. */
export function specs(runtime) {
  const dir = process.env.SPEC_DIR ? resolve(process.env.SPEC_DIR) + '/' : ROOT + 'spec/';
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .filter((f) => runtime === 'node' || !f.endsWith('.node.ts'))
    .filter((f) => !filter || f.includes(filter))
    .map((f) => dir + f);
}

function run(cmd, argv, opts = {}) {
  return new Promise((resolve) => {
    let out = '';
    const child = spawn(cmd, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], ...opts });
    child.stdout.on('data', (d) => { out += d; process.stdout.write(d); });
    const timer = setTimeout(() => { console.error(`timed out after ${TIMEOUT / 1000} s`); child.kill('SIGKILL'); }, TIMEOUT);
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

/** Per-run build folders, so concurrent runs in one checkout never share output; removed at exit. */
const RUN_DIR = `${ROOT}.test/run-${process.pid}/`;
process.on('exit', () => { if (!process.env.KEEP_TEST_BUILD && !process.env.NODE_V8_COVERAGE) rmSync(RUN_DIR, { recursive: true, force: true }); });

const RUNNERS = {
  async node() {
    const outdir = RUN_DIR + 'node';
    rmSync(outdir, { recursive: true, force: true });
    // lib/ modules are built one file each (imports between them stay imports), so every lib module exists
    // once and c8 maps coverage back to lib/*.ts through the inline source maps.
    const libFiles = readdirSync(ROOT + 'lib').filter((f) => f.endsWith('.ts')).map((f) => ROOT + 'lib/' + f);
    await build({
      entryPoints: [...libFiles, ...specs('node')], outdir, outbase: ROOT, bundle: true, format: 'esm', platform: 'node',
      target: 'node20', packages: 'external', sourcemap: 'inline', outExtension: { '.js': '.mjs' },
      plugins: [vectors, libExternal], logLevel: 'warning',
    });
    const { code, out } = await run(process.execPath, [ROOT + 'node_modules/uvu/bin.js', outdir + '/spec', '.mjs$']);
    const r = tally(out, code);
    if (filter) return r;
    const problems = checkPortability();
    for (const p of problems) console.error(`portability: ${p}`);
    console.log(`portability: lib/ uses no process/Buffer/Deno/Bun/require( outside ${'lib/runtime.ts, lib/node.ts'}: ${problems.length ? 'FAILED' : 'ok'}`);
    return problems.length ? { passed: r.passed, failed: r.failed + 1, ok: false } : { ...r, passed: r.passed + 1 };
  },
  deno: portable(deno),
  bun: portable(bun),
  chromium: portable(chromium),
  workerd: portable(workerd),
};

/** esbuild plugin: a relative import of a lib/ module stays an import of its built `.mjs` sibling. */
const libExternal = {
  name: 'lib-external',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, (args) => {
      const abs = resolve(args.resolveDir, args.path);
      if (!abs.startsWith(ROOT + 'lib/') || args.kind === 'entry-point') return undefined;
      return { path: RUN_DIR + 'node/lib/' + relative(ROOT + 'lib', abs).replace(/\.ts$/, '.mjs'), external: true };
    });
  },
};

let bundled;
/** A runtime that runs the portable bundle (built once per run into .test/run-<pid>/portable). */
function portable(driver) {
  return async () => {
    const outdir = RUN_DIR + 'portable';
    const files = specs(driver.name);
    if (!files.length) { console.log('no portable specs'); return { passed: 0, failed: 0, ok: true }; }
    await (bundled ??= buildPortable(files, outdir));
    return driver(outdir, { timeout: TIMEOUT });
  };
}

let failed = false;
const lines = [];
for (const rt of runtimes) {
  if (!RUNNERS[rt]) { console.error(`unknown runtime "${rt}", expected one of ${Object.keys(RUNNERS).join(', ')}`); process.exit(2); }
  console.log(`\n=== ${rt}`);
  let r;
  try { r = await RUNNERS[rt](); } catch (e) { console.error(e?.errors ? e.message : e); r = { passed: 0, failed: 1, ok: false }; }
  if (!r.ok) failed = true;
  lines.push(`${rt}: ${r.passed} passed, ${r.failed} failed${r.note ? ' ' + r.note : ''}${r.ok ? '' : '  <-- FAILED in ' + rt}`);
}
console.log('\n' + lines.join('\n'));
const sum = lines.reduce((a, l) => { const m = /(\d+) passed, (\d+) failed/.exec(l); return [a[0] + +m[1], a[1] + +m[2]]; }, [0, 0]);
console.log(`${sum[0]} passed, ${sum[1]} failed`);
process.exit(failed ? 1 : 0);
