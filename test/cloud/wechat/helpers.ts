import {
  createWechatClient,
  MemoryTokenStore,
  type WechatClient,
  type WechatClientOptions,
} from '../../../cloud/src/wechat/client'
import { WechatError } from '../../../cloud/src/wechat/errors'
import type { FakeWechat } from '../../../cloud/fake-wechat'

/** A client wired to the fake, with short timeouts and backoff so failure tests stay fast. */
export function clientFor(
  fake: FakeWechat,
  extra: Partial<WechatClientOptions> = {},
): WechatClient {
  return createWechatClient({
    appId: fake.appId,
    secret: fake.secret,
    baseUrl: fake.baseUrl,
    tokenStore: new MemoryTokenStore(),
    timeoutMs: 2000,
    retries: 2,
    retryDelayMs: 5,
    ...extra,
  })
}

/** The WechatError a promise rejects with (fails the test when it resolves or throws something else). */
export async function wechatErrorOf(promise: Promise<unknown>): Promise<WechatError> {
  try {
    await promise
  } catch (err) {
    if (err instanceof WechatError) return err
    throw err
  }
  throw new Error('expected the call to fail with a WechatError')
}
