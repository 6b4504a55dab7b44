import type { NotificationKind, TemplateKey } from '@shared/notifications/kinds'
import { request } from './request'

/** GET/PUT /api/me/notification-prefs. */
export interface NotificationPrefs {
  /** Kinds not sent as WeChat messages (the in-app centre still gets them). */
  mutedKinds: NotificationKind[]
  /** A daily digest instead of single messages (urgent kinds excepted). */
  digest: boolean
  kinds: Array<{ kind: NotificationKind; label: string }>
}

export interface GrantView {
  templateId: string
  /** One-time sends left. */
  remaining: number
  always: 'accept' | 'reject' | null
}

/** GET /api/me/subscriptions: the grants per template. */
export type Subscriptions = Record<TemplateKey, GrantView>

export function fetchPrefs(): Promise<NotificationPrefs> {
  return request<NotificationPrefs>('/api/me/notification-prefs')
}

export function savePrefs(prefs: Pick<NotificationPrefs, 'mutedKinds' | 'digest'>) {
  return request<NotificationPrefs>('/api/me/notification-prefs', {
    method: 'PUT',
    data: { mutedKinds: prefs.mutedKinds, digest: prefs.digest },
  })
}

export function fetchSubscriptions(): Promise<Subscriptions> {
  return request<Subscriptions>('/api/me/subscriptions')
}
