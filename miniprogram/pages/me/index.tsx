import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useCallback, useRef, useState } from 'react'
import { ROLE_LABELS } from '@shared/domain/labels'
import PageShell from '@/components/page-shell'
import { format, useStrings } from '@/i18n'
import { bindPhone, fetchMe, logout } from '@/services/auth'
import { HOME_PAGE } from '@/services/navigation'
import { fetchUnreadCount } from '@/services/notifications'
import { ApiError, LOGIN_PAGE } from '@/services/request'
import { getCurrentUser, isLoggedIn, type Me, type MeGrant } from '@/services/session'
import { MeEntries, SettingsEntry } from './entries'
import { STRINGS, type MeStrings } from './strings'
import './index.css'

type MeState =
  | { phase: 'loading' }
  | { phase: 'anonymous' }
  | { phase: 'ready'; me: Me }
  | { phase: 'failed'; message: string }

function grantText(grant: MeGrant): string {
  const where = grant.roomName ?? grant.unitName
  return where ? `${ROLE_LABELS[grant.role]} · ${where}` : ROLE_LABELS[grant.role]
}

function PhoneSection({ me, t, onBound }: { me: Me; t: MeStrings; onBound: (me: Me) => void }) {
  const [message, setMessage] = useState<string | undefined>()
  const isWeapp = process.env.TARO_ENV === 'weapp'

  async function bind(code: string | undefined) {
    if (!code) {
      setMessage(t.phoneDenied)
      return
    }
    try {
      onBound(await bindPhone(code))
      setMessage(t.phoneBound)
    } catch (error) {
      setMessage(error instanceof ApiError ? error.message : t.phoneFailed)
    }
  }

  return (
    <View className="me__card">
      <View className="me__line">
        <Text className="me__label">{t.phone}</Text>
        <Text className="me__value">{me.phone ?? t.phoneUnbound}</Text>
      </View>
      {isWeapp ? (
        <Button
          className="me__action me__bind-phone"
          openType="getPhoneNumber"
          onGetPhoneNumber={(event) => void bind(event.detail.code)}
        >
          {me.phone ? t.changePhone : t.bindPhone}
        </Button>
      ) : (
        <Text className="me__note">{t.phoneH5}</Text>
      )}
      {message && <Text className="me__note">{message}</Text>}
    </View>
  )
}

export default function MePage() {
  const t = useStrings(STRINGS)
  const [state, setState] = useState<MeState>(() => {
    const stored = getCurrentUser()
    return stored && isLoggedIn() ? { phase: 'ready', me: stored } : { phase: 'loading' }
  })
  const [unread, setUnread] = useState(0)
  const attempt = useRef(0)

  const load = useCallback(async () => {
    const current = ++attempt.current
    if (!isLoggedIn()) {
      setState({ phase: 'anonymous' })
      return
    }
    // The badge is a nicety: when it cannot load, the entry simply shows no count.
    fetchUnreadCount()
      .then((count) => current === attempt.current && setUnread(count))
      .catch(() => undefined)
    try {
      const me = await fetchMe()
      if (current === attempt.current) setState({ phase: 'ready', me })
    } catch (error) {
      if (current !== attempt.current) return
      if (!isLoggedIn()) {
        setState({ phase: 'anonymous' })
      } else {
        const message = error instanceof ApiError ? error.message : t.failedFallback
        setState({ phase: 'failed', message })
      }
    }
  }, [t])

  useDidShow(() => {
    void load()
  })

  async function onLogout() {
    await logout()
    void Taro.reLaunch({ url: HOME_PAGE })
  }

  if (state.phase === 'loading') {
    return (
      <PageShell className="me me--center">
        <Text className="me__muted">{t.loading}</Text>
      </PageShell>
    )
  }
  if (state.phase === 'anonymous') {
    return (
      <PageShell className="me">
        <View className="me__card me--center">
          <Text className="me__title">{t.anonymousTitle}</Text>
          <Text className="me__muted">{t.anonymousText}</Text>
          <Button
            className="me__primary me__login"
            type="primary"
            onClick={() => void Taro.navigateTo({ url: LOGIN_PAGE })}
          >
            {t.login}
          </Button>
        </View>
        <SettingsEntry t={t} />
      </PageShell>
    )
  }
  if (state.phase === 'failed') {
    return (
      <PageShell className="me me--center">
        <Text className="me__title">{t.failedTitle}</Text>
        <Text className="me__muted">{state.message}</Text>
        <Button className="me__primary me__retry" onClick={() => void load()}>
          {t.retry}
        </Button>
      </PageShell>
    )
  }

  const { me } = state
  return (
    <PageShell className="me">
      <View className="me__card me__profile">
        <Text className="me__name">{me.displayName}</Text>
        {me.realName && (
          <Text className="me__muted">{format(t.realName, { name: me.realName })}</Text>
        )}
      </View>

      <MeEntries t={t} unread={unread} staff={me.isStaff || me.grants.length > 0} />

      <View className="me__card">
        <Text className="me__section-title">{t.identity}</Text>
        {me.grants.length === 0 ? (
          <Text className="me__role">{ROLE_LABELS.resident}</Text>
        ) : (
          me.grants.map((grant) => (
            <Text key={grant.id} className="me__role">
              {grantText(grant)}
            </Text>
          ))
        )}
      </View>

      <PhoneSection me={me} t={t} onBound={(next) => setState({ phase: 'ready', me: next })} />

      <Button className="me__logout" onClick={() => void onLogout()}>
        {t.logout}
      </Button>
    </PageShell>
  )
}
