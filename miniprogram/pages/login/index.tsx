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
import './index.css'

type PickerState =
  | { phase: 'loading' }
  | { phase: 'ready'; accounts: DemoAccount[] }
  | { phase: 'unavailable' }
  | { phase: 'failed'; message: string }

function errorText(error: unknown): string {
  return error instanceof ApiError ? error.message : '登录没有成功，请稍后重试'
}

/** Why the user was sent here (`?reason=SESSION_REVOKED`), in Chinese. */
function reasonText(reason: string | undefined): string | undefined {
  if (!reason) return undefined
  return isErrorCode(reason) ? messageFor(reason) : '请重新登录'
}

function DemoPicker({ busy, onPick }: { busy: boolean; onPick: (account: DemoAccount) => void }) {
  const [state, setState] = useState<PickerState>({ phase: 'loading' })

  const load = useCallback(async () => {
    setState({ phase: 'loading' })
    try {
      setState({ phase: 'ready', accounts: await fetchDemoAccounts() })
    } catch (error) {
      if (error instanceof ApiError && error.code === 'DEMO_MODE_ONLY') {
        setState({ phase: 'unavailable' })
      } else {
        setState({ phase: 'failed', message: errorText(error) })
      }
    }
  }, [])

  useEffect(() => {
    void load()
  }, [load])

  if (state.phase === 'unavailable') return null
  return (
    <View className="login__card">
      <Text className="login__card-title">选择演示账号</Text>
      <Text className="login__hint">演示模式：点一下即可用该身份登录，无需微信</Text>
      {state.phase === 'loading' && <Text className="login__muted">正在加载演示账号…</Text>}
      {state.phase === 'failed' && (
        <View className="login__state">
          <Text className="login__error">{state.message}</Text>
          <Button className="login__retry" size="mini" onClick={() => void load()}>
            重试
          </Button>
        </View>
      )}
      {state.phase === 'ready' && state.accounts.length === 0 && (
        <Text className="login__muted">暂无演示账号</Text>
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
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const submit = () => onSubmit(username.trim(), password)
  return (
    <View className="login__card">
      <Text className="login__card-title">账号密码登录</Text>
      <Text className="login__hint">供召集人、委员、职能部门等工作人员使用</Text>
      <Input
        className="login__input"
        placeholder="账号"
        value={username}
        onInput={(event) => setUsername(event.detail.value)}
      />
      <Input
        className="login__input"
        placeholder="密码"
        password
        value={password}
        onInput={(event) => setPassword(event.detail.value)}
        onConfirm={submit}
      />
      <Button className="login__submit" type="primary" disabled={busy} onClick={submit}>
        登录
      </Button>
    </View>
  )
}

export default function Login() {
  const { params } = useRouter()
  const reason = reasonText(params.reason)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | undefined>()
  const isWeapp = process.env.TARO_ENV === 'weapp'

  async function run(login: () => Promise<{ displayName: string }>) {
    setBusy(true)
    setError(undefined)
    try {
      const user = await login()
      void Taro.showToast({ title: `欢迎，${user.displayName}`, icon: 'none' })
      goBackOrHome()
    } catch (failure) {
      setError(errorText(failure))
    } finally {
      setBusy(false)
    }
  }

  function submitPassword(username: string, password: string) {
    if (!username || !password) {
      setError('请输入账号和密码')
      return
    }
    void run(() => loginWithPassword(username, password))
  }

  return (
    <View className="login">
      <View className="login__hero">
        <Text className="login__title">登录商量</Text>
        <Text className="login__tagline">有事好商量 · 码上议</Text>
      </View>
      {reason && <Text className="login__notice">{reason}</Text>}
      {error && <Text className="login__error login__error--top">{error}</Text>}
      {isWeapp ? (
        <View className="login__card">
          <Button
            className="login__wechat"
            type="primary"
            disabled={busy}
            onClick={() => void run(loginWithWechat)}
          >
            微信一键登录
          </Button>
          <Text className="login__hint">登录后可提出问题、附议和跟踪办理进展</Text>
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
      {busy && <Text className="login__muted">正在登录…</Text>}
    </View>
  )
}
