/**
 * Lagging action items (督办). The hourly sweep first runs the outcomes module's escalation
 * (`escalateOverdueActionItems`: items past their grace period are escalated to the supervising
 * office once, and the owner unit's officers and that office's staff are told in the same
 * transaction), then plans one job per item and notice:
 * - `action-due-soon:<itemId>:<dueAt ms>` — due within `dueSoonWorkingDays`: the owner's officers;
 * - `action-overdue:<itemId>:<dueAt ms>` — past its due date: the owner unit's officers.
 * The due date is in the ids and event keys: an item given a new deadline is reminded afresh.
 */
import type { Connection } from 'mongoose'
import { actionUrgency } from '../../../../../shared/domain/deadlines'
import type { ActionItemStatus } from '../../../../../shared/domain/types'
import { actionItemModel, type ActionItemDoc } from '../../outcomes/model'
import { escalateOverdueActionItems } from '../../outcomes/service'
import type { JobContext, JobHandler, PlannedJob } from '../scheduler'
import { beijingTime, DAY_MS, notify, officersOfUnit, oid, topicLink } from './shared'

const OPEN: ActionItemStatus[] = ['assigned', 'in_progress']
/** "Due soon" is counted in working days; a long holiday can stretch two of them over a week. */
const DUE_SOON_HORIZON_MS = 15 * DAY_MS

type ItemTiming = Pick<ActionItemDoc, '_id' | 'status' | 'dueAt'>

export async function actionItemJobs(db: Connection, now: Date): Promise<PlannedJob[]> {
  await escalateOverdueActionItems(db, now)
  const lagging = await actionItemModel(db)
    .find(
      { status: { $in: OPEN }, dueAt: { $lt: new Date(now.getTime() + DUE_SOON_HORIZON_MS) } },
      { status: 1, dueAt: 1 },
    )
    .lean<ItemTiming[]>()
  const jobs: PlannedJob[] = []
  for (const item of lagging) {
    const urgency = actionUrgency(item, now)
    const notice =
      urgency === 'due_soon'
        ? 'action-due-soon'
        : urgency === 'overdue' || urgency === 'escalate'
          ? 'action-overdue'
          : null
    if (!notice) continue
    jobs.push({
      id: `${notice}:${String(item._id)}:${item.dueAt.getTime()}`,
      name: notice,
      runAt: now,
      payload: { itemId: String(item._id), dueAt: item.dueAt.toISOString() },
    })
  }
  return jobs
}

async function openItem(db: Connection, itemId: unknown): Promise<ActionItemDoc | null> {
  const item = await actionItemModel(db).findById(oid(itemId)).lean<ActionItemDoc>()
  return item && OPEN.includes(item.status) ? item : null
}

async function remind(
  ctx: JobContext,
  item: ActionItemDoc,
  notice: { eventKey: string; heading: string; body: string; recipients: string[] },
): Promise<void> {
  const link = topicLink(item.topicId)
  const due = `办理期限：${beijingTime(item.dueAt)}`
  await notify(
    ctx.db,
    ctx.templates,
    {
      kind: 'action_overdue',
      eventKey: notice.eventKey,
      recipients: notice.recipients,
      inApp: { title: `${notice.heading}：${item.title}`, body: `${notice.body}\n${due}`, link },
      template: { title: item.title, status: notice.heading, time: ctx.now, note: due },
      page: link,
    },
    ctx.now,
  )
}

function dueNotice(kind: 'due-soon' | 'overdue'): JobHandler {
  return async (ctx, job) => {
    const payload = job.payload as { itemId: string; dueAt: string }
    const item = await openItem(ctx.db, payload.itemId)
    if (!item || item.dueAt.toISOString() !== payload.dueAt) return // done, or a new deadline
    await remind(ctx, item, {
      eventKey: `action:${String(item._id)}:${kind}:${item.dueAt.getTime()}`,
      heading: kind === 'due-soon' ? '即将到期' : '逾期提醒',
      body:
        kind === 'due-soon'
          ? '该任务即将到期，请抓紧办理并填报进展。'
          : '该任务已逾期，请尽快办理并填报进展；逾期未办将提请上级督办。',
      recipients: await officersOfUnit(ctx.db, item.ownerUnitId),
    })
  }
}

export const actionDueSoon = dueNotice('due-soon')
export const actionOverdue = dueNotice('overdue')
