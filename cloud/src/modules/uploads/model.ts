/**
 * `uploads`: one document per stored photo (the bytes live in the storage, see `cloud/src/storage/`).
 * A photo is referenced by its key from a topic (or later a meeting record); `usedAt` marks the first use.
 * The only uploads file importing mongoose.
 */
import { Schema, type Connection, type Model, type Types } from 'mongoose'

export interface UploadDoc {
  _id: Types.ObjectId
  /** The storage key (random, URL-safe); also the public id in `/api/uploads/photos/:key`. */
  key: string
  ownerId: Types.ObjectId
  bytes: number
  contentType: string
  width: number
  height: number
  createdAt: Date
  usedAt?: Date
}

const uploadSchema = new Schema<UploadDoc>(
  {
    key: { type: String, required: true },
    ownerId: { type: Schema.Types.ObjectId, required: true },
    bytes: { type: Number, required: true, min: 0 },
    contentType: { type: String, required: true },
    width: { type: Number, required: true, min: 0 },
    height: { type: Number, required: true, min: 0 },
    createdAt: { type: Date, required: true },
    usedAt: { type: Date },
  },
  { collection: 'uploads', versionKey: false },
)
// Serving a photo by key, and `resolveUploadedPhotos` ({ key: { $in }, ownerId }); unique = no two
// photos ever share a storage key.
uploadSchema.index({ key: 1 }, { unique: true })
// "My uploads", and a future clean-up of photos never used (ownerId + createdAt, usedAt unset).
uploadSchema.index({ ownerId: 1, createdAt: -1 })

export function uploadModel(connection: Connection): Model<UploadDoc> {
  return (
    (connection.models.Upload as Model<UploadDoc> | undefined) ??
    connection.model<UploadDoc>('Upload', uploadSchema)
  )
}
