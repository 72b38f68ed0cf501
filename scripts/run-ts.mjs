#!/usr/bin/env node
// Runs a TypeScript file on Node 20: bundles it with esbuild (packages stay external) and imports the result.
// Usage: node scripts/run-ts.mjs file.ts [args...]
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = new URL('..', import.meta.url).pathname;
const [file, ...rest] = process.argv.slice(2);
if (!file) { console.error('usage: node scripts/run-ts.mjs file.ts [args...]'); process.exit(2); }
const outdir = ROOT + '.test/run';
mkdirSync(outdir, { recursive: true });
const outfile = `${outdir}/${basename(file).replace(/\.ts$/, '')}-${process.pid}.mjs`;
await build({
  entryPoints: [resolve(file)], outfile, bundle: true, format: 'esm', platform: 'node', target: 'node20',
  packages: 'external', sourcemap: 'inline', logLevel: 'warning',
});
process.argv = [process.argv[0], resolve(file), ...rest];
await import(pathToFileURL(outfile).href);
