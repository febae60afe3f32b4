/**
 * The local Studio engine as a provider: in-process, synchronous, no key. One engine call per requested
 * image, each a variation of the light (`studioOptions(params, n, mask)`), encoded in the requested format.
 */
import { relight, studioOptions } from '../../engine/index.js'
import { encodeImage } from '../images.js'
import type { ProviderContext, ProviderInput, ProviderResult, SyncProvider } from './contract.js'

/** Lets cancels, progress events and other requests through between engine calls. */
const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

export function createStudioAdapter(): SyncProvider {
  return {
    name: 'local',
    kind: 'sync',
    async run(input: ProviderInput, ctx: ProviderContext): Promise<ProviderResult> {
      const { params, image, mask } = input
      const images = []
      for (let n = 0; n < params.numImages; n++) {
        await yieldToLoop()
        ctx.signal.throwIfAborted()
        const started = performance.now()
        const lit = relight(image, studioOptions(params, n, mask))
        images.push(await encodeImage(lit, params.outputFormat))
        const ms = Math.round(performance.now() - started)
        ctx.report({
          progress: (n + 1) / params.numImages,
          log: `Studio: image ${n + 1} of ${params.numImages} relit in ${ms} ms`
        })
      }
      return { images, ...(params.seed !== null ? { seed: params.seed } : {}) }
    }
  }
}
