/**
 * The WeChat server-API client as `app.wechat`, built from the config (real WeChat, or the fake one
 * `startStack` points the config at). `null` when no credentials are configured (production without
 * WeChat): routes that need WeChat then answer with a clear error instead of calling out.
 * Access tokens are shared across instances through the database (`createMongoTokenStore`).
 */
import fp from 'fastify-plugin'
import type { Config } from '../config'
import { createWechatClient, createMongoTokenStore, type WechatClient } from '../wechat/index'

declare module 'fastify' {
  interface FastifyInstance {
    wechat: WechatClient | null
  }
}

export default fp<{ config: Config }>(
  async (app, { config }) => {
    const { appId, secret, apiBase } = config.wechat
    const client =
      appId && secret
        ? createWechatClient({
            appId,
            secret,
            baseUrl: apiBase,
            tokenStore: createMongoTokenStore(app.db),
          })
        : null
    app.decorate('wechat', client)
  },
  { name: 'wechat', dependencies: ['db'] },
)
