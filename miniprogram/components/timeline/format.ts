function valid(iso: string): Date | undefined {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? undefined : date
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n)
}

/** 2025年3月5日, in the phone's time zone. */
export function dateOnly(iso: string): string {
  const date = valid(iso)
  if (!date) return ''
  return `${date.getFullYear()}年${date.getMonth() + 1}月${date.getDate()}日`
}

/** 2025年3月5日 14:30. */
export function dateTime(iso: string): string {
  const date = valid(iso)
  if (!date) return ''
  return `${dateOnly(iso)} ${two(date.getHours())}:${two(date.getMinutes())}`
}
