/**
 * One topic's walk through the pipeline, one method per stage, each taken by the right role through
 * the HTTP API. Every step asserts the answer, the topic's state and the whole public timeline so far
 * (the rows the step adds, with who acted in which role). The illegal-steps test calls the same
 * methods after trying the wrong thing first.
 */
import { Types } from 'mongoose'
import type { App } from '../../../cloud/src/app'
import { meetingModel } from '../../../cloud/src/modules/meetings/model'
import { actionItemModel } from '../../../cloud/src/modules/outcomes/model'
import { escalateOverdueActionItems } from '../../../cloud/src/modules/outcomes/supervision-service'
import type { TestUser } from '../../helpers/identity'
import {
  CHARGER,
  http,
  ok,
  publicTimeline,
  uploadPng,
  type Line,
  type WalkWorld,
} from './walk-helpers'

const MINUTE = 60_000
const DAY = 24 * 3600_000

interface Item {
  id: string
  status: string
  percent: number
  escalated: boolean
}

export class Walk {
  readonly app: App
  readonly api: ReturnType<typeof http>
  topicId = ''
  escalationId = ''
  meetingId = ''
  checkinCode = ''
  /** 住建局's two items: A (coordinated, worked through) and B (quick, left to lag). */
  itemA = ''
  itemB = ''
  private readonly expected: Line[] = []

  constructor(readonly w: WalkWorld) {
    this.app = w.app
    this.api = http(w.app)
  }

  get url(): string {
    return `/api/topics/${this.topicId}`
  }

  /** Appends the rows a step added and checks the public timeline and the topic's state. */
  async expectTimeline(state: string, ...added: Line[]): Promise<void> {
    this.expected.push(...added)
    expect(await publicTimeline(this.app, this.topicId)).toEqual(this.expected)
    const view = ok<{ state: string }>(await this.api.get(null, this.url))
    expect(view.state).toBe(state)
  }

  by(user: TestUser, role: string): string {
    const names = new Map<TestUser, string>([
      [this.w.resident, '张阿姨'],
      [this.w.villageConvener, '永胜王召集'],
      [this.w.townConvener, '长东陈召集'],
    ])
    return `${names.get(user) ?? '?'}·${role}`
  }

  async raise(): Promise<void> {
    const res = await this.api.post(this.w.resident, `/api/rooms/${this.w.villageRoom.id}/topics`, {
      ...CHARGER,
      place: { address: '永胜小区 3 栋' },
    })
    const view = ok<{ id: string; state: string }>(res, 201)
    this.topicId = view.id
    await this.expectTimeline('open', {
      event: 'created',
      to: 'open',
      by: this.by(this.w.resident, '群众'),
    })
  }

  async support(): Promise<void> {
    const res = await this.api.put(this.w.neighbour, `${this.url}/support`)
    expect(ok(res)).toEqual({ supportCount: 1, supportedByMe: true, state: 'open' })
    // A support below the room's threshold adds no timeline entry.
    await this.expectTimeline('open')
  }

  async startScreening(): Promise<void> {
    ok(await this.api.post(this.w.villageConvener, `${this.url}/screening`, {}))
    await this.expectTimeline('screening', {
      event: 'start_screening',
      to: 'screening',
      by: this.by(this.w.villageConvener, '召集人'),
    })
  }

  async escalateToTown(): Promise<void> {
    const res = await this.api.post(this.w.villageConvener, `${this.url}/reply`, {
      kind: 'escalate',
      target: 'parent_room',
      text: '充电桩开户涉及供电公司和住建部门，需要街道统筹。',
    })
    const body = ok<{ state: string; escalation: { id: string; toRoom: { id: string } } }>(res)
    expect(body.escalation.toRoom.id).toBe(this.w.townRoom.id)
    this.escalationId = body.escalation.id
    await this.expectTimeline('escalated_up', {
      event: 'escalate_up',
      to: 'escalated_up',
      by: this.by(this.w.villageConvener, '召集人'),
    })
  }

  async acceptInTown(): Promise<void> {
    const res = await this.api.post(
      this.w.townConvener,
      `/api/escalations/${this.escalationId}/accept`,
    )
    expect(ok(res)).toMatchObject({ status: 'accepted', room: { id: this.w.townRoom.id } })
    // Judged in the town room, where the town convener holds the grant.
    await this.expectTimeline('screening', {
      event: 'accept_escalation',
      to: 'screening',
      by: this.by(this.w.townConvener, '召集人'),
    })
  }

  async toConsultation(): Promise<void> {
    const res = await this.api.post(this.w.townConvener, `${this.url}/reply`, {
      kind: 'escalate',
      target: 'consultation',
      text: '列为协商议题，邀请住建局、供电公司和居民代表协商。',
    })
    expect(ok(res)).toMatchObject({ state: 'consultation' })
    await this.expectTimeline('consultation', {
      event: 'to_consultation',
      to: 'consultation',
      by: this.by(this.w.townConvener, '召集人'),
    })
  }

  meetingBody(): Record<string, unknown> {
    return {
      title: '永胜小区充电桩通电协商会',
      form: 'on_site',
      // Soon, so check-in (from an hour before the start) is already open.
      startsAt: new Date(Date.now() + 10 * MINUTE).toISOString(),
      place: { address: '永胜小区 3 号楼前' },
      topicIds: [this.topicId],
      invites: [
        { kind: 'member', userId: this.w.member.id },
        { kind: 'department', departmentUnitId: this.w.housing.id },
      ],
    }
  }

  async scheduleMeeting(): Promise<void> {
    const res = await this.api.post(
      this.w.townConvener,
      `/api/rooms/${this.w.townRoom.id}/meetings`,
      this.meetingBody(),
    )
    this.meetingId = ok<{ id: string }>(res, 201).id
    // The code is on the staff view of the meeting, never on the public one.
    const staffView = ok<{ checkinCode: string }>(
      await this.api.get(this.w.townConvener, `/api/meetings/${this.meetingId}`),
    )
    this.checkinCode = staffView.checkinCode
    expect(this.checkinCode).toMatch(/^\d{6}$/)
    const publicView = ok(await this.api.get(null, `/api/meetings/${this.meetingId}`))
    expect(publicView.checkinCode).toBeUndefined()
    await this.expectTimeline('meeting_scheduled', {
      event: 'schedule_meeting',
      to: 'meeting_scheduled',
      by: this.by(this.w.townConvener, '召集人'),
    })
  }

  async memberAttends(): Promise<void> {
    const meeting = `/api/meetings/${this.meetingId}`
    const rsvp = await this.api.post(this.w.member, `${meeting}/rsvp`, { answer: 'accepted' })
    expect(ok(rsvp)).toMatchObject({ invite: { kind: 'member', rsvp: 'accepted' } })
    const checkin = await this.api.post(this.w.member, `${meeting}/checkin`, {
      code: this.checkinCode,
    })
    expect(ok(checkin)).toMatchObject({
      alreadyCheckedIn: false,
      invite: { kind: 'member', checkedInAt: expect.any(String) },
    })
  }

  /** The meeting has begun (its start moved into the past, as time would) and is minuted. */
  async recordMinutes(): Promise<void> {
    await this.meetingStarted()
    const res = await this.api.put(this.w.townConvener, `/api/meetings/${this.meetingId}/minutes`, {
      text: '会议商定：住建局协调供电公司一周内开户通电；物业清理充电区域杂物。',
    })
    expect(ok(res)).toMatchObject({ status: 'held' })
    await this.expectTimeline('meeting_scheduled')
  }

  async meetingStarted(): Promise<void> {
    await meetingModel(this.app.db).updateOne(
      { _id: new Types.ObjectId(this.meetingId) },
      { $set: { startsAt: new Date(Date.now() - 5 * MINUTE) } },
    )
  }

  outcomeBody(): Record<string, unknown> {
    return {
      plan: '住建局协调供电公司为充电桩开户通电，并清理充电区域杂物。',
      actionItems: [
        { title: '协调供电公司开户通电', ownerUnitId: this.w.housing.id, track: 'coordinated' },
        { title: '清理充电区域杂物', ownerUnitId: this.w.housing.id, track: 'quick' },
      ],
    }
  }

  async publishOutcome(): Promise<void> {
    const res = await this.api.post(this.w.townConvener, `${this.url}/outcome`, this.outcomeBody())
    const outcome = ok<{ topicState: string; items: Item[] }>(res, 201)
    expect(outcome.topicState).toBe('in_progress')
    expect(outcome.items.map((item) => item.status)).toEqual(['assigned', 'assigned'])
    ;[this.itemA, this.itemB] = outcome.items.map((item) => item.id)
    const convener = this.by(this.w.townConvener, '召集人')
    await this.expectTimeline(
      'in_progress',
      { event: 'publish_outcome', to: 'outcome_published', by: convener },
      { event: 'assign_actions', to: 'in_progress', by: convener },
    )
  }

  /** The department's officer reports progress; returns the topic's state afterwards. */
  async progress(itemId: string, percent: number, photo = false): Promise<string> {
    const photoKeys = photo ? [await uploadPng(this.app, this.w.officer)] : undefined
    const res = await this.api.post(this.w.officer, `/api/action-items/${itemId}/progress`, {
      percent,
      note: percent === 100 ? '已办结，现场照片见附件。' : `已完成 ${percent}%`,
      ...(photoKeys ? { photoKeys } : {}),
    })
    const body = ok<{ item: Item & { latestUpdate?: { photos: unknown[] } }; topicState: string }>(
      res,
    )
    expect(body.item).toMatchObject({ percent, status: percent === 100 ? 'done' : 'in_progress' })
    if (photo) expect(body.item.latestUpdate?.photos).toHaveLength(1)
    return body.topicState
  }

  /** Item B falls a month behind: the member reminds the department, the sweep escalates it. */
  async itemBLags(): Promise<void> {
    await actionItemModel(this.app.db).updateOne(
      { _id: new Types.ObjectId(this.itemB) },
      { $set: { dueAt: new Date(Date.now() - 30 * DAY) } },
    )
    const reminded = ok<{ urgency: string; reminderCount: number }>(
      await this.api.post(this.w.member, `/api/action-items/${this.itemB}/remind`),
    )
    expect(reminded).toMatchObject({ reminderCount: 1 })
    expect(['overdue', 'escalate']).toContain(reminded.urgency)
    expect(await escalateOverdueActionItems(this.app.db, new Date())).toContain(this.itemB)
    const list = ok<{ items: Array<Item & { escalatedTo?: { id: string } }> }>(
      await this.api.get(this.w.office, '/api/supervision/action-items?urgency=lagging'),
    )
    expect(list.items.find((item) => item.id === this.itemB)).toMatchObject({
      escalated: true,
      escalatedTo: { id: this.w.district.id },
    })
    // Supervision is not on the topic's public timeline.
    await this.expectTimeline('in_progress')
  }

  /** Both items done: the system moves the topic on to the call-back. */
  async finishItems(): Promise<void> {
    expect(await this.progress(this.itemA, 50, true)).toBe('in_progress')
    expect(await this.progress(this.itemA, 100, true)).toBe('in_progress')
    await this.itemBLags()
    expect(await this.progress(this.itemB, 100)).toBe('awaiting_callback')
    await this.expectTimeline('awaiting_callback', {
      event: 'complete_actions',
      to: 'awaiting_callback',
      by: '系统',
    })
  }

  callback(as: TestUser, payload: { solved: boolean; rating: number; comment?: string }) {
    return this.api.post(as, `${this.url}/callback`, payload)
  }

  async notSolved(): Promise<void> {
    const res = await this.callback(this.w.resident, {
      solved: false,
      rating: 2,
      comment: '充电桩通电了，但一下雨就跳闸，还是没法用。',
    })
    expect(ok(res)).toMatchObject({ topicState: 'reopened', solved: false })
    await this.expectTimeline('reopened', {
      event: 'report_unsolved',
      to: 'reopened',
      by: this.by(this.w.resident, '群众'),
    })
  }

  async resume(): Promise<void> {
    const res = await this.api.post(this.w.townConvener, `${this.url}/resume`, {
      note: '请住建局协调供电公司排查跳闸原因。',
    })
    expect(ok(res)).toEqual({ topicId: this.topicId, topicState: 'in_progress' })
    await this.expectTimeline('in_progress', {
      event: 'resume_actions',
      to: 'in_progress',
      by: this.by(this.w.townConvener, '召集人'),
    })
  }

  async finishAgain(): Promise<void> {
    expect(await this.progress(this.itemA, 100, true)).toBe('in_progress')
    expect(await this.progress(this.itemB, 100)).toBe('awaiting_callback')
    await this.expectTimeline('awaiting_callback', {
      event: 'complete_actions',
      to: 'awaiting_callback',
      by: '系统',
    })
  }

  async solved(): Promise<void> {
    const res = await this.callback(this.w.resident, { solved: true, rating: 5 })
    expect(ok(res)).toMatchObject({ topicState: 'closed', solved: true, rating: 5 })
    await this.expectTimeline('closed', {
      event: 'confirm_solved',
      to: 'closed',
      by: this.by(this.w.resident, '群众'),
    })
  }
}
