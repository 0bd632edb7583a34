import { Cron } from 'croner';
import type { TwinLogger } from '../logger';
import { CLOUDBASE_TIMEZONE, cloudBaseYear, parseCloudBaseCron } from './cron';
import { listFunctions, readFunctionConfig, type TriggerConfig } from './function-config';

export interface TimerInfo {
  functionName: string;
  trigger: string;
  config: string;
  nextRun: string | null;
}

/** The event a timer trigger passes to main (SCF's timer event). */
export function timerEvent(triggerName: string, at: Date): Record<string, unknown> {
  return { Type: 'Timer', TriggerName: triggerName, Time: at.toISOString().replace(/\.\d{3}Z$/, 'Z'), Message: '' };
}

/** Finds a timer trigger in a function's config.json (read fresh, so edits apply to manual fires). */
export function findTimerTrigger(functionsDir: string, functionName: string, triggerName: string): TriggerConfig | undefined {
  return readFunctionConfig(functionsDir, functionName).triggers?.find((t) => t.type === 'timer' && t.name === triggerName);
}

/** Schedules every timer trigger declared in the functions' config.json files. */
export class TimerScheduler {
  private jobs: { functionName: string; trigger: TriggerConfig; cron: Cron }[] = [];

  constructor(
    private readonly functionsDir: string,
    private readonly fire: (functionName: string, trigger: string, at: Date) => Promise<void>,
    private readonly log: TwinLogger,
  ) {}

  start(): void {
    for (const functionName of listFunctions(this.functionsDir)) {
      let triggers: TriggerConfig[] = [];
      try {
        triggers = readFunctionConfig(this.functionsDir, functionName).triggers ?? [];
      } catch (err) {
        this.log('error', (err as Error).message);
        continue;
      }
      for (const trigger of triggers.filter((t) => t.type === 'timer')) {
        const parsed = parseCloudBaseCron(trigger.config);
        if (!parsed.ok) {
          this.log('error', `timer ${functionName}/${trigger.name}: ${parsed.message}`);
          continue;
        }
        const cron = new Cron(parsed.value.pattern, { timezone: CLOUDBASE_TIMEZONE, catch: true }, () => {
          const at = new Date();
          if (!parsed.value.yearMatches(cloudBaseYear(at))) return;
          void this.fire(functionName, trigger.name, at);
        });
        this.jobs.push({ functionName, trigger, cron });
        this.log('info', `timer ${functionName}/${trigger.name} scheduled (${trigger.config}, UTC+8)`);
      }
    }
  }

  list(): TimerInfo[] {
    return this.jobs.map((j) => ({
      functionName: j.functionName,
      trigger: j.trigger.name,
      config: j.trigger.config,
      nextRun: j.cron.nextRun()?.toISOString() ?? null,
    }));
  }

  stop(): void {
    for (const j of this.jobs) j.cron.stop();
    this.jobs = [];
  }
}
