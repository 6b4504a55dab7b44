import { useCallback, useEffect, useRef, useState } from 'react'
import { ApiError } from '@/services/request'

export type Loaded<T> =
  { phase: 'loading' } | { phase: 'ready'; data: T } | { phase: 'failed'; message: string }

export function errorMessage(error: unknown, fallback: string): string {
  return error instanceof ApiError ? error.message : fallback
}

/**
 * One section's data, fetched whenever `key` changes (null: nothing to fetch). A refresh keeps
 * what is shown until the new answer arrives, so pull-down and actions do not flash the section.
 */
export function useLoaded<T>(
  key: string | null,
  fetch: () => Promise<T>,
  fallbackMessage: string,
): [Loaded<T>, () => void] {
  const [state, setState] = useState<Loaded<T>>({ phase: 'loading' })
  const [retries, setRetries] = useState(0)
  const latest = useRef({ fetch, fallbackMessage })
  latest.current = { fetch, fallbackMessage }
  const attempt = useRef(0)

  useEffect(() => {
    if (key === null) return
    const current = ++attempt.current
    setState((previous) => (previous.phase === 'ready' ? previous : { phase: 'loading' }))
    latest.current.fetch().then(
      (data) => {
        if (current === attempt.current) setState({ phase: 'ready', data })
      },
      (error: unknown) => {
        if (current !== attempt.current) return
        const message = errorMessage(error, latest.current.fallbackMessage)
        setState((previous) =>
          previous.phase === 'ready' ? previous : { phase: 'failed', message },
        )
      },
    )
  }, [key, retries])

  const retry = useCallback(() => {
    setState({ phase: 'loading' })
    setRetries((n) => n + 1)
  }, [])

  return [state, retry]
}
