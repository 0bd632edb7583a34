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
        </View>
      }
    />
  )
}
