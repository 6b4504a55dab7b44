import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import PageShell from '@/components/page-shell'
import { useStrings } from '@/i18n'
import { fetchDemoWechat } from '@/services/demo-wechat'
import Inbox from './inbox'
import { STRINGS } from './strings'
import WechatMessages from './wechat-messages'
import './index.css'

type Tab = 'inbox' | 'wechat'

/**
 * 通知中心: the in-app notifications; in the demo (fake WeChat) also a second tab with the messages
 * WeChat received for me, to show both channels side by side.
 */
export default function Notifications() {
  const t = useStrings(STRINGS)
  const [tab, setTab] = useState<Tab>('inbox')
  const [demo, setDemo] = useState(false)
  const [shown, setShown] = useState(0)
  const firstShow = useRef(true)
  const reload = useRef<(() => Promise<void>) | null>(null)

  useEffect(() => {
    let live = true
    fetchDemoWechat()
      .then((info) => live && setDemo(info !== null))
      .catch(() => undefined)
    return () => {
      live = false
    }
  }, [])

  // The first show is the mount, where each tab loads anyway; later shows (back from a topic) reload.
  useDidShow(() => {
    if (firstShow.current) firstShow.current = false
    else setShown((n) => n + 1)
  })

  usePullDownRefresh(() => {
    void (reload.current?.() ?? Promise.resolve()).finally(() => Taro.stopPullDownRefresh())
  })

  return (
    <PageShell className="notifications">
      {demo && (
        <View className="notifications__tabs">
          <Text
            className={`notifications__tab notifications__tab--inbox${tab === 'inbox' ? ' notifications__tab--active' : ''}`}
            onClick={() => setTab('inbox')}
          >
            {t.tabInbox}
          </Text>
          <Text
            className={`notifications__tab notifications__tab--wechat${tab === 'wechat' ? ' notifications__tab--active' : ''}`}
            onClick={() => setTab('wechat')}
          >
            {t.tabWechat}
          </Text>
        </View>
      )}
      {tab === 'wechat' && demo ? (
        <WechatMessages t={t} shown={shown} reload={reload} />
      ) : (
        <Inbox t={t} shown={shown} reload={reload} />
      )}
    </PageShell>
  )
}
