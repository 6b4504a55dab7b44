import { View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { useCallback, useRef, useState } from 'react'
import { Empty, Loading } from '@/components/load-state'
import PageShell from '@/components/page-shell'
import { useStrings } from '@/i18n'
import {
  fetchRoomEscalations,
  type EscalationStatus,
  type RoomEscalation,
} from '@/services/escalations'
import { idParam, loadProblem, type LoadProblem } from '@/services/staff'
import { StaffProblem } from '../workbench/problem'
import EscalationRow from './escalation-row'
import { STRINGS } from './strings'
import './index.css'

type State =
  | { phase: 'loading' }
  | { phase: 'problem'; problem: LoadProblem }
  | { phase: 'ready'; items: RoomEscalation[] }

type Tab = 'pending' | 'all'

export default function Escalations() {
  const t = useStrings(STRINGS)
  const roomId = idParam(useRouter().params.roomId)
  const [tab, setTab] = useState<Tab>('pending')
  const [state, setState] = useState<State>({ phase: 'loading' })
  const attempt = useRef(0)

  const load = useCallback(
    async (which: Tab = tab) => {
      const current = ++attempt.current
      if (!roomId) return
      const status: EscalationStatus | undefined = which === 'pending' ? 'pending' : undefined
      try {
        const items = await fetchRoomEscalations(roomId, status)
        if (current === attempt.current) setState({ phase: 'ready', items })
      } catch (error) {
        if (current === attempt.current) setState({ phase: 'problem', problem: loadProblem(error) })
      }
    },
    [roomId, tab],
  )

  useDidShow(() => {
    void load()
  })

  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  function switchTo(next: Tab) {
    if (next === tab) return
    setTab(next)
    setState({ phase: 'loading' })
    void load(next)
  }

  function decided(next: RoomEscalation) {
    setState((current) =>
      current.phase === 'ready'
        ? {
            phase: 'ready',
            items: current.items.map((item) => (item.id === next.id ? next : item)),
          }
        : current,
    )
  }

  if (!roomId) {
    return (
      <PageShell className="escalations">
        <Empty title={t.noRoom} />
      </PageShell>
    )
  }

  return (
    <PageShell className="escalations">
      <View className="escalations__tabs">
        {(['pending', 'all'] as const).map((key) => (
          <View
            key={key}
            className={`escalations__tab${tab === key ? ' escalations__tab--on' : ''}`}
            onClick={() => switchTo(key)}
          >
            {key === 'pending' ? t.tabPending : t.tabAll}
          </View>
        ))}
      </View>
      {state.phase === 'loading' && <Loading text={t.loading} />}
      {state.phase === 'problem' && (
        <StaffProblem problem={state.problem} words={t} onRetry={() => void load()} />
      )}
      {state.phase === 'ready' &&
        (state.items.length === 0 ? (
          <Empty title={t.empty} />
        ) : (
          state.items.map((item) => (
            <EscalationRow key={item.id} item={item} t={t} onDecided={decided} />
          ))
        ))}
    </PageShell>
  )
}
