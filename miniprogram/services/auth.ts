import Taro from '@tarojs/taro'
import type { Role } from '@shared/domain/types'
import { ApiError, request } from './request'
import { clearSession, saveSession, setCurrentUser, type AuthResult, type Me } from './session'

/** GET /api/auth/demo-accounts (demo mode only). */
export interface DemoAccount {
  key: string
  displayName: string
  role: Role
  roleLabel: string
  description: string
  /** The WeChat login code that signs in as this account (`dev-<key>`). */
  code: string
}

export async function fetchDemoAccounts(): Promise<DemoAccount[]> {
  const body = await request<{ items: DemoAccount[] }>('/api/auth/demo-accounts', { auth: false })
  return body.items
}

/** Exchanges a WeChat login code (real, or a demo account's) for a session. */
export async function loginWithCode(code: string): Promise<Me> {
  const result = await request<AuthResult>('/api/auth/wechat', {
    method: 'POST',
    data: { code },
    auth: false,
  })
  saveSession(result)
  return result.user
}

/** 微信一键登录 in the mini program: wx.login gives a one-time code for the service. */
export async function loginWithWechat(): Promise<Me> {
  let code: string | undefined
  try {
    code = (await Taro.login()).code
  } catch {
    throw new ApiError('WECHAT_LOGIN_FAILED', 0)
  }
  if (!code) throw new ApiError('WECHAT_LOGIN_FAILED', 0)
  return loginWithCode(code)
}

/** 账号密码登录 for staff. */
export async function loginWithPassword(username: string, password: string): Promise<Me> {
  const result = await request<AuthResult>('/api/auth/password', {
    method: 'POST',
    data: { username, password },
    auth: false,
  })
  saveSession(result)
  return result.user
}

/** Ends the session on the service (best effort) and forgets it here in any case. */
export async function logout(): Promise<void> {
  try {
    await request<unknown>('/api/auth/logout', { method: 'POST' })
  } catch {
    // Already ended or offline: the local session goes either way.
  } finally {
    clearSession()
  }
}

/** The signed-in user, fresh from the service (also updates the stored copy). */
export async function fetchMe(): Promise<Me> {
  const me = await request<Me>('/api/me')
  setCurrentUser(me)
  return me
}

/** Binds the phone number WeChat vouches for (getPhoneNumber button's one-time code). */
export async function bindPhone(code: string): Promise<Me> {
  const me = await request<Me>('/api/me/phone', { method: 'POST', data: { code } })
  setCurrentUser(me)
  return me
}
