import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, Switch } from '@nutui/nutui-react-taro'
import { PageShell } from '../../components/PageShell'
import { useLargeText } from '../../hooks/useLargeText'
import { devLoginEnabled, routes } from '../../routes'
import './index.scss'

export default function Home() {
  const [largeText, setLargeText] = useLargeText()
  const go = (url: string) => () => Taro.navigateTo({ url })

  return (
    <PageShell title='哨声' subtitle='发现身边问题，拍一拍，就有人管' largeText={largeText}>
      <View className='home__actions'>
        <Button className='big-button' type='primary' size='xlarge' block onClick={go(routes.report)}>
          随手拍
        </Button>
        <Button className='big-button' type='default' size='xlarge' block onClick={go(routes.myCases)}>
          我的反映
        </Button>
      </View>

      <Text className='section-title'>常见隐患</Text>
      <View className='card home__hazards'>
        <Text className='hint'>井盖缺失、路灯不亮、占道经营等一键上报，即将开放。</Text>
      </View>

      <View className='card home__setting'>
        <Text>大字模式</Text>
        <Switch checked={largeText} onChange={(on: boolean) => setLargeText(on)} />
      </View>

      {devLoginEnabled ? (
        <View className='home__dev' onClick={go(routes.devLogin)}>
          <Text className='hint'>开发登录（仅测试环境）</Text>
        </View>
      ) : null}
    </PageShell>
  )
}
