// Runs uvu spec files inside any runtime (Deno, Bun, Chromium, workerd) without uvu's CLI: each file gets
// its own UVU_QUEUE group (UVU_INDEX), every suite's run() returns [errors, ran, skipped, total], and the
// tallies, failures and a closing `N passed, N failed` line are reported through `log`.
// Bundled into the portable spec bundle by scripts/runtimes/portable.mjs.

const ANSI = /\x1b\[[0-9;]*m/g;

/**
 * @param {Array<[string, () => Promise<unknown>]>} files spec name and lazy loader, in order
 * @param {(line: string) => void} [log]
 * @returns {Promise<{ passed: number, failed: number, skipped: number, failures: string[] }>}
 */
export async function runAll(files, log = (line) => console.log(line)) {
  globalThis.UVU_DEFER = 1;
  const queue = (globalThis.UVU_QUEUE = globalThis.UVU_QUEUE || []);
  let pending = '';
  globalThis.UVU_WRITE = (text) => {
    pending += String(text).replace(ANSI, '');
    for (let i; (i = pending.indexOf('\n')) >= 0; pending = pending.slice(i + 1)) log(pending.slice(0, i));
  };
  const r = { passed: 0, failed: 0, skipped: 0, failures: [] };
  for (const [name, load] of files) {
    globalThis.UVU_INDEX = queue.length;
    const group = [name];
    queue.push(group);
    log(name);
    try {
      await load();
    } catch (e) {
      r.failed++;
      r.failures.push(`${name}: failed to load: ${e && e.stack ? e.stack : e}`);
      continue;
    }
    for (const suite of group.slice(1)) {
      const [errs, ran, skip, max] = await suite();
      r.passed += ran; r.skipped += skip; r.failed += max - ran;
      if (typeof errs === 'string') r.failures.push(`${name}\n${errs.replace(ANSI, '')}`);
      else if (ran < max) r.failures.push(`${name}: ${max - ran} test(s) did not run (a before/after hook threw)`);
    }
  }
  if (pending) log(pending);
  if (r.failures.length) log('\nFAILURES\n' + r.failures.join('\n'));
  log(`\n${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}`);
  return r;
}
