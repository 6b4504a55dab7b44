import Taro from '@tarojs/taro'
import { fetchDemoWechat, allowDemoSubscription, type DemoWechatInfo } from './demo-wechat'
import { request } from './request'

/** The natural moments to ask for subscriptions (GET /api/notifications/templates). */
export type SubscribeMoment = 'after_raise' | 'after_support' | 'meeting_accept' | 'dept_tasks'

type SubscribeResult = 'accept' | 'reject' | 'ban' | 'filter'

interface TemplatesAnswer {
  moments: Record<SubscribeMoment, string[]>
}

let templates: TemplatesAnswer | null = null

function fetchTemplates(): Promise<TemplatesAnswer> {
  return request<TemplatesAnswer>('/api/notifications/templates', { auth: false })
}

/**
 * Fetches the template ids per moment once and keeps them, so that a later tap reaches WeChat's
 * popup without waiting for the network first (WeChat may refuse a popup opened after a request
 * with "can only be invoked by user TAP gesture"). Pages with a subscribe button call it on load.
 */
export async function prefetchSubscribeTemplates(): Promise<TemplatesAnswer> {
  templates ??= await fetchTemplates()
  return templates
}

/** Forgets the cached template ids (tests; a different service). */
export function forgetSubscribeTemplates(): void {
  templates = null
}

/** The sentence of WeChat's popup, naming the messages as the templates' titles. */
export function demoPopupText(info: DemoWechatInfo, tmplIds: string[]): string {
  const titles = tmplIds.map(
    (id) => info.templates.find((template) => template.templateId === id)?.title ?? id,
  )
  return `「商量」想给你发送以下消息：${titles.join('、')}`
}

/**
 * On H5 with the demo's fake WeChat: a modal in place of WeChat's popup. 允许 grants at the fake and
 * records the grant (POST /api/demo/wechat/subscribe); 取消 is recorded as WeChat's 'reject' would
 * be. Null when there is no fake WeChat, so the caller keeps the normal path.
 */
async function askInDemo(tmplIds: string[]): Promise<string[] | null> {
  const info = await fetchDemoWechat()
  if (!info) return null
  const { confirm } = await Taro.showModal({
    title: '订阅消息',
    content: demoPopupText(info, tmplIds),
    confirmText: '允许',
    cancelText: '取消',
  })
  if (!confirm) {
    const results = Object.fromEntries(tmplIds.map((id) => [id, 'reject']))
    await request('/api/me/subscriptions', { method: 'POST', data: { results } })
    return []
  }
  await allowDemoSubscription(tmplIds)
  return tmplIds
}

/**
 * Asks WeChat to let us send messages for this moment, then tells the service what the user chose.
 * Must run inside a tap handler: WeChat refuses the popup otherwise. Never throws — a refused or
 * unavailable popup only means the news stays in the in-app centre. Resolves to the accepted ids.
 * On H5 (no WeChat popup there) the demo's fake WeChat gets an imitation of the popup.
 */
export async function askToSubscribe(moment: SubscribeMoment): Promise<string[]> {
  try {
    const { moments } = templates ?? (await fetchTemplates())
    const tmplIds = moments[moment]
    if (!tmplIds || tmplIds.length === 0) return []
    if (process.env.TARO_ENV === 'h5') {
      const demo = await askInDemo(tmplIds)
      if (demo) return demo
    }
    const answer = (await Taro.requestSubscribeMessage({ tmplIds } as never)) as unknown as Record<
      string,
      string
    >
    const results: Record<string, SubscribeResult> = {}
    for (const id of tmplIds) {
      const value = answer[id]
      if (value === 'accept' || value === 'reject' || value === 'ban' || value === 'filter') {
        results[id] = value
      }
    }
    if (Object.keys(results).length === 0) return []
    await request('/api/me/subscriptions', { method: 'POST', data: { results } })
    return Object.entries(results)
      .filter(([, value]) => value === 'accept')
      .map(([id]) => id)
  } catch {
    return []
  }
}
