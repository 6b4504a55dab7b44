import type { MutableRefObject } from 'react'
import type { NotificationStrings } from './strings'

/** What the page hands each tab: strings, a counter bumped when the page shows again, and a slot
 *  for the tab's loader (the page's pull-down reloads the visible tab). */
export interface TabProps {
  t: NotificationStrings
  shown: number
  reload: MutableRefObject<(() => Promise<void>) | null>
}
