import { useEffect, useState } from 'react'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { ActionEntity, ActionFormContext } from './actionForms'
import { ActionForm } from './index'

export interface OfferedAction {
  action: string
  label: string
}

export interface ActionPanelProps {
  /** What the server offers this person now (`detail.actions`). */
  actions: OfferedAction[]
  entity: ActionEntity
  /** Options and prefilled values for one action's form. */
  contextFor?: (action: string) => ActionFormContext
  /** Sends the action; resolves true when it went through (the form then closes). */
  onAct: (action: OfferedAction, input: Record<string, unknown>) => Promise<boolean>
  /** Called when a form opens or closes (e.g. to load the options it needs). */
  onActiveChange?: (action: string | null) => void
}

/**
 * The server's actions as big buttons (`#<entity>-action-<action>`); a tap opens that action's form in
 * place. A form whose action is no longer offered (someone else acted) closes.
 */
export function ActionPanel({ actions, entity, contextFor, onAct, onActiveChange }: ActionPanelProps) {
  const [active, setActiveState] = useState<string | null>(null)
  const [submitting, setSubmitting] = useState(false)
  const setActive = (a: string | null) => {
    setActiveState(a)
    onActiveChange?.(a)
  }

  useEffect(() => {
    if (active && !actions.some((a) => a.action === active)) setActive(null)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [actions, active])

  const activeAction = actions.find((a) => a.action === active)
  const submit = async (action: OfferedAction, input: Record<string, unknown>) => {
    setSubmitting(true)
    try {
      if (await onAct(action, input)) setActive(null)
    } finally {
      setSubmitting(false)
    }
  }

  return (
    <View className='card action-panel'>
      {activeAction ? (
        <ActionForm
          key={activeAction.action}
          action={activeAction}
          entity={entity}
          context={contextFor?.(activeAction.action)}
          submitting={submitting}
          onSubmit={(input) => void submit(activeAction, input)}
          onCancel={() => setActive(null)}
        />
      ) : (
        actions.map((a, i) => (
          <Button key={a.action} id={`${entity}-action-${a.action}`} type={i === 0 ? 'primary' : 'default'} size='large' block onClick={() => setActive(a.action)}>
            {a.label}
          </Button>
        ))
      )}
    </View>
  )
}

export default ActionPanel
