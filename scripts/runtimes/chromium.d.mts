import type { BrowserContext } from 'playwright-core';
export const CHROMIUM: string;
export const CHROMIUM_ARGS: string[];
export function serveDir(dir: string): Promise<{ url: string; close(): Promise<void> }>;
export function launch(): Promise<{ context: BrowserContext; close(): Promise<void> }>;
export function chromium(outdir: string, options?: { timeout?: number }): Promise<{ passed: number; failed: number; ok: boolean }>;
