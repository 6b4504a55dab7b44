import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import { Empty, Failed, Loading } from '@/components/load-state'
import PageShell from '@/components/page-shell'
import { format, useStrings } from '@/i18n'
import {
  listMyActionItems,
  urgencyTone,
  type ActionItemEntry,
  type MyItemsStatus,
} from '@/services/action-items'
import { ApiError, LOGIN_PAGE } from '@/services/request'
import { isLoggedIn } from '@/services/session'
import { askToSubscribe, prefetchSubscribeTemplates } from '@/services/subscribe'
import ItemCard from './item-card'
import { STRINGS } from './strings'
import './index.css'

type PageState =
  | { phase: 'loading' }
  | { phase: 'anonymous' }
  | { phase: 'forbidden' }
  | { phase: 'ready'; items: ActionItemEntry[] }
  | { phase: 'failed'; message: string }

const TABS: { status: Exclude<MyItemsStatus, 'all'>; key: 'open' | 'done' }[] = [
  { status: 'open', key: 'open' },
  { status: 'done', key: 'done' },
]

export default function TasksPage() {
  const t = useStrings(STRINGS)
  const [status, setStatus] = useState<'open' | 'done'>('open')
  const [state, setState] = useState<PageState>({ phase: 'loading' })
  const [subscribeNote, setSubscribeNote] = useState<string | undefined>()
  const attempt = useRef(0)

  const load = useCallback(
    async (which: 'open' | 'done') => {
      const current = ++attempt.current
      if (!isLoggedIn()) {
        setState({ phase: 'anonymous' })
        return
      }
      setState({ phase: 'loading' })
      try {
        const items = await listMyActionItems(which)
        if (current === attempt.current) setState({ phase: 'ready', items })
      } catch (error) {
        if (current !== attempt.current) return
        if (!isLoggedIn()) {
          setState({ phase: 'anonymous' })
        } else if (error instanceof ApiError && error.code === 'FORBIDDEN') {
          setState({ phase: 'forbidden' })
        } else {
          const message = error instanceof ApiError ? error.message : t.failedTitle
          setState({ phase: 'failed', message })
        }
      }
    },
    [t.failedTitle],
  )

  // The template ids are fetched ahead, so the tap on 接收任务提醒 reaches WeChat's popup at once.
  useEffect(() => {
    prefetchSubscribeTemplates().catch(() => undefined)
  }, [])

  // Reloaded whenever the page shows again: a progress report may have just been made.
  useDidShow(() => {
    void load(status)
  })

  usePullDownRefresh(() => {
    void load(status).finally(() => Taro.stopPullDownRefresh())
  })

  function choose(next: 'open' | 'done') {
    if (next === status) return
    setStatus(next)
    void load(next)
  }

  // The WeChat popup may only open from a tap: this runs inside the button's handler.
  async function subscribe() {
    const accepted = await askToSubscribe('dept_tasks')
    setSubscribeNote(accepted.length > 0 ? t.subscribed : t.subscribeNone)
  }

  let content
  if (state.phase === 'loading') {
    content = <Loading text={t.loading} />
  } else if (state.phase === 'anonymous') {
    content = (
      <Empty
        title={t.loginTitle}
        text={t.loginText}
        action={t.login}
        onAction={() => void Taro.navigateTo({ url: LOGIN_PAGE })}
      />
    )
  } else if (state.phase === 'forbidden') {
    content = <Empty title={t.forbiddenTitle} text={t.forbiddenText} />
  } else if (state.phase === 'failed') {
    content = (
      <Failed
        title={t.failedTitle}
        message={state.message}
        retry={t.retry}
        onRetry={() => void load(status)}
      />
    )
  } else if (state.items.length === 0) {
    content =
      status === 'open' ? (
        <Empty title={t.emptyOpen} text={t.emptyOpenText} />
      ) : (
        <Empty title={t.emptyDone} />
      )
  } else {
    const late = state.items.filter((item) => urgencyTone(item.urgency) === 'late').length
    content = (
      <View className="tasks__list">
        {status === 'open' && (
          <Text className="tasks__summary">
            {format(t.summary, { n: state.items.length, late })}
          </Text>
        )}
        {state.items.map((item) => (
          <ItemCard key={item.id} item={item} />
        ))}
      </View>
    )
  }

  const showTabs = state.phase !== 'anonymous' && state.phase !== 'forbidden'
  return (
    <PageShell className="tasks">
      {showTabs && (
        <View className="tasks__top">
          <View className="tasks__tabs">
            {TABS.map((tab) => (
              <Text
                key={tab.key}
                className={`tasks__tab tasks__tab--${tab.key}${status === tab.status ? ' tasks__tab--active' : ''}`}
                onClick={() => choose(tab.status)}
              >
                {t[tab.key]}
              </Text>
            ))}
          </View>
          <Button className="tasks__subscribe" size="mini" onClick={() => void subscribe()}>
            {t.subscribe}
          </Button>
        </View>
      )}
      {subscribeNote && <Text className="tasks__note">{subscribeNote}</Text>}
      {content}
    </PageShell>
  )
}
