import { fireEvent, render, screen, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import TopicPage from '@/pages/topic/index'
import type { CommentView } from '@/services/comments'
import { resetTaroMock, setRouterParams } from '../../../__mocks__/tarojs-taro'
import { failure, fakeService, ok } from '../../support/requests'
import { COMMENTS, loginAs, RESIDENT, TOPIC_ID, topicRoutes, topicView } from './fixtures'

const POST = `POST /api/topics/${TOPIC_ID}/comments`

function mine(overrides: Partial<CommentView>): CommentView {
  return {
    id: 'c9',
    topicId: TOPIC_ID,
    author: { displayName: '李师傅' },
    text: '同意，尽快通电吧',
    status: 'visible',
    mine: true,
    createdAt: '2025-03-08T02:00:00.000Z',
    ...overrides,
  }
}

async function open(): Promise<void> {
  render(<TopicPage />)
  await screen.findByText('我家楼下也是，电瓶车只能推上楼充电。')
}

beforeEach(() => {
  resetTaroMock()
  setRouterParams({ id: TOPIC_ID })
})

describe('topic page comments', () => {
  it('shows comments oldest first and a hidden one only as 该评论已被隐藏', async () => {
    fakeService(topicRoutes(topicView()))
    await open()
    expect(screen.getByText('评论 2')).toBeTruthy()
    expect(screen.getByText('该评论已被隐藏')).toBeTruthy()
    // Hidden comments cannot be replied to or reported.
    expect(screen.getAllByText('回复')).toHaveLength(1)
  })

  it('asks a visitor to log in before commenting or reporting', async () => {
    const calls = fakeService(topicRoutes(topicView()))
    await open()
    fireEvent.click(screen.getByText('登录后发表评论'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/pages/login/index' })
    fireEvent.click(screen.getByText('举报'))
    expect(Taro.navigateTo).toHaveBeenCalledTimes(2)
    expect(calls.some((call) => call.method === 'POST')).toBe(false)
  })

  it('posts a comment and adds it to the list', async () => {
    loginAs(RESIDENT)
    const calls = fakeService(topicRoutes(topicView(), { [POST]: () => ok(mine({}), 201) }))
    await open()
    fireEvent.click(screen.getByText('发表评论'))
    expect(screen.getByText('请先写下评论内容')).toBeTruthy()

    fireEvent.change(screen.getByPlaceholderText('说说您的看法…'), {
      target: { value: ' 同意，尽快通电吧 ' },
    })
    fireEvent.click(screen.getByText('发表评论'))
    await screen.findByText('评论已发表')
    expect(screen.getByText('同意，尽快通电吧', { selector: '.topic__comment-text' })).toBeTruthy()
    expect((screen.getByPlaceholderText('说说您的看法…') as HTMLTextAreaElement).value).toBe('')
    const post = calls.find((call) => call.method === 'POST')
    expect(post?.data).toEqual({ text: '同意，尽快通电吧' })
  })

  it('replies to a comment', async () => {
    loginAs(RESIDENT)
    const calls = fakeService(
      topicRoutes(topicView(), {
        [POST]: () => ok(mine({ id: 'c10', text: '赵大爷说得对', replyToId: 'c1' }), 201),
      }),
    )
    await open()
    fireEvent.click(screen.getByText('回复'))
    fireEvent.change(screen.getByPlaceholderText('回复 赵大爷：'), {
      target: { value: '赵大爷说得对' },
    })
    fireEvent.click(screen.getByText('发表评论'))
    await screen.findByText('赵大爷说得对', { selector: '.topic__comment-text' })
    expect(calls.find((call) => call.method === 'POST')?.data).toEqual({
      text: '赵大爷说得对',
      replyToId: 'c1',
    })
    expect(screen.getByText('回复 赵大爷')).toBeTruthy()
  })

  it('tells the author a held comment waits for review', async () => {
    loginAs(RESIDENT)
    fakeService(
      topicRoutes(topicView(), {
        [POST]: () => ok(mine({ status: 'held', placeholder: '评论正在审核，通过后公开' }), 201),
      }),
    )
    await open()
    fireEvent.change(screen.getByPlaceholderText('说说您的看法…'), {
      target: { value: '同意，尽快通电吧' },
    })
    fireEvent.click(screen.getByText('发表评论'))
    expect(await screen.findAllByText('评论正在审核，通过后公开')).toHaveLength(2)
  })

  it('shows why a comment was refused', async () => {
    loginAs(RESIDENT)
    fakeService(
      topicRoutes(topicView(), {
        [POST]: () => failure(403, 'USER_BLOCKED', '您的账号已被限制发言'),
      }),
    )
    await open()
    fireEvent.change(screen.getByPlaceholderText('说说您的看法…'), { target: { value: '你好' } })
    fireEvent.click(screen.getByText('发表评论'))
    await screen.findByText('您的账号已被限制发言')
  })

  it('reports a comment with a reason', async () => {
    loginAs(RESIDENT)
    const calls = fakeService(
      topicRoutes(topicView(), {
        'POST /api/comments/c1/reports': () => ok({ created: true, status: 'visible' }, 201),
      }),
    )
    const { container } = render(<TopicPage />)
    await screen.findByText('我家楼下也是，电瓶车只能推上楼充电。')
    fireEvent.click(screen.getByText('举报'))
    const panel = container.querySelector('.topic__report') as HTMLElement
    fireEvent.click(within(panel).getByText('提交举报'))
    expect(within(panel).getByText('请选择举报原因')).toBeTruthy()
    fireEvent.click(within(panel).getByText('辱骂攻击'))
    fireEvent.click(within(panel).getByText('提交举报'))
    await screen.findByText('已收到举报，我们会尽快处理')
    expect(calls.find((call) => call.url.endsWith('/reports'))?.data).toEqual({ reason: 'abuse' })
    expect(screen.queryByText('举报')).toBeNull()
  })

  it('loads more comments on request', async () => {
    const more: CommentView = { ...COMMENTS.items[0], id: 'c3', text: '物业说在等供电局' }
    fakeService(
      topicRoutes(topicView(), {
        [`GET /api/topics/${TOPIC_ID}/comments*`]: (call) =>
          call.url.includes('cursor=c2')
            ? ok({ items: [more], nextCursor: null })
            : ok({ ...COMMENTS, nextCursor: 'c2' }),
      }),
    )
    await open()
    fireEvent.click(screen.getByText('加载更多评论'))
    await screen.findByText('物业说在等供电局')
    expect(screen.queryByText('加载更多评论')).toBeNull()
  })
})
