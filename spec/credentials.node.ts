// Node-only specs of lib/credentials.ts: every network provider against a fake of its endpoint served over
// real HTTP on 127.0.0.1 (node:http), file providers with temp files, credential_process with a node script.
// The fake STS recomputes the SigV4 Authorization of AssumeRole with @smithy/signature-v4.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { rejection as rejects } from './fixtures/helpers.ts';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import type { Credentials } from '../lib/types.ts';
import { BedrockProvider } from '../lib/provider.ts';
import { createEmulator } from '../lib/emulator.ts';
import { isAuthenticationError, isValidationError } from '../lib/errors.ts';
import {
  NOT_FOUND, defaultChain, fromContainer, fromIni, fromInstanceMetadata, fromProcess, fromWebIdentity, memoize,
} from '../lib/credentials.ts';

const ID = 'AKIDEXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const TOKEN = 'IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN==';
const CONTAINER_TOKEN = 'container-auth-token-SECRET';
const OIDC = 'eyJhbGciOiJSUzI1NiJ9.oidc-web-identity.SECRET';
const T0 = Date.UTC(2030, 0, 1);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000', '');

interface Seen { method: string; url: string; headers: Record<string, string | string[] | undefined>; body: string }
type Handler = (req: Seen, res: ServerResponse) => void | Promise<void>;

/** An HTTP server on 127.0.0.1 with a free port, recording every request. */
async function fake(handler: Handler) {
  const requests: Seen[] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const seen = { method: req.method!, url: req.url!, headers: req.headers, body };
    requests.push(seen);
    try {
      await handler(seen, res);
    } catch (error) {
      res.statusCode = 500;
      res.end(String(error));
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`, requests,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/** A port nothing listens on. */
async function closedPort(): Promise<string> {
  const f = await fake(() => {});
  await f.close();
  return f.url;
}

const send = (res: ServerResponse, status: number, body: string, type = 'application/json') => {
  res.writeHead(status, { 'content-type': type });
  res.end(body);
};
const never: Handler = () => {}; // keeps the request open until the server closes

function noSecret(e: unknown, ...secrets: string[]): void {
  for (let x = e as { message?: string; cause?: unknown } | undefined; x; x = x.cause as typeof x) {
    for (const s of [SECRET, TOKEN, CONTAINER_TOKEN, OIDC, ...secrets]) assert.not.ok(String(x.message).includes(s), `secret leaked in: ${x.message}`);
  }
}

const TMP = mkdtempSync(join(tmpdir(), 'h5-credentials-'));
let files = 0;
const file = (text: string, name = `f${++files}`) => {
  const path = join(TMP, name);
  writeFileSync(path, text);
  return path;
};
const QUIET = { AWS_EC2_METADATA_DISABLED: 'true', HOME: join(TMP, 'empty-home') };

// ------------------------------------------------------------------ container

const container = suite('fromContainer');

const containerJson = (n = 1, expiration = T0 + 3_600_000) =>
  JSON.stringify({ RoleArn: 'arn:aws:iam::123456789012:role/task', AccessKeyId: `ASIA${n}`, SecretAccessKey: SECRET, Token: `${TOKEN}${n}`, Expiration: iso(expiration) });

container('fromContainer :: RELATIVE_URI on the container endpoint', async () => {
  const f = await fake((_, res) => send(res, 200, containerJson()));
  try {
    const c = await fromContainer({ env: { AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/0f2c' }, endpoint: f.url })();
    assert.equal(c, { accessKeyId: 'ASIA1', secretAccessKey: SECRET, sessionToken: `${TOKEN}1`, expiration: new Date(T0 + 3_600_000) });
    assert.is(f.requests[0]!.method, 'GET');
    assert.is(f.requests[0]!.url, '/v2/credentials/0f2c');
    assert.is(f.requests[0]!.headers.authorization, undefined);
  } finally {
    await f.close();
  }
});

container('fromContainer :: FULL_URI with AWS_CONTAINER_AUTHORIZATION_TOKEN', async () => {
  const f = await fake((req, res) => (req.headers.authorization === CONTAINER_TOKEN ? send(res, 200, containerJson()) : send(res, 401, '{"message":"no"}')));
  try {
    const env = { AWS_CONTAINER_CREDENTIALS_FULL_URI: `${f.url}/get-credentials?a=1`, AWS_CONTAINER_AUTHORIZATION_TOKEN: CONTAINER_TOKEN };
    assert.is((await fromContainer({ env })()).accessKeyId, 'ASIA1');
    assert.is(f.requests[0]!.url, '/get-credentials?a=1');
  } finally {
    await f.close();
  }
});

container('fromContainer :: the token file wins over the variable and is read on each call (EKS Pod Identity rotation)', async () => {
  const f = await fake((req, res) => send(res, 200, containerJson(f.requests.length)));
  const tokenFile = file('token-one\n');
  try {
    const env = { AWS_CONTAINER_CREDENTIALS_FULL_URI: `http://127.0.0.1:${new URL(f.url).port}/v1/credentials`, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: tokenFile, AWS_CONTAINER_AUTHORIZATION_TOKEN: 'ignored' };
    const p = fromContainer({ env });
    await p();
    writeFileSync(tokenFile, 'token-two');
    await p();
    assert.equal(f.requests.map((r) => r.headers.authorization), ['token-one', 'token-two']);
  } finally {
    await f.close();
  }
});

container('fromContainer :: an unreadable token file is a configured failure', async () => {
  const env = { AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:9/x', AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: join(TMP, 'missing-token') };
  const e = await rejects(fromContainer({ env })());
  assert.ok(isAuthenticationError(e));
  assert.is.not(e.code, NOT_FOUND);
  assert.match(e.message, 'cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: file not found');
});

container('fromContainer :: error answers name status, code and message, never the token', async () => {
  const f = await fake((_, res) => send(res, 403, JSON.stringify({ code: 'AccessDenied', message: 'token rejected' })));
  try {
    const env = { AWS_CONTAINER_CREDENTIALS_FULL_URI: `${f.url}/x`, AWS_CONTAINER_AUTHORIZATION_TOKEN: CONTAINER_TOKEN };
    const e = await rejects(fromContainer({ env })());
    assert.ok(isAuthenticationError(e));
    assert.is(e.status, 403);
    assert.match(e.message, 'container: credentials endpoint answered 403: AccessDenied: token rejected');
    noSecret(e);
  } finally {
    await f.close();
  }
});

container('fromContainer :: malformed answers', async () => {
  const bodies: Array<[string, RegExp]> = [
    ['<html>', /expected a JSON credentials document, got 6 bytes/],
    ['null', /expected a JSON object, got null/],
    [JSON.stringify({ AccessKeyId: 'A' }), /container: secretAccessKey must be a non-empty string/],
    [JSON.stringify({ AccessKeyId: 'A', SecretAccessKey: SECRET, Expiration: 'soon' }), /container: expiration must be a date/],
  ];
  let i = 0;
  const f = await fake((_, res) => send(res, 200, bodies[i++]![0]));
  try {
    for (const [, pattern] of bodies) {
      const e = await rejects(fromContainer({ env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: f.url } })());
      assert.match(e.message, pattern);
      noSecret(e);
    }
    const plain = await fake((_, res) => send(res, 500, 'oops', 'text/plain'));
    const e = await rejects(fromContainer({ env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: plain.url } })());
    assert.match(e.message, /answered 500$/);
    await plain.close();
  } finally {
    await f.close();
  }
});

container('fromContainer :: a slow endpoint times out; a closed port is a network error', async () => {
  const f = await fake(never);
  try {
    const e = await rejects(fromContainer({ env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: f.url }, timeout: 150 })());
    assert.ok(isAuthenticationError(e));
    assert.match(e.message, `container: no answer from ${f.url} within 150 ms`);
    assert.is((e.cause as Error).name, 'TimeoutError');
  } finally {
    await f.close();
  }
  const closed = await closedPort();
  const e = await rejects(fromContainer({ env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: closed } })());
  assert.match(e.message, `container: cannot reach ${closed} (ECONNREFUSED)`);
});

container('fromContainer :: memoized, concurrent callers share one request; refreshed ahead of expiry', async () => {
  const f = await fake((_, res) => { setTimeout(() => send(res, 200, containerJson(f.requests.length)), 20); });
  let t = T0;
  try {
    const p = memoize(fromContainer({ env: { AWS_CONTAINER_CREDENTIALS_FULL_URI: f.url } }), { now: () => t });
    const first = await Promise.all([p(), p(), p(), p()]);
    assert.equal(first.map((c) => c.accessKeyId), ['ASIA1', 'ASIA1', 'ASIA1', 'ASIA1']);
    assert.is(f.requests.length, 1);
    t = T0 + 54 * 60_000;
    assert.is((await p()).accessKeyId, 'ASIA1');
    t = T0 + 55 * 60_000;
    assert.is((await p()).accessKeyId, 'ASIA2');
    assert.is(f.requests.length, 2);
  } finally {
    await f.close();
  }
});

container.run();

// ------------------------------------------------------------------ IMDS

const imds = suite('fromInstanceMetadata');

/** A fake IMDSv2: token PUT, role list, role credentials; `state` tweaks its answers. */
async function fakeImds(state: { role?: string; tokenStatus?: number; code?: string; expiration?: number; slowCredentials?: boolean } = {}) {
  let n = 0;
  return fake((req, res) => {
    if (req.method === 'PUT' && req.url === '/latest/api/token') {
      if (req.headers['x-aws-ec2-metadata-token-ttl-seconds'] !== '21600') return send(res, 400, 'missing ttl', 'text/plain');
      return send(res, state.tokenStatus ?? 200, 'imds-session-token', 'text/plain');
    }
    if (req.headers['x-aws-ec2-metadata-token'] !== 'imds-session-token') return send(res, 401, '', 'text/plain');
    if (req.url === '/latest/meta-data/iam/security-credentials/') {
      return state.role === undefined ? send(res, 404, 'not found', 'text/html') : send(res, 200, state.role, 'text/plain');
    }
    if (req.url === `/latest/meta-data/iam/security-credentials/${encodeURIComponent(state.role?.trim() ?? '')}`) {
      if (state.slowCredentials) return;
      n++;
      return send(res, 200, JSON.stringify({
        Code: state.code ?? 'Success', LastUpdated: iso(T0), Type: 'AWS-HMAC', AccessKeyId: `ASIAIMDS${n}`,
        SecretAccessKey: SECRET, Token: TOKEN, Expiration: iso(state.expiration ?? T0 + 6 * 3_600_000),
      }), 'text/plain');
    }
    send(res, 404, '', 'text/plain');
  });
}

imds('fromInstanceMetadata :: token, role, credentials', async () => {
  const f = await fakeImds({ role: 'ec2-bedrock-role' });
  try {
    const c = await fromInstanceMetadata({ endpoint: f.url, env: {} })();
    assert.equal(c, { accessKeyId: 'ASIAIMDS1', secretAccessKey: SECRET, sessionToken: TOKEN, expiration: new Date(T0 + 6 * 3_600_000) });
    assert.equal(f.requests.map((r) => `${r.method} ${r.url}`), [
      'PUT /latest/api/token',
      'GET /latest/meta-data/iam/security-credentials/',
      'GET /latest/meta-data/iam/security-credentials/ec2-bedrock-role',
    ]);
  } finally {
    await f.close();
  }
});

imds('fromInstanceMetadata :: endpoint from AWS_EC2_METADATA_SERVICE_ENDPOINT', async () => {
  const f = await fakeImds({ role: 'r\n' });
  try {
    assert.is((await fromInstanceMetadata({ env: { AWS_EC2_METADATA_SERVICE_ENDPOINT: `${f.url}/` } })()).accessKeyId, 'ASIAIMDS1');
  } finally {
    await f.close();
  }
});

imds('fromInstanceMetadata :: absent or slow IMDS, and no role, are CredentialsNotFound', async () => {
  const closed = await closedPort();
  const refused = await rejects(fromInstanceMetadata({ endpoint: closed, env: {} })());
  assert.is(refused.code, NOT_FOUND);
  assert.match(refused.message, `imds: cannot reach ${closed}`);
  const slow = await fake(never);
  try {
    const e = await rejects(fromInstanceMetadata({ endpoint: slow.url, env: {}, timeout: 100 })());
    assert.is(e.code, NOT_FOUND);
    assert.match(e.message, `imds: no answer from ${slow.url} within 100 ms`);
  } finally {
    await slow.close();
  }
  const f = await fakeImds({});
  try {
    const e = await rejects(fromInstanceMetadata({ endpoint: f.url, env: {} })());
    assert.is(e.code, NOT_FOUND);
    assert.match(e.message, 'imds: no IAM role is attached to this instance');
  } finally {
    await f.close();
  }
});

imds('fromInstanceMetadata :: failing and malformed answers are configured failures', async () => {
  const cases: Array<[Parameters<typeof fakeImds>[0], RegExp]> = [
    [{ tokenStatus: 403, role: 'r' }, /imds: token request answered 403/],
    [{ role: '' }, /imds: role list answered 200 with no role/],
    [{ role: 'r', code: 'Failure' }, /imds: credentials document has Code "Failure"/],
    [{ role: 'r', slowCredentials: true }, /imds: no answer from .* within 150 ms/],
  ];
  for (const [state, pattern] of cases) {
    const f = await fakeImds(state);
    try {
      const e = await rejects(fromInstanceMetadata({ endpoint: f.url, env: {}, timeout: 150 })());
      assert.ok(isAuthenticationError(e));
      assert.is.not(e.code, NOT_FOUND);
      assert.match(e.message, pattern);
      noSecret(e, 'imds-session-token');
    } finally {
      await f.close();
    }
  }
});

imds('fromInstanceMetadata :: memoized, refreshed 5 minutes before expiration', async () => {
  const f = await fakeImds({ role: 'r', expiration: T0 + 3_600_000 });
  let t = T0;
  try {
    const p = memoize(fromInstanceMetadata({ endpoint: f.url, env: {} }), { now: () => t });
    assert.is((await p()).accessKeyId, 'ASIAIMDS1');
    t = T0 + 30 * 60_000;
    assert.is((await p()).accessKeyId, 'ASIAIMDS1');
    t = T0 + 56 * 60_000;
    assert.is((await p()).accessKeyId, 'ASIAIMDS2');
    assert.is(f.requests.filter((r) => r.method === 'PUT').length, 2);
  } finally {
    await f.close();
  }
});

imds.run();

// ------------------------------------------------------------------ STS

/** STS answers in the shape of the AWS STS API reference examples. */
const webIdentityXml = (id: string, expiration: number) => `<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleWithWebIdentityResult>
    <SubjectFromWebIdentityToken>system:serviceaccount:default:bedrock</SubjectFromWebIdentityToken>
    <Audience>sts.amazonaws.com</Audience>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/FederatedWebIdentityRole/app1</Arn>
      <AssumedRoleId>AROACLKWSDQRAOEXAMPLE:app1</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <SessionToken>${TOKEN}</SessionToken>
      <SecretAccessKey>${SECRET}</SecretAccessKey>
      <Expiration>${iso(expiration)}</Expiration>
      <AccessKeyId>${id}</AccessKeyId>
    </Credentials>
    <Provider>arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/EXAMPLE</Provider>
  </AssumeRoleWithWebIdentityResult>
  <ResponseMetadata>
    <RequestId>ad4156e9-bce1-11e2-82e6-6b6efEXAMPLE</RequestId>
  </ResponseMetadata>
</AssumeRoleWithWebIdentityResponse>`;

const assumeRoleXml = (id: string, secret: string, token: string, expiration: number) => `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/demo/TestAR</Arn>
      <AssumedRoleId>ARO123EXAMPLE123:TestAR</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>${id}</AccessKeyId>
      <SecretAccessKey>${secret}</SecretAccessKey>
      <SessionToken>${token}</SessionToken>
      <Expiration>${iso(expiration)}</Expiration>
    </Credentials>
    <PackedPolicySize>6</PackedPolicySize>
  </AssumeRoleResult>
  <ResponseMetadata>
    <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
  </ResponseMetadata>
</AssumeRoleResponse>`;

const errorXml = (code: string, message: string) => `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error>
    <Type>Sender</Type>
    <Code>${code}</Code>
    <Message>${message}</Message>
  </Error>
  <RequestId>4c8e9d6a-1b2c-4d5e-8f90-EXAMPLE</RequestId>
</ErrorResponse>`;

const form = (body: string) => Object.fromEntries(new URLSearchParams(body));

const web = suite('fromWebIdentity');

web('fromWebIdentity :: AssumeRoleWithWebIdentity, unsigned form POST, XML answer', async () => {
  const f = await fake((_, res) => send(res, 200, webIdentityXml('ASIAWEB', T0 + 3_600_000), 'text/xml'));
  const tokenFile = file(`${OIDC}\n`);
  try {
    const env = { AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile, AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/bedrock', AWS_ROLE_SESSION_NAME: 'pod-1' };
    const c = await fromWebIdentity({ env, endpoint: f.url })();
    assert.equal(c, { accessKeyId: 'ASIAWEB', secretAccessKey: SECRET, sessionToken: TOKEN, expiration: new Date(T0 + 3_600_000) });
    const r = f.requests[0]!;
    assert.is(r.method, 'POST');
    assert.is(r.url, '/');
    assert.is(r.headers['content-type'], 'application/x-www-form-urlencoded; charset=utf-8');
    assert.is(r.headers.authorization, undefined);
    assert.equal(form(r.body), { Version: '2011-06-15', Action: 'AssumeRoleWithWebIdentity', RoleArn: env.AWS_ROLE_ARN, RoleSessionName: 'pod-1', WebIdentityToken: OIDC });
  } finally {
    await f.close();
  }
});

web('fromWebIdentity :: options override the environment; the STS endpoint may come from AWS_ENDPOINT_URL_STS', async () => {
  const f = await fake((_, res) => send(res, 200, webIdentityXml('ASIAWEB', T0), 'text/xml'));
  try {
    const tokenFile = file(OIDC);
    const c = await fromWebIdentity({
      env: { AWS_ENDPOINT_URL_STS: f.url }, webIdentityTokenFile: tokenFile, roleArn: 'arn:aws:iam::1:role/x', roleSessionName: 's', durationSeconds: 900,
    })();
    assert.is(c.accessKeyId, 'ASIAWEB');
    const sent = form(f.requests[0]!.body);
    assert.is(sent.DurationSeconds, '900');
    assert.is(sent.RoleArn, 'arn:aws:iam::1:role/x');
    const generated = await fake((_, res) => send(res, 200, webIdentityXml('ASIAWEB', T0), 'text/xml'));
    await fromWebIdentity({ env: { AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile, AWS_ROLE_ARN: 'arn:aws:iam::1:role/x' }, endpoint: generated.url })();
    assert.match(form(generated.requests[0]!.body).RoleSessionName!, /^bedrock-\d+$/);
    await generated.close();
  } finally {
    await f.close();
  }
});

web('fromWebIdentity :: the token file is read on each call', async () => {
  const f = await fake((_, res) => send(res, 200, webIdentityXml('ASIAWEB', T0), 'text/xml'));
  const tokenFile = file('first-token');
  try {
    const p = fromWebIdentity({ env: { AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile, AWS_ROLE_ARN: 'arn:aws:iam::1:role/x' }, endpoint: f.url });
    await p();
    writeFileSync(tokenFile, 'second-token');
    await p();
    assert.equal(f.requests.map((r) => form(r.body).WebIdentityToken), ['first-token', 'second-token']);
  } finally {
    await f.close();
  }
});

web('fromWebIdentity :: STS ErrorResponse XML becomes an AuthenticationError without the token', async () => {
  const f = await fake((_, res) => send(res, 400, errorXml('InvalidIdentityToken', 'The web identity token that was passed is expired'), 'text/xml'));
  try {
    const env = { AWS_WEB_IDENTITY_TOKEN_FILE: file(OIDC), AWS_ROLE_ARN: 'arn:aws:iam::1:role/x' };
    const e = await rejects(fromWebIdentity({ env, endpoint: f.url })());
    assert.ok(isAuthenticationError(e));
    assert.is(e.code, 'InvalidIdentityToken');
    assert.is(e.status, 400);
    assert.is(e.requestId, '4c8e9d6a-1b2c-4d5e-8f90-EXAMPLE');
    assert.match(e.message, 'web identity: STS answered 400 InvalidIdentityToken: The web identity token that was passed is expired');
    noSecret(e);
  } finally {
    await f.close();
  }
});

web('fromWebIdentity :: malformed answers, slow STS, missing or empty token file', async () => {
  const env = { AWS_WEB_IDENTITY_TOKEN_FILE: file(OIDC), AWS_ROLE_ARN: 'arn:aws:iam::1:role/x' };
  const garbage = await fake((_, res) => send(res, 200, `<AssumeRoleWithWebIdentityResponse><Credentials><AccessKeyId>A</AccessKeyId><SecretAccessKey>${SECRET}\r\nX-Injected: 1</SecretAccessKey></Credentials></AssumeRoleWithWebIdentityResponse>`, 'text/xml'));
  const html = await fake((_, res) => send(res, 200, '<html>maintenance</html>', 'text/html'));
  const slow = await fake(never);
  try {
    const bad = await rejects(fromWebIdentity({ env, endpoint: garbage.url })());
    assert.ok(isValidationError(bad));
    noSecret(bad);
    assert.match((await rejects(fromWebIdentity({ env, endpoint: html.url })())).message, 'expected STS XML with a Credentials element');
    const e = await rejects(fromWebIdentity({ env, endpoint: slow.url, timeout: 120 })());
    assert.match(e.message, `web identity: no answer from ${slow.url} within 120 ms`);
  } finally {
    await Promise.all([garbage.close(), html.close(), slow.close()]);
  }
  const missing = await rejects(fromWebIdentity({ env: { ...env, AWS_WEB_IDENTITY_TOKEN_FILE: join(TMP, 'nope') }, endpoint: 'http://127.0.0.1:9' })());
  assert.match(missing.message, 'web identity: cannot read the web identity token: file not found');
  const empty = await rejects(fromWebIdentity({ env: { ...env, AWS_WEB_IDENTITY_TOKEN_FILE: file('  \n') }, endpoint: 'http://127.0.0.1:9' })());
  assert.match(empty.message, /web identity: the web identity token file .* is empty/);
});

web('fromWebIdentity :: memoized, refreshed ahead of expiry with the new token', async () => {
  let n = 0;
  const f = await fake((_, res) => send(res, 200, webIdentityXml(`ASIAWEB${++n}`, T0 + 3_600_000 * n), 'text/xml'));
  let t = T0;
  try {
    const p = memoize(fromWebIdentity({ env: { AWS_WEB_IDENTITY_TOKEN_FILE: file(OIDC), AWS_ROLE_ARN: 'arn:aws:iam::1:role/x' }, endpoint: f.url }), { now: () => t });
    assert.is((await p()).accessKeyId, 'ASIAWEB1');
    t = T0 + 58 * 60_000;
    assert.is((await p()).accessKeyId, 'ASIAWEB2');
    t = T0 + 90 * 60_000;
    assert.is((await p()).accessKeyId, 'ASIAWEB2');
  } finally {
    await f.close();
  }
});

web.run();

// ------------------------------------------------------------------ shared files, assume role

/**
 * A fake STS that recomputes each AssumeRole's SigV4 signature with @smithy/signature-v4 for the credentials
 * it expects (by access key id) and answers with new credentials whose key id is `ASIA<role name>`.
 */
async function fakeSts(known: Record<string, Credentials>) {
  const verified: Array<{ keyId: string; region: string; roleArn: string; params: Record<string, string> }> = [];
  const server = await fake(async (req, res) => {
    const auth = String(req.headers.authorization ?? '');
    const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/sts\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(auth);
    if (!m) return send(res, 403, errorXml('IncompleteSignature', 'Authorization header missing or malformed'), 'text/xml');
    const [, keyId, , region, signedHeaders] = m;
    const creds = known[keyId!];
    if (!creds) return send(res, 403, errorXml('InvalidClientTokenId', 'The security token included in the request is invalid.'), 'text/xml');
    const headers: Record<string, string> = {};
    for (const name of signedHeaders!.split(';')) headers[name] = String(req.headers[name]);
    const amz = headers['x-amz-date']!;
    const signingDate = new Date(`${amz.slice(0, 4)}-${amz.slice(4, 6)}-${amz.slice(6, 8)}T${amz.slice(9, 11)}:${amz.slice(11, 13)}:${amz.slice(13, 15)}Z`);
    const url = new URL(req.url, server.url);
    const signer = new SignatureV4({ service: 'sts', region: region!, credentials: creds, sha256: Sha256, applyChecksum: false });
    const expected = await signer.sign({ method: req.method, protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname, query: {}, headers, body: req.body }, { signingDate });
    if (expected.headers.authorization !== auth) return send(res, 403, errorXml('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.'), 'text/xml');
    if (creds.sessionToken && req.headers['x-amz-security-token'] !== creds.sessionToken) return send(res, 403, errorXml('InvalidClientTokenId', 'bad token'), 'text/xml');
    const params = form(req.body);
    const role = params.RoleArn!.split('/').pop()!;
    const next = { accessKeyId: `ASIA${role.toUpperCase()}`, secretAccessKey: `secret-of-${role}`, sessionToken: `token-of-${role}` };
    known[next.accessKeyId] = next;
    verified.push({ keyId: keyId!, region: region!, roleArn: params.RoleArn!, params });
    send(res, 200, assumeRoleXml(next.accessKeyId, next.secretAccessKey, next.sessionToken, T0 + 3_600_000), 'text/xml');
  });
  return Object.assign(server, { verified });
}

const ini = suite('fromIni');

ini('fromIni :: default profile from the credentials file', async () => {
  const env = { AWS_SHARED_CREDENTIALS_FILE: file(`[default]\naws_access_key_id = ${ID}\naws_secret_access_key = ${SECRET}\naws_session_token = ${TOKEN}\n`), AWS_CONFIG_FILE: join(TMP, 'none') };
  assert.equal(await fromIni({ env })(), { accessKeyId: ID, secretAccessKey: SECRET, sessionToken: TOKEN });
});

ini('fromIni :: ~/.aws under HOME, AWS_PROFILE, [profile x] in config, credentials file wins per key', async () => {
  const home = join(TMP, 'home');
  mkdirSync(join(home, '.aws'), { recursive: true });
  writeFileSync(join(home, '.aws', 'config'), `[profile dev]\naws_access_key_id = FROMCONFIG\naws_secret_access_key = config-secret\nregion = eu-west-1\n[dev]\naws_access_key_id = IGNORED\naws_secret_access_key = ignored\n`);
  writeFileSync(join(home, '.aws', 'credentials'), `[dev]\naws_access_key_id = FROMCREDENTIALS\n`);
  assert.equal(await fromIni({ env: { HOME: home, AWS_PROFILE: 'dev' } })(), { accessKeyId: 'FROMCREDENTIALS', secretAccessKey: 'config-secret' });
  assert.equal(await fromIni({ env: { HOME: home }, profile: 'dev' })(), { accessKeyId: 'FROMCREDENTIALS', secretAccessKey: 'config-secret' });
  // Paths swapped with ~: the credentials file takes section names verbatim ([dev]), the config file only [profile dev].
  assert.equal(await fromIni({ env: { HOME: home, AWS_CONFIG_FILE: '~/.aws/credentials', AWS_SHARED_CREDENTIALS_FILE: '~/.aws/config' }, profile: 'dev' })(), { accessKeyId: 'IGNORED', secretAccessKey: 'ignored' });
});

ini('fromIni :: missing files or default profile are CredentialsNotFound; a named missing profile fails', async () => {
  const none = await rejects(fromIni({ env: { HOME: join(TMP, 'empty-home') } })());
  assert.is(none.code, NOT_FOUND);
  assert.match(none.message, /shared files: .*empty-home\/\.aws\/credentials and .*empty-home\/\.aws\/config not found/);
  const env = { AWS_SHARED_CREDENTIALS_FILE: file('[other]\naws_access_key_id = A\naws_secret_access_key = B\n'), AWS_CONFIG_FILE: join(TMP, 'none') };
  const noDefault = await rejects(fromIni({ env })());
  assert.is(noDefault.code, NOT_FOUND);
  assert.match(noDefault.message, 'profile "default" not found');
  const named = await rejects(fromIni({ env: { ...env, AWS_PROFILE: 'prod' } })());
  assert.ok(isAuthenticationError(named));
  assert.is.not(named.code, NOT_FOUND);
  assert.match(named.message, 'profile "prod" not found');
  const dir = await rejects(fromIni({ env: { AWS_SHARED_CREDENTIALS_FILE: TMP, AWS_CONFIG_FILE: join(TMP, 'none') } })());
  assert.match(dir.message, /shared files: cannot read file .* \(EISDIR\)/);
});

ini('fromIni :: role chain A → B → static C, each AssumeRole signed by the previous credentials, in the profile region', async () => {
  const sts = await fakeSts({ [ID]: { accessKeyId: ID, secretAccessKey: SECRET, sessionToken: TOKEN } });
  try {
    const config = file([
      '[profile app]', 'role_arn = arn:aws:iam::123456789012:role/app', 'source_profile = middle', 'region = eu-west-1',
      'role_session_name = app-session', 'external_id = ext-42', 'duration_seconds = 1800',
      '[profile middle]', 'role_arn = arn:aws:iam::123456789012:role/middle', 'source_profile = base',
      '[profile base]', 'region = us-west-2',
    ].join('\n'));
    const credentials = file(`[base]\naws_access_key_id = ${ID}\naws_secret_access_key = ${SECRET}\naws_session_token = ${TOKEN}\n`);
    const c = await fromIni({ env: { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials }, profile: 'app', endpoint: sts.url })();
    assert.equal(c, { accessKeyId: 'ASIAAPP', secretAccessKey: 'secret-of-app', sessionToken: 'token-of-app', expiration: new Date(T0 + 3_600_000) });
    assert.equal(sts.verified.map((v) => [v.keyId, v.region, v.roleArn]), [
      [ID, 'eu-west-1', 'arn:aws:iam::123456789012:role/middle'],
      ['ASIAMIDDLE', 'eu-west-1', 'arn:aws:iam::123456789012:role/app'],
    ]);
    const last = sts.verified[1]!.params;
    assert.equal([last.Action, last.Version, last.RoleSessionName, last.ExternalId, last.DurationSeconds], ['AssumeRole', '2011-06-15', 'app-session', 'ext-42', '1800']);
    assert.match(sts.verified[0]!.params.RoleSessionName!, /^bedrock-\d+$/);
  } finally {
    await sts.close();
  }
});

ini('fromIni :: the fake STS rejects a signature made with the wrong secret', async () => {
  const sts = await fakeSts({ [ID]: { accessKeyId: ID, secretAccessKey: SECRET } });
  try {
    const config = file(`[default]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = base\n[profile base]\naws_access_key_id = ${ID}\naws_secret_access_key = not-the-secret\n`);
    const e = await rejects(fromIni({ env: { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: join(TMP, 'none'), AWS_REGION: 'ap-south-1' }, endpoint: sts.url })());
    assert.is(e.code, 'SignatureDoesNotMatch');
    assert.match(e.message, 'profile "default": STS answered 403 SignatureDoesNotMatch');
    noSecret(e, 'not-the-secret');
  } finally {
    await sts.close();
  }
});

ini('fromIni :: a profile may use its own static keys as source_profile; credential_source Environment', async () => {
  const sts = await fakeSts({ [ID]: { accessKeyId: ID, secretAccessKey: SECRET } });
  try {
    const config = file([
      '[profile self]', `aws_access_key_id = ${ID}`, `aws_secret_access_key = ${SECRET}`, 'role_arn = arn:aws:iam::1:role/self', 'source_profile = self',
      '[profile fromenv]', 'role_arn = arn:aws:iam::1:role/envrole', 'credential_source = Environment',
      '[profile weird]', 'role_arn = arn:aws:iam::1:role/x', 'credential_source = Somewhere',
    ].join('\n'));
    const env = { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: join(TMP, 'none'), AWS_ACCESS_KEY_ID: ID, AWS_SECRET_ACCESS_KEY: SECRET };
    assert.is((await fromIni({ env, profile: 'self', endpoint: sts.url })()).accessKeyId, 'ASIASELF');
    assert.is((await fromIni({ env, profile: 'fromenv', endpoint: sts.url })()).accessKeyId, 'ASIAENVROLE');
    assert.match((await rejects(fromIni({ env, profile: 'weird', endpoint: sts.url })())).message, 'credential_source must be Environment, Ec2InstanceMetadata or EcsContainer, got "Somewhere"');
  } finally {
    await sts.close();
  }
});

ini('fromIni :: credential_source Ec2InstanceMetadata and EcsContainer reach their (fake) endpoints', async () => {
  const sts = await fakeSts({ ASIAIMDS1: { accessKeyId: 'ASIAIMDS1', secretAccessKey: SECRET, sessionToken: TOKEN } });
  const imdsFake = await fakeImds({ role: 'r' });
  const containerFake = await fake((_, res) => send(res, 200, JSON.stringify({ AccessKeyId: 'ASIAIMDS1', SecretAccessKey: SECRET, Token: TOKEN })));
  try {
    const config = file('[profile ec2]\nrole_arn = arn:aws:iam::1:role/ec2\ncredential_source = Ec2InstanceMetadata\n[profile ecs]\nrole_arn = arn:aws:iam::1:role/ecs\ncredential_source = EcsContainer\n');
    const env = { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: join(TMP, 'none'), AWS_EC2_METADATA_SERVICE_ENDPOINT: imdsFake.url, AWS_CONTAINER_CREDENTIALS_FULL_URI: containerFake.url };
    assert.is((await fromIni({ env, profile: 'ec2', endpoint: sts.url })()).accessKeyId, 'ASIAEC2');
    assert.is((await fromIni({ env, profile: 'ecs', endpoint: sts.url })()).accessKeyId, 'ASIAECS');
    assert.is(containerFake.requests.length, 1);
  } finally {
    await Promise.all([sts.close(), imdsFake.close(), containerFake.close()]);
  }
});

ini('fromIni :: role_arn with web_identity_token_file', async () => {
  const f = await fake((_, res) => send(res, 200, webIdentityXml('ASIAWEBINI', T0), 'text/xml'));
  try {
    const config = file(`[profile k8s]\nrole_arn = arn:aws:iam::1:role/k8s\nweb_identity_token_file = ${file(OIDC)}\nrole_session_name = k8s-session\n`);
    const c = await fromIni({ env: { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: join(TMP, 'none') }, profile: 'k8s', endpoint: f.url })();
    assert.is(c.accessKeyId, 'ASIAWEBINI');
    assert.equal([form(f.requests[0]!.body).WebIdentityToken, form(f.requests[0]!.body).RoleSessionName], [OIDC, 'k8s-session']);
  } finally {
    await f.close();
  }
});

ini('fromIni :: cycles, dangling source_profile, unsupported and empty profiles', async () => {
  const config = file([
    '[profile a]', 'role_arn = arn:aws:iam::1:role/a', 'source_profile = b',
    '[profile b]', 'role_arn = arn:aws:iam::1:role/b', 'source_profile = a',
    '[profile loop]', 'role_arn = arn:aws:iam::1:role/loop', 'source_profile = loop',
    '[profile dangling]', 'role_arn = arn:aws:iam::1:role/d', 'source_profile = ghost',
    '[profile nosource]', 'role_arn = arn:aws:iam::1:role/n',
    '[profile mfa]', 'role_arn = arn:aws:iam::1:role/m', 'source_profile = a', 'mfa_serial = arn:aws:iam::1:mfa/u',
    '[profile sso]', 'sso_session = corp', 'sso_account_id = 1',
    '[profile empty]', 'region = us-east-1',
  ].join('\n'));
  const env = { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: join(TMP, 'none') };
  const cases: Array<[string, string]> = [
    ['a', 'profile cycle: a → b → a'],
    ['loop', 'profile cycle: loop → loop'],
    ['dangling', 'profile "ghost" (source_profile of "dangling") not found'],
    ['nosource', 'role_arn needs source_profile, credential_source or web_identity_token_file'],
    ['mfa', 'mfa_serial profiles need a token code and are not supported'],
    ['sso', 'profile "sso": sso_session "corp" not found (no [sso-session corp] section in '],
    ['empty', 'profile "empty" has no aws_access_key_id/aws_secret_access_key, role_arn, credential_process or sso_session/sso_start_url'],
  ];
  for (const [profile, message] of cases) {
    const e = await rejects(fromIni({ env, profile, endpoint: 'http://127.0.0.1:9' })());
    assert.ok(isAuthenticationError(e), profile);
    assert.match(e.message, message);
  }
});

// ------------------------------------------------------------------ shared files: IAM Identity Center (SSO)

const SSO_TOKEN = 'aoaAAAAAGV-sso-access-token-SECRET-0123456789abcdefghijklmnopqrstuvwxyz';
const sha1 = (s: string) => createHash('sha1').update(s, 'utf8').digest('hex');
const future = () => new Date(Date.now() + 3_600_000).toISOString();
let homes = 0;

/** A home directory with ~/.aws/config and ~/.aws/sso/cache entries (file name → JSON value or raw text). */
function ssoHome(config: string, cache: Record<string, unknown> = {}) {
  const home = join(TMP, `sso-home-${++homes}`);
  mkdirSync(join(home, '.aws', 'sso', 'cache'), { recursive: true });
  writeFileSync(join(home, '.aws', 'config'), config);
  for (const [name, body] of Object.entries(cache)) writeFileSync(join(home, '.aws', 'sso', 'cache', name), typeof body === 'string' ? body : JSON.stringify(body));
  return { HOME: home, AWS_SHARED_CREDENTIALS_FILE: join(TMP, 'none') };
}

/**
 * A fake IAM Identity Center portal (GetRoleCredentials, restJson1): GET /federation/credentials with
 * `x-amz-sso_bearer_token` one of `tokens`, else 401 UnauthorizedException as the portal sends it.
 */
async function fakePortal(tokens = [SSO_TOKEN]) {
  return fake((req, res) => {
    const url = new URL(req.url, 'http://portal');
    if (req.method !== 'GET' || url.pathname !== '/federation/credentials') return send(res, 404, '{"message":"no route"}');
    if (!tokens.includes(String(req.headers['x-amz-sso_bearer_token']))) {
      res.writeHead(401, { 'content-type': 'application/json', 'x-amzn-errortype': 'UnauthorizedException:http://internal.amazon.com/coral/com.amazonaws.switchboard.portal/', 'x-amzn-requestid': 'sso-req-1' });
      res.end(JSON.stringify({ message: 'Session token not found or invalid' }));
      return;
    }
    const role = url.searchParams.get('role_name')!;
    send(res, 200, JSON.stringify({ roleCredentials: { accessKeyId: `ASIASSO${role.toUpperCase()}`, secretAccessKey: SECRET, sessionToken: TOKEN, expiration: T0 + 3_600_000 } }));
  });
}

/** Neither token nor portal secrets in the message, the cause chain, or the JSON of `e`. */
function noSsoSecret(e: unknown, ...more: string[]): void {
  noSecret(e, SSO_TOKEN, ...more);
  for (const s of [SSO_TOKEN, SECRET, TOKEN, ...more]) assert.not.ok(JSON.stringify(e).includes(s), `secret in JSON: ${JSON.stringify(e)}`);
}

const SESSION_CONFIG = (name: string) => [
  '[default]', 'region = eu-west-1',
  '[profile dev]', `sso_session = ${name}`, 'sso_account_id = 111122223333', 'sso_role_name = BedrockUser', 'region = eu-west-1',
  `[sso-session ${name}]`, 'sso_start_url = https://corp-example.awsapps.com/start', 'sso_region = us-east-1', 'sso_registration_scopes = sso:account:access',
].join('\n');

ini('fromIni :: SSO sso-session form: GetRoleCredentials with the token cached under the SHA-1 of the session name', async () => {
  // FIPS 180-2 test vector: SHA-1("abc") = a9993e36 4706816a ba3e2571 7850c26c 9cd0d89d; node:crypto must agree.
  assert.is(sha1('abc'), 'a9993e364706816aba3e25717850c26c9cd0d89d');
  const env = ssoHome(SESSION_CONFIG('abc'), { 'a9993e364706816aba3e25717850c26c9cd0d89d.json': { startUrl: 'https://corp-example.awsapps.com/start', region: 'us-east-1', accessToken: SSO_TOKEN, expiresAt: future() } });
  const portal = await fakePortal();
  try {
    const c = await fromIni({ env, profile: 'dev', ssoEndpoint: portal.url })();
    assert.equal(c, { accessKeyId: 'ASIASSOBEDROCKUSER', secretAccessKey: SECRET, sessionToken: TOKEN, expiration: new Date(T0 + 3_600_000) });
    const r = portal.requests[0]!, url = new URL(r.url, portal.url);
    assert.equal([r.method, url.pathname, [...url.searchParams].sort()], ['GET', '/federation/credentials', [['account_id', '111122223333'], ['role_name', 'BedrockUser']]]);
    assert.is(r.headers['x-amz-sso_bearer_token'], SSO_TOKEN);
    assert.is(r.headers.authorization, undefined);
    // [sso-session abc] is a session, not a profile; [default] and [profile dev] still are.
    assert.match((await rejects(fromIni({ env, profile: 'sso-session abc', ssoEndpoint: portal.url })())).message, 'profile "sso-session abc" not found');
    assert.match((await rejects(fromIni({ env, profile: 'abc', ssoEndpoint: portal.url })())).message, 'profile "abc" not found');
    assert.match((await rejects(fromIni({ env })())).message, 'profile "default" has no aws_access_key_id');
    assert.is(portal.requests.length, 1);
  } finally {
    await portal.close();
  }
});

ini('fromIni :: SSO legacy form: the cache file names the AWS SDKs expect for a start URL (their published examples)', async () => {
  // File names from the token cache specs of the AWS SDK for .NET (SSOTokenManagerTests) and Java v2 (OnDiskTokenManagerTest).
  const published: Array<[string, string]> = [
    ['https://d-abc123.awsapps.com/start', '40a89917e3175433e361b710a9d43528d7f1890a.json'],
    ['https://d-abc123.awsapps.com', 'ab6e8a5ac0e97bd6867ae3eacd5fd7dc0cd4de86.json'],
    ['https://vanity.example.com', '7ed69759fe20aa3027c01db4b744e1437b0c8f4f.json'],
  ];
  const config = published.map(([url], i) => `[profile p${i}]\nsso_start_url = ${url}\nsso_region = us-east-2\nsso_account_id = 123456789012\nsso_role_name = Role${i}\n`).join('');
  const cache = Object.fromEntries(published.map(([, file], i) => [file, { accessToken: `${SSO_TOKEN}-${i}`, expiresAt: future() }]));
  const env = ssoHome(config, cache);
  const portal = await fakePortal(published.map((_, i) => `${SSO_TOKEN}-${i}`));
  try {
    for (const [i, [url, file]] of published.entries()) {
      assert.is(`${sha1(url)}.json`, file);
      assert.is((await fromIni({ env, profile: `p${i}`, ssoEndpoint: portal.url })()).accessKeyId, `ASIASSOROLE${i}`);
      assert.is(portal.requests[i]!.headers['x-amz-sso_bearer_token'], `${SSO_TOKEN}-${i}`);
    }
  } finally {
    await portal.close();
  }
});

ini('fromIni :: a missing, unreadable, malformed or expired token cache asks for aws sso login, sending nothing', async () => {
  const file = `${sha1('corp')}.json`;
  const cases: Array<[Record<string, unknown>, string]> = [
    [{}, `no cached SSO token (`],
    [{ [file]: 'not json' }, 'holds no usable accessToken and expiresAt'],
    [{ [file]: { expiresAt: future() } }, 'holds no usable accessToken and expiresAt'],
    [{ [file]: { accessToken: `${SSO_TOKEN}\r\nx: y`, expiresAt: future() } }, 'holds no usable accessToken and expiresAt'],
    [{ [file]: { accessToken: SSO_TOKEN } }, 'holds no usable accessToken and expiresAt'],
    [{ [file]: { accessToken: SSO_TOKEN, expiresAt: 'soon' } }, 'has an unreadable expiresAt "soon"'],
    [{ [file]: { accessToken: SSO_TOKEN, expiresAt: new Date(Date.now() - 1000).toISOString() } }, 'the SSO token expired at '],
    [{ [file]: { accessToken: SSO_TOKEN, expiresAt: '2021-06-01T12:00:00UTC' } }, 'the SSO token expired at 2021-06-01T12:00:00.000Z'],
  ];
  const portal = await fakePortal();
  try {
    for (const [cache, message] of cases) {
      const env = ssoHome(SESSION_CONFIG('corp'), cache);
      const e = await rejects(fromIni({ env, profile: 'dev', ssoEndpoint: portal.url })());
      assert.ok(isAuthenticationError(e), message);
      assert.is.not(e.code, NOT_FOUND);
      assert.match(e.message, `profile "dev": `);
      assert.match(e.message, message);
      assert.match(e.message, /; run aws sso login --profile dev$/);
      noSsoSecret(e);
    }
    const dir = ssoHome(SESSION_CONFIG('corp'));
    mkdirSync(join(dir.HOME, '.aws', 'sso', 'cache', file));
    const e = await rejects(fromIni({ env: dir, profile: 'dev', ssoEndpoint: portal.url })());
    assert.match(e.message, /cannot read the SSO token cache: cannot read file .* \(EISDIR\); run aws sso login --profile dev$/);
    assert.is(portal.requests.length, 0);
  } finally {
    await portal.close();
  }
});

ini('fromIni :: the portal refuses the token (401 UnauthorizedException): failure names the profile and the code, never the token', async () => {
  const env = ssoHome(SESSION_CONFIG('corp'), { [`${sha1('corp')}.json`]: { accessToken: SSO_TOKEN, expiresAt: future() } });
  const portal = await fakePortal(['another-token']);
  try {
    const e = await rejects(fromIni({ env, profile: 'dev', ssoEndpoint: portal.url })());
    assert.ok(isAuthenticationError(e));
    assert.equal([e.code, e.status, e.requestId], ['UnauthorizedException', 401, 'sso-req-1']);
    assert.is(e.message, 'authentication failed for provider "bedrock": profile "dev": SSO portal answered 401 UnauthorizedException: Session token not found or invalid; run aws sso login --profile dev');
    assert.is(portal.requests[0]!.headers['x-amz-sso_bearer_token'], SSO_TOKEN);
    noSsoSecret(e);
    // Through the default chain too: a configured source that fails ends the chain with its own error.
    const chained = await rejects(defaultChain({ env: { ...env, AWS_PROFILE: 'dev', AWS_EC2_METADATA_DISABLED: 'true' }, ssoEndpoint: portal.url })());
    assert.match(chained.message, 'SSO portal answered 401 UnauthorizedException');
    noSsoSecret(chained);
  } finally {
    await portal.close();
  }
});

ini('fromIni :: incomplete SSO settings fail naming the profile and the missing key, before any file or request', async () => {
  const config = [
    '[profile noaccount]', 'sso_session = corp', 'sso_role_name = R',
    '[profile norole]', 'sso_start_url = https://x.awsapps.com/start', 'sso_region = us-east-1', 'sso_account_id = 1',
    '[profile noregion]', 'sso_start_url = https://x.awsapps.com/start', 'sso_account_id = 1', 'sso_role_name = R',
    '[profile onlyaccount]', 'sso_account_id = 1',
    '[profile ghost]', 'sso_session = ghost', 'sso_account_id = 1', 'sso_role_name = R',
    '[profile halfsession]', 'sso_session = half', 'sso_account_id = 1', 'sso_role_name = R',
    '[profile mismatch]', 'sso_session = corp', 'sso_region = eu-west-1', 'sso_account_id = 1', 'sso_role_name = R',
    '[profile badregion]', 'sso_start_url = https://x.awsapps.com/start', 'sso_region = evil.com/x', 'sso_account_id = 1', 'sso_role_name = R',
    '[sso-session corp]', 'sso_start_url = https://x.awsapps.com/start', 'sso_region = us-east-1',
    '[sso-session half]', 'sso_start_url = https://x.awsapps.com/start',
  ].join('\n');
  const env = ssoHome(config);
  // An [sso-session x] section in the credentials file is not a session.
  env.AWS_SHARED_CREDENTIALS_FILE = file('[sso-session ghost]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n');
  const cases: Array<[string, string]> = [
    ['noaccount', 'profile "noaccount": SSO profile is missing sso_account_id'],
    ['norole', 'profile "norole": SSO profile is missing sso_role_name'],
    ['noregion', 'profile "noregion": SSO profile is missing sso_region'],
    ['onlyaccount', 'profile "onlyaccount": SSO profile is missing sso_start_url, sso_region, sso_role_name'],
    ['ghost', `profile "ghost": sso_session "ghost" not found (no [sso-session ghost] section in ${env.HOME}/.aws/config)`],
    ['halfsession', 'profile "halfsession": sso-session "half" is missing sso_region'],
    ['mismatch', 'profile "mismatch": sso_region differs from the one of sso-session "corp"'],
    ['badregion', 'profile "badregion": sso_region must look like us-east-1, got "evil.com/x"'],
  ];
  for (const [profile, message] of cases) {
    const e = await rejects(fromIni({ env, profile })());
    assert.ok(isAuthenticationError(e), profile);
    assert.is(e.code, 'CredentialsProviderError');
    assert.match(e.message, message);
  }
});

ini('fromIni :: role_arn with an SSO source_profile: AssumeRole signed with the SSO credentials', async () => {
  const config = SESSION_CONFIG('corp') + '\n[profile app]\nrole_arn = arn:aws:iam::123456789012:role/app\nsource_profile = dev\nregion = ap-south-1\n';
  const env = ssoHome(config, { [`${sha1('corp')}.json`]: { accessToken: SSO_TOKEN, expiresAt: future() } });
  const portal = await fakePortal();
  const sts = await fakeSts({ ASIASSOBEDROCKUSER: { accessKeyId: 'ASIASSOBEDROCKUSER', secretAccessKey: SECRET, sessionToken: TOKEN } });
  try {
    const c = await fromIni({ env, profile: 'app', endpoint: sts.url, ssoEndpoint: portal.url })();
    assert.equal(c, { accessKeyId: 'ASIAAPP', secretAccessKey: 'secret-of-app', sessionToken: 'token-of-app', expiration: new Date(T0 + 3_600_000) });
    assert.equal(sts.verified.map((v) => [v.keyId, v.region, v.roleArn]), [['ASIASSOBEDROCKUSER', 'ap-south-1', 'arn:aws:iam::123456789012:role/app']]);
    assert.is(portal.requests.length, 1);
  } finally {
    await Promise.all([portal.close(), sts.close()]);
  }
});

ini('fromIni :: a slow or absent portal and malformed portal answers fail without the token', async () => {
  const env = ssoHome(SESSION_CONFIG('corp'), { [`${sha1('corp')}.json`]: { accessToken: SSO_TOKEN, expiresAt: future() } });
  const slow = await fake(never);
  try {
    const e = await rejects(fromIni({ env, profile: 'dev', ssoEndpoint: slow.url, timeout: 150 })());
    assert.match(e.message, `profile "dev": no answer from ${slow.url} within 150 ms`);
    noSsoSecret(e);
  } finally {
    await slow.close();
  }
  const closed = await closedPort();
  const refused = await rejects(fromIni({ env, profile: 'dev', ssoEndpoint: closed })());
  assert.match(refused.message, `profile "dev": cannot reach ${closed} (ECONNREFUSED)`);
  noSsoSecret(refused);
  const bodies: Array<[string, RegExp, boolean?]> = [
    ['<html>', /expected SSO portal JSON with roleCredentials, got 6 bytes without them/],
    ['{"roleCredentials":null}', /expected SSO portal JSON with roleCredentials/],
    [JSON.stringify({ roleCredentials: { accessKeyId: 'A', secretAccessKey: SECRET, expiration: T0 } }), /the SSO portal's roleCredentials lack sessionToken$/],
    [JSON.stringify({ roleCredentials: { accessKeyId: 'A', secretAccessKey: '', sessionToken: TOKEN } }), /roleCredentials lack secretAccessKey, expiration$/],
    [JSON.stringify({ roleCredentials: { accessKeyId: 'A', secretAccessKey: SECRET, sessionToken: TOKEN, expiration: 'later' } }), /profile "dev": expiration must be a date/, true],
  ];
  let i = 0;
  const portal = await fake((_, res) => send(res, 200, bodies[i++]![0]));
  try {
    for (const [, pattern, validation] of bodies) {
      const e = await rejects(fromIni({ env, profile: 'dev', ssoEndpoint: portal.url })());
      assert.ok(validation ? isValidationError(e) : isAuthenticationError(e), String(pattern));
      assert.match(e.message, pattern);
      noSsoSecret(e);
    }
  } finally {
    await portal.close();
  }
});

ini.run();

// ------------------------------------------------------------------ credential_process

const proc = suite('credential_process');

const script = file(`
const mode = process.argv[2];
const out = { Version: 1, AccessKeyId: 'ASIAPROC', SecretAccessKey: ${JSON.stringify(SECRET)}, SessionToken: ${JSON.stringify(TOKEN)}, Expiration: '2030-01-01T01:00:00Z' };
if (mode === 'ok') process.stdout.write(JSON.stringify(out));
if (mode === 'static') process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: 'AKIAPROC', SecretAccessKey: 's' }));
if (mode === 'v2') process.stdout.write(JSON.stringify({ ...out, Version: 2 }));
if (mode === 'text') process.stdout.write('AccessKeyId=' + out.SecretAccessKey);
if (mode === 'fail') { process.stdout.write(JSON.stringify(out)); process.stderr.write('first line\\nno cached SSO token, run aws sso login\\n'); process.exit(3); }
if (mode === 'slow') setTimeout(() => {}, 30000);
`, 'process.mjs');
const cmd = (mode: string) => `"${process.execPath}" "${script}" ${mode}`;

proc('credential_process :: Version 1 JSON with session token and expiration', async () => {
  assert.equal(await fromProcess(cmd('ok'))(), { accessKeyId: 'ASIAPROC', secretAccessKey: SECRET, sessionToken: TOKEN, expiration: new Date('2030-01-01T01:00:00Z') });
  assert.equal(await fromProcess(cmd('static'))(), { accessKeyId: 'AKIAPROC', secretAccessKey: 's' });
});

proc('credential_process :: from a profile (as a source_profile too)', async () => {
  const sts = await fakeSts({ ASIAPROC: { accessKeyId: 'ASIAPROC', secretAccessKey: SECRET, sessionToken: TOKEN } });
  try {
    const config = file(`[profile p]\ncredential_process = ${cmd('ok')}\n[profile r]\nrole_arn = arn:aws:iam::1:role/viaproc\nsource_profile = p\n`);
    const env = { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: join(TMP, 'none') };
    assert.is((await fromIni({ env, profile: 'p' })()).accessKeyId, 'ASIAPROC');
    assert.is((await fromIni({ env, profile: 'r', endpoint: sts.url })()).accessKeyId, 'ASIAVIAPROC');
  } finally {
    await sts.close();
  }
});

proc('credential_process :: failures never show stdout', async () => {
  const fail = await rejects(fromProcess(cmd('fail'))());
  assert.ok(isAuthenticationError(fail));
  assert.match(fail.message, 'process: credential_process exited with code 3: no cached SSO token, run aws sso login');
  noSecret(fail);
  assert.match((await rejects(fromProcess(cmd('v2'))())).message, 'expected "Version": 1, got 2');
  const text = await rejects(fromProcess(cmd('text'))());
  assert.match(text.message, /expected JSON on stdout, got \d+ bytes that are not JSON/);
  noSecret(text);
  const slow = await rejects(fromProcess(cmd('slow'), { timeout: 300 })());
  assert.match(slow.message, 'process: credential_process: process did not finish within 300 ms');
});

proc.run();

// ------------------------------------------------------------------ default chain

const chainSuite = suite('defaultChain');

chainSuite('defaultChain :: nothing configured: every source is listed with its reason, no secret', async () => {
  const closed = await closedPort();
  const e = await rejects(defaultChain({ env: { HOME: join(TMP, 'empty-home'), AWS_CONTAINER_AUTHORIZATION_TOKEN: CONTAINER_TOKEN }, imdsEndpoint: closed })());
  assert.ok(isAuthenticationError(e));
  assert.is(e.code, NOT_FOUND);
  assert.match(e.message, [
    'authentication failed for provider "bedrock": no credentials found; tried ',
    'env: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set; ',
    `shared files: ${join(TMP, 'empty-home')}/.aws/credentials and ${join(TMP, 'empty-home')}/.aws/config not found; `,
    'web identity: AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN are not set; ',
    'container: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI are not set; ',
    `imds: cannot reach ${closed} (ECONNREFUSED)`,
  ].join(''));
  noSecret(e);
});

chainSuite('defaultChain :: order: files before web identity before container before IMDS', async () => {
  const imdsFake = await fakeImds({ role: 'r' });
  const containerFake = await fake((_, res) => send(res, 200, JSON.stringify({ AccessKeyId: 'ASIACONTAINER', SecretAccessKey: SECRET })));
  const stsFake = await fake((_, res) => send(res, 200, webIdentityXml('ASIAWEB', T0 + 3_600_000), 'text/xml'));
  try {
    const web = { AWS_WEB_IDENTITY_TOKEN_FILE: file(OIDC), AWS_ROLE_ARN: 'arn:aws:iam::1:role/x' };
    const files = { AWS_SHARED_CREDENTIALS_FILE: file('[default]\naws_access_key_id = AKIAFILE\naws_secret_access_key = s\n'), AWS_CONFIG_FILE: join(TMP, 'none') };
    const base = { HOME: join(TMP, 'empty-home'), AWS_CONTAINER_CREDENTIALS_FULL_URI: containerFake.url };
    const opts = { imdsEndpoint: imdsFake.url, stsEndpoint: stsFake.url };
    assert.is((await defaultChain({ ...opts, env: { ...base, ...web, ...files } })()).accessKeyId, 'AKIAFILE');
    assert.is((await defaultChain({ ...opts, env: { ...base, ...web } })()).accessKeyId, 'ASIAWEB');
    assert.is((await defaultChain({ ...opts, env: base })()).accessKeyId, 'ASIACONTAINER');
    assert.is((await defaultChain({ ...opts, env: { HOME: base.HOME } })()).accessKeyId, 'ASIAIMDS1');
  } finally {
    await Promise.all([imdsFake.close(), containerFake.close(), stsFake.close()]);
  }
});

chainSuite('defaultChain :: a configured source that fails stops the chain before IMDS', async () => {
  const imdsFake = await fakeImds({ role: 'r' });
  const containerFake = await fake((_, res) => send(res, 500, JSON.stringify({ message: 'agent restarting' })));
  try {
    const e = await rejects(defaultChain({ env: { ...QUIET, AWS_EC2_METADATA_DISABLED: 'false', AWS_CONTAINER_CREDENTIALS_FULL_URI: containerFake.url }, imdsEndpoint: imdsFake.url })());
    assert.ok(isAuthenticationError(e));
    assert.match(e.message, /container: credentials endpoint answered 500: agent restarting \(skipped before: env: .*; shared files: .*; web identity: .*\)$/);
    assert.is(imdsFake.requests.length, 0);
  } finally {
    await Promise.all([imdsFake.close(), containerFake.close()]);
  }
});

chainSuite('defaultChain :: memoized', async () => {
  const containerFake = await fake((_, res) => send(res, 200, JSON.stringify({ AccessKeyId: 'ASIACONTAINER', SecretAccessKey: SECRET })));
  try {
    const p = defaultChain({ env: { ...QUIET, AWS_CONTAINER_CREDENTIALS_FULL_URI: containerFake.url } });
    await Promise.all([p(), p()]);
    await p();
    assert.is(containerFake.requests.length, 1);
  } finally {
    await containerFake.close();
  }
});

chainSuite('defaultChain :: BedrockProvider signs with each source; the emulator verifies the signatures', async () => {
  const stsCreds = { accessKeyId: 'ASIAAPP', secretAccessKey: 'secret-of-app', sessionToken: 'token-of-app' };
  const accepted = [
    { accessKeyId: 'ASIACONTAINER', secretAccessKey: SECRET, sessionToken: TOKEN },
    { accessKeyId: 'ASIAIMDS1', secretAccessKey: SECRET, sessionToken: TOKEN },
    { accessKeyId: 'ASIAWEB', secretAccessKey: SECRET, sessionToken: TOKEN },
    stsCreds,
  ];
  const emu = createEmulator({ credentials: accepted, reply: 'ok', region: 'eu-west-1' });
  const imdsFake = await fakeImds({ role: 'r' });
  const containerFake = await fake((_, res) => send(res, 200, JSON.stringify({ AccessKeyId: 'ASIACONTAINER', SecretAccessKey: SECRET, Token: TOKEN })));
  const webFake = await fake((_, res) => send(res, 200, webIdentityXml('ASIAWEB', Date.now() + 3_600_000), 'text/xml'));
  const sts = await fakeSts({ [ID]: { accessKeyId: ID, secretAccessKey: SECRET } });
  try {
    const home = { HOME: join(TMP, 'empty-home') };
    const iniEnv = { AWS_CONFIG_FILE: file(`[default]\nrole_arn = arn:aws:iam::1:role/app\nsource_profile = base\n[profile base]\naws_access_key_id = ${ID}\naws_secret_access_key = ${SECRET}\n`), AWS_SHARED_CREDENTIALS_FILE: join(TMP, 'none') };
    const sources: Array<[string, Parameters<typeof defaultChain>[0]]> = [
      ['ASIACONTAINER', { env: { ...home, AWS_CONTAINER_CREDENTIALS_FULL_URI: containerFake.url } }],
      ['ASIAIMDS1', { env: home, imdsEndpoint: imdsFake.url }],
      ['ASIAWEB', { env: { ...home, AWS_WEB_IDENTITY_TOKEN_FILE: file(OIDC), AWS_ROLE_ARN: 'arn:aws:iam::1:role/x' }, stsEndpoint: webFake.url }],
      ['ASIAAPP', { env: { ...home, ...iniEnv }, stsEndpoint: sts.url }],
    ];
    for (const [keyId, options] of sources) {
      const sent: string[] = [];
      const fetch = (async (req: Request) => { sent.push(req.headers.get('authorization') ?? ''); return emu.fetch(req); }) as unknown as typeof globalThis.fetch;
      const p = new BedrockProvider({ region: 'eu-west-1', credentials: defaultChain(options), fetch, maxRetries: 0 });
      const res = await p.chat([{ role: 'user', content: 'hi' }], { model: 'anthropic.claude-3-5-sonnet-20241022-v2:0', maxTokens: 10 });
      assert.is(res.content, 'ok', keyId);
      assert.match(sent[0]!, `Credential=${keyId}/`);
      p.close();
    }
  } finally {
    await Promise.all([imdsFake.close(), containerFake.close(), webFake.close(), sts.close()]);
  }
});

chainSuite.after(() => rmSync(TMP, { recursive: true, force: true }));

chainSuite.run();
