// Action items as the service lists them, shared by the tasks, task and supervision tests.
import type { ActionItemDetail, ActionItemEntry } from '@/services/action-items'

const DAY = 24 * 3600_000

export const ROOM_ID = '66b0000000000000000000r1'
export const DEPT_ID = '66b0000000000000000000d1'

export function entry(overrides: Partial<ActionItemEntry> = {}): ActionItemEntry {
  return {
    id: '66b000000000000000000a01',
    title: '为永胜小区充电桩开通电力账户',
    track: 'coordinated',
    trackLabel: '统筹办',
    ownerUnit: { id: DEPT_ID, name: '供电公司清江浦营业部' },
    dueAt: new Date(Date.now() + 10 * DAY).toISOString(),
    status: 'in_progress',
    statusLabel: '办理中',
    percent: 25,
    urgency: 'on_track',
    escalated: false,
    topic: { id: 'topic-1', title: '充电桩装好一年没通电', state: 'in_progress' },
    roomId: ROOM_ID,
    reminderCount: 0,
    ...overrides,
  }
}

export function detail(overrides: Partial<ActionItemDetail> = {}): ActionItemDetail {
  return {
    ...entry(),
    detail: '与物业、业委会确认开户主体，一个月内通电',
    updates: [
      {
        at: new Date(Date.now() - 3 * DAY).toISOString(),
        by: { id: 'o1', displayName: '李科长' },
        percent: 25,
        note: '已与物业约定开户材料',
        photos: [{ key: 'p/abc.jpg', bytes: 1000, contentType: 'image/jpeg' }],
      },
    ],
    reminders: [],
    notes: [],
    ...overrides,
  }
}

export const DAYS = DAY
