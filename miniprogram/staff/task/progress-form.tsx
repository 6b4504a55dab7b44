/** The owner unit's progress report: percent (quick buttons or slider), a note, photos; 100 = done. */
import { Button, Image, Slider, Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { format } from '@/i18n'
import { reportProgress, type ActionItemDetail } from '@/services/action-items'
import { ApiError } from '@/services/request'
import { choosePhotos, uploadPhoto } from '@/services/uploads'
import type { TaskStrings } from './strings'

const QUICK = [25, 50, 75, 100]
const MAX_PHOTOS = 9
/** Answers after which the item on screen is out of date. */
const STALE = new Set(['PERCENT_DECREASED', 'ACTION_ITEM_DONE', 'ILLEGAL_TRANSITION', 'CONFLICT'])

interface PickedPhoto {
  path: string
  key: string
}

export default function ProgressForm({
  item,
  t,
  onSaved,
}: {
  item: ActionItemDetail
  t: TaskStrings
  /** Reported (or found stale): read the item again. */
  onSaved: () => void
}) {
  const [percent, setPercent] = useState(item.percent)
  const [note, setNote] = useState('')
  const [photos, setPhotos] = useState<PickedPhoto[]>([])
  const [uploading, setUploading] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | undefined>()

  async function addPhotos() {
    const paths = await choosePhotos(MAX_PHOTOS - photos.length)
    if (paths.length === 0) return
    setUploading(true)
    setError(undefined)
    try {
      for (const path of paths) {
        const uploaded = await uploadPhoto(path)
        setPhotos((before) => [...before, { path, key: uploaded.key }])
      }
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : t.failedAction)
    } finally {
      setUploading(false)
    }
  }

  async function submit() {
    const text = note.trim()
    if (!text) {
      setError(t.noteRequired)
      return
    }
    if (percent === 100) {
      const { confirm } = await Taro.showModal({
        title: t.confirmDoneTitle,
        content: t.confirmDoneText,
        confirmText: t.confirmDoneTitle,
      })
      if (!confirm) return
    }
    setBusy(true)
    setError(undefined)
    try {
      await reportProgress(item.id, {
        percent,
        note: text,
        ...(photos.length > 0 ? { photoKeys: photos.map((photo) => photo.key) } : {}),
      })
      void Taro.showToast({ title: percent === 100 ? t.finished : t.submitted, icon: 'success' })
      setNote('')
      setPhotos([])
      onSaved()
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : t.failedAction)
      if (caught instanceof ApiError && STALE.has(caught.code)) onSaved()
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className="task__card task__progress">
      <Text className="task__section-title">{t.progressTitle}</Text>
      <Text className="task__muted">{format(t.percentNow, { n: item.percent })}</Text>
      <View className="task__quick">
        {QUICK.map((value) => (
          <Button
            key={value}
            className={`task__percent task__percent--${value}${percent === value ? ' task__percent--on' : ''}`}
            disabled={value < item.percent || undefined}
            onClick={() => setPercent(value)}
          >
            {value === 100 ? t.quickDone : `${value}%`}
          </Button>
        ))}
      </View>
      <Slider
        className="task__slider"
        min={item.percent}
        max={100}
        step={5}
        value={percent}
        onChange={(event) => setPercent(Math.max(item.percent, Number(event.detail.value)))}
      />
      <Text className="task__percent-new">{format(t.percentNew, { n: percent })}</Text>
      <Text className="task__muted">{t.percentHint}</Text>
      <Textarea
        className="task__note"
        value={note}
        maxlength={1000}
        placeholder={t.notePlaceholder}
        onInput={(event) => setNote(event.detail.value)}
      />
      <View className="task__photos">
        {photos.map((photo) => (
          <View key={photo.key} className="task__photo">
            <Image className="task__photo-img" mode="aspectFill" src={photo.path} />
            <Text
              className="task__photo-remove"
              onClick={() =>
                setPhotos((before) => before.filter((other) => other.key !== photo.key))
              }
            >
              {t.removePhoto}
            </Text>
          </View>
        ))}
      </View>
      {photos.length > 0 && (
        <Text className="task__muted">{format(t.photosCount, { n: photos.length })}</Text>
      )}
      {uploading && <Text className="task__muted">{t.uploading}</Text>}
      {photos.length < MAX_PHOTOS && (
        <Button
          className="task__add-photos"
          disabled={uploading || busy || undefined}
          onClick={() => void addPhotos()}
        >
          {t.addPhotos}
        </Button>
      )}
      {error && <Text className="task__error">{error}</Text>}
      <Button
        className="task__submit"
        type="primary"
        disabled={busy || uploading || undefined}
        onClick={() => void submit()}
      >
        {percent === 100 ? t.submitDone : t.submit}
      </Button>
    </View>
  )
}
