import Taro from '@tarojs/taro'

/** What the user chose on the settings page; kept on the device, not on the server. */
export interface Settings {
  /** Elderly-friendly mode: every text 1.3× larger (see `.text-large` in app.css). */
  largeText: boolean
  lang: Lang
}

export type Lang = 'zh-CN' | 'en'

export const SETTINGS_STORAGE_KEY = 'shangliang.settings'
const DEFAULTS: Settings = { largeText: false, lang: 'zh-CN' }

type Listener = (settings: Settings) => void
const listeners = new Set<Listener>()

function parse(raw: unknown): Settings {
  if (!raw || typeof raw !== 'object') return DEFAULTS
  const value = raw as Partial<Settings>
  return {
    largeText: value.largeText === true,
    lang: value.lang === 'en' ? 'en' : 'zh-CN',
  }
}

export function getSettings(): Settings {
  return parse(Taro.getStorageSync(SETTINGS_STORAGE_KEY))
}

/** Saves a change and tells every mounted page, so the open pages switch at once. */
export function updateSettings(change: Partial<Settings>): Settings {
  const next = { ...getSettings(), ...change }
  Taro.setStorageSync(SETTINGS_STORAGE_KEY, next)
  listeners.forEach((listener) => listener(next))
  return next
}

export function onSettingsChange(listener: Listener): () => void {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}
