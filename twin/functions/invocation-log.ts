export type InvocationStatus = 'running' | 'ok' | 'error' | 'timeout' | 'crash';

export interface LogLine {
  at: string;
  level: string;
  text: string;
}

export interface InvocationRecord {
  invocationId: string;
  functionName: string;
  source: string;
  openId: string;
  trigger?: string;
  startedAt: string;
  durationMs?: number;
  status: InvocationStatus;
  error?: { code: string; message: string };
  logs: LogLine[];
  /** Set when lines were dropped because the invocation logged too much. */
  truncated?: boolean;
}

const MAX_LINES_PER_INVOCATION = 500;
const MAX_LINE_CHARS = 8000;

/** The last N invocations with their console output (`GET /_twin/logs`). */
export class InvocationLog {
  private readonly records: InvocationRecord[] = [];

  constructor(private readonly limit: number) {}

  start(record: Omit<InvocationRecord, 'status' | 'logs'>): InvocationRecord {
    const full: InvocationRecord = { ...record, status: 'running', logs: [] };
    this.records.push(full);
    if (this.records.length > this.limit) this.records.splice(0, this.records.length - this.limit);
    return full;
  }

  append(record: InvocationRecord, level: string, text: string, at: Date): void {
    if (record.logs.length >= MAX_LINES_PER_INVOCATION) {
      record.truncated = true;
      return;
    }
    record.logs.push({ at: at.toISOString(), level, text: text.length > MAX_LINE_CHARS ? `${text.slice(0, MAX_LINE_CHARS)}…` : text });
  }

  list(filter: { functionName?: string; limit?: number } = {}): InvocationRecord[] {
    const matching = filter.functionName ? this.records.filter((r) => r.functionName === filter.functionName) : this.records;
    return matching.slice(-(filter.limit ?? this.limit)).reverse();
  }

  clear(): void {
    this.records.length = 0;
  }
}
