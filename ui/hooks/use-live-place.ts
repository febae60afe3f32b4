import { emit } from '@create-figma-plugin/utilities'
import { useCallback, useState } from 'preact/hooks'

import type { ModelView } from '../../src/protocol/api.js'
import type { GatewayClient } from '../../src/protocol/client.js'
import type { NotifyHandler, Settings } from '../../src/protocol/events.js'
import type { MaskMode, Output } from '../../src/protocol/options.js'
import { REALTIME_MODEL } from '../../src/protocol/realtime.js'
import { buildRelightParams } from '../lib/build-relight-params.js'
import { describeError } from '../lib/describe-error.js'
import { bytesOfDataUri } from '../lib/live-image.js'
import { requestInsertAsync } from '../lib/request-insert-async.js'
import type { LiveState } from './use-live.js'
import type { StartInput } from './use-relight-job.js'
import type { LayerView } from './use-selection.js'

export interface LivePlaceInput {
  readonly live: LiveState
  readonly layer: LayerView | undefined
  readonly settings: Settings
  readonly output: Output
  readonly maskMode?: MaskMode
  readonly models: readonly ModelView[]
  readonly client: GatewayClient
  readonly start: (input: StartInput) => Promise<void>
}

/**
 * Place for Live: the current frame's prompt, light and seed rendered at full size through an ordinary job
 * of the same model (the preview frame is only preview-sized), or the frame itself placed as it is.
 */
export function useLivePlace(input: LivePlaceInput): {
  readonly placing: boolean
  readonly error?: string
  readonly place: () => void
  readonly placeFrame: () => void
} {
  const [placing, setPlacing] = useState(false)
  const [error, setError] = useState<string | undefined>()
  const { live, layer, settings, output, maskMode, models, client, start } = input

  const place = useCallback(() => {
    const model = models.find((candidate) => candidate.id === REALTIME_MODEL)
    const frame = live.frame
    if (!layer || !model || !frame) return
    setError(undefined)
    // The seed fal reports for the frame: the same prompt, light and seed give the same image, larger.
    const params = {
      ...buildRelightParams(settings, model, output, maskMode),
      numImages: 1,
      seed: frame.seed
    }
    void start({ client, model, requests: [{ layerId: layer.id, params }] })
  }, [client, layer, live.frame, maskMode, models, output, settings, start])

  const placeFrame = useCallback(() => {
    const frame = live.frame
    if (!layer || !frame) return
    setPlacing(true)
    setError(undefined)
    requestInsertAsync({
      sourceId: layer.id,
      images: [bytesOfDataUri(frame.image)],
      params: {
        jobId: `live-${frame.id}`,
        model: REALTIME_MODEL,
        prompt: settings.prompt.trim(),
        lightSource: settings.lightSource,
        seed: frame.seed
      }
    })
      .then(() => emit<NotifyHandler>('NOTIFY', 'Placed the Live frame on the canvas.', { error: false }))
      .catch((failure: unknown) => setError(describeError(failure)))
      .finally(() => setPlacing(false))
  }, [layer, live.frame, settings.lightSource, settings.prompt])

  return { placing, ...(error ? { error } : {}), place, placeFrame }
}
