#!/usr/bin/env node
// Runs bench/*.bench.ts: bundles each with esbuild (peers stay external, resolved from bench/node_modules)
// and runs it under each runtime in turn. Usage:
//   node scripts/bench.mjs [--runtime node,deno,bun] [name-filter]
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';

const ROOT = new URL('..', import.meta.url).pathname;
const BENCH = ROOT + 'bench/';
const args = process.argv.slice(2);
const ri = args.indexOf('--runtime');
const runtimes = ri >= 0 ? args.splice(ri, 2)[1].split(',') : ['node'];
const filter = args[0] ?? '';

if (!existsSync(BENCH + 'node_modules')) {
  console.log('installing bench/ peers (npm ci in bench/)');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: BENCH, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const outdir = BENCH + '.out';
mkdirSync(outdir, { recursive: true });
const files = readdirSync(BENCH).filter((f) => f.endsWith('.bench.ts') && f.includes(filter)).sort();
const CMD = {
  node: [process.execPath],
  deno: [ROOT + 'node_modules/.bin/deno', 'run', '-A', '--quiet'],
  bun: [ROOT + 'node_modules/.bin/bun', 'run'],
};
let failed = false;
for (const f of files) {
  const outfile = `${outdir}/${f.replace(/\.ts$/, '.mjs')}`;
  await build({
    entryPoints: [BENCH + f], outfile, bundle: true, format: 'esm', platform: 'node', target: 'es2022',
    packages: 'external', logLevel: 'warning', define: { 'process.env.NODE_ENV': '"production"' },
  });
  for (const rt of runtimes) {
    const [cmd, ...pre] = CMD[rt];
    console.log(`\n### ${f} on ${rt}`);
    const r = spawnSync(cmd, [...pre, outfile], { cwd: BENCH, stdio: 'inherit' });
    if (r.status !== 0) { console.error(`${f} failed on ${rt}`); failed = true; }
  }
}
process.exit(failed ? 1 : 0);
