// QR places: the mini-program code of each place (wxacode.getUnlimited, scene = place code) is permanent,
// so it is generated once, uploaded to `qrcodes/<code>.png` and recorded in `qr_codes` (doc id = place
// code); later calls reuse it. Posters carry the stored code and are redrawn on each request (names change).
import { DomainError, type ActorRef, type CountyConfig, type QrPoint } from '../../domain';
import { PLACE_CODE_PAGE, type PlaceCodeResult, type PlaceList, type PlacePosterResult } from '../../domain/api/admin';
import { readOne, runTransaction } from '../../server/db';
import { tempUrls } from '../../server/files';
import type { CallContext } from '../../server/handler';
import { sdk } from '../../server/sdk';
import { readCounty } from './config-store';
import { gridOf } from './edits';
import { POSTER_HEIGHT, POSTER_WIDTH, composePoster } from './poster';

export const QR_CODES = 'qr_codes';

interface QrCodeDoc {
  _id: string;
  code: string;
  scene: string;
  page: string;
  fileID: string;
  createdAt: string;
  createdBy: ActorRef;
}

function placeOf(county: CountyConfig, code: string): QrPoint {
  const place = county.qrPoints.find((p) => p.code === code);
  if (!place) throw new DomainError('NOT_FOUND', `未找到二维码点位：${code}`);
  return place;
}

function gridName(county: CountyConfig, grid: string): string {
  const where = gridOf(county, grid);
  return where ? `${where.township.name}${where.community.name}${where.grid.name}` : grid;
}

async function tempUrl(fileID: string): Promise<string> {
  const url = (await tempUrls([fileID]))[fileID];
  if (!url) throw new DomainError('NOT_FOUND', '文件暂时无法下载，请稍后重试');
  return url;
}

export async function listPlaces(ctx: CallContext): Promise<PlaceList> {
  const { county, version } = await readCounty(ctx.db);
  const codes = county.qrPoints.map((p) => p.code);
  const stored = codes.length
    ? ((await ctx.db.collection(QR_CODES).where({ _id: ctx.db.command.in(codes) }).limit(codes.length).get()) as unknown as { data: { _id: string }[] }).data
    : [];
  const generated = new Set(stored.map((d) => d._id));
  return { items: county.qrPoints.map((p) => ({ ...p, gridName: gridName(county, p.grid), hasCode: generated.has(p.code) })), version };
}

/** The stored code of a place, generating and recording it on first use. */
async function storedCode(ctx: CallContext, by: ActorRef, place: QrPoint): Promise<QrCodeDoc> {
  const existing = await readOne<QrCodeDoc>(ctx.db.collection(QR_CODES), place.code);
  if (existing?.fileID && existing.scene === place.code) return existing;

  const cloud = sdk();
  const res = (await cloud.openapi.wxacode.getUnlimited({
    scene: place.code,
    page: PLACE_CODE_PAGE,
    checkPath: false,
    envVersion: 'release',
    width: 430,
  })) as { buffer: Buffer; contentType?: string };
  const { fileID } = await cloud.uploadFile({ cloudPath: `qrcodes/${place.code}.png`, fileContent: res.buffer });
  const doc: QrCodeDoc = { _id: place.code, code: place.code, scene: place.code, page: PLACE_CODE_PAGE, fileID, createdAt: ctx.now.toISOString(), createdBy: by };
  return runTransaction(ctx.db, async (tx) => {
    const ref = tx.collection(QR_CODES).doc(place.code);
    // A concurrent first call may have stored its code meanwhile: keep that one (both files are the same code).
    const raced = (await ref.get()).data as Omit<QrCodeDoc, '_id'> | null | undefined;
    if (raced?.fileID && raced.scene === place.code) return { ...raced, _id: place.code };
    const { _id, ...data } = doc;
    void _id;
    await ref.set({ data });
    await tx.collection('events').add({
      data: { entity: 'qr_code', entityId: place.code, action: 'generate_qr_code', actor: by, at: doc.createdAt, before: null, after: { fileID, scene: doc.scene, page: doc.page }, data: { name: place.name, grid: place.grid } },
    });
    return doc;
  });
}

export async function placeCode(ctx: CallContext, by: ActorRef, code: string): Promise<PlaceCodeResult> {
  const { county } = await readCounty(ctx.db);
  const stored = await storedCode(ctx, by, placeOf(county, code));
  return { fileID: stored.fileID, url: await tempUrl(stored.fileID), scene: stored.scene, page: stored.page };
}

export async function placePoster(ctx: CallContext, by: ActorRef, code: string): Promise<PlacePosterResult> {
  const { county } = await readCounty(ctx.db);
  const place = placeOf(county, code);
  const stored = await storedCode(ctx, by, place);
  const cloud = sdk();
  const qr = (await cloud.downloadFile({ fileID: stored.fileID })) as unknown as { fileContent: Buffer };
  const { png } = await composePoster(qr.fileContent, {
    placeName: place.name,
    gridName: gridName(county, place.grid),
    footer: `${county.county.name}${county.county.whistleOffice.name}`,
  });
  const { fileID } = await cloud.uploadFile({ cloudPath: `posters/${place.code}.png`, fileContent: png });
  return { fileID, url: await tempUrl(fileID), width: POSTER_WIDTH, height: POSTER_HEIGHT };
}
