#!/usr/bin/env node
// Builds dist/: one ESM file per package.json export (esbuild, bundle + splitting so shared code lands in
// chunks; dist/index.js and dist/errors.js as single files, see below; Converse, legacy and memoize as files
// index loads with import() on first use, and the ./sigv4, ./token and ./credentials entries reached from index by
// import()) and .d.ts declarations from tsc. Usage: node scripts/build.mjs [--strict]
//   Exports whose lib/ module does not exist yet are skipped with a warning; --strict makes that an error.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const DIST = ROOT + 'dist';
const strictArg = process.argv.includes('--strict');
/** lib/ modules that dist/index.js loads only through import(): files of their own, read and parsed on first use. */
const LAZY = ['converse', 'legacy'];
/**
 * Modules index loads through import() that other entries also bundle: built with those entries (code splitting), so
 * there is one copy of each (memoize recognises the providers it made: a second copy would wrap them again).
 */
const SHARED = ['memoize'];

/** `./sigv4` → `lib/sigv4.ts`, `.` → `lib/index.ts`, for every export except package.json. */
export function entries() {
  const pkg = JSON.parse(readFileSync(ROOT + 'package.json', 'utf8'));
  return Object.keys(pkg.exports)
    .filter((k) => k !== './package.json')
    .map((k) => ({ key: k, name: k === '.' ? 'index' : k.slice(2), file: `lib/${k === '.' ? 'index' : k.slice(2)}.ts` }));
}

/** Rewrites `from './x.ts'` / `import('./x.ts')` specifiers in emitted declarations to `.js`. */
function rewriteDts(dir) {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) { rewriteDts(p); continue; }
    if (!f.endsWith('.d.ts')) continue;
    const src = readFileSync(p, 'utf8');
    const out = src.replace(/((?:from|import)\s*\(?\s*['"])(\.{1,2}\/[^'"]+?)\.ts(['"])/g, '$1$2.js$3');
    if (out !== src) writeFileSync(p, out);
  }
}

/** Resolves `./<name>.ts` imports to the external `./<name>.js` entry instead of bundling them. */
const entryImports = (names) => ({ name: 'entry-imports', setup(b) {
  b.onResolve({ filter: new RegExp(`^\\./(${names.join('|')})\\.ts$`) }, (a) => ({ path: a.path.replace(/\.ts$/, '.js'), external: true }));
} });

export async function buildDist({ quiet = false, strict = strictArg } = {}) {
  const all = entries();
  const missing = all.filter((e) => !existsSync(ROOT + e.file));
  for (const e of missing) console.warn(`build: ${e.file} (export "${e.key}") does not exist yet, skipped`);
  if (missing.length && strict) throw new Error(`build: missing modules for exports ${missing.map((e) => e.key).join(', ')}`);
  const present = all.filter((e) => existsSync(ROOT + e.file));
  rmSync(DIST, { recursive: true, force: true });
  // Cold start in Node costs about a millisecond per ESM file, so dist/index.js is one file: index is built
  // alone, error classes included (the other subpaths share `./errors.js`; `instanceof` holds across the two copies,
  // see ProviderError[Symbol.hasInstance]), with the imports of other entries left to them, by import():
  // `./sigv4.js` (the signer, on the first SigV4 call), `./token.js` and `./credentials.js` (the default chain, only
  // when no credentials are configured), plus the LAZY modules (Converse, legacy completions, memoize), built as
  // files of their own. The other subpaths share chunks (code splitting), so index, ./sigv4, ./token and
  // ./credentials share one signing-key cache.
  const has = (name) => present.some((e) => e.name === name);
  const common = { bundle: true, format: 'esm', target: 'es2022', platform: 'neutral', minify: false, external: ['node:*'], logLevel: quiet ? 'error' : 'warning' };
  const rest = present.filter((e) => e.name !== 'index' && e.name !== 'errors');
  await build({
    ...common, entryPoints: Object.fromEntries([...rest.map((e) => [e.name, ROOT + e.file]), ...SHARED.map((n) => [n, `${ROOT}lib/${n}.ts`])]), outdir: DIST, splitting: true,
    chunkNames: '[name]-[hash]', plugins: has('errors') ? [entryImports(['errors'])] : [],
  });
  if (has('errors')) await build({ ...common, entryPoints: [ROOT + 'lib/errors.ts'], outfile: DIST + '/errors.js' });
  if (has('index')) {
    const lazy = LAZY.filter((n) => existsSync(`${ROOT}lib/${n}.ts`));
    await build({
      ...common, entryPoints: [ROOT + 'lib/index.ts'], outfile: DIST + '/index.js',
      plugins: [entryImports([...['credentials', 'sigv4', 'token'].filter(has), ...SHARED, ...lazy])],
    });
    await build({
      ...common, entryPoints: Object.fromEntries(lazy.map((n) => [n, `${ROOT}lib/${n}.ts`])), outdir: DIST, splitting: true,
      chunkNames: 'lazy-[hash]', plugins: [entryImports(['errors'])],
    });
  }
  const tsc = spawnSync(process.execPath, [
    ROOT + 'node_modules/typescript/bin/tsc', '-p', ROOT + 'tsconfig.json',
    '--noEmit', 'false', '--emitDeclarationOnly', '--declaration', '--outDir', DIST,
  ], { cwd: ROOT, encoding: 'utf8' });
  if (tsc.status !== 0) throw new Error(`build: tsc declarations failed\n${tsc.stdout}${tsc.stderr}`);
  rewriteDts(DIST);
  const noDts = present.filter((e) => !existsSync(`${DIST}/${e.name}.d.ts`));
  if (noDts.length) throw new Error(`build: no declarations for ${noDts.map((e) => e.file).join(', ')}`);
  if (!quiet) console.log(`build: ${present.length} entries → dist/ (${present.map((e) => e.name).join(', ')})`);
  return present;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try { await buildDist(); } catch (e) { console.error(e.message); process.exit(1); }
}
