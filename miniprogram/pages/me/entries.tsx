import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { format } from '@/i18n'
import type { MeStrings } from './strings'

export const ME_LINKS = {
  myTopics: '/pages/my-topics/index',
  mySupports: '/pages/my-supports/index',
  notifications: '/pages/notifications/index',
  settings: '/pages/settings/index',
  workbench: '/staff/workbench/index',
} as const

function Entry({
  name,
  label,
  note,
  badge,
}: {
  name: keyof typeof ME_LINKS
  label: string
  note?: string
  badge?: string
}) {
  return (
    <View
      className={`me__entry me__entry--${name}`}
      onClick={() => void Taro.navigateTo({ url: ME_LINKS[name] })}
    >
      <View className="me__entry-main">
        <Text className="me__entry-label">{label}</Text>
        {note && <Text className="me__entry-note">{note}</Text>}
      </View>
      {badge && <Text className="me__badge">{badge}</Text>}
      <Text className="me__entry-arrow">›</Text>
    </View>
  )
}

/** The list of places under 我的; 工作台 only for people with a staff role. */
export function MeEntries({ t, unread, staff }: { t: MeStrings; unread: number; staff: boolean }) {
  return (
    <View className="me__card me__entries">
      <Entry name="myTopics" label={t.myTopics} />
      <Entry name="mySupports" label={t.mySupports} />
      <Entry
        name="notifications"
        label={t.notifications}
        badge={unread > 0 ? format(t.unread, { n: unread }) : undefined}
      />
      {staff && <Entry name="workbench" label={t.workbench} note={t.workbenchNote} />}
      <Entry name="settings" label={t.settings} />
    </View>
  )
}

/** Before logging in, only the settings (large text, language) make sense. */
export function SettingsEntry({ t }: { t: MeStrings }) {
  return (
    <View className="me__card me__entries me__entries--anonymous">
      <Entry name="settings" label={t.settings} />
    </View>
  )
}
