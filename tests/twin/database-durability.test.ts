/**
 * Crash durability: a child process writes through the engine on disk and is killed with SIGKILL
 * mid-stream. After reopening, every acknowledged write must be present, every committed transaction
 * must be complete (A + B constant, its inserted document present), and the transaction that was
 * never committed must have left nothing.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../twin/database';

jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, '../..');
const CHILD = path.join(__dirname, 'database-durability.child.ts');

interface RunResult {
  acked: string[];
  committed: string[];
  batches: string[];
}

/** Runs the writer until `killAfter` acks, then SIGKILLs the writer process itself (not npx/tsx). */
function runAndKill(dir: string, start: number, killAfter: number): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['--no-install', 'tsx', CHILD, dir, String(start)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const acked: string[] = [];
    const committed: string[] = [];
    const batches: string[] = [];
    let writerPid = 0;
    let killed = false;
    let buf = '';
    let stderr = '';
    const timer = setTimeout(() => {
      if (writerPid && !killed) process.kill(writerPid, 'SIGKILL');
      reject(new Error(`writer too slow: ${acked.length} acks\n${stderr}`));
    }, 90_000);
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (killed) continue; // anything after the kill decision is not counted as acknowledged
        const [kind, value] = line.split(' ');
        if (kind === 'pid') writerPid = Number(value);
        else if (kind === 'ack') acked.push(value);
        else if (kind === 'tx') committed.push(value);
        else if (kind === 'batch') batches.push(value);
        if (acked.length >= killAfter && writerPid) {
          killed = true;
          process.kill(writerPid, 'SIGKILL');
        }
      }
    });
    child.on('close', () => {
      clearTimeout(timer);
      if (!killed) reject(new Error(`writer exited before being killed\n${stderr}`));
      else resolve({ acked, committed, batches });
    });
  });
}

test('acknowledged writes survive SIGKILL; committed transactions are whole; uncommitted ones leave nothing', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twin-durability-'));
  try {
    const allAcked: string[] = [];
    const allCommitted: string[] = [];
    const allBatches: string[] = [];
    let start = 0;
    for (const killAfter of [150, 420, 77]) {
      const r = await runAndKill(dir, start, killAfter);
      allAcked.push(...r.acked);
      allCommitted.push(...r.committed);
      allBatches.push(...r.batches);

      const db = openDatabase({ dir });
      try {
        const docs = new Map<string, { _id: string; bal?: number; seq?: number }>();
        for (let skip = 0; ; skip += 5000) {
          const page = db.browse('durable', { limit: 5000, skip }) as { _id: string; bal?: number; seq?: number }[];
          page.forEach((d) => docs.set(d._id, d));
          if (page.length < 5000) break;
        }
        for (const id of allAcked) expect(docs.has(id)).toBe(true);
        for (const id of allCommitted) expect(docs.has(id)).toBe(true);
        const a = docs.get('A')!.bal!;
        const b = docs.get('B')!.bal!;
        expect(a + b).toBe(1_000_000); // transfers are all-or-nothing
        const transfers = [...docs.keys()].filter((k) => k.startsWith('t')).length;
        expect(b).toBe(transfers); // every applied transfer has its inserted document, and vice versa
        expect(b).toBeGreaterThanOrEqual(allCommitted.length);
        expect([...docs.keys()].filter((k) => k.startsWith('pending-'))).toEqual([]);
        // batch inserts are one SQLite transaction: every batch is complete or absent
        const perBatch = new Map<string, number>();
        for (const k of docs.keys()) if (k.startsWith('b')) perBatch.set(k.split('-')[0], (perBatch.get(k.split('-')[0]) ?? 0) + 1);
        for (const n of perBatch.values()) expect(n).toBe(300);
        for (const b of allBatches) expect(perBatch.get(b)).toBe(300);
        expect(a).toBeGreaterThan(0); // the uncommitted `bal: -1` never landed
        // the unique index still holds and is usable after recovery
        const seqs = [...docs.values()].filter((d) => typeof d.seq === 'number').map((d) => d.seq);
        expect(new Set(seqs).size).toBe(seqs.length);
        start = Math.max(...seqs.map(Number)) + 1;
        expect(db.listCollections()[0].indexes.map((i) => i.name)).toEqual(['seq']);
      } finally {
        db.close();
      }
    }
    expect(allAcked.length).toBeGreaterThanOrEqual(150 + 420 + 77);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
