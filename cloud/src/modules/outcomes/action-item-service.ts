/**
 * Action items from the department's side (交办/反馈): its work list, progress reports (percent never
 * going down, a note, photos) and an item's full record. The last item reported done completes the
 * topic's work (`completion.ts`).
 */
import type { Connection, QueryFilter } from 'mongoose'
import { canUpdateActionItem } from '../../../../shared/domain/follow-up-guards'
import type { UserAccess } from '../../../../shared/domain/permissions'
import type { TopicState } from '../../../../shared/domain/topic-machine'
import type { ActionItemStatus } from '../../../../shared/domain/types'
import { DomainError } from '../../../../shared/errors'
import { recordAudit } from '../audit/service'
import { notificationTemplates } from '../notifications/announce'
import { announceProgress } from '../notifications/announce-actions'
import { loadTopic, topicFacts } from '../topics/transition'
import { resolveUploadedPhotos } from '../uploads/service'
import { completeIfAllDone } from './completion'
import { itemScopeFilter } from './item-scope'
import { auditBase, itemFacts, loadActionItem, oid, unitOfItem, type Actor } from './load'
import { actionItemModel, supervisionNoteModel, type ActionItemDoc } from './model'
import type { ActionItemDetail, ActionItemEntry, ProgressBody } from './schema'
import { displayNames, person, photosView, toEntries, toEntry, topicRefs, unitNames } from './views'

const LIST_LIMIT = 200

/** Items the caller's `action.update` grants cover (a department's subtree, a room…), by due date. */
export async function listMyActionItems(
  db: Connection,
  access: UserAccess,
  query: { status?: 'open' | 'done' | 'all' },
  now = new Date(),
): Promise<ActionItemEntry[]> {
  const filter: QueryFilter<ActionItemDoc> = { ...itemScopeFilter(access, 'action.update') }
  const status = query.status ?? 'open'
  if (status === 'open') filter.status = { $in: ['assigned', 'in_progress'] as ActionItemStatus[] }
  if (status === 'done') filter.status = 'done'
  const items = await actionItemModel(db)
    .find(filter)
    .sort({ dueAt: 1, _id: 1 })
    .limit(LIST_LIMIT)
    .lean<ActionItemDoc[]>()
  return toEntries(db, items, now)
}

async function explainRefusedUpdate(db: Connection, itemId: string, percent: number) {
  const fresh = await loadActionItem(db, itemId)
  if (fresh.status === 'done') return new DomainError('ACTION_ITEM_DONE')
  if (fresh.percent > percent) {
    return new DomainError('PERCENT_DECREASED', `办理进度不能低于上次填报的 ${fresh.percent}%`)
  }
  return new DomainError('CONFLICT')
}

/**
 * A progress report by an officer of the owner unit (or the room's staff on its behalf). 100 % marks
 * the item done; when it was the last open item the topic moves on to the call-back.
 */
export async function reportProgress(
  db: Connection,
  actor: Actor,
  itemId: string,
  body: ProgressBody,
): Promise<{ item: ActionItemEntry; topicState: TopicState }> {
  const now = actor.ctx.now
  const item = await loadActionItem(db, itemId)
  const topic = await loadTopic(db, String(item.topicId))
  const verdict = canUpdateActionItem(itemFacts(item), topicFacts(topic), actor.ctx)
  if (!verdict.ok) throw new DomainError(verdict.code, verdict.reason)
  if (body.percent < item.percent) {
    throw new DomainError('PERCENT_DECREASED', `办理进度不能低于上次填报的 ${item.percent}%`)
  }
  const photos = await resolveUploadedPhotos(db, actor.userId, body.photoKeys ?? [])
  const done = body.percent === 100
  const note = body.note.trim()
  if (!note) throw new DomainError('VALIDATION_FAILED', '请填写进展说明')
  let updated: ActionItemDoc | null = null
  await db.transaction(async (session) => {
    updated = await actionItemModel(db)
      .findOneAndUpdate(
        { _id: item._id, status: { $ne: 'done' }, percent: { $lte: body.percent } },
        {
          $set: {
            percent: body.percent,
            status: done ? 'done' : 'in_progress',
            ...(done ? { doneAt: now } : {}),
          },
          $push: {
            updates: { at: now, byId: oid(actor.userId), percent: body.percent, note, photos },
          },
        },
        { session, returnDocument: 'after' },
      )
      .lean<ActionItemDoc>()
    if (!updated) throw await explainRefusedUpdate(db, itemId, body.percent)
    await announceProgress(db, notificationTemplates(db), session, {
      topic,
      item,
      percent: body.percent,
      note,
      count: (updated as ActionItemDoc).updates.length,
      actorId: actor.userId,
      at: now,
    })
    await recordAudit(
      db,
      {
        ...auditBase(actor, unitOfItem(item)),
        action: 'action_item.progress',
        target: { kind: 'action_item', id: itemId },
        before: { percent: item.percent, status: item.status },
        after: { percent: body.percent, status: done ? 'done' : 'in_progress', note },
      },
      session,
    )
  })
  const saved = updated as ActionItemDoc | null
  if (!saved) throw new DomainError('CONFLICT')
  const after = done ? await completeIfAllDone(db, String(item.topicId)) : topic
  const [entry] = await toEntries(db, [saved], now)
  return { item: entry, topicState: after.state }
}

/**
 * An item's full record for staff: progress reports with who made them, reminders, supervision
 * notes. Readable by whoever may supervise it (room staff, attached members, office staff above) or
 * update it (the owner unit's officers); `may` answers that for the caller.
 */
export async function getActionItemDetail(
  db: Connection,
  itemId: string,
  may: (item: ActionItemDoc) => Promise<boolean>,
  now = new Date(),
): Promise<ActionItemDetail> {
  const item = await loadActionItem(db, itemId)
  if (!(await may(item))) throw new DomainError('FORBIDDEN')
  const notes = await supervisionNoteModel(db)
    .find({ actionItemId: item._id })
    .sort({ at: 1, _id: 1 })
    .limit(500)
    .lean()
  const [topics, units, people] = await Promise.all([
    topicRefs(db, [item.topicId]),
    unitNames(db, [item.ownerUnitId, item.escalatedToUnitId]),
    displayNames(db, [
      ...item.updates.map((update) => update.byId),
      ...item.reminders.map((reminder) => reminder.byId),
      ...notes.map((note) => note.byId),
    ]),
  ])
  return {
    ...toEntry(item, topics.get(String(item.topicId)), units, now),
    updates: item.updates.map((update) => ({
      at: update.at.toISOString(),
      by: person(people, update.byId),
      percent: update.percent,
      note: update.note,
      photos: photosView(update.photos),
    })),
    reminders: item.reminders.map((reminder) => ({
      at: reminder.at.toISOString(),
      kind: reminder.kind,
      by: reminder.byId ? person(people, reminder.byId) : undefined,
    })),
    notes: notes.map((note) => ({
      id: String(note._id),
      text: note.text,
      at: note.at.toISOString(),
      by: person(people, note.byId),
    })),
  }
}
