// A small, controllable stand-in for @tarojs/taro: network calls are jest mocks, storage is in memory,
// and page lifecycle hooks can be triggered from tests.
import { useEffect, useRef } from 'react'

const storage = new Map<string, unknown>()
let pullDownRefreshHandler: (() => void) | undefined
let routerParams: Record<string, string | undefined> = {}

const Taro = {
  request: jest.fn(),
  showToast: jest.fn(() => Promise.resolve()),
  stopPullDownRefresh: jest.fn(),
  navigateTo: jest.fn((_options: { url: string }) => Promise.resolve()),
  redirectTo: jest.fn((_options: { url: string }) => Promise.resolve()),
  reLaunch: jest.fn((_options: { url: string }) => Promise.resolve()),
  navigateBack: jest.fn(() => Promise.resolve()),
  getCurrentPages: jest.fn((): Array<{ route?: string }> => []),
  setNavigationBarTitle: jest.fn(() => Promise.resolve()),
  login: jest.fn((): Promise<{ code: string; errMsg: string }> =>
    Promise.reject(new Error('login')),
  ),
  scanCode: jest.fn((): Promise<{ result: string; path: string }> =>
    Promise.reject(new Error('scanCode')),
  ),
  showModal: jest.fn((_options: { title?: string; content?: string }) =>
    Promise.resolve({ confirm: true, cancel: false }),
  ),
  showLoading: jest.fn(() => Promise.resolve()),
  hideLoading: jest.fn(() => Promise.resolve()),
  switchTab: jest.fn((_options: { url: string }) => Promise.resolve()),
  chooseImage: jest.fn((): Promise<{ tempFilePaths: string[] }> =>
    Promise.reject(new Error('chooseImage')),
  ),
  uploadFile: jest.fn((): Promise<{ statusCode: number; data: string }> =>
    Promise.reject(new Error('uploadFile')),
  ),
  requestSubscribeMessage: jest.fn(
    (_options: { tmplIds: string[] }): Promise<Record<string, string>> =>
      Promise.reject(new Error('requestSubscribeMessage')),
  ),
  previewImage: jest.fn(() => Promise.resolve()),
  getStorageSync: jest.fn((key: string): unknown => (storage.has(key) ? storage.get(key) : '')),
  setStorageSync: jest.fn((key: string, value: unknown): void => {
    storage.set(key, value)
  }),
  removeStorageSync: jest.fn((key: string): void => {
    storage.delete(key)
  }),
}

export default Taro

function useOnMount(callback: () => void): void {
  const latest = useRef(callback)
  latest.current = callback
  useEffect(() => latest.current(), [])
}

export const useLaunch = useOnMount
export const useLoad = useOnMount
export const useDidShow = useOnMount

/** The current page's parameters, as set by `setRouterParams`. */
export function useRouter(): { params: Record<string, string | undefined>; path: string } {
  return { params: routerParams, path: '' }
}

/** Test helper: the query the page was opened with (`?scene=…`). */
export function setRouterParams(params: Record<string, string | undefined>): void {
  routerParams = params
}

export function usePullDownRefresh(callback: () => void): void {
  const latest = useRef(callback)
  latest.current = callback
  useEffect(() => {
    pullDownRefreshHandler = () => latest.current()
    return () => {
      pullDownRefreshHandler = undefined
    }
  }, [])
}

/** Test helper: what the user's pull-down gesture would do. */
export function triggerPullDownRefresh(): void {
  if (!pullDownRefreshHandler) throw new Error('no page registered usePullDownRefresh')
  pullDownRefreshHandler()
}

/** Test helper: forget stored values, router params and recorded calls between tests. */
export function resetTaroMock(): void {
  storage.clear()
  pullDownRefreshHandler = undefined
  routerParams = {}
  Object.values(Taro).forEach((fn) => fn.mockClear())
  Taro.request.mockReset()
  Taro.login.mockReset()
  Taro.login.mockImplementation(() => Promise.reject(new Error('login')))
  Taro.scanCode.mockReset()
  Taro.scanCode.mockImplementation(() => Promise.reject(new Error('scanCode')))
  Taro.getCurrentPages.mockReset()
  Taro.getCurrentPages.mockImplementation(() => [])
  Taro.showModal.mockImplementation(() => Promise.resolve({ confirm: true, cancel: false }))
  Taro.chooseImage.mockReset()
  Taro.chooseImage.mockImplementation(() => Promise.reject(new Error('chooseImage')))
  Taro.uploadFile.mockReset()
  Taro.uploadFile.mockImplementation(() => Promise.reject(new Error('uploadFile')))
  Taro.requestSubscribeMessage.mockReset()
  Taro.requestSubscribeMessage.mockImplementation(() =>
    Promise.reject(new Error('requestSubscribeMessage')),
  )
}
