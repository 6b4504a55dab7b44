/**
 * `scopeUnitIds` of a user — the units under which scoped administrators see them: the home unit,
 * every granted unit and the unit of every granted room. Recomputed by whoever changes a user's
 * unit or grants (users service, CSV import, demo seed).
 */
import { Types, type Connection } from 'mongoose'
import { roomModel } from '../org/model'
import type { UserDoc } from './model'

export async function computeScopeUnitIds(
  db: Connection,
  user: Pick<UserDoc, 'unitId' | 'grants'>,
): Promise<Types.ObjectId[]> {
  const ids = new Set<string>()
  if (user.unitId) ids.add(String(user.unitId))
  const roomIds: Types.ObjectId[] = []
  for (const grant of user.grants) {
    if (grant.unitId) ids.add(String(grant.unitId))
    if (grant.roomId) roomIds.push(grant.roomId)
  }
  if (roomIds.length > 0) {
    const rooms = await roomModel(db)
      .find({ _id: { $in: roomIds } }, { unitId: 1 })
      .lean()
    for (const room of rooms) ids.add(String(room.unitId))
  }
  return [...ids].map((id) => new Types.ObjectId(id))
}
