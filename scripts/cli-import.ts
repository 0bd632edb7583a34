// `npm run -s cli -- import <file> [--channel hotline_12345|suggestion] [--twin URL] [--as openid] [--map 列名=field,…]`
// Parses a hand-over file with the same domain code as the workbench page (domain/intake), then sends it
// in chunks to the running twin's intake function as the 吹哨办 (dev gateway identity header — the twin
// must run with --dev, as `npm start` does). Progress and per-row errors (with row numbers) go to stderr
// as JSON lines; stdout carries one JSON summary. Exit 0 all rows imported, 1 some rows failed, 2 usage.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { CountyInfo } from '../domain/api';
import type { ImportBatchResult } from '../domain/api/intake';
import { IMPORT_CHANNELS, IMPORT_CHUNK, IMPORT_FIELDS, chunk, fileKind, guessMapping, missingFields, parseText, prepareImport, FIELD_LABELS, type ImportChannel, type ImportField, type ParsedTable, type RowError } from '../domain/intake';
import { parseXlsx } from '../domain/intake/xlsx';

const err = (o: Record<string, unknown>) => process.stderr.write(`${JSON.stringify(o)}\n`);

async function callFunction<T>(twin: string, openid: string, name: string, action: string, payload: unknown): Promise<T> {
  const res = await fetch(`${twin.replace(/\/$/, '')}/_client/callFunction`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-shaosheng-openid': openid },
    body: JSON.stringify({ name, data: { action, payload } }),
  });
  const body = (await res.json()) as { result?: { ok: boolean; data?: T; error?: { code: string; message: string } } };
  if (res.status !== 200 || !body.result) throw new Error(`twin replied ${res.status}: ${JSON.stringify(body)}`);
  if (!body.result.ok) throw new Error(`${body.result.error!.code}: ${body.result.error!.message}`);
  return body.result.data as T;
}

/** `--map "单号=sourceId,备注=text,来电内容=-"` (a dash drops a column). */
function mappingOverride(spec: string | undefined): Record<string, ImportField | null> {
  const out: Record<string, ImportField | null> = {};
  for (const part of (spec ?? '').split(',').filter((p) => p.trim())) {
    const [header, field] = part.split('=').map((s) => s.trim());
    if (field === '-') out[header] = null;
    else if ((IMPORT_FIELDS as readonly string[]).includes(field)) out[header] = field as ImportField;
    else throw new Error(`--map: unknown field "${field}" (fields: ${IMPORT_FIELDS.join(', ')})`);
  }
  return out;
}

async function readTable(file: string): Promise<ParsedTable> {
  const kind = fileKind(file);
  if (!kind) throw new Error('file must be .csv, .json, .jsonl or .xlsx');
  const bytes = readFileSync(file);
  return kind === 'xlsx' ? parseXlsx(bytes) : parseText(kind, bytes.toString('utf8'));
}

export async function runImport(positional: string[], flags: Map<string, string | true>): Promise<number> {
  const str = (k: string) => (typeof flags.get(k) === 'string' ? (flags.get(k) as string) : undefined);
  const file = positional[1];
  const channel = (str('channel') ?? 'hotline_12345') as ImportChannel;
  if (!file || !IMPORT_CHANNELS.includes(channel)) {
    process.stderr.write(`usage: cli import <file.csv|.json|.xlsx> [--channel ${IMPORT_CHANNELS.join('|')}] [--twin URL] [--as openid] [--map 列名=field,…]\n`);
    return 2;
  }
  const twin = str('twin') ?? process.env.TWIN_URL ?? 'http://127.0.0.1:9000';
  const openid = str('as') ?? 'demo-whistle-office';
  let table: ParsedTable;
  let override: Record<string, ImportField | null>;
  try {
    table = await readTable(file);
    override = mappingOverride(str('map'));
  } catch (e) {
    process.stderr.write(`cannot read ${file}: ${(e as Error).message}\n`);
    return 2;
  }
  const mapping = guessMapping(table.headers, override);
  const missing = missingFields(mapping);
  if (missing.length) {
    process.stderr.write(`no column for: ${missing.map((f) => `${f}（${FIELD_LABELS[f]}）`).join(', ')}; headers: ${table.headers.join(', ')} — use --map 列名=field\n`);
    return 2;
  }
  let county: CountyInfo;
  try {
    county = await callFunction<CountyInfo>(twin, openid, 'config', 'county', {});
  } catch (e) {
    process.stderr.write(`cannot reach the twin at ${twin}: ${(e as Error).message}\n`);
    return 2;
  }
  const prepared = prepareImport(table.records, mapping, county, table.firstRow);
  const errors: RowError[] = [...prepared.errors];
  for (const e of prepared.errors) err({ row: e.row, sourceId: e.sourceId ?? null, code: e.code, error: e.message });
  const batchId = `cli-${createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 12)}-${Date.now().toString(36)}`;
  const total = { created: 0, existing: 0 };
  let sent = 0;
  const parts = chunk(prepared.rows, IMPORT_CHUNK);
  for (const [i, part] of parts.entries()) {
    let res: ImportBatchResult;
    try {
      res = await callFunction<ImportBatchResult>(twin, openid, 'intake', 'importBatch', { channel, batchId, fileName: basename(file), rows: part });
    } catch (e) {
      // The whole chunk failed (e.g. no permission): report it and stop — later chunks would fail alike.
      const unsent = parts.slice(i).flat();
      for (const r of unsent) errors.push({ row: r.row, sourceId: r.sourceId, code: 'NOT_SENT', message: (e as Error).message });
      err({ error: (e as Error).message, notSent: unsent.map((r) => r.row) });
      break;
    }
    total.created += res.created;
    total.existing += res.existing;
    for (const r of res.results) {
      if (!r.ok) {
        errors.push({ row: r.row, sourceId: r.sourceId, code: r.code, message: r.message });
        err({ row: r.row, sourceId: r.sourceId ?? null, code: r.code, error: r.message });
      }
    }
    sent += part.length;
    err({ progress: { sent, total: prepared.rows.length } });
  }
  const rows = prepared.rows.length + prepared.errors.length;
  process.stdout.write(`${JSON.stringify({ file: basename(file), channel, batchId, rows, created: total.created, existing: total.existing, failed: errors.length, mapping })}\n`);
  return errors.length ? 1 : 0;
}
