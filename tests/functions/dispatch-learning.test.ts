// Smart dispatch (M-16) through the real whistles function: the office's proposal starts from the three
// lists, every dispatch is kept, and a correction (the office chose differently) shifts later proposals.
import type { Twin } from '../helpers/twin-harness';
import { indexedTwinPerFile } from '../helpers/twin-per-file';
import { DY, LAND, OFFICE, approvedWhistle, caseAtTownship, whistleAct } from '../helpers/whistle-flows';

let twin: Twin;
const { unindexed } = indexedTwinPerFile((t) => (twin = t));

async function submittedLandWhistle() {
  const caseId = await caseAtTownship(twin, DY, LAND.matterType);
  return approvedWhistle(twin, DY.township, LAND, [caseId]);
}

const leadAndCo = (w: Awaited<ReturnType<typeof whistleAct>>) => {
  const active = w.whistle.assignments.filter((a) => a.state !== 'returned');
  return { lead: active.find((a) => a.role === 'lead')?.dept, co: active.filter((a) => a.role === 'co').map((a) => a.dept).sort() };
};

test('a correction by the whistle office changes the next proposal for the same matter type and township', async () => {
  // First whistle: nothing dispatched before — the three lists decide (自然资源局 lead; 农业农村局, 民政局 co).
  const first = await submittedLandWhistle();
  expect(first.route?.proposal).toMatchObject({ lead: 'zrzy', co: ['nync', 'mz'], basis: { source: 'lists', dispatches: 0 } });
  expect(first.route?.proposal?.basis.text).toContain('依据：三张清单');

  // The office corrects: 农业农村局 leads, 自然资源局 assists.
  const corrected = await whistleAct(twin, OFFICE, first, 'dispatch', { lead: 'nync', co: ['zrzy'] });
  expect(leadAndCo(corrected)).toEqual({ lead: 'nync', co: ['zrzy'] });

  // Second whistle of the same type in the same township: the proposal follows the correction.
  const second = await submittedLandWhistle();
  expect(second.route?.proposal).toMatchObject({ lead: 'nync', co: ['zrzy'], basis: { source: 'history', dispatches: 1, corrections: 1 } });
  expect(second.route?.proposal?.basis.text).toContain('以往 1 次派哨（其中 1 次调整）');
  // The duty-list answer itself is unchanged (the lists are the county's configuration).
  expect(second.route).toMatchObject({ lead: 'zrzy' });

  // Accepting the proposal (no departments given) dispatches to it and counts as a confirmation.
  const accepted = await whistleAct(twin, OFFICE, second, 'dispatch', {});
  expect(leadAndCo(accepted)).toEqual({ lead: 'nync', co: ['zrzy'] });

  const third = await submittedLandWhistle();
  expect(third.route?.proposal).toMatchObject({ lead: 'nync', basis: { dispatches: 2, corrections: 1 } });
}, 120_000);

test('the dispatch history is read through its index', () => {
  expect(unindexed).toEqual([]);
});
