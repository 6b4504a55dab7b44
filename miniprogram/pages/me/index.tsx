import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useCallback, useRef, useState } from 'react'
import { ROLE_LABELS } from '@shared/domain/labels'
import { bindPhone, fetchMe, logout } from '@/services/auth'
import { HOME_PAGE } from '@/services/navigation'
import { ApiError, LOGIN_PAGE } from '@/services/request'
import { getCurrentUser, isLoggedIn, type Me, type MeGrant } from '@/services/session'
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

function PhoneSection({ me, onBound }: { me: Me; onBound: (me: Me) => void }) {
  const [message, setMessage] = useState<string | undefined>()
  const isWeapp = process.env.TARO_ENV === 'weapp'

  async function bind(code: string | undefined) {
    if (!code) {
      setMessage('未授权手机号，未绑定')
      return
    }
    try {
      onBound(await bindPhone(code))
      setMessage('手机号已绑定')
    } catch (error) {
      setMessage(error instanceof ApiError ? error.message : '绑定没有成功，请稍后重试')
    }
  }

  return (
    <View className="me__card">
      <View className="me__line">
        <Text className="me__label">手机号</Text>
        <Text className="me__value">{me.phone ?? '未绑定'}</Text>
      </View>
      {isWeapp ? (
        <Button
          className="me__action"
          openType="getPhoneNumber"
          onGetPhoneNumber={(event) => void bind(event.detail.code)}
        >
          {me.phone ? '更换手机号' : '绑定手机号'}
        </Button>
      ) : (
        <Text className="me__note">
          绑定手机号需在微信小程序中进行（由微信验证号码），网页版暂不支持。
        </Text>
      )}
      {message && <Text className="me__note">{message}</Text>}
    </View>
  )
}

export default function MePage() {
  const [state, setState] = useState<MeState>(() => {
    const stored = getCurrentUser()
    return stored && isLoggedIn() ? { phase: 'ready', me: stored } : { phase: 'loading' }
  })
  const attempt = useRef(0)

  const load = useCallback(async () => {
    const current = ++attempt.current
    if (!isLoggedIn()) {
      setState({ phase: 'anonymous' })
      return
    }
    try {
      const me = await fetchMe()
      if (current === attempt.current) setState({ phase: 'ready', me })
    } catch (error) {
      if (current !== attempt.current) return
      if (!isLoggedIn()) {
        setState({ phase: 'anonymous' })
      } else {
        const message = error instanceof ApiError ? error.message : '出了点问题，请稍后重试'
        setState({ phase: 'failed', message })
      }
    }
  }, [])

  useDidShow(() => {
    void load()
  })

  async function onLogout() {
    await logout()
    void Taro.reLaunch({ url: HOME_PAGE })
  }

  if (state.phase === 'loading') {
    return (
      <View className="me me--center">
        <Text className="me__muted">正在加载…</Text>
      </View>
    )
  }
  if (state.phase === 'anonymous') {
    return (
      <View className="me me--center">
        <Text className="me__title">尚未登录</Text>
        <Text className="me__muted">登录后可以提出问题、附议和查看办理进展</Text>
        <Button
          className="me__primary"
          type="primary"
          onClick={() => void Taro.navigateTo({ url: LOGIN_PAGE })}
        >
          去登录
        </Button>
      </View>
    )
  }
  if (state.phase === 'failed') {
    return (
      <View className="me me--center">
        <Text className="me__title">暂时无法加载</Text>
        <Text className="me__muted">{state.message}</Text>
        <Button className="me__primary" onClick={() => void load()}>
          重试
        </Button>
      </View>
    )
  }

  const { me } = state
  return (
    <View className="me">
      <View className="me__card me__profile">
        <Text className="me__name">{me.displayName}</Text>
        {me.realName && <Text className="me__muted">姓名：{me.realName}</Text>}
      </View>

      <View className="me__card">
        <Text className="me__section-title">我的身份</Text>
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

      <PhoneSection me={me} onBound={(next) => setState({ phase: 'ready', me: next })} />

      <Button className="me__logout" onClick={() => void onLogout()}>
        退出登录
      </Button>
    </View>
  )
}
