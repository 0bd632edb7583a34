// People and their role bindings. The caller's identity comes from the platform only; request data names
// just the TARGET person. Bindings are validated against the org tree of the current configuration.
import type { z } from 'zod';
import { DomainError, ROLE_LABELS, type ActorRef, type Org, type RoleBinding, type UnitKind } from '../../domain';
import { maskPhone } from '../../domain/access';
import type { BINDABLE_ROLES, BindingResult, PersonView, bindingInput, listPeopleInput } from '../../domain/api/admin';
import type { CountyContext } from '../../server/county';
import { countOf, readAll, readOne, readPage, runTransaction, withoutId } from '../../server/db';
import type { CallContext } from '../../server/handler';
import { personIdFor } from '../../server/person-id';
import { ROLE_BINDINGS, bindingRow, type RoleBindingRow } from '../../server/role-bindings';

const PEOPLE = 'people';

interface PersonDoc {
  _id: string;
  openid: string;
  name: string;
  phone?: string;
  title?: string;
  bindings: RoleBinding[];
  createdAt?: unknown;
}

type BindableRole = (typeof BINDABLE_ROLES)[number];

/** The unit kind each role is bound to ('' = no unit). */
const UNIT_OF_ROLE: Record<BindableRole, UnitKind | ''> = {
  rider: '',
  grid_worker: 'grid',
  community: 'community',
  party_member: 'community',
  township: 'township',
  department: 'department',
  whistle_office: 'county',
  leader: 'county',
  admin: 'county',
};

const UNIT_KIND_LABELS: Partial<Record<UnitKind, string>> = {
  grid: '网格',
  community: '村（社区）',
  township: '乡镇（街道）',
  department: '县直部门',
  county: '县',
};

function checkUnit(org: Org, role: BindableRole, unit: string): void {
  const kind = UNIT_OF_ROLE[role];
  if (kind === '' ? unit === '' : org.unitKind(unit) === kind) return;
  const expected = kind === '' ? '不绑定单位（单位留空）' : `须绑定到${UNIT_KIND_LABELS[kind]}`;
  throw new DomainError('VALIDATION', `${ROLE_LABELS[role]}${expected}，「${unit || '空'}」不符合（M-1）`, { rule: 'M-1' });
}

export function toPersonView(doc: PersonDoc, org: Org): PersonView {
  return {
    personId: doc._id,
    name: doc.name,
    phone: doc.phone ? maskPhone(doc.phone) : '',
    title: doc.title ?? '',
    bindings: doc.bindings.map((b) => ({ ...b, roleLabel: ROLE_LABELS[b.role] ?? b.role, unitName: org.unitName(b.unit) })),
  };
}

/** Everyone (by person id), or those bound to a unit and/or role (binding rows, indexes `unit_people` / `role_people`). */
export async function listPeople(ctx: CallContext, env: CountyContext, input: z.output<typeof listPeopleInput>) {
  const people = ctx.db.collection(PEOPLE);
  if (!input.unit && !input.role) {
    const page = await readPage<PersonDoc>(people.orderBy('_id', 'asc'), input.cursor, input.limit);
    return { items: page.rows.map((d) => toPersonView(d, env.org)), nextCursor: page.nextCursor };
  }
  const where = { ...(input.role ? { role: input.role } : {}), ...(input.unit ? { unit: input.unit } : {}), active: true };
  const rows = ctx.db.collection(ROLE_BINDINGS).where(where);
  const ordered = input.role ? rows.orderBy('unit', 'asc').orderBy('personId', 'asc') : rows.orderBy('personId', 'asc');
  const page = await readPage<RoleBindingRow>(ordered, input.cursor, input.limit);
  const ids = [...new Set(page.rows.map((r) => r.personId))];
  const docs = ids.length ? await readAll<PersonDoc>(people.where({ _id: ctx.db.command.in(ids) }).limit(ids.length)) : [];
  const byId = new Map(docs.map((d) => [d._id, d]));
  const items = ids.flatMap((id) => (byId.has(id) ? [toPersonView(byId.get(id)!, env.org)] : []));
  return { items, nextCursor: page.nextCursor };
}

const sameBinding = (a: RoleBinding, b: RoleBinding) => a.role === b.role && a.unit === b.unit;

/** Grant or revoke one binding of the target person, with its row and audit event in one transaction. */
export async function changeBinding(
  ctx: CallContext,
  env: CountyContext,
  by: ActorRef,
  input: z.output<typeof bindingInput>,
  mode: 'bind' | 'unbind',
): Promise<BindingResult> {
  const countyCode = env.county.county.code;
  if (input.role === 'admin' && by.role !== 'admin') {
    throw new DomainError('FORBIDDEN_ROLE', '只有系统管理员可以授予或撤销系统管理员角色');
  }
  // Granting needs a unit that exists now; revoking also works for a unit since removed from the tree.
  if (mode === 'bind') checkUnit(env.org, input.role, input.unit);
  const binding: RoleBinding = { role: input.role, unit: input.unit };
  const personId = input.targetPersonId ?? personIdFor(input.targetOpenid!);
  const existing = await readOne<PersonDoc>(ctx.db.collection(PEOPLE), personId);
  if (!existing && (mode === 'unbind' || !input.targetOpenid)) throw new DomainError('NOT_FOUND', '未找到该人员');
  if (mode === 'unbind' && input.role === 'admin' && existing?.bindings.some((b) => sameBinding(b, binding))) {
    const admins = await countOf(ctx.db.collection(ROLE_BINDINGS).where({ role: 'admin', unit: countyCode, active: true }));
    if (admins <= 1) throw new DomainError('VALIDATION', '至少保留一名系统管理员');
  }

  const at = ctx.now.toISOString();
  return runTransaction(ctx.db, async (tx) => {
    const ref = tx.collection(PEOPLE).doc(personId);
    // A person registered by this call starts as a resident, like one registered on first sign-in (server/identity.ts).
    const current: PersonDoc = existing
      ? { ...((await ref.get()).data as PersonDoc), _id: personId }
      : { _id: personId, openid: input.targetOpenid!, name: input.name ?? '', bindings: [{ role: 'resident', unit: '' }], createdAt: at };
    const has = current.bindings.some((b) => sameBinding(b, binding));
    if ((mode === 'bind') === has) return { person: toPersonView(current, env.org), changed: false };

    const bindings = mode === 'bind' ? [...current.bindings, binding] : current.bindings.filter((b) => !sameBinding(b, binding));
    const next: PersonDoc = { ...current, bindings };
    await ref.set({ data: withoutId(next) });
    const row = bindingRow(personId, binding, mode === 'bind');
    await tx.collection(ROLE_BINDINGS).doc(row._id).set({ data: withoutId(row) });
    await tx.collection('events').add({
      data: {
        entity: 'person',
        entityId: personId,
        action: mode === 'bind' ? 'bind_role' : 'unbind_role',
        actor: by,
        at,
        before: { bindings: current.bindings },
        after: { bindings },
        data: { role: input.role, unit: input.unit, reason: input.reason },
        rule: 'M-1',
      },
    });
    return { person: toPersonView(next, env.org), changed: true };
  });
}
