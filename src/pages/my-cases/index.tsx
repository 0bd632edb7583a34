import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { ListState } from '../../components/ListState'
import { PageShell } from '../../components/PageShell'
import { routes } from '../../routes'

/** The resident's own reports. Data comes from src/services/cloud.ts (wired by the lead). */
export default function MyCases() {
  return (
    <PageShell title='我的反映' subtitle='您反映过的问题和处理进度'>
      <ListState
        status='empty'
        emptyText='您还没有反映过问题'
        emptyAction={
          <Button type='primary' size='large' block onClick={() => Taro.navigateTo({ url: routes.report })}>
            去随手拍
          </Button>
        }
      />
    </PageShell>
  )
}
