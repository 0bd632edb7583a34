import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { routes } from '../../routes'
import { StaffInbox } from '../shared/StaffInbox'

export default function GridInbox() {
  return (
    <StaffInbox
      role='grid'
      headerAction={
        <View className='staff-inbox__header-action'>
          <Button id='inbox-visit' type='primary' size='large' block onClick={() => void Taro.navigateTo({ url: routes.staffVisit })}>
            走访登记
          </Button>
        </View>
      }
    />
  )
}
