/**
 * Meetings (协商会): scheduling with an agenda of consultation topics, moving and cancelling them
 * (room staff: meeting.schedule), the public meeting pages, invitees' answers and check-in, and the
 * minutes with attendance.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import type { ResourceScope } from '../../../../shared/domain/permissions'
import { access } from '../../plugins/route-access'
import { ErrorSchema } from '../org/schema'
import { roomScope } from '../org/rooms-service'
import {
  CancelMeetingBodySchema,
  CheckinBodySchema,
  CheckinResultSchema,
  MeetingIdParamsSchema,
  MeetingListSchema,
  MeetingViewSchema,
  MinutesBodySchema,
  MyMeetingsSchema,
  RescheduleMeetingBodySchema,
  RoomIdParamsSchema,
  RoomMeetingsQuerySchema,
  RsvpBodySchema,
  RsvpResultSchema,
  ScheduleMeetingBodySchema,
} from './schema'
import {
  cancelMeeting,
  checkInToMeeting,
  getMeeting,
  listMyMeetings,
  listRoomMeetings,
  loadMeeting,
  meetingScope,
  recordMinutes,
  rescheduleMeeting,
  rsvpToMeeting,
  scheduleMeeting,
} from './service'
import type { StaffCall } from './schedule'
import type { MeetingDoc } from './model'

const tags = ['meetings']

function errors(...statuses: number[]): Record<number, typeof ErrorSchema> {
  return Object.fromEntries(statuses.map((status) => [status, ErrorSchema]))
}

const meetingsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const meetingIdOf = (request: FastifyRequest) => (request.params as { id: string }).id
  const scopedMeeting = access.scoped('meeting.schedule', (request) =>
    meetingScope(app.db, meetingIdOf(request)),
  )

  /** The acting staff member and their guard context in the resolved scope, now. */
  async function staffCall(request: FastifyRequest): Promise<StaffCall> {
    const auth = app.authz.requireAuth(request)
    const scope = request.resourceScope as ResourceScope
    return {
      actor: { userId: auth.userId, requestId: request.id, ip: request.ip },
      ctx: await app.authz.guardContext(auth, scope),
    }
  }

  /** The full view for the staff member who just changed the meeting. */
  async function staffView(request: FastifyRequest, meeting: MeetingDoc) {
    const auth = app.authz.requireAuth(request)
    const scope = request.resourceScope as ResourceScope
    const pii = await app.authz.can(auth, 'pii.read', scope)
    return getMeeting(app.db, meeting, { access: auth.access, staff: true, pii })
  }

  app.post(
    '/api/rooms/:roomId/meetings',
    {
      config: {
        access: access.scoped('meeting.schedule', (request) =>
          roomScope(app.db, (request.params as { roomId: string }).roomId),
        ),
      },
      schema: {
        tags,
        summary: '安排协商会 Schedule a meeting on consultation topics',
        description:
          '议程中的议题须属于本议事室且处于“转为协商议题”状态，全部进入“协商会已安排”；任一议题不符则整体不生效。' +
          ' · Every agenda topic must be in consultation in this room; all move or none does.',
        params: RoomIdParamsSchema,
        body: ScheduleMeetingBodySchema,
        response: { 201: MeetingViewSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const call = await staffCall(request)
      const meeting = await scheduleMeeting(app.db, call, request.params.roomId, request.body)
      return reply.code(201).send(await staffView(request, meeting))
    },
  )

  app.get(
    '/api/rooms/:roomId/meetings',
    {
      config: { access: access.public() },
      schema: {
        tags,
        summary: '议事室的协商会 A room’s meetings (by start time, at most 100)',
        params: RoomIdParamsSchema,
        querystring: RoomMeetingsQuerySchema,
        response: { 200: MeetingListSchema, ...errors(400, 404) },
      },
    },
    async (request) => listRoomMeetings(app.db, request.params.roomId, request.query),
  )

  app.get(
    '/api/me/meetings',
    {
      config: { access: access.user() },
      schema: {
        tags,
        summary: '我受邀的协商会 Meetings I am invited to (myself or my department)',
        response: { 200: MyMeetingsSchema, ...errors(401) },
      },
    },
    async (request) => listMyMeetings(app.db, app.authz.requireAuth(request).access),
  )

  app.get(
    '/api/meetings/:id',
    {
      config: { access: access.public() },
      schema: {
        tags,
        summary: '协商会详情 A meeting (check-in code and phones for room staff only)',
        params: MeetingIdParamsSchema,
        response: { 200: MeetingViewSchema, ...errors(400, 404) },
      },
    },
    async (request) => {
      const meeting = await loadMeeting(app.db, request.params.id)
      const auth = request.auth
      const scope = { roomId: String(meeting.roomId), unitId: String(meeting.unitId) }
      const [staff, pii] = await Promise.all([
        app.authz.can(auth, 'meeting.schedule', scope),
        app.authz.can(auth, 'pii.read', scope),
      ])
      return getMeeting(app.db, meeting, { access: auth?.access ?? null, staff, pii })
    },
  )

  app.patch(
    '/api/meetings/:id',
    {
      config: { access: scopedMeeting },
      schema: {
        tags,
        summary:
          '调整协商会 Reschedule or edit a meeting (answers reset when time or place change)',
        params: MeetingIdParamsSchema,
        body: RescheduleMeetingBodySchema,
        response: { 200: MeetingViewSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const call = await staffCall(request)
      const meeting = await rescheduleMeeting(app.db, call, request.params.id, request.body)
      return staffView(request, meeting)
    },
  )

  app.post(
    '/api/meetings/:id/cancel',
    {
      config: { access: scopedMeeting },
      schema: {
        tags,
        summary: '取消协商会 Cancel a meeting (its topics return to consultation)',
        params: MeetingIdParamsSchema,
        body: CancelMeetingBodySchema,
        response: { 200: MeetingViewSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const call = await staffCall(request)
      const meeting = await cancelMeeting(app.db, call, request.params.id, request.body.reason)
      return staffView(request, meeting)
    },
  )

  app.post(
    '/api/meetings/:id/rsvp',
    {
      config: { access: access.user() },
      schema: {
        tags,
        summary: '回复是否参加 Answer an invitation (invitees and their department’s officers)',
        params: MeetingIdParamsSchema,
        body: RsvpBodySchema,
        response: { 200: RsvpResultSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      rsvpToMeeting(
        app.db,
        app.authz.requireAuth(request).access,
        request.params.id,
        request.body.answer,
        new Date(),
      ),
  )

  app.post(
    '/api/meetings/:id/checkin',
    {
      config: {
        access: access.scoped('meeting.checkin', (request) =>
          meetingScope(app.db, meetingIdOf(request)),
        ),
        // Six digits can be guessed: 10 tries a minute per person (after auth, so per user, not
        // per IP — a whole room checks in through the same Wi-Fi).
        rateLimit: {
          max: 10,
          timeWindow: 60_000,
          hook: 'preHandler',
          keyGenerator: (request: FastifyRequest) =>
            request.auth ? `checkin:${request.auth.userId}` : `checkin-ip:${request.ip}`,
        },
      },
      schema: {
        tags,
        summary: '会场签到 Check in with the code shown at the meeting',
        description:
          '受邀人员（或受邀部门的工作人员）签到；允许旁听时未受邀群众也可签到。签到时间：开始前 1 小时至开始后 2 小时' +
          '（或至结束）。每人每分钟最多 10 次 · Check-in window: 1 h before to 2 h after the start.',
        params: MeetingIdParamsSchema,
        body: CheckinBodySchema,
        response: { 200: CheckinResultSchema, ...errors(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) =>
      checkInToMeeting(
        app.db,
        app.authz.requireAuth(request).access,
        request.params.id,
        request.body.code,
        new Date(),
      ),
  )

  app.put(
    '/api/meetings/:id/minutes',
    {
      config: { access: scopedMeeting },
      schema: {
        tags,
        summary: '记录会议纪要与出席 Record the minutes and attendance (marks the meeting held)',
        params: MeetingIdParamsSchema,
        body: MinutesBodySchema,
        response: { 200: MeetingViewSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const auth = app.authz.requireAuth(request)
      const actor = { userId: auth.userId, requestId: request.id, ip: request.ip }
      const meeting = await recordMinutes(
        app.db,
        { actor, now: new Date() },
        request.params.id,
        request.body,
      )
      return staffView(request, meeting)
    },
  )
}

export default meetingsRoutes
