// Steps shared by the whistle and clock function tests, all through the real functions as demo people.
// Places and people come from the reference county (data/county.json) and scripts/lib/demo-accounts.ts.
import type { WhistleDetail } from '../../domain/api/whistles';
import { call, type Twin } from './twin-harness';

/** 大垸乡 (dy): 土地权属纠纷 is on its cooperative list → may whistle, lead 自然资源局, co 农业农村局 + 民政局 (M-2, M-3, M-16). */
export const DY = {
  grid: 'dy-dy-01',
  gridWorker: 'demo-grid-dy-dy-01',
  community: 'demo-community-dy-dy',
  township: 'demo-township-dy',
} as const;

/** 浔湖街道 (xh): 垃圾乱堆乱放 is a basic duty there (never whistled, M-3). */
export const XH = {
  grid: 'xh-fm-06',
  gridWorker: 'demo-grid-xh-fm-06',
  community: 'demo-community-xh-fm',
  township: 'demo-township-xh',
} as const;

export const OFFICE = 'demo-whistle-office';
export const LEADER = 'demo-leader';
export const RESIDENT = 'demo-resident';
export const RESIDENT_2 = 'demo-resident-2';
export const dept = (code: string) => `demo-dept-${code}`;

export const LAND = { matterType: 'land_ownership_dispute', title: '村民屋后土地权属争议', description: '两户村民对屋后一块地的归属争执不下，已经吵了半年，村里调解无果' };
export const FIRE_LANE = { matterType: 'fire_lane_blocked', title: '消防通道被长期占用', description: '小区3栋楼下消防通道被私家车长期占用，消防车进不来' };

let seq = 0;
export const requestId = (tag = 'req') => `${tag}-${Date.now().toString(36)}-${(++seq).toString(36)}`;

/** Uploads a photo as the H5 client does (gateway `uploadFile`) and returns its fileID. */
export async function uploadPhoto(twin: Twin, name: string, bytes: Buffer = Buffer.from(`jpeg bytes of ${name}`)): Promise<string> {
  const form = new FormData();
  form.append('cloudPath', `reports/${requestId('photo')}-${name}`);
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), name);
  const res = await fetch(`${twin.url}/_client/uploadFile`, { method: 'POST', body: form });
  return ((await res.json()) as { fileID: string }).fileID;
}

export async function submitCase(twin: Twin, opts: { grid: string; matterType: string; text: string; reporter?: string }) {
  const { caseId } = await call(twin, opts.reporter ?? RESIDENT, 'cases', 'submit', {
    clientRequestId: requestId('case'),
    text: opts.text,
    grid: opts.grid,
    matterType: opts.matterType,
    photos: [],
  });
  return caseId;
}

/** A report in `place` travels grid → community → township (M-8) and waits there for the township. */
export async function caseAtTownship(twin: Twin, place: typeof DY | typeof XH, matterType: string, reporter = RESIDENT): Promise<string> {
  const caseId = await submitCase(twin, { grid: place.grid, matterType, text: '村里两户人家为屋后一块地的归属吵了半年，请帮忙处理', reporter });
  let d = await call(twin, place.gridWorker, 'cases', 'act', { caseId, action: 'escalate', expectedVersion: 1, input: { reason: '涉及土地权属，需村里协调' } });
  d = await call(twin, place.community, 'cases', 'act', { caseId, action: 'escalate', expectedVersion: d.case.version, input: { reason: '村里调解无果，需乡镇处理' } });
  expect(d.case.state).toBe('township_pending');
  return caseId;
}

export async function whistleAct(twin: Twin, openid: string, w: WhistleDetail, action: string, input: Record<string, unknown> = {}): Promise<WhistleDetail> {
  return call(twin, openid, 'whistles', 'act', { whistleId: w.whistle.id, action, expectedVersion: w.whistle.version, input });
}

/** Township proposes (with `caseIds`), reviews and approves: a 平哨 lands at the whistle office, a 急哨 goes straight to its departments. */
export async function approvedWhistle(twin: Twin, township: string, fields: Record<string, unknown>, caseIds: string[]): Promise<WhistleDetail> {
  let w: WhistleDetail = await call(twin, township, 'whistles', 'propose', { clientRequestId: requestId('whistle'), ...(fields as typeof LAND), caseIds });
  w = await whistleAct(twin, township, w, 'review', { decision: 'pass', comment: '符合吹哨条件' });
  return whistleAct(twin, township, w, 'approve', { comment: '同意上报' });
}

/** A 平哨 on a land dispute in 大垸乡, dispatched by the whistle office to 自然资源局 (lead), 农业农村局 and 民政局. */
export async function dispatchedLandWhistle(twin: Twin): Promise<{ w: WhistleDetail; caseId: string }> {
  const caseId = await caseAtTownship(twin, DY, LAND.matterType);
  const submitted = await approvedWhistle(twin, DY.township, LAND, [caseId]);
  const w = await whistleAct(twin, OFFICE, submitted, 'dispatch', { lead: 'zrzy', co: ['nync', 'mz'] });
  return { w, caseId };
}
