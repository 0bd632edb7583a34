// Photo content security with the twin's message push on (as in `npm start` and the e2e twin): WeChat's
// `wxa_media_check` verdict reaches the `content` function by itself shortly after intake (issue 5 §7) —
// an ordinary photo clears the case for the community, a photo carrying a risky word of the twin's list
// (`twin-abuse`) is hidden and its reporter told. Manual verdicts: tests/functions/media-check.test.ts.
import { call, MEDIA_PUSH, type Twin } from '../helpers/twin-harness';
import { seededTwinPerFile } from '../helpers/twin-per-file';
import { RESIDENT, XH, requestId, uploadPhoto } from '../helpers/whistle-flows';

let twin: Twin;
seededTwinPerFile((t) => (twin = t), { messagePush: MEDIA_PUSH });

const upload = (name: string, bytes: Buffer) => uploadPhoto(twin, name, bytes);

const stored = (caseId: string) => twin.db.browse('cases', { limit: 10_000 }).find((d) => (d as { _id: string })._id === caseId) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Waits until no photo verdict of the case is pending (the push arrives asynchronously). */
async function verdictsIn(caseId: string): Promise<Record<string, any>> { // eslint-disable-line @typescript-eslint/no-explicit-any
  for (let i = 0; i < 300; i++) {
    const doc = stored(caseId);
    if (doc.contentCheck.images !== 'pending') return doc;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no verdict pushed for case ${caseId}`);
}

test('an ordinary photo: the pushed pass verdict of its check opens the case beyond the grid', async () => {
  const photo = await upload('heap.jpg', Buffer.from('jpeg bytes of a rubbish heap'));
  const { caseId } = await call(twin, RESIDENT, 'cases', 'submit', {
    clientRequestId: requestId('push'),
    matterType: 'garbage_pile',
    text: '富民社区3栋楼下垃圾堆了三天没人清理',
    grid: XH.grid,
    photos: [photo],
  });
  const traceId = stored(caseId).contentCheck.photos[0].traceId;
  expect(twin.outbox()).toContainEqual(expect.objectContaining({ apiName: 'security.mediaCheckAsync', result: expect.objectContaining({ trace_id: traceId }) }));

  expect(await verdictsIn(caseId)).toMatchObject({ visibleBeyondGrid: true, photos: [photo], contentCheck: { images: 'pass', pending: [] } });
  expect((await call(twin, XH.community, 'cases', 'get', { caseId })).case.photos).toHaveLength(1);
  const forGrid = await call(twin, XH.gridWorker, 'cases', 'get', { caseId });
  expect(forGrid.actions.map((a) => a.action)).toContain('escalate');
  const events = twin.db.browse('events', { limit: 10_000 }).filter((e) => (e as { entityId: string }).entityId === caseId) as { action: string; actor: { role: string } }[];
  expect(events.map((e) => [e.action, e.actor.role])).toContainEqual(['media_verdict', 'system']);
});

test('a photo carrying a risky word is hidden by the pushed verdict; the text stays and the case goes on', async () => {
  const photo = await upload('bad.jpg', Buffer.from('jpeg bytes … comment: twin-abuse …'));
  const { caseId } = await call(twin, RESIDENT, 'cases', 'submit', {
    clientRequestId: requestId('push'),
    matterType: 'streetlight_broken',
    text: '富民路北段路灯一到晚上就不亮，老人走路害怕',
    grid: XH.grid,
    photos: [photo],
  });
  expect(await verdictsIn(caseId)).toMatchObject({ visibleBeyondGrid: true, photos: [], contentCheck: { images: 'rejected' } });
  expect((await call(twin, RESIDENT, 'cases', 'get', { caseId })).case.contentNotice).toContain('辱骂');
  expect(JSON.stringify(await call(twin, XH.community, 'cases', 'get', { caseId }))).not.toContain(photo);
});
