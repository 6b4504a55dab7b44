/**
 * Bulk import of units from CSV: columns `code,name,kind,parent_code`. A parent is referenced by
 * code and must exist already or appear on an earlier line. Every row is checked first (fields, kind
 * nesting, the caller's scope, conflicts with existing units); one bad row → CSV_INVALID and nothing
 * is written. Then units are upserted by code in one transaction, each change with its audit entry.
 * An existing unit may be renamed by an import but not moved or re-kinded (use the unit API).
 */
import type { Connection, Types } from 'mongoose'
import { UNIT_KIND_LABELS } from '../../../../shared/domain/labels'
import { isOneOf, UNIT_KINDS, type UnitKind } from '../../../../shared/domain/types'
import { DomainError } from '../../../../shared/errors'
import { auditOrgChange, type Actor } from './actor'
import { unitInScope, type UnitScope } from './caller-scope'
import { csvInvalid, readCsv, type CsvProblem } from './csv'
import { unitModel, type UnitDoc } from './model'
import { isDuplicateKey } from './scene-code'
import type { ImportResult } from './schema'
import { nestingProblem } from './unit-rules'
import { unitSnapshot } from './units-service'

const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/

interface PlannedUnit {
  line: number
  code: string
  name: string
  kind: UnitKind
  /** Existing parent document, or the code of a parent created earlier in the file, or root. */
  parent: { existing: UnitDoc } | { planned: string } | null
  existing: UnitDoc | null
  inScope: boolean
}

export async function importUnits(
  db: Connection,
  actor: Actor,
  scope: UnitScope,
  text: string,
): Promise<ImportResult> {
  const rows = readCsv(text, ['code', 'name', 'kind'], ['parent_code'])
  const codes = new Set<string>()
  for (const row of rows) {
    if (row.values.code) codes.add(row.values.code)
    if (row.values.parent_code) codes.add(row.values.parent_code)
  }
  const known = await unitModel(db)
    .find({ code: { $in: [...codes] } })
    .lean<UnitDoc[]>()
  const byCode = new Map(known.map((unit) => [unit.code, unit]))

  const problems: CsvProblem[] = []
  const planned = new Map<string, PlannedUnit>()
  for (const { line, values } of rows) {
    const problem = (field: string, message: string) => problems.push({ line, field, message })
    const { code, name, kind, parent_code: parentCode } = values
    if (!CODE_PATTERN.test(code)) problem('code', '编码须为 1–40 位字母、数字、-、_ 或 .')
    else if (planned.has(code)) problem('code', `编码“${code}”在文件中重复`)
    if (name.length === 0 || name.length > 60) problem('name', '名称须为 1–60 个字')
    if (!isOneOf(UNIT_KINDS, kind)) {
      problem('kind', `类型须为 ${UNIT_KINDS.join('、')} 之一`)
      continue
    }
    let parent: PlannedUnit['parent'] = null
    let parentKind: UnitKind | null = null
    let inScope = scope === null
    if (parentCode) {
      const inFile = planned.get(parentCode)
      const existing = byCode.get(parentCode)
      if (inFile) {
        // A parent row that matches an existing unit is that unit (re-imports of the same file).
        parent = inFile.existing ? { existing: inFile.existing } : { planned: parentCode }
        parentKind = inFile.kind
        inScope = inFile.inScope
      } else if (existing) {
        parent = { existing }
        parentKind = existing.kind
        inScope = unitInScope(scope, {
          id: String(existing._id),
          ancestors: existing.ancestors.map(String),
        })
      } else {
        problem('parent_code', `上级单位“${parentCode}”不存在（须已存在或在本文件前面出现）`)
        continue
      }
    }
    if (!inScope) {
      problem(
        'parent_code',
        parentCode ? '上级单位不在您的管理范围内' : '只有系统管理员可以导入根单位',
      )
    }
    const nesting = nestingProblem(kind, parentKind)
    if (nesting) problem('kind', nesting)
    const existing = byCode.get(code) ?? null
    if (existing) {
      if (existing.kind !== kind) {
        problem(
          'kind',
          `已有单位“${existing.name}”的类型是${UNIT_KIND_LABELS[existing.kind]}，导入不能修改类型`,
        )
      }
      const sameParent =
        parent === null
          ? existing.parentId === null
          : 'existing' in parent &&
            existing.parentId !== null &&
            parent.existing._id.equals(existing.parentId)
      if (!sameParent) problem('parent_code', '已有单位的上级与文件不同，请在单位管理中移动')
    }
    if (CODE_PATTERN.test(code) && !planned.has(code)) {
      planned.set(code, { line, code, name, kind, parent, existing, inScope })
    }
  }
  if (problems.length > 0) throw csvInvalid(problems)
  return writeUnits(db, actor, [...planned.values()])
}

async function writeUnits(
  db: Connection,
  actor: Actor,
  plan: PlannedUnit[],
): Promise<ImportResult> {
  const Unit = unitModel(db)
  try {
    return await db.transaction(async (session) => {
      const result: ImportResult = { created: 0, updated: 0, unchanged: 0 }
      const createdByCode = new Map<string, { _id: Types.ObjectId; ancestors: Types.ObjectId[] }>()
      for (const row of plan) {
        if (row.existing) {
          if (row.existing.name === row.name) {
            result.unchanged += 1
            continue
          }
          await Unit.updateOne({ _id: row.existing._id }, { $set: { name: row.name } }, { session })
          await auditOrgChange(
            db,
            actor,
            {
              action: 'unit.import_update',
              target: { kind: 'unit', id: String(row.existing._id) },
              unit: { id: String(row.existing._id), ancestors: row.existing.ancestors.map(String) },
              before: unitSnapshot(row.existing),
              after: unitSnapshot({ ...row.existing, name: row.name }),
            },
            session,
          )
          result.updated += 1
          continue
        }
        const parent =
          row.parent === null
            ? null
            : 'existing' in row.parent
              ? row.parent.existing
              : createdByCode.get(row.parent.planned)
        if (row.parent !== null && !parent)
          throw new Error(`import plan: no parent for ${row.code}`)
        const ancestors = parent ? [...parent.ancestors, parent._id] : []
        const [created] = await Unit.create(
          [
            {
              name: row.name,
              kind: row.kind,
              code: row.code,
              parentId: parent?._id ?? null,
              ancestors,
            },
          ],
          { session },
        )
        const doc = created.toObject() as UnitDoc
        createdByCode.set(row.code, { _id: doc._id, ancestors: doc.ancestors })
        await auditOrgChange(
          db,
          actor,
          {
            action: 'unit.import_create',
            target: { kind: 'unit', id: String(doc._id) },
            unit: { id: String(doc._id), ancestors: doc.ancestors.map(String) },
            after: unitSnapshot(doc),
          },
          session,
        )
        result.created += 1
      }
      return result
    })
  } catch (error) {
    // Another import or admin created one of the codes meanwhile.
    if (isDuplicateKey(error, 'code')) throw new DomainError('UNIT_CODE_TAKEN')
    throw error
  }
}
