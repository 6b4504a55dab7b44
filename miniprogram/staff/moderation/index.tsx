import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { useCallback, useRef, useState } from 'react'
import { Empty, Loading } from '@/components/load-state'
import PageShell from '@/components/page-shell'
import { useStrings } from '@/i18n'
import {
  fetchModerationQueue,
  type ModeratedComment,
  type ModerationItem,
  type QueueFilter,
} from '@/services/moderation'
import { errorText, idParam, loadProblem, type LoadProblem } from '@/services/staff'
import { StaffProblem } from '../workbench/problem'
import Blocks from './blocks'
import CommentRow from './comment-row'
import { STRINGS } from './strings'
import './index.css'

type State =
  | { phase: 'loading' }
  | { phase: 'problem'; problem: LoadProblem }
  | { phase: 'ready'; items: ModerationItem[]; nextCursor: string | null }

const TABS: ReadonlyArray<{ filter: QueueFilter; label: 'tabPending' | 'tabHidden' }> = [
  { filter: 'pending', label: 'tabPending' },
  { filter: 'hidden', label: 'tabHidden' },
]

export default function Moderation() {
  const t = useStrings(STRINGS)
  const roomId = idParam(useRouter().params.roomId)
  const [filter, setFilter] = useState<QueueFilter>('pending')
  const [state, setState] = useState<State>({ phase: 'loading' })
  const [moreError, setMoreError] = useState<string | undefined>()
  const [blocksVersion, setBlocksVersion] = useState(0)
  const attempt = useRef(0)

  const load = useCallback(
    async (which: QueueFilter = filter) => {
      const current = ++attempt.current
      if (!roomId) return
      try {
        const page = await fetchModerationQueue(roomId, which)
        if (current === attempt.current) {
          setState({ phase: 'ready', items: page.items, nextCursor: page.nextCursor })
        }
      } catch (error) {
        if (current === attempt.current) setState({ phase: 'problem', problem: loadProblem(error) })
      }
    },
    [roomId, filter],
  )

  useDidShow(() => {
    void load()
  })

  usePullDownRefresh(() => {
    setBlocksVersion((n) => n + 1)
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  function switchTo(next: QueueFilter) {
    if (next === filter) return
    setFilter(next)
    setState({ phase: 'loading' })
    void load(next)
  }

  async function loadMore() {
    if (state.phase !== 'ready' || !state.nextCursor || !roomId) return
    setMoreError(undefined)
    try {
      const page = await fetchModerationQueue(roomId, filter, state.nextCursor)
      setState({
        phase: 'ready',
        items: [...state.items, ...page.items],
        nextCursor: page.nextCursor,
      })
    } catch (error) {
      setMoreError(errorText(error))
    }
  }

  function changed(comment: ModeratedComment) {
    setState((current) =>
      current.phase === 'ready'
        ? {
            ...current,
            items: current.items.map((item) =>
              item.id === comment.id ? { ...item, ...comment } : item,
            ),
          }
        : current,
    )
  }

  if (!roomId) {
    return (
      <PageShell className="moderation">
        <Empty title={t.noRoom} />
      </PageShell>
    )
  }

  return (
    <PageShell className="moderation">
      <View className="moderation__tabs">
        {TABS.map((tab) => (
          <View
            key={tab.filter}
            className={`moderation__tab moderation__tab--${tab.filter}${filter === tab.filter ? ' moderation__tab--on' : ''}`}
            onClick={() => switchTo(tab.filter)}
          >
            {t[tab.label]}
          </View>
        ))}
      </View>

      {state.phase === 'loading' && <Loading text={t.loading} />}
      {state.phase === 'problem' && (
        <StaffProblem problem={state.problem} words={t} onRetry={() => void load()} />
      )}
      {state.phase === 'ready' && (
        <>
          {state.items.length === 0 ? (
            <Empty title={filter === 'hidden' ? t.emptyHidden : t.empty} />
          ) : (
            state.items.map((item) => (
              <CommentRow
                key={item.id}
                item={item}
                roomId={roomId}
                t={t}
                onChanged={changed}
                onBlocked={() => setBlocksVersion((n) => n + 1)}
              />
            ))
          )}
          {state.nextCursor && (
            <Button className="moderation__more" onClick={() => void loadMore()}>
              {t.more}
            </Button>
          )}
          {moreError && <Text className="moderation__problem">{moreError}</Text>}
          <Blocks roomId={roomId} t={t} version={blocksVersion} />
        </>
      )}
    </PageShell>
  )
}
