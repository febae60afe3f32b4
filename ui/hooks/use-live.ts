import { useCallback, useEffect, useRef, useState } from 'preact/hooks'

import { type LiveConnection, type LiveFrame, liveStatus, openLive } from '../../src/protocol/live-client.js'
import { describeError } from '../lib/describe-error.js'
import { settingsWords } from '../lib/settings-words.js'

export interface LiveParams {
  readonly prompt: string
  /** A seed the designer locked; otherwise the session's own. */
  readonly seed?: number
  readonly strength?: number
  readonly steps?: number
  readonly guidance?: number
  readonly negativePrompt?: string
}

export interface LiveState {
  /** Undefined while the gateway has not said yet. */
  readonly available: boolean | undefined
  /** Why Live cannot be turned on, in the gateway's words. */
  readonly reason?: string
  readonly on: boolean
  /** The newest frame, shown in place of the Studio preview. */
  readonly frame?: LiveFrame
  readonly fps: number
  /** A frame is with the gateway right now. */
  readonly busy: boolean
  readonly error?: string
  /** The seed every frame of this Live session uses, so Place can render the same image at full size. */
  readonly seed: number
}

export interface Live {
  readonly state: LiveState
  setOn(on: boolean): void
  /** Sends the Studio-lit layer (a data URI) with the current prompt; only the newest waits while one is out. */
  push(image: string, params: LiveParams): void
}

const newSeed = (): number => Math.floor(Math.random() * 2 ** 31)

/**
 * Live: fal's LCM frames through the gateway, following the prompt and the light as the designer changes
 * them. Availability comes from `GET /v1/realtime` (a gateway without a fal key, or with Live turned off,
 * says why); the connection opens when Live is turned on and closes when it is turned off.
 */
export function useLive(baseUrl: string, token: string | undefined, reachable = true): Live {
  const [available, setAvailable] = useState<{ ok: boolean | undefined; reason?: string }>({ ok: undefined })
  const [on, setOnState] = useState(false)
  const [frame, setFrame] = useState<LiveFrame | undefined>()
  const [fps, setFps] = useState(0)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | undefined>()
  const [seed, setSeed] = useState(newSeed)
  const connection = useRef<LiveConnection | undefined>()

  useEffect(() => {
    let current = true
    // An address Settings refuses is never requested.
    if (!reachable) {
      setAvailable({ ok: false, reason: 'Fix the gateway URL in Settings first.' })
      setOnState(false)
      return
    }
    setAvailable({ ok: undefined })
    const timer = setTimeout(() => {
      liveStatus({ baseUrl, words: settingsWords, ...(token ? { token } : {}) }).then(
        (status) =>
          current &&
          setAvailable({ ok: status.available, ...(status.reason ? { reason: status.reason } : {}) }),
        (failure: unknown) => current && setAvailable({ ok: false, reason: describeError(failure) })
      )
    }, 300)
    return () => {
      current = false
      clearTimeout(timer)
    }
  }, [baseUrl, token, reachable])

  useEffect(() => {
    if (!on || !reachable) return
    const live = openLive({
      baseUrl,
      words: settingsWords,
      ...(token ? { token } : {}),
      onFrame: (next) => {
        setFrame(next)
        setFps(live.fps())
        setError(undefined)
      },
      onError: (failure) => {
        setError(failure.message)
        if (failure.code === 'realtime_off') setOnState(false)
      },
      onInFlight: (id) => setBusy(id !== undefined)
    })
    connection.current = live
    return () => {
      live.close()
      connection.current = undefined
      setBusy(false)
    }
  }, [on, baseUrl, token, reachable])

  const setOn = useCallback((next: boolean) => {
    setOnState(next)
    setFrame(undefined)
    setFps(0)
    setError(undefined)
    if (next) setSeed(newSeed())
  }, [])

  const push = useCallback(
    (image: string, params: LiveParams) => {
      const prompt = params.prompt.trim()
      if (!connection.current || !prompt) return
      connection.current.send({
        image,
        prompt,
        seed: params.seed ?? seed,
        ...(params.negativePrompt ? { negativePrompt: params.negativePrompt } : {}),
        ...(params.strength === undefined ? {} : { strength: params.strength }),
        ...(params.steps === undefined ? {} : { steps: params.steps }),
        ...(params.guidance === undefined ? {} : { guidance: params.guidance })
      })
    },
    [seed]
  )

  return {
    state: {
      available: available.ok,
      ...(available.reason ? { reason: available.reason } : {}),
      on,
      ...(frame ? { frame } : {}),
      fps,
      busy,
      ...(error ? { error } : {}),
      seed
    },
    setOn,
    push
  }
}
