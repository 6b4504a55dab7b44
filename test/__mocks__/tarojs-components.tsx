// Minimal DOM stand-ins for Taro's components, so pages render under jsdom with real DOM events.
import { createElement, forwardRef, type CSSProperties, type ReactNode } from 'react'

interface TaroLikeProps {
  className?: string
  style?: CSSProperties
  id?: string
  children?: ReactNode
  onClick?: () => void
  onTap?: () => void
  // Platform-only props are accepted (so pages type-check against the mock too) but not forwarded.
  size?: string
  type?: string
  mode?: string
  src?: string
  value?: string
  placeholder?: string
  disabled?: boolean
}

function standIn(tag: 'div' | 'span' | 'button' | 'img' | 'input', displayName: string) {
  const Component = forwardRef<HTMLElement, TaroLikeProps>(function TaroStandIn(props, ref) {
    const { className, style, id, children, onClick, onTap } = props
    return createElement(
      tag,
      { ref, className, style, id, onClick: onClick ?? onTap, 'data-taro': displayName },
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
