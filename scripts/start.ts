// npm start: the CloudBase twin (durable store in .twin-data/, dev identity on), the demo county seeded on
// first run, and the H5 dev server — the whole app in a browser on demo data.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { buildFunctions } from './build-functions';
import { buildDemoAccounts } from './lib/demo-accounts';
import { COUNTY_FILE, seedTwin } from './lib/seed';
import { readFileSync } from 'node:fs';

const root = join(__dirname, '..');
const TWIN_PORT = Number(process.env.TWIN_PORT ?? 9000);
const H5_PORT = Number(process.env.H5_PORT ?? 10086); // config/dev.ts reads the same variable
const TWIN_DATA = process.env.TWIN_DATA ?? '.twin-data';
const twinUrl = `http://127.0.0.1:${TWIN_PORT}`;
const children: ChildProcess[] = [];

function run(cmd: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr!.pipe(process.stderr); // shown as before; also read by waitForLine (Taro reports its build there)
  children.push(child);
  child.on('exit', (code) => {
    if (!stopping) {
      console.error(`${cmd} ${args.join(' ')} exited (${code}); stopping`);
      stop(1);
    }
  });
  return child;
}

let stopping = false;
function stop(code = 0): void {
  stopping = true;
  for (const c of children) c.kill('SIGTERM');
  setTimeout(() => process.exit(code), 500);
}
process.on('SIGINT', () => stop());
process.on('SIGTERM', () => stop());

/** Resolves at the first line matching `pattern` on the child's stdout or stderr; `echo` prints its stdout. */
function waitForLine(child: ChildProcess, pattern: RegExp, echo: boolean): Promise<void> {
  return new Promise((resolve) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (echo) console.log(line);
      if (pattern.test(line)) resolve();
    });
    createInterface({ input: child.stderr! }).on('line', (line) => {
      if (pattern.test(line)) resolve();
    });
  });
}

async function main(): Promise<void> {
  console.log('building cloud functions …');
  await buildFunctions();

  // Message push as configured in the CloudBase console: photo check verdicts (wxa_media_check) go to `content`.
  console.log('starting the CloudBase twin …');
  const twin = run(process.execPath, [require.resolve('tsx/cli'), 'twin/cli.ts', '--port', String(TWIN_PORT), '--data', TWIN_DATA, '--dev', '--message-push', 'wxa_media_check=content'], {
    SHAOSHENG_DEMO_ACCOUNTS: '1',
  });
  await waitForLine(twin, /^twin ready /, true);

  const seeded = await seedTwin(twinUrl);
  console.log(seeded.seeded ? `seeded the demo county (${seeded.people} demo accounts)` : `demo data already present (${TWIN_DATA}/)`);

  console.log('starting the H5 dev server (first build takes a little while) …');
  const h5 = run(process.execPath, [require.resolve('@tarojs/cli/bin/taro'), 'build', '--type', 'h5', '--watch'], {
    TARO_APP_TWIN_URL: twinUrl,
    TARO_APP_DEV_LOGIN: '1',
  });
  await waitForLine(h5, /编译成功/, false); // the first build is done and served

  const county = JSON.parse(readFileSync(COUNTY_FILE, 'utf8'));
  const accounts = buildDemoAccounts(county);
  console.log(`\n哨声 is running:\n  app   http://127.0.0.1:${H5_PORT}/  (sign in on 开发登录 as any demo account)\n  twin  ${twinUrl}/_twin/  (data browser, outbox)\n`);
  console.log('demo accounts:');
  for (const a of accounts) console.log(`  ${a.openid.padEnd(28)} ${a.name}  ${a.title}`);
  console.log(`\nCtrl+C stops everything; data stays in ${TWIN_DATA}/.`);
}

main().catch((err) => {
  console.error(err);
  stop(1);
});
