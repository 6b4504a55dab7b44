// A small, controllable stand-in for @tarojs/taro: network calls are jest mocks, storage is in memory,
// and page lifecycle hooks can be triggered from tests.
import { useEffect, useRef } from 'react'

const storage = new Map<string, unknown>()
let pullDownRefreshHandler: (() => void) | undefined

const Taro = {
  request: jest.fn(),
  showToast: jest.fn(() => Promise.resolve()),
  stopPullDownRefresh: jest.fn(),
  navigateTo: jest.fn(() => Promise.resolve()),
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

/** Test helper: forget stored values and recorded calls between tests. */
export function resetTaroMock(): void {
  storage.clear()
  pullDownRefreshHandler = undefined
  Object.values(Taro).forEach((fn) => fn.mockClear())
  Taro.request.mockReset()
}
