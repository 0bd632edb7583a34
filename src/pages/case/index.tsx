import { useRouter } from '@tarojs/taro'
import { CaseDetailView } from '../../components/CaseDetail'
import { ListState } from '../../components/ListState'
import { PageShell } from '../../components/PageShell'

/** One report as the reporter sees it: what was reported, what has happened since, and the rating. */
export default function CasePage() {
  const { params } = useRouter()
  return (
    <PageShell title='反映详情'>
      {params.id ? (
        <CaseDetailView caseId={params.id} audience='resident' />
      ) : (
        <ListState status='error' errorText='没有找到这条反映，请从“我的反映”进入' />
      )}
    </PageShell>
  )
}
