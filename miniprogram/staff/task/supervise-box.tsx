/** Supervisors (members, conveners, the office): a supervision note, and 催办 while the item is open. */
import { Button, Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import type { ActionItemDetail } from '@/services/action-items'
import { ApiError } from '@/services/request'
import { addSupervisionNote, remindActionItem } from '@/services/supervision'
import type { TaskAbilities } from './access'
import type { TaskStrings } from './strings'

export default function SuperviseBox({
  item,
  abilities,
  t,
  onChanged,
}: {
  item: ActionItemDetail
  abilities: TaskAbilities
  t: TaskStrings
  onChanged: () => void
}) {
  const [text, setText] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | undefined>()

  async function run(action: () => Promise<unknown>, done: string) {
    setBusy(true)
    setError(undefined)
    try {
      await action()
      void Taro.showToast({ title: done, icon: 'success' })
      onChanged()
      return true
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : t.failedAction)
      if (caught instanceof ApiError && caught.code === 'ACTION_ITEM_DONE') onChanged()
      return false
    } finally {
      setBusy(false)
    }
  }

  async function addNote() {
    const value = text.trim()
    if (!value) {
      setError(t.noteEmpty)
      return
    }
    if (await run(() => addSupervisionNote(item.id, value), t.noteAdded)) setText('')
  }

  async function remind() {
    const { confirm } = await Taro.showModal({
      title: t.confirmRemindTitle,
      content: t.confirmRemindText,
      confirmText: t.remind,
    })
    if (confirm) await run(() => remindActionItem(item.id), t.reminded)
  }

  if (!abilities.note && !abilities.remind) return null
  return (
    <View className="task__card task__supervise">
      <Text className="task__section-title">{t.superviseTitle}</Text>
      {abilities.note && (
        <>
          <Textarea
            className="task__note-input"
            value={text}
            maxlength={1000}
            placeholder={t.notePlaceholderSupervise}
            onInput={(event) => setText(event.detail.value)}
          />
          <Button
            className="task__add-note"
            disabled={busy || undefined}
            onClick={() => void addNote()}
          >
            {t.addNote}
          </Button>
        </>
      )}
      {abilities.remind && (
        <Button
          className="task__remind"
          type="warn"
          disabled={busy || undefined}
          onClick={() => void remind()}
        >
          {t.remind}
        </Button>
      )}
      {error && <Text className="task__error">{error}</Text>}
    </View>
  )
}
