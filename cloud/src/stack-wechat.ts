/**
 * Which WeChat the stack talks to: `real` with WECHAT_APPID/WECHAT_SECRET; otherwise, outside
 * production, the fake WeChat server (`cloud/fake-wechat`) with the config pointed at it (its base
 * URL, app id and secret), so login and messages work on a laptop; in production without
 * credentials, `none` (WeChat features then fail with a clear error from the WeChat client).
 */
import { startFakeWechat, type FakeWechat } from '../fake-wechat/index'
import { withConfig, type Config } from './config'

export type WechatMode = 'fake' | 'real' | 'none'

export interface WechatSetup {
  mode: WechatMode
  config: Config
  fake?: FakeWechat
}

export async function startWechat(
  config: Config,
  log: (line: string) => void,
): Promise<WechatSetup> {
  if (config.wechat.appId && config.wechat.secret) return { mode: 'real', config }
  if (config.nodeEnv === 'production') return { mode: 'none', config }
  const fake = await startFakeWechat({ port: 0 })
  log(`[wechat] fake WeChat API at ${fake.baseUrl} (appid ${fake.appId})`)
  return {
    mode: 'fake',
    fake,
    config: withConfig(config, {
      wechat: { appId: fake.appId, secret: fake.secret, apiBase: fake.baseUrl },
    }),
  }
}
