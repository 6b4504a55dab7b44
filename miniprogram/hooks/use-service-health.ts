import { useCallback, useEffect, useRef, useState } from 'react'
import { fetchHealth, type ServiceHealth } from '@/services/health'
import { ApiError } from '@/services/request'

export type HealthState =
  | { phase: 'loading' }
  | { phase: 'ready'; health: ServiceHealth }
  | { phase: 'failed'; message: string }

/** Loads GET /health on mount; `reload` resolves when the newest attempt has settled. */
export function useServiceHealth(): { state: HealthState; reload: () => Promise<void> } {
  const [state, setState] = useState<HealthState>({ phase: 'loading' })
  // Only the latest attempt may update the screen (a slow first call must not overwrite a retry).
  const attempt = useRef(0)

  const reload = useCallback(async () => {
    const id = ++attempt.current
    setState({ phase: 'loading' })
    try {
      const health = await fetchHealth()
      if (id === attempt.current) setState({ phase: 'ready', health })
    } catch (error) {
      const message = error instanceof ApiError ? error.message : '出了点问题，请稍后重试'
      if (id === attempt.current) setState({ phase: 'failed', message })
    }
  }, [])

  useEffect(() => {
    void reload()
  }, [reload])

  return { state, reload }
}
