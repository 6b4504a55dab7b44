import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { DomainError } from '../../../../shared/errors'
import { access } from '../../plugins/route-access'
import { createUser, getUser, listUsers, updateUser, type AdminContext } from './admin-service'
import { addGrant, removeGrant } from './grants'
import { importUsersCsv } from './import-csv'
import {
  AddGrantBodySchema,
  AdminUserSchema,
  CreateUserBodySchema,
  CsvBodySchema,
  ErrorSchema,
  GrantParamsSchema,
  ImportResultSchema,
  UpdateUserBodySchema,
  UserIdParamsSchema,
  UserListQuerySchema,
  UserListSchema,
} from './schema'

const tags = ['admin-users']
const CSV_LIMIT = 1_048_576

const errors = {
  400: ErrorSchema,
  401: ErrorSchema,
  403: ErrorSchema,
  404: ErrorSchema,
  409: ErrorSchema,
}

/**
 * People administration (`user.manage`). Every route is declared `anywhere`: the permission is
 * needed in some grant, and the service decides per person / per unit (admin everywhere, office
 * staff within their subtree), because a person can belong to several units at once.
 */
const adminUserRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // CSV uploads for the import: this plugin's scope only, as a string of at most 1 MB.
  app.addContentTypeParser(
    'text/csv',
    { parseAs: 'string', bodyLimit: CSV_LIMIT },
    (_request, body, done) => done(null, body),
  )

  const context = (request: FastifyRequest): AdminContext => ({
    db: app.db,
    actor: app.authz.requireAuth(request).access,
    requestId: request.id,
    ip: request.ip,
  })
  const manage = { access: access.anywhere('user.manage') }

  app.get(
    '/api/admin/users',
    {
      config: manage,
      schema: {
        tags,
        summary: '人员列表 List people',
        description:
          '管理员看全部；联席办看本单位及下级单位的人员。无权查看个人信息时姓名、手机号打码 · ' +
          'Admin sees everyone, office staff their subtree; names and phones masked without pii.read.',
        querystring: UserListQuerySchema,
        response: { 200: UserListSchema, ...errors },
      },
    },
    async (request) => listUsers(context(request), request.query),
  )

  app.get(
    '/api/admin/users/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: '人员详情 Get a person',
        params: UserIdParamsSchema,
        response: { 200: AdminUserSchema, ...errors },
      },
    },
    async (request) => getUser(context(request), request.params.id),
  )

  app.post(
    '/api/admin/users',
    {
      config: manage,
      schema: {
        tags,
        summary: '新建工作人员账号 Create a staff account',
        description: '可设登录名和密码（至少 8 位）；角色另行授权 · Roles are granted separately.',
        body: CreateUserBodySchema,
        response: { 201: AdminUserSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createUser(context(request), request.body)),
  )

  app.patch(
    '/api/admin/users/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: '修改人员信息 Update a person',
        description: '停用账号会立即使其全部登录失效 · Disabling revokes all their sessions.',
        params: UserIdParamsSchema,
        body: UpdateUserBodySchema,
        response: { 200: AdminUserSchema, ...errors },
      },
    },
    async (request) => updateUser(context(request), request.params.id, request.body),
  )

  app.post(
    '/api/admin/users/:id/grants',
    {
      config: manage,
      schema: {
        tags,
        summary: '授予角色 Grant a role',
        description:
          '召集人指定议事室；政协委员指定议事室或界别；联席办、职能部门、网格员指定单位；只能在自己管理范围内授权 · ' +
          'Grant within your own subtree; GRANT_INVALID when the scope does not fit the role.',
        params: UserIdParamsSchema,
        body: AddGrantBodySchema,
        response: { 201: AdminUserSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addGrant(context(request), request.params.id, request.body)),
  )

  app.delete(
    '/api/admin/users/:id/grants/:grantId',
    {
      config: manage,
      schema: {
        tags,
        summary: '撤销角色 Revoke a role',
        params: GrantParamsSchema,
        response: { 200: AdminUserSchema, ...errors },
      },
    },
    async (request) => removeGrant(context(request), request.params.id, request.params.grantId),
  )

  app.post(
    '/api/admin/users/import',
    {
      config: manage,
      // Other text types have parsers of their own; only a CSV upload is an import.
      preValidation: async (request) => {
        const type = request.headers['content-type'] ?? ''
        if (!/^text\/csv\s*(;|$)/i.test(type)) throw new DomainError('UNSUPPORTED_MEDIA_TYPE')
      },
      schema: {
        tags,
        summary: '批量导入人员（CSV）Import people from CSV',
        description:
          'Content-Type: text/csv（UTF-8，≤ 1 MB），表头 display_name,real_name,phone,unit_code,role,room_scene,username；' +
          '任何一行有误则全部不导入，返回 CSV_INVALID 及逐行错误 · All or nothing; per-line errors in details.',
        consumes: ['text/csv'],
        body: CsvBodySchema,
        response: { 200: ImportResultSchema, ...errors, 413: ErrorSchema, 415: ErrorSchema },
      },
    },
    async (request) => importUsersCsv(context(request), request.body),
  )
}

export default adminUserRoutes
