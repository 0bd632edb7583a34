// One seeded twin per function test file (twin-harness.ts starts it; this adds the file's lifecycle), and
// the variants the function tests share: every query answered without an index recorded, a movable clock.
import type { TwinLogger } from '../../twin/logger';
import { startSeededTwin, type Twin } from './twin-harness';

type SeededTwinOptions = NonNullable<Parameters<typeof startSeededTwin>[0]>;

/** Starts a seeded twin before the file's tests, hands it to `use` (which may prepare data) and closes it
 *  after them. */
export function seededTwinPerFile(use: (twin: Twin) => unknown, opts: SeededTwinOptions = {}): void {
  let twin: Twin | undefined;
  beforeAll(async () => {
    twin = await startSeededTwin(opts);
    await use(twin);
  }, 60_000);
  afterAll(async () => {
    await twin?.close();
  });
}

/** seededTwinPerFile with threshold 0: any query not narrowed by an index is reported and kept in the
 *  returned `unindexed`, which tests check with `expect(unindexed).toEqual([])`. `now`: see shiftedClock. */
export function indexedTwinPerFile(use: (twin: Twin) => unknown, opts: { now?: () => Date } = {}): { unindexed: string[] } {
  const unindexed: string[] = [];
  const logger: TwinLogger = (level, msg) => {
    if (level === 'warn' && msg.includes('unindexed')) unindexed.push(msg);
  };
  seededTwinPerFile(use, { ...opts, logger, scanWarnThreshold: 0 });
  return { unindexed };
}

/** The twin's clock for timer runs (`Time`): real time shifted by `offset` ms. Tests move `offset`; it goes
 *  back to 0 after each test. */
export interface ShiftedClock {
  offset: number;
  readonly now: () => Date;
}

export function shiftedClock(): ShiftedClock {
  const clock: ShiftedClock = { offset: 0, now: () => new Date(Date.now() + clock.offset) };
  afterEach(() => {
    clock.offset = 0;
  });
  return clock;
}
