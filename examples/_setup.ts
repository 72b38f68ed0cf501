/**
 * Shared setup for the examples. With AWS credentials in the environment (AWS_ACCESS_KEY_ID +
 * AWS_SECRET_ACCESS_KEY, or AWS_BEARER_TOKEN_BEDROCK) the examples call Amazon Bedrock; otherwise they
 * start the local Bedrock emulator on a free loopback port and call it instead, so they run offline.
 * `BEDROCK_MODEL` overrides the model id the examples use (handy when your account lacks the seed's models).
 */
import { createEmulator } from '../lib/emulator.ts';
import type { Emulator, EmulatorOptions } from '../lib/emulator.ts';
import { serve } from '../lib/node.ts';
import { mergeWithEnvironment } from '../lib/index.ts';
import type { ProviderConfig } from '../lib/index.ts';

/** Access key pair the emulator accepts by default (the AWS documentation example pair). */
export const EMULATOR_KEYS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

/** True when the environment holds AWS credentials: talk to real Bedrock. */
export const live: boolean = Boolean(
  (process.env.AWS_ACCESS_KEY_ID && process.env.AWS_SECRET_ACCESS_KEY) || process.env.AWS_BEARER_TOKEN_BEDROCK,
);

/** What an example needs: where to send, with which keys, and how to clean up. */
export interface Target {
  /** Bedrock or emulator config (region, credentials, endpoint). */
  config: ProviderConfig;
  /** Region the example uses. */
  region: string;
  /** Stops the emulator, if one was started. */
  close(): Promise<void>;
  /** True against real Bedrock. */
  live: boolean;
  /** The emulator, when one was started (mutate `emulator.faults` to inject faults). */
  emulator?: Emulator;
}

/** Real Bedrock (from the environment) or a freshly started emulator. */
export async function target(options: EmulatorOptions = {}): Promise<Target> {
  if (live) {
    const config = mergeWithEnvironment({ region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1' });
    return { config, region: config.region!, live: true, close: async () => {} };
  }
  return emulated(options);
}

/** Always the local emulator (also used by the demo to simulate faults safely when running live). */
export async function emulated(options: EmulatorOptions = {}, quiet = false): Promise<Target> {
  const emulator = createEmulator(options);
  const server = await serve(emulator, { port: 0 });
  if (!quiet) console.error(`(no AWS credentials in the environment: using the local Bedrock emulator at ${server.url})`);
  return {
    config: { region: 'us-east-1', endpoint: server.url, ...EMULATOR_KEYS },
    region: 'us-east-1',
    live: false,
    emulator,
    close: () => server.close(),
  };
}

/** The seed's model id, or `BEDROCK_MODEL` when set. */
export const model = (seedId: string): string => process.env.BEDROCK_MODEL || seedId;
