import { request } from './request'
import type { TopicPage } from './topic-summary'

/** Which of my lists: topics I raised (or were raised for me), or topics I support. */
export type MyList = 'topics' | 'supports'

/** GET /api/me/topics or /api/me/supports, one page (newest first) after `cursor`. */
export function fetchMyList(list: MyList, cursor?: string | null): Promise<TopicPage> {
  const query = cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''
  return request<TopicPage>(`/api/me/${list}?limit=20${query}`)
}
