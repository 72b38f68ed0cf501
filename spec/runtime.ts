// Portable specs of lib/runtime.ts. Each function takes the scope it reads (default globalThis), so stand-in
// scopes play Deno with and without permissions, Node, Bun, workerd and browsers in any runtime.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { rejection } from './fixtures/helpers.ts';
import { fakeDeno } from './fixtures/fake-deno.ts';
import { canReadFiles, env as runtimeEnv, homeDir, mayConnect, nativeHash, readEnv, readTextFile, runProcess, runtimeName } from '../lib/runtime.ts';

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

const rejects = (p: Promise<unknown>) => rejection<Error & { code?: string }>(p);

// ------------------------------------------------------------------ runtimeName

const names = suite('runtimeName');

names('runtimeName :: Deno and Bun before Node; workerd by user agent; browsers by window/document/importScripts', () => {
  const node = { process: { versions: { node: '20.0.0' } } };
  assert.is(runtimeName(node), 'node');
  assert.is(runtimeName({ ...node, Deno: { version: { deno: '2.0.0' } } }), 'deno');
  assert.is(runtimeName({ ...node, Bun: {} }), 'bun');
  assert.is(runtimeName({ ...node, navigator: { userAgent: 'Cloudflare-Workers' } }), 'workerd');
  assert.is(runtimeName({ window: {} }), 'browser');
  assert.is(runtimeName({ document: {} }), 'browser');
  assert.is(runtimeName({ importScripts() {} }), 'browser');
  assert.is(runtimeName({}), 'unknown');
});

names('runtimeName :: the real runtime is one of the known ones', () => {
  assert.ok(['node', 'deno', 'bun', 'workerd', 'browser'].includes(runtimeName()), runtimeName());
});

names.run();

// ------------------------------------------------------------------ env

const envAll = suite('env');

envAll('env :: Deno granting some variables: each AWS variable the chain reads, HOME, nothing else', () => {
  const vars = { AWS_REGION: 'us-west-2', AWS_ROLE_ARN: 'arn', AWS_USE_FIPS_ENDPOINT: 'true', HOME: '/h', OTHER: 'x' };
  const { Deno } = fakeDeno(vars, { env: [...Object.keys(vars)] });
  assert.equal(runtimeEnv({ Deno }), { AWS_REGION: 'us-west-2', AWS_ROLE_ARN: 'arn', AWS_USE_FIPS_ENDPOINT: 'true', HOME: '/h' });
});

envAll('env :: everything where the runtime allows it', () => {
  assert.equal(runtimeEnv({ process: { env: { A: '1' } } }), { A: '1' });
  assert.is(runtimeEnv().H5_SPEC_MARK, undefined);
});

envAll.run();

const files = suite('readTextFile');

const fsScope = (readFile: (path: string) => Promise<string>) => ({
  process: { getBuiltinModule: (id: string) => (id === 'node:fs' ? { promises: { readFile } } : undefined) },
});

files('readTextFile :: unsupported runtime is a clear error', async () => {
  const e = await rejects(readTextFile('/x', { window: {} }));
  assert.is(e.code, 'UnsupportedRuntime');
  assert.is(e.message, 'reading files is not available in this runtime (browser)');
  assert.not.ok(canReadFiles({ window: {} }));
  assert.not.ok(canReadFiles({ process: { getBuiltinModule() { throw new Error('no'); } } }));
});

files('readTextFile :: node:fs through getBuiltinModule, errors mapped', async () => {
  assert.is(await readTextFile('/a', fsScope(async (p) => `content of ${p}`)), 'content of /a');
  assert.ok(canReadFiles(fsScope(async () => '')));
  const missing = await rejects(readTextFile('/b', fsScope(() => Promise.reject(Object.assign(new Error('x'), { code: 'ENOENT' })))));
  assert.equal([missing.code, missing.message], ['FileNotFound', 'file not found: /b']);
  const denied = await rejects(readTextFile('/c', fsScope(() => Promise.reject(Object.assign(new Error('x'), { code: 'EACCES' })))));
  assert.equal([denied.code, denied.message], ['FileUnreadable', 'cannot read file /c (EACCES)']);
  const odd = await rejects(readTextFile('/d', fsScope(() => Promise.reject('string'))));
  assert.is(odd.message, 'cannot read file /d (error)');
});

files('readTextFile :: Deno.readTextFile with --allow-read; without it NoPermission and no read', async () => {
  let reads = 0;
  const readTextFileImpl = async (p: string) => { reads++; if (p === '/missing') throw Object.assign(new Error('x'), { name: 'NotFound' }); return 'deno text'; };
  const allowed = fakeDeno({}, { read: true }, { readTextFile: readTextFileImpl });
  assert.is(await readTextFile('/a', { Deno: allowed.Deno }), 'deno text');
  assert.is((await rejects(readTextFile('/missing', { Deno: allowed.Deno }))).code, 'FileNotFound');
  const denied = fakeDeno({}, {}, { readTextFile: readTextFileImpl });
  const e = await rejects(readTextFile('/a', { Deno: denied.Deno }));
  assert.equal([e.code, e.message], ['NoPermission', 'cannot read file /a (Deno needs --allow-read)']);
  assert.is(reads, 2);
  assert.equal(denied.queries, [{ name: 'read', path: '/a' }]);
});

files.run();

// ------------------------------------------------------------------ homeDir

const homes = suite('homeDir');

homes('homeDir :: HOME, USERPROFILE, HOMEDRIVE+HOMEPATH, os.homedir(), none', () => {
  assert.is(homeDir({ process: { env: { HOME: '/home/a', USERPROFILE: 'C:\\u' } } }), '/home/a');
  assert.is(homeDir({ process: { env: { USERPROFILE: 'C:\\Users\\a' } } }), 'C:\\Users\\a');
  assert.is(homeDir({ process: { env: { HOMEDRIVE: 'D:', HOMEPATH: '\\u' } } }), 'D:\\u');
  const os = { process: { env: {}, getBuiltinModule: (id: string) => (id === 'node:os' ? { homedir: () => '/from/os' } : undefined) } };
  assert.is(homeDir(os), '/from/os');
  assert.is(homeDir({ process: { env: {}, getBuiltinModule: () => ({ homedir() { throw new Error('uv_os_homedir'); } }) } }), undefined);
  assert.is(homeDir({}), undefined);
});

homes.run();

// ------------------------------------------------------------------ mayConnect

const connect = suite('mayConnect');

connect('mayConnect :: Deno asks its permissions for the host (no prompt); other runtimes may always connect', () => {
  const { Deno, queries } = fakeDeno({}, { net: ['169.254.169.254'] });
  assert.ok(mayConnect('http://169.254.169.254/latest', { Deno }));
  assert.not.ok(mayConnect('http://[fd00:ec2::254]/', { Deno }));
  assert.equal(queries, [{ name: 'net', host: '169.254.169.254' }, { name: 'net', host: '[fd00:ec2::254]' }]);
  assert.ok(mayConnect('http://169.254.169.254/', { process: {} }));
  if (runtimeName() !== 'deno') assert.ok(mayConnect('http://169.254.169.254/'));
});

connect.run();

// ------------------------------------------------------------------ runProcess

const procs = suite('runProcess');

procs('runProcess :: unsupported runtime', async () => {
  const e = await rejects(runProcess('true', {}, { window: {} }));
  assert.equal([e.code, e.message], ['UnsupportedRuntime', 'running processes is not available in this runtime (browser)']);
});

procs('runProcess :: node:child_process execFile through the shell; exit codes; spawn failures; timeouts', async () => {
  const calls: unknown[][] = [];
  type Cb = (e: unknown, out: string, err: string) => void;
  const scope = (answer: (cb: Cb) => void, platform = 'linux') => ({
    process: { platform, getBuiltinModule: (id: string) => (id === 'node:child_process' ? { execFile: (...a: unknown[]) => { calls.push(a); answer(a[3] as Cb); } } : undefined) },
  });
  assert.equal(await runProcess('echo hi', { env: { A: '1', B: undefined } }, scope((cb) => cb(null, 'hi\n', ''))), { code: 0, stdout: 'hi\n', stderr: '' });
  assert.equal(calls[0]!.slice(0, 2), ['/bin/sh', ['-c', 'echo hi']]);
  assert.equal((calls[0]![2] as { env: unknown }).env, { A: '1' });
  await runProcess('dir', {}, scope((cb) => cb(null, '', ''), 'win32'));
  assert.equal(calls[1]!.slice(0, 2), ['cmd.exe', ['/d', '/s', '/c', 'dir']]);
  assert.equal(await runProcess('x', {}, scope((cb) => cb(Object.assign(new Error('exit'), { code: 2 }), 'o', 'e'))), { code: 2, stdout: 'o', stderr: 'e' });
  const spawnFail = await rejects(runProcess('x', {}, scope((cb) => cb(Object.assign(new Error('spawn /bin/sh ENOENT'), { code: 'ENOENT' }), '', ''))));
  assert.equal([spawnFail.code, spawnFail.message], ['ProcessFailed', 'cannot run process: spawn /bin/sh ENOENT']);
  const killed = await rejects(runProcess('x', { timeout: 5 }, scope((cb) => cb(Object.assign(new Error('killed'), { killed: true, code: null }), '', ''))));
  assert.equal([killed.code, killed.message], ['ProcessTimeout', 'process did not finish within 5 ms']);
  assert.is((calls[4]![2] as { timeout: number }).timeout, 5);
});

procs('runProcess :: Deno.Command with --allow-run; NoPermission without', async () => {
  const made: unknown[][] = [];
  class Command {
    constructor(...a: unknown[]) { made.push(a); }
    output() {
      const args = (made[made.length - 1]![1] as { args: string[] }).args;
      if (args[1] === 'boom') return Promise.reject(new Error('spawn failed'));
      return Promise.resolve({ code: 7, stdout: new TextEncoder().encode('out'), stderr: new TextEncoder().encode('err') });
    }
  }
  const ok = fakeDeno({}, { run: true }, { Command });
  assert.equal(await runProcess('run me', { env: { X: '1' } }, { Deno: ok.Deno }), { code: 7, stdout: 'out', stderr: 'err' });
  const [file, opts] = made[0] as [string, Record<string, unknown>];
  assert.is(file, '/bin/sh');
  assert.equal([opts.args, opts.env, opts.clearEnv, opts.stdin], [['-c', 'run me'], { X: '1' }, true, 'null']);
  assert.ok(opts.signal instanceof AbortSignal);
  const failed = await rejects(runProcess('boom', {}, { Deno: ok.Deno }));
  assert.equal([failed.code, failed.message], ['ProcessFailed', 'cannot run process: spawn failed']);
  const windows = fakeDeno({}, { run: true }, { Command, build: { os: 'windows' } });
  await runProcess('dir', {}, { Deno: windows.Deno });
  assert.is(made[2]![0], 'cmd.exe');
  const denied = fakeDeno({}, {}, { Command });
  const e = await rejects(runProcess('x', {}, { Deno: denied.Deno }));
  assert.equal([e.code, e.message], ['NoPermission', 'cannot run a process (Deno needs --allow-run)']);
});

procs('runProcess :: Deno.Command aborted by the timeout is ProcessTimeout', async () => {
  class Command {
    signal: AbortSignal;
    constructor(_: string, o: { signal: AbortSignal }) { this.signal = o.signal; }
    output() {
      const alive = setTimeout(() => {}, 5000); // like the child process, keeps the event loop alive (AbortSignal.timeout is unref'd in Node)
      return new Promise((_, reject) => this.signal.addEventListener('abort', () => { clearTimeout(alive); reject(new Error('aborted')); }));
    }
  }
  const { Deno } = fakeDeno({}, { run: true }, { Command });
  const e = await rejects(runProcess('sleep', { timeout: 20 }, { Deno }));
  assert.equal([e.code, e.message], ['ProcessTimeout', 'process did not finish within 20 ms']);
});

procs.run();
