// Roles and the org unit each binding refers to (mechanism §1).
import type { Role, RoleBinding, Actor } from './types';

export type { Role, RoleBinding, Actor } from './types';

export const ROLES: readonly Role[] = [
  'resident',
  'rider',
  'grid_worker',
  'community',
  'township',
  'whistle_office',
  'department',
  'leader',
  'admin',
  'party_member',
];

export const ROLE_LABELS: Record<Role, string> = {
  resident: '群众',
  rider: '骑手志愿者',
  grid_worker: '网格员',
  community: '村(社区)工作人员',
  township: '乡镇(街道)党建办',
  whistle_office: '县吹哨办',
  department: '县直部门',
  leader: '领导/考核办',
  admin: '系统管理员',
  party_member: '下沉党员',
};

/** Staff roles see staff views; residents, riders and party members are reporters. */
export const STAFF_ROLES: readonly Role[] = ['grid_worker', 'community', 'township', 'whistle_office', 'department', 'leader', 'admin'];

/** The system actor performs scheduled actions (auto_escalate, auto_rate, flag_overdue). */
export const SYSTEM_ACTOR: Actor = { personId: 'system', openid: '', name: '系统', bindings: [], system: true };

export function isSystemActor(actor: Actor): boolean {
  return actor.system === true;
}

/** Everyone who opens the mini-program may act as a resident (report, follow, rate their own cases). */
export function effectiveBindings(actor: Actor): RoleBinding[] {
  if (isSystemActor(actor)) return [];
  return actor.bindings.some((b) => b.role === 'resident') ? actor.bindings : [...actor.bindings, { role: 'resident', unit: '' }];
}

export function hasRole(actor: Actor, role: Role, unit?: string): boolean {
  return effectiveBindings(actor).some((b) => b.role === role && (unit === undefined || b.unit === unit));
}
