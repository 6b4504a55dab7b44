// Answers Taro.request by method and path, like a tiny fake service, and records every call.
import Taro from '@tarojs/taro'

export interface RecordedCall {
  url: string
  method: string
  data?: unknown
  header: Record<string, string>
}

export interface Reply {
  statusCode: number
  data: unknown
}

type Route = (call: RecordedCall) => Reply | Promise<Reply>

export function ok(data: unknown, statusCode = 200): Reply {
  return { statusCode, data }
}

export function failure(statusCode: number, code: string, message = '出错了'): Reply {
  return { statusCode, data: { statusCode, code, message } }
}

/** Routes are keyed `'GET /api/me'`; a path ending in `*` matches by prefix. Unknown routes answer 404. */
export function fakeService(routes: Record<string, Route>): RecordedCall[] {
  const calls: RecordedCall[] = []
  jest.mocked(Taro.request).mockImplementation((async (options: RecordedCall) => {
    const call = { ...options, method: options.method ?? 'GET' }
    calls.push(call)
    const path = call.url.replace(/^https?:\/\/[^/]+/, '')
    const key = `${call.method} ${path}`
    const route =
      routes[key] ??
      Object.entries(routes).find(
        ([pattern]) => pattern.endsWith('*') && key.startsWith(pattern.slice(0, -1)),
      )?.[1]
    const reply = route ? await route(call) : failure(404, 'ROUTE_NOT_FOUND')
    return { header: {}, errMsg: 'request:ok', ...reply }
  }) as unknown as typeof Taro.request)
  return calls
}
