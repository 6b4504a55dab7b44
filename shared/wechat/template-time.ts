/**
 * Date/time values of subscription-message fields (time.DATA / date.DATA): a 24-hour time that may carry
 * a date, or a date that may carry a time, e.g. `15:01`, `2019年10月1日 15:01`, `2019-10-01 15:01:00`;
 * a period joins two points with `~`.
 */
const DATE_RE = /^(\d{4})(?:年(\d{1,2})月(\d{1,2})日|[-/.](\d{1,2})[-/.](\d{1,2}))/
const TIME_RE = /^(\d{1,2}):(\d{2})(?::(\d{2}))?/

interface Parsed {
  hasDate: boolean
  hasTime: boolean
}

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate()
  return d <= days
}

function parsePoint(text: string): Parsed | null {
  let rest = text
  let hasDate = false
  let hasTime = false
  const date = DATE_RE.exec(rest)
  if (date) {
    const y = Number(date[1])
    const m = Number(date[2] ?? date[4])
    const d = Number(date[3] ?? date[5])
    if (!validDate(y, m, d)) return null
    hasDate = true
    rest = rest.slice(date[0].length).trimStart()
  }
  const time = TIME_RE.exec(rest)
  if (time) {
    const h = Number(time[1])
    const min = Number(time[2])
    const s = time[3] === undefined ? 0 : Number(time[3])
    if (h > 23 || min > 59 || s > 59) return null
    hasTime = true
    rest = rest.slice(time[0].length)
  }
  return rest.length === 0 ? { hasDate, hasTime } : null
}

/** `kind` 'time' needs a time in each point; 'date' needs a date in each point. */
export function isTemplateDateTime(kind: 'time' | 'date', value: string): boolean {
  const points = value.split('~').map((p) => p.trim())
  if (points.length > 2) return false
  return points.every((p) => {
    const parsed = parsePoint(p)
    if (!parsed) return false
    return kind === 'time' ? parsed.hasTime : parsed.hasDate
  })
}

const CHINA_OFFSET_MS = 8 * 3600_000 // China has no daylight saving time

/** `2026年11月22日` (date) or `2026年11月22日 09:05` (time), in China time whatever the server's zone. */
export function formatTemplateDateTime(kind: 'time' | 'date', at: Date): string {
  const t = new Date(at.getTime() + CHINA_OFFSET_MS)
  const date = `${t.getUTCFullYear()}年${t.getUTCMonth() + 1}月${t.getUTCDate()}日`
  if (kind === 'date') return date
  const hh = String(t.getUTCHours()).padStart(2, '0')
  const mm = String(t.getUTCMinutes()).padStart(2, '0')
  return `${date} ${hh}:${mm}`
}
