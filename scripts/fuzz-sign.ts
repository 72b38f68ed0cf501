/**
 * Differential fuzzing of lib/sigv4.ts `sign` and `presign` against @smithy/signature-v4 (node:crypto hash).
 * Generated requests: unicode paths and queries, valid and invalid percent sequences, reserved characters,
 * odd header whitespace, bodies of 0 B to 20 KB, session tokens. Usage:
 *   node scripts/run-ts.mjs scripts/fuzz-sign.ts [count=100000] [seed=1]
 * Prints counts; exits 1 on any mismatch.
 */
import { SignatureV4 } from '@smithy/signature-v4';
import { NodeSha256 } from './node-sha256.ts';
import { presign, sign } from '../lib/sigv4.ts';
import type { Credentials } from '../lib/types.ts';

const count = Number(process.argv[2] ?? 100_000);
let x = Number(process.argv[3] ?? 1) | 1;
const next = (): number => { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; return (x >>> 0) / 4294967296; };
const int = (n: number): number => Math.floor(next() * n);
const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;


const CHARS = [...'aZ09-_.~ !*\'():/?#[]@$&+,;=%"<>\\^`{|}', 'é', 'ß', 'ሴ', '中', '😀', '\u00a0', '\u2028', '\t'];
const PERCENT = ['%20', '%2F', '%25', '%3A', '%2B', '%7E', '%41', '%e2%82%ac', '%C3%A9', '%G1', '%', '%2', '%zz'];
const piece = (max: number): string =>
  Array.from({ length: int(max) }, () => (next() < 0.2 ? pick(PERCENT) : pick(CHARS))).join('');
const WS = ['', ' ', '  ', '\t', ' \t ', '\t\t'];
const NAMES = ['Content-Type', 'accept', 'X-Amzn-Bedrock-Accept', 'X-Amz-Meta-Tag', 'x-custom', 'X-Odd_Name', 'x-amzn-bedrock-trace'];

/** Decodes one query component like both signers do: percent-decoded, invalid escapes kept as written. */
const decode = (s: string): string => { try { return decodeURIComponent(s); } catch { return s; } };

interface Case { url: URL; method: string; headers: Record<string, string>; body?: string; credentials: Credentials; region: string; date: Date }

function generate(): Case {
  const path = '/' + Array.from({ length: 1 + int(4) }, () => (next() < 0.1 ? pick(['.', '..', '']) : piece(10).replace(/[?#]/g, ''))).join('/');
  const query = Array.from({ length: int(5) }, () => `${piece(6).replace(/[#&=]/g, '')}=${piece(8).replace(/[#&]/g, '')}`).join('&');
  const url = new URL(`https://bedrock-runtime.us-east-1.amazonaws.com${path}${query ? '?' + query : ''}`);
  const headers: Record<string, string> = {};
  for (let n = int(4); n > 0; n--) headers[pick(NAMES)] = pick(WS) + [piece(4), piece(4)].join(pick(WS)).replace(/[^\x20-\x7e]/g, 'q') + pick(WS);
  for (const k of Object.keys(headers)) if (Object.keys(headers).some((o) => o !== k && o.toLowerCase() === k.toLowerCase())) delete headers[k];
  const body = next() < 0.3 ? undefined : piece(next() < 0.05 ? 20_000 : 300);
  const credentials: Credentials = { accessKeyId: `AKID${int(1e6)}`, secretAccessKey: `s/${int(1e9)}+k`, ...(next() < 0.5 ? { sessionToken: `tok${int(1e9)}/+=` } : {}) };
  return { url, method: pick(['GET', 'POST', 'PUT']), headers, ...(body === undefined ? {} : { body }), credentials, region: pick(['us-east-1', 'eu-west-3']), date: new Date(1.4e12 + int(4e11)) };
}

function smithyRequest(c: Case) {
  const query: Record<string, string | string[]> = {};
  for (const part of c.url.search.slice(1).split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const k = decode(eq < 0 ? part : part.slice(0, eq));
    const v = eq < 0 ? '' : decode(part.slice(eq + 1));
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return { method: c.method, protocol: 'https:', hostname: c.url.hostname, path: c.url.pathname, query, headers: { ...c.headers, host: c.url.host }, body: c.body };
}

let signed = 0, presigned = 0, mismatches = 0, invalidEscapes = 0, unicode = 0;
const started = performance.now();
for (let i = 0; i < count; i++) {
  const c = generate();
  if (/%(?![0-9A-Fa-f]{2})/.test(c.url.pathname + c.url.search)) invalidEscapes++;
  if (/%[89A-Fa-f][0-9A-Fa-f]/.test(c.url.pathname + c.url.search)) unicode++;
  const smithy = new SignatureV4({ credentials: c.credentials, region: c.region, service: 'bedrock', sha256: NodeSha256, applyChecksum: false });
  const request = { method: c.method, url: c.url, headers: c.headers, body: c.body ?? null };
  const options = { region: c.region, service: 'bedrock', credentials: c.credentials, date: c.date };
  const ours = (await sign(request, options)).get('authorization');
  const theirs = (await smithy.sign(smithyRequest(c), { signingDate: c.date })).headers.authorization;
  signed++;
  if (ours !== theirs) {
    if (++mismatches <= 5) console.log(`sign mismatch #${i}: ${c.method} ${c.url.href}\n  ours   ${ours}\n  smithy ${theirs}`);
    continue;
  }
  if (i % 4 === 0) {
    const expiresIn = 1 + int(604800);
    const url = await presign(request, { ...options, expiresIn });
    const p = await smithy.presign(smithyRequest(c), { signingDate: c.date, expiresIn });
    presigned++;
    if (url.searchParams.get('X-Amz-Signature') !== p.query['X-Amz-Signature']) {
      if (++mismatches <= 5) console.log(`presign mismatch #${i}: ${c.url.href}`);
    }
  }
}
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`fuzz-sign: ${signed} signed, ${presigned} presigned, ${mismatches} mismatches vs @smithy/signature-v4 ` +
  `(${invalidEscapes} with invalid % escapes, ${unicode} with non-ASCII escapes) in ${seconds} s`);
process.exit(mismatches ? 1 : 0);
