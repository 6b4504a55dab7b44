import { Button, Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { Empty } from '@/components/load-state'
import PageShell from '@/components/page-shell'
import PageStates from '@/components/page-states'
import { useLoadedPage } from '@/hooks/use-loaded-page'
import { format, useStrings } from '@/i18n'
import { listMyActionItems, urgencyTone, type MyItemsStatus } from '@/services/action-items'
import { askToSubscribe, prefetchSubscribeTemplates } from '@/services/subscribe'
import ItemCard from './item-card'
import { STRINGS } from './strings'
import './index.css'

const TABS: { status: Exclude<MyItemsStatus, 'all'>; key: 'open' | 'done' }[] = [
  { status: 'open', key: 'open' },
  { status: 'done', key: 'done' },
]

export default function TasksPage() {
  const t = useStrings(STRINGS)
  const [status, setStatus] = useState<'open' | 'done'>('open')
  const [subscribeNote, setSubscribeNote] = useState<string | undefined>()
  // The template ids are fetched ahead, so the tap on 接收任务提醒 reaches WeChat's popup at once.
  useEffect(() => {
    prefetchSubscribeTemplates().catch(() => undefined)
  }, [])

  // Reloaded whenever the page shows again: a progress report may have just been made.
  const { state, reload } = useLoadedPage(listMyActionItems, {
    failedText: t.failedTitle,
    arg: status,
    loadingOnReload: true,
    forbidden: true,
  })

  function choose(next: 'open' | 'done') {
    if (next === status) return
    setStatus(next)
    void reload(next)
  }

  // The WeChat popup may only open from a tap: this runs inside the button's handler.
  async function subscribe() {
    const accepted = await askToSubscribe('dept_tasks')
    setSubscribeNote(accepted.length > 0 ? t.subscribed : t.subscribeNone)
  }

  let content
  if (state.phase !== 'ready') {
    content = <PageStates state={state} words={t} onRetry={() => void reload()} />
  } else if (state.data.length === 0) {
    content =
      status === 'open' ? (
        <Empty title={t.emptyOpen} text={t.emptyOpenText} />
      ) : (
        <Empty title={t.emptyDone} />
      )
  } else {
    const late = state.data.filter((item) => urgencyTone(item.urgency) === 'late').length
    content = (
      <View className="tasks__list">
        {status === 'open' && (
          <Text className="tasks__summary">
            {format(t.summary, { n: state.data.length, late })}
          </Text>
        )}
        {state.data.map((item) => (
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
