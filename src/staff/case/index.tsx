import { useRouter } from '@tarojs/taro'
import { CaseDetailView } from '../../components/CaseDetail'
import { ListState } from '../../components/ListState'
import { PageShell } from '../../components/PageShell'

/** A case as staff see it: the report, its history, and the actions the transition table allows this person. */
export default function StaffCase() {
  const { params } = useRouter()
  return (
    <PageShell title='案件处理'>
      {params.id ? (
        <CaseDetailView caseId={params.id} audience='staff' />
      ) : (
        <ListState status='error' errorText='没有找到这件案件，请从工作台进入' />
      )}
    </PageShell>
  )
}
