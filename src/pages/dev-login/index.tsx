import { useCallback, useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import type { DemoAccount } from '../../../domain/api'
import { ROLE_LABELS } from '../../../domain/roles'
import type { Role } from '../../../domain/types'
import { ListState, type ListStatus } from '../../components/ListState'
import { PageShell } from '../../components/PageShell'
import { callFunction } from '../../services/cloud'
import { devIdentity } from '../../services/dev-identity'
import { homeUrlFor } from '../../routes'
import { errorMessage } from '../../utils/feedback'
import './index.scss'

/** Reporters first, then up the chain the way a case travels. */
const ROLE_ORDER: Role[] = ['resident', 'rider', 'party_member', 'grid_worker', 'community', 'township', 'whistle_office', 'department', 'leader', 'admin']

interface RoleGroup {
  role: Role
  accounts: DemoAccount[]
}

function groupByRole(accounts: DemoAccount[]): RoleGroup[] {
  const roleOf = (a: DemoAccount): Role => a.bindings[0]?.role ?? 'resident'
  return ROLE_ORDER.map((role) => ({ role, accounts: accounts.filter((a) => roleOf(a) === role) })).filter((g) => g.accounts.length)
}

/** Dev sign-in (development and H5 demo builds only): act as any demo account of the seeded county. */
export default function DevLogin() {
  const [groups, setGroups] = useState<RoleGroup[]>([])
  const [status, setStatus] = useState<ListStatus>('loading')
  const [errorText, setErrorText] = useState('')
  const current = devIdentity.get()

  const load = useCallback(async () => {
    setStatus('loading')
    try {
      const accounts = await callFunction('account', 'listDemoAccounts', {})
      const grouped = groupByRole(accounts)
      setGroups(grouped)
      setStatus(grouped.length ? 'ready' : 'empty')
    } catch (err) {
      setErrorText(errorMessage(err))
      setStatus('error')
    }
  }, [])

  useEffect(() => {
    if (devIdentity.enabled) void load()
  }, [load])

  if (!devIdentity.enabled) {
    return (
      <PageShell title='开发登录'>
        <ListState status='error' errorText='此版本不提供开发登录' />
      </PageShell>
    )
  }

  const signIn = (account: DemoAccount) => {
    devIdentity.set(account.openid)
    void Taro.reLaunch({ url: homeUrlFor(account.bindings) })
  }

  return (
    <PageShell title='开发登录' subtitle='仅用于测试：选择一个演示身份进入'>
      <ListState status={status} errorText={errorText} onRetry={() => void load()} emptyText='还没有演示账号，请先运行 npm run seed'>
        {groups.map((group) => (
          <View key={group.role} className='dev-login__group'>
            <Text className='section-title'>{ROLE_LABELS[group.role]}</Text>
            <View className='card dev-login__list'>
              {group.accounts.map((account) => (
                <View key={account.openid} id={`login-${account.openid}`} className='dev-login__item' onClick={() => signIn(account)} role='button'>
                  <View className='dev-login__text'>
                    <Text className='dev-login__title'>{account.title}</Text>
                    <Text className='dev-login__name'>{account.name}</Text>
                  </View>
                  {account.openid === current ? <Text className='dev-login__current'>当前</Text> : <Text className='dev-login__arrow'>›</Text>}
                </View>
              ))}
            </View>
          </View>
        ))}
      </ListState>
    </PageShell>
  )
}
