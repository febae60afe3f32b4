/** Shared test helpers: a real gateway on a loopback port, fixtures, forms, SSE reading, doubles. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { deflateSync } from 'node:zlib'

import { afterAll } from 'vitest'

import { configWith, type GatewayConfig } from '../../src/gateway/env.js'
import type { GatewayOverrides } from '../../src/gateway/gateway.js'
import { encodeImage } from '../../src/gateway/images.js'
import type {
  ProviderContext,
  ProviderInput,
  ProviderResult,
  SyncProvider
} from '../../src/gateway/providers/contract.js'
import { type RunningGateway, startGateway } from '../../src/gateway/server.js'
import type { JobView } from '../../src/protocol/api.js'
import { fixtureBytes } from '../../testkit/fixtures.js'
import { relightForm } from '../../testkit/relight-form.js'
import { pngFile } from '../helpers/png.js'

export function fixture(name: 'bottle-alpha.png' | 'coffee.png'): Uint8Array {
  return fixtureBytes(name)
}

/** One temporary data directory per test file, so no test reads or writes the project's `.data`. */
const TEST_DATA_DIR = mkdtempSync(path.join(tmpdir(), 'relight-gateway-test-'))
afterAll(() => rmSync(TEST_DATA_DIR, { recursive: true, force: true }))

export function testConfig(overrides: Partial<GatewayConfig> = {}): GatewayConfig {
  return configWith({ host: '127.0.0.1', port: 0, logLevel: 'silent', dataDir: TEST_DATA_DIR, ...overrides })
}

/** The real server on 127.0.0.1, an ephemeral port. */
export function startTestGateway(
  config: Partial<GatewayConfig> = {},
  overrides: GatewayOverrides = {}
): Promise<RunningGateway> {
  return startGateway(testConfig(config), overrides)
}

export const STUDIO = { model: 'local/studio', prompt: 'warm sunset', lightSource: 'left' } as const

export { relightForm }

export async function submit(
  base: string,
  params: unknown,
  image: Uint8Array | null = fixture('coffee.png'),
  headers: Record<string, string> = {}
): Promise<Response> {
  const body = relightForm(params, image ?? undefined)
  return fetch(`${base}/v1/relight`, { method: 'POST', body, headers })
}

export async function submitOk(base: string, params: unknown, image?: Uint8Array): Promise<string> {
  const response = await submit(base, params, image)
  if (response.status !== 202) throw new Error(`submit: ${response.status} ${await response.text()}`)
  return ((await response.json()) as { id: string }).id
}

/** Reads the job's SSE stream to its end and returns the views it carried. */
export async function readEvents(base: string, id: string): Promise<{ views: JobView[]; raw: string }> {
  const response = await fetch(`${base}/v1/jobs/${id}/events`)
  if (!response.ok) throw new Error(`events: ${response.status}`)
  const raw = await response.text()
  const views = raw
    .split('\n\n')
    .flatMap((block) => block.split('\n').filter((line) => line.startsWith('data:')))
    .map((line) => JSON.parse(line.slice(5)) as JobView)
  return { views, raw }
}

export async function getJob(base: string, id: string): Promise<JobView> {
  return (await (await fetch(`${base}/v1/jobs/${id}`)).json()) as JobView
}

export async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/**
 * A valid 1-bit grayscale PNG of `width`×`height` black pixels: a few kB that inflate to `width*height`
 * pixels (a decompression bomb at 20000×20000).
 */
export function bombPng(width: number, height: number): Uint8Array {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr.set([1, 0, 0, 0, 0], 8) // bit depth 1, grayscale, deflate, filter 0, no interlace
  const raw = Buffer.alloc((1 + Math.ceil(width / 8)) * height) // every row: filter 0 + zero bits
  return pngFile(ihdr, deflateSync(raw, { level: 9 }))
}

/**
 * A slow provider double: each run waits until the test releases it (or the job is aborted), then returns
 * a gray PNG per requested image. It records which jobs started, in order.
 */
export class GatedProvider implements SyncProvider {
  readonly name = 'local' as const
  readonly kind = 'sync' as const
  readonly started: string[] = []
  readonly aborted: string[] = []
  readonly #gates = new Map<string, () => void>()

  async run(input: ProviderInput, ctx: ProviderContext): Promise<ProviderResult> {
    this.started.push(input.jobId)
    await new Promise<void>((resolve, reject) => {
      this.#gates.set(input.jobId, resolve)
      ctx.signal.addEventListener('abort', () => {
        this.aborted.push(input.jobId)
        reject(ctx.signal.reason)
      })
    })
    const { width, height } = input.image
    const gray = { width, height, data: new Uint8ClampedArray(width * height * 4).fill(127) }
    const image = await encodeImage(gray, input.params.outputFormat)
    return { images: Array.from({ length: input.params.numImages }, () => image) }
  }

  /** Lets the job's run finish; false while it has not started. */
  release(jobId: string): boolean {
    const open = this.#gates.get(jobId)
    open?.()
    return open !== undefined
  }
}
