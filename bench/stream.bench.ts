/**
 * One 2,000-event Claude reply streamed from the emulator over loopback HTTP (served by a child process,
 * so the client's CPU is measured alone; see `replaying` for how the server stays out of the way) through this provider, @aws-sdk/client-bedrock-runtime and
 * @anthropic-ai/bedrock-sdk. Reports events/s and client CPU µs per event; every contender must first
 * receive the full text.
 */
import { spawn } from 'node:child_process';
import { BedrockRuntimeClient, InvokeModelWithResponseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import AnthropicBedrock from '@anthropic-ai/bedrock-sdk';
import { BedrockProvider } from '../lib/provider.ts';
import { createEmulator, EXAMPLE_CREDENTIALS } from '../lib/emulator.ts';
import { serve } from '../lib/node.ts';
import { runtime, validate } from './harness.ts';

const EVENTS = 2_000;
const MODEL = 'anthropic.claude-3-haiku-20240307-v1:0';
const REGION = 'us-east-1';
const WORDS = Array.from({ length: EVENTS }, (_, i) => `w${i}`);
/** The emulator streams one token (word) per event. */
const REPLY = WORDS.join(' ');
const PROMPT = 'Stream the benchmark reply.';

async function startServer(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, [process.argv[1]!, '--serve'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => { out += d; if (out.includes('\n')) resolve(out.trim()); });
    child.on('exit', (code) => reject(new Error(`emulator child exited (${code})`)));
  });
  return { url, stop: () => { child.stdin!.end(); child.kill(); } };
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

async function main(): Promise<void> {
  const server = await startServer();
  try {
    const ours = new BedrockProvider({ region: REGION, ...EXAMPLE_CREDENTIALS, endpoint: server.url });
    const aws = new BedrockRuntimeClient({ region: REGION, endpoint: server.url, credentials: EXAMPLE_CREDENTIALS, maxAttempts: 1 });
    const anthropic = new AnthropicBedrock({
      awsRegion: REGION, awsAccessKey: EXAMPLE_CREDENTIALS.accessKeyId, awsSecretKey: EXAMPLE_CREDENTIALS.secretAccessKey, baseURL: server.url, maxRetries: 0,
      defaultHeaders: { 'anthropic-version': 'bedrock-2023-05-31' }, // this SDK version sends the public API's date otherwise
    });
    const body = JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 4096, messages: [{ role: 'user', content: PROMPT }] });
    const dec = new TextDecoder();

    const contenders = [
      {
        name: '@ainative/bedrock',
        run: async () => {
          let text = '', n = 0;
          for await (const e of ours.stream([{ role: 'user', content: PROMPT }], { model: MODEL, maxTokens: 4096 })) {
            if (e.type === 'content_delta') { text += e.content; n++; }
          }
          return { text, n };
        },
      },
      {
        name: '@aws-sdk/client-bedrock-runtime',
        run: async () => {
          let text = '', n = 0;
          const res = await aws.send(new InvokeModelWithResponseStreamCommand({ modelId: MODEL, body, contentType: 'application/json' }));
          for await (const ev of res.body!) {
            if (!ev.chunk?.bytes) continue;
            const j = JSON.parse(dec.decode(ev.chunk.bytes)) as { type: string; delta?: { type: string; text?: string } };
            if (j.type === 'content_block_delta' && j.delta?.type === 'text_delta') { text += j.delta.text; n++; }
          }
          return { text, n };
        },
      },
      {
        name: '@anthropic-ai/bedrock-sdk',
        run: async () => {
          let text = '', n = 0;
          const stream = await anthropic.messages.create({ model: MODEL, max_tokens: 4096, stream: true, messages: [{ role: 'user', content: PROMPT }] });
          for await (const ev of stream) {
            if (ev.type === 'content_block_delta' && ev.delta.type === 'text_delta') { text += ev.delta.text; n++; }
          }
          return { text, n };
        },
      },
    ];

    await validate(contenders, (v) => norm(v.text) === REPLY && v.n >= EVENTS);

    // Alternating rounds so that machine noise hits everyone alike; events/s is the median of the rounds,
    // CPU per event (process.cpuUsage: this process only, the emulator runs in the child) the total.
    const ROUNDS = 7, PER_ROUND = 3;
    const stats = new Map(contenders.map((c) => [c.name, { rates: [] as number[], cpu: 0, streams: 0 }]));
    for (const c of contenders) for (let i = 0; i < 2; i++) await c.run(); // warm-up
    for (let r = 0; r < ROUNDS; r++) {
      for (const c of contenders) {
        const s = stats.get(c.name)!;
        const cpu0 = process.cpuUsage();
        const t0 = performance.now();
        for (let i = 0; i < PER_ROUND; i++) await c.run();
        s.rates.push((PER_ROUND * EVENTS * 1000) / (performance.now() - t0));
        const cpu = process.cpuUsage(cpu0);
        s.cpu += cpu.user + cpu.system;
        s.streams += PER_ROUND;
      }
    }
    const eps = (s: { rates: number[] }) => [...s.rates].sort((a, b) => a - b)[s.rates.length >> 1]!;
    const mine = stats.get(contenders[0]!.name)!;
    console.log(`\nstream: ${EVENTS}-event Claude reply over loopback HTTP, emulator in a child process (${runtime})`);
    for (const [name, s] of stats) {
      const ratio = s === mine ? '' : `  ours is ${(eps(mine) / eps(s)).toFixed(2)}x faster, ${(s.cpu / mine.cpu).toFixed(2)}x less CPU`;
      console.log(`  ${name.padEnd(34)} ${eps(s).toFixed(0).padStart(9)} events/s  ${(s.cpu / (s.streams * EVENTS)).toFixed(2).padStart(6)} µs CPU/event${ratio}`);
    }
    aws.destroy();
    ours.close();
  } finally {
    server.stop();
  }
}

/**
 * Child mode: serve the emulator and print its URL. Each client's first request is answered by the
 * emulator (signature verified, reply generated); its later requests get the same bytes replayed, so the
 * server costs almost nothing and the run measures the clients, not the emulator.
 */
function replaying(emu: { fetch(r: Request): Promise<Response> }): (r: Request) => Promise<Response> {
  const cache = new Map<string, { body: Uint8Array<ArrayBuffer>; headers: Headers }>();
  return async (req) => {
    const key = `${req.headers.get('user-agent') ?? ''} ${new URL(req.url).pathname}`;
    const hit = cache.get(key);
    if (hit) { await req.arrayBuffer(); return new Response(hit.body, { headers: hit.headers }); }
    const res = await emu.fetch(req);
    const body = new Uint8Array(await res.arrayBuffer());
    if (res.ok) cache.set(key, { body, headers: res.headers });
    return new Response(body, { status: res.status, headers: res.headers });
  };
}

if (process.argv.includes('--serve')) {
  const server = await serve(replaying(createEmulator({ reply: REPLY })), { port: 0 });
  console.log(server.url);
  process.stdin.on('end', () => void server.close().then(() => process.exit(0)));
  process.stdin.resume();
} else {
  await main();
}
