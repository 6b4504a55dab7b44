/**
 * Page-local strings in Chinese first, English second. Each page keeps its own dictionary next to
 * it (`strings.ts`), so pages stay independent and the main package carries only what it shows:
 *
 *   const STRINGS = defineStrings({ title: '议题' }, { title: 'Topic' })
 *   const t = useStrings(STRINGS)   // t.title
 *
 * `defineStrings` makes the English dictionary carry exactly the Chinese one's keys.
 */
import { useSettings } from '@/hooks/use-settings'
import type { Lang } from '@/services/settings'

export type Dictionary = Record<string, string>
export type Strings<T extends Dictionary> = Record<Lang, T>

export function defineStrings<T extends Dictionary>(
  zh: T,
  en: { [K in keyof T]: string },
): Strings<T> {
  return { 'zh-CN': zh, en: en as T }
}

/** The dictionary of the chosen language. */
export function useStrings<T extends Dictionary>(strings: Strings<T>): T {
  return strings[useSettings().lang]
}

/** Fills `{name}` placeholders: format('共 {n} 人', { n: 3 }). */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in values ? String(values[key]) : whole,
  )
}
