import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const RUNNER = path.join(__dirname, 'runner.cjs');

export type WorkerOutcome =
  | { kind: 'ok'; result: unknown }
  | { kind: 'error'; code: 'FUNCTION_ERROR' | 'FUNCTION_RESULT_INVALID'; message: string; stack?: string }
  | { kind: 'timeout' }
  | { kind: 'crash'; message: string };

export interface WorkerRun {
  invocationId: string;
  event: unknown;
  context: Record<string, unknown>;
  /** Per-invocation environment (WX_OPENID, …), set in the worker before main runs. */
  env: Record<string, string>;
  timeoutMs: number;
  onLog: (level: string, text: string) => void;
}

type RunnerMessage =
  | { type: 'ready'; loadError?: string }
  | { type: 'log'; invocationId: string | null; level: string; text: string }
  | { type: 'result'; invocationId: string; ok: true; json?: string }
  | { type: 'result'; invocationId: string; ok: false; error: { code: 'FUNCTION_ERROR' | 'FUNCTION_RESULT_INVALID'; message: string; stack?: string } };

interface Pending {
  run: WorkerRun;
  resolve: (o: WorkerOutcome) => void;
  timer: NodeJS.Timeout;
}

/** One worker process, dedicated to one function, running one invocation at a time. */
export class FunctionWorker {
  private readonly child: ChildProcess;
  private pending: Pending | undefined;
  private readonly stderrTail: string[] = [];
  private exitedFlag = false;
  private closedFlag = false;
  private killed = false;
  idleSince = Date.now();

  constructor(
    readonly functionName: string,
    readonly entry: string,
    readonly entryMtimeMs: number,
    env: Record<string, string>,
    private readonly onStrayLog: (level: string, text: string) => void,
  ) {
    this.child = fork(RUNNER, [entry], {
      cwd: path.dirname(entry),
      env,
      execArgv: [],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    this.pipeLines(this.child.stdout, 'stdout');
    this.pipeLines(this.child.stderr, 'stderr');
    this.child.on('message', (m) => this.onMessage(m as RunnerMessage));
    this.child.on('exit', () => {
      this.exitedFlag = true;
    });
    // 'close' comes after the stdio streams are drained, so a crash report includes the last stderr lines.
    this.child.on('close', (code, signal) => this.onClose(code, signal));
    this.child.on('error', (err) => this.onStrayLog('error', `worker error: ${err.message}`));
  }

  get alive(): boolean {
    return !this.exitedFlag && !this.killed;
  }

  get busy(): boolean {
    return this.pending !== undefined;
  }

  run(run: WorkerRun): Promise<WorkerOutcome> {
    if (this.pending) throw new Error('worker is busy');
    if (this.exitedFlag) return Promise.resolve({ kind: 'crash', message: 'worker exited before the invocation started' });
    this.stderrTail.length = 0;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.settle({ kind: 'timeout' });
        this.kill();
      }, run.timeoutMs);
      this.pending = { run, resolve, timer };
      this.child.send({ type: 'invoke', invocationId: run.invocationId, event: run.event, context: run.context, env: run.env });
    });
  }

  kill(): void {
    this.killed = true;
    if (!this.exitedFlag) this.child.kill('SIGKILL');
  }

  /** Resolves once the process is gone (or at once if it already is). */
  exited(): Promise<void> {
    if (this.closedFlag) return Promise.resolve();
    return new Promise((resolve) => this.child.once('close', () => resolve()));
  }

  private settle(outcome: WorkerOutcome): void {
    const p = this.pending;
    if (!p) return;
    clearTimeout(p.timer);
    this.pending = undefined;
    this.idleSince = Date.now();
    p.resolve(outcome);
  }

  private log(level: string, text: string, invocationId: string | null): void {
    // Error output is kept for crash reports (console.error arrives over IPC, the rest on stderr).
    if ((level === 'stderr' || level === 'error') && text.trim()) {
      this.stderrTail.push(text.trim());
      if (this.stderrTail.length > 10) this.stderrTail.shift();
    }
    if (this.pending && (invocationId === null || invocationId === this.pending.run.invocationId)) this.pending.run.onLog(level, text);
    else this.onStrayLog(level, text);
  }

  private onMessage(msg: RunnerMessage): void {
    if (msg.type === 'log') this.log(msg.level, msg.text, msg.invocationId);
    else if (msg.type === 'ready' && msg.loadError) this.onStrayLog('error', `failed to load ${this.entry}: ${msg.loadError}`);
    else if (msg.type === 'result' && this.pending?.run.invocationId === msg.invocationId) {
      if (!msg.ok) this.settle({ kind: 'error', ...msg.error });
      else {
        try {
          this.settle({ kind: 'ok', result: msg.json === undefined ? null : JSON.parse(msg.json) });
        } catch (err) {
          this.settle({ kind: 'error', code: 'FUNCTION_RESULT_INVALID', message: (err as Error).message });
        }
      }
    }
  }

  private onClose(code: number | null, signal: NodeJS.Signals | null): void {
    this.exitedFlag = true;
    this.closedFlag = true;
    const how = signal ? `signal ${signal}` : `code ${code}`;
    const tail = this.stderrTail.length ? `; last error output: ${this.stderrTail.join(' | ')}` : '';
    this.settle({ kind: 'crash', message: `worker process exited with ${how} during the invocation${tail}` });
  }

  private pipeLines(stream: NodeJS.ReadableStream | null, level: 'stdout' | 'stderr'): void {
    if (!stream) return;
    let buffered = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) this.onLine(level, line);
    });
    stream.on('end', () => {
      if (buffered) this.onLine(level, buffered);
    });
  }

  private onLine(level: 'stdout' | 'stderr', line: string): void {
    this.log(level, line, null);
  }
}
