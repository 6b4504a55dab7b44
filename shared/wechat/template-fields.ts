/**
 * Value rules of subscription-message template fields (WeChat's "订阅消息参数值内容限制说明"). Values that
 * break them are rejected by subscribeMessage.send with 47003 `argument invalid! data.<key>.value invalid`.
 * A key's type is its name without the trailing number: `thing1` → thing, `character_string3` →
 * character_string. One Chinese character counts as one character.
 */
import { formatTemplateDateTime, isTemplateDateTime } from './template-time'

export const TEMPLATE_FIELD_TYPES = [
  'thing',
  'number',
  'letter',
  'symbol',
  'character_string',
  'time',
  'date',
  'amount',
  'phone_number',
  'car_number',
  'name',
  'phrase',
  'enum',
] as const

export type TemplateFieldType = (typeof TEMPLATE_FIELD_TYPES)[number]

export type TemplateValueProblem =
  'empty' | 'too_long' | 'bad_chars' | 'bad_format' | 'not_in_enum' | 'unknown_type'

export const TEMPLATE_FIELD_LIMITS = {
  thing: 20,
  number: 32,
  letter: 32,
  symbol: 5,
  character_string: 32,
  amountDigits: 10,
  phone_number: 17,
  car_number: 8,
  nameChinese: 10,
  nameLatin: 20,
  phrase: 5,
} as const

const HAN = /\p{Script=Han}/u
const SYMBOL = /^[\p{P}\p{S}]$/u
const ELLIPSIS = '…'

function chars(value: string): string[] {
  return Array.from(value) // code points, so one Chinese character (or emoji) counts once
}

function isSymbol(ch: string): boolean {
  return SYMBOL.test(ch)
}

function checkName(value: string): TemplateValueProblem | null {
  const cs = chars(value)
  // Letters, symbols and spaces; any Chinese character makes it a Chinese name (≤ 10).
  if (!cs.every((c) => HAN.test(c) || /[A-Za-z ]/.test(c) || isSymbol(c))) return 'bad_chars'
  const max = cs.some((c) => HAN.test(c))
    ? TEMPLATE_FIELD_LIMITS.nameChinese
    : TEMPLATE_FIELD_LIMITS.nameLatin
  return cs.length > max ? 'too_long' : null
}

function checkCarNumber(value: string): TemplateValueProblem | null {
  const cs = chars(value)
  if (cs.length > TEMPLATE_FIELD_LIMITS.car_number) return 'too_long'
  const ok = cs.every((c, i) =>
    HAN.test(c) ? i === 0 || i === cs.length - 1 : /[A-Za-z0-9]/.test(c),
  )
  return ok ? null : 'bad_chars'
}

function checkAmount(value: string): TemplateValueProblem | null {
  const m = /^[¥￥$€£]?(\d+(?:\.\d+)?)元?$/u.exec(value)
  if (!m) return 'bad_format'
  const digits = m[1].replace('.', '').length
  return digits > TEMPLATE_FIELD_LIMITS.amountDigits ? 'too_long' : null
}

function checkByPattern(value: string, re: RegExp, max: number, count = chars(value).length) {
  if (!re.test(value)) return 'bad_chars' as const
  return count > max ? ('too_long' as const) : null
}

/** Null when WeChat accepts `value` for a field of `type`, else what is wrong with it. */
export function validateTemplateValue(
  type: TemplateFieldType,
  value: string,
  options: { enumValues?: readonly string[] } = {},
): TemplateValueProblem | null {
  if (value.trim().length === 0) return 'empty'
  const L = TEMPLATE_FIELD_LIMITS
  switch (type) {
    case 'thing':
      if (/\p{Cc}/u.test(value)) return 'bad_chars' // no line breaks or control characters
      return chars(value).length > L.thing ? 'too_long' : null
    case 'number': {
      if (!/^-?\d+(\.\d+)?$/.test(value)) return 'bad_chars'
      return value.replace(/[-.]/g, '').length > L.number ? 'too_long' : null
    }
    case 'letter':
      return checkByPattern(value, /^[A-Za-z]+$/, L.letter)
    case 'symbol':
      if (!chars(value).every(isSymbol)) return 'bad_chars'
      return chars(value).length > L.symbol ? 'too_long' : null
    case 'character_string':
      return checkByPattern(value, /^[\x21-\x7e]+$/, L.character_string) // ASCII, no Chinese
    case 'time':
    case 'date':
      return isTemplateDateTime(type, value) ? null : 'bad_format'
    case 'amount':
      return checkAmount(value)
    case 'phone_number':
      return checkByPattern(value, /^[0-9+\-()#*]+$/, L.phone_number)
    case 'car_number':
      return checkCarNumber(value)
    case 'name':
      return checkName(value)
    case 'phrase':
      return checkByPattern(value, /^\p{Script=Han}+$/u, L.phrase)
    case 'enum':
      if (options.enumValues && !options.enumValues.includes(value)) return 'not_in_enum'
      return null
    default:
      return 'unknown_type'
  }
}

export type FitResult = { ok: true; value: string } | { ok: false; problem: TemplateValueProblem }

function truncate(value: string, max: number): string {
  const cs = chars(value)
  return cs.length <= max ? value : cs.slice(0, max - 1).join('') + ELLIPSIS
}

/**
 * Turns a value into one WeChat accepts: free text (thing, name) is cleaned and cut with '…'; dates are
 * formatted in China time; everything else must already be valid, because cutting an order number,
 * amount or phone number would change its meaning.
 */
export function fitTemplateValue(
  type: TemplateFieldType,
  input: string | number | Date,
  options: { enumValues?: readonly string[] } = {},
): FitResult {
  let value: string
  if (input instanceof Date) {
    if (type !== 'time' && type !== 'date') return { ok: false, problem: 'bad_format' }
    if (Number.isNaN(input.getTime())) return { ok: false, problem: 'bad_format' }
    value = formatTemplateDateTime(type, input)
  } else {
    value = String(input)
  }
  if (type === 'thing' || type === 'name') {
    value = value
      .replace(/\p{Cc}/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim()
    if (type === 'thing') value = truncate(value, TEMPLATE_FIELD_LIMITS.thing)
    else if (checkName(value) === 'too_long') {
      const chinese = HAN.test(value)
      value = truncate(
        value,
        chinese ? TEMPLATE_FIELD_LIMITS.nameChinese : TEMPLATE_FIELD_LIMITS.nameLatin,
      )
    }
  } else if (type === 'car_number') {
    value = value.replace(/[\s·]/g, '').toUpperCase()
  } else if (type === 'phone_number') {
    value = value.replace(/\s/g, '')
  } else {
    value = value.trim()
  }
  const problem = validateTemplateValue(type, value, options)
  return problem ? { ok: false, problem } : { ok: true, value }
}

/** `thing12` → 'thing'; null when the key does not name a known type. */
export function fieldTypeOfKey(key: string): TemplateFieldType | null {
  const base = key.replace(/\d+$/, '')
  return (TEMPLATE_FIELD_TYPES as readonly string[]).includes(base)
    ? (base as TemplateFieldType)
    : null
}

/**
 * Checks a whole `data` object; `types` (from the template definition) wins over the type read from the
 * key. Keys of types the table does not document (e.g. `short_thing1`) are left for WeChat to judge.
 * Returns the first offending key and why, or null.
 */
export function validateTemplateData(
  data: Readonly<Record<string, string>>,
  types: Readonly<Record<string, TemplateFieldType>> = {},
): { field: string; problem: TemplateValueProblem } | null {
  for (const [field, value] of Object.entries(data)) {
    const type = types[field] ?? fieldTypeOfKey(field)
    if (!type) continue
    const problem = validateTemplateValue(type, value)
    if (problem) return { field, problem }
  }
  return null
}
