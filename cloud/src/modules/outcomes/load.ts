/**
 * Loading what the outcomes use cases share: an action item and the scopes permissions are checked
 * in, the topic's current outcome and its items, the acting staff member, and the audit target.
 */
import { Types, type Connection } from 'mongoose'
import type { ActionItemFacts } from '../../../../shared/domain/follow-up-guards'
import type { ResourceScope } from '../../../../shared/domain/permissions'
import type { GuardContext } from '../../../../shared/domain/topic-rules'
import { DomainError } from '../../../../shared/errors'
import type { AuditEntry } from '../audit/service'
import type { TopicDoc } from '../topics/model'
import { actionItemModel, outcomeModel, type ActionItemDoc, type OutcomeDoc } from './model'

/** The signed-in staff member (or resident) acting, with the guard context of the resource. */
export interface Actor {
  userId: string
  ctx: GuardContext
  requestId?: string
  ip?: string
}

export function oid(id: string): Types.ObjectId {
  return new Types.ObjectId(id)
}

export async function loadActionItem(db: Connection, id: string): Promise<ActionItemDoc> {
  const item = Types.ObjectId.isValid(id)
    ? await actionItemModel(db).findById(oid(id)).lean<ActionItemDoc>()
    : null
  if (!item) throw new DomainError('ACTION_ITEM_NOT_FOUND')
  return item
}

function roomUnitId(item: Pick<ActionItemDoc, 'unitAncestors'>): string | undefined {
  const last = item.unitAncestors[item.unitAncestors.length - 1]
  return last ? String(last) : undefined
}

/** Where the work sits for `action.update`: the room, and the owner unit as the department. */
export function itemWorkScope(item: ActionItemDoc): ResourceScope {
  return {
    roomId: String(item.roomId),
    unitId: roomUnitId(item),
    departmentUnitId: String(item.ownerUnitId),
  }
}

/** Where the item sits for supervision (`action.supervise`): the topic's room and unit. */
export function itemRoomScope(item: ActionItemDoc): ResourceScope {
  return { roomId: String(item.roomId), unitId: roomUnitId(item) }
}

export function itemFacts(item: ActionItemDoc): ActionItemFacts {
  return { status: item.status, departmentUnitId: String(item.ownerUnitId) }
}

/** The topic's current (latest) outcome, or null before one is published. */
export async function currentOutcome(db: Connection, topicId: string): Promise<OutcomeDoc | null> {
  return outcomeModel(db)
    .findOne({ topicId: oid(topicId) })
    .sort({ publishedAt: -1 })
    .lean<OutcomeDoc>()
}

export async function outcomeItems(db: Connection, outcome: OutcomeDoc): Promise<ActionItemDoc[]> {
  return actionItemModel(db)
    .find({ topicId: outcome.topicId, outcomeId: outcome._id })
    .sort({ createdAt: 1, _id: 1 })
    .lean<ActionItemDoc[]>()
}

/** The audit fields naming the actor and the topic's unit. */
export function auditBase(
  actor: Pick<Actor, 'userId' | 'requestId' | 'ip'> | null,
  topic: Pick<TopicDoc, 'unitId' | 'unitAncestors'>,
): Pick<AuditEntry, 'actorId' | 'unit' | 'requestId' | 'ip'> {
  const ancestors = topic.unitAncestors.map(String).filter((id) => id !== String(topic.unitId))
  return {
    actorId: actor?.userId ?? null,
    unit: { id: String(topic.unitId), ancestors },
    requestId: actor?.requestId,
    ip: actor?.ip,
  }
}

export function unitOfItem(
  item: Pick<ActionItemDoc, 'unitAncestors'>,
): Pick<TopicDoc, 'unitId' | 'unitAncestors'> {
  const unitId = item.unitAncestors[item.unitAncestors.length - 1]
  return { unitId, unitAncestors: item.unitAncestors }
}
