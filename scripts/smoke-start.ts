// npm run smoke:start: runs `npm start` the way a newcomer does (free ports, a scratch data folder) and checks
// that the app really loads: the twin answers and has the demo accounts, and the H5 dev server serves its page
// and every script that page references as JavaScript (not the page again as a fallback). CI runs it.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from './lib/ports';

const READY_MS = 8 * 60_000;

async function main(): Promise<void> {
  const [twinPort, h5Port] = [await freePort(), await freePort()];
  const data = mkdtempSync(join(tmpdir(), 'smoke-start-'));
  const child = spawn(process.execPath, [require.resolve('tsx/cli'), 'scripts/start.ts'], {
    cwd: join(__dirname, '..'),
    env: { ...process.env, TWIN_PORT: String(twinPort), H5_PORT: String(h5Port), TWIN_DATA: data },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true, // its own process group: the twin and the dev server stop with it
  });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start not ready within ${READY_MS / 1000} s`)), READY_MS);
      child.once('exit', (code) => reject(new Error(`npm start exited (${code}) before it was ready`)));
      createInterface({ input: child.stdout! }).on('line', (line) => {
        if (/哨声 is running|seeded|demo data/.test(line)) console.log(line);
        if (/哨声 is running/.test(line)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const app = `http://127.0.0.1:${h5Port}`;
    const html = await (await fetch(`${app}/`)).text();
    const scripts = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]);
    if (!scripts.length) throw new Error('the page references no scripts');
    for (const src of scripts) {
      const res = await fetch(new URL(src, `${app}/`));
      const type = res.headers.get('content-type') ?? '';
      if (!res.ok || !type.includes('javascript')) throw new Error(`${src}: ${res.status} ${type} — the dev server does not serve the app's scripts`);
    }
    console.log(`app: ${scripts.length} scripts served as JavaScript`);
    const accounts = await fetch(`http://127.0.0.1:${twinPort}/_twin/`);
    if (!accounts.ok) throw new Error(`twin: ${accounts.status}`);
    console.log('twin: answering');
  } finally {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
    await new Promise((r) => setTimeout(r, 1500));
    rmSync(data, { recursive: true, force: true });
  }
}

main().then(
  () => console.log('npm start smoke test passed'),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
