// Node-only specs of lib/runtime.ts against the real runtime: process.env, files, home, child processes.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { rejection } from './fixtures/helpers.ts';

const rejects = (p: Promise<unknown>) => rejection<Error & { code?: string }>(p);
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { canReadFiles, env, homeDir, readTextFile, runProcess, runtimeName } from '../lib/runtime.ts';

const TMP = mkdtempSync(join(tmpdir(), 'h5-runtime-'));

const node = suite('node runtime');

node('runtimeName :: node', () => {
  assert.is(runtimeName(), 'node');
});

node('env :: equals process.env', () => {
  process.env.H5_RUNTIME_SPEC = 'yes';
  try {
    assert.equal(env(), { ...process.env });
    assert.is(env().H5_RUNTIME_SPEC, 'yes');
  } finally {
    delete process.env.H5_RUNTIME_SPEC;
  }
});

node('readTextFile :: reads UTF-8; missing and directories are mapped errors', async () => {
  const path = join(TMP, 'a.txt');
  writeFileSync(path, '[default]\nregion = eu-west-1 ✓\n');
  assert.ok(canReadFiles());
  assert.is(await readTextFile(path), '[default]\nregion = eu-west-1 ✓\n');
  const missing = await rejects(readTextFile(join(TMP, 'nope')));
  assert.is(missing.code, 'FileNotFound');
  const dir = await rejects(readTextFile(TMP));
  assert.equal([dir.code, dir.message], ['FileUnreadable', `cannot read file ${TMP} (EISDIR)`]);
});

node('homeDir :: HOME, else os.homedir()', () => {
  assert.is(homeDir(), process.env.HOME || homedir());
  const home = process.env.HOME;
  delete process.env.HOME;
  try {
    assert.is(homeDir(), process.env.USERPROFILE || homedir());
  } finally {
    if (home !== undefined) process.env.HOME = home;
  }
});

node('runProcess :: stdout, stderr, exit code, environment, timeout', async () => {
  const script = join(TMP, 'p.mjs');
  writeFileSync(script, 'process.stdout.write(process.env.H5_X ?? "unset"); process.stderr.write("warn"); process.exit(Number(process.argv[2]));');
  const cmd = (code: number) => `"${process.execPath}" "${script}" ${code}`;
  assert.equal(await runProcess(cmd(0)), { code: 0, stdout: 'unset', stderr: 'warn' });
  assert.equal(await runProcess(cmd(4), { env: { H5_X: 'given' } }), { code: 4, stdout: 'given', stderr: 'warn' });
  const slow = await rejects(runProcess(`"${process.execPath}" -e "setTimeout(() => {}, 30000)"`, { timeout: 200 }));
  assert.equal([slow.code, slow.message], ['ProcessTimeout', 'process did not finish within 200 ms']);
});

node.after(() => rmSync(TMP, { recursive: true, force: true }));

node.run();
