import { inBeijing } from '@/services/beijing-time'

function valid(iso: string): Date | undefined {
  const date = inBeijing(iso)
  return Number.isNaN(date.getTime()) ? undefined : date
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n)
}

/** 2025年3月5日, in Beijing time. */
export function dateOnly(iso: string): string {
  const date = valid(iso)
  if (!date) return ''
  return `${date.getUTCFullYear()}年${date.getUTCMonth() + 1}月${date.getUTCDate()}日`
}

/** 2025年3月5日 14:30. */
export function dateTime(iso: string): string {
  const date = valid(iso)
  if (!date) return ''
  return `${dateOnly(iso)} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}`
}
