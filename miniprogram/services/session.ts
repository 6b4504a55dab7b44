import Taro from '@tarojs/taro'
import type { Role } from '@shared/domain/types'

// Storage keys of the login: the short-lived access token (sent with every request), the refresh
// token (exchanged for a new pair when the access token expires) and the signed-in user.
export const TOKEN_STORAGE_KEY = 'shangliang.token'
export const REFRESH_TOKEN_STORAGE_KEY = 'shangliang.refreshToken'
export const USER_STORAGE_KEY = 'shangliang.user'

/** One role grant of the signed-in user, with the names of where it applies. */
export interface MeGrant {
  id: string
  role: Exclude<Role, 'resident'>
  unitId?: string
  roomId?: string
  unitName?: string
  roomName?: string
}

/** GET /api/me. */
export interface Me {
  id: string
  displayName: string
  realName?: string
  phone?: string
  unitId?: string
  isStaff: boolean
  grants: MeGrant[]
}

/** What every login endpoint (wechat, password, refresh) answers. */
export interface AuthResult {
  accessToken: string
  refreshToken: string
  expiresIn: number
  user: Me
}

type Listener = (user: Me | undefined) => void
const listeners = new Set<Listener>()

function readString(key: string): string | undefined {
  const value: unknown = Taro.getStorageSync(key)
  return typeof value === 'string' && value !== '' ? value : undefined
}

function notify(): void {
  const user = getCurrentUser()
  listeners.forEach((listener) => listener(user))
}

export function getToken(): string | undefined {
  return readString(TOKEN_STORAGE_KEY)
}

export function setToken(token: string): void {
  Taro.setStorageSync(TOKEN_STORAGE_KEY, token)
}

/** Drops the access token only (the refresh token may still get a new one). */
export function clearToken(): void {
  Taro.removeStorageSync(TOKEN_STORAGE_KEY)
}

export function getRefreshToken(): string | undefined {
  return readString(REFRESH_TOKEN_STORAGE_KEY)
}

export function getCurrentUser(): Me | undefined {
  const value: unknown = Taro.getStorageSync(USER_STORAGE_KEY)
  if (typeof value !== 'object' || value === null) return undefined
  const user = value as Partial<Me>
  return typeof user.id === 'string' && typeof user.displayName === 'string'
    ? (user as Me)
    : undefined
}

export function setCurrentUser(user: Me): void {
  Taro.setStorageSync(USER_STORAGE_KEY, user)
  notify()
}

/** Stores a fresh login (or a refreshed pair): both tokens and the user they belong to. */
export function saveSession(result: AuthResult): void {
  Taro.setStorageSync(TOKEN_STORAGE_KEY, result.accessToken)
  Taro.setStorageSync(REFRESH_TOKEN_STORAGE_KEY, result.refreshToken)
  setCurrentUser(result.user)
}

/** Forgets the whole login (logout, or the service ended the session). */
export function clearSession(): void {
  Taro.removeStorageSync(TOKEN_STORAGE_KEY)
  Taro.removeStorageSync(REFRESH_TOKEN_STORAGE_KEY)
  Taro.removeStorageSync(USER_STORAGE_KEY)
  notify()
}

export function isLoggedIn(): boolean {
  return getRefreshToken() !== undefined && getCurrentUser() !== undefined
}

/** Called with the new user (or undefined) whenever the login changes; returns the unsubscribe. */
export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}
