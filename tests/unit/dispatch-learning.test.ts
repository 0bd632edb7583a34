// Smart dispatch (M-16): the duty-list proposal shifted by earlier dispatches; corrections weigh more.
import { isCorrection, proposeDispatch, routeMatter, type DispatchRecord } from '../../domain';
import { county } from './fixtures';

const route = routeMatter(county, 'land_ownership_dispute', 'dy'); // lead zrzy; co nync, mz
let n = 0;
const record = (lead: string, co: string[], corrected: boolean): DispatchRecord => ({
  county: 'hb',
  township: 'dy',
  matterType: 'land_ownership_dispute',
  whistleId: `w${++n}`,
  at: `2026-03-0${n}T00:00:00.000Z`,
  proposed: { lead: 'zrzy', co: ['nync', 'mz'] },
  chosen: { lead, co },
  corrected,
  by: 'p-office',
});

test('without history the three lists decide', () => {
  expect(route).toMatchObject({ handler: 'whistle', lead: 'zrzy' });
  expect(proposeDispatch(route, [])).toEqual({ lead: 'zrzy', co: ['nync', 'mz'], basis: { source: 'lists', dispatches: 0, corrections: 0, text: '依据：三张清单（M-16）' } });
});

test('one correction moves the lead and drops a co-handler nobody chose', () => {
  const p = proposeDispatch(route, [record('nync', ['zrzy'], true)])!;
  expect(p).toMatchObject({ lead: 'nync', co: ['zrzy'], basis: { source: 'history', dispatches: 1, corrections: 1 } });
  expect(p.basis.text).toBe('依据：三张清单 + 以往 1 次派哨（其中 1 次调整）（M-16）');
});

test('confirmations of the lists outweigh a single correction', () => {
  const history = [record('nync', ['zrzy'], true), record('zrzy', ['nync', 'mz'], false), record('zrzy', ['nync', 'mz'], false)];
  expect(proposeDispatch(route, history)).toMatchObject({ lead: 'zrzy', co: ['nync', 'mz'] });
});

test('a matter without departments has no proposal; corrections are detected on lead or co', () => {
  expect(proposeDispatch({ lead: undefined, co: [] }, [])).toBeNull();
  expect(isCorrection({ lead: 'a', co: ['b', 'c'] }, { lead: 'a', co: ['c', 'b'] })).toBe(false);
  expect(isCorrection({ lead: 'a', co: ['b'] }, { lead: 'a', co: ['b', 'c'] })).toBe(true);
  expect(isCorrection({ lead: 'a', co: [] }, { lead: 'b', co: [] })).toBe(true);
});
