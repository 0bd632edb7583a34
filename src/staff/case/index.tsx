import { useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { ListState } from '../../components/ListState'
import { PageShell } from '../../components/PageShell'
import { Timeline, type TimelineEntry } from '../../components/Timeline'
import './index.scss'

/** A case as staff see it: history plus the actions the transition table allows this role. */
export default function StaffCase() {
  const { params } = useRouter()
  const caseId = params.id
  const entries: TimelineEntry[] = []

  if (!caseId) {
    return (
      <PageShell title='案件处理'>
        <ListState status='error' errorText='没有找到这件案件，请从工作台进入' />
      </PageShell>
    )
  }

  return (
    <PageShell title='案件处理' subtitle={`编号 ${caseId}`}>
      <Text className='section-title'>处理记录</Text>
      <View className='card'>
        <ListState status={entries.length ? 'ready' : 'empty'} emptyText='暂无处理记录'>
          <Timeline entries={entries} />
        </ListState>
      </View>
      <Text className='section-title'>可执行的操作</Text>
      <View className='card staff-case__actions'>
        <Text className='hint'>暂无可执行的操作</Text>
      </View>
    </PageShell>
  )
}
