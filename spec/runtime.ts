// Portable specs of lib/runtime.ts. Each function takes the scope it reads (default globalThis), so stand-in
// scopes play Deno with and without permissions, Node, Bun, workerd and browsers in any runtime.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { fakeDeno } from './fixtures/fake-deno.ts';
import { nativeHash, readEnv } from '../lib/runtime.ts';

const NAMES = ['HOME', 'AWS_REGION', 'AWS_PROFILE', 'AWS_ACCESS_KEY_ID'];
const env = (scope?: object) => readEnv(NAMES, scope);

const envs = suite('readEnv');

envs('readEnv :: a plain copy of process.env', () => {
  const processEnv = { AWS_REGION: 'eu-west-1', HOME: '/h' };
  const scope = { process: { env: processEnv } };
  const out = env(scope);
  assert.equal(out, processEnv);
  out.AWS_REGION = 'changed';
  assert.is(processEnv.AWS_REGION, 'eu-west-1');
});

envs('readEnv :: no process, a non-object env or a throwing getter give {}', () => {
  assert.equal(env({}), {});
  assert.equal(env({ process: {} }), {});
  assert.equal(env({ process: { env: 'nope' } }), {});
  assert.equal(env({ process: { get env() { throw new Error('denied'); } } }), {});
});

envs('readEnv :: Deno with --allow-env reads everything', () => {
  const { Deno } = fakeDeno({ AWS_REGION: 'us-west-2', OTHER: 'x' }, { env: true });
  assert.equal(env({ Deno, process: { env: { IGNORED: '1' } } }), { AWS_REGION: 'us-west-2', OTHER: 'x' });
});

envs('readEnv :: Deno without permission gives {} without prompting or throwing', () => {
  const { Deno, queries } = fakeDeno({ AWS_REGION: 'us-west-2' });
  assert.equal(env({ Deno }), {});
  assert.ok(queries.length > 1);
});

envs('readEnv :: Deno with --allow-env=AWS_REGION,AWS_PROFILE reads just those', () => {
  const { Deno } = fakeDeno({ AWS_REGION: 'us-west-2', AWS_ACCESS_KEY_ID: 'AKID', HOME: '/h' }, { env: ['AWS_REGION', 'AWS_PROFILE'] });
  assert.equal(env({ Deno }), { AWS_REGION: 'us-west-2' });
});

envs('readEnv :: Deno whose permission API throws, or whose toObject throws despite a grant, gives {}', () => {
  const broken = { version: { deno: '2' }, env: { toObject: () => ({ A: '1' }), get: () => 'x' }, permissions: { querySync() { throw new Error('no'); } } };
  assert.equal(env({ Deno: broken }), {});
  const liar = { version: { deno: '2' }, env: { toObject() { throw new Error('no'); }, get() { throw new Error('no'); } }, permissions: { querySync: () => ({ state: 'granted' }) } };
  assert.equal(env({ Deno: liar }), {});
});

envs('readEnv :: Deno Deploy style (no permission API) reads everything', () => {
  const deploy = { version: { deno: '2' }, env: { toObject: () => ({ A: '1' }), get: () => undefined } };
  assert.equal(env({ Deno: deploy }), { A: '1' });
});

envs('readEnv :: the real environment is a plain object of strings', () => {
  const e = env();
  assert.type(e, 'object');
  for (const v of Object.values(e)) assert.ok(v === undefined || typeof v === 'string');
  e.H5_SPEC_MARK = '1';
  assert.is(env().H5_SPEC_MARK, undefined);
});

envs.run();

const hashes = suite('nativeHash');
hashes('nativeHash :: absent without process.getBuiltinModule (browsers, Workers) or when it throws', () => {
  assert.is(nativeHash({}), undefined);
  assert.is(nativeHash({ process: {} }), undefined);
  assert.is(nativeHash({ process: { getBuiltinModule() { throw new Error('denied'); } } }), undefined);
  assert.is(nativeHash({ process: { getBuiltinModule: () => ({ createHash: () => null }) } }), undefined);
});
hashes('nativeHash :: node:crypto through getBuiltinModule; digests come back as plain Uint8Array views', () => {
  const calls: string[] = [];
  const digest = (tag: number) => ({ update(d: unknown) { calls.push(typeof d); return this; }, digest: () => new Uint8Array([9, tag, 9]).subarray(1, 2) });
  const crypto = { createHash: (a: string) => (calls.push(a), digest(1)), createHmac: (a: string, k: Uint8Array) => (calls.push(`${a}:${k.length}`), digest(2)) };
  const h = nativeHash({ process: { getBuiltinModule: (id: string) => (id === 'node:crypto' ? crypto : undefined) } })!;
  const a = h.sha256('x');
  const b = h.hmac(new Uint8Array(3), new Uint8Array(1));
  assert.equal([a.constructor, [...a], [...b]], [Uint8Array, [1], [2]]);
  assert.equal(calls, ['sha256', 'string', 'sha256:3', 'object']);
});
hashes.run();
