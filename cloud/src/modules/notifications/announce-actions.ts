/**
 * Announcements about the work after a decision, each written in the caller's transaction
 * (see `announce.ts`): a department asked for its opinion or handed a micro-suggestion, action items
 * assigned (again) to their owner units, progress reported to the topic's people, and reminders
 * and escalations of lagging items to the owner unit's officers (and the supervising office).
 */
import type { ClientSession, Connection, Types } from 'mongoose'
import { ACTION_TRACK_LABELS } from '../../../../shared/domain/labels'
import type { ActionTrack } from '../../../../shared/domain/types'
import type { TopicDoc } from '../topics/model'
import { beijingTime, deliver, topicLink } from './announce'
import type { TemplateConfigs } from './enqueue'
import { officeStaffOf, officersOfUnits, topicPeople } from './recipients'

type TopicRef = Pick<TopicDoc, '_id' | 'title'>

export interface ItemRef {
  _id: Types.ObjectId
  title: string
  ownerUnitId: Types.ObjectId
  dueAt: Date
  track: ActionTrack
}

/** The department is asked for its opinion (research) or handed a micro-suggestion (微建议). */
export async function announceDepartmentRequest(
  db: Connection,
  templates: TemplateConfigs,
  session: ClientSession,
  request: {
    topic: TopicRef
    departmentUnitId: Types.ObjectId
    what: 'consultation' | 'micro_suggestion'
    text: string
    eventKey: string
    at?: Date
  },
): Promise<number> {
  const { topic } = request
  const at = request.at ?? new Date()
  const officers = await officersOfUnits(db, session, [request.departmentUnitId])
  const heading = request.what === 'consultation' ? '征询意见' : '微建议交办'
  const link = topicLink(topic._id)
  return deliver(
    db,
    templates,
    session,
    {
      kind: 'action_assigned',
      eventKey: request.eventKey,
      recipients: officers.get(String(request.departmentUnitId)) ?? [],
      inApp: { title: `${heading}：${topic.title}`, body: request.text, link },
      template: { title: topic.title, status: heading, time: at, note: request.text },
      page: link,
    },
    at,
  )
}

/** Each item's owner unit officers hear of their new (or resumed) task, with its deadline. */
export async function announceActionAssigned(
  db: Connection,
  templates: TemplateConfigs,
  session: ClientSession,
  assignment: {
    topic: Pick<TopicDoc, '_id' | 'title' | 'version'>
    items: readonly ItemRef[]
    again?: boolean
    actorId?: string
    at?: Date
  },
): Promise<number> {
  const { topic, items } = assignment
  const at = assignment.at ?? new Date()
  const officers = await officersOfUnits(
    db,
    session,
    items.map((item) => item.ownerUnitId),
  )
  const heading = assignment.again ? '重新交办' : '交办任务'
  const link = topicLink(topic._id)
  let added = 0
  for (const item of items) {
    const due = `办理期限：${beijingTime(item.dueAt)}（${ACTION_TRACK_LABELS[item.track]}）`
    added += await deliver(
      db,
      templates,
      session,
      {
        kind: 'action_assigned',
        eventKey: `action:${String(item._id)}:assigned:v${topic.version}`,
        recipients: (officers.get(String(item.ownerUnitId)) ?? []).filter(
          (id) => id !== assignment.actorId,
        ),
        inApp: { title: `${heading}：${item.title}`, body: `议题：${topic.title}\n${due}`, link },
        template: { title: item.title, status: '已交办', time: at, note: due },
        page: link,
      },
      at,
    )
  }
  return added
}

/** A progress report on an item reaches the topic's author, petitioner and supporters. */
export async function announceProgress(
  db: Connection,
  templates: TemplateConfigs,
  session: ClientSession,
  report: {
    topic: Pick<TopicDoc, '_id' | 'title' | 'authorId' | 'petitionerId' | 'onBehalf'>
    item: Pick<ItemRef, '_id' | 'title'>
    percent: number
    note: string
    /** How many reports the item has now: one event key per report. */
    count: number
    actorId?: string
    at?: Date
  },
): Promise<number> {
  const { topic, item } = report
  const at = report.at ?? new Date()
  const people = await topicPeople(db, session, topic, { supporters: true })
  const link = topicLink(topic._id)
  const status = report.percent === 100 ? '已办结' : '办理中'
  return deliver(
    db,
    templates,
    session,
    {
      kind: 'action_progress',
      eventKey: `action:${String(item._id)}:progress:${report.count}`,
      recipients: people.all.filter((id) => id !== report.actorId),
      inApp: {
        title: `办理进度：${topic.title}`,
        body: `${item.title}：${report.percent}%\n${report.note}`,
        link,
      },
      template: { title: topic.title, status, time: at, note: `${item.title} ${report.percent}%` },
      page: link,
    },
    at,
  )
}

/**
 * A lagging item: a manual reminder (催办) to the owner unit's officers, or the escalation sweep's
 * notice to them and to the supervising office's staff.
 */
export async function announceActionReminder(
  db: Connection,
  templates: TemplateConfigs,
  session: ClientSession,
  reminder: {
    topicId: Types.ObjectId
    item: Pick<ItemRef, '_id' | 'title' | 'ownerUnitId' | 'dueAt'>
    reason: 'manual' | 'escalated'
    /** Manual: how many reminders the item has now (one event key each). */
    count?: number
    officeUnitId?: Types.ObjectId
    at?: Date
  },
): Promise<number> {
  const { item } = reminder
  const at = reminder.at ?? new Date()
  const officers = await officersOfUnits(db, session, [item.ownerUnitId])
  const recipients = [...(officers.get(String(item.ownerUnitId)) ?? [])]
  if (reminder.officeUnitId)
    recipients.push(...(await officeStaffOf(db, session, reminder.officeUnitId)))
  const escalated = reminder.reason === 'escalated'
  const heading = escalated ? '逾期督办' : '督办提醒'
  const due = `办理期限：${beijingTime(item.dueAt)}`
  const body = escalated
    ? `该任务已逾期，已提请上级督办。\n${due}`
    : `请尽快办理并填报进展。\n${due}`
  const link = topicLink(reminder.topicId)
  return deliver(
    db,
    templates,
    session,
    {
      kind: 'action_overdue',
      eventKey: escalated
        ? `action:${String(item._id)}:escalated`
        : `action:${String(item._id)}:remind:${reminder.count ?? 0}`,
      recipients,
      inApp: { title: `${heading}：${item.title}`, body, link },
      template: { title: item.title, status: heading, time: at, note: due },
      page: link,
    },
    at,
  )
}
