import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import type { WhoAmI } from '../../../domain/api'
import { callFunction } from '../../services/cloud'
import { devIdentity } from '../../services/dev-identity'
import { routes } from '../../routes'
import './index.scss'

/** 网格员 · 富民社区第一网格, or 群众 for someone without a staff post. */
export function describeIdentity(me: WhoAmI): string {
  const staff = me.bindings.filter((b) => b.role !== 'resident')
  if (!staff.length) return '群众'
  return staff.map((b) => (b.unitName ? `${b.roleLabel} · ${b.unitName}` : b.roleLabel)).join('；')
}

/**
 * Who is using the app (account.whoami), and in development builds a way back to 开发登录.
 * `onLoaded` lets a page react to the identity (e.g. offer the staff workbench).
 */
export function IdentityBar({ onLoaded }: { onLoaded?: (me: WhoAmI) => void }) {
  const [me, setMe] = useState<WhoAmI | null>(null)
  const [failed, setFailed] = useState(false)

  useEffect(() => {
    let alive = true
    callFunction('account', 'whoami', {})
      .then((who) => {
        if (!alive) return
        setMe(who)
        onLoaded?.(who)
      })
      .catch(() => alive && setFailed(true))
    return () => {
      alive = false
    }
    // Once per mount.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  if (!me && !devIdentity.enabled) return null
  return (
    <View className='identity-bar'>
      <Text className='identity-bar__who' id='current-identity'>
        {me ? `${me.name || '您好'}（${describeIdentity(me)}）` : failed ? '未登录' : '正在确认身份…'}
      </Text>
      {devIdentity.enabled ? (
        <View className='identity-bar__switch' onClick={() => void Taro.reLaunch({ url: routes.devLogin })} role='button'>
          切换身份（开发登录）
        </View>
      ) : null}
    </View>
  )
}

export default IdentityBar
