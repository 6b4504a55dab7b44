/**
 * `WECHAT_TEMPLATES`: the subscription-message template ids of this mini program and which field key
 * each logical field goes to, as JSON, e.g.
 *   {"topic_progress":{"templateId":"AbC…","fields":{"title":"thing1","status":"phrase2","time":"time3","note":"thing4"}}}
 * Templates left out keep the fake WeChat's (development) definitions. Field keys must name a WeChat
 * field type (`thing1`, `time3`, …) so the formatter knows the rules to apply.
 */
import type { TemplateConfigs } from './modules/notifications/enqueue'
import { DEV_TEMPLATE_CONFIG } from '../../shared/notifications/formatters'
import { TEMPLATE_KEYS } from '../../shared/notifications/kinds'
import { fieldTypeOfKey } from '../../shared/wechat/template-fields'

const LOGICAL_FIELDS: Record<string, readonly string[]> = {
  topic_progress: ['title', 'status', 'time', 'note'],
  reply: ['title', 'reply', 'replier', 'time'],
  meeting: ['subject', 'time', 'place'],
}

/** The configured templates, or a list of what is wrong with the JSON. */
export function parseTemplateConfig(
  raw: string | undefined,
): { ok: true; templates: TemplateConfigs } | { ok: false; problem: string } {
  if (!raw) return { ok: true, templates: DEV_TEMPLATE_CONFIG }
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    return { ok: false, problem: 'must be JSON' }
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { ok: false, problem: 'must be a JSON object keyed by template name' }
  }
  const templates: Record<string, unknown> = { ...DEV_TEMPLATE_CONFIG }
  for (const [name, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (!(TEMPLATE_KEYS as readonly string[]).includes(name)) {
      return {
        ok: false,
        problem: `unknown template "${name}" (known: ${TEMPLATE_KEYS.join(', ')})`,
      }
    }
    const entry = value as { templateId?: unknown; fields?: unknown }
    if (typeof entry?.templateId !== 'string' || entry.templateId.length === 0) {
      return { ok: false, problem: `${name}.templateId must be a non-empty string` }
    }
    const fields = entry.fields as Record<string, unknown> | undefined
    for (const logical of LOGICAL_FIELDS[name]) {
      const key = fields?.[logical]
      if (typeof key !== 'string' || fieldTypeOfKey(key) === null) {
        return {
          ok: false,
          problem: `${name}.fields.${logical} must be a WeChat field key like thing1`,
        }
      }
    }
    templates[name] = { templateId: entry.templateId, fields }
  }
  return { ok: true, templates: templates as TemplateConfigs }
}
