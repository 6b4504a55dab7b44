import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import { Empty, Failed, Loading } from '@/components/load-state'
import { format } from '@/i18n'
import {
  fetchNotifications,
  linkUrl,
  markAllNotificationsRead,
  markNotificationRead,
  type NotificationView,
} from '@/services/notifications'
import { ApiError, LOGIN_PAGE } from '@/services/request'
import { isLoggedIn } from '@/services/session'
import { useSettings } from '@/hooks/use-settings'
import { shortTime, type NotificationStrings } from './strings'
import type { TabProps } from './tab'

type InboxState =
  | { phase: 'loading' }
  | { phase: 'login' }
  | { phase: 'failed'; message: string }
  | { phase: 'ready'; items: NotificationView[]; nextCursor: string | null; unread: number }

const MY_TOPICS = '/pages/my-topics/index'

function Item({
  item,
  t,
  onOpen,
}: {
  item: NotificationView
  t: NotificationStrings
  onOpen: (item: NotificationView) => void
}) {
  const { lang } = useSettings()
  return (
    <View
      className={`notice ${item.read ? 'notice--read' : 'notice--unread'}`}
      onClick={() => onOpen(item)}
    >
      <View className="notice__head">
        <Text className="notice__kind">{item.kindLabel}</Text>
        {!item.read && <Text className="notice__dot">{t.unreadMark}</Text>}
        <Text className="notice__time">{shortTime(item.createdAt, lang)}</Text>
      </View>
      <Text className="notice__title">{item.title}</Text>
      <Text className="notice__body">{item.body}</Text>
    </View>
  )
}

/**
 * The in-app notification centre, newest first: tap marks one read and opens its page; 全部已读;
 * cursor pages. Loads on mount and whenever `shown` changes (the page showed again); hands its
 * loader to `reload` for the page's pull-down.
 */
export default function Inbox({ t, shown, reload }: TabProps) {
  const [state, setState] = useState<InboxState>({ phase: 'loading' })
  const [loadingMore, setLoadingMore] = useState(false)
  const attempt = useRef(0)

  const load = useCallback(async () => {
    const current = ++attempt.current
    if (!isLoggedIn()) {
      setState({ phase: 'login' })
      return
    }
    try {
      const page = await fetchNotifications()
      if (current !== attempt.current) return
      setState({
        phase: 'ready',
        items: page.items,
        nextCursor: page.nextCursor,
        unread: page.unreadCount,
      })
    } catch (error) {
      if (current !== attempt.current) return
      if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') {
        setState({ phase: 'login' })
      } else {
        setState({ phase: 'failed', message: error instanceof ApiError ? error.message : '' })
      }
    }
  }, [])

  useEffect(() => {
    reload.current = load
    void load()
  }, [load, shown, reload])

  const loadMore = async () => {
    if (state.phase !== 'ready' || !state.nextCursor || loadingMore) return
    const current = attempt.current
    setLoadingMore(true)
    try {
      const page = await fetchNotifications(state.nextCursor)
      if (current !== attempt.current) return
      const seen = new Set(state.items.map((item) => item.id))
      setState({
        phase: 'ready',
        items: [...state.items, ...page.items.filter((item) => !seen.has(item.id))],
        nextCursor: page.nextCursor,
        unread: page.unreadCount,
      })
    } catch (error) {
      void Taro.showToast({
        title: error instanceof ApiError ? error.message : t.failedFallback,
        icon: 'none',
      })
    } finally {
      setLoadingMore(false)
    }
  }

  const open = (item: NotificationView) => {
    if (!item.read) {
      setState((previous) =>
        previous.phase === 'ready'
          ? {
              ...previous,
              items: previous.items.map((i) => (i.id === item.id ? { ...i, read: true } : i)),
              unread: Math.max(0, previous.unread - 1),
            }
          : previous,
      )
      // Best effort: if it fails, the next reload shows it unread again.
      markNotificationRead(item.id).catch(() => undefined)
    }
    if (item.link) void Taro.navigateTo({ url: linkUrl(item.link) })
  }

  const readAll = async () => {
    try {
      await markAllNotificationsRead()
      setState((previous) =>
        previous.phase === 'ready'
          ? { ...previous, items: previous.items.map((i) => ({ ...i, read: true })), unread: 0 }
          : previous,
      )
    } catch (error) {
      void Taro.showToast({
        title: error instanceof ApiError ? error.message : t.failedFallback,
        icon: 'none',
      })
    }
  }

  if (state.phase === 'loading') return <Loading text={t.loading} />
  if (state.phase === 'login') {
    return (
      <Empty
        title={t.loginTitle}
        text={t.loginText}
        action={t.login}
        onAction={() => void Taro.navigateTo({ url: LOGIN_PAGE })}
      />
    )
  }
  if (state.phase === 'failed') {
    return (
      <Failed
        title={t.failedTitle}
        message={state.message || t.failedFallback}
        retry={t.retry}
        onRetry={() => {
          setState({ phase: 'loading' })
          void load()
        }}
      />
    )
  }
  if (state.items.length === 0) {
    return (
      <Empty
        title={t.emptyTitle}
        text={t.emptyText}
        action={t.emptyAction}
        onAction={() => void Taro.navigateTo({ url: MY_TOPICS })}
      />
    )
  }
  return (
    <View className="inbox">
      <View className="inbox__bar">
        <Text className="inbox__unread">{format(t.unreadSummary, { n: state.unread })}</Text>
        {state.unread > 0 && (
          <Button className="inbox__read-all" size="mini" onClick={() => void readAll()}>
            {t.allRead}
          </Button>
        )}
      </View>
      {state.items.map((item) => (
        <Item key={item.id} item={item} t={t} onOpen={open} />
      ))}
      {state.nextCursor ? (
        <Button
          className="inbox__more"
          loading={loadingMore || undefined}
          disabled={loadingMore || undefined}
          onClick={() => void loadMore()}
        >
          {t.more}
        </Button>
      ) : (
        <Text className="inbox__end">{t.end}</Text>
      )}
    </View>
  )
}
