import { useEffect, useMemo, useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, Switch, TextArea } from '@nutui/nutui-react-taro'
import type { CountyInfo, WhoAmI } from '../../../domain/api'
import type { CaseView } from '../../../domain/api/views'
import { FormError } from '../../components/FormError'
import { OptionPicker } from '../../components/OptionPicker'
import { callFunction } from '../../services/cloud'
import { routes } from '../../routes'
import { matterGroups, townshipOfGrid } from '../../utils/county'
import { toast, toastError } from '../../utils/feedback'
import { excerpt, randomToken } from '../../utils/format'

/** Case states from which the township 党建办 may whistle on a case (it has claimed it, M-12). */
const PROPOSABLE_STATES: readonly string[] = ['township_claimed']

/** Roles that may open a whistle (its township, the whistle office, leaders, departments it was sent to). */
const WHISTLE_VIEWERS: readonly string[] = ['township', 'whistle_office', 'leader', 'admin', 'department']

/** Who is looking and the county's matter types, loaded once for the page. */
export function useProposeContext(): { me: WhoAmI | null; county: CountyInfo | null } {
  const [me, setMe] = useState<WhoAmI | null>(null)
  const [county, setCounty] = useState<CountyInfo | null>(null)
  useEffect(() => {
    let alive = true
    Promise.all([callFunction('account', 'whoami', {}), callFunction('config', 'county', {})])
      .then(([who, info]) => {
        if (!alive) return
        setMe(who)
        setCounty(info)
      })
      // Without them there is simply no 发起吹哨 button; the case page itself still works.
      .catch(() => undefined)
    return () => {
      alive = false
    }
  }, [])
  return { me, county }
}

interface ProposeFields {
  title: string
  description: string
  matterType: string | null
  urgent: boolean
  stationedTried: string
}

function ProposeForm({ c, county, onCancel }: { c: CaseView; county: CountyInfo; onCancel: () => void }) {
  const [fields, setFields] = useState<ProposeFields>(() => ({
    title: excerpt(c.text, 30).replace(/…$/, ''),
    description: c.text,
    matterType: c.matterType,
    urgent: false,
    stationedTried: '',
  }))
  const [error, setError] = useState('')
  const [submitting, setSubmitting] = useState(false)
  // One id per opened form: a retried submit returns the whistle created the first time.
  const [clientRequestId] = useState(() => randomToken(24))
  const groups = useMemo(() => matterGroups(county, '可吹急哨'), [county])
  const matter = county.matterTypes.find((m) => m.code === fields.matterType)
  const set = (patch: Partial<ProposeFields>) => {
    setFields((f) => ({ ...f, ...patch }))
    setError('')
  }

  const submit = async () => {
    const title = fields.title.trim()
    const description = fields.description.trim()
    if (!title) return setError('请填写哨单标题')
    if (title.length > 100) return setError('哨单标题最多100个字')
    if (!description) return setError('请填写事项说明')
    if (!fields.matterType) return setError('请选择事项类型')
    setSubmitting(true)
    try {
      const stationedTried = fields.stationedTried.trim()
      const w = await callFunction('whistles', 'propose', {
        clientRequestId,
        matterType: fields.matterType,
        title,
        description,
        urgent: Boolean(matter?.urgentEligible && fields.urgent),
        caseIds: [c.id],
        ...(stationedTried ? { stationedTried } : {}),
      })
      toast('已发起吹哨')
      void Taro.navigateTo({ url: routes.staffWhistle(w.whistle.id) })
      onCancel()
    } catch (err) {
      toastError(err)
    } finally {
      setSubmitting(false)
    }
  }

  return (
    <View className='card action-form' id='whistle-propose-form'>
      <Text className='action-form__title'>发起吹哨（提出事项）</Text>
      <View className='action-form__field'>
        <Text className='action-form__label'>哨单标题</Text>
        <TextArea
          id='whistle-propose-title'
          viewId='whistle-propose-title-box'
          className='text-box action-form__line'
          value={fields.title}
          onChange={(title: string) => set({ title })}
          maxLength={100}
          placeholder='一句话说清是什么事'
        />
      </View>
      <View className='action-form__field'>
        <Text className='action-form__label'>事项说明</Text>
        <TextArea
          id='whistle-propose-description'
          viewId='whistle-propose-description-box'
          className='text-box'
          value={fields.description}
          onChange={(description: string) => set({ description })}
          maxLength={2000}
          placeholder='写清情况、已做的工作、需要哪些部门协助'
        />
      </View>
      <View className='action-form__field'>
        <Text className='action-form__label'>事项类型</Text>
        <OptionPicker
          id='whistle-propose-matter'
          groups={groups}
          value={fields.matterType}
          onChange={(matterType) => set({ matterType, urgent: false })}
          groupPrompt='选事项大类'
          optionPrompt='再选具体事项'
          placeholder='请选择事项类型'
          defaultOpen
        />
      </View>
      {matter?.urgentEligible ? (
        <View
          id='whistle-propose-urgent'
          className='switch-row'
          onClick={() => set({ urgent: !fields.urgent })}
          role='switch'
          aria-checked={fields.urgent}
        >
          <View className='switch-row__text'>
            <Text>吹急哨</Text>
            <Text className='hint'>急哨清单事项：直接派给部门，当天必须响应（M-13）</Text>
          </View>
          <Switch checked={fields.urgent} />
        </View>
      ) : null}
      <View className='action-form__field'>
        <Text className='action-form__label'>驻镇机构已做的工作（选填）</Text>
        <TextArea
          id='whistle-propose-stationed'
          viewId='whistle-propose-stationed-box'
          className='text-box'
          value={fields.stationedTried}
          onChange={(stationedTried: string) => set({ stationedTried })}
          maxLength={1000}
          placeholder='驻镇机构能处理的事项，写明已协调过、为什么解决不了（M-3）'
        />
      </View>
      <FormError text={error} />
      <View className='action-form__buttons'>
        <Button id='whistle-propose-submit' type='primary' size='large' block loading={submitting} disabled={submitting} onClick={() => void submit()}>
          提出吹哨事项
        </Button>
        <Button id='whistle-propose-cancel' type='default' size='large' block disabled={submitting} onClick={onCancel}>
          取消
        </Button>
      </View>
    </View>
  )
}

/**
 * On the staff case page: the whistle a case was whistled in, or the township's 发起吹哨 on a case it has claimed (M-12 step 1). The case's own actions never include
 * it (proposing creates a whistle), so the page decides: the viewer is this case's township 党建办.
 */
export function WhistleProposeEntry({ c, me, county }: { c: CaseView; me: WhoAmI | null; county: CountyInfo | null }) {
  const [open, setOpen] = useState(false)
  if (!me) return null
  if (c.whistleId) {
    if (!me.bindings.some((b) => WHISTLE_VIEWERS.includes(b.role))) return null
    return (
      <View className='card'>
        <Button id='case-open-whistle' type='default' size='large' block onClick={() => void Taro.navigateTo({ url: routes.staffWhistle(c.whistleId!) })}>
          查看所在哨单
        </Button>
      </View>
    )
  }
  if (!county || !PROPOSABLE_STATES.includes(c.state)) return null
  const township = townshipOfGrid(county, c.grid)
  if (!township || !me.bindings.some((b) => b.role === 'township' && b.unit === township)) return null

  return (
    <>
      <Text className='section-title'>吹哨</Text>
      {open ? (
        <ProposeForm c={c} county={county} onCancel={() => setOpen(false)} />
      ) : (
        <View className='card'>
          <Button id='whistle-propose-open' type='primary' size='large' block onClick={() => setOpen(true)}>
            发起吹哨
          </Button>
          <Text className='hint'>本级协调不了、需要县直部门报到办理的，由党建办发起吹哨</Text>
        </View>
      )}
    </>
  )
}
