import { useState, type ReactNode } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import type { CaseSummary } from '../../../domain/api/views'
import type { AssignmentView, RouteView, StepView, WhistleDetail, WhistleView } from '../../../domain/api/whistle-views'
import { ActionPanel, type OfferedAction } from '../../components/ActionForm/ActionPanel'
import { EvaluationPanel } from './EvaluationForm'
import { SupervisionPanel } from '../../components/SupervisionCard'
import { SUPERVISE_KINDS, cstDateTime, type ActionFormContext, type FieldOption } from '../../components/ActionForm/actionForms'
import { CaseRow } from '../../components/CaseRow'
import { DeadlineBadge } from '../../components/DeadlineBadge'
import { InfoRow } from '../../components/InfoRow'
import { ListState } from '../../components/ListState'
import { PhotoGrid } from '../../components/PhotoGrid'
import { StatusChip, type ChipTone } from '../../components/StatusChip'
import { TimelineSection, toTimelineEntries } from '../../components/Timeline'
import { useDetail } from '../../hooks/useDetail'
import { useTimelineUrls } from '../../hooks/useTimelineUrls'
import { callFunction } from '../../services/cloud'
import { routes } from '../../routes'
import { toastError } from '../../utils/feedback'
import { excerpt, formatTime } from '../../utils/format'
import { assignmentStateTone, whistleKindTone, whistleStateTone } from '../../utils/whistleState'
import './index.scss'

const STEPS: { key: keyof WhistleView['steps']; label: string }[] = [
  { key: 'propose', label: '提出事项' },
  { key: 'collect', label: '收集事项' },
  { key: 'review', label: '审核把关' },
  { key: 'approve', label: '审批上报' },
]
const REQUEST_STATUS: Record<string, { label: string; tone: ChipTone }> = {
  pending: { label: '待吹哨办审批', tone: 'warning' },
  approved: { label: '已同意', tone: 'success' },
  refused: { label: '未同意', tone: 'danger' },
}
const HANDLER_LABELS: Record<RouteView['handler'], string> = {
  township: '乡镇（街道）自行处理，不吹哨',
  stationed: '先由驻乡镇（街道）机构处理',
  whistle: '可以吹哨，由县直部门报到办理',
  service: '按服务事项调度',
}

const onTimeText = (onTime: boolean) => (onTime ? '按时' : '超时')

function Section({ title, id, children }: { title: string; id?: string; children: ReactNode }) {
  return (
    <>
      <Text className='section-title'>{title}</Text>
      <View className='card whistle-detail__section' id={id}>
        {children}
      </View>
    </>
  )
}

/** One entry inside a section: a heading line with chips, then info rows and text. */
function Entry({ head, children }: { head: ReactNode; children?: ReactNode }) {
  return (
    <View className='whistle-detail__entry'>
      <View className='detail-head'>{head}</View>
      {children}
    </View>
  )
}

function StepRow({ label, step }: { label: string; step?: StepView }) {
  return (
    <View className={`whistle-detail__step${step ? ' whistle-detail__step--done' : ''}`}>
      <Text className='whistle-detail__step-label'>{step ? `✓ ${label}` : label}</Text>
      {step ? (
        <>
          <Text className='hint'>
            {step.by.label} · {formatTime(step.at)}
          </Text>
          {step.comment ? <Text className='whistle-detail__step-comment'>{step.comment}</Text> : null}
        </>
      ) : (
        <Text className='hint'>尚未进行</Text>
      )}
    </View>
  )
}

function AssignmentEntry({ a }: { a: AssignmentView }) {
  return (
    <Entry
      head={
        <>
          <Text className='whistle-detail__name'>{a.deptName}</Text>
          <StatusChip label={a.roleLabel} tone={a.role === 'lead' ? 'info' : 'neutral'} />
          <StatusChip label={a.stateLabel} tone={assignmentStateTone(a.state)} />
          <DeadlineBadge deadline={a.deadline} />
        </>
      }
    >
      <InfoRow label='派单时间' value={formatTime(a.dispatchedAt)} />
      <InfoRow label='报到时限' value={formatTime(a.checkInDue)} />
      {a.checkIn ? (
        <InfoRow
          label='报到'
          value={`${a.checkIn.handler}，${formatTime(a.checkIn.onSiteAt)} 到达现场（${onTimeText(a.checkIn.onTime)}）${a.checkIn.note ? `。${a.checkIn.note}` : ''}`}
        />
      ) : null}
      <InfoRow label='办结时限' value={formatTime(a.completionDue)} />
      {a.completion ? (
        <>
          <InfoRow label='办结' value={`${formatTime(a.completion.at)}（${onTimeText(a.completion.onTime)}）：${a.completion.result}`} />
          <PhotoGrid urls={a.completion.photos.map((p) => p.url)} small />
        </>
      ) : null}
      {a.returnedAt ? <InfoRow label='退单' value={formatTime(a.returnedAt)} /> : null}
    </Entry>
  )
}

function RouteCard({ route, w }: { route: RouteView; w: WhistleView }) {
  const boundary = route.boundary
  return (
    <Section title='职责清单意见（M-2、M-3、M-16）' id='whistle-route'>
      <View className='detail-head'>
        {boundary.ok ? <StatusChip label='符合吹哨条件' tone='success' /> : <StatusChip label='不符合吹哨条件' tone='danger' />}
        {route.urgentEligible ? <StatusChip label='急哨清单事项' tone='warning' /> : null}
      </View>
      {boundary.ok ? null : (
        <Text className='detail-text whistle-detail__warning' id='whistle-boundary'>
          {boundary.message}（{boundary.rule}）
        </Text>
      )}
      <InfoRow label='清单' value={route.listLabel ?? '未列入三张清单'} />
      <InfoRow label='处理方式' value={HANDLER_LABELS[route.handler]} />
      <InfoRow label='建议主办' value={route.leadName ?? '无'} />
      <InfoRow label='建议协办' value={route.coNames.length ? route.coNames.join('、') : '无'} />
      {route.proposal ? (
        <InfoRow
          label='平台派哨建议'
          value={`主办 ${route.proposal.leadName}${route.proposal.coNames.length ? `，协办 ${route.proposal.coNames.join('、')}` : ''}`}
        />
      ) : null}
      {route.proposal ? (
        <Text className='hint' id='dispatch-basis'>
          {route.proposal.basis.text}
        </Text>
      ) : null}
      {route.stationedAgency ? <InfoRow label='驻镇机构' value={route.stationedAgency.name} /> : null}
      {w.routing?.corrected ? <InfoRow label='派单调整' value={`吹哨办已调整为 主办 ${w.routing.leadName}${w.routing.coNames.length ? `，协办 ${w.routing.coNames.join('、')}` : ''}`} /> : null}
      <Text className='hint'>{route.reason.includes(route.rule) ? route.reason : `${route.reason}（${route.rule}）`}</Text>
    </Section>
  )
}

/** Every department the page can name: the duty-list proposal, the dispatch, meetings. */
function knownDepartments(d: WhistleDetail): FieldOption[] {
  const w = d.whistle
  const pairs: [string | null | undefined, string | null | undefined][] = [
    [d.route?.lead, d.route?.leadName],
    [d.route?.proposal?.lead, d.route?.proposal?.leadName],
    ...(d.route?.proposal?.co ?? []).map((c, i): [string, string] => [c, d.route!.proposal!.coNames[i]]),
    ...(d.route?.co ?? []).map((c, i): [string, string] => [c, d.route!.coNames[i]]),
    [w.routing?.lead, w.routing?.leadName],
    ...(w.routing?.co ?? []).map((c, i): [string, string] => [c, w.routing!.coNames[i]]),
    ...w.assignments.map((a): [string, string] => [a.dept, a.deptName]),
    ...w.meetings.flatMap((m): [string, string][] => [[m.lead, m.leadName], ...m.co.map((c, i): [string, string] => [c, m.coNames[i]])]),
  ]
  const seen = new Map<string, string>()
  for (const [code, name] of pairs) if (code && !seen.has(code)) seen.set(code, name || code)
  return [...seen].map(([value, label]) => ({ value, label }))
}

function pendingDepts(w: WhistleView, kind: 'extension' | 'return'): FieldOption[] {
  return w.requests
    .filter((r) => r.kind === kind && r.status === 'pending')
    .map((r) => ({ value: r.dept, label: r.workingDays ? `${r.deptName}（申请 ${r.workingDays} 个工作日）` : r.deptName }))
}

/** What each whistle action's form starts with and chooses from. */
function formContext(d: WhistleDetail, action: string, cases: FieldOption[]): ActionFormContext {
  const w = d.whistle
  const departments = knownDepartments(d)
  // M-16: the dispatch form starts from the platform's proposal (lists + earlier dispatches) when there is one.
  const proposal = d.route?.proposal
  const lead = proposal?.lead ?? d.route?.lead ?? w.routing?.lead ?? undefined
  const co = (proposal ? proposal.co : d.route?.lead ? d.route.co : (w.routing?.co ?? [])).filter((c) => c !== lead)
  const extensionDepts = pendingDepts(w, 'extension')
  const returnDepts = pendingDepts(w, 'return')
  const options = { departments, extensionDepts, returnDepts, cases }
  switch (action) {
    case 'dispatch':
    case 'record_meeting':
      return { options, defaults: lead ? { lead, co } : { co } }
    case 'check_in':
      return { options, defaults: { onSiteAt: cstDateTime() } }
    case 'approve_extension': {
      const first = w.requests.find((r) => r.kind === 'extension' && r.status === 'pending')
      return { options, defaults: first ? { dept: first.dept, workingDays: first.workingDays ? String(first.workingDays) : '' } : {} }
    }
    case 'refuse_extension':
      return { options, defaults: extensionDepts[0] ? { dept: extensionDepts[0].value } : {} }
    case 'approve_return':
    case 'refuse_return':
      return { options, defaults: returnDepts[0] ? { dept: returnDepts[0].value } : {} }
    case 'supervise':
      return { options, defaults: { kind: w.deadline?.tone === 'overdue' ? 'overdue' : w.deadline?.tone === 'warn' ? 'near_due' : SUPERVISE_KINDS[0].value } }
    default:
      return { options }
  }
}

/** Photos the whistle view carries, by file id (for timeline entries). */
function knownUrls(w: WhistleView): Record<string, string> {
  const urls: Record<string, string> = {}
  const all = [...w.progress.flatMap((p) => p.photos), ...w.assignments.flatMap((a) => a.completion?.photos ?? []), ...(w.result?.photos ?? [])]
  for (const p of all) if (p.url) urls[p.fileID] = p.url
  return urls
}

/**
 * One whistle as staff see it (M-12…M-18, M-24): what was whistled, the township's four steps, the
 * duty-list answer, the departments and their deadlines, requests, meetings, progress, result, the
 * attached cases, the history, and the actions the server offers this person.
 */
export function WhistleDetailView({ whistleId }: { whistleId: string }) {
  const { detail, errorText, load, perform } = useDetail(() => callFunction('whistles', 'get', { whistleId }), whistleId)
  const urls = useTimelineUrls(detail?.timeline, detail ? knownUrls(detail.whistle) : {})
  const [collectable, setCollectable] = useState<CaseSummary[]>([])

  if (!detail) {
    return <ListState status={errorText ? 'error' : 'loading'} errorText={errorText} onRetry={() => void load()} />
  }

  const w = detail.whistle
  const act = (action: OfferedAction, input: Record<string, unknown>) =>
    action.action === 'supervise'
      ? // 挂牌督办 goes through the supervision function: it keeps the listing (response date, responses) and
        // runs this whistle's own supervise row (M-24).
        perform(action.label, async () => {
          await callFunction('supervision', 'list', { entity: 'whistle', id: whistleId, kind: input.kind as 'other', reason: String(input.reason ?? '') })
          return callFunction('whistles', 'get', { whistleId })
        })
      : perform(action.label, () => callFunction('whistles', 'act', { whistleId, action: action.action, expectedVersion: w.version, input }))
  // 收集事项: the township's open cases not yet in this whistle.
  const loadCollectable = (action: string | null) => {
    if (action !== 'collect') return
    callFunction('cases', 'inbox', { role: 'township', view: 'todo' })
      .then((page) => setCollectable(page.items.filter((c) => !w.caseIds.includes(c.id))))
      .catch(toastError)
  }
  const caseOptions = collectable.map((c) => ({ value: c.id, label: `${excerpt(c.text, 24)}（${c.placeLabel}）` }))
  const openCase = (id: string) => Taro.navigateTo({ url: routes.staffCase(id) })
  const entries = toTimelineEntries(detail.timeline, urls)
  // The duty-list answer matters while the whistle is reviewed and dispatched.
  const showRoute = detail.route && ['proposed', 'collected', 'reviewed', 'rejected', 'submitted'].includes(w.state)

  return (
    <View className='whistle-detail'>
      <View className='card'>
        <View className='detail-head'>
          <StatusChip label={w.kindLabel} tone={whistleKindTone(w.kind)} />
          <StatusChip label={w.stateLabel} tone={whistleStateTone(w.state)} />
          {w.supervised ? <StatusChip label='督办' tone='danger' /> : null}
          <DeadlineBadge deadline={w.deadline} />
        </View>
        <Text className='whistle-detail__title' id='whistle-title'>
          {w.title}
        </Text>
        <Text className='detail-text' id='whistle-description'>
          {w.description}
        </Text>
      </View>

      <View className='card'>
        <InfoRow label='编号' value={w.no} />
        <InfoRow label='所属乡镇' value={w.townshipName} />
        <InfoRow label='事项类型' value={w.matterTypeName} />
        <InfoRow label='提出时间' value={formatTime(w.createdAt)} />
        {w.registeredAt ? <InfoRow label='同步登记' value={formatTime(w.registeredAt)} /> : null}
        {w.completionDue ? <InfoRow label='办结时限' value={formatTime(w.completionDue)} /> : null}
        {w.stationedTried ? <InfoRow label='驻镇机构已做' value={w.stationedTried} /> : null}
      </View>

      {w.rejection ? (
        <Section title='审核未通过' id='whistle-rejection'>
          <Text className='detail-text whistle-detail__warning'>
            {w.rejection.message || '审核未通过'}
            {w.rejection.rule ? `（${w.rejection.rule}）` : ''}
          </Text>
          <Text className='hint'>
            {w.rejection.by.label} · {formatTime(w.rejection.at)}
          </Text>
        </Section>
      ) : null}

      {showRoute && detail.route ? <RouteCard route={detail.route} w={w} /> : null}

      {detail.actions.length ? (
        <>
          <Text className='section-title'>办理</Text>
          <ActionPanel
            actions={detail.actions}
            entity='whistle'
            contextFor={(action) => formContext(detail, action, caseOptions)}
            onAct={act}
            onActiveChange={loadCollectable}
          />
        </>
      ) : null}

      <Section title='乡镇（街道）四步（M-12）' id='whistle-steps'>
        {STEPS.map((s) => (
          <StepRow key={s.key} label={s.label} step={w.steps[s.key]} />
        ))}
      </Section>

      {w.assignments.length ? (
        <Section title='报到部门（M-15、M-17）' id='whistle-assignments'>
          {w.assignments.map((a) => (
            <AssignmentEntry key={`${a.dept}-${a.dispatchedAt}`} a={a} />
          ))}
        </Section>
      ) : null}

      {w.requests.length ? (
        <Section title='延期、退单申请' id='whistle-requests'>
          {w.requests.map((r) => (
            <Entry
              key={`${r.kind}-${r.dept}-${r.at}`}
              head={
                <>
                  <Text className='whistle-detail__name'>{r.deptName}</Text>
                  <StatusChip label={r.kindLabel} tone='neutral' />
                  <StatusChip label={REQUEST_STATUS[r.status].label} tone={REQUEST_STATUS[r.status].tone} />
                </>
              }
            >
              {r.workingDays ? <InfoRow label='延期' value={`${r.workingDays} 个工作日`} /> : null}
              <InfoRow label='理由' value={r.reason} />
              <InfoRow label='申请时间' value={formatTime(r.at)} />
              {r.decidedAt ? <InfoRow label='审批' value={`${r.decidedBy?.label ?? ''} · ${formatTime(r.decidedAt)}${r.decisionComment ? `：${r.decisionComment}` : ''}`} /> : null}
            </Entry>
          ))}
        </Section>
      ) : null}

      {w.meetings.length ? (
        <Section title='会商（M-15）' id='whistle-meetings'>
          {w.meetings.map((m) => (
            <Entry key={m.at} head={<Text className='whistle-detail__name'>{formatTime(m.at)} 会商</Text>}>
              <InfoRow label='参会' value={m.attendees.join('、')} />
              <InfoRow label='决定' value={m.decision} />
              <InfoRow label='主办' value={m.leadName} />
              <InfoRow label='协办' value={m.coNames.length ? m.coNames.join('、') : '无'} />
              <InfoRow label='方案' value={m.plan} />
              <InfoRow label='时限' value={m.deadline} />
            </Entry>
          ))}
        </Section>
      ) : null}

      {w.progress.length ? (
        <Section title='办理进展' id='whistle-progress'>
          {w.progress.map((p) => (
            <Entry key={`${p.dept}-${p.at}`} head={<Text className='whistle-detail__name'>{p.deptName}</Text>}>
              <Text className='hint'>{formatTime(p.at)}</Text>
              <Text className='detail-text'>{p.text}</Text>
              <PhotoGrid urls={p.photos.map((x) => x.url)} small />
            </Entry>
          ))}
        </Section>
      ) : null}

      {w.result ? (
        <Section title='办结结果' id='whistle-result'>
          <Text className='detail-text'>{w.result.text}</Text>
          <Text className='hint'>
            {w.result.deptName} · {formatTime(w.result.at)}
          </Text>
          <PhotoGrid urls={w.result.photos.map((p) => p.url)} />
        </Section>
      ) : null}

      {w.assignments.some((x) => x.state === 'completed') ? <EvaluationPanel whistleId={whistleId} version={w.version} /> : null}

      {w.supervision.length ? (
        <Section title='督办（M-24）' id='whistle-supervision'>
          {w.supervision.map((s) => (
            <Entry key={s.at} head={<StatusChip label={SUPERVISE_KINDS.find((k) => k.value === s.kind)?.label ?? s.kind} tone='danger' />}>
              <Text className='detail-text'>{s.reason}</Text>
              <Text className='hint'>
                {s.by.label} · {formatTime(s.at)}
              </Text>
            </Entry>
          ))}
          {/* 挂牌督办 records (staff/supervision): the listed department responds here. */}
          <SupervisionPanel entity='whistle' id={whistleId} />
        </Section>
      ) : null}

      {w.misses.length ? (
        <Section title='超时记录' id='whistle-misses'>
          {w.misses.map((m) => (
            <InfoRow key={`${m.kind}-${m.unit}-${m.due}`} label={m.kindLabel} value={`${m.unitName}，时限 ${formatTime(m.due)}`} />
          ))}
        </Section>
      ) : null}

      <Text className='section-title'>关联诉求（{w.caseCount} 件）</Text>
      <View id='whistle-cases'>
        <ListState status={detail.cases.length ? 'ready' : 'empty'} emptyText={w.caseCount ? '关联的诉求不在您的查看范围内' : '没有关联诉求'}>
          {detail.cases.map((c) => (
            <CaseRow key={c.id} item={c} onOpen={openCase} />
          ))}
        </ListState>
      </View>

      <TimelineSection id='whistle-timeline' title='处理记录' emptyText='暂无处理记录' entries={entries} notice={detail.attachmentNotice} />
    </View>
  )
}

export default WhistleDetailView
