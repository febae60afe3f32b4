/**
 * The local Studio engine as a provider: no key, synchronous to the gateway. One engine call per requested
 * image, each a variation of the light (`studioOptions(params, n, mask)`), computed on a worker thread (so
 * the event loop keeps serving other requests) and encoded here, in the requested format, as it arrives.
 */
import type { RgbaImage } from '../../engine/index.js'
import { encodeImage } from '../images.js'
import type { StoredImage } from '../jobs/types.js'
import type { ProviderContext, ProviderInput, ProviderResult, SyncProvider } from './contract.js'
import { DEFAULT_STUDIO_WORKERS, StudioPool } from './studio-pool.js'

export interface StudioAdapter extends SyncProvider {
  /** Stops the worker threads; the gateway calls it on close. */
  close(): Promise<void>
}

export interface StudioConfig {
  /** Worker threads, started on first use (default: min(2, cores)). */
  readonly workers?: number
}

/**
 * Relights `input` on a worker. The input's pixel buffers are transferred to the worker when they can be
 * (the caller must not read them afterwards).
 */
export function createStudioAdapter(config: StudioConfig = {}): StudioAdapter {
  const pool = new StudioPool(config.workers ?? DEFAULT_STUDIO_WORKERS)
  return {
    name: 'local',
    kind: 'sync',
    async run(input: ProviderInput, ctx: ProviderContext): Promise<ProviderResult> {
      const { params, image, mask, background } = input
      const encoded: Promise<StoredImage>[] = []
      let reported = Promise.resolve()
      const onImage = (n: number, lit: RgbaImage, ms: number, notes: readonly string[]): void => {
        // Every variation reaches the same decisions (the subject does not move): log them once.
        if (n === 0) for (const note of notes) ctx.report({ log: `Studio: ${note}` })
        const done = encodeImage(lit, params.outputFormat)
        encoded.push(done)
        // Encodes may finish out of order; progress is reported in order.
        reported = reported.then(() =>
          done.then(
            () => {
              if (ctx.signal.aborted) return
              ctx.report({
                progress: (n + 1) / params.numImages,
                log: `Studio: image ${n + 1} of ${params.numImages} relit in ${ms} ms`
              })
            },
            () => undefined // the failure surfaces through Promise.all below
          )
        )
      }
      await pool.run({
        image,
        mask,
        params,
        signal: ctx.signal,
        onImage,
        ...(background ? { background } : {})
      })
      const images = await Promise.all(encoded)
      await reported
      ctx.signal.throwIfAborted()
      return { images, ...(params.seed !== null ? { seed: params.seed } : {}) }
    },
    close: () => pool.close()
  }
}
