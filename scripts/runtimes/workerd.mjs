// workerd: a module worker whose test() export runs the portable bundle; `workerd test` reports
// `[ PASS ]`/`[ FAIL ]` per handler, the harness prints the closing line through console.log.
import { readFileSync, writeFileSync } from 'node:fs';
import { ROOT, run, closing } from './common.mjs';

const WORKER = `import { run } from './bundle.mjs';
export default {
  async test() {
    const r = await run();
    if (r.failed || !r.passed) throw new Error(r.failed + ' spec(s) failed in workerd');
  },
};
`;

/** The compatibility date: the date in the installed workerd version (1.YYYYMMDD.x). */
export function compatibilityDate() {
  const v = JSON.parse(readFileSync(ROOT + 'node_modules/workerd/package.json', 'utf8')).version;
  const d = /^1\.(\d{4})(\d{2})(\d{2})/.exec(v);
  return d ? `${d[1]}-${d[2]}-${d[3]}` : '2025-01-01';
}

export function config(flags = []) {
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "specs", worker = .specs) ],
);
const specs :Workerd.Worker = (
  modules = [
    (name = "worker.mjs", esModule = embed "worker.mjs"),
    (name = "bundle.mjs", esModule = embed "bundle.mjs"),
  ],
  compatibilityDate = "${compatibilityDate()}",
  compatibilityFlags = [${flags.map((f) => JSON.stringify(f)).join(', ')}],
);
`;
}

export async function workerd(outdir, { timeout } = {}) {
  writeFileSync(`${outdir}/worker.mjs`, WORKER);
  writeFileSync(`${outdir}/config.capnp`, config());
  const { code, out } = await run(ROOT + 'node_modules/.bin/workerd', ['test', '--verbose', `${outdir}/config.capnp`], { timeout });
  const r = closing(out, code);
  if (!/\[ PASS \]/.test(out)) r.ok = false;
  return r;
}
