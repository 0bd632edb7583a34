import { useEffect, useRef, useState } from 'react'
import Taro, { useDidHide, useDidShow } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, Switch } from '@nutui/nutui-react-taro'
import type { WhoAmI } from '../../../domain/api'
import { IdentityBar } from '../../components/IdentityBar'
import { PageShell } from '../../components/PageShell'
import { PrivacyNotice } from '../../components/PrivacyNotice'
import { useLargeText } from '../../hooks/useLargeText'
import { callFunction } from '../../services/cloud'
import { homeUrlFor, routes } from '../../routes'
import './index.scss'

/** Unread messages, fetched on opening and again each time home shows (back from the messages page). */
function useUnreadCount(): number {
  const [unread, setUnread] = useState(0)
  const hidden = useRef(false)
  const load = () => {
    callFunction('account', 'messages', { limit: 1 })
      .then((res) => setUnread(res.unread))
      .catch(() => undefined)
  }
  useEffect(load, [])
  useDidHide(() => {
    hidden.current = true
  })
  useDidShow(() => {
    if (!hidden.current) return
    hidden.current = false
    load()
  })
  return unread
}

export default function Home() {
  const [largeText, setLargeText] = useLargeText()
  const [workbench, setWorkbench] = useState<string | null>(null)
  // Party members have no inbox; they register what they find on visits (M-4, M-9).
  const [partyMember, setPartyMember] = useState(false)
  const unread = useUnreadCount()
  const go = (url: string) => () => Taro.navigateTo({ url })
  const onIdentity = (me: WhoAmI) => {
    const url = homeUrlFor(me.bindings)
    setWorkbench(url === routes.home ? null : url)
    setPartyMember(me.bindings.some((b) => b.role === 'party_member'))
  }

  return (
    <PageShell title='哨声' subtitle='发现身边问题，拍一拍，就有人管' largeText={largeText}>
      <PrivacyNotice />
      <IdentityBar onLoaded={onIdentity} />
      <View className='home__actions'>
        <Button id='home-hazard' className='big-button' type='primary' size='xlarge' block onClick={go(routes.hazard)}>
          一键报隐患
        </Button>
        <Text className='hint home__hazard-hint'>消防通道堵塞、井盖缺失等，点一下拍张照就能报</Text>
        <Button id='home-report' className='big-button' type='primary' size='xlarge' block onClick={go(routes.report)}>
          随手拍
        </Button>
        <Button id='home-my-cases' className='big-button' type='default' size='xlarge' block onClick={go(routes.myCases)}>
          我的反映
        </Button>
        <Button id='home-messages' type='default' size='large' block onClick={go(routes.messages)}>
          消息通知
          {unread ? (
            <Text className='home__badge' aria-label={`${unread} 条未读`}>
              {unread > 99 ? '99+' : unread}
            </Text>
          ) : null}
        </Button>
        {partyMember ? (
          <Button id='home-visit' type='default' size='large' block onClick={go(routes.staffVisit)}>
            党员走访登记
          </Button>
        ) : null}
        {workbench ? (
          <Button id='home-workbench' type='default' size='large' block onClick={go(workbench)}>
            进入工作台
          </Button>
        ) : null}
      </View>

      <View className='card home__setting' onClick={() => setLargeText(!largeText)} role='switch' aria-checked={largeText}>
        <Text>大字模式</Text>
        <Switch checked={largeText} />
      </View>
    </PageShell>
  )
}
