// Minimal DOM stand-ins for Taro's components, so pages render under jsdom with real DOM events.
import { createElement, forwardRef, type CSSProperties, type ReactNode } from 'react'

interface TaroLikeProps {
  className?: string
  style?: CSSProperties
  id?: string
  children?: ReactNode
  onClick?: () => void
  onTap?: () => void
  /** Input: Taro hands `{ detail: { value } }` to onInput. */
  onInput?: (event: { detail: { value: string } }) => void
  onConfirm?: () => void
  disabled?: boolean
  password?: boolean
  // Platform-only props are accepted (so pages type-check against the mock too) but not forwarded.
  size?: string
  type?: string
  mode?: string
  src?: string
  value?: string
  placeholder?: string
  openType?: string
  loading?: boolean
  /** Switch / Checkbox state. */
  checked?: boolean
  /** Switch, Picker, Slider, Textarea: Taro hands `{ detail: { value } }` to onChange. */
  onChange?: (event: { detail: { value: unknown } }) => void
  /** Picker (mode selector): the options, shown as a <select>. */
  range?: readonly unknown[]
  rangeKey?: string
  maxlength?: number
  min?: number
  max?: number
  step?: number
  name?: string
}

type Tag = 'div' | 'span' | 'button' | 'img' | 'input' | 'textarea'

function standIn(tag: Tag, displayName: string) {
  const Component = forwardRef<HTMLElement, TaroLikeProps>(function TaroStandIn(props, ref) {
    const { className, style, id, children, onClick, onTap, disabled } = props
    const common = { ref, className, style, id, 'data-taro': displayName }
    if (tag === 'textarea') {
      const { onInput, value, placeholder, maxlength } = props
      return createElement('textarea', {
        ...common,
        value: value ?? '',
        placeholder,
        disabled,
        maxLength: maxlength,
        onChange: (event: { target: { value: string } }) =>
          onInput?.({ detail: { value: event.target.value } }),
      })
    }
    if (tag === 'input') {
      const { onInput, onConfirm, value, placeholder, password } = props
      return createElement('input', {
        ...common,
        value: value ?? '',
        placeholder,
        disabled,
        type: password ? 'password' : 'text',
        onChange: (event: { target: { value: string } }) =>
          onInput?.({ detail: { value: event.target.value } }),
        onKeyDown: (event: { key: string }) => {
          if (event.key === 'Enter') onConfirm?.()
        },
      })
    }
    return createElement(
      tag,
      { ...common, onClick: onClick ?? onTap, ...(tag === 'button' ? { disabled } : {}) },
      children,
    )
  })
  Component.displayName = displayName
  return Component
}

export const View = standIn('div', 'View')
export const Text = standIn('span', 'Text')
export const Button = standIn('button', 'Button')
export const Image = standIn('img', 'Image')
export const Input = standIn('input', 'Input')
export const ScrollView = standIn('div', 'ScrollView')
export const Textarea = standIn('textarea', 'Textarea')

interface ChoiceProps {
  className?: string
  id?: string
  children?: ReactNode
  checked?: boolean
  disabled?: boolean
  value?: unknown
  range?: readonly unknown[]
  rangeKey?: string
  mode?: string
  min?: number
  max?: number
  step?: number
  onChange?: (event: { detail: { value: unknown } }) => void
}

/** Switch: a checkbox whose change hands `{ detail: { value: boolean } }`. */
export function Switch({ className, id, checked, disabled, onChange }: ChoiceProps) {
  return createElement('input', {
    className,
    id,
    type: 'checkbox',
    role: 'switch',
    'data-taro': 'Switch',
    checked: Boolean(checked),
    disabled,
    onChange: (event: { target: { checked: boolean } }) =>
      onChange?.({ detail: { value: event.target.checked } }),
  })
}

/**
 * Picker (selector mode): a <select> over `range` plus the children (what the page shows as the
 * trigger). Choosing hands `{ detail: { value: index } }` like the real picker; other modes
 * (date, time) hand the chosen string.
 */
export function Picker({
  className,
  id,
  children,
  range,
  rangeKey,
  mode,
  value,
  onChange,
}: ChoiceProps) {
  const options = (range ?? []).map((item, index) => {
    const label =
      rangeKey && item && typeof item === 'object'
        ? String((item as Record<string, unknown>)[rangeKey])
        : String(item)
    return createElement('option', { key: index, value: String(index) }, label)
  })
  const isSelector = mode === undefined || mode === 'selector'
  return createElement(
    'div',
    { className, id, 'data-taro': 'Picker' },
    isSelector
      ? createElement(
          'select',
          {
            'data-testid': id ? `${id}-select` : undefined,
            value: String(value ?? ''),
            onChange: (event: { target: { value: string } }) =>
              onChange?.({ detail: { value: Number(event.target.value) } }),
          },
          createElement('option', { value: '' }, ''),
          ...options,
        )
      : createElement('input', {
          'data-testid': id ? `${id}-input` : undefined,
          type: mode === 'date' ? 'date' : 'time',
          value: String(value ?? ''),
          onChange: (event: { target: { value: string } }) =>
            onChange?.({ detail: { value: event.target.value } }),
        }),
    children,
  )
}

/** Slider: a range input handing `{ detail: { value: number } }`. */
export function Slider({ className, id, value, min, max, step, disabled, onChange }: ChoiceProps) {
  return createElement('input', {
    className,
    id,
    type: 'range',
    'data-taro': 'Slider',
    value: Number(value ?? 0),
    min,
    max,
    step,
    disabled,
    onChange: (event: { target: { value: string } }) =>
      onChange?.({ detail: { value: Number(event.target.value) } }),
  })
}
