// Node-only leak checks: util.inspect (which prints causes and own fields), real network errors, file and
// process credential sources.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { inspect } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BedrockProvider, mergeWithEnvironment } from '../lib/provider.ts';
import type { ProviderConfig } from '../lib/provider.ts';
import { HOOKS } from '../lib/transport.ts';
import { createEmulator } from '../lib/emulator.ts';
import { serve } from '../lib/node.ts';
import { createProxy } from '../lib/proxy.ts';
import { fromIni, fromProcess } from '../lib/credentials.ts';
import { ProviderError } from '../lib/errors.ts';
import type { Credentials, Message, StreamEvent } from '../lib/types.ts';

const KEY_ID = 'AKIDLEAKCHECK0000002';
const SECRET = 'SeCrEtKeY/leak+check/node0123456789abcdEF';
const SESSION = 'SeSsIoNtOkEn//leak+check+node+FwoGZXIvYXdzEJr//////////wEaDLeakCheckToken';
const API_KEY = 'ApIkEy-leak-check-node-0123456789abcdefghijklmnopqrstuvwxyz';
const WRONG = 'WrOnGsEcReT/leak+check/node9876543210zyxwv';
const CREDS: Credentials = { accessKeyId: KEY_ID, secretAccessKey: SECRET, sessionToken: SESSION };
const SONNET = 'anthropic.claude-3-5-sonnet-20241022-v2:0';
const HI: Message[] = [{ role: 'user', content: 'Hello there.' }];
const NEEDLES = [SECRET, SESSION, API_KEY, WRONG].flatMap((s) => [s, encodeURIComponent(s), s.slice(8, 24)]);

/** util.inspect at full depth (causes, own fields, nested objects) plus the plain renderings. */
function clean(value: unknown, label: string): void {
  const texts = [inspect(value, { depth: Infinity, showHidden: false }), inspect({ wrapped: value }, { depth: Infinity }), String(value)];
  if (value instanceof Error) texts.push(value.stack ?? '', JSON.stringify(value));
  for (const t of texts) for (const n of NEEDLES) assert.not.ok(t.includes(n), `${label}: leaked ${JSON.stringify(n.slice(0, 12))}… in ${t.slice(0, 400)}`);
}
async function failure(p: Promise<unknown> | (() => unknown), label = ''): Promise<unknown> {
  try { await (typeof p === 'function' ? p() : p); } catch (e) { return e; }
  assert.unreachable(`expected an error ${label}`);
}
async function drain(it: AsyncIterable<StreamEvent>): Promise<void> { for await (const _ of it) { /* consume */ } }

const inspectSuite = suite('util.inspect shows no secret');

inspectSuite('inspect :: provider and merged config', () => {
  const merged = mergeWithEnvironment({}, { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET, AWS_SESSION_TOKEN: SESSION });
  clean(merged, 'merged config');
  clean(mergeWithEnvironment({}, { AWS_REGION: 'us-east-1', AWS_BEARER_TOKEN_BEDROCK: API_KEY }), 'bearer config');
  for (const c of [merged, { region: 'us-east-1', apiKey: API_KEY }, { region: 'us-east-1', credentials: CREDS }, { region: 'us-east-1', ...CREDS }] as ProviderConfig[]) {
    clean(new BedrockProvider(c), 'provider');
  }
});

inspectSuite('inspect :: errors from every path over loopback HTTP (auth, throttling, context, stream, timeout)', async () => {
  const emu = createEmulator({ credentials: CREDS, apiKeys: [API_KEY] });
  const server = await serve(emu);
  try {
    const make = (extra: Partial<ProviderConfig> = {}) => new BedrockProvider({
      region: 'us-east-1', ...CREDS, endpoint: server.url, maxRetries: 1, [HOOKS]: { sleep: async () => {} }, ...extra,
    } as ProviderConfig);
    clean(await failure(make({ secretAccessKey: WRONG }).chat(HI, { model: SONNET }), 'wrong'), 'wrong secret');
    clean(await failure(make({ accessKeyId: undefined, secretAccessKey: undefined, sessionToken: undefined, apiKey: API_KEY + 'x' }).chat(HI, { model: SONNET })), 'wrong api key');
    emu.faults.throttle = 10;
    clean(await failure(make().chat(HI, { model: SONNET }), 'throttle'), 'throttled');
    emu.faults.throttle = 0;
    emu.faults.contextWindow = 3;
    clean(await failure(make().chat(HI, { model: SONNET, maxTokens: 50 }), 'context'), 'context');
    emu.faults.contextWindow = undefined;
    for (const f of [{ badCrc: { after: 2 } }, { truncate: {} }, { drop: { after: 3 } }, { streamException: { after: 3, type: 'validationException' as const, message: 'bad' } }]) {
      Object.assign(emu.faults, f);
      clean(await failure(drain(make().stream(HI, { model: SONNET })), JSON.stringify(f)), JSON.stringify(f));
    }
    emu.faults.stall = { after: 3 };
    clean(await failure(drain(make({ idleTimeout: 30 }).stream(HI, { model: SONNET }))), 'stall');
  } finally {
    await server.close();
  }
});

inspectSuite('inspect :: a real connection refused (undici cause chain)', async () => {
  const server = await serve(() => Promise.resolve(new Response('')));
  const url = server.url;
  await server.close();
  const e = await failure(new BedrockProvider({ region: 'us-east-1', ...CREDS, endpoint: url, maxRetries: 0 }).chat(HI, { model: SONNET }));
  assert.ok(e instanceof ProviderError && e.code === 'NetworkError', String(e));
  clean(e, 'refused');
  clean(await failure(new BedrockProvider({ region: 'us-east-1', apiKey: API_KEY, endpoint: url, maxRetries: 0 }).chat(HI, { model: SONNET })), 'refused bearer');
});

inspectSuite('inspect :: file and process credential errors never quote the file or the output', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'h8-sec-'));
  try {
    const file = join(dir, 'credentials');
    writeFileSync(file, `[default]\naws_secret_access_key = ${SECRET}\naws_session_token = ${SESSION}\n[broken\n${SECRET}\n`);
    const config = join(dir, 'config');
    writeFileSync(config, `[profile p]\ncredential_process = node -e "process.stdout.write('not json ${SECRET}')"\n`);
    const env = { AWS_SHARED_CREDENTIALS_FILE: file, AWS_CONFIG_FILE: config };
    clean(await failure(fromIni({ env })()), 'half pair in the credentials file');
    clean(await failure(fromIni({ env, profile: 'p' })()), 'credential_process garbage');
    clean(await failure(fromProcess(`node -e "process.stdout.write(JSON.stringify({Version:1,AccessKeyId:'A',SecretAccessKey:'${SECRET}',Expiration:'nope'}))"`)()), 'process bad expiration');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

inspectSuite('inspect :: the proxy over HTTP returns no credential material', async () => {
  const emu = createEmulator({ credentials: { ...CREDS, secretAccessKey: WRONG } });
  const upstream = await serve(emu);
  const px = await serve(createProxy({ region: 'us-east-1', credentials: CREDS, endpoint: upstream.url, authorize: () => true }));
  try {
    const res = await fetch(`${px.url}/model/${encodeURIComponent(SONNET)}/invoke`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }),
    });
    assert.is(res.status, 403);
    const text = await res.text() + inspect(res.headers);
    for (const n of [...NEEDLES, KEY_ID]) assert.not.ok(text.includes(n), n);
  } finally {
    await px.close();
    await upstream.close();
  }
});

inspectSuite.run();
