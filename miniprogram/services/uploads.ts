import Taro from '@tarojs/taro'
import { ApiError, parseErrorBody } from './api-error'
import { apiBase } from './request'
import { getToken } from './session'

/** POST /api/uploads/photos: the stored photo, metadata (location) already removed. */
export interface UploadedPhoto {
  key: string
  url: string
  width: number
  height: number
  bytes: number
  contentType: string
}

export const MAX_PHOTO_BYTES = 8 * 1024 * 1024

/** Lets the user pick up to `count` photos (camera or album); [] when they cancel. */
export async function choosePhotos(count: number): Promise<string[]> {
  try {
    const { tempFilePaths } = await Taro.chooseImage({
      count,
      sizeType: ['compressed'],
      sourceType: ['album', 'camera'],
    })
    return tempFilePaths
  } catch {
    return []
  }
}

/**
 * Uploads one picked photo (multipart, field `file`). Throws ApiError with the service's code
 * (e.g. PHOTO_TOO_LARGE, PHOTO_TYPE_UNSUPPORTED) or NETWORK.
 */
export async function uploadPhoto(filePath: string): Promise<UploadedPhoto> {
  const token = getToken()
  let response: { statusCode: number; data: string }
  try {
    response = await Taro.uploadFile({
      url: `${apiBase()}/api/uploads/photos`,
      filePath,
      name: 'file',
      header: token ? { Authorization: `Bearer ${token}` } : {},
    })
  } catch {
    throw new ApiError('NETWORK', 0)
  }
  let body: unknown
  try {
    body = JSON.parse(response.data)
  } catch {
    body = undefined
  }
  if (response.statusCode >= 200 && response.statusCode < 300) return body as UploadedPhoto
  throw parseErrorBody(response.statusCode, body)
}
