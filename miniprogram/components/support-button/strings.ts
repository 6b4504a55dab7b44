import { defineStrings } from '@/i18n'

export const STRINGS = defineStrings(
  {
    count: '{n} 人附议',
    support: '附议',
    supported: '已附议',
    withdraw: '已附议 · 撤回附议',
    closed: '已停止征集附议',
    unavailable: '当前不能附议',
    subscribe: '接收进展通知',
    subscribeHint: '附议成功！接收进展通知，办理有进展时第一时间告诉您',
    subscribed: '已开启进展通知',
    subscribeRefused: '未开启通知，进展仍会出现在消息中心',
    failed: '操作没有成功，请稍后重试',
  },
  {
    count: '{n} supporters',
    support: 'Support',
    supported: 'Supported',
    withdraw: 'Supported · Withdraw',
    closed: 'No longer collecting supports',
    unavailable: 'You cannot support this now',
    subscribe: 'Get progress notices',
    subscribeHint: 'Supported! Get a notice whenever there is progress',
    subscribed: 'Progress notices are on',
    subscribeRefused: 'Notices are off; progress still shows in Messages',
    failed: 'That did not work, please try again later',
  },
)
