/**
 * Emulator authentication: verifies SigV4 `Authorization` headers and bearer API keys (static or minted
 * `bedrock-api-key-…` presigned URLs) as bedrock-runtime does, with AWS's error types and messages.
 * @module
 */
import { ALGORITHM, canonicalRequest, signature, signingKey, stringToSign } from './sigv4.ts';
import { sha256 } from './sha256.ts';
import { toHex } from './bytes.ts';
import { TOKEN_PREFIX, verifyBedrockToken } from './token.ts';
import type { Credentials } from './types.ts';
import { amzDate, AwsFault, parseAmzDate } from './emulator-wire.ts';

/** AWS accepts a signature date within this many ms of its clock. */
export const MAX_SKEW_MS: number = 15 * 60_000;

/** Who made an accepted request. */
export interface Caller { auth: 'sigv4' | 'bearer'; keyId?: string }

/** What the verifier needs to know. */
export interface AuthContext {
  credentials: Credentials[];
  apiKeys: string[];
  region: string;
  service: string;
  /** The emulator's clock, ms. */
  now: number;
}

const forbidden = (type: string, message: string): AwsFault => new AwsFault(403, type, message);
const badSignature = (): AwsFault =>
  forbidden('InvalidSignatureException', 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.');
const badToken = (): AwsFault => forbidden('UnrecognizedClientException', 'The security token included in the request is invalid.');
const badApiKey = (): AwsFault => new AwsFault(403, 'AccessDeniedException', 'Authentication failed: Please make sure your API Key is valid.', 'Message');

/** Compares two strings in time independent of where they differ. */
function same(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** `Credential=…, SignedHeaders=…, Signature=…` → fields; IncompleteSignatureException naming what is missing. */
function parseAuthorization(value: string): { credential: string; signedHeaders: string[]; signature: string } {
  const fields = new Map<string, string>();
  for (const part of value.slice(ALGORITHM.length).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const missing = ['Credential', 'Signature', 'SignedHeaders'].filter((k) => !fields.get(k));
  if (missing.length) {
    throw forbidden('IncompleteSignatureException', missing.map((k) => `Authorization header requires '${k}' parameter.`).join(' '));
  }
  return { credential: fields.get('Credential')!, signedHeaders: fields.get('SignedHeaders')!.split(';'), signature: fields.get('Signature')! };
}

/** Checks the credential scope (`keyId/date/region/service/aws4_request`) against the emulator. */
function checkScope(scope: string[], date: string, ctx: AuthContext): Credentials {
  const [keyId = '', day = '', region = '', service = '', terminator = ''] = scope;
  if (terminator !== 'aws4_request') throw forbidden('IncompleteSignatureException', `Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'. `);
  const pair = ctx.credentials.find((c) => c.accessKeyId === keyId);
  if (!pair) throw badToken();
  if (day !== date.slice(0, 8)) {
    throw forbidden('InvalidSignatureException', `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${day}' != '${date.slice(0, 8)}', from '${date}'.`);
  }
  if (region !== ctx.region) throw forbidden('InvalidSignatureException', 'Credential should be scoped to a valid region. ');
  if (service !== ctx.service) throw forbidden('InvalidSignatureException', `Credential should be scoped to correct service: '${ctx.service}'. `);
  return pair;
}

/** Rejects a signature date more than 15 minutes from the emulator's clock, with AWS's wording. */
function checkTime(date: string, now: number): void {
  const at = parseAmzDate(date);
  if (Number.isNaN(at)) throw forbidden('IncompleteSignatureException', `Date must be in ISO-8601 'basic format'. Got '${date}'.`);
  if (at < now - MAX_SKEW_MS) {
    throw forbidden('InvalidSignatureException', `Signature expired: ${date} is now earlier than ${amzDate(now - MAX_SKEW_MS)} (${amzDate(now)} - 15 min.)`);
  }
  if (at > now + MAX_SKEW_MS) {
    throw forbidden('InvalidSignatureException', `Signature not yet current: ${date} is still later than ${amzDate(now + MAX_SKEW_MS)} (${amzDate(now)} + 15 min.)`);
  }
}

/** The signature for a canonical request, with the key pair and scope given. */
async function signatureFor(creq: string, date: string, scope: string[], secret: string): Promise<string> {
  const [, day = '', region = '', service = ''] = scope;
  const key = await signingKey(secret, day, region, service);
  return signature(key, await stringToSign(date, scope.slice(1).join('/'), creq));
}

/** Session token rule: a pair with a token requires it; a pair without one rejects any. */
function checkSessionToken(pair: Credentials, sent: string | null): void {
  if ((pair.sessionToken ?? null) === null ? sent !== null : sent === null || !same(sent, pair.sessionToken!)) throw badToken();
}

/** Verifies a SigV4-signed request (header auth) exactly as AWS recomputes it. */
async function verifySigV4(request: Request, url: URL, body: Uint8Array, value: string, ctx: AuthContext): Promise<Caller> {
  const { credential, signedHeaders, signature: given } = parseAuthorization(value);
  if (!signedHeaders.includes('host') && !signedHeaders.includes(':authority')) throw forbidden('IncompleteSignatureException', "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  const date = request.headers.get('x-amz-date');
  if (date === null) throw forbidden('IncompleteSignatureException', "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  if (!signedHeaders.includes('x-amz-date')) throw forbidden('IncompleteSignatureException', "'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.");
  const scope = credential.split('/');
  const pair = checkScope(scope, date, ctx);
  checkTime(date, ctx.now);
  const headers = signedHeaders.map((name): [string, string] => [name, name === ':authority' ? url.host : request.headers.get(name) ?? (name === 'host' ? url.host : '')]);
  const creq = canonicalRequest(request.method, url, headers, toHex(await sha256(body)));
  if (!same(await signatureFor(creq, date, scope, pair.secretAccessKey), given)) throw badSignature();
  checkSessionToken(pair, request.headers.get('x-amz-security-token'));
  return { auth: 'sigv4', keyId: pair.accessKeyId };
}

/** Verifies a minted `bedrock-api-key-…` (presigned `CallWithBearerToken` URL, scope region, expiry). */
async function verifyMintedKey(token: string, ctx: AuthContext): Promise<Caller> {
  const lookup = (id: string): Credentials | undefined => ctx.credentials.find((c) => c.accessKeyId === id);
  try {
    const info = await verifyBedrockToken(token, lookup, { now: new Date(ctx.now), region: ctx.region });
    return { auth: 'bearer', keyId: info.accessKeyId };
  } catch {
    throw badApiKey();
  }
}

/**
 * Authenticates a request: `Authorization: AWS4-HMAC-SHA256 …` (SigV4, body hashed as received) or
 * `Authorization: Bearer <key>` (a key from `apiKeys` or a minted `bedrock-api-key-…` signed by an accepted
 * pair, unexpired). Throws the `AwsFault` Bedrock would answer with.
 */
export async function authenticate(request: Request, url: URL, body: Uint8Array, ctx: AuthContext): Promise<Caller> {
  const value = request.headers.get('authorization');
  if (value === null || !value.trim()) throw forbidden('MissingAuthenticationTokenException', 'Missing Authentication Token');
  if (/^bearer /i.test(value)) {
    const key = value.slice(7).trim();
    if (ctx.apiKeys.some((k) => same(k, key))) return { auth: 'bearer' };
    if (key.startsWith(TOKEN_PREFIX)) return verifyMintedKey(key, ctx);
    throw badApiKey();
  }
  if (!value.startsWith(ALGORITHM + ' ')) throw forbidden('IncompleteSignatureException', `Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter.`);
  return verifySigV4(request, url, body, value, ctx);
}
