import type { TemplateKey } from '@shared/notifications/kinds'
import { ApiError, request } from './request'
import type { Subscriptions } from './preferences'

/** GET /api/demo/wechat: present only when the service talks to the fake WeChat (the demo). */
export interface DemoWechatInfo {
  fake: true
  templates: Array<{ key: TemplateKey; templateId: string; title: string }>
}

/** One subscription message the fake WeChat received for me (GET /api/demo/wechat/messages). */
export interface DemoMessage {
  msgid: number
  templateId: string
  templateKey: TemplateKey | null
  title: string
  page?: string
  fields: Array<{ key: string; label: string; value: string }>
  sentAt: string
}

export interface DemoMessages {
  messages: DemoMessage[]
  wechatLinked: boolean
}

let cached: Promise<DemoWechatInfo | null> | null = null

/**
 * The demo's fake WeChat, or null with real WeChat (the routes then answer 404). Asked once per
 * app start; a failure other than 404 (offline) is not remembered, so the next call asks again.
 */
export function fetchDemoWechat(): Promise<DemoWechatInfo | null> {
  cached ??= request<DemoWechatInfo>('/api/demo/wechat', { auth: false }).catch(
    (error: unknown) => {
      if (error instanceof ApiError && error.statusCode === 404) return null
      cached = null
      throw error
    },
  )
  return cached
}

/** Forgets the answer of `fetchDemoWechat` (tests; a different service). */
export function forgetDemoWechat(): void {
  cached = null
}

export function fetchDemoMessages(): Promise<DemoMessages> {
  return request<DemoMessages>('/api/demo/wechat/messages')
}

/** What "允许" in WeChat's subscription popup does, on H5: the fake grants, the service records. */
export function allowDemoSubscription(templateIds: string[]): Promise<Subscriptions> {
  return request<Subscriptions>('/api/demo/wechat/subscribe', {
    method: 'POST',
    data: { templateIds },
  })
}
