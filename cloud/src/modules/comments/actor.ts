/** Who acts on comments (for audit entries), and small helpers shared by the comments use cases. */
import { Types } from 'mongoose'
import { DomainError } from '../../../../shared/errors'

export interface Actor {
  userId: string
  requestId?: string
  ip?: string
}

/** The unit of something kept with `unitId` + `unitAncestors` (self included), for audit entries. */
export function auditUnit(doc: { unitId: Types.ObjectId; unitAncestors: Types.ObjectId[] }) {
  const unitId = String(doc.unitId)
  return {
    id: unitId,
    ancestors: doc.unitAncestors.map(String).filter((id) => id !== unitId),
  }
}

export function objectId(id: string, notFound: 'COMMENT_NOT_FOUND' | 'NOT_FOUND'): Types.ObjectId {
  if (!Types.ObjectId.isValid(id)) throw new DomainError(notFound)
  return new Types.ObjectId(id)
}

export function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 11000
}
