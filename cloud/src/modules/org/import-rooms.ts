/**
 * Bulk import of rooms from CSV: columns `scene,name,unit_code,address,support_threshold`. The scene
 * (the code in the room's QR code) is the key: an existing room with that scene is updated (name,
 * address, threshold — the file is the truth, so an empty address clears it), otherwise a room is
 * created. Every row is checked first; one bad row → CSV_INVALID and nothing is written.
 */
import type { Connection } from 'mongoose'
import { DomainError } from '../../../../shared/errors'
import { auditOrgChange, type Actor } from './actor'
import { unitInScope, type UnitScope } from './caller-scope'
import { csvInvalid, readCsv, type CsvProblem } from './csv'
import { roomModel, unitModel, type RoomDoc, type UnitDoc } from './model'
import { roomAuditUnit, roomSnapshot } from './rooms-service'
import { isDuplicateKey } from './scene-code'
import type { ImportResult } from './schema'

const SCENE_PATTERN = /^[A-Za-z0-9]{4,16}$/

interface PlannedRoom {
  scene: string
  name: string
  unit: UnitDoc
  address: string | null
  supportThreshold: number | null
  existing: RoomDoc | null
}

function parseThreshold(text: string): number | null | undefined {
  if (text === '') return null
  if (!/^\d{1,6}$/.test(text)) return undefined
  const value = Number(text)
  return value >= 1 ? value : undefined
}

export async function importRooms(
  db: Connection,
  actor: Actor,
  scope: UnitScope,
  text: string,
): Promise<ImportResult> {
  const rows = readCsv(text, ['scene', 'name', 'unit_code'], ['address', 'support_threshold'])
  const unitCodes = [...new Set(rows.map((row) => row.values.unit_code).filter(Boolean))]
  const scenes = [...new Set(rows.map((row) => row.values.scene).filter(Boolean))]
  const [units, rooms] = await Promise.all([
    unitModel(db)
      .find({ code: { $in: unitCodes } })
      .lean<UnitDoc[]>(),
    roomModel(db)
      .find({ scene: { $in: scenes } })
      .lean<RoomDoc[]>(),
  ])
  const unitByCode = new Map(units.map((unit) => [unit.code, unit]))
  const roomByScene = new Map(rooms.map((room) => [room.scene, room]))

  const problems: CsvProblem[] = []
  const planned = new Map<string, PlannedRoom>()
  for (const { line, values } of rows) {
    const problem = (field: string, message: string) => problems.push({ line, field, message })
    const { scene, name, unit_code: unitCode, address } = values
    const sceneOk = SCENE_PATTERN.test(scene)
    if (!sceneOk) problem('scene', '议事室码须为 4–16 位字母或数字')
    else if (planned.has(scene)) problem('scene', `议事室码“${scene}”在文件中重复`)
    if (name.length === 0 || name.length > 60) problem('name', '名称须为 1–60 个字')
    if (address.length > 120) problem('address', '地址不能超过 120 个字')
    const supportThreshold = parseThreshold(values.support_threshold)
    if (supportThreshold === undefined) {
      problem('support_threshold', '附议门槛须为不小于 1 的整数，或留空')
    }
    const unit = unitByCode.get(unitCode)
    if (!unit) {
      problem('unit_code', unitCode ? `单位“${unitCode}”不存在` : '缺少所属单位编码')
      continue
    }
    if (!unitInScope(scope, { id: String(unit._id), ancestors: unit.ancestors.map(String) })) {
      problem('unit_code', '该单位不在您的管理范围内')
    }
    const existing = roomByScene.get(scene) ?? null
    if (existing && !existing.unitId.equals(unit._id)) {
      problem('unit_code', `议事室码“${scene}”已属于其他单位的议事室“${existing.name}”`)
    }
    if (sceneOk && !planned.has(scene) && supportThreshold !== undefined) {
      planned.set(scene, {
        scene,
        name,
        unit,
        address: address || null,
        supportThreshold,
        existing,
      })
    }
  }
  if (problems.length > 0) throw csvInvalid(problems)
  return writeRooms(db, actor, [...planned.values()])
}

function unchanged(room: RoomDoc, row: PlannedRoom): boolean {
  return (
    room.name === row.name &&
    (room.address ?? null) === row.address &&
    (room.supportThreshold ?? null) === row.supportThreshold
  )
}

async function writeRooms(
  db: Connection,
  actor: Actor,
  plan: PlannedRoom[],
): Promise<ImportResult> {
  const Room = roomModel(db)
  try {
    return await db.transaction(async (session) => {
      const result: ImportResult = { created: 0, updated: 0, unchanged: 0 }
      for (const row of plan) {
        const before = row.existing
        if (before && unchanged(before, row)) {
          result.unchanged += 1
          continue
        }
        if (before) {
          const update = {
            $set: { name: row.name, supportThreshold: row.supportThreshold },
            ...(row.address === null ? { $unset: { address: '' } } : {}),
          }
          if (row.address !== null) Object.assign(update.$set, { address: row.address })
          const after = await Room.findOneAndUpdate({ _id: before._id }, update, {
            returnDocument: 'after',
            session,
          }).lean<RoomDoc>()
          if (!after) throw new DomainError('ROOM_NOT_FOUND')
          await auditOrgChange(
            db,
            actor,
            {
              action: 'room.import_update',
              target: { kind: 'room', id: String(before._id) },
              unit: roomAuditUnit(after),
              before: roomSnapshot(before),
              after: roomSnapshot(after),
            },
            session,
          )
          result.updated += 1
          continue
        }
        const [created] = await Room.create(
          [
            {
              name: row.name,
              unitId: row.unit._id,
              unitAncestors: [...row.unit.ancestors, row.unit._id],
              scene: row.scene,
              address: row.address ?? undefined,
              supportThreshold: row.supportThreshold,
              duty: [],
              archived: false,
            },
          ],
          { session },
        )
        const doc = created.toObject() as RoomDoc
        await auditOrgChange(
          db,
          actor,
          {
            action: 'room.import_create',
            target: { kind: 'room', id: String(doc._id) },
            unit: roomAuditUnit(doc),
            after: roomSnapshot(doc),
          },
          session,
        )
        result.created += 1
      }
      return result
    })
  } catch (error) {
    if (isDuplicateKey(error, 'scene')) throw new DomainError('ROOM_SCENE_TAKEN')
    throw error
  }
}
