import { emit } from '@create-figma-plugin/utilities'
import { useCallback, useEffect, useRef, useState } from 'preact/hooks'

import type { GatewayClient } from '../../src/protocol/client.js'
import type {
  ForgetJobsHandler,
  InsertedParams,
  NotifyHandler,
  RunFinishedHandler
} from '../../src/protocol/events.js'
import { createRequestId } from '../lib/create-request-id.js'
import { describeError } from '../lib/describe-error.js'
import type { HeldResults } from '../lib/relight-layer-async.js'
import { requestInsertAsync } from '../lib/request-insert-async.js'

/** One result waiting in the plugin for the designer to place or discard it. */
export interface TrayItem {
  /** `jobId:variation`, unique in the tray. */
  readonly key: string
  readonly jobId: string
  readonly sourceId: string
  readonly sourceName: string
  readonly params: InsertedParams
  /** Which of the job's images this is (its seed is the job's seed + this). */
  readonly variation: number
  readonly bytes: Uint8Array
  readonly url: string
  /** The source as it was sent, to compare against. */
  readonly originalUrl?: string
  /** Placed on the canvas already (shown, no longer selectable). */
  readonly placed: boolean
}

export interface ResultTray {
  readonly items: readonly TrayItem[]
  readonly selected: ReadonlySet<string>
  readonly inserting: boolean
  readonly error?: string
  readonly hold: (held: HeldResults) => void
  readonly toggle: (key: string) => void
  /** Places the given results (all of them when absent) as one undo step. */
  readonly insert: (keys?: readonly string[]) => Promise<void>
  readonly discard: () => void
}

function objectUrl(bytes: Uint8Array, type: string): string {
  return URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }))
}

/**
 * Results held back from the canvas until the designer picks: each new job's images join the tray selected,
 * so "Insert selected" right away places everything. Jobs stay remembered by the main thread until they are
 * placed or discarded, so closing the plugin loses nothing (they are offered again on the next open).
 */
export function useResultTray(client: GatewayClient): ResultTray {
  const [items, setItems] = useState<readonly TrayItem[]>([])
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set())
  const [inserting, setInserting] = useState(false)
  const [error, setError] = useState<string | undefined>(undefined)
  const itemsRef = useRef(items)
  itemsRef.current = items
  const urls = useRef<string[]>([])
  useEffect(() => () => urls.current.forEach((url) => URL.revokeObjectURL(url)), [])

  const hold = useCallback((held: HeldResults) => {
    const originalUrl =
      held.original !== undefined ? objectUrl(held.original.bytes, held.original.contentType) : undefined
    const added: TrayItem[] = held.images.map((image, variation) => ({
      key: `${held.params.jobId}:${variation}`,
      jobId: held.params.jobId,
      sourceId: held.sourceId,
      sourceName: held.sourceName,
      params: held.params,
      variation,
      bytes: image.bytes,
      url: objectUrl(image.bytes, image.contentType),
      ...(originalUrl !== undefined ? { originalUrl } : {}),
      placed: false
    }))
    urls.current.push(...added.map((item) => item.url), ...(originalUrl !== undefined ? [originalUrl] : []))
    setItems((current) => [...current, ...added])
    setSelected((current) => new Set([...current, ...added.map((item) => item.key)]))
    setError(undefined)
  }, [])

  const toggle = useCallback((key: string) => {
    setSelected((current) => {
      const next = new Set(current)
      if (next.has(key)) next.delete(key)
      else next.add(key)
      return next
    })
  }, [])

  const insert = useCallback(
    async (keys?: readonly string[]) => {
      const wanted = itemsRef.current.filter(
        (item) => !item.placed && (keys === undefined || keys.includes(item.key))
      )
      if (wanted.length === 0) return
      setInserting(true)
      const runId = createRequestId()
      const byJob = new Map<string, TrayItem[]>()
      for (const item of wanted) byJob.set(item.jobId, [...(byJob.get(item.jobId) ?? []), item])
      const placedKeys: string[] = []
      const errors: string[] = []
      const unplaceable: string[] = []
      for (const [jobId, group] of byJob) {
        const first = group[0]
        try {
          await requestInsertAsync({
            sourceId: first.sourceId,
            images: group.map((item) => item.bytes),
            params: first.params,
            variations: group.map((item) => item.variation),
            runId
          })
          placedKeys.push(...group.map((item) => item.key))
          // Best effort: the results are on the canvas; a failed mark only means they may be offered again.
          void client.markInserted(jobId).catch(() => undefined)
        } catch (reason) {
          // Figma refused the results or never answered: placing them again would fail the same way.
          unplaceable.push(jobId)
          errors.push(describeError(reason))
        }
      }
      // Everything placed by this click is selected together and undone as one step.
      emit<RunFinishedHandler>('RUN_FINISHED', runId)
      if (unplaceable.length > 0) emit<ForgetJobsHandler>('FORGET_JOBS', unplaceable)
      setItems((current) =>
        current
          .filter((item) => !unplaceable.includes(item.jobId))
          .map((item) => (placedKeys.includes(item.key) ? { ...item, placed: true } : item))
      )
      setSelected((current) => new Set([...current].filter((key) => !placedKeys.includes(key))))
      setInserting(false)
      setError(errors.length > 0 ? errors.join('\n') : undefined)
      if (placedKeys.length > 0) {
        const count = placedKeys.length
        emit<NotifyHandler>('NOTIFY', `Placed ${count} relit layer${count === 1 ? '' : 's'} on the canvas.`, {
          error: false
        })
      }
    },
    [client]
  )

  const discard = useCallback(() => {
    const current = itemsRef.current
    const placedJobs = new Set(current.filter((item) => item.placed).map((item) => item.jobId))
    const unplaced = [...new Set(current.map((item) => item.jobId))].filter((id) => !placedJobs.has(id))
    // Discarded jobs are not offered again on the next open.
    if (unplaced.length > 0) emit<ForgetJobsHandler>('FORGET_JOBS', unplaced)
    urls.current.forEach((url) => URL.revokeObjectURL(url))
    urls.current = []
    setItems([])
    setSelected(new Set())
    setError(undefined)
  }, [])

  return { items, selected, inserting, hold, toggle, insert, discard, ...(error ? { error } : {}) }
}
