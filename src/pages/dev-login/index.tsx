import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { ListState } from '../../components/ListState'
import { PageShell } from '../../components/PageShell'
import { devLoginEnabled, inboxRoleLabels, routes, type InboxRole } from '../../routes'
import './index.scss'

const identities: { label: string; url: string }[] = [
  { label: '居民', url: routes.home },
  ...(Object.keys(inboxRoleLabels) as InboxRole[]).map((role) => ({
    label: inboxRoleLabels[role],
    url: routes.staffInbox(role),
  })),
  { label: '领导', url: routes.leader },
]

/**
 * Dev sign-in: pick a demo identity from the reference county.
 * Signing in through the twin is wired to src/services/cloud.ts by the lead.
 */
export default function DevLogin() {
  if (!devLoginEnabled) {
    return (
      <PageShell title='开发登录'>
        <ListState status='error' errorText='此版本不提供开发登录' />
      </PageShell>
    )
  }

  return (
    <PageShell title='开发登录' subtitle='仅用于测试：选择一个身份进入'>
      <View className='dev-login__list'>
        {identities.map((identity) => (
          <Button
            key={identity.url}
            className='dev-login__item'
            size='large'
            block
            onClick={() => Taro.reLaunch({ url: identity.url })}
          >
            {identity.label}
          </Button>
        ))}
      </View>
    </PageShell>
  )
}
