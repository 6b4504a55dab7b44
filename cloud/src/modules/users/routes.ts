import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { access } from '../../plugins/route-access'
import adminUserRoutes from './admin-routes'
import { BindPhoneBodySchema, ErrorSchema, MeSchema, UpdateMeBodySchema } from './schema'
import { bindPhone, getMe, updateMe } from './service'

const tags = ['me']

/** The signed-in user's own profile; the people administration lives in `admin-routes.ts`. */
const usersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/me',
    {
      config: { access: access.user() },
      schema: {
        tags,
        summary: '当前用户 Who am I',
        description: '本人资料与角色授权（本人手机号不打码）· Own profile and role grants.',
        response: { 200: MeSchema, 401: ErrorSchema },
      },
    },
    async (request) => getMe(app.db, app.authz.requireAuth(request).userId),
  )

  app.patch(
    '/api/me',
    {
      config: { access: access.user() },
      schema: {
        tags,
        summary: '修改昵称 Update own profile',
        body: UpdateMeBodySchema,
        response: { 200: MeSchema, 400: ErrorSchema, 401: ErrorSchema },
      },
    },
    async (request) => updateMe(app.db, app.authz.requireAuth(request).userId, request.body),
  )

  app.post(
    '/api/me/phone',
    {
      config: { access: access.user() },
      schema: {
        tags,
        summary: '绑定手机号 Bind phone number',
        description:
          '用 getPhoneNumber 按钮的 code 换取微信验证过的手机号；已绑定其他账号 → PHONE_ALREADY_BOUND · ' +
          'Binds the phone number WeChat verified.',
        body: BindPhoneBodySchema,
        response: {
          200: MeSchema,
          400: ErrorSchema,
          401: ErrorSchema,
          409: ErrorSchema,
          503: ErrorSchema,
        },
      },
    },
    async (request) =>
      bindPhone(app.db, app.wechat, app.authz.requireAuth(request).userId, request.body.code),
  )

  await app.register(adminUserRoutes)
}

export default usersRoutes
