/**
 * Short-term Bedrock API keys: a presigned `POST https://bedrock.amazonaws.com/?Action=CallWithBearerToken`
 * URL without its scheme, `&Version=1` appended, base64-encoded and prefixed with `bedrock-api-key-`.
 * Byte-identical to `@aws/bedrock-token-generator` for the same credentials and clock.
 * @module
 */
import { AuthenticationError, ValidationError } from './errors.ts';
import { fromBase64, fromUtf8, toBase64, utf8 } from './bytes.ts';
import { ALGORITHM, EMPTY_SHA256, canonicalRequest, credentialScope, presign, signature, signingKey, stringToSign } from './sigv4.ts';
import type { Credentials } from './types.ts';

/** Prefix of every minted key. */
export const TOKEN_PREFIX = 'bedrock-api-key-';
/** Longest (and default) key lifetime in seconds: 12 hours. */
export const MAX_TOKEN_EXPIRES = 43200;
/** Host and signing name the key is presigned for. */
export const TOKEN_HOST = 'bedrock.amazonaws.com';
const SERVICE = 'bedrock';
const ACTION = 'CallWithBearerToken';
const VERSION = '&Version=1';

/** Options of `createBedrockToken`. */
export interface BedrockTokenOptions {
  credentials: Credentials;
  region: string;
  /** Lifetime in seconds, 1..43200 (default 43200). */
  expiresIn?: number;
  /** Signing time (default now). */
  date?: Date;
}

/** Mints a short-term Bedrock API key (`bedrock-api-key-…`), sent as `Authorization: Bearer <key>`. */
export async function createBedrockToken(options: BedrockTokenOptions): Promise<string> {
  const expiresIn = options.expiresIn ?? MAX_TOKEN_EXPIRES;
  if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > MAX_TOKEN_EXPIRES)
    throw new ValidationError(`expected expiresIn to be a whole number of seconds in 1..${MAX_TOKEN_EXPIRES}, got ${expiresIn}`, { field: 'expiresIn' });
  const url = await presign(
    { method: 'POST', url: `https://${TOKEN_HOST}/?Action=${ACTION}` },
    { credentials: options.credentials, region: options.region, service: SERVICE, expiresIn, ...(options.date ? { date: options.date } : {}) },
  );
  return TOKEN_PREFIX + toBase64(utf8(url.href.slice('https://'.length) + VERSION));
}

/** What a minted key says about itself (nothing here is checked; see `verifyBedrockToken`). */
export interface BedrockTokenInfo {
  /** The presigned URL (`https://` restored, `Version` still in the query). */
  url: URL;
  accessKeyId: string;
  region: string;
  /** `X-Amz-Date` of the signature. */
  amzDate: string;
  issuedAt: Date;
  expiresAt: Date;
  sessionToken?: string;
}

const malformed = (what: string): ValidationError => new ValidationError(`expected a bedrock-api-key-… token, ${what}`, { field: 'apiKey' });

/** Decodes a minted key; throws `ValidationError` (never quoting the key) when it is not one. */
export function parseBedrockToken(token: string): BedrockTokenInfo {
  if (!token.startsWith(TOKEN_PREFIX)) throw malformed(`got a string without the "${TOKEN_PREFIX}" prefix`);
  let text: string;
  try {
    text = fromUtf8(fromBase64(token.slice(TOKEN_PREFIX.length)));
  } catch {
    throw malformed('got one whose body is not base64 UTF-8');
  }
  let url: URL;
  try {
    url = new URL('https://' + text);
  } catch {
    throw malformed('got one that holds no URL');
  }
  const q = url.searchParams;
  const [accessKeyId = '', day = '', region = '', service = '', terminator = ''] = (q.get('X-Amz-Credential') ?? '').split('/');
  const amzDate = q.get('X-Amz-Date') ?? '';
  const expires = Number(q.get('X-Amz-Expires'));
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (url.host !== TOKEN_HOST || url.pathname !== '/' || q.get('Action') !== ACTION || q.get('X-Amz-Algorithm') !== ALGORITHM)
    throw malformed(`got one that is not a presigned ${ACTION} URL for ${TOKEN_HOST}`);
  if (!m || !accessKeyId || day !== amzDate.slice(0, 8) || service !== SERVICE || terminator !== 'aws4_request' || !region)
    throw malformed('got one with a malformed credential scope or date');
  if (!Number.isInteger(expires) || expires < 1 || expires > MAX_TOKEN_EXPIRES || !/^[0-9a-f]{64}$/.test(q.get('X-Amz-Signature') ?? ''))
    throw malformed('got one with a malformed expiry or signature');
  const issued = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  const session = q.get('X-Amz-Security-Token');
  return {
    url, accessKeyId, region, amzDate, issuedAt: new Date(issued), expiresAt: new Date(issued + expires * 1000),
    ...(session === null ? {} : { sessionToken: session }),
  };
}

/**
 * Verifies a minted key against the credentials of its access key id (for servers and emulators):
 * recomputes the presigned signature and checks the session token and expiry. Resolves to the parsed
 * key; rejects with `AuthenticationError` otherwise.
 */
export async function verifyBedrockToken(
  token: string,
  credentials: (accessKeyId: string) => Credentials | undefined | Promise<Credentials | undefined>,
  options: { now?: Date; region?: string } = {},
): Promise<BedrockTokenInfo> {
  let info: BedrockTokenInfo;
  try {
    info = parseBedrockToken(token);
  } catch (cause) {
    throw new AuthenticationError('malformed Bedrock API key', { code: 'AccessDeniedException', status: 403, cause });
  }
  const denied = (why: string): AuthenticationError => new AuthenticationError(why, { code: 'AccessDeniedException', status: 403 });
  const creds = await credentials(info.accessKeyId);
  if (!creds) throw denied('unknown access key id in Bedrock API key');
  if (options.region !== undefined && options.region !== info.region) throw denied(`Bedrock API key is scoped to another region than ${options.region}`);
  if ((creds.sessionToken ?? undefined) !== info.sessionToken) throw denied('Bedrock API key session token does not match');
  const now = (options.now ?? new Date()).getTime();
  if (now > info.expiresAt.getTime()) throw denied(`Bedrock API key expired at ${info.expiresAt.toISOString()}`);
  if (now < info.issuedAt.getTime() - 15 * 60_000) throw denied(`Bedrock API key is not valid before ${info.issuedAt.toISOString()}`);
  const search = info.url.search.replace(/&Version=1$/, '');
  const creq = canonicalRequest('POST', { pathname: '/', search }, [['host', TOKEN_HOST]], EMPTY_SHA256);
  const day = info.amzDate.slice(0, 8);
  const sts = await stringToSign(info.amzDate, credentialScope(day, info.region, SERVICE), creq);
  const expected = await signature(await signingKey(creds.secretAccessKey, day, info.region, SERVICE), sts);
  const given = info.url.searchParams.get('X-Amz-Signature') ?? '';
  let diff = expected.length ^ given.length;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ given.charCodeAt(i);
  if (diff !== 0) throw denied('Bedrock API key signature does not match');
  return info;
}
