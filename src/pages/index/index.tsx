import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, Switch } from '@nutui/nutui-react-taro'
import type { WhoAmI } from '../../../domain/api'
import { IdentityBar } from '../../components/IdentityBar'
import { PageShell } from '../../components/PageShell'
import { useLargeText } from '../../hooks/useLargeText'
import { homeUrlFor, routes } from '../../routes'
import './index.scss'

export default function Home() {
  const [largeText, setLargeText] = useLargeText()
  const [workbench, setWorkbench] = useState<string | null>(null)
  const go = (url: string) => () => Taro.navigateTo({ url })
  const onIdentity = (me: WhoAmI) => {
    const url = homeUrlFor(me.bindings)
    setWorkbench(url === routes.home ? null : url)
  }

  return (
    <PageShell title='哨声' subtitle='发现身边问题，拍一拍，就有人管' largeText={largeText}>
      <IdentityBar onLoaded={onIdentity} />
      <View className='home__actions'>
        <Button id='home-report' className='big-button' type='primary' size='xlarge' block onClick={go(routes.report)}>
          随手拍
        </Button>
        <Button id='home-my-cases' className='big-button' type='default' size='xlarge' block onClick={go(routes.myCases)}>
          我的反映
        </Button>
        {workbench ? (
          <Button id='home-workbench' type='default' size='large' block onClick={go(workbench)}>
            进入工作台
          </Button>
        ) : null}
      </View>

      <Text className='section-title'>常见隐患</Text>
      <View className='card home__hazards'>
        <Text className='hint'>井盖缺失、路灯不亮、占道经营等一键上报，即将开放。</Text>
      </View>

      <View className='card home__setting' onClick={() => setLargeText(!largeText)} role='switch' aria-checked={largeText}>
        <Text>大字模式</Text>
        <Switch checked={largeText} />
      </View>
    </PageShell>
  )
}
