import { defineStrings } from '@/i18n'

/** Strings of the action item card, shared by the tasks and supervision lists. */
export const CARD_STRINGS = defineStrings(
  {
    escalate: '已升级督办',
    overdue: '已超期',
    due_soon: '即将到期',
    on_track: '按期办理',
    done: '已办结',
    done_late: '超期办结',
    due: '截止 {date}',
    daysLeft: '还剩 {n} 天',
    dueToday: '今天到期',
    daysLate: '已超期 {n} 天',
    doneAt: '{date} 办结',
    percent: '进度 {n}%',
    owner: '责任单位：{name}',
    topic: '议题：{title}',
    reminded: '已催办 {n} 次',
    escalatedTo: '已升级至{name}督办',
  },
  {
    escalate: 'Escalated',
    overdue: 'Overdue',
    due_soon: 'Due soon',
    on_track: 'On track',
    done: 'Done',
    done_late: 'Done late',
    due: 'Due {date}',
    daysLeft: '{n} days left',
    dueToday: 'Due today',
    daysLate: '{n} days overdue',
    doneAt: 'Done {date}',
    percent: 'Progress {n}%',
    owner: 'Owner: {name}',
    topic: 'Topic: {title}',
    reminded: 'Reminded {n} times',
    escalatedTo: 'Escalated to {name}',
  },
)

export type CardStrings = (typeof CARD_STRINGS)['zh-CN']
