import { Button, Input, Picker, Switch, Text, Textarea, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { CATEGORY_LABELS } from '@shared/domain/labels'
import { CATEGORIES } from '@shared/domain/types'
import { format, useStrings } from '@/i18n'
import {
  clearDraft,
  loadDraft,
  needsPetitioner,
  RAISE_LIMITS,
  raiseTopic,
  saveDraft,
  type RaiseDraft,
  type RaisedTopic,
  type RaiseSource,
} from '@/services/raise'
import { ApiError, LOGIN_PAGE } from '@/services/request'
import type { RoomPublic } from '@/services/rooms'
import { isLoggedIn, onSessionChange } from '@/services/session'
import {
  buildBody,
  canBeAnonymous,
  donePhotos,
  length,
  photosFromDraft,
  validate,
  type PhotoItem,
} from './form-model'
import PhotoPicker from './photo-picker'
import SimilarTopics, { useSimilarTopics } from './similar-topics'
import { STRINGS } from './strings'

const CATEGORY_NAMES = CATEGORIES.map((category) => CATEGORY_LABELS[category])

function Problem({ text }: { text?: string }) {
  return text ? <Text className="raise__error">{text}</Text> : null
}

/** The form itself: every change is saved as this room's draft; submitting clears it. */
export default function RaiseForm({
  room,
  source,
  onRaised,
}: {
  room: RoomPublic
  source: RaiseSource
  onRaised: (topic: RaisedTopic) => void
}) {
  const t = useStrings(STRINGS)
  const [initial] = useState(() => loadDraft(room.id))
  const [draft, setDraft] = useState<RaiseDraft>(initial)
  const [photos, setPhotos] = useState<PhotoItem[]>(() => photosFromDraft(initial.photos))
  const [loggedIn, setLoggedIn] = useState(isLoggedIn)
  const [checked, setChecked] = useState(false)
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<string | undefined>()
  const isWeapp = process.env.TARO_ENV === 'weapp'

  useDidShow(() => setLoggedIn(isLoggedIn()))
  useEffect(() => onSessionChange(() => setLoggedIn(isLoggedIn())), [])
  useEffect(() => {
    saveDraft(room.id, { ...draft, photos: donePhotos(photos) })
  }, [room.id, draft, photos])

  const similar = useSimilarTopics(room.id, draft.title, draft)
  const problems = checked ? validate(draft, photos, source, t) : {}
  const categoryIndex = draft.category ? CATEGORIES.indexOf(draft.category) : -1

  function change(patch: Partial<RaiseDraft>) {
    setDraft((current) => ({ ...current, ...patch }))
  }

  function goLogin() {
    void Taro.navigateTo({ url: LOGIN_PAGE })
  }

  async function locate() {
    try {
      const spot = await Taro.chooseLocation({})
      setDraft((current) => ({
        ...current,
        lat: spot.latitude,
        lng: spot.longitude,
        address: current.address.trim()
          ? current.address
          : Array.from(spot.address || spot.name || '')
              .slice(0, RAISE_LIMITS.addressMax)
              .join(''),
      }))
    } catch {
      // cancelled, or location not allowed: the address text is enough
    }
  }

  async function submit() {
    setChecked(true)
    if (Object.keys(validate(draft, photos, source, t)).length > 0) {
      setFailure(t.fixErrors)
      return
    }
    if (!isLoggedIn()) {
      setFailure(t.needLogin)
      goLogin()
      return
    }
    setFailure(undefined)
    setBusy(true)
    try {
      const topic = await raiseTopic(room.id, buildBody(draft, photos, source))
      clearDraft(room.id)
      onRaised(topic)
    } catch (error) {
      setBusy(false)
      if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') {
        setFailure(t.needLogin)
        goLogin()
      } else {
        setFailure(error instanceof ApiError ? error.message : '提交没有成功，请稍后重试')
      }
    }
  }

  return (
    <View className="raise__form">
      <Text className="raise__room">{format(t.raiseTo, { room: room.name })}</Text>
      {!loggedIn && (
        <View className="raise__login-note">
          <Text className="raise__hint">{t.loginNote}</Text>
          <Button className="raise__login" size="mini" onClick={goLogin}>
            {t.login}
          </Button>
        </View>
      )}

      <View className="raise__field">
        <Text className="raise__label">{t.category}</Text>
        <Picker
          className="raise__category"
          mode="selector"
          range={CATEGORY_NAMES}
          value={categoryIndex >= 0 ? categoryIndex : undefined}
          onChange={(event) => change({ category: CATEGORIES[Number(event.detail.value)] })}
        >
          <View className="raise__picker">
            <Text className={draft.category ? '' : 'raise__placeholder'}>
              {draft.category ? CATEGORY_LABELS[draft.category] : t.categoryPlaceholder}
            </Text>
          </View>
        </Picker>
        <Problem text={problems.category} />
      </View>

      <View className="raise__field">
        <Text className="raise__label">{t.title}</Text>
        <Input
          className="raise__title"
          value={draft.title}
          maxlength={RAISE_LIMITS.titleMax}
          placeholder={t.titlePlaceholder}
          onInput={(event) => change({ title: event.detail.value })}
        />
        <Text className="raise__counter">
          {format(t.counter, { n: length(draft.title), max: RAISE_LIMITS.titleMax })}
        </Text>
        <Problem text={problems.title} />
        <SimilarTopics items={similar} t={t} />
      </View>

      <View className="raise__field">
        <Text className="raise__label">{t.description}</Text>
        <Textarea
          className="raise__description"
          value={draft.description}
          maxlength={RAISE_LIMITS.descriptionMax}
          placeholder={t.descriptionPlaceholder}
          onInput={(event) => change({ description: event.detail.value })}
        />
        <Text className="raise__counter">
          {format(t.counter, { n: length(draft.description), max: RAISE_LIMITS.descriptionMax })}
        </Text>
        <Problem text={problems.description} />
      </View>

      <PhotoPicker
        items={photos}
        update={setPhotos}
        canUpload={loggedIn}
        problem={problems.photos}
        t={t}
      />

      <View className="raise__field">
        <Text className="raise__label">{t.place}</Text>
        <Input
          className="raise__address"
          value={draft.address}
          maxlength={RAISE_LIMITS.addressMax}
          placeholder={t.addressPlaceholder}
          onInput={(event) => change({ address: event.detail.value })}
        />
        {isWeapp && (
          <Button className="raise__locate" size="mini" onClick={() => void locate()}>
            {t.locate}
          </Button>
        )}
        {draft.lat !== undefined && (
          <View className="raise__located">
            <Text className="raise__hint">{t.located}</Text>
            <Button
              className="raise__unlocate"
              size="mini"
              onClick={() => change({ lat: undefined, lng: undefined })}
            >
              {t.clearLocation}
            </Button>
          </View>
        )}
        <Problem text={problems.address} />
      </View>

      {needsPetitioner(source) && (
        <View className="raise__field">
          <Text className="raise__label">{t.petitionerName}</Text>
          <Input
            className="raise__petitioner-name"
            value={draft.petitionerName}
            maxlength={RAISE_LIMITS.petitionerNameMax}
            placeholder={t.petitionerNamePlaceholder}
            onInput={(event) => change({ petitionerName: event.detail.value })}
          />
          <Problem text={problems.petitionerName} />
          <Text className="raise__label">{t.petitionerPhone}</Text>
          <Input
            className="raise__petitioner-phone"
            value={draft.petitionerPhone}
            maxlength={20}
            placeholder={t.petitionerPhonePlaceholder}
            onInput={(event) => change({ petitionerPhone: event.detail.value })}
          />
          <Problem text={problems.petitionerPhone} />
        </View>
      )}

      {canBeAnonymous(source) && (
        <View className="raise__field raise__switch-line">
          <View className="raise__switch-text">
            <Text className="raise__label">{t.anonymous}</Text>
            <Text className="raise__hint">{t.anonymousHint}</Text>
          </View>
          <Switch
            className="raise__anonymous"
            checked={draft.anonymous}
            onChange={(event) => change({ anonymous: event.detail.value === true })}
          />
        </View>
      )}

      {failure && <Text className="raise__failure">{failure}</Text>}
      <Button
        className="raise__submit"
        type="primary"
        disabled={busy || undefined}
        loading={busy || undefined}
        onClick={() => void submit()}
      >
        {busy ? t.submitting : t.submit}
      </Button>
    </View>
  )
}
