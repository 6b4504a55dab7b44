// Shared fixtures of the topic page and its components: a topic view, people, a quiet service.
import { saveSession, type Me } from '@/services/session'
import type { CommentPage } from '@/services/comments'
import type { TimelineEntry, TopicView } from '@/services/topics'
import { ok, type RecordedCall, type Reply } from '../../support/requests'

export const TOPIC_ID = '65f0a1b2c3d4e5f601234567'
export const ROOM_ID = '65f0a1b2c3d4e5f601230001'

export function topicView(overrides: Partial<TopicView> = {}): TopicView {
  return {
    id: TOPIC_ID,
    roomId: ROOM_ID,
    room: { id: ROOM_ID, name: '永胜社区协商议事室' },
    title: '永胜小区充电桩一年没通电',
    description: '小区里装了 20 个电动车充电桩，可一年多了一直没通电，大家只能拉飞线充电。',
    category: 'municipal',
    categoryLabel: '市政设施',
    photos: [
      { url: '/api/uploads/photos/p1.jpg', width: 800, height: 600 },
      { url: '/api/uploads/photos/p2.jpg', width: 800, height: 600 },
    ],
    place: { address: '永胜小区 3 号楼北侧' },
    source: 'resident',
    sourceLabel: '群众出题',
    anonymous: false,
    author: { displayName: '张阿姨' },
    state: 'open',
    stateLabel: '征集附议',
    supportCount: 12,
    commentCount: 2,
    canSupport: false,
    canWithdrawSupport: false,
    createdAt: '2025-03-05T04:00:00.000Z',
    allowedEvents: [],
    ...overrides,
  }
}

export const RESIDENT: Me = { id: 'u1', displayName: '李师傅', isStaff: false, grants: [] }
export const CONVENER: Me = {
  id: 'u9',
  displayName: '王主任',
  isStaff: true,
  grants: [{ id: 'g1', role: 'convener', roomId: ROOM_ID, roomName: '永胜社区协商议事室' }],
}

export function loginAs(user: Me): void {
  saveSession({ accessToken: 'access', refreshToken: 'refresh', expiresIn: 900, user })
}

export const TIMELINE: TimelineEntry[] = [
  {
    at: '2025-03-05T04:00:00.000Z',
    event: 'created',
    label: '提出议题',
    public: true,
    actor: { displayName: '张阿姨', role: 'resident', roleLabel: '群众' },
  },
  {
    at: '2025-03-06T04:00:00.000Z',
    event: 'threshold_reached',
    label: '附议达到门槛',
    to: 'screening',
    public: true,
    actor: null,
  },
  {
    at: '2025-03-07T04:00:00.000Z',
    event: 'start_screening',
    label: '受理研判',
    note: '已联系供电公司了解开户情况',
    public: true,
    actor: { displayName: '王主任', role: 'convener', roleLabel: '召集人' },
  },
]

export const COMMENTS: CommentPage = {
  items: [
    {
      id: 'c1',
      topicId: TOPIC_ID,
      author: { displayName: '赵大爷' },
      text: '我家楼下也是，电瓶车只能推上楼充电。',
      status: 'visible',
      mine: false,
      createdAt: '2025-03-05T06:00:00.000Z',
    },
    {
      id: 'c2',
      topicId: TOPIC_ID,
      author: { displayName: '某用户' },
      status: 'hidden',
      placeholder: '该评论已被隐藏',
      mine: false,
      createdAt: '2025-03-05T07:00:00.000Z',
    },
  ],
  nextCursor: null,
}

type Route = (call: RecordedCall) => Reply | Promise<Reply>

/** The topic's sections answering quietly, plus the routes a test adds or overrides. */
export function topicRoutes(
  topic: TopicView,
  extra: Record<string, Route> = {},
): Record<string, Route> {
  return {
    [`GET /api/topics/${topic.id}`]: () => ok(topic),
    [`GET /api/topics/${topic.id}/timeline`]: () => ok(TIMELINE),
    [`GET /api/topics/${topic.id}/comments*`]: () => ok(COMMENTS),
    ...extra,
  }
}
