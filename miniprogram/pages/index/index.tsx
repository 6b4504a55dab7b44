import { Button, Input, Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { useServiceHealth, type HealthState } from '@/hooks/use-service-health'
import type { DatabaseKind } from '@/services/health'
import { LOGIN_PAGE } from '@/services/request'
import { normalizeScene, roomPageUrl, sceneFromScan } from '@/services/scene'
import { getCurrentUser, isLoggedIn, onSessionChange, type Me } from '@/services/session'
import './index.css'

const DATABASE_LABELS: Record<DatabaseKind, string> = {
  embedded: '内置开发库',
  external: '外部数据库',
  unknown: '未知',
}

function StatusLine({ state, onRetry }: { state: HealthState; onRetry: () => void }) {
  if (state.phase === 'loading') {
    return <Text className="home__status home__status--loading">正在连接服务…</Text>
  }
  if (state.phase === 'failed') {
    return (
      <View className="home__error">
        <Text className="home__status home__status--error">服务暂不可用：{state.message}</Text>
        <Button className="home__retry" size="mini" onClick={onRetry}>
          重试
        </Button>
      </View>
    )
  }
  const { ok, database, version } = state.health
  return (
    <View className="home__ready">
      <Text className={`home__status ${ok ? 'home__status--ok' : 'home__status--error'}`}>
        {ok ? '服务正常' : '服务异常'} · 数据库：{DATABASE_LABELS[database]}
      </Text>
      {version && <Text className="home__version">版本 {version}</Text>}
    </View>
  )
}

function currentUser(): Me | undefined {
  return isLoggedIn() ? getCurrentUser() : undefined
}

function AccountCard() {
  const [user, setUser] = useState<Me | undefined>(currentUser)
  useDidShow(() => setUser(currentUser()))
  useEffect(() => onSessionChange(() => setUser(currentUser())), [])

  return (
    <View className="home__card home__account">
      {user ? (
        <Text className="home__user">已登录：{user.displayName}</Text>
      ) : (
        <Text className="home__user home__user--anonymous">尚未登录</Text>
      )}
      <Button
        className="home__button"
        size="mini"
        onClick={() => void Taro.navigateTo({ url: user ? '/pages/me/index' : LOGIN_PAGE })}
      >
        {user ? '我的' : '登录'}
      </Button>
    </View>
  )
}

function ScanCard() {
  const [code, setCode] = useState('')
  const [problem, setProblem] = useState<string | undefined>()
  const isWeapp = process.env.TARO_ENV === 'weapp'

  function open(scene: string | undefined) {
    if (!scene) {
      setProblem('这不是议事室二维码，请扫描议事室门口的二维码')
      return
    }
    setProblem(undefined)
    void Taro.navigateTo({ url: roomPageUrl(scene) })
  }

  async function scan() {
    let result: { result?: string; path?: string }
    try {
      result = await Taro.scanCode({ onlyFromCamera: false })
    } catch {
      return // cancelled
    }
    open(sceneFromScan(result))
  }

  function submitCode() {
    const scene = normalizeScene(code)
    if (!scene) {
      setProblem('议事室码由 4–16 位字母或数字组成，请检查后重试')
      return
    }
    open(scene)
  }

  return (
    <View className="home__card home__scan">
      <Text className="home__card-title">进入协商议事室</Text>
      {isWeapp ? (
        <Button className="home__scan-button" type="primary" onClick={() => void scan()}>
          扫一扫
        </Button>
      ) : (
        <View className="home__code">
          <Input
            className="home__code-input"
            placeholder="输入议事室码，如 QJPCX1"
            value={code}
            onInput={(event) => setCode(event.detail.value)}
            onConfirm={submitCode}
          />
          <Button className="home__code-button" type="primary" onClick={submitCode}>
            进入
          </Button>
        </View>
      )}
      {problem && <Text className="home__problem">{problem}</Text>}
      <Button
        className="home__link"
        onClick={() => void Taro.navigateTo({ url: '/pages/rooms/index' })}
      >
        浏览议事室
      </Button>
    </View>
  )
}

export default function Index() {
  const { state, reload } = useServiceHealth()

  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh())
  })

  return (
    <View className="home">
      <View className="home__hero">
        <Text className="home__title">商量</Text>
        <Text className="home__tagline">有事好商量 · 码上议</Text>
      </View>
      <AccountCard />
      <ScanCard />
      <View className="home__card">
        <StatusLine state={state} onRetry={() => void reload()} />
      </View>
    </View>
  )
}
