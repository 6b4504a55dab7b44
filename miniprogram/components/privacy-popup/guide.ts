/**
 * WeChat's privacy guide flow (`wx.onNeedPrivacyAuthorization`, base library ≥ 2.32.3): when a page
 * calls a privacy API (phone number, photos, location) before the user agreed to the 隐私保护指引,
 * WeChat holds the call and hands us a `resolve`. We show our popup (`PrivacyPopup`); 同意 (a button
 * with open-type agreePrivacyAuthorization) lets the held call continue, 不同意 makes it fail.
 */
import Taro from '@tarojs/taro'

export interface PrivacyResolveOption {
  event: 'exposureAuthorization' | 'agree' | 'disagree'
  buttonId?: string
}
export type PrivacyResolve = (option: PrivacyResolveOption) => void
export type PrivacyListener = (resolve: PrivacyResolve, eventInfo?: { referrer?: string }) => void

/** The id of the 同意 button: WeChat checks that this very button was tapped. */
export const PRIVACY_AGREE_BUTTON_ID = 'privacy-agree'

let pending: PrivacyResolve | null = null
const watchers = new Set<(open: boolean) => void>()

function notify(): void {
  watchers.forEach((watcher) => watcher(pending !== null))
}

/** WeChat's listener: keep the newest held call and show the popup. */
export const onNeedPrivacy: PrivacyListener = (resolve) => {
  pending = resolve
  notify()
}

/** Whether a held call waits for the user's answer. */
export function privacyPending(): boolean {
  return pending !== null
}

/** The popup is on screen: tell WeChat it was shown (recommended before agree/disagree). */
export function reportPrivacyExposure(): void {
  pending?.({ event: 'exposureAuthorization' })
}

function settle(option: PrivacyResolveOption): void {
  const resolve = pending
  pending = null
  resolve?.(option)
  notify()
}

export function agreePrivacy(): void {
  settle({ event: 'agree', buttonId: PRIVACY_AGREE_BUTTON_ID })
}

export function disagreePrivacy(): void {
  settle({ event: 'disagree' })
}

/** Called with true when a held call needs the popup, false once answered; returns unsubscribe. */
export function watchPrivacy(watcher: (open: boolean) => void): () => void {
  watchers.add(watcher)
  return () => {
    watchers.delete(watcher)
  }
}

type PrivacyApi = { onNeedPrivacyAuthorization?: (listener: PrivacyListener) => void }

/**
 * Registers the listener in the mini program (app start). Does nothing where the API does not exist
 * (H5, tests, an old base library, where WeChat shows its own popup). Returns whether it registered.
 */
export function installPrivacyGuide(api: PrivacyApi = Taro as unknown as PrivacyApi): boolean {
  if (process.env.TARO_ENV !== 'weapp') return false
  if (typeof api.onNeedPrivacyAuthorization !== 'function') return false
  api.onNeedPrivacyAuthorization(onNeedPrivacy)
  return true
}

/** Opens WeChat's page of our 隐私保护指引 (mini program only). */
export function openPrivacyContract(): void {
  const api = Taro as unknown as { openPrivacyContract?: (option?: object) => void }
  if (typeof api.openPrivacyContract === 'function') api.openPrivacyContract({})
}
