import { View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { useSettings } from '@/hooks/use-settings'
import PrivacyPopup from '@/components/privacy-popup'
import './index.css'

/**
 * The root of every page: applies the large-text mode (a class that raises `--text-scale`, which
 * every font size in our CSS multiplies by) and the page's own class, and carries the privacy popup
 * (shown only while WeChat holds a privacy API call of this page for the user's agreement).
 */
export default function PageShell({
  className,
  children,
}: {
  className?: string
  children?: ReactNode
}) {
  const { largeText } = useSettings()
  const classes = ['page-shell', largeText ? 'text-large' : '', className ?? '']
  return (
    <View className={classes.filter(Boolean).join(' ')}>
      {children}
      <PrivacyPopup />
    </View>
  )
}
