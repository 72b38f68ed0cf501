// Chromium: Debian's /usr/bin/chromium driven by playwright-core. The portable bundle is served from a
// loopback node:http server; console output is collected until the page logs the done marker.
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closing } from './common.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const DONE = '__SPECS_DONE__';
const PAGE = `<!doctype html><meta charset="utf-8"><title>specs</title><script type="module">
import { run } from './bundle.mjs';
run().then((r) => console.log('${DONE} ' + r.passed + ' ' + r.failed),
  (e) => console.log('${DONE} 0 1 ' + (e && e.stack || e)));
</script>`;

const TYPES = { '.html': 'text/html; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css' };

/** Serves files of `dir` on 127.0.0.1 (random port); resolves to { url, close }. */
export function serveDir(dir) {
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname.replace(/^\/$/, '/index.html');
    const file = join(dir, path);
    if (!file.startsWith(dir) || !existsSync(file)) { res.writeHead(404).end('not found'); return; }
    res.writeHead(200, { 'content-type': TYPES[path.slice(path.lastIndexOf('.'))] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
  })));
}

/** Launches headless Chromium with a fresh profile; resolves to { context, close }. */
export async function launch() {
  if (!existsSync(CHROMIUM)) throw new Error(`chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS,
  });
  return { context, close: async () => { await context.close(); rmSync(profile, { recursive: true, force: true }); } };
}

export async function chromium(outdir, { timeout = 5 * 60_000 } = {}) {
  writeFileSync(`${outdir}/index.html`, PAGE);
  const server = await serveDir(outdir);
  let browser;
  let out = '';
  const log = (line) => { out += line + '\n'; console.log(line); };
  try {
    browser = await launch();
    const page = browser.context.pages()[0] ?? await browser.context.newPage();
    let done;
    const finished = new Promise((resolve) => { done = resolve; });
    page.on('console', (m) => {
      const text = m.text();
      if (text.startsWith(DONE)) done(text); else log(text);
    });
    page.on('pageerror', (e) => log(`pageerror: ${e.stack ?? e}`));
    await page.goto(server.url);
    let timer;
    const marker = await Promise.race([finished, new Promise((r) => { timer = setTimeout(() => r(null), timeout); })]);
    clearTimeout(timer);
    if (!marker) { console.error(`chromium: no done marker after ${timeout / 1000} s`); return { passed: 0, failed: 1, ok: false }; }
    const [, p, f] = marker.split(' ');
    return closing(out + `${p} passed, ${f} failed\n`, 0);
  } finally {
    await browser?.close();
    await server.close();
  }
}
