import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { InfoRow } from '../../components/InfoRow'
import { useCountyInfo } from '../../hooks/useCountyInfo'
import { routes } from '../../routes'
import { StaffInbox } from '../shared/StaffInbox'

/**
 * Leaders: the county's whistles, read-only (the transition table gives the leader no actions), under a
 * card with the county's scope and a link to the departments' assessment (staff/assessment).
 */
export default function LeaderOverview() {
  // The scope card is a nicety: without it the page still works.
  const { county } = useCountyInfo()
  return (
    <StaffInbox
      role='leader'
      headerAction={
        <>
          {county ? (
            <View className='card' id='leader-scope'>
              <InfoRow label='辖区' value={county.county.name} />
              <InfoRow label='街道（乡镇）' value={`${county.townships.length} 个`} />
              <InfoRow label='县直部门' value={`${county.departments.length} 个`} />
              <InfoRow label='事项类型' value={`${county.matterTypes.length} 类`} />
            </View>
          ) : null}
          <View className='staff-inbox__header-action'>
            <Button id='leader-dashboard' type='primary' size='large' block onClick={() => void Taro.navigateTo({ url: routes.dashboard })}>
              统计看板
            </Button>
            <Button id='leader-assessment' type='default' size='large' block onClick={() => void Taro.navigateTo({ url: routes.assessment })}>
              部门综合考核
            </Button>
            <Button id='leader-supervision' type='default' size='large' block onClick={() => void Taro.navigateTo({ url: routes.supervision })}>
              挂牌督办
            </Button>
          </View>
        </>
      }
    />
  )
}
