import { Switch, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import type { NotificationKind } from '@shared/notifications/kinds'
import { savePrefs, type NotificationPrefs } from '@/services/preferences'
import { ApiError } from '@/services/request'
import type { SettingsStrings } from './strings'

/**
 * Per-kind WeChat messages (on = sent, off = muted; the in-app centre gets everything) and the daily
 * digest. Each switch saves at once; a failed save puts the switch back.
 */
export default function MessageSection({
  t,
  initial,
}: {
  t: SettingsStrings
  initial: NotificationPrefs
}) {
  const [prefs, setPrefs] = useState(initial)

  const save = async (next: NotificationPrefs) => {
    const before = prefs
    setPrefs(next)
    try {
      setPrefs({ ...next, ...(await savePrefs(next)) })
    } catch (error) {
      setPrefs(before)
      void Taro.showToast({
        title: error instanceof ApiError ? error.message : t.saveFailed,
        icon: 'none',
      })
    }
  }

  const toggleKind = (kind: NotificationKind, on: boolean) => {
    const muted = prefs.mutedKinds.filter((k) => k !== kind)
    void save({ ...prefs, mutedKinds: on ? muted : [...muted, kind] })
  }

  return (
    <View className="settings__card">
      <Text className="settings__section-title">{t.messages}</Text>
      <Text className="settings__section-note">{t.messagesNote}</Text>
      {/* The digest itself is governed by the 每日汇总 switch below, not by a kind switch. */}
      {prefs.kinds
        .filter(({ kind }) => kind !== 'digest')
        .map(({ kind, label }) => (
          <View key={kind} className="settings__row">
            <View className="settings__row-main">
              <Text className="settings__row-label">{label}</Text>
            </View>
            <Switch
              className={`settings__kind settings__kind--${kind}`}
              checked={!prefs.mutedKinds.includes(kind)}
              onChange={(event) => toggleKind(kind, Boolean(event.detail.value))}
            />
          </View>
        ))}
      <View className="settings__row">
        <View className="settings__row-main">
          <Text className="settings__row-label">{t.digest}</Text>
          <Text className="settings__row-note">{t.digestNote}</Text>
        </View>
        <Switch
          className="settings__digest"
          checked={prefs.digest}
          onChange={(event) => void save({ ...prefs, digest: Boolean(event.detail.value) })}
        />
      </View>
    </View>
  )
}
