/**
 * Importing people from a CSV file (UTF-8, header row):
 *   display_name,real_name,phone,unit_code,role,room_scene,username
 * Every row is checked first — format, unknown unit codes and room scenes, the scope each role
 * needs, duplicates within the file, conflicts with existing accounts, the importer's own scope —
 * and if any row is wrong NOTHING is imported: 400 CSV_INVALID with `details: [{ line, field,
 * message }]` (line 1 is the header). Otherwise each row is upserted by username, else phone, in
 * one transaction, its grant added, and audited.
 */
import { parse } from 'csv-parse/sync'
import { Types } from 'mongoose'
import { ROLE_LABELS } from '../../../../shared/domain/labels'
import { ROLES, type Role } from '../../../../shared/domain/types'
import { DomainError } from '../../../../shared/errors'
import { roomModel, unitModel } from '../org/model'
import { ADMIN_FIELDS, auditUserChange, uniqueFieldError, type AdminContext } from './admin-service'
import { holdsOnUnits, isAdmin } from './manage-scope'
import { userModel, type GrantDoc, type UserDoc } from './model'
import type { ImportResult } from './schema'
import { computeScopeUnitIds } from './scope'

export const CSV_COLUMNS = [
  'display_name',
  'real_name',
  'phone',
  'unit_code',
  'role',
  'room_scene',
  'username',
] as const
type Column = (typeof CSV_COLUMNS)[number]

export interface CsvProblem {
  line: number
  field: string
  message: string
}

interface Row {
  line: number
  values: Record<Column, string>
}

interface CheckedRow {
  line: number
  displayName: string
  realName?: string
  phone?: string
  username?: string
  unitId?: Types.ObjectId
  role?: Exclude<Role, 'resident'>
  roomId?: Types.ObjectId
  existing?: UserDoc
}

const USERNAME = /^[a-z][a-z0-9_.-]{2,31}$/
const PHONE = /^\+?\d{5,20}$/
const ROLE_BY_LABEL = new Map<string, Role>(
  ROLES.flatMap((role) => [
    [role, role],
    [ROLE_LABELS[role], role],
  ]),
)

/** Roles whose grant is a room when room_scene is given (unit_code is then the home unit). */
const GRANT_BY_ROOM = new Set<Role>(['convener', 'member'])

function readRows(text: string): Row[] {
  let records: Array<{ record: string[]; info: { lines: number } }>
  try {
    records = parse(text, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>
  } catch (error) {
    const line = Number((error as { lines?: unknown }).lines) || 1
    throw invalid([{ line, field: 'csv', message: `CSV 格式错误：${(error as Error).message}` }])
  }
  if (records.length === 0) {
    throw invalid([{ line: 1, field: 'csv', message: '文件为空，第一行应为表头' }])
  }
  const header = records[0].record.map((name) => name.toLowerCase())
  const problems: CsvProblem[] = []
  header.forEach((name, i) => {
    if (!(CSV_COLUMNS as readonly string[]).includes(name)) {
      problems.push({ line: 1, field: name || `第 ${i + 1} 列`, message: '未知的列名' })
    } else if (header.indexOf(name) !== i) {
      problems.push({ line: 1, field: name, message: '列名重复' })
    }
  })
  if (!header.includes('display_name')) {
    problems.push({ line: 1, field: 'display_name', message: '缺少必需的列' })
  }
  const rows: Row[] = []
  for (const { record, info } of records.slice(1)) {
    if (record.length !== header.length) {
      problems.push({
        line: info.lines,
        field: 'csv',
        message: `列数应为 ${header.length}，实际为 ${record.length}`,
      })
      continue
    }
    const values = Object.fromEntries(CSV_COLUMNS.map((c) => [c, ''])) as Record<Column, string>
    header.forEach((name, i) => {
      if (name in values) values[name as Column] = record[i]
    })
    rows.push({ line: info.lines, values })
  }
  if (rows.length === 0 && problems.length === 0) {
    problems.push({ line: 2, field: 'csv', message: '没有数据行' })
  }
  if (problems.length > 0) throw invalid(problems)
  return rows
}

function invalid(problems: CsvProblem[]): DomainError {
  const sorted = [...problems].sort((a, b) => a.line - b.line)
  return new DomainError(
    'CSV_INVALID',
    `CSV 文件有 ${sorted.length} 处错误，未导入任何数据`,
    sorted,
  )
}

/** Format checks of one row, before any lookup. */
function checkFormat(row: Row, problems: CsvProblem[]): CheckedRow {
  const v = row.values
  const add = (field: Column, message: string) => problems.push({ line: row.line, field, message })
  const checked: CheckedRow = { line: row.line, displayName: v.display_name }
  if (!v.display_name) add('display_name', '不能为空')
  else if (v.display_name.length > 40) add('display_name', '不能超过 40 个字')
  if (v.real_name.length > 40) add('real_name', '不能超过 40 个字')
  else if (v.real_name) checked.realName = v.real_name
  if (v.phone) {
    const phone = v.phone.replace(/[\s-]/g, '')
    if (PHONE.test(phone)) checked.phone = phone
    else add('phone', '手机号格式不正确')
  }
  if (v.username) {
    const username = v.username.toLowerCase()
    if (USERNAME.test(username)) checked.username = username
    else add('username', '登录名须以字母开头，3–32 位字母、数字或 _ . -')
  }
  if (!checked.username && !checked.phone && !problems.some((p) => p.line === row.line)) {
    add('username', '需要填写 username 或 phone，用于识别人员')
  }
  if (v.role) {
    const role = ROLE_BY_LABEL.get(v.role) ?? ROLE_BY_LABEL.get(v.role.toLowerCase())
    if (!role) add('role', `未知的角色：${v.role}`)
    else if (role === 'admin') add('role', '不能通过导入授予系统管理员')
    else if (role !== 'resident') {
      checked.role = role
      const byRoom = GRANT_BY_ROOM.has(role)
      if (role === 'convener' && !v.room_scene)
        add('room_scene', '召集人需要填写议事室码 room_scene')
      if (role === 'member' && !v.room_scene && !v.unit_code) {
        add('room_scene', '政协委员需要填写挂钩的议事室码 room_scene 或界别 unit_code')
      }
      if (!byRoom && v.room_scene)
        add('room_scene', `${ROLE_LABELS[role]}按单位授权，不填写议事室码`)
      if (!byRoom && !v.unit_code)
        add('unit_code', `${ROLE_LABELS[role]}需要填写单位编码 unit_code`)
    }
  } else if (v.room_scene) {
    add('room_scene', '填写了议事室但没有角色')
  }
  return checked
}

export async function importUsersCsv(ctx: AdminContext, text: string): Promise<ImportResult> {
  const { db, actor } = ctx
  const rows = readRows(text)
  const problems: CsvProblem[] = []
  const checked = rows.map((row) => checkFormat(row, problems))

  const codes = [...new Set(rows.map((r) => r.values.unit_code).filter(Boolean))]
  const scenes = [...new Set(rows.map((r) => r.values.room_scene).filter(Boolean))]
  const [units, rooms] = await Promise.all([
    unitModel(db)
      .find({ code: { $in: codes } }, { code: 1 })
      .lean(),
    roomModel(db)
      .find({ scene: { $in: scenes } }, { scene: 1, unitId: 1 })
      .lean(),
  ])
  const unitByCode = new Map(units.map((u) => [u.code, u]))
  const roomByScene = new Map(rooms.map((r) => [r.scene, r]))

  // The importer's scope over every unit the file touches, in one tree load.
  const touched = [...units.map((u) => String(u._id)), ...rooms.map((r) => String(r.unitId))]
  const managed = new Map<string, boolean>()
  const verdicts = isAdmin(actor) ? [] : await holdsOnUnits(db, actor, 'user.manage', touched)
  touched.forEach((id, i) => managed.set(id, isAdmin(actor) || verdicts[i]))

  const Users = userModel(db)
  const usernames = checked.flatMap((c) => (c.username ? [c.username] : []))
  const phones = checked.flatMap((c) => (c.phone ? [c.phone] : []))
  const existing = await Users.find(
    { $or: [{ username: { $in: usernames } }, { phone: { $in: phones } }] },
    ADMIN_FIELDS,
  ).lean<UserDoc[]>()
  const homeUnits = existing.flatMap((u) => (u.unitId ? [String(u.unitId)] : []))
  const homeVerdicts = isAdmin(actor) ? [] : await holdsOnUnits(db, actor, 'user.manage', homeUnits)
  homeUnits.forEach((id, i) => managed.set(id, isAdmin(actor) || homeVerdicts[i]))

  const seen = new Map<string, number>()
  for (const [i, row] of rows.entries()) {
    const c = checked[i]
    const add = (field: Column, message: string) =>
      problems.push({ line: row.line, field, message })
    const { unit_code: code, room_scene: scene } = row.values
    if (code) {
      const unit = unitByCode.get(code)
      if (!unit) add('unit_code', `找不到单位编码 ${code}`)
      else if (!managed.get(String(unit._id))) add('unit_code', '该单位不在您的管理范围内')
      else c.unitId = unit._id
    }
    if (scene) {
      const room = roomByScene.get(scene)
      if (!room) add('room_scene', `找不到议事室码 ${scene}`)
      else if (!managed.get(String(room.unitId))) add('room_scene', '该议事室不在您的管理范围内')
      else c.roomId = room._id
    }
    for (const [field, key] of [
      ['username', c.username],
      ['phone', c.phone],
    ] as const) {
      if (!key) continue
      const first = seen.get(`${field}:${key}`)
      if (first !== undefined) add(field, `与第 ${first} 行重复`)
      else seen.set(`${field}:${key}`, row.line)
    }
    const byUsername = c.username ? existing.find((u) => u.username === c.username) : undefined
    const byPhone = c.phone ? existing.find((u) => u.phone === c.phone) : undefined
    if (byUsername && byPhone && String(byUsername._id) !== String(byPhone._id)) {
      add('phone', '该手机号已属于另一个账号')
      continue
    }
    c.existing = byUsername ?? byPhone
    if (!c.existing) continue
    const sameUser = seen.get(`id:${String(c.existing._id)}`)
    if (sameUser !== undefined) add('username', `与第 ${sameUser} 行是同一个人`)
    else seen.set(`id:${String(c.existing._id)}`, row.line)
    if (!byUsername && c.username && c.existing.username && c.existing.username !== c.username) {
      add('phone', `该手机号已属于登录名为 ${c.existing.username} 的账号`)
    }
    if (c.existing.unitId && !managed.get(String(c.existing.unitId))) {
      add(byUsername ? 'username' : 'phone', '该人员属于其他单位，无权修改')
    }
  }
  if (problems.length > 0) throw invalid(problems)

  try {
    return await db.transaction(async (session) => {
      const result: ImportResult = { created: 0, updated: 0 }
      for (const c of checked) {
        const before = c.existing ?? null
        const grants: GrantDoc[] = [...(before?.grants ?? [])]
        if (c.role) {
          const grantRoom = c.roomId && GRANT_BY_ROOM.has(c.role) ? c.roomId : undefined
          const grantUnit = grantRoom ? undefined : c.unitId
          const held = grants.some(
            (g) =>
              g.role === c.role &&
              String(g.roomId ?? '') === String(grantRoom ?? '') &&
              String(g.unitId ?? '') === String(grantUnit ?? ''),
          )
          if (!held) {
            grants.push({
              _id: new Types.ObjectId(),
              role: c.role,
              grantedAt: new Date(),
              grantedBy: new Types.ObjectId(actor.userId),
              ...(grantRoom ? { roomId: grantRoom } : {}),
              ...(grantUnit ? { unitId: grantUnit } : {}),
            })
          }
        }
        const unitId = c.unitId ?? before?.unitId
        const fields = {
          displayName: c.displayName,
          grants,
          scopeUnitIds: await computeScopeUnitIds(db, { unitId, grants }),
          ...(c.realName ? { realName: c.realName } : {}),
          ...(c.phone ? { phone: c.phone } : {}),
          ...(c.username ? { username: c.username } : {}),
          ...(unitId ? { unitId } : {}),
        }
        let after: UserDoc | null
        if (before) {
          after = await Users.findByIdAndUpdate(
            before._id,
            { $set: fields },
            { returnDocument: 'after', projection: ADMIN_FIELDS, session },
          ).lean<UserDoc>()
          if (!after) throw new DomainError('CONFLICT')
          result.updated += 1
        } else {
          const [created] = await Users.create([fields], { session })
          after = created.toObject() as UserDoc
          result.created += 1
        }
        await auditUserChange(ctx, 'user.import', before, after, session)
      }
      return result
    })
  } catch (error) {
    throw uniqueFieldError(error)
  }
}
