import { defineStrings } from '@/i18n'
import { inBeijing } from '@/services/beijing-time'

export const STRINGS = defineStrings(
  {
    tabInbox: '站内通知',
    tabWechat: '微信收到的消息（演示）',
    loading: '正在加载…',
    failedTitle: '暂时无法加载',
    failedFallback: '出了点问题，请稍后重试',
    retry: '重试',
    unreadSummary: '{n} 条未读',
    allRead: '全部已读',
    unreadMark: '未读',
    more: '加载更多',
    end: '没有更多了',
    emptyTitle: '还没有通知',
    emptyText: '你提出或附议的议题有了进展、收到答复或协商会邀请，都会在这里告诉你。',
    emptyAction: '看看我的议题',
    loginTitle: '请先登录',
    loginText: '登录后才能看到发给你的通知',
    login: '去登录',
    wechatIntro:
      '演示环境：这里是模拟的微信服务器收到的、发给你的订阅消息。真实使用时，它们出现在微信的“服务通知”里。',
    wechatNotLinked: '这个账号不是通过微信登录的，收不到微信消息。',
    wechatEmptyTitle: '微信还没有收到给你的消息',
    wechatEmptyText: '在设置里开启订阅后，议题有进展时微信会通知你。',
    wechatEmptyAction: '去开启订阅',
    wechatOpen: '进入小程序查看',
    wechatRefresh: '刷新',
  },
  {
    tabInbox: 'In-app',
    tabWechat: 'WeChat messages (demo)',
    loading: 'Loading…',
    failedTitle: 'Cannot load right now',
    failedFallback: 'Something went wrong, please try again later',
    retry: 'Retry',
    unreadSummary: '{n} unread',
    allRead: 'Mark all read',
    unreadMark: 'Unread',
    more: 'Load more',
    end: 'No more',
    emptyTitle: 'No notifications yet',
    emptyText:
      'When a topic you raised or support moves on, gets a reply or a meeting, you will see it here.',
    emptyAction: 'See my topics',
    loginTitle: 'Please log in',
    loginText: 'Log in to see your notifications',
    login: 'Log in',
    wechatIntro:
      'Demo: the subscription messages the simulated WeChat server received for you. In real use they appear in WeChat\u2019s service notifications.',
    wechatNotLinked: 'This account did not log in with WeChat, so it gets no WeChat messages.',
    wechatEmptyTitle: 'WeChat has no messages for you yet',
    wechatEmptyText:
      'Turn on subscriptions in Settings to be told in WeChat when a topic moves on.',
    wechatEmptyAction: 'Turn on subscriptions',
    wechatOpen: 'Open in the mini program',
    wechatRefresh: 'Refresh',
  },
)

export type NotificationStrings = (typeof STRINGS)['zh-CN']

const pad = (n: number) => String(n).padStart(2, '0')

/** `5月3日 14:05` (`5/3 14:05` in English); today just `14:05`. */
export function shortTime(iso: string, lang: 'zh-CN' | 'en', current = new Date()): string {
  const now = inBeijing(current)
  const date = inBeijing(iso)
  if (Number.isNaN(date.getTime())) return ''
  const clock = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`
  if (date.toISOString().slice(0, 10) === now.toISOString().slice(0, 10)) return clock
  const day =
    lang === 'en'
      ? `${date.getUTCMonth() + 1}/${date.getUTCDate()}`
      : `${date.getUTCMonth() + 1}月${date.getUTCDate()}日`
  const year =
    date.getUTCFullYear() === now.getUTCFullYear()
      ? ''
      : `${date.getUTCFullYear()}${lang === 'en' ? '/' : '年'}`
  return `${year}${day} ${clock}`
}
