import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { getToken } from '@aws/bedrock-token-generator';
import { createBedrockToken } from '../lib/token.ts';
import type { Credentials } from '../lib/types.ts';

/** Runs `fn` with `new Date()` and `Date.now()` frozen at `at` (the generator reads the clock itself). */
async function frozen<T>(at: Date, fn: () => Promise<T>): Promise<T> {
  const Real = globalThis.Date;
  const fixed = at.getTime();
  class Fixed extends Real {
    constructor(...args: unknown[]) {
      if (args.length) super(...(args as [number])); else super(fixed);
    }
    static override now(): number { return fixed; }
  }
  globalThis.Date = Fixed as DateConstructor;
  try { return await fn(); } finally { globalThis.Date = Real; }
}

const Diff = suite('createBedrockToken');
const CASES: Array<[string, Credentials, string, number | undefined, string]> = [
  ['documentation pair, us-west-2, default expiry', { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }, 'us-west-2', undefined, '2025-01-02T03:04:05Z'],
  ['session token with reserved characters', { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 's3cr3t/+=', sessionToken: 'IQoJb3JpZ2luX2Vj//+=abc' }, 'eu-central-1', 3600, '2026-11-25T23:59:59Z'],
  ['one-second key', { accessKeyId: 'AKIA1', secretAccessKey: 'x' }, 'ap-southeast-2', 1, '2030-06-15T12:00:00Z'],
  ['maximum lifetime, leap day', { accessKeyId: 'AKIA2', secretAccessKey: 'y'.repeat(40) }, 'us-gov-west-1', 43200, '2028-02-29T00:00:00Z'],
];
for (const [name, credentials, region, expiresIn, at] of CASES) {
  Diff(`createBedrockToken :: byte-identical to @aws/bedrock-token-generator: ${name}`, async () => {
    const date = new Date(at);
    const theirs = await frozen(date, () => getToken({ credentials, region, ...(expiresIn ? { expiresInSeconds: expiresIn } : {}) }));
    const ours = await createBedrockToken({ credentials, region, date, ...(expiresIn ? { expiresIn } : {}) });
    assert.is(ours, theirs);
  });
}
Diff.run();
