/** A fake WeChat server per test file and the env that points an app at it. */
import { afterAll, beforeAll } from '@jest/globals'
import { startFakeWechat, type FakeWechat } from '../../../../cloud/fake-wechat/index'

export interface FakeWechatHandle {
  fake: FakeWechat
  env: Record<string, string>
}

/** Starts a fake WeChat before the file's tests and closes it after them. */
export function useFakeWechat(): FakeWechatHandle {
  const handle = {} as FakeWechatHandle
  beforeAll(async () => {
    handle.fake = await startFakeWechat({ port: 0 })
    handle.env = {
      WECHAT_APPID: handle.fake.appId,
      WECHAT_SECRET: handle.fake.secret,
      WECHAT_API_BASE: handle.fake.baseUrl,
    }
  })
  afterAll(async () => {
    await handle.fake?.close()
  })
  return handle
}
