import { View } from '@tarojs/components'
import { InfoRow } from '../../components/InfoRow'
import { useCountyInfo } from '../../hooks/useCountyInfo'
import { StaffInbox } from '../shared/StaffInbox'

/**
 * Leaders: the county's whistles, read-only (the transition table gives the leader no actions), under a
 * card with the county's scope. Statistics and assessment boards come with the dashboards.
 */
export default function LeaderOverview() {
  // The scope card is a nicety: without it the page still works.
  const { county } = useCountyInfo()
  return (
    <StaffInbox
      role='leader'
      headerAction={
        county ? (
          <View className='card' id='leader-scope'>
            <InfoRow label='辖区' value={county.county.name} />
            <InfoRow label='街道（乡镇）' value={`${county.townships.length} 个`} />
            <InfoRow label='县直部门' value={`${county.departments.length} 个`} />
            <InfoRow label='事项类型' value={`${county.matterTypes.length} 类`} />
          </View>
        ) : null
      }
    />
  )
}
