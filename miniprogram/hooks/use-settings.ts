import { useDidShow } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { getSettings, onSettingsChange, type Settings } from '@/services/settings'

/** The current settings; re-read when the page shows again and when they change elsewhere. */
export function useSettings(): Settings {
  const [settings, setSettings] = useState<Settings>(getSettings)
  useDidShow(() => setSettings(getSettings()))
  useEffect(() => onSettingsChange(setSettings), [])
  return settings
}
