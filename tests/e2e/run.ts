// npm run test:e2e: builds the H5 demo app once for a free twin port, then runs every *.e2e.ts with
// node's test runner, one file at a time, each starting its own twin on that port.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildH5, freePort } from './harness';

async function main(): Promise<number> {
  const port = await freePort();
  const started = Date.now();
  buildH5(`http://127.0.0.1:${port}`);
  console.log(`# H5 demo build for twin port ${port} in ${Math.round((Date.now() - started) / 1000)} s`);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.e2e.ts'))
    .map((f) => join(__dirname, f));
  const res = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], {
    stdio: 'inherit',
    env: { ...process.env, E2E_TWIN_PORT: String(port), E2E_SKIP_BUILD: '1' },
  });
  return res.status ?? 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
