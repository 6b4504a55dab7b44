/**
 * The demo's window into WeChat, for the fake WeChat only (`npm start` without WeChat credentials):
 * the subscription messages the fake received for the caller (what their phone would show), and the
 * "允许" of WeChat's subscription popup on H5, where the popup does not exist. Both go through the
 * fake's debug routes (`GET /__fake/sent`, `POST /__fake/grant`, see `cloud/fake-wechat/index.ts`).
 * With real WeChat the module is not registered at all.
 */
import { Types, type Connection } from 'mongoose'
import { DomainError } from '../../../../shared/errors'
import { TEMPLATE_KEYS, type TemplateKey } from '../../../../shared/notifications/kinds'
import { FAKE_APP_ID, FAKE_SECRET, type SentMessage } from '../../../fake-wechat/index'
import type { Config } from '../../config'
import type { TemplateConfigs } from '../notifications/enqueue'
import { recordSubscriptions } from '../notifications/service'
import type { Subscriptions } from '../notifications/schema'
import { userModel } from '../users/model'
import type { DemoInfo, DemoMessage, DemoMessages, DemoSubscribeBody } from './schema'

/** The newest messages shown; the fake keeps every message of the process. */
export const MAX_DEMO_MESSAGES = 50
const FAKE_TIMEOUT_MS = 3000

/**
 * True when the service talks to the fake WeChat: `startStack` points the config at it with the
 * fake's own app id and secret (`stack-wechat.ts`), which real WeChat never hands out. Never in
 * production, where the stack does not start the fake.
 */
export function isFakeWechat(config: Config): boolean {
  return (
    config.nodeEnv !== 'production' &&
    config.wechat.appId === FAKE_APP_ID &&
    config.wechat.secret === FAKE_SECRET
  )
}

const TEMPLATE_TITLES: Record<TemplateKey, string> = {
  topic_progress: '议题进展提醒',
  reply: '回复通知',
  meeting: '协商会议通知',
}

/** What each logical field of a template says (its label in WeChat's message card). */
const FIELD_LABELS: Record<TemplateKey, Record<string, string>> = {
  topic_progress: { title: '议题名称', status: '当前状态', time: '更新时间', note: '备注' },
  reply: { title: '议题', reply: '回复内容', replier: '回复人', time: '回复时间' },
  meeting: { subject: '会议主题', time: '会议时间', place: '会议地点' },
}

/** The debug routes of the fake WeChat server this service talks to. */
export interface FakeWechatDebug {
  sentTo(openid: string): Promise<SentMessage[]>
  grant(openid: string, templateId: string): Promise<void>
}

async function callFake(url: string, init: RequestInit = {}): Promise<unknown> {
  let response: Response
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(FAKE_TIMEOUT_MS) })
  } catch {
    throw new DomainError('WECHAT_UNAVAILABLE')
  }
  if (!response.ok) throw new DomainError('WECHAT_UNAVAILABLE')
  return response.json()
}

export function fakeWechatDebug(apiBase: string): FakeWechatDebug {
  return {
    async sentTo(openid) {
      const body = (await callFake(
        `${apiBase}/__fake/sent?touser=${encodeURIComponent(openid)}`,
      )) as {
        messages?: SentMessage[]
      }
      return Array.isArray(body.messages) ? body.messages : []
    },
    async grant(openid, templateId) {
      await callFake(`${apiBase}/__fake/grant`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ openid, templateId, count: 1 }),
      })
    },
  }
}

export function getDemoInfo(templates: TemplateConfigs): DemoInfo {
  return {
    fake: true,
    templates: TEMPLATE_KEYS.map((key) => ({
      key,
      templateId: templates[key].templateId,
      title: TEMPLATE_TITLES[key],
    })),
  }
}

async function openidOf(db: Connection, userId: string): Promise<string | null> {
  const user = await userModel(db)
    .findById(new Types.ObjectId(userId), { openid: 1 })
    .lean<{ openid?: string }>()
  return user?.openid ?? null
}

function templateKeyOf(templates: TemplateConfigs, templateId: string): TemplateKey | null {
  return TEMPLATE_KEYS.find((key) => templates[key].templateId === templateId) ?? null
}

function toDemoMessage(templates: TemplateConfigs, message: SentMessage): DemoMessage {
  const key = templateKeyOf(templates, message.templateId)
  const labels = new Map<string, string>()
  const order: string[] = []
  if (key) {
    for (const [logical, field] of Object.entries(templates[key].fields) as Array<
      [string, string]
    >) {
      labels.set(field, FIELD_LABELS[key][logical] ?? field)
      order.push(field)
    }
  }
  // Fields in the template's order, then any the template does not name (never lost).
  const keys = [
    ...order.filter((field) => field in message.data),
    ...Object.keys(message.data).filter((field) => !labels.has(field)),
  ]
  const demo: DemoMessage = {
    msgid: message.msgid,
    templateId: message.templateId,
    templateKey: key,
    title: key ? TEMPLATE_TITLES[key] : '订阅消息',
    fields: keys.map((field) => ({
      key: field,
      label: labels.get(field) ?? field,
      value: message.data[field],
    })),
    sentAt: message.sentAt,
  }
  if (message.page) demo.page = message.page
  return demo
}

/** The messages the fake WeChat received for the caller's openid, newest first. */
export async function listDemoMessages(
  db: Connection,
  fake: FakeWechatDebug,
  templates: TemplateConfigs,
  userId: string,
): Promise<DemoMessages> {
  const openid = await openidOf(db, userId)
  if (!openid) return { messages: [], wechatLinked: false }
  const sent = await fake.sentTo(openid)
  const newest = sent
    .filter((message) => message.touser === openid)
    .slice(-MAX_DEMO_MESSAGES)
    .reverse()
  return { messages: newest.map((m) => toDemoMessage(templates, m)), wechatLinked: true }
}

/**
 * What tapping "允许" in WeChat's popup does, for H5: WeChat (the fake) gains one send per template,
 * and the service records the grants exactly as POST /api/me/subscriptions does with 'accept'.
 * Unknown template ids are refused before anything is granted.
 */
export async function simulateDemoSubscription(
  db: Connection,
  fake: FakeWechatDebug,
  templates: TemplateConfigs,
  userId: string,
  body: DemoSubscribeBody,
): Promise<Subscriptions> {
  const templateIds = [...new Set(body.templateIds)]
  const unknown = templateIds.filter((id) => templateKeyOf(templates, id) === null)
  if (unknown.length > 0) {
    throw new DomainError('TEMPLATE_UNKNOWN', undefined, { templateIds: unknown })
  }
  const openid = await openidOf(db, userId)
  if (!openid) throw new DomainError('WECHAT_NOT_LINKED')
  for (const templateId of templateIds) await fake.grant(openid, templateId)
  const results = Object.fromEntries(templateIds.map((id) => [id, 'accept' as const]))
  return recordSubscriptions(db, templates, userId, { results })
}
