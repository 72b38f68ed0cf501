// lib/ may touch runtime globals (process, Buffer, Deno, Bun, require) only in lib/runtime.ts and lib/node.ts.
// Comments and string literals are stripped before looking, so prose and messages may name the runtimes.
import { readdirSync, readFileSync } from 'node:fs';

const ROOT = new URL('../..', import.meta.url).pathname;
export const ALLOWED = new Set(['runtime.ts', 'node.ts']);
const GLOBALS = /(?:\bglobalThis\s*\.\s*|(?<![.\w$]))(process|Buffer|Deno|Bun)(?![\w$])|(?<![.\w$])require\s*\(/g;
const NOISE = /\/\*[\s\S]*?\*\/|\/\/[^\n]*|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|`(?:\\[\s\S]|[^`\\])*`/g;

/** Blanks comments and string literals (template literals wholesale), keeping line numbers. */
export function code(src) {
  return src.replace(NOISE, (m) => m.replace(/[^\n]/g, ' '));
}

/** @returns {string[]} one line per offending use: `lib/x.ts:12: process` */
export function checkPortability(dir = ROOT + 'lib') {
  const problems = [];
  for (const f of readdirSync(dir).sort()) {
    if (!f.endsWith('.ts') || ALLOWED.has(f)) continue;
    const lines = code(readFileSync(`${dir}/${f}`, 'utf8')).split('\n');
    lines.forEach((line, i) => {
      for (const m of line.matchAll(GLOBALS)) problems.push(`lib/${f}:${i + 1}: ${m[0].trim()}`);
    });
  }
  return problems;
}
