import { render, screen } from '@testing-library/react'
import Timeline from '@/components/timeline'
import { dateOnly, dateTime } from '@/components/timeline/format'
import { resetTaroMock } from '../../../__mocks__/tarojs-taro'
import { TIMELINE } from '../../pages/topic/fixtures'

beforeEach(() => {
  resetTaroMock()
})

describe('timeline', () => {
  it('lists every step oldest first with its time, actor and role', () => {
    const { container } = render(<Timeline entries={TIMELINE} />)
    const labels = Array.from(container.querySelectorAll('.timeline__label')).map(
      (el) => el.textContent,
    )
    expect(labels).toEqual(['提出议题', '附议达到门槛', '受理研判'])
    expect(screen.getByText(`${dateTime(TIMELINE[2].at)} · 王主任（召集人）`)).toBeTruthy()
    expect(screen.getByText(`${dateTime(TIMELINE[0].at)} · 张阿姨（群众）`)).toBeTruthy()
    expect(screen.getByText('已联系供电公司了解开户情况')).toBeTruthy()
  })

  it('names the system when no person acted', () => {
    render(<Timeline entries={TIMELINE} />)
    expect(screen.getByText(`${dateTime(TIMELINE[1].at)} · 系统`)).toBeTruthy()
  })

  it('marks internal notes that only staff receive', () => {
    render(
      <Timeline
        entries={[
          {
            at: '2025-03-08T02:00:00.000Z',
            event: 'note',
            label: '备注',
            note: '诉求人电话 138…，已约周五现场查看',
            public: false,
            actor: { displayName: '王主任', role: 'convener', roleLabel: '召集人' },
          },
        ]}
      />,
    )
    expect(screen.getByText('内部备注')).toBeTruthy()
    expect(screen.getByText('诉求人电话 138…，已约周五现场查看')).toBeTruthy()
  })

  it('says so when nothing is recorded yet', () => {
    render(<Timeline entries={[]} />)
    expect(screen.getByText('暂无办理记录')).toBeTruthy()
  })

  it('formats times in Chinese date order, in Beijing time whatever the device zone', () => {
    expect(dateOnly('2025-03-05T01:07:00.000Z')).toBe('2025年3月5日')
    expect(dateTime('2025-03-05T01:07:00.000Z')).toBe('2025年3月5日 09:07')
    // 20:30 UTC on the 4th is already 04:30 on the 5th in Beijing.
    expect(dateTime('2025-03-04T20:30:00.000Z')).toBe('2025年3月5日 04:30')
    expect(dateTime('not a date')).toBe('')
  })
})
