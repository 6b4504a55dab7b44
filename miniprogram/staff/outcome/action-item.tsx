import { Button, Input, Picker, Switch, Text, Textarea, View } from '@tarojs/components'
import { ACTION_TRACK_LABELS } from '@shared/domain/labels'
import { ACTION_TRACKS } from '@shared/domain/types'
import { format } from '@/i18n'
import { beijingToday, unitChoiceLabel, type UnitChoice } from '@/services/staff'
import type { ItemDraft, ItemField } from './form-model'
import type { OutcomeStrings } from './strings'

function Problem({ text }: { text?: string }) {
  return text ? <Text className="outcome__problem">{text}</Text> : null
}

/** One action item: what, owner unit, track, deadline, detail; removable. */
export default function ActionItemEditor({
  item,
  index,
  owners,
  problems,
  onChange,
  onRemove,
  t,
}: {
  item: ItemDraft
  index: number
  owners: UnitChoice[]
  problems: Partial<Record<ItemField, string>>
  onChange: (patch: Partial<ItemDraft>) => void
  onRemove: () => void
  t: OutcomeStrings
}) {
  const owner = owners.find((unit) => unit.id === item.ownerUnitId)
  return (
    <View className="outcome__item">
      <View className="outcome__item-head">
        <Text className="outcome__item-title">{format(t.item, { n: index + 1 })}</Text>
        <Button className="outcome__remove-item" onClick={onRemove}>
          {t.removeItem}
        </Button>
      </View>

      <Text className="outcome__label">{t.title}</Text>
      <Input
        className="outcome__input outcome__item-name"
        value={item.title}
        placeholder={t.titlePlaceholder}
        maxlength={100}
        onInput={(event) => onChange({ title: event.detail.value })}
      />
      <Problem text={problems.title} />

      <Text className="outcome__label">{t.owner}</Text>
      {owners.length === 0 ? (
        <Text className="outcome__muted">{t.noOwners}</Text>
      ) : (
        <Picker
          id={`outcome-owner-${index}`}
          className="outcome__owner"
          range={owners.map(unitChoiceLabel)}
          value={owner ? owners.indexOf(owner) : undefined}
          onChange={(event) => onChange({ ownerUnitId: owners[Number(event.detail.value)]?.id })}
        >
          <View className="outcome__picker">{owner ? unitChoiceLabel(owner) : t.pickOwner}</View>
        </Picker>
      )}
      <Problem text={problems.owner} />

      <Text className="outcome__label">{t.track}</Text>
      <View className="outcome__chips">
        {ACTION_TRACKS.map((track) => (
          <View
            key={track}
            className={`outcome__chip outcome__track--${track}${item.track === track ? ' outcome__chip--on' : ''}`}
            onClick={() =>
              onChange({ track, settledOnSpot: track === 'quick' && item.settledOnSpot })
            }
          >
            {ACTION_TRACK_LABELS[track]}
          </View>
        ))}
      </View>
      <Problem text={problems.track} />

      {item.track === 'quick' && (
        <View className="outcome__switch-line">
          <Text className="outcome__switch-label">{t.settled}</Text>
          <Switch
            className="outcome__settled"
            checked={item.settledOnSpot}
            onChange={(event) => onChange({ settledOnSpot: Boolean(event.detail.value) })}
          />
        </View>
      )}

      <Text className="outcome__label">{t.due}</Text>
      <Picker
        id={`outcome-due-${index}`}
        className="outcome__due"
        mode="date"
        value={item.dueDate}
        start={beijingToday()}
        onChange={(event) => onChange({ dueDate: String(event.detail.value) })}
      >
        <View className="outcome__picker">{item.dueDate || t.pickDue}</View>
      </Picker>
      {item.dueDate && (
        <Text className="outcome__link" onClick={() => onChange({ dueDate: '' })}>
          {t.clearDue}
        </Text>
      )}
      <Problem text={problems.due} />

      <Text className="outcome__label">{t.detail}</Text>
      <Textarea
        className="outcome__detail"
        value={item.detail}
        placeholder={t.detailPlaceholder}
        maxlength={2000}
        onInput={(event) => onChange({ detail: event.detail.value })}
      />
      <Problem text={problems.detail} />
    </View>
  )
}
