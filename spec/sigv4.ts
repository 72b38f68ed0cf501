import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import tree from 'vectors:sigv4-suite';
import botocore from 'vectors:sigv4-vectors.json';
import { toHex } from '../lib/bytes.ts';
import { AuthenticationError, ValidationError } from '../lib/errors.ts';
import { sha256Sync } from '../lib/sha256.ts';
import {
  EMPTY_SHA256, KEY_CACHE_SIZE, UNSIGNED_PAYLOAD, amzDate, canonicalHeaders, canonicalQuery, canonicalRequest, canonicalUri,
  credentialScope, keyCacheSize, parseAuthorization, presign, queryPairs, sign, signature, signingKey, stringToSign, uriEncode, verify,
} from '../lib/sigv4.ts';
import type { Credentials } from '../lib/types.ts';

const SUITE_CREDS: Credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const SUITE_DATE = new Date('2015-08-30T12:36:00Z');
const SUITE_SCOPE = '20150830/us-east-1/service/aws4_request';
const STS_TOKEN = 'AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==';

interface SuiteCase { name: string; req: string; creq: string; sts: string; authz: string }
interface ParsedReq { method: string; path: string; query: string; headers: Array<[string, string]>; body: string; multiline: boolean }

/** Every folder of the suite holding a `.req` (nested folders included). */
function cases(node: Record<string, unknown>, out: SuiteCase[] = []): SuiteCase[] {
  for (const [name, entry] of Object.entries(node)) {
    if (typeof entry !== 'object' || entry === null || entry instanceof Uint8Array) continue;
    const files = entry as Record<string, unknown>;
    if (typeof files[`${name}.req`] === 'string') {
      out.push({ name, req: files[`${name}.req`] as string, creq: files[`${name}.creq`] as string, sts: files[`${name}.sts`] as string, authz: files[`${name}.authz`] as string });
    } else cases(files, out);
  }
  return out;
}

/** Parses a suite `.req`: request line, headers (continuation lines are further values), blank line, body. */
function parseReq(text: string): ParsedReq {
  const lines = text.split('\n');
  const method = lines[0]!.slice(0, lines[0]!.indexOf(' '));
  const target = lines[0]!.slice(method.length + 1, lines[0]!.lastIndexOf(' HTTP/'));
  const q = target.indexOf('?');
  const headers: Array<[string, string]> = [];
  let i = 1;
  let multiline = false;
  for (; i < lines.length && lines[i] !== ''; i++) {
    const line = lines[i]!;
    if (/^[ \t]/.test(line)) { headers.push([headers[headers.length - 1]![0], line]); multiline = true; continue; }
    const colon = line.indexOf(':');
    headers.push([line.slice(0, colon), line.slice(colon + 1)]);
  }
  return { method, path: q < 0 ? target : target.slice(0, q), query: q < 0 ? '' : target.slice(q), headers, body: lines.slice(i + 1).join('\n'), multiline };
}

const all = cases(tree);
const Suite = suite('canonicalRequest');
Suite('canonicalRequest :: the suite has all its cases', () => assert.ok(all.length >= 30, `found ${all.length}`));
for (const c of all) {
  Suite(`canonicalRequest :: ${c.name} (canonical request, string to sign, authorization)`, async () => {
    const r = parseReq(c.req);
    const hash = toHex(sha256Sync(r.body));
    const creq = canonicalRequest(r.method, { pathname: r.path, search: r.query }, r.headers, hash);
    assert.is(creq, c.creq, 'canonical request');
    const sts = await stringToSign('20150830T123600Z', SUITE_SCOPE, creq);
    assert.is(sts, c.sts, 'string to sign');
    const sig = await signature(await signingKey(SUITE_CREDS.secretAccessKey, '20150830', 'us-east-1', 'service'), sts);
    const signed = canonicalHeaders(r.headers).signed;
    assert.is(`AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/${SUITE_SCOPE}, SignedHeaders=${signed}, Signature=${sig}`, c.authz, 'authorization');
  });
}
Suite.run();

/** Suite paths `fetch` sends as written (anything else goes out percent-encoded and is double-encoded by design). */
const wireSafe = (path: string): boolean => /^[A-Za-z0-9\-._~/]*$/.test(path);
/** A header name given twice: fetch sends it as one `a, b` line, not as the suite's separate lines. */
const repeated = (headers: Array<[string, string]>): boolean => new Set(headers.map(([n]) => n.toLowerCase())).size !== headers.length;

const Sign = suite('sign');
for (const c of all) {
  const r = parseReq(c.req);
  if (r.multiline || repeated(r.headers) || !wireSafe(r.path)) continue;
  Sign(`sign :: ${c.name}`, async () => {
    const headers = r.headers.filter(([n]) => !/^(host|x-amz-date|x-amz-security-token)$/i.test(n));
    const host = r.headers.find(([n]) => n.toLowerCase() === 'host')![1];
    const token = r.headers.find(([n]) => n.toLowerCase() === 'x-amz-security-token')?.[1];
    const credentials = token ? { ...SUITE_CREDS, sessionToken: token } : SUITE_CREDS;
    const out = await sign(
      { method: r.method, url: `https://${host}${r.path}${r.query}`, headers, body: r.body || undefined },
      { region: 'us-east-1', service: 'service', credentials, date: SUITE_DATE },
    );
    assert.is(out.get('authorization'), c.authz);
    assert.is(out.get('x-amz-date'), '20150830T123600Z');
    assert.is(out.get('host'), null, 'host is signed but left to fetch');
    assert.is(out.get('x-amz-security-token'), token ?? null);
  });
}
Sign('sign :: a repeated header is signed as the single "a, b" line fetch sends', async () => {
  const o = { region: 'us-east-1', service: 'service', credentials: SUITE_CREDS, date: SUITE_DATE };
  const out = await sign({ method: 'GET', url: 'https://example.amazonaws.com/', headers: [['My-Header1', 'value4 '], ['my-header1', '  value1'], ['X-Other', 'x']] }, o);
  assert.is(out.get('my-header1'), 'value4, value1');
  const single = await sign({ method: 'GET', url: 'https://example.amazonaws.com/', headers: { 'my-header1': 'value4, value1', 'x-other': 'x' } }, o);
  assert.is(out.get('authorization'), single.get('authorization'));
  const fromHeaders = await sign({ method: 'GET', url: 'https://example.amazonaws.com/', headers: out }, o);
  assert.is(fromHeaders.get('authorization'), single.get('authorization'));
});
Sign('sign :: post-sts-header-after (token sent but not signed) equals the unsigned-token signature', async () => {
  const c = all.find((x) => x.name === 'post-sts-header-after')!;
  const out = await sign({ method: 'POST', url: 'https://example.amazonaws.com/' }, { region: 'us-east-1', service: 'service', credentials: SUITE_CREDS, date: SUITE_DATE });
  assert.is(out.get('authorization'), c.authz);
});

type Vector = { url: string; method?: string; headers: Record<string, string>; body?: string; botocore_debug_log?: string };
const BEDROCK_CREDS: Credentials = { accessKeyId: botocore._inputs.access_key, secretAccessKey: botocore._inputs.secret_key };
const BEDROCK_DATE = new Date(botocore._inputs.fixed_time);
/** Headers botocore signs: its own request minus what it adds after signing (SDK ids, Content-Length) or replaces. */
const callerHeaders = (v: Vector): Record<string, string> =>
  Object.fromEntries(Object.entries(v.headers).filter(([k]) => !/^(x-amz-date|authorization|amz-sdk-.*|content-length)$/i.test(k)));
for (const name of ['plain-id', 'arn', 'stream-request'] as const) {
  Sign(`sign :: botocore Bedrock request ${name}`, async () => {
    const v = botocore[name] as Vector;
    const body = v.body ?? (botocore['plain-id'] as Vector).body!;
    const out = await sign({ method: 'POST', url: v.url, headers: callerHeaders(v), body }, { region: 'us-east-1', service: 'bedrock', credentials: BEDROCK_CREDS, date: BEDROCK_DATE });
    assert.is(out.get('authorization'), v.headers.Authorization);
    assert.is(out.get('x-amz-date'), v.headers['X-Amz-Date']);
    assert.is(out.get('content-type'), 'application/json');
    const log = v.botocore_debug_log;
    if (!log) return;
    const creqText = log.slice(log.indexOf('CanonicalRequest:\n') + 18, log.indexOf('\nStringToSign:'));
    const stsText = log.slice(log.indexOf('StringToSign:\n') + 14, log.indexOf('\nSignature:'));
    const signedNames = parseAuthorization(v.headers.Authorization!)!.signedHeaders;
    const url = new URL(v.url);
    const headers = signedNames.map((n): [string, string] => [n, n === 'host' ? url.host : out.get(n)!]);
    const creq = canonicalRequest('POST', url, headers, toHex(sha256Sync(body)));
    assert.is(creq, creqText, 'canonical request');
    assert.is(await stringToSign(v.headers['X-Amz-Date']!, credentialScope('20250102', 'us-east-1', 'bedrock'), creq), stsText, 'string to sign');
  });
}
Sign('sign :: model id ":" and ARN "/" are double-encoded in the canonical URI', () => {
  assert.is(canonicalUri(new URL('https://h/model/a%3A0/invoke').pathname), '/model/a%253A0/invoke');
  assert.is(canonicalUri('/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A1%3Ainference-profile%2Fx/converse'), '/model/arn%253Aaws%253Abedrock%253Aus-east-1%253A1%253Ainference-profile%252Fx/converse');
});
Sign('sign :: keeps caller headers, replaces authorization and x-amz-date, no x-amz-content-sha256 unless given', async () => {
  const out = await sign(
    { method: 'post', url: 'https://h.example/p', headers: [['X-Custom', ' a  b '], ['Authorization', 'Bearer old'], ['X-Amz-Date', '1999']], body: 'x' },
    { region: 'us-east-1', service: 'bedrock', credentials: SUITE_CREDS, date: SUITE_DATE },
  );
  assert.is(out.get('x-custom'), 'a  b');
  assert.ok(out.get('authorization')!.startsWith('AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/bedrock/aws4_request, SignedHeaders=host;x-amz-date;x-custom, Signature='));
  assert.is(out.get('x-amz-date'), '20150830T123600Z');
  assert.is(out.get('x-amz-content-sha256'), null);
});
Sign('sign :: a caller x-amz-content-sha256 header is signed and used as the payload hash', async () => {
  const base = { method: 'PUT', url: 'https://h.example/o', body: 'ignored' } as const;
  const opts = { region: 'us-east-1', service: 's3x', credentials: SUITE_CREDS, date: SUITE_DATE };
  const ours = await sign({ ...base, headers: { 'x-amz-content-sha256': UNSIGNED_PAYLOAD } }, opts);
  const smithy = await new SignatureV4({ credentials: SUITE_CREDS, region: 'us-east-1', service: 's3x', sha256: Sha256, applyChecksum: false })
    .sign({ method: 'PUT', protocol: 'https:', hostname: 'h.example', path: '/o', query: {}, headers: { host: 'h.example', 'x-amz-content-sha256': UNSIGNED_PAYLOAD }, body: 'ignored' }, { signingDate: SUITE_DATE });
  assert.is(ours.get('authorization'), smithy.headers.authorization);
});
Sign('sign :: payloadHash option replaces the body hash (header not added)', async () => {
  const opts = { region: 'us-east-1', service: 'bedrock', credentials: SUITE_CREDS, date: SUITE_DATE };
  const a = await sign({ method: 'POST', url: 'https://h.example/', body: 'abc' }, opts);
  const b = await sign({ method: 'POST', url: 'https://h.example/' }, { ...opts, payloadHash: toHex(sha256Sync('abc')) });
  assert.is(a.get('authorization'), b.get('authorization'));
  assert.is(b.get('x-amz-content-sha256'), null);
  const c = await sign({ method: 'POST', url: 'https://h.example/', body: new TextEncoder().encode('abc') }, opts);
  assert.is(c.get('authorization'), a.get('authorization'));
});
Sign('sign :: clockOffset shifts the signing time', async () => {
  const out = await sign({ method: 'GET', url: 'https://h.example/' }, { region: 'r', service: 's', credentials: SUITE_CREDS, date: SUITE_DATE, clockOffset: 90_000 });
  assert.is(out.get('x-amz-date'), '20150830T123730Z');
  const now = await sign({ method: 'GET', url: 'https://h.example/' }, { region: 'r', service: 's', credentials: SUITE_CREDS, clockOffset: -86_400_000 });
  const day = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  assert.is(now.get('x-amz-date')!.slice(0, 8), day);
});
Sign('sign :: the method is signed as fetch sends it (standard methods upper-cased, others as given)', async () => {
  const smithy = new SignatureV4({ credentials: SUITE_CREDS, region: 'r', service: 's', sha256: Sha256, applyChecksum: false });
  for (const [given, sent] of [['post', 'POST'], ['Get', 'GET'], ['patch', 'patch'], ['PATCH', 'PATCH']]) {
    const ours = await sign({ method: given!, url: 'https://h.example/' }, { region: 'r', service: 's', credentials: SUITE_CREDS, date: SUITE_DATE });
    const theirs = await smithy.sign({ method: sent!, protocol: 'https:', hostname: 'h.example', path: '/', query: {}, headers: { host: 'h.example' } }, { signingDate: SUITE_DATE });
    assert.is(ours.get('authorization'), theirs.headers.authorization, given);
  }
});
Sign('sign :: session token is sent and signed', async () => {
  const out = await sign({ method: 'GET', url: 'https://h.example/' }, { region: 'r', service: 's', credentials: { ...SUITE_CREDS, sessionToken: 'tok' }, date: SUITE_DATE });
  assert.is(out.get('x-amz-security-token'), 'tok');
  assert.match(out.get('authorization')!, /SignedHeaders=host;x-amz-date;x-amz-security-token,/);
});
Sign('sign :: Headers instance input and caller host header', async () => {
  const h = new Headers({ 'content-type': 'a/b', host: 'other.example' });
  const out = await sign({ method: 'GET', url: 'https://h.example/', headers: h }, { region: 'r', service: 's', credentials: SUITE_CREDS, date: SUITE_DATE });
  const expect = await sign({ method: 'GET', url: 'https://other.example/', headers: { 'content-type': 'a/b' } }, { region: 'r', service: 's', credentials: SUITE_CREDS, date: SUITE_DATE });
  assert.is(out.get('authorization'), expect.get('authorization'));
});
Sign('sign :: unsignable headers are sent but not signed', async () => {
  const out = await sign({ method: 'GET', url: 'https://h.example/', headers: { 'User-Agent': 'x', 'proxy-authorization': 'p', 'sec-fetch-mode': 'cors', expect: '100-continue' } }, { region: 'r', service: 's', credentials: SUITE_CREDS, date: SUITE_DATE });
  assert.match(out.get('authorization')!, /SignedHeaders=host;x-amz-date,/);
  assert.is(out.get('user-agent'), 'x');
});
Sign('sign :: large bodies go through crypto.subtle and still match smithy', async () => {
  const body = 'é'.repeat(300_000);
  const out = await sign({ method: 'POST', url: 'https://h.example/x', body }, { region: 'r', service: 's', credentials: SUITE_CREDS, date: SUITE_DATE });
  const smithy = await new SignatureV4({ credentials: SUITE_CREDS, region: 'r', service: 's', sha256: Sha256, applyChecksum: false })
    .sign({ method: 'POST', protocol: 'https:', hostname: 'h.example', path: '/x', query: {}, headers: { host: 'h.example' }, body }, { signingDate: SUITE_DATE });
  assert.is(out.get('authorization'), smithy.headers.authorization);
});

const SECRET = 'SUPERSECRETsecretSECRETvalue0123456789abc';
const rejects = async (p: Promise<unknown>, field?: string): Promise<void> => {
  try { await p; } catch (e) {
    assert.instance(e, ValidationError);
    assert.not.ok(String((e as Error).message).includes(SECRET), 'secret in message');
    assert.not.ok(String((e as Error).message).includes('tokenvalue'), 'token in message');
    if (field) assert.is((e as ValidationError).field, field);
    return;
  }
  assert.unreachable('expected a ValidationError');
};
Sign('sign :: CR, LF or NUL in header names or values is a ValidationError without the value', async () => {
  const o = { region: 'r', service: 's', credentials: { accessKeyId: 'AK', secretAccessKey: SECRET }, date: SUITE_DATE };
  for (const bad of [`${SECRET}\r\nx: y`, `a\nb${SECRET}`, `${SECRET}\0`]) {
    await rejects(sign({ method: 'GET', url: 'https://h/', headers: { 'x-v': bad } }, o), 'headers');
    await rejects(sign({ method: 'GET', url: 'https://h/', headers: [['x-v', bad]] }, o), 'headers');
  }
  // A leading or trailing CR or LF too, which `Headers` would drop silently.
  for (const bad of [`${SECRET}\r\n`, `\n${SECRET}`]) await rejects(sign({ method: 'GET', url: 'https://h/', headers: { 'x-v': bad } }, o), 'headers');
  for (const bad of ['x\r\ny', 'a\nb', 'a\0', 'a b', '', 'a:b', 'é']) await rejects(sign({ method: 'GET', url: 'https://h/', headers: [[bad, 'v']] }, o), 'headers');
  await rejects(presign({ method: 'GET', url: 'https://h/', headers: { 'x-v': 'a\r\nb' } }, o), 'headers');
  await rejects(sign({ method: 'GET', url: 'https://h/', headers: { 'x-v': 'ሴ' } }, o), 'headers');
  await rejects(sign({ method: 'GET', url: 'https://h/', headers: [['only-name']] as unknown as HeadersInit }, o), 'headers');
  await rejects(sign({ method: 'GET', url: 'https://h/', headers: [['content-type', 'text/plain'], 'xy'] as unknown as HeadersInit }, o), 'headers');
});
Sign('sign :: invalid options are ValidationErrors that never quote secrets', async () => {
  const req = { method: 'GET', url: 'https://h/' };
  const good = { region: 'r', service: 's', credentials: { accessKeyId: 'AK', secretAccessKey: SECRET }, date: SUITE_DATE };
  await rejects(sign(req, { ...good, credentials: { accessKeyId: 'AK', secretAccessKey: '' } }), 'credentials');
  await rejects(sign(req, { ...good, credentials: undefined as unknown as Credentials }), 'credentials');
  await rejects(sign(req, { ...good, credentials: { accessKeyId: 'A K', secretAccessKey: SECRET } }), 'credentials');
  await rejects(sign(req, { ...good, credentials: { accessKeyId: 'AK', secretAccessKey: SECRET, sessionToken: 'tokenvalue\r\n' } }), 'credentials');
  await rejects(sign(req, { ...good, region: 'us/east' }), 'region');
  await rejects(sign(req, { ...good, service: '' }), 'service');
  await rejects(sign(req, { ...good, date: new Date(NaN) }));
  await rejects(sign({ method: 'GET', url: '/relative' }, good), 'url');
  await rejects(sign({ method: 'POST', url: 'https://h/', body: new ReadableStream() as unknown as string }, good), 'body');
});
Sign('sign :: the method must be an HTTP token: empty, spaced, CR/LF or non-string methods are a ValidationError', async () => {
  const o = { region: 'r', service: 's', credentials: { accessKeyId: 'AK', secretAccessKey: SECRET }, date: SUITE_DATE };
  for (const method of ['', 'GE T', 'GET\r\nx-evil: 1', 'GET\n', 'PÖST', 'a:b', undefined, null, 42] as string[]) {
    await rejects(sign({ method, url: 'https://h/' }, o), 'method');
    await rejects(presign({ method, url: 'https://h/' }, o), 'method');
  }
  try {
    await sign({ method: '', url: 'https://h/' }, o);
  } catch (e) {
    assert.is((e as Error).message, 'expected an HTTP method token, got ""');
  }
  // any token is a method: extension methods sign as smithy signs them
  for (const method of ['PATCH', 'M-SEARCH', 'PROPFIND', 'get']) {
    const ours = await sign({ method, url: 'https://h/p' }, { region: 'r', service: 's', credentials: SUITE_CREDS, date: SUITE_DATE });
    const theirs = await new SignatureV4({ credentials: SUITE_CREDS, region: 'r', service: 's', sha256: Sha256, applyChecksum: false })
      .sign({ method: method === 'get' ? 'GET' : method, protocol: 'https:', hostname: 'h', path: '/p', query: {}, headers: { host: 'h' } }, { signingDate: SUITE_DATE });
    assert.is(ours.get('authorization'), theirs.headers.authorization, method);
  }
});
Sign('sign :: signing-key cache stays bounded and follows a rotated secret', async () => {
  const date = new Date('2025-03-04T05:06:07Z');
  for (let i = 0; i < KEY_CACHE_SIZE + 10; i++) {
    await sign({ method: 'GET', url: 'https://h/' }, { region: `r${i}`, service: 's', credentials: SUITE_CREDS, date });
  }
  assert.ok(keyCacheSize() <= KEY_CACHE_SIZE, `cache has ${keyCacheSize()}`);
  const smithyFor = (secretAccessKey: string) =>
    new SignatureV4({ credentials: { accessKeyId: 'AKROT', secretAccessKey }, region: 'r', service: 's', sha256: Sha256, applyChecksum: false })
      .sign({ method: 'GET', protocol: 'https:', hostname: 'h', path: '/', query: {}, headers: { host: 'h' } }, { signingDate: date });
  for (const secret of ['first-secret', 'second-secret', 'first-secret']) {
    const ours = await sign({ method: 'GET', url: 'https://h/' }, { region: 'r', service: 's', credentials: { accessKeyId: 'AKROT', secretAccessKey: secret }, date });
    assert.is(ours.get('authorization'), (await smithyFor(secret)).headers.authorization, secret);
  }
});
Sign.run();

const Pieces = suite('canonicalUri');
Pieces('canonicalUri :: normalises like the suite and smithy', () => {
  const cases: Array<[string, string]> = [
    ['/', '/'], ['', '/'], ['//', '/'], ['/a/./b/../c/', '/a/c/'], ['/a/..', '/'], ['/a/../..', '/'], ['/.x/..y', '/.x/..y'],
    ['/a b/', '/a%20b/'], ['/%41', '/%2541'], ['/ሴ', '/%E1%88%B4'], ["/!'()*", '/%21%27%28%29%2A'], ['a/b', 'a/b'], ['/-_.~', '/-_.~'],
  ];
  for (const [path, want] of cases) assert.is(canonicalUri(path), want, path);
});
Pieces('canonicalUri :: lone surrogates are a ValidationError', () => {
  assert.throws(() => canonicalUri('/\ud800'), (e: unknown) => e instanceof ValidationError);
});
Pieces('uriEncode :: only unreserved characters stay', () => {
  for (let c = 0; c < 128; c++) {
    const ch = String.fromCharCode(c);
    const want = /[A-Za-z0-9\-._~]/.test(ch) ? ch : '%' + c.toString(16).toUpperCase().padStart(2, '0');
    assert.is(uriEncode(ch), want);
  }
});
Pieces('canonicalQuery :: sorted by key then value, RFC 3986, + is literal, X-Amz-Signature skipped', () => {
  assert.is(canonicalQuery('?b=2&a=3&a=1&c'), 'a=1&a=3&b=2&c=');
  assert.is(canonicalQuery('?a=b+c&sp=%20&x=%7e&st=*'), 'a=b%2Bc&sp=%20&st=%2A&x=~');
  assert.is(canonicalQuery('?X-Amz-Signature=abc&k=v'), 'k=v');
  assert.is(canonicalQuery('?bad=%zz&&e='), 'bad=%25zz&e=');
  assert.is(canonicalQuery('?a-b=1&a=2&a.=3'), 'a=2&a-b=1&a.=3');
  assert.is(canonicalQuery(''), '');
  assert.equal(queryPairs('k=a=b'), [['k', 'a=b']]);
});
Pieces('canonicalHeaders :: lower-case, trimmed, folded, sorted, repeated names joined with ","', () => {
  const r = canonicalHeaders([['B', ' x \t y  '], ['a', 'v'], ['b', 'z'], ['C', '\t']]);
  assert.is(r.text, 'a:v\nb:x y,z\nc:\n');
  assert.is(r.signed, 'a;b;c');
});
Pieces('amzDate :: basic ISO 8601 of a Date or of milliseconds; an invalid time is a ValidationError', () => {
  assert.is(amzDate(new Date('2025-01-02T03:04:05.678Z')), '20250102T030405Z');
  assert.is(amzDate(new Date('1999-12-31T23:59:59Z')), '19991231T235959Z');
  assert.is(amzDate(Date.UTC(2030, 5, 6, 7, 8, 9, 999)), '20300606T070809Z');
  assert.is(amzDate(new Date('2025-01-02T03:04:05.001Z')), '20250102T030405Z');
  for (const bad of [NaN, 8.7e15, Infinity]) assert.throws(() => amzDate(bad), (e: unknown) => e instanceof ValidationError && e.field === 'date');
});
Pieces('canonicalRequest :: the six standard methods are signed upper-cased, as fetch sends them; others as given', () => {
  const url = { pathname: '/', search: '' };
  const first = (m: string) => canonicalRequest(m, url, [['host', 'h']], EMPTY_SHA256).split('\n')[0];
  assert.equal(['get', 'Post', 'delete', 'patch', 'Patch'].map(first), ['GET', 'POST', 'DELETE', 'patch', 'Patch']);
});
Pieces('parseAuthorization :: fields, and undefined when malformed', () => {
  const a = parseAuthorization((botocore['plain-id'] as Vector).headers.Authorization!)!;
  assert.equal([a.accessKeyId, a.date, a.region, a.service, a.signedHeaders.join(';')], ['AKIDEXAMPLE', '20250102', 'us-east-1', 'bedrock', 'accept;content-type;host;x-amz-date']);
  assert.is(parseAuthorization('Bearer x'), undefined);
});
Pieces.run();

/** Seeded xorshift32 PRNG. */
function prng(seed: number) {
  let x = seed | 1;
  const next = (): number => { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; return (x >>> 0) / 4294967296; };
  const int = (n: number): number => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;
  return { next, int, pick };
}
type Rng = ReturnType<typeof prng>;
const CHARS = ['a', 'Z', '0', '-', '_', '.', '~', ' ', '!', '*', "'", '(', ')', ':', '/', '?', '#', '[', ']', '@', '$', '&', '+', ',', ';', '=', '%', 'é', 'ሴ', '😀', '"', '<', '>', '\\', '^', '`', '{', '|', '}'];
const text = (r: Rng, max: number): string => Array.from({ length: r.int(max) }, () => r.pick(CHARS)).join('');
const MODELS = ['anthropic.claude-3-5-sonnet-20241022-v2:0', 'us.anthropic.claude-sonnet-4-20250514-v1:0', 'amazon.nova-pro-v1:0', 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-20250514-v1:0', 'arn:aws:bedrock:eu-west-1:123456789012:provisioned-model/abc123'];
const OPS = ['invoke', 'invoke-with-response-stream', 'converse', 'converse-stream', 'count-tokens'];
const REGIONS = ['us-east-1', 'us-west-2', 'eu-central-1', 'ap-northeast-1'];
const HEADER_NAMES = ['Content-Type', 'accept', 'X-Amzn-Bedrock-Accept', 'x-amzn-bedrock-guardrailidentifier', 'X-Amz-Meta-Note', 'x-amzn-bedrock-trace', 'User-Agent', 'X-Custom-Odd'];
const WS = ['', ' ', '  ', '\t', ' \t '];
const ONE_MB = 'x'.repeat(1 << 20);

interface Generated { url: URL; method: string; headers: Record<string, string>; body: string | Uint8Array | undefined; credentials: Credentials; region: string; service: string; date: Date }

function generate(r: Rng, i: number): Generated {
  const model = r.next() < 0.7 ? r.pick(MODELS) : text(r, 12) || 'm';
  let path = `/model/${encodeURIComponent(model)}/${r.pick(OPS)}`;
  if (r.next() < 0.2) path += '/' + text(r, 8).replace(/[?#%]/g, '');
  if (r.next() < 0.1) path = path.replace('/model/', '/a/./b/../model//');
  const query = Array.from({ length: r.int(4) }, () => {
    const k = r.next() < 0.5 ? r.pick(['a', 'B', 'x-id', 'Action', 'a']) : text(r, 6);
    const enc = (s: string) => (r.next() < 0.7 ? encodeURIComponent(s) : s.replace(/[^A-Za-z0-9\-._~!*'()]/gu, encodeURIComponent));
    return r.next() < 0.1 ? enc(k) : `${enc(k)}=${enc(text(r, 8))}`;
  }).join('&');
  const port = r.next() < 0.1 ? ':8443' : '';
  const url = new URL(`https://bedrock-runtime.${r.pick(REGIONS)}.amazonaws.com${port}${path}${query ? '?' + query : ''}`);
  const headers: Record<string, string> = {};
  for (let n = r.int(5); n > 0; n--) {
    const name = r.pick(HEADER_NAMES);
    if (Object.keys(headers).some((k) => k.toLowerCase() === name.toLowerCase())) continue;
    headers[name] = r.pick(WS) + [text(r, 4), text(r, 4)].join(r.pick(WS)).replace(/[^\x20-\x7e]/g, 'q') + r.pick(WS);
  }
  const size = r.next();
  const body = i % 250 === 7 ? ONE_MB : size < 0.3 ? undefined : size < 0.6 ? JSON.stringify({ prompt: text(r, 1000) }) : size < 0.8 ? new TextEncoder().encode(text(r, 1024)) : '';
  const credentials: Credentials = { accessKeyId: `AKID${r.int(1e6)}`, secretAccessKey: `secret/${r.int(1e9)}+key`, ...(r.next() < 0.5 ? { sessionToken: `IQoJb3JpZ2luX2VjE${r.int(1e9)}//+=` } : {}) };
  const date = new Date(Date.UTC(2015 + r.int(15), r.int(12), 1 + r.int(28), r.int(24), r.int(60), r.int(60)));
  return { url, method: r.pick(['GET', 'POST', 'PUT', 'DELETE']), headers, body, credentials, region: url.hostname.split('.')[1]!, service: r.next() < 0.9 ? 'bedrock' : 'execute-api', date };
}

/** smithy's request shape for a URL: the path as sent and the query decoded (split at the first '='). */
function smithyRequest(g: Generated) {
  const query: Record<string, string | string[]> = {};
  for (const part of g.url.search.slice(1).split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const k = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
    const v = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1));
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return { method: g.method, protocol: 'https:', hostname: g.url.hostname, ...(g.url.port ? { port: Number(g.url.port) } : {}), path: g.url.pathname, query, headers: { ...g.headers, host: g.url.host }, body: g.body };
}

const COUNT = 1000;
const Diff = suite('differential');
Diff(`sign :: matches @smithy/signature-v4 (sha256-js) on ${COUNT} generated requests`, async () => {
  const r = prng(0x5eed);
  let withToken = 0, large = 0, withQuery = 0;
  for (let i = 0; i < COUNT; i++) {
    const g = generate(r, i);
    const smithy = new SignatureV4({ credentials: g.credentials, region: g.region, service: g.service, sha256: Sha256, applyChecksum: false });
    const theirs = await smithy.sign(smithyRequest(g), { signingDate: g.date });
    const ours = await sign({ method: g.method, url: g.url, headers: g.headers, body: g.body }, { region: g.region, service: g.service, credentials: g.credentials, date: g.date });
    assert.is(ours.get('authorization'), theirs.headers.authorization, `request ${i}: ${g.method} ${g.url.href}`);
    assert.is(ours.get('x-amz-security-token'), theirs.headers['x-amz-security-token'] ?? null);
    if (g.credentials.sessionToken) withToken++;
    if (typeof g.body === 'string' && g.body.length === ONE_MB.length) large++;
    if (g.url.search) withQuery++;
  }
  assert.ok(withToken > 300 && large >= 3 && withQuery > 300, `coverage: ${withToken} tokens, ${large} 1 MB bodies, ${withQuery} queries`);
});
Diff(`presign :: signature and query match @smithy/signature-v4 on ${COUNT / 2} generated requests`, async () => {
  const r = prng(0xbeef);
  for (let i = 0; i < COUNT / 2; i++) {
    const g = generate(r, i + 1);
    if (typeof g.body === 'string' && g.body.length === ONE_MB.length) g.body = 'small';
    const expiresIn = 1 + r.int(604800);
    const smithy = new SignatureV4({ credentials: g.credentials, region: g.region, service: g.service, sha256: Sha256, applyChecksum: false });
    const theirs = await smithy.presign(smithyRequest(g), { signingDate: g.date, expiresIn });
    const ours = await presign({ method: g.method, url: g.url, headers: g.headers, body: g.body }, { region: g.region, service: g.service, credentials: g.credentials, date: g.date, expiresIn });
    const mine: Record<string, string | string[]> = {};
    for (const [k, v] of queryPairs(ours.search.replace(/&?X-Amz-Signature=[0-9a-f]+/, ''))) {
      const prev = mine[k];
      mine[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    const { 'X-Amz-Signature': sig, ...rest } = theirs.query as Record<string, string | string[]>;
    assert.is(ours.searchParams.get('X-Amz-Signature'), sig, `request ${i}: ${g.url.href}`);
    const norm = (q: Record<string, string | string[]>) => Object.fromEntries(Object.entries(q).map(([k, v]) => [k, Array.isArray(v) ? [...v].sort() : v]).sort());
    assert.equal(norm(mine), norm(rest));
  }
});
Diff.run();

const Presign = suite('presign');
Presign('presign :: default 900 s, session token in the query, x-amz-* headers hoisted, canonical order', async () => {
  const url = await presign(
    { method: 'GET', url: 'https://h.example/p?z=1&a=2', headers: { 'X-Amz-Meta-A': 'v', 'content-type': 'c' } },
    { region: 'r', service: 's', credentials: { ...SUITE_CREDS, sessionToken: 'a+b/c' }, date: SUITE_DATE },
  );
  const keys = [...url.searchParams.keys()];
  assert.equal(keys, ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-Meta-A', 'X-Amz-Security-Token', 'X-Amz-Signature', 'X-Amz-SignedHeaders', 'a', 'z']);
  assert.is(url.searchParams.get('X-Amz-Expires'), '900');
  assert.is(url.searchParams.get('X-Amz-Security-Token'), 'a+b/c');
  assert.is(url.searchParams.get('X-Amz-SignedHeaders'), 'content-type;host');
});
Presign('presign :: caller copies of the auth parameters are replaced, not duplicated', async () => {
  const o = { region: 'r', service: 's', credentials: SUITE_CREDS, date: SUITE_DATE };
  const clean = await presign({ method: 'GET', url: 'https://h.example/p?a=1' }, o);
  const dirty = await presign({ method: 'GET', url: 'https://h.example/p?a=1&X-Amz-Date=1999&x-amz-expires=5', headers: { 'X-Amz-Date': '2000', Authorization: 'x' } }, o);
  assert.is(dirty.href, clean.href);
});
Presign('presign :: expiresIn outside 1..604800, fractional or not a number is a ValidationError', async () => {
  for (const expiresIn of [0, -1, 604801, 1.5, NaN, '60', ' 60', '1e3'] as number[]) {
    await rejects(presign({ method: 'GET', url: 'https://h/' }, { region: 'r', service: 's', credentials: SUITE_CREDS, expiresIn }), 'expiresIn');
  }
});
Presign.run();

const Verify = suite('verify');
const lookup = (id: string) => (id === SUITE_CREDS.accessKeyId ? SUITE_CREDS : undefined);
const signedRequest = async (body = '{"a":1}') => {
  const url = 'https://bedrock-runtime.us-east-1.amazonaws.com/model/m%3A0/invoke?x=1';
  const headers = await sign({ method: 'POST', url, headers: { 'content-type': 'application/json' }, body }, { region: 'us-east-1', service: 'bedrock', credentials: SUITE_CREDS, date: SUITE_DATE });
  return { method: 'POST', url, headers, body };
};
const denied = async (p: Promise<unknown>, code: string): Promise<void> => {
  try { await p; } catch (e) {
    assert.instance(e, AuthenticationError);
    assert.is((e as AuthenticationError).code, code);
    assert.is((e as AuthenticationError).status, 403);
    return;
  }
  assert.unreachable(`expected ${code}`);
};
Verify('verify :: accepts what sign produced', async () => {
  const auth = await verify(await signedRequest(), { credentials: lookup, now: SUITE_DATE });
  assert.is(auth.service, 'bedrock');
});
Verify('verify :: rejects tampering, unknown keys, skew and missing headers', async () => {
  const req = await signedRequest();
  await denied(verify({ ...req, body: '{"a":2}' }, { credentials: lookup, now: SUITE_DATE }), 'InvalidSignatureException');
  await denied(verify({ ...req, url: req.url + '&y=2' }, { credentials: lookup, now: SUITE_DATE }), 'InvalidSignatureException');
  await denied(verify(req, { credentials: () => undefined, now: SUITE_DATE }), 'UnrecognizedClientException');
  await denied(verify(req, { credentials: lookup, now: new Date(SUITE_DATE.getTime() + 901_000) }), 'InvalidSignatureException');
  await verify(req, { credentials: lookup, now: new Date(SUITE_DATE.getTime() + 899_000) });
  const h = new Headers(req.headers);
  h.delete('authorization');
  await denied(verify({ ...req, headers: h }, { credentials: lookup, now: SUITE_DATE }), 'MissingAuthenticationTokenException');
  const h2 = new Headers(req.headers);
  h2.set('x-amz-date', '20150831T123600Z');
  await denied(verify({ ...req, headers: h2 }, { credentials: lookup, now: SUITE_DATE }), 'IncompleteSignatureException');
  const h3 = new Headers(req.headers);
  h3.set('authorization', 'AWS4-HMAC-SHA256 nonsense');
  await denied(verify({ ...req, headers: h3 }, { credentials: lookup, now: SUITE_DATE }), 'IncompleteSignatureException');
});
Verify('verify :: the empty payload hash constant', () => assert.is(toHex(sha256Sync('')), EMPTY_SHA256));
Verify.run();
