/**
 * Credential providers: static, environment, ECS/EKS container endpoint, EC2 IMDSv2, web identity (STS),
 * shared `credentials`/`config` files (profiles, assume-role chains signed with our SigV4 signer,
 * `credential_process`, IAM Identity Center / SSO profiles from the AWS CLI's token cache), the default chain in the AWS SDK order, and memoization with refresh ahead of expiry.
 * A provider is `() => Promise<Credentials>`. Runtime access (environment, files, processes) goes through
 * `runtime.ts`; network access through `fetch`.
 * @module
 */
import type { Credentials, CredentialProvider } from './types.ts';
import type { ErrorFields } from './errors.ts';
import { AuthenticationError, ProviderError, TimeoutError, ValidationError } from './errors.ts';
import { sign } from './sigv4.ts';
import { toHex, utf8 } from './bytes.ts';
import { memoize, short, validateCredentials } from './memoize.ts';
import { CONTROL, isLoopback } from './check.ts';
import type { MemoizedProvider } from './memoize.ts';

export { REFRESH_BEFORE, memoize, validateCredentials } from './memoize.ts';
export type { MemoizeOptions, MemoizedProvider } from './memoize.ts';
import { canReadFiles, env as runtimeEnv, homeDir, mayConnect, readTextFile, runProcess, runtimeName } from './runtime.ts';

type Env = Record<string, string | undefined>;

/** Options of the network providers: a `fetch`, an endpoint (specs point it at a loopback fake), a timeout, an environment. */
export interface NetworkOptions {
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** Base URL replacing the provider's well-known one. */
  endpoint?: string;
  /** Milliseconds per HTTP call. */
  timeout?: number;
  /** Environment variables to read instead of the runtime's. */
  env?: Env;
}

/** Options of `fromWebIdentity`; unset fields come from `AWS_*` variables. */
export interface WebIdentityOptions extends NetworkOptions {
  roleArn?: string;
  roleSessionName?: string;
  webIdentityTokenFile?: string;
  /** The OIDC token itself, or an async getter called on each refresh (instead of a token file). */
  webIdentityToken?: string | (() => Promise<string>);
  /** Region of the STS endpoint (default `AWS_REGION`, `AWS_DEFAULT_REGION`, `us-east-1`). */
  region?: string;
  durationSeconds?: number;
}

/** Options of `fromIni`. `endpoint` is the STS endpoint used for `role_arn` profiles. */
export interface IniOptions extends NetworkOptions {
  /** Profile name (default `AWS_PROFILE`, then `default`). */
  profile?: string;
  /** Default `AWS_SHARED_CREDENTIALS_FILE`, then `~/.aws/credentials`. */
  credentialsFile?: string;
  /** Default `AWS_CONFIG_FILE`, then `~/.aws/config`. */
  configFile?: string;
  /** STS region for `role_arn` profiles (default the profile's `region`, `AWS_REGION`, `us-east-1`). */
  region?: string;
  /**
   * Base URL replacing the IAM Identity Center portal `https://portal.sso.{sso_region}.amazonaws.com` of SSO
   * profiles (GetRoleCredentials); https, or http on a loopback host only (it receives the access token).
   */
  ssoEndpoint?: string;
}

/** Options of `defaultChain` and `resolveCredentials`. */
export interface ChainOptions {
  env?: Env;
  fetch?: typeof fetch;
  profile?: string;
  region?: string;
  /** STS endpoint (web identity, assume role). */
  stsEndpoint?: string;
  /** IAM Identity Center portal of SSO profiles (https, or http on loopback). */
  ssoEndpoint?: string;
  /** Replaces `http://169.254.170.2` for `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`. */
  containerEndpoint?: string;
  /** IMDS base URL (default `AWS_EC2_METADATA_SERVICE_ENDPOINT`, then `http://169.254.169.254`). */
  imdsEndpoint?: string;
}

/** Error code of "this source is not configured here": the chain moves on to the next source. */
export const NOT_FOUND = 'CredentialsNotFound';
/** ECS task role endpoint host, prefixed to `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`. */
export const CONTAINER_ENDPOINT = 'http://169.254.170.2';
/** EC2 instance metadata endpoint (IPv4). */
export const IMDS_ENDPOINT = 'http://169.254.169.254';
/** EC2 instance metadata endpoint (IPv6). */
export const IMDS_ENDPOINT_IPV6 = 'http://[fd00:ec2::254]';
/** Lifetime asked for an IMDSv2 session token, seconds. */
export const IMDS_TOKEN_TTL = 21600;
/** STS Query API version. */
export const STS_VERSION = '2011-06-15';

const PREFIX = 'authentication failed for provider "bedrock": ';
const CONTAINER_HOSTS = new Set(['169.254.170.2', '169.254.170.23', '[fd00:ec2::23]']);

const notFound = (detail: string): AuthenticationError => new AuthenticationError(detail, { code: NOT_FOUND });
const failed = (detail: string, fields: ErrorFields = {}): AuthenticationError =>
  new AuthenticationError(detail, { code: 'CredentialsProviderError', ...fields });
const isNotFound = (error: unknown): boolean => (error as ProviderError | undefined)?.code === NOT_FOUND;
const detailOf = (error: unknown): string => {
  const m = error instanceof Error ? error.message : String(error);
  return m.startsWith(PREFIX) ? m.slice(PREFIX.length) : m;
};

/* ------------------------------------------------------------------ static, env, chain (validation and memoize: memoize.ts) */

/** Always the given credentials (validated now; a `ValidationError` is thrown at once when they are malformed). */
export function fromStatic(credentials: Credentials): CredentialProvider {
  const c = validateCredentials(credentials);
  return () => Promise.resolve({ ...c });
}

/**
 * `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, optional `AWS_SESSION_TOKEN` and `AWS_CREDENTIAL_EXPIRATION`,
 * read on each call from `options.env` or the runtime's environment.
 */
export function fromEnv(options: { env?: Env } = {}): CredentialProvider {
  return async () => {
    const e = options.env ?? runtimeEnv();
    const id = e.AWS_ACCESS_KEY_ID, secret = e.AWS_SECRET_ACCESS_KEY;
    if (!id && !secret) throw notFound('env: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set');
    if (!id || !secret) throw notFound(`env: ${id ? 'AWS_SECRET_ACCESS_KEY' : 'AWS_ACCESS_KEY_ID'} is not set (only half of the key pair is)`);
    return validateCredentials({ accessKeyId: id, secretAccessKey: secret, sessionToken: e.AWS_SESSION_TOKEN || undefined, expiration: e.AWS_CREDENTIAL_EXPIRATION || undefined }, 'env');
  };
}

/**
 * Tries each provider in turn. A provider that throws an error with code `CredentialsNotFound` (its source
 * is not configured here) passes to the next one; any other error ends the chain (a configured source that
 * fails must not silently yield another identity). When every source is absent, throws an
 * `AuthenticationError` listing each source and why it was skipped.
 */
export function chain(...providers: CredentialProvider[]): CredentialProvider {
  return async () => {
    const tried: string[] = [];
    for (const provider of providers) {
      try {
        return await provider();
      } catch (error) {
        if (isNotFound(error)) {
          tried.push(detailOf(error));
          continue;
        }
        if (!tried.length && error instanceof AuthenticationError) throw error;
        const p = error as Partial<ProviderError>;
        throw new AuthenticationError(`${detailOf(error)}${tried.length ? ` (skipped before: ${tried.join('; ')})` : ''}`, {
          code: p.code ?? 'CredentialsProviderError', status: p.status, requestId: p.requestId, cause: error,
        });
      }
    }
    throw new AuthenticationError(`no credentials found; tried ${tried.join('; ') || 'no source'}`, { code: NOT_FOUND });
  };
}

/* ------------------------------------------------------------------ HTTP */

interface Answer { status: number; text: string; headers: Headers }

/** Origin of a URL already checked by `checkUrl` (paths may hold ids, so errors name the origin only). */
const origin = (url: string): string => new URL(url).origin;

function checkUrl(url: string, what: string, field = 'endpoint'): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new ValidationError(`${what}: expected an absolute http(s) URL, got ${JSON.stringify(short(url))}`, { field });
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new ValidationError(`${what}: expected an http(s) URL, got ${u.protocol}`, { field });
  }
  return url.replace(/\/+$/, '');
}

/** One HTTP exchange bounded by `ms` (headers and body). Throws `TimeoutError` or a `NetworkError`-coded `ProviderError`. */
async function call(what: string, url: string, init: RequestInit, options: NetworkOptions, ms: number): Promise<Answer> {
  const f = options.fetch ?? globalThis.fetch;
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), ms);
  try {
    const res = await f(url, { ...init, signal: ctl.signal });
    return { status: res.status, text: await res.text(), headers: res.headers };
  } catch (error) {
    if (ctl.signal.aborted) throw new TimeoutError(`${what}: no answer from ${origin(url)} within ${ms} ms`, { cause: error });
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new ProviderError(`${what}: cannot reach ${origin(url)} (${cause})`, { code: 'NetworkError', cause: error });
  } finally {
    clearTimeout(timer);
  }
}

/** Parses the JSON credentials of the container endpoint and IMDS (`AccessKeyId`, `SecretAccessKey`, `Token`, `Expiration`). */
function jsonCredentials(body: string, what: string): Credentials {
  let j: Record<string, unknown>;
  try {
    j = JSON.parse(body) as Record<string, unknown>;
  } catch {
    throw failed(`${what}: expected a JSON credentials document, got ${body.length} bytes that are not JSON`);
  }
  if (!j || typeof j !== 'object') throw failed(`${what}: expected a JSON object, got ${j === null ? 'null' : typeof j}`);
  if (typeof j.Code === 'string' && j.Code !== 'Success') throw failed(`${what}: credentials document has Code ${JSON.stringify(short(j.Code))}`);
  return validateCredentials({ accessKeyId: j.AccessKeyId, secretAccessKey: j.SecretAccessKey, sessionToken: j.Token || undefined, expiration: j.Expiration }, what);
}

/** The JSON object in `text`, or undefined when it is not JSON or not an object. */
function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const j: unknown = JSON.parse(text);
    return j && typeof j === 'object' ? (j as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** `code: message` from a JSON or plain error body, for error messages (bounded). */
function reason(body: string): string {
  const j = jsonObject(body) ?? {};
  const code = j.code ?? j.Code, message = j.message ?? j.Message;
  return code !== undefined || message !== undefined ? `: ${[code, message].filter((x) => x !== undefined).map(String).map(short).join(': ')}` : '';
}

/* ------------------------------------------------------------------ container */

function containerUrl(e: Env, endpoint: string | undefined): string {
  const relative = e.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI, full = e.AWS_CONTAINER_CREDENTIALS_FULL_URI;
  if (relative) return checkUrl(endpoint ?? CONTAINER_ENDPOINT, 'container') + (relative.startsWith('/') ? '' : '/') + relative;
  if (!full) throw notFound('container: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI are not set');
  let u: URL;
  try {
    u = new URL(full);
  } catch {
    throw failed(`container: AWS_CONTAINER_CREDENTIALS_FULL_URI is not a URL: ${JSON.stringify(short(full))}`);
  }
  const host = u.hostname;
  const allowed = u.protocol === 'https:' || (u.protocol === 'http:' && (CONTAINER_HOSTS.has(host) || isLoopback(host)));
  if (!allowed) {
    throw failed(`container: AWS_CONTAINER_CREDENTIALS_FULL_URI must be https, loopback http or an ECS/EKS link-local host (169.254.170.2, 169.254.170.23, [fd00:ec2::23]), got ${u.protocol}//${u.host}`);
  }
  return full;
}

async function containerToken(e: Env): Promise<string | undefined> {
  const file = e.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE;
  let token = e.AWS_CONTAINER_AUTHORIZATION_TOKEN;
  if (file) {
    try {
      token = (await readTextFile(file)).trim();
    } catch (error) {
      throw failed(`container: cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: ${detailOf(error)}`, { cause: error });
    }
  }
  if (token !== undefined && (token === '' || CONTROL.test(token))) {
    throw failed('container: the authorization token is empty or contains CR, LF or NUL');
  }
  return token;
}

/**
 * ECS task role / EKS Pod Identity credentials: `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` (on
 * `http://169.254.170.2`, or `options.endpoint`) or `AWS_CONTAINER_CREDENTIALS_FULL_URI` (https, loopback http
 * or the ECS/EKS link-local hosts only), with `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (read on each call) or
 * `AWS_CONTAINER_AUTHORIZATION_TOKEN` sent as `Authorization`. One attempt, 1 s timeout by default.
 */
export function fromContainer(options: NetworkOptions = {}): CredentialProvider {
  return async () => {
    const e = options.env ?? runtimeEnv();
    const url = containerUrl(e, options.endpoint);
    const token = await containerToken(e);
    let res: Answer;
    try {
      res = await call('container', url, { headers: token ? { authorization: token } : {} }, options, options.timeout ?? 1000);
    } catch (error) {
      throw failed(detailOf(error), { cause: error });
    }
    if (res.status !== 200) throw failed(`container: credentials endpoint answered ${res.status}${reason(res.text)}`, { status: res.status });
    return jsonCredentials(res.text, 'container');
  };
}

/* ------------------------------------------------------------------ IMDS */

/**
 * EC2 instance role credentials over IMDSv2: `PUT /latest/api/token`, then the role name and its
 * credentials under `/latest/meta-data/iam/security-credentials/`. The endpoint is `options.endpoint`,
 * `AWS_EC2_METADATA_SERVICE_ENDPOINT`, or `http://169.254.169.254` (`[fd00:ec2::254]` when
 * `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv6`); `AWS_EC2_METADATA_DISABLED=true` turns it off. One attempt
 * per call with a 1 s timeout, so an absent IMDS costs about a second. Only tried in server runtimes unless
 * an endpoint is given, and in Deno only with net permission for its host (never prompts). No IMDSv1 fallback.
 */
export function fromInstanceMetadata(options: NetworkOptions = {}): CredentialProvider {
  return async () => {
    const e = options.env ?? runtimeEnv();
    if (e.AWS_EC2_METADATA_DISABLED?.toLowerCase() === 'true') throw notFound('imds: disabled by AWS_EC2_METADATA_DISABLED');
    const given = options.endpoint ?? e.AWS_EC2_METADATA_SERVICE_ENDPOINT;
    const rt = runtimeName();
    if (!given && !options.fetch && rt !== 'node' && rt !== 'deno' && rt !== 'bun') throw notFound(`imds: not available in this runtime (${rt})`);
    const base = checkUrl(given ?? (e.AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE?.toLowerCase() === 'ipv6' ? IMDS_ENDPOINT_IPV6 : IMDS_ENDPOINT), 'imds');
    if (!options.fetch && !mayConnect(base)) throw notFound(`imds: no permission to connect to ${new URL(base).host} (Deno needs --allow-net)`);
    const ms = options.timeout ?? 1000;
    let token: Answer;
    try {
      token = await call('imds', `${base}/latest/api/token`, { method: 'PUT', headers: { 'x-aws-ec2-metadata-token-ttl-seconds': String(IMDS_TOKEN_TTL) } }, options, ms);
    } catch (error) {
      throw notFound(detailOf(error));
    }
    if (token.status !== 200 || !token.text || CONTROL.test(token.text)) throw failed(`imds: token request answered ${token.status}${token.status === 200 ? ' with an unusable token' : ''}`, { status: token.status });
    const get = async (path: string): Promise<Answer> => {
      try {
        return await call('imds', `${base}/latest/meta-data/iam/security-credentials/${path}`, { headers: { 'x-aws-ec2-metadata-token': token.text } }, options, ms);
      } catch (error) {
        throw failed(detailOf(error), { cause: error });
      }
    };
    const roles = await get('');
    if (roles.status === 404) throw notFound('imds: no IAM role is attached to this instance');
    const role = roles.text.split('\n')[0]?.trim();
    if (roles.status !== 200 || !role) throw failed(`imds: role list answered ${roles.status}${roles.status === 200 ? ' with no role' : ''}`, { status: roles.status });
    const creds = await get(encodeURIComponent(role));
    if (creds.status !== 200) throw failed(`imds: credentials of role ${JSON.stringify(role)} answered ${creds.status}`, { status: creds.status });
    return jsonCredentials(creds.text, 'imds');
  };
}

/* ------------------------------------------------------------------ STS */

const REGION = /^[a-z0-9-]+$/;

/** Regional STS endpoint: `https://sts.{region}.amazonaws.com` (`.amazonaws.com.cn` in China). */
export function stsEndpoint(region: string): string {
  if (!REGION.test(region)) throw new ValidationError(`region must look like us-east-1, got ${JSON.stringify(short(region))}`, { field: 'region' });
  return `https://sts.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
}

const stsUrl = (e: Env, region: string, endpoint: string | undefined): string =>
  checkUrl(endpoint ?? e.AWS_ENDPOINT_URL_STS ?? e.AWS_ENDPOINT_URL ?? stsEndpoint(region), 'sts');

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unxml = (s: string): string =>
  s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, n: string) =>
    n[0] === '#' ? String.fromCodePoint(n[1] === 'x' || n[1] === 'X' ? parseInt(n.slice(2), 16) : Number(n.slice(1))) : ENTITY[n.toLowerCase()] ?? '');

/** Text of the first `<name>…</name>` in `xml`, entities decoded, trimmed; undefined when absent. */
function tag(xml: string, name: string): string | undefined {
  const m = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`).exec(xml);
  return m?.[1] === undefined ? undefined : unxml(m[1].trim());
}

/** Parses an STS `…Result/Credentials` answer; `ErrorResponse` and anything malformed become `AuthenticationError`s. */
export function parseStsResponse(status: number, xml: string, what: string): Credentials {
  if (status !== 200) {
    const code = tag(xml, 'Code'), message = tag(xml, 'Message'), requestId = tag(xml, 'RequestId');
    const detail = code ? `${short(code)}${message ? `: ${short(message)}` : ''}` : `HTTP ${status}`;
    throw failed(`${what}: STS answered ${status} ${detail}`, { status, requestId, code: code ?? 'CredentialsProviderError' });
  }
  const block = tag(xml, 'Credentials');
  if (block === undefined) throw failed(`${what}: expected STS XML with a Credentials element, got ${xml.length} bytes without one`);
  return validateCredentials({
    accessKeyId: tag(block, 'AccessKeyId'), secretAccessKey: tag(block, 'SecretAccessKey'),
    sessionToken: tag(block, 'SessionToken'), expiration: tag(block, 'Expiration'),
  }, what);
}

interface StsCall {
  what: string;
  url: string;
  region: string;
  params: Record<string, string | undefined>;
  credentials?: Credentials;
  options: NetworkOptions;
}

/** POSTs an STS Query API action (signed when `credentials` are given) and parses its credentials. */
async function sts(c: StsCall): Promise<Credentials> {
  const form = new URLSearchParams({ Version: STS_VERSION });
  for (const [k, v] of Object.entries(c.params)) if (v !== undefined) form.set(k, v);
  const body = form.toString();
  let headers: HeadersInit = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
  if (c.credentials) headers = await sign({ method: 'POST', url: c.url + '/', headers, body }, { region: c.region, service: 'sts', credentials: c.credentials });
  let res: Answer;
  try {
    res = await call(c.what, c.url + '/', { method: 'POST', headers, body }, c.options, c.options.timeout ?? 10_000);
  } catch (error) {
    throw failed(detailOf(error), { cause: error });
  }
  return parseStsResponse(res.status, res.text, c.what);
}

const newSessionName = (): string => `bedrock-${Date.now()}`;
const regionOf = (e: Env, ...given: Array<string | undefined>): string =>
  given.find(Boolean) ?? e.AWS_REGION ?? e.AWS_DEFAULT_REGION ?? 'us-east-1';

/** The OIDC token in `file`, read now (it rotates). */
async function tokenFromFile(what: string, file: string): Promise<string> {
  try {
    const token = (await readTextFile(file)).trim();
    if (token) return token;
  } catch (error) {
    throw failed(`${what}: cannot read the web identity token: ${detailOf(error)}`, { cause: error });
  }
  throw failed(`${what}: the web identity token file ${file} is empty`);
}

interface WebIdentityCall { what: string; token: string; roleArn: string; sessionName: string; region: string; durationSeconds: number | undefined }

const webIdentity = (c: WebIdentityCall, options: NetworkOptions, e: Env): Promise<Credentials> =>
  sts({
    what: c.what, url: stsUrl(e, c.region, options.endpoint), region: c.region, options,
    params: { Action: 'AssumeRoleWithWebIdentity', RoleArn: c.roleArn, RoleSessionName: c.sessionName, WebIdentityToken: c.token, DurationSeconds: c.durationSeconds?.toString() },
  });

/**
 * `AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN` (+ `AWS_ROLE_SESSION_NAME`) → STS
 * `AssumeRoleWithWebIdentity` (unsigned Query API over `fetch`; EKS IRSA, GitHub OIDC…). The token file is
 * read on each call (it rotates). `options.webIdentityToken` (a string or an async getter) replaces the
 * file, so browsers and Workers can exchange an OIDC token too. STS endpoint: `options.endpoint`,
 * `AWS_ENDPOINT_URL_STS`, or regional.
 */
export function fromWebIdentity(options: WebIdentityOptions = {}): CredentialProvider {
  return async () => {
    const e = options.env ?? runtimeEnv();
    const given = options.webIdentityToken;
    const file = options.webIdentityTokenFile ?? e.AWS_WEB_IDENTITY_TOKEN_FILE, roleArn = options.roleArn ?? e.AWS_ROLE_ARN;
    if (!given && !file && !roleArn) throw notFound('web identity: AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN are not set');
    if ((!given && !file) || !roleArn) throw notFound(`web identity: ${roleArn ? 'AWS_WEB_IDENTITY_TOKEN_FILE' : 'AWS_ROLE_ARN'} is not set`);
    const what = 'web identity';
    const token = given === undefined ? await tokenFromFile(what, file!) : typeof given === 'string' ? given : await given();
    if (typeof token !== 'string' || !token) throw failed(`${what}: the web identity token is empty`);
    const sessionName = options.roleSessionName ?? e.AWS_ROLE_SESSION_NAME ?? newSessionName();
    return webIdentity({ what, token, roleArn, sessionName, region: regionOf(e, options.region), durationSeconds: options.durationSeconds }, options, e);
  };
}

/* ------------------------------------------------------------------ shared files */

type Section = Record<string, string>;

/**
 * Parses an AWS shared config/credentials file into sections of `key → value`. `#`/`;` comments (whole line,
 * or after whitespace), `key = value` lines, indented sub-keys after an empty value become `parent.key`.
 */
export function parseIni(text: string): Map<string, Section> {
  const out = new Map<string, Section>();
  let section: Section | undefined, parent: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.split(/(?:^|\s)[;#]/)[0]!.trimEnd();
    if (!line.trim()) continue;
    const head = /^\s*\[([^\]]*)\]\s*$/.exec(line);
    if (head) {
      const name = head[1]!.trim();
      section = out.get(name) ?? Object.create(null) as Section;
      out.set(name, section);
      parent = undefined;
      continue;
    }
    const eq = line.indexOf('=');
    if (!section || eq < 0) continue;
    const key = line.slice(0, eq).trim(), value = line.slice(eq + 1).trim();
    const indented = /^\s/.test(line);
    if (indented && parent) {
      section[`${parent}.${key}`] = value;
      continue;
    }
    section[key] = value;
    parent = value === '' ? key : undefined;
  }
  return out;
}

const expand = (path: string, home: string | undefined): string =>
  home && (path === '~' || path.startsWith('~/') || path.startsWith('~\\')) ? home + path.slice(1) : path;

async function optionalFile(path: string): Promise<string | undefined> {
  try {
    return await readTextFile(path);
  } catch (error) {
    const code = (error as ProviderError).code;
    if (code === 'FileNotFound') return undefined;
    if (code === 'NoPermission') throw notFound(`shared files: ${detailOf(error)}`);
    throw failed(`shared files: ${detailOf(error)}`, { cause: error });
  }
}

/** Profiles of both files: `[profile x]`/`[default]` from config, `[x]` from credentials (credentials win per key). */
function mergeProfiles(config: Map<string, Section>, credentials: string): Map<string, Section> {
  const out = new Map<string, Section>();
  const add = (name: string, s: Section): void => { out.set(name, Object.assign(out.get(name) ?? Object.create(null) as Section, s)); };
  for (const [name, s] of config) {
    const m = /^profile\s+(.+)$/.exec(name);
    if (m) add(m[1]!.trim(), s);
    else if (name === 'default') add(name, s);
  }
  for (const [name, s] of parseIni(credentials)) add(name, s);
  return out;
}

/** The `[sso-session x]` sections of the config file, by name (the credentials file holds none). */
function ssoSessions(config: Map<string, Section>): Map<string, Section> {
  const out = new Map<string, Section>();
  for (const [name, s] of config) {
    const m = /^sso-session\s+(.+)$/.exec(name);
    if (m) out.set(m[1]!.trim(), s);
  }
  return out;
}

interface IniContext {
  profiles: Map<string, Section>;
  sessions: Map<string, Section>;
  configFile: string;
  home: string | undefined;
  options: IniOptions;
  e: Env;
  region: string | undefined;
}

const hasStatic = (p: Section): boolean => Boolean(p.aws_access_key_id && p.aws_secret_access_key);
const staticOf = (p: Section, name: string): Credentials =>
  validateCredentials({ accessKeyId: p.aws_access_key_id, secretAccessKey: p.aws_secret_access_key, sessionToken: p.aws_session_token || undefined }, `profile "${name}"`);

const SOURCES: Record<string, (c: IniContext) => CredentialProvider> = {
  Environment: (c) => fromEnv({ env: c.e }),
  Ec2InstanceMetadata: (c) => fromInstanceMetadata({ env: c.e, fetch: c.options.fetch }),
  EcsContainer: (c) => fromContainer({ env: c.e, fetch: c.options.fetch }),
};

/** Credentials of profile `name`; `path` holds the profiles whose role_arn led here (cycle detection). */
async function resolveProfile(name: string, c: IniContext, path: string[]): Promise<Credentials> {
  const what = `profile "${name}"`;
  const p = c.profiles.get(name);
  if (!p) throw failed(`${what} (source_profile of "${path[path.length - 1]}") not found`);
  if (path.length && hasStatic(p)) return staticOf(p, name);
  if (p.role_arn) {
    if (path.includes(name)) throw failed(`profile cycle: ${[...path, name].join(' → ')}`);
    if (p.mfa_serial) throw failed(`${what}: mfa_serial profiles need a token code and are not supported`);
    const region = regionOf(c.e, c.options.region, p.region, c.region);
    const session = p.role_session_name || newSessionName();
    if (p.web_identity_token_file) {
      const token = await tokenFromFile(what, p.web_identity_token_file);
      return webIdentity({ what, token, roleArn: p.role_arn, sessionName: session, region, durationSeconds: p.duration_seconds ? Number(p.duration_seconds) : undefined }, c.options, c.e);
    }
    let source: Credentials;
    if (p.source_profile) source = await resolveProfile(p.source_profile, c, [...path, name]);
    else if (p.credential_source) {
      const make = SOURCES[p.credential_source];
      if (!make) throw failed(`${what}: credential_source must be Environment, Ec2InstanceMetadata or EcsContainer, got ${JSON.stringify(short(p.credential_source))}`);
      source = await make(c)();
    } else throw failed(`${what}: role_arn needs source_profile, credential_source or web_identity_token_file`);
    return sts({
      what, url: stsUrl(c.e, region, c.options.endpoint), region, credentials: source, options: c.options,
      params: { Action: 'AssumeRole', RoleArn: p.role_arn, RoleSessionName: session, ExternalId: p.external_id || undefined, DurationSeconds: p.duration_seconds || undefined },
    });
  }
  if (hasStatic(p)) return staticOf(p, name);
  if (p.credential_process) return processCredentials(p.credential_process, what, c.options.timeout);
  if (SSO_KEYS.some((k) => p[k])) return ssoCredentials(name, p, c);
  throw failed(`${what} has no aws_access_key_id/aws_secret_access_key, role_arn, credential_process or sso_session/sso_start_url`);
}

/**
 * Shared `~/.aws/credentials` and `~/.aws/config` (paths from `AWS_SHARED_CREDENTIALS_FILE`,
 * `AWS_CONFIG_FILE`, or options), profile from `options.profile`, `AWS_PROFILE` or `default`. Supports
 * static keys, `role_arn` with `source_profile` (chains, cycles rejected), `credential_source`
 * (`Environment`, `Ec2InstanceMetadata`, `EcsContainer`) or `web_identity_token_file` — STS `AssumeRole` is
 * signed by our SigV4 signer in the profile's `region` — `credential_process`, and IAM Identity Center (SSO)
 * profiles (`sso_session` + `[sso-session x]`, or the legacy `sso_start_url`/`sso_region`; both with
 * `sso_account_id`, `sso_role_name`): the access token that `aws sso login` cached under `~/.aws/sso/cache` is
 * exchanged at the portal (GetRoleCredentials) on each call. The token is never refreshed nor written here. Needs a
 * runtime that reads files (Node, Deno with `--allow-read`, Bun).
 */
export function fromIni(options: IniOptions = {}): CredentialProvider {
  return async () => {
    const e = options.env ?? runtimeEnv();
    const name = options.profile ?? e.AWS_PROFILE ?? 'default';
    const explicit = options.profile !== undefined || Boolean(e.AWS_PROFILE);
    if (!canReadFiles()) throw notFound(`shared files: reading files is not available in this runtime (${runtimeName()})`);
    const home = e.HOME || e.USERPROFILE || homeDir();
    const credFile = options.credentialsFile ?? e.AWS_SHARED_CREDENTIALS_FILE ?? (home && `${home}/.aws/credentials`);
    const confFile = options.configFile ?? e.AWS_CONFIG_FILE ?? (home && `${home}/.aws/config`);
    if (!credFile || !confFile) throw notFound('shared files: no home directory to find ~/.aws in');
    const [cred, conf] = await Promise.all([optionalFile(expand(credFile, home)), optionalFile(expand(confFile, home))]);
    if (cred === undefined && conf === undefined) throw notFound(`shared files: ${credFile} and ${confFile} not found`);
    const config = parseIni(conf ?? '');
    const profiles = mergeProfiles(config, cred ?? '');
    const p = profiles.get(name);
    if (!p) {
      const detail = `shared files: profile "${name}" not found in ${credFile} or ${confFile}`;
      throw explicit ? failed(detail) : notFound(detail);
    }
    return resolveProfile(name, { profiles, sessions: ssoSessions(config), configFile: confFile, home, options, e, region: p.region }, []);
  };
}

/* ------------------------------------------------------------------ IAM Identity Center (SSO) */

/** Header carrying the IAM Identity Center access token to the portal. */
const SSO_TOKEN_HEADER = 'x-amz-sso_bearer_token';
/** Keys that make a profile an SSO profile (the AWS SDK for JavaScript v3 `isSsoProfile` keys, and `sso_session`). */
const SSO_KEYS = ['sso_session', 'sso_start_url', 'sso_region', 'sso_account_id', 'sso_role_name'];
/** Fields of the portal's `roleCredentials`, all required (as in the AWS SDK). */
const ROLE_FIELDS = ['accessKeyId', 'secretAccessKey', 'sessionToken', 'expiration'];

interface SsoConfig {
  /** What the cache file name is the SHA-1 of: the sso-session name, or the legacy `sso_start_url`. */
  key: string;
  region: string;
  account: string;
  role: string;
  /** The advice of every failure a new login fixes. */
  login: string;
}

const lacking = (s: Section, keys: string[]): string[] => keys.filter((k) => !s[k]);

/** Settings of an SSO profile, from the profile and its `[sso-session x]` section; missing ones fail by name. */
function ssoConfig(name: string, p: Section, c: IniContext): SsoConfig {
  const what = `profile "${name}"`, session = p.sso_session;
  let s = p;
  if (session) {
    const found = c.sessions.get(session);
    if (!found) throw failed(`${what}: sso_session ${JSON.stringify(short(session))} not found (no [sso-session ${short(session)}] section in ${c.configFile})`);
    const missing = lacking(found, ['sso_start_url', 'sso_region']);
    if (missing.length) throw failed(`${what}: sso-session ${JSON.stringify(short(session))} is missing ${missing.join(', ')}`);
    for (const k of ['sso_start_url', 'sso_region']) {
      if (p[k] && p[k] !== found[k]) throw failed(`${what}: ${k} differs from the one of sso-session ${JSON.stringify(short(session))}`);
    }
    s = found;
  }
  const missing = lacking(p, [...(session ? [] : ['sso_start_url', 'sso_region']), 'sso_account_id', 'sso_role_name']);
  if (missing.length) throw failed(`${what}: SSO profile is missing ${missing.join(', ')}`);
  return { key: session || s.sso_start_url!, region: s.sso_region!, account: p.sso_account_id!, role: p.sso_role_name!, login: `run aws sso login --profile ${name}` };
}

/** Lower-case hex SHA-1 of the UTF-8 of `text`: the AWS CLI's SSO token cache file name. */
async function sha1Hex(text: string): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-1', utf8(text) as Uint8Array<ArrayBuffer>)));
}

/** The unexpired `accessToken` that `aws sso login` cached in `~/.aws/sso/cache/<sha1 of key>.json`. */
async function ssoToken(cfg: SsoConfig, what: string, home: string | undefined): Promise<string> {
  if (!home) throw failed(`${what}: no home directory to find ~/.aws/sso/cache in`);
  const path = `${home}/.aws/sso/cache/${await sha1Hex(cfg.key)}.json`;
  let text: string;
  try {
    text = await readTextFile(path);
  } catch (error) {
    const why = (error as ProviderError).code === 'FileNotFound' ? `no cached SSO token (${path} not found)` : `cannot read the SSO token cache: ${detailOf(error)}`;
    throw failed(`${what}: ${why}; ${cfg.login}`, { cause: error });
  }
  const j = jsonObject(text);
  const token = j?.accessToken, expiresAt = j?.expiresAt;
  if (typeof token !== 'string' || !token || CONTROL.test(token) || typeof expiresAt !== 'string') {
    throw failed(`${what}: the SSO token cache ${path} holds no usable accessToken and expiresAt; ${cfg.login}`);
  }
  const at = Date.parse(expiresAt.replace(/UTC$/, 'Z'));
  if (Number.isNaN(at)) throw failed(`${what}: the SSO token cache ${path} has an unreadable expiresAt ${JSON.stringify(short(expiresAt))}; ${cfg.login}`);
  if (at <= Date.now()) throw failed(`${what}: the SSO token expired at ${new Date(at).toISOString()}; ${cfg.login}`);
  return token;
}

/** The portal's base URL: `ssoEndpoint` (https, or http on loopback) or `https://portal.sso.{region}.amazonaws.com`. */
function portalUrl(region: string, endpoint: string | undefined, what: string): string {
  if (endpoint === undefined) {
    if (!REGION.test(region)) throw failed(`${what}: sso_region must look like us-east-1, got ${JSON.stringify(short(region))}`);
    return `https://portal.sso.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
  }
  const base = checkUrl(endpoint, 'sso', 'ssoEndpoint'), u = new URL(base);
  if (u.protocol === 'http:' && !isLoopback(u.hostname)) {
    throw new ValidationError(`sso: ssoEndpoint must be https, or http on a loopback host, got http://${u.host}`, { field: 'ssoEndpoint' });
  }
  return base;
}

/** A portal error answer: code from `x-amzn-errortype`, `code` or `__type`, and `message` (the token cut out). */
function portalError(res: Answer, what: string, token: string, login: string): AuthenticationError {
  const j = jsonObject(res.text) ?? {};
  const raw = res.headers.get('x-amzn-errortype') ?? j.code ?? j.__type;
  const code = typeof raw === 'string' && raw ? raw.split(/[,:]/)[0]!.split('#').pop()! : undefined;
  const message = j.message ?? j.Message;
  const detail = [code, message].filter((x) => typeof x === 'string' && x).map((x) => short((x as string).split(token).join('…'))).join(': ');
  const relogin = res.status === 401 || res.status === 403 ? `; ${login}` : '';
  return failed(`${what}: SSO portal answered ${res.status}${detail ? ` ${detail}` : ''}${relogin}`, {
    status: res.status, code: code ?? 'CredentialsProviderError', requestId: res.headers.get('x-amzn-requestid') ?? undefined,
  });
}

/** Credentials of an SSO profile: the cached access token exchanged at the portal (GetRoleCredentials). */
async function ssoCredentials(name: string, p: Section, c: IniContext): Promise<Credentials> {
  const what = `profile "${name}"`;
  const cfg = ssoConfig(name, p, c);
  const base = portalUrl(cfg.region, c.options.ssoEndpoint, what);
  const token = await ssoToken(cfg, what, c.home);
  const url = `${base}/federation/credentials?role_name=${encodeURIComponent(cfg.role)}&account_id=${encodeURIComponent(cfg.account)}`;
  let res: Answer;
  try {
    res = await call(what, url, { headers: { [SSO_TOKEN_HEADER]: token } }, c.options, c.options.timeout ?? 10_000);
  } catch (error) {
    throw failed(detailOf(error), { cause: error });
  }
  if (res.status !== 200) throw portalError(res, what, token, cfg.login);
  const rc = jsonObject(res.text)?.roleCredentials as Record<string, unknown> | undefined;
  if (!rc || typeof rc !== 'object') throw failed(`${what}: expected SSO portal JSON with roleCredentials, got ${res.text.length} bytes without them`);
  const missing = ROLE_FIELDS.filter((k) => rc[k] === undefined || rc[k] === null || rc[k] === '');
  if (missing.length) throw failed(`${what}: the SSO portal's roleCredentials lack ${missing.join(', ')}`);
  return validateCredentials(rc, what);
}

/* ------------------------------------------------------------------ credential_process */

async function processCredentials(command: string, what: string, timeout: number | undefined): Promise<Credentials> {
  const label = `${what}: credential_process`;
  let r;
  try {
    r = await runProcess(command, { timeout: timeout ?? 60_000 });
  } catch (error) {
    throw failed(`${label}: ${detailOf(error)}`, { cause: error });
  }
  if (r.code !== 0) {
    const err = r.stderr.trim().split('\n').pop();
    throw failed(`${label} exited with code ${r.code}${err ? `: ${short(err)}` : ''}`);
  }
  let j: Record<string, unknown>;
  try {
    j = JSON.parse(r.stdout) as Record<string, unknown>;
  } catch {
    throw failed(`${label}: expected JSON on stdout, got ${r.stdout.length} bytes that are not JSON`);
  }
  if (!j || j.Version !== 1) throw failed(`${label}: expected "Version": 1, got ${JSON.stringify(j?.Version)}`);
  return validateCredentials({ accessKeyId: j.AccessKeyId, secretAccessKey: j.SecretAccessKey, sessionToken: j.SessionToken || undefined, expiration: j.Expiration || undefined }, label);
}

/**
 * Runs `command` through the shell and reads the AWS `credential_process` JSON it prints
 * (`Version: 1`, `AccessKeyId`, `SecretAccessKey`, optional `SessionToken`, `Expiration`). Its stdout never
 * appears in an error. Needs Node, Bun or Deno with `--allow-run`.
 */
export function fromProcess(command: string, options: { timeout?: number } = {}): CredentialProvider {
  return () => processCredentials(command, 'process', options.timeout);
}

/* ------------------------------------------------------------------ default chain */

/**
 * The AWS SDK order: env → shared files (profiles, assume role, credential_process, SSO) → web identity →
 * container → IMDS, each where the runtime has it; memoized. When no source is configured, throws an
 * `AuthenticationError` listing every source and why it was skipped; a configured source that fails ends
 * the chain with its own error.
 */
export function defaultChain(options: ChainOptions = {}): MemoizedProvider {
  const { env: e, fetch: f, profile, region, stsEndpoint: sts, ssoEndpoint, containerEndpoint, imdsEndpoint } = options;
  return memoize(chain(
    fromEnv({ env: e }),
    fromIni({ env: e, fetch: f, profile, region, endpoint: sts, ssoEndpoint }),
    fromWebIdentity({ env: e, fetch: f, region, endpoint: sts }),
    fromContainer({ env: e, fetch: f, endpoint: containerEndpoint }),
    fromInstanceMetadata({ env: e, fetch: f, endpoint: imdsEndpoint }),
  ));
}

/** Config fields `resolveCredentials` reads. */
export interface CredentialsConfig {
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  credentials?: Credentials | CredentialProvider;
}

/**
 * The provider a config implies: its `credentials` provider (memoized) or object, its key pair, else the
 * default chain. Half a key pair is a `ValidationError`.
 */
export function resolveCredentials(config: CredentialsConfig = {}, options: ChainOptions = {}): MemoizedProvider {
  const { credentials: c, accessKeyId, secretAccessKey, sessionToken } = config;
  if (typeof c === 'function') return memoize(c);
  if (c) return memoize(fromStatic(c));
  if (accessKeyId || secretAccessKey) {
    if (!accessKeyId || !secretAccessKey) {
      throw new ValidationError(`set both accessKeyId and secretAccessKey, got only ${accessKeyId ? 'accessKeyId' : 'secretAccessKey'}`, { field: accessKeyId ? 'secretAccessKey' : 'accessKeyId' });
    }
    return memoize(fromStatic({ accessKeyId, secretAccessKey, sessionToken }));
  }
  return defaultChain(options);
}
