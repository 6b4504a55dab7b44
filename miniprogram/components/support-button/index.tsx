import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import { SUPPORTABLE_STATES } from '@shared/domain/topic-guards'
import type { TopicState } from '@shared/domain/topic-machine'
import { format, useStrings } from '@/i18n'
import { ApiError, LOGIN_PAGE } from '@/services/request'
import { isLoggedIn } from '@/services/session'
import { askToSubscribe } from '@/services/subscribe'
import { support, withdrawSupport, type SupportResult } from '@/services/topics'
import { STRINGS } from './strings'
import './index.css'

export interface SupportButtonProps {
  topicId: string
  state: TopicState
  supportCount: number
  supportedByMe?: boolean
  canSupport: boolean
  canWithdrawSupport: boolean
  /** Called with the service's answer after a support or a withdrawal. */
  onChange?: (result: SupportResult) => void
}

interface Standing {
  count: number
  supported: boolean
  canSupport: boolean
  canWithdraw: boolean
}

function standingOf(props: SupportButtonProps): Standing {
  return {
    count: props.supportCount,
    supported: props.supportedByMe === true,
    canSupport: props.canSupport,
    canWithdraw: props.canWithdrawSupport,
  }
}

/** What the service says after a change: the count, and what the user may do next. */
function standingAfter(result: SupportResult): Standing {
  const live = SUPPORTABLE_STATES.includes(result.state)
  return {
    count: result.supportCount,
    supported: result.supportedByMe,
    canSupport: live && !result.supportedByMe,
    canWithdraw: live && result.supportedByMe,
  }
}

/** The topic view's support fields after a change, for pages that keep the view. */
export function supportFields(
  result: SupportResult,
): Pick<
  SupportButtonProps,
  'supportCount' | 'supportedByMe' | 'canSupport' | 'canWithdrawSupport'
> {
  const after = standingAfter(result)
  return {
    supportCount: after.count,
    supportedByMe: after.supported,
    canSupport: after.canSupport,
    canWithdrawSupport: after.canWithdraw,
  }
}

type Offer = 'none' | 'asking' | 'accepted' | 'refused'

/**
 * 附议 with the count. Support and withdrawal follow `canSupport` / `canWithdrawSupport` of the topic
 * view; without a login the tap opens the login page. After a support the same tap flow offers
 * progress notices: WeChat shows its subscription popup only from a tap, so it is a second button.
 */
export default function SupportButton(props: SupportButtonProps) {
  const t = useStrings(STRINGS)
  const [standing, setStanding] = useState<Standing>(() => standingOf(props))
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | undefined>()
  const [offer, setOffer] = useState<Offer>('none')
  const busyRef = useRef(false)

  const { topicId, state, supportCount, supportedByMe, canSupport, canWithdrawSupport } = props
  useEffect(() => {
    setStanding({
      count: supportCount,
      supported: supportedByMe === true,
      canSupport,
      canWithdraw: canWithdrawSupport,
    })
  }, [topicId, state, supportCount, supportedByMe, canSupport, canWithdrawSupport])

  async function change(action: 'support' | 'withdraw') {
    if (busyRef.current) return // a double tap sends one request
    if (!isLoggedIn()) {
      void Taro.navigateTo({ url: LOGIN_PAGE })
      return
    }
    busyRef.current = true
    setBusy(true)
    setError(undefined)
    try {
      const result = action === 'support' ? await support(topicId) : await withdrawSupport(topicId)
      setStanding(standingAfter(result))
      setOffer(action === 'support' && result.supportedByMe ? 'asking' : 'none')
      props.onChange?.(result)
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'UNAUTHENTICATED') {
        void Taro.navigateTo({ url: LOGIN_PAGE })
      } else {
        setError(failure instanceof ApiError ? failure.message : t.failed)
      }
    } finally {
      busyRef.current = false
      setBusy(false)
    }
  }

  async function subscribe() {
    // Inside the tap handler, as WeChat requires.
    const accepted = await askToSubscribe('after_support')
    setOffer(accepted.length > 0 ? 'accepted' : 'refused')
  }

  function mainButton() {
    if (!isLoggedIn() || (!standing.supported && standing.canSupport)) {
      return (
        <Button
          className="support-button__support"
          type="primary"
          disabled={busy || undefined}
          onClick={() => void change('support')}
        >
          {t.support}
        </Button>
      )
    }
    if (standing.supported && standing.canWithdraw) {
      return (
        <Button
          className="support-button__withdraw"
          disabled={busy || undefined}
          onClick={() => void change('withdraw')}
        >
          {t.withdraw}
        </Button>
      )
    }
    if (standing.supported) {
      return (
        <Button className="support-button__done" disabled>
          {t.supported}
        </Button>
      )
    }
    return (
      <Button className="support-button__support" disabled>
        {SUPPORTABLE_STATES.includes(state) ? t.unavailable : t.closed}
      </Button>
    )
  }

  return (
    <View className="support-button">
      <Text className="support-button__count">{format(t.count, { n: standing.count })}</Text>
      {mainButton()}
      {offer === 'asking' && (
        <View className="support-button__offer">
          <Text className="support-button__hint">{t.subscribeHint}</Text>
          <Button className="support-button__subscribe" onClick={() => void subscribe()}>
            {t.subscribe}
          </Button>
        </View>
      )}
      {offer === 'accepted' && <Text className="support-button__hint">{t.subscribed}</Text>}
      {offer === 'refused' && <Text className="support-button__hint">{t.subscribeRefused}</Text>}
      {error && <Text className="support-button__error">{error}</Text>}
    </View>
  )
}
