// Intake CLI (M-4…M-7, M-14a, M-16): JSON lines in on stdin, one JSON line out per input line.
//   npm run -s cli -- classify|dedup|deadline [--county <file>] [--seed <file> | --no-seed] [--corrections <jsonl>]
// stdout carries only result lines; a bad line is reported on stderr with its id (or line number)
// and processing continues. Exit code 1 if any line failed, 2 on usage errors.
import { createInterface } from 'node:readline';
import {
  calendarForCounty,
  computeDeadline,
  duplicateScore,
  routeMatter,
  type Classifier,
  type CountyConfig,
  type DedupReport,
} from '../domain';
import { classifierFromFlags, parseArgs, typedReport } from './lib/intake-kit';
import { runImport } from './cli-import';

const COMMANDS = ['classify', 'dedup', 'deadline'] as const;
type Command = (typeof COMMANDS)[number];
const DEADLINE_KINDS = ['normal-checkin', 'urgent-checkin', 'working-days'] as const;

class LineError extends Error {}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const str = (o: Record<string, unknown>, k: string, required = true): string | undefined => {
  const v = o[k];
  if (v === undefined || v === null) {
    if (required) throw new LineError(`missing "${k}"`);
    return undefined;
  }
  if (typeof v !== 'string' || (required && !v.trim())) throw new LineError(`"${k}" must be a non-empty string`);
  return v;
};

/** ISO-8601 with an explicit offset (Z or ±hh:mm) — a bare local time would depend on the machine's TZ. */
function instant(o: Record<string, unknown>, k: string): Date {
  const s = str(o, k)!;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(s)) throw new LineError(`"${k}" must be ISO-8601 with an offset`);
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) throw new LineError(`"${k}" is not a valid time`);
  return d;
}

/** 2026-10-09T23:59:59+08:00 */
export function toCstIso(d: Date): string {
  return `${new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

function handlers(county: CountyConfig, classifier: Classifier): Record<Command, (o: Record<string, unknown>) => Record<string, unknown>> {
  const calendar = calendarForCounty(county);
  const townships = new Set(county.townships.map((t) => t.code));
  const qrByGrid = new Map<string, string[]>();
  for (const q of county.qrPoints) qrByGrid.set(q.grid, [...(qrByGrid.get(q.grid) ?? []), ...q.suggestedMatterTypes]);

  const report = (o: unknown, name: string): DedupReport => {
    if (!isObject(o)) throw new LineError(`"${name}" must be an object`);
    const text = str(o, 'text')!;
    const at = instant(o, 'at');
    const num = (k: string) => {
      const v = o[k];
      if (v === undefined || v === null) return undefined;
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new LineError(`"${name}.${k}" must be a number`);
      return v;
    };
    const lat = num('lat');
    const lng = num('lng');
    if (lat !== undefined && (lat < -90 || lat > 90)) throw new LineError(`"${name}.lat" out of range`);
    if (lng !== undefined && (lng < -180 || lng > 180)) throw new LineError(`"${name}.lng" out of range`);
    // Proposed type (and runner-ups) from the classifier unless the caller gives a confirmed one.
    return typedReport(classifier, { channel: str(o, 'channel', false), text, lat, lng, at, matterType: str(o, 'matterType', false) });
  };

  return {
    classify(o) {
      const text = str(o, 'text')!;
      const township = str(o, 'township')!;
      if (!townships.has(township)) throw new LineError(`unknown township "${township}"`);
      const grid = str(o, 'grid', false);
      const channel = str(o, 'channel', false);
      // A QR report carries its place's likely types as a prior (M-4).
      const suggested = channel === 'qrcode' && grid ? qrByGrid.get(grid) : undefined;
      const c = classifier.classify(text, { suggested });
      const r = routeMatter(county, c.matterType, township);
      return {
        matterType: c.matterType,
        confidence: c.confidence,
        lowConfidence: c.lowConfidence,
        candidates: c.candidates,
        route: { handler: r.handler, ...(r.lead ? { lead: r.lead } : {}), ...(r.co ? { co: r.co } : {}), urgentEligible: r.urgentEligible },
      };
    },
    dedup(o) {
      const res = duplicateScore(report(o.a, 'a'), report(o.b, 'b'));
      return { duplicate: res.duplicate, score: res.score };
    },
    deadline(o) {
      const from = instant(o, 'from');
      const kind = str(o, 'kind')!;
      let due: Date;
      if (kind === 'normal-checkin') due = computeDeadline('checkin_normal', from, { county, calendar });
      else if (kind === 'urgent-checkin') due = computeDeadline('checkin_urgent', from, { county, calendar });
      else if (kind === 'working-days') {
        const days = o.days;
        if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > 366) throw new LineError('"days" must be an integer 1–366');
        due = calendar.workingDaysDue(from, days);
      } else throw new LineError(`"kind" must be one of ${DEADLINE_KINDS.join(', ')}`);
      return { due: toCstIso(due) };
    },
  };
}

async function main(): Promise<number> {
  const { positional, flags } = parseArgs(process.argv.slice(2));
  const command = positional[0] as Command | undefined;
  // `import <file>` talks to a running twin (scripts/cli-import.ts); the others are JSON lines in/out.
  if ((command as string) === 'import') return runImport(positional, flags);
  if (!command || !COMMANDS.includes(command)) {
    process.stderr.write(`usage: cli <${COMMANDS.join('|')}> [--county <file>] [--seed <file> | --no-seed] [--corrections <jsonl>] < lines.jsonl\n`);
    process.stderr.write('       cli import <file.csv|.json|.xlsx> [--channel hotline_12345|suggestion] [--twin URL]\n');
    return 2;
  }
  let setup: ReturnType<typeof classifierFromFlags>;
  try {
    setup = classifierFromFlags(flags);
  } catch (e) {
    process.stderr.write(`cannot load configuration: ${(e as Error).message}\n`);
    return 2;
  }
  const handle = handlers(setup.county, setup.classifier)[command];
  let failed = 0;
  let lineNo = 0;
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    lineNo++;
    if (!line.trim()) continue;
    let id: unknown = undefined;
    try {
      let o: unknown;
      try {
        o = JSON.parse(line);
      } catch {
        throw new LineError('not valid JSON');
      }
      if (!isObject(o)) throw new LineError('line must be a JSON object');
      id = o.id;
      if (id === undefined || id === null || (typeof id !== 'string' && typeof id !== 'number')) throw new LineError('missing "id"');
      process.stdout.write(`${JSON.stringify({ id, ...handle(o) })}\n`);
    } catch (e) {
      failed++;
      const why = e instanceof LineError ? e.message : `${(e as Error).name}: ${(e as Error).message}`;
      process.stderr.write(`${JSON.stringify({ id: id ?? null, line: lineNo, error: why })}\n`);
    }
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`${(e as Error).stack ?? e}\n`);
    process.exitCode = 2;
  },
);
