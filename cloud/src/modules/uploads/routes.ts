/**
 * Photo uploads: `POST /api/uploads/photos` (multipart, one file ≤ 8 MB, JPEG/PNG/WebP decided by
 * the bytes, metadata stripped) and `GET /api/uploads/photos/:key` (the stored bytes, cached forever:
 * a key never changes content). Multipart parsing is registered in this plugin's scope only.
 */
import multipart from '@fastify/multipart'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { DomainError } from '../../../../shared/errors'
import { access } from '../../plugins/route-access'
import { errorResponses, ImageResponse, PhotoKeyParamsSchema, UploadedPhotoSchema } from './schema'
import { getPhoto, storePhoto } from './service'

export const MAX_PHOTO_BYTES = 8 * 1024 * 1024

const uploadsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(multipart, {
    limits: {
      files: 1,
      fileSize: MAX_PHOTO_BYTES,
      fields: 4,
      fieldSize: 1024,
      parts: 5,
      headerPairs: 20,
    },
  })

  app.post(
    '/api/uploads/photos',
    {
      config: { access: access.user(), rateLimit: { max: 30, timeWindow: 60_000 } },
      schema: {
        tags: ['uploads'],
        summary: '上传照片 Upload a photo',
        description:
          'multipart/form-data，文件字段 `file`；仅 JPEG/PNG/WebP（按文件内容判断），≤ 8 MB；' +
          '位置等元数据会被去除 · One file field (`file`); JPEG/PNG/WebP judged by content; ' +
          '≤ 8 MB; location and other metadata removed.',
        consumes: ['multipart/form-data'],
        response: { 201: UploadedPhotoSchema, ...errorResponses(400, 401, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const auth = app.authz.requireAuth(request)
      if (!request.isMultipart()) {
        throw new DomainError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传照片')
      }
      const file = await request.file()
      if (!file) throw new DomainError('PHOTO_MISSING')
      let bytes: Buffer
      try {
        bytes = await file.toBuffer()
      } catch (error) {
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
          throw new DomainError('PAYLOAD_TOO_LARGE', '照片不能超过 8 MB')
        }
        throw error
      }
      if (bytes.length === 0) throw new DomainError('PHOTO_MISSING')
      const photo = await storePhoto(app.db, app.storage, {
        ownerId: auth.userId,
        bytes,
        publicUrl: app.config.publicUrl,
      })
      return reply.code(201).send(photo)
    },
  )

  app.get(
    '/api/uploads/photos/:key',
    {
      config: { access: access.public() },
      schema: {
        tags: ['uploads'],
        summary: '查看照片 A photo',
        params: PhotoKeyParamsSchema,
        response: { 200: ImageResponse, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const photo = await getPhoto(app.storage, request.params.key)
      return reply
        .type(photo.contentType)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'")
        .header('cross-origin-resource-policy', 'cross-origin')
        .send(photo.bytes)
    },
  )
}

export default uploadsRoutes
