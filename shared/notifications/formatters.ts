/**
 * One formatter per template: it turns what happened into the template's fields and makes every value
 * one WeChat accepts (`fitTemplateValue`: `thing` cut to 20 characters with '…', times in China
 * time, `phrase` from a short list). A value that still cannot fit is a bug in our data, reported as
 * a `TemplateFormatError` naming the field — never sent, since WeChat would answer 47003.
 */
import { fitTemplateValue, type TemplateFieldType } from '../wechat/template-fields'
import type { TemplateKey } from './kinds'

/** Logical fields per template, in the order the template shows them. */
export interface TemplateInputs {
  topic_progress: { title: string; status: string; time: Date; note: string }
  reply: { title: string; reply: string; replier: string; time: Date }
  meeting: { subject: string; time: Date; place: string }
}

/** Which WeChat field key (and type) each logical field maps to; from configuration. */
export type FieldMapping<K extends TemplateKey> = Record<keyof TemplateInputs[K], string>

export interface TemplateConfig<K extends TemplateKey = TemplateKey> {
  templateId: string
  fields: FieldMapping<K>
}

export class TemplateFormatError extends Error {
  constructor(
    readonly template: TemplateKey,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`template ${template}: field ${field} cannot be formatted (${problem})`)
    this.name = 'TemplateFormatError'
  }
}

/** `phrase` values must be ≤ 5 Chinese characters: long state labels get a short form. */
const SHORT_PHRASES: Record<string, string> = {
  征集附议: '征集中',
  调研答复中: '调研中',
  已提交上级: '已提级',
  协商会已安排: '待开会',
  成果已发布: '已发布',
  已解释说明: '已答复',
  未通过审核: '未通过',
}

export function shortPhrase(label: string): string {
  const mapped = SHORT_PHRASES[label] ?? label
  const han = Array.from(mapped.replace(/[^\p{Script=Han}]/gu, ''))
  return han.slice(0, 5).join('') || '有更新'
}

function typeOfKey(key: string): TemplateFieldType {
  const base = key.replace(/\d+$/, '')
  return base as TemplateFieldType
}

/** WeChat `data` for the template: `{ thing1: { value } , … }`. */
export function formatTemplate<K extends TemplateKey>(
  template: K,
  config: TemplateConfig<K>,
  inputs: TemplateInputs[K],
): Record<string, { value: string }> {
  const data: Record<string, { value: string }> = {}
  for (const [logical, key] of Object.entries(config.fields) as Array<[string, string]>) {
    const raw = (inputs as Record<string, string | Date>)[logical]
    const type = typeOfKey(key)
    const input = type === 'phrase' && typeof raw === 'string' ? shortPhrase(raw) : raw
    const fitted = fitTemplateValue(type, input ?? '')
    if (!fitted.ok) throw new TemplateFormatError(template, key, fitted.problem)
    data[key] = { value: fitted.value }
  }
  return data
}

/** The templates of the fake WeChat server (`cloud/fake-wechat/templates.ts`), the dev default. */
export const DEV_TEMPLATE_CONFIG: { [K in TemplateKey]: TemplateConfig<K> } = {
  topic_progress: {
    templateId: 'fake-tmpl-topic-progress',
    fields: { title: 'thing1', status: 'phrase2', time: 'time3', note: 'thing4' },
  },
  reply: {
    templateId: 'fake-tmpl-reply',
    fields: { title: 'thing1', reply: 'thing2', replier: 'name3', time: 'time4' },
  },
  meeting: {
    templateId: 'fake-tmpl-meeting',
    fields: { subject: 'thing1', time: 'time2', place: 'thing3' },
  },
}
