/** Error codes of the notifications module, merged into the one catalogue in `shared/errors.ts`. */
export const NOTIFICATIONS_ERRORS = {
  TEMPLATE_UNKNOWN: { status: 400, message: '订阅消息模板不存在，请更新小程序后重试' },
  NOTIFICATION_NOT_FOUND: { status: 404, message: '找不到该通知' },
} as const satisfies Record<string, { status: number; message: string }>
