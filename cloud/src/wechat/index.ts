/**
 * The WeChat server-API client. Wiring in the service:
 *   const wechat = createWechatClient({ appId, secret, baseUrl: config.wechat.apiBase,
 *                                       tokenStore: createMongoTokenStore(mongoose.connection) })
 */
export * from './client'
export { createMongoTokenStore } from './model'
export { errorFromErrcode, type WechatApi } from './errors'
export { WECHAT_ERRORS, type WechatErrorCode } from '../../../shared/wechat/error-codes'
