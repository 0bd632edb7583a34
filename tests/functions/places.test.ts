// QR places through the admin function: only the 吹哨办 / administrators manage them; edits are validated
// and versioned; a place's mini-program code (scene = place code) is generated once and reused; the
// printable poster carries a code that still scans; a report made from a code records it.
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { call, errorCode, type Twin } from '../helpers/twin-harness';
import { indexedTwinPerFile } from '../helpers/twin-per-file';
import { OFFICE, RESIDENT, XH, requestId } from '../helpers/whistle-flows';

const ADMIN = 'demo-admin';

let twin: Twin;
const { unindexed } = indexedTwinPerFile((t) => (twin = t));

const PLACE = { code: 'pt-xh-fm-gate', name: '富民社区北门', grid: XH.grid, lat: 29.71, lng: 116.01, suggestedMatterTypes: ['garbage_pile'] };

const version = async () => (await call(twin, ADMIN, 'admin', 'listPlaces', {})).version;

async function png(url: string): Promise<{ width: number; height: number; data: Buffer }> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  return PNG.sync.read(Buffer.from(await res.arrayBuffer()));
}

const decode = (img: { width: number; height: number; data: Buffer }) => jsQR(new Uint8ClampedArray(img.data), img.width, img.height)?.data;

/** One audit event per generated code, written with the code's record: the number of wxacode.getUnlimited
 *  calls that produced a stored code. (The twin's outbox keeps JSON-reply APIs only, not wxacode's PNG replies.) */
const generated = () =>
  (twin.db.browse('events', { limit: 10_000 }) as { entity: string; entityId: string; action: string; after: { fileID: string; scene: string; page: string } }[]).filter(
    (e) => e.entity === 'qr_code' && e.action === 'generate_qr_code',
  );

test('only the whistle office and administrators manage places', async () => {
  const v = await version();
  for (const who of [RESIDENT, XH.gridWorker, XH.township, 'demo-leader']) {
    expect(await errorCode(call(twin, who, 'admin', 'listPlaces', {}))).toBe('FORBIDDEN_ROLE');
    expect(await errorCode(call(twin, who, 'admin', 'upsertPlace', { expectedVersion: v, place: PLACE }))).toBe('FORBIDDEN_ROLE');
    expect(await errorCode(call(twin, who, 'admin', 'placeCode', { code: 'pt-wl-school' }))).toBe('FORBIDDEN_ROLE');
    expect(await errorCode(call(twin, who, 'admin', 'placePoster', { code: 'pt-wl-school' }))).toBe('FORBIDDEN_ROLE');
  }
  expect(generated()).toEqual([]);
  expect((await call(twin, OFFICE, 'admin', 'listPlaces', {})).items.map((p) => p.code)).toContain('pt-wl-school');
  expect(await version()).toBe(v);
});

test('upsertPlace validates grid, matter types and the code; valid edits are versioned and in history', async () => {
  const before = await call(twin, ADMIN, 'admin', 'getCounty', {});
  const v = before.version;
  expect(await errorCode(call(twin, ADMIN, 'admin', 'upsertPlace', { expectedVersion: v, place: { ...PLACE, grid: 'no-such-grid' } }))).toBe('NOT_FOUND');
  expect(await errorCode(call(twin, ADMIN, 'admin', 'upsertPlace', { expectedVersion: v, place: { ...PLACE, suggestedMatterTypes: ['no_such_matter'] } }))).toBe('NOT_FOUND');
  // The code is the scene of the mini-program code: short, lower-case letters, digits and '-'.
  expect(await errorCode(call(twin, ADMIN, 'admin', 'upsertPlace', { expectedVersion: v, place: { ...PLACE, code: 'Bad_Code' } }))).toBe('VALIDATION');
  expect(await errorCode(call(twin, ADMIN, 'admin', 'upsertPlace', { expectedVersion: v, place: { ...PLACE, code: 'x'.repeat(25) } }))).toBe('VALIDATION');
  expect(await errorCode(call(twin, ADMIN, 'admin', 'upsertPlace', { expectedVersion: v - 1, place: PLACE }))).toBe('STALE_VERSION');
  expect(await call(twin, ADMIN, 'admin', 'getCounty', {})).toEqual(before);

  const added = await call(twin, OFFICE, 'admin', 'upsertPlace', { expectedVersion: v, place: PLACE, reason: '社区申请张贴' });
  expect(added).toMatchObject({ version: v + 1, changed: true });
  expect(added.change?.summary).toBe('新增二维码点位：富民社区北门（pt-xh-fm-gate），浔湖街道富民社区富民社区第六网格，推荐事项：垃圾乱堆乱放');
  const renamed = await call(twin, ADMIN, 'admin', 'upsertPlace', { expectedVersion: added.version, place: { ...PLACE, name: '富民社区北大门' } });
  expect(renamed.change).toMatchObject({ action: 'upsertPlace', before: { name: '富民社区北门' }, after: { name: '富民社区北大门' } });
  // Saving the same place again changes nothing.
  expect((await call(twin, ADMIN, 'admin', 'upsertPlace', { expectedVersion: renamed.version, place: { ...PLACE, name: '富民社区北大门' } })).changed).toBe(false);

  const history = await call(twin, ADMIN, 'admin', 'history', { limit: 5 });
  expect(history.items.slice(0, 2).map((h) => [h.action, h.version])).toEqual([
    ['upsertPlace', v + 2],
    ['upsertPlace', v + 1],
  ]);
  expect(history.items[1]).toMatchObject({ reason: '社区申请张贴', by: { role: 'whistle_office', unit: 'hb' } });
  const listed = (await call(twin, ADMIN, 'admin', 'listPlaces', {})).items.find((p) => p.code === PLACE.code);
  expect(listed).toMatchObject({ name: '富民社区北大门', grid: XH.grid, gridName: '浔湖街道富民社区富民社区第六网格', hasCode: false });
});

test('placeCode: a real mini-program code whose scene is the place code, generated once and reused', async () => {
  const first = await call(twin, ADMIN, 'admin', 'placeCode', { code: PLACE.code });
  expect(first).toMatchObject({ scene: PLACE.code, page: 'pages/report/index' });
  const img = await png(first.url);
  expect(img.width).toBe(430);
  expect(decode(img)).toBe(PLACE.code);

  const again = await call(twin, OFFICE, 'admin', 'placeCode', { code: PLACE.code });
  expect(again.fileID).toBe(first.fileID);
  expect(generated()).toEqual([expect.objectContaining({ entityId: PLACE.code, after: { fileID: first.fileID, scene: PLACE.code, page: 'pages/report/index' } })]);
  expect((await call(twin, ADMIN, 'admin', 'listPlaces', {})).items.find((p) => p.code === PLACE.code)?.hasCode).toBe(true);
  expect(await errorCode(call(twin, ADMIN, 'admin', 'placeCode', { code: 'no-such-place' }))).toBe('NOT_FOUND');
  expect(twin.db.browse('qr_codes', { limit: 100 })).toEqual([expect.objectContaining({ scene: PLACE.code, fileID: first.fileID })]);
});

test('placePoster: a printable PNG of the expected size whose code still scans, reusing the stored code', async () => {
  const poster = await call(twin, OFFICE, 'admin', 'placePoster', { code: PLACE.code });
  expect(poster).toMatchObject({ width: 1240, height: 1754 });
  const img = await png(poster.url);
  expect([img.width, img.height]).toEqual([1240, 1754]);
  expect(decode(img)).toBe(PLACE.code);
  expect(generated()).toHaveLength(1);

  // A place without a code yet gets one on its first poster.
  const seeded = await call(twin, ADMIN, 'admin', 'placePoster', { code: 'pt-wl-school' });
  expect(decode(await png(seeded.url))).toBe('pt-wl-school');
  expect(generated().map((e) => e.entityId)).toEqual([PLACE.code, 'pt-wl-school']);
}, 30_000);

test('a report made from a place code records which code it came from', async () => {
  const { caseId } = await call(twin, RESIDENT, 'cases', 'submit', {
    clientRequestId: requestId('qr'),
    text: '北门口垃圾堆了好几天没人清理',
    grid: PLACE.grid,
    matterType: 'garbage_pile',
    photos: [],
    channel: 'qrcode',
    qrPoint: PLACE.code,
    place: { lat: PLACE.lat, lng: PLACE.lng },
  });
  const detail = await call(twin, RESIDENT, 'cases', 'get', { caseId });
  expect(detail.case.place?.qrPoint).toBe(PLACE.code);
});

test('every list query is index-backed', () => {
  expect(unindexed).toEqual([]);
});
