import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import { Failed, Loading } from '@/components/load-state'
import PageShell from '@/components/page-shell'
import { useStrings } from '@/i18n'
import {
  fetchPrefs,
  fetchSubscriptions,
  type NotificationPrefs,
  type Subscriptions,
} from '@/services/preferences'
import { ApiError, LOGIN_PAGE } from '@/services/request'
import { getCurrentUser, isLoggedIn } from '@/services/session'
import { prefetchSubscribeTemplates } from '@/services/subscribe'
import DisplaySection from './display-section'
import MessageSection from './message-section'
import { STRINGS, type SettingsStrings } from './strings'
import SubscriptionSection from './subscription-section'
import './index.css'

type AccountState =
  | { phase: 'loading' }
  | { phase: 'anonymous' }
  | { phase: 'failed'; message: string }
  | { phase: 'ready'; prefs: NotificationPrefs; subs: Subscriptions }

function AccountSections({ t }: { t: SettingsStrings }) {
  const [state, setState] = useState<AccountState>({ phase: 'loading' })
  const attempt = useRef(0)

  const load = useCallback(async () => {
    const current = ++attempt.current
    if (!isLoggedIn()) {
      setState({ phase: 'anonymous' })
      return
    }
    setState({ phase: 'loading' })
    // Ready for a tap on 开启订阅: WeChat's popup should not wait for the network.
    prefetchSubscribeTemplates().catch(() => undefined)
    try {
      const [prefs, subs] = await Promise.all([fetchPrefs(), fetchSubscriptions()])
      if (current === attempt.current) setState({ phase: 'ready', prefs, subs })
    } catch (error) {
      if (current !== attempt.current) return
      if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') {
        setState({ phase: 'anonymous' })
      } else {
        setState({ phase: 'failed', message: error instanceof ApiError ? error.message : '' })
      }
    }
  }, [])

  useEffect(() => {
    void load()
  }, [load])

  if (state.phase === 'loading') return <Loading text={t.loading} />
  if (state.phase === 'anonymous') {
    return (
      <View className="settings__card settings__login-card">
        <Text className="settings__section-note">{t.loginNote}</Text>
        <Button
          className="settings__login"
          onClick={() => void Taro.navigateTo({ url: LOGIN_PAGE })}
        >
          {t.login}
        </Button>
      </View>
    )
  }
  if (state.phase === 'failed') {
    return (
      <Failed
        title={t.failedTitle}
        message={state.message || t.failedFallback}
        retry={t.retry}
        onRetry={() => void load()}
      />
    )
  }
  const departmentTasks = (getCurrentUser()?.grants ?? []).some(
    (grant) => grant.role === 'dept_officer',
  )
  return (
    <>
      <MessageSection t={t} initial={state.prefs} />
      <SubscriptionSection t={t} initial={state.subs} departmentTasks={departmentTasks} />
    </>
  )
}

/** 设置: large text and language (on the device), message alerts and WeChat subscriptions. */
export default function Settings() {
  const t = useStrings(STRINGS)
  return (
    <PageShell className="settings">
      <DisplaySection t={t} />
      <AccountSections t={t} />
    </PageShell>
  )
}
