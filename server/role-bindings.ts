// Role-binding rows: one flat document per (person, role, unit), written with the person. CloudBase
// cannot index inside the `bindings` array, so listing people by unit or role queries this collection.
import { createHash } from 'node:crypto';
import type { Role } from '../domain/roles';

export const ROLE_BINDINGS = 'role_bindings';

export interface RoleBindingRow {
  _id: string;
  personId: string;
  role: Role;
  unit: string;
  /** false once unbound (rows are rewritten, never deleted, inside the person's transaction). */
  active: boolean;
}

export function bindingRow(personId: string, b: { role: string; unit: string }, active = true): RoleBindingRow {
  const id = 'b' + createHash('sha256').update(`${personId}:${b.role}:${b.unit}`).digest('hex').slice(0, 23);
  return { _id: id, personId, role: b.role as Role, unit: b.unit, active };
}
