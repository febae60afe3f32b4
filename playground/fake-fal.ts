/**
 * `RELIGHT_PLAYGROUND_FAKE_FAL=1`: the playground runs the fal models (Live included) against the fake fal
 * servers the tests use, on loopback, with a made-up key: Live frames come from the fake realtime socket and
 * Place at full size goes through the fake queue. No fal account, no network.
 */
import type { GatewayConfig } from '../src/gateway/env.js'
import { realtimeSettings } from '../src/gateway/realtime/config.js'
import { type FakeFal, startFakeFal } from '../testkit/fakes/fal.js'
import { type FakeFalRealtime, startFakeFalRealtime } from '../testkit/fakes/fal-realtime.js'

/** Not a real key: the fakes only compare it. */
const PLAYGROUND_FAL_KEY = 'playground-fake-fal-key'

export interface PlaygroundFakeFal {
  /** Configuration to lay over the gateway's: the key and the fakes' URLs. */
  readonly config: Pick<GatewayConfig, 'keys' | 'providerUrls' | 'realtime'>
  /** The fakes themselves, for tests that look at what reached them. */
  readonly queue: FakeFal
  readonly realtime: FakeFalRealtime
  close(): Promise<void>
}

export function wantsFakeFal(env: Readonly<Record<string, string | undefined>>): boolean {
  return ['1', 'true', 'yes', 'on'].includes((env.RELIGHT_PLAYGROUND_FAKE_FAL ?? '').trim().toLowerCase())
}

export async function startPlaygroundFakeFal(
  base: GatewayConfig,
  renderMs = 120
): Promise<PlaygroundFakeFal> {
  const queue = await startFakeFal({ key: PLAYGROUND_FAL_KEY })
  const realtime = await startFakeFalRealtime({ key: PLAYGROUND_FAL_KEY, renderMs })
  return {
    config: {
      keys: { ...base.keys, FAL_KEY: PLAYGROUND_FAL_KEY },
      providerUrls: { ...base.providerUrls, fal: queue.url },
      realtime: {
        ...base.realtime,
        ...realtimeSettings({ FAL_REALTIME_URL: realtime.url, FAL_REST_URL: realtime.url }),
        enabled: base.realtime.enabled
      }
    },
    queue,
    realtime,
    async close() {
      await Promise.all([queue.close(), realtime.close()])
    }
  }
}
