import { View } from '@tarojs/components'
import { IdentityBar } from '../../components/IdentityBar'
import { InfoRow } from '../../components/InfoRow'
import { ListState } from '../../components/ListState'
import { PageShell } from '../../components/PageShell'
import { useCountyInfo } from '../../hooks/useCountyInfo'

/**
 * Overview for leaders. The staff inboxes (cases.inbox, whistles.inbox) serve the handling roles only
 * and refuse the leader, so for now this shows what the county configuration tells (its scope) and
 * says plainly that the statistics board is still being built.
 */
export default function LeaderOverview() {
  // The scope card is a nicety: without it the page still says what it can.
  const { county } = useCountyInfo()

  return (
    <PageShell title='领导看板' subtitle='吹哨报到和接诉办理的整体情况'>
      <IdentityBar />
      {county ? (
        <View className='card' id='leader-scope'>
          <InfoRow label='辖区' value={county.county.name} />
          <InfoRow label='街道（乡镇）' value={`${county.townships.length} 个`} />
          <InfoRow label='县直部门' value={`${county.departments.length} 个`} />
          <InfoRow label='事项类型' value={`${county.matterTypes.length} 类`} />
        </View>
      ) : null}
      <View id='leader-empty'>
        <ListState status='empty' emptyText='统计看板建设中：哨单、超期诉求和部门考核的统计将在这里显示' />
      </View>
    </PageShell>
  )
}
