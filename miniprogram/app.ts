import type { PropsWithChildren } from 'react'
import { installRootFontSize } from './platform/h5-root-font-size'
import { installPrivacyGuide } from './components/privacy-popup/guide'
import './app.css'

// Compiled out of the mini program build: TARO_ENV is a build-time constant.
if (process.env.TARO_ENV === 'h5') installRootFontSize(window)
// WeChat's privacy guide: our popup (in PageShell) instead of WeChat's own, for privacy API calls.
if (process.env.TARO_ENV === 'weapp') installPrivacyGuide()

// The app shell renders the current page; global state (login) will hang off here later.
function App({ children }: PropsWithChildren) {
  return children
}

export default App
