/**
 * The retention sweeper: every `intervalMs` it deletes the jobs whose retention has passed, with their
 * images. The store decides what is expired (final jobs only), so an unfinished job is never swept.
 */
import type { JobStore } from '../jobs/types.js'
import type { Logger } from '../log.js'

export interface SweeperOptions {
  readonly store: JobStore
  readonly intervalMs: number
  readonly now: () => Date
  readonly logger: Logger
}

export interface Sweeper {
  /** One pass now; resolves with the deleted job ids. Passes never overlap. */
  sweep(): Promise<string[]>
  stop(): void
}

export function startSweeper(options: SweeperOptions): Sweeper {
  const { store, now, logger } = options
  let running: Promise<string[]> | undefined
  const sweep = (): Promise<string[]> =>
    (running ??= store
      .deleteExpired(now().toISOString())
      .then((ids) => {
        if (ids.length) logger.info({ deleted: ids.length }, 'retention sweep deleted expired jobs')
        return ids
      })
      .catch((err: unknown) => {
        logger.warn({ err }, 'retention sweep failed; retrying at the next interval')
        return []
      })
      .finally(() => (running = undefined)))
  const timer = setInterval(() => void sweep(), options.intervalMs) as unknown as NodeJS.Timeout
  timer.unref()
  return {
    sweep,
    stop: () => clearInterval(timer)
  }
}
