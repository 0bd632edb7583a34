import { useRouter } from '@tarojs/taro'
import { CaseDetailView } from '../../components/CaseDetail'
import { ListState } from '../../components/ListState'
import { PageShell } from '../../components/PageShell'
import { WhistleProposeEntry, useProposeContext } from './WhistlePropose'
import { DuplicatePanel } from './DuplicatePanel'

/**
 * A case as staff see it: the report, its history, and the actions the transition table allows this
 * person; for the township 党建办 on a case it has claimed, 发起吹哨.
 */
export default function StaffCase() {
  const { params } = useRouter()
  const { me, county } = useProposeContext()
  return (
    <PageShell title='案件处理'>
      {params.id ? (
        <CaseDetailView
          caseId={params.id}
          audience='staff'
          extra={(d) => (
            <>
              <DuplicatePanel detail={d} />
              <WhistleProposeEntry c={d.case} me={me} county={county} />
            </>
          )}
        />
      ) : (
        <ListState status='error' errorText='没有找到这件案件，请从工作台进入' />
      )}
    </PageShell>
  )
}
