/**
 * Supervision (督办, members' 民主监督): the list of open items flagged by urgency, manual reminders,
 * supervision notes, and the escalation sweep the scheduler runs (`escalateOverdueActionItems`).
 */
import type { Connection, QueryFilter } from 'mongoose'
import { actionUrgency } from '../../../../shared/domain/deadlines'
import { canSuperviseActionItem } from '../../../../shared/domain/follow-up-guards'
import type { UserAccess } from '../../../../shared/domain/permissions'
import {
  matchesSupervisionFilter,
  supervisingUnitId,
  URGENCY_ORDER,
  type SupervisionFilter,
} from '../../../../shared/domain/supervision'
import type { UnitNode } from '../../../../shared/domain/unit-tree'
import type { ActionItemStatus } from '../../../../shared/domain/types'
import { DomainError } from '../../../../shared/errors'
import { recordAudit } from '../audit/service'
import { notificationTemplates } from '../notifications/announce'
import { announceActionReminder } from '../notifications/announce-actions'
import { unitModel, type UnitDoc } from '../org/model'
import { loadTopic, topicFacts } from '../topics/transition'
import { userModel } from '../users/model'
import { itemScopeFilter } from './item-scope'
import { auditBase, itemFacts, loadActionItem, oid, unitOfItem, type Actor } from './load'
import { actionItemModel, supervisionNoteModel, type ActionItemDoc } from './model'
import type { ActionItemEntry, SupervisionNoteView } from './schema'
import { displayNames, person, toEntries } from './views'

const OPEN = { $in: ['assigned', 'in_progress'] as ActionItemStatus[] }
const LIST_LIMIT = 500

export interface SupervisionQuery {
  unitId?: string
  roomId?: string
  urgency?: SupervisionFilter
}

/** Open items in the caller's supervision scope, most urgent first, optionally filtered. */
export async function listSupervisedItems(
  db: Connection,
  access: UserAccess,
  query: SupervisionQuery,
  now = new Date(),
): Promise<ActionItemEntry[]> {
  const filter: QueryFilter<ActionItemDoc> = {
    $and: [itemScopeFilter(access, 'action.supervise'), { status: OPEN }],
  }
  if (query.unitId) filter.unitAncestors = oid(query.unitId)
  if (query.roomId) filter.roomId = oid(query.roomId)
  // Overdue and escalated items are all past their due date: let the index cut the rest.
  if (query.urgency === 'lagging' || query.urgency === 'overdue' || query.urgency === 'escalate') {
    filter.dueAt = { $lt: now }
  }
  const items = await actionItemModel(db)
    .find(filter)
    .sort({ dueAt: 1, _id: 1 })
    .limit(LIST_LIMIT)
    .lean<ActionItemDoc[]>()
  const kept = items
    .map((item) => ({ item, urgency: actionUrgency(item, now) }))
    .filter(({ urgency }) => matchesSupervisionFilter(urgency, query.urgency))
    .sort((a, b) => URGENCY_ORDER[a.urgency] - URGENCY_ORDER[b.urgency])
  return toEntries(
    db,
    kept.map(({ item }) => item),
    now,
  )
}

/** A manual reminder (催办) to the owner unit, recorded on the item. */
export async function remindActionItem(
  db: Connection,
  actor: Actor,
  itemId: string,
): Promise<ActionItemEntry> {
  const now = actor.ctx.now
  const item = await loadActionItem(db, itemId)
  const topic = await loadTopic(db, String(item.topicId))
  const verdict = canSuperviseActionItem(itemFacts(item), topicFacts(topic), actor.ctx)
  if (!verdict.ok) throw new DomainError(verdict.code, verdict.reason)
  let updated: ActionItemDoc | null = null
  await db.transaction(async (session) => {
    updated = await actionItemModel(db)
      .findOneAndUpdate(
        { _id: item._id, status: OPEN },
        { $push: { reminders: { at: now, byId: oid(actor.userId), kind: 'manual' } } },
        { session, returnDocument: 'after' },
      )
      .lean<ActionItemDoc>()
    if (!updated) throw new DomainError('ACTION_ITEM_DONE')
    await announceActionReminder(db, notificationTemplates(db), session, {
      topicId: item.topicId,
      item,
      reason: 'manual',
      count: (updated as ActionItemDoc).reminders.length,
      at: now,
    })
    await recordAudit(
      db,
      {
        ...auditBase(actor, unitOfItem(item)),
        action: 'action_item.remind',
        target: { kind: 'action_item', id: itemId },
      },
      session,
    )
  })
  const [entry] = await toEntries(db, [updated as unknown as ActionItemDoc], now)
  return entry
}

/** A supervision note on an item (any time, also after it is done: 民主监督 reviews the result). */
export async function addSupervisionNote(
  db: Connection,
  actor: Actor,
  itemId: string,
  text: string,
): Promise<SupervisionNoteView> {
  const item = await loadActionItem(db, itemId)
  const trimmed = text.trim()
  if (!trimmed) throw new DomainError('VALIDATION_FAILED', '请填写督办意见')
  const at = actor.ctx.now
  const [note] = await db.transaction(async (session) => {
    const created = await supervisionNoteModel(db).create(
      [
        {
          actionItemId: item._id,
          topicId: item.topicId,
          byId: oid(actor.userId),
          text: trimmed,
          at,
        },
      ],
      { session },
    )
    await recordAudit(
      db,
      {
        ...auditBase(actor, unitOfItem(item)),
        action: 'action_item.supervision_note',
        target: { kind: 'action_item', id: itemId },
        after: { text: trimmed },
      },
      session,
    )
    return created
  })
  // notify: officers of the owner unit and the room's conveners — a supervision note on the item
  const names = await displayNames(db, [note.byId])
  return {
    id: String(note._id),
    text: note.text,
    at: at.toISOString(),
    by: person(names, note.byId),
  }
}

async function unitChains(db: Connection, items: readonly ActionItemDoc[]) {
  const ids = [...new Set(items.flatMap((item) => item.unitAncestors.map(String)))]
  const units = await unitModel(db)
    .find({ _id: { $in: ids } }, { kind: 1, parentId: 1 })
    .lean<Array<Pick<UnitDoc, '_id' | 'kind' | 'parentId'>>>()
  const nodes = new Map<string, UnitNode>(
    units.map((unit) => [
      String(unit._id),
      {
        id: String(unit._id),
        kind: unit.kind,
        parentId: unit.parentId ? String(unit.parentId) : null,
      },
    ]),
  )
  const offices = await userModel(db)
    .find(
      {
        scopeUnitIds: { $in: ids.map(oid) },
        disabled: { $ne: true },
        grants: { $elemMatch: { role: 'office_staff', unitId: { $in: ids.map(oid) } } },
      },
      { grants: 1 },
    )
    .lean()
  const officeUnits = new Set<string>()
  for (const user of offices) {
    for (const grant of user.grants) {
      if (grant.role === 'office_staff' && grant.unitId) officeUnits.add(String(grant.unitId))
    }
  }
  return { nodes, officeUnits }
}

/**
 * The escalation sweep (督办升级), run by the scheduler: every open item whose grace period after the
 * due date has passed (`actionEscalatesAt`) and that was not escalated yet is marked escalated to
 * the supervising office — see `supervisingUnitId` in shared/domain/supervision.ts: the nearest unit
 * of the room's chain (its own unit first, then upwards) with an office_staff grant, else the
 * room's district, else the root — with an automatic reminder. Idempotent: an item is escalated
 * once (conditioned on `escalatedAt` being unset). Returns the ids escalated by this run.
 */
export async function escalateOverdueActionItems(db: Connection, now: Date): Promise<string[]> {
  const Items = actionItemModel(db)
  const candidates = await Items.find({ status: OPEN, escalatedAt: null, dueAt: { $lt: now } })
    .sort({ dueAt: 1 })
    .limit(1000)
    .lean<ActionItemDoc[]>()
  const due = candidates.filter((item) => actionUrgency(item, now) === 'escalate')
  if (due.length === 0) return []
  const { nodes, officeUnits } = await unitChains(db, due)
  const escalated: string[] = []
  for (const item of due) {
    const chain = item.unitAncestors
      .map((id) => nodes.get(String(id)))
      .filter((node): node is UnitNode => node !== undefined)
    const target = supervisingUnitId(chain, officeUnits)
    let changed = false as boolean
    await db.transaction(async (session) => {
      changed = false
      const result = await Items.updateOne(
        { _id: item._id, status: OPEN, escalatedAt: null },
        {
          $set: { escalatedAt: now, ...(target ? { escalatedToUnitId: oid(target) } : {}) },
          $push: { reminders: { at: now, kind: 'auto' } },
        },
        { session },
      )
      if (result.modifiedCount === 0) return
      await announceActionReminder(db, notificationTemplates(db), session, {
        topicId: item.topicId,
        item,
        reason: 'escalated',
        officeUnitId: target ? oid(target) : undefined,
        at: now,
      })
      await recordAudit(
        db,
        {
          ...auditBase(null, unitOfItem(item)),
          action: 'action_item.escalate',
          target: { kind: 'action_item', id: String(item._id) },
          after: { escalatedToUnitId: target ?? null, dueAt: item.dueAt },
        },
        session,
      )
      changed = true
    })
    if (changed) escalated.push(String(item._id))
  }
  return escalated
}
