// One consultation told by the demo cast in a real browser against the real stack (embedded DB,
// fake WeChat, demo data): a resident raises a problem, a neighbour supports it, the convener
// screens it, turns it into a consultation and convenes a meeting, the committee member checks in
// with the code the convener shows, the convener records the minutes and publishes the outcome,
// the housing bureau's officer finishes the task and the resident rates the result. Each step
// asserts on what that user sees and saves a screenshot (test-artifacts/e2e/story-*.png). The
// steps run in order and share the story's ids; a failed step makes the later ones fail at once.
// Two more tests use the same stack: the large-text mode, and the demo's WeChat messages.
import type { Page } from 'playwright-core'
import { DEMO_MAIN_ROOM_SCENE } from '../../cloud/src/seed/demo/accounts'
import type { Stack } from '../../cloud/src/stack'
import { useH5Stack } from './support/h5-stack'
import {
  UI_TIMEOUT_MS,
  beijingDateTime,
  choosePickerOption,
  choosePickerValue,
  confirmModal,
  fillField,
  fontSizeOf,
  loginAs,
  nextMinuteAfter,
  openPage,
  shoot,
  visible,
  waitUntil,
} from './support/story'

const STEP_TIMEOUT_MS = 120_000
// Minutes and the outcome need the meeting to have started; RSVP closes at the start, so the start
// leaves room for the convener to finish and the member to answer first.
const MEETING_LEAD_MS = 75_000
const WAIT_FOR_START_TIMEOUT_MS = STEP_TIMEOUT_MS + 150_000
const DAY_MS = 24 * 3600_000

const TOPIC_TITLE = '长西新村3号楼楼道灯坏了一个多月'
const TOPIC_DESCRIPTION =
  '3号楼二单元一到六楼的楼道灯坏了一个多月，晚上上下楼全靠手机照明，老人已经摔倒过一次。报修了几次物业都说没有配件。'
const TOPIC_ADDRESS = '长西新村3号楼二单元'
const ACTION_ITEM = '更换3号楼二单元楼道声控灯'

/** What the story has made so far, handed from step to step. */
interface Story {
  topicId?: string
  meetingId?: string
  startsAt?: Date
  checkinCode?: string
}

describe('a consultation story, user by user, in a real browser', () => {
  const h5 = useH5Stack({ seedDemo: true, closeTimeoutMs: STEP_TIMEOUT_MS })
  const ready = () => ({ stack: h5().stack, page: h5().browser.page })
  const story: Story = {}

  function need<K extends keyof Story>(key: K): NonNullable<Story[K]> {
    const value = story[key]
    if (value === undefined) throw new Error(`an earlier step of the story did not finish (${key})`)
    return value as NonNullable<Story[K]>
  }

  async function openTopic(page: Page, stack: Stack, topicId: string): Promise<void> {
    await openPage(page, stack.url, `/pages/topic/index?id=${topicId}`)
    await visible(page, '.topic__title').waitFor({ timeout: UI_TIMEOUT_MS })
  }

  async function textOf(page: Page, selector: string): Promise<string> {
    return visible(page, selector).first().innerText()
  }

  it(
    '1. 张阿姨 raises a problem in her room and sees her topic, with no staff actions',
    async () => {
      const { stack, page } = ready()
      await loginAs(page, stack, '张阿姨')
      await openPage(page, stack.url, `/pages/room/index?scene=${DEMO_MAIN_ROOM_SCENE}`)
      await visible(page, '.room__raise').click()

      const category = visible(page, '.raise__category')
      await category.waitFor({ timeout: UI_TIMEOUT_MS })
      expect(await textOf(page, '.raise__room')).toBe('提交到：长西社区协商议事室')
      await choosePickerOption(page, category, '物业管理')
      await fillField(page, '.raise__title', TOPIC_TITLE)
      await fillField(page, '.raise__description', TOPIC_DESCRIPTION)
      await fillField(page, '.raise__address', TOPIC_ADDRESS)
      await shoot(page, 'story-1-resident-raise-form.png')
      await visible(page, '.raise__submit').click()

      const done = visible(page, '.raise__done')
      await done.waitFor({ timeout: UI_TIMEOUT_MS })
      expect(await textOf(page, '.raise__done-title')).toBe('提交成功')
      expect(await textOf(page, '.raise__done-topic')).toBe(TOPIC_TITLE)
      await shoot(page, 'story-1-resident-raise-done.png')

      await visible(page, '.raise__view').click()
      await visible(page, '.topic__title').waitFor({ timeout: UI_TIMEOUT_MS })
      const id = /[?&]id=([0-9a-f]{24})/.exec(page.url())?.[1]
      expect(id).toBeDefined()
      story.topicId = id
      expect(await textOf(page, '.topic__title')).toBe(TOPIC_TITLE)
      expect(await textOf(page, '.topic__state')).toBe('征集附议')
      expect(await textOf(page, '.topic__category')).toBe('物业管理')
      expect(await textOf(page, '.support-button__count')).toBe('0 人附议')
      await visible(page, '.timeline__label').first().waitFor({ timeout: UI_TIMEOUT_MS })
      // A resident gets no staff buttons, not even hidden ones.
      expect(await page.locator('[class*="topic-actions__"]').count()).toBe(0)
      expect(await page.getByText('工作人员操作').count()).toBe(0)
      await shoot(page, 'story-1-resident-topic.png')
    },
    STEP_TIMEOUT_MS,
  )

  it(
    '2. 李师傅 supports her topic: the count goes up and his button turns into 撤回附议',
    async () => {
      const { stack, page } = ready()
      const topicId = need('topicId')
      await loginAs(page, stack, '李师傅')
      await openTopic(page, stack, topicId)
      expect(await textOf(page, '.support-button__count')).toBe('0 人附议')

      await visible(page, '.support-button__support').click()
      await visible(page, '.support-button__count')
        .getByText('1 人附议', { exact: true })
        .waitFor({ timeout: UI_TIMEOUT_MS })
      expect(await textOf(page, '.support-button__withdraw')).toBe('已附议 · 撤回附议')
      expect(await visible(page, '.support-button__support').count()).toBe(0)
      expect(await page.getByText('工作人员操作').count()).toBe(0)
      await shoot(page, 'story-2-neighbour-supported.png')
    },
    STEP_TIMEOUT_MS,
  )

  it(
    '3. 王主任 screens it, turns it into a consultation and convenes a meeting in the room',
    async () => {
      const { stack, page } = ready()
      const topicId = need('topicId')
      await loginAs(page, stack, '王主任')
      await openTopic(page, stack, topicId)
      expect(await textOf(page, '.topic-actions__title')).toBe('工作人员操作')
      expect(await textOf(page, '.support-button__count')).toBe('1 人附议')
      await shoot(page, 'story-3-convener-topic.png')

      // 受理研判
      await visible(page, '.topic-actions__screening').click()
      expect(await confirmModal(page)).toContain('确认受理该议题？')
      await visible(page, '.topic__state')
        .getByText('研判中', { exact: true })
        .waitFor({ timeout: UI_TIMEOUT_MS })

      // 四步答复: step four, a topic for consultation
      await visible(page, '.topic-actions__reply').click()
      await visible(page, '.reply__kind--escalate').click()
      await visible(page, '.reply__target--consultation').click()
      await fillField(page, '.reply__text', '涉及物业和供电多方，提交议事室协商解决。')
      await shoot(page, 'story-3-convener-reply.png')
      await visible(page, '.reply__submit').click()
      await confirmModal(page)
      await visible(page, '.reply__done').waitFor({ timeout: UI_TIMEOUT_MS })
      expect(await textOf(page, '.reply__done')).toContain('待协商')

      // Back on the topic: 安排协商会
      await visible(page, '.reply__view-topic').click()
      await visible(page, '.topic__state')
        .getByText('待协商', { exact: true })
        .waitFor({ timeout: UI_TIMEOUT_MS })
      await visible(page, '.topic-actions__schedule').click()
      await visible(page, '.schedule__form--room').waitFor({ timeout: UI_TIMEOUT_MS })
      expect(await visible(page, '.schedule__topic--on').innerText()).toContain(TOPIC_TITLE)

      await fillField(page, '.schedule__title', '3号楼楼道灯协商会')
      await visible(page, '.schedule__form--room').click()
      await fillField(page, '.schedule__address', '长西社区党群服务中心二楼议事室')
      await visible(page, '.schedule__member').filter({ hasText: '陈委员' }).click()
      const bureau = visible(page, '.schedule__department').filter({ hasText: '清江浦区住建局' })
      await bureau.click({ timeout: UI_TIMEOUT_MS })
      expect(await visible(page, '.schedule__chip--on').allInnerTexts()).toEqual(
        expect.arrayContaining(['议事室协商', '陈委员', '清江浦区住建局']),
      )
      // The time last, right before submitting: soon enough to wait for, late enough to RSVP first.
      const startsAt = nextMinuteAfter(MEETING_LEAD_MS)
      const when = beijingDateTime(startsAt)
      await choosePickerValue(page, page.locator('#schedule-date'), when.date, when.date)
      await choosePickerValue(page, page.locator('#schedule-time'), when.time, when.time)
      await shoot(page, 'story-3-convener-schedule.png')
      if (Date.now() > startsAt.getTime() - 20_000) {
        throw new Error('the schedule form took too long: the chosen start is about to pass')
      }
      await visible(page, '.schedule__submit').click()

      // The meeting page, with the check-in code the convener shows in the room.
      const code = visible(page, '.meeting__code-display')
      await code.waitFor({ timeout: UI_TIMEOUT_MS })
      story.meetingId = /[?&]id=([0-9a-f]{24})/.exec(page.url())?.[1]
      expect(story.meetingId).toBeDefined()
      story.startsAt = startsAt
      story.checkinCode = (await code.innerText()).trim()
      expect(story.checkinCode).toMatch(/^\d{6}$/)
      expect(await textOf(page, '.meeting')).toContain(TOPIC_TITLE)
      await shoot(page, 'story-3-convener-meeting.png')
    },
    STEP_TIMEOUT_MS,
  )

  it(
    '4. 陈委员 accepts the invitation and checks in with the code the convener shows',
    async () => {
      const { stack, page } = ready()
      const meetingId = need('meetingId')
      const code = need('checkinCode')
      await loginAs(page, stack, '陈委员')
      await openPage(page, stack.url, `/pages/meeting/index?id=${meetingId}`)

      await visible(page, '.meeting__accept').click({ timeout: UI_TIMEOUT_MS })
      await visible(page, '.meeting__my-answer.meeting__rsvp--accepted').waitFor({
        timeout: UI_TIMEOUT_MS,
      })
      await fillField(page, '.meeting__code', code)
      await visible(page, '.meeting__checkin').click()
      const checkedIn = visible(page, '.meeting__checked-in')
      await checkedIn.waitFor({ timeout: UI_TIMEOUT_MS })
      expect(await checkedIn.innerText()).toMatch(/^签到成功（\d{2}:\d{2}）$/)
      // Members are not room staff: no code on their screen.
      expect(await visible(page, '.meeting__code-display').count()).toBe(0)
      await shoot(page, 'story-4-member-checked-in.png')
    },
    STEP_TIMEOUT_MS,
  )

  it(
    '5. 王主任 records the minutes once the meeting has started and publishes the outcome',
    async () => {
      const { stack, page } = ready()
      const meetingId = need('meetingId')
      const topicId = need('topicId')
      await loginAs(page, stack, '王主任')
      await waitUntil(need('startsAt'))

      await openPage(page, stack.url, `/staff/minutes/index?id=${meetingId}`)
      await visible(page, '.minutes__text').waitFor({ timeout: UI_TIMEOUT_MS })
      expect(await textOf(page, '.minutes__counts')).toContain('已签到 1')
      await fillField(
        page,
        '.minutes__text',
        '物业、住建局和居民代表到会。议定：住建局督促物业一周内更换3号楼二单元楼道声控灯，社区跟踪回访。',
      )
      await visible(page, '.minutes__save').click()
      await visible(page, '.minutes__muted')
        .filter({ hasText: '上次保存于' })
        .waitFor({ timeout: UI_TIMEOUT_MS })
      await shoot(page, 'story-5-convener-minutes.png')

      // 发布成果 from the agenda, for this topic.
      await visible(page, '.minutes__publish').click()
      await visible(page, '.outcome__plan').waitFor({ timeout: UI_TIMEOUT_MS })
      await fillField(page, '.outcome__plan', '住建局督促物业更换楼道灯，社区一周后回访。')
      await fillField(page, '.outcome__item-name', ACTION_ITEM)
      await choosePickerOption(page, page.locator('#outcome-owner-0'), '清江浦区住建局')
      await visible(page, '.outcome__track--quick').click()
      const due = beijingDateTime(new Date(Date.now() + 3 * DAY_MS)).date
      await choosePickerValue(page, page.locator('#outcome-due-0'), due, due)
      await shoot(page, 'story-5-convener-outcome-form.png')
      await visible(page, '.outcome__submit').click()
      await confirmModal(page)

      await visible(page, '.topic__outcome').waitFor({ timeout: UI_TIMEOUT_MS })
      expect(page.url()).toContain(`/pages/topic/index?id=${topicId}`)
      const outcome = await textOf(page, '.topic__outcome')
      expect(outcome).toContain('协商成果')
      expect(outcome).toContain(ACTION_ITEM)
      expect(outcome).toContain('清江浦区住建局')
      await shoot(page, 'story-5-convener-topic-outcome.png')
    },
    WAIT_FOR_START_TIMEOUT_MS,
  )

  it(
    '6. 刘科长 of the housing bureau finds the task among his unit’s and reports it done',
    async () => {
      const { stack, page } = ready()
      need('topicId')
      await loginAs(page, stack, '刘科长')
      await openPage(page, stack.url, '/staff/tasks/index')
      const card = visible(page, '.task-card').filter({ hasText: ACTION_ITEM })
      await card.waitFor({ timeout: UI_TIMEOUT_MS })
      expect(await card.innerText()).toContain(TOPIC_TITLE)
      await shoot(page, 'story-6-officer-tasks.png')

      await card.click()
      await visible(page, '.task__percent--100').click({ timeout: UI_TIMEOUT_MS })
      await fillField(page, '.task__note', '已协调物业更换全部楼道声控灯，现场试亮正常。')
      expect(await textOf(page, '.task__submit')).toBe('提交并办结')
      await visible(page, '.task__submit').click()
      expect(await confirmModal(page)).toContain('确认办结')

      await visible(page, '.task__value')
        .getByText('已办结', { exact: true })
        .waitFor({ timeout: UI_TIMEOUT_MS })
      expect(await textOf(page, '.task__summary')).toContain('当前进度 100%')
      expect(await visible(page, '.task__progress').count()).toBe(0)
      await shoot(page, 'story-6-officer-task-done.png')
    },
    STEP_TIMEOUT_MS,
  )

  it(
    '7. 张阿姨 is asked whether it is solved, rates it, and the timeline shows the whole way',
    async () => {
      const { stack, page } = ready()
      const topicId = need('topicId')
      await loginAs(page, stack, '张阿姨')
      await openTopic(page, stack, topicId)
      expect(await textOf(page, '.topic__state')).toBe('待回访')
      await visible(page, '.rating-form').waitFor({ timeout: UI_TIMEOUT_MS })
      await shoot(page, 'story-7-resident-callback.png')

      await visible(page, '.rating-form__solved').click()
      await visible(page, '.rating-form__star--5').click()
      await fillField(page, '.rating-form__comment', '灯修好了，晚上上楼亮堂多了，谢谢！')
      await visible(page, '.rating-form__submit').click()
      await visible(page, '.rating-form__thanks')
        .getByText('感谢您的评价！', { exact: true })
        .waitFor({ timeout: UI_TIMEOUT_MS })
      await visible(page, '.topic__state')
        .getByText('已办结', { exact: true })
        .waitFor({ timeout: UI_TIMEOUT_MS })

      // The timeline is read again after the rating: wait for its newest entry.
      await visible(page, '.timeline__label')
        .filter({ hasText: '确认已解决' })
        .waitFor({ timeout: UI_TIMEOUT_MS })
      expect(await visible(page, '.timeline__label').allInnerTexts()).toEqual([
        '提出议题',
        '受理研判',
        '列为协商议题',
        '安排协商会',
        '发布协商成果',
        '交办任务',
        '任务全部办结',
        '确认已解决',
      ])
      await visible(page, '.topic__callback')
        .filter({ hasText: '1 人评价，1 人认为已解决' })
        .waitFor({ timeout: UI_TIMEOUT_MS })
      expect(await page.getByText('工作人员操作').count()).toBe(0)
      await shoot(page, 'story-7-resident-rated.png')
    },
    STEP_TIMEOUT_MS,
  )

  it(
    '大字模式 makes the text about 1.3 times larger, on the settings page at once and on other pages',
    async () => {
      const { stack, page } = ready()
      await loginAs(page, stack, '张阿姨')
      const fontSize = (selector: string) => fontSizeOf(visible(page, selector))

      await openPage(page, stack.url, `/pages/room/index?scene=${DEMO_MAIN_ROOM_SCENE}`)
      await visible(page, '.topic-card')
        .filter({ hasText: '充电桩' })
        .click({ timeout: UI_TIMEOUT_MS })
      await visible(page, '.topic__title').waitFor({ timeout: UI_TIMEOUT_MS })
      const topicUrl = new URL(page.url()).hash.slice(1)
      const titleNormal = await fontSize('.topic__title')

      await openPage(page, stack.url, '/pages/settings/index')
      const label = '.settings__row-label'
      await visible(page, '.settings__large-text').waitFor({ timeout: UI_TIMEOUT_MS })
      const labelNormal = await fontSize(label)
      await shoot(page, 'story-large-text-off.png')
      await visible(page, '.settings__large-text').click()
      // Every open page switches at once.
      const deadline = Date.now() + UI_TIMEOUT_MS
      while ((await fontSize(label)) === labelNormal && Date.now() < deadline) {
        await page.waitForTimeout(100)
      }
      expect((await fontSize(label)) / labelNormal).toBeCloseTo(1.3, 1)
      await shoot(page, 'story-large-text-on.png')

      // Kept on the device: the next page opened is large too.
      await openPage(page, stack.url, topicUrl)
      await visible(page, '.topic__title').waitFor({ timeout: UI_TIMEOUT_MS })
      expect((await fontSize('.topic__title')) / titleNormal).toBeCloseTo(1.3, 1)
      await shoot(page, 'story-large-text-topic.png')
    },
    STEP_TIMEOUT_MS,
  )

  it(
    'in the demo, the notification centre shows what the fake WeChat received after she subscribed',
    async () => {
      const { stack, page } = ready()
      const title = '长西街路口红绿灯行人时间太短'
      await loginAs(page, stack, '张阿姨')
      await openPage(page, stack.url, `/pages/room/index?scene=${DEMO_MAIN_ROOM_SCENE}`)
      await visible(page, '.room__raise').click()
      await choosePickerOption(page, visible(page, '.raise__category'), '交通出行')
      await fillField(page, '.raise__title', title)
      await fillField(
        page,
        '.raise__description',
        '长西街和健康路路口的行人绿灯只有十几秒，老人走到一半就变红灯了。',
      )
      await visible(page, '.raise__submit').click()
      await visible(page, '.raise__done').waitFor({ timeout: UI_TIMEOUT_MS })

      // The H5 demo imitates WeChat's subscription popup; she allows it.
      await visible(page, '.raise__subscribe').click()
      expect(await confirmModal(page)).toContain('「商量」想给你发送以下消息')
      await visible(page, '.raise__subscribed')
        .getByText('已开启微信通知，有进展会第一时间告诉你', { exact: true })
        .waitFor({ timeout: UI_TIMEOUT_MS })
      await visible(page, '.raise__view').click()
      await visible(page, '.topic__title').waitFor({ timeout: UI_TIMEOUT_MS })
      const topicId = /[?&]id=([0-9a-f]{24})/.exec(page.url())?.[1]
      expect(topicId).toBeDefined()

      // A status change: the convener takes it up.
      await loginAs(page, stack, '王主任')
      await openTopic(page, stack, topicId ?? '')
      await visible(page, '.topic-actions__screening').click()
      await confirmModal(page)
      await visible(page, '.topic__state')
        .getByText('研判中', { exact: true })
        .waitFor({ timeout: UI_TIMEOUT_MS })

      await loginAs(page, stack, '张阿姨')
      await openPage(page, stack.url, '/pages/notifications/index')
      await visible(page, '.notice')
        .filter({ hasText: title })
        .first()
        .waitFor({ timeout: UI_TIMEOUT_MS })
      await shoot(page, 'story-notifications-inbox.png')

      // The outbox worker sends to the fake WeChat in the background: refresh until it is there.
      await visible(page, '.notifications__tab--wechat').click()
      const message = visible(page, '.wx-message').filter({ hasText: title })
      const deadline = Date.now() + 60_000
      while (!(await message.count())) {
        if (Date.now() > deadline) throw new Error('the fake WeChat never received the message')
        await page.waitForTimeout(1_000)
        const refresh = visible(page, '.wx-messages__refresh')
        if (await refresh.count()) await refresh.click()
        else {
          await openPage(page, stack.url, '/pages/notifications/index')
          await visible(page, '.notifications__tab--wechat').click()
        }
      }
      const card = await message.first().innerText()
      expect(card).toContain('议题进展提醒')
      expect(card).toContain('研判中')
      await shoot(page, 'story-notifications-wechat.png')
    },
    STEP_TIMEOUT_MS,
  )

  it('raised no uncaught error in any page along the way', () => {
    const { browser } = h5()
    expect(browser.pageErrors).toEqual([])
    expect(browser.cspViolations).toEqual([])
  })
})
