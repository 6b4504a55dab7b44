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
}

type Tag = 'div' | 'span' | 'button' | 'img' | 'input'

function standIn(tag: Tag, displayName: string) {
  const Component = forwardRef<HTMLElement, TaroLikeProps>(function TaroStandIn(props, ref) {
    const { className, style, id, children, onClick, onTap, disabled } = props
    const common = { ref, className, style, id, 'data-taro': displayName }
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
