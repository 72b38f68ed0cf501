#!/usr/bin/env node
// Size, startup and packaging budgets (`npm run size`; exits 1 when any is over or broken):
// - minified + gzip browser bundles of what an import pulls in up front, ours vs peers (bench/node_modules);
//   chunks loaded only through import() (the SigV4 signer, Converse, legacy completions, memoize, the credential default
//   chain) are reported beside it, not counted, and the core must not load the signer up front;
// - the core bundle has no `node:` import; lib/ touches runtime globals only in runtime.ts/node.ts;
// - cold import() of the built package in fresh Node processes (median), ours vs peers;
// - publint clean, jsr.json exports = package.json exports, npm pack holds only dist/ + docs,
//   errors thrown by a subpath are instanceof the root's classes (two copies in dist), and the types resolve for a consumer (tsc, moduleResolution bundler and node16, and nodenext without the DOM lib).
// Usage: node scripts/size.mjs [--no-startup] [--no-pack]
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { buildDist, entries } from './build.mjs';
import { checkPortability } from './runtimes/portability.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const BENCH = ROOT + 'bench/';
const args = process.argv.slice(2);
const KB = 1024;
const RUNS = 41;
const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); return ok; };

/**
 * Browser bundles: [label, source, resolveDir, budget bytes | undefined, core?, what its import() chunks are?]. Ours are
 * bundled from the built package through its `exports` (what a consumer's bundler sees), the peers from bench/.
 */
const BUNDLES = [
  ['ours: BedrockProvider (core)', `export { BedrockProvider } from '@ainative/bedrock';`, ROOT, 8 * KB, 'core', 'the SigV4 signer, Converse, legacy completions, memoize and the credential default chain, loaded on first use'],
  ['ours: ./sigv4 sign, presign', `export { sign, presign } from '@ainative/bedrock/sigv4';`, ROOT, 2.5 * KB],
  ['ours: ./eventstream codec', `export { decodeEventStream, encodeMessage, EventStreamDecoder } from '@ainative/bedrock/eventstream';`, ROOT, 1.5 * KB],
  ['aws4fetch (signing only)', `export { AwsClient, AwsV4Signer } from 'aws4fetch';`, BENCH],
  ['@smithy signature-v4 + eventstream-codec', `export { SignatureV4 } from '@smithy/signature-v4';
export { EventStreamCodec } from '@smithy/eventstream-codec';
export { fromUtf8, toUtf8 } from '@smithy/util-utf8';`, BENCH],
  ['@aws-sdk/client-bedrock-runtime', `export { BedrockRuntimeClient, ConverseStreamCommand, InvokeModelWithResponseStreamCommand } from '@aws-sdk/client-bedrock-runtime';`, BENCH],
  ['@anthropic-ai/bedrock-sdk', `export { AnthropicBedrock } from '@anthropic-ai/bedrock-sdk';`, BENCH],
];

/** Startup: [label, specifier, cwd]. */
const IMPORTS = [
  ['baseline: an empty module file (ESM loader start-up)', ROOT + '.test/size-empty.mjs', ROOT],
  ['ours: @ainative/bedrock (dist/index.js)', ROOT + 'dist/index.js', ROOT],
  ['aws4fetch', 'aws4fetch', BENCH],
  ['@aws-sdk/client-bedrock-runtime', '@aws-sdk/client-bedrock-runtime', BENCH],
  ['@anthropic-ai/bedrock-sdk', '@anthropic-ai/bedrock-sdk', BENCH],
];
const STARTUP_BUDGET_MS = 10;
/** aws4fetch's cold import where the 10 ms budget was set; the budget scales with what aws4fetch takes in this run. */
const STARTUP_PEER_MS = 8;
const OURS_DIST = ROOT + 'dist/index.js';

/**
 * Bundles `contents` with code splitting: the entry chunk plus every chunk it imports statically is what the
 * import costs up front (measured against the budget); chunks reached only through `import()` (for the core: the
 * signer, the wire APIs other than Claude Messages, the credential chain) are reported beside it and not counted; the
 * no-`node:` check covers both, and the core must not hold the signer up front. Each figure is the gzip of the concatenated chunks.
 */
async function measure([label, contents, resolveDir, budget, core, lazyWhat = 'lazy chunks']) {
  try {
    const r = await build({
      stdin: { contents, resolveDir, loader: 'js', sourcefile: 'entry.js' }, bundle: true, write: false,
      minify: true, format: 'esm', platform: 'browser', target: 'es2022', metafile: true, logLevel: 'silent',
      splitting: true, outdir: ROOT + '.test/size-out', chunkNames: '[name]-[hash]',
      external: ['node:*'], define: { 'process.env.NODE_ENV': '"production"' },
    });
    const files = new Map(r.outputFiles.map((f) => [f.path.slice(ROOT.length), f.contents]));
    const outs = r.metafile.outputs;
    const closure = (start, seen = new Set()) => {
      if (seen.has(start)) return seen;
      seen.add(start);
      for (const i of outs[start].imports) if (i.kind === 'import-statement' && outs[i.path]) closure(i.path, seen);
      return seen;
    };
    const entry = Object.keys(outs).find((k) => outs[k].entryPoint && k.endsWith('.js'));
    const eager = closure(entry);
    const lazy = new Set();
    for (const k of eager) for (const i of outs[k].imports) if (i.kind === 'dynamic-import' && outs[i.path]) for (const c of closure(i.path)) if (!eager.has(c)) lazy.add(c);
    const join = (set) => Buffer.concat([...set].map((k) => files.get(k)));
    const code = join(eager);
    const gz = gzipSync(code, { level: 9 }).byteLength;
    const lazyCode = join(lazy);
    const nodeImports = Object.values(r.metafile.inputs).flatMap((i) => i.imports).filter((i) => i.path.startsWith('node:'));
    // The signer's algorithm name appears nowhere else in the core.
    if (core) check(!code.includes('AWS4-HMAC-SHA256'), `${label}: holds the SigV4 signer up front; it should load on the first signed call`);
    if (core) check(nodeImports.length === 0, `${label}: imports ${[...new Set(nodeImports.map((i) => i.path))].join(', ')}`);
    if (budget) check(gz <= budget, `${label}: ${fmt(gz)} gzip is over the ${fmt(budget)} budget`);
    const notes = [];
    if (lazy.size) notes.push(`+ import() on demand: ${fmt(lazyCode.byteLength)} min / ${fmt(gzipSync(lazyCode, { level: 9 }).byteLength)} gzip (${lazyWhat}; not counted)`);
    if (nodeImports.length) notes.push(`imports ${nodeImports.length} node: modules`);
    return { label, min: code.byteLength, gz, budget, note: notes.join('; ') };
  } catch (e) {
    const first = e.errors?.[0]?.text ?? e.message;
    if (budget) check(false, `${label}: does not bundle: ${first}`);
    return { label, error: `does not bundle for browsers (${first})`, budget };
  }
}

function fmt(bytes) { return `${(bytes / KB).toFixed(1)} KB`; }

/**
 * Median of RUNS fresh `node` processes timing `await import(specifier)` from inside, per entry. Rounds are
 * interleaved (every entry once per round) so load drift on a shared machine hits all of them alike.
 */
function startupAll(list) {
  const times = list.map(() => []);
  const errors = list.map(() => undefined);
  for (let round = 0; round < RUNS; round++) {
    list.forEach(([, specifier, cwd], i) => {
      if (errors[i]) return;
      const src = `const t = performance.now(); await import(${JSON.stringify(specifier)}); console.log(performance.now() - t);`;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', src], { cwd, encoding: 'utf8' });
      if (r.status !== 0) errors[i] = (r.stderr.split('\n').find((l) => /Error/.test(l)) ?? 'failed').trim();
      else times[i].push(Number(r.stdout.trim()));
    });
  }
  return list.map(([label], i) => {
    const t = times[i].sort((a, b) => a - b);
    return errors[i] ? { label, error: errors[i] } : { label, ms: t[t.length >> 1] };
  });
}

function packaging() {
  const pkg = JSON.parse(readFileSync(ROOT + 'package.json', 'utf8'));
  // jsr.json: same subpaths, each pointing at lib/<name>.ts.
  const jsr = JSON.parse(readFileSync(ROOT + 'jsr.json', 'utf8'));
  const want = Object.fromEntries(entries().map((e) => [e.key, `./${e.file}`]));
  check(JSON.stringify(sortKeys(jsr.exports)) === JSON.stringify(sortKeys(want)),
    `jsr.json exports ${JSON.stringify(jsr.exports)} do not match package.json exports (expected ${JSON.stringify(want)})`);
  check(jsr.name === pkg.name && jsr.version === pkg.version, `jsr.json name/version ${jsr.name}@${jsr.version} != package.json ${pkg.name}@${pkg.version}`);
  // npm pack: only dist/, README, CHANGELOG, LICENSE, package.json.
  const pack = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
  const files = JSON.parse(pack.stdout)[0].files.map((f) => f.path);
  const extra = files.filter((f) => !/^(dist\/.+|README\.md|CHANGELOG\.md|LICENSE|package\.json)$/.test(f));
  check(extra.length === 0, `npm pack holds unexpected files: ${extra.join(', ')}`);
  for (const f of ['README.md', 'CHANGELOG.md', 'LICENSE', 'package.json', 'dist/index.js', 'dist/index.d.ts']) check(files.includes(f), `npm pack lacks ${f}`);
  return files.length;
}

/**
 * dist/index.js carries its own copy of the error classes (one file starts faster) while the other subpaths share
 * dist/errors.js: an error thrown by `./sigv4` must still be `instanceof` the root's classes. The memoize the root loads
 * is the one `./credentials` exports (a second copy would wrap its providers again).
 */
function errorsAcrossCopies() {
  const src = `const index = await import(${JSON.stringify(ROOT + 'dist/index.js')}), errors = await import(${JSON.stringify(ROOT + 'dist/errors.js')});
const { sign } = await import(${JSON.stringify(ROOT + 'dist/sigv4.js')});
const memo = await import(${JSON.stringify(ROOT + 'dist/memoize.js')}), cred = await import(${JSON.stringify(ROOT + 'dist/credentials.js')});
const e = await sign({ method: 'POST', url: 'https://x/' }, { region: 'bad region', service: 'bedrock', credentials: { accessKeyId: 'AKID', secretAccessKey: 'secretsecret' } }).catch((e) => e);
console.log(index.ValidationError !== errors.ValidationError, e instanceof index.ValidationError, e instanceof index.ProviderError, index.isValidationError(e), !(e instanceof index.StreamError), memo.memoize === cred.memoize);`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', src], { encoding: 'utf8' });
  const ok = r.status === 0 && r.stdout.trim() === 'true true true true true true';
  check(ok, `error classes across dist copies, one memoize: expected "true true true true true true", got ${JSON.stringify((r.stdout + r.stderr).trim().slice(0, 200))}`);
  return ok ? 'ok' : 'FAILED';
}

function sortKeys(o) { return Object.fromEntries(Object.entries(o).filter(([k]) => k !== './package.json').sort()); }

async function lint() {
  const { publint } = await import('publint');
  const { formatMessage } = await import('publint/utils');
  const pkg = JSON.parse(readFileSync(ROOT + 'package.json', 'utf8'));
  const { messages } = await publint({ pkgDir: ROOT, level: 'suggestion', pack: 'npm' });
  for (const m of messages) check(false, `publint ${m.type}: ${formatMessage(m, pkg)?.replace(/\x1b\[[0-9;]*m/g, '')}`);
  return messages.length;
}

/** Packs the package, installs it into a scratch consumer and type-checks an import of every subpath. */
function consumer() {
  const dir = ROOT + '.test/consumer/';
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir + 'node_modules/@ainative/bedrock', { recursive: true });
  const pack = spawnSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' });
  const tgz = dir + JSON.parse(pack.stdout)[0].filename.replace(/^@ainative\//, 'ainative-');
  spawnSync('tar', ['xzf', tgz, '--strip-components=1', '-C', dir + 'node_modules/@ainative/bedrock']);
  const subpaths = entries().filter((e) => existsSync(`${ROOT}dist/${e.name}.d.ts`));
  const src = [
    ...subpaths.map((e, i) => `import * as m${i} from '@ainative/bedrock${e.key === '.' ? '' : e.key.slice(1)}';`),
    `import { BedrockProvider } from '@ainative/bedrock';`,
    `const p: BedrockProvider = new BedrockProvider({ region: 'us-east-1', apiKey: 'k' });`,
    `export const all: unknown[] = [p, ${subpaths.map((_, i) => `m${i}`).join(', ')}];`,
  ].join('\n');
  writeFileSync(dir + 'index.ts', src);
  writeFileSync(dir + 'package.json', JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  const results = [];
  // A Node-only project has no DOM lib: the declarations must not name DOM-only types there.
  const DOM = 'es2022,dom,dom.iterable,dom.asynciterable';
  for (const [module, resolution, lib] of [['esnext', 'bundler', DOM], ['node16', 'node16', DOM], ['nodenext', 'nodenext', 'es2022']]) {
    const r = spawnSync(process.execPath, [ROOT + 'node_modules/typescript/bin/tsc', '--noEmit', '--strict',
      '--module', module, '--moduleResolution', resolution, '--target', 'es2022', '--lib', lib,
      '--types', 'node', '--typeRoots', ROOT + 'node_modules/@types', dir + 'index.ts'], { cwd: dir, encoding: 'utf8' });
    const label = `${resolution}${lib === DOM ? '' : ' without the DOM lib'}`;
    check(r.status === 0, `consumer types (${label}): ${(r.stdout + r.stderr).trim()}`);
    results.push(`${label} ${r.status === 0 ? 'ok' : 'FAILED'}`);
  }
  return results.join(', ');
}

// ---- run
if (!existsSync(BENCH + 'node_modules')) {
  console.log('installing bench/ peers (npm ci in bench/)');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: BENCH, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const port = checkPortability();
for (const p of port) check(false, `portability: ${p}`);
let built = false;
try { await buildDist({ quiet: true, strict: true }); built = true; } catch (e) { check(false, e.message); }

const sizes = [];
for (const b of BUNDLES) sizes.push(await measure(b));
console.log('\n| bundle (browser, minified + gzip) | min | gzip | budget |\n|---|---:|---:|---:|');
for (const s of sizes) {
  console.log(s.error ? `| ${s.label} | — | ${s.error} | ${s.budget ? fmt(s.budget) : ''} |`
    : `| ${s.label} | ${fmt(s.min)} | ${fmt(s.gz)} | ${s.budget ? fmt(s.budget) : ''}${s.note ? ' ' + s.note : ''} |`);
}

if (!args.includes('--no-startup')) {
  mkdirSync(ROOT + '.test', { recursive: true });
  writeFileSync(ROOT + '.test/size-empty.mjs', 'export const x = 1;\n');
  console.log(`\n| cold import() in Node ${process.version} (median of ${RUNS} fresh processes, interleaved) | ms |\n|---|---:|`);
  const list = IMPORTS.filter(([, spec]) => built || spec !== OURS_DIST);
  const res = startupAll(list);
  for (const r of res) console.log(`| ${r.label} | ${r.error ?? r.ms.toFixed(1)} |`);
  // The budget is 10 ms where aws4fetch takes 8 ms (the issue's figures): checked as a ratio to aws4fetch measured
  // in the same run, since absolute start-up times move with the machine's load.
  const ours = res.find((r) => r.label.startsWith('ours'));
  const peer = res.find((r) => r.label === 'aws4fetch');
  if (!built) check(false, 'cold import: dist/ not built');
  else if (ours?.ms === undefined || peer?.ms === undefined) check(false, `cold import failed: ${ours?.error ?? peer?.error}`);
  else {
    const limit = peer.ms * STARTUP_BUDGET_MS / STARTUP_PEER_MS;
    console.log(`  ours ${ours.ms.toFixed(1)} ms vs limit ${limit.toFixed(1)} ms (${STARTUP_BUDGET_MS} ms at aws4fetch = ${STARTUP_PEER_MS} ms; aws4fetch took ${peer.ms.toFixed(1)} ms here)`);
    check(ours.ms <= limit, `cold import ${ours.ms.toFixed(1)} ms is over ${limit.toFixed(1)} ms (${STARTUP_BUDGET_MS}/${STARTUP_PEER_MS} of aws4fetch's ${peer.ms.toFixed(1)} ms)`);
  }
}

if (built && !args.includes('--no-pack')) {
  console.log('\npackaging');
  const n = packaging();
  console.log(`  npm pack: ${n} files`);
  console.log(`  publint: ${await lint()} message(s)`);
  console.log(`  consumer types: ${consumer()}`);
  console.log(`  error classes across dist copies (root vs ./sigv4), one memoize: ${errorsAcrossCopies()}`);
}
console.log(`  portability: ${port.length ? port.length + ' problem(s)' : 'ok'}`);

if (failures.length) {
  console.error('\nsize: FAILED\n' + failures.map((f) => '  - ' + f).join('\n'));
  process.exit(1);
}
console.log('\nsize: all budgets hold');
