// CLI contract for `cli import` (M-4): parses a file with the domain importer and sends it in chunks to a
// running twin as the 吹哨办; stdout is one JSON summary, per-row errors go to stderr with row numbers,
// a second run of the same file creates nothing.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { type Twin } from '../helpers/twin-harness';
import { seededTwinPerFile } from '../helpers/twin-per-file';

const ROOT = path.join(__dirname, '..', '..');
const dir = mkdtempSync(path.join(tmpdir(), 'import-cli-'));

let twin: Twin;
seededTwinPerFile((t) => (twin = t));

/** Async spawn: the twin answers from this process while the CLI runs. */
function cli(args: string[]): Promise<{ status: number | null; out: string[]; err: Record<string, unknown>[]; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('npx', ['tsx', 'scripts/cli.ts', ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) =>
      resolve({
        status,
        stderr,
        out: stdout.split('\n').filter(Boolean),
        err: stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l)),
      }),
    );
  });
}

const tag = Math.random().toString(36).slice(2, 8);
const csv = Papa.unparse([
  ['工单编号', '来电时间', '来电内容', '所属街道', '地址'],
  ...Array.from({ length: 30 }, (_, i) => [`${tag}-${i}`, '2026-11-20 09:30', `富民社区第${i}号楼下垃圾堆了好几天没人清理`, '浔湖街道', '富民社区第六网格']),
  [`${tag}-bad-1`, '2026-11-20 09:30', '短', '浔湖街道', ''],
  [`${tag}-bad-2`, '2026-11-20 09:30', '街道写错了，内容足够长', '火星街道', ''],
]);
const file = path.join(dir, 'hotline.csv');
writeFileSync(file, `\uFEFF${csv}\n`);

test('imports good rows, reports bad ones with row numbers, and a second run creates nothing', async () => {
  const first = await cli(['import', file, '--twin', twin.url]);
  expect(first.out).toHaveLength(1);
  const summary = JSON.parse(first.out[0]);
  expect(summary).toMatchObject({ file: 'hotline.csv', channel: 'hotline_12345', rows: 32, created: 30, existing: 0, failed: 2 });
  expect(first.status).toBe(1);
  const rowErrors = first.err.filter((e) => 'row' in e);
  expect(rowErrors).toEqual([
    { row: 32, sourceId: `${tag}-bad-1`, code: 'VALIDATION', error: '诉求内容至少5个字' },
    { row: 33, sourceId: `${tag}-bad-2`, code: 'UNKNOWN_PLACE', error: '未找到街道（乡镇）“火星街道”' },
  ]);
  // Two chunks (25 + 5): progress after each.
  expect(first.err.filter((e) => 'progress' in e).map((e) => e.progress)).toEqual([{ sent: 25, total: 30 }, { sent: 30, total: 30 }]);

  const second = await cli(['import', file, '--twin', twin.url]);
  expect(JSON.parse(second.out[0])).toMatchObject({ created: 0, existing: 30, failed: 2 });
}, 120_000);

test('usage errors exit 2: no file, unknown channel, unmapped required column', async () => {
  expect((await cli(['import'])).status).toBe(2);
  expect((await cli(['import', file, '--channel', 'fax', '--twin', twin.url])).status).toBe(2);
  const noText = path.join(dir, 'no-text.csv');
  writeFileSync(noText, '工单编号,所属街道\nA-1,浔湖街道\n');
  const r = await cli(['import', noText, '--twin', twin.url]);
  expect(r.status).toBe(2);
  expect(r.out).toEqual([]);
  expect(r.stderr).toContain('no column for: text（诉求内容）');
  // --map names the column to use.
  const mapped = await cli(['import', noText, '--twin', twin.url, '--map', '所属街道=township']);
  expect(mapped.status).toBe(2);
}, 120_000);

test('a non-office identity is refused for every row and nothing is created', async () => {
  const r = await cli(['import', file, '--twin', twin.url, '--as', 'demo-grid-xh-fm-06', '--channel', 'suggestion']);
  expect(r.status).toBe(1);
  expect(JSON.parse(r.out[0])).toMatchObject({ created: 0, existing: 0, failed: 32 });
  expect(r.err.some((e) => String(e.error).includes('FORBIDDEN_ROLE'))).toBe(true);
}, 120_000);
