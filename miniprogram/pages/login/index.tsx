import { Button, Input, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useCallback, useEffect, useState } from 'react'
import { isErrorCode } from '@shared/errors'
import { messageFor } from '@/services/api-error'
import {
  fetchDemoAccounts,
  loginWithCode,
  loginWithPassword,
  loginWithWechat,
  type DemoAccount,
} from '@/services/auth'
import { goBackOrHome } from '@/services/navigation'
import { ApiError } from '@/services/request'
import PageShell from '@/components/page-shell'
import { format, useStrings } from '@/i18n'
import { STRINGS, type LoginStrings } from './strings'
import './index.css'

type PickerState =
  | { phase: 'loading' }
  | { phase: 'ready'; accounts: DemoAccount[] }
  | { phase: 'unavailable' }
  | { phase: 'failed'; message: string }

function errorText(error: unknown, t: LoginStrings): string {
  return error instanceof ApiError ? error.message : t.failed
}

/** Why the user was sent here (`?reason=SESSION_REVOKED`), in Chinese. */
function reasonText(reason: string | undefined, t: LoginStrings): string | undefined {
  if (!reason) return undefined
  return isErrorCode(reason) ? messageFor(reason) : t.loginAgain
}

function DemoPicker({ busy, onPick }: { busy: boolean; onPick: (account: DemoAccount) => void }) {
  const t = useStrings(STRINGS)
  const [state, setState] = useState<PickerState>({ phase: 'loading' })

  const load = useCallback(async () => {
    setState({ phase: 'loading' })
    try {
      setState({ phase: 'ready', accounts: await fetchDemoAccounts() })
    } catch (error) {
      if (error instanceof ApiError && error.code === 'DEMO_MODE_ONLY') {
        setState({ phase: 'unavailable' })
      } else {
        setState({ phase: 'failed', message: errorText(error, t) })
      }
    }
  }, [t])

  useEffect(() => {
    void load()
  }, [load])

  if (state.phase === 'unavailable') return null
  return (
    <View className="login__card">
      <Text className="login__card-title">{t.demoTitle}</Text>
      <Text className="login__hint">{t.demoHint}</Text>
      {state.phase === 'loading' && <Text className="login__muted">{t.demoLoading}</Text>}
      {state.phase === 'failed' && (
        <View className="login__state">
          <Text className="login__error">{state.message}</Text>
          <Button className="login__retry" size="mini" onClick={() => void load()}>
            {t.retry}
          </Button>
        </View>
      )}
      {state.phase === 'ready' && state.accounts.length === 0 && (
        <Text className="login__muted">{t.demoEmpty}</Text>
      )}
      {state.phase === 'ready' &&
        state.accounts.map((account) => (
          <View
            key={account.key}
            className={`demo-account${busy ? ' demo-account--busy' : ''}`}
            onClick={() => !busy && onPick(account)}
          >
            <View className="demo-account__head">
              <Text className="demo-account__name">{account.displayName}</Text>
              <Text className="demo-account__role">{account.roleLabel}</Text>
            </View>
            <Text className="demo-account__description">{account.description}</Text>
          </View>
        ))}
    </View>
  )
}

function PasswordForm({
  busy,
  onSubmit,
}: {
  busy: boolean
  onSubmit: (username: string, password: string) => void
}) {
  const t = useStrings(STRINGS)
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const submit = () => onSubmit(username.trim(), password)
  return (
    <View className="login__card">
      <Text className="login__card-title">{t.passwordTitle}</Text>
      <Text className="login__hint">{t.passwordHint}</Text>
      <Input
        className="login__input"
        placeholder={t.username}
        value={username}
        onInput={(event) => setUsername(event.detail.value)}
      />
      <Input
        className="login__input"
        placeholder={t.password}
        password
        value={password}
        onInput={(event) => setPassword(event.detail.value)}
        onConfirm={submit}
      />
      <Button
        className="login__submit"
        type="primary"
        disabled={busy || undefined}
        onClick={submit}
      >
        {t.submit}
      </Button>
    </View>
  )
}

export default function Login() {
  const t = useStrings(STRINGS)
  const { params } = useRouter()
  const reason = reasonText(params.reason, t)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | undefined>()
  const isWeapp = process.env.TARO_ENV === 'weapp'

  async function run(login: () => Promise<{ displayName: string }>) {
    setBusy(true)
    setError(undefined)
    try {
      const user = await login()
      void Taro.showToast({ title: format(t.welcome, { name: user.displayName }), icon: 'none' })
      goBackOrHome()
    } catch (failure) {
      setError(errorText(failure, t))
    } finally {
      setBusy(false)
    }
  }

  function submitPassword(username: string, password: string) {
    if (!username || !password) {
      setError(t.missing)
      return
    }
    void run(() => loginWithPassword(username, password))
  }

  return (
    <PageShell className="login">
      <View className="login__hero">
        <Text className="login__title">{t.title}</Text>
        <Text className="login__tagline">{t.tagline}</Text>
      </View>
      {reason && <Text className="login__notice">{reason}</Text>}
      {error && <Text className="login__error login__error--top">{error}</Text>}
      {isWeapp ? (
        <View className="login__card">
          <Button
            className="login__wechat"
            type="primary"
            disabled={busy || undefined}
            onClick={() => void run(loginWithWechat)}
          >
            {t.wechat}
          </Button>
          <Text className="login__hint">{t.wechatHint}</Text>
        </View>
      ) : (
        <>
          <DemoPicker
            busy={busy}
            onPick={(account) => void run(() => loginWithCode(account.code))}
          />
          <PasswordForm busy={busy} onSubmit={submitPassword} />
        </>
      )}
      {busy && <Text className="login__muted">{t.busy}</Text>}
    </PageShell>
  )
}
