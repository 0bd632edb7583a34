import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { routes } from '../../routes'
import { StaffInbox } from '../shared/StaffInbox'

export default function WhistleOfficeInbox() {
  return (
    <StaffInbox
      role='whistle-office'
      headerAction={
        <View className='staff-inbox__header-action'>
          <Button id='inbox-places' type='default' size='large' block onClick={() => void Taro.navigateTo({ url: routes.staffPlaces })}>
            二维码点位
          </Button>
          <Button id='inbox-imports' type='default' size='large' block onClick={() => void Taro.navigateTo({ url: routes.staffImports })}>
            导入12345/建议工单
          </Button>
          <Button id='inbox-dashboard' type='default' size='large' block onClick={() => void Taro.navigateTo({ url: routes.dashboard })}>
            统计看板 · 一类事
          </Button>
          <Button id='inbox-assessment' type='default' size='large' block onClick={() => void Taro.navigateTo({ url: routes.assessment })}>
            部门综合考核
          </Button>
          <Button id='inbox-supervision' type='default' size='large' block onClick={() => void Taro.navigateTo({ url: routes.supervision })}>
            挂牌督办 · 三个必督
          </Button>
        </View>
      }
    />
  )
}
