/**
 * Room routes: the public room pages (by QR scene, by id, list), the room's mini program code and
 * poster (room managers), and room administration (create, update, duty rota, CSV import).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { DomainError } from '../../../../shared/errors'
import { access } from '../../plugins/route-access'
import { unitScopeFor } from './caller-scope'
import { importRooms } from './import-rooms'
import { unitModel } from './model'
import { getRoomPoster, getRoomQrCode } from './room-codes'
import { actorOf, errorResponses, idParam, PngResponse } from './route-context'
import {
  createRoom,
  getRoom,
  getRoomAdmin,
  getRoomByScene,
  listRoomDepartments,
  listRooms,
  roomScope,
  setRoomDuty,
  updateRoom,
} from './rooms-service'
import {
  CreateRoomBodySchema,
  CsvBodySchema,
  DutyBodySchema,
  IdParamsSchema,
  ImportResultSchema,
  RoomAdminSchema,
  RoomDepartmentsSchema,
  RoomListQuerySchema,
  RoomListSchema,
  RoomPublicSchema,
  SceneParamsSchema,
  UpdateRoomBodySchema,
} from './schema'

const roomsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const scopedRoom = access.scoped('room.manage', (request) => roomScope(app.db, idParam(request)))

  app.get(
    '/api/rooms/by-scene/:scene',
    {
      config: { access: access.public() },
      schema: {
        tags: ['rooms'],
        summary: '扫码打开议事室 Open a room from its QR scene',
        params: SceneParamsSchema,
        response: { 200: RoomPublicSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => getRoomByScene(app.db, request.params.scene),
  )

  app.get(
    '/api/rooms',
    {
      config: { access: access.public() },
      schema: {
        tags: ['rooms'],
        summary: '议事室列表 List rooms (optionally within a unit subtree)',
        querystring: RoomListQuerySchema,
        response: { 200: RoomListSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => listRooms(app.db, request.query),
  )

  app.get(
    '/api/rooms/:id',
    {
      config: { access: access.public() },
      schema: {
        tags: ['rooms'],
        summary: '议事室详情 A room',
        params: IdParamsSchema,
        response: { 200: RoomPublicSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => getRoom(app.db, request.params.id),
  )

  app.get(
    '/api/rooms/:id/departments',
    {
      config: { access: access.public() },
      schema: {
        tags: ['rooms'],
        summary: '可承办的职能部门 Departments that can work on the room’s topics',
        params: IdParamsSchema,
        response: { 200: RoomDepartmentsSchema, ...errorResponses(400, 404) },
      },
    },
    async (request) => ({ items: await listRoomDepartments(app.db, request.params.id) }),
  )

  app.get(
    '/api/rooms/:id/qrcode.png',
    {
      config: { access: scopedRoom },
      schema: {
        tags: ['rooms'],
        summary: '议事室小程序码 The room mini program code (PNG)',
        params: IdParamsSchema,
        response: { 200: PngResponse, ...errorResponses(400, 401, 403, 404, 502, 503) },
      },
    },
    async (request, reply) => {
      const png = await getRoomQrCode(app.db, app.wechat, request.params.id)
      return reply.type('image/png').header('cache-control', 'private, max-age=3600').send(png)
    },
  )

  app.get(
    '/api/rooms/:id/poster.png',
    {
      config: { access: scopedRoom },
      schema: {
        tags: ['rooms'],
        summary: '议事室张贴海报（A4，150 dpi）Printable A4 room poster (PNG)',
        params: IdParamsSchema,
        response: { 200: PngResponse, ...errorResponses(400, 401, 403, 404, 502, 503) },
      },
    },
    async (request, reply) => {
      const png = await getRoomPoster(app.db, app.wechat, request.params.id)
      return reply
        .type('image/png')
        .header('cache-control', 'private, max-age=600')
        .header('content-disposition', 'inline; filename="room-poster.png"')
        .send(png)
    },
  )

  app.post(
    '/api/admin/rooms',
    {
      config: {
        access: access.scoped('room.manage', async (request) => {
          const { unitId } = request.body as { unitId: string }
          if (!(await unitModel(app.db).exists({ _id: unitId }))) {
            throw new DomainError('UNIT_NOT_FOUND')
          }
          return { unitId }
        }),
      },
      schema: {
        tags: ['rooms'],
        summary: '新建议事室 Create a room',
        body: CreateRoomBodySchema,
        response: { 201: RoomAdminSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const room = await createRoom(app.db, actorOf(app, request), request.body)
      return reply.code(201).send(room)
    },
  )

  app.post(
    '/api/admin/rooms/import',
    {
      config: { access: access.anywhere('unit.manage') },
      schema: {
        tags: ['rooms'],
        summary:
          '从 CSV 导入议事室 Import rooms from CSV (scene,name,unit_code,address,support_threshold)',
        body: CsvBodySchema,
        response: { 200: ImportResultSchema, ...errorResponses(400, 401, 403, 409, 413, 415) },
      },
    },
    async (request) => {
      const auth = app.authz.requireAuth(request)
      const scope = unitScopeFor(auth.access, 'unit.manage')
      return importRooms(app.db, actorOf(app, request), scope, request.body)
    },
  )

  app.get(
    '/api/admin/rooms/:id',
    {
      config: { access: scopedRoom },
      schema: {
        tags: ['rooms'],
        summary: '议事室管理详情 A room with its duty rota',
        params: IdParamsSchema,
        response: { 200: RoomAdminSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => getRoomAdmin(app.db, request.params.id),
  )

  app.patch(
    '/api/admin/rooms/:id',
    {
      config: { access: scopedRoom },
      schema: {
        tags: ['rooms'],
        summary: '修改议事室 Update a room',
        params: IdParamsSchema,
        body: UpdateRoomBodySchema,
        response: { 200: RoomAdminSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => updateRoom(app.db, actorOf(app, request), request.params.id, request.body),
  )

  app.put(
    '/api/admin/rooms/:id/duty',
    {
      config: { access: scopedRoom },
      schema: {
        tags: ['rooms'],
        summary: '设置值班委员 Set the duty rota (attached members only)',
        params: IdParamsSchema,
        body: DutyBodySchema,
        response: { 200: RoomAdminSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => setRoomDuty(app.db, actorOf(app, request), request.params.id, request.body),
  )
}

export default roomsRoutes
