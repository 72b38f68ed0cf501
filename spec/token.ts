import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import botocore from 'vectors:sigv4-vectors.json';
import { fromBase64, fromUtf8, toBase64, utf8 } from '../lib/bytes.ts';
import { AuthenticationError, ValidationError } from '../lib/errors.ts';
import { MAX_TOKEN_EXPIRES, TOKEN_PREFIX, createBedrockToken, parseBedrockToken, verifyBedrockToken } from '../lib/token.ts';
import type { Credentials } from '../lib/types.ts';

const v = botocore['bedrock-api-key'];
const CREDS: Credentials = { accessKeyId: botocore._inputs.access_key, secretAccessKey: botocore._inputs.secret_key };
const DATE = new Date(botocore._inputs.fixed_time);
const decode = (token: string): string => fromUtf8(fromBase64(token.slice(TOKEN_PREFIX.length)));
const params = (s: string): string[] => s.slice(s.indexOf('?') + 1).split('&').sort();

const Create = suite('createBedrockToken');
Create('createBedrockToken :: botocore bedrock-api-key case: same URL parameters, same signature', async () => {
  const token = await createBedrockToken({ credentials: CREDS, region: v.region, expiresIn: v.expires, date: DATE });
  const url = decode(token);
  assert.ok(url.startsWith('bedrock.amazonaws.com/?Action=CallWithBearerToken&'));
  assert.ok(url.endsWith('&Version=1'));
  // botocore writes X-Amz-SignedHeaders before X-Amz-Signature; @aws/bedrock-token-generator (our reference
  // for byte identity, see token.node.ts) sorts the query. Same parameters, same signature.
  assert.equal(params(url), params(v.presigned_url_without_scheme));
  const sig = /X-Amz-Signature=([0-9a-f]{64})/.exec(v.presigned_url_without_scheme)![1]!;
  assert.ok(url.includes(`X-Amz-Signature=${sig}`));
  const reordered = url.replace(/(&X-Amz-Signature=[0-9a-f]{64})(&X-Amz-SignedHeaders=host)/, '$2$1');
  assert.is(reordered, v.presigned_url_without_scheme);
  assert.is(TOKEN_PREFIX + toBase64(utf8(reordered)), v.token);
});
Create('createBedrockToken :: default lifetime is 43200 s; region is in the scope', async () => {
  const token = await createBedrockToken({ credentials: CREDS, region: 'eu-central-1', date: DATE });
  const info = parseBedrockToken(token);
  assert.is(info.expiresAt.getTime() - info.issuedAt.getTime(), MAX_TOKEN_EXPIRES * 1000);
  assert.is(info.region, 'eu-central-1');
  assert.is(info.url.searchParams.get('X-Amz-Credential'), 'AKIDEXAMPLE/20250102/eu-central-1/bedrock/aws4_request');
});
Create('createBedrockToken :: session token goes into the signed query', async () => {
  const token = await createBedrockToken({ credentials: { ...CREDS, sessionToken: 'IQo+/=tok' }, region: 'us-east-1', expiresIn: 60, date: DATE });
  assert.is(parseBedrockToken(token).sessionToken, 'IQo+/=tok');
  assert.ok(decode(token).includes('&X-Amz-Security-Token=IQo%2B%2F%3Dtok&'));
});
Create('createBedrockToken :: expiresIn outside 1..43200 is a ValidationError', async () => {
  for (const expiresIn of [0, -5, 43201, 1.5, NaN]) {
    try {
      await createBedrockToken({ credentials: CREDS, region: 'us-east-1', expiresIn, date: DATE });
      assert.unreachable(`accepted ${expiresIn}`);
    } catch (e) {
      assert.instance(e, ValidationError);
      assert.is((e as ValidationError).field, 'expiresIn');
    }
  }
});
Create('createBedrockToken :: bad credentials are rejected without quoting the secret', async () => {
  try {
    await createBedrockToken({ credentials: { accessKeyId: '', secretAccessKey: 'TOPSECRETVALUE' }, region: 'us-east-1' });
    assert.unreachable();
  } catch (e) {
    assert.instance(e, ValidationError);
    assert.not.ok((e as Error).message.includes('TOPSECRETVALUE'));
  }
});
Create.run();

const Parse = suite('parseBedrockToken');
Parse('parseBedrockToken :: reads the botocore token', () => {
  const info = parseBedrockToken(v.token);
  assert.is(info.accessKeyId, 'AKIDEXAMPLE');
  assert.is(info.region, 'us-west-2');
  assert.is(info.amzDate, '20250102T030405Z');
  assert.is(info.issuedAt.toISOString(), '2025-01-02T03:04:05.000Z');
  assert.is(info.expiresAt.toISOString(), '2025-01-02T15:04:05.000Z');
  assert.is(info.sessionToken, undefined);
  assert.is(info.url.host, 'bedrock.amazonaws.com');
});
Parse('parseBedrockToken :: malformed keys are ValidationErrors that do not quote the key', () => {
  const wrap = (url: string) => TOKEN_PREFIX + toBase64(utf8(url));
  const good = decode(v.token);
  const bad = [
    'Bearer abc', TOKEN_PREFIX + '!!!', TOKEN_PREFIX + toBase64(new Uint8Array([0xff, 0xfe])), wrap('exa mple.com:99999/'),
    wrap(good.replace('bedrock.amazonaws.com', 'evil.example')), wrap(good.replace('CallWithBearerToken', 'Other')),
    wrap(good.replace('X-Amz-Date=20250102T030405Z', 'X-Amz-Date=2025')), wrap(good.replace('%2Fbedrock%2F', '%2Fs3%2F')),
    wrap(good.replace('X-Amz-Expires=43200', 'X-Amz-Expires=43201')), wrap(good.replace(/X-Amz-Signature=[0-9a-f]+/, 'X-Amz-Signature=zz')),
  ];
  for (const token of bad) {
    assert.throws(() => parseBedrockToken(token), (e: unknown) => e instanceof ValidationError && (token.length < 20 || !(e as Error).message.includes(token.slice(16, 40))), token.slice(0, 40));
  }
});
Parse.run();

const Verify = suite('verifyBedrockToken');
const lookup = (id: string) => (id === CREDS.accessKeyId ? CREDS : undefined);
const denied = async (p: Promise<unknown>, what: RegExp): Promise<void> => {
  try { await p; } catch (e) {
    assert.instance(e, AuthenticationError);
    assert.is((e as AuthenticationError).status, 403);
    assert.match((e as Error).message, what);
    assert.not.ok((e as Error).message.includes(CREDS.secretAccessKey));
    return;
  }
  assert.unreachable('expected an AuthenticationError');
};
Verify('verifyBedrockToken :: accepts the botocore token and our own, with and without session tokens', async () => {
  assert.is((await verifyBedrockToken(v.token, lookup, { now: DATE, region: 'us-west-2' })).accessKeyId, 'AKIDEXAMPLE');
  const mine = await createBedrockToken({ credentials: CREDS, region: 'us-west-2', date: DATE });
  await verifyBedrockToken(mine, lookup, { now: new Date(DATE.getTime() + 3600_000) });
  const session = { ...CREDS, sessionToken: 'sess/+=' };
  const withToken = await createBedrockToken({ credentials: session, region: 'us-west-2', expiresIn: 900, date: DATE });
  await verifyBedrockToken(withToken, () => session, { now: DATE });
});
Verify('verifyBedrockToken :: rejects expired, future, unknown, wrong secret, wrong session token, wrong region, tampered', async () => {
  const token = await createBedrockToken({ credentials: CREDS, region: 'us-west-2', expiresIn: 600, date: DATE });
  await denied(verifyBedrockToken(token, lookup, { now: new Date(DATE.getTime() + 601_000) }), /expired/);
  await denied(verifyBedrockToken(token, lookup, { now: new Date(DATE.getTime() - 3600_000) }), /not valid before/);
  await denied(verifyBedrockToken(token, () => undefined, { now: DATE }), /unknown access key/);
  await denied(verifyBedrockToken(token, () => ({ ...CREDS, secretAccessKey: 'other' }), { now: DATE }), /signature does not match/);
  await denied(verifyBedrockToken(token, () => ({ ...CREDS, sessionToken: 's' }), { now: DATE }), /session token/);
  await denied(verifyBedrockToken(token, lookup, { now: DATE, region: 'us-east-1' }), /region/);
  const tampered = TOKEN_PREFIX + toBase64(utf8(decode(token).replace('X-Amz-Expires=600', 'X-Amz-Expires=6000')));
  await denied(verifyBedrockToken(tampered, lookup, { now: DATE }), /signature does not match/);
  await denied(verifyBedrockToken('bedrock-api-key-xyz', lookup, { now: DATE }), /malformed/);
});
Verify.run();
