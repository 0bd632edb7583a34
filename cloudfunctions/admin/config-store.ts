// The one path every configuration change takes: load → modify → validate (parseCounty + integrity) →
// save with a version check, a history entry and an audit event in one transaction → drop the cached copy.
import { DomainError, parseCounty, type CountyConfig } from '../../domain';
import type { ConfigChange, ConfigEditAction, ConfigEditResult } from '../../domain/api/admin';
import { invalidateCounty, loadCounty } from '../../server/county';
import { readOne, readPage, runTransaction, withoutId } from '../../server/db';
import type { CallContext } from '../../server/handler';
import type { Database } from '../../server/sdk';
import { requireEditor } from './access';
import type { Edit } from './edits';

const CONFIG = 'config';
const COUNTY_DOC = 'county';
export const CONFIG_HISTORY = 'config_history';

const RULES: Partial<Record<ConfigEditAction, string>> = {
  setDutyList: 'M-2',
  setLeadOverride: 'M-2',
  setUrgentList: 'M-13',
  upsertGrid: 'M-1',
  upsertCommunity: 'M-1',
};

interface CountyDoc {
  value: unknown;
  version?: number;
  updatedAt?: unknown;
}

const stale = () => new DomainError('STALE_VERSION', '县级配置已被他人修改，请刷新后重试');

function isoOrNull(at: unknown): string | null {
  if (typeof at === 'string') return at;
  return at instanceof Date ? at.toISOString() : null;
}

/** The stored configuration, read afresh (never the cached copy): what an editor bases an edit on. */
export async function readCounty(db: Database): Promise<{ county: CountyConfig; version: number; updatedAt: string | null }> {
  const doc = await readOne<CountyDoc>(db.collection(CONFIG), COUNTY_DOC);
  if (!doc) throw new DomainError('NOT_FOUND', '县级配置尚未导入，请联系管理员');
  return { county: parseCounty(doc.value), version: doc.version ?? 0, updatedAt: isoOrNull(doc.updatedAt) };
}

/** The caller as an editor of this county (FORBIDDEN_ROLE otherwise), checked before anything is read. */
export async function editorOf(ctx: CallContext) {
  const { county } = await loadCounty(ctx.db);
  return requireEditor(ctx.actor, county.county.code);
}

export async function editCounty(
  ctx: CallContext,
  action: ConfigEditAction,
  meta: { expectedVersion: number; reason: string },
  edit: (current: CountyConfig) => Edit,
): Promise<ConfigEditResult> {
  const by = await editorOf(ctx);
  const current = await readCounty(ctx.db);
  if (current.version !== meta.expectedVersion) throw stale();
  const change = edit(current.county);
  const next = parseCounty(change.next);
  if (JSON.stringify(next) === JSON.stringify(current.county)) return { version: current.version, changed: false, change: null };

  const version = current.version + 1;
  const at = ctx.now.toISOString();
  const record: ConfigChange = { version, at, by, action, summary: change.summary, reason: meta.reason, before: change.before ?? null, after: change.after ?? null };
  const rule = RULES[action];
  await runTransaction(ctx.db, async (tx) => {
    const ref = tx.collection(CONFIG).doc(COUNTY_DOC);
    const stored = (await ref.get()).data as CountyDoc | null | undefined;
    if ((stored?.version ?? 0) !== meta.expectedVersion) throw stale();
    await ref.set({ data: { value: next, version, updatedAt: at } });
    // One history entry per version: its id is the version, so two writers of one version cannot both land.
    await tx.collection(CONFIG_HISTORY).doc(`v${String(version).padStart(10, '0')}`).set({ data: record });
    await tx.collection('events').add({
      data: {
        entity: 'config',
        entityId: COUNTY_DOC,
        action,
        actor: by,
        at,
        before: { version: meta.expectedVersion },
        after: { version },
        data: { summary: change.summary, reason: meta.reason },
        ...(rule ? { rule } : {}),
      },
    });
  });
  invalidateCounty();
  return { version, changed: true, change: record };
}

/** Configuration changes, newest first (index `recent`). */
export async function configHistory(db: Database, cursor: string | undefined, limit: number) {
  const page = await readPage<ConfigChange & { _id: string }>(db.collection(CONFIG_HISTORY).orderBy('version', 'desc'), cursor, limit);
  return { items: page.rows.map((row): ConfigChange => withoutId(row)), nextCursor: page.nextCursor };
}
