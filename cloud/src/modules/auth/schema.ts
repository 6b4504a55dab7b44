/** Schemas of the sign-in API (`/api/auth/*`). */
import { Type, type Static } from '@sinclair/typebox'
import { ROLES } from '../../../../shared/domain/types'
import { MeSchema } from '../users/schema'

export const AuthTokensSchema = Type.Object(
  {
    accessToken: Type.String({ description: 'JWT (HS256)，请求头 Authorization: Bearer …' }),
    refreshToken: Type.String({
      description: '每次刷新都会更换；旧的再次使用会使整组登录失效 · rotated on every use',
    }),
    expiresIn: Type.Integer({ description: 'accessToken 有效秒数 · access token lifetime (s)' }),
    user: MeSchema,
  },
  { description: '登录凭证 Tokens' },
)
export type AuthTokens = Static<typeof AuthTokensSchema>

export const WechatLoginBodySchema = Type.Object(
  {
    code: Type.String({
      minLength: 1,
      maxLength: 128,
      description: 'wx.login 返回的 code（一次性，5 分钟有效）· the wx.login code',
    }),
  },
  { additionalProperties: false },
)

export const PasswordLoginBodySchema = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
)

export const RefreshBodySchema = Type.Object(
  { refreshToken: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
)

export const DemoAccountsSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      key: Type.String(),
      displayName: Type.String(),
      role: Type.Union(ROLES.map((role) => Type.Literal(role))),
      roleLabel: Type.String(),
      description: Type.String(),
      code: Type.String({ description: '用作 /api/auth/wechat 的 code · login code (dev-<key>)' }),
    }),
  ),
})
