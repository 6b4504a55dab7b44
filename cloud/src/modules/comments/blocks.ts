/**
 * Blocking a user from speaking in a room (禁言): a room's moderators block with a reason and an
 * optional end; the block stops new comments in that room (the shared `canComment` guard turns it
 * into USER_BLOCKED). Other modules may ask `isBlockedFromRoom` too (raising topics).
 */
import { Types, type Connection } from 'mongoose'
import { DomainError } from '../../../../shared/errors'
import { recordAudit } from '../audit/service'
import { roomModel, type RoomDoc } from '../org/model'
import { userModel } from '../users/model'
import { auditUnit, type Actor } from './actor'
import { roomBlockModel, type RoomBlockDoc } from './model'

export interface BlockView {
  roomId: string
  userId: string
  displayName: string
  reason: string
  until: string | null
  byId: string
  createdAt: string
}

/** Whether `userId` may not speak in `roomId` at `now` (a block without end, or one not over yet). */
export async function isBlockedFromRoom(
  db: Connection,
  roomId: string,
  userId: string,
  now: Date = new Date(),
): Promise<boolean> {
  const block = await roomBlockModel(db)
    .findOne({ roomId: new Types.ObjectId(roomId), userId: new Types.ObjectId(userId) })
    .lean<RoomBlockDoc>()
  return block !== null && (block.until === null || block.until > now)
}

function toBlockView(block: RoomBlockDoc, displayName: string): BlockView {
  return {
    roomId: String(block.roomId),
    userId: String(block.userId),
    displayName,
    reason: block.reason,
    until: block.until ? block.until.toISOString() : null,
    byId: String(block.byId),
    createdAt: block.createdAt.toISOString(),
  }
}

async function loadRoom(db: Connection, roomId: string): Promise<RoomDoc> {
  const room = Types.ObjectId.isValid(roomId)
    ? await roomModel(db).findById(roomId).lean<RoomDoc>()
    : null
  if (!room) throw new DomainError('ROOM_NOT_FOUND')
  return room
}

/** Blocks (or re-blocks with a new reason/end) a user in a room; audited. */
export async function blockUser(
  db: Connection,
  actor: Actor,
  input: { roomId: string; userId: string; reason: string; until?: Date | null; now?: Date },
): Promise<BlockView> {
  const now = input.now ?? new Date()
  const reason = input.reason.trim()
  if (!reason) throw new DomainError('REASON_REQUIRED')
  if (input.until && input.until <= now) throw new DomainError('BLOCK_UNTIL_PAST')
  const room = await loadRoom(db, input.roomId)
  const user = Types.ObjectId.isValid(input.userId)
    ? await userModel(db).findById(input.userId, { displayName: 1 }).lean()
    : null
  if (!user) throw new DomainError('USER_NOT_FOUND')
  const Blocks = roomBlockModel(db)
  const key = { roomId: room._id, userId: user._id }
  let saved: RoomBlockDoc | null = null
  await db.transaction(async (session) => {
    const before = await Blocks.findOne(key).session(session).lean<RoomBlockDoc>()
    saved = await Blocks.findOneAndUpdate(
      key,
      {
        $set: {
          reason,
          until: input.until ?? null,
          byId: new Types.ObjectId(actor.userId),
          createdAt: now,
        },
      },
      { upsert: true, returnDocument: 'after', session },
    ).lean<RoomBlockDoc>()
    await recordAudit(
      db,
      {
        actorId: actor.userId,
        action: 'room.block_user',
        target: { kind: 'user', id: String(user._id) },
        unit: auditUnit(room),
        before: before ? { reason: before.reason, until: before.until } : null,
        after: { roomId: String(room._id), reason, until: input.until ?? null },
        requestId: actor.requestId,
        ip: actor.ip,
      },
      session,
    )
  })
  if (!saved) throw new Error('blockUser: transaction finished without a block')
  // notify: the blocked user, with the reason and the end of the block
  return toBlockView(saved, user.displayName)
}

/** Lifts a block; BLOCK_NOT_FOUND when there is none. Audited. */
export async function unblockUser(
  db: Connection,
  actor: Actor,
  input: { roomId: string; userId: string },
): Promise<void> {
  const room = await loadRoom(db, input.roomId)
  if (!Types.ObjectId.isValid(input.userId)) throw new DomainError('BLOCK_NOT_FOUND')
  const Blocks = roomBlockModel(db)
  await db.transaction(async (session) => {
    const removed = await Blocks.findOneAndDelete(
      { roomId: room._id, userId: new Types.ObjectId(input.userId) },
      { session },
    ).lean<RoomBlockDoc>()
    if (!removed) throw new DomainError('BLOCK_NOT_FOUND')
    await recordAudit(
      db,
      {
        actorId: actor.userId,
        action: 'room.unblock_user',
        target: { kind: 'user', id: input.userId },
        unit: auditUnit(room),
        before: { roomId: String(room._id), reason: removed.reason, until: removed.until },
        after: null,
        requestId: actor.requestId,
        ip: actor.ip,
      },
      session,
    )
  })
}

/** The room's blocks (current and expired ones not yet lifted), newest first. */
export async function listRoomBlocks(db: Connection, roomId: string): Promise<BlockView[]> {
  const room = await loadRoom(db, roomId)
  const blocks = await roomBlockModel(db)
    .find({ roomId: room._id })
    .sort({ createdAt: -1 })
    .limit(500)
    .lean<RoomBlockDoc[]>()
  const users = await userModel(db)
    .find({ _id: { $in: blocks.map((b) => b.userId) } }, { displayName: 1 })
    .lean()
  const names = new Map(users.map((u) => [String(u._id), u.displayName]))
  return blocks.map((b) => toBlockView(b, names.get(String(b.userId)) ?? '已注销用户'))
}
