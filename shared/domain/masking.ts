/**
 * Masking of personal details for people who do not need them (department officers, the public,
 * exports): a petitioner's phone and name are shown as '138****5678' and '张*'. Staff holding
 * 'pii.read' in scope see them unmasked; the service decides which, these functions only mask.
 */

const MASK = '*'
/**
 * CJK ideographs (basic block and extension A, compatibility ideographs) plus the middle dot of
 * transliterated minority names. Explicit ranges rather than \p{Script=Han}, which older mini
 * program JavaScript engines reject at parse time.
 */
const HAN_NAME = /^[\u3400-\u9fff\uf900-\ufaff·•]+$/

/**
 * Mainland mobile numbers (11 digits) keep the first 3 and last 4 digits, the common convention on
 * 12345 and delivery labels. Other numbers (landlines, with area code or +86) keep the last 4 digits
 * only; anything with fewer than 7 digits is fully masked, as the tail alone would identify it.
 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '')
  const local = digits.length === 13 && digits.startsWith('86') ? digits.slice(2) : digits
  if (local.length === 11 && local.startsWith('1')) {
    return `${local.slice(0, 3)}${MASK.repeat(4)}${local.slice(7)}`
  }
  if (local.length < 7) return MASK.repeat(local.length)
  return `${MASK.repeat(local.length - 4)}${local.slice(-4)}`
}

/**
 * Chinese names keep the surname character and mask the rest, one mark per character: '张三丰' →
 * '张**', and a two-character name '李四' → '李*' (masking both would leave nothing to address the
 * person by). A two-character compound surname such as 欧阳 is not detected; '欧阳娜娜' → '欧***',
 * which over-masks but never leaks. Names in Latin letters keep the first letter of each word.
 */
export function maskName(name: string): string {
  const trimmed = name.trim()
  if (trimmed.length === 0) return ''
  if (HAN_NAME.test(trimmed)) {
    const chars = Array.from(trimmed)
    if (chars.length === 1) return MASK
    return `${chars[0]}${MASK.repeat(chars.length - 1)}`
  }
  return trimmed
    .split(/\s+/)
    .map((word) => {
      const chars = Array.from(word)
      return `${chars[0]}${MASK.repeat(Math.max(chars.length - 1, 1))}`
    })
    .join(' ')
}

/**
 * Chinese ID card numbers (18 characters) keep the first 6 (region) and last 4; used when a grid
 * worker records a petitioner's identity on their behalf.
 */
export function maskIdNumber(id: string): string {
  const trimmed = id.trim()
  if (trimmed.length <= 10) return MASK.repeat(trimmed.length)
  return `${trimmed.slice(0, 6)}${MASK.repeat(trimmed.length - 10)}${trimmed.slice(-4)}`
}
