// CLI contract for the intake commands (M-5, M-6, M-14a): JSON lines in, one JSON line out per
// input, only result lines on stdout, a bad line → stderr with its id and processing continues.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import countyJson from '../../data/county.json';

const ROOT = path.join(__dirname, '..', '..');

function run(args: string[], lines: (string | object)[]) {
  const input = lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n';
  const r = spawnSync('npx', ['tsx', 'scripts/cli.ts', ...args], { cwd: ROOT, input, encoding: 'utf8', timeout: 60_000 });
  const out = r.stdout.split('\n').filter(Boolean);
  // npm may print its own warnings on stderr; the CLI's errors are JSON lines.
  const errors = r.stderr
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { id: unknown; line: number; error: string });
  return { status: r.status, out, parsed: out.map((l) => JSON.parse(l) as Record<string, unknown>), errors };
}

const matterCodes = new Set(countyJson.matterTypes.map((m) => m.code));
const deptCodes = new Set(countyJson.departments.map((d) => d.code));

describe('cli classify', () => {
  const samples = readFileSync(path.join(ROOT, 'tests/fixtures/extra-reports.jsonl'), 'utf8').split('\n').filter(Boolean).slice(0, 12);
  const input = [
    ...samples.map((l) => {
      const { id, text, township, grid, channel } = JSON.parse(l);
      return { id, text, township, grid, channel };
    }),
    '{not json',
    { id: 'bad-township', text: '井盖不见了', township: 'nowhere' },
    { id: 'no-text', township: 'xh' },
    { id: 'last', text: '小区消防通道被私家车占了', township: 'xh' },
  ];
  const r = run(['classify'], input);

  test('one output line per good input, in order; stdout carries only result lines', () => {
    expect(r.out).toHaveLength(samples.length + 1);
    expect(r.parsed.map((o) => o.id)).toEqual([...samples.map((l) => JSON.parse(l).id), 'last']);
  });

  test('every output line has the contract shape', () => {
    for (const o of r.parsed) {
      expect(matterCodes.has(o.matterType as string)).toBe(true);
      expect(typeof o.confidence).toBe('number');
      const cands = o.candidates as { matterType: string; score: number }[];
      expect(cands).toHaveLength(3);
      expect(cands[0].matterType).toBe(o.matterType);
      for (const c of cands) {
        expect(matterCodes.has(c.matterType)).toBe(true);
        expect(typeof c.score).toBe('number');
      }
      const route = o.route as { handler: string; lead?: string; co?: string[]; urgentEligible: boolean };
      expect(['township', 'stationed', 'whistle', 'service']).toContain(route.handler);
      expect(typeof route.urgentEligible).toBe('boolean');
      if (route.lead !== undefined) expect(deptCodes.has(route.lead)).toBe(true);
      for (const d of route.co ?? []) expect(deptCodes.has(d)).toBe(true);
    }
    expect(r.parsed.at(-1)).toMatchObject({ matterType: 'fire_lane_blocked', route: { handler: 'whistle', lead: 'xfjy', urgentEligible: true } });
  });

  test('bad lines go to stderr with their id (or line number) and processing continues; exit code 1', () => {
    expect(r.errors.map((e) => e.id)).toEqual([null, 'bad-township', 'no-text']);
    expect(r.errors[0].line).toBe(samples.length + 1);
    expect(r.errors[1].error).toMatch(/township/);
    expect(r.status).toBe(1);
  });
});

describe('cli dedup', () => {
  test('pairs → {id, duplicate, score}', () => {
    const a = { channel: 'miniprogram', text: '菜场后面下水道堵了，黑水往外冒', lat: 29.8012, lng: 116.1203, at: '2026-04-18T07:30:00+08:00' };
    const b = { channel: 'grid_visit', text: '巡查发现黄花菜市场后侧下水道污水外溢，路面积污，需疏通。', lat: 29.8014, lng: 116.1205, at: '2026-04-18T10:00:00+08:00' };
    const far = { ...b, lat: 29.81 };
    const r = run(['dedup'], [{ id: 'p', a, b }, { id: 'n', a, b: far }, { id: 'bad', a }]);
    expect(r.parsed).toEqual([
      { id: 'p', duplicate: true, score: expect.any(Number) },
      { id: 'n', duplicate: false, score: expect.any(Number) },
    ]);
    expect(r.errors).toMatchObject([{ id: 'bad' }]);
  });
});

describe('cli deadline (M-14a)', () => {
  const r = run(
    ['deadline'],
    [
      { id: 'mon', from: '2026-03-02T10:00:00+08:00', kind: 'normal-checkin' }, // Monday 10:00 → Wednesday
      { id: 'sat', from: '2026-03-07T15:00:00+08:00', kind: 'normal-checkin' }, // Saturday → Tuesday
      { id: 'holiday', from: '2026-09-30T16:00:00+08:00', kind: 'normal-checkin' }, // last working day before National Day
      { id: 'urgent-sun', from: '2026-03-08T23:00:00+08:00', kind: 'urgent-checkin' }, // same day, working day or not
      { id: 'utc', from: '2026-03-01T20:00:00Z', kind: 'urgent-checkin' }, // already Monday in CST
      { id: 'n10', from: '2026-03-02T10:00:00+08:00', kind: 'working-days', days: 10 },
      { id: 'no-offset', from: '2026-03-02T10:00:00', kind: 'normal-checkin' },
      { id: 'bad-kind', from: '2026-03-02T10:00:00+08:00', kind: 'soon' },
      { id: 'no-days', from: '2026-03-02T10:00:00+08:00', kind: 'working-days' },
    ],
  );

  test('due dates end at 23:59:59+08:00 per M-14a', () => {
    expect(r.parsed).toEqual([
      { id: 'mon', due: '2026-03-04T23:59:59+08:00' },
      { id: 'sat', due: '2026-03-10T23:59:59+08:00' },
      { id: 'holiday', due: '2026-10-09T23:59:59+08:00' },
      { id: 'urgent-sun', due: '2026-03-08T23:59:59+08:00' },
      { id: 'utc', due: '2026-03-02T23:59:59+08:00' },
      { id: 'n10', due: '2026-03-16T23:59:59+08:00' },
    ]);
  });

  test('invalid lines are reported with their ids', () => {
    expect(r.errors.map((e) => e.id)).toEqual(['no-offset', 'bad-kind', 'no-days']);
  });
});

describe('cli usage', () => {
  test('unknown command → exit 2, nothing on stdout', () => {
    const r = run(['frobnicate'], []);
    expect(r.status).toBe(2);
    expect(r.out).toHaveLength(0);
  });
});
