import Taro from '@tarojs/taro'
import { request } from './request'

/** The natural moments to ask for subscriptions (GET /api/notifications/templates). */
export type SubscribeMoment = 'after_raise' | 'after_support' | 'meeting_accept' | 'dept_tasks'

type SubscribeResult = 'accept' | 'reject' | 'ban' | 'filter'

interface TemplatesAnswer {
  moments: Record<SubscribeMoment, string[]>
}

/**
 * Asks WeChat to let us send messages for this moment, then tells the service what the user chose.
 * Must run inside a tap handler: WeChat refuses the popup otherwise. Never throws — a refused or
 * unavailable popup only means the news stays in the in-app centre. Resolves to the accepted ids.
 */
export async function askToSubscribe(moment: SubscribeMoment): Promise<string[]> {
  try {
    const { moments } = await request<TemplatesAnswer>('/api/notifications/templates')
    const tmplIds = moments[moment]
    if (!tmplIds || tmplIds.length === 0) return []
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
