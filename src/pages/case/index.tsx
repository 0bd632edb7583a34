import { useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { ListState } from '../../components/ListState'
import { PageShell } from '../../components/PageShell'
import { Timeline, type TimelineEntry } from '../../components/Timeline'

/** One report as the resident sees it: what was reported and what has happened since. */
export default function CaseDetail() {
  const { params } = useRouter()
  const caseId = params.id
  const entries: TimelineEntry[] = []

  if (!caseId) {
    return (
      <PageShell title='反映详情'>
        <ListState status='error' errorText='没有找到这条反映，请从“我的反映”进入' />
      </PageShell>
    )
  }

  return (
    <PageShell title='反映详情' subtitle={`编号 ${caseId}`}>
      <Text className='section-title'>处理进度</Text>
      <View className='card'>
        <ListState status={entries.length ? 'ready' : 'empty'} emptyText='暂无进展记录'>
          <Timeline entries={entries} />
        </ListState>
      </View>
    </PageShell>
  )
}
