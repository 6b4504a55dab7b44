import Taro from '@tarojs/taro'

// One storage key for the login token, read by every request.
export const TOKEN_STORAGE_KEY = 'shangliang.token'

export function getToken(): string | undefined {
  const value: unknown = Taro.getStorageSync(TOKEN_STORAGE_KEY)
  return typeof value === 'string' && value !== '' ? value : undefined
}

export function setToken(token: string): void {
  Taro.setStorageSync(TOKEN_STORAGE_KEY, token)
}

export function clearToken(): void {
  Taro.removeStorageSync(TOKEN_STORAGE_KEY)
}
