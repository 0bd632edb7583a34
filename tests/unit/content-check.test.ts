// Photo content security in the domain (issue 5 §7): who sees a case while its photos await a verdict,
// escalation held at the grid, verdicts / timeout / the grid worker's review through the transition table.
import { canView, type CaseDoc } from '../../domain';
import { hiddenFileIds, hiddenPhotoNotice, initialContentCheck, visibleBeyondGrid } from '../../domain/contentCheck';
import { A, T0, act, daysLater, freshCase, refusal } from './fixtures';

function held(photos = ['cloud://p1.jpg', 'cloud://p2.jpg'], traces = ['t1', 't2']): CaseDoc {
  const doc = freshCase({ photos });
  initialContentCheck(doc, { text: 'pass', photos: photos.map((fileID, i) => ({ fileID, traceId: traces[i] })), now: T0 });
  return doc;
}

test('a new case without photos is visible; with photos it waits, with a 30-minute review deadline', () => {
  expect(visibleBeyondGrid(freshCase({ photos: [] }))).toBe(true);
  const legacy = freshCase();
  delete legacy.visibleBeyondGrid; // cases stored before content checks count as cleared
  expect(visibleBeyondGrid(legacy)).toBe(true);
  const doc = held();
  expect(doc).toMatchObject({ visibleBeyondGrid: false, contentCheck: { images: 'pending', pending: ['t1', 't2'], reviewDue: new Date(T0.getTime() + 30 * 60_000).toISOString() } });
  // A photo whose check could not even be requested goes straight to the grid worker.
  expect(held(['cloud://p1.jpg'], ['']).contentCheck).toMatchObject({ images: 'review', pending: [], reviewDue: null });
});

test('while held only the reporter and the grid worker of the grid see it, and it cannot be escalated', () => {
  const doc = held();
  expect(canView('case', doc, A.reporter)).toBe(true);
  expect(canView('case', doc, A.gridWorker)).toBe(true);
  for (const other of [A.otherGridWorker, A.community, A.township, A.office, A.leader, A.otherResident]) expect(canView('case', doc, other)).toBe(false);
  expect(refusal(() => act('case', doc, 'escalate', A.gridWorker, { reason: '需社区协调' })).code).toBe('CONTENT_PENDING');
  const due = { ...doc, deadlines: { ...doc.deadlines, claimDue: T0.toISOString() } };
  expect(refusal(() => act('case', due, 'auto_escalate', A.system, {}, daysLater(T0, 3))).code).toBe('CONTENT_PENDING');
});

test('verdicts: pass clears, risky hides the photo with a reason and tells the reporter; a decided photo stays decided', () => {
  let doc = held();
  const first = act('case', doc, 'media_verdict', A.system, { traceId: 't1', suggest: 'risky', label: 20002 });
  expect(first.effects).toContainEqual({ kind: 'notify', to: 'reporter', template: 'photo_rejected' });
  doc = first.next;
  expect(doc.photos).toEqual(['cloud://p2.jpg']);
  expect(doc.visibleBeyondGrid).toBe(false);
  doc = act('case', doc, 'media_verdict', A.system, { traceId: 't2', suggest: 'pass' }).next;
  expect(doc).toMatchObject({ visibleBeyondGrid: true, contentCheck: { images: 'rejected', pending: [] } });
  expect(canView('case', doc, A.community)).toBe(true);
  expect([...hiddenFileIds(doc)]).toEqual(['cloud://p1.jpg']);
  expect(hiddenPhotoNotice(doc.contentCheck)).toContain('含有色情内容');
  expect(refusal(() => act('case', doc, 'media_verdict', A.system, { traceId: 't1', suggest: 'pass' })).code).toBe('ILLEGAL_TRANSITION');
  expect(refusal(() => act('case', doc, 'media_verdict', A.system, { traceId: 'unknown', suggest: 'pass' })).code).toBe('NOT_FOUND');
  expect(refusal(() => act('case', doc, 'media_verdict', A.gridWorker, { traceId: 't2', suggest: 'pass' })).code).toBe('FORBIDDEN_ROLE');
});

test('timeout → review; the grid worker of the grid releases or hides', () => {
  const doc = held();
  expect(refusal(() => act('case', doc, 'media_timeout', A.system, {}, T0)).code).toBe('DEADLINE_NOT_REACHED');
  const late = act('case', doc, 'media_timeout', A.system, {}, new Date(T0.getTime() + 31 * 60_000));
  expect(late.next.contentCheck).toMatchObject({ images: 'review', pending: [], reviewDue: null });
  expect(late.effects).toContainEqual({ kind: 'notify', to: 'level', unit: doc.grid, template: 'photo_review' });
  expect(refusal(() => act('case', late.next, 'release_photos', A.otherGridWorker, {})).code).toBe('OUT_OF_JURISDICTION');
  expect(refusal(() => act('case', late.next, 'release_photos', A.community, {})).code).toBe('FORBIDDEN_ROLE');
  const released = act('case', late.next, 'release_photos', A.gridWorker, { comment: '无不当内容' }).next;
  expect(released).toMatchObject({ visibleBeyondGrid: true, photos: doc.photos, contentCheck: { images: 'pass' } });
  expect(refusal(() => act('case', released, 'release_photos', A.gridWorker, {})).code).toBe('ILLEGAL_TRANSITION');
  const hidden = act('case', late.next, 'hide_photos', A.gridWorker, {}).next;
  expect(hidden).toMatchObject({ visibleBeyondGrid: true, photos: [], contentCheck: { images: 'rejected' } });
});
