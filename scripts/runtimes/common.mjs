// Shared helpers for the runtime drivers: spawn with a timeout, parse a closing `N passed, N failed` line.
import { spawn } from 'node:child_process';

export const ROOT = new URL('../..', import.meta.url).pathname;

/** Runs a command, echoing its output; kills it (SIGKILL) after `timeout` ms. */
export function run(cmd, argv, { timeout = 5 * 60_000, cwd = ROOT, env } = {}) {
  return new Promise((resolve) => {
    let out = '';
    let timedOut = false;
    const child = spawn(cmd, argv, { cwd, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const echo = (stream) => (d) => { out += d; stream.write(d); };
    child.stdout.on('data', echo(process.stdout));
    child.stderr.on('data', echo(process.stderr));
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, timeout);
    child.on('error', (e) => { out += String(e); });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) console.error(`\n${cmd}: timed out after ${timeout / 1000} s, killed`);
      resolve({ code: timedOut ? -1 : code, out });
    });
  });
}

/** The last `N passed, N failed` line of `out`; a run without one (crash, timeout) counts as one failure. */
export function closing(out, code) {
  const all = [...out.replace(/\x1b\[[0-9;]*m/g, '').matchAll(/^(\d+) passed, (\d+) failed/gm)];
  const m = all.at(-1);
  if (!m) return { passed: 0, failed: 1, ok: false };
  const passed = +m[1], failed = +m[2];
  return { passed, failed, ok: code === 0 && failed === 0 && passed > 0 };
}
