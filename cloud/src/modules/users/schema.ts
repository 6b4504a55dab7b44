/**
 * Schemas of the people API: the signed-in user's own profile (`/api/me`) and the administration of
 * people and their role grants (`/api/admin/users`). Request AND response schemas: responses are
 * serialized through them, so a field not listed here (a password hash) can never leak.
 */
import { Type, type Static } from '@sinclair/typebox'
import { ROLES } from '../../../../shared/domain/types'

const ObjectIdString = Type.String({ pattern: '^[0-9a-fA-F]{24}$', description: 'ObjectId' })

/** Every error the service answers: `{ statusCode, code, message, details? }`. */
export const ErrorSchema = Type.Object(
  {
    statusCode: Type.Integer(),
    code: Type.String(),
    message: Type.String(),
    details: Type.Optional(Type.Unknown()),
  },
  { description: '错误 Error' },
)

export const GrantRoleSchema = Type.Union(
  ROLES.filter((role) => role !== 'resident').map((role) => Type.Literal(role)),
  { description: '角色 Role (grid_worker, member, convener, dept_officer, office_staff, admin)' },
)

export const GrantViewSchema = Type.Object({
  id: Type.String(),
  role: GrantRoleSchema,
  unitId: Type.Optional(Type.String()),
  roomId: Type.Optional(Type.String()),
  unitName: Type.Optional(Type.String()),
  roomName: Type.Optional(Type.String()),
})
export type GrantView = Static<typeof GrantViewSchema>

export const MeSchema = Type.Object(
  {
    id: Type.String(),
    displayName: Type.String(),
    realName: Type.Optional(Type.String()),
    phone: Type.Optional(Type.String({ description: '本人手机号（不打码）Own phone, unmasked' })),
    unitId: Type.Optional(Type.String()),
    unitName: Type.Optional(Type.String()),
    isStaff: Type.Boolean(),
    grants: Type.Array(GrantViewSchema),
  },
  { description: '当前用户 The signed-in user' },
)
export type Me = Static<typeof MeSchema>

export const UpdateMeBodySchema = Type.Object(
  { displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })) },
  { additionalProperties: false },
)
export type UpdateMeBody = Static<typeof UpdateMeBodySchema>

export const BindPhoneBodySchema = Type.Object(
  {
    code: Type.String({
      minLength: 1,
      maxLength: 128,
      description: 'getPhoneNumber 按钮返回的 code · the code from the getPhoneNumber button',
    }),
  },
  { additionalProperties: false },
)

/** A person as administrators see them: realName/phone masked unless the caller may read PII there. */
export const AdminUserSchema = Type.Object({
  id: Type.String(),
  displayName: Type.String(),
  realName: Type.Optional(Type.String()),
  phone: Type.Optional(Type.String()),
  /** True when realName/phone above are masked for this caller. */
  piiMasked: Type.Boolean(),
  username: Type.Optional(Type.String()),
  hasPassword: Type.Boolean(),
  wechatBound: Type.Boolean(),
  unitId: Type.Optional(Type.String()),
  unitName: Type.Optional(Type.String()),
  disabled: Type.Boolean(),
  isStaff: Type.Boolean(),
  grants: Type.Array(GrantViewSchema),
  createdAt: Type.String({ format: 'date-time' }),
})
export type AdminUser = Static<typeof AdminUserSchema>

export const UserListQuerySchema = Type.Object(
  {
    unitId: Type.Optional(ObjectIdString),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    role: Type.Optional(Type.Union(ROLES.map((role) => Type.Literal(role)))),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
    cursor: Type.Optional(ObjectIdString),
  },
  { additionalProperties: false },
)
export type UserListQuery = Static<typeof UserListQuerySchema>

export const UserListSchema = Type.Object({
  items: Type.Array(AdminUserSchema),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
})

export const UserIdParamsSchema = Type.Object({ id: ObjectIdString })
export const GrantParamsSchema = Type.Object({ id: ObjectIdString, grantId: ObjectIdString })

const Phone = Type.String({ pattern: '^\\+?[0-9-]{5,20}$', description: '手机号 Phone number' })
const Username = Type.String({
  pattern: '^[A-Za-z][A-Za-z0-9_.-]{2,31}$',
  description: '登录名：字母开头，3–32 位 · login name, 3–32 chars, starts with a letter',
})

export const CreateUserBodySchema = Type.Object(
  {
    displayName: Type.String({ minLength: 1, maxLength: 40 }),
    realName: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    phone: Type.Optional(Phone),
    unitId: Type.Optional(ObjectIdString),
    username: Type.Optional(Username),
    password: Type.Optional(Type.String({ minLength: 8, maxLength: 128 })),
  },
  { additionalProperties: false },
)
export type CreateUserBody = Static<typeof CreateUserBodySchema>

export const UpdateUserBodySchema = Type.Object(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    realName: Type.Optional(
      Type.Union([Type.String({ minLength: 1, maxLength: 40 }), Type.Null()]),
    ),
    phone: Type.Optional(Type.Union([Phone, Type.Null()])),
    unitId: Type.Optional(Type.Union([ObjectIdString, Type.Null()])),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type UpdateUserBody = Static<typeof UpdateUserBodySchema>

export const AddGrantBodySchema = Type.Object(
  {
    role: GrantRoleSchema,
    unitId: Type.Optional(ObjectIdString),
    roomId: Type.Optional(ObjectIdString),
  },
  { additionalProperties: false },
)
export type AddGrantBody = Static<typeof AddGrantBodySchema>

export const ImportResultSchema = Type.Object({
  created: Type.Integer(),
  updated: Type.Integer(),
})
export type ImportResult = Static<typeof ImportResultSchema>

export const CsvBodySchema = Type.String({
  description:
    'text/csv，表头 display_name,real_name,phone,unit_code,role,room_scene,username · CSV with that header',
})
