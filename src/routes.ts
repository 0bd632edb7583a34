/** Page URLs in one place; keep in sync with app.config.ts. */
import type { Role, RoleBinding } from '../domain/types'

/** Roles with an inbox workbench (the leader has an overview page instead). */
export type InboxRole = 'grid' | 'community' | 'township' | 'whistle-office' | 'department' | 'leader'

export const routes = {
  home: '/pages/index/index',
  report: '/pages/report/index',
  hazard: '/pages/hazard/index',
  messages: '/pages/messages/index',
  myCases: '/pages/my-cases/index',
  caseDetail: (caseId: string) => `/pages/case/index?id=${encodeURIComponent(caseId)}`,
  devLogin: '/pages/dev-login/index',
  staffInbox: (role: InboxRole) => (role === 'leader' ? '/staff/leader/index' : `/staff/${role}/inbox`),
  staffCase: (caseId: string) => `/staff/case/index?id=${encodeURIComponent(caseId)}`,
  staffWhistle: (whistleId: string) => `/staff/whistle/index?id=${encodeURIComponent(whistleId)}`,
  leader: '/staff/leader/index',
  staffPlaces: '/staff/places/index',
  staffVisit: '/staff/grid/visit',
  staffImports: '/staff/imports/index',
  assessment: '/staff/assessment/index',
  dashboard: '/staff/dashboard/index',
  hotspots: '/staff/dashboard/hotspots',
  supervision: '/staff/supervision/index',
  supervisionMine: '/staff/supervision/index?mine=1',
} as const

/** A message's `page` (pages/case/index?id=…, with or without the leading slash) as a URL to open. */
export function pageUrl(page: string): string {
  return page.startsWith('/') ? page : `/${page}`
}

/** Chinese names of the inbox roles, as staff call their own desk. */
export const inboxRoleLabels: Record<InboxRole, string> = {
  grid: '网格员',
  community: '社区（村）',
  township: '街乡',
  'whistle-office': '街乡吹哨办',
  department: '职能部门',
  leader: '县领导',
}

/** The inbox each staff role works in; reporters (resident, rider, party member) have none. */
const inboxOfRole: Partial<Record<Role, InboxRole>> = {
  grid_worker: 'grid',
  community: 'community',
  township: 'township',
  whistle_office: 'whistle-office',
  admin: 'whistle-office',
  department: 'department',
}

/** The server role an inbox page asks for (cases.inbox `role`). */
export const roleOfInbox: Record<InboxRole, Role> = {
  grid: 'grid_worker',
  community: 'community',
  township: 'township',
  'whistle-office': 'whistle_office',
  department: 'department',
  leader: 'leader',
}

/** The inboxes that list whistles (whistles.inbox `role`): the township next to its cases, the others only whistles. */
export const whistleRoleOfInbox: Partial<Record<InboxRole, 'township' | 'whistle_office' | 'department' | 'leader'>> = {
  township: 'township',
  'whistle-office': 'whistle_office',
  department: 'department',
  leader: 'leader',
}

/** Where a person starts: the first staff binding's workbench, else the resident home page. */
export function homeUrlFor(bindings: readonly RoleBinding[]): string {
  for (const { role } of bindings) {
    if (role === 'leader') return routes.leader
    const inbox = inboxOfRole[role]
    if (inbox) return routes.staffInbox(inbox)
  }
  return routes.home
}
