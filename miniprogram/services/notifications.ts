import type { NotificationKind } from '@shared/notifications/kinds'
import { request } from './request'

/** One entry of the notification centre (GET /api/me/notifications). */
export interface NotificationView {
  id: string
  kind: NotificationKind
  kindLabel: string
  title: string
  body: string
  /** A mini program page without the leading '/', e.g. `pages/topic/index?id=…`. */
  link?: string
  createdAt: string
  read: boolean
}

export interface NotificationPage {
  items: NotificationView[]
  nextCursor: string | null
  unreadCount: number
}

export const NOTIFICATIONS_PAGE = '/pages/notifications/index'

export function fetchNotifications(cursor?: string | null): Promise<NotificationPage> {
  const query = cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''
  return request<NotificationPage>(`/api/me/notifications?limit=20${query}`)
}

export async function fetchUnreadCount(): Promise<number> {
  return (await request<{ count: number }>('/api/me/notifications/unread-count')).count
}

export function markNotificationRead(id: string): Promise<{ id: string; read: true }> {
  return request(`/api/me/notifications/${encodeURIComponent(id)}/read`, { method: 'POST' })
}

export function markAllNotificationsRead(): Promise<{ updated: number }> {
  return request('/api/me/notifications/read-all', { method: 'POST' })
}

/** The URL to open for a notification's link (links are stored without the leading '/'). */
export function linkUrl(link: string): string {
  return link.startsWith('/') ? link : `/${link}`
}
