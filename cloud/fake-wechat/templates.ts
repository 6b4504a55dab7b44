/**
 * Subscription-message templates the fake knows when none are configured. The ids are what the service's
 * config should point at in development; the keys follow WeChat's `<type><n>` naming.
 */
import type { TemplateFieldType } from '../../shared/wechat/template-fields'

export type TemplateDefinitions = Record<string, Record<string, TemplateFieldType>>

export const DEFAULT_FAKE_TEMPLATES: TemplateDefinitions = {
  // 议题进展提醒: 议题名称 / 当前状态 / 更新时间 / 备注
  'fake-tmpl-topic-progress': {
    thing1: 'thing',
    phrase2: 'phrase',
    time3: 'time',
    thing4: 'thing',
  },
  // 回复通知: 议题 / 回复内容 / 回复人 / 回复时间
  'fake-tmpl-reply': { thing1: 'thing', thing2: 'thing', name3: 'name', time4: 'time' },
  // 协商会议通知: 会议主题 / 会议时间 / 会议地点
  'fake-tmpl-meeting': { thing1: 'thing', time2: 'time', thing3: 'thing' },
}

export const DEFAULT_RISKY_WORDS = ['赌博', '毒品']
export const DEFAULT_REVIEW_WORDS = ['加微信', '代办证']
