/**
 * The organisation: `units` (city → district → town → village, parks, companies, sectors 界别 and
 * departments) and `rooms` (协商议事室) attached to units. The only org file importing mongoose.
 */
import type { Types } from 'mongoose'
import { Schema, type Connection, type Model } from 'mongoose'
import { UNIT_KINDS, type UnitKind } from '../../../../shared/domain/types'

export interface UnitDoc {
  _id: Types.ObjectId
  name: string
  kind: UnitKind
  parentId: Types.ObjectId | null
  /** Ancestor ids from the root down to the parent: subtree queries are one indexed `ancestors` match. */
  ancestors: Types.ObjectId[]
  /** Stable short code used by CSV imports to reference parents (e.g. `HA-QJP-CQ`). */
  code: string
  createdAt: Date
  updatedAt: Date
}

const unitSchema = new Schema<UnitDoc>(
  {
    name: { type: String, required: true, trim: true, maxlength: 60 },
    kind: { type: String, enum: UNIT_KINDS, required: true },
    parentId: { type: Schema.Types.ObjectId, default: null },
    ancestors: { type: [Schema.Types.ObjectId], default: [] },
    code: { type: String, required: true, trim: true, maxlength: 40 },
  },
  { collection: 'units', versionKey: false, timestamps: true },
)
// CSV import and admin lookups by code; unique so an import cannot create the same unit twice.
unitSchema.index({ code: 1 }, { unique: true })
// Subtree queries: "every unit under X" = `{ ancestors: X }` (multikey).
unitSchema.index({ ancestors: 1 })
// Tree browsing: "children of X" (`parentId`), ordered by name.
unitSchema.index({ parentId: 1, name: 1 })

export interface DutySlotDoc {
  userId: Types.ObjectId
  /** ISO weekday in Beijing time: 1 = Monday … 7 = Sunday (值班委员 rota). */
  weekday: number
}

export interface RoomDoc {
  _id: Types.ObjectId
  name: string
  unitId: Types.ObjectId
  /**
   * The unit's ancestors plus the unit itself, so "rooms within unit X's subtree" is one indexed
   * `{ unitAncestors: X }` query.
   */
  unitAncestors: Types.ObjectId[]
  /** Short scene code in the room's QR code (getwxacodeunlimit `scene`, ≤ 32 chars). */
  scene: string
  address?: string
  description?: string
  /** Supports that move a topic to screening automatically; null = no threshold. */
  supportThreshold: number | null
  /**
   * Duty rota of attached members. Who convenes or is attached (挂钩) is NOT stored here: the user's
   * grants (`{ role: 'convener' | 'member', roomId }`) are the one source of truth.
   */
  duty: DutySlotDoc[]
  archived: boolean
  createdAt: Date
  updatedAt: Date
}

const roomSchema = new Schema<RoomDoc>(
  {
    name: { type: String, required: true, trim: true, maxlength: 60 },
    unitId: { type: Schema.Types.ObjectId, required: true },
    unitAncestors: { type: [Schema.Types.ObjectId], default: [] },
    scene: { type: String, required: true, match: /^[A-Za-z0-9]{4,16}$/ },
    address: { type: String, maxlength: 120 },
    description: { type: String, maxlength: 500 },
    supportThreshold: { type: Number, default: null, min: 1 },
    duty: {
      type: [
        new Schema<DutySlotDoc>(
          {
            userId: { type: Schema.Types.ObjectId, required: true },
            weekday: { type: Number, required: true, min: 1, max: 7 },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    archived: { type: Boolean, default: false },
  },
  { collection: 'rooms', versionKey: false, timestamps: true },
)
// Opening a room from its QR code: by scene, unique so a code never opens two rooms.
roomSchema.index({ scene: 1 }, { unique: true })
// Rooms of a unit (`unitId`) and of a subtree (`unitAncestors`).
roomSchema.index({ unitId: 1 })
roomSchema.index({ unitAncestors: 1 })

export function unitModel(connection: Connection): Model<UnitDoc> {
  return (
    (connection.models.Unit as Model<UnitDoc> | undefined) ??
    connection.model<UnitDoc>('Unit', unitSchema)
  )
}

export function roomModel(connection: Connection): Model<RoomDoc> {
  return (
    (connection.models.Room as Model<RoomDoc> | undefined) ??
    connection.model<RoomDoc>('Room', roomSchema)
  )
}
