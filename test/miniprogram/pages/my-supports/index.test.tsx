import { fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import MySupports from '@/pages/my-supports/index'
import { saveSession } from '@/services/session'
import { resetTaroMock } from '../../../__mocks__/tarojs-taro'
import { fakeService, ok } from '../../support/requests'

function logIn(): void {
  saveSession({
    accessToken: 'access',
    refreshToken: 'refresh',
    expiresIn: 900,
    user: { id: 'u1', displayName: '李师傅', isStaff: false, grants: [] },
  })
}

beforeEach(() => {
  resetTaroMock()
})

describe('my supports', () => {
  it('lists the topics I support from /api/me/supports', async () => {
    logIn()
    const calls = fakeService({
      'GET /api/me/supports?limit=20': () =>
        ok({
          items: [
            {
              id: 't9',
              roomId: 'r1',
              title: '清华园小区东门绿化带开口',
              category: 'municipal',
              categoryLabel: '市政设施',
              source: 'resident',
              sourceLabel: '群众出题',
              state: 'meeting_scheduled',
              stateLabel: '协商会已安排',
              anonymous: false,
              author: { displayName: '王大爷' },
              supportCount: 45,
              commentCount: 8,
              createdAt: '2026-04-20T02:00:00.000Z',
            },
          ],
          nextCursor: null,
        }),
    })
    render(<MySupports />)
    await screen.findByText('清华园小区东门绿化带开口')
    expect(screen.getByText('协商会已安排')).toBeTruthy()
    expect(calls.map((call) => call.url)).toEqual(['/api/me/supports?limit=20'])
  })

  it('suggests looking at the topics when I support none', async () => {
    logIn()
    fakeService({ 'GET /api/me/supports?limit=20': () => ok({ items: [], nextCursor: null }) })
    render(<MySupports />)
    await screen.findByText('还没有附议过议题')
    fireEvent.click(screen.getByText('去看看大家的议题'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/rooms/index' })
  })
})
