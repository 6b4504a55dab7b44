/** What the format-specific strippers return: metadata-free bytes and the size as displayed. */
export interface CleanImage {
  bytes: Buffer
  width: number
  height: number
}

export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const
export type PhotoType = (typeof PHOTO_TYPES)[number]

/** File extension used in storage keys (helps anyone looking at the folder; never trusted). */
export const PHOTO_EXTENSIONS: Record<PhotoType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
}
