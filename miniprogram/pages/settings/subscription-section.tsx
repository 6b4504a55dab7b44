import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import type { TemplateKey } from '@shared/notifications/kinds'
import { format } from '@/i18n'
import { fetchSubscriptions, type GrantView, type Subscriptions } from '@/services/preferences'
import { askToSubscribe, type SubscribeMoment } from '@/services/subscribe'
import type { SettingsStrings } from './strings'

interface MomentRow {
  moment: SubscribeMoment
  label: keyof SettingsStrings
  note: keyof SettingsStrings
}

/** The moments offered here; the service says which templates each asks for. */
const MOMENTS: MomentRow[] = [
  {
    moment: 'after_raise',
    label: 'momentTopics',
    note: 'momentTopicsNote',
  },
  {
    moment: 'meeting_accept',
    label: 'momentMeetings',
    note: 'momentMeetingsNote',
  },
  {
    moment: 'dept_tasks',
    label: 'momentTasks',
    note: 'momentTasksNote',
  },
]

const TEMPLATE_TITLES: Record<TemplateKey, keyof SettingsStrings> = {
  topic_progress: 'templateProgress',
  reply: 'templateReply',
  meeting: 'templateMeeting',
}

function statusText(t: SettingsStrings, grant: GrantView): string {
  if (grant.always === 'reject') return t.alwaysRejected
  return grant.remaining > 0 ? format(t.remaining, { n: grant.remaining }) : t.notSubscribed
}

/**
 * What WeChat lets us send (GET /api/me/subscriptions) and a 开启订阅 per moment: the tap opens
 * WeChat's popup (`askToSubscribe`, tap-only by WeChat's rule), then the status is read again.
 */
export default function SubscriptionSection({
  t,
  initial,
  departmentTasks,
}: {
  t: SettingsStrings
  initial: Subscriptions
  departmentTasks: boolean
}) {
  const [subs, setSubs] = useState(initial)
  const [busy, setBusy] = useState<SubscribeMoment | null>(null)

  const subscribe = async (moment: SubscribeMoment) => {
    setBusy(moment)
    try {
      const accepted = await askToSubscribe(moment)
      void Taro.showToast({
        title: accepted.length > 0 ? t.subscribed : t.notAccepted,
        icon: 'none',
      })
      setSubs(await fetchSubscriptions())
    } catch {
      // The status stays as it was; the next visit reads it again.
    } finally {
      setBusy(null)
    }
  }

  const rows = MOMENTS.filter((row) => row.moment !== 'dept_tasks' || departmentTasks)
  return (
    <View className="settings__card">
      <Text className="settings__section-title">{t.subscriptions}</Text>
      <Text className="settings__section-note">{t.subscriptionsNote}</Text>
      {(Object.keys(TEMPLATE_TITLES) as TemplateKey[]).map((key) => (
        <View key={key} className={`settings__row settings__template settings__template--${key}`}>
          <Text className="settings__row-label">{t[TEMPLATE_TITLES[key]]}</Text>
          <Text className="settings__status">{statusText(t, subs[key])}</Text>
        </View>
      ))}
      {rows.map((row) => (
        <View key={row.moment} className="settings__row">
          <View className="settings__row-main">
            <Text className="settings__row-label">{t[row.label]}</Text>
            <Text className="settings__row-note">{t[row.note]}</Text>
          </View>
          <Button
            className={`settings__subscribe settings__subscribe--${row.moment}`}
            size="mini"
            type="primary"
            loading={busy === row.moment || undefined}
            disabled={busy !== null || undefined}
            onClick={() => void subscribe(row.moment)}
          >
            {t.subscribe}
          </Button>
        </View>
      ))}
    </View>
  )
}
