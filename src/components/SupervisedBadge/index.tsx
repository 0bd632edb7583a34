import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { routes } from '../../routes'
import { callFunction } from '../../services/cloud'

/**
 * Inbox header of a department or township: how many of its items the 吹哨办 has listed for supervision
 * and still await its response (M-24); opens the list to respond. Shows nothing while none are listed.
 */
export function SupervisedBadge({ role }: { role: 'department' | 'township' }) {
  const [count, setCount] = useState<{ open: number; all: number } | null>(null)
  useEffect(() => {
    callFunction('supervision', 'mine', { role })
      .then((r) => setCount({ open: r.open, all: r.items.length }))
      .catch(() => setCount(null)) // the inbox works without the badge
  }, [role])
  if (!count || !count.all) return null
  return (
    <View className='staff-inbox__header-action'>
      <Button id='inbox-supervised' type={count.open ? 'danger' : 'default'} size='large' block onClick={() => void Taro.navigateTo({ url: routes.supervisionMine })}>
        {count.open ? `被挂牌督办 ${count.open} 件，请回复` : `被挂牌督办 ${count.all} 件（已回复）`}
      </Button>
    </View>
  )
}

export default SupervisedBadge
