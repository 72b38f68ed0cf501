import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { lazy } from '../lib/lazy.ts';
import { ProviderError, ValidationError } from '../lib/errors.ts';
import { rejects } from './fixtures/helpers.ts';

const Lazy = suite('lazy');
Lazy('lazy :: nothing runs until the first call; later and concurrent calls share one load', async () => {
  let runs = 0;
  const get = lazy('a module', async () => ({ n: ++runs }));
  assert.is(runs, 0);
  const [a, b] = await Promise.all([get(), get()]);
  assert.is(a, b);
  assert.is(await get(), a);
  assert.is(runs, 1);
});
Lazy('lazy :: a failed load is a ProviderError LoadError naming what, with the cause; the next call tries again', async () => {
  let runs = 0;
  const failure = new TypeError('Failed to fetch dynamically imported module: https://app.example/chunk-1.js');
  const get = lazy('the SigV4 signer', async () => {
    if (++runs === 1) throw failure;
    return runs;
  });
  const first = [get(), get()];
  for (const p of first) {
    await rejects(p, (e) => e instanceof ProviderError && e.code === 'LoadError' && e.cause === failure
      && e.message === `could not load the SigV4 signer: ${failure.message}`, 'first load');
  }
  assert.is(await get(), 2);
  assert.is(await get(), 2);
  assert.is(runs, 2);
});
Lazy('lazy :: a ProviderError from the load comes through unwrapped; a thrown non-Error is named', async () => {
  const own = new ValidationError('region: expected e.g. "us-east-1"', { field: 'region' });
  await rejects(lazy('x', () => Promise.reject(own))(), (e) => e === own, 'own error');
  await rejects(lazy('x', () => Promise.reject('offline'))(), (e) => e instanceof ProviderError && e.message === 'could not load x: offline', 'string');
});
Lazy.run();
