// The load cycle a list page repeats: loading → ready, or 请先登录 when nobody is logged in, or a
// failure with a retry (and 无权 when the page says a FORBIDDEN answer means that). Only the latest
// load may set the state: an answer that arrives after a newer load started is dropped.
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import { ApiError } from '@/services/request'
import { isLoggedIn } from '@/services/session'

export type LoadedPage<T> =
  | { phase: 'loading' }
  | { phase: 'anonymous' }
  | { phase: 'forbidden' }
  | { phase: 'failed'; message: string }
  | { phase: 'ready'; data: T }

/** Every state but ready: what `PageStates` shows. */
export type PendingPage = Exclude<LoadedPage<unknown>, { phase: 'ready' }>

export interface LoadedPageOptions<A> {
  /** The failure text when the error carries no message of the service's. */
  failedText: string
  /** What `load` is called with when the page shows, is pulled down or retried (a tab, a filter). */
  arg?: A
  /** Load whenever the page shows (default), or only once when it mounts. */
  reloadOnShow?: boolean
  /** Reload on the pull-down gesture, then stop its spinner (default on). */
  pullToRefresh?: boolean
  /** Show the loading state again on every load, not only the first one. */
  loadingOnReload?: boolean
  /** A FORBIDDEN answer shows the forbidden state rather than the failure. */
  forbidden?: boolean
  /** Who may load: logged in (default), or a page's stricter test. */
  signedIn?: () => boolean
}

export interface LoadedPageResult<T, A> {
  state: LoadedPage<T>
  /** Loads again: with the given argument, or with the page's current `arg`. */
  reload: (...args: [] | [A]) => Promise<void>
}

export function useLoadedPage<T, A = undefined>(
  load: (arg: A) => Promise<T>,
  options: LoadedPageOptions<A>,
): LoadedPageResult<T, A> {
  const [state, setState] = useState<LoadedPage<T>>({ phase: 'loading' })
  const attempt = useRef(0)
  const latest = useRef({ load, options })
  latest.current = { load, options }

  const reload = useCallback(async (...args: [] | [A]) => {
    const { load: run, options: opts } = latest.current
    const signedIn = opts.signedIn ?? isLoggedIn
    const current = ++attempt.current
    if (!signedIn()) {
      setState({ phase: 'anonymous' })
      return
    }
    if (opts.loadingOnReload) setState({ phase: 'loading' })
    try {
      const data = await run(args.length > 0 ? (args[0] as A) : (opts.arg as A))
      if (current === attempt.current) setState({ phase: 'ready', data })
    } catch (error) {
      if (current !== attempt.current) return
      // The session ended meanwhile (e.g. refused as expired): ask to log in again.
      if (!signedIn()) {
        setState({ phase: 'anonymous' })
      } else if (opts.forbidden && error instanceof ApiError && error.code === 'FORBIDDEN') {
        setState({ phase: 'forbidden' })
      } else {
        const message = error instanceof ApiError ? error.message : opts.failedText
        setState({ phase: 'failed', message })
      }
    }
  }, [])

  const reloadOnShow = options.reloadOnShow !== false
  useDidShow(() => {
    if (reloadOnShow) void reload()
  })

  useEffect(() => {
    if (!reloadOnShow) void reload()
    // Once on mount: a page that does not reload on show loads here.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  usePullDownRefresh(() => {
    if (options.pullToRefresh === false) return
    void reload().finally(() => Taro.stopPullDownRefresh())
  })

  return { state, reload }
}
