import { Cron } from 'croner';

/**
 * CloudBase timer triggers use a 7-field cron: `sec min hour day month week year`, in UTC+8.
 * croner takes the first six; it has no year field, so the year is matched here (hand-written:
 * a few lines for `*`, `N`, `N-M`, `/step` and lists).
 */
export interface CloudBaseCron {
  /** The 6-field pattern for croner. */
  pattern: string;
  yearMatches(year: number): boolean;
}

export const CLOUDBASE_TIMEZONE = 'Asia/Shanghai';

function yearMatcher(field: string): ((year: number) => boolean) | string {
  const parts = field.split(',');
  const tests: ((y: number) => boolean)[] = [];
  for (const part of parts) {
    const m = /^(\*|\d{4}(?:-\d{4})?)(?:\/(\d+))?$/.exec(part);
    if (!m) return `invalid year field "${field}"`;
    const [range, stepText] = [m[1], m[2]];
    const step = stepText ? Number(stepText) : 1;
    if (step < 1) return `invalid step in year field "${field}"`;
    let from = 1970;
    let to = 2099;
    if (range !== '*') {
      const [a, b] = range.split('-').map(Number);
      from = a;
      to = b ?? (stepText ? 2099 : a);
      if (to < from) return `invalid year range "${range}"`;
    }
    tests.push((y) => y >= from && y <= to && (y - from) % step === 0);
  }
  return (y) => tests.some((t) => t(y));
}

export function parseCloudBaseCron(expr: string): { ok: true; value: CloudBaseCron } | { ok: false; message: string } {
  const fields = expr.trim().split(/\s+/);
  if (fields.length !== 7) {
    return { ok: false, message: `"${expr}": CloudBase cron needs 7 fields (sec min hour day month week year), got ${fields.length}` };
  }
  const years = yearMatcher(fields[6]);
  if (typeof years === 'string') return { ok: false, message: `"${expr}": ${years}` };
  const pattern = fields.slice(0, 6).join(' ');
  try {
    new Cron(pattern, { paused: true, timezone: CLOUDBASE_TIMEZONE }).stop();
  } catch (err) {
    return { ok: false, message: `"${expr}": ${(err as Error).message}` };
  }
  return { ok: true, value: { pattern, yearMatches: years } };
}

/** The year of `at` in UTC+8. */
export function cloudBaseYear(at: Date): number {
  return new Date(at.getTime() + 8 * 3600 * 1000).getUTCFullYear();
}
