/** Error codes of the uploads module, merged into the one catalogue in `shared/errors.ts`. */
export const UPLOADS_ERRORS = {
  PHOTO_NOT_FOUND: { status: 400, message: '照片不存在或不属于您，请重新上传' },
  PHOTO_TYPE_UNSUPPORTED: { status: 415, message: '仅支持 JPEG、PNG、WebP 格式的照片' },
  PHOTO_INVALID: { status: 400, message: '照片文件已损坏，无法读取' },
  PHOTO_MISSING: { status: 400, message: '请选择要上传的照片' },
} as const satisfies Record<string, { status: number; message: string }>
