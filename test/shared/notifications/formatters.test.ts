import { DEFAULT_FAKE_TEMPLATES } from '../../../cloud/fake-wechat/templates'
import {
  DEV_TEMPLATE_CONFIG,
  TemplateFormatError,
  formatTemplate,
  shortPhrase,
} from '../../../shared/notifications/formatters'
import { validateTemplateData } from '../../../shared/wechat/template-fields'

const AT = new Date('2026-11-30T02:05:00Z') // 10:05 in Beijing

function values(data: Record<string, { value: string }>): Record<string, string> {
  return Object.fromEntries(Object.entries(data).map(([key, { value }]) => [key, value]))
}

describe('subscription-message formatters', () => {
  it('cuts an over-long topic title to 20 characters with an ellipsis instead of failing', () => {
    const data = formatTemplate('topic_progress', DEV_TEMPLATE_CONFIG.topic_progress, {
      title: '永胜小区电动车充电桩安装一年多了至今没有通电居民充电非常困难',
      status: '办理中',
      time: AT,
      note: '住建局已联系供电公司\n开户',
    })
    expect(Array.from(data.thing1.value)).toHaveLength(20)
    expect(data.thing1.value.endsWith('…')).toBe(true)
    expect(data.thing4.value).toBe('住建局已联系供电公司 开户')
    expect(data.time3.value).toBe('2026年11月30日 10:05')
    const types = DEFAULT_FAKE_TEMPLATES['fake-tmpl-topic-progress']
    expect(validateTemplateData(values(data), types)).toBeNull()
  })

  it('maps long state labels to phrases of at most five Chinese characters', () => {
    expect(shortPhrase('协商会已安排')).toBe('待开会')
    expect(shortPhrase('办理中')).toBe('办理中')
    expect(shortPhrase('OK')).toBe('有更新')
    expect(Array.from(shortPhrase('一二三四五六七'))).toHaveLength(5)
  })

  it('formats a meeting invitation the fake template accepts', () => {
    const data = formatTemplate('meeting', DEV_TEMPLATE_CONFIG.meeting, {
      subject: '清华园小区东门绿化带开口现场协商会',
      time: AT,
      place: '清华园小区东门',
    })
    expect(
      validateTemplateData(values(data), DEFAULT_FAKE_TEMPLATES['fake-tmpl-meeting']),
    ).toBeNull()
  })

  it('refuses, naming the field, a value that cannot be made valid', () => {
    const attempt = () =>
      formatTemplate('reply', DEV_TEMPLATE_CONFIG.reply, {
        title: '公厕',
        reply: '已安排',
        replier: '王主任',
        time: new Date(Number.NaN),
      })
    expect(attempt).toThrow(TemplateFormatError)
    expect(attempt).toThrow('field time4')
  })
})
