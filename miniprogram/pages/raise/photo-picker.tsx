import { Button, Image, Text, View } from '@tarojs/components'
import { format } from '@/i18n'
import { RAISE_LIMITS } from '@/services/raise'
import { ApiError, apiBase } from '@/services/request'
import { choosePhotos, uploadPhoto } from '@/services/uploads'
import { photoId, type PhotoItem } from './form-model'
import type { RaiseStrings } from './strings'

type Update = (change: (items: PhotoItem[]) => PhotoItem[]) => void

/** The picked file while it is on the device; the stored photo after a restore (path or full URL). */
function preview(item: PhotoItem): string {
  if (item.path) return item.path
  if (item.status !== 'done') return ''
  return /^https?:\/\//.test(item.url) ? item.url : `${apiBase()}${item.url}`
}

/** Uploads one photo and records how it went on its own tile. */
async function upload(id: string, path: string, update: Update): Promise<void> {
  update((items) =>
    items.map((item) => (item.id === id ? { id, status: 'uploading', path } : item)),
  )
  try {
    const photo = await uploadPhoto(path)
    update((items) =>
      items.map((item) =>
        item.id === id ? { id, status: 'done', path, key: photo.key, url: photo.url } : item,
      ),
    )
  } catch (error) {
    const message = error instanceof ApiError ? error.message : '上传失败，请重试'
    update((items) =>
      items.map((item) => (item.id === id ? { id, status: 'failed', path, message } : item)),
    )
  }
}

/** Photos of the problem: pick (camera or album), upload each at once, retry or remove one. */
export default function PhotoPicker({
  items,
  update,
  canUpload,
  problem,
  t,
}: {
  items: PhotoItem[]
  update: Update
  canUpload: boolean
  problem?: string
  t: RaiseStrings
}) {
  const room = RAISE_LIMITS.photosMax - items.length

  async function add() {
    const paths = await choosePhotos(room)
    const fresh = paths
      .slice(0, room)
      .map((path): PhotoItem => ({ id: photoId(), status: 'uploading', path }))
    if (fresh.length === 0) return
    update((current) => [...current, ...fresh])
    await Promise.all(fresh.map((item) => upload(item.id, item.path ?? '', update)))
  }

  return (
    <View className="raise__field raise__photos">
      <Text className="raise__label">{format(t.photos, { max: RAISE_LIMITS.photosMax })}</Text>
      <View className="raise__photo-grid">
        {items.map((item) => (
          <View key={item.id} className={`raise__photo raise__photo--${item.status}`}>
            <Image className="raise__photo-image" mode="aspectFill" src={preview(item)} />
            {item.status === 'uploading' && (
              <Text className="raise__photo-status">{t.photoUploading}</Text>
            )}
            {item.status === 'failed' && (
              <View className="raise__photo-failed">
                <Text className="raise__photo-status">{t.photoFailed}</Text>
                <Button
                  className="raise__photo-retry"
                  size="mini"
                  onClick={() => void upload(item.id, item.path, update)}
                >
                  {t.photoRetry}
                </Button>
              </View>
            )}
            <Button
              className="raise__photo-remove"
              size="mini"
              onClick={() => update((current) => current.filter((other) => other.id !== item.id))}
            >
              {t.photoRemove}
            </Button>
          </View>
        ))}
        {room > 0 && canUpload && (
          <Button className="raise__photo-add" onClick={() => void add()}>
            {t.addPhoto}
          </Button>
        )}
      </View>
      {!canUpload && <Text className="raise__hint">{t.photoNeedsLogin}</Text>}
      {items.map((item) =>
        item.status === 'failed' ? (
          <Text key={item.id} className="raise__error">
            {item.message}
          </Text>
        ) : null,
      )}
      {problem && <Text className="raise__error">{problem}</Text>}
    </View>
  )
}
