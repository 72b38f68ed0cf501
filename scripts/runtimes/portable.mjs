// Builds every portable spec (spec/*.ts except *.node.ts) into one ESM bundle for the non-Node runtimes:
// uvu and the peers are bundled in, specs load lazily in order (dynamic imports stay in the one file), and the
// bundle exports `run(log?)` (see harness.mjs). uvu's output goes through globalThis.UVU_WRITE, kleur is
// replaced by a colourless stub.
import { build } from 'esbuild';
import { mkdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { vectors } from '../vectors.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;

const KLEUR = `const c = new Proxy(function () {}, {
  get: (t, k) => (k === 'enabled' ? false : c),
  apply: (t, self, args) => (args.length ? args[0] : c),
});
export default c;`;

/** Lets uvu's output be captured; kleur becomes identity functions (no ANSI codes, no process access). */
const uvuPatch = {
  name: 'uvu-patch',
  setup(b) {
    b.onResolve({ filter: /^kleur$/ }, () => ({ path: 'kleur', namespace: 'kleur-stub' }));
    b.onLoad({ filter: /.*/, namespace: 'kleur-stub' }, () => ({ contents: KLEUR, loader: 'js' }));
    b.onLoad({ filter: /uvu[\\/]dist[\\/]index\.mjs$/ }, (a) => ({
      contents: readFileSync(a.path, 'utf8')
        .replace('let write = console.log;', 'let write = (x) => (globalThis.UVU_WRITE || console.log)(x);')
        .replace('write = x => process.stdout.write(x);', ''),
      loader: 'js',
    }));
  },
};

/**
 * @param {string[]} files absolute spec paths
 * @param {string} outdir
 * @returns {Promise<string>} the bundle path
 */
export async function buildPortable(files, outdir) {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const entry = `${outdir}/entry.mjs`;
  const list = files.map((f) => `  [${JSON.stringify(relative(ROOT, f))}, () => import(${JSON.stringify(f)})],`);
  writeFileSync(entry, [
    `import { runAll } from ${JSON.stringify(ROOT + 'scripts/runtimes/harness.mjs')};`,
    `export const files = [\n${list.join('\n')}\n];`,
    `export const run = (log) => runAll(files, log);`,
  ].join('\n'));
  const outfile = `${outdir}/bundle.mjs`;
  await build({
    entryPoints: [entry], outfile, bundle: true, format: 'esm', platform: 'browser', target: 'es2022',
    plugins: [vectors, uvuPatch], logLevel: 'warning', sourcemap: false,
  });
  return outfile;
}
