/**
 * Error codes of identity, sessions and the organisation (rooms, units, people), merged into the one
 * catalogue in `shared/errors.ts`. Each failure a client must tell apart has its own code: an expired
 * access token means "refresh", a reused refresh token means "log in again", a locked account means
 * "wait".
 */
export const IDENTITY_ERRORS = {
  TOKEN_EXPIRED: { status: 401, message: '登录已过期，请重新登录' },
  TOKEN_INVALID: { status: 401, message: '登录凭证无效，请重新登录' },
  SESSION_REVOKED: { status: 401, message: '登录已失效，请重新登录' },
  REFRESH_TOKEN_INVALID: { status: 401, message: '登录已失效，请重新登录' },
  REFRESH_TOKEN_REUSED: {
    status: 401,
    message: '检测到登录凭证被重复使用，已强制下线，请重新登录',
  },
  BAD_CREDENTIALS: { status: 401, message: '用户名或密码错误' },
  ACCOUNT_LOCKED: { status: 429, message: '密码错误次数过多，请 15 分钟后再试' },
  ACCOUNT_DISABLED: { status: 403, message: '该账号已停用' },
  DEMO_MODE_ONLY: { status: 404, message: '仅演示模式可用' },
  WECHAT_NOT_CONFIGURED: { status: 503, message: '未配置微信服务，暂不能使用微信登录' },
  WECHAT_NOT_LINKED: { status: 409, message: '该账号不是通过微信登录的，收不到微信消息' },
  PHONE_ALREADY_BOUND: { status: 409, message: '该手机号已绑定其他账号' },
  USER_NOT_FOUND: { status: 404, message: '找不到该用户' },
  USERNAME_TAKEN: { status: 409, message: '该用户名已被使用' },
  UNIT_NOT_FOUND: { status: 404, message: '找不到该单位' },
  UNIT_HAS_CHILDREN: { status: 409, message: '该单位下还有下级单位或议事室，不能删除' },
  UNIT_PARENT_INVALID: { status: 400, message: '上级单位不合适（不能形成循环，层级需合理）' },
  ROOM_NOT_FOUND: { status: 404, message: '找不到该议事室' },
  ROOM_CODE_UNKNOWN: {
    status: 404,
    message: '未找到该议事室二维码对应的议事室，请确认二维码是否有效',
  },
  GRANT_INVALID: { status: 400, message: '角色授权不完整：需要指定所属单位或议事室' },
  CSV_INVALID: { status: 400, message: 'CSV 文件内容有误' },
  GRANT_NOT_FOUND: { status: 404, message: '找不到该角色授权' },
  UNIT_CODE_TAKEN: { status: 409, message: '该单位编码已被使用' },
  ROOM_SCENE_TAKEN: { status: 409, message: '该议事室码已被使用' },
  DUTY_MEMBER_NOT_ATTACHED: { status: 400, message: '值班委员须是挂钩本议事室的政协委员' },
} as const satisfies Record<string, { status: number; message: string }>

export type IdentityErrorCode = keyof typeof IDENTITY_ERRORS
