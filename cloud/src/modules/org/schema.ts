/**
 * Request and response schemas of the org module (units, rooms, QR codes, CSV imports). Response
 * schemas double as an allow-list: fast-json-stringify drops every field not listed here, so a
 * public room view can never leak a phone number or a real name.
 */
import { Type, type Static } from '@sinclair/typebox'
import { UNIT_KINDS, type UnitKind } from '../../../../shared/domain/types'

export const ObjectIdSchema = Type.String({
  pattern: '^[0-9a-fA-F]{24}$',
  description: '24 位十六进制 id · 24-hex id',
})

export const UnitKindSchema = Type.Unsafe<UnitKind>({
  type: 'string',
  enum: [...UNIT_KINDS],
  description: '单位类型 Unit kind',
})

/** What a QR code may carry to open a room; the stored scenes are a stricter subset (4–16). */
export const SceneParamSchema = Type.String({
  pattern: '^[A-Za-z0-9]{1,32}$',
  description: '议事室码（二维码 scene）· Room scene code from the QR code',
})

/** Scenes an admin may choose: what the room model stores. */
export const SceneSchema = Type.String({ pattern: '^[A-Za-z0-9]{4,16}$' })

export const IdParamsSchema = Type.Object({ id: ObjectIdSchema })
export const SceneParamsSchema = Type.Object({ scene: SceneParamSchema })

export const UnitRefSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: UnitKindSchema,
})
export type UnitRef = Static<typeof UnitRefSchema>

export const PersonRefSchema = Type.Object({ id: Type.String(), displayName: Type.String() })
export type PersonRef = Static<typeof PersonRefSchema>

export const RoomPublicSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  scene: Type.String(),
  address: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
  supportThreshold: Type.Union([Type.Integer(), Type.Null()], {
    description: '附议达到此数自动进入研判；null 表示不设门槛',
  }),
  archived: Type.Boolean(),
  unit: UnitRefSchema,
  path: Type.Array(UnitRefSchema, { description: '从根单位到议事室所属单位 · root → room unit' }),
  conveners: Type.Array(PersonRefSchema),
  members: Type.Array(PersonRefSchema, { description: '挂钩委员 · attached members' }),
  onDutyToday: Type.Array(PersonRefSchema, { description: '今日值班委员（北京时间）' }),
})
export type RoomPublic = Static<typeof RoomPublicSchema>

export const DutySlotViewSchema = Type.Object({
  userId: Type.String(),
  displayName: Type.String(),
  weekday: Type.Integer({ minimum: 1, maximum: 7 }),
})

export const RoomAdminSchema = Type.Composite([
  RoomPublicSchema,
  Type.Object({
    duty: Type.Array(DutySlotViewSchema),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  }),
])
export type RoomAdmin = Static<typeof RoomAdminSchema>

export const RoomLiteSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  scene: Type.String(),
  unit: UnitRefSchema,
})
export type RoomLite = Static<typeof RoomLiteSchema>

export const RoomListQuerySchema = Type.Object({
  unitId: Type.Optional(ObjectIdSchema),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  cursor: Type.Optional(ObjectIdSchema),
})

export const RoomDepartmentsSchema = Type.Object(
  { items: Type.Array(UnitRefSchema) },
  {
    description:
      '议事室所属单位及其上级单位下设的职能部门 · Departments under the room’s unit chain',
  },
)

export const RoomListSchema = Type.Object({
  items: Type.Array(RoomLiteSchema),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
})

const RoomName = Type.String({ minLength: 1, maxLength: 60 })
const Address = Type.String({ maxLength: 120, description: '空字符串表示清除 · empty clears it' })
const Description = Type.String({ maxLength: 500, description: '空字符串表示清除' })
const Threshold = Type.Union([Type.Integer({ minimum: 1, maximum: 100000 }), Type.Null()])

export const CreateRoomBodySchema = Type.Object(
  {
    name: RoomName,
    unitId: ObjectIdSchema,
    address: Type.Optional(Address),
    description: Type.Optional(Description),
    supportThreshold: Type.Optional(Threshold),
    scene: Type.Optional(SceneSchema),
  },
  { additionalProperties: false },
)
export type CreateRoomBody = Static<typeof CreateRoomBodySchema>

export const UpdateRoomBodySchema = Type.Object(
  {
    name: Type.Optional(RoomName),
    address: Type.Optional(Address),
    description: Type.Optional(Description),
    supportThreshold: Type.Optional(Threshold),
    archived: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type UpdateRoomBody = Static<typeof UpdateRoomBodySchema>

export const DutyBodySchema = Type.Object(
  {
    slots: Type.Array(
      Type.Object(
        { userId: ObjectIdSchema, weekday: Type.Integer({ minimum: 1, maximum: 7 }) },
        { additionalProperties: false },
      ),
      { maxItems: 140 },
    ),
  },
  { additionalProperties: false },
)
export type DutyBody = Static<typeof DutyBodySchema>

export const UnitSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: UnitKindSchema,
  code: Type.String(),
  parentId: Type.Union([Type.String(), Type.Null()]),
  hasChildren: Type.Boolean(),
})
export type UnitView = Static<typeof UnitSchema>

export const UnitDetailSchema = Type.Composite([
  UnitSchema,
  Type.Object({
    path: Type.Array(UnitRefSchema, { description: '从根单位到本单位 · root → this unit' }),
    childCount: Type.Integer(),
    roomCount: Type.Integer(),
  }),
])
export type UnitDetail = Static<typeof UnitDetailSchema>

export const UnitListQuerySchema = Type.Object({ parentId: Type.Optional(ObjectIdSchema) })
export const UnitListSchema = Type.Object({ items: Type.Array(UnitSchema) })

const UnitName = Type.String({ minLength: 1, maxLength: 60 })
export const UnitCodeSchema = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$',
  description: '单位编码（CSV 导入用）· unit code used by CSV imports',
})

export const CreateUnitBodySchema = Type.Object(
  {
    name: UnitName,
    kind: UnitKindSchema,
    parentId: Type.Optional(ObjectIdSchema),
    code: UnitCodeSchema,
  },
  { additionalProperties: false },
)
export type CreateUnitBody = Static<typeof CreateUnitBodySchema>

export const UpdateUnitBodySchema = Type.Object(
  {
    name: Type.Optional(UnitName),
    code: Type.Optional(UnitCodeSchema),
    parentId: Type.Optional(Type.Union([ObjectIdSchema, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type UpdateUnitBody = Static<typeof UpdateUnitBodySchema>

export const CsvBodySchema = Type.String({ description: 'text/csv, UTF-8（可带 BOM），≤ 1 MB' })

export const ImportResultSchema = Type.Object({
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
})
export type ImportResult = Static<typeof ImportResultSchema>

export const ErrorSchema = Type.Object({
  statusCode: Type.Integer(),
  code: Type.String(),
  message: Type.String(),
  details: Type.Optional(Type.Unknown()),
})

export const NoContentSchema = Type.Null({ description: '无内容 · No content' })
