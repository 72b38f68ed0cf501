// End to end: examples/browser in headless Chromium (Debian's /usr/bin/chromium via playwright-core).
// The page streams a reply through the signing proxy and the emulator; the upstream stream is held after its
// first events, so the spec sees part of the text in the page while Bedrock has not finished.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { start } from '../examples/browser/server.ts';
import { launch } from '../scripts/runtimes/chromium.mjs';

const ROOT = resolve('.');
const ARTIFACTS = `${ROOT}/spec/.artifacts`;

const example = suite('examples/browser');

example('examples/browser :: the reply streams into the page in pieces', async () => {
  let release!: () => void;
  const gate = new Promise<void>((r) => { release = r; });
  const server = await start({ dir: `${ROOT}/examples/browser`, gate, eventDelay: 5 });
  const browser = await launch();
  try {
    const page = browser.context.pages()[0] ?? await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e: Error) => errors.push(String(e)));
    // Record the text length at every DOM update of #out.
    await page.addInitScript(() => {
      const w = window as unknown as { updates: number[] };
      w.updates = [];
      document.addEventListener('DOMContentLoaded', () => {
        const out = document.getElementById('out')!;
        new MutationObserver(() => w.updates.push(out.textContent!.length)).observe(out, { childList: true, characterData: true, subtree: true });
      });
    });
    await page.goto(`${server.url}/?prompt=${encodeURIComponent('How does streaming work?')}`);

    // Upstream is held: some text is visible, the stream has not finished.
    await page.waitForFunction(() => (document.getElementById('out')!.textContent ?? '').length > 0, null, { timeout: 20_000 });
    const partial = await page.textContent('#out');
    assert.is(await page.getAttribute('body', 'data-state'), 'streaming');

    release();
    await page.waitForFunction(() => document.body.dataset.state !== 'streaming', null, { timeout: 20_000 });
    assert.is(await page.getAttribute('body', 'data-state'), 'done', await page.textContent('#status') ?? '');
    const text = (await page.textContent('#out')) ?? '';
    assert.ok(text.startsWith(partial ?? '\0'), 'the final text continues the partial one');
    assert.ok(text.length > (partial ?? '').length, 'more text arrived after the partial view');
    assert.match(text, /travels in small pieces/);
    assert.match((await page.textContent('#status')) ?? '', /^done: end_turn, \d+ tokens$/);

    const updates = await page.evaluate(() => (window as unknown as { updates: number[] }).updates);
    const distinct = new Set(updates.filter((n) => n > 0));
    assert.ok(distinct.size >= 3, `several DOM updates with growing text expected, got ${JSON.stringify(updates)}`);
    assert.equal(updates.filter((n) => n > 0), [...updates.filter((n) => n > 0)].sort((a, b) => a - b), 'text only grows');
    assert.equal(errors, []);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}/browser.png`, fullPage: true });
  } finally {
    release();
    await browser.close();
    await server.close();
  }
});

example('examples/browser :: the page cannot reach Bedrock without the app token', async () => {
  const server = await start({ dir: `${ROOT}/examples/browser` });
  try {
    const res = await fetch(`${server.url}/model/${encodeURIComponent('anthropic.claude-3-5-sonnet-20241022-v2:0')}/invoke`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}',
    });
    assert.is(res.status, 401);
    const other = await fetch(`${server.url}/model/x/invoke`, { method: 'POST', headers: { authorization: `Bearer ${server.token}`, origin: 'https://evil.example' }, body: '{}' });
    assert.is(other.status, 403);
    assert.is(other.headers.get('access-control-allow-origin'), null);
  } finally {
    await server.close();
  }
});

example.run();
