import { useRouter } from '@tarojs/taro'
import { ListState } from '../../components/ListState'
import { PageShell } from '../../components/PageShell'
import { WhistleDetailView } from './WhistleDetail'

/** A whistle as staff see it: township, whistle office, departments it was sent to, leaders. */
export default function StaffWhistle() {
  const { params } = useRouter()
  return (
    <PageShell title='哨单'>
      {params.id ? (
        <WhistleDetailView whistleId={params.id} />
      ) : (
        <ListState status='error' errorText='没有找到这张哨单，请从工作台进入' />
      )}
    </PageShell>
  )
}
