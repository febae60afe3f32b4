import { useCallback, useEffect, useRef, useState } from 'preact/hooks'

import type { JobView } from '../../src/protocol/api.js'
import type { GatewayClient } from '../../src/protocol/client.js'
import { describeError } from '../lib/describe-error.js'

/** Relights listed at most: the gateway keeps them for its retention period (a day by default). */
const SHOWN = 20

export interface HistoryEntry {
  readonly job: JobView
  /** Object URL of the first result, once downloaded. */
  readonly thumbnail?: string
}

export interface History {
  readonly entries: readonly HistoryEntry[]
  readonly loading: boolean
  readonly error?: string
  readonly reload: () => void
}

/**
 * This designer's recent relights as the gateway keeps them (`GET /v1/jobs`, the caller's own jobs, newest
 * first): only those with results, so it works the same after Relight was closed or on another file.
 */
export function useHistory(client: GatewayClient, active: boolean): History {
  const [entries, setEntries] = useState<readonly HistoryEntry[]>([])
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState<string | undefined>(undefined)
  const [version, setVersion] = useState(0)
  const urls = useRef<string[]>([])
  useEffect(() => () => urls.current.forEach((url) => URL.revokeObjectURL(url)), [])

  useEffect(() => {
    if (!active) return
    let live = true
    setLoading(true)
    client
      .jobs()
      .then(async (list) => {
        const jobs = list.jobs
          .filter((job) => job.status === 'succeeded' && job.images.length > 0)
          .slice(0, SHOWN)
        if (!live) return
        setError(undefined)
        setEntries(jobs.map((job) => ({ job })))
        setLoading(false)
        // Thumbnails one after another: a long list must not flood the gateway.
        for (const job of jobs) {
          const bytes = await client.image(job.images[0].url).catch(() => undefined)
          if (!live || bytes === undefined) continue
          const url = URL.createObjectURL(
            new Blob([bytes as Uint8Array<ArrayBuffer>], { type: job.images[0].contentType })
          )
          urls.current.push(url)
          setEntries((current) =>
            current.map((entry) => (entry.job.id === job.id ? { ...entry, thumbnail: url } : entry))
          )
        }
      })
      .catch((reason: unknown) => {
        if (!live) return
        setLoading(false)
        setError(`Relight could not load your history: ${describeError(reason)}`)
      })
    return () => {
      live = false
    }
  }, [client, active, version])

  const reload = useCallback(() => setVersion((value) => value + 1), [])
  return { entries, loading, reload, ...(error !== undefined ? { error } : {}) }
}
