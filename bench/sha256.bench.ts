/**
 * Where the synchronous TypeScript SHA-256 stops beating `crypto.subtle.digest`: both are timed for
 * growing inputs; the last size where TypeScript is still faster is the switch point (`SYNC_THRESHOLD`
 * in lib/sha256.ts). Also HMAC (`crypto.subtle` needs importKey + sign) for the same sizes.
 */
import { toHex } from '../lib/bytes.ts';
import { SYNC_THRESHOLD, hmac, hmacKey, nativeHashing, sha256Sync } from '../lib/sha256.ts';
import { measure, runtime, validate } from './harness.ts';

const sha256Subtle = async (data: Uint8Array): Promise<Uint8Array> => new Uint8Array(await crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>));
async function hmacSubtle(key: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  const k = await crypto.subtle.importKey('raw', key as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', k, data as Uint8Array<ArrayBuffer>));
}
const hmacSync = (key: Uint8Array, data: Uint8Array): Uint8Array => hmac(hmacKey(key), data);
nativeHashing(false); // the TypeScript path is what competes with crypto.subtle (browsers, Workers)

const SIZES = [64, 256, 1024, 2048, 4096, 8192, 16384, 32768, 65536];
const key = new TextEncoder().encode('AWS4wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY');
const rows: string[] = [];
let lastSync = 0;
for (const size of SIZES) {
  const data = new Uint8Array(size).map((_, i) => (i * 31) & 255);
  const digest = [
    { name: 'sync', run: () => toHex(sha256Sync(data)) },
    { name: 'subtle', run: async () => toHex(await sha256Subtle(data)) },
  ];
  const mac = [
    { name: 'hmac sync', run: () => toHex(hmacSync(key, data)) },
    { name: 'hmac subtle', run: async () => toHex(await hmacSubtle(key, data)) },
  ];
  const d0 = await digest[1]!.run();
  await validate(digest, (v) => v === d0);
  const m0 = await mac[1]!.run();
  await validate(mac, (v) => v === m0);
  const r = await measure([...digest, ...mac], { rounds: 3, ms: 80, warmup: 40 });
  const us = (n: string) => (1e6 / r.get(n)!).toFixed(1).padStart(8);
  if (r.get('sync')! >= r.get('subtle')!) lastSync = size;
  rows.push(`  ${String(size).padStart(6)} B  sha256 sync ${us('sync')} µs  subtle ${us('subtle')} µs   hmac sync ${us('hmac sync')} µs  subtle ${us('hmac subtle')} µs   ${r.get('sync')! >= r.get('subtle')! ? 'sync faster' : 'subtle faster'}`);
}
console.log(`\nsha256: TypeScript vs crypto.subtle by input size (${runtime})`);
for (const row of rows) console.log(row);
console.log(`  largest size where the TypeScript digest still wins: ${lastSync} B (SYNC_THRESHOLD = ${SYNC_THRESHOLD} B)`);
