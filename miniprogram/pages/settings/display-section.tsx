import { Button, Switch, Text, View } from '@tarojs/components'
import { useSettings } from '@/hooks/use-settings'
import { updateSettings } from '@/services/settings'
import type { SettingsStrings } from './strings'

/** 大字模式 and 语言: kept on the device; every open page switches at once. */
export default function DisplaySection({ t }: { t: SettingsStrings }) {
  const { largeText, lang } = useSettings()
  return (
    <View className="settings__card">
      <Text className="settings__section-title">{t.display}</Text>
      <View className="settings__row">
        <View className="settings__row-main">
          <Text className="settings__row-label">{t.largeText}</Text>
          <Text className="settings__row-note">{t.largeTextNote}</Text>
        </View>
        <Switch
          className="settings__large-text"
          checked={largeText}
          onChange={(event) => updateSettings({ largeText: Boolean(event.detail.value) })}
        />
      </View>
      <View className="settings__row">
        <View className="settings__row-main">
          <Text className="settings__row-label">{t.language}</Text>
        </View>
        <View className="settings__langs">
          <Button
            className={`settings__lang settings__lang-zh${lang === 'zh-CN' ? ' settings__lang--active' : ''}`}
            size="mini"
            onClick={() => updateSettings({ lang: 'zh-CN' })}
          >
            {t.langZh}
          </Button>
          <Button
            className={`settings__lang settings__lang-en${lang === 'en' ? ' settings__lang--active' : ''}`}
            size="mini"
            onClick={() => updateSettings({ lang: 'en' })}
          >
            {t.langEn}
          </Button>
        </View>
      </View>
    </View>
  )
}
