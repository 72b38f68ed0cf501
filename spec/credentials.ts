// Portable specs of lib/credentials.ts: no files, no sockets. Network providers get an injected fetch here;
// spec/credentials.node.ts runs them against fakes served over real HTTP on 127.0.0.1.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { rejection as rejects } from './fixtures/helpers.ts';
import type { Credentials } from '../lib/types.ts';
import { AuthenticationError, ValidationError, isAuthenticationError, isValidationError } from '../lib/errors.ts';
import {
  NOT_FOUND, chain, defaultChain, fromContainer, fromEnv, fromIni, fromInstanceMetadata, fromStatic, fromWebIdentity, memoize,
  parseIni, parseStsResponse, resolveCredentials, stsEndpoint, validateCredentials,
} from '../lib/credentials.ts';
import { readTextFile, runtimeName } from '../lib/runtime.ts';

const ID = 'AKIDEXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const TOKEN = 'IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN==';
const KEYS: Credentials = { accessKeyId: ID, secretAccessKey: SECRET };

/** Rejection of `p` (fails the case when it resolves). */
/** The message of `e` and its causes holds none of the secrets. */
function noSecret(e: unknown, ...secrets: string[]): void {
  for (let x = e as { message?: string; cause?: unknown } | undefined; x; x = x.cause as typeof x) {
    for (const s of [SECRET, TOKEN, ...secrets]) assert.not.ok(String(x.message).includes(s), `secret leaked in: ${x.message}`);
  }
}

/** A provider that resolves when told to, counting its calls. */
function deferred() {
  const pending: Array<{ resolve(c: Credentials): void; reject(e: unknown): void }> = [];
  const provider = () => new Promise<Credentials>((resolve, reject) => { pending.push({ resolve, reject }); });
  return { provider, pending };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

// ------------------------------------------------------------------ validateCredentials

const validate = suite('validateCredentials');

validate('validateCredentials :: returns a plain copy', () => {
  const input = { accessKeyId: ID, secretAccessKey: SECRET, sessionToken: TOKEN, expiration: new Date('2030-01-01T00:00:00Z'), extra: 1 };
  const out = validateCredentials(input);
  assert.equal(out, { accessKeyId: ID, secretAccessKey: SECRET, sessionToken: TOKEN, expiration: new Date('2030-01-01T00:00:00Z') });
  assert.is.not(out, input);
  assert.is.not(out.expiration, input.expiration);
});

validate('validateCredentials :: converts an ISO expiration string and drops null fields', () => {
  const out = validateCredentials({ accessKeyId: ID, secretAccessKey: SECRET, sessionToken: null, expiration: '2030-01-01T00:00:00Z' });
  assert.equal(out, { accessKeyId: ID, secretAccessKey: SECRET, expiration: new Date(Date.UTC(2030, 0, 1)) });
});

validate('validateCredentials :: rejects missing, empty and non-string fields by name', () => {
  const cases: Array<[unknown, string]> = [
    [{ secretAccessKey: SECRET }, 'credentials.accessKeyId'],
    [{ accessKeyId: ID, secretAccessKey: '' }, 'credentials.secretAccessKey'],
    [{ accessKeyId: ID, secretAccessKey: 42 }, 'credentials.secretAccessKey'],
    [{ accessKeyId: ID, secretAccessKey: SECRET, sessionToken: 7 }, 'credentials.sessionToken'],
    [{ accessKeyId: ID, secretAccessKey: SECRET, expiration: 'tomorrow' }, 'credentials.expiration'],
    [{ accessKeyId: ID, secretAccessKey: SECRET, expiration: true }, 'credentials.expiration'],
  ];
  for (const [value, field] of cases) {
    const e = (() => { try { validateCredentials(value, 'spec'); } catch (error) { return error as ValidationError; } })();
    assert.ok(isValidationError(e), field);
    assert.is(e!.field, field);
    assert.match(e!.message, /^spec: /);
  }
});

validate('validateCredentials :: an empty sessionToken counts as absent (AWS_SESSION_TOKEN=\'\')', async () => {
  for (const sessionToken of ['', null, undefined]) {
    const out = validateCredentials({ accessKeyId: ID, secretAccessKey: SECRET, sessionToken });
    assert.equal(out, KEYS);
    assert.not.ok('sessionToken' in out);
  }
  assert.equal(await fromStatic({ ...KEYS, sessionToken: '' })(), KEYS);
  assert.equal(await memoize(() => Promise.resolve({ ...KEYS, sessionToken: '' }))(), KEYS);
});

validate('validateCredentials :: rejects CR, LF and NUL without echoing the value', () => {
  for (const bad of ['\r', '\n', '\0']) {
    for (const field of ['accessKeyId', 'secretAccessKey', 'sessionToken']) {
      const value = { accessKeyId: ID, secretAccessKey: SECRET, sessionToken: TOKEN, [field]: `${SECRET}${bad}x` };
      const e = (() => { try { validateCredentials(value); } catch (error) { return error as ValidationError; } })();
      assert.ok(isValidationError(e));
      assert.match(e!.message, `${field} must not contain CR, LF or NUL`);
      noSecret(e);
    }
  }
});

validate('validateCredentials :: rejects non-objects', () => {
  for (const v of [null, undefined, 'AKID:SECRET', 7]) {
    assert.throws(() => validateCredentials(v), (e: Error) => isValidationError(e) && /expected an object/.test(e.message));
  }
});

validate.run();

// ------------------------------------------------------------------ fromStatic

const statics = suite('fromStatic');

statics('fromStatic :: resolves a copy of the credentials each call', async () => {
  const p = fromStatic({ ...KEYS, sessionToken: TOKEN });
  const a = await p(), b = await p();
  assert.equal(a, { ...KEYS, sessionToken: TOKEN });
  assert.is.not(a, b);
});

statics('fromStatic :: throws at once on malformed credentials', () => {
  assert.throws(() => fromStatic({ accessKeyId: ID, secretAccessKey: '' }), (e: Error) => isValidationError(e));
});

statics.run();

// ------------------------------------------------------------------ fromEnv

const envs = suite('fromEnv');

envs('fromEnv :: reads the key pair, session token and expiration', async () => {
  const env = { AWS_ACCESS_KEY_ID: ID, AWS_SECRET_ACCESS_KEY: SECRET, AWS_SESSION_TOKEN: TOKEN, AWS_CREDENTIAL_EXPIRATION: '2031-02-03T04:05:06Z' };
  assert.equal(await fromEnv({ env })(), { ...KEYS, sessionToken: TOKEN, expiration: new Date('2031-02-03T04:05:06Z') });
});

envs('fromEnv :: an empty session token is absent', async () => {
  assert.equal(await fromEnv({ env: { AWS_ACCESS_KEY_ID: ID, AWS_SECRET_ACCESS_KEY: SECRET, AWS_SESSION_TOKEN: '' } })(), KEYS);
});

envs('fromEnv :: reads the environment on each call', async () => {
  const env: Record<string, string | undefined> = {};
  const p = fromEnv({ env });
  assert.is((await rejects(p())).code, NOT_FOUND);
  Object.assign(env, { AWS_ACCESS_KEY_ID: ID, AWS_SECRET_ACCESS_KEY: SECRET });
  assert.equal(await p(), KEYS);
});

envs('fromEnv :: nothing set or half a pair is CredentialsNotFound', async () => {
  const none = await rejects(fromEnv({ env: {} })());
  assert.ok(isAuthenticationError(none));
  assert.is(none.code, NOT_FOUND);
  assert.match(none.message, 'env: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set');
  const half = await rejects(fromEnv({ env: { AWS_ACCESS_KEY_ID: ID } })());
  assert.match(half.message, 'env: AWS_SECRET_ACCESS_KEY is not set');
  const other = await rejects(fromEnv({ env: { AWS_SECRET_ACCESS_KEY: SECRET } })());
  assert.match(other.message, 'env: AWS_ACCESS_KEY_ID is not set');
  noSecret(other);
});

envs('fromEnv :: a line break in a value is a ValidationError without the value', async () => {
  const e = await rejects(fromEnv({ env: { AWS_ACCESS_KEY_ID: ID, AWS_SECRET_ACCESS_KEY: `${SECRET}\n` } })());
  assert.ok(isValidationError(e));
  assert.match(e.message, /^env: secretAccessKey/);
  noSecret(e);
});

envs.run();

// ------------------------------------------------------------------ chain

const chains = suite('chain');
const absent = (why: string) => () => Promise.reject(new AuthenticationError(why, { code: NOT_FOUND }));

chains('chain :: the first provider that resolves wins; later ones are not called', async () => {
  let later = 0;
  const p = chain(absent('a: off'), fromStatic(KEYS), () => { later++; return Promise.resolve(KEYS); });
  assert.equal(await p(), KEYS);
  assert.is(later, 0);
});

chains('chain :: lists every source and why it was skipped', async () => {
  const e = await rejects(chain(absent('a: not set'), absent('b: no file'))());
  assert.ok(isAuthenticationError(e));
  assert.is(e.code, NOT_FOUND);
  assert.is(e.message, 'authentication failed for provider "bedrock": no credentials found; tried a: not set; b: no file');
});

chains('chain :: a configured source that fails ends the chain, naming the skipped ones', async () => {
  let later = 0;
  const boom = () => Promise.reject(new AuthenticationError('b: STS answered 403 AccessDenied', { code: 'AccessDenied', status: 403 }));
  const e = await rejects(chain(absent('a: not set'), boom, () => { later++; return Promise.resolve(KEYS); })());
  assert.is(later, 0);
  assert.is(e.code, 'AccessDenied');
  assert.is(e.status, 403);
  assert.match(e.message, 'b: STS answered 403 AccessDenied (skipped before: a: not set)');
  assert.ok(e.cause instanceof AuthenticationError);
});

chains('chain :: an AuthenticationError of the first source passes through unchanged', async () => {
  const original = new AuthenticationError('x: broken');
  assert.is(await rejects(chain(() => Promise.reject(original))()), original);
});

chains('chain :: a plain error of a user provider ends the chain', async () => {
  const e = await rejects(chain(() => Promise.reject(new TypeError('oops')), fromStatic(KEYS))());
  assert.ok(isAuthenticationError(e));
  assert.match(e.message, 'oops');
  assert.is(e.code, 'CredentialsProviderError');
});

chains('chain :: nested chains skip an exhausted inner chain', async () => {
  assert.equal(await chain(chain(absent('a: off')), fromStatic(KEYS))(), KEYS);
  assert.match((await rejects(chain()())).message, 'tried no source');
});

chains.run();

// ------------------------------------------------------------------ memoize

const memo = suite('memoize');
const HOUR = 3_600_000, MIN = 60_000;

memo('memoize :: credentials without expiration are fetched once', async () => {
  let calls = 0;
  const p = memoize(() => { calls++; return Promise.resolve(KEYS); });
  assert.equal(await p(), KEYS);
  assert.equal(await p(), KEYS);
  assert.is(calls, 1);
});

memo('memoize :: refreshes 5 minutes before expiration', async () => {
  let t = 0, calls = 0;
  const p = memoize(() => { calls++; return Promise.resolve({ ...KEYS, sessionToken: `t${calls}`, expiration: new Date(t + HOUR) }); }, { now: () => t });
  assert.is((await p()).sessionToken, 't1');
  t = HOUR - 5 * MIN - 1;
  assert.is((await p()).sessionToken, 't1');
  t = HOUR - 5 * MIN;
  assert.is((await p()).sessionToken, 't2');
  assert.is(calls, 2);
});

memo('memoize :: refreshBefore is configurable', async () => {
  let t = 0, calls = 0;
  const p = memoize(() => { calls++; return Promise.resolve({ ...KEYS, expiration: new Date(t + HOUR) }); }, { now: () => t, refreshBefore: 30 * MIN });
  await p();
  t = 30 * MIN;
  await p();
  assert.is(calls, 2);
});

memo('memoize :: credentials shorter-lived than the lead time refresh halfway', async () => {
  let t = 0, calls = 0;
  const p = memoize(() => { calls++; return Promise.resolve({ ...KEYS, expiration: new Date(t + 4 * MIN) }); }, { now: () => t });
  await p();
  t = 2 * MIN - 1;
  await p();
  assert.is(calls, 1);
  t = 2 * MIN;
  await p();
  assert.is(calls, 2);
});

memo('memoize :: concurrent callers share one refresh', async () => {
  const d = deferred();
  const p = memoize(d.provider);
  const all = Promise.all([p(), p(), p()]);
  await tick();
  assert.is(d.pending.length, 1);
  d.pending[0]!.resolve(KEYS);
  const got = await all;
  assert.equal(got, [KEYS, KEYS, KEYS]);
  assert.is(got[0], got[2]);
});

memo('memoize :: a failed first fetch rejects every waiter, and the next call tries again', async () => {
  const d = deferred();
  const p = memoize(d.provider);
  const a = p(), b = p();
  await tick();
  d.pending[0]!.reject(new Error('endpoint down'));
  assert.is((await rejects(a)).message, 'endpoint down');
  assert.is((await rejects(b)).message, 'endpoint down');
  const c = p();
  await tick();
  assert.is(d.pending.length, 2);
  d.pending[1]!.resolve(KEYS);
  assert.equal(await c, KEYS);
});

memo('memoize :: a provider that throws synchronously does not poison the cache', async () => {
  let calls = 0;
  const p = memoize(() => { if (++calls === 1) throw new Error('sync'); return Promise.resolve(KEYS); });
  assert.is((await rejects(p())).message, 'sync');
  assert.equal(await p(), KEYS);
});

memo('memoize :: a failed refresh keeps still-valid credentials and retries after retryAfter', async () => {
  let t = 0, calls = 0, fail = false;
  const p = memoize(() => {
    calls++;
    return fail ? Promise.reject(new Error('down')) : Promise.resolve({ ...KEYS, sessionToken: `t${calls}`, expiration: new Date(t + HOUR) });
  }, { now: () => t, retryAfter: 1000 });
  await p();
  t = HOUR - 2 * MIN;
  fail = true;
  assert.is((await p()).sessionToken, 't1');
  assert.is(calls, 2);
  t += 999;
  assert.is((await p()).sessionToken, 't1');
  assert.is(calls, 2);
  t += 1;
  fail = false;
  assert.is((await p()).sessionToken, 't3');
});

memo('memoize :: during a failing refresh, cached credentials are never served past their expiration', async () => {
  let t = 0, calls = 0, fail = false;
  const p = memoize(() => { calls++; return fail ? Promise.reject(new Error('down')) : Promise.resolve({ ...KEYS, expiration: new Date(t + HOUR) }); }, { now: () => t, retryAfter: 10 * MIN });
  await p();
  fail = true;
  t = HOUR - MIN;
  assert.equal((await p()).accessKeyId, ID);
  t = HOUR;
  assert.is((await rejects(p())).message, 'down');
  assert.is(calls, 3);
});

memo('memoize :: malformed refreshed credentials fall back to the still-valid cached ones', async () => {
  let t = 0, bad = false;
  const p = memoize(() => Promise.resolve(bad ? { accessKeyId: ID, secretAccessKey: '' } : { ...KEYS, expiration: new Date(t + HOUR) }), { now: () => t });
  await p();
  bad = true;
  t = HOUR - MIN;
  assert.equal((await p()).secretAccessKey, SECRET);
});

memo('memoize :: a failed refresh after expiration rejects', async () => {
  let t = 0, fail = false;
  const p = memoize(() => (fail ? Promise.reject(new Error('down')) : Promise.resolve({ ...KEYS, expiration: new Date(t + HOUR) })), { now: () => t });
  await p();
  t = HOUR;
  fail = true;
  assert.is((await rejects(p())).message, 'down');
  fail = false;
  assert.equal((await p()).accessKeyId, ID);
});

memo('memoize :: already-expired credentials are an AuthenticationError', async () => {
  const p = memoize(() => Promise.resolve({ ...KEYS, expiration: new Date(1000) }), { now: () => 1000 });
  const e = await rejects(p());
  assert.ok(isAuthenticationError(e));
  assert.match(e.message, 'expired at 1970-01-01T00:00:01.000Z');
});

memo('memoize :: malformed provider output is a ValidationError', async () => {
  const e = await rejects(memoize(() => Promise.resolve({ accessKeyId: ID } as Credentials))());
  assert.ok(isValidationError(e));
  assert.match(e.message, /^credential provider: secretAccessKey/);
});

memo('memoize :: invalidate() forces the next call to fetch', async () => {
  let calls = 0;
  const p = memoize(() => { calls++; return Promise.resolve(KEYS); });
  await p();
  p.invalidate();
  await p();
  assert.is(calls, 2);
});

memo('memoize :: memoizing a memoized provider returns it', () => {
  const p = memoize(fromStatic(KEYS));
  assert.is(memoize(p), p);
  assert.is.not(memoize(p, { refreshBefore: 1 }), p);
});

memo('memoize :: the wrapper shows no secret through JSON or string conversion', async () => {
  const p = memoize(fromStatic({ ...KEYS, sessionToken: TOKEN }));
  await p();
  for (const s of [JSON.stringify({ p }), String(p), JSON.stringify(Object.entries(p))]) noSecret({ message: s });
});

memo.run();

// ------------------------------------------------------------------ resolveCredentials

const resolve = suite('resolveCredentials');

resolve('resolveCredentials :: a provider is memoized', async () => {
  let calls = 0;
  const p = resolveCredentials({ credentials: () => { calls++; return Promise.resolve(KEYS); } });
  await p();
  await p();
  assert.is(calls, 1);
});

resolve('resolveCredentials :: an object or a key pair', async () => {
  assert.equal(await resolveCredentials({ credentials: KEYS })(), KEYS);
  assert.equal(await resolveCredentials({ accessKeyId: ID, secretAccessKey: SECRET, sessionToken: TOKEN })(), { ...KEYS, sessionToken: TOKEN });
});

resolve('resolveCredentials :: half a key pair is a ValidationError', () => {
  assert.throws(() => resolveCredentials({ accessKeyId: ID }), (e: ValidationError) => isValidationError(e) && e.field === 'secretAccessKey');
  assert.throws(() => resolveCredentials({ secretAccessKey: SECRET }), (e: ValidationError) => e.field === 'accessKeyId' && !e.message.includes(SECRET));
});

resolve('resolveCredentials :: nothing given uses the default chain', async () => {
  const p = resolveCredentials({}, { env: { AWS_ACCESS_KEY_ID: ID, AWS_SECRET_ACCESS_KEY: SECRET } });
  assert.equal(await p(), KEYS);
});

resolve.run();

// ------------------------------------------------------------------ defaultChain

const defaults = suite('defaultChain');
const QUIET = { HOME: '/nonexistent-h5-home', AWS_EC2_METADATA_DISABLED: 'true' };

defaults('defaultChain :: env credentials come first', async () => {
  const env = { ...QUIET, AWS_ACCESS_KEY_ID: ID, AWS_SECRET_ACCESS_KEY: SECRET, AWS_WEB_IDENTITY_TOKEN_FILE: '/x', AWS_ROLE_ARN: 'arn:aws:iam::1:role/r' };
  assert.equal(await defaultChain({ env })(), KEYS);
});

defaults('defaultChain :: when nothing is configured the error lists every source in order', async () => {
  const e = await rejects(defaultChain({ env: QUIET })());
  assert.ok(isAuthenticationError(e));
  assert.is(e.code, NOT_FOUND);
  const m = e.message;
  const order = ['env:', 'shared files:', 'web identity:', 'container:', 'imds: disabled by AWS_EC2_METADATA_DISABLED'].map((s) => m.indexOf(s));
  assert.ok(order.every((i) => i > 0), m);
  assert.equal([...order].sort((a, b) => a - b), order);
});

defaults('defaultChain :: the container source is used when configured (injected fetch)', async () => {
  const seen: string[] = [];
  const fetch = (async (url: string) => {
    seen.push(url);
    return new Response(JSON.stringify({ AccessKeyId: ID, SecretAccessKey: SECRET, Token: TOKEN, Expiration: '2099-01-01T00:00:00Z' }));
  }) as typeof globalThis.fetch;
  const env = { ...QUIET, AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/abc' };
  const c = await defaultChain({ env, fetch, containerEndpoint: 'http://127.0.0.1:9' })();
  assert.equal(c, { ...KEYS, sessionToken: TOKEN, expiration: new Date('2099-01-01T00:00:00Z') });
  assert.equal(seen, ['http://127.0.0.1:9/v2/credentials/abc']);
});

defaults.run();

// ------------------------------------------------------------------ network providers, configuration only

const container = suite('fromContainer');
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });

container('fromContainer :: not configured is CredentialsNotFound', async () => {
  const e = await rejects(fromContainer({ env: {} })());
  assert.is(e.code, NOT_FOUND);
});

container('fromContainer :: FULL_URI must be https, loopback http or a link-local container host', async () => {
  const ok = ['https://creds.example.com/x', 'http://127.0.0.1:8080/x', 'http://127.1.2.3/x', 'http://localhost/x', 'http://[::1]/x',
    'http://169.254.170.2/x', 'http://169.254.170.23/v1/credentials', 'http://[fd00:ec2::23]/v1/credentials'];
  const bad = ['http://169.254.169.254/x', 'http://example.com/x', 'http://10.0.0.1/x', 'file:///etc/passwd', 'not a url'];
  for (const uri of ok) {
    const seen: string[] = [];
    const fetch = (async (url: string) => { seen.push(url); return json({ AccessKeyId: ID, SecretAccessKey: SECRET }); }) as typeof globalThis.fetch;
    assert.equal(await fromContainer({ env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: uri }, fetch })(), KEYS, uri);
    assert.equal(seen, [uri]);
  }
  for (const uri of bad) {
    let called = false;
    const fetch = (async () => { called = true; return json({}); }) as typeof globalThis.fetch;
    const e = await rejects(fromContainer({ env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: uri }, fetch })());
    assert.ok(isAuthenticationError(e), uri);
    assert.is.not(e.code, NOT_FOUND);
    assert.match(e.message, 'AWS_CONTAINER_CREDENTIALS_FULL_URI');
    assert.not.ok(called, uri);
  }
});

container('fromContainer :: the RELATIVE_URI wins and goes to 169.254.170.2; the token is sent as Authorization', async () => {
  const seen: Array<[string, string | null]> = [];
  const fetch = (async (url: string, init: RequestInit) => {
    seen.push([url, new Headers(init.headers).get('authorization')]);
    return json({ AccessKeyId: ID, SecretAccessKey: SECRET, Token: TOKEN });
  }) as typeof globalThis.fetch;
  const env = { AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: 'v2/c', AWS_CONTAINER_CREDENTIALS_FULL_URI: 'https://x.example/y', AWS_CONTAINER_AUTHORIZATION_TOKEN: 'tok' };
  await fromContainer({ env, fetch })();
  assert.equal(seen, [['http://169.254.170.2/v2/c', 'tok']]);
});

container('fromContainer :: an invalid endpoint option is a ValidationError', async () => {
  const e = await rejects(fromContainer({ env: { AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/x' }, endpoint: 'not a url' })());
  assert.ok(isValidationError(e));
  assert.match(e.message, 'container: expected an absolute http(s) URL, got "not a url"');
});

container('fromContainer :: a token with a line break is refused before any request', async () => {
  let called = false;
  const fetch = (async () => { called = true; return json({}); }) as typeof globalThis.fetch;
  const e = await rejects(fromContainer({ env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1/x', AWS_CONTAINER_AUTHORIZATION_TOKEN: 'secret-tok\r\nX: y' }, fetch })());
  assert.match(e.message, 'contains CR, LF or NUL');
  noSecret(e, 'secret-tok');
  assert.not.ok(called);
});

container.run();

const imds = suite('fromInstanceMetadata');

imds('fromInstanceMetadata :: AWS_EC2_METADATA_DISABLED turns it off without a request', async () => {
  let called = false;
  const fetch = (async () => { called = true; return json({}); }) as typeof globalThis.fetch;
  const e = await rejects(fromInstanceMetadata({ env: { AWS_EC2_METADATA_DISABLED: 'TRUE' }, fetch })());
  assert.is(e.code, NOT_FOUND);
  assert.not.ok(called);
});

imds('fromInstanceMetadata :: IPv6 endpoint mode and explicit endpoints', async () => {
  const seen: string[] = [];
  const fetch = (async (url: string) => { seen.push(url); return new Response('', { status: 404 }); }) as typeof globalThis.fetch;
  await rejects(fromInstanceMetadata({ env: { AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: 'IPv6' }, fetch })());
  await rejects(fromInstanceMetadata({ env: { AWS_EC2_METADATA_SERVICE_ENDPOINT: 'http://127.0.0.1:1/' }, fetch })());
  assert.equal(seen, ['http://[fd00:ec2::254]/latest/api/token', 'http://127.0.0.1:1/latest/api/token']);
  const e = await rejects(fromInstanceMetadata({ endpoint: 'ftp://x', fetch })());
  assert.ok(isValidationError(e));
});

imds.run();

const web = suite('fromWebIdentity');

web('fromWebIdentity :: not configured is CredentialsNotFound, naming what is missing', async () => {
  assert.match((await rejects(fromWebIdentity({ env: {} })())).message, 'AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN are not set');
  assert.match((await rejects(fromWebIdentity({ env: { AWS_ROLE_ARN: 'arn' } })())).message, 'AWS_WEB_IDENTITY_TOKEN_FILE is not set');
  const e = await rejects(fromWebIdentity({ env: { AWS_WEB_IDENTITY_TOKEN_FILE: '/t' } })());
  assert.match(e.message, 'AWS_ROLE_ARN is not set');
  assert.is(e.code, NOT_FOUND);
});

web('fromWebIdentity :: a token given directly (string or getter) needs no file: works in every runtime', async () => {
  const seen: Array<Record<string, string>> = [];
  const fetch = (async (url: string, init: RequestInit) => {
    seen.push({ url, ...Object.fromEntries(new URLSearchParams(String(init.body))) });
    return new Response(`<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult><Credentials><AccessKeyId>ASIAWEB</AccessKeyId><SecretAccessKey>${SECRET}</SecretAccessKey><SessionToken>${TOKEN}</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>`);
  }) as typeof globalThis.fetch;
  let n = 0;
  const getter = () => Promise.resolve(`oidc-${++n}`);
  const p = fromWebIdentity({ env: {}, webIdentityToken: getter, roleArn: 'arn:aws:iam::1:role/web', roleSessionName: 'browser', region: 'eu-central-1', fetch });
  assert.is((await p()).accessKeyId, 'ASIAWEB');
  await p();
  await fromWebIdentity({ env: {}, webIdentityToken: 'fixed', roleArn: 'arn:aws:iam::1:role/web', fetch })();
  assert.equal(seen.map((s) => [s.url, s.WebIdentityToken, s.Action]), [
    ['https://sts.eu-central-1.amazonaws.com/', 'oidc-1', 'AssumeRoleWithWebIdentity'],
    ['https://sts.eu-central-1.amazonaws.com/', 'oidc-2', 'AssumeRoleWithWebIdentity'],
    ['https://sts.us-east-1.amazonaws.com/', 'fixed', 'AssumeRoleWithWebIdentity'],
  ]);
  const empty = await rejects(fromWebIdentity({ env: {}, webIdentityToken: () => Promise.resolve(''), roleArn: 'arn', fetch })());
  assert.match(empty.message, 'web identity: the web identity token is empty');
  assert.match((await rejects(fromWebIdentity({ env: {}, webIdentityToken: 't' })())).message, 'AWS_ROLE_ARN is not set');
});

web.run();

// ------------------------------------------------------------------ STS

const stsParse = suite('parseStsResponse');

// Shape of the AssumeRole example in the AWS STS API reference (values are the documented examples).
const ASSUME_ROLE_XML = `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
<AssumeRoleResult>
<SourceIdentity>Alice</SourceIdentity>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/demo/TestAR</Arn>
      <AssumedRoleId>ARO123EXAMPLE123:TestAR</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>
      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
      <SessionToken>
       AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==
      </SessionToken>
      <Expiration>2019-11-09T13:34:41Z</Expiration>
    </Credentials>
    <PackedPolicySize>6</PackedPolicySize>
</AssumeRoleResult>
<ResponseMetadata>
<RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
</ResponseMetadata>
</AssumeRoleResponse>`;

const ERROR_XML = `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error>
    <Type>Sender</Type>
    <Code>AccessDenied</Code>
    <Message>User: arn:aws:iam::123456789012:user/dev is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/demo</Message>
  </Error>
  <RequestId>9f3c1c36-0a0e-4a55-b4b3-EXAMPLE</RequestId>
</ErrorResponse>`;

stsParse('parseStsResponse :: the documented AssumeRole answer', () => {
  const c = parseStsResponse(200, ASSUME_ROLE_XML, 'spec');
  assert.is(c.accessKeyId, 'ASIAIOSFODNN7EXAMPLE');
  assert.is(c.secretAccessKey, 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY');
  assert.ok(c.sessionToken!.startsWith('AQoDYXdzEPT//////////wEXAMPLE') && c.sessionToken!.endsWith('BA=='));
  assert.equal(c.expiration, new Date('2019-11-09T13:34:41Z'));
});

stsParse('parseStsResponse :: XML entities are decoded', () => {
  const xml = '<R><Credentials><AccessKeyId>A</AccessKeyId><SecretAccessKey>s&amp;&lt;&gt;&quot;&apos;&#47;&#x2B;</SecretAccessKey></Credentials></R>';
  assert.is(parseStsResponse(200, xml, 'spec').secretAccessKey, 's&<>"\'/+');
});

stsParse('parseStsResponse :: ErrorResponse becomes an AuthenticationError with code, message and request id', () => {
  const e = (() => { try { parseStsResponse(403, ERROR_XML, 'profile "dev"'); } catch (error) { return error as AuthenticationError; } })()!;
  assert.ok(isAuthenticationError(e));
  assert.is(e.code, 'AccessDenied');
  assert.is(e.status, 403);
  assert.is(e.requestId, '9f3c1c36-0a0e-4a55-b4b3-EXAMPLE');
  assert.match(e.message, 'profile "dev": STS answered 403 AccessDenied: User: arn:aws:iam::123456789012:user/dev is not authorized');
});

stsParse('parseStsResponse :: malformed answers', () => {
  assert.throws(() => parseStsResponse(500, 'Internal error', 'x'), /STS answered 500 HTTP 500/);
  assert.throws(() => parseStsResponse(200, '<html>hi</html>', 'x'), /expected STS XML with a Credentials element, got 15 bytes/);
  assert.throws(() => parseStsResponse(200, '<R><Credentials><AccessKeyId>A</AccessKeyId></Credentials></R>', 'x'), (e: Error) => isValidationError(e));
});

stsParse.run();

const endpoints = suite('stsEndpoint');

endpoints('stsEndpoint :: regional hosts, China suffix, invalid region', () => {
  assert.is(stsEndpoint('eu-west-1'), 'https://sts.eu-west-1.amazonaws.com');
  assert.is(stsEndpoint('cn-north-1'), 'https://sts.cn-north-1.amazonaws.com.cn');
  assert.throws(() => stsEndpoint('evil.com/x'), (e: Error) => isValidationError(e));
});

endpoints.run();

// ------------------------------------------------------------------ INI

const ini = suite('parseIni');

ini('parseIni :: sections, comments, spacing, CRLF and sub-keys', () => {
  const text = [
    '# comment', '; other comment', '[default]', 'aws_access_key_id = AKID ; trailing', 'region=eu-west-1  # trailing',
    '', '[profile dev]\r', 'role_arn = arn:aws:iam::1:role/r\r', 's3 =', '  max_concurrent_requests = 20', 'output = json',
    '  [ spaced ]  ', 'key=a=b', 'url = https://x/#frag', 'orphan line',
  ].join('\n');
  const out = parseIni(text);
  assert.equal([...out.keys()], ['default', 'profile dev', 'spaced']);
  assert.equal({ ...out.get('default') }, { aws_access_key_id: 'AKID', region: 'eu-west-1' });
  assert.equal({ ...out.get('profile dev') }, { role_arn: 'arn:aws:iam::1:role/r', s3: '', 's3.max_concurrent_requests': '20', output: 'json' });
  assert.equal({ ...out.get('spaced') }, { key: 'a=b', url: 'https://x/#frag' });
});

ini('parseIni :: keys before any section are ignored; __proto__ is an ordinary key', () => {
  const out = parseIni('a = 1\n[__proto__]\n__proto__ = x\nconstructor = y\n');
  assert.equal([...out.keys()], ['__proto__']);
  const s = out.get('__proto__')!;
  assert.is(s['__proto__' as 'x'], 'x');
  assert.is(s.constructor as unknown, 'y');
  assert.is(({} as Record<string, unknown>).x, undefined);
});

ini('parseIni :: a repeated section merges', () => {
  assert.equal({ ...parseIni('[a]\nx=1\n[b]\n[a]\ny=2').get('a') }, { x: '1', y: '2' });
});

ini.run();

// ------------------------------------------------------------------ shared files: IAM Identity Center (SSO)

// spec/fixtures/sso is a home directory with ~/.aws/config and the AWS CLI's token cache (paths relative to the
// repository root, the working directory of every runtime driver). Runtimes without files (browsers, workerd) and
// Deno without --allow-read must skip the shared files instead (CredentialsNotFound, no request).
const SSO_HOME = 'spec/fixtures/sso';
const SSO_ENV = { HOME: SSO_HOME, AWS_SHARED_CREDENTIALS_FILE: `${SSO_HOME}/.aws/none` };
const SSO_TOKENS = ['fixture-sso-access-token-corp-SECRET', 'fixture-sso-access-token-legacy-SECRET', 'fixture-sso-access-token-stale-SECRET'];
const readable = readTextFile(`${SSO_HOME}/.aws/config`).then(() => true, () => false);
/** Whether this runtime must read them: Node, Bun, and Deno given --allow-read (workerd's node:fs has no such files). */
const deno = (globalThis as { Deno?: { permissions: { querySync(d: { name: string }): { state: string } } } }).Deno;
const rt = runtimeName();
const shouldRead = rt === 'node' || rt === 'bun' || (rt === 'deno' && deno!.permissions.querySync({ name: 'read' }).state === 'granted');

interface Sent { url: string; headers: Headers }
/** A fetch answering the SSO portal with role credentials `ASIASSO<n>` (and STS with its XML), recording requests. */
function portal(answer?: (url: string) => Response) {
  const sent: Sent[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    sent.push({ url, headers: new Headers(init.headers) });
    if (answer) return answer(url);
    if (url.includes('/federation/credentials')) {
      return json({ roleCredentials: { accessKeyId: `ASIASSO${sent.length}`, secretAccessKey: SECRET, sessionToken: TOKEN, expiration: Date.UTC(2999, 0, 1) } });
    }
    return new Response(`<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIAAPP</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>`);
  }) as typeof globalThis.fetch;
  return { fetch, sent };
}

/** No token (nor the portal's secret) in the message, the cause chain or the JSON of `e`. */
function noToken(e: unknown): void {
  noSecret(e, ...SSO_TOKENS);
  for (const t of [...SSO_TOKENS, SECRET]) assert.not.ok(JSON.stringify(e).includes(t), 'token in JSON');
}

const sso = suite('fromIni');

sso('fromIni :: SSO profiles in every runtime that reads files; elsewhere the shared files are skipped without a request', async () => {
  const { fetch, sent } = portal();
  const p = fromIni({ env: SSO_ENV, profile: 'session', fetch });
  assert.is(await readable, shouldRead, 'the fixtures are readable exactly where files and permission exist');
  if (!(await readable)) {
    const e = await rejects(p());
    assert.is(e.code, NOT_FOUND);
    assert.match(e.message, 'shared files: ');
    assert.is(sent.length, 0);
    return;
  }
  assert.equal(await p(), { accessKeyId: 'ASIASSO1', secretAccessKey: SECRET, sessionToken: TOKEN, expiration: new Date(Date.UTC(2999, 0, 1)) });
  assert.is(sent[0]!.url, 'https://portal.sso.eu-central-1.amazonaws.com/federation/credentials?role_name=BedrockUser&account_id=111122223333');
  assert.is(sent[0]!.headers.get('x-amz-sso_bearer_token'), 'fixture-sso-access-token-corp-SECRET');
  assert.is(sent[0]!.headers.get('authorization'), null);
});

sso('fromIni :: SSO legacy form: the cache file named by the SHA-1 of sso_start_url, China portal, "…UTC" expiresAt', async () => {
  if (!(await readable)) return;
  const { fetch, sent } = portal();
  assert.is((await fromIni({ env: SSO_ENV, profile: 'legacy', fetch })()).accessKeyId, 'ASIASSO1');
  assert.is(sent[0]!.url, 'https://portal.sso.cn-north-1.amazonaws.com.cn/federation/credentials?role_name=ReadOnly%2BBedrock&account_id=444455556666');
  assert.is(sent[0]!.headers.get('x-amz-sso_bearer_token'), 'fixture-sso-access-token-legacy-SECRET');
});

sso('fromIni :: an expired SSO token asks for aws sso login and sends nothing', async () => {
  if (!(await readable)) return;
  const { fetch, sent } = portal();
  const e = await rejects(fromIni({ env: SSO_ENV, profile: 'expired', fetch })());
  assert.ok(isAuthenticationError(e));
  assert.is(e.code, 'CredentialsProviderError');
  assert.match(e.message, 'profile "expired": the SSO token expired at 2020-01-01T00:00:00.000Z; run aws sso login --profile expired');
  assert.is(sent.length, 0);
  noToken(e);
});

sso('fromIni :: role_arn with an SSO source_profile: AssumeRole signed with the portal\'s credentials', async () => {
  if (!(await readable)) return;
  const { fetch, sent } = portal();
  const c = await fromIni({ env: SSO_ENV, profile: 'app', fetch, endpoint: 'http://127.0.0.1:9' })();
  assert.is(c.accessKeyId, 'ASIAAPP');
  assert.equal(sent.map((r) => new URL(r.url).pathname), ['/federation/credentials', '/']);
  assert.match(sent[1]!.headers.get('authorization')!, /^AWS4-HMAC-SHA256 Credential=ASIASSO1\/\d{8}\/us-west-2\/sts\/aws4_request, /);
  assert.is(sent[1]!.headers.get('x-amz-security-token'), TOKEN);
});

sso('fromIni :: portal 401/403 fail naming the profile and the portal\'s code, never the token', async () => {
  if (!(await readable)) return;
  const answers: Array<[Response, string]> = [
    [new Response(JSON.stringify({ message: 'Session token not found or invalid: fixture-sso-access-token-corp-SECRET' }), { status: 401, headers: { 'x-amzn-errortype': 'UnauthorizedException:http://internal.amazon.com/coral/com.amazonaws.switchboard.portal/' } }),
      'profile "session": SSO portal answered 401 UnauthorizedException: Session token not found or invalid: …; run aws sso login --profile session'],
    [json({ __type: 'com.amazonaws.sso#ForbiddenException', Message: 'No access' }, 403), 'SSO portal answered 403 ForbiddenException: No access; run aws sso login'],
    [new Response('<html>', { status: 500 }), 'profile "session": SSO portal answered 500'],
    [new Response('null', { status: 502 }), 'profile "session": SSO portal answered 502'],
  ];
  for (const [res, message] of answers) {
    const { fetch } = portal(() => res);
    const e = await rejects(fromIni({ env: SSO_ENV, profile: 'session', fetch })());
    assert.ok(isAuthenticationError(e));
    assert.match(e.message, message);
    assert.is(e.status, res.status);
    noToken(e);
  }
  const { fetch } = portal(() => new Response('{}', { status: 401, headers: { 'x-amzn-errortype': 'UnauthorizedException' } }));
  assert.is((await rejects(fromIni({ env: SSO_ENV, profile: 'session', fetch })())).code, 'UnauthorizedException');
});

sso('fromIni :: ssoEndpoint replaces the portal: https, or http on loopback only', async () => {
  const bad = await rejects(fromIni({ env: SSO_ENV, profile: 'session', ssoEndpoint: 'http://portal.example.com', fetch: portal().fetch })());
  if (!(await readable)) return assert.is(bad.code, NOT_FOUND);
  assert.ok(isValidationError(bad));
  assert.is(bad.field, 'ssoEndpoint');
  assert.match(bad.message, 'sso: ssoEndpoint must be https, or http on a loopback host, got http://portal.example.com');
  assert.is((await rejects(fromIni({ env: SSO_ENV, profile: 'session', ssoEndpoint: 'ftp://x' })())).field, 'ssoEndpoint');
  for (const endpoint of ['https://portal.example.com/', 'http://127.0.0.1:9', 'http://localhost:9', 'http://[::1]:9']) {
    const { fetch, sent } = portal();
    await fromIni({ env: SSO_ENV, profile: 'session', ssoEndpoint: endpoint, fetch })();
    assert.is(sent[0]!.url, `${endpoint.replace(/\/$/, '')}/federation/credentials?role_name=BedrockUser&account_id=111122223333`);
  }
});

sso('fromIni :: defaultChain passes ssoEndpoint and fetch to the shared files', async () => {
  if (!(await readable)) return;
  const { fetch, sent } = portal();
  const c = await defaultChain({ env: { ...SSO_ENV, AWS_PROFILE: 'session' }, fetch, ssoEndpoint: 'http://127.0.0.1:9' })();
  assert.is(c.accessKeyId, 'ASIASSO1');
  assert.match(sent[0]!.url, /^http:\/\/127\.0\.0\.1:9\/federation\/credentials\?/);
});

sso.run();
