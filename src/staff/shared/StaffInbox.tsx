import { ListState } from '../../components/ListState'
import { PageShell } from '../../components/PageShell'
import { inboxRoleLabels, type InboxRole } from '../../routes'

/** One role's inbox: the cases waiting on this desk. Data is wired to src/services/cloud.ts by the lead. */
export function StaffInbox({ role }: { role: InboxRole }) {
  return (
    <PageShell title={`${inboxRoleLabels[role]}工作台`} subtitle='待您处理的事项'>
      <ListState status='empty' emptyText='暂无待办事项' />
    </PageShell>
  )
}
