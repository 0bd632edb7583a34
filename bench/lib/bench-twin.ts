// A seeded twin on a scratch data directory for the bench scripts: started with the built functions and the
// demo county, removed (twin closed, directory deleted) when the bench ends, also on failure.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { connectSdk } from '../../scripts/lib/sdk-client';
import { seedTwin } from '../../scripts/lib/seed';
import type { Database } from '../../server/sdk';
import { startTwin } from '../../twin/server';

export type BenchTwin = Awaited<ReturnType<typeof startTwin>>;

export async function withSeededBenchTwin(name: string, run: (twin: BenchTwin, db: Database) => Promise<void>): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-bench-`));
  const twin = await startTwin({ port: 0, dataDir: path.join(work, 'data'), functionsDir: path.join(__dirname, '..', '..', 'cloudfunctions'), timers: false, dev: true });
  try {
    await seedTwin(twin.url);
    await run(twin, connectSdk(twin.url).database({ throwOnNotFound: false } as never) as unknown as Database);
  } finally {
    await twin.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Adds `docs` to `collection` through the SDK in batches of `batch`. */
export async function insertAll(db: Database, collection: string, docs: object[], batch = 1000): Promise<void> {
  for (let i = 0; i < docs.length; i += batch) await db.collection(collection).add({ data: docs.slice(i, i + batch) } as never);
}

/** Runs a bench's main(); a failure prints and exits 1. */
export function runBench(main: () => Promise<void>): void {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

export interface TwinProcess {
  url: string;
  close(): Promise<void>;
}

/**
 * The twin as its own process (`npm run twin`), as the database is a separate server for a cloud
 * function in production: the caller's client work and the store's work then run side by side and do
 * not share one event loop or heap.
 */
export async function spawnTwinProcess(dataDir: string, functionsDir: string): Promise<TwinProcess> {
  const root = path.join(__dirname, '..', '..');
  const child = spawn(process.execPath, [require.resolve('tsx/cli'), 'twin/cli.ts', '--port', '0', '--data', dataDir, '--functions', functionsDir, '--no-timers'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`twin exited (${code}) before it was ready`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /^twin ready (\S+)/.exec(line);
      if (m) resolve(m[1]);
    });
  });
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
