import { defineStrings } from '@/i18n'

export const STRINGS = defineStrings(
  {
    loading: '正在加载议事室…',
    loginText: '登录后可以浏览议事室列表',
    login: '去登录',
    failedTitle: '议事室列表暂时加载不出来',
    retry: '重试',
    emptyTitle: '还没有议事室',
    emptyText: '议事室由社区和街道设立，设立后会出现在这里。',
    intro: '点进议事室，看看大家在商量什么，也可以提出你的问题。',
    unit: '{unit} · 议事室码 {scene}',
    recent: '最近打开',
    more: '加载更多',
    loadingMore: '正在加载…',
    end: '没有更多了',
  },
  {
    loading: 'Loading rooms…',
    loginText: 'Log in to browse the rooms',
    login: 'Log in',
    failedTitle: 'The rooms could not be loaded',
    retry: 'Retry',
    emptyTitle: 'No rooms yet',
    emptyText: 'Communities and streets set up rooms; they will appear here.',
    intro: 'Open a room to see what people are talking over, or raise your own problem.',
    unit: '{unit} · code {scene}',
    recent: 'Opened recently',
    more: 'Load more',
    loadingMore: 'Loading…',
    end: 'That is all',
  },
)
