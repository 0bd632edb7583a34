import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { describeIssues } from '../validation';

/** CloudBase function names: a letter, then letters, digits, `-` or `_`; at most 60 characters. */
export const FUNCTION_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,59}$/;

const Trigger = z.object({ name: z.string().min(1), type: z.string(), config: z.string() });
const FunctionConfig = z
  .object({
    permissions: z.object({ openapi: z.array(z.string()).optional() }).passthrough().optional(),
    triggers: z.array(Trigger).optional(),
    /** Seconds, as in CloudBase's function settings. */
    timeout: z.number().positive().max(900).optional(),
  })
  .passthrough();
export type FunctionConfig = z.infer<typeof FunctionConfig>;
export type TriggerConfig = z.infer<typeof Trigger>;

export function functionEntry(functionsDir: string, name: string): string | undefined {
  if (!FUNCTION_NAME.test(name)) return undefined;
  const entry = path.join(functionsDir, name, 'index.js');
  return fs.existsSync(entry) ? entry : undefined;
}

/** Reads `<functionsDir>/<name>/config.json`; {} when absent. Throws with a clear message when invalid. */
export function readFunctionConfig(functionsDir: string, name: string): FunctionConfig {
  const file = path.join(functionsDir, name, 'config.json');
  if (!fs.existsSync(file)) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file} is not valid JSON: ${(err as Error).message}`);
  }
  const r = FunctionConfig.safeParse(raw);
  if (!r.success) throw new Error(`${file}: ${describeIssues(r.error)}`);
  return r.data;
}

/** Names of the functions present in functionsDir (folders with an index.js). */
export function listFunctions(functionsDir: string): string[] {
  if (!fs.existsSync(functionsDir)) return [];
  return fs
    .readdirSync(functionsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && FUNCTION_NAME.test(d.name) && fs.existsSync(path.join(functionsDir, d.name, 'index.js')))
    .map((d) => d.name)
    .sort();
}
