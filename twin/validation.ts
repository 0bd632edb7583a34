import type { ZodType, ZodTypeDef } from 'zod';

/** Formats zod issues as `path: message; …` for error replies. */
export function describeIssues(error: { issues: { path: (string | number)[]; message: string }[] }): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ');
}

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

export function check<T>(schema: ZodType<T, ZodTypeDef, unknown>, input: unknown): Checked<T> {
  const r = schema.safeParse(input);
  return r.success ? { ok: true, value: r.data } : { ok: false, message: describeIssues(r.error) };
}
