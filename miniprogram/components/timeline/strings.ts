import { defineStrings } from '@/i18n'

export const STRINGS = defineStrings(
  {
    empty: '暂无办理记录',
    system: '系统',
    internal: '内部备注',
  },
  {
    empty: 'Nothing recorded yet',
    system: 'System',
    internal: 'Internal note',
  },
)
