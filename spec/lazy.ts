import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { lazy } from '../lib/lazy.ts';
import { rejects } from './fixtures/helpers.ts';

const Lazy = suite('lazy');
Lazy('lazy :: nothing runs until the first call; later and concurrent calls share one load', async () => {
  let runs = 0;
  const get = lazy(async () => ({ n: ++runs }));
  assert.is(runs, 0);
  const [a, b] = await Promise.all([get(), get()]);
  assert.is(a, b);
  assert.is(await get(), a);
  assert.is(runs, 1);
});
Lazy('lazy :: a failed load rejects its callers and is tried again on the next call', async () => {
  let runs = 0;
  const get = lazy(async () => {
    if (++runs === 1) throw new Error('chunk did not download');
    return runs;
  });
  const first = [get(), get()];
  for (const p of first) await rejects(p, (e) => (e as Error).message === 'chunk did not download', 'first load');
  assert.is(await get(), 2);
  assert.is(await get(), 2);
  assert.is(runs, 2);
});
Lazy.run();
