/**
 * Units (the organisation tree): browse within one's subtrees, create, rename, move and delete.
 * Every change writes its audit entry in the same transaction. Moving a unit rewrites the
 * `ancestors` of its whole subtree and the `unitAncestors` of the rooms in it (`unit-move.ts`).
 */
import { Types, type Connection } from 'mongoose'
import type { ResourceScope } from '../../../../shared/domain/permissions'
import { DomainError } from '../../../../shared/errors'
import { auditOrgChange, type Actor } from './actor'
import { unitInScope, type UnitScope } from './caller-scope'
import { roomModel, unitModel, type UnitDoc } from './model'
import { unitPath } from './room-view'
import { isDuplicateKey } from './scene-code'
import type { CreateUnitBody, UnitDetail, UnitView, UpdateUnitBody } from './schema'
import { nestingProblem } from './unit-rules'
import { moveSubtree } from './unit-move'

function idsOf(unit: Pick<UnitDoc, 'ancestors'>): string[] {
  return unit.ancestors.map(String)
}

export function unitSnapshot(unit: UnitDoc): Record<string, unknown> {
  return {
    name: unit.name,
    kind: unit.kind,
    code: unit.code,
    parentId: unit.parentId ? String(unit.parentId) : null,
  }
}

async function findUnitOrThrow(db: Connection, id: string): Promise<UnitDoc> {
  const unit = Types.ObjectId.isValid(id) ? await unitModel(db).findById(id).lean<UnitDoc>() : null
  if (!unit) throw new DomainError('UNIT_NOT_FOUND')
  return unit
}

/** The unit itself as the scope (view, rename, move). */
export async function unitScope(db: Connection, id: string): Promise<ResourceScope> {
  const unit = await findUnitOrThrow(db, id)
  return { unitId: String(unit._id) }
}

/**
 * The parent as the scope (create, delete): one manages what lies inside one's subtree, not the
 * unit that defines it. A root has no parent: the empty scope, which only admin covers.
 */
export async function parentScope(db: Connection, parentId: string | undefined) {
  if (!parentId) return {}
  const parent = await unitModel(db).exists({ _id: parentId })
  if (!parent) throw new DomainError('UNIT_PARENT_INVALID', '上级单位不存在')
  return { unitId: parentId }
}

export async function unitParentScope(db: Connection, id: string): Promise<ResourceScope> {
  const unit = await findUnitOrThrow(db, id)
  return unit.parentId ? { unitId: String(unit.parentId) } : {}
}

async function toUnitViews(db: Connection, units: UnitDoc[]): Promise<UnitView[]> {
  const ids = units.map((unit) => unit._id)
  const withChildren =
    ids.length === 0
      ? []
      : ((await unitModel(db).distinct('parentId', { parentId: { $in: ids } })) as unknown[])
  const parents = new Set(withChildren.map(String))
  return units.map((unit) => ({
    id: String(unit._id),
    name: unit.name,
    kind: unit.kind,
    code: unit.code,
    parentId: unit.parentId ? String(unit.parentId) : null,
    hasChildren: parents.has(String(unit._id)),
  }))
}

/**
 * Children of `parentId`, or the top of the caller's tree when absent: the roots for admin, the
 * granted units for office staff. Only units inside the caller's subtrees are returned.
 */
export async function listUnits(
  db: Connection,
  scope: UnitScope,
  parentId?: string,
): Promise<UnitView[]> {
  const Unit = unitModel(db)
  let filter: Record<string, unknown>
  if (parentId) filter = { parentId: new Types.ObjectId(parentId) }
  else if (scope === null) filter = { parentId: null }
  else filter = { _id: { $in: scope.map((id) => new Types.ObjectId(id)) } }
  const units = await Unit.find(filter).sort({ name: 1 }).lean<UnitDoc[]>()
  const visible = units.filter((unit) =>
    unitInScope(scope, { id: String(unit._id), ancestors: idsOf(unit) }),
  )
  return toUnitViews(db, visible)
}

export async function getUnit(db: Connection, id: string): Promise<UnitDetail> {
  const unit = await findUnitOrThrow(db, id)
  const [[view], path, childCount, roomCount] = await Promise.all([
    toUnitViews(db, [unit]),
    unitPath(db, unit),
    unitModel(db).countDocuments({ parentId: unit._id }),
    roomModel(db).countDocuments({ unitId: unit._id }),
  ])
  return { ...view, path, childCount, roomCount }
}

export async function createUnit(
  db: Connection,
  actor: Actor,
  body: CreateUnitBody,
): Promise<UnitDetail> {
  const parent = body.parentId ? await findParent(db, body.parentId) : null
  const problem = nestingProblem(body.kind, parent?.kind ?? null)
  if (problem) throw new DomainError('UNIT_PARENT_INVALID', problem)
  const ancestors = parent ? [...parent.ancestors, parent._id] : []
  try {
    const unit = await db.transaction(async (session) => {
      const [created] = await unitModel(db).create(
        [
          {
            name: body.name,
            kind: body.kind,
            code: body.code,
            parentId: parent?._id ?? null,
            ancestors,
          },
        ],
        { session },
      )
      const doc = created.toObject() as UnitDoc
      await auditOrgChange(
        db,
        actor,
        {
          action: 'unit.create',
          target: { kind: 'unit', id: String(doc._id) },
          unit: { id: String(doc._id), ancestors: idsOf(doc) },
          after: unitSnapshot(doc),
        },
        session,
      )
      return doc
    })
    return await getUnit(db, String(unit._id))
  } catch (error) {
    if (isDuplicateKey(error, 'code')) throw new DomainError('UNIT_CODE_TAKEN')
    throw error
  }
}

async function findParent(db: Connection, parentId: string): Promise<UnitDoc> {
  const parent = await unitModel(db).findById(parentId).lean<UnitDoc>()
  if (!parent) throw new DomainError('UNIT_PARENT_INVALID', '上级单位不存在')
  return parent
}

export interface MoveChecks {
  /** Throws when the caller may not place units under this parent (null = make it a root). */
  mayMoveUnder(parentId: string | null): Promise<void>
}

/**
 * Renames, re-codes or moves a unit. A move is refused when the new parent is the unit itself or
 * lies below it (a cycle) or when the kinds do not nest; the caller must also manage the new
 * parent (`checks.mayMoveUnder`, supplied by the route).
 */
export async function updateUnit(
  db: Connection,
  actor: Actor,
  id: string,
  body: UpdateUnitBody,
  checks: MoveChecks,
): Promise<UnitDetail> {
  const before = await findUnitOrThrow(db, id)
  const currentParent = before.parentId ? String(before.parentId) : null
  const moving = body.parentId !== undefined && body.parentId !== currentParent
  if (moving) await checks.mayMoveUnder(body.parentId ?? null)
  let newParent: UnitDoc | null = null
  if (moving && body.parentId) {
    newParent = await findParent(db, body.parentId)
    if (newParent._id.equals(before._id) || newParent.ancestors.some((a) => a.equals(before._id))) {
      throw new DomainError('UNIT_PARENT_INVALID', '不能把单位移到它自己或它的下级单位之下')
    }
  }
  if (moving) {
    const problem = nestingProblem(before.kind, newParent?.kind ?? null)
    if (problem) throw new DomainError('UNIT_PARENT_INVALID', problem)
  }
  const set: Record<string, unknown> = {}
  if (body.name !== undefined) set.name = body.name
  if (body.code !== undefined) set.code = body.code
  try {
    await db.transaction(async (session) => {
      if (Object.keys(set).length > 0) {
        await unitModel(db).updateOne({ _id: before._id }, { $set: set }, { session })
      }
      if (moving) await moveSubtree(db, session, before, newParent)
      const after = await unitModel(db).findById(before._id).session(session).lean<UnitDoc>()
      if (!after) throw new DomainError('UNIT_NOT_FOUND')
      // A move is visible to the staff of both the old and the new place.
      const seen = new Set([...idsOf(before), ...idsOf(after)])
      await auditOrgChange(
        db,
        actor,
        {
          action: moving ? 'unit.move' : 'unit.update',
          target: { kind: 'unit', id },
          unit: { id, ancestors: [...seen] },
          before: unitSnapshot(before),
          after: unitSnapshot(after),
        },
        session,
      )
    })
  } catch (error) {
    if (isDuplicateKey(error, 'code')) throw new DomainError('UNIT_CODE_TAKEN')
    throw error
  }
  return getUnit(db, id)
}

/** Deletes a unit with no child units and no rooms (archived rooms count: they keep history). */
export async function deleteUnit(db: Connection, actor: Actor, id: string): Promise<void> {
  const unit = await findUnitOrThrow(db, id)
  await db.transaction(async (session) => {
    // Sequential: operations of one transaction must not run concurrently on its session.
    const child = await unitModel(db)
      .findOne({ parentId: unit._id }, { _id: 1 })
      .session(session)
      .lean()
    const room = await roomModel(db)
      .findOne({ unitId: unit._id }, { _id: 1 })
      .session(session)
      .lean()
    if (child || room) throw new DomainError('UNIT_HAS_CHILDREN')
    await unitModel(db).deleteOne({ _id: unit._id }, { session })
    await auditOrgChange(
      db,
      actor,
      {
        action: 'unit.delete',
        target: { kind: 'unit', id },
        unit: { id, ancestors: idsOf(unit) },
        before: unitSnapshot(unit),
      },
      session,
    )
  })
}
