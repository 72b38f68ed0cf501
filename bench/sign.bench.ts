/**
 * SigV4 signing of a Bedrock InvokeModel POST (same credentials, fixed date): ours vs aws4 (node:crypto),
 * aws4fetch (crypto.subtle), @smithy/signature-v4 with a node:crypto Checksum and with @aws-crypto/sha256-js.
 * Every contender must produce the same Authorization header before it is timed. Ours hashes with node:crypto
 * where the runtime has it (Node, Deno, Bun); the TypeScript path browsers and Workers take is timed too.
 * Targets: 1 KB body ≥ 1.2× aws4 and ≥ 8× aws4fetch; 1 MB body ≥ 0.67× smithy + node:crypto.
 */
import { Sha256 as JsSha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import aws4 from 'aws4';
import { AwsV4Signer } from 'aws4fetch';
import { NodeSha256 } from '../scripts/node-sha256.ts';
import { nativeHashing } from '../lib/sha256.ts';
import { sign } from '../lib/sigv4.ts';
import { measure, report, validate, type Contender } from './harness.ts';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const date = new Date('2025-01-02T03:04:05Z');
const stamp = '20250102T030405Z';
const region = 'us-east-1';
const host = `bedrock-runtime.${region}.amazonaws.com`;
const path = '/model/anthropic.claude-3-5-sonnet-20241022-v2%3A0/invoke';
const url = `https://${host}${path}`;

/** A JSON Messages body of about `size` bytes. */
function body(size: number): string {
  const base = { anthropic_version: 'bedrock-2023-05-31', max_tokens: 512, messages: [{ role: 'user', content: '' }] };
  const fill = size - JSON.stringify(base).length;
  base.messages[0]!.content = 'The quick brown fox jumps over the lazy dog. '.repeat(Math.ceil(fill / 45)).slice(0, fill);
  return JSON.stringify(base);
}


const smithyNode = new SignatureV4({ credentials, region, service: 'bedrock', sha256: NodeSha256, applyChecksum: false });
const smithyJs = new SignatureV4({ credentials, region, service: 'bedrock', sha256: JsSha256, applyChecksum: false });

const headersFor = (text: string): Record<string, string> =>
  ({ 'content-type': 'application/json', accept: 'application/json', 'content-length': String(new TextEncoder().encode(text).length) });
const headers1k = headersFor(body(1024));

function contenders(text: string): Contender[] {
  const headers = headersFor(text);
  const smithyRequest = () => ({ method: 'POST', protocol: 'https:', hostname: host, path, query: {}, headers: { ...headers, host }, body: text });
  return [
    { name: '@ainative/bedrock sign', run: async () => (await sign({ method: 'POST', url, headers, body: text }, { region, service: 'bedrock', credentials, date })).get('authorization') },
    { name: 'aws4 (node:crypto)', run: () => aws4.sign({ host, path, method: 'POST', service: 'bedrock', region, headers: { ...headers, 'X-Amz-Date': stamp }, body: text }, credentials).headers.Authorization },
    { name: 'aws4fetch (crypto.subtle)', run: async () => (await new AwsV4Signer({ method: 'POST', url, headers, body: text, ...credentials, service: 'bedrock', region, datetime: stamp, allHeaders: true }).sign()).headers.get('authorization') },
    { name: '@smithy/signature-v4 + node:crypto', run: async () => (await smithyNode.sign(smithyRequest(), { signingDate: date })).headers.authorization },
    { name: '@smithy/signature-v4 + sha256-js', run: async () => (await smithyJs.sign(smithyRequest(), { signingDate: date })).headers.authorization },
  ];
}

const OURS = '@ainative/bedrock sign';
for (const [label, size] of [['1 KB', 1024], ['1 MB', 1 << 20]] as const) {
  const text = body(size);
  const list = contenders(text);
  const expected = await list[0]!.run();
  await validate(list, (v) => v === expected);
  const large = size > 4096;
  const results = await measure(large ? list.filter((c) => !c.name.startsWith('aws4fetch')) : list, large ? { rounds: 3, ms: 300, warmup: 100 } : { rounds: 5, ms: 300 });
  report(`sign, Bedrock InvokeModel POST, ${label} JSON body`, results, OURS);
  const mine = results.get(OURS)!;
  const check = (peer: string, target: number) => {
    const r = mine / results.get(peer)!;
    console.log(`  target ≥ ${target}x ${peer}: ${r.toFixed(2)}x ${r >= target ? 'OK' : 'MISSED'}`);
  };
  if (large) check('@smithy/signature-v4 + node:crypto', 0.67);
  else {
    check('aws4 (node:crypto)', 1.2);
    check('aws4fetch (crypto.subtle)', 8);
    // The path browsers and Workers take (no node:crypto): SHA-256 in TypeScript, crypto.subtle above 4 KB.
    const TS = 'ours, TypeScript SHA-256 (browser/Workers path)';
    nativeHashing(false);
    const tsList = [{ name: TS, run: list[0]!.run }, list[1]!, list[2]!];
    await validate(tsList, (v) => v === expected);
    const ts = await measure(tsList, { rounds: 3, ms: 300 });
    nativeHashing(true);
    report('sign, 1 KB, with the TypeScript hashing path', ts, TS);
  }
}
