import { ListState } from '../../components/ListState'
import { PageShell } from '../../components/PageShell'

/** Overview for leaders: open whistles, overdue cases, department scores. */
export default function LeaderOverview() {
  return (
    <PageShell title='领导看板' subtitle='吹哨报到和接诉办理的整体情况'>
      <ListState status='empty' emptyText='暂无统计数据' />
    </PageShell>
  )
}
