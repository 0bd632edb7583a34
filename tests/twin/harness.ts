// Shared setup for the twin conformance tests: a twin on a free port with the fixture functions,
// and the real wx-server-sdk of this test process pointed at it (as inside a cloud function).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTwin, type TwinHandle, type TwinOptions } from '../../twin/server';

export const FIXTURE_FUNCTIONS = path.join(__dirname, 'fixtures', 'functions');
export const ENV = 'local-env';

/** wx-server-sdk's .d.ts types most calls as `Promise<…> | void` and openapi as any: tests use it loosely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type WxCloud = any;

export function startTestTwin(opts: TwinOptions = {}): Promise<TwinHandle> {
  return startTwin({ port: 0, functionsDir: FIXTURE_FUNCTIONS, indexesFile: false, ...opts });
}

/** The SDK reads its endpoint and credentials from process.env on every request. */
export function pointSdkAt(twinUrl: string): void {
  process.env.TCB_CONTEXT_CNFG = JSON.stringify({ URL: `${twinUrl}/admin` });
  process.env.TENCENTCLOUD = 'true';
  process.env.TENCENTCLOUD_SECRETID = 'test-secret-id';
  process.env.TENCENTCLOUD_SECRETKEY = 'test-secret-key';
  process.env.SILENCE = 'true';
}

export function connectSdk(twinUrl: string): WxCloud {
  pointSdkAt(twinUrl);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cloud: WxCloud = require('wx-server-sdk');
  cloud.init({ env: ENV });
  return cloud;
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Resolves with the rejection of a promise that must fail. */
export async function rejection(p: Promise<unknown>): Promise<{ errCode?: number | string; errMsg?: string; code?: string; message?: string }> {
  try {
    await p;
  } catch (err) {
    return err as { errCode?: number; errMsg?: string };
  }
  throw new Error('expected a rejection');
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed };
}
