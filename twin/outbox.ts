import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';

/** Something the twin would have sent to WeChat: subscribe messages, content checks. */
export interface OutboxItem {
  id: string;
  /** ISO time the twin received the call. */
  at: string;
  /** Open API name, e.g. `subscribeMessage.send`. */
  apiName: string;
  /** The request as WeChat would receive it (snake_case keys). Media bytes are summarised. */
  payload: Record<string, unknown>;
  /** The JSON reply the twin gave. */
  result: Record<string, unknown>;
  /** Function invocation that made the call, when known. */
  caller?: { functionName: string; invocationId: string };
}

/** In-memory outbox, mirrored to `<dataDir>/outbox.jsonl` when the twin has a data dir. */
export class Outbox {
  private items: OutboxItem[] = [];

  constructor(
    private readonly file: string | undefined,
    private readonly limit = 5000,
  ) {
    if (file && fs.existsSync(file)) {
      for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        try {
          this.items.push(JSON.parse(line) as OutboxItem);
        } catch {
          // A torn last line after a hard kill: skip it.
        }
      }
      this.items = this.items.slice(-this.limit);
    }
  }

  add(item: Omit<OutboxItem, 'id' | 'at'>, at: Date): OutboxItem {
    const full: OutboxItem = { id: randomUUID(), at: at.toISOString(), ...item };
    this.items.push(full);
    if (this.items.length > this.limit) this.items.splice(0, this.items.length - this.limit);
    if (this.file) {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      fs.appendFileSync(this.file, `${JSON.stringify(full)}\n`);
    }
    return full;
  }

  list(): OutboxItem[] {
    return this.items.slice();
  }

  clear(): void {
    this.items = [];
    if (this.file && fs.existsSync(this.file)) fs.rmSync(this.file);
  }
}
