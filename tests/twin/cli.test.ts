import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { connectSdk, pointSdkAt, tempDir, type WxCloud } from './harness';

const ROOT = path.join(__dirname, '..', '..');
// `node --import tsx` runs the CLI in this very process (the tsx/npx launchers would put the twin in a
// grandchild that a SIGKILL of the launcher leaves running).
const CLI = ['--import', 'tsx', 'twin/cli.ts'];

function startCli(args: string[]): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const child = spawn(process.execPath, [...CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`twin did not start: ${stderr}`)), 20_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /^twin ready (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1], stderr: () => stderr });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`twin exited (${code}): ${stderr}`));
    });
  });
}

const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

/** Whether a process has exited (zombies count as gone: PID 1 in a container may not reap them). */
async function gone(pid: number, withinMs = 3000): Promise<boolean> {
  for (const deadline = Date.now() + withinMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
    try {
      process.kill(pid, 0);
      if (/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'))) return true;
    } catch {
      return true;
    }
  }
  return false;
}

let dataDir: string;
beforeAll(() => {
  dataDir = tempDir('twin-cli-');
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

test('kill -9 keeps acknowledged writes and files; SIGTERM shuts down cleanly', async () => {
  const first = await startCli(['--port', '0', '--data', dataDir, '--no-timers', '--functions', path.join(__dirname, 'fixtures', 'functions')]);
  const cloud: WxCloud = connectSdk(first.url);
  const db = cloud.database();
  await db.createCollection('durable');
  const ids: string[] = [];
  for (let i = 0; i < 20; i++) ids.push((await db.collection('durable').add({ data: { i, at: db.serverDate() } }))._id);
  await db.collection('durable').doc(ids[0]).update({ data: { touched: true } });
  const { fileID } = await cloud.uploadFile({ cloudPath: 'durable/a.txt', fileContent: Buffer.from('persisted') });
  // A function worker is running too; it must not outlive the twin.
  const worker = await cloud.callFunction({ name: 'echo', data: {} });

  const killed = exited(first.child);
  first.child.kill('SIGKILL');
  expect((await killed).signal).toBe('SIGKILL');
  expect(await gone(worker.result.pid)).toBe(true);

  const second = await startCli(['--port', '0', '--data', dataDir, '--no-timers']);
  pointSdkAt(second.url);
  const { total } = await db.collection('durable').count();
  expect(total).toBe(20);
  expect((await db.collection('durable').doc(ids[0]).get()).data).toMatchObject({ i: 0, touched: true });
  const { fileList } = await cloud.getTempFileURL({ fileList: [fileID] });
  expect(await (await fetch(fileList[0].tempFileURL)).text()).toBe('persisted');

  const stopped = exited(second.child);
  second.child.kill('SIGTERM');
  expect(await stopped).toEqual({ code: 0, signal: null });
});

test('bad arguments exit with usage', async () => {
  const child = spawn(process.execPath, [...CLI, '--port', 'abc'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr += d));
  expect((await exited(child)).code).toBe(2);
  expect(stderr).toContain('invalid --port');
  expect(stderr).toContain('usage:');
});
